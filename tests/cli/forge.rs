//! Vault files taken apart and put back together by hand, following FORMAT.md rather than the
//! program's code: what an attacker who can write the file (a git pusher, say) can do with the
//! stock `age` tool and the public recipients alone, or with a key.

use std::path::Path;
use std::process::Command;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// A vault file's pieces: the salt, the operator part, and each agent entry (slot, the 32
/// bytes after its offset and length, the sealed part), in index order.
pub struct VaultFile {
    pub salt: [u8; 32],
    pub operator: Vec<u8>,
    pub agents: Vec<([u8; 32], [u8; 32], Vec<u8>)>,
}

impl VaultFile {
    pub fn read(path: &Path) -> Self {
        let file = std::fs::read(path).unwrap();
        let u64_at = |at: usize| u64::from_le_bytes(file[at..at + 8].try_into().unwrap()) as usize;
        let array_at = |at: usize| -> [u8; 32] { file[at..at + 32].try_into().unwrap() };
        let count = u32::from_le_bytes(file[12..16].try_into().unwrap()) as usize;
        let (op_at, op_len) = (u64_at(48), u64_at(56));
        let agents = (0..count)
            .map(|i| {
                let entry = 96 + 80 * i;
                let (at, len) = (u64_at(entry + 32), u64_at(entry + 40));
                (
                    array_at(entry),
                    array_at(entry + 48),
                    file[at..at + len].to_vec(),
                )
            })
            .collect();
        Self {
            salt: array_at(16),
            operator: file[op_at..op_at + op_len].to_vec(),
            agents,
        }
    }

    /// The slot of `agent` in this vault.
    pub fn slot(&self, agent: &str) -> [u8; 32] {
        let mut hasher = Sha256::new();
        hasher.update(self.salt);
        hasher.update(agent.as_bytes());
        hasher.finalize().into()
    }

    /// Replaces (or adds) the part at `slot`, keeping the index sorted.
    pub fn put(&mut self, slot: [u8; 32], tag: [u8; 32], sealed: Vec<u8>) {
        self.agents.retain(|(s, ..)| *s != slot);
        self.agents.push((slot, tag, sealed));
        self.agents.sort_by_key(|a| a.0);
    }

    /// Lays the file out as FORMAT.md says, with checksums anyone can compute.
    pub fn write(&self, path: &Path) {
        let index_len = 96 + 80 * self.agents.len() + 32;
        let mut file = b"AGEVAULT".to_vec();
        file.extend_from_slice(&1u32.to_le_bytes());
        file.extend_from_slice(&(self.agents.len() as u32).to_le_bytes());
        file.extend_from_slice(&self.salt);
        let mut offset = index_len as u64;
        file.extend_from_slice(&offset.to_le_bytes());
        file.extend_from_slice(&(self.operator.len() as u64).to_le_bytes());
        file.extend_from_slice(&Sha256::digest(&self.operator));
        offset += self.operator.len() as u64;
        for (slot, tag, part) in &self.agents {
            file.extend_from_slice(slot);
            file.extend_from_slice(&offset.to_le_bytes());
            file.extend_from_slice(&(part.len() as u64).to_le_bytes());
            file.extend_from_slice(tag);
            offset += part.len() as u64;
        }
        let checksum = Sha256::digest(&file);
        file.extend_from_slice(&checksum);
        file.extend_from_slice(&self.operator);
        for (_, _, part) in &self.agents {
            file.extend_from_slice(part);
        }
        std::fs::write(path, file).unwrap();
    }
}

/// Seals `plain` to `recipients` with the stock `age`.
pub fn age_encrypt(recipients: &[&str], plain: &[u8]) -> Vec<u8> {
    let mut age = Command::new("age");
    age.arg("-e");
    for recipient in recipients {
        age.args(["-r", recipient]);
    }
    let out = assert_cmd::Command::from_std(age)
        .write_stdin(plain)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Opens `sealed` with the stock `age` and `identity`.
pub fn age_decrypt(identity: &Path, sealed: &[u8]) -> Vec<u8> {
    let out = assert_cmd::Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(identity)
        .write_stdin(sealed)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The part key of an agent, from its key file, as FORMAT.md defines it.
pub fn part_key(key_file: &Path) -> [u8; 32] {
    let text = std::fs::read_to_string(key_file).unwrap();
    let secret = text
        .lines()
        .find(|line| line.starts_with("AGE-SECRET-KEY-1"))
        .unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(b"vault agent part key v1");
    mac.finalize().into_bytes().into()
}

/// The tag of an agent part under `key`, as FORMAT.md defines it.
pub fn part_tag(key: &[u8; 32], salt: &[u8; 32], sealed: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(b"vault agent part v1\0");
    mac.update(salt);
    mac.update(sealed);
    mac.finalize().into_bytes().into()
}

/// What a writer without the part key puts in the index: the only digest it can compute.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}
