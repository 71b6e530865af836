//! `hushnote dictate`: live dictation in the terminal into the encrypted vault.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use hushnote_asr::stream::StreamConfig;
use hushnote_asr::{self as asr, DecodeOptions, Engine, EngineOptions};
use hushnote_audio::capture::Microphone;
use hushnote_audio::source::{AudioSource, FileFeed};
use hushnote_dictation::{self as dictation, Control, DictationOptions, DraftSink, Outcome, PipelineEvent};
use hushnote_phi::{Category, Span};
use hushnote_proto::ErrorCode;

use crate::access::{self, Access};
use crate::exit::{fail, status};

#[derive(Args)]
pub struct DictateArgs {
    /// Play this audio file through the live path in real time instead of the microphone.
    #[arg(long)]
    from_file: Option<PathBuf>,
    /// With --from-file: as fast as possible rather than in real time.
    #[arg(long, requires = "from_file")]
    fast: bool,
    /// Capture device (see `hushnote devices`); default: the system default input.
    #[arg(long)]
    device: Option<String>,
    /// The patient's EHR reference for the new note.
    #[arg(long)]
    patient: Option<String>,
    /// Continue a saved draft (its id) instead of starting a new note.
    #[arg(long)]
    resume: Option<String>,
    /// Sign the note (status final) when the dictation ends.
    #[arg(long)]
    r#final: bool,
    /// Model name or path.
    #[arg(long, short, default_value = "tiny.en")]
    model: String,
    /// Decoding threads.
    #[arg(long, short, default_value_t = 2)]
    threads: usize,
    /// Print one JSON object per event instead of the live view (with "t", seconds since start).
    #[arg(long)]
    json: bool,
    /// Run the live path without logging in or saving anything (evaluation, microphone check).
    #[arg(long, conflicts_with_all = ["resume", "final", "patient"])]
    dry_run: bool,
    /// Prime Whisper with the default clinical vocabulary prompt (off by default in dictation:
    /// the last words said are the prompt).
    #[arg(long)]
    clinical_prompt: bool,
}

/// ANSI colour per PHI category (identifiers stand out while dictating).
fn colour(c: Category) -> &'static str {
    match c {
        Category::Name => "\x1b[1;31m",
        Category::Date => "\x1b[1;33m",
        Category::Location => "\x1b[1;35m",
        _ => "\x1b[1;36m",
    }
}

