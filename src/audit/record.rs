//! A log line as the reading side sees it: enough to filter and show it.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Record {
    pub seq: u64,
    pub ts: String,
    pub event: String,
    pub agent_id: Option<String>,
    pub secret_name: Option<String>,
    pub recipient: Option<String>,
    pub via: Option<String>,
    pub reason: Option<String>,
}

impl Record {
    /// `None` for a line that is not an event.
    pub fn parse(line: &[u8]) -> Option<Self> {
        serde_json::from_slice(line).ok()
    }
}
