//! Retention: delete what the policy has expired, skipping legal holds and notes still waiting
//! to reach the EHR, then make the deletion real on disk.

use rusqlite::{params, Connection};

use hushnote_proto::PurgeReport;

use crate::Error;
use crate::clock::DAY_MS;
use crate::policy::Policy;

/// Expiry rule, in SQL over `notes n`: `?1` final cut-off, `?2` draft cut-off.
const EXPIRED: &str = "((n.status = 'draft' AND n.updated_at < ?2) OR (n.status IN ('final', 'sent') AND n.updated_at < ?1))";
const UNSENT: &str = "EXISTS (SELECT 1 FROM outbox o WHERE o.note_id = n.id AND o.state != 'sent')";

/// Deletes expired rows in one transaction (revisions, audio and outbox rows go with their
/// note), then rewrites the files so that deleted text survives nowhere: `secure_delete` has
/// zeroed freed pages, the WAL is checkpointed and truncated, and VACUUM rebuilds the database.
/// Returns the counts; `dry_run` only counts.
pub(crate) fn purge(conn: &mut Connection, policy: &Policy, now: i64, dry_run: bool) -> Result<PurgeReport, Error> {
    let final_cut = now - policy.retention_final_days as i64 * DAY_MS;
    let draft_cut = now - policy.retention_draft_days as i64 * DAY_MS;
    let audio_cut = if policy.keep_audio { now - policy.retention_audio_days as i64 * DAY_MS } else { i64::MAX };
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let count = |sql: &str| -> Result<usize, Error> {
        Ok(tx.query_row(sql, params![final_cut, draft_cut], |r| r.get::<_, i64>(0))? as usize)
    };
    let mut report = PurgeReport {
        held: count(&format!("SELECT count(*) FROM notes n WHERE {EXPIRED} AND n.legal_hold = 1"))?,
        unsent: count(&format!("SELECT count(*) FROM notes n WHERE {EXPIRED} AND n.legal_hold = 0 AND {UNSENT}"))?,
        ..Default::default()
    };
    let doomed = format!("{EXPIRED} AND n.legal_hold = 0 AND NOT {UNSENT}");
    report.drafts = count(&format!("SELECT count(*) FROM notes n WHERE {doomed} AND n.status = 'draft'"))?;
    report.final_notes = count(&format!("SELECT count(*) FROM notes n WHERE {doomed} AND n.status != 'draft'"))?;
    // Audio of notes that are themselves deleted goes by cascade and is not counted twice.
    // With keep_audio off, all audio not under a legal hold expires at once.
    report.audio = tx.query_row(
        &format!(
            "SELECT count(*) FROM audio a JOIN notes n ON n.id = a.note_id
             WHERE a.created_at < ?3 AND n.legal_hold = 0 AND NOT ({doomed})"
        ),
        params![final_cut, draft_cut, audio_cut],
        |r| r.get::<_, i64>(0),
    )? as usize;
    if dry_run || !report.deleted_any() {
        return Ok(report);
    }
    tx.execute(&format!("DELETE FROM notes WHERE id IN (SELECT n.id FROM notes n WHERE {doomed})"), params![final_cut, draft_cut])?;
    tx.execute(
        "DELETE FROM audio WHERE created_at < ?1 AND note_id IN (SELECT id FROM notes WHERE legal_hold = 0)",
        params![audio_cut],
    )?;
    tx.commit()?;
    scrub_files(conn)?;
    Ok(report)
}

/// Makes deletions physical: fold the WAL into the database and truncate it, then VACUUM
/// (which, in WAL mode, writes a new WAL) and truncate again.
pub(crate) fn scrub_files(conn: &Connection) -> Result<(), Error> {
    // Rebuild the full-text index so no deleted token lingers in its segments.
    conn.execute_batch("INSERT INTO notes_fts(notes_fts) VALUES ('rebuild');")?;
    checkpoint_truncate(conn)?;
    conn.execute_batch("VACUUM;")?;
    checkpoint_truncate(conn)
}

fn checkpoint_truncate(conn: &Connection) -> Result<(), Error> {
    let (busy, _log, _done): (i64, i64, i64) =
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    if busy != 0 {
        // Another connection holds the WAL open; the text is deleted but may linger until it closes.
        return Err(Error::Busy);
    }
    Ok(())
}
