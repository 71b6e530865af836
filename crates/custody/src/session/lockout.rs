//! Failed-login counting and the events that happen before anyone can write to the audit log.
//!
//! A failed login cannot be written into the encrypted audit log (the key is exactly what is
//! missing), so failures are kept in `auth-state.json` — user ids, times and counts only —
//! and moved into the HMAC chain at the next successful login. The file is not secret; editing
//! it can only reset a counter, which an attacker with write access to the data directory
//! could achieve by restoring an old copy anyway.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::audit::NewEvent;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Failures {
    pub count: u32,
    pub locked_until_ms: i64,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct AuthState {
    /// By user id.
    pub failures: BTreeMap<String, Failures>,
    /// Events waiting to be appended to the audit chain.
    pub pending: Vec<NewEvent>,
    /// Pending events dropped because the queue was full (reported when flushed).
    #[serde(default)]
    pub dropped: u64,
}

const FILE: &str = "auth-state.json";
/// Bound on queued events, so repeated failures cannot grow the file without limit.
const MAX_PENDING: usize = 10_000;

impl AuthState {
    /// Reads the state; a missing or unreadable file counts as empty (never blocks a login).
    pub fn load(dir: &Path) -> Self {
        std::fs::read(dir.join(FILE)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
    }

    pub fn save(&self, dir: &Path) -> std::io::Result<()> {
        let bytes = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        crate::fsutil::write_atomic(&dir.join(FILE), &bytes)
    }

    pub fn queue(&mut self, e: NewEvent) {
        if self.pending.len() < MAX_PENDING {
            self.pending.push(e);
        } else {
            self.dropped += 1;
        }
    }

    /// Minutes left on a lockout, if the account is locked at `now`.
    pub fn locked_minutes(&self, user_id: &str, now: i64) -> Option<i64> {
        let f = self.failures.get(user_id)?;
        (f.locked_until_ms > now).then(|| (f.locked_until_ms - now + 59_999) / 60_000)
    }

    /// Counts a failure; returns true when this one locked the account.
    pub fn fail(&mut self, user_id: &str, now: i64, threshold: u32, lock_ms: i64) -> bool {
        let f = self.failures.entry(user_id.to_owned()).or_default();
        f.count += 1;
        if f.count >= threshold {
            f.count = 0;
            f.locked_until_ms = now + lock_ms;
            return true;
        }
        false
    }

    pub fn succeed(&mut self, user_id: &str) {
        self.failures.remove(user_id);
    }
}
