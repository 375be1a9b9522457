//! The audit log: one JSON object per line, appended under a lock, each line chained to the one
//! before it by `prev`, the SHA-256 of that line's bytes.
//!
//! `writer` appends, `rev_lines` reads from the end, `follow` waits for new lines, `verify`
//! checks the chain; `record` is a line as the reading side sees it.

mod follow;
mod record;
mod rev_lines;
mod verify;
mod writer;

pub use follow::Follower;
pub use record::Record;
pub use rev_lines::RevLines;
pub use verify::{Verdict, verify, verify_lines};
pub use writer::LogWriter;

use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::paths::with_suffix;
use crate::state::Grant;

/// Every event type the contract names, for `--event` and for checking the enum below.
pub const EVENT_TYPES: [&str; 13] = [
    "vault.initialized",
    "secret.created",
    "secret.updated",
    "secret.deleted",
    "agent.created",
    "agent.deleted",
    "grant.created",
    "grant.revoked",
    "operator.added",
    "operator.removed",
    "vault.rekeyed",
    "vault.accessed",
    "vault.denied",
];

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
    #[serde(rename = "operator.added")]
    OperatorAdded,
    #[serde(rename = "operator.removed")]
    OperatorRemoved,
    #[serde(rename = "vault.rekeyed")]
    Rekeyed,
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
    /// The operator an `operator.*` event is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
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
            recipient: None,
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

    pub fn recipient(mut self, recipient: &str) -> Self {
        self.recipient = Some(recipient.to_owned());
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

/// Where the log ended: its last line's `seq` and SHA-256. The vault records it at every change,
/// so `verify` can tell when lines were cut from the end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogHead {
    pub seq: u64,
    pub hash: String,
}

impl LogHead {
    /// The head of an empty log: what the first line's `prev` points at.
    pub fn empty() -> Self {
        Self {
            seq: 0,
            hash: sha256_ref(b""),
        }
    }
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

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn lock_path(&self) -> PathBuf {
        with_suffix(&self.path, ".lock")
    }

    fn context(&self) -> String {
        format!("cannot append to the audit log {}", self.path.display())
    }

    /// Locks the log for appending. Hold the writer while doing what the events describe.
    pub fn writer(&self) -> Result<LogWriter> {
        LogWriter::open(self)
    }

    /// Appends `events` in order, as one write. On error nothing is left half-written.
    pub fn append(&self, events: &[Event]) -> Result<()> {
        let mut writer = self.writer()?;
        let batch = writer.prepare(events)?;
        writer.write(&batch)
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
    fn every_kind_is_a_contract_event_type() {
        use Kind::*;
        for kind in [
            Initialized,
            SecretCreated,
            SecretUpdated,
            SecretDeleted,
            AgentCreated,
            AgentDeleted,
            GrantCreated,
            GrantRevoked,
            OperatorAdded,
            OperatorRemoved,
            Rekeyed,
            Accessed,
            Denied,
        ] {
            let name = serde_json::to_value(kind).unwrap();
            assert!(EVENT_TYPES.contains(&name.as_str().unwrap()), "{name}");
        }
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
    fn a_torn_last_line_is_cut_and_the_chain_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        let log = AuditLog::new(&path);
        log.append(&[Event::new(Kind::Initialized)]).unwrap();
        let whole = std::fs::read(&path).unwrap();
        let mut torn = whole.clone();
        torn.extend_from_slice(b"{\"seq\":2,\"ts\":\"");
        std::fs::write(&path, &torn).unwrap();

        log.append(&[Event::new(Kind::AgentCreated).agent("bot")])
            .unwrap();
        let parsed = lines(&path);
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[1]["seq"], 2);
        assert_eq!(parsed[1]["prev"], sha256_ref(&whole[..whole.len() - 1]));
    }

    #[test]
    fn a_damaged_last_line_stops_appends() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        std::fs::write(&path, b"not an event\n").unwrap();
        let err = AuditLog::new(&path)
            .append(&[Event::new(Kind::Initialized)])
            .unwrap_err();
        assert!(format!("{err:#}").contains("damaged"), "{err:#}");
    }
}
