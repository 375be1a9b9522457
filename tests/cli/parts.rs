//! Agent parts only the operators can write (the review's break 3): age encrypts to public
//! keys, so anyone who can write the vault file (a git pusher) and knows the recipients can
//! seal an agent a part of their own. The part's tag, made with a key only the agent and the
//! operators hold, and the tag the operator part records, stop that; what an operator
//! teammate writes by hand shows in the textconv diff.

use std::fs;

use crate::forge::{self, VaultFile};
use crate::support::*;

fn recipient_of(sandbox: &Sandbox, agent: &str) -> String {
    let agents = sandbox.json(&["agent", "list"]);
    let row = agents
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["agent_id"] == agent)
        .unwrap();
    row["recipient"].as_str().unwrap().to_owned()
}

/// A part of the agent's own making: another value, another host, no canary mark.
fn forged_plain(agent: &str, recipient: &str, value: &[u8]) -> Vec<u8> {
    let mut plain = format!(
        "(agent:\"{agent}\",recipient:\"{recipient}\",secrets:[(\"grt_forgedforgedforg\",\"sec_forgedforgedforg\",\"TOKEN\",(0,{}),0,None,[\"evil.example\"])])\n",
        value.len()
    )
    .into_bytes();
    plain.extend_from_slice(value);
    plain
}

fn textconv(sandbox: &Sandbox) -> String {
    let mut cmd = sandbox.vault(["git", "textconv"]);
    cmd.arg(sandbox.vault_file());
    String::from_utf8(stdout_of(&mut cmd)).unwrap()
}

fn part_lines(text: &str, agent: &str) -> Vec<String> {
    text.lines()
        .filter(|line| line.starts_with(&format!("part {agent} ")))
        .map(str::to_owned)
        .collect()
}

fn granted_canary(sandbox: &Sandbox) -> std::path::PathBuf {
    sandbox
        .vault([
            "secret",
            "add",
            "TOKEN",
            "--canary",
            "--host",
            "api.example.com",
        ])
        .write_stdin(CANARY)
        .assert()
        .success();
    let key = sandbox.add_agent("alice");
    sandbox.grant("alice", "TOKEN");
    key
}

