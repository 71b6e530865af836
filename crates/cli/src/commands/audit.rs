//! `hushnote audit verify|export|checkpoint`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};
use hushnote_custody::audit::{self, Checkpoint};
use hushnote_custody::Error;
use hushnote_proto::ErrorCode;

use crate::access::{bad_input, with_session, Access};
use crate::exit::{fail, status};
use crate::output::write_out;

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

pub fn run(a: &Access, cmd: AuditCommand) -> ExitCode {
    with_session(a, |s| match cmd {
        AuditCommand::Verify { checkpoint } => {
            let v = s.audit_verify()?;
            if let Some(bad) = v.first_bad {
                eprintln!("hushnote: audit chain broken: sequence {bad} is missing, altered or out of place ({} rows verified before it)", v.rows);
                return Ok(status(ErrorCode::AuditBroken));
            }
            let Some(path) = checkpoint else {
                println!("ok: {} rows, head {} {}", v.rows, v.head_seq, hex::encode(&v.head_mac));
                return Ok(ExitCode::SUCCESS);
            };
            let read = std::fs::read(&path).map_err(|e| e.to_string()).and_then(|b| serde_json::from_slice::<Checkpoint>(&b).map_err(|e| e.to_string()));
            let cp = match read {
                Ok(c) => c,
                Err(e) => return Ok(bad_input(format!("cannot read checkpoint {}: {e}", path.display()))),
            };
            if let Err(e) = s.audit_compare(&cp)? {
                return Ok(fail(ErrorCode::AuditBroken, e));
            }
            println!("ok: {} rows, head {} matches checkpoint at {}", v.rows, v.head_seq, cp.seq);
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::Export { format, out } => {
            let bytes = match format {
                ExportFormat::Fhir => {
                    let events = s.audit_events("fhir")?;
                    let mut b = serde_json::to_vec_pretty(&audit::to_fhir_bundle(s.vault_id(), &events)).map_err(|e| Error::Storage(e.to_string()))?;
                    b.push(b'\n');
                    b
                }
                ExportFormat::Csv => audit::to_csv(&s.audit_events("csv")?).map_err(|e| Error::Storage(e.to_string()))?,
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
