#!/usr/bin/env python3
"""The benchmark harness: whole `vault` processes timed side by side with `true` and the stock
`age -d`, on a small vault (10 secrets, 5 agents) and a large one (10,000 secrets, 100 agents),
the reading agent holding 10 grants in both. Prints the medians and the ratios the performance
targets are stated in, each with pass or fail. Asserts nothing: it reports.

    scripts/bench.sh            (builds the release binaries, then runs this)

The ratios are those of the default build (`cargo install --path .`, dynamically linked); the
reads of a statically linked build of the same code are timed beside them.

Needs hyperfine, GNU time, age and curl (Debian packages `hyperfine`, `time`, `age`, `curl`;
`bubblewrap` for the sandbox's figures, which are left out without it),
and the release build of examples/bench-upstream.rs (bench.sh builds it).
"""

import hashlib
import json
import os
import random
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

VAULT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/release/vault")
STATIC = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else None
LOG_EVENTS = 1_000_000


def run(*cmd, env=None, stdin=None, out=subprocess.DEVNULL):
    return subprocess.run(cmd, env=env, input=stdin, stdout=out, check=True).stdout


def clean_env(home):
    env = {k: v for k, v in os.environ.items() if not k.startswith("VAULT_")}
    env["VAULT_HOME"] = home
    return env


def build_vault(home, secrets, agents):
    """A vault of `secrets` secrets and `agents` agents; agent `bench` holds 10 grants, every
    other agent 2."""
    env = clean_env(home)
    run(VAULT, "-q", "init", env=env)
    dotenv = "".join(f"SECRET_{i:05d}=value-{i:05d}-{'x' * 24}\n" for i in range(secrets))
    run(VAULT, "-q", "secret", "import", "-", env=env, stdin=dotenv.encode())
    for agent in ["bench"] + [f"agent{i:03d}" for i in range(1, agents)]:
        key = run(VAULT, "-q", "agent", "add", agent, env=env, out=subprocess.PIPE)
        with open(os.path.join(home, f"{agent}.key"), "wb") as f:
            os.fchmod(f.fileno(), 0o600)
            f.write(key)
        grants = range(10) if agent == "bench" else random.sample(range(secrets), 2)
        for i in grants:
            run(VAULT, "-q", "grant", "add", "--agent", agent, f"SECRET_{i:05d}", env=env)
    with open(os.path.join(home, "value.txt"), "w") as f:
        f.write("rotated-value")
    return home


