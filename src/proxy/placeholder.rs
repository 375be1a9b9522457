//! Placeholders: what the program gets in place of each value under `exec --proxy`.
//!
//! A placeholder has its value's shape: the same length, the same punctuation in the same
//! places, a key's conventional prefix (`sk-`, `sk-proj-`, `ghp_`, `xoxb-`) kept, and every
//! other letter and digit drawn at random from its own class. SDKs that check a key's shape
//! accept it; and since no encoding a client applies (percent, JSON) touches a letter or a
//! digit, each encoded placeholder has the length of the encoded value it stands for, so a
//! request's body keeps its length when the proxy swaps one for the other.

use anyhow::{Context, Result, bail};
use zeroize::Zeroizing;

/// Random letters and digits a placeholder must have at least: fewer, and one could be
/// guessed, or turn up by chance in other traffic.
pub const RANDOM_MIN: usize = 12;

/// Where a placeholder's letters and digits come from.
#[derive(Clone, Copy)]
pub enum Noise<'a> {
    /// The operating system: a placeholder no one can foretell.
    Random,
    /// A key: the same key, secret name and value make the same placeholder, so `vault mcp`
    /// can tell a model the placeholder each of its runs will hold.
    Keyed { key: &'a [u8; 32], name: &'a str },
}

/// A placeholder for `value`, differing from it and from every one in `taken`, at random.
#[cfg(test)]
fn make(value: &[u8], taken: &[Zeroizing<Vec<u8>>]) -> Result<Zeroizing<Vec<u8>>> {
    make_with(value, taken, Noise::Random)
}

/// A placeholder for `value`, differing from it and from every one in `taken`, its letters
/// and digits drawn from `noise`.
pub fn make_with(
    value: &[u8],
    taken: &[Zeroizing<Vec<u8>>],
    noise: Noise,
) -> Result<Zeroizing<Vec<u8>>> {
    let kept = prefix_len(value);
    let random = value[kept..]
        .iter()
        .filter(|b| b.is_ascii_alphanumeric())
        .count();
    if random < RANDOM_MIN {
        bail!("fewer than {RANDOM_MIN} letters and digits to make a placeholder of");
    }
    let mut attempt = 0u64;
    loop {
        attempt += 1;
        let mut placeholder = Zeroizing::new(value.to_vec());
        let mut drawn = Zeroizing::new(vec![0u8; 2 * placeholder.len()]);
        match noise {
            Noise::Random => getrandom::fill(&mut drawn)
                .context("cannot get random bytes from the operating system")?,
            Noise::Keyed { key, name } => crate::crypto::keyed_bytes(
                key,
                &[
                    b"vault placeholder v1",
                    name.as_bytes(),
                    value,
                    &attempt.to_be_bytes(),
                ],
                &mut drawn,
            ),
        }
        let mut noise = drawn.iter().copied();
        for byte in placeholder[kept..].iter_mut() {
            let class: &[u8] = match *byte {
                b'a'..=b'z' => b"abcdefghijklmnopqrstuvwxyz",
                b'A'..=b'Z' => b"ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                b'0'..=b'9' => b"0123456789",
                _ => continue,
            };
            *byte = pick(class, &mut noise);
        }
        let clashes = placeholder.as_slice() == value
            || taken
                .iter()
                .any(|other| contains(other, &placeholder) || contains(&placeholder, other));
        if !clashes {
            return Ok(placeholder);
        }
    }
}

/// A placeholder of no particular shape, for a secret the proxy sends nowhere (no host is
/// pinned): nothing is ever swapped for it, so it need not have its value's length.
pub fn opaque(taken: &[Zeroizing<Vec<u8>>], noise: Noise) -> Result<Zeroizing<Vec<u8>>> {
    make_with(
        b"vault-placeholder-AAAAAAAAAAAAAAAAAAAAAAAAAA",
        taken,
        noise,
    )
}

/// One character of `class`, uniformly: bytes past the largest multiple of its size are
/// skipped. Two random bytes per position are drawn, which runs out only by a freak.
fn pick(class: &[u8], noise: &mut impl Iterator<Item = u8>) -> u8 {
    let limit = 256 - 256 % class.len();
    for byte in noise.by_ref() {
        if usize::from(byte) < limit {
            return class[usize::from(byte) % class.len()];
        }
    }
    class[0]
}

