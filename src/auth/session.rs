//! A logged-in session: the only holder of a vault connection and its key.
//!
//! Every call first checks the idle timeout against the injected clock; a session idle for
//! longer than the policy allows locks itself (saving the draft first) and the call fails with
//! [`AuthError::Locked`], as does every later call. [`Session::tick`] lets a front end's timer
//! lock it without waiting for the next call; [`Session::lock`] is what the desktop shell calls
//! on OS screen lock or sleep.

use std::sync::{Mutex, MutexGuard};

use rusqlite::Connection;
use secrecy::SecretString;
use serde::Serialize;
use zeroize::Zeroize;

use super::keys::{UserWrapContext, VaultKeys};
use super::{check_new_password, AuthError, Role};
use crate::audit::{self, Action, Checkpoint, Event, NewEvent, Outcome, Verification};
use crate::vault::keystore::UserWrap;
use crate::vault::notes::{self, UserRecord};
use crate::vault::purge::{self, PurgeReport};
use crate::vault::{NewNote, Note, NoteStatus, NoteSummary, Vault, VaultEnv, VaultError};

/// Who is logged in.
#[derive(Clone, Debug, Serialize)]
pub struct SessionInfo {
    pub user_id: String,
    pub user_name: String,
    /// `None` for break-glass (recovery key) access.
    pub role: Option<Role>,
    pub break_glass: bool,
}

impl SessionInfo {
    fn role_str(&self) -> &'static str {
        match (self.break_glass, self.role) {
            (true, _) => "break-glass",
            (false, Some(r)) => r.as_str(),
            (false, None) => "-",
        }
    }
}

/// Unsaved text of the note being written or dictated. Wiped from memory when dropped.
#[derive(Clone, Debug, Default)]
pub struct Draft {
    /// The draft note's id once it has been saved.
    pub note_id: Option<String>,
    pub text: String,
    pub patient_ref: Option<String>,
    pub provenance: serde_json::Value,
}

impl Drop for Draft {
    fn drop(&mut self) {
        self.text.zeroize();
        if let Some(p) = self.patient_ref.as_mut() {
            p.zeroize();
        }
    }
}

/// Why a session locked (recorded in the audit log).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockReason {
    Explicit,
    /// The OS screen locked or the machine went to sleep.
    OsLock,
    Idle,
    Logout,
}

impl LockReason {
    fn as_str(self) -> &'static str {
        match self {
            Self::Explicit => "explicit",
            Self::OsLock => "os-lock",
            Self::Idle => "idle-timeout",
            Self::Logout => "logout",
        }
    }
}

struct Open {
    conn: Connection,
    keys: VaultKeys,
    last_activity_ms: i64,
    draft: Option<Draft>,
    /// True when the draft changed since it was last saved.
    draft_dirty: bool,
}

enum State {
    Open(Box<Open>),
    Locked,
}

/// An unlocked vault for one user. Dropping it locks it (saving the draft).
pub struct Session {
    vault: Vault,
    info: SessionInfo,
    state: Mutex<State>,
}

impl Session {
    pub(crate) fn new(vault: Vault, info: SessionInfo, conn: Connection, keys: VaultKeys) -> Self {
        let now = vault.env.clock.now_ms();
        let open = Open { conn, keys, last_activity_ms: now, draft: None, draft_dirty: false };
        Self { vault, info, state: Mutex::new(State::Open(Box::new(open))) }
    }

    /// Who is logged in.
    pub fn info(&self) -> &SessionInfo {
        &self.info
    }

    /// The vault's identifier (not secret).
    pub fn vault_id(&self) -> &str {
        self.vault.id()
    }

    fn env(&self) -> &VaultEnv {
        &self.vault.env
    }

    fn now(&self) -> i64 {
        self.env().clock.now_ms()
    }

