//! `vault exec --sandbox` and `vault sandbox check`: a program inside attacks the sandbox, each
//! escape tried and failing, while what it is for (a pinned request through the proxy, curl,
//! git, Python, a terminal, signals, exit codes) keeps working. Every network target is on
//! loopback; the listeners "outside" are the test's own.

use std::fs;
use std::io::{BufRead, BufReader};
use std::net::{TcpListener, UdpSocket};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::proxy::{Fixture, Upstream, assert_program_never_saw_the_value, header, text, value};
use crate::support::*;

/// A fixture whose program runs in the sandbox from `work/` (the test's directory holds the
/// home, which a sandbox may not be started above), with the agent's key by its path.
struct Jail {
    fixture: Fixture,
    work: PathBuf,
    key: PathBuf,
}

impl Jail {
    fn new() -> Option<Self> {
        if !can_sandbox() {
            return None;
        }
        let fixture = Fixture::new()?;
        let work = fixture.sandbox.path("work");
        fs::create_dir(&work).unwrap();
        let key = fixture.sandbox.path("bot.key");
        Some(Self { fixture, work, key })
    }

    fn home(&self) -> PathBuf {
        self.fixture.sandbox.path("home")
    }

    /// `vault exec --sandbox --agent bot [FLAGS] -- sh -c SCRIPT` from `work/`.
    fn command(&self, flags: &[&str], script: &str) -> assert_cmd::Command {
        let mut command = self.fixture.sandbox.vault(self.exec_args(flags, script));
        command
            .current_dir(&self.work)
            .env("UP", self.fixture.url(""))
            .env("PORT", self.fixture.upstream.port.to_string())
            .timeout(Duration::from_secs(60));
        command
    }

    fn run(&self, flags: &[&str], script: &str) -> Output {
        self.command(flags, script).output().unwrap()
    }

    /// `exec --agent bot --sandbox [FLAGS] -- sh -c SCRIPT`, with the key and the upstream's CA.
    fn exec_args(&self, flags: &[&str], script: &str) -> Vec<std::ffi::OsString> {
        let mut args: Vec<std::ffi::OsString> =
            ["exec", "--agent", "bot", "--sandbox", "--key-file"]
                .map(Into::into)
                .into();
        args.push(self.key.clone().into());
        args.push("--upstream-ca".into());
        args.push(self.fixture.sandbox.path("ca.pem").into());
        args.extend(flags.iter().map(Into::into));
        args.extend(["--", "sh", "-c", script].map(Into::into));
        args
    }
}

fn said(out: &Output) -> String {
    format!(
        "{}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        text(&out.stdout),
        text(&out.stderr)
    )
}

#[test]
fn a_pinned_request_goes_through_and_nothing_else_leaves() {
    let Some(jail) = Jail::new() else {
        return;
    };
    let outside = TcpListener::bind("127.0.0.1:0").unwrap();
    let udp = UdpSocket::bind("127.0.0.1:0").unwrap();
    udp.set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    let script = format!(
        r#"curl -sS -H "Authorization: Bearer $TOKEN" "$UP/through"; echo
        curl -sS --noproxy '*' --max-time 5 "$UP/direct" 2>&1 | tail -c 40; echo "direct: $?"
        python3 - <<'PY'
import socket
for what, make, address in [
    ("tcp", lambda: socket.create_connection(("127.0.0.1", {tcp}), timeout=3), None),
    ("upstream", lambda: socket.create_connection(("127.0.0.1", {up}), timeout=3), None),
]:
    try:
        make(); print(what, "CONNECTED")
    except OSError as err:
        print(what, "refused", err.errno)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(b"escape", ("127.0.0.1", {udp}))
# Names are answered inside, from the pool the sandbox routes to the proxy: no lookup leaves.
try:
    address = socket.getaddrinfo("example.com", 443, socket.AF_INET)[0][4][0]
    print("dns from the pool", address.startswith("127.128."))
except OSError:
    print("dns FAILED")
try:
    socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP); print("raw OPENED")
except OSError:
    print("raw refused")
print("interfaces", sorted(name for _, name in socket.if_nameindex()))
PY"#,
        tcp = outside.local_addr().unwrap().port(),
        up = jail.fixture.upstream.port,
        udp = udp.local_addr().unwrap().port(),
    );
    let out = jail.run(&[], &script);
    let shown = text(&out.stdout);
    assert!(out.status.success(), "{}", said(&out));
    assert_program_never_saw_the_value(&out);
    assert!(shown.starts_with("ok\n"), "{}", said(&out));
    for line in [
        "tcp refused",
        "upstream refused",
        "dns from the pool True",
        "raw refused",
        "interfaces ['lo']",
    ] {
        assert!(shown.contains(line), "{line}: {}", said(&out));
    }
    assert!(!shown.contains("CONNECTED") && !shown.contains("FAILED"));
    let mut buf = [0u8; 16];
    assert!(udp.recv(&mut buf).is_err(), "a UDP packet got out");
    outside.set_nonblocking(true).unwrap();
    assert!(outside.accept().is_err(), "a TCP connection got out");
    // The one request that reached the upstream is the proxied one, with the value in.
    let requests = jail.fixture.upstream.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(
        header(&requests[0], "authorization").unwrap(),
        format!("Bearer {}", value())
    );
    // One vault.sandboxed, before the program: what held, which names were dropped.
    let sandboxed = jail.fixture.events("vault.sandboxed");
    assert_eq!(sandboxed.len(), 1);
    assert_eq!(sandboxed[0]["home"], "private");
    let protections = sandboxed[0]["protections"].as_array().unwrap();
    for protection in ["namespaces", "network-proxy-only", "syscall-filter"] {
        assert!(
            protections.iter().any(|p| p == protection),
            "{protections:?}"
        );
    }
}

