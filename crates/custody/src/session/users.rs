//! Users (admins): adding, listing, disabling, and passwords.

use secrecy::SecretString;

use super::{validate_user_name, Session};
use crate::audit::{self, Action, Outcome};
use crate::keys::keystore::{Keystore, UserWrap};
use crate::keys::{check_new_password, random_salt, UserWrapContext, VaultKeys};
use hushnote_proto::UserRecord;

use crate::store::notes;
use crate::vault::Vault;
use crate::{Error, Role};

impl Session {
    /// Adds a user (admins). The new user's wrap of the data key is made now, from the
    /// password the admin sets; the user should change it at first login.
    pub fn add_user(&self, name: &str, role: Role, password: &SecretString) -> Result<String, Error> {
        self.require_admin("only admins add users")?;
        validate_user_name(name)?;
        check_new_password(name, password)?;
        let user_id = notes::new_id()?;
        self.with_open(|o, now| {
            // The wrap first (Argon2id takes a while); then, holding the database's write lock,
            // the key file is read, changed and written, so two admins' changes never cross.
            let wrap = make_wrap(&self.vault, &Keystore::load(&self.vault.dir)?, &user_id, password, &o.keys)?;
            let tx = o.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let mut ks = Keystore::load(&self.vault.dir)?;
            if ks.users.contains_key(name) {
                return Err(Error::UserExists(name.to_owned()));
            }
            notes::insert_user(&tx, &user_id, name, role, now)?;
            audit::append(&tx, &o.keys.audit, &self.event(now, Action::Create, format!("user:{user_id}"), Outcome::Success, format!("role={}", role.as_str())))?;
            // The key file is written before the commit: if the commit then fails, an orphan
            // wrap without a user row opens nothing (login requires the row).
            ks.users.insert(name.to_owned(), wrap);
            ks.save(&self.vault.dir)?;
            tx.commit()?;
            Ok(user_id)
        })
    }

    /// All users (admins).
    pub fn list_users(&self) -> Result<Vec<UserRecord>, Error> {
        self.require_admin("only admins list users")?;
        self.with_open(|o, now| {
            let users = notes::list_users(&o.conn)?;
            audit::append(&o.conn, &o.keys.audit, &self.event(now, Action::Read, "user-list", Outcome::Success, format!("count={}", users.len())))?;
            Ok(users)
        })
    }

    /// Disables a user (admins): their wrap is deleted from the key file and the account
    /// refused at login. Notes stay (they are records).
    pub fn disable_user(&self, name: &str) -> Result<(), Error> {
        self.require_admin("only admins disable users")?;
        self.with_open(|o, now| {
            let user = notes::user_by_name(&o.conn, name)?;
            if user.id == self.info.user_id {
                return Err(Error::PermissionDenied("admins cannot disable themselves"));
            }
            let tx = o.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            notes::set_user_disabled(&tx, &user.id, true)?;
            audit::append(&tx, &o.keys.audit, &self.event(now, Action::Update, format!("user:{}", user.id), Outcome::Success, "disabled"))?;
            let mut ks = Keystore::load(&self.vault.dir)?;
            ks.users.remove(name);
            ks.save(&self.vault.dir)?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Sets a new password: for oneself, or for anyone by an admin or break-glass access.
    pub fn set_password(&self, name: &str, new_password: &SecretString) -> Result<(), Error> {
        check_new_password(name, new_password)?;
        self.with_open(|o, now| {
            let user = notes::user_by_name(&o.conn, name)?;
            let allowed = user.id == self.info.user_id || self.info.break_glass || self.info.role == Some(Role::Admin);
            if !allowed {
                return Err(Error::PermissionDenied("only admins set other users' passwords"));
            }
            if user.disabled {
                return Err(Error::AccountDisabled);
            }
            let wrap = make_wrap(&self.vault, &Keystore::load(&self.vault.dir)?, &user.id, new_password, &o.keys)?;
            let tx = o.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let mut ks = Keystore::load(&self.vault.dir)?;
            notes::set_password_changed(&tx, &user.id, now)?;
            audit::append(&tx, &o.keys.audit, &self.event(now, Action::Update, format!("user:{}", user.id), Outcome::Success, "password"))?;
            ks.users.insert(name.to_owned(), wrap);
            ks.save(&self.vault.dir)?;
            tx.commit()?;
            Ok(())
        })
    }
}

/// A new password wrap of the session's data key for `user_id`.
fn make_wrap(vault: &Vault, ks: &Keystore, user_id: &str, password: &SecretString, keys: &VaultKeys) -> Result<UserWrap, Error> {
    let device = vault.device_secret(ks)?;
    let salt = random_salt()?;
    let ctx = UserWrapContext { vault_id: &ks.vault_id, user_id, salt: &salt, params: vault.env.kdf, device_secret: device.as_ref() };
    let wrap = ctx.wrap(password, &keys.dek).map_err(Error::from)?;
    Ok(UserWrap { user_id: user_id.to_owned(), salt, kdf: vault.env.kdf, wrap })
}