    fn guard(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves the state as it was; keep using it.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// True once the session has locked (by timeout, explicit lock or logout).
    pub fn is_locked(&self) -> bool {
        matches!(*self.guard(), State::Locked)
    }

    fn event(&self, now: i64, action: Action, object: impl Into<String>, outcome: Outcome, detail: impl Into<String>) -> NewEvent {
        NewEvent {
            ts_ms: now,
            user: self.info.user_id.clone(),
            role: self.info.role_str().to_owned(),
            workstation: self.env().workstation.clone(),
            action,
            object: object.into(),
            outcome,
            detail: detail.into(),
        }
    }

    fn idle_expired(&self, o: &Open, now: i64) -> bool {
        now - o.last_activity_ms >= self.env().policy.policy.idle_timeout_secs as i64 * 1000
    }

    /// Runs `f` on the open state after the idle check, and counts as activity.
    fn with_open<T>(&self, f: impl FnOnce(&mut Open, i64) -> Result<T, VaultError>) -> Result<T, VaultError> {
        let mut st = self.guard();
        let now = self.now();
        if let State::Open(o) = &*st {
            if self.idle_expired(o, now) {
                // The lock's own result is secondary here: the caller must learn it is locked.
                let _ = self.lock_state(&mut st, LockReason::Idle, now);
                return Err(AuthError::Locked.into());
            }
        }
        match &mut *st {
            State::Locked => Err(AuthError::Locked.into()),
            State::Open(o) => {
                o.last_activity_ms = now;
                f(o, now)
            }
        }
    }

    /// Checks the idle timeout without counting as activity; returns true if the session is
    /// (now) locked. Front ends call this from a timer.
    pub fn tick(&self) -> Result<bool, VaultError> {
        let mut st = self.guard();
        let now = self.now();
        match &*st {
            State::Locked => Ok(true),
            State::Open(o) if self.idle_expired(o, now) => self.lock_state(&mut st, LockReason::Idle, now).map(|_| true),
            State::Open(_) => Ok(false),
        }
    }

    /// Locks now: saves the draft, records the lock, closes the connection and wipes the key.
    /// If the draft cannot be saved (e.g. disk full) the session still locks — an unattended
    /// unlocked workstation is the greater harm — and the error is returned so the front end
    /// can tell the clinician.
    pub fn lock(&self, reason: LockReason) -> Result<(), VaultError> {
        let mut st = self.guard();
        let now = self.now();
        self.lock_state(&mut st, reason, now)
    }

    /// Logs out (recorded as such), saving the draft first.
    pub fn logout(&self) -> Result<(), VaultError> {
        self.lock(LockReason::Logout)
    }

    fn lock_state(&self, st: &mut State, reason: LockReason, now: i64) -> Result<(), VaultError> {
        let State::Open(o) = std::mem::replace(st, State::Locked) else {
            return Ok(());
        };
        let mut o = *o;
        let saved = self.write_draft(&mut o, now);
        let action = if reason == LockReason::Logout { Action::Logout } else { Action::Lock };
        let outcome = if saved.is_ok() { Outcome::Success } else { Outcome::Failure };
        let detail = match &saved {
            Ok(_) => reason.as_str().to_owned(),
            Err(_) => format!("{} draft-not-saved", reason.as_str()),
        };
        let logged = audit::append(&o.conn, &o.keys.audit, &self.event(now, action, "session", outcome, detail));
        // Dropping `o` closes the connection (SQLCipher wipes its key material) and drops
        // VaultKeys, whose DEK is a zeroize-on-drop secret; the draft text is wiped too.
        drop(o);
        saved?;
        logged?;
        Ok(())
    }

    /// Saves the draft if it changed; returns its note id.
    fn write_draft(&self, o: &mut Open, now: i64) -> Result<Option<String>, VaultError> {
        let Some(d) = o.draft.as_mut() else { return Ok(None) };
        if !o.draft_dirty {
            return Ok(d.note_id.clone());
        }
        let spans = crate::phi::tag(&d.text);
        let tx = o.conn.transaction()?;
        let user = &self.info.user_id;
        let (id, action) = match &d.note_id {
            Some(id) => {
                notes::update_text(&tx, id, user, &d.text, &spans, now)?;
                (id.clone(), Action::Update)
            }
            None => {
                let note = NewNote { text: d.text.clone(), patient_ref: d.patient_ref.clone(), status: NoteStatus::Draft, provenance: d.provenance.clone() };
                (notes::insert(&tx, user, &note, &spans, now)?, Action::Create)
            }
        };
        audit::append(&tx, &o.keys.audit, &self.event(now, action, format!("note:{id}"), Outcome::Success, "draft"))?;
        tx.commit()?;
        d.note_id = Some(id.clone());
        o.draft_dirty = false;
        Ok(Some(id))
    }

    // ----- drafts -------------------------------------------------------------------------

    /// Replaces the in-memory draft (typing, dictation). It is saved by [`Self::save_draft`],
    /// and always before the session locks.
    pub fn set_draft(&self, text: &str, patient_ref: Option<&str>, provenance: serde_json::Value) -> Result<(), VaultError> {
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
    pub fn save_draft(&self) -> Result<Option<String>, VaultError> {
        self.with_open(|o, now| self.write_draft(o, now))
    }

    /// Starts a fresh draft (the previous one must have been saved or finished).
    pub fn clear_draft(&self) -> Result<(), VaultError> {
        self.with_open(|o, now| {
            self.write_draft(o, now)?;
            o.draft = None;
            Ok(())
        })
    }

    /// Continues one of the current clinician's saved drafts: the next saves update that note.
    /// Returns its text.
    pub fn resume_draft(&self, id: &str) -> Result<String, VaultError> {
        self.require_clinician()?;
        self.with_open(|o, now| {
            let note = notes::get(&o.conn, id)?;
            if note.author_id != self.info.user_id || note.status != NoteStatus::Draft {
                return Err(AuthError::PermissionDenied("only your own drafts can be resumed").into());
            }
            audit::append(&o.conn, &o.keys.audit, &self.event(now, Action::Read, format!("note:{id}"), Outcome::Success, "resume"))?;
            let text = note.text.clone();
            o.draft = Some(Draft { note_id: Some(note.id), text: note.text, patient_ref: note.patient_ref, provenance: note.provenance });
            o.draft_dirty = false;
            Ok(text)
        })
    }

    /// Counts as user activity (dictation in progress) without doing anything else.
    pub fn touch(&self) -> Result<(), VaultError> {
        self.with_open(|_, _| Ok(()))
    }

    /// Whether the policy keeps dictation audio.
    pub fn keeps_audio(&self) -> bool {
        self.env().policy.policy.keep_audio
    }

    /// The current user's saved drafts, newest first (offered for resumption at login).
    pub fn drafts(&self) -> Result<Vec<NoteSummary>, VaultError> {
        self.require_clinician()?;
        let me = self.info.user_id.clone();
        self.with_open(|o, _| Ok(notes::list(&o.conn, Some(&me))?.into_iter().filter(|n| n.status == NoteStatus::Draft).collect()))
    }

    // ----- notes --------------------------------------------------------------------------

    fn require_clinician(&self) -> Result<(), VaultError> {
        if self.info.role == Some(Role::Clinician) && !self.info.break_glass {
            Ok(())
        } else {
            Err(AuthError::PermissionDenied("only clinicians write notes").into())
        }
    }

    fn require_admin(&self, what: &'static str) -> Result<(), VaultError> {
        if self.info.role == Some(Role::Admin) && !self.info.break_glass {
            Ok(())
        } else {
            Err(AuthError::PermissionDenied(what).into())
        }
    }

    /// Stores a note by the current clinician; PHI is tagged and stored with it.
    pub fn add_note(&self, note: &NewNote) -> Result<String, VaultError> {
        self.require_clinician()?;
        let spans = crate::phi::tag(&note.text);
        self.with_open(|o, now| {
            let tx = o.conn.transaction()?;
            let id = notes::insert(&tx, &self.info.user_id, note, &spans, now)?;
            audit::append(&tx, &o.keys.audit, &self.event(now, Action::Create, format!("note:{id}"), Outcome::Success, note.status.as_str()))?;
            tx.commit()?;
            Ok(id)
        })
    }

    /// Reads a whole note: its author, or break-glass access. Admins are refused (and the
    /// refusal is audited): they manage notes without reading them.
    pub fn read_note(&self, id: &str) -> Result<Note, VaultError> {
        self.with_open(|o, now| {
            let note = notes::get(&o.conn, id)?;
            let allowed = self.info.break_glass || (self.info.role == Some(Role::Clinician) && note.author_id == self.info.user_id);
            let outcome = if allowed { Outcome::Success } else { Outcome::Denied };
            audit::append(&o.conn, &o.keys.audit, &self.event(now, Action::Read, format!("note:{id}"), outcome, ""))?;
            if allowed {
                Ok(note)
            } else {
                Err(AuthError::PermissionDenied("notes can be read only by their author (or break-glass access)").into())
            }
        })
    }

    /// Replaces the text of one of the current clinician's notes (sent notes are final).
    pub fn update_note(&self, id: &str, text: &str) -> Result<(), VaultError> {
        self.require_clinician()?;
        let spans = crate::phi::tag(text);
        self.with_open(|o, now| {
            let tx = o.conn.transaction()?;
            let note = notes::get(&tx, id)?;
            if note.author_id != self.info.user_id || note.status == NoteStatus::Sent {
                return Err(AuthError::PermissionDenied("only the author may change a note, and not after it was sent").into());
            }
            notes::update_text(&tx, id, &self.info.user_id, text, &spans, now)?;
            audit::append(&tx, &o.keys.audit, &self.event(now, Action::Update, format!("note:{id}"), Outcome::Success, "text"))?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Marks one of the current clinician's notes final (signed).
    pub fn finalize_note(&self, id: &str) -> Result<(), VaultError> {
        self.require_clinician()?;
        self.with_open(|o, now| {
            let tx = o.conn.transaction()?;
            if notes::get(&tx, id)?.author_id != self.info.user_id {
                return Err(AuthError::PermissionDenied("only the author may sign a note").into());
            }
            notes::set_status(&tx, id, NoteStatus::Final, now)?;
            audit::append(&tx, &o.keys.audit, &self.event(now, Action::Update, format!("note:{id}"), Outcome::Success, "status=final"))?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Note summaries (no text): a clinician sees their own, an admin or break-glass all.
    pub fn list_notes(&self) -> Result<Vec<NoteSummary>, VaultError> {
        let author = (!self.info.break_glass && self.info.role == Some(Role::Clinician)).then(|| self.info.user_id.clone());
        self.with_open(|o, now| {
            let list = notes::list(&o.conn, author.as_deref())?;
            audit::append(&o.conn, &o.keys.audit, &self.event(now, Action::Read, "note-list", Outcome::Success, format!("count={}", list.len())))?;
            Ok(list)
        })
    }

    /// Full-text search over the current clinician's notes.
    pub fn search_notes(&self, query: &str) -> Result<Vec<NoteSummary>, VaultError> {
        self.require_clinician()?;
        self.with_open(|o, now| {
            let hits = notes::search(&o.conn, Some(&self.info.user_id), query)?;
            // The query itself may be PHI: only the number of hits is recorded.
            audit::append(&o.conn, &o.keys.audit, &self.event(now, Action::Read, "note-search", Outcome::Success, format!("hits={}", hits.len())))?;
            Ok(hits)
        })
    }

    /// Places or lifts a legal hold (admins): held notes survive retention purges.
    pub fn set_legal_hold(&self, id: &str, hold: bool) -> Result<(), VaultError> {
        self.require_admin("only admins place legal holds")?;
        self.with_open(|o, now| {
            let tx = o.conn.transaction()?;
            notes::set_legal_hold(&tx, id, hold)?;
            audit::append(&tx, &o.keys.audit, &self.event(now, Action::Update, format!("note:{id}"), Outcome::Success, format!("legal_hold={hold}")))?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Stores dictation audio with a note — only when the policy keeps audio.
    pub fn add_audio(&self, note_id: &str, sample_rate: u32, pcm_le_i16: &[u8]) -> Result<(), VaultError> {
        self.require_clinician()?;
        if !self.env().policy.policy.keep_audio {
            return Err(VaultError::AudioNotKept);
        }
        self.with_open(|o, now| {
            let tx = o.conn.transaction()?;
            if notes::get(&tx, note_id)?.author_id != self.info.user_id {
                return Err(AuthError::PermissionDenied("audio belongs to the note's author").into());
            }
            notes::add_audio(&tx, note_id, sample_rate, pcm_le_i16, now)?;
            audit::append(&tx, &o.keys.audit, &self.event(now, Action::Create, format!("audio:{note_id}"), Outcome::Success, ""))?;
            tx.commit()?;
            Ok(())
        })
    }

    // ----- users --------------------------------------------------------------------------

    /// Adds a user (admins). The new user's wrap of the data key is made now, from the
    /// password the admin sets; the user should change it at first login.
    pub fn add_user(&self, name: &str, role: Role, password: &SecretString) -> Result<String, VaultError> {
        self.require_admin("only admins add users")?;
        validate_user_name(name)?;
        check_new_password(name, password)?;
        let user_id = notes::new_id()?;
        self.with_open(|o, now| {
            let mut ks = crate::vault::Keystore::load(&self.vault.dir)?;
            if ks.users.contains_key(name) {
                return Err(VaultError::UserExists(name.to_owned()));
            }
            let wrap = make_wrap(&self.vault, &ks, &user_id, password, &o.keys)?;
            let tx = o.conn.transaction()?;
            notes::insert_user(&tx, &user_id, name, role, now)?;
            audit::append(&tx, &o.keys.audit, &self.event(now, Action::Create, format!("user:{user_id}"), Outcome::Success, format!("role={}", role.as_str())))?;
            // The key file is written before the commit: if the commit then fails, an orphan
            // wrap without a user row opens nothing (login requires the row).
            ks.users.insert(name.to_owned(), wrap);
            ks.save(&self.vault.dir)?;
            tx.commit()?;
            Ok(user_id)
        })
    }

    /// All users (admins).
    pub fn list_users(&self) -> Result<Vec<UserRecord>, VaultError> {
        self.require_admin("only admins list users")?;
        self.with_open(|o, now| {
            let users = notes::list_users(&o.conn)?;
            audit::append(&o.conn, &o.keys.audit, &self.event(now, Action::Read, "user-list", Outcome::Success, format!("count={}", users.len())))?;
            Ok(users)
        })
    }

    /// Disables a user (admins): their wrap is deleted from the key file and the account
    /// refused at login. Notes stay (they are records).
    pub fn disable_user(&self, name: &str) -> Result<(), VaultError> {
        self.require_admin("only admins disable users")?;
        self.with_open(|o, now| {
            let user = notes::user_by_name(&o.conn, name)?;
            if user.id == self.info.user_id {
                return Err(AuthError::PermissionDenied("admins cannot disable themselves").into());
            }
            let tx = o.conn.transaction()?;
            notes::set_user_disabled(&tx, &user.id, true)?;
            audit::append(&tx, &o.keys.audit, &self.event(now, Action::Update, format!("user:{}", user.id), Outcome::Success, "disabled"))?;
            tx.commit()?;
            let mut ks = crate::vault::Keystore::load(&self.vault.dir)?;
            ks.users.remove(name);
            ks.save(&self.vault.dir)?;
            Ok(())
        })
    }

    /// Sets a new password: for oneself, or for anyone by an admin or break-glass access.
    pub fn set_password(&self, name: &str, new_password: &SecretString) -> Result<(), VaultError> {
        check_new_password(name, new_password)?;
        self.with_open(|o, now| {
            let user = notes::user_by_name(&o.conn, name)?;
            let allowed = user.id == self.info.user_id || self.info.break_glass || self.info.role == Some(Role::Admin);
            if !allowed {
                return Err(AuthError::PermissionDenied("only admins set other users' passwords").into());
            }
            if user.disabled {
                return Err(AuthError::AccountDisabled.into());
            }
            let mut ks = crate::vault::Keystore::load(&self.vault.dir)?;
            let wrap = make_wrap(&self.vault, &ks, &user.id, new_password, &o.keys)?;
            let tx = o.conn.transaction()?;
            notes::set_password_changed(&tx, &user.id, now)?;
            audit::append(&tx, &o.keys.audit, &self.event(now, Action::Update, format!("user:{}", user.id), Outcome::Success, "password"))?;
            ks.users.insert(name.to_owned(), wrap);
            ks.save(&self.vault.dir)?;
            tx.commit()?;
            Ok(())
        })
    }

    // ----- retention, policy, audit -------------------------------------------------------

    /// Deletes what the retention policy has expired (admins), then scrubs the files.
    pub fn purge(&self, dry_run: bool) -> Result<PurgeReport, VaultError> {
        self.require_admin("only admins purge")?;
        self.purge_inner(dry_run, "manual")
    }

    pub(crate) fn purge_inner(&self, dry_run: bool, how: &str) -> Result<PurgeReport, VaultError> {
        let policy = self.env().policy.policy.clone();
        self.with_open(|o, now| {
            let report = purge::purge(&mut o.conn, &policy, now, dry_run)?;
            if !dry_run && (report.deleted_any() || how == "manual") {
                audit::append(&o.conn, &o.keys.audit, &self.event(now, Action::Purge, "notes", Outcome::Success, format!("{how} {}", report.detail())))?;
            }
            Ok(report)
        })
    }

    /// Changes a local policy value (admins) and audits the change.
    pub fn set_policy(&self, key: &str, value: &str) -> Result<crate::policy::EffectivePolicy, VaultError> {
        self.require_admin("only admins change the policy")?;
        self.with_open(|o, now| {
            let result = crate::policy::set_local(&self.vault.dir, &crate::policy::managed_policy_path(), key, value);
            let outcome = if result.is_ok() { Outcome::Success } else { Outcome::Failure };
            // Policy values are settings, not PHI; the new value is part of the record.
            audit::append(&o.conn, &o.keys.audit, &self.event(now, Action::PolicyChange, format!("policy:{key}"), outcome, value.chars().take(200).collect::<String>()))?;
            Ok(result?)
        })
    }

    fn require_auditor(&self) -> Result<(), VaultError> {
        if self.info.break_glass || self.info.role == Some(Role::Admin) {
            Ok(())
        } else {
            Err(AuthError::PermissionDenied("only admins review the audit log").into())
        }
    }

    /// Checks the audit chain (admins, break-glass).
    pub fn audit_verify(&self) -> Result<Verification, VaultError> {
        self.require_auditor()?;
        self.with_open(|o, now| {
            let v = audit::verify(&o.conn, &o.keys.audit)?;
            let outcome = if v.first_bad.is_none() { Outcome::Success } else { Outcome::Failure };
            // Verify first, then record the verification (the record is not part of what it checked).
            audit::append(&o.conn, &o.keys.audit, &self.event(now, Action::Execute, "audit-verify", outcome, format!("rows={}", v.rows)))?;
            Ok(v)
        })
    }

    /// Every audit event, for export (admins); the export itself is audited.
    pub fn audit_events(&self, format: &str) -> Result<Vec<Event>, VaultError> {
        self.require_admin("only admins export the audit log")?;
        self.with_open(|o, now| {
            let events = audit::events(&o.conn)?;
            audit::append(&o.conn, &o.keys.audit, &self.event(now, Action::Export, "audit-log", Outcome::Success, format!("format={format} rows={}", events.len())))?;
            Ok(events)
        })
    }

    /// A signed head of the verified chain (admins).
    pub fn audit_checkpoint(&self) -> Result<Checkpoint, VaultError> {
        self.require_admin("only admins checkpoint the audit log")?;
        self.with_open(|o, now| {
            audit::append(&o.conn, &o.keys.audit, &self.event(now, Action::Execute, "audit-checkpoint", Outcome::Success, ""))?;
            let v = audit::verify(&o.conn, &o.keys.audit)?;
            if let Some(bad) = v.first_bad {
                return Err(VaultError::Tampered(format!("audit chain broken at sequence {bad}")));
            }
            let signer = o.keys.checkpoint_signer()?;
            Ok(Checkpoint::sign(&signer, &self.vault.keystore.vault_id, &v, now))
        })
    }

    /// Compares a checkpoint with the log: detects truncation and rewriting.
    pub fn audit_compare(&self, cp: &Checkpoint) -> Result<Result<(), audit::CheckpointError>, VaultError> {
        self.require_auditor()?;
        self.with_open(|o, _| {
            let signer = o.keys.checkpoint_signer()?;
            if let Err(e) = cp.check_signature(&signer, &self.vault.keystore.vault_id) {
                return Ok(Err(e));
            }
            let v = audit::verify(&o.conn, &o.keys.audit)?;
            let events = audit::events(&o.conn)?;
            Ok(cp.compare(v.head_seq, |seq| events.iter().find(|e| e.seq == seq).map(|e| e.mac.clone())))
        })
    }

    /// SQLite's and SQLCipher's integrity checks (any role): `Ok` when both are clean.
    pub fn integrity_check(&self) -> Result<(), VaultError> {
        self.with_open(|o, _| {
            let ok: String = o.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
            if ok != "ok" {
                return Err(VaultError::Tampered("integrity_check failed".into()));
            }
            let mut stmt = o.conn.prepare("PRAGMA cipher_integrity_check")?;
            let n = stmt.query_map([], |r| r.get::<_, String>(0))?.count();
            if n > 0 {
                return Err(VaultError::Tampered(format!("{n} page(s) failed their HMAC check")));
            }
            Ok(())
        })
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let mut st = self.guard();
        let now = self.now();
        let _ = self.lock_state(&mut st, LockReason::Logout, now);
    }
}

/// User names are identifiers in audit rows and the key file: keep them plain.
pub(crate) fn validate_user_name(name: &str) -> Result<(), VaultError> {
    let ok = (1..=64).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if ok {
        Ok(())
    } else {
        Err(AuthError::PermissionDenied("user names are 1–64 characters of letters, digits, '.', '_', '-', '@'").into())
    }
}

/// A new password wrap of the session's data key for `user_id`.
fn make_wrap(vault: &Vault, ks: &crate::vault::Keystore, user_id: &str, password: &SecretString, keys: &VaultKeys) -> Result<UserWrap, VaultError> {
    let device = super::login::device_secret(vault, ks)?;
    let salt = super::keys::random_salt().map_err(AuthError::from)?;
    let ctx = UserWrapContext { vault_id: &ks.vault_id, user_id, salt: &salt, params: vault.env.kdf, device_secret: device.as_ref() };
    let wrap = ctx.wrap(password, &keys.dek).map_err(AuthError::from)?;
    Ok(UserWrap { user_id: user_id.to_owned(), salt, kdf: vault.env.kdf, wrap })
}
