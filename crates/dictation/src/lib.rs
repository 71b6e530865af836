//! Live dictation: audio → streaming recognition → spoken commands → PHI tags → the draft,
//! written through a [`DraftSink`] as each utterance becomes final. The same pipeline serves
//! the microphone and a file played as one, a local session and the custody service.

pub mod commands;
mod pipeline;

pub use hushnote_proto::DraftSink;
pub use pipeline::{dictate, Control, DictationOptions, Outcome, PipelineError, PipelineEvent};
