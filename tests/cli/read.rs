use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use crate::support::*;

/// A vault with two agents: `researcher` holds OPENAI_API_KEY, `other` holds nothing.
fn setup() -> (Sandbox, PathBuf, PathBuf) {
    let sandbox = Sandbox::init();
    sandbox.add_secret("OPENAI_API_KEY", CANARY.as_bytes());
    sandbox.add_secret("UNGRANTED", b"nope");
    let researcher = sandbox.add_agent("researcher");
    let other = sandbox.add_agent("other");
    sandbox.grant("researcher", "OPENAI_API_KEY");
    (sandbox, researcher, other)
}

/// Takes the operator identity out of reach, as it is for an agent.
fn hide_identity(sandbox: &Sandbox) {
    fs::rename(sandbox.identity_file(), sandbox.path("identity.away")).unwrap();
}

#[test]
fn operator_path_prints_the_exact_bytes_without_a_newline() {
    let (sandbox, _, _) = setup();
    sandbox
        .vault(["read", "--agent", "researcher", "OPENAI_API_KEY"])
        .assert()
        .success()
        .stdout(CANARY)
        .stderr("");
    let event = sandbox.events().pop().unwrap();
    assert_eq!(event["event"], "vault.accessed");
    assert_eq!(event["via"], "operator");
}

#[test]
fn binary_values_round_trip() {
    let (sandbox, key, _) = setup();
    let value: Vec<u8> = (0..=255u8).rev().collect();
    fs::write(sandbox.path("bin"), &value).unwrap();
    sandbox
        .vault(["secret", "add", "BIN", "--from-file", "bin"])
        .assert()
        .success();
    sandbox.grant("researcher", "BIN");
    hide_identity(&sandbox);
    let out = sandbox
        .read_with_key("researcher", "BIN", &key)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(out.stdout, value);
}

#[test]
fn every_agent_key_source_works_without_the_operator_identity() {
    let (sandbox, key, _) = setup();
    hide_identity(&sandbox);
    let key_text = fs::read_to_string(&key).unwrap();
    let read = || sandbox.vault(["read", "--agent", "researcher", "OPENAI_API_KEY"]);

    read()
        .arg("--key-file")
        .arg(&key)
        .assert()
        .success()
        .stdout(CANARY);
    read()
        .env("VAULT_AGENT_KEY", key_text.trim())
        .assert()
        .success()
        .stdout(CANARY);
    read()
        .env("VAULT_AGENT_KEY_FILE", &key)
        .assert()
        .success()
        .stdout(CANARY);
    let vias: Vec<_> = sandbox
        .events()
        .iter()
        .rev()
        .take(3)
        .map(|e| e["via"].clone())
        .collect();
    assert_eq!(vias, ["agent-key", "agent-key", "agent-key"]);

    // Without a key and without the identity there is nothing to authenticate with.
    let out = read().output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("operator identity"));
}

#[test]
fn key_sources_take_turns_in_the_documented_order() {
    let (sandbox, researcher, other) = setup();
    let other_text = fs::read_to_string(&other).unwrap();
    let researcher_text = fs::read_to_string(&researcher).unwrap();
    let read = || sandbox.vault(["read", "--agent", "researcher", "OPENAI_API_KEY"]);

    // --key-file beats VAULT_AGENT_KEY, which beats VAULT_AGENT_KEY_FILE.
    read()
        .arg("--key-file")
        .arg(&researcher)
        .env("VAULT_AGENT_KEY", other_text.trim())
        .assert()
        .success();
    read()
        .env("VAULT_AGENT_KEY", researcher_text.trim())
        .env("VAULT_AGENT_KEY_FILE", &other)
        .assert()
        .success();
    read()
        .env("VAULT_AGENT_KEY", other_text.trim())
        .env("VAULT_AGENT_KEY_FILE", &researcher)
        .assert()
        .code(3);
}

