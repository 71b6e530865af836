//! Checks: what a rule asks of a match after the regex found it (is "3/4" a date, is this
//! number a year, does a street address start here).

use super::bytes::*;
use super::caps::Caps;
use super::vocab::*;

pub(super) fn always(_: &Caps, _: &str) -> bool {
    true
}

/// A numeric date `m/d[/y]` that is a real calendar date and not a score like "pain 7/10",
/// "strength 5/5" or a murmur "2/6".
pub(super) fn numeric_date<'t>(c: &Caps, text: &'t str) -> bool {
    let (Some(m), Some(d)) = (c.name("m"), c.name("d")) else { return false };
    let (Ok(mo), Ok(day)) = (m.as_str().parse::<u32>(), d.as_str().parse::<u32>()) else { return false };
    // "8/87", "4/97": month and two-digit year (no day is above 31).
    let month_year = c.name("y").is_none() && (40..=99).contains(&day);
    if !(1..=12).contains(&mo) || !((1..=31).contains(&day) || month_year) {
        return false;
    }
    let whole_text = c.get(0).map_or("", |g| g.as_str());
    let whole = c.get(0).map_or(0..0, |g| g.range());
    // Inside a run of numbers ("CO/CI/SVR 5.8/2.51/327", "PS 10/5/40%") it is a measurement,
    // with or without what looks like a year.
    let before = &text[..whole.start];
    let next = &text[whole.end..];
    let decimal_before = before.strip_suffix('.').is_some_and(|b| b.ends_with(|ch: char| ch.is_ascii_digit()));
    // A second date may follow a dated one ("10/03/10/04": the 3rd and the 4th).
    let slash_after = next.starts_with('/') && c.name("y").is_none();
    if decimal_before
        || before.ends_with(|ch: char| ch == '/' || ch.is_ascii_digit())
        || slash_after
        || next.starts_with('%')
        || decimal_next(next)
    {
        return false;
    }
    if let Some(y) = c.name("y") {
        // "5-6/10" is a score range; "4/2/1300" no year.
        let mut seps = whole_text.bytes().filter(|b| matches!(b, b'/' | b'-'));
        let first = seps.next();
        let four_digit_ok = y.as_str().len() != 4 || y.as_str().parse::<u32>().is_ok_and(|v| (1900..=2099).contains(&v));
        return seps.all(|b| Some(b) == first) && four_digit_ok;
    }
    // Without a year, "2-3" and "12-18" are ranges, and 1/2, 1/3, 3/4 … are fractions, unless
    // an event or a preposition of time comes right before ("admitted 2/3", "since 1/4").
    let fraction = !month_year && fraction_like(mo, day);
    let dated = after_date_word(before) || (after_time_word(before) && !portion_next(next)) || clock_next(next) || after_date(before) || event_next(next) || after_clock(before);
    if whole_text.contains('-') || (fraction && !dated) {
        return false;
    }
    // Only the few words around the match matter; never copy the whole text (keeps this O(1)).
    let mut from = whole.start.saturating_sub(40);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (whole.end + 40).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let alnum_words = |s: &'t str| s.split(|ch: char| !ch.is_ascii_alphanumeric()).filter(|w| !w.is_empty());
    let prev_words = alnum_words(&text[from..whole.start]).rev().take(3);
    let prev_word = alnum_words(&text[from..whole.start]).next_back();
    // The first three words after it (split at spaces, then into letters and digits).
    let mut after_words = text[whole.end..to].split_whitespace().take(3).flat_map(alnum_words).take(3);
    let first_after = text[whole.end..to].trim_start();
    // Scores written like dates ("pain 7/10", "strength 5/5", "2/6 murmur") anywhere in the last
    // three words, and ventilator settings ("PS 10/5", "CPAP 5/5").
    const SCORED: &[&str] = &[
        "pain", "strength", "scale", "score", "motor", "power", "rated", "grip", "murmur", "sem", "reflex", "reflexes", "gcs", "perrla", "perrl", "perla", "pupils", "pupil",
    ];
    const VENT: &[&str] = &[
        "peep", "ps", "cpap", "bipap", "pap", "ipap", "epap", "psv", "imv", "simv", "ac", "fio2", "tv", "x", "flowby", "vent", "settings", "setting",
    ];
    // After the number: what was scored or set ("3/10 l back pain", "8/10 CP", "10/5 BIPAP",
    // "4/4 bottles").
    const AFTER: &[&str] = &["cp", "cpain", "ha", "headache", "bottles", "bipap", "cpap", "psv", "peep", "ps"];
    // Pain anywhere in the three words after it ("4/10 chest pain").
    const PAIN: &[&str] = &["pain", "cpain", "discomfort"];
    let is_in = |w: &str, list: &[&str]| list.iter().any(|l| l.eq_ignore_ascii_case(w));
    // "x" counts only right before ("x 10/5"): "blood cx x 2 9/14" is a count, then a date.
    if prev_words.enumerate().any(|(i, w)| is_in(w, SCORED) || (is_in(w, VENT) && (i == 0 || !w.eq_ignore_ascii_case("x"))))
        || SCORED.iter().any(|w| starts_ci(first_after, w))
        || after_words.next().is_some_and(|w| is_in(w, AFTER) || is_in(w, PAIN))
        || after_words.any(|w| is_in(w, PAIN))
    {
        return false;
    }
    // Pressure support over PEEP put "on" or changed "to" ("trialed on 5/5", "wean down to 10/5")
    // among ventilator words; "weaned off 9/7" and "sputum from 9/5" stay dates.
    let on_or_to = prev_word.is_some_and(|w| w.eq_ignore_ascii_case("on") || w.eq_ignore_ascii_case("to"));
    if c.name("y").is_none() && on_or_to && (5..=25).contains(&mo) && (5..=10).contains(&day) && mo >= day && vent_nearby(&text[from..whole.start], &text[whole.end..to]) {
        return false;
    }
    // Fractions such as "1/2 tab" and ratios "1/3" are dosing, not dates.
    !["tab", "of", "strength", "ns"].iter().any(|w| starts_ci(first_after, w))
}

