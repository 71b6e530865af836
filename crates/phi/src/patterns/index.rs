//! Where each rule may start in a text: one pass over the words and numbers of the text finds
//! the places, so most rules run a handful of anchored searches instead of a scan.

use std::sync::OnceLock;

use regex_automata::util::captures::Captures;

use super::bytes::{digit_run, starts_ci};
use super::gates::next_class;
use super::rule::{Rule, Start};
use super::table::rules;

/// What some rules need, each something rare in notes (most [`Start::Scan`] rules, and those of a
/// dialogue); noted in the pass of [`Places::find`] so that a rule is searched only when it can
/// match.
#[derive(Default)]
pub(super) struct Rare {
    pub(super) at_sign: bool,
    /// The word "dot" (spoken e-mail addresses).
    pub(super) dot_word: bool,
    /// ".com", ".org" …
    pub(super) domain: bool,
    /// Hex digits on both sides of a colon.
    pub(super) hex_colon: bool,
    /// 17 letters and digits in a row (a VIN).
    pub(super) long_run: bool,
    /// "[": a dialogue's turns ("[doctor]", "[patient]").
    pub(super) turn: bool,
}

impl Rare {
    pub(super) fn allows(&self, id: &str) -> bool {
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
pub(super) struct Scratch {
    pub(super) own: Vec<Vec<usize>>,
    pub(super) caps: Vec<Option<Captures>>,
}

thread_local! {
    pub(super) static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Where the rules may match in a text, in ascending order, found in one pass over it.
pub(super) struct Places {
    /// Per rule: its word, character and number starts; then, per rule, where its [`ahead`]
    /// words begin.
    pub(super) own: Vec<Vec<usize>>,
    pub(super) rare: Rare,
}

impl Places {
    /// `scratch` lends its vectors (see [`Scratch`]).
    pub(super) fn find(hay: &str, rules: &[Rule], scratch: &mut Scratch) -> Self {
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
    pub(super) fn ahead(&self, r: usize) -> &[usize] {
        &self.own[self.own.len() / 2 + r]
    }
}

/// The word prefixes of all rules, bucketed by their first two letters (the second "letter" 26
/// stands for any non-letter, and holds the one-letter prefixes and those such as "s/n").
pub(super) struct WordIndex {
    /// Each prefix as 16 little-endian bytes with the mask of its length, and its rule.
    pub(super) words: Vec<Vec<(u128, u128, usize)>>,
    /// The [`Start::Number`] rules with their extra start characters (marked [`START`] in `bytes`).
    pub(super) numbers: Vec<(usize, &'static [u8])>,
    /// Per digit count (up to 31) and [`next`] class of the byte after the digits (8 per count):
    /// the bits of the [`Self::numbers`] whose [`NumberGate::shape`] a number of that shape fits.
    pub(super) number_rules: Vec<u64>,
    /// Per byte value: its [`WORD`], [`ALNUM`], [`START`] and [`RARE`] bits.
    pub(super) bytes: [u8; 256],
}

/// The longest word prefix of a [`Start`].
pub(super) const PREFIX_MAX: usize = 16;

/// A byte of a word as `\b` sees it: a letter, digit or "_".
pub(super) const WORD: u8 = 1;
/// A letter or digit.
pub(super) const ALNUM: u8 = 2;
/// An extra start character of a [`Start::Number`] rule.
pub(super) const START: u8 = 4;
/// A character a rule needs (`@`, `:`, `.`, `[`: see [`Rare`]).
pub(super) const RARE: u8 = 8;

impl WordIndex {
    /// Notes `b` as a start of every number rule that starts at it.
    pub(super) fn start_char(&self, b: u8, own: &mut [Vec<usize>], at: usize) {
        for &(r, chars) in &self.numbers {
            if chars.contains(&b) {
                own[r].push(at);
            }
        }
    }
}

pub(super) fn word_index() -> &'static WordIndex {
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
