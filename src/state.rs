//! What the vault holds, as the operator sees it, and every change an operator can make.
//!
//! This is the plaintext of the operator part. It knows nothing of files or keys: `vault.rs`
//! loads and stores it, the commands call the operations below.

mod pages;

use std::collections::{HashMap, HashSet};

use anyhow::{Context, Result, anyhow, bail};
use serde::{Deserialize, Serialize};

use crate::hosts::Methods;
use crate::ids::{is_id, new_id};
use crate::inject::Inject;
use crate::names::{check_agent_id, check_secret_name, is_valid_agent_id, is_valid_secret_name};
use crate::part;
use crate::secret::{SecretBytes, check_value};
use pages::{PageRow, Pages};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operator {
    pub recipient: String,
    pub added_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agent {
    pub id: String,
    /// The public half of the agent's key; the vault never holds the private half.
    pub recipient: String,
    pub created_at: i64,
    /// The key the tag of the agent's part is made with (`crypto::part_key`), as 64 hex
    /// digits: derived from the private half when it was made, so that the agent can check
    /// that an operator wrote its part. None for an agent made before parts had tags (its
    /// reads fail until `vault rekey --agents`).
    pub part_key: Option<SecretBytes>,
    /// The tag (hex) of the part the change that wrote this state sealed for the agent: a part
    /// with another tag (an old copy, or one written without this state) is not this vault's.
    pub part_tag: Option<String>,
}

impl Agent {
    /// The part key as bytes, for `crypto::part_tag`.
    pub fn part_key_bytes(&self) -> Option<[u8; 32]> {
        let hex = self.part_key.as_ref()?.expose();
        let mut key = [0u8; 32];
        for (at, pair) in hex.chunks_exact(2).enumerate() {
            let text = std::str::from_utf8(pair).ok()?;
            *key.get_mut(at)? = u8::from_str_radix(text, 16).ok()?;
        }
        Some(key)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Secret {
    pub id: String,
    pub name: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub value: SecretBytes,
    /// Bait: granted and injected like any other, but its every read, and its value seen in
    /// a program's output, is logged as `vault.canary`.
    pub canary: bool,
    /// The number of the current value: 1 when added, one more at every change of it.
    pub version: u64,
    /// Earlier values, oldest first: the last `HISTORY_KEPT`. Only ever in the operator part.
    pub history: Vec<OldValue>,
    /// The hosts the credential proxy may send the value to, as `hosts::normalize` keeps them;
    /// none: nowhere.
    pub hosts: Vec<String>,
    /// Where in a request to those hosts the proxy may put the value.
    pub inject: Inject,
    /// The methods of the requests it may go in.
    pub methods: Methods,
    /// For the secret access key of an AWS pair (`--aws-sigv4`): the id of the secret holding
    /// its access key id. The proxy then signs requests with the pair instead of putting the
    /// value anywhere.
    pub aws_sigv4: Option<String>,
}

/// What `grant` did.
#[derive(Debug, PartialEq, Eq)]
pub enum Granting {
    /// The pair was granted already, with the same end.
    Existing(Grant),
    Created(Grant),
    /// The pair was granted with another end: that grant is replaced.
    Replaced {
        old: Grant,
        new: Grant,
    },
}

impl Granting {
    pub fn grant(&self) -> &Grant {
        match self {
            Granting::Existing(grant) | Granting::Created(grant) => grant,
            Granting::Replaced { new, .. } => new,
        }
    }
}

/// A value a secret had before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OldValue {
    pub version: u64,
    /// When it became the value.
    pub created_at: i64,
    pub value: SecretBytes,
}

/// How many earlier values each secret keeps.
pub const HISTORY_KEPT: usize = 20;

/// How many hosts one secret may be pinned to.
pub const HOSTS_MAX: usize = 64;

impl Secret {
    fn new(name: String, value: SecretBytes, canary: bool, now: i64) -> Result<Self> {
        Ok(Self {
            id: new_id("sec_")?,
            name,
            created_at: now,
            updated_at: now,
            value,
            canary,
            version: 1,
            history: Vec::new(),
            hosts: Vec::new(),
            inject: Inject::default(),
            methods: Methods::default(),
            aws_sigv4: None,
        })
    }

    /// Makes `value` the current value, as a new version; the one it replaces joins the
    /// history.
    fn replace_value(&mut self, value: SecretBytes, now: i64) {
        let old = std::mem::replace(&mut self.value, value);
        self.history.push(OldValue {
            version: self.version,
            created_at: self.updated_at,
            value: old,
        });
        let excess = self.history.len().saturating_sub(HISTORY_KEPT);
        self.history.drain(..excess);
        self.version += 1;
        self.updated_at = now;
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    pub id: String,
    pub agent: String,
    /// The secret's id, so a grant survives nothing but the secret's removal.
    pub secret: String,
    pub created_at: i64,
    /// When it ends, if it does.
    pub expires_at: Option<i64>,
    /// Whether each request the proxy would put the value into waits for a person's answer
    /// (`grant add --approve`), and how long it waits, in seconds.
    pub approve: Option<u32>,
}

/// What a grant allows besides who and what: its end, and the seconds a held request waits.
pub type Terms = (Option<i64>, Option<u32>);

impl Grant {
    /// What the grant allows, besides who and what: a grant with other terms is another grant.
    pub fn terms(&self) -> Terms {
        (self.expires_at, self.approve)
    }

    pub fn expired(&self, now: i64) -> bool {
        self.expires_at.is_some_and(|end| end <= now)
    }
}

/// Secrets by id.
pub type ById<'a> = HashMap<&'a str, &'a Secret>;

/// Invariants: secrets sorted by name, agents by id, names and ids unique, every grant pointing
/// at an existing agent and secret, one grant per pair. All but those about secrets are checked
/// on every load; a page of secrets is checked when it is first opened, and what concerns every
/// page (ids unique, no grant dangling) when all are.
#[derive(Debug, Default)]
pub struct State {
    pub operators: Vec<Operator>,
    pub agents: Vec<Agent>,
    secrets: Pages,
    pub grants: Vec<Grant>,
    /// Made at `init` and kept by every change: tells this vault's commits in a log from those
    /// of another vault (or of a vault made anew at the same path).
    pub id: String,
    /// How many changes made this state. A log that records a committed change of a higher
    /// generation has seen a newer vault than this one.
    pub generation: u64,
    /// Where each log stood just after this state's change was logged (see `anchors.rs`).
    pub anchors: Vec<Anchor>,
    /// Merges made since the last change on this machine: `vault merge` writes no log, so the
    /// next change logs them (`vault.merged`).
    pub merges: Vec<MergeRecord>,
    /// The key of the values' fingerprints in `vault git` diffs (hex): made at `init`, in the
    /// operator part only, so a fingerprint cannot be checked against a guessed value. Held
    /// as a key is: wiped when dropped, never shown by `Debug`.
    pub fingerprint_key: SecretBytes,
}

/// A merge not logged yet: the generations of our side and of theirs, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeRecord(pub u64, pub u64, pub i64);

/// A log's head as this vault recorded it: its last line's `seq` and SHA-256.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anchor {
    /// Which log: `sha256:` of the machine and the log's path, so that a vault that moves
    /// between machines remembers each machine's log apart.
    pub log: String,
    pub seq: u64,
    pub hash: String,
}

// How the state is written: RON lines whose tables hold tuples, documented field by field in
// FORMAT.md. Tuples rather than named fields: with 10,000 secrets the field names would be most
// of the text, and parsing them most of the time an operator command takes.

/// `(recipient, added_at)`
#[derive(Serialize, Deserialize)]
struct OperatorRow<S>(S, i64);

/// `(id, recipient, created_at, part_key, part_tag)`; the last two absent in vaults made
/// before parts had tags.
#[derive(Serialize, Deserialize)]
struct AgentRow<S>(
    S,
    S,
    i64,
    #[serde(default = "none")] Option<S>,
    #[serde(default = "none")] Option<S>,
);

fn none<T>() -> Option<T> {
    None
}

/// `(id, agent, secret_id, created_at, expires_at[, approve])`; `approve`, the seconds a
/// request waits for its answer, is written only for a grant that asks for one.
#[derive(Serialize, Deserialize)]
struct GrantRow<S>(
    S,
    S,
    S,
    i64,
    Option<i64>,
    #[serde(default = "none", skip_serializing_if = "Option::is_none")] Option<u32>,
);

/// `(log, seq, hash)`
#[derive(Serialize, Deserialize)]
struct AnchorRow<S>(S, u64, S);

/// The first line of the state; the pages of secrets follow on lines of their own.
#[derive(Serialize, Deserialize)]
struct Description<S> {
    id: S,
    generation: u64,
    fingerprint_key: S,
    operators: Vec<OperatorRow<S>>,
    agents: Vec<AgentRow<S>>,
    grants: Vec<GrantRow<S>>,
    anchors: Vec<AnchorRow<S>>,
    pages: Vec<PageRow<S>>,
    /// Absent in vaults written before merges were logged.
    #[serde(default = "Vec::new", skip_serializing_if = "Vec::is_empty")]
    merges: Vec<MergeRecord>,
}

/// `work` on every item, spread over the available cores, results in order.
fn in_parallel<I: Sync, O: Send>(
    items: &[I],
    work: impl Fn(&I) -> Result<O> + Sync,
) -> Result<Vec<O>> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    if items.len() < 2 || threads < 2 {
        return items.iter().map(work).collect();
    }
    let per_thread = items.len().div_ceil(threads.min(items.len()));
    std::thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> = items
            .chunks(per_thread)
            .map(|chunk| scope.spawn(move || chunk.iter().map(work).collect::<Result<Vec<O>>>()))
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for handle in handles {
            out.extend(handle.join().expect("a page worker panicked")?);
        }
        Ok(out)
    })
}

