//! `hushnote init|user|note|audit|purge|policy`: the vault, users, audit and retention from the
//! command line. Argument parsing and printing only; everything else is the core's.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use hushnote::audit::{self, Checkpoint};
use hushnote::auth::{AuthError, RecoveryKey, Role, Session};
use hushnote::policy::{self, EffectivePolicy};
use hushnote::vault::{self, NewNote, NoteStatus, Vault, VaultEnv, VaultError};
use secrecy::SecretString;
use zeroize::Zeroizing;

use super::exit;

/// Options shared by every vault command.
#[derive(Args, Clone)]
pub struct Access {
    /// Vault directory (default: the platform's data directory, e.g. ~/.local/share/hushnote/vault).
    #[arg(long, global = true, env = "HUSHNOTE_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// User name for this call.
    #[arg(long, global = true)]
    pub user: Option<String>,
    /// Read the password from this file (first line) instead of asking on the terminal.
    #[arg(long, global = true)]
    pub password_file: Option<PathBuf>,
    /// Break-glass access: a file holding the recovery key printed by `init` (needs --reason).
    #[arg(long, global = true, conflicts_with = "user")]
    pub recovery_key_file: Option<PathBuf>,
    /// Why break-glass access is needed (recorded in the audit log).
    #[arg(long, global = true)]
    pub reason: Option<String>,
}

#[derive(Args)]
pub struct InitArgs {}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add a user (admins).
    Add {
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// File holding the new user's initial password.
        #[arg(long)]
        new_password_file: Option<PathBuf>,
    },
    /// Set a password: your own, or any user's as an admin.
    Passwd {
        name: String,
        #[arg(long)]
        new_password_file: Option<PathBuf>,
    },
    /// Disable a user (admins): their key wrap is deleted, their notes stay.
    Disable { name: String },
    /// List users (admins).
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Clinician,
    Admin,
}

