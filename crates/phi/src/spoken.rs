//! A view of the text in which spoken numbers are digits, with a map back to the original.
//!
//! Speech recognition writes "five five five one two one two", "double seven", "oh" for zero,
//! "march third nineteen fifty four". The pattern recognizers run on a view where those read
//! "5551212", "77", "0", "march 3 1954", and every match maps back to the original characters.

/// One piece of the view: `len` view bytes standing for original bytes `orig`.
#[derive(Debug, Clone, Copy)]
struct Piece {
    view_start: usize,
    orig_start: usize,
    orig_end: usize,
    /// Copied verbatim (byte-for-byte mapping) rather than replaced.
    copied: bool,
}

/// The normalised text and its map.
pub struct View {
    pub text: String,
    pieces: Vec<Piece>,
}

enum Word {
    Digit(char),
    Teen(&'static str),
    Tens(char),
    Ordinal(&'static str),
    Double(usize),
}

fn classify(w: &str) -> Option<Word> {
    // Lower-cased on the stack: this runs on every word of every text. Number words are 3 to 11
    // letters and start with one of few letters.
    if w.len() < 3 || !matches!(w.as_bytes()[0].to_ascii_lowercase(), b'z' | b'o' | b't' | b'f' | b's' | b'e' | b'n' | b'd') {
        return None;
    }
    let mut buf = [0u8; 11];
    let lw = buf.get_mut(..w.len())?;
    lw.copy_from_slice(w.as_bytes());
    lw.make_ascii_lowercase();
    Some(match &*lw {
        b"zero" => Word::Digit('0'),
        b"one" => Word::Digit('1'),
        b"two" => Word::Digit('2'),
        b"three" => Word::Digit('3'),
        b"four" => Word::Digit('4'),
        b"five" => Word::Digit('5'),
        b"six" => Word::Digit('6'),
        b"seven" => Word::Digit('7'),
        b"eight" => Word::Digit('8'),
        b"nine" => Word::Digit('9'),
        b"ten" => Word::Teen("10"),
        b"eleven" => Word::Teen("11"),
        b"twelve" => Word::Teen("12"),
        b"thirteen" => Word::Teen("13"),
        b"fourteen" => Word::Teen("14"),
        b"fifteen" => Word::Teen("15"),
        b"sixteen" => Word::Teen("16"),
        b"seventeen" => Word::Teen("17"),
        b"eighteen" => Word::Teen("18"),
        b"nineteen" => Word::Teen("19"),
        b"twenty" => Word::Tens('2'),
        b"thirty" => Word::Tens('3'),
        b"forty" => Word::Tens('4'),
        b"fifty" => Word::Tens('5'),
        b"sixty" => Word::Tens('6'),
        b"seventy" => Word::Tens('7'),
        b"eighty" => Word::Tens('8'),
        b"ninety" => Word::Tens('9'),
        b"first" => Word::Ordinal("1"),
        b"second" => Word::Ordinal("2"),
        b"third" => Word::Ordinal("3"),
        b"fourth" => Word::Ordinal("4"),
        b"fifth" => Word::Ordinal("5"),
        b"sixth" => Word::Ordinal("6"),
        b"seventh" => Word::Ordinal("7"),
        b"eighth" => Word::Ordinal("8"),
        b"ninth" => Word::Ordinal("9"),
        b"tenth" => Word::Ordinal("10"),
        b"eleventh" => Word::Ordinal("11"),
        b"twelfth" => Word::Ordinal("12"),
        b"thirteenth" => Word::Ordinal("13"),
        b"fourteenth" => Word::Ordinal("14"),
        b"fifteenth" => Word::Ordinal("15"),
        b"sixteenth" => Word::Ordinal("16"),
        b"seventeenth" => Word::Ordinal("17"),
        b"eighteenth" => Word::Ordinal("18"),
        b"nineteenth" => Word::Ordinal("19"),
        b"twentieth" => Word::Ordinal("20"),
        b"thirtieth" => Word::Ordinal("30"),
        b"double" => Word::Double(2),
        b"triple" => Word::Double(3),
        _ => return None,
    })
}

/// A hesitation speech recognition writes out ("uh", "um").
fn is_filler(w: &str) -> bool {
    matches!(w, "uh" | "um" | "umm" | "uhm" | "Uh" | "Um" | "UH" | "UM")
}

fn unit_ordinal(w: &str) -> Option<&'static str> {
    match classify(w)? {
        Word::Ordinal(d) if d.len() == 1 => Some(d),
        _ => None,
    }
}

fn unit_digit(w: &str) -> Option<char> {
    match classify(w)? {
        Word::Digit(d) => Some(d),
        _ => None,
    }
}

/// The words (ASCII letters) that may be part of a spoken number, with their byte ranges:
/// those beginning like a number word, "oh", "hundred", "slash", "dash" or a filler. Bytes, not characters: no
/// byte of a multi-byte character is an ASCII letter. The other words are left out (most words
/// of a text); [`View::new`] sees them as letters in the gaps.
fn words(text: &str) -> Vec<(usize, usize)> {
    // The first two letters of the words that matter ("_" for a word of one letter: "o"), as a
    // table: per first letter, one bit per second letter (bit 26 for none).
    const STARTS: [u32; 26] = {
        let pairs: [&[u8; 2]; 21] = [
            b"ze", b"on", b"tw", b"th", b"fo", b"fi", b"si", b"se", b"ei", b"ni", b"te", b"el", b"do", b"tr", b"hu", b"sl", b"da", b"oh", b"o_", b"uh",
            b"um",
        ];
        let mut table = [0u32; 26];
        let mut i = 0;
        while i < pairs.len() {
            let [a, b] = *pairs[i];
            table[(a - b'a') as usize] |= 1 << if b == b'_' { 26 } else { b - b'a' };
            i += 1;
        }
        table
    };
    let candidate = |w: &[u8]| {
        let second = w.get(1).map_or(26, |c| c.to_ascii_lowercase() - b'a');
        STARTS[usize::from(w[0].to_ascii_lowercase() - b'a')] >> second & 1 == 1
    };
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 16);
    super::scan::for_each_run(bytes, |b| b.is_ascii_alphabetic(), |start, end| {
        if end - start <= 11 && candidate(&bytes[start..end]) {
            out.push((start, end));
        }
    });
    out
}

