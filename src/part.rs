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

/// Values laid end to end, in a buffer that is wiped when dropped.
#[derive(Default)]
pub struct Blob(Vec<u8>);

impl Blob {
    pub fn with_capacity(len: usize) -> Self {
        Self(Vec::with_capacity(len))
    }

    pub fn push(&mut self, value: &[u8]) -> Span {
        let span = (self.0.len() as u64, value.len() as u64);
        self.0.extend_from_slice(value);
        span
    }
}

impl Drop for Blob {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

/// Joins the description and the blob into a part's plaintext.
pub fn join<T: Serialize>(description: &T, blob: &Blob) -> Result<SecretBytes> {
    let line = ron::to_string(description).map_err(|_| anyhow!("cannot describe a vault part"))?;
    // Our RON holds only names, ids and numbers, and ron escapes control characters in
    // strings, so the description can never contain the newline that ends it.
    debug_assert!(!line.contains('\n'));
    let mut plain = Vec::with_capacity(line.len() + 1 + blob.0.len());
    plain.extend_from_slice(line.as_bytes());
    plain.push(b'\n');
    plain.extend_from_slice(&blob.0);
    Ok(SecretBytes::new(plain))
}

/// Splits a part's plaintext into its parsed description and the blob. Errors never quote the
/// text: it could sit next to secret values.
pub fn split<'a, T: DeserializeOwned>(plain: &'a [u8], what: &str) -> Result<(T, &'a [u8])> {
    let newline = plain
        .iter()
        .position(|&b| b == b'\n')
        .ok_or_else(|| anyhow!("{what} has no description line"))?;
    let line = std::str::from_utf8(&plain[..newline])
        .map_err(|_| anyhow!("{what} has a description that is not UTF-8"))?;
    let description = ron::from_str(line).map_err(|err| {
        anyhow!(
            "{what} has a description that does not parse (column {})",
            err.span.start.col
        )
    })?;
    Ok((description, &plain[newline + 1..]))
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
        let mut blob = Blob::default();
        let a = blob.push(b"\n\0\xff");
        let b = blob.push(b"two");
        let plain = join(&vec![a, b], &blob).unwrap();
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
