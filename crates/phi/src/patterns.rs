//! Pattern recognizers: numbers, codes, dates, contacts and places, written or spoken.
//!
//! They run on the [`View`] (spoken numbers as digits) and map matches back to the original.
//! A rule with a capture group named `x` tags only that group (the context words stay visible).

use std::sync::OnceLock;

use regex_automata::meta::Regex;
use regex_automata::util::syntax;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input};

use super::spoken::View;
use super::{Category, Hit};

struct Rule {
    id: &'static str,
    category: Category,
    score: f32,
    why: &'static str,
    /// `why` with " (spoken)": for a match of spoken numbers (made once, not once per match).
    why_spoken: String,
    re: Regex,
    /// The names of the capture groups with their indices: a rule has at most three, and a
    /// look-up here is cheaper than the regex's own map by name.
    groups: Vec<(&'static str, usize)>,
    check: fn(&Caps, &str) -> bool,
    start: Start,
    /// For a [`Start::Number`] rule: the shape of a number that can start a match.
    gate: Option<NumberGate>,
    /// For a rule starting at words: whether what follows the word can continue a match (see
    /// [`word_gate`]); "in", "the", "on", "po" start far more words than ZIP codes and dates.
    word_gate: Option<fn(&[u8]) -> bool>,
    /// Words one of which must begin at most this many bytes after the start of a match (see
    /// [`ahead`]): "40 mg" cannot start a street address when no street word follows.
    ahead: Option<(&'static [&'static str], usize)>,
    /// How its one group "x" is found without the backtracking that finds groups (see [`Tail`]).
    tail: Tail,
}

/// For a rule whose one group "x" ends its match (a cue, then the identifier): how to find "x"
/// once the DFA has found the match, sparing the backtracker (most rules' groups are not
/// one-pass, and finding them cost more than the rest of the search).
enum Tail {
    /// The rule's groups are searched for.
    Groups,
    /// "x" runs from the first digit of the match (a cue word, no digit, then the number).
    Digits,
    /// "x" starts where `cue` (the pattern before "x", searched alone) ends, if `x` (the pattern
    /// of "x" and what follows it) matches from there to the end of the match; otherwise the
    /// groups are searched for. A pattern prefers its cue's preferred path, so when "x" can
    /// follow that path, this is the split the groups would give.
    After { cue: Regex, x: Regex },
}

/// `b` without its leading word (letters).
fn after_word(b: &[u8]) -> &[u8] {
    &b[b.iter().take_while(|c| c.is_ascii_alphabetic()).count()..]
}

/// The length of the run of digits `b` begins with.
fn digit_run(b: &[u8]) -> usize {
    b.iter().take_while(|c| c.is_ascii_digit()).count()
}

/// How many digits `b` begins with, counted through separators of at most two characters
/// (" ", ".", "-", "/", "(", ")"): "617) 555-0142" has 10. Stops at 12.
fn joined_digits(b: &[u8]) -> usize {
    let (mut digits, mut gap) = (0, 0);
    for &c in b {
        if c.is_ascii_digit() {
            digits += 1;
            gap = 0;
            if digits == 12 {
                break;
            }
        } else if (is_space(c) || matches!(c, b'.' | b'-' | b'/' | b'(' | b')')) && gap < 2 {
            gap += 1;
        } else {
            break;
        }
    }
    digits
}

/// The length of the digit run that starts at the first digit of `b`'s first `within` bytes
/// (0 if a newline comes first or there is none).
fn first_digits(b: &[u8], within: usize) -> usize {
    match b.iter().take(within).position(|c| c.is_ascii_digit() || *c == b'\n') {
        Some(i) => digit_run(&b[i..]),
        None => 0,
    }
}

/// A space as the patterns' `\s` reads it (ASCII: also the vertical tab, which
/// `u8::is_ascii_whitespace` leaves out).
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// A number from 90 to 199 by its first digit and digit count: the ages over 89 the rules read.
fn over_89(b: &[u8], digits: usize) -> bool {
    matches!((digits, b[0]), (2, b'9') | (3, b'1'))
}

/// `b` without its leading bytes from `set`.
fn skip<'b>(b: &'b [u8], set: &[u8]) -> &'b [u8] {
    &b[b.iter().take_while(|c| set.contains(c)).count()..]
}

/// `b` without its leading spaces ([`is_space`]) and bytes from `also`.
fn skip_spaces<'b>(b: &'b [u8], also: &[u8]) -> &'b [u8] {
    &b[b.iter().take_while(|&&c| is_space(c) || also.contains(&c)).count()..]
}

/// Whether `s` begins with `p`, ignoring ASCII case.
fn starts_ci(s: impl AsRef<[u8]>, p: impl AsRef<[u8]>) -> bool {
    let (s, p) = (s.as_ref(), p.as_ref());
    s.get(..p.len()).is_some_and(|b| b.eq_ignore_ascii_case(p))
}

/// Whether `s` ends with `p`, ignoring ASCII case.
fn ends_ci(s: impl AsRef<[u8]>, p: impl AsRef<[u8]>) -> bool {
    let (s, p) = (s.as_ref(), p.as_ref());
    s.len() >= p.len() && s[s.len() - p.len()..].eq_ignore_ascii_case(p)
}

/// "0800", "2215": four digits that read as a 24-hour time.
fn clock_time(n: &str) -> bool {
    let d = n.as_bytes();
    let two = |i: usize| (d[i] - b'0') * 10 + (d[i + 1] - b'0');
    d.len() == 4 && d.iter().all(u8::is_ascii_digit) && two(0) < 24 && two(2) < 60
}

/// The bytes after a month name, its punctuation and a "the" or "of".
fn after_month(b: &[u8]) -> &[u8] {
    let w = skip_spaces(after_word(b), b".,");
    if starts_ci(w, "the") || starts_ci(w, "of") {
        skip_spaces(after_word(w), b"")
    } else {
        w
    }
}

/// What must follow the start word of rule `id` (the bytes from the word on) for a match to be
/// possible. A cheap test before the anchored search; the unit test comparing with full scans
/// fails if a gate is too strict.
fn word_gate(id: &str) -> Option<fn(&[u8]) -> bool> {
    let digit_next = |b: &[u8]| skip_spaces(after_word(b), b"").first().is_some_and(u8::is_ascii_digit);
    Some(match id {
        // "MD 21201", "Texas, 77001"; "new york" is the one state of two words.
        "zip" => |b| {
            let w = after_word(b);
            b[..b.len() - w.len()].eq_ignore_ascii_case(b"new") || digit_run(skip_spaces(w, b",")) == 5
        },
        // "the 3rd of May": the number right after "the".
        "date-day-month" | "year-event" => digit_next,
        // "on the 11th".
        "date-ordinal" => |b| {
            let w = skip_spaces(after_word(b), b"");
            starts_ci(w, "the") && skip_spaces(&w[3..], b"").first().is_some_and(u8::is_ascii_digit)
        },
        "po-box" => |b| b.windows(3).take(8).any(|w| w.eq_ignore_ascii_case(b"box")),
        "age-decade" => |b| {
            let w = skip(after_word(b), b" \t");
            ["her", "his", "their"].iter().any(|p| starts_ci(w, p))
        },
        "age-over-89b" => |b| skip_spaces(after_word(b), b":").first().is_some_and(u8::is_ascii_digit),
        // "she is 93", "turned 101": the first number after the word starts with 9 or 1.
        "age-over-89c" => |b| {
            let spoken = |&&c: &&u8| c.is_ascii_alphabetic() || is_space(c) || c == b'\'';
            b.iter().take(64).find(|c| !spoken(c)).is_some_and(|&c| c == b'9' || c == b'1')
        },
        // "March 3rd", "march the 3": a number right after the month; "Jan. 2019", "may of 2020".
        "date-month-day" => |b| digit_run(after_month(b)) > 0,
        "date-month-year" => |b| digit_run(after_month(b)) == 4,
        // The first digit after a phone word (there is none in between) begins the number.
        "phone-7" => |b| first_digits(after_word(b), 21) >= 3,
        "phone-spaced" => |b| {
            let w = after_word(b);
            let at = w.iter().take(41).position(|c| c.is_ascii_digit() || *c == b'\n');
            at.is_some_and(|i| w[i].is_ascii_digit() && matches!(w.get(i + 1), Some(b' ' | b'-' | b'.')) && w.get(i + 2).is_some_and(u8::is_ascii_digit))
        },
        _ => return None,
    })
}

/// Classes of the byte after a number's digits (bits of [`NumberGate::next`]).
mod next {
    pub const END: u8 = 1;
    /// A space as [`super::is_space`] reads it.
    pub const SPACE: u8 = 2;
    pub const LETTER: u8 = 4;
    pub const SLASH: u8 = 8;
    pub const DASH: u8 = 16;
    pub const DOT: u8 = 32;
    pub const QUOTE: u8 = 64;
    pub const OTHER: u8 = 128;
    pub const ANY: u8 = 255;
}

/// The [`next`] class of the byte after a number's digits (`None`: the text ends).
fn next_class(c: Option<u8>) -> u8 {
    match c {
        None => next::END,
        Some(c) if is_space(c) => next::SPACE,
        Some(c) if c.is_ascii_alphabetic() => next::LETTER,
        Some(b'/') => next::SLASH,
        Some(b'-') => next::DASH,
        Some(b'.') => next::DOT,
        Some(b'\'') => next::QUOTE,
        Some(_) => next::OTHER,
    }
}

/// The shape a number must have to start a match of a rule: most numbers in a note are doses and
/// vitals that fit no rule. Its digit count and the class of the byte after its digits are looked
/// up in one table for all rules in the pass that finds the places ([`WordIndex::number_rules`]);
/// `more` then tests the rest before the anchored search. The unit test comparing with full scans
/// fails if a gate is too strict.
#[derive(Clone, Copy)]
struct NumberGate {
    /// The lengths its digit run may have, as bits (bit 31: 31 digits or more).
    digits: u32,
    /// The [`next`] classes the byte after the digits may have.
    next: u8,
    /// A further test of the bytes from the first digit, given the digit count.
    more: Option<fn(&[u8], usize) -> bool>,
}

impl NumberGate {
    /// Whether a number of `d` digits followed by a byte of class `next` has the shape.
    fn shape(&self, d: usize, next: u8) -> bool {
        self.digits & (1 << d.min(31)) != 0 && self.next & next != 0
    }

    /// Whether the number at the start of `b`, with `d` digits, can start a match.
    fn allows(&self, b: &[u8], d: usize) -> bool {
        self.shape(d, next_class(b.get(d).copied())) && self.more.is_none_or(|more| more(b, d))
    }
}

/// Digit counts from `lo` to `hi` as [`NumberGate::digits`] bits.
const fn lengths(lo: u32, hi: u32) -> u32 {
    (u32::MAX >> (31 - hi)) & (u32::MAX << lo)
}

