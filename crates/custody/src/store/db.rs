//! Opening and configuring the SQLCipher connection.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use zeroize::Zeroizing;

use crate::keys::VaultKeys;
use crate::Error;

/// Opens `path` with the data key and the vault's safety settings, migrates the schema and
/// checks every page's HMAC. `create` allows a new file.
pub(crate) fn open(path: &Path, keys: &VaultKeys, create: bool) -> Result<Connection, Error> {
    let key = keys.sql_key_literal();
    let conn = open_raw(path, Some(&key), create)?;
    // Every page carries an HMAC; checking them all at unlock turns a flipped byte anywhere in
    // the file into a clear "tampered" error instead of a failure in the middle of work.
    // Cost: about a millisecond per megabyte (see the vault bench's unlock figure).
    let mut stmt = conn.prepare("PRAGMA cipher_integrity_check")?;
    let problems: Vec<String> = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<_, _>>()?;
    drop(stmt);
    if !problems.is_empty() {
        return Err(Error::Tampered(format!("{} page(s) failed their HMAC check", problems.len())));
    }
    Ok(conn)
}

/// `key`: the raw-key literal, or `None` for a plain SQLite file (benchmark controls and
/// tests that prove the plaintext scanner works).
fn open_raw(path: &Path, key: Option<&Zeroizing<String>>, create: bool) -> Result<Connection, Error> {
    memory_security()?;
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let mut conn = Connection::open_with_flags(path, flags)?;
    // SQLCipher otherwise writes its own diagnostics to stderr.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    if let Some(key) = key {
        let stmt = Zeroizing::new(format!("PRAGMA key = \"{}\";", key.as_str()));
        conn.execute_batch(&stmt)?;
        // Page MACs use HMAC-SHA256 instead of SQLCipher's default HMAC-SHA512: equally sound for
        // integrity (256-bit tags), and hardware-accelerated on CPUs with SHA extensions, where
        // it cuts the encrypted-insert overhead by half (vault bench: 1.27-1.40x of plain
        // SQLite with SHA-512, 1.12-1.16x with SHA-256). Set before the first read.
        conn.execute_batch("PRAGMA cipher_hmac_algorithm = HMAC_SHA256;")?;
    }
    // A wrong key is accepted by PRAGMA key and only fails here, at the first read. The key was
    // already proven by the AES-GCM unwrap, so failing here means the file is damaged.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // WAL + FULL: a committed note survives power loss; secure_delete overwrites freed pages;
    // temp tables and sorts stay in memory so no plaintext temp file is ever written. A 64 MiB
    // page cache (allocated as used): every page read from disk costs SQLCipher a decryption
    // and an HMAC check, so a cache that holds the working set is what keeps encryption cheap
    // (the vault bench: full-text search 10x slower than plain SQLite with the default 2 MiB
    // cache, on par with 64 MiB).
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Storage(format!("could not switch to WAL journal (got {mode})")));
    }
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         PRAGMA secure_delete = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA foreign_keys = ON;
         PRAGMA cache_size = -65536;",
    )?;
    super::schema::migrate(&mut conn)?;
    Ok(conn)
}

/// A plain SQLite file with the vault's schema and settings (the vault bench's control, and
/// the test that proves the plaintext scanner finds what an unencrypted file would leak).
#[cfg(feature = "bench")]
pub(crate) fn open_plain(path: &Path) -> Result<Connection, Error> {
    open_raw(path, None, true)
}

/// SQLCipher's memory security (freed memory wiped, key pages locked where the OS allows) is
/// process-wide, and SQLCipher's documentation asks for it early in the process, before any
/// database is keyed: it is turned on once, on a throw-away in-memory connection, before the
/// first vault connection opens, and checked.
fn memory_security() -> Result<(), Error> {
    static ON: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    ON.get_or_init(|| {
        let c = Connection::open_in_memory().map_err(|e| e.to_string())?;
        c.execute_batch("PRAGMA cipher_log_level = NONE; PRAGMA cipher_memory_security = ON;").map_err(|e| e.to_string())?;
        let on: String = c.query_row("PRAGMA cipher_memory_security", [], |r| r.get(0)).map_err(|e| e.to_string())?;
        if on == "1" {
            Ok(())
        } else {
            Err(format!("SQLCipher's memory security reads {on} after being turned on"))
        }
    })
    .clone()
    .map_err(Error::Storage)
}

#[cfg(test)]
mod tests {
    #[test]
    fn memory_security_is_on_before_the_first_vault_opens() {
        super::memory_security().unwrap();
        let c = rusqlite::Connection::open_in_memory().unwrap();
        let on: String = c.query_row("PRAGMA cipher_memory_security", [], |r| r.get(0)).unwrap();
        assert_eq!(on, "1");
    }
}