class McpClient:
    """`vault mcp` driven as a client drives it: JSON-RPC lines over its stdin and stdout."""

    def __init__(self, home, *flags, cwd=None):
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [VAULT, "mcp", "--agent", "bench", "--key-file", f"{home}/bench.key", *flags],
            env=clean_env(home), stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=cwd)
        self.next_id = 1

    def request(self, method, params):
        request_id = self.next_id
        self.next_id += 1
        line = json.dumps({"jsonrpc": "2.0", "id": request_id, "method": method,
                           "params": params})
        self.process.stdin.write(line.encode() + b"\n")
        self.process.stdin.flush()
        while True:
            answer = json.loads(self.process.stdout.readline())
            if answer.get("id") == request_id and "method" not in answer:
                return answer

    def initialize(self):
        self.request("initialize", {"protocolVersion": "2025-11-25", "capabilities": {},
                                    "clientInfo": {"name": "bench", "version": "1"}})
        self.process.stdin.write(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n')
        self.process.stdin.flush()

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def mcp_figures(large, tmp, starts=30, calls=300, runs=20):
    """Start to `initialize` answered, a `list_secrets` round trip on the 10,000-secret vault,
    and `run` of `true` beside `vault exec --sandbox -- true` (or --proxy where there is no
    sandbox), all as a client sees them."""
    started = []
    for _ in range(starts):
        client = McpClient(large)
        client.initialize()
        started.append(time.perf_counter() - client.started)
        client.close()
    client = McpClient(large)
    client.initialize()
    listed = []
    for _ in range(calls):
        begun = time.perf_counter()
        answer = client.request("tools/call", {"name": "list_secrets", "arguments": {}})
        listed.append(time.perf_counter() - begun)
        assert not answer["result"]["isError"], answer
    client.close()
    work = os.path.join(tmp, "mcp-work")
    os.makedirs(work, exist_ok=True)
    sandbox = subprocess.run([VAULT, "exec", "--agent", "bench", "--sandbox", "--", "true"],
                             env=clean_env(large), cwd=work, stderr=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL).returncode == 0
    flags = [] if sandbox else ["--no-sandbox"]
    client = McpClient(large, *flags, cwd=work)
    client.initialize()
    exec_command = [VAULT, "-q", "exec", "--agent", "bench", "--key-file", f"{large}/bench.key",
                    "--sandbox" if sandbox else "--proxy", "--", "true"]
    ran, execs = [], []
    for _ in range(runs):
        begun = time.perf_counter()
        answer = client.request("tools/call", {"name": "run", "arguments": {"argv": ["true"]}})
        ran.append(time.perf_counter() - begun)
        assert answer["result"]["structuredContent"]["exit_code"] == 0, answer
        begun = time.perf_counter()
        run(*exec_command, env=clean_env(large))
        execs.append(time.perf_counter() - begun)
    client.close()
    return {
        "start": statistics.median(started),
        "list": statistics.median(listed),
        "run": statistics.median(ran),
        "exec": statistics.median(execs),
        "sandboxed": sandbox,
    }


def hyperfine(commands, env, rounds=12):
    """Median seconds of each command. The commands run in several rounds, in a new order each
    round, and the medians are taken over all runs: a machine's slow and fast phases then fall
    on every command alike, and the ratios between them hold."""
    times = {label: [] for label in commands}
    order = list(commands)
    for _ in range(rounds):
        random.shuffle(order)
        with tempfile.NamedTemporaryFile(suffix=".json") as export:
            run("hyperfine", "-N", "--warmup", "5", "--runs", "30", "--style", "none",
                "--export-json", export.name, *(commands[label] for label in order), env=env)
            results = json.load(open(export.name))["results"]
        for label, result in zip(order, results):
            times[label].extend(result["times"])
    return {label: statistics.median(t) for label, t in times.items()}


def rss_kib(cmd, env):
    """Peak RSS as GNU time sees it (rusage from Python would count the interpreter's pages)."""
    out = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], env=env, check=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return int(out.stderr.decode().split()[-1])


def timed(cmd, env):
    """Wall seconds and peak RSS (KiB) of one run."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M", *cmd], env=env, check=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds, rss = out.stderr.decode().split()[-2:]
    return float(seconds), int(rss)


def make_log(path, count):
    """A well-chained log of `count` reads, as vault writes them."""
    prev = "sha256:" + hashlib.sha256(b"").hexdigest()
    with open(path, "wb") as out:
        for seq in range(1, count + 1):
            line = json.dumps({
                "seq": seq, "ts": "2026-11-28T10:00:00.000Z", "event": "vault.accessed",
                "agent_id": f"agent{seq % 100}", "secret_id": "sec_abcdefghijklmnop",
                "secret_name": f"SECRET_{seq % 10000:05d}", "secret_ref": "sha256:" + "0" * 64,
                "grant_id": "grt_abcdefghijklmnop", "via": "agent-key", "pid": 4242,
                "prev": prev,
            }, separators=(",", ":")).encode()
            out.write(line + b"\n")
            prev = "sha256:" + hashlib.sha256(line).hexdigest()


def follow_latency(home, rounds=30):
    """From a `vault read` returning (its event appended) to `events --follow` printing it."""
    env = clean_env(home)
    child = subprocess.Popen([VAULT, "events", "--follow", "-n", "0", "--json"], env=env,
                             stdout=subprocess.PIPE)
    time.sleep(0.3)
    latencies = []
    for _ in range(rounds):
        run(VAULT, "read", "--agent", "bench", "SECRET_00003", env=env)
        appended = time.perf_counter()
        ready, _, _ = select.select([child.stdout], [], [], 5)
        if not ready:
            raise SystemExit("--follow showed nothing within 5 s")
        child.stdout.readline()
        latencies.append(time.perf_counter() - appended)
        time.sleep(random.uniform(0, 0.1))  # not in step with the follower's polling
    child.kill()
    child.wait()
    return statistics.median(latencies), max(latencies)


def masking_vault(home, secrets=50):
    """A vault whose agent `masker` holds `secrets` secrets, values like API keys."""
    env = clean_env(home)
    run(VAULT, "-q", "init", env=env)
    rng = random.Random(7)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    dotenv = "".join(
        f"MASKED_{i:02d}=sk-{''.join(rng.choice(alphabet) for _ in range(40))}\n"
        for i in range(secrets))
    run(VAULT, "-q", "secret", "import", "-", env=env, stdin=dotenv.encode())
    key = run(VAULT, "-q", "agent", "add", "masker", env=env, out=subprocess.PIPE)
    with open(os.path.join(home, "masker.key"), "wb") as f:
        os.fchmod(f.fileno(), 0o600)
        f.write(key)
    for i in range(secrets):
        run(VAULT, "-q", "grant", "add", "--agent", "masker", f"MASKED_{i:02d}", env=env)
    env["VAULT_AGENT_KEY_FILE"] = os.path.join(home, "masker.key")
    return env


def big_output(path, size=256 << 20):
    """`size` bytes of ordinary output: log-like lines with words, numbers, hex and base64."""
    rng = random.Random(3)
    words = ["GET", "POST", "/v1/chat", "200", "ok", "user", "request", "took", "ms", "id=",
             "token", "Bearer", "error", "retry", "json", "{", "}", "sk-", "key", "value"]
    with open(path, "wb") as out:
        block = "".join(
            " ".join(rng.choice(words) + str(rng.randint(0, 99999)) for _ in range(12)) + "\n"
            for _ in range(2000)).encode()
        written = 0
        while written < size:
            out.write(block[:size - written])
            written += len(block[:size - written])


def pipe_seconds(command, env, runs=5):
    """Median wall seconds of `command | cat > /dev/null`, output through a pipe as an agent's
    tool runner would read it."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(["sh", "-c", f"{command} | cat > /dev/null"], env=env, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


