//! The plaintext of an agent's part: the agent's id and exactly the secrets granted to it.
//!
//! It is sealed to the agent's key (and to the operators, so an operator-path read opens the
//! same small part instead of the whole state). An ungranted secret is not in it at all, which
//! is what makes a grant a matter of cryptography rather than of code.

use anyhow::{Result, anyhow};
use serde::{Deserialize, Serialize};

use crate::part::{self, Blob, Span};
use crate::secret::SecretBytes;
use crate::state::{Agent, State};

#[derive(Serialize, Deserialize)]
struct Description<S> {
    agent: S,
    secrets: Vec<Entry<S>>,
}

#[derive(Serialize, Deserialize)]
struct Entry<S> {
    grant: S,
    id: S,
    name: S,
    value: Span,
}

/// The plaintext of `agent`'s part, with its granted secrets sorted by name.
pub fn encode(state: &State, agent: &Agent) -> Result<SecretBytes> {
    let mut granted: Vec<_> = state
        .grants_of(&agent.id)
        .filter_map(|grant| Some((grant, state.secret_by_id(&grant.secret)?)))
        .collect();
    granted.sort_by(|a, b| a.1.name.cmp(&b.1.name));
    let mut blob = Blob::with_capacity(granted.iter().map(|(_, s)| s.value.len()).sum());
    let secrets = granted
        .into_iter()
        .map(|(grant, secret)| Entry {
            grant: grant.id.as_str(),
            id: secret.id.as_str(),
            name: secret.name.as_str(),
            value: blob.push(secret.value.expose()),
        })
        .collect();
    let description = Description {
        agent: agent.id.as_str(),
        secrets,
    };
    part::join(&description, &blob)
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
            .any(|entry| part::slice(blob, entry.value).is_none())
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
        Granted {
            grant_id: &entry.grant,
            secret_id: &entry.id,
            name: &entry.name,
            value: part::slice(blob, entry.value).expect("checked in decode"),
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
            .find(|entry| entry.name == reference || entry.id == reference)
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

        let plain = encode(&state, state.agent("bot").unwrap()).unwrap();
        assert!(!plain.expose().windows(5).any(|w| w == b"OTHER"));
        assert!(!plain.expose().windows(6).any(|w| w == b"canary"));

        let part = AgentPart::decode(plain).unwrap();
        assert_eq!(part.agent(), "bot");
        assert_eq!(part.find("GRANTED").unwrap().value, b"yes\0");
        assert!(part.find("OTHER").is_none());
    }
}
