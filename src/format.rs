//! The vault file container: a cleartext header and index, then age-encrypted parts.
//!
//! FORMAT.md documents these bytes; this module is their only reader and writer. It does no I/O
//! and no cryptography beyond SHA-256, so an agent's read can parse the index from a few
//! hundred bytes and then fetch just its own part.
//!
//! ```text
//! header   magic "AGEVAULT" | version u32 | agent count u32 | salt [32]
//!          | operator part: offset u64, length u64, sha256 [32]
//! index    agent entries, sorted by slot: slot [32], offset u64, length u64, sha256 [32]
//! checksum sha256 of header and index
//! parts    operator part, then the agent parts in index order
//! ```

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

/// Where a part lies in the file, and the digest it must have.
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

    /// Checks what an operator command relies on: parts back to back from the end of the
    /// index to the end of the file, each with its digest. Any damaged byte fails here.
    pub fn verify_file(&self, file: &[u8]) -> Result<()> {
        let mut expected_offset =
            (HEADER_LEN + self.agents.len() * ENTRY_LEN + CHECKSUM_LEN) as u64;
        for part in std::iter::once(&self.operator).chain(self.agents.iter().map(|(_, p)| p)) {
            if part.offset != expected_offset {
                return Err(damaged("parts out of place"));
            }
            part_bytes(file, part)?;
            expected_offset += part.len;
        }
        if expected_offset != file.len() as u64 {
            return Err(damaged("unexpected length"));
        }
        Ok(())
    }
}

/// The bytes of one part, after checking they are in the file and match their digest.
pub fn part_bytes<'a>(file: &'a [u8], part: &PartRef) -> Result<&'a [u8]> {
    let start = usize::try_from(part.offset).map_err(|_| damaged("part out of bounds"))?;
    let len = usize::try_from(part.len).map_err(|_| damaged("part out of bounds"))?;
    let bytes = start
        .checked_add(len)
        .and_then(|end| file.get(start..end))
        .ok_or_else(|| damaged("part out of bounds"))?;
    check_digest(bytes, part)?;
    Ok(bytes)
}

pub fn check_digest(bytes: &[u8], part: &PartRef) -> Result<()> {
    if sha256(bytes) != part.digest {
        return Err(damaged("part checksum mismatch"));
    }
    Ok(())
}

/// Lays out a whole vault file. `agents` must be sorted by slot, without repeats.
pub fn encode(salt: &[u8; 32], operator: &[u8], agents: &[(Slot, &[u8])]) -> Vec<u8> {
    debug_assert!(agents.windows(2).all(|pair| pair[0].0 < pair[1].0));
    let index_len = HEADER_LEN + agents.len() * ENTRY_LEN + CHECKSUM_LEN;
    let total = index_len + operator.len() + agents.iter().map(|(_, p)| p.len()).sum::<usize>();
    let mut out = Vec::with_capacity(total);

    let mut offset = index_len as u64;
    let mut push_part = |out: &mut Vec<u8>, part: &[u8]| {
        out.extend_from_slice(&offset.to_le_bytes());
        out.extend_from_slice(&(part.len() as u64).to_le_bytes());
        out.extend_from_slice(&sha256(part));
        offset += part.len() as u64;
    };
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(agents.len() as u32).to_le_bytes());
    out.extend_from_slice(salt);
    push_part(&mut out, operator);
    for (slot, part) in agents {
        out.extend_from_slice(slot);
        push_part(&mut out, part);
    }
    let checksum = sha256(&out);
    out.extend_from_slice(&checksum);
    debug_assert_eq!(out.len(), index_len);

    out.extend_from_slice(operator);
    for (_, part) in agents {
        out.extend_from_slice(part);
    }
    out
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
        encode(&salt, b"operator", &agents)
    }

    #[test]
    fn round_trip() {
        let file = sample();
        let index = parse_index(&file).unwrap();
        index.verify_file(&file).unwrap();
        assert_eq!(part_bytes(&file, &index.operator).unwrap(), b"operator");
        let a = index.find_agent(&agent_slot(&index.salt, "a")).unwrap();
        assert_eq!(part_bytes(&file, &a).unwrap(), b"part-a");
        assert!(index.find_agent(&agent_slot(&index.salt, "c")).is_none());
    }

    #[test]
    fn every_flipped_bit_is_caught() {
        let file = sample();
        for byte in 0..file.len() {
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
