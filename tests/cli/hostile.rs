//! Input meant to break things is refused before anything is written.

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;

use crate::support::*;

#[test]
fn non_utf8_arguments_are_usage_errors() {
    let sandbox = Sandbox::init();
    let before = fs::read(sandbox.vault_file()).unwrap();
    let bad = OsStr::from_bytes(b"NAME\xff");
    for args in [
        vec![OsStr::new("secret"), OsStr::new("add"), bad],
        vec![OsStr::new("agent"), OsStr::new("add"), bad],
        vec![
            OsStr::new("read"),
            OsStr::new("--agent"),
            bad,
            OsStr::new("X"),
        ],
    ] {
        let out = sandbox.vault(&args).write_stdin("v").output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        one_error_line(&out.stderr);
    }
    assert_eq!(fs::read(sandbox.vault_file()).unwrap(), before);
    assert_eq!(sandbox.event_names(), ["vault.initialized"]);
}

#[test]
fn hostile_names_in_reads_are_refused_before_anything_is_logged() {
    let sandbox = Sandbox::init();
    for (agent, secret) in [
        ("../etc", "A"),
        ("bot", "../../etc/passwd"),
        ("bot", "A\nB"),
        ("-rf", "A"),
        ("bot", "\u{1b}[31mred"),
    ] {
        let out = sandbox
            .vault(["read", &format!("--agent={agent}"), "--", secret])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{agent:?} {secret:?}");
        let err = one_error_line(&out.stderr);
        assert!(!err.contains('\u{1b}'), "{err:?}");
    }
    assert_eq!(sandbox.event_names(), ["vault.initialized"]);
}

#[test]
fn a_closed_stderr_is_no_reason_to_panic() {
    let sandbox = Sandbox::init();
    let out = sandbox
        .shell("printf v | $VAULT secret add A 2>&-; echo \"add $?\"; $VAULT bogus 2>&-; echo \"usage $?\"")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with("Added"))
            .collect::<Vec<_>>(),
        ["add 0", "usage 2"]
    );
}

/// A sandbox where bot holds TOKEN, its key in `bot.key`.
fn with_bot() -> Sandbox {
    let sandbox = Sandbox::init();
    sandbox.add_secret("TOKEN", CANARY.as_bytes());
    sandbox.add_agent("bot");
    sandbox.grant("bot", "TOKEN");
    sandbox
}

fn bot_reads(sandbox: &Sandbox) -> std::process::Output {
    sandbox
        .read_with_key("bot", "TOKEN", &sandbox.path("bot.key"))
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap()
}

/// The line that would come next in the log, chained to its last line, with `fields` in it.
fn forged_line(sandbox: &Sandbox, fields: serde_json::Value) -> String {
    use sha2::{Digest, Sha256};
    let text = fs::read_to_string(sandbox.log_file()).unwrap();
    let last = text.lines().last().unwrap();
    let seq = sandbox.events().last().unwrap()["seq"].as_u64().unwrap() + 1;
    let mut line = serde_json::json!({ "seq": seq });
    line.as_object_mut()
        .unwrap()
        .extend(fields.as_object().unwrap().clone());
    line["prev"] = format!("sha256:{:x}", Sha256::digest(last.as_bytes())).into();
    serde_json::to_string(&line).unwrap()
}

fn append(path: &std::path::Path, text: &str) {
    use std::io::Write;
    fs::OpenOptions::new()
        .append(true)
        .open(path)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
}

#[test]
fn a_forged_line_cannot_erase_or_fake_rows_on_a_terminal() {
    let sandbox = with_bot();
    let forged = forged_line(
        &sandbox,
        serde_json::json!({
            "ts": "2026-12-01T00:00:00.000Z\u{1b}[1A\u{1b}[2K\r",
            "event": "vault.accessed\u{9b}2K",
            "agent_id": "bot\u{7}",
            "secret_name": "X\u{1b}[2K\n2026-12-01T00:00:00.000Z  99  vault.denied  evil",
        }),
    );
    append(&sandbox.log_file(), &format!("{forged}\n"));
    let count = sandbox.events().len();
    sandbox.vault(["events", "verify"]).assert().success();

    let shown = stdout_of(&mut sandbox.vault(["events"]));
    assert!(
        !shown.iter().any(|&b| b == 0x1b || b == b'\r' || b == 0x07)
            && !String::from_utf8_lossy(&shown).contains('\u{9b}'),
        "{}",
        String::from_utf8_lossy(&shown)
    );
    let shown = String::from_utf8(shown).unwrap();
    assert_eq!(shown.lines().count(), count, "{shown}");
    assert!(
        shown.contains("\\u{1b}[1A\\u{1b}[2K\\r") && shown.contains("\\n2026"),
        "{shown}"
    );
    // --json stays the log's own bytes.
    let json = stdout_of(&mut sandbox.vault(["events", "--json", "-n", "1"]));
    assert_eq!(String::from_utf8(json).unwrap(), format!("{forged}\n"));
}

