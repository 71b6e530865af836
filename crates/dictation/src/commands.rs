//! Spoken formatting commands, applied to each final utterance after recognition.
//!
//! | say | result |
//! |---|---|
//! | "period", "full stop" (at the end of an utterance) | `.` |
//! | "question mark" (at the end) | `?` |
//! | "comma" (anywhere) | `,` |
//! | "new line", "next line" (at the end, or alone) | line break |
//! | "new paragraph", "next paragraph" (at the end, or alone) | blank line |
//! | "scratch that", "delete that" (alone) | removes the previous utterance |
//! | "scratch that" (at the end of an utterance) | removes this utterance |
//!
//! Commands other than "comma" count only at the end of an utterance (the speaker pauses after
//! them), so words inside a sentence are never taken for commands: "her last menstrual period
//! was in May" and "a new line was placed" stay as spoken. "comma" is not a clinical word.

/// The note being dictated, utterance by utterance. Finalised utterances are never rewritten
/// except by an explicit "scratch that".
#[derive(Debug, Clone, Default)]
pub struct Document {
    parts: Vec<String>,
}

/// What an utterance did to the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Text appended (after commands were applied); may be empty for a bare command.
    Appended(String),
    /// The previous utterance was removed.
    Scratched,
    /// Nothing (empty utterance).
    None,
}

const END_COMMANDS: [(&[&str], &str); 7] = [
    (&["period"], "."),
    (&["full", "stop"], "."),
    (&["question", "mark"], "?"),
    (&["new", "line"], "\n"),
    (&["next", "line"], "\n"),
    (&["new", "paragraph"], "\n\n"),
    (&["next", "paragraph"], "\n\n"),
];

/// Lower-case letters of a word without the punctuation Whisper attaches ("Period." → "period").
fn bare(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()
}

fn ends_with(words: &[&str], cmd: &[&str]) -> bool {
    words.len() >= cmd.len() && words[words.len() - cmd.len()..].iter().zip(cmd).all(|(w, c)| bare(w) == *c)
}

impl Document {
    /// Starts from existing text (a resumed draft).
    pub fn from_text(text: &str) -> Self {
        let t = text.trim_end_matches(' ');
        Self { parts: if t.is_empty() { Vec::new() } else { vec![t.to_owned()] } }
    }

    /// Applies one final utterance.
    pub fn push(&mut self, utterance: &str) -> Edit {
        let words: Vec<&str> = utterance.split_whitespace().collect();
        if words.is_empty() {
            return Edit::None;
        }
        for cmd in [["scratch", "that"], ["delete", "that"]] {
            if ends_with(&words, &cmd) {
                if words.len() == 2 {
                    self.parts.pop();
                }
                return Edit::Scratched;
            }
        }
        let mut words = words;
        // Trailing commands, possibly several ("period new paragraph").
        let mut tail = String::new();
        'outer: loop {
            for (cmd, out) in END_COMMANDS {
                if ends_with(&words, cmd) {
                    words.truncate(words.len() - cmd.len());
                    tail.insert_str(0, out);
                    continue 'outer;
                }
            }
            break;
        }
        let mut body = String::new();
        for w in &words {
            if bare(w) == "comma" {
                // Attach to the previous word: "stable comma afebrile" → "stable, afebrile".
                while body.ends_with(' ') {
                    body.pop();
                }
                if !body.ends_with(',') {
                    body.push(',');
                }
                body.push(' ');
                continue;
            }
            body.push_str(w);
            body.push(' ');
        }
        let mut body = body.trim_end().to_owned();
        if !tail.is_empty() {
            // Whisper often punctuates too ("stable. Period."): one mark, not two.
            if tail.contains(['.', '?']) {
                body = body.trim_end_matches(['.', ',', '?', '!', ';']).to_owned();
            }
            body.push_str(&tail);
        }
        let text = self.join_form(&body);
        self.parts.push(text.clone());
        Edit::Appended(text)
    }

    /// Capitalises after a sentence end or line break, as a typist would.
    fn join_form(&self, body: &str) -> String {
        let prev = self.parts.last().map(String::as_str).unwrap_or("");
        let sentence_start = prev.is_empty() || prev.trim_end_matches(' ').ends_with(['.', '?', '!', '\n']);
        let mut out = String::with_capacity(body.len());
        let mut chars = body.chars();
        if let Some(c) = chars.next() {
            if sentence_start {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
        }
        out.extend(chars);
        out
    }

    /// The whole text: utterances joined by a space, none after a line break.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for p in &self.parts {
            if !s.is_empty() && !s.ends_with('\n') && !p.is_empty() && !p.starts_with('\n') {
                s.push(' ');
            }
            s.push_str(p);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(utts: &[&str]) -> String {
        let mut d = Document::default();
        for u in utts {
            d.push(u);
        }
        d.text()
    }

    #[test]
    fn commands_at_the_end_of_an_utterance() {
        assert_eq!(doc(&["the patient is stable period"]), "The patient is stable.");
        assert_eq!(doc(&["The patient is stable. Period."]), "The patient is stable.");
        assert_eq!(doc(&["any chest pain question mark"]), "Any chest pain?");
        assert_eq!(doc(&["history new paragraph", "exam is normal period"]), "History\n\nExam is normal.");
        assert_eq!(doc(&["stable period new line", "plan follows"]), "Stable.\nPlan follows");
        assert_eq!(doc(&["afebrile comma pulse 80 comma BP normal period"]), "Afebrile, pulse 80, BP normal.");
    }

    #[test]
    fn command_words_inside_a_sentence_stay_words() {
        assert_eq!(doc(&["her last menstrual period was in May."]), "Her last menstrual period was in May.");
        assert_eq!(doc(&["a new line was placed in the left arm"]), "A new line was placed in the left arm");
        assert_eq!(doc(&["new paragraph starts here"]), "New paragraph starts here");
    }

    #[test]
    fn scratch_that() {
        assert_eq!(doc(&["first sentence period", "wrong words", "scratch that", "right words period"]), "First sentence. Right words.");
        assert_eq!(doc(&["kept period", "this goes too scratch that"]), "Kept.");
        assert_eq!(doc(&["Scratch that."]), "");
    }

    #[test]
    fn bare_commands_and_resumed_text() {
        let mut d = Document::from_text("Earlier text.");
        d.push("New line.");
        d.push("more");
        assert_eq!(d.text(), "Earlier text.\nMore");
        assert_eq!(Document::default().push("  "), Edit::None);
    }
}
