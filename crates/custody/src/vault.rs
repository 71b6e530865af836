//! A vault on disk: one SQLCipher database (`vault.db`, with its `-wal`/`-shm`) plus the key
//! file `keys.json`, in one data directory, and what it needs from its surroundings.
//!
//! Nothing here hands out a connection: a [`crate::Session`], obtained by logging in, is the
//! only way to the notes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::clock::{Clock, SystemClock};
use crate::keys::keychain::{DeviceSecretStore, OsKeychain};
use crate::keys::keystore::Keystore;
use crate::keys::secret_file::SecretFile;
use crate::keys::{KdfParams, Key32};
use crate::policy::{EffectivePolicy, PolicyError};
use crate::Error;

/// What a vault needs from its surroundings, injected so tests can replace each part.
#[derive(Clone)]
pub struct VaultEnv {
    /// Home of the device secret.
    pub keychain: Arc<dyn DeviceSecretStore>,
    /// The effective policy.
    pub policy: EffectivePolicy,
    pub clock: Arc<dyn Clock>,
    /// This workstation's name, for the audit log.
    pub workstation: String,
    /// Argon2id cost for new password wraps.
    pub kdf: KdfParams,
}

impl VaultEnv {
    /// The environment of a custody service: its device secret in a file only its OS account
    /// reads (`secrets/` in the data directory), the policy files, the system clock, the host name.
    pub fn service(data_dir: &Path) -> Result<Self, PolicyError> {
        Ok(Self { keychain: Arc::new(SecretFile::new(&data_dir.join("secrets"))), ..Self::system(data_dir)? })
    }

    /// The real environment: the OS keychain, the policy files (managed over local), the system
    /// clock and the host name.
    pub fn system(data_dir: &Path) -> Result<Self, PolicyError> {
        let policy = EffectivePolicy::load(&crate::policy::managed_policy_path(), &crate::policy::local_policy_path(data_dir))?;
        Ok(Self {
            keychain: Arc::new(OsKeychain),
            policy,
            clock: Arc::new(SystemClock),
            workstation: workstation_name(),
            kdf: KdfParams::DEFAULT,
        })
    }
}

/// The host name (no PHI; identifies the workstation in audit rows).
pub fn workstation_name() -> String {
    #[cfg(unix)]
    {
        let mut buf = [0u8; 256];
        // SAFETY: gethostname writes at most buf.len() bytes into our buffer.
        if unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) } == 0 {
            let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
            if let Ok(s) = std::str::from_utf8(&buf[..end]) {
                return s.to_owned();
            }
        }
    }
    std::env::var("COMPUTERNAME").unwrap_or_else(|_| "unknown-host".into())
}

/// A vault on disk, not yet unlocked. Log in ([`Vault::login`]) to get a session.
pub struct Vault {
    pub(crate) dir: PathBuf,
    pub(crate) env: VaultEnv,
    pub(crate) keystore: Keystore,
}

impl Vault {
    /// The database file's name inside the data directory.
    pub const DB_FILE: &'static str = "vault.db";

    /// Opens the key file of an existing vault (no password needed yet).
    pub fn open(dir: &Path, env: VaultEnv) -> Result<Self, Error> {
        let keystore = Keystore::load(dir)?;
        if !dir.join(Self::DB_FILE).exists() {
            return Err(Error::Tampered(format!("{} is missing", Self::DB_FILE)));
        }
        Ok(Self { dir: dir.to_owned(), env, keystore })
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The vault's random identifier (not secret).
    pub fn id(&self) -> &str {
        &self.keystore.vault_id
    }

    /// The effective policy this vault runs under.
    pub fn policy(&self) -> &EffectivePolicy {
        &self.env.policy
    }

    /// The device secret for a vault's wraps: `None` in password-only mode. Refuses when the vault
    /// is device-bound and the keychain is unavailable or lacks the secret, and when a
    /// password-only vault is no longer allowed by the managed policy.
    pub(crate) fn device_secret(&self, ks: &Keystore) -> Result<Option<Key32>, Error> {
        if !ks.device_bound {
            if !self.env.policy.password_only_allowed() {
                return Err(Error::PermissionDenied(
                    "this vault runs without the OS keychain, which the managed policy no longer allows; use the recovery key",
                ));
            }
            return Ok(None);
        }
        match self.env.keychain.get(&ks.vault_id)? {
            Some(k) => Ok(Some(k)),
            None => Err(Error::KeychainSecretMissing { keychain: self.env.keychain.name() }),
        }
    }

    pub(crate) fn db_path(&self) -> PathBuf {
        self.dir.join(Self::DB_FILE)
    }
}
