//! The README's `sh` examples, run in order in one shell against the binary under test.

use std::path::Path;

use assert_cmd::cargo::cargo_bin;

use crate::support::*;

/// The `sh` blocks of README.md (not `console` ones, which show set-up on the reader's machine).
fn examples() -> Vec<String> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in readme.lines() {
        match &mut current {
            None if line == "```sh" => current = Some(String::new()),
            Some(block) if line == "```" => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    blocks
}

#[test]
fn the_readme_examples_run() {
    if !have_all(&["jq", "age-keygen"]) {
        return;
    }
    let blocks = examples();
    assert!(blocks.len() >= 8, "found {} examples", blocks.len());
    let mut script = String::from("set -euo pipefail\n");
    for (i, block) in blocks.iter().enumerate() {
        script.push_str(&format!("echo '--- README example {}' >&2\n{block}", i + 1));
    }
    let sandbox = Sandbox::new();
    let bin_dir = cargo_bin("vault").parent().unwrap().to_path_buf();
    let path = std::env::join_paths(
        std::iter::once(bin_dir).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let out = sandbox
        .program("bash")
        .args(["-c", &script])
        .env("PATH", path)
        .env("OPENAI_API_KEY", "sk-test-readme")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "a README example failed:\n{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    for shown in [
        "sk-test-readme",
        "xoxb-123",
        "ghp_abc",
        "<redacted:GITHUB_TOKEN>",
        "exit 3",
        "OPENAI_API_KEY",
    ] {
        assert!(stdout.contains(shown), "{shown} missing from:\n{stdout}");
    }
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
