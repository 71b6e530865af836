//! Names found after the other rules, from what follows them: a credential, a relation word, a
//! phone label or "date of birth" after the name ("Smith, RN", "Alice (daughter)"); names joined
//! by "and" to a tagged one; and addresses in lower-case dialogue.

use super::evidence::{lexicon_name, name_hit, popular_given, addressable};
use crate::lexicon::Allow;
use crate::span::{Category, Hit};
use crate::tokens::{capitalised, class, glued_to_digit, only_spaces_between, pause_after, spells, unknown_name, unknown_word, Tok};

/// "marta and zorvak", "Valley Rehab and Vantrow": a word joined by "and"/"or"/"&" to a name
/// or a place found by context is another of the same kind, if it is a word in no dictionary or a
/// name that is no everyday word (capitalised, in mixed-case text).
pub(crate) fn coordinated(text: &str, toks: &[Tok], cased: bool, lower_lines: &[bool], hits: &mut Vec<Hit>) {
    let mut more = Vec::new();
    for h in hits.iter().filter(|h| matches!(h.category, Category::Name | Category::Location) && h.score >= 0.6) {
        let k = toks.partition_point(|t| t.start < h.end);
        let Some(next) = toks.get(k) else { continue };
        let gap = &text[h.end..next.start];
        let (cand, joined) = match gap {
            " & " => (k, true),
            " " if matches!(&*next.low, "and" | "or") => (k + 1, toks.get(k + 1).is_some_and(|c| text[next.end..c.start] == *" ")),
            _ => continue,
        };
        let Some(c) = toks.get(cand).filter(|_| joined) else { continue };
        let cased = cased && !lower_lines[cand];
        let named = lexicon_name(c) && !c.is(class::STOP);
        // A short unknown word joined to a place is more often shorthand ("ZORBAFOAM AND DSD").
        let unknown = unknown_word(c) && (h.category == Category::Name || c.low.len() >= 4);
        if (unknown || named) && (!cased || capitalised(c)) && !glued_to_digit(text, c) {
            let why = if h.category == Category::Name { "joined by 'and' to a name" } else { "joined by 'and' to a place" };
            more.push(Hit { start: c.start, end: c.end, category: h.category, score: 0.75, rule: "coordination", why: why.into() });
        }
    }
    hits.extend(more);
}

/// One or two name-like words right before a label that says whose they are: a phone label that a
/// number follows ("Zorvina Quelbeck cell# 410-…"), a relation or role in brackets ("Drir
/// Rastous (son)", "COLLIE BULLION (RESIDENT)"), "date of birth" or "medical record"
/// ([`name_before_birth_date`]), or "from" and a hospital service ([`name_before_service`]).
pub(crate) fn before_label(text: &str, toks: &[Tok], cased: bool, lower_lines: &[bool], hits: &mut Vec<Hit>) {
    for (j, label) in toks.iter().enumerate().skip(1) {
        // (Most words are none of the labels below: one test of their classes.)
        if !label.is(class::LABEL | class::PHONE_LABEL | class::RELATION | class::CREDENTIAL) {
            continue;
        }
        if matches!(&*label.low, "date" | "dob" | "medical" | "mrn") {
            hits.extend(name_before_birth_date(text, toks, j, cased && !lower_lines[j]));
            continue;
        }
        if label.low == "from" {
            hits.extend(name_before_service(text, toks, j, cased && !lower_lines[j]));
            continue;
        }
        let phone = label.is(class::PHONE_LABEL);
        if !phone && !label.is(class::RELATION | class::CREDENTIAL) && !matches!(&*label.low, "resident" | "attending") {
            continue;
        }
        // "yeah , carol , my sister , helps me": a name set off before who the person is.
        if let Some(h) = label.is(class::RELATION).then(|| name_before_apposition(text, toks, j, cased && !lower_lines[j])).flatten() {
            hits.push(h);
            continue;
        }
        let bracketed = !phone && text[..label.start].ends_with('(') && text[label.end..].starts_with(')');
        if phone {
            // The number follows within a few characters ("cell# 410", "home: (603)", "cell 555").
            let after = text[label.end..].trim_start_matches([' ', '#', ':', '-', '.']);
            if !after.starts_with(|c: char| c.is_ascii_digit() || c == '(') || text[label.end..].len() - after.len() > 4 {
                continue;
            }
        } else if !bracketed || !matches!(&text[toks[j - 1].end..label.start], " (" | "(") {
            continue;
        }
        let cased = cased && !lower_lines[j];
        // The label says "person" so plainly that a name that is also a word counts ("Woods").
        let namey = |t: &Tok| {
            let name = lexicon_name(t)
                || ((bracketed || cased) && (t.lex().first >= 50 || t.lex().surname >= 300) && t.lex().allow != Allow::Clinical && !t.is(class::RELATION | class::TITLE));
            (unknown_word(t) || name) && !t.is(class::STOP) && (!cased || capitalised(t)) && !glued_to_digit(text, t)
        };
        let mut from = j;
        while from > 0 && j - from < 2 && namey(&toks[from - 1]) && ((from == j && bracketed) || text[toks[from - 1].end..toks[from].start] == *" ") {
            from -= 1;
        }
        if from < j {
            let why = if phone { format!("name before '{}' and a number", label.raw) } else { format!("name before '({})'", label.raw) };
            hits.push(name_hit(toks[from].start, toks[j - 1].end, 0.75, "name-context", why));
        }
    }
}