LINE_WRITER = """
import random, sys, time
for _ in range(300):
    sys.stdout.write(f"{time.monotonic()} a line of output\\n")
    sys.stdout.flush()
    time.sleep(random.uniform(0.001, 0.02))
"""


def line_latency(env):
    """From a line written by the program (its own clock) to the line read from `vault exec`'s
    stdout, masking on: median and 99th percentile, in seconds."""
    child = subprocess.Popen([VAULT, "exec", "--agent", "masker", "--", "python3", "-c",
                              LINE_WRITER], env=env, stdout=subprocess.PIPE)
    latencies = []
    for line in child.stdout:
        shown = time.monotonic()
        latencies.append(shown - float(line.split()[0]))
    child.wait()
    latencies.sort()
    return statistics.median(latencies), latencies[int(len(latencies) * 0.99) - 1]


def request_latency(env, rounds=10):
    """From `vault grant approve` returning to a waiting `vault read --wait` printing the value:
    median and worst, in seconds."""
    latencies = []
    for i in range(rounds):
        name = f"MASKED_{i:02d}"
        run(VAULT, "-q", "grant", "rm", "--agent", "masker", name, env=env)
        request = run(VAULT, "-q", "request", "--agent", "masker", name, env=env,
                      out=subprocess.PIPE).decode().strip()
        waiting = subprocess.Popen([VAULT, "read", "--agent", "masker", name, "--wait", "30s"],
                                   env=env, stdout=subprocess.PIPE)
        time.sleep(0.3)
        run(VAULT, "-q", "grant", "approve", request, env=env)
        approved = time.perf_counter()
        waiting.stdout.read()
        latencies.append(time.perf_counter() - approved)
        waiting.wait()
    return statistics.median(latencies), max(latencies)


def merge_seconds(large, tmp, runs=10):
    """Median seconds of `vault merge` on the large vault: each side set a secret of its own
    since the common base, on a machine (log) of its own."""
    identity = os.path.join(large, "identity.txt")
    base = os.path.join(tmp, "merge-base.age")
    shutil.copy(os.path.join(large, "vault.age"), base)
    sides = {}
    for side, name in (("ours", "SECRET_01000"), ("theirs", "SECRET_02000")):
        home = os.path.join(tmp, f"merge-{side}")
        os.mkdir(home, 0o700)
        sides[side] = os.path.join(home, "vault.age")
        shutil.copy(base, sides[side])
        run(VAULT, "-q", "--vault", sides[side], "--identity", identity, "--log",
            os.path.join(home, "events.jsonl"), "secret", "set", name, "--from-file",
            os.path.join(large, "value.txt"), env=clean_env(home))
    ours = os.path.join(tmp, "merge-ours.age")
    times = []
    for _ in range(runs):
        shutil.copy(sides["ours"], ours)
        started = time.perf_counter()
        run(VAULT, "-q", "--identity", identity, "merge", base, ours, sides["theirs"],
            env=clean_env(tmp))
        times.append(time.perf_counter() - started)
    return statistics.median(times)


