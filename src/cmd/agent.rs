//! `vault agent add|list|rm`

use std::io::{self, IsTerminal, Write};

use anyhow::Result;
use serde::Serialize;

use crate::audit::{Event, Kind};
use crate::cli::{AgentCommand, AgentRmArgs, NewAgentArgs};
use crate::cmd::{Context, grant_event};
use crate::output::Column;
use crate::{crypto, input, names, store, time, vault};

pub fn run(ctx: &Context, command: AgentCommand) -> Result<()> {
    match command {
        AgentCommand::Add(args) => add(ctx, &args),
        AgentCommand::List => list(ctx),
        AgentCommand::Rm(args) => rm(ctx, &args),
    }
}

#[derive(Serialize)]
struct Created<'a> {
    agent_id: &'a str,
    recipient: &'a str,
    key: &'a str,
    created_at: String,
}

#[derive(Serialize)]
struct Listed<'a> {
    agent_id: &'a str,
    recipient: &'a str,
    created_at: String,
    grants: usize,
}

fn add(ctx: &Context, args: &NewAgentArgs) -> Result<()> {
    names::check_agent_id(&args.agent)?;
    let key = crypto::generate_key();
    if store::make_stdout_private()? {
        ctx.out
            .hint("The file on stdout was readable by others; it is now private (chmod 600).");
    }
    let created_at = vault::change(&ctx.paths, |state, events| {
        let part_key = crypto::part_key_hex(key.secret.expose());
        let agent = state.add_agent(
            &args.agent,
            key.recipient.clone(),
            Some(part_key),
            time::now(),
        )?;
        events.push(Event::new(Kind::AgentCreated).agent(&agent.id));
        Ok(agent.created_at)
    })?;
    if ctx.out.json {
        let secret = std::str::from_utf8(key.secret.expose())?;
        return ctx.out.json(&Created {
            agent_id: &args.agent,
            recipient: &key.recipient,
            key: secret,
            created_at: time::rfc3339(created_at),
        });
    }
    // The key and nothing else on stdout, so `vault agent add bot > bot.key` makes a key file.
    let mut stdout = io::stdout().lock();
    stdout.write_all(key.secret.expose())?;
    stdout.write_all(b"\n")?;
    stdout.flush()?;
    if stdout.is_terminal() {
        ctx.out.hint(
            "This key is shown once. Store it where only the agent can read it, e.g. `vault agent add NAME > NAME.key`.",
        );
    }
    ctx.out.hint(format_args!(
        "Created agent {}; grant it a secret with `vault grant add --agent {} SECRET`",
        args.agent, args.agent
    ));
    Ok(())
}

fn list(ctx: &Context) -> Result<()> {
    let opened = vault::open_as_operator(&ctx.paths)?;
    let state = &opened.state;
    let listed: Vec<Listed> = state
        .agents
        .iter()
        .map(|agent| Listed {
            agent_id: &agent.id,
            recipient: &agent.recipient,
            created_at: time::rfc3339(agent.created_at),
            grants: state.grants_of(&agent.id).count(),
        })
        .collect();
    ctx.out.list(
        &listed,
        "No agents yet; create one with `vault agent add NAME > NAME.key`",
        &[
            Column::keep("AGENT"),
            Column::drop("RECIPIENT", 2),
            Column::keep("GRANTS"),
            Column::drop("CREATED", 1),
        ],
        |a| {
            vec![
                a.agent_id.to_owned(),
                a.recipient.to_owned(),
                a.grants.to_string(),
                a.created_at.clone(),
            ]
        },
    )
}

fn rm(ctx: &Context, args: &AgentRmArgs) -> Result<()> {
    if !args.yes && input::asks() {
        let opened = vault::open_as_operator(&ctx.paths)?;
        let agent = opened.state.agent(&args.agent)?;
        let by_id = opened.state.secrets_by_id()?;
        let granted: Vec<&str> = opened
            .state
            .grants_of(&agent.id)
            .filter_map(|grant| by_id.get(grant.secret.as_str()).map(|s| s.name.as_str()))
            .collect();
        let question = format!(
            "Remove agent {} for good, with {}? Its key will open nothing written from then on",
            agent.id,
            match granted.len() {
                0 => "no grant".to_owned(),
                n => format!(
                    "its {n} grant{} ({})",
                    if n == 1 { "" } else { "s" },
                    granted.join(", ")
                ),
            }
        );
        if !input::confirm(&question)? {
            return ctx.out.done("Nothing was removed");
        }
    }
    let revoked = vault::change(&ctx.paths, |state, events| {
        let (agent, revoked) = state.remove_agent(&args.agent)?;
        for grant in &revoked {
            let name = state.secret_name(&grant.secret)?;
            events.push(grant_event(Kind::GrantRevoked, grant, name));
        }
        events.push(Event::new(Kind::AgentDeleted).agent(&agent.id));
        Ok(revoked.len())
    })?;
    ctx.out.hint(format_args!(
        "Removed agent {} and {revoked} grant{}; its key opens nothing written from now on",
        args.agent,
        if revoked == 1 { "" } else { "s" }
    ));
    Ok(())
}
