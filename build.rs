//! Compiles the PHI lexicons in `data/phi/` into finite-state transducers (`fst`) at build time,
//! so the binary carries them compactly and loads them with zero start-up cost.

use std::collections::BTreeMap;
use std::path::Path;

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

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/phi");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo:rerun-if-changed=data/phi");
    println!("cargo:rerun-if-changed=build.rs");
    write_map(&out, "first_names.fst", &read_map(&root.join("first_names.txt")));
    write_map(&out, "surnames.fst", &read_map(&root.join("surnames.txt")));
    // Clinical vocabulary that is never a name on its own, and ordinary English words that are
    // names only with stronger context. Value 1 = clinical, 2 = common word.
    let mut allow = BTreeMap::new();
    for f in ["allow_common_words.txt"] {
        for k in read_map(&root.join(f)).into_keys() {
            allow.insert(k, 2);
        }
    }
    for f in ["allow_drugs.txt", "allow_eponyms.txt", "allow_abbrev.txt"] {
        for k in read_map(&root.join(f)).into_keys() {
            allow.insert(k, 1);
        }
    }
    write_map(&out, "allow.fst", &allow);
}
