//! Logs of other writers. Agents that run as Unix users of their own each append to a log of
//! their own, beside the operator's: `events.NAME.jsonl` beside `events.jsonl`, readable by that
//! agent and the operator only. An agent then reads only its own events; the operator's
//! commands read them all.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::store;

/// Whether `name` is the middle of a writer log's name: a letter or `_`, then letters, digits,
/// `_` and `-` (no dot, so a rotated `events.jsonl.1` is never taken for one).
fn is_writer_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The writer logs beside the log at `main`, sorted by name.
pub fn writer_logs(main: &Path) -> Result<Vec<PathBuf>> {
    let Some(name) = main.file_name().and_then(|n| n.to_str()) else {
        return Ok(Vec::new());
    };
    let (stem, ext) = match name.split_once('.') {
        Some((stem, rest)) => (stem, rest.rsplit_once('.').map_or(rest, |(_, ext)| ext)),
        None => (name, ""),
    };
    let stem = format!("{stem}.");
    let suffix = if ext.is_empty() {
        String::new()
    } else {
        format!(".{ext}")
    };
    Ok(store::files_beside(main)?
        .into_iter()
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_prefix(&stem))
                .and_then(|n| n.strip_suffix(&suffix))
                .is_some_and(is_writer_name)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writer_logs_are_named_after_the_main_one() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "events.jsonl",
            "events.alice.jsonl",
            "events.bot-2.jsonl",
            "events.jsonl.1",
            "events.jsonl.damaged-20261201T000000Z",
            "events.alice.jsonl.1",
            "events.9.jsonl",
            "other.bob.jsonl",
        ] {
            std::fs::write(dir.path().join(name), b"").unwrap();
        }
        let found: Vec<String> = writer_logs(&dir.path().join("events.jsonl"))
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(found, ["events.alice.jsonl", "events.bot-2.jsonl"]);
    }
}
