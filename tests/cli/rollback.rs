//! Old copies of the vault and cut, swapped or deleted logs: the attacks of the outside review
//! (items 1 and 2). A change refuses to go ahead on a vault older than its log, or on a log
//! that no longer reaches the event the vault recorded; rotation and recovery are on purpose.

use std::fs;

use serde_json::Value;

use crate::support::*;

/// A vault where alice is granted SECRET_A, her key in `alice.key`.
fn granted() -> Sandbox {
    let sandbox = Sandbox::init();
    sandbox.add_secret("SECRET_A", CANARY.as_bytes());
    sandbox.add_agent("alice");
    sandbox.grant("alice", "SECRET_A");
    sandbox
}

fn refused(sandbox: &Sandbox, args: &[&str], stdin: &str) -> String {
    let before = fs::read(sandbox.vault_file()).unwrap();
    let log_before = fs::read(sandbox.log_file()).ok();
    let out = sandbox.vault(args).write_stdin(stdin).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{args:?} was not refused");
    assert_eq!(fs::read(sandbox.vault_file()).unwrap(), before, "{args:?}");
    assert_eq!(
        fs::read(sandbox.log_file()).ok(),
        log_before,
        "{args:?} logged"
    );
    one_error_line(&out.stderr)
}

fn verify_fails(sandbox: &Sandbox) -> String {
    let out = sandbox.vault(["events", "verify"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    one_error_line(&out.stderr)
}

#[test]
fn an_old_copy_of_the_vault_put_back_is_refused_and_never_sealed_to_a_revoked_agent() {
    let sandbox = granted();
    let old = fs::read(sandbox.vault_file()).unwrap();
    sandbox
        .vault(["grant", "rm", "--agent", "alice", "SECRET_A"])
        .assert()
        .success();
    let revoked = sandbox.events().last().unwrap()["seq"].as_u64().unwrap();
    // The agent, running as the operator's user, copies its old file back.
    fs::write(sandbox.vault_file(), &old).unwrap();

    let err = verify_fails(&sandbox);
    assert!(err.contains("the vault is older than the log"), "{err}");
    assert!(
        err.contains(&format!("change {revoked} (grant.revoked) is missing")),
        "{err}"
    );
    assert!(err.contains("vault events anchor --accept"), "{err}");

    // The rotation SECURITY.md advises after a revocation is refused, and nothing is sealed.
    let err = refused(&sandbox, &["secret", "set", "SECRET_A"], "rotated");
    assert!(
        err.contains(&format!("change {revoked} (grant.revoked) is missing"))
            && err.contains("nothing was changed"),
        "{err}"
    );
    for args in [
        &["agent", "add", "bob"][..],
        &["rekey"],
        &["secret", "rm", "SECRET_A"],
    ] {
        refused(&sandbox, args, "");
    }
    // What the agent's old key reads is the old value; the new one was never written.
    let key = sandbox.path("alice.key");
    let read = stdout_of(&mut sandbox.read_with_key("alice", "SECRET_A", &key));
    assert_eq!(read, CANARY.as_bytes());
}

#[test]
fn an_operator_who_restored_on_purpose_accepts_it_and_goes_on() {
    let sandbox = granted();
    let old = fs::read(sandbox.vault_file()).unwrap();
    sandbox.add_secret("LATER", b"later");
    fs::write(sandbox.vault_file(), &old).unwrap();
    refused(&sandbox, &["secret", "add", "OTHER"], "o");

    let out = sandbox
        .vault(["events", "anchor", "--accept"])
        .output()
        .unwrap();
    assert!(out.status.success() && out.stdout.is_empty());
    let out = String::from_utf8(out.stderr).unwrap();
    assert!(
        out.contains("Accepted: the vault is older than the log"),
        "{out}"
    );
    let anchored = sandbox.events().pop().unwrap();
    assert_eq!(anchored["event"], "vault.anchored");
    assert!(
        anchored["problem"]
            .as_str()
            .unwrap()
            .contains("(secret.created) is missing")
    );
    sandbox.add_secret("OTHER", b"o");
    sandbox.vault(["events", "verify"]).assert().success();
    let names: Vec<Value> = sandbox
        .json(&["secret", "list"])
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(names.len(), 2, "LATER stays lost, as accepted: {names:?}");
}

/// The state a writer killed between logging its change and renaming its vault into place
/// leaves: the old vault, the new one whole beside it, and the change in the log. The next
/// change puts the new vault in place instead of taking the log for a newer vault's.
#[test]
fn a_change_killed_after_it_was_logged_is_completed_not_mistaken_for_a_rollback() {
    let sandbox = granted();
    let old = fs::read(sandbox.vault_file()).unwrap();
    sandbox
        .vault(["secret", "set", "SECRET_A"])
        .write_stdin("rotated-value")
        .assert()
        .success();
    let new = fs::read(sandbox.vault_file()).unwrap();
    fs::write(sandbox.vault_file(), &old).unwrap();
    fs::write(sandbox.home().join(".vault.age.k1LLed.tmp"), &new).unwrap();

    let out = String::from_utf8(stdout_of(&mut sandbox.vault(["events", "verify"]))).unwrap();
    assert!(out.contains("put in place by the next change"), "{out}");
    sandbox.add_secret("NEXT", b"next");
    let key = sandbox.path("alice.key");
    let read = stdout_of(&mut sandbox.read_with_key("alice", "SECRET_A", &key));
    assert_eq!(read, b"rotated-value");
    sandbox.vault(["events", "verify"]).assert().success();
    let left: Vec<_> = fs::read_dir(sandbox.home())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "tmp")
        })
        .collect();
    assert!(left.is_empty(), "{left:?}");

    // A leftover that is not the logged change (an older vault, planted) is removed, and
    // does not hide anything.
    fs::write(sandbox.home().join(".vault.age.pl4nt3.tmp"), &old).unwrap();
    sandbox.add_secret("AFTER", b"after");
    assert!(!sandbox.home().join(".vault.age.pl4nt3.tmp").exists());
}

