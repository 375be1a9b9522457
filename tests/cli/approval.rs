//! `grant add --approve`: each request of `exec --proxy` on the secret's routes is held until a
//! person answers it (`grant approve`, `grant deny`, `VAULT_ASKPASS`) or its time runs out; the
//! curl that sent it just waits. Loopback only, through the proxy tests' upstream.

use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::proxy::{Fixture, assert_program_never_saw_the_value, header, text, value};

/// TOKEN's grant to `bot`, made again with `--approve` and `flags`.
fn approving(flags: &[&str]) -> Option<Fixture> {
    let fixture = Fixture::new()?;
    fixture
        .sandbox
        .vault(["grant", "add", "--agent", "bot", "TOKEN", "--approve"])
        .args(flags)
        .assert()
        .success();
    Some(fixture)
}

/// `vault exec --agent bot --proxy -- sh -c SCRIPT`, started, with $UP the upstream.
fn start(fixture: &Fixture, script: &str, env: &[(&str, &str)]) -> Child {
    let ca = fixture.sandbox.dir.path().join("ca.pem");
    let mut command =
        fixture
            .sandbox
            .spawnable(["exec", "--agent", "bot", "--proxy", "--upstream-ca"]);
    command
        .arg(&ca)
        .args(["--", "sh", "-c", script])
        .env("UP", fixture.url(""))
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command.spawn().unwrap()
}

/// The requests the proxy holds now, as `grant requests --json` lists them, once there are
/// `count`.
fn held(fixture: &Fixture, count: usize) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let listed = fixture.sandbox.json(&["grant", "requests"]);
        let held: Vec<Value> = listed
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["kind"] == "request")
            .cloned()
            .collect();
        if held.len() >= count {
            return held;
        }
        assert!(Instant::now() < deadline, "no request was held: {listed}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn finish(child: Child) -> Output {
    child.wait_with_output().unwrap()
}

const CURL: &str = r#"curl -sS --noproxy '' -H "X-Key: $TOKEN" -w ' [%{http_code}]\n'"#;

#[test]
fn a_held_request_waits_for_the_operator_and_goes_on_once_approved() {
    let Some(fixture) = approving(&[]) else {
        return;
    };
    let child = start(&fixture, &format!("{CURL} \"$UP/held/one\""), &[]);
    let request = held(&fixture, 1).remove(0);
    assert_eq!(request["agent_id"], "bot");
    assert_eq!(request["secret_name"], "TOKEN");
    assert_eq!(request["method"], "GET");
    assert_eq!(
        request["host"],
        format!("127.0.0.1:{}", fixture.upstream.port)
    );
    assert_eq!(request["path"], "/held/one");
    // Held means held: nothing of it has reached the upstream.
    assert!(fixture.upstream.requests().is_empty());
    let shown = fixture
        .sandbox
        .vault(["grant", "requests"])
        .output()
        .unwrap();
    assert!(
        text(&shown.stdout).contains(&format!(
            "holds GET 127.0.0.1:{}/held/one",
            fixture.upstream.port
        )),
        "{}",
        text(&shown.stdout)
    );

    let id = request["request_id"].as_str().unwrap();
    let approved = fixture
        .sandbox
        .vault(["grant", "approve", id])
        .output()
        .unwrap();
    assert!(approved.status.success(), "{}", text(&approved.stderr));
    assert!(
        text(&approved.stderr).contains(&format!("Approved request {id}: GET 127.0.0.1:")),
        "{}",
        text(&approved.stderr)
    );
    let out = finish(child);
    assert_eq!(text(&out.stdout), "ok\n [200]\n", "{}", text(&out.stderr));
    assert_program_never_saw_the_value(&out);
    assert_eq!(
        header(&fixture.upstream.requests()[0], "X-Key").as_deref(),
        Some(value().as_str())
    );

    // The log: the question, the operator key that answered, and the injection it allowed.
    let asked = fixture.events("grant.requested");
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0]["kind"], "request");
    assert_eq!(asked[0]["path"], "/held/one");
    let yes = fixture.events("grant.approved");
    assert_eq!(yes.len(), 1, "{yes:#?}");
    assert_eq!(yes[0]["request_id"], id);
    assert_eq!(yes[0]["recipient"], fixture.sandbox.operator_recipient());
    let injected = fixture.events("vault.injected");
    assert_eq!(injected.len(), 1);
    assert_eq!(injected[0]["request_id"], id);
    // Answered: no longer listed, and not to be answered again.
    assert!(held_now(&fixture).is_empty());
    let again = fixture
        .sandbox
        .vault(["grant", "deny", id])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("was answered already"));
}

