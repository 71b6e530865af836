//! Names after relation and role words: "wife: Donna", "son lock arrived", "brother in law
//! Frank", "caseworker Leona".

use super::evidence::{acronym, contextual_name, name_hit};
use super::found::Scan;
use crate::lexicon::{self, Allow};
use crate::tokens::{capitalised, class, glued_to_digit, is_relation, is_stopword, only_spaces_between, pause_after, spells, unknown_word};

/// A name after a relation or role word at token `i`; returns the token after it.
pub(super) fn relation(s: &mut Scan, i: usize, cased: bool) -> Option<usize> {
    let (text, toks) = (s.text, s.toks);
    let t = &toks[i];
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
            let end = s.push(rel_end + 1, 0.9, format_args!("{kind} after relation word '{}'", t.raw), cased);
            return Some(end.max(rel_end + 1));
        }
        // "son zoltan-who states …": a given name glued by a hyphen to the next word.
        if let Some((name, rest)) = next.low.split_once('-') {
            let given = lexicon::lookup(name);
            let unknown = name.len() >= 4 && given.english.is_none() && given.allow == Allow::No && !lexicon::typo_of_word(name);
            if (given.first >= 200 || unknown) && given.allow != Allow::Clinical && is_stopword(rest) {
                let end = next.start + name.len();
                s.found.push(name_hit(next.start, end, 0.85, "name-context", format!("given-name lexicon after relation word '{}'", t.raw)));
                return Some(rel_end + 2);
            }
        }
    }
    None
}
