//! `hushnote audit verify|export|checkpoint`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};
use hushnote_proto::{Checkpoint, ErrorCode};

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
            let cp = match checkpoint.as_deref().map(read_checkpoint).transpose() {
                Ok(cp) => cp,
                Err(code) => return Ok(code),
            };
            let (v, mismatch) = s.audit_verify(cp.clone())?;
            if let Some(bad) = v.first_bad {
                say!("hushnote: audit chain broken: sequence {bad} is missing, altered or out of place ({} rows verified before it)", v.rows);
                return Ok(status(ErrorCode::AuditBroken));
            }
            let Some(cp) = cp else {
                out!("ok: {} rows, head {} {}", v.rows, v.head_seq, hex::encode(&v.head_mac));
                return Ok(ExitCode::SUCCESS);
            };
            if let Some(e) = mismatch {
                return Ok(fail(ErrorCode::AuditBroken, e));
            }
            out!("ok: {} rows, head {} matches checkpoint at {}", v.rows, v.head_seq, cp.seq);
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::Export { format, out } => {
            let format = match format {
                ExportFormat::Fhir => hushnote_proto::ExportFormat::Fhir,
                ExportFormat::Csv => hushnote_proto::ExportFormat::Csv,
            };
            Ok(write_out(out.as_deref(), s.audit_export(format)?.as_bytes()))
        }
        AuditCommand::Checkpoint { out } => {
            let cp = s.audit_checkpoint()?;
            let mut b = serde_json::to_vec_pretty(&cp).unwrap_or_default();
            b.push(b'\n');
            Ok(write_out(out.as_deref(), &b))
        }
    })
}

/// A checkpoint kept elsewhere, read back (a bad file is the user's input, exit code 4).
fn read_checkpoint(path: &Path) -> Result<Checkpoint, ExitCode> {
    let read = std::fs::read(path).map_err(|e| e.to_string()).and_then(|b| serde_json::from_slice::<Checkpoint>(&b).map_err(|e| e.to_string()));
    read.map_err(|e| bad_input(format!("cannot read checkpoint {}: {e}", path.display())))
}
