//! Random values for `secret add/set --generate`, from the operating system's random source.

use anyhow::{Context, Result};
use zeroize::Zeroizing;

use crate::secret::SecretBytes;

pub const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
pub const HEX: &[u8] = b"0123456789abcdef";
pub const BASE64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// The printable ASCII characters but space.
pub const ASCII: &[u8] = b"!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

/// `length` characters drawn uniformly from `alphabet`: a random byte is taken only below the
/// largest multiple of the alphabet's size, so no character is likelier than another.
pub fn value(length: usize, alphabet: &[u8]) -> Result<SecretBytes> {
    let size = alphabet.len();
    let limit = 256 - 256 % size;
    let mut value = Zeroizing::new(Vec::with_capacity(length));
    let mut random = Zeroizing::new([0u8; 256]);
    while value.len() < length {
        getrandom::fill(&mut *random)
            .context("cannot get random bytes from the operating system")?;
        for &byte in random.iter() {
            if value.len() == length {
                break;
            }
            if usize::from(byte) < limit {
                value.push(alphabet[usize::from(byte) % size]);
            }
        }
    }
    Ok(SecretBytes::from(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_have_the_length_and_alphabet_asked_for() {
        for alphabet in [ALNUM, HEX, BASE64URL, ASCII] {
            let made = value(1000, alphabet).unwrap();
            assert_eq!(made.len(), 1000);
            assert!(made.expose().iter().all(|b| alphabet.contains(b)));
        }
        assert_eq!(ASCII.len(), 94);
        assert_ne!(value(32, ALNUM).unwrap(), value(32, ALNUM).unwrap());
    }

    #[test]
    fn every_character_comes_up_about_as_often() {
        let made = value(64_000, HEX).unwrap();
        for digit in HEX {
            let count = made.expose().iter().filter(|b| *b == digit).count();
            // 4,000 expected; five standard deviations (about 300) either way.
            assert!(
                (3_500..4_500).contains(&count),
                "{} {count}",
                *digit as char
            );
        }
    }
}
