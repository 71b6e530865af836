//! Session, login and key-hierarchy behaviour with an in-memory keychain and a manual clock.

use std::sync::Arc;

use secrecy::SecretString;

use crate::audit::Action;
use crate::clock::{ManualClock, DAY_MS};
use crate::keys::keychain::{DeviceSecretStore, MemoryKeychain};
use crate::keys::{KdfParams, RecoveryKey};
use crate::policy::{EffectivePolicy, Policy};
use crate::store::notes::NewNote;
use hushnote_proto::NoteStatus;
use crate::vault::{Vault, VaultEnv};
use crate::{Error, LockReason, Role, Session};

/// Cheap Argon2 so unit tests stay fast; the real parameters are exercised by the
/// integration tests and the bench.
const FAST: KdfParams = KdfParams { m_kib: 1024, t: 1, p: 1 };
const T0: i64 = 1_780_000_000_000;

struct Fixture {
    dir: tempfile::TempDir,
    keychain: Arc<MemoryKeychain>,
    clock: Arc<ManualClock>,
    policy: EffectivePolicy,
}

fn pw(s: &str) -> SecretString {
    SecretString::from(s)
}

const ADMIN_PW: &str = "correct horse battery staple";
const CLIN_PW: &str = "violet anchor 42 meadow";

impl Fixture {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
            keychain: Arc::new(MemoryKeychain::default()),
            clock: Arc::new(ManualClock::at(T0)),
            policy: EffectivePolicy::defaults(),
        }
    }
    fn env(&self) -> VaultEnv {
        VaultEnv {
            keychain: self.keychain.clone(),
            policy: self.policy.clone(),
            clock: self.clock.clone(),
            workstation: "ws-test".into(),
            kdf: FAST,
        }
    }
    fn path(&self) -> &std::path::Path {
        self.dir.path()
    }
    /// A vault with admin `root` and clinician `alice`.
    fn with_users() -> (Self, RecoveryKey) {
        let f = Self::new();
        let (_v, rk) = Vault::init(f.path(), f.env(), "root", &pw(ADMIN_PW)).unwrap();
        let admin = f.login("root", ADMIN_PW).unwrap();
        admin.add_user("alice", Role::Clinician, &pw(CLIN_PW)).unwrap();
        admin.logout().unwrap();
        (f, rk)
    }
    fn login(&self, name: &str, password: &str) -> Result<Session, Error> {
        Vault::open(self.path(), self.env())?.login(name, &pw(password))
    }
    /// The actions in the audit chain, read by the admin.
    fn actions(&self) -> Vec<Action> {
        let admin = self.login("root", ADMIN_PW).unwrap();
        admin.audit_events("csv").unwrap().into_iter().map(|e| e.event.action).collect()
    }
}

#[test]
fn init_then_login_and_notes_round_trip() {
    let (f, _) = Fixture::with_users();
    let s = f.login("alice", CLIN_PW).unwrap();
    let id = s.add_note(&NewNote { text: "Patient John Smith seen on March 3.".into(), ..Default::default() }).unwrap();
    let note = s.read_note(&id).unwrap();
    assert_eq!(note.text, "Patient John Smith seen on March 3.");
    assert!(note.spans.iter().any(|sp| sp.category == "NAME"), "PHI is tagged at save: {:?}", note.spans);
    assert_eq!(s.list_notes().unwrap().len(), 1);
    assert_eq!(s.search_notes("smith").unwrap().len(), 1);
    assert_eq!(s.search_notes("jones").unwrap().len(), 0);
    s.update_note(&id, "Patient seen.").unwrap();
    assert_eq!(s.read_note(&id).unwrap().text, "Patient seen.");
    s.integrity_check().unwrap();
}

#[test]
fn wrong_password_unknown_user_and_lockout_are_distinct_and_audited() {
    let (f, _) = Fixture::with_users();
    assert!(matches!(f.login("alice", "not her password"), Err(Error::WrongCredentials)));
    assert!(matches!(f.login("mallory", "whatever password"), Err(Error::WrongCredentials)));
    for _ in 0..3 {
        assert!(matches!(f.login("alice", "nope nope nope"), Err(Error::WrongCredentials)));
    }
    // The fifth wrong password in a row locks the account.
    assert!(matches!(f.login("alice", "nope nope nope"), Err(Error::AccountLocked { .. })));
    // Even the right password is refused while locked.
    assert!(matches!(f.login("alice", CLIN_PW), Err(Error::AccountLocked { minutes: 15 })));
    f.clock.advance_secs(15 * 60);
    f.login("alice", CLIN_PW).unwrap().logout().unwrap();
    let actions = f.actions();
    let failed = actions.iter().filter(|a| **a == Action::FailedLogin).count();
    assert_eq!(failed, 7, "every failure reaches the chain: {actions:?}");
}

