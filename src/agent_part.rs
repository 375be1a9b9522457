//! The plaintext of an agent's part: the agent's id and exactly the secrets granted to it.
//!
//! It is sealed to the agent's key (and to the operators, so an operator-path read opens the
//! same small part instead of the whole state). An ungranted secret is not in it at all, which
//! is what makes a grant a matter of cryptography rather than of code.

use anyhow::{Result, anyhow};
use serde::{Deserialize, Serialize};

use crate::hosts::Methods;
use crate::inject::Inject;
use crate::part::{self, Layout, Span};
use crate::secret::SecretBytes;

#[derive(Serialize, Deserialize)]
struct Description<S> {
    agent: S,
    /// The agent's recipient: a reader whose key is this one's is the agent, whichever way
    /// the key was given (as an agent key or, mistakenly or not, as the operator identity).
    recipient: S,
    secrets: Vec<Entry<S>>,
}

/// `(grant_id, secret_id, name, (offset, length), flags, expires_at, hosts[, approve[,
/// aws_sigv4]])`; flags: 1 for a canary; hosts: where the credential proxy may send the value;
/// approve: the seconds a request of the proxy waits for a person's answer, for a grant that
/// asks; aws_sigv4: the id of the access key id's secret, for an AWS secret access key.
///
/// The elements after the hosts are written only when some of them are set, so a part of a
/// grant that uses neither reads as it did before they were known. Written by hand, since an
/// element left out in the middle would make the next one read as it.
#[derive(Deserialize)]
struct Entry<S>(
    S,
    S,
    S,
    Span,
    u16,
    Option<i64>,
    Vec<S>,
    #[serde(default = "none")] Option<u32>,
    #[serde(default = "none")] Option<S>,
);

impl<S: Serialize> Serialize for Entry<S> {
    fn serialize<T: serde::Serializer>(&self, serializer: T) -> Result<T::Ok, T::Error> {
        use serde::ser::SerializeTupleStruct;
        let Entry(grant, secret, name, span, flags, expires_at, hosts, approve, aws_sigv4) = self;
        let trailing = if aws_sigv4.is_some() {
            2
        } else {
            usize::from(approve.is_some())
        };
        let mut tuple = serializer.serialize_tuple_struct("Entry", 7 + trailing)?;
        tuple.serialize_field(grant)?;
        tuple.serialize_field(secret)?;
        tuple.serialize_field(name)?;
        tuple.serialize_field(span)?;
        tuple.serialize_field(flags)?;
        tuple.serialize_field(expires_at)?;
        tuple.serialize_field(hosts)?;
        if trailing >= 1 {
            tuple.serialize_field(approve)?;
        }
        if trailing == 2 {
            tuple.serialize_field(aws_sigv4)?;
        }
        tuple.end()
    }
}

fn none<T>() -> Option<T> {
    None
}

const CANARY: u16 = 1;

/// The plaintext of `agent`'s part, holding `granted`, sorted by name.
pub fn encode(agent: &str, recipient: &str, mut granted: Vec<Granted>) -> Result<SecretBytes> {
    granted.sort_by(|a, b| a.name.cmp(b.name));
    let mut layout = Layout::default();
    let secrets = granted
        .iter()
        .map(|held| {
            let span = layout.span(held.value);
            let flags =
                if held.canary { CANARY } else { 0 } | held.inject.flags() | held.methods.flags();
            Entry(
                held.grant_id,
                held.secret_id,
                held.name,
                span,
                flags,
                held.expires_at,
                held.hosts.iter().map(String::as_str).collect(),
                held.approve,
                held.aws_sigv4,
            )
        })
        .collect();
    let description = Description {
        agent,
        recipient,
        secrets,
    };
    let values: Vec<&[u8]> = granted.iter().map(|held| held.value).collect();
    let line = part::to_line(&description, 96 * (granted.len() + 1))?;
    Ok(part::join(&[line.as_bytes()], &values))
}

