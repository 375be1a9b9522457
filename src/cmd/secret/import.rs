//! `vault secret import [--replace] FILE|-`

use std::collections::HashMap;

use anyhow::{Result, bail};
use serde::Serialize;

use crate::audit::{Event, Kind};
use crate::cli::ImportArgs;
use crate::cmd::Context;
use crate::{dotenv, input, names, time, vault};

#[derive(Serialize)]
struct Imported {
    created: usize,
    updated: usize,
}

/// All or nothing: every entry is checked, with its line number, before the one write.
pub fn run(ctx: &Context, args: &ImportArgs) -> Result<()> {
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
        let created: Vec<&str> = outcomes
            .iter()
            .zip(&names)
            .filter(|((created, _), _)| *created)
            .map(|(_, name)| name.as_str())
            .collect();
        super::warn_of_twins(state, &created)?;
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
    ctx.out.done(format_args!(
        "Imported {} new secret{} and updated {}",
        imported.created,
        if imported.created == 1 { "" } else { "s" },
        imported.updated
    ))
}
