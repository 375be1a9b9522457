//! The vault file container: a cleartext header and index, then age-encrypted parts.
//!
//! FORMAT.md documents these bytes; this module is their only reader and writer. It does no I/O
//! and no cryptography beyond SHA-256, so an agent's read can parse the index from a few
//! hundred bytes and then fetch just its own part.
//!
//! ```text
//! header   magic "AGEVAULT" | version u32 | agent count u32 | salt [32]
//!          | operator part: offset u64, length u64, sha256 [32]
//! index    agent entries, sorted by slot: slot [32], offset u64, length u64, tag [32]
//! checksum sha256 of header and index
//! parts    operator part, then the agent parts in index order
//! ```

use std::io::{self, Seek, SeekFrom, Write};

use anyhow::{Result, anyhow, bail};
use sha2::{Digest, Sha256};

pub const MAGIC: [u8; 8] = *b"AGEVAULT";
/// The newest layout this program reads and the one it writes.
pub const FORMAT_VERSION: u32 = 1;
pub const HEADER_LEN: usize = 96;
pub const ENTRY_LEN: usize = 80;
pub const CHECKSUM_LEN: usize = 32;
/// Far above any real vault; bounds what a damaged count can make a reader allocate.
const MAX_AGENTS: u32 = 1 << 20;

/// Where an agent's part is listed: SHA-256 of the vault's salt followed by the agent id, so the
/// file never shows agent ids and the slots of one vault say nothing about another's.
pub type Slot = [u8; 32];

pub fn agent_slot(salt: &[u8; 32], agent_id: &str) -> Slot {
    let mut hasher = Sha256::new();
    hasher.update(salt);
    hasher.update(agent_id.as_bytes());
    hasher.finalize().into()
}

pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Where a part lies in the file, and the digest it must have: the SHA-256 of the operator
/// part; an agent part's tag (`crypto::part_tag`), which only its agent and the operators can
/// make or check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartRef {
    pub offset: u64,
    pub len: u64,
    pub digest: [u8; 32],
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Index {
    pub salt: [u8; 32],
    pub operator: PartRef,
    /// Sorted by slot, no slot twice.
    pub agents: Vec<(Slot, PartRef)>,
}

fn damaged(what: &str) -> anyhow::Error {
    anyhow!("the vault file is damaged ({what}); restore it from a backup")
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"))
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
}

fn array_at(bytes: &[u8], at: usize) -> [u8; 32] {
    bytes[at..at + 32].try_into().expect("32 bytes")
}

fn part_at(bytes: &[u8], at: usize) -> PartRef {
    PartRef {
        offset: u64_at(bytes, at),
        len: u64_at(bytes, at + 8),
        digest: array_at(bytes, at + 16),
    }
}

/// From the fixed-size header, the length of header, index and checksum together.
pub fn index_len(header: &[u8]) -> Result<usize> {
    if header.is_empty() {
        return Err(damaged("empty"));
    }
    if !header.starts_with(&MAGIC[..header.len().min(MAGIC.len())]) {
        bail!("this is not a vault file (it does not start with AGEVAULT)");
    }
    if header.len() < HEADER_LEN {
        return Err(damaged("truncated header"));
    }
    let version = u32_at(header, 8);
    if version != FORMAT_VERSION {
        bail!(
            "unsupported vault format {version}, this vault reads up to {FORMAT_VERSION}; upgrade vault"
        );
    }
    let agents = u32_at(header, 12);
    if agents > MAX_AGENTS {
        return Err(damaged("impossible agent count"));
    }
    Ok(HEADER_LEN + agents as usize * ENTRY_LEN + CHECKSUM_LEN)
}

/// Parses and authenticates header and index (the first `index_len` bytes of the file).
pub fn parse_index(bytes: &[u8]) -> Result<Index> {
    let len = index_len(bytes)?;
    if bytes.len() < len {
        return Err(damaged("truncated index"));
    }
    let (covered, checksum) = bytes[..len].split_at(len - CHECKSUM_LEN);
    if sha256(covered) != checksum {
        return Err(damaged("index checksum mismatch"));
    }
    let agents: Vec<(Slot, PartRef)> = covered[HEADER_LEN..]
        .chunks_exact(ENTRY_LEN)
        .map(|entry| (array_at(entry, 0), part_at(entry, 32)))
        .collect();
    if agents.windows(2).any(|pair| pair[0].0 >= pair[1].0) {
        return Err(damaged("index out of order"));
    }
    Ok(Index {
        salt: array_at(bytes, 16),
        operator: part_at(bytes, 48),
        agents,
    })
}

