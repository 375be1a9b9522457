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

#[cfg(test)]
mod tests {
    #[test]
    fn formats() {
        assert_eq!(super::rfc3339(1_742_032_800), "2025-03-15T10:00:00Z");
        let ts = super::now_millis();
        assert_eq!(ts.len(), "2025-03-15T10:00:00.000Z".len(), "{ts}");
    }
}
