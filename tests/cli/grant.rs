use std::fs;

use serde_json::json;

use crate::support::*;

fn setup() -> Sandbox {
    let sandbox = Sandbox::init();
    sandbox.add_secret("OPENAI_API_KEY", CANARY.as_bytes());
    sandbox.add_secret("OTHER", b"other");
    sandbox.add_agent("researcher");
    sandbox.add_agent("writer");
    sandbox
}

#[test]
fn add_returns_the_grant_and_granting_twice_returns_the_same_one() {
    let sandbox = setup();
    let first = sandbox.json(&["grant", "add", "--agent", "researcher", "OPENAI_API_KEY"]);
    assert!(first["grant_id"].as_str().unwrap().starts_with("grt_"));
    assert_eq!(first["agent_id"], "researcher");
    assert!(first["secret_id"].as_str().unwrap().starts_with("sec_"));
    assert!(first["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(first["expires_at"], serde_json::Value::Null);
    assert_eq!(first.as_object().unwrap().len(), 5);

    let vault = fs::read(sandbox.vault_file()).unwrap();
    let again = sandbox.json(&["grant", "add", "--agent", "researcher", "OPENAI_API_KEY"]);
    assert_eq!(again, first);
    assert_eq!(fs::read(sandbox.vault_file()).unwrap(), vault, "no rewrite");
    let created = sandbox
        .event_names()
        .iter()
        .filter(|name| *name == "grant.created")
        .count();
    assert_eq!(created, 1);
}

#[test]
fn a_secret_can_be_named_by_its_id() {
    let sandbox = setup();
    let id = sandbox.json(&["secret", "list"])[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let grant = sandbox.json(&["grant", "add", "--agent", "writer", &id]);
    assert_eq!(grant["secret_id"], id.as_str());
}

#[test]
fn unknown_agents_and_secrets_name_the_command_that_creates_them() {
    let sandbox = setup();
    let before = fs::read(sandbox.vault_file()).unwrap();
    for (args, hint) in [
        (
            ["grant", "add", "--agent", "ghost", "OTHER"],
            "vault agent add ghost",
        ),
        (
            ["grant", "add", "--agent", "writer", "MISSING"],
            "vault secret add MISSING",
        ),
    ] {
        let out = sandbox.vault(args).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = one_error_line(&out.stderr);
        assert!(err.contains(hint), "{err}");
    }
    let out = sandbox
        .vault(["grant", "list", "--agent", "ghost"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("vault agent add ghost"));
    assert_eq!(fs::read(sandbox.vault_file()).unwrap(), before);
}

#[test]
fn list_shows_secret_names_and_filters_by_agent() {
    let sandbox = setup();
    sandbox.grant("writer", "OTHER");
    sandbox.grant("researcher", "OTHER");
    sandbox.grant("researcher", "OPENAI_API_KEY");
    let all = sandbox.json(&["grant", "list"]);
    let pairs: Vec<(String, String)> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["agent_id"].as_str().unwrap().to_owned(),
                g["secret_name"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("researcher".into(), "OPENAI_API_KEY".into()),
            ("researcher".into(), "OTHER".into()),
            ("writer".into(), "OTHER".into())
        ]
    );
    for key in [
        "grant_id",
        "agent_id",
        "secret_id",
        "secret_name",
        "created_at",
    ] {
        assert!(all[0].get(key).is_some(), "{key}");
    }
    assert_eq!(all[0]["expires_at"], serde_json::Value::Null);
    assert_eq!(all[0].as_object().unwrap().len(), 6);
    let writer = sandbox.json(&["grant", "list", "--agent", "writer"]);
    assert_eq!(writer.as_array().unwrap().len(), 1);
    assert!(!all.to_string().contains(CANARY));
}

#[test]
fn rm_by_id_or_by_agent_and_secret_revokes_silently() {
    let sandbox = setup();
    let grant = sandbox.json(&["grant", "add", "--agent", "writer", "OTHER"]);
    sandbox.grant("researcher", "OTHER");
    sandbox
        .vault(["grant", "rm", grant["grant_id"].as_str().unwrap()])
        .assert()
        .success()
        .stdout("");
    sandbox
        .vault(["grant", "rm", "--agent", "researcher", "OTHER"])
        .assert()
        .success()
        .stdout("");
    assert_eq!(sandbox.json(&["grant", "list"]), json!([]));
    let events = sandbox.events();
    let revoked = &events[events.len() - 1];
    assert_eq!(revoked["event"], "grant.revoked");
    assert_eq!(revoked["agent_id"], "researcher");
    assert_eq!(revoked["secret_name"], "OTHER");

    for args in [
        vec!["grant", "rm", "grt_nosuchgrant00"],
        vec!["grant", "rm", "--agent", "researcher", "OTHER"],
    ] {
        let out = sandbox.vault(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        one_error_line(&out.stderr);
    }
}
