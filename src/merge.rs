//! The three-way merge of a vault that changed on two machines: what `git merge` calls for the
//! vault file (`vault merge BASE OURS THEIRS`). It merges change by change, not byte by byte:
//! each operator, agent, secret and grant is taken from the side that changed it. Changes to
//! different things always merge, the same change made on both sides merges once, and the same
//! thing changed two ways is a conflict, named with the command that settles it.
//!
//! A secret's name and its value (with version, history and canary mark) are two things: one
//! side may rename it while the other sets it.
//!
//! A conflict never costs the rest of the merge: everything that does not conflict is merged,
//! and each conflicting thing keeps our side, with theirs kept where it can be taken back (a
//! value they set goes into the secret's history, a secret they added under a name ours took
//! gets a name of its own). Committing the result loses nothing of either side.

use std::collections::{BTreeSet, HashMap, HashSet};

use anyhow::{Result, anyhow, bail};

use crate::hosts::Methods;
use crate::inject::Inject;
use crate::state::{Agent, Anchor, Grant, Secret, State};

/// The same thing changed two ways.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// What happened, and what the merge kept.
    pub what: String,
    /// The command that settles it, once the merge is committed.
    pub settle: String,
}

fn conflict(what: String, settle: String) -> Conflict {
    Conflict { what, settle }
}

/// Merges into `ours` what `theirs` changed since `base`. With conflicts too, `ours` is the
/// whole merge, each conflicting thing as our side (see the module's comment): the caller
/// writes it either way.
pub fn merge(base: &State, ours: &mut State, theirs: &State) -> Result<Vec<Conflict>> {
    if base.id != ours.id || theirs.id != ours.id {
        bail!("these are not versions of one vault (their ids differ); nothing to merge");
    }
    let generation = ours
        .generation
        .max(theirs.generation)
        .checked_add(1)
        .ok_or_else(|| {
            anyhow!("a side of the merge is at the last generation there is, which no vault reaches by changes; nothing was merged")
        })?;
    let mut conflicts = Vec::new();
    let our_operators = ours.operators.clone();
    merge_operators(base, ours, theirs);
    if ours.operators.is_empty() {
        ours.operators = our_operators;
        conflicts.push(conflict(
            "the two sides removed every operator between them: ours are kept".into(),
            "vault operator list".into(),
        ));
    }
    merge_agents(base, ours, theirs, &mut conflicts);
    let gone = merge_secrets(base, ours, theirs, &mut conflicts)?;
    merge_grants(base, ours, theirs, &gone, &mut conflicts)?;
    let mut merges = theirs.merges.clone();
    merges.retain(|merge| !ours.merges.contains(merge));
    ours.merges.extend(merges);
    ours.merges.push(crate::state::MergeRecord(
        ours.generation,
        theirs.generation,
        crate::time::now(),
    ));
    ours.generation = generation;
    merge_anchors(&mut ours.anchors, &theirs.anchors);
    Ok(conflicts)
}

/// Operators are a set: each side's additions and removals both apply.
fn merge_operators(base: &State, ours: &mut State, theirs: &State) {
    let has =
        |state: &State, recipient: &str| state.operators.iter().any(|op| op.recipient == recipient);
    for op in &theirs.operators {
        if !has(base, &op.recipient) && !has(ours, &op.recipient) {
            ours.operators.push(op.clone());
        }
    }
    let removed_by_theirs = |recipient: &str| has(base, recipient) && !has(theirs, recipient);
    ours.operators
        .retain(|op| !removed_by_theirs(&op.recipient));
}

fn merge_agents(base: &State, ours: &mut State, theirs: &State, conflicts: &mut Vec<Conflict>) {
    let find = |state: &State, id: &str| -> Option<Agent> {
        state.agents.iter().find(|a| a.id == id).cloned()
    };
    let ids: BTreeSet<String> = [base, &*ours, theirs]
        .iter()
        .flat_map(|s| s.agents.iter().map(|a| a.id.clone()))
        .collect();
    for id in ids {
        let (b, o, t) = (find(base, &id), find(ours, &id), find(theirs, &id));
        let key = |agent: &Option<Agent>| agent.as_ref().map(|a| a.recipient.clone());
        match three_way(&key(&b), &key(&o), &key(&t)) {
            // The same key on both sides: one side may know its part key (made since part
            // keys were), the other not.
            Pick::Ours => {
                if let (Some(theirs), Some(mine)) =
                    (&t, ours.agents.iter_mut().find(|a| a.id == id))
                    && mine.recipient == theirs.recipient
                    && mine.part_key.is_none()
                {
                    mine.part_key.clone_from(&theirs.part_key);
                }
            }
            Pick::Theirs => {
                ours.agents.retain(|a| a.id != id);
                if let Some(agent) = t {
                    ours.agents.push(agent);
                }
            }
            Pick::Conflict => conflicts.push(conflict(
                format!(
                    "agent {id} was changed differently on each side (a new key, or removed on one): ours is kept"
                ),
                format!("vault agent rm {id} && vault agent add {id} > {id}.key"),
            )),
        }
    }
    ours.agents.sort_by(|a, b| a.id.cmp(&b.id));
}

