use std::fs;

use crate::support::*;

const DOTENV: &str = r#"# Every form dotenv tools read
PLAIN=plain-value
export EXPORTED=exported-value
SINGLE='single $NOT_EXPANDED'
DOUBLE="double \"quoted\" value"
MULTI="line one
line two"
SPACED = spaced-value # with a comment
"#;

fn read(sandbox: &Sandbox, name: &str) -> String {
    String::from_utf8(stdout_of(
        &mut sandbox.vault(["read", "--agent", "reader", name]),
    ))
    .unwrap()
}

#[test]
fn every_dotenv_form_is_imported_as_dotenv_reads_it() {
    let sandbox = Sandbox::init();
    fs::write(sandbox.path(".env"), DOTENV).unwrap();
    let out = sandbox.json(&["secret", "import", ".env"]);
    assert_eq!(out, serde_json::json!({"created": 6, "updated": 0}));
    sandbox.add_agent("reader");
    for name in ["PLAIN", "EXPORTED", "SINGLE", "DOUBLE", "MULTI", "SPACED"] {
        sandbox.grant("reader", name);
    }
    assert_eq!(read(&sandbox, "PLAIN"), "plain-value");
    assert_eq!(read(&sandbox, "EXPORTED"), "exported-value");
    assert_eq!(read(&sandbox, "SINGLE"), "single $NOT_EXPANDED");
    assert_eq!(read(&sandbox, "DOUBLE"), "double \"quoted\" value");
    assert_eq!(read(&sandbox, "MULTI"), "line one\nline two");
    assert_eq!(read(&sandbox, "SPACED"), "spaced-value");
    let created = sandbox
        .event_names()
        .iter()
        .filter(|e| *e == "secret.created")
        .count();
    assert_eq!(created, 6);
}

#[test]
fn stdin_and_replace() {
    let sandbox = Sandbox::init();
    sandbox.add_secret("EXISTING", b"old");
    let before = fs::read(sandbox.vault_file()).unwrap();
    let out = sandbox
        .vault(["secret", "import", "-"])
        .write_stdin("NEW=n\nEXISTING=new\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = one_error_line(&out.stderr);
    assert!(err.contains("line 2") && err.contains("--replace"), "{err}");
    assert_eq!(fs::read(sandbox.vault_file()).unwrap(), before);

    let out = sandbox
        .vault(["secret", "import", "--replace", "-", "--json"])
        .write_stdin("NEW=n\nEXISTING=new\n")
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json, serde_json::json!({"created": 1, "updated": 1}));
    sandbox.add_agent("reader");
    sandbox.grant("reader", "EXISTING");
    assert_eq!(read(&sandbox, "EXISTING"), "new");
    let names = sandbox.event_names();
    assert_eq!(
        names[names.len() - 5..names.len() - 3],
        ["secret.created", "secret.updated"]
    );
}

#[test]
fn a_bad_file_is_rejected_whole_with_its_line_and_without_its_values() {
    let sandbox = Sandbox::init();
    let before = fs::read(sandbox.vault_file()).unwrap();
    let cases = [
        ("A=1\nB=2\nA=3\n", "line 3"),
        ("A=1\n\n# c\nbad-name!=2\n", "line 4"),
        ("A=1\nB=\"sk-live-CANARY-7f3a9c\n", "line 2"),
        ("A=1\n9LIVES=2\n", "line 2"),
        ("A=1\nEMPTY=\n", "line 2"),
    ];
    for (text, line) in cases {
        let out = sandbox
            .vault(["secret", "import", "-"])
            .write_stdin(text)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{text:?}");
        let err = one_error_line(&out.stderr);
        assert!(
            err.contains(line) && err.contains("nothing was imported"),
            "{err}"
        );
        assert!(!err.contains(CANARY), "{err}");
    }
    assert_eq!(fs::read(sandbox.vault_file()).unwrap(), before);
    assert_eq!(sandbox.event_names(), ["vault.initialized"]);
}

#[test]
fn ten_thousand_secrets_are_one_write() {
    let sandbox = Sandbox::init();
    let text: String = (0..10_000)
        .map(|i| format!("SECRET_{i}=value-{i}\n"))
        .collect();
    fs::write(sandbox.path("big.env"), text).unwrap();
    let out = sandbox.json(&["secret", "import", "big.env"]);
    assert_eq!(out["created"], 10_000);
    assert_eq!(
        sandbox.json(&["secret", "list"]).as_array().unwrap().len(),
        10_000
    );
    let events = sandbox.events();
    assert_eq!(events.len(), 10_001);
    // One batch: every event of the import carries the same pid.
    assert!(events[1..].iter().all(|e| e["pid"] == events[1]["pid"]));
    assert_eq!(assert_chain(&sandbox.log_file()), 10_001);
}