#[test]
fn a_vault_made_anew_at_the_same_path_is_not_taken_for_an_old_one() {
    let sandbox = granted();
    for _ in 0..3 {
        sandbox
            .vault(["secret", "set", "SECRET_A"])
            .write_stdin("v")
            .assert()
            .success();
    }
    fs::remove_file(sandbox.vault_file()).unwrap();
    sandbox.vault(["init"]).assert().success();
    sandbox.add_secret("FRESH", b"f");
    sandbox.vault(["events", "verify"]).assert().success();
}

/// `head -n 5 events.jsonl > t && cat t > events.jsonl` on a 31-event log.
#[test]
fn a_cut_log_is_not_re_anchored_by_the_next_change() {
    let sandbox = granted();
    let key = sandbox.path("alice.key");
    while sandbox.events().len() < 31 {
        sandbox
            .read_with_key("alice", "SECRET_A", &key)
            .assert()
            .success();
    }
    sandbox.add_secret("B", b"b");
    let last_change = sandbox.events().last().unwrap()["seq"].as_u64().unwrap();
    sandbox
        .shell("head -n 5 \"$VAULT_HOME/events.jsonl\" > t && cat t > \"$VAULT_HOME/events.jsonl\"")
        .assert()
        .success();

    let err = verify_fails(&sandbox);
    assert!(
        err.contains(&format!("no longer holds event {last_change}")),
        "{err}"
    );
    let err = refused(&sandbox, &["secret", "set", "B"], "b2");
    assert!(
        err.contains(&format!("no longer holds event {last_change}"))
            && err.contains("restore the newest vault and log")
            && err.contains("vault events anchor --accept"),
        "{err}"
    );
    // Still refused, and verify still fails: nothing re-anchored the vault on the cut log.
    refused(&sandbox, &["secret", "set", "B"], "b3");
    verify_fails(&sandbox);
}

