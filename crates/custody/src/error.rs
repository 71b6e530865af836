//! The one error type of custody: every failure of keys, storage, audit, policy and sessions,
//! with its entry in the error table. Messages say what happened and what to do; none carries a
//! password, a key or note text.

use hushnote_proto::ErrorCode;

use crate::audit::AuditError;
use crate::keys::keychain::KeychainError;
use crate::keys::keystore::KeystoreError;
use crate::keys::KeyError;
use crate::policy::PolicyError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    // ----- who may open the vault ----------------------------------------------------------
    #[error("the user name or password is wrong")]
    WrongCredentials,
    #[error("this account is locked after too many failed logins; try again in {minutes} minute(s) or ask an admin")]
    AccountLocked { minutes: i64 },
    #[error("this account is disabled; ask an admin")]
    AccountDisabled,
    #[error("the vault's device secret is missing from the {keychain}: this vault cannot be opened with a password on this device; use the recovery key (break-glass) and re-enrol users")]
    KeychainSecretMissing { keychain: &'static str },
    #[error(transparent)]
    Keychain(#[from] KeychainError),
    #[error("password rejected: {0}")]
    PasswordRejected(&'static str),
    #[error("not permitted: {0}")]
    PermissionDenied(&'static str),
    #[error("the session is locked (idle timeout or explicit lock); log in again")]
    Locked,
    #[error("the recovery key does not open this vault")]
    WrongRecoveryKey,
    #[error("break-glass access needs a stated reason")]
    ReasonRequired,
    #[error(transparent)]
    Key(#[from] KeyError),
    // ----- the files -----------------------------------------------------------------------
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
    Policy(#[from] PolicyError),
    #[error("note {0} was not found")]
    NoteNotFound(String),
    #[error("user {0} was not found")]
    UserNotFound(String),
    #[error("user {0} already exists")]
    UserExists(String),
    #[error("audio is not kept under the current policy (keep_audio = false)")]
    AudioNotKept,
    #[error("the note is {kib} KiB, over the limit of {max_kib} KiB (policy note_max_kib); split it into several notes")]
    NoteTooLarge { kib: u64, max_kib: u64 },
    #[error("cannot access {0}: {1}")]
    Io(String, std::io::Error),
}

impl Error {
    /// This error's entry in the error table (the CLI's exit code, the UI's code).
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::WrongCredentials | Self::WrongRecoveryKey => ErrorCode::WrongPassword,
            Self::AccountLocked { .. } | Self::AccountDisabled => ErrorCode::AccountLocked,
            Self::KeychainSecretMissing { .. } => ErrorCode::KeychainSecretMissing,
            Self::Keychain(_) => ErrorCode::KeychainUnavailable,
            Self::PermissionDenied(_) => ErrorCode::Permission,
            Self::PasswordRejected(_) | Self::ReasonRequired => ErrorCode::Input,
            Self::Locked => ErrorCode::SessionLocked,
            Self::Tampered(_) | Self::Keystore(KeystoreError::Damaged(..)) => ErrorCode::Tampered,
            Self::DiskFull => ErrorCode::DiskFull,
            Self::Keystore(KeystoreError::Missing(_)) | Self::Exists(_) => ErrorCode::NoVault,
            Self::NoteNotFound(_) | Self::UserNotFound(_) | Self::UserExists(_) | Self::AudioNotKept | Self::NoteTooLarge { .. } | Self::Policy(_) => ErrorCode::Input,
            Self::Key(_) | Self::Busy | Self::Storage(_) | Self::Keystore(KeystoreError::Io(..)) | Self::Io(..) => ErrorCode::Failed,
        }
    }
}

impl From<Error> for hushnote_proto::Error {
    fn from(e: Error) -> Self {
        Self::new(e.code(), e.to_string())
    }
}

impl From<rusqlite::Error> for Error {
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

impl From<rusqlite_migration::Error> for Error {
    fn from(e: rusqlite_migration::Error) -> Self {
        match e {
            rusqlite_migration::Error::RusqliteError { err, .. } => err.into(),
            other => Self::Storage(other.to_string()),
        }
    }
}

impl From<AuditError> for Error {
    fn from(e: AuditError) -> Self {
        match e {
            AuditError::Storage(e) => e.into(),
            other => Self::Tampered(other.to_string()),
        }
    }
}
