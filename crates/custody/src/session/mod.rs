//! A logged-in session: the only holder of a vault connection and its key.
//!
//! Every call first checks the idle timeout against the injected clock; a session idle for
//! longer than the policy allows locks itself (saving the draft first) and the call fails with
//! [`Error::Locked`], as does every later call. [`Session::tick`] lets a front end's timer
//! lock it without waiting for the next call; [`Session::lock`] is what the desktop shell calls
//! on OS screen lock or sleep.

mod admin;
mod drafts;
mod lockout;
mod login;
mod notes;
#[cfg(test)]
mod tests;
mod users;

use std::sync::{Mutex, MutexGuard};

use rusqlite::Connection;
use serde::Serialize;
use zeroize::Zeroize;

use crate::audit::{self, Action, NewEvent, Outcome};
use crate::keys::VaultKeys;
use hushnote_proto::NoteStatus;

use crate::store::notes::NewNote;
use crate::store;
use crate::vault::{Vault, VaultEnv};
use crate::{Error, Role};

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

/// Unsaved text of the note being written or dictated. Wiped from memory when dropped; `Debug`
/// shows its size, never its text or patient.
#[derive(Clone, Default)]
pub struct Draft {
    /// The draft note's id once it has been saved.
    pub note_id: Option<String>,
    pub text: String,
    pub patient_ref: Option<String>,
    pub provenance: serde_json::Value,
}

impl std::fmt::Debug for Draft {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Draft").field("note_id", &self.note_id).field("chars", &self.text.chars().count()).finish_non_exhaustive()
    }
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
    fn with_open<T>(&self, f: impl FnOnce(&mut Open, i64) -> Result<T, Error>) -> Result<T, Error> {
        let mut st = self.guard();
        let now = self.now();
        if let State::Open(o) = &*st {
            if self.idle_expired(o, now) {
                // The lock's own result is secondary here: the caller must learn it is locked.
                let _ = self.lock_state(&mut st, LockReason::Idle, now);
                return Err(Error::Locked);
            }
        }
        match &mut *st {
            State::Locked => Err(Error::Locked),
            State::Open(o) => {
                o.last_activity_ms = now;
                f(o, now)
            }
        }
    }

    /// Checks the idle timeout without counting as activity; returns true if the session is
    /// (now) locked. Front ends call this from a timer.
    pub fn tick(&self) -> Result<bool, Error> {
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
    pub fn lock(&self, reason: LockReason) -> Result<(), Error> {
        let mut st = self.guard();
        let now = self.now();
        self.lock_state(&mut st, reason, now)
    }

    /// Logs out (recorded as such), saving the draft first.
    pub fn logout(&self) -> Result<(), Error> {
        self.lock(LockReason::Logout)
    }

    fn lock_state(&self, st: &mut State, reason: LockReason, now: i64) -> Result<(), Error> {
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
    fn write_draft(&self, o: &mut Open, now: i64) -> Result<Option<String>, Error> {
        let Some(d) = o.draft.as_mut() else { return Ok(None) };
        if !o.draft_dirty {
            return Ok(d.note_id.clone());
        }
        let spans = hushnote_phi::tag(&d.text);
        let tx = o.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let user = &self.info.user_id;
        let (id, action) = match &d.note_id {
            Some(id) => {
                store::notes::update_text(&tx, id, user, &d.text, &spans, now)?;
                (id.clone(), Action::Update)
            }
            None => {
                let note = NewNote { text: d.text.clone(), patient_ref: d.patient_ref.clone(), status: NoteStatus::Draft, provenance: d.provenance.clone() };
                (store::notes::insert(&tx, user, &note, &spans, now)?, Action::Create)
            }
        };
        audit::append(&tx, &o.keys.audit, &self.event(now, action, format!("note:{id}"), Outcome::Success, "draft"))?;
        tx.commit()?;
        d.note_id = Some(id.clone());
        o.draft_dirty = false;
        Ok(Some(id))
    }

    /// Refuses a note text over the policy's size limit (before any work is done on it).
    fn check_size(&self, text: &str) -> Result<(), Error> {
        let max_kib = self.env().policy.policy.note_max_kib;
        let kib = (text.len() as u64).div_ceil(1024);
        if kib > max_kib {
            return Err(Error::NoteTooLarge { kib, max_kib });
        }
        Ok(())
    }

    fn require_clinician(&self) -> Result<(), Error> {
        if self.info.role == Some(Role::Clinician) && !self.info.break_glass {
            Ok(())
        } else {
            Err(Error::PermissionDenied("only clinicians write notes"))
        }
    }

    fn require_admin(&self, what: &'static str) -> Result<(), Error> {
        if self.info.role == Some(Role::Admin) && !self.info.break_glass {
            Ok(())
        } else {
            Err(Error::PermissionDenied(what))
        }
    }

    fn require_auditor(&self) -> Result<(), Error> {
        if self.info.break_glass || self.info.role == Some(Role::Admin) {
            Ok(())
        } else {
            Err(Error::PermissionDenied("only admins review the audit log"))
        }
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
pub(crate) fn validate_user_name(name: &str) -> Result<(), Error> {
    let ok = (1..=64).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if ok {
        Ok(())
    } else {
        Err(Error::PermissionDenied("user names are 1–64 characters of letters, digits, '.', '_', '-', '@'"))
    }
}
