use std::fs;

use crate::support::*;

/// The value as an agent reads it.
fn read(sandbox: &Sandbox, name: &str) -> Vec<u8> {
    if !sandbox.path("reader.key").exists() {
        sandbox.add_agent("reader");
    }
    sandbox.grant("reader", name);
    stdout_of(&mut sandbox.vault(["read", "--agent", "reader", name]))
}

#[test]
fn stdin_loses_exactly_one_trailing_newline() {
    let sandbox = Sandbox::init();
    sandbox.add_secret("LF", b"value\n\n");
    sandbox.add_secret("CRLF", b"value\r\n");
    sandbox.add_secret("BARE", b"value");
    assert_eq!(read(&sandbox, "LF"), b"value\n");
    assert_eq!(read(&sandbox, "CRLF"), b"value");
    assert_eq!(read(&sandbox, "BARE"), b"value");
}

#[test]
fn from_file_keeps_the_exact_bytes_binary_included() {
    let sandbox = Sandbox::init();
    let every_byte: Vec<u8> = (0..=255).chain([b'\n']).collect();
    fs::write(sandbox.path("value.bin"), &every_byte).unwrap();
    sandbox
        .vault(["secret", "add", "BIN", "--from-file", "value.bin"])
        .assert()
        .success();
    assert_eq!(read(&sandbox, "BIN"), every_byte);
}

#[test]
fn add_json_has_id_name_and_created_at() {
    let sandbox = Sandbox::init();
    let out = sandbox
        .vault(["secret", "add", "OPENAI_API_KEY", "--json"])
        .write_stdin(CANARY)
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = json["id"].as_str().unwrap();
    assert!(id.starts_with("sec_") && id.len() >= 14, "{id}");
    assert!(
        id[4..]
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    );
    assert_eq!(json["name"], "OPENAI_API_KEY");
    let created = json["created_at"].as_str().unwrap();
    assert!(created.ends_with('Z') && created.len() == 20, "{created}");
    assert_eq!(json.as_object().unwrap().len(), 3);
    assert!(!contains(&out.stdout, CANARY.as_bytes()));
    assert!(!contains(&out.stderr, CANARY.as_bytes()));
}

#[test]
fn a_duplicate_name_is_an_error_and_changes_nothing() {
    let sandbox = Sandbox::init();
    sandbox.add_secret("DUP", b"first");
    let before = fs::read(sandbox.vault_file()).unwrap();
    let out = sandbox
        .vault(["secret", "add", "DUP"])
        .write_stdin(CANARY)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = one_error_line(&out.stderr);
    assert!(err.contains("vault secret set DUP"), "{err}");
    assert_eq!(fs::read(sandbox.vault_file()).unwrap(), before);
    assert_eq!(read(&sandbox, "DUP"), b"first");
}

#[test]
fn bad_names_are_refused_before_anything_is_written() {
    let sandbox = Sandbox::init();
    let before = fs::read(sandbox.vault_file()).unwrap();
    let long = "N".repeat(129);
    for name in [
        "a/b",
        "..",
        "a b",
        "-x",
        "9LIVES",
        "tab\tname",
        "new\nline",
        "é",
        &long,
    ] {
        let out = sandbox
            .vault(["secret", "add", "--", name])
            .write_stdin("value")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{name:?}");
        let err = one_error_line(&out.stderr);
        assert!(err.contains("invalid secret name"), "{err}");
    }
    assert_eq!(fs::read(sandbox.vault_file()).unwrap(), before);
    assert_eq!(sandbox.event_names(), ["vault.initialized"]);
}

#[test]
fn empty_and_oversized_values_are_refused_and_1_mib_is_fine() {
    let sandbox = Sandbox::init();
    let out = sandbox
        .vault(["secret", "add", "EMPTY"])
        .write_stdin("\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("empty"));

    let out = sandbox
        .vault(["secret", "add", "HUGE"])
        .write_stdin(vec![b'x'; (1 << 20) + 1])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("1 MiB"));

    let max = vec![b'm'; 1 << 20];
    sandbox.add_secret("MAX", &max);
    assert_eq!(read(&sandbox, "MAX"), max);
}

