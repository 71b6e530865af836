//! `hushnote purge`: delete what the retention policy has expired (admins).

use std::process::ExitCode;

use clap::Args;

use crate::access::{with_session, Access};

#[derive(Args)]
pub struct PurgeArgs {
    /// Only count what would be deleted.
    #[arg(long)]
    dry_run: bool,
}

pub fn run(a: &Access, args: PurgeArgs) -> ExitCode {
    with_session(a, |s| {
        let r = s.purge(args.dry_run)?;
        out!("{}{}", if args.dry_run { "would delete: " } else { "deleted: " }, r.detail());
        Ok(ExitCode::SUCCESS)
    })
}
