//! `keys.json`: the only vault file outside SQLCipher. It holds what is needed *before* the
//! vault can be decrypted — the vault id, the wrapped data keys (one per user, one recovery)
//! and their KDF parameters — and nothing secret: every wrap is AES-256-GCM ciphertext.
//! User names appear here (workforce identifiers, not PHI) so a login can find its wrap;
//! roles and the disabled flag live inside the encrypted vault, where they cannot be edited.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{KdfParams, Wrapped};

/// One user's wrap of the data key.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct UserWrap {
    pub user_id: String,
    #[serde(with = "hex::serde")]
    pub salt: Vec<u8>,
    pub kdf: KdfParams,
    pub wrap: Wrapped,
}

/// The whole file.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Keystore {
    pub format: u32,
    pub vault_id: String,
    /// True when user wraps include the keychain's device secret; false only in managed
    /// password-only mode.
    pub device_bound: bool,
    /// By user name.
    pub users: BTreeMap<String, UserWrap>,
    pub recovery: Wrapped,
}

/// Reading or writing `keys.json` failed.
#[derive(Debug, thiserror::Error)]
pub enum KeystoreError {
    #[error("no vault here: {0} does not exist (run `hushnote init` first)")]
    Missing(String),
    #[error("the vault's key file {0} is damaged ({1}); restore it from backup or use the recovery key with a backup copy")]
    Damaged(String, String),
    #[error("cannot access the key file {0}: {1}")]
    Io(String, std::io::Error),
}

impl Keystore {
    pub const FILE: &'static str = "keys.json";
    pub const FORMAT: u32 = 1;

    pub fn load(dir: &Path) -> Result<Self, KeystoreError> {
        let path = dir.join(Self::FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(KeystoreError::Missing(path.display().to_string()))
            }
            Err(e) => return Err(KeystoreError::Io(path.display().to_string(), e)),
        };
        let ks: Keystore =
            serde_json::from_str(&text).map_err(|e| KeystoreError::Damaged(path.display().to_string(), e.to_string()))?;
        if ks.format != Self::FORMAT {
            return Err(KeystoreError::Damaged(path.display().to_string(), format!("unknown format {}", ks.format)));
        }
        // The cost parameters come from a file: bounded, so an edited file cannot make a login
        // allocate gigabytes or run for hours.
        for (name, w) in &ks.users {
            if !w.kdf.is_sane() {
                return Err(KeystoreError::Damaged(path.display().to_string(), format!("the key-derivation cost of {name} is out of bounds")));
            }
        }
        Ok(ks)
    }

    pub fn save(&self, dir: &Path) -> Result<(), KeystoreError> {
        let path = dir.join(Self::FILE);
        let text = serde_json::to_vec_pretty(self).map_err(|e| KeystoreError::Damaged(path.display().to_string(), e.to_string()))?;
        crate::fsutil::write_atomic(&path, &text).map_err(|e| KeystoreError::Io(path.display().to_string(), e))
    }
}
