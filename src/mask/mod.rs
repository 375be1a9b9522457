//! Keeping secret values out of what a program prints: `vault exec` passes the program's output
//! through a redactor that replaces each injected value, in every form a tool may print it in,
//! with `<redacted:NAME>`.
//!
//! It catches what was printed, not what was done: a program that transforms a value in a way
//! not searched for here (reversed, encrypted, split by other output), or sends it over the
//! network, is not stopped (SECURITY.md).

mod forms;
mod redactor;

pub use forms::paired as paired_forms;
pub use redactor::{Redactor, Sink, Stream};

use anyhow::Result;

/// Values shorter than this are not masked: they would shred ordinary output.
pub const MIN_LEN: usize = 6;

/// A redactor for `secrets` (name, value), and the names of those too short to mask. `None`
/// when there is nothing to mask. The redactor's counts are in the order of `secrets`, the
/// short ones included (at 0).
pub fn redactor<'a>(secrets: &[(&'a str, &[u8])]) -> Result<(Option<Redactor>, Vec<&'a str>)> {
    let mut too_short = Vec::new();
    let mut masked = Vec::with_capacity(secrets.len());
    for &(name, value) in secrets {
        if value.len() < MIN_LEN {
            too_short.push(name);
            masked.push((name, Vec::new()));
        } else {
            masked.push((name, forms::forms(value)));
        }
    }
    if too_short.len() == secrets.len() {
        return Ok((None, too_short));
    }
    Ok((Some(Redactor::new(&masked)?), too_short))
}