/// The [`NumberGate`] of rule `id`, if it has one.
fn number_gate(id: &str) -> Option<NumberGate> {
    let gate = |digits, next, more| Some(NumberGate { digits, next, more });
    match id {
        // "10.1.2.3": a second dot after the next one to three digits ("3.5 mg" has none).
        "ipv4" => gate(lengths(1, 3), next::DOT, Some(|b, d| {
            let next = b.get(d + 1..).map_or(0, digit_run);
            (1..=3).contains(&next) && b.get(d + 1 + next) == Some(&b'.')
        })),
        "phone" => gate(lengths(1, 1) | lengths(3, 3) | lengths(6, 6) | lengths(10, 11), next::ANY, Some(|b, d| (d != 1 || b[0] == b'1') && joined_digits(b) >= 10)),
        "ssn" => gate(lengths(3, 3), next::DASH, None),
        "long-number" => gate(lengths(6, 31), next::ANY, None),
        "digits-spaced" => gate(lengths(1, 1), next::SPACE, Some(|b, _| b[1] == b' ' && b.get(2).is_some_and(u8::is_ascii_digit))),
        "date-numeric" => gate(lengths(1, 2), next::SLASH | next::DASH, None),
        // "12.25.2097": one or two digits and a dot again ("3.5 mg" is no date).
        "date-dotted" => gate(lengths(1, 2), next::DOT, Some(|b, d| {
            let day = b.get(d + 1..).map_or(0, digit_run);
            (1..=2).contains(&day) && b.get(d + 1 + day) == Some(&b'.')
        })),
        "date-month-numeric-year" => gate(lengths(1, 2), next::SLASH, Some(|b, d| b.get(d + 1..).map_or(0, digit_run) == 4)),
        "date-iso" => gate(lengths(4, 4), next::DASH, None),
        "date-day-month" => gate(lengths(1, 2), next::SPACE | next::LETTER | next::DASH, None),
        "year" => gate(lengths(2, 2) | lengths(4, 4), next::ANY, Some(|b, d| (d == 2 && b.get(d) == Some(&b'\'')) || (d == 4 && matches!(b[0], b'1' | b'2')))),
        "year-before-event" => gate(lengths(2, 2), next::SPACE, None),
        "age-birthday" => gate(lengths(2, 3), next::ANY, Some(over_89)),
        "age-over-89" => gate(lengths(2, 3), next::ANY, Some(|b, d| over_89(b, d) && skip_spaces(&b[d..], b"-").first().is_some_and(|c| c.eq_ignore_ascii_case(&b'y')))),
        "street" => gate(lengths(1, 5), next::SPACE, None),
        _ => None,
    }
}

/// The words rule `id` needs soon after its start, and how soon: the longest way its pattern can
/// take from its start to the start of such a word (the patterns bound their spaces and words for
/// this). Cheaper than a gate: the pass that finds the places notes where these words are.
fn ahead(id: &str) -> Option<(&'static [&'static str], usize)> {
    Some(match id {
        // "the" + 3 spaces + 2 digits + "th" + 3 spaces + "of" + 3 spaces.
        "date-day-month" => (MONTH_WORDS, 18),
        // 2 digits + 3 spaces.
        "year-before-event" => (EVENT_WORDS, 5),
        // 3 digits + "th" + 3 spaces.
        "age-birthday" => (&["birthday"], 8),
        // 5 digits + 3 spaces + 4 × (a word of 20 letters, ".", 3 spaces).
        "street" => (STREET_WORDS, 104),
        // "+(" + 19 digits and separators + 3 spaces + "-" + 3 spaces.
        "phone-label-after" => (PHONE_LABELS, 28),
        _ => return None,
    })
}

/// Where a rule's match can begin. Searching only there, anchored, replaces one scan of the whole
/// text per rule (40 scans of every note) by one shared pass that collects the places.
#[derive(Clone, Copy)]
enum Start {
    /// At a word (any case, at a word boundary) beginning with one of these prefixes. A prefix
    /// of one letter only matches before a non-letter ("x 4412", "u. of", "s/n").
    Words(&'static [&'static str]),
    /// At the start of a number, at one of these characters, or as [`Start::Words`].
    Number(&'static [u8], &'static [&'static str]),
    /// Anywhere: the whole text is scanned, if it has what the rule needs ([`Rare`]).
    Scan,
}

/// A match of one capture group.
pub(super) struct Group<'t> {
    hay: &'t str,
    start: usize,
    end: usize,
}

impl<'t> Group<'t> {
    fn as_str(&self) -> &'t str {
        &self.hay[self.start..self.end]
    }
    fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// A rule's match with its groups, as the checks read it.
pub(super) struct Caps<'t> {
    hay: &'t str,
    caps: &'t Captures,
    /// The rule's group names with their indices (see [`Rule::groups`]).
    groups: &'t [(&'t str, usize)],
    /// Where "x" is when it was read off the match, not searched for (see [`Tail`]).
    x: Option<(usize, usize)>,
}

impl<'t> Caps<'t> {
    fn get(&self, i: usize) -> Option<Group<'t>> {
        self.caps.get_group(i).map(|s| Group { hay: self.hay, start: s.start, end: s.end })
    }
    fn name(&self, name: &str) -> Option<Group<'t>> {
        if let Some((start, end)) = self.x.filter(|_| name == "x") {
            return Some(Group { hay: self.hay, start, end });
        }
        let &(_, i) = self.groups.iter().find(|(n, _)| *n == name)?;
        self.get(i)
    }
}

const MONTHS: &str = r"jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|sept?(?:ember|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?";
const ID: &str = r"[a-z0-9][a-z0-9\-]{2,}[0-9][a-z0-9\-]*|[0-9]{3,}[a-z0-9\-]*";
/// A record number as dictated: letters spelled out before the digits ("a b c 1 2 3 4" reads
/// "a b c 1234"), or digits read in groups ("00453 21").
const ID_SPOKEN: &str = r"(?:[a-z]\s+){1,4}\d[\d \-]{2,16}\d|(?:[a-z0-9][a-z0-9\-]{2,}[0-9][a-z0-9\-]*|[0-9]{3,}[a-z0-9\-]*)(?:[ \-]\d{2,})*|\d(?:[ \-]\d){5,15}\b|\d{2,4}(?:[ \-]\d{2,4}){2,5}(?:[ \-]\d)?\b";
/// What leads to a record number: "MRN", "m.r.n.", "medical record number", "chart #".
const MRN_CUE: &str = r"\b(?:(?:mrn|m\.?\s?r\.?\s?n|medical\s+record(?:\s+(?:number|no\.?|#))?|record\s+(?:number|no\.?|#)|chart\s+(?:number|no\.?|#)|hospital\s+number|unit\s+number)\b\.?|mr\s*(?:#|number\b|no\.))(?:\s+(?:number|no\.?|on\s+(?:file|record)))?";
/// What leads to a date of birth.
const DOB_CUE: &str = r"\b(?:dob|d\.?\s?o\.?\s?b|date\s+of\s+birth|birth\s*date|born(?:\s+on)?|birthday)\b\.?";
/// From a question to its answer in the next turn of a dictated dialogue: "what's your date of
/// birth for me ? [patient] uh , yes it's …". (Its own rules, not an option of the plain ones: as
/// an option it made their searches several times dearer.)
const ANSWER: &str = r"(?:\s+(?:for\s+me|please|again))?\s*[?.]?\s*\[[a-z_]+\](?:\s*,?\s*(?:uh|um|er|yes|yeah|yep|sure|okay|ok|so|it(?:'|\xE2\x80\x99)?s|it\s+is|that(?:'|\xE2\x80\x99)?s|that\s+is)\b)*";
/// The suffixes of a street address, as word prefixes.
const STREET_WORDS: &[&str] = &["st", "ave", "road", "rd", "boulevard", "blvd", "lane", "ln", "dr", "court", "ct", "way", "pl", "ter", "cir", "parkway", "pkwy", "highway", "hwy", "sq"];
/// The labels "phone-label-after" reads after a number (its pattern and its [`ahead`] words).
const PHONE_LABELS: &[&str] = &["office", "fax", "mobile", "cell", "home", "work"];
/// Past events a history lists with their year (and date).
const EVENT_WORDS: &[&str] = &["mi", "nqwmi", "stemi", "nstemi", "cabg", "ptca", "pci", "stent", "cva", "tia", "avr", "mvr"];
/// A date of birth after its cue: digits, or a month name and digits, within 26 bytes.
const DOB: &str = r"[a-z0-9][a-z0-9,./\- ]{2,24}?\d";
const DOB_WORDS: &[&str] = &["d", "dob", "date", "birth", "birthdate", "born", "birthday"];
const MRN_WORDS: &[&str] = &["m", "mr", "medical", "record", "chart", "hospital", "unit"];
/// The words [`MONTHS`] and [`STATES`] begin with, for [`Start::Words`].
const MONTH_WORDS: &[&str] = &["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const STATE_WORDS: &[&str] = &[
    "al", "ak", "az", "ar", "ca", "co", "ct", "de", "fl", "ga", "hi", "id", "il", "in", "ia", "ks", "ky", "la", "me", "md", "ma", "mi", "mn", "ms", "mo", "mt", "ne",
    "nv", "nh", "nj", "nm", "ny", "nc", "nd", "oh", "ok", "or", "pa", "ri", "sc", "sd", "tn", "tx", "ut", "vt", "va", "wa", "wv", "wi", "wy", "new", "texas", "virginia",
];
/// "U Michigan", "University Ohio Hospital": the states whose names universities carry.
const STATE_NAMES: &str = "alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|new\\s+hampshire|new\\s+jersey|new\\s+mexico|new\\s+york|north\\s+carolina|north\\s+dakota|ohio|oklahoma|oregon|pennsylvania|rhode\\s+island|south\\s+carolina|south\\s+dakota|tennessee|texas|utah|vermont|virginia|washington|west\\s+virginia|wisconsin|wyoming";
const STATES: &str = r"al|ak|az|ar|ca|co|ct|de|fl|ga|hi|id|il|in|ia|ks|ky|la|me|md|ma|mi|mn|ms|mo|mt|ne|nv|nh|nj|nm|ny|nc|nd|oh|ok|or|pa|ri|sc|sd|tn|tx|ut|vt|va|wa|wv|wi|wy|massachusetts|california|texas|new york|florida|maryland|virginia";

fn always(_: &Caps, _: &str) -> bool {
    true
}

