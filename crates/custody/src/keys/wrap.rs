//! The key hierarchy (`docs/design.md`, "Keys"): a random data key (DEK) opens the SQLCipher vault and
//! is stored only wrapped (AES-256-GCM) — once per user under a key derived from the password
//! with Argon2id and the device secret from the OS keychain, and once under the recovery key.
//! The audit MAC key and the checkpoint signing key are derived from the DEK with HKDF, under
//! their own labels, so they are independent keys.

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM};
use ring::rand::{SecureRandom, SystemRandom};
use ring::{hkdf, hmac, signature};
use secrecy::{ExposeSecret, SecretBox, SecretString};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// Raw 256-bit key material that never prints and is wiped when dropped.
pub struct Key32(SecretBox<[u8; 32]>);

impl Key32 {
    /// Fresh random key material from the OS generator.
    pub fn random() -> Result<Self, KeyError> {
        let mut k = Box::new([0u8; 32]);
        SystemRandom::new().fill(&mut k[..]).map_err(|_| KeyError::Random)?;
        Ok(Self(SecretBox::new(k)))
    }

    pub(crate) fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let arr: [u8; 32] = bytes.try_into().ok()?;
        Some(Self(SecretBox::new(Box::new(arr))))
    }

    pub(crate) fn expose(&self) -> &[u8; 32] {
        self.0.expose_secret()
    }
}

impl std::fmt::Debug for Key32 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key32(<redacted>)")
    }
}

/// Failures of the key layer. "Does not open" covers wrong password and altered wraps alike:
/// AES-GCM cannot tell them apart, and neither should an attacker.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("the operating system's random generator failed")]
    Random,
    #[error("the key does not open this vault")]
    DoesNotOpen,
    #[error("key derivation failed: {0}")]
    Kdf(String),
    #[error("the recovery key is not in the expected format (64 hex digits, dashes allowed)")]
    RecoveryFormat,
}

/// Argon2id cost, stored with each wrap so it can be raised later without locking anyone out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Passes.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

impl KdfParams {
    /// 128 MiB, 5 passes, 1 lane: about 0.5 s on one core of this project's 2-core build
    /// machine (measured by the `vault` bench's unlock figure), and above OWASP's Argon2id
    /// minimum (19 MiB, t=2). Memory-hardness is what makes a stolen wrap costly to attack.
    pub const DEFAULT: Self = Self { m_kib: 128 * 1024, t: 5, p: 1 };

    /// Within what any deployment would choose: memory up to 4 GiB, up to 64 passes and 16
    /// lanes, and what Argon2 itself needs (8 KiB of memory per lane).
    pub fn is_sane(&self) -> bool {
        (1..=16).contains(&self.p) && (1..=64).contains(&self.t) && self.m_kib >= 8 * self.p && self.m_kib <= 4 * 1024 * 1024
    }
}

/// Argon2id(password, salt) → 32 bytes.
fn password_key(password: &SecretString, salt: &[u8], params: KdfParams) -> Result<Zeroizing<[u8; 32]>, KeyError> {
    let p = argon2::Params::new(params.m_kib, params.t, params.p, Some(32)).map_err(|e| KeyError::Kdf(e.to_string()))?;
    let a = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, p);
    let mut out = Zeroizing::new([0u8; 32]);
    a.hash_password_into(password.expose_secret().as_bytes(), salt, &mut out[..])
        .map_err(|e| KeyError::Kdf(e.to_string()))?;
    Ok(out)
}

/// HKDF-SHA256 expand into an AES-256-GCM key.
fn aead_key(salt: &[u8], ikm: &[u8], info: &[&[u8]]) -> Result<LessSafeKey, KeyError> {
    let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, salt).extract(ikm);
    let okm = prk.expand(info, &AES_256_GCM).map_err(|_| KeyError::Kdf("hkdf".into()))?;
    Ok(LessSafeKey::new(UnboundKey::from(okm)))
}

struct Len32;
impl hkdf::KeyType for Len32 {
    fn len(&self) -> usize {
        32
    }
}

fn hkdf32(salt: &[u8], ikm: &[u8], info: &[&[u8]]) -> Result<Zeroizing<[u8; 32]>, KeyError> {
    let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, salt).extract(ikm);
    let mut out = Zeroizing::new([0u8; 32]);
    prk.expand(info, Len32).and_then(|okm| okm.fill(&mut out[..])).map_err(|_| KeyError::Kdf("hkdf".into()))?;
    Ok(out)
}

/// A wrapped DEK as stored in the key file.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Wrapped {
    #[serde(with = "hex::serde")]
    pub nonce: Vec<u8>,
    /// Ciphertext followed by the GCM tag.
    #[serde(with = "hex::serde")]
    pub sealed: Vec<u8>,
}

