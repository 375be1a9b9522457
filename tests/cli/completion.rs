//! The committed completion scripts load and complete in real shells, and the dynamic form
//! (`COMPLETE=bash vault`) completes agent and secret names from the vault.

use std::path::{Path, PathBuf};

use crate::support::*;

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("completions")
        .join(name)
}

/// Runs `shell -c code` in the sandbox; the shell must be installed (.ci/run installs them).
fn run_in(sandbox: &Sandbox, shell: &str, code: &str) -> String {
    let mut real = sandbox.program(shell);
    real.args(["-c", code]);
    let out = real.output().unwrap_or_else(|err| {
        panic!("cannot run {shell} ({err}); install it: apt-get install {shell}")
    });
    assert!(
        out.status.success(),
        "{shell}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn with_names() -> Sandbox {
    let sandbox = Sandbox::init();
    sandbox.add_secret("OPENAI_API_KEY", b"v");
    sandbox.add_agent("researcher");
    sandbox
}

#[test]
fn bash_completes_commands_flags_and_event_types() {
    let sandbox = Sandbox::new();
    let complete = |words: &str, cword: usize| {
        run_in(
            &sandbox,
            "bash",
            &format!(
                "source '{}'; COMP_WORDS=({words}); COMP_CWORD={cword}; _vault vault \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
                script("vault.bash").display()
            ),
        )
    };
    assert!(complete("vault se", 1).lines().any(|l| l == "secret"));
    assert!(complete("vault secret i", 2).lines().any(|l| l == "import"));
    let events = complete("vault events --event vault.d", 3);
    assert!(events.lines().any(|l| l == "vault.denied"), "{events}");
    // An agent, a secret or a duration is never a file of the directory the user is in.
    std::fs::write(sandbox.path("researcher.key"), "").unwrap();
    for words in [
        "vault grant add --agent r",
        "vault read --agent r",
        "vault grant add --agent researcher --for r",
    ] {
        let cword = words.split(' ').count() - 1;
        let offered = complete(words, cword);
        assert!(!offered.contains("researcher.key"), "{words}: {offered}");
    }
    // A path still completes as one.
    let offered = complete("vault read --agent researcher --key-file r", 5);
    assert!(offered.contains("researcher.key"), "{offered}");
}

#[test]
fn zsh_loads_the_completion_function() {
    if !have("zsh") {
        return;
    }
    let sandbox = Sandbox::new();
    let dir = script("").display().to_string();
    let out = run_in(
        &sandbox,
        "zsh",
        &format!(
            "fpath=('{dir}' $fpath); autoload -Uz compinit; compinit -D -u; autoload -Uz _vault; whence -w _vault; zsh -n '{dir}/_vault' && echo parsed"
        ),
    );
    assert!(out.contains("_vault: function"), "{out}");
    assert!(out.contains("parsed"), "{out}");
}

#[test]
fn fish_completes_commands_and_event_types() {
    if !have("fish") {
        return;
    }
    let sandbox = Sandbox::new();
    let source = format!("source '{}'", script("vault.fish").display());
    let out = run_in(
        &sandbox,
        "fish",
        &format!("{source}; complete -C'vault sec'"),
    );
    assert!(out.lines().any(|l| l.starts_with("secret\t")), "{out}");
    let out = run_in(
        &sandbox,
        "fish",
        &format!("{source}; complete -C'vault events --event vault.d'"),
    );
    assert!(out.lines().any(|l| l.starts_with("vault.denied")), "{out}");
}

#[test]
fn dynamic_completion_offers_names_from_the_vault_in_bash() {
    let sandbox = with_names();
    let complete = |words: &str, cword: usize| {
        run_in(
            &sandbox,
            "bash",
            &format!(
                "source <(COMPLETE=bash \"$VAULT\"); COMP_WORDS=({words}); COMP_CWORD={cword}; _clap_complete_vault vault \"${{COMP_WORDS[COMP_CWORD]}}\"; printf '%s\\n' \"${{COMPREPLY[@]}}\""
            ),
        )
    };
    assert_eq!(complete("vault read --agent ''", 3).trim(), "researcher");
    assert_eq!(
        complete("vault read --agent researcher O", 4).trim(),
        "OPENAI_API_KEY"
    );
    assert_eq!(
        complete("vault grant add --agent r", 4).trim(),
        "researcher"
    );
}

#[test]
fn dynamic_completion_offers_names_from_the_vault_in_fish() {
    if !have("fish") {
        return;
    }
    let sandbox = with_names();
    let out = run_in(
        &sandbox,
        "fish",
        "COMPLETE=fish $VAULT | source; complete -C'vault exec --agent researcher --only '",
    );
    assert!(
        out.lines().any(|l| l.starts_with("OPENAI_API_KEY")),
        "{out}"
    );
}

#[test]
fn dynamic_completion_offers_nothing_when_the_vault_cannot_be_opened() {
    let sandbox = with_names();
    std::fs::rename(sandbox.identity_file(), sandbox.path("away")).unwrap();
    let out = sandbox
        .vault(["--", "vault", "read", "--agent", ""])
        .env("COMPLETE", "bash")
        .env("_CLAP_COMPLETE_INDEX", "3")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
}
