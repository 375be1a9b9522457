//! `vault rekey [--agents]`

use anyhow::Result;
use serde::Serialize;

use crate::audit::{Event, Kind};
use crate::cli::RekeyArgs;
use crate::cmd::Context;
use crate::secret::SecretBytes;
use crate::{crypto, store, vault};

#[derive(Serialize)]
struct Rekeyed<'a> {
    agents: Vec<NewAgentKey<'a>>,
}

#[derive(Serialize)]
struct NewAgentKey<'a> {
    agent_id: &'a str,
    key: &'a str,
}

pub fn run(ctx: &Context, args: &RekeyArgs) -> Result<()> {
    if args.agents && store::make_stdout_private()? {
        ctx.out
            .hint("The file on stdout was readable by others; it is now private (chmod 600).");
    }
    let (keys, parts) = vault::rekey(&ctx.paths, |state, events| {
        let mut keys: Vec<(String, SecretBytes)> = Vec::new();
        if args.agents {
            for agent in &mut state.agents {
                let key = crypto::generate_key();
                agent.recipient = key.recipient;
                agent.part_key = Some(crypto::part_key_hex(key.secret.expose()));
                keys.push((agent.id.clone(), key.secret));
            }
        }
        events.push(Event::new(Kind::Rekeyed));
        Ok((keys, state.agents.len() + 1))
    })?;
    let texts: Vec<(&str, &str)> = keys
        .iter()
        .map(|(id, key)| Ok((id.as_str(), std::str::from_utf8(key.expose())?)))
        .collect::<Result<_>>()?;
    if ctx.out.json {
        return ctx.out.json(&Rekeyed {
            agents: texts
                .iter()
                .map(|(agent_id, key)| NewAgentKey { agent_id, key })
                .collect(),
        });
    }
    for (agent, key) in &texts {
        ctx.out.line(format_args!("{agent}\t{key}"))?;
    }
    ctx.out.hint(format_args!(
        "Encrypted all {parts} parts of the vault with new keys{}",
        if args.agents {
            "; the new agent keys above are shown once, the old ones open nothing written from now on"
        } else {
            ""
        }
    ));
    Ok(())
}
