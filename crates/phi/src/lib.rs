//! PHI: the 18 HIPAA Safe Harbor identifier categories (45 CFR 164.514(b)(2)), recognizers for
//! written notes and speech-recognition output, and redaction.
//!
//! Pure and without I/O. Every span carries the rule that found it and a short human
//! explanation, so a clinician can review why something was tagged.

mod bloom;
mod known;
mod lexicon;
mod names;
mod patterns;
mod places;
mod redact;
mod scan;
mod span;
mod spoken;
mod surrogate;
mod tokens;
mod word_table;
mod words;

pub use redact::{redact, RedactMode, RedactedText};
pub use span::{Category, Span};
pub use surrogate::SurrogateKey;

use span::Hit;

/// The tagger cannot run at full strength.
#[derive(Debug, thiserror::Error)]
pub enum PhiError {
    #[error("{} PHI recognizer(s) failed to build ({}): this build of Hushnote is incomplete and would miss identifiers; reinstall it or report the build", .0.len(), .0.join(", "))]
    BrokenRules(Vec<&'static str>),
}

/// Checks that every recognizer was built. A pattern the regex engine of this build cannot compile
/// (a Unicode class whose tables a dependency feature left out) would otherwise be skipped in
/// silence, and the tagger would miss what that rule finds. Front ends call this before tagging.
pub fn check() -> Result<(), PhiError> {
    let broken = patterns::broken();
    if broken.is_empty() {
        Ok(())
    } else {
        Err(PhiError::BrokenRules(broken.to_vec()))
    }
}

/// Tags every identifier in `text`. Spans are sorted and do not overlap (overlapping findings are
/// merged into one span covering both, keeping the category of the more certain one).
pub fn tag(text: &str) -> Vec<Span> {
    let view = spoken::View::new(text);
    let cased = tokens::is_cased(text);
    // Capitals only at sentence starts say nothing about place names (see `sentence_case_only`).
    let places_cased = cased && !tokens::sentence_case_only(text);
    let mut hits = patterns::find(text, &view, places_cased);
    // ASCII lower-casing keeps byte offsets: tokens borrow their lower case from this copy.
    let lower = text.to_ascii_lowercase();
    let toks = tokens::tokens(text, &lower);
    let lower_lines = tokens::lower_case_lines(text, &toks);
    names::find(text, &toks, cased, &lower_lines, &mut hits);
    places::find(text, &toks, places_cased, &lower_lines, &mut hits);
    names::before_label(text, &toks, cased, &lower_lines, &mut hits);
    if !cased {
        names::addresses(text, &toks, &mut hits);
    }
    names::coordinated(text, &toks, cased, &lower_lines, &mut hits);
    places::repeats(&toks, cased, &lower_lines, &mut hits);
    to_spans(text, merge(hits))
}

fn merge(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.retain(|h| h.end > h.start);
    hits.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits {
        match out.last_mut() {
            Some(last) if h.start < last.end => {
                last.end = last.end.max(h.end);
                if h.score > last.score {
                    last.category = h.category;
                    last.score = h.score;
                    last.rule = h.rule;
                    last.why = h.why;
                }
            }
            _ => out.push(h),
        }
    }
    out
}

fn to_spans(text: &str, hits: Vec<Hit>) -> Vec<Span> {
    // One pass over the text maps byte offsets to character offsets.
    let mut spans = Vec::with_capacity(hits.len());
    let mut chars = 0usize;
    let mut byte = 0usize;
    // (In ASCII text, most notes, a byte is a character.)
    let ascii = text.is_ascii();
    let advance = |to: usize, chars: &mut usize, byte: &mut usize| {
        *chars += if ascii { to - *byte } else { text[*byte..to].chars().count() };
        *byte = to;
    };
    for h in hits {
        advance(h.start, &mut chars, &mut byte);
        let start = chars;
        advance(h.end, &mut chars, &mut byte);
        spans.push(Span {
            start,
            end: chars,
            category: h.category,
            text: text[h.start..h.end].to_string(),
            score: h.score,
            rule: h.rule,
            why: h.why,
        });
    }
    spans
}

#[cfg(test)]
mod tests;
