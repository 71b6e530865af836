//! Audit export for SIEMs and compliance review: FHIR R4 `AuditEvent` (in a collection Bundle)
//! or CSV. Both carry the chain MAC so an exported copy can be checked against the log.

use serde_json::{json, Value};
use hushnote_proto::rfc3339;

use super::event::{Action, Event, Outcome};

/// DICOM audit event type (the code system FHIR's AuditEvent.type uses).
fn event_type(a: Action) -> (&'static str, &'static str) {
    match a {
        Action::Login | Action::Logout | Action::Lock | Action::FailedLogin | Action::BreakGlass | Action::PasswordOnly => {
            ("110114", "User Authentication")
        }
        Action::Export => ("110106", "Export"),
        Action::Execute | Action::Purge | Action::PolicyChange => ("110100", "Application Activity"),
        Action::Create | Action::Read | Action::Update | Action::Delete => ("110110", "Patient Record"),
    }
}

/// FHIR's AuditEvent.action code.
fn crude(a: Action) -> &'static str {
    match a {
        Action::Create => "C",
        Action::Read => "R",
        Action::Update | Action::PolicyChange => "U",
        Action::Delete | Action::Purge => "D",
        _ => "E",
    }
}

fn outcome_code(o: Outcome) -> &'static str {
    match o {
        Outcome::Success => "0",
        Outcome::Denied => "4",
        Outcome::Failure => "8",
    }
}

/// One FHIR R4 AuditEvent.
pub fn to_fhir(vault_id: &str, e: &Event) -> Value {
    let (code, display) = event_type(e.event.action);
    json!({
        "resourceType": "AuditEvent",
        "id": format!("{vault_id}-{}", e.seq),
        "type": {"system": "http://dicom.nema.org/resources/ontology/DCM", "code": code, "display": display},
        "subtype": [{"system": "urn:hushnote:audit-action", "code": e.event.action.as_str()}],
        "action": crude(e.event.action),
        "recorded": rfc3339(e.event.ts_ms),
        "outcome": outcome_code(e.event.outcome),
        "outcomeDesc": e.event.detail,
        "agent": [{
            "who": {"identifier": {"system": "urn:hushnote:user", "value": e.event.user}},
            "role": [{"text": e.event.role}],
            "requestor": true
        }],
        "source": {"site": e.event.workstation, "observer": {"display": e.event.workstation}},
        "entity": [{
            "what": {"identifier": {"system": "urn:hushnote:object", "value": e.event.object}},
            "detail": [
                {"type": "sequence", "valueString": e.seq.to_string()},
                {"type": "chain-mac", "valueString": hex::encode(&e.mac)}
            ]
        }]
    })
}

/// A FHIR `Bundle` of type `collection` holding every event.
pub fn to_fhir_bundle(vault_id: &str, events: &[Event]) -> Value {
    json!({
        "resourceType": "Bundle",
        "type": "collection",
        "entry": events.iter().map(|e| json!({"resource": to_fhir(vault_id, e)})).collect::<Vec<_>>()
    })
}

/// CSV with a header row.
pub fn to_csv(events: &[Event]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["seq", "time", "user", "role", "workstation", "action", "object", "outcome", "detail", "mac"])?;
    for e in events {
        let ev = &e.event;
        w.write_record([
            e.seq.to_string().as_str(),
            &rfc3339(ev.ts_ms),
            &ev.user,
            &ev.role,
            &ev.workstation,
            ev.action.as_str(),
            &ev.object,
            ev.outcome.as_str(),
            &ev.detail,
            &hex::encode(&e.mac),
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
