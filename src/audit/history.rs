//! Walking a log back from its end to an event the vault recorded, across rotations: does the
//! log still reach that event, and which changes did it record after it?
//!
//! Only the lines since that event are read, from the end, and only the few that carry a
//! `generation` (changes, not reads) are parsed whole.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Deserialize;

use super::rev_lines::RevLines;
use super::verify::find_earlier;
use super::{LogHead, seq_of, sha256_ref};
use crate::paths::with_suffix;
use crate::store;

/// A change the log recorded: where, what, and the generation of the vault it made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub seq: u64,
    pub event: String,
    pub generation: u64,
}

/// What the log holds after the event asked for.
#[derive(Debug, Default)]
pub struct Since {
    /// That event's hash, if the log still holds it.
    pub found: Option<String>,
    /// If it does not: why not.
    pub missing: Option<String>,
    /// Changes of the vault recorded after it that made a generation above the one given,
    /// oldest first.
    pub newer: Vec<Change>,
}

#[derive(Deserialize)]
struct ChangeLine {
    seq: u64,
    event: String,
    vault_id: Option<String>,
    generation: Option<u64>,
    prev: Option<String>,
}

/// Walks the log at `path` back to the line with `seq`, noting the changes of `vault_id` of a
/// generation above `generation` on the way.
pub fn since(path: &Path, seq: u64, vault_id: &str, generation: u64) -> Result<Since> {
    let shown = path.display();
    let mut since = Since::default();
    // A log logrotate moved aside without a new one yet is read from where it went.
    let mut current: PathBuf = path.to_path_buf();
    if !store::exists(path) {
        current = with_suffix(path, ".1");
    }
    let Some(mut file) = store::open_log_read(&current)? else {
        since.missing = Some(format!("there is no log at {shown} any more"));
        return Ok(since);
    };
    let mut seen: Vec<PathBuf> = Vec::new();
    // Only changes carry a generation; reads, the bulk of a log, are not parsed.
    let changes = memchr::memmem::Finder::new(b"\"generation\":");
    loop {
        let len = file.metadata()?.len();
        let mut lines = RevLines::new(&file, len);
        // The line read last, from the end: once the loop is done, the file's first.
        let mut oldest: Option<Vec<u8>> = None;
        let mut last_seq: Option<u64> = None;
        while let Some(line) = lines
            .prev_line()
            .with_context(|| format!("cannot read the audit log {}", current.display()))?
        {
            let Some(line_seq) = seq_of(&line) else {
                oldest = Some(line);
                continue;
            };
            if line_seq == seq {
                since.found = Some(sha256_ref(&line));
                since.newer.reverse();
                return Ok(since);
            }
            if line_seq < seq {
                since.missing = Some(format!(
                    "it goes from event {} straight back to event {line_seq}",
                    last_seq.unwrap_or(line_seq)
                ));
                return Ok(since);
            }
            last_seq = Some(line_seq);
            if changes.find(&line).is_some()
                && let Ok(parsed) = serde_json::from_slice::<ChangeLine>(&line)
                && parsed.vault_id.as_deref() == Some(vault_id)
                && let Some(made) = parsed.generation.filter(|&made| made > generation)
            {
                since.newer.push(Change {
                    seq: parsed.seq,
                    event: parsed.event,
                    generation: made,
                });
            }
            oldest = Some(line);
        }
        let first = oldest.and_then(|line| serde_json::from_slice::<ChangeLine>(&line).ok());
        // The start of this file: it may go on from an earlier one.
        seen.push(current.clone());
        let link = match &first {
            Some(line) if line.event == "log.rotated" && line.seq > 1 => Some(LogHead {
                seq: line.seq - 1,
                hash: line.prev.clone().unwrap_or_default(),
            }),
            _ => None,
        };
        let earlier = match (link, last_seq) {
            (Some(link), _) => {
                let seen: Vec<&Path> = seen.iter().map(PathBuf::as_path).collect();
                match find_earlier(path, &link, &seen)? {
                    Some(earlier) => earlier,
                    None => {
                        since.missing = Some(format!(
                            "it goes on from an earlier file that is not beside it any more (compressed or removed), whose last event was {}",
                            link.seq
                        ));
                        return Ok(since);
                    }
                }
            }
            // An empty log that logrotate has just moved aside.
            (None, None) if seen.len() == 1 => with_suffix(path, ".1"),
            (None, None) => {
                since.missing = Some(format!("{shown} is empty"));
                return Ok(since);
            }
            (None, Some(first_seq)) => {
                since.missing = Some(format!(
                    "it begins at event {first_seq}: the events before were removed"
                ));
                return Ok(since);
            }
        };
        let Some(next) = store::open_log_read(&earlier)? else {
            since.missing = Some(format!("there is no log at {shown} any more"));
            return Ok(since);
        };
        file = next;
        current = earlier;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{AuditLog, Event, Kind};

    fn change(kind: Kind, generation: u64) -> Event {
        Event::new(kind).change_of("vlt_a", generation)
    }

    #[test]
    fn finds_the_event_and_the_newer_changes_after_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        let log = AuditLog::new(&path);
        log.append(&[change(Kind::Initialized, 1)]).unwrap();
        log.append(&[change(Kind::SecretCreated, 2)]).unwrap();
        log.append(&[Event::new(Kind::Accessed)]).unwrap();
        log.append(&[
            change(Kind::GrantRevoked, 3),
            Event::new(Kind::SecretCreated).change_of("vlt_other", 9),
        ])
        .unwrap();
        log.append(&[Event::new(Kind::Accessed)]).unwrap();

        let found = since(&path, 2, "vlt_a", 2).unwrap();
        assert!(found.found.is_some() && found.missing.is_none());
        assert_eq!(
            found.newer,
            [Change {
                seq: 4,
                event: "grant.revoked".into(),
                generation: 3
            }]
        );
        assert!(since(&path, 4, "vlt_a", 2).unwrap().newer.is_empty());
        assert!(since(&path, 9, "vlt_a", 2).unwrap().missing.is_some());
    }

    #[test]
    fn a_cut_or_missing_log_does_not_reach_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        let log = AuditLog::new(&path);
        for generation in 1..=5 {
            log.append(&[change(Kind::SecretUpdated, generation)])
                .unwrap();
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let cut: String = text.lines().skip(2).map(|l| format!("{l}\n")).collect();
        std::fs::write(&path, cut).unwrap();
        let found = since(&path, 2, "vlt_a", 2).unwrap();
        assert!(found.found.is_none());
        assert!(found.missing.unwrap().contains("removed"));

        std::fs::remove_file(&path).unwrap();
        assert!(since(&path, 2, "vlt_a", 2).unwrap().missing.is_some());
    }

    #[test]
    fn walks_back_across_a_rotation() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        let log = AuditLog::new(&path);
        log.append(&[change(Kind::Initialized, 1)]).unwrap();
        log.append(&[change(Kind::SecretCreated, 2)]).unwrap();
        std::fs::rename(&path, dir.path().join("events.jsonl.1")).unwrap();
        log.append(&[change(Kind::SecretUpdated, 3)]).unwrap();
        let found = since(&path, 1, "vlt_a", 1).unwrap();
        assert!(found.found.is_some(), "{found:?}");
        let generations: Vec<u64> = found.newer.iter().map(|c| c.generation).collect();
        assert_eq!(generations, [2, 3]);
    }
}
