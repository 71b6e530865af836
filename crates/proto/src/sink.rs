//! Where a dictation writes: the draft of the note being dictated, saved as each utterance ends.
//! The dictation pipeline knows only this trait, so it runs the same against a local session
//! (tests, today's CLI) and against the custody service over its socket.

use crate::Error;

/// The draft note a dictation writes into, and the session around it. Every call counts as the
/// clinician's activity except [`DraftSink::tick`]; a locked session answers every call with
/// [`crate::ErrorCode::SessionLocked`].
pub trait DraftSink {
    /// Continues one of the clinician's saved drafts; returns its text.
    fn resume_draft(&self, id: &str) -> Result<String, Error>;
    /// Replaces the draft's text (held until [`DraftSink::save_draft`] and always saved before
    /// the session locks).
    fn set_draft(&self, text: &str, patient_ref: Option<&str>, provenance: serde_json::Value) -> Result<(), Error>;
    /// Writes the draft now; returns its note id once it has one.
    fn save_draft(&self) -> Result<Option<String>, Error>;
    /// Counts as activity (the clinician is speaking) without doing anything else.
    fn touch(&self) -> Result<(), Error>;
    /// Checks the idle timeout without counting as activity; true when the session is (now)
    /// locked.
    fn tick(&self) -> Result<bool, Error>;
    /// Whether the policy keeps dictation audio.
    fn keeps_audio(&self) -> bool;
    /// Stores a dictation's audio (16-bit little-endian PCM) with its note.
    fn add_audio(&self, note_id: &str, sample_rate: u32, pcm_le_i16: &[u8]) -> Result<(), Error>;
    /// Locks the session because the OS screen locked or the machine sleeps: the draft is saved
    /// first.
    fn lock_os(&self) -> Result<(), Error>;
}
