//! Checking a log's chain, streaming, in memory bounded by the longest line, file by file back
//! through rotations.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Deserialize;

use super::{LogHead, MAX_LINE, last_line, sha256_ref};
use crate::paths::with_suffix;
use crate::store::{self, Lock};

/// What `verify_lines` found in one file.
#[derive(Debug, PartialEq, Eq)]
pub struct FileVerdict {
    /// Lines checked: all of them, or up to the one where the chain broke.
    pub lines: u64,
    /// For a file that goes on from an earlier one: that file's head, as the first line says.
    pub link: Option<LogHead>,
    /// The last line's seq and hash, when the whole file is sound.
    pub head: Option<LogHead>,
    pub broken: Option<Break>,
    /// Whether a line had the hash asked for.
    pub found_expected: bool,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Break {
    /// The first line of the file that is not what the chain says it should be, when one can
    /// be named, and where it starts.
    pub line: Option<u64>,
    pub offset: u64,
    pub problem: String,
}

#[derive(Deserialize)]
struct Link {
    seq: u64,
    prev: String,
    #[serde(default)]
    event: String,
}

/// Whether `line` chains to `before`, the line before it in its file (`None`: it is the
/// file's first): what a writer checks of the last line before it appends after it, so that a
/// forged or spliced last line is not built upon.
pub(super) fn chains_to(line: &[u8], before: Option<&[u8]>) -> bool {
    let Ok(this) = serde_json::from_slice::<Link>(line) else {
        return false;
    };
    match before {
        Some(before) => {
            this.event != "log.rotated"
                && this.prev == sha256_ref(before)
                && super::seq_of(before).and_then(|seq| seq.checked_add(1)) == Some(this.seq)
        }
        None => {
            (this.seq == 1 && this.prev == sha256_ref(b""))
                || (this.event == "log.rotated" && this.seq > 1)
        }
    }
}

/// Checks that `seq` counts up by one and that each `prev` is the hash of the line before. The
/// first line starts the chain (seq 1), or is a `log.rotated` line going on from an earlier
/// file. With `expected`, notes whether some line has that hash.
pub fn verify_lines(mut reader: impl BufRead, expected: Option<&str>) -> Result<FileVerdict> {
    let mut head = LogHead::empty();
    let mut link = None;
    let mut found_expected = false;
    let mut line = Vec::new();
    let mut lines = 0;
    // Where this line starts, and where the one before it started.
    let mut offset = 0;
    let mut previous = 0;
    let broken = loop {
        line.clear();
        let read = (&mut reader)
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut line)?;
        if read == 0 {
            break None;
        }
        lines += 1;
        let n = lines;
        let at = |problem: String| {
            Some(Break {
                line: Some(n),
                offset,
                problem,
            })
        };
        if line.pop() != Some(b'\n') {
            break at(if read > MAX_LINE {
                format!("line {n} is over 1 MiB long: not an event")
            } else {
                format!("line {n} is incomplete: it has no newline (a torn write?)")
            });
        }
        let Ok(this) = serde_json::from_slice::<Link>(&line) else {
            break at(format!("line {n} is not an audit event"));
        };
        if n == 1 && this.event == "log.rotated" && this.seq > 1 {
            link = Some(LogHead {
                seq: this.seq - 1,
                hash: this.prev.clone(),
            });
            head = link.clone().expect("just set");
        } else if this.event == "log.rotated" && n > 1 {
            break at(format!(
                "line {n} is a rotation, which only ever starts a file: lines were spliced"
            ));
        }
        let want = head.seq.checked_add(1);
        if Some(this.seq) != want {
            break at(if n == 1 {
                format!(
                    "line 1 has seq {}: the lines before it were removed",
                    this.seq
                )
            } else {
                format!(
                    "line {n} has seq {} where {} was expected: a line was deleted, inserted or moved",
                    this.seq,
                    head.seq.saturating_add(1)
                )
            });
        }
        // The line before was edited (its hash changed), or this one's `prev` was: name the
        // first, by far the likelier.
        if this.prev != head.hash {
            break if n == 1 {
                at("line 1 does not start the chain".to_owned())
            } else {
                Some(Break {
                    line: Some(n - 1),
                    offset: previous,
                    problem: format!(
                        "line {} was changed: it no longer matches the hash line {n} recorded",
                        n - 1
                    ),
                })
            };
        }
        head = LogHead {
            seq: this.seq,
            hash: sha256_ref(&line),
        };
        found_expected |= expected == Some(head.hash.as_str());
        previous = offset;
        offset += read as u64;
    };
    Ok(FileVerdict {
        lines,
        link,
        head: broken.is_none().then_some(head),
        broken,
        found_expected,
    })
}

