//! Audio in: file decoding, resampling to Whisper's 16 kHz mono f32, and voice activity.

pub mod capture;
mod decode;
mod error;
mod resample;
pub mod source;
pub mod vad;

pub use decode::{read_16k_mono, AudioInfo, FileSource};
pub use error::AudioError;
pub use resample::{to_16k, Resampler, TARGET_RATE};
