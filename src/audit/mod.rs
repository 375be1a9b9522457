//! The audit log: one JSON object per line, appended under a lock, each line chained to the one
//! before it by `prev`, the SHA-256 of that line's bytes.
//!
//! A log may run over several files: rotation moves it aside and the new file's first line, a
//! `log.rotated` event, goes on from the old file's last (its `seq` and `prev`). Each Unix user
//! that reads secrets may write a log of its own beside the operator's (`writers`).
//!
//! `writer` appends, `rev_lines` reads from the end, `follow` waits for new lines, `verify`
//! checks a chain, `history` walks back from the end to an event the vault recorded, `repair`
//! moves a damaged tail aside; `record` is a line as the reading side sees it.

mod follow;
mod history;
mod record;
mod repair;
mod rev_lines;
mod verify;
mod writer;
mod writers;

pub use follow::Follower;
pub use history::{Change, since};
pub use record::Record;
pub use repair::repair;
pub use rev_lines::RevLines;
pub use verify::{ChainVerdict, verify_chain, verify_lines};
pub use writer::LogWriter;
pub use writers::writer_logs;

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::store;

/// Longer lines are not events: readers stop there instead of growing without bound.
pub const MAX_LINE: usize = 1 << 20;

/// Every event type, for `--event` and for checking the enum below.
pub const EVENT_TYPES: [&str; 32] = [
    "vault.initialized",
    "secret.created",
    "secret.updated",
    "secret.deleted",
    "agent.created",
    "agent.deleted",
    "grant.created",
    "grant.revoked",
    "grant.expired",
    "grant.requested",
    "grant.denied",
    "grant.approved",
    "secret.renamed",
    "operator.added",
    "operator.removed",
    "vault.rekeyed",
    "vault.accessed",
    "vault.denied",
    "vault.masked",
    "vault.canary",
    "vault.injected",
    "vault.blocked",
    "vault.withheld",
    "vault.leak_stopped",
    "vault.egress_denied",
    "vault.egress",
    "vault.sandboxed",
    "vault.anchored",
    "vault.merged",
    "mcp.called",
    "log.rotated",
    "log.repaired",
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
    /// A grant's time ran out, and a change dropped it (and its value from the agent's part).
    #[serde(rename = "grant.expired")]
    GrantExpired,
    /// An agent asked for a grant (`vault request`).
    #[serde(rename = "grant.requested")]
    GrantRequested,
    /// An operator turned a request down.
    #[serde(rename = "grant.denied")]
    GrantDenied,
    /// A request the proxy held (`grant add --approve`) was let through: by the operator key
    /// named in `recipient`, or by the program `VAULT_ASKPASS` names (`via: "askpass"`); with
    /// `expires_at`, so are the run's further requests on the secret's routes until then.
    #[serde(rename = "grant.approved")]
    GrantApproved,
    #[serde(rename = "secret.renamed")]
    SecretRenamed,
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
    /// `vault exec` replaced a secret's value in the program's output, `count` times.
    #[serde(rename = "vault.masked")]
    Masked,
    /// A canary secret was read, named by `exec --only`, or seen in a program's output (`how`).
    #[serde(rename = "vault.canary")]
    Canary,
    /// The credential proxy put a secret's value into a request (`host`, `method`, `path`).
    #[serde(rename = "vault.injected")]
    Injected,
    /// The credential proxy stopped a request that carried a secret's placeholder to a host
    /// the secret is not pinned to, or left the placeholder in a request to a pinned host off
    /// the secret's routes (`route`).
    #[serde(rename = "vault.blocked")]
    Blocked,
    /// The credential proxy let a request carry a secret's placeholder, as it was, to a host
    /// the secret is not pinned to (once per host and secret in a run).
    #[serde(rename = "vault.withheld")]
    Withheld,
    /// The credential proxy found a real value of the run's secrets in a request (the program
    /// read it from a file, say) and turned it into its placeholder (`host`, `where`), once
    /// per secret, host and part of a request in a run.
    #[serde(rename = "vault.leak_stopped")]
    LeakStopped,
    /// The credential proxy refused a connection to a host outside the run's egress
    /// (`exec --egress`): `host`, once per host in a run.
    #[serde(rename = "vault.egress_denied")]
    EgressDenied,
    /// Where a program of `exec --proxy` went: one per host and port when the run ends, with
    /// its connections, requests and bytes each way.
    #[serde(rename = "vault.egress")]
    Egress,
    /// `vault exec --sandbox` is about to start the program: what the sandbox holds (`home`,
    /// `protections`) and the caller's variables it dropped (`env_dropped`, names only).
    #[serde(rename = "vault.sandboxed")]
    Sandboxed,
    /// The vault recorded where the logs stand, and what it accepted if they were not where
    /// it expected them.
    #[serde(rename = "vault.anchored")]
    Anchored,
    /// `vault merge` (git's merge driver) merged two versions of the vault; logged by the
    /// next change on this machine, since the merge itself writes no log.
    #[serde(rename = "vault.merged")]
    Merged,
    /// A tool of `vault mcp` was called (`tool`, and for `run` the `command`); what the call
    /// did is logged as the command would log it.
    #[serde(rename = "mcp.called")]
    McpCalled,
    /// The first line of a log file that goes on from an earlier one.
    #[serde(rename = "log.rotated")]
    LogRotated,
    /// A damaged tail was moved aside; the chain goes on from the last good line.
    #[serde(rename = "log.repaired")]
    LogRepaired,
}

