//! Words as the rules see them: tokens with their lexicon entry and word classes (looked up once
//! per distinct word), and what the text's capitals say.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::known::Known;
use crate::lexicon::{self, Allow};
use crate::words::{CALENDAR, CREDENTIALS, FACILITY_NAMES, FACILITY_TAIL, HEADERS, INTRO, LABELS, MOVES, PHONE_LABELS, PLACE_WORDS, PREPS, RELATIONS, ROLES, STOP, TITLES};

/// The hash of every word map here: FxHash (rustc's), eight bytes per step. The maps are keyed by
/// words of notes and fixed lists, not by an adversary, so there is no flooding to defend against;
/// SipHash (std's default) was 7% of the tagger's time, byte-wise FNV-1a 2%.
pub(crate) type Fast = rustc_hash::FxBuildHasher;

/// A set of words with a fast hash for short keys.
pub(crate) type WordSet<'a> = HashSet<&'a str, Fast>;

/// The tokens (with their indices) that lie within bytes `start..end`.
pub(crate) fn within<'a, 't>(toks: &'a [Tok<'t>], start: usize, end: usize) -> impl Iterator<Item = (usize, &'a Tok<'t>)> {
    let first = toks.partition_point(|t| t.start < start);
    toks.iter().enumerate().skip(first).take_while(move |(_, t)| t.end <= end)
}

/// Byte ranges already tagged, sorted, for a binary-search containment check.
pub(crate) struct Covered(Vec<(usize, usize)>);

impl Covered {
    pub fn new(ranges: impl Iterator<Item = (usize, usize)>) -> Self {
        let mut v: Vec<_> = ranges.collect();
        v.sort_unstable();
        Self(v)
    }

    /// Whether `start..end` lies inside a range (ranges are short: the few before it suffice).
    pub fn inside(&self, start: usize, end: usize) -> bool {
        let i = self.0.partition_point(|c| c.0 <= start);
        self.0[..i].iter().rev().take(4).any(|c| c.1 >= end)
    }
}

pub(crate) fn set<'a>(words: impl IntoIterator<Item = &'a &'static str>) -> WordSet<'static> {
    words.into_iter().copied().collect()
}

/// Whether `word` (lower case) is a function word or role word, never a name.
pub(crate) fn is_stopword(word: &str) -> bool {
    static S: OnceLock<WordSet<'static>> = OnceLock::new();
    S.get_or_init(|| set(STOP)).contains(word)
}

pub(crate) fn is_relation(word: &str) -> bool {
    static S: OnceLock<WordSet<'static>> = OnceLock::new();
    S.get_or_init(|| set(RELATIONS.iter().chain(ROLES))).contains(word)
}

/// Closed word classes, as bits for [`Tok::is`]. The rules ask them of every token many times;
/// a token's classes are looked up once (per distinct word of a text, see [`lex_all`]).
pub(crate) mod class {
    pub const STOP: u32 = 1 << 0;
    pub const TITLE: u32 = 1 << 1;
    /// Relation and role words ("wife", "caseworker").
    pub const RELATION: u32 = 1 << 2;
    /// Verbs of moving or living somewhere ([`crate::words::MOVES`]).
    pub const MOVE: u32 = 1 << 3;
    pub const CREDENTIAL: u32 = 1 << 4;
    /// Place prepositions ([`crate::words::PREPS`]).
    pub const PREP: u32 = 1 << 5;
    pub const PHONE_LABEL: u32 = 1 << 6;
    pub const FACILITY_TAIL: u32 = 1 << 7;
    /// Month and weekday names.
    pub const CALENDAR: u32 = 1 << 8;
    /// A word in no dictionary ([`super::unknown_word`]).
    pub const UNKNOWN: u32 = 1 << 9;
    /// The first word of an introduction phrase ([`crate::words::INTRO`]).
    pub const INTRO: u32 = 1 << 10;
    /// Letters only (no apostrophe or hyphen).
    pub const PLAIN: u32 = 1 << 11;
    /// Has a hyphen ("re-eval", "son-rob").
    pub const HYPHEN: u32 = 1 << 12;
    /// The first word of a hospital name made of everyday words ([`crate::words::FACILITY_NAMES`]).
    pub const FACILITY_HEAD: u32 = 1 << 13;
    /// The first word of a dictation header ([`crate::words::HEADERS`]).
    pub const HEADER: u32 = 1 << 14;
    /// A word a name may stand right before (`names::before_label`: "date of birth", "(resident)").
    pub const LABEL: u32 = 1 << 15;
    /// A word a place follows ("in", "from" …: [`crate::words::PLACE_WORDS`]).
    pub const PLACE_WORD: u32 = 1 << 16;
    /// "family", "families".
    pub const FAMILY: u32 = 1 << 17;
    /// "leave", "leaving" (a hospital abbreviation may follow: "need to leave GH").
    pub const LEAVING: u32 = 1 << 18;
}

