//! Opening, changing and reading the vault: where the file layout, the cryptography, the state
//! and the audit log meet. Commands call these functions and nothing below them.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};

use crate::agent_part::{self, AgentPart, Granted};
use crate::anchors;
use crate::audit::{self, AuditLog, Event, Kind, LogWriter};
use crate::crypto::{self, Identities};
use crate::format::{self, Index, Slot};
use crate::identity::{self, Ask};
use crate::ids;
use crate::paths::Paths;
use crate::secret::SecretBytes;
use crate::state::{Agent, Grant, Secret, State};
use crate::store::{self, Lock, StagedFile, VaultReader};
use crate::time;

/// The operator's identity, from the identity file; a locked one is unlocked, asking on the
/// terminal if need be.
pub fn operator_identity(paths: &Paths) -> Result<Identities> {
    identity::load(&paths.identity, Ask::OnTerminal)
}

/// A vault read and checked from end to end, with the operator's view of it.
pub struct Opened {
    pub state: State,
    file: Vec<u8>,
    index: Index,
    /// The agent parts that are not what the operator part says they must be.
    pub untrusted: Vec<PartProblem>,
}

/// An agent part the operators did not write as it is: damaged, sealed by someone without the
/// agent's part key (anyone who knows its recipient can encrypt to it), or an older part put
/// back. Such a part is never copied into a new vault nor taken values from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartProblem {
    pub agent: String,
    pub why: &'static str,
}

impl PartProblem {
    pub fn describe(&self) -> String {
        format!("the vault's part for agent {} {}", self.agent, self.why)
    }
}

/// Whether an opened vault may hold agent parts its operators did not write.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Parts {
    /// No: one such part is an error, as any damage is.
    Checked,
    /// Yes: they are listed, and whoever opened the vault writes them anew or shows them.
    Listed,
}

/// Reads the whole vault, checks every byte of it, and decrypts the operator part.
pub fn open(paths: &Paths, identities: &Identities) -> Result<Opened> {
    open_file(&paths.vault, identities, paths, Parts::Checked)
}

fn open_file(path: &Path, identities: &Identities, paths: &Paths, parts: Parts) -> Result<Opened> {
    let file = store::read_vault(path)?;
    let opened = decode(&file, identities, paths)
        .with_context(|| format!("cannot open the vault {}", path.display()))?;
    let (index, state) = opened;
    let untrusted = check_parts(&state, &index, &file)
        .with_context(|| format!("cannot open the vault {}", path.display()))?;
    if parts == Parts::Checked
        && let Some(problem) = untrusted.first()
    {
        bail!(
            "cannot open the vault {}: {}; `vault rekey` seals every part anew from the operator part (and `git log -p` or your backups tell how it came)",
            path.display(),
            problem.describe()
        );
    }
    Ok(Opened {
        state,
        file,
        index,
        untrusted,
    })
}

