//! The audit log: one JSON object per line, appended under a lock, each line chained to the one
//! before it by `prev`, the SHA-256 of that line's bytes.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::state::Grant;
use crate::store;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Kind {
    #[serde(rename = "vault.initialized")]
    Initialized,
    #[serde(rename = "secret.created")]
    SecretCreated,
    #[serde(rename = "secret.updated")]
    SecretUpdated,
    #[serde(rename = "secret.deleted")]
    SecretDeleted,
    #[serde(rename = "agent.created")]
    AgentCreated,
    #[serde(rename = "agent.deleted")]
    AgentDeleted,
    #[serde(rename = "grant.created")]
    GrantCreated,
    #[serde(rename = "grant.revoked")]
    GrantRevoked,
    #[serde(rename = "vault.accessed")]
    Accessed,
    #[serde(rename = "vault.denied")]
    Denied,
}

/// How a reader authenticated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Via {
    AgentKey,
    Operator,
}

/// Why a read was denied. The reader is told only "denied"; the log keeps the reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// The agent's part holds no secret of that name: never granted, revoked, or no such secret.
    NotGranted,
    UnknownAgent,
    /// The key given is not the agent's.
    WrongKey,
}

/// What happened, before the log gives it a place (`seq`, `ts`, `pid`, `prev`).
#[derive(Clone, Debug, Serialize)]
pub struct Event {
    pub event: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grant_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<Via>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
}

pub fn sha256_ref(bytes: &[u8]) -> String {
    format!("sha256:{:x}", Sha256::digest(bytes))
}

impl Event {
    pub fn new(event: Kind) -> Self {
        Self {
            event,
            agent_id: None,
            secret_id: None,
            secret_name: None,
            secret_ref: None,
            grant_id: None,
            via: None,
            reason: None,
        }
    }

    pub fn agent(mut self, agent_id: &str) -> Self {
        self.agent_id = Some(agent_id.to_owned());
        self
    }

    /// Names the secret; `secret_ref` lets one search the log for a name without spelling it.
    pub fn secret(mut self, id: Option<&str>, name: &str) -> Self {
        self.secret_id = id.map(str::to_owned);
        self.secret_ref = Some(sha256_ref(name.as_bytes()));
        self.secret_name = Some(name.to_owned());
        self
    }

    pub fn grant(self, grant: &Grant, secret_name: &str) -> Self {
        let mut event = self
            .agent(&grant.agent)
            .secret(Some(&grant.secret), secret_name);
        event.grant_id = Some(grant.id.clone());
        event
    }

    pub fn grant_id(mut self, grant_id: &str) -> Self {
        self.grant_id = Some(grant_id.to_owned());
        self
    }

    pub fn via(mut self, via: Via) -> Self {
        self.via = Some(via);
        self
    }

    pub fn reason(mut self, reason: Reason) -> Self {
        self.reason = Some(reason);
        self
    }
}

/// A line as written: the event between the fields the log itself adds.
#[derive(Serialize)]
struct Line<'a> {
    seq: u64,
    ts: &'a str,
    #[serde(flatten)]
    event: &'a Event,
    pid: u32,
    prev: &'a str,
}

#[derive(Deserialize)]
struct Seq {
    seq: u64,
}

/// The audit log at a path; its lock file sits beside it.
pub struct AuditLog {
    path: PathBuf,
}

impl AuditLog {
    pub fn new(path: &Path) -> Self {
        Self {
            path: path.to_path_buf(),
        }
    }

    fn lock_path(&self) -> PathBuf {
        let mut name = self.path.as_os_str().to_owned();
        name.push(".lock");
        PathBuf::from(name)
    }

    /// Appends `events` in order, as one write. On error nothing is left half-written.
    pub fn append(&self, events: &[Event]) -> Result<()> {
        self.append_inner(events)
            .with_context(|| format!("cannot append to the audit log {}", self.path.display()))
    }