#[test]
fn the_vault_the_key_and_the_logs_are_out_of_sight_by_their_real_paths() {
    let Some(jail) = Jail::new() else {
        return;
    };
    let sandbox = &jail.fixture.sandbox;
    let targets = [
        jail.key.clone(),
        sandbox.identity_file(),
        sandbox.vault_file(),
        sandbox.log_file(),
    ];
    let mut script = String::new();
    for target in &targets {
        script.push_str(&format!(
            "cat '{}' 2>/dev/null | head -c 200; echo \"[{}]\"\n",
            target.display(),
            target.file_name().unwrap().to_string_lossy()
        ));
    }
    script.push_str(&format!(
        "ls -A '{}'; echo '[vault home]'\n",
        sandbox.home().display()
    ));
    if have("age") {
        script.push_str(&format!(
            "age -d -i '{}' '{}' 2>&1 | head -c 100; echo '[age]'\n",
            jail.key.display(),
            sandbox.vault_file().display()
        ));
    }
    // The processes inside: the program's own and bubblewrap's; nothing of vault's.
    script.push_str(
        "for p in /proc/[0-9]*; do cat $p/comm; done | sort | tr '\\n' ' '; echo '[ps]'\n",
    );
    script.push_str("kill -KILL $PPID 2>&1; kill -KILL 1 2>&1; echo '[kill]'\n");
    let out = jail.run(&[], &script);
    assert!(out.status.success(), "{}", said(&out));
    let shown = text(&out.stdout);
    let key = fs::read_to_string(&jail.key).unwrap();
    let secret_key = key
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY"))
        .unwrap();
    assert!(!shown.contains(secret_key), "{shown}");
    assert!(!shown.contains("age-encryption.org"), "{shown}");
    assert!(!shown.contains("vault.accessed"), "{shown}");
    for target in &targets {
        let name = target.file_name().unwrap().to_string_lossy();
        assert!(
            shown.contains(&format!("\n[{name}]")) || shown.starts_with(&format!("[{name}]")),
            "{name}: {shown}"
        );
    }
    assert!(
        shown.contains("\n[vault home]") || shown.contains("[vault home]"),
        "{shown}"
    );
    let ps = shown.lines().find(|l| l.ends_with("[ps]")).unwrap();
    assert!(!ps.contains("vault"), "{ps}");
    assert!(shown.contains("[kill]"), "the program was killed: {shown}");
}

#[test]
fn the_home_is_private_but_its_toolchains_run_and_share_home_hides_the_stores() {
    let Some(jail) = Jail::new() else {
        return;
    };
    let home = jail.home();
    let decoys = [
        ".bash_history",
        ".mozilla/firefox/p/cookies.sqlite",
        ".claude/.credentials.json",
        ".codex/auth.json",
        ".config/age/keys.txt",
        "other-project/.env",
        ".config/vault/identity.txt",
        ".local/share/vault/vault.age",
        ".local/state/vault/x",
        ".ssh/id_ed25519",
        ".aws/credentials",
        ".cargo/credentials.toml",
    ];
    for decoy in decoys {
        let path = home.join(decoy);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, format!("DECOY {decoy}\n")).unwrap();
    }
    let tool = home.join(".cargo/bin/hello-tool");
    fs::create_dir_all(tool.parent().unwrap()).unwrap();
    fs::write(&tool, "#!/bin/sh\necho toolchain runs\n").unwrap();
    fs::set_permissions(&tool, fs::Permissions::from_mode(0o755)).unwrap();
    let cat_all: String = decoys
        .iter()
        .map(|d| format!("cat \"$HOME/{d}\" 2>/dev/null; "))
        .collect();
    let out = jail.run(
        &[],
        &format!("{cat_all} \"$HOME/.cargo/bin/hello-tool\"; echo x > \"$HOME/planted\"; pwd"),
    );
    assert!(out.status.success(), "{}", said(&out));
    let shown = text(&out.stdout);
    assert!(!shown.contains("DECOY"), "{shown}");
    assert!(shown.contains("toolchain runs\n"), "{}", said(&out));
    assert!(
        shown.ends_with(&format!("{}\n", jail.work.display())),
        "{shown}"
    );
    assert!(
        !home.join("planted").exists(),
        "a write to the private home got out"
    );

    // --allow-read lets one in.
    let out = jail.run(
        &["--allow-read", home.join("other-project").to_str().unwrap()],
        "cat \"$HOME/other-project/.env\"",
    );
    assert_eq!(
        text(&out.stdout),
        "DECOY other-project/.env\n",
        "{}",
        said(&out)
    );

    // --share-home: the home read-only, less the stores and vault's own directories.
    let out = jail.run(
        &["--share-home"],
        &format!("{cat_all} touch \"$HOME/new\" 2>&1; true"),
    );
    let shown = text(&out.stdout);
    assert!(shown.contains("DECOY .bash_history"), "{}", said(&out));
    for hidden in [
        ".ssh",
        ".aws",
        ".claude",
        ".codex",
        ".config/age",
        "vault",
        ".cargo/credentials",
    ] {
        assert!(
            !shown.contains(&format!("DECOY {hidden}")),
            "{hidden}: {shown}"
        );
    }
    assert!(shown.contains("Read-only file system"), "{shown}");
    let event = jail.fixture.events("vault.sandboxed").pop().unwrap();
    assert_eq!(event["home"], "shared");
}

#[test]
fn writes_stay_in_the_work_tmp_and_allow_write() {
    let Some(jail) = Jail::new() else {
        return;
    };
    let elsewhere = jail.fixture.sandbox.path("elsewhere");
    let allowed = jail.fixture.sandbox.path("allowed");
    fs::create_dir(&elsewhere).unwrap();
    fs::create_dir(&allowed).unwrap();
    let out = jail.run(
        &["--allow-write", allowed.to_str().unwrap()],
        &format!(
            "echo built > out.txt; echo t > /tmp/t && cat /tmp/t; \
             touch '{}/x' 2>&1; touch /etc/vault-test 2>&1; touch '{}/y'; true",
            elsewhere.display(),
            allowed.display()
        ),
    );
    let shown = text(&out.stdout);
    assert_eq!(
        fs::read_to_string(jail.work.join("out.txt")).unwrap(),
        "built\n"
    );
    assert!(shown.starts_with("t\n"), "{}", said(&out));
    // Out of sight or read-only: either way, not written.
    assert_eq!(shown.matches("cannot touch").count(), 2, "{shown}");
    assert!(!elsewhere.join("x").exists());
    assert!(allowed.join("y").exists());
    // A path to let in that is not there is named, and nothing runs.
    let out = jail.run(&["--allow-write", "no-such-dir"], "touch ran");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        one_error_line(&out.stderr)
            .contains("--allow-write no-such-dir: no such file or directory"),
        "{}",
        said(&out)
    );
    assert!(!jail.work.join("ran").exists());
}

