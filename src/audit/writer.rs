//! Appending to the log: under its lock, one write per batch, chained to the last line.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use serde::Serialize;

use super::rev_lines::RevLines;
use super::verify::chains_to;
use super::{AuditLog, Event, Kind, LogHead, last_line, sha256_ref};
use crate::paths::with_suffix;
use crate::store::{self, Lock};

/// A line as written: the event between the fields the log itself adds.
#[derive(Serialize)]
struct Line<'a> {
    seq: u64,
    ts: &'a str,
    #[serde(flatten)]
    event: &'a Event,
    pid: u32,
    prev: &'a str,
}

/// The log, locked for appending, positioned after its last line.
pub struct LogWriter {
    path: PathBuf,
    file: File,
    len: u64,
    head: LogHead,
    /// The earlier file this one goes on from, while this one is still empty: its first line
    /// must say so.
    continues: Option<String>,
    /// The log's, and while `continues` is set the earlier file's too.
    _locks: Vec<Lock>,
}

/// Lines ready to be appended, and the head the log will have once they are.
pub struct Batch {
    bytes: Vec<u8>,
    pub head: LogHead,
}

/// How many times a writer tries again when the log was rotated while it waited for the lock.
const ROTATIONS_WAITED: usize = 10;

fn damaged_tail() -> anyhow::Error {
    anyhow!(
        "its last line is damaged (not an event that chains to the line before it); see `vault events verify`, and move the damaged tail aside with `vault events repair`"
    )
}

impl LogWriter {
    pub(super) fn open(log: &AuditLog) -> Result<Self> {
        Self::open_inner(&log.path).with_context(|| log.context())
    }

    /// The log file, locked, and still under its name: a rotation while we waited for the
    /// lock moved the file we opened aside, and the lines go to the new one.
    pub(super) fn lock_current(path: &Path) -> Result<(File, Lock)> {
        for _ in 0..ROTATIONS_WAITED {
            let file = store::open_log_append(path)?;
            let lock = Lock::on(&file, path, "the audit log")?;
            if store::still_names(&file, path)? {
                return Ok((file, lock));
            }
        }
        bail!("the log is being rotated again and again; try again")
    }

    fn open_inner(path: &Path) -> Result<Self> {
        let (file, lock) = Self::lock_current(path)?;
        Self::locked(path, file, lock)
    }

    /// The writer of a log file whose lock is held, positioned after its last complete line.
    pub(super) fn locked(path: &Path, file: File, lock: Lock) -> Result<Self> {
        let mut len = file.metadata()?.len();
        let mut locks = vec![lock];
        let mut lines = RevLines::new(&file, len);
        let mut last = lines.prev_line().map_err(|_| damaged_tail())?;
        if last.is_some() && !lines.last_line_terminated() {
            // A writer was killed in the middle of its append. Appends happen under this lock,
            // before the value is printed or the change is made, so the torn line belongs to
            // something that never happened: cut it off, and the chain goes on from the line
            // before, as it would have if that writer had died a moment earlier.
            len = lines.unread_end();
            file.set_len(len)?;
            last = lines.prev_line().map_err(|_| damaged_tail())?;
        }
        let (head, continues) = match last {
            Some(line) => {
                let before = lines.prev_line().map_err(|_| damaged_tail())?;
                if !chains_to(&line, before.as_deref()) {
                    return Err(damaged_tail());
                }
                (LogHead::of(&line).map_err(|_| damaged_tail())?, None)
            }
            None => match continued_from(path)? {
                Some((head, name, lock)) => {
                    locks.push(lock);
                    (head, Some(name))
                }
                None => (LogHead::empty(), None),
            },
        };
        Ok(Self {
            path: path.to_path_buf(),
            file,
            len,
            head,
            continues,
            _locks: locks,
        })
    }

    /// Numbers and chains `events` after the current last line, without writing them yet. A
    /// log file that goes on from an earlier one starts with a `log.rotated` line saying so.
    pub fn prepare(&self, events: &[Event]) -> Result<Batch> {
        let ts = crate::time::now_millis();
        let pid = std::process::id();
        let mut head = self.head.clone();
        let mut bytes = Vec::with_capacity((events.len() + 1) * 320);
        let rotated = self.continues.as_ref().map(|name| {
            let mut event = Event::new(Kind::LogRotated);
            event.rotated_from = Some(name.clone());
            event
        });
        for event in rotated.iter().chain(events) {
            let event = &*event.stamped();
            let start = bytes.len();
            let seq = head.seq.checked_add(1).ok_or_else(|| {
                anyhow!(
                    "its last line has seq {}, the largest there is, which no writer of ours made; check the log with `vault events verify` and move the damaged tail aside with `vault events repair`",
                    head.seq
                )
            })?;
            let line = Line {
                seq,
                ts: &ts,
                event,
                pid,
                prev: &head.hash,
            };
            serde_json::to_writer(&mut bytes, &line).context("cannot format an audit event")?;
            head = LogHead {
                seq,
                hash: sha256_ref(&bytes[start..]),
            };
            bytes.push(b'\n');
        }
        Ok(Batch { bytes, head })
    }

    /// Appends a batch, as one write. On error nothing of it stays in the log.
    ///
    /// Reads log this way: the line is in the file, for every later reader and `--follow`,
    /// before the value is handed out, but not flushed to the disk: a power cut may lose the
    /// last reads, and a read pays no fsync.
    pub fn write(&mut self, batch: &Batch) -> Result<()> {
        self.append(batch, false)
    }

    /// Like `write`, and flushed to the disk before it returns: a change logs this way before
    /// the vault it describes is put in place, so a crash never leaves a change unlogged.
    pub fn write_durably(&mut self, batch: &Batch) -> Result<()> {
        self.append(batch, true)
    }

