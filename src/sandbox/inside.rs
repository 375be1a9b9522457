//! `vault sandbox enter`: what runs in the sandbox, as the program's own process, just before
//! it becomes the program. It makes the proxy's listener in the sandbox's network namespace
//! and hands it out, takes the terminal, closes every descriptor the program is not to have,
//! scopes the program with Landlock where the kernel has it, installs the syscall filter,
//! waits for `vault` to log the run, and then execs: nothing of ours stays inside to be traced,
//! signalled or read.

use std::io::{IsTerminal, Read};
use std::net::{Ipv4Addr, TcpListener, UdpSocket};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::process::Command;

use anyhow::{Context, Result, bail};

use super::{filter, launch};
use crate::error::CannotRun;

/// What bubblewrap was told to hand the inside (launch.rs writes it as arguments).
pub struct Entry<'a> {
    /// The socket to `vault` outside.
    pub control: i32,
    /// The program's stderr: bubblewrap's own is `vault`'s.
    pub stderr: i32,
    /// The loopback port to listen on for the proxy.
    pub listen: Option<u16>,
    /// Whether to make the listener and the name server's socket for routed connections.
    pub route: bool,
    /// Whether the program's terminal becomes its controlling terminal.
    pub terminal: bool,
    pub pass_fds: &'a [i32],
    pub command: &'a [std::ffi::OsString],
}

pub fn enter(args: &Entry) -> Result<u8> {
    // SAFETY: bubblewrap passed this descriptor, open, for us alone.
    let control = unsafe { UnixStream::from_raw_fd(args.control) };
    let (sockets, landlock) = match prepare(args) {
        Ok(prepared) => prepared,
        Err(err) => {
            // vault says it, in its one line; this process exits and the program never runs.
            let _ = launch::send(&control, &format!("error {err:#}"), &[]);
            return Ok(1);
        }
    };
    let fds: Vec<i32> = sockets.iter().map(|fd| fd.as_raw_fd()).collect();
    launch::send(&control, if landlock { "ready 1" } else { "ready 0" }, &fds)?;
    drop(sockets);
    // vault says why when it does not let the program start (it kills us then, too).
    let mut go = [0u8; 2];
    if (&control).read_exact(&mut go).is_err() || &go != b"go" {
        return Ok(1);
    }
    drop(control);
    crate::process::soften_for_exec();
    // SAFETY: signal takes no pointers; the program starts with SIGPIPE as programs expect.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_DFL) };
    let program = args.command[0].to_string_lossy().into_owned();
    let source = Command::new(&args.command[0])
        .args(&args.command[1..])
        .exec();
    Err(CannotRun { program, source }.into())
}

/// Everything that can fail before the program may start. The syscall filter comes last: it
/// is for the program, and what comes before it needs nothing it refuses anyway. The sockets
/// made in the sandbox's network namespace for `vault` outside: the proxy's listener, then
/// the routed connections' listener and the name server's socket.
fn prepare(args: &Entry) -> Result<(Vec<OwnedFd>, bool)> {
    let mut sockets = Vec::new();
    if let Some(port) = args.listen {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))
            .context("cannot listen for the proxy inside the sandbox")?;
        sockets.push(OwnedFd::from(listener));
    }
    if args.route {
        let routed = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .context("cannot listen for routed connections inside the sandbox")?;
        let names = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0))
            .context("cannot make the name server's socket inside the sandbox")?;
        sockets.extend([OwnedFd::from(routed), OwnedFd::from(names)]);
    }
    if args.terminal {
        take_terminal()?;
    }
    // SAFETY: dup2 and close take no pointers; `stderr` was passed for this.
    unsafe {
        if libc::dup2(args.stderr, 2) < 0 {
            bail!("cannot give the command its stderr");
        }
        libc::close(args.stderr);
    }
    let mut keep = args.pass_fds.to_vec();
    keep.sort_unstable();
    launch::close_others_on_exec(&keep)
        .context("cannot close the descriptors the command is not to have")?;
    let landlock = scope()?;
    filter::install()?;
    Ok((sockets, landlock))
}

/// The terminal on stdout, else on stdin, becomes the controlling terminal of the program's
/// session (bubblewrap made it a session of its own): ^C, job control and window sizes work.
fn take_terminal() -> Result<()> {
    let fd = if std::io::stdout().is_terminal() {
        1
    } else if std::io::stdin().is_terminal() {
        0
    } else {
        return Ok(());
    };
    // SAFETY: setsid and ioctl(TIOCSCTTY) take no pointers.
    unsafe {
        // Fails when bubblewrap made us a session leader already, which is what it is for.
        libc::setsid();
        if libc::ioctl(fd, libc::TIOCSCTTY, 0) < 0 {
            return Err(std::io::Error::last_os_error())
                .context("cannot give the command its terminal");
        }
    }
    Ok(())
}

/// Landlock's scopes: the program may not signal a process outside the sandbox's domain nor
/// dial an abstract Unix socket made outside it. Kernels before 6.12 have no scopes; there the
/// PID and network namespaces alone stand (and the event says so).
fn scope() -> Result<bool> {
    use landlock::{CompatLevel, Compatible, Ruleset, RulesetAttr, RulesetStatus, Scope};
    let Ok(ruleset) = Ruleset::default()
        .set_compatibility(CompatLevel::HardRequirement)
        .scope(Scope::AbstractUnixSocket | Scope::Signal)
    else {
        // This kernel has no scopes (before 6.12, or Landlock off).
        return Ok(false);
    };
    let status = ruleset
        .create()
        .and_then(|created| created.restrict_self())
        .context("cannot scope the command with Landlock")?;
    Ok(status.ruleset == RulesetStatus::FullyEnforced)
}
