//! How a vault command reaches the vault: the options every vault command shares (data
//! directory, user, password file, break-glass), reading secrets, and logging in.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use hushnote_proto::{Client, ErrorCode, Transport};
use secrecy::SecretString;
use zeroize::Zeroizing;

use crate::exit::fail;

/// The custody of notes, as the CLI reaches it: the custody service on its socket (`--socket`),
/// or, without one, custody's handler in this process behind the same client.
pub type Custody = Client<Box<dyn Transport>>;

/// Options shared by every vault command.
#[derive(Args, Clone)]
pub struct Access {
    /// Vault directory (default: the platform's data directory, e.g. ~/.local/share/hushnote/vault).
    #[arg(long, global = true, env = "HUSHNOTE_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// The custody service's socket (hushnoted): the vault is reached through it (--data-dir is then the service's).
    #[arg(long, global = true, env = "HUSHNOTE_SOCKET")]
    pub socket: Option<PathBuf>,
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

impl Access {
    pub fn data_dir(&self) -> PathBuf {
        self.data_dir.clone().unwrap_or_else(default_data_dir)
    }
}

/// The platform's data directory for the vault (`~/.local/share/hushnote/vault` on Linux).
pub fn default_data_dir() -> PathBuf {
    directories::ProjectDirs::from("org", "Hushnote", "hushnote")
        .map(|d| d.data_dir().join("vault"))
        .unwrap_or_else(|| PathBuf::from("hushnote-vault"))
}

/// The custody of the vault these options name (nothing is opened yet).
pub fn connect(a: &Access) -> Result<Custody, ExitCode> {
    let transport: Box<dyn Transport> = match &a.socket {
        Some(path) => Box::new(hushnote_proto::UnixTransport::connect(path).map_err(|e| custody_fail(&e))?),
        None => Box::new(hushnoted::Custody::new(a.data_dir(), hushnoted::Keeper::UserKeychain)),
    };
    Ok(Client::new(transport))
}

/// A custody error as the CLI reports it.
pub fn custody_fail(e: &hushnote_proto::Error) -> ExitCode {
    fail(e.code, e)
}

/// A problem with what the user gave (exit code of `Input`).
pub fn bad_input(msg: impl std::fmt::Display) -> ExitCode {
    fail(ErrorCode::Input, msg)
}

/// Reads a secret from a file (first line) or, on a terminal, from a hidden prompt.
pub fn read_secret(file: Option<&Path>, prompt: &str) -> Result<SecretString, String> {
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

/// Logs in with --user/--password-file (or the prompt), or breaks glass with the recovery key.
/// The vault is looked for before any secret is read.
pub fn session(a: &Access) -> Result<Custody, ExitCode> {
    let custody = connect(a)?;
    custody.hello().map_err(|e| custody_fail(&e))?;
    if let Some(rk_file) = &a.recovery_key_file {
        let key = read_secret(Some(rk_file), "recovery key").map_err(bad_input)?;
        let reason = a.reason.clone().unwrap_or_default();
        custody.break_glass(key, &reason).map_err(|e| custody_fail(&e))?;
        return Ok(custody);
    }
    let Some(user) = a.user.clone() else {
        return Err(bad_input("this command needs --user NAME (and --password-file, or a terminal to ask on)"));
    };
    let pw = read_secret(a.password_file.as_deref(), &format!("password for {user}")).map_err(bad_input)?;
    custody.login(&user, pw).map_err(|e| custody_fail(&e))?;
    Ok(custody)
}

/// Runs `f` on a logged-in session and logs out (saving the draft) afterwards.
pub fn with_session(a: &Access, f: impl FnOnce(&Custody) -> Result<ExitCode, hushnote_proto::Error>) -> ExitCode {
    let custody = match session(a) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let r = f(&custody);
    let out = custody.logout();
    match (r, out) {
        (Ok(code), Ok(())) => code,
        (Err(e), _) | (Ok(_), Err(e)) => custody_fail(&e),
    }
}
