//! Locking mid-dictation (the OS screen locks while the clinician is speaking): the utterance
//! being spoken is finished and saved, then the session locks and its key is gone; logging in
//! again shows every word. Library level, with the real model, a real vault file and an
//! in-memory keychain (the keychain is not what is under test here). The lock comes at a moment
//! of the recording, not of the machine: what is said before it is the same however fast the
//! machine decodes.

use hushnote_testkit as common;

use std::sync::Arc;

use hushnote_asr::stream::StreamConfig;
use hushnote_asr::{self as asr, DecodeOptions, Engine, EngineOptions};
use hushnote_audio::source::{AudioSource, Chunk, FileFeed, SourceError};
use hushnote_custody::{EffectivePolicy, Error, KdfParams, MemoryKeychain, Role, SystemClock, Vault, VaultEnv};
use hushnote_dictation::{self as pipeline, Control, DictationOptions, PipelineEvent};
use secrecy::SecretString;

/// A microphone whose clinician's screen locks `at` samples into the recording: the audio up to
/// then is delivered, the lock is requested, and nothing more is said.
struct LockAt<'c> {
    feed: FileFeed,
    control: &'c Control,
    remaining: usize,
}

impl AudioSource for LockAt<'_> {
    fn next_chunk(&mut self, timeout: std::time::Duration) -> Result<Chunk, SourceError> {
        if self.remaining == 0 {
            return Ok(Chunk::Idle);
        }
        match self.feed.next_chunk(timeout)? {
            Chunk::Audio(mut pcm) => {
                if pcm.len() >= self.remaining {
                    pcm.truncate(self.remaining);
                    self.remaining = 0;
                    self.control.lock();
                } else {
                    self.remaining -= pcm.len();
                }
                Ok(Chunk::Audio(pcm))
            }
            other => Ok(other),
        }
    }
}

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
    let control = Control::default();
    // 6.5 s in: "And so my fellow Americans" and "not" are said, "what your country …" is being said.
    let mut feed = LockAt { feed: FileFeed::open(&common::fixture("jfk.wav"), false).unwrap(), control: &control, remaining: 16_000 * 13 / 2 };
    let opts = DictationOptions {
        decode: DecodeOptions { initial_prompt: None, ..DecodeOptions::default() },
        stream: StreamConfig::default(),
        patient_ref: None,
        resume: None,
    };
    let mut finals = Vec::new();
    let mut last_end_s = 0.0;
    let mut saw_locked = false;
    let out = pipeline::dictate(Some(&session), &engine, &mut feed, &opts, &control, &mut |e| match e {
        PipelineEvent::Final { text, end_s, .. } => {
            finals.push(text.clone());
            last_end_s = *end_s;
        }
        PipelineEvent::Locked => saw_locked = true,
        _ => {}
    })
    .unwrap();
    assert!(out.locked && saw_locked, "the dictation ended locked");
    assert!(finals.len() >= 2, "the open utterance was finished before locking: {finals:?}");
    assert!(last_end_s > 5.0, "the utterance being spoken at the lock (from 5.0 s) is among the finals: {finals:?}");
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