/// Checks every agent part against the operator part: its tag under the agent's part key
/// (which only the operators and the agent hold), and that it is the part the change that
/// wrote the state sealed (its tag is the one the state recorded).
fn check_parts(state: &State, index: &Index, file: &[u8]) -> Result<Vec<PartProblem>> {
    let mut problems = Vec::new();
    let mut listed = 0;
    for agent in &state.agents {
        let problem = |why| PartProblem {
            agent: agent.id.clone(),
            why,
        };
        let Some(part) = index.find_agent(&format::agent_slot(&index.salt, &agent.id)) else {
            problems.push(problem("is missing"));
            continue;
        };
        listed += 1;
        let sealed = format::part_in(file, &part)?;
        let key = agent.part_key_bytes();
        let tag = crypto::part_tag(key.as_ref().map(|k| &k[..]), &index.salt, sealed);
        if tag != part.digest {
            problems.push(problem(
                "is damaged, or was not written by this vault's operators",
            ));
        } else if agent
            .part_tag
            .as_ref()
            .is_some_and(|recorded| *recorded != hex(&part.digest))
        {
            problems.push(problem(
                "is not the one the vault recorded (an older part put back)",
            ));
        }
    }
    if listed != index.agents.len() {
        problems.push(PartProblem {
            agent: "?".into(),
            why: "list holds a part of no agent of the vault",
        });
    }
    Ok(problems)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn decode(file: &[u8], identities: &Identities, paths: &Paths) -> Result<(Index, State)> {
    let index = format::parse_index(file)?;
    index.verify_file(file)?;
    let sealed = format::part_in(file, &index.operator)?;
    let plain = match crypto::decrypt(identities, sealed) {
        Ok(Some(plain)) => plain,
        // Decryption authenticated every byte; when it fails, the digest tells a damaged part
        // (reported as such) from an identity that is not an operator's.
        failed => {
            format::check_digest(sealed, &index.operator)?;
            failed?.ok_or_else(|| {
                anyhow!(
                    "the operator identity {} is not one of this vault's operators",
                    paths.identity.display()
                )
            })?
        }
    };
    Ok((index, State::decode(plain)?))
}

/// Opens the vault with the operator identity, for commands that only look. What a change
/// would refuse about the logs (an old copy of the vault put back, a log cut since) is said
/// on stderr: a command that only looks shows the vault anyway.
pub fn open_as_operator(paths: &Paths) -> Result<Opened> {
    let opened = open(paths, &operator_identity(paths)?)?;
    let problems = anchors::logs(&paths.log, &opened.state)
        .and_then(|logs| anchors::check(&opened.state, &paths.log, &logs));
    if let Ok(problems) = problems {
        for problem in problems {
            crate::output::warning(&format!(
                "{}; what is shown may be out of date, and changes are refused until it is settled (see `vault events verify`)",
                problem.describe()
            ));
        }
    }
    Ok(opened)
}

/// Applies one change under the vault's lock. `change` edits the state and lists the events
/// that describe what it did; no events means nothing changed, and nothing is written.
///
/// The events are appended to the audit log before the new vault replaces the old one, so a
/// change is never made without its event. A change is refused when a log no longer reaches
/// the event the vault recorded for it, or has recorded a newer vault than this one
/// (`anchors.rs`).
pub fn change<T>(
    paths: &Paths,
    change: impl FnOnce(&mut State, &mut Vec<Event>) -> Result<T>,
) -> Result<T> {
    apply(paths, Keys::Keep, Logs::default(), |state, events, _| {
        change(state, events)
    })
}

/// Like `change`, but every part is encrypted afresh, with new file keys, and the agent slots
/// are salted anew: nothing of the old file carries over.
pub fn rekey<T>(
    paths: &Paths,
    change: impl FnOnce(&mut State, &mut Vec<Event>) -> Result<T>,
) -> Result<T> {
    apply(paths, Keys::Fresh, Logs::default(), |state, events, _| {
        change(state, events)
    })
}

enum Keys {
    /// Parts whose recipients and contents did not change are copied as they are.
    Keep,
    Fresh,
}

/// What a change does about the logs besides appending its events.
#[derive(Default)]
struct Logs<'a> {
    /// Go ahead when a log does not reach the vault's record, or the vault is older than the
    /// log: the change is told what was found.
    accept: bool,
    /// Move the log aside to this path first; the change's events start the new file.
    rotate_to: Option<&'a Path>,
}

