//! The operator's key: locked with a passphrase, from a plugin, shared between operators, and
//! rekeying.

use std::fs;
use std::io::{Read, Write};
use std::process::Stdio;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use crate::support::*;

const PASSPHRASE: &str = "correct horse battery staple";

/// A vault whose identity is locked with PASSPHRASE.
fn locked() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox
        .vault(["init", "--passphrase"])
        .env("VAULT_PASSPHRASE", PASSPHRASE)
        .assert()
        .success();
    sandbox
}

fn with_passphrase(sandbox: &Sandbox, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = sandbox.vault(args);
    cmd.env("VAULT_PASSPHRASE", PASSPHRASE);
    cmd
}

#[test]
fn a_locked_identity_is_an_age_file_and_every_operator_command_opens_it() {
    let sandbox = locked();
    let identity = fs::read_to_string(sandbox.identity_file()).unwrap();
    assert!(identity.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
    assert!(!identity.contains("AGE-SECRET-KEY"));
    assert_eq!(mode(&sandbox.identity_file()), 0o600);

    let run = |args: &[&str], stdin: &str| {
        with_passphrase(&sandbox, args)
            .write_stdin(stdin)
            .assert()
            .success()
    };
    run(&["secret", "add", "A"], "a");
    run(&["secret", "set", "A"], "b");
    run(&["secret", "import", "-"], "B=b\n");
    run(&["secret", "list"], "");
    run(&["agent", "add", "bot"], "");
    run(&["agent", "list"], "");
    run(&["grant", "add", "--agent", "bot", "A"], "");
    run(&["grant", "list"], "");
    run(&["read", "--agent", "bot", "A"], "").stdout("b");
    run(&["exec", "--agent", "bot", "--", "printenv", "A"], "").stdout("b\n");
    run(&["grant", "rm", "--agent", "bot", "A"], "");
    run(&["operator", "list"], "");
    run(&["rekey"], "");
    run(&["events", "verify"], "");
    run(&["secret", "rm", "B"], "");
    run(&["agent", "rm", "bot"], "");
    assert_chain(&sandbox.log_file());
}

#[test]
fn a_wrong_or_missing_passphrase_is_a_clear_error() {
    let sandbox = locked();
    let out = sandbox
        .vault(["secret", "list"])
        .env("VAULT_PASSPHRASE", "wrong")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = one_error_line(&out.stderr);
    assert!(
        err.contains("VAULT_PASSPHRASE is not the passphrase"),
        "{err}"
    );

    // No passphrase, no terminal: nothing to ask, and nothing hangs.
    let out = sandbox.vault(["secret", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("set VAULT_PASSPHRASE"));
}

#[test]
fn an_agent_read_never_needs_the_passphrase() {
    let sandbox = locked();
    with_passphrase(&sandbox, &["secret", "add", "A"])
        .write_stdin(CANARY)
        .assert()
        .success();
    let out = with_passphrase(&sandbox, &["agent", "add", "bot"])
        .output()
        .unwrap();
    let key = sandbox.path("bot.key");
    fs::write(&key, out.stdout).unwrap();
    fs::set_permissions(&key, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    with_passphrase(&sandbox, &["grant", "add", "--agent", "bot", "A"])
        .assert()
        .success();
    // No VAULT_PASSPHRASE and no terminal: the agent's key is all it takes.
    sandbox
        .read_with_key("bot", "A", &key)
        .assert()
        .success()
        .stdout(CANARY);
    sandbox
        .vault(["exec", "--agent", "bot", "--key-file"])
        .arg(&key)
        .args(["--", "printenv", "A"])
        .assert()
        .success();
}

/// Runs `vault …` on a pseudo-terminal (through `script`), typing `answers` each time a
/// passphrase prompt shows; returns everything the terminal showed, and the exit status.
fn on_terminal(sandbox: &Sandbox, command: &str, answers: &[&str]) -> (String, bool) {
    let mut child = sandbox
        .program("script")
        .args(["-qec", &format!("$VAULT {command}"), "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|err| panic!("cannot run script ({err}): it is in bsdutils"));
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let (send, seen) = mpsc::channel();
    let reader = thread::spawn(move || {
        let mut shown = Vec::new();
        let mut byte = [0u8; 1];
        while let Ok(1) = stdout.read(&mut byte) {
            shown.push(byte[0]);
            if shown.ends_with(b": ") {
                let _ = send.send(());
            }
        }
        String::from_utf8_lossy(&shown).into_owned()
    });
    for answer in answers {
        seen.recv_timeout(Duration::from_secs(30))
            .expect("a passphrase prompt");
        // Type a moment after the prompt shows, as a person would: rpassword turns echo off
        // just after printing it.
        thread::sleep(Duration::from_millis(500));
        stdin.write_all(format!("{answer}\r").as_bytes()).unwrap();
        stdin.flush().unwrap();
    }
    let status = child.wait().unwrap();
    drop(stdin);
    (reader.join().unwrap(), status.success())
}

#[test]
fn the_terminal_prompt_does_not_echo_and_gives_up_after_three_tries() {
    if !have("script") {
        return;
    }
    let sandbox = locked();
    let (shown, ok) = on_terminal(&sandbox, "secret list --json", &[PASSPHRASE]);
    assert!(ok, "{shown}");
    assert!(
        shown.contains("Passphrase for the operator identity"),
        "{shown}"
    );
    assert!(
        !shown.contains(PASSPHRASE),
        "the passphrase was echoed: {shown}"
    );

    let (shown, ok) = on_terminal(&sandbox, "secret list", &["nope-1", "nope-2", "nope-3"]);
    assert!(!ok);
    assert_eq!(shown.matches("Passphrase for").count(), 3, "{shown}");
    assert!(shown.contains("wrong passphrase"), "{shown}");
    assert!(!shown.contains("nope-"), "{shown}");
}

#[test]
fn init_keeps_an_existing_identity_and_refuses_to_lock_over_it() {
    let sandbox = Sandbox::init();
    fs::remove_file(sandbox.vault_file()).unwrap();
    let out = sandbox
        .vault(["init", "--passphrase"])
        .env("VAULT_PASSPHRASE", PASSPHRASE)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("exists already"));

    let other = Sandbox::init();
    let theirs = other.operator_recipient();
    let out = sandbox
        .vault(["init", "--recipient", &theirs])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("is not the recipient of"));
}

#[test]
fn two_operators_each_open_the_vault_until_one_is_removed() {
    let sandbox = Sandbox::init();
    sandbox.add_secret("A", b"a");
    let second = Sandbox::init();
    let second_recipient = second.operator_recipient();
    let first_recipient = sandbox.operator_recipient();

    let added = sandbox.json(&["operator", "add", &second_recipient]);
    assert_eq!(added["recipient"], second_recipient.as_str());
    let as_second = |args: &[&str]| {
        let mut cmd = sandbox.vault(args);
        cmd.arg("--identity").arg(second.identity_file());
        cmd
    };
    let listed: serde_json::Value =
        serde_json::from_slice(&stdout_of(&mut as_second(&["operator", "list", "--json"])))
            .unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 2);
    for operator in listed.as_array().unwrap() {
        assert!(operator["added_at"].as_str().unwrap().ends_with('Z'));
        assert_eq!(operator.as_object().unwrap().len(), 2);
    }
    as_second(&["secret", "list"]).assert().success();
    sandbox.vault(["secret", "list"]).assert().success();

    let out = sandbox
        .vault(["operator", "add", &second_recipient])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "twice");
    let out = sandbox
        .vault(["operator", "add", "age1bogus"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    one_error_line(&out.stderr);

    // The first removes the second: from the next write on, the second opens nothing.
    let before_removal = fs::read(sandbox.vault_file()).unwrap();
    sandbox
        .vault(["operator", "rm", &second_recipient])
        .assert()
        .success();
    let out = as_second(&["secret", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("not one of this vault's operators"));
    // ...though a copy of the vault from before still opens with its key.
    fs::write(sandbox.path("old.age"), before_removal).unwrap();
    as_second(&["secret", "list", "--vault", "old.age"])
        .assert()
        .success();

    let out = sandbox
        .vault(["operator", "rm", &first_recipient])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("last operator"));
    let events = sandbox.events();
    let ops: Vec<_> = events
        .iter()
        .filter(|e| e["event"].as_str().unwrap().starts_with("operator."))
        .map(|e| (e["event"].clone(), e["recipient"].clone()))
        .collect();
    assert_eq!(
        ops,
        [
            ("operator.added".into(), second_recipient.clone().into()),
            ("operator.removed".into(), second_recipient.into())
        ]
    );
}

#[test]
fn rekey_with_agents_issues_new_keys_and_old_ones_are_denied() {
    let sandbox = Sandbox::init();
    sandbox.add_secret("A", CANARY.as_bytes());
    let old_bot = sandbox.add_agent("bot");
    let old_other = sandbox.add_agent("other");
    sandbox.grant("bot", "A");
    let before = fs::read(sandbox.vault_file()).unwrap();

    let plain = sandbox.vault(["rekey"]).output().unwrap();
    assert!(plain.status.success() && plain.stdout.is_empty());
    let after = fs::read(sandbox.vault_file()).unwrap();
    assert_ne!(before[16..48], after[16..48], "a new salt");
    sandbox
        .read_with_key("bot", "A", &old_bot)
        .assert()
        .success();

    let json = sandbox.json(&["rekey", "--agents"]);
    let agents = json["agents"].as_array().unwrap();
    assert_eq!(agents.len(), 2);
    for agent in agents {
        assert_eq!(agent.as_object().unwrap().len(), 2);
        assert!(
            agent["key"]
                .as_str()
                .unwrap()
                .starts_with("AGE-SECRET-KEY-1")
        );
    }
    sandbox.read_with_key("bot", "A", &old_bot).assert().code(3);
    sandbox
        .read_with_key("other", "A", &old_other)
        .assert()
        .code(3);
    let new_bot = agents.iter().find(|a| a["agent_id"] == "bot").unwrap()["key"]
        .as_str()
        .unwrap();
    sandbox
        .vault(["read", "--agent", "bot", "A"])
        .env("VAULT_AGENT_KEY", new_bot)
        .assert()
        .success()
        .stdout(CANARY);
    let names = sandbox.event_names();
    assert_eq!(names.iter().filter(|e| *e == "vault.rekeyed").count(), 2);

    // Human output: one `AGENT<TAB>KEY` line per agent, and nothing else on stdout.
    let out = String::from_utf8(stdout_of(&mut sandbox.vault(["rekey", "--agents"]))).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().all(|l| {
        l.split('\t')
            .nth(1)
            .unwrap()
            .starts_with("AGE-SECRET-KEY-1")
    }));
}

#[test]
fn completion_never_asks_for_a_passphrase() {
    let sandbox = locked();
    with_passphrase(&sandbox, &["agent", "add", "bot"])
        .assert()
        .success();
    let complete = |passphrase: Option<&str>| {
        let mut cmd = sandbox.vault(["--", "vault", "read", "--agent", ""]);
        cmd.env("COMPLETE", "bash").env("_CLAP_COMPLETE_INDEX", "3");
        if let Some(passphrase) = passphrase {
            cmd.env("VAULT_PASSPHRASE", passphrase);
        }
        let out = cmd.timeout(Duration::from_secs(30)).output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(complete(None), "");
    assert_eq!(complete(Some(PASSPHRASE)).trim(), "bot");
}

/// The test plugin, built from examples/ by `cargo test`.
const PLUGIN: &str = "age-plugin-vaulttest";

/// A new key of the test plugin in the sandbox (0600), its recipient, and the directory the
/// plugin is in; `None` when it was not built (the test then skips).
fn plugin_key(sandbox: &Sandbox) -> Option<(std::path::PathBuf, String, std::path::PathBuf)> {
    let dir = test_plugin_dir()?;
    let key = sandbox.path("plugin.key");
    let made = stdout_of(&mut assert_cmd::Command::new(dir.join(PLUGIN)));
    fs::write(&key, made).unwrap();
    fs::set_permissions(&key, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let recipient = stdout_of(
        assert_cmd::Command::new(dir.join(PLUGIN))
            .arg("-y")
            .arg(&key),
    );
    let recipient = String::from_utf8(recipient).unwrap();
    Some((key, recipient.trim().to_owned(), dir))
}

#[test]
fn a_plugin_identity_works_through_its_plugin() {
    let sandbox = Sandbox::new();
    let Some((key, recipient, dir)) = plugin_key(&sandbox) else {
        return;
    };
    assert!(recipient.starts_with("age1vaulttest1"), "{recipient}");

    let with_plugin = |args: &[&str]| {
        let mut cmd = sandbox.vault(args);
        cmd.arg("--identity").arg(&key).env("PATH", path_with(&dir));
        cmd
    };
    with_plugin(&["init", "--recipient", &recipient])
        .assert()
        .success();
    with_plugin(&["secret", "add", "A"])
        .write_stdin(CANARY)
        .assert()
        .success();
    let out = with_plugin(&["agent", "add", "bot"]).output().unwrap();
    assert!(out.status.success());
    with_plugin(&["grant", "add", "--agent", "bot", "A"])
        .assert()
        .success();
    with_plugin(&["read", "--agent", "bot", "A"])
        .assert()
        .success()
        .stdout(CANARY);
    let listed = String::from_utf8(stdout_of(&mut with_plugin(&["operator", "list"]))).unwrap();
    assert!(listed.starts_with(&recipient));
}

/// With a plugin identity every decryption runs the plugin (and a hardware key may want a
/// touch), so a change takes the values of rebuilt agent parts from the state's pages rather
/// than by decrypting each agent's previous part.
#[test]
fn a_change_runs_a_plugin_no_more_than_the_vault_needs() {
    let sandbox = Sandbox::new();
    let Some((key, recipient, dir)) = plugin_key(&sandbox) else {
        return;
    };

    // A wrapper first on PATH counts the plugin's runs.
    let real = dir.join(PLUGIN).display().to_string();
    let bin = sandbox.path("bin");
    fs::create_dir(&bin).unwrap();
    let runs = sandbox.path("runs");
    let wrapper = bin.join(PLUGIN);
    let script = format!(
        "#!/bin/sh\necho run >> '{}'\nexec '{}' \"$@\"\n",
        runs.display(),
        real.trim()
    );
    fs::write(&wrapper, script).unwrap();
    fs::set_permissions(
        &wrapper,
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .unwrap();
    let path = path_with(&bin);
    let with_plugin = |args: &[&str]| {
        let mut cmd = sandbox.vault(args);
        cmd.arg("--identity").arg(&key).env("PATH", &path);
        cmd
    };
    with_plugin(&["init", "--recipient", &recipient])
        .assert()
        .success();
    // Three pages; `bot` holds a secret on the first and one on the last.
    let dotenv: String = (0..2100).map(|i| format!("S{i:04}=value-{i}\n")).collect();
    with_plugin(&["secret", "import", "-"])
        .write_stdin(dotenv)
        .assert()
        .success();
    with_plugin(&["agent", "add", "bot"]).assert().success();
    for name in ["S0000", "S2099"] {
        with_plugin(&["grant", "add", "--agent", "bot", name])
            .assert()
            .success();
    }

    let _ = fs::remove_file(&runs);
    with_plugin(&["secret", "set", "S0000"])
        .write_stdin("new")
        .assert()
        .success();
    let count = fs::read_to_string(&runs).unwrap().lines().count();
    // Open the state, seal it, seal bot's part to the operator: nothing per agent part read.
    assert_eq!(count, 3, "plugin runs for one set");
    for (name, value) in [("S0000", "new"), ("S2099", "value-2099")] {
        let got = stdout_of(&mut with_plugin(&["read", "--agent", "bot", name]));
        assert_eq!(got, value.as_bytes(), "{name}");
    }
}
