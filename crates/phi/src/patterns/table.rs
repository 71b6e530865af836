//! The rule table, family by family. The order is the order of the table before it was split,
//! and it matters: where two rules tag the same characters with the same score, the earlier wins.

use std::sync::OnceLock;

use super::caps::Caps;
use super::checks::*;
use super::rule::{compile, Rule, Start};
use super::vocab::*;
use crate::span::Category;

type Built = Result<Rule, &'static str>;
type Check = fn(&Caps, &str) -> bool;

/// Every rule, compiled or with the id of the one that did not compile.
pub(super) fn all() -> Vec<Built> {
    let mut rules = contacts();
    rules.extend(numbers());
    rules.extend(dates());
    rules.extend(names_and_places());
    rules
}

fn mk(id: &'static str, category: Category, score: f32, why: &'static str, pat: &str, check: Check, start: Start) -> Built {
    compile(id, category, score, why, pat, None, check, start)
}

/// `cue`, then "x" (`x`), then `after`.
#[allow(clippy::too_many_arguments)]
fn mk_tail(id: &'static str, category: Category, score: f32, why: &'static str, cue: &str, x: &str, after: &str, check: Check, start: Start) -> Built {
    compile(id, category, score, why, &format!("{cue}(?P<x>{x}){after}"), Some((cue, &format!("(?:{x}){after}"))), check, start)
}

/// E-mail, web and IP addresses, fax and phone numbers.
fn contacts() -> Vec<Built> {
    vec![
    mk("email", Category::Email, 0.99, "e-mail address", r"\b[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}\b", always, Start::Scan),
    mk("email-spoken", Category::Email, 0.95, "spoken e-mail address ('at' … 'dot')",
       r"\b[a-z0-9]+(?:\s+(?:dot|underscore)\s+[a-z0-9]+)*\s+at\s+[a-z0-9]+(?:\s+dot\s+[a-z0-9]+)*\s+dot\s+(?:com|org|net|edu|gov|us|io)\b", always, Start::Scan),
    mk("url", Category::Url, 0.99, "web address", r"\b(?:https?://|www\.)[^\s<>\x22]+", always, Start::Words(&["http", "www"])),
    mk("url-domain", Category::Url, 0.9, "domain name", r"\b[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.(?:com|org|net|edu|gov|io|us)(?:/[^\s]*)?\b", always, Start::Scan),
    mk("ipv4", Category::Ip, 0.95, "IPv4 address", r"\b(?:\d{1,3}\.){3}\d{1,3}\b", ipv4, Start::Number(&[], &[])),
    mk("ipv6", Category::Ip, 0.9, "IPv6 address", r"\b(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\b", always, Start::Scan),
    mk("fax", Category::Fax, 0.97, "number after 'fax'", r"\bfax(?:\s*(?:number|no\.?|#))?\s*(?:is|:)?\s*(?P<x>\+?1?[\s.\-]?\(?\d{3}\)?[\s.\-]?\d{3}[\s.\-]?\d{4}(?:\s?(?:x|ext\.?|extension)\s?\d{1,5})?|\d{3}[\s.\-]?\d{4}|\+\(?\d[\d ().\-]{5,17}\d)\b", always, Start::Words(&["fax"])),
    mk("phone", Category::Phone, 0.95, "10-digit phone number", r"(?:\+?1[\s.\-]?)?\(?\b\d{3}\)?[\s.\-/]?\d{3}[\s.\-/]?\d{4}(?:\s?(?:x|ext\.?|extension)\s?\d{1,5})?\b", always, Start::Number(b"+(1", &[])),
    mk("phone-7", Category::Phone, 0.9, "7-digit number after a phone word",
       r"\b(?:phone|call|called|cell|mobile|home|work|number|tel|telephone|pager|beeper|pg|pgr|bpr|reach(?:ed)?|contact|ext|extension|x)\b[^0-9\n]{0,20}(?P<x>\d{3}[\s.\-]?\d{4}|\d{4,5})\b", not_clock, Start::Words(&["phone", "call", "cell", "mobile", "home", "work", "number", "tel", "pager", "beeper", "pg", "bpr", "reach", "contact", "ext", "x"])),
    // "Emergency contact: Ifeoma Chukwu (daughter) 555-0142": a name between the word and a
    // hyphenated seven-digit number.
    mk("phone-7-far", Category::Phone, 0.85, "7-digit number a name after a phone word",
       r"\b(?:phone|cell|mobile|contact|reach|call)\b[^0-9\n]{21,45}(?P<x>\d{3}-\d{4})\b", always, Start::Words(&["phone", "cell", "mobile", "contact", "reach", "call"])),
    // "416 60 039 office", "+46 (0)8 928 571 38 fax", "28-64-66-98 office": any national
    // format with its label after it.
    mk("phone-label-after", Category::Phone, 0.85, "number before 'office' / 'fax' / 'mobile'",
       &format!(r"(?P<x>\+?\(?\d[\d ()\-.]{{5,17}}\d)[ \t]{{0,3}}-?[ \t]{{0,3}}(?:{})\b", PHONE_LABELS.join("|")), seven_digits, Start::Number(b"+(", &[])),
    // "stop receiving messages to 0688 872 49 99", "my registered 024 971 50 30".
    mk("phone-messages", Category::Phone, 0.85, "number messages go to",
       r"\b(?:messages?\s+(?:to|on|at)|registered(?:\s+(?:number|phone|mobile))?|text\s+(?:me|us)\s+(?:at|on))\s+(?P<x>\+?\(?\d[\d ()\-.]{5,17}\d)\b", seven_digits, Start::Words(&["message", "messages", "registered", "text"])),
    mk_tail("phone-context", Category::Phone, 0.9, "number after 'phone:' / 'mobile:' (any national format)",
       r"\b(?:phone|tel|telephone|mobile|cell|desk|pager|answering\s+at|(?:reach|call|text)\s+(?:me|us|her|him|them)\s+(?:at|on))\s*(?:#|no\.?|number)?\s*(?:is|:)?\s*", r"\+?\(?\d[\d ().\-]{5,17}\d(?:\s?(?:x|ext\.?|extension)\s?\d{1,5})?", r"\b", always, Start::Words(&["phone", "tel", "mobile", "cell", "desk", "pager", "answering", "reach", "call", "text"])),
    ]
}

