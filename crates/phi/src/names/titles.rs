//! Names after a title: "Dr. X", "Mrs X", "Dr. J. Patel", "doctor hill" in dialogue, "Drs.
//! Ballou and Dutter".

use super::evidence::{acronym, after_dr, after_title, contextual_name, is_initial, name_hit, verb_form};
use super::found::Scan;
use crate::lexicon::Allow;
use crate::tokens::{capitalised, class, only_spaces_between, pause_after, unknown_name, unknown_word, Tok};

/// A name after a title at token `i`; returns the token after it.
pub(super) fn title(s: &mut Scan, i: usize, cased: bool) -> Option<usize> {
    let (text, toks) = (s.text, s.toks);
    let t = &toks[i];
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
            let end = s.push(first, 0.95, format_args!("{kind} + initials + title '{}'", t.raw), cased);
            if let Some(h) = s.found.last_mut().filter(|_| end > first) {
                h.start = toks[i + 1].start;
            }
            return Some(end.max(i + 1));
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
        let kind = kind_after_title(text, toks, i, cased, abbreviated, dr);
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
            s.found.push(name_hit(toks[i + 1].start, toks[i + 2].end, 0.9, "name-context", why));
            return Some(i + 3);
        }
        if let Some(kind) = kind {
            let end = named_after_title(s, i, cased, kind, abbreviated, dr);
            return Some(end.max(i + 1));
        }
    }
    None
}

/// What the word after a title at token `i` is as a name, if it is one: after "Dr", "Drs" and
/// "Mrs" (and "Mr."/"Ms." before a pause) almost any word; after the other abbreviated titles a
/// name word; after "doctor" and "nurse", which are also nouns, the lexicon must agree.
fn kind_after_title(text: &str, toks: &[Tok], i: usize, cased: bool, abbreviated: bool, dr: bool) -> Option<&'static str> {
    let t = &toks[i];
    // ("Rabbi talks with pt": the name after a spelled-out title is capitalised in mixed-case
    // text, and no everyday word in lower case.)
    if abbreviated {
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
    }
}

/// Tags the name of `kind` after the title at token `i`, with a surname that is also a word
/// ("dr. wolf beam") and a second doctor after a plural title ("Drs. Ballou and Dutter");
/// returns the token after the last name.
fn named_after_title(s: &mut Scan, i: usize, cased: bool, kind: &'static str, abbreviated: bool, dr: bool) -> usize {
    let (text, toks) = (s.text, s.toks);
    let t = &toks[i];
    let mut end = s.push(i + 1, 0.95, format_args!("{kind} + title '{}'", t.raw), cased);
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
            if let Some(h) = s.found.last_mut() {
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
            end = s.push(end + 1, 0.9, format_args!("{kind} + title '{}' … 'and'", t.raw), cased);
        }
    }
    end
}

/// Lower-case "miss" is a title ("hi miss russell .", "you miss hill ?") when a surname follows
/// that is not an everyday word, or one that is but stands before a pause or after a greeting
/// ("hello miss brown ."); otherwise it is the verb ("miss a dose").
pub(super) fn miss_is_title(text: &str, toks: &[Tok], i: usize) -> bool {
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

/// Lower-case "doctor" as a spoken title, like "Dr.": without an article or a possessive, after
/// words that introduce or refer to someone ("i'm doctor mode", "see doctor king in cardiology"),
/// opening a turn, or after a greeting (`Some(true)`: "thanks , doctor hill"). "the doctor will",
/// "your doctor said", "eye doctor appointment" are the noun (`None`).
pub(super) fn bare_doctor(text: &str, toks: &[Tok], i: usize, cased: bool) -> Option<bool> {
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
pub(super) fn addressed(toks: &[Tok], i: usize) -> bool {
    toks[i.saturating_sub(2)..i]
        .iter()
        .any(|w| matches!(&*w.low, "hi" | "hello" | "hey" | "seeing" | "morning" | "afternoon" | "evening" | "thanks" | "thank" | "you" | "meet" | "welcome" | "dear"))
}