#[test]
fn missing_keychain_secret_and_absent_keychain_are_refused() {
    let (f, rk) = Fixture::with_users();
    let vault_id = Vault::open(f.path(), f.env()).unwrap().id().to_owned();
    f.keychain.set_unavailable(true);
    assert!(matches!(f.login("alice", CLIN_PW), Err(Error::Keychain(_))));
    f.keychain.set_unavailable(false);
    f.keychain.delete(&vault_id).unwrap();
    assert!(matches!(f.login("alice", CLIN_PW), Err(Error::KeychainSecretMissing { .. })));
    // The recovery key still opens it: it is not bound to the device.
    let s = Vault::open(f.path(), f.env()).unwrap().break_glass(&rk, "keychain lost, restoring access").unwrap();
    assert_eq!(s.list_notes().unwrap().len(), 0);
}

#[test]
fn no_keychain_means_no_vault_unless_the_managed_policy_allows_password_only() {
    let mut f = Fixture::new();
    f.keychain.set_unavailable(true);
    assert!(matches!(Vault::init(f.path(), f.env(), "root", &pw(ADMIN_PW)), Err(Error::Keychain(_))));
    assert!(!f.path().join("keys.json").exists(), "nothing left behind");
    f.policy = EffectivePolicy::managed(Policy { password_only_allowed: true, ..Policy::default() }, "/etc/hushnote/policy.toml".into());
    let _ = Vault::init(f.path(), f.env(), "root", &pw(ADMIN_PW)).unwrap();
    f.login("root", ADMIN_PW).unwrap().logout().unwrap();
    let actions = f.actions();
    assert!(actions.iter().filter(|a| **a == Action::PasswordOnly).count() >= 2, "{actions:?}");
    // Withdrawn by policy: refused.
    f.policy = EffectivePolicy::defaults();
    assert!(matches!(f.login("root", ADMIN_PW), Err(Error::PermissionDenied(_))));
}

#[test]
fn idle_timeout_locks_saves_the_draft_and_refuses_later_calls() {
    let (f, _) = Fixture::with_users();
    let s = f.login("alice", CLIN_PW).unwrap();
    s.set_draft("dictated words so far", Some("MRN 0045321"), serde_json::Value::Null).unwrap();
    f.clock.advance_secs(299);
    assert!(!s.tick().unwrap(), "not yet");
    f.clock.advance_secs(1);
    assert!(s.tick().unwrap(), "locked at exactly the timeout");
    assert!(s.is_locked());
    assert!(matches!(s.list_notes(), Err(Error::Locked)));
    assert!(matches!(s.set_draft("more", None, serde_json::Value::Null), Err(Error::Locked)));
    drop(s);
    let s = f.login("alice", CLIN_PW).unwrap();
    let drafts = s.drafts().unwrap();
    assert_eq!(drafts.len(), 1);
    let note = s.read_note(&drafts[0].id).unwrap();
    assert_eq!(note.text, "dictated words so far");
    assert_eq!(note.status, NoteStatus::Draft);
}

#[test]
fn activity_postpones_the_timeout_and_a_call_after_it_locks() {
    let (f, _) = Fixture::with_users();
    let s = f.login("alice", CLIN_PW).unwrap();
    for _ in 0..5 {
        f.clock.advance_secs(200);
        s.list_notes().unwrap();
    }
    s.set_draft("unsaved line", None, serde_json::Value::Null).unwrap();
    f.clock.advance_secs(301);
    // No tick: the next call itself notices, locks (saving the draft) and fails.
    assert!(matches!(s.add_note(&NewNote::default()), Err(Error::Locked)));
    drop(s);
    let s = f.login("alice", CLIN_PW).unwrap();
    assert_eq!(s.drafts().unwrap().len(), 1);
}

#[test]
fn explicit_lock_flushes_and_locks() {
    let (f, _) = Fixture::with_users();
    let s = f.login("alice", CLIN_PW).unwrap();
    s.set_draft("before the screen locked", None, serde_json::Value::Null).unwrap();
    s.lock(LockReason::OsLock).unwrap();
    assert!(matches!(s.save_draft(), Err(Error::Locked)));
    let actions = f.actions();
    assert!(actions.contains(&Action::Lock));
}

