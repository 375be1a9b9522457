//! Every use of `age`: making keys, reading identities and recipients, sealing and opening parts.
//! No other module names the `age` crate, so the cryptography can be reviewed here alone.

use std::io::{Read, Write};
use std::str::FromStr;

use age::armor::{ArmoredReader, ArmoredWriter, Format};
// A passphrase, as age takes it; the rest of the code names it through this module.
pub use age::secrecy::{ExposeSecret, SecretString};
use anyhow::{Context, Result, anyhow, bail};

use crate::secret::SecretBytes;

/// What a plugin (a hardware key, say) may ask of the user while it works: shown and asked on
/// the terminal, never on stdout, which may be carrying a value.
#[derive(Clone)]
struct TerminalCallbacks;

impl age::Callbacks for TerminalCallbacks {
    fn display_message(&self, message: &str) {
        crate::output::notice(message);
    }

    fn confirm(&self, message: &str, yes: &str, no: Option<&str>) -> Option<bool> {
        let choices = no.map_or_else(|| yes.to_owned(), |no| format!("{yes}/{no}"));
        let answer = rpassword::prompt_password(format!("{message} [{choices}]: ")).ok()?;
        Some(answer.trim().eq_ignore_ascii_case(yes))
    }

    fn request_public_string(&self, description: &str) -> Option<String> {
        rpassword::prompt_password(format!("{description} ")).ok()
    }

    fn request_passphrase(&self, description: &str) -> Option<SecretString> {
        rpassword::prompt_password(format!("{description} "))
            .ok()
            .map(SecretString::from)
    }
}

/// Keys that can open parts: the operator's identity, or one agent's key.
pub struct Identities {
    keys: Vec<Box<dyn age::Identity + Send + Sync>>,
    /// The X25519 ones among them, for their part keys.
    x25519: Vec<age::x25519::Identity>,
    /// The recipients of the X25519 keys, to tell whose key they are.
    recipients: Vec<String>,
    /// Whether a key is a plugin's: each decryption may then run a program, or ask for a touch.
    plugin: bool,
}

/// A stanza of an age header, as the unlock cache passes it: tag, arguments, body.
pub type StanzaParts = (String, Vec<String>, Vec<u8>);

/// A file key, as the unlock cache passes it.
pub type FileKeyBytes = zeroize::Zeroizing<[u8; 16]>;

/// Asks whoever holds the identity (the unlock cache) to unwrap one of these stanzas.
pub type Unwrap = dyn Fn(&[StanzaParts]) -> Result<Option<FileKeyBytes>> + Send + Sync;

/// A key held by another process: each file key it unwraps is asked of it.
struct Remote(Box<Unwrap>);

impl age::Identity for Remote {
    fn unwrap_stanza(
        &self,
        stanza: &age_core::format::Stanza,
    ) -> Option<Result<age_core::format::FileKey, age::DecryptError>> {
        self.unwrap_stanzas(std::slice::from_ref(stanza))
    }

    fn unwrap_stanzas(
        &self,
        stanzas: &[age_core::format::Stanza],
    ) -> Option<Result<age_core::format::FileKey, age::DecryptError>> {
        let parts: Vec<StanzaParts> = stanzas
            .iter()
            .map(|s| (s.tag.clone(), s.args.clone(), s.body.clone()))
            .collect();
        match (self.0)(&parts) {
            Ok(Some(key)) => Some(Ok(age_core::format::FileKey::new(Box::new(*key)))),
            Ok(None) => None,
            Err(_) => Some(Err(age::DecryptError::KeyDecryptionFailed)),
        }
    }
}

impl Identities {
    /// Keys another process holds, whose recipients are `recipients`.
    pub fn remote(recipients: Vec<String>, unwrap: Box<Unwrap>) -> Self {
        Self {
            keys: vec![Box::new(Remote(unwrap))],
            x25519: Vec::new(),
            recipients,
            plugin: false,
        }
    }

    /// The recipients of these keys (the X25519 ones).
    pub fn recipients(&self) -> &[String] {
        &self.recipients
    }

