//! `hushnote policy show|set`.

use std::process::ExitCode;

use clap::Subcommand;
use crate::access::{connect, custody_fail, with_session, Access};

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

pub fn run(a: &Access, cmd: PolicyCommand) -> ExitCode {
    match cmd {
        PolicyCommand::Show { json } => {
            let values = match connect(a).policy_show() {
                Ok(v) => v,
                Err(e) => return custody_fail(&e),
            };
            for v in values {
                if json {
                    println!("{}", serde_json::json!({"key": v.key, "value": v.value, "source": v.source}));
                } else {
                    println!("{} = {}\t# {}", v.key, v.value, v.source);
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
