//! Places found through words rather than patterns: US towns and counties from the GeoNames
//! gazetteer, hospital abbreviations and ward names after a place preposition, and hospitals
//! named after saints ("St. Agnes").

use super::lexicon::{self, Allow};
use crate::tokens::{capitalised, class, spells, title_case, unknown_name, unknown_word, within, Covered, Tok, WordSet};
use crate::words::FACILITY_NAMES;
use crate::span::{Category, Hit};

/// The length in tokens of a [`FACILITY_NAMES`] entry starting at token `i` (with the name
/// after "our lady of"), if one does.
fn facility_name(text: &str, toks: &[Tok], i: usize) -> Option<usize> {
    if !toks[i].is(class::FACILITY_HEAD) {
        return None;
    }
    let name = FACILITY_NAMES.iter().find(|name| {
        spells(toks, i, name)
            && toks[i..i + name.len()].windows(2).all(|p| only_spaces(&text[p[0].end..p[1].start]))
    })?;
    // "Our Lady of Lourdes", "our lady of the lake": the name goes on.
    let open = name.last() == Some(&"of");
    let n = name.len() + usize::from(open) + usize::from(open && toks.get(i + name.len()).is_some_and(|t| t.low == "the"));
    (i + n <= toks.len()).then_some(n)
}

fn only_spaces(gap: &str) -> bool {
    !gap.is_empty() && gap.bytes().all(|b| b == b' ' || b == b'\t')
}

/// Whether token `i` follows a place preposition (or "leave") in the same clause.
/// "to the GH", "from the Bay" count too.
fn after_prep<'t>(text: &str, toks: &'t [Tok], i: usize) -> Option<&'t str> {
    let mut p = toks.get(i.checked_sub(1)?)?;
    let mut next = &toks[i];
    if p.low == "the" && only_spaces(&text[p.end..next.start]) {
        next = p;
        p = toks.get(i.checked_sub(2)?)?;
    }
    // ("would need to leave GH": a place is left as it is gone to.)
    (p.is(class::PREP | class::LEAVING) && only_spaces(&text[p.end..next.start])).then_some(&*p.low)
}

/// A word that keeps a place name without a preposition from counting (see `find`).
fn word_like(w: &Tok) -> bool {
    w.lex().english.is_some() || w.is(class::STOP) || w.lex().allow != Allow::No
}

/// The longest gazetteer name (1–3 words) starting at token `i`: (tokens used, population).
/// With `plain_only`, names with an everyday word are not looked up (they would not count).
fn gazetteer(text: &str, toks: &[Tok], i: usize, plain_only: bool) -> Option<(usize, u64)> {
    if plain_only && word_like(&toks[i]) {
        return None;
    }
    // A state or a country is no identifier (Safe Harbor keeps states): "lives in California".
    let pop = u64::from(toks[i].lex().place);
    let mut best = (pop > 0 && !is_large_region(&toks[i].low)).then_some((1, pop));
    // Only a word that starts some multi-word place is worth the longer lookups.
    if !toks[i].lex().place_head {
        return best;
    }
    let mut name = toks[i].low.to_string();
    for n in 2..=3 {
        let Some(t) = toks.get(i + n - 1) else { break };
        if !only_spaces(&text[toks[i + n - 2].end..t.start]) || (plain_only && word_like(t)) {
            break;
        }
        name.push(' ');
        name.push_str(&t.low);
        let pop = lexicon::place(&name);
        if pop > 0 && !is_large_region(&name) {
            best = Some((n, pop));
        }
    }
    best
}

/// How many tokens from `i` spell a US state, a country or a continent ([`is_large_region`]), if
/// any do.
pub(super) fn large_region_at(text: &str, toks: &[Tok], i: usize) -> Option<usize> {
    let first = &*toks[i].low;
    if let Some(next) = toks.get(i + 1).filter(|n| only_spaces(&text[toks[i].end..n.start])) {
        if two_word_region(first, &next.low) {
            return Some(2);
        }
    }
    is_large_region(first).then_some(1)
}

