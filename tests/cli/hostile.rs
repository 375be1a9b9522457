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
