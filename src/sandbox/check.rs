//! `vault sandbox check`: a sandbox as `exec --sandbox` makes it, and a probe inside that tries
//! each way out. What the probe can judge alone (a syscall refused, a file unreadable) it
//! judges; what only the outside sees (did the UDP packet arrive, did the proxy's listener
//! take a connection) the outside judges. Every target is made for this run: decoy files in
//! a directory of the home that is removed after, listeners on loopback, a descriptor left
//! open on purpose. Nothing is sent beyond loopback.

use std::ffi::OsString;
use std::io::{ErrorKind, Read, Write};
use std::net::{Ipv4Addr, SocketAddrV4, TcpListener, TcpStream, ToSocketAddrs, UdpSocket};
use std::os::fd::AsRawFd;
use std::os::linux::net::SocketAddrExt;
use std::os::unix::net::{SocketAddr, UnixListener, UnixStream};
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use serde::{Deserialize, Serialize};

use super::{Options, Sandbox, filter};

/// One protection, and whether it held.
#[derive(Debug, Serialize, Deserialize)]
pub struct Row {
    pub protection: String,
    pub held: bool,
    pub detail: String,
}

/// What the probe inside is to try, made by the outside.
#[derive(Serialize, Deserialize)]
struct Plan {
    tcp_port: u16,
    udp_port: u16,
    proxy_port: u16,
    abstract_name: String,
    runtime_socket: PathBuf,
    home_decoys: Vec<PathBuf>,
    vault_decoys: Vec<PathBuf>,
    git_dir: PathBuf,
    inherited_fd: i32,
    vault_pid: u32,
    /// An address of the routed pool, to connect to.
    routed: SocketAddrV4,
}

const TOKEN_VARIABLE: &str = "GITHUB_TOKEN";
const DECOY_TOKEN: &str = "ghp_vaultSandboxCheckDecoy0000000000";

