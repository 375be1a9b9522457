//! `vault secret add|set|list|rm`

use std::collections::HashMap;

use anyhow::{Result, bail};
use serde::Serialize;

use crate::audit::{Event, Kind};
use crate::cli::{AddArgs, ImportArgs, SecretCommand, SecretRmArgs, ValueArgs};
use crate::cmd::{Context, grant_event};
use crate::error::Usage;
use crate::secret::SecretBytes;
use crate::state::{Secret, State};
use crate::{dotenv, input, names, time, vault};

pub fn run(ctx: &Context, command: SecretCommand) -> Result<()> {
    match command {
        SecretCommand::Add(args) => add(ctx, &args),
        SecretCommand::Set(args) => set(ctx, &args),
        SecretCommand::List => list(ctx),
        SecretCommand::Rm(args) => rm(ctx, &args),
        SecretCommand::Import(args) => import(ctx, &args),
    }
}

#[derive(Serialize)]
struct Added {
    id: String,
    name: String,
    created_at: String,
}

#[derive(Serialize)]
struct Updated {
    id: String,
    name: String,
    created_at: String,
    updated_at: String,
}

#[derive(Serialize)]
struct Listed<'a> {
    id: &'a str,
    name: &'a str,
    created_at: String,
    updated_at: String,
    grants: usize,
    canary: bool,
}

/// Metadata of a secret, copied out of the locked change.
struct Stored {
    id: String,
    name: String,
    created_at: i64,
    updated_at: i64,
}

impl From<&Secret> for Stored {
    fn from(secret: &Secret) -> Self {
        Self {
            id: secret.id.clone(),
            name: secret.name.clone(),
            created_at: secret.created_at,
            updated_at: secret.updated_at,
        }
    }
}

/// Refuses `vault secret add NAME VALUE` without repeating the value: it is in the shell's
/// history and in `ps` already, and must not land in a terminal log or CI output as well.
fn refuse_value_in_argv(args: &ValueArgs) -> Result<()> {
    if !args.value_in_argv.is_empty() {
        return Err(Usage(format!(
            "secret values are never taken from the command line, where other users can see them; pipe the value in (`printf %s \"$VALUE\" | vault secret add {0}`), or use --from-file PATH, or run `vault secret add {0}` on a terminal to be prompted",
            args.name
        ))
        .into());
    }
    Ok(())
}

/// Reads the value, then applies `store` (add or set) under the vault's lock.
fn store_value(
    ctx: &Context,
    args: &ValueArgs,
    kind: Kind,
    store: impl for<'s> FnOnce(&'s mut State, &str, SecretBytes, i64) -> Result<&'s Secret>,
) -> Result<Stored> {
    refuse_value_in_argv(args)?;
    names::check_secret_name(&args.name)?;
    let value = input::read_value(args.from_file.as_deref(), &args.name)?;
    vault::change(&ctx.paths, |state, events| {
        let secret = store(state, &args.name, value, time::now())?;
        events.push(Event::new(kind).secret(Some(&secret.id), &secret.name));
        Ok(Stored::from(secret))
    })
}

fn add(ctx: &Context, args: &AddArgs) -> Result<()> {
    let stored = store_value(
        ctx,
        &args.value,
        Kind::SecretCreated,
        |state, name, value, now| state.add_secret(name, value, args.canary, now),
    )?;
    if ctx.out.json {
        return ctx.out.json(&Added {
            id: stored.id,
            name: stored.name,
            created_at: time::rfc3339(stored.created_at),
        });
    }
    ctx.out
        .line(format_args!("Added secret {} ({})", stored.name, stored.id))?;
    ctx.out.hint(format_args!(
        "Grant it to an agent with `vault grant add --agent AGENT {}`",
        stored.name
    ));
    Ok(())
}

fn set(ctx: &Context, args: &ValueArgs) -> Result<()> {
    let stored = store_value(ctx, args, Kind::SecretUpdated, State::set_secret)?;
    if ctx.out.json {
        return ctx.out.json(&Updated {
            id: stored.id,
            name: stored.name,
            created_at: time::rfc3339(stored.created_at),
            updated_at: time::rfc3339(stored.updated_at),
        });
    }
    ctx.out.line(format_args!(
        "Updated secret {} ({})",
        stored.name, stored.id
    ))
}

