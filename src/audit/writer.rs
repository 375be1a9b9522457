//! Appending to the log: under its lock, one write per batch, chained to the last line.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;

use anyhow::{Context, Result, anyhow};
use serde::{Deserialize, Serialize};

use super::rev_lines::RevLines;
use super::{AuditLog, Event, LogHead, sha256_ref};
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

#[derive(Deserialize)]
struct Seq {
    seq: u64,
}

/// The log, locked for appending, positioned after its last line.
pub struct LogWriter {
    path: PathBuf,
    file: File,
    len: u64,
    head: LogHead,
    _lock: Lock,
}

/// Lines ready to be appended, and the head the log will have once they are.
pub struct Batch {
    bytes: Vec<u8>,
    pub head: LogHead,
}

impl LogWriter {
    pub(super) fn open(log: &AuditLog) -> Result<Self> {
        Self::open_inner(log).with_context(|| log.context())
    }

    fn open_inner(log: &AuditLog) -> Result<Self> {
        if let Some(dir) = log.path.parent() {
            store::create_private_dir(dir)?;
        }
        let lock = Lock::exclusive(&log.lock_path(), "the audit log")?;
        let file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .mode(0o600)
            .open(&log.path)?;
        let mut len = file.metadata()?.len();
        let mut lines = RevLines::new(&file, len);
        let mut last = lines.prev_line()?;
        if last.is_some() && !lines.last_line_terminated() {
            // A writer was killed in the middle of its append. Appends happen under this lock,
            // before the value is printed or the change is made, so the torn line belongs to
            // something that never happened: cut it off, and the chain goes on from the line
            // before, as it would have if that writer had died a moment earlier.
            let torn = last.as_ref().map_or(0, Vec::len) as u64;
            len -= torn;
            file.set_len(len)?;
            last = lines.prev_line()?;
        }
        let head = match last {
            None => LogHead::empty(),
            Some(line) => {
                let Seq { seq } = serde_json::from_slice(&line).map_err(|_| {
                    anyhow!("its last line is damaged; check it with `vault events verify`")
                })?;
                LogHead {
                    seq,
                    hash: sha256_ref(&line),
                }
            }
        };
        Ok(Self {
            path: log.path.clone(),
            file,
            len,
            head,
            _lock: lock,
        })
    }

    /// Numbers and chains `events` after the current last line, without writing them yet.
    pub fn prepare(&self, events: &[Event]) -> Result<Batch> {
        let ts = crate::time::now_millis();
        let pid = std::process::id();
        let mut head = self.head.clone();
        let mut bytes = Vec::with_capacity(events.len() * 320);
        for event in events {
            let start = bytes.len();
            let line = Line {
                seq: head.seq + 1,
                ts: &ts,
                event,
                pid,
                prev: &head.hash,
            };
            serde_json::to_writer(&mut bytes, &line).context("cannot format an audit event")?;
            head = LogHead {
                seq: head.seq + 1,
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
        Ok(())
    }
}