#[test]
fn a_value_on_the_command_line_is_a_usage_error_that_does_not_repeat_it() {
    let sandbox = Sandbox::init();
    for verb in ["add", "set"] {
        let out = sandbox
            .vault(["secret", verb, "OPENAI_API_KEY", CANARY])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = one_error_line(&out.stderr);
        assert!(!err.contains(CANARY), "{err}");
        assert!(err.contains("--from-file"), "{err}");
    }
    assert_eq!(sandbox.event_names(), ["vault.initialized"]);
}

#[test]
fn set_replaces_the_value_and_keeps_id_and_grants() {
    let sandbox = Sandbox::init();
    sandbox.add_secret("TOKEN", b"old");
    let key = sandbox.add_agent("bot");
    sandbox.grant("bot", "TOKEN");
    let before = sandbox.json(&["secret", "list"]);

    let out = sandbox
        .vault(["secret", "set", "TOKEN", "--json"])
        .write_stdin("new")
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["id"], before[0]["id"]);
    assert_eq!(json["name"], "TOKEN");
    assert_eq!(json["created_at"], before[0]["created_at"]);
    assert!(json["updated_at"].is_string());
    assert_eq!(json["version"], 2);
    assert_eq!(json.as_object().unwrap().len(), 5);

    sandbox
        .read_with_key("bot", "TOKEN", &key)
        .assert()
        .success()
        .stdout("new");
    assert_eq!(
        sandbox.event_names().last().unwrap(),
        "vault.accessed",
        "the agent's own key sees the new value"
    );
    assert!(sandbox.event_names().contains(&"secret.updated".to_owned()));
}

#[test]
fn set_of_a_missing_secret_points_at_add() {
    let sandbox = Sandbox::init();
    let out = sandbox
        .vault(["secret", "set", "NOPE"])
        .write_stdin("x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("vault secret add NOPE"));
}

#[test]
fn list_is_sorted_metadata_without_values() {
    let sandbox = Sandbox::init();
    sandbox.add_secret("ZETA", CANARY.as_bytes());
    sandbox.add_secret("ALPHA", CANARY.as_bytes());
    sandbox.add_secret("_MID", CANARY.as_bytes());
    let out = sandbox
        .vault(["secret", "list", "--json"])
        .output()
        .unwrap();
    assert!(!contains(&out.stdout, CANARY.as_bytes()));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ALPHA", "ZETA", "_MID"]);
    for key in ["id", "name", "created_at", "updated_at", "grants", "canary"] {
        assert!(list[0].get(key).is_some(), "{key}");
    }

    // Piped, the human form is tab-separated lines, no header, no values.
    let out = sandbox.vault(["secret", "list"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 3);
    assert!(text.lines().all(|line| line.split('\t').count() == 9));
    assert!(text.starts_with("ALPHA\tsec_"));
    assert!(!text.contains(CANARY));

    let empty = Sandbox::init();
    assert_eq!(empty.json(&["secret", "list"]), serde_json::json!([]));
}

#[test]
fn rm_by_name_or_id_deletes_the_secret_and_its_grants() {
    let sandbox = Sandbox::init();
    sandbox.add_secret("ONE", b"1");
    sandbox.add_secret("TWO", b"2");
    sandbox.add_agent("bot");
    sandbox.grant("bot", "ONE");
    sandbox.grant("bot", "TWO");

    sandbox
        .vault(["secret", "rm", "ONE"])
        .assert()
        .success()
        .stdout("");
    let id = sandbox.json(&["secret", "list"])[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    sandbox
        .vault(["secret", "rm", &id])
        .assert()
        .success()
        .stdout("");
    assert_eq!(sandbox.json(&["secret", "list"]), serde_json::json!([]));
    assert_eq!(sandbox.json(&["grant", "list"]), serde_json::json!([]));
    let names = sandbox.event_names();
    assert_eq!(
        names[names.len() - 4..],
        [
            "grant.revoked",
            "secret.deleted",
            "grant.revoked",
            "secret.deleted"
        ]
    );
    sandbox
        .vault(["read", "--agent", "bot", "ONE"])
        .assert()
        .code(3);

    let out = sandbox.vault(["secret", "rm", "ONE"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    one_error_line(&out.stderr);
}
