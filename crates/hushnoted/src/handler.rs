//! One request, one answer: the protocol mapped onto custody's `Vault` and `Session`.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use hushnote_custody::audit;
use hushnote_custody::{Error, NewNote, RecoveryKey, Session, Vault, VaultEnv};
use hushnote_proto::{ErrorCode, ExportFormat, PolicyValue, Request, Response, Transport};
use secrecy::SecretString;

/// The custody of one data directory, with the session of one client.
pub struct Custody {
    dir: PathBuf,
    keeper: Keeper,
    session: Mutex<Option<Session>>,
}

/// Where the vault's device secret is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keeper {
    /// The OS keychain of the user running this process (custody inside the CLI).
    UserKeychain,
    /// A file of the service's own OS account (the `hushnoted` service).
    ServiceFile,
}

type Answer = Result<Response, hushnote_proto::Error>;

impl Custody {
    /// The vault in `dir` (nothing is opened until a request needs it).
    pub fn new(dir: PathBuf, keeper: Keeper) -> Self {
        Self { dir, keeper, session: Mutex::new(None) }
    }

    fn env(&self) -> Result<VaultEnv, Error> {
        match self.keeper {
            Keeper::UserKeychain => VaultEnv::system(&self.dir),
            Keeper::ServiceFile => VaultEnv::service(&self.dir),
        }
        .map_err(Error::Policy)
    }

    /// Locks the session now (the service is stopping, or the OS locked): the draft is saved
    /// first.
    pub fn lock(&self) -> Result<(), hushnote_proto::Error> {
        match self.slot().as_ref() {
            Some(s) => Ok(s.lock(hushnote_custody::LockReason::Explicit)?),
            None => Ok(()),
        }
    }

    fn open(&self) -> Result<Vault, Error> {
        Vault::open(&self.dir, self.env()?)
    }

