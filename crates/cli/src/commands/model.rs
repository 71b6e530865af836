//! `hushnote model import-ct2|verify|list`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};
use hushnote_asr::{self as asr, manifest};

use crate::exit::fail;

#[derive(Clone, Copy, ValueEnum)]
pub enum WeightsArg {
    F16,
    #[value(name = "q8_0")]
    Q8_0,
}

#[derive(Subcommand)]
pub enum ModelCommand {
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

pub fn run(cmd: ModelCommand) -> ExitCode {
    match cmd {
        ModelCommand::ImportCt2 { dir, out, weights } => {
            let weights = match weights {
                WeightsArg::F16 => asr::WeightType::F16,
                WeightsArg::Q8_0 => asr::WeightType::Q8_0,
            };
            import(&dir, &out, weights)
        }
        ModelCommand::Verify { models } => verify(models),
        ModelCommand::List => list(),
    }
}

fn import(dir: &std::path::Path, out: &std::path::Path, weights: asr::WeightType) -> ExitCode {
    match asr::import_ct2(dir, out, weights) {
        Ok(s) => {
            out!(
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
        Err(e) => fail(e.code(), e),
    }
}

fn verify(models: Vec<String>) -> ExitCode {
    let names = if models.is_empty() {
        match manifest::manifest() {
            Ok(m) => vec![m.default],
            Err(e) => return fail(e.code(), e),
        }
    } else {
        models
    };
    let mut code = ExitCode::SUCCESS;
    for name in names {
        match asr::resolve(&name) {
            Ok(m) => out!("ok {} {} {} ({:?})", m.name, m.path.display(), m.sha256, m.pin),
            Err(e) => code = fail(e.code(), e),
        }
    }
    code
}

fn list() -> ExitCode {
    let m = match manifest::manifest() {
        Ok(m) => m,
        Err(e) => return fail(e.code(), e),
    };
    let dirs = manifest::model_dirs();
    for (name, e) in &m.models {
        let found = dirs.iter().map(|d| d.join(&e.file)).find(|p| p.is_file());
        let place = found.map_or("not installed".to_string(), |p| p.display().to_string());
        let default = if *name == m.default { " (default)" } else { "" };
        out!("{name}{default}\t{}\t{place}", e.description);
    }
    ExitCode::SUCCESS
}
