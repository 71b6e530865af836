//! `hushnote phi tag|redact`: JSON Lines in, JSON Lines out. A bad line is reported by its number
//! (never its content, which may be PHI) and the other lines are still processed.

use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use hushnote_phi::{self as phi, RedactMode, SurrogateKey};
use hushnote_proto::ErrorCode;
use serde::Deserialize;

use crate::exit::fail;

#[derive(Subcommand)]
pub enum PhiCommand {
    /// Write {"id","spans":[{"start","end","category","text","score","rule","why"}]} per line.
    Tag(PhiIo),
    /// Write {"id","text"} per line with every identifier replaced.
    Redact {
        #[command(flatten)]
        io: PhiIo,
        #[arg(long, value_enum, default_value = "tag")]
        mode: RedactModeArg,
        /// Secret for surrogate and date-shift modes (a file of at least 16 bytes, e.g. from
        /// `head -c 32 /dev/urandom`). Fakes and date offsets are per patient: the "patient" field
        /// of each line, else its "id".
        #[arg(long)]
        key_file: Option<PathBuf>,
        /// Keep (shifted) years in dates.
        #[arg(long)]
        keep_year: bool,
    },
}

#[derive(Args)]
pub struct PhiIo {
    /// Input JSONL (default: standard input).
    #[arg(long = "in")]
    input: Option<PathBuf>,
    /// Output JSONL (default: standard output).
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum RedactModeArg {
    Tag,
    Mask,
    Surrogate,
    DateShift,
}

#[derive(Deserialize)]
struct Doc {
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    patient: Option<String>,
}

/// Which redaction to apply; the key is read once.
#[derive(Clone, Copy)]
enum Mode {
    Tag,
    Mask,
    Surrogate { keep_year: bool },
    DateShift { keep_year: bool },
}

pub fn run(cmd: PhiCommand) -> ExitCode {
    if let Err(e) = phi::check() {
        return fail(ErrorCode::Failed, e);
    }
    let (io, mode, key_file) = match cmd {
        PhiCommand::Tag(io) => (io, None, None),
        PhiCommand::Redact { io, mode, key_file, keep_year } => (
            io,
            Some(match mode {
                RedactModeArg::Tag => Mode::Tag,
                RedactModeArg::Mask => Mode::Mask,
                RedactModeArg::Surrogate => Mode::Surrogate { keep_year },
                RedactModeArg::DateShift => Mode::DateShift { keep_year },
            }),
            key_file,
        ),
    };
    let secret = match (mode, key_file) {
        (Some(Mode::Surrogate { .. } | Mode::DateShift { .. }), None) => {
            return fail(ErrorCode::Usage, "surrogate and date-shift modes need --key-file (a secret of at least 16 bytes)");
        }
        (_, Some(path)) => match std::fs::read(&path) {
            Ok(s) if s.len() >= 16 => Some(zeroize::Zeroizing::new(s)),
            Ok(_) => return fail(ErrorCode::Usage, "the key file is shorter than 16 bytes; make one with `head -c 32 /dev/urandom > FILE`"),
            Err(e) => return fail(ErrorCode::Usage, format!("cannot read the key file: {e}")),
        },
        _ => None,
    };
    match process(&io, mode, secret.as_deref().map(Vec::as_slice)) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(bad) => fail(ErrorCode::Input, format!("{bad} line(s) could not be processed")),
        // Whoever read the output stopped reading (`| head`): nothing is lost.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fail(ErrorCode::Failed, e),
    }
}

fn process(io: &PhiIo, mode: Option<Mode>, secret: Option<&[u8]>) -> std::io::Result<usize> {
    let input: Box<dyn Read> = match &io.input {
        Some(p) => Box::new(std::fs::File::open(p)?),
        None => Box::new(std::io::stdin().lock()),
    };
    let output: Box<dyn Write> = match &io.out {
        Some(p) => Box::new(crate::output::create_private(p)?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(output);
    let mut bad = 0;
    for (n, line) in BufReader::new(input).split(b'\n').enumerate() {
        let line = line?;
        let lineno = n + 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let doc: Doc = match std::str::from_utf8(&line) {
            Err(_) => {
                say!("hushnote: line {lineno}: not valid UTF-8; skipped");
                bad += 1;
                continue;
            }
            Ok(s) => match serde_json::from_str(s) {
                Ok(d) => d,
                Err(e) => {
                    // serde_json's message names the position and the expected field, not the content.
                    say!("hushnote: line {lineno}: not a {{\"id\",\"text\"}} object ({}); skipped", hushnote_proto::frame::json_problem(&e));
                    bad += 1;
                    continue;
                }
            },
        };
        let spans = phi::tag(&doc.text);
        let patient = doc.patient.clone().unwrap_or_else(|| doc.id.to_string());
        let key = secret.map(|s| SurrogateKey::derive(s, &patient));
        let redact_mode = match (mode, &key) {
            (None, _) => None,
            (Some(Mode::Tag), _) => Some(RedactMode::Tag),
            (Some(Mode::Mask), _) => Some(RedactMode::Mask),
            (Some(Mode::Surrogate { keep_year }), Some(key)) => Some(RedactMode::Surrogate { key, keep_year }),
            (Some(Mode::DateShift { keep_year }), Some(key)) => Some(RedactMode::DateShift { key, keep_year }),
            // Checked in `run`: these modes always come with a key.
            (Some(_), None) => Some(RedactMode::Tag),
        };
        let value = match redact_mode {
            None => serde_json::json!({ "id": doc.id, "spans": spans }),
            Some(m) => serde_json::json!({ "id": doc.id, "text": phi::redact(&doc.text, &spans, m) }),
        };
        serde_json::to_writer(&mut out, &value)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(bad)
}
