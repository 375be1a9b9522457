//! Reading dotenv files for `secret import` as python-dotenv, the most used parser, reads them
//! with interpolation off: comments, `export `, single and double quotes, the escapes of
//! double quotes, multi-line quoted values, and nothing else. A value is literal: `$`, `${…}`
//! and backticks are ordinary characters, so what the file says is what is stored.
//!
//! Written here because no maintained Rust crate reads this grammar without expanding
//! variables (dotenvy always expands `$NAME` from the environment and earlier lines). The
//! grammar is python-dotenv's (`parser.py`), rule for rule; where python-dotenv warns and
//! skips a line it cannot parse, we refuse the whole file, naming the line. Messages never
//! quote a line: it may hold a value.

use anyhow::{Result, bail};

use crate::secret::SecretBytes;

/// One `NAME=VALUE` of the file.
pub struct Entry {
    pub name: String,
    pub value: SecretBytes,
    /// 1-based line where the entry starts.
    pub line: usize,
}

/// Whitespace that does not end a line: python's `[^\S\r\n]`.
fn is_blank(c: char) -> bool {
    c.is_whitespace() && c != '\r' && c != '\n'
}

struct Reader<'a> {
    text: &'a str,
    at: usize,
    line: usize,
}

/// The grammar did not match here.
struct NoMatch;

impl<'a> Reader<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// Moves past `len` bytes, counting the lines they end (`\r\n`, `\n` or `\r`).
    fn advance(&mut self, len: usize) -> &'a str {
        let taken = &self.text[self.at..self.at + len];
        let all = self.text.as_bytes();
        self.line += taken
            .bytes()
            .enumerate()
            .filter(|&(i, b)| {
                b == b'\n' || (b == b'\r' && all.get(self.at + i + 1) != Some(&b'\n'))
            })
            .count();
        self.at += len;
        taken
    }

    /// Moves past the longest prefix whose characters satisfy `keep`.
    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> &'a str {
        let len = self
            .rest()
            .char_indices()
            .find(|&(_, c)| !keep(c))
            .map_or(self.rest().len(), |(at, _)| at);
        self.advance(len)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.advance(c.len_utf8());
            true
        } else {
            false
        }
    }

    /// `(?:export[^\S\r\n]+)?`
    fn export(&mut self) {
        if let Some(after) = self.rest().strip_prefix("export")
            && after.starts_with(is_blank)
        {
            self.advance("export".len());
            self.take_while(is_blank);
        }
    }

    /// `'([^']+)'` or `([^=\#\s]+)`; `None` at a comment.
    fn key(&mut self) -> Result<Option<&'a str>, NoMatch> {
        match self.peek() {
            Some('#') => Ok(None),
            Some('\'') => {
                self.advance(1);
                let key = self.take_while(|c| c != '\'');
                if key.is_empty() || !self.eat('\'') {
                    return Err(NoMatch);
                }
                Ok(Some(key))
            }
            _ => {
                let key = self.take_while(|c| c != '=' && c != '#' && !c.is_whitespace());
                if key.is_empty() {
                    return Err(NoMatch);
                }
                Ok(Some(key))
            }
        }
    }

    /// A quoted value's text, up to the closing `quote` not escaped by a backslash.
    fn quoted(&mut self, quote: char) -> Result<&'a str, NoMatch> {
        self.advance(1);
        let rest = self.rest();
        let mut chars = rest.char_indices();
        while let Some((at, c)) = chars.next() {
            if c == '\\' {
                // `\\'` or `\\"` in python's pattern: a backslash and the quote stay together.
                if let Some((_, next)) = chars.clone().next()
                    && next == quote
                {
                    chars.next();
                }
            } else if c == quote {
                let value = self.advance(at);
                self.advance(1);
                return Ok(value);
            }
        }
        Err(NoMatch)
    }

    fn value(&mut self) -> Result<String, NoMatch> {
        match self.peek() {
            Some('\'') => Ok(unescape(self.quoted('\'')?, "\\'")),
            Some('"') => Ok(unescape(self.quoted('"')?, "\\'\"abfnrtv")),
            None | Some('\n' | '\r') => Ok(String::new()),
            _ => {
                let part = self.take_while(|c| c != '\r' && c != '\n');
                // `re.sub(r"\s+#.*", "", part).rstrip()`
                let cut = part
                    .char_indices()
                    .find(|&(at, c)| c.is_whitespace() && part[at..].trim_start().starts_with('#'))
                    .map_or(part.len(), |(at, _)| at);
                Ok(part[..cut].trim_end().to_owned())
            }
        }
    }

    /// `(?:[^\S\r\n]*#[^\r\n]*)?` then `[^\S\r\n]*(?:\r\n|\n|\r|$)`
    fn end_of_line(&mut self) -> Result<(), NoMatch> {
        let blanks = self.rest().len() - self.rest().trim_start_matches(is_blank).len();
        if self.rest()[blanks..].starts_with('#') {
            self.advance(blanks);
            self.take_while(|c| c != '\r' && c != '\n');
        }
        self.take_while(is_blank);
        if self.rest().is_empty() || self.eat('\n') {
            return Ok(());
        }
        if self.eat('\r') {
            self.eat('\n');
            return Ok(());
        }
        Err(NoMatch)
    }
}

/// Decodes the backslash escapes of `escapable` (python's `decode_escapes`); any other
/// backslash stays as it is.
fn unescape(text: &str, escapable: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&next) if c == '\\' && escapable.contains(next) => {
                chars.next();
                out.push(match next {
                    'a' => '\x07',
                    'b' => '\x08',
                    'f' => '\x0c',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    'v' => '\x0b',
                    other => other,
                });
            }
            _ => out.push(c),
        }
    }
    out
}

