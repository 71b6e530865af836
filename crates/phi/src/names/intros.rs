//! Names after words that introduce someone: "name is", "spoke with", greetings and addresses
//! in dialogue ("hi bill ,"), "patient is", and dictation headers ("dictating on …").

use std::collections::HashMap;
use std::sync::OnceLock;

use super::evidence::{contextual_name, name_end, name_hit, popular_given};
use super::found::Scan;
use crate::lexicon::Allow;
use crate::tokens::Fast;
use crate::words::{HEADERS, INTRO, VOCATIVE};
use crate::tokens::{capitalised, class, glued_to_digit, only_spaces_between, pause_after, spells, title_case, unknown_name, unknown_word, Tok};

/// A name after a dictation header at token `i` ([`HEADERS`]).
pub(super) fn header(s: &mut Scan, i: usize, cased: bool) -> Option<usize> {
    let (text, toks) = (s.text, s.toks);
    let _t = &toks[i];
    if let Some((from, end, phrase)) = header_name(text, toks, i, cased) {
        s.found.push(name_hit(toks[from].start, toks[end - 1].end, 0.9, "name-context", format!("name after '{}'", phrase.join(" "))));
        return Some(end);
    }
    None
}

/// A name after an introduction phrase starting at token `i` ([`INTRO`]).
pub(super) fn intro(s: &mut Scan, i: usize, cased: bool) -> Option<usize> {
    let (text, toks) = (s.text, s.toks);
    let t = &toks[i];
    // "[patient] lovely .": a speaker label introduces nobody.
    let label = text[t.end..].starts_with(']');
    let intros: &[&[&str]] = if t.is(class::INTRO) && !label { intros_of(&t.low) } else { &[] };
    for phrase in intros {
        let n = phrase.len();
        if i + n < toks.len() && spells(toks, i, phrase) {
            let cand = &toks[i + n];
            let gap = &text[toks[i + n - 1].end..cand.start];
            let gap_ok = !gap.contains(['\n', '.', ';']) && (!matches!(phrase, [p] if *p == "name" || *p == "re") || matches!(gap.trim(), ":" | "?"));
            // "Patient: Quelbeck, Zorvina", "RE: …", "Name: …": a header.
            let header = gap.trim() == ":" && n == 1 && matches!(phrase[0], "patient" | "re" | "name");
            // After a greeting or "patient", a plain English word is not a name.
            let vocative_ok = !(n == 1 && VOCATIVE.contains(&phrase[0]))
                || pause_after(text, cand)
                || toks.get(i + n + 1).is_some_and(|w| matches!(&*w.low, "i" | "it" | "you" | "we" | "so" | "how" | "let's" | "and" | "can" | "good" | "nice" | "great"));
            let dialogue = matches!(phrase[0], "patient" | "next" | "okay" | "ok" | "alright" | "so" | "seeing");
            // A popular given name that is also a word ("grace", "ray", "hope") is a name when
            // it is set off as an address ("so , grace ,", "hi bill ,") or a surname follows
            // ("patient is penny lane").
            let popular = popular_given(cand);
            let surname_next = toks.get(i + n + 1).is_some_and(|w| {
                w.lex().surname >= 1000 && w.lex().allow != Allow::Clinical && !w.is(class::STOP) && text[cand.end..w.start] == *" "
            });
            // ("so long ." is no address: after "so" the name is set off on both sides.)
            let greeting = matches!(phrase[0], "hi" | "hello" | "hey" | "morning" | "afternoon" | "evening" | "thanks" | "thank" | "bye" | "welcome");
            // After a greeting the greeting goes on ("hi gene how are you", "hey amber good to see you").
            let greeting_goes_on = greeting
                && toks.get(i + n + 1).is_some_and(|w| matches!(&*w.low, "how" | "how're" | "how's" | "good" | "nice" | "great" | "it's" | "i'm" | "welcome" | "thanks" | "what's"));
            let set_off = popular && (pause_after(text, cand) || surname_next || greeting_goes_on) && (phrase[0] != "so" || gap.contains(','));
            let given_ok = !dialogue || header || (cand.lex().first >= 200 && !cand.lex().everyday()) || set_off;
            // A name that is also a word ("Rob", "Will") counts capitalised in mixed-case text,
            // and in lower case when set off after a greeting, in dialogue or after a verb of
            // reaching someone ("only able to reach rob..").
            let reaching = matches!(phrase[0], "reach" | "reached" | "paged" | "page" | "spoke" | "talked" | "met");
            // ("Name: Smith, John": after a name header an eponym is the person.)
            let eponym_named = header && phrase[0] != "re" && cand.lex().allow == Allow::Clinical && cand.lex().surname >= 1000;
            let allow_ok = cand.lex().allow == Allow::No
                || eponym_named
                || (cased && capitalised(cand) && cand.lex().allow == Allow::Common && cand.lex().first >= 200)
                || ((dialogue || greeting || reaching) && set_off);
            // After a verb of reaching someone ("spoke with", "paged", "reach") a word in no
            // dictionary is a name the lexicons lack ("talked with Tegouzi from case management").
            // So after a greeting or "patient is" ("hi adysun ,", "next patient is azyah villafana").
            let verb = reaching
                || matches!(phrase[0], "work" | "working" | "discussed" | "seen" | "signed" | "seeing" | "next")
                || phrase == &["patient", "is"]
                || header
                // "so stoutobart i know …", "okay feikodouk it looks …" (see `vocative_ok`).
                || (n == 1 && VOCATIVE.contains(&phrase[0]))
                || greeting;
            // (Asked only when the lexicons said nothing: the typo test costs microseconds.)
            // In a greeting that goes on as one ("hi truches how are you", "hello moufous ,") a
            // word in no dictionary is a name even when it looks like a typo or jargon: speech
            // recognition writes words it knows, and nobody greets a misspelling.
            // The same in a dictation's "next is vuches stivu , date of birth …" when the name
            // ends at a pause.
            let introduced = matches!(phrase[0], "next" | "seeing") || phrase == &["patient", "is"];
            let greeted_unknown = || {
                let set_off = if greeting {
                    greeting_goes_on || pause_after(text, cand)
                } else {
                    introduced && (pause_after(text, cand) || toks.get(i + n + 1).is_some_and(|w| unknown_word(w) && pause_after(text, w)))
                };
                set_off && unknown_word(cand) && cand.low.len() >= 3 && !cand.is(class::CALENDAR)
            };
            let reached = || verb && (!cased || title_case(cand)) && !glued_to_digit(text, cand) && (unknown_name(cand) || greeted_unknown());
            // A popular given name that is also an eponym, greeted ("hey douglas", "hi addison").
            let greeted = matches!(phrase[0], "hi" | "hello" | "hey") && cand.low.len() >= 4 && cand.lex().first >= 1000 && cand.lex().allow == Allow::Clinical && cand.lex().surname > 0;
            if gap_ok && vocative_ok {
                let kind = contextual_name(cand, cased)
                    .filter(|_| given_ok && allow_ok)
                    .or_else(|| reached().then_some("word in no dictionary"))
                    .or_else(|| greeted.then_some("given-name lexicon (an eponym too)"));
                let Some(kind) = kind else { continue };
                let mut end = s.push(i + n, 0.9, format_args!("{kind} after '{}'", phrase.join(" ")), cased);
                // "Quelbeck, Zorvina": a header writes the surname first.
                if let Some(first) = toks.get(end).filter(|f| header && end == i + n + 1 && text[toks[end - 1].end..f.start] == *", ") {
                    if contextual_name(first, cased).is_some() || unknown_name(first) {
                        if let Some(h) = s.found.last_mut() {
                            h.end = first.end;
                        }
                        end += 1;
                    }
                }
                return Some(end);
            }
        }
    }
    None
}