/// A numeric date `m/d[/y]` that is a real calendar date and not a score like "pain 7/10",
/// "strength 5/5" or a murmur "2/6".
fn numeric_date<'t>(c: &Caps, text: &'t str) -> bool {
    let (Some(m), Some(d)) = (c.name("m"), c.name("d")) else { return false };
    let (Ok(mo), Ok(day)) = (m.as_str().parse::<u32>(), d.as_str().parse::<u32>()) else { return false };
    // "8/87", "4/97": month and two-digit year (no day is above 31).
    let month_year = c.name("y").is_none() && (40..=99).contains(&day);
    if !(1..=12).contains(&mo) || !((1..=31).contains(&day) || month_year) {
        return false;
    }
    let whole_text = c.get(0).map_or("", |g| g.as_str());
    let whole = c.get(0).map_or(0..0, |g| g.range());
    // Inside a run of numbers ("CO/CI/SVR 5.8/2.51/327", "PS 10/5/40%") it is a measurement,
    // with or without what looks like a year.
    let before = &text[..whole.start];
    let next = &text[whole.end..];
    let decimal_before = before.strip_suffix('.').is_some_and(|b| b.ends_with(|ch: char| ch.is_ascii_digit()));
    // A second date may follow a dated one ("10/03/10/04": the 3rd and the 4th).
    let slash_after = next.starts_with('/') && c.name("y").is_none();
    if decimal_before
        || before.ends_with(|ch: char| ch == '/' || ch.is_ascii_digit())
        || slash_after
        || next.starts_with('%')
        || decimal_next(next)
    {
        return false;
    }
    if let Some(y) = c.name("y") {
        // "5-6/10" is a score range; "4/2/1300" no year.
        let mut seps = whole_text.bytes().filter(|b| matches!(b, b'/' | b'-'));
        let first = seps.next();
        let four_digit_ok = y.as_str().len() != 4 || y.as_str().parse::<u32>().is_ok_and(|v| (1900..=2099).contains(&v));
        return seps.all(|b| Some(b) == first) && four_digit_ok;
    }
    // Without a year, "2-3" and "12-18" are ranges, and 1/2, 1/3, 3/4 … are fractions, unless
    // an event or a preposition of time comes right before ("admitted 2/3", "since 1/4").
    let fraction = !month_year && fraction_like(mo, day);
    let dated = after_date_word(before) || (after_time_word(before) && !portion_next(next)) || clock_next(next) || after_date(before) || event_next(next) || after_clock(before);
    if whole_text.contains('-') || (fraction && !dated) {
        return false;
    }
    // Only the few words around the match matter; never copy the whole text (keeps this O(1)).
    let mut from = whole.start.saturating_sub(40);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (whole.end + 40).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let alnum_words = |s: &'t str| s.split(|ch: char| !ch.is_ascii_alphanumeric()).filter(|w| !w.is_empty());
    let prev_words = alnum_words(&text[from..whole.start]).rev().take(3);
    let prev_word = alnum_words(&text[from..whole.start]).next_back();
    // The first three words after it (split at spaces, then into letters and digits).
    let mut after_words = text[whole.end..to].split_whitespace().take(3).flat_map(alnum_words).take(3);
    let first_after = text[whole.end..to].trim_start();
    // Scores written like dates ("pain 7/10", "strength 5/5", "2/6 murmur") anywhere in the last
    // three words, and ventilator settings ("PS 10/5", "CPAP 5/5").
    const SCORED: &[&str] = &[
        "pain", "strength", "scale", "score", "motor", "power", "rated", "grip", "murmur", "sem", "reflex", "reflexes", "gcs", "perrla", "perrl", "perla", "pupils", "pupil",
    ];
    const VENT: &[&str] = &[
        "peep", "ps", "cpap", "bipap", "pap", "ipap", "epap", "psv", "imv", "simv", "ac", "fio2", "tv", "x", "flowby", "vent", "settings", "setting",
    ];
    // After the number: what was scored or set ("3/10 l back pain", "8/10 CP", "10/5 BIPAP",
    // "4/4 bottles").
    const AFTER: &[&str] = &["cp", "cpain", "ha", "headache", "bottles", "bipap", "cpap", "psv", "peep", "ps"];
    // Pain anywhere in the three words after it ("4/10 chest pain").
    const PAIN: &[&str] = &["pain", "cpain", "discomfort"];
    let is_in = |w: &str, list: &[&str]| list.iter().any(|l| l.eq_ignore_ascii_case(w));
    // "x" counts only right before ("x 10/5"): "blood cx x 2 9/14" is a count, then a date.
    if prev_words.enumerate().any(|(i, w)| is_in(w, SCORED) || (is_in(w, VENT) && (i == 0 || !w.eq_ignore_ascii_case("x"))))
        || SCORED.iter().any(|w| starts_ci(first_after, w))
        || after_words.next().is_some_and(|w| is_in(w, AFTER) || is_in(w, PAIN))
        || after_words.any(|w| is_in(w, PAIN))
    {
        return false;
    }
    // Pressure support over PEEP put "on" or changed "to" ("trialed on 5/5", "wean down to 10/5")
    // among ventilator words; "weaned off 9/7" and "sputum from 9/5" stay dates.
    let on_or_to = prev_word.is_some_and(|w| w.eq_ignore_ascii_case("on") || w.eq_ignore_ascii_case("to"));
    if c.name("y").is_none() && on_or_to && (5..=25).contains(&mo) && (5..=10).contains(&day) && mo >= day && vent_nearby(&text[from..whole.start], &text[whole.end..to]) {
        return false;
    }
    // Fractions such as "1/2 tab" and ratios "1/3" are dosing, not dates.
    !["tab", "of", "strength", "ns"].iter().any(|w| starts_ci(first_after, w))
}

/// A month and a day of the month (or a two-digit year), not a run of numbers ("fx3/2", not
/// "fx3/2/4/1").
fn glued_date(c: &Caps, text: &str) -> bool {
    let (Some(m), Some(x)) = (c.get(0), c.name("x")) else { return false };
    let mut parts = x.as_str().split('/').map(|p| p.parse::<u32>().unwrap_or(0));
    let (mo, day, year) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0), parts.next());
    // ("fx4/97": a month and a two-digit year.)
    let day_ok = (1..=31).contains(&day) || (year.is_none() && (40..=99).contains(&day));
    (1..=12).contains(&mo) && day_ok && !text[m.end..].starts_with(['/', '%']) && !decimal_next(&text[m.end..])
}

/// 1/2, 1/3, 1/4, 2/3, 2/4, 3/4: a month and day that read as a fraction.
fn fraction_like(mo: u32, day: u32) -> bool {
    mo <= 3 && day <= 4 && mo < day
}

/// The letters `s` begins with, after its spaces ("" before a digit or a sign).
fn first_word(s: &str) -> &str {
    let s = s.trim_start_matches(' ');
    &s[..s.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(s.len())]
}

/// Whether a ventilator word stands in the sentence around a number (`before` and `after` it):
/// not respiratory rates, which fill every note ("rr 30-40's. On 9/6 this eve" is a date).
fn vent_nearby(before: &str, after: &str) -> bool {
    const WORDS: &[&str] = &[
        "wean", "weaned", "weaning", "trial", "trialed", "trialled", "tolerated", "tolerating", "extubate", "extubation", "abg", "abgs", "gas", "gases", "vent",
        "cpap", "ps", "psv", "peep", "fio2", "sbt", "ventilator", "settings",
    ];
    let before = before.rsplit_once(". ").map_or(before, |(_, b)| b);
    let after = after.split_once(". ").map_or(after, |(a, _)| a);
    [before, after].iter().any(|s| s.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| WORDS.iter().any(|v| v.eq_ignore_ascii_case(w))))
}

/// Whether a clock time follows (a fraction-like number before it is a date: "started 2/3 0930").
fn clock_next(next: &str) -> bool {
    let n = next.trim_start_matches(' ');
    let digits = n.bytes().take_while(u8::is_ascii_digit).count();
    (digits == 4 && clock_time(&n[..4]) && !n[4..].starts_with(|c: char| c.is_ascii_alphanumeric()))
        || starts_ci(n, "am ")
        || starts_ci(n, "pm ")
        || starts_ci(n, "a.m")
        || starts_ci(n, "p.m")
        || (digits > 0 && digits <= 2 && (starts_ci(&n[digits..], "am") || starts_ci(&n[digits..], "pm") || n[digits..].starts_with(':')))
}

/// Whether what happened on the day follows ("2/4 went to radiation", "1/2 pt was extubated").
fn event_next(next: &str) -> bool {
    let word = first_word(next);
    ["went", "was", "had", "pt", "patient", "underwent", "received", "started", "admitted", "transferred", "extubated", "intubated"].iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Whether a clock time comes right before ("arrived at 2300 2/4", "at 6p 1/4", "at 2a 2/4").
fn after_clock(before: &str) -> bool {
    let b = before.trim_end_matches(' ');
    if b.len() == before.len() {
        return false;
    }
    let b = b.strip_suffix(['a', 'p', 'A', 'P']).unwrap_or(b);
    let digits = b.bytes().rev().take_while(u8::is_ascii_digit).count();
    let lead = &b[..b.len() - digits];
    let starts_word = lead.is_empty() || lead.ends_with(|c: char| !c.is_ascii_alphanumeric());
    let am_pm = b.len() < before.trim_end_matches(' ').len();
    starts_word && ((digits == 4 && clock_time(&b[b.len() - 4..])) || (am_pm && (1..=2).contains(&digits)))
}

/// Whether another numeric date comes right before, in a list or a range: "(6/15, 2/3)",
/// "rec'd 2/25 - 2/3".
fn after_date(before: &str) -> bool {
    let b = before.trim_end_matches([' ', ',', '-', '&']);
    if b.len() == before.len() {
        return false;
    }
    let prev = b.rsplit(|c: char| !(c.is_ascii_digit() || c == '/')).next().unwrap_or("");
    let mut parts = prev.split('/').map(|p| p.parse::<u32>().ok());
    // A real month/day that is no fraction itself ("120/80, 1/2" and "1/2 - 3/4" are no dates).
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(mo), Some(day)) => (1..=12).contains(&mo) && (1..=31).contains(&day) && !fraction_like(mo, day),
        _ => false,
    }
}

/// Whether `next` (the text after a fraction-like number) names what the fraction is of:
/// "1/2 tab", "3/4 of", "1/2 NS", "1/2 strength", "1/2-1 tab".
fn portion_next(next: &str) -> bool {
    // Words and the stems of their plurals ("tabs", "tablet", "hours", "units").
    const WORDS: &[&str] = &["of", "ns", "nss", "cc", "ml", "hr", "hrs", "way", "and", "or", "to"];
    const STEMS: &[&str] = &["tab", "strength", "dose", "amp", "cup", "hour", "liter", "unit", "bag", "can", "glass", "pill"];
    let next = next.trim_start_matches(' ');
    let word = first_word(next);
    // "1/2 and 1/2", "1/2 to 1 tab": a joining word counts before another amount, not before a
    // date or anything else ("from 3/4 to 5/7", "on 1/4 and was cultured").
    if matches!(word.to_ascii_lowercase().as_str(), "and" | "or" | "to") {
        let after = next[word.len()..].trim_start_matches(' ');
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let day = after.get(digits..).and_then(|r| r.strip_prefix('/')).map(|r| &r[..r.bytes().take_while(u8::is_ascii_digit).count()]);
        let date_next = match (after[..digits].parse::<u32>(), day.map(str::parse::<u32>)) {
            // A fraction after it is still an amount ("1/2 to 3/4 tab").
            (Ok(mo), Some(Ok(d))) => !fraction_like(mo, d),
            _ => false,
        };
        return digits > 0 && !date_next;
    }
    next.starts_with(['-', '%']) || WORDS.iter().any(|w| w.eq_ignore_ascii_case(word)) || STEMS.iter().any(|w| starts_ci(word, w))
}