/// How much of the start of `value` is a conventional prefix, kept as it is: up to three
/// groups of a lowercase letter and at most seven more lowercase letters or digits, each
/// ending in `-` or `_` (`sk-`, `sk-ant-api03-`, `ghp_`, `xoxb-`, `sk_live_`). None if that
/// would leave too little to make random.
fn prefix_len(value: &[u8]) -> usize {
    let mut at = 0;
    for _ in 0..3 {
        let rest = &value[at..];
        let Some(first) = rest.first() else { break };
        if !first.is_ascii_lowercase() {
            break;
        }
        let word = rest
            .iter()
            .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            .count();
        if word > 8 || !matches!(rest.get(word), Some(b'-' | b'_')) {
            break;
        }
        at += word + 1;
    }
    let random_after = value[at..]
        .iter()
        .filter(|b| b.is_ascii_alphanumeric())
        .count();
    if random_after >= RANDOM_MIN { at } else { 0 }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(bytes: &[u8]) -> Vec<u8> {
        bytes
            .iter()
            .map(|b| match b {
                b'a'..=b'z' => b'a',
                b'A'..=b'Z' => b'A',
                b'0'..=b'9' => b'0',
                other => *other,
            })
            .collect()
    }

    #[test]
    fn a_keyed_placeholder_is_the_same_for_the_same_key_name_and_value_only() {
        let value = b"sk-proj-Ab3dEf6hIj9kLmN0pQrStUvWxYz";
        let (key, other_key) = ([7u8; 32], [8u8; 32]);
        let keyed = |key: &[u8; 32], name: &str, value: &[u8]| {
            make_with(value, &[], Noise::Keyed { key, name }).unwrap()
        };
        let first = keyed(&key, "OPENAI_API_KEY", value);
        assert_eq!(first, keyed(&key, "OPENAI_API_KEY", value));
        assert_eq!(shape(&first), shape(value));
        assert_ne!(first.as_slice(), value);
        assert_ne!(first, keyed(&other_key, "OPENAI_API_KEY", value));
        assert_ne!(first, keyed(&key, "OTHER_KEY", value));
        assert_ne!(
            first,
            keyed(
                &key,
                "OPENAI_API_KEY",
                b"sk-proj-Zb3dEf6hIj9kLmN0pQrStUvWxYz"
            )
        );
        // A clash with one taken already is stepped past, still from the key.
        let next = make_with(
            value,
            std::slice::from_ref(&first),
            Noise::Keyed {
                key: &key,
                name: "OPENAI_API_KEY",
            },
        )
        .unwrap();
        assert_ne!(next, first);
    }

    #[test]
    fn a_placeholder_has_its_values_shape_and_prefix_and_nothing_else_of_it() {
        for (value, prefix) in [
            (
                &b"sk-proj-Ab3dEf6hIj9kLmN0pQrStUvWxYz"[..],
                &b"sk-proj-"[..],
            ),
            (b"ghp_0123456789abcdefABCDEF0123456789abcd", b"ghp_"),
            (b"xoxb-1234567890-0987654321-AbCdEfGhIjKl", b"xoxb-"),
            (b"sk-ant-api03-AAAAbbbbCCCCddddEEEEffff", b"sk-ant-api03-"),
            (b"AKIAIOSFODNN7EXAMPLE/wJalrXUtnFEMI+K7MDENG", b""),
            (b"pa$$w0rd with spaces and \xc3\xa9 accents", b""),
        ] {
            let placeholder = make(value, &[]).unwrap();
            assert_eq!(placeholder.len(), value.len());
            assert_eq!(shape(&placeholder), shape(value));
            assert!(placeholder.starts_with(prefix));
            assert_ne!(placeholder.as_slice(), value);
            // Past the prefix, about one character in 10 to 26 matches by chance, not more.
            let same = placeholder[prefix.len()..]
                .iter()
                .zip(&value[prefix.len()..])
                .filter(|(a, b)| a == b && b.is_ascii_alphanumeric())
                .count();
            assert!(same * 3 < value.len(), "{same}");
        }
    }

    #[test]
    fn placeholders_differ_run_to_run_and_from_each_other() {
        let value = b"sk-live-0123456789abcdef";
        let one = make(value, &[]).unwrap();
        let two = make(value, std::slice::from_ref(&one)).unwrap();
        assert_ne!(one, two);
    }

    #[test]
    fn a_value_with_too_few_letters_and_digits_gets_none() {
        for value in [&b"hunter2!"[..], b"--------------------", b"ab-cdefghij"] {
            let err = make(value, &[]).unwrap_err().to_string();
            assert!(err.contains("fewer than 12"), "{err}");
        }
        // The prefix is given up rather than leave too little random.
        assert_eq!(prefix_len(b"sk-abcdefghij"), 0);
        assert_eq!(prefix_len(b"sk-abcdefghijkl"), 3);
        assert_eq!(prefix_len(b"averyverylongword-abcdefghijkl"), 0);
    }
}
