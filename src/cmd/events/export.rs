//! `vault events export --format ocsf|ecs [--follow] [--after SEQ]`

use std::io::{self, BufRead, BufReader, Read, Write};
use std::thread;
use std::time::Duration;

use anyhow::{Context as _, Result};

use crate::audit::{Follower, RevLines, seq_of};
use crate::cli::{ExportArgs, ExportFormat};
use crate::cmd::Context;
use crate::export::{self, Format};
use crate::{anchors, output, store};

/// How often `--follow` looks for new lines (as `vault events --follow`).
const FOLLOW_TICK: Duration = Duration::from_millis(50);

pub fn run(ctx: &Context, args: &ExportArgs) -> Result<()> {
    let path = &ctx.paths.log;
    let format = match args.format {
        ExportFormat::Ocsf => Format::Ocsf,
        ExportFormat::Ecs => Format::Ecs,
    };
    let log = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let host = anchors::host_name();
    let file = store::open_log_read(path)?;
    let len = match &file {
        Some(file) => file.metadata()?.len(),
        None if args.follow => 0,
        None => anyhow::bail!(
            "no audit log at {}; point --log / VAULT_LOG at yours",
            path.display()
        ),
    };
    let mut out = io::stdout().lock();
    let print = |line: &[u8], out: &mut io::StdoutLock| -> io::Result<()> {
        if let Some(record) = export::record(line, format, &log, &host) {
            serde_json::to_writer(&mut *out, &record)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    };
    let read = || format!("cannot read the audit log {}", path.display());
    if let Some(file) = &file {
        let lines = match args.after {
            // From the end back to where the shipper stopped: as cheap on a long log as the
            // lines since.
            Some(after) => {
                let mut back = RevLines::new(file, len);
                let mut lines = Vec::new();
                while let Some(line) = back.prev_line().with_context(read)? {
                    if seq_of(&line).is_some_and(|seq| seq <= after) {
                        break;
                    }
                    lines.push(line);
                }
                lines.reverse();
                lines
            }
            None => BufReader::new(file.take(len))
                .split(b'\n')
                .collect::<io::Result<Vec<_>>>()
                .with_context(read)?,
        };
        for line in &lines {
            print(line, &mut out)?;
        }
    }
    out.flush()?;
    if !args.follow {
        return Ok(());
    }
    let mut follower = Follower::new(path, file, len)?;
    loop {
        let lines = follower.poll().with_context(read)?;
        for line in &lines {
            print(line, &mut out)?;
        }
        out.flush()?;
        if lines.is_empty() {
            if output::stdout_closed() {
                return Ok(());
            }
            thread::sleep(FOLLOW_TICK);
        }
    }
}