fn no_secret(reference: &str, meant: Option<&str>) -> anyhow::Error {
    match meant {
        Some(meant) => anyhow!(
            "no secret named {reference}; did you mean {meant}? (to make {reference}, `vault secret add {reference}`)"
        ),
        None if is_valid_secret_name(reference) && !reference.starts_with("sec_") => {
            anyhow!("no secret named {reference}; add it with `vault secret add {reference}`")
        }
        None => anyhow!("no secret {reference:?}; see `vault secret list`"),
    }
}

fn no_agent(id: &str, meant: Option<&str>) -> anyhow::Error {
    match meant {
        Some(meant) => anyhow!(
            "no agent named {id}; did you mean {meant}? (to make {id}, `vault agent add {id}`)"
        ),
        None if is_valid_agent_id(id) => {
            anyhow!("no agent named {id}; create it with `vault agent add {id}`")
        }
        None => anyhow!("no agent {id:?}; see `vault agent list`"),
    }
}

impl State {
    /// The error for a secret that is not here, with the name that was probably meant. (The
    /// operator's path only: an agent's never sees the state, so it learns no name from this.)
    fn unknown_secret(&self, reference: &str) -> anyhow::Error {
        let names: Vec<&str> = match self.secrets.all() {
            Ok(all) => all.map(|secret| secret.name.as_str()).collect(),
            Err(_) => Vec::new(),
        };
        no_secret(reference, crate::names::closest(reference, names))
    }

