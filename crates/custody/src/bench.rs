//! Benchmark hooks (feature `bench`): the same schema and note statements on a SQLCipher file
//! keyed with a raw key, or on a plain SQLite file, so encryption's cost can be measured in
//! isolation. Applications use sessions; no release build has this module.

use std::path::Path;

use rusqlite::Connection;

use crate::keys::{Key32, VaultKeys};
use crate::store::{db, notes};
use crate::{Error, Role};

/// A store without a session, for measurements.
pub struct BenchStore {
    pub conn: Connection,
}

impl BenchStore {
    /// A SQLCipher file keyed with a random raw key, configured exactly like the vault.
    pub fn encrypted(path: &Path) -> Result<Self, Error> {
        let dek = Key32::random().map_err(|e| Error::Storage(e.to_string()))?;
        let keys = VaultKeys::derive(dek, "bench").map_err(|e| Error::Storage(e.to_string()))?;
        Self::with_author(db::open(path, &keys, true)?)
    }

    /// A plain SQLite file with the same schema and settings.
    pub fn plain(path: &Path) -> Result<Self, Error> {
        Self::with_author(db::open_plain(path)?)
    }

    /// Notes need an author row: create it once, outside the measured operations.
    fn with_author(conn: Connection) -> Result<Self, Error> {
        notes::ensure_user(&conn, "bench", "bench", Role::Clinician, 0)?;
        Ok(Self { conn })
    }

    /// Inserts one note (author `bench`); returns its id.
    pub fn insert(&self, text: &str) -> Result<String, Error> {
        let note = notes::NewNote { text: text.to_owned(), ..Default::default() };
        notes::insert(&self.conn, "bench", &note, &[], 0)
    }

    /// Reads one note's text.
    pub fn read(&self, id: &str) -> Result<String, Error> {
        Ok(notes::get(&self.conn, id)?.text)
    }

    /// Full-text search over the author's notes; returns the number of hits.
    pub fn search(&self, query: &str) -> Result<usize, Error> {
        Ok(notes::search(&self.conn, Some("bench"), query)?.len())
    }
}
