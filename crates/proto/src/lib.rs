//! The contract between Hushnote's front ends (the `hushnote` CLI, the desktop app) and the
//! custody of notes: the requests and responses ([`wire`]), the typed [`Client`] over any
//! transport, the data that crosses ([`types`]), one table of error codes, and the draft sink a
//! dictation writes through.
//!
//! It depends on no other Hushnote crate, so every crate can speak it: the codes are the CLI's
//! exit codes and the codes a UI acts on, defined once, here.

mod client;
mod code;
pub mod frame;
pub mod process;
mod secret;
mod sink;
mod time;
pub mod types;
#[cfg(unix)]
mod unix;
pub mod wire;

pub use client::Client;
pub use code::{Error, ErrorCode};
pub use secret::Secret;
pub use sink::DraftSink;
pub use time::rfc3339;
pub use types::{Checkpoint, Note, NoteStatus, NoteSummary, PolicyValue, PurgeReport, Role, StoredSpan, UserRecord, Verification};
#[cfg(unix)]
pub use unix::{Answer, UnixTransport};
pub use wire::{ExportFormat, Request, Response, Transport};