UPSTREAM = os.path.abspath("target/release/examples/bench-upstream")


def curl_config(path, url, count):
    """A curl config of `count` requests to `url`, each written to /dev/null."""
    with open(path, "w") as f:
        for _ in range(count):
            f.write(f'url = "{url}"\noutput = "/dev/null"\n')


def routed_latency(env, port, ca, sequential, timing, times):
    """The same kept-alive requests with 100 routes to match on the upstream's host (TOKEN's
    64 pins, at most, the matching one last, and 36 of a second secret), GET only: the median
    latency (s). The pins are as they were after."""
    routes = [f"127.0.0.1:{port}/r{i}/*/x/**" for i in range(99)] + [f"127.0.0.1:{port}/v1/**"]
    token_routes, other_routes = routes[36:], routes[:36]
    run(VAULT, "-q", "secret", "add", "OTHER", *[a for r in other_routes for a in ("--host", r)],
        env=env, stdin=b"other-bench-value-0123456789abcdef")
    run(VAULT, "-q", "grant", "add", "--agent", "bench", "OTHER", env=env)
    run(VAULT, "-q", "secret", "hosts", "TOKEN", "--clear", "--method", "GET",
        *[a for r in token_routes for a in ("--add", r)], env=env)
    try:
        return statistics.median(times(run(
            VAULT, "exec", "--agent", "bench", "--proxy", "--upstream-ca", ca, "--", "sh", "-c",
            f'curl {timing} -H "Authorization: Bearer $TOKEN" -K {sequential}',
            env=env, out=subprocess.PIPE)))
    finally:
        run(VAULT, "-q", "grant", "rm", "--agent", "bench", "OTHER", env=env)
        run(VAULT, "-q", "secret", "hosts", "TOKEN", "--clear", "--method", "any", "--add",
            f"127.0.0.1:{port}", env=env)


def approval_latency(env, url, ca, rounds=10):
    """From `vault grant approve` returning to the held request's answer reaching curl
    (`grant add --approve`): median and worst, in seconds. The grant is as it was after."""
    run(VAULT, "-q", "grant", "add", "--agent", "bench", "TOKEN", "--approve", env=env)
    latencies = []
    try:
        for _ in range(rounds):
            held = subprocess.Popen(
                [VAULT, "exec", "--agent", "bench", "--proxy", "--upstream-ca", ca, "--", "sh",
                 "-c", f'curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" {url}; '
                       'date +%s.%N'], env=env, stdout=subprocess.PIPE)
            request = None
            while request is None:
                listed = json.loads(run(VAULT, "grant", "requests", "--json", env=env,
                                        out=subprocess.PIPE))
                request = next((r["request_id"] for r in listed
                                if r.get("kind") == "request"), None)
                time.sleep(0.02)
            run(VAULT, "-q", "grant", "approve", request, env=env)
            approved = time.time()
            done = float(held.stdout.read().decode().split()[-1])
            held.wait()
            latencies.append(done - approved)
    finally:
        run(VAULT, "-q", "grant", "add", "--agent", "bench", "TOKEN", env=env)
    return statistics.median(latencies), max(latencies)


def sigv4_latency(env, port, ca, sequential, times):
    """The same kept-alive requests signed by curl (`--aws-sigv4`) with placeholder AWS keys,
    which the proxy checks and signs again with the real pair (`secret add --aws-sigv4`):
    the median latency (s)."""
    run(VAULT, "-q", "secret", "add", "AWS_ACCESS_KEY_ID", "--host", f"127.0.0.1:{port}",
        env=env, stdin=AWS_ID.encode())
    run(VAULT, "-q", "secret", "add", "AWS_SECRET_ACCESS_KEY", "--host", f"127.0.0.1:{port}",
        "--aws-sigv4", "AWS_ACCESS_KEY_ID", env=env,
        stdin=b"wJalrXUtnFEMI/K7MDENG+bPxRfiCYBENCHSECRET")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        run(VAULT, "-q", "grant", "add", "--agent", "bench", name, env=env)
    try:
        return statistics.median(times(run(
            VAULT, "exec", "--agent", "bench", "--proxy", "--upstream-ca", ca, "--", "sh", "-c",
            'curl -s --http1.1 -w "%{http_code} %{time_total}\\n" --aws-sigv4 '
            f'aws:amz:us-east-1:s3 --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" '
            f'-K {sequential}', env=env, out=subprocess.PIPE)))
    finally:
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
            run(VAULT, "-q", "grant", "rm", "--agent", "bench", name, env=env)


