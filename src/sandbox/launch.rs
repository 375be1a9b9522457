//! Starting bubblewrap, and knowing when the inside is ready. `vault` and the inside talk over
//! a socket pair: the inside sends the proxy's listener it made in the sandbox's network
//! namespace (so no bridge of ours runs in there), says whether Landlock took, and waits for
//! `vault` to log `vault.sandboxed` before it becomes the program. The kernel stamps each of
//! its messages with its process id as `vault` sees it (SO_PASSCRED), which is where signals
//! go.
//!
//! bubblewrap's own errors (a namespace it may not make) go to a pipe `vault` reads, not to
//! the program's stderr, so a sandbox that cannot be set up is one line of ours.

use std::ffi::OsString;
use std::fs::File;
use std::io::{IoSlice, IoSliceMut, Read, Write};
use std::net::{TcpListener, UdpSocket};
use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::sys::socket::{
    ControlMessage, ControlMessageOwned, MsgFlags, UnixCredentials, recvmsg, sendmsg, setsockopt,
    sockopt::PassCred,
};

use super::Sandbox;

/// Where the `vault` binary is inside: /run is the sandbox's own, so nothing else is there.
pub(super) const INSIDE_EXE: &str = "/run/vault/vault";

/// How long the inside may take to be ready: bubblewrap starts in milliseconds, but a loaded
/// machine is no reason to fail.
const READY_WITHIN: Duration = Duration::from_secs(30);

/// What the inside made for the connections of programs that ignore the proxy variables.
pub struct Routes {
    pub connections: TcpListener,
    pub names: UdpSocket,
    /// `nft`, to set the sandbox's rules with.
    nft: PathBuf,
}

impl Routes {
    /// Sends the sandbox's TCP to `pool` to `connections`, and its DNS to `names`, in the
    /// sandbox's network namespace.
    pub fn install(&self, pool: (std::net::Ipv4Addr, u8)) -> Result<()> {
        let port = |socket: std::io::Result<std::net::SocketAddr>| {
            socket
                .map(|address| address.port())
                .context("cannot find the sandbox's routed sockets")
        };
        let connections = port(self.connections.local_addr())?;
        let names = port(self.names.local_addr())?;
        super::route::install(
            &self.nft,
            self.connections.as_fd(),
            pool,
            connections,
            names,
        )
    }
}

/// bubblewrap started, the inside not yet ready.
pub struct Pending {
    control: UnixStream,
    /// The inside's end and bubblewrap's stderr, open until bubblewrap has them.
    inside: Option<(OwnedFd, OwnedFd)>,
    errors: File,
    /// `nft`, when the inside was asked to make the routed sockets.
    nft: Option<PathBuf>,
}

/// The inside, ready to become the program.
pub struct Launched {
    control: UnixStream,
    /// The program's process id, as `vault` sees it.
    pub program: i32,
    /// The proxy's listener in the sandbox, when one was asked for.
    pub listener: Option<TcpListener>,
    /// The listener and the name server's socket for routed connections, when asked for.
    pub routes: Option<Routes>,
    /// Whether Landlock scoped the program's signals and abstract sockets (the kernel has it
    /// from Linux 6.12).
    pub landlock: bool,
}

impl Launched {
    /// Lets the inside become the program.
    pub fn go(mut self) -> Result<()> {
        self.control
            .write_all(b"go")
            .context("the sandbox went away before the command started")
    }
}

/// One message from the inside: `ready 0|1` or `error TEXT`, with the sockets it made.
pub fn send(control: &UnixStream, message: &str, fds: &[RawFd]) -> Result<()> {
    let mut cmsgs = Vec::new();
    if !fds.is_empty() {
        cmsgs.push(ControlMessage::ScmRights(fds));
    }
    sendmsg::<()>(
        control.as_raw_fd(),
        &[IoSlice::new(message.as_bytes())],
        &cmsgs,
        MsgFlags::empty(),
        None,
    )
    .context("cannot tell vault the sandbox is ready")?;
    Ok(())
}

impl Sandbox {
    /// bubblewrap's command line for `program`, with the proxy's port to listen on inside and
    /// whether the program gets its terminal as the controlling one.
    pub fn command(
        &self,
        program: &[OsString],
        listen: Option<u16>,
        terminal: bool,
    ) -> Result<(Command, Pending)> {
        let exe = std::env::current_exe().context("cannot find the vault binary")?;
        let (ours, theirs) = UnixStream::pair().context("cannot talk to the sandbox")?;
        setsockopt(&ours, PassCred, &true).context("cannot talk to the sandbox")?;
        let (errors, bwrap_stderr) = nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC)
            .context("cannot talk to the sandbox")?;
        // The inside's descriptors: the first numbers above 2 that no --pass-fd takes.
        let mut free = (3..).filter(|fd| !self.pass_fds.contains(fd));
        let (control_fd, stderr_fd) = (free.next().unwrap_or(3), free.next().unwrap_or(4));