impl Index {
    pub fn find_agent(&self, slot: &Slot) -> Option<PartRef> {
        self.agents
            .binary_search_by(|(candidate, _)| candidate.cmp(slot))
            .ok()
            .map(|at| self.agents[at].1)
    }

    /// Checks the layout: parts back to back from the end of the index to the end of the file.
    /// What is in them is checked above this module: the operator part by the age
    /// authentication its decryption does anyway (its digest tells damage from a foreign key
    /// if that fails: see `vault::decode`), each agent part by its tag, against the key and
    /// the tag the operator part records (`vault::check_parts`). With those, any damaged byte
    /// is caught.
    pub fn verify_file(&self, file: &[u8]) -> Result<()> {
        let mut expected_offset =
            (HEADER_LEN + self.agents.len() * ENTRY_LEN + CHECKSUM_LEN) as u64;
        for part in std::iter::once(&self.operator).chain(self.agents.iter().map(|(_, p)| p)) {
            if part.offset != expected_offset {
                return Err(damaged("parts out of place"));
            }
            part_in(file, part)?;
            expected_offset += part.len;
        }
        if expected_offset != file.len() as u64 {
            return Err(damaged("unexpected length"));
        }
        Ok(())
    }
}

/// The bytes of one part of a file `verify_file` has checked already.
pub fn part_in<'a>(file: &'a [u8], part: &PartRef) -> Result<&'a [u8]> {
    let start = usize::try_from(part.offset).map_err(|_| damaged("part out of bounds"))?;
    let len = usize::try_from(part.len).map_err(|_| damaged("part out of bounds"))?;
    start
        .checked_add(len)
        .and_then(|end| file.get(start..end))
        .ok_or_else(|| damaged("part out of bounds"))
}

pub fn check_digest(bytes: &[u8], part: &PartRef) -> Result<()> {
    if sha256(bytes) != part.digest {
        return Err(damaged("part checksum mismatch"));
    }
    Ok(())
}

/// Writes a vault file part by part, each part straight to the output as it is produced, so no
/// copy of the whole file is ever held. The index, which records every part's length and digest,
/// goes in last, at the top of the file.
pub struct Writer<W: Write + Seek> {
    out: W,
    salt: [u8; 32],
    agent_count: usize,
    offset: u64,
    operator: Option<PartRef>,
    agents: Vec<(Slot, PartRef)>,
}

/// Counts and hashes what goes through it.
struct Hashing<'a, W> {
    out: &'a mut W,
    hasher: Sha256,
    len: u64,
}

impl<W: Write> Write for Hashing<'_, W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.out.write(bytes)?;
        self.hasher.update(&bytes[..written]);
        self.len += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

fn index_len_for(agents: usize) -> u64 {
    (HEADER_LEN + agents * ENTRY_LEN + CHECKSUM_LEN) as u64
}

impl<W: Write + Seek> Writer<W> {
    /// A file that will hold `agent_count` agent parts.
    pub fn new(mut out: W, salt: &[u8; 32], agent_count: usize) -> io::Result<Self> {
        let offset = index_len_for(agent_count);
        out.seek(SeekFrom::Start(offset))?;
        Ok(Self {
            out,
            salt: *salt,
            agent_count,
            offset,
            operator: None,
            agents: Vec::with_capacity(agent_count),
        })
    }

    fn part(
        &mut self,
        tag: Option<[u8; 32]>,
        write: impl FnOnce(&mut dyn Write) -> Result<()>,
    ) -> Result<PartRef> {
        let mut hashing = Hashing {
            out: &mut self.out,
            hasher: Sha256::new(),
            len: 0,
        };
        write(&mut hashing)?;
        let sha256 = hashing.hasher.finalize().into();
        let part = PartRef {
            offset: self.offset,
            len: hashing.len,
            digest: tag.unwrap_or(sha256),
        };
        self.offset += part.len;
        Ok(part)
    }

