//! Names that the sentence around them gives away: "Both X and Y", "<name> is a 62-year-old",
//! "the Romero family", and a name that is strong evidence on its own.

use super::evidence::{contextual_name, lexicon_name, name_end, name_hit, standalone_name};
use super::found::Scan;
use super::moves::family_next;
use crate::lexicon::Allow;
use crate::tokens::{capitalised, class, only_spaces_between, title_case, unknown_name, unknown_word, Tok};

/// "Both Dreibros and Trurt are his proxies": two names joined after "both".
pub(super) fn both(s: &mut Scan, i: usize, cased: bool) -> Option<usize> {
    let (text, toks) = (s.text, s.toks);
    let t = &toks[i];
    // "Both Dreibros and Trurt are his proxies": two words in no dictionary (or names that are
    // no everyday words) joined after "both".
    if t.low == "both" && toks.get(i + 2).is_some_and(|a| a.low == "and") && i + 3 < toks.len() {
        let namey = |t: &Tok| (lexicon_name(t) || unknown_name(t)) && !t.is(class::STOP) && (!cased || capitalised(t));
        let spaced = toks[i..i + 4].windows(2).all(|w| only_spaces_between(text, &w[0], &w[1]));
        if spaced && namey(&toks[i + 1]) && namey(&toks[i + 3]) {
            for k in [i + 1, i + 3] {
                s.found.push(name_hit(toks[k].start, toks[k].end, 0.85, "name-context", "two names joined after 'both'"));
            }
            return Some(i + 4);
        }
    }
    None
}

/// A name that introduces the patient: "<name> is a 62-year-old …".
pub(super) fn says_is(s: &mut Scan, i: usize, cased: bool) -> Option<usize> {
    let (text, toks) = (s.text, s.toks);
    let t = &toks[i];
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
                    && s.found.last().is_none_or(|h| h.end <= p.start)
                    && !p.is(class::STOP | class::TITLE | class::RELATION)
                    && (unknown_word(p) || (p.lex().first >= 50 && p.lex().allow != Allow::Clinical))
            });
            s.found.push(name_hit(given.map_or(t.start, |p| p.start), t.end, 0.9, "name-context", format!("{kind} + 'is a … year-old'")));
            return Some(i + 1);
        }
    }
    None
}

/// "the Romero family": a surname before "family".
pub(super) fn family(s: &mut Scan, i: usize, cased: bool) -> Option<usize> {
    let (text, toks) = (s.text, s.toks);
    let t = &toks[i];
    // "the Romero family": a surname before "family".
    if family_next(text, toks, i)
        && (t.lex().surname >= 100 || (t.low.len() >= 4 && (!cased || title_case(t)) && unknown_name(t)))
        && !t.is(class::STOP)
        && (t.lex().allow == Allow::No || (cased && title_case(t)))
    {
        let why = if t.lex().surname < 100 { "word in no dictionary + 'family'" } else { "surname lexicon + 'family'" };
        s.found.push(name_hit(t.start, t.end, 0.85, "name-context", why));
        return Some(i + 1);
    }
    None
}

/// A name with no context: lexicon evidence strong enough on its own.
pub(super) fn standalone(s: &mut Scan, i: usize, cased: bool) -> Option<usize> {
    let (text, toks) = (s.text, s.toks);
    let t = &toks[i];
    // A given name and surname are written with only spaces (or a comma, "Smith, John")
    // between them: not across a full stop, a number or a line break ("Neo. Hold", "MAX 100 PO").
    let next = toks.get(i + 1).filter(|n| {
        let gap = &text.as_bytes()[t.end..n.start];
        gap.iter().all(|&b| matches!(b, b' ' | b'\t' | b',')) && gap.iter().filter(|&&b| b == b',').count() <= 1
    });
    if let Some((score, why)) = standalone_name(text, i.checked_sub(1).map(|p| &toks[p]), t, next, cased) {
        // "mary theresa zorvak": the name goes on with names and words in no dictionary.
        let end = if why.contains("followed by") { i + 2 } else { name_end(text, toks, i, cased) };
        s.found.push(name_hit(t.start, toks[end - 1].end, score, "name-lexicon", why));
        return Some(end);
    }
    None
}