/// At most three digits ("800", "777"): built on the stack, as this runs for every number word
/// of every text.
struct Digits {
    buf: [u8; 3],
    len: usize,
}

impl Digits {
    fn put(&mut self, digits: &[u8]) {
        for &d in digits {
            if let Some(slot) = self.buf.get_mut(self.len) {
                *slot = d;
                self.len += 1;
            }
        }
    }
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

/// The digits a number word stands for, how many words it took (a "tens" word takes its unit:
/// "fifty four"), and whether the number ends there (an ordinal does). `next` is the next word
/// when only spaces or a hyphen stand before it. `None` for a word that starts no number here.
fn read_number(class: Option<Word>, oh_as_zero: bool, next: Option<&str>) -> Option<(Digits, usize, bool)> {
    let mut d = Digits { buf: [0; 3], len: 0 };
    let (consumed, ends_group) = match class {
        _ if oh_as_zero => {
            d.put(b"0");
            (1, false)
        }
        // "eight hundred five five five …": a toll-free prefix, "two hundred" a dose.
        Some(Word::Digit(n)) if next.is_some_and(|w| w.eq_ignore_ascii_case("hundred")) => {
            d.put(&[n as u8, b'0', b'0']);
            (2, false)
        }
        Some(Word::Digit(n)) => {
            d.put(&[n as u8]);
            (1, false)
        }
        Some(Word::Teen(t)) => {
            d.put(t.as_bytes());
            (1, false)
        }
        Some(Word::Ordinal(o)) => {
            d.put(o.as_bytes());
            (1, true)
        }
        Some(Word::Tens(t)) if next.is_some_and(|w| unit_digit(w).is_some()) => {
            d.put(&[t as u8, next.and_then(unit_digit).unwrap_or('0') as u8]);
            (2, false)
        }
        Some(Word::Tens(t)) if next.is_some_and(|w| unit_ordinal(w).is_some()) => {
            d.put(&[t as u8]);
            d.put(next.and_then(unit_ordinal).unwrap_or("0").as_bytes());
            (2, true)
        }
        Some(Word::Tens(t)) => {
            d.put(&[t as u8, b'0']);
            (1, false)
        }
        Some(Word::Double(n)) if next.is_some_and(|x| unit_digit(x).is_some()) => {
            let u = next.and_then(unit_digit).unwrap_or('0') as u8;
            for _ in 0..n {
                d.put(&[u]);
            }
            (2, false)
        }
        _ => return None,
    };
    Some((d, consumed, ends_group))
}

impl View {
    /// Builds the view of `text`.
    pub fn new(text: &str) -> Self {
        let ws = words(text);
        let mut v = View { text: String::with_capacity(text.len()), pieces: Vec::with_capacity(2 * ws.len() + 1) };
        let mut copied_to = 0usize; // original bytes before this are already in the view
        let mut i = 0;
        // Whether the previous emitted token was a digit group that may continue.
        let mut open_group_end: Option<usize> = None;
        while i < ws.len() {
            let (s, e) = ws[i];
            let w = &text[s..e];
            // Another word stands between this one and the number before: the number has ended.
            if open_group_end.is_some_and(|g| text.as_bytes()[g..s].iter().any(u8::is_ascii_alphabetic)) {
                open_group_end = None;
            }
            // "one two slash one five slash nineteen seventy": a dictated date; "five five five dash
            // one two one two": a phone number.
            let sign = if w.eq_ignore_ascii_case("slash") { Some('/') } else if w.eq_ignore_ascii_case("dash") { Some('-') } else { None };
            if let Some(sign) = sign {
                let number_next = ws.get(i + 1).is_some_and(|&(a, b)| text[e..a].bytes().all(|c| c == b' ') && classify(&text[a..b]).is_some());
                if number_next && open_group_end.is_some_and(|g| g == copied_to && text[g..s].bytes().all(|c| c == b' ')) {
                    v.pieces.push(Piece { view_start: v.text.len(), orig_start: s, orig_end: e, copied: false });
                    v.text.push(sign);
                    copied_to = e;
                    open_group_end = Some(e);
                    i += 1;
                    continue;
                }
            }
            // "eight five seven uh three three two", "march , um , third": a filler before a number
            // word is left out of the view, so that the number reads as one.
            if is_filler(w) {
                let gap_small = |a: usize, b: usize| text[a..b].bytes().all(|c| c == b' ' || c == b',');
                let next_number = ws.get(i + 1).filter(|&&(a, b)| gap_small(e, a) && (classify(&text[a..b]).is_some() || matches!(&text[a..b], "oh" | "Oh" | "OH")));
                if let Some(&(a, _)) = next_number {
                    if open_group_end.is_some_and(|g| g == copied_to && gap_small(g, s)) {
                        // Inside a number: the group goes on past the filler.
                        open_group_end = Some(a);
                    } else {
                        v.copy(text, copied_to, s);
                    }
                    copied_to = a;
                    i += 1;
                    continue;
                }
            }
            let is_oh = matches!(w, "oh" | "Oh" | "OH" | "o" | "O");
            let class = classify(w);
            if class.is_none() && !is_oh {
                open_group_end = None;
                i += 1;
                continue;
            }
            let next = ws.get(i + 1).map(|&(a, b)| &text[a..b]);
            let gap_to_next_small = ws.get(i + 1).is_some_and(|&(a, _)| text[e..a].chars().all(|c| c == ' ' || c == '-'));
            let oh_as_zero = is_oh
                && (open_group_end.is_some() || (gap_to_next_small && next.is_some_and(|n| unit_digit(n).is_some())));
            let Some((digits, consumed, ends_group)) = read_number(class, oh_as_zero, next.filter(|_| gap_to_next_small)) else {
                open_group_end = None;
                i += 1;
                continue;
            };
            let digits = digits.as_str();
            let end = ws[i + consumed - 1].1;
            // Copy what lies between the last piece and this number, except the separator that
            // joins two parts of one spoken number ("five five" → "55").
            let joins = open_group_end.is_some_and(|g| g == copied_to && text[g..s].chars().all(|c| c == ' ' || c == '-' || c == ','));
            if !joins {
                v.copy(text, copied_to, s);
            }
            v.pieces.push(Piece { view_start: v.text.len(), orig_start: s, orig_end: end, copied: false });
            v.text.push_str(digits);
            copied_to = end;
            open_group_end = if ends_group { None } else { Some(end) };
            i += consumed;
        }
        v.copy(text, copied_to, text.len());
        v
    }

