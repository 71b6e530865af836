//! Person names: lexicons (Census surnames, SSA/Census given names) combined with context
//! (titles, "name is", relation words, greetings), guarded by clinical allow-lists, and
//! propagated to every other mention of a tagged name in the same text.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::known::Known;
use super::lexicon::{self, Allow};
use super::{Category, Hit};

/// Words that introduce a name, and how they are explained.
const TITLES: &[&str] = &[
    "dr", "drs", "doctor", "docter", "mr", "mrs", "ms", "miss", "mister", "missus", "prof", "professor", "nurse", "rev", "reverend", "rabbi", "pastor", "fr", "imam",
];
const INTRO: &[&[&str]] = &[
    &["name", "is"],
    // "Name: Ana Ruiz", "your last name? Boyle" (only before ':' or '?', see `find`).
    &["name"],
    // "RE: Quelbeck, Zorvina" (only before ':').
    &["re"],
    &["named"],
    &["called"],
    // "only able to reach Dale", "paged Dana".
    &["reach"],
    &["reached"],
    &["paged"],
    &["page"],
    &["this", "is"],
    &["i'm"],
    &["i", "am"],
    &["seen", "by"],
    &["spoke", "with"],
    &["spoke", "to"],
    &["talked", "to"],
    &["talked", "with"],
    &["met", "with"],
    &["work", "with"],
    &["working", "with"],
    &["spoke", "w"],
    &["discussed", "with"],
    &["signed", "by"],
    &["attending"],
    &["resident"],
    &["hi"],
    &["hello"],
    &["hey"],
    &["thanks"],
    &["thank", "you"],
    &["bye"],
    &["morning"],
    &["afternoon"],
    &["evening"],
    &["welcome"],
    &["meet"],
    &["dear"],
    &["patient"],
    &["patient", "is"],
    &["next", "is"],
    // "today i'm seeing kaycin zyskowski".
    &["seeing"],
    &["okay"],
    &["ok"],
    &["alright"],
    &["so"],
];

/// Dictation headers after which the patient's (or the dictating clinician's) name follows:
/// "dictating a clinic note on Zorvina Marsh", "patient name: …", "dictated by …". "note on" and
/// "letter on" count only after a word of dictating.
const HEADERS: &[&[&str]] = &[
    &["patient", "name"],
    &["name", "of", "patient"],
    &["dictating", "on"],
    &["dictating", "for"],
    &["dictation", "on"],
    &["dictation", "for"],
    &["dictated", "by"],
    &["dictated", "for"],
    &["dictated", "on"],
    &["transcribed", "by"],
    &["note", "on"],
    &["letter", "on"],
    // "first name Zorvina", "last name is Quelbeck".
    &["first", "name"],
    &["last", "name"],
    &["middle", "name"],
    &["maiden", "name"],
];
/// Discourse words after which a given name is an address only when the sentence goes on like
/// one ("okay raymond it looks …", "so barbara i know …"), not "so metoprolol".
const VOCATIVE: &[&str] = &["okay", "ok", "alright", "so"];
const RELATIONS: &[&str] = &[
    "husband", "wife", "son", "daughter", "dtr", "mother", "father", "mom", "dad", "brother", "sister", "friend", "partner", "boyfriend",
    "girlfriend", "niece", "nephew", "aunt", "uncle", "grandson", "granddaughter", "grandmother", "grandfather", "grandma", "grandpa",
    "caregiver", "guardian", "cousin", "fiance", "fiancee", "spouse", "neighbor", "roommate", "sibling", "stepson", "stepdaughter", "hcp",
    "proxy", "sitter", "employer", "boss", "coworker", "stepmother", "stepfather", "godmother", "godfather", "godson", "goddaughter",
    // Misspellings seen in nursing notes.
    "neice", "grandaughter",
];
/// Roles of the people around a patient: the name that follows is a person's ("caseworker Leona
/// Labowich", "PCP Dr. …"). Treated like relation words.
const ROLES: &[&str] = &[
    "caseworker", "coordinator", "sw", "pcp", "surgeon", "cardiologist", "oncologist", "nephrologist", "neurologist", "therapist",
    "chaplain", "interpreter", "translator", "pharmacist", "dietitian", "nutritionist", "physician", "intern", "fellow",
    "hospitalist", "intensivist", "anesthesiologist", "radiologist", "pulmonologist", "midwife", "aide", "manager", "worker", "ho", "staff", "md",
];
/// Words that look like names in lexicons but are almost never names in notes.
const STOP: &[&str] = &[
    "the", "a", "an", "and", "or", "but", "is", "are", "was", "were", "be", "been", "to", "of", "in", "on", "at", "for", "with", "by", "from",
    "as", "it", "he", "she", "they", "we", "you", "i", "his", "her", "their", "our", "your", "my", "this", "that", "these", "those", "not",
    "no", "yes", "ok", "okay", "so", "um", "uh", "well", "here", "there", "today", "now", "then", "also", "very", "just", "all", "any",
    "some", "will", "can", "may", "might", "would", "could", "should", "have", "has", "had", "do", "does", "did", "up", "out", "over",
    "about", "into", "after", "before", "again", "still", "who", "what", "when", "where", "why", "how", "which", "if", "because", "pt",
    "patient", "doctor", "dr", "nurse", "family", "son", "daughter", "wife", "husband", "mother", "father", "md", "rn", "np", "am", "pm",
    "hi", "hello", "hey", "alright", "yeah", "yep", "thanks", "bye", "good", "morning", "afternoon", "evening", "sure", "right", "oh",
    "states", "stated", "says", "said", "reports", "reported", "aware", "present", "visited", "visiting", "called", "updated",
    "notified", "however", "given", "per", "gon", "na", "gonna", "wan", "wanna", "tell", "like", "ceo", "doc", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
];

/// The hash of every word map here: FxHash (rustc's), eight bytes per step. The maps are keyed by
/// words of notes and fixed lists, not by an adversary, so there is no flooding to defend against;
/// SipHash (std's default) was 7% of the tagger's time, byte-wise FNV-1a 2%.
pub(super) type Fast = rustc_hash::FxBuildHasher;

/// A set of words with a fast hash for short keys.
pub(super) type WordSet<'a> = HashSet<&'a str, Fast>;

/// The tokens (with their indices) that lie within bytes `start..end`.
pub(super) fn within<'a, 't>(toks: &'a [Tok<'t>], start: usize, end: usize) -> impl Iterator<Item = (usize, &'a Tok<'t>)> {
    let first = toks.partition_point(|t| t.start < start);
    toks.iter().enumerate().skip(first).take_while(move |(_, t)| t.end <= end)
}

/// Byte ranges already tagged, sorted, for a binary-search containment check.
pub(super) struct Covered(Vec<(usize, usize)>);

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

fn set<'a>(words: impl IntoIterator<Item = &'a &'static str>) -> WordSet<'static> {
    words.into_iter().copied().collect()
}

/// Whether `word` (lower case) is a function word or role word, never a name.
pub fn is_stopword(word: &str) -> bool {
    static S: OnceLock<WordSet<'static>> = OnceLock::new();
    S.get_or_init(|| set(STOP)).contains(word)
}

fn is_relation(word: &str) -> bool {
    static S: OnceLock<WordSet<'static>> = OnceLock::new();
    S.get_or_init(|| set(RELATIONS.iter().chain(ROLES))).contains(word)
}

/// Closed word classes, as bits for [`Tok::is`]. The rules ask them of every token many times;
/// a token's classes are looked up once (per distinct word of a text, see [`lex_all`]).
pub(super) mod class {
    pub const STOP: u32 = 1 << 0;
    pub const TITLE: u32 = 1 << 1;
    /// Relation and role words ("wife", "caseworker").
    pub const RELATION: u32 = 1 << 2;
    /// Verbs of moving or living somewhere ([`super::MOVES`]).
    pub const MOVE: u32 = 1 << 3;
    pub const CREDENTIAL: u32 = 1 << 4;
    /// Place prepositions ([`super::super::places::PREPS`]).
    pub const PREP: u32 = 1 << 5;
    pub const PHONE_LABEL: u32 = 1 << 6;
    pub const FACILITY_TAIL: u32 = 1 << 7;
    /// Month and weekday names.
    pub const CALENDAR: u32 = 1 << 8;
    /// A word in no dictionary ([`super::unknown_word`]).
    pub const UNKNOWN: u32 = 1 << 9;
    /// The first word of an introduction phrase ([`super::INTRO`]).
    pub const INTRO: u32 = 1 << 10;
    /// Letters only (no apostrophe or hyphen).
    pub const PLAIN: u32 = 1 << 11;
    /// Has a hyphen ("re-eval", "son-rob").
    pub const HYPHEN: u32 = 1 << 12;
    /// The first word of a hospital name made of everyday words ([`super::super::places::FACILITY_NAMES`]).
    pub const FACILITY_HEAD: u32 = 1 << 13;
    /// The first word of a dictation header ([`super::HEADERS`]).
    pub const HEADER: u32 = 1 << 14;
    /// A word a name may stand right before ([`super::before_label`]: "date of birth", "(resident)").
    pub const LABEL: u32 = 1 << 15;
    /// A word a place follows ("in", "from" …: [`super::PLACE_WORDS`]).
    pub const PLACE_WORD: u32 = 1 << 16;
    /// "family", "families".
    pub const FAMILY: u32 = 1 << 17;
    /// "leave", "leaving" (a hospital abbreviation may follow: "need to leave GH").
    pub const LEAVING: u32 = 1 << 18;
}

