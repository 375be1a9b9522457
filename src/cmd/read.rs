//! `vault read --agent AGENT NAME [--wait DURATION]`: the agents' hot path.
//!
//! It reads the index and one agent part, never the whole vault, and decrypts only that part.

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use std::io::{self, IsTerminal};

use anyhow::{Context as _, Result};

use crate::agent_part::Granted;
use crate::audit::{Follower, Reason, Record, Taken};
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
        return print(ctx, &access, access.get(&args.name)?);
    };
    let reader = Reader::new(ctx, &args.agent, args.key_file.as_deref())?;
    let deadline = Instant::now() + wait;
    let mut watch = Watch::start(&ctx.paths.vault, &ctx.paths.log)?;
    if io::stderr().is_terminal() {
        // Said the same way whether or not the secret or a grant exists.
        ctx.out.hint(format_args!(
            "vault: waiting up to {} for {} to be granted to {} (an operator answers a request with `vault grant approve` or `vault grant deny`)",
            crate::time::duration_text(wait),
            args.name,
            args.agent
        ));
    }
    loop {
        // Every attempt answers the same way, whatever the reason it fails, and the wait is
        // as long: how long it took tells nothing either.
        let reason = match reader.try_open(ctx)? {
            Ok(access) => match access.lookup(&args.name) {
                Ok(granted) => return print(ctx, &access, granted),
                Err(reason) => reason,
            },
            Err(reason) => reason,
        };
        match watch.until_changed(deadline, &args.agent, &args.name)? {
            Waited::Changed => {}
            Waited::Over => return Err(reader.deny(Some(&args.name), reason)),
            Waited::Refused(said) => {
                return Err(reader.refused(&args.name, reason, said.as_deref()));
            }
        }
    }
}

fn print(ctx: &Context, access: &Access, granted: Granted) -> Result<()> {
    if granted.approve.is_some() {
        return Err(access.deny(Some(granted.name), Reason::ApprovalRequired));
    }
    if ctx.out.json && std::str::from_utf8(granted.value).is_err() {
        // Refused before the read is logged: nothing is handed out.
        return ctx.out.value(granted.name, granted.value);
    }
    access.record(&[&granted], |_| Some(Taken::Read))?;
    ctx.out.value(granted.name, granted.value)
}

/// How a wait ended.
enum Waited {
    Changed,
    Over,
    /// An operator turned the request down, saying this.
    Refused(Option<String>),
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

    /// Waits until the vault file changes, or until `deadline` or a refusal of a request of
    /// `agent` for `secret`.
    fn until_changed(&mut self, deadline: Instant, agent: &str, secret: &str) -> Result<Waited> {
        loop {
            let refusal = self
                .log
                .poll()
                .context("cannot read the audit log")?
                .iter()
                .filter_map(|line| Record::parse(line))
                .find(|record| {
                    record.event == "grant.denied"
                        && record.agent_id.as_deref() == Some(agent)
                        && record.secret_name.as_deref() == Some(secret)
                });
            if let Some(refusal) = refusal {
                return Ok(Waited::Refused(refusal.reason));
            }
            let now = identity(self.vault);
            if now != self.seen {
                self.seen = now;
                return Ok(Waited::Changed);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(Waited::Over);
            }
            thread::sleep(left.min(WAIT_TICK));
        }
    }
}
