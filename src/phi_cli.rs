//! `hushnote phi tag|redact`: JSON Lines in, JSON Lines out. A bad line is reported by its number
//! (never its content, which may be PHI) and the other lines are still processed.

use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::process::ExitCode;

use hushnote::phi::{self, RedactMode};
use serde::Deserialize;

use super::{exit, PhiCommand, PhiIo, RedactModeArg};

#[derive(Deserialize)]
struct Doc {
    id: serde_json::Value,
    text: String,
}

pub fn run(cmd: PhiCommand) -> ExitCode {
    let (io, mode) = match cmd {
        PhiCommand::Tag(io) => (io, None),
        PhiCommand::Redact { io, mode } => (
            io,
            Some(match mode {
                RedactModeArg::Tag => RedactMode::Tag,
                RedactModeArg::Mask => RedactMode::Mask,
            }),
        ),
    };
    match process(&io, mode) {
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

fn process(io: &PhiIo, mode: Option<RedactMode>) -> std::io::Result<usize> {
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
        let value = match mode {
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
