//! The device secret's home: the OS keychain (Secret Service on Linux, Keychain on macOS,
//! Credential Manager on Windows) through `keyring` v3.
//!
//! `keyring` silently falls back to an in-memory mock store when no platform store was compiled
//! in; such a store would lose the secret at exit and with it every wrap bound to it, so
//! [`OsKeychain`] treats a non-persistent default store as "no keychain".

use std::collections::HashMap;
use std::sync::Mutex;

use super::Key32;

/// Why the keychain could not be used.
#[derive(Debug, thiserror::Error)]
pub enum KeychainError {
    /// No usable store (no D-Bus session, no Secret Service, no platform store compiled in).
    #[error("no OS keychain is available ({0}); start the desktop keyring or ask IT for password-only mode")]
    Unavailable(String),
    /// The store exists but refused access (e.g. the keyring is locked).
    #[error("the OS keychain refused access ({0}); unlock the keyring and retry")]
    Denied(String),
    #[error("the keychain returned a malformed device secret; restore it or use the recovery key")]
    Malformed,
}

/// Stores one 256-bit device secret per vault.
pub trait DeviceSecretStore: Send + Sync {
    /// The secret for `vault_id`, or `None` if the keychain works but has no entry.
    fn get(&self, vault_id: &str) -> Result<Option<Key32>, KeychainError>;
    /// Stores (or replaces) the secret for `vault_id`.
    fn set(&self, vault_id: &str, secret: &Key32) -> Result<(), KeychainError>;
    /// Removes the secret (no error if absent).
    fn delete(&self, vault_id: &str) -> Result<(), KeychainError>;
    /// A short name for messages and the audit log.
    fn name(&self) -> &'static str;
}

const SERVICE: &str = "hushnote";

fn account(vault_id: &str) -> String {
    format!("vault-{vault_id}")
}

/// The platform keychain.
#[derive(Default)]
pub struct OsKeychain;

impl OsKeychain {
    fn entry(vault_id: &str) -> Result<keyring::Entry, KeychainError> {
        // A store that forgets at exit would silently destroy access to the vault.
        let builder = keyring::default::default_credential_builder();
        if matches!(builder.persistence(), keyring::credential::CredentialPersistence::EntryOnly | keyring::credential::CredentialPersistence::ProcessOnly) {
            return Err(KeychainError::Unavailable("no persistent credential store in this build".into()));
        }
        keyring::Entry::new(SERVICE, &account(vault_id)).map_err(map_err)
    }
}

fn map_err(e: keyring::Error) -> KeychainError {
    match e {
        keyring::Error::NoStorageAccess(inner) => KeychainError::Denied(inner.to_string()),
        keyring::Error::PlatformFailure(inner) => KeychainError::Unavailable(inner.to_string()),
        keyring::Error::BadEncoding(_) => KeychainError::Malformed,
        other => KeychainError::Unavailable(other.to_string()),
    }
}

impl DeviceSecretStore for OsKeychain {
    fn get(&self, vault_id: &str) -> Result<Option<Key32>, KeychainError> {
        match Self::entry(vault_id)?.get_secret() {
            Ok(bytes) => {
                let bytes = zeroize::Zeroizing::new(bytes);
                Key32::from_bytes(&bytes).map(Some).ok_or(KeychainError::Malformed)
            }
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_err(e)),
        }
    }

    fn set(&self, vault_id: &str, secret: &Key32) -> Result<(), KeychainError> {
        Self::entry(vault_id)?.set_secret(secret.expose()).map_err(map_err)
    }

    fn delete(&self, vault_id: &str) -> Result<(), KeychainError> {
        match Self::entry(vault_id)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_err(e)),
        }
    }

    fn name(&self) -> &'static str {
        if cfg!(target_os = "macos") {
            "macOS Keychain"
        } else if cfg!(windows) {
            "Windows Credential Manager"
        } else {
            "Secret Service"
        }
    }
}

/// An in-process store for unit tests and embedding; it keeps secrets only as long as it lives.
#[derive(Default)]
pub struct MemoryKeychain {
    secrets: Mutex<HashMap<String, [u8; 32]>>,
    /// When set, every call fails as if no keychain were present.
    unavailable: std::sync::atomic::AtomicBool,
}

impl MemoryKeychain {
    /// Makes the store behave as an absent keychain (or present again).
    pub fn set_unavailable(&self, off: bool) {
        self.unavailable.store(off, std::sync::atomic::Ordering::SeqCst);
    }

    fn check(&self) -> Result<std::sync::MutexGuard<'_, HashMap<String, [u8; 32]>>, KeychainError> {
        if self.unavailable.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(KeychainError::Unavailable("test keychain switched off".into()));
        }
        self.secrets.lock().map_err(|_| KeychainError::Unavailable("poisoned".into()))
    }
}

impl DeviceSecretStore for MemoryKeychain {
    fn get(&self, vault_id: &str) -> Result<Option<Key32>, KeychainError> {
        Ok(self.check()?.get(vault_id).and_then(|b| Key32::from_bytes(b)))
    }
    fn set(&self, vault_id: &str, secret: &Key32) -> Result<(), KeychainError> {
        self.check()?.insert(vault_id.to_owned(), *secret.expose());
        Ok(())
    }
    fn delete(&self, vault_id: &str) -> Result<(), KeychainError> {
        if let Some(mut b) = self.check()?.remove(vault_id) {
            zeroize::Zeroize::zeroize(&mut b);
        }
        Ok(())
    }
    fn name(&self) -> &'static str {
        "in-memory test keychain"
    }
}