    fn unknown_agent(&self, id: &str) -> anyhow::Error {
        let ids = self.agents.iter().map(|agent| agent.id.as_str());
        no_agent(id, crate::names::closest(id, ids))
    }

    pub fn new(operator_recipient: String, now: i64) -> Result<Self> {
        Ok(Self {
            id: new_id("vlt_")?,
            fingerprint_key: SecretBytes::new(
                crate::ids::new_salt()?
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>()
                    .into_bytes(),
            ),
            operators: vec![Operator {
                recipient: operator_recipient,
                added_at: now,
            }],
            ..Self::default()
        })
    }

    /// The anchor of `log`, if this vault recorded one.
    pub fn anchor(&self, log: &str) -> Option<&Anchor> {
        self.anchors.iter().find(|anchor| anchor.log == log)
    }

    /// Records where `log` stands now.
    pub fn set_anchor(&mut self, anchor: Anchor) {
        match self.anchors.iter_mut().find(|a| a.log == anchor.log) {
            Some(existing) => *existing = anchor,
            None => {
                self.anchors.push(anchor);
                self.anchors.sort_by(|a, b| a.log.cmp(&b.log));
            }
        }
    }

    // --- operators -----------------------------------------------------------------------

    pub fn add_operator(&mut self, recipient: &str, now: i64) -> Result<&Operator> {
        crate::crypto::check_recipient(recipient)?;
        if self.operators.iter().any(|op| op.recipient == recipient) {
            bail!("{recipient} is an operator already; see `vault operator list`");
        }
        self.operators.push(Operator {
            recipient: recipient.to_owned(),
            added_at: now,
        });
        Ok(self.operators.last().expect("just pushed"))
    }

    pub fn remove_operator(&mut self, recipient: &str) -> Result<Operator> {
        let at = self
            .operators
            .iter()
            .position(|op| op.recipient == recipient)
            .ok_or_else(|| {
                anyhow!("{recipient:?} is not an operator; see `vault operator list`")
            })?;
        if self.operators.len() == 1 {
            bail!(
                "{recipient} is the last operator: without one nobody could open the vault; add another with `vault operator add` first"
            );
        }
        Ok(self.operators.remove(at))
    }

    // --- secrets -------------------------------------------------------------------------

    /// The secret with this id, else this name.
    pub fn secret(&self, reference: &str) -> Result<&Secret> {
        // An id first: names may start with `sec_` too, ids are unguessable. Only something
        // shaped like an id is looked up as one, since finding an id can mean opening every
        // page.
        if is_id("sec_", reference)
            && let Some(secret) = self.secrets.with_id(reference)?
        {
            return Ok(secret);
        }
        self.secrets
            .named(reference)?
            .ok_or_else(|| self.unknown_secret(reference))
    }

    pub fn secret_named(&self, name: &str) -> Result<Option<&Secret>> {
        self.secrets.named(name)
    }

    /// The secret with this id. Opens every page unless one opened so far holds it.
    pub fn secret_by_id(&self, id: &str) -> Result<Option<&Secret>> {
        self.secrets.with_id(id)
    }

    /// The secrets on the pages opened so far, by id: what a change may have changed.
    pub fn opened_secrets_by_id(&self) -> HashMap<&str, &Secret> {
        self.secrets
            .opened()
            .map(|secret| (secret.id.as_str(), secret))
            .collect()
    }

    /// Every secret, in name order. Opens every page, and checks what concerns all of them.
    pub fn secrets(&self) -> Result<impl Iterator<Item = &Secret>> {
        self.secrets.all()
    }

    /// Whether this change added, updated or removed the secret with this id.
    pub fn touched(&self, id: &str) -> bool {
        self.secrets.touched(id)
    }

