//! `vault request --agent AGENT SECRET [--reason TEXT] [--for DURATION]`: an agent asks.

use anyhow::{Result, bail};
use serde::Serialize;

use crate::audit::{AuditLog, Event, Kind};
use crate::cli::RequestArgs;
use crate::cmd::Context;
use crate::{ids, names, time};

/// Longer reasons are refused: a reason is for a person to read at a glance.
const MAX_REASON: usize = 1000;

#[derive(Serialize)]
struct Requested<'a> {
    request_id: &'a str,
    agent_id: &'a str,
    secret_name: &'a str,
    reason: Option<&'a str>,
    requested_at: String,
}

pub fn run(ctx: &Context, args: &RequestArgs) -> Result<()> {
    let id = file(
        ctx,
        &args.agent,
        &args.secret,
        args.reason.as_deref(),
        args.duration,
        None,
    )?;
    if ctx.out.json {
        return ctx.out.json(&Requested {
            request_id: &id,
            agent_id: &args.agent,
            secret_name: &args.secret,
            reason: args.reason.as_deref(),
            requested_at: time::rfc3339(time::now()),
        });
    }
    ctx.out.line(&id)?;
    ctx.out.hint(format_args!(
        "Asked the operators for {}; wait for it with `vault read --agent {} {} --wait 10m`",
        args.secret, args.agent, args.secret
    ));
    Ok(())
}

/// Files a request of `agent` for `secret` and returns its id. With `code`, it asks for a new
/// secret whose value a person gives on `vault mcp`'s page with that code.
pub fn file(
    ctx: &Context,
    agent: &str,
    secret: &str,
    reason: Option<&str>,
    duration: Option<std::time::Duration>,
    code: Option<&str>,
) -> Result<String> {
    names::check_agent_id(agent)?;
    names::check_secret_name(secret)?;
    if reason.is_some_and(|r| r.chars().count() > MAX_REASON) {
        bail!("the reason is over {MAX_REASON} characters; say it in fewer");
    }
    let id = ids::new_id("req_")?;
    let mut event = Event::new(Kind::GrantRequested)
        .agent(agent)
        .secret(None, secret)
        .request(&id);
    if let Some(reason) = reason {
        event = event.said(reason);
    }
    event.duration = duration.map(time::duration_text);
    if let Some(code) = code {
        event.kind = Some("secret");
        event.code = Some(code.to_owned());
    }
    AuditLog::new(&ctx.paths.log).append(&[event])?;
    Ok(id)
}