fn apply<T>(
    paths: &Paths,
    keys: Keys,
    logs: Logs,
    change: impl FnOnce(&mut State, &mut Vec<Event>, &[anchors::Problem]) -> Result<T>,
) -> Result<T> {
    // Loaded before the lock is taken, so the lock covers only the read-modify-write itself.
    let identities = operator_identity(paths)?;
    let _lock = Lock::exclusive(&paths.vault_lock(), "the vault")?;
    settle(paths, &identities)?;
    // A rekey seals every part anew from the state, so a part that is not the operators' is
    // what it repairs; any other change refuses one.
    let parts = match keys {
        Keys::Keep => Parts::Checked,
        Keys::Fresh => Parts::Listed,
    };
    let Opened {
        mut state,
        file,
        index,
        untrusted,
    } = open_file(&paths.vault, &identities, paths, parts)?;
    // The log's directory, as its writer would make it: the logs are known by their path.
    store::create_private_dir(store::parent_of(&paths.log))
        .with_context(|| format!("cannot append to the audit log {}", paths.log.display()))
        .map_err(unchanged)?;
    let checked = anchors::logs(&paths.log, &state)?;
    let problems = anchors::check(&state, &paths.log, &checked)?;
    if !logs.accept
        && let Some(problem) = problems.first()
    {
        bail!(
            "{}; restore the newest vault and log from your backups, or if what is here is what you want, accept it with `vault events anchor --accept`; nothing was changed",
            problem.describe()
        );
    }
    // Taken before the change: what each agent part depends on now, to copy those it leaves
    // alone.
    let (salt, previous) = match keys {
        Keys::Keep => (
            index.salt,
            Some(Previous::of(&state, &file, &index, &identities, &untrusted)),
        ),
        Keys::Fresh => (ids::new_salt()?, None),
    };
    // Grants that have ended leave the state, and their values the agents' parts, at every
    // change: the change's events follow theirs.
    let mut events = Vec::new();
    for grant in state.drop_expired(time::now()) {
        let name = state.secret_name(&grant.secret)?.to_owned();
        events.push(
            Event::new(Kind::GrantExpired)
                .grant(&grant.id, &grant.agent, &grant.secret, &name)
                .expires(grant.expires_at),
        );
    }
    let result = change(&mut state, &mut events, &problems)?;
    if events.is_empty() && state.merges.is_empty() {
        return Ok(result);
    }
    // The merges since the last change here, which wrote no log themselves.
    for merge in std::mem::take(&mut state.merges) {
        let mut event = Event::new(Kind::Merged);
        event.merged = Some(audit::Merged {
            ours: merge.0,
            theirs: merge.1,
            at: time::rfc3339(merge.2),
        });
        events.push(event);
    }
    let mut log = AuditLog::new(&paths.log).writer().map_err(unchanged)?;
    if let Some(to) = logs.rotate_to {
        log.rotate_to(to)?;
    }
    let mut staged = StagedFile::create(&paths.vault)?;
    commit(
        paths,
        &mut Commit {
            salt: &salt,
            state: &mut state,
            previous: previous.as_ref(),
            events,
            log: &mut log,
            logs: &checked,
        },
        &mut staged,
    )?;
    staged.commit()?;
    Ok(result)
}

fn unchanged(err: anyhow::Error) -> anyhow::Error {
    anyhow!("{err:#}; nothing was changed")
}

/// Runs `work` as an operator (the vault must open with the operator identity) under the
/// vault's lock: what must not race a change, such as answering a request.
pub fn locked<T>(paths: &Paths, work: impl FnOnce() -> Result<T>) -> Result<T> {
    let identities = operator_identity(paths)?;
    let _lock = Lock::exclusive(&paths.vault_lock(), "the vault")?;
    open(paths, &identities)?;
    work()
}

/// Records where the logs stand now in the vault, after moving the log aside to `rotate_to`
/// if asked, and returns what was found wrong. What `change` would refuse is refused, unless
/// `accept`: then it is recorded in the event, and the vault's generation goes past every one
/// the log has seen.
pub fn anchor(paths: &Paths, accept: bool, rotate_to: Option<&Path>) -> Result<Vec<String>> {
    let logs = Logs { accept, rotate_to };
    apply(paths, Keys::Keep, logs, |state, events, problems| {
        let accepted: Vec<String> = problems.iter().map(anchors::Problem::describe).collect();
        if let Some(newest) = problems
            .iter()
            .filter_map(anchors::Problem::newer_generation)
            .max()
        {
            state.generation = state.generation.max(newest);
        }
        let mut event = Event::new(Kind::Anchored);
        if !accepted.is_empty() {
            event = event.problem(accepted.join("; "));
        }
        events.push(event);
        Ok(accepted)
    })
}

/// Writes a new vault holding `state`; refuses to replace an existing one.
pub fn create(paths: &Paths, mut state: State, events: Vec<Event>) -> Result<()> {
    if let Some(dir) = paths.vault.parent() {
        store::create_private_dir(dir)?;
    }
    store::check_dir(&paths.vault, "the vault")?;
    let _lock = Lock::exclusive(&paths.vault_lock(), "the vault")?;
    if store::exists(&paths.vault) {
        bail!(
            "a vault exists already at {}; not overwriting it",
            paths.vault.display()
        );
    }
    for leftover in store::leftovers(&paths.vault)? {
        let _ = std::fs::remove_file(leftover);
    }
    let mut log = AuditLog::new(&paths.log).writer().map_err(unchanged)?;
    let logs = anchors::logs(&paths.log, &state)?;
    let mut staged = StagedFile::create(&paths.vault)?;
    commit(
        paths,
        &mut Commit {
            salt: &ids::new_salt()?,
            state: &mut state,
            previous: None,
            events,
            log: &mut log,
            logs: &logs,
        },
        &mut staged,
    )?;
    staged.commit_new()
}