/// Whether `before` ends with a preposition of time that makes a fraction-like number a date
/// when no portion follows: "on 2/3 pt developed …", "cultures from 1/2.", "from 11/3 to 1/2".
fn after_time_word(before: &str) -> bool {
    let b = before.trim_end_matches(' ');
    let word = b.rsplit(|c: char| !c.is_ascii_alphabetic()).next().unwrap_or("");
    let rest = b[..b.len() - word.len()].trim_end();
    word.eq_ignore_ascii_case("on")
        || word.eq_ignore_ascii_case("from")
        // "to" only after a date: "from 11/3 to 1/2", not "decreased to 1/2".
        || (word.eq_ignore_ascii_case("to") && rest.ends_with(|c: char| c.is_ascii_digit()))
}

/// Whether `before` ends with a word after which a number is a date ("admitted", "since").
fn after_date_word(before: &str) -> bool {
    const WORDS: &[&str] = &[
        "admitted", "admit", "admission", "discharged", "transferred", "extubated", "intubated", "since", "until", "till", "dated", "born", "seen", "started",
        "stopped", "began", "last", "next",
        // Events dated by the number after them ("extubation 2/3", "s/p dialysis 2/4", "ct scan 1/2").
        "extubation", "intubation", "reintubation", "dialysis", "hd", "scan", "ct", "mri", "echo", "cath", "surgery", "op", "procedure", "transfusion",
        "bronch", "bronchoscopy", "biopsy", "ercp", "egd", "colonoscopy", "fall", "fell", "seizure", "arrest", "lbm", "readmitted", "woke", "fx",
        "fracture", "fractured", "diagnosed", "dx",
        "placed", "inserted", "removed", "performed", "obtained", "discontinued",
        // Days of the week ("monday 1/4").
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tues", "wed", "thurs", "fri", "sat", "sun",
    ];
    let word = before.trim_end().rsplit(|c: char| !c.is_ascii_alphabetic()).next().unwrap_or("");
    // (And the past events a history lists: "cabg 3/4", "nqwmi 1/2".)
    WORDS.iter().chain(EVENT_WORDS).any(|w| w.eq_ignore_ascii_case(word))
}

/// Whether `s` continues a number with decimals (".5").
fn decimal_next(s: &str) -> bool {
    s.strip_prefix('.').is_some_and(|r| r.starts_with(|ch: char| ch.is_ascii_digit()))
}

/// A year written alone ("CABG 1957", "MI '92", "CVA 74'"): not a quantity ("1950 cc", "x 2000").
fn year(c: &Caps, text: &str) -> bool {
    let Some(m) = c.get(0) else { return false };
    let after = text[m.end..].trim_start_matches(' ');
    let before = text[..m.start].trim_end_matches(' ');
    let quantity = ["cc", "ml", "mg", "mcg", "kc", "cal", "u ", "u/", "uni", "gm", "g ", "%", "x", "/", "-", ":", "ft", "in", "lb", "kg", "mm", "min", "hr"]
        .iter()
        .any(|u| starts_ci(after, u))
        || decimal_next(after);
    // "at 2000", "from 2000 to 2400": clock times in the 24-hour notes' style.
    let clock = [" at", "@", " by", " until", " from", " around", " approx", " til"].iter().any(|w| ends_ci(before, w))
        || starts_ci(after, "to ")
        || starts_ci(after, "hr");
    let counted = clock || before.ends_with(['x', 'X', '/', '=', '#', ':', '$', '+', '-', '>', '<', '~']) || ends_ci(before, " of");
    // "90'S" is a blood-pressure decade; a digit or letter right after is part of something else.
    let glued = text[m.end..].starts_with(|ch: char| ch.is_alphanumeric() || ch == '\'');
    !quantity && !counted && !glued
}

/// A two-digit year beside an event: nothing numeric or a unit glued on ("MI 92.5", "stent 13mm",
/// "PTCA 95%"), and not a count of events ("2 stents").
fn year_event(c: &Caps, text: &str) -> bool {
    let Some(m) = c.get(0) else { return false };
    let after = &text[m.end..];
    let before = text[..m.start].trim_end_matches(' ');
    !after.starts_with(|ch: char| ch.is_alphanumeric() || matches!(ch, '%' | '/' | '-' | '\'') || ch == '.' && decimal_next(after))
        && !before.ends_with(|ch: char| ch.is_ascii_digit() || matches!(ch, 'x' | 'X' | '/' | '#' | '-'))
}

/// A plate or vehicle number has a digit: "fruit plate in frig", "growth plate", "motor vehicle
/// accident" are no vehicles.
fn plate(c: &Caps, _: &str) -> bool {
    c.name("x").is_some_and(|x| x.as_str().contains(|ch: char| ch.is_ascii_digit()))
}

/// "pager 4412", not "called at 0800": a 24-hour time after "at", "@" or "by" is when, not a number.
fn not_clock(c: &Caps, text: &str) -> bool {
    let (Some(m), Some(x)) = (c.get(0), c.name("x")) else { return false };
    let clock = clock_time(x.as_str());
    let between = text[m.start..x.start].to_ascii_lowercase();
    !(clock && (between.contains(" at ") || between.contains('@') || between.contains(" by ") || between.ends_with(" at") || between.contains(" around ")))
}

/// A number of seven to fifteen digits through its separators (a phone number in any national
/// format), not a date ("12-03-2020") or a decimal ("98.6").
fn seven_digits(c: &Caps, _: &str) -> bool {
    let Some(x) = c.name("x").map(|x| x.as_str()) else { return false };
    let digits = x.bytes().filter(u8::is_ascii_digit).count();
    let groups: Vec<&str> = x.split(|ch: char| !ch.is_ascii_digit()).filter(|g| !g.is_empty()).collect();
    // "12-03-2020 office visit" is a date.
    let date = groups.len() == 3 && groups[0].len() <= 2 && groups[1].len() <= 2 && matches!(groups[2].len(), 2 | 4);
    (7..=15).contains(&digits) && x.matches('.').count() != 1 && !date
}

/// An age said alone ("she is 93."), not a measurement ("he is 95% on RA", "she is 98.6").
fn age_alone(c: &Caps, text: &str) -> bool {
    let Some(x) = c.name("x") else { return false };
    let after = text[x.end..].trim_start_matches(' ');
    let unit = ["%", "/", "mg", "kg", "lb", "bpm", "mm", "cc", "ml", "on ", "percent", "over", "degree", "pound", "kilo", "beat", "f ", "°", "at ", "to ", "-", "x ", "min", "sec", "hour", "day", "week", "month", "mile", "feet", "foot", "inch"]
        .iter()
        .any(|u| starts_ci(after, u));
    !unit && !decimal_next(after)
}

/// "Apt 4", not a time or a date ("apt 10:30", "apt 3/4" are appointments).
fn apartment(c: &Caps, text: &str) -> bool {
    c.get(0).is_some_and(|m| !text[m.end..].starts_with([':', '/', '.']) || text[m.end..].starts_with(". ") || m.end + 1 == text.len())
}

/// "U of Maryland", not "10 u of blood": after a bare "u", the name is no everyday word.
fn university(c: &Caps, _: &str) -> bool {
    let bare_u = c.get(0).is_some_and(|m| matches!(m.as_str().as_bytes().get(1), Some(b' ' | b'.' | b'\t' | b'\n')));
    let everyday = c.name("of").is_some_and(|g| super::lexicon::lookup(&g.as_str().to_ascii_lowercase()).everyday());
    !(bare_u && everyday)
}

/// An IPv4 address: four octets, each ≤ 255.
fn ipv4(c: &Caps, _: &str) -> bool {
    c.get(0).is_some_and(|m| m.as_str().split('.').all(|o| o.parse::<u32>().is_ok_and(|v| v <= 255)))
}

/// The named capture groups of `re` with their indices. The names are this file's constants
/// ("x", "m" …), matched to them so that they are `'static`.
fn group_names(re: &Regex) -> Vec<(&'static str, usize)> {
    const NAMES: &[&str] = &["x", "m", "d", "y", "of", "suffix"];
    let info = re.group_info();
    NAMES.iter().filter_map(|&n| info.to_index(regex_automata::PatternID::ZERO, n).map(|i| (n, i))).collect()
}

fn rules() -> &'static [Rule] {
    &built().0
}

/// The ids of rules whose pattern did not compile in this build (see [`super::check`]).
pub(super) fn broken() -> &'static [&'static str] {
    &built().1
}

