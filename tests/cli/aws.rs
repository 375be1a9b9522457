//! AWS Signature Version 4 through `vault exec --proxy`: boto3 (botocore's signer) holds
//! placeholder keys and talks to a local S3- and STS-like upstream (`tests/proxy/aws.py`) that
//! recomputes each signature with the real pair, by botocore's code, and refuses a wrong one.
//! The proxy in between checks the placeholders' signature and signs again with the real pair.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;

use crate::proxy::certificates;
use crate::support::*;

const REAL_ID: &str = "AKIAREALKEY7EXAMPLE1";
const REAL_SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYREALSECRET";

/// The upstream, stopped when dropped.
struct Aws {
    child: Child,
    port: u16,
    record: std::path::PathBuf,
}

impl Drop for Aws {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Aws {
    fn start(sandbox: &Sandbox, python: &Path) -> Self {
        let dir = sandbox.dir.path();
        certificates(dir);
        let record = sandbox.path("aws.jsonl");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/proxy/aws.py");
        let mut child = Command::new(python)
            .arg(script)
            .arg(dir.join("cert.pem"))
            .arg(dir.join("key.pem"))
            .arg(&record)
            .env("AWS_REAL_ID", REAL_ID)
            .env("AWS_REAL_SECRET", REAL_SECRET)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().parse().expect("the upstream did not start");
        Self {
            child,
            port,
            record,
        }
    }

    fn requests(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.record)
            .unwrap_or_default()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }
}

/// A vault whose agent `bot` is granted an AWS pair pinned to the upstream, the upstream,
/// and a Python with boto3.
fn fixture() -> Option<(Sandbox, Aws, PathBuf)> {
    let python = python_with(
        "VAULT_TEST_CLIENTS_PYTHON",
        "import boto3",
        "a Python with boto3 (`pip install boto3`)",
    )?;
    let sandbox = Sandbox::init();
    let aws = Aws::start(&sandbox, &python);
    let pin = format!("127.0.0.1:{}", aws.port);
    sandbox
        .vault(["secret", "add", "AWS_ACCESS_KEY_ID", "--host", &pin])
        .write_stdin(REAL_ID)
        .assert()
        .success();
    sandbox
        .vault(["secret", "add", "AWS_SECRET_ACCESS_KEY", "--host", &pin])
        .args(["--aws-sigv4", "AWS_ACCESS_KEY_ID"])
        .write_stdin(REAL_SECRET)
        .assert()
        .success();
    sandbox.add_agent("bot");
    // A project directory to run from, as the sandbox wants.
    std::fs::create_dir(sandbox.path("work")).unwrap();
    sandbox.grant("bot", "AWS_ACCESS_KEY_ID");
    sandbox.grant("bot", "AWS_SECRET_ACCESS_KEY");
    Some((sandbox, aws, python))
}

/// Runs the client's `steps` under `vault exec --proxy`; its lines by step.
fn run(sandbox: &Sandbox, aws: &Aws, python: &Path, steps: &[&str]) -> (Output, Vec<Value>) {
    run_with(sandbox, aws, python, &["--proxy"], steps)
}

fn run_with(
    sandbox: &Sandbox,
    aws: &Aws,
    python: &Path,
    flags: &[&str],
    steps: &[&str],
) -> (Output, Vec<Value>) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/proxy/aws_client.py");
    let out = sandbox
        .vault(["exec", "--agent", "bot", "--upstream-ca"])
        .arg(sandbox.dir.path().join("ca.pem"))
        .args(flags)
        .arg("--")
        .arg(python)
        .arg(script)
        .args(steps)
        .current_dir(sandbox.path("work"))
        .env("ENDPOINT", format!("https://127.0.0.1:{}", aws.port))
        // The operator's own session token is not the program's.
        .env("AWS_SESSION_TOKEN", "the-operators-session-token")
        .output()
        .unwrap();
    let lines = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("{line}")))
        .collect();
    (out, lines)
}

/// Runs the steps that go through (PUTs, a GET, a presigned URL, STS, signed chunks) with
/// `flags`, and checks each did; the output, its lines, and its stderr.
fn every_step_works(
    sandbox: &Sandbox,
    aws: &Aws,
    python: &Path,
    flags: &[&str],
) -> (Output, Vec<Value>, String) {
    let steps = ["put", "unsigned", "get", "presigned", "sts", "chunked"];
    let (out, lines) = run_with(sandbox, aws, python, flags, &steps);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    for name in steps {
        assert_eq!(
            step(&lines, name)["ok"],
            true,
            "{name}: {lines:?}\n{stderr}"
        );
    }
    (out, lines, stderr)
}

fn step<'a>(lines: &'a [Value], name: &str) -> &'a Value {
    lines
        .iter()
        .find(|line| line["step"] == name)
        .unwrap_or_else(|| panic!("no {name} step in {lines:?}"))
}

