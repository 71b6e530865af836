//! The chain itself: rows appended with
//! `mac_n = HMAC-SHA256(K_audit, mac_{n-1} ‖ canonical(row_n))`, and the walk that verifies it.

use ring::hmac;
use rusqlite::{params, Connection, OptionalExtension};

use hushnote_proto::Verification;

use super::event::{Action, Event, NewEvent, Outcome};

/// Audit failures.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("audit storage error: {0}")]
    Storage(#[from] rusqlite::Error),
    #[error("audit row {0} holds an unknown action or outcome")]
    BadRow(i64),
}

/// The chain's starting value.
const GENESIS: [u8; 32] = [0u8; 32];

/// Length-prefixed fields in a fixed order: unambiguous, so no two rows encode alike.
fn canonical(seq: i64, e: &NewEvent) -> Vec<u8> {
    let mut out = Vec::with_capacity(128);
    out.extend_from_slice(b"hushnote-audit-v1");
    out.extend_from_slice(&seq.to_be_bytes());
    out.extend_from_slice(&e.ts_ms.to_be_bytes());
    for field in [&e.user, &e.role, &e.workstation, e.action.as_str(), &e.object, e.outcome.as_str(), &e.detail] {
        out.extend_from_slice(&(field.len() as u32).to_be_bytes());
        out.extend_from_slice(field.as_bytes());
    }
    out
}

/// What a row's MAC covers: the previous MAC, then the row.
fn chained(prev: &[u8], seq: i64, e: &NewEvent) -> Vec<u8> {
    let mut msg = prev.to_vec();
    msg.extend_from_slice(&canonical(seq, e));
    msg
}

/// Schema of the audit table; part of the vault's first migration. The triggers stop the
/// application itself from editing history; the MAC chain catches anyone who bypasses them.
pub const SCHEMA: &str = "
CREATE TABLE audit(
    seq INTEGER PRIMARY KEY,
    ts INTEGER NOT NULL,
    user TEXT NOT NULL,
    role TEXT NOT NULL,
    workstation TEXT NOT NULL,
    action TEXT NOT NULL,
    object TEXT NOT NULL,
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL,
    mac BLOB NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
";

/// Appends one event; run it inside the transaction of the action it records so both commit
/// or neither does. Outside a transaction the row is its own: an immediate one, so that two
/// writers never read the same last row and append the same sequence number. Returns the new
/// sequence number.
pub fn append(conn: &Connection, key: &hmac::Key, e: &NewEvent) -> Result<i64, AuditError> {
    if conn.is_autocommit() {
        let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
        let seq = append_in(&tx, key, e)?;
        tx.commit()?;
        return Ok(seq);
    }
    append_in(conn, key, e)
}

fn append_in(conn: &Connection, key: &hmac::Key, e: &NewEvent) -> Result<i64, AuditError> {
    let last: Option<(i64, Vec<u8>)> = conn
        .query_row("SELECT seq, mac FROM audit ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, prev) = match last {
        Some((s, m)) => (s + 1, m),
        None => (1, GENESIS.to_vec()),
    };
    let mac = hmac::sign(key, &chained(&prev, seq, e)).as_ref().to_vec();
    conn.execute(
        "INSERT INTO audit(seq, ts, user, role, workstation, action, object, outcome, detail, mac)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![seq, e.ts_ms, e.user, e.role, e.workstation, e.action.as_str(), e.object, e.outcome.as_str(), e.detail, mac],
    )?;
    Ok(seq)
}

/// One stored row; `event` is `None` when its action or outcome is not one Hushnote writes
/// (an edited row).
struct Row {
    seq: i64,
    event: Option<NewEvent>,
    mac: Vec<u8>,
}

/// Every row in sequence order.
fn rows(conn: &Connection) -> Result<Vec<Row>, AuditError> {
    let mut stmt = conn.prepare(
        "SELECT seq, ts, user, role, workstation, action, object, outcome, detail, mac FROM audit ORDER BY seq",
    )?;
    let rows = stmt.query_map([], |r| {
        let action = Action::parse(&r.get::<_, String>(5)?);
        let outcome = Outcome::parse(&r.get::<_, String>(7)?);
        let event = match (action, outcome) {
            (Some(action), Some(outcome)) => Some(NewEvent {
                ts_ms: r.get(1)?,
                user: r.get(2)?,
                role: r.get(3)?,
                workstation: r.get(4)?,
                action,
                object: r.get(6)?,
                outcome,
                detail: r.get(8)?,
            }),
            _ => None,
        };
        Ok(Row { seq: r.get(0)?, event, mac: r.get(9)? })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// All events in sequence order.
pub fn events(conn: &Connection) -> Result<Vec<Event>, AuditError> {
    rows(conn)?
        .into_iter()
        .map(|r| match r.event {
            Some(event) => Ok(Event { seq: r.seq, event, mac: r.mac }),
            None => Err(AuditError::BadRow(r.seq)),
        })
        .collect()
}

/// Walks the chain from the start and stops at the first row that does not fit.
pub fn verify(conn: &Connection, key: &hmac::Key) -> Result<Verification, AuditError> {
    let mut prev = GENESIS.to_vec();
    let mut expected = 1i64;
    for r in rows(conn)? {
        // A missing sequence number, an unparsable row or a wrong MAC: the chain breaks here.
        let fits = r.seq == expected
            // ring's verify compares in constant time.
            && r.event.as_ref().is_some_and(|e| hmac::verify(key, &chained(&prev, r.seq, e), &r.mac).is_ok());
        if !fits {
            return Ok(Verification { rows: expected - 1, head_seq: expected - 1, head_mac: prev, first_bad: Some(expected) });
        }
        prev = r.mac;
        expected += 1;
    }
    Ok(Verification { rows: expected - 1, head_seq: expected - 1, head_mac: prev, first_bad: None })
}
