//! `vault read --agent AGENT NAME`: the agents' hot path.
//!
//! It reads the index and one agent part, never the whole vault, and decrypts only that part.

use std::io::{self, IsTerminal, Write};

use anyhow::Result;

use crate::audit::Taken;
use crate::cli::ReadArgs;
use crate::cmd::{Context, access};
use crate::names;

pub fn run(ctx: &Context, args: &ReadArgs) -> Result<()> {
    // Checked before anything is logged: a denial event names what was asked for.
    names::check_secret_name(&args.name)?;
    let access = access::open(ctx, &args.agent, args.key_file.as_deref(), Some(&args.name))?;
    let granted = access.get(&args.name)?;
    access.record(&[&granted], Some(Taken::Read))?;

    let mut stdout = io::stdout().lock();
    stdout.write_all(granted.value)?;
    if stdout.is_terminal() {
        stdout.write_all(b"\n")?;
    }
    stdout.flush()?;
    Ok(())
}