/// A month and a day of the month (or a two-digit year), not a run of numbers ("fx3/2", not
/// "fx3/2/4/1").
pub(super) fn glued_date(c: &Caps, text: &str) -> bool {
    let (Some(m), Some(x)) = (c.get(0), c.name("x")) else { return false };
    let mut parts = x.as_str().split('/').map(|p| p.parse::<u32>().unwrap_or(0));
    let (mo, day, year) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0), parts.next());
    // ("fx4/97": a month and a two-digit year.)
    let day_ok = (1..=31).contains(&day) || (year.is_none() && (40..=99).contains(&day));
    (1..=12).contains(&mo) && day_ok && !text[m.end..].starts_with(['/', '%']) && !decimal_next(&text[m.end..])
}

/// 1/2, 1/3, 1/4, 2/3, 2/4, 3/4: a month and day that read as a fraction.
pub(super) fn fraction_like(mo: u32, day: u32) -> bool {
    mo <= 3 && day <= 4 && mo < day
}

/// The letters `s` begins with, after its spaces ("" before a digit or a sign).
pub(super) fn first_word(s: &str) -> &str {
    let s = s.trim_start_matches(' ');
    &s[..s.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(s.len())]
}

/// Whether a ventilator word stands in the sentence around a number (`before` and `after` it):
/// not respiratory rates, which fill every note ("rr 30-40's. On 9/6 this eve" is a date).
pub(super) fn vent_nearby(before: &str, after: &str) -> bool {
    const WORDS: &[&str] = &[
        "wean", "weaned", "weaning", "trial", "trialed", "trialled", "tolerated", "tolerating", "extubate", "extubation", "abg", "abgs", "gas", "gases", "vent",
        "cpap", "ps", "psv", "peep", "fio2", "sbt", "ventilator", "settings",
    ];
    let before = before.rsplit_once(". ").map_or(before, |(_, b)| b);
    let after = after.split_once(". ").map_or(after, |(a, _)| a);
    [before, after].iter().any(|s| s.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| WORDS.iter().any(|v| v.eq_ignore_ascii_case(w))))
}

