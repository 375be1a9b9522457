//! `vault read --agent AGENT NAME [--wait DURATION]`: the agents' hot path.
//!
//! It reads the index and one agent part, never the whole vault, and decrypts only that part.

use std::fs;
use std::io::{self, IsTerminal, Write};
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};

use crate::agent_part::Granted;
use crate::audit::{Follower, Record, Taken};
use crate::cli::ReadArgs;
use crate::cmd::Context;
use crate::cmd::access::{self, Access, Reader};
use crate::{names, store};

/// How often `--wait` looks at the vault file and the log: a grant made by a change shows
/// within this (and the time to open the part again).
const WAIT_TICK: Duration = Duration::from_millis(50);

pub fn run(ctx: &Context, args: &ReadArgs) -> Result<()> {
    // Checked before anything is logged: a denial event names what was asked for.
    names::check_secret_name(&args.name)?;
    let Some(wait) = args.wait else {
        let access = access::open(ctx, &args.agent, args.key_file.as_deref(), Some(&args.name))?;
        return print(&access, access.get(&args.name)?);
    };
    let reader = Reader::new(ctx, &args.agent, args.key_file.as_deref())?;
    let deadline = Instant::now() + wait;
    let mut watch = Watch::start(&ctx.paths.vault, &ctx.paths.log)?;
    loop {
        // Every attempt answers the same way, whatever the reason it fails, and the wait is
        // as long: how long it took tells nothing either.
        let reason = match reader.try_open(ctx)? {
            Ok(access) => match access.lookup(&args.name) {
                Ok(granted) => return print(&access, granted),
                Err(reason) => reason,
            },
            Err(reason) => reason,
        };
        if !watch.until_changed(deadline, &args.agent, &args.name)? {
            return Err(reader.deny(Some(&args.name), reason));
        }
    }
}

fn print(access: &Access, granted: Granted) -> Result<()> {
    access.record(&[&granted], |_| Some(Taken::Read))?;
    let mut stdout = io::stdout().lock();
    stdout.write_all(granted.value)?;
    if stdout.is_terminal() {
        stdout.write_all(b"\n")?;
    }
    stdout.flush()?;
    Ok(())
}

/// What `--wait` watches: the vault file, which a change replaces, and the log, where a refusal
/// of the agent's request for the secret is written.
struct Watch<'a> {
    vault: &'a Path,
    seen: Option<(u64, u64, i64, i64)>,
    log: Follower,
}

fn identity(path: &Path) -> Option<(u64, u64, i64, i64)> {
    let meta = fs::metadata(path).ok()?;
    Some((meta.dev(), meta.ino(), meta.mtime(), meta.mtime_nsec()))
}

impl<'a> Watch<'a> {
    fn start(vault: &'a Path, log: &Path) -> Result<Self> {
        let file = store::open_log_read(log)?;
        let len = match &file {
            Some(file) => file.metadata()?.len(),
            None => 0,
        };
        Ok(Self {
            vault,
            seen: identity(vault),
            log: Follower::new(log, file, len)?,
        })
    }

    /// Waits until the vault file changes (true), or until `deadline` or a refusal of a request
    /// of `agent` for `secret` (false).
    fn until_changed(&mut self, deadline: Instant, agent: &str, secret: &str) -> Result<bool> {
        loop {
            let denied = self
                .log
                .poll()
                .context("cannot read the audit log")?
                .iter()
                .filter_map(|line| Record::parse(line))
                .any(|record| {
                    record.event == "grant.denied"
                        && record.agent_id.as_deref() == Some(agent)
                        && record.secret_name.as_deref() == Some(secret)
                });
            if denied {
                return Ok(false);
            }
            let now = identity(self.vault);
            if now != self.seen {
                self.seen = now;
                return Ok(true);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(false);
            }
            thread::sleep(left.min(WAIT_TICK));
        }
    }
}
