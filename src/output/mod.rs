//! What the program prints: JSON for scripts, tables for people, hints on stderr.

use std::fmt::Display;
use std::io::{self, IsTerminal, Write};

use anyhow::Result;
use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

mod fit;

pub use fit::Column;
use fit::Fitted;

/// Whether stdout is a pipe whose reader has gone. A program that is waiting for something to
/// print (`events --follow`) would otherwise learn it only at its next write.
pub fn stdout_closed() -> bool {
    let mut stdout = libc::pollfd {
        fd: libc::STDOUT_FILENO,
        events: 0,
        revents: 0,
    };
    // SAFETY: one valid pollfd, no timeout; poll does not keep the pointer.
    let ready = unsafe { libc::poll(&mut stdout, 1, 0) };
    ready > 0 && stdout.revents & (libc::POLLERR | libc::POLLHUP) != 0
}

/// Text someone else wrote (a log field, a request's reason) as a terminal or a line-based
/// reader may be shown it: every control character (an escape sequence that would move the
/// cursor or erase rows, a carriage return, a newline, a tab that would split a column) is
/// written out as an escape instead, so a forged field cannot fake or hide rows.
pub fn printable(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A message for the person at the terminal that is not an answer: stderr, never stdout.
pub fn notice(message: &str) {
    let _ = writeln!(io::stderr(), "{message}");
}

/// A warning about the vault's safety: stderr, even under `-q`, which silences only hints.
pub fn warning(message: &str) {
    let _ = writeln!(io::stderr(), "vault: warning: {message}");
}

/// Errors are one line, whatever a lower layer put in them.
pub fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The one line an error gets, on stderr. If even that cannot be written, the exit code is all
/// that is left to tell.
pub fn error_line(message: &str) {
    let _ = writeln!(io::stderr(), "vault: {message}");
}

pub struct Output {
    pub json: bool,
    quiet: bool,
}

impl Output {
    pub fn new(json: bool, quiet: bool) -> Self {
        Self { json, quiet }
    }

    /// A secret's value on stdout: its exact bytes, with a newline only on a terminal (for the
    /// prompt's sake); with `--json`, `{"name", "value"}`, for a value that is text.
    pub fn value(&self, name: &str, value: &[u8]) -> Result<()> {
        if self.json {
            let Ok(text) = std::str::from_utf8(value) else {
                anyhow::bail!(
                    "the value of {name} is not UTF-8 text, which JSON cannot carry; leave out --json to get its bytes"
                );
            };
            #[derive(Serialize)]
            struct Shown<'a> {
                name: &'a str,
                value: &'a str,
            }
            return self.json(&Shown { name, value: text });
        }
        let mut stdout = io::stdout().lock();
        stdout.write_all(value)?;
        if stdout.is_terminal() {
            stdout.write_all(b"\n")?;
        }
        stdout.flush()?;
        Ok(())
    }

    /// One JSON document on one line of stdout.
    pub fn json(&self, value: &impl Serialize) -> Result<()> {
        let mut stdout = io::stdout().lock();
        serde_json::to_writer(&mut stdout, value)?;
        stdout.write_all(b"\n")?;
        stdout.flush()?;
        Ok(())
    }

    pub fn line(&self, text: impl Display) -> Result<()> {
        let mut stdout = io::stdout().lock();
        writeln!(stdout, "{text}")?;
        stdout.flush()?;
        Ok(())
    }

    /// A table on a terminal, fitted to its width (see `fit`); tab-separated lines of every
    /// column, without a header, when piped, so that `cut -f1` and `while read` see only data.
    fn table(&self, columns: &[Column], rows: Vec<Vec<String>>) -> Result<()> {
        let mut stdout = io::stdout().lock();
        if !stdout.is_terminal() {
            for row in rows {
                writeln!(stdout, "{}", row.join("\t"))?;
            }
            stdout.flush()?;
            return Ok(());
        }
        // A terminal of width 0 (a pseudo-terminal nobody sized, as under `script` or some CI
        // runners) has no width to fit: the table gets its natural width.
        let width = Table::new().width().filter(|&width| width > 0);
        let fitted = match width {
            Some(width) => fit::fit(width.into(), columns, &rows),
            None => Fitted::Table {
                shown: (0..columns.len()).collect(),
                widths: Vec::new(),
                left_out: Vec::new(),
            },
        };
        match fitted {
            Fitted::Table {
                shown,
                widths,
                left_out,
            } => {
                let mut table = Table::new();
                table
                    .load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners())
                    .set_content_arrangement(ContentArrangement::Disabled)
                    .set_header(shown.iter().map(|&i| columns[i].title));
                for row in &rows {
                    table.add_row(
                        shown
                            .iter()
                            .enumerate()
                            .map(|(at, &i)| match widths.get(at) {
                                Some(&width) => fit::wrap(&row[i], width),
                                None => row[i].clone(),
                            }),
                    );
                }
                writeln!(stdout, "{table}")?;
                if !left_out.is_empty() {
                    self.hint(format_args!(
                        "Left out to fit the terminal: {}; `--json` has every field",
                        left_out.join(", ")
                    ));
                }
            }
            Fitted::List => {
                let pad = columns.iter().map(|c| c.title.len()).max().unwrap_or(0);
                for (n, row) in rows.iter().enumerate() {
                    if n > 0 {
                        writeln!(stdout)?;
                    }
                    for (column, cell) in columns.iter().zip(row) {
                        writeln!(stdout, "{:pad$}  {cell}", column.title)?;
                    }
                }
            }
        }
        stdout.flush()?;
        Ok(())
    }

    /// A list: JSON, or a table with one row per item, or a hint when there is nothing to show.
    pub fn list<T: Serialize>(
        &self,
        items: &[T],
        empty_hint: &str,
        columns: &[Column],
        row: impl Fn(&T) -> Vec<String>,
    ) -> Result<()> {
        if self.json {
            return self.json(&items);
        }
        if items.is_empty() {
            self.hint(empty_hint);
            return Ok(());
        }
        self.table(columns, items.iter().map(row).collect())
    }

    /// What a command did, for the person who ran it (`Added secret …`): stderr, since stdout
    /// carries only data, and only without `-q`.
    pub fn done(&self, text: impl Display) -> Result<()> {
        self.hint(text);
        Ok(())
    }

    /// A hint or notice for a person: stderr, and only without `-q`.
    pub fn hint(&self, text: impl Display) {
        if !self.quiet {
            // Unlike eprintln!, which panics when stderr is closed or full: a hint that cannot be
            // shown is not worth failing for.
            let _ = writeln!(io::stderr(), "{text}");
        }
    }
}
