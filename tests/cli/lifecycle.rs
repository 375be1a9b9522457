//! Grants that end, agents that ask, secrets with a history: expiry and sweeps, requests and
//! their answers, `read --wait`, history and rollback, `--if-version`, rename, generate.

use std::fs;
use std::io::Read;
use std::process::Stdio;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::*;

fn with_bot() -> Sandbox {
    let sandbox = Sandbox::init();
    sandbox.add_secret("TOKEN", CANARY.as_bytes());
    sandbox.add_agent("bot");
    sandbox
}

fn bot_reads(sandbox: &Sandbox, name: &str) -> std::process::Output {
    sandbox
        .read_with_key("bot", name, &sandbox.path("bot.key"))
        .output()
        .unwrap()
}

fn last_event(sandbox: &Sandbox) -> Value {
    sandbox.events().pop().unwrap()
}

#[test]
fn a_grant_for_a_while_ends_and_a_sweep_takes_the_value_out_of_the_part() {
    let sandbox = with_bot();
    let granted = sandbox.json(&["grant", "add", "--agent", "bot", "TOKEN", "--for", "3s"]);
    let expires = granted["expires_at"].as_str().unwrap().to_owned();
    assert!(expires.ends_with('Z') && expires.len() == 20, "{expires}");
    assert_eq!(
        sandbox.json(&["grant", "list"])[0]["expires_at"],
        expires.as_str()
    );
    let event = last_event(&sandbox);
    assert_eq!(
        (event["event"].as_str(), event["expires_at"].as_str()),
        (Some("grant.created"), Some(expires.as_str()))
    );

    let started = Instant::now();
    let out = bot_reads(&sandbox, "TOKEN");
    if started.elapsed() < Duration::from_secs(3) {
        assert_eq!(out.stdout, CANARY.as_bytes(), "read at once");
    }
    thread::sleep(Duration::from_secs(4).saturating_sub(started.elapsed()));
    let out = bot_reads(&sandbox, "TOKEN");
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
    assert_eq!(
        one_error_line(&out.stderr),
        "vault: denied: agent bot may not read TOKEN; an operator can grant it with `vault grant add --agent bot TOKEN`\n"
    );
    assert_eq!(last_event(&sandbox)["reason"], "expired");
    // exec skips it, and says so in the log.
    let out = sandbox
        .vault(["exec", "--agent", "bot", "--key-file"])
        .arg(sandbox.path("bot.key"))
        .args(["--", "sh", "-c", "echo \"[${TOKEN-unset}]\""])
        .output()
        .unwrap();
    assert_eq!(out.stdout, b"[unset]\n");
    assert_eq!(last_event(&sandbox)["reason"], "expired");

    // Until a change, the value is still sealed to the agent's key in its part.
    let part_holds =
        |sandbox: &Sandbox| contains(&decrypted_part(sandbox, "bot"), CANARY.as_bytes());
    if have("age") {
        assert!(part_holds(&sandbox), "before the sweep");
    }
    let swept = sandbox.vault(["grant", "sweep"]).output().unwrap();
    assert!(String::from_utf8_lossy(&swept.stderr).contains("Dropped 1 ended grant"));
    let event = last_event(&sandbox);
    assert_eq!(
        (event["event"].as_str(), event["secret_name"].as_str()),
        (Some("grant.expired"), Some("TOKEN"))
    );
    assert!(
        sandbox
            .json(&["grant", "list"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    if have("age") {
        assert!(!part_holds(&sandbox), "after the sweep");
    }
    // A sweep with nothing to drop writes nothing.
    let before = fs::read(sandbox.vault_file()).unwrap();
    sandbox.vault(["grant", "sweep"]).assert().success();
    assert_eq!(fs::read(sandbox.vault_file()).unwrap(), before);
}

/// The agent's part, decrypted by the stock age with the agent's key, as FORMAT.md's recipe
/// finds it.
fn decrypted_part(sandbox: &Sandbox, agent: &str) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    let vault = fs::read(sandbox.vault_file()).unwrap();
    let u64_at = |at: usize| u64::from_le_bytes(vault[at..at + 8].try_into().unwrap()) as usize;
    let count = u32::from_le_bytes(vault[12..16].try_into().unwrap()) as usize;
    let slot: [u8; 32] = Sha256::new()
        .chain_update(&vault[16..48])
        .chain_update(agent.as_bytes())
        .finalize()
        .into();
    let entry = (0..count)
        .map(|i| 96 + 80 * i)
        .find(|&at| vault[at..at + 32] == slot)
        .unwrap();
    let (offset, len) = (u64_at(entry + 32), u64_at(entry + 40));
    fs::write(sandbox.path("part.age"), &vault[offset..offset + len]).unwrap();
    let out = std::process::Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(sandbox.path(&format!("{agent}.key")))
        .arg(sandbox.path("part.age"))
        .output()
        .unwrap();
    assert!(out.status.success());
    out.stdout
}

/// `vault read --wait` as a background process, and what it printed and exited with.
struct Waiting {
    child: std::process::Child,
}

impl Waiting {
    fn start(sandbox: &Sandbox, secret: &str, wait: &str) -> Self {
        let child = sandbox
            .spawnable([
                "read",
                "--agent",
                "bot",
                secret,
                "--wait",
                wait,
                "--key-file",
            ])
            .arg(sandbox.path("bot.key"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Give it time to start waiting (it also waits when it starts later).
        thread::sleep(Duration::from_millis(300));
        Self { child }
    }

    /// Exit code, stdout, stderr, and when it ended.
    fn finish(mut self) -> (Option<i32>, Vec<u8>, String, Instant) {
        let status = self.child.wait().unwrap();
        let ended = Instant::now();
        let mut out = Vec::new();
        self.child
            .stdout
            .take()
            .unwrap()
            .read_to_end(&mut out)
            .unwrap();
        let mut err = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        (status.code(), out, err, ended)
    }
}

#[test]
fn a_request_approved_while_the_agent_waits_hands_it_the_value() {
    let sandbox = with_bot();
    // No key needed to ask.
    let requested: Value = serde_json::from_slice(&stdout_of(
        sandbox
            .vault([
                "request",
                "--agent",
                "bot",
                "TOKEN",
                "--reason",
                "weekly report",
                "--for",
                "1h",
                "--json",
            ])
            .env_remove("VAULT_AGENT_KEY_FILE"),
    ))
    .unwrap();
    let id = requested["request_id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("req_"));
    assert_eq!(requested["agent_id"], "bot");
    assert_eq!(requested["secret_name"], "TOKEN");
    assert_eq!(requested["reason"], "weekly report");
    assert!(requested["requested_at"].as_str().unwrap().ends_with('Z'));
    let event = last_event(&sandbox);
    assert_eq!(
        (event["event"].as_str(), event["request_id"].as_str()),
        (Some("grant.requested"), Some(id.as_str()))
    );
    assert_eq!(event["duration"], "1h");

    let pending = sandbox.json(&["grant", "requests"]);
    assert_eq!(pending.as_array().unwrap().len(), 1);
    for key in [
        "request_id",
        "agent_id",
        "secret_name",
        "reason",
        "requested_at",
    ] {
        assert_eq!(pending[0][key], requested[key], "{key}");
    }

    let waiting = Waiting::start(&sandbox, "TOKEN", "30s");
    let approved = sandbox.json(&["grant", "approve", &id]);
    let answered = Instant::now();
    assert!(approved["expires_at"].is_string(), "the hour asked for");
    let (code, out, err, ended) = waiting.finish();
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out, CANARY.as_bytes());
    // Within a quarter second of the change, give or take a loaded machine: well before the
    // 30 s it would otherwise wait.
    let latency = ended.saturating_duration_since(answered);
    assert!(latency < Duration::from_secs(5), "{latency:?}");
    eprintln!("request approved to value read: {latency:?}");
    let created = sandbox
        .events()
        .into_iter()
        .find(|e| e["event"] == "grant.created")
        .unwrap();
    assert_eq!(created["request_id"], id.as_str());
    assert!(
        sandbox
            .json(&["grant", "requests"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    let out = sandbox.vault(["grant", "approve", &id]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("answered already"));
}

#[test]
fn a_request_denied_while_the_agent_waits_ends_the_wait_at_once() {
    let sandbox = with_bot();
    let id = String::from_utf8(stdout_of(
        &mut sandbox.vault(["request", "--agent", "bot", "TOKEN"]),
    ))
    .unwrap()
    .trim()
    .to_owned();
    let waiting = Waiting::start(&sandbox, "TOKEN", "60s");
    sandbox
        .vault(["grant", "deny", &id, "--reason", "not for bots"])
        .assert()
        .success();
    let (code, out, err, _) = waiting.finish();
    assert_eq!(code, Some(3));
    assert!(out.is_empty());
    assert!(err.starts_with("vault: denied:"), "{err}");
    let events = sandbox.events();
    let denied = events
        .iter()
        .find(|e| e["event"] == "grant.denied")
        .unwrap();
    assert_eq!(
        (denied["request_id"].as_str(), denied["reason"].as_str()),
        (Some(id.as_str()), Some("not for bots"))
    );
    assert_eq!(events.last().unwrap()["event"], "vault.denied");
    assert!(
        sandbox
            .json(&["grant", "requests"])
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_wait_ends_at_its_time_and_works_without_a_request() {
    let sandbox = with_bot();
    let started = Instant::now();
    let out = sandbox
        .read_with_key("bot", "TOKEN", &sandbox.path("bot.key"))
        .args(["--wait", "1s"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(last_event(&sandbox)["reason"], "not-granted");

    // Granted by hand while waiting, no request made.
    let waiting = Waiting::start(&sandbox, "TOKEN", "30s");
    sandbox.grant("bot", "TOKEN");
    let (code, out, _, _) = waiting.finish();
    assert_eq!((code, out), (Some(0), CANARY.as_bytes().to_vec()));
}

/// Anyone who can append to the log can ask in an agent's name, and nothing else: approved,
/// the grant goes to the agent named, whose key alone reads it.
#[test]
fn a_forged_request_grants_nothing_to_the_forger() {
    let sandbox = with_bot();
    let mallory_key = sandbox.add_agent("mallory");
    let forged = String::from_utf8(stdout_of(
        &mut sandbox.vault(["request", "--agent", "bot", "TOKEN", "--reason", "urgent!"]),
    ))
    .unwrap();
    // Requests for what does not exist are taken the same way: no oracle.
    let ghost = sandbox.json(&["request", "--agent", "ghost", "NO_SUCH_SECRET"]);
    assert!(ghost["request_id"].as_str().unwrap().starts_with("req_"));
    let out = sandbox
        .vault(["grant", "approve", ghost["request_id"].as_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("vault agent add ghost"));

    sandbox
        .vault(["grant", "approve", forged.trim()])
        .assert()
        .success();
    let out = sandbox
        .read_with_key("bot", "TOKEN", &mallory_key)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let out = sandbox
        .read_with_key("mallory", "TOKEN", &mallory_key)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(bot_reads(&sandbox, "TOKEN").stdout, CANARY.as_bytes());
}

#[test]
fn history_rollback_and_if_version() {
    let sandbox = with_bot();
    sandbox.grant("bot", "TOKEN");
    for value in ["second", "third"] {
        sandbox
            .vault(["secret", "set", "TOKEN"])
            .write_stdin(value)
            .assert()
            .success();
    }
    let history = sandbox.json(&["secret", "history", "TOKEN"]);
    let versions: Vec<(u64, bool)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["version"].as_u64().unwrap(),
                v["current"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(versions, [(3, true), (2, false), (1, false)]);
    assert!(history[0]["created_at"].as_str().unwrap().ends_with('Z'));
    let shown = stdout_of(&mut sandbox.vault(["secret", "history", "TOKEN"]));
    assert!(!contains(&shown, CANARY.as_bytes()) && !contains(&shown, b"second"));
    assert_eq!(
        sandbox
            .json(&["secret", "history", "TOKEN", "-n", "1"])
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let rolled = sandbox.json(&["secret", "rollback", "TOKEN", "--to", "1"]);
    assert_eq!(rolled["version"], 4);
    let event = last_event(&sandbox);
    assert_eq!(bot_reads(&sandbox, "TOKEN").stdout, CANARY.as_bytes());
    assert_eq!(
        (
            event["event"].as_str(),
            event["rolled_back_to"].as_u64(),
            event["version"].as_u64()
        ),
        (Some("secret.updated"), Some(1), Some(4))
    );
    // Old values live in the operator part only, never in an agent's.
    if have("age") {
        let part = decrypted_part(&sandbox, "bot");
        assert!(!contains(&part, b"second") && !contains(&part, b"third"));
    }

    // Two scripts rotating one key: the one that read version 4 and comes second is refused.
    sandbox
        .vault(["secret", "set", "TOKEN", "--if-version", "4"])
        .write_stdin("fifth")
        .assert()
        .success();
    let out = sandbox
        .vault(["secret", "set", "TOKEN", "--if-version", "4"])
        .write_stdin("lost")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("at version 5, not 4"));
    assert_eq!(bot_reads(&sandbox, "TOKEN").stdout, b"fifth");

    // At once, from several processes: exactly one wins.
    let children: Vec<_> = (0..6)
        .map(|i| {
            let mut child = sandbox
                .spawnable(["secret", "set", "TOKEN", "--if-version", "5"])
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(format!("racer-{i}").as_bytes())
                .unwrap();
            child
        })
        .collect();
    let won = children
        .into_iter()
        .filter_map(|mut child| child.wait().unwrap().success().then_some(()))
        .count();
    assert_eq!(won, 1);
    assert_eq!(
        sandbox.json(&["secret", "history", "TOKEN", "-n", "1"])[0]["version"],
        6
    );
}

#[test]
fn a_renamed_secret_keeps_its_grants_and_history() {
    let sandbox = with_bot();
    sandbox.grant("bot", "TOKEN");
    sandbox
        .vault(["secret", "set", "TOKEN"])
        .write_stdin("v2")
        .assert()
        .success();
    let id = sandbox.json(&["secret", "list"])[0]["id"].clone();
    let renamed = sandbox.json(&["secret", "rename", "TOKEN", "API_TOKEN"]);
    assert_eq!(
        (renamed["id"].clone(), renamed["name"].as_str()),
        (id, Some("API_TOKEN"))
    );
    let event = last_event(&sandbox);
    assert_eq!(
        (
            event["event"].as_str(),
            event["old_name"].as_str(),
            event["secret_name"].as_str()
        ),
        (Some("secret.renamed"), Some("TOKEN"), Some("API_TOKEN"))
    );
    assert_eq!(bot_reads(&sandbox, "API_TOKEN").stdout, b"v2");
    assert_eq!(bot_reads(&sandbox, "TOKEN").status.code(), Some(3));
    assert_eq!(
        sandbox
            .json(&["secret", "history", "API_TOKEN"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let out = sandbox
        .vault(["secret", "rename", "API_TOKEN", "bad name"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    one_error_line(&out.stderr);
}

#[test]
fn generated_values_have_the_charset_and_length_asked_for_and_are_never_printed() {
    let sandbox = with_bot();
    type Allowed = dyn Fn(u8) -> bool;
    let cases: [(&str, &str, usize, &Allowed); 5] = [
        ("DEFAULT", "alnum", 32, &|b: u8| b.is_ascii_alphanumeric()),
        ("HEX", "hex", 64, &|b: u8| {
            b.is_ascii_digit() || (b'a'..=b'f').contains(&b)
        }),
        ("URL", "base64url", 43, &|b: u8| {
            b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
        }),
        ("ASCII", "ascii", 100, &|b: u8| (0x21..=0x7e).contains(&b)),
        ("SHORT", "alnum", 6, &|b: u8| b.is_ascii_alphanumeric()),
    ];
    for (name, charset, length, allowed) in cases {
        let mut args = vec!["secret", "add", name, "--generate"];
        let length_text = length.to_string();
        if name != "DEFAULT" {
            args.extend(["--charset", charset, "--length", &length_text]);
        }
        let out = sandbox.vault(&args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        sandbox.grant("bot", name);
        let value = bot_reads(&sandbox, name).stdout;
        assert_eq!(value.len(), length, "{name}");
        assert!(value.iter().all(|&b| allowed(b)), "{name}");
        let said = [out.stdout, out.stderr].concat();
        assert!(!contains(&said, &value), "{name} printed");
    }
    sandbox
        .vault(["secret", "set", "HEX", "--generate"])
        .assert()
        .success();
    let value = bot_reads(&sandbox, "HEX").stdout;
    assert_eq!(value.len(), 32);
    assert!(value.iter().all(u8::is_ascii_alphanumeric));
    let out = sandbox
        .vault(["secret", "add", "BOTH", "--generate", "--from-file", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // Values masking would never cover are not made, and a value on stdin is not dropped.
    let out = sandbox
        .vault(["secret", "add", "TINY", "--generate", "--length", "5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(one_error_line(&out.stderr).contains("6..=4096"));
    let before = fs::read(sandbox.vault_file()).unwrap();
    let out = sandbox
        .vault(["secret", "add", "PIPED", "--generate"])
        .write_stdin("the value I meant")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(one_error_line(&out.stderr).contains("drop one"));
    assert_eq!(fs::read(sandbox.vault_file()).unwrap(), before);
}

/// Appends `event` to the log at `log` as its writer would: the next `seq`, `prev` the hash of
/// the last line. Anyone who can write the log can do this.
fn append_chained(log: &std::path::Path, mut event: Value) {
    use sha2::{Digest, Sha256};
    let text = fs::read_to_string(log).unwrap();
    let last = text.lines().last().unwrap();
    let seq = serde_json::from_str::<Value>(last).unwrap()["seq"]
        .as_u64()
        .unwrap();
    event["seq"] = (seq + 1).into();
    event["prev"] = format!("sha256:{:x}", Sha256::digest(last.as_bytes())).into();
    let mut text = text;
    text.push_str(&serde_json::to_string(&event).unwrap());
    text.push('\n');
    fs::write(log, text).unwrap();
}

/// The review's break 2: an agent files a request whose reason erases rows on a terminal,
/// then appends a chained line with the same id, an earlier time, another secret and a
/// duration that does not parse. The operator must see every field as text, the copy must be
/// refused and named, and nothing must be granted that the operator did not see.
#[test]
fn a_forged_copy_of_a_request_cannot_steer_its_approval() {
    let sandbox = with_bot();
    sandbox.add_secret("ADMIN", b"admin-value");
    let agent_log = sandbox.home().join("events.bot.jsonl");
    let asked = |reason: &str| {
        let out = sandbox
            .vault(["request", "--agent", "bot", "TOKEN", "--reason", reason])
            .env("VAULT_LOG", &agent_log)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    };
    let id = asked("weekly report\x1b[1A\x1b[2K\rreq_fake  bot  HARMLESS\nsecond row");
    append_chained(
        &agent_log,
        serde_json::json!({"ts": "2000-01-01T00:00:00.000Z", "event": "grant.requested",
            "agent_id": "bot", "secret_name": "ADMIN", "request_id": id, "duration": "3Om",
            "reason": "same id"}),
    );
    // Piped: one line per request, every field printable, the copy named on stderr.
    let out = sandbox.vault(["grant", "requests"]).output().unwrap();
    assert!(out.status.success());
    let listed = String::from_utf8(out.stdout).unwrap();
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert!(
        listed.contains("\\u{1b}[1A") && listed.contains("\\n") && listed.contains("\tTOKEN\t"),
        "{listed}"
    );
    assert!(
        !listed.contains("ADMIN") && !listed.contains('\x1b'),
        "{listed}"
    );
    let warned = String::from_utf8(out.stderr).unwrap();
    assert!(
        warned.contains(&format!("request {id} is named by a second line")),
        "{warned}"
    );
    // On a terminal, the table has no extra rows either.
    if have("script") {
        let shown = sandbox.terminal("$VAULT grant requests", "");
        assert!(
            !shown.contains('\x1b') && !shown.contains("second row\n"),
            "{shown}"
        );
    }
    // Neither copy can be approved or denied.
    for args in [&["grant", "approve", &id][..], &["grant", "deny", &id]] {
        let out = sandbox.vault(args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(one_error_line(&out.stderr).contains("cannot be answered"));
    }
    assert_eq!(
        sandbox.json(&["grant", "list"]).as_array().unwrap().len(),
        0
    );

    // A request line written by hand whose duration does not parse is refused, not taken as
    // a grant for good; an honest one is approved for exactly what it shows.
    append_chained(
        &agent_log,
        serde_json::json!({"ts": "2000-01-01T00:00:00.000Z", "event": "grant.requested",
            "agent_id": "bot", "secret_name": "ADMIN", "request_id": "req_handwritten0",
            "duration": "3Om"}),
    );
    let out = sandbox
        .vault(["grant", "approve", "req_handwritten0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("does not read as one"));
    let honest = asked("for the report");
    let out = sandbox
        .vault(["grant", "approve", &honest, "--for", "2h"])
        .output()
        .unwrap();
    assert!(out.status.success() && out.stdout.is_empty());
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(
        said.starts_with(&format!(
            "Approved request {honest}: bot may read TOKEN until "
        )),
        "{said}"
    );
    let grants = sandbox.json(&["grant", "list"]);
    assert_eq!(grants.as_array().unwrap().len(), 1);
    assert_eq!(grants[0]["secret_name"], "TOKEN");
    assert!(grants[0]["expires_at"].is_string());
}

#[test]
fn durations_past_the_limit_are_refused_naming_it() {
    let sandbox = with_bot();
    for args in [
        &[
            "grant",
            "add",
            "--agent",
            "bot",
            "TOKEN",
            "--for",
            "300000000y",
        ][..],
        &[
            "grant",
            "add",
            "--agent",
            "bot",
            "TOKEN",
            "--until",
            "9999-12-31T00:00:00Z",
        ],
        &["request", "--agent", "bot", "TOKEN", "--for", "11y"],
    ] {
        let out = sandbox.vault(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            one_error_line(&out.stderr).contains("limit of 10 years"),
            "{args:?}"
        );
    }
    assert_eq!(
        sandbox.json(&["grant", "list"]).as_array().unwrap().len(),
        0
    );
}

/// Approve and deny of one request, run at once: one wins, the other says why (the review saw
/// both succeed 8 times in 15).
#[test]
fn approve_and_deny_at_once_decide_once() {
    let sandbox = with_bot();
    for round in 0..15 {
        let id = String::from_utf8(stdout_of(
            &mut sandbox.vault(["request", "--agent", "bot", "TOKEN"]),
        ))
        .unwrap()
        .trim()
        .to_owned();
        let approve = sandbox
            .spawnable(["grant", "approve", &id])
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let deny = sandbox
            .spawnable(["grant", "deny", &id])
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let (approve, deny) = (
            approve.wait_with_output().unwrap(),
            deny.wait_with_output().unwrap(),
        );
        assert_ne!(
            approve.status.success(),
            deny.status.success(),
            "round {round}"
        );
        let loser = if approve.status.success() {
            &deny
        } else {
            &approve
        };
        assert!(
            one_error_line(&loser.stderr).contains("answered already"),
            "round {round}"
        );
        sandbox
            .vault(["grant", "rm", "--agent", "bot", "TOKEN"])
            .output()
            .unwrap();
    }
}
