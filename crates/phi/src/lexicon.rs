//! Name lexicons and allow-lists, compiled into the binary by `build.rs` (a hash table of single
//! words, `fst` maps of the rest) from
//! `data/` (US Census 2010 surnames, SSA and 1990 Census given names, clinical allow-lists;
//! provenance in `data/README.md`).

use std::sync::OnceLock;

use fst::Map;

use super::bloom::Bloom;
use super::word_table::Table;

static WORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/words.tab"));
static PLACES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/places.fst"));
static TYPOS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/typos.fst"));
static TYPOS_FILTER: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/typos.bloom"));

struct Lexicons {
    /// Every single word of every list, with all its facts packed in one value (see [`Entry`]).
    words: Table<'static>,
    /// Multi-word place names ("ellicott city") with their population.
    places: Map<&'static [u8]>,
    /// English words with one letter dropped, or replaced by `*` (see `build.rs`).
    dropped: fst::Set<&'static [u8]>,
    /// What is certainly not in `dropped`.
    dropped_filter: Bloom<'static>,
}

impl Lexicons {
    /// Whether `word` is an English word with one letter dropped, or replaced by `*`.
    fn dropped(&self, word: &[u8]) -> bool {
        self.dropped_filter.may_contain(word) && self.dropped.contains(word)
    }
}

fn lexicons() -> Option<&'static Lexicons> {
    static L: OnceLock<Option<Lexicons>> = OnceLock::new();
    L.get_or_init(|| {
        // Only the headers are validated: microseconds, no parsing of the data.
        Some(Lexicons { words: Table::new(WORDS)?, places: Map::new(PLACES).ok()?, dropped: fst::Set::new(TYPOS).ok()?, dropped_filter: Bloom::new(TYPOS_FILTER)? })
    })
    .as_ref()
}

/// Everything the lexicons know about one lower-case word, from a single lookup. The packed
/// layout is written by `build.rs`: bits 0–22 given-name births, 23–44 surname count, 45–46
/// allow-list, 47–53 SCOWL size, 54 multi-word place head, 55–63 place population in thousands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Given-name popularity (SSA births), 0 if unknown.
    pub first: u32,
    /// Number of people with this surname (Census 2010), 0 if unknown.
    pub surname: u32,
    pub allow: Allow,
    /// SCOWL size of an ordinary English word (10 = most common … 50).
    pub english: Option<u8>,
    /// Population of a one-word US place or county of this name, to the thousand above.
    pub place: u32,
    /// Whether a multi-word place name starts with this word ("ellicott" of "ellicott city").
    pub place_head: bool,
}

impl Entry {
    /// A word no lexicon knows.
    pub const NONE: Entry = Entry { first: 0, surname: 0, allow: Allow::No, english: None, place: 0, place_head: false };

    /// An ordinary English word in everyday use (SCOWL size ≤ 35): "bed", "cross", "mask".
    pub fn everyday(&self) -> bool {
        self.english.is_some_and(|size| size <= 35)
    }
}

/// One lookup for every fact about `word` (lower case).
pub fn lookup(word: &str) -> Entry {
    decode(lexicons().and_then(|l| l.words.get(word.as_bytes())).unwrap_or(0))
}

/// Unpacks a value of the words map (layout in [`Entry`]).
fn decode(v: u64) -> Entry {
    // Every field is narrower than 32 bits (the place population in thousands, 9 bits, times 1000 too).
    let field = |shift: u32, bits: u32| ((v >> shift) & ((1 << bits) - 1)) as u32;
    Entry {
        first: field(0, 23),
        surname: field(23, 22),
        allow: match field(45, 2) {
            1 => Allow::Clinical,
            2 => Allow::Common,
            _ => Allow::No,
        },
        english: Some(field(47, 7) as u8).filter(|s| *s > 0),
        place: field(55, 9) * 1000,
        place_head: field(54, 1) == 1,
    }
}

/// Whether `word` (lower case, in no dictionary) is one slip away from an English word: one
/// letter added, dropped, changed ("tranplant", "famil", "supprt") or two swapped ("encouarge").
/// Nursing notes are full of such typos, and a word in no dictionary after "seen by" or before
/// "family" is a name only if it is not one. About three lookups per letter (a few
/// microseconds), so the rules ask it last, of the few words their context singles out.
pub fn typo_of_word(word: &str) -> bool {
    let Some(l) = lexicons() else { return false };
    // Words under five letters are a slip away from too much ("kifi": "kiwi", "fife").
    if word.len() < 5 || !word.is_ascii() {
        return false;
    }
    // English words only: a name a slip away from an eponym or a drug ("Vastelli", "Rastelli")
    // is still a name.
    let english = |w: &[u8]| l.words.get(w).is_some_and(|v| decode(v).english.is_some());
    // A letter dropped: the word is in the set of English words with one letter dropped.
    if l.dropped(word.as_bytes()) {
        return true;
    }
    let b = word.as_bytes();
    // Among shorter words an added or changed letter reaches too many words ("trurt": "trust").
    let long = b.len() >= 7;
    let mut buf = Vec::with_capacity(b.len());
    for i in 0..b.len() {
        // A letter added: the word without it is English.
        buf.clear();
        buf.extend_from_slice(&b[..i]);
        buf.extend_from_slice(&b[i + 1..]);
        if long && english(&buf) {
            return true;
        }
        // A letter changed: with that letter unknown, it is an English word with one unknown.
        buf.clear();
        buf.extend_from_slice(b);
        buf[i] = b'*';
        if long && l.dropped(&buf) {
            return true;
        }
        // Two letters swapped.
        if i > 0 && b[i - 1] != b[i] {
            buf.clear();
            buf.extend_from_slice(b);
            buf.swap(i - 1, i);
            if english(&buf) {
                return true;
            }
        }
    }
    false
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
    lookup(word).allow
}

/// Population of a US place or county of this name (one-word names to the thousand above;
/// counties count as 1,000), 0 if unknown. `name` is lower case with single spaces.
pub fn place(name: &str) -> u64 {
    if name.contains(' ') {
        lexicons().and_then(|l| l.places.get(name)).unwrap_or(0)
    } else {
        u64::from(lookup(name).place)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_load_and_answer() {
        assert!(lookup("smith").surname > 2_000_000);
        assert!(lookup("martha").first > 1000);
        assert_eq!(lookup("zzqxv").surname, 0);
        assert_eq!(allow("metoprolol"), Allow::Clinical);
        assert_eq!(allow("parkinson"), Allow::Clinical);
        assert_eq!(allow("xqzt"), Allow::No);
        assert!(lookup("concerned").english.is_some_and(|s| s <= 20));
        assert_eq!(lookup("milovan").english, None);
        assert!(place("baltimore") > 500_000);
        assert!(place("ellicott city") > 10_000);
        assert!(lookup("ellicott").place_head && !lookup("metoprolol").place_head);
        let smith = lookup("smith");
        assert!(smith.surname > 2_000_000 && smith.first > 0 && smith.allow == Allow::Clinical);
        assert_eq!(place("lasix"), 0);
    }

    #[test]
    fn typos_are_told_from_unknown_names() {
        for typo in ["tranplant", "famil", "supprt", "encouarge", "cardic"] {
            assert!(typo_of_word(typo), "{typo}");
        }
        for name in ["tegouzi", "kefek", "pszczola", "quelbeck", "dreibros", "kifi"] {
            assert!(!typo_of_word(name), "{name}");
        }
    }
}