/// The requests held now, without waiting.
fn held_now(fixture: &Fixture) -> Vec<Value> {
    let listed = fixture.sandbox.json(&["grant", "requests"]);
    listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "request")
        .cloned()
        .collect()
}

#[test]
fn an_approval_for_a_while_lets_the_runs_further_requests_on_the_routes_through() {
    let Some(fixture) = approving(&[]) else {
        return;
    };
    // The route is /held/**: a request elsewhere on the host is not held (and gets no value).
    fixture
        .sandbox
        .vault(["secret", "hosts", "TOKEN", "--rm"])
        .arg(format!("127.0.0.1:{}", fixture.upstream.port))
        .arg("--add")
        .arg(format!("127.0.0.1:{}/held/**", fixture.upstream.port))
        .assert()
        .success();
    let script = format!("{CURL} \"$UP/elsewhere\"; {CURL} \"$UP/held/1\"; {CURL} \"$UP/held/2\"");
    let child = start(&fixture, &script, &[]);
    let request = held(&fixture, 1).remove(0);
    assert_eq!(request["path"], "/held/1");
    // The off-route request went first, and went as it was.
    let sent = fixture.upstream.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["path"], "/elsewhere");
    assert_ne!(header(&sent[0], "X-Key").as_deref(), Some(value().as_str()));

    let id = request["request_id"].as_str().unwrap();
    fixture
        .sandbox
        .vault(["grant", "approve", id, "--for", "10m"])
        .assert()
        .success();
    let out = finish(child);
    assert_eq!(
        text(&out.stdout),
        "ok\n [200]\nok\n [200]\nok\n [200]\n",
        "{}",
        text(&out.stderr)
    );
    // One question for both: the second passed in the window the first opened.
    assert_eq!(fixture.events("grant.requested").len(), 1);
    let yes = fixture.events("grant.approved");
    assert!(yes[0]["expires_at"].is_string(), "{yes:#?}");
    let injected = fixture.events("vault.injected");
    assert_eq!(injected.len(), 2);
    assert!(
        injected.iter().all(|e| e["request_id"] == id),
        "{injected:#?}"
    );
}

