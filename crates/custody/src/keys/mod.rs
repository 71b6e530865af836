//! Keys: the hierarchy that opens a vault (`wrap.rs`), the device secret's home in the OS
//! keychain ([`keychain`]), the key file `keys.json` ([`keystore`]) and the rules for new
//! passwords.

pub mod keychain;
pub mod keystore;
mod password;
pub mod secret_file;
mod wrap;

pub use password::check_new_password;
pub use wrap::{random_salt, KdfParams, Key32, KeyError, RecoveryKey, UserWrapContext, VaultKeys, Wrapped};
