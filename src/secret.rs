//! The one type that holds secret bytes: values and private keys.

use std::fmt;

use anyhow::{Result, bail};
use zeroize::Zeroizing;

/// The largest value the vault stores: at least the 1 MiB the contract promises.
pub const MAX_VALUE_LEN: usize = 1 << 20;

/// A secret's value is 1 byte to 1 MiB.
pub fn check_value(value: &SecretBytes) -> Result<()> {
    if value.is_empty() {
        bail!("the value is empty; a secret holds 1 byte to 1 MiB");
    }
    if value.len() > MAX_VALUE_LEN {
        bail!(
            "the value is {} bytes, over the limit of 1 MiB ({MAX_VALUE_LEN} bytes)",
            value.len()
        );
    }
    Ok(())
}

/// Secret bytes (a value, a private key, a decrypted part). Wiped from memory when dropped, and
/// never printed: `Debug` shows only the length, so a stray `{:?}` cannot leak a value.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct SecretBytes(Zeroizing<Vec<u8>>);

impl SecretBytes {
    pub fn new(bytes: Vec<u8>) -> Self {
        Self(Zeroizing::new(bytes))
    }

    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// For filling a buffer in place; it grows without leaving copies only if its capacity
    /// was reserved up front.
    pub fn expose_mut(&mut self) -> &mut Vec<u8> {
        &mut self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Zeroizing<Vec<u8>>> for SecretBytes {
    fn from(bytes: Zeroizing<Vec<u8>>) -> Self {
        Self(bytes)
    }
}

impl fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretBytes(<{} bytes redacted>)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_bytes() {
        let secret = SecretBytes::new(b"sk-live-canary".to_vec());
        let shown = format!("{secret:?} {:?}", Some(&secret));
        assert!(!shown.contains("canary"), "{shown}");
        assert!(shown.contains("14 bytes"), "{shown}");
    }
}
