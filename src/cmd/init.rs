//! `vault init [--passphrase | --recipient RECIPIENT]`

use std::io::IsTerminal;

use anyhow::{Result, bail};
use serde::Serialize;

use crate::audit::{Event, Kind};
use crate::cli::InitArgs;
use crate::cmd::Context;
use crate::identity::{self, Ask};
use crate::paths::Paths;
use crate::{crypto, state::State, store, time, vault};

#[derive(Serialize)]
struct Initialized {
    vault: String,
    recipient: String,
}

/// Where the operator identity came from.
enum Identity {
    Created { locked: bool },
    Existing,
}

pub fn run(ctx: &Context, args: &InitArgs) -> Result<()> {
    let paths = &ctx.paths;
    if store::exists(&paths.vault) {
        bail!(
            "a vault exists already at {}; not overwriting it (to start afresh, move it away first)",
            paths.vault.display()
        );
    }
    let (recipient, identity) = operator(paths, args)?;
    let state = State::new(recipient.clone(), time::now())?;
    vault::create(paths, state, vec![Event::new(Kind::Initialized)])?;

    let out = &ctx.out;
    if out.json {
        return out.json(&Initialized {
            vault: paths.vault.display().to_string(),
            recipient,
        });
    }
    out.done(format_args!("Created the vault {}", paths.vault.display()))?;
    let shown = paths.identity.display();
    match identity {
        Identity::Created { locked } => {
            let how = if locked {
                ", locked with your passphrase"
            } else {
                ""
            };
            out.done(format_args!(
                "Created the operator identity {shown}{how} ({recipient})"
            ))?;
            out.hint(format_args!(
                "Back up {shown}: without it, nobody can open this vault."
            ));
            if !locked && std::io::stderr().is_terminal() {
                out.hint(
                    "Unlocked, the identity is readable by every program you run (agents too): lock it with `vault operator passphrase` (or `init --passphrase`), or run agents as users of their own (SECURITY.md says how).",
                );
            }
        }
        Identity::Existing => out.done(format_args!(
            "Using the operator identity {shown} ({recipient})"
        ))?,
    }
    out.hint("Next: printf %s \"$VALUE\" | vault secret add NAME");
    Ok(())
}

/// The operator's recipient, making the identity if there is none.
fn operator(paths: &Paths, args: &InitArgs) -> Result<(String, Identity)> {
    let what = format!("the operator identity {}", paths.identity.display());
    if let Some(recipient) = &args.recipient {
        crypto::check_recipient(recipient)?;
        let Some(text) = identity::read_text(&paths.identity, Ask::OnTerminal)? else {
            bail!(
                "--recipient goes with the identity that belongs to it, but {what} does not exist; point --identity at it"
            );
        };
        // An X25519 identity can be checked against the recipient; a plugin's cannot be
        // without its hardware, and is taken on trust.
        if let Ok(own) = crypto::recipients_of(&text, &what)
            && !own.contains(recipient)
        {
            bail!(
                "{recipient} is not the recipient of {what}; it is {}",
                own[0]
            );
        }
        return Ok((recipient.clone(), Identity::Existing));
    }
    if let Some(text) = identity::read_text(&paths.identity, Ask::OnTerminal)? {
        if args.passphrase {
            bail!(
                "{what} exists already; --passphrase makes a new one: move the old one away first (or lock it yourself with `age -p -a`)"
            );
        }
        crypto::parse_identities(&text, &what)?;
        let recipients = crypto::recipients_of(&text, &what)?;
        return Ok((recipients[0].clone(), Identity::Existing));
    }
    let key = crypto::generate_key();
    let text = crypto::identity_file(&key, &time::rfc3339(time::now()));
    let locked;
    let bytes = if args.passphrase {
        locked = crypto::lock(&text, identity::new_passphrase()?)?;
        &locked
    } else {
        text.expose()
    };
    if let Some(dir) = paths.identity.parent() {
        store::create_private_dir(dir)?;
    }
    store::write_new_private(&paths.identity, bytes)?;
    Ok((
        key.recipient,
        Identity::Created {
            locked: args.passphrase,
        },
    ))
}