    fn slot(&self) -> MutexGuard<'_, Option<Session>> {
        // A panic while holding the lock leaves the session as it was; keep using it.
        self.session.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` on the logged-in session.
    fn with_session(&self, f: impl FnOnce(&Session) -> Result<Response, Error>) -> Answer {
        let slot = self.slot();
        let Some(s) = slot.as_ref() else {
            return Err(hushnote_proto::Error::new(ErrorCode::SessionLocked, "not logged in; log in first"));
        };
        Ok(f(s)?)
    }

    fn start(&self, session: Session) -> Answer {
        // A second login on one connection ends the first session (saving its draft).
        if let Some(old) = self.slot().replace(session) {
            old.logout()?;
        }
        Ok(Response::Done)
    }

}

impl Transport for Custody {
    fn call(&self, request: Request) -> Answer {
        match request {
            Request::Hello => Ok(Response::Vault { vault_id: self.open()?.id().to_owned() }),
            Request::Init { admin, password } => {
                let (vault, recovery) = Vault::init(&self.dir, self.env()?, &admin, &password.into_inner())?;
                let key = SecretString::from(recovery.display().as_str().to_owned());
                Ok(Response::Created { vault_id: vault.id().to_owned(), recovery_key: key.into() })
            }
            Request::Login { user, password } => self.start(self.open()?.login(&user, &password.into_inner())?),
            Request::BreakGlass { recovery_key, reason } => {
                let vault = self.open()?;
                // A key that is not even in the printed form is the user's input, not a wrong key.
                let key = RecoveryKey::parse(recovery_key.expose()).map_err(|e| hushnote_proto::Error::new(ErrorCode::Input, e.to_string()))?;
                self.start(vault.break_glass(&key, &reason)?)
            }
            Request::Logout => {
                if let Some(s) = self.slot().take() {
                    s.logout()?;
                }
                Ok(Response::Done)
            }
            Request::PolicyShow => {
                let values = self.env()?.policy.rows().into_iter().map(|(key, value, source)| PolicyValue { key: key.to_owned(), value, source: source.to_string() }).collect();
                Ok(Response::Policy { values })
            }
            other => self.with_session(|s| in_session(s, other)),
        }
    }
}

/// The requests that need a logged-in session.
fn in_session(s: &Session, request: Request) -> Result<Response, Error> {
    Ok(match request {
        Request::UserAdd { name, role, password } => Response::Id { id: s.add_user(&name, role, &password.into_inner())? },
        Request::UserPasswd { name, password } => {
            s.set_password(&name, &password.into_inner())?;
            Response::Done
        }
        Request::UserDisable { name } => {
            s.disable_user(&name)?;
            Response::Done
        }
        Request::UserList => Response::Users { users: s.list_users()? },
        Request::NoteAdd { text, patient_ref, status, provenance } => Response::Id { id: s.add_note(&NewNote { text, patient_ref, status, provenance })? },
        Request::NoteList => Response::Notes { notes: s.list_notes()? },
        Request::NoteShow { id } => Response::Note { note: s.read_note(&id)? },
        Request::NoteSearch { query } => Response::Notes { notes: s.search_notes(&query)? },
        Request::NoteFinalize { id } => {
            s.finalize_note(&id)?;
            Response::Done
        }
        Request::NoteHold { id, hold } => {
            s.set_legal_hold(&id, hold)?;
            Response::Done
        }
        Request::Drafts => Response::Notes { notes: s.drafts()? },
        Request::AuditVerify { checkpoint } => {
            let verification = s.audit_verify()?;
            // A checkpoint is compared only with a chain that verifies.
            let checkpoint_mismatch = match checkpoint.filter(|_| verification.first_bad.is_none()) {
                Some(cp) => s.audit_compare(&cp)?.err().map(|e| e.to_string()),
                None => None,
            };
            Response::Verified { verification, checkpoint_mismatch }
        }
        Request::AuditExport { format } => Response::Export { content: export(s, format)? },
        Request::AuditCheckpoint => Response::Checkpoint { checkpoint: s.audit_checkpoint()? },
        Request::Purge { dry_run } => Response::Purged { report: s.purge(dry_run)? },
        Request::PolicySet { key, value } => {
            s.set_policy(&key, &value)?;
            Response::Done
        }
        Request::DraftResume { id } => Response::Text { text: s.resume_draft(&id)? },
        Request::DraftSet { text, patient_ref, provenance } => {
            s.set_draft(&text, patient_ref.as_deref(), provenance)?;
            Response::Done
        }
        Request::DraftSave => Response::MaybeId { id: s.save_draft()? },
        Request::Touch => {
            s.touch()?;
            Response::Done
        }
        Request::Tick => Response::Flag { value: s.tick()? },
        Request::KeepsAudio => Response::Flag { value: s.keeps_audio() },
        Request::AudioAdd { note_id, sample_rate, pcm_le_i16 } => {
            s.add_audio(&note_id, sample_rate, &pcm_le_i16)?;
            Response::Done
        }
        Request::LockOs => {
            s.lock(hushnote_custody::LockReason::OsLock)?;
            Response::Done
        }
        // Answered before a session is looked for (`Custody::call`).
        Request::Hello | Request::Init { .. } | Request::Login { .. } | Request::BreakGlass { .. } | Request::Logout | Request::PolicyShow => {
            return Err(Error::PermissionDenied("this request is not made within a session"))
        }
    })
}

/// The audit log as a FHIR R4 Bundle of AuditEvents or as CSV.
fn export(s: &Session, format: ExportFormat) -> Result<String, Error> {
    let events = s.audit_events(format.as_str())?;
    let storage = |e: String| Error::Storage(e);
    match format {
        ExportFormat::Fhir => {
            let mut text = serde_json::to_string_pretty(&audit::to_fhir_bundle(s.vault_id(), &events)).map_err(|e| storage(e.to_string()))?;
            text.push('\n');
            Ok(text)
        }
        ExportFormat::Csv => {
            let bytes = audit::to_csv(&events).map_err(|e| storage(e.to_string()))?;
            String::from_utf8(bytes).map_err(|e| storage(e.to_string()))
        }
    }
}
