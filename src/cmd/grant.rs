//! `vault grant add|list|rm|sweep|requests|approve|deny`

use anyhow::{Result, bail};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::audit::{AuditLog, Event, Kind};
use crate::cli::{ApproveArgs, DenyArgs, GrantAddArgs, GrantCommand, GrantListArgs, GrantRmArgs};
use crate::cmd::{Context, grant_event};
use crate::output::Column;
use crate::requests::{self, Request};
use crate::state::{Grant, Granting, State};
use crate::{output, time, vault};

pub fn run(ctx: &Context, command: GrantCommand) -> Result<()> {
    match command {
        GrantCommand::Add(args) => add(ctx, &args),
        GrantCommand::List(args) => list(ctx, &args),
        GrantCommand::Rm(args) => rm(ctx, &args),
        GrantCommand::Sweep => sweep(ctx),
        GrantCommand::Requests => pending(ctx),
        GrantCommand::Approve(args) => approve(ctx, &args),
        GrantCommand::Deny(args) => deny(ctx, &args),
    }
}

#[derive(Serialize)]
struct Granted<'a> {
    grant_id: &'a str,
    agent_id: &'a str,
    secret_id: &'a str,
    created_at: String,
    expires_at: Option<String>,
    /// A grant whose requests wait for a person: how long each waits, in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    approve_timeout: Option<u32>,
}

#[derive(Serialize)]
struct Listed<'a> {
    grant_id: &'a str,
    agent_id: &'a str,
    secret_id: &'a str,
    secret_name: &'a str,
    created_at: String,
    expires_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    approve_timeout: Option<u32>,
}

/// How long a held request waits for its answer when `--approve-timeout` does not say.
const APPROVE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// The seconds a request of `grant add --approve` waits, or `None` without `--approve`.
fn approval(args: &GrantAddArgs) -> Result<Option<u32>> {
    if !args.approve {
        return Ok(None);
    }
    let timeout = args.approve_timeout.unwrap_or(APPROVE_TIMEOUT).as_secs();
    match u32::try_from(timeout) {
        Ok(0) => bail!("--approve-timeout must be a second or more (2m, 30s)"),
        Ok(seconds) if seconds <= 86_400 => Ok(Some(seconds)),
        _ => bail!(
            "--approve-timeout is at most a day: a held request keeps a connection open (give 2m, 1h)"
        ),
    }
}

/// The end of a grant asked for with `--for` or `--until`, in seconds since the epoch.
fn end(duration: Option<std::time::Duration>, until: Option<DateTime<Utc>>) -> Result<Option<i64>> {
    let now = time::now();
    let end = match (duration, until) {
        (Some(duration), _) => Some(now.saturating_add(i64::try_from(duration.as_secs())?)),
        (None, Some(until)) => Some(until.timestamp()),
        (None, None) => None,
    };
    if end.is_some_and(|end| end <= now) {
        bail!("that time has passed already; give a time to come (--until) or a duration (--for)");
    }
    Ok(end)
}

/// Grants within a change, logging what it did; `request` is the request it answers.
fn grant(
    state: &mut State,
    events: &mut Vec<Event>,
    agent: &str,
    secret: &str,
    terms: crate::state::Terms,
    request: Option<&str>,
) -> Result<(Granting, String)> {
    let granting = state.grant_on_terms(agent, secret, terms, time::now())?;
    let name = state.secret_name(&granting.grant().secret)?.to_owned();
    if let Granting::Replaced { old, .. } = &granting {
        events.push(grant_event(Kind::GrantRevoked, old, &name));
    }
    if let Granting::Created(new) | Granting::Replaced { new, .. } = &granting {
        let mut event = grant_event(Kind::GrantCreated, new, &name).expires(new.expires_at);
        if let Some(request) = request {
            event = event.request(request);
        }
        events.push(event);
    }
    Ok((granting, name))
}

fn add(ctx: &Context, args: &GrantAddArgs) -> Result<()> {
    let terms = (end(args.duration, args.until)?, approval(args)?);
    let (granting, name) = vault::change(&ctx.paths, |state, events| {
        grant(state, events, &args.agent, &args.secret, terms, None)
    })?;
    report(ctx, &granting, &name)
}

fn report(ctx: &Context, granting: &Granting, name: &str) -> Result<()> {
    let grant = granting.grant();
    if ctx.out.json {
        return ctx.out.json(&Granted {
            grant_id: &grant.id,
            agent_id: &grant.agent,
            secret_id: &grant.secret,
            created_at: time::rfc3339(grant.created_at),
            expires_at: grant.expires_at.map(time::rfc3339),
            approve_timeout: grant.approve,
        });
    }
    if let Granting::Replaced { old, new } = granting {
        let was = old.expires_at.map_or_else(
            || "for good".to_owned(),
            |end| format!("until {}", time::rfc3339(end)),
        );
        let now = new.expires_at.map_or_else(
            || "for good".to_owned(),
            |end| format!("until {}", time::rfc3339(end)),
        );
        ctx.out.hint(format_args!(
            "Note: {}'s grant of {name} was {was}; it is {now} now",
            new.agent
        ));
    }
    let verb = match granting {
        Granting::Existing(_) => "Already granted",
        Granting::Created(_) => "Granted",
        Granting::Replaced { .. } => "Granted anew",
    };
    let until = grant
        .expires_at
        .map(|end| format!(" until {}", time::rfc3339(end)))
        .unwrap_or_default();
    if let Some(seconds) = grant.approve {
        return ctx.out.done(format_args!(
            "{verb}: {} may use {name}{until} through the proxy, each request held for a person's answer for up to {} ({})",
            grant.agent,
            time::duration_text(std::time::Duration::from_secs(seconds.into())),
            grant.id
        ));
    }
    ctx.out.done(format_args!(
        "{verb}: {} may read {name}{until} ({})",
        grant.agent, grant.id
    ))
}

