//! `--follow`: the lines appended to the log, as they come, across rotation and truncation, the
//! way `tail -F` follows a file by name.

use std::fs::{self, File};
use std::io::{self, Read, Seek, SeekFrom};
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};

/// How many bytes before the read position are remembered to notice a rewritten file: enough
/// for a whole line, whose timestamp and pid tell it from a line written in its place.
const WITNESS_LEN: u64 = 4096;

pub struct Follower {
    path: PathBuf,
    file: Option<File>,
    /// Device and inode of `file`: a different pair under `path` means the log was rotated.
    identity: (u64, u64),
    pos: u64,
    /// The bytes just before `pos`. A log truncated and written again past `pos` between two
    /// looks is as long as before but no longer holds them.
    witness: Vec<u8>,
    /// The start of a line whose newline has not been written yet.
    partial: Vec<u8>,
}

fn identity_of(meta: &fs::Metadata) -> (u64, u64) {
    (meta.dev(), meta.ino())
}

impl Follower {
    /// Follows the log at `path` from byte `pos` of `file`, the log as it was opened to show its
    /// last lines (`None` if there was no log yet).
    pub fn new(path: &Path, file: Option<File>, pos: u64) -> io::Result<Self> {
        let mut follower = Self {
            path: path.to_path_buf(),
            file: None,
            identity: (0, 0),
            pos,
            witness: Vec::new(),
            partial: Vec::new(),
        };
        if let Some(file) = file {
            follower.identity = identity_of(&file.metadata()?);
            let start = pos.saturating_sub(WITNESS_LEN);
            let mut witness = vec![0; (pos - start) as usize];
            file.read_exact_at(&mut witness, start)?;
            follower.witness = witness;
            follower.file = Some(file);
        }
        Ok(follower)
    }

    /// The complete lines appended since the last call, possibly none. Never waits.
    pub fn poll(&mut self) -> io::Result<Vec<Vec<u8>>> {
        if !self.still_there()? {
            self.restart();
        }
        let mut lines = self.read_new()?;
        if lines.is_empty() && self.switch_if_rotated()? {
            lines = self.read_new()?;
        }
        Ok(lines)
    }

    /// Whether the file still holds what we read last, up to `pos`.
    fn still_there(&self) -> io::Result<bool> {
        let Some(file) = &self.file else {
            return Ok(true);
        };
        let mut now = vec![0; self.witness.len()];
        match file.read_exact_at(&mut now, self.pos - self.witness.len() as u64) {
            Ok(()) => Ok(now == self.witness),
            Err(err) if err.kind() == io::ErrorKind::UnexpectedEof => Ok(false),
            Err(err) => Err(err),
        }
    }

    fn restart(&mut self) {
        self.pos = 0;
        self.witness.clear();
        self.partial.clear();
    }

    fn read_new(&mut self) -> io::Result<Vec<Vec<u8>>> {
        let Some(file) = &mut self.file else {
            return Ok(Vec::new());
        };
        file.seek(SeekFrom::Start(self.pos))?;
        let mut new = Vec::new();
        file.read_to_end(&mut new)?;
        self.pos += new.len() as u64;
        self.witness.extend_from_slice(&new);
        let excess = self.witness.len().saturating_sub(WITNESS_LEN as usize);
        self.witness.drain(..excess);
        self.partial.append(&mut new);
        let Some(last_newline) = self.partial.iter().rposition(|&b| b == b'\n') else {
            return Ok(Vec::new());
        };
        let rest = self.partial.split_off(last_newline + 1);
        let mut complete = std::mem::replace(&mut self.partial, rest);
        complete.pop();
        Ok(complete
            .split(|&b| b == b'\n')
            .map(<[u8]>::to_vec)
            .collect())
    }

    /// After rotation (another file under the name), starts over at the top of the new file.
    /// Returns whether it did.
    fn switch_if_rotated(&mut self) -> io::Result<bool> {
        let meta = match fs::metadata(&self.path) {
            Ok(meta) => meta,
            // Mid-rotation: the old name is gone and the new file not there yet.
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(err) => return Err(err),
        };
        if self.file.is_some() && identity_of(&meta) == self.identity {
            return Ok(false);
        }
        let file = File::open(&self.path)?;
        self.identity = identity_of(&file.metadata()?);
        self.file = Some(file);
        self.restart();
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn append(path: &Path, text: &str) {
        fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }

    #[test]
    fn follows_appends_partial_lines_rotation_and_truncation() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        append(&path, "old\n");
        let file = File::open(&path).unwrap();
        let mut follower = Follower::new(&path, Some(file), 4).unwrap();
        assert!(follower.poll().unwrap().is_empty());

        append(&path, "one\ntw");
        assert_eq!(follower.poll().unwrap(), vec![b"one".to_vec()]);
        append(&path, "o\n");
        assert_eq!(follower.poll().unwrap(), vec![b"two".to_vec()]);

        fs::rename(&path, dir.path().join("events.jsonl.1")).unwrap();
        assert!(follower.poll().unwrap().is_empty(), "mid-rotation");
        append(&path, "fresh\n");
        assert_eq!(follower.poll().unwrap(), vec![b"fresh".to_vec()]);

        fs::write(&path, "").unwrap();
        append(&path, "x\n");
        assert_eq!(follower.poll().unwrap(), vec![b"x".to_vec()]);

        // Truncated and written again to the same length between two looks.
        fs::write(&path, "y\n").unwrap();
        assert_eq!(follower.poll().unwrap(), vec![b"y".to_vec()]);
    }

    #[test]
    fn waits_for_a_log_that_does_not_exist_yet() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        let mut follower = Follower::new(&path, None, 0).unwrap();
        assert!(follower.poll().unwrap().is_empty());
        append(&path, "first\n");
        assert_eq!(follower.poll().unwrap(), vec![b"first".to_vec()]);
    }
}