#[test]
fn a_denied_request_gets_a_403_with_the_operators_words_and_never_leaves() {
    let Some(fixture) = approving(&[]) else {
        return;
    };
    let child = start(&fixture, &format!("{CURL} \"$UP/held\""), &[]);
    let id = held(&fixture, 1)[0]["request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let denied = fixture
        .sandbox
        .vault(["grant", "deny", &id, "--reason", "not on a Sunday"])
        .output()
        .unwrap();
    assert!(
        text(&denied.stderr).contains("gets a 403"),
        "{}",
        text(&denied.stderr)
    );
    let out = finish(child);
    let said = text(&out.stdout);
    assert!(
        said.starts_with(&format!(
            "vault: request {id} to use TOKEN was denied by an operator: not on a Sunday"
        )) && said.ends_with(" [403]\n"),
        "{said}"
    );
    assert!(fixture.upstream.requests().is_empty());
    assert!(fixture.events("vault.injected").is_empty());
}

#[test]
fn a_request_nobody_answers_gets_a_403_when_its_time_is_up() {
    let Some(fixture) = approving(&["--approve-timeout", "1s"]) else {
        return;
    };
    let started = Instant::now();
    let out = finish(start(&fixture, &format!("{CURL} \"$UP/held\""), &[]));
    assert!(started.elapsed() >= Duration::from_secs(1));
    let said = text(&out.stdout);
    assert!(
        said.contains("to use TOKEN had no answer within 1s") && said.ends_with(" [403]\n"),
        "{said}"
    );
    assert!(fixture.upstream.requests().is_empty());
    let no = fixture.events("grant.denied");
    assert_eq!(no.len(), 1);
    assert_eq!(no[0]["reason"], "no answer within 1s");
    assert!(held_now(&fixture).is_empty());
}

#[test]
fn vault_askpass_is_asked_about_each_held_request_and_its_exit_status_answers() {
    let Some(fixture) = approving(&[]) else {
        return;
    };
    let asked = fixture.sandbox.path("asked");
    let askpass = fixture.sandbox.path("askpass");
    std::fs::write(
        &askpass,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n[ -e \"$0.no\" ] && exit 1\nexit 0\n",
            asked.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(
        &askpass,
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .unwrap();
    let env = [("VAULT_ASKPASS", askpass.to_str().unwrap())];
    let script = format!("echo \"askpass=${{VAULT_ASKPASS:-unset}}\"; {CURL} \"$UP/held/yes\"");
    let out = finish(start(&fixture, &script, &env));
    assert_eq!(
        text(&out.stdout),
        "askpass=unset\nok\n [200]\n",
        "{}",
        text(&out.stderr)
    );
    let question = std::fs::read_to_string(&asked).unwrap();
    assert!(
        question.starts_with(&format!(
            "vault: let GET 127.0.0.1:{}/held/yes use TOKEN? (request req_",
            fixture.upstream.port
        )),
        "{question}"
    );
    let yes = fixture.events("grant.approved");
    assert_eq!(yes.len(), 1);
    assert_eq!(yes[0]["via"], "askpass");
    assert_eq!(
        fixture.events("vault.injected")[0]["request_id"],
        yes[0]["request_id"]
    );

    // A no.
    std::fs::write(fixture.sandbox.path("askpass.no"), "").unwrap();
    let out = finish(start(&fixture, &format!("{CURL} \"$UP/held/no\""), &env));
    let said = text(&out.stdout);
    assert!(
        said.contains("was refused through VAULT_ASKPASS") && said.ends_with(" [403]\n"),
        "{said}"
    );
    assert_eq!(fixture.upstream.requests().len(), 1);
    assert_eq!(
        fixture.events("grant.denied")[0]["reason"],
        "refused through VAULT_ASKPASS"
    );
}

#[test]
fn a_request_still_held_when_the_run_ends_is_denied_and_no_longer_listed() {
    let Some(fixture) = approving(&[]) else {
        return;
    };
    // curl gives up first; the run ends with its request unanswered.
    let out = finish(start(
        &fixture,
        &format!("{CURL} --max-time 1 \"$UP/held\"; true"),
        &[],
    ));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let no = fixture.events("grant.denied");
    assert_eq!(no.len(), 1, "{no:#?}");
    assert_eq!(no[0]["reason"], "the run ended before an answer");
    assert!(held_now(&fixture).is_empty());
    assert!(fixture.upstream.requests().is_empty());
}

/// Only the proxy can hold a request: `read` and a plain `exec` never hand such a value out.
#[test]
fn a_grant_that_asks_for_approval_is_never_handed_out_whole() {
    let Some(fixture) = approving(&["--approve-timeout", "30s"]) else {
        return;
    };
    let sandbox = &fixture.sandbox;
    let listed = sandbox.json(&["grant", "list"]);
    assert_eq!(listed[0]["approve_timeout"], 30);
    let read = sandbox
        .vault(["read", "--agent", "bot", "TOKEN"])
        .output()
        .unwrap();
    assert_eq!(read.status.code(), Some(3));
    assert!(read.stdout.is_empty());
    let denied = fixture.events("vault.denied");
    assert_eq!(denied.last().unwrap()["reason"], "approval-required");

    let plain = sandbox
        .vault([
            "exec",
            "--agent",
            "bot",
            "--",
            "sh",
            "-c",
            "echo \"[$TOKEN]\"",
        ])
        .output()
        .unwrap();
    assert!(plain.status.success());
    assert_eq!(text(&plain.stdout), "[]\n");
    assert!(
        text(&plain.stderr).contains("not injecting TOKEN: each request with it waits"),
        "{}",
        text(&plain.stderr)
    );
    let named = sandbox
        .vault(["exec", "--agent", "bot", "--only", "TOKEN", "--", "true"])
        .output()
        .unwrap();
    assert_eq!(named.status.code(), Some(3));
    assert!(
        !fixture
            .sandbox
            .events()
            .iter()
            .any(|e| e["event"] == "vault.accessed")
    );

    // Granted again without it, the value is the agent's to read.
    sandbox.grant("bot", "TOKEN");
    assert!(
        sandbox.json(&["grant", "list"])[0]
            .get("approve_timeout")
            .is_none()
    );
    let read = sandbox
        .vault(["read", "--agent", "bot", "TOKEN"])
        .output()
        .unwrap();
    assert_eq!(text(&read.stdout), value());

    for (flags, said) in [
        (vec!["--approve-timeout", "2d"], "at most a day"),
        (vec!["--approve-timeout", "25h"], "at most a day"),
    ] {
        let out = sandbox
            .vault(["grant", "add", "--agent", "bot", "TOKEN", "--approve"])
            .args(&flags)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{flags:?}");
        assert!(text(&out.stderr).contains(said), "{}", text(&out.stderr));
    }
    let alone = sandbox
        .vault([
            "grant",
            "add",
            "--agent",
            "bot",
            "TOKEN",
            "--approve-timeout",
            "5s",
        ])
        .output()
        .unwrap();
    assert_eq!(alone.status.code(), Some(2));
}
