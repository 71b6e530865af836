//! `hushnote phi tag|redact`: JSON Lines in, JSON Lines out. A bad line is reported by its number
//! (never its content, which may be PHI) and the other lines are still processed.

use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::process::ExitCode;

use hushnote::phi::{self, RedactMode, SurrogateKey};
use serde::Deserialize;

use super::{exit, PhiCommand, PhiIo, RedactModeArg};


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
        eprintln!("hushnote: {e}");
        return ExitCode::from(exit::FAILED);
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
            eprintln!("hushnote: surrogate and date-shift modes need --key-file (a secret of at least 16 bytes)");
            return ExitCode::from(2);
        }
        (_, Some(path)) => match std::fs::read(&path) {
            Ok(s) if s.len() >= 16 => Some(zeroize::Zeroizing::new(s)),
            Ok(_) => {
                eprintln!("hushnote: the key file is shorter than 16 bytes; make one with `head -c 32 /dev/urandom > FILE`");
                return ExitCode::from(2);
            }
            Err(e) => {
                eprintln!("hushnote: cannot read the key file: {e}");
                return ExitCode::from(2);
            }
        },
        _ => None,
    };
    match process(&io, mode, secret.as_deref().map(Vec::as_slice)) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(bad) => {
            eprintln!("hushnote: {bad} line(s) could not be processed");
            ExitCode::from(exit::INPUT)
        }
        Err(e) => {
            eprintln!("hushnote: {e}");
            ExitCode::from(exit::FAILED)
        }
    }
}

fn process(io: &PhiIo, mode: Option<Mode>, secret: Option<&[u8]>) -> std::io::Result<usize> {
    let input: Box<dyn Read> = match &io.input {
        Some(p) => Box::new(std::fs::File::open(p)?),
        None => Box::new(std::io::stdin().lock()),
    };
    let output: Box<dyn Write> = match &io.out {
        Some(p) => Box::new(std::fs::File::create(p)?),
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
                eprintln!("hushnote: line {lineno}: not valid UTF-8; skipped");
                bad += 1;
                continue;
            }
            Ok(s) => match serde_json::from_str(s) {
                Ok(d) => d,
                Err(e) => {
                    // serde_json's message names the position and the expected field, not the content.
                    eprintln!("hushnote: line {lineno}: not a {{\"id\",\"text\"}} object ({}); skipped", e.classify_message());
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

trait Classify {
    fn classify_message(&self) -> &'static str;
}

impl Classify for serde_json::Error {
    fn classify_message(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Data => "a field is missing or has the wrong type",
            serde_json::error::Category::Syntax => "invalid JSON",
            serde_json::error::Category::Eof => "the JSON ends early",
            serde_json::error::Category::Io => "read error",
        }
    }
}
