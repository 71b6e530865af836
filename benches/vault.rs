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
use hushnote_custody::bench::BenchStore;
use hushnote_custody::{EffectivePolicy, KdfParams, MemoryKeychain, SystemClock, Vault, VaultEnv};
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
    let mut rows: Vec<(&str, Duration, Duration, f64)> = Vec::new();
    // Rounds alternate encrypted/plain so that drift (fsync latency on a shared disk varies by
    // tens of percent from second to second) hits both alike; each row reports the median
    // round of each and the median of the per-round ratios.
    let mut k = NOTES;
    let mut insert = |s: &BenchStore| {
        k += 1;
        s.insert(&note(k)).unwrap();
    };
    rows.push(paired("insert (1 note, own transaction, fsync)", 9, 50, &mut |enc_round, _| insert(if enc_round { &enc } else { &plain })));
    rows.push(paired("read (1 note by id)", 5, 2000, &mut |enc_round, i| {
        if enc_round {
            black_box(enc.read(&enc_ids[(i * 7919) % NOTES]).unwrap());
        } else {
            black_box(plain.read(&plain_ids[(i * 7919) % NOTES]).unwrap());
        }
    }));
    let q = ["ejection fraction", "bilateral crackles", "metoprolol", "radiating left arm"];
    rows.push(paired("full-text search (2000 notes)", 5, 40, &mut |enc_round, i| {
        black_box(if enc_round { enc.search(q[i % 4]).unwrap() } else { plain.search(q[i % 4]).unwrap() });
    }));
    println!("\nvault: SQLCipher vs plain SQLite, same schema/settings, {NOTES} notes of ~2 KB");
    println!("{:<42} {:>12} {:>12} {:>8}", "operation (median round)", "SQLCipher", "plain", "ratio");
    for (name, e, p, ratio) in rows {
        println!("{name:<42} {:>12.1?} {:>12.1?} {:>7.2}x", e, p, ratio);
    }
}

/// Runs `rounds` pairs of rounds (encrypted, then plain) of `n` calls of `op(encrypted, i)`;
/// returns the median per-call time of each side and the median of the per-pair ratios.
fn paired(name: &'static str, rounds: usize, n: usize, op: &mut dyn FnMut(bool, usize)) -> (&'static str, Duration, Duration, f64) {
    let (mut enc, mut plain, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        let e = time(n, |i| op(true, i));
        let p = time(n, |i| op(false, i));
        ratios.push(e.as_secs_f64() / p.as_secs_f64());
        enc.push(e);
        plain.push(p);
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    ratios.sort_by(f64::total_cmp);
    (name, median(&mut enc), median(&mut plain), ratios[ratios.len() / 2])
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