/// The review's item 4: `$` is an ordinary character. A `.env` an agent wrote cannot pull the
/// operator's passphrase (or anything else of the environment) into a stored value.
const LITERAL: &str = r#"A=pa$$word
B="${VAULT_PASSPHRASE}"
C="x\ty"
D=a b c
E=val # comment
F=$HOME
G="say \"hi\""
H=${NOPE:-default}
K="x\\y"
M="first
second"
"#;

#[test]
fn values_are_literal_and_read_as_python_dotenv_reads_them() {
    let sandbox = Sandbox::init();
    fs::write(sandbox.path(".env"), LITERAL).unwrap();
    sandbox
        .vault(["secret", "import", ".env"])
        .env("VAULT_PASSPHRASE", "the-operators-passphrase")
        .env("NOPE", "set-in-the-environment")
        .assert()
        .success();
    sandbox.add_agent("reader");
    let expected = [
        ("A", "pa$$word"),
        ("B", "${VAULT_PASSPHRASE}"),
        ("C", "x\ty"),
        ("D", "a b c"),
        ("E", "val"),
        ("F", "$HOME"),
        ("G", "say \"hi\""),
        ("H", "${NOPE:-default}"),
        ("K", "x\\y"),
        ("M", "first\nsecond"),
    ];
    for (name, value) in expected {
        sandbox.grant("reader", name);
        assert_eq!(read(&sandbox, name), value, "{name}");
    }
}

/// python-dotenv itself as the oracle (Debian's python3-dotenv), on the forms above and the
/// awkward ones: where it reads a value, we read the same; where it cannot parse a line, we
/// refuse the file.
#[test]
fn python_dotenv_agrees() {
    if !have("python3") {
        return;
    }
    let sandbox = Sandbox::new();
    let oracle = |text: &str| -> Option<serde_json::Value> {
        let out = sandbox
            .program("python3")
            .args([
                "-c",
                "import io, json, sys, dotenv\n\
                 bad = []\n\
                 import logging\n\
                 logging.getLogger('dotenv.main').addFilter(lambda r: bad.append(r) or False)\n\
                 values = dotenv.dotenv_values(stream=io.StringIO(sys.stdin.read()), interpolate=False)\n\
                 print(json.dumps(None if bad else values))",
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child.stdin.take().unwrap().write_all(text.as_bytes())?;
                child.wait_with_output()
            })
            .unwrap();
        if !out.status.success() {
            return None;
        }
        serde_json::from_slice(&out.stdout).ok()
    };
    if oracle("A=1\n").is_none() {
        assert!(
            std::env::var_os("VAULT_TEST_REQUIRE_TOOLS").is_none(),
            "python3 cannot import dotenv: apt-get install python3-dotenv"
        );
        eprintln!("skipped: python-dotenv is not installed (apt-get install python3-dotenv)");
        return;
    }
    let mut cases: Vec<String> = LITERAL.lines().map(str::to_owned).collect();
    cases.extend(
        [
            "export X=exported",
            "  SPACED  =  spaced  ",
            "'QUOTED_KEY'=q",
            "S='$NOT \\n expanded'",
            "S2='it\\'s'",
            "Q=\"v\" # after quotes",
            "E2=val#not-a-comment",
            "K3=\"\\a\\b\\f\\n\\r\\t\\v\"",
            "K4=\"x\\qy\"",
            "TICKS=`date`",
            "JOINED='it''s'",
            "JUNK=\"v\"junk",
            "SPLIT 'x'=1",
            "='no name'",
            "UNCLOSED=\"open",
        ]
        .map(str::to_owned),
    );
    cases.push(LITERAL.to_owned());
    for text in cases {
        let text = format!("{text}\n");
        let expected = oracle(&text);
        let sandbox = Sandbox::init();
        let out = sandbox
            .vault(["secret", "import", "-"])
            .write_stdin(text.clone())
            .output()
            .unwrap();
        // A name without a value (python-dotenv reads it as unset) or one that is not a valid
        // secret name is refused by an import, as is what python-dotenv cannot parse.
        let valid = |name: &str, value: &serde_json::Value| {
            value.is_string()
                && name
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
        };
        match expected {
            Some(serde_json::Value::Object(values))
                if !values.is_empty() && values.iter().all(|(n, v)| valid(n, v)) =>
            {
                assert!(
                    out.status.success(),
                    "{text:?}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                sandbox.add_agent("reader");
                for (name, value) in values {
                    sandbox.grant("reader", &name);
                    assert_eq!(read(&sandbox, &name), value.as_str().unwrap(), "{text:?}");
                }
            }
            _ => assert_eq!(out.status.code(), Some(1), "{text:?} was not refused"),
        }
    }
}
