//! What makes a word a name once context is established: the lexicons, capitals, the
//! allow-lists; where a name ends; and the hit a name becomes.

use std::sync::OnceLock;

use crate::lexicon::{self, Allow};
use crate::span::{Category, Hit};
use crate::tokens::{capitalised, class, glued_to_digit, pause_after, title_case, unknown_word, Tok, set, WordSet};

/// How name-like a token is with context already established: lexicon evidence, allow-lists.
#[inline]
pub(super) fn contextual_name(t: &Tok, cased: bool) -> Option<&'static str> {
    if let Some(k) = t.kind.get() {
        return k;
    }
    let k = name_kind(t, cased);
    t.kind.set(Some(k));
    k
}

pub(super) fn name_kind(t: &Tok, cased: bool) -> Option<&'static str> {
    let cap = cased && capitalised(t);
    // Most words: without capitals only the lexicons could make them a name (see below).
    if !cap && t.is(class::PLAIN) && t.lex().first < 50 && t.lex().surname < 300 {
        return None;
    }
    if t.low.len() < 2 || t.is(class::STOP | class::TITLE | class::RELATION) {
        return None;
    }
    if t.lex().allow == Allow::Clinical && !cap {
        return None;
    }
    // O'Connell, D'Angelo are names; I'm, we'll, don't are contractions. (A plain word is letters.)
    if let Some(pos) = (!t.is(class::PLAIN)).then(|| t.low.find('\'')).flatten() {
        if !(pos == 1 && (t.low.starts_with('o') || t.low.starts_with('d'))) {
            return None;
        }
    }
    let (first, last) = if t.is(class::PLAIN) {
        (t.lex().first, t.lex().surname)
    } else {
        let bare: String = t.low.chars().filter(|c| c.is_alphabetic()).collect();
        let e = lexicon::lookup(&bare);
        (e.first, e.surname)
    };
    // Without capitals to go by, the rarest lexicon entries (often ordinary words) do not count.
    let (first, last) = if cap { (first, last) } else { (if first >= 50 { first } else { 0 }, if last >= 300 { last } else { 0 }) };
    if last > 0 && first > 0 {
        Some("given-name and surname lexicons")
    } else if last > 0 {
        Some("surname lexicon")
    } else if first > 0 {
        Some("given-name lexicon")
    } else if cap {
        Some("capitalised word")
    } else {
        None
    }
}

/// In lower-case text, a common surname right after a given name: eponyms ("john bowman") and,
/// before a pause, everyday words ("bruce ward .", "betty hill , date of birth …").
pub(super) fn surname_after_given(text: &str, prev: &Tok, t: &Tok) -> bool {
    let given = prev.lex().first >= 200 && prev.lex().allow == Allow::No;
    given
        && t.lex().surname >= 1000
        && !t.is(class::STOP)
        && match t.lex().allow {
            Allow::Common => t.lex().surname >= 10_000 && pause_after(text, t),
            _ => true,
        }
}

/// A single letter standing for a name ("J." of "Dr. J. Patel"); not the pronoun "I" or "a".
pub(super) fn is_initial(t: &Tok) -> bool {
    t.raw.len() == 1 && t.raw.bytes().all(|b| b.is_ascii_alphabetic()) && !matches!(t.raw, "I" | "i" | "a")
}

/// After "Dr", "Mr", "Mrs" … the next word is a name unless it is a function word: rare surnames
/// are missing from every lexicon, and an eponym after a title is a person ("Dr. Parkinson").
pub(super) fn after_title(t: &Tok, cased: bool) -> Option<&'static str> {
    if let Some(kind) = contextual_name(t, cased) {
        return Some(kind);
    }
    let plain = t.low.len() >= 2 && t.low.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'');
    if !plain || t.is(class::STOP | class::TITLE | class::RELATION) {
        return None;
    }
    let named = t.lex().surname >= 100 || t.lex().first >= 200;
    match t.lex().allow {
        // "DR SMITH", "Dr. Parkinson": an eponym after a title is the person, a drug is not.
        Allow::Clinical => (t.lex().surname >= 1000 && t.low.len() >= 4).then_some("surname lexicon + title (eponym read as a name)"),
        Allow::Common => None,
        // "MR MODERATE" is mitral regurgitation; "DR TYRO" is a surname missing from the lexicon.
        Allow::No => (named || !t.lex().everyday()).then_some("word after a title"),
    }
}

