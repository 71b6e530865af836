//! Byte-level helpers the checks and gates read matches with (ASCII: every identifier is).

/// `b` without its leading word (letters).
pub(super) fn after_word(b: &[u8]) -> &[u8] {
    &b[b.iter().take_while(|c| c.is_ascii_alphabetic()).count()..]
}

/// The length of the run of digits `b` begins with.
pub(super) fn digit_run(b: &[u8]) -> usize {
    b.iter().take_while(|c| c.is_ascii_digit()).count()
}

/// How many digits `b` begins with, counted through separators of at most two characters
/// (" ", ".", "-", "/", "(", ")"): "617) 555-0142" has 10. Stops at 12.
pub(super) fn joined_digits(b: &[u8]) -> usize {
    let (mut digits, mut gap) = (0, 0);
    for &c in b {
        if c.is_ascii_digit() {
            digits += 1;
            gap = 0;
            if digits == 12 {
                break;
            }
        } else if (is_space(c) || matches!(c, b'.' | b'-' | b'/' | b'(' | b')')) && gap < 2 {
            gap += 1;
        } else {
            break;
        }
    }
    digits
}

/// The length of the digit run that starts at the first digit of `b`'s first `within` bytes
/// (0 if a newline comes first or there is none).
pub(super) fn first_digits(b: &[u8], within: usize) -> usize {
    match b.iter().take(within).position(|c| c.is_ascii_digit() || *c == b'\n') {
        Some(i) => digit_run(&b[i..]),
        None => 0,
    }
}

/// A space as the patterns' `\s` reads it (ASCII: also the vertical tab, which
/// `u8::is_ascii_whitespace` leaves out).
pub(super) fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// A number from 90 to 199 by its first digit and digit count: the ages over 89 the rules read.
pub(super) fn over_89(b: &[u8], digits: usize) -> bool {
    matches!((digits, b[0]), (2, b'9') | (3, b'1'))
}

/// `b` without its leading bytes from `set`.
pub(super) fn skip<'b>(b: &'b [u8], set: &[u8]) -> &'b [u8] {
    &b[b.iter().take_while(|c| set.contains(c)).count()..]
}

/// `b` without its leading spaces ([`is_space`]) and bytes from `also`.
pub(super) fn skip_spaces<'b>(b: &'b [u8], also: &[u8]) -> &'b [u8] {
    &b[b.iter().take_while(|&&c| is_space(c) || also.contains(&c)).count()..]
}

/// Whether `s` begins with `p`, ignoring ASCII case.
pub(super) fn starts_ci(s: impl AsRef<[u8]>, p: impl AsRef<[u8]>) -> bool {
    let (s, p) = (s.as_ref(), p.as_ref());
    s.get(..p.len()).is_some_and(|b| b.eq_ignore_ascii_case(p))
}

/// Whether `s` ends with `p`, ignoring ASCII case.
pub(super) fn ends_ci(s: impl AsRef<[u8]>, p: impl AsRef<[u8]>) -> bool {
    let (s, p) = (s.as_ref(), p.as_ref());
    s.len() >= p.len() && s[s.len() - p.len()..].eq_ignore_ascii_case(p)
}

/// "0800", "2215": four digits that read as a 24-hour time.
pub(super) fn clock_time(n: &str) -> bool {
    let d = n.as_bytes();
    let two = |i: usize| (d[i] - b'0') * 10 + (d[i + 1] - b'0');
    d.len() == 4 && d.iter().all(u8::is_ascii_digit) && two(0) < 24 && two(2) < 60
}

/// The bytes after a month name, its punctuation and a "the" or "of".
pub(super) fn after_month(b: &[u8]) -> &[u8] {
    let w = skip_spaces(after_word(b), b".,");
    if starts_ci(w, "the") || starts_ci(w, "of") {
        skip_spaces(after_word(w), b"")
    } else {
        w
    }
}
