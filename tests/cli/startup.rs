//! The binary's layout that a read's start-up cost depends on: link/read-path.ld gathers the
//! functions a read runs at the front of the code, so a read maps a few hundred KiB of it. Its
//! patterns are names; a refactor renames functions, and the list goes stale silently (a read
//! still works, only its memory grows). These tests notice that instead of the benchmark.

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::cargo_bin;
use regex::Regex;

use crate::support::have_all;

/// The share of the list's patterns that must still name a function in the section. The list is
/// written from a release build; a debug build inlines less and names a few functions otherwise.
const FRESH_ENOUGH: f64 = 0.75;

fn tool_output(tool: &str, args: &[&str], binary: &Path) -> String {
    let out = Command::new(tool).args(args).arg(binary).output().unwrap();
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Start address and size of a section, from `readelf -SW`.
fn section(binary: &Path, name: &str) -> Option<(u64, u64)> {
    let table = tool_output("readelf", &["-SW"], binary);
    table.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(']').nth(1)?.split_whitespace().collect();
        (fields.first() == Some(&name)).then(|| {
            let hex = |field: &str| u64::from_str_radix(field, 16).unwrap();
            (hex(fields[2]), hex(fields[4]))
        })
    })
}

/// Code symbols of the binary with their addresses, mangled as the linker script names them.
fn code_symbols(binary: &Path) -> Vec<(u64, String)> {
    tool_output("nm", &["--defined-only"], binary)
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let address = u64::from_str_radix(fields.next()?, 16).ok()?;
            let kind = fields.next()?;
            let name = fields.next()?;
            matches!(kind, "t" | "T").then(|| (address, name.to_owned()))
        })
        .collect()
}

/// The symbol each `*(.text.PATTERN)` line of the script selects, as a regex over symbol names.
fn script_patterns() -> Vec<Regex> {
    let script =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("link/read-path.ld"))
            .unwrap();
    script
        .lines()
        .filter_map(|line| line.trim().strip_prefix("*(.text.")?.strip_suffix(')'))
        .map(|glob| {
            let parts: Vec<String> = glob.split('*').map(regex::escape).collect();
            Regex::new(&format!("^{}$", parts.join(".*"))).unwrap()
        })
        .collect()
}

fn layout_tools() -> bool {
    if !cfg!(all(target_os = "linux", target_env = "gnu")) {
        eprintln!("skipped: build.rs hands the linker read-path.ld on GNU/Linux only");
        return false;
    }
    have_all(&["readelf", "nm"])
}

#[test]
fn a_reads_functions_come_first_in_the_code() {
    if !layout_tools() {
        return;
    }
    let binary = cargo_bin("vault");
    let (start, size) = section(&binary, ".text.read_path").expect(
        "the binary has no .text.read_path section: is build.rs passing link/read-path.ld?",
    );
    let (text_start, _) = section(&binary, ".text").expect("the binary has a .text section");
    assert!(
        size > 0,
        "the read path section is empty: no pattern of link/read-path.ld matched"
    );
    assert!(
        start < text_start,
        "the read path must come before the rest of the code"
    );
    assert_eq!(start % 4096, 0, "the read path starts on a page of its own");

    let main_first = code_symbols(&binary)
        .iter()
        .any(|(address, name)| name == "main" && (start..start + size).contains(address));
    assert!(main_first, "main is not in the read path");
}

#[test]
fn the_read_path_list_still_names_the_code() {
    if !layout_tools() {
        return;
    }
    let binary = cargo_bin("vault");
    let symbols: Vec<String> = code_symbols(&binary)
        .into_iter()
        .map(|(_, name)| name)
        .collect();
    let patterns = script_patterns();
    assert!(
        patterns.len() > 100,
        "link/read-path.ld lists only {} functions",
        patterns.len()
    );
    let stale: Vec<&Regex> = patterns
        .iter()
        .filter(|pattern| !symbols.iter().any(|name| pattern.is_match(name)))
        .collect();
    let fresh = 1.0 - stale.len() as f64 / patterns.len() as f64;
    assert!(
        fresh >= FRESH_ENOUGH,
        "{} of {} functions in link/read-path.ld no longer exist (first: {}); \
         rebuild with `cargo build --release` and run `scripts/read-path.py` to list them again",
        stale.len(),
        patterns.len(),
        stale[0],
    );
}