fn highlight(text: &str, spans: &[Span], colour_on: bool) -> String {
    if !colour_on {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    for s in spans {
        let (a, b) = (s.start.min(chars.len()), s.end.min(chars.len()));
        if a < at {
            continue;
        }
        out.extend(&chars[at..a]);
        out.push_str(colour(s.category));
        out.extend(&chars[a..b]);
        out.push_str("\x1b[0m");
        at = b;
    }
    out.extend(&chars[at..]);
    out
}

pub fn run(a: &Access, args: DictateArgs) -> ExitCode {
    let model = match asr::resolve(&args.model) {
        Ok(m) => m,
        Err(e) => return fail(e.code(), e),
    };
    let mut source = match open_source(&args) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let engine = match Engine::load(model, EngineOptions::default()) {
        Ok(e) => e,
        Err(e) => return fail(ErrorCode::Model, e),
    };
    let session = if args.dry_run {
        None
    } else {
        match access::session(a) {
            Ok(s) => Some(s),
            Err(code) => return code,
        }
    };
    if let (None, Some(session)) = (&args.resume, &session) {
        if let Ok(drafts) = session.drafts() {
            for d in drafts.iter().take(3) {
                say!("hushnote: unfinished draft {} ({} characters); continue it with --resume {}", d.id, d.chars, d.id);
            }
        }
    }
    let control = Arc::new(Control::default());
    stop_on_enter_or_ctrl_c(&control);
    if !args.json {
        say!("hushnote: dictating{} — press Enter or Ctrl-C to finish", if args.from_file.is_some() { " from file" } else { "" });
    }
    let mut view = LiveView::new(args.json);
    let sink = session.as_ref().map(|s| s as &dyn DraftSink);
    let result = dictation::dictate(sink, &engine, source.as_mut(), &options(&args), &control, &mut |e| view.show(e));
    let code = match result {
        Ok(out) => {
            if let (Some(id), true, false, Some(s)) = (&out.note_id, args.r#final, out.locked, &session) {
                if let Err(e) = s.finalize_note(id) {
                    return access::custody_fail(&e);
                }
            }
            report(&args, &out)
        }
        Err(e) => fail(e.code(), e),
    };
    if let Some(s) = session {
        let _ = s.logout();
    }
    code
}

/// The microphone, or a file played as one.
fn open_source(args: &DictateArgs) -> Result<Box<dyn AudioSource>, ExitCode> {
    Ok(match &args.from_file {
        Some(p) => Box::new(FileFeed::open(p, !args.fast).map_err(|e| fail(ErrorCode::Input, e))?),
        None => Box::new(Microphone::open(args.device.as_deref()).map_err(|e| fail(ErrorCode::Device, e))?),
    })
}

/// Ctrl-C, and Enter on a terminal, end the dictation; a closed or non-terminal stdin does not.
fn stop_on_enter_or_ctrl_c(control: &Arc<Control>) {
    let c = control.clone();
    let _ = ctrlc::set_handler(move || c.finish());
    if std::io::stdin().is_terminal() {
        let c = control.clone();
        std::thread::spawn(move || {
            let mut line = String::new();
            if std::io::stdin().read_line(&mut line).is_ok_and(|n| n > 0) {
                c.finish();
            }
        });
    }
}

fn options(args: &DictateArgs) -> DictationOptions {
    DictationOptions {
        decode: DecodeOptions {
            threads: args.threads,
            initial_prompt: args.clinical_prompt.then(|| asr::DEFAULT_PROMPT.to_owned()),
            timestamps: false,
            ..DecodeOptions::default()
        },
        stream: StreamConfig::default(),
        patient_ref: args.patient.clone(),
        resume: args.resume.clone(),
    }
}

/// What the terminal shows while dictating: the partial text greyed on one line, finals with
/// their PHI coloured; or with `--json` one object per event.
struct LiveView {
    json: bool,
    tty: bool,
    colour_on: bool,
    started: std::time::Instant,
    stdout: std::io::Stdout,
}

impl LiveView {
    fn new(json: bool) -> Self {
        let tty = std::io::stdout().is_terminal();
        let colour_on = tty && std::env::var_os("NO_COLOR").is_none();
        Self { json, tty, colour_on, started: std::time::Instant::now(), stdout: std::io::stdout() }
    }

    fn show(&mut self, e: &PipelineEvent) {
        let (tty, stdout) = (self.tty, &mut self.stdout);
        if self.json {
            if !matches!(e, PipelineEvent::Level { .. }) {
                let mut v = serde_json::to_value(e).unwrap_or_default();
                v["t"] = serde_json::json!(self.started.elapsed().as_secs_f64());
                let _ = writeln!(stdout, "{v}");
            }
            return;
        }
        match e {
            PipelineEvent::Partial { text } if tty => {
                let _ = write!(stdout, "\r\x1b[K\x1b[2m{text}\x1b[0m");
            }
            PipelineEvent::Final { text, spans, .. } => {
                let _ = writeln!(stdout, "{}{}", if tty { "\r\x1b[K" } else { "" }, highlight(text, spans, self.colour_on));
            }
            PipelineEvent::Scratched => {
                let _ = writeln!(stdout, "{}[scratched]", if tty { "\r\x1b[K" } else { "" });
            }
            PipelineEvent::DeviceError { message } => say!("\nhushnote: {message}"),
            PipelineEvent::Locked => say!("\nhushnote: the session locked; everything said so far is saved"),
            _ => {}
        }
        let _ = stdout.flush();
    }
}

/// Says how the dictation ended; the exit status says it to scripts.
fn report(args: &DictateArgs, out: &Outcome) -> ExitCode {
    match &out.note_id {
        Some(id) => say!("hushnote: saved note {id} ({} utterances)", out.utterances),
        None if args.dry_run => say!("hushnote: dry run, nothing saved ({} utterances)", out.utterances),
        None => say!("hushnote: nothing was said; no note saved"),
    }
    if args.json {
        out!("{}", serde_json::json!({"type": "done", "note_id": out.note_id, "utterances": out.utterances, "interrupted": out.interrupted, "locked": out.locked}));
    }
    if out.interrupted {
        status(ErrorCode::Device)
    } else if out.locked {
        status(ErrorCode::SessionLocked)
    } else {
        ExitCode::SUCCESS
    }
}
