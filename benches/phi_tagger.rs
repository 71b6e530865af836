//! Criterion benchmark of the PHI tagger on one thread: the latency of one ~2 KB note, the
//! throughput (MB/s) over 1 MB of varied notes tagged one by one (what a clinic's workload is),
//! and one 1 MB text (the same note repeated: a single huge input).
//! The texts are constructed here (no evaluation data). Run: `cargo bench --bench phi_tagger`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use hushnote_phi as phi;

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

/// A small deterministic generator (the same notes on every run).
struct Lcg(u64);

impl Lcg {
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// `n` different notes of about 2 KB: nursing shorthand, dictation in lower case with spoken
/// numbers, ALL-CAPS lines; names, dates, numbers and places vary from note to note.
fn notes(n: usize) -> Vec<String> {
    const GIVEN: &[&str] = &["Maria", "James", "Linda", "Robert", "Patricia", "Michael", "Jennifer", "David", "Susan", "Thomas", "Aisha", "Wei", "Olga", "Tomas", "Grace", "Kevin"];
    const SURNAMES: &[&str] = &["Alvarez", "Nguyen", "Okafor", "Kowalski", "Johnson", "Murphy", "Patel", "Rossi", "Chen", "Haddad", "Brennan", "Lindqvist", "Moreau", "Sato", "Quelbeck", "Adeyemi"];
    const PLACES: &[&str] = &["Quelmarsh Hospital", "St. Agnes", "Towson", "Ellicott City", "Mercy Medical Center", "the VA", "Union Memorial", "Frederick"];
    const DRUGS: &[&str] = &["lasix", "metoprolol", "heparin", "vancomycin", "insulin", "tylenol", "morphine", "lisinopril", "coumadin", "zosyn"];
    const SPOKEN: &[&str] = &["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "oh"];
    const MONTHS: &[&str] = &["january", "march", "june", "august", "october", "december"];
    const ORDINALS: &[&str] = &["first", "third", "fifth", "twelfth", "twentieth", "twenty second"];
    let mut r = Lcg(42);
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let mut s = String::new();
        while s.len() < 2048 {
            let (g, f) = (r.pick(GIVEN), r.pick(SURNAMES));
            let sentence = match r.below(12) {
                0 => format!("Pt is a {} yo {} admitted {}/{} from {} with {}. ", 40 + r.below(50), r.pick(&["man", "woman"]), 1 + r.below(12), 1 + r.below(28), r.pick(PLACES), r.pick(&["CHF", "COPD exacerbation", "sepsis", "GI bleed"])),
                1 => format!("Seen by Dr. {f}; {} {g} at bedside, phone ({}) 555-{:04}. ", r.pick(&["wife", "husband", "daughter", "son"]), 200 + r.below(700), r.below(10_000)),
                2 => format!("{} {} mg IV given, UO {} cc. BP {}/{}, HR {}, SpO2 {}% on {}L NC. Pain {}/10. ", r.pick(DRUGS), 5 * (1 + r.below(40)), 100 * (1 + r.below(12)), 90 + r.below(80), 50 + r.below(40), 55 + r.below(60), 88 + r.below(12), 1 + r.below(6), r.below(10)),
                3 => {
                    let phone: Vec<&str> = (0..7).map(|_| r.pick(SPOKEN)).collect();
                    format!("uh {} says her number is {} and her birthday is {} {} nineteen {} {}. ", r.pick(&["she", "the patient", "mom"]), phone.join(" "), r.pick(MONTHS), r.pick(ORDINALS), r.pick(&["fifty", "sixty", "seventy", "eighty"]), r.pick(&SPOKEN[..9]))
                }
                4 => format!("MRN: {:07}. Plan: continue {}, recheck BMP in am, PT/OT eval, d/c planning with case manager. ", r.below(10_000_000), r.pick(DRUGS)),
                5 => format!("NEURO: A&OX3, MAE, PERRLA 3MM. CV: NSR {}-{}, NO ECTOPY. RESP: LS CLEAR, RR {}. GI: ABD SOFT, +BS. ", 60 + r.below(30), 90 + r.below(20), 12 + r.below(16)),
                6 => format!("okay {g} , so tell me what brought you in today . i have had this cough for about {} weeks and my {} said i should come . ", 2 + r.below(5), r.pick(&["wife", "husband", "daughter", "doctor"])),
                7 => format!("{g} {f}, RN\n"),
                8 => format!("Family meeting held with {} {g} {f} re: goals of care; plan to readdress on {}/{}/{}. ", r.pick(&["sister", "brother", "HCP"]), 1 + r.below(12), 1 + r.below(28), 2000 + r.below(25)),
                9 => format!("this is {} {} dictating on {g} {f} , date of birth {} {} nineteen {} , medical record number {}. ", r.pick(&["doctor", "dr"]), r.pick(SURNAMES), r.pick(MONTHS), r.pick(ORDINALS), r.pick(&["forty", "fifty", "sixty"]), (0..6).map(|_| r.pick(&SPOKEN[..9])).collect::<Vec<_>>().join(" ")),
                10 => format!("Labs: Na {} K {}.{} Cr {}.{} WBC {}.{} Hct {}. Blood cx x2 sent {}/{}. ", 130 + r.below(15), 3 + r.below(2), r.below(10), r.below(3), r.below(10), 4 + r.below(15), r.below(10), 25 + r.below(20), 1 + r.below(12), 1 + r.below(28)),
                _ => format!("Pt resting comfortably, turned q2h, skin intact. Will continue to monitor and update team. Lives in {} with {}. ", r.pick(PLACES), r.pick(&["wife", "husband", "daughter", "son", "friend"])),
            };
            s.push_str(&sentence);
        }
        out.push(s);
    }
    out
}

fn bench(c: &mut Criterion) {
    let n = note();
    let many = notes(500);
    let many_bytes: usize = many.iter().map(String::len).sum();
    let big = n.repeat(500); // ~1 MB
    let mut g = c.benchmark_group("phi");
    g.throughput(Throughput::Bytes(n.len() as u64));
    g.bench_function("tag 2 KB note", |b| b.iter(|| phi::tag(&n)));
    g.sample_size(10);
    g.throughput(Throughput::Bytes(many_bytes as u64));
    g.bench_function("tag 500 varied notes (1 MB)", |b| b.iter(|| many.iter().map(|t| phi::tag(t).len()).sum::<usize>()));
    g.throughput(Throughput::Bytes(big.len() as u64));
    g.bench_function("tag one 1 MB text", |b| b.iter(|| phi::tag(&big)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