#[test]
fn boto3_signs_with_placeholders_and_the_upstream_gets_requests_signed_with_the_real_pair() {
    let Some((sandbox, aws, python)) = fixture() else {
        return;
    };
    let (out, lines, stderr) = every_step_works(&sandbox, &aws, &python, &["--proxy"]);
    // The program held placeholders of the same shape, and no session token.
    let keys = step(&lines, "keys");
    let (key_id, secret) = (
        keys["key_id"].as_str().unwrap(),
        keys["secret"].as_str().unwrap(),
    );
    assert_ne!(key_id, REAL_ID);
    assert_ne!(secret, REAL_SECRET);
    assert_eq!(
        (key_id.len(), secret.len()),
        (REAL_ID.len(), REAL_SECRET.len())
    );
    assert_eq!(keys["token"], Value::Null);
    let seen = format!("{}{stderr}", String::from_utf8_lossy(&out.stdout));
    assert!(
        !seen.contains(REAL_ID) && !seen.contains(REAL_SECRET),
        "{seen}"
    );
    // The presigned URL the program made holds the placeholder, not the real key id.
    let url = step(&lines, "presigned")["url"].as_str().unwrap();
    assert!(url.contains(key_id) && !url.contains(REAL_ID), "{url}");

    // Every request reached the upstream signed with the real pair, and held up.
    let requests = aws.requests();
    assert!(requests.len() >= 7, "{requests:?}");
    for request in &requests {
        assert_eq!(request["key_id"], REAL_ID, "{request}");
        assert_eq!(request["verified"], true, "{request}");
    }
    let hows: Vec<(&str, &str)> = requests
        .iter()
        .map(|r| (r["how"].as_str().unwrap(), r["payload"].as_str().unwrap()))
        .collect();
    for expected in [
        ("header", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"),
        ("header", "UNSIGNED-PAYLOAD"),
        ("query", "UNSIGNED-PAYLOAD"),
        ("header", "digest"),
        ("header", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
    ] {
        assert!(hows.contains(&expected), "{expected:?} not in {hows:?}");
    }
    let chunked = requests
        .iter()
        .find(|r| r["payload"] == "STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
        .unwrap();
    assert_eq!(chunked["chunks"], 5, "four chunks and the last, empty one");

    // Both halves of the pair were injected, and logged as such.
    let injected: Vec<String> = sandbox
        .events()
        .iter()
        .filter(|e| e["event"] == "vault.injected")
        .map(|e| e["secret_name"].as_str().unwrap().to_owned())
        .collect();
    for name in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] {
        assert!(injected.iter().any(|s| s == name), "{injected:?}");
    }
}

#[test]
fn in_the_sandbox_boto3_reaches_the_upstream_only_through_the_signing_proxy() {
    if !can_sandbox() {
        return;
    }
    let Some((sandbox, aws, python)) = fixture() else {
        return;
    };
    // The virtual environment and the client script, which may lie where the sandbox shows
    // nothing.
    let readable = |path: &Path| {
        std::fs::canonicalize(path)
            .unwrap()
            .into_os_string()
            .into_string()
            .unwrap()
    };
    let venv = python
        .parent()
        .and_then(Path::parent)
        .filter(|dir| dir.join("pyvenv.cfg").exists())
        .map(readable);
    let scripts = readable(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/proxy"));
    let key = readable(&sandbox.path("bot.key"));
    let mut flags = vec!["--sandbox", "--key-file", &key, "--allow-read", &scripts];
    if let Some(venv) = &venv {
        flags.extend(["--allow-read", venv.as_str()]);
    }
    let (out, _, stderr) = every_step_works(&sandbox, &aws, &python, &flags);
    let seen = format!("{}{stderr}", String::from_utf8_lossy(&out.stdout));
    assert!(
        !seen.contains(REAL_ID) && !seen.contains(REAL_SECRET),
        "{seen}"
    );
    let requests = aws.requests();
    assert!(requests.len() >= 6, "{requests:?}");
    assert!(
        requests
            .iter()
            .all(|r| r["key_id"] == REAL_ID && r["verified"] == true),
        "{requests:?}"
    );
}

#[test]
fn a_request_not_signed_with_the_placeholders_is_refused_and_nothing_of_it_is_sent() {
    let Some((sandbox, aws, python)) = fixture() else {
        return;
    };
    let (out, lines) = run(&sandbox, &aws, &python, &["put", "tampered", "wrong"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(step(&lines, "put")["ok"], true, "{lines:?}");
    // A chunk changed after it was signed: cut off with a 403 of the proxy's.
    let tampered = step(&lines, "tampered");
    assert_eq!(tampered["ok"], true, "{tampered}");
    assert!(
        tampered["body"].as_str().unwrap().contains("signed chunks"),
        "{tampered}"
    );
    // Signed with the right placeholder key id but another secret key.
    let wrong = step(&lines, "wrong");
    assert_eq!(wrong["code"], "403", "{wrong}");
    let requests = aws.requests();
    assert!(
        requests
            .iter()
            .all(|r| r["path"] != "/bucket/tampered.bin" || r["verified"] == false),
        "{requests:?}"
    );
    assert_eq!(
        requests.iter().filter(|r| r["method"] == "GET").count(),
        0,
        "the wrongly signed GET never left: {requests:?}"
    );
    let blocked: Vec<Value> = sandbox
        .events()
        .into_iter()
        .filter(|e| e["event"] == "vault.blocked")
        .collect();
    assert!(
        blocked
            .iter()
            .filter(|e| e["secret_name"] == "AWS_SECRET_ACCESS_KEY")
            .count()
            == 2,
        "the tampered upload and the wrongly signed GET: {blocked:?}"
    );
}

#[test]
fn the_pair_is_checked_when_added_and_when_run() {
    let sandbox = Sandbox::init();
    sandbox.add_secret("KEY", b"wJalrXUtnFEMI/K7MDENG+bPxRfiCYREALSECRET");
    let before = std::fs::read(sandbox.vault_file()).unwrap();
    let out = sandbox
        .vault(["secret", "set", "KEY", "--aws-sigv4", "MISSING"])
        .write_stdin("x")
        .assert()
        .failure()
        .get_output()
        .clone();
    let line = one_error_line(&out.stderr);
    assert!(line.contains("add it first"), "{line}");
    assert_eq!(std::fs::read(sandbox.vault_file()).unwrap(), before);
    let out = sandbox
        .vault(["secret", "set", "KEY", "--aws-sigv4", "KEY"])
        .write_stdin("wJalrXUtnFEMI/K7MDENG+bPxRfiCYREALSECRET")
        .assert()
        .failure()
        .get_output()
        .clone();
    assert!(one_error_line(&out.stderr).contains("itself"));

    sandbox.add_secret("KEY_ID", REAL_ID.as_bytes());
    sandbox
        .vault(["secret", "set", "KEY", "--aws-sigv4", "KEY_ID"])
        .write_stdin(REAL_SECRET)
        .assert()
        .success();
    let listed = sandbox.json(&["secret", "list"]);
    let key = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "KEY")
        .unwrap();
    assert_eq!(key["aws_sigv4"], "KEY_ID");
    let table = stdout_of(&mut sandbox.vault(["secret", "list"]));
    assert!(String::from_utf8_lossy(&table).contains("aws-sigv4:KEY_ID"));

    // Granted the secret key without its key id: the proxy could not sign, so it says so.
    sandbox.add_agent("bot");
    sandbox.grant("bot", "KEY");
    let out = sandbox
        .vault(["exec", "--agent", "bot", "--proxy", "--", "true"])
        .assert()
        .failure()
        .get_output()
        .clone();
    let line = one_error_line(&out.stderr);
    assert!(line.contains("grant that secret to agent bot"), "{line}");
    sandbox.grant("bot", "KEY_ID");
    sandbox
        .vault(["exec", "--agent", "bot", "--proxy", "--", "true"])
        .assert()
        .success();
    sandbox
        .vault(["secret", "set", "KEY", "--no-aws-sigv4"])
        .write_stdin(REAL_SECRET)
        .assert()
        .success();
    let listed = sandbox.json(&["secret", "list"]);
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["aws_sigv4"].is_null())
    );
}

#[test]
fn curl_signing_with_the_placeholders_gets_through_too() {
    let Some((sandbox, aws, _)) = fixture() else {
        return;
    };
    if !have("curl") {
        return;
    }
    let script = r#"sign='--aws-sigv4 aws:amz:us-east-1:s3 --user '"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"
        curl -sS $sign -X PUT --data-binary 'put by curl' "$ENDPOINT/bucket/curl.txt?x-id=PutObject" -w '%{http_code}\n'
        curl -sS $sign "$ENDPOINT/bucket/curl.txt" -w ' %{http_code}\n'"#;
    let out = sandbox
        .vault(["exec", "--agent", "bot", "--proxy", "--upstream-ca"])
        .arg(sandbox.dir.path().join("ca.pem"))
        .args(["--", "sh", "-c", script])
        .env("ENDPOINT", format!("https://127.0.0.1:{}", aws.port))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout,
        "200\nput by curl 200\n",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let requests = aws.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert!(
        requests
            .iter()
            .all(|r| r["key_id"] == REAL_ID && r["verified"] == true),
        "{requests:?}"
    );
}
