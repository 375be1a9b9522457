//! The `sh` examples of the README and the docs, run in reading order in one shell against the
//! binary under test, as a new user pasting them would.

use std::path::Path;

use assert_cmd::cargo::cargo_bin;

use crate::support::*;

/// Where the examples are, in the order the README's "Read on" sends a reader: each goes on
/// from the state the ones before it left.
const DOCS: [&str; 5] = [
    "README.md",
    "docs/agents.md",
    "docs/operating.md",
    "docs/teams.md",
    "docs/audit-log.md",
];

#[test]
fn the_readme_and_docs_examples_run_in_order() {
    if !have_all(&["jq", "age-keygen", "logrotate"]) {
        return;
    }
    // The unlock cache the quick start starts must end however the script does.
    let mut script = String::from("set -euo pipefail\ntrap 'vault lock' EXIT\n");
    let mut count = 0;
    for doc in DOCS {
        for (i, block) in sh_blocks(doc).iter().enumerate() {
            script.push_str(&format!("echo '--- {doc}, example {}' >&2\n{block}", i + 1));
            count += 1;
        }
    }
    assert!(count >= 20, "found {count} examples");
    let sandbox = Sandbox::new();
    let run = sandbox.runtime_dir();
    let bin_dir = cargo_bin("vault").parent().unwrap().to_path_buf();
    let out = sandbox
        .program("bash")
        .args(["-c", &script])
        .env("PATH", path_with(&bin_dir))
        .env("XDG_RUNTIME_DIR", &run)
        // What a user types at the prompts, for a script.
        .env("VAULT_PASSPHRASE", "correct horse battery staple")
        .env(
            "OPENAI_API_KEY",
            "sk-proj-readme0test0key0aBcDeFgHiJkLmNoPqRsTuV",
        )
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "an example failed:\n{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    for shown in [
        "sk-proj-readme0test0key0aBcDeFgHiJkLmNoPqRsTuV",
        "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
        "token: <redacted:GITHUB_TOKEN>",
        "\nsk-proj-\n",
        "xoxb-123",
        "exit 3",
        "OPENAI_API_KEY",
        "output",
    ] {
        assert!(stdout.contains(shown), "{shown:?} missing from:\n{stdout}");
    }
    // The identity the quick start made is locked, and the keys the examples wrote are private.
    let identity = std::fs::read_to_string(sandbox.identity_file()).unwrap();
    assert!(
        identity.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"),
        "{identity}"
    );
    for key in ["researcher.key", "ci-bot.key"] {
        assert_eq!(mode(&sandbox.path(key)), 0o600, "{key}");
    }
    assert!(
        sandbox.home().join("events.jsonl.1").exists(),
        "logrotate rotated nothing"
    );
}

/// Every doc with examples is in DOCS, so none goes untested.
#[test]
fn every_doc_with_examples_is_run() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let name = format!("docs/{}", entry.unwrap().file_name().to_string_lossy());
        if !sh_blocks(&name).is_empty() {
            assert!(
                DOCS.contains(&name.as_str()),
                "{name} has examples no test runs"
            );
        }
    }
}

/// A relative link in the README or the docs points at a file that is there.
#[test]
fn the_docs_links_resolve() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut docs: Vec<_> = ["README.md", "SECURITY.md", "FORMAT.md", "CONTRIBUTING.md"]
        .map(|d| root.join(d))
        .to_vec();
    docs.extend(
        std::fs::read_dir(root.join("docs"))
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    let mut checked = 0;
    for doc in docs {
        let text = std::fs::read_to_string(&doc).unwrap();
        for target in text
            .split("](")
            .skip(1)
            .filter_map(|rest| rest.split(')').next())
        {
            let file = target.split('#').next().unwrap();
            if file.is_empty() || file.contains("://") {
                continue;
            }
            let resolved = doc.parent().unwrap().join(file);
            assert!(
                resolved.exists(),
                "{}: {target} is not there",
                doc.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "{checked}");
}

/// SECURITY.md names, for each promise, the tests that attack it: they must exist.
#[test]
fn the_tests_security_md_names_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let security = std::fs::read_to_string(root.join("SECURITY.md")).unwrap();
    let table = &security[security.find("## The promises and the tests").unwrap()..];
    let mut named = 0;
    for row in table
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains(".rs"))
    {
        let cell = row.rsplit('|').nth(1).unwrap();
        let mut file = None;
        // Quoted words: a file, then the tests in it.
        for word in cell.split('`').skip(1).step_by(2) {
            if let Some(stem) = word.strip_suffix(".rs") {
                file = Some(
                    std::fs::read_to_string(root.join("tests/cli").join(format!("{stem}.rs")))
                        .unwrap(),
                );
            } else {
                let source = file.as_ref().unwrap();
                assert!(
                    source.contains(&format!("fn {word}()")),
                    "SECURITY.md names {word}, which is not a test"
                );
                named += 1;
            }
        }
    }
    assert!(named >= 15, "{named}");
}
