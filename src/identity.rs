//! The operator's identity file: plain, locked with a passphrase, or naming a plugin key.
//!
//! Agent-key reads never come here, so they never pay for scrypt nor ask for anything.

use std::path::Path;

use age::secrecy::SecretString;
use anyhow::{Result, anyhow, bail};

use crate::crypto::{self, Identities};
use crate::secret::SecretBytes;
use crate::{input, output, store};

/// How many times a terminal is asked for the passphrase before giving up.
const TRIES: u32 = 3;

/// Whether the passphrase of a locked identity may be asked for on the terminal. Completion,
/// which runs at every TAB, must not ask.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    OnTerminal,
    Never,
}

fn what(path: &Path) -> String {
    format!("the operator identity {}", path.display())
}

/// The identity file's text, unlocked if it is locked; `None` if there is no such file.
pub fn read_text(path: &Path, ask: Ask) -> Result<Option<SecretBytes>> {
    store::check_dir(path, "the operator identity")?;
    let Some(text) = store::read_private(path, "the operator identity")? else {
        return Ok(None);
    };
    if !crypto::is_locked(&text) {
        return Ok(Some(text));
    }
    unlock(&text, &what(path), ask).map(Some)
}

/// The operator identity at `path`, ready to decrypt.
pub fn load(path: &Path, ask: Ask) -> Result<Identities> {
    let what = what(path);
    let text = read_text(path, ask)?.ok_or_else(|| {
        anyhow!(
            "{what} does not exist; create a vault with `vault init`, or point --identity / VAULT_IDENTITY at yours"
        )
    })?;
    crypto::parse_identities(&text, &what)
}

/// The passphrase from VAULT_PASSPHRASE (one try), else from the terminal (three).
fn unlock(locked: &SecretBytes, what: &str, ask: Ask) -> Result<SecretBytes> {
    if let Some(passphrase) = input::env_passphrase() {
        return crypto::unlock(locked, &passphrase, what)?
            .ok_or_else(|| anyhow!("VAULT_PASSPHRASE is not the passphrase of {what}"));
    }
    if ask == Ask::Never {
        bail!("{what} is locked with a passphrase; set VAULT_PASSPHRASE");
    }
    for attempt in 1..=TRIES {
        let passphrase = input::prompt_passphrase(&format!("Passphrase for {what}: "))
            .map_err(|_| {
                anyhow!("{what} is locked with a passphrase and there is no terminal to ask it on; set VAULT_PASSPHRASE")
            })?;
        if let Some(text) = crypto::unlock(locked, &passphrase, what)? {
            return Ok(text);
        }
        if attempt < TRIES {
            output::notice("That is not the passphrase; try again.");
        }
    }
    bail!("wrong passphrase for {what}, {TRIES} times")
}

/// A new passphrase for `init --passphrase`: VAULT_PASSPHRASE, or asked twice on the terminal.
pub fn new_passphrase() -> Result<SecretString> {
    if let Some(passphrase) = input::env_passphrase() {
        return Ok(passphrase);
    }
    let first = input::prompt_passphrase("New passphrase for the operator identity: ")
        .map_err(|_| anyhow!("no terminal to ask for a passphrase on; set VAULT_PASSPHRASE"))?;
    let again = input::prompt_passphrase("Again, to confirm: ")?;
    use age::secrecy::ExposeSecret;
    if first.expose_secret() != again.expose_secret() {
        bail!("the two passphrases differ; nothing was created");
    }
    if first.expose_secret().is_empty() {
        bail!("an empty passphrase protects nothing; nothing was created");
    }
    Ok(first)
}
