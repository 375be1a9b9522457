//! `vault events repair`: a damaged tail (a junk line, a sparse run of zeros, lines spliced in)
//! stops every read and change, as it must. The operator moves it aside, into a file of its
//! own where nothing is lost, and the chain goes on from the last good line with an event that
//! says what was moved where.

use std::io::{self, Seek, SeekFrom};
use std::path::PathBuf;

use anyhow::{Context, Result};

use super::verify::verify_lines;
use super::{AuditLog, Event, Kind, LogWriter};
use crate::paths::with_suffix;
use crate::store::{self, StagedFile};

/// What `repair` moved, and where.
pub struct Repaired {
    pub moved_to: PathBuf,
    /// The first line moved, counted in the file, and how many were moved.
    pub from_line: u64,
    pub lines: u64,
    pub problem: String,
}

/// Moves everything from the first line that breaks the chain to the end of the file aside,
/// and logs `log.repaired`. `None` when the chain is sound.
pub fn repair(log: &AuditLog) -> Result<Option<Repaired>> {
    let path = log.path();
    let shown = path.display();
    let (mut file, lock) = LogWriter::lock_current(path)?;
    let len = file.metadata()?.len();
    let verdict = verify_lines(io::BufReader::new((&file).take_len(len)), None)
        .with_context(|| format!("cannot read the audit log {shown}"))?;
    let Some(broken) = verdict.broken else {
        return Ok(None);
    };
    let from_line = broken.line.unwrap_or(verdict.lines);
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let moved_to = with_suffix(path, &format!(".damaged-{stamp}"));
    let mut staged = StagedFile::create(&moved_to)?;
    file.seek(SeekFrom::Start(broken.offset))?;
    let moved = io::copy(&mut (&file).take_len(len - broken.offset), staged.file())
        .with_context(|| format!("cannot copy the damaged tail of {shown}"))?;
    staged.commit_new()?;
    let lines = bytecount_lines(&moved_to)?;
    file.set_len(broken.offset)
        .and_then(|()| file.sync_data())
        .with_context(|| format!("cannot cut the damaged tail off {shown}"))?;
    debug_assert_eq!(moved, len - broken.offset);
    let mut writer = LogWriter::locked(path, file, lock)?;
    let mut event = Event::new(Kind::LogRepaired);
    event.moved_to = Some(
        moved_to
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    );
    event.lines = Some(lines);
    event.problem = Some(broken.problem.clone());
    let batch = writer.prepare(&[event])?;
    writer.write_durably(&batch)?;
    Ok(Some(Repaired {
        moved_to,
        from_line,
        lines,
        problem: broken.problem,
    }))
}

/// Lines in a file, a last one without its newline counted too.
fn bytecount_lines(path: &std::path::Path) -> Result<u64> {
    let file = store::open_log_read(path)?.context("the damaged tail went away")?;
    let mut reader = io::BufReader::new(file);
    let mut lines = 0;
    let mut last = b'\n';
    loop {
        let buf = io::BufRead::fill_buf(&mut reader)?;
        if buf.is_empty() {
            break;
        }
        lines += memchr::memchr_iter(b'\n', buf).count() as u64;
        last = buf[buf.len() - 1];
        let n = buf.len();
        io::BufRead::consume(&mut reader, n);
    }
    Ok(lines + u64::from(last != b'\n'))
}

/// `Read::take` on a shared reference to a file.
trait TakeLen: io::Read + Sized {
    fn take_len(self, len: u64) -> io::Take<Self> {
        io::Read::take(self, len)
    }
}

impl TakeLen for &std::fs::File {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_junk_tail_is_moved_aside_and_the_chain_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        let log = AuditLog::new(&path);
        log.append(&[Event::new(Kind::Initialized)]).unwrap();
        log.append(&[Event::new(Kind::Accessed)]).unwrap();
        let good = std::fs::read(&path).unwrap();
        let mut damaged = good.clone();
        damaged.extend_from_slice(b"{}\n{\"seq\":3}\n");
        std::fs::write(&path, &damaged).unwrap();
        assert!(log.append(&[Event::new(Kind::Accessed)]).is_err());

        let repaired = repair(&log).unwrap().unwrap();
        assert_eq!((repaired.from_line, repaired.lines), (3, 2));
        assert_eq!(
            std::fs::read(&repaired.moved_to).unwrap(),
            b"{}\n{\"seq\":3}\n"
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(std::str::from_utf8(&good).unwrap()));
        assert!(text.lines().nth(2).unwrap().contains("log.repaired"));
        log.append(&[Event::new(Kind::Accessed)]).unwrap();
        let verdict = crate::audit::verify_chain(&path, None).unwrap();
        assert!(verdict.broken().is_none());
        assert_eq!(verdict.lines(), 4);
        assert!(repair(&log).unwrap().is_none(), "nothing left to repair");
    }
}
