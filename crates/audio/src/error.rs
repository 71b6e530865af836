//! What can go wrong reading audio.

/// Why audio could not be read. Messages name the problem and the fix; the caller adds the file
/// name where it is safe to show (paths can themselves carry patient names).
#[derive(Debug, thiserror::Error)]
pub enum AudioError {
    #[error("cannot open the audio file: {0}")]
    Open(#[source] std::io::Error),
    #[error("not a supported audio file (WAV, FLAC, MP3 or Ogg Vorbis): {0}")]
    NotAudio(String),
    #[error("the audio uses a codec Hushnote cannot decode ({0}); convert it to 16-bit WAV")]
    UnsupportedCodec(String),
    #[error("the audio file is truncated: its header promises {declared} frames but only {read} could be read; re-export or re-copy the recording")]
    Truncated { declared: u64, read: u64 },
    #[error("the audio file holds no samples")]
    Empty,
    #[error("the audio stream is corrupt: {0}")]
    Corrupt(String),
    #[error("the audio has an unusable format: {0}")]
    Format(String),
}