    fn append(&mut self, batch: &Batch, durably: bool) -> Result<()> {
        let written = self.file.write_all(&batch.bytes).and_then(|()| {
            if durably {
                self.file.sync_data()
            } else {
                Ok(())
            }
        });
        if let Err(err) = written {
            // A torn line would break the chain for every later event: cut it off again.
            let _ = self.file.set_len(self.len);
            return Err(err).with_context(|| {
                format!("cannot append to the audit log {}", self.path.display())
            });
        }
        self.len += batch.bytes.len() as u64;
        self.head = batch.head.clone();
        self.continues = None;
        Ok(())
    }

    /// Moves the log aside to `to` and goes on in a new, empty file under the log's name,
    /// whose first line (written with the next batch) will chain to the old file's last.
    pub fn rotate_to(&mut self, to: &Path) -> Result<()> {
        store::rename_new(&self.path, to)?;
        let file = store::create_log_like(&self.path, &self.file)?;
        self._locks
            .push(Lock::on(&file, &self.path, "the audit log")?);
        self.file = file;
        self.len = 0;
        self.continues = Some(file_name(to));
        Ok(())
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// For an empty log: the file logrotate moved it to (`<log>.1`, which `delaycompress` keeps
/// plain), locked, its head and its name. A writer that held the old file when it was moved
/// finishes its append there first: we wait for its lock.
fn continued_from(path: &Path) -> Result<Option<(LogHead, String, Lock)>> {
    let earlier = with_suffix(path, ".1");
    let Some(file) = store::open_log_read(&earlier)? else {
        return Ok(None);
    };
    let lock = Lock::on(&file, &earlier, "the audit log")?;
    let len = file.metadata()?.len();
    let Some((line, _)) = last_line(&file, len)? else {
        return Ok(None);
    };
    let head = LogHead::of(&line).with_context(|| {
        format!(
            "cannot go on from {}: its last line is damaged",
            earlier.display()
        )
    })?;
    Ok(Some((head, file_name(&earlier), lock)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::parsed_lines as lines;
    use crate::audit::{AuditLog, Event, Kind};

    #[test]
    fn a_torn_last_line_is_cut_and_the_chain_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        let log = AuditLog::new(&path);
        log.append(&[Event::new(Kind::Initialized)]).unwrap();
        let whole = std::fs::read(&path).unwrap();
        let mut torn = whole.clone();
        torn.extend_from_slice(b"{\"seq\":2,\"ts\":\"");
        std::fs::write(&path, &torn).unwrap();

        log.append(&[Event::new(Kind::AgentCreated).agent("bot")])
            .unwrap();
        let parsed = lines(&path);
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[1]["seq"], 2);
        assert_eq!(parsed[1]["prev"], sha256_ref(&whole[..whole.len() - 1]));
    }

    #[test]
    fn a_damaged_last_line_stops_appends_and_says_how_to_go_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        std::fs::write(&path, b"not an event\n").unwrap();
        let err = AuditLog::new(&path)
            .append(&[Event::new(Kind::Initialized)])
            .unwrap_err();
        let err = format!("{err:#}");
        assert!(
            err.contains("damaged") && err.contains("vault events repair"),
            "{err}"
        );
    }

    #[test]
    fn a_last_line_with_the_largest_seq_is_refused_rather_than_wrapped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        let first = format!("{{\"seq\":1,\"prev\":\"{}\"}}", sha256_ref(b""));
        let last = format!(
            "{{\"seq\":{},\"prev\":\"{}\"}}",
            u64::MAX,
            sha256_ref(first.as_bytes())
        );
        std::fs::write(&path, format!("{first}\n{last}\n")).unwrap();
        let err = AuditLog::new(&path)
            .append(&[Event::new(Kind::Initialized)])
            .unwrap_err();
        assert!(format!("{err:#}").contains("damaged"), "{err:#}");
        assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 2);
    }

    #[test]
    fn a_log_logrotate_moved_aside_goes_on_from_where_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        let log = AuditLog::new(&path);
        log.append(&[Event::new(Kind::Initialized)]).unwrap();
        let old = std::fs::read_to_string(&path).unwrap();
        std::fs::rename(&path, dir.path().join("events.jsonl.1")).unwrap();

        log.append(&[Event::new(Kind::AgentCreated).agent("bot")])
            .unwrap();
        let parsed = lines(&path);
        assert_eq!(parsed[0]["event"], "log.rotated");
        assert_eq!(parsed[0]["rotated_from"], "events.jsonl.1");
        assert_eq!(parsed[0]["seq"], 2);
        assert_eq!(parsed[0]["prev"], sha256_ref(old.trim_end().as_bytes()));
        assert_eq!(parsed[1]["seq"], 3);
        assert_eq!(parsed[1]["event"], "agent.created");
    }

    #[test]
    fn rotation_moves_the_log_aside_and_the_next_line_says_from_where() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        let log = AuditLog::new(&path);
        log.append(&[Event::new(Kind::Initialized)]).unwrap();
        let mut writer = log.writer().unwrap();
        let aside = dir.path().join("events.jsonl.old");
        writer.rotate_to(&aside).unwrap();
        let batch = writer.prepare(&[Event::new(Kind::Anchored)]).unwrap();
        writer.write(&batch).unwrap();
        assert_eq!(lines(&aside).len(), 1);
        let parsed = lines(&path);
        assert_eq!(parsed[0]["rotated_from"], "events.jsonl.old");
        assert_eq!(
            (parsed[0]["seq"].clone(), parsed[1]["seq"].clone()),
            (2.into(), 3.into())
        );
    }
}
