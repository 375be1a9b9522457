#!/usr/bin/env python3
"""The audit log's figures: `events -n 20` and the start of `--follow` on a 1,000,000-event log,
`events verify` of it (time and peak memory), and how soon `--follow` shows a new event.

    scripts/bench_log.py [path/to/vault]      (default: target/release/vault)

Needs hyperfine and GNU time (Debian packages `hyperfine` and `time`). Prints numbers; asserts
nothing.
"""

import hashlib
import json
import os
import random
import select
import statistics
import subprocess
import sys
import tempfile
import time

EVENTS = 1_000_000


def make_log(path, count):
    """A well-chained log of `count` reads, as vault would write it."""
    prev = "sha256:" + hashlib.sha256(b"").hexdigest()
    with open(path, "wb") as out:
        for seq in range(1, count + 1):
            line = json.dumps(
                {
                    "seq": seq,
                    "ts": "2026-11-28T10:00:00.000Z",
                    "event": "vault.accessed",
                    "agent_id": f"agent{seq % 100}",
                    "secret_id": "sec_abcdefghijklmnop",
                    "secret_name": f"SECRET_{seq % 10000}",
                    "secret_ref": "sha256:" + "0" * 64,
                    "grant_id": "grt_abcdefghijklmnop",
                    "via": "agent-key",
                    "pid": 4242,
                    "prev": prev,
                },
                separators=(",", ":"),
            ).encode()
            out.write(line + b"\n")
            prev = "sha256:" + hashlib.sha256(line).hexdigest()


def run_measured(cmd, env):
    """Wall time (s), peak RSS (KiB) and exit code of one run, as GNU time sees them: rusage
    taken from Python would count the interpreter's pages copied at fork."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M %x", *cmd], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed, rss, code = out.stderr.decode().split()[-3:]
    return float(elapsed), int(rss), int(code)


def follow_start(vault, env, runs=20):
    """Time until `events --follow -n 20` has printed its 20 lines."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen([vault, "events", "--follow", "-n", "20", "--json"], env=env,
                                 stdout=subprocess.PIPE)
        for _ in range(20):
            child.stdout.readline()
        times.append(time.perf_counter() - start)
        child.kill()
        child.wait()
    return statistics.median(times)


def follow_latency(vault, env, rounds=30):
    """From a `vault read` returning (its event appended) to `--follow` printing that event."""
    child = subprocess.Popen([vault, "events", "--follow", "-n", "0", "--json"], env=env,
                             stdout=subprocess.PIPE)
    time.sleep(0.3)
    latencies = []
    for _ in range(rounds):
        subprocess.run([vault, "read", "--agent", "bench", "TOKEN"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        appended = time.perf_counter()
        ready, _, _ = select.select([child.stdout], [], [], 5)
        if not ready:
            raise SystemExit("--follow showed nothing within 5 s")
        child.stdout.readline()
        latencies.append(time.perf_counter() - appended)
        # At random moments, not in step with the follower's polling.
        time.sleep(random.uniform(0, 0.1))
    child.kill()
    child.wait()
    return statistics.median(latencies), max(latencies)


def main():
    vault = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/release/vault")
    with tempfile.TemporaryDirectory() as tmp:
        home = os.path.join(tmp, "vh")
        env = dict(os.environ, VAULT_HOME=home)
        for var in ("VAULT_FILE", "VAULT_IDENTITY", "VAULT_LOG", "VAULT_AGENT_KEY",
                    "VAULT_AGENT_KEY_FILE"):
            env.pop(var, None)
        subprocess.run([vault, "-q", "init"], env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([vault, "-q", "secret", "add", "TOKEN"], env=env, check=True,
                       input=b"t", stdout=subprocess.DEVNULL)
        subprocess.run([vault, "-q", "agent", "add", "bench"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run([vault, "-q", "grant", "add", "--agent", "bench", "TOKEN"], env=env,
                       check=True, stdout=subprocess.DEVNULL)
        median, worst = follow_latency(vault, env)
        print(f"follow latency (read returns -> line printed): median {median * 1000:.1f} ms, "
              f"max {worst * 1000:.1f} ms")

        big = os.path.join(tmp, "big.jsonl")
        started = time.perf_counter()
        make_log(big, EVENTS)
        size = os.path.getsize(big)
        print(f"generated {EVENTS:,} events, {size / 2**20:.0f} MiB, in "
              f"{time.perf_counter() - started:.1f} s")
        # Chain only: this log was not written by the vault in VAULT_HOME.
        big_env = dict(env, VAULT_LOG=big, VAULT_IDENTITY=os.path.join(tmp, "none"))
        subprocess.run(["hyperfine", "-N", "--warmup", "5", "--style", "basic",
                        "true", f"{vault} events -n 20"], env=big_env, check=True)
        print(f"follow start (-n 20 printed): median {follow_start(vault, big_env) * 1000:.1f} ms")
        for _ in range(2):
            elapsed, rss, code = run_measured([vault, "-q", "events", "verify"], big_env)
            print(f"events verify: {elapsed:.2f} s, peak RSS {rss / 1024:.1f} MiB, exit {code}")


if __name__ == "__main__":
    main()
