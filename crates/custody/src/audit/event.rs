//! What an audit row records: who did what to which object, and how it ended.

use serde::{Deserialize, Serialize};

/// What was done. Stable lower-case names are stored and exported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    Create,
    Read,
    Update,
    Delete,
    Execute,
    Login,
    Logout,
    Lock,
    FailedLogin,
    Export,
    Purge,
    BreakGlass,
    PolicyChange,
    /// The vault was opened without the OS keychain under a managed password-only policy.
    PasswordOnly,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Read => "read",
            Self::Update => "update",
            Self::Delete => "delete",
            Self::Execute => "execute",
            Self::Login => "login",
            Self::Logout => "logout",
            Self::Lock => "lock",
            Self::FailedLogin => "failed-login",
            Self::Export => "export",
            Self::Purge => "purge",
            Self::BreakGlass => "break-glass",
            Self::PolicyChange => "policy-change",
            Self::PasswordOnly => "password-only",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Self> {
        ALL_ACTIONS.iter().copied().find(|a| a.as_str() == s)
    }
}

pub(crate) const ALL_ACTIONS: [Action; 14] = [
    Action::Create,
    Action::Read,
    Action::Update,
    Action::Delete,
    Action::Execute,
    Action::Login,
    Action::Logout,
    Action::Lock,
    Action::FailedLogin,
    Action::Export,
    Action::Purge,
    Action::BreakGlass,
    Action::PolicyChange,
    Action::PasswordOnly,
];

/// How it ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Success,
    /// Refused by a rule (wrong password, role, lockout).
    Denied,
    /// Failed for another reason (storage, input).
    Failure,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::Denied => "denied",
            Self::Failure => "failure",
        }
    }
    pub(crate) fn parse(s: &str) -> Option<Self> {
        [Self::Success, Self::Denied, Self::Failure].into_iter().find(|o| o.as_str() == s)
    }
}

/// An event before it is appended (no sequence number or MAC yet).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEvent {
    /// Unix time in milliseconds.
    pub ts_ms: i64,
    /// User id (or `-` when no user could be identified).
    pub user: String,
    /// Role at the time (`clinician`, `admin`, `break-glass`, `-`).
    pub role: String,
    /// Host name of the workstation.
    pub workstation: String,
    pub action: Action,
    /// Object id: `note:<id>`, `user:<id>`, `vault`, `policy:<key>`…
    pub object: String,
    pub outcome: Outcome,
    /// Identifiers, counts or a reason code; never note text.
    pub detail: String,
}

/// A stored event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Event {
    pub seq: i64,
    #[serde(flatten)]
    pub event: NewEvent,
    #[serde(with = "hex::serde")]
    pub mac: Vec<u8>,
}
