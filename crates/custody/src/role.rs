//! What a user may do.

use serde::Serialize;

/// Admins manage users, policy, retention and the audit log but never read note text;
/// clinicians read and write their own notes.
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