/// "carol , my sister ,", "john smith , her husband": a given name (and maybe a surname) set off by
/// a comma before a possessive and the relation word at `j`.
fn name_before_apposition(text: &str, toks: &[Tok], j: usize, cased: bool) -> Option<Hit> {
    let poss = toks.get(j.checked_sub(1)?)?;
    let last = toks.get(j.checked_sub(2)?)?;
    if !matches!(&*poss.low, "my" | "her" | "his" | "our" | "their" | "your") || !only_spaces_between(text, poss, &toks[j]) || text[last.end..poss.start].trim() != "," {
        return None;
    }
    let given = |t: &Tok| {
        (t.lex().first >= 200 || addressable(t)) && t.lex().allow != Allow::Clinical && !t.is(class::STOP | class::TITLE | class::RELATION) && (!cased || capitalised(t))
    };
    let surname = |t: &Tok| (t.lex().surname >= 100 || unknown_word(t)) && !t.is(class::STOP | class::TITLE | class::RELATION) && (!cased || capitalised(t));
    // The name opens its clause: "yeah , carol , my sister", not "it was the third , my sister".
    let opens = |t: &Tok| t.start == 0 || text[..t.start].trim_end().ends_with([',', '.', ']', '?', '!', ':']);
    let first = j - 2;
    let from = match first.checked_sub(1).map(|g| &toks[g]) {
        Some(g) if given(g) && surname(last) && text[g.end..last.start] == *" " && opens(g) => first - 1,
        _ if given(last) && opens(last) => first,
        _ => return None,
    };
    Some(name_hit(toks[from].start, last.end, 0.8, "name-context", format!("name set off before '{} {}'", poss.raw, toks[j].raw)))
}

/// "[doctor] amber , can you lie back for me ?", "nice to meet you , dawn .": in lower-case
/// dialogue a given name (even a popular one that is also a word, or one in no dictionary) is a
/// name where only an address can stand: opening a turn before a comma and a question or request,
/// or after "you ," at the end of a sentence.
pub(crate) fn addresses(text: &str, toks: &[Tok], hits: &mut Vec<Hit>) {
    for (i, t) in toks.iter().enumerate() {
        if !(popular_given(t) || addressable(t)) || t.is(class::STOP | class::TITLE | class::RELATION | class::CALENDAR) {
            continue;
        }
        let after = &text[t.end..];
        let opening = text[..t.start].trim_end_matches(' ').ends_with(']')
            && after.starts_with(" , ")
            && toks.get(i + 1).is_some_and(|w| {
                matches!(&*w.low, "can" | "could" | "would" | "will" | "i" | "i'm" | "i'll" | "we" | "we're" | "we'll" | "you" | "you're" | "let's" | "how" | "what" | "do" | "did" | "are" | "is" | "have" | "so" | "just")
            });
        let after_you = i > 0 && toks[i - 1].low == "you" && text[toks[i - 1].end..t.start].trim() == "," && pause_after(text, t) && !after.trim_start().starts_with(',');
        if opening || after_you {
            hits.push(name_hit(t.start, t.end, 0.8, "name-context", "given name addressing someone"));
        }
    }
}