/// Whether `name` (lower case, single spaces) is a US state or territory, a country or a
/// continent: larger than what Safe Harbor removes ("lives in California", "grew up in Haiti").
/// New York and Washington are left out: they are also a city.
pub(super) fn is_large_region(name: &str) -> bool {
    if let Some((a, b)) = name.split_once(' ') {
        return two_word_region(a, b);
    }
    matches!(
        name,
        "alabama" | "alaska" | "arizona" | "arkansas" | "california" | "colorado" | "connecticut" | "delaware" | "florida" | "georgia" | "hawaii" | "idaho"
            | "illinois" | "indiana" | "iowa" | "kansas" | "kentucky" | "louisiana" | "maine" | "maryland" | "massachusetts" | "michigan" | "minnesota"
            | "mississippi" | "missouri" | "montana" | "nebraska" | "nevada" | "ohio" | "oklahoma" | "oregon" | "pennsylvania" | "tennessee" | "texas" | "utah"
            | "vermont" | "virginia" | "wisconsin" | "wyoming" | "guam"
            // Countries and continents patients come from, as notes name them.
            | "mexico" | "canada" | "china" | "india" | "haiti" | "ireland" | "italy" | "vietnam" | "cuba" | "brazil" | "portugal" | "guatemala"
            | "honduras" | "jamaica" | "philippines" | "korea" | "japan" | "russia" | "ukraine" | "poland" | "germany" | "france" | "england" | "greece"
            | "israel" | "iran" | "iraq" | "syria" | "egypt" | "nigeria" | "ghana" | "kenya" | "ethiopia" | "somalia" | "colombia" | "venezuela"
            | "argentina" | "chile" | "ecuador" | "cambodia" | "laos" | "thailand" | "pakistan" | "bangladesh" | "nepal" | "afghanistan" | "turkey"
            | "albania" | "spain" | "sweden" | "norway" | "scotland" | "wales" | "australia" | "africa" | "europe" | "asia" | "taiwan" | "armenia"
            | "nicaragua" | "bosnia" | "liberia" | "sudan" | "eritrea" | "uganda" | "morocco" | "algeria" | "romania" | "hungary" | "austria"
            | "switzerland" | "netherlands" | "belgium" | "denmark" | "finland" | "iceland" | "lithuania" | "latvia" | "estonia" | "belarus" | "moldova"
            | "burma" | "myanmar" | "indonesia" | "malaysia" | "singapore" | "uk" | "usa"
    )
}

fn two_word_region(a: &str, b: &str) -> bool {
    matches!(
        (a, b),
        ("new", "hampshire" | "jersey" | "mexico" | "zealand")
            | ("north" | "south", "carolina" | "dakota" | "korea" | "africa" | "america")
            | ("rhode", "island")
            | ("west", "virginia" | "africa")
            | ("puerto", "rico")
            | ("dominican", "republic")
            | ("el", "salvador")
            | ("cape", "verde")
            | ("costa", "rica")
            | ("sri", "lanka")
            | ("saudi", "arabia")
            | ("united", "kingdom" | "states")
            | ("great", "britain")
            | ("central", "america")
    )
}

/// How many tokens from `j` on are [`FACILITY_TAIL`] words, separated by spaces only.
fn facility_tail(text: &str, toks: &[Tok], j: usize) -> usize {
    let mut n = 0;
    while toks.get(j + n).is_some_and(|t| t.is(class::FACILITY_TAIL) && only_spaces(&text[toks[j + n - 1].end..t.start])) {
        n += 1;
    }
    n
}

/// Whether the words before token `i` say that an employer's name follows ("works for",
/// "CEO of", "retired from", "his business").
fn after_employer_cue(text: &str, toks: &[Tok], i: usize) -> bool {
    // Most words follow no cue word at all.
    if !i.checked_sub(1).is_some_and(|p| matches!(&*toks[p].low, "at" | "for" | "by" | "of" | "from" | "business" | "employer")) {
        return false;
    }
    let word = |k: usize| i.checked_sub(k).filter(|&j| only_spaces(&text[toks[j].end..toks[j + 1].start])).map(|j| &toks[j]);
    let (Some(p1), p2) = (word(1), word(2)) else { return false };
    let p2 = p2.map_or("", |t| &*t.low);
    // "I work for …", not "lab work for hep c".
    let person = word(3).is_some_and(|t| matches!(&*t.low, "i" | "we" | "you" | "they"));
    match &*p1.low {
        "at" | "for" => matches!(p2, "works" | "worked" | "working" | "employed" | "job") || (p2 == "work" && person),
        "by" => p2 == "employed",
        "of" => matches!(p2, "employee" | "ceo" | "president" | "owner" | "founder"),
        "from" => p2 == "retired",
        "business" | "employer" => true,
        _ => false,
    }
}