AWS_ID = "AKIABENCHKEY00000001"


def proxy_figures(tmp, requests=1000, parallel=16, parallel_requests=8000):
    """The credential proxy: `requests` HTTPS requests over one kept-alive connection, direct
    and through `vault exec --proxy` (the value swapped into an Authorization header), and
    `parallel_requests` over `parallel` connections at once through the proxy. Returns the
    median added latency (s) and the requests per second."""
    home = os.path.join(tmp, "proxy")
    env = clean_env(home)
    value = "sk-bench-" + "".join(random.choice("abcdefghijklmnopqrstuvwxyz0123456789")
                                  for _ in range(40))
    ca = os.path.join(tmp, "upstream-ca.pem")
    upstream = subprocess.Popen([UPSTREAM, ca], stdout=subprocess.PIPE,
                                env=dict(os.environ, EXPECTED=value, EXPECTED_AWS_ID=AWS_ID))
    try:
        port = int(upstream.stdout.readline())
        url = f"https://127.0.0.1:{port}/v1/models"
        run(VAULT, "-q", "init", env=env)
        run(VAULT, "-q", "secret", "add", "TOKEN", "--host", f"127.0.0.1:{port}", env=env,
            stdin=value.encode())
        run(VAULT, "-q", "agent", "add", "bench", env=env, out=subprocess.PIPE)
        run(VAULT, "-q", "grant", "add", "--agent", "bench", "TOKEN", env=env)
        sequential = os.path.join(tmp, "sequential.curl")
        curl_config(sequential, url, requests)
        many = os.path.join(tmp, "parallel.curl")
        curl_config(many, url, parallel_requests)
        timing = '-s --http1.1 -w "%{http_code} %{time_total}\\n"'

        def times(out):
            lines = out.decode().split()
            codes, seconds = lines[0::2], [float(t) for t in lines[1::2]]
            assert set(codes) == {"200"}, f"the upstream refused some: {set(codes)}"
            return seconds[1:]  # the first one makes the connection

        direct = times(run("sh", "-c", f'curl {timing} --cacert {ca} '
                           f'-H "Authorization: Bearer $VALUE" -K {sequential}',
                           env=dict(env, VALUE=value), out=subprocess.PIPE))
        proxied = times(run(VAULT, "exec", "--agent", "bench", "--proxy", "--upstream-ca", ca,
                            "--", "sh", "-c", f'curl {timing} -H "Authorization: Bearer $TOKEN" '
                            f'-K {sequential}', env=env, out=subprocess.PIPE))
        routed = routed_latency(env, port, ca, sequential, timing, times)
        approval = approval_latency(env, url, ca)
        sigv4 = sigv4_latency(env, port, ca, sequential, times)
        # The same requests from inside the sandbox, through its listener to the same proxy.
        sandboxed = None
        if shutil.which("bwrap"):
            sandboxed = times(run(VAULT, "exec", "--agent", "bench", "--sandbox",
                                  "--upstream-ca", ca, "--allow-read", tmp, "--", "sh", "-c",
                                  f'curl {timing} -H "Authorization: Bearer $TOKEN" '
                                  f'-K {sequential}', env=env, out=subprocess.PIPE))
        added = statistics.median(proxied) - statistics.median(direct)
        # The status codes go to the benchmark's temporary directory, never the work tree.
        codes = os.path.join(tmp, "codes")

        def requests_per_second(prefix, options, environment):
            """`parallel_requests` over `parallel` connections at once, run by `prefix`."""
            script = (f'start=$(date +%s.%N); curl -s --http1.1 --parallel --parallel-max '
                      f'{parallel} {options} -w "%{{http_code}}\\n" -K {many} > {codes} '
                      f'2>/dev/null; end=$(date +%s.%N); echo "$start $end"; sort -u {codes}')
            out = run(*prefix, "sh", "-c", script, env=environment,
                      out=subprocess.PIPE).decode().split()
            start, end, seen = float(out[0]), float(out[1]), out[2:]
            assert seen == ["200"], f"the upstream refused some: {seen}"
            return parallel_requests / (end - start)

        parallel_direct = requests_per_second(
            [], f'--cacert {ca} -H "Authorization: Bearer $VALUE"', dict(env, VALUE=value))
        per_second = requests_per_second(
            [VAULT, "exec", "--agent", "bench", "--proxy", "--upstream-ca", ca, "--"],
            '-H "Authorization: Bearer $TOKEN"', env)
        starts = {
            "exec --no-mask -- true (proxy vault)":
                f"{VAULT} exec --agent bench --no-mask -- true",
            "exec --proxy -- true": f"{VAULT} exec --agent bench --proxy -- true",
        }
        if sandboxed is not None:
            starts["exec --sandbox -- true"] = f"{VAULT} exec --agent bench --sandbox -- true"
        starts = hyperfine(starts, env, rounds=4)
        return {
            "direct": statistics.median(direct),
            "proxied": statistics.median(proxied),
            "added": added,
            "per_second": per_second,
            "parallel_direct": parallel_direct,
            "sandboxed": None if sandboxed is None else statistics.median(sandboxed),
            "routed": routed,
            "approval": approval,
            "sigv4": sigv4,
            "starts": starts,
        }
    finally:
        upstream.kill()


