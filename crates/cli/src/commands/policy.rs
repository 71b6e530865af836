//! `hushnote policy show|set`.

use std::process::ExitCode;

use clap::Subcommand;
use hushnote_custody::policy::{local_policy_path, managed_policy_path};
use hushnote_custody::{EffectivePolicy, Error};

use crate::access::{vault_fail, with_session, Access};

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
            let eff = match EffectivePolicy::load(&managed_policy_path(), &local_policy_path(&a.data_dir())) {
                Ok(e) => e,
                Err(e) => return vault_fail(&Error::Policy(e)),
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
