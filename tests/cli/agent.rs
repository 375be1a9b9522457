use std::fs;

use crate::support::*;

#[test]
fn add_prints_the_key_as_the_only_line_on_stdout() {
    let sandbox = Sandbox::init();
    let out = sandbox
        .vault(["agent", "add", "researcher"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1);
    assert!(stdout.starts_with("AGE-SECRET-KEY-1") && stdout.ends_with('\n'));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("AGE-SECRET-KEY"));
    assert_eq!(sandbox.event_names().last().unwrap(), "agent.created");
}

#[test]
fn add_into_a_redirect_leaves_a_private_key_file_that_works() {
    let sandbox = Sandbox::init();
    sandbox.add_secret("TOKEN", b"t");
    sandbox
        .shell("umask 022 && $VAULT agent add bot > bot.key")
        .assert()
        .success();
    assert_eq!(mode(&sandbox.path("bot.key")), 0o600);
    sandbox.grant("bot", "TOKEN");
    sandbox
        .vault(["read", "--agent", "bot", "TOKEN"])
        .env("VAULT_AGENT_KEY_FILE", "bot.key")
        .assert()
        .success()
        .stdout("t");
}

#[test]
fn add_json_holds_id_recipient_key_and_time() {
    let sandbox = Sandbox::init();
    let json = sandbox.json(&["agent", "add", "bot"]);
    assert_eq!(json["agent_id"], "bot");
    assert!(json["recipient"].as_str().unwrap().starts_with("age1"));
    assert!(
        json["key"]
            .as_str()
            .unwrap()
            .starts_with("AGE-SECRET-KEY-1")
    );
    assert!(json["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(json.as_object().unwrap().len(), 4);
    let listed = sandbox.json(&["agent", "list"]);
    assert_eq!(listed[0]["recipient"], json["recipient"]);
}

#[test]
fn duplicate_and_malformed_ids_are_refused() {
    let sandbox = Sandbox::init();
    sandbox.add_agent("bot");
    let before = fs::read(sandbox.vault_file()).unwrap();
    for id in ["bot", "-bot", "a/b", "..", "with space", &"a".repeat(65)] {
        let out = sandbox.vault(["agent", "add", "--", id]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{id}");
        assert!(out.stdout.is_empty(), "no key for a refused agent");
        one_error_line(&out.stderr);
    }
    assert_eq!(fs::read(sandbox.vault_file()).unwrap(), before);
}

#[test]
fn list_shows_recipients_and_grant_counts() {
    let sandbox = Sandbox::init();
    sandbox.add_secret("A", b"a");
    sandbox.add_secret("B", b"b");
    sandbox.add_agent("zed");
    sandbox.add_agent("amy");
    sandbox.grant("amy", "A");
    sandbox.grant("amy", "B");
    let list = sandbox.json(&["agent", "list"]);
    assert_eq!(list[0]["agent_id"], "amy");
    assert_eq!(list[0]["grants"], 2);
    assert_eq!(list[1]["agent_id"], "zed");
    assert_eq!(list[1]["grants"], 0);
    for key in ["agent_id", "recipient", "created_at", "grants"] {
        assert!(list[0].get(key).is_some(), "{key}");
    }
    assert_eq!(list[0].as_object().unwrap().len(), 4);
}

#[test]
fn rm_deletes_the_agent_its_grants_and_its_access() {
    let sandbox = Sandbox::init();
    sandbox.add_secret("A", b"a");
    let key = sandbox.add_agent("bot");
    sandbox.grant("bot", "A");
    sandbox
        .vault(["agent", "rm", "bot"])
        .assert()
        .success()
        .stdout("");
    assert_eq!(sandbox.json(&["agent", "list"]), serde_json::json!([]));
    assert_eq!(sandbox.json(&["grant", "list"]), serde_json::json!([]));
    let names = sandbox.event_names();
    assert_eq!(names[names.len() - 2..], ["grant.revoked", "agent.deleted"]);
    sandbox.read_with_key("bot", "A", &key).assert().code(3);

    let out = sandbox.vault(["agent", "rm", "bot"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("vault agent add bot"));
}
