//! Notes through a session: clinicians write and read their own, admins manage them without
//! reading them, break-glass reads all. Every access is audited in the same transaction.

use super::Session;
use crate::audit::{self, Action, Outcome};
use hushnote_proto::{Note, NoteStatus, NoteSummary};

use crate::store::notes::{self, NewNote};
use crate::{Error, Role};

impl Session {
    /// Stores a note by the current clinician; PHI is tagged and stored with it.
    pub fn add_note(&self, note: &NewNote) -> Result<String, Error> {
        self.require_clinician()?;
        self.check_size(&note.text)?;
        let spans = hushnote_phi::tag(&note.text);
        self.with_open(|o, now| {
            let tx = o.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let id = notes::insert(&tx, &self.info.user_id, note, &spans, now)?;
            audit::append(&tx, &o.keys.audit, &self.event(now, Action::Create, format!("note:{id}"), Outcome::Success, note.status.as_str()))?;
            tx.commit()?;
            Ok(id)
        })
    }

    /// Reads a whole note: its author, or break-glass access. Admins are refused (and the
    /// refusal is audited): they manage notes without reading them.
    pub fn read_note(&self, id: &str) -> Result<Note, Error> {
        self.with_open(|o, now| {
            let note = notes::get(&o.conn, id)?;
            let allowed = self.info.break_glass || (self.info.role == Some(Role::Clinician) && note.author_id == self.info.user_id);
            let outcome = if allowed { Outcome::Success } else { Outcome::Denied };
            audit::append(&o.conn, &o.keys.audit, &self.event(now, Action::Read, format!("note:{id}"), outcome, ""))?;
            if allowed {
                Ok(note)
            } else {
                Err(Error::PermissionDenied("notes can be read only by their author (or break-glass access)"))
            }
        })
    }

    /// Replaces the text of one of the current clinician's notes (sent notes are final).
    pub fn update_note(&self, id: &str, text: &str) -> Result<(), Error> {
        self.require_clinician()?;
        self.check_size(text)?;
        let spans = hushnote_phi::tag(text);
        self.with_open(|o, now| {
            let tx = o.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let note = notes::get(&tx, id)?;
            if note.author_id != self.info.user_id || note.status == NoteStatus::Sent {
                return Err(Error::PermissionDenied("only the author may change a note, and not after it was sent"));
            }
            notes::update_text(&tx, id, &self.info.user_id, text, &spans, now)?;
            audit::append(&tx, &o.keys.audit, &self.event(now, Action::Update, format!("note:{id}"), Outcome::Success, "text"))?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Marks one of the current clinician's drafts final (signed). A note is signed once: a final
    /// or sent note is the record, and signing it again would move it back from "sent".
    pub fn finalize_note(&self, id: &str) -> Result<(), Error> {
        self.require_clinician()?;
        self.with_open(|o, now| {
            let tx = o.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let note = notes::get(&tx, id)?;
            if note.author_id != self.info.user_id {
                return Err(Error::PermissionDenied("only the author may sign a note"));
            }
            if note.status != NoteStatus::Draft {
                return Err(Error::PermissionDenied("only a draft can be signed; this note is signed already"));
            }
            notes::set_status(&tx, id, NoteStatus::Final, now)?;
            audit::append(&tx, &o.keys.audit, &self.event(now, Action::Update, format!("note:{id}"), Outcome::Success, "status=final"))?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Note summaries (no text): a clinician sees their own, an admin or break-glass all.
    pub fn list_notes(&self) -> Result<Vec<NoteSummary>, Error> {
        let author = (!self.info.break_glass && self.info.role == Some(Role::Clinician)).then(|| self.info.user_id.clone());
        self.with_open(|o, now| {
            let list = notes::list(&o.conn, author.as_deref())?;
            audit::append(&o.conn, &o.keys.audit, &self.event(now, Action::Read, "note-list", Outcome::Success, format!("count={}", list.len())))?;
            Ok(list)
        })
    }

    /// Full-text search over the current clinician's notes.
    pub fn search_notes(&self, query: &str) -> Result<Vec<NoteSummary>, Error> {
        self.require_clinician()?;
        self.with_open(|o, now| {
            let hits = notes::search(&o.conn, Some(&self.info.user_id), query)?;
            // The query itself may be PHI: only the number of hits is recorded.
            audit::append(&o.conn, &o.keys.audit, &self.event(now, Action::Read, "note-search", Outcome::Success, format!("hits={}", hits.len())))?;
            Ok(hits)
        })
    }

    /// Places or lifts a legal hold (admins): held notes survive retention purges.
    pub fn set_legal_hold(&self, id: &str, hold: bool) -> Result<(), Error> {
        self.require_admin("only admins place legal holds")?;
        self.with_open(|o, now| {
            let tx = o.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            notes::set_legal_hold(&tx, id, hold)?;
            audit::append(&tx, &o.keys.audit, &self.event(now, Action::Update, format!("note:{id}"), Outcome::Success, format!("legal_hold={hold}")))?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Stores dictation audio with a note — only when the policy keeps audio.
    pub fn add_audio(&self, note_id: &str, sample_rate: u32, pcm_le_i16: &[u8]) -> Result<(), Error> {
        self.require_clinician()?;
        if !self.env().policy.policy.keep_audio {
            return Err(Error::AudioNotKept);
        }
        self.with_open(|o, now| {
            let tx = o.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            if notes::get(&tx, note_id)?.author_id != self.info.user_id {
                return Err(Error::PermissionDenied("audio belongs to the note's author"));
            }
            notes::add_audio(&tx, note_id, sample_rate, pcm_le_i16, now)?;
            audit::append(&tx, &o.keys.audit, &self.event(now, Action::Create, format!("audio:{note_id}"), Outcome::Success, ""))?;
            tx.commit()?;
            Ok(())
        })
    }
}