#[test]
fn a_deleted_or_swapped_log_is_refused_too() {
    let sandbox = granted();
    let log = fs::read(sandbox.log_file()).unwrap();
    fs::remove_file(sandbox.log_file()).unwrap();
    // A read starts a new log at seq 1; the next change sees that it is not the log it knew.
    let key = sandbox.path("alice.key");
    sandbox
        .read_with_key("alice", "SECRET_A", &key)
        .assert()
        .success();
    assert_eq!(sandbox.events()[0]["seq"], 1);
    let err = refused(&sandbox, &["secret", "add", "B"], "b");
    assert!(err.contains("no longer holds event"), "{err}");

    // Another vault's log swapped in.
    let other = Sandbox::init();
    other.add_secret("X", b"x");
    other.add_secret("Y", b"y");
    other.add_secret("Z", b"z");
    fs::copy(other.log_file(), sandbox.log_file()).unwrap();
    let err = refused(&sandbox, &["secret", "add", "B"], "b");
    assert!(err.contains("no longer holds event"), "{err}");

    fs::write(sandbox.log_file(), log).unwrap();
    sandbox.add_secret("B", b"b");
}

#[test]
fn rotation_on_purpose_chains_the_new_file_to_the_old_one() {
    let sandbox = granted();
    let key = sandbox.path("alice.key");
    sandbox
        .read_with_key("alice", "SECRET_A", &key)
        .assert()
        .success();
    let before = sandbox.events();
    let rotated = sandbox.vault(["events", "rotate"]).output().unwrap();
    assert!(rotated.status.success() && rotated.stdout.is_empty());
    let out = String::from_utf8(rotated.stderr).unwrap();
    assert!(out.starts_with("Moved the log to "), "{out}");
    let old: Vec<_> = fs::read_dir(sandbox.home())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with("events.jsonl.")
        })
        .collect();
    assert_eq!(old.len(), 1, "{old:?}");
    assert_eq!(mode(&old[0]), 0o600);
    assert_eq!(mode(&sandbox.log_file()), 0o600);

    let now = sandbox.events();
    assert_eq!(now[0]["event"], "log.rotated");
    assert_eq!(now[0]["seq"], before.len() as u64 + 1);
    let last_old = fs::read_to_string(&old[0]).unwrap();
    let last_old = last_old.lines().last().unwrap();
    assert_eq!(
        now[0]["prev"],
        format!("sha256:{}", sha256_hex(last_old.as_bytes()))
    );
    assert_eq!(now[1]["event"], "vault.anchored");

    sandbox
        .read_with_key("alice", "SECRET_A", &key)
        .assert()
        .success();
    sandbox.add_secret("B", b"b");
    let report = sandbox.json(&["events", "verify"]);
    assert_eq!(report["ok"], true);
    assert_eq!(report["logs"][0]["files"].as_array().unwrap().len(), 2);
    assert_eq!(report["events"], sandbox.events().len() + before.len());

    // The old file edited: verify follows the chain into it and finds the edit.
    let edited = fs::read_to_string(&old[0])
        .unwrap()
        .replacen("alice", "mallory", 1);
    let original = fs::read(&old[0]).unwrap();
    fs::write(&old[0], edited).unwrap();
    verify_fails(&sandbox);
    fs::write(&old[0], original).unwrap();

    // The old file archived away: the chain is still sound, and changes go on, since the
    // rotation recorded the new file's head in the vault.
    fs::remove_file(&old[0]).unwrap();
    let out = String::from_utf8(stdout_of(&mut sandbox.vault(["events", "verify"]))).unwrap();
    assert!(out.contains("not here any more"), "{out}");
    sandbox.add_secret("C", b"c");
}

