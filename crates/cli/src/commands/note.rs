//! `hushnote note add|list|show|search|finalize|hold`.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use hushnote_proto::{rfc3339, NoteStatus};


use crate::access::{bad_input, with_session, Access};
use crate::output::json_line;

#[derive(Subcommand)]
pub enum NoteCommand {
    /// Store a note (clinicians): text from --text-file or standard input.
    Add {
        #[arg(long)]
        text_file: Option<PathBuf>,
        /// The patient's EHR reference (e.g. MRN).
        #[arg(long)]
        patient: Option<String>,
        /// Store as final (signed) rather than draft.
        #[arg(long)]
        r#final: bool,
    },
    /// List notes (no text): your own, or all as an admin.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Print one of your notes.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Full-text search over your notes.
    Search { query: String },
    /// Sign a draft (status final).
    Finalize { id: String },
    /// Place (or with --off lift) a legal hold (admins).
    Hold {
        id: String,
        #[arg(long)]
        off: bool,
    },
}

pub fn run(a: &Access, cmd: NoteCommand) -> ExitCode {
    with_session(a, |s| match cmd {
        NoteCommand::Add { text_file, patient, r#final } => {
            let mut text = String::new();
            let read = match &text_file {
                Some(p) => std::fs::File::open(p).and_then(|mut f| f.read_to_string(&mut text)),
                None => std::io::stdin().read_to_string(&mut text),
            };
            if let Err(e) = read {
                return Ok(bad_input(format!("cannot read the note text: {e}")));
            }
            let status = if r#final { NoteStatus::Final } else { NoteStatus::Draft };
            let id = s.add_note(text, patient, status, serde_json::json!({"source": "cli"}))?;
            out!("{id}");
            Ok(ExitCode::SUCCESS)
        }
        NoteCommand::List { json } => {
            for n in s.list_notes()? {
                if json {
                    out!("{}", json_line(&n));
                } else {
                    let hold = if n.legal_hold { "\tlegal-hold" } else { "" };
                    out!("{}\t{}\t{}\t{}{hold}", n.id, n.status.as_str(), rfc3339(n.updated_at), n.chars);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        NoteCommand::Show { id, json } => {
            let n = s.read_note(&id)?;
            if json {
                out!("{}", json_line(&n));
            } else {
                out!("{}", n.text);
            }
            Ok(ExitCode::SUCCESS)
        }
        NoteCommand::Search { query } => {
            for n in s.search_notes(&query)? {
                out!("{}\t{}\t{}", n.id, n.status.as_str(), rfc3339(n.updated_at));
            }
            Ok(ExitCode::SUCCESS)
        }
        NoteCommand::Finalize { id } => {
            s.finalize_note(&id)?;
            Ok(ExitCode::SUCCESS)
        }
        NoteCommand::Hold { id, off } => {
            s.set_legal_hold(&id, !off)?;
            Ok(ExitCode::SUCCESS)
        }
    })
}
