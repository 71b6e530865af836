//! `hushnote`: the command-line front end. It only parses arguments and prints; all behaviour
//! lives in the `hushnote` library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use hushnote::asr::{self, AsrError, AudioCtx, DecodeOptions, Engine, EngineOptions, ModelError};

mod dictate_cli;
mod phi_cli;
mod vault_cli;

/// Exit codes scripts can rely on (2 is a usage error, from the argument parser).
mod exit {
    pub const FAILED: u8 = 1;
    pub const MODEL: u8 = 3;
    pub const INPUT: u8 = 4;
    pub const WRONG_PASSWORD: u8 = 10;
    pub const ACCOUNT_LOCKED: u8 = 11;
    pub const TAMPERED: u8 = 12;
    pub const AUDIT_BROKEN: u8 = 13;
    pub const KEYCHAIN_SECRET_MISSING: u8 = 14;
    pub const KEYCHAIN_UNAVAILABLE: u8 = 15;
    pub const PERMISSION: u8 = 16;
    pub const SESSION_LOCKED: u8 = 17;
    pub const NO_VAULT: u8 = 18;
    pub const DISK_FULL: u8 = 19;
    pub const DEVICE: u8 = 20;
}

#[derive(Parser)]
#[command(name = "hushnote", version, about = "On-device clinical dictation: local Whisper transcription, PHI tagging, encrypted notes")]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    access: vault_cli::Access,
}

#[derive(Subcommand)]
enum Command {
    /// Transcribe audio files (WAV, FLAC, MP3, Ogg Vorbis) locally and print the text.
    Transcribe(TranscribeArgs),
    /// Import, verify and list speech models.
    #[command(subcommand)]
    Model(ModelCommand),
    /// Tag or redact PHI in JSON Lines ({"id","text"} per line).
    #[command(subcommand)]
    Phi(PhiCommand),
    /// Dictate into a new (or resumed) encrypted note: live partial and final text, PHI
    /// highlighted, the draft saved as each utterance ends.
    Dictate(dictate_cli::DictateArgs),
    /// List audio capture devices.
    Devices,
    /// Create the encrypted vault and its first admin (--user); prints the recovery key once.
    Init(vault_cli::InitArgs),
    /// Manage users.
    #[command(subcommand)]
    User(vault_cli::UserCommand),
    /// Store, list, show and search notes.
    #[command(subcommand)]
    Note(vault_cli::NoteCommand),
    /// Verify, export and checkpoint the tamper-evident audit log.
    #[command(subcommand)]
    Audit(vault_cli::AuditCommand),
    /// Delete what the retention policy has expired (admins), and scrub it from disk.
    Purge(vault_cli::PurgeArgs),
    /// Show or change the policy.
    #[command(subcommand)]
    Policy(vault_cli::PolicyCommand),
}