#[test]
fn every_kind_of_denial_looks_the_same_to_the_reader() {
    let (sandbox, researcher, other) = setup();
    let cases: Vec<(&str, &str, Option<&PathBuf>, &str)> = vec![
        ("researcher", "UNGRANTED", None, "not-granted"),
        ("researcher", "NO_SUCH_SECRET", None, "not-granted"),
        ("nobody", "OPENAI_API_KEY", None, "unknown-agent"),
        ("researcher", "OPENAI_API_KEY", Some(&other), "wrong-key"),
        ("other", "OPENAI_API_KEY", Some(&researcher), "wrong-key"),
        ("other", "OPENAI_API_KEY", Some(&other), "not-granted"),
        (
            "nobody",
            "OPENAI_API_KEY",
            Some(&researcher),
            "unknown-agent",
        ),
    ];
    for (agent, secret, key, reason) in cases {
        let mut cmd = sandbox.vault(["read", "--agent", agent, secret]);
        if let Some(key) = key {
            cmd.arg("--key-file").arg(key);
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(3), "{agent} {secret} {reason}");
        assert!(out.stdout.is_empty());
        let err = one_error_line(&out.stderr);
        assert_eq!(
            err,
            format!(
                "vault: denied: agent {agent} may not read {secret}; an operator can grant it with `vault grant add --agent {agent} {secret}`\n"
            )
        );
        let event = sandbox.events().pop().unwrap();
        assert_eq!(event["event"], "vault.denied");
        assert_eq!(event["reason"], reason, "{agent} {secret}");
        assert_eq!(event["agent_id"], agent);
        assert_eq!(event["secret_name"], secret);
        let via = if key.is_some() {
            "agent-key"
        } else {
            "operator"
        };
        assert_eq!(event["via"], via);
    }
}

#[test]
fn a_revoked_grant_is_gone_from_the_agents_own_part() {
    let (sandbox, key, _) = setup();
    hide_identity(&sandbox);
    let read = || {
        sandbox
            .read_with_key("researcher", "OPENAI_API_KEY", &key)
            .assert()
    };
    read().success();
    fs::rename(sandbox.path("identity.away"), sandbox.identity_file()).unwrap();
    sandbox
        .vault(["grant", "rm", "--agent", "researcher", "OPENAI_API_KEY"])
        .assert()
        .success();
    hide_identity(&sandbox);
    read().code(3);
}

#[test]
fn the_accessed_event_says_who_read_what_and_how() {
    let (sandbox, key, _) = setup();
    sandbox
        .read_with_key("researcher", "OPENAI_API_KEY", &key)
        .assert()
        .success();
    let grant = &sandbox.json(&["grant", "list"])[0];
    let event = sandbox.events().pop().unwrap();
    assert_eq!(event["event"], "vault.accessed");
    assert_eq!(event["agent_id"], "researcher");
    assert_eq!(event["secret_id"], grant["secret_id"]);
    assert_eq!(event["grant_id"], grant["grant_id"]);
    assert_eq!(event["secret_name"], "OPENAI_API_KEY");
    assert!(event["secret_ref"].as_str().unwrap().starts_with("sha256:"));
    assert_eq!(event["via"], "agent-key");
    assert!(event["pid"].as_u64().unwrap() > 0);
    assert!(event.get("reason").is_none());
}

#[test]
fn a_read_the_log_cannot_record_prints_nothing_and_exits_1() {
    let (sandbox, key, _) = setup();
    fs::write(sandbox.path("not-a-dir"), b"").unwrap();
    let log = sandbox.path("not-a-dir/events.jsonl");
    for (secret, key_file) in [
        ("OPENAI_API_KEY", None),
        ("OPENAI_API_KEY", Some(&key)),
        ("UNGRANTED", None),
    ] {
        let mut cmd = sandbox.vault(["read", "--agent", "researcher", secret]);
        cmd.env("VAULT_LOG", &log);
        if let Some(key) = key_file {
            cmd.arg("--key-file").arg(key);
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{secret}");
        assert!(out.stdout.is_empty());
        let err = one_error_line(&out.stderr);
        assert!(err.contains("audit log"), "{err}");
        assert!(!err.contains(CANARY));
    }
}

#[test]
fn a_key_file_others_can_read_is_refused_with_the_fix() {
    let (sandbox, key, _) = setup();
    fs::set_permissions(&key, fs::Permissions::from_mode(0o644)).unwrap();
    let out = sandbox
        .read_with_key("researcher", "OPENAI_API_KEY", &key)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = one_error_line(&out.stderr);
    assert!(
        err.contains(&format!("chmod 600 {}", key.display())),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn a_malformed_key_is_an_error_that_does_not_repeat_it() {
    let (sandbox, _, _) = setup();
    let out = sandbox
        .vault(["read", "--agent", "researcher", "OPENAI_API_KEY"])
        .env("VAULT_AGENT_KEY", CANARY)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = one_error_line(&out.stderr);
    assert!(
        err.contains("VAULT_AGENT_KEY is not an age identity"),
        "{err}"
    );
    assert!(!err.contains(CANARY));
}
