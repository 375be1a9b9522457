//! Reading a file's lines from its end, without reading the rest of it: how `events -n`, the
//! start of `--follow` and every append find the last lines of a log of any size.

use std::io::{self, Read, Seek, SeekFrom};

/// Read from the end in steps of this much, doubling while a line does not fit: most lines are
/// a few hundred bytes, and an append only needs the last one.
const FIRST_CHUNK: usize = 4096;
const MAX_CHUNK: usize = 1 << 20;

/// Lines of `reader` up to `end`, last first, without their newlines.
pub struct RevLines<R> {
    reader: R,
    /// Bytes `[buf_start, buf_start + buf.len())` of the file: the unread region's tail.
    buf: Vec<u8>,
    buf_start: u64,
    chunk: usize,
    last_terminated: Option<bool>,
}

impl<R: Read + Seek> RevLines<R> {
    pub fn new(reader: R, end: u64) -> Self {
        Self {
            reader,
            buf: Vec::new(),
            buf_start: end,
            chunk: FIRST_CHUNK,
            last_terminated: None,
        }
    }

    /// Reads the chunk before the buffer into it; false at the start of the file.
    fn load_previous(&mut self) -> io::Result<bool> {
        if self.buf_start == 0 {
            return Ok(false);
        }
        let start = self.buf_start.saturating_sub(self.chunk as u64);
        self.chunk = (self.chunk * 2).min(MAX_CHUNK);
        let mut chunk = vec![0; (self.buf_start - start) as usize];
        self.reader.seek(SeekFrom::Start(start))?;
        self.reader.read_exact(&mut chunk)?;
        chunk.append(&mut self.buf);
        self.buf = chunk;
        self.buf_start = start;
        Ok(true)
    }

    /// The line before the ones already returned, or `None` at the start of the file.
    pub fn prev_line(&mut self) -> io::Result<Option<Vec<u8>>> {
        if self.buf.is_empty() && !self.load_previous()? {
            return Ok(None);
        }
        let terminated = self.buf.last() == Some(&b'\n');
        if terminated {
            self.buf.pop();
        }
        self.last_terminated.get_or_insert(terminated);
        loop {
            if let Some(newline) = self.buf.iter().rposition(|&b| b == b'\n') {
                return Ok(Some(self.buf.split_off(newline + 1)));
            }
            if !self.load_previous()? {
                return Ok(Some(std::mem::take(&mut self.buf)));
            }
        }
    }

    /// Whether the file's last line ends with a newline (known once a line has been read). A
    /// line without one is still being written, or was torn by a crash.
    pub fn last_line_terminated(&self) -> bool {
        self.last_terminated.unwrap_or(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn all(text: &[u8]) -> (Vec<Vec<u8>>, bool) {
        let mut lines = RevLines::new(Cursor::new(text), text.len() as u64);
        let mut out = Vec::new();
        while let Some(line) = lines.prev_line().unwrap() {
            out.push(line);
        }
        (out, lines.last_line_terminated())
    }

    #[test]
    fn lines_come_last_first() {
        assert_eq!(
            all(b"a\nbb\nccc\n"),
            (vec![b"ccc".to_vec(), b"bb".to_vec(), b"a".to_vec()], true)
        );
        assert_eq!(
            all(b"a\ntorn"),
            (vec![b"torn".to_vec(), b"a".to_vec()], false)
        );
        assert_eq!(all(b""), (vec![], true));
        assert_eq!(all(b"\n\n"), (vec![b"".to_vec(), b"".to_vec()], true));
    }

    #[test]
    fn lines_longer_than_a_chunk_are_whole() {
        let long = vec![b'x'; FIRST_CHUNK * 5 + 17];
        let mut text = b"first\n".to_vec();
        text.extend_from_slice(&long);
        text.push(b'\n');
        let (lines, _) = all(&text);
        assert_eq!(lines, vec![long, b"first".to_vec()]);
    }
}