/// The classes of lower-case `low` with lexicon entry `lex`.
pub(crate) fn classes_of(low: &str, lex: lexicon::Entry) -> u32 {
    type Map = HashMap<&'static str, u32, Fast>;
    static M: OnceLock<Map> = OnceLock::new();
    let m = M.get_or_init(|| {
        let mut m = Map::default();
        let intro_starts: Vec<&'static str> = INTRO.iter().filter_map(|p| p.first().copied()).collect();
        let facility_heads: Vec<&'static str> = FACILITY_NAMES.iter().filter_map(|n| n.first().copied()).collect();
        let header_starts: Vec<&'static str> = HEADERS.iter().filter_map(|p| p.first().copied()).collect();
        let lists: [(&[&'static str], u32); 17] = [
            (STOP, class::STOP),
            (TITLES, class::TITLE),
            (RELATIONS, class::RELATION),
            (ROLES, class::RELATION),
            (MOVES, class::MOVE),
            (CREDENTIALS, class::CREDENTIAL),
            (PREPS, class::PREP),
            (PHONE_LABELS, class::PHONE_LABEL),
            (FACILITY_TAIL, class::FACILITY_TAIL),
            (CALENDAR, class::CALENDAR),
            (&intro_starts, class::INTRO),
            (&facility_heads, class::FACILITY_HEAD),
            (&header_starts, class::HEADER),
            (LABELS, class::LABEL),
            (PLACE_WORDS, class::PLACE_WORD),
            (&["family", "families"], class::FAMILY),
            (&["leave", "leaving"], class::LEAVING),
        ];
        for (list, bit) in lists {
            for w in list {
                *m.entry(*w).or_default() |= bit;
            }
        }
        m
    });
    let mut c = m.get(low).copied().unwrap_or(0);
    if low.chars().all(char::is_alphabetic) {
        c |= class::PLAIN;
    }
    let hyphen = low.contains('-');
    if hyphen {
        c |= class::HYPHEN;
    }
    let unknown = low.len() >= 3
        && c & (class::STOP | class::TITLE | class::RELATION) == 0
        && lex.allow == Allow::No
        && lex.english.is_none()
        && low.chars().all(|c| c.is_alphabetic() || c == '\'' || c == '-')
        // An apostrophe only as in O'Connell or D'Angelo: "con't", "don't", "i'm", "n't" are contractions.
        && low.find('\'').is_none_or(|p| p == 1 && low.len() > 3 && low.starts_with(['o', 'd']))
        // "present-contin", "phoned-family": a hyphenated word of English parts is not a name.
        && (!hyphen || low.split('-').all(|part| {
            let e = lexicon::lookup(part);
            e.english.is_none() && e.allow == Allow::No
        }));
    if unknown {
        c | class::UNKNOWN
    } else {
        c
    }
}

/// A word that is in no dictionary we have: not English, not clinical, not a function or role
/// word. After name context ("husband Milovan", "Dr Rakusin") it is most likely a surname the
/// Census list lacks; on its own it proves nothing (misspellings look the same).
pub(crate) fn unknown_word(t: &Tok) -> bool {
    t.is(class::UNKNOWN)
}

/// A word in no dictionary that could be a name and is no typo ([`lexicon::typo_of_word`]):
/// where context alone makes a name ("talked with Tegouzi", "the Zorvak family"), "tranplant",
/// "famil", "hsb" and "CPNCP" must not become one.
pub(crate) fn unknown_name(t: &Tok) -> bool {
    // English word endings: clinical jargon no dictionary lists ("diuresing", "reintubation",
    // "hypokinetic") rather than a name.
    const ENDINGS: &[&str] = &[
        "ing", "ed", "tion", "sion", "ment", "ness", "ous", "ive", "ity", "able", "ible", "ology", "osis", "itis", "emia", "ectomy", "otomy", "ostomy", "ally",
        "ize", "ized", "ics", "ism", "ic",
    ];
    // Shorthand written as one word: a particle and a word ("oncall", "postop", "overnite").
    const PARTICLES: &[&str] = &["on", "in", "out", "over", "post", "pre", "up", "down", "off", "under", "non", "self"];
    let compound = || {
        PARTICLES.iter().any(|p| {
            t.low.strip_prefix(p).is_some_and(|rest| rest.len() >= 2 && {
                let e = lexicon::lookup(rest);
                e.english.is_some() || e.allow == Allow::Clinical
            })
        })
    };
    unknown_word(t)
        && !t.is(class::CALENDAR)
        && t.low.len() >= 4
        && t.low.contains(['a', 'e', 'i', 'o', 'u', 'y'])
        && !ENDINGS.iter().any(|e| t.low.ends_with(e))
        && !compound()
        && !lexicon::typo_of_word(&t.low)
}

pub(crate) struct Tok<'a> {
    pub start: usize,
    pub end: usize,
    pub raw: &'a str,
    /// Lower case: borrowed from the lower-cased text when the word is ASCII.
    pub low: std::borrow::Cow<'a, str>,
    /// Memo of the name rules' `contextual_name`: they ask about the same token many times.
    pub(crate) kind: std::cell::Cell<Option<Option<&'static str>>>,
    /// Every lexicon's answer for this word (set by [`tokens`]).
    lex: lexicon::Entry,
    /// The [`class`] bits of this word (set by [`tokens`]).
    class: u32,
}

impl Tok<'_> {
    /// Every lexicon's answer for this token.
    #[inline]
    pub fn lex(&self) -> lexicon::Entry {
        self.lex
    }

    /// Whether the token is in any of the [`class`]es `bits`.
    #[inline]
    pub fn is(&self, bits: u32) -> bool {
        self.class & bits != 0
    }
}

