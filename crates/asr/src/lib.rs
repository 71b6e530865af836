//! Speech recognition: the model manifest and its checksums, the CTranslate2 → ggml importer,
//! and the Whisper engine (whisper.cpp through whisper-rs).

pub mod ct2;
mod engine;
mod error;
mod import;
pub mod manifest;
pub mod mel;
pub mod stream;
mod text;
pub mod vocab;

pub use engine::{AudioCtx, DecodeOptions, Engine, EngineOptions, Segment, Transcript, DEFAULT_PROMPT};
pub use error::{AsrError, ImportError, ModelError};
pub use import::{import_ct2, ImportSummary, WeightType};
pub use manifest::{resolve, ModelRef, Pin};
