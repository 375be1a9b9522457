//! Every use of `age`: making keys, reading identities and recipients, sealing and opening parts.
//! No other module names the `age` crate, so the cryptography can be reviewed here alone.

use std::io::{Read, Write};
use std::str::FromStr;

use age::secrecy::ExposeSecret;
use anyhow::{Context, Result, anyhow, bail};

use crate::secret::SecretBytes;

/// Keys that can open parts: the operator's identity, or one agent's key.
pub struct Identities(Vec<Box<dyn age::Identity + Send + Sync>>);

/// A freshly generated X25519 key pair.
pub struct NewKey {
    /// The `AGE-SECRET-KEY-1…` string.
    pub secret: SecretBytes,
    /// The `age1…` recipient.
    pub recipient: String,
}

pub fn generate_key() -> NewKey {
    let identity = age::x25519::Identity::generate();
    NewKey {
        secret: SecretBytes::new(identity.to_string().expose_secret().as_bytes().to_vec()),
        recipient: identity.to_public().to_string(),
    }
}

/// The identity file `age-keygen` would write for `key`.
pub fn identity_file(key: &NewKey, created: &str) -> SecretBytes {
    let mut text = format!("# created: {created}\n# public key: {}\n", key.recipient).into_bytes();
    text.extend_from_slice(key.secret.expose());
    text.push(b'\n');
    SecretBytes::new(text)
}

/// Parses an age identity file (comments, blank lines, one key per line) or a bare key. The
/// error names `what` but never repeats the text, which holds a private key.
pub fn parse_identities(text: &SecretBytes, what: &str) -> Result<Identities> {
    let not_a_key = || {
        anyhow!("{what} is not an age identity (expected a line starting with AGE-SECRET-KEY-1)")
    };
    let file = age::IdentityFile::from_buffer(text.expose()).map_err(|_| not_a_key())?;
    let identities = file.into_identities().map_err(|_| not_a_key())?;
    if identities.is_empty() {
        return Err(not_a_key());
    }
    Ok(Identities(identities))
}

/// The recipients (`age1…`) that belong to the X25519 keys of an identity file.
pub fn recipients_of(text: &SecretBytes, what: &str) -> Result<Vec<String>> {
    let text = std::str::from_utf8(text.expose()).map_err(|_| anyhow!("{what} is not text"))?;
    let recipients: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with("AGE-SECRET-KEY-1"))
        .filter_map(|line| age::x25519::Identity::from_str(line).ok())
        .map(|identity| identity.to_public().to_string())
        .collect();
    if recipients.is_empty() {
        bail!("{what} holds no X25519 key (AGE-SECRET-KEY-1…) to derive a recipient from");
    }
    Ok(recipients)
}

fn parse_recipient(recipient: &str) -> Result<age::x25519::Recipient> {
    age::x25519::Recipient::from_str(recipient)
        .map_err(|reason| anyhow!("{recipient:?} is not an age recipient ({reason})"))
}

/// Seals `plaintext` as a standard age file that any of `recipients` can open, written to
/// `out`. The order of recipients is the order of the stanzas, and a key tries them in order:
/// put the most frequent reader first.
pub fn encrypt_into(recipients: &[&str], plaintext: &[u8], out: &mut dyn Write) -> Result<()> {
    let parsed = recipients
        .iter()
        .map(|r| parse_recipient(r))
        .collect::<Result<Vec<_>>>()?;
    let encryptor =
        age::Encryptor::with_recipients(parsed.iter().map(|r| r as &dyn age::Recipient))
            .context("cannot encrypt to these recipients")?;
    let mut writer = encryptor.wrap_output(out)?;
    writer.write_all(plaintext)?;
    writer.finish()?;
    Ok(())
}

/// Opens an age file. `Ok(None)`: none of `identities` is a recipient. An error: the bytes are
/// not an intact age file.
pub fn decrypt(identities: &Identities, sealed: &[u8]) -> Result<Option<SecretBytes>> {
    let damaged = || anyhow!("an encrypted part of the vault is damaged; restore it from a backup");
    let decryptor = age::Decryptor::new_buffered(sealed).map_err(|_| damaged())?;
    let mut reader = match decryptor.decrypt(identities.0.iter().map(|i| i.as_ref() as _)) {
        Ok(reader) => reader,
        Err(age::DecryptError::NoMatchingKeys) => return Ok(None),
        Err(_) => return Err(damaged()),
    };
    // Reserve the whole plaintext up front: a growing Vec would leave unwiped copies behind.
    let mut plain = zeroize::Zeroizing::new(Vec::with_capacity(sealed.len()));
    reader.read_to_end(&mut plain).map_err(|_| damaged())?;
    Ok(Some(SecretBytes::from(plain)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_parts_open_only_for_their_recipients() {
        let (alice, bob) = (generate_key(), generate_key());
        let mut sealed = Vec::new();
        encrypt_into(&[&alice.recipient], b"hello", &mut sealed).unwrap();
        let alice_ids = parse_identities(&alice.secret, "key").unwrap();
        let bob_ids = parse_identities(&bob.secret, "key").unwrap();
        assert_eq!(
            decrypt(&alice_ids, &sealed).unwrap().unwrap().expose(),
            b"hello"
        );
        assert!(decrypt(&bob_ids, &sealed).unwrap().is_none());

        let mut damaged = sealed.clone();
        *damaged.last_mut().unwrap() ^= 1;
        assert!(decrypt(&alice_ids, &damaged).is_err());
    }

    #[test]
    fn identity_files_round_trip_and_bad_ones_say_nothing_of_their_contents() {
        let key = generate_key();
        let file = identity_file(&key, "2026-01-01T00:00:00Z");
        assert_eq!(
            recipients_of(&file, "identity").unwrap(),
            vec![key.recipient.clone()]
        );
        parse_identities(&file, "identity").unwrap();

        let bogus = SecretBytes::new(b"sk-live-canary\n".to_vec());
        let err = parse_identities(&bogus, "identity")
            .err()
            .unwrap()
            .to_string();
        assert!(!err.contains("canary"), "{err}");
    }
}