    /// Unwraps the file key of one of `stanzas` (of one age header) with these keys: what the
    /// unlock cache does for the processes that ask it.
    pub fn unwrap(&self, stanzas: &[StanzaParts]) -> Option<FileKeyBytes> {
        let stanzas: Vec<age_core::format::Stanza> = stanzas
            .iter()
            .map(|(tag, args, body)| age_core::format::Stanza {
                tag: tag.clone(),
                args: args.clone(),
                body: body.clone(),
            })
            .collect();
        self.keys.iter().find_map(|key| {
            let key = key.unwrap_stanzas(&stanzas)?.ok()?;
            Some(zeroize::Zeroizing::new(*key.expose_secret()))
        })
    }
}

impl Identities {
    pub fn use_a_plugin(&self) -> bool {
        self.plugin
    }

    /// Whether one of these keys is `recipient`'s.
    pub fn hold(&self, recipient: &str) -> bool {
        self.recipients.iter().any(|own| own == recipient)
    }

    /// The part keys (`part_key`) of the X25519 keys among these: what an agent checks the
    /// tag of its part with.
    pub fn part_keys(&self) -> Vec<PartKey> {
        self.x25519
            .iter()
            .map(|identity| part_key(identity.to_string().expose_secret().as_bytes()))
            .collect()
    }
}

/// The key an agent part's tag is made with (HMAC-SHA-256), derived from the agent's private
/// key: the agent derives it from its key file, the operators keep it in the operator part
/// from `agent add` on. Nobody else has it, so nobody else can write a part the agent accepts
/// (age alone lets anyone who knows a recipient encrypt to it).
pub type PartKey = zeroize::Zeroizing<[u8; 32]>;

/// `secret_key`: the agent's `AGE-SECRET-KEY-1…`.
pub fn part_key(secret_key: &[u8]) -> PartKey {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret_key).expect("any key length");
    mac.update(b"vault agent part key v1");
    zeroize::Zeroizing::new(mac.finalize().into_bytes().into())
}

/// `part_key` as the operator part keeps it: 64 hex digits.
pub fn part_key_hex(secret_key: &[u8]) -> SecretBytes {
    let key = part_key(secret_key);
    let mut hex = Vec::with_capacity(64);
    for byte in key.iter() {
        hex.extend_from_slice(format!("{byte:02x}").as_bytes());
    }
    SecretBytes::new(hex)
}

/// The tag of an agent part: HMAC-SHA-256 under its agent's part key of a label, the vault's
/// salt and the sealed part; the SHA-256 of the sealed part for an agent made before part keys.
pub fn part_tag(key: Option<&[u8]>, salt: &[u8; 32], sealed: &[u8]) -> [u8; 32] {
    use hmac::{Hmac, Mac};
    use sha2::Digest;
    match key {
        Some(key) => {
            let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key).expect("any key length");
            mac.update(b"vault agent part v1\0");
            mac.update(salt);
            mac.update(sealed);
            mac.finalize().into_bytes().into()
        }
        None => sha2::Sha256::digest(sealed).into(),
    }
}

/// Whether `tag` is the tag of `sealed` under one of `keys`, compared in constant time.
pub fn tag_matches(keys: &[PartKey], salt: &[u8; 32], sealed: &[u8], tag: &[u8; 32]) -> bool {
    use hmac::{Hmac, Mac};
    keys.iter().any(|key| {
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key.as_slice()).expect("any key length");
        mac.update(b"vault agent part v1\0");
        mac.update(salt);
        mac.update(sealed);
        mac.verify_slice(tag).is_ok()
    })
}

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
    let identities = file
        .with_callbacks(TerminalCallbacks)
        .into_identities()
        .map_err(|err| match err {
            age::DecryptError::PluginResolve(_) => {
                anyhow!("{what} needs an age plugin that is not installed (age-plugin-… on PATH)")
            }
            _ => not_a_key(),
        })?;
    if identities.is_empty() {
        return Err(not_a_key());
    }
    let lines = || text.expose().split(|&b| b == b'\n').map(<[u8]>::trim_ascii);
    let plugin = lines().any(|line| line.starts_with(b"AGE-PLUGIN-"));
    let x25519: Vec<age::x25519::Identity> = lines()
        .filter(|line| line.starts_with(b"AGE-SECRET-KEY-1"))
        .filter_map(|line| std::str::from_utf8(line).ok())
        .filter_map(|line| age::x25519::Identity::from_str(line).ok())
        .collect();
    let recipients = x25519
        .iter()
        .map(|identity| identity.to_public().to_string())
        .collect();
    Ok(Identities {
        keys: identities,
        x25519,
        recipients,
        plugin,
    })
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

