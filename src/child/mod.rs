//! Running a program with `vault` in between: its output passes through a redactor on its way
//! out, and otherwise `vault` is not there. The program gets a pseudo-terminal when `vault`'s
//! stdout is a terminal (pipes otherwise), its stdin as it was, the signals sent to `vault`, and
//! its exit status (or 128 + N when signal N killed it) becomes `vault`'s.

mod signals;
mod terminal;

use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::sys::signal::{Signal, kill, killpg};
use nix::unistd::{Pid, tcgetpgrp};

use crate::error::CannotRun;
use crate::mask::{Redactor, Sink, Stream};
use crate::process;
use signals::{Arrived, Signals};

/// Output that could still become a secret is held back at most this long when the program
/// writes nothing more: a prompt or a partial line shows at once, and a value trickled out
/// faster than this is still caught.
pub const IDLE_FLUSH: Duration = Duration::from_millis(50);

/// After the program exits, its output is read until it ends, or until nothing came for this
/// long (a background process of its may hold the output open).
const DRAIN_AFTER_EXIT: Duration = Duration::from_millis(100);

/// How long the loop waits at most without checking on the program: SIGCHLD says when it ends,
/// and this is only in case that signal went to a thread that let it through.
const CHECK_EVERY: Duration = Duration::from_secs(1);

/// An output of the program, and where it goes.
struct Source {
    file: Option<File>,
    stream: Stream,
}

/// `vault`'s own stdout and stderr, as the redactor writes to them. A reader that went away
/// makes the program's next write to that stream fail as it would have without `vault`.
#[derive(Default)]
struct Terminal {
    out_gone: bool,
    err_gone: bool,
}

impl Sink for Terminal {
    fn write(&mut self, stream: Stream, bytes: &[u8]) -> io::Result<()> {
        let (gone, written) = match stream {
            Stream::Out => {
                let mut out = io::stdout().lock();
                (
                    &mut self.out_gone,
                    out.write_all(bytes).and_then(|()| out.flush()),
                )
            }
            Stream::Err => (&mut self.err_gone, io::stderr().lock().write_all(bytes)),
        };
        match written {
            Err(err) if err.kind() == io::ErrorKind::BrokenPipe => {
                *gone = true;
                Ok(())
            }
            other => other,
        }
    }
}

/// Runs `command` with its output through `redactor`; `watch` looks at the redactor after
/// each piece of output (to notice a canary). Without a redactor the program writes where
/// `vault` would, and `vault` only waits for it (and passes signals on): it stays to serve the
/// program, as the credential proxy does. Returns the exit code to pass on.
/// What stands between `vault` and the program, when something does (the sandbox): `command`
/// starts it, and it starts the program. It gives the program its controlling terminal
/// itself, and says, once the program is about to start, which process signals go to.
pub trait Between {
    /// Called once the command is spawned; returns the program's process id. An error stops
    /// the command before the program runs.
    fn started(&mut self, child: &mut Child) -> Result<i32>;
}

/// Whether the program gets a pseudo-terminal of its own (see `run`): masked, with a terminal
/// on stdout or stdin.
pub fn gets_terminal(masking: bool) -> bool {
    masking && (io::stdout().is_terminal() || io::stdin().is_terminal())
}