/// Government and record numbers.
fn numbers() -> Vec<Built> {
    vec![
    mk("ssn", Category::Ssn, 0.99, "social security number pattern", r"\b\d{3}-\d{2}-\d{4}\b", always, Start::Number(&[], &[])),
    mk("ssn-context", Category::Ssn, 0.98, "number after 'social security'",
       r"\b(?:ssn|social security(?:\s+number)?|social)\s*(?:number|no\.?|#)?\s*(?:is|:)?\s*(?P<x>\d{3}[\s\-]?\d{2}[\s\-]?\d{4})\b", always, Start::Words(&["ssn", "social"])),
    mk_tail("mrn", Category::Mrn, 0.98, "number after 'MRN' / 'medical record'",
       &format!(r"{MRN_CUE}\s*(?:is|#?:|#)?\s*"), ID_SPOKEN, "", always, Start::Words(MRN_WORDS)),
    mk_tail("mrn-answer", Category::Mrn, 0.98, "number answering a question about the medical record number",
       &format!(r"{MRN_CUE}{ANSWER}\s*,?\s*(?:is|:|#)?\s*"), ID_SPOKEN, "", always, Start::Words(MRN_WORDS)),
    // "mrnr472348", "mrn#00451": speech recognition glues the label to the number.
    mk("mrn-glued", Category::Mrn, 0.95, "number glued to 'MRN'", r"\bmrn#?(?P<x>(?:[a-z]\s?)?\d[\d\-]{3,14}\d)\b", always, Start::Words(&["mrn"])),
    mk("health-plan", Category::HealthPlan, 0.97, "number after an insurance word",
       &format!(r"\b(?:member\s+id|subscriber\s+id|policy(?:\s+(?:number|no\.?|#))?|insurance\s+(?:id|number|no\.?)|medicaid(?:\s+(?:id|number))?|medicare(?:\s+(?:id|number))?|group\s+(?:number|no\.?)|health\s+plan(?:\s+(?:id|number))?|beneficiary\s+(?:id|number))\b\s*(?:is|:|#)?\s*(?P<x>{ID_SPOKEN})"), always, Start::Words(&["member", "subscriber", "policy", "insurance", "medicaid", "medicare", "group", "health", "beneficiary"])),
    mk("account", Category::Account, 0.95, "number after 'account'",
       &format!(r"\b(?:account|acct|billing|invoice|iban)(?:\s+(?:number|no\.?|#))?\b\s*(?:is|:|#)?\s*(?P<x>{ID_SPOKEN})"), always, Start::Words(&["account", "acct", "billing", "invoice", "iban"])),
    mk("license", Category::License, 0.97, "number after 'license' / DEA / NPI",
       &format!(r"\b(?:licen[cs]e|dea|npi|certificate|lic\.?)(?:\s+(?:number|no\.?|#))?\b\s*(?:is|:|#)?\s*(?P<x>{ID})"), always, Start::Words(&["lic", "dea", "npi", "certificate"])),
    mk("vehicle", Category::Vehicle, 0.95, "plate or vehicle number",
       r"\b(?:plate|license\s+plate|tag\s+number|vin|vehicle(?:\s+identification)?(?:\s+number)?)\b\s*(?:is|:|#)?\s*(?P<x>[a-z0-9][a-z0-9\- ]{2,9}[a-z0-9])\b", plate, Start::Words(&["plate", "license", "tag", "vin", "vehicle"])),
    mk("vin", Category::Vehicle, 0.9, "17-character vehicle identification number", r"\b[a-hj-npr-z0-9]{17}\b", |c, _| c.get(0).is_some_and(|m| m.as_str().chars().filter(char::is_ascii_digit).count() >= 5), Start::Scan),
    mk("device", Category::Device, 0.95, "serial or device number",
       &format!(r"\b(?:serial(?:\s+(?:number|no\.?|#))?|s/n|sn|device\s+(?:id|identifier|number)|implant\s+(?:id|number)|model\s+(?:number|no\.?)|lot(?:\s+(?:number|no\.?))?|udi)\b\s*(?:is|:|#)?\s*(?P<x>{ID})"), always, Start::Words(&["serial", "s/n", "sn", "device", "implant", "model", "lot", "udi"])),
    mk("other-id", Category::OtherId, 0.8, "identifier after 'ID' / 'number'",
       &format!(r"\b(?:id|identifier|ref(?:erence)?\s+(?:number|no\.?)|case\s+(?:number|no\.?)|claim\s+(?:number|no\.?))\b\s*(?:is|:|#)?\s*(?P<x>{ID})"), always, Start::Words(&["id", "ref", "case", "claim"])),
    mk("long-number", Category::OtherId, 0.6, "a long digit string (6+ digits) is an identifier unless shown otherwise", r"\b\d{6,}\b", always, Start::Number(&[], &[])),
    // Dictated digit by digit and written so: "9 1 7 5 5 5 0 1 4 2".
    mk("digits-spaced", Category::OtherId, 0.6, "seven or more digits read one by one (an identifier or phone number)", r"\b\d(?: \d){6,}\b", always, Start::Number(&[], &[])),
    mk("phone-spaced", Category::Phone, 0.9, "digits read one by one after a phone word",
       r"\b(?:phone|call|cell|mobile|home|work|number|tel|telephone|pager|reach|contact)\b[^0-9\n]{0,40}(?P<x>\d(?:[ \-.]\d){6,10})\b", always, Start::Words(&["phone", "call", "cell", "mobile", "home", "work", "number", "tel", "pager", "reach", "contact"])),
    ]
}

