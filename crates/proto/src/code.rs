//! The one table of error codes. Each crate maps its own errors onto it (`code()` beside the
//! error type); the CLI exits with [`ErrorCode::exit_code`], and a UI receives `{code, message}`.

use serde::{Deserialize, Serialize};

/// What went wrong, as a front end needs to know it. The numbers are the `hushnote` CLI's exit
/// codes, documented for scripts; they never change once released (2 is a usage error, given by
/// the argument parser).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    /// Something failed that none of the codes below describes (decoding, storage, I/O).
    Failed,
    /// The command line was malformed.
    Usage,
    /// The speech model is missing, altered or cannot be loaded.
    Model,
    /// The input was unusable: unreadable audio, a bad line, an unknown note or user, a rejected
    /// password or policy value.
    Input,
    /// The user name or password (or the recovery key) is wrong.
    WrongPassword,
    /// The account is locked after failed logins, or disabled.
    AccountLocked,
    /// A vault file is damaged or has been tampered with.
    Tampered,
    /// The audit chain does not verify.
    AuditBroken,
    /// The OS keychain works but lacks this vault's device secret.
    KeychainSecretMissing,
    /// No usable OS keychain.
    KeychainUnavailable,
    /// The user's role does not allow this.
    Permission,
    /// The session locked (idle timeout, explicit or OS lock); log in again.
    SessionLocked,
    /// There is no vault where one was expected (or one exists where none should).
    NoVault,
    /// The disk is full; the last change was not saved.
    DiskFull,
    /// The audio device failed or could not be opened.
    Device,
    /// The custody service could not be reached (not running, or the socket is wrong).
    ServiceUnavailable,
}

impl ErrorCode {
    /// Every code, in table order.
    pub const ALL: [ErrorCode; 16] = [
        Self::Failed,
        Self::Usage,
        Self::Model,
        Self::Input,
        Self::WrongPassword,
        Self::AccountLocked,
        Self::Tampered,
        Self::AuditBroken,
        Self::KeychainSecretMissing,
        Self::KeychainUnavailable,
        Self::Permission,
        Self::SessionLocked,
        Self::NoVault,
        Self::DiskFull,
        Self::Device,
        Self::ServiceUnavailable,
    ];

    /// The process exit code of the `hushnote` CLI.
    pub const fn exit_code(self) -> u8 {
        match self {
            Self::Failed => 1,
            Self::Usage => 2,
            Self::Model => 3,
            Self::Input => 4,
            Self::WrongPassword => 10,
            Self::AccountLocked => 11,
            Self::Tampered => 12,
            Self::AuditBroken => 13,
            Self::KeychainSecretMissing => 14,
            Self::KeychainUnavailable => 15,
            Self::Permission => 16,
            Self::SessionLocked => 17,
            Self::NoVault => 18,
            Self::DiskFull => 19,
            Self::Device => 20,
            Self::ServiceUnavailable => 21,
        }
    }

    /// The stable name a UI matches on (`wrong-password`, `session-locked` …).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Failed => "failed",
            Self::Usage => "usage",
            Self::Model => "model",
            Self::Input => "input",
            Self::WrongPassword => "wrong-password",
            Self::AccountLocked => "account-locked",
            Self::Tampered => "tampered",
            Self::AuditBroken => "audit-broken",
            Self::KeychainSecretMissing => "keychain-secret-missing",
            Self::KeychainUnavailable => "keychain-unavailable",
            Self::Permission => "permission",
            Self::SessionLocked => "session-locked",
            Self::NoVault => "no-vault",
            Self::DiskFull => "disk-full",
            Self::Device => "device",
            Self::ServiceUnavailable => "service-unavailable",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error as it crosses from custody to a front end: what kind, and a message that says what
/// happened and what to do. The message never carries note text or PHI (every error type that
/// becomes one is written that way).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[error("{message}")]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
}

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_cover_the_table() {
        let mut exits: Vec<u8> = ErrorCode::ALL.iter().map(|c| c.exit_code()).collect();
        exits.sort_unstable();
        exits.dedup();
        assert_eq!(exits.len(), ErrorCode::ALL.len());
        assert!(!exits.contains(&0), "0 is success");
        let mut names: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ErrorCode::ALL.len());
    }

    #[test]
    fn serialises_as_the_ui_name() {
        for c in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(c).unwrap(), serde_json::json!(c.as_str()));
        }
        let e = Error::new(ErrorCode::SessionLocked, "the session is locked");
        assert_eq!(serde_json::to_value(&e).unwrap(), serde_json::json!({"code": "session-locked", "message": "the session is locked"}));
        assert_eq!(e.to_string(), "the session is locked");
    }

    /// The UI's declaration names every code the way the wire does (written once, here).
    #[cfg(feature = "typescript")]
    #[test]
    fn typescript_declares_every_code() {
        use ts_rs::TS;
        let decl = ErrorCode::decl(&ts_rs::Config::default());
        for c in ErrorCode::ALL {
            assert!(decl.contains(&format!("\"{}\"", c.as_str())), "{decl}");
        }
        assert!(Error::decl(&ts_rs::Config::default()).contains("code: ErrorCode"));
    }
}