/// "[doctor] loice tuero , n- date of birth 4/14 …", "lanny soap . date of birth : …", "patient
/// is gazelle sarnelli , medical record number …": a dictation names the patient, then gives the
/// date of birth or the record number. One or two name words right before "date of birth", "DOB",
/// "medical record" or "MRN" (fillers and punctuation between).
fn name_before_birth_date(text: &str, toks: &[Tok], j: usize, cased: bool) -> Option<Hit> {
    let label = match &*toks[j].low {
        "date" => spells(toks, j, &["date", "of", "birth"]),
        "medical" => spells(toks, j, &["medical", "record"]),
        _ => true,
    };
    if !label {
        return None;
    }
    let gap_ok = |a: &Tok, b: &Tok| text[a.end..b.start].bytes().all(|c| matches!(c, b' ' | b',' | b'.' | b':' | b'-'));
    let mut k = j;
    while k > 1 && matches!(&*toks[k - 1].low, "uh" | "um" | "n" | "er") && gap_ok(&toks[k - 1], &toks[k]) {
        k -= 1;
    }
    let last = toks.get(k.checked_sub(1)?)?;
    if !gap_ok(last, &toks[k]) {
        return None;
    }
    let plain = |t: &Tok| !t.is(class::STOP | class::TITLE | class::RELATION) && (!cased || capitalised(t)) && !glued_to_digit(text, t);
    let name = |t: &Tok| plain(t) && (lexicon_name(t) || unknown_name(t) || (t.lex().first >= 200 && t.lex().allow == Allow::No && !t.lex().everyday()));
    // Any given name counts, even one that is also a word ("crystal sequin", "sorrel marrero").
    let given = |t: &Tok| name(t) || (plain(t) && t.lex().first >= 50 && t.lex().allow != Allow::Clinical);
    let first = k.checked_sub(2).map(|p| &toks[p]).filter(|f| given(f) && only_spaces_between(text, f, last));
    // A surname that is also a word counts after a given name ("lanny soap").
    let last_ok = name(last) || (first.is_some() && plain(last) && last.lex().surname >= 100 && last.lex().allow != Allow::Clinical);
    if !last_ok {
        return None;
    }
    let start = first.map_or(last.start, |f| f.start);
    Some(name_hit(start, last.end, 0.85, "name-context", "name before 'date of birth'"))
}

/// "lekiesha juana madsen from speech and swallow in to see pt": one to three names (no everyday
/// words) right before "from" and a hospital service.
fn name_before_service(text: &str, toks: &[Tok], j: usize, cased: bool) -> Option<Hit> {
    const SERVICES: &[&str] = &[
        "speech", "pt", "ot", "physical", "occupational", "social", "case", "nutrition", "dietary", "pharmacy", "respiratory", "pastoral", "chaplaincy",
        "hospice", "palliative", "cardiology", "renal", "nephrology", "neurology", "psychiatry", "psych", "ethics", "wound", "ostomy", "vna", "rehab",
        "interpreter", "transplant", "anesthesia", "radiology", "ir", "gi", "id",
    ];
    if !toks.get(j + 1).is_some_and(|s| SERVICES.contains(&&*s.low)) || j == 0 {
        return None;
    }
    let name = |t: &Tok| {
        !t.is(class::STOP | class::TITLE | class::RELATION | class::CREDENTIAL)
            && (!cased || capitalised(t))
            && !glued_to_digit(text, t)
            && (lexicon_name(t) || unknown_name(t))
    };
    // ("mark from case management following": a popular given name that is also a word, opening
    // its clause.)
    let opening_given = |t: &Tok| {
        popular_given(t)
            && !t.is(class::STOP | class::TITLE | class::RELATION | class::CREDENTIAL)
            && (!cased || capitalised(t))
            && (t.start == 0 || text[..t.start].trim_end().ends_with(['.', ',', ';', ':', ']']))
    };
    let mut from = j;
    while from > 0 && j - from < 3 && (name(&toks[from - 1]) || (from == j && opening_given(&toks[from - 1]))) && text[toks[from - 1].end..toks[from].start] == *" " {
        from -= 1;
    }
    (from < j).then(|| name_hit(toks[from].start, toks[j - 1].end, 0.8, "name-context", format!("name before 'from {}'", toks[j + 1].raw)))
}