    /// The operator part, first.
    pub fn operator(&mut self, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
        debug_assert!(self.operator.is_none() && self.agents.is_empty());
        self.operator = Some(self.part(None, write)?);
        Ok(())
    }

    /// The next agent part, `sealed`, with its tag; they must come in ascending slot order.
    pub fn agent(&mut self, slot: Slot, tag: [u8; 32], sealed: &[u8]) -> Result<()> {
        debug_assert!(self.agents.last().is_none_or(|(last, _)| *last < slot));
        let part = self.part(Some(tag), |out| Ok(out.write_all(sealed)?))?;
        self.agents.push((slot, part));
        Ok(())
    }

    /// Writes header and index at the top, and hands back the output.
    pub fn finish(mut self) -> Result<W> {
        let operator = self.operator.expect("the operator part comes first");
        assert_eq!(
            self.agents.len(),
            self.agent_count,
            "every agent part was written"
        );
        let mut index = Vec::with_capacity(index_len_for(self.agent_count) as usize);
        let push_part = |index: &mut Vec<u8>, part: &PartRef| {
            index.extend_from_slice(&part.offset.to_le_bytes());
            index.extend_from_slice(&part.len.to_le_bytes());
            index.extend_from_slice(&part.digest);
        };
        index.extend_from_slice(&MAGIC);
        index.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        index.extend_from_slice(&(self.agent_count as u32).to_le_bytes());
        index.extend_from_slice(&self.salt);
        push_part(&mut index, &operator);
        for (slot, part) in &self.agents {
            index.extend_from_slice(slot);
            push_part(&mut index, part);
        }
        let checksum = sha256(&index);
        index.extend_from_slice(&checksum);
        self.out.seek(SeekFrom::Start(0))?;
        self.out.write_all(&index)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let salt = [7u8; 32];
        let mut agents = vec![
            (agent_slot(&salt, "b"), &b"part-b"[..]),
            (agent_slot(&salt, "a"), &b"part-a"[..]),
        ];
        agents.sort();
        let mut writer = Writer::new(io::Cursor::new(Vec::new()), &salt, agents.len()).unwrap();
        writer
            .operator(|out| Ok(out.write_all(b"operator")?))
            .unwrap();
        for (slot, part) in agents {
            writer.agent(slot, sha256(part), part).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn round_trip() {
        let file = sample();
        let index = parse_index(&file).unwrap();
        index.verify_file(&file).unwrap();
        assert_eq!(part_in(&file, &index.operator).unwrap(), b"operator");
        let a = index.find_agent(&agent_slot(&index.salt, "a")).unwrap();
        assert_eq!(part_in(&file, &a).unwrap(), b"part-a");
        check_digest(b"part-a", &a).unwrap();
        assert!(index.find_agent(&agent_slot(&index.salt, "c")).is_none());
    }

    /// What the parts hold is checked above this module (their age authentication, their
    /// tags); every other byte is checked here.
    #[test]
    fn every_flipped_bit_outside_the_parts_is_caught() {
        let file = sample();
        let index = parse_index(&file).unwrap();
        let parts = index.operator.offset as usize;
        for byte in 0..parts {
            for bit in 0..8 {
                let mut damaged = file.clone();
                damaged[byte] ^= 1 << bit;
                let caught = parse_index(&damaged).and_then(|index| index.verify_file(&damaged));
                assert!(caught.is_err(), "byte {byte} bit {bit} went unnoticed");
            }
        }
    }

    #[test]
    fn every_truncation_is_caught() {
        let file = sample();
        for len in 0..file.len() {
            let cut = &file[..len];
            let caught = parse_index(cut).and_then(|index| index.verify_file(cut));
            assert!(caught.is_err(), "truncation to {len} went unnoticed");
        }
    }

    #[test]
    fn newer_versions_are_named() {
        let mut file = sample();
        file[8..12].copy_from_slice(&2u32.to_le_bytes());
        let err = parse_index(&file).unwrap_err().to_string();
        assert_eq!(
            err,
            "unsupported vault format 2, this vault reads up to 1; upgrade vault"
        );
    }
}
