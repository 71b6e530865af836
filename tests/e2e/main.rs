//! End-to-end tests: the built binaries, the real Whisper model, real SQLCipher files and a real
//! Secret Service (run under `scripts/with-keyring.sh`, as `scripts/test.sh` does), in one test
//! binary so the whole product is linked once.

mod accounts;
mod bad_input;
mod dictate;
mod dictate_lock;
mod microphone;
mod transcribe;
mod vault_cli;

use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Tests share the machine in turns. A live dictation decodes in real time, so it runs alone:
/// whisper.cpp's worker threads spin while they wait, and two decodes of 2 threads each on a
/// 2-core machine slow each other down many times over. Every other test takes a shared turn.
static MACHINE: RwLock<()> = RwLock::new(());

/// The turn of a test that must have the machine to itself.
pub fn alone() -> RwLockWriteGuard<'static, ()> {
    MACHINE.write().unwrap_or_else(|p| p.into_inner())
}

/// The turn of a test that can share the machine with others like it.
pub fn shared() -> RwLockReadGuard<'static, ()> {
    MACHINE.read().unwrap_or_else(|p| p.into_inner())
}
