//! Agents that run as Unix users of their own (SECURITY.md's recommended setup), each writing a
//! log of its own beside the operator's: an agent reads only its own events, never another
//! agent's or the operator's, and the operator reads them all (the review's item 5).
//!
//! Needs root, to run the agents under other user ids with `setpriv` (CI runs as root).

use std::fs;
use std::os::unix::fs::{PermissionsExt, chown};
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin;

use crate::support::*;

/// Group that may read the vault file.
const READERS: u32 = 50100;

struct Agent {
    uid: u32,
    key: PathBuf,
    log: PathBuf,
}

/// The vault binary where every user can run it (the build directory may be private).
fn shared_binary(sandbox: &Sandbox) -> PathBuf {
    let bin = sandbox.path("bin");
    fs::create_dir(&bin).unwrap();
    fs::set_permissions(&bin, fs::Permissions::from_mode(0o755)).unwrap();
    let vault = bin.join("vault");
    fs::copy(cargo_bin("vault"), &vault).unwrap();
    fs::set_permissions(&vault, fs::Permissions::from_mode(0o755)).unwrap();
    vault
}

fn private_to(path: &Path, uid: u32, gid: u32, mode: u32) {
    chown(path, Some(uid), Some(gid)).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

/// Sets up the agent as its own user: a home only it can read, with its key, and a log the
/// operator made for it, which only it and the operator can read and write.
fn agent(sandbox: &Sandbox, name: &'static str, uid: u32) -> Agent {
    let home = sandbox.path(name);
    fs::create_dir(&home).unwrap();
    let key = home.join(format!("{name}.key"));
    fs::rename(sandbox.add_agent(name), &key).unwrap();
    private_to(&key, uid, uid, 0o600);
    private_to(&home, uid, uid, 0o700);
    let log = sandbox.home().join(format!("events.{name}.jsonl"));
    fs::write(&log, b"").unwrap();
    private_to(&log, 0, uid, 0o660);
    Agent { uid, key, log }
}

/// `vault ARGS` as the agent's user, with its own log.
fn as_agent(sandbox: &Sandbox, vault: &Path, agent: &Agent, args: &[&str]) -> std::process::Output {
    sandbox
        .program("setpriv")
        .arg(format!("--reuid={}", agent.uid))
        .arg(format!("--regid={}", agent.uid))
        .arg(format!("--groups={READERS}"))
        .arg("--inh-caps=-all")
        .arg("--")
        .arg(vault)
        .args(args)
        .env("HOME", agent.key.parent().unwrap())
        .env("VAULT_LOG", &agent.log)
        .env("VAULT_AGENT_KEY_FILE", &agent.key)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn each_agent_reads_only_its_own_events_and_the_operator_reads_them_all() {
    if !as_root() || !have("setpriv") {
        return;
    }
    let sandbox = Sandbox::init();
    let vault = shared_binary(&sandbox);
    // Agents traverse the directories on the way, without listing them.
    fs::set_permissions(sandbox.dir.path(), fs::Permissions::from_mode(0o711)).unwrap();
    fs::set_permissions(sandbox.home(), fs::Permissions::from_mode(0o711)).unwrap();
    sandbox.add_secret("ALICE_TOKEN", CANARY.as_bytes());
    sandbox.add_secret("BOB_TOKEN", b"bob-token-value");
    sandbox.add_secret("OPERATOR_ONLY", b"operator-only-value");
    let alice = agent(&sandbox, "alice", 50001);
    let bob = agent(&sandbox, "bob", 50002);
    sandbox.grant("alice", "ALICE_TOKEN");
    sandbox.grant("bob", "BOB_TOKEN");
    private_to(&sandbox.vault_file(), 0, READERS, 0o640);

    // Each reads its own secret, and the read lands in its own log.
    let out = as_agent(
        &sandbox,
        &vault,
        &alice,
        &["read", "--agent", "alice", "ALICE_TOKEN"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(out.stdout, CANARY.as_bytes());
    let out = as_agent(
        &sandbox,
        &vault,
        &bob,
        &["read", "--agent", "bob", "BOB_TOKEN"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Alice tries bob's name and another secret: denied, and only her log says why.
    let out = as_agent(
        &sandbox,
        &vault,
        &alice,
        &["read", "--agent", "bob", "BOB_TOKEN"],
    );
    assert_eq!(out.status.code(), Some(3));
    let out = as_agent(
        &sandbox,
        &vault,
        &alice,
        &["read", "--agent", "alice", "OPERATOR_ONLY"],
    );
    assert_eq!(out.status.code(), Some(3));

    let alice_log = fs::read_to_string(&alice.log).unwrap();
    assert_eq!(alice_log.lines().count(), 3, "{alice_log}");
    assert!(
        alice_log.contains("wrong-key")
            && !alice_log.contains("\"agent_id\":\"bob\",\"via\":\"agent-key\"")
    );
    let bob_log = fs::read_to_string(&bob.log).unwrap();
    assert_eq!(bob_log.lines().count(), 1, "{bob_log}");
    let operator_log = fs::read_to_string(sandbox.log_file()).unwrap();
    assert!(!operator_log.contains("vault.accessed"), "{operator_log}");

    // What alice can see: her own log, nothing else.
    let own = as_agent(&sandbox, &vault, &alice, &["events", "--json"]);
    assert!(own.status.success(), "{}", text(&own.stderr));
    let own = text(&own.stdout);
    assert_eq!(own, alice_log);
    for forbidden in [sandbox.log_file(), bob.log.clone()] {
        assert!(fs::metadata(&forbidden).is_ok());
        let out = as_agent(
            &sandbox,
            &vault,
            &alice,
            &[
                "events",
                "--json",
                "--log",
                &forbidden.display().to_string(),
            ],
        );
        assert_eq!(
            out.status.code(),
            Some(1),
            "alice read {}",
            forbidden.display()
        );
        assert!(out.stdout.is_empty());
    }
    // Her log holds her own reads and denials: nothing of bob's reads, grants or the
    // operator's changes, and no name she did not ask for herself.
    for line in own.lines() {
        let event: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(
            event["event"] == "vault.accessed" || event["event"] == "vault.denied",
            "{line}"
        );
        let asked = ["ALICE_TOKEN", "BOB_TOKEN", "OPERATOR_ONLY"];
        assert!(
            asked.contains(&event["secret_name"].as_str().unwrap()),
            "{line}"
        );
        assert!(
            event["event"] == "vault.denied" || event["agent_id"] == "alice",
            "{line}"
        );
    }
    // The operator part and the other agents' parts stay closed to her key.
    let out = as_agent(&sandbox, &vault, &alice, &["secret", "list"]);
    assert_eq!(out.status.code(), Some(1));

    // The operator sees every log, merged in time order, and checks every chain.
    let all = String::from_utf8(stdout_of(&mut sandbox.vault(["events", "--json"]))).unwrap();
    assert_eq!(
        all.lines().count(),
        operator_log.lines().count() + alice_log.lines().count() + bob_log.lines().count()
    );
    let report = sandbox.json(&["events", "verify"]);
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["logs"].as_array().unwrap().len(), 3);

    // A change records where every log stands; an agent that then erases its reads from its
    // own log is found out by the operator's next change and by verify.
    sandbox.add_secret("LATER", b"later");
    fs::write(&alice.log, b"").unwrap();
    let out = sandbox
        .vault(["secret", "add", "X"])
        .write_stdin("x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = one_error_line(&out.stderr);
    assert!(
        err.contains("events.alice.jsonl") && err.contains("no longer holds"),
        "{err}"
    );
    sandbox.vault(["events", "verify"]).assert().code(1);

    // The vault the operator rewrote is still readable by the agents' group.
    assert_eq!(mode(&sandbox.vault_file()), 0o640);
    let out = as_agent(
        &sandbox,
        &vault,
        &bob,
        &["read", "--agent", "bob", "BOB_TOKEN"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
}
