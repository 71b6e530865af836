//! Redaction: text with every tagged identifier replaced. `RedactedText` is the only type the
//! upstream (EHR) client will accept, and only this module can make one.

use serde::Serialize;

use super::Span;

/// How identifiers are replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedactMode {
    /// `[NAME]`, `[DATE]` …
    Tag,
    /// Letters become `X` and digits `#`, punctuation and spacing kept (`(###) ###-####`).
    Mask,
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
        match mode {
            RedactMode::Tag => {
                out.push('[');
                out.push_str(s.category.as_str());
                out.push(']');
            }
            RedactMode::Mask => out.extend(original.chars().map(|c| match c {
                c if c.is_ascii_digit() => '#',
                c if c.is_alphanumeric() => 'X',
                c => c,
            })),
        }
        pos = end;
    }
    out.push_str(&text[byte_at[pos]..]);
    RedactedText(out)
}
