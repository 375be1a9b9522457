//! The plaintext of an agent's part: the agent's id and exactly the secrets granted to it.
//!
//! It is sealed to the agent's key (and to the operators, so an operator-path read opens the
//! same small part instead of the whole state). An ungranted secret is not in it at all, which
//! is what makes a grant a matter of cryptography rather than of code.

use std::collections::HashMap;

use anyhow::{Result, anyhow};
use serde::{Deserialize, Serialize};

use crate::part::{self, Layout, Span};
use crate::secret::SecretBytes;
use crate::state::{Agent, Grant, Secret, State};

#[derive(Serialize, Deserialize)]
struct Description<S> {
    agent: S,
    secrets: Vec<Entry<S>>,
}

/// `(grant_id, secret_id, name, (offset, length))`
#[derive(Serialize, Deserialize)]
struct Entry<S>(S, S, S, Span);

/// The plaintexts of every agent's part, in the order of `state.agents`. Made together, in one
/// pass over the secrets, rather than a search of all of them for each grant.
pub fn encode_all(state: &State) -> Result<Vec<SecretBytes>> {
    // Indexed by the granted secrets, usually far fewer than all of them.
    let mut grants_on: HashMap<&str, Vec<&Grant>> = HashMap::new();
    for grant in &state.grants {
        grants_on.entry(&grant.secret).or_default().push(grant);
    }
    let mut granted: HashMap<&str, Vec<(&Grant, &Secret)>> = HashMap::new();
    for secret in &state.secrets {
        for grant in grants_on.get(secret.id.as_str()).into_iter().flatten() {
            granted
                .entry(&grant.agent)
                .or_default()
                .push((grant, secret));
        }
    }
    state
        .agents
        .iter()
        .map(|agent| encode(agent, granted.remove(agent.id.as_str()).unwrap_or_default()))
        .collect()
}

/// `agent`'s part, holding `granted`, sorted by name.
fn encode(agent: &Agent, mut granted: Vec<(&Grant, &Secret)>) -> Result<SecretBytes> {
    granted.sort_by(|a, b| a.1.name.cmp(&b.1.name));
    let mut layout = Layout::default();
    let secrets = granted
        .iter()
        .map(|(grant, secret)| {
            let span = layout.span(secret.value.expose());
            Entry(
                grant.id.as_str(),
                secret.id.as_str(),
                secret.name.as_str(),
                span,
            )
        })
        .collect();
    let description = Description {
        agent: agent.id.as_str(),
        secrets,
    };
    let values = granted.iter().map(|(_, secret)| secret.value.expose());
    let line = part::to_line(&description, 96 * (granted.len() + 1))?;
    Ok(part::join(&[line], &layout, values))
}

/// An opened agent part.
pub struct AgentPart {
    agent: String,
    entries: Vec<Entry<String>>,
    blob_start: usize,
    plain: SecretBytes,
}

/// One granted secret, borrowed from an opened part.
pub struct Granted<'a> {
    pub grant_id: &'a str,
    pub secret_id: &'a str,
    pub name: &'a str,
    pub value: &'a [u8],
}

impl AgentPart {
    pub fn decode(plain: SecretBytes) -> Result<Self> {
        let (description, blob): (Description<String>, _) =
            part::split(plain.expose(), "an agent part")?;
        let blob_start = plain.len() - blob.len();
        if description
            .secrets
            .iter()
            .any(|entry| part::slice(blob, entry.3).is_none())
        {
            return Err(anyhow!(
                "an agent part points outside itself; restore the vault from a backup"
            ));
        }
        Ok(Self {
            agent: description.agent,
            entries: description.secrets,
            blob_start,
            plain,
        })
    }

    /// The agent this part was sealed for, as written inside the encryption.
    pub fn agent(&self) -> &str {
        &self.agent
    }

    fn granted<'a>(&'a self, entry: &'a Entry<String>) -> Granted<'a> {
        let blob = &self.plain.expose()[self.blob_start..];
        let Entry(grant_id, secret_id, name, span) = entry;
        Granted {
            grant_id,
            secret_id,
            name,
            value: part::slice(blob, *span).expect("checked in decode"),
        }
    }

    /// Every granted secret, sorted by name.
    pub fn all(&self) -> impl Iterator<Item = Granted<'_>> {
        self.entries.iter().map(|entry| self.granted(entry))
    }

    /// The granted secret with this name (or id).
    pub fn find(&self, reference: &str) -> Option<Granted<'_>> {
        self.entries
            .iter()
            .find(|Entry(_, id, name, _)| name == reference || id == reference)
            .map(|entry| self.granted(entry))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_exactly_the_granted_secrets() {
        let mut state = State::new("age1op".into(), 1);
        state
            .add_secret("GRANTED", SecretBytes::new(b"yes\0".to_vec()), 1)
            .unwrap();
        state
            .add_secret("OTHER", SecretBytes::new(b"sk-other-canary".to_vec()), 1)
            .unwrap();
        state.add_agent("bot", "age1bot".into(), 1).unwrap();
        state.grant("bot", "GRANTED", 1).unwrap();

        state.add_agent("idle", "age1idle".into(), 1).unwrap();
        let mut plains = encode_all(&state).unwrap();
        let idle = AgentPart::decode(plains.pop().unwrap()).unwrap();
        assert_eq!((idle.agent(), idle.all().count()), ("idle", 0));
        let plain = plains.pop().unwrap();
        assert!(!plain.expose().windows(5).any(|w| w == b"OTHER"));
        assert!(!plain.expose().windows(6).any(|w| w == b"canary"));

        let part = AgentPart::decode(plain).unwrap();
        assert_eq!(part.agent(), "bot");
        assert_eq!(part.find("GRANTED").unwrap().value, b"yes\0");
        assert!(part.find("OTHER").is_none());
    }
}
