//! Opening, changing and reading the vault: where the file layout, the cryptography, the state
//! and the audit log meet. Commands call these functions and nothing below them.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufWriter;

use anyhow::{Context, Result, anyhow, bail};
use sha2::{Digest, Sha256};

use crate::agent_part::{self, AgentPart};
use crate::audit::{AuditLog, Event};
use crate::crypto::{self, Identities};
use crate::format::{self, Index, Slot};
use crate::identity::{self, Ask};
use crate::ids;
use crate::paths::Paths;
use crate::secret::SecretBytes;
use crate::state::{Agent, State};
use crate::store::{self, Lock, StagedFile, VaultReader};

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
}

/// Reads the whole vault, checks every byte of it, and decrypts the operator part.
pub fn open(paths: &Paths, identities: &Identities) -> Result<Opened> {
    let file = store::read_vault(&paths.vault)?;
    let (index, state) = decode(&file, identities, paths)
        .with_context(|| format!("cannot open the vault {}", paths.vault.display()))?;
    Ok(Opened { state, file, index })
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
    Ok((index, State::decode(plain.expose())?))
}

/// Opens the vault with the operator identity, for commands that only look.
pub fn open_as_operator(paths: &Paths) -> Result<Opened> {
    open(paths, &operator_identity(paths)?)
}

/// Applies one change under the vault's lock. `change` edits the state and lists the events
/// that describe what it did; no events means nothing changed, and nothing is written.
///
/// The events are appended to the audit log before the new vault replaces the old one, so a
/// change is never made without its event.
pub fn change<T>(
    paths: &Paths,
    change: impl FnOnce(&mut State, &mut Vec<Event>) -> Result<T>,
) -> Result<T> {
    apply(paths, Keys::Keep, change)
}

/// Like `change`, but every part is encrypted afresh, with new file keys, and the agent slots
/// are salted anew: nothing of the old file carries over.
pub fn rekey<T>(
    paths: &Paths,
    change: impl FnOnce(&mut State, &mut Vec<Event>) -> Result<T>,
) -> Result<T> {
    apply(paths, Keys::Fresh, change)
}

enum Keys {
    /// Parts whose recipients and contents did not change are copied as they are.
    Keep,
    Fresh,
}

fn apply<T>(
    paths: &Paths,
    keys: Keys,
    change: impl FnOnce(&mut State, &mut Vec<Event>) -> Result<T>,
) -> Result<T> {
    // Loaded before the lock is taken, so the lock covers only the read-modify-write itself.
    let identities = operator_identity(paths)?;
    let _lock = Lock::exclusive(&paths.vault_lock(), "the vault")?;
    let Opened {
        mut state,
        file,
        index,
    } = open(paths, &identities)?;
    // Taken before the change: what each agent part holds now, to copy those it leaves alone.
    let (salt, previous) = match keys {
        Keys::Keep => {
            let previous = Previous {
                fingerprints: fingerprints(&state)?,
                file: &file,
                index: &index,
            };
            (index.salt, Some(previous))
        }
        Keys::Fresh => (ids::new_salt()?, None),
    };
    let mut events = Vec::new();
    let result = change(&mut state, &mut events)?;
    if events.is_empty() {
        return Ok(result);
    }
    commit(
        paths,
        &salt,
        &mut state,
        previous.as_ref(),
        &events,
        Replace::Existing,
    )?;
    Ok(result)
}

/// Writes a new vault holding `state`; refuses to replace an existing one.
pub fn create(paths: &Paths, mut state: State, events: &[Event]) -> Result<()> {
    if let Some(dir) = paths.vault.parent() {
        store::create_private_dir(dir)?;
    }
    let _lock = Lock::exclusive(&paths.vault_lock(), "the vault")?;
    if store::exists(&paths.vault) {
        bail!(
            "a vault exists already at {}; not overwriting it",
            paths.vault.display()
        );
    }
    commit(
        paths,
        &ids::new_salt()?,
        &mut state,
        None,
        events,
        Replace::Nothing,
    )
}

enum Replace {
    Existing,
    Nothing,
}

