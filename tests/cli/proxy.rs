//! `vault exec --proxy`: real clients (curl, Python's urllib and http.client, git) send
//! requests holding placeholders through the proxy to a local HTTPS upstream (Python's
//! `http.server` with `ssl`, a certificate made here) that writes down what it got. Every
//! request goes to 127.0.0.0/8 or ::1 only, the refused addresses included.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use serde_json::Value;

use crate::support::*;

/// A value holding the sandbox's canary: the sandbox checks no file of VAULT_HOME holds it.
pub(crate) fn value() -> String {
    format!("{CANARY}-0123456789abcdefXYZ")
}

/// The upstream's CA, and its certificate for 127.0.0.1, ::1 and localhost, and for the two
/// names the sandbox's routing tests give 127.0.0.1 in a hosts file of their own.
pub(crate) fn certificates(dir: &Path) {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(rcgen::DnType::CommonName, "vault tests upstream CA");
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca, ca_key);
    let key = KeyPair::generate().unwrap();
    let mut leaf = CertificateParams::new(vec![
        "127.0.0.1".to_owned(),
        "::1".to_owned(),
        "localhost".to_owned(),
        "upstream.test".to_owned(),
        "other.test".to_owned(),
    ])
    .unwrap();
    leaf.use_authority_key_identifier_extension = true;
    let leaf = leaf.signed_by(&key, &issuer).unwrap();
    fs::write(dir.join("ca.pem"), ca_cert.pem()).unwrap();
    fs::write(dir.join("cert.pem"), leaf.pem()).unwrap();
    fs::write(dir.join("key.pem"), key.serialize_pem()).unwrap();
}

/// The Python upstream, running; stopped when dropped.
pub(crate) struct Upstream {
    child: Child,
    pub(crate) port: u16,
    record: PathBuf,
}

impl Upstream {
    pub(crate) fn start(sandbox: &Sandbox, plain: bool) -> Self {
        let dir = sandbox.dir.path();
        if !dir.join("ca.pem").exists() {
            certificates(dir);
        }
        Self::serving(sandbox, &dir.join("cert.pem"), &dir.join("key.pem"), plain)
    }

    /// An upstream with this certificate and key.
    fn serving(sandbox: &Sandbox, cert: &Path, key: &Path, plain: bool) -> Self {
        let record = sandbox.path(if plain { "plain.jsonl" } else { "record.jsonl" });
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/proxy/upstream.py");
        let mut command = Command::new("python3");
        command
            .arg(script)
            .arg(cert)
            .arg(key)
            .arg(&record)
            .env("GIT_ROOT", sandbox.path("git"))
            .stdout(Stdio::piped());
        if plain {
            command.arg("--plain");
        }
        let mut child = command.spawn().unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().parse().unwrap();
        Self {
            child,
            port,
            record,
        }
    }

    /// Every request it got, as it got it.
    pub(crate) fn requests(&self) -> Vec<Value> {
        fs::read_to_string(&self.record)
            .unwrap_or_default()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }

    fn last(&self) -> Value {
        self.requests().pop().expect("the upstream got no request")
    }
}