#[test]
fn symlinked_logs_and_locks_are_refused_and_their_targets_untouched() {
    let sandbox = with_bot();
    let target = sandbox.path("other.jsonl");
    fs::rename(sandbox.log_file(), &target).unwrap();
    std::os::unix::fs::symlink(&target, sandbox.log_file()).unwrap();
    let kept = fs::read(&target).unwrap();
    let out = sandbox
        .vault(["secret", "set", "TOKEN"])
        .write_stdin("x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("symbolic link"));
    let out = bot_reads(&sandbox);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(fs::read(&target).unwrap(), kept, "the target was written");
    fs::remove_file(sandbox.log_file()).unwrap();
    fs::rename(&target, sandbox.log_file()).unwrap();

    let elsewhere = sandbox.path("created-elsewhere");
    let lock = sandbox.home().join("vault.age.lock");
    fs::remove_file(&lock).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &lock).unwrap();
    let out = sandbox
        .vault(["secret", "set", "TOKEN"])
        .write_stdin("x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("symbolic link"));
    assert!(!elsewhere.exists(), "the lock's target was created");
}

#[test]
fn directories_others_can_write_to_are_refused_with_a_chmod_hint() {
    use std::os::unix::fs::PermissionsExt;
    let sandbox = with_bot();
    fs::set_permissions(sandbox.home(), fs::Permissions::from_mode(0o777)).unwrap();
    for out in [
        sandbox.vault(["secret", "list"]).output().unwrap(),
        bot_reads(&sandbox),
        sandbox.vault(["events"]).output().unwrap(),
    ] {
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout.is_empty());
        let err = one_error_line(&out.stderr);
        assert!(
            err.contains(&format!("chmod go-w {}", sandbox.home().display())),
            "{err}"
        );
    }
    fs::set_permissions(sandbox.home(), fs::Permissions::from_mode(0o770)).unwrap();
    assert_eq!(
        bot_reads(&sandbox).status.code(),
        Some(1),
        "group-writable too"
    );
    fs::set_permissions(sandbox.home(), fs::Permissions::from_mode(0o700)).unwrap();

    // An identity in a shared directory.
    let shared = sandbox.path("shared");
    fs::create_dir(&shared).unwrap();
    fs::copy(sandbox.identity_file(), shared.join("identity.txt")).unwrap();
    fs::set_permissions(&shared, fs::Permissions::from_mode(0o1777)).unwrap();
    let out = sandbox
        .vault(["secret", "list"])
        .env("VAULT_IDENTITY", shared.join("identity.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("chmod go-w"));
    assert_eq!(bot_reads(&sandbox).status.code(), Some(0));
}

#[test]
fn fifos_and_devices_are_refused_at_once() {
    let sandbox = with_bot();
    let fifo = sandbox.path("fifo");
    sandbox.shell("mkfifo fifo").assert().success();
    let quick = std::time::Duration::from_secs(20);
    let fail = |mut cmd: assert_cmd::Command| {
        let out = cmd.timeout(quick).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "hung or succeeded");
        assert!(out.stdout.is_empty());
        one_error_line(&out.stderr)
    };
    let err = fail(sandbox.read_with_key("bot", "TOKEN", &fifo));
    assert!(err.contains("not a regular file"), "{err}");
    let err = fail({
        let mut cmd = sandbox.vault(["secret", "list"]);
        cmd.env("VAULT_IDENTITY", &fifo);
        cmd
    });
    assert!(err.contains("not a regular file"), "{err}");
    let err = fail({
        let mut cmd = sandbox.vault(["secret", "list"]);
        cmd.env("VAULT_FILE", &fifo);
        cmd
    });
    assert!(err.contains("not a regular file"), "{err}");
    let err = fail({
        let mut cmd = sandbox.vault(["read", "--agent", "bot", "TOKEN"]);
        cmd.env("VAULT_LOG", &fifo);
        cmd
    });
    assert!(err.contains("not a regular file"), "{err}");
    for device in ["/dev/zero", "/dev/urandom"] {
        let err = fail({
            let mut cmd = sandbox.vault(["secret", "list"]);
            cmd.env("VAULT_FILE", device);
            cmd
        });
        assert!(err.contains("not a regular file"), "{err}");
    }
    let err = fail(sandbox.read_with_key("bot", "TOKEN", std::path::Path::new("/dev/zero")));
    assert!(err.contains("not a regular file"), "{err}");
}

/// `truncate -s +256M events.jsonl`: a sparse tail without a newline. The next writer gives
/// up after reading a bounded amount (the unit tests of `rev_lines` count the bytes); here
/// it must do so within a memory limit far below what reading the tail would take.
#[test]
fn a_sparse_tail_is_refused_in_bounded_memory() {
    let sandbox = with_bot();
    let out = sandbox
        .shell(
            "truncate -s +256M \"$VAULT_HOME/events.jsonl\" && ulimit -v 262144 && \
             $VAULT read --agent bot --key-file bot.key TOKEN",
        )
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = one_error_line(&out.stderr);
    assert!(
        err.contains("damaged") && err.contains("vault events repair"),
        "{err}"
    );
}

#[test]
fn a_junk_line_stops_reads_and_changes_until_the_operator_moves_it_aside() {
    let sandbox = with_bot();
    let good = fs::read(sandbox.log_file()).unwrap();
    append(&sandbox.log_file(), "{}\n");
    let out = bot_reads(&sandbox);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(one_error_line(&out.stderr).contains("vault events repair"));
    let out = sandbox
        .vault(["secret", "set", "TOKEN"])
        .write_stdin("x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));

    let repaired = sandbox.vault(["events", "repair"]).output().unwrap();
    assert!(repaired.status.success() && repaired.stdout.is_empty());
    let said = String::from_utf8(repaired.stderr).unwrap();
    assert!(said.starts_with("Moved 1 damaged line(s)"), "{said}");
    let damaged: Vec<_> = fs::read_dir(sandbox.home())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".damaged-"))
        .collect();
    assert_eq!(damaged.len(), 1);
    assert_eq!(fs::read(&damaged[0]).unwrap(), b"{}\n");
    assert_eq!(mode(&damaged[0]), 0o600);
    let log = fs::read(sandbox.log_file()).unwrap();
    assert!(log.starts_with(&good));
    let repaired = sandbox.events().pop().unwrap();
    assert_eq!(repaired["event"], "log.repaired");
    assert_eq!(repaired["lines"], 1);

    assert_eq!(bot_reads(&sandbox).status.code(), Some(0));
    sandbox
        .vault(["secret", "set", "TOKEN"])
        .write_stdin("x")
        .assert()
        .success();
    sandbox.vault(["events", "verify"]).assert().success();
    let again = sandbox.vault(["events", "repair"]).output().unwrap();
    let again = String::from_utf8(again.stderr).unwrap();
    assert!(again.contains("nothing to repair"), "{again}");
}

