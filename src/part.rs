//! The plaintext inside every encrypted part: one line of RON describing the contents, a
//! newline, then the raw bytes of the values, which the RON points into as `(offset, length)`.
//!
//! Keeping values out of the RON means binary values need no escaping and parsing costs nothing
//! per value byte, while the description stays readable: `age -d part.age | head -n 1`.

use serde::Serialize;
use serde::de::DeserializeOwned;

use anyhow::{Result, anyhow};

use crate::secret::SecretBytes;

/// Where a value lies in the blob: `(offset, length)`.
pub type Span = (u64, u64);

/// Hands out the spans of values laid end to end, without copying them anywhere.
#[derive(Default)]
pub struct Layout(u64);

impl Layout {
    pub fn span(&mut self, value: &[u8]) -> Span {
        let span = (self.0, value.len() as u64);
        self.0 += value.len() as u64;
        span
    }

    pub fn len(&self) -> usize {
        self.0 as usize
    }
}

/// One RON value on one line, newline included. `hint` guesses its length, for one allocation.
pub fn to_line<T: Serialize>(value: &T, hint: usize) -> Result<String> {
    let mut line = String::with_capacity(hint + 1);
    // As `ron::to_string` writes it, but without escaping strings: ours hold only names, ids
    // and recipients, and checking every character of them for escapes took half the time of
    // writing a large state.
    let one_line = ron::ser::PrettyConfig::new()
        .new_line("")
        .indentor("")
        .separator("")
        .compact_arrays(true)
        .compact_structs(true)
        .escape_strings(false);
    ron::ser::to_writer_pretty(&mut line, value, one_line)
        .map_err(|_| anyhow!("cannot describe a vault part"))?;
    // Unescaped, a string holding a newline would end the line early. Names and ids never do;
    // loading checks the rest, so this is a last guard rather than an expected error.
    if line.contains('\n') {
        return Err(anyhow!(
            "cannot describe a vault part (a newline in a string)"
        ));
    }
    line.push('\n');
    Ok(line)
}

/// A part's plaintext: its description `lines` (newlines included), then `values`, in the
/// order their spans were handed out.
pub fn join(lines: &[&[u8]], values: &[&[u8]]) -> SecretBytes {
    let len = lines.iter().chain(values).map(|piece| piece.len()).sum();
    // One allocation up front: a growing buffer would leave unwiped copies of the values.
    let mut plain = SecretBytes::new(Vec::with_capacity(len));
    let bytes = plain.expose_mut();
    for piece in lines.iter().chain(values) {
        bytes.extend_from_slice(piece);
    }
    plain
}

/// The first line of `plain`, without its newline, and what follows it.
pub fn next_line<'a>(plain: &'a [u8], what: &str) -> Result<(&'a str, &'a [u8])> {
    let newline = plain
        .iter()
        .position(|&b| b == b'\n')
        .ok_or_else(|| anyhow!("{what} lacks a description line"))?;
    let line = std::str::from_utf8(&plain[..newline])
        .map_err(|_| anyhow!("{what} has a description that is not UTF-8"))?;
    Ok((line, &plain[newline + 1..]))
}

/// Parses one description line. Errors never quote the text: it could sit next to values.
pub fn parse_line<T: DeserializeOwned>(line: &str, what: &str) -> Result<T> {
    ron::from_str(line).map_err(|err| {
        anyhow!(
            "{what} has a description that does not parse (column {})",
            err.span.start.col
        )
    })
}

/// Splits a part whose description is one line into the parsed description and the blob.
pub fn split<'a, T: DeserializeOwned>(plain: &'a [u8], what: &str) -> Result<(T, &'a [u8])> {
    let (line, blob) = next_line(plain, what)?;
    Ok((parse_line(line, what)?, blob))
}

/// The bytes a span points at, if the span lies inside the blob.
pub fn slice(blob: &[u8], (offset, len): Span) -> Option<&[u8]> {
    let start = usize::try_from(offset).ok()?;
    let end = start.checked_add(usize::try_from(len).ok()?)?;
    blob.get(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_binary_values() {
        let values: [&[u8]; 2] = [b"\n\0\xff", b"two"];
        let mut layout = Layout::default();
        let spans: Vec<Span> = values.iter().map(|v| layout.span(v)).collect();
        let plain = join(&[to_line(&spans, 0).unwrap().as_bytes()], &values);
        let (spans, rest): (Vec<Span>, _) = split(plain.expose(), "part").unwrap();
        assert_eq!(slice(rest, spans[0]), Some(&b"\n\0\xff"[..]));
        assert_eq!(slice(rest, spans[1]), Some(&b"two"[..]));
        assert_eq!(slice(rest, (5, 2)), None);
        assert_eq!(slice(rest, (u64::MAX, 2)), None);
    }

    #[test]
    fn parse_errors_do_not_quote_the_text() {
        let err = split::<Vec<Span>>(b"[(1, \"sk-live-canary\")]\n", "part")
            .err()
            .unwrap()
            .to_string();
        assert!(!err.contains("canary"), "{err}");
    }
}
