//! `vault events verify`: every log's chain, across its rotations; with the operator identity,
//! also what the vault recorded of the logs.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use serde::Serialize;

use crate::audit::{self, ChainVerdict};
use crate::cli::VerifyArgs;
use crate::cmd::Context;
use crate::{anchors, store, vault};

#[derive(Serialize)]
struct Report<'a> {
    ok: bool,
    /// Lines checked, over every file of every log.
    events: u64,
    /// In the first file found broken.
    first_bad_line: Option<u64>,
    /// The head of the log (not of the writer logs).
    head: Option<&'a str>,
    problem: Option<String>,
    logs: Vec<LogReport<'a>>,
}

#[derive(Serialize)]
struct LogReport<'a> {
    path: String,
    ok: bool,
    events: u64,
    first_bad_line: Option<u64>,
    head: Option<&'a str>,
    /// The files checked, newest first.
    files: Vec<String>,
    /// The last event of an earlier file the chain goes on from that is not here any more.
    continues_from: Option<u64>,
}

pub fn run(ctx: &Context, args: &VerifyArgs) -> Result<()> {
    let main = &ctx.paths.log;
    let mut logs = vec![main.clone()];
    logs.extend(audit::writer_logs(main)?);
    let mut verdicts = Vec::with_capacity(logs.len());
    for log in &logs {
        verdicts.push(audit::verify_chain(log, args.expect_head.as_deref())?);
    }
    let broken = logs
        .iter()
        .zip(&verdicts)
        .find_map(|(log, verdict)| verdict.broken().map(|(file, b)| (log, file, b)));
    let mut problem = broken
        .map(|(_, file, b)| format!("the audit log {} is broken: {}", file.display(), b.problem));
    if problem.is_none()
        && let Some(hash) = &args.expect_head
        && !verdicts.iter().any(ChainVerdict::found_expected)
    {
        problem = Some(format!(
            "no line has the expected head {hash}: the log was cut or rewritten before it"
        ));
    }
    let anchored = if problem.is_none() {
        vault_checks(ctx, main)?
    } else {
        None
    };
    let mut first_bad_line = broken.and_then(|(_, _, b)| b.line);
    if let Some(Err((found, line))) = &anchored {
        problem = Some(found.clone());
        first_bad_line = *line;
    }
    let head = verdicts[0]
        .head()
        .filter(|h| h.seq > 0)
        .map(|h| h.hash.as_str());
    if ctx.out.json {
        ctx.out.json(&Report {
            ok: problem.is_none(),
            events: verdicts.iter().map(ChainVerdict::lines).sum(),
            first_bad_line,
            head,
            problem: problem.clone(),
            logs: logs
                .iter()
                .zip(&verdicts)
                .map(|(log, verdict)| log_report(log, verdict))
                .collect(),
        })?;
    }
    if let Some(problem) = problem {
        bail!("{problem}");
    }
    if ctx.out.json {
        return Ok(());
    }
    for (log, verdict) in logs.iter().zip(&verdicts) {
        ctx.out
            .line(format_args!("ok: {}", summary(log, verdict)))?;
    }
    if let Some(Ok(note)) = anchored {
        ctx.out.line(format_args!("ok: {note}"))?;
    }
    if let Some(hash) = head {
        let seq = verdicts[0].head().map_or(0, |h| h.seq);
        ctx.out.line(format_args!("head: {hash} (event {seq})"))?;
        ctx.out.hint(format_args!(
            "Keep the head somewhere else; later, `vault events verify --expect-head {hash}` proves the log still holds these events unchanged."
        ));
    }
    Ok(())
}

fn name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn summary(log: &Path, verdict: &ChainVerdict) -> String {
    let mut text = format!(
        "{}: {} events, the chain is intact",
        log.display(),
        verdict.files.first().map_or(0, |(_, v)| v.lines)
    );
    for (file, earlier) in verdict.files.iter().skip(1) {
        text.push_str(&format!(
            ", going on from {} ({} events)",
            name(file),
            earlier.lines
        ));
    }
    if let Some(missing) = &verdict.missing {
        text.push_str(&format!(
            ", going on from an earlier file that is not here any more (its last event was {})",
            missing.seq
        ));
    }
    text
}

fn log_report<'a>(log: &Path, verdict: &'a ChainVerdict) -> LogReport<'a> {
    LogReport {
        path: log.display().to_string(),
        ok: verdict.broken().is_none(),
        events: verdict.lines(),
        first_bad_line: verdict.broken().and_then(|(_, b)| b.line),
        head: verdict
            .head()
            .filter(|h| h.seq > 0)
            .map(|h| h.hash.as_str()),
        files: verdict.files.iter().map(|(path, _)| name(path)).collect(),
        continues_from: verdict.missing.as_ref().map(|head| head.seq),
    }
}

/// What the vault's record of the logs says: a note when all is well, else the problem and,
/// for events cut from the end of the log, the line where the vault's event should be.
type Checked = Result<String, (String, Option<u64>)>;

/// With the vault and its operator identity at hand: whether every log still holds the event
/// the vault recorded, and records no newer vault. `None` without them.
fn vault_checks(ctx: &Context, main: &PathBuf) -> Result<Option<Checked>> {
    let paths = &ctx.paths;
    if !store::exists(&paths.identity) || !store::exists(&paths.vault) {
        ctx.out.hint(
            "Checked the chains only: without the vault and its operator identity, lines cut from the end and old copies of the vault cannot be noticed.",
        );
        return Ok(None);
    }
    let identities = vault::operator_identity(paths)?;
    let state = vault::open(paths, &identities)?.state;
    let logs = anchors::logs(main, &state)?;
    let mut problems = anchors::check(&state, main, &logs)?;
    // A writer killed after logging its change leaves the vault it made beside the old one;
    // the next change puts it in place. Its change is not missing.
    let pending = vault::pending_change(paths, &identities)?;
    if let Some(made) = pending {
        problems.retain(|problem| problem.newer_generation() != Some(made));
    }
    if let Some(problem) = problems.first() {
        let line = match problem {
            anchors::Problem::Cut { log, seq, .. } if log == main => Some(*seq),
            _ => None,
        };
        return Ok(Some(Err((
            format!(
                "{}; restore the newest vault and log from your backups, or accept what is here with `vault events anchor --accept`",
                problem.describe()
            ),
            line,
        ))));
    }
    let mut note = format!(
        "the logs hold the events the vault recorded at its last change (generation {}), and no newer change",
        state.generation
    );
    if pending.is_some() {
        note.push_str(
            "; a change that was logged but interrupted will be put in place by the next change",
        );
    }
    Ok(Some(Ok(note)))
}