/// The [`INTRO`] phrases that begin with `word`, in their order.
pub(super) fn intros_of(word: &str) -> &'static [&'static [&'static str]] {
    static M: OnceLock<HashMap<&'static str, Vec<&'static [&'static str]>, Fast>> = OnceLock::new();
    let m = M.get_or_init(|| {
        let mut m: HashMap<&'static str, Vec<&'static [&'static str]>, Fast> = HashMap::default();
        for &p in INTRO {
            if let Some(&first) = p.first() {
                m.entry(first).or_default().push(p);
            }
        }
        m
    });
    m.get(word).map_or(&[], Vec::as_slice)
}

/// The name after a dictation header starting at token `i` ([`HEADERS`]): its token range and
/// the header. The name may be a word in no dictionary ("dictating on Zorvina Marsh").
pub(super) fn header_name(text: &str, toks: &[Tok], i: usize, cased: bool) -> Option<(usize, usize, &'static [&'static str])> {
    if !toks[i].is(class::HEADER) {
        return None;
    }
    let phrase = HEADERS.iter().find(|p| {
        i + p.len() < toks.len()
            && spells(toks, i, p)
            && toks[i..i + p.len()].windows(2).all(|w| only_spaces_between(text, &w[0], &w[1]))
    })?;
    // "note on", "letter on": only in a dictation ("dictating a clinic note on …").
    if matches!(phrase[0], "note" | "letter") && !toks[i.saturating_sub(4)..i].iter().any(|t| t.low.starts_with("dictat")) {
        return None;
    }
    let mut c = i + phrase.len();
    // "dictating on patient Zorvina Marsh", "patient name is …".
    while toks.get(c).is_some_and(|t| matches!(&*t.low, "patient" | "is" | "of" | "mr" | "mrs" | "ms")) && c < i + phrase.len() + 2 {
        c += 1;
    }
    let cand = toks.get(c)?;
    let gap = &text[toks[c - 1].end..cand.start];
    let plain = !gap.contains(['\n', '.', ';']) && !glued_to_digit(text, cand) && cand.low.len() >= 2;
    let namey = contextual_name(cand, cased).is_some() || unknown_word(cand);
    if !plain || !namey || cand.is(class::STOP | class::TITLE | class::RELATION) || cand.lex().allow == Allow::Clinical {
        return None;
    }
    Some((c, name_end(text, toks, c, cased), phrase))
}
