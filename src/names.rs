//! What a secret name and an agent id may look like.
//!
//! Both end up in environment variable names, file names a user may pick, and command lines, so
//! the alphabet is small on purpose: nothing that a shell, a path or a terminal interprets.

use anyhow::{Result, bail};

pub const MAX_SECRET_NAME_LEN: usize = 128;
pub const MAX_AGENT_ID_LEN: usize = 64;

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// 1–128 characters of `A-Z a-z 0-9 _ . -`, starting with a letter or `_`.
pub fn is_valid_secret_name(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    name.len() <= MAX_SECRET_NAME_LEN
        && (first.is_ascii_alphabetic() || first == '_')
        && chars.all(is_name_char)
}

/// 1–64 characters of `A-Z a-z 0-9 _ . -`. A leading `-` or `.` is refused as well, so an id
/// can never pass for a flag or for `.`/`..` where it is used to name a key file.
pub fn is_valid_agent_id(id: &str) -> bool {
    let mut chars = id.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    id.len() <= MAX_AGENT_ID_LEN
        && (first.is_ascii_alphanumeric() || first == '_')
        && chars.all(is_name_char)
}

/// The environment variable a secret goes into under `vault exec`: its name, with every
/// character that is not `A-Z a-z 0-9 _` turned into `_`.
pub fn variable(secret: &str) -> String {
    secret
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The candidate closest to `name`, if one is close enough to be what was meant: a letter
/// left out, doubled, swapped or mistyped (one per eight letters, and one always), whatever
/// the case (`GITHUB_TOKN`, `github_token`, `bto`).
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let folded = name.to_ascii_lowercase();
    let allowed = 1 + name.len() / 8;
    candidates
        .into_iter()
        .filter(|candidate| *candidate != name)
        .map(|candidate| {
            let distance = strsim::damerau_levenshtein(&folded, &candidate.to_ascii_lowercase());
            (distance, candidate)
        })
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

pub fn check_secret_name(name: &str) -> Result<()> {
    if !is_valid_secret_name(name) {
        // `{:?}` escapes control characters and newlines, so the error stays on one line.
        bail!(
            "invalid secret name {name:?}: use 1-{MAX_SECRET_NAME_LEN} characters of A-Z a-z 0-9 _ . -, starting with a letter or _"
        );
    }
    Ok(())
}

pub fn check_agent_id(id: &str) -> Result<()> {
    if !is_valid_agent_id(id) {
        bail!(
            "invalid agent id {id:?}: use 1-{MAX_AGENT_ID_LEN} characters of A-Z a-z 0-9 _ . -, starting with a letter, digit or _"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variable_names() {
        assert_eq!(variable("OPENAI_API_KEY"), "OPENAI_API_KEY");
        assert_eq!(variable("db.password-2"), "db_password_2");
    }

    #[test]
    fn a_typo_finds_what_was_meant_and_nothing_else() {
        let names = ["GITHUB_TOKEN", "OPENAI_API_KEY", "SLACK_BOT_TOKEN"];
        assert_eq!(closest("GITHUB_TOKN", names), Some("GITHUB_TOKEN"));
        assert_eq!(closest("github_token", names), Some("GITHUB_TOKEN"));
        assert_eq!(closest("OPENIA_API_KEY", names), Some("OPENAI_API_KEY"));
        assert_eq!(closest("AWS_SECRET", names), None);
        assert_eq!(closest("bto", ["bot", "ci"]), Some("bot"));
        assert_eq!(closest("ci2", ["bot"]), None);
        assert_eq!(
            closest("GITHUB_TOKEN", names),
            None,
            "an exact name is no suggestion"
        );
    }

    #[test]
    fn secret_names() {
        for ok in [
            "A",
            "_",
            "OPENAI_API_KEY",
            "a.b-c_d",
            "x9",
            &"N".repeat(128),
        ] {
            assert!(is_valid_secret_name(ok), "{ok}");
        }
        for bad in [
            "",
            "9LIVES",
            "-flag",
            ".hidden",
            "..",
            "a/b",
            "a b",
            "a\nb",
            "é",
            &"N".repeat(129),
        ] {
            assert!(!is_valid_secret_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn agent_ids() {
        for ok in ["researcher", "bot-1", "9", "_x", "a.b", &"a".repeat(64)] {
            assert!(is_valid_agent_id(ok), "{ok}");
        }
        for bad in [
            "",
            "-x",
            ".",
            "..",
            "a/b",
            "a b",
            "ü",
            "a\0",
            &"a".repeat(65),
        ] {
            assert!(!is_valid_agent_id(bad), "{bad:?}");
        }
    }

    proptest::proptest! {
        /// The contract's patterns, as regular expressions, are the oracle.
        #[test]
        fn a_secret_name_is_accepted_exactly_when_it_matches_the_contract(name in ".{0,140}|[A-Za-z_][A-Za-z0-9_.-]{0,130}") {
            let contract = regex::Regex::new("^[A-Za-z_][A-Za-z0-9_.-]{0,127}$").unwrap();
            proptest::prop_assert_eq!(is_valid_secret_name(&name), contract.is_match(&name));
        }

        #[test]
        fn an_agent_id_is_accepted_exactly_when_it_matches_the_contract(id in ".{0,70}|[A-Za-z0-9_.-]{0,70}") {
            // The contract's alphabet and length, without a leading `-` or `.`.
            let contract = regex::Regex::new("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$").unwrap();
            proptest::prop_assert_eq!(is_valid_agent_id(&id), contract.is_match(&id));
        }
    }

    #[test]
    fn errors_stay_on_one_line() {
        let err = check_secret_name("a\nb").unwrap_err().to_string();
        assert!(!err.contains('\n'), "{err}");
    }
}
