use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::forge;
use crate::support::*;

/// A value with the bytes shell tools most like to mangle.
const BINARY_VALUE: &[u8] = b"sk-\0bin\nary\xff\r\n-end";

fn setup() -> Sandbox {
    let sandbox = Sandbox::init();
    sandbox.add_secret("OPENAI_API_KEY", CANARY.as_bytes());
    fs::write(sandbox.path("binary"), BINARY_VALUE).unwrap();
    sandbox
        .vault(["secret", "add", "BINARY_TOKEN", "--from-file", "binary"])
        .assert()
        .success();
    sandbox.add_secret("UNGRANTED_SECRET", b"ungranted-canary-value");
    sandbox.add_agent("researcher");
    sandbox.add_agent("bystander");
    sandbox.grant("researcher", "OPENAI_API_KEY");
    sandbox.grant("researcher", "BINARY_TOKEN");
    sandbox
}

/// `(offset, length)` of every part, the operator part first, read as FORMAT.md lays them out.
fn parts(vault: &[u8]) -> Vec<(usize, usize)> {
    let u64_at = |at: usize| u64::from_le_bytes(vault[at..at + 8].try_into().unwrap()) as usize;
    let count = u32::from_le_bytes(vault[12..16].try_into().unwrap()) as usize;
    let mut parts = vec![(u64_at(48), u64_at(56))];
    parts.extend((0..count).map(|i| (u64_at(96 + 80 * i + 32), u64_at(96 + 80 * i + 40))));
    parts
}

fn age_decrypt(identity: &Path, part: &Path) -> std::process::Output {
    Command::new("age")
        .arg("--decrypt")
        .arg("-i")
        .arg(identity)
        .arg(part)
        .output()
        .unwrap()
}

/// The shell block of FORMAT.md whose info string is `sh <name>`.
fn recipe(name: &str) -> String {
    let doc = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("FORMAT.md")).unwrap();
    let start = doc
        .find(&format!("```sh {name}\n"))
        .unwrap_or_else(|| panic!("FORMAT.md has no `sh {name}` block"));
    let body = &doc[start..];
    let body = &body[body.find('\n').unwrap() + 1..];
    body[..body.find("\n```").unwrap()].to_owned()
}

fn run_recipe(sandbox: &Sandbox, name: &str, env: &[(&str, &Path)], secret: &str) -> Vec<u8> {
    let work = tempfile::tempdir_in(sandbox.dir.path()).unwrap();
    let mut cmd = Command::new("sh");
    // A user's usual umask: the recipe must make what it writes private itself.
    let script = format!("umask 022\n{}", recipe(name));
    cmd.args(["-e", "-c", &script])
        .current_dir(work.path())
        .env("VAULT", sandbox.vault_file())
        .env("NAME", secret);
    for (key, value) in env {
        cmd.env(key, value);
    }
    let out = stdout_of(&mut assert_cmd::Command::from_std(cmd));
    for entry in fs::read_dir(work.path()).unwrap() {
        let path = entry.unwrap().path();
        assert_eq!(
            mode(&path),
            0o600,
            "{name} leaves {} readable",
            path.display()
        );
    }
    out
}

#[test]
fn the_operator_recipe_in_format_md_recovers_secrets_with_stock_age() {
    if !have("age") {
        return;
    }
    let sandbox = setup();
    let identity = sandbox.identity_file();
    for (name, value) in [
        ("OPENAI_API_KEY", CANARY.as_bytes()),
        ("BINARY_TOKEN", BINARY_VALUE),
    ] {
        let got = run_recipe(
            &sandbox,
            "recover-as-operator",
            &[("IDENTITY", &identity)],
            name,
        );
        assert_eq!(got, value, "{name}");
    }
}

#[test]
fn the_agent_recipe_in_format_md_recovers_granted_secrets_with_stock_age() {
    if !have("age") {
        return;
    }
    let sandbox = setup();
    let key = sandbox.path("researcher.key");
    let agent = Path::new("researcher");
    for (name, value) in [
        ("OPENAI_API_KEY", CANARY.as_bytes()),
        ("BINARY_TOKEN", BINARY_VALUE),
    ] {
        let env = [("KEY", key.as_path()), ("AGENT", agent)];
        assert_eq!(run_recipe(&sandbox, "recover-as-agent", &env, name), value);
    }
}

