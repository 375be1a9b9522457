//! `run`'s program: started through `vault exec` (which injects, masks, proxies and sandboxes
//! it as it would for anyone), its stdout and stderr kept apart and cut at a cap, and stopped
//! at its time or when the client gives up on the call.
//!
//! Masking happens in `vault exec`, on the whole stream, before anything reaches this module:
//! the cap cuts masked text, so no value can be cut in half and left showing.

use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{ExitStatus, Stdio};
use std::time::Duration;

use anyhow::{Context, Result};
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use tokio::io::{AsyncRead, AsyncReadExt};

/// What a stream keeps: more is read, and thrown away, so the program never blocks on a full
/// pipe.
pub const MAX_OUTPUT: usize = 1 << 20;

/// How long a program has to end after SIGTERM, before SIGKILL.
const GRACE: Duration = Duration::from_secs(2);

/// One stream's text, and how much of it was left out.
#[derive(Debug, Default)]
pub struct Captured {
    kept: Vec<u8>,
    pub cut: u64,
}

impl Captured {
    /// The kept bytes as text; a character the cap cut in two is dropped, other bytes that are
    /// not UTF-8 become U+FFFD.
    pub fn text(&self) -> String {
        let mut kept = self.kept.as_slice();
        if self.cut > 0
            && let Err(err) = std::str::from_utf8(kept)
            && err.error_len().is_none()
        {
            kept = &kept[..err.valid_up_to()];
        }
        String::from_utf8_lossy(kept).into_owned()
    }

    fn take(&mut self, chunk: &[u8]) {
        let room = MAX_OUTPUT.saturating_sub(self.kept.len());
        let (kept, cut) = chunk.split_at(chunk.len().min(room));
        self.kept.extend_from_slice(kept);
        self.cut += cut.len() as u64;
    }
}

/// How the program ended.
#[derive(Debug)]
pub struct Ran {
    pub status: Option<ExitStatus>,
    pub stdout: Captured,
    pub stderr: Captured,
    /// Stopped at its time.
    pub timed_out: bool,
}

/// Runs `command` (a `vault exec … -- CMD`) with no stdin, until it ends, `timeout` passes or
/// `cancelled` resolves (the client gave up on the call); a program still running then is sent SIGTERM, then SIGKILL, with its
/// whole process group.
pub async fn run(
    mut command: std::process::Command,
    timeout: Duration,
    cancelled: impl std::future::Future<Output = ()>,
) -> Result<Ran> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // A group of its own, so that stopping it reaches what it started.
        .process_group(0);
    let mut child = tokio::process::Command::from(command)
        .kill_on_drop(true)
        .spawn()
        .context("cannot start vault exec for the command")?;
    let group = child.id().map(|id| Pid::from_raw(id as i32));
    let (mut stdout, mut stderr) = (Captured::default(), Captured::default());
    let (out, err) = (child.stdout.take(), child.stderr.take());
    let mut timed_out = false;
    let status = {
        let finished = async {
            tokio::join!(capture(out, &mut stdout), capture(err, &mut stderr));
            child.wait().await
        };
        tokio::pin!(finished);
        let status = tokio::select! {
            status = &mut finished => Some(status),
            () = tokio::time::sleep(timeout) => {
                timed_out = true;
                None
            }
            () = cancelled => None,
        };
        match status {
            Some(status) => Some(status),
            None => {
                stop(group, Signal::SIGTERM);
                match tokio::time::timeout(GRACE, &mut finished).await {
                    Ok(status) => Some(status),
                    Err(_) => {
                        stop(group, Signal::SIGKILL);
                        // What it left running past SIGKILL (outside its group) may hold the
                        // pipes open: the output read until then is what there is.
                        tokio::time::timeout(GRACE, &mut finished).await.ok()
                    }
                }
            }
        }
    };
    let status = status.transpose().context("cannot wait for the command")?;
    Ok(Ran {
        status,
        stdout,
        stderr,
        timed_out,
    })
}

fn stop(group: Option<Pid>, signal: Signal) {
    if let Some(group) = group {
        let _ = killpg(group, signal);
    }
}

async fn capture(stream: Option<impl AsyncRead + Unpin>, into: &mut Captured) {
    let Some(mut stream) = stream else { return };
    let mut buffer = vec![0u8; 64 << 10];
    while let Ok(read) = stream.read(&mut buffer).await {
        if read == 0 {
            break;
        }
        into.take(&buffer[..read]);
    }
}

impl Ran {
    /// The exit code, or 128+N for a program killed by signal N (as a shell says it).
    pub fn exit_code(&self) -> Option<i32> {
        let status = self.status?;
        status.code().or_else(|| status.signal().map(|n| 128 + n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_keeps_a_mebibyte_and_counts_the_rest() {
        let mut captured = Captured::default();
        captured.take(&vec![b'a'; MAX_OUTPUT - 1]);
        captured.take("é and more".as_bytes());
        assert_eq!(captured.kept.len(), MAX_OUTPUT);
        assert_eq!(captured.cut, "é and more".len() as u64 - 1);
        // The é was cut in two: its first byte is dropped, not shown as U+FFFD.
        let text = captured.text();
        assert_eq!(text.len(), MAX_OUTPUT - 1);
        assert!(text.bytes().all(|b| b == b'a'));
    }

    #[test]
    fn bytes_that_are_not_text_are_shown_as_replacement_characters() {
        let mut captured = Captured::default();
        captured.take(b"ok \xff\xfe done");
        assert_eq!(captured.text(), "ok \u{fffd}\u{fffd} done");
        assert_eq!(captured.cut, 0);
    }
}
