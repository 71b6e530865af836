//! A secret that crosses the wire (a password, a recovery key): serialisable so it can be sent,
//! never printed, wiped from memory when dropped.

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A secret string on the wire. `Debug` prints `<redacted>`; the only way to the text is
/// [`Secret::expose`].
#[derive(Clone)]
pub struct Secret(SecretString);

impl Secret {
    pub fn new(s: SecretString) -> Self {
        Self(s)
    }
    /// The secret text, for the one place that needs it (a key derivation, a prompt's answer).
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
    pub fn into_inner(self) -> SecretString {
        self.0
    }
}

impl From<SecretString> for Secret {
    fn from(s: SecretString) -> Self {
        Self(s)
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.expose_secret())
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = zeroize::Zeroizing::new(String::deserialize(d)?);
        Ok(Self(SecretString::from(s.as_str().to_owned())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_never_prints() {
        let s = Secret::from(SecretString::from("correct horse battery"));
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
        let json = serde_json::to_string(&s).unwrap();
        let back: Secret = serde_json::from_str(&json).unwrap();
        assert_eq!(back.expose(), "correct horse battery");
    }
}
