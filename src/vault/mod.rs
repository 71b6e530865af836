//! The encrypted vault: one SQLCipher database (`vault.db`, with its `-wal`/`-shm`) plus the key
//! file `keys.json`, in one data directory.
//!
//! Nothing here hands out a connection: a [`crate::auth::Session`], obtained by logging in,
//! is the only way to the notes. This module owns opening (keying, pragmas, integrity),
//! the schema, note storage and retention purges.

pub(crate) mod db;
pub mod keystore;
pub mod notes;
pub mod purge;
mod schema;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use keystore::{Keystore, KeystoreError};
pub use notes::{NewNote, Note, NoteStatus, NoteSummary, StoredSpan};
pub use purge::PurgeReport;

use crate::auth::keychain::{DeviceSecretStore, OsKeychain};
use crate::auth::keys::KdfParams;
use crate::auth::AuthError;
use crate::clock::{Clock, SystemClock};
use crate::policy::{EffectivePolicy, PolicyError};

/// Vault failures. Messages say what happened and what to do; they never contain note text.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("the vault file is damaged or has been tampered with ({0}); nothing was changed — restore vault.db from a backup")]
    Tampered(String),
    #[error("the disk is full: the last change was not saved (everything saved before is intact); free space and retry")]
    DiskFull,
    #[error("the vault is busy in another Hushnote process; retry in a moment")]
    Busy,
    #[error("vault storage error: {0}")]
    Storage(String),
    #[error("a vault already exists in {0}")]
    Exists(String),
    #[error(transparent)]
    Keystore(#[from] KeystoreError),
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(transparent)]
    Policy(#[from] PolicyError),
    #[error("note {0} was not found")]
    NoteNotFound(String),
    #[error("user {0} was not found")]
    UserNotFound(String),
    #[error("user {0} already exists")]
    UserExists(String),
    #[error("audio is not kept under the current policy (keep_audio = false)")]
    AudioNotKept,
    #[error("cannot access {0}: {1}")]
    Io(String, std::io::Error),
}

impl From<rusqlite::Error> for VaultError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::NotADatabase) | Some(C::DatabaseCorrupt) => Self::Tampered(e.to_string()),
            Some(C::DiskFull) => Self::DiskFull,
            Some(C::DatabaseBusy) | Some(C::DatabaseLocked) => Self::Busy,
            // rusqlite's messages name SQL and constraints, never bound values.
            _ => Self::Storage(e.to_string()),
        }
    }
}

impl From<rusqlite_migration::Error> for VaultError {
    fn from(e: rusqlite_migration::Error) -> Self {
        match e {
            rusqlite_migration::Error::RusqliteError { err, .. } => err.into(),
            other => Self::Storage(other.to_string()),
        }
    }
}

impl From<crate::audit::AuditError> for VaultError {
    fn from(e: crate::audit::AuditError) -> Self {
        match e {
            crate::audit::AuditError::Storage(e) => e.into(),
            other => Self::Tampered(other.to_string()),
        }
    }
}

impl From<crate::auth::keys::KeyError> for VaultError {
    fn from(e: crate::auth::keys::KeyError) -> Self {
        Self::Auth(AuthError::Key(e))
    }
}

impl From<crate::auth::keychain::KeychainError> for VaultError {
    fn from(e: crate::auth::keychain::KeychainError) -> Self {
        Self::Auth(AuthError::Keychain(e))
    }
}

/// What a vault needs from its surroundings, injected so tests can replace each part.
#[derive(Clone)]
pub struct VaultEnv {
    /// Home of the device secret.
    pub keychain: Arc<dyn DeviceSecretStore>,
    /// The effective policy.
    pub policy: EffectivePolicy,
    pub clock: Arc<dyn Clock>,
    /// This workstation's name, for the audit log.
    pub workstation: String,
    /// Argon2id cost for new password wraps.
    pub kdf: KdfParams,
}

impl VaultEnv {
    /// The real environment: the OS keychain, the policy files (managed over local), the system
    /// clock and the host name.
    pub fn system(data_dir: &Path) -> Result<Self, PolicyError> {
        let policy = EffectivePolicy::load(&crate::policy::managed_policy_path(), &crate::policy::local_policy_path(data_dir))?;
        Ok(Self {
            keychain: Arc::new(OsKeychain),
            policy,
            clock: Arc::new(SystemClock),
            workstation: workstation_name(),
            kdf: KdfParams::DEFAULT,
        })
    }
}

/// The host name (no PHI; identifies the workstation in audit rows).
pub fn workstation_name() -> String {
    #[cfg(unix)]
    {
        let mut buf = [0u8; 256];
        // SAFETY: gethostname writes at most buf.len() bytes into our buffer.
        if unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) } == 0 {
            let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
            if let Ok(s) = std::str::from_utf8(&buf[..end]) {
                return s.to_owned();
            }
        }
    }
    std::env::var("COMPUTERNAME").unwrap_or_else(|_| "unknown-host".into())
}

/// The platform's data directory for the vault (`~/.local/share/hushnote/vault` on Linux).
pub fn default_data_dir() -> PathBuf {
    directories::ProjectDirs::from("org", "Hushnote", "hushnote")
        .map(|d| d.data_dir().join("vault"))
        .unwrap_or_else(|| PathBuf::from("hushnote-vault"))
}

/// A vault on disk, not yet unlocked. Log in (see [`crate::auth`]) to get a session.
pub struct Vault {
    pub(crate) dir: PathBuf,
    pub(crate) env: VaultEnv,
    pub(crate) keystore: Keystore,
}

impl Vault {
    /// The database file's name inside the data directory.
    pub const DB_FILE: &'static str = "vault.db";

    /// Opens the key file of an existing vault (no password needed yet).
    pub fn open(dir: &Path, env: VaultEnv) -> Result<Self, VaultError> {
        let keystore = Keystore::load(dir)?;
        if !dir.join(Self::DB_FILE).exists() {
            return Err(VaultError::Tampered(format!("{} is missing", Self::DB_FILE)));
        }
        Ok(Self { dir: dir.to_owned(), env, keystore })
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The vault's random identifier (not secret).
    pub fn id(&self) -> &str {
        &self.keystore.vault_id
    }

    /// The effective policy this vault runs under.
    pub fn policy(&self) -> &EffectivePolicy {
        &self.env.policy
    }

    pub(crate) fn db_path(&self) -> PathBuf {
        self.dir.join(Self::DB_FILE)
    }
}

/// For benchmarks only: the same schema and note statements on a SQLCipher file keyed with a
/// raw key, or on a plain SQLite file, so encryption's cost can be measured in isolation.
/// Applications use sessions.
#[doc(hidden)]
pub mod bench_support {
    pub use super::db::BenchStore;
}