/// What `verify_chain` found, file by file from the newest back.
#[derive(Debug)]
pub struct ChainVerdict {
    pub files: Vec<(PathBuf, FileVerdict)>,
    /// The chain goes on from an earlier file that is not here (compressed or removed): the
    /// head that file had.
    pub missing: Option<LogHead>,
}

impl ChainVerdict {
    pub fn broken(&self) -> Option<(&Path, &Break)> {
        self.files
            .iter()
            .find_map(|(path, verdict)| verdict.broken.as_ref().map(|b| (path.as_path(), b)))
    }

    pub fn lines(&self) -> u64 {
        self.files.iter().map(|(_, verdict)| verdict.lines).sum()
    }

    /// The newest file's head: where the log stands.
    pub fn head(&self) -> Option<&LogHead> {
        self.files
            .first()
            .and_then(|(_, verdict)| verdict.head.as_ref())
    }

    pub fn found_expected(&self) -> bool {
        self.files.iter().any(|(_, verdict)| verdict.found_expected)
    }
}

/// How many earlier files `verify_chain` follows at most.
const MAX_FILES: usize = 10_000;

/// Checks the log at `path` and, through their links, the earlier files it goes on from that
/// are still beside it (found by the hash of their last line, whatever they are called now).
pub fn verify_chain(path: &Path, expected: Option<&str>) -> Result<ChainVerdict> {
    let shown = path.display();
    let file =
        store::open_log_read(path)?.with_context(|| format!("there is no audit log at {shown}"))?;
    // The length under the writers' lock: lines are only ever added after it, so everything
    // before it can be read at leisure while agents go on appending.
    let len = {
        let _lock = Lock::on(&file, path, "the audit log")?;
        file.metadata()?.len()
    };
    let first = verify_file(file, len, path, expected)?;
    let mut link = match (&first.link, first.lines) {
        (Some(link), _) => Some(link.clone()),
        // Empty: logrotate has just moved the log to `.1`, and nobody has written since.
        (None, 0) => store::open_log_read(&with_suffix(path, ".1"))?
            .map(|file| -> Result<_> {
                let len = file.metadata()?.len();
                let last = last_line(&file, len)?;
                Ok(last.and_then(|(line, _)| LogHead::of(&line).ok()))
            })
            .transpose()?
            .flatten(),
        (None, _) => None,
    };
    let mut verdict = ChainVerdict {
        files: vec![(path.to_path_buf(), first)],
        missing: None,
    };
    while let Some(head) = link.take() {
        if verdict.broken().is_some() || verdict.files.len() >= MAX_FILES {
            break;
        }
        let seen: Vec<&Path> = verdict.files.iter().map(|(p, _)| p.as_path()).collect();
        let Some(earlier) = find_earlier(path, &head, &seen)? else {
            verdict.missing = Some(head);
            break;
        };
        let file = store::open_log_read(&earlier)?
            .with_context(|| format!("{} went away", earlier.display()))?;
        let len = file.metadata()?.len();
        let found = verify_file(file, len, &earlier, expected)?;
        link = found.link.clone();
        verdict.files.push((earlier, found));
    }
    Ok(verdict)
}

fn verify_file(file: File, len: u64, path: &Path, expected: Option<&str>) -> Result<FileVerdict> {
    verify_lines(BufReader::new(file.take(len)), expected)
        .with_context(|| format!("cannot read the audit log {}", path.display()))
}

