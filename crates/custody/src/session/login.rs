//! Creating a vault, logging in, and break-glass access.

use std::collections::BTreeMap;
use std::path::Path;

use secrecy::SecretString;

use super::lockout::AuthState;
use super::{validate_user_name, Session, SessionInfo};
use crate::audit::{self, Action, NewEvent, Outcome};
use crate::keys::keychain::KeychainError;
use crate::keys::keystore::{Keystore, UserWrap};
use crate::keys::{check_new_password, random_salt, Key32, KeyError, RecoveryKey, UserWrapContext, VaultKeys};
use crate::store::notes;
use crate::vault::{Vault, VaultEnv};
use crate::{Error, Role};

fn pending_event(env: &VaultEnv, user: &str, role: &str, action: Action, outcome: Outcome, detail: &str) -> NewEvent {
    NewEvent {
        ts_ms: env.clock.now_ms(),
        user: user.to_owned(),
        role: role.to_owned(),
        workstation: env.workstation.clone(),
        action,
        object: "vault".into(),
        outcome,
        detail: detail.to_owned(),
    }
}

impl Vault {
    /// Creates a vault in `dir` with its first admin, and returns it with the recovery key,
    /// which must be shown to the admin once and stored offline (it is never saved).
    ///
    /// The device secret goes into the OS keychain; without a keychain the vault is refused
    /// unless the managed policy allows password-only mode (which is then audited).
    pub fn init(dir: &Path, env: VaultEnv, admin_name: &str, password: &SecretString) -> Result<(Vault, RecoveryKey), Error> {
        validate_user_name(admin_name)?;
        check_new_password(admin_name, password)?;
        if dir.join(Keystore::FILE).exists() || dir.join(Vault::DB_FILE).exists() {
            return Err(Error::Exists(dir.display().to_string()));
        }
        crate::fsutil::create_private_dir(dir).map_err(|e| Error::Io(dir.display().to_string(), e))?;
        let vault_id = notes::new_id()?;

        let device = Key32::random()?;
        let device_bound = match env.keychain.set(&vault_id, &device) {
            Ok(()) => true,
            Err(e @ (KeychainError::Unavailable(_) | KeychainError::Denied(_))) => {
                if !env.policy.password_only_allowed() {
                    return Err(e.into());
                }
                false
            }
            Err(e) => return Err(e.into()),
        };
        let dek = Key32::random()?;
        let recovery = RecoveryKey::random()?;
        let admin_id = notes::new_id()?;
        let salt = random_salt()?;
        let ctx = UserWrapContext {
            vault_id: &vault_id,
            user_id: &admin_id,
            salt: &salt,
            params: env.kdf,
            device_secret: device_bound.then_some(&device),
        };
        let wrap = ctx.wrap(password, &dek)?;
        let mut users = BTreeMap::new();
        users.insert(admin_name.to_owned(), UserWrap { user_id: admin_id.clone(), salt, kdf: env.kdf, wrap });
        let keystore = Keystore { format: Keystore::FORMAT, vault_id: vault_id.clone(), device_bound, users, recovery: recovery.wrap(&vault_id, &dek)? };

        let vault = Vault { dir: dir.to_owned(), env, keystore };
        let created = (|| -> Result<(), Error> {
            vault.keystore.save(dir)?;
            let keys = VaultKeys::derive(dek, &vault_id)?;
            let conn = crate::store::db::open(&vault.db_path(), &keys, true)?;
            // Owner-only, like the directory; SQLite gives the -wal and -shm files the same mode.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(vault.db_path(), std::fs::Permissions::from_mode(0o600))
                    .map_err(|e| Error::Io(vault.db_path().display().to_string(), e))?;
            }
            let now = vault.env.clock.now_ms();
            notes::meta_set(&conn, "vault_id", &vault_id)?;
            notes::insert_user(&conn, &admin_id, admin_name, Role::Admin, now)?;
            let mode = if device_bound { "device-bound" } else { "password-only" };
            let mut ev = pending_event(&vault.env, &admin_id, "admin", Action::Create, Outcome::Success, mode);
            audit::append(&conn, &keys.audit, &ev)?;
            ev.object = format!("user:{admin_id}");
            ev.detail = "role=admin".into();
            audit::append(&conn, &keys.audit, &ev)?;
            if !device_bound {
                audit::append(&conn, &keys.audit, &pending_event(&vault.env, &admin_id, "admin", Action::PasswordOnly, Outcome::Success, "init"))?;
            }
            Ok(())
        })();
        if let Err(e) = created {
            // Leave nothing half-made behind: a later `init` must be able to start over.
            for f in [Keystore::FILE, Vault::DB_FILE, "vault.db-wal", "vault.db-shm"] {
                let _ = std::fs::remove_file(dir.join(f));
            }
            let _ = vault.env.keychain.delete(&vault_id);
            return Err(e);
        }
        Ok((vault, recovery))
    }

    /// Logs a user in: Argon2id on the password, the device secret from the keychain, the data
    /// key unwrapped, the vault opened and checked. Failures are counted (lockout) and queued
    /// for the audit log; success flushes that queue into the chain and runs the retention
    /// purge.
    pub fn login(self, name: &str, password: &SecretString) -> Result<Session, Error> {
        let now = self.env.clock.now_ms();
        let mut state = AuthState::load(&self.dir);
        let fail = |state: &mut AuthState, user: &str, detail: &str| {
            state.queue(pending_event(&self.env, user, "-", Action::FailedLogin, Outcome::Denied, detail));
            // Losing a counter update must not turn into a different error for the user.
            let _ = state.save(&self.dir);
        };
        let Some(entry) = self.keystore.users.get(name).cloned() else {
            fail(&mut state, "-", "unknown-user");
            return Err(Error::WrongCredentials);
        };
        if let Some(minutes) = state.locked_minutes(&entry.user_id, now) {
            fail(&mut state, &entry.user_id, "account-locked");
            return Err(Error::AccountLocked { minutes });
        }
        let device = match self.device_secret(&self.keystore) {
            Ok(d) => d,
            Err(e) => {
                fail(&mut state, &entry.user_id, "keychain");
                return Err(e);
            }
        };
        let ctx = UserWrapContext {
            vault_id: &self.keystore.vault_id,
            user_id: &entry.user_id,
            salt: &entry.salt,
            params: entry.kdf,
            device_secret: device.as_ref(),
        };
        let dek = match ctx.unwrap(password, &entry.wrap) {
            Ok(k) => k,
            Err(KeyError::DoesNotOpen) => {
                let p = &self.env.policy.policy;
                let locked = state.fail(&entry.user_id, now, p.lockout_threshold, p.lockout_minutes as i64 * 60_000);
                fail(&mut state, &entry.user_id, if locked { "wrong-password account-locked" } else { "wrong-password" });
                if locked {
                    return Err(Error::AccountLocked { minutes: p.lockout_minutes as i64 });
                }
                return Err(Error::WrongCredentials);
            }
            Err(e) => return Err(e.into()),
        };
        let keys = VaultKeys::derive(dek, &self.keystore.vault_id)?;
        let conn = self.open_checked(&keys)?;
        let user = notes::user_by_id(&conn, &entry.user_id)?;
        if user.disabled {
            fail(&mut state, &entry.user_id, "account-disabled");
            return Err(Error::AccountDisabled);
        }
        state.succeed(&entry.user_id);
        let info = SessionInfo { user_id: user.id.clone(), user_name: user.name.clone(), role: Some(user.role), break_glass: false };
        self.finish_login(conn, keys, info, state, Action::Login, "password")
    }

    /// Break-glass (emergency) access with the recovery key. The reason is required and goes
    /// into the audit log — with any identifiers in it replaced by their category, since the
    /// log must hold identifiers of users and objects only.
    pub fn break_glass(self, recovery: &RecoveryKey, reason: &str) -> Result<Session, Error> {
        let reason = reason.trim();
        if reason.chars().count() < 5 {
            return Err(Error::ReasonRequired);
        }
        let mut state = AuthState::load(&self.dir);
        let dek = match recovery.unwrap(&self.keystore.vault_id, &self.keystore.recovery) {
            Ok(k) => k,
            Err(_) => {
                state.queue(pending_event(&self.env, "break-glass", "break-glass", Action::FailedLogin, Outcome::Denied, "wrong-recovery-key"));
                let _ = state.save(&self.dir);
                return Err(Error::WrongRecoveryKey);
            }
        };
        let keys = VaultKeys::derive(dek, &self.keystore.vault_id)?;
        let conn = self.open_checked(&keys)?;
        let spans = hushnote_phi::tag(reason);
        let safe_reason = hushnote_phi::redact(reason, &spans, hushnote_phi::RedactMode::Tag);
        let detail: String = safe_reason.as_str().chars().take(500).collect();
        let info = SessionInfo { user_id: "break-glass".into(), user_name: "break-glass".into(), role: None, break_glass: true };
        self.finish_login(conn, keys, info, state, Action::BreakGlass, &detail)
    }

    /// Opens the database with a proven key and checks it belongs with this key file.
    fn open_checked(&self, keys: &VaultKeys) -> Result<rusqlite::Connection, Error> {
        let conn = crate::store::db::open(&self.db_path(), keys, false)?;
        match notes::meta_get(&conn, "vault_id")? {
            Some(id) if id == self.keystore.vault_id => Ok(conn),
            _ => Err(Error::Tampered("the database does not belong to this key file".into())),
        }
    }

    fn finish_login(
        self,
        conn: rusqlite::Connection,
        keys: VaultKeys,
        info: SessionInfo,
        mut state: AuthState,
        action: Action,
        detail: &str,
    ) -> Result<Session, Error> {
        // Move queued failures into the chain first, so they precede this login in order.
        let tx = rusqlite::Transaction::new_unchecked(&conn, rusqlite::TransactionBehavior::Immediate)?;
        for e in &state.pending {
            audit::append(&tx, &keys.audit, e)?;
        }
        if state.dropped > 0 {
            let d = format!("dropped={}", state.dropped);
            audit::append(&tx, &keys.audit, &pending_event(&self.env, "-", "-", Action::FailedLogin, Outcome::Denied, &d))?;
        }
        let role = if info.break_glass { "break-glass" } else { info.role.map(Role::as_str).unwrap_or("-") };
        audit::append(&tx, &keys.audit, &pending_event(&self.env, &info.user_id, role, action, Outcome::Success, detail))?;
        if !self.keystore.device_bound {
            audit::append(&tx, &keys.audit, &pending_event(&self.env, &info.user_id, role, Action::PasswordOnly, Outcome::Success, "login"))?;
        }
        tx.commit()?;
        state.pending.clear();
        state.dropped = 0;
        // The events are in the chain now; failing to rewrite the queue only risks duplicates.
        let _ = state.save(&self.dir);
        let session = Session::new(self, info, conn, keys);
        // Retention runs at every unlock; a failure here must not keep a clinician out.
        let _ = session.purge_inner(false, "automatic");
        Ok(session)
    }
}
