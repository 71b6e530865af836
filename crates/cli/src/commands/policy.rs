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
            let values = match connect(a).and_then(|c| c.policy_show().map_err(|e| custody_fail(&e))) {
                Ok(v) => v,
                Err(code) => return code,
            };
            for v in values {
                if json {
                    out!("{}", serde_json::json!({"key": v.key, "value": v.value, "source": v.source}));
                } else {
                    out!("{} = {}\t# {}", v.key, v.value, v.source);
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
