//! The committed completions, man pages and help texts match what `src/cli.rs` generates now.
//! After changing the command line, `SNAPSHOTS=overwrite cargo test` rewrites them.

use std::fs;
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::aot::{Generator, Shell};
use snapbox::Data;

use crate::support::*;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn matches_file(path: &Path, actual: Vec<u8>) {
    snapbox::assert_data_eq!(actual, Data::read_from(path, None).raw());
}

/// Every file in `dir`, so that a page for a removed command is noticed too.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|entry| entry.unwrap().file_name().into_string().unwrap())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn completions_are_current() {
    let dir = repo("completions");
    let mut expected = Vec::new();
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::Elvish,
        Shell::PowerShell,
    ] {
        let mut script = Vec::new();
        clap_complete::aot::generate(shell, &mut vault::cli::Cli::command(), "vault", &mut script);
        let name = shell.file_name("vault");
        matches_file(&dir.join(&name), script);
        expected.push(name);
    }
    expected.sort();
    assert_eq!(files_in(&dir), expected);
}

/// `vault`, then `vault-secret`, `vault-secret-add`, …: one page per command, as clap_mangen
/// names them.
fn pages(command: clap::Command, prefix: &str, out: &mut Vec<(String, clap::Command)>) {
    let name = if prefix.is_empty() {
        command.get_name().to_owned()
    } else {
        format!("{prefix}-{}", command.get_name())
    };
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        pages(sub.clone(), &name, out);
    }
    out.push((name.clone(), command.display_name(name)));
}

#[test]
fn man_pages_are_current() {
    let dir = repo("man");
    let mut command = vault::cli::Cli::command().disable_help_subcommand(true);
    command.build();
    let mut all = Vec::new();
    pages(command, "", &mut all);
    let mut expected = Vec::new();
    for (name, page) in all {
        let mut roff = Vec::new();
        clap_mangen::Man::new(page)
            .source(concat!("vault ", env!("CARGO_PKG_VERSION")))
            .render(&mut roff)
            .unwrap();
        matches_file(&dir.join(format!("{name}.1")), roff);
        expected.push(format!("{name}.1"));
    }
    expected.sort();
    assert_eq!(files_in(&dir), expected);
    for page in [
        "vault.1",
        "vault-secret.1",
        "vault-grant.1",
        "vault-events-verify.1",
    ] {
        assert!(expected.contains(&page.to_owned()), "{page}");
    }
}

/// Every command's `--help`, as the binary prints it.
#[test]
fn help_texts_match_their_snapshots() {
    let sandbox = Sandbox::new();
    let mut command = vault::cli::Cli::command().disable_help_subcommand(true);
    command.build();
    let mut all = Vec::new();
    pages(command, "", &mut all);
    for (name, _) in all {
        let words: Vec<&str> = name.split('-').skip(1).collect();
        let help = stdout_of(sandbox.vault(&words).arg("--help").env_remove("COLUMNS"));
        matches_file(&repo(&format!("tests/snapshots/help/{name}.txt")), help);
    }
}

#[test]
fn the_root_help_ends_with_three_examples() {
    let sandbox = Sandbox::new();
    let help = String::from_utf8(stdout_of(&mut sandbox.vault(["--help"]))).unwrap();
    let examples = help
        .split("Examples:\n")
        .nth(1)
        .expect("an Examples section");
    assert_eq!(
        examples
            .lines()
            .filter(|line| line.starts_with("  "))
            .count(),
        3
    );
}
