//! How `read` and `exec` let an agent in: its own key (or the operator identity), its own part
//! of the vault, and an audit event for everything it is given or refused.

use std::env;
use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::Path;

use anyhow::{Result, anyhow};

use crate::agent_part::{AgentPart, Granted};
use crate::audit::{AuditLog, Event, Kind, Reason, Taken, Via};
use crate::cmd::Context;
use crate::crypto::{self, Identities};
use crate::error::Denied;
use crate::paths::env_path;
use crate::secret::SecretBytes;
use crate::vault::{self, AgentLookup};
use crate::{names, store};

/// An agent's opened part, and the log its reads go to.
pub struct Access<'a> {
    agent: &'a str,
    via: Via,
    log: AuditLog,
    part: AgentPart,
}

/// Opens `agent`'s part with its key, else with the operator identity. An unknown agent or a
/// key that is not the agent's is a denial, logged (naming `asked_for`) like any other.
pub fn open<'a>(
    ctx: &Context,
    agent: &'a str,
    key_file: Option<&Path>,
    asked_for: Option<&str>,
) -> Result<Access<'a>> {
    names::check_agent_id(agent)?;
    let (identities, via) = match agent_key(key_file)? {
        Some(key) => (key, Via::AgentKey),
        None => (vault::operator_identity(&ctx.paths)?, Via::Operator),
    };
    let log = AuditLog::new(&ctx.paths.log);
    let refuse = |reason| Err(deny(&log, agent, via, asked_for, reason));
    match vault::open_agent_part(&ctx.paths, agent, &identities)? {
        AgentLookup::UnknownAgent => refuse(Reason::UnknownAgent),
        AgentLookup::NotTheAgentsKey => refuse(Reason::WrongKey),
        AgentLookup::Found(part) => {
            // What opened the part decides how the read is logged: the agent's own key given
            // as the operator identity is still the agent's key.
            let via = if via == Via::Operator && identities.hold(part.recipient()) {
                Via::AgentKey
            } else {
                via
            };
            Ok(Access {
                agent,
                via,
                log,
                part,
            })
        }
    }
}

/// Logs the denial and returns the error to exit with: `Denied` (exit 3), or the log's own
/// error if the denial could not be recorded.
fn deny(
    log: &AuditLog,
    agent: &str,
    via: Via,
    secret: Option<&str>,
    reason: Reason,
) -> anyhow::Error {
    let mut event = Event::new(Kind::Denied)
        .agent(agent)
        .via(via)
        .reason(reason);
    if let Some(secret) = secret {
        event = event.secret(None, secret);
    }
    if let Err(err) = log.append(&[event]) {
        return err;
    }
    Denied {
        agent: agent.to_owned(),
        secret: secret.map(str::to_owned),
    }
    .into()
}

impl Access<'_> {
    /// The granted secret named `name`, or the (logged) denial.
    pub fn get(&self, name: &str) -> Result<Granted<'_>> {
        self.part.find(name).ok_or_else(|| {
            deny(
                &self.log,
                self.agent,
                self.via,
                Some(name),
                Reason::NotGranted,
            )
        })
    }

    /// Every secret granted to the agent.
    pub fn all(&self) -> Vec<Granted<'_>> {
        self.part.all().collect()
    }

    /// Logs one `vault.accessed` per secret, in one write, before any of them is handed out: a
    /// read the log cannot record does not happen. A canary secret asked for by name (`taken`:
    /// `read`, or `exec --only`) is logged as `vault.canary` too.
    pub fn record(&self, granted: &[&Granted], taken: Option<Taken>) -> Result<()> {
        let mut events = Vec::with_capacity(granted.len());
        for secret in granted {
            let about = |kind| {
                Event::new(kind)
                    .agent(self.agent)
                    .secret(Some(secret.secret_id), secret.name)
                    .grant_id(secret.grant_id)
            };
            events.push(about(Kind::Accessed).via(self.via));
            if let Some(how) = taken.filter(|_| secret.canary) {
                events.push(about(Kind::Canary).how(how));
            }
        }
        self.log
            .append(&events)
            .map_err(|err| anyhow!("{err:#}; the value was withheld"))
    }

    /// Logs events about this agent's secrets that need no value: what masking caught.
    pub fn log(&self, events: &[Event]) -> Result<()> {
        self.log.append(events)
    }

    pub fn agent(&self) -> &str {
        self.agent
    }
}

/// The agent's key: `--key-file`, else `VAULT_AGENT_KEY` (the key itself), else
/// `VAULT_AGENT_KEY_FILE`. `None` means the operator identity is to be used.
fn agent_key(key_file: Option<&Path>) -> Result<Option<Identities>> {
    if let Some(path) = key_file {
        return read_key_file(path).map(Some);
    }
    if let Some(key) = env::var_os("VAULT_AGENT_KEY").filter(|key| !key.is_empty()) {
        let key = SecretBytes::new(OsString::into_vec(key));
        return crypto::parse_identities(&key, "VAULT_AGENT_KEY").map(Some);
    }
    if let Some(path) = env_path("VAULT_AGENT_KEY_FILE") {
        return read_key_file(&path).map(Some);
    }
    Ok(None)
}

fn read_key_file(path: &Path) -> Result<Identities> {
    let what = format!("the agent key {}", path.display());
    let key = store::read_private(path, "the agent key")?
        .ok_or_else(|| anyhow!("{what} does not exist"))?;
    crypto::parse_identities(&key, &what)
}
