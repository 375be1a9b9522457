//! OCSF API Activity (class 6003): what a SIEM that speaks OCSF ingests.

use serde_json::{Map, Value, json};

use super::{Activity, Classified, Severity, message, text};

/// The schema version the records follow: the one that has the record-integrity profile, which
/// carries the log's hash chain (`attestation_list`).
pub const SCHEMA_VERSION: &str = "1.9.0-dev";
const CLASS_UID: u64 = 6003;
const CATEGORY_UID: u64 = 6;

fn activity(activity: Activity) -> (u64, &'static str) {
    match activity {
        Activity::Create => (1, "Create"),
        Activity::Read => (2, "Read"),
        Activity::Update => (3, "Update"),
        Activity::Delete => (4, "Delete"),
        Activity::Other => (99, "Other"),
    }
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Informational => "Informational",
        Severity::Low => "Low",
        Severity::Medium => "Medium",
        Severity::High => "High",
    }
}

fn sha256(hex: &str) -> Value {
    json!({"algorithm": "SHA-256", "algorithm_id": 3, "value": hex})
}

pub fn record(c: &Classified, hash: &str, log: &str, host: &str) -> Value {
    let line = c.line;
    let (activity_id, activity_name) = activity(c.activity);
    let seq = line.get("seq").and_then(Value::as_u64).unwrap_or(0);
    let ts = text(line, "ts").unwrap_or_default();
    let time = chrono::DateTime::parse_from_rfc3339(ts).map_or(0, |t| t.timestamp_millis());
    let mut actor = Map::new();
    actor.insert("app_name".into(), json!("vault"));
    if let Some(agent) = text(line, "agent_id") {
        actor.insert(
            "user".into(),
            json!({"name": agent, "uid": agent, "type": "Agent"}),
        );
    }
    let mut record = json!({
        "class_uid": CLASS_UID,
        "class_name": "API Activity",
        "category_uid": CATEGORY_UID,
        "category_name": "Application Activity",
        "activity_id": activity_id,
        "activity_name": activity_name,
        "type_uid": CLASS_UID * 100 + activity_id,
        "type_name": format!("API Activity: {activity_name}"),
        "time": time,
        "severity_id": c.severity as u8,
        "severity": severity(c.severity),
        "status_id": if c.failed { 2 } else { 1 },
        "status": if c.failed { "Failure" } else { "Success" },
        "message": message(c),
        "metadata": {
            "product": {
                "name": "vault",
                "vendor_name": "vault",
                "version": env!("CARGO_PKG_VERSION"),
            },
            "version": SCHEMA_VERSION,
            "profiles": ["record_integrity"],
            "log_name": log,
            "log_provider": "vault",
            "sequence": seq,
            "original_time": ts,
            "event_code": c.event,
            "uid": format!("{log}:{seq}"),
        },
        "actor": actor,
        "api": {"operation": c.event},
        "src_endpoint": {"hostname": host},
        "unmapped": line,
    });
    let object = record.as_object_mut().expect("made as an object");
    if c.failed
        && let Some(reason) = text(line, "reason")
    {
        object.insert("status_detail".into(), json!(reason));
    }
    // The proxy's requests: where they went (the method and path are in the message).
    if let Some(destination) = text(line, "host") {
        object.insert("dst_endpoint".into(), json!({"hostname": destination}));
    }
    if let Some(name) = text(line, "secret_name") {
        let mut resource = json!({"name": name, "type": "secret"});
        if let Some(id) = text(line, "secret_id") {
            resource["uid"] = json!(id);
        }
        object.insert("resources".into(), json!([resource]));
    }
    // The log's own chain: this line's SHA-256, and the one before's (`prev`).
    let mut attestation = json!({
        "uid": seq.to_string(),
        "chain_uid": log,
        "fingerprint": sha256(hash),
    });
    if let Some(prev) = text(line, "prev").and_then(|p| p.strip_prefix("sha256:"))
        && seq > 1
    {
        attestation["prev_event"] = json!({
            "uid": (seq - 1).to_string(),
            "fingerprint": sha256(prev),
        });
    }
    object.insert("attestation_list".into(), json!([attestation]));
    record
}