/// An opened agent part.
pub struct AgentPart {
    agent: String,
    recipient: String,
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
    pub canary: bool,
    /// When the grant ends, if it does: a read after it is denied, though the value stays in
    /// the part until the next change drops it.
    pub expires_at: Option<i64>,
    /// The hosts the credential proxy may send the value to.
    pub hosts: &'a [String],
    /// Where in a request to them.
    pub inject: Inject,
    /// In requests of which methods.
    pub methods: Methods,
    /// Each request waits this many seconds for a person's answer (`grant add --approve`).
    pub approve: Option<u32>,
    /// For the secret access key of an AWS pair: the id of the secret of its access key id.
    pub aws_sigv4: Option<&'a str>,
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
            recipient: description.recipient,
            entries: description.secrets,
            blob_start,
            plain,
        })
    }

    /// The agent this part was sealed for, as written inside the encryption.
    pub fn agent(&self) -> &str {
        &self.agent
    }

    /// That agent's recipient.
    pub fn recipient(&self) -> &str {
        &self.recipient
    }

    fn granted<'a>(&'a self, entry: &'a Entry<String>) -> Granted<'a> {
        let blob = &self.plain.expose()[self.blob_start..];
        let Entry(grant_id, secret_id, name, span, flags, expires_at, hosts, approve, aws_sigv4) =
            entry;
        Granted {
            grant_id,
            secret_id,
            name,
            value: part::slice(blob, *span).expect("checked in decode"),
            canary: flags & CANARY != 0,
            expires_at: *expires_at,
            hosts,
            inject: Inject::from_flags(*flags),
            methods: Methods::from_flags(*flags),
            approve: *approve,
            aws_sigv4: aws_sigv4.as_deref(),
        }
    }

    /// Every granted secret, sorted by name.
    pub fn all(&self) -> impl Iterator<Item = Granted<'_>> {
        self.entries.iter().map(|entry| self.granted(entry))
    }

    /// The granted secret with this id.
    pub fn with_id(&self, id: &str) -> Option<Granted<'_>> {
        self.entries
            .iter()
            .find(|Entry(_, secret_id, ..)| secret_id == id)
            .map(|entry| self.granted(entry))
    }

    /// The granted secret with this name (or id).
    pub fn find(&self, reference: &str) -> Option<Granted<'_>> {
        self.entries
            .iter()
            .find(|Entry(_, id, name, ..)| name == reference || id == reference)
            .map(|entry| self.granted(entry))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held<'a>(name: &'a str, value: &'a [u8]) -> Granted<'a> {
        Granted {
            grant_id: "grt_1",
            secret_id: name,
            name,
            value,
            canary: name == "B",
            expires_at: (name == "A").then_some(99),
            hosts: &[],
            inject: if name == "B" {
                Inject::parse(&["body".to_owned()]).unwrap()
            } else {
                Inject::default()
            },
            methods: if name == "B" {
                Methods::parse(&["GET".to_owned()]).unwrap()
            } else {
                Methods::default()
            },
            approve: (name == "B").then_some(30),
            aws_sigv4: (name == "C").then_some("sec_A"),
        }
    }

    #[test]
    fn round_trip_sorted_by_name() {
        let plain = encode(
            "bot",
            "age1bot",
            vec![held("B", b"two"), held("A", b"\0one\n")],
        )
        .unwrap();
        let part = AgentPart::decode(plain).unwrap();
        assert_eq!((part.agent(), part.recipient()), ("bot", "age1bot"));
        let names: Vec<&str> = part.all().map(|held| held.name).collect();
        assert_eq!(names, ["A", "B"]);
        assert_eq!(part.find("A").unwrap().value, b"\0one\n");
        assert_eq!(part.find("B").unwrap().value, b"two");
        assert!(part.find("B").unwrap().canary && !part.find("A").unwrap().canary);
        assert_eq!(part.find("B").unwrap().inject.places(), ["body"]);
        assert_eq!(part.find("B").unwrap().methods.names(), ["GET"]);
        assert_eq!(part.find("A").unwrap().methods, Methods::default());
        assert_eq!(part.find("A").unwrap().inject, Inject::default());
        assert_eq!(part.find("A").unwrap().expires_at, Some(99));
        assert_eq!(part.find("B").unwrap().approve, Some(30));
        assert_eq!(part.find("A").unwrap().approve, None);
        assert!(part.find("C").is_none());

        // The approval's element is written only for a grant that asks: a part without one
        // reads as every part did before it.
        let one = encode("bot", "age1bot", vec![held("A", b"one")]).unwrap();
        let text = String::from_utf8_lossy(one.expose()).into_owned();
        assert!(text.contains("Some(99),[])"), "{text}");
        let two = encode("bot", "age1bot", vec![held("B", b"two")]).unwrap();
        let text = String::from_utf8_lossy(two.expose()).into_owned();
        assert!(text.contains("[],Some(30))"), "{text}");
        // An AWS pair's link comes after the approval, which is then written even when unset.
        let three = encode("bot", "age1bot", vec![held("C", b"three")]).unwrap();
        let text = String::from_utf8_lossy(three.expose()).into_owned();
        assert!(text.contains("[],None,Some(\"sec_A\"))"), "{text}");
        let part = AgentPart::decode(three).unwrap();
        let c = part.find("C").unwrap();
        assert_eq!((c.approve, c.aws_sigv4), (None, Some("sec_A")));

        let idle = AgentPart::decode(encode("idle", "age1idle", Vec::new()).unwrap()).unwrap();
        assert_eq!((idle.agent(), idle.all().count()), ("idle", 0));
    }

    /// The fuzzer starts from these; a seed the format no longer accepts would leave it
    /// mutating garbage.
    #[test]
    fn the_fuzz_seeds_are_parts_this_format_reads() {
        let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/seeds/agent_part");
        for seed in std::fs::read_dir(seeds).unwrap() {
            let path = seed.unwrap().path();
            let plain = SecretBytes::new(std::fs::read(&path).unwrap());
            let part = AgentPart::decode(plain);
            let part = part.unwrap_or_else(|err| panic!("{}: {err}", path.display()));
            assert!(part.recipient().starts_with("age1"));
        }
    }

    #[test]
    fn spans_outside_the_part_are_refused() {
        let plain = encode("bot", "age1bot", vec![held("A", b"value")]).unwrap();
        let cut = plain.expose()[..plain.len() - 1].to_vec();
        let err = AgentPart::decode(SecretBytes::new(cut)).err().unwrap();
        assert!(err.to_string().contains("outside"), "{err}");
    }
}