/// How a reader authenticated: what actually opened its part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Via {
    AgentKey,
    Operator,
    /// Through a tool of `vault mcp` (with the agent's key).
    Mcp,
    /// `grant.approved`: the program `VAULT_ASKPASS` names said yes.
    Askpass,
}

/// Set once, by a command run for `vault mcp`: every event about an agent says so.
static PROCESS_VIA: std::sync::OnceLock<Via> = std::sync::OnceLock::new();

/// Marks every event this process logs about an agent as made `via`.
pub fn mark_process_via(via: Via) {
    let _ = PROCESS_VIA.set(via);
}

/// Why a read was denied. The reader is told only "denied"; the log keeps the reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The agent's part holds no secret of that name: never granted, revoked, or no such secret.
    NotGranted,
    UnknownAgent,
    /// The key given is not the agent's.
    WrongKey,
    /// The grant's time has run out.
    Expired,
    /// The grant holds each request for a person's answer (`grant add --approve`): only the
    /// proxy can hold a request, so the value is never handed out whole.
    ApprovalRequired,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::NotGranted => "not-granted",
            Reason::UnknownAgent => "unknown-agent",
            Reason::WrongKey => "wrong-key",
            Reason::Expired => "expired",
            Reason::ApprovalRequired => "approval-required",
        }
    }
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
    /// A denial's reason (`Reason`), or what a request or its refusal said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// `grant.requested` and its answers: which request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// `grant.requested`: for how long the grant is asked for (`2h`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// A grant that ends: when.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// A change of a secret's value: the version it made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<u64>,
    /// `secret.updated` by `secret rollback`: the version whose value came back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rolled_back_to: Option<u64>,
    /// `secret.renamed`: the name before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_name: Option<String>,
    /// A change: the vault it changed, and the generation the change made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vault_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generation: Option<u64>,
    /// `log.rotated`: the file the chain went on from, as it was named then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rotated_from: Option<String>,
    /// `log.repaired`: where the damaged tail went, and how many lines it held.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved_to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lines: Option<u64>,
    /// `vault.anchored --accept`: what was found and accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// `vault.masked`: how many times the value was replaced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// `vault.canary`: how the bait was taken.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub how: Option<Taken>,
    /// `vault.injected` and `vault.blocked`: the request, its path without the query (which
    /// may hold the value).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// `vault.blocked` of a request off a secret's routes: the routes it missed, as `secret
    /// list` shows them, with the methods when they are not all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    /// `vault.leak_stopped`: the part of the request the value was in.
    #[serde(rename = "where", skip_serializing_if = "Option::is_none")]
    pub place: Option<&'static str>,
    /// `vault.merged`: the generations of the two sides, and when.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merged: Option<Merged>,
    /// `vault.sandboxed`: what the sandbox holds.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub sandboxed: Option<Sandboxed>,
    /// `vault.egress`: what went to `host`.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub egress: Option<Egress>,
    /// `grant.requested`: `secret` for a request to store a new secret's value (`vault mcp`'s
    /// `request_secret`), absent for a grant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    /// `grant.requested` of kind `secret`: the code the page asks for, which only the
    /// operators see (`vault grant requests`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// `mcp.called`: the tool, and for `run` the command.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
}