/// After "Dr", "Drs" and "Mrs" (titles that are nothing else) even an everyday word is the name
/// ("Dr. Chose aware", "dr soap today", "MRS HELPS"), unless it says what the doctor did or is
/// ("dr made aware", "dr orders", "dr team"): surnames from every language end up here.
pub(super) fn after_dr(t: &Tok, cased: bool) -> Option<&'static str> {
    const NOT_AFTER_DR: &[&str] = &[
        "made", "aware", "in", "office", "offices", "appt", "appointment", "appointments", "visit", "visits", "note", "notes", "order", "orders", "ordered",
        "team", "teams", "rounds", "staff", "house", "wants", "wanted", "feels", "felt", "thinks", "thought", "agrees", "agreed", "plans", "planned",
        "recommends", "recommended", "suggests", "suggested", "requests", "requested", "came", "come", "comes", "saw", "sees", "see", "spoke", "met",
        "calls", "following", "follows", "followed", "knows", "informed", "paged", "contacted", "consulted", "examined", "evaluated", "reviewed",
        "discussed", "explained", "changed", "increased", "decreased", "started", "stopped", "held", "placed", "removed", "ok'd", "okd", "approved",
        "on", "off", "call", "first", "last", "name", "names", "number", "said", "asked", "wrote", "writes", "signed", "left", "gave", "gives",
        "resident", "residents", "attending", "intern", "fellow", "fellows", "np", "pa", "covering", "cover", "primary", "own", "only", "never",
        "not", "yet", "already", "both", "each", "other", "others", "service", "services",
    ];
    static S: OnceLock<WordSet<'static>> = OnceLock::new();
    if S.get_or_init(|| set(NOT_AFTER_DR)).contains(&*t.low) {
        // Also when a lexicon lists it ("Orders", "Rounds" are surnames too).
        return None;
    }
    // ("dr. ng aware": a two-letter surname only if a common one.)
    let plain = (t.low.len() >= 3 || t.lex().surname >= 10_000) && t.is(class::PLAIN) && !t.is(class::STOP | class::TITLE | class::RELATION | class::CREDENTIAL | class::CALENDAR);
    after_title(t, cased).or_else(|| (plain && t.lex().allow != Allow::Clinical).then_some("word after a title"))
}

/// "wanted", "following": a verb form, unless a common surname ("Reed", "Fielding").
pub(super) fn verb_form(t: &Tok) -> bool {
    (t.low.ends_with("ed") || t.low.ends_with("ing")) && t.lex().surname < 5000
}

/// An ALL-CAPS word in mixed-case text that only its capitals made a name: an acronym after a
/// word that is also clinical shorthand ("MR MODERATE", "HO, TLC passed"). After a real title
/// such a word continues a name ("MR. JOHN DROSOURT is …").
pub(super) fn acronym(t: &Tok, cased: bool) -> bool {
    cased && t.raw.len() > 1 && !t.raw.bytes().any(|b| b.is_ascii_lowercase()) && contextual_name(t, cased) == Some("capitalised word")
}

/// A name with no context at all must be strong evidence by itself.
pub(super) fn standalone_name(text: &str, prev: Option<&Tok>, t: &Tok, next: Option<&Tok>, cased: bool) -> Option<(f32, &'static str)> {
    // A state or a country that is also a given name ("in germany and france") needs context;
    // asked only of a name found (a long match of strings, and most tokens find none).
    lexicon_evidence(text, prev, t, next, cased).filter(|_| !crate::places::is_large_region(&t.low))
}

