//! `vault sandbox check`, and the plumbing that runs inside a sandbox (`enter`, `probe`).

use anyhow::{Result, bail};

use crate::cli::SandboxCommand;
use crate::cmd::Context;
use crate::output::Column;
use crate::sandbox;

pub fn run(ctx: &Context, command: SandboxCommand) -> Result<u8> {
    match command {
        SandboxCommand::Check => check(ctx),
        SandboxCommand::Enter(args) => sandbox::enter(&sandbox::Entry {
            control: args.control,
            stderr: args.stderr,
            listen: args.listen,
            route: args.route,
            terminal: args.terminal,
            pass_fds: &args.pass_fd,
            command: &args.command,
        }),
        SandboxCommand::Probe(args) => sandbox::probe(&args.plan),
    }
}

fn check(ctx: &Context) -> Result<u8> {
    let rows = sandbox::check(crate::proxy::ROUTED_POOL)?;
    ctx.out.list(
        &rows,
        "",
        &[
            Column::keep("PROTECTION"),
            Column::keep("HELD"),
            Column::words("DETAIL"),
        ],
        |row| {
            vec![
                row.protection.clone(),
                if row.held { "held" } else { "FAILED" }.to_owned(),
                row.detail.clone(),
            ]
        },
    )?;
    let failed: Vec<&str> = rows
        .iter()
        .filter(|row| !row.held)
        .map(|row| row.protection.as_str())
        .collect();
    if !failed.is_empty() {
        bail!(
            "{} of {} protections did not hold on this machine ({}); do not rely on --sandbox here until they do",
            failed.len(),
            rows.len(),
            failed.join("; ")
        );
    }
    Ok(0)
}
