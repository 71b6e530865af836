//! Hushnote core: on-device clinical dictation.
//!
//! The flow is `audio` (16 kHz mono) → `asr` (Whisper) → `phi` (tagging, redaction) → `vault`
//! (SQLCipher), guarded by `auth` (users, sessions, keys), recorded by `audit` and governed by
//! `policy`. Front ends (the `hushnote` CLI, the desktop shell) only map their inputs onto this
//! crate.

pub mod asr;
pub mod audio;
pub mod audit;
pub mod auth;
pub mod clock;
mod fsutil;
pub mod hardening;
pub mod phi;
pub mod pipeline;
pub mod policy;
pub mod vault;