/// Whether a clock time follows (a fraction-like number before it is a date: "started 2/3 0930").
pub(super) fn clock_next(next: &str) -> bool {
    let n = next.trim_start_matches(' ');
    let digits = n.bytes().take_while(u8::is_ascii_digit).count();
    (digits == 4 && clock_time(&n[..4]) && !n[4..].starts_with(|c: char| c.is_ascii_alphanumeric()))
        || starts_ci(n, "am ")
        || starts_ci(n, "pm ")
        || starts_ci(n, "a.m")
        || starts_ci(n, "p.m")
        || (digits > 0 && digits <= 2 && (starts_ci(&n[digits..], "am") || starts_ci(&n[digits..], "pm") || n[digits..].starts_with(':')))
}

/// Whether what happened on the day follows ("2/4 went to radiation", "1/2 pt was extubated").
pub(super) fn event_next(next: &str) -> bool {
    let word = first_word(next);
    ["went", "was", "had", "pt", "patient", "underwent", "received", "started", "admitted", "transferred", "extubated", "intubated"].iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Whether a clock time comes right before ("arrived at 2300 2/4", "at 6p 1/4", "at 2a 2/4").
pub(super) fn after_clock(before: &str) -> bool {
    let b = before.trim_end_matches(' ');
    if b.len() == before.len() {
        return false;
    }
    let b = b.strip_suffix(['a', 'p', 'A', 'P']).unwrap_or(b);
    let digits = b.bytes().rev().take_while(u8::is_ascii_digit).count();
    let lead = &b[..b.len() - digits];
    let starts_word = lead.is_empty() || lead.ends_with(|c: char| !c.is_ascii_alphanumeric());
    let am_pm = b.len() < before.trim_end_matches(' ').len();
    starts_word && ((digits == 4 && clock_time(&b[b.len() - 4..])) || (am_pm && (1..=2).contains(&digits)))
}

/// Whether another numeric date comes right before, in a list or a range: "(6/15, 2/3)",
/// "rec'd 2/25 - 2/3".
pub(super) fn after_date(before: &str) -> bool {
    let b = before.trim_end_matches([' ', ',', '-', '&']);
    if b.len() == before.len() {
        return false;
    }
    let prev = b.rsplit(|c: char| !(c.is_ascii_digit() || c == '/')).next().unwrap_or("");
    let mut parts = prev.split('/').map(|p| p.parse::<u32>().ok());
    // A real month/day that is no fraction itself ("120/80, 1/2" and "1/2 - 3/4" are no dates).
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(mo), Some(day)) => (1..=12).contains(&mo) && (1..=31).contains(&day) && !fraction_like(mo, day),
        _ => false,
    }
}