/// The file beside `path` whose last line is `head`: the one a rotation went on from.
pub(super) fn find_earlier(path: &Path, head: &LogHead, seen: &[&Path]) -> Result<Option<PathBuf>> {
    for candidate in store::files_beside(path)? {
        if seen.contains(&candidate.as_path()) {
            continue;
        }
        let Some(file) = store::open_log_read(&candidate).ok().flatten() else {
            continue;
        };
        let len = file.metadata()?.len();
        let Ok(Some((line, _))) = last_line(&file, len) else {
            continue;
        };
        if LogHead::of(&line).is_ok_and(|last| &last == head) {
            return Ok(Some(candidate));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{AuditLog, Event, Kind};

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
        verify_chain(log.path(), None)
            .unwrap()
            .broken()
            .and_then(|(_, b)| b.line)
    }

    #[test]
    fn an_intact_log_passes_with_its_head() {
        let (_dir, log, lines) = log(5);
        let verdict = verify_chain(log.path(), None).unwrap();
        assert_eq!(verdict.lines(), 5);
        assert_eq!(
            verdict.head().unwrap().hash,
            sha256_ref(lines[4].as_bytes())
        );
        assert!(verdict.broken().is_none());
    }

    #[test]
    fn tampering_is_found_at_its_line_and_offset() {
        let (_dir, log, lines) = log(6);

        let mut edited = lines.clone();
        edited[2] = edited[2].replace("agent2", "agentX");
        rewrite(&log, &edited);
        assert_eq!(first_bad(&log), Some(3), "edited");
        let offset = lines[..2].iter().map(|l| l.len() as u64 + 1).sum::<u64>();
        let verdict = verify_chain(log.path(), None).unwrap();
        assert_eq!(verdict.broken().unwrap().1.offset, offset, "edited, offset");

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

        rewrite(&log, &lines[2..]);
        assert_eq!(first_bad(&log), Some(1), "cut from the front");

        rewrite(&log, &lines);
        std::fs::OpenOptions::new()
            .append(true)
            .open(log.path())
            .and_then(|mut f| std::io::Write::write_all(&mut f, b"{\"seq\":7"))
            .unwrap();
        assert_eq!(first_bad(&log), Some(7), "torn");
    }

    #[test]
    fn the_expected_head_catches_a_rewrite() {
        let (_dir, log, lines) = log(4);
        let hash = sha256_ref(lines[3].as_bytes());
        assert!(
            verify_chain(log.path(), Some(&hash))
                .unwrap()
                .found_expected()
        );
        rewrite(&log, &lines[..3]);
        assert!(
            !verify_chain(log.path(), Some(&hash))
                .unwrap()
                .found_expected()
        );
    }

    #[test]
    fn a_rotated_chain_is_checked_across_its_files_whatever_they_are_called() {
        let (dir, log, _) = log(3);
        let mut writer = log.writer().unwrap();
        writer
            .rotate_to(&dir.path().join("events.jsonl.1"))
            .unwrap();
        let batch = writer.prepare(&[Event::new(Kind::Initialized)]).unwrap();
        writer.write(&batch).unwrap();
        drop(writer);
        // What logrotate does next time: the earlier file is renamed again.
        std::fs::rename(
            dir.path().join("events.jsonl.1"),
            dir.path().join("events.jsonl.2"),
        )
        .unwrap();
        let verdict = verify_chain(log.path(), None).unwrap();
        assert!(verdict.broken().is_none(), "{verdict:?}");
        assert_eq!(verdict.files.len(), 2);
        assert_eq!(verdict.lines(), 5);
        assert!(verdict.missing.is_none());

        std::fs::remove_file(dir.path().join("events.jsonl.2")).unwrap();
        let verdict = verify_chain(log.path(), None).unwrap();
        assert!(verdict.broken().is_none());
        assert_eq!(verdict.missing.unwrap().seq, 3);
    }
}
