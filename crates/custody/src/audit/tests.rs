use proptest::prelude::*;
use ring::hmac;
use rusqlite::Connection;

use super::event::ALL_ACTIONS;
use super::*;

fn key() -> hmac::Key {
    hmac::Key::new(hmac::HMAC_SHA256, b"test audit key, 32 bytes long!!!")
}

fn event(i: i64) -> NewEvent {
    NewEvent {
        ts_ms: 1_700_000_000_000 + i * 1000,
        user: format!("u{}", i % 3),
        role: "clinician".into(),
        workstation: "ws-1".into(),
        action: ALL_ACTIONS[(i as usize) % ALL_ACTIONS.len()],
        object: format!("note:{i:04x}"),
        outcome: Outcome::Success,
        detail: String::new(),
    }
}

fn log_with(n: i64) -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(SCHEMA).unwrap();
    for i in 1..=n {
        assert_eq!(append(&conn, &key(), &event(i)).unwrap(), i);
    }
    // The tamperer has raw write access to the database: the triggers do not stop them.
    conn.execute_batch("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;").unwrap();
    conn
}

#[derive(Debug, Clone)]
enum Tamper {
    /// Change one column of one row (column index 1..=9).
    Modify { row: i64, column: usize },
    /// Delete one row that is not the last.
    Delete { row: i64 },
    /// Swap the contents (everything but seq) of two rows.
    Swap { a: i64, b: i64 },
    /// Renumber: move row a to a new seq after the end (reordering by sequence number).
    MoveToEnd { row: i64 },
}

const COLUMNS: [&str; 9] = ["ts", "user", "role", "workstation", "action", "object", "outcome", "detail", "mac"];

fn apply(conn: &Connection, t: &Tamper) {
    match *t {
        Tamper::Modify { row, column } => {
            let col = COLUMNS[column];
            let sql = match col {
                "ts" => "UPDATE audit SET ts = ts + 1 WHERE seq = ?1".to_owned(),
                "mac" => "UPDATE audit SET mac = zeroblob(32) WHERE seq = ?1".to_owned(),
                "action" => "UPDATE audit SET action = CASE action WHEN 'read' THEN 'update' ELSE 'read' END WHERE seq = ?1".to_owned(),
                "outcome" => "UPDATE audit SET outcome = 'denied' WHERE seq = ?1".to_owned(),
                c => format!("UPDATE audit SET {c} = {c} || 'x' WHERE seq = ?1"),
            };
            conn.execute(&sql, [row]).unwrap();
        }
        Tamper::Delete { row } => {
            conn.execute("DELETE FROM audit WHERE seq = ?1", [row]).unwrap();
        }
        Tamper::Swap { a, b } => {
            conn.execute_batch(&format!(
                "UPDATE audit SET seq = -1 WHERE seq = {a}; UPDATE audit SET seq = {a} WHERE seq = {b}; UPDATE audit SET seq = {b} WHERE seq = -1;"
            ))
            .unwrap();
        }
        Tamper::MoveToEnd { row } => {
            conn.execute("UPDATE audit SET seq = (SELECT max(seq) + 1 FROM audit) WHERE seq = ?1", [row]).unwrap();
        }
    }
}

/// The sequence number `verify` must name.
fn expected_bad(t: &Tamper) -> i64 {
    match *t {
        Tamper::Modify { row, .. } | Tamper::Delete { row } | Tamper::MoveToEnd { row } => row,
        Tamper::Swap { a, b } => a.min(b),
    }
}

fn tamper_strategy() -> impl Strategy<Value = (i64, Tamper)> {
    (3i64..40).prop_flat_map(|n| {
        let t = prop_oneof![
            (1..=n, 0usize..9).prop_map(|(row, column)| Tamper::Modify { row, column }),
            (1..n).prop_map(|row| Tamper::Delete { row }),
            (1..=n, 1..=n).prop_filter("distinct rows", |(a, b)| a != b).prop_map(|(a, b)| Tamper::Swap { a, b }),
            (1..n).prop_map(|row| Tamper::MoveToEnd { row }),
        ];
        (Just(n), t)
    })
}

