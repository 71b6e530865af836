//! `hushnote init`: create the encrypted vault and its first admin; print the recovery key once.

use std::process::ExitCode;

use clap::Args;
use crate::access::{bad_input, connect, custody_fail, read_secret, Access};

#[derive(Args)]
pub struct InitArgs {}

pub fn run(a: &Access) -> ExitCode {
    let dir = a.data_dir();
    let Some(user) = a.user.clone() else {
        return bad_input("init needs --user NAME for the first admin");
    };
    let pw = match read_secret(a.password_file.as_deref(), &format!("new password for {user}")) {
        Ok(p) => p,
        Err(m) => return bad_input(m),
    };
    let custody = match connect(a) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match custody.init(&user, pw) {
        Ok((vault_id, rk)) => {
            match &a.socket {
                Some(socket) => say!("hushnote: created vault {vault_id} in the custody service at {} with admin {user}", socket.display()),
                None => say!("hushnote: created vault {vault_id} in {} with admin {user}", dir.display()),
            }
            say!("hushnote: the recovery key below opens the vault in an emergency (break-glass). It is shown once:");
            say!("hushnote: store it offline (printed, in a safe); anyone holding it can read every note.");
            out!("{}", rk.expose());
            ExitCode::SUCCESS
        }
        Err(e) => custody_fail(&e),
    }
}