/// A change ready to be written.
struct Commit<'a> {
    salt: &'a [u8; 32],
    state: &'a mut State,
    previous: Option<&'a Previous<'a>>,
    events: Vec<Event>,
    /// The log, locked: it stays locked until the vault is in place, so the head recorded in
    /// the state is the log's real head.
    log: &'a mut LogWriter,
    /// The logs whose anchors are renewed.
    logs: &'a [PathBuf],
}

/// Writes the change into `staged` and logs it; the caller puts `staged` in place. The state
/// gets the next generation, which every event carries, and the logs' new heads. The staged
/// vault is on the disk, whole, before its events are logged: a writer killed between the two
/// leaves it for the next change to put in place (`settle`).
fn commit(paths: &Paths, commit: &mut Commit, staged: &mut StagedFile) -> Result<()> {
    let state = &mut *commit.state;
    state.generation = state.generation.checked_add(1).ok_or_else(|| {
        anyhow!("the vault is at the last generation there is, which no vault reaches by changes (was it written by hand?); nothing was changed")
    })?;
    let events: Vec<Event> = std::mem::take(&mut commit.events)
        .into_iter()
        .map(|event| event.change_of(&state.id, state.generation))
        .collect();
    let batch = commit.log.prepare(&events).map_err(unchanged)?;
    anchors::renew(state, &paths.log, &batch.head, commit.logs)?;
    seal(staged.file(), commit.salt, state, commit.previous)
        .and_then(|()| staged.sync())
        .with_context(|| format!("cannot write the vault {}", paths.vault.display()))?;
    commit.log.write_durably(&batch).map_err(unchanged)
}

/// Deals with what writers killed mid-change left beside the vault: a vault that a writer
/// logged but did not put in place yet is put in place now, as it would have been a moment
/// later; anything else is removed. Only with the vault's lock held.
fn settle(paths: &Paths, identities: &Identities) -> Result<()> {
    for leftover in store::leftovers(&paths.vault)? {
        if completes_a_logged_change(paths, identities, &leftover).unwrap_or(false) {
            store::put_in_place(&leftover, &paths.vault)?;
        } else {
            // Best effort: a file we cannot remove does no harm, and the write goes on.
            let _ = std::fs::remove_file(&leftover);
        }
    }
    Ok(())
}

/// Whether `staged` is the vault that the next change of the one in place made, and that
/// change is in the log: a writer was killed after logging it.
fn completes_a_logged_change(
    paths: &Paths,
    identities: &Identities,
    staged: &Path,
) -> Result<bool> {
    let current = open_file(&paths.vault, identities, paths, Parts::Listed)?.state;
    let pending = open_file(staged, identities, paths, Parts::Listed)?.state;
    if pending.id != current.id || pending.generation != current.generation + 1 {
        return Ok(false);
    }
    let Some(anchor) = pending.anchor(&anchors::log_key(&paths.log)?) else {
        return Ok(false);
    };
    let since = audit::since(&paths.log, anchor.seq, &pending.id, pending.generation)?;
    Ok(since.found.as_ref() == Some(&anchor.hash))
}

/// The generation of a vault a writer logged but was killed before putting in place, if one
/// waits beside the vault for the next change (see `settle`).
pub fn pending_change(paths: &Paths, identities: &Identities) -> Result<Option<u64>> {
    for leftover in store::leftovers(&paths.vault)? {
        if completes_a_logged_change(paths, identities, &leftover).unwrap_or(false) {
            let current = open_file(&paths.vault, identities, paths, Parts::Listed)?;
            return Ok(Some(current.state.generation + 1));
        }
    }
    Ok(None)
}

