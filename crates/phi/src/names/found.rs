//! The names a text has yielded so far, and how a rule adds one.

use super::evidence::{name_end, name_hit};
use crate::span::Hit;
use crate::tokens::Tok;

/// What the name rules share while they read one text: the text, its tokens and the names found
/// so far. Each rule looks at one token and, when it finds a name there, says where to go on.
pub(super) struct Scan<'s, 't> {
    pub text: &'s str,
    pub toks: &'s [Tok<'t>],
    pub found: Vec<Hit>,
}

impl Scan<'_, '_> {
    /// Tags the name whose first word is token `from` (as far as [`name_end`] reads it) and
    /// returns the token after it. The reason is written out only for a name found.
    pub fn push(&mut self, from: usize, score: f32, why: std::fmt::Arguments<'_>, cased: bool) -> usize {
        let end = name_end(self.text, self.toks, from, cased);
        if end > from {
            self.found.push(name_hit(self.toks[from].start, self.toks[end - 1].end, score, "name-context", why.to_string()));
        }
        end
    }
}
