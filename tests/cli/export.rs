//! `vault events export`: every event type as an OCSF API Activity record that meets the
//! schema's requirements (read from the schema files in tests/ocsf, an excerpt of OCSF 1.9.0),
//! and as an ECS document; `--after` and `--follow` for shippers.

use std::collections::BTreeSet;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;

use crate::support::*;

/// A log holding every event type there is, from real commands. False (said on stderr) when
/// curl, which the proxy's events need, is not installed.
fn every_event(sandbox: &Sandbox) -> bool {
    if !have("curl") || !can_sandbox() {
        return false;
    }
    sandbox.add_secret("TOKEN", CANARY.as_bytes());
    sandbox
        .vault(["secret", "add", "--canary", "BAIT"])
        .write_stdin("bait-value-123")
        .assert()
        .success();
    sandbox
        .vault(["secret", "set", "TOKEN"])
        .write_stdin("second-value")
        .assert()
        .success();
    sandbox
        .vault(["secret", "rename", "TOKEN", "API_TOKEN"])
        .assert()
        .success();
    let key = sandbox.add_agent("bot");
    sandbox.grant("bot", "API_TOKEN");
    sandbox.grant("bot", "BAIT");
    sandbox
        .read_with_key("bot", "API_TOKEN", &key)
        .assert()
        .success();
    sandbox.read_with_key("bot", "NOPE", &key).assert().code(3);
    sandbox
        .read_with_key("bot", "BAIT", &key)
        .assert()
        .success();
    sandbox
        .vault(["exec", "--agent", "bot", "--key-file"])
        .arg(&key)
        .args(["--", "printenv", "API_TOKEN"])
        .assert()
        .success();
    // The proxy: a value put into a request to a pinned host (whose port nobody listens on:
    // it is logged before it goes), and a placeholder on its way to another.
    for (name, host) in [
        ("PROXIED", "http://127.0.0.1:9"),
        ("ELSEWHERE", "http://127.0.0.2:9"),
    ] {
        sandbox
            .vault(["secret", "add", name, "--host", host])
            .write_stdin(format!("{name}-abcdefghijklmnopqrstuvwxyz"))
            .assert()
            .success();
        sandbox.grant("bot", name);
    }
    // A placeholder bound elsewhere goes as it is (withheld), or under --strict is stopped; a
    // real value the program had from elsewhere is taken back (leak_stopped).
    for strict in [&[][..], &["--strict"]] {
        sandbox
            .vault(["exec", "--agent", "bot", "--proxy", "--key-file"])
            .arg(&key)
            .args(strict)
            .args(["--", "sh", "-c"])
            .arg(r#"curl -s -H "X: $PROXIED" http://127.0.0.1:9/a; curl -s -H "X: $ELSEWHERE" http://127.0.0.1:9/b; curl -s -H "X: PROXIED-abcdefghijklmnopqrstuvwxyz" http://127.0.0.1:9/c; true"#)
            .assert()
            .success();
    }
    // A host outside the egress.
    sandbox
        .vault([
            "exec",
            "--agent",
            "bot",
            "--proxy",
            "--egress",
            "pinned",
            "--key-file",
        ])
        .arg(&key)
        .args(["--", "sh", "-c"])
        .arg(r#"curl -s -x "$HTTP_PROXY" http://elsewhere.test:9/; true"#)
        .assert()
        .success();
    // A request held for approval, let through by VAULT_ASKPASS, to a host that answers: the
    // run ends with where it went.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for mut stream in listener.incoming().flatten() {
            let _ = stream.read(&mut [0u8; 4096]);
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n",
            );
        }
    });
    sandbox
        .vault(["secret", "add", "HELD", "--host"])
        .arg(format!("http://127.0.0.1:{port}"))
        .write_stdin("HELD-abcdefghijklmnopqrstuvwxyz")
        .assert()
        .success();
    sandbox
        .vault(["grant", "add", "--agent", "bot", "HELD", "--approve"])
        .assert()
        .success();
    sandbox
        .vault(["exec", "--agent", "bot", "--proxy", "--key-file"])
        .arg(&key)
        .args(["--", "sh", "-c"])
        .arg(format!(
            r#"curl -s -H "X: $HELD" http://127.0.0.1:{port}/held; true"#
        ))
        .env("VAULT_ASKPASS", "true")
        .assert()
        .success();
    // A sandboxed run, from a directory the home is not in.
    let work = sandbox.path("work");
    fs::create_dir(&work).unwrap();
    sandbox
        .vault(["exec", "--agent", "bot", "--sandbox", "--key-file"])
        .arg(&key)
        .args(["--", "true"])
        .current_dir(&work)
        .assert()
        .success();
    // A tool call of `vault mcp`.
    sandbox
        .vault(["mcp", "--agent", "bot", "--key-file"])
        .arg(&key)
        .write_stdin(concat!(
            r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#,
            "\n",
            r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_secrets","arguments":{}}}"#,
            "\n"
        ))
        .assert()
        .success();
    let request = String::from_utf8(stdout_of(
        &mut sandbox.vault(["request", "--agent", "bot", "OTHER"]),
    ))
    .unwrap();
    sandbox
        .vault(["grant", "deny", request.trim()])
        .assert()
        .success();
    // A grant for a second, made only now: however slow the machine, nothing above needed it.
    sandbox
        .vault(["grant", "add", "--agent", "bot", "BAIT", "--for", "1s"])
        .assert()
        .success();
    std::thread::sleep(Duration::from_millis(1100));
    sandbox.vault(["grant", "sweep"]).assert().success();
    sandbox
        .vault(["grant", "rm", "--agent", "bot", "API_TOKEN"])
        .assert()
        .success();
    let other = sandbox.add_agent("other");
    drop(other);
    sandbox.vault(["agent", "rm", "other"]).assert().success();
    let operator = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
    sandbox
        .vault(["operator", "add", operator])
        .assert()
        .success();
    sandbox
        .vault(["operator", "rm", operator])
        .assert()
        .success();
    sandbox.vault(["rekey"]).assert().success();
    // A merge (as git's driver runs it), which the next change logs.
    let base = sandbox.path("base.age");
    fs::copy(sandbox.vault_file(), &base).unwrap();
    sandbox.add_secret("THEIRS", b"theirs-value");
    let theirs = sandbox.path("theirs.age");
    fs::copy(sandbox.vault_file(), &theirs).unwrap();
    let ours = sandbox.path("ours.age");
    fs::copy(&base, &ours).unwrap();
    sandbox
        .vault(["merge"])
        .args([&base, &ours, &theirs])
        .assert()
        .success();
    fs::copy(&ours, sandbox.vault_file()).unwrap();
    sandbox.vault(["secret", "rm", "BAIT"]).assert().success();
    sandbox.vault(["events", "anchor"]).assert().success();
    sandbox.vault(["events", "rotate"]).assert().success();
    // A damaged tail, moved aside.
    let mut log = fs::OpenOptions::new()
        .append(true)
        .open(sandbox.log_file())
        .unwrap();
    std::io::Write::write_all(&mut log, b"{}\n").unwrap();
    sandbox.vault(["events", "repair"]).assert().success();
    true
}