/// Finds places in `text`, adding them to `hits`. `lower_lines` is
/// [`crate::tokens::lower_case_lines`]: a lower-case line in a mixed-case note reads as lower case.
pub fn find(text: &str, toks: &[Tok], cased: bool, lower_lines: &[bool], hits: &mut Vec<Hit>) {
    let doc_cased = cased;
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let cased = doc_cased && !lower_lines[i];
        // ("leave GH" is only for hospital abbreviations: "will leave quentin in" is a catheter.)
        let prep_or_leave = after_prep(text, toks, i);
        let prep = prep_or_leave.filter(|p| !matches!(*p, "leave" | "leaving"));
        // "WIFE CEO OF ACME", "works for Genentech": an employer's name (1–3 name-like words).
        let name_like = |t: &Tok| {
            !t.is(class::STOP) && t.lex().allow == Allow::No && if cased { capitalised(t) } else { !t.lex().everyday() && t.low.len() >= 2 }
        };
        if after_employer_cue(text, toks, i) && name_like(t) {
            let mut n = 1;
            while n < 3 && toks.get(i + n).is_some_and(|w| name_like(w) && only_spaces(&text[toks[i + n - 1].end..w.start])) {
                n += 1;
            }
            hits.push(hit(t.start, toks[i + n - 1].end, 0.75, "place-employer", "employer's name"));
            i += n;
            continue;
        }
        if let Some(n) = facility_name(text, toks, i) {
            // "holy cross Memorial": with the hospital's own words after it.
            let n = n + facility_tail(text, toks, i + n);
            hits.push(hit(t.start, toks[i + n - 1].end, 0.85, "place-facility-name", "hospital name"));
            i += n;
            continue;
        }
        if let Some(n) = saint(text, toks, i, cased, hits) {
            i += n;
            continue;
        }
        // "at Newton-Wellesley", "from Wilkes-Barre": town names joined by a hyphen after a place
        // word (a hospital named after two towns, or a town).
        if t.is(class::HYPHEN) && prep.is_some() && (!cased || capitalised(t)) && t.low.split('-').all(|part| part.len() >= 3 && lexicon::lookup(part).place > 0) {
            let tail = facility_tail(text, toks, i + 1);
            hits.push(hit(t.start, toks[i + tail].end, 0.8, "place-gazetteer", "US place names joined by a hyphen"));
            i += 1 + tail;
            continue;
        }
        if let Some(n) = mount(text, toks, i, cased, prep.is_some(), hits) {
            i += n;
            continue;
        }
        if let Some((n, pop)) = gazetteer(text, toks, i, prep.is_none()) {
            let words = &toks[i..i + n];
            // "San Jose" is a place although "san" is shorthand; "May" or "Lasix" alone is not.
            let clinical_word = |w: &Tok| w.lex().allow == Allow::Clinical || w.is(class::CALENDAR);
            let clinical = if n == 1 { clinical_word(&words[0]) } else { words.iter().all(clinical_word) };
            let capital_ok = !cased || capitalised(&words[0]);
            let plain_words = words.iter().all(|w| w.lex().everyday() || w.is(class::STOP));
            let name = &text[t.start..words[n - 1].end];
            let end = toks[i + n + facility_tail(text, toks, i + n) - 1].end;
            // With a preposition: any gazetteer place; one made of everyday words ("in bed",
            // "from WARD 3") only in Title Case in mixed text.
            if let Some(p) = prep.filter(|_| !clinical && capital_ok && !(plain_words && !(cased && title_case(&words[0])))) {
                hits.push(hit(t.start, end, 0.85, "place-gazetteer", format!("US place name after '{p}'")));
                i += n;
                continue;
            }
            // Alone: a town of 10,000+ whose name is not also a word ("Towson", "Ellicott City").
            if pop >= 10_000 && !clinical && capital_ok && !words.iter().any(word_like) && name.chars().count() >= 4 {
                hits.push(hit(t.start, end, 0.6, "place-gazetteer", "US town name (GeoNames)"));
                i += n;
                continue;
            }
        }
        if let Some(p) = prep_or_leave.filter(|_| prep.is_none() && hospital_abbrev(t, cased)) {
            hits.push(hit(t.start, t.end, 0.75, "place-abbrev", format!("hospital abbreviation after '{p}'")));
            i += 1;
            continue;
        }
        if let Some(n) = prep.and_then(|p| after_preposition(text, toks, i, cased, p, hits)) {
            i += n;
            continue;
        }
        // "found unresponsive on Quelmarsh 6": "on" names a ward only before a floor number.
        let on = i > 0 && toks[i - 1].low == "on" && only_spaces(&text[toks[i - 1].end..t.start]);
        // (A short word in no dictionary must look like a name: "on Trezu 2".)
        if let Some(h) = (on && (t.low.len() >= 6 || !unknown_word(t) || unknown_name(t))).then(|| ward(text, t, "on")).flatten() {
            hits.push(h);
            i += 1;
            continue;
        }
        i += 1;
    }
}

