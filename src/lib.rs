//! Hushnote core: on-device clinical dictation.
//!
//! The flow is `audio` (16 kHz mono) → `asr` (Whisper) → later `phi`, `vault`, `upstream`.
//! Front ends (the `hushnote` CLI, the desktop shell) only map their inputs onto this crate.

pub mod asr;
pub mod audio;
pub mod phi;
