//! `vault events [-n N] [--follow] [filters]`: the operator's log and the writer logs beside
//! it, merged in time order.

use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read, StdoutLock, Write};
use std::path::{Path, PathBuf};
use std::thread;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use chrono::{DateTime, Utc};

use crate::audit::{self, Follower, Record, RevLines};
use crate::cli::EventsArgs;
use crate::cmd::Context;
use crate::output::{self, printable as clean};
use crate::store;

/// How often `--follow` looks for new lines: a new event shows within this time (and the
/// time to print it), at the cost of one read a tick while nothing happens.
const FOLLOW_TICK: Duration = Duration::from_millis(50);

/// Which events to show.
struct Filter<'a> {
    agent: Option<&'a str>,
    secret: Option<&'a str>,
    events: &'a [String],
    since: Option<DateTime<Utc>>,
}

impl Filter<'_> {
    fn is_empty(&self) -> bool {
        self.agent.is_none()
            && self.secret.is_none()
            && self.events.is_empty()
            && self.since.is_none()
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
            && self
                .secret
                .is_none_or(|secret| record.secret_name.as_deref() == Some(secret))
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
    let dash = |field: &Option<String>| field.as_deref().map_or_else(|| "-".to_owned(), clean);
    let event = format!("{:<17}", clean(&record.event));
    let event = match (color, record.event.as_str()) {
        (true, "vault.denied" | "vault.canary" | "vault.blocked") => {
            format!("\x1b[1;31m{event}\x1b[0m")
        }
        (true, "vault.accessed") => format!("\x1b[32m{event}\x1b[0m"),
        _ => event,
    };
    let outcome = record
        .outcome()
        .map(|text| clean(&text))
        .unwrap_or_default();
    let line = format!(
        "{}  {:>6}  {event}  {:<12}  {:<24}  {outcome}",
        clean(&record.ts),
        record.seq,
        dash(&record.agent_id),
        dash(&record.secret_name),
    );
    line.trim_end().to_owned()
}

/// The logs `vault events` shows: the log, and the writer logs beside it.
fn logs(main: &Path) -> Result<Vec<PathBuf>> {
    let mut logs = vec![main.to_path_buf()];
    logs.extend(audit::writer_logs(main)?);
    Ok(logs)
}

pub fn run(ctx: &Context, args: &EventsArgs) -> Result<()> {
    let main = &ctx.paths.log;
    let filter = Filter {
        agent: args.agent.as_deref(),
        secret: args.secret.as_deref(),
        events: &args.events,
        since: args.since,
    };
    let mut opened = Vec::new();
    for path in logs(main)? {
        let file = store::open_log_read(&path)?;
        if file.is_none() && !args.follow {
            bail!(
                "no audit log at {}; it is created by `vault init` (or point --log / VAULT_LOG at yours)",
                path.display()
            );
        }
        let len = match &file {
            Some(file) => file.metadata()?.len(),
            None => 0,
        };
        opened.push((path, file, len));
    }
    let mut printer = Printer::new(ctx.out.json);
    let last = args.last.or(args.follow.then_some(10));
    let mut shown = Vec::new();
    for (path, file, len) in &opened {
        let Some(file) = file else { continue };
        let lines = match last {
            Some(count) => last_matching(file, *len, count, &filter),
            None => all_matching(file, *len, &filter),
        };
        shown.push(lines.with_context(|| format!("cannot read the audit log {}", path.display()))?);
    }
    let mut merged = merge(shown);
    if let Some(count) = last {
        merged.drain(..merged.len().saturating_sub(count));
    }
    for line in &merged {
        printer.print(line)?;
    }
    printer.flush()?;
    if !args.follow {
        return Ok(());
    }
    let mut followers = Vec::with_capacity(opened.len());
    for (path, file, len) in opened {
        followers.push(Follower::new(&path, file, len)?);
    }
    loop {
        let mut new = Vec::with_capacity(followers.len());
        for follower in &mut followers {
            let lines = follower
                .poll()
                .with_context(|| format!("cannot read the audit log {}", main.display()))?;
            new.push(
                lines
                    .into_iter()
                    .filter(|line| filter.matches(line))
                    .collect(),
            );
        }
        let lines = merge(new);
        for line in &lines {
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

/// Lines of several logs, each in order, merged by time. A single log is left as it is.
fn merge(mut logs: Vec<Vec<Vec<u8>>>) -> Vec<Vec<u8>> {
    if logs.len() <= 1 {
        return logs.pop().unwrap_or_default();
    }
    let ts = |line: &[u8]| {
        Record::parse(line)
            .map(|record| record.ts)
            .unwrap_or_default()
    };
    let mut all = Vec::new();
    for (log, lines) in logs.into_iter().enumerate() {
        all.extend(lines.into_iter().map(|line| (ts(&line), log, line)));
    }
    // RFC 3339 in UTC with milliseconds sorts as text; the sort is stable, so lines of one log
    // at the same millisecond keep their order.
    all.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    all.into_iter().map(|(_, _, line)| line).collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_escaped() {
        assert_eq!(clean("plain"), "plain");
        assert_eq!(
            clean("a\x1b[1A\x1b[2K\rb\nc"),
            "a\\u{1b}[1A\\u{1b}[2K\\rb\\nc"
        );
        assert_eq!(clean("\u{9b}31m"), "\\u{9b}31m");
    }

    #[test]
    fn logs_merge_by_time() {
        let line = |ts: &str, n: u8| {
            format!("{{\"seq\":{n},\"ts\":\"{ts}\",\"event\":\"e\"}}").into_bytes()
        };
        let a = vec![
            line("2026-01-01T00:00:01.000Z", 1),
            line("2026-01-01T00:00:03.000Z", 2),
        ];
        let b = vec![line("2026-01-01T00:00:02.000Z", 1)];
        let merged = merge(vec![a.clone(), b.clone()]);
        assert_eq!(merged, vec![a[0].clone(), b[0].clone(), a[1].clone()]);
    }
}
