//! Retention, policy and the audit log (admins; audit review also under break-glass).

use super::Session;
use crate::audit::{self, Action, Checkpoint, Event, Outcome, Verification};
use hushnote_proto::PurgeReport;

use crate::audit::checkpoint;
use crate::store::purge;
use crate::Error;

impl Session {
    /// Deletes what the retention policy has expired (admins), then scrubs the files.
    pub fn purge(&self, dry_run: bool) -> Result<PurgeReport, Error> {
        self.require_admin("only admins purge")?;
        self.purge_inner(dry_run, "manual")
    }

    pub(crate) fn purge_inner(&self, dry_run: bool, how: &str) -> Result<PurgeReport, Error> {
        let policy = self.env().policy.policy.clone();
        self.with_open(|o, now| {
            let report = purge::purge(&mut o.conn, &policy, now, dry_run)?;
            if !dry_run && (report.deleted_any() || how == "manual") {
                audit::append(&o.conn, &o.keys.audit, &self.event(now, Action::Purge, "notes", Outcome::Success, format!("{how} {}", report.detail())))?;
            }
            Ok(report)
        })
    }

    /// Changes a local policy value (admins) and audits the change.
    pub fn set_policy(&self, key: &str, value: &str) -> Result<crate::policy::EffectivePolicy, Error> {
        self.require_admin("only admins change the policy")?;
        self.with_open(|o, now| {
            let result = crate::policy::set_local(&self.vault.dir, &crate::policy::managed_policy_path(), key, value);
            let outcome = if result.is_ok() { Outcome::Success } else { Outcome::Failure };
            // Policy values are settings, not PHI; the new value is part of the record.
            audit::append(&o.conn, &o.keys.audit, &self.event(now, Action::PolicyChange, format!("policy:{key}"), outcome, value.chars().take(200).collect::<String>()))?;
            Ok(result?)
        })
    }

    /// Checks the audit chain (admins, break-glass).
    pub fn audit_verify(&self) -> Result<Verification, Error> {
        self.require_auditor()?;
        self.with_open(|o, now| {
            let v = audit::verify(&o.conn, &o.keys.audit)?;
            let outcome = if v.first_bad.is_none() { Outcome::Success } else { Outcome::Failure };
            // Verify first, then record the verification (the record is not part of what it checked).
            audit::append(&o.conn, &o.keys.audit, &self.event(now, Action::Execute, "audit-verify", outcome, format!("rows={}", v.rows)))?;
            Ok(v)
        })
    }

    /// Every audit event, for export (admins); the export itself is audited.
    pub fn audit_events(&self, format: &str) -> Result<Vec<Event>, Error> {
        self.require_admin("only admins export the audit log")?;
        self.with_open(|o, now| {
            let events = audit::events(&o.conn)?;
            audit::append(&o.conn, &o.keys.audit, &self.event(now, Action::Export, "audit-log", Outcome::Success, format!("format={format} rows={}", events.len())))?;
            Ok(events)
        })
    }

    /// A signed head of the verified chain (admins).
    pub fn audit_checkpoint(&self) -> Result<Checkpoint, Error> {
        self.require_admin("only admins checkpoint the audit log")?;
        self.with_open(|o, now| {
            audit::append(&o.conn, &o.keys.audit, &self.event(now, Action::Execute, "audit-checkpoint", Outcome::Success, ""))?;
            let v = audit::verify(&o.conn, &o.keys.audit)?;
            if let Some(bad) = v.first_bad {
                return Err(Error::Tampered(format!("audit chain broken at sequence {bad}")));
            }
            let signer = o.keys.checkpoint_signer()?;
            Ok(checkpoint::sign(&signer, &self.vault.keystore.vault_id, &v, now))
        })
    }

    /// Compares a checkpoint with the log: detects truncation and rewriting.
    pub fn audit_compare(&self, cp: &Checkpoint) -> Result<Result<(), audit::CheckpointError>, Error> {
        self.require_auditor()?;
        self.with_open(|o, _| {
            let signer = o.keys.checkpoint_signer()?;
            if let Err(e) = checkpoint::check_signature(cp, &signer, &self.vault.keystore.vault_id) {
                return Ok(Err(e));
            }
            let v = audit::verify(&o.conn, &o.keys.audit)?;
            let events = audit::events(&o.conn)?;
            Ok(checkpoint::compare(cp, v.head_seq, |seq| events.iter().find(|e| e.seq == seq).map(|e| e.mac.clone())))
        })
    }

    /// SQLite's and SQLCipher's integrity checks (any role): `Ok` when both are clean.
    pub fn integrity_check(&self) -> Result<(), Error> {
        self.with_open(|o, _| {
            let ok: String = o.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
            if ok != "ok" {
                return Err(Error::Tampered("integrity_check failed".into()));
            }
            let mut stmt = o.conn.prepare("PRAGMA cipher_integrity_check")?;
            let n = stmt.query_map([], |r| r.get::<_, String>(0))?.count();
            if n > 0 {
                return Err(Error::Tampered(format!("{n} page(s) failed their HMAC check")));
            }
            Ok(())
        })
    }
}
