//! `secret add/set --host`: the hosts the credential proxy may send a secret to, kept in one
//! form, shown by `secret list`, and carried into the agents' parts.

use std::fs;

use crate::support::*;

fn hosts_of(sandbox: &Sandbox, name: &str) -> Vec<String> {
    let listed = sandbox.json(&["secret", "list"]);
    let secret = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap();
    secret["hosts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn hosts_are_kept_in_one_form_replaced_by_set_and_kept_otherwise() {
    let sandbox = Sandbox::init();
    sandbox
        .vault([
            "secret",
            "add",
            "OPENAI",
            "--host",
            "API.OpenAI.com",
            "--host",
            "https://api.openai.com:443",
            "--host",
            "*.Example.com:8443",
        ])
        .write_stdin(CANARY)
        .assert()
        .success();
    assert_eq!(
        hosts_of(&sandbox, "OPENAI"),
        ["api.openai.com", "*.example.com:8443"]
    );
    sandbox.add_secret("PLAIN", b"no-hosts-value");
    assert!(hosts_of(&sandbox, "PLAIN").is_empty());

    // set without --host keeps them; with it replaces them; --no-hosts clears them.
    let set = |extra: &[&str]| {
        sandbox
            .vault(["secret", "set", "OPENAI"])
            .args(extra)
            .write_stdin(CANARY)
            .assert()
            .success();
    };
    set(&[]);
    assert_eq!(hosts_of(&sandbox, "OPENAI").len(), 2);
    set(&["--host", "http://[::1]:8080"]);
    assert_eq!(hosts_of(&sandbox, "OPENAI"), ["http://[::1]:8080"]);
    set(&["--no-hosts"]);
    assert!(hosts_of(&sandbox, "OPENAI").is_empty());

    // The table shows them after the canary mark.
    set(&["--host", "api.openai.com"]);
    let out = stdout_of(&mut sandbox.vault(["secret", "list"]));
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.lines()
            .any(|l| l.starts_with("OPENAI\t") && l.ends_with("\t-\tapi.openai.com")),
        "{text}"
    );
}

#[test]
fn a_bad_host_is_refused_before_the_value_is_read_and_changes_nothing() {
    let sandbox = Sandbox::init();
    sandbox.add_secret("TOKEN", CANARY.as_bytes());
    let before = fs::read(sandbox.vault_file()).unwrap();
    for (args, says) in [
        (
            vec!["secret", "set", "TOKEN", "--host", "api.example.com/v1"],
            "a pin is a host, not a URL",
        ),
        (
            vec!["secret", "add", "NEW", "--host", "*.com"],
            "*. must be followed by a domain",
        ),
        (
            vec!["secret", "set", "TOKEN", "--host", "a.b:70000"],
            "the port must be",
        ),
    ] {
        let out = sandbox.vault(&args).write_stdin(CANARY).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let line = one_error_line(&out.stderr);
        assert!(
            line.contains(says) && line.contains("write a host name"),
            "{line}"
        );
        assert_eq!(fs::read(sandbox.vault_file()).unwrap(), before);
    }
    let out = sandbox
        .vault(["secret", "set", "TOKEN", "--host", "a.b", "--no-hosts"])
        .write_stdin(CANARY)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