def main():
    for tool in ("hyperfine", "age", "/usr/bin/time", "curl"):
        if not shutil.which(tool):
            raise SystemExit(f"needs {tool}: apt-get install hyperfine age time curl")
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        small = build_vault(os.path.join(tmp, "small"), 10, 5)
        large = build_vault(os.path.join(tmp, "large"), 10_000, 100)
        print(f"built the vaults in {time.perf_counter() - started:.0f} s "
              f"(large: {os.path.getsize(os.path.join(large, 'vault.age')) / 2**20:.1f} MiB)")

        agents = json.loads(run(VAULT, "agent", "list", "--json", env=clean_env(small),
                                out=subprocess.PIPE))
        bench_recipient = next(a["recipient"] for a in agents if a["agent_id"] == "bench")
        one = os.path.join(tmp, "one.age")
        run("age", "-e", "-r", bench_recipient, "-o", one, stdin=b"value-00003")

        big_log = os.path.join(tmp, "big.jsonl")
        make_log(big_log, LOG_EVENTS)

        def vault(home, *args, binary=VAULT):
            return " ".join([binary, "--vault", f"{home}/vault.age", "--identity",
                             f"{home}/identity.txt", "--log", f"{home}/events.jsonl", *args])

        agent_read = "read --agent bench --key-file {}/bench.key SECRET_00003"
        commands = {
            "true": "true",
            "agent read, 10 secrets": vault(small, agent_read.format(small)),
            "agent read, 10,000 secrets": vault(large, agent_read.format(large)),
            "age -d, one secret": f"age -d -i {small}/bench.key {one}",
            "operator read, 10,000 secrets": vault(large, "read --agent bench SECRET_00003"),
            "secret set, 10,000 secrets": vault(large, "secret set SECRET_00500 --from-file",
                                                f"{large}/value.txt"),
            # A secret the reading agent holds: that agent's part is sealed anew too.
            "secret set, granted, 10,000 secrets": vault(
                large, "secret set SECRET_00003 --from-file", f"{large}/value.txt"),
            "events -n 20, 1,000,000 events": f"{VAULT} --log {big_log} events -n 20",
        }
        if STATIC:
            commands["agent read, 10 secrets (static)"] = vault(
                small, agent_read.format(small), binary=STATIC)
            commands["agent read, 10,000 secrets (static)"] = vault(
                large, agent_read.format(large), binary=STATIC)
        if shutil.which("pass") and os.path.isdir(os.path.expanduser("~/.password-store")):
            commands["pass show"] = "pass show vault-bench"
        medians = hyperfine(commands, clean_env(small))

        print()
        print(f"{'command':40} {'median':>10}")
        for label, seconds in medians.items():
            print(f"{label:40} {seconds * 1000:8.2f} ms")
        if "pass show" not in medians:
            print(f"{'pass show':40} {'(pass not set up here)':>10}")

        imports = []
        for i in range(3):
            home = os.path.join(tmp, f"import{i}")
            run(VAULT, "-q", "init", env=clean_env(home))
            dotenv = os.path.join(tmp, "import.env")
            with open(dotenv, "w") as f:
                f.writelines(f"IMPORTED_{n:05d}=value-{n:05d}\n" for n in range(10_000))
            seconds, _ = timed([VAULT, "-q", "secret", "import", dotenv], clean_env(home))
            imports.append(seconds)
        read_rss = max(rss_kib(vault(large, agent_read.format(large)).split(), None)
                       for _ in range(5))
        no_identity = dict(clean_env(small), VAULT_LOG=big_log,
                           VAULT_IDENTITY=os.path.join(tmp, "none"))
        verify_seconds, verify_rss = timed([VAULT, "-q", "events", "verify"], no_identity)
        latency, worst = follow_latency(small)

        masking = masking_vault(os.path.join(tmp, "masking"))
        output = os.path.join(tmp, "output.txt")
        big_output(output)
        plain_pipe = pipe_seconds(f"cat {output}", masking)
        masked_pipe = pipe_seconds(f"{VAULT} exec --agent masker -- cat {output}", masking)
        unmasked_pipe = pipe_seconds(
            f"{VAULT} exec --agent masker --no-mask -- cat {output}", masking)
        line_median, line_p99 = line_latency(masking)
        request_median, request_worst = request_latency(masking)
        merge_median = merge_seconds(large, tmp)
        proxy = proxy_figures(tmp)
        mcp = mcp_figures(large, tmp)
        direct, proxied, added = proxy["direct"], proxy["proxied"], proxy["added"]
        per_second, sandboxed, starts = proxy["per_second"], proxy["sandboxed"], proxy["starts"]
        parallel_direct = proxy["parallel_direct"]
        exec_medians = hyperfine({
            "exec --no-mask -- true, 50 secrets":
                f"{VAULT} exec --agent masker --no-mask -- true",
            "exec -- true, 50 secrets masked": f"{VAULT} exec --agent masker -- true",
            "agent read, 50 secrets": f"{VAULT} read --agent masker MASKED_07",
        }, masking, rounds=4)

        print(f"{'secret import, 10,000 secrets':40} {statistics.median(imports) * 1000:8.0f} ms")
        print(f"{'events verify, 1,000,000 events':40} {verify_seconds * 1000:8.0f} ms, "
              f"peak RSS {verify_rss / 1024:.1f} MiB")
        print(f"{'peak RSS, agent read at 10,000':40} {read_rss / 1024:8.2f} MiB")
        print(f"{'follow: read to line shown':40} {latency * 1000:8.1f} ms median, "
              f"{worst * 1000:.1f} ms max")

        mib = (256 << 20) / 2**20
        print(f"{'cat 256 MiB into a pipe':40} {plain_pipe * 1000:8.0f} ms, "
              f"{mib / plain_pipe:.0f} MiB/s")
        print(f"{'exec --no-mask -- cat 256 MiB':40} {unmasked_pipe * 1000:8.0f} ms, "
              f"{mib / unmasked_pipe:.0f} MiB/s")
        print(f"{'exec -- cat 256 MiB, 50 secrets masked':40} {masked_pipe * 1000:8.0f} ms, "
              f"{mib / masked_pipe:.0f} MiB/s")
        print(f"{'masked exec: line written to shown':40} {line_median * 1000:8.1f} ms median, "
              f"{line_p99 * 1000:.1f} ms p99")
        for label, seconds in exec_medians.items():
            print(f"{label:40} {seconds * 1000:8.2f} ms")
        print(f"{'request approved to value (read --wait)':40} {request_median * 1000:8.1f} ms "
              f"median, {request_worst * 1000:.1f} ms max")

        print(f"{'merge, 10,000 secrets, 100 agents':40} {merge_median * 1000:8.2f} ms")
        print(f"{'HTTPS request, kept alive, direct':40} {direct * 1000:8.3f} ms median")
        print(f"{'the same through vault exec --proxy':40} {proxied * 1000:8.3f} ms median "
              f"(+{added * 1000:.3f} ms)")
        print(f"{'the same with 100 routes to match':40} {proxy['routed'] * 1000:8.3f} ms median "
              f"(+{(proxy['routed'] - proxied) * 1000:.3f} ms)")
        print(f"{'the same signed with AWS SigV4, again':40} {proxy['sigv4'] * 1000:8.3f} ms median "
              f"(+{(proxy['sigv4'] - proxied) * 1000:.3f} ms)")
        print(f"{'direct, 16 connections':40} {parallel_direct:8.0f} requests/s")
        print(f"{'through the proxy, 16 connections':40} {per_second:8.0f} requests/s")
        if sandboxed is not None:
            print(f"{'the same from inside exec --sandbox':40} {sandboxed * 1000:8.3f} ms median "
                  f"(+{(sandboxed - proxied) * 1000:.3f} ms over --proxy)")
        for label, seconds in starts.items():
            print(f"{label:40} {seconds * 1000:8.2f} ms")
        how = "--sandbox" if mcp["sandboxed"] else "--proxy (no sandbox here)"
        print(f"{'mcp: start to initialize answered':40} {mcp['start'] * 1000:8.2f} ms")
        print(f"{'mcp: list_secrets, 10,000 secrets':40} {mcp['list'] * 1000:8.2f} ms median")
        print(f"{'mcp: run true':40} {mcp['run'] * 1000:8.2f} ms, "
              f"exec {how} -- true {mcp['exec'] * 1000:.2f} ms")

        m = medians
        small_read = m["agent read, 10 secrets"]
        large_read = m["agent read, 10,000 secrets"]
        ratios = [
            ("1 agent read 10,000 / 10", large_read / small_read, 1.15),
            ("2 agent read 10,000 / true", large_read / m["true"], 2.2),
            ("3 agent read 10,000 / age -d", large_read / m["age -d, one secret"], 0.6),
            ("4 operator read 10,000 / agent read 10",
             m["operator read, 10,000 secrets"] / small_read, 8),
            ("5 secret set 10,000 / agent read 10", m["secret set, 10,000 secrets"] / small_read, 15),
            ("6a secret import 10,000 (s)", statistics.median(imports), 2),
            ("6b events -n 20 on 1M / true", m["events -n 20, 1,000,000 events"] / m["true"], 3),
            ("7 peak RSS of a read (MiB)", read_rss / 1024, 4),
            ("8a masked exec cat, MB/s (at least)", -(256 << 20) / masked_pipe / 1e6, -300),
            ("8b masked / plain pipe time", masked_pipe / plain_pipe, 8),
            ("8c masked line latency p99 (ms)", line_p99 * 1000, 50),
            ("9 merge 10,000 / secret set 10,000", merge_median / m["secret set, 10,000 secrets"],
             3),
            ("10a proxy: added latency, median (ms)", added * 1000, 0.2),
            ("10b proxy: requests/s, 16 conns (at least)", -per_second, -2000),
            ("10e route matching at 100 routes, added (ms)",
             (proxy["routed"] - proxied) * 1000, 0.05),
            ("10f approval to request answered, median (ms)", proxy["approval"][0] * 1000, 100),
            ("10g approval to request answered, worst (ms)", proxy["approval"][1] * 1000, 100),
            ("10h SigV4 request signed again, added (ms)",
             (proxy["sigv4"] - proxied) * 1000, 0.3),
            ("10d proxy / direct requests/s, 16 conns (at least)",
             -per_second / parallel_direct, -0.5),
            ("10c exec --proxy minus --no-mask (ms)",
             (starts["exec --proxy -- true"] - starts["exec --no-mask -- true (proxy vault)"])
             * 1000, 4),
        ]
        ratios += [
            ("12a mcp: list_secrets round trip (ms)", mcp["list"] * 1000, 2),
            ("12b mcp: start to initialize answered (ms)", mcp["start"] * 1000, 20),
            ("12c mcp: run true minus exec -- true (ms)", (mcp["run"] - mcp["exec"]) * 1000, 5),
        ]
        if sandboxed is not None:
            ratios += [
                ("11a exec --sandbox minus --proxy (ms)",
                 (starts["exec --sandbox -- true"] - starts["exec --proxy -- true"]) * 1000, 15),
                ("11b sandboxed request minus proxied (ms)", (sandboxed - proxied) * 1000, 0.3),
            ]
        if STATIC:
            static_large = m["agent read, 10,000 secrets (static)"]
            ratios += [
                ("1s static: agent read 10,000 / 10",
                 static_large / m["agent read, 10 secrets (static)"], 1.15),
                ("2s static: agent read 10,000 / true", static_large / m["true"], 2.2),
                ("3s static: agent read 10,000 / age -d",
                 static_large / m["age -d, one secret"], 0.6),
            ]
        print()
        print(f"{'target':42} {'measured':>9} {'limit':>7}")
        for label, value, limit in ratios:
            verdict = "pass" if value <= limit else "FAIL"
            # A floor is kept as a negated ceiling; it is shown as it is.
            print(f"{label:42} {abs(value):9.2f} {abs(limit):7.2f}  {verdict}")


if __name__ == "__main__":
    main()