/// Checks that `recipient` is an age recipient: X25519 (`age1…`) or a plugin's (`age1name1…`).
pub fn check_recipient(recipient: &str) -> Result<()> {
    if age::x25519::Recipient::from_str(recipient).is_err()
        && age::plugin::Recipient::from_str(recipient).is_err()
    {
        bail!("{recipient:?} is not an age recipient (age1…)");
    }
    Ok(())
}

/// The recipients to encrypt to, X25519 ones first, in the order given, then one per plugin.
fn recipients(recipients: &[&str]) -> Result<Vec<Box<dyn age::Recipient + Send>>> {
    let mut native: Vec<Box<dyn age::Recipient + Send>> = Vec::with_capacity(recipients.len());
    let mut plugin = Vec::new();
    for recipient in recipients {
        if let Ok(x25519) = age::x25519::Recipient::from_str(recipient) {
            native.push(Box::new(x25519));
        } else {
            check_recipient(recipient)?;
            plugin.push(age::plugin::Recipient::from_str(recipient).map_err(|e| anyhow!(e))?);
        }
    }
    let mut names: Vec<&str> = plugin.iter().map(|r| r.plugin()).collect();
    names.sort_unstable();
    names.dedup();
    for name in names {
        let wrapper = age::plugin::RecipientPluginV1::new(name, &plugin, &[], TerminalCallbacks)
            .map_err(|_| {
                anyhow!(
                    "cannot encrypt to an age1{name}… recipient: age-plugin-{name} is not on PATH"
                )
            })?;
        native.push(Box::new(wrapper));
    }
    Ok(native)
}

/// Seals `plaintext` as a standard age file that any of `recipients` can open, written to
/// `out`. The order of recipients is the order of the stanzas, and a key tries them in order:
/// put the most frequent reader first.
pub fn encrypt_into(recipients: &[&str], plaintext: &[u8], out: &mut dyn Write) -> Result<()> {
    let parsed = self::recipients(recipients)?;
    let encryptor =
        age::Encryptor::with_recipients(parsed.iter().map(|r| r.as_ref() as &dyn age::Recipient))
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
    let mut reader = match decryptor.decrypt(identities.keys.iter().map(|i| i.as_ref() as _)) {
        Ok(reader) => reader,
        Err(age::DecryptError::NoMatchingKeys) => return Ok(None),
        Err(_) => return Err(damaged()),
    };
    // Reserve the whole plaintext up front: a growing Vec would leave unwiped copies behind.
    let mut plain = zeroize::Zeroizing::new(Vec::with_capacity(sealed.len()));
    reader.read_to_end(&mut plain).map_err(|_| damaged())?;
    Ok(Some(SecretBytes::from(plain)))
}

/// Fills `out` with bytes that only `key` makes, the same for the same `parts`: HMAC-SHA-256
/// of the parts (each ended by 0x00) and a block counter, block after block.
pub fn keyed_bytes(key: &[u8], parts: &[&[u8]], out: &mut [u8]) {
    use hmac::{Hmac, Mac};
    for (block, chunk) in out.chunks_mut(32).enumerate() {
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key).expect("any key length");
        for part in parts {
            mac.update(part);
            mac.update(&[0]);
        }
        mac.update(&(block as u64).to_be_bytes());
        let bytes = mac.finalize().into_bytes();
        chunk.copy_from_slice(&bytes[..chunk.len()]);
    }
}

