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

/// The `kind` of a request the proxy holds.
pub const HELD: &str = "request";

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
    /// Turned down, saying this (if anything); `None` if approved or not answered.
    pub denied: Option<Option<String>>,
    /// `secret` for a request to store a new secret's value (`vault mcp`), else `None`.
    pub kind: Option<String>,
    /// The code the value's page asks for, for a request of kind `secret`.
    pub code: Option<String>,
    /// For a request of kind `request`, one the proxy holds: what the program sent.
    pub method: Option<String>,
    pub host: Option<String>,
    pub path: Option<String>,
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
    kind: Option<String>,
    code: Option<String>,
    method: Option<String>,
    host: Option<String>,
    path: Option<String>,
}

/// The requests in the logs, and the lines that named a request id another line took first.
#[derive(Debug, Default)]
pub struct Requests {
    /// Oldest first, with whether each was answered (in any log).
    pub list: Vec<Request>,
    /// A second `grant.requested` with a known id: refused, since ids are unique and anyone
    /// who can append to a log can write one (to steer an approval to another secret). The
    /// request they copy can be neither approved nor denied either: the agent asks again.
    pub repeated: Vec<Repeated>,
}

/// A request line whose id was taken.
#[derive(Debug, Clone)]
pub struct Repeated {
    pub id: String,
    pub log: PathBuf,
}

impl Repeated {
    pub fn describe(&self) -> String {
        format!(
            "request {} is named by a second line, in {}: that line is refused, and the request cannot be answered (is one forged?); the agent may ask again",
            crate::output::printable(&self.id),
            self.log.display()
        )
    }
}

/// Every request in the log at `main` and the writer logs beside it.
pub fn all(main: &Path) -> Result<Requests> {
    let mut logs = vec![main.to_path_buf()];
    logs.extend(audit::writer_logs(main)?);
    let mut found = Requests::default();
    let mut answered = Vec::new();
    let mut denied = Vec::new();
    for log in &logs {
        let Some(file) = store::open_log_read(log)? else {
            continue;
        };
        scan(file, log, &mut found, &mut answered, &mut denied)
            .with_context(|| format!("cannot read the audit log {}", log.display()))?;
    }
    for request in &mut found.list {
        request.answered = answered.contains(&request.id);
        request.denied = denied
            .iter()
            .find(|(id, _)| *id == request.id)
            .map(|(_, said)| said.clone());
    }
    found
        .list
        .sort_by(|a, b| a.requested_at.cmp(&b.requested_at));
    Ok(found)
}

fn scan(
    file: File,
    log: &Path,
    found: &mut Requests,
    answered: &mut Vec<String>,
    denied: &mut Vec<(String, Option<String>)>,
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
            "grant.requested" if found.list.iter().any(|r| r.id == id) => {
                found.repeated.push(Repeated {
                    id,
                    log: log.to_path_buf(),
                });
            }
            "grant.requested" => found.list.push(Request {
                id,
                agent_id: line.agent_id.unwrap_or_default(),
                secret_name: line.secret_name.unwrap_or_default(),
                reason: line.reason,
                duration: line.duration,
                requested_at: line.ts,
                log: log.to_path_buf(),
                answered: false,
                denied: None,
                kind: line.kind,
                code: line.code,
                method: line.method,
                host: line.host,
                path: line.path,
            }),
            "grant.created" | "grant.approved" => answered.push(id),
            "grant.denied" => {
                answered.push(id.clone());
                denied.push((id, line.reason));
            }
            _ => {}
        }
    }
    Ok(())
}

/// The request with this id, still awaiting its answer, whose fields an answer can rely on.
pub fn pending(main: &Path, id: &str) -> Result<Request> {
    let found = all(main)?;
    let shown = crate::output::printable(id);
    if let Some(repeated) = found.repeated.iter().find(|r| r.id == id) {
        return Err(anyhow!("{}", repeated.describe()));
    }
    let request = found
        .list
        .into_iter()
        .find(|request| request.id == id)
        .ok_or_else(|| anyhow!("no request {shown:?}; see `vault grant requests`"))?;
    if request.answered {
        return Err(anyhow!(
            "request {shown} was answered already; see `vault events`"
        ));
    }
    Ok(request)
}

impl Request {
    /// A request of the proxy, held until a person answers it (`grant add --approve`).
    pub fn is_held(&self) -> bool {
        self.kind.as_deref() == Some(HELD)
    }

    /// Whether every field an approval acts on reads as `vault request` writes it: a line
    /// written by hand may hold anything.
    pub fn check(&self) -> Result<()> {
        let refused = |what: String| {
            anyhow!(
                "request {} {what}, so it is refused; deny it with `vault grant deny {}`, or let the agent ask again",
                crate::output::printable(&self.id),
                crate::output::printable(&self.id)
            )
        };
        if !crate::names::is_valid_agent_id(&self.agent_id) {
            return Err(refused("names no valid agent".into()));
        }
        if !crate::names::is_valid_secret_name(&self.secret_name) {
            return Err(refused("names no valid secret".into()));
        }
        if let Some(duration) = &self.duration
            && let Err(why) = crate::time::parse_duration(duration)
        {
            return Err(refused(format!(
                "asks for a time that does not read as one ({:?}: {why})",
                crate::output::printable(duration)
            )));
        }
        Ok(())
    }
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
        let mut found = all(&main).unwrap().list;
        found.sort_by(|a, b| a.id.cmp(&b.id));
        let state: Vec<(&str, bool)> = found.iter().map(|r| (r.id.as_str(), r.answered)).collect();
        assert_eq!(state, [("req_a", true), ("req_b", false), ("req_c", true)]);
        assert_eq!(found[0].denied, None);
        assert_eq!(found[2].denied, Some(None));
        assert_eq!(found[1].log, alice);
        assert_eq!(found[1].duration.as_deref(), Some("2h"));
        assert_eq!(pending(&main, "req_b").unwrap().secret_name, "B");
        assert!(pending(&main, "req_a").is_err());
        assert!(pending(&main, "req_x").is_err());
    }
}
