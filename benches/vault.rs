//! What encryption costs: note insert, read and full-text search on the SQLCipher vault
//! against plain SQLite with the same schema, settings and workload, plus the unlock time
//! (Argon2id + keychain secret + unwrap + open + full HMAC check of every page).
//!
//! Run: `cargo bench --bench vault`. First a side-by-side table with the ratios (interleaved
//! rounds, so both see the same machine state), then criterion's own figures.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{black_box, Criterion};
use hushnote::auth::keychain::MemoryKeychain;
use hushnote::auth::KdfParams;
use hushnote::clock::SystemClock;
use hushnote::policy::EffectivePolicy;
use hushnote::vault::bench_support::BenchStore;
use hushnote::vault::{Vault, VaultEnv};
use secrecy::SecretString;

const NOTES: usize = 2000;
const WORDS: [&str; 24] = [
    "patient", "reports", "chest", "pain", "radiating", "left", "arm", "denies", "fever", "cough", "metoprolol", "lisinopril",
    "echocardiogram", "ejection", "fraction", "follow", "up", "clinic", "weeks", "stable", "dyspnea", "edema", "bilateral", "crackles",
];

/// A ~2 KB note whose words vary with `i` (so the full-text index has real postings).
fn note(i: usize) -> String {
    let mut s = format!("Note {i}. ");
    let mut x = i as u64 * 2654435761 + 1;
    while s.len() < 2000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        s.push_str(WORDS[(x % WORDS.len() as u64) as usize]);
        s.push(' ');
    }
    s
}

fn filled(store: &BenchStore) -> Vec<String> {
    store.conn.execute_batch("BEGIN").unwrap();
    let ids = (0..NOTES).map(|i| store.insert(&note(i)).unwrap()).collect();
    store.conn.execute_batch("COMMIT").unwrap();
    ids
}

fn time(n: usize, mut f: impl FnMut(usize)) -> Duration {
    let t = Instant::now();
    for i in 0..n {
        f(i);
    }
    t.elapsed() / n as u32
}

fn side_by_side(dir: &Path) {
    let enc = BenchStore::encrypted(&dir.join("enc.db")).unwrap();
    let plain = BenchStore::plain(&dir.join("plain.db")).unwrap();
    let enc_ids = filled(&enc);
    let plain_ids = filled(&plain);
    let mut rows: Vec<(&str, Duration, Duration)> = Vec::new();
    // Interleave five rounds per operation so drift hits both alike; keep the best round.
    let best = |f: &mut dyn FnMut() -> Duration| (0..5).map(|_| f()).min().unwrap();
    let mut k = NOTES;
    let ins_e = best(&mut || time(50, |_| { k += 1; enc.insert(&note(k)).unwrap(); }));
    let ins_p = best(&mut || time(50, |_| { k += 1; plain.insert(&note(k)).unwrap(); }));
    rows.push(("insert (1 note, own transaction, fsync)", ins_e, ins_p));
    let rd_e = best(&mut || time(2000, |i| { black_box(enc.read(&enc_ids[(i * 7919) % NOTES]).unwrap()); }));
    let rd_p = best(&mut || time(2000, |i| { black_box(plain.read(&plain_ids[(i * 7919) % NOTES]).unwrap()); }));
    rows.push(("read (1 note by id)", rd_e, rd_p));
    let q = ["ejection fraction", "bilateral crackles", "metoprolol", "radiating left arm"];
    let se_e = best(&mut || time(40, |i| { black_box(enc.search(q[i % 4]).unwrap()); }));
    let se_p = best(&mut || time(40, |i| { black_box(plain.search(q[i % 4]).unwrap()); }));
    rows.push(("full-text search (2000 notes)", se_e, se_p));
    println!("\nvault: SQLCipher vs plain SQLite, same schema/settings, {NOTES} notes of ~2 KB");
    println!("{:<42} {:>12} {:>12} {:>8}", "operation", "SQLCipher", "plain", "ratio");
    for (name, e, p) in rows {
        println!("{name:<42} {:>12.1?} {:>12.1?} {:>7.2}x", e, p, e.as_secs_f64() / p.as_secs_f64());
    }
}

fn unlock_env() -> VaultEnv {
    VaultEnv {
        keychain: Arc::new(MemoryKeychain::default()),
        policy: EffectivePolicy::defaults(),
        clock: Arc::new(SystemClock),
        workstation: "bench".into(),
        kdf: KdfParams::DEFAULT,
    }
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    side_by_side(dir.path());

    let vdir = dir.path().join("vault");
    let env = unlock_env();
    let pw = SecretString::from("bench unlock password");
    let (vault, _rk) = Vault::init(&vdir, env.clone(), "clin", &pw).unwrap();
    drop(vault);
    let t = Instant::now();
    Vault::open(&vdir, env.clone()).unwrap().login("clin", &pw).unwrap().logout().unwrap();
    let p = KdfParams::DEFAULT;
    println!(
        "unlock (Argon2id m={} MiB t={} p={}, unwrap, open, HMAC check of every page): {:.0?}\n",
        p.m_kib / 1024,
        p.t,
        p.p,
        t.elapsed()
    );

    let mut c = Criterion::default().configure_from_args().measurement_time(Duration::from_secs(5));
    let enc = BenchStore::encrypted(&dir.path().join("c-enc.db")).unwrap();
    let plain = BenchStore::plain(&dir.path().join("c-plain.db")).unwrap();
    let enc_ids = filled(&enc);
    let plain_ids = filled(&plain);
    let mut g = c.benchmark_group("vault");
    for (name, store, ids) in [("sqlcipher", &enc, &enc_ids), ("plain", &plain, &plain_ids)] {
        let mut i = 0usize;
        g.bench_function(format!("read/{name}"), |b| {
            b.iter(|| {
                i += 1;
                black_box(store.read(&ids[(i * 7919) % NOTES]).unwrap())
            })
        });
        g.bench_function(format!("search/{name}"), |b| b.iter(|| black_box(store.search("ejection fraction").unwrap())));
    }
    g.sample_size(10);
    g.bench_function("unlock", |b| {
        b.iter(|| Vault::open(&vdir, env.clone()).unwrap().login("clin", &pw).unwrap().logout().unwrap())
    });
    g.finish();
    c.final_summary();
}