/// The vault as it was before a change: what each agent part depended on, and the parts
/// themselves, to copy those the change left alone and to take values from.
struct Previous<'a> {
    operators: Vec<String>,
    /// Agent id to recipient.
    agents: HashMap<String, String>,
    /// Agent id to the ids of its grants (a grant's secret never changes, only its value).
    grants: HashMap<String, HashSet<String>>,
    file: &'a [u8],
    index: &'a Index,
    identities: &'a Identities,
    /// Agents whose part the operators did not write as it is: it is sealed anew.
    untrusted: HashSet<String>,
}

impl<'a> Previous<'a> {
    /// What the parts of the vault `file` depend on, its state being `state`.
    fn of(
        state: &State,
        file: &'a [u8],
        index: &'a Index,
        identities: &'a Identities,
        untrusted: &[PartProblem],
    ) -> Self {
        Previous {
            operators: operator_recipients(state)
                .into_iter()
                .map(str::to_owned)
                .collect(),
            agents: state
                .agents
                .iter()
                .map(|agent| (agent.id.clone(), agent.recipient.clone()))
                .collect(),
            grants: grants_by_agent(state)
                .into_iter()
                .map(|(agent, grants)| {
                    let ids = grants.iter().map(|grant| grant.id.clone()).collect();
                    (agent.to_owned(), ids)
                })
                .collect(),
            file,
            index,
            identities,
            untrusted: untrusted.iter().map(|p| p.agent.clone()).collect(),
        }
    }

    /// Whether `agent`'s part would be written as it was, the operators being the same: same
    /// recipient, same grants, and none of its secrets changed. Then the sealed part is
    /// copied, saving an encryption.
    fn unchanged(&self, agent: &Agent, grants: &[&Grant], state: &State) -> bool {
        let before = self.grants.get(&agent.id);
        let same_grants = before.map_or(0, HashSet::len) == grants.len()
            && grants.iter().all(|grant| {
                before.is_some_and(|ids| ids.contains(&grant.id)) && !state.touched(&grant.secret)
            });
        same_grants
            && self.agents.get(&agent.id) == Some(&agent.recipient)
            && !self.untrusted.contains(&agent.id)
    }

    /// The agent's part as it was, opened with the operator's identity; None when it was not
    /// the operators' (its values are taken from the state's pages instead).
    fn open_part(&self, agent: &Agent, slot: &Slot) -> Result<Option<AgentPart>> {
        if self.untrusted.contains(&agent.id) {
            return Ok(None);
        }
        let Some(part) = self.index.find_agent(slot) else {
            return Ok(None);
        };
        let plain = crypto::decrypt(self.identities, format::part_in(self.file, &part)?)?
            .ok_or_else(|| {
                anyhow!(
                    "an agent part is not sealed to the operators; restore the vault from a backup"
                )
            })?;
        Ok(Some(AgentPart::decode(plain)?))
    }
}

fn operator_recipients(state: &State) -> Vec<&str> {
    state
        .operators
        .iter()
        .map(|op| op.recipient.as_str())
        .collect()
}

/// The grants of each agent that has any, in one pass over the grants.
fn grants_by_agent(state: &State) -> HashMap<&str, Vec<&Grant>> {
    let mut by_agent: HashMap<&str, Vec<&Grant>> = HashMap::new();
    for grant in &state.grants {
        by_agent.entry(&grant.agent).or_default().push(grant);
    }
    by_agent
}

/// Recipients of an agent part: the agent first, because its reads are the hot path and a key
/// tries the stanzas in order; then the operators, so operator-path reads open it too.
fn agent_recipients<'a>(agent: &'a Agent, state: &'a State) -> Vec<&'a str> {
    std::iter::once(agent.recipient.as_str())
        .chain(state.operators.iter().map(|op| op.recipient.as_str()))
        .collect()
}

/// Previous parts are opened to take values from for at most this many agents; past that,
/// opening every page of the state costs less than a decryption per part.
const PREVIOUS_PARTS_MAX: usize = 32;

/// Where the values of the agent parts a change rewrites come from.
struct Values<'a> {
    state: &'a State,
    /// The secrets on the pages of the state this command opened, by id: those the change may
    /// have changed.
    opened: HashMap<&'a str, &'a Secret>,
    /// The vault before the change: a secret on a page nobody opened is as it was, and the
    /// agent's previous part holds its value. None when every page is open.
    previous: Option<&'a Previous<'a>>,
}

