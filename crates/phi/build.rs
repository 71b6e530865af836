//! Compiles the PHI lexicons in `data/` at build time into finite-state transducers (`fst`)
//! and one hash table (`src/word_table.rs`), so the binary carries them and loads them with
//! zero start-up cost.

use std::collections::BTreeMap;
use std::path::Path;

// The writers of the words table and of the typo set's filter; the build script reads neither.
#[allow(dead_code)]
#[path = "src/word_table.rs"]
mod word_table;
#[allow(dead_code)]
#[path = "src/bloom.rs"]
mod bloom;

fn read_map(path: &Path) -> BTreeMap<String, u64> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut map = BTreeMap::new();
    for line in text.lines().filter(|l| !l.is_empty()) {
        let mut parts = line.split('\t');
        let name = parts.next().unwrap_or_default().to_string();
        let count = parts.next().and_then(|c| c.trim().parse().ok()).unwrap_or(1);
        map.insert(name, count);
    }
    map
}

fn write_map(out: &Path, name: &str, map: &BTreeMap<String, u64>) {
    let mut b = fst::MapBuilder::memory();
    for (k, v) in map {
        b.insert(k, *v).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let bytes = b.into_inner().unwrap_or_else(|e| panic!("{name}: {e}"));
    std::fs::write(out.join(name), bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
}

/// ORs `value(count)` of every entry of `path`, capped to `bits` bits, into `words` at `shift`.
fn pack(words: &mut BTreeMap<String, u64>, path: &Path, shift: u32, bits: u32, value: impl Fn(u64) -> u64) {
    for (k, v) in read_map(path) {
        let field = value(v).min((1 << bits) - 1);
        *words.entry(k).or_insert(0) |= field << shift;
    }
}

fn main() {
    // Read when the script runs, not baked in when it is compiled: Cargo reuses a compiled build
    // script across checkouts that share a target directory (CI reuses one), and a baked path
    // read the lists of another checkout.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest).join("data");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    // Each input by name: a directory entry alone did not make Cargo notice a regenerated list.
    for f in ["first_names.txt", "surnames.txt", "allow_common_words.txt", "allow_drugs.txt", "allow_eponyms.txt", "allow_abbrev.txt", "english_words.txt", "us_places.txt"] {
        println!("cargo:rerun-if-changed=data/{f}");
    }
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/word_table.rs");
    println!("cargo:rerun-if-changed=src/bloom.rs");
    // One map answers every question about a single word with one lookup (the tagger's hot
    // path): the value packs the fields described in src/lexicon.rs (`Entry`).
    let mut words: BTreeMap<String, u64> = BTreeMap::new();
    pack(&mut words, &root.join("first_names.txt"), 0, 23, |v| v);
    pack(&mut words, &root.join("surnames.txt"), 23, 22, |v| v);
    // Allow-lists: 2 = ordinary English word that is also a name, 1 = clinical (wins).
    pack(&mut words, &root.join("allow_common_words.txt"), 45, 2, |_| 2);
    let clinical_mask = 3u64 << 45;
    for f in ["allow_drugs.txt", "allow_eponyms.txt", "allow_abbrev.txt"] {
        for k in read_map(&root.join(f)).into_keys() {
            let e = words.entry(k).or_insert(0);
            *e = (*e & !clinical_mask) | (1 << 45);
        }
    }
    pack(&mut words, &root.join("english_words.txt"), 47, 7, |size| size);
    let places = read_map(&root.join("us_places.txt"));
    for (name, pop) in &places {
        match name.split_once(' ') {
            // Multi-word places stay in their own map; their first word is flagged.
            Some((head, _)) => *words.entry(head.to_string()).or_insert(0) |= 1 << 54,
            // Population in thousands, rounded up (a county, population 1, is 1).
            None => *words.entry(name.clone()).or_insert(0) |= pop.div_ceil(1000).min(511) << 55,
        }
    }
    // A hash table, not an fst: the one lexicon looked up for every word (see word_table.rs).
    let table = word_table::build(words.iter().map(|(k, v)| (k.as_bytes(), *v))).unwrap_or_else(|e| panic!("words.tab: {e}"));
    std::fs::write(out.join("words.tab"), table).unwrap_or_else(|e| panic!("words.tab: {e}"));
    // Every English word of six letters or more with one letter dropped ("family" -> "famil",
    // "amily" …), and of seven or more with one letter unknown ("fam*ly"): the typo test
    // (`lexicon::typo_of_word`) finds a dropped or changed letter with a few lookups here instead
    // of walking an automaton over the whole lexicon.
    let mut dropped = std::collections::BTreeSet::new();
    for word in read_map(&root.join("english_words.txt")).into_keys().filter(|w| w.len() >= 6 && w.is_ascii()) {
        for i in 0..word.len() {
            dropped.insert(format!("{}{}", &word[..i], &word[i + 1..]));
            if word.len() >= 7 {
                dropped.insert(format!("{}*{}", &word[..i], &word[i + 1..]));
            }
        }
    }
    // Most variants the typo test asks about are absent: a filter answers those (see bloom.rs).
    std::fs::write(out.join("typos.bloom"), bloom::build(dropped.iter().map(|w| w.as_bytes()), 4, 5)).unwrap_or_else(|e| panic!("typos.bloom: {e}"));
    let set = fst::Set::from_iter(dropped).unwrap_or_else(|e| panic!("typos.fst: {e}"));
    std::fs::write(out.join("typos.fst"), set.as_fst().as_bytes()).unwrap_or_else(|e| panic!("typos.fst: {e}"));
    let multi: BTreeMap<String, u64> = places.into_iter().filter(|(k, _)| k.contains(' ')).collect();
    write_map(&out, "places.fst", &multi);
}
