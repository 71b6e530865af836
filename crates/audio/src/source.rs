//! One audio-source abstraction for the microphone and for files, so the dictation pipeline and
//! its tests share a path: both deliver 16 kHz mono f32 in small chunks.

use std::path::Path;
use std::time::{Duration, Instant};

use super::{AudioError, FileSource, TARGET_RATE};

/// What a source produced.
#[derive(Debug)]
pub enum Chunk {
    /// 16 kHz mono samples.
    Audio(Vec<f32>),
    /// Nothing arrived within the timeout (the caller can check for stop requests).
    Idle,
    /// The source is exhausted (end of file, capture stopped).
    End,
}

/// Why a source stopped delivering.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The device went away or failed (unplugged, permission revoked, server gone).
    #[error("the audio device failed: {0}; the words so far are kept — reconnect it and resume")]
    Device(String),
    #[error(transparent)]
    Audio(#[from] AudioError),
}

/// A producer of 16 kHz mono audio.
pub trait AudioSource: Send {
    /// Waits up to `timeout` for the next chunk.
    fn next_chunk(&mut self, timeout: Duration) -> Result<Chunk, SourceError>;
}

/// A file played as if it were a microphone: decoded, resampled, and (when `realtime`) paced
/// at the speed of speech, 100 ms per chunk.
pub struct FileFeed {
    src: FileSource,
    pending: Vec<f32>,
    more: bool,
    realtime: bool,
    started: Option<Instant>,
    delivered: u64,
}

/// Samples per chunk (100 ms).
const CHUNK: usize = TARGET_RATE as usize / 10;

impl FileFeed {
    pub fn open(path: &Path, realtime: bool) -> Result<Self, AudioError> {
        let src = FileSource::open(path)?;
        Ok(Self { src, pending: Vec::new(), more: true, realtime, started: None, delivered: 0 })
    }
}

impl AudioSource for FileFeed {
    fn next_chunk(&mut self, timeout: Duration) -> Result<Chunk, SourceError> {
        // FileSource decodes and resamples to 16 kHz mono, appending to `pending`.
        while self.pending.len() < CHUNK && self.more {
            self.more = self.src.read(&mut self.pending)?;
        }
        if self.pending.is_empty() {
            return Ok(Chunk::End);
        }
        let n = CHUNK.min(self.pending.len());
        if self.realtime {
            let start = *self.started.get_or_insert_with(Instant::now);
            // A chunk is due when its last sample would have been spoken; like a microphone,
            // wait at most `timeout` for it.
            let due = start + Duration::from_secs_f64((self.delivered + n as u64) as f64 / f64::from(TARGET_RATE));
            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                if wait > timeout {
                    std::thread::sleep(timeout);
                    return Ok(Chunk::Idle);
                }
                std::thread::sleep(wait);
            }
        }
        let chunk: Vec<f32> = self.pending.drain(..n).collect();
        self.delivered += n as u64;
        Ok(Chunk::Audio(chunk))
    }
}