    fn append_inner(&self, events: &[Event]) -> Result<()> {
        if let Some(dir) = self.path.parent() {
            store::create_private_dir(dir)?;
        }
        let _lock = store::Lock::exclusive(&self.lock_path(), "the audit log")?;
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .mode(0o600)
            .open(&self.path)?;
        let len = file.metadata()?.len();
        let (mut seq, mut prev) = match last_line(&mut file, len)? {
            None => (0, sha256_ref(b"")),
            Some(line) => {
                let Seq { seq } = serde_json::from_slice(&line).map_err(|_| {
                    anyhow!("its last line is damaged; check it with `vault events verify`")
                })?;
                (seq, sha256_ref(&line))
            }
        };

        let ts = crate::time::now_millis();
        let mut lines = Vec::with_capacity(events.len() * 320);
        for event in events {
            seq += 1;
            let start = lines.len();
            let line = Line {
                seq,
                ts: &ts,
                event,
                pid: std::process::id(),
                prev: &prev,
            };
            serde_json::to_writer(&mut lines, &line)?;
            prev = sha256_ref(&lines[start..]);
            lines.push(b'\n');
        }
        if let Err(err) = file.write_all(&lines).and_then(|()| file.sync_data()) {
            // A torn line would break the chain for every later event: cut it off again.
            let _ = file.set_len(len);
            return Err(err.into());
        }
        Ok(())
    }
}

/// The last line of the log, without its newline; `None` for an empty log. The log is read from
/// its end, so this costs the same on a log of ten lines or of ten million.
fn last_line(file: &mut File, len: u64) -> Result<Option<Vec<u8>>> {
    if len == 0 {
        return Ok(None);
    }
    let mut window: u64 = 4096;
    loop {
        let start = len.saturating_sub(window);
        let mut tail = vec![0; (len - start) as usize];
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(&mut tail)?;
        let Some((&last, body)) = tail.split_last() else {
            unreachable!("the window is never empty")
        };
        if last != b'\n' {
            bail!("its last line is incomplete; check it with `vault events verify`");
        }
        match body.iter().rposition(|&b| b == b'\n') {
            Some(newline) => return Ok(Some(body[newline + 1..].to_vec())),
            None if start == 0 => return Ok(Some(body.to_vec())),
            None if window >= 1 << 24 => bail!("its last line is over 16 MiB long"),
            None => window *= 4,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(path: &Path) -> Vec<serde_json::Value> {
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }

    #[test]
    fn lines_chain_and_count() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        let log = AuditLog::new(&path);
        log.append(&[Event::new(Kind::Initialized)]).unwrap();
        log.append(&[
            Event::new(Kind::SecretCreated).secret(Some("sec_1"), "A"),
            Event::new(Kind::AgentCreated).agent("bot"),
        ])
        .unwrap();

        let text = std::fs::read_to_string(&path).unwrap();
        let raw: Vec<&str> = text.lines().collect();
        let parsed = lines(&path);
        assert_eq!(parsed.len(), 3);
        assert_eq!(parsed[0]["prev"], sha256_ref(b""));
        for i in 1..3 {
            assert_eq!(parsed[i]["seq"], i as u64 + 1);
            assert_eq!(parsed[i]["prev"], sha256_ref(raw[i - 1].as_bytes()));
        }
        assert_eq!(parsed[1]["secret_ref"], sha256_ref(b"A"));
        assert!(parsed[2].get("secret_id").is_none());
    }

    #[test]
    fn a_long_last_line_is_found_from_the_end() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        let long_name = "N".repeat(10_000);
        let log = AuditLog::new(&path);
        log.append(&[Event::new(Kind::SecretCreated).secret(None, &long_name)])
            .unwrap();
        log.append(&[Event::new(Kind::Initialized)]).unwrap();
        assert_eq!(lines(&path)[1]["seq"], 2);
    }

    #[test]
    fn a_torn_last_line_stops_appends() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        std::fs::write(&path, b"{\"seq\":1,\"ts\":\"").unwrap();
        let err = AuditLog::new(&path)
            .append(&[Event::new(Kind::Initialized)])
            .unwrap_err();
        assert!(format!("{err:#}").contains("incomplete"), "{err:#}");
    }
}
