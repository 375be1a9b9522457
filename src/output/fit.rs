//! How a table fits a terminal without cutting a name, an id or a time in two.
//!
//! comfy-table's own dynamic arrangement wraps any cell anywhere (`DATABASE_P` / `ASSWORD`),
//! which makes a name unreadable and an id impossible to copy. Here a column is either a token
//! column, shown whole or not at all, or a words column that may wrap where it has a space or a
//! comma. When the whole table does not fit, the least useful columns go first (each caller
//! ranks them); when even the columns that stay do not fit, the rows are shown one field per
//! line instead.

use unicode_width::UnicodeWidthStr;

/// One column of a table, and what may be done to it when the terminal is narrow.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub title: &'static str,
    fit: Fit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fit {
    /// Shown whole, always.
    Keep,
    /// Shown whole, or left out; a lower rank goes first.
    Drop(u8),
    /// Wraps at spaces and commas, never inside a word.
    Words,
}

impl Column {
    pub const fn keep(title: &'static str) -> Self {
        Self {
            title,
            fit: Fit::Keep,
        }
    }

    /// A column that may be left out to make room; the column of rank 1 goes first.
    pub const fn drop(title: &'static str, rank: u8) -> Self {
        Self {
            title,
            fit: Fit::Drop(rank),
        }
    }

    pub const fn words(title: &'static str) -> Self {
        Self {
            title,
            fit: Fit::Words,
        }
    }
}

/// How the rows are to be shown.
#[derive(Debug, PartialEq, Eq)]
pub enum Fitted {
    /// A table of the columns at these indexes, each words column at most this wide.
    Table {
        shown: Vec<usize>,
        widths: Vec<usize>,
        left_out: Vec<&'static str>,
    },
    /// One field per line: not even the columns that must stay fit side by side.
    List,
}

/// What a table with `columns` around `rows` needs to fit `width` terminal columns.
pub fn fit(width: usize, columns: &[Column], rows: &[Vec<String>]) -> Fitted {
    let natural: Vec<usize> = (0..columns.len())
        .map(|i| {
            rows.iter()
                .map(|row| widest_line(&row[i]))
                .chain([columns[i].title.width()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let least: Vec<usize> = (0..columns.len())
        .map(|i| match columns[i].fit {
            Fit::Words => rows
                .iter()
                .flat_map(|row| pieces(&row[i]))
                .map(|piece| piece.trim_end().width())
                .chain([columns[i].title.width()])
                .max()
                .unwrap_or(0),
            Fit::Keep | Fit::Drop(_) => natural[i],
        })
        .collect();

    let mut shown: Vec<usize> = (0..columns.len()).collect();
    let mut left_out = Vec::new();
    loop {
        // Each column costs a border and a space either side of its text; the last border closes.
        let needed = shown.iter().map(|&i| least[i] + 3).sum::<usize>() + 1;
        if needed <= width {
            let mut spare = width - needed;
            let widths = shown
                .iter()
                .map(|&i| {
                    let grown = natural[i].min(least[i] + spare);
                    spare -= grown - least[i];
                    grown
                })
                .collect();
            return Fitted::Table {
                shown,
                widths,
                left_out,
            };
        }
        let first_to_go = shown
            .iter()
            .enumerate()
            .filter_map(|(at, &i)| match columns[i].fit {
                Fit::Drop(rank) => Some((rank, at)),
                _ => None,
            })
            .min();
        match first_to_go {
            Some((_, at)) => left_out.push(columns[shown.remove(at)].title),
            None => return Fitted::List,
        }
    }
}

/// `text` broken into lines of at most `width` columns, at spaces and after commas only; a
/// piece longer than `width` stays whole on a line of its own.
pub fn wrap(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for piece in pieces(text) {
        if !line.is_empty() && (line.clone() + piece).trim_end().width() > width {
            lines.push(line.trim_end().to_owned());
            line.clear();
        }
        line.push_str(if line.is_empty() {
            piece.trim_start()
        } else {
            piece
        });
    }
    lines.push(line.trim_end().to_owned());
    lines.join("\n")
}

/// The pieces of `text` between the places it may break: each ends with its space or comma.
fn pieces(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive([' ', ',', '\n'])
}

fn widest_line(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|row| row.iter().map(|cell| cell.to_string()).collect())
            .collect()
    }

    const SECRETS: [Column; 3] = [
        Column::keep("NAME"),
        Column::drop("CREATED", 1),
        Column::drop("ID", 2),
    ];

    #[test]
    fn a_table_that_fits_is_shown_whole() {
        let rows = rows(&[&["DATABASE_PASSWORD", "2026-12-06T19:22:10Z", "s_0123456789"]]);
        // 17 + 20 + 12 of text, 3 for each column's border and spaces, 1 to close.
        let fitted = fit(59, &SECRETS, &rows);
        assert_eq!(
            fitted,
            Fitted::Table {
                shown: vec![0, 1, 2],
                widths: vec![17, 20, 12],
                left_out: vec![],
            }
        );
    }

    #[test]
    fn the_lowest_rank_goes_first_then_the_next() {
        let rows = rows(&[&["DATABASE_PASSWORD", "2026-12-06T19:22:10Z", "s_0123456789"]]);
        let Fitted::Table {
            shown, left_out, ..
        } = fit(58, &SECRETS, &rows)
        else {
            panic!("a table of two columns fits 58");
        };
        assert_eq!((shown, left_out), (vec![0, 2], vec!["CREATED"]));
        let Fitted::Table {
            shown, left_out, ..
        } = fit(30, &SECRETS, &rows)
        else {
            panic!("the name alone fits 30");
        };
        assert_eq!((shown, left_out), (vec![0], vec!["CREATED", "ID"]));
    }

    #[test]
    fn a_kept_column_that_cannot_fit_turns_the_table_into_a_list() {
        let rows = rows(&[&["DATABASE_PASSWORD", "2026-12-06T19:22:10Z", "s_0123456789"]]);
        assert_eq!(fit(20, &SECRETS, &rows), Fitted::List);
    }

    #[test]
    fn words_wrap_at_spaces_and_commas_and_never_inside_a_word() {
        let columns = [Column::keep("ID"), Column::words("REASON")];
        let rows = rows(&[&["r_1", "deploy the api.example.com release tonight"]]);
        let Fitted::Table { widths, .. } = fit(30, &columns, &rows) else {
            panic!("the longest word fits");
        };
        assert_eq!(widths, vec![3, 20]);
        let wrapped = wrap(&rows[0][1], widths[1]);
        assert_eq!(wrapped, "deploy the\napi.example.com\nrelease tonight");
        assert_eq!(
            wrap("a.example.com,b.example.com", 15),
            "a.example.com,\nb.example.com"
        );
        for line in wrapped.lines() {
            assert!(line.width() <= 20, "{line:?}");
        }
    }

    #[test]
    fn a_word_longer_than_the_room_left_drops_columns_before_it_is_cut() {
        let columns = [
            Column::keep("ID"),
            Column::drop("ASKED", 1),
            Column::words("REASON"),
        ];
        let rows = rows(&[&[
            "r_1",
            "2026-12-06T19:22:10Z",
            "see https://example.com/a/long/path",
        ]]);
        let Fitted::Table {
            shown, left_out, ..
        } = fit(50, &columns, &rows)
        else {
            panic!("the id and the longest word fit 50");
        };
        assert_eq!((shown, left_out), (vec![0, 2], vec!["ASKED"]));
    }
}
