//! The one way the CLI fails: `hushnote: <message>` on stderr and the exit code of the error
//! table (`hushnote_proto::ErrorCode`). Messages come from the core's error types, which never
//! carry note text.

use std::fmt::Display;
use std::process::ExitCode;

use hushnote_proto::ErrorCode;

/// Prints the message and returns the code's exit status.
pub fn fail(code: ErrorCode, message: impl Display) -> ExitCode {
    say!("hushnote: {message}");
    status(code)
}

/// The exit status of a code, without a message (the caller has said what happened).
pub fn status(code: ErrorCode) -> ExitCode {
    ExitCode::from(code.exit_code())
}
