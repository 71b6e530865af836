//! What crosses between a front end and custody: users, notes and their summaries, the audit
//! chain's head, retention counts, policy values. Custody uses these types itself, so each is
//! defined once; their JSON is what `--json` prints.

use serde::{Deserialize, Serialize};

/// What a user may do. Admins manage users, policy, retention and the audit log but never read
/// note text; clinicians read and write their own notes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

/// Where a note is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum NoteStatus {
    /// Being written or dictated.
    #[default]
    Draft,
    /// Signed off by its author.
    Final,
    /// Delivered (redacted) to the EHR.
    Sent,
}

impl NoteStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Final => "final",
            Self::Sent => "sent",
        }
    }
    /// The stored name back to a status (anything unknown reads as a draft).
    pub fn parse(s: &str) -> Self {
        match s {
            "final" => Self::Final,
            "sent" => Self::Sent,
            _ => Self::Draft,
        }
    }
}

/// A PHI span as stored with a note (offsets in characters of the note's text).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredSpan {
    pub start: usize,
    pub end: usize,
    pub category: String,
    pub rule: String,
    pub why: String,
}

/// A whole note (text included): only its author, or break-glass access, gets one. `Debug`
/// shows its identifiers, never its text or patient.
#[derive(Clone, Serialize, Deserialize)]
pub struct Note {
    pub id: String,
    pub author_id: String,
    pub patient_ref: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub status: NoteStatus,
    pub legal_hold: bool,
    pub text: String,
    pub spans: Vec<StoredSpan>,
    pub provenance: serde_json::Value,
}

impl std::fmt::Debug for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Note")
            .field("id", &self.id)
            .field("author_id", &self.author_id)
            .field("status", &self.status)
            .field("chars", &self.text.chars().count())
            .field("spans", &self.spans.len())
            .finish_non_exhaustive()
    }
}

/// A note without its text or patient (what an admin may see).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteSummary {
    pub id: String,
    pub author_id: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub status: NoteStatus,
    pub legal_hold: bool,
    /// Length of the text in characters.
    pub chars: i64,
}

/// A user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRecord {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
    pub created_at: i64,
    pub password_changed_at: i64,
}

/// What a retention purge removed or kept (counts only: this goes to the audit log).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurgeReport {
    pub final_notes: usize,
    pub drafts: usize,
    pub audio: usize,
    /// Expired notes kept because of a legal hold.
    pub held: usize,
    /// Expired final notes kept because they have not reached the EHR yet.
    pub unsent: usize,
}

impl PurgeReport {
    /// True when anything was deleted.
    pub fn deleted_any(&self) -> bool {
        self.final_notes + self.drafts + self.audio > 0
    }

    /// The audit detail: counts, never content.
    pub fn detail(&self) -> String {
        format!("final={} drafts={} audio={} held={} unsent={}", self.final_notes, self.drafts, self.audio, self.held, self.unsent)
    }
}

/// The result of checking the audit chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    /// Rows checked.
    pub rows: i64,
    /// The last good sequence number and its MAC (the head).
    pub head_seq: i64,
    #[serde(with = "hex::serde")]
    pub head_mac: Vec<u8>,
    /// The first sequence number that is missing, altered or out of place, if any.
    pub first_bad: Option<i64>,
}

/// A signed head of the audit chain, `(vault, seq, mac, time)` under the vault's checkpoint key,
/// kept off the machine to prove later that nothing was cut off the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub vault_id: String,
    pub seq: i64,
    #[serde(with = "hex::serde")]
    pub mac: Vec<u8>,
    pub ts_ms: i64,
    #[serde(with = "hex::serde")]
    pub public_key: Vec<u8>,
    #[serde(with = "hex::serde")]
    pub signature: Vec<u8>,
}

/// One policy value and the layer that set it (`default`, `local PATH`, `managed PATH`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyValue {
    pub key: String,
    pub value: String,
    pub source: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_a_note_and_of_the_wire_never_shows_text() {
        let canary = "zqwirecanary";
        let note = Note {
            id: "n1".into(),
            author_id: "u1".into(),
            patient_ref: Some(canary.into()),
            created_at: 0,
            updated_at: 0,
            status: NoteStatus::Draft,
            legal_hold: false,
            text: canary.into(),
            spans: Vec::new(),
            provenance: serde_json::Value::Null,
        };
        let request = crate::Request::NoteAdd { text: canary.into(), patient_ref: None, status: NoteStatus::Draft, provenance: serde_json::Value::Null };
        let response = crate::Response::Note { note: note.clone() };
        let shown = format!("{note:?} {request:?} {response:?}");
        assert!(!shown.contains(canary), "{shown}");
        assert!(shown.contains("note-add"), "{shown}");
    }
}
