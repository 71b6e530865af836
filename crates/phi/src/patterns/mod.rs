//! Pattern recognizers: numbers, codes, dates, contacts and places, written or spoken.
//!
//! They run on the [`View`] (spoken numbers as digits) and map matches back to the original.
//! A rule with a capture group named `x` tags only that group (the context words stay visible).

mod bytes;
mod caps;
mod checks;
mod gates;
mod index;
mod rule;
mod table;
mod vocab;

use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input};

use bytes::digit_run;
use caps::Caps;
use checks::facility_start;
use index::{Places, SCRATCH};
use rule::{Rule, Start, Tail};
use table::rules;

pub(crate) use table::broken;
use crate::span::Hit;
use crate::spoken::View;

/// Runs every pattern rule over the view of `text`: anchored at the places it may start, or
/// (the few rules that need something rare) scanning the whole text when that is present.
pub(crate) fn find(text: &str, view: &View, cased: bool) -> Vec<Hit> {
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
pub(crate) fn find_by_scanning(text: &str, view: &View, cased: bool) -> Vec<Hit> {
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
