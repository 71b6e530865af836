//! Signatures: a name before a credential ("Edward C. Jones, RRT", "V. Finn, RN"), and a bare
//! name on a note's last line.

use super::evidence::{after_title, contextual_name, is_initial, name_hit};
use super::found::Scan;
use crate::lexicon::Allow;
use crate::span::Hit;
use crate::tokens::{class, glued_to_digit, is_credential, title_case, unknown_name, unknown_word, Tok};

/// A name before a credential at token `i`.
pub(super) fn signed(s: &mut Scan, i: usize, cased: bool) -> Option<usize> {
    let (text, toks) = (s.text, s.toks);
    let t = &toks[i];
    // Signatures: "Edward C. Jones, RRT", "V. Finn, RN", "Andrew O'Connell MD".
    if let Some(end) = signature_end(text, toks, i, cased) {
        s.found.push(name_hit(t.start, toks[end - 1].end, 0.9, "name-signature", "name before a credential (RN, RRT, MD …)"));
        return Some(end);
    }
    None
}

/// If tokens from `i` are 1–3 name words or initials followed by a credential at the end of a
/// line or sentence, returns the index after the last name word.
pub(super) fn signature_end(text: &str, toks: &[Tok], i: usize, cased: bool) -> Option<usize> {
    // The first word must be an initial, a name or a word in no dictionary (most tokens are none).
    let first = &toks[i];
    if !(first.raw.len() == 1 || contextual_name(first, cased).is_some() || unknown_word(first)) {
        return None;
    }
    // The credential comes two or three words on.
    if !(toks.get(i + 2).is_some_and(is_credential) || toks.get(i + 3).is_some_and(is_credential)) {
        return None;
    }
    let mut j = i;
    while j < toks.len() && j < i + 3 {
        let t = &toks[j];
        let initial = t.raw.len() == 1 && t.raw.chars().all(char::is_alphabetic);
        // "RRT" in "V. Finn, RRT" is a capitalised word too: the credential ends the name.
        if j > i && is_credential(t) {
            break;
        }
        // A first word in no dictionary counts before a name word ("jonh o'malley md": a typo).
        // A given name in no dictionary also before an initial or another such word ("Choupok W.
        // Grogrei, RRT", "dregind baipel rrt").
        let initial_next = |n: &Tok| is_initial(n) || (n.raw.len() == 1 && text[n.end..].starts_with('.'));
        let typo_first = j == i && unknown_word(t) && toks.get(j + 1).is_some_and(|n| !is_credential(n) && (initial_next(n) || unknown_word(n) || contextual_name(n, cased).is_some()));
        // After an initial, right before the credential, any word is the surname ("Crystal A.
        // Company, RRT").
        let surname_slot = j > i && toks[j - 1].raw.len() == 1 && toks.get(j + 1).is_some_and(is_credential) && t.is(class::PLAIN) && !t.is(class::STOP) && t.low.len() > 1;
        let namey = !glued_to_digit(text, t)
            && (initial || typo_first || surname_slot || contextual_name(t, cased).is_some() || (j > i && (after_title(t, cased).is_some() || unknown_word(t))));
        // Name words are separated by spaces only ("V. Finn", not "SKIN: anasarca").
        let gap_ok = j == i || {
            let gap = &text[toks[j - 1].end..t.start];
            gap.bytes().all(|b| b == b' ') || (toks[j - 1].raw.len() == 1 && gap.trim_start_matches('.').bytes().all(|b| b == b' ') && !gap.is_empty())
        };
        if !namey || !gap_ok {
            break;
        }
        j += 1;
    }
    // At least two words (first + last, or initial + last) before the credential.
    if j < i + 2 || j >= toks.len() {
        return None;
    }
    let cred = &toks[j];
    let gap = &text[toks[j - 1].end..cred.start];
    let after = text[cred.end..].chars().find(|c| !c.is_whitespace() || *c == '\n');
    let at_end = after.is_none_or(|c| matches!(c, '\n' | '.' | ',' | ';' | ')'));
    // Mid-sentence ("Anna O'Connell MD spoke with …") only for a Title Case name before an
    // upper-case credential that is nothing else (not "PT", "MS", "DO", "PA").
    let mid_sentence = cased
        && toks[i..j].iter().all(|t| title_case(t) || t.raw.len() == 1)
        && cred.raw.chars().all(|c| c.is_ascii_uppercase())
        && matches!(&*cred.low, "md" | "rn" | "rrt" | "np" | "lpn" | "msw" | "licsw" | "lcsw" | "crnp" | "phd" | "pharmd" | "cna")
        // Lower case: "md"/"rn" after a surname of no clinical use ("jonh o'malley md spoke").
        || !cased && matches!(&*cred.low, "md" | "rn") && toks[j - 1].lex().allow == Allow::No && (contextual_name(&toks[j - 1], cased).is_some() || unknown_name(&toks[j - 1]));
    // "PT", "NP", "PA", "MS", "DO", "OT" are also the patient, nasal prongs …: only after a name
    // that is certainly one (Title Case, or lexicon words that are not English).
    let ambiguous = matches!(&*cred.low, "pt" | "np" | "pa" | "ms" | "do" | "ot" | "rd" | "slp");
    let certain = toks[i..j].iter().all(|t| {
        t.raw.len() == 1
            || if cased {
                title_case(t)
            } else {
                (t.lex().first >= 200 || t.lex().surname >= 300) && t.lex().english.is_none()
            }
    });
    (is_credential(cred) && matches!(gap, " " | ", ") && (at_end || mid_sentence) && (!ambiguous || certain))
        .then_some(j)
}

