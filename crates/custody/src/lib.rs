//! Custody of clinical notes: who may open them, where they are kept, and the record of every
//! access. Layered bottom-up, each module using only those before it:
//!
//! 1. [`keys`]: the key hierarchy (data key, password and recovery wraps, the device secret in
//!    the OS keychain, `keys.json`) and the password rules;
//! 2. `store`: the SQLCipher database (opening, schema, note and user rows, retention purges);
//! 3. [`audit`]: the tamper-evident log; [`policy`]: managed, local and default settings;
//! 4. [`Vault`] (a vault on disk, locked) and [`Session`] (unlocked for one user: the only way
//!    to the notes), with lockout and idle locking.
//!
//! Every failure is one [`Error`], which maps onto the error table of `hushnote-proto`.

pub mod audit;
#[cfg(feature = "bench")]
pub mod bench;
pub mod clock;
mod error;
mod fsutil;
pub mod keys;
pub mod policy;
mod session;
mod store;
mod vault;

pub use clock::{Clock, ManualClock, SystemClock};
pub use error::Error;
pub use keys::keychain::{DeviceSecretStore, KeychainError, MemoryKeychain, OsKeychain};
pub use keys::keystore::{Keystore, KeystoreError};
pub use keys::{check_new_password, KdfParams, RecoveryKey};
pub use policy::{EffectivePolicy, Policy, PolicyError};
pub use session::{Draft, LockReason, Session, SessionInfo};
pub use hushnote_proto::{Note, NoteStatus, NoteSummary, PurgeReport, Role, StoredSpan, UserRecord};
pub use store::notes::{new_id, NewNote};
pub use vault::{workstation_name, Vault, VaultEnv};
