//! Checking the log's chain, streaming, in memory bounded by the longest line.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};

use anyhow::{Context, Result};
use serde::Deserialize;

use super::{AuditLog, LogHead, sha256_ref};
use crate::store::Lock;

/// Longer lines are not events; reading stops there instead of growing without bound.
const MAX_LINE: u64 = 1 << 20;

/// What `verify` found.
#[derive(Debug, PartialEq, Eq)]
pub struct Verdict {
    /// Lines checked: all of them, or up to the one where the chain broke.
    pub lines: u64,
    /// The last line's seq and hash, when the whole log is sound.
    pub head: Option<LogHead>,
    pub broken: Option<Break>,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Break {
    /// The first line that is not what the chain says it should be, when one can be named.
    pub line: Option<u64>,
    pub problem: String,
}

#[derive(Deserialize)]
struct Link {
    seq: u64,
    prev: String,
}

fn at_line(line: u64, problem: String) -> Option<Break> {
    Some(Break {
        line: Some(line),
        problem,
    })
}

/// Checks that `seq` runs 1, 2, … and that each `prev` is the hash of the line before. With
/// `anchor`, the head the vault recorded at its last change, the log must also still hold that
/// line, unchanged. With `expected`, some line must have that hash.
pub fn verify(log: &AuditLog, anchor: Option<&LogHead>, expected: Option<&str>) -> Result<Verdict> {
    let shown = log.path().display();
    let file =
        File::open(log.path()).with_context(|| format!("cannot open the audit log {shown}"))?;
    // The length under the writers' lock: lines are only ever added after it, so everything
    // before it can be read at leisure while agents go on appending.
    let len = {
        let _lock = Lock::exclusive(&log.lock_path(), "the audit log")?;
        file.metadata()?.len()
    };
    verify_lines(BufReader::new(file.take(len)), anchor, expected)
        .with_context(|| format!("cannot read the audit log {shown}"))
}

/// The checks of `verify`, on the log's bytes.
pub fn verify_lines(
    mut reader: impl BufRead,
    anchor: Option<&LogHead>,
    expected: Option<&str>,
) -> Result<Verdict> {
    let mut head = LogHead::empty();
    let mut found_expected = false;
    let mut line = Vec::new();
    let mut lines = 0;
    let broken = loop {
        line.clear();
        let read = (&mut reader)
            .take(MAX_LINE + 1)
            .read_until(b'\n', &mut line)?;
        if read == 0 {
            break None;
        }
        lines += 1;
        let n = head.seq + 1;
        if line.pop() != Some(b'\n') {
            let problem = if read as u64 > MAX_LINE {
                format!("line {n} is over 1 MiB long: not an event")
            } else {
                format!("line {n} is incomplete: it has no newline (a torn write?)")
            };
            break at_line(n, problem);
        }
        let Ok(link) = serde_json::from_slice::<Link>(&line) else {
            break at_line(n, format!("line {n} is not an audit event"));
        };
        if link.seq != n {
            let problem = format!(
                "line {n} has seq {} where {n} was expected: a line was deleted, inserted or moved",
                link.seq
            );
            break at_line(n, problem);
        }
        // The line before was edited (its hash changed), or this one's `prev` was: name the
        // first, by far the likelier.
        if link.prev != head.hash {
            break if n == 1 {
                at_line(1, "line 1 does not start the chain".to_owned())
            } else {
                let problem = format!(
                    "line {} was changed: it no longer matches the hash line {n} recorded",
                    n - 1
                );
                at_line(n - 1, problem)
            };
        }
        head = LogHead {
            seq: n,
            hash: sha256_ref(&line),
        };
        if anchor.is_some_and(|anchor| anchor.seq == n && anchor.hash != head.hash) {
            break at_line(
                n,
                format!("line {n} is not the event the vault recorded at its last change"),
            );
        }
        found_expected |= expected == Some(head.hash.as_str());
    };
    let broken = broken.or_else(|| match (anchor, expected) {
        (Some(anchor), _) if anchor.seq > head.seq => at_line(
            head.seq + 1,
            format!(
                "the log ends at line {}, but the vault's last change recorded event {}: lines were cut from the end",
                head.seq, anchor.seq
            ),
        ),
        (_, Some(hash)) if !found_expected => Some(Break {
            line: None,
            problem: format!(
                "no line has the expected head {hash}: the log was cut or rewritten before it"
            ),
        }),
        _ => None,
    });
    Ok(Verdict {
        lines,
        head: broken.is_none().then_some(head),
        broken,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{Event, Kind};

    /// A log of `n` events, its path, and its lines.
    fn log(n: usize) -> (tempfile::TempDir, AuditLog, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::new(&dir.path().join("events.jsonl"));
        for i in 0..n {
            log.append(&[Event::new(Kind::Accessed).agent(&format!("agent{i}"))])
                .unwrap();
        }
        let lines = std::fs::read_to_string(log.path())
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect();
        (dir, log, lines)
    }

    fn rewrite(log: &AuditLog, lines: &[String]) {
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        std::fs::write(log.path(), text).unwrap();
    }

    fn first_bad(log: &AuditLog) -> Option<u64> {
        verify(log, None, None).unwrap().broken.and_then(|b| b.line)
    }

    #[test]
    fn an_intact_log_passes_with_its_head() {
        let (_dir, log, lines) = log(5);
        let verdict = verify(&log, None, None).unwrap();
        assert_eq!(verdict.lines, 5);
        assert_eq!(verdict.head.unwrap().hash, sha256_ref(lines[4].as_bytes()));
        assert!(verdict.broken.is_none());
    }

    #[test]
    fn tampering_is_found_at_its_line() {
        let (_dir, log, lines) = log(6);

        let mut edited = lines.clone();
        edited[2] = edited[2].replace("agent2", "agentX");
        rewrite(&log, &edited);
        assert_eq!(first_bad(&log), Some(3), "edited");

        let mut deleted = lines.clone();
        deleted.remove(3);
        rewrite(&log, &deleted);
        assert_eq!(first_bad(&log), Some(4), "deleted");

        let mut inserted = lines.clone();
        inserted.insert(2, lines[1].clone());
        rewrite(&log, &inserted);
        assert_eq!(first_bad(&log), Some(3), "inserted");

        let mut moved = lines.clone();
        moved.swap(1, 4);
        rewrite(&log, &moved);
        assert_eq!(first_bad(&log), Some(2), "reordered");

        let mut garbage = lines.clone();
        garbage[0] = "not json".into();
        rewrite(&log, &garbage);
        assert_eq!(first_bad(&log), Some(1), "garbage");

        rewrite(&log, &lines);
        std::fs::OpenOptions::new()
            .append(true)
            .open(log.path())
            .and_then(|mut f| std::io::Write::write_all(&mut f, b"{\"seq\":7"))
            .unwrap();
        assert_eq!(first_bad(&log), Some(7), "torn");
    }

    #[test]
    fn the_anchor_catches_a_cut_tail_and_the_expected_head_a_rewrite() {
        let (_dir, log, lines) = log(4);
        let anchor = LogHead {
            seq: 4,
            hash: sha256_ref(lines[3].as_bytes()),
        };
        assert!(
            verify(&log, Some(&anchor), Some(&anchor.hash))
                .unwrap()
                .broken
                .is_none()
        );

        rewrite(&log, &lines[..3]);
        let verdict = verify(&log, Some(&anchor), None).unwrap();
        assert_eq!(verdict.broken.unwrap().line, Some(4));
        let verdict = verify(&log, None, Some(&anchor.hash)).unwrap();
        assert_eq!(verdict.broken.unwrap().line, None);
    }
}