    /// Secrets by id, for code that looks up many: one index instead of a scan per lookup.
    pub fn secrets_by_id(&self) -> Result<ById<'_>> {
        let by_id: HashMap<&str, &Secret> = self
            .secrets()?
            .map(|secret| (secret.id.as_str(), secret))
            .collect();
        // Only now can a grant be checked against every secret.
        if self
            .grants
            .iter()
            .any(|grant| !by_id.contains_key(grant.secret.as_str()))
        {
            return Err(invalid("a grant on a secret that does not exist"));
        }
        Ok(by_id)
    }

    /// The name of the secret a grant points at.
    pub fn secret_name(&self, id: &str) -> Result<&str> {
        match self.secrets.with_id(id)? {
            Some(secret) => Ok(&secret.name),
            None => Err(invalid("a grant on a secret that does not exist")),
        }
    }

    pub fn add_secret(
        &mut self,
        name: &str,
        value: SecretBytes,
        canary: bool,
        now: i64,
    ) -> Result<&Secret> {
        check_secret_name(name)?;
        check_value(&value)?;
        if self.secrets.named(name)?.is_some() {
            bail!(
                "a secret named {name} exists already; replace its value with `vault secret set {name}`"
            );
        }
        self.secrets
            .insert(Secret::new(name.to_owned(), value, canary, now)?)
    }

    /// The secret named `name`, to change.
    fn secret_mut(&mut self, name: &str) -> Result<&mut Secret> {
        if self.secrets.named(name)?.is_none() {
            return Err(self.unknown_secret(name));
        }
        Ok(self.secrets.named_mut(name)?.expect("found just now"))
    }

    /// Replaces a secret's value, as a new version. With `if_version`, only if that is the
    /// current version: two scripts rotating one key cannot overwrite each other unawares.
    pub fn set_secret(
        &mut self,
        name: &str,
        value: SecretBytes,
        if_version: Option<u64>,
        now: i64,
    ) -> Result<&Secret> {
        check_value(&value)?;
        let secret = self.secret_mut(name)?;
        if let Some(expected) = if_version
            && secret.version != expected
        {
            bail!(
                "secret {name} is at version {}, not {expected}: another change came first; see `vault secret history {name}`, then set it again",
                secret.version
            );
        }
        secret.replace_value(value, now);
        Ok(secret)
    }

    /// Pins a secret to these hosts (already normalized), in place of those it had.
    pub fn set_hosts(&mut self, name: &str, hosts: Vec<String>, now: i64) -> Result<&Secret> {
        if hosts.len() > HOSTS_MAX {
            bail!(
                "a secret may be pinned to at most {HOSTS_MAX} hosts; use *.DOMAIN for many names below one domain"
            );
        }
        let secret = self.secret_mut(name)?;
        secret.hosts = hosts;
        secret.updated_at = now;
        Ok(secret)
    }

    /// Says where in a request the proxy may put a secret's value.
    pub fn set_inject(&mut self, name: &str, inject: Inject, now: i64) -> Result<&Secret> {
        let secret = self.secret_mut(name)?;
        secret.inject = inject;
        secret.updated_at = now;
        Ok(secret)
    }

    /// Says which methods of request the proxy may put a secret's value in.
    pub fn set_methods(&mut self, name: &str, methods: Methods, now: i64) -> Result<&Secret> {
        let secret = self.secret_mut(name)?;
        secret.methods = methods;
        secret.updated_at = now;
        Ok(secret)
    }

    /// Makes a secret the secret access key of an AWS pair whose access key id is the secret
    /// `key_id` (a name or an id), or, with none, an ordinary secret again.
    pub fn set_aws_sigv4(&mut self, name: &str, key_id: Option<&str>, now: i64) -> Result<&Secret> {
        let key_id = match key_id {
            Some(reference) => {
                let other = self.secret(reference).with_context(|| {
                    format!("--aws-sigv4 names the secret holding the access key id; add it first (`vault secret add {reference}`)")
                })?;
                if other.name == name || other.id == name {
                    bail!(
                        "--aws-sigv4 names the secret holding the access key id, another than {name} itself"
                    );
                }
                Some(other.id.clone())
            }
            None => None,
        };
        let secret = self.secret_mut(name)?;
        secret.aws_sigv4 = key_id;
        secret.updated_at = now;
        Ok(secret)
    }

    /// Makes version `to` of a secret's value current again, as a new version.
    pub fn rollback_secret(&mut self, name: &str, to: u64, now: i64) -> Result<&Secret> {
        let secret = self.secret_mut(name)?;
        if secret.version == to {
            bail!("version {to} of {name} is the current one already");
        }
        let old = secret
            .history
            .iter()
            .find(|old| old.version == to)
            .ok_or_else(|| {
                anyhow!(
                    "{name} has no version {to} (it keeps the last {HISTORY_KEPT}); see `vault secret history {name}`"
                )
            })?
            .value
            .clone();
        secret.replace_value(old, now);
        Ok(secret)
    }

    /// Gives a secret a new name; its id, grants and history stay.
    pub fn rename_secret(&mut self, old: &str, new: &str, now: i64) -> Result<&Secret> {
        check_secret_name(new)?;
        if self.secrets.named(new)?.is_some() {
            bail!(
                "a secret named {new} exists already; remove it first with `vault secret rm {new}`"
            );
        }
        let found = self.secret(old)?;
        let id = found.id.clone();
        let name = found.name.clone();
        let mut secret = self
            .secrets
            .remove(&id, &name)?
            .ok_or_else(|| self.unknown_secret(old))?;
        secret.name = new.to_owned();
        secret.updated_at = now;
        self.secrets.insert(secret)
    }

    /// Adds or updates many secrets at once (an import): each page is sorted once instead of
    /// an insertion per secret. Names must be valid and distinct. Returns, in order, whether
    /// each was created, and its id.
    pub fn upsert_secrets(
        &mut self,
        entries: Vec<(String, SecretBytes)>,
        now: i64,
    ) -> Result<Vec<(bool, String)>> {
        for (name, value) in &entries {
            check_secret_name(name)?;
            check_value(value)?;
        }
        let new_secret = |name, value| Secret::new(name, value, false, now);
        let update = |secret: &mut Secret, value| secret.replace_value(value, now);
        self.secrets.upsert(entries, new_secret, update)
    }

    /// Puts `secret` in the state as it is, id and all, in place of the secret with its id,
    /// named `replacing` here, if there is one: what a merge takes from the other side.
    pub fn put_secret(&mut self, secret: Secret, replacing: Option<&str>) -> Result<()> {
        if let Some(name) = replacing {
            self.secrets.remove(&secret.id, name)?;
        }
        if self.secrets.named(&secret.name)?.is_some() {
            bail!("a secret named {} exists already", secret.name);
        }
        self.secrets.insert(secret)?;
        Ok(())
    }

    /// Removes the secret with this id and name, leaving the grants to the caller.
    pub fn drop_secret(&mut self, id: &str, name: &str) -> Result<Option<Secret>> {
        self.secrets.remove(id, name)
    }

    /// The secrets that may differ between this state and `other`, each side's by id: those
    /// on pages the other does not hold byte for byte. A secret neither lists is the same in
    /// both. Opens only those pages.
    pub fn secrets_apart<'a>(&'a self, other: &'a State) -> Result<(ById<'a>, ById<'a>)> {
        let (mine, theirs) = self.secrets.apart(&other.secrets)?;
        let by_id = |secrets: Vec<&'a Secret>| {
            secrets
                .into_iter()
                .map(|secret| (secret.id.as_str(), secret))
                .collect()
        };
        Ok((by_id(mine), by_id(theirs)))
    }

    /// Removes a secret and the grants on it, which are returned after it.
    pub fn remove_secret(&mut self, reference: &str) -> Result<(Secret, Vec<Grant>)> {
        let found = self.secret(reference)?;
        let (id, name) = (found.id.clone(), found.name.clone());
        let secret = self
            .secrets
            .remove(&id, &name)?
            .ok_or_else(|| self.unknown_secret(reference))?;
        let (revoked, kept) = self
            .grants
            .drain(..)
            .partition(|grant| grant.secret == secret.id);
        self.grants = kept;
        Ok((secret, revoked))
    }

    // --- agents --------------------------------------------------------------------------

    pub fn agent(&self, id: &str) -> Result<&Agent> {
        self.agents
            .binary_search_by(|agent| agent.id.as_str().cmp(id))
            .map(|at| &self.agents[at])
            .map_err(|_| self.unknown_agent(id))
    }

    /// `part_key`: as `Agent::part_key` holds it (hex).
    pub fn add_agent(
        &mut self,
        id: &str,
        recipient: String,
        part_key: Option<SecretBytes>,
        now: i64,
    ) -> Result<&Agent> {
        check_agent_id(id)?;
        let at = match self
            .agents
            .binary_search_by(|agent| agent.id.as_str().cmp(id))
        {
            Ok(_) => bail!(
                "an agent named {id} exists already; to issue it a new key, remove it with `vault agent rm {id}` and add it again"
            ),
            Err(at) => at,
        };
        self.agents.insert(
            at,
            Agent {
                id: id.to_owned(),
                recipient,
                created_at: now,
                part_key,
                part_tag: None,
            },
        );
        Ok(&self.agents[at])
    }

    /// Removes an agent and its grants, which are returned after it.
    pub fn remove_agent(&mut self, id: &str) -> Result<(Agent, Vec<Grant>)> {
        let at = self
            .agents
            .binary_search_by(|agent| agent.id.as_str().cmp(id))
            .map_err(|_| self.unknown_agent(id))?;
        let agent = self.agents.remove(at);
        let (revoked, kept) = self.grants.drain(..).partition(|grant| grant.agent == id);
        self.grants = kept;
        Ok((agent, revoked))
    }

    // --- grants --------------------------------------------------------------------------

    pub fn grants_of<'a>(&'a self, agent: &'a str) -> impl Iterator<Item = &'a Grant> + 'a {
        self.grants.iter().filter(move |grant| grant.agent == agent)
    }

    /// Grants `agent` the secret until `expires_at`, or for good (see `grant_on_terms`).
    #[cfg(test)]
    pub fn grant(
        &mut self,
        agent: &str,
        secret: &str,
        expires_at: Option<i64>,
        now: i64,
    ) -> Result<Granting> {
        self.grant_on_terms(agent, secret, (expires_at, None), now)
    }

    /// Grants `agent` the secret until `expires_at`, or for good, each request of the proxy
    /// waiting for an answer when `approve` says for how long. A grant of the pair with the
    /// same terms is returned as it is; one with others is replaced by a new grant.
    pub fn grant_on_terms(
        &mut self,
        agent: &str,
        secret: &str,
        (expires_at, approve): Terms,
        now: i64,
    ) -> Result<Granting> {
        self.agent(agent)?;
        let secret_id = self.secret(secret)?.id.clone();
        let existing = self
            .grants
            .iter()
            .position(|grant| grant.agent == agent && grant.secret == secret_id);
        if let Some(at) = existing
            && self.grants[at].terms() == (expires_at, approve)
        {
            return Ok(Granting::Existing(self.grants[at].clone()));
        }
        let grant = Grant {
            id: new_id("grt_")?,
            agent: agent.to_owned(),
            secret: secret_id,
            created_at: now,
            expires_at,
            approve,
        };
        let replaced = existing.map(|at| self.grants.remove(at));
        self.grants.push(grant.clone());
        Ok(match replaced {
            Some(old) => Granting::Replaced { old, new: grant },
            None => Granting::Created(grant),
        })
    }

    /// Removes the grants that have ended by `now`, and returns them.
    pub fn drop_expired(&mut self, now: i64) -> Vec<Grant> {
        let (expired, kept) = self.grants.drain(..).partition(|grant| grant.expired(now));
        self.grants = kept;
        expired
    }

    pub fn revoke(&mut self, grant_id: &str) -> Result<Grant> {
        let at = self
            .grants
            .iter()
            .position(|grant| grant.id == grant_id)
            .ok_or_else(|| anyhow!("no grant {grant_id:?}; see `vault grant list`"))?;
        Ok(self.grants.remove(at))
    }

    pub fn revoke_pair(&mut self, agent: &str, secret: &str) -> Result<Grant> {
        self.agent(agent)?;
        let secret = self.secret(secret)?;
        let (secret_id, name) = (secret.id.clone(), secret.name.clone());
        let at = self
            .grants
            .iter()
            .position(|grant| grant.agent == agent && grant.secret == secret_id)
            .ok_or_else(|| {
                anyhow!(
                    "agent {agent} has no grant on {name}; see `vault grant list --agent {agent}`"
                )
            })?;
        Ok(self.grants.remove(at))
    }

    // --- storage -------------------------------------------------------------------------

    /// The operator part's plaintext.
    pub fn encode(&self) -> Result<SecretBytes> {
        let pages = self.secrets.encode()?;
        let description = Description {
            id: self.id.as_str(),
            generation: self.generation,
            fingerprint_key: std::str::from_utf8(self.fingerprint_key.expose())
                .map_err(|_| invalid("a malformed fingerprint key"))?,
            operators: self
                .operators
                .iter()
                .map(|op| OperatorRow(op.recipient.as_str(), op.added_at))
                .collect(),
            agents: self
                .agents
                .iter()
                .map(|a| {
                    let key = a.part_key.as_ref().map(|key| {
                        std::str::from_utf8(key.expose()).expect("checked to be hex on load")
                    });
                    AgentRow(
                        a.id.as_str(),
                        a.recipient.as_str(),
                        a.created_at,
                        key,
                        a.part_tag.as_deref(),
                    )
                })
                .collect(),
            grants: self
                .grants
                .iter()
                .map(|g| {
                    GrantRow(
                        g.id.as_str(),
                        g.agent.as_str(),
                        g.secret.as_str(),
                        g.created_at,
                        g.expires_at,
                        g.approve,
                    )
                })
                .collect(),
            anchors: self
                .anchors
                .iter()
                .map(|a| AnchorRow(a.log.as_str(), a.seq, a.hash.as_str()))
                .collect(),
            pages: pages.directory,
            merges: self.merges.clone(),
        };
        let first = part::to_line(
            &description,
            128 * (self.grants.len()
                + self.agents.len()
                + self.anchors.len()
                + description.pages.len()
                + 1),
        )?;
        let lines: Vec<&[u8]> = std::iter::once(first.as_bytes())
            .chain(pages.lines.iter().map(AsRef::as_ref))
            .collect();
        Ok(part::join(&lines, &pages.blobs))
    }

    pub fn decode(plain: SecretBytes) -> Result<Self> {
        const WHAT: &str = "the vault state";
        let (line, rest) = part::next_line(plain.expose(), WHAT)?;
        let description: Description<String> = part::parse_line(line, WHAT)?;
        let lines_start = plain.len() - rest.len();
        let state = Self {
            id: description.id,
            generation: description.generation,
            fingerprint_key: SecretBytes::new(description.fingerprint_key.into_bytes()),
            operators: description
                .operators
                .into_iter()
                .map(|OperatorRow(recipient, added_at)| Operator {
                    recipient,
                    added_at,
                })
                .collect(),
            agents: description
                .agents
                .into_iter()
                .map(
                    |AgentRow(id, recipient, created_at, part_key, part_tag)| Agent {
                        id,
                        recipient,
                        created_at,
                        part_key: part_key.map(|key| SecretBytes::new(key.into_bytes())),
                        part_tag,
                    },
                )
                .collect(),
            grants: description
                .grants
                .into_iter()
                .map(
                    |GrantRow(id, agent, secret, created_at, expires_at, approve)| Grant {
                        id,
                        agent,
                        secret,
                        created_at,
                        expires_at,
                        approve,
                    },
                )
                .collect(),
            anchors: description
                .anchors
                .into_iter()
                .map(|AnchorRow(log, seq, hash)| Anchor { log, seq, hash })
                .collect(),
            merges: description.merges,
            secrets: Pages::decode(plain, lines_start, description.pages)?,
        };
        state.validate()?;
        Ok(state)
    }

    /// The invariants that need no page of secrets opened.
    fn validate(&self) -> Result<()> {
        if self.operators.is_empty() {
            return Err(invalid("no operator"));
        }
        if !is_id("vlt_", &self.id) {
            return Err(invalid("a malformed vault id"));
        }
        let key = self.fingerprint_key.expose();
        if key.len() != 64 || !key.iter().all(u8::is_ascii_hexdigit) {
            return Err(invalid("a malformed fingerprint key"));
        }
        // Recipients are bech32 and the logs' hashes are `sha256:` and hex; anything else could
        // not be written back on one line as it was read.
        let recipients = self.operators.iter().map(|op| &op.recipient);
        let plain = recipients
            .chain(self.agents.iter().map(|agent| &agent.recipient))
            .chain(self.anchors.iter().flat_map(|a| [&a.log, &a.hash]))
            .all(|text| is_plain(text));
        if !plain {
            return Err(invalid("a malformed recipient or log anchor"));
        }
        if !self.anchors.windows(2).all(|w| w[0].log < w[1].log) {
            return Err(invalid("log anchors out of order or listed twice"));
        }
        if !self.agents.windows(2).all(|w| w[0].id < w[1].id) {
            return Err(invalid("agents out of order or listed twice"));
        }
        if !self.agents.iter().all(|agent| is_valid_agent_id(&agent.id)) {
            return Err(invalid("a malformed agent id"));
        }
        let hex64 = |text: &[u8]| text.len() == 64 && text.iter().all(u8::is_ascii_hexdigit);
        let well_formed = |agent: &Agent| {
            agent
                .part_key
                .as_ref()
                .is_none_or(|key| hex64(key.expose()))
                && agent
                    .part_tag
                    .as_ref()
                    .is_none_or(|tag| hex64(tag.as_bytes()))
        };
        if !self.agents.iter().all(well_formed) {
            return Err(invalid("a malformed agent part key or tag"));
        }
        let mut grant_ids = HashSet::with_capacity(self.grants.len());
        let mut pairs = HashSet::with_capacity(self.grants.len());
        for grant in &self.grants {
            if !is_id("grt_", &grant.id)
                || !is_id("sec_", &grant.secret)
                || !grant_ids.insert(grant.id.as_str())
                || !pairs.insert((grant.agent.as_str(), grant.secret.as_str()))
                || self.agent(&grant.agent).is_err()
            {
                return Err(invalid("a grant that is malformed, repeated or dangling"));
            }
        }
        Ok(())
    }
}