pub fn parse(text: &str) -> Result<Vec<Entry>> {
    let mut reader = Reader {
        text,
        at: 0,
        line: 1,
    };
    let mut entries = Vec::new();
    loop {
        reader.take_while(char::is_whitespace);
        if reader.rest().is_empty() {
            return Ok(entries);
        }
        let line = reader.line;
        let bad = || {
            anyhow::anyhow!(
                "line {line}: not a line dotenv can read (NAME=VALUE, quotes closed, nothing after a closing quote but a comment); nothing was imported"
            )
        };
        reader.export();
        let Ok(key) = reader.key() else {
            return Err(bad());
        };
        reader.take_while(is_blank);
        let value = if reader.eat('=') {
            reader.take_while(is_blank);
            Some(reader.value().map_err(|NoMatch| bad())?)
        } else {
            None
        };
        reader.end_of_line().map_err(|NoMatch| bad())?;
        match (key, value) {
            (None, _) => {}
            (Some(name), None) => {
                bail!("line {line}: {name} has no value (NAME=VALUE); nothing was imported")
            }
            (Some(name), Some(value)) => entries.push(Entry {
                name: name.to_owned(),
                value: SecretBytes::new(value.into_bytes()),
                line,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Vec<(String, String, usize)> {
        parse(text)
            .unwrap_or_else(|err| panic!("{text:?}: {err}"))
            .into_iter()
            .map(|e| {
                let value = String::from_utf8(e.value.expose().to_vec()).unwrap();
                (e.name, value, e.line)
            })
            .collect()
    }

    fn one(line: &str) -> String {
        let entries = parsed(line);
        assert_eq!(entries.len(), 1, "{line:?}");
        entries[0].1.clone()
    }

    /// Each line, and what python-dotenv 1.x (`dotenv_values(..., interpolate=False)`) reads.
    #[test]
    fn every_form_reads_as_python_dotenv_reads_it() {
        let table = [
            ("A=pa$$word", "pa$$word"),
            ("B=\"${VAULT_PASSPHRASE}\"", "${VAULT_PASSPHRASE}"),
            ("C=\"x\\ty\"", "x\ty"),
            ("D=a b c", "a b c"),
            ("E=val # comment", "val"),
            ("E2=val#not-a-comment", "val#not-a-comment"),
            ("E3=val\t# comment", "val"),
            ("H=${NOPE:-default}", "${NOPE:-default}"),
            ("G=\"say \\\"hi\\\"\"", "say \"hi\""),
            ("K=\"x\\\\y\"", "x\\y"),
            ("K2=\"x\\qy\"", "x\\qy"),
            ("K3=\"\\a\\b\\f\\n\\r\\t\\v\"", "\x07\x08\x0c\n\r\t\x0b"),
            ("S='$NOT \\n expanded'", "$NOT \\n expanded"),
            ("S2='it\\'s'", "it's"),
            ("S3='back\\\\slash'", "back\\slash"),
            ("Q=\"v\" # after quotes", "v"),
            ("export X=exported", "exported"),
            ("  SPACED  =  spaced  ", "spaced"),
            ("'QUOTED_KEY'=q", "q"),
            ("TICKS=`date`", "`date`"),
            ("TRAIL=trailing   ", "trailing"),
            ("UNI=héllo wörld", "héllo wörld"),
        ];
        for (line, value) in table {
            assert_eq!(one(line), value, "{line:?}");
        }
    }

    #[test]
    fn files_read_with_their_line_numbers() {
        let text = "# a comment\n\nPLAIN=plain\nexport EXPORTED=yes\nSINGLE='$NOT'\nDOUBLE=\"a\\nb\"\nMULTI=\"line one\nline two\"\nAFTER=after # trailing comment\r\n  SPACED = spaced\rLAST=last";
        assert_eq!(
            parsed(text),
            vec![
                ("PLAIN".into(), "plain".into(), 3),
                ("EXPORTED".into(), "yes".into(), 4),
                ("SINGLE".into(), "$NOT".into(), 5),
                ("DOUBLE".into(), "a\nb".into(), 6),
                ("MULTI".into(), "line one\nline two".into(), 7),
                ("AFTER".into(), "after".into(), 9),
                ("SPACED".into(), "spaced".into(), 10),
                ("LAST".into(), "last".into(), 11),
            ]
        );
        assert!(parsed("").is_empty() && parsed("\n# only\n  \n").is_empty());
    }

    #[test]
    fn what_python_dotenv_cannot_parse_is_refused_by_line() {
        for (text, line) in [
            ("GOOD=1\nBAD=\"sk-live-canary\n", 2),
            ("A=1\nB='unclosed\n", 2),
            ("A=\"v\"junk\n", 1),
            ("A=1\n\nSPLIT 'x'=1\n", 3),
            ("A=1\n='no name'\n", 2),
            ("JOINED='it''s'\n", 1),
        ] {
            let err = parse(text).err().unwrap().to_string();
            assert!(err.starts_with(&format!("line {line}:")), "{text:?}: {err}");
            assert!(!err.contains("canary") && !err.contains("no name"), "{err}");
        }
        let err = parse("A=1\nNO_VALUE\n").err().unwrap().to_string();
        assert!(err.starts_with("line 2: NO_VALUE has no value"), "{err}");
    }
}