#[test]
fn the_git_directory_can_be_neither_changed_nor_replaced() {
    let Some(jail) = Jail::new() else {
        return;
    };
    if !have("git") {
        return;
    }
    let git = |dir: &Path, args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("HOME", jail.home())
            .output()
            .unwrap()
    };
    assert!(git(&jail.work, &["init", "-q"]).status.success());
    let marker = jail.fixture.sandbox.path("fsmonitor-ran");
    let hook = format!("#!/bin/sh\ntouch '{}'\n", marker.display());
    let out = jail.run(
        &[],
        &format!(
            r#"printf '%s' '{hook}' > .git/hooks/pre-commit 2>&1 || echo hook refused
            git config core.fsmonitor "touch {marker}" 2>&1 || echo config refused
            mv .git .git-old 2>&1 || echo rename refused
            rm -rf .git 2>/dev/null; test -d .git && echo still there
            mkdir sub && cd sub && git status >/dev/null 2>&1 && echo git works in a subdirectory"#,
            marker = marker.display()
        ),
    );
    let shown = text(&out.stdout);
    for refusal in [
        "hook refused",
        "config refused",
        "rename refused",
        "still there",
    ] {
        assert!(shown.contains(refusal), "{refusal}: {}", said(&out));
    }
    assert!(
        shown.contains("git works in a subdirectory"),
        "{}",
        said(&out)
    );
    // Outside, git runs nothing the program planted.
    assert!(git(&jail.work, &["status"]).status.success());
    assert!(!marker.exists(), "a planted command ran outside");
    assert!(!jail.work.join(".git/hooks/pre-commit").exists());

    // From a subdirectory, the repository above is read-only too; from .git, no start.
    let sub = jail.work.join("sub");
    let out = jail
        .command(&[], "touch ../.git/planted 2>&1; true")
        .current_dir(&sub)
        .output()
        .unwrap();
    assert!(
        text(&out.stdout).contains("Read-only file system"),
        "{}",
        said(&out)
    );
    let out = jail
        .command(&[], "touch ran")
        .current_dir(jail.work.join(".git"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("inside a git directory"));
    assert!(!jail.work.join(".git/ran").exists());
}

#[test]
fn each_filtered_syscall_is_refused_with_eperm() {
    let Some(jail) = Jail::new() else {
        return;
    };
    let calls = [
        ("io_uring_setup", libc::SYS_io_uring_setup),
        ("io_uring_enter", libc::SYS_io_uring_enter),
        ("io_uring_register", libc::SYS_io_uring_register),
        ("userfaultfd", libc::SYS_userfaultfd),
        ("keyctl", libc::SYS_keyctl),
        ("add_key", libc::SYS_add_key),
        ("request_key", libc::SYS_request_key),
        ("bpf", libc::SYS_bpf),
        ("perf_event_open", libc::SYS_perf_event_open),
        ("ptrace", libc::SYS_ptrace),
        ("process_vm_readv", libc::SYS_process_vm_readv),
        ("mount", libc::SYS_mount),
        ("umount2", libc::SYS_umount2),
        ("pivot_root", libc::SYS_pivot_root),
        ("kexec_load", libc::SYS_kexec_load),
        ("kexec_file_load", libc::SYS_kexec_file_load),
        ("init_module", libc::SYS_init_module),
        ("finit_module", libc::SYS_finit_module),
        ("open_by_handle_at", libc::SYS_open_by_handle_at),
        ("setns", libc::SYS_setns),
    ];
    let list: Vec<String> = calls.iter().map(|(n, c)| format!("{n}:{c}")).collect();
    let script = format!(
        r#"python3 - <<'PY'
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
def errno_of(result):
    return ctypes.get_errno() if result < 0 else 0
for item in "{list}".split():
    name, number = item.split(":")
    print(name, errno_of(libc.syscall(ctypes.c_long(int(number)), 0, 0, 0, 0, 0, 0)))
print("unshare-user", errno_of(libc.unshare({newuser})))
print("personality", errno_of(libc.personality(0x0040000)))
print("ptrace-parent", errno_of(libc.ptrace(16, os.getppid(), 0, 0)))
c = ctypes.c_char(b"x")
print("TIOCSTI", errno_of(libc.ioctl(0, {tiocsti}, ctypes.byref(c))))
print("TIOCLINUX", errno_of(libc.ioctl(0, {tioclinux}, ctypes.byref(c))))
PY
unshare -U true 2>/dev/null && echo "userns MADE" || echo "userns refused""#,
        list = list.join(" "),
        newuser = libc::CLONE_NEWUSER,
        tiocsti = libc::TIOCSTI,
        tioclinux = libc::TIOCLINUX,
    );
    let out = jail.run(&[], &script);
    assert!(out.status.success(), "{}", said(&out));
    let shown = text(&out.stdout);
    let eperm = libc::EPERM.to_string();
    let mut names: Vec<&str> = calls.iter().map(|(n, _)| *n).collect();
    names.extend([
        "unshare-user",
        "personality",
        "ptrace-parent",
        "TIOCSTI",
        "TIOCLINUX",
    ]);
    for name in names {
        let line = shown
            .lines()
            .find(|l| l.split(' ').next() == Some(name))
            .unwrap_or_else(|| panic!("{name}: {shown}"));
        assert_eq!(line.split(' ').nth(1), Some(eperm.as_str()), "{line}");
    }
    assert!(shown.contains("userns refused"), "{shown}");
}

