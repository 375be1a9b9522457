//! Reading a file's lines from its end, without reading the rest of it: how `events -n`, the
//! start of `--follow`, every append and every anchor check find the last lines of a log of
//! any size.

use std::io::{self, Read, Seek, SeekFrom};

use super::MAX_LINE;

/// Read from the end in steps of this much, doubling while a line does not fit: most lines are
/// a few hundred bytes, and an append only needs the last one.
const FIRST_CHUNK: usize = 4096;
const MAX_CHUNK: usize = 1 << 20;

/// Lines of `reader` up to `end`, last first, without their newlines. A line longer than
/// `MAX_LINE` is not an event: reading stops there with an error, so a sparse or junk tail of
/// any size costs at most a few MiB and linear time, never memory without bound.
pub struct RevLines<R> {
    reader: R,
    /// Bytes `[buf_start, buf_start + buf.len())` of the file: the unread region's tail.
    buf: Vec<u8>,
    buf_start: u64,
    chunk: usize,
    last_terminated: Option<bool>,
}

/// The error for a line over `MAX_LINE`.
pub fn too_long() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        "a line of over 1 MiB, which is not an event",
    )
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
                if self.buf.len() - newline - 1 > MAX_LINE {
                    return Err(too_long());
                }
                return Ok(Some(self.buf.split_off(newline + 1)));
            }
            if self.buf.len() > MAX_LINE {
                return Err(too_long());
            }
            if !self.load_previous()? {
                return Ok(Some(std::mem::take(&mut self.buf)));
            }
        }
    }

    /// Where the lines not yet returned end: the byte after the last of them (its newline
    /// included, if it has one).
    pub fn unread_end(&self) -> u64 {
        self.buf_start + self.buf.len() as u64
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

    #[test]
    fn a_tail_without_newlines_stops_after_a_bounded_read() {
        // What `truncate -s +256M` leaves: zeros with no newline. Only a little over MAX_LINE
        // is read before giving up, whatever the length.
        struct Zeros {
            len: u64,
            pos: u64,
            read: u64,
        }
        impl Read for Zeros {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = (buf.len() as u64).min(self.len - self.pos) as usize;
                buf[..n].fill(0);
                self.pos += n as u64;
                self.read += n as u64;
                Ok(n)
            }
        }
        impl Seek for Zeros {
            fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
                let SeekFrom::Start(at) = to else {
                    unreachable!()
                };
                self.pos = at;
                Ok(at)
            }
        }
        let len = 256 << 20;
        let mut zeros = Zeros {
            len,
            pos: 0,
            read: 0,
        };
        let err = RevLines::new(&mut zeros, len).prev_line().unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert!(
            zeros.read < 3 * MAX_LINE as u64,
            "read {} bytes",
            zeros.read
        );
    }

    #[test]
    fn unread_end_is_where_the_returned_lines_began() {
        let text = b"a\nbb\nccc\n";
        let mut lines = RevLines::new(Cursor::new(&text[..]), text.len() as u64);
        lines.prev_line().unwrap();
        assert_eq!(lines.unread_end(), 5);
        lines.prev_line().unwrap();
        assert_eq!(lines.unread_end(), 2);
    }
}