/// Runs the check; the rows in the order they were tried. `pool`: the addresses the sandbox
/// routes to the proxy.
pub fn check(pool: (Ipv4Addr, u8)) -> Result<Vec<Row>> {
    let home = crate::paths::env_path("HOME")
        .ok_or_else(|| anyhow!("cannot find your home directory; set HOME"))?;
    // Decoys where the user's own secrets would be: in the home directory, and a key file
    // and vault beside the work.
    let decoys = tempfile::Builder::new()
        .prefix(".vault-sandbox-check-")
        .tempdir_in(&home)
        .context("cannot make the decoys in the home directory")?;
    let mut home_decoys = Vec::new();
    for name in [
        "cookies.sqlite",
        ".bash_history",
        ".claude-credentials.json",
        "age-identity.txt",
        "other-project.env",
    ] {
        let path = decoys.path().join(name);
        std::fs::write(&path, "decoy").context("cannot make the decoys")?;
        home_decoys.push(path);
    }
    let work = tempfile::Builder::new()
        .prefix("vault-sandbox-check-")
        .tempdir()
        .context("cannot make a work directory")?;
    let work_dir = work.path().canonicalize()?;
    std::fs::create_dir_all(work_dir.join(".git/hooks"))?;
    std::fs::write(work_dir.join(".git/config"), "[core]\n")?;
    std::fs::create_dir(work_dir.join("keys"))?;
    let vault_decoys = vec![
        work_dir.join("keys/agent.key"),
        work_dir.join("keys/vault.age"),
    ];
    for decoy in &vault_decoys {
        std::fs::write(decoy, "AGE-SECRET-KEY-DECOY")?;
    }

    let tcp = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    let udp = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0))?;
    udp.set_read_timeout(Some(Duration::from_millis(200)))?;
    let abstract_name = format!("vault-sandbox-check-{}", std::process::id());
    let abstract_listener =
        UnixListener::bind_addr(&SocketAddr::from_abstract_name(abstract_name.as_bytes())?)?;
    let runtime_dir = crate::paths::env_path("XDG_RUNTIME_DIR").unwrap_or_else(std::env::temp_dir);
    let runtime = tempfile::Builder::new()
        .prefix("vault-sandbox-check-")
        .tempdir_in(&runtime_dir)
        .or_else(|_| tempfile::tempdir())?;
    let runtime_socket = runtime.path().join("agent.sock");
    let _runtime_listener = UnixListener::bind(&runtime_socket)?;
    // A descriptor the caller left open, as a shell's `9<FILE` does.
    let inherited = std::fs::File::open(&home_decoys[0])?;
    // SAFETY: F_SETFD on a descriptor we own; clearing close-on-exec is the point.
    unsafe { libc::fcntl(inherited.as_raw_fd(), libc::F_SETFD, 0) };
    let proxy_port = {
        // A port free on the host is free in the sandbox's fresh network namespace too.
        let probe = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        probe.local_addr()?.port()
    };

    let plan = Plan {
        tcp_port: tcp.local_addr()?.port(),
        udp_port: udp.local_addr()?.port(),
        proxy_port,
        abstract_name,
        runtime_socket,
        home_decoys,
        vault_decoys: vault_decoys.clone(),
        git_dir: work_dir.join(".git"),
        inherited_fd: inherited.as_raw_fd(),
        vault_pid: std::process::id(),
        routed: SocketAddrV4::new(Ipv4Addr::from(u32::from(pool.0) + 1), 443),
    };
    let mut caller: Vec<(OsString, OsString)> = std::env::vars_os().collect();
    caller.push((TOKEN_VARIABLE.into(), DECOY_TOKEN.into()));
    caller.push(("SSH_AUTH_SOCK".into(), plan.runtime_socket.clone().into()));

    std::env::set_current_dir(&work_dir)?;
    let sandbox = Sandbox::plan_with(
        &Options {
            vault_files: vault_decoys,
            ..Options::default()
        },
        caller,
    )?;
    let program = [
        OsString::from(super::launch::INSIDE_EXE),
        "sandbox".into(),
        "probe".into(),
        serde_json::to_string(&plan)?.into(),
    ];
    let (mut command, pending) = sandbox.command(&program, Some(proxy_port), false)?;
    command.stdin(Stdio::null()).stdout(Stdio::piped());
    let mut child = command.spawn().context("cannot start bubblewrap")?;
    drop(inherited);
    let mut launched = pending.wait(&mut child)?;
    let landlock = launched.landlock;
    let listener = launched
        .listener
        .take()
        .ok_or_else(|| anyhow!("the sandbox made no listener for the proxy"))?;
    let routes = match launched.routes.take() {
        Some(routes) => routes.install(pool).map(|()| routes),
        None => Err(anyhow!(
            "{}",
            sandbox
                .unroutable()
                .unwrap_or_else(|| "no routed sockets".into())
        )),
    };
    launched.go()?;

    let mut stdout = child.stdout.take().context("cannot read the probe")?;
    let mut out = String::new();
    stdout.read_to_string(&mut out)?;
    let status = child.wait()?;
    let mut rows: Vec<Row> = out
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    if !status.success() || rows.is_empty() {
        return Err(anyhow!(
            "the probe inside the sandbox failed ({status}); run `vault sandbox check` again, and report it if it keeps failing"
        ));
    }
    let mut buf = [0u8; 64];
    let udp_arrived = udp.recv(&mut buf).is_ok();
    rows.push(Row {
        protection: "network: UDP to the host".into(),
        held: !udp_arrived,
        detail: if udp_arrived {
            "a packet reached a loopback socket outside".into()
        } else {
            "no packet reached the loopback socket outside".into()
        },
    });
    listener.set_nonblocking(true)?;
    let proxied = listener.accept().is_ok();
    rows.push(Row {
        protection: "the proxy is reachable inside".into(),
        held: proxied,
        detail: if proxied {
            format!("127.0.0.1:{proxy_port} inside leads to vault outside")
        } else {
            "the listener inside took no connection".into()
        },
    });
    let routed = routes.and_then(|routes| {
        routes.connections.set_nonblocking(true)?;
        routes
            .connections
            .accept()
            .map(drop)
            .context("the routed listener inside took no connection")
    });
    rows.push(Row {
        protection: "connections that ignore the proxy variables".into(),
        held: routed.is_ok(),
        detail: match &routed {
            Ok(()) => format!("{} inside leads to vault outside", plan.routed),
            Err(why) => crate::output::one_line(&format!("not routed: {why:#}")),
        },
    });
    rows.push(Row {
        protection: "landlock scopes (signals, abstract sockets)".into(),
        held: true,
        detail: if landlock {
            "in force".into()
        } else {
            "this kernel has none (before 6.12); the PID and network namespaces hold alone".into()
        },
    });
    drop((tcp, abstract_listener, runtime, decoys, work));
    Ok(rows)
}