/// Whether `next` (the text after a fraction-like number) names what the fraction is of:
/// "1/2 tab", "3/4 of", "1/2 NS", "1/2 strength", "1/2-1 tab".
pub(super) fn portion_next(next: &str) -> bool {
    // Words and the stems of their plurals ("tabs", "tablet", "hours", "units").
    const WORDS: &[&str] = &["of", "ns", "nss", "cc", "ml", "hr", "hrs", "way", "and", "or", "to"];
    const STEMS: &[&str] = &["tab", "strength", "dose", "amp", "cup", "hour", "liter", "unit", "bag", "can", "glass", "pill"];
    let next = next.trim_start_matches(' ');
    let word = first_word(next);
    // "1/2 and 1/2", "1/2 to 1 tab": a joining word counts before another amount, not before a
    // date or anything else ("from 3/4 to 5/7", "on 1/4 and was cultured").
    if matches!(word.to_ascii_lowercase().as_str(), "and" | "or" | "to") {
        let after = next[word.len()..].trim_start_matches(' ');
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let day = after.get(digits..).and_then(|r| r.strip_prefix('/')).map(|r| &r[..r.bytes().take_while(u8::is_ascii_digit).count()]);
        let date_next = match (after[..digits].parse::<u32>(), day.map(str::parse::<u32>)) {
            // A fraction after it is still an amount ("1/2 to 3/4 tab").
            (Ok(mo), Some(Ok(d))) => !fraction_like(mo, d),
            _ => false,
        };
        return digits > 0 && !date_next;
    }
    next.starts_with(['-', '%']) || WORDS.iter().any(|w| w.eq_ignore_ascii_case(word)) || STEMS.iter().any(|w| starts_ci(word, w))
}

/// Whether `before` ends with a preposition of time that makes a fraction-like number a date
/// when no portion follows: "on 2/3 pt developed …", "cultures from 1/2.", "from 11/3 to 1/2".
pub(super) fn after_time_word(before: &str) -> bool {
    let b = before.trim_end_matches(' ');
    let word = b.rsplit(|c: char| !c.is_ascii_alphabetic()).next().unwrap_or("");
    let rest = b[..b.len() - word.len()].trim_end();
    word.eq_ignore_ascii_case("on")
        || word.eq_ignore_ascii_case("from")
        // "to" only after a date: "from 11/3 to 1/2", not "decreased to 1/2".
        || (word.eq_ignore_ascii_case("to") && rest.ends_with(|c: char| c.is_ascii_digit()))
}

/// Whether `before` ends with a word after which a number is a date ("admitted", "since").
pub(super) fn after_date_word(before: &str) -> bool {
    const WORDS: &[&str] = &[
        "admitted", "admit", "admission", "discharged", "transferred", "extubated", "intubated", "since", "until", "till", "dated", "born", "seen", "started",
        "stopped", "began", "last", "next",
        // Events dated by the number after them ("extubation 2/3", "s/p dialysis 2/4", "ct scan 1/2").
        "extubation", "intubation", "reintubation", "dialysis", "hd", "scan", "ct", "mri", "echo", "cath", "surgery", "op", "procedure", "transfusion",
        "bronch", "bronchoscopy", "biopsy", "ercp", "egd", "colonoscopy", "fall", "fell", "seizure", "arrest", "lbm", "readmitted", "woke", "fx",
        "fracture", "fractured", "diagnosed", "dx",
        "placed", "inserted", "removed", "performed", "obtained", "discontinued",
        // Days of the week ("monday 1/4").
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tues", "wed", "thurs", "fri", "sat", "sun",
    ];
    let word = before.trim_end().rsplit(|c: char| !c.is_ascii_alphabetic()).next().unwrap_or("");
    // (And the past events a history lists: "cabg 3/4", "nqwmi 1/2".)
    WORDS.iter().chain(EVENT_WORDS).any(|w| w.eq_ignore_ascii_case(word))
}

/// Whether `s` continues a number with decimals (".5").
pub(super) fn decimal_next(s: &str) -> bool {
    s.strip_prefix('.').is_some_and(|r| r.starts_with(|ch: char| ch.is_ascii_digit()))
}