fn seal(key: &LessSafeKey, aad: &[u8], dek: &Key32) -> Result<Wrapped, KeyError> {
    let mut nonce = [0u8; 12];
    SystemRandom::new().fill(&mut nonce).map_err(|_| KeyError::Random)?;
    let mut buf = dek.expose().to_vec();
    key.seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(aad), &mut buf)
        .map_err(|_| KeyError::Random)?;
    Ok(Wrapped { nonce: nonce.to_vec(), sealed: buf })
}

fn open(key: &LessSafeKey, aad: &[u8], w: &Wrapped) -> Result<Key32, KeyError> {
    let nonce = Nonce::try_assume_unique_for_key(&w.nonce).map_err(|_| KeyError::DoesNotOpen)?;
    let mut buf = Zeroizing::new(w.sealed.clone());
    let plain = key.open_in_place(nonce, Aad::from(aad), &mut buf).map_err(|_| KeyError::DoesNotOpen)?;
    Key32::from_bytes(plain).ok_or(KeyError::DoesNotOpen)
}

/// What binds a user's wrap: the user, the vault and whether the device secret took part.
pub struct UserWrapContext<'a> {
    pub vault_id: &'a str,
    pub user_id: &'a str,
    pub salt: &'a [u8],
    pub params: KdfParams,
    /// The keychain's device secret; `None` only in managed password-only mode.
    pub device_secret: Option<&'a Key32>,
}

impl UserWrapContext<'_> {
    fn kek(&self, password: &SecretString) -> Result<LessSafeKey, KeyError> {
        let pk = password_key(password, self.salt, self.params)?;
        // The device secret is the HKDF salt: without it the Argon2 output alone is useless,
        // so a copied vault plus the password is not enough off this device.
        let salt: &[u8] = match self.device_secret {
            Some(d) => d.expose(),
            None => b"hushnote/v1/password-only",
        };
        aead_key(salt, &pk[..], &[b"hushnote/v1/user-kek/", self.user_id.as_bytes()])
    }

    fn aad(&self) -> Vec<u8> {
        [b"hushnote/v1/dek/".as_slice(), self.vault_id.as_bytes(), b"/", self.user_id.as_bytes()].concat()
    }

    /// Wraps the DEK for this user.
    pub fn wrap(&self, password: &SecretString, dek: &Key32) -> Result<Wrapped, KeyError> {
        seal(&self.kek(password)?, &self.aad(), dek)
    }

    /// Unwraps the DEK; `DoesNotOpen` for a wrong password, device secret or altered wrap.
    pub fn unwrap(&self, password: &SecretString, w: &Wrapped) -> Result<Key32, KeyError> {
        open(&self.kek(password)?, &self.aad(), w)
    }
}

/// A fresh random salt for Argon2.
pub fn random_salt() -> Result<Vec<u8>, KeyError> {
    let mut s = vec![0u8; 16];
    SystemRandom::new().fill(&mut s).map_err(|_| KeyError::Random)?;
    Ok(s)
}

/// The break-glass recovery key: 256 random bits shown once to the admin as 16 groups of four
/// hex digits. It is high-entropy, so HKDF (no password stretching) is enough.
pub struct RecoveryKey(Key32);

impl RecoveryKey {
    pub fn random() -> Result<Self, KeyError> {
        Key32::random().map(Self)
    }

    /// Parses the printed form (case, spaces and dashes ignored).
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        let digits: Zeroizing<String> = Zeroizing::new(text.chars().filter(|c| c.is_ascii_hexdigit()).collect());
        if digits.len() != 64 || text.chars().any(|c| !(c.is_ascii_hexdigit() || c == '-' || c.is_whitespace())) {
            return Err(KeyError::RecoveryFormat);
        }
        let bytes = Zeroizing::new(hex::decode(digits.as_str()).map_err(|_| KeyError::RecoveryFormat)?);
        Key32::from_bytes(&bytes).map(Self).ok_or(KeyError::RecoveryFormat)
    }

    /// The printed form, e.g. `1f3a-09c2-…` (16 groups).
    pub fn display(&self) -> Zeroizing<String> {
        let hex = Zeroizing::new(hex::encode(self.0.expose()));
        let groups: Vec<&str> = (0..16).map(|i| &hex[i * 4..i * 4 + 4]).collect();
        Zeroizing::new(groups.join("-"))
    }

    fn kek(&self, vault_id: &str) -> Result<LessSafeKey, KeyError> {
        aead_key(vault_id.as_bytes(), self.0.expose(), &[b"hushnote/v1/recovery-kek"])
    }

    pub fn wrap(&self, vault_id: &str, dek: &Key32) -> Result<Wrapped, KeyError> {
        seal(&self.kek(vault_id)?, &[b"hushnote/v1/dek/recovery/".as_slice(), vault_id.as_bytes()].concat(), dek)
    }

    pub fn unwrap(&self, vault_id: &str, w: &Wrapped) -> Result<Key32, KeyError> {
        open(&self.kek(vault_id)?, &[b"hushnote/v1/dek/recovery/".as_slice(), vault_id.as_bytes()].concat(), w)
    }
}

impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKey(<redacted>)")
    }
}

/// The keys a session holds while unlocked. Dropping it wipes the DEK.
pub struct VaultKeys {
    pub(crate) dek: Key32,
    pub(crate) audit: hmac::Key,
    checkpoint_seed: Zeroizing<[u8; 32]>,
}

impl VaultKeys {
    pub fn derive(dek: Key32, vault_id: &str) -> Result<Self, KeyError> {
        let audit_key = hkdf32(vault_id.as_bytes(), dek.expose(), &[b"hushnote/v1/audit-mac"])?;
        let checkpoint_seed = hkdf32(vault_id.as_bytes(), dek.expose(), &[b"hushnote/v1/audit-checkpoint"])?;
        Ok(Self { audit: hmac::Key::new(hmac::HMAC_SHA256, &audit_key[..]), dek, checkpoint_seed })
    }

    /// SQLCipher's raw-key literal `x'…'` (never a passphrase: no PBKDF2 cost, no weak keys).
    pub(crate) fn sql_key_literal(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}'", hex::encode(self.dek.expose())))
    }

    /// The Ed25519 key that signs audit checkpoints.
    pub(crate) fn checkpoint_signer(&self) -> Result<signature::Ed25519KeyPair, KeyError> {
        signature::Ed25519KeyPair::from_seed_unchecked(&self.checkpoint_seed[..]).map_err(|_| KeyError::Kdf("ed25519".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: KdfParams = KdfParams { m_kib: 256, t: 1, p: 1 };

    fn ctx<'a>(secret: Option<&'a Key32>, salt: &'a [u8]) -> UserWrapContext<'a> {
        UserWrapContext { vault_id: "v1", user_id: "u1", salt, params: FAST, device_secret: secret }
    }

    #[test]
    fn wrap_opens_only_with_password_and_device_secret() {
        let dek = Key32::random().unwrap();
        let dev = Key32::random().unwrap();
        let other = Key32::random().unwrap();
        let salt = random_salt().unwrap();
        let pw = SecretString::from("correct horse battery");
        let w = ctx(Some(&dev), &salt).wrap(&pw, &dek).unwrap();
        assert_eq!(ctx(Some(&dev), &salt).unwrap(&pw, &w).unwrap().expose(), dek.expose());
        assert!(ctx(Some(&dev), &salt).unwrap(&SecretString::from("wrong"), &w).is_err());
        assert!(ctx(Some(&other), &salt).unwrap(&pw, &w).is_err(), "another device's secret");
        assert!(ctx(None, &salt).unwrap(&pw, &w).is_err(), "password alone");
        let mut bad = w.clone();
        bad.sealed[3] ^= 1;
        assert!(ctx(Some(&dev), &salt).unwrap(&pw, &bad).is_err(), "altered wrap");
        let other_user = UserWrapContext { user_id: "u2", ..ctx(Some(&dev), &salt) };
        assert!(other_user.unwrap(&pw, &w).is_err(), "wrap bound to its user");
    }

    #[test]
    fn recovery_key_round_trips_through_its_printed_form() {
        let dek = Key32::random().unwrap();
        let rk = RecoveryKey::random().unwrap();
        let w = rk.wrap("vault", &dek).unwrap();
        let printed = rk.display();
        assert_eq!(printed.len(), 79);
        let parsed = RecoveryKey::parse(&printed.to_uppercase()).unwrap();
        assert_eq!(parsed.unwrap("vault", &w).unwrap().expose(), dek.expose());
        assert!(parsed.unwrap("other", &w).is_err());
        assert!(RecoveryKey::parse("1234").is_err());
        assert!(!format!("{rk:?}").contains(&printed[..4]));
    }

    #[test]
    fn derived_keys_differ_from_the_dek_and_each_other() {
        let dek = Key32::random().unwrap();
        let raw = *dek.expose();
        let keys = VaultKeys::derive(dek, "v").unwrap();
        assert_ne!(&keys.checkpoint_seed[..], &raw[..]);
        let tag = hmac::sign(&keys.audit, b"x");
        assert_ne!(tag.as_ref(), &raw[..]);
        assert!(keys.sql_key_literal().starts_with("x'"));
    }
}