#[test]
fn the_largest_seq_is_refused_not_wrapped() {
    let sandbox = with_bot();
    let chained = forged_line(
        &sandbox,
        serde_json::json!({ "ts": "x", "event": "vault.accessed" }),
    );
    let mut forged: serde_json::Value = serde_json::from_str(&chained).unwrap();
    forged["seq"] = u64::MAX.into();
    let forged = forged.to_string();
    append(&sandbox.log_file(), &format!("{forged}\n"));
    let before = fs::read(sandbox.log_file()).unwrap();
    let out = bot_reads(&sandbox);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(fs::read(sandbox.log_file()).unwrap(), before);
}

#[test]
fn reads_are_logged_by_what_actually_opened_the_part() {
    let sandbox = with_bot();
    // The agent's own key given as the operator identity.
    sandbox
        .vault(["read", "--agent", "bot", "TOKEN"])
        .env("VAULT_IDENTITY", sandbox.path("bot.key"))
        .assert()
        .success();
    assert_eq!(sandbox.events().pop().unwrap()["via"], "agent-key");
    sandbox
        .vault(["read", "--agent", "bot", "TOKEN"])
        .assert()
        .success();
    assert_eq!(sandbox.events().pop().unwrap()["via"], "operator");
}

#[test]
fn every_denial_of_read_and_exec_reads_the_same() {
    let sandbox = with_bot();
    sandbox.add_secret("OTHER", b"o");
    let other_key = sandbox.add_agent("other");
    let bot_key = sandbox.path("bot.key");
    let denial = |cmd: &mut assert_cmd::Command| {
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(3));
        one_error_line(&out.stderr)
    };
    let not_granted = denial(&mut sandbox.read_with_key("bot", "OTHER", &bot_key));
    let wrong_key = denial(&mut sandbox.read_with_key("bot", "OTHER", &other_key));
    let exec_wrong_key = denial(
        sandbox
            .vault(["exec", "--agent", "bot", "--only", "OTHER", "--key-file"])
            .arg(&other_key)
            .args(["--", "true"]),
    );
    let exec_not_granted = denial(
        sandbox
            .vault(["exec", "--agent", "bot", "--only", "OTHER", "--key-file"])
            .arg(&bot_key)
            .args(["--", "true"]),
    );
    let unknown = denial(&mut sandbox.read_with_key("ghost", "OTHER", &bot_key));
    assert_eq!(not_granted, wrong_key);
    assert_eq!(not_granted, exec_wrong_key);
    assert_eq!(not_granted, exec_not_granted);
    assert_eq!(
        unknown,
        not_granted
            .replace("agent bot", "agent ghost")
            .replace("--agent bot", "--agent ghost")
    );
}

