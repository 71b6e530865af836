//! `hushnote`: the command-line front end. It only parses arguments and prints; all behaviour
//! lives in the core crates. Exit codes are those of the error table (`hushnote_proto::ErrorCode`).

use std::process::ExitCode;

use clap::{Parser, Subcommand};

// First: the modules below print through its macros (`out!`, `say!`).
#[macro_use]
mod output;
mod access;
mod commands;
mod exit;

use commands::*;

#[derive(Parser)]
#[command(name = "hushnote", version, about = "On-device clinical dictation: local Whisper transcription, PHI tagging, encrypted notes")]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    access: access::Access,
}

#[derive(Subcommand)]
enum Command {
    /// Transcribe audio files (WAV, FLAC, MP3, Ogg Vorbis) locally and print the text.
    Transcribe(transcribe::TranscribeArgs),
    /// Import, verify and list speech models.
    #[command(subcommand)]
    Model(model::ModelCommand),
    /// Tag or redact PHI in JSON Lines ({"id","text"} per line).
    #[command(subcommand)]
    Phi(phi::PhiCommand),
    /// Dictate into a new (or resumed) encrypted note: live partial and final text, PHI
    /// highlighted, the draft saved as each utterance ends.
    Dictate(dictate::DictateArgs),
    /// List audio capture devices.
    Devices,
    /// Create the encrypted vault and its first admin (--user); prints the recovery key once.
    Init(init::InitArgs),
    /// Manage users.
    #[command(subcommand)]
    User(user::UserCommand),
    /// Store, list, show and search notes.
    #[command(subcommand)]
    Note(note::NoteCommand),
    /// Verify, export and checkpoint the tamper-evident audit log.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Delete what the retention policy has expired (admins), and scrub it from disk.
    Purge(purge::PurgeArgs),
    /// Show or change the policy.
    #[command(subcommand)]
    Policy(policy::PolicyCommand),
}

fn main() -> ExitCode {
    // Before anything can hold a key or note text: no core file may ever contain them.
    if let Err(e) = hushnote_proto::process::disable_core_dumps() {
        say!("hushnote: warning: {e}");
    }
    // A bug must not print what it was holding: the default hook prints the panic's message,
    // which could quote data. Only where it happened is said.
    std::panic::set_hook(Box::new(|info| {
        let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        say!("hushnote: internal error{at}; what was saved before is kept; please report it");
    }));
    let cli = Cli::parse();
    let a = &cli.access;
    let code = match cli.command {
        Command::Transcribe(args) => transcribe::run(args),
        Command::Model(cmd) => model::run(cmd),
        Command::Phi(cmd) => phi::run(cmd),
        Command::Dictate(args) => dictate::run(a, args),
        Command::Devices => devices::run(),
        Command::Init(_) => init::run(a),
        Command::User(cmd) => user::run(a, cmd),
        Command::Note(cmd) => note::run(a, cmd),
        Command::Audit(cmd) => audit::run(a, cmd),
        Command::Purge(args) => purge::run(a, args),
        Command::Policy(cmd) => policy::run(a, cmd),
    };
    output::finish(code)
}
