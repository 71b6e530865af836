//! The device secret of a service account: a 0600 file in a 0700 directory that only the
//! custody service's OS account can read. A service has no desktop keychain (no login session,
//! no D-Bus session bus); its account's file permissions are what keep the secret from every
//! other user. Root can read it, as root can read the service's memory.

use std::path::{Path, PathBuf};

use super::keychain::{DeviceSecretStore, KeychainError};
use super::Key32;

/// Device secrets as files `<dir>/<vault id>.key`.
pub struct SecretFile {
    dir: PathBuf,
}

impl SecretFile {
    pub fn new(dir: &Path) -> Self {
        Self { dir: dir.to_owned() }
    }

    fn path(&self, vault_id: &str) -> Result<PathBuf, KeychainError> {
        // Vault ids are 32 hex digits; anything else must not become a path.
        if vault_id.len() != 32 || !vault_id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(KeychainError::Malformed);
        }
        Ok(self.dir.join(format!("{vault_id}.key")))
    }
}

fn io_error(e: std::io::Error) -> KeychainError {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => KeychainError::Denied(e.to_string()),
        _ => KeychainError::Unavailable(e.to_string()),
    }
}

impl DeviceSecretStore for SecretFile {
    fn get(&self, vault_id: &str) -> Result<Option<Key32>, KeychainError> {
        match std::fs::read(self.path(vault_id)?) {
            Ok(bytes) => {
                let bytes = zeroize::Zeroizing::new(bytes);
                Key32::from_bytes(&bytes).map(Some).ok_or(KeychainError::Malformed)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_error(e)),
        }
    }

    fn set(&self, vault_id: &str, secret: &Key32) -> Result<(), KeychainError> {
        crate::fsutil::create_private_dir(&self.dir).map_err(io_error)?;
        crate::fsutil::write_atomic(&self.path(vault_id)?, secret.expose()).map_err(io_error)
    }

    fn delete(&self, vault_id: &str) -> Result<(), KeychainError> {
        match std::fs::remove_file(self.path(vault_id)?) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io_error(e)),
        }
    }

    fn name(&self) -> &'static str {
        "service's secret file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_secret_owner_only_and_refuses_odd_ids() {
        let dir = tempfile::tempdir().unwrap();
        let store = SecretFile::new(&dir.path().join("secrets"));
        let id = "0123456789abcdef0123456789abcdef";
        assert!(store.get(id).unwrap().is_none());
        let k = Key32::random().unwrap();
        store.set(id, &k).unwrap();
        assert_eq!(store.get(id).unwrap().unwrap().expose(), k.expose());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&dir.path().join("secrets")), 0o700);
            assert_eq!(mode(&dir.path().join("secrets").join(format!("{id}.key"))), 0o600);
        }
        assert!(matches!(store.get("../../etc/passwd"), Err(KeychainError::Malformed)));
        store.delete(id).unwrap();
        assert!(store.get(id).unwrap().is_none());
    }
}