/// `vault sandbox probe PLAN`: inside, tries each escape and prints one JSON row per try.
pub fn probe(plan: &str) -> Result<u8> {
    // It kills its parent on purpose: only where that parent is bubblewrap's init, pid 1 of
    // a PID namespace of its own, with the probe its first child.
    if std::process::id() != 2 || nix::unistd::getppid().as_raw() != 1 {
        bail!("`vault sandbox probe` runs only inside the sandbox `vault sandbox check` makes");
    }
    let plan: Plan = serde_json::from_str(plan).context("the probe's plan does not parse")?;
    let mut rows = Vec::new();
    let mut row = |protection: &str, held: bool, detail: String| {
        rows.push(Row {
            protection: protection.to_owned(),
            held,
            detail,
        })
    };

    let connect = TcpStream::connect_timeout(
        &(Ipv4Addr::LOCALHOST, plan.tcp_port).into(),
        Duration::from_secs(2),
    );
    row(
        "network: TCP to the host",
        connect.is_err(),
        outcome(&connect.map(drop)),
    );
    // Judged outside, where the packet would arrive.
    let _ = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|socket| socket.send_to(b"escape", (Ipv4Addr::LOCALHOST, plan.udp_port)));
    let devices = std::fs::read_to_string("/proc/net/dev").unwrap_or_default();
    let interfaces: Vec<&str> = devices
        .lines()
        .skip(2)
        .filter_map(|line| line.split(':').next().map(str::trim))
        .collect();
    row(
        "network: loopback only",
        interfaces == ["lo"],
        format!("interfaces: {}", interfaces.join(", ")),
    );
    let dns = ("example.com", 443).to_socket_addrs().map(drop);
    row("network: DNS", dns.is_err(), outcome(&dns));
    // Judged outside, where the listeners made in here were handed.
    let _ = TcpStream::connect((Ipv4Addr::LOCALHOST, plan.proxy_port))
        .and_then(|mut stream| stream.write_all(b"x"));
    let _ = TcpStream::connect_timeout(&plan.routed.into(), Duration::from_secs(2))
        .and_then(|mut stream| stream.write_all(b"x"));

    let abstract_dial = SocketAddr::from_abstract_name(plan.abstract_name.as_bytes())
        .and_then(|addr| UnixStream::connect_addr(&addr))
        .map(drop);
    row(
        "abstract Unix sockets of the host",
        abstract_dial.is_err(),
        outcome(&abstract_dial),
    );
    let runtime = UnixStream::connect(&plan.runtime_socket).map(drop);
    row(
        "Unix sockets in the runtime directory",
        runtime.is_err(),
        outcome(&runtime),
    );
    row(
        "variables that point outside or hold tokens",
        std::env::var_os(TOKEN_VARIABLE).is_none() && std::env::var_os("SSH_AUTH_SOCK").is_none(),
        format!("{TOKEN_VARIABLE} and SSH_AUTH_SOCK are not set"),
    );

    let read = |paths: &[PathBuf]| -> (bool, String) {
        let seen: Vec<String> = paths
            .iter()
            .filter(|path| std::fs::read(path).is_ok_and(|bytes| !bytes.is_empty()))
            .map(|path| path.display().to_string())
            .collect();
        if seen.is_empty() {
            (true, format!("{} decoys unreadable", paths.len()))
        } else {
            (false, format!("read {}", seen.join(", ")))
        }
    };
    let (held, detail) = read(&plan.home_decoys);
    row("the home directory", held, detail);
    let (held, detail) = read(&plan.vault_decoys);
    let overwritten = std::fs::write(&plan.vault_decoys[0], "planted").map(drop);
    row(
        "the vault's files and the agent's key",
        held && overwritten.is_err(),
        format!("{detail}; writing one: {}", outcome(&overwritten)),
    );

    let written = std::fs::write("/etc/vault-sandbox-check", "x").map(drop);
    row(
        "the filesystem outside the work",
        written.is_err(),
        outcome(&written),
    );
    let hook = std::fs::write(plan.git_dir.join("hooks/post-checkout"), "#!/bin/sh\n").map(drop);
    let swapped = std::fs::rename(&plan.git_dir, plan.git_dir.with_extension("old"));
    let held = hook.is_err() && swapped.is_err();
    row(
        "the git directory",
        held,
        format!(
            "writing a hook: {}; replacing .git: {}",
            outcome(&hook),
            outcome(&swapped)
        ),
    );
    // SAFETY: F_GETFD only reads flags; a closed descriptor gives EBADF.
    let open = unsafe { libc::fcntl(plan.inherited_fd, libc::F_GETFD) } >= 0;
    row(
        "descriptors left open by the caller",
        !open,
        format!(
            "descriptor {} is {}",
            plan.inherited_fd,
            if open { "open" } else { "closed" }
        ),
    );

    let parent = nix::unistd::getppid();
    let signalled = nix::sys::signal::kill(parent, nix::sys::signal::Signal::SIGKILL);
    std::thread::sleep(Duration::from_millis(20));
    // Landlock refuses even signal 0 to it, so /proc says whether it still runs.
    let alive = std::fs::read_to_string(format!("/proc/{parent}/stat"))
        .is_ok_and(|stat| !stat.contains(") Z "));
    row(
        "signalling the process above it",
        alive,
        match signalled {
            Err(errno) => format!("kill: {}", errno.desc()),
            Ok(()) => "the signal was dropped".into(),
        },
    );
    // SAFETY: PTRACE_ATTACH takes no pointers; refused, it changes nothing.
    let traced = unsafe {
        libc::ptrace(
            libc::PTRACE_ATTACH,
            parent.as_raw(),
            std::ptr::null_mut::<libc::c_void>(),
            std::ptr::null_mut::<libc::c_void>(),
        )
    } as libc::c_int;
    row(
        "tracing the process above it",
        traced < 0,
        errno_detail(traced),
    );
    let vault_seen = std::fs::read_to_string(format!("/proc/{}/comm", plan.vault_pid))
        .is_ok_and(|comm| comm.trim() == "vault");
    row(
        "vault's process",
        !vault_seen,
        if vault_seen {
            "its /proc entry is readable".into()
        } else {
            "not in the sandbox's process table".into()
        },
    );
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let (caps, no_new) = (field("CapEff:"), field("NoNewPrivs:"));
    row(
        "capabilities and new privileges",
        caps.trim_start_matches('0').is_empty() && no_new == "1",
        format!("effective capabilities {caps}, no_new_privs {no_new}"),
    );
    // Without a controlling terminal, no key can be pushed into the caller's.
    let terminal = std::fs::File::open("/dev/tty").map(drop);
    row(
        "the caller's terminal",
        terminal.is_err(),
        format!("opening /dev/tty: {}", outcome(&terminal)),
    );

    // SAFETY: unshare with a flag only; refused, it changes nothing.
    let userns = unsafe { libc::unshare(libc::CLONE_NEWUSER) };
    row(
        "syscall: a new user namespace",
        userns < 0,
        errno_detail(userns),
    );
    for (name, call) in filter::TRIED {
        // SAFETY: every argument is zero: a call let through fails on its arguments, and one
        // refused never runs.
        let result = unsafe { libc::syscall(call, 0, 0, 0, 0, 0, 0) } as libc::c_int;
        let errno = std::io::Error::last_os_error().raw_os_error();
        row(
            &format!("syscall: {name}"),
            result < 0 && errno == Some(libc::EPERM),
            errno_detail(result),
        );
    }
    let c: u8 = b'x';
    // SAFETY: TIOCSTI reads one byte from the pointer, which points at `c`.
    let tiocsti = unsafe { libc::ioctl(0, libc::TIOCSTI, &c) };
    row("ioctl: TIOCSTI", tiocsti < 0, errno_detail(tiocsti));

    let mut stdout = std::io::stdout().lock();
    for row in rows {
        serde_json::to_writer(&mut stdout, &row)?;
        stdout.write_all(b"\n")?;
    }
    Ok(0)
}

fn outcome(result: &std::io::Result<()>) -> String {
    match result {
        Ok(()) => "it worked".into(),
        Err(err) if err.kind() == ErrorKind::NotFound => "not there".into(),
        Err(err) => err.to_string(),
    }
}

fn errno_detail(result: libc::c_int) -> String {
    if result >= 0 {
        "it worked".into()
    } else {
        std::io::Error::last_os_error().to_string()
    }
}