/// [`standalone_name`] before the test for states and countries.
pub(super) fn lexicon_evidence(text: &str, prev: Option<&Tok>, t: &Tok, next: Option<&Tok>, cased: bool) -> Option<(f32, &'static str)> {
    if t.is(class::STOP) || t.lex().allow != Allow::No || t.low.len() < 3 {
        return None;
    }
    let first = t.lex().first;
    let last = t.lex().surname;
    // A surname right after a given name is a name even when it is also an eponym ("John
    // Smith", "Mary Parkinson"); in cased text even when it is a common word ("Mary Brown").
    // Lower-case ASR text cannot tell "john will" from a name, so common words need capitals.
    let pair_next = next.filter(|n| {
        let allow = n.lex().allow;
        n.lex().surname >= 100
            && !n.is(class::STOP)
            && match allow {
                Allow::No => true,
                // Eponyms and other clinical words only in Title Case ("John Smith", not "MAX TEMP").
                Allow::Clinical => cased && title_case(t) && title_case(n),
                Allow::Common => cased && capitalised(t) && capitalised(n),
            }
    });
    if first >= 200 && pair_next.is_some() && (!cased || (capitalised(t) && pair_next.is_some_and(capitalised))) {
        return Some((0.85, "given name followed by a surname"));
    }
    let all_caps = t.raw.chars().all(|c| !c.is_lowercase());
    if cased && capitalised(t) && !all_caps && t.low.len() > 3 && (first >= 200 || last >= 500) {
        // Sentence-initial capitals say nothing.
        let sentence_start = prev.is_none() || text[..t.start].trim_end_matches([' ', '\t']).ends_with(['\n', '.', ':', '!', '?']);
        let header = text[t.end..].trim_start_matches(' ').starts_with([':', '-']);
        // A popular given name that is no English word is a name there too ("David is …").
        let strong = first >= 1000 && t.lex().english.is_none();
        if (strong || (!sentence_start && !header)) && !glued_to_digit(text, t) {
            return Some((0.6, "capitalised word in a name lexicon"));
        }
    }
    // Lower-case text (speech recognition, lower-cased notes) cannot show a name by capitals: a
    // popular given name that is no English word, drug, abbreviation or surname-like word stands
    // on its own ("once natalie woke up"). ALL-CAPS notes keep to context: their shorthand ("MAX",
    // "NEO") collides with names too often.
    let all_lower = !cased && !t.raw.chars().any(char::is_uppercase);
    if all_lower && first >= 1000 && t.low.len() >= 3 && t.lex().english.is_none() && !glued_to_digit(text, t) {
        return Some((0.6, "given-name lexicon (lower-case text)"));
    }
    None
}

/// A given name or surname of some currency that is no everyday word and on no clinical list.
pub(super) fn lexicon_name(t: &Tok) -> bool {
    (t.lex().first >= 200 || t.lex().surname >= 300) && !t.lex().everyday() && t.lex().allow == Allow::No
}

/// A popular given name (also one that is an everyday word: "grace", "mark"), on no clinical list.
pub(super) fn popular_given(t: &Tok) -> bool {
    t.lex().first >= 1000 && t.lex().allow != Allow::Clinical
}

/// A rare given name that is no everyday word ("yailenys"), or a word in no dictionary that could
/// be one ("kashun"): where only an address can stand, a name.
pub(super) fn addressable(t: &Tok) -> bool {
    // ("haha , i know", "mmhmm , so": sounds, not names.)
    let sound = t.low.bytes().all(|b| b"ahmuoew".contains(&b));
    (t.lex().first >= 5 && !t.lex().everyday())
        || (unknown_word(t) && t.is(class::PLAIN) && t.low.len() >= 3 && t.low.contains(['a', 'e', 'i', 'o', 'u', 'y']) && !sound)
}

