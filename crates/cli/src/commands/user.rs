//! `hushnote user add|passwd|disable|list`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};
use hushnote_proto::Role;

use crate::access::{bad_input, read_secret, with_session, Access};
use crate::output::json_line;

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

pub fn run(a: &Access, cmd: UserCommand) -> ExitCode {
    with_session(a, |s| match cmd {
        UserCommand::Add { name, role, new_password_file } => {
            let pw = match read_secret(new_password_file.as_deref(), &format!("new password for {name}")) {
                Ok(p) => p,
                Err(m) => return Ok(bad_input(m)),
            };
            let role = match role {
                RoleArg::Clinician => Role::Clinician,
                RoleArg::Admin => Role::Admin,
            };
            out!("{}", s.add_user(&name, role, pw)?);
            Ok(ExitCode::SUCCESS)
        }
        UserCommand::Passwd { name, new_password_file } => {
            let pw = match read_secret(new_password_file.as_deref(), &format!("new password for {name}")) {
                Ok(p) => p,
                Err(m) => return Ok(bad_input(m)),
            };
            s.set_password(&name, pw)?;
            Ok(ExitCode::SUCCESS)
        }
        UserCommand::Disable { name } => {
            s.disable_user(&name)?;
            Ok(ExitCode::SUCCESS)
        }
        UserCommand::List { json } => {
            for u in s.list_users()? {
                if json {
                    out!("{}", json_line(&u));
                } else {
                    out!("{}\t{}\t{}\t{}", u.name, u.role.as_str(), if u.disabled { "disabled" } else { "active" }, u.id);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    })
}
