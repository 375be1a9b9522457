use std::fs;
use std::process::Stdio;
use std::thread;
use std::time::Duration;

use crate::support::*;

fn setup() -> Sandbox {
    let sandbox = Sandbox::init();
    sandbox.add_secret("OPENAI_API_KEY", CANARY.as_bytes());
    sandbox.add_secret("db.password-2", b"hunter2");
    sandbox.add_secret("UNGRANTED", b"nope");
    sandbox.add_agent("researcher");
    sandbox.grant("researcher", "OPENAI_API_KEY");
    sandbox.grant("researcher", "db.password-2");
    sandbox
}

fn exec(sandbox: &Sandbox, args: &[&str]) -> std::process::Output {
    sandbox
        .vault(["exec", "--agent", "researcher"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn granted_secrets_become_variables_and_the_rest_of_the_environment_passes() {
    let sandbox = setup();
    let out = sandbox
        .vault(["exec", "--agent", "researcher", "--no-mask", "--", "env"])
        .env("OPENAI_API_KEY", "inherited-and-overridden")
        .env("UNRELATED", "kept")
        .output()
        .unwrap();
    assert!(out.status.success());
    let env = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = env.lines().collect();
    assert!(lines.contains(&format!("OPENAI_API_KEY={CANARY}").as_str()));
    assert!(lines.contains(&"db_password_2=hunter2"));
    assert!(lines.contains(&"UNRELATED=kept"));
    assert!(!env.contains("UNGRANTED") && !env.contains("nope"));
    assert!(!env.contains("inherited-and-overridden"));

    let events = sandbox.events();
    let accessed: Vec<_> = events
        .iter()
        .rev()
        .take(2)
        .map(|e| (e["event"].clone(), e["secret_name"].clone()))
        .collect();
    assert_eq!(
        accessed,
        [
            ("vault.accessed".into(), "db.password-2".into()),
            ("vault.accessed".into(), "OPENAI_API_KEY".into())
        ]
    );
}

#[test]
fn only_narrows_and_an_ungranted_only_runs_nothing() {
    let sandbox = setup();
    let out = exec(&sandbox, &["--only", "OPENAI_API_KEY", "--", "env"]);
    let env = String::from_utf8(out.stdout).unwrap();
    assert!(env.contains("OPENAI_API_KEY=") && !env.contains("db_password_2"));

    let marker = sandbox.path("ran");
    let out = exec(
        &sandbox,
        &[
            "--only",
            "UNGRANTED",
            "--",
            "touch",
            marker.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(one_error_line(&out.stderr).contains("denied"));
    assert!(!marker.exists(), "nothing runs after a denial");
    let event = sandbox.events().pop().unwrap();
    assert_eq!(event["event"], "vault.denied");
    assert_eq!(event["secret_name"], "UNGRANTED");
}

#[test]
fn the_agent_key_path_works_without_the_operator_identity() {
    let sandbox = setup();
    fs::rename(sandbox.identity_file(), sandbox.path("away")).unwrap();
    let out = sandbox
        .vault([
            "exec",
            "--agent",
            "researcher",
            "--no-mask",
            "--",
            "sh",
            "-c",
            "printf %s \"$OPENAI_API_KEY\"",
        ])
        .env("VAULT_AGENT_KEY_FILE", sandbox.path("researcher.key"))
        .output()
        .unwrap();
    assert_eq!(out.stdout, CANARY.as_bytes());
    assert_eq!(sandbox.events().pop().unwrap()["via"], "agent-key");
}

#[test]
fn the_exit_status_is_the_commands() {
    let sandbox = setup();
    for code in [0, 1, 7, 42] {
        let out = exec(&sandbox, &["--", "sh", "-c", &format!("exit {code}")]);
        assert_eq!(out.status.code(), Some(code));
    }
}

#[test]
fn a_missing_command_exits_127_and_an_unrunnable_one_126() {
    let sandbox = setup();
    let out = exec(&sandbox, &["--", "no-such-command-anywhere"]);
    assert_eq!(out.status.code(), Some(127));
    assert!(one_error_line(&out.stderr).contains("command not found"));

    fs::write(sandbox.path("not-executable"), "#!/bin/sh\n").unwrap();
    let path = sandbox.path("not-executable");
    let out = exec(&sandbox, &["--", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(126));
    one_error_line(&out.stderr);
}

#[test]
fn signals_reach_the_command_itself() {
    let sandbox = setup();
    let ready = sandbox.path("ready");
    let script = format!(
        "trap 'exit 42' TERM; touch {}; while :; do sleep 0.05; done",
        ready.display()
    );
    let mut child = sandbox
        .spawnable(["exec", "--agent", "researcher", "--", "sh", "-c", &script])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..400 {
        if ready.exists() {
            break;
        }
        thread::sleep(Duration::from_millis(25));
    }
    assert!(ready.exists(), "the command started");
    // The pid vault was started with is now the command's: vault exec'd into it.
    // SAFETY: kill(2) with a pid we own and a valid signal.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGTERM) }, 0);
    assert_eq!(child.wait().unwrap().code(), Some(42));
}

#[test]
fn an_agent_with_no_grants_runs_with_nothing_injected_and_a_notice() {
    let sandbox = setup();
    sandbox.add_agent("idle");
    let out = sandbox
        .vault(["exec", "--agent", "idle", "--", "sh", "-c", "echo ran"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(out.stdout, b"ran\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no grants"));
    let quiet = sandbox
        .vault(["exec", "-q", "--agent", "idle", "--", "true"])
        .output()
        .unwrap();
    assert!(quiet.stderr.is_empty());
}

#[test]
fn colliding_variable_names_are_an_error_before_anything_runs() {
    let sandbox = setup();
    sandbox.add_secret("db_password_2", b"other");
    sandbox.grant("researcher", "db_password_2");
    let marker = sandbox.path("ran");
    let before = sandbox.events().len();
    let out = exec(&sandbox, &["--", "touch", marker.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = one_error_line(&out.stderr);
    assert!(
        err.contains("db_password_2") && err.contains("db.password-2"),
        "{err}"
    );
    assert!(!marker.exists());
    assert_eq!(sandbox.events().len(), before, "nothing was read");
}

#[test]
fn unknown_agents_and_foreign_keys_are_denied() {
    let sandbox = setup();
    let other = sandbox.add_agent("other");
    let out = sandbox
        .vault(["exec", "--agent", "ghost", "--", "true"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    one_error_line(&out.stderr);
    let out = sandbox
        .vault(["exec", "--agent", "researcher", "--key-file"])
        .arg(&other)
        .args(["--", "true"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(sandbox.events().pop().unwrap()["reason"], "wrong-key");
}

#[test]
fn an_exec_the_log_cannot_record_runs_nothing() {
    let sandbox = setup();
    let log = sandbox.path("full.jsonl");
    std::os::unix::fs::symlink("/dev/full", &log).unwrap();
    let marker = sandbox.path("ran");
    let out = sandbox
        .vault(["exec", "--agent", "researcher", "--", "touch"])
        .arg(&marker)
        .env("VAULT_LOG", &log)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("audit log"));
    assert!(!marker.exists());
}

#[test]
fn the_command_gets_the_callers_umask_back() {
    let sandbox = setup();
    let out = sandbox
        .shell("umask 022 && $VAULT exec --agent researcher -- sh -c umask")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), "0022");
}

#[test]
fn the_command_does_not_inherit_an_ignored_sigpipe() {
    let sandbox = setup();
    // vault ignores SIGPIPE for itself; the command must get the default back, or `yes | head`
    // inside it would complain instead of ending quietly.
    let out = exec(&sandbox, &["--", "sh", "-c", "yes | head -n 1"]);
    assert!(out.status.success());
    assert_eq!(out.stdout, b"y\n");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

/// The review's item 3: the operator's passphrase and the agent's key were handed to the
/// program, which could then read every secret, or one that --only left out, unlogged.
#[test]
fn the_program_gets_neither_the_passphrase_nor_the_agent_key() {
    let passphrase = "correct horse battery staple";
    let sandbox = Sandbox::new();
    sandbox
        .vault(["init", "--passphrase"])
        .env("VAULT_PASSPHRASE", passphrase)
        .assert()
        .success();
    let with_passphrase = |args: &[&str]| {
        let mut cmd = sandbox.vault(args);
        cmd.env("VAULT_PASSPHRASE", passphrase);
        cmd
    };
    for name in ["SECRET_A", "SHARED"] {
        with_passphrase(&["secret", "add", name])
            .write_stdin(CANARY)
            .assert()
            .success();
    }
    let out = with_passphrase(&["agent", "add", "alice"])
        .output()
        .unwrap();
    let key = String::from_utf8(out.stdout).unwrap();
    for name in ["SECRET_A", "SHARED"] {
        with_passphrase(&["grant", "add", "--agent", "alice", name])
            .assert()
            .success();
    }

    // The operator's passphrase in the caller's environment.
    let out = with_passphrase(&["exec", "--agent", "alice", "--", "sh", "-c"])
        .arg("echo \"[$VAULT_PASSPHRASE]\"; $VAULT secret list")
        .env("VAULT", assert_cmd::cargo::cargo_bin("vault"))
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.starts_with("[]\n"), "{shown}");
    assert!(
        !shown.contains(passphrase) && !shown.contains("SECRET_A"),
        "{shown}"
    );
    assert!(!out.status.success(), "the child listed the secrets");

    // The agent's key in the caller's environment, and --only leaving SECRET_A out.
    let before = sandbox.events().len();
    let out = sandbox
        .vault(["exec", "--agent", "alice", "--only", "SHARED", "--", "sh", "-c"])
        .arg("echo \"[$VAULT_AGENT_KEY][$VAULT_AGENT_KEY_FILE]\"; VAULT_LOG=/dev/null $VAULT read --agent alice SECRET_A")
        .env("VAULT_AGENT_KEY", key.trim())
        .env("VAULT_AGENT_KEY_FILE", sandbox.path("nowhere.key"))
        .env("VAULT", assert_cmd::cargo::cargo_bin("vault"))
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.starts_with("[][]\n"), "{shown}");
    assert!(
        !shown.contains(CANARY) && !shown.contains("AGE-SECRET-KEY"),
        "{shown}"
    );
    assert!(!out.status.success());
    // One access, for SHARED: the child's attempt read nothing, and so logged nothing.
    let events = sandbox.events();
    assert_eq!(events.len(), before + 1);
    assert_eq!(events[before]["secret_name"], "SHARED");

    // A secret injected under one of those names on purpose is still injected.
    with_passphrase(&["secret", "add", "VAULT_AGENT_KEY_FILE"])
        .write_stdin("on-purpose")
        .assert()
        .success();
    with_passphrase(&["grant", "add", "--agent", "alice", "VAULT_AGENT_KEY_FILE"])
        .assert()
        .success();
    let out = sandbox
        .vault([
            "exec",
            "--agent",
            "alice",
            "--only",
            "VAULT_AGENT_KEY_FILE",
            "--no-mask",
            "--",
        ])
        .args(["printenv", "VAULT_AGENT_KEY_FILE"])
        .env("VAULT_AGENT_KEY", key.trim())
        .output()
        .unwrap();
    assert_eq!(out.stdout, b"on-purpose\n");
}
