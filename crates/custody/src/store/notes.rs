//! Notes, revisions, audio and users as rows. Plain functions over a connection: sessions call
//! them after checking role and ownership, inside a transaction that also writes the audit row.

use ring::rand::{SecureRandom, SystemRandom};
use rusqlite::{params, Connection, OptionalExtension, Row};

use hushnote_phi::Span;
use hushnote_proto::{Note, NoteStatus, NoteSummary, Role, StoredSpan, UserRecord};

use crate::Error;

/// A note to store. `Debug` shows its size and status, never its text or patient.
#[derive(Clone, Default)]
pub struct NewNote {
    pub text: String,
    /// The patient's reference in the EHR (e.g. an MRN); PHI, kept only inside the vault.
    pub patient_ref: Option<String>,
    pub status: NoteStatus,
    /// How the text was produced (model, checksum, decoding settings), as JSON.
    pub provenance: serde_json::Value,
}

impl std::fmt::Debug for NewNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewNote").field("chars", &self.text.chars().count()).field("status", &self.status).finish_non_exhaustive()
    }
}

/// A PHI span as stored with a note.
pub(crate) fn stored(s: &Span) -> StoredSpan {
    StoredSpan { start: s.start, end: s.end, category: s.category.as_str().to_owned(), rule: s.rule.to_owned(), why: s.why.to_string() }
}

/// A random 128-bit identifier in hex (not derived from anything, so it reveals nothing).
pub fn new_id() -> Result<String, Error> {
    let mut b = [0u8; 16];
    SystemRandom::new().fill(&mut b).map_err(|_| Error::Storage("the random generator failed".into()))?;
    Ok(hex::encode(b))
}

fn spans_json(spans: &[Span]) -> String {
    let stored: Vec<StoredSpan> = spans.iter().map(stored).collect();
    serde_json::to_string(&stored).unwrap_or_else(|_| "[]".into())
}

pub(crate) fn insert(conn: &Connection, author_id: &str, note: &NewNote, spans: &[Span], now: i64) -> Result<String, Error> {
    let id = new_id()?;
    let provenance = if note.provenance.is_null() { "{}".to_owned() } else { note.provenance.to_string() };
    conn.execute(
        "INSERT INTO notes(id, author_id, patient_ref, created_at, updated_at, status, text, spans, provenance)
         VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7, ?8)",
        params![id, author_id, note.patient_ref, now, note.status.as_str(), note.text, spans_json(spans), provenance],
    )?;
    Ok(id)
}

const NOTE_COLUMNS: &str = "id, author_id, patient_ref, created_at, updated_at, status, legal_hold, text, spans, provenance";

