//! Schema migrations (`rusqlite_migration`, tracked in `PRAGMA user_version`). Append new
//! migrations; never edit a released one.

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use crate::Error;

const V1: &str = "
CREATE TABLE meta(
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE users(
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('clinician', 'admin')),
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    password_changed_at INTEGER NOT NULL
);
CREATE TABLE notes(
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    author_id TEXT NOT NULL REFERENCES users(id),
    patient_ref TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'final', 'sent')),
    legal_hold INTEGER NOT NULL DEFAULT 0,
    text TEXT NOT NULL,
    spans TEXT NOT NULL DEFAULT '[]',
    provenance TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX notes_by_author ON notes(author_id, updated_at);
CREATE INDEX notes_by_status ON notes(status, updated_at);
CREATE TABLE note_revisions(
    id INTEGER PRIMARY KEY,
    note_id TEXT NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
    changed_at INTEGER NOT NULL,
    changed_by TEXT NOT NULL,
    status TEXT NOT NULL,
    text TEXT NOT NULL,
    spans TEXT NOT NULL
);
CREATE INDEX revisions_by_note ON note_revisions(note_id);
CREATE TABLE audio(
    id INTEGER PRIMARY KEY,
    note_id TEXT NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    sample_rate INTEGER NOT NULL,
    pcm BLOB NOT NULL
);
CREATE INDEX audio_by_note ON audio(note_id);
CREATE TABLE outbox(
    id INTEGER PRIMARY KEY,
    note_id TEXT NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    payload TEXT NOT NULL,
    last_error TEXT
);
CREATE INDEX outbox_by_note ON outbox(note_id);
-- Full-text index over note text, kept in step by triggers (external content: no second copy
-- of the text beyond the index itself, which lives in the same encrypted file).
CREATE VIRTUAL TABLE notes_fts USING fts5(text, content = 'notes', content_rowid = 'rowid');
CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN
    INSERT INTO notes_fts(rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes BEGIN
    INSERT INTO notes_fts(notes_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
CREATE TRIGGER notes_fts_update AFTER UPDATE OF text ON notes BEGIN
    INSERT INTO notes_fts(notes_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    INSERT INTO notes_fts(rowid, text) VALUES (new.rowid, new.text);
END;
";

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![M::up(V1), M::up(crate::audit::SCHEMA)])
}

pub(crate) fn migrate(conn: &mut Connection) -> Result<(), Error> {
    migrations().to_latest(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        assert!(super::migrations().validate().is_ok());
    }
}