/// Which side a three-way merge of one thing takes.
#[derive(Debug, PartialEq, Eq)]
enum Pick {
    Ours,
    Theirs,
    Conflict,
}

/// The classic rule: a side that did not change it yields to the one that did; both making
/// the same change is one change.
fn three_way<T: PartialEq>(base: &T, ours: &T, theirs: &T) -> Pick {
    if theirs == base || theirs == ours {
        Pick::Ours
    } else if ours == base {
        Pick::Theirs
    } else {
        Pick::Conflict
    }
}

/// What of a secret changes with its value: the value, its version and history, the mark,
/// the hosts it may go to and where in a request, and the AWS pair it is half of.
type Content<'a> = (
    u64,
    &'a [u8],
    bool,
    &'a [String],
    Inject,
    Methods,
    Option<&'a str>,
);

fn content(secret: &Secret) -> Content<'_> {
    (
        secret.version,
        secret.value.expose(),
        secret.canary,
        &secret.hosts,
        secret.inject,
        secret.methods,
        secret.aws_sigv4.as_deref(),
    )
}

/// Merges the secrets, looking only at those theirs may have changed: the ones on pages that
/// differ between base and theirs (at 10,000 secrets, a page or two of 1,024). Returns the ids
/// the merged vault no longer has, for the grants.
fn merge_secrets(
    base: &State,
    ours: &mut State,
    theirs: &State,
    conflicts: &mut Vec<Conflict>,
) -> Result<HashSet<String>> {
    let (base_apart_theirs, their_changes) = base.secrets_apart(theirs)?;
    let (base_apart_ours, our_changes) = base.secrets_apart(ours)?;
    let ids: BTreeSet<&str> = base_apart_theirs
        .keys()
        .chain(their_changes.keys())
        .copied()
        .collect();
    // Decided first, done after: `ours` is borrowed until then.
    let mut puts: Vec<(Secret, Option<String>)> = Vec::new();
    let mut drops: Vec<(String, String)> = Vec::new();
    for id in ids {
        let (b, t) = (
            base_apart_theirs.get(id).copied(),
            their_changes.get(id).copied(),
        );
        // A secret ours left as base had it is on a page the two hold alike.
        let o = if base_apart_ours.contains_key(id) || our_changes.contains_key(id) {
            our_changes.get(id).copied()
        } else {
            b
        };
        let shown = t.or(o).or(b).map_or(id, |s| s.name.as_str());
        let unchanged = |now: &Secret, before: &Secret| {
            content(now) == content(before) && now.name == before.name
        };
        match (b, o, t) {
            (None, None, Some(added)) => puts.push((added.clone(), None)),
            (None, Some(_), None) | (Some(_), None, None) | (None, None, None) => {}
            (Some(before), Some(kept), None) => {
                if unchanged(kept, before) {
                    drops.push((id.to_owned(), kept.name.clone()));
                } else {
                    // Our change stays; a removal is easier to make again than a lost value.
                    conflicts.push(removed_and_changed(shown));
                }
            }
            (Some(before), None, Some(changed)) => {
                if !unchanged(changed, before) {
                    // Their change comes back, for the same reason.
                    puts.push((changed.clone(), None));
                    conflicts.push(removed_and_changed(shown));
                }
            }
            (Some(before), Some(mine), Some(other)) => {
                let name = three_way(&before.name, &mine.name, &other.name);
                let value = three_way(&content(before), &content(mine), &content(other));
                if name == Pick::Conflict {
                    conflicts.push(conflict(
                        format!(
                            "secret {} was renamed to {} on one side and to {} on the other: ours ({}) is kept",
                            before.name, mine.name, other.name, mine.name
                        ),
                        format!("vault secret rename {} {}", mine.name, other.name),
                    ));
                }
                if name == Pick::Theirs || value != Pick::Ours {
                    let mut merged = mine.clone();
                    if name == Pick::Theirs {
                        merged.name.clone_from(&other.name);
                        merged.updated_at = merged.updated_at.max(other.updated_at);
                    }
                    match value {
                        Pick::Theirs => {
                            merged.value = other.value.clone();
                            merged.version = other.version;
                            merged.history.clone_from(&other.history);
                            merged.canary = other.canary;
                            merged.hosts.clone_from(&other.hosts);
                            merged.inject = other.inject;
                            merged.methods = other.methods;
                            merged.aws_sigv4.clone_from(&other.aws_sigv4);
                            merged.updated_at = other.updated_at;
                        }
                        Pick::Conflict => {
                            let theirs_at = keep_theirs_in_history(&mut merged, other);
                            conflicts.push(conflict(
                                format!(
                                    "secret {} was set to different values on each side: ours is current, theirs is version {theirs_at}",
                                    merged.name
                                ),
                                format!(
                                    "vault secret rollback {} --to {theirs_at}",
                                    merged.name
                                ),
                            ));
                        }
                        Pick::Ours => {}
                    }
                    puts.push((merged, Some(mine.name.clone())));
                }
            }
            (None, Some(mine), Some(other)) => {
                if !unchanged(mine, other) {
                    conflicts.push(conflict(
                        format!(
                            "secret {shown} was added on both sides, differently: ours is kept"
                        ),
                        format!("vault secret set {}", mine.name),
                    ));
                }
            }
        }
    }
    // What the merged vault lacks: what it drops, and what ours lacks (removed since base, or
    // added by theirs) and does not take from theirs.
    let put: HashSet<&str> = puts.iter().map(|(s, _)| s.id.as_str()).collect();
    let mut gone: HashSet<String> = base_apart_ours
        .keys()
        .chain(
            their_changes
                .keys()
                .filter(|id| !base_apart_theirs.contains_key(*id)),
        )
        .filter(|id| !our_changes.contains_key(*id) && !put.contains(*id))
        .map(|id| (*id).to_owned())
        .collect();
    gone.extend(drops.iter().map(|(id, _)| id.clone()));
    drop(put);
    drop((
        base_apart_theirs,
        their_changes,
        base_apart_ours,
        our_changes,
    ));

    for (id, name) in drops {
        ours.drop_secret(&id, &name)?;
    }
    // Out of the way first: a rename may take a name another secret leaves.
    let mut moved = Vec::with_capacity(puts.len());
    for (secret, replacing) in puts {
        if let Some(name) = &replacing {
            ours.drop_secret(&secret.id, name)?;
        }
        moved.push(secret);
    }
    // A name still taken by another secret of ours: theirs gets a name of its own.
    for mut secret in moved {
        if ours.secret_named(&secret.name)?.is_none() {
            ours.put_secret(secret, None)?;
            continue;
        }
        let name = secret.name.clone();
        secret.name = free_name(ours, &name, &secret.id)?;
        conflicts.push(conflict(
            format!(
                "both sides have a secret named {name}, and they are not the same secret: ours keeps the name, theirs is {}",
                secret.name
            ),
            format!("vault secret rm {}", secret.name),
        ));
        ours.put_secret(secret, None)?;
    }
    Ok(gone)
}

