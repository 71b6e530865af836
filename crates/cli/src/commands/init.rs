//! `hushnote init`: create the encrypted vault and its first admin; print the recovery key once.

use std::process::ExitCode;

use clap::Args;
use hushnote_custody::Vault;

use crate::access::{bad_input, env_for, read_secret, vault_fail, Access};

#[derive(Args)]
pub struct InitArgs {}

pub fn run(a: &Access) -> ExitCode {
    let dir = a.data_dir();
    let Some(user) = a.user.clone() else {
        return bad_input("init needs --user NAME for the first admin");
    };
    let env = match env_for(&dir) {
        Ok(e) => e,
        Err(c) => return c,
    };
    let pw = match read_secret(a.password_file.as_deref(), &format!("new password for {user}")) {
        Ok(p) => p,
        Err(m) => return bad_input(m),
    };
    match Vault::init(&dir, env, &user, &pw) {
        Ok((v, rk)) => {
            eprintln!("hushnote: created vault {} in {} with admin {user}", v.id(), dir.display());
            eprintln!("hushnote: the recovery key below opens the vault in an emergency (break-glass). It is shown once:");
            eprintln!("hushnote: store it offline (printed, in a safe); anyone holding it can read every note.");
            println!("{}", rk.display().as_str());
            ExitCode::SUCCESS
        }
        Err(e) => vault_fail(&e),
    }
}
