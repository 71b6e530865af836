//! Rules for new passwords (NIST SP 800-63B §5.1.1.2: a minimum length and a list of common
//! passwords; no composition rules, which only make passwords harder to remember).

use secrecy::{ExposeSecret, SecretString};

use crate::Error;

/// Minimum length in characters. Twelve keeps an offline Argon2id attack impractical even
/// for passwords of lower-case words.
pub const MIN_LEN: usize = 12;
/// Upper bound, so a pasted file cannot make Argon2 hash megabytes.
pub const MAX_LEN: usize = 1024;

/// The denylist, sorted (`crates/custody/data/common-passwords.txt`, see its README).
static COMMON: &str = include_str!("../../data/common-passwords.txt");

fn is_common(lower: &str) -> bool {
    // Sorted by byte order, so a binary search over the lines works.
    let lines: Vec<&str> = COMMON.lines().collect();
    lines.binary_search(&lower).is_ok()
}

/// Checks a new password for `user_name`.
pub fn check_new_password(user_name: &str, password: &SecretString) -> Result<(), Error> {
    let pw = password.expose_secret();
    let n = pw.chars().count();
    if n < MIN_LEN {
        return Err(Error::PasswordRejected("it must have at least 12 characters"));
    }
    if n > MAX_LEN {
        return Err(Error::PasswordRejected("it must have at most 1024 characters"));
    }
    let lower = zeroize::Zeroizing::new(pw.to_lowercase());
    if is_common(&lower) {
        return Err(Error::PasswordRejected("it is on the list of commonly used passwords"));
    }
    if lower.chars().all(|c| lower.starts_with(c)) {
        return Err(Error::PasswordRejected("it repeats a single character"));
    }
    if !user_name.is_empty() && lower.contains(&user_name.to_lowercase()) {
        return Err(Error::PasswordRejected("it must not contain the user name"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(u: &str, p: &str) -> Result<(), Error> {
        check_new_password(u, &SecretString::from(p))
    }

    #[test]
    fn rules() {
        assert!(check("alice", "short").is_err());
        assert!(check("alice", "aaaaaaaaaaaaaaa").is_err());
        assert!(check("alice", "alice-is-my-password").is_err());
        assert!(check("alice", "qwertyuiop123").is_err(), "on the common list");
        assert!(check("alice", "1QAZ2WSX3EDC").is_err(), "case does not help");
        assert!(check("alice", "tulip-ferry-47-quartz").is_ok());
    }

    #[test]
    fn the_list_is_sorted_and_nonempty() {
        let lines: Vec<&str> = COMMON.lines().collect();
        assert!(lines.len() > 8000);
        assert!(lines.windows(2).all(|w| w[0] < w[1]));
    }
}