#[test]
fn an_agent_key_decrypts_its_own_part_and_nothing_else() {
    if !have("age") {
        return;
    }
    let sandbox = setup();
    let vault = fs::read(sandbox.vault_file()).unwrap();
    let key = sandbox.path("researcher.key");
    let mut opened = Vec::new();
    for (i, (offset, len)) in parts(&vault).into_iter().enumerate() {
        let part = sandbox.path(&format!("part{i}.age"));
        fs::write(&part, &vault[offset..offset + len]).unwrap();
        let out = age_decrypt(&key, &part);
        if out.status.success() {
            opened.push(out.stdout);
        }
        let by_operator = age_decrypt(&sandbox.identity_file(), &part);
        assert!(
            by_operator.status.success(),
            "the operator opens every part"
        );
    }
    assert_eq!(
        opened.len(),
        1,
        "the researcher's key opens exactly one part"
    );
    let plain = &opened[0];
    assert!(contains(plain, CANARY.as_bytes()));
    assert!(contains(plain, BINARY_VALUE));
    assert!(!contains(plain, b"ungranted-canary-value"));
    assert!(!contains(plain, b"UNGRANTED_SECRET"));
    assert!(!contains(plain, b"bystander"));
}

#[test]
fn no_value_name_or_agent_id_appears_in_clear() {
    let sandbox = setup();
    let vault = fs::read(sandbox.vault_file()).unwrap();
    for needle in [
        CANARY.as_bytes(),
        BINARY_VALUE,
        b"ungranted-canary-value",
        b"OPENAI_API_KEY",
        b"BINARY_TOKEN",
        b"UNGRANTED_SECRET",
        b"researcher",
        b"bystander",
        b"sec_",
        b"grt_",
    ] {
        assert!(
            !contains(&vault, needle),
            "{:?} is in the vault file",
            String::from_utf8_lossy(needle)
        );
    }
}

#[test]
fn a_damaged_byte_anywhere_stops_operator_commands_and_nothing_is_written() {
    let sandbox = setup();
    let good = fs::read(sandbox.vault_file()).unwrap();
    let parts = parts(&good);
    let (last_offset, last_len) = *parts.last().unwrap();
    let positions = [
        0,
        10,
        20,
        50,
        100,
        parts[0].0 + 1,
        parts[0].0 + parts[0].1 / 2,
        parts[1].0 + 40,
        last_offset + last_len - 1,
    ];
    for position in positions {
        let mut damaged = good.clone();
        damaged[position] ^= 0x10;
        fs::write(sandbox.vault_file(), &damaged).unwrap();
        for (args, stdin) in [
            (vec!["secret", "list"], ""),
            (vec!["secret", "add", "NEW"], "v"),
            (
                vec!["grant", "add", "--agent", "bystander", "OPENAI_API_KEY"],
                "",
            ),
        ] {
            let out = sandbox.vault(&args).write_stdin(stdin).output().unwrap();
            assert_eq!(out.status.code(), Some(1), "byte {position}: {args:?}");
            one_error_line(&out.stderr);
            assert_eq!(fs::read(sandbox.vault_file()).unwrap(), damaged);
        }
    }
    let mut longer = good.clone();
    longer.push(0);
    for bad in [&good[..good.len() - 1], &longer[..], &good[..50], &[][..]] {
        fs::write(sandbox.vault_file(), bad).unwrap();
        let out = sandbox.vault(["secret", "list"]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "length {}", bad.len());
        one_error_line(&out.stderr);
    }
}

#[test]
fn an_agent_read_checks_its_own_part_and_ignores_damage_elsewhere() {
    let sandbox = setup();
    let key = sandbox.path("researcher.key");
    let good = fs::read(sandbox.vault_file()).unwrap();
    let read = || {
        sandbox
            .read_with_key("researcher", "OPENAI_API_KEY", &key)
            .output()
            .unwrap()
    };
    let parts = parts(&good);
    let researcher_part = (1..parts.len())
        .find(|&i| {
            let mut damaged = good.clone();
            damaged[parts[i].0 + parts[i].1 - 1] ^= 1;
            fs::write(sandbox.vault_file(), &damaged).unwrap();
            read().status.code() == Some(1)
        })
        .expect("damaging the researcher's own part is noticed");
    let out = read();
    assert!(one_error_line(&out.stderr).contains("damaged"));
    assert!(out.stdout.is_empty());

    for (i, (offset, len)) in parts.iter().enumerate() {
        if i == researcher_part {
            continue;
        }
        let mut damaged = good.clone();
        damaged[offset + len / 2] ^= 1;
        fs::write(sandbox.vault_file(), &damaged).unwrap();
        let out = read();
        assert!(out.status.success(), "part {i}");
        assert_eq!(out.stdout, CANARY.as_bytes());
    }
}