#[test]
fn a_part_written_without_a_key_is_read_by_nobody_and_rekey_seals_it_anew() {
    if !have("age") {
        return;
    }
    let sandbox = Sandbox::init();
    let key = granted_canary(&sandbox);
    let before = textconv(&sandbox);
    // The pusher knows the public recipients only.
    let sealed = forge::age_encrypt(
        &[
            &recipient_of(&sandbox, "alice"),
            &sandbox.operator_recipient(),
        ],
        &forged_plain(
            "alice",
            &recipient_of(&sandbox, "alice"),
            b"attacker-chosen-value",
        ),
    );
    let mut vault = VaultFile::read(&sandbox.vault_file());
    let slot = vault.slot("alice");
    vault.put(slot, forge::sha256(&sealed), sealed);
    vault.write(&sandbox.vault_file());
    let forged = fs::read(sandbox.vault_file()).unwrap();

    // The agent, with its own key: an error, and no value.
    let out = sandbox
        .read_with_key("alice", "TOKEN", &key)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let line = one_error_line(&out.stderr);
    assert!(
        line.contains("was not written by this vault's operators"),
        "{line}"
    );
    for program in [
        &["--", "printenv", "TOKEN"][..],
        &["--proxy", "--", "printenv", "TOKEN"],
    ] {
        let out = sandbox
            .vault(["exec", "--agent", "alice", "--key-file"])
            .arg(&key)
            .args(program)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(!contains(&out.stdout, b"attacker-chosen-value"));
        one_error_line(&out.stderr);
    }
    // The operator path, and every operator command.
    let out = sandbox
        .vault(["read", "--agent", "alice", "TOKEN"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    for args in [
        &["secret", "list"][..],
        &["grant", "sweep"],
        &["agent", "list"],
    ] {
        let out = sandbox.vault(args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let line = one_error_line(&out.stderr);
        assert!(
            line.contains("agent alice") && line.contains("`vault rekey`"),
            "{line}"
        );
    }
    sandbox
        .vault(["secret", "set", "TOKEN"])
        .write_stdin("new-value")
        .assert()
        .code(1);
    assert_eq!(
        fs::read(sandbox.vault_file()).unwrap(),
        forged,
        "nothing changed"
    );
    // The diff shows the part, not as the operators wrote it.
    let shown = textconv(&sandbox);
    assert_ne!(part_lines(&shown, "alice"), part_lines(&before, "alice"));
    assert!(
        shown.contains("part alice tag ") && shown.contains("NOT AS THE OPERATORS WROTE IT"),
        "{shown}"
    );
    assert!(shown.contains("NOT AS GRANTED"), "{shown}");

    // `vault rekey` seals every part from the operator part.
    sandbox.vault(["rekey"]).assert().success();
    let read = stdout_of(&mut sandbox.read_with_key("alice", "TOKEN", &key));
    assert_eq!(read, CANARY.as_bytes());
    let events = sandbox.event_names();
    assert!(events.iter().filter(|e| *e == "vault.canary").count() >= 1);
    assert!(!textconv(&sandbox).contains("NOT AS"));
}

/// Fetches the part key of `agent` out of the operator part, as an operator teammate can.
fn part_key_from_the_operator_part(sandbox: &Sandbox, vault: &VaultFile, agent: &str) -> [u8; 32] {
    let plain = forge::age_decrypt(&sandbox.identity_file(), &vault.operator);
    let first = String::from_utf8_lossy(&plain[..plain.iter().position(|&b| b == b'\n').unwrap()])
        .into_owned();
    let pattern = regex::Regex::new(&format!(
        r#"\("{agent}","age1[0-9a-z]+",\d+,Some\("([0-9a-f]{{64}})"\)"#
    ))
    .unwrap();
    let hex = &pattern.captures(&first).unwrap()[1];
    let mut key = [0u8; 32];
    for (at, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * at..2 * at + 2], 16).unwrap();
    }
    key
}

#[test]
fn a_teammate_who_reseals_a_part_by_hand_shows_in_the_diff_and_stops_every_change() {
    if !have("age") {
        return;
    }
    let sandbox = Sandbox::init();
    let key = granted_canary(&sandbox);
    sandbox.add_secret("ADMIN", b"admin-value-not-granted");
    let before = textconv(&sandbox);
    // A teammate with an operator key: the part key is in the operator part, so the tag is
    // right, and the agent reads what the teammate sealed.
    let mut vault = VaultFile::read(&sandbox.vault_file());
    let part_key = part_key_from_the_operator_part(&sandbox, &vault, "alice");
    let recipient = recipient_of(&sandbox, "alice");
    let plain = forged_plain("alice", &recipient, b"admin-value-not-granted");
    let sealed = forge::age_encrypt(&[&recipient, &sandbox.operator_recipient()], &plain);
    let slot = vault.slot("alice");
    vault.put(
        slot,
        forge::part_tag(&part_key, &vault.salt, &sealed),
        sealed,
    );
    vault.write(&sandbox.vault_file());
    // The operator part records another tag: every operator command sees it.
    let out = sandbox.vault(["grant", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let line = one_error_line(&out.stderr);
    assert!(line.contains("agent alice"), "{line}");
    // And the diff names it, with what the part holds that no grant gives.
    let shown = textconv(&sandbox);
    let lines = part_lines(&shown, "alice");
    assert_ne!(lines, part_lines(&before, "alice"));
    assert!(
        lines.iter().any(
            |l| l.contains("holds TOKEN sec_forgedforgedforg") && l.ends_with("NOT AS GRANTED")
        ),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("part alice lacks TOKEN")),
        "{lines:?}"
    );
    // The agent itself cannot tell: its key made the tag. SECURITY.md says so.
    let read = stdout_of(&mut sandbox.read_with_key("alice", "TOKEN", &key));
    assert_eq!(read, b"admin-value-not-granted");
}

#[test]
fn an_older_part_put_back_is_caught_by_the_operators() {
    if !have("age") {
        return;
    }
    let sandbox = Sandbox::init();
    granted_canary(&sandbox);
    let old = VaultFile::read(&sandbox.vault_file());
    let slot = old.slot("alice");
    let (_, tag, part) = old
        .agents
        .iter()
        .find(|(s, ..)| *s == slot)
        .unwrap()
        .clone();
    sandbox
        .vault(["grant", "rm", "--agent", "alice", "TOKEN"])
        .assert()
        .success();
    let mut vault = VaultFile::read(&sandbox.vault_file());
    vault.put(slot, tag, part);
    vault.write(&sandbox.vault_file());
    let out = sandbox.vault(["secret", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let line = one_error_line(&out.stderr);
    assert!(line.contains("is not the one the vault recorded"), "{line}");
    assert!(textconv(&sandbox).contains("part alice tag"));
}
