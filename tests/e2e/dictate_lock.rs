//! Locking mid-dictation (the OS screen locks while the clinician is speaking): the utterance
//! being spoken is finished and saved, then the session locks and its key is gone; logging in
//! again shows every word. Library level, with the real model, a real vault file and an
//! in-memory keychain (the keychain is not what is under test here).

use hushnote_testkit as common;

use std::sync::Arc;

use hushnote_asr::stream::StreamConfig;
use hushnote_asr::{self as asr, DecodeOptions, Engine, EngineOptions};
use hushnote_audio::source::FileFeed;
use hushnote_custody::{EffectivePolicy, Error, KdfParams, MemoryKeychain, Role, SystemClock, Vault, VaultEnv};
use hushnote_dictation::{self as pipeline, Control, DictationOptions, PipelineEvent};
use secrecy::SecretString;

#[test]
fn locking_mid_dictation_saves_every_word_and_drops_the_key() {
    let _turn = crate::alone();
    let env = VaultEnv {
        keychain: Arc::new(MemoryKeychain::default()),
        policy: EffectivePolicy::defaults(),
        clock: Arc::new(SystemClock),
        workstation: "lock-test".into(),
        kdf: KdfParams { m_kib: 1024, t: 1, p: 1 },
    };
    let dir = tempfile::tempdir().unwrap();
    let admin_pw = SecretString::from("sturdy lighthouse 88 keeper");
    let pw = SecretString::from("quiet meadow 12 lantern");
    Vault::init(dir.path(), env.clone(), "chief", &admin_pw).unwrap();
    let admin = Vault::open(dir.path(), env.clone()).unwrap().login("chief", &admin_pw).unwrap();
    admin.add_user("alice", Role::Clinician, &pw).unwrap();
    admin.logout().unwrap();

    let session = Vault::open(dir.path(), env.clone()).unwrap().login("alice", &pw).unwrap();
    let engine = Engine::load(asr::resolve(common::tiny_model().to_str().unwrap()).unwrap(), EngineOptions::default()).unwrap();
    let mut feed = FileFeed::open(&common::fixture("jfk.wav"), true).unwrap();
    let opts = DictationOptions {
        decode: DecodeOptions { initial_prompt: None, ..DecodeOptions::default() },
        stream: StreamConfig::default(),
        patient_ref: None,
        resume: None,
    };
    let control = Control::default();
    let mut finals = Vec::new();
    let mut partial_when_locked = String::new();
    let mut saw_locked = false;
    let out = pipeline::dictate(Some(&session), &engine, &mut feed, &opts, &control, &mut |e| match e {
        // Lock while the second utterance is being spoken.
        PipelineEvent::Partial { text } if finals.len() == 1 && partial_when_locked.is_empty() => {
            partial_when_locked = text.clone();
            control.lock();
        }
        PipelineEvent::Final { text, .. } => finals.push(text.clone()),
        PipelineEvent::Locked => saw_locked = true,
        _ => {}
    })
    .unwrap();
    assert!(out.locked && saw_locked, "the dictation ended locked");
    assert!(finals.len() >= 2, "the open utterance was finished before locking: {finals:?}");
    assert!(session.is_locked());
    assert!(matches!(session.list_notes(), Err(Error::Locked)), "the old session is useless");
    assert!(matches!(session.set_draft("x", None, serde_json::Value::Null), Err(Error::Locked)));
    drop(session);

    let again = Vault::open(dir.path(), env).unwrap().login("alice", &pw).unwrap();
    let drafts = again.drafts().unwrap();
    assert_eq!(drafts.len(), 1);
    let saved = again.read_note(&drafts[0].id).unwrap().text;
    assert_eq!(saved, out.text, "everything said before the lock is in the vault");
    for f in &finals {
        let first_word = f.split_whitespace().next().unwrap().trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        assert!(saved.to_lowercase().contains(&first_word), "{f:?} missing from {saved:?}");
    }
}
