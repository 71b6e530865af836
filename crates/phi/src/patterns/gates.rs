//! Gates: cheap tests of what follows a possible start, asked before the regex search.

use super::vocab::{EVENT_WORDS, MONTH_WORDS, PHONE_LABELS, STREET_WORDS};
use super::bytes::{after_month, after_word, digit_run, first_digits, is_space, joined_digits, over_89, skip, skip_spaces, starts_ci};

/// What must follow the start word of rule `id` (the bytes from the word on) for a match to be
/// possible. A cheap test before the anchored search; the unit test comparing with full scans
/// fails if a gate is too strict.
pub(super) fn word_gate(id: &str) -> Option<fn(&[u8]) -> bool> {
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
pub(super) mod next {
    pub const END: u8 = 1;
    /// A space as `bytes::is_space` reads it.
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
pub(super) fn next_class(c: Option<u8>) -> u8 {
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
pub(super) struct NumberGate {
    /// The lengths its digit run may have, as bits (bit 31: 31 digits or more).
    pub(super) digits: u32,
    /// The [`next`] classes the byte after the digits may have.
    pub(super) next: u8,
    /// A further test of the bytes from the first digit, given the digit count.
    pub(super) more: Option<fn(&[u8], usize) -> bool>,
}

impl NumberGate {
    /// Whether a number of `d` digits followed by a byte of class `next` has the shape.
    pub(super) fn shape(&self, d: usize, next: u8) -> bool {
        self.digits & (1 << d.min(31)) != 0 && self.next & next != 0
    }

    /// Whether the number at the start of `b`, with `d` digits, can start a match.
    pub(super) fn allows(&self, b: &[u8], d: usize) -> bool {
        self.shape(d, next_class(b.get(d).copied())) && self.more.is_none_or(|more| more(b, d))
    }
}

/// Digit counts from `lo` to `hi` as [`NumberGate::digits`] bits.
pub(super) const fn lengths(lo: u32, hi: u32) -> u32 {
    (u32::MAX >> (31 - hi)) & (u32::MAX << lo)
}

/// The [`NumberGate`] of rule `id`, if it has one.
pub(super) fn number_gate(id: &str) -> Option<NumberGate> {
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
pub(super) fn ahead(id: &str) -> Option<(&'static [&'static str], usize)> {
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