/// Dates: every element but the year; ages over 89.
fn dates() -> Vec<Built> {
    let m = MONTHS;
    let events = EVENT_WORDS.join("|");
    vec![
    // Dates: every element but the year.
    // (The year written so that the pattern is one-pass: its anchored search with groups
    // runs one DFA, no backtracking.)
    mk("date-numeric", Category::Date, 0.9, "numeric date (month/day)", r"\b(?P<m>\d{1,2})[/\-](?P<d>\d{1,2})(?:[/\-](?P<y>\d\d(?:\d\d)?))?\b", numeric_date, Start::Number(&[], &[])),
    // "s/p pelvic fx3/2": a date glued to the event it dates.
    mk("date-glued", Category::Date, 0.85, "numeric date glued to an event ('fx3/2')",
       r"\b(?:fx|dx)(?P<x>\d{1,2}/\d{1,2}(?:/\d\d(?:\d\d)?)?)\b", glued_date, Start::Words(&["fx", "dx"])),
    // "12.25.2097": dots only with a four-digit year (a version or "2.5.1" is no date).
    mk("date-dotted", Category::Date, 0.9, "numeric date with dots", r"\b(?P<m>\d{1,2})\.(?P<d>\d{1,2})\.(?P<y>(?:19|20)\d{2})\b", numeric_date, Start::Number(&[], &[])),
    // "Echo (2/2097)": a month and a four-digit year.
    mk("date-month-numeric-year", Category::Date, 0.85, "numeric month and year", r"\b(?:0?[1-9]|1[0-2])/(?:19|20)\d{2}\b", always, Start::Number(&[], &[])),
    mk("date-iso", Category::Date, 0.97, "ISO date", r"\b\d{4}-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])\b", always, Start::Number(&[], &[])),
    mk("date-month-day", Category::Date, 0.95, "month name with a day",
       &format!(r"\b(?:{m})\s+(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}}\b)?"), always, Start::Words(MONTH_WORDS)),
    mk("date-day-month", Category::Date, 0.95, "day with a month name",
       &format!(r"\b(?:the\s{{1,3}})?\d{{1,2}}(?:st|nd|rd|th)?(?:\s{{1,3}}|-)(?:of\s{{1,3}})?(?:{m})\b(?:(?:,?\s+|-)\d{{4}}\b)?"), always, Start::Number(&[], &["the"])),
    mk("date-month-year", Category::Date, 0.9, "month name with a year", &format!(r"\b(?:{m})\.?,?\s+(?:of\s+)?\d{{4}}\b"), always, Start::Words(MONTH_WORDS)),
    mk("date-month", Category::Date, 0.7, "month name (a date element)", r"\b(?:january|february|april|june|july|august|september|october|november|december)\b", always, Start::Words(MONTH_WORDS)),
    mk("date-ordinal", Category::Date, 0.85, "day of the month ('on the 11th')",
       r"\b(?:on|since|until|by|before|after)\s+the\s+(?P<x>\d{1,2}(?:st|nd|rd|th))\b", always, Start::Words(&["on", "since", "until", "by", "before", "after"])),
    mk("year", Category::Date, 0.6, "a year (Safe Harbor lets years stay; tagged so the redaction policy decides)",
       r"(?:'\d{2}\b|\b\d{2}'|\b(?:19[2-9]\d|20[0-3]\d)\b)", year, Start::Number(b"'", &[])),
    // "PMH: MI 92, CABG 04", "09 PTCA to LCX": a two-digit year beside a cardiac or
    // surgical event (not "HR 92", which is no event; not "MI 2" or "PTCA 95%").
    mk("year-event", Category::Date, 0.6, "a two-digit year beside a past event (the redaction policy decides on years)",
       &format!(r"\b(?:{events})\s+(?P<x>\d{{2}})\b"), year_event, Start::Words(EVENT_WORDS)),
    mk("year-before-event", Category::Date, 0.6, "a two-digit year before a past event (the redaction policy decides on years)",
       &format!(r"\b(?P<x>\d{{2}})\s{{1,3}}(?:{events})\b"), year_event, Start::Number(&[], &[])),
    mk("date-holiday", Category::Date, 0.8, "holiday (a date element)",
       r"\b(?:christmas(?:\s+eve)?|thanksgiving|easter|new\s+year'?s(?:\s+(?:eve|day))?|hanukkah|halloween|independence\s+day|memorial\s+day|labor\s+day|valentine'?s\s+day)\b", always, Start::Words(&["christmas", "thanksgiving", "easter", "new", "hanukkah", "halloween", "independence", "memorial", "labor", "valentine"])),
    mk_tail("dob", Category::Date, 0.99, "date after 'date of birth' / 'DOB'",
       // "d.o.b. 7.7.77", "date of birth , uh , march three , fifty four", "birth date is …".
       &format!(r"{DOB_CUE}(?:\s*,?\s*(?:uh|um|er)\b)*\s*,?\s*(?:is|was|of|:)?\s*"), DOB, r"\b", always, Start::Words(DOB_WORDS)),
    mk_tail("dob-answer", Category::Date, 0.99, "date answering a question about the date of birth",
       &format!(r"{DOB_CUE}{ANSWER}\s*,?\s*(?:is|was|of|:)?\s*"), DOB, r"\b", always, Start::Words(DOB_WORDS)),
    mk("age-over-89", Category::Date, 0.95, "age over 89",
       r"\b(?P<x>(?:9\d|1[01]\d)\s*(?:-|\s)?\s*(?:y/?o|y\.\s?o\b\.?|yo|yrs?|years?)(?:[\s\-]old)?)\b", always, Start::Number(&[], &[])),
    mk("age-birthday", Category::Date, 0.95, "birthday over 89", r"\b(?P<x>(?:9\d|1[01]\d)(?:st|nd|rd|th)?)\s{1,3}birthday\b", always, Start::Number(&[], &[])),
    mk("age-over-89b", Category::Date, 0.95, "age over 89", r"\b(?:age|aged)\s*:?\s*(?P<x>9\d|1[01]\d)\b", always, Start::Words(&["age"])),
    // "she is 93", "he turned 95", "i'm ninety one" (not "she is 95% on RA", "pt was 92 over
    // 60"); "in her 90s".
    mk("age-over-89c", Category::Date, 0.9, "age over 89",
       r"\b(?:(?:she|he|who)(?:'s|\s{1,20}(?:is|was|turned))|turned|i'm)\s{1,20}(?P<x>9\d|1[01]\d)\b", age_alone, Start::Words(&["she", "he", "who", "turned", "i'm"])),
    mk("age-decade", Category::Date, 0.9, "age over 89 (decade)",
       r"\bin\s+(?:her|his|their)\s+(?P<x>90'?s|nineties|100'?s)", always, Start::Words(&["in"])),
    ]
}

