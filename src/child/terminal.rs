//! The pseudo-terminal a program gets when `vault`'s own output is a terminal, so that it
//! still sees one: `isatty`, colours, line editing, full-screen programs and window sizes
//! behave as without `vault` in between.

use std::io::IsTerminal;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

use anyhow::{Context, Result};
use nix::pty::{Winsize, openpty};
use nix::sys::termios::{self, SetArg, Termios};

nix::ioctl_read_bad!(get_window_size, libc::TIOCGWINSZ, Winsize);
nix::ioctl_write_ptr_bad!(set_window_size, libc::TIOCSWINSZ, Winsize);

/// The size of the terminal `fd` is, if it is one.
fn window_size(fd: BorrowedFd) -> Option<Winsize> {
    let mut size = Winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ fills the winsize the pointer points at, and nothing else.
    unsafe { get_window_size(std::os::fd::AsRawFd::as_raw_fd(&fd), &mut size) }.ok()?;
    Some(size)
}

/// A new pseudo-terminal with the size of `like`, and the terminal settings of `like` (so the
/// program starts with the modes the user had).
pub fn open(like: BorrowedFd) -> Result<(OwnedFd, OwnedFd)> {
    let size = window_size(like);
    let modes = termios::tcgetattr(like).ok();
    let pty = openpty(size.as_ref(), modes.as_ref()).context("cannot open a pseudo-terminal")?;
    Ok((pty.master, pty.slave))
}

/// Gives the pseudo-terminal the size `like` has now (after SIGWINCH); the kernel then signals
/// the program.
pub fn copy_size(like: BorrowedFd, pty: BorrowedFd) {
    if let Some(size) = window_size(like) {
        // SAFETY: TIOCSWINSZ reads the winsize the pointer points at.
        let _ = unsafe { set_window_size(std::os::fd::AsRawFd::as_raw_fd(&pty), &size) };
    }
}

/// The user's terminal in raw mode while the program runs on its own pseudo-terminal: every
/// key goes to the program, whose terminal does the echoing and the line editing. Put back as
/// it was when dropped.
pub struct Raw<'a> {
    fd: BorrowedFd<'a>,
    saved: Termios,
}

impl<'a> Raw<'a> {
    /// `None` when `fd` is not a terminal.
    pub fn enter(fd: BorrowedFd<'a>) -> Option<Self> {
        if !fd.is_terminal() {
            return None;
        }
        let saved = termios::tcgetattr(fd).ok()?;
        let mut raw = saved.clone();
        termios::cfmakeraw(&mut raw);
        termios::tcsetattr(fd, SetArg::TCSADRAIN, &raw).ok()?;
        Some(Self { fd, saved })
    }
}

impl Drop for Raw<'_> {
    fn drop(&mut self) {
        let _ = termios::tcsetattr(self.fd.as_fd(), SetArg::TCSADRAIN, &self.saved);
    }
}
