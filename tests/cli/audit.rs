use std::fs;
use std::process::Stdio;

use crate::support::*;

#[test]
fn every_change_and_read_is_one_chained_line_without_values() {
    let sandbox = Sandbox::init();
    sandbox.add_secret("OPENAI_API_KEY", CANARY.as_bytes());
    sandbox
        .vault(["secret", "set", "OPENAI_API_KEY"])
        .write_stdin(CANARY)
        .assert()
        .success();
    sandbox.add_agent("bot");
    sandbox.grant("bot", "OPENAI_API_KEY");
    sandbox
        .vault(["read", "--agent", "bot", "OPENAI_API_KEY"])
        .assert()
        .success();
    sandbox
        .vault(["read", "--agent", "bot", "NOPE"])
        .assert()
        .code(3);
    sandbox
        .vault(["grant", "rm", "--agent", "bot", "OPENAI_API_KEY"])
        .assert()
        .success();
    sandbox.vault(["agent", "rm", "bot"]).assert().success();
    sandbox
        .vault(["secret", "rm", "OPENAI_API_KEY"])
        .assert()
        .success();

    assert_eq!(
        sandbox.event_names(),
        [
            "vault.initialized",
            "secret.created",
            "secret.updated",
            "agent.created",
            "grant.created",
            "vault.accessed",
            "vault.denied",
            "grant.revoked",
            "agent.deleted",
            "secret.deleted",
        ]
    );
    assert_eq!(assert_chain(&sandbox.log_file()), 10);
    let log = fs::read(sandbox.log_file()).unwrap();
    assert!(!contains(&log, CANARY.as_bytes()));
    for event in sandbox.events() {
        let ts = event["ts"].as_str().unwrap();
        assert!(ts.ends_with('Z') && ts.len() == 24, "{ts}");
    }
}

#[test]
fn sixteen_concurrent_readers_keep_the_chain_intact() {
    let sandbox = Sandbox::init();
    sandbox.add_secret("TOKEN", b"t");
    let key = sandbox.add_agent("bot");
    sandbox.grant("bot", "TOKEN");
    let before = sandbox.events().len();
    let children: Vec<_> = (0..16)
        .map(|_| {
            sandbox
                .spawnable(["read", "--agent", "bot", "TOKEN", "--key-file"])
                .arg(&key)
                .stdout(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        assert_eq!(out.stdout, b"t");
    }
    let events = sandbox.events();
    assert_eq!(events.len(), before + 16);
    assert!(
        events[before..]
            .iter()
            .all(|e| e["event"] == "vault.accessed")
    );
    assert_eq!(assert_chain(&sandbox.log_file()), before + 16);
}

#[test]
fn a_change_whose_event_cannot_be_written_is_not_made() {
    let sandbox = Sandbox::init();
    let before = fs::read(sandbox.vault_file()).unwrap();
    fs::write(sandbox.path("file"), b"").unwrap();
    let out = sandbox
        .vault(["secret", "add", "A"])
        .env("VAULT_LOG", sandbox.path("file/events.jsonl"))
        .write_stdin("a")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = one_error_line(&out.stderr);
    assert!(
        err.contains("audit log") && err.contains("nothing was changed"),
        "{err}"
    );
    assert_eq!(fs::read(sandbox.vault_file()).unwrap(), before);
    let leftovers: Vec<_> = fs::read_dir(sandbox.home())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