/// Word tokens (letters, with inner apostrophes and hyphens), possessive 's removed, each with
/// its lexicon entry and word classes. `lower` is `text.to_ascii_lowercase()`: ASCII words borrow
/// their lower case from it (one allocation per text instead of one per capitalised word).
pub(crate) fn tokens<'a>(text: &'a str, lower: &'a str) -> Vec<Tok<'a>> {
    // (Notes run about six bytes a word: a little more room than that spares a copy.)
    let mut out = Vec::with_capacity(text.len() / 5 + 8);
    let bytes = text.as_bytes();
    if text.is_ascii() {
        // Runs of letters, apostrophes and hyphens; a token starts at the run's first letter.
        crate::scan::for_each_run(bytes, |b| b.is_ascii_alphabetic() || b == b'\'' || b == b'-', |start, end| {
            if let Some(first) = bytes[start..end].iter().position(u8::is_ascii_alphabetic) {
                out.push(mk_ascii(text, lower, start + first, end));
            }
        });
        lex_all(&mut out, Some(lower));
        return out;
    }
    let mut start = None;
    let mut i = 0;
    while i < bytes.len() {
        // ASCII bytes decide alone; other characters are decoded (a token is letters, with
        // apostrophes and hyphens inside).
        let (len, letter, word) = match bytes[i] {
            b if b.is_ascii() => (1, b.is_ascii_alphabetic(), b.is_ascii_alphabetic() || b == b'\'' || b == b'-'),
            _ => {
                let c = text[i..].chars().next().unwrap_or(' ');
                (c.len_utf8(), c.is_alphabetic(), c.is_alphabetic())
            }
        };
        match (word, start) {
            (true, None) if letter => start = Some(i),
            (false, Some(s)) => {
                out.push(mk(text, lower, s, i));
                start = None;
            }
            _ => {}
        }
        i += len;
    }
    if let Some(s) = start {
        out.push(mk(text, lower, s, text.len()));
    }
    lex_all(&mut out, None);
    out
}

pub(crate) fn mk<'a>(text: &'a str, lower: &'a str, s: usize, e: usize) -> Tok<'a> {
    let end = token_end(text, s, e);
    let raw = &text[s..end];
    let low = if raw.is_ascii() {
        std::borrow::Cow::Borrowed(&lower[s..end])
    } else if !raw.chars().any(char::is_uppercase) {
        std::borrow::Cow::Borrowed(raw)
    } else {
        std::borrow::Cow::Owned(raw.to_lowercase())
    };
    Tok { start: s, end, raw, low, kind: std::cell::Cell::new(None), lex: lexicon::Entry::NONE, class: 0 }
}

