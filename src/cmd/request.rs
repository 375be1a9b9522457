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
    names::check_agent_id(&args.agent)?;
    names::check_secret_name(&args.secret)?;
    if args
        .reason
        .as_ref()
        .is_some_and(|r| r.chars().count() > MAX_REASON)
    {
        bail!("the reason is over {MAX_REASON} characters; say it in fewer");
    }
    let id = ids::new_id("req_")?;
    let mut event = Event::new(Kind::GrantRequested)
        .agent(&args.agent)
        .secret(None, &args.secret)
        .request(&id);
    if let Some(reason) = &args.reason {
        event = event.said(reason);
    }
    event.duration = args.duration.map(time::duration_text);
    AuditLog::new(&ctx.paths.log).append(&[event])?;
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
