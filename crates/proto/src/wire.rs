//! The requests a front end makes of custody and the responses it gets. One request, one
//! response; a session is the state of one connection (log in, then act, then log out). The
//! transport is a [`Transport`]: in-process today, the custody service's socket next.

use serde::{Deserialize, Serialize};

use crate::types::{Checkpoint, Note, NoteStatus, NoteSummary, PolicyValue, PurgeReport, Role, UserRecord, Verification};
use crate::{Error, Secret};

/// The audit log's export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// FHIR R4 `AuditEvent`s in a collection `Bundle`.
    Fhir,
    Csv,
}

impl ExportFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fhir => "fhir",
            Self::Csv => "csv",
        }
    }
}

/// What a front end asks. `Debug` names the request only (requests carry note text and
/// secrets).
#[derive(Clone, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Request {
    /// Is there a vault, can it be opened? (Sent before any secret is read.)
    Hello,
    /// Creates the vault and its first admin.
    Init { admin: String, password: Secret },
    Login { user: String, password: Secret },
    /// Emergency access with the recovery key (its printed form) and a stated reason.
    BreakGlass { recovery_key: Secret, reason: String },
    /// Ends the session, saving the draft first.
    Logout,
    UserAdd { name: String, role: Role, password: Secret },
    UserPasswd { name: String, password: Secret },
    UserDisable { name: String },
    UserList,
    NoteAdd { text: String, patient_ref: Option<String>, status: NoteStatus, provenance: serde_json::Value },
    NoteList,
    NoteShow { id: String },
    NoteSearch { query: String },
    NoteFinalize { id: String },
    NoteHold { id: String, hold: bool },
    /// The clinician's saved drafts, newest first.
    Drafts,
    AuditVerify { checkpoint: Option<Checkpoint> },
    AuditExport { format: ExportFormat },
    AuditCheckpoint,
    Purge { dry_run: bool },
    /// The effective policy (no login needed).
    PolicyShow,
    PolicySet { key: String, value: String },
    // The draft being dictated (see [`crate::DraftSink`]).
    DraftResume { id: String },
    DraftSet { text: String, patient_ref: Option<String>, provenance: serde_json::Value },
    DraftSave,
    Touch,
    Tick,
    KeepsAudio,
    AudioAdd { note_id: String, sample_rate: u32, pcm_le_i16: Vec<u8> },
    LockOs,
}

impl Request {
    /// The request's name, for logs and errors (never its arguments).
    pub fn name(&self) -> &'static str {
        match self {
            Self::Hello => "hello",
            Self::Init { .. } => "init",
            Self::Login { .. } => "login",
            Self::BreakGlass { .. } => "break-glass",
            Self::Logout => "logout",
            Self::UserAdd { .. } => "user-add",
            Self::UserPasswd { .. } => "user-passwd",
            Self::UserDisable { .. } => "user-disable",
            Self::UserList => "user-list",
            Self::NoteAdd { .. } => "note-add",
            Self::NoteList => "note-list",
            Self::NoteShow { .. } => "note-show",
            Self::NoteSearch { .. } => "note-search",
            Self::NoteFinalize { .. } => "note-finalize",
            Self::NoteHold { .. } => "note-hold",
            Self::Drafts => "drafts",
            Self::AuditVerify { .. } => "audit-verify",
            Self::AuditExport { .. } => "audit-export",
            Self::AuditCheckpoint => "audit-checkpoint",
            Self::Purge { .. } => "purge",
            Self::PolicyShow => "policy-show",
            Self::PolicySet { .. } => "policy-set",
            Self::DraftResume { .. } => "draft-resume",
            Self::DraftSet { .. } => "draft-set",
            Self::DraftSave => "draft-save",
            Self::Touch => "touch",
            Self::Tick => "tick",
            Self::KeepsAudio => "keeps-audio",
            Self::AudioAdd { .. } => "audio-add",
            Self::LockOs => "lock-os",
        }
    }
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Request::{}", self.name())
    }
}

/// What custody answers (errors travel as [`Error`]). `Debug` names the response only.
#[derive(Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Response {
    Done,
    Vault { vault_id: String },
    /// A new vault, and its recovery key, shown once.
    Created { vault_id: String, recovery_key: Secret },
    Id { id: String },
    MaybeId { id: Option<String> },
    Flag { value: bool },
    Text { text: String },
    Users { users: Vec<UserRecord> },
    Notes { notes: Vec<NoteSummary> },
    Note { note: Note },
    /// The chain's check and, when a checkpoint was given, why it does not match (if it does not).
    Verified { verification: Verification, checkpoint_mismatch: Option<String> },
    Export { content: String },
    Checkpoint { checkpoint: Checkpoint },
    Purged { report: PurgeReport },
    Policy { values: Vec<PolicyValue> },
}

impl std::fmt::Debug for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self {
            Self::Done => "done",
            Self::Vault { .. } => "vault",
            Self::Created { .. } => "created",
            Self::Id { .. } => "id",
            Self::MaybeId { .. } => "maybe-id",
            Self::Flag { .. } => "flag",
            Self::Text { .. } => "text",
            Self::Users { .. } => "users",
            Self::Notes { .. } => "notes",
            Self::Note { .. } => "note",
            Self::Verified { .. } => "verified",
            Self::Export { .. } => "export",
            Self::Checkpoint { .. } => "checkpoint",
            Self::Purged { .. } => "purged",
            Self::Policy { .. } => "policy",
        };
        write!(f, "Response::{name}")
    }
}

/// How requests reach custody: one call, one answer, in order, on one session.
pub trait Transport {
    fn call(&self, request: Request) -> Result<Response, Error>;
}

/// A transport chosen at run time (the service's socket, or custody in-process).
impl<T: Transport + ?Sized> Transport for Box<T> {
    fn call(&self, request: Request) -> Result<Response, Error> {
        (**self).call(request)
    }
}
