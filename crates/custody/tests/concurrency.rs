//! Two writers at once, in two sessions on one vault: every write lands, none fails with "busy",
//! and the audit chain stays one unbroken sequence (writers take SQLite's write lock when their
//! transaction begins, not halfway through it).

use std::sync::Arc;

use hushnote_custody::{EffectivePolicy, KdfParams, MemoryKeychain, NewNote, Role, SystemClock, Vault, VaultEnv};
use secrecy::SecretString;

const NOTES: usize = 40;

#[test]
fn two_writers_lose_nothing_and_never_see_busy() {
    let env = VaultEnv {
        keychain: Arc::new(MemoryKeychain::default()),
        policy: EffectivePolicy::defaults(),
        clock: Arc::new(SystemClock),
        workstation: "concurrency-test".into(),
        kdf: KdfParams { m_kib: 1024, t: 1, p: 1 },
    };
    let dir = tempfile::tempdir().unwrap();
    let admin_pw = SecretString::from("sturdy lighthouse 88 keeper");
    Vault::init(dir.path(), env.clone(), "chief", &admin_pw).unwrap();
    let admin = Vault::open(dir.path(), env.clone()).unwrap().login("chief", &admin_pw).unwrap();
    for name in ["alice", "bob"] {
        admin.add_user(name, Role::Clinician, &SecretString::from(format!("quiet meadow 12 lantern {}", name.len()))).unwrap();
    }
    admin.logout().unwrap();

    // Both threads start their writes together, on a barrier, not on a timer.
    let barrier = Arc::new(std::sync::Barrier::new(2));
    let writers: Vec<_> = ["alice", "bob"]
        .into_iter()
        .map(|name| {
            let (env, dir, barrier) = (env.clone(), dir.path().to_owned(), barrier.clone());
            std::thread::spawn(move || {
                let s = Vault::open(&dir, env).unwrap().login(name, &SecretString::from(format!("quiet meadow 12 lantern {}", name.len()))).unwrap();
                barrier.wait();
                for i in 0..NOTES {
                    s.add_note(&NewNote { text: format!("{name} note {i}"), ..Default::default() }).unwrap();
                    s.list_notes().unwrap();
                }
                s.logout().unwrap();
            })
        })
        .collect();
    for w in writers {
        w.join().expect("a writer failed");
    }

    let admin = Vault::open(dir.path(), env).unwrap().login("chief", &admin_pw).unwrap();
    assert_eq!(admin.list_notes().unwrap().len(), 2 * NOTES, "every note landed");
    let v = admin.audit_verify().unwrap();
    assert_eq!(v.first_bad, None, "the chain has no gap and no fork");
    let events = admin.audit_events("csv").unwrap();
    assert!(events.windows(2).all(|w| w[1].seq == w[0].seq + 1), "one sequence");
}
