//! `vault grant add|list|rm`

use anyhow::Result;
use serde::Serialize;

use crate::audit::Kind;
use crate::cli::{GrantAddArgs, GrantCommand, GrantListArgs, GrantRmArgs};
use crate::cmd::{Context, grant_event};
use crate::state::Grant;
use crate::{time, vault};

pub fn run(ctx: &Context, command: GrantCommand) -> Result<()> {
    match command {
        GrantCommand::Add(args) => add(ctx, &args),
        GrantCommand::List(args) => list(ctx, &args),
        GrantCommand::Rm(args) => rm(ctx, &args),
    }
}

#[derive(Serialize)]
struct Granted<'a> {
    grant_id: &'a str,
    agent_id: &'a str,
    secret_id: &'a str,
    created_at: String,
}

#[derive(Serialize)]
struct Listed<'a> {
    grant_id: &'a str,
    agent_id: &'a str,
    secret_id: &'a str,
    secret_name: &'a str,
    created_at: String,
}

fn add(ctx: &Context, args: &GrantAddArgs) -> Result<()> {
    let (grant, name, created) = vault::change(&ctx.paths, |state, events| {
        let (grant, created) = state.grant(&args.agent, &args.secret, time::now())?;
        let name = state.secret_name(&grant.secret)?.to_owned();
        if created {
            events.push(grant_event(Kind::GrantCreated, &grant, &name));
        }
        Ok((grant, name, created))
    })?;
    if ctx.out.json {
        return ctx.out.json(&Granted {
            grant_id: &grant.id,
            agent_id: &grant.agent,
            secret_id: &grant.secret,
            created_at: time::rfc3339(grant.created_at),
        });
    }
    let verb = if created {
        "Granted"
    } else {
        "Already granted"
    };
    ctx.out.line(format_args!(
        "{verb}: {} may read {name} ({})",
        grant.agent, grant.id
    ))
}

fn list(ctx: &Context, args: &GrantListArgs) -> Result<()> {
    let opened = vault::open_as_operator(&ctx.paths)?;
    let state = &opened.state;
    if let Some(agent) = &args.agent {
        state.agent(agent)?;
    }
    let by_id = state.secrets_by_id()?;
    let mut grants: Vec<(&Grant, &str)> = state
        .grants
        .iter()
        .filter(|grant| {
            args.agent
                .as_ref()
                .is_none_or(|agent| &grant.agent == agent)
        })
        .map(|grant| {
            let name = by_id
                .get(grant.secret.as_str())
                .map_or("", |s| s.name.as_str());
            (grant, name)
        })
        .collect();
    grants.sort_by(|a, b| (&a.0.agent, a.1).cmp(&(&b.0.agent, b.1)));
    let listed: Vec<Listed> = grants
        .into_iter()
        .map(|(grant, name)| Listed {
            grant_id: &grant.id,
            agent_id: &grant.agent,
            secret_id: &grant.secret,
            secret_name: name,
            created_at: time::rfc3339(grant.created_at),
        })
        .collect();
    ctx.out.list(
        &listed,
        "No grants; give an agent a secret with `vault grant add --agent AGENT SECRET`",
        &["GRANT", "AGENT", "SECRET", "CREATED"],
        |g| {
            vec![
                g.grant_id.to_owned(),
                g.agent_id.to_owned(),
                g.secret_name.to_owned(),
                g.created_at.clone(),
            ]
        },
    )
}

fn rm(ctx: &Context, args: &GrantRmArgs) -> Result<()> {
    let (grant, name) = vault::change(&ctx.paths, |state, events| {
        let grant = match &args.agent {
            Some(agent) => state.revoke_pair(agent, &args.target)?,
            None => state.revoke(&args.target)?,
        };
        let name = state.secret_name(&grant.secret)?.to_owned();
        events.push(grant_event(Kind::GrantRevoked, &grant, &name));
        Ok((grant, name))
    })?;
    ctx.out.hint(format_args!(
        "Revoked {} ({} may no longer read {name})",
        grant.id, grant.agent
    ));
    Ok(())
}
