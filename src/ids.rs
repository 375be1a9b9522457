//! Random identifiers: `sec_…` for secrets, `grt_…` for grants.

use anyhow::{Context, Result};

const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";

/// 16 characters of base32 alphabet: 80 random bits, so ids never collide in practice and leak
/// nothing about creation order.
pub fn new_id(prefix: &str) -> Result<String> {
    let mut random = [0u8; 16];
    getrandom::fill(&mut random).context("cannot get random bytes from the operating system")?;
    let mut id = String::with_capacity(prefix.len() + random.len());
    id.push_str(prefix);
    // 256 is a multiple of 32, so the low five bits of a uniform byte are uniform too.
    id.extend(random.iter().map(|b| ALPHABET[usize::from(b & 31)] as char));
    Ok(id)
}

/// Whether `text` could be an id `new_id(prefix)` made.
pub fn is_id(prefix: &str, text: &str) -> bool {
    text.strip_prefix(prefix)
        .is_some_and(|rest| rest.len() == 16 && rest.bytes().all(|b| ALPHABET.contains(&b)))
}

pub fn new_salt() -> Result<[u8; 32]> {
    let mut salt = [0u8; 32];
    getrandom::fill(&mut salt).context("cannot get random bytes from the operating system")?;
    Ok(salt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_the_prefix_and_the_alphabet() {
        let id = new_id("sec_").unwrap();
        assert_eq!(id.len(), 20);
        assert!(id.starts_with("sec_"));
        assert!(id[4..].bytes().all(|b| ALPHABET.contains(&b)));
        assert_ne!(id, new_id("sec_").unwrap());
        assert!(is_id("sec_", &id));
        assert!(!is_id("grt_", &id) && !is_id("sec_", &id[..19]) && !is_id("sec_", "SEC_X"));
    }
}