#[test]
fn an_inherited_descriptor_is_closed_unless_passed() {
    let Some(jail) = Jail::new() else {
        return;
    };
    let credentials = jail.fixture.sandbox.path("aws-credentials");
    fs::write(&credentials, "aws_secret_access_key = DECOY\n").unwrap();
    let vault = assert_cmd::cargo::cargo_bin("vault");
    let base = format!(
        "exec 9<'{}'; '{}' exec --agent bot --sandbox --key-file '{}'",
        credentials.display(),
        vault.display(),
        jail.key.display()
    );
    let run = |flags: &str| {
        jail.fixture
            .sandbox
            .shell(&format!(
                "{base} {flags} -- sh -c 'cat <&9 2>&1; ls /proc/self/fd | tr \"\\n\" \" \"'"
            ))
            .current_dir(&jail.work)
            .output()
            .unwrap()
    };
    let out = run("");
    let shown = text(&out.stdout);
    assert!(!shown.contains("DECOY"), "{}", said(&out));
    assert!(!shown.split(' ').any(|fd| fd == "9"), "{shown}");
    let out = run("--pass-fd 9");
    assert!(text(&out.stdout).contains("DECOY"), "{}", said(&out));
    // A descriptor that is not open cannot be passed.
    let out = jail.run(&["--pass-fd", "57"], "true");
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("--pass-fd 57"));
}

#[test]
fn the_callers_tokens_and_socket_pointers_stay_outside() {
    let Some(jail) = Jail::new() else {
        return;
    };
    let token = "ghp_0123456789abcdefghijklmnopqrstuv";
    let run = |flags: &[&str]| {
        jail.command(flags, "env")
            .env("GITHUB_TOKEN", token)
            .env("SSH_AUTH_SOCK", "/run/user/0/ssh-agent.sock")
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/0/bus")
            .env("MY_DB_PASSWORD", "hunter2hunter2")
            .env("INNOCENT_LOOKING", token)
            .env("EDITOR", "vi")
            .output()
            .unwrap()
    };
    let out = run(&[]);
    let env = text(&out.stdout);
    assert!(out.status.success(), "{}", said(&out));
    for gone in [
        "GITHUB_TOKEN=",
        "SSH_AUTH_SOCK=",
        "DBUS_SESSION",
        "MY_DB_PASSWORD",
        "INNOCENT_LOOKING",
        token,
    ] {
        assert!(!env.contains(gone), "{gone}: {env}");
    }
    assert!(
        env.contains("EDITOR=vi\n") && env.contains("TOKEN="),
        "{env}"
    );
    let event = jail.fixture.events("vault.sandboxed").pop().unwrap();
    let dropped: Vec<&str> = event["env_dropped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for name in [
        "GITHUB_TOKEN",
        "SSH_AUTH_SOCK",
        "MY_DB_PASSWORD",
        "INNOCENT_LOOKING",
    ] {
        assert!(dropped.contains(&name), "{dropped:?}");
    }
    let line = fs::read_to_string(jail.fixture.sandbox.log_file()).unwrap();
    assert!(!line.contains(token) && !line.contains("hunter2"));

    let out = run(&["--env", "GITHUB_TOKEN"]);
    assert!(text(&out.stdout).contains(&format!("GITHUB_TOKEN={token}")));
    let out = run(&["--clean-env"]);
    let env = text(&out.stdout);
    assert!(
        !env.contains("EDITOR=") && env.contains("PATH=") && env.contains("TOKEN="),
        "{env}"
    );
}

#[test]
fn sockets_of_the_host_are_out_of_reach_by_path_and_by_abstract_name() {
    let Some(jail) = Jail::new() else {
        return;
    };
    let run_dir = jail.fixture.sandbox.runtime_dir();
    let in_home = jail.home().join(".1password/agent.sock");
    fs::create_dir_all(in_home.parent().unwrap()).unwrap();
    let in_run = run_dir.join("ssh-agent.sock");
    let _home_listener = std::os::unix::net::UnixListener::bind(&in_home).unwrap();
    let _run_listener = std::os::unix::net::UnixListener::bind(&in_run).unwrap();
    use std::os::linux::net::SocketAddrExt;
    let name = format!("vault-test-{}", std::process::id());
    let abstract_addr =
        std::os::unix::net::SocketAddr::from_abstract_name(name.as_bytes()).unwrap();
    let _abstract = std::os::unix::net::UnixListener::bind_addr(&abstract_addr).unwrap();
    // And one in the machine's own /run, where login sessions keep theirs (when we may).
    let in_machine_run = tempfile::Builder::new()
        .prefix("vault-test-")
        .tempdir_in("/run")
        .ok();
    let machine_socket = in_machine_run
        .as_ref()
        .map(|dir| dir.path().join("agent.sock"));
    let _machine_listener = machine_socket
        .as_ref()
        .map(|path| std::os::unix::net::UnixListener::bind(path).unwrap());
    let machine = machine_socket
        .as_ref()
        .map_or(String::new(), |p| p.display().to_string());
    let script = format!(
        r#"python3 - <<'PY'
import socket
targets = [("home", "{home}"), ("run", "{run}"), ("abstract", "\0{name}")]
if "{machine}":
    targets.append(("machine run", "{machine}"))
for label, address in targets:
    s = socket.socket(socket.AF_UNIX)
    try:
        s.connect(address); print(label, "CONNECTED")
    except OSError as err:
        print(label, "refused")
PY"#,
        home = in_home.display(),
        run = in_run.display(),
    );
    let out = jail
        .command(&["--share-home"], &script)
        .env("XDG_RUNTIME_DIR", &run_dir)
        .output()
        .unwrap();
    let mut expected = "home refused\nrun refused\nabstract refused\n".to_owned();
    if machine_socket.is_some() {
        expected.push_str("machine run refused\n");
    }
    assert_eq!(text(&out.stdout), expected, "{}", said(&out));
}