fn note_from_row(r: &Row<'_>) -> rusqlite::Result<Note> {
    let spans: String = r.get(8)?;
    let provenance: String = r.get(9)?;
    Ok(Note {
        id: r.get(0)?,
        author_id: r.get(1)?,
        patient_ref: r.get(2)?,
        created_at: r.get(3)?,
        updated_at: r.get(4)?,
        status: NoteStatus::parse(&r.get::<_, String>(5)?),
        legal_hold: r.get(6)?,
        text: r.get(7)?,
        spans: serde_json::from_str(&spans).unwrap_or_default(),
        provenance: serde_json::from_str(&provenance).unwrap_or(serde_json::Value::Null),
    })
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Note, Error> {
    conn.query_row(&format!("SELECT {NOTE_COLUMNS} FROM notes WHERE id = ?1"), [id], note_from_row)
        .optional()?
        .ok_or_else(|| Error::NoteNotFound(id.to_owned()))
}

/// Replaces a note's text. Changes to final or sent notes keep the previous version as a
/// revision (the legal record of what was signed); drafts are simply overwritten.
pub(crate) fn update_text(conn: &Connection, id: &str, by: &str, text: &str, spans: &[Span], now: i64) -> Result<(), Error> {
    let old = get(conn, id)?;
    if old.status != NoteStatus::Draft {
        conn.execute(
            "INSERT INTO note_revisions(note_id, changed_at, changed_by, status, text, spans)
             SELECT id, ?2, ?3, status, text, spans FROM notes WHERE id = ?1",
            params![id, now, by],
        )?;
    }
    conn.execute(
        "UPDATE notes SET text = ?2, spans = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, text, spans_json(spans), now],
    )?;
    Ok(())
}

pub(crate) fn set_status(conn: &Connection, id: &str, status: NoteStatus, now: i64) -> Result<(), Error> {
    if conn.execute("UPDATE notes SET status = ?2, updated_at = ?3 WHERE id = ?1", params![id, status.as_str(), now])? == 0 {
        return Err(Error::NoteNotFound(id.to_owned()));
    }
    Ok(())
}

pub(crate) fn set_legal_hold(conn: &Connection, id: &str, hold: bool) -> Result<(), Error> {
    if conn.execute("UPDATE notes SET legal_hold = ?2 WHERE id = ?1", params![id, hold])? == 0 {
        return Err(Error::NoteNotFound(id.to_owned()));
    }
    Ok(())
}

fn summary_from_row(r: &Row<'_>) -> rusqlite::Result<NoteSummary> {
    Ok(NoteSummary {
        id: r.get(0)?,
        author_id: r.get(1)?,
        created_at: r.get(2)?,
        updated_at: r.get(3)?,
        status: NoteStatus::parse(&r.get::<_, String>(4)?),
        legal_hold: r.get(5)?,
        chars: r.get(6)?,
    })
}

/// Summary columns of `notes n` (the alias lets the full-text query join on it).
const SUMMARY_COLUMNS: &str = "n.id, n.author_id, n.created_at, n.updated_at, n.status, n.legal_hold, length(n.text)";

/// Summaries, newest first; `author` limits them to one author's notes.
pub(crate) fn list(conn: &Connection, author: Option<&str>) -> Result<Vec<NoteSummary>, Error> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM notes n WHERE ?1 IS NULL OR n.author_id = ?1 ORDER BY n.updated_at DESC, n.rowid DESC"
    ))?;
    let rows = stmt.query_map([author], summary_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Full-text search. Each word of `query` must occur; the words are quoted so user input
/// cannot inject FTS5 operators.
pub(crate) fn search(conn: &Connection, author: Option<&str>, query: &str) -> Result<Vec<NoteSummary>, Error> {
    let fts: String = query
        .split_whitespace()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ");
    if fts.is_empty() {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM notes_fts JOIN notes n ON n.rowid = notes_fts.rowid
         WHERE notes_fts MATCH ?1 AND (?2 IS NULL OR n.author_id = ?2) ORDER BY rank"
    ))?;
    let rows = stmt.query_map(params![fts, author], summary_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(crate) fn add_audio(conn: &Connection, note_id: &str, sample_rate: u32, pcm: &[u8], now: i64) -> Result<(), Error> {
    conn.execute(
        "INSERT INTO audio(note_id, created_at, sample_rate, pcm) VALUES (?1, ?2, ?3, ?4)",
        params![note_id, now, sample_rate, pcm],
    )?;
    Ok(())
}

fn user_from_row(r: &Row<'_>) -> rusqlite::Result<UserRecord> {
    Ok(UserRecord {
        id: r.get(0)?,
        name: r.get(1)?,
        role: Role::parse(&r.get::<_, String>(2)?).unwrap_or(Role::Clinician),
        disabled: r.get(3)?,
        created_at: r.get(4)?,
        password_changed_at: r.get(5)?,
    })
}

const USER_COLUMNS: &str = "id, name, role, disabled, created_at, password_changed_at";

pub(crate) fn insert_user(conn: &Connection, id: &str, name: &str, role: Role, now: i64) -> Result<(), Error> {
    match conn.execute(
        "INSERT INTO users(id, name, role, created_at, password_changed_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![id, name, role.as_str(), now],
    ) {
        Ok(_) => Ok(()),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => Err(Error::UserExists(name.to_owned())),
        Err(e) => Err(e.into()),
    }
}

/// Inserts the user unless present (benchmarks).
#[cfg(feature = "bench")]
pub(crate) fn ensure_user(conn: &Connection, id: &str, name: &str, role: Role, now: i64) -> Result<(), Error> {
    conn.execute(
        "INSERT OR IGNORE INTO users(id, name, role, created_at, password_changed_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![id, name, role.as_str(), now],
    )?;
    Ok(())
}

pub(crate) fn user_by_id(conn: &Connection, id: &str) -> Result<UserRecord, Error> {
    conn.query_row(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1"), [id], user_from_row)
        .optional()?
        .ok_or_else(|| Error::UserNotFound(id.to_owned()))
}

pub(crate) fn user_by_name(conn: &Connection, name: &str) -> Result<UserRecord, Error> {
    conn.query_row(&format!("SELECT {USER_COLUMNS} FROM users WHERE name = ?1"), [name], user_from_row)
        .optional()?
        .ok_or_else(|| Error::UserNotFound(name.to_owned()))
}

pub(crate) fn list_users(conn: &Connection) -> Result<Vec<UserRecord>, Error> {
    let mut stmt = conn.prepare(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY name"))?;
    let rows = stmt.query_map([], user_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(crate) fn set_user_disabled(conn: &Connection, id: &str, disabled: bool) -> Result<(), Error> {
    conn.execute("UPDATE users SET disabled = ?2 WHERE id = ?1", params![id, disabled])?;
    Ok(())
}

pub(crate) fn set_password_changed(conn: &Connection, id: &str, now: i64) -> Result<(), Error> {
    conn.execute("UPDATE users SET password_changed_at = ?2 WHERE id = ?1", params![id, now])?;
    Ok(())
}

pub(crate) fn meta_get(conn: &Connection, key: &str) -> Result<Option<String>, Error> {
    Ok(conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

pub(crate) fn meta_set(conn: &Connection, key: &str, value: &str) -> Result<(), Error> {
    conn.execute("INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])?;
    Ok(())
}
