//! Users, roles, passwords, sessions and the key hierarchy: who may open the vault, and what
//! happens when they walk away.
//!
//! - [`Vault::init`](crate::vault::Vault::init) creates a vault, its first admin and the
//!   recovery key; [`Vault::login`](crate::vault::Vault::login) and
//!   [`Vault::break_glass`](crate::vault::Vault::break_glass) return a [`Session`], the only way
//!   to the notes.
//! - A session locks itself after the policy's idle timeout or on [`Session::lock`]: it saves
//!   the draft first, then closes the connection and wipes the key.

pub mod keychain;
pub mod keys;
mod lockout;
mod login;
mod password;
pub mod session;
#[cfg(test)]
mod tests;

use serde::Serialize;

pub use keys::{KdfParams, RecoveryKey};
pub use password::check_new_password;
pub use session::{Draft, Session, SessionInfo};

/// What a user may do. Admins manage users, policy, retention and the audit log but never read
/// note text; clinicians read and write their own notes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Clinician,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Clinician => "clinician",
            Self::Admin => "admin",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "clinician" => Some(Self::Clinician),
            "admin" => Some(Self::Admin),
            _ => None,
        }
    }
}

/// Authentication and authorisation failures. None of them carries a password or note text.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("the user name or password is wrong")]
    WrongCredentials,
    #[error("this account is locked after too many failed logins; try again in {minutes} minute(s) or ask an admin")]
    AccountLocked { minutes: i64 },
    #[error("this account is disabled; ask an admin")]
    AccountDisabled,
    #[error("the vault's device secret is missing from the {keychain}: this vault cannot be opened with a password on this device; use the recovery key (break-glass) and re-enrol users")]
    KeychainSecretMissing { keychain: &'static str },
    #[error(transparent)]
    Keychain(#[from] keychain::KeychainError),
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
    Key(#[from] keys::KeyError),
}
