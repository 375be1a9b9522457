//! `vault events` and `vault events verify`

use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read, StdoutLock, Write};
use std::thread;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::audit::{AuditLog, Follower, LogHead, Record, RevLines, Verdict};
use crate::cli::{EventsArgs, EventsCommand, VerifyArgs};
use crate::cmd::Context;
use crate::{audit, output, store, vault};

/// How often `--follow` looks for new lines: a new event shows within this time (and the
/// time to print it), at the cost of one read a tick while nothing happens.
const FOLLOW_TICK: Duration = Duration::from_millis(50);

pub fn run(ctx: &Context, args: &EventsArgs) -> Result<()> {
    match &args.command {
        Some(EventsCommand::Verify(verify_args)) => verify(ctx, verify_args),
        None => show(ctx, args),
    }
}

/// Which events to show.
struct Filter<'a> {
    agent: Option<&'a str>,
    events: &'a [String],
    since: Option<DateTime<Utc>>,
}

impl Filter<'_> {
    fn is_empty(&self) -> bool {
        self.agent.is_none() && self.events.is_empty() && self.since.is_none()
    }

    fn matches(&self, line: &[u8]) -> bool {
        if self.is_empty() {
            return true;
        }
        let Some(record) = Record::parse(line) else {
            return false;
        };
        let since = || {
            DateTime::parse_from_rfc3339(&record.ts)
                .is_ok_and(|ts| self.since.is_none_or(|since| ts >= since))
        };
        self.agent
            .is_none_or(|agent| record.agent_id.as_deref() == Some(agent))
            && (self.events.is_empty() || self.events.contains(&record.event))
            && since()
    }
}

/// Prints log lines: raw with `--json`, one readable line each otherwise.
struct Printer {
    json: bool,
    color: bool,
    out: StdoutLock<'static>,
}

impl Printer {
    fn new(json: bool) -> Self {
        let out = io::stdout().lock();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Self {
            json,
            color: out.is_terminal() && !no_color,
            out,
        }
    }