/// [`mk`] for ASCII text: the lower case always borrowed.
pub(crate) fn mk_ascii<'a>(text: &'a str, lower: &'a str, s: usize, e: usize) -> Tok<'a> {
    let end = token_end(text, s, e);
    Tok { start: s, end, raw: &text[s..end], low: std::borrow::Cow::Borrowed(&lower[s..end]), kind: std::cell::Cell::new(None), lex: lexicon::Entry::NONE, class: 0 }
}

/// The end of the word `s..e` without trailing apostrophes and hyphens and a possessive "'s".
/// On bytes: both are ASCII, which no byte of a multi-byte character is.
pub(crate) fn token_end(text: &str, s: usize, e: usize) -> usize {
    let b = text.as_bytes();
    let mut end = e;
    while end > s && matches!(b[end - 1], b'\'' | b'-') {
        end -= 1;
    }
    if end - s >= 2 && b[end - 2] == b'\'' && b[end - 1] == b's' {
        end -= 2;
    }
    end
}

/// Dictionary words already looked up by this thread, across texts: a clinician's notes share
/// most of their vocabulary. Only words that are everyday English or on a clinical list are kept
/// (at most [`COMMON_MAX`]), never a word known only as a name or place, nor one in no dictionary:
/// this cache must not keep a patient's name in memory after the note is done.
pub(crate) const COMMON_MAX: usize = 50_000;
thread_local! {
    static COMMON: std::cell::RefCell<Known> = std::cell::RefCell::new(Known::with_capacity(1024));
    /// The other words of the text being tokenised: emptied before [`lex_all`] returns.
    static SEEN: std::cell::RefCell<Known> = std::cell::RefCell::new(Known::with_capacity(64));
}

/// Looks every token up in the lexicons, each distinct word once: notes repeat their words,
/// and dictionary words once per thread. (A word over 16 bytes, which no cache keys, is looked
/// up each time: there are few.) `lower` is the lower-cased text when every token's lower case
/// is borrowed from it (ASCII text): the keys are then read from it in place.
pub(crate) fn lex_all(toks: &mut [Tok], lower: Option<&str>) {
    // Words of no dictionary (names, typos, shorthand) are looked up once per text.
    COMMON.with(|common| SEEN.with(|seen| {
        let (mut common, mut seen) = (common.borrow_mut(), seen.borrow_mut());
        for t in toks.iter_mut() {
            let key = match lower {
                Some(lower) => Known::key_at(lower.as_bytes(), t.start, t.end),
                None => Known::key(&t.low),
            };
            let (lex, class) = match key.and_then(|k| common.get(k).or_else(|| seen.get(k))) {
                Some(known) => known,
                None => {
                    let e = lexicon::lookup(&t.low);
                    let known = (e, classes_of(&t.low, e));
                    if let Some(k) = key {
                        if (e.english.is_some() || e.allow != Allow::No) && common.len() < COMMON_MAX {
                            common.insert(k, known);
                        } else {
                            seen.insert(k, known);
                        }
                    }
                    known
                }
            };
            t.lex = lex;
            t.class = class;
        }
        // (Names must not outlive their text in memory.)
        seen.clear();
    }));
}

/// Per token: whether its line has no capital letter at all (a nurse typing in lower case in a
/// note that is otherwise written in mixed case).
pub(crate) fn lower_case_lines(text: &str, toks: &[Tok]) -> Vec<bool> {
    let mut out = Vec::with_capacity(toks.len());
    let (mut line_end, mut lower) = (0usize, false);
    for t in toks {
        if t.start >= line_end {
            let line_start = text[..t.start].rfind('\n').map_or(0, |p| p + 1);
            line_end = text[t.start..].find('\n').map_or(text.len(), |p| t.start + p);
            let line = &text[line_start..line_end];
            lower = !(line.bytes().any(|b| b.is_ascii_uppercase()) || (!line.is_ascii() && line.chars().any(char::is_uppercase)));
        }
        out.push(lower);
    }
    out
}

