//! The signals `vault` passes on to the program it stands in front of, read from a signalfd in
//! the same loop as the program's output.

use std::os::fd::{AsFd, BorrowedFd};

use anyhow::{Context, Result};
use nix::sys::signal::{SigSet, SigmaskHow, Signal, pthread_sigmask};
use nix::sys::signalfd::{SfdFlags, SignalFd};

/// What `vault` passes on to the program. SIGWINCH is passed on by resizing the program's
/// pseudo-terminal when it has one.
pub const FORWARDED: [Signal; 7] = [
    Signal::SIGINT,
    Signal::SIGTERM,
    Signal::SIGHUP,
    Signal::SIGQUIT,
    Signal::SIGUSR1,
    Signal::SIGUSR2,
    Signal::SIGWINCH,
];

/// A signal that arrived.
pub struct Arrived {
    pub signal: Signal,
    /// Sent by the kernel (a terminal's ^C, a hang-up, a resize) rather than by a process with
    /// `kill`: the terminal sends those to its whole foreground group, the program included.
    pub by_kernel: bool,
}

/// The forwarded signals and SIGCHLD, blocked and read from a descriptor instead.
pub struct Signals {
    fd: SignalFd,
}

fn mask() -> SigSet {
    let mut mask = SigSet::empty();
    for signal in FORWARDED {
        mask.add(signal);
    }
    mask.add(Signal::SIGCHLD);
    mask
}

impl Signals {
    pub fn block() -> Result<Self> {
        let mask = mask();
        pthread_sigmask(SigmaskHow::SIG_BLOCK, Some(&mask), None)
            .context("cannot take the signals meant for the program")?;
        let fd = SignalFd::with_flags(&mask, SfdFlags::SFD_NONBLOCK | SfdFlags::SFD_CLOEXEC)
            .context("cannot take the signals meant for the program")?;
        Ok(Self { fd })
    }

    pub fn fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }

    /// The next signal that arrived, if any.
    pub fn next(&self) -> Option<Arrived> {
        let info = self.fd.read_signal().ok()??;
        let signal = Signal::try_from(info.ssi_signo as i32).ok()?;
        Some(Arrived {
            signal,
            by_kernel: info.ssi_code == libc::SI_KERNEL,
        })
    }
}

/// In the program's process, between fork and exec: nothing blocked, every signal `vault`
/// changed back to its default (SIGPIPE included, which `vault` ignores).
///
/// # Safety
///
/// Only async-signal-safe calls: it runs in a forked child.
pub unsafe fn reset_in_child() -> std::io::Result<()> {
    // SAFETY: sigprocmask and signal are async-signal-safe.
    unsafe {
        let mut empty: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut empty);
        if libc::sigprocmask(libc::SIG_SETMASK, &empty, std::ptr::null_mut()) != 0 {
            return Err(std::io::Error::last_os_error());
        }
        for signal in FORWARDED
            .iter()
            .copied()
            .chain([Signal::SIGCHLD, Signal::SIGPIPE])
        {
            libc::signal(signal as libc::c_int, libc::SIG_DFL);
        }
    }
    Ok(())
}