    fn print(&mut self, line: &[u8]) -> io::Result<()> {
        if self.json {
            self.out.write_all(line)?;
            return self.out.write_all(b"\n");
        }
        match Record::parse(line) {
            Some(record) => writeln!(self.out, "{}", human(&record, self.color)),
            None => writeln!(
                self.out,
                "(a line that is not an event: see `vault events verify`)"
            ),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// `TIME  SEQ  EVENT  AGENT  SECRET  OUTCOME`, the event coloured by outcome on a terminal.
fn human(record: &Record, color: bool) -> String {
    let dash = |field: &Option<String>| field.clone().unwrap_or_else(|| "-".to_owned());
    let event = format!("{:<17}", record.event);
    let event = match (color, record.event.as_str()) {
        (true, "vault.denied") => format!("\x1b[1;31m{event}\x1b[0m"),
        (true, "vault.accessed") => format!("\x1b[32m{event}\x1b[0m"),
        _ => event,
    };
    let outcome = match (&record.reason, &record.via, &record.recipient) {
        (Some(reason), Some(via), _) => format!("denied ({reason}) via {via}"),
        (Some(reason), None, _) => format!("denied ({reason})"),
        (None, Some(via), _) => format!("via {via}"),
        (None, None, Some(recipient)) => recipient.clone(),
        (None, None, None) => String::new(),
    };
    let line = format!(
        "{}  {:>6}  {event}  {:<12}  {:<24}  {outcome}",
        record.ts,
        record.seq,
        dash(&record.agent_id),
        dash(&record.secret_name),
    );
    line.trim_end().to_owned()
}

fn show(ctx: &Context, args: &EventsArgs) -> Result<()> {
    let path = &ctx.paths.log;
    let filter = Filter {
        agent: args.agent.as_deref(),
        events: &args.events,
        since: args.since,
    };
    let file = match File::open(path) {
        Ok(file) => Some(file),
        Err(err) if err.kind() == io::ErrorKind::NotFound && args.follow => None,
        Err(err) if err.kind() == io::ErrorKind::NotFound => bail!(
            "no audit log at {}; it is created by `vault init` (or point --log / VAULT_LOG at yours)",
            path.display()
        ),
        Err(err) => {
            return Err(err)
                .with_context(|| format!("cannot open the audit log {}", path.display()));
        }
    };
    let len = match &file {
        Some(file) => file.metadata()?.len(),
        None => 0,
    };
    let mut printer = Printer::new(ctx.out.json);
    let last = args.last.or(args.follow.then_some(10));
    if let Some(file) = &file {
        let shown = match last {
            Some(count) => last_matching(file, len, count, &filter)?,
            None => all_matching(file, len, &filter)?,
        };
        for line in &shown {
            printer.print(line)?;
        }
        printer.flush()?;
    }
    if !args.follow {
        return Ok(());
    }
    let mut follower = Follower::new(path, file, len)?;
    loop {
        let lines = follower
            .poll()
            .with_context(|| format!("cannot read the audit log {}", path.display()))?;
        for line in lines.iter().filter(|line| filter.matches(line)) {
            printer.print(line)?;
        }
        printer.flush()?;
        if lines.is_empty() {
            // Nothing to write means no broken pipe to notice: ask whether the reader is gone.
            if output::stdout_closed() {
                return Ok(());
            }
            thread::sleep(FOLLOW_TICK);
        }
    }
}

/// The last `count` matching lines before `len`, oldest first, read from the end of the file.
fn last_matching(file: &File, len: u64, count: usize, filter: &Filter) -> Result<Vec<Vec<u8>>> {
    let mut lines = RevLines::new(file, len);
    let mut found = Vec::with_capacity(count.min(1024));
    let mut first = true;
    while found.len() < count {
        let Some(line) = lines.prev_line()? else {
            break;
        };
        // A last line without its newline is still being written: it shows once complete.
        let complete = !first || lines.last_line_terminated();
        first = false;
        if complete && filter.matches(&line) {
            found.push(line);
        }
    }
    found.reverse();
    Ok(found)
}

fn all_matching(file: &File, len: u64, filter: &Filter) -> Result<Vec<Vec<u8>>> {
    let mut found = Vec::new();
    for line in BufReader::new(file.take(len)).split(b'\n') {
        let line = line?;
        if filter.matches(&line) {
            found.push(line);
        }
    }
    Ok(found)
}

#[derive(Serialize)]
struct VerifyReport<'a> {
    ok: bool,
    events: u64,
    first_bad_line: Option<u64>,
    head: Option<&'a str>,
    problem: Option<&'a str>,
}

fn verify(ctx: &Context, args: &VerifyArgs) -> Result<()> {
    let log = AuditLog::new(&ctx.paths.log);
    let anchor = vault_anchor(ctx)?;
    let Verdict {
        lines,
        head,
        broken,
    } = audit::verify(&log, anchor.as_ref(), args.expect_head.as_deref())?;
    let head_hash = head.as_ref().filter(|h| h.seq > 0).map(|h| h.hash.as_str());
    if ctx.out.json {
        ctx.out.json(&VerifyReport {
            ok: broken.is_none(),
            events: lines,
            first_bad_line: broken.as_ref().and_then(|b| b.line),
            head: head_hash,
            problem: broken.as_ref().map(|b| b.problem.as_str()),
        })?;
    }
    if let Some(broken) = broken {
        bail!(
            "the audit log {} is broken: {}",
            log.path().display(),
            broken.problem
        );
    }
    if ctx.out.json {
        return Ok(());
    }
    ctx.out
        .line(format_args!("ok: {lines} events, the chain is intact"))?;
    if let Some(anchor) = anchor {
        ctx.out.line(format_args!(
            "ok: event {} is the one the vault recorded at its last change",
            anchor.seq
        ))?;
    }
    if let Some(hash) = head_hash {
        ctx.out.line(format_args!("head: {hash} (event {lines})"))?;
        ctx.out.hint(format_args!(
            "Keep the head somewhere else; later, `vault events verify --expect-head {hash}` proves the log still holds these events unchanged."
        ));
    }
    Ok(())
}

/// The log head the vault recorded at its last change, when the operator identity is here to
/// open the vault.
fn vault_anchor(ctx: &Context) -> Result<Option<LogHead>> {
    let paths = &ctx.paths;
    if !store::exists(&paths.identity) || !store::exists(&paths.vault) {
        ctx.out.hint(
            "Checked the chain only: without the vault and its operator identity, lines cut from the end cannot be noticed.",
        );
        return Ok(None);
    }
    Ok(vault::open_as_operator(paths)?.state.log_head)
}
