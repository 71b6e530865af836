//! `hushnote transcribe`: audio files to text, locally.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use hushnote_asr::{self as asr, AudioCtx, DecodeOptions, Engine, EngineOptions};

use crate::exit::{fail, status};

#[derive(Clone, Copy, ValueEnum)]
enum AudioCtxArg {
    Full,
    Auto,
}

#[derive(Args)]
pub struct TranscribeArgs {
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

impl TranscribeArgs {
    fn decode_options(&self) -> DecodeOptions {
        let mut opts = DecodeOptions {
            threads: self.threads,
            beam: self.beam,
            language: self.language.clone(),
            audio_ctx: match self.audio_ctx {
                AudioCtxArg::Full => AudioCtx::Full,
                AudioCtxArg::Auto => AudioCtx::Auto,
            },
            timestamps: !self.no_timestamps,
            ..DecodeOptions::default()
        };
        if self.no_prompt {
            opts.initial_prompt = None;
        } else if let Some(p) = &self.initial_prompt {
            opts.initial_prompt = Some(p.clone());
        }
        opts
    }
}

pub fn run(args: TranscribeArgs) -> ExitCode {
    let model = match asr::resolve(&args.model) {
        Ok(m) => m,
        Err(e) => return fail(e.code(), e),
    };
    let engine = match Engine::load(model, EngineOptions { gpu: args.gpu, flash_attn: args.flash_attn, whisper_log: args.whisper_log }) {
        Ok(e) => e,
        Err(e) => return fail(e.code(), e),
    };
    let opts = args.decode_options();
    let mut code = ExitCode::SUCCESS;
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
                out!("{line}");
            }
            Ok((t, _)) => out!("{}", t.text),
            Err(e) => {
                // The path is the user's own argument, shown back to them; the core never logs it.
                say!("hushnote: {}: {e}", file.display());
                code = status(e.code());
            }
        }
    }
    code
}