#[derive(Subcommand)]
pub enum NoteCommand {
    /// Store a note (clinicians): text from --text-file or standard input.
    Add {
        #[arg(long)]
        text_file: Option<PathBuf>,
        /// The patient's EHR reference (e.g. MRN).
        #[arg(long)]
        patient: Option<String>,
        /// Store as final (signed) rather than draft.
        #[arg(long)]
        r#final: bool,
    },
    /// List notes (no text): your own, or all as an admin.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Print one of your notes.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Full-text search over your notes.
    Search { query: String },
    /// Sign a draft (status final).
    Finalize { id: String },
    /// Place (or with --off lift) a legal hold (admins).
    Hold {
        id: String,
        #[arg(long)]
        off: bool,
    },
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Check the HMAC chain; with --checkpoint, also that nothing was cut off since.
    Verify {
        #[arg(long)]
        checkpoint: Option<PathBuf>,
    },
    /// Write the log as FHIR R4 AuditEvents (a Bundle) or CSV.
    Export {
        #[arg(long, value_enum, default_value = "fhir")]
        format: ExportFormat,
        /// Output file (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print a signed head of the chain (sequence, MAC) to keep elsewhere.
    Checkpoint {
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Fhir,
    Csv,
}

#[derive(Subcommand)]
pub enum PolicyCommand {
    /// Print the effective policy and where each value came from (no login needed).
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Change a vault-local value (admins); managed values cannot be overridden.
    Set { key: String, value: String },
}

#[derive(Args)]
pub struct PurgeArgs {
    /// Only count what would be deleted.
    #[arg(long)]
    dry_run: bool,
}

/// Maps a core error onto its exit code; the message never carries note text.
pub fn fail(e: &VaultError) -> ExitCode {
    eprintln!("hushnote: {e}");
    ExitCode::from(match e {
        VaultError::Auth(a) => match a {
            AuthError::WrongCredentials | AuthError::WrongRecoveryKey => exit::WRONG_PASSWORD,
            AuthError::AccountLocked { .. } | AuthError::AccountDisabled => exit::ACCOUNT_LOCKED,
            AuthError::KeychainSecretMissing { .. } => exit::KEYCHAIN_SECRET_MISSING,
            AuthError::Keychain(_) => exit::KEYCHAIN_UNAVAILABLE,
            AuthError::PermissionDenied(_) => exit::PERMISSION,
            AuthError::PasswordRejected(_) | AuthError::ReasonRequired => exit::INPUT,
            AuthError::Locked => exit::SESSION_LOCKED,
            AuthError::Key(_) => exit::FAILED,
        },
        VaultError::Tampered(_) => exit::TAMPERED,
        VaultError::DiskFull => exit::DISK_FULL,
        VaultError::Keystore(vault::KeystoreError::Missing(_)) | VaultError::Exists(_) => exit::NO_VAULT,
        VaultError::Keystore(vault::KeystoreError::Damaged(..)) => exit::TAMPERED,
        VaultError::NoteNotFound(_) | VaultError::UserNotFound(_) | VaultError::UserExists(_) | VaultError::AudioNotKept => exit::INPUT,
        VaultError::Policy(_) => exit::INPUT,
        _ => exit::FAILED,
    })
}

fn data_dir(a: &Access) -> PathBuf {
    a.data_dir.clone().unwrap_or_else(vault::default_data_dir)
}

/// Reads a secret from a file (first line) or, on a terminal, from a hidden prompt.
fn read_secret(file: Option<&Path>, prompt: &str) -> Result<SecretString, String> {
    if let Some(path) = file {
        let mut raw = Zeroizing::new(String::new());
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_string(&mut raw))
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let line = raw.lines().next().unwrap_or("");
        return Ok(SecretString::from(line.to_owned()));
    }
    if !std::io::stdin().is_terminal() {
        return Err(format!("{prompt}: no terminal to ask on; pass the matching --…-file option"));
    }
    rpassword::prompt_password(format!("{prompt}: ")).map(SecretString::from).map_err(|e| format!("cannot read the password: {e}"))
}

fn env_for(dir: &Path) -> Result<VaultEnv, ExitCode> {
    VaultEnv::system(dir).map_err(|e| fail(&VaultError::Policy(e)))
}

/// Logs in with --user/--password-file (or the prompt), or breaks glass with the recovery key.
pub fn session(a: &Access) -> Result<Session, ExitCode> {
    let dir = data_dir(a);
    let env = env_for(&dir)?;
    let vault = Vault::open(&dir, env).map_err(|e| fail(&e))?;
    if let Some(rk_file) = &a.recovery_key_file {
        let text = read_secret(Some(rk_file), "recovery key").map_err(usage)?;
        let rk = RecoveryKey::parse(secrecy::ExposeSecret::expose_secret(&text)).map_err(|e| usage(e.to_string()))?;
        let reason = a.reason.clone().unwrap_or_default();
        return vault.break_glass(&rk, &reason).map_err(|e| fail(&e));
    }
    let Some(user) = a.user.clone() else {
        return Err(usage("this command needs --user NAME (and --password-file, or a terminal to ask on)".into()));
    };
    let pw = read_secret(a.password_file.as_deref(), &format!("password for {user}")).map_err(usage)?;
    vault.login(&user, &pw).map_err(|e| fail(&e))
}

fn usage(msg: String) -> ExitCode {
    eprintln!("hushnote: {msg}");
    ExitCode::from(exit::INPUT)
}

fn write_out(out: Option<&Path>, bytes: &[u8]) -> ExitCode {
    let r = match out {
        Some(p) => std::fs::write(p, bytes).map_err(|e| format!("cannot write {}: {e}", p.display())),
        None => std::io::stdout().write_all(bytes).map_err(|e| e.to_string()),
    };
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hushnote: {e}");
            ExitCode::from(exit::FAILED)
        }
    }
}

fn json_line(v: &impl serde::Serialize) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

