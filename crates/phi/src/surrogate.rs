//! Realistic replacements: the same real value always maps to the same fake for a patient
//! (HMAC-SHA256 under a per-patient key), numbers and codes keep their format, and dates move by
//! one per-patient offset so intervals between them are preserved.

use ring::hmac;

use super::spoken::View;
use super::{Category, Span};

/// A per-patient key for surrogates and date shifts. Derived from a secret, never printed.
pub struct SurrogateKey(hmac::Key);

impl std::fmt::Debug for SurrogateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SurrogateKey(..)")
    }
}

impl SurrogateKey {
    /// The key for `patient` under the installation's secret: the same patient gets the same
    /// fakes and the same date offset in every note.
    pub fn derive(secret: &[u8], patient: &str) -> Self {
        let master = hmac::Key::new(hmac::HMAC_SHA256, secret);
        let tag = hmac::sign(&master, format!("hushnote surrogate v1\0{patient}").as_bytes());
        Self(hmac::Key::new(hmac::HMAC_SHA256, tag.as_ref()))
    }

    fn bytes(&self, domain: &str, value: &str) -> [u8; 32] {
        let t = hmac::sign(&self.0, format!("{domain}\0{value}").as_bytes());
        let mut out = [0u8; 32];
        out.copy_from_slice(t.as_ref());
        out
    }

    /// The patient's date offset in days: between 1 and 365 days back.
    pub fn date_offset_days(&self) -> i64 {
        let b = self.bytes("date-offset", "");
        -1 - i64::from(u16::from_le_bytes([b[0], b[1]]) % 365)
    }
}

const FIRST: &[&str] = &[
    "Avery", "Jordan", "Morgan", "Riley", "Casey", "Quinn", "Harper", "Rowan", "Elliot", "Reese", "Emerson", "Finley", "Hayden", "Logan",
    "Parker", "Sawyer", "Dakota", "Blake", "Cameron", "Drew",
];
const LAST: &[&str] = &[
    "Halvorsen", "Whitcombe", "Ostrander", "Pemberton", "Lindqvist", "Castellano", "Merriweather", "Okafor", "Vandermeer", "Ashworth",
    "Delacroix", "Fairbanks", "Holloway", "Kowalczyk", "Marchetti", "Nakamura", "Quintero", "Rasmussen", "Thornbury", "Yarborough",
];
const PLACES: &[&str] = &["Maple Grove", "Cedar Falls", "Brookhaven", "Fairview", "Glenwood", "Lakeside", "Ridgefield", "Westbrook"];
const MONTHS: [&str; 12] = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

fn pick<'a>(list: &[&'a str], b: u8) -> &'a str {
    list[usize::from(b) % list.len()]
}

/// Applies the original's capitalisation style to a replacement.
fn styled(original: &str, fake: &str) -> String {
    let letters: Vec<char> = original.chars().filter(|c| c.is_alphabetic()).collect();
    if !letters.is_empty() && letters.iter().all(|c| c.is_uppercase()) {
        fake.to_uppercase()
    } else if !letters.is_empty() && letters.iter().all(|c| c.is_lowercase()) {
        fake.to_lowercase()
    } else {
        fake.to_string()
    }
}

/// Digits become other digits and letters other letters, punctuation and spacing stay.
fn format_preserving(key: &SurrogateKey, cat: Category, original: &str) -> String {
    let b = key.bytes(cat.as_str(), &original.to_lowercase());
    let mut out: String = original
        .chars()
        .enumerate()
        .map(|(i, c)| {
            let r = b[i % 32].wrapping_add((i / 32) as u8 * 31);
            if c.is_ascii_digit() {
                char::from(b'0' + r % 10)
            } else if c.is_ascii_uppercase() {
                char::from(b'A' + r % 26)
            } else if c.is_ascii_lowercase() {
                char::from(b'a' + r % 26)
            } else {
                c
            }
        })
        .collect();
    if out == original {
        // Never hand back the real value: bump the first digit or letter.
        out = original
            .chars()
            .scan(false, |done, c| {
                Some(if !*done && c.is_ascii_alphanumeric() {
                    *done = true;
                    match c {
                        '9' => '0',
                        'z' => 'a',
                        'Z' => 'A',
                        c => char::from(c as u8 + 1),
                    }
                } else {
                    c
                })
            })
            .collect();
    }
    out
}

/// A parsed date: month and day always, year when written.
struct Date {
    y: Option<i32>,
    m: u32,
    d: u32,
}

fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    // Howard Hinnant's algorithm (proleptic Gregorian).
    let y = i64::from(if m <= 2 { y - 1 } else { y });
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let (m, d) = (i64::from(m), i64::from(d));
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m, d)
}