/// The rules that compiled, and the ids of those that did not.
fn built() -> &'static (Vec<Rule>, Vec<&'static str>) {
    static R: OnceLock<(Vec<Rule>, Vec<&'static str>)> = OnceLock::new();
    R.get_or_init(|| {
        // (A rule with a `Tail::After` gives its cue and "x" patterns as `split`: its pattern is
        // their concatenation.)
        let rule = |id, category, score, why, pat: &str, split: Option<(&str, &str)>, check: fn(&Caps, &str) -> bool, start| {
            // Patterns are constants of this file, but whether they compile also depends on the
            // regex features this build has: a failure is recorded (front ends refuse to run,
            // see `phi::check`) rather than panicking.
            // ASCII semantics (`\d`, `\s`, `\b`, case folding): identifiers are ASCII, and
            // Unicode classes made the automata many times larger (start-up) and slower. Every
            // group starts and ends at an ASCII character, so matches stay on character
            // boundaries (and `hit` checks).
            let syntax = syntax::Config::new().case_insensitive(true).unicode(false).utf8(false);
            // Literal prefilters only help a search that scans; building them was half of the
            // start-up, for rules that only ever run anchored.
            let config = regex_automata::meta::Config::new().auto_prefilter(matches!(start, Start::Scan));
            let build = |pat: &str| Regex::builder().syntax(syntax).configure(config.clone()).build(pat).map_err(|_| id);
            let re = build(pat)?;
            let groups = group_names(&re);
            // A group whose name `group_names` does not know would never be found by its check.
            if re.group_info().group_len(regex_automata::PatternID::ZERO) != groups.len() + 1 {
                return Err(id);
            }
            let why_spoken = format!("{why} (spoken)");
            let tail = match split {
                Some((cue, x)) => Tail::After { cue: build(cue)?, x: build(x)? },
                None if matches!(id, "phone-7" | "phone-7-far" | "phone-spaced") => Tail::Digits,
                None => Tail::Groups,
            };
            if !matches!(tail, Tail::Groups) && groups.iter().map(|g| g.0).ne(["x"]) {
                return Err(id);
            }
            Ok(Rule { id, category, score, why, why_spoken, re, groups, check, start, gate: number_gate(id), word_gate: word_gate(id), ahead: ahead(id), tail })
        };
        let mk = |id, category, score, why, pat: &str, check: fn(&Caps, &str) -> bool, start| rule(id, category, score, why, pat, None, check, start);
        // `cue`, then "x" (`x`), then `after`.
        let mk_tail = |id, category, score, why, cue: &str, x: &str, after: &str, check: fn(&Caps, &str) -> bool, start| {
            rule(id, category, score, why, &format!("{cue}(?P<x>{x}){after}"), Some((cue, &format!("(?:{x}){after}"))), check, start)
        };
        let m = MONTHS;
        let events = EVENT_WORDS.join("|");
        [
            // Contacts.
            mk("email", Category::Email, 0.99, "e-mail address", r"\b[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}\b", always, Start::Scan),
            mk("email-spoken", Category::Email, 0.95, "spoken e-mail address ('at' … 'dot')",
               r"\b[a-z0-9]+(?:\s+(?:dot|underscore)\s+[a-z0-9]+)*\s+at\s+[a-z0-9]+(?:\s+dot\s+[a-z0-9]+)*\s+dot\s+(?:com|org|net|edu|gov|us|io)\b", always, Start::Scan),
            mk("url", Category::Url, 0.99, "web address", r"\b(?:https?://|www\.)[^\s<>\x22]+", always, Start::Words(&["http", "www"])),
            mk("url-domain", Category::Url, 0.9, "domain name", r"\b[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.(?:com|org|net|edu|gov|io|us)(?:/[^\s]*)?\b", always, Start::Scan),
            mk("ipv4", Category::Ip, 0.95, "IPv4 address", r"\b(?:\d{1,3}\.){3}\d{1,3}\b", ipv4, Start::Number(&[], &[])),
            mk("ipv6", Category::Ip, 0.9, "IPv6 address", r"\b(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\b", always, Start::Scan),
            mk("fax", Category::Fax, 0.97, "number after 'fax'", r"\bfax(?:\s*(?:number|no\.?|#))?\s*(?:is|:)?\s*(?P<x>\+?1?[\s.\-]?\(?\d{3}\)?[\s.\-]?\d{3}[\s.\-]?\d{4}(?:\s?(?:x|ext\.?|extension)\s?\d{1,5})?|\d{3}[\s.\-]?\d{4}|\+\(?\d[\d ().\-]{5,17}\d)\b", always, Start::Words(&["fax"])),
            mk("phone", Category::Phone, 0.95, "10-digit phone number", r"(?:\+?1[\s.\-]?)?\(?\b\d{3}\)?[\s.\-/]?\d{3}[\s.\-/]?\d{4}(?:\s?(?:x|ext\.?|extension)\s?\d{1,5})?\b", always, Start::Number(b"+(1", &[])),
            mk("phone-7", Category::Phone, 0.9, "7-digit number after a phone word",
               r"\b(?:phone|call|called|cell|mobile|home|work|number|tel|telephone|pager|beeper|pg|pgr|bpr|reach(?:ed)?|contact|ext|extension|x)\b[^0-9\n]{0,20}(?P<x>\d{3}[\s.\-]?\d{4}|\d{4,5})\b", not_clock, Start::Words(&["phone", "call", "cell", "mobile", "home", "work", "number", "tel", "pager", "beeper", "pg", "bpr", "reach", "contact", "ext", "x"])),
            // "Emergency contact: Ifeoma Chukwu (daughter) 555-0142": a name between the word and a
            // hyphenated seven-digit number.
            mk("phone-7-far", Category::Phone, 0.85, "7-digit number a name after a phone word",
               r"\b(?:phone|cell|mobile|contact|reach|call)\b[^0-9\n]{21,45}(?P<x>\d{3}-\d{4})\b", always, Start::Words(&["phone", "cell", "mobile", "contact", "reach", "call"])),
            // "416 60 039 office", "+46 (0)8 928 571 38 fax", "28-64-66-98 office": any national
            // format with its label after it.
            mk("phone-label-after", Category::Phone, 0.85, "number before 'office' / 'fax' / 'mobile'",
               &format!(r"(?P<x>\+?\(?\d[\d ()\-.]{{5,17}}\d)[ \t]{{0,3}}-?[ \t]{{0,3}}(?:{})\b", PHONE_LABELS.join("|")), seven_digits, Start::Number(b"+(", &[])),
            // "stop receiving messages to 0688 872 49 99", "my registered 024 971 50 30".
            mk("phone-messages", Category::Phone, 0.85, "number messages go to",
               r"\b(?:messages?\s+(?:to|on|at)|registered(?:\s+(?:number|phone|mobile))?|text\s+(?:me|us)\s+(?:at|on))\s+(?P<x>\+?\(?\d[\d ()\-.]{5,17}\d)\b", seven_digits, Start::Words(&["message", "messages", "registered", "text"])),
            mk_tail("phone-context", Category::Phone, 0.9, "number after 'phone:' / 'mobile:' (any national format)",
               r"\b(?:phone|tel|telephone|mobile|cell|desk|pager|answering\s+at|(?:reach|call|text)\s+(?:me|us|her|him|them)\s+(?:at|on))\s*(?:#|no\.?|number)?\s*(?:is|:)?\s*", r"\+?\(?\d[\d ().\-]{5,17}\d(?:\s?(?:x|ext\.?|extension)\s?\d{1,5})?", r"\b", always, Start::Words(&["phone", "tel", "mobile", "cell", "desk", "pager", "answering", "reach", "call", "text"])),
            // Government and record numbers.
            mk("ssn", Category::Ssn, 0.99, "social security number pattern", r"\b\d{3}-\d{2}-\d{4}\b", always, Start::Number(&[], &[])),
            mk("ssn-context", Category::Ssn, 0.98, "number after 'social security'",
               r"\b(?:ssn|social security(?:\s+number)?|social)\s*(?:number|no\.?|#)?\s*(?:is|:)?\s*(?P<x>\d{3}[\s\-]?\d{2}[\s\-]?\d{4})\b", always, Start::Words(&["ssn", "social"])),
            mk_tail("mrn", Category::Mrn, 0.98, "number after 'MRN' / 'medical record'",
               &format!(r"{MRN_CUE}\s*(?:is|#?:|#)?\s*"), ID_SPOKEN, "", always, Start::Words(MRN_WORDS)),
            mk_tail("mrn-answer", Category::Mrn, 0.98, "number answering a question about the medical record number",
               &format!(r"{MRN_CUE}{ANSWER}\s*,?\s*(?:is|:|#)?\s*"), ID_SPOKEN, "", always, Start::Words(MRN_WORDS)),
            // "mrnr472348", "mrn#00451": speech recognition glues the label to the number.
            mk("mrn-glued", Category::Mrn, 0.95, "number glued to 'MRN'", r"\bmrn#?(?P<x>(?:[a-z]\s?)?\d[\d\-]{3,14}\d)\b", always, Start::Words(&["mrn"])),
            mk("health-plan", Category::HealthPlan, 0.97, "number after an insurance word",
               &format!(r"\b(?:member\s+id|subscriber\s+id|policy(?:\s+(?:number|no\.?|#))?|insurance\s+(?:id|number|no\.?)|medicaid(?:\s+(?:id|number))?|medicare(?:\s+(?:id|number))?|group\s+(?:number|no\.?)|health\s+plan(?:\s+(?:id|number))?|beneficiary\s+(?:id|number))\b\s*(?:is|:|#)?\s*(?P<x>{ID_SPOKEN})"), always, Start::Words(&["member", "subscriber", "policy", "insurance", "medicaid", "medicare", "group", "health", "beneficiary"])),
            mk("account", Category::Account, 0.95, "number after 'account'",
               &format!(r"\b(?:account|acct|billing|invoice|iban)(?:\s+(?:number|no\.?|#))?\b\s*(?:is|:|#)?\s*(?P<x>{ID_SPOKEN})"), always, Start::Words(&["account", "acct", "billing", "invoice", "iban"])),
            mk("license", Category::License, 0.97, "number after 'license' / DEA / NPI",
               &format!(r"\b(?:licen[cs]e|dea|npi|certificate|lic\.?)(?:\s+(?:number|no\.?|#))?\b\s*(?:is|:|#)?\s*(?P<x>{ID})"), always, Start::Words(&["lic", "dea", "npi", "certificate"])),
            mk("vehicle", Category::Vehicle, 0.95, "plate or vehicle number",
               r"\b(?:plate|license\s+plate|tag\s+number|vin|vehicle(?:\s+identification)?(?:\s+number)?)\b\s*(?:is|:|#)?\s*(?P<x>[a-z0-9][a-z0-9\- ]{2,9}[a-z0-9])\b", plate, Start::Words(&["plate", "license", "tag", "vin", "vehicle"])),
            mk("vin", Category::Vehicle, 0.9, "17-character vehicle identification number", r"\b[a-hj-npr-z0-9]{17}\b", |c, _| c.get(0).is_some_and(|m| m.as_str().chars().filter(char::is_ascii_digit).count() >= 5), Start::Scan),
            mk("device", Category::Device, 0.95, "serial or device number",
               &format!(r"\b(?:serial(?:\s+(?:number|no\.?|#))?|s/n|sn|device\s+(?:id|identifier|number)|implant\s+(?:id|number)|model\s+(?:number|no\.?)|lot(?:\s+(?:number|no\.?))?|udi)\b\s*(?:is|:|#)?\s*(?P<x>{ID})"), always, Start::Words(&["serial", "s/n", "sn", "device", "implant", "model", "lot", "udi"])),
            mk("other-id", Category::OtherId, 0.8, "identifier after 'ID' / 'number'",
               &format!(r"\b(?:id|identifier|ref(?:erence)?\s+(?:number|no\.?)|case\s+(?:number|no\.?)|claim\s+(?:number|no\.?))\b\s*(?:is|:|#)?\s*(?P<x>{ID})"), always, Start::Words(&["id", "ref", "case", "claim"])),
            mk("long-number", Category::OtherId, 0.6, "a long digit string (6+ digits) is an identifier unless shown otherwise", r"\b\d{6,}\b", always, Start::Number(&[], &[])),
            // Dictated digit by digit and written so: "9 1 7 5 5 5 0 1 4 2".
            mk("digits-spaced", Category::OtherId, 0.6, "seven or more digits read one by one (an identifier or phone number)", r"\b\d(?: \d){6,}\b", always, Start::Number(&[], &[])),
            mk("phone-spaced", Category::Phone, 0.9, "digits read one by one after a phone word",
               r"\b(?:phone|call|cell|mobile|home|work|number|tel|telephone|pager|reach|contact)\b[^0-9\n]{0,40}(?P<x>\d(?:[ \-.]\d){6,10})\b", always, Start::Words(&["phone", "call", "cell", "mobile", "home", "work", "number", "tel", "pager", "reach", "contact"])),
            // Dates: every element but the year.
            // (The year written so that the pattern is one-pass: its anchored search with groups
            // runs one DFA, no backtracking.)
            mk("date-numeric", Category::Date, 0.9, "numeric date (month/day)", r"\b(?P<m>\d{1,2})[/\-](?P<d>\d{1,2})(?:[/\-](?P<y>\d\d(?:\d\d)?))?\b", numeric_date, Start::Number(&[], &[])),
            // "s/p pelvic fx3/2": a date glued to the event it dates.
            mk("date-glued", Category::Date, 0.85, "numeric date glued to an event ('fx3/2')",
               r"\b(?:fx|dx)(?P<x>\d{1,2}/\d{1,2}(?:/\d\d(?:\d\d)?)?)\b", glued_date, Start::Words(&["fx", "dx"])),
            // "12.25.2097": dots only with a four-digit year (a version or "2.5.1" is no date).
            mk("date-dotted", Category::Date, 0.9, "numeric date with dots", r"\b(?P<m>\d{1,2})\.(?P<d>\d{1,2})\.(?P<y>(?:19|20)\d{2})\b", numeric_date, Start::Number(&[], &[])),
            // "Echo (2/2097)": a month and a four-digit year.
            mk("date-month-numeric-year", Category::Date, 0.85, "numeric month and year", r"\b(?:0?[1-9]|1[0-2])/(?:19|20)\d{2}\b", always, Start::Number(&[], &[])),
            mk("date-iso", Category::Date, 0.97, "ISO date", r"\b\d{4}-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])\b", always, Start::Number(&[], &[])),
            mk("date-month-day", Category::Date, 0.95, "month name with a day",
               &format!(r"\b(?:{m})\s+(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}}\b)?"), always, Start::Words(MONTH_WORDS)),
            mk("date-day-month", Category::Date, 0.95, "day with a month name",
               &format!(r"\b(?:the\s{{1,3}})?\d{{1,2}}(?:st|nd|rd|th)?(?:\s{{1,3}}|-)(?:of\s{{1,3}})?(?:{m})\b(?:(?:,?\s+|-)\d{{4}}\b)?"), always, Start::Number(&[], &["the"])),
            mk("date-month-year", Category::Date, 0.9, "month name with a year", &format!(r"\b(?:{m})\.?,?\s+(?:of\s+)?\d{{4}}\b"), always, Start::Words(MONTH_WORDS)),
            mk("date-month", Category::Date, 0.7, "month name (a date element)", r"\b(?:january|february|april|june|july|august|september|october|november|december)\b", always, Start::Words(MONTH_WORDS)),
            mk("date-ordinal", Category::Date, 0.85, "day of the month ('on the 11th')",
               r"\b(?:on|since|until|by|before|after)\s+the\s+(?P<x>\d{1,2}(?:st|nd|rd|th))\b", always, Start::Words(&["on", "since", "until", "by", "before", "after"])),
            mk("year", Category::Date, 0.6, "a year (Safe Harbor lets years stay; tagged so the redaction policy decides)",
               r"(?:'\d{2}\b|\b\d{2}'|\b(?:19[2-9]\d|20[0-3]\d)\b)", year, Start::Number(b"'", &[])),
            // "PMH: MI 92, CABG 04", "09 PTCA to LCX": a two-digit year beside a cardiac or
            // surgical event (not "HR 92", which is no event; not "MI 2" or "PTCA 95%").
            mk("year-event", Category::Date, 0.6, "a two-digit year beside a past event (the redaction policy decides on years)",
               &format!(r"\b(?:{events})\s+(?P<x>\d{{2}})\b"), year_event, Start::Words(EVENT_WORDS)),
            mk("year-before-event", Category::Date, 0.6, "a two-digit year before a past event (the redaction policy decides on years)",
               &format!(r"\b(?P<x>\d{{2}})\s{{1,3}}(?:{events})\b"), year_event, Start::Number(&[], &[])),
            mk("date-holiday", Category::Date, 0.8, "holiday (a date element)",
               r"\b(?:christmas(?:\s+eve)?|thanksgiving|easter|new\s+year'?s(?:\s+(?:eve|day))?|hanukkah|halloween|independence\s+day|memorial\s+day|labor\s+day|valentine'?s\s+day)\b", always, Start::Words(&["christmas", "thanksgiving", "easter", "new", "hanukkah", "halloween", "independence", "memorial", "labor", "valentine"])),
            mk_tail("dob", Category::Date, 0.99, "date after 'date of birth' / 'DOB'",
               // "d.o.b. 7.7.77", "date of birth , uh , march three , fifty four", "birth date is …".
               &format!(r"{DOB_CUE}(?:\s*,?\s*(?:uh|um|er)\b)*\s*,?\s*(?:is|was|of|:)?\s*"), DOB, r"\b", always, Start::Words(DOB_WORDS)),
            mk_tail("dob-answer", Category::Date, 0.99, "date answering a question about the date of birth",
               &format!(r"{DOB_CUE}{ANSWER}\s*,?\s*(?:is|was|of|:)?\s*"), DOB, r"\b", always, Start::Words(DOB_WORDS)),
            mk("age-over-89", Category::Date, 0.95, "age over 89",
               r"\b(?P<x>(?:9\d|1[01]\d)\s*(?:-|\s)?\s*(?:y/?o|y\.\s?o\b\.?|yo|yrs?|years?)(?:[\s\-]old)?)\b", always, Start::Number(&[], &[])),
            mk("age-birthday", Category::Date, 0.95, "birthday over 89", r"\b(?P<x>(?:9\d|1[01]\d)(?:st|nd|rd|th)?)\s{1,3}birthday\b", always, Start::Number(&[], &[])),
            mk("age-over-89b", Category::Date, 0.95, "age over 89", r"\b(?:age|aged)\s*:?\s*(?P<x>9\d|1[01]\d)\b", always, Start::Words(&["age"])),
            // "she is 93", "he turned 95", "i'm ninety one" (not "she is 95% on RA", "pt was 92 over
            // 60"); "in her 90s".
            mk("age-over-89c", Category::Date, 0.9, "age over 89",
               r"\b(?:(?:she|he|who)(?:'s|\s{1,20}(?:is|was|turned))|turned|i'm)\s{1,20}(?P<x>9\d|1[01]\d)\b", age_alone, Start::Words(&["she", "he", "who", "turned", "i'm"])),
            mk("age-decade", Category::Date, 0.9, "age over 89 (decade)",
               r"\bin\s+(?:her|his|their)\s+(?P<x>90'?s|nineties|100'?s)", always, Start::Words(&["in"])),
            // Names spelled out letter by letter in dictation ("last name is s m i t h").
            mk("name-spelled", Category::Name, 0.9, "name spelled letter by letter",
               r"\b(?:spell(?:ed|s|ing)?|last\s+name|first\s+name|surname|name)\b[^.\n]{0,20}?(?P<x>\b[a-z](?:[\s\-]+[a-z]\b){2,})", always, Start::Words(&["spell", "last", "first", "surname", "name"])),
            // Places.
            mk("street", Category::Location, 0.95, "street address",
               r"\b\d{1,5}\s{1,3}(?:[a-z][a-z0-9]{0,19}\.?\s{1,3}){1,4}(?P<suffix>street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|ter|circle|cir|parkway|pkwy|highway|hwy|square|sq)\b\.?(?:,?\s+(?:apt|apartment|unit|suite|ste|#)\.?\s*[a-z0-9\-]+)?", street, Start::Number(&[], &[])),
            mk("po-box", Category::Location, 0.95, "post office box", r"\bp\.?\s*o\.?\s+box\s+\d+\b", always, Start::Words(&["p", "po"])),
            // US military mail: "PSC 1234, Box 5678, APO AE 09012", "Unit 2050 Box 4190".
            mk("military-mail", Category::Location, 0.95, "military postal address",
               r"\b(?:(?:psc|cmr|unit)\s+\d{1,5},?\s+box\s+\d{1,5}(?:,?\s+(?:apo|fpo|dpo)\s+a[aep](?:,?\s+\d{5})?)?|(?:apo|fpo|dpo)\s+a[aep],?\s+\d{5})\b", always, Start::Words(&["psc", "cmr", "unit", "apo", "fpo", "dpo"])),
            // "Apt. 4B", "Suite 300": the rest of an address line ("Unit 5" is too often a ward).
            mk("apartment", Category::Location, 0.9, "apartment or suite number",
               r"\b(?:apt|apartment|suite|ste)\b\.?\s*#?\s*\d{1,5}[a-z]?\b", apartment, Start::Words(&["apt", "apartment", "suite", "ste"])),
            mk("zip", Category::Location, 0.9, "ZIP code after a state", &format!(r"\b(?:{STATES}),?\s+(?P<x>\d{{5}}(?:-\d{{4}})?)\b"), always, Start::Words(STATE_WORDS)),
            mk("zip-context", Category::Location, 0.95, "number after 'zip'", r"\bzip(?:\s*code)?\s*(?:is|:)?\s*(?P<x>\d{3,5}(?:[\s\-]\d{2,4})?)\b", always, Start::Words(&["zip"])),
            mk("university", Category::Location, 0.9, "university (hospital) name",
               &format!(r"\b(?:university|univ\.?|u\.?)\s+(?:of\s+(?P<of>[a-z]{{2,}})|(?:{STATE_NAMES})\b)(?:\s+(?:medical\s+(?:center|system)|med\s+(?:center|ctr)|medical|hospital|hosp))?\b"), university, Start::Words(&["univ", "u"])),
            mk("facility", Category::Location, 0.9, "facility name",
               r"\b(?:hospital|hosp|memorial|medical\s+cen(?:ter)?|med\s+ctr|health\s+center|nursing\s+home|nursing\s+facility|assisted\s+living|rehab(?:ilitation)?(?:\s+(?:center|hospital|facility))?|house|manor|agency|campus|clinic|infirmary|hospice|healthcare|health\s+system|medical\s+group|practice|associates|urgent\s+care|surg(?:ery|ical)\s+center)\b", always, Start::Words(&["hosp", "memorial", "medical", "med", "health", "nursing", "assisted", "rehab", "house", "manor", "agency", "campus", "clinic", "infirmary", "hospice", "healthcare", "practice", "associates", "urgent", "surg"])),
            // Photos and biometrics are identifiers when a record mentions them as such.
            mk("photo", Category::Photo, 0.8, "full-face photograph reference", r"\b(?:full[\s\-]face\s+(?:photo(?:graph)?|image|picture)|photo(?:graph)?\s+id)\b", always, Start::Words(&["full", "photo"])),
            mk("biometric", Category::Biometric, 0.8, "biometric identifier",
               r"\b(?:fingerprints?|finger\s+prints?|retinal?\s+scan|iris\s+scan|voice\s*print|face\s+scan|biometric\s+(?:id|identifier|template))\b", always, Start::Words(&["finger", "retina", "iris", "voice", "face", "biometric"])),
        ]
        .into_iter()
        .fold((Vec::new(), Vec::new()), |(mut ok, mut bad), r| {
            match r {
                Ok(rule) => ok.push(rule),
                Err(id) => bad.push(id),
            }
            (ok, bad)
        })
    })
}

/// A street address starts a number (not the end of a date such as 2/3/2019) and its "Dr"/"St"
/// is not a title before a name ("… by Dr. Alvarez").
fn street(c: &Caps, text: &str) -> bool {
    let Some(m) = c.get(0) else { return false };
    if text[..m.start].ends_with(['/', '-', '.', ':', '#']) {
        return false;
    }
    // Street names are not made of function words ("3 way foley in place").
    const NOT_STREET: &[&str] = &["in", "the", "to", "of", "with", "and", "&", "at", "on", "for", "is", "was", "has", "way", "x", "times"];
    let words: Vec<String> = m.as_str().split_whitespace().skip(1).map(|w| w.trim_end_matches('.').to_ascii_lowercase()).collect();
    if words.iter().rev().skip(1).any(|w| NOT_STREET.contains(&w.as_str())) {
        return false;
    }
    let suffix = c.name("suffix").map_or("", |s| s.as_str()).to_ascii_lowercase();
    // "CT" is also a chest tube or a scan, "Dr" a doctor: those suffixes need a street name of
    // plain words ("3 hour period. dr.lane", "1600 lateral ct").
    if matches!(suffix.as_str(), "dr" | "ct") {
        let name = &words[..words.len().saturating_sub(1)];
        let clinical = name.iter().any(|w| super::lexicon::allow(w) == super::lexicon::Allow::Clinical);
        let dotted = m.as_str().split_whitespace().rev().skip(1).any(|w| w.ends_with('.'));
        let unit = name.first().is_some_and(|w| matches!(w.as_str(), "hour" | "hours" | "hr" | "hrs" | "min" | "day" | "days" | "cm" | "mm" | "fr" | "french"));
        // "at 1600 lateral ct": a 24-hour time, then what was placed.
        let clock = clock_time(m.as_str().split_whitespace().next().unwrap_or_default());
        if clinical || dotted || unit || clock {
            return false;
        }
    }
    if matches!(suffix.as_str(), "dr" | "st") {
        let rest = text[m.end..].trim_start_matches(['.', ' ']);
        if rest.chars().next().is_some_and(char::is_uppercase) && !text[m.end..].starts_with(',') {
            return false;
        }
    }
    true
}

/// Facility names ("Calvert Hospital", "Kimbrough Rehab"): the rule finds the facility word and
/// this reads up to three words back from it while they could be part of a name, so "admitted to
/// hospital", "awaiting rehab" or "house staff" tag nothing. Returns where the name starts.
fn facility_start(text: &str, suffix: &str, suffix_start: usize, cased: bool) -> Option<usize> {
    // "rehab", "house", "agency" are also everyday nouns ("awaiting rehab", "house staff").
    let first_word = suffix.split_whitespace().next().unwrap_or_default().to_ascii_lowercase();
    let weak = matches!(first_word.as_str(), "rehab" | "rehabilitation" | "house" | "manor" | "agency" | "campus" | "practice" | "associates");
    let mut pos = suffix_start;
    let mut first = None;
    let mut name_words = 0;
    for _ in 0..5 {
        let before = &text[..pos];
        let trimmed = before.trim_end_matches(char::is_whitespace);
        if trimmed.len() == before.len() {
            break; // glued to punctuation: not a separate word
        }
        // "R. Vastelli Nursing Agency" (in lower-case text "s. dominico nursing agency"): an
        // initial before the name words.
        let tb = trimmed.as_bytes();
        if name_words > 0 && tb.len() >= 2 && tb[tb.len() - 1] == b'.' && (tb[tb.len() - 2].is_ascii_uppercase() || (!cased && tb[tb.len() - 2].is_ascii_lowercase())) && (tb.len() == 2 || tb[tb.len() - 3] == b' ') {
            first = Some(tb.len() - 2);
            break;
        }
        let at = trimmed.char_indices().rev().find(|(_, c)| !(c.is_ascii_alphabetic() || *c == '\'' || *c == '-')).map_or(0, |(p, c)| p + c.len_utf8());
        let w = &trimmed[at..];
        if w.len() < 2 || !w.starts_with(|c: char| c.is_ascii_alphabetic()) {
            break;
        }
        let low = w.to_ascii_lowercase();
        let title = w.chars().next().is_some_and(char::is_uppercase) && w.chars().skip(1).any(char::is_lowercase);
        let entry = super::lexicon::lookup(&low);
        // Everyday words belong to a name in Title Case ("Holy Cross", "Good Samaritan"), and in
        // ALL-CAPS or lower-case text before a hospital word; never lower case in mixed text.
        let everyday = entry.english.is_some() && !title && entry.place == 0;
        // (A word in no dictionary is a name word unless it is a typo: "tranplant clinic".)
        let ordinary = entry.allow == super::lexicon::Allow::Clinical
            || super::names::is_stopword(&low)
            || (entry == super::lexicon::Entry::NONE && !title && super::lexicon::typo_of_word(&low))
            || (everyday && (weak || cased))
            || matches!(
                low.as_str(),
                "outside" | "local" | "same" | "another" | "other" | "general" | "state" | "teaching" | "private" | "community" | "city" | "county"
                    | "university" | "children's" | "psychiatric" | "psych" | "acute" | "nsg" | "leave" | "left" | "wanted" | "name" | "back" | "go"
                    | "going" | "needs" | "need" | "transfer" | "transferred" | "admitted" | "admission" | "sent" | "discharged" | "being" | "eval"
                    | "evaluate" | "screened" | "plan" | "plans" | "get" | "getting" | "returned" | "return" | "came" | "come" | "went" | "stay"
                    | "stayed" | "previous" | "prior" | "recent" | "recently" | "another's" | "his" | "her" | "their" | "prev" | "start" | "started"
                    | "starting" | "cont" | "con't" | "continue" | "continued"
            );
        // Facility words inside the name ("Dominico Nursing Agency", "Calvert Memorial Hospital")
        // are read past, and only count once a name word stands before them.
        let facility_word = matches!(
            low.as_str(),
            "hospital" | "medical" | "center" | "health" | "nursing" | "memorial" | "facility" | "clinic" | "rehab" | "regional" | "general" | "family"
        );
        if facility_word {
            // "General Hospital", "Memorial Hospital" are a name (in mixed text, in Title Case).
            if (title || !cased) && matches!(low.as_str(), "general" | "memorial" | "regional") {
                first = first.or(Some(at));
            }
            pos = at;
            continue;
        }
        if ordinary || name_words == 3 {
            break;
        }
        name_words += 1;
        first = Some(at);
        pos = at;
    }
    first
}

/// What some rules need, each something rare in notes (most [`Start::Scan`] rules, and those of a
/// dialogue); noted in the pass of [`Places::find`] so that a rule is searched only when it can
/// match.
#[derive(Default)]
struct Rare {
    at_sign: bool,
    /// The word "dot" (spoken e-mail addresses).
    dot_word: bool,
    /// ".com", ".org" …
    domain: bool,
    /// Hex digits on both sides of a colon.
    hex_colon: bool,
    /// 17 letters and digits in a row (a VIN).
    long_run: bool,
    /// "[": a dialogue's turns ("[doctor]", "[patient]").
    turn: bool,
}

impl Rare {
    fn allows(&self, id: &str) -> bool {
        match id {
            "email" => self.at_sign,
            "email-spoken" => self.dot_word,
            "url-domain" => self.domain,
            "ipv6" => self.hex_colon,
            "vin" => self.long_run,
            "mrn-answer" | "dob-answer" => self.turn,
            _ => true,
        }
    }
}

/// Buffers that one thread reuses from text to text (the tagger runs on every change of a live
/// transcript): the places' vectors and each rule's captures. They hold offsets, never text.
#[derive(Default)]
struct Scratch {
    own: Vec<Vec<usize>>,
    caps: Vec<Option<Captures>>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Where the rules may match in a text, in ascending order, found in one pass over it.
struct Places {
    /// Per rule: its word, character and number starts; then, per rule, where its [`ahead`]
    /// words begin.
    own: Vec<Vec<usize>>,
    rare: Rare,
}

impl Places {
    /// `scratch` lends its vectors (see [`Scratch`]).
    fn find(hay: &str, rules: &[Rule], scratch: &mut Scratch) -> Self {
        let index = word_index();
        let bytes = hay.as_bytes();
        let mut own = std::mem::take(&mut scratch.own);
        own.resize_with(2 * rules.len(), Vec::new);
        own.iter_mut().for_each(Vec::clear);
        let mut rare = Rare::default();
        let at_ci = |at: usize, s: &[u8]| bytes.get(at..).is_some_and(|w| starts_ci(w, s));
        let mut at = 0;
        while at < bytes.len() {
            let b = bytes[at];
            let kind = index.bytes[usize::from(b)];
            if kind & WORD == 0 {
                if kind & RARE != 0 {
                    match b {
                        b'@' => rare.at_sign = true,
                        b'[' => rare.turn = true,
                        b':' => rare.hex_colon |= at > 0 && bytes[at - 1].is_ascii_hexdigit() && bytes.get(at + 1).is_some_and(u8::is_ascii_hexdigit),
                        _ => rare.domain |= [&b"com"[..], b"org", b"net", b"edu", b"gov", b"io", b"us"].iter().any(|t| at_ci(at + 1, t)),
                    }
                }
                if kind & START != 0 {
                    index.start_char(b, &mut own, at);
                }
                at += 1;
                continue;
            }
            // The first byte of a word (letters, digits, "_").
            if b.is_ascii_alphabetic() {
                rare.dot_word |= matches!(b, b'd' | b'D') && at_ci(at, b"dot");
                let second = bytes.get(at + 1).filter(|c| c.is_ascii_alphabetic()).map_or(26, |c| usize::from(c.to_ascii_lowercase() - b'a'));
                let first = usize::from(b.to_ascii_lowercase() - b'a');
                let bucket = &index.words[first * 27 + second];
                if !bucket.is_empty() {
                    // The word's first bytes lower-cased once, for every prefix of the bucket: by
                    // setting bit 5 of every byte, which lower-cases letters and leaves the other
                    // bytes of a prefix ("/", "-", ".") alone; only control characters (0x0e,
                    // 0x0f) could then pass for one, and a place is only where a search starts.
                    // (Bytes past the text stay 0, which no prefix has.)
                    let low = match bytes.get(at..at + PREFIX_MAX) {
                        Some(w) => u128::from_le_bytes(w.try_into().unwrap_or_default()) | u128::from_le_bytes([0x20; PREFIX_MAX]),
                        None => {
                            let mut low = [0u8; PREFIX_MAX];
                            for (l, c) in low.iter_mut().zip(&bytes[at..]) {
                                *l = c.to_ascii_lowercase();
                            }
                            u128::from_le_bytes(low)
                        }
                    };
                    for &(prefix, mask, r) in bucket {
                        if low & mask == prefix && own[r].last() != Some(&at) {
                            own[r].push(at);
                        }
                    }
                }
            } else if b.is_ascii_digit() {
                // A number (a digit after a non-word character): a place of the number rules
                // whose gate its shape fits.
                let d = digit_run(&bytes[at..]);
                let mut fit = index.number_rules[d.min(31) * 8 + next_class(bytes.get(at + d).copied()).trailing_zeros() as usize];
                while fit != 0 {
                    own[index.numbers[fit.trailing_zeros() as usize].0].push(at);
                    fit &= fit - 1;
                }
            }
            // The rest of the word: only start characters inside it ("x1 555 …") and a VIN's
            // 17 letters and digits in a row matter there.
            let first = at;
            at += 1;
            while let Some(&c) = bytes.get(at) {
                let kind = index.bytes[usize::from(c)];
                if kind != WORD | ALNUM {
                    if kind & WORD == 0 {
                        break;
                    }
                    if kind & START != 0 {
                        index.start_char(c, &mut own, at);
                    }
                }
                at += 1;
            }
            rare.long_run |= at - first >= 17 && bytes[first..at].split(|&c| c == b'_').any(|run| run.len() >= 17);
        }
        Self { own, rare }
    }

    /// Where the [`ahead`] words of rule `r` begin, ascending.
    fn ahead(&self, r: usize) -> &[usize] {
        &self.own[self.own.len() / 2 + r]
    }
}

/// The word prefixes of all rules, bucketed by their first two letters (the second "letter" 26
/// stands for any non-letter, and holds the one-letter prefixes and those such as "s/n").
struct WordIndex {
    /// Each prefix as 16 little-endian bytes with the mask of its length, and its rule.
    words: Vec<Vec<(u128, u128, usize)>>,
    /// The [`Start::Number`] rules with their extra start characters (marked [`START`] in `bytes`).
    numbers: Vec<(usize, &'static [u8])>,
    /// Per digit count (up to 31) and [`next`] class of the byte after the digits (8 per count):
    /// the bits of the [`Self::numbers`] whose [`NumberGate::shape`] a number of that shape fits.
    number_rules: Vec<u64>,
    /// Per byte value: its [`WORD`], [`ALNUM`], [`START`] and [`RARE`] bits.
    bytes: [u8; 256],
}

/// The longest word prefix of a [`Start`].
const PREFIX_MAX: usize = 16;

/// A byte of a word as `\b` sees it: a letter, digit or "_".
const WORD: u8 = 1;
/// A letter or digit.
const ALNUM: u8 = 2;
/// An extra start character of a [`Start::Number`] rule.
const START: u8 = 4;
/// A character a rule needs (`@`, `:`, `.`, `[`: see [`Rare`]).
const RARE: u8 = 8;

impl WordIndex {
    /// Notes `b` as a start of every number rule that starts at it.
    fn start_char(&self, b: u8, own: &mut [Vec<usize>], at: usize) {
        for &(r, chars) in &self.numbers {
            if chars.contains(&b) {
                own[r].push(at);
            }
        }
    }
}

fn word_index() -> &'static WordIndex {
    static W: OnceLock<WordIndex> = OnceLock::new();
    W.get_or_init(|| {
        let mut words = vec![Vec::new(); 26 * 27];
        let (mut numbers, mut bytes) = (Vec::new(), [0u8; 256]);
        let mut number_rules = vec![0u64; 32 * 8];
        for b in 0..=255u8 {
            if b.is_ascii_alphanumeric() {
                bytes[usize::from(b)] = WORD | ALNUM;
            }
        }
        bytes[usize::from(b'_')] = WORD;
        for b in [b'@', b':', b'.', b'['] {
            bytes[usize::from(b)] |= RARE;
        }
        for (r, rule) in rules().iter().enumerate() {
            if let Start::Number(c, _) = rule.start {
                // (A rule past the 64th would find no number: `number_rules_fit_the_table` fails.)
                let bit = 1u64.checked_shl(numbers.len() as u32).unwrap_or(0);
                for (i, fit) in number_rules.iter_mut().enumerate() {
                    if rule.gate.is_none_or(|g| g.shape(i / 8, 1 << (i % 8))) {
                        *fit |= bit;
                    }
                }
                numbers.push((r, c));
                for &b in c {
                    bytes[usize::from(b)] |= START;
                }
            }
            let prefixes = match rule.start {
                Start::Words(w) | Start::Number(_, w) => w,
                Start::Scan => &[],
            };
            // A rule's ahead words are noted in a second list per rule (see `Places::ahead`).
            let ahead = rule.ahead.map_or(&[][..], |(w, _)| w).iter().map(|w| (w, rules().len() + r));
            for (prefix, r) in prefixes.iter().map(|w| (w, r)).chain(ahead) {
                let b = prefix.as_bytes();
                // Prefixes begin with a lower-case letter and are at most `PREFIX_MAX` bytes (a
                // wrong one is skipped, and the test comparing with full scans fails).
                let Some(first) = b.first().filter(|c| c.is_ascii_lowercase() && b.len() <= PREFIX_MAX).map(|c| usize::from(c - b'a')) else { continue };
                let second = b.get(1).filter(|c| c.is_ascii_lowercase()).map_or(26, |c| usize::from(c - b'a'));
                let mut padded = [0u8; PREFIX_MAX];
                padded[..b.len()].copy_from_slice(b);
                let mask = u128::MAX.checked_shr(8 * (PREFIX_MAX - b.len()) as u32).unwrap_or(0);
                words[first * 27 + second].push((u128::from_le_bytes(padded), mask, r));
            }
        }
        WordIndex { words, numbers, number_rules, bytes }
    })
}

/// Runs every pattern rule over the view of `text`: anchored at the places it may start, or
/// (the few rules that need something rare) scanning the whole text when that is present.
pub fn find(text: &str, view: &View, cased: bool) -> Vec<super::Hit> {
    let rules = rules();
    let hay = view.text.as_str();
    let mut scratch = SCRATCH.with(|s| std::mem::take(&mut *s.borrow_mut()));
    scratch.caps.resize_with(rules.len(), || None);
    let places = Places::find(hay, rules, &mut scratch);
    let bytes = hay.as_bytes();
    // (Room for a note's findings, about one per 50 bytes, with some to spare: growing by
    // doubling cost more.)
    let mut hits = Vec::with_capacity(hay.len() / 32);
    for (r, rule) in rules.iter().enumerate() {
        // Made on the first search of this thread: most rules have no place to start in a text.
        let caps = &mut scratch.caps[r];
        let each = |caps: &Captures, x: Option<(usize, usize)>, hits: &mut Vec<Hit>| {
            let c = Caps { hay, caps, groups: &rule.groups, x };
            if (rule.check)(&c, hay) {
                hit(text, view, cased, rule, &c, hits);
            }
        };
        if !places.rare.allows(rule.id) {
            continue;
        }
        if let Start::Scan = rule.start {
            for c in rule.re.captures_iter(hay) {
                each(&c, None, &mut hits);
            }
            continue;
        }
        // As a scan would: after a match, the next one starts at or after its end.
        let mut done = 0;
        let (ahead, mut next_ahead) = (places.ahead(r), 0);
        for &at in &places.own[r] {
            if at < done {
                continue;
            }
            if let Some((_, within)) = rule.ahead {
                while ahead.get(next_ahead).is_some_and(|&p| p <= at) {
                    next_ahead += 1;
                }
                if ahead.get(next_ahead).is_none_or(|&p| p - at > within) {
                    continue;
                }
            }
            if bytes[at].is_ascii_digit() {
                if let Some(gate) = rule.gate {
                    if !gate.allows(&bytes[at..], digit_run(&bytes[at..])) {
                        continue;
                    }
                }
            } else if let Some(gate) = rule.word_gate.filter(|_| bytes[at].is_ascii_alphabetic()) {
                if !gate(&bytes[at..]) {
                    continue;
                }
            }
            let input = Input::new(hay).range(at..).anchored(Anchored::Yes);
            let caps = caps.get_or_insert_with(|| if matches!(rule.tail, Tail::Groups) { rule.re.create_captures() } else { Captures::matches(rule.re.group_info().clone()) });
            rule.re.search_captures(&input, caps);
            let Some(m) = caps.get_match() else { continue };
            done = m.end();
            match &rule.tail {
                Tail::Groups => each(caps, None, &mut hits),
                Tail::Digits => {
                    let first = bytes[m.start()..m.end()].iter().position(u8::is_ascii_digit).unwrap_or(0);
                    each(caps, Some((m.start() + first, m.end())), &mut hits);
                }
                Tail::After { cue, x } => {
                    let x_at = |from: usize| x.search(&Input::new(hay).range(from..).anchored(Anchored::Yes)).filter(|xm| xm.end() == m.end()).map(|_| (from, m.end()));
                    match cue.search(&input).and_then(|c| x_at(c.end())) {
                        Some(x) => each(caps, Some(x), &mut hits),
                        None => {
                            let mut full = rule.re.create_captures();
                            rule.re.search_captures(&input, &mut full);
                            each(&full, None, &mut hits);
                        }
                    }
                }
            }
        }
    }
    // Kept for the next text unless a huge one made them big.
    if places.own.iter().all(|o| o.capacity() < 1 << 16) {
        scratch.own = places.own;
    }
    SCRATCH.with(|s| *s.borrow_mut() = scratch);
    hits
}

/// Records one checked match, mapped back to the original text.
fn hit(text: &str, view: &View, cased: bool, rule: &'static Rule, c: &Caps, hits: &mut Vec<Hit>) {
    let Some(m) = c.name("x").or_else(|| c.get(0)) else { return };
    let (mut start, end) = view.to_original(m.start, m.end);
    if rule.id == "facility" {
        match facility_start(text, &text[start..end], start, cased) {
            Some(s) => start = s,
            None => return,
        }
    }
    if end <= start || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return;
    }
    let spoken = view.rewritten() && text[start..end].chars().any(|ch| ch.is_ascii_alphabetic()) && !text[start..end].contains(|ch: char| ch.is_ascii_digit());
    hits.push(Hit {
        start,
        end,
        category: rule.category,
        score: rule.score,
        rule: rule.id,
        why: (if spoken { rule.why_spoken.as_str() } else { rule.why }).into(),
    });
}

/// Every rule scanning the whole view: what [`find`] must equal (it only skips places where a
/// rule cannot start).
#[cfg(test)]
pub(crate) fn find_by_scanning(text: &str, view: &View, cased: bool) -> Vec<super::Hit> {
    let hay = view.text.as_str();
    let mut hits = Vec::new();
    for rule in rules() {
        for caps in rule.re.captures_iter(hay) {
            let c = Caps { hay, caps: &caps, groups: &rule.groups, x: None };
            if (rule.check)(&c, hay) {
                hit(text, view, cased, rule, &c, &mut hits);
            }
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`WordIndex::number_rules`] has one bit per number rule.
    #[test]
    fn number_rules_fit_the_table() {
        let n = word_index().numbers.len();
        assert!((1..=64).contains(&n), "{n} number rules");
    }
}