fn list(ctx: &Context, args: &GrantListArgs) -> Result<()> {
    let opened = vault::open_as_operator(&ctx.paths)?;
    let state = &opened.state;
    if let Some(agent) = &args.agent {
        state.agent(agent)?;
    }
    let only_secret = match &args.secret {
        Some(secret) => Some(state.secret(secret)?.id.clone()),
        None => None,
    };
    let by_id = state.secrets_by_id()?;
    let mut grants: Vec<(&Grant, &str)> = state
        .grants
        .iter()
        .filter(|grant| {
            args.agent
                .as_ref()
                .is_none_or(|agent| &grant.agent == agent)
                && only_secret.as_ref().is_none_or(|id| &grant.secret == id)
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
            expires_at: grant.expires_at.map(time::rfc3339),
            approve_timeout: grant.approve,
        })
        .collect();
    ctx.out.list(
        &listed,
        "No grants; give an agent a secret with `vault grant add --agent AGENT SECRET`",
        &[
            Column::drop("GRANT", 2),
            Column::keep("AGENT"),
            Column::keep("SECRET"),
            Column::drop("CREATED", 1),
            Column::keep("EXPIRES"),
            Column::keep("APPROVE"),
        ],
        |g| {
            vec![
                g.grant_id.to_owned(),
                g.agent_id.to_owned(),
                g.secret_name.to_owned(),
                g.created_at.clone(),
                g.expires_at.clone().unwrap_or_else(|| "-".to_owned()),
                g.approve_timeout.map_or_else(
                    || "-".to_owned(),
                    |seconds| time::duration_text(std::time::Duration::from_secs(seconds.into())),
                ),
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

/// Every change drops the grants that have ended; this is a change that does only that.
fn sweep(ctx: &Context) -> Result<()> {
    let dropped = vault::change(&ctx.paths, |_, events| Ok(events.len()))?;
    ctx.out.hint(format_args!(
        "Dropped {dropped} ended grant{}",
        if dropped == 1 { "" } else { "s" }
    ));
    Ok(())
}

#[derive(Serialize)]
struct Pending<'a> {
    request_id: &'a str,
    agent_id: &'a str,
    secret_name: &'a str,
    reason: Option<&'a str>,
    requested_at: String,
    duration: Option<&'a str>,
    /// `secret`: the agent asks for a new secret, whose value a person gives on a page of
    /// `vault mcp` with `code`.
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    /// `request`: what the program sent, held until this is answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    method: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    host: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
}

/// A log line's time, in whole seconds as every time vault prints.
fn whole_seconds(ts: &str) -> String {
    DateTime::parse_from_rfc3339(ts)
        .map_or_else(|_| ts.to_owned(), |ts| time::rfc3339(ts.timestamp()))
}

/// Requests nobody answered, for grants the agent does not hold (by then). Every field is
/// shown as printable text: an agent wrote it.
fn pending(ctx: &Context) -> Result<()> {
    let opened = vault::open_as_operator(&ctx.paths)?;
    let state = &opened.state;
    let held = |request: &Request| -> Result<bool> {
        if !crate::names::is_valid_secret_name(&request.secret_name) {
            return Ok(false);
        }
        let Some(secret) = state.secret_named(&request.secret_name)? else {
            return Ok(false);
        };
        Ok(state
            .grants_of(&request.agent_id)
            .any(|grant| grant.secret == secret.id))
    };
    let found = requests::all(&ctx.paths.log)?;
    for repeated in &found.repeated {
        output::warning(&repeated.describe());
    }
    let mut waiting = Vec::new();
    for request in found.list {
        // A request the proxy holds is for a grant the agent has: it awaits its answer all
        // the same.
        if !request.answered && (request.is_held() || !held(&request)?) {
            waiting.push(request);
        }
    }
    let listed: Vec<Pending> = waiting
        .iter()
        .map(|r| Pending {
            request_id: &r.id,
            agent_id: &r.agent_id,
            secret_name: &r.secret_name,
            reason: r.reason.as_deref(),
            requested_at: whole_seconds(&r.requested_at),
            duration: r.duration.as_deref(),
            kind: r.kind.as_deref(),
            code: r.code.as_deref(),
            method: r.method.as_deref(),
            host: r.host.as_deref(),
            path: r.path.as_deref(),
        })
        .collect();
    // What a held request would send, where a grant's request says why it asks.
    let reason = |r: &Pending| -> String {
        match (r.method, r.host) {
            (Some(method), Some(host)) => {
                format!("holds {method} {host}{}", r.path.unwrap_or(""))
            }
            _ => r.reason.unwrap_or("-").to_owned(),
        }
    };
    ctx.out.list(
        &listed,
        "No requests await an answer",
        &[
            Column::keep("REQUEST"),
            Column::keep("AGENT"),
            Column::keep("SECRET"),
            Column::keep("FOR"),
            Column::keep("VALUE CODE"),
            Column::drop("ASKED", 1),
            Column::words("REASON"),
        ],
        |r| {
            [
                r.request_id,
                r.agent_id,
                r.secret_name,
                r.duration.unwrap_or("-"),
                r.code.unwrap_or("-"),
                &r.requested_at,
                &reason(r),
            ]
            .map(output::printable)
            .to_vec()
        },
    )
}

/// Grants what a request asked for, deciding under the vault's lock (a `deny` of the same
/// request waits for it, and then finds it answered), and says exactly what it granted.
fn approve(ctx: &Context, args: &ApproveArgs) -> Result<()> {
    if requests::pending(&ctx.paths.log, &args.request)?.is_held() {
        return let_through(ctx, args);
    }
    let (granting, name, request) = vault::change(&ctx.paths, |state, events| {
        let request = requests::pending(&ctx.paths.log, &args.request)?;
        request.check()?;
        // How long: as the operator says, else as the agent asked.
        let asked = match &request.duration {
            Some(text) => Some(time::parse_duration(text).map_err(anyhow::Error::msg)?),
            None => None,
        };
        let expires_at = end(args.duration.or(asked), None)?;
        let (granting, name) = grant(
            state,
            events,
            &request.agent_id,
            &request.secret_name,
            (expires_at, None),
            Some(&request.id),
        )?;
        Ok((granting, name, request))
    })?;
    if ctx.out.json {
        return report(ctx, &granting, &name);
    }
    let grant = granting.grant();
    let until = grant.expires_at.map_or_else(
        || " for good".to_owned(),
        |end| format!(" until {}", time::rfc3339(end)),
    );
    ctx.out.done(format_args!(
        "Approved request {}: {} may read {name}{until} ({})",
        request.id, grant.agent, grant.id
    ))
}

/// Lets a request the proxy is holding go on (and, with `--for`, the run's further requests on
/// the same secret's routes for that long). The vault is opened first: only an operator's key
/// approves, and the approval names it. It is written beside the request, where the proxy that
/// holds it reads it, under the vault's lock so that a `deny` of it waits and finds it answered.
fn let_through(ctx: &Context, args: &ApproveArgs) -> Result<()> {
    let identities = vault::operator_identity(&ctx.paths)?;
    vault::open(&ctx.paths, &identities)?;
    let approver = identities.recipients().first().cloned().unwrap_or_default();
    let window = match args.duration {
        Some(duration) => Some(end(Some(duration), None)?),
        None => None,
    }
    .flatten();
    let request = vault::locked(&ctx.paths, || {
        let request = requests::pending(&ctx.paths.log, &args.request)?;
        request.check()?;
        let event = Event::new(Kind::GrantApproved)
            .agent(&request.agent_id)
            .secret(None, &request.secret_name)
            .request(&request.id)
            .recipient(&approver)
            .expires(window);
        AuditLog::new(&request.log).append(&[event])?;
        Ok(request)
    })?;
    let until = window.map_or_else(
        || " (this request only)".to_owned(),
        |end| {
            format!(
                "; its further requests on the same routes pass until {}",
                time::rfc3339(end)
            )
        },
    );
    ctx.out.done(format_args!(
        "Approved request {}: {} {}{}{until}",
        request.id,
        output::printable(request.method.as_deref().unwrap_or("?")),
        output::printable(request.host.as_deref().unwrap_or("?")),
        output::printable(request.path.as_deref().unwrap_or("")),
    ))
}

/// Turns a request down, under the vault's lock (see `approve`).
fn deny(ctx: &Context, args: &DenyArgs) -> Result<()> {
    let request = vault::locked(&ctx.paths, || {
        let request = requests::pending(&ctx.paths.log, &args.request)?;
        let mut event = Event::new(Kind::GrantDenied)
            .agent(&request.agent_id)
            .secret(None, &request.secret_name)
            .request(&request.id);
        if let Some(reason) = &args.reason {
            event = event.said(reason);
        }
        // Beside the request, where the agent that asked reads it (`read --wait`).
        AuditLog::new(&request.log).append(&[event])?;
        Ok(request)
    })?;
    if request.is_held() {
        return ctx.out.done(format_args!(
            "Denied request {}: {} {}{} gets a 403",
            output::printable(&request.id),
            output::printable(request.method.as_deref().unwrap_or("?")),
            output::printable(request.host.as_deref().unwrap_or("?")),
            output::printable(request.path.as_deref().unwrap_or("")),
        ));
    }
    ctx.out.done(format_args!(
        "Denied request {}: {} may not read {}",
        output::printable(&request.id),
        output::printable(&request.agent_id),
        output::printable(&request.secret_name)
    ))
}
