//! What can go wrong in speech recognition, and each error's entry in the error table. Messages
//! name the file or model and the fix; none carries transcript text.

use std::path::{Path, PathBuf};

use hushnote_proto::ErrorCode;

/// Why a model could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("not a usable CTranslate2 Whisper model: {0}")]
    Format(String),
}

impl ImportError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io { path: path.to_path_buf(), source }
    }
}

/// Why a model could not be found or trusted.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("model '{name}' is not installed (looked in {}); install it with `models/fetch.py {name}`", display_dirs(.searched))]
    NotInstalled { name: String, searched: Vec<PathBuf> },
    #[error("model '{name}' at {} does not match its pinned checksum (expected {expected}, found {actual}): the file is corrupt or was altered; {fix}", path.display())]
    Checksum { name: String, path: PathBuf, expected: String, actual: String, fix: String },
    #[error("'{spec}' is neither a known model ({}) nor a model file", known.join(", "))]
    Unknown { spec: String, known: Vec<String> },
    #[error("{} is not a whisper.cpp ggml model file", .0.display())]
    NotGgml(PathBuf),
    #[error("the built-in model manifest is invalid: {0}")]
    Manifest(String),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

impl ModelError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io { path: path.to_path_buf(), source }
    }
}

fn display_dirs(dirs: &[PathBuf]) -> String {
    dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", ")
}

/// Why transcription failed.
#[derive(Debug, thiserror::Error)]
pub enum AsrError {
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error(transparent)]
    Audio(#[from] hushnote_audio::AudioError),
    #[error("whisper.cpp could not load the model: {0}; check the file with `hushnote model verify`")]
    Load(String),
    #[error("whisper.cpp failed while decoding: {0}")]
    Decode(String),
}

impl ImportError {
    /// The error table's entry: a model that could not be made.
    pub fn code(&self) -> ErrorCode {
        ErrorCode::Model
    }
}

impl ModelError {
    /// The error table's entry: the model is missing, altered or unusable.
    pub fn code(&self) -> ErrorCode {
        ErrorCode::Model
    }
}

impl AsrError {
    /// The error table's entry.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Audio(_) => ErrorCode::Input,
            Self::Model(_) | Self::Load(_) => ErrorCode::Model,
            Self::Decode(_) => ErrorCode::Failed,
        }
    }
}
