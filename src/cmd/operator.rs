//! `vault operator add|list|rm`

use anyhow::Result;
use serde::Serialize;

use crate::audit::{Event, Kind};
use crate::cli::{OperatorArgs, OperatorCommand, PassphraseArgs};
use crate::cmd::Context;
use crate::output::Column;
use crate::{identity, time, vault};

pub fn run(ctx: &Context, command: OperatorCommand) -> Result<()> {
    match command {
        OperatorCommand::Add(args) => add(ctx, &args),
        OperatorCommand::List => list(ctx),
        OperatorCommand::Rm(args) => rm(ctx, &args),
        OperatorCommand::Passphrase(args) => passphrase(ctx, &args),
    }
}

fn passphrase(ctx: &Context, args: &PassphraseArgs) -> Result<()> {
    let path = ctx.paths.identity.display();
    let said = match identity::change_passphrase(&ctx.paths.identity, args.remove)? {
        identity::Passphrase::Added => format!("Locked {path} with a passphrase"),
        identity::Passphrase::Changed => format!("Changed the passphrase of {path}"),
        identity::Passphrase::Removed => {
            format!("Removed the passphrase of {path}: any program of yours can read it now")
        }
    };
    ctx.out.done(said)
}

#[derive(Serialize)]
struct Listed<'a> {
    recipient: &'a str,
    added_at: String,
}

fn add(ctx: &Context, args: &OperatorArgs) -> Result<()> {
    let added_at = vault::change(&ctx.paths, |state, events| {
        let operator = state.add_operator(&args.recipient, time::now())?;
        events.push(Event::new(Kind::OperatorAdded).recipient(&operator.recipient));
        Ok(operator.added_at)
    })?;
    if ctx.out.json {
        return ctx.out.json(&Listed {
            recipient: &args.recipient,
            added_at: time::rfc3339(added_at),
        });
    }
    ctx.out
        .line(format_args!("Added operator {}", args.recipient))?;
    ctx.out
        .hint("Its identity opens the whole vault from now on.");
    Ok(())
}

fn list(ctx: &Context) -> Result<()> {
    let opened = vault::open_as_operator(&ctx.paths)?;
    let listed: Vec<Listed> = opened
        .state
        .operators
        .iter()
        .map(|op| Listed {
            recipient: &op.recipient,
            added_at: time::rfc3339(op.added_at),
        })
        .collect();
    ctx.out.list(
        &listed,
        "No operators",
        &[Column::keep("RECIPIENT"), Column::drop("ADDED", 1)],
        |op| vec![op.recipient.to_owned(), op.added_at.clone()],
    )
}

fn rm(ctx: &Context, args: &OperatorArgs) -> Result<()> {
    vault::change(&ctx.paths, |state, events| {
        let operator = state.remove_operator(&args.recipient)?;
        events.push(Event::new(Kind::OperatorRemoved).recipient(&operator.recipient));
        Ok(())
    })?;
    ctx.out.hint(format_args!(
        "Removed operator {}; what is written from now on no longer opens with its key (a copy of an older vault still does)",
        args.recipient
    ));
    Ok(())
}