/// "St. Agnes", "St Mary's", "St. A.": a saint's name is a hospital; "ST elevation" is not.
/// Returns the tokens it took.
fn saint(text: &str, toks: &[Tok], i: usize, cased: bool, hits: &mut Vec<Hit>) -> Option<usize> {
    let t = &toks[i];
    if matches!(&*t.low, "st" | "saint") {
        if let Some(n) = toks.get(i + 1).filter(|n| matches!(text[t.end..n.start].trim_start_matches('.'), " " | "")) {
            // (In lower case after a place word or "@": "had a bed @ st a.")
            let placed = i > 0 && (matches!(&*toks[i - 1].low, "by" | "to" | "at" | "from" | "in") || text[..t.start].trim_end().ends_with('@'));
            let initial = n.raw.len() == 1 && text[n.end..].starts_with('.') && n.raw.chars().all(|c| c.is_ascii_uppercase() || (!cased && placed && c.is_ascii_lowercase()));
            // Or any Title Case name after "St." that follows no capitalised word (not a street:
            // "accepted by St. Eastwood", not "Main St. Boston").
            let after_street_name = i > 0 && capitalised(&toks[i - 1]);
            // In lower case: a name in no dictionary after a place word ("accepted by st. trabreis").
            let lower_named = !cased && text[t.end..].starts_with('.') && placed && unknown_name(n);
            let named = (cased && title_case(n) && text[t.end..].starts_with('.') && !after_street_name && n.lex().allow == Allow::No) || lower_named;
            let saint = named || (n.lex().first >= 200 && (n.lex().allow == Allow::No || (cased && capitalised(n))));
            if (initial || (saint && !n.is(class::STOP))) && !text[t.end..n.start].is_empty() {
                hits.push(hit(t.start, n.end, 0.85, "place-saint", "saint's name (a hospital)"));
                return Some(2);
            }
        }
    }
    None
}

/// "Mount Auburn", "Mt. Sinai", "San Corinth", "Fort Kent", "Lake Forest": a hospital or a
/// town; lower case or in capitals only after a place word ("at mount sinai", not "mount a
/// response"). Returns the tokens it took.
fn mount(text: &str, toks: &[Tok], i: usize, cased: bool, after_prep: bool, hits: &mut Vec<Hit>) -> Option<usize> {
    let t = &toks[i];
    if matches!(&*t.low, "mount" | "mt" | "san" | "santa" | "fort" | "lake") && (if cased { title_case(t) } else { after_prep }) {
        if let Some(n) = toks.get(i + 1).filter(|n| matches!(text[t.end..n.start].trim_start_matches('.'), " ")) {
            let name = if cased { capitalised(n) } else { n.lex().allow != Allow::Clinical };
            if name && !n.is(class::STOP) && n.low.len() >= 3 {
                let tail = facility_tail(text, toks, i + 2);
                hits.push(hit(t.start, toks[i + 1 + tail].end, 0.8, "place-mount", format!("'{}' and a name (a hospital or town)", t.raw)));
                return Some(2 + tail);
            }
        }
    }
    None
}