impl Drop for Upstream {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A header of a recorded request.
pub(crate) fn header(request: &Value, name: &str) -> Option<String> {
    request["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|pair| pair[0].as_str().unwrap().eq_ignore_ascii_case(name))
        .map(|pair| pair[1].as_str().unwrap().to_owned())
}

/// A vault with agent `bot` granted TOKEN, pinned to the upstream (127.0.0.1:PORT).
pub(crate) struct Fixture {
    pub(crate) sandbox: Sandbox,
    pub(crate) upstream: Upstream,
}

impl Fixture {
    pub(crate) fn new() -> Option<Self> {
        if !have_all(&["python3", "curl"]) {
            return None;
        }
        let sandbox = Sandbox::init();
        let upstream = Upstream::start(&sandbox, false);
        let pin = format!("127.0.0.1:{}", upstream.port);
        sandbox
            .vault(["secret", "add", "TOKEN", "--host", &pin])
            .write_stdin(value())
            .assert()
            .success();
        sandbox.add_agent("bot");
        sandbox.grant("bot", "TOKEN");
        Some(Self { sandbox, upstream })
    }

    /// Lets TOKEN's value go in bodies too (`--inject body`), as a form post or a webhook
    /// needs.
    fn inject_everywhere(&self) {
        self.sandbox
            .vault(["secret", "hosts", "TOKEN"])
            .args([
                "--inject", "header", "--inject", "query", "--inject", "path",
            ])
            .args(["--inject", "body"])
            .assert()
            .success();
    }

    /// An HTTP/2 upstream (HTTP/1.1 too, for upgrades), TOKEN pinned to it besides.
    fn pinned_h2(&self) -> H2Upstream {
        let h2 = H2Upstream::start(self.sandbox.dir.path());
        self.sandbox
            .vault(["secret", "hosts", "TOKEN", "--add"])
            .arg(format!("127.0.0.1:{}", h2.port))
            .assert()
            .success();
        h2
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("https://127.0.0.1:{}{path}", self.upstream.port)
    }

    /// `vault exec --agent bot --proxy -- sh -c SCRIPT`, with $UP the upstream's URL.
    fn exec(&self, script: &str) -> Output {
        self.exec_with(&[], script)
    }

    pub(crate) fn exec_with(&self, flags: &[&str], script: &str) -> Output {
        let ca = self.sandbox.dir.path().join("ca.pem");
        self.sandbox
            .vault(["exec", "--agent", "bot", "--proxy", "--upstream-ca"])
            .arg(&ca)
            .args(flags)
            .args(["--", "sh", "-c", script])
            .env("UP", self.url(""))
            .env("PORT", self.upstream.port.to_string())
            .output()
            .unwrap()
    }

    pub(crate) fn events(&self, kind: &str) -> Vec<Value> {
        self.sandbox
            .events()
            .into_iter()
            .filter(|e| e["event"] == kind)
            .collect()
    }
}

pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// What the program sees: the placeholder, never the value.
pub(crate) fn assert_program_never_saw_the_value(out: &Output) {
    assert!(
        !contains(&out.stdout, CANARY.as_bytes()) && !contains(&out.stderr, CANARY.as_bytes()),
        "the program saw the value:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

#[test]
fn the_program_holds_a_placeholder_of_the_values_shape_and_the_proxy_variables() {
    let Some(fixture) = Fixture::new() else {
        return;
    };
    let out = fixture.exec(
        "printf '%s\\n' \"$TOKEN\" \"$HTTPS_PROXY\" \"$https_proxy\" \"$HTTP_PROXY\" \"$NO_PROXY\" \
         \"$SSL_CERT_FILE\" \"$REQUESTS_CA_BUNDLE\" \"$CURL_CA_BUNDLE\" \"$NODE_EXTRA_CA_CERTS\" \
         \"$GIT_SSL_CAINFO\"; cat \"$SSL_CERT_FILE\" | grep -c 'BEGIN CERTIFICATE'; \
         printf '%s\\n' \"$NODE_USE_ENV_PROXY\" \"$PIP_CERT\" \"$NPM_CONFIG_CAFILE\" \"$CARGO_HTTP_CAINFO\" \
         \"$DENO_CERT\" \"$AWS_CA_BUNDLE\" \"$CLOUDSDK_CORE_CUSTOM_CA_CERTS_FILE\" \
         \"$GRPC_DEFAULT_SSL_ROOTS_FILE_PATH\" \"$NIX_SSL_CERT_FILE\" \"$HEX_CACERTS_PATH\"",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_program_never_saw_the_value(&out);
    let said = text(&out.stdout);
    let lines: Vec<&str> = said.lines().collect();
    let placeholder = lines[0];
    assert_eq!(placeholder.len(), value().len());
    assert!(placeholder.starts_with("sk-live-"), "{placeholder}");
    assert_ne!(placeholder, value());
    assert!(lines[1].starts_with("http://vault:") && lines[1].contains("@127.0.0.1:"));
    assert!(lines[2] == lines[1] && lines[3] == lines[1]);
    // 127.0.0.1 is pinned: it must go through the proxy; localhost and ::1 need not.
    assert_eq!(lines[4], "localhost,::1");
    let bundle = lines[5];
    assert!(lines[6..10].iter().all(|l| *l == bundle), "{said}");
    assert!(lines[10].parse::<u32>().unwrap() >= 1);
    // Node's fetch is told to use the proxy, and every other toolchain gets the bundle.
    assert_eq!(lines[11], "1");
    assert!(lines[12..21].iter().all(|l| *l == bundle), "{said}");
    assert_eq!(lines.len(), 21, "{said}");
    // The bundle is gone with the run; the CA's key was never written at all.
    assert!(!Path::new(bundle).exists());
    // Two runs, two placeholders.
    let again = fixture.exec("printf %s \"$TOKEN\"");
    assert_ne!(text(&again.stdout), placeholder);
}

#[test]
fn curl_gets_the_value_into_headers_basic_auth_query_and_every_kind_of_body() {
    let Some(fixture) = Fixture::new() else {
        return;
    };
    fixture.inject_everywhere();
    let out = fixture.exec(
        r#"set -e
        curl -sS -H "Authorization: Bearer $TOKEN" "$UP/header"
        curl -sS -u "user:$TOKEN" "$UP/private/basic"
        curl -sS "$UP/query?key=$TOKEN&other=1"
        curl -sS --data-urlencode "key=$TOKEN" "$UP/form"
        curl -sS -H 'Content-Type: application/json' -d "{\"key\":\"$TOKEN\"}" "$UP/json"
        printf 'a chunked body: %s, twice: %s\n' "$TOKEN" "$TOKEN" |
            curl -sS -H 'Transfer-Encoding: chunked' --data-binary @- "$UP/chunked"
        head -c 300000 /dev/zero | tr '\0' x > big
        { cat big; printf %s "$TOKEN"; cat big; } | curl -sS -T - "$UP/large"
        curl -sS -H "Host: elsewhere.example" -H "X-Key: $TOKEN" "$UP/fronted"
        "#,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_program_never_saw_the_value(&out);
    assert_eq!(text(&out.stdout), "ok\n".repeat(8));
    let value = value();
    let got = fixture.upstream.requests();
    let by_path = |path: &str| {
        got.iter()
            .find(|r| r["path"].as_str().unwrap().starts_with(path))
            .unwrap_or_else(|| panic!("no request to {path}"))
            .clone()
    };
    assert_eq!(
        header(&by_path("/header"), "authorization").unwrap(),
        format!("Bearer {value}")
    );
    let basic = header(&by_path("/private/basic"), "authorization").unwrap();
    let decoded = base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        basic.strip_prefix("Basic ").unwrap(),
    )
    .unwrap();
    assert_eq!(decoded, format!("user:{value}").as_bytes());
    assert_eq!(
        by_path("/query")["path"],
        format!("/query?key={value}&other=1")
    );
    assert_eq!(by_path("/form")["body"], format!("key={value}"));
    assert_eq!(by_path("/json")["body"], format!("{{\"key\":\"{value}\"}}"));
    let chunked = by_path("/chunked");
    assert_eq!(chunked["chunked"], true);
    assert_eq!(
        chunked["body"],
        format!("a chunked body: {value}, twice: {value}\n")
    );
    let large = by_path("/large")["body"].as_str().unwrap().to_owned();
    assert_eq!(large.len(), 600_000 + value.len());
    assert!(large.contains(&value));
    // The Host is the host the program connected to: a shared server must not route the
    // value to another of its names.
    assert_eq!(
        header(&by_path("/fronted"), "host").unwrap(),
        format!("127.0.0.1:{}", fixture.upstream.port)
    );

    // One event per request that carried the value, its path without the query.
    let injected = fixture.events("vault.injected");
    assert_eq!(injected.len(), 8, "{injected:#?}");
    let host = format!("127.0.0.1:{}", fixture.upstream.port);
    assert!(injected.iter().all(|e| e["host"] == host.as_str()
        && e["agent_id"] == "bot"
        && e["secret_name"] == "TOKEN"));
    assert!(
        injected
            .iter()
            .any(|e| e["path"] == "/query" && e["method"] == "GET")
    );
    assert!(
        injected
            .iter()
            .any(|e| e["path"] == "/form" && e["method"] == "POST")
    );
    assert!(
        !fs::read_to_string(fixture.sandbox.log_file())
            .unwrap()
            .contains("key=")
    );
}

#[test]
fn python_urllib_and_http_client_go_through_it_as_configured_by_the_environment() {
    let Some(fixture) = Fixture::new() else {
        return;
    };
    fixture.inject_everywhere();
    let script = r#"
import http.client, json, os, ssl, urllib.parse, urllib.request
up, token = os.environ["UP"], os.environ["TOKEN"]
request = urllib.request.Request(up + "/urllib", headers={"X-Api-Key": token})
print(urllib.request.urlopen(request).read().decode().strip())
proxy = urllib.parse.urlsplit(os.environ["HTTPS_PROXY"])
auth = "Basic " + __import__("base64").b64encode(
    f"{proxy.username}:{proxy.password}".encode()).decode()
context = ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
connection = http.client.HTTPSConnection(proxy.hostname, proxy.port, context=context)
connection.set_tunnel("127.0.0.1", int(os.environ["PORT"]), headers={"Proxy-Authorization": auth})
connection.request("POST", "/http-client", body=json.dumps({"token": token}),
                   headers={"Content-Type": "application/json"})
print(connection.getresponse().read().decode().strip())
"#;
    fs::write(fixture.sandbox.path("client.py"), script).unwrap();
    let out = fixture.exec("python3 client.py");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_program_never_saw_the_value(&out);
    assert_eq!(text(&out.stdout), "ok\nok\n");
    let got = fixture.upstream.requests();
    assert_eq!(header(&got[0], "x-api-key").unwrap(), value());
    assert_eq!(got[1]["body"], format!("{{\"token\": \"{}\"}}", value()));
}

/// The review's item 12: a placeholder bound for a host its secret is not pinned to is
/// worthless there, and an agent's conversation with its model carries placeholders; it goes as
/// it is, logged once per host and secret as `vault.withheld`. `--strict` stops the request.
#[test]
fn a_placeholder_bound_for_a_host_it_is_not_pinned_to_goes_as_it_is_unless_strict() {
    let Some(fixture) = Fixture::new() else {
        return;
    };
    // OTHER is pinned to localhost only: to 127.0.0.1, even in a body, it may not go.
    fixture
        .sandbox
        .vault([
            "secret",
            "add",
            "OTHER",
            "--canary",
            "--host",
            &format!("localhost:{}", fixture.upstream.port),
        ])
        .write_stdin(format!("{CANARY}-other-abcdefghijklmnop"))
        .assert()
        .success();
    fixture.sandbox.grant("bot", "OTHER");
    let script = r#"curl -sS -w '[%{http_code}]\n' -H "X-Key: $OTHER" "$UP/header"
        curl -sS -w '[%{http_code}]\n' -d "x=$OTHER" "$UP/body"
        head -c 100000 /dev/zero | tr '\0' y > big
        { cat big; printf %s "$OTHER"; } | curl -sS -w '[%{http_code}]\n' -T - "$UP/streamed"
        curl -sS -w '[%{http_code}]\n' -H "X-Key: $TOKEN" "$UP/fine"
        printf %s "$OTHER" > placeholder"#;
    let out = fixture.exec(script);
    assert_program_never_saw_the_value(&out);
    assert_eq!(
        text(&out.stdout),
        "ok\n[200]\nok\n[200]\nok\n[200]\nok\n[200]\n",
        "{}",
        text(&out.stderr)
    );
    let placeholder = fs::read_to_string(fixture.sandbox.path("placeholder")).unwrap();
    let got = fixture.upstream.requests();
    for request in &got {
        assert!(
            !request.to_string().contains("other-abcdefghijklmnop"),
            "{request}"
        );
    }
    assert_eq!(header(&got[0], "x-key").unwrap(), placeholder);
    assert!(got[1]["body"].as_str().unwrap().contains(&placeholder));
    assert!(got[2]["body"].as_str().unwrap().ends_with(&placeholder));
    // Once for the host and secret, though three requests carried it; and the bait taken.
    let withheld = fixture.events("vault.withheld");
    assert_eq!(withheld.len(), 1, "{withheld:#?}");
    assert_eq!(withheld[0]["secret_name"], "OTHER");
    assert_eq!(
        withheld[0]["host"],
        format!("127.0.0.1:{}", fixture.upstream.port).as_str()
    );
    assert_eq!(fixture.events("vault.canary").len(), 1);
    assert!(fixture.events("vault.blocked").is_empty());

    // --strict: the 403, and nothing of OTHER reaches the upstream (no request when the
    // headers held it, one cut off before the placeholder when a body did).
    let before = fixture.upstream.requests().len();
    let out = fixture.exec_with(&["--strict"], script);
    assert_program_never_saw_the_value(&out);
    let refusal = format!(
        "vault: the placeholder of OTHER may not go to 127.0.0.1:{port} under --strict; it is pinned to other hosts (an operator can add this one with `vault secret hosts OTHER --add 127.0.0.1:{port}`)\n[403]\n",
        port = fixture.upstream.port
    );
    assert_eq!(
        text(&out.stdout),
        format!("{refusal}{refusal}{refusal}ok\n[200]\n"),
        "{}",
        text(&out.stderr)
    );
    let placeholder = fs::read_to_string(fixture.sandbox.path("placeholder")).unwrap();
    for request in &fixture.upstream.requests()[before..] {
        assert!(!request.to_string().contains(&placeholder));
        assert_ne!(request["path"], "/header");
    }
    assert_eq!(fixture.events("vault.blocked").len(), 3);
}

/// The review's item 5 and the proxy's part of item 6: a value echoed in the status line,
/// or as `base64` prints it (wrapped), comes back as its placeholder.
#[test]
fn a_value_echoed_in_the_status_line_or_wrapped_base64_comes_back_as_its_placeholder() {
    let Some(fixture) = Fixture::new() else {
        return;
    };
    let out = fixture.exec_with(
        &["--no-mask"],
        r#"curl -sS --http1.1 -i -H "Authorization: Bearer $TOKEN" "$UP/status" | grep "^HTTP" | tail -n 1
        curl -sS -H "Authorization: Bearer $TOKEN" "$UP/b64echo" | tr -d '\n' | base64 -d; echo
        echo "Bearer $TOKEN" "Bearer $TOKEN" "Bearer $TOKEN""#,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_program_never_saw_the_value(&out);
    let said = text(&out.stdout);
    let lines: Vec<&str> = said.lines().collect();
    assert!(
        lines[0].starts_with("HTTP/1.1 401 bad key Bearer "),
        "{said}"
    );
    let token = lines[2].split(' ').nth(1).unwrap();
    assert!(lines[0].trim_end().ends_with(token), "{said}");
    // Decoded, the echo holds the placeholder (but for the bits a base64 character shares
    // with its neighbours), never the value.
    let middle = &token[2..token.len() - 2];
    assert!(lines[1].contains(middle), "{said}");
}

#[test]
fn a_value_the_upstream_echoes_reaches_the_program_as_its_placeholder() {
    let Some(fixture) = Fixture::new() else {
        return;
    };
    let out = fixture.exec_with(
        &["--no-mask"],
        r#"curl -sS -D - -H "Authorization: Bearer $TOKEN" -d "{\"key\":\"$TOKEN\"}" "$UP/echo"
        echo; curl -sS -u "user:$TOKEN" "$UP/echo"
        echo; echo "placeholder=$TOKEN""#,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Masking is off: what the program got is what it printed.
    assert_program_never_saw_the_value(&out);
    let said = text(&out.stdout);
    let placeholder = said
        .lines()
        .last()
        .unwrap()
        .strip_prefix("placeholder=")
        .unwrap();
    let lower = said.to_ascii_lowercase();
    let echoed = format!(
        "x-echo-authorization: bearer {}",
        placeholder.to_ascii_lowercase()
    );
    assert!(lower.contains(&echoed), "{said}");
    assert!(
        said.contains(&format!("\"authorization\": \"Bearer {placeholder}\"")),
        "{said}"
    );
    assert!(
        said.contains(&format!("\\\"key\\\":\\\"{placeholder}\\\"")),
        "{said}"
    );
    // Basic credentials come back base64-encoded: no run of the value's encoding shows
    // (only the edge characters, which also carry the bits of "user:", can).
    let encoded = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        format!("user:{}", value()),
    );
    let middle = &encoded[8..encoded.len() - 4];
    assert!(!said.contains(middle), "{said}");
    // The upstream got the value, and was asked not to compress its answer.
    let got = fixture.upstream.requests();
    assert_eq!(
        header(&got[0], "authorization").unwrap(),
        format!("Bearer {}", value())
    );
    assert_eq!(header(&got[0], "accept-encoding").unwrap(), "identity");
}

#[test]
fn loopback_and_private_addresses_are_refused_unless_a_secret_pins_that_very_host() {
    let Some(fixture) = Fixture::new() else {
        return;
    };
    let port = fixture.upstream.port;
    // By number and by name, through CONNECT and as plain HTTP: none of these is pinned.
    let out = fixture.exec(&format!(
        r#"curl -sS --noproxy '' -w '[%{{http_code}}]\n' https://127.0.0.2:{port}/x
        curl -sS --noproxy '' -w '[%{{http_code}}]\n' https://localhost:{port}/x
        curl -sS --noproxy '' -w '[%{{http_code}}]\n' http://127.0.0.3:{port}/x
        curl -sS --noproxy '' -w '[%{{http_code}}]\n' http://localhost:{port}/x
        curl -sS --noproxy '' -w '[%{{http_code}}]\n' "$UP/pinned""#
    ));
    let said = text(&out.stdout);
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(lines.len(), 8, "{said}{}", text(&out.stderr));
    assert_eq!(&lines[..2], ["[000]", "[000]"], "{said}");
    assert_eq!(
        text(&out.stderr)
            .matches("CONNECT tunnel failed, response 403")
            .count(),
        2
    );
    assert!(
        lines[2].starts_with("vault: 127.0.0.3 is a loopback address, which the proxy reaches only when a secret is pinned to that very host"),
        "{said}"
    );
    assert!(
        lines[4].starts_with("vault: localhost is a loopback address"),
        "{said}"
    );
    assert_eq!(&lines[5..], ["[403]", "ok", "[200]"]);
    assert_eq!(lines[3], "[403]");
    assert!(
        fixture
            .upstream
            .requests()
            .iter()
            .all(|r| r["path"] == "/pinned")
    );
}

#[test]
fn plain_http_gets_a_value_only_where_pinned_with_http() {
    let Some(fixture) = Fixture::new() else {
        return;
    };
    let plain = Upstream::start(&fixture.sandbox, true);
    let url = format!("http://127.0.0.1:{}/plain", plain.port);
    // TOKEN is pinned to HTTPS on the other port; PLAIN to http:// on this one.
    fixture
        .sandbox
        .vault([
            "secret",
            "add",
            "PLAIN",
            "--host",
            &format!("http://127.0.0.1:{}", plain.port),
        ])
        .write_stdin(format!("{CANARY}-plain-abcdefghijklmnop"))
        .assert()
        .success();
    fixture.sandbox.grant("bot", "PLAIN");
    let out = fixture.exec_with(
        &["--strict"],
        &format!(
            r#"curl -sS --noproxy '' -w '[%{{http_code}}]\n' -H "X-Key: $PLAIN" {url}
        curl -sS --noproxy '' -w '[%{{http_code}}]\n' -H "X-Key: $TOKEN" {url}"#
        ),
    );
    assert_program_never_saw_the_value(&out);
    let said = text(&out.stdout);
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(&lines[..2], ["ok", "[200]"], "{said}{}", text(&out.stderr));
    assert!(lines[2].starts_with("vault: the placeholder of TOKEN may not go to"));
    assert_eq!(lines[3], "[403]");
    let got = plain.requests();
    assert_eq!(got.len(), 1);
    assert_eq!(
        header(&got[0], "x-key").unwrap(),
        format!("{CANARY}-plain-abcdefghijklmnop")
    );
}

#[test]
fn http2_from_the_program_and_a_websocket_upgrade_pass_through() {
    let Some(fixture) = Fixture::new() else {
        return;
    };
    fs::write(fixture.sandbox.path("ws.py"), WEBSOCKET_CLIENT).unwrap();
    // What the program has of the value, read from disk as an agent would.
    fs::write(fixture.sandbox.path("real.txt"), value()).unwrap();
    let out = fixture.exec(
        r#"curl -sS --http2 -w '[%{http_version}]\n' -H "X-Key: $TOKEN" "$UP/h2"
        python3 ws.py"#,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_program_never_saw_the_value(&out);
    let said = text(&out.stdout);
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(
        lines,
        [
            "ok",
            "[2]",
            "101",
            "told the placeholder: True",
            "echo: hello through the tunnel",
            "echoed back: True",
        ],
        "{said}"
    );
    // The real value the program sent in a message reached the upstream as its placeholder,
    // and the log says so.
    let messages: Vec<String> = fixture
        .upstream
        .requests()
        .iter()
        .filter(|r| r["path"] == "/ws/message")
        .map(|r| r["body"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    let sent = messages[1..].concat();
    assert!(
        !sent.contains(CANARY) && sent.len() == value().len(),
        "{sent}"
    );
    let leaks = fixture.events("vault.leak_stopped");
    assert_eq!(leaks.len(), 1, "{leaks:?}");
    assert_eq!(leaks[0]["where"], "body");
    let got = fixture.upstream.requests();
    assert_eq!(header(&got[0], "x-key").unwrap(), value());
    let ws = got.iter().find(|r| r["path"] == "/ws").unwrap();
    assert_eq!(
        header(ws, "authorization").unwrap(),
        format!("Bearer {}", value())
    );
    assert_eq!(header(ws, "upgrade").unwrap(), "websocket");
}

/// A WebSocket client, by hand: CONNECT through the proxy, TLS, the upgrade with the
/// placeholder in its headers, one masked text frame, and its echo.
const WEBSOCKET_CLIENT: &str = r#"
import base64, os, socket, ssl, urllib.parse
proxy = urllib.parse.urlsplit(os.environ["HTTPS_PROXY"])
auth = base64.b64encode(f"{proxy.username}:{proxy.password}".encode()).decode()
target = "127.0.0.1:" + os.environ["PORT"]
raw = socket.create_connection((proxy.hostname, proxy.port), timeout=20)
raw.sendall(f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\nProxy-Authorization: Basic {auth}\r\n\r\n".encode())
reply = b""
while b"\r\n\r\n" not in reply:
    reply += raw.recv(1)
context = ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
tls = context.wrap_socket(raw, server_hostname="127.0.0.1")
tls.sendall((f"GET /ws HTTP/1.1\r\nHost: {target}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
             f"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
             f"Authorization: Bearer {os.environ['TOKEN']}\r\n\r\n").encode())
head = b""
while b"\r\n\r\n" not in head:
    head += tls.recv(1)
print(head.split(b" ")[1].decode())
def exactly(n):
    got = b""
    while len(got) < n:
        got += tls.recv(n - len(got))
    return got
told = b""
while True:
    frame = exactly(2)
    told += exactly(frame[1])
    if frame[0] & 0x80:
        break
print("told the placeholder: " + str(told.decode() == "Bearer " + os.environ["TOKEN"]))
mask = b"\x01\x02\x03\x04"
def send(message, fin=True):
    tls.sendall(bytes([(0x80 if fin else 0) | (0x01 if fin or not send.going else 0), 0x80 | len(message)])
                + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(message)))
send.going = False
send(b"hello through the tunnel")
frame = exactly(2)
print("echo: " + exactly(frame[1]).decode())
# A real value the program read from a file, in a message of its own, cut across two frames.
if os.path.exists("real.txt"):
    real = open("real.txt", "rb").read().strip()
    half = len(real) // 2
    tls.sendall(bytes([0x01, 0x80 | half]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(real[:half])))
    tls.sendall(bytes([0x80, 0x80 | (len(real) - half)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(real[half:])))
    # The upstream echoes each frame as a message of its own.
    echoed = b""
    for _ in range(2):
        frame = exactly(2)
        echoed += exactly(frame[1])
    print("echoed back: " + str(echoed.decode() == os.environ["TOKEN"]))
"#;

/// An upstream that presents its CA's certificate as its own: the program reads plain words
/// and what to do, not rustls' type names, in a 502.
#[test]
fn an_upstream_tls_failure_is_said_in_plain_words() {
    let Some(fixture) = Fixture::new() else {
        return;
    };
    let dir = fixture.sandbox.dir.path();
    let key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(vec!["127.0.0.1".to_owned()]).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let cert = ca.self_signed(&key).unwrap();
    fs::write(dir.join("ca-as-leaf.pem"), cert.pem()).unwrap();
    fs::write(dir.join("ca-as-leaf.key"), key.serialize_pem()).unwrap();
    let odd = Upstream::serving(
        &fixture.sandbox,
        &dir.join("ca-as-leaf.pem"),
        &dir.join("ca-as-leaf.key"),
        false,
    );
    fixture
        .sandbox
        .vault([
            "secret",
            "hosts",
            "TOKEN",
            "--add",
            &format!("127.0.0.1:{}", odd.port),
        ])
        .assert()
        .success();
    let out = fixture
        .sandbox
        .vault(["exec", "--agent", "bot", "--proxy", "--upstream-ca"])
        .arg(dir.join("ca-as-leaf.pem"))
        .args(["--", "sh", "-c"])
        .arg(format!(
            r#"curl -sS -w '[%{{http_code}}]' -H "X: $TOKEN" https://127.0.0.1:{}/x"#,
            odd.port
        ))
        .output()
        .unwrap();
    let said = text(&out.stdout);
    assert!(said.ends_with("[502]"), "{said}{}", text(&out.stderr));
    assert!(
        said.contains("it presents a CA certificate as its own; a server must present a leaf certificate signed by the CA"),
        "{said}{}",
        text(&out.stderr)
    );
    assert!(
        !said.contains("OtherError") && !said.contains("CaUsedAsEndEntity"),
        "{said}"
    );
}

#[test]
fn git_clones_over_https_with_a_placeholder_for_its_password() {
    let Some(fixture) = Fixture::new() else {
        return;
    };
    if !have("git") {
        return;
    }
    let root = fixture.sandbox.path("git");
    fs::create_dir(&root).unwrap();
    let made = Command::new("git")
        .args(["init", "-q", "--bare"])
        .arg(root.join("repo.git"))
        .status()
        .unwrap();
    assert!(made.success());
    let out = fixture.exec(
        r#"set -e
        export GIT_TERMINAL_PROMPT=0 HOME="$PWD"
        git clone -q "https://user:$TOKEN@127.0.0.1:$PORT/git/repo.git" cloned
        git -C cloned remote get-url origin"#,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_program_never_saw_the_value(&out);
    let authorized: Vec<String> = fixture
        .upstream
        .requests()
        .iter()
        .filter_map(|r| header(r, "authorization"))
        .collect();
    let expected = format!(
        "Basic {}",
        base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            format!("user:{}", value())
        )
    );
    assert!(!authorized.is_empty() && authorized.iter().all(|a| *a == expected));
}

#[test]
fn the_proxy_serves_no_one_without_the_runs_credentials() {
    let Some(fixture) = Fixture::new() else {
        return;
    };
    let out = fixture.exec(
        r#"bare="http://${HTTPS_PROXY#*@}"
        curl -sS --noproxy '' -x "$bare" -w '[%{http_code}]\n' "http://127.0.0.1:$PORT/x"
        curl -sS --noproxy '' -x "$bare" "$UP/x" 2>&1 | grep -o 'response 407'
        curl -sS --noproxy '' -x "http://vault:wrong@${HTTPS_PROXY#*@}" "$UP/x" 2>&1 | grep -o 'response 407'"#,
    );
    let said = text(&out.stdout);
    assert!(
        said.starts_with("vault: this proxy serves only the program") && said.contains("\n[407]\n"),
        "{said}"
    );
    assert_eq!(said.matches("response 407").count(), 2, "{said}");
    assert!(fixture.upstream.requests().is_empty());
}

#[test]
fn an_upstream_the_system_does_not_trust_is_not_sent_the_value() {
    let Some(fixture) = Fixture::new() else {
        return;
    };
    let out = fixture
        .sandbox
        .vault(["exec", "--agent", "bot", "--proxy", "--", "sh", "-c"])
        .arg(r#"curl -sS -w '[%{http_code}]\n' -H "X-Key: $TOKEN" "$UP/x""#)
        .env("UP", fixture.url(""))
        .output()
        .unwrap();
    let said = text(&out.stdout);
    assert!(
        said.starts_with("vault: cannot reach 127.0.0.1:")
            && said.contains("certificate")
            && said.ends_with("\n[502]\n"),
        "{said}"
    );
    assert!(fixture.upstream.requests().is_empty());
    // VAULT_UPSTREAM_CA does what --upstream-ca does.
    let out = fixture
        .sandbox
        .vault(["exec", "--agent", "bot", "--proxy", "--", "sh", "-c"])
        .arg(r#"curl -sS -H "X-Key: $TOKEN" "$UP/x""#)
        .env("UP", fixture.url(""))
        .env("VAULT_UPSTREAM_CA", fixture.sandbox.path("ca.pem"))
        .output()
        .unwrap();
    assert_eq!(text(&out.stdout), "ok\n", "{}", text(&out.stderr));
    // A CA file that holds no certificate is refused before anything runs.
    fs::write(fixture.sandbox.path("empty.pem"), "").unwrap();
    let out = fixture
        .sandbox
        .vault([
            "exec",
            "--agent",
            "bot",
            "--proxy",
            "--upstream-ca",
            "empty.pem",
            "--",
            "true",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("holds no certificate"));
}

#[test]
fn the_programs_exit_status_stdin_and_signals_are_its_own() {
    let Some(fixture) = Fixture::new() else {
        return;
    };
    let out = fixture.exec("exit 7");
    assert_eq!(out.status.code(), Some(7));
    let out = fixture.exec_with(&["--no-mask"], "kill -TERM $$");
    assert_eq!(out.status.code(), Some(128 + 15));
    let out = fixture
        .sandbox
        .vault(["exec", "--agent", "bot", "--proxy", "--", "cat"])
        .write_stdin("typed in\n")
        .output()
        .unwrap();
    assert_eq!(text(&out.stdout), "typed in\n");
}

#[test]
fn a_value_too_plain_for_a_placeholder_of_its_shape_stops_the_run_only_if_pinned() {
    let Some(fixture) = Fixture::new() else {
        return;
    };
    fixture
        .sandbox
        .vault(["secret", "add", "SHORT"])
        .write_stdin("hunter2!")
        .assert()
        .success();
    fixture.sandbox.grant("bot", "SHORT");
    // Sent nowhere, it needs no shape: an opaque placeholder, and a notice.
    let out = fixture.exec("printf %s \"$SHORT\"");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let placeholder = text(&out.stdout);
    assert!(
        placeholder.len() >= 20 && !placeholder.contains("hunter2"),
        "{placeholder}"
    );
    assert!(text(&out.stderr).contains("the proxy sends SHORT nowhere: no host is pinned"));

    fixture
        .sandbox
        .vault(["secret", "set", "SHORT", "--host", "api.example.com"])
        .write_stdin("hunter2!")
        .assert()
        .success();
    let before = fixture.sandbox.events().len();
    let out = fixture.exec("echo ran");
    assert_eq!(out.status.code(), Some(1));
    let line = one_error_line(&out.stderr);
    assert!(
        line.contains("secret SHORT cannot go through the proxy")
            && line.contains("fewer than 12 letters and digits"),
        "{line}"
    );
    assert!(out.stdout.is_empty());
    assert_eq!(fixture.sandbox.events().len(), before);
}

/// What the HTTP/2 upstream got: each request's version and X-Key.
type Seen = std::sync::Arc<std::sync::Mutex<Vec<(http::Version, Option<String>)>>>;

/// An upstream that speaks HTTP/2 only (ALPN `h2`), in this process: it writes down each
/// request's version and X-Key header, and answers "h2 ok".
struct H2Upstream {
    port: u16,
    seen: Seen,
    _runtime: tokio::runtime::Runtime,
}

impl H2Upstream {
    fn start(dir: &Path) -> Self {
        use hyper_util::rt::{TokioExecutor, TokioIo};
        use rustls::pki_types::pem::PemObject;
        use rustls::pki_types::{CertificateDer, PrivateKeyDer};
        let certs = CertificateDer::pem_file_iter(dir.join("cert.pem"))
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        let key = PrivateKeyDer::from_pem_file(dir.join("key.pem")).unwrap();
        let mut config = rustls::ServerConfig::builder()
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .unwrap();
        // HTTP/2 first, as real servers do; HTTP/1.1 too, for a WebSocket.
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        let acceptor = tokio_rustls::TlsAcceptor::from(std::sync::Arc::new(config));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen: Seen = Default::default();
        let record = seen.clone();
        runtime.spawn(async move {
            loop {
                let (tcp, _) = listener.accept().await.unwrap();
                let acceptor = acceptor.clone();
                let record = record.clone();
                tokio::spawn(async move {
                    let Ok(tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    let service = hyper::service::service_fn(
                        move |mut request: http::Request<hyper::body::Incoming>| {
                            let key = request
                                .headers()
                                .get("x-key")
                                .map(|v| v.to_str().unwrap().to_owned());
                            record.lock().unwrap().push((request.version(), key));
                            let websocket = request
                                .headers()
                                .get("upgrade")
                                .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"websocket"));
                            let told = request
                                .headers()
                                .get("authorization")
                                .map(|v| v.as_bytes().to_vec())
                                .unwrap_or_default();
                            let upgraded = websocket.then(|| hyper::upgrade::on(&mut request));
                            // As a server that takes uploads does: the whole request, then
                            // the answer.
                            async move {
                                use http_body_util::BodyExt;
                                if let Some(upgraded) = upgraded {
                                    tokio::spawn(websocket_echo(upgraded, told));
                                    let mut switching = http::Response::new(
                                        http_body_util::Full::new(hyper::body::Bytes::new()),
                                    );
                                    *switching.status_mut() = http::StatusCode::SWITCHING_PROTOCOLS;
                                    switching
                                        .headers_mut()
                                        .insert("upgrade", "websocket".parse().unwrap());
                                    switching
                                        .headers_mut()
                                        .insert("connection", "Upgrade".parse().unwrap());
                                    return Ok::<_, std::convert::Infallible>(switching);
                                }
                                let whole = request.into_body().collect().await.is_ok();
                                let answer = if whole { "h2 ok\n" } else { "cut off\n" };
                                Ok::<_, std::convert::Infallible>(http::Response::new(
                                    http_body_util::Full::new(hyper::body::Bytes::from(answer)),
                                ))
                            }
                        },
                    );
                    let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                        .serve_connection_with_upgrades(TokioIo::new(tls), service)
                        .await;
                });
            }
        });
        Self {
            port,
            seen,
            _runtime: runtime,
        }
    }
}

/// The server side of `WEBSOCKET_CLIENT`: the Authorization the upgrade came with, in a
/// message of two frames cut inside it, then one masked frame of the client's echoed.
async fn websocket_echo(upgraded: hyper::upgrade::OnUpgrade, told: Vec<u8>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let Ok(upgraded) = upgraded.await else {
        return;
    };
    let mut io = hyper_util::rt::TokioIo::new(upgraded);
    let (first, rest) = told.split_at(told.len() / 2);
    let mut frames = vec![0x01, first.len() as u8];
    frames.extend_from_slice(first);
    frames.extend_from_slice(&[0x80, rest.len() as u8]);
    frames.extend_from_slice(rest);
    let _ = io.write_all(&frames).await;
    let mut head = [0u8; 2];
    if io.read_exact(&mut head).await.is_err() {
        return;
    }
    let mut mask = [0u8; 4];
    let mut payload = vec![0u8; usize::from(head[1] & 0x7f)];
    if io.read_exact(&mut mask).await.is_err() || io.read_exact(&mut payload).await.is_err() {
        return;
    }
    for (i, byte) in payload.iter_mut().enumerate() {
        *byte ^= mask[i % 4];
    }
    let mut echo = vec![0x81, payload.len() as u8];
    echo.extend_from_slice(&payload);
    let _ = io.write_all(&echo).await;
    let _ = io.flush().await;
}

/// A WebSocket to an upstream whose ALPN prefers HTTP/2 goes as HTTP/1.1, where `Upgrade`
/// means something: the handshake, the placeholder back in its first message, the echo.
#[test]
fn a_websocket_to_an_upstream_that_prefers_http2_goes_as_http1() {
    let Some(fixture) = Fixture::new() else {
        return;
    };
    let h2 = fixture.pinned_h2();
    fs::write(fixture.sandbox.path("ws.py"), WEBSOCKET_CLIENT).unwrap();
    let out = fixture
        .sandbox
        .vault(["exec", "--agent", "bot", "--proxy", "--upstream-ca"])
        .arg(fixture.sandbox.dir.path().join("ca.pem"))
        .args(["--", "python3", "ws.py"])
        .env("PORT", h2.port.to_string())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_program_never_saw_the_value(&out);
    assert_eq!(
        text(&out.stdout),
        "101\ntold the placeholder: True\necho: hello through the tunnel\n"
    );
    let seen = h2.seen.lock().unwrap().clone();
    assert_eq!(seen.last().unwrap().0, http::Version::HTTP_11);
}

#[test]
fn an_upstream_that_speaks_http2_gets_http2() {
    let Some(fixture) = Fixture::new() else {
        return;
    };
    let h2 = H2Upstream::start(fixture.sandbox.dir.path());
    fixture
        .sandbox
        .vault(["secret", "set", "TOKEN", "--host"])
        .arg(format!("127.0.0.1:{}", h2.port))
        .write_stdin(value())
        .assert()
        .success();
    let out = fixture.exec(&format!(
        r#"curl -sS --http1.1 -H "X-Key: $TOKEN" https://127.0.0.1:{port}/a
        curl -sS --http2 -H "X-Key: $TOKEN" https://127.0.0.1:{port}/b"#,
        port = h2.port
    ));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "h2 ok\nh2 ok\n");
    let seen = h2.seen.lock().unwrap().clone();
    assert_eq!(
        seen,
        vec![(http::Version::HTTP_2, Some(value())); 2],
        "both as HTTP/2, the value in"
    );
}

/// A value echoed in a stream of server-sent events, cut inside it across two chunks that
/// come apart in time (as a model streams its answer), reaches the program as its
/// placeholder: the way back carries what could still become a value over to the next piece.
#[test]
fn an_echo_cut_across_the_chunks_of_a_stream_comes_back_as_its_placeholder() {
    let Some(fixture) = Fixture::new() else {
        return;
    };
    let out = fixture.exec(
        r#"curl -sS -N -H "Authorization: Bearer $TOKEN" "$UP/sse"; printf '%s' "$TOKEN" > placeholder"#,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_program_never_saw_the_value(&out);
    let placeholder = fs::read_to_string(fixture.sandbox.path("placeholder")).unwrap();
    assert_eq!(
        text(&out.stdout),
        format!("data: hello\n\ndata: {{\"delta\": \"you said Bearer {placeholder}\"}}\n\n")
    );
}

/// A placeholder in a body that may not carry it, bound for an upstream that speaks HTTP/2,
/// is answered as over HTTP/1.1: it goes as it is (`vault.withheld`), or under `--strict` the
/// 403 and `vault.blocked`, never an internal error; and the upstream never gets the request
/// whole.
#[test]
fn a_body_placeholder_to_an_http2_upstream_is_answered_as_over_http1() {
    let Some(fixture) = Fixture::new() else {
        return;
    };
    let h2 = fixture.pinned_h2();
    let script = format!(
        r#"curl -sS -w '[%{{http_code}}]\n' --http2 -d "said $TOKEN" https://127.0.0.1:{port}/chat
        head -c 100000 /dev/zero | tr '\0' y > big
        {{ cat big; printf %s "$TOKEN"; }} | curl -sS -w '[%{{http_code}}]\n' --http2 -T - https://127.0.0.1:{port}/streamed"#,
        port = h2.port
    );
    let out = fixture.exec(&script);
    assert_eq!(
        text(&out.stdout),
        "h2 ok\n[200]\nh2 ok\n[200]\n",
        "{}",
        text(&out.stderr)
    );
    assert_eq!(fixture.events("vault.withheld").len(), 1);
    let before = h2.seen.lock().unwrap().len();
    let out = fixture.exec_with(&["--strict"], &script);
    let said = text(&out.stdout);
    assert_eq!(
        said.matches("[403]").count(),
        2,
        "{said}{}",
        text(&out.stderr)
    );
    assert!(!said.contains("internal error"), "{said}");
    assert!(
        said.contains("goes in a request's header, query, path only"),
        "{said}"
    );
    assert_eq!(fixture.events("vault.blocked").len(), 2);
    // Whatever the upstream began to see, the program got nothing of its answer.
    assert!(
        !said.contains("h2 ok") && !said.contains("cut off"),
        "{said}"
    );
    assert_eq!(h2.seen.lock().unwrap().len(), before + 2);
}

/// The deployment SECURITY.md recommends: `vault exec` runs as a user of its own that can
/// read the agent's key (here through setpriv with the capabilities to switch users, as a
/// systemd unit with `AmbientCapabilities=CAP_SETUID CAP_SETGID` would), and starts the
/// program as the agent's user, which cannot read the key, the vault's memory or its
/// environment. The program's requests still carry the value.
#[test]
fn an_agent_running_as_a_user_of_its_own_gets_its_requests_through_and_nothing_else() {
    if !as_root() || !have("setpriv") {
        return;
    }
    let Some(fixture) = Fixture::new() else {
        return;
    };
    use std::os::unix::fs::{PermissionsExt, chown};
    const KEEPER: u32 = 50021;
    const AGENT: u32 = 50022;
    let sandbox = &fixture.sandbox;
    let mode = |path: &Path, uid: u32, gid: u32, mode: u32| {
        chown(path, Some(uid), Some(gid)).unwrap();
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
    };
    let bin = sandbox.path("bin");
    fs::create_dir(&bin).unwrap();
    let vault = bin.join("vault");
    fs::copy(assert_cmd::cargo::cargo_bin("vault"), &vault).unwrap();
    mode(&bin, 0, 0, 0o755);
    mode(&vault, 0, 0, 0o755);
    mode(sandbox.dir.path(), 0, 0, 0o711);
    mode(&sandbox.home(), 0, 0, 0o711);
    mode(&sandbox.vault_file(), 0, KEEPER, 0o640);
    let keeper_home = sandbox.path("keeper");
    fs::create_dir(&keeper_home).unwrap();
    let key = keeper_home.join("bot.key");
    fs::rename(sandbox.path("bot.key"), &key).unwrap();
    mode(&key, KEEPER, KEEPER, 0o600);
    mode(&keeper_home, KEEPER, KEEPER, 0o700);
    let log = sandbox.home().join("events.bot.jsonl");
    fs::write(&log, b"").unwrap();
    mode(&log, 0, KEEPER, 0o660);
    let work = sandbox.path("work");
    fs::create_dir(&work).unwrap();
    mode(&work, AGENT, AGENT, 0o700);

    let script = format!(
        r#"cd {work}
        id -u
        curl -sS -H "X-Key: $TOKEN" "$UP/as-agent"
        cat {key} >/dev/null 2>&1 && echo key-read || echo key-refused
        cat /proc/$PPID/environ >/dev/null 2>&1 && echo environ-read || echo environ-refused
        head -c 1 /proc/$PPID/mem >/dev/null 2>&1 && echo memory-read || echo memory-refused
        {vault} read --agent bot TOKEN --key-file {key} >/dev/null 2>&1 && echo vault-read || echo vault-refused"#,
        work = work.display(),
        key = key.display(),
        vault = vault.display(),
    );
    let out = sandbox
        .program("setpriv")
        .args([
            &format!("--reuid={KEEPER}"),
            &format!("--regid={KEEPER}"),
            "--clear-groups",
            "--inh-caps=+setuid,+setgid",
            "--ambient-caps=+setuid,+setgid",
            "--",
        ])
        .arg(&vault)
        .args(["exec", "--agent", "bot", "--proxy", "--upstream-ca"])
        .arg(sandbox.dir.path().join("ca.pem"))
        .args(["--key-file"])
        .arg(&key)
        .args([
            "--",
            "setpriv",
            &format!("--reuid={AGENT}"),
            &format!("--regid={AGENT}"),
            "--clear-groups",
            "--inh-caps=-all",
            "--ambient-caps=-all",
            "--",
            "sh",
            "-c",
            &script,
        ])
        .env("VAULT_LOG", &log)
        .env("HOME", &keeper_home)
        .env("UP", fixture.url(""))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_program_never_saw_the_value(&out);
    assert_eq!(
        text(&out.stdout),
        format!("{AGENT}\nok\nkey-refused\nenviron-refused\nmemory-refused\nvault-refused\n")
    );
    assert_eq!(header(&fixture.upstream.last(), "x-key").unwrap(), value());
    let logged = fs::read_to_string(&log).unwrap();
    assert!(logged.contains("\"event\":\"vault.injected\""), "{logged}");
}

/// The agent loop's first finding: after `printenv TOKEN`, the conversation an agent sends its
/// model holds the placeholder, and the model's host is the key's own. A body gets no value
/// unless the secret says `--inject body`; a credential's places (header, query, path) do,
/// each only as the secret allows.
#[test]
fn a_conversation_sent_to_the_pinned_host_carries_no_value_unless_bodies_are_allowed() {
    let Some(fixture) = Fixture::new() else {
        return;
    };
    let listed: Value = serde_json::from_slice(&stdout_of(
        &mut fixture.sandbox.vault(["secret", "list", "--json"]),
    ))
    .unwrap();
    assert_eq!(
        listed[0]["inject"],
        serde_json::json!(["header", "query", "path"])
    );
    let script = r#"set -e
        curl -sS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
            -d "{\"messages\":[\"printenv said $TOKEN\"]}" "$UP/v1/chat"
        printf 'tool output: %s\n' "$TOKEN" | curl -sS -H 'Transfer-Encoding: chunked' --data-binary @- "$UP/v1/stream"
        curl -sS "$UP/v1/q?key=$TOKEN"
        printf %s "$TOKEN" > placeholder"#;
    let out = fixture.exec(script);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_program_never_saw_the_value(&out);
    let placeholder = fs::read_to_string(fixture.sandbox.path("placeholder")).unwrap();
    let got = fixture.upstream.requests();
    assert_eq!(
        header(&got[0], "authorization").unwrap(),
        format!("Bearer {}", value())
    );
    assert_eq!(
        got[0]["body"],
        format!("{{\"messages\":[\"printenv said {placeholder}\"]}}")
    );
    assert_eq!(got[1]["body"], format!("tool output: {placeholder}\n"));
    assert_eq!(got[2]["path"], format!("/v1/q?key={}", value()));
    let withheld = fixture.events("vault.withheld");
    assert_eq!(withheld.len(), 1, "{withheld:#?}");

    // Only the query, now: the header goes as it is.
    fixture
        .sandbox
        .vault(["secret", "hosts", "TOKEN", "--inject", "query"])
        .assert()
        .success();
    let before = fixture.upstream.requests().len();
    let out = fixture.exec(script);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let placeholder = fs::read_to_string(fixture.sandbox.path("placeholder")).unwrap();
    let got = &fixture.upstream.requests()[before..];
    assert_eq!(
        header(&got[0], "authorization").unwrap(),
        format!("Bearer {placeholder}")
    );
    assert_eq!(got[2]["path"], format!("/v1/q?key={}", value()));
    assert!(!got[..2].iter().any(|r| r.to_string().contains(&value())));

    // Under --strict, a body that holds it is refused, saying where the value may go.
    let out = fixture.exec_with(
        &["--strict"],
        r#"curl -sS -w '[%{http_code}]' -d "x=$TOKEN" "$UP/form""#,
    );
    let said = text(&out.stdout);
    assert!(said.ends_with("[403]"), "{said}");
    assert!(said.contains("goes in a request's query only"), "{said}");
    assert!(
        said.contains("`vault secret hosts TOKEN --inject PLACE`"),
        "{said}"
    );
}

/// The agent loop's second finding: a real value the program read from disk (a `.env`, a
/// config in `git diff`) went out in the conversation. Every real value of the run's secrets
/// in a request becomes its placeholder first, then the rules apply: a value in a header to
/// its pinned host still works, one in a body or to another host goes as its placeholder.
#[test]
fn a_real_value_read_from_a_file_leaves_only_where_a_rule_puts_it() {
    let Some(fixture) = Fixture::new() else {
        return;
    };
    // Another secret pinned to localhost lets the proxy reach it (loopback is refused
    // otherwise): a host TOKEN is not pinned to.
    fixture
        .sandbox
        .vault(["secret", "add", "OTHER", "--host"])
        .arg(format!("localhost:{}", fixture.upstream.port))
        .write_stdin("other-abcdefghijklmnop")
        .assert()
        .success();
    fixture.sandbox.grant("bot", "OTHER");
    fs::write(
        fixture.sandbox.path("leaked.env"),
        format!("TOKEN={}\n", value()),
    )
    .unwrap();
    let script = r#"set -e
        real=$(cut -d= -f2 leaked.env)
        curl -sS -H "Authorization: Bearer $real" "$UP/works"
        curl -sS -d "cat .env said: $(cat leaked.env)" "$UP/conversation"
        # The value straddles the 64 KiB a read of curl takes: it is caught across pieces.
        { head -c 65520 /dev/zero | tr '\0' z; cat leaked.env; } | curl -sS -H 'Transfer-Encoding: chunked' --data-binary @- "$UP/streamed"
        curl -sS -H "X-Leak: $real" "https://localhost:$PORT/elsewhere"
        curl -sS "$UP/search?q=$real"
        curl -sS "$UP/files/$real"
        printf %s "$TOKEN" > placeholder"#;
    let out = fixture.exec(script);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let placeholder = fs::read_to_string(fixture.sandbox.path("placeholder")).unwrap();
    let got = fixture.upstream.requests();
    let by_path = |path: &str| {
        got.iter()
            .find(|r| r["path"].as_str().unwrap().starts_with(path))
            .unwrap_or_else(|| panic!("no request to {path}"))
            .clone()
    };
    assert_eq!(
        header(&by_path("/works"), "authorization").unwrap(),
        format!("Bearer {}", value())
    );
    assert_eq!(
        by_path("/conversation")["body"],
        format!("cat .env said: TOKEN={placeholder}")
    );
    let streamed = by_path("/streamed")["body"].as_str().unwrap().to_owned();
    assert!(
        streamed.ends_with(&format!("TOKEN={placeholder}\n")),
        "{}",
        &streamed[streamed.len() - 80..]
    );
    assert_eq!(
        header(&by_path("/elsewhere"), "x-leak").unwrap(),
        placeholder
    );
    // The query may carry it to its pinned host: a rule put it back.
    assert_eq!(by_path("/search")["path"], format!("/search?q={}", value()));
    // In the path it goes back as the value, and the event names the path by its placeholder.
    assert_eq!(by_path("/files/")["path"], format!("/files/{}", value()));
    let log = fs::read_to_string(fixture.sandbox.log_file()).unwrap();
    assert!(!log.contains(&value()), "the log holds the value");
    assert!(log.contains(&format!("/files/{placeholder}")));
    for path in ["/conversation", "/streamed", "/elsewhere"] {
        assert!(!by_path(path).to_string().contains(&value()), "{path}");
    }
    // Once per secret, host and place.
    let stopped = fixture.events("vault.leak_stopped");
    let mut seen: Vec<(String, String)> = stopped
        .iter()
        .map(|e| {
            (
                e["host"].as_str().unwrap().to_owned(),
                e["where"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    seen.sort();
    let here = format!("127.0.0.1:{}", fixture.upstream.port);
    let there = format!("localhost:{}", fixture.upstream.port);
    assert_eq!(
        seen,
        [
            (here.clone(), "body".to_owned()),
            (here.clone(), "header".to_owned()),
            (here.clone(), "path".to_owned()),
            (here, "query".to_owned()),
            (there, "header".to_owned()),
        ]
    );
    assert!(
        stopped
            .iter()
            .all(|e| e["secret_name"] == "TOKEN" && e["agent_id"] == "bot")
    );
    let shown = text(&stdout_of(&mut fixture.sandbox.vault([
        "events",
        "--event",
        "vault.leak_stopped",
    ])));
    assert!(
        shown.contains("real value turned into its placeholder in the body of POST"),
        "{shown}"
    );
}

/// Routes: TOKEN only on `/repos/acme/**`, only for GET and POST. The value goes into a
/// request on a route; any other request to the same host keeps the placeholder, and the log
/// names the routes it missed. A path that gets into the route only as the upstream would
/// resolve it (`..`, an encoded slash) gets no value.
#[test]
fn a_value_goes_only_into_requests_on_its_routes() {
    let Some(fixture) = Fixture::new() else {
        return;
    };
    let route = format!("127.0.0.1:{}/repos/acme/**", fixture.upstream.port);
    let changed: Value = serde_json::from_slice(&stdout_of(
        fixture
            .sandbox
            .vault(["secret", "hosts", "TOKEN", "--clear", "--add", &route])
            .args(["--method", "get", "--method", "POST", "--json"]),
    ))
    .unwrap();
    assert_eq!(changed["hosts"], serde_json::json!([route]));
    assert_eq!(changed["methods"], serde_json::json!(["GET", "POST"]));
    let listed: Value = serde_json::from_slice(&stdout_of(
        &mut fixture.sandbox.vault(["secret", "list", "--json"]),
    ))
    .unwrap();
    assert_eq!(listed[0]["hosts"], serde_json::json!([route]));
    assert_eq!(listed[0]["methods"], serde_json::json!(["GET", "POST"]));
    let script = r#"set -e
        for target in "GET /repos/acme/widget" "POST /repos/acme/widget/issues" \
            "DELETE /repos/acme/widget" "GET /repos/other/widget" "GET /repos/acme" \
            "GET /repos/other/../acme/widget" "GET /repos/acme/..%2F..%2Fother" \
            "GET /repos/acme//widget"; do
            set -- $target
            curl -sS --path-as-is -X "$1" -H "X-Key: $TOKEN" "$UP$2" > /dev/null
        done
        printf %s "$TOKEN" > placeholder"#;
    let out = fixture.exec(script);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_program_never_saw_the_value(&out);
    let placeholder = fs::read_to_string(fixture.sandbox.path("placeholder")).unwrap();
    let got: Vec<(String, String, String)> = fixture
        .upstream
        .requests()
        .iter()
        .map(|r| {
            (
                r["method"].as_str().unwrap_or_default().to_owned(),
                r["path"].as_str().unwrap().to_owned(),
                header(r, "x-key").unwrap(),
            )
        })
        .collect();
    let key = |method: &str, path: &str| {
        got.iter()
            .find(|(m, p, _)| m == method && p == path)
            .map(|(_, _, key)| key.clone())
            .unwrap_or_else(|| panic!("no {method} {path}: {got:?}"))
    };
    assert_eq!(key("GET", "/repos/acme/widget"), value());
    assert_eq!(key("POST", "/repos/acme/widget/issues"), value());
    for (method, path) in [
        ("DELETE", "/repos/acme/widget"),
        ("GET", "/repos/other/widget"),
        ("GET", "/repos/acme"),
        ("GET", "/repos/other/../acme/widget"),
        ("GET", "/repos/acme/..%2F..%2Fother"),
        ("GET", "/repos/acme//widget"),
    ] {
        assert_eq!(key(method, path), placeholder, "{method} {path}");
    }
    // One event for the host, naming the routes missed; nothing withheld: it is pinned.
    let blocked = fixture.events("vault.blocked");
    assert_eq!(blocked.len(), 1, "{blocked:#?}");
    assert_eq!(blocked[0]["route"], format!("GET,POST {route}"));
    assert_eq!(blocked[0]["method"], "DELETE");
    assert!(fixture.events("vault.withheld").is_empty());
    assert_eq!(fixture.events("vault.injected").len(), 2);

    // Under --strict, a request off the routes is refused, saying which routes it missed.
    let out = fixture.exec_with(
        &["--strict"],
        r#"curl -sS -w ' [%{http_code}]' -H "X-Key: $TOKEN" "$UP/repos/other/widget""#,
    );
    let said = text(&out.stdout);
    assert!(said.ends_with(" [403]"), "{said}");
    assert!(
        said.contains("off its routes there (GET,POST ") && said.contains("--method"),
        "{said}"
    );
    assert_program_never_saw_the_value(&out);
    let blocked = fixture.events("vault.blocked");
    assert_eq!(blocked.len(), 2, "{blocked:#?}");
    assert_eq!(blocked[1]["route"], format!("GET,POST {route}"));
    assert_eq!(blocked[1]["path"], "/repos/other/widget");
}

/// `--egress`: where the program may connect at all. A host outside gets a 403 naming the flag
/// that allows it, and one `vault.egress_denied` per host in a run; `--allow-host` and a list
/// of hosts let it in.
#[test]
fn egress_lets_the_program_reach_only_the_hosts_it_allows() {
    let Some(fixture) = Fixture::new() else {
        return;
    };
    let port = fixture.upstream.port;
    let script = r#"for url in "$UP/pinned" "https://localhost:$PORT/other" "https://localhost:$PORT/again"; do
            curl -sS --noproxy '' -w ' [%{http_code}]\n' -H "X-Key: $TOKEN" "$url" 2>&1 | tail -n 2
        done"#;
    let out = fixture.exec_with(&["--egress", "pinned"], script);
    let said = text(&out.stdout);
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(lines[0], "ok", "{said}");
    assert_eq!(lines[1], " [200]", "{said}");
    // curl shows a CONNECT refused as its own error, with the proxy's status.
    assert!(
        said.contains("CONNECT tunnel failed, response 403"),
        "{said}"
    );
    let denied = fixture.events("vault.egress_denied");
    assert_eq!(denied.len(), 1, "{denied:#?}");
    assert_eq!(denied[0]["host"], format!("localhost:{port}"));
    assert_eq!(denied[0]["agent_id"], "bot");
    assert_program_never_saw_the_value(&out);

    // The refusal's words, as a plain-HTTP proxy request gets them in the body.
    let out = fixture.exec_with(
        &["--egress", "pinned"],
        r#"curl -sS --noproxy '' -x "$HTTPS_PROXY" "http://elsewhere.test:8080/" -w ' [%{http_code}]'"#,
    );
    let said = text(&out.stdout);
    assert!(
        said.contains("elsewhere.test:8080 is outside this run's egress (--egress pinned")
            && said.contains("`--allow-host elsewhere.test:8080`")
            && said.ends_with(" [403]"),
        "{said}"
    );

    // A list of hosts: the pinned one is not among them, so it is refused too.
    let out = fixture.exec_with(
        &[
            "--egress",
            "api.example.com",
            "--allow-host",
            "*.example.org",
        ],
        r#"curl -sS --noproxy '' -x "$HTTPS_PROXY" "http://127.0.0.1:$PORT/" -w ' [%{http_code}]'"#,
    );
    let said = text(&out.stdout);
    assert!(
        said.contains("another `--egress 127.0.0.1:") && said.ends_with(" [403]"),
        "{said}"
    );

    // What cannot be meant is refused before anything runs.
    for flags in [
        vec!["--egress", "any", "--allow-host", "a.test"],
        vec!["--egress", "any", "--egress", "a.test"],
        vec!["--egress", "a.test/v1"],
    ] {
        let out = fixture.exec_with(&flags, "echo RAN");
        assert_eq!(out.status.code(), Some(1), "{flags:?}");
        assert!(!text(&out.stdout).contains("RAN"));
        assert!(
            text(&out.stderr).starts_with("vault: "),
            "{}",
            text(&out.stderr)
        );
    }
}

/// When the run ends, one `vault.egress` per host and port the program reached, with the
/// upstream connections, the requests and the bytes each way: where it went, whether or not a
/// secret went with it. A host the egress refused is not among them (it has its
/// `vault.egress_denied`).
#[test]
fn the_run_ends_with_one_egress_event_per_host_it_went_to_with_its_counts() {
    let Some(fixture) = Fixture::new() else {
        return;
    };
    let port = fixture.upstream.port;
    fixture
        .sandbox
        .vault(["secret", "hosts", "TOKEN", "--add"])
        .arg(format!("localhost:{port}"))
        .assert()
        .success();
    let body = fixture.sandbox.path("upload");
    fs::write(&body, vec![b'x'; 20_000]).unwrap();
    let script = r#"curl -sS --noproxy '' -H "X-Key: $TOKEN" "$UP/one" "$UP/two"
        curl -sS --noproxy '' -T "$BODY" "https://localhost:$PORT/put"
        curl -sS --noproxy '' -o /dev/null -w '%{http_code}
' -x "$HTTPS_PROXY" http://elsewhere.test:8080/"#;
    let ca = fixture.sandbox.dir.path().join("ca.pem");
    let out = fixture
        .sandbox
        .vault(["exec", "--agent", "bot", "--proxy", "--egress", "pinned"])
        .arg("--upstream-ca")
        .arg(&ca)
        .args(["--", "sh", "-c", script])
        .env("UP", fixture.url(""))
        .env("PORT", port.to_string())
        .env("BODY", &body)
        .output()
        .unwrap();
    assert_eq!(
        text(&out.stdout),
        "ok\nok\nok\n403\n",
        "{}",
        text(&out.stderr)
    );
    let went = fixture.events("vault.egress");
    assert_eq!(went.len(), 2, "{went:#?}");
    // In the order of the hosts' names, each after every event of the run.
    let (ip, name) = (&went[0], &went[1]);
    assert_eq!(ip["host"], "127.0.0.1");
    assert_eq!(name["host"], "localhost");
    let last_seq = fixture.sandbox.events().last().unwrap()["seq"].clone();
    assert_eq!(name["seq"], last_seq);
    for event in [ip, name] {
        assert_eq!(event["port"], port);
        assert_eq!(event["agent_id"], "bot");
        assert!(event.get("secret_name").is_none(), "{event}");
        let connections = event["connections"].as_u64().unwrap();
        assert!((1..=2).contains(&connections), "{event}");
        // TLS both ways: more than the bare HTTP would be.
        assert!(event["bytes_in"].as_u64().unwrap() > 1000, "{event}");
    }
    assert_eq!(ip["requests"], 2);
    assert_eq!(name["requests"], 1);
    // The upload went to localhost: its bytes are on that host's count, and only there.
    assert!(name["bytes_out"].as_u64().unwrap() > 20_000, "{name}");
    assert!(ip["bytes_out"].as_u64().unwrap() < 20_000, "{ip}");
    assert_eq!(fixture.events("vault.egress_denied").len(), 1);

    // People read it as a sentence.
    let shown = fixture
        .sandbox
        .vault(["events", "--event", "vault.egress"])
        .output()
        .unwrap();
    let shown = text(&shown.stdout);
    assert!(
        shown.contains(&format!("went to localhost:{port}: ")) && shown.contains("1 request(s)"),
        "{shown}"
    );

    // A run that went nowhere logs none.
    let before = fixture.events("vault.egress").len();
    let out = fixture.exec("true");
    assert!(out.status.success());
    assert_eq!(fixture.events("vault.egress").len(), before);
}
