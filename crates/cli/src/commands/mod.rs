//! One file per command group: each parses its arguments, makes one call into the core, and
//! prints what came back.

pub mod audit;
pub mod devices;
pub mod dictate;
pub mod init;
pub mod model;
pub mod note;
pub mod phi;
pub mod policy;
pub mod purge;
pub mod transcribe;
pub mod user;