/// docs/audit-log.md's logrotate recipe, written as the doc writes it and run by the real
/// logrotate (from Debian): three times, with reads and changes between, and without a change
/// between two rotations. It prints nothing when all is well, or cron would mail it.
#[test]
fn the_docs_logrotate_recipe_keeps_the_chain_and_the_anchor() {
    if !have_all(&["logrotate", "gzip"]) {
        return;
    }
    let sandbox = granted();
    let key = sandbox.path("alice.key");
    let recipe = sh_blocks("docs/audit-log.md")
        .into_iter()
        .find(|block| block.contains("logrotate.conf <<END"))
        .expect("docs/audit-log.md has the logrotate recipe");
    let bin = assert_cmd::cargo::cargo_bin("vault");
    let run = |script: &str| {
        let out = sandbox
            .shell(script)
            .env("PATH", path_with(bin.parent().unwrap()))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{script}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    run(&recipe);
    let cron = "logrotate --force --state ~/.local/state/vault-logrotate.state ~/.config/vault/logrotate.conf";
    for round in 0..3 {
        let out = run(cron);
        assert!(
            out.stdout.is_empty() && out.stderr.is_empty(),
            "cron would mail {out:?}"
        );
        sandbox
            .read_with_key("alice", "SECRET_A", &key)
            .assert()
            .success();
        if round == 1 {
            sandbox.add_secret("ROUND1", b"r");
        }
        sandbox.vault(["events", "verify"]).assert().success();
    }
    let first = &sandbox.events()[0];
    assert_eq!(first["event"], "log.rotated");
    assert!(sandbox.home().join("events.jsonl.1").exists());
    assert!(sandbox.home().join("events.jsonl.2.gz").exists());
    sandbox.add_secret("AFTER", b"a");
    sandbox.vault(["events", "verify"]).assert().success();
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    format!("{:x}", Sha256::digest(bytes))
}

#[test]
fn the_vault_remembers_each_log_apart() {
    // Two logs for one vault (a second machine's, as far as the vault can tell: another path):
    // changes through either are checked against that log only.
    let sandbox = granted();
    let other_log = sandbox.path("other/events.jsonl");
    sandbox
        .vault(["secret", "add", "VIA_OTHER"])
        .arg("--log")
        .arg(&other_log)
        .write_stdin("o")
        .assert()
        .success();
    sandbox.add_secret("VIA_MAIN", b"m");
    sandbox
        .vault(["secret", "add", "VIA_OTHER_2"])
        .arg("--log")
        .arg(&other_log)
        .write_stdin("o")
        .assert()
        .success();
    sandbox.vault(["events", "verify"]).assert().success();
    sandbox
        .vault(["events", "verify", "--log"])
        .arg(&other_log)
        .assert()
        .success();
    // Cutting the other log is noticed through it.
    let text = fs::read_to_string(&other_log).unwrap();
    fs::write(&other_log, text.lines().next().unwrap().to_owned() + "\n").unwrap();
    let out = sandbox
        .vault(["secret", "add", "X", "--log"])
        .arg(&other_log)
        .write_stdin("x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("no longer holds event"));
}

/// Commands that only look still show an old copy put back, and say on stderr what a change
/// would refuse: the operator reading `grant list` learns the grants shown may be stale.
#[test]
fn commands_that_only_look_warn_of_an_old_copy() {
    let sandbox = granted();
    let old = fs::read(sandbox.vault_file()).unwrap();
    sandbox
        .vault(["grant", "rm", "--agent", "alice", "SECRET_A"])
        .assert()
        .success();
    fs::write(sandbox.vault_file(), &old).unwrap();
    for args in [
        &["grant", "list"][..],
        &["secret", "list"],
        &["agent", "list"],
        &["grant", "list", "-q"],
    ] {
        let out = sandbox.vault(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let said = String::from_utf8(out.stderr).unwrap();
        assert!(
            said.starts_with("vault: warning: the vault is older than the log")
                && said.contains("`vault events verify`"),
            "{args:?}: {said}"
        );
    }
    // And nothing is said of a vault in order.
    let fresh = granted();
    let out = fresh.vault(["grant", "list"]).output().unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