/// What `vault.sandboxed` says of a run.
#[derive(Clone, Debug, Serialize)]
pub struct Sandboxed {
    /// `private` or `shared`.
    pub home: &'static str,
    pub protections: Vec<String>,
    pub env_dropped: Vec<String>,
}

/// What `vault.egress` says of a host a run reached: the upstream connections the proxy made
/// to it, the requests it sent there, and the bytes each way on the wire (TLS included).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Egress {
    pub port: u16,
    pub connections: u64,
    pub requests: u64,
    pub bytes_out: u64,
    pub bytes_in: u64,
}

/// What `vault.merged` says of a merge.
#[derive(Clone, Debug, Serialize)]
pub struct Merged {
    pub ours: u64,
    pub theirs: u64,
    pub at: String,
}

/// How a canary secret was taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Taken {
    Read,
    Exec,
    Output,
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
            request_id: None,
            duration: None,
            expires_at: None,
            version: None,
            rolled_back_to: None,
            old_name: None,
            vault_id: None,
            generation: None,
            rotated_from: None,
            moved_to: None,
            lines: None,
            problem: None,
            count: None,
            how: None,
            host: None,
            method: None,
            path: None,
            route: None,
            place: None,
            merged: None,
            sandboxed: None,
            egress: None,
            kind: None,
            code: None,
            tool: None,
            command: None,
        }
    }

    /// This event as this process logs it: `via` the process's mark, if it is about an agent.
    pub fn stamped(&self) -> std::borrow::Cow<'_, Event> {
        match PROCESS_VIA.get() {
            Some(&via) if self.agent_id.is_some() => std::borrow::Cow::Owned(self.clone().via(via)),
            _ => std::borrow::Cow::Borrowed(self),
        }
    }

    /// `mcp.called` for `tool`.
    pub fn tool(mut self, tool: &'static str, command: Option<String>) -> Self {
        self.tool = Some(tool);
        self.command = command;
        self
    }

    /// `vault.egress` for `host`.
    pub fn egress(mut self, host: &str, counts: Egress) -> Self {
        self.host = Some(host.to_owned());
        self.egress = Some(counts);
        self
    }

    pub fn sandboxed(mut self, sandboxed: Sandboxed) -> Self {
        self.sandboxed = Some(sandboxed);
        self
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

    /// Names the grant of `agent` on the secret `secret_id`, called `secret_name`.
    pub fn grant(self, grant_id: &str, agent: &str, secret_id: &str, secret_name: &str) -> Self {
        let mut event = self.agent(agent).secret(Some(secret_id), secret_name);
        event.grant_id = Some(grant_id.to_owned());
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
        self.reason = Some(reason.as_str().to_owned());
        self
    }

    /// What a request, or its refusal, said.
    pub fn said(mut self, text: &str) -> Self {
        self.reason = Some(text.to_owned());
        self
    }

    pub fn request(mut self, request_id: &str) -> Self {
        self.request_id = Some(request_id.to_owned());
        self
    }

    pub fn expires(mut self, expires_at: Option<i64>) -> Self {
        self.expires_at = expires_at.map(crate::time::rfc3339);
        self
    }

    pub fn version(mut self, version: u64) -> Self {
        self.version = Some(version);
        self
    }

    pub fn count(mut self, count: u64) -> Self {
        self.count = Some(count);
        self
    }

    pub fn route(mut self, route: String) -> Self {
        self.route = Some(route);
        self
    }

    pub fn place(mut self, place: &'static str) -> Self {
        self.place = Some(place);
        self
    }

    pub fn how(mut self, how: Taken) -> Self {
        self.how = Some(how);
        self
    }

    pub fn problem(mut self, problem: String) -> Self {
        self.problem = Some(problem);
        self
    }

    /// The HTTP request the proxy put a value into, or stopped.
    pub fn http(mut self, host: &str, method: &str, path: &str) -> Self {
        self.host = Some(host.to_owned());
        self.method = Some(method.to_owned());
        self.path = Some(path.to_owned());
        self
    }

    /// Marks the event as part of the change that made `generation` of the vault `vault_id`.
    pub fn change_of(mut self, vault_id: &str, generation: u64) -> Self {
        self.vault_id = Some(vault_id.to_owned());
        self.generation = Some(generation);
        self
    }
}

