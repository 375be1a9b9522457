//! Requests for grants. An agent asks with `vault request`, which needs no key and no vault: it
//! appends `grant.requested` to the log it writes. The answer is in the logs too: the
//! `grant.created` an approval makes carries the request's id, and a refusal is a
//! `grant.denied` appended beside the request, where the asking agent reads it.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use serde::Deserialize;

use crate::audit;
use crate::store;

/// A request as the log holds it.
#[derive(Clone, Debug)]
pub struct Request {
    pub id: String,
    pub agent_id: String,
    pub secret_name: String,
    pub reason: Option<String>,
    /// For how long, as asked (`2h`).
    pub duration: Option<String>,
    /// The log line's time.
    pub requested_at: String,
    /// The log it is in: the one a refusal goes to.
    pub log: PathBuf,
    pub answered: bool,
}

#[derive(Deserialize)]
struct Line {
    ts: String,
    event: String,
    request_id: Option<String>,
    agent_id: Option<String>,
    secret_name: Option<String>,
    reason: Option<String>,
    duration: Option<String>,
}

/// Every request in the log at `main` and the writer logs beside it, oldest first, with whether
/// it was answered (in any of them).
pub fn all(main: &Path) -> Result<Vec<Request>> {
    let mut logs = vec![main.to_path_buf()];
    logs.extend(audit::writer_logs(main)?);
    let mut requests = Vec::new();
    let mut answered = Vec::new();
    for log in &logs {
        let Some(file) = store::open_log_read(log)? else {
            continue;
        };
        scan(file, log, &mut requests, &mut answered)
            .with_context(|| format!("cannot read the audit log {}", log.display()))?;
    }
    for request in &mut requests {
        request.answered = answered.contains(&request.id);
    }
    requests.sort_by(|a, b| a.requested_at.cmp(&b.requested_at));
    Ok(requests)
}

fn scan(
    file: File,
    log: &Path,
    requests: &mut Vec<Request>,
    answered: &mut Vec<String>,
) -> Result<()> {
    let len = file.metadata()?.len();
    // Only lines that name a request are parsed: the rest, reads mostly, are skipped unread.
    let marker = memchr::memmem::Finder::new(b"\"request_id\":");
    for line in BufReader::new(file.take(len)).split(b'\n') {
        let line = line?;
        if marker.find(&line).is_none() {
            continue;
        }
        let Ok(line) = serde_json::from_slice::<Line>(&line) else {
            continue;
        };
        let Some(id) = line.request_id else { continue };
        match line.event.as_str() {
            "grant.requested" => requests.push(Request {
                id,
                agent_id: line.agent_id.unwrap_or_default(),
                secret_name: line.secret_name.unwrap_or_default(),
                reason: line.reason,
                duration: line.duration,
                requested_at: line.ts,
                log: log.to_path_buf(),
                answered: false,
            }),
            "grant.created" | "grant.denied" => answered.push(id),
            _ => {}
        }
    }
    Ok(())
}

/// The request with this id, still awaiting its answer.
pub fn pending(main: &Path, id: &str) -> Result<Request> {
    let request = all(main)?
        .into_iter()
        .find(|request| request.id == id)
        .ok_or_else(|| anyhow!("no request {id:?}; see `vault grant requests`"))?;
    if request.answered {
        return Err(anyhow!(
            "request {id} was answered already; see `vault events`"
        ));
    }
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{AuditLog, Event, Kind};

    #[test]
    fn requests_and_their_answers_are_found_across_logs() {
        let dir = tempfile::tempdir().unwrap();
        let main = dir.path().join("events.jsonl");
        let alice = dir.path().join("events.alice.jsonl");
        let ask = |log: &Path, id: &str, secret: &str| {
            let mut event = Event::new(Kind::GrantRequested)
                .agent("alice")
                .secret(None, secret)
                .request(id)
                .said("for the weekly report");
            event.duration = Some("2h".into());
            AuditLog::new(log).append(&[event]).unwrap();
        };
        ask(&alice, "req_a", "A");
        ask(&alice, "req_b", "B");
        ask(&main, "req_c", "C");
        AuditLog::new(&main)
            .append(&[Event::new(Kind::GrantCreated).request("req_a")])
            .unwrap();
        AuditLog::new(&alice)
            .append(&[Event::new(Kind::GrantDenied).request("req_c")])
            .unwrap();
        let mut found = all(&main).unwrap();
        found.sort_by(|a, b| a.id.cmp(&b.id));
        let state: Vec<(&str, bool)> = found.iter().map(|r| (r.id.as_str(), r.answered)).collect();
        assert_eq!(state, [("req_a", true), ("req_b", false), ("req_c", true)]);
        assert_eq!(found[1].log, alice);
        assert_eq!(found[1].duration.as_deref(), Some("2h"));
        assert_eq!(pending(&main, "req_b").unwrap().secret_name, "B");
        assert!(pending(&main, "req_a").is_err());
        assert!(pending(&main, "req_x").is_err());
    }
}
