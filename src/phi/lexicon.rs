//! Name lexicons and allow-lists, compiled into the binary as `fst` maps by `build.rs` from
//! `data/phi/` (US Census 2010 surnames, SSA and 1990 Census given names, clinical allow-lists;
//! provenance in `data/phi/README.md`).

use std::sync::OnceLock;

use fst::Map;

static FIRST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/first_names.fst"));
static SURNAMES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/surnames.fst"));
static ALLOW: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/allow.fst"));

struct Lexicons {
    first: Map<&'static [u8]>,
    surnames: Map<&'static [u8]>,
    allow: Map<&'static [u8]>,
}

fn lexicons() -> Option<&'static Lexicons> {
    static L: OnceLock<Option<Lexicons>> = OnceLock::new();
    L.get_or_init(|| {
        // Map::new only validates the header: microseconds, no parsing of the data.
        Some(Lexicons { first: Map::new(FIRST).ok()?, surnames: Map::new(SURNAMES).ok()?, allow: Map::new(ALLOW).ok()? })
    })
    .as_ref()
}

/// What the allow-lists say about a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allow {
    /// Not listed.
    No,
    /// Clinical vocabulary: drug, eponym, abbreviation. Never a name on its own.
    Clinical,
    /// An ordinary English word that is also a name ("will", "hope"): a name only with context.
    Common,
}

/// `word` must be lower case.
pub fn allow(word: &str) -> Allow {
    match lexicons().and_then(|l| l.allow.get(word)) {
        Some(1) => Allow::Clinical,
        Some(_) => Allow::Common,
        None => Allow::No,
    }
}

/// Popularity of a given name (births or per-100k count), 0 if unknown. `word` lower case.
pub fn first_name(word: &str) -> u64 {
    lexicons().and_then(|l| l.first.get(word)).unwrap_or(0)
}

/// Number of people with this surname in the 2010 Census, 0 if unknown. `word` lower case.
pub fn surname(word: &str) -> u64 {
    lexicons().and_then(|l| l.surnames.get(word)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_load_and_answer() {
        assert!(surname("smith") > 2_000_000);
        assert!(first_name("martha") > 1000);
        assert_eq!(surname("zzqxv"), 0);
        assert_eq!(allow("metoprolol"), Allow::Clinical);
        assert_eq!(allow("parkinson"), Allow::Clinical);
        assert_eq!(allow("xqzt"), Allow::No);
    }
}