#[test]
fn an_untouched_log_verifies() {
    let conn = log_with(25);
    let v = verify(&conn, &key()).unwrap();
    assert_eq!((v.rows, v.head_seq, v.first_bad), (25, 25, None));
    assert_eq!(events(&conn).unwrap().len(), 25);
}

#[test]
fn the_wrong_key_fails_at_the_first_row() {
    let conn = log_with(5);
    let other = hmac::Key::new(hmac::HMAC_SHA256, b"another key");
    assert_eq!(verify(&conn, &other).unwrap().first_bad, Some(1));
}

#[test]
fn append_only_triggers_refuse_edits() {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(SCHEMA).unwrap();
    append(&conn, &key(), &event(1)).unwrap();
    assert!(conn.execute("UPDATE audit SET user = 'x'", []).is_err());
    assert!(conn.execute("DELETE FROM audit", []).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn verify_names_the_first_tampered_sequence((n, t) in tamper_strategy()) {
        let conn = log_with(n);
        apply(&conn, &t);
        let v = verify(&conn, &key()).unwrap();
        prop_assert_eq!(v.first_bad, Some(expected_bad(&t)), "n={} tamper={:?}", n, t);
    }

    #[test]
    fn truncation_is_caught_by_a_checkpoint(n in 2i64..40, cut in 1i64..40) {
        let cut = cut.min(n - 1); // rows removed from the end
        let conn = log_with(n);
        let head = verify(&conn, &key()).unwrap();
        let signer = ring::signature::Ed25519KeyPair::from_seed_unchecked(&[7u8; 32]).unwrap();
        let cp = checkpoint::sign(&signer, "vault", &head, 1);
        prop_assert!(checkpoint::check_signature(&cp, &signer, "vault").is_ok());
        conn.execute("DELETE FROM audit WHERE seq > ?1", [n - cut]).unwrap();
        let after = verify(&conn, &key()).unwrap();
        prop_assert_eq!(after.first_bad, None, "a clean cut leaves a valid chain");
        let macs: Vec<Vec<u8>> = events(&conn).unwrap().into_iter().map(|e| e.mac).collect();
        let r = checkpoint::compare(&cp, after.head_seq, |s| macs.get((s - 1) as usize).cloned());
        prop_assert_eq!(r, Err(CheckpointError::Truncated { checkpoint: n, log_end: n - cut }));
    }
}

#[test]
fn a_forged_checkpoint_is_refused() {
    let conn = log_with(4);
    let head = verify(&conn, &key()).unwrap();
    let signer = ring::signature::Ed25519KeyPair::from_seed_unchecked(&[7u8; 32]).unwrap();
    let mut cp = checkpoint::sign(&signer, "vault", &head, 1);
    cp.seq = 2;
    assert_eq!(checkpoint::check_signature(&cp, &signer, "vault"), Err(CheckpointError::BadSignature));
    let other = ring::signature::Ed25519KeyPair::from_seed_unchecked(&[8u8; 32]).unwrap();
    assert_eq!(checkpoint::check_signature(&checkpoint::sign(&signer, "vault", &head, 1), &other, "vault"), Err(CheckpointError::OtherVault));
}

#[test]
fn exports_carry_every_row_and_no_more() {
    let conn = log_with(3);
    let evs = events(&conn).unwrap();
    let csv = String::from_utf8(to_csv(&evs).unwrap()).unwrap();
    assert_eq!(csv.lines().count(), 4);
    assert!(csv.lines().nth(1).unwrap().starts_with("1,2023-11-14T22:13:21Z,u1,clinician,ws-1,"));
    let b = to_fhir_bundle("v", &evs);
    assert_eq!(b["entry"].as_array().unwrap().len(), 3);
    assert_eq!(b["entry"][0]["resource"]["resourceType"], "AuditEvent");
    assert_eq!(b["entry"][0]["resource"]["recorded"], "2023-11-14T22:13:21Z");
}