/// Names spelled letter by letter; addresses and facilities; photos and biometrics.
fn names_and_places() -> Vec<Built> {
    vec![
    // Names spelled out letter by letter in dictation ("last name is s m i t h").
    mk("name-spelled", Category::Name, 0.9, "name spelled letter by letter",
       r"\b(?:spell(?:ed|s|ing)?|last\s+name|first\s+name|surname|name)\b[^.\n]{0,20}?(?P<x>\b[a-z](?:[\s\-]+[a-z]\b){2,})", always, Start::Words(&["spell", "last", "first", "surname", "name"])),
    // Places.
    mk("street", Category::Location, 0.95, "street address",
       r"\b\d{1,5}\s{1,3}(?:[a-z][a-z0-9]{0,19}\.?\s{1,3}){1,4}(?P<suffix>street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|ter|circle|cir|parkway|pkwy|highway|hwy|square|sq)\b\.?(?:,?\s+(?:apt|apartment|unit|suite|ste|#)\.?\s*[a-z0-9\-]+)?", street, Start::Number(&[], &[])),
    mk("po-box", Category::Location, 0.95, "post office box", r"\bp\.?\s*o\.?\s+box\s+\d+\b", always, Start::Words(&["p", "po"])),
    // US military mail: "PSC 1234, Box 5678, APO AE 09012", "Unit 2050 Box 4190".
    mk("military-mail", Category::Location, 0.95, "military postal address",
       r"\b(?:(?:psc|cmr|unit)\s+\d{1,5},?\s+box\s+\d{1,5}(?:,?\s+(?:apo|fpo|dpo)\s+a[aep](?:,?\s+\d{5})?)?|(?:apo|fpo|dpo)\s+a[aep],?\s+\d{5})\b", always, Start::Words(&["psc", "cmr", "unit", "apo", "fpo", "dpo"])),
    // "Apt. 4B", "Suite 300": the rest of an address line ("Unit 5" is too often a ward).
    mk("apartment", Category::Location, 0.9, "apartment or suite number",
       r"\b(?:apt|apartment|suite|ste)\b\.?\s*#?\s*\d{1,5}[a-z]?\b", apartment, Start::Words(&["apt", "apartment", "suite", "ste"])),
    mk("zip", Category::Location, 0.9, "ZIP code after a state", &format!(r"\b(?:{STATES}),?\s+(?P<x>\d{{5}}(?:-\d{{4}})?)\b"), always, Start::Words(STATE_WORDS)),
    mk("zip-context", Category::Location, 0.95, "number after 'zip'", r"\bzip(?:\s*code)?\s*(?:is|:)?\s*(?P<x>\d{3,5}(?:[\s\-]\d{2,4})?)\b", always, Start::Words(&["zip"])),
    mk("university", Category::Location, 0.9, "university (hospital) name",
       &format!(r"\b(?:university|univ\.?|u\.?)\s+(?:of\s+(?P<of>[a-z]{{2,}})|(?:{STATE_NAMES})\b)(?:\s+(?:medical\s+(?:center|system)|med\s+(?:center|ctr)|medical|hospital|hosp))?\b"), university, Start::Words(&["univ", "u"])),
    mk("facility", Category::Location, 0.9, "facility name",
       r"\b(?:hospital|hosp|memorial|medical\s+cen(?:ter)?|med\s+ctr|health\s+center|nursing\s+home|nursing\s+facility|assisted\s+living|rehab(?:ilitation)?(?:\s+(?:center|hospital|facility))?|house|manor|agency|campus|clinic|infirmary|hospice|healthcare|health\s+system|medical\s+group|practice|associates|urgent\s+care|surg(?:ery|ical)\s+center)\b", always, Start::Words(&["hosp", "memorial", "medical", "med", "health", "nursing", "assisted", "rehab", "house", "manor", "agency", "campus", "clinic", "infirmary", "hospice", "healthcare", "practice", "associates", "urgent", "surg"])),
    // Photos and biometrics are identifiers when a record mentions them as such.
    mk("photo", Category::Photo, 0.8, "full-face photograph reference", r"\b(?:full[\s\-]face\s+(?:photo(?:graph)?|image|picture)|photo(?:graph)?\s+id)\b", always, Start::Words(&["full", "photo"])),
    mk("biometric", Category::Biometric, 0.8, "biometric identifier",
       r"\b(?:fingerprints?|finger\s+prints?|retinal?\s+scan|iris\s+scan|voice\s*print|face\s+scan|biometric\s+(?:id|identifier|template))\b", always, Start::Words(&["finger", "retina", "iris", "voice", "face", "biometric"])),
    ]
}

/// The rules that compiled, and the ids of those that did not.
fn built() -> &'static (Vec<Rule>, Vec<&'static str>) {
    static R: OnceLock<(Vec<Rule>, Vec<&'static str>)> = OnceLock::new();
    R.get_or_init(|| {
        all().into_iter().fold((Vec::new(), Vec::new()), |(mut ok, mut bad), r| {
            match r {
                Ok(rule) => ok.push(rule),
                Err(id) => bad.push(id),
            }
            (ok, bad)
        })
    })
}

pub(super) fn rules() -> &'static [Rule] {
    &built().0
}

/// The ids of rules whose pattern did not compile in this build (see [`crate::check`]).
pub(crate) fn broken() -> &'static [&'static str] {
    &built().1
}
