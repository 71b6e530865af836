//! The word lists and pattern pieces the rules are written with.

pub(super) const MONTHS: &str = r"jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|sept?(?:ember|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?";
pub(super) const ID: &str = r"[a-z0-9][a-z0-9\-]{2,}[0-9][a-z0-9\-]*|[0-9]{3,}[a-z0-9\-]*";
/// A record number as dictated: letters spelled out before the digits ("a b c 1 2 3 4" reads
/// "a b c 1234"), or digits read in groups ("00453 21").
pub(super) const ID_SPOKEN: &str = r"(?:[a-z]\s+){1,4}\d[\d \-]{2,16}\d|(?:[a-z0-9][a-z0-9\-]{2,}[0-9][a-z0-9\-]*|[0-9]{3,}[a-z0-9\-]*)(?:[ \-]\d{2,})*|\d(?:[ \-]\d){5,15}\b|\d{2,4}(?:[ \-]\d{2,4}){2,5}(?:[ \-]\d)?\b";
/// What leads to a record number: "MRN", "m.r.n.", "medical record number", "chart #".
pub(super) const MRN_CUE: &str = r"\b(?:(?:mrn|m\.?\s?r\.?\s?n|medical\s+record(?:\s+(?:number|no\.?|#))?|record\s+(?:number|no\.?|#)|chart\s+(?:number|no\.?|#)|hospital\s+number|unit\s+number)\b\.?|mr\s*(?:#|number\b|no\.))(?:\s+(?:number|no\.?|on\s+(?:file|record)))?";
/// What leads to a date of birth.
pub(super) const DOB_CUE: &str = r"\b(?:dob|d\.?\s?o\.?\s?b|date\s+of\s+birth|birth\s*date|born(?:\s+on)?|birthday)\b\.?";
/// From a question to its answer in the next turn of a dictated dialogue: "what's your date of
/// birth for me ? [patient] uh , yes it's …". (Its own rules, not an option of the plain ones: as
/// an option it made their searches several times dearer.)
pub(super) const ANSWER: &str = r"(?:\s+(?:for\s+me|please|again))?\s*[?.]?\s*\[[a-z_]+\](?:\s*,?\s*(?:uh|um|er|yes|yeah|yep|sure|okay|ok|so|it(?:'|\xE2\x80\x99)?s|it\s+is|that(?:'|\xE2\x80\x99)?s|that\s+is)\b)*";
/// The suffixes of a street address, as word prefixes.
pub(super) const STREET_WORDS: &[&str] = &["st", "ave", "road", "rd", "boulevard", "blvd", "lane", "ln", "dr", "court", "ct", "way", "pl", "ter", "cir", "parkway", "pkwy", "highway", "hwy", "sq"];
/// The labels "phone-label-after" reads after a number (its pattern and its [`ahead`] words).
pub(super) const PHONE_LABELS: &[&str] = &["office", "fax", "mobile", "cell", "home", "work"];
/// Past events a history lists with their year (and date).
pub(super) const EVENT_WORDS: &[&str] = &["mi", "nqwmi", "stemi", "nstemi", "cabg", "ptca", "pci", "stent", "cva", "tia", "avr", "mvr"];
/// A date of birth after its cue: digits, or a month name and digits, within 26 bytes.
pub(super) const DOB: &str = r"[a-z0-9][a-z0-9,./\- ]{2,24}?\d";
pub(super) const DOB_WORDS: &[&str] = &["d", "dob", "date", "birth", "birthdate", "born", "birthday"];
pub(super) const MRN_WORDS: &[&str] = &["m", "mr", "medical", "record", "chart", "hospital", "unit"];
/// The words [`MONTHS`] and [`STATES`] begin with, for [`Start::Words`].
pub(super) const MONTH_WORDS: &[&str] = &["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
pub(super) const STATE_WORDS: &[&str] = &[
    "al", "ak", "az", "ar", "ca", "co", "ct", "de", "fl", "ga", "hi", "id", "il", "in", "ia", "ks", "ky", "la", "me", "md", "ma", "mi", "mn", "ms", "mo", "mt", "ne",
    "nv", "nh", "nj", "nm", "ny", "nc", "nd", "oh", "ok", "or", "pa", "ri", "sc", "sd", "tn", "tx", "ut", "vt", "va", "wa", "wv", "wi", "wy", "new", "texas", "virginia",
];
/// "U Michigan", "University Ohio Hospital": the states whose names universities carry.
pub(super) const STATE_NAMES: &str = "alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|new\\s+hampshire|new\\s+jersey|new\\s+mexico|new\\s+york|north\\s+carolina|north\\s+dakota|ohio|oklahoma|oregon|pennsylvania|rhode\\s+island|south\\s+carolina|south\\s+dakota|tennessee|texas|utah|vermont|virginia|washington|west\\s+virginia|wisconsin|wyoming";
pub(super) const STATES: &str = r"al|ak|az|ar|ca|co|ct|de|fl|ga|hi|id|il|in|ia|ks|ky|la|me|md|ma|mi|mn|ms|mo|mt|ne|nv|nh|nj|nm|ny|nc|nd|oh|ok|or|pa|ri|sc|sd|tn|tx|ut|vt|va|wa|wv|wi|wy|massachusetts|california|texas|new york|florida|maryland|virginia";