        let mut command = Command::new(&self.bwrap);
        command.args([
            "--unshare-all",
            "--unshare-user",
            // No --disable-userns: the syscall filter refuses every way to a new user
            // namespace, and bubblewrap's nested namespace for it costs a millisecond a start.
            "--die-with-parent",
            "--new-session",
            "--cap-drop",
            "ALL",
            "--ro-bind",
            "/",
            "/",
            "--dev",
            "/dev",
            "--proc",
            "/proc",
        ]);
        command.args(&self.mounts.args);
        command.arg("--ro-bind").arg(&exe).arg(INSIDE_EXE);
        command.arg("--chdir").arg(&self.mounts.cwd);
        command.args(["--", INSIDE_EXE, "sandbox", "enter"]);
        command.arg(format!("--control={control_fd}"));
        command.arg(format!("--stderr={stderr_fd}"));
        if let Some(port) = listen {
            command.arg(format!("--listen={port}"));
        }
        let nft = match (&self.route, listen) {
            (Ok(nft), Some(_)) => Some(nft.clone()),
            _ => None,
        };
        if nft.is_some() {
            command.arg("--route");
        }
        if terminal {
            command.arg("--terminal");
        }
        for fd in &self.pass_fds {
            command.arg(format!("--pass-fd={fd}"));
        }
        command.arg("--").args(program);
        command.env_clear().envs(self.environment().iter().cloned());

        let (theirs_raw, stderr_raw) = (theirs.as_raw_fd(), bwrap_stderr.as_raw_fd());
        // Made before the fork: the child of a process with threads may not allocate.
        let pass = self.pass_fds.clone();
        let mut keep: Vec<RawFd> = pass
            .iter()
            .copied()
            .chain([control_fd, stderr_fd])
            .collect();
        keep.sort_unstable();
        // SAFETY: only async-signal-safe calls (fcntl, dup2, close_range) between fork and
        // exec, and no allocation.
        unsafe {
            command.pre_exec(move || {
                arrange_descriptors(theirs_raw, stderr_raw, control_fd, stderr_fd, &pass, &keep)
            });
        }
        Ok((
            command,
            Pending {
                control: ours,
                inside: Some((OwnedFd::from(theirs), bwrap_stderr)),
                errors: File::from(errors),
                nft,
            },
        ))
    }
}

/// In bubblewrap's process before it starts: the program's stderr moves to `stderr_fd` and
/// bubblewrap's own goes to vault; the socket to vault is `control_fd`; every descriptor above
/// 2 but `keep` (sorted: those and `pass`) closes at exec, however the caller left it open.
fn arrange_descriptors(
    control: RawFd,
    bwrap_stderr: RawFd,
    control_fd: RawFd,
    stderr_fd: RawFd,
    pass: &[RawFd],
    keep: &[RawFd],
) -> std::io::Result<()> {
    let check = |result: libc::c_int| {
        if result < 0 {
            Err(std::io::Error::last_os_error())
        } else {
            Ok(result)
        }
    };
    let above = keep.last().copied().unwrap_or(4) + 1;
    // SAFETY: fcntl, dup2 and close_range are async-signal-safe and take no pointers.
    unsafe {
        let control_copy = check(libc::fcntl(control, libc::F_DUPFD_CLOEXEC, above))?;
        let stderr_copy = check(libc::fcntl(2, libc::F_DUPFD_CLOEXEC, above))?;
        check(libc::dup2(bwrap_stderr, 2))?;
        check(libc::dup2(control_copy, control_fd))?;
        check(libc::dup2(stderr_copy, stderr_fd))?;
        for &fd in pass {
            check(libc::fcntl(fd, libc::F_SETFD, 0))?;
        }
        close_others_on_exec(keep)
    }
}