fn list(ctx: &Context) -> Result<()> {
    let opened = vault::open_as_operator(&ctx.paths)?;
    let state = &opened.state;
    let mut grants_on: HashMap<&str, usize> = HashMap::new();
    for grant in &state.grants {
        *grants_on.entry(grant.secret.as_str()).or_default() += 1;
    }
    let listed: Vec<Listed> = state
        .secrets()?
        .map(|secret| Listed {
            id: &secret.id,
            name: &secret.name,
            created_at: time::rfc3339(secret.created_at),
            updated_at: time::rfc3339(secret.updated_at),
            grants: grants_on.get(secret.id.as_str()).copied().unwrap_or(0),
            canary: secret.canary,
        })
        .collect();
    ctx.out.list(
        &listed,
        "No secrets yet; add one with `printf %s \"$VALUE\" | vault secret add NAME`",
        &["NAME", "ID", "GRANTS", "CREATED", "UPDATED", "CANARY"],
        |s| {
            vec![
                s.name.to_owned(),
                s.id.to_owned(),
                s.grants.to_string(),
                s.created_at.clone(),
                s.updated_at.clone(),
                if s.canary { "canary" } else { "-" }.to_owned(),
            ]
        },
    )
}

fn rm(ctx: &Context, args: &SecretRmArgs) -> Result<()> {
    let (name, revoked) = vault::change(&ctx.paths, |state, events| {
        let (secret, revoked) = state.remove_secret(&args.secret)?;
        for grant in &revoked {
            events.push(grant_event(Kind::GrantRevoked, grant, &secret.name));
        }
        events.push(Event::new(Kind::SecretDeleted).secret(Some(&secret.id), &secret.name));
        Ok((secret.name, revoked.len()))
    })?;
    ctx.out.hint(format_args!(
        "Removed secret {name} and {revoked} grant{}",
        if revoked == 1 { "" } else { "s" }
    ));
    Ok(())
}

#[derive(Serialize)]
struct Imported {
    created: usize,
    updated: usize,
}

/// All or nothing: every entry is checked, with its line number, before the one write.
fn import(ctx: &Context, args: &ImportArgs) -> Result<()> {
    let text = input::read_dotenv(&args.file)?;
    let entries = dotenv::parse(&text)?;
    let mut first_line: HashMap<&str, usize> = HashMap::new();
    for entry in &entries {
        let (line, name) = (entry.line, entry.name.as_str());
        if !names::is_valid_secret_name(name) {
            let problem = names::check_secret_name(name).unwrap_err();
            bail!("line {line}: {problem}; nothing was imported");
        }
        if let Err(problem) = crate::secret::check_value(&entry.value) {
            bail!("line {line}: {name}: {problem}; nothing was imported");
        }
        if let Some(first) = first_line.insert(name, line) {
            bail!("line {line}: {name} is set twice (first on line {first}); nothing was imported");
        }
    }
    let imported = vault::change(&ctx.paths, |state, events| {
        for entry in entries.iter().filter(|_| !args.replace) {
            if state.secret_named(&entry.name)?.is_some() {
                bail!(
                    "line {}: a secret named {} exists already; import with --replace to update it; nothing was imported",
                    entry.line,
                    entry.name
                );
            }
        }
        let names: Vec<String> = entries.iter().map(|e| e.name.clone()).collect();
        let pairs = entries
            .into_iter()
            .map(|entry| (entry.name, entry.value))
            .collect();
        let outcomes = state.upsert_secrets(pairs, time::now())?;
        let mut imported = Imported {
            created: 0,
            updated: 0,
        };
        for ((created, id), name) in outcomes.iter().zip(&names) {
            let kind = if *created {
                imported.created += 1;
                Kind::SecretCreated
            } else {
                imported.updated += 1;
                Kind::SecretUpdated
            };
            events.push(Event::new(kind).secret(Some(id), name));
        }
        Ok(imported)
    })?;
    if ctx.out.json {
        return ctx.out.json(&imported);
    }
    ctx.out.line(format_args!(
        "Imported {} new secret{} and updated {}",
        imported.created,
        if imported.created == 1 { "" } else { "s" },
        imported.updated
    ))
}
