//! The tamper-evident audit log: append-only events chained by
//! `mac_n = HMAC-SHA256(K_audit, mac_{n-1} ‖ canonical(row_n))`.
//!
//! Rows carry identifiers only (user ids, note ids, counts), never note text. Any change,
//! deletion or reordering breaks the chain at the first affected row; cutting rows off the end
//! is caught by comparing with a signed [`Checkpoint`] kept elsewhere.

mod chain;
pub mod checkpoint;
mod event;
mod export;
#[cfg(test)]
mod tests;

pub use chain::{append, events, verify, AuditError, SCHEMA};
pub use hushnote_proto::Verification;
pub use checkpoint::CheckpointError;
pub use hushnote_proto::Checkpoint;
pub use event::{Action, Event, NewEvent, Outcome};
pub use export::{to_csv, to_fhir_bundle};