#[test]
fn curl_git_and_python_requests_work_through_the_proxy_inside() {
    let Some(jail) = Jail::new() else {
        return;
    };
    if !have("git") {
        return;
    }
    let root = jail.fixture.sandbox.path("git");
    fs::create_dir(&root).unwrap();
    assert!(
        Command::new("git")
            .args(["init", "-q", "--bare"])
            .arg(root.join("repo.git"))
            .status()
            .unwrap()
            .success()
    );
    let out = jail.run(
        &[],
        r#"set -e
        export GIT_TERMINAL_PROMPT=0
        git clone -q "https://user:$TOKEN@127.0.0.1:$PORT/git/repo.git" cloned
        test -d cloned/.git && echo cloned
        python3 -c 'import os, urllib.request as u; r = u.Request(os.environ["UP"] + "/py", headers={"X-Key": os.environ["TOKEN"]}); print(u.urlopen(r).read().decode())'
        if python3 -c 'import requests' 2>/dev/null; then
            python3 -c 'import os, requests; print(requests.get(os.environ["UP"] + "/rq", headers={"X-Key": os.environ["TOKEN"]}).text)'
        else echo ok; fi
        printf '#include <stdio.h>\nint main(void) { puts("compiled"); return 0; }\n' > hello.c
        cc -o hello hello.c && ./hello"#,
    );
    assert!(out.status.success(), "{}", said(&out));
    assert_program_never_saw_the_value(&out);
    let lines: Vec<String> = text(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    assert_eq!(lines, ["cloned", "ok", "ok", "compiled"], "{}", said(&out));
    let keys: Vec<String> = jail
        .fixture
        .upstream
        .requests()
        .iter()
        .filter_map(|r| header(r, "x-key"))
        .collect();
    assert!(
        !keys.is_empty() && keys.iter().all(|k| *k == value()),
        "{keys:?}"
    );
    assert!(
        jail.work.join("cloned/.git").is_dir(),
        "the clone went into the work"
    );
}

#[test]
fn exit_codes_signals_stdin_and_the_terminal_are_the_programs() {
    let Some(jail) = Jail::new() else {
        return;
    };
    assert_eq!(jail.run(&[], "exit 7").status.code(), Some(7));
    assert_eq!(jail.run(&[], "kill -TERM $$").status.code(), Some(128 + 15));
    let out = jail
        .fixture
        .sandbox
        .vault(["exec", "--agent", "bot", "--sandbox", "--", "cat"])
        .current_dir(&jail.work)
        .write_stdin("typed in\n")
        .output()
        .unwrap();
    assert_eq!(text(&out.stdout), "typed in\n", "{}", said(&out));
    assert_eq!(
        jail.run(&[], "exec no-such-program-here").status.code(),
        Some(127)
    );

    // A signal sent to vault reaches the program inside, which answers it.
    let mut child = jail
        .fixture
        .sandbox
        .spawnable(["exec", "--agent", "bot", "--sandbox", "--", "sh", "-c"])
        .arg("trap 'echo got USR1; exit 4' USR1; echo ready; while :; do sleep 0.05; done")
        .current_dir(&jail.work)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert_eq!(lines.next().unwrap().unwrap(), "ready");
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGUSR1,
    )
    .unwrap();
    assert_eq!(lines.next().unwrap().unwrap(), "got USR1");
    assert_eq!(child.wait().unwrap().code(), Some(4));

    // On a terminal: the program has one, with its size, as its controlling terminal.
    if !have("script") {
        return;
    }
    let vault = assert_cmd::cargo::cargo_bin("vault");
    let shown = jail.fixture.sandbox.terminal(
        &format!(
            "cd '{}' && stty cols 91 rows 23 && '{}' exec --agent bot --sandbox -- sh -c 'test -t 1 && echo on a terminal; stty size; read line; echo \"read $line\"; exit 5'; echo \"rc $?\"",
            jail.work.display(),
            vault.display()
        ),
        "hello\n",
    );
    // The typed line is echoed whenever it arrives, so only each line is looked for.
    assert!(shown.contains("on a terminal\n"), "{shown}");
    assert!(shown.contains("23 91\n"), "{shown}");
    assert!(shown.contains("read hello\n"), "{shown}");
    assert!(shown.contains("rc 5\n"), "{shown}");
}