/// Where a log ended: its last line's `seq` and SHA-256.
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

    fn of(line: &[u8]) -> Result<Self> {
        let seq = seq_of(line).ok_or_else(|| anyhow!("a line that is not an event"))?;
        Ok(Self {
            seq,
            hash: sha256_ref(line),
        })
    }
}

/// The `seq` of a line, read without parsing the whole line: every line we write starts with
/// it. Other lines (hand-made, damaged) are parsed whole.
pub fn seq_of(line: &[u8]) -> Option<u64> {
    if let Some(rest) = line.strip_prefix(b"{\"seq\":") {
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits > 0 && rest.get(digits) == Some(&b',') {
            return std::str::from_utf8(&rest[..digits]).ok()?.parse().ok();
        }
    }
    #[derive(Deserialize)]
    struct Seq {
        seq: u64,
    }
    serde_json::from_slice::<Seq>(line).ok().map(|s| s.seq)
}

/// The audit log at a path.
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

    /// Moves the log aside to `to`, and starts the new file with the line that goes on from it.
    pub fn rotate_to(&self, to: &Path) -> Result<()> {
        let mut writer = self.writer()?;
        writer.rotate_to(to)?;
        let batch = writer.prepare(&[])?;
        writer.write_durably(&batch)
    }
}

/// The last complete line of an open log file, read from its end, and where it starts.
fn last_line(file: &File, len: u64) -> Result<Option<(Vec<u8>, u64)>> {
    let mut lines = RevLines::new(file, len);
    let mut line = lines.prev_line()?;
    if line.is_some() && !lines.last_line_terminated() {
        line = lines.prev_line()?;
    }
    Ok(line.map(|line| (line, lines.unread_end())))
}

/// Where the log at `path` stands now: the head of its last complete line (`None` for a log
/// that does not exist or is empty). Takes no lock: a line being appended is not complete yet.
pub fn head_of(path: &Path) -> Result<Option<LogHead>> {
    let shown = path.display();
    let Some(file) = store::open_log_read(path)? else {
        return Ok(None);
    };
    let len = file.metadata()?.len();
    let Some((line, _)) =
        last_line(&file, len).with_context(|| format!("cannot read the audit log {shown}"))?
    else {
        return Ok(None);
    };
    LogHead::of(&line)
        .map(Some)
        .with_context(|| format!("the audit log {shown} ends with a damaged line"))
}

/// The lines of a log, parsed, for the tests of this module's files.
#[cfg(test)]
fn parsed_lines(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::parsed_lines as lines;

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
        assert_eq!(head_of(&path).unwrap().unwrap().seq, 3);
    }

    #[test]
    fn every_kind_is_an_event_type() {
        use Kind::*;
        let kinds = [
            Initialized,
            SecretCreated,
            SecretUpdated,
            SecretDeleted,
            AgentCreated,
            AgentDeleted,
            GrantCreated,
            GrantRevoked,
            GrantExpired,
            GrantRequested,
            GrantDenied,
            GrantApproved,
            SecretRenamed,
            OperatorAdded,
            OperatorRemoved,
            Rekeyed,
            Accessed,
            Denied,
            Masked,
            Canary,
            Injected,
            Blocked,
            Withheld,
            LeakStopped,
            EgressDenied,
            Egress,
            Sandboxed,
            Anchored,
            Merged,
            McpCalled,
            LogRotated,
            LogRepaired,
        ];
        assert_eq!(kinds.len(), EVENT_TYPES.len());
        for kind in kinds {
            let name = serde_json::to_value(kind).unwrap();
            assert!(EVENT_TYPES.contains(&name.as_str().unwrap()), "{name}");
        }
    }

    #[test]
    fn seq_is_read_fast_from_our_lines_and_slowly_from_others() {
        assert_eq!(seq_of(br#"{"seq":42,"ts":"x"}"#), Some(42));
        assert_eq!(seq_of(br#"{"ts":"x","seq":7}"#), Some(7));
        assert_eq!(seq_of(br#"{"seq":"7"}"#), None);
        assert_eq!(seq_of(b"{}"), None);
        assert_eq!(seq_of(br#"{"seq":18446744073709551616,"a":1}"#), None);
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
}
