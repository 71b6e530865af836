//! Person names: lexicons (Census surnames, SSA/Census given names) combined with context
//! (titles, "name is", relation words, greetings), guarded by clinical allow-lists, and
//! propagated to every other mention of a tagged name in the same text.
//!
//! [`find`] walks the tokens once and tries the rules in a fixed order at each token; the first
//! that finds a name there says where to go on. The rules of [`labels`] run afterwards, since
//! they read a name from what follows it.

mod evidence;
mod found;
mod intros;
mod labels;
mod moves;
mod relations;
mod sentences;
mod signature;
mod titles;

pub(crate) use labels::{addresses, before_label, coordinated};

use evidence::{contextual_name, name_hit, surname_before_pause};
use found::Scan;
use moves::{after_place_word, family_next};
use crate::lexicon::Allow;
use crate::span::Hit;
use crate::tokens::{capitalised, class, unknown_word, within, Covered, Tok, WordSet};

/// Finds names in `text`, adding them to `hits`. `lower_lines` is
/// [`crate::tokens::lower_case_lines`].
pub(crate) fn find(text: &str, toks: &[Tok], cased: bool, lower_lines: &[bool], hits: &mut Vec<Hit>) {
    let mut s = Scan { text, toks, found: Vec::with_capacity(16) };
    let doc_cased = cased;
    let mut i = 0;
    while i < toks.len() {
        // A line typed all in lower case inside a mixed-case note is read as lower-case text.
        let cased = doc_cased && !lower_lines[i];
        if !could_start(text, toks, i, cased) {
            i += 1;
            continue;
        }
        // The rules, in the order they are tried: the first that finds something says where
        // to go on.
        let next = titles::title(&mut s, i, cased)
            .or_else(|| relations::relation(&mut s, i, cased))
            .or_else(|| intros::header(&mut s, i, cased))
            .or_else(|| intros::intro(&mut s, i, cased))
            .or_else(|| moves::large_region(&mut s, i, cased))
            .or_else(|| moves::moved_to(&mut s, i, cased))
            .or_else(|| sentences::both(&mut s, i, cased))
            .or_else(|| signature::signed(&mut s, i, cased))
            .or_else(|| sentences::says_is(&mut s, i, cased))
            .or_else(|| sentences::family(&mut s, i, cased))
            .or_else(|| sentences::standalone(&mut s, i, cased));
        i = next.unwrap_or(i + 1);
    }
    let mut found = s.found;
    found.extend(signature::last_line_name(text, toks, cased));
    // (A surname that is also an everyday word is not looked for elsewhere: "e/d fair".)
    let everyday_surnames = if cased { Vec::new() } else { surname_before_pause(text, toks, &mut found) };
    other_mentions(toks, cased, &everyday_surnames, &mut found);
    hits.extend(found);
}

/// Whether any rule can start at token `i`. Most tokens start none: no cue word, no name
/// evidence, not an initial or a word in no dictionary. A word with no name evidence of its own
/// can still be a surname before "family" (which asks for a lower count), start "both X and Y"
/// or a state after "in".
fn could_start(text: &str, toks: &[Tok], i: usize, cased: bool) -> bool {
    let t = &toks[i];
    let cue = t.is(class::TITLE | class::RELATION | class::INTRO | class::MOVE | class::HYPHEN | class::HEADER);
    let other_use = || t.low == "both" || after_place_word(toks, i) || family_next(text, toks, i);
    cue || t.raw.len() <= 1 || unknown_word(t) || contextual_name(t, cased).is_some() || (t.lex().surname >= 100 && other_use())
}

/// Every other mention of a name found with context is the same person.
fn other_mentions(toks: &[Tok], cased: bool, everyday_surnames: &[usize], found: &mut Vec<Hit>) {
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
    if names.is_empty() {
        return;
    }
    let covered = Covered::new(found.iter().map(|h| (h.start, h.end)));
    for t in toks {
        // A repeat that is also an everyday word ("mask", "chest") counts only capitalised.
        if filter & sketch(&t.low) == 0 || !names.contains(&*t.low) {
            continue;
        }
        let everyday = t.lex().everyday() && t.lex().surname < 300 && t.lex().first < 200 && !(cased && capitalised(t));
        if !everyday && !covered.inside(t.start, t.end) {
            found.push(name_hit(t.start, t.end, 0.8, "name-repeat", "same name as tagged elsewhere in this text"));
        }
    }
}