/// After a place word `p`: a hospital named before a hospital word or a department ("from
/// Kernan EW", "to Carrollton Regional"), a hospital abbreviation ("to GH"), a ward, or a town
/// in no dictionary. Returns the tokens it took.
fn after_preposition(text: &str, toks: &[Tok], i: usize, cased: bool, p: &str, hits: &mut Vec<Hit>) -> Option<usize> {
    let t = &toks[i];
    // "from Kernan EW", "to Carrollton Regional": a word in no dictionary before a
    // hospital word or a department.
    let tail = facility_tail(text, toks, i + 1);
    let plain = t.lex().allow != Allow::No || t.lex().english.is_some() || t.is(class::STOP) || t.low.len() < 3;
    // "Regional" and "Memorial" only ever follow a name ("TAKEN TO VALLEY REGIONAL"),
    // so an everyday word before them counts too.
    let own_name = tail > 0 && matches!(&*toks[i + 1].low, "regional" | "memorial") && t.lex().allow != Allow::Clinical && !t.is(class::STOP);
    if tail > 0 && (!cased || capitalised(t)) && (own_name || (!plain && !lexicon::typo_of_word(&t.low))) {
        hits.push(hit(t.start, toks[i + tail].end, 0.8, "place-facility", format!("hospital name before '{}' after '{p}'", toks[i + 1].raw)));
        return Some(1 + tail);
    }
    // "to GH", "at BWH", "from NWMC": a hospital abbreviation after a place word.
    if hospital_abbrev(t, cased) && !matches!(p, "in" | "near" | "around") {
        hits.push(hit(t.start, t.end, 0.75, "place-abbrev", format!("hospital abbreviation after '{p}'")));
        return Some(1);
    }
    if let Some(h) = ward(text, t, p) {
        hits.push(h);
        return Some(1);
    }
    if matches!(p, "in" | "from" | "at") && town_in_no_dictionary(text, toks, i, cased) {
        hits.push(hit(t.start, t.end, 0.7, "place-context", format!("word in no dictionary after '{p}' (a town)")));
        return Some(1);
    }
    None
}

/// "GH", "BWH", "NWMC": two to five letters ending like a hospital's name (Hospital, Medical
/// Center, Health Center), on no list and no word.
fn hospital_abbrev(t: &Tok, cased: bool) -> bool {
    (2..=5).contains(&t.raw.len())
        && (t.low.ends_with('h') || t.low.ends_with("mc") || t.low.ends_with("hc"))
        && (!cased || t.raw.chars().all(|c| c.is_ascii_uppercase()))
        && t.lex().allow == Allow::No
        && t.lex().english.is_none()
        && !matches!(&*t.low, "nh" | "oh" | "wh")
}

/// "Sister called from Krougik", "son in STISTORT", "the church in Lunaistai": a word in no
/// dictionary (and no typo) after "in", "from" or "at" is a town the gazetteer lacks: in Title
/// Case in mixed-case text, or near a person or a verb of living or calling in lower-case or
/// ALL-CAPS text.
fn town_in_no_dictionary(text: &str, toks: &[Tok], i: usize, cased: bool) -> bool {
    // (A hospital or a consult is somewhere too: "general hospital medical center in voveirt",
    // "a consult from the lubai".)
    const CUES: &[&str] = &[
        "called", "calling", "lives", "living", "live", "moved", "church", "visiting", "visit", "home", "family", "flying", "flew", "drove", "driving", "hospital",
        "center", "clinic", "consult",
    ];
    let t = &toks[i];
    let context = if cased { title_case(t) } else { toks[i.saturating_sub(4)..i].iter().any(|w| w.is(class::RELATION) || CUES.contains(&&*w.low)) };
    // (The typo test in `unknown_name` last: it is the dearest.)
    context
        && unknown_word(t)
        && !t.raw.contains('-')
        && !text[t.end..].starts_with(|c: char| c.is_ascii_digit())
        && large_region_at(text, toks, i).is_none()
        && unknown_name(t)
}

