//! Crash consistency: a writer process is killed with SIGKILL at random moments, 50 times.
//! Every time the vault must pass SQLite's and SQLCipher's integrity checks, the audit chain
//! must verify, and every note the writer reported as committed must be there, intact.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use hushnote_custody::{EffectivePolicy, KdfParams, MemoryKeychain, NewNote, Policy, SystemClock, Vault, VaultEnv};
use secrecy::SecretString;

const PW: &str = "crash test password 1";
const ROUNDS: usize = 50;

/// Password-only mode (allowed by a managed policy) so the writer, a separate process, needs no
/// keychain; cheap Argon2 so 100 logins stay fast. Neither changes the storage path under test.
fn env() -> VaultEnv {
    let keychain = MemoryKeychain::default();
    keychain.set_unavailable(true);
    VaultEnv {
        keychain: Arc::new(keychain),
        policy: EffectivePolicy::managed(Policy { password_only_allowed: true, ..Policy::default() }, "/test/managed.toml".into()),
        clock: Arc::new(SystemClock),
        workstation: "crash-test".into(),
        kdf: KdfParams { m_kib: 1024, t: 1, p: 1 },
    }
}

fn note_text(i: u64) -> String {
    format!("note {i}: {}", "the quick brown fox jumps over the lazy dog ".repeat(1 + (i % 40) as usize))
}

/// The writer, run as a child process by `sigkill_at_random_moments_loses_no_committed_note`.
#[test]
#[ignore = "helper process for the crash test"]
fn crash_writer() {
    let Some(dir) = std::env::var_os("HUSHNOTE_CRASH_DIR") else { return };
    let start: u64 = std::env::var("HUSHNOTE_CRASH_START").unwrap().parse().unwrap();
    let s = Vault::open(Path::new(&dir), env()).unwrap().login("writer", &SecretString::from(PW)).unwrap();
    println!("ready");
    for i in start.. {
        let id = s.add_note(&NewNote { text: note_text(i), ..Default::default() }).unwrap();
        if i % 3 == 0 {
            // Updates exercise the full-text triggers and revisions too.
            s.update_note(&id, &note_text(i)).unwrap();
        }
        if i % 5 == 0 {
            s.set_draft(&format!("draft {i}"), None, serde_json::Value::Null).unwrap();
            s.save_draft().unwrap();
        }
        // Printed only after the commit returned: every printed id is durable.
        println!("{id} {i}");
    }
}

/// A small xorshift PRNG seeded from the clock: no extra crate for random sleep times.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn sigkill_at_random_moments_loses_no_committed_note() {
    let dir = tempfile::tempdir().unwrap();
    let (vault, _rk) = Vault::init(dir.path(), env(), "admin", &SecretString::from("stormy harbor lights 9")).unwrap();
    drop(vault);
    let admin = Vault::open(dir.path(), env()).unwrap().login("admin", &SecretString::from("stormy harbor lights 9")).unwrap();
    admin.add_user("writer", hushnote_custody::Role::Clinician, &SecretString::from(PW)).unwrap();
    admin.logout().unwrap();

    let seed = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;
    eprintln!("crash test seed {seed}");
    let mut rng = Rng(seed);
    let mut committed: Vec<(String, u64)> = Vec::new();
    let mut next = 0u64;
    for round in 0..ROUNDS {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--ignored", "--exact", "crash_writer", "--nocapture", "--test-threads=1"])
            .env("HUSHNOTE_CRASH_DIR", dir.path())
            .env("HUSHNOTE_CRASH_START", next.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut lines = Vec::new();
            for line in BufReader::new(stdout).lines() {
                match line {
                    Ok(l) => lines.push(l),
                    Err(_) => break,
                }
            }
            lines
        });
        // Kill somewhere between right after start-up and well into the writing.
        let wait = Duration::from_millis(rng.next() % 400);
        let t0 = Instant::now();
        std::thread::sleep(wait);
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let lines = reader.join().unwrap();
        for l in lines.iter().filter(|l| l.len() > 33 && !l.starts_with("ready")) {
            if let Some((id, i)) = l.split_once(' ') {
                if let Ok(i) = i.parse::<u64>() {
                    committed.push((id.to_owned(), i));
                    next = next.max(i + 1);
                }
            }
        }
        next += 1000; // a killed writer may have committed notes it could not report
        let s = Vault::open(dir.path(), env())
            .unwrap()
            .login("writer", &SecretString::from(PW))
            .unwrap_or_else(|e| panic!("round {round} (killed after {:?}): vault does not open: {e}", t0.elapsed()));
        s.integrity_check().unwrap_or_else(|e| panic!("round {round}: {e}"));
        for (id, i) in &committed {
            let n = s.read_note(id).unwrap_or_else(|e| panic!("round {round}: committed note {i} lost: {e}"));
            assert_eq!(n.text, note_text(*i), "round {round}: note {i} altered");
        }
        drop(s);
        let admin = Vault::open(dir.path(), env()).unwrap().login("admin", &SecretString::from("stormy harbor lights 9")).unwrap();
        assert_eq!(admin.audit_verify().unwrap().first_bad, None, "round {round}: audit chain broken");
    }
    eprintln!("{} committed notes survived {ROUNDS} SIGKILLs", committed.len());
    assert!(committed.len() > ROUNDS, "the writer must have committed notes in most rounds");
}