#[test]
fn a_writer_waits_for_the_lock_then_gives_up_after_10_seconds() {
    let sandbox = setup();
    let lock_path = sandbox.home().join("vault.age.lock");
    let holder = fs::OpenOptions::new().write(true).open(&lock_path).unwrap();
    fs2::FileExt::lock_exclusive(&holder).unwrap();
    let before = fs::read(sandbox.vault_file()).unwrap();

    let started = Instant::now();
    let out = sandbox
        .vault(["secret", "add", "LATE"])
        .write_stdin("v")
        .output()
        .unwrap();
    let waited = started.elapsed();
    assert_eq!(out.status.code(), Some(1));
    let err = one_error_line(&out.stderr);
    assert!(err.contains("busy"), "{err}");
    assert!(waited >= Duration::from_secs(10), "{waited:?}");
    assert_eq!(fs::read(sandbox.vault_file()).unwrap(), before);

    // Released while a writer waits: the writer goes ahead.
    let child = std::thread::spawn({
        let mut cmd = sandbox.vault(["secret", "add", "LATE", "-q"]);
        cmd.write_stdin("v");
        move || cmd.output().unwrap()
    });
    std::thread::sleep(Duration::from_millis(500));
    drop(holder);
    assert!(child.join().unwrap().status.success());
}

#[test]
fn only_the_parts_of_affected_agents_are_encrypted_again() {
    let sandbox = setup();
    let snapshot = || {
        let vault = fs::read(sandbox.vault_file()).unwrap();
        parts(&vault)
            .into_iter()
            .map(|(offset, len)| vault[offset..offset + len].to_vec())
            .collect::<Vec<_>>()
    };
    // Agent parts, in index order; the order is fixed by the slots, which do not change.
    let agent_parts = |all: Vec<Vec<u8>>| all[1..].to_vec();

    let before = agent_parts(snapshot());
    sandbox.add_secret("UNRELATED", b"u");
    assert_eq!(agent_parts(snapshot()), before, "no agent is affected");

    sandbox
        .vault(["secret", "set", "OPENAI_API_KEY"])
        .write_stdin("rotated")
        .assert()
        .success();
    let after = agent_parts(snapshot());
    let changed = before.iter().zip(&after).filter(|(a, b)| a != b).count();
    assert_eq!(changed, 1, "only the researcher's part holds that secret");
}

/// A part sealed with the stock `age` and tagged as FORMAT.md says, with the part key the
/// agent's key file gives, reads back: the documented layout is the whole of it.
#[test]
fn an_agent_part_sealed_by_stock_age_reads_back_through_the_documented_layout() {
    if !have("age") {
        return;
    }
    let sandbox = Sandbox::init();
    let key = sandbox.add_agent("handmade");
    let recipient = sandbox.json(&["agent", "list"])[0]["recipient"]
        .as_str()
        .unwrap()
        .to_owned();
    let value = b"sealed by stock age\0\n";
    let mut plain = format!(
        "(agent:\"handmade\",recipient:\"{recipient}\",secrets:[(\"grt_byhandbyhandbyh\",\"sec_byhandbyhandbyh\",\"HANDMADE\",(0,{}),0,None,[])])\n",
        value.len()
    )
    .into_bytes();
    plain.extend_from_slice(value);
    let sealed = forge::age_encrypt(&[&recipient], &plain);
    let mut vault = forge::VaultFile::read(&sandbox.vault_file());
    let slot = vault.slot("handmade");
    let tag = forge::part_tag(&forge::part_key(&key), &vault.salt, &sealed);
    vault.put(slot, tag, sealed);
    vault.write(&sandbox.vault_file());

    let read = stdout_of(&mut sandbox.read_with_key("handmade", "HANDMADE", &key));
    assert_eq!(read, value);
}

#[test]
fn the_operator_recipe_finds_secrets_on_any_page_of_a_large_vault() {
    if !have("age") {
        return;
    }
    let sandbox = Sandbox::init();
    let dotenv: String = (0..2500).map(|i| format!("S{i:04}=value-{i}\n")).collect();
    sandbox
        .vault(["secret", "import", "-q", "-"])
        .write_stdin(dotenv)
        .assert()
        .success();
    let identity = sandbox.identity_file();
    for (name, value) in [
        ("S0000", "value-0"),
        ("S1500", "value-1500"),
        ("S2499", "value-2499"),
    ] {
        let got = run_recipe(
            &sandbox,
            "recover-as-operator",
            &[("IDENTITY", &identity)],
            name,
        );
        assert_eq!(got, value.as_bytes(), "{name}");
    }
}