fn is_plain(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b':')
}

fn invalid(what: &str) -> anyhow::Error {
    anyhow!("the vault state is invalid ({what}); restore the vault from a backup")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> SecretBytes {
        SecretBytes::new(text.as_bytes().to_vec())
    }

    fn sample() -> State {
        let mut state = State::new("age1operator".into(), 10).unwrap();
        state.generation = 7;
        state.set_anchor(Anchor {
            log: "sha256:ab".into(),
            seq: 3,
            hash: "sha256:cd".into(),
        });
        state.add_secret("B", value("b-value"), false, 11).unwrap();
        state
            .add_secret("A", value("\0binary\n"), false, 12)
            .unwrap();
        state.add_agent("bot", "age1bot".into(), None, 13).unwrap();
        state.grant("bot", "A", None, 14).unwrap();
        state
    }

    /// Everything a state holds, to compare two.
    type View = (
        Vec<Operator>,
        Vec<Agent>,
        Vec<Secret>,
        Vec<Grant>,
        (String, u64, Vec<Anchor>),
        Vec<u8>,
    );

    fn view(state: &State) -> View {
        (
            state.operators.clone(),
            state.agents.clone(),
            state.secrets().unwrap().cloned().collect(),
            state.grants.clone(),
            (state.id.clone(), state.generation, state.anchors.clone()),
            state.fingerprint_key.expose().to_vec(),
        )
    }

    fn reload(state: &State) -> State {
        State::decode(state.encode().unwrap()).unwrap()
    }

    #[test]
    fn encode_decode_round_trip() {
        let state = sample();
        let decoded = reload(&state);
        assert_eq!(view(&decoded), view(&state));
        assert_eq!(view(&decoded).2[0].name, "A", "kept sorted by name");
    }

    #[test]
    fn debug_output_shows_no_value() {
        let mut state = sample();
        state
            .add_secret("C", value("sk-live-h1dden"), true, 1)
            .unwrap();
        let secrets: Vec<&Secret> = state.secrets().unwrap().collect();
        let shown = format!("{state:?} {secrets:#?}");
        assert!(!shown.contains("h1dden"), "{shown}");
        let key = std::str::from_utf8(state.fingerprint_key.expose()).unwrap();
        assert!(!shown.contains(key), "the fingerprint key: {shown}");
        assert!(
            shown.contains("\"C\"") && shown.contains("14 bytes redacted"),
            "{shown}"
        );
    }

    #[test]
    fn the_last_operator_stays() {
        let mut state = sample();
        let other = crate::crypto::generate_key().recipient;
        state.add_operator(&other, 2).unwrap();
        assert!(state.add_operator(&other, 3).is_err(), "twice");
        state.remove_operator("age1operator").unwrap();
        let err = state.remove_operator(&other).unwrap_err().to_string();
        assert!(err.contains("last operator"), "{err}");
    }

    #[test]
    fn set_keeps_id_and_grants() {
        let mut state = sample();
        let id = state.secret("A").unwrap().id.clone();
        state.set_secret("A", value("new"), None, 20).unwrap();
        let secret = state.secret("A").unwrap();
        assert_eq!((secret.id.as_str(), secret.updated_at), (id.as_str(), 20));
        assert_eq!(secret.value.expose(), b"new");
        assert_eq!(state.grants_of("bot").count(), 1);
    }

    #[test]
    fn upsert_adds_and_updates_in_one_go() {
        let mut state = sample();
        let b_id = state.secret("B").unwrap().id.clone();
        let outcomes = state
            .upsert_secrets(
                vec![("C".into(), value("c")), ("B".into(), value("b2"))],
                40,
            )
            .unwrap();
        assert!(outcomes[0].0);
        assert_eq!(outcomes[1], (false, b_id));
        let names: Vec<&str> = state.secrets().unwrap().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["A", "B", "C"]);
        assert_eq!(state.secret("B").unwrap().value.expose(), b"b2");
    }

    #[test]
    fn granting_twice_returns_the_same_grant_unless_its_end_changes() {
        let mut state = sample();
        let first = state.grant("bot", "B", None, 30).unwrap();
        assert!(matches!(first, Granting::Created(_)));
        let again = state.grant("bot", "B", None, 31).unwrap();
        assert_eq!(again, Granting::Existing(first.grant().clone()));
        let Granting::Replaced { old, new } = state.grant("bot", "B", Some(100), 32).unwrap()
        else {
            panic!("not replaced");
        };
        assert_eq!(&old, first.grant());
        assert_eq!(new.expires_at, Some(100));
        assert_eq!(state.grants_of("bot").count(), 2);
        assert_eq!(state.drop_expired(99), Vec::new());
        assert_eq!(state.drop_expired(100), vec![new]);
    }

    #[test]
    fn asking_for_approval_is_a_term_of_its_own_and_survives_a_save() {
        let mut state = sample();
        let plain = state.grant("bot", "B", None, 30).unwrap();
        let Granting::Replaced { old, new } = state
            .grant_on_terms("bot", "B", (None, Some(120)), 31)
            .unwrap()
        else {
            panic!("not replaced");
        };
        assert_eq!(&old, plain.grant());
        assert_eq!(new.approve, Some(120));
        let again = state
            .grant_on_terms("bot", "B", (None, Some(120)), 32)
            .unwrap();
        assert_eq!(again, Granting::Existing(new.clone()));
        let reloaded = reload(&state);
        let kept: Vec<Option<u32>> = reloaded
            .grants_of("bot")
            .filter(|g| g.secret == new.secret)
            .map(|g| g.approve)
            .collect();
        assert_eq!(kept, [Some(120)]);
    }

    #[test]
    fn history_rollback_and_if_version() {
        let mut state = sample();
        for (at, value_) in [(20, "v2"), (21, "v3"), (22, "v4")] {
            state.set_secret("B", value(value_), None, at).unwrap();
        }
        let secret = state.secret("B").unwrap();
        assert_eq!(secret.version, 4);
        let versions: Vec<u64> = secret.history.iter().map(|old| old.version).collect();
        assert_eq!(versions, [1, 2, 3]);
        let err = state.set_secret("B", value("x"), Some(3), 23).unwrap_err();
        assert!(err.to_string().contains("at version 4, not 3"), "{err}");
        state.rollback_secret("B", 2, 24).unwrap();
        let secret = state.secret("B").unwrap();
        assert_eq!((secret.version, secret.value.expose()), (5, &b"v2"[..]));
        assert!(state.rollback_secret("B", 5, 25).is_err(), "current");
        assert!(
            state.rollback_secret("B", 9, 25).is_err(),
            "no such version"
        );
        let reloaded = reload(&state);
        assert_eq!(
            reloaded.secret("B").unwrap().history,
            state.secret("B").unwrap().history
        );
        for at in 0..30 {
            state
                .set_secret("B", value("again"), None, 30 + at)
                .unwrap();
        }
        assert_eq!(state.secret("B").unwrap().history.len(), HISTORY_KEPT);
    }

    #[test]
    fn rename_keeps_id_grants_and_history() {
        let mut state = sample();
        state.set_secret("A", value("second"), None, 20).unwrap();
        let id = state.secret("A").unwrap().id.clone();
        state.rename_secret("A", "Z", 21).unwrap();
        assert!(state.secret_named("A").unwrap().is_none());
        let renamed = state.secret("Z").unwrap();
        assert_eq!((renamed.id.as_str(), renamed.version), (id.as_str(), 2));
        assert_eq!(state.grants_of("bot").next().unwrap().secret, id);
        assert!(state.rename_secret("Z", "B", 22).is_err(), "taken");
    }

    #[test]
    fn removals_cascade_to_grants() {
        let mut state = sample();
        let (_, revoked) = state.remove_secret("A").unwrap();
        assert_eq!(revoked.len(), 1);
        assert!(state.grants.is_empty());

        let mut state = sample();
        let (_, revoked) = state.remove_agent("bot").unwrap();
        assert_eq!(revoked.len(), 1);
        assert!(state.grants.is_empty());
    }

    #[test]
    fn unknown_names_point_at_the_creating_command() {
        let mut state = sample();
        let err = state.grant("ghost", "A", None, 1).unwrap_err().to_string();
        assert!(err.contains("vault agent add ghost"), "{err}");
        let err = state.grant("bot", "NOPE", None, 1).unwrap_err().to_string();
        assert!(err.contains("vault secret add NOPE"), "{err}");
    }

    #[test]
    fn bad_values_are_refused() {
        let mut state = sample();
        assert!(state.add_secret("E", value(""), false, 1).is_err());
        let big = SecretBytes::new(vec![b'x'; crate::secret::MAX_VALUE_LEN + 1]);
        let err = state
            .add_secret("BIG", big, false, 1)
            .unwrap_err()
            .to_string();
        assert!(err.contains("1 MiB"), "{err}");
        let max = SecretBytes::new(vec![b'x'; crate::secret::MAX_VALUE_LEN]);
        state.add_secret("MAX", max, false, 1).unwrap();
    }

    #[test]
    fn decode_refuses_inconsistent_states() {
        let mut state = sample();
        state.grants[0].agent = "ghost".into();
        let err = State::decode(state.encode().unwrap()).unwrap_err();
        assert!(err.to_string().contains("dangling"), "{err}");
    }

    #[test]
    fn strings_that_would_not_write_back_on_one_line_are_refused() {
        let good = String::from_utf8(sample().encode().unwrap().expose().to_vec()).unwrap();
        for recipient in ["age1\nx", "age1\"x", "age1\\x", ""] {
            // Escaped, as a hand-made state could have it; written back unescaped, a newline
            // would end the line early.
            let plain = good.replacen("\"age1bot\"", &format!("{recipient:?}"), 1);
            let err = State::decode(SecretBytes::new(plain.into_bytes())).err();
            let err = err.unwrap_or_else(|| panic!("{recipient:?} accepted"));
            assert!(
                err.to_string().contains("malformed recipient"),
                "{recipient:?}: {err}"
            );
        }
    }

    #[test]
    fn a_grant_on_a_missing_secret_shows_once_every_page_is_open() {
        let mut state = sample();
        let missing = "sec_aaaaaaaaaaaaaaaa";
        state.grants[0].secret = missing.into();
        let decoded = reload(&state);
        let err = decoded.secrets_by_id().unwrap_err().to_string();
        assert!(err.contains("does not exist"), "{err}");
        assert!(decoded.secret_name(missing).is_err());
    }
}