fn parse_date(s: &str) -> Option<(Date, bool)> {
    let view = View::new(s);
    let t = view.text.to_lowercase();
    let nums: Vec<u32> = t.split(|c: char| !c.is_ascii_digit()).filter(|x| !x.is_empty()).filter_map(|x| x.parse().ok()).collect();
    let month = MONTHS.iter().position(|m| t.split(|c: char| !c.is_alphabetic()).any(|w| w.len() >= 3 && m.starts_with(w)));
    let year = |v: u32| -> Option<i32> {
        match v {
            1000..=2999 => Some(v as i32),
            0..=99 => Some(if v < 50 { 2000 + v as i32 } else { 1900 + v as i32 }),
            _ => None,
        }
    };
    let (date, named) = match (month, nums.as_slice()) {
        (Some(m), [d]) => (Date { y: None, m: m as u32 + 1, d: *d }, true),
        (Some(m), [d, y]) if *y >= 100 => (Date { y: year(*y), m: m as u32 + 1, d: *d }, true),
        (None, [y, m, d]) if *y >= 1000 => (Date { y: Some(*y as i32), m: *m, d: *d }, false),
        (None, [m, d]) => (Date { y: None, m: *m, d: *d }, false),
        (None, [m, d, y]) => (Date { y: year(*y), m: *m, d: *d }, false),
        _ => return None,
    };
    ((1..=12).contains(&date.m) && (1..=31).contains(&date.d)).then_some((date, named))
}

/// Shifts a date by the patient's offset, writing it in a format like the original's.
fn shift_date(key: &SurrogateKey, original: &str, keep_year: bool) -> Option<String> {
    let (date, named) = parse_date(original)?;
    // Without a year the shift uses a leap reference year so 29 February survives.
    let base_year = date.y.unwrap_or(2000);
    let shifted = days_from_civil(base_year, date.m, date.d) + key.date_offset_days();
    let (y, m, d) = civil_from_days(shifted);
    let year = date.y.filter(|_| keep_year).map(|_| y);
    let text = if named {
        let month = MONTHS[(m - 1) as usize];
        let month = format!("{}{}", month[..1].to_uppercase(), &month[1..]);
        match year {
            Some(y) => format!("{month} {d}, {y}"),
            None => format!("{month} {d}"),
        }
    } else {
        let sep = if original.contains('-') && !original.contains('/') { '-' } else { '/' };
        match year {
            Some(y) => format!("{m}{sep}{d}{sep}{y}"),
            None => format!("{m}{sep}{d}"),
        }
    };
    Some(styled(original, &text))
}

/// The replacement for one span in surrogate or date-shift mode; `None` means "use the tag".
pub fn replacement(key: &SurrogateKey, text: &str, span: &Span, surrogates: bool, keep_year: bool) -> Option<String> {
    let original = text;
    let b = key.bytes(span.category.as_str(), &original.to_lowercase());
    if span.category == Category::Date {
        if span.rule.starts_with("age-over-89") {
            return Some("90 or older".into());
        }
        return shift_date(key, original, keep_year);
    }
    if !surrogates {
        return None;
    }
    let has_digits = original.chars().any(|c| c.is_ascii_digit());
    Some(match span.category {
        Category::Name => {
            let words = original.split_whitespace().count();
            let fake = if words >= 2 { format!("{} {}", pick(FIRST, b[0]), pick(LAST, b[1])) } else { pick(LAST, b[1]).to_string() };
            styled(original, &fake)
        }
        Category::Email => format!("patient{}@example.org", u16::from_le_bytes([b[0], b[1]])),
        Category::Url => format!("https://example.org/{}", u16::from_le_bytes([b[0], b[1]])),
        Category::Location if !has_digits => styled(original, pick(PLACES, b[0])),
        // Spoken numbers ("five five five …") have no digits to preserve: fall back to the tag.
        _ if !has_digits => return None,
        cat => format_preserving(key, cat, original),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_round_trips() {
        for (y, m, d) in [(1954, 3, 3), (2000, 2, 29), (1999, 12, 31), (2024, 1, 1)] {
            assert_eq!(civil_from_days(days_from_civil(y, m, d)), (y, m, d));
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
    }

    #[test]
    fn date_shift_preserves_intervals_and_format() {
        let k = SurrogateKey::derive(b"secret", "patient-1");
        let off = k.date_offset_days();
        assert!((-365..=-1).contains(&off));
        let a = shift_date(&k, "3/1/2020", true).unwrap();
        let b = shift_date(&k, "3/11/2020", true).unwrap();
        let (da, _) = parse_date(&a).unwrap();
        let (db, _) = parse_date(&b).unwrap();
        let ia = days_from_civil(da.y.unwrap(), da.m, da.d);
        let ib = days_from_civil(db.y.unwrap(), db.m, db.d);
        assert_eq!(ib - ia, 10, "{a} .. {b}");
        assert_ne!(a, "3/1/2020");
        let spoken = shift_date(&k, "march third nineteen fifty four", false).unwrap();
        assert!(spoken.chars().all(|c| !c.is_uppercase()), "{spoken}");
        assert!(!spoken.contains("1954"));
    }

    #[test]
    fn format_preserving_ids_are_consistent_and_different() {
        let k = SurrogateKey::derive(b"secret", "p");
        let a = format_preserving(&k, Category::Phone, "(617) 555-1212");
        assert_eq!(a, format_preserving(&k, Category::Phone, "(617) 555-1212"));
        assert_ne!(a, "(617) 555-1212");
        assert_eq!(a.len(), "(617) 555-1212".len());
        assert!(a.starts_with('(') && a.chars().nth(9) == Some('-'));
        let other = SurrogateKey::derive(b"secret", "q");
        assert_ne!(a, format_preserving(&other, Category::Phone, "(617) 555-1212"));
        assert_eq!(format!("{k:?}"), "SurrogateKey(..)");
    }
}