/// Marks every descriptor above 2 but `keep` (sorted) close-on-exec: they go when bubblewrap
/// (or the program) starts, and until then nothing that reports a failed exec is cut off.
pub fn close_others_on_exec(keep: &[RawFd]) -> std::io::Result<()> {
    const CLOSE_RANGE_CLOEXEC: libc::c_uint = 1 << 2;
    let mut from: libc::c_uint = 3;
    let ranges = keep
        .iter()
        .map(|&fd| fd as libc::c_uint)
        .chain([libc::c_uint::MAX]);
    for upto in ranges {
        if upto > from {
            let last = if upto == libc::c_uint::MAX {
                upto
            } else {
                upto - 1
            };
            // SAFETY: close_range takes no pointers; it only changes descriptor flags here.
            if unsafe { libc::syscall(libc::SYS_close_range, from, last, CLOSE_RANGE_CLOEXEC) } < 0
            {
                return Err(std::io::Error::last_os_error());
            }
        }
        from = upto.saturating_add(1);
    }
    Ok(())
}

impl Pending {
    /// Waits until the inside is ready, or says in one line why the sandbox could not start.
    pub fn wait(mut self, bwrap: &mut Child) -> Result<Launched> {
        // Only bubblewrap and what it starts may hold these now, so that their end is ours
        // to see.
        self.inside = None;
        let mut polled = [PollFd::new(self.control.as_fd(), PollFlags::POLLIN)];
        let timeout = PollTimeout::try_from(READY_WITHIN).unwrap_or(PollTimeout::MAX);
        loop {
            match poll(&mut polled, timeout) {
                Ok(0) => bail!(
                    "the sandbox did not start within {} s",
                    READY_WITHIN.as_secs()
                ),
                Ok(_) => break,
                Err(nix::errno::Errno::EINTR) => continue,
                Err(err) => return Err(err).context("cannot wait for the sandbox"),
            }
        }
        let mut buf = [0u8; 4096];
        let mut space = nix::cmsg_space!([RawFd; 3], UnixCredentials);
        let (text, mut fds, pid) = {
            let mut iov = [IoSliceMut::new(&mut buf)];
            let message = recvmsg::<()>(
                self.control.as_raw_fd(),
                &mut iov,
                Some(&mut space),
                MsgFlags::MSG_CMSG_CLOEXEC,
            )
            .context("cannot hear from the sandbox")?;
            let mut fds = Vec::new();
            let mut pid = None;
            for cmsg in message.cmsgs().context("cannot hear from the sandbox")? {
                match cmsg {
                    ControlMessageOwned::ScmRights(given) => {
                        // SAFETY: the kernel just gave us these descriptors; nothing else owns them.
                        fds.extend(given.iter().map(|&fd| unsafe { OwnedFd::from_raw_fd(fd) }));
                    }
                    ControlMessageOwned::ScmCredentials(credentials) => {
                        pid = Some(credentials.pid());
                    }
                    _ => {}
                }
            }
            (message.bytes, fds.into_iter(), pid)
        };
        let text = String::from_utf8_lossy(&buf[..text]).into_owned();
        if text.is_empty() {
            let _ = bwrap.wait();
            return Err(self.bwrap_failure());
        }
        if let Some(why) = text.strip_prefix("error ") {
            let _ = bwrap.wait();
            bail!("cannot start the sandbox: {why}");
        }
        let landlock = match text.as_str() {
            "ready 1" => true,
            "ready 0" => false,
            _ => bail!("the sandbox said something unexpected"),
        };
        let program = pid.ok_or_else(|| anyhow!("the sandbox did not say who it is"))?;
        let listener = fds.next().map(TcpListener::from);
        let routes = match (self.nft.take(), fds.next(), fds.next()) {
            (Some(nft), Some(connections), Some(names)) => Some(Routes {
                connections: TcpListener::from(connections),
                names: UdpSocket::from(names),
                nft,
            }),
            _ => None,
        };
        Ok(Launched {
            control: self.control,
            program,
            listener,
            routes,
            landlock,
        })
    }

    /// What bubblewrap said when it gave up, as one line that says how to fix it.
    fn bwrap_failure(mut self) -> anyhow::Error {
        let mut said = String::new();
        let _ = self.errors.read_to_string(&mut said);
        let said = said
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty())
            .unwrap_or("bwrap exited without saying why")
            .to_owned();
        let namespaces = ["namespace", "uid map", "setting up uid", "No permissions"]
            .iter()
            .any(|word| said.contains(word));
        if namespaces {
            return anyhow!(
                "cannot start the sandbox: user namespaces are not available here ({said}); enable them (`sysctl -w user.max_user_namespaces=15000`, `sysctl -w kernel.unprivileged_userns_clone=1` on older Debian, or on Ubuntu 24.04 `sysctl -w kernel.apparmor_restrict_unprivileged_userns=0` or an AppArmor profile for bwrap), or run without --sandbox"
            );
        }
        anyhow!("cannot start the sandbox: {said}")
    }
}