/// A pseudo-terminal nobody sized (as under `script`, or some CI runners) has width 0.
#[test]
fn tables_on_a_terminal_of_width_zero_keep_their_natural_width() {
    if !have("script") {
        return;
    }
    let sandbox = with_bot();
    let shown = sandbox.terminal(
        "stty cols 0 rows 0; $VAULT agent list; echo \"status $?\"",
        "",
    );
    assert!(shown.ends_with("status 0\n"), "{shown}");
    assert!(
        shown.contains("AGENT") && shown.contains("RECIPIENT"),
        "{shown}"
    );
    let row = shown.lines().find(|l| l.contains("bot")).unwrap();
    assert!(row.contains("age1"), "{shown}");
}

/// A state written by hand at the last generation there is: a change or a merge would wrap it
/// to 0, and every later check of old copies with it. Both refuse, and change nothing.
#[test]
fn the_last_generation_is_refused_not_wrapped() {
    if !have("age") {
        return;
    }
    let sandbox = Sandbox::init();
    sandbox.add_secret("TOKEN", b"token-value");
    let honest = sandbox.path("honest.age");
    fs::copy(sandbox.vault_file(), &honest).unwrap();
    let mut vault = crate::forge::VaultFile::read(&sandbox.vault_file());
    let plain = crate::forge::age_decrypt(&sandbox.identity_file(), &vault.operator);
    let text = String::from_utf8_lossy(&plain).into_owned();
    let crafted = regex::Regex::new(r"generation:\d+")
        .unwrap()
        .replace(&text, format!("generation:{}", u64::MAX));
    assert_ne!(crafted, text);
    vault.operator =
        crate::forge::age_encrypt(&[&sandbox.operator_recipient()], crafted.as_bytes());
    vault.write(&sandbox.vault_file());
    let crafted_file = fs::read(sandbox.vault_file()).unwrap();
    let out = sandbox
        .vault(["secret", "add", "MORE"])
        .write_stdin("more-value")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("last generation"));
    assert_eq!(fs::read(sandbox.vault_file()).unwrap(), crafted_file);
    // As the other side of a merge, too.
    let ours = sandbox.path("ours.age");
    fs::copy(&honest, &ours).unwrap();
    let mut merge = sandbox.vault(["merge"]);
    merge.arg(&honest).arg(&ours).arg(sandbox.vault_file());
    let out = merge.output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("last generation"));
    assert_eq!(fs::read(&ours).unwrap(), fs::read(&honest).unwrap());
}
