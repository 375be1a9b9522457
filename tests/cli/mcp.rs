//! `vault mcp`: the MCP server, driven as a client would drive it, line by line over stdio,
//! and by the official Python SDK (1.x and 2.x) where it is installed.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Value, json};

use crate::support::{Sandbox, can_sandbox, contains, have, python_with};

const TOKEN: &str = "tok/en+\"val ue\"\\1234-abcd";
const OTHER: &str = "sk-proj-OTHER-agent-value-77";
const BAIT: &str = "bait-value-9f8e7d6c5b";

/// A vault with agent `bot` (key `bot.key`) granted TOKEN (pinned to api.example.com) and
/// the canary BAIT; agent `other` holds OTHER, which bot must never see.
fn setup() -> Sandbox {
    let sandbox = Sandbox::init();
    sandbox
        .vault(["secret", "add", "TOKEN", "--host", "api.example.com"])
        .write_stdin(TOKEN)
        .assert()
        .success();
    sandbox
        .vault(["secret", "add", "BAIT", "--canary"])
        .write_stdin(BAIT)
        .assert()
        .success();
    sandbox.add_secret("OTHER", OTHER.as_bytes());
    sandbox.add_agent("bot");
    sandbox.add_agent("other");
    sandbox.grant("bot", "TOKEN");
    sandbox.grant("bot", "BAIT");
    sandbox.grant("other", "OTHER");
    sandbox
}

/// Adds `secret` and grants it to bot for `duration`.
fn grant_for(sandbox: &Sandbox, secret: &str, value: &[u8], duration: &str) {
    sandbox.add_secret(secret, value);
    sandbox
        .vault(["grant", "add", "--agent", "bot", secret, "--for", duration])
        .assert()
        .success();
}

/// A client speaking JSON-RPC lines to `vault mcp`, and everything the server wrote.
struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: mpsc::Receiver<String>,
    /// Every line read from stdout, in order.
    seen: Vec<String>,
    next_id: u64,
}

impl Client {
    fn start(sandbox: &Sandbox, flags: &[&str]) -> Self {
        let mut command = sandbox.spawnable(["mcp", "--agent", "bot", "--key-file"]);
        command
            .arg(sandbox.path("bot.key"))
            .args(flags)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        Self {
            stdin: child.stdin.take(),
            child,
            lines,
            seen: Vec::new(),
            next_id: 1,
        }
    }

    fn send(&mut self, message: &Value) {
        let stdin = self.stdin.as_mut().unwrap();
        writeln!(stdin, "{message}").unwrap();
        stdin.flush().unwrap();
    }

    fn recv(&mut self) -> Value {
        let line = self
            .lines
            .recv_timeout(Duration::from_secs(60))
            .expect("the server answered nothing within a minute");
        self.seen.push(line.clone());
        serde_json::from_str(&line).unwrap_or_else(|_| panic!("not JSON on stdout: {line}"))
    }

    /// Sends a request and returns its response, answering nothing else on the way.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.recv();
            if message["id"] == json!(id) && message.get("method").is_none() {
                return message;
            }
        }
    }

    fn initialize(&mut self, capabilities: Value) -> Value {
        let answer = self.request(
            "initialize",
            json!({
                "protocolVersion": "2025-11-25",
                "capabilities": capabilities,
                "clientInfo": {"name": "vault-tests", "version": "1"}
            }),
        );
        self.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
        answer["result"].clone()
    }

    /// A tool's result (`isError` and all).
    fn call(&mut self, tool: &str, arguments: Value) -> Value {
        let answer = self.request("tools/call", json!({"name": tool, "arguments": arguments}));
        assert!(answer.get("error").is_none(), "{answer}");
        answer["result"].clone()
    }

    fn tools(&mut self) -> Vec<Value> {
        self.request("tools/list", json!({}))["result"]["tools"]
            .as_array()
            .unwrap()
            .clone()
    }

    /// Closes stdin and waits for the server: its exit status and stderr; the rest of stdout
    /// is added to `seen`.
    fn finish(mut self) -> (std::process::ExitStatus, String, Vec<String>) {
        drop(self.stdin.take());
        let output = self.child.wait_with_output().unwrap();
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(5)) {
            self.seen.push(line);
        }
        (
            output.status,
            String::from_utf8_lossy(&output.stderr).into_owned(),
            self.seen,
        )
    }
}

fn text(result: &Value) -> String {
    result["content"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|block| block["text"].as_str())
        .collect()
}

