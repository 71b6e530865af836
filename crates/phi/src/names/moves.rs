//! Places after verbs of moving or living ("admitted to", "grew up in"), and the states and
//! countries that are neither places to tag nor names ("lives in California").

use crate::lexicon::Allow;
use crate::span::{Category, Hit};
use crate::tokens::{capitalised, class, Tok};

use super::found::Scan;

/// After a word that places ("in", "to" …), a state or a country: skipped, as neither a place
/// to tag nor a name ("Florida" is also a given name).
pub(super) fn large_region(s: &mut Scan, i: usize, _cased: bool) -> Option<usize> {
    let (text, toks) = (s.text, s.toks);
    let _t = &toks[i];
    // "lives in California", "went to florida", "grew up in Haiti": a state or a country is
    // no identifier, neither as a place nor as a name ("Florida" is also a given name).
    if let Some(n) = after_place_word(toks, i).then(|| crate::places::large_region_at(text, toks, i)).flatten() {
        return Some(i + n);
    }
    None
}

/// A facility or town after a verb of moving at token `i`.
pub(super) fn moved_to(s: &mut Scan, i: usize, cased: bool) -> Option<usize> {
    let (text, toks) = (s.text, s.toks);
    let t = &toks[i];
    if let Some((a, b)) = place_after_move(text, toks, i, cased).filter(|&(a, _)| crate::places::large_region_at(text, toks, a).is_none()) {
        s.found.push(Hit {
            start: toks[a].start,
            end: toks[b - 1].end,
            category: Category::Location,
            score: 0.75,
            rule: "place-context",
            why: format!("place after '{} {}'", t.raw, toks[i + 1].raw).into(),
        });
        return Some(b);
    }
    None
}

pub(super) fn place_after_move(text: &str, toks: &[Tok], i: usize, cased: bool) -> Option<(usize, usize)> {
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

/// Whether token `i` follows a word that places ([`PLACE_WORDS`]).
pub(super) fn after_place_word(toks: &[Tok], i: usize) -> bool {
    i > 0 && toks[i - 1].is(class::PLACE_WORD)
}

/// Whether "family" follows token `i` ("the Romero family").
pub(super) fn family_next(text: &str, toks: &[Tok], i: usize) -> bool {
    toks.get(i + 1).is_some_and(|n| n.is(class::FAMILY) && text[toks[i].end..n.start] == *" ")
}
