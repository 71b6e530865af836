//! Writing command output: to a file or standard output, JSON one value a line.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use hushnote_proto::ErrorCode;

use crate::exit::fail;

/// Writes `bytes` to `out` (a file) or to standard output.
pub fn write_out(out: Option<&Path>, bytes: &[u8]) -> ExitCode {
    let r = match out {
        Some(p) => std::fs::write(p, bytes).map_err(|e| format!("cannot write {}: {e}", p.display())),
        None => std::io::stdout().write_all(bytes).map_err(|e| e.to_string()),
    };
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(ErrorCode::Failed, e),
    }
}

/// One value as a line of JSON.
pub fn json_line(v: &impl serde::Serialize) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}
