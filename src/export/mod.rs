//! Audit events for security tools: each log line as an OCSF API Activity record or an Elastic
//! Common Schema document, one JSON object per line, for a log shipper to send on.
//!
//! The mapping from an event type to an activity, an outcome and a severity is shared; each
//! format writes it in its own words.

mod ecs;
mod ocsf;

use serde_json::{Map, Value};

/// The formats `vault events export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Ocsf,
    Ecs,
}

/// What kind of API call an event is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activity {
    Create,
    Read,
    Update,
    Delete,
    Other,
}

/// How much an event deserves a look, in OCSF's scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Informational = 1,
    Low = 2,
    Medium = 3,
    High = 4,
}

/// An event as both formats see it.
pub struct Classified<'a> {
    pub line: &'a Map<String, Value>,
    pub event: &'a str,
    pub activity: Activity,
    pub failed: bool,
    pub severity: Severity,
    /// Worth an alert of its own: a canary taken.
    pub alert: bool,
}

fn classify(line: &Map<String, Value>) -> Option<Classified<'_>> {
    let event = line.get("event")?.as_str()?;
    use Activity::*;
    let (activity, failed, severity) = match event {
        "vault.initialized" | "secret.created" | "agent.created" | "grant.created"
        | "operator.added" | "grant.requested" => (Create, false, Severity::Informational),
        "vault.accessed" | "vault.injected" => (Read, false, Severity::Informational),
        "vault.denied" => (Read, true, Severity::Medium),
        "vault.blocked" => (Read, true, Severity::High),
        "vault.withheld" => (Read, true, Severity::Low),
        "vault.leak_stopped" => (Read, true, Severity::Medium),
        "vault.egress_denied" => (Read, true, Severity::Medium),
        "vault.egress" => (Read, false, Severity::Informational),
        "vault.canary" => (Read, false, Severity::High),
        "vault.masked" => (Other, false, Severity::Low),
        // A tool call: what it read or ran is its own event beside it.
        "mcp.called" => (Read, false, Severity::Informational),
        "vault.sandboxed" => (Create, false, Severity::Informational),
        "secret.updated" | "secret.renamed" | "vault.rekeyed" | "vault.anchored"
        | "vault.merged" | "log.rotated" => (Update, false, Severity::Informational),
        "grant.denied" => (Update, true, Severity::Informational),
        "grant.approved" => (Update, false, Severity::Informational),
        "log.repaired" => (Update, false, Severity::Medium),
        "secret.deleted" | "agent.deleted" | "grant.revoked" | "grant.expired"
        | "operator.removed" => (Delete, false, Severity::Informational),
        _ => (Other, false, Severity::Informational),
    };
    Some(Classified {
        line,
        event,
        activity,
        failed,
        severity,
        alert: event == "vault.canary",
    })
}

/// `line`, a log line, as one record of `format`; `None` for a line that is not an event.
/// `log` names the log it came from (the chain the records belong to).
pub fn record(line: &[u8], format: Format, log: &str, host: &str) -> Option<Value> {
    let Value::Object(parsed) = serde_json::from_slice::<Value>(line).ok()? else {
        return None;
    };
    let classified = classify(&parsed)?;
    let hash = format!("{:x}", <sha2::Sha256 as sha2::Digest>::digest(line));
    Some(match format {
        Format::Ocsf => ocsf::record(&classified, &hash, log, host),
        Format::Ecs => ecs::record(&classified, &hash, log, host),
    })
}

/// A string field of the line.
fn text<'a>(line: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    line.get(key).and_then(Value::as_str)
}

/// A sentence about the event, for people reading the records: the event, then `key="value"`
/// pairs. Every value is quoted as a JSON string is, so that a reason an agent wrote (`x
/// secret=ADMIN`, a quote, a newline) stays inside its own pair and cannot pose as a field of
/// its own to a SIEM that splits the message.
fn message(c: &Classified) -> String {
    let mut message = c.event.to_owned();
    let mut pair = |key: &str, value: &str| {
        let quoted = serde_json::to_string(value).unwrap_or_else(|_| "\"\"".to_owned());
        message.push_str(&format!(" {key}={quoted}"));
    };
    for key in ["agent_id", "secret_name", "reason"] {
        if let Some(value) = text(c.line, key) {
            pair(key.trim_end_matches("_id").trim_end_matches("_name"), value);
        }
    }
    if let Some(host) = text(c.line, "host") {
        let method = text(c.line, "method").unwrap_or("?");
        let path = text(c.line, "path").unwrap_or("");
        pair("request", &format!("{method} {host}{path}"));
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::EVENT_TYPES;

    #[test]
    fn every_event_type_has_a_mapping_of_its_own() {
        for event in EVENT_TYPES {
            let line = serde_json::json!({"seq": 1, "ts": "2026-12-01T00:00:00.000Z", "event": event, "prev": "sha256:00"});
            let map = line.as_object().unwrap();
            let classified = classify(map).unwrap();
            assert!(
                classified.activity != Activity::Other || event == "vault.masked",
                "{event} falls through"
            );
        }
    }

    #[test]
    fn a_reason_cannot_pose_as_fields_of_the_message() {
        let line = serde_json::json!({"event": "grant.requested", "agent_id": "bot",
            "secret_name": "A", "reason": "x\" secret=ADMIN_TOKEN agent=root\nforged"});
        let classified = classify(line.as_object().unwrap()).unwrap();
        assert_eq!(
            message(&classified),
            r#"grant.requested agent="bot" secret="A" reason="x\" secret=ADMIN_TOKEN agent=root\nforged""#
        );
    }
}