/// Writes `state` as the new vault, with the vault's lock held. The events are appended to the
/// log before the new file takes the old one's place, so a change never happens unlogged; and
/// the log stays locked in between, so the head recorded in the state is the log's real head.
fn commit(
    paths: &Paths,
    salt: &[u8; 32],
    state: &mut State,
    previous: Option<&Previous>,
    events: &[Event],
    replace: Replace,
) -> Result<()> {
    let unchanged = |err: anyhow::Error| anyhow!("{err:#}; nothing was changed");
    store::sweep_leftovers(&paths.vault)?;
    let mut log = AuditLog::new(&paths.log).writer().map_err(unchanged)?;
    let batch = log.prepare(events).map_err(unchanged)?;
    state.log_head = Some(batch.head.clone());
    let mut staged = StagedFile::create(&paths.vault)?;
    seal(staged.file(), salt, state, previous)
        .with_context(|| format!("cannot write the vault {}", paths.vault.display()))?;
    log.write_durably(&batch).map_err(unchanged)?;
    match replace {
        Replace::Existing => staged.commit(),
        Replace::Nothing => staged.commit_new(),
    }
}

/// What an unchanged agent part can be copied from.
struct Previous<'a> {
    fingerprints: HashMap<String, [u8; 32]>,
    file: &'a [u8],
    index: &'a Index,
}

/// Everything an agent part depends on: its recipients and its plaintext. Two equal
/// fingerprints mean the sealed part can be copied as is, saving an encryption per agent.
fn fingerprint(recipients: &[&str], plain: &SecretBytes) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for recipient in recipients {
        hasher.update(recipient.as_bytes());
        hasher.update(b"\n");
    }
    hasher.update(plain.expose());
    hasher.finalize().into()
}

/// Recipients of an agent part: the agent first, because its reads are the hot path and a key
/// tries the stanzas in order; then the operators, so operator-path reads open it too.
fn agent_recipients<'a>(agent: &'a Agent, state: &'a State) -> Vec<&'a str> {
    std::iter::once(agent.recipient.as_str())
        .chain(state.operators.iter().map(|op| op.recipient.as_str()))
        .collect()
}

fn fingerprints(state: &State) -> Result<HashMap<String, [u8; 32]>> {
    let plains = agent_part::encode_all(state)?;
    Ok(state
        .agents
        .iter()
        .zip(&plains)
        .map(|(agent, plain)| {
            let recipients = agent_recipients(agent, state);
            (agent.id.clone(), fingerprint(&recipients, plain))
        })
        .collect())
}

/// Encrypts `state` into a whole vault file, written to `file`.
fn seal(
    file: &mut File,
    salt: &[u8; 32],
    state: &State,
    previous: Option<&Previous>,
) -> Result<()> {
    let operators: Vec<&str> = state
        .operators
        .iter()
        .map(|op| op.recipient.as_str())
        .collect();
    let out = BufWriter::with_capacity(64 << 10, file);
    let mut writer = format::Writer::new(out, salt, state.agents.len())?;
    let plain = state.encode()?;
    writer.operator(|out| crypto::encrypt_into(&operators, plain.expose(), out))?;
    drop(plain);

    let plains = agent_part::encode_all(state)?;
    let mut agents: Vec<(Slot, &Agent, &SecretBytes)> = state
        .agents
        .iter()
        .zip(&plains)
        .map(|(agent, plain)| (format::agent_slot(salt, &agent.id), agent, plain))
        .collect();
    agents.sort_by_key(|(slot, _, _)| *slot);
    for (slot, agent, plain) in agents {
        let recipients = agent_recipients(agent, state);
        let unchanged = previous.and_then(|prev| {
            let same = prev.fingerprints.get(&agent.id) == Some(&fingerprint(&recipients, plain));
            let part = prev.index.find_agent(&slot).filter(|_| same)?;
            format::part_in(prev.file, &part).ok()
        });
        writer.agent(slot, |out| match unchanged {
            Some(sealed) => Ok(out.write_all(sealed)?),
            None => crypto::encrypt_into(&recipients, plain.expose(), out),
        })?;
    }
    writer.finish()?;
    Ok(())
}

/// What a reader finds when it looks up an agent's part.
pub enum AgentLookup {
    UnknownAgent,
    /// The part exists but the key given cannot open it.
    NotTheAgentsKey,
    Found(AgentPart),
}

/// Opens one agent's part, reading only the index and that part from the file.
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
        format::check_digest(&sealed, &part)?;
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
        Ok(AgentLookup::Found(opened))
    };
    lookup().with_context(|| format!("cannot read the vault {}", paths.vault.display()))
}