/// Whether capitalisation carries information (mixed-case prose, not ALL CAPS or all lower).
pub(crate) fn is_cased(text: &str) -> bool {
    let (mut up, mut low) = (0usize, 0usize);
    if text.is_ascii() {
        // Byte counters over chunks of 255 bytes: the compiler turns this into vector code
        // (it runs over every text once).
        for chunk in text.as_bytes().chunks(255) {
            let (mut u, mut l) = (0u8, 0u8);
            for &b in chunk {
                u += u8::from(b.wrapping_sub(b'A') < 26);
                l += u8::from(b.wrapping_sub(b'a') < 26);
            }
            up += usize::from(u);
            low += usize::from(l);
        }
    } else {
        for c in text.chars() {
            if c.is_uppercase() {
                up += 1;
            } else if c.is_lowercase() {
                low += 1;
            }
        }
    }
    up > 0 && low > 3 * up
}

/// Whether capitals stand only at the start of sentences ("Pt lives in waltham with wife."): no
/// word inside a sentence is capitalised (a word in capitals, "BP", does not count). Such a
/// writer does not capitalise place names either, so places are read as in lower-case text
/// (names keep the capitals of their first words: "Natalie woke up").
pub(crate) fn sentence_case_only(text: &str) -> bool {
    let mut words = 0usize;
    let mut sentence_start = true;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !b.is_ascii_alphabetic() {
            if matches!(b, b'.' | b'!' | b'?' | b':' | b';' | b'\n') {
                sentence_start = true;
            } else if !matches!(b, b' ' | b'\t' | b'\r' | b'"' | b'(' | b'-' | b'*') {
                sentence_start = false;
            }
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphabetic() || bytes[i] == b'\'') {
            i += 1;
        }
        words += 1;
        let w = &bytes[start..i];
        let title = w.len() >= 2 && w[0].is_ascii_uppercase() && w[1..].iter().all(|c| !c.is_ascii_uppercase());
        if title && !sentence_start {
            return false;
        }
        sentence_start = false;
    }
    words > 0
}

pub(crate) fn capitalised(t: &Tok) -> bool {
    t.raw.chars().next().is_some_and(char::is_uppercase)
}

/// "Smith", not "SMITH" or "smith".
pub(crate) fn title_case(t: &Tok) -> bool {
    capitalised(t) && t.raw.chars().skip(1).any(char::is_lowercase)
}

/// Whether the tokens from `i` on are the lower-case `words`.
pub(crate) fn spells(toks: &[Tok], i: usize, words: &[&str]) -> bool {
    toks.get(i..i + words.len()).is_some_and(|ts| ts.iter().zip(words).all(|(t, w)| t.low == *w))
}

/// Whether only spaces stand between two tokens.
pub(crate) fn only_spaces_between(text: &str, a: &Tok, b: &Tok) -> bool {
    text[a.end..b.start].bytes().all(|c| c == b' ')
}

/// Whether a pause follows `t` (".", ",", "?" or "!" after optional spaces).
pub(crate) fn pause_after(text: &str, t: &Tok) -> bool {
    text[t.end..].trim_start().starts_with(['.', ',', '?', '!'])
}

/// Whether `t` is a credential ("RN", "RRT", "MD" …).
pub(crate) fn is_credential(t: &Tok) -> bool {
    t.is(class::CREDENTIAL)
}

/// "PaCO2", "O2", "2l": letters glued to digits are units and lab names, not names.
pub(crate) fn glued_to_digit(text: &str, t: &Tok) -> bool {
    text[t.end..].starts_with(|c: char| c.is_ascii_digit()) || text[..t.start].ends_with(|c: char| c.is_ascii_digit())
}

#[cfg(test)]
mod cache_tests {
    use super::*;

    /// The cross-text word cache keeps dictionary words only: no name, no word in no dictionary.
    #[test]
    fn the_word_cache_never_keeps_a_name() {
        let text = "Seen by Dr. Alvarez with husband Milovan Quelbeck at bedside; pt resting, Lasix given.";
        let lower = text.to_ascii_lowercase();
        tokens(text, &lower);
        COMMON.with(|c| {
            let c = c.borrow();
            for name in ["alvarez", "milovan", "quelbeck"] {
                assert!(Known::key(name).and_then(|k| c.get(k)).is_none(), "{name} kept");
            }
            SEEN.with(|s| assert_eq!(s.borrow().len(), 0, "the text's other words outlived it"));
            for word in ["seen", "bedside", "lasix"] {
                assert!(Known::key(word).and_then(|k| c.get(k)).is_some(), "{word} not kept");
            }
        });
    }
}
