//! The contract between Hushnote's front ends (the `hushnote` CLI, the desktop app) and the
//! custody of notes: one table of error codes, the error that crosses between them, and the
//! draft sink a dictation writes through.
//!
//! It depends on no other Hushnote crate, so every crate can speak it: the codes are the CLI's
//! exit codes and the codes a UI acts on, defined once, here.

mod code;
mod sink;

pub use code::{Error, ErrorCode};
pub use sink::DraftSink;