fn export(sandbox: &Sandbox, format: &str, extra: &[&str]) -> Vec<Value> {
    let out = stdout_of(
        sandbox
            .vault(["events", "export", "--format", format])
            .args(extra),
    );
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// Every line of every file of the log: the rotation moved the older ones aside.
fn export_every_file(sandbox: &Sandbox, format: &str) -> Vec<Value> {
    let mut records = Vec::new();
    for entry in fs::read_dir(sandbox.home()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("events.jsonl") && !name.contains("damaged") {
            records.extend(export(sandbox, format, &["--log", path.to_str().unwrap()]));
        }
    }
    records
}

fn schema(path: &str) -> Value {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/ocsf")
        .join(path);
    serde_json::from_str(&fs::read_to_string(file).unwrap()).unwrap()
}

/// The attributes a schema file marks required.
fn required(schema: &Value) -> Vec<String> {
    schema["attributes"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, a)| a.get("requirement").and_then(Value::as_str) == Some("required"))
        .map(|(name, _)| name.clone())
        .collect()
}

/// Checks an object against its schema file: its required attributes, and its "at least one"
/// constraint (from the file or what it extends).
fn check_object(value: &Value, file: &str, at: &str) {
    let object_schema = schema(file);
    for attribute in required(&object_schema) {
        assert!(
            value.get(&attribute).is_some(),
            "{at}.{attribute} is required"
        );
    }
    let mut constraints = object_schema.get("constraints").cloned();
    if constraints.is_none()
        && let Some(parent) = object_schema.get("extends").and_then(Value::as_str)
        && parent != "object"
    {
        constraints = schema(&format!("objects/{parent}.json"))
            .get("constraints")
            .cloned();
    }
    if let Some(one_of) = constraints.as_ref().and_then(|c| c.get("at_least_one")) {
        let names: Vec<&str> = one_of
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap())
            .collect();
        assert!(
            names.iter().any(|name| value.get(*name).is_some()),
            "{at} needs one of {names:?}: {value}"
        );
    }
}

