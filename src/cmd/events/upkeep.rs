//! `vault events rotate`, `anchor` and `repair`: keeping the log in shape, on purpose.

use anyhow::Result;

use crate::audit::{self, AuditLog};
use crate::cli::AnchorArgs;
use crate::cmd::Context;
use crate::paths::with_suffix;
use crate::{store, vault};

pub fn rotate(ctx: &Context) -> Result<()> {
    let paths = &ctx.paths;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let mut to = with_suffix(&paths.log, &format!(".{stamp}"));
    for n in 2.. {
        if !store::exists(&to) {
            break;
        }
        to = with_suffix(&paths.log, &format!(".{stamp}-{n}"));
    }
    if store::exists(&paths.vault) && store::exists(&paths.identity) {
        vault::anchor(paths, false, Some(&to))?;
    } else {
        AuditLog::new(&paths.log).rotate_to(&to)?;
    }
    ctx.out.done(format_args!(
        "Moved the log to {}; {} goes on from it",
        to.display(),
        paths.log.display()
    ))?;
    ctx.out.hint(
        "`vault events verify` checks the chain across both files while the old one is beside the new.",
    );
    Ok(())
}

pub fn anchor(ctx: &Context, args: &AnchorArgs) -> Result<()> {
    for problem in vault::anchor(&ctx.paths, args.accept, None)? {
        ctx.out.done(format_args!("Accepted: {problem}"))?;
    }
    ctx.out
        .done("Recorded in the vault where the logs stand now")
}

pub fn repair(ctx: &Context) -> Result<()> {
    let log = AuditLog::new(&ctx.paths.log);
    let Some(repaired) = audit::repair(&log)? else {
        return ctx
            .out
            .done("The log's chain is intact: there is nothing to repair");
    };
    ctx.out.done(format_args!(
        "Moved {} damaged line(s), from line {}, to {} ({}); the log goes on from the last good line",
        repaired.lines,
        repaired.from_line,
        repaired.moved_to.display(),
        repaired.problem
    ))?;
    ctx.out.hint(
        "If the vault's record of the log was in what was moved, the next change says so; accept it with `vault events anchor --accept`.",
    );
    Ok(())
}