/// A note signed with a bare name on its own last line ("… all is well.\nSusan", "s. roberto").
pub(super) fn last_line_name(text: &str, toks: &[Tok], cased: bool) -> Option<Hit> {
    let body = text.trim_end();
    let line_start = body.rfind('\n').map_or(0, |p| p + 1);
    // Or the note's last sentence, when the name ends a line of text ("… 1400U/HR. SUSAN").
    let sentence_start = body.rfind(". ").map_or(0, |p| p + 2);
    let tail = sentence_start > line_start;
    let line_start = line_start.max(sentence_start);
    let line = &body[line_start..];
    if line_start == 0 || line.chars().count() > 40 || line.contains(|c: char| c.is_ascii_digit() || c == ':') {
        return None;
    }
    let first = toks.partition_point(|t| t.start < line_start);
    let words = &toks[first..];
    if words.is_empty() || words.len() > 3 {
        return None;
    }
    let initial = |t: &Tok| t.raw.len() == 1;
    let lead = &words[0];
    // A word in no dictionary ("… 1400U/HR. GOLUK") if it is no typo and, in mixed-case text, no
    // acronym ("Await results. CPNCP.").
    let unknown = || (!cased || title_case(lead)) && unknown_name(lead) && crate::places::large_region_at(text, toks, first).is_none();
    let lead_ok = initial(lead) || (lead.lex().first >= 200 && lead.lex().allow == Allow::No && !lead.is(class::STOP)) || unknown();
    // After a sentence a closing word is more often prose ("… as above. Thanks"): no everyday word.
    let lead_ok = lead_ok && !(tail && (initial(lead) || lead.lex().everyday()));
    // After a word in no dictionary only more such words ("cont diruesis", "Cont PSV wean" are
    // shorthand).
    let rest_ok = if unknown_word(lead) && !initial(lead) {
        words.len() <= 2 && words[1..].iter().all(|t| initial(t) || unknown_name(t))
    } else {
        words[1..].iter().all(|t| initial(t) || contextual_name(t, cased).is_some() || unknown_word(t) || is_credential(t))
    };
    let name_words = words.iter().filter(|t| !is_credential(t)).count();
    // A lone initial is not a name; an initial needs a name word after it.
    let enough = !initial(lead) || words[1..].iter().any(|t| !initial(t) && !is_credential(t));
    let end = words.iter().rev().find(|t| !is_credential(t))?.end;
    (lead_ok && rest_ok && enough && name_words >= 1).then(|| name_hit(lead.start, end, 0.8, "name-signature", "given name alone on the last line (a signature)"))
}
