use std::io::Read;
use std::process::Stdio;

use crate::support::*;

#[test]
fn usage_errors_exit_2_on_one_line() {
    let sandbox = Sandbox::init();
    for args in [
        vec!["bogus"],
        vec!["grant", "add", "OPENAI_API_KEY"],
        vec!["secret", "add"],
        vec!["read", "NAME"],
        vec!["secret", "list", "--no-such-flag"],
    ] {
        let out = sandbox.vault(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = one_error_line(&out.stderr);
        assert!(err.contains("usage: vault"), "{err}");
    }
}

#[test]
fn global_flags_go_before_or_after_the_subcommand() {
    let sandbox = Sandbox::init();
    sandbox.add_secret("A", b"a");
    let after = sandbox
        .vault(["secret", "list", "--json", "-q"])
        .output()
        .unwrap();
    let before = sandbox
        .vault(["--json", "-q", "secret", "list"])
        .output()
        .unwrap();
    assert!(after.status.success());
    assert_eq!(after.stdout, before.stdout);
    let vault = sandbox.vault_file();
    sandbox
        .vault(["secret", "list", "--vault"])
        .arg(&vault)
        .env_remove("VAULT_HOME")
        .env("VAULT_IDENTITY", sandbox.identity_file())
        .env("VAULT_LOG", sandbox.log_file())
        .assert()
        .success();
}

#[test]
fn quiet_silences_hints_but_not_errors() {
    let sandbox = Sandbox::init();
    let out = sandbox
        .vault(["secret", "add", "A", "-q"])
        .write_stdin("a")
        .output()
        .unwrap();
    assert!(out.stderr.is_empty());
    let out = sandbox
        .vault(["secret", "add", "A"])
        .write_stdin("a")
        .output()
        .unwrap();
    assert!(!out.stderr.is_empty());
    let out = sandbox
        .vault(["secret", "add", "A", "-q"])
        .write_stdin("a")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    one_error_line(&out.stderr);
}

#[test]
fn a_closed_pipe_ends_the_program_quietly() {
    let sandbox = Sandbox::init();
    sandbox.add_secret("BIG", &vec![b'x'; 1 << 20]);
    sandbox.add_agent("bot");
    sandbox.grant("bot", "BIG");
    let mut child = sandbox
        .spawnable(["read", "--agent", "bot", "BIG"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child.stderr.unwrap().read_to_string(&mut stderr).unwrap();
    assert_eq!(stderr, "");
    assert!(status.success(), "{status:?}");
}
