//! Damaged vault files: every truncation and every flipped bit of a small vault, random bytes,
//! an empty file, a newer format. Always exit 1 with one `vault: ` line, never a panic, and the
//! file is never written over.

use std::fs;
use std::sync::Arc;
use std::thread;

use crate::support::*;

/// A write command (it would replace the vault if the vault were sound) against `bytes`.
fn refused(sandbox: &Sandbox, bytes: &[u8], what: &str) {
    fs::write(sandbox.vault_file(), bytes).unwrap();
    let out = sandbox
        .vault(["secret", "add", "-q", "NEW"])
        .write_stdin("v")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{what}");
    let err = one_error_line(&out.stderr);
    assert!(
        !err.contains("panicked") && !err.contains(CANARY),
        "{what}: {err}"
    );
    assert_eq!(
        fs::read(sandbox.vault_file()).unwrap(),
        bytes,
        "{what}: written over"
    );
}

/// Runs `check` on every case, on two threads, each with a sandbox of its own.
fn on_two_threads(good: &Arc<Vec<u8>>, identity: &Arc<Vec<u8>>, cases: Vec<(Vec<u8>, String)>) {
    let halves: Vec<Vec<(Vec<u8>, String)>> = {
        let mut cases = cases;
        let second = cases.split_off(cases.len() / 2);
        vec![cases, second]
    };
    let workers: Vec<_> = halves
        .into_iter()
        .map(|cases| {
            let (good, identity) = (Arc::clone(good), Arc::clone(identity));
            thread::spawn(move || {
                let sandbox = Sandbox::new();
                fs::create_dir(sandbox.home()).unwrap();
                fs::write(sandbox.identity_file(), &*identity).unwrap();
                use std::os::unix::fs::PermissionsExt;
                fs::set_permissions(sandbox.identity_file(), fs::Permissions::from_mode(0o600))
                    .unwrap();
                fs::write(sandbox.vault_file(), &*good).unwrap();
                let count = cases.len();
                for (bytes, what) in cases {
                    refused(&sandbox, &bytes, &what);
                }
                count
            })
        })
        .collect();
    let tried: usize = workers.into_iter().map(|w| w.join().unwrap()).sum();
    eprintln!("damaged vaults refused: {tried} of {tried}");
}

fn small_vault() -> (Arc<Vec<u8>>, Arc<Vec<u8>>) {
    let sandbox = Sandbox::init();
    sandbox.add_secret("A", CANARY.as_bytes());
    (
        Arc::new(fs::read(sandbox.vault_file()).unwrap()),
        Arc::new(fs::read(sandbox.identity_file()).unwrap()),
    )
}

#[test]
fn every_truncation_is_refused() {
    let (good, identity) = small_vault();
    let cases = (0..good.len())
        .map(|len| (good[..len].to_vec(), format!("truncated to {len}")))
        .collect();
    on_two_threads(&good, &identity, cases);
}

#[test]
fn every_flipped_bit_is_refused() {
    let (good, identity) = small_vault();
    let mut cases = Vec::with_capacity(good.len() * 8);
    for byte in 0..good.len() {
        for bit in 0..8 {
            let mut bad = good.to_vec();
            bad[byte] ^= 1 << bit;
            cases.push((bad, format!("byte {byte} bit {bit}")));
        }
    }
    on_two_threads(&good, &identity, cases);
}

#[test]
fn random_bytes_an_empty_file_and_a_newer_format_are_refused() {
    let (good, identity) = small_vault();
    let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
    let mut random = |len: usize| -> Vec<u8> {
        (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed as u8
            })
            .collect()
    };
    let mut cases: Vec<(Vec<u8>, String)> = [0, 1, 8, 95, 96, 97, 500, 4096]
        .iter()
        .map(|&len| (random(len), format!("{len} random bytes")))
        .collect();
    let mut with_garbage_after_magic = b"AGEVAULT".to_vec();
    with_garbage_after_magic.extend(random(300));
    cases.push((with_garbage_after_magic, "garbage after the magic".into()));
    on_two_threads(&good, &identity, cases);

    let sandbox = Sandbox::init();
    fs::write(sandbox.vault_file(), b"").unwrap();
    let out = sandbox.vault(["secret", "list"]).output().unwrap();
    assert!(one_error_line(&out.stderr).contains("empty"));

    let mut newer = good.to_vec();
    newer[8..12].copy_from_slice(&2u32.to_le_bytes());
    fs::write(sandbox.vault_file(), &newer).unwrap();
    let out = sandbox.vault(["secret", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        one_error_line(&out.stderr),
        format!(
            "vault: cannot open the vault {}: unsupported vault format 2, this vault reads up to 1; upgrade vault\n",
            sandbox.vault_file().display()
        )
    );
}