impl<'a> Values<'a> {
    /// `rewritten`: the grants of each agent whose part is to be written anew.
    fn gather<'g>(
        state: &'a State,
        previous: Option<&'a Previous<'a>>,
        rewritten: impl Iterator<Item = &'g [&'g Grant]>,
    ) -> Result<Self> {
        let opened = state.opened_secrets_by_id();
        let lacking = rewritten
            .filter(|grants| {
                let on_closed_page = |grant: &&Grant| !opened.contains_key(grant.secret.as_str());
                grants.iter().any(on_closed_page)
            })
            .count();
        // A previous part costs a decryption: cheap with an X25519 identity, but a plugin's (a
        // hardware key, say) may run a program or ask for a touch each time.
        let previous = previous
            .filter(|prev| lacking <= PREVIOUS_PARTS_MAX && !prev.identities.use_a_plugin());
        if lacking > 0 && previous.is_none() {
            return Ok(Self {
                state,
                opened: state.secrets_by_id()?,
                previous: None,
            });
        }
        Ok(Self {
            state,
            opened,
            previous,
        })
    }

    /// The plaintext of `agent`'s part.
    fn agent_plain(&self, agent: &Agent, slot: &Slot, grants: &[&'a Grant]) -> Result<SecretBytes> {
        let lacking = grants
            .iter()
            .any(|grant| !self.opened.contains_key(grant.secret.as_str()));
        let old = match self.previous {
            Some(previous) if lacking => previous.open_part(agent, slot)?,
            _ => None,
        };
        let from_secret = |grant: &'a Grant, secret: &'a Secret| Granted {
            grant_id: &grant.id,
            secret_id: &grant.secret,
            name: &secret.name,
            value: secret.value.expose(),
            canary: secret.canary,
            expires_at: grant.expires_at,
            hosts: &secret.hosts,
            inject: secret.inject,
            methods: secret.methods,
            approve: grant.approve,
            aws_sigv4: secret.aws_sigv4.as_deref(),
        };
        let mut granted = Vec::with_capacity(grants.len());
        for grant in grants {
            let held = match self.opened.get(grant.secret.as_str()) {
                Some(secret) => Some(from_secret(grant, secret)),
                // The secret is unchanged since the previous part was written; the grant may
                // not be (a new end).
                None => old
                    .as_ref()
                    .and_then(|old| old.with_id(&grant.secret))
                    .map(|held| Granted {
                        grant_id: &grant.id,
                        expires_at: grant.expires_at,
                        approve: grant.approve,
                        ..held
                    }),
            };
            // A previous part that lacks the secret is damage; the pages still have it.
            let held = match held {
                Some(held) => held,
                None => {
                    let secret = self.state.secret_by_id(&grant.secret)?.ok_or_else(|| {
                        anyhow!("the vault state is invalid (a grant on a secret that does not exist); restore the vault from a backup")
                    })?;
                    from_secret(grant, secret)
                }
            };
            granted.push(held);
        }
        agent_part::encode(&agent.id, &agent.recipient, granted)
    }
}