/// A year written alone ("CABG 1957", "MI '92", "CVA 74'"): not a quantity ("1950 cc", "x 2000").
pub(super) fn year(c: &Caps, text: &str) -> bool {
    let Some(m) = c.get(0) else { return false };
    let after = text[m.end..].trim_start_matches(' ');
    let before = text[..m.start].trim_end_matches(' ');
    let quantity = ["cc", "ml", "mg", "mcg", "kc", "cal", "u ", "u/", "uni", "gm", "g ", "%", "x", "/", "-", ":", "ft", "in", "lb", "kg", "mm", "min", "hr"]
        .iter()
        .any(|u| starts_ci(after, u))
        || decimal_next(after);
    // "at 2000", "from 2000 to 2400": clock times in the 24-hour notes' style.
    let clock = [" at", "@", " by", " until", " from", " around", " approx", " til"].iter().any(|w| ends_ci(before, w))
        || starts_ci(after, "to ")
        || starts_ci(after, "hr");
    let counted = clock || before.ends_with(['x', 'X', '/', '=', '#', ':', '$', '+', '-', '>', '<', '~']) || ends_ci(before, " of");
    // "90'S" is a blood-pressure decade; a digit or letter right after is part of something else.
    let glued = text[m.end..].starts_with(|ch: char| ch.is_alphanumeric() || ch == '\'');
    !quantity && !counted && !glued
}

/// A two-digit year beside an event: nothing numeric or a unit glued on ("MI 92.5", "stent 13mm",
/// "PTCA 95%"), and not a count of events ("2 stents").
pub(super) fn year_event(c: &Caps, text: &str) -> bool {
    let Some(m) = c.get(0) else { return false };
    let after = &text[m.end..];
    let before = text[..m.start].trim_end_matches(' ');
    !after.starts_with(|ch: char| ch.is_alphanumeric() || matches!(ch, '%' | '/' | '-' | '\'') || ch == '.' && decimal_next(after))
        && !before.ends_with(|ch: char| ch.is_ascii_digit() || matches!(ch, 'x' | 'X' | '/' | '#' | '-'))
}

/// A plate or vehicle number has a digit: "fruit plate in frig", "growth plate", "motor vehicle
/// accident" are no vehicles.
pub(super) fn plate(c: &Caps, _: &str) -> bool {
    c.name("x").is_some_and(|x| x.as_str().contains(|ch: char| ch.is_ascii_digit()))
}

/// "pager 4412", not "called at 0800": a 24-hour time after "at", "@" or "by" is when, not a number.
pub(super) fn not_clock(c: &Caps, text: &str) -> bool {
    let (Some(m), Some(x)) = (c.get(0), c.name("x")) else { return false };
    let clock = clock_time(x.as_str());
    let between = text[m.start..x.start].to_ascii_lowercase();
    !(clock && (between.contains(" at ") || between.contains('@') || between.contains(" by ") || between.ends_with(" at") || between.contains(" around ")))
}

/// A number of seven to fifteen digits through its separators (a phone number in any national
/// format), not a date ("12-03-2020") or a decimal ("98.6").
pub(super) fn seven_digits(c: &Caps, _: &str) -> bool {
    let Some(x) = c.name("x").map(|x| x.as_str()) else { return false };
    let digits = x.bytes().filter(u8::is_ascii_digit).count();
    let groups: Vec<&str> = x.split(|ch: char| !ch.is_ascii_digit()).filter(|g| !g.is_empty()).collect();
    // "12-03-2020 office visit" is a date.
    let date = groups.len() == 3 && groups[0].len() <= 2 && groups[1].len() <= 2 && matches!(groups[2].len(), 2 | 4);
    (7..=15).contains(&digits) && x.matches('.').count() != 1 && !date
}

/// An age said alone ("she is 93."), not a measurement ("he is 95% on RA", "she is 98.6").
pub(super) fn age_alone(c: &Caps, text: &str) -> bool {
    let Some(x) = c.name("x") else { return false };
    let after = text[x.end..].trim_start_matches(' ');
    let unit = ["%", "/", "mg", "kg", "lb", "bpm", "mm", "cc", "ml", "on ", "percent", "over", "degree", "pound", "kilo", "beat", "f ", "°", "at ", "to ", "-", "x ", "min", "sec", "hour", "day", "week", "month", "mile", "feet", "foot", "inch"]
        .iter()
        .any(|u| starts_ci(after, u));
    !unit && !decimal_next(after)
}