/// A name found in `start..end` (like `places::hit` for places).
pub(super) fn name_hit(start: usize, end: usize, score: f32, rule: &'static str, why: impl Into<std::borrow::Cow<'static, str>>) -> Hit {
    Hit { start, end, category: Category::Name, score, rule, why: why.into() }
}

/// Where a name whose first word is token `from` ends: up to three name-like tokens (first,
/// middle or initial, last) within one line and clause.
pub(super) fn name_end(text: &str, toks: &[Tok], from: usize, cased: bool) -> usize {
    // A name whose first word is written in lower case goes on in lower case ("dictating on john
    // doe" in a note with capitals only at sentence starts): its capitals say nothing.
    let cased = cased && toks.get(from).is_some_and(capitalised);
    let mut end = from;
    while end < toks.len() && end < from + 3 {
        let t = &toks[end];
        // "teresa i don't": the pronoun is no initial.
        let initial = t.raw.len() == 1 && t.raw.chars().all(char::is_alphabetic) && end > from && t.raw != "i";
        // Later words need more than the lexicon ("Dr. Smith saw …": Saw is a surname too).
        // The caller has established the first word; later words must be names themselves.
        let continues = end == from
            || if cased {
                capitalised(t) && contextual_name(t, cased).is_some()
            } else {
                (contextual_name(t, cased).is_some() && t.lex().allow == Allow::No && t.lex().surname.max(t.lex().first) >= 500)
                    || unknown_word(t)
                    || surname_after_given(text, &toks[end - 1], t)
                    // "dr bernard halfpenny": a surname that is no everyday word, after a given name.
                    || (t.lex().surname > 0 && !t.lex().everyday() && t.lex().allow != Allow::Clinical && !t.is(class::STOP) && toks[end - 1].lex().first >= 50)
            };
        if !continues && !initial {
            break;
        }
        if end > from {
            let gap = &text[toks[end - 1].end..t.start];
            let after_initial = toks[end - 1].raw.len() == 1;
            if gap.contains(['\n', ',', ';', ':', '(', ')']) || (gap.contains('.') && !after_initial) {
                break;
            }
        }
        end += 1;
    }
    end
}

/// "dictating on marg french .", "patient is crystal farmer .": in lower case a surname that is
/// also a word ends a one-word given name found by context when the phrase ends after it (a
/// pause, or "is a"). The context established the given name; a name at the end of a clause goes
/// on with its surname far more often than with a word.
///
/// Returns where the surnames that are everyday words begin.
pub(super) fn surname_before_pause(text: &str, toks: &[Tok], found: &mut [Hit]) -> Vec<usize> {
    let mut everyday = Vec::new();
    for h in found.iter_mut().filter(|h| h.category == Category::Name && h.score >= 0.85 && h.rule == "name-context") {
        let k = toks.partition_point(|t| t.start < h.end);
        let (Some(given), Some(last)) = (k.checked_sub(1).map(|g| &toks[g]), toks.get(k)) else { continue };
        // One given name: not one word after a title ("mrs brucer fair ." names her by her
        // surname, and says how she is).
        let titled = k >= 2 && toks[k - 2].is(class::TITLE);
        if given.start != h.start || titled || !(given.lex().first >= 200 || unknown_word(given)) || text[given.end..last.start] != *" " {
            continue;
        }
        let rest = text[last.end..].trim_start_matches(' ');
        let ends = rest.is_empty() || rest.starts_with(['.', ',', '?', '!', '\n']) || rest.starts_with("is a ") || rest.starts_with("was a ");
        let surname = last.lex().surname >= 100 && !last.is(class::STOP | class::TITLE | class::RELATION | class::CALENDAR) && !verb_form(last);
        if ends && surname && (last.lex().allow != Allow::Clinical || last.lex().surname >= 1000) {
            h.end = last.end;
            if last.lex().everyday() {
                everyday.push(last.start);
            }
        }
    }
    everyday
}