/// Puts `theirs`' current value into `merged`'s history, as the version after ours, and makes
/// ours current again after it; returns the version theirs is kept as.
fn keep_theirs_in_history(merged: &mut Secret, theirs: &Secret) -> u64 {
    let theirs_at = merged.version + 1;
    merged.history.push(crate::state::OldValue {
        version: theirs_at,
        created_at: theirs.updated_at,
        value: theirs.value.clone(),
    });
    let excess = merged
        .history
        .len()
        .saturating_sub(crate::state::HISTORY_KEPT);
    merged.history.drain(..excess);
    merged.version = theirs_at + 1;
    merged.updated_at = merged.updated_at.max(theirs.updated_at);
    theirs_at
}

/// A name for their secret beside ours of the same name: `NAME.theirs`, else with a number,
/// else (too long a name) one made of its id.
fn free_name(ours: &State, name: &str, id: &str) -> Result<String> {
    for n in 1..100 {
        let candidate = if n == 1 {
            format!("{name}.theirs")
        } else {
            format!("{name}.theirs{n}")
        };
        if crate::names::is_valid_secret_name(&candidate)
            && ours.secret_named(&candidate)?.is_none()
        {
            return Ok(candidate);
        }
    }
    Ok(format!("_{id}"))
}

fn removed_and_changed(name: &str) -> Conflict {
    conflict(
        format!(
            "secret {name} was removed on one side and changed on the other: it is kept, changed"
        ),
        format!("vault secret rm {name}"),
    )
}

