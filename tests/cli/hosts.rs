//! `secret add/set --host`: the hosts the credential proxy may send a secret to, kept in one
//! form, shown by `secret list`, and carried into the agents' parts.

use std::fs;

use crate::support::*;
use serde_json::Value;

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
        text.lines().any(|l| l.starts_with("OPENAI\t")
            && l.ends_with("\t-\tapi.openai.com\theader,query,path\tany")),
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
            vec![
                "secret",
                "set",
                "TOKEN",
                "--host",
                "api.example.com/v1?key=1",
            ],
            "a path glob is /SEGMENT/",
        ),
        (
            vec!["secret", "add", "NEW", "--host", "*.com"],
            "*. must be followed by a domain",
        ),
        (
            vec!["secret", "set", "TOKEN", "--host", "api.example.com/a/../b"],
            "no . or .. segments",
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

/// Where in a request a value may go: `--inject` on add, set and hosts, kept by a plain set,
/// shown by `secret list` and by the diff git shows, and refused when it names no part of a
/// request.
#[test]
fn where_a_value_may_go_is_chosen_kept_and_shown() {
    let sandbox = Sandbox::init();
    let inject_of = |name: &str| -> Value {
        let list: Value =
            serde_json::from_slice(&stdout_of(&mut sandbox.vault(["secret", "list", "--json"])))
                .unwrap();
        list.as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .unwrap()["inject"]
            .clone()
    };
    sandbox
        .vault([
            "secret",
            "add",
            "HOOK",
            "--host",
            "hooks.example.com",
            "--inject",
            "body",
        ])
        .write_stdin("whsec-abcdefghijklmnop")
        .assert()
        .success();
    assert_eq!(inject_of("HOOK"), serde_json::json!(["body"]));
    sandbox
        .vault(["secret", "set", "HOOK"])
        .write_stdin("whsec-rotated-abcdefgh")
        .assert()
        .success();
    assert_eq!(
        inject_of("HOOK"),
        serde_json::json!(["body"]),
        "a plain set keeps it"
    );
    let diff = String::from_utf8(stdout_of(
        sandbox.vault(["git", "textconv"]).arg(sandbox.vault_file()),
    ))
    .unwrap();
    assert!(
        diff.contains("hosts hooks.example.com inject body"),
        "{diff}"
    );
    let out = sandbox
        .vault([
            "secret", "hosts", "HOOK", "--inject", "header", "--inject", "query",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "HOOK goes through the proxy to hooks.example.com, into a request's header, query\n"
    );
    assert_eq!(inject_of("HOOK"), serde_json::json!(["header", "query"]));
    // Back to the default: the diff no longer says anything of it.
    sandbox
        .vault([
            "secret", "hosts", "HOOK", "--inject", "path", "--inject", "query", "--inject",
            "header",
        ])
        .assert()
        .success();
    let diff = String::from_utf8(stdout_of(
        sandbox.vault(["git", "textconv"]).arg(sandbox.vault_file()),
    ))
    .unwrap();
    assert!(!diff.contains(" inject "), "{diff}");

    let before = std::fs::read(sandbox.vault_file()).unwrap();
    let out = sandbox
        .vault(["secret", "hosts", "HOOK", "--inject", "cookie"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(one_error_line(&out.stderr).contains("header"));
    assert_eq!(std::fs::read(sandbox.vault_file()).unwrap(), before);
}