fn enum_keys(attribute: &Value) -> BTreeSet<u64> {
    attribute["enum"]
        .as_object()
        .map(|e| e.keys().map(|k| k.parse().unwrap()).collect())
        .unwrap_or_default()
}

#[test]
fn every_event_type_is_an_ocsf_api_activity_record_the_schema_accepts() {
    let sandbox = Sandbox::init();
    if !every_event(&sandbox) {
        return;
    }
    let base = schema("events/base_event.json");
    let class = schema("events/application/api_activity.json");
    let mut top: Vec<String> = required(&base);
    top.extend(required(&class));
    let activities: BTreeSet<u64> = enum_keys(&class["attributes"]["activity_id"])
        .union(&enum_keys(&base["attributes"]["activity_id"]))
        .copied()
        .collect();
    let severities = enum_keys(&schema("dictionary.json")["attributes"]["severity_id"]);
    let statuses = enum_keys(&base["attributes"]["status_id"]);

    let records = export_every_file(&sandbox, "ocsf");
    let seen: BTreeSet<String> = records
        .iter()
        .map(|r| r["api"]["operation"].as_str().unwrap().to_owned())
        .collect();
    for event in vault::EVENT_TYPES {
        assert!(
            seen.contains(event),
            "no {event} exported (the log has {seen:?})"
        );
    }

    for record in &records {
        let at = record["api"]["operation"].as_str().unwrap();
        for attribute in &top {
            assert!(
                record.get(attribute).is_some(),
                "{at}: {attribute} is required"
            );
        }
        assert_eq!(record["class_uid"], 6003);
        assert_eq!(record["category_uid"], 6);
        let activity = record["activity_id"].as_u64().unwrap();
        assert!(activities.contains(&activity), "{at}: activity {activity}");
        assert_eq!(record["type_uid"], 600300 + activity);
        assert!(
            severities.contains(&record["severity_id"].as_u64().unwrap()),
            "{at}"
        );
        assert!(
            statuses.contains(&record["status_id"].as_u64().unwrap()),
            "{at}"
        );
        assert!(
            record["time"].as_i64().unwrap() > 1_700_000_000_000,
            "{at}: time in ms"
        );
        check_object(&record["api"], "objects/api.json", "api");
        check_object(&record["metadata"], "objects/metadata.json", "metadata");
        check_object(
            &record["metadata"]["product"],
            "objects/product.json",
            "metadata.product",
        );
        assert_eq!(
            record["metadata"]["version"], "1.9.0-dev",
            "the profile needs 1.9"
        );
        check_object(&record["actor"], "objects/actor.json", "actor");
        if let Some(user) = record["actor"].get("user") {
            check_object(user, "objects/user.json", "actor.user");
        }
        check_object(
            &record["src_endpoint"],
            "objects/network_endpoint.json",
            "src_endpoint",
        );
        for attestation in record["attestation_list"].as_array().unwrap() {
            check_object(attestation, "objects/attestation.json", "attestation");
        }
        assert!(!record.to_string().contains(CANARY), "{at} shows a value");
    }
    // Denials fail, canaries stand out, and the chain is there.
    let find = |op: &str| {
        records
            .iter()
            .find(|r| r["api"]["operation"] == op)
            .unwrap()
    };
    assert_eq!(find("vault.denied")["status_id"], 2);
    assert_eq!(find("vault.denied")["status_detail"], "not-granted");
    assert!(
        find("vault.canary")["severity_id"].as_u64()
            > find("vault.accessed")["severity_id"].as_u64()
    );
    let second = records
        .iter()
        .find(|r| r["metadata"]["sequence"] == 2)
        .unwrap();
    assert!(second["attestation_list"][0]["prev_event"]["fingerprint"]["value"].is_string());
}

