//! The typed face of the protocol: one method per request, over any [`Transport`]. Front ends
//! use this and nothing below it; it is also the [`DraftSink`] a dictation writes through.

use secrecy::SecretString;

use crate::types::{Checkpoint, Note, NoteStatus, NoteSummary, PolicyValue, PurgeReport, Role, UserRecord, Verification};
use crate::wire::{ExportFormat, Request, Response, Transport};
use crate::{DraftSink, Error, ErrorCode, Secret};

/// A session with custody over `T`.
pub struct Client<T: Transport> {
    transport: T,
}

/// The answer did not fit the question: a version mismatch between client and service.
fn unexpected(request: &'static str, got: &Response) -> Error {
    Error::new(ErrorCode::Failed, format!("custody answered {request} with {got:?}; the client and the service are of different versions"))
}

/// Calls `$request` and takes the one response shape it expects.
macro_rules! expect {
    ($self:ident, $request:expr, $pattern:pat => $value:expr) => {{
        let request = $request;
        let name = request.name();
        match $self.transport.call(request)? {
            $pattern => Ok($value),
            other => Err(unexpected(name, &other)),
        }
    }};
}

impl<T: Transport> Client<T> {
    pub fn new(transport: T) -> Self {
        Self { transport }
    }

    /// Checks that the vault is there and opens; returns its id.
    pub fn hello(&self) -> Result<String, Error> {
        expect!(self, Request::Hello, Response::Vault { vault_id } => vault_id)
    }

    /// Creates the vault and its first admin; returns the vault id and the recovery key.
    pub fn init(&self, admin: &str, password: SecretString) -> Result<(String, Secret), Error> {
        expect!(self, Request::Init { admin: admin.to_owned(), password: password.into() }, Response::Created { vault_id, recovery_key } => (vault_id, recovery_key))
    }

    pub fn login(&self, user: &str, password: SecretString) -> Result<(), Error> {
        expect!(self, Request::Login { user: user.to_owned(), password: password.into() }, Response::Done => ())
    }

    pub fn break_glass(&self, recovery_key: SecretString, reason: &str) -> Result<(), Error> {
        expect!(self, Request::BreakGlass { recovery_key: recovery_key.into(), reason: reason.to_owned() }, Response::Done => ())
    }

    pub fn logout(&self) -> Result<(), Error> {
        expect!(self, Request::Logout, Response::Done => ())
    }

    pub fn add_user(&self, name: &str, role: Role, password: SecretString) -> Result<String, Error> {
        expect!(self, Request::UserAdd { name: name.to_owned(), role, password: password.into() }, Response::Id { id } => id)
    }

    pub fn set_password(&self, name: &str, password: SecretString) -> Result<(), Error> {
        expect!(self, Request::UserPasswd { name: name.to_owned(), password: password.into() }, Response::Done => ())
    }

    pub fn disable_user(&self, name: &str) -> Result<(), Error> {
        expect!(self, Request::UserDisable { name: name.to_owned() }, Response::Done => ())
    }

    pub fn list_users(&self) -> Result<Vec<UserRecord>, Error> {
        expect!(self, Request::UserList, Response::Users { users } => users)
    }

    pub fn add_note(&self, text: String, patient_ref: Option<String>, status: NoteStatus, provenance: serde_json::Value) -> Result<String, Error> {
        expect!(self, Request::NoteAdd { text, patient_ref, status, provenance }, Response::Id { id } => id)
    }

    pub fn list_notes(&self) -> Result<Vec<NoteSummary>, Error> {
        expect!(self, Request::NoteList, Response::Notes { notes } => notes)
    }

    pub fn read_note(&self, id: &str) -> Result<Note, Error> {
        expect!(self, Request::NoteShow { id: id.to_owned() }, Response::Note { note } => note)
    }

    pub fn search_notes(&self, query: &str) -> Result<Vec<NoteSummary>, Error> {
        expect!(self, Request::NoteSearch { query: query.to_owned() }, Response::Notes { notes } => notes)
    }

    pub fn finalize_note(&self, id: &str) -> Result<(), Error> {
        expect!(self, Request::NoteFinalize { id: id.to_owned() }, Response::Done => ())
    }

    pub fn set_legal_hold(&self, id: &str, hold: bool) -> Result<(), Error> {
        expect!(self, Request::NoteHold { id: id.to_owned(), hold }, Response::Done => ())
    }

    pub fn drafts(&self) -> Result<Vec<NoteSummary>, Error> {
        expect!(self, Request::Drafts, Response::Notes { notes } => notes)
    }

    /// The chain's check, and why `checkpoint` (if given) does not match the log, if it does not.
    pub fn audit_verify(&self, checkpoint: Option<Checkpoint>) -> Result<(Verification, Option<String>), Error> {
        expect!(self, Request::AuditVerify { checkpoint }, Response::Verified { verification, checkpoint_mismatch } => (verification, checkpoint_mismatch))
    }

    pub fn audit_export(&self, format: ExportFormat) -> Result<String, Error> {
        expect!(self, Request::AuditExport { format }, Response::Export { content } => content)
    }

    pub fn audit_checkpoint(&self) -> Result<Checkpoint, Error> {
        expect!(self, Request::AuditCheckpoint, Response::Checkpoint { checkpoint } => checkpoint)
    }

    pub fn purge(&self, dry_run: bool) -> Result<PurgeReport, Error> {
        expect!(self, Request::Purge { dry_run }, Response::Purged { report } => report)
    }

    pub fn policy_show(&self) -> Result<Vec<PolicyValue>, Error> {
        expect!(self, Request::PolicyShow, Response::Policy { values } => values)
    }

    pub fn set_policy(&self, key: &str, value: &str) -> Result<(), Error> {
        expect!(self, Request::PolicySet { key: key.to_owned(), value: value.to_owned() }, Response::Done => ())
    }
}

impl<T: Transport> DraftSink for Client<T> {
    fn resume_draft(&self, id: &str) -> Result<String, Error> {
        expect!(self, Request::DraftResume { id: id.to_owned() }, Response::Text { text } => text)
    }
    fn set_draft(&self, text: &str, patient_ref: Option<&str>, provenance: serde_json::Value) -> Result<(), Error> {
        expect!(self, Request::DraftSet { text: text.to_owned(), patient_ref: patient_ref.map(str::to_owned), provenance }, Response::Done => ())
    }
    fn save_draft(&self) -> Result<Option<String>, Error> {
        expect!(self, Request::DraftSave, Response::MaybeId { id } => id)
    }
    fn touch(&self) -> Result<(), Error> {
        expect!(self, Request::Touch, Response::Done => ())
    }
    fn tick(&self) -> Result<bool, Error> {
        expect!(self, Request::Tick, Response::Flag { value } => value)
    }
    fn keeps_audio(&self) -> bool {
        // Asked once per dictation; without an answer, audio is not kept (the safer default).
        matches!(self.transport.call(Request::KeepsAudio), Ok(Response::Flag { value: true }))
    }
    fn add_audio(&self, note_id: &str, sample_rate: u32, pcm_le_i16: &[u8]) -> Result<(), Error> {
        expect!(self, Request::AudioAdd { note_id: note_id.to_owned(), sample_rate, pcm_le_i16: pcm_le_i16.to_vec() }, Response::Done => ())
    }
    fn lock_os(&self) -> Result<(), Error> {
        expect!(self, Request::LockOs, Response::Done => ())
    }
}