/// A fingerprint of `value` under `key`: it changes when the value does, and cannot be checked
/// against a guess without the key (HMAC-SHA-256, the first 16 bytes, in hex).
pub fn fingerprint(key: &[u8], value: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(value);
    mac.finalize().into_bytes()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether an identity file is itself an age file: an identity locked with a passphrase.
pub fn is_locked(text: &SecretBytes) -> bool {
    let text = text.expose().trim_ascii_start();
    text.starts_with(b"age-encryption.org/")
        || text.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----")
}

/// Locks an identity file with a passphrase, as `age -p -a` does (scrypt, armored), so the stock
/// tool opens it too: `age -d -i identity.txt` asks for the passphrase.
pub fn lock(text: &SecretBytes, passphrase: SecretString) -> Result<Vec<u8>> {
    let mut locked = Vec::with_capacity(text.len() * 2 + 512);
    let armor = ArmoredWriter::wrap_output(&mut locked, Format::AsciiArmor)?;
    let mut writer = age::Encryptor::with_user_passphrase(passphrase).wrap_output(armor)?;
    writer.write_all(text.expose())?;
    writer.finish()?.finish()?;
    Ok(locked)
}

/// Unlocks an identity file locked with a passphrase. `Ok(None)`: not this passphrase.
pub fn unlock(
    text: &SecretBytes,
    passphrase: &SecretString,
    what: &str,
) -> Result<Option<SecretBytes>> {
    let damaged = || anyhow!("{what} is not a readable age file");
    let decryptor =
        age::Decryptor::new_buffered(ArmoredReader::new(text.expose())).map_err(|_| damaged())?;
    if !decryptor.is_scrypt() {
        bail!("{what} is encrypted to a key, not locked with a passphrase; that is not supported");
    }
    let identity = age::scrypt::Identity::new(passphrase.clone());
    let mut reader = match decryptor.decrypt(std::iter::once(&identity as &dyn age::Identity)) {
        Ok(reader) => reader,
        Err(age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys) => {
            return Ok(None);
        }
        Err(age::DecryptError::ExcessiveWork { .. }) => {
            bail!("{what} asks for more scrypt work than this machine does in reasonable time")
        }
        Err(_) => return Err(damaged()),
    };
    let mut plain = zeroize::Zeroizing::new(Vec::with_capacity(text.len()));
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
        let parsed = parse_identities(&file, "identity").unwrap();
        assert!(!parsed.use_a_plugin(), "X25519 only");
        assert!(parsed.hold(&key.recipient) && !parsed.hold(&generate_key().recipient));

        let bogus = SecretBytes::new(b"sk-live-canary\n".to_vec());
        let err = parse_identities(&bogus, "identity")
            .err()
            .unwrap()
            .to_string();
        assert!(!err.contains("canary"), "{err}");
    }

    #[test]
    fn a_locked_identity_opens_with_its_passphrase_only() {
        let key = generate_key();
        let text = identity_file(&key, "2026-01-01T00:00:00Z");
        let locked = SecretBytes::new(lock(&text, SecretString::from("right".to_owned())).unwrap());
        assert!(is_locked(&locked) && !is_locked(&text));
        assert!(
            locked
                .expose()
                .starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----")
        );
        let wrong = SecretString::from("wrong".to_owned());
        assert!(unlock(&locked, &wrong, "identity").unwrap().is_none());
        let right = SecretString::from("right".to_owned());
        assert_eq!(unlock(&locked, &right, "identity").unwrap().unwrap(), text);
    }

    #[test]
    fn a_part_tag_needs_the_agents_key() {
        let agent = generate_key();
        let key = part_key(agent.secret.expose());
        let salt = [9u8; 32];
        let tag = part_tag(Some(key.as_slice()), &salt, b"sealed part");
        let ids = parse_identities(&agent.secret, "key").unwrap();
        assert!(tag_matches(&ids.part_keys(), &salt, b"sealed part", &tag));
        assert!(!tag_matches(&ids.part_keys(), &salt, b"sealed parT", &tag));
        assert!(!tag_matches(
            &ids.part_keys(),
            &[8u8; 32],
            b"sealed part",
            &tag
        ));
        let other = parse_identities(&generate_key().secret, "key").unwrap();
        assert!(!tag_matches(
            &other.part_keys(),
            &salt,
            b"sealed part",
            &tag
        ));
        // What anyone can compute is not a tag an agent accepts.
        let digest = part_tag(None, &salt, b"sealed part");
        assert!(!tag_matches(
            &ids.part_keys(),
            &salt,
            b"sealed part",
            &digest
        ));
    }

    #[test]
    fn recipients_are_checked() {
        check_recipient(&generate_key().recipient).unwrap();
        check_recipient("age1yubikey1qwt50d05nh5vutpdzmlg5wn80xq5negm4uj9ghv0snvdd3yysf5yw3rhl3t")
            .unwrap();
        assert!(check_recipient("ssh-ed25519 AAAA").is_err());
        assert!(check_recipient("age1notbech32").is_err());
    }
}