    fn copy(&mut self, text: &str, from: usize, to: usize) {
        if to > from {
            self.pieces.push(Piece { view_start: self.text.len(), orig_start: from, orig_end: to, copied: true });
            self.text.push_str(&text[from..to]);
        }
    }

    fn piece_at(&self, pos: usize) -> Option<&Piece> {
        let idx = self.pieces.partition_point(|p| p.view_start <= pos);
        idx.checked_sub(1).and_then(|i| self.pieces.get(i))
    }

    /// Maps a byte range of the view back to a byte range of the original text.
    pub fn to_original(&self, start: usize, end: usize) -> (usize, usize) {
        let map = |pos: usize, is_end: bool| -> usize {
            match self.piece_at(pos) {
                Some(p) if p.copied => p.orig_start + (pos - p.view_start),
                Some(p) if is_end => p.orig_end,
                Some(p) => p.orig_start,
                None => 0,
            }
        };
        if end <= start {
            let s = map(start, false);
            return (s, s);
        }
        let s = map(start, false);
        // The end maps through the last byte inside the span.
        let last = self.piece_at(end - 1);
        let e = match last {
            Some(p) if p.copied => p.orig_start + (end - p.view_start),
            Some(p) => p.orig_end,
            None => s,
        };
        (s, e.max(s))
    }