#[test]
fn roles_admins_do_not_read_notes_and_clinicians_only_their_own() {
    let (f, _) = Fixture::with_users();
    let admin = f.login("root", ADMIN_PW).unwrap();
    admin.add_user("bob", Role::Clinician, &pw("granite otter 19 lamp")).unwrap();
    assert!(matches!(admin.add_note(&NewNote::default()), Err(Error::PermissionDenied(_))));
    drop(admin);
    let alice = f.login("alice", CLIN_PW).unwrap();
    let id = alice.add_note(&NewNote { text: "alice's note".into(), ..Default::default() }).unwrap();
    assert!(matches!(alice.list_users(), Err(Error::PermissionDenied(_))));
    drop(alice);
    let bob = f.login("bob", "granite otter 19 lamp").unwrap();
    assert!(matches!(bob.read_note(&id), Err(Error::PermissionDenied(_))));
    assert!(bob.list_notes().unwrap().is_empty());
    drop(bob);
    let admin = f.login("root", ADMIN_PW).unwrap();
    assert!(matches!(admin.read_note(&id), Err(Error::PermissionDenied(_))));
    assert_eq!(admin.list_notes().unwrap().len(), 1, "admins see metadata");
    admin.disable_user("bob").unwrap();
    drop(admin);
    assert!(f.login("bob", "granite otter 19 lamp").is_err(), "disabled users cannot log in");
}

#[test]
fn break_glass_needs_a_reason_reads_any_note_and_is_audited_without_phi() {
    let (f, rk) = Fixture::with_users();
    let alice = f.login("alice", CLIN_PW).unwrap();
    let id = alice.add_note(&NewNote { text: "emergency note".into(), ..Default::default() }).unwrap();
    drop(alice);
    let v = || Vault::open(f.path(), f.env()).unwrap();
    assert!(matches!(v().break_glass(&rk, " "), Err(Error::ReasonRequired)));
    let wrong = RecoveryKey::random().unwrap();
    assert!(matches!(v().break_glass(&wrong, "code blue in ICU"), Err(Error::WrongRecoveryKey)));
    let s = v().break_glass(&rk, "code blue for John Smith, attending unavailable").unwrap();
    assert_eq!(s.read_note(&id).unwrap().text, "emergency note");
    drop(s);
    let admin = f.login("root", ADMIN_PW).unwrap();
    let events = admin.audit_events("csv").unwrap();
    let bg = events.iter().find(|e| e.event.action == Action::BreakGlass).unwrap();
    assert!(!bg.event.detail.contains("Smith"), "the reason is redacted: {}", bg.event.detail);
    assert!(bg.event.detail.contains("code blue"));
    assert!(events.iter().any(|e| e.event.role == "break-glass" && e.event.action == Action::Read));
    assert_eq!(admin.audit_verify().unwrap().first_bad, None);
}

#[test]
fn purge_deletes_expired_notes_but_keeps_holds_and_unexpired() {
    let (f, _) = Fixture::with_users();
    let alice = f.login("alice", CLIN_PW).unwrap();
    let old_draft = alice.add_note(&NewNote { text: "old draft".into(), ..Default::default() }).unwrap();
    let held = alice.add_note(&NewNote { text: "held".into(), status: NoteStatus::Final, ..Default::default() }).unwrap();
    let old_final = alice.add_note(&NewNote { text: "old final".into(), status: NoteStatus::Final, ..Default::default() }).unwrap();
    drop(alice);
    let admin = f.login("root", ADMIN_PW).unwrap();
    admin.set_legal_hold(&held, true).unwrap();
    drop(admin);
    f.clock.advance_ms(20 * DAY_MS);
    let alice = f.login("alice", CLIN_PW).unwrap(); // automatic purge at unlock: the 14-day draft goes
    let fresh = alice.add_note(&NewNote { text: "fresh".into(), ..Default::default() }).unwrap();
    let ids: Vec<String> = alice.list_notes().unwrap().into_iter().map(|n| n.id).collect();
    assert!(!ids.contains(&old_draft) && ids.contains(&old_final) && ids.contains(&held));
    drop(alice);
    f.clock.advance_ms(11 * DAY_MS);
    let admin = f.login("root", ADMIN_PW).unwrap();
    let ids: Vec<String> = admin.list_notes().unwrap().into_iter().map(|n| n.id).collect();
    assert_eq!(ids.len(), 2, "old final purged at unlock, held and fresh kept");
    assert!(ids.contains(&held) && ids.contains(&fresh));
    let report = admin.purge(false).unwrap();
    assert_eq!(report.held, 1);
    assert!(!report.deleted_any());
    assert_eq!(admin.audit_verify().unwrap().first_bad, None);
}