/// Whether anything of a value shows in `response` (the whole response, as sent).
fn assert_no_value(response: &str) {
    for value in [TOKEN, OTHER, BAIT] {
        assert!(!response.contains(value), "a value in: {response}");
        assert!(
            !response.contains(&value[..8]),
            "part of a value in: {response}"
        );
    }
}

/// TOKEN as the encoders print it: raw, base64 (both alphabets), hex, percent-encoded and
/// JSON-escaped, one per line.
fn token_forms() -> String {
    let percent: String = TOKEN
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let json = serde_json::to_string(TOKEN).unwrap();
    let hex: String = TOKEN.bytes().map(|b| format!("{b:02x}")).collect();
    [
        TOKEN.to_owned(),
        STANDARD.encode(TOKEN),
        URL_SAFE_NO_PAD.encode(TOKEN),
        hex.clone(),
        hex.to_uppercase(),
        percent,
        json[1..json.len() - 1].to_owned(),
    ]
    .join("\n")
        + "\n"
}

fn events_named(sandbox: &Sandbox, name: &str) -> Vec<Value> {
    sandbox
        .events()
        .into_iter()
        .filter(|event| event["event"] == name)
        .collect()
}

#[test]
fn nothing_but_protocol_messages_reach_stdout() {
    let sandbox = setup();
    let mut client = Client::start(&sandbox, &["--no-sandbox"]);
    let info = client.initialize(json!({}));
    assert_eq!(info["serverInfo"]["name"], "vault");
    assert_eq!(info["protocolVersion"], "2025-11-25");
    assert_eq!(client.request("ping", json!({}))["result"], json!({}));
    client.tools();
    client.call("list_secrets", json!({}));
    // A program that writes to every descriptor it can: none of it may reach the protocol.
    let ran = client.call(
        "run",
        json!({"shell": "echo to-stdout; echo to-stderr >&2; echo to-tty > /dev/tty 2>/dev/null; true"}),
    );
    assert!(text(&ran).contains("to-stdout"), "{ran}");
    client.call("placeholder", json!({"secret": "NOT_GRANTED"}));
    let (status, stderr, seen) = client.finish();
    assert!(status.success(), "{stderr}");
    assert!(!seen.is_empty());
    for line in &seen {
        let message: Value = serde_json::from_str(line).unwrap();
        assert_eq!(message["jsonrpc"], "2.0", "{line}");
        assert!(
            message.get("id").is_some() || message.get("method").is_some(),
            "{line}"
        );
    }
    let everything = seen.join("\n");
    let carrying: Vec<&String> = seen.iter().filter(|l| l.contains("to-stdout")).collect();
    assert_eq!(carrying.len(), 1, "{everything}");
    assert!(carrying[0].contains("\"result\""), "{everything}");
    assert_no_value(&everything);
    assert!(!stderr.contains("to-stdout"), "{stderr}");
}

#[test]
fn the_tools_are_listed_with_schemas_and_request_secret_only_when_allowed() {
    let sandbox = setup();
    let mut client = Client::start(&sandbox, &[]);
    client.initialize(json!({}));
    let tools = client.tools();
    let mut names: Vec<&str> = tools.iter().map(|t| t["name"].as_str().unwrap()).collect();
    names.sort();
    // `run` is offered where the sandbox can be set up, and only there.
    let mut expected = vec!["list_secrets", "placeholder", "request_access"];
    if can_sandbox() {
        expected.push("run");
    }
    expected.sort();
    assert_eq!(names, expected);
    for tool in &tools {
        assert_eq!(tool["inputSchema"]["type"], "object", "{tool}");
        let description = tool["description"].as_str().unwrap();
        assert!(
            description.len() > 80 && !description.contains('\n'),
            "{tool}"
        );
    }
    client.finish();

    let mut client = Client::start(&sandbox, &["--no-sandbox", "--allow-request-secret"]);
    client.initialize(json!({}));
    let tools = client.tools();
    let run = tools.iter().find(|t| t["name"] == "run").unwrap();
    assert!(
        run["description"]
            .as_str()
            .unwrap()
            .contains("NOT in a sandbox"),
        "{run}"
    );
    assert_eq!(
        run["inputSchema"]["properties"]["argv"]["items"]["type"],
        "string"
    );
    assert!(tools.iter().any(|t| t["name"] == "request_secret"));
    // No tool hands out a value.
    assert!(!tools.iter().any(|t| {
        let name = t["name"].as_str().unwrap();
        name.contains("read") || name.contains("get")
    }));
    client.finish();
}