#[test]
fn sandbox_check_holds_every_protection_as_root_and_as_a_user() {
    // Without nft, the routing row fails, as it should.
    if !can_sandbox() || !have("nft") {
        return;
    }
    let sandbox = Sandbox::new();
    let out = sandbox
        .vault(["sandbox", "check", "--json"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", said(&out));
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(rows.len() >= 25, "{rows:?}");
    for row in &rows {
        assert_eq!(row["held"], true, "{row}");
        assert!(row["detail"].as_str().is_some_and(|d| !d.is_empty()));
    }
    for protection in [
        "network: TCP to the host",
        "network: UDP to the host",
        "network: DNS",
        "abstract Unix sockets of the host",
        "the vault's files and the agent's key",
        "the home directory",
        "signalling the process above it",
        "tracing the process above it",
        "the git directory",
        "descriptors left open by the caller",
        "syscall: userfaultfd",
        "ioctl: TIOCSTI",
        "the proxy is reachable inside",
        "connections that ignore the proxy variables",
    ] {
        assert!(
            rows.iter().any(|r| r["protection"] == protection),
            "{protection}"
        );
    }
    // The decoys it made in the home are gone.
    assert_eq!(fs::read_dir(sandbox.path("home")).unwrap().count(), 0);

    if !as_root() || !have("setpriv") {
        return;
    }
    // As an ordinary user, in a home of its own.
    let home = sandbox.path("user-home");
    fs::create_dir(&home).unwrap();
    std::os::unix::fs::chown(&home, Some(65534), Some(65534)).unwrap();
    fs::set_permissions(sandbox.dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(assert_cmd::cargo::cargo_bin("vault"))
        .args(["sandbox", "check", "--json"])
        .env("HOME", &home)
        .env("VAULT_HOME", home.join("vh"))
        .env_remove("XDG_RUNTIME_DIR")
        .current_dir(&home)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", said(&out));
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(rows.iter().all(|r| r["held"] == true), "{rows:?}");
}

#[test]
fn without_user_namespaces_or_bubblewrap_it_refuses_and_the_program_never_runs() {
    if !can_sandbox() || !have("unshare") {
        return;
    }
    let sandbox = Sandbox::init();
    sandbox.add_agent("bot");
    let work = sandbox.path("work");
    fs::create_dir(&work).unwrap();
    let vault = assert_cmd::cargo::cargo_bin("vault");
    let attempt = |setup: &str| {
        let mut shell = sandbox.program("unshare");
        shell
            .args(["--user", "--map-root-user", "--mount", "sh", "-c"])
            .arg(format!(
                "{setup} && exec '{}' exec -q --agent bot --sandbox -- touch ran",
                vault.display()
            ))
            .current_dir(&work);
        shell.output().unwrap()
    };
    // Only this namespace's children are limited: the machine's setting is untouched.
    let out = attempt("echo 0 > /proc/sys/user/max_user_namespaces");
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    let line = one_error_line(&out.stderr);
    assert!(
        line.starts_with("vault: cannot start the sandbox: user namespaces are not available here")
            && line.contains("or run without --sandbox"),
        "{line}"
    );
    assert!(!work.join("ran").exists(), "the program ran unsandboxed");

    let out = attempt(
        "for b in /usr/bin/bwrap /bin/bwrap /usr/local/bin/bwrap; do [ -e $b ] && mount --bind /dev/null $b; done; PATH=/usr/bin:/bin; true",
    );
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(
        one_error_line(&out.stderr)
            .contains("the sandbox needs bubblewrap (bwrap), which is not installed"),
        "{}",
        said(&out)
    );
    assert!(!work.join("ran").exists());
    let events = sandbox.event_names();
    assert!(!events.iter().any(|e| e == "vault.sandboxed"), "{events:?}");
}

#[test]
fn an_ordinary_user_gets_the_same_sandbox() {
    if !can_sandbox()
        || !have_all(&["python3", "curl", "setpriv", "unshare", "mount", "nft"])
        || !as_root()
    {
        return;
    }
    // The upstream and its certificates are root's; everything of the vault is the user's.
    let keeper = Sandbox::new();
    let upstream = Upstream::start(&keeper, false);
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let root = dir.path();
    for sub in ["home", "work"] {
        fs::create_dir(root.join(sub)).unwrap();
    }
    fs::copy(keeper.path("ca.pem"), root.join("ca.pem")).unwrap();
    fs::write(root.join("home/.bash_history"), "DECOY history\n").unwrap();
    for path in ["home", "home/.bash_history", "work", "ca.pem"] {
        std::os::unix::fs::chown(root.join(path), Some(65534), Some(65534)).unwrap();
    }
    let as_user = |args: &[&str]| {
        let mut command = Command::new("setpriv");
        command
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(assert_cmd::cargo::cargo_bin("vault"))
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap())
            .env("HOME", root.join("home"))
            .env("VAULT_HOME", root.join("home/vh"))
            .current_dir(root.join("work"));
        command
    };
    let ok = |out: Output| {
        assert!(out.status.success(), "{}", said(&out));
        out
    };
    ok(as_user(&["init"]).output().unwrap());
    let mut add = as_user(&["secret", "add", "TOKEN", "--host"]);
    add.arg(format!("127.0.0.1:{}", upstream.port))
        .arg("--host")
        .arg(format!("upstream.test:{}", upstream.port))
        .stdin(Stdio::piped());
    let mut child = add.spawn().unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), value().as_bytes()).unwrap();
    assert!(child.wait().unwrap().success());
    let key = ok(as_user(&["agent", "add", "bot"]).output().unwrap()).stdout;
    let key_file = root.join("home/bot.key");
    fs::write(&key_file, &key).unwrap();
    fs::set_permissions(&key_file, fs::Permissions::from_mode(0o600)).unwrap();
    std::os::unix::fs::chown(&key_file, Some(65534), Some(65534)).unwrap();
    ok(as_user(&["grant", "add", "--agent", "bot", "TOKEN"])
        .output()
        .unwrap());
    let script = format!(
        r#"id -u
        curl -sS -H "X-Key: $TOKEN" "https://127.0.0.1:{port}/as-user"; echo
        curl -sS --noproxy '*' -H "X-Key: $TOKEN" "https://upstream.test:{port}/routed"
        cat '{key}' 2>/dev/null | grep -c AGE-SECRET-KEY
        cat "$HOME/.bash_history" 2>/dev/null
        python3 -c 'import socket; socket.create_connection(("127.0.0.1", {port}), timeout=3)' 2>/dev/null || echo direct refused
        unshare -U true 2>/dev/null || echo userns refused"#,
        port = upstream.port,
        key = key_file.display(),
    );
    // The name is given in a mount namespace of the test's own (see `Jail::routed`), so that
    // a program that ignores the proxy variables is routed as this user too.
    let hosts = root.join("hosts");
    fs::write(&hosts, "127.0.0.1 localhost upstream.test\n").unwrap();
    let exec = as_user(&["exec", "--agent", "bot", "--sandbox", "--key-file"]);
    let mut routed = Command::new("unshare");
    routed
        .args(["--mount", "--", "sh", "-c"])
        .arg(r#"mount --bind "$0" /etc/hosts && exec "$@""#)
        .arg(&hosts)
        .arg(exec.get_program())
        .args(exec.get_args())
        .env_clear()
        .envs(exec.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .current_dir(root.join("work"));
    let out = routed
        .arg(&key_file)
        .arg("--upstream-ca")
        .arg(root.join("ca.pem"))
        .args(["--", "sh", "-c", &script])
        .output()
        .unwrap();
    assert_program_never_saw_the_value(&out);
    assert_eq!(
        text(&out.stdout),
        "65534\nok\n\nok\n0\ndirect refused\nuserns refused\n",
        "{}",
        said(&out)
    );
    let requests = upstream.requests();
    for path in ["/as-user", "/routed"] {
        let request = requests.iter().find(|r| r["path"] == path).unwrap();
        assert_eq!(header(request, "x-key").unwrap(), value(), "{path}");
    }
}

impl Jail {
    /// `command`'s run, but in a mount namespace of the test's own whose /etc/hosts gives
    /// `upstream.test` and `other.test` the loopback address: names only the proxy outside
    /// resolves, as a LAN's or the internet's would be. With `nft_fails`, every `nft` there is
    /// `false`, as on a machine where nftables cannot set the sandbox's rules.
    fn routed(&self, flags: &[&str], script: &str, nft_fails: bool) -> Output {
        let hosts = self.fixture.sandbox.path("hosts");
        fs::write(&hosts, "127.0.0.1 localhost upstream.test other.test\n").unwrap();
        let mut command = assert_cmd::Command::from_std(self.fixture.sandbox.program("unshare"));
        command.arg("--mount");
        if !as_root() {
            command.arg("--map-root-user");
        }
        command
            .args([
                "--",
                "sh",
                "-c",
                r#"mount --bind "$0" /etc/hosts || exit 99
                if [ -n "$NFT_FAILS" ]; then
                    for nft in /usr/sbin/nft /sbin/nft /usr/bin/nft /usr/local/sbin/nft; do
                        [ -e "$nft" ] && { mount --bind /bin/false "$nft" || exit 99; }
                    done
                fi
                exec "$@""#,
            ])
            .arg(&hosts)
            .arg(assert_cmd::cargo::cargo_bin("vault"))
            .args(self.exec_args(flags, script))
            .current_dir(&self.work)
            .env("PORT", self.fixture.upstream.port.to_string())
            .env("NFT_FAILS", if nft_fails { "1" } else { "" })
            .timeout(Duration::from_secs(90));
        command.output().unwrap()
    }

    /// TOKEN pinned to upstream.test too, and OTHER, granted to bot, pinned to other.test: a
    /// loopback name the proxy may reach, to which TOKEN is not pinned.
    fn pin_names(&self) {
        let sandbox = &self.fixture.sandbox;
        sandbox
            .vault(["secret", "hosts", "TOKEN", "--add"])
            .arg(format!("upstream.test:{}", self.fixture.upstream.port))
            .assert()
            .success();
        sandbox
            .vault(["secret", "add", "OTHER", "--host"])
            .arg(format!("other.test:{}", self.fixture.upstream.port))
            .write_stdin("other-value-0123456789abcdef")
            .assert()
            .success();
        sandbox.grant("bot", "OTHER");
    }
}

#[test]
fn clients_that_ignore_the_proxy_variables_are_routed_through_the_proxy() {
    let Some(jail) = Jail::new() else {
        return;
    };
    if !have_all(&["unshare", "mount", "nft"]) {
        return;
    }
    jail.pin_names();
    let aiohttp = python_with(
        "VAULT_TEST_CLIENTS_PYTHON",
        "import aiohttp",
        "a Python with aiohttp for aiohttp's part (`pip install aiohttp`)",
    );
    let node = have("node");
    let mut flags = Vec::new();
    let venv = aiohttp.as_ref().and_then(|python| {
        // The virtual environment's directory, which may lie where the sandbox shows nothing.
        let python = fs::canonicalize(python.parent()?.parent()?).ok()?;
        python.into_os_string().into_string().ok()
    });
    if let Some(venv) = &venv {
        flags.extend(["--allow-read", venv.as_str()]);
    }
    let script = format!(
        r#"url="https://upstream.test:$PORT"
        curl -sS --noproxy '*' -H "X-Key: $TOKEN" "$url/curl"
        python3 - <<'PY'
import os, socket, ssl
port = int(os.environ["PORT"])
tls = ssl.create_default_context().wrap_socket(
    socket.create_connection(("upstream.test", port), timeout=10), server_hostname="upstream.test")
tls.sendall(("GET /raw HTTP/1.1\r\nHost: upstream.test\r\nConnection: close\r\nX-Key: "
             + os.environ["TOKEN"] + "\r\n\r\n").encode())
got = b""
while chunk := tls.recv(4096):
    got += chunk
print(got.split(b"\r\n\r\n", 1)[1].decode(), end="")
print("resolved", socket.getaddrinfo("api.example.com", 443, socket.AF_INET)[0][4][0].startswith("127.128."))
try:
    socket.getaddrinfo("upstream.test", 443, socket.AF_INET6)
    print("v6 ANSWERED")
except OSError:
    print("v6 none")
try:
    socket.create_connection(("127.0.0.1", port), timeout=3)
    print("loopback CONNECTED")
except OSError:
    print("loopback is the sandbox's own")
# An address of the pool no name was given leads nowhere; nor does a literal address outside.
for guess in ["127.128.200.200", "192.0.2.1"]:
    try:
        probe = socket.create_connection((guess, 443), timeout=3)
        print("guess", "closed" if probe.recv(10) == b"" else "ANSWERED")
    except OSError:
        print("guess refused")
quic = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
quic.sendto(b"x", (socket.getaddrinfo("upstream.test", 443, socket.AF_INET)[0][4][0], port))
quic.settimeout(1)
try:
    quic.recv(10)
    print("udp ANSWERED")
except OSError:
    print("udp nowhere")
PY
        # Had this worked, the clients below would get no network.
        nft flush ruleset 2>/dev/null || echo "rules kept"
        if [ -n "{node}" ]; then
            node -e 'fetch(`https://upstream.test:${{process.env.PORT}}/node`, {{headers: {{"x-key": process.env.TOKEN}}}}).then(r => r.text()).then(t => process.stdout.write(t), e => {{ console.log("node failed", e.cause || e); }})'
        else echo ok; fi
        if [ -n "{aiohttp}" ]; then
            "{aiohttp}" - <<'PY'
import asyncio, os, aiohttp
async def main():
    port = os.environ["PORT"]
    headers = {{"X-Key": os.environ["TOKEN"]}}
    async with aiohttp.ClientSession() as session:
        for url in [f"https://upstream.test:{{port}}/aiohttp", f"https://other.test:{{port}}/other"]:
            async with session.get(url, headers=headers) as response:
                print(await response.text(), end="")
asyncio.run(main())
PY
        else printf 'ok\nok\n'; fi"#,
        node = if node { "1" } else { "" },
        aiohttp = aiohttp
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
    );
    let out = jail.routed(&flags, &script, false);
    assert!(out.status.success(), "{}", said(&out));
    assert_program_never_saw_the_value(&out);
    assert_eq!(
        text(&out.stdout),
        "ok\nok\nresolved True\nv6 none\nloopback is the sandbox's own\nguess closed\nguess refused\nudp nowhere\nrules kept\nok\nok\nok\n",
        "{}",
        said(&out)
    );
    assert!(
        !text(&out.stderr).contains("warning"),
        "routing was set up: {}",
        said(&out)
    );
    // Each client's request reached the upstream with the value in, as through the proxy
    // variables; the one to a host TOKEN is not pinned to carried only its placeholder.
    let requests = jail.fixture.upstream.requests();
    let key_of = |path: &str| {
        requests
            .iter()
            .find(|r| r["path"] == path)
            .and_then(|r| header(r, "x-key"))
            .unwrap_or_else(|| panic!("no request to {path}: {requests:?}"))
    };
    let mut paths = vec!["/curl", "/raw"];
    paths.extend(node.then_some("/node"));
    paths.extend(aiohttp.is_some().then_some("/aiohttp"));
    for path in paths {
        assert_eq!(key_of(path), value(), "{path}");
    }
    if aiohttp.is_some() {
        let stray = key_of("/other");
        assert_ne!(stray, value());
        assert!(!stray.is_empty());
    }
    let sandboxed = jail.fixture.events("vault.sandboxed");
    assert!(
        sandboxed[0]["protections"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "connections-routed"),
        "{sandboxed:?}"
    );
}

#[test]
fn where_the_rules_cannot_be_set_the_run_says_so_and_only_the_proxy_variables_lead_out() {
    let Some(jail) = Jail::new() else {
        return;
    };
    if !have_all(&["unshare", "mount"]) {
        return;
    }
    let out = jail.routed(
        &[],
        r#"curl -sS -H "X-Key: $TOKEN" "https://127.0.0.1:$PORT/proxied"
        curl -sS --noproxy '*' --max-time 5 "https://upstream.test:$PORT/direct" 2>/dev/null || echo "direct: none"
        exit 7"#,
        true,
    );
    assert_eq!(out.status.code(), Some(7), "{}", said(&out));
    assert_program_never_saw_the_value(&out);
    assert_eq!(text(&out.stdout), "ok\ndirect: none\n", "{}", said(&out));
    let warnings: Vec<&str> = std::str::from_utf8(&out.stderr)
        .unwrap()
        .lines()
        .filter(|line| line.starts_with("vault: warning:"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", said(&out));
    assert!(
        warnings[0].contains("programs that ignore HTTPS_PROXY get no network")
            && warnings[0].contains("nft"),
        "{}",
        warnings[0]
    );
    let requests = jail.fixture.upstream.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(header(&requests[0], "x-key").unwrap(), value());
    let sandboxed = jail.fixture.events("vault.sandboxed");
    assert!(
        !sandboxed[0]["protections"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "connections-routed")
    );
}

#[test]
fn in_the_sandbox_the_egress_is_the_pinned_hosts_unless_widened() {
    let Some(jail) = Jail::new() else {
        return;
    };
    let script = r#"curl -sS -H "X-Key: $TOKEN" "$UP/pinned"
        curl -sS --noproxy '' -x "$HTTPS_PROXY" "http://unpinned.test:8080/" -w ' [%{http_code}]\n'"#;
    let out = jail.run(&[], script);
    let shown = text(&out.stdout);
    assert!(shown.starts_with("ok\n"), "{}", said(&out));
    assert!(
        shown.contains("unpinned.test:8080 is outside this run's egress (--egress pinned")
            && shown.ends_with(" [403]\n"),
        "{}",
        said(&out)
    );
    assert_eq!(jail.fixture.events("vault.egress_denied").len(), 1);
    // Where it went is summed up at the end, the refused host not among it.
    let went = jail.fixture.events("vault.egress");
    assert_eq!(went.len(), 1, "{went:#?}");
    assert_eq!(went[0]["requests"], 1);
    // Widened, the proxy tries to reach it (and cannot: there is no such host here).
    let out = jail.run(&["--allow-host", "http://unpinned.test:8080"], script);
    let shown = text(&out.stdout);
    assert!(
        !shown.contains("outside this run's egress"),
        "{}",
        said(&out)
    );
    assert!(
        shown.contains("cannot resolve unpinned.test"),
        "{}",
        said(&out)
    );
    // A host never reached is not where the program went.
    let went = jail.fixture.events("vault.egress");
    assert!(
        went.iter().all(|e| e["host"] != "unpinned.test"),
        "{went:#?}"
    );
    assert_program_never_saw_the_value(&out);
}

/// In the sandbox as through the proxy alone: a request on the routes of a grant that asks
/// for approval waits for the operator, who answers from outside.
#[test]
fn in_the_sandbox_a_held_request_waits_for_the_operators_answer() {
    let Some(jail) = Jail::new() else {
        return;
    };
    let sandbox = &jail.fixture.sandbox;
    sandbox
        .vault(["grant", "add", "--agent", "bot", "TOKEN", "--approve"])
        .assert()
        .success();
    let answer = {
        let vault = sandbox.spawnable(["grant", "requests", "--json"]);
        let approve = sandbox.spawnable(["grant", "approve"]);
        std::thread::spawn(move || answer_first_held(vault, approve))
    };
    let out = jail.run(
        &[],
        r#"curl -sS -H "X-Key: $TOKEN" "$UP/held" -w ' [%{http_code}]\n'"#,
    );
    let id = answer.join().unwrap();
    assert_eq!(text(&out.stdout), "ok\n [200]\n", "{}", said(&out));
    let injected = jail.fixture.events("vault.injected");
    assert_eq!(injected[0]["request_id"], id.as_str());
    assert_program_never_saw_the_value(&out);
}

/// Waits for a request the proxy holds, approves it, and returns its id.
fn answer_first_held(
    mut list: std::process::Command,
    mut approve: std::process::Command,
) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let listed: serde_json::Value =
            serde_json::from_slice(&list.output().unwrap().stdout).unwrap();
        if let Some(held) = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["kind"] == "request")
        {
            let id = held["request_id"].as_str().unwrap().to_owned();
            assert!(approve.arg(&id).status().unwrap().success());
            return id;
        }
        assert!(std::time::Instant::now() < deadline, "nothing was held");
        std::thread::sleep(Duration::from_millis(20));
    }
}