#[test]
fn ecs_documents_say_what_happened_and_how_it_went() {
    let sandbox = Sandbox::init();
    if !every_event(&sandbox) {
        return;
    }
    let docs = export_every_file(&sandbox, "ecs");
    assert!(!docs.is_empty());
    let categories = ["iam", "configuration"];
    let types = [
        "access", "allowed", "denied", "creation", "change", "deletion", "info",
    ];
    for doc in &docs {
        let event = &doc["event"];
        assert!(doc["@timestamp"].as_str().unwrap().ends_with('Z'));
        assert_eq!(doc["ecs"]["version"], "8.11.0");
        for category in event["category"].as_array().unwrap() {
            assert!(categories.contains(&category.as_str().unwrap()), "{doc}");
        }
        for kind in event["type"].as_array().unwrap() {
            assert!(types.contains(&kind.as_str().unwrap()), "{doc}");
        }
        assert!(event["action"].is_string());
        assert!(["success", "failure"].contains(&event["outcome"].as_str().unwrap()));
        assert!(!doc.to_string().contains(CANARY));
    }
    let denied = docs
        .iter()
        .find(|d| d["event"]["action"] == "vault.denied")
        .unwrap();
    assert_eq!(
        (
            denied["event"]["outcome"].as_str(),
            denied["user"]["name"].as_str()
        ),
        (Some("failure"), Some("bot"))
    );
    let canary = docs
        .iter()
        .find(|d| d["event"]["action"] == "vault.canary")
        .unwrap();
    assert_eq!(canary["event"]["kind"], "alert");
}

#[test]
fn a_shipper_resumes_after_the_last_event_it_sent_and_follows_new_ones() {
    let sandbox = Sandbox::init();
    sandbox.add_secret("A", b"a-value");
    sandbox.add_secret("B", b"b-value");
    let all = export(&sandbox, "ocsf", &[]);
    assert_eq!(all.len(), 3);
    let after = export(&sandbox, "ocsf", &["--after", "2"]);
    let sequences: Vec<u64> = after
        .iter()
        .map(|r| r["metadata"]["sequence"].as_u64().unwrap())
        .collect();
    assert_eq!(sequences, [3]);
    assert!(export(&sandbox, "ecs", &["--after", "3"]).is_empty());

    let mut child = sandbox
        .spawnable([
            "events", "export", "--format", "ecs", "--follow", "--after", "3",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    sandbox.add_secret("C", b"c-value");
    let line: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    assert_eq!(
        (
            line["event"]["action"].as_str(),
            line["event"]["sequence"].as_u64()
        ),
        (Some("secret.created"), Some(4))
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

/// A requester's reason is text an agent chose. In the records' `message`, every value sits in
/// a quoted pair of its own, so a SIEM that splits the message on `key=value` finds only the
/// fields vault wrote, whatever the reason holds.
#[test]
fn a_reason_cannot_feed_a_siem_fields_of_its_own() {
    let sandbox = Sandbox::init();
    sandbox
        .vault(["request", "--agent", "bot", "A", "--reason"])
        .arg("x\" secret=ADMIN_TOKEN agent=root outcome=success\nforged=1")
        .assert()
        .success();
    for format in ["ecs", "ocsf"] {
        let records = export(&sandbox, format, &[]);
        let message = records
            .iter()
            .map(|r| r["message"].as_str().unwrap().to_owned())
            .find(|m| m.starts_with("grant.requested"))
            .unwrap();
        // A logfmt reader: keys, and values quoted as JSON strings.
        let mut keys = Vec::new();
        let mut rest = message.strip_prefix("grant.requested").unwrap();
        while let Some(pair) = rest.strip_prefix(' ') {
            let (key, value) = pair.split_once('=').unwrap();
            let mut stream = serde_json::Deserializer::from_str(value).into_iter::<String>();
            let parsed = stream.next().unwrap().unwrap();
            keys.push((key.to_owned(), parsed));
            rest = &value[stream.byte_offset()..];
        }
        assert!(rest.is_empty(), "{message}");
        let names: Vec<&str> = keys.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["agent", "secret", "reason"], "{format}: {message}");
        assert!(keys[2].1.contains("secret=ADMIN_TOKEN"));
        assert!(!message.contains('\n'));
    }
}