/// Encrypts `state` into a whole vault file, written to `file`, and records in it the tag of
/// each agent part it holds. The agent parts are sealed first, so that the operator part,
/// which comes first in the file, can record their tags.
fn seal(
    file: &mut File,
    salt: &[u8; 32],
    state: &mut State,
    previous: Option<&Previous>,
) -> Result<()> {
    let operators: Vec<String> = operator_recipients(state)
        .into_iter()
        .map(str::to_owned)
        .collect();
    let mut order: Vec<(Slot, usize)> = state
        .agents
        .iter()
        .enumerate()
        .map(|(at, agent)| (format::agent_slot(salt, &agent.id), at))
        .collect();
    order.sort_by_key(|(slot, _)| *slot);
    let mut parts: Vec<(Slot, [u8; 32], std::borrow::Cow<[u8]>)> = Vec::with_capacity(order.len());
    {
        let state = &*state;
        let grants = grants_by_agent(state);
        let grants_of =
            |agent: &Agent| grants.get(agent.id.as_str()).map_or(&[][..], Vec::as_slice);
        // New operators mean every part is sealed anew, to them too.
        let copyable = previous.filter(|prev| prev.operators.iter().eq(&operators));
        // The previous part to copy, if the change left the agent's part as it was.
        let unchanged = |slot: &Slot, agent: &Agent| {
            let prev = copyable.filter(|prev| prev.unchanged(agent, grants_of(agent), state))?;
            Some((prev, prev.index.find_agent(slot)?))
        };
        let rewritten = order
            .iter()
            .map(|(slot, at)| (slot, &state.agents[*at]))
            .filter(|(slot, agent)| unchanged(slot, agent).is_none())
            .map(|(_, agent)| grants_of(agent));
        let values = Values::gather(state, previous, rewritten)?;
        for (slot, at) in &order {
            let agent = &state.agents[*at];
            if let Some((prev, part)) = unchanged(slot, agent) {
                let sealed = format::part_in(prev.file, &part)?;
                parts.push((*slot, part.digest, std::borrow::Cow::Borrowed(sealed)));
                continue;
            }
            let plain = values.agent_plain(agent, slot, grants_of(agent))?;
            let recipients = agent_recipients(agent, state);
            let mut sealed = Vec::with_capacity(plain.len() + 512);
            crypto::encrypt_into(&recipients, plain.expose(), &mut sealed)?;
            let key = agent.part_key_bytes();
            let tag = crypto::part_tag(key.as_ref().map(|k| &k[..]), salt, &sealed);
            parts.push((*slot, tag, std::borrow::Cow::Owned(sealed)));
        }
    }
    for ((_, at), (_, tag, _)) in order.iter().zip(&parts) {
        state.agents[*at].part_tag = Some(hex(tag));
    }
    let operators: Vec<&str> = operators.iter().map(String::as_str).collect();
    let out = BufWriter::with_capacity(64 << 10, file);
    let mut writer = format::Writer::new(out, salt, state.agents.len())?;
    let plain = state.encode()?;
    writer.operator(|out| crypto::encrypt_into(&operators, plain.expose(), out))?;
    drop(plain);
    for (slot, tag, sealed) in &parts {
        writer.agent(*slot, *tag, sealed)?;
    }
    writer.finish()?;
    Ok(())
}

/// Opens the vault file at `path` (not the configured one): a version of it `git` hands over.
/// Agent parts the operators did not write are listed in `untrusted`, not refused: a merge
/// seals them anew, a diff shows them.
pub fn open_path(path: &Path, identities: &Identities, paths: &Paths) -> Result<Opened> {
    open_file(path, identities, paths, Parts::Listed)
}

/// Merges into the vault file `ours` what `theirs` changed since `base`, and writes the result
/// there, sealed for the merged operators and agents (agent parts nothing changed are copied as
/// they are). The conflicts are returned; the result holds everything that merged, and our side
/// of each conflict (`merge.rs`).
pub fn merge_files(
    paths: &Paths,
    base: &Path,
    ours: &Path,
    theirs: &Path,
) -> Result<Vec<crate::merge::Conflict>> {
    let identities = operator_identity(paths)?;
    let base = open_path(base, &identities, paths)?.state;
    let theirs = open_path(theirs, &identities, paths)?.state;
    let Opened {
        mut state,
        file,
        index,
        untrusted,
    } = open_path(ours, &identities, paths)?;
    let previous = Previous::of(&state, &file, &index, &identities, &untrusted);
    let conflicts = crate::merge::merge(&base, &mut state, &theirs)?;
    let mut staged = StagedFile::create(ours)?;
    seal(staged.file(), &index.salt, &mut state, Some(&previous))
        .with_context(|| format!("cannot write the merged vault {}", ours.display()))?;
    staged.commit()?;
    Ok(conflicts)
}

/// An agent's part as the file holds it, for `vault git textconv`.
pub struct PartView {
    pub agent: String,
    /// Its tag, in hex; None when the file has no part for the agent.
    pub tag: Option<String>,
    /// Why the operators did not write it as it is, if they did not.
    pub problem: Option<&'static str>,
    /// What it holds, opened with the operator identity (not with a plugin's, which may ask
    /// for a touch at every part).
    pub part: Option<AgentPart>,
}