pub fn run(
    mut command: Command,
    between: Option<&mut dyn Between>,
    redactor: Option<&mut Redactor>,
    mut watch: impl FnMut(&Redactor) -> Result<()>,
) -> Result<u8> {
    let program = command.get_program().to_string_lossy().into_owned();
    let signals = Signals::block()?;
    let masking = redactor.is_some();
    let stdin_tty = io::stdin().is_terminal();
    let stdout_tty = io::stdout().is_terminal();
    // Masked, the program never holds one of the user's terminals: what it wrote there, to
    // /dev/tty or to a terminal on fd 0, would pass unmasked. It gets a pseudo-terminal of
    // its own for the stdout or stdin that is a terminal, as its controlling terminal, in a
    // session of its own; with neither, no controlling terminal at all.
    let (stdout, stdin) = (io::stdout(), io::stdin());
    let terminal: Option<BorrowedFd> = if stdout_tty {
        Some(stdout.as_fd())
    } else if stdin_tty {
        Some(stdin.as_fd())
    } else {
        None
    };
    let pty = match terminal {
        Some(like) if masking => Some(terminal::open(like)?),
        _ => None,
    };
    // Where the program's terminal is, 1 or 0: the one that becomes its controlling terminal
    // (what stands between takes it inside, for the program).
    let mut controlling_fd = None;
    let inside = between.is_some();
    match &pty {
        _ if !masking => {}
        Some((_, slave)) => {
            if stdout_tty {
                command.stdout(Stdio::from(slave.try_clone()?));
                command.stderr(if io::stderr().is_terminal() {
                    Stdio::from(slave.try_clone()?)
                } else {
                    Stdio::piped()
                });
                controlling_fd = (!inside).then_some(1);
            } else {
                command.stdout(Stdio::piped()).stderr(Stdio::piped());
                controlling_fd = (!inside).then_some(0);
            }
            if stdin_tty {
                command.stdin(Stdio::from(slave.try_clone()?));
            }
        }
        None => {
            command.stdout(Stdio::piped()).stderr(Stdio::piped());
        }
    }
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        command.pre_exec(move || {
            signals::reset_in_child()?;
            process::soften_for_exec();
            // The program's own session, with its pseudo-terminal as the controlling
            // terminal: ^C, job control and SIGWINCH work as on any terminal.
            if masking && libc::setsid() < 0 {
                return Err(io::Error::last_os_error());
            }
            if let Some(fd) = controlling_fd
                && libc::ioctl(fd, libc::TIOCSCTTY, 0) < 0
            {
                return Err(io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = command
        .spawn()
        .map_err(|source| CannotRun { program, source })?;
    let target = match between {
        Some(between) => match between.started(&mut child) {
            Ok(pid) => pid,
            Err(err) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(err);
            }
        },
        None => child.id() as i32,
    };
    let master = pty.map(|(master, slave)| {
        drop(slave);
        File::from(master)
    });
    let mut sources = Vec::new();
    if let Some(master) = &master {
        // A terminal in stdout's place shows as stdout; one in stdin's place only (its echo,
        // what the program wrote to /dev/tty) shows on stderr, where prompts go.
        sources.push(Source {
            file: Some(master.try_clone()?),
            stream: if stdout_tty { Stream::Out } else { Stream::Err },
        });
    }
    if let Some(out) = child.stdout.take() {
        sources.push(Source {
            file: Some(File::from(OwnedFd::from(out))),
            stream: Stream::Out,
        });
    }
    if let Some(err) = child.stderr.take() {
        sources.push(Source {
            file: Some(File::from(OwnedFd::from(err))),
            stream: Stream::Err,
        });
    }
    let _raw = match (&master, stdin_tty) {
        (Some(_), true) => terminal::Raw::enter(stdin.as_fd()),
        _ => None,
    };
    let mut relay = Relay {
        child: &mut child,
        target: Pid::from_raw(target),
        signals: &signals,
        master: master.as_ref(),
        terminal,
        // A sandbox starts the program in a session of its own.
        own_session: masking || inside,
        sources,
        forward_stdin: master.is_some() && stdin_tty,
        sink: Terminal::default(),
    };
    let status = relay.pump(redactor, &mut watch)?;
    drop(_raw);
    Ok(exit_code(status))
}

/// The code `vault` exits with for the program's status, as a shell would report it.
fn exit_code(status: ExitStatus) -> u8 {
    match (status.code(), status.signal()) {
        (Some(code), _) => code as u8,
        (None, Some(signal)) => 128 + signal as u8,
        (None, None) => 1,
    }
}

struct Relay<'a> {
    child: &'a mut Child,
    /// The program: the child, or the process the child started for it.
    target: Pid,
    signals: &'a Signals,
    master: Option<&'a File>,
    /// The user's terminal the program's pseudo-terminal stands for (its size is copied).
    terminal: Option<BorrowedFd<'a>>,
    /// Whether the program is in a session of its own, where no terminal signals reach it.
    own_session: bool,
    sources: Vec<Source>,
    forward_stdin: bool,
    sink: Terminal,
}

impl Relay<'_> {
    fn pump(
        &mut self,
        mut redactor: Option<&mut Redactor>,
        watch: &mut impl FnMut(&Redactor) -> Result<()>,
    ) -> Result<ExitStatus> {
        let mut exited = None;
        let mut last_output = Instant::now();
        let mut buf = vec![0u8; 64 << 10];
        loop {
            let open = self.sources.iter().any(|s| s.file.is_some());
            if exited.is_some() && !open {
                break;
            }
            let holding = redactor.as_ref().is_some_and(|r| r.holding());
            let timeout = if holding {
                IDLE_FLUSH.saturating_sub(last_output.elapsed())
            } else if exited.is_some() {
                DRAIN_AFTER_EXIT
            } else {
                CHECK_EVERY
            };
            let ready = self.wait(timeout)?;
            if exited.is_none() {
                exited = self.child.try_wait()?;
            }
            if ready.is_empty() {
                if let Some(redactor) = redactor.as_deref_mut().filter(|r| r.holding()) {
                    redactor.flush(&mut self.sink)?;
                } else if exited.is_some() {
                    break;
                }
                continue;
            }
            for what in ready {
                match what {
                    Ready::Signal => {
                        while let Some(arrived) = self.signals.next() {
                            if arrived.signal == Signal::SIGCHLD {
                                if exited.is_none() {
                                    exited = self.child.try_wait()?;
                                }
                            } else {
                                self.forward(&arrived);
                            }
                        }
                    }
                    Ready::Source(at) => {
                        let source = &mut self.sources[at];
                        let Some(file) = &mut source.file else {
                            continue;
                        };
                        match file.read(&mut buf) {
                            Ok(0) => source.file = None,
                            Ok(n) => {
                                // Sources exist only with a redactor.
                                if let Some(redactor) = redactor.as_deref_mut() {
                                    redactor.push(source.stream, &buf[..n], &mut self.sink)?;
                                    watch(redactor)?;
                                }
                                last_output = Instant::now();
                            }
                            // A pseudo-terminal whose program side is all closed.
                            Err(err) if err.raw_os_error() == Some(libc::EIO) => source.file = None,
                            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                            Err(err) => {
                                return Err(err).context("cannot read the program's output");
                            }
                        }
                        self.close_streams_nobody_reads();
                    }
                    Ready::Stdin => self.relay_stdin(&mut buf)?,
                }
            }
        }
        if let Some(redactor) = redactor {
            redactor.flush(&mut self.sink)?;
        }
        match exited {
            Some(status) => Ok(status),
            None => Ok(self.child.wait()?),
        }
    }

    /// The sources that went away after `vault`'s reader did: the program's next write there
    /// fails, as it would have.
    fn close_streams_nobody_reads(&mut self) {
        for source in &mut self.sources {
            let gone = match source.stream {
                Stream::Out => self.sink.out_gone,
                Stream::Err => self.sink.err_gone,
            };
            if gone && self.master.is_none() {
                source.file = None;
            }
        }
    }

    fn relay_stdin(&mut self, buf: &mut [u8]) -> Result<()> {
        let Some(mut master) = self.master else {
            return Ok(());
        };
        match io::stdin().lock().read(buf) {
            Ok(0) => self.forward_stdin = false,
            Ok(n) => master.write_all(&buf[..n])?,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => self.forward_stdin = false,
        }
        Ok(())
    }

    /// Waits for output, input or a signal, for at most `timeout`.
    fn wait(&self, timeout: Duration) -> Result<Vec<Ready>> {
        let stdin = io::stdin();
        let mut fds: Vec<(Ready, BorrowedFd)> = vec![(Ready::Signal, self.signals.fd())];
        for (at, source) in self.sources.iter().enumerate() {
            if let Some(file) = &source.file {
                fds.push((Ready::Source(at), file.as_fd()));
            }
        }
        if self.forward_stdin {
            fds.push((Ready::Stdin, stdin.as_fd()));
        }
        let mut polled: Vec<PollFd> = fds
            .iter()
            .map(|(_, fd)| PollFd::new(*fd, PollFlags::POLLIN))
            .collect();
        let timeout = PollTimeout::try_from(timeout.as_millis().min(60_000) as u32)
            .unwrap_or(PollTimeout::MAX);
        match poll(&mut polled, timeout) {
            Ok(_) => {}
            Err(nix::errno::Errno::EINTR) => return Ok(Vec::new()),
            Err(err) => return Err(err).context("cannot wait for the program"),
        }
        Ok(fds
            .iter()
            .zip(&polled)
            .filter(|(_, p)| p.revents().is_some_and(|r| !r.is_empty()))
            .map(|((ready, _), _)| *ready)
            .collect())
    }

    /// Passes a signal on to the program. Sharing `vault`'s terminal (unmasked), the program
    /// is in its foreground group with `vault`, so what the terminal sent reached it already;
    /// only what a process sent to `vault` is passed on. In a session of its own, everything
    /// is: to the group in the foreground of its pseudo-terminal if it has one, and a resize
    /// by resizing that terminal.
    fn forward(&self, arrived: &Arrived) {
        let pid = self.target;
        match (self.master, arrived.signal) {
            (Some(master), Signal::SIGWINCH) => {
                if let Some(terminal) = self.terminal {
                    terminal::copy_size(terminal, master.as_fd());
                }
            }
            (Some(master), signal) => {
                let group = tcgetpgrp(master.as_fd()).unwrap_or(pid);
                if killpg(group, signal).is_err() {
                    let _ = kill(pid, signal);
                }
            }
            (None, Signal::SIGWINCH) => {}
            (None, signal) if self.own_session || !arrived.by_kernel => {
                let _ = kill(pid, signal);
            }
            (None, _) => {}
        }
    }
}

#[derive(Clone, Copy)]
enum Ready {
    Signal,
    Source(usize),
    Stdin,
}
