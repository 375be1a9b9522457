//! Elastic Common Schema: what Elasticsearch and the tools around it ingest.

use serde_json::{Map, Value, json};

use super::{Activity, Classified, message, text};

const ECS_VERSION: &str = "8.11.0";

/// `event.category` and `event.type`.
fn categories(c: &Classified) -> (&'static str, Vec<&'static str>) {
    let family = c.event.split('.').next().unwrap_or_default();
    let category = match (family, c.event) {
        (
            _,
            "vault.accessed" | "vault.denied" | "vault.canary" | "vault.injected" | "vault.blocked"
            | "vault.masked" | "mcp.called",
        ) => "iam",
        ("agent" | "grant" | "operator", _) => "iam",
        _ => "configuration",
    };
    let types = match (c.activity, c.event) {
        (_, "vault.masked") => vec!["info"],
        (Activity::Read, _) if c.failed => vec!["access", "denied"],
        (Activity::Read, _) => vec!["access", "allowed"],
        (_, "grant.denied") => vec!["change", "denied"],
        (Activity::Create, _) => vec!["creation"],
        (Activity::Update, _) => vec!["change"],
        (Activity::Delete, _) => vec!["deletion"],
        (Activity::Other, _) => vec!["info"],
    };
    (category, types)
}

pub fn record(c: &Classified, hash: &str, log: &str, host: &str) -> Value {
    let line = c.line;
    let seq = line.get("seq").and_then(Value::as_u64).unwrap_or(0);
    let (category, types) = categories(c);
    let mut event = json!({
        "kind": if c.alert { "alert" } else { "event" },
        "category": [category],
        "type": types,
        "action": c.event,
        "outcome": if c.failed { "failure" } else { "success" },
        "severity": c.severity as u8,
        "sequence": seq,
        "id": format!("{log}:{seq}"),
        "provider": "vault",
        "module": "vault",
        "dataset": "vault.audit",
        "hash": format!("sha256:{hash}"),
    });
    if let Some(reason) = text(line, "reason") {
        event["reason"] = json!(reason);
    }
    // Everything the line says that ECS has no field for, under a name of its own.
    let own: Map<String, Value> = line
        .iter()
        .filter(|(key, _)| !matches!(key.as_str(), "seq" | "ts" | "event" | "pid" | "reason"))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    let mut record = json!({
        "@timestamp": text(line, "ts").unwrap_or_default(),
        "ecs": {"version": ECS_VERSION},
        "message": message(c),
        "event": event,
        "host": {"hostname": host},
        "log": {"file": {"path": log}},
        "vault": own,
    });
    if let Some(agent) = text(line, "agent_id") {
        record["user"] = json!({"name": agent, "id": agent});
    }
    if let Some(pid) = line.get("pid") {
        record["process"] = json!({"pid": pid});
    }
    // The proxy's requests: where they went (the query never is in the log).
    if let Some(destination) = text(line, "host") {
        record["url"] = json!({"domain": destination, "path": text(line, "path")});
        record["http"] = json!({"request": {"method": text(line, "method")}});
    }
    record
}
