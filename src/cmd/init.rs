//! `vault init`

use anyhow::{Result, bail};
use serde::Serialize;

use crate::audit::{Event, Kind};
use crate::cmd::Context;
use crate::{crypto, state::State, store, time, vault};

#[derive(Serialize)]
struct Initialized {
    vault: String,
    recipient: String,
}

pub fn run(ctx: &Context) -> Result<()> {
    let paths = &ctx.paths;
    if store::exists(&paths.vault) {
        bail!(
            "a vault exists already at {}; not overwriting it (to start afresh, move it away first)",
            paths.vault.display()
        );
    }
    let what = format!("the operator identity {}", paths.identity.display());
    let (recipient, created_identity) =
        match store::read_private(&paths.identity, "the operator identity")? {
            Some(text) => {
                crypto::parse_identities(&text, &what)?;
                let recipients = crypto::recipients_of(&text, &what)?;
                (recipients[0].clone(), false)
            }
            None => {
                let key = crypto::generate_key();
                if let Some(dir) = paths.identity.parent() {
                    store::create_private_dir(dir)?;
                }
                let created = time::rfc3339(time::now());
                store::write_new_private(
                    &paths.identity,
                    crypto::identity_file(&key, &created).expose(),
                )?;
                (key.recipient, true)
            }
        };

    let state = State::new(recipient.clone(), time::now());
    vault::create(paths, state, &[Event::new(Kind::Initialized)])?;

    let out = &ctx.out;
    if out.json {
        return out.json(&Initialized {
            vault: paths.vault.display().to_string(),
            recipient,
        });
    }
    out.line(format_args!("Created the vault {}", paths.vault.display()))?;
    if created_identity {
        out.line(format_args!(
            "Created the operator identity {} ({recipient})",
            paths.identity.display()
        ))?;
        out.hint(format_args!(
            "Back up {}: without it, nobody can open this vault.",
            paths.identity.display()
        ));
    } else {
        out.line(format_args!(
            "Using the operator identity {} ({recipient})",
            paths.identity.display()
        ))?;
    }
    out.hint("Next: printf %s \"$VALUE\" | vault secret add NAME");
    Ok(())
}