#[test]
fn flipped_bytes_in_the_database_are_reported_as_tampering() {
    let (f, _) = Fixture::with_users();
    let s = f.login("alice", CLIN_PW).unwrap();
    for i in 0..50 {
        s.add_note(&NewNote { text: format!("note number {i} with some text to fill pages"), ..Default::default() }).unwrap();
    }
    drop(s);
    let db = f.path().join("vault.db");
    let mut bytes = std::fs::read(&db).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    std::fs::write(&db, &bytes).unwrap();
    assert!(matches!(f.login("alice", CLIN_PW), Err(Error::Tampered(_))));
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "nothing was overwritten");
}

#[test]
fn password_change_rewraps_and_old_password_stops_working() {
    let (f, _) = Fixture::with_users();
    let s = f.login("alice", CLIN_PW).unwrap();
    assert!(matches!(s.set_password("alice", &pw("short")), Err(Error::PasswordRejected(_))));
    s.set_password("alice", &pw("new harbor 77 lantern")).unwrap();
    drop(s);
    assert!(f.login("alice", CLIN_PW).is_err());
    f.login("alice", "new harbor 77 lantern").unwrap();
}

#[test]
fn audio_only_when_policy_keeps_it() {
    let (f, _) = Fixture::with_users();
    let s = f.login("alice", CLIN_PW).unwrap();
    let id = s.add_note(&NewNote { text: "x".into(), ..Default::default() }).unwrap();
    assert!(matches!(s.add_audio(&id, 16000, &[0u8; 64]), Err(Error::AudioNotKept)));
}

#[test]
fn notes_over_the_size_limit_are_refused_with_the_limit_named() {
    let (mut f, _) = Fixture::with_users();
    f.policy = EffectivePolicy::from_policy(Policy { note_max_kib: 16, ..Policy::default() });
    let s = f.login("alice", CLIN_PW).unwrap();
    let at_limit = "a".repeat(16 * 1024);
    s.add_note(&NewNote { text: at_limit.clone(), ..Default::default() }).unwrap();
    let over = format!("{at_limit}b");
    let e = s.add_note(&NewNote { text: over.clone(), ..Default::default() }).unwrap_err();
    assert!(matches!(e, Error::NoteTooLarge { kib: 17, max_kib: 16 }), "{e}");
    assert!(e.to_string().contains("note_max_kib"), "{e}");
    assert_eq!(e.code(), hushnote_proto::ErrorCode::Input);
    assert!(matches!(s.set_draft(&over, None, serde_json::Value::Null), Err(Error::NoteTooLarge { .. })), "dictation too");
    assert_eq!(s.list_notes().unwrap().len(), 1, "nothing of the refused note was stored");
}

#[test]
fn a_note_is_signed_once() {
    let (f, _) = Fixture::with_users();
    let s = f.login("alice", CLIN_PW).unwrap();
    let id = s.add_note(&NewNote { text: "Seen.".into(), ..Default::default() }).unwrap();
    s.finalize_note(&id).unwrap();
    assert!(matches!(s.finalize_note(&id), Err(Error::PermissionDenied(_))), "signing a final note again");
    assert_eq!(s.read_note(&id).unwrap().status, NoteStatus::Final);
}

#[test]
fn key_derivation_costs_read_from_the_key_file_are_bounded() {
    let (f, _) = Fixture::with_users();
    let path = f.path().join("keys.json");
    let mut ks: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    ks["users"]["alice"]["kdf"]["m_kib"] = serde_json::json!(u32::MAX); // 4 TiB
    std::fs::write(&path, serde_json::to_vec(&ks).unwrap()).unwrap();
    let e = Vault::open(f.path(), f.env()).err().expect("a key file asking for 4 TiB of memory opened");
    assert_eq!(e.code(), hushnote_proto::ErrorCode::Tampered, "{e}");
    assert!(e.to_string().contains("out of bounds"), "{e}");
}

#[test]
fn debug_of_note_types_never_shows_their_text() {
    let canary = "zqdebugcanary";
    let note = NewNote { text: format!("Seen {canary}."), patient_ref: Some(canary.into()), ..Default::default() };
    assert!(!format!("{note:?}").contains(canary));
    let mut draft = super::Draft::default();
    draft.text = canary.into();
    draft.patient_ref = Some(canary.into());
    assert!(!format!("{draft:?}").contains(canary));
    let (f, _) = Fixture::with_users();
    let s = f.login("alice", CLIN_PW).unwrap();
    let id = s.add_note(&note).unwrap();
    let stored = s.read_note(&id).unwrap();
    assert!(!format!("{stored:?}").contains(canary), "{stored:?}");
}
