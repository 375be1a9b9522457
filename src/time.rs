//! Timestamps: whole seconds in the state, RFC 3339 UTC (`2025-03-15T10:00:00Z`) on output.

use chrono::{DateTime, SecondsFormat, Utc};

/// Seconds since the Unix epoch, as stored in the vault.
pub fn now() -> i64 {
    Utc::now().timestamp()
}

pub fn rfc3339(seconds: i64) -> String {
    DateTime::from_timestamp(seconds, 0)
        .unwrap_or(DateTime::UNIX_EPOCH)
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The audit log's `ts`: the one timestamp that carries milliseconds.
pub fn now_millis() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The longest duration anything takes: a grant for longer is one for good, and longer ones
/// would run past the times the vault can write down (a grant "until" 1970 that never ends).
pub const DURATION_MAX: std::time::Duration = std::time::Duration::from_secs(10 * 365 * 86_400);

/// `--for`, `--wait`: a duration such as 30s, 15m, 2h, 7d, up to `DURATION_MAX`.
pub fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let duration = humantime::parse_duration(text)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| "use a duration such as 30s, 15m, 2h or 7d".to_owned())?;
    if duration > DURATION_MAX {
        return Err(
            "that is longer than the limit of 10 years (3650d); for a grant that does not end, leave out --for"
                .to_owned(),
        );
    }
    Ok(duration)
}

/// `--until`: an RFC 3339 time, or a date alone (`2026-12-31`: the end of that day, UTC), at
/// most `DURATION_MAX` from now.
pub fn parse_time(text: &str) -> Result<DateTime<Utc>, String> {
    let date = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|date| date.and_hms_opt(23, 59, 59))
        .map(|end| end.and_utc());
    let time = match date {
        Some(end) => end,
        None => DateTime::parse_from_rfc3339(text)
            .map(|time| time.with_timezone(&Utc))
            .map_err(|_| {
                "use an RFC 3339 time such as 2026-12-31T18:00:00Z, or a date (2026-12-31: the end of that day, UTC)".to_owned()
            })?,
    };
    let limit = chrono::Duration::from_std(DURATION_MAX).expect("fits");
    if time > Utc::now() + limit {
        return Err(
            "that is further off than the limit of 10 years from now; for a grant that does not end, leave out --until"
                .to_owned(),
        );
    }
    Ok(time)
}

/// A duration as a person writes it: `2h`, `1day 6h`.
pub fn duration_text(duration: std::time::Duration) -> String {
    humantime::format_duration(duration).to_string()
}

/// `--since`: an RFC 3339 time, or an age such as `15m`, `2h`, `7d` counted back from now.
pub fn parse_since(text: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Ok(time.with_timezone(&Utc));
    }
    let age = humantime::parse_duration(text)
        .ok()
        .and_then(|age| chrono::Duration::from_std(age).ok())
        .and_then(|age| Utc::now().checked_sub_signed(age));
    age.ok_or_else(|| {
        "use an RFC 3339 time (2026-11-28T10:00:00Z) or an age such as 15m, 2h or 7d".to_owned()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats() {
        assert_eq!(super::rfc3339(1_742_032_800), "2025-03-15T10:00:00Z");
        let ts = super::now_millis();
        assert_eq!(ts.len(), "2025-03-15T10:00:00.000Z".len(), "{ts}");
    }

    #[test]
    fn durations_past_the_limit_are_refused_with_it_named() {
        assert!(super::parse_duration("3650d").is_ok());
        for text in ["3651d", "300000000y", "18446744073709551615s"] {
            let err = super::parse_duration(text).unwrap_err();
            assert!(
                err.contains("10 years") || err.contains("such as"),
                "{text}: {err}"
            );
        }
        assert!(super::parse_duration("3Om").is_err());
        assert!(
            super::parse_time("9999-12-31T00:00:00Z")
                .unwrap_err()
                .contains("10 years")
        );
    }

    #[test]
    fn since_takes_times_and_ages() {
        let at = super::parse_since("2026-11-28T10:00:00Z").unwrap();
        assert_eq!(at.timestamp(), 1_795_860_000);
        let ago = super::Utc::now() - super::parse_since("2h").unwrap();
        assert!((7190..=7210).contains(&ago.num_seconds()), "{ago}");
        assert!(super::parse_since("7d").is_ok());
        assert!(super::parse_since("yesterday-ish").is_err());
    }
}