/// The classes of lower-case `low` with lexicon entry `lex`.
fn classes_of(low: &str, lex: lexicon::Entry) -> u32 {
    type Map = HashMap<&'static str, u32, Fast>;
    static M: OnceLock<Map> = OnceLock::new();
    let m = M.get_or_init(|| {
        let mut m = Map::default();
        let intro_starts: Vec<&'static str> = INTRO.iter().filter_map(|p| p.first().copied()).collect();
        let facility_heads: Vec<&'static str> = super::places::FACILITY_NAMES.iter().filter_map(|n| n.first().copied()).collect();
        let header_starts: Vec<&'static str> = HEADERS.iter().filter_map(|p| p.first().copied()).collect();
        let lists: [(&[&'static str], u32); 17] = [
            (STOP, class::STOP),
            (TITLES, class::TITLE),
            (RELATIONS, class::RELATION),
            (ROLES, class::RELATION),
            (MOVES, class::MOVE),
            (CREDENTIALS, class::CREDENTIAL),
            (super::places::PREPS, class::PREP),
            (PHONE_LABELS, class::PHONE_LABEL),
            (super::places::FACILITY_TAIL, class::FACILITY_TAIL),
            (super::places::CALENDAR, class::CALENDAR),
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
pub(super) fn unknown_word(t: &Tok) -> bool {
    t.is(class::UNKNOWN)
}

/// A word in no dictionary that could be a name and is no typo ([`lexicon::typo_of_word`]):
/// where context alone makes a name ("talked with Tegouzi", "the Zorvak family"), "tranplant",
/// "famil", "hsb" and "CPNCP" must not become one.
pub(super) fn unknown_name(t: &Tok) -> bool {
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

pub(super) struct Tok<'a> {
    pub start: usize,
    pub end: usize,
    pub raw: &'a str,
    /// Lower case: borrowed from the lower-cased text when the word is ASCII.
    pub low: std::borrow::Cow<'a, str>,
    /// Memo of [`contextual_name`]: the rules ask about the same token many times.
    kind: std::cell::Cell<Option<Option<&'static str>>>,
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
pub(super) fn tokens<'a>(text: &'a str, lower: &'a str) -> Vec<Tok<'a>> {
    // (Notes run about six bytes a word: a little more room than that spares a copy.)
    let mut out = Vec::with_capacity(text.len() / 5 + 8);
    let bytes = text.as_bytes();
    if text.is_ascii() {
        // Runs of letters, apostrophes and hyphens; a token starts at the run's first letter.
        super::scan::for_each_run(bytes, |b| b.is_ascii_alphabetic() || b == b'\'' || b == b'-', |start, end| {
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

fn mk<'a>(text: &'a str, lower: &'a str, s: usize, e: usize) -> Tok<'a> {
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
fn mk_ascii<'a>(text: &'a str, lower: &'a str, s: usize, e: usize) -> Tok<'a> {
    let end = token_end(text, s, e);
    Tok { start: s, end, raw: &text[s..end], low: std::borrow::Cow::Borrowed(&lower[s..end]), kind: std::cell::Cell::new(None), lex: lexicon::Entry::NONE, class: 0 }
}

/// The end of the word `s..e` without trailing apostrophes and hyphens and a possessive "'s".
/// On bytes: both are ASCII, which no byte of a multi-byte character is.
fn token_end(text: &str, s: usize, e: usize) -> usize {
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
const COMMON_MAX: usize = 50_000;
thread_local! {
    static COMMON: std::cell::RefCell<Known> = std::cell::RefCell::new(Known::with_capacity(1024));
    /// The other words of the text being tokenised: emptied before [`lex_all`] returns.
    static SEEN: std::cell::RefCell<Known> = std::cell::RefCell::new(Known::with_capacity(64));
}

/// Looks every token up in the lexicons, each distinct word once: notes repeat their words,
/// and dictionary words once per thread. (A word over 16 bytes, which no cache keys, is looked
/// up each time: there are few.) `lower` is the lower-cased text when every token's lower case
/// is borrowed from it (ASCII text): the keys are then read from it in place.
fn lex_all(toks: &mut [Tok], lower: Option<&str>) {
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
pub(super) fn lower_case_lines(text: &str, toks: &[Tok]) -> Vec<bool> {
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
pub(super) fn is_cased(text: &str) -> bool {
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
pub(super) fn sentence_case_only(text: &str) -> bool {
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

pub(super) fn capitalised(t: &Tok) -> bool {
    t.raw.chars().next().is_some_and(char::is_uppercase)
}

/// "Smith", not "SMITH" or "smith".
pub(super) fn title_case(t: &Tok) -> bool {
    capitalised(t) && t.raw.chars().skip(1).any(char::is_lowercase)
}

/// Whether the tokens from `i` on are the lower-case `words`.
pub(super) fn spells(toks: &[Tok], i: usize, words: &[&str]) -> bool {
    toks.get(i..i + words.len()).is_some_and(|ts| ts.iter().zip(words).all(|(t, w)| t.low == *w))
}

/// Whether only spaces stand between two tokens.
fn only_spaces_between(text: &str, a: &Tok, b: &Tok) -> bool {
    text[a.end..b.start].bytes().all(|c| c == b' ')
}

/// Whether a pause follows `t` (".", ",", "?" or "!" after optional spaces).
fn pause_after(text: &str, t: &Tok) -> bool {
    text[t.end..].trim_start().starts_with(['.', ',', '?', '!'])
}

/// Whether `t` is a credential ("RN", "RRT", "MD" …).
fn is_credential(t: &Tok) -> bool {
    t.is(class::CREDENTIAL)
}

/// "PaCO2", "O2", "2l": letters glued to digits are units and lab names, not names.
fn glued_to_digit(text: &str, t: &Tok) -> bool {
    text[t.end..].starts_with(|c: char| c.is_ascii_digit()) || text[..t.start].ends_with(|c: char| c.is_ascii_digit())
}

/// How name-like a token is with context already established: lexicon evidence, allow-lists.
#[inline]
fn contextual_name(t: &Tok, cased: bool) -> Option<&'static str> {
    if let Some(k) = t.kind.get() {
        return k;
    }
    let k = name_kind(t, cased);
    t.kind.set(Some(k));
    k
}

fn name_kind(t: &Tok, cased: bool) -> Option<&'static str> {
    let cap = cased && capitalised(t);
    // Most words: without capitals only the lexicons could make them a name (see below).
    if !cap && t.is(class::PLAIN) && t.lex().first < 50 && t.lex().surname < 300 {
        return None;
    }
    if t.low.len() < 2 || t.is(class::STOP | class::TITLE | class::RELATION) {
        return None;
    }
    if t.lex().allow == Allow::Clinical && !cap {
        return None;
    }
    // O'Connell, D'Angelo are names; I'm, we'll, don't are contractions. (A plain word is letters.)
    if let Some(pos) = (!t.is(class::PLAIN)).then(|| t.low.find('\'')).flatten() {
        if !(pos == 1 && (t.low.starts_with('o') || t.low.starts_with('d'))) {
            return None;
        }
    }
    let (first, last) = if t.is(class::PLAIN) {
        (t.lex().first, t.lex().surname)
    } else {
        let bare: String = t.low.chars().filter(|c| c.is_alphabetic()).collect();
        let e = lexicon::lookup(&bare);
        (e.first, e.surname)
    };
    // Without capitals to go by, the rarest lexicon entries (often ordinary words) do not count.
    let (first, last) = if cap { (first, last) } else { (if first >= 50 { first } else { 0 }, if last >= 300 { last } else { 0 }) };
    if last > 0 && first > 0 {
        Some("given-name and surname lexicons")
    } else if last > 0 {
        Some("surname lexicon")
    } else if first > 0 {
        Some("given-name lexicon")
    } else if cap {
        Some("capitalised word")
    } else {
        None
    }
}

/// In lower-case text, a common surname right after a given name: eponyms ("john bowman") and,
/// before a pause, everyday words ("bruce ward .", "betty hill , date of birth …").
fn surname_after_given(text: &str, prev: &Tok, t: &Tok) -> bool {
    let given = prev.lex().first >= 200 && prev.lex().allow == Allow::No;
    given
        && t.lex().surname >= 1000
        && !t.is(class::STOP)
        && match t.lex().allow {
            Allow::Common => t.lex().surname >= 10_000 && pause_after(text, t),
            _ => true,
        }
}

/// Lower-case "miss" is a title ("hi miss russell .", "you miss hill ?") when a surname follows
/// that is not an everyday word, or one that is but stands before a pause or after a greeting
/// ("hello miss brown ."); otherwise it is the verb ("miss a dose").
fn miss_is_title(text: &str, toks: &[Tok], i: usize) -> bool {
    let Some(n) = toks.get(i + 1) else { return false };
    // "miss o'hara", "miss d'angelo": the lexicons list such names without the apostrophe.
    if (n.low.len() > 3 && (n.low.starts_with("o'") || n.low.starts_with("d'"))) || unknown_name(n) {
        return true;
    }
    if n.lex().surname < 300 || n.lex().allow == Allow::Clinical || n.is(class::STOP) {
        return false;
    }
    let greeting = i > 0 && matches!(&*toks[i - 1].low, "hi" | "hello" | "hey" | "morning" | "afternoon" | "evening" | "seeing" | "thanks" | "you" | "day");
    (n.lex().english.is_none() && n.lex().allow == Allow::No) || pause_after(text, n) || greeting
}

/// A single letter standing for a name ("J." of "Dr. J. Patel"); not the pronoun "I" or "a".
fn is_initial(t: &Tok) -> bool {
    t.raw.len() == 1 && t.raw.bytes().all(|b| b.is_ascii_alphabetic()) && !matches!(t.raw, "I" | "i" | "a")
}

/// After "Dr", "Mr", "Mrs" … the next word is a name unless it is a function word: rare surnames
/// are missing from every lexicon, and an eponym after a title is a person ("Dr. Parkinson").
fn after_title(t: &Tok, cased: bool) -> Option<&'static str> {
    if let Some(kind) = contextual_name(t, cased) {
        return Some(kind);
    }
    let plain = t.low.len() >= 2 && t.low.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'');
    if !plain || t.is(class::STOP | class::TITLE | class::RELATION) {
        return None;
    }
    let named = t.lex().surname >= 100 || t.lex().first >= 200;
    match t.lex().allow {
        // "DR SMITH", "Dr. Parkinson": an eponym after a title is the person, a drug is not.
        Allow::Clinical => (t.lex().surname >= 1000 && t.low.len() >= 4).then_some("surname lexicon + title (eponym read as a name)"),
        Allow::Common => None,
        // "MR MODERATE" is mitral regurgitation; "DR TYRO" is a surname missing from the lexicon.
        Allow::No => (named || !t.lex().everyday()).then_some("word after a title"),
    }
}

/// After "Dr", "Drs" and "Mrs" (titles that are nothing else) even an everyday word is the name
/// ("Dr. Chose aware", "dr soap today", "MRS HELPS"), unless it says what the doctor did or is
/// ("dr made aware", "dr orders", "dr team"): surnames from every language end up here.
fn after_dr(t: &Tok, cased: bool) -> Option<&'static str> {
    const NOT_AFTER_DR: &[&str] = &[
        "made", "aware", "in", "office", "offices", "appt", "appointment", "appointments", "visit", "visits", "note", "notes", "order", "orders", "ordered",
        "team", "teams", "rounds", "staff", "house", "wants", "wanted", "feels", "felt", "thinks", "thought", "agrees", "agreed", "plans", "planned",
        "recommends", "recommended", "suggests", "suggested", "requests", "requested", "came", "come", "comes", "saw", "sees", "see", "spoke", "met",
        "calls", "following", "follows", "followed", "knows", "informed", "paged", "contacted", "consulted", "examined", "evaluated", "reviewed",
        "discussed", "explained", "changed", "increased", "decreased", "started", "stopped", "held", "placed", "removed", "ok'd", "okd", "approved",
        "on", "off", "call", "first", "last", "name", "names", "number", "said", "asked", "wrote", "writes", "signed", "left", "gave", "gives",
        "resident", "residents", "attending", "intern", "fellow", "fellows", "np", "pa", "covering", "cover", "primary", "own", "only", "never",
        "not", "yet", "already", "both", "each", "other", "others", "service", "services",
    ];
    static S: OnceLock<WordSet<'static>> = OnceLock::new();
    if S.get_or_init(|| set(NOT_AFTER_DR)).contains(&*t.low) {
        // Also when a lexicon lists it ("Orders", "Rounds" are surnames too).
        return None;
    }
    // ("dr. ng aware": a two-letter surname only if a common one.)
    let plain = (t.low.len() >= 3 || t.lex().surname >= 10_000) && t.is(class::PLAIN) && !t.is(class::STOP | class::TITLE | class::RELATION | class::CREDENTIAL | class::CALENDAR);
    after_title(t, cased).or_else(|| (plain && t.lex().allow != Allow::Clinical).then_some("word after a title"))
}

/// Lower-case "doctor" as a spoken title, like "Dr.": without an article or a possessive, after
/// words that introduce or refer to someone ("i'm doctor mode", "see doctor king in cardiology"),
/// opening a turn, or after a greeting (`Some(true)`: "thanks , doctor hill"). "the doctor will",
/// "your doctor said", "eye doctor appointment" are the noun (`None`).
fn bare_doctor(text: &str, toks: &[Tok], i: usize, cased: bool) -> Option<bool> {
    if cased || !matches!(&*toks[i].low, "doctor" | "docter") {
        return None;
    }
    let Some(prev) = i.checked_sub(1).map(|p| &toks[p]) else { return Some(false) };
    let gap = &text[prev.end..toks[i].start];
    if gap.contains(']') && !gap.contains('[') {
        return Some(false);
    }
    let greeting = matches!(&*prev.low, "thanks" | "thank" | "you" | "hi" | "hello" | "hey" | "morning" | "afternoon" | "evening" | "dear");
    if gap.contains(',') || greeting {
        return (greeting || gap.trim() == ",").then_some(true);
    }
    (only_spaces_between(text, prev, &toks[i])
        && matches!(
            &*prev.low,
            "i'm" | "im" | "am" | "is" | "it's" | "see" | "seeing" | "saw" | "seen" | "with" | "to" | "from" | "by" | "call" | "called" | "ask" | "asked" | "and"
                | "meet" | "named" | "doctor" | "uh" | "um" | "have" | "had" | "tell" | "told" | "page" | "paged" | "let"
        ))
    .then_some(false)
}

/// Whether a greeting or "seeing" comes right before token `i` ("hello , ms. brown", "i'm seeing
/// ms. hill"): then "ms." is a title, not the mental status.
fn addressed(toks: &[Tok], i: usize) -> bool {
    toks[i.saturating_sub(2)..i]
        .iter()
        .any(|w| matches!(&*w.low, "hi" | "hello" | "hey" | "seeing" | "morning" | "afternoon" | "evening" | "thanks" | "thank" | "you" | "meet" | "welcome" | "dear"))
}

/// "wanted", "following": a verb form, unless a common surname ("Reed", "Fielding").
fn verb_form(t: &Tok) -> bool {
    (t.low.ends_with("ed") || t.low.ends_with("ing")) && t.lex().surname < 5000
}

/// An ALL-CAPS word in mixed-case text that only its capitals made a name: an acronym after a
/// word that is also clinical shorthand ("MR MODERATE", "HO, TLC passed"). After a real title
/// such a word continues a name ("MR. JOHN DROSOURT is …").
fn acronym(t: &Tok, cased: bool) -> bool {
    cased && t.raw.len() > 1 && !t.raw.bytes().any(|b| b.is_ascii_lowercase()) && contextual_name(t, cased) == Some("capitalised word")
}

/// A name with no context at all must be strong evidence by itself.
fn standalone_name(text: &str, prev: Option<&Tok>, t: &Tok, next: Option<&Tok>, cased: bool) -> Option<(f32, &'static str)> {
    // A state or a country that is also a given name ("in germany and france") needs context;
    // asked only of a name found (a long match of strings, and most tokens find none).
    lexicon_evidence(text, prev, t, next, cased).filter(|_| !super::places::is_large_region(&t.low))
}

/// [`standalone_name`] before the test for states and countries.
fn lexicon_evidence(text: &str, prev: Option<&Tok>, t: &Tok, next: Option<&Tok>, cased: bool) -> Option<(f32, &'static str)> {
    if t.is(class::STOP) || t.lex().allow != Allow::No || t.low.len() < 3 {
        return None;
    }
    let first = t.lex().first;
    let last = t.lex().surname;
    // A surname right after a given name is a name even when it is also an eponym ("John
    // Smith", "Mary Parkinson"); in cased text even when it is a common word ("Mary Brown").
    // Lower-case ASR text cannot tell "john will" from a name, so common words need capitals.
    let pair_next = next.filter(|n| {
        let allow = n.lex().allow;
        n.lex().surname >= 100
            && !n.is(class::STOP)
            && match allow {
                Allow::No => true,
                // Eponyms and other clinical words only in Title Case ("John Smith", not "MAX TEMP").
                Allow::Clinical => cased && title_case(t) && title_case(n),
                Allow::Common => cased && capitalised(t) && capitalised(n),
            }
    });
    if first >= 200 && pair_next.is_some() && (!cased || (capitalised(t) && pair_next.is_some_and(capitalised))) {
        return Some((0.85, "given name followed by a surname"));
    }
    let all_caps = t.raw.chars().all(|c| !c.is_lowercase());
    if cased && capitalised(t) && !all_caps && t.low.len() > 3 && (first >= 200 || last >= 500) {
        // Sentence-initial capitals say nothing.
        let sentence_start = prev.is_none() || text[..t.start].trim_end_matches([' ', '\t']).ends_with(['\n', '.', ':', '!', '?']);
        let header = text[t.end..].trim_start_matches(' ').starts_with([':', '-']);
        // A popular given name that is no English word is a name there too ("David is …").
        let strong = first >= 1000 && t.lex().english.is_none();
        if (strong || (!sentence_start && !header)) && !glued_to_digit(text, t) {
            return Some((0.6, "capitalised word in a name lexicon"));
        }
    }
    // Lower-case text (speech recognition, lower-cased notes) cannot show a name by capitals: a
    // popular given name that is no English word, drug, abbreviation or surname-like word stands
    // on its own ("once natalie woke up"). ALL-CAPS notes keep to context: their shorthand ("MAX",
    // "NEO") collides with names too often.
    let all_lower = !cased && !t.raw.chars().any(char::is_uppercase);
    if all_lower && first >= 1000 && t.low.len() >= 3 && t.lex().english.is_none() && !glued_to_digit(text, t) {
        return Some((0.6, "given-name lexicon (lower-case text)"));
    }
    None
}

const CREDENTIALS: &[&str] = &["rn", "rrt", "md", "np", "pa", "lpn", "cna", "do", "rph", "pharmd", "msw", "licsw", "lcsw", "crnp", "cnm", "crna", "phd", "mph", "bsn", "ms", "pt", "ot", "slp", "rd", "ccrn", "crt", "cpt"];

/// If tokens from `i` are 1–3 name words or initials followed by a credential at the end of a
/// line or sentence, returns the index after the last name word.
fn signature_end(text: &str, toks: &[Tok], i: usize, cased: bool) -> Option<usize> {
    // The first word must be an initial, a name or a word in no dictionary (most tokens are none).
    let first = &toks[i];
    if !(first.raw.len() == 1 || contextual_name(first, cased).is_some() || unknown_word(first)) {
        return None;
    }
    // The credential comes two or three words on.
    if !(toks.get(i + 2).is_some_and(is_credential) || toks.get(i + 3).is_some_and(is_credential)) {
        return None;
    }
    let mut j = i;
    while j < toks.len() && j < i + 3 {
        let t = &toks[j];
        let initial = t.raw.len() == 1 && t.raw.chars().all(char::is_alphabetic);
        // "RRT" in "V. Finn, RRT" is a capitalised word too: the credential ends the name.
        if j > i && is_credential(t) {
            break;
        }
        // A first word in no dictionary counts before a name word ("jonh o'malley md": a typo).
        // A given name in no dictionary also before an initial or another such word ("Choupok W.
        // Grogrei, RRT", "dregind baipel rrt").
        let initial_next = |n: &Tok| is_initial(n) || (n.raw.len() == 1 && text[n.end..].starts_with('.'));
        let typo_first = j == i && unknown_word(t) && toks.get(j + 1).is_some_and(|n| !is_credential(n) && (initial_next(n) || unknown_word(n) || contextual_name(n, cased).is_some()));
        // After an initial, right before the credential, any word is the surname ("Crystal A.
        // Company, RRT").
        let surname_slot = j > i && toks[j - 1].raw.len() == 1 && toks.get(j + 1).is_some_and(is_credential) && t.is(class::PLAIN) && !t.is(class::STOP) && t.low.len() > 1;
        let namey = !glued_to_digit(text, t)
            && (initial || typo_first || surname_slot || contextual_name(t, cased).is_some() || (j > i && (after_title(t, cased).is_some() || unknown_word(t))));
        // Name words are separated by spaces only ("V. Finn", not "SKIN: anasarca").
        let gap_ok = j == i || {
            let gap = &text[toks[j - 1].end..t.start];
            gap.bytes().all(|b| b == b' ') || (toks[j - 1].raw.len() == 1 && gap.trim_start_matches('.').bytes().all(|b| b == b' ') && !gap.is_empty())
        };
        if !namey || !gap_ok {
            break;
        }
        j += 1;
    }
    // At least two words (first + last, or initial + last) before the credential.
    if j < i + 2 || j >= toks.len() {
        return None;
    }
    let cred = &toks[j];
    let gap = &text[toks[j - 1].end..cred.start];
    let after = text[cred.end..].chars().find(|c| !c.is_whitespace() || *c == '\n');
    let at_end = after.is_none_or(|c| matches!(c, '\n' | '.' | ',' | ';' | ')'));
    // Mid-sentence ("Anna O'Connell MD spoke with …") only for a Title Case name before an
    // upper-case credential that is nothing else (not "PT", "MS", "DO", "PA").
    let mid_sentence = cased
        && toks[i..j].iter().all(|t| title_case(t) || t.raw.len() == 1)
        && cred.raw.chars().all(|c| c.is_ascii_uppercase())
        && matches!(&*cred.low, "md" | "rn" | "rrt" | "np" | "lpn" | "msw" | "licsw" | "lcsw" | "crnp" | "phd" | "pharmd" | "cna")
        // Lower case: "md"/"rn" after a surname of no clinical use ("jonh o'malley md spoke").
        || !cased && matches!(&*cred.low, "md" | "rn") && toks[j - 1].lex().allow == Allow::No && (contextual_name(&toks[j - 1], cased).is_some() || unknown_name(&toks[j - 1]));
    // "PT", "NP", "PA", "MS", "DO", "OT" are also the patient, nasal prongs …: only after a name
    // that is certainly one (Title Case, or lexicon words that are not English).
    let ambiguous = matches!(&*cred.low, "pt" | "np" | "pa" | "ms" | "do" | "ot" | "rd" | "slp");
    let certain = toks[i..j].iter().all(|t| {
        t.raw.len() == 1
            || if cased {
                title_case(t)
            } else {
                (t.lex().first >= 200 || t.lex().surname >= 300) && t.lex().english.is_none()
            }
    });
    (is_credential(cred) && matches!(gap, " " | ", ") && (at_end || mid_sentence) && (!ambiguous || certain))
        .then_some(j)
}

/// A note signed with a bare name on its own last line ("… all is well.\nSusan", "s. roberto").
fn last_line_name(text: &str, toks: &[Tok], cased: bool) -> Option<Hit> {
    let body = text.trim_end();
    let line_start = body.rfind('\n').map_or(0, |p| p + 1);
    // Or the note's last sentence, when the name ends a line of text ("… 1400U/HR. SUSAN").
    let sentence_start = body.rfind(". ").map_or(0, |p| p + 2);
    let tail = sentence_start > line_start;
    let line_start = line_start.max(sentence_start);
    let line = &body[line_start..];
    if line_start == 0 || line.chars().count() > 40 || line.contains(|c: char| c.is_ascii_digit() || c == ':') {
        return None;
    }
    let first = toks.partition_point(|t| t.start < line_start);
    let words = &toks[first..];
    if words.is_empty() || words.len() > 3 {
        return None;
    }
    let initial = |t: &Tok| t.raw.len() == 1;
    let lead = &words[0];
    // A word in no dictionary ("… 1400U/HR. GOLUK") if it is no typo and, in mixed-case text, no
    // acronym ("Await results. CPNCP.").
    let unknown = || (!cased || title_case(lead)) && unknown_name(lead) && super::places::large_region_at(text, toks, first).is_none();
    let lead_ok = initial(lead) || (lead.lex().first >= 200 && lead.lex().allow == Allow::No && !lead.is(class::STOP)) || unknown();
    // After a sentence a closing word is more often prose ("… as above. Thanks"): no everyday word.
    let lead_ok = lead_ok && !(tail && (initial(lead) || lead.lex().everyday()));
    // After a word in no dictionary only more such words ("cont diruesis", "Cont PSV wean" are
    // shorthand).
    let rest_ok = if unknown_word(lead) && !initial(lead) {
        words.len() <= 2 && words[1..].iter().all(|t| initial(t) || unknown_name(t))
    } else {
        words[1..].iter().all(|t| initial(t) || contextual_name(t, cased).is_some() || unknown_word(t) || is_credential(t))
    };
    let name_words = words.iter().filter(|t| !is_credential(t)).count();
    // A lone initial is not a name; an initial needs a name word after it.
    let enough = !initial(lead) || words[1..].iter().any(|t| !initial(t) && !is_credential(t));
    let end = words.iter().rev().find(|t| !is_credential(t))?.end;
    (lead_ok && rest_ok && enough && name_words >= 1).then(|| name_hit(lead.start, end, 0.8, "name-signature", "given name alone on the last line (a signature)"))
}

/// Verbs of moving a patient or of where someone lives: the place after "admitted to",
/// "transferred from", "grew up in" … is a facility or town unless it is an ordinary or clinical
/// word ("the floor", "MICU", "cath lab").
const MOVES: &[&str] = &[
    "admitted", "transferred", "transfered", "transfer", "taken", "brought", "arrived", "sent", "discharged", "returned", "came",
    "seen", "followed", "went", "flown", "flighted", "med-flighted", "airlifted", "referred", "lives", "resides", "moved", "go", "going",
    "goes", "accepted", "screened", "trans", "transported", "dc'd", "d/c'd", "admit", "presented", "recieved", "received", "living",
    "residing", "born", "raised", "grew", "originally", "located", "based", "flew", "travel", "traveled", "travelled", "traveling",
    "travelling", "vacation", "vacationing", "visiting", "relocated", "stationed", "i'm",
];

fn place_after_move(text: &str, toks: &[Tok], i: usize, cased: bool) -> Option<(usize, usize)> {
    let t = &toks[i];
    if !t.is(class::MOVE) {
        return None;
    }
    let mut j = i + 1;
    // "went back to", "grew up in".
    if toks.get(j).is_some_and(|p| matches!(&*p.low, "back" | "up")) {
        j += 1;
    }
    if !toks.get(j).is_some_and(|p| matches!(&*p.low, "to" | "from" | "at" | "in" | "by" | "into")) {
        return None;
    }
    // "located at 6076 …" is an address; "located in the proximal right ureter" is anatomy.
    if t.low == "located" && toks[j].low != "at" {
        return None;
    }
    // "seen by the transplant team", "followed by zorbafoam": after these "by" names who or what,
    // a place only as an institution's acronym ("seen by NWMC nurse").
    let acronym = |w: &Tok| (2..=5).contains(&w.low.len()) && w.low.bytes().filter(|b| b"aeiou".contains(b)).count() <= 1;
    if toks[j].low == "by" && matches!(&*t.low, "seen" | "followed") && !toks.get(j + 1).is_some_and(acronym) {
        return None;
    }
    j += 1;
    if toks.get(j).is_some_and(|p| p.low == "the") {
        j += 1;
    }
    let start = j;
    while j < toks.len() && j < start + 3 {
        let w = &toks[j];
        let gap = &text[toks[j - 1].end..w.start];
        if gap.contains(['\n', ',', '.', ';', ':', '(', ')', '/']) {
            break;
        }
        // English words count only when capitalised in cased text ("Holy Cross", not "go to sleep").
        let english = w.lex().english.is_some() && !(cased && capitalised(w)) && w.lex().place == 0;
        // "step-down", "a-line", "in-line": hyphenated shorthand, unless every part is a name part.
        let hyphenated = w.is(class::HYPHEN) && !(cased && w.raw.split('-').all(|p| p.chars().next().is_some_and(char::is_uppercase)));
        // "went into diverticulitis", "go to the sphenoid sinus": no town ends like a disease, a
        // procedure or a bone.
        let clinical = ["itis", "osis", "emia", "ectomy", "otomy", "ostomy", "ology", "opathy", "algia", "oid", "plasty", "scopy"].iter().any(|e| w.low.ends_with(e));
        let ordinary = w.is(class::STOP)
            || hyphenated
            || clinical
            || english
            || w.lex().allow != Allow::No
            || w.low.len() < 2
            || matches!(&*w.low, "floor" | "unit" | "home" | "hospital" | "rehab" | "facility" | "er" | "ed" | "icu" | "lab" | "room" | "bed" | "service" | "team");
        if ordinary {
            break;
        }
        j += 1;
    }
    (j > start).then_some((start, j))
}

/// Where a name whose first word is token `from` ends: up to three name-like tokens (first,
/// middle or initial, last) within one line and clause.
fn name_end(text: &str, toks: &[Tok], from: usize, cased: bool) -> usize {
    // A name whose first word is written in lower case goes on in lower case ("dictating on john
    // doe" in a note with capitals only at sentence starts): its capitals say nothing.
    let cased = cased && toks.get(from).is_some_and(capitalised);
    let mut end = from;
    while end < toks.len() && end < from + 3 {
        let t = &toks[end];
        // "teresa i don't": the pronoun is no initial.
        let initial = t.raw.len() == 1 && t.raw.chars().all(char::is_alphabetic) && end > from && t.raw != "i";
        // Later words need more than the lexicon ("Dr. Smith saw …": Saw is a surname too).
        // The caller has established the first word; later words must be names themselves.
        let continues = end == from
            || if cased {
                capitalised(t) && contextual_name(t, cased).is_some()
            } else {
                (contextual_name(t, cased).is_some() && t.lex().allow == Allow::No && t.lex().surname.max(t.lex().first) >= 500)
                    || unknown_word(t)
                    || surname_after_given(text, &toks[end - 1], t)
                    // "dr bernard halfpenny": a surname that is no everyday word, after a given name.
                    || (t.lex().surname > 0 && !t.lex().everyday() && t.lex().allow != Allow::Clinical && !t.is(class::STOP) && toks[end - 1].lex().first >= 50)
            };
        if !continues && !initial {
            break;
        }
        if end > from {
            let gap = &text[toks[end - 1].end..t.start];
            let after_initial = toks[end - 1].raw.len() == 1;
            if gap.contains(['\n', ',', ';', ':', '(', ')']) || (gap.contains('.') && !after_initial) {
                break;
            }
        }
        end += 1;
    }
    end
}

/// Finds names in `text`, adding them to `hits`. `lower_lines` is [`lower_case_lines`].
pub fn find(text: &str, toks: &[Tok], cased: bool, lower_lines: &[bool], hits: &mut Vec<Hit>) {
    let mut found: Vec<Hit> = Vec::with_capacity(16);
    // The reason is written out only for a name found.
    let push = |found: &mut Vec<Hit>, toks: &[Tok], from: usize, score: f32, why: std::fmt::Arguments<'_>, cased: bool| {
        let end = name_end(text, toks, from, cased);
        if end > from {
            found.push(name_hit(toks[from].start, toks[end - 1].end, score, "name-context", why.to_string()));
        }
        end
    };
    let doc_cased = cased;
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        // A line typed all in lower case inside a mixed-case note is read as lower-case text.
        let cased = doc_cased && !lower_lines[i];
        // Most tokens can start no rule below: no cue word, no name evidence, not an initial or
        // a word in no dictionary.
        // A word with no name evidence of its own can still be a surname before "family" (which
        // asks for a lower count), start "both X and Y" or a state after "in".
        let cue = t.is(class::TITLE | class::RELATION | class::INTRO | class::MOVE | class::HYPHEN | class::HEADER);
        let other_use = || t.low == "both" || after_place_word(toks, i) || family_next(text, toks, i);
        if !cue && t.raw.len() > 1 && !unknown_word(t) && contextual_name(t, cased).is_none() && (t.lex().surname < 100 || !other_use()) {
            i += 1;
            continue;
        }
        let mut matched = false;
        // "[doctor]" is a speaker label in transcripts, not a title.
        let label = text[t.end..].starts_with(']');
        // "MS" is also multiple sclerosis or mental status: a title only as "Ms"/"Miss" in prose.
        let ambiguous = matches!(&*t.low, "ms" | "miss")
            && !(cased && t.raw.starts_with('M') && t.raw[1..].chars().all(char::is_lowercase))
            && (cased || !text[t.end..].starts_with('.'))
            && !(t.low == "miss" && !cased && miss_is_title(text, toks, i))
            // "Fr. Murphy" is a priest; "14 fr foley" a catheter size.
            || t.low == "fr" && (text[..t.start].trim_end().ends_with(|c: char| c.is_ascii_digit()) || !text[t.end..].starts_with('.'));
        // "Dr. X", "Drs' X and Y".
        let title_gap_ok = || toks.get(i + 1).is_some_and(|n| text[t.end..n.start].bytes().all(|b| matches!(b, b' ' | b'.' | b'\'')));
        if t.is(class::TITLE) && !label && !ambiguous && title_gap_ok() {
            // Abbreviated titles (and "mister", "missus") are only ever titles; "doctor" and "nurse" are
            // also plain nouns ("the doctor recommended"), so after them the lexicon must agree.
            let abbreviated = matches!(&*t.low, "dr" | "drs" | "mr" | "mrs" | "ms" | "miss" | "prof" | "rev" | "fr" | "mister" | "missus");
            // "Dr. J. Patel", "dr a b okafor": up to two initials between the title and the name.
            let mut first = i + 1;
            while abbreviated && first < i + 3 && is_initial(&toks[first]) && toks.get(first + 1).is_some_and(|n| text[toks[first].end..n.start].bytes().all(|b| matches!(b, b' ' | b'.'))) {
                first += 1;
            }
            if let Some(kind) = (first > i + 1).then(|| after_title(&toks[first], cased)).flatten() {
                let end = push(&mut found, toks, first, 0.95, format_args!("{kind} + initials + title '{}'", t.raw), cased);
                if let Some(h) = found.last_mut().filter(|_| end > first) {
                    h.start = toks[i + 1].start;
                }
                i = end.max(i + 1);
                continue;
            }
            // "Mr." and "Ms." with their full stop, before a word that ends a phrase, are titles like
            // "Dr" ("are you mr. soap ?", "ms. grumbling is a 43 year old"); "MR MODERATE" and "ms.
            // improving" (mental status) are not.
            let ends_phrase = |n: &Tok| {
                let rest = text[n.end..].trim_start_matches(' ');
                // Before a pause after "ms." only a known or possible name ("neuro: ms. intact.").
                let name_like = t.low == "mr" || ((n.lex().surname >= 100 || n.lex().first >= 200) && !n.lex().everyday()) || unknown_name(n);
                (!verb_form(n) && name_like && rest.starts_with(['.', ',', '?', '!'])) || rest.get(..5).is_some_and(|w| w.eq_ignore_ascii_case("is a "))
            };
            let dr = matches!(&*t.low, "dr" | "drs" | "mrs")
                || (matches!(&*t.low, "mr" | "ms") && text[t.end..].starts_with('.') && toks.get(i + 1).is_some_and(ends_phrase));
            // ("Rabbi talks with pt": the name after a spelled-out title is capitalised in mixed-case
            // text, and no everyday word in lower case.)
            let kind = if abbreviated {
                // ("MR MODERATE"; and in lower case "ms. clear" is the mental status.)
                let shorthand = (matches!(&*t.low, "mr" | "ms") && !text[t.end..].starts_with('.') && acronym(&toks[i + 1], cased))
                    || (t.low == "ms" && !cased && toks[i + 1].lex().everyday() && !addressed(toks, i));
                if dr {
                    after_dr(&toks[i + 1], cased)
                } else {
                    after_title(&toks[i + 1], cased).filter(|_| !shorthand)
                }
            } else if let Some(greeted) = bare_doctor(text, toks, i, cased) {
                // After a greeting the talk goes on ("hi doctor nice to meet you"): an everyday
                // word there is a name only when set off or followed by more greeting.
                let n = &toks[i + 1];
                let set_off = || {
                    n.lex().english.is_none()
                        || pause_after(text, n)
                        || toks.get(i + 2).is_some_and(|w| matches!(&*w.low, "how" | "i" | "i'm" | "good" | "nice" | "it's" | "thanks" | "thank"))
                };
                let name_like = || n.lex().surname >= 100 || n.lex().first >= 200 || unknown_word(n);
                after_dr(n, cased).filter(|_| !verb_form(n) && (!greeted || (name_like() && set_off())))
            } else {
                let n = &toks[i + 1];
                let plain_word = n.lex().everyday() && !(n.lex().first >= 1000 && n.lex().allow == Allow::No);
                contextual_name(n, cased).filter(|_| if cased { capitalised(n) } else { !plain_word }).or_else(|| {
                    // "this is doctor Quelbeck dictating", "nurse ratched gave meds": a surname
                    // missing from the lexicons (in mixed case, capitals decide above).
                    let dictating = toks.get(i + 2).is_some_and(|d| d.low.starts_with("dictat"));
                    ((dictating || !cased) && unknown_word(n)).then_some("word in no dictionary")
                })
            };
            // "dr. art black": a given name that is also clinical shorthand, before a surname.
            let pair = kind.is_none()
                && abbreviated
                && toks.get(i + 2).is_some_and(|last| {
                    let given = &toks[i + 1];
                    given.lex().first >= 200
                        && last.lex().surname >= 1000
                        && last.lex().allow != Allow::Clinical
                        && !last.is(class::STOP)
                        && text[given.end..last.start] == *" "
                });
            if pair {
                let why = format!("given name and surname + title '{}'", t.raw);
                found.push(name_hit(toks[i + 1].start, toks[i + 2].end, 0.9, "name-context", why));
                i += 3;
                continue;
            }
            if let Some(kind) = kind {
                let mut end = push(&mut found, toks, i + 1, 0.95, format_args!("{kind} + title '{}'", t.raw), cased);
                // "dr. wolf beam (his pcp)", "mr. wade porch is …": after a title and a given name a
                // surname that is also a word ends the name, unless it says what the doctor did.
                let given = toks[i + 1].lex();
                if end == i + 2 && abbreviated && given.first >= 200 {
                    if let Some(last) = toks.get(end).filter(|n| {
                        // (Not the commonest words: "mr. walker overall".)
                        n.lex().surname >= 300
                            && n.lex().english.is_none_or(|size| size > 10)
                            && !verb_form(n)
                            && (!cased || capitalised(n))
                            && only_spaces_between(text, &toks[end - 1], n)
                            && after_dr(n, cased).is_some()
                    }) {
                        if let Some(h) = found.last_mut() {
                            h.end = last.end;
                        }
                        end += 1;
                    }
                }
                // "Drs. Ballou and Dutter": a plural title names two people.
                let and = toks.get(end).filter(|a| a.low == "and" && only_spaces_between(text, &toks[end - 1], a));
                if let (true, Some(_), Some(next)) = (dr, and, toks.get(end + 1)) {
                    // After "Dr. Corey and": another doctor when capitalised, or when both are said
                    // to be aware, paged … ("dr. donovan and scraper aware").
                    let both = (cased && capitalised(next)) || toks.get(end + 2).is_some_and(|v| matches!(&*v.low, "aware" | "notified" | "paged" | "informed" | "updated" | "made" | "called" | "present" | "spoke" | "met"));
                    let kind = if t.low == "drs" || both { after_dr(next, cased) } else { None };
                    if let Some(kind) = kind.filter(|_| only_spaces_between(text, &toks[end], next)) {
                        end = push(&mut found, toks, end + 1, 0.9, format_args!("{kind} + title '{}' … 'and'", t.raw), cased);
                    }
                }
                i = end.max(i + 1);
                continue;
            }
        }
        // "brother in law Frank": the relation word ends after "in law".
        let rel_end = if t.is(class::RELATION) && spells(toks, i + 1, &["in", "law"]) { i + 2 } else { i };
        // "wife: Donna", "son (Mike)".
        let relation_gap_ok = || toks.get(rel_end + 1).is_some_and(|n| text[toks[rel_end].end..n.start].bytes().all(|b| matches!(b, b' ' | b',' | b':' | b'(')));
        // "SOCIAL-daughter Lou": a heading glued to the relation word by a hyphen.
        let relation = if t.is(class::HYPHEN) { t.low.rsplit('-').next().is_some_and(is_relation) } else { t.is(class::RELATION) };
        if relation && relation_gap_ok() {
            let next = &toks[rel_end + 1];
            // "son via", "daughter's wedding": an everyday word needs a popular given name ("Will"),
            // or to be set off by commas as a name is ("my husband , will .").
            let set_off = text[toks[rel_end].end..next.start].contains(',') && pause_after(text, next);
            let everyday = next.lex().everyday() && next.lex().first < 1000 && !(cased && capitalised(next));
            // "son lock arrived", "daughter envy notified": a name that is also a word, between a
            // relation word and what the person did (not "son via", "wife home").
            // (Or the person's phone number: "son caress 285-482-5518".)
            let number_next = text[next.end..].trim_start_matches(' ').starts_with(|c: char| c.is_ascii_digit() || c == '(');
            let acts = number_next || toks.get(rel_end + 2).is_some_and(|v| {
                only_spaces_between(text, next, v)
                    && matches!(
                        &*v.low,
                        "called" | "arrived" | "visited" | "notified" | "updated" | "aware" | "states" | "stated" | "said" | "phoned" | "came" | "left" | "spoke" | "asked"
                            | "wants" | "agrees" | "was" | "is" | "has" | "does" | "did" | "will" | "who" | "paged" | "contacted" | "informed" | "consulted"
                            | "ordered" | "recommended" | "requested" | "examined" | "evaluated" | "saw" | "wrote"
                    )
            });
            let adverb = next.low.ends_with("ly")
                || matches!(&*next.low, "home" | "back" | "later" | "earlier" | "first" | "again" | "too" | "tonight" | "yesterday" | "last" | "never" | "only" | "finally" | "once" | "twice");
            let named_word = (next.lex().first >= 50 || next.lex().surname >= 300) && next.lex().allow != Allow::Clinical && !next.is(class::STOP) && next.is(class::PLAIN) && !adverb;
            let kind = if set_off && next.lex().first >= 200 && next.lex().allow != Allow::Clinical {
                Some("given-name lexicon, set off after a relation word")
            } else if acts && named_word && everyday {
                Some("name lexicon, between a relation word and a verb")
            } else if acts && next.lex().allow == Allow::Clinical && (next.lex().first >= 200 || next.lex().surname >= 1000) && next.is(class::PLAIN) && !adverb {
                // "oldest son barrett was in": a name that is also an eponym.
                Some("name lexicon (an eponym too), between a relation word and a verb")
            } else if everyday || glued_to_digit(text, next) {
                None
            } else {
                contextual_name(next, cased).filter(|_| !acronym(next, cased)).or_else(|| (unknown_word(next) && (!cased || capitalised(next))).then_some("word in no dictionary"))
            };
            if let Some(kind) = kind {
                let end = push(&mut found, toks, rel_end + 1, 0.9, format_args!("{kind} after relation word '{}'", t.raw), cased);
                i = end.max(rel_end + 1);
                continue;
            }
            // "son zoltan-who states …": a given name glued by a hyphen to the next word.
            if let Some((name, rest)) = next.low.split_once('-') {
                let given = lexicon::lookup(name);
                let unknown = name.len() >= 4 && given.english.is_none() && given.allow == Allow::No && !lexicon::typo_of_word(name);
                if (given.first >= 200 || unknown) && given.allow != Allow::Clinical && is_stopword(rest) {
                    let end = next.start + name.len();
                    found.push(name_hit(next.start, end, 0.85, "name-context", format!("given-name lexicon after relation word '{}'", t.raw)));
                    i = rel_end + 2;
                    continue;
                }
            }
        }
        if let Some((from, end, phrase)) = header_name(text, toks, i, cased) {
            found.push(name_hit(toks[from].start, toks[end - 1].end, 0.9, "name-context", format!("name after '{}'", phrase.join(" "))));
            i = end;
            continue;
        }
        // "[patient] lovely .": a speaker label introduces nobody.
        let intros: &[&[&str]] = if t.is(class::INTRO) && !label { intros_of(&t.low) } else { &[] };
        for phrase in intros {
            let n = phrase.len();
            if i + n < toks.len() && spells(toks, i, phrase) {
                let cand = &toks[i + n];
                let gap = &text[toks[i + n - 1].end..cand.start];
                let gap_ok = !gap.contains(['\n', '.', ';']) && (!matches!(phrase, [p] if *p == "name" || *p == "re") || matches!(gap.trim(), ":" | "?"));
                // "Patient: Quelbeck, Zorvina", "RE: …", "Name: …": a header.
                let header = gap.trim() == ":" && n == 1 && matches!(phrase[0], "patient" | "re" | "name");
                // After a greeting or "patient", a plain English word is not a name.
                let vocative_ok = !(n == 1 && VOCATIVE.contains(&phrase[0]))
                    || pause_after(text, cand)
                    || toks.get(i + n + 1).is_some_and(|w| matches!(&*w.low, "i" | "it" | "you" | "we" | "so" | "how" | "let's" | "and" | "can" | "good" | "nice" | "great"));
                let dialogue = matches!(phrase[0], "patient" | "next" | "okay" | "ok" | "alright" | "so" | "seeing");
                // A popular given name that is also a word ("grace", "ray", "hope") is a name when
                // it is set off as an address ("so , grace ,", "hi bill ,") or a surname follows
                // ("patient is penny lane").
                let popular = popular_given(cand);
                let surname_next = toks.get(i + n + 1).is_some_and(|w| {
                    w.lex().surname >= 1000 && w.lex().allow != Allow::Clinical && !w.is(class::STOP) && text[cand.end..w.start] == *" "
                });
                // ("so long ." is no address: after "so" the name is set off on both sides.)
                let greeting = matches!(phrase[0], "hi" | "hello" | "hey" | "morning" | "afternoon" | "evening" | "thanks" | "thank" | "bye" | "welcome");
                // After a greeting the greeting goes on ("hi gene how are you", "hey amber good to see you").
                let greeting_goes_on = greeting
                    && toks.get(i + n + 1).is_some_and(|w| matches!(&*w.low, "how" | "how're" | "how's" | "good" | "nice" | "great" | "it's" | "i'm" | "welcome" | "thanks" | "what's"));
                let set_off = popular && (pause_after(text, cand) || surname_next || greeting_goes_on) && (phrase[0] != "so" || gap.contains(','));
                let given_ok = !dialogue || header || (cand.lex().first >= 200 && !cand.lex().everyday()) || set_off;
                // A name that is also a word ("Rob", "Will") counts capitalised in mixed-case text,
                // and in lower case when set off after a greeting, in dialogue or after a verb of
                // reaching someone ("only able to reach rob..").
                let reaching = matches!(phrase[0], "reach" | "reached" | "paged" | "page" | "spoke" | "talked" | "met");
                // ("Name: Smith, John": after a name header an eponym is the person.)
                let eponym_named = header && phrase[0] != "re" && cand.lex().allow == Allow::Clinical && cand.lex().surname >= 1000;
                let allow_ok = cand.lex().allow == Allow::No
                    || eponym_named
                    || (cased && capitalised(cand) && cand.lex().allow == Allow::Common && cand.lex().first >= 200)
                    || ((dialogue || greeting || reaching) && set_off);
                // After a verb of reaching someone ("spoke with", "paged", "reach") a word in no
                // dictionary is a name the lexicons lack ("talked with Tegouzi from case management").
                // So after a greeting or "patient is" ("hi adysun ,", "next patient is azyah villafana").
                let verb = reaching
                    || matches!(phrase[0], "work" | "working" | "discussed" | "seen" | "signed" | "seeing" | "next")
                    || phrase == &["patient", "is"]
                    || header
                    // "so stoutobart i know …", "okay feikodouk it looks …" (see `vocative_ok`).
                    || (n == 1 && VOCATIVE.contains(&phrase[0]))
                    || greeting;
                // (Asked only when the lexicons said nothing: the typo test costs microseconds.)
                // In a greeting that goes on as one ("hi truches how are you", "hello moufous ,") a
                // word in no dictionary is a name even when it looks like a typo or jargon: speech
                // recognition writes words it knows, and nobody greets a misspelling.
                // The same in a dictation's "next is vuches stivu , date of birth …" when the name
                // ends at a pause.
                let introduced = matches!(phrase[0], "next" | "seeing") || phrase == &["patient", "is"];
                let greeted_unknown = || {
                    let set_off = if greeting {
                        greeting_goes_on || pause_after(text, cand)
                    } else {
                        introduced && (pause_after(text, cand) || toks.get(i + n + 1).is_some_and(|w| unknown_word(w) && pause_after(text, w)))
                    };
                    set_off && unknown_word(cand) && cand.low.len() >= 3 && !cand.is(class::CALENDAR)
                };
                let reached = || verb && (!cased || title_case(cand)) && !glued_to_digit(text, cand) && (unknown_name(cand) || greeted_unknown());
                // A popular given name that is also an eponym, greeted ("hey douglas", "hi addison").
                let greeted = matches!(phrase[0], "hi" | "hello" | "hey") && cand.low.len() >= 4 && cand.lex().first >= 1000 && cand.lex().allow == Allow::Clinical && cand.lex().surname > 0;
                if gap_ok && vocative_ok {
                    let kind = contextual_name(cand, cased)
                        .filter(|_| given_ok && allow_ok)
                        .or_else(|| reached().then_some("word in no dictionary"))
                        .or_else(|| greeted.then_some("given-name lexicon (an eponym too)"));
                    let Some(kind) = kind else { continue };
                    let mut end = push(&mut found, toks, i + n, 0.9, format_args!("{kind} after '{}'", phrase.join(" ")), cased);
                    // "Quelbeck, Zorvina": a header writes the surname first.
                    if let Some(first) = toks.get(end).filter(|f| header && end == i + n + 1 && text[toks[end - 1].end..f.start] == *", ") {
                        if contextual_name(first, cased).is_some() || unknown_name(first) {
                            if let Some(h) = found.last_mut() {
                                h.end = first.end;
                            }
                            end += 1;
                        }
                    }
                    i = end;
                    matched = true;
                    break;
                }
            }
        }
        if matched {
            continue;
        }
        // "lives in California", "went to florida", "grew up in Haiti": a state or a country is
        // no identifier, neither as a place nor as a name ("Florida" is also a given name).
        if let Some(n) = after_place_word(toks, i).then(|| super::places::large_region_at(text, toks, i)).flatten() {
            i += n;
            continue;
        }
        if let Some((a, b)) = place_after_move(text, toks, i, cased).filter(|&(a, _)| super::places::large_region_at(text, toks, a).is_none()) {
            found.push(Hit {
                start: toks[a].start,
                end: toks[b - 1].end,
                category: Category::Location,
                score: 0.75,
                rule: "place-context",
                why: format!("place after '{} {}'", t.raw, toks[i + 1].raw).into(),
            });
            i = b;
            continue;
        }
        // "Both Dreibros and Trurt are his proxies": two words in no dictionary (or names that are
        // no everyday words) joined after "both".
        if t.low == "both" && toks.get(i + 2).is_some_and(|a| a.low == "and") && i + 3 < toks.len() {
            let namey = |t: &Tok| (lexicon_name(t) || unknown_name(t)) && !t.is(class::STOP) && (!cased || capitalised(t));
            let spaced = toks[i..i + 4].windows(2).all(|w| only_spaces_between(text, &w[0], &w[1]));
            if spaced && namey(&toks[i + 1]) && namey(&toks[i + 3]) {
                for k in [i + 1, i + 3] {
                    found.push(name_hit(toks[k].start, toks[k].end, 0.85, "name-context", "two names joined after 'both'"));
                }
                i += 4;
                continue;
            }
        }
        // Signatures: "Edward C. Jones, RRT", "V. Finn, RN", "Andrew O'Connell MD".
        if let Some(end) = signature_end(text, toks, i, cased) {
            found.push(name_hit(t.start, toks[end - 1].end, 0.9, "name-signature", "name before a credential (RN, RRT, MD …)"));
            i = end;
            continue;
        }
        // "<name> is a 62-year-old …": how notes and dictations introduce the patient.
        let says_is = || {
            let after = text[t.end..].trim_start().as_bytes();
            after.get(..3).is_some_and(|b| b.eq_ignore_ascii_case(b"is ")) || after.get(..4).is_some_and(|b| b.eq_ignore_ascii_case(b"was "))
        };
        // ("zhariah is a 46-year-old": the phrase is plain enough that even a word a slip away from
        // an English one is taken.)
        let kind = contextual_name(t, cased).or_else(|| (unknown_word(t) && t.low.len() >= 3).then_some("word in no dictionary")).filter(|_| says_is());
        if let Some(kind) = kind {
            let rest: String = text[t.end..].chars().take(40).collect::<String>().to_ascii_lowercase();
            let rest = rest.trim_start();
            let intro = ["is a ", "is an ", "was a ", "is a pleasant ", "is an pleasant "].iter().find_map(|p| rest.strip_prefix(p));
            // A popular given name that is also a word ("miles is a 34-year-old"), or a surname that
            // is one after a given name ("holly rice is a 45-year-old").
            let after_given = || {
                t.lex().surname >= 100
                    && i.checked_sub(1).map(|p| &toks[p]).is_some_and(|p| {
                        p.lex().first >= 200 && p.lex().allow != Allow::Clinical && !p.is(class::STOP | class::TITLE) && text[p.end..t.start] == *" "
                    })
            };
            if (t.lex().allow == Allow::No || (t.lex().allow == Allow::Common && (t.lex().first >= 1000 || after_given())))
                && intro.is_some_and(|r| {
                    let r = r.trim_start_matches("pleasant ").trim_start_matches("very ");
                    r.chars().next().is_some_and(|c| c.is_ascii_digit()) && ["year", "month", "week", "day"].iter().any(|u| r.contains(u))
                })
            {
                // "tegrol baimoukrouk is a 45-year-old": a given name before it ends no sentence.
                let given = i.checked_sub(1).map(|p| &toks[p]).filter(|p| {
                    only_spaces_between(text, p, t)
                        && found.last().is_none_or(|h| h.end <= p.start)
                        && !p.is(class::STOP | class::TITLE | class::RELATION)
                        && (unknown_word(p) || (p.lex().first >= 50 && p.lex().allow != Allow::Clinical))
                });
                found.push(name_hit(given.map_or(t.start, |p| p.start), t.end, 0.9, "name-context", format!("{kind} + 'is a … year-old'")));
                i += 1;
                continue;
            }
        }
        // "the Romero family": a surname before "family".
        if family_next(text, toks, i)
            && (t.lex().surname >= 100 || (t.low.len() >= 4 && (!cased || title_case(t)) && unknown_name(t)))
            && !t.is(class::STOP)
            && (t.lex().allow == Allow::No || (cased && title_case(t)))
        {
            let why = if t.lex().surname < 100 { "word in no dictionary + 'family'" } else { "surname lexicon + 'family'" };
            found.push(name_hit(t.start, t.end, 0.85, "name-context", why));
            i += 1;
            continue;
        }
        // A given name and surname are written with only spaces (or a comma, "Smith, John")
        // between them: not across a full stop, a number or a line break ("Neo. Hold", "MAX 100 PO").
        let next = toks.get(i + 1).filter(|n| {
            let gap = &text.as_bytes()[t.end..n.start];
            gap.iter().all(|&b| matches!(b, b' ' | b'\t' | b',')) && gap.iter().filter(|&&b| b == b',').count() <= 1
        });
        if let Some((score, why)) = standalone_name(text, i.checked_sub(1).map(|p| &toks[p]), t, next, cased) {
            // "mary theresa zorvak": the name goes on with names and words in no dictionary.
            let end = if why.contains("followed by") { i + 2 } else { name_end(text, toks, i, cased) };
            found.push(name_hit(t.start, toks[end - 1].end, score, "name-lexicon", why));
            i = end;
            continue;
        }
        i += 1;
    }
    found.extend(last_line_name(text, toks, cased));
    // (A surname that is also an everyday word is not looked for elsewhere: "e/d fair".)
    let everyday_surnames = if cased { Vec::new() } else { surname_before_pause(text, toks, &mut found) };
    // Every other mention of a name found with context is the same person.
    let mut names: WordSet = WordSet::default();
    // One bit per (length, first letter) of the names: most tokens are told apart without hashing.
    let sketch = |w: &str| 1u64 << ((w.len() * 7 + usize::from(w.as_bytes().first().copied().unwrap_or(0))) % 64);
    let mut filter = 0u64;
    for h in found.iter().filter(|h| h.score >= 0.85) {
        for (_, w) in within(toks, h.start, h.end) {
            if w.low.len() > 1 && w.lex().allow != Allow::Clinical && !w.is(class::STOP | class::CREDENTIAL) && !everyday_surnames.contains(&w.start) {
                names.insert(&w.low);
                filter |= sketch(&w.low);
            }
        }
    }
    if !names.is_empty() {
        let covered = Covered::new(found.iter().map(|h| (h.start, h.end)));
        for t in toks {
            // A repeat that is also an everyday word ("mask", "chest") counts only capitalised.
            if filter & sketch(&t.low) == 0 || !names.contains(&*t.low) {
                continue;
            }
            let everyday = t.lex().everyday()
                && t.lex().surname < 300
                && t.lex().first < 200
                && !(cased && capitalised(t));
            if !everyday && !covered.inside(t.start, t.end) {
                found.push(name_hit(t.start, t.end, 0.8, "name-repeat", "same name as tagged elsewhere in this text"));
            }
        }
    }
    hits.extend(found);
}

/// "dictating on marg french .", "patient is crystal farmer .": in lower case a surname that is
/// also a word ends a one-word given name found by context when the phrase ends after it (a
/// pause, or "is a"). The context established the given name; a name at the end of a clause goes
/// on with its surname far more often than with a word.
///
/// Returns where the surnames that are everyday words begin.
fn surname_before_pause(text: &str, toks: &[Tok], found: &mut [Hit]) -> Vec<usize> {
    let mut everyday = Vec::new();
    for h in found.iter_mut().filter(|h| h.category == Category::Name && h.score >= 0.85 && h.rule == "name-context") {
        let k = toks.partition_point(|t| t.start < h.end);
        let (Some(given), Some(last)) = (k.checked_sub(1).map(|g| &toks[g]), toks.get(k)) else { continue };
        // One given name: not one word after a title ("mrs brucer fair ." names her by her
        // surname, and says how she is).
        let titled = k >= 2 && toks[k - 2].is(class::TITLE);
        if given.start != h.start || titled || !(given.lex().first >= 200 || unknown_word(given)) || text[given.end..last.start] != *" " {
            continue;
        }
        let rest = text[last.end..].trim_start_matches(' ');
        let ends = rest.is_empty() || rest.starts_with(['.', ',', '?', '!', '\n']) || rest.starts_with("is a ") || rest.starts_with("was a ");
        let surname = last.lex().surname >= 100 && !last.is(class::STOP | class::TITLE | class::RELATION | class::CALENDAR) && !verb_form(last);
        if ends && surname && (last.lex().allow != Allow::Clinical || last.lex().surname >= 1000) {
            h.end = last.end;
            if last.lex().everyday() {
                everyday.push(last.start);
            }
        }
    }
    everyday
}

/// The [`INTRO`] phrases that begin with `word`, in their order.
fn intros_of(word: &str) -> &'static [&'static [&'static str]] {
    static M: OnceLock<HashMap<&'static str, Vec<&'static [&'static str]>, Fast>> = OnceLock::new();
    let m = M.get_or_init(|| {
        let mut m: HashMap<&'static str, Vec<&'static [&'static str]>, Fast> = HashMap::default();
        for &p in INTRO {
            if let Some(&first) = p.first() {
                m.entry(first).or_default().push(p);
            }
        }
        m
    });
    m.get(word).map_or(&[], Vec::as_slice)
}

/// The words [`before_label`] reads a name before, besides relation words, credentials and
/// phone labels.
const LABELS: &[&str] = &["date", "dob", "medical", "mrn", "from", "resident", "attending"];

/// The words a place follows ("lives in California").
const PLACE_WORDS: &[&str] = &["in", "to", "from", "at", "near", "of", "visiting", "outside"];

/// Whether token `i` follows a word that places ([`PLACE_WORDS`]).
fn after_place_word(toks: &[Tok], i: usize) -> bool {
    i > 0 && toks[i - 1].is(class::PLACE_WORD)
}

/// Whether "family" follows token `i` ("the Romero family").
fn family_next(text: &str, toks: &[Tok], i: usize) -> bool {
    toks.get(i + 1).is_some_and(|n| n.is(class::FAMILY) && text[toks[i].end..n.start] == *" ")
}

/// The name after a dictation header starting at token `i` ([`HEADERS`]): its token range and
/// the header. The name may be a word in no dictionary ("dictating on Zorvina Marsh").
fn header_name(text: &str, toks: &[Tok], i: usize, cased: bool) -> Option<(usize, usize, &'static [&'static str])> {
    if !toks[i].is(class::HEADER) {
        return None;
    }
    let phrase = HEADERS.iter().find(|p| {
        i + p.len() < toks.len()
            && spells(toks, i, p)
            && toks[i..i + p.len()].windows(2).all(|w| only_spaces_between(text, &w[0], &w[1]))
    })?;
    // "note on", "letter on": only in a dictation ("dictating a clinic note on …").
    if matches!(phrase[0], "note" | "letter") && !toks[i.saturating_sub(4)..i].iter().any(|t| t.low.starts_with("dictat")) {
        return None;
    }
    let mut c = i + phrase.len();
    // "dictating on patient Zorvina Marsh", "patient name is …".
    while toks.get(c).is_some_and(|t| matches!(&*t.low, "patient" | "is" | "of" | "mr" | "mrs" | "ms")) && c < i + phrase.len() + 2 {
        c += 1;
    }
    let cand = toks.get(c)?;
    let gap = &text[toks[c - 1].end..cand.start];
    let plain = !gap.contains(['\n', '.', ';']) && !glued_to_digit(text, cand) && cand.low.len() >= 2;
    let namey = contextual_name(cand, cased).is_some() || unknown_word(cand);
    if !plain || !namey || cand.is(class::STOP | class::TITLE | class::RELATION) || cand.lex().allow == Allow::Clinical {
        return None;
    }
    Some((c, name_end(text, toks, c, cased), phrase))
}

/// A name found in `start..end` (like `places::hit` for places).
fn name_hit(start: usize, end: usize, score: f32, rule: &'static str, why: impl Into<std::borrow::Cow<'static, str>>) -> Hit {
    Hit { start, end, category: Category::Name, score, rule, why: why.into() }
}

/// A given name or surname of some currency that is no everyday word and on no clinical list.
fn lexicon_name(t: &Tok) -> bool {
    (t.lex().first >= 200 || t.lex().surname >= 300) && !t.lex().everyday() && t.lex().allow == Allow::No
}

/// "marta and zorvak", "Valley Rehab and Vantrow": a word joined by "and"/"or"/"&" to a name
/// or a place found by context is another of the same kind, if it is a word in no dictionary or a
/// name that is no everyday word (capitalised, in mixed-case text).
pub(super) fn coordinated(text: &str, toks: &[Tok], cased: bool, lower_lines: &[bool], hits: &mut Vec<Hit>) {
    let mut more = Vec::new();
    for h in hits.iter().filter(|h| matches!(h.category, Category::Name | Category::Location) && h.score >= 0.6) {
        let k = toks.partition_point(|t| t.start < h.end);
        let Some(next) = toks.get(k) else { continue };
        let gap = &text[h.end..next.start];
        let (cand, joined) = match gap {
            " & " => (k, true),
            " " if matches!(&*next.low, "and" | "or") => (k + 1, toks.get(k + 1).is_some_and(|c| text[next.end..c.start] == *" ")),
            _ => continue,
        };
        let Some(c) = toks.get(cand).filter(|_| joined) else { continue };
        let cased = cased && !lower_lines[cand];
        let named = lexicon_name(c) && !c.is(class::STOP);
        // A short unknown word joined to a place is more often shorthand ("ZORBAFOAM AND DSD").
        let unknown = unknown_word(c) && (h.category == Category::Name || c.low.len() >= 4);
        if (unknown || named) && (!cased || capitalised(c)) && !glued_to_digit(text, c) {
            let why = if h.category == Category::Name { "joined by 'and' to a name" } else { "joined by 'and' to a place" };
            more.push(Hit { start: c.start, end: c.end, category: h.category, score: 0.75, rule: "coordination", why: why.into() });
        }
    }
    hits.extend(more);
}

/// Words that label a phone number ("Zorvina Quelbeck cell# 410-…", "Ana home 555-…").
const PHONE_LABELS: &[&str] = &["cell", "home", "phone", "tel", "mobile", "pager", "beeper", "work", "ph"];

/// One or two name-like words right before a label that says whose they are: a phone label that a
/// number follows ("Zorvina Quelbeck cell# 410-…"), a relation or role in brackets ("Drir
/// Rastous (son)", "COLLIE BULLION (RESIDENT)"), "date of birth" or "medical record"
/// ([`name_before_birth_date`]), or "from" and a hospital service ([`name_before_service`]).
pub(super) fn before_label(text: &str, toks: &[Tok], cased: bool, lower_lines: &[bool], hits: &mut Vec<Hit>) {
    for (j, label) in toks.iter().enumerate().skip(1) {
        // (Most words are none of the labels below: one test of their classes.)
        if !label.is(class::LABEL | class::PHONE_LABEL | class::RELATION | class::CREDENTIAL) {
            continue;
        }
        if matches!(&*label.low, "date" | "dob" | "medical" | "mrn") {
            hits.extend(name_before_birth_date(text, toks, j, cased && !lower_lines[j]));
            continue;
        }
        if label.low == "from" {
            hits.extend(name_before_service(text, toks, j, cased && !lower_lines[j]));
            continue;
        }
        let phone = label.is(class::PHONE_LABEL);
        if !phone && !label.is(class::RELATION | class::CREDENTIAL) && !matches!(&*label.low, "resident" | "attending") {
            continue;
        }
        // "yeah , carol , my sister , helps me": a name set off before who the person is.
        if let Some(h) = label.is(class::RELATION).then(|| name_before_apposition(text, toks, j, cased && !lower_lines[j])).flatten() {
            hits.push(h);
            continue;
        }
        let bracketed = !phone && text[..label.start].ends_with('(') && text[label.end..].starts_with(')');
        if phone {
            // The number follows within a few characters ("cell# 410", "home: (603)", "cell 555").
            let after = text[label.end..].trim_start_matches([' ', '#', ':', '-', '.']);
            if !after.starts_with(|c: char| c.is_ascii_digit() || c == '(') || text[label.end..].len() - after.len() > 4 {
                continue;
            }
        } else if !bracketed || !matches!(&text[toks[j - 1].end..label.start], " (" | "(") {
            continue;
        }
        let cased = cased && !lower_lines[j];
        // The label says "person" so plainly that a name that is also a word counts ("Woods").
        let namey = |t: &Tok| {
            let name = lexicon_name(t)
                || ((bracketed || cased) && (t.lex().first >= 50 || t.lex().surname >= 300) && t.lex().allow != Allow::Clinical && !t.is(class::RELATION | class::TITLE));
            (unknown_word(t) || name) && !t.is(class::STOP) && (!cased || capitalised(t)) && !glued_to_digit(text, t)
        };
        let mut from = j;
        while from > 0 && j - from < 2 && namey(&toks[from - 1]) && ((from == j && bracketed) || text[toks[from - 1].end..toks[from].start] == *" ") {
            from -= 1;
        }
        if from < j {
            let why = if phone { format!("name before '{}' and a number", label.raw) } else { format!("name before '({})'", label.raw) };
            hits.push(name_hit(toks[from].start, toks[j - 1].end, 0.75, "name-context", why));
        }
    }
}

/// "carol , my sister ,", "john smith , her husband": a given name (and maybe a surname) set off by
/// a comma before a possessive and the relation word at `j`.
fn name_before_apposition(text: &str, toks: &[Tok], j: usize, cased: bool) -> Option<Hit> {
    let poss = toks.get(j.checked_sub(1)?)?;
    let last = toks.get(j.checked_sub(2)?)?;
    if !matches!(&*poss.low, "my" | "her" | "his" | "our" | "their" | "your") || !only_spaces_between(text, poss, &toks[j]) || text[last.end..poss.start].trim() != "," {
        return None;
    }
    let given = |t: &Tok| {
        (t.lex().first >= 200 || addressable(t)) && t.lex().allow != Allow::Clinical && !t.is(class::STOP | class::TITLE | class::RELATION) && (!cased || capitalised(t))
    };
    let surname = |t: &Tok| (t.lex().surname >= 100 || unknown_word(t)) && !t.is(class::STOP | class::TITLE | class::RELATION) && (!cased || capitalised(t));
    // The name opens its clause: "yeah , carol , my sister", not "it was the third , my sister".
    let opens = |t: &Tok| t.start == 0 || text[..t.start].trim_end().ends_with([',', '.', ']', '?', '!', ':']);
    let first = j - 2;
    let from = match first.checked_sub(1).map(|g| &toks[g]) {
        Some(g) if given(g) && surname(last) && text[g.end..last.start] == *" " && opens(g) => first - 1,
        _ if given(last) && opens(last) => first,
        _ => return None,
    };
    Some(name_hit(toks[from].start, last.end, 0.8, "name-context", format!("name set off before '{} {}'", poss.raw, toks[j].raw)))
}

/// A popular given name (also one that is an everyday word: "grace", "mark"), on no clinical list.
fn popular_given(t: &Tok) -> bool {
    t.lex().first >= 1000 && t.lex().allow != Allow::Clinical
}

/// A rare given name that is no everyday word ("yailenys"), or a word in no dictionary that could
/// be one ("kashun"): where only an address can stand, a name.
fn addressable(t: &Tok) -> bool {
    // ("haha , i know", "mmhmm , so": sounds, not names.)
    let sound = t.low.bytes().all(|b| b"ahmuoew".contains(&b));
    (t.lex().first >= 5 && !t.lex().everyday())
        || (unknown_word(t) && t.is(class::PLAIN) && t.low.len() >= 3 && t.low.contains(['a', 'e', 'i', 'o', 'u', 'y']) && !sound)
}

/// "[doctor] amber , can you lie back for me ?", "nice to meet you , dawn .": in lower-case
/// dialogue a given name (even a popular one that is also a word, or one in no dictionary) is a
/// name where only an address can stand: opening a turn before a comma and a question or request,
/// or after "you ," at the end of a sentence.
pub(super) fn addresses(text: &str, toks: &[Tok], hits: &mut Vec<Hit>) {
    for (i, t) in toks.iter().enumerate() {
        if !(popular_given(t) || addressable(t)) || t.is(class::STOP | class::TITLE | class::RELATION | class::CALENDAR) {
            continue;
        }
        let after = &text[t.end..];
        let opening = text[..t.start].trim_end_matches(' ').ends_with(']')
            && after.starts_with(" , ")
            && toks.get(i + 1).is_some_and(|w| {
                matches!(&*w.low, "can" | "could" | "would" | "will" | "i" | "i'm" | "i'll" | "we" | "we're" | "we'll" | "you" | "you're" | "let's" | "how" | "what" | "do" | "did" | "are" | "is" | "have" | "so" | "just")
            });
        let after_you = i > 0 && toks[i - 1].low == "you" && text[toks[i - 1].end..t.start].trim() == "," && pause_after(text, t) && !after.trim_start().starts_with(',');
        if opening || after_you {
            hits.push(name_hit(t.start, t.end, 0.8, "name-context", "given name addressing someone"));
        }
    }
}

/// "[doctor] loice tuero , n- date of birth 4/14 …", "lanny soap . date of birth : …", "patient
/// is gazelle sarnelli , medical record number …": a dictation names the patient, then gives the
/// date of birth or the record number. One or two name words right before "date of birth", "DOB",
/// "medical record" or "MRN" (fillers and punctuation between).
fn name_before_birth_date(text: &str, toks: &[Tok], j: usize, cased: bool) -> Option<Hit> {
    let label = match &*toks[j].low {
        "date" => spells(toks, j, &["date", "of", "birth"]),
        "medical" => spells(toks, j, &["medical", "record"]),
        _ => true,
    };
    if !label {
        return None;
    }
    let gap_ok = |a: &Tok, b: &Tok| text[a.end..b.start].bytes().all(|c| matches!(c, b' ' | b',' | b'.' | b':' | b'-'));
    let mut k = j;
    while k > 1 && matches!(&*toks[k - 1].low, "uh" | "um" | "n" | "er") && gap_ok(&toks[k - 1], &toks[k]) {
        k -= 1;
    }
    let last = toks.get(k.checked_sub(1)?)?;
    if !gap_ok(last, &toks[k]) {
        return None;
    }
    let plain = |t: &Tok| !t.is(class::STOP | class::TITLE | class::RELATION) && (!cased || capitalised(t)) && !glued_to_digit(text, t);
    let name = |t: &Tok| plain(t) && (lexicon_name(t) || unknown_name(t) || (t.lex().first >= 200 && t.lex().allow == Allow::No && !t.lex().everyday()));
    // Any given name counts, even one that is also a word ("crystal sequin", "sorrel marrero").
    let given = |t: &Tok| name(t) || (plain(t) && t.lex().first >= 50 && t.lex().allow != Allow::Clinical);
    let first = k.checked_sub(2).map(|p| &toks[p]).filter(|f| given(f) && only_spaces_between(text, f, last));
    // A surname that is also a word counts after a given name ("lanny soap").
    let last_ok = name(last) || (first.is_some() && plain(last) && last.lex().surname >= 100 && last.lex().allow != Allow::Clinical);
    if !last_ok {
        return None;
    }
    let start = first.map_or(last.start, |f| f.start);
    Some(name_hit(start, last.end, 0.85, "name-context", "name before 'date of birth'"))
}

/// "lekiesha juana madsen from speech and swallow in to see pt": one to three names (no everyday
/// words) right before "from" and a hospital service.
fn name_before_service(text: &str, toks: &[Tok], j: usize, cased: bool) -> Option<Hit> {
    const SERVICES: &[&str] = &[
        "speech", "pt", "ot", "physical", "occupational", "social", "case", "nutrition", "dietary", "pharmacy", "respiratory", "pastoral", "chaplaincy",
        "hospice", "palliative", "cardiology", "renal", "nephrology", "neurology", "psychiatry", "psych", "ethics", "wound", "ostomy", "vna", "rehab",
        "interpreter", "transplant", "anesthesia", "radiology", "ir", "gi", "id",
    ];
    if !toks.get(j + 1).is_some_and(|s| SERVICES.contains(&&*s.low)) || j == 0 {
        return None;
    }
    let name = |t: &Tok| {
        !t.is(class::STOP | class::TITLE | class::RELATION | class::CREDENTIAL)
            && (!cased || capitalised(t))
            && !glued_to_digit(text, t)
            && (lexicon_name(t) || unknown_name(t))
    };
    // ("mark from case management following": a popular given name that is also a word, opening
    // its clause.)
    let opening_given = |t: &Tok| {
        popular_given(t)
            && !t.is(class::STOP | class::TITLE | class::RELATION | class::CREDENTIAL)
            && (!cased || capitalised(t))
            && (t.start == 0 || text[..t.start].trim_end().ends_with(['.', ',', ';', ':', ']']))
    };
    let mut from = j;
    while from > 0 && j - from < 3 && (name(&toks[from - 1]) || (from == j && opening_given(&toks[from - 1]))) && text[toks[from - 1].end..toks[from].start] == *" " {
        from -= 1;
    }
    (from < j).then(|| name_hit(toks[from].start, toks[j - 1].end, 0.8, "name-context", format!("name before 'from {}'", toks[j + 1].raw)))
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