/// Merges the grants, by pair of agent and secret. `gone`: the secrets the merged vault no
/// longer has; every other secret a grant of either side names is there.
fn merge_grants(
    base: &State,
    ours: &mut State,
    theirs: &State,
    gone: &HashSet<String>,
    conflicts: &mut Vec<Conflict>,
) -> Result<()> {
    type Pair = (String, String);
    let by_pair = |state: &State| -> HashMap<Pair, Grant> {
        state
            .grants
            .iter()
            .map(|g| ((g.agent.clone(), g.secret.clone()), g.clone()))
            .collect()
    };
    let (b, o, t) = (by_pair(base), by_pair(ours), by_pair(theirs));
    let pairs: BTreeSet<&Pair> = b.keys().chain(o.keys()).chain(t.keys()).collect();
    let mut merged = Vec::new();
    for pair in pairs {
        let ends = |grant: Option<&Grant>| grant.map(Grant::terms);
        let (gb, go, gt) = (b.get(pair), o.get(pair), t.get(pair));
        let pick = three_way(&ends(gb), &ends(go), &ends(gt));
        let chosen = match pick {
            Pick::Ours => go,
            Pick::Theirs => gt,
            Pick::Conflict => {
                conflicts.push(conflict(
                    format!(
                        "the grant of a secret to agent {} was changed differently on each side: ours is kept",
                        pair.0
                    ),
                    format!("vault grant list --agent {}", pair.0),
                ));
                go
            }
        };
        // The same grant made on both sides, apart: the same change; keep one, the same one
        // whichever side merges.
        let chosen = match (chosen, go, gt) {
            (Some(_), Some(a), Some(b)) if gb.is_none() && a.terms() == b.terms() => {
                Some(if a.id <= b.id { a } else { b })
            }
            _ => chosen,
        };
        if let Some(grant) = chosen {
            merged.push(grant.clone());
        }
    }
    let mut kept = Vec::with_capacity(merged.len());
    for grant in merged {
        let agent = ours.agent(&grant.agent).is_ok();
        if agent && !gone.contains(&grant.secret) {
            kept.push(grant);
        } else {
            let name = [base, theirs]
                .iter()
                .find_map(|s| s.secret_by_id(&grant.secret).ok().flatten())
                .map_or(grant.secret.clone(), |s| s.name.clone());
            conflicts.push(conflict(
                format!(
                    "{} was granted {name} on one side, and the agent or the secret was removed on the other",
                    grant.agent
                ),
                format!("vault grant add --agent {} {name}", grant.agent),
            ));
        }
    }
    ours.grants = kept;
    Ok(())
}

