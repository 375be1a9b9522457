//! The operator's identity file: plain, locked with a passphrase, or naming a plugin key.
//!
//! Agent-key reads never come here, so they never pay for scrypt nor ask for anything.

use std::path::Path;

use crate::crypto::SecretString;
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

/// The operator identity at `path`, ready to decrypt: a locked one from its unlock cache when
/// one runs (`vault unlock`), else unlocked here.
pub fn load(path: &Path, ask: Ask) -> Result<Identities> {
    let what = what(path);
    if let Some(cache) = crate::unlock::Cache::find(path)
        && store::read_private(path, "the operator identity")?
            .is_some_and(|text| crypto::is_locked(&text))
    {
        return cache.identities();
    }
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
        if let Some(text) = decrypting(|| crypto::unlock(locked, &passphrase, what))? {
            return Ok(text);
        }
        if attempt < TRIES {
            output::notice("That is not the passphrase; try again.");
        }
    }
    bail!("wrong passphrase for {what}, {TRIES} times")
}

/// Runs `work` (scrypt: about a second) with a line on the terminal saying so, taken away
/// after.
fn decrypting<T>(work: impl FnOnce() -> T) -> T {
    use std::io::{IsTerminal, Write};
    let terminal = std::io::stderr().is_terminal();
    if terminal {
        let _ = write!(std::io::stderr(), "decrypting the operator identity…");
    }
    let done = work();
    if terminal {
        let _ = write!(std::io::stderr(), "\r\x1b[K");
    }
    done
}

/// What `change_passphrase` did.
pub enum Passphrase {
    Added,
    Changed,
    Removed,
}

/// Locks the identity at `path` with a new passphrase (asking the current one first if it is
/// locked), or with `remove` takes the passphrase away; the file is replaced atomically.
pub fn change_passphrase(path: &Path, remove: bool) -> Result<Passphrase> {
    let what = what(path);
    store::check_dir(path, "the operator identity")?;
    let text = store::read_private(path, "the operator identity")?
        .ok_or_else(|| anyhow!("{what} does not exist; create a vault with `vault init`"))?;
    let locked = crypto::is_locked(&text);
    let plain = if locked {
        unlock(&text, &what, Ask::OnTerminal)?
    } else {
        text
    };
    crypto::parse_identities(&plain, &what)?;
    let (bytes, changed) = match (remove, locked) {
        (true, false) => bail!("{what} has no passphrase to remove"),
        (true, true) => (plain.expose().to_vec(), Passphrase::Removed),
        (false, _) => {
            let passphrase = match input::env_passphrase_named("VAULT_NEW_PASSPHRASE") {
                Some(passphrase) => passphrase,
                None => asked_twice()?,
            };
            let changed = if locked {
                Passphrase::Changed
            } else {
                Passphrase::Added
            };
            (crypto::lock(&plain, passphrase)?, changed)
        }
    };
    let bytes = zeroize::Zeroizing::new(bytes);
    store::replace_private(path, &bytes)?;
    Ok(changed)
}

/// A new passphrase, asked twice on the terminal.
fn asked_twice() -> Result<SecretString> {
    let first = input::prompt_passphrase("New passphrase for the operator identity: ")
        .map_err(|_| anyhow!("no terminal to ask for a passphrase on; set VAULT_NEW_PASSPHRASE"))?;
    let again = input::prompt_passphrase("Again, to confirm: ")?;
    use crate::crypto::ExposeSecret;
    if first.expose_secret() != again.expose_secret() {
        bail!("the two passphrases differ; nothing was changed");
    }
    if first.expose_secret().is_empty() {
        bail!("an empty passphrase protects nothing; nothing was changed (to remove it, --remove)");
    }
    Ok(first)
}

/// A new passphrase for `init --passphrase`: VAULT_PASSPHRASE, or asked twice on the terminal.
pub fn new_passphrase() -> Result<SecretString> {
    if let Some(passphrase) = input::env_passphrase() {
        return Ok(passphrase);
    }
    let first = input::prompt_passphrase("New passphrase for the operator identity: ")
        .map_err(|_| anyhow!("no terminal to ask for a passphrase on; set VAULT_PASSPHRASE"))?;
    let again = input::prompt_passphrase("Again, to confirm: ")?;
    use crate::crypto::ExposeSecret;
    if first.expose_secret() != again.expose_secret() {
        bail!("the two passphrases differ; nothing was created");
    }
    if first.expose_secret().is_empty() {
        bail!("an empty passphrase protects nothing; nothing was created");
    }
    Ok(first)
}
