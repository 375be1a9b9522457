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
use crate::{names, store, time};

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
    let reader = Reader::new(ctx, agent, key_file)?;
    match reader.try_open(ctx)? {
        Ok(access) => Ok(access),
        Err(reason) => Err(reader.deny(asked_for, reason)),
    }
}

/// A reader: the agent, and the key it reads with, loaded once (`read --wait` opens the part
/// again and again with it).
pub struct Reader<'a> {
    agent: &'a str,
    identities: Identities,
    via: Via,
    log: AuditLog,
}

impl<'a> Reader<'a> {
    pub fn new(ctx: &Context, agent: &'a str, key_file: Option<&Path>) -> Result<Self> {
        names::check_agent_id(agent)?;
        let (identities, via) = match agent_key(key_file)? {
            Some(key) => (key, Via::AgentKey),
            None => (vault::operator_identity(&ctx.paths)?, Via::Operator),
        };
        Ok(Self {
            agent,
            identities,
            via,
            log: AuditLog::new(&ctx.paths.log),
        })
    }

    /// The agent's part, or why it cannot be opened with this key. Logs nothing.
    pub fn try_open(&self, ctx: &Context) -> Result<Result<Access<'a>, Reason>> {
        Ok(
            match vault::open_agent_part(&ctx.paths, self.agent, &self.identities)? {
                AgentLookup::UnknownAgent => Err(Reason::UnknownAgent),
                AgentLookup::NotTheAgentsKey => Err(Reason::WrongKey),
                AgentLookup::Found(part) => {
                    // What opened the part decides how the read is logged: the agent's own
                    // key given as the operator identity is still the agent's key.
                    let via = if self.via == Via::Operator && self.identities.hold(part.recipient())
                    {
                        Via::AgentKey
                    } else {
                        self.via
                    };
                    Ok(Access {
                        agent: self.agent,
                        via,
                        log: AuditLog::new(self.log.path()),
                        part,
                    })
                }
            },
        )
    }

    /// Logs a denial of `secret` and returns the error to exit with.
    pub fn deny(&self, secret: Option<&str>, reason: Reason) -> anyhow::Error {
        deny(&self.log, self.agent, self.via, secret, reason)
    }

    /// Logs a denial of `secret`, whose request an operator turned down (saying `said`), and
    /// returns the error to exit with: the operator's answer, not advice to ask again.
    pub fn refused(&self, secret: &str, reason: Reason, said: Option<&str>) -> anyhow::Error {
        let err = self.deny(Some(secret), reason);
        if err.downcast_ref::<Denied>().is_none() {
            return err;
        }
        anyhow::Error::new(Denied {
            agent: self.agent.to_owned(),
            secret: Some(secret.to_owned()),
            refused: Some(said.map(crate::output::printable)),
        })
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
        refused: None,
    }
    .into()
}

impl Access<'_> {
    /// The granted secret named `name`, or why the agent may not read it. Logs nothing.
    pub fn lookup(&self, name: &str) -> Result<Granted<'_>, Reason> {
        let granted = self.part.find(name).ok_or(Reason::NotGranted)?;
        if granted.expires_at.is_some_and(|end| end <= time::now()) {
            return Err(Reason::Expired);
        }
        Ok(granted)
    }

    /// Logs a denial of `secret` for `reason`, and returns the error to exit with.
    pub fn deny(&self, secret: Option<&str>, reason: Reason) -> anyhow::Error {
        deny(&self.log, self.agent, self.via, secret, reason)
    }

    /// The granted secret named `name`, or the (logged) denial.
    pub fn get(&self, name: &str) -> Result<Granted<'_>> {
        self.lookup(name)
            .map_err(|reason| deny(&self.log, self.agent, self.via, Some(name), reason))
    }

    /// Every secret granted to the agent whose grant has not ended; each ended one is logged
    /// as a denial (its value stays in the part until the next change drops it).
    pub fn all(&self) -> Result<Vec<Granted<'_>>> {
        let now = time::now();
        let (current, ended): (Vec<Granted>, Vec<Granted>) = self
            .part
            .all()
            .partition(|granted| granted.expires_at.is_none_or(|end| end > now));
        let denials: Vec<Event> = ended
            .iter()
            .map(|granted| {
                Event::new(Kind::Denied)
                    .agent(self.agent)
                    .via(self.via)
                    .reason(Reason::Expired)
                    .secret(Some(granted.secret_id), granted.name)
            })
            .collect();
        if !denials.is_empty() {
            self.log.append(&denials)?;
        }
        Ok(current)
    }

    /// Logs one `vault.accessed` per secret, in one write, before any of them is handed out: a
    /// read the log cannot record does not happen. A canary secret taken in a way that hands
    /// its value over (`taken` says how, if it does) is logged as `vault.canary` too.
    pub fn record(
        &self,
        granted: &[&Granted],
        taken: impl Fn(&Granted) -> Option<Taken>,
    ) -> Result<()> {
        let mut events = Vec::with_capacity(granted.len());
        for secret in granted {
            let about = |kind| {
                Event::new(kind)
                    .agent(self.agent)
                    .secret(Some(secret.secret_id), secret.name)
                    .grant_id(secret.grant_id)
            };
            events.push(about(Kind::Accessed).via(self.via));
            if let Some(how) = taken(secret).filter(|_| secret.canary) {
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

    /// Where this agent's reads are logged.
    pub fn log_path(&self) -> &Path {
        self.log.path()
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
