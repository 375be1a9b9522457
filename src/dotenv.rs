//! Reading dotenv files for `secret import`, as the `dotenvy` crate reads them (comments,
//! `export `, single and double quotes, escapes, multi-line values, `${VAR}` expansion), with
//! the line number of each entry for error messages. Messages never quote a line: it may hold
//! a value.

use anyhow::{Result, anyhow};

use crate::secret::SecretBytes;

/// One `NAME=VALUE` of the file.
pub struct Entry {
    pub name: String,
    pub value: SecretBytes,
    /// 1-based line where the entry starts.
    pub line: usize,
}

/// The line (1-based) at or after `from` where `name` is assigned: optional blanks, an optional
/// `export`, the name, optional blanks, `=`. dotenvy yields entries without positions, in file
/// order, so each is looked for after the one before it.
fn line_of(lines: &[&str], from: usize, name: &str) -> Option<usize> {
    (from..lines.len())
        .find(|&at| {
            let line = lines[at].trim_start();
            let line = line
                .strip_prefix("export")
                .filter(|rest| rest.starts_with(char::is_whitespace))
                .map_or(line, str::trim_start);
            line.strip_prefix(name)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|at| at + 1)
}

pub fn parse(text: &str) -> Result<Vec<Entry>> {
    let lines: Vec<&str> = text.lines().collect();
    let mut entries = Vec::new();
    let mut next_line = 0;
    for item in dotenvy::from_read_iter(text.as_bytes()) {
        match item {
            Ok((name, value)) => {
                let line = line_of(&lines, next_line, &name).unwrap_or(next_line + 1);
                next_line = line;
                entries.push(Entry {
                    name,
                    value: SecretBytes::new(value.into_bytes()),
                    line,
                });
            }
            Err(dotenvy::Error::LineParse(bad, _)) => {
                // Where the offending text starts, counted after the last good entry.
                let start = lines[next_line.min(lines.len())..]
                    .iter()
                    .position(|line| bad.starts_with(line.trim_end()) && !line.trim().is_empty())
                    .map_or(next_line + 1, |at| next_line + at + 1);
                return Err(anyhow!(
                    "line {start}: not a line dotenv can read (NAME=VALUE, the name of letters, digits, _ and ., quotes closed); nothing was imported"
                ));
            }
            Err(err) => return Err(anyhow!("cannot read the file: {err}")),
        }
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Vec<(String, String, usize)> {
        parse(text)
            .unwrap()
            .into_iter()
            .map(|e| {
                let value = String::from_utf8(e.value.expose().to_vec()).unwrap();
                (e.name, value, e.line)
            })
            .collect()
    }

    #[test]
    fn every_dotenv_form() {
        let text = "# a comment\n\nPLAIN=plain\nexport EXPORTED=yes\nSINGLE='it''s $NOT'\nDOUBLE=\"a\\nb\"\nMULTI=\"line one\nline two\"\nAFTER=after # trailing comment\n  SPACED = spaced\n";
        assert_eq!(
            parsed(text),
            vec![
                ("PLAIN".into(), "plain".into(), 3),
                ("EXPORTED".into(), "yes".into(), 4),
                ("SINGLE".into(), "its $NOT".into(), 5),
                ("DOUBLE".into(), "a\nb".into(), 6),
                ("MULTI".into(), "line one\nline two".into(), 7),
                ("AFTER".into(), "after".into(), 9),
                ("SPACED".into(), "spaced".into(), 10),
            ]
        );
    }

    #[test]
    fn broken_quoting_names_the_line_without_quoting_it() {
        let err = parse("GOOD=1\nBAD=\"sk-live-canary\n")
            .err()
            .unwrap()
            .to_string();
        assert!(err.starts_with("line 2:"), "{err}");
        assert!(!err.contains("canary"), "{err}");
    }
}