    /// Whether the view differs from the original (some spoken number was rewritten).
    pub fn rewritten(&self) -> bool {
        self.pieces.iter().any(|p| !p.copied)
    }

    #[cfg(test)]
    fn map_back<'a>(&self, original: &'a str, needle: &str) -> &'a str {
        let s = self.text.find(needle).unwrap_or(0);
        let (a, b) = self.to_original(s, s + needle.len());
        &original[a..b]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spoken_numbers_become_digits_and_map_back() {
        let t = "call me at five five five one two one two please";
        let v = View::new(t);
        assert!(v.text.contains("5551212"), "{}", v.text);
        assert_eq!(v.map_back(t, "5551212"), "five five five one two one two");

        let t = "born march third nineteen fifty four in boston";
        let v = View::new(t);
        assert!(v.text.contains("march 3 1954"), "{}", v.text);
        assert_eq!(v.map_back(t, "3 1954"), "third nineteen fifty four");

        let t = "number is six one seven double seven oh four two one";
        let v = View::new(t);
        assert!(v.text.contains("6177704210") || v.text.contains("617770421"), "{}", v.text);
        let t = "twenty five milligrams and the twenty first";
        let v = View::new(t);
        assert!(v.text.contains("25 milligrams and the 21"), "{}", v.text);
        assert!(!View::new("no numbers here, oh well").rewritten());
        let t = "d o b one two slash one five slash nineteen seventy two .";
        let v = View::new(t);
        assert!(v.text.contains("12/15/1972"), "{}", v.text);
        assert_eq!(v.map_back(t, "12/15/1972"), "one two slash one five slash nineteen seventy two");
        assert!(View::new("a slash wound").text.contains("slash"));
        // Fillers inside a number are left out; elsewhere they stay.
        let t = "it's , um , eight five seven uh three three two , uh , four four one one";
        let v = View::new(t);
        assert!(v.text.contains("it's , 8573324411"), "{}", v.text);
        assert_eq!(v.map_back(t, "8573324411"), "eight five seven uh three three two , uh , four four one one");
        let t = "march uh third nineteen fifty four";
        assert_eq!(View::new(t).text, "march 3 1954");
        assert_eq!(View::new("uh well , um").text, "uh well , um");
    }
}
