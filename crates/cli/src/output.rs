//! Writing command output: to a file or standard output, JSON one value a line. Output that
//! goes into a closed pipe (`hushnote note list | head -1`) is dropped quietly and the command
//! still finishes its work (a session still logs out); `println!` would panic there instead.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use hushnote_proto::ErrorCode;

use crate::exit::fail;

/// Set when standard output failed for another reason than a closed pipe (a full disk, a
/// revoked file): the command then exits with `Failed`, because its output is incomplete.
static LOST: AtomicBool = AtomicBool::new(false);

/// Writes to standard output (`out!`) or standard error (`say!`), never panicking.
pub fn emit(to_stderr: bool, args: std::fmt::Arguments<'_>) {
    let result = if to_stderr { std::io::stderr().lock().write_fmt(args) } else { std::io::stdout().lock().write_fmt(args) };
    match result {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        // Standard error is where this would be reported; if it is what failed, there is no one
        // to tell, and the exit status says it.
        Err(_) => LOST.store(true, Ordering::Relaxed),
    }
}

/// The exit status, made `Failed` if output was lost on the way.
pub fn finish(code: ExitCode) -> ExitCode {
    if LOST.load(Ordering::Relaxed) {
        return crate::exit::status(ErrorCode::Failed);
    }
    code
}

/// `println!` that survives a closed pipe.
macro_rules! out {
    () => { $crate::output::emit(false, format_args!("\n")) };
    ($($arg:tt)*) => { $crate::output::emit(false, format_args!("{}\n", format_args!($($arg)*))) };
}

/// `eprintln!` that survives a closed pipe.
macro_rules! say {
    ($($arg:tt)*) => { $crate::output::emit(true, format_args!("{}\n", format_args!($($arg)*))) };
}

/// A file only its owner can read (an export of the audit log, tagged or redacted notes): new
/// or replaced, it is `0600`, whatever the umask.
pub fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        opts.mode(0o600);
        let file = opts.open(path)?;
        // An existing file keeps its mode through open(2): narrow it.
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        Ok(file)
    }
    #[cfg(not(unix))]
    opts.open(path)
}

/// Writes `bytes` to `out` (a file, owner-only) or to standard output.
pub fn write_out(out: Option<&Path>, bytes: &[u8]) -> ExitCode {
    let r = match out {
        Some(p) => create_private(p).and_then(|mut f| f.write_all(bytes)).map_err(|e| format!("cannot write {}: {e}", p.display())),
        None => match std::io::stdout().write_all(bytes) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.to_string()),
            _ => Ok(()),
        },
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