#[derive(Subcommand)]
enum PhiCommand {
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

#[derive(clap::Args)]
struct PhiIo {
    /// Input JSONL (default: standard input).
    #[arg(long = "in")]
    input: Option<PathBuf>,
    /// Output JSONL (default: standard output).
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum RedactModeArg {
    Tag,
    Mask,
    Surrogate,
    DateShift,
}

#[derive(Clone, Copy, ValueEnum)]
enum AudioCtxArg {
    Full,
    Auto,
}

#[derive(Clone, Copy, ValueEnum)]
enum WeightsArg {
    F16,
    #[value(name = "q8_0")]
    Q8_0,
}

#[derive(clap::Args)]
struct TranscribeArgs {
    /// Audio files to transcribe.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// A model name from the manifest (tiny.en, base) or a path to a ggml model file.
    #[arg(long, short, default_value = "tiny.en")]
    model: String,
    /// CPU threads for decoding.
    #[arg(long, short, default_value_t = 2)]
    threads: usize,
    /// Beam width; 1 decodes greedily.
    #[arg(long, default_value_t = 1)]
    beam: usize,
    /// Text that primes Whisper's vocabulary (defaults to common clinical terms).
    #[arg(long, conflicts_with = "no_prompt")]
    initial_prompt: Option<String>,
    /// Decode without any initial prompt.
    #[arg(long)]
    no_prompt: bool,
    /// Encoder window for short audio: full 30 s, or shrunk to the audio's length.
    #[arg(long, value_enum, default_value = "auto")]
    audio_ctx: AudioCtxArg,
    /// Spoken language (multilingual models only; English-only models ignore it).
    #[arg(long, default_value = "en")]
    language: String,
    /// Use flash attention in whisper.cpp.
    #[arg(long)]
    flash_attn: bool,
    /// Use a GPU backend when this build has one.
    #[arg(long)]
    gpu: bool,
    /// Skip Whisper's timestamp tokens: one segment per window (≤28 s).
    #[arg(long)]
    no_timestamps: bool,
    /// Show whisper.cpp's own log and timings on stderr (diagnostics).
    #[arg(long)]
    whisper_log: bool,
    /// Print one JSON object per file instead of plain text.
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum ModelCommand {
    /// Convert a CTranslate2 (faster-whisper) Whisper model directory to a whisper.cpp ggml file.
    ImportCt2 {
        /// Directory with model.bin (or model.bin.part1…) and vocabulary.txt/.json.
        dir: PathBuf,
        /// Output file.
        #[arg(long, default_value = "ggml-model.bin")]
        out: PathBuf,
        /// Storage of the weight matrices.
        #[arg(long, value_enum, default_value = "f16")]
        weights: WeightsArg,
    },
    /// Check installed models against their pinned checksums.
    Verify {
        /// Model names or paths (default: the default model).
        models: Vec<String>,
    },
    /// List the models Hushnote knows, and whether each is installed.
    List,
}

fn main() -> ExitCode {
    // Before anything can hold a key or note text: no core file may ever contain them.
    if let Err(e) = hushnote::hardening::disable_core_dumps() {
        eprintln!("hushnote: warning: {e}");
    }
    let cli = Cli::parse();
    let a = &cli.access;
    match cli.command {
        Command::Transcribe(args) => transcribe(args),
        Command::Model(cmd) => model(cmd),
        Command::Phi(cmd) => phi_cli::run(cmd),
        Command::Dictate(args) => dictate_cli::run(a, args),
        Command::Devices => dictate_cli::devices(),
        Command::Init(_) => vault_cli::init(a),
        Command::User(cmd) => vault_cli::user(a, cmd),
        Command::Note(cmd) => vault_cli::note(a, cmd),
        Command::Audit(cmd) => vault_cli::audit_cmd(a, cmd),
        Command::Purge(args) => vault_cli::purge(a, args),
        Command::Policy(cmd) => vault_cli::policy_cmd(a, cmd),
    }
}

fn model_exit(e: &ModelError) -> ExitCode {
    eprintln!("hushnote: {e}");
    ExitCode::from(exit::MODEL)
}

fn transcribe(args: TranscribeArgs) -> ExitCode {
    let model = match asr::resolve(&args.model) {
        Ok(m) => m,
        Err(e) => return model_exit(&e),
    };
    let engine = match Engine::load(model, EngineOptions { gpu: args.gpu, flash_attn: args.flash_attn, whisper_log: args.whisper_log }) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("hushnote: {e}");
            return ExitCode::from(exit::MODEL);
        }
    };
    let mut opts = DecodeOptions {
        threads: args.threads,
        beam: args.beam,
        language: args.language,
        audio_ctx: match args.audio_ctx {
            AudioCtxArg::Full => AudioCtx::Full,
            AudioCtxArg::Auto => AudioCtx::Auto,
        },
        timestamps: !args.no_timestamps,
        ..DecodeOptions::default()
    };
    if args.no_prompt {
        opts.initial_prompt = None;
    } else if let Some(p) = args.initial_prompt {
        opts.initial_prompt = Some(p);
    }
    let mut status = ExitCode::SUCCESS;
    for file in &args.files {
        match engine.transcribe_file(file, &opts) {
            Ok((t, _info)) if args.json => {
                let m = engine.model();
                let line = serde_json::json!({
                    "file": file,
                    "text": t.text,
                    "segments": t.segments,
                    "audio_s": t.audio_s,
                    "decode_s": t.decode_s,
                    "model": m.name,
                    "model_sha256": m.sha256,
                    "threads": opts.threads,
                    "beam": opts.beam,
                    "audio_ctx": opts.audio_ctx,
                    "prompt": opts.initial_prompt.is_some(),
                });
                println!("{line}");
            }
            Ok((t, _)) => println!("{}", t.text),
            Err(e) => {
                // The path is the user's own argument, shown back to them; the core never logs it.
                eprintln!("hushnote: {}: {e}", file.display());
                status = ExitCode::from(match e {
                    AsrError::Audio(_) => exit::INPUT,
                    AsrError::Model(_) | AsrError::Load(_) => exit::MODEL,
                    AsrError::Decode(_) => exit::FAILED,
                });
            }
        }
    }
    status
}

fn model(cmd: ModelCommand) -> ExitCode {
    match cmd {
        ModelCommand::ImportCt2 { dir, out, weights } => {
            let weights = match weights {
                WeightsArg::F16 => asr::WeightType::F16,
                WeightsArg::Q8_0 => asr::WeightType::Q8_0,
            };
            import(&dir, &out, weights)
        }
        ModelCommand::Verify { models } => {
            let names = if models.is_empty() {
                match asr::manifest::manifest() {
                    Ok(m) => vec![m.default],
                    Err(e) => return model_exit(&e),
                }
            } else {
                models
            };
            let mut status = ExitCode::SUCCESS;
            for name in names {
                match asr::resolve(&name) {
                    Ok(m) => println!("ok {} {} {} ({:?})", m.name, m.path.display(), m.sha256, m.pin),
                    Err(e) => status = model_exit(&e),
                }
            }
            status
        }
        ModelCommand::List => {
            let m = match asr::manifest::manifest() {
                Ok(m) => m,
                Err(e) => return model_exit(&e),
            };
            let dirs = asr::manifest::model_dirs();
            for (name, e) in &m.models {
                let found = dirs.iter().map(|d| d.join(&e.file)).find(|p| p.is_file());
                let place = found.map_or("not installed".to_string(), |p| p.display().to_string());
                let default = if *name == m.default { " (default)" } else { "" };
                println!("{name}{default}\t{}\t{place}", e.description);
            }
            ExitCode::SUCCESS
        }
    }
}

fn import(dir: &std::path::Path, out: &std::path::Path, weights: asr::WeightType) -> ExitCode {
    match asr::import_ct2(dir, out, weights) {
        Ok(s) => {
            println!(
                "wrote {} ({} bytes, {} tensors, {} layers, width {}, vocabulary {}{})\nsha256 {}",
                s.out.display(),
                s.bytes,
                s.tensors,
                s.layers,
                s.state,
                s.n_vocab,
                if s.multilingual { ", multilingual" } else { ", English only" },
                s.sha256
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("hushnote: {e}");
            ExitCode::from(exit::MODEL)
        }
    }
}
