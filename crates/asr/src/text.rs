//! Guards on Whisper's output: its known failure modes are non-speech annotations
//! ("[BLANK_AUDIO]", "(music)") and repetition loops ("the the the the …").

/// Longest phrase (in words) checked for looping.
const MAX_LOOP_WORDS: usize = 20;

fn norm(word: &str) -> String {
    word.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Whether a segment is only an annotation such as `[BLANK_AUDIO]`, `(upbeat music)` or `*cough*`.
pub fn is_annotation(segment: &str) -> bool {
    let s = segment.trim();
    s.is_empty()
        || (s.starts_with('[') && s.ends_with(']'))
        || (s.starts_with('(') && s.ends_with(')'))
        || (s.starts_with('*') && s.ends_with('*') && s.len() > 1)
        || s.chars().all(|c| !c.is_alphanumeric())
}

/// Cuts repetition loops: a word repeated more than three times in a row ("no, no, no" is
/// speech; ten times is a loop), a two-word phrase more than twice, or a phrase of 3–20 words
/// said twice in a row, keeps one copy.
pub fn collapse_repeats(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let keys: Vec<String> = words.iter().map(|w| norm(w)).collect();
    let mut out: Vec<&str> = Vec::with_capacity(words.len());
    let mut i = 0;
    'next: while i < words.len() {
        for n in 1..=MAX_LOOP_WORDS {
            if i + 2 * n > words.len() {
                break;
            }
            if keys[i..i + n].iter().all(String::is_empty) {
                continue;
            }
            let mut copies = 1;
            while i + (copies + 1) * n <= words.len() && keys[i + copies * n..i + (copies + 1) * n] == keys[i..i + n] {
                copies += 1;
            }
            // Speakers repeat a word ("no, no, no") or two ("blood pressure blood pressure"),
            // hardly ever three or more words back to back; Whisper, given a short encoder
            // window, does re-read its last phrase ("… of movable types. By means of movable
            // types."), so a phrase of three or more words keeps one copy.
            let allowed = match n {
                1 => 3,
                2 => 2,
                _ => 1,
            };
            if copies > allowed {
                out.extend_from_slice(&words[i..i + n]);
                i += copies * n;
                continue 'next;
            }
        }
        out.push(words[i]);
        i += 1;
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loops_are_cut_and_speech_is_kept() {
        assert_eq!(collapse_repeats("I said no, no, no to that"), "I said no, no, no to that");
        assert_eq!(collapse_repeats("the the the the the the end"), "the end");
        assert_eq!(
            collapse_repeats("take one tablet daily. take one tablet daily. take one tablet daily. take one tablet daily."),
            "take one tablet daily."
        );
        assert_eq!(collapse_repeats("blood pressure blood pressure is fine"), "blood pressure blood pressure is fine");
        assert_eq!(
            collapse_repeats("the art of making books. By means of movable types. By means of movable types."),
            "the art of making books. By means of movable types."
        );
        assert_eq!(collapse_repeats("in the middle ages, in the middle ages, when"), "in the middle ages, when");
        assert_eq!(collapse_repeats("left knee, right knee, left knee"), "left knee, right knee, left knee");
        assert_eq!(collapse_repeats(""), "");
    }

    #[test]
    fn annotations_are_recognised() {
        for s in ["[BLANK_AUDIO]", " (upbeat music)", "*cough*", " ...", ""] {
            assert!(is_annotation(s), "{s:?}");
        }
        for s in [" The patient (seen today) is well.", "[1] noted", "Okay."] {
            assert!(!is_annotation(s), "{s:?}");
        }
    }
}
