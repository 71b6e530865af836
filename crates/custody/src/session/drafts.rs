//! The draft being written or dictated: kept in memory, saved as each utterance ends and always
//! before the session locks. `Session` is also the [`DraftSink`] a local dictation writes through.

use zeroize::Zeroize;

use super::{Draft, LockReason, Session};
use crate::audit::{self, Action, Outcome};
use hushnote_proto::{NoteStatus, NoteSummary};

use crate::store::notes;
use crate::Error;

impl Session {
    /// Replaces the in-memory draft (typing, dictation). It is saved by [`Self::save_draft`],
    /// and always before the session locks.
    pub fn set_draft(&self, text: &str, patient_ref: Option<&str>, provenance: serde_json::Value) -> Result<(), Error> {
        self.check_size(text)?;
        self.with_open(|o, _| {
            let d = o.draft.get_or_insert_with(Draft::default);
            d.text.zeroize();
            d.text = text.to_owned();
            d.patient_ref = patient_ref.map(str::to_owned);
            d.provenance = provenance;
            o.draft_dirty = true;
            Ok(())
        })
    }

    /// Writes the draft to the vault now; returns its note id.
    pub fn save_draft(&self) -> Result<Option<String>, Error> {
        self.with_open(|o, now| self.write_draft(o, now))
    }

    /// Starts a fresh draft (the previous one must have been saved or finished).
    pub fn clear_draft(&self) -> Result<(), Error> {
        self.with_open(|o, now| {
            self.write_draft(o, now)?;
            o.draft = None;
            Ok(())
        })
    }

    /// Continues one of the current clinician's saved drafts: the next saves update that note.
    /// Returns its text.
    pub fn resume_draft(&self, id: &str) -> Result<String, Error> {
        self.require_clinician()?;
        self.with_open(|o, now| {
            let note = notes::get(&o.conn, id)?;
            if note.author_id != self.info.user_id || note.status != NoteStatus::Draft {
                return Err(Error::PermissionDenied("only your own drafts can be resumed"));
            }
            audit::append(&o.conn, &o.keys.audit, &self.event(now, Action::Read, format!("note:{id}"), Outcome::Success, "resume"))?;
            let text = note.text.clone();
            o.draft = Some(Draft { note_id: Some(note.id), text: note.text, patient_ref: note.patient_ref, provenance: note.provenance });
            o.draft_dirty = false;
            Ok(text)
        })
    }

    /// Counts as user activity (dictation in progress) without doing anything else.
    pub fn touch(&self) -> Result<(), Error> {
        self.with_open(|_, _| Ok(()))
    }

    /// Whether the policy keeps dictation audio.
    pub fn keeps_audio(&self) -> bool {
        self.env().policy.policy.keep_audio
    }

    /// The current user's saved drafts, newest first (offered for resumption at login).
    pub fn drafts(&self) -> Result<Vec<NoteSummary>, Error> {
        self.require_clinician()?;
        let me = self.info.user_id.clone();
        self.with_open(|o, _| Ok(notes::list(&o.conn, Some(&me))?.into_iter().filter(|n| n.status == NoteStatus::Draft).collect()))
    }
}

/// A dictation writes into a local session exactly as it will into the custody service: each
/// call is the session's own, with its audit rows, and every error becomes its table entry.
impl hushnote_proto::DraftSink for Session {
    fn resume_draft(&self, id: &str) -> Result<String, hushnote_proto::Error> {
        Ok(Session::resume_draft(self, id)?)
    }
    fn set_draft(&self, text: &str, patient_ref: Option<&str>, provenance: serde_json::Value) -> Result<(), hushnote_proto::Error> {
        Ok(Session::set_draft(self, text, patient_ref, provenance)?)
    }
    fn save_draft(&self) -> Result<Option<String>, hushnote_proto::Error> {
        Ok(Session::save_draft(self)?)
    }
    fn touch(&self) -> Result<(), hushnote_proto::Error> {
        Ok(Session::touch(self)?)
    }
    fn tick(&self) -> Result<bool, hushnote_proto::Error> {
        Ok(Session::tick(self)?)
    }
    fn keeps_audio(&self) -> bool {
        Session::keeps_audio(self)
    }
    fn add_audio(&self, note_id: &str, sample_rate: u32, pcm_le_i16: &[u8]) -> Result<(), hushnote_proto::Error> {
        Ok(Session::add_audio(self, note_id, sample_rate, pcm_le_i16)?)
    }
    fn lock_os(&self) -> Result<(), hushnote_proto::Error> {
        Ok(Session::lock(self, LockReason::OsLock)?)
    }
}
