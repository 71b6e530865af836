//! Redaction: text with every tagged identifier replaced. `RedactedText` is the only type the
//! upstream (EHR) client will accept, and only this module can make one.

use serde::Serialize;

use super::surrogate::{replacement, SurrogateKey};
use super::Span;

/// How identifiers are replaced.
#[derive(Debug, Clone, Copy)]
pub enum RedactMode<'k> {
    /// `[NAME]`, `[DATE]` …
    Tag,
    /// Letters become `X` and digits `#`, punctuation and spacing kept (`(###) ###-####`).
    Mask,
    /// Realistic fakes, the same for the same value and patient; dates shifted as in `DateShift`.
    Surrogate { key: &'k SurrogateKey, keep_year: bool },
    /// Dates moved by the patient's offset (intervals kept; the year only if `keep_year`), ages
    /// over 89 written "90 or older"; other identifiers tagged.
    DateShift { key: &'k SurrogateKey, keep_year: bool },
}

/// Text from which tagged identifiers have been removed. It cannot be built from a plain string
/// outside this module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct RedactedText(String);

impl RedactedText {
    /// The redacted text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The redacted text, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// Replaces every span (character offsets, as [`super::tag`] returns them) in `text`.
/// Spans out of bounds or overlapping an earlier one are clamped, never a panic.
pub fn redact(text: &str, spans: &[Span], mode: RedactMode) -> RedactedText {
    let mut sorted: Vec<&Span> = spans.iter().collect();
    sorted.sort_by_key(|s| (s.start, s.end));
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len()));
    let mut byte_at = Vec::new();
    byte_at.extend(&mut chars);
    let n = byte_at.len() - 1;
    let mut pos = 0usize; // char offset copied so far
    for s in sorted {
        let (start, end) = (s.start.min(n).max(pos), s.end.min(n));
        if end <= start {
            continue;
        }
        out.push_str(&text[byte_at[pos]..byte_at[start]]);
        let original = &text[byte_at[start]..byte_at[end]];
        let fake = match mode {
            RedactMode::Tag => None,
            RedactMode::Mask => Some(
                original
                    .chars()
                    .map(|c| match c {
                        c if c.is_ascii_digit() => '#',
                        c if c.is_alphanumeric() => 'X',
                        c => c,
                    })
                    .collect(),
            ),
            RedactMode::Surrogate { key, keep_year } => replacement(key, original, s, true, keep_year),
            RedactMode::DateShift { key, keep_year } => replacement(key, original, s, false, keep_year),
        };
        // A replacement that still contains the real value (or is contained in it) is not used.
        let lo = original.to_lowercase();
        match fake.filter(|f| {
            let fl = f.to_lowercase();
            !fl.contains(&lo) && (!lo.contains(&fl) || fl.chars().all(|c| c == 'x' || c == '#' || !c.is_alphanumeric()))
        }) {
            Some(f) => out.push_str(&f),
            None => {
                out.push('[');
                out.push_str(s.category.as_str());
                out.push(']');
            }
        }
        pos = end;
    }
    out.push_str(&text[byte_at[pos]..]);
    RedactedText(out)
}