/// "to Quelmarsh 6", "from Ellison 10": a building or ward name (a word in no dictionary) with
/// its floor, not a dose or a time ("started on zorvexin 1 pm").
fn ward(text: &str, t: &Tok, prep: &str) -> Option<Hit> {
    let rest = text[t.end..].trim_start_matches(' ');
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    // A word in no dictionary, or a town or surname ("to Kimbrough 3", "on Welsh 6", "to
    // Paramount 2"), not a count of something ("day 2", "room 5", "cycle 3").
    const COUNTED: &[&str] = &[
        "room", "rm", "bed", "day", "days", "pod", "cycle", "floor", "unit", "level", "step", "stage", "grade", "phase", "week", "dose", "trial", "vent",
        "side", "page", "line", "lead", "port", "wing", "tower", "building", "bldg", "pavilion", "number", "lot", "ext", "hour", "hours", "gauge", "size",
        "times", "point", "round", "session", "visit", "set", "sets", "liter", "bag", "wave", "tube", "valve", "beat", "beats", "ward",
    ];
    // (Not an everyday word: "in high 90's", "to last 8 years", "in the first 90 minutes".)
    let town_or_surname = (t.lex().place > 0 || t.lex().surname >= 1000)
        && t.lex().english.is_none_or(|size| size >= 35)
        && t.lex().allow != Allow::Clinical
        && !t.is(class::STOP)
        && !COUNTED.contains(&&*t.low);
    let named = unknown_word(t) || (t.lex().english.is_none() && t.lex().allow == Allow::No && (t.lex().place > 0 || t.lex().surname >= 300)) || town_or_surname;
    if !(1..=2).contains(&digits) || t.low.len() < 4 || !named {
        return None;
    }
    let after = &rest[digits..];
    let unit = after.trim_start_matches(' ').split(|c: char| !c.is_ascii_alphabetic()).next().unwrap_or_default();
    const UNITS: &[&str] = &["am", "pm", "mg", "mcg", "ml", "cc", "l", "lpm", "u", "units", "hr", "hrs", "hours", "days", "x", "times"];
    let decimal = after.strip_prefix('.').is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
    // ("90's", "80s" are ranges of values.)
    let ward = !decimal && !after.starts_with(|c: char| c.is_alphanumeric() || c == '/' || c == '\'') && !UNITS.iter().any(|u| u.eq_ignore_ascii_case(unit));
    ward.then(|| hit(t.start, t.end, 0.8, "place-ward", format!("building or ward name with a number after '{prep}'")))
}

/// Every other mention of a place word already tagged by context ("to Quelmarsh 2 …
/// Quelmarsh3") is the same place, if the word is in no dictionary.
pub fn repeats(toks: &[Tok], cased: bool, lower_lines: &[bool], hits: &mut Vec<Hit>) {
    let mut words: WordSet = WordSet::default();
    for h in hits.iter().filter(|h| h.category == Category::Location && h.score >= 0.75) {
        // In mixed-case text only a capitalised word is a proper name ("to comod" is a typo).
        for (i, t) in within(toks, h.start, h.end) {
            if t.low.len() >= 4 && t.low.bytes().all(|b| b.is_ascii_alphabetic()) && unknown_word(t) && (!cased || lower_lines[i] || capitalised(t)) {
                words.insert(&t.low);
            }
        }
    }
    if words.is_empty() {
        return;
    }
    let covered = Covered::new(hits.iter().map(|h| (h.start, h.end)));
    for t in toks {
        // (Only a word in no dictionary was noted: the class test spares most tokens the hashing.)
        if unknown_word(t) && words.contains(&*t.low) && !covered.inside(t.start, t.end) {
            hits.push(hit(t.start, t.end, 0.75, "place-repeat", "same place as tagged elsewhere in this text"));
        }
    }
}

fn hit(start: usize, end: usize, score: f32, rule: &'static str, why: impl Into<std::borrow::Cow<'static, str>>) -> Hit {
    Hit { start, end, category: Category::Location, score, rule, why: why.into() }
}
