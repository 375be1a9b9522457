//! What the vault remembers of the logs its changes were recorded in, and the two checks that
//! memory makes possible before a change is made:
//!
//! - **the log still reaches the event the vault recorded** at its last change: a log that was
//!   cut, swapped or deleted since does not (and would otherwise be re-anchored, its lost lines
//!   gone without trace);
//! - **the vault is not older than the log**: a log that recorded a change of this vault of a
//!   higher generation than the vault's has seen a newer vault, so this one is an old copy put
//!   back (with the grants that were revoked since).
//!
//! A writer killed after logging its change and before putting its vault in place leaves that
//! vault whole beside the old one; the next change puts it in place first (`vault.rs`), so a
//! logged change never looks like a missing one.
//!
//! Each log is known by this machine and its path, so a vault that moves between machines
//! (through git) keeps each machine's log apart.

use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::audit::{self, Change, LogHead};
use crate::state::{Anchor, State};
use crate::store;

/// This machine, as the anchors name it: the first 16 hex digits of the SHA-256 of its
/// machine id (or, without one, of its host name).
fn machine() -> String {
    let id = ["/etc/machine-id", "/var/lib/dbus/machine-id"]
        .iter()
        .find_map(|path| fs::read_to_string(path).ok())
        .map(|id| id.trim().to_owned())
        .filter(|id| !id.is_empty())
        .unwrap_or_else(host_name);
    let hash = audit::sha256_ref(id.as_bytes());
    hash["sha256:".len()..][..16].to_owned()
}

/// This machine's host name, as the kernel has it.
pub fn host_name() -> String {
    let mut name = [0u8; 256];
    // SAFETY: the buffer is valid for its length; gethostname writes at most that.
    let ok = unsafe { libc::gethostname(name.as_mut_ptr().cast(), name.len()) } == 0;
    let end = name.iter().position(|&b| b == 0).unwrap_or(name.len());
    if ok {
        String::from_utf8_lossy(&name[..end]).into_owned()
    } else {
        String::new()
    }
}

/// The log's path as the anchors hold it: absolute and without symbolic links (the log itself
/// need not exist yet), hex-encoded so that any path fits in the state.
fn log_path_key(log: &Path) -> Result<String> {
    let dir = store::parent_of(log);
    let dir = fs::canonicalize(dir)
        .with_context(|| format!("cannot resolve the directory of {}", log.display()))?;
    let path = match log.file_name() {
        Some(name) => dir.join(name),
        None => dir,
    };
    Ok(path
        .as_os_str()
        .as_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

fn decode_path(hex: &str) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    let bytes = (0..hex.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(hex.get(at..at + 2)?, 16).ok())
        .collect::<Option<Vec<u8>>>()?;
    Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

/// The key of the log at `path` on this machine: `MACHINE:HEXPATH`.
pub fn log_key(path: &Path) -> Result<String> {
    Ok(format!("{}:{}", machine(), log_path_key(path)?))
}

/// Why a change may not go ahead.
#[derive(Debug)]
pub enum Problem {
    /// The log no longer reaches the event the vault recorded for it.
    Cut { log: PathBuf, seq: u64, why: String },
    /// The log recorded a change of this vault newer than the vault.
    Older { log: PathBuf, change: Change },
}

impl Problem {
    /// One sentence, without the way out (which depends on who reports it).
    pub fn describe(&self) -> String {
        match self {
            Problem::Cut { log, seq, why } => format!(
                "the audit log {} no longer holds event {seq}, which the vault recorded at its last change: {why}",
                log.display()
            ),
            Problem::Older { log, change } => format!(
                "the vault is older than the log {}: change {} ({}) is missing",
                log.display(),
                change.seq,
                change.event
            ),
        }
    }

    /// The generation the log saw, for a vault older than it.
    pub fn newer_generation(&self) -> Option<u64> {
        match self {
            Problem::Older { change, .. } => Some(change.generation),
            Problem::Cut { .. } => None,
        }
    }
}

/// The logs whose anchors a change checks and renews: the log its events go to, the writer
/// logs beside it, and any log of this machine the vault anchored in that directory that is
/// no longer there.
pub fn logs(main: &Path, state: &State) -> Result<Vec<PathBuf>> {
    let mut logs = vec![main.to_path_buf()];
    logs.extend(audit::writer_logs(main)?);
    let here = machine();
    let dir = fs::canonicalize(store::parent_of(main)).ok();
    for anchor in &state.anchors {
        let Some((machine, path)) = anchor.log.split_once(':') else {
            continue;
        };
        let Some(path) = decode_path(path) else {
            continue;
        };
        if machine == here && path.parent() == dir.as_deref() && !store::exists(&path) {
            logs.push(path);
        }
    }
    Ok(logs)
}

/// Checks every log of `logs` that the vault anchored. Changes newer than the vault count only
/// in `main`, the log changes are recorded in.
pub fn check(state: &State, main: &Path, logs: &[PathBuf]) -> Result<Vec<Problem>> {
    let mut problems = Vec::new();
    for log in logs {
        let Some(anchor) = state.anchor(&log_key(log)?) else {
            continue;
        };
        let since = audit::since(log, anchor.seq, &state.id, state.generation)?;
        match since.found {
            Some(hash) if hash == anchor.hash => {}
            found => problems.push(Problem::Cut {
                log: log.clone(),
                seq: anchor.seq,
                why: since.missing.unwrap_or_else(|| match found {
                    Some(_) => "that event was replaced by another".to_owned(),
                    None => "it was cut or replaced".to_owned(),
                }),
            }),
        }
        if log == main
            && let Some(change) = since.newer.into_iter().next()
        {
            problems.push(Problem::Older {
                log: log.clone(),
                change,
            });
        }
    }
    Ok(problems)
}

/// Records where each of `logs` stands now: `main` at `head` (where this change's events end),
/// the others at their last complete line. Logs that are gone lose their anchor.
pub fn renew(state: &mut State, main: &Path, head: &LogHead, logs: &[PathBuf]) -> Result<()> {
    for log in logs {
        let key = log_key(log)?;
        let head = if log == main {
            Some(head.clone())
        } else {
            audit::head_of(log)?
        };
        match head {
            Some(head) => state.set_anchor(Anchor {
                log: key,
                seq: head.seq,
                hash: head.hash,
            }),
            None => state.anchors.retain(|anchor| anchor.log != key),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_key_names_the_machine_and_the_resolved_path() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("events.jsonl");
        let key = log_key(&log).unwrap();
        let (machine, path) = key.split_once(':').unwrap();
        assert_eq!(machine.len(), 16);
        assert_eq!(
            decode_path(path).unwrap(),
            fs::canonicalize(dir.path()).unwrap().join("events.jsonl")
        );
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(dir.path(), &link).unwrap();
        assert_eq!(log_key(&link.join("events.jsonl")).unwrap(), key);
    }
}
