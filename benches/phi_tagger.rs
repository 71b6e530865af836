//! Criterion benchmark of the PHI tagger: throughput on one thread (MB/s) and the latency of a
//! ~2 KB note. The texts are constructed here (no evaluation data).
//! Run: `cargo bench --bench phi_tagger`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use hushnote::phi;

fn note() -> String {
    let parts = [
        "Pt is a 67 yo man admitted 7/22 from Calvert Hospital with CHF exacerbation. ",
        "Seen by Dr. Alvarez; wife Maria at bedside, phone (617) 555-0142. ",
        "Lasix 40 mg IV given, UO 800 cc. BP 128/74, HR 88, SpO2 96% on 2L NC. Pain 3/10. ",
        "uh she says her number is five five five one two one two and her birthday is march third nineteen fifty four. ",
        "MRN: 0045321. Plan: continue metoprolol, recheck BMP in am, PT/OT eval, d/c planning with case manager. ",
    ];
    let mut s = String::new();
    while s.len() < 2048 {
        for p in parts {
            s.push_str(p);
        }
    }
    s.truncate(2048);
    while !s.is_char_boundary(s.len()) {
        s.pop();
    }
    s
}

fn bench(c: &mut Criterion) {
    let n = note();
    let big = n.repeat(500); // ~1 MB
    let mut g = c.benchmark_group("phi");
    g.throughput(Throughput::Bytes(n.len() as u64));
    g.bench_function("tag 2 KB note", |b| b.iter(|| phi::tag(&n)));
    g.throughput(Throughput::Bytes(big.len() as u64));
    g.sample_size(10);
    g.bench_function("tag 1 MB", |b| b.iter(|| phi::tag(&big)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