/// Runs `f` on a logged-in session and logs out (saving the draft) afterwards.
fn with_session(a: &Access, f: impl FnOnce(&Session) -> Result<ExitCode, VaultError>) -> ExitCode {
    let s = match session(a) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let r = f(&s);
    let out = s.logout();
    match (r, out) {
        (Ok(code), Ok(())) => code,
        (Err(e), _) | (Ok(_), Err(e)) => fail(&e),
    }
}

pub fn init(a: &Access) -> ExitCode {
    let dir = data_dir(a);
    let Some(user) = a.user.clone() else {
        return usage("init needs --user NAME for the first admin".into());
    };
    let env = match env_for(&dir) {
        Ok(e) => e,
        Err(c) => return c,
    };
    let pw = match read_secret(a.password_file.as_deref(), &format!("new password for {user}")) {
        Ok(p) => p,
        Err(m) => return usage(m),
    };
    match Vault::init(&dir, env, &user, &pw) {
        Ok((v, rk)) => {
            eprintln!("hushnote: created vault {} in {} with admin {user}", v.id(), dir.display());
            eprintln!("hushnote: the recovery key below opens the vault in an emergency (break-glass). It is shown once:");
            eprintln!("hushnote: store it offline (printed, in a safe); anyone holding it can read every note.");
            println!("{}", rk.display().as_str());
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}

pub fn user(a: &Access, cmd: UserCommand) -> ExitCode {
    with_session(a, |s| match cmd {
        UserCommand::Add { name, role, new_password_file } => {
            let pw = match read_secret(new_password_file.as_deref(), &format!("new password for {name}")) {
                Ok(p) => p,
                Err(m) => return Ok(usage(m)),
            };
            let role = match role {
                RoleArg::Clinician => Role::Clinician,
                RoleArg::Admin => Role::Admin,
            };
            let id = s.add_user(&name, role, &pw)?;
            println!("{id}");
            Ok(ExitCode::SUCCESS)
        }
        UserCommand::Passwd { name, new_password_file } => {
            let pw = match read_secret(new_password_file.as_deref(), &format!("new password for {name}")) {
                Ok(p) => p,
                Err(m) => return Ok(usage(m)),
            };
            s.set_password(&name, &pw)?;
            Ok(ExitCode::SUCCESS)
        }
        UserCommand::Disable { name } => {
            s.disable_user(&name)?;
            Ok(ExitCode::SUCCESS)
        }
        UserCommand::List { json } => {
            for u in s.list_users()? {
                if json {
                    println!("{}", json_line(&u));
                } else {
                    println!("{}\t{}\t{}\t{}", u.name, u.role.as_str(), if u.disabled { "disabled" } else { "active" }, u.id);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    })
}

pub fn note(a: &Access, cmd: NoteCommand) -> ExitCode {
    with_session(a, |s| match cmd {
        NoteCommand::Add { text_file, patient, r#final } => {
            let mut text = String::new();
            let read = match &text_file {
                Some(p) => std::fs::File::open(p).and_then(|mut f| f.read_to_string(&mut text)),
                None => std::io::stdin().read_to_string(&mut text),
            };
            if let Err(e) = read {
                return Ok(usage(format!("cannot read the note text: {e}")));
            }
            let status = if r#final { NoteStatus::Final } else { NoteStatus::Draft };
            let id = s.add_note(&NewNote { text, patient_ref: patient, status, provenance: serde_json::json!({"source": "cli"}) })?;
            println!("{id}");
            Ok(ExitCode::SUCCESS)
        }
        NoteCommand::List { json } => {
            for n in s.list_notes()? {
                if json {
                    println!("{}", json_line(&n));
                } else {
                    println!(
                        "{}\t{}\t{}\t{}{}",
                        n.id,
                        n.status.as_str(),
                        audit::rfc3339(n.updated_at),
                        n.chars,
                        if n.legal_hold { "\tlegal-hold" } else { "" }
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        NoteCommand::Show { id, json } => {
            let n = s.read_note(&id)?;
            if json {
                println!("{}", json_line(&n));
            } else {
                println!("{}", n.text);
            }
            Ok(ExitCode::SUCCESS)
        }
        NoteCommand::Search { query } => {
            for n in s.search_notes(&query)? {
                println!("{}\t{}\t{}", n.id, n.status.as_str(), audit::rfc3339(n.updated_at));
            }
            Ok(ExitCode::SUCCESS)
        }
        NoteCommand::Finalize { id } => {
            s.finalize_note(&id)?;
            Ok(ExitCode::SUCCESS)
        }
        NoteCommand::Hold { id, off } => {
            s.set_legal_hold(&id, !off)?;
            Ok(ExitCode::SUCCESS)
        }
    })
}

pub fn audit_cmd(a: &Access, cmd: AuditCommand) -> ExitCode {
    with_session(a, |s| match cmd {
        AuditCommand::Verify { checkpoint } => {
            let v = s.audit_verify()?;
            if let Some(bad) = v.first_bad {
                eprintln!("hushnote: audit chain broken: sequence {bad} is missing, altered or out of place ({} rows verified before it)", v.rows);
                return Ok(ExitCode::from(exit::AUDIT_BROKEN));
            }
            if let Some(path) = checkpoint {
                let cp: Checkpoint = match std::fs::read(&path).map_err(|e| e.to_string()).and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string())) {
                    Ok(c) => c,
                    Err(e) => return Ok(usage(format!("cannot read checkpoint {}: {e}", path.display()))),
                };
                if let Err(e) = s.audit_compare(&cp)? {
                    eprintln!("hushnote: {e}");
                    return Ok(ExitCode::from(exit::AUDIT_BROKEN));
                }
                println!("ok: {} rows, head {} matches checkpoint at {}", v.rows, v.head_seq, cp.seq);
            } else {
                println!("ok: {} rows, head {} {}", v.rows, v.head_seq, hex::encode(&v.head_mac));
            }
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::Export { format, out } => {
            let bytes = match format {
                ExportFormat::Fhir => {
                    let events = s.audit_events("fhir")?;
                    let mut b = serde_json::to_vec_pretty(&audit::to_fhir_bundle(s.vault_id(), &events))
                        .map_err(|e| VaultError::Storage(e.to_string()))?;
                    b.push(b'\n');
                    b
                }
                ExportFormat::Csv => audit::to_csv(&s.audit_events("csv")?).map_err(|e| VaultError::Storage(e.to_string()))?,
            };
            Ok(write_out(out.as_deref(), &bytes))
        }
        AuditCommand::Checkpoint { out } => {
            let cp = s.audit_checkpoint()?;
            let mut b = serde_json::to_vec_pretty(&cp).unwrap_or_default();
            b.push(b'\n');
            Ok(write_out(out.as_deref(), &b))
        }
    })
}

pub fn purge(a: &Access, args: PurgeArgs) -> ExitCode {
    with_session(a, |s| {
        let r = s.purge(args.dry_run)?;
        println!("{}{}", if args.dry_run { "would delete: " } else { "deleted: " }, r.detail());
        Ok(ExitCode::SUCCESS)
    })
}

pub fn policy_cmd(a: &Access, cmd: PolicyCommand) -> ExitCode {
    match cmd {
        PolicyCommand::Show { json } => {
            let dir = data_dir(a);
            let eff = match EffectivePolicy::load(&policy::managed_policy_path(), &policy::local_policy_path(&dir)) {
                Ok(e) => e,
                Err(e) => return fail(&VaultError::Policy(e)),
            };
            for (key, value, source) in eff.rows() {
                if json {
                    println!("{}", serde_json::json!({"key": key, "value": value, "source": source.to_string()}));
                } else {
                    println!("{key} = {value}\t# {source}");
                }
            }
            ExitCode::SUCCESS
        }
        PolicyCommand::Set { key, value } => with_session(a, |s| {
            s.set_policy(&key, &value)?;
            Ok(ExitCode::SUCCESS)
        }),
    }
}