/// "Apt 4", not a time or a date ("apt 10:30", "apt 3/4" are appointments).
pub(super) fn apartment(c: &Caps, text: &str) -> bool {
    c.get(0).is_some_and(|m| !text[m.end..].starts_with([':', '/', '.']) || text[m.end..].starts_with(". ") || m.end + 1 == text.len())
}

/// "U of Maryland", not "10 u of blood": after a bare "u", the name is no everyday word.
pub(super) fn university(c: &Caps, _: &str) -> bool {
    let bare_u = c.get(0).is_some_and(|m| matches!(m.as_str().as_bytes().get(1), Some(b' ' | b'.' | b'\t' | b'\n')));
    let everyday = c.name("of").is_some_and(|g| crate::lexicon::lookup(&g.as_str().to_ascii_lowercase()).everyday());
    !(bare_u && everyday)
}

/// An IPv4 address: four octets, each ≤ 255.
pub(super) fn ipv4(c: &Caps, _: &str) -> bool {
    c.get(0).is_some_and(|m| m.as_str().split('.').all(|o| o.parse::<u32>().is_ok_and(|v| v <= 255)))
}

/// A street address starts a number (not the end of a date such as 2/3/2019) and its "Dr"/"St"
/// is not a title before a name ("… by Dr. Alvarez").
pub(super) fn street(c: &Caps, text: &str) -> bool {
    let Some(m) = c.get(0) else { return false };
    if text[..m.start].ends_with(['/', '-', '.', ':', '#']) {
        return false;
    }
    // Street names are not made of function words ("3 way foley in place").
    const NOT_STREET: &[&str] = &["in", "the", "to", "of", "with", "and", "&", "at", "on", "for", "is", "was", "has", "way", "x", "times"];
    let words: Vec<String> = m.as_str().split_whitespace().skip(1).map(|w| w.trim_end_matches('.').to_ascii_lowercase()).collect();
    if words.iter().rev().skip(1).any(|w| NOT_STREET.contains(&w.as_str())) {
        return false;
    }
    let suffix = c.name("suffix").map_or("", |s| s.as_str()).to_ascii_lowercase();
    // "CT" is also a chest tube or a scan, "Dr" a doctor: those suffixes need a street name of
    // plain words ("3 hour period. dr.lane", "1600 lateral ct").
    if matches!(suffix.as_str(), "dr" | "ct") {
        let name = &words[..words.len().saturating_sub(1)];
        let clinical = name.iter().any(|w| crate::lexicon::allow(w) == crate::lexicon::Allow::Clinical);
        let dotted = m.as_str().split_whitespace().rev().skip(1).any(|w| w.ends_with('.'));
        let unit = name.first().is_some_and(|w| matches!(w.as_str(), "hour" | "hours" | "hr" | "hrs" | "min" | "day" | "days" | "cm" | "mm" | "fr" | "french"));
        // "at 1600 lateral ct": a 24-hour time, then what was placed.
        let clock = clock_time(m.as_str().split_whitespace().next().unwrap_or_default());
        if clinical || dotted || unit || clock {
            return false;
        }
    }
    if matches!(suffix.as_str(), "dr" | "st") {
        let rest = text[m.end..].trim_start_matches(['.', ' ']);
        if rest.chars().next().is_some_and(char::is_uppercase) && !text[m.end..].starts_with(',') {
            return false;
        }
    }
    true
}