/// Each log's later anchor: the logs of two machines are two keys, one machine's log on both
/// sides keeps the event further on.
fn merge_anchors(ours: &mut Vec<Anchor>, theirs: &[Anchor]) {
    for anchor in theirs {
        match ours.iter_mut().find(|a| a.log == anchor.log) {
            Some(mine) if mine.seq < anchor.seq => *mine = anchor.clone(),
            Some(_) => {}
            None => ours.push(anchor.clone()),
        }
    }
    ours.sort_by(|a, b| a.log.cmp(&b.log));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::SecretBytes;

    /// A small xorshift generator: each run of the randomized tests is reproducible from its
    /// seed, which a failure prints.
    struct Rng(u64);

    impl Rng {
        /// A new sequence each run, so that runs add up; failures print the seed to replay.
        fn from_clock() -> (u64, Self) {
            let seed = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1;
            (seed, Self(seed))
        }

        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }

        fn chance(&mut self, percent: usize) -> bool {
            self.below(100) < percent
        }
    }

    fn value(text: &str) -> SecretBytes {
        SecretBytes::new(text.as_bytes().to_vec())
    }

    /// A vault of 12 secrets and 5 agents, each agent granted a few.
    fn base(rng: &mut Rng) -> State {
        base_of(12, rng)
    }

    /// A vault of `secrets` secrets and 5 agents, each agent granted a few. Past 2,048 secrets
    /// it is written on pages of 1,024.
    fn base_of(secrets: usize, rng: &mut Rng) -> State {
        let width = if secrets > 100 { 4 } else { 2 };
        let name = |i: usize| format!("S{i:0width$}");
        let mut state = State::new("age1operator".into(), 1).unwrap();
        for i in 0..secrets {
            let value = value(&format!("v{i}"));
            state.add_secret(&name(i), value, false, 1).unwrap();
        }
        for i in 0..5 {
            state
                .add_agent(&format!("a{i}"), format!("age1agent{i}"), None, 1)
                .unwrap();
            for _ in 0..3 {
                let secret = name(rng.below(secrets));
                state.grant(&format!("a{i}"), &secret, None, 1).unwrap();
            }
        }
        copy(&state)
    }

    fn copy(state: &State) -> State {
        State::decode(state.encode().unwrap()).unwrap()
    }

    /// Which side owns each secret and agent of the base (0: nobody, 1: ours, 2: theirs).
    struct Owners {
        secrets: HashMap<String, usize>,
        agents: HashMap<String, usize>,
    }

    /// Random changes by `side` to what it owns, and new things it adds: sets, renames,
    /// removals, canaries, agents added, re-keyed and removed, grants added, revoked and given
    /// ends. Agents are removed only when no grant on them belongs to the other side.
    fn change(state: &mut State, side: usize, owners: &Owners, rng: &mut Rng) {
        let tag = if side == 1 { "O" } else { "T" };
        let now = 100 + side as i64;
        let mine: Vec<String> = owners
            .secrets
            .iter()
            .filter(|(_, owner)| **owner == side)
            .map(|(id, _)| id.clone())
            .collect();
        for id in &mine {
            let Some(name) = state.secret_by_id(id).unwrap().map(|s| s.name.clone()) else {
                continue;
            };
            match rng.below(5) {
                0 => {
                    state
                        .set_secret(&name, value(&format!("{tag}-set")), None, now)
                        .unwrap();
                }
                1 => {
                    state
                        .rename_secret(&name, &format!("{tag}_{name}"), now)
                        .unwrap();
                }
                2 => {
                    state.remove_secret(&name).unwrap();
                }
                3 => {
                    // Grants on it: a new one, or an end.
                    let agents: Vec<String> = state
                        .agents
                        .iter()
                        .filter(|a| owners.agents.get(&a.id).is_none_or(|o| *o != 3 - side))
                        .map(|a| a.id.clone())
                        .collect();
                    if !agents.is_empty() {
                        let agent = &agents[rng.below(agents.len())];
                        let end = rng.chance(50).then_some(1_000_000 + side as i64);
                        state.grant(agent, &name, end, now).unwrap();
                    }
                }
                _ => {
                    let revoked: Vec<String> = state
                        .grants
                        .iter()
                        .filter(|g| &g.secret == id)
                        .map(|g| g.id.clone())
                        .collect();
                    if let Some(grant) = revoked.first() {
                        state.revoke(grant).unwrap();
                    }
                }
            }
        }
        for (agent, owner) in &owners.agents {
            if *owner != side {
                continue;
            }
            if rng.chance(50) {
                let agent = state.agents.iter_mut().find(|a| &a.id == agent).unwrap();
                agent.recipient = format!("age1rekeyed{tag}");
            } else {
                state.remove_agent(agent).unwrap();
            }
        }
        for i in 0..rng.below(3) {
            let name = format!("NEW_{tag}{i}");
            state
                .add_secret(&name, value(&name), rng.chance(20), now)
                .unwrap();
            let agent = format!("new{tag}{i}");
            state
                .add_agent(&agent, format!("age1new{tag}{i}"), None, now)
                .unwrap();
            state.grant(&agent, &name, None, now).unwrap();
        }
    }

    /// Everything a merge result is judged on: secrets by id (name, version, value, canary),
    /// agents (recipient), grants by pair (end).
    type View = (
        Vec<(String, String, u64, Vec<u8>, bool)>,
        Vec<(String, String)>,
        Vec<((String, String), crate::state::Terms)>,
    );

    fn view(state: &State) -> View {
        let mut secrets: Vec<_> = state
            .secrets()
            .unwrap()
            .map(|s| {
                (
                    s.id.clone(),
                    s.name.clone(),
                    s.version,
                    s.value.expose().to_vec(),
                    s.canary,
                )
            })
            .collect();
        secrets.sort();
        let agents = state
            .agents
            .iter()
            .map(|a| (a.id.clone(), a.recipient.clone()))
            .collect();
        let mut grants: Vec<_> = state
            .grants
            .iter()
            .map(|g| ((g.agent.clone(), g.secret.clone()), g.terms()))
            .collect();
        grants.sort();
        (secrets, agents, grants)
    }

    /// What the merge must make of disjoint changes: each thing as the side that owns it left
    /// it (new things belong to the side that made them).
    fn expected(base: &State, ours: &State, theirs: &State, owners: &Owners) -> View {
        let (os, oa, og) = view(ours);
        let (ts, ta, tg) = (view(theirs).0, view(theirs).1, view(theirs).2);
        let (bs, ba, _) = view(base);
        let owner_of_secret = |id: &str| -> usize {
            if bs.iter().any(|s| s.0 == id) {
                owners.secrets[id]
            } else if ts.iter().any(|s| s.0 == id) {
                2
            } else {
                1
            }
        };
        let owner_of_agent = |id: &str| -> usize {
            if ba.iter().any(|a| a.0 == id) {
                owners.agents[id]
            } else if ta.iter().any(|a| a.0 == id) {
                2
            } else {
                1
            }
        };
        let pick = |owner: usize| if owner == 2 { 2 } else { 1 };
        let mut secrets: Vec<_> = os
            .iter()
            .filter(|s| pick(owner_of_secret(&s.0)) == 1)
            .chain(ts.iter().filter(|s| pick(owner_of_secret(&s.0)) == 2))
            .cloned()
            .collect();
        secrets.sort();
        let mut agents: Vec<_> = oa
            .iter()
            .filter(|a| pick(owner_of_agent(&a.0)) == 1)
            .chain(ta.iter().filter(|a| pick(owner_of_agent(&a.0)) == 2))
            .cloned()
            .collect();
        agents.sort();
        // A grant follows its secret's owner, and goes with its agent or its secret.
        let mut grants: Vec<_> = og
            .iter()
            .filter(|g| pick(owner_of_secret(&g.0.1)) == 1)
            .chain(tg.iter().filter(|g| pick(owner_of_secret(&g.0.1)) == 2))
            .filter(|g| agents.iter().any(|a| a.0 == g.0.0) && secrets.iter().any(|s| s.0 == g.0.1))
            .cloned()
            .collect();
        grants.sort();
        grants.dedup();
        (secrets, agents, grants)
    }

    /// Each secret changed by one side or the other with `percent` chance.
    fn owners(base: &State, percent: usize, rng: &mut Rng) -> Owners {
        let mut owner = || {
            if rng.chance(percent) {
                1 + rng.below(2)
            } else {
                0
            }
        };
        let secrets: HashMap<String, usize> = base
            .secrets()
            .unwrap()
            .map(|s| (s.id.clone(), owner()))
            .collect();
        // An agent is changed only by a side no grant of the other side's secrets depends on.
        let agents = base
            .agents
            .iter()
            .map(|a| {
                let sides: BTreeSet<usize> = base
                    .grants
                    .iter()
                    .filter(|g| g.agent == a.id)
                    .map(|g| secrets[&g.secret])
                    .filter(|side| *side != 0)
                    .collect();
                let owner = match sides.len() {
                    0 => rng.below(3),
                    1 => *sides.iter().next().unwrap(),
                    _ => 0,
                };
                // Nobody may remove an agent whose secrets the other side grants anew: both
                // sides' grants may name any agent, so only untouched agents can be granted.
                (a.id.clone(), if rng.chance(30) { owner } else { 0 })
            })
            .collect();
        Owners { secrets, agents }
    }

    #[test]
    fn five_hundred_random_disjoint_change_sets_merge_as_each_side_made_them() {
        let (seed, mut rng) = Rng::from_clock();
        let mut merged_count = 0;
        for round in 0..500 {
            let base = base(&mut rng);
            let owners = owners(&base, 67, &mut rng);
            let mut ours = copy(&base);
            let mut theirs = copy(&base);
            change(&mut ours, 1, &owners, &mut rng);
            change(&mut theirs, 2, &owners, &mut rng);
            let ours_before = copy(&ours);
            let conflicts = merge(&base, &mut ours, &theirs).unwrap();
            assert!(
                conflicts.is_empty(),
                "seed {seed}, round {round}: {conflicts:#?}"
            );
            assert_eq!(
                view(&ours),
                expected(&base, &ours_before, &theirs, &owners),
                "seed {seed}, round {round}"
            );
            // What the merge makes is a vault that loads.
            copy(&ours).secrets_by_id().unwrap();
            assert!(ours.generation > ours_before.generation.max(theirs.generation));
            merged_count += 1;
        }
        assert_eq!(merged_count, 500);
    }

    /// The merge looks only at the pages that differ: on a vault of three pages where each
    /// side changes a few secrets, what it leaves unread must still be merged right.
    #[test]
    fn random_change_sets_on_a_vault_of_many_pages_merge_as_each_side_made_them() {
        let (seed, mut rng) = Rng::from_clock();
        let large = base_of(2_500, &mut rng);
        for round in 0..20 {
            let base = copy(&large);
            let owners = owners(&base, 1, &mut rng);
            let mut ours = copy(&base);
            let mut theirs = copy(&base);
            change(&mut ours, 1, &owners, &mut rng);
            change(&mut theirs, 2, &owners, &mut rng);
            let (ours, theirs) = (copy(&ours), copy(&theirs));
            let ours_before = copy(&ours);
            let mut merged = copy(&ours);
            let conflicts = merge(&base, &mut merged, &theirs).unwrap();
            assert!(
                conflicts.is_empty(),
                "seed {seed}, round {round}: {conflicts:#?}"
            );
            assert_eq!(
                view(&copy(&merged)),
                expected(&base, &ours_before, &theirs, &owners),
                "seed {seed}, round {round}"
            );
        }
    }

    /// Random disjoint change sets as above, plus one thing both sides changed two ways: the
    /// merge must name that thing, keep every disjoint change of both sides around it, and
    /// keep what each side made of the conflicting thing where it can be taken back.
    #[test]
    fn random_change_sets_with_one_conflict_keep_every_other_change_and_name_it() {
        let (seed, mut rng) = Rng::from_clock();
        for round in 0..200 {
            let base = base(&mut rng);
            let owners = owners(&base, 67, &mut rng);
            let untouched: Vec<&String> = owners
                .secrets
                .iter()
                .filter(|(_, owner)| **owner == 0)
                .map(|(id, _)| id)
                .collect();
            let mut ours = copy(&base);
            let mut theirs = copy(&base);
            change(&mut ours, 1, &owners, &mut rng);
            change(&mut theirs, 2, &owners, &mut rng);
            // What the disjoint changes alone must merge into.
            let disjoint = expected(&base, &ours, &theirs, &owners);
            let target = untouched.get(rng.below(untouched.len().max(1))).copied();
            let how = rng.below(4);
            let named = match target {
                Some(id) => {
                    let name = base.secret_by_id(id).unwrap().unwrap().name.clone();
                    for (side, state) in [(1, &mut ours), (2, &mut theirs)] {
                        match (how, side) {
                            (0, _) | (2, 2) => {
                                let text = format!("side{side}");
                                state.set_secret(&name, value(&text), None, 5).unwrap();
                            }
                            (1, _) => {
                                state
                                    .rename_secret(&name, &format!("{name}_{side}"), 5)
                                    .unwrap();
                            }
                            (2, _) => {
                                state.remove_secret(&name).unwrap();
                            }
                            _ => {
                                let end = Some(1_000 + side as i64);
                                state.add_agent("both", "age1both".into(), None, 5).unwrap();
                                state.grant("both", &name, end, 5).unwrap();
                            }
                        }
                    }
                    if how == 3 { "both".to_string() } else { name }
                }
                None => {
                    for (side, state) in [(1, &mut ours), (2, &mut theirs)] {
                        let text = format!("twin{side}");
                        state.add_secret("TWIN", value(&text), false, 5).unwrap();
                    }
                    "TWIN".to_string()
                }
            };
            let conflicts = merge(&base, &mut ours, &theirs).unwrap();
            let at = format!("seed {seed}, round {round}, {named}");
            assert!(
                conflicts
                    .iter()
                    .any(|c| c.what.contains(&named) && c.settle.starts_with("vault ")),
                "{at}: {conflicts:#?}"
            );
            // Everything but the conflicting thing is as the disjoint changes made it.
            let ours = copy(&ours);
            let conflicting = |secret: &str, agent: &str| {
                target.is_some_and(|id| id == secret) || agent == "both"
            };
            let strip = |(secrets, agents, grants): View| -> View {
                (
                    secrets
                        .into_iter()
                        .filter(|s| !conflicting(&s.0, "") && !s.1.starts_with("TWIN"))
                        .collect(),
                    agents.into_iter().filter(|a| a.0 != "both").collect(),
                    grants
                        .into_iter()
                        .filter(|g| !conflicting(&g.0.1, &g.0.0))
                        .collect(),
                )
            };
            assert_eq!(strip(view(&ours)), strip(disjoint), "{at}");
            // And the conflicting thing: nothing of either side is lost.
            let value_of = |state: &State, name: &str| {
                state
                    .secret_named(name)
                    .unwrap()
                    .map(|s| s.value.expose().to_vec())
            };
            match (target, how) {
                (None, _) => {
                    assert_eq!(value_of(&ours, "TWIN").unwrap(), b"twin1", "{at}");
                    assert_eq!(value_of(&ours, "TWIN.theirs").unwrap(), b"twin2", "{at}");
                }
                (Some(id), 0) => {
                    let secret = ours.secret_by_id(id).unwrap().unwrap();
                    assert_eq!(secret.value.expose(), b"side1", "{at}");
                    assert!(
                        secret
                            .history
                            .iter()
                            .any(|old| old.value.expose() == b"side2"),
                        "{at}"
                    );
                }
                (Some(id), 1) => {
                    let secret = ours.secret_by_id(id).unwrap().unwrap();
                    assert!(secret.name.ends_with("_1"), "{at}");
                }
                (Some(id), 2) => {
                    let secret = ours.secret_by_id(id).unwrap().unwrap();
                    assert_eq!(secret.value.expose(), b"side2", "{at}");
                }
                (Some(_), _) => {
                    let ends: Vec<Option<i64>> =
                        ours.grants_of("both").map(|g| g.expires_at).collect();
                    assert_eq!(ends, [Some(1_001)], "{at}");
                }
            }
        }
    }

    #[test]
    fn the_same_thing_changed_two_ways_is_a_named_conflict() {
        let mut rng = Rng(0x5eed);
        let base = base(&mut rng);
        type Edit = fn(&mut State, usize);
        let cases: [(&str, Edit, &str); 6] = [
            (
                "set twice",
                |s, side| {
                    s.set_secret("S03", value(&format!("side{side}")), None, 5)
                        .unwrap();
                },
                "S03",
            ),
            (
                "renamed twice",
                |s, side| {
                    s.rename_secret("S04", &format!("S04_{side}"), 5).unwrap();
                },
                "S04",
            ),
            (
                "removed and set",
                |s, side| {
                    if side == 1 {
                        s.remove_secret("S05").unwrap();
                    } else {
                        s.set_secret("S05", value("changed"), None, 5).unwrap();
                    }
                },
                "S05",
            ),
            (
                "re-keyed twice",
                |s, side| {
                    s.agents[1].recipient = format!("age1side{side}");
                },
                "a1",
            ),
            (
                "ends differently",
                |s, side| {
                    s.grant("a2", "S06", Some(1_000 + side as i64), 5).unwrap();
                },
                "a2",
            ),
            (
                "added twice",
                |s, side| {
                    s.add_secret("TWIN", value(&format!("twin{side}")), false, 5)
                        .unwrap();
                },
                "TWIN",
            ),
        ];
        for (label, edit, named) in cases {
            let mut ours = copy(&base);
            let mut theirs = copy(&base);
            edit(&mut ours, 1);
            edit(&mut theirs, 2);
            let conflicts = merge(&base, &mut ours, &theirs).unwrap();
            assert!(!conflicts.is_empty(), "{label}");
            assert!(
                conflicts
                    .iter()
                    .any(|c| c.what.contains(named) && c.settle.starts_with("vault ")),
                "{label}: {conflicts:?}"
            );
        }
    }

    #[test]
    fn the_same_change_on_both_sides_merges_once() {
        let mut rng = Rng(7);
        let base = base(&mut rng);
        let mut ours = copy(&base);
        let mut theirs = copy(&base);
        for side in [&mut ours, &mut theirs] {
            side.set_secret("S01", value("same"), None, 9).unwrap();
            side.grant("a3", "S02", Some(5_000), 9).unwrap();
            side.remove_secret("S07").unwrap();
        }
        assert!(merge(&base, &mut ours, &theirs).unwrap().is_empty());
        assert_eq!(ours.secret("S01").unwrap().value.expose(), b"same");
        assert!(ours.secret_named("S07").unwrap().is_none());
        assert_eq!(
            ours.grants_of("a3")
                .filter(|g| g.expires_at == Some(5_000))
                .count(),
            1
        );
    }
}
