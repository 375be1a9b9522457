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
    // Hidden plumbing (`merge`, `git textconv`) keeps its page: .git/config names it.
    for sub in command.get_subcommands() {
        pages(sub.clone(), &name, out);
    }
    out.push((name.clone(), command.display_name(name)));
}

/// One page as `man/` holds it: clap_mangen's sections, then EXAMPLES (the command's
/// `after_help`), EXIT STATUS, ENVIRONMENT, FILES (from src/manual.rs) and SEE ALSO. No
/// hyphenation and no justification: a name or a flag cut at a line's end cannot be pasted.
fn man_page(name: &str, page: clap::Command, all: &[String]) -> Vec<u8> {
    use roff::{Roff, bold, roman};

    let man =
        clap_mangen::Man::new(page.clone()).source(concat!("vault ", env!("CARGO_PKG_VERSION")));
    let mut out = Vec::new();
    man.render_title(&mut out).unwrap();
    out.extend_from_slice(b".nh\n.ad l\n");
    man.render_name_section(&mut out).unwrap();
    man.render_synopsis_section(&mut out).unwrap();
    man.render_description_section(&mut out).unwrap();
    if page.get_arguments().any(|arg| !arg.is_hide_set()) {
        man.render_options_section(&mut out).unwrap();
    }
    if page.get_subcommands().any(|sub| !sub.is_hide_set()) {
        man.render_subcommands_section(&mut out).unwrap();
    }

    let mut roff = Roff::new();
    if let Some(examples) = page.get_after_help() {
        roff.control("SH", ["EXAMPLES"]);
        for line in examples.to_string().lines().skip(1) {
            roff.control("PP", [] as [&str; 0])
                .text([bold(line.trim())]);
        }
    }
    let table = |roff: &mut Roff, heading: &str, rows: &[(&str, &str)]| {
        roff.control("SH", [heading]);
        for (term, text) in rows {
            roff.control("TP", [] as [&str; 0])
                .text([bold(*term)])
                .text([roman(*text)]);
        }
    };
    table(&mut roff, "EXIT STATUS", vault::manual::EXIT_STATUS);
    table(&mut roff, "ENVIRONMENT", vault::manual::ENVIRONMENT);
    table(&mut roff, "FILES", vault::manual::FILES);

    // The pages one level up and down, and the root page.
    let depth = name.matches('-').count();
    let related: Vec<&String> = all
        .iter()
        .filter(|other| *other != name)
        .filter(|other| {
            let other_depth = other.matches('-').count();
            (other_depth == depth + 1 && other.starts_with(&format!("{name}-")))
                || (other_depth + 1 == depth && name.starts_with(&format!("{other}-")))
                || other.as_str() == "vault"
        })
        .collect();
    roff.control("SH", ["SEE ALSO"]);
    let mut see = related
        .iter()
        .map(|page| format!("{page}(1)"))
        .collect::<Vec<_>>();
    see.extend(["age(1)".to_owned(), "age-keygen(1)".to_owned()]);
    roff.text([roman(see.join(", "))]);
    roff.control("PP", [] as [&str; 0]).text([roman(
        "README.md, SECURITY.md and FORMAT.md, in the source and at the project's home.",
    )]);
    out.extend_from_slice(roff.to_roff().as_bytes());
    man.render_version_section(&mut out).unwrap();
    out
}

#[test]
fn man_pages_are_current() {
    let dir = repo("man");
    let mut command = vault::cli::Cli::command().disable_help_subcommand(true);
    command.build();
    let mut all = Vec::new();
    pages(command, "", &mut all);
    let names: Vec<String> = all.iter().map(|(name, _)| name.clone()).collect();
    let mut expected = Vec::new();
    for (name, page) in all {
        matches_file(
            &dir.join(format!("{name}.1")),
            man_page(&name, page, &names),
        );
        expected.push(format!("{name}.1"));
    }
    expected.sort();
    assert_eq!(files_in(&dir), expected);
    for page in [
        "vault.1",
        "vault-secret.1",
        "vault-grant.1",
        "vault-events-verify.1",
        "vault-merge.1",
    ] {
        assert!(expected.contains(&page.to_owned()), "{page}");
    }
    let root = fs::read_to_string(dir.join("vault.1")).unwrap();
    for section in [
        ".SH EXAMPLES",
        ".SH \"EXIT STATUS\"",
        ".SH ENVIRONMENT",
        ".SH FILES",
        ".SH \"SEE ALSO\"",
        ".nh",
    ] {
        assert!(root.contains(section), "vault.1 has no {section}");
    }
}

/// Every variable the code reads is in the man pages' ENVIRONMENT, and nothing there is stale.
#[test]
fn the_man_pages_name_every_variable_the_code_reads() {
    let listed: Vec<&str> = vault::manual::ENVIRONMENT
        .iter()
        .flat_map(|(names, _)| names.split(", "))
        .collect();
    let mut read = std::collections::BTreeSet::new();
    for path in source_files() {
        let source = fs::read_to_string(&path).unwrap();
        for quoted in source.split('"').skip(1).step_by(2) {
            let variable =
                quoted.starts_with("VAULT_") || quoted.starts_with("XDG_") || quoted == "NO_COLOR";
            if variable && quoted.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                read.insert(quoted.to_owned());
            }
        }
    }
    for variable in &read {
        assert!(
            listed.contains(&variable.as_str()),
            "{variable} is read but not in src/manual.rs"
        );
    }
    for variable in listed.iter().filter(|v| v.starts_with("VAULT_")) {
        assert!(
            read.contains(*variable),
            "{variable} is in src/manual.rs but nothing reads it"
        );
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