/// Facility names ("Calvert Hospital", "Kimbrough Rehab"): the rule finds the facility word and
/// this reads up to three words back from it while they could be part of a name, so "admitted to
/// hospital", "awaiting rehab" or "house staff" tag nothing. Returns where the name starts.
pub(super) fn facility_start(text: &str, suffix: &str, suffix_start: usize, cased: bool) -> Option<usize> {
    // "rehab", "house", "agency" are also everyday nouns ("awaiting rehab", "house staff").
    let first_word = suffix.split_whitespace().next().unwrap_or_default().to_ascii_lowercase();
    let weak = matches!(first_word.as_str(), "rehab" | "rehabilitation" | "house" | "manor" | "agency" | "campus" | "practice" | "associates");
    let mut pos = suffix_start;
    let mut first = None;
    let mut name_words = 0;
    for _ in 0..5 {
        let before = &text[..pos];
        let trimmed = before.trim_end_matches(char::is_whitespace);
        if trimmed.len() == before.len() {
            break; // glued to punctuation: not a separate word
        }
        // "R. Vastelli Nursing Agency" (in lower-case text "s. dominico nursing agency"): an
        // initial before the name words.
        let tb = trimmed.as_bytes();
        if name_words > 0 && tb.len() >= 2 && tb[tb.len() - 1] == b'.' && (tb[tb.len() - 2].is_ascii_uppercase() || (!cased && tb[tb.len() - 2].is_ascii_lowercase())) && (tb.len() == 2 || tb[tb.len() - 3] == b' ') {
            first = Some(tb.len() - 2);
            break;
        }
        let at = trimmed.char_indices().rev().find(|(_, c)| !(c.is_ascii_alphabetic() || *c == '\'' || *c == '-')).map_or(0, |(p, c)| p + c.len_utf8());
        let w = &trimmed[at..];
        if w.len() < 2 || !w.starts_with(|c: char| c.is_ascii_alphabetic()) {
            break;
        }
        let low = w.to_ascii_lowercase();
        let title = w.chars().next().is_some_and(char::is_uppercase) && w.chars().skip(1).any(char::is_lowercase);
        let entry = crate::lexicon::lookup(&low);
        // Everyday words belong to a name in Title Case ("Holy Cross", "Good Samaritan"), and in
        // ALL-CAPS or lower-case text before a hospital word; never lower case in mixed text.
        let everyday = entry.english.is_some() && !title && entry.place == 0;
        // (A word in no dictionary is a name word unless it is a typo: "tranplant clinic".)
        let ordinary = entry.allow == crate::lexicon::Allow::Clinical
            || crate::tokens::is_stopword(&low)
            || (entry == crate::lexicon::Entry::NONE && !title && crate::lexicon::typo_of_word(&low))
            || (everyday && (weak || cased))
            || matches!(
                low.as_str(),
                "outside" | "local" | "same" | "another" | "other" | "general" | "state" | "teaching" | "private" | "community" | "city" | "county"
                    | "university" | "children's" | "psychiatric" | "psych" | "acute" | "nsg" | "leave" | "left" | "wanted" | "name" | "back" | "go"
                    | "going" | "needs" | "need" | "transfer" | "transferred" | "admitted" | "admission" | "sent" | "discharged" | "being" | "eval"
                    | "evaluate" | "screened" | "plan" | "plans" | "get" | "getting" | "returned" | "return" | "came" | "come" | "went" | "stay"
                    | "stayed" | "previous" | "prior" | "recent" | "recently" | "another's" | "his" | "her" | "their" | "prev" | "start" | "started"
                    | "starting" | "cont" | "con't" | "continue" | "continued"
            );
        // Facility words inside the name ("Dominico Nursing Agency", "Calvert Memorial Hospital")
        // are read past, and only count once a name word stands before them.
        let facility_word = matches!(
            low.as_str(),
            "hospital" | "medical" | "center" | "health" | "nursing" | "memorial" | "facility" | "clinic" | "rehab" | "regional" | "general" | "family"
        );
        if facility_word {
            // "General Hospital", "Memorial Hospital" are a name (in mixed text, in Title Case).
            if (title || !cased) && matches!(low.as_str(), "general" | "memorial" | "regional") {
                first = first.or(Some(at));
            }
            pos = at;
            continue;
        }
        if ordinary || name_words == 3 {
            break;
        }
        name_words += 1;
        first = Some(at);
        pos = at;
    }
    first
}
