//! One pattern rule: its regex, the category it tags, where it may start, and the cheap tests
//! that spare a search where it cannot match.

use regex_automata::meta::Regex;
use regex_automata::util::syntax;

use super::caps::Caps;
use super::gates::{ahead, number_gate, word_gate, NumberGate};
use crate::span::Category;

pub(super) struct Rule {
    pub id: &'static str,
    pub category: Category,
    pub score: f32,
    pub why: &'static str,
    /// `why` with " (spoken)": for a match of spoken numbers (made once, not once per match).
    pub why_spoken: String,
    pub re: Regex,
    /// The names of the capture groups with their indices: a rule has at most three, and a
    /// look-up here is cheaper than the regex's own map by name.
    pub groups: Vec<(&'static str, usize)>,
    pub check: fn(&Caps, &str) -> bool,
    pub start: Start,
    /// For a [`Start::Number`] rule: the shape of a number that can start a match.
    pub gate: Option<NumberGate>,
    /// For a rule starting at words: whether what follows the word can continue a match (see
    /// [`word_gate`]); "in", "the", "on", "po" start far more words than ZIP codes and dates.
    pub word_gate: Option<fn(&[u8]) -> bool>,
    /// Words one of which must begin at most this many bytes after the start of a match (see
    /// [`ahead`]): "40 mg" cannot start a street address when no street word follows.
    pub ahead: Option<(&'static [&'static str], usize)>,
    /// How its one group "x" is found without the backtracking that finds groups (see [`Tail`]).
    pub tail: Tail,
}

/// For a rule whose one group "x" ends its match (a cue, then the identifier): how to find "x"
/// once the DFA has found the match, sparing the backtracker (most rules' groups are not
/// one-pass, and finding them cost more than the rest of the search).
pub(super) enum Tail {
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

/// Where a rule's match can begin. Searching only there, anchored, replaces one scan of the whole
/// text per rule (40 scans of every note) by one shared pass that collects the places.
#[derive(Clone, Copy)]
pub(super) enum Start {
    /// At a word (any case, at a word boundary) beginning with one of these prefixes. A prefix
    /// of one letter only matches before a non-letter ("x 4412", "u. of", "s/n").
    Words(&'static [&'static str]),
    /// At the start of a number, at one of these characters, or as [`Start::Words`].
    Number(&'static [u8], &'static [&'static str]),
    /// Anywhere: the whole text is scanned, if it has what the rule needs ([`Rare`]).
    Scan,
}

/// The named capture groups of `re` with their indices. The names are this file's constants
/// ("x", "m" …), matched to them so that they are `'static`.
pub(super) fn group_names(re: &Regex) -> Vec<(&'static str, usize)> {
    const NAMES: &[&str] = &["x", "m", "d", "y", "of", "suffix"];
    let info = re.group_info();
    NAMES.iter().filter_map(|&n| info.to_index(regex_automata::PatternID::ZERO, n).map(|i| (n, i))).collect()
}

/// Compiles one rule. Patterns are constants of this crate, but whether they compile also depends
/// on the regex features this build has: a failure is returned (and recorded: front ends refuse
/// to run, see `check`) rather than panicking. (A rule with a `Tail::After` gives its cue and
/// "x" patterns as `split`: its pattern is their concatenation.)
#[allow(clippy::too_many_arguments)]
pub(super) fn compile(
    id: &'static str,
    category: Category,
    score: f32,
    why: &'static str,
    pat: &str,
    split: Option<(&str, &str)>,
    check: fn(&Caps, &str) -> bool,
    start: Start,
) -> Result<Rule, &'static str> {
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
}