#[test]
fn list_secrets_shows_names_hosts_and_ends_but_no_value_and_no_canary_mark() {
    let sandbox = setup();
    grant_for(&sandbox, "LATER", b"later-value-123456", "2h");
    let mut client = Client::start(&sandbox, &["--no-sandbox"]);
    client.initialize(json!({}));
    let result = client.call("list_secrets", json!({}));
    assert_eq!(result["isError"], false);
    let secrets = result["structuredContent"]["secrets"].as_array().unwrap();
    let by_name = |name: &str| secrets.iter().find(|s| s["name"] == name).unwrap().clone();
    assert_eq!(secrets.len(), 3, "{result}");
    assert_eq!(by_name("TOKEN")["hosts"], json!(["api.example.com"]));
    assert_eq!(by_name("TOKEN")["variable"], "TOKEN");
    assert!(
        by_name("LATER")["expires_at"]
            .as_str()
            .unwrap()
            .ends_with('Z')
    );
    // The bait looks like any other secret.
    let keys = |secret: &Value| {
        let mut keys: Vec<String> = secret.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(keys(&by_name("BAIT")), keys(&by_name("TOKEN")));
    let whole = serde_json::to_string(&result).unwrap();
    assert!(
        !whole.contains("canary") && !whole.contains("length"),
        "{whole}"
    );
    assert!(!whole.contains("OTHER"), "another agent's secret: {whole}");
    assert_no_value(&whole);
    client.finish();
    let called = events_named(&sandbox, "mcp.called");
    assert_eq!(called.len(), 1);
    assert_eq!(called[0]["tool"], "list_secrets");
    assert_eq!(called[0]["via"], "mcp");
    assert_eq!(called[0]["agent_id"], "bot");
}

#[test]
fn placeholder_names_the_variable_and_hosts_never_the_value() {
    let sandbox = setup();
    let mut client = Client::start(&sandbox, &["--no-sandbox"]);
    client.initialize(json!({}));
    let result = client.call("placeholder", json!({"secret": "TOKEN"}));
    assert_eq!(result["isError"], false);
    assert_eq!(result["structuredContent"]["variable"], "TOKEN");
    assert_eq!(
        result["structuredContent"]["hosts"],
        json!(["api.example.com"])
    );
    assert!(text(&result).contains("api.example.com"));
    assert_no_value(&serde_json::to_string(&result).unwrap());
    client.finish();
}

#[test]
fn failures_are_tool_errors_worded_as_the_cli_and_the_server_goes_on() {
    let sandbox = setup();
    grant_for(&sandbox, "BRIEF", b"brief-value-123456", "1s");
    std::thread::sleep(Duration::from_millis(1100));
    let mut client = Client::start(&sandbox, &["--no-sandbox"]);
    client.initialize(json!({}));

    let unknown = client.call("placeholder", json!({"secret": "NO_SUCH"}));
    assert_eq!(unknown["isError"], true);
    assert_eq!(
        text(&unknown),
        "vault: denied: agent bot may not read NO_SUCH; an operator can grant it with `vault grant add --agent bot NO_SUCH`"
    );
    // Another agent's secret is denied the same way, word for word.
    let others = client.call("run", json!({"argv": ["true"], "secrets": ["OTHER"]}));
    assert_eq!(others["isError"], true);
    assert_eq!(
        text(&others),
        "vault: denied: agent bot may not read OTHER; an operator can grant it with `vault grant add --agent bot OTHER`"
    );
    let expired = client.call("run", json!({"argv": ["true"], "secrets": ["BRIEF"]}));
    assert_eq!(expired["isError"], true, "{expired}");
    let missing = client.call("run", json!({"argv": ["no-such-program-xyz"]}));
    assert_eq!(missing["isError"], true);
    assert_eq!(
        text(&missing),
        "vault: cannot run no-such-program-xyz: command not found"
    );
    let both = client.call("run", json!({"argv": ["true"], "shell": "true"}));
    assert_eq!(text(&both), "vault: give argv or shell, not both");
    let bad_name = client.call("request_access", json!({"secret": "no spaces"}));
    assert_eq!(bad_name["isError"], true);
    assert!(text(&bad_name).starts_with("vault: "), "{bad_name}");
    // Still serving.
    let listed = client.call("list_secrets", json!({}));
    assert_eq!(listed["isError"], false);
    client.finish();

    let denied = events_named(&sandbox, "vault.denied");
    let reasons: Vec<(&str, &str)> = denied
        .iter()
        .map(|e| {
            (
                e["secret_name"].as_str().unwrap(),
                e["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(reasons.contains(&("NO_SUCH", "not-granted")), "{reasons:?}");
    assert!(reasons.contains(&("OTHER", "not-granted")), "{reasons:?}");
    assert!(reasons.contains(&("BRIEF", "expired")), "{reasons:?}");
    assert!(denied.iter().all(|e| e["via"] == "mcp"));
}

#[test]
fn run_masks_every_encoding_keeps_the_streams_apart_and_passes_the_exit_code() {
    let sandbox = setup();
    // The program finds the real value in a file (the vault cannot stop that without the
    // sandbox), and prints it in every encoding, on both streams.
    std::fs::write(sandbox.path("forms.txt"), token_forms()).unwrap();
    let mut client = Client::start(&sandbox, &["--no-sandbox"]);
    client.initialize(json!({}));
    let result = client.call(
        "run",
        json!({"shell": "cat forms.txt; echo; echo marker-out; cat forms.txt >&2; echo marker-err >&2; exit 7",
               "secrets": ["TOKEN"]}),
    );
    let whole = serde_json::to_string(&result).unwrap();
    for form in token_forms().lines() {
        assert!(!whole.contains(form), "{form} in {whole}");
    }
    let structured = &result["structuredContent"];
    assert_eq!(structured["exit_code"], 7);
    assert_eq!(result["isError"], false);
    let stdout = structured["stdout"].as_str().unwrap();
    let stderr = structured["stderr"].as_str().unwrap();
    assert!(stdout.contains("marker-out") && !stdout.contains("marker-err"));
    assert!(stderr.contains("marker-err") && !stderr.contains("marker-out"));
    assert!(stdout.contains("<redacted:TOKEN>"), "{stdout}");
    assert!(text(&result).starts_with("exit code 7\n"), "{result}");
    client.finish();
    let masked = events_named(&sandbox, "vault.masked");
    assert!(!masked.is_empty());
    assert!(masked.iter().all(|e| e["via"] == "mcp"));
    let accessed = events_named(&sandbox, "vault.accessed");
    assert_eq!(accessed.len(), 1);
    assert_eq!(accessed[0]["secret_name"], "TOKEN");
    assert_eq!(accessed[0]["via"], "mcp");
    let called = events_named(&sandbox, "mcp.called");
    assert_eq!(called[0]["tool"], "run");
    assert!(
        called[0]["command"]
            .as_str()
            .unwrap()
            .starts_with("sh -c 'cat forms.txt;"),
        "{called:?}"
    );
}

#[test]
fn run_holds_the_placeholder_the_placeholder_tool_names_in_every_run() {
    let sandbox = setup();
    let mut client = Client::start(&sandbox, &["--no-sandbox"]);
    client.initialize(json!({}));
    let named = client.call("placeholder", json!({"secret": "TOKEN"}));
    let placeholder = named["structuredContent"]["placeholder"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(placeholder.len(), TOKEN.len());
    assert_ne!(placeholder, TOKEN);
    assert!(text(&named).contains(&placeholder));
    for _ in 0..2 {
        let result = client.call("run", json!({"argv": ["env"]}));
        let stdout = result["structuredContent"]["stdout"].as_str().unwrap();
        let token = stdout
            .lines()
            .find_map(|line| line.strip_prefix("TOKEN="))
            .expect("no TOKEN in the environment");
        assert_eq!(token, placeholder);
        assert!(stdout.contains("HTTPS_PROXY=http://"), "{stdout}");
        assert!(!stdout.contains("VAULT_AGENT_KEY"), "{stdout}");
        assert!(!stdout.contains("VAULT_MCP"), "the session's key: {stdout}");
        assert_no_value(&serde_json::to_string(&result).unwrap());
    }
    client.finish();
    // Another session, another placeholder.
    let mut client = Client::start(&sandbox, &["--no-sandbox"]);
    client.initialize(json!({}));
    let again = client.call("placeholder", json!({"secret": "TOKEN"}));
    assert_ne!(
        again["structuredContent"]["placeholder"],
        placeholder.as_str()
    );
    client.finish();
}

#[test]
fn run_stops_a_program_at_its_timeout_and_keeps_what_it_printed() {
    let sandbox = setup();
    let mut client = Client::start(&sandbox, &["--no-sandbox"]);
    client.initialize(json!({}));
    let started = Instant::now();
    let result = client.call(
        "run",
        json!({"shell": "echo before; exec sleep 30", "timeout_seconds": 1}),
    );
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(result["isError"], true);
    assert_eq!(result["structuredContent"]["timed_out"], true);
    assert!(
        result["structuredContent"]["stdout"]
            .as_str()
            .unwrap()
            .contains("before")
    );
    assert!(text(&result).starts_with("stopped after 1 s"), "{result}");
    let wrong = client.call("run", json!({"argv": ["true"], "timeout_seconds": 0}));
    assert_eq!(
        text(&wrong),
        "vault: timeout_seconds must be from 1 to 3600"
    );
    client.finish();
}

#[test]
fn run_cuts_output_at_a_mebibyte_after_masking() {
    let sandbox = setup();
    std::fs::write(sandbox.path("value.txt"), TOKEN).unwrap();
    let mut client = Client::start(&sandbox, &["--no-sandbox"]);
    client.initialize(json!({}));
    // The value straddles the cap: masked first, so no part of it is left showing.
    let result = client.call(
        "run",
        json!({"shell": "head -c 1048570 /dev/zero | tr '\\0' a; cat value.txt; head -c 5000 /dev/zero | tr '\\0' b",
               "secrets": ["TOKEN"]}),
    );
    let structured = &result["structuredContent"];
    let stdout = structured["stdout"].as_str().unwrap();
    assert_eq!(stdout.len(), 1 << 20);
    let cut = structured["stdout_cut_bytes"].as_u64().unwrap();
    assert_eq!(
        cut as usize + stdout.len(),
        1_048_570 + "<redacted:TOKEN>".len() + 5000
    );
    assert!(text(&result).contains("[stdout cut at 1 MiB:"), "cut note");
    assert!(!stdout.contains("tok/"), "part of the value shows");
    assert_no_value(&serde_json::to_string(&result).unwrap());
    client.finish();
}

#[test]
fn a_canary_taken_through_run_raises_its_event_and_the_response_looks_the_same() {
    let sandbox = setup();
    std::fs::write(sandbox.path("bait.txt"), BAIT).unwrap();
    std::fs::write(sandbox.path("token.txt"), TOKEN).unwrap();
    let mut client = Client::start(&sandbox, &["--no-sandbox"]);
    client.initialize(json!({}));
    let bait = client.call("run", json!({"shell": "cat bait.txt"}));
    let token = client.call("run", json!({"shell": "cat token.txt"}));
    client.finish();
    assert_eq!(
        text(&bait).replace("BAIT", "NAME"),
        text(&token).replace("TOKEN", "NAME")
    );
    assert_no_value(&serde_json::to_string(&bait).unwrap());
    let canaries = events_named(&sandbox, "vault.canary");
    assert_eq!(canaries.len(), 1, "{canaries:?}");
    assert_eq!(canaries[0]["secret_name"], "BAIT");
    assert_eq!(canaries[0]["how"], "output");
}

/// The id of the newest `grant.requested` in the log, once one is there.
fn newest_request(sandbox: &Sandbox) -> Value {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(request) = events_named(sandbox, "grant.requested").pop() {
            return request;
        }
        assert!(Instant::now() < deadline, "no request was filed");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn request_access_waits_for_the_operators_approval_or_denial() {
    let sandbox = setup();
    sandbox.add_secret("WANTED", b"wanted-value-123456");
    sandbox.add_secret("REFUSED", b"refused-value-123456");
    let mut client = Client::start(&sandbox, &["--no-sandbox"]);
    client.initialize(json!({}));

    let pending = client.call(
        "request_access",
        json!({"secret": "WANTED", "reason": "the weekly report", "duration": "2h"}),
    );
    assert_eq!(pending["structuredContent"]["status"], "pending");
    let request = newest_request(&sandbox);
    assert_eq!(request["reason"], "the weekly report");
    assert_eq!(request["duration"], "2h");
    assert_eq!(request["via"], "mcp");
    let first = request["request_id"].as_str().unwrap().to_owned();
    assert_eq!(pending["structuredContent"]["request_id"], first.as_str());

    // Waiting: the operator approves while the call is open.
    client.send(&json!({"jsonrpc": "2.0", "id": 900, "method": "tools/call",
        "params": {"name": "request_access", "arguments": {"secret": "WANTED", "wait": "1m"}}}));
    let deadline = Instant::now() + Duration::from_secs(30);
    let second = loop {
        let request = newest_request(&sandbox);
        if request["request_id"] != first.as_str() {
            break request["request_id"].as_str().unwrap().to_owned();
        }
        assert!(Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(50));
    };
    sandbox
        .vault(["grant", "approve", &second])
        .assert()
        .success();
    let approved = loop {
        let message = client.recv();
        if message["id"] == 900 {
            break message["result"].clone();
        }
    };
    assert_eq!(
        approved["structuredContent"]["status"], "approved",
        "{approved}"
    );
    let listed = client.call("list_secrets", json!({}));
    assert!(text(&listed).contains("WANTED"));

    client.send(&json!({"jsonrpc": "2.0", "id": 901, "method": "tools/call",
        "params": {"name": "request_access", "arguments": {"secret": "REFUSED", "wait": "1m"}}}));
    let deadline = Instant::now() + Duration::from_secs(30);
    let third = loop {
        let request = newest_request(&sandbox);
        if request["secret_name"] == "REFUSED" {
            break request["request_id"].as_str().unwrap().to_owned();
        }
        assert!(Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(50));
    };
    sandbox
        .vault(["grant", "deny", &third, "--reason", "not for this task"])
        .assert()
        .success();
    let denied = loop {
        let message = client.recv();
        if message["id"] == 901 {
            break message["result"].clone();
        }
    };
    assert_eq!(denied["structuredContent"]["status"], "denied");
    assert_eq!(denied["structuredContent"]["reason"], "not for this task");
    client.finish();
}

/// Runs `curl` against the page: its HTTP status.
fn curl(sandbox: &Sandbox, url: &str, form: Option<(&str, &str)>) -> String {
    let mut curl = sandbox.program("curl");
    curl.args([
        "-sS",
        "-o",
        "/dev/null",
        "-w",
        "%{http_code}",
        "--max-time",
        "20",
    ]);
    if let Some((value, code)) = form {
        curl.args(["--data-urlencode", &format!("value={value}")]);
        curl.args(["--data-urlencode", &format!("code={code}")]);
    }
    let out = curl.arg(url).output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The elicitation the server sends for `request_secret`: its id and the page's address.
fn elicited(client: &mut Client) -> (u64, String) {
    loop {
        let message = client.recv();
        if message["method"] == "elicitation/create" {
            assert_eq!(message["params"]["mode"], "url", "{message}");
            let url = message["params"]["url"].as_str().unwrap().to_owned();
            assert!(url.starts_with("http://127.0.0.1:"), "{url}");
            return (message["id"].as_u64().unwrap(), url);
        }
    }
}

fn answer_elicitation(client: &mut Client, id: u64, action: &str) {
    client.send(&json!({"jsonrpc": "2.0", "id": id, "result": {"action": action}}));
}

fn result_of(client: &mut Client, id: u64) -> Value {
    loop {
        let message = client.recv();
        if message["id"] == id && message.get("method").is_none() {
            return message["result"].clone();
        }
    }
}

#[test]
fn request_secret_takes_a_value_only_with_the_code_the_operator_sees() {
    if !have("curl") {
        return;
    }
    let sandbox = setup();
    let mut client = Client::start(&sandbox, &["--no-sandbox", "--allow-request-secret"]);
    client.initialize(json!({"elicitation": {"url": {}}}));
    let new_value = "new-secret-value-4242";

    // The client holds the link but not the code: what it submits is refused, and the page
    // is used up.
    client.send(&json!({"jsonrpc": "2.0", "id": 700, "method": "tools/call",
        "params": {"name": "request_secret", "arguments": {"secret": "NEW_TOKEN", "reason": "deploys"}}}));
    let (elicitation, url) = elicited(&mut client);
    assert_eq!(curl(&sandbox, &url, None), "200");
    assert_eq!(curl(&sandbox, &url, Some(("guessed", "AAAA-AAAA"))), "403");
    let again = curl(&sandbox, &url, Some((new_value, "AAAA-AAAA")));
    assert!(again == "410" || again == "000", "{again}");
    answer_elicitation(&mut client, elicitation, "accept");
    let refused = result_of(&mut client, 700);
    assert_eq!(refused["isError"], true);
    assert_eq!(refused["structuredContent"]["given"], false);

    // The person, with the code from the operator's terminal.
    client.send(&json!({"jsonrpc": "2.0", "id": 701, "method": "tools/call",
        "params": {"name": "request_secret", "arguments": {"secret": "NEW_TOKEN"}}}));
    let (elicitation, url) = elicited(&mut client);
    let requests = sandbox.json(&["grant", "requests"]);
    let pending = requests
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|r| r["kind"] == "secret")
        .unwrap()
        .clone();
    let code = pending["code"].as_str().unwrap().to_owned();
    let request_id = pending["request_id"].as_str().unwrap().to_owned();
    assert_eq!(curl(&sandbox, &url, Some((new_value, &code))), "200");
    answer_elicitation(&mut client, elicitation, "accept");
    let given = result_of(&mut client, 701);
    assert_eq!(given["structuredContent"]["given"], true, "{given}");
    let whole = serde_json::to_string(&given).unwrap();
    assert!(
        !whole.contains(new_value) && !whole.contains(&code),
        "{whole}"
    );
    client.finish();

    // In the vault, granted to nobody until the operator approves.
    sandbox
        .read_with_key("bot", "NEW_TOKEN", &sandbox.path("bot.key"))
        .assert()
        .code(3);
    sandbox
        .vault(["grant", "approve", &request_id])
        .assert()
        .success();
    sandbox
        .read_with_key("bot", "NEW_TOKEN", &sandbox.path("bot.key"))
        .assert()
        .success()
        .stdout(new_value);
    let everything = std::fs::read(sandbox.log_file()).unwrap();
    assert!(!contains(&everything, new_value.as_bytes()));
}

#[test]
fn request_secret_on_the_stateless_revision_goes_by_input_request_and_a_second_call() {
    if !have("curl") {
        return;
    }
    let sandbox = setup();
    let mut client = Client::start(&sandbox, &["--no-sandbox", "--allow-request-secret"]);
    let meta = json!({
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientInfo": {"name": "vault-tests", "version": "1"},
        "io.modelcontextprotocol/clientCapabilities": {"elicitation": {"url": {}}}
    });
    let first = client.request(
        "tools/call",
        json!({"name": "request_secret", "arguments": {"secret": "NEW_TOKEN"}, "_meta": meta}),
    );
    let round = &first["result"];
    assert_eq!(round["resultType"], "input_required", "{first}");
    let elicitation = &round["inputRequests"]["value_page"];
    assert_eq!(elicitation["method"], "elicitation/create", "{first}");
    assert_eq!(elicitation["params"]["mode"], "url");
    let url = elicitation["params"]["url"].as_str().unwrap().to_owned();
    let state = round["requestState"].as_str().unwrap().to_owned();
    let code = sandbox.json(&["grant", "requests"])[0]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        curl(&sandbox, &url, Some(("stateless-value-9911", &code))),
        "200"
    );
    let second = client.request(
        "tools/call",
        json!({"name": "request_secret", "arguments": {"secret": "NEW_TOKEN"}, "_meta": meta,
               "requestState": state, "inputResponses": {"value_page": {"action": "accept"}}}),
    );
    assert_eq!(
        second["result"]["structuredContent"]["given"], true,
        "{second}"
    );
    assert!(!second.to_string().contains("stateless-value-9911"));
    // The handle is spent: echoing it again gets nothing.
    let again = client.request(
        "tools/call",
        json!({"name": "request_secret", "arguments": {"secret": "NEW_TOKEN"}, "_meta": meta,
               "requestState": state, "inputResponses": {"value_page": {"action": "accept"}}}),
    );
    assert_eq!(again["result"]["isError"], true, "{again}");
    client.finish();
    let listed = sandbox.json(&["secret", "list"]);
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "NEW_TOKEN")
    );
}

#[test]
fn a_client_without_url_elicitation_is_told_the_commands_to_run() {
    let sandbox = setup();
    let mut client = Client::start(&sandbox, &["--no-sandbox", "--allow-request-secret"]);
    client.initialize(json!({}));
    let result = client.call("request_secret", json!({"secret": "NEW_TOKEN"}));
    let said = text(&result);
    assert!(said.contains("`vault secret add NEW_TOKEN`"), "{said}");
    let id = result["structuredContent"]["request_id"].as_str().unwrap();
    assert!(
        said.contains(&format!("`vault grant approve {id}`")),
        "{said}"
    );
    let existing = client.call("request_secret", json!({"secret": "TOKEN"}));
    assert_eq!(existing["isError"], true);
    client.finish();
}

#[test]
fn the_stateless_revision_is_served_without_a_handshake() {
    let sandbox = setup();
    let mut client = Client::start(&sandbox, &["--no-sandbox"]);
    let meta = json!({
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientInfo": {"name": "vault-tests", "version": "1"},
        "io.modelcontextprotocol/clientCapabilities": {}
    });
    let discovered = client.request("server/discover", json!({"_meta": meta}));
    let versions = discovered["result"]["supportedVersions"]
        .as_array()
        .unwrap();
    assert!(versions.contains(&json!("2026-07-28")) && versions.contains(&json!("2025-11-25")));
    let listed = client.request(
        "tools/call",
        json!({"name": "list_secrets", "arguments": {}, "_meta": meta}),
    );
    assert_eq!(listed["result"]["isError"], false, "{listed}");
    assert!(text(&listed["result"]).contains("TOKEN"));
    client.finish();
}

#[test]
fn a_key_that_is_not_the_agents_is_refused_at_start() {
    let sandbox = setup();
    let out = sandbox
        .vault(["mcp", "--agent", "bot", "--key-file"])
        .arg(sandbox.path("other.key"))
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("vault: denied: agent bot"),
        "{out:?}"
    );
}

#[test]
fn a_sandboxed_run_sees_neither_the_vault_nor_the_home() {
    if !can_sandbox() {
        return;
    }
    let sandbox = setup();
    std::fs::write(sandbox.path("home/decoy"), "home-file").unwrap();
    let project = sandbox.path("project");
    std::fs::create_dir(&project).unwrap();
    let mut client = Client::start(&sandbox, &[]);
    client.initialize(json!({}));
    let named = client.call("placeholder", json!({"secret": "TOKEN"}));
    let placeholder = named["structuredContent"]["placeholder"]
        .as_str()
        .unwrap()
        .to_owned();
    let vault = sandbox.vault_file();
    let key = sandbox.path("bot.key");
    let result = client.call(
        "run",
        json!({"shell": format!(
            "cat {} {} 2>&1 | head -c 200; ls -A \"$HOME\"; printf 'token=%s\\n' \"$TOKEN\"",
            vault.display(), key.display()),
            "cwd": project}),
    );
    let stdout = result["structuredContent"]["stdout"]
        .as_str()
        .unwrap_or_else(|| panic!("{result}"));
    assert!(
        !stdout.contains("decoy") && !stdout.contains("AGE-SECRET-KEY"),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("token={placeholder}")), "{stdout}");
    assert_no_value(&serde_json::to_string(&result).unwrap());
    client.finish();
    let sandboxed = events_named(&sandbox, "vault.sandboxed");
    assert_eq!(sandboxed.len(), 1);
    assert_eq!(sandboxed[0]["via"], "mcp");
}

/// The official Python SDK as the client, each revision it speaks: 2.x (discover, then the
/// stateless revision; and the handshake) and 1.x (the handshake).
fn python_sdk(variable: &str, major: &str) -> Option<std::path::PathBuf> {
    python_with(
        variable,
        &format!(
            "import importlib.metadata as m, sys; sys.exit(m.version('mcp').split('.')[0] != '{major}')"
        ),
        &format!(
            "the MCP Python SDK {major}.x (`pip install 'mcp>={major},<{}'`)",
            major.parse::<u32>().unwrap() + 1
        ),
    )
}

fn drive_with_sdk(python: &Path, mode: &str) -> Value {
    let sandbox = setup();
    std::fs::write(sandbox.path("forms.txt"), token_forms()).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp/client.py");
    let out = sandbox
        .program(python.to_str().unwrap())
        .arg(script)
        .arg(mode)
        .arg(assert_cmd::cargo::cargo_bin("vault"))
        .args(["bot"])
        .arg(sandbox.path("bot.key"))
        .args(["list_secrets", "{}"])
        .args(["placeholder", r#"{"secret": "TOKEN"}"#])
        .args(["placeholder", r#"{"secret": "OTHER"}"#])
        .args(["run", r#"{"shell": "cat forms.txt; env"}"#])
        .args(["request_access", r#"{"secret": "MORE"}"#])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_no_value(&String::from_utf8_lossy(&out.stdout));
    let calls = report["calls"].as_array().unwrap();
    assert!(calls[0]["text"].as_str().unwrap().contains("TOKEN"));
    assert_eq!(calls[1]["structured"]["hosts"], json!(["api.example.com"]));
    assert_eq!(calls[2]["is_error"], true);
    assert!(
        calls[2]["text"]
            .as_str()
            .unwrap()
            .starts_with("vault: denied")
    );
    assert_eq!(calls[3]["is_error"], false);
    assert!(
        calls[3]["text"]
            .as_str()
            .unwrap()
            .contains("<redacted:TOKEN>")
    );
    assert_eq!(calls[4]["structured"]["status"], "pending");
    let mut tools: Vec<&String> = report["tools"].as_object().unwrap().keys().collect();
    tools.sort();
    assert_eq!(
        tools,
        ["list_secrets", "placeholder", "request_access", "run"]
    );
    let called = events_named(&sandbox, "mcp.called");
    assert_eq!(called.len(), 5);
    report
}

#[test]
fn the_python_sdk_2_speaks_both_revisions() {
    let Some(python) = python_sdk("VAULT_TEST_MCP2_PYTHON", "2") else {
        return;
    };
    assert_eq!(
        drive_with_sdk(&python, "auto")["protocol_version"],
        "2026-07-28"
    );
    assert_eq!(
        drive_with_sdk(&python, "legacy")["protocol_version"],
        "2025-11-25"
    );
}

#[test]
fn the_python_sdk_1_speaks_the_handshake_revision() {
    let Some(python) = python_sdk("VAULT_TEST_MCP1_PYTHON", "1") else {
        return;
    };
    assert_eq!(
        drive_with_sdk(&python, "legacy")["protocol_version"],
        "2025-11-25"
    );
}
