//! An operator's day: what a new user tripped over, going through the README at a terminal
//! and in scripts, each as the user sees it.

use std::fs;

use serde_json::Value;

use crate::support::*;

fn with_token() -> Sandbox {
    let sandbox = Sandbox::init();
    sandbox.add_secret("GITHUB_TOKEN", CANARY.as_bytes());
    sandbox.add_agent("bot");
    sandbox
}

#[test]
fn the_operator_sees_a_value_and_the_showing_is_logged() {
    let sandbox = with_token();
    let out = sandbox
        .vault(["secret", "show", "GITHUB_TOKEN"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        out.stdout,
        CANARY.as_bytes(),
        "exact bytes, no newline on a pipe"
    );
    let last = sandbox.events().pop().unwrap();
    assert_eq!(
        (
            last["event"].as_str(),
            last["via"].as_str(),
            last["secret_name"].as_str()
        ),
        (
            Some("vault.accessed"),
            Some("operator"),
            Some("GITHUB_TOKEN")
        )
    );
    let shown = sandbox.json(&["secret", "show", "GITHUB_TOKEN"]);
    assert_eq!(
        shown,
        serde_json::json!({"name": "GITHUB_TOKEN", "value": CANARY})
    );
    if have("script") {
        let seen = sandbox.terminal("$VAULT secret show GITHUB_TOKEN; echo END", "");
        assert!(seen.contains(&format!("{CANARY}\nEND")), "{seen}");
    }
    // A generated value, shown once: stdout holds the value and nothing else.
    let out = sandbox
        .vault(["secret", "add", "MADE", "--generate", "--show"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(out.stdout.len(), 32);
    assert!(String::from_utf8_lossy(&out.stderr).contains("Added secret MADE"));
    let again = sandbox.vault(["secret", "show", "MADE"]).output().unwrap();
    assert_eq!(again.stdout, out.stdout);
    // No value to show under --json when it is not text: refused before it is logged.
    fs::write(sandbox.path("binary"), b"\xff\xfe binary").unwrap();
    sandbox
        .vault(["secret", "add", "BIN", "--from-file", "binary"])
        .assert()
        .success();
    let before = sandbox.events().len();
    let out = sandbox
        .vault(["secret", "show", "BIN", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("leave out --json"));
    assert_eq!(sandbox.events().len(), before);
}

#[test]
fn hosts_change_without_the_value() {
    let sandbox = with_token();
    let hosts = |sandbox: &Sandbox| -> Value {
        let list = sandbox.json(&["secret", "list"]);
        list[0]["hosts"].clone()
    };
    let out = sandbox
        .vault([
            "secret",
            "hosts",
            "GITHUB_TOKEN",
            "--add",
            "api.github.com",
            "--add",
            "*.github.com",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        hosts(&sandbox),
        serde_json::json!(["api.github.com", "*.github.com"])
    );
    sandbox
        .vault(["secret", "hosts", "GITHUB_TOKEN", "--rm", "*.github.com"])
        .assert()
        .success();
    assert_eq!(hosts(&sandbox), serde_json::json!(["api.github.com"]));
    let out = sandbox
        .vault(["secret", "hosts", "GITHUB_TOKEN", "--rm", "example.com"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("is not pinned to example.com"));
    // The value is untouched: still version 1.
    let history = sandbox.json(&["secret", "history", "GITHUB_TOKEN"]);
    assert_eq!(history.as_array().unwrap().len(), 1);
    let out = sandbox
        .vault(["secret", "show", "GITHUB_TOKEN"])
        .output()
        .unwrap();
    assert_eq!(out.stdout, CANARY.as_bytes());
}

/// The typo that led, hint by hint, to a misspelled secret: the operator's path says what was
/// meant; the agent's path says nothing of names it may not know.
#[test]
fn a_typo_gets_did_you_mean_on_the_operators_path_only() {
    let sandbox = with_token();
    let key = sandbox.path("bot.key");
    let out = sandbox
        .read_with_key("bot", "GITHUB_TOKN", &key)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let denied = one_error_line(&out.stderr);
    assert!(!denied.contains("GITHUB_TOKEN"), "{denied}");
    let out = sandbox
        .vault(["grant", "add", "--agent", "bot", "GITHUB_TOKN"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let line = one_error_line(&out.stderr);
    assert!(line.contains("did you mean GITHUB_TOKEN?"), "{line}");
    let out = sandbox
        .vault(["grant", "add", "--agent", "bto", "GITHUB_TOKEN"])
        .output()
        .unwrap();
    assert!(one_error_line(&out.stderr).contains("did you mean bot?"));
    for args in [
        &["secret", "history", "github_token"][..],
        &["secret", "rm", "GITHUB-TOKEN"],
    ] {
        let out = sandbox.vault(args).output().unwrap();
        assert!(
            one_error_line(&out.stderr).contains("did you mean GITHUB_TOKEN?"),
            "{args:?}"
        );
    }
}

#[test]
fn rm_asks_on_a_terminal_and_never_in_a_script() {
    if !have("script") {
        return;
    }
    let sandbox = with_token();
    sandbox.grant("bot", "GITHUB_TOKEN");
    let seen = sandbox.terminal("$VAULT secret rm GITHUB_TOKEN; echo \"status $?\"", "n\n");
    assert!(
        seen.contains("Remove secret GITHUB_TOKEN for good, with its 0 earlier values and 1 grant (bot)? [y/N]"),
        "{seen}"
    );
    assert!(
        seen.contains("Nothing was removed") && seen.contains("status 0"),
        "{seen}"
    );
    assert_eq!(
        sandbox.json(&["secret", "list"]).as_array().unwrap().len(),
        1
    );
    let seen = sandbox.terminal("$VAULT agent rm bot", "y\n");
    assert!(
        seen.contains("Remove agent bot for good, with its 1 grant (GITHUB_TOKEN)?"),
        "{seen}"
    );
    assert_eq!(
        sandbox.json(&["agent", "list"]).as_array().unwrap().len(),
        0
    );
    let seen = sandbox.terminal("$VAULT secret rm --yes GITHUB_TOKEN", "");
    assert!(!seen.contains("[y/N]"), "{seen}");
    // Not a terminal: no question.
    sandbox.add_secret("OTHER", b"other-value");
    sandbox.vault(["secret", "rm", "OTHER"]).assert().success();
    assert_eq!(
        sandbox.json(&["secret", "list"]).as_array().unwrap().len(),
        0
    );
}

#[test]
fn who_can_read_a_secret_and_what_happened_to_it() {
    let sandbox = with_token();
    sandbox.add_secret("OTHER", b"other-value");
    sandbox.add_agent("ci");
    for (agent, secret) in [
        ("bot", "GITHUB_TOKEN"),
        ("ci", "GITHUB_TOKEN"),
        ("ci", "OTHER"),
    ] {
        sandbox.grant(agent, secret);
    }
    let grants = sandbox.json(&["grant", "list", "--secret", "GITHUB_TOKEN"]);
    let agents: Vec<&str> = grants
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["agent_id"].as_str().unwrap())
        .collect();
    assert_eq!(agents, ["bot", "ci"]);
    let out = stdout_of(&mut sandbox.vault(["events", "--secret", "OTHER", "--json"]));
    let events: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!events.is_empty());
    assert!(events.iter().all(|e| e["secret_name"] == "OTHER"));
}

#[test]
fn names_that_would_be_one_variable_are_named_at_add_and_import() {
    let sandbox = with_token();
    sandbox.add_secret("my-key", b"first-value");
    let out = sandbox
        .vault(["secret", "add", "my_key"])
        .write_stdin("second-value")
        .output()
        .unwrap();
    assert!(out.status.success());
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(
        said.contains("my_key and my-key are both $my_key")
            && said.contains("vault secret rename my_key"),
        "{said}"
    );
    let out = sandbox
        .vault(["secret", "import", "-"])
        .write_stdin("my.key=third-value\n")
        .output()
        .unwrap();
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("my.key and my-key are both $my_key")
    );
    for name in ["my-key", "my_key"] {
        sandbox.grant("bot", name);
    }
    let out = sandbox
        .vault(["exec", "--agent", "bot", "--key-file"])
        .arg(sandbox.path("bot.key"))
        .args(["--", "true"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("vault secret rename"));
}

/// stdout carries data only; every confirmation is on stderr, and `-q` silences it.
#[test]
fn confirmations_go_to_stderr_and_quiet_silences_them() {
    let sandbox = Sandbox::new();
    // Each command loud, then one like it under -q.
    let commands: [(&[&str], &[&str]); 4] = [
        (&["secret", "add", "A"], &["secret", "add", "B"]),
        (&["secret", "set", "A"], &["secret", "set", "B"]),
        (
            &["grant", "add", "--agent", "bot", "A"],
            &["grant", "add", "--agent", "bot", "B"],
        ),
        (&["events", "anchor"], &["events", "anchor"]),
    ];
    let out = sandbox.vault(["init"]).output().unwrap();
    assert!(out.stdout.is_empty() && !out.stderr.is_empty());
    sandbox.add_agent("bot");
    for (loud, quiet) in commands {
        let out = sandbox
            .vault(loud)
            .write_stdin("value-123")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{loud:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "{loud:?} wrote to stdout");
        assert!(!out.stderr.is_empty(), "{loud:?} said nothing");
        let out = sandbox
            .vault(quiet)
            .arg("-q")
            .write_stdin("value-456")
            .output()
            .unwrap();
        assert!(out.status.success(), "{quiet:?}");
        assert!(
            out.stdout.is_empty() && out.stderr.is_empty(),
            "{quiet:?} -q: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // read --json: an object, as `secret show --json`.
    sandbox.grant("bot", "A");
    let read = sandbox.json(&[
        "read",
        "--agent",
        "bot",
        "A",
        "--key-file",
        sandbox.path("bot.key").to_str().unwrap(),
    ]);
    assert_eq!(read, serde_json::json!({"name": "A", "value": "value-123"}));
}

#[test]
fn a_wait_says_what_it_waits_for_and_a_refusal_gives_the_operators_reason() {
    let sandbox = with_token();
    let key = sandbox.path("bot.key");
    let id = String::from_utf8(stdout_of(&mut sandbox.vault([
        "request",
        "--agent",
        "bot",
        "GITHUB_TOKEN",
        "--reason",
        "for CI",
    ])))
    .unwrap()
    .trim()
    .to_owned();
    let waiting = sandbox
        .spawnable([
            "read",
            "--agent",
            "bot",
            "GITHUB_TOKEN",
            "--wait",
            "30s",
            "--key-file",
        ])
        .arg(&key)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    sandbox
        .vault([
            "grant",
            "deny",
            &id,
            "--reason",
            "use the deploy key instead",
        ])
        .assert()
        .success();
    let out = waiting.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let line = one_error_line(&out.stderr);
    assert!(
        line.contains("turned down the request") && line.contains("use the deploy key instead"),
        "{line}"
    );
    assert!(!line.contains("vault grant add"), "{line}");
    if have("script") {
        let seen = sandbox.terminal(
            &format!(
                "$VAULT read --agent bot GITHUB_TOKEN --wait 1s --key-file {}",
                key.display()
            ),
            "",
        );
        assert!(
            seen.contains("waiting up to 1s for GITHUB_TOKEN to be granted to bot"),
            "{seen}"
        );
    }
}

#[test]
fn a_shorter_grant_says_what_it_replaced_and_a_date_ends_with_its_day() {
    let sandbox = with_token();
    sandbox.grant("bot", "GITHUB_TOKEN");
    let out = sandbox
        .vault([
            "grant",
            "add",
            "--agent",
            "bot",
            "GITHUB_TOKEN",
            "--for",
            "2h",
        ])
        .output()
        .unwrap();
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(
        said.contains("bot's grant of GITHUB_TOKEN was for good; it is until "),
        "{said}"
    );
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    sandbox
        .vault([
            "grant",
            "add",
            "--agent",
            "bot",
            "GITHUB_TOKEN",
            "--until",
            &tomorrow,
        ])
        .assert()
        .success();
    let grants = sandbox.json(&["grant", "list"]);
    assert_eq!(
        grants[0]["expires_at"],
        format!("{tomorrow}T23:59:59Z").as_str()
    );
}

fn locked(sandbox: &Sandbox) -> bool {
    fs::read(sandbox.identity_file())
        .unwrap()
        .starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----")
}

/// The identity is locked, re-locked and unlocked in place: one file, 0600, no copy left.
#[test]
fn a_passphrase_is_added_changed_and_removed_in_place() {
    let sandbox = with_token();
    let only_the_identity = |sandbox: &Sandbox| {
        let names: Vec<String> = fs::read_dir(sandbox.home())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("identity"))
            .collect();
        assert_eq!(names, ["identity.txt"]);
        assert_eq!(mode(&sandbox.identity_file()), 0o600);
    };
    sandbox
        .vault(["operator", "passphrase"])
        .env("VAULT_NEW_PASSPHRASE", "first pass")
        .assert()
        .success();
    assert!(locked(&sandbox));
    only_the_identity(&sandbox);
    sandbox.vault(["secret", "list"]).assert().code(1);
    sandbox
        .vault(["secret", "list"])
        .env("VAULT_PASSPHRASE", "first pass")
        .assert()
        .success();
    // A wrong current passphrase changes nothing.
    let before = fs::read(sandbox.identity_file()).unwrap();
    sandbox
        .vault(["operator", "passphrase"])
        .env("VAULT_PASSPHRASE", "wrong")
        .env("VAULT_NEW_PASSPHRASE", "second pass")
        .assert()
        .code(1);
    assert_eq!(fs::read(sandbox.identity_file()).unwrap(), before);
    sandbox
        .vault(["operator", "passphrase"])
        .env("VAULT_PASSPHRASE", "first pass")
        .env("VAULT_NEW_PASSPHRASE", "second pass")
        .assert()
        .success();
    only_the_identity(&sandbox);
    sandbox
        .vault(["secret", "list"])
        .env("VAULT_PASSPHRASE", "first pass")
        .assert()
        .code(1);
    if have("age") {
        // The stock tool opens it with the new passphrase, as FORMAT.md promises.
        let out = sandbox
            .program("age")
            .arg("-d")
            .arg(sandbox.identity_file())
            .output()
            .unwrap();
        assert!(!out.status.success(), "age asks on a terminal");
    }
    sandbox
        .vault(["operator", "passphrase", "--remove"])
        .env("VAULT_PASSPHRASE", "second pass")
        .assert()
        .success();
    assert!(!locked(&sandbox));
    only_the_identity(&sandbox);
    sandbox.vault(["secret", "list"]).assert().success();
    let out = sandbox
        .vault(["operator", "passphrase", "--remove"])
        .output()
        .unwrap();
    assert!(one_error_line(&out.stderr).contains("no passphrase to remove"));
}

/// The unlock cache: asked once, then no passphrase till it ends; its socket is the user's
/// alone; it ends on `lock`, at its time, and on SIGTERM, taking its socket with it.
#[test]
fn the_unlock_cache_asks_once_and_ends_when_told_or_at_its_time() {
    let sandbox = with_token();
    let run = sandbox.runtime_dir();
    let vault = |args: &[&str]| {
        let mut cmd = sandbox.vault(args);
        cmd.env("XDG_RUNTIME_DIR", &run);
        cmd
    };
    vault(&["operator", "passphrase"])
        .env("VAULT_NEW_PASSPHRASE", "pass")
        .assert()
        .success();
    vault(&["secret", "list"]).assert().code(1);
    vault(&["unlock", "--for", "1m"])
        .env("VAULT_PASSPHRASE", "pass")
        .assert()
        .success();
    let socket = the_socket_in(&run);
    assert_eq!(mode(&run.join("vault")), 0o700);
    assert_eq!(mode(&socket), 0o600);
    // No passphrase now: reads and changes alike.
    vault(&["secret", "list"]).assert().success();
    let out = vault(&["secret", "show", "GITHUB_TOKEN"]).output().unwrap();
    assert_eq!(out.stdout, CANARY.as_bytes());
    vault(&["secret", "set", "GITHUB_TOKEN"])
        .write_stdin("rotated-value")
        .assert()
        .success();
    vault(&["lock"]).assert().success();
    assert!(gone_within_seconds(&socket, 10));
    vault(&["secret", "list"]).assert().code(1);
    // At its time (a few seconds, so that a busy machine still lists before it ends).
    vault(&["unlock", "--for", "3s"])
        .env("VAULT_PASSPHRASE", "pass")
        .assert()
        .success();
    vault(&["secret", "list"]).assert().success();
    std::thread::sleep(std::time::Duration::from_millis(3800));
    vault(&["secret", "list"]).assert().code(1);
    // On SIGTERM.
    let started = stdout_of(vault(&["unlock", "--json"]).env("VAULT_PASSPHRASE", "pass"));
    let started: Value = serde_json::from_slice(&started).unwrap();
    let pid = started["pid"].as_i64().unwrap() as i32;
    // SAFETY: kill takes plain numbers.
    unsafe { libc::kill(pid, libc::SIGTERM) };
    assert!(gone_within_seconds(&socket, 10));
    vault(&["secret", "list"]).assert().code(1);
    vault(&["lock"]).assert().success();
}

/// Whether `path` is gone within `seconds`: a process that was told to end takes its time on
/// a busy machine.
fn gone_within_seconds(path: &std::path::Path, seconds: u64) -> bool {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    while path.exists() {
        if std::time::Instant::now() > until {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    true
}

#[test]
fn a_narrow_terminal_never_cuts_a_name_or_an_id_in_two() {
    if !have("script") {
        return;
    }
    let sandbox = Sandbox::init();
    let long = "DATABASE_PASSWORD_FOR_THE_LONG_NAMED_SERVICE";
    sandbox.add_secret(long, b"x");
    let listed = stdout_of(&mut sandbox.vault(["secret", "list", "--json"]));
    let listed: Value = serde_json::from_slice(&listed).unwrap();
    let id = listed[0]["id"].as_str().unwrap().to_owned();

    // Wide enough for the name but not for every column: whole names, fewer columns, and a
    // word on stderr of what was left out.
    let seen = sandbox.terminal("stty cols 80; $VAULT secret list", "");
    let row = seen
        .lines()
        .find(|line| line.contains(long))
        .unwrap_or_else(|| panic!("the name is cut:\n{seen}"));
    assert!(row.chars().count() <= 80, "{seen}");
    assert!(
        seen.contains(
            "Left out to fit the terminal: CREATED, ID, UPDATED, INJECT, METHODS; `--json` has every field"
        ),
        "{seen}"
    );
    assert!(!seen.contains(&id), "{seen}");

    // Too narrow for even the name beside anything: one field per line, every field there.
    let seen = sandbox.terminal("stty cols 30; $VAULT secret list", "");
    assert!(seen.contains(&format!("NAME     {long}\n")), "{seen}");
    assert!(seen.contains(&format!("ID       {id}\n")), "{seen}");
    assert!(!seen.contains("Left out"), "{seen}");

    // `-q` keeps the table and drops the hint; a pipe gets every column, as always.
    let seen = sandbox.terminal("stty cols 80; $VAULT -q secret list", "");
    assert!(seen.contains(long) && !seen.contains("Left out"), "{seen}");
    let piped = String::from_utf8(stdout_of(&mut sandbox.vault(["secret", "list"]))).unwrap();
    assert!(piped.contains(&id) && piped.contains(long), "{piped}");
}

/// What a program of the same user, or a planted directory, can get out of the unlock cache:
/// never the identity itself, only what an operator command gets (a file key for a stanza it
/// brings); and a runtime directory someone else could enter is refused.
#[test]
fn the_unlock_cache_hands_out_no_identity_and_trusts_no_open_directory() {
    use std::io::{BufRead, BufReader, Write};
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::net::UnixStream;

    let sandbox = with_token();
    sandbox
        .vault(["operator", "passphrase"])
        .env("VAULT_NEW_PASSPHRASE", "pass")
        .assert()
        .success();

    // A directory others can enter, where the socket would go: no cache.
    let open = sandbox.path("open");
    fs::create_dir_all(open.join("vault")).unwrap();
    fs::set_permissions(open.join("vault"), fs::Permissions::from_mode(0o777)).unwrap();
    let out = sandbox
        .vault(["unlock"])
        .env("XDG_RUNTIME_DIR", &open)
        .env("VAULT_PASSPHRASE", "pass")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let error = one_error_line(&out.stderr);
    assert!(error.contains("only you can enter"), "{error}");
    assert_eq!(fs::read_dir(open.join("vault")).unwrap().count(), 0);

    let run = sandbox.runtime_dir();
    sandbox
        .vault(["unlock"])
        .env("XDG_RUNTIME_DIR", &run)
        .env("VAULT_PASSPHRASE", "pass")
        .assert()
        .success();
    let socket = the_socket_in(&run);
    let ask = |line: &str| {
        let mut stream = UnixStream::connect(&socket).unwrap();
        stream.write_all(line.as_bytes()).unwrap();
        stream.write_all(b"\n").unwrap();
        let mut answer = String::new();
        let _ = BufReader::new(stream).read_line(&mut answer);
        answer
    };
    // Whatever it is asked, the answer holds no key; nonsense does not bring it down.
    for request in [
        r#"{"op":"identity"}"#,
        r#"{"op":"export"}"#,
        r#"{"op":"unwrap","stanzas":[["X25519",["AAAA"],"AAAA"]]}"#,
        r#"{"op":"unwrap","stanzas":[["scrypt",["AAAA","10"],"AAAA"]]}"#,
        "not json at all",
        r#"{"op":"recipients"}"#,
    ] {
        let answer = ask(request);
        assert!(!answer.contains("AGE-SECRET-KEY"), "{request}: {answer}");
        assert!(!answer.contains("file_key"), "{request}: {answer}");
    }
    assert!(ask(r#"{"op":"recipients"}"#).contains("age1"));
    // Still serving the operator, without the passphrase.
    sandbox
        .vault(["secret", "list"])
        .env("XDG_RUNTIME_DIR", &run)
        .assert()
        .success();
    sandbox
        .vault(["lock"])
        .env("XDG_RUNTIME_DIR", &run)
        .assert()
        .success();
}

/// `init` at a terminal says, in one line, that a plain identity is open to every program of
/// the user's, and how to lock it; a locked one needs no such word.
#[test]
fn init_at_a_terminal_says_a_plain_identity_is_open_to_your_programs() {
    if !have("script") {
        return;
    }
    let sandbox = Sandbox::new();
    let seen = sandbox.terminal("$VAULT init", "");
    let warned: Vec<&str> = seen
        .lines()
        .filter(|line| line.contains("readable by every program you run"))
        .collect();
    assert_eq!(warned.len(), 1, "{seen}");
    assert!(warned[0].contains("`vault operator passphrase`"), "{seen}");
    let sandbox = Sandbox::new();
    let seen = sandbox.terminal("VAULT_PASSPHRASE=pass $VAULT init --passphrase", "");
    assert!(!seen.contains("readable by every program"), "{seen}");
    assert!(locked(&sandbox), "{seen}");
}