/// Every agent's part in `opened`, with what it holds.
pub fn agent_parts(opened: &Opened, identities: &Identities) -> Result<Vec<PartView>> {
    let mut views = Vec::with_capacity(opened.state.agents.len());
    for agent in &opened.state.agents {
        let found = opened
            .index
            .find_agent(&format::agent_slot(&opened.index.salt, &agent.id));
        let problem = opened
            .untrusted
            .iter()
            .find(|p| p.agent == agent.id)
            .map(|p| p.why);
        let part = match found {
            Some(part) if !identities.use_a_plugin() => {
                let sealed = format::part_in(&opened.file, &part)?;
                crypto::decrypt(identities, sealed)?
                    .map(AgentPart::decode)
                    .transpose()?
            }
            _ => None,
        };
        views.push(PartView {
            agent: agent.id.clone(),
            tag: found.map(|part| hex(&part.digest)),
            problem,
            part,
        });
    }
    Ok(views)
}

/// What a reader finds when it looks up an agent's part.
pub enum AgentLookup {
    UnknownAgent,
    /// The part exists but the key given cannot open it.
    NotTheAgentsKey,
    Found(AgentPart),
}

/// Opens one agent's part, reading only the index and that part from the file. With the
/// agent's key, the part's tag proves an operator wrote it; with the operator identity, the
/// operator part says what it must be (and then the whole file is read).
pub fn open_agent_part(
    paths: &Paths,
    agent_id: &str,
    identities: &Identities,
) -> Result<AgentLookup> {
    let lookup = || -> Result<AgentLookup> {
        let reader = VaultReader::open(&paths.vault)?;
        let mut index_bytes = reader.read_at(0, format::HEADER_LEN as u64)?;
        let index_len = format::index_len(&index_bytes)?;
        // The header is already in hand; only the agent entries and checksum after it are read.
        let rest = format::HEADER_LEN as u64;
        index_bytes.extend(reader.read_at(rest, index_len as u64 - rest)?);
        let index = format::parse_index(&index_bytes)?;
        let Some(part) = index.find_agent(&format::agent_slot(&index.salt, agent_id)) else {
            return Ok(AgentLookup::UnknownAgent);
        };
        let sealed = reader.read_at(part.offset, part.len)?;
        let Some(plain) = crypto::decrypt(identities, &sealed)? else {
            return Ok(AgentLookup::NotTheAgentsKey);
        };
        let opened = AgentPart::decode(plain)?;
        // The id inside the encryption must match the slot we came by: a part filed under
        // another agent's slot would otherwise answer for that agent.
        if opened.agent() != agent_id {
            bail!(
                "the vault file is damaged (an agent part in the wrong place); restore it from a backup"
            );
        }
        if identities.hold(opened.recipient()) {
            if !crypto::tag_matches(&identities.part_keys(), &index.salt, &sealed, &part.digest) {
                bail!(
                    "the vault's part for agent {agent_id} was not written by this vault's operators, or is damaged: it is not read; an operator seals it anew with `vault rekey` (a vault made before parts had tags needs `vault rekey --agents`, and new keys for its agents)"
                );
            }
            return Ok(AgentLookup::Found(opened));
        }
        // Not the agent's key: the operator identity, which the operator part must confirm
        // the part to. Read once, whole, so that the part checked is the part used.
        let whole = open_file(&paths.vault, identities, paths, Parts::Listed)?;
        if let Some(problem) = whole.untrusted.iter().find(|p| p.agent == agent_id) {
            bail!(
                "{}: it is not read; `vault rekey` seals every part anew from the operator part",
                problem.describe()
            );
        }
        let Some(part) = whole
            .index
            .find_agent(&format::agent_slot(&whole.index.salt, agent_id))
        else {
            return Ok(AgentLookup::UnknownAgent);
        };
        let sealed = format::part_in(&whole.file, &part)?;
        let plain = crypto::decrypt(identities, sealed)?.ok_or_else(|| {
            anyhow!("an agent part is not sealed to the operators; restore the vault from a backup")
        })?;
        let opened = AgentPart::decode(plain)?;
        if opened.agent() != agent_id {
            bail!(
                "the vault file is damaged (an agent part in the wrong place); restore it from a backup"
            );
        }
        Ok(AgentLookup::Found(opened))
    };
    lookup().with_context(|| format!("cannot read the vault {}", paths.vault.display()))
}
