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
    pub rotated_from: Option<String>,
    pub moved_to: Option<String>,
    pub lines: Option<u64>,
    pub problem: Option<String>,
    pub count: Option<u64>,
    pub how: Option<String>,
    pub host: Option<String>,
    pub method: Option<String>,
    pub path: Option<String>,
    #[serde(rename = "where")]
    pub place: Option<String>,
    pub merged: Option<MergedSides>,
    pub home: Option<String>,
    pub env_dropped: Option<Vec<String>>,
    pub tool: Option<String>,
    pub command: Option<String>,
    #[serde(flatten)]
    pub egress: Option<super::Egress>,
}

/// `vault.merged`: the generations of the two sides.
#[derive(Debug, Deserialize)]
pub struct MergedSides {
    pub ours: u64,
    pub theirs: u64,
    pub at: String,
}

impl Record {
    /// `None` for a line that is not an event.
    pub fn parse(line: &[u8]) -> Option<Self> {
        serde_json::from_slice(line).ok()
    }

    /// What came of it, in a few words: how a read went, which operator, what a log event did.
    pub fn outcome(&self) -> Option<String> {
        Some(match self {
            Self {
                tool: Some(tool),
                command,
                ..
            } => match command {
                Some(command) => format!("{tool}: {command}"),
                None => tool.clone(),
            },
            Self {
                reason: Some(reason),
                via,
                ..
            } => match via {
                Some(via) => format!("denied ({reason}) via {via}"),
                None => format!("denied ({reason})"),
            },
            Self { via: Some(via), .. } => format!("via {via}"),
            Self {
                recipient: Some(recipient),
                ..
            } => recipient.clone(),
            Self {
                count: Some(count), ..
            } => format!("masked {count} time(s)"),
            Self { how: Some(how), .. } => format!("bait taken ({how})"),
            Self {
                host: Some(host),
                egress: Some(went),
                ..
            } => format!(
                "went to {host}:{}: {} connection(s), {} request(s), {} bytes out, {} bytes in",
                went.port, went.connections, went.requests, went.bytes_out, went.bytes_in
            ),
            Self {
                host: Some(host),
                method,
                path,
                event,
                place,
                ..
            } => {
                let request = format!(
                    "{} {host}{}",
                    method.as_deref().unwrap_or("?"),
                    path.as_deref().unwrap_or("")
                );
                match event.as_str() {
                    "vault.blocked" => format!("stopped {request}"),
                    "vault.withheld" => format!("placeholder left as it was in {request}"),
                    "vault.egress_denied" => {
                        format!("connection to {host} refused: outside the egress")
                    }
                    "vault.leak_stopped" => format!(
                        "real value turned into its placeholder in the {} of {request}",
                        place.as_deref().unwrap_or("request")
                    ),
                    _ => request,
                }
            }
            Self {
                rotated_from: Some(from),
                ..
            } => format!("goes on from {from}"),
            Self {
                moved_to: Some(to),
                lines,
                ..
            } => format!("moved {} damaged line(s) to {to}", lines.unwrap_or(0)),
            Self {
                problem: Some(problem),
                ..
            } => format!("accepted: {problem}"),
            Self {
                merged: Some(sides),
                ..
            } => format!(
                "merged ours (generation {}) and theirs ({}) at {}",
                sides.ours, sides.theirs, sides.at
            ),
            Self {
                home: Some(home),
                env_dropped,
                ..
            } => {
                let dropped = env_dropped.as_deref().unwrap_or_default();
                if dropped.is_empty() {
                    format!("sandboxed, {home} home")
                } else {
                    format!("sandboxed, {home} home, dropped {}", dropped.join(" "))
                }
            }
            _ => return None,
        })
    }
}
