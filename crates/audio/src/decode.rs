//! File decoding with symphonia: WAV (8/16/24/32-bit integer, 32/64-bit float, any rate and
//! channel count), FLAC, MP3 and Ogg Vorbis, read block by block so an hour of audio never has
//! to sit in memory.

use std::path::Path;

use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{Decoder, DecoderOptions, CODEC_TYPE_NULL};
use symphonia::core::errors::Error as SymError;
use symphonia::core::formats::{FormatOptions, FormatReader};
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

use super::{AudioError, Resampler};

/// What the decoder found in a file.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AudioInfo {
    /// The file's own sample rate.
    pub sample_rate: u32,
    pub channels: usize,
    /// Frames decoded at the file's rate (one frame = one sample per channel).
    pub frames: u64,
}

impl AudioInfo {
    /// Duration in seconds.
    pub fn seconds(&self) -> f64 {
        self.frames as f64 / f64::from(self.sample_rate.max(1))
    }
}

fn is_eof(e: &SymError) -> bool {
    matches!(e, SymError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof)
}

/// An audio file read as 16 kHz mono f32, block by block.
pub struct FileSource {
    format: Box<dyn FormatReader>,
    decoder: Box<dyn Decoder>,
    track_id: u32,
    declared: Option<u64>,
    resampler: Resampler,
    info: AudioInfo,
    interleaved: Option<SampleBuffer<f32>>,
    mono: Vec<f32>,
    done: bool,
}

/// A WAV header's format fields that symphonia trusts and would divide by (it panics on a sample
/// rate or channel count of 0): checked first, so such a file is a clear error.
fn check_wav_header(file: &mut std::fs::File) -> Result<(), AudioError> {
    use std::io::{Read, Seek, SeekFrom};
    let mut head = [0u8; 512];
    let n = file.read(&mut head).map_err(AudioError::Open)?;
    file.seek(SeekFrom::Start(0)).map_err(AudioError::Open)?;
    let head = &head[..n];
    if head.len() < 12 || &head[0..4] != b"RIFF" || &head[8..12] != b"WAVE" {
        return Ok(());
    }
    let mut at = 12;
    while at + 8 <= head.len() {
        let size = u32::from_le_bytes([head[at + 4], head[at + 5], head[at + 6], head[at + 7]]) as usize;
        if &head[at..at + 4] == b"fmt " {
            let f = &head[at + 8..];
            if f.len() < 16 {
                return Ok(());
            }
            let channels = u16::from_le_bytes([f[2], f[3]]);
            let rate = u32::from_le_bytes([f[4], f[5], f[6], f[7]]);
            if channels == 0 || rate == 0 {
                return Err(AudioError::Format(format!("the WAV header says {channels} channel(s) at {rate} Hz; re-export the recording")));
            }
            return Ok(());
        }
        at += 8 + size + (size & 1);
    }
    Ok(())
}

impl FileSource {
    /// Opens and probes `path`; fails early on anything that is not decodable audio.
    pub fn open(path: &Path) -> Result<Self, AudioError> {
        let mut file = std::fs::File::open(path).map_err(AudioError::Open)?;
        check_wav_header(&mut file)?;
        let mss = MediaSourceStream::new(Box::new(file), Default::default());
        let mut hint = Hint::new();
        if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
            hint.with_extension(ext);
        }
        // symphonia trusts some header fields and panics on values it did not expect; the
        // checks above catch the known ones, and a panic left is still this file's fault.
        let probe = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            symphonia::default::get_probe().format(&hint, mss, &FormatOptions::default(), &MetadataOptions::default())
        }))
        .map_err(|_| AudioError::Corrupt("the decoder could not read this file's header".into()))?;
        let probed = probe
            .map_err(|e| match e {
                SymError::IoError(io) if io.kind() != std::io::ErrorKind::UnexpectedEof => AudioError::Open(io),
                SymError::IoError(_) => AudioError::NotAudio("the file ends inside its header".into()),
                other => AudioError::NotAudio(other.to_string()),
            })?;
        let format = probed.format;
        let track = format
            .tracks()
            .iter()
            .find(|t| t.codec_params.codec != CODEC_TYPE_NULL)
            .ok_or_else(|| AudioError::NotAudio("no audio track".into()))?;
        let params = track.codec_params.clone();
        let decoder = symphonia::default::get_codecs()
            .make(&params, &DecoderOptions::default())
            .map_err(|e| AudioError::UnsupportedCodec(e.to_string()))?;
        let sample_rate = params.sample_rate.filter(|r| *r > 0).ok_or_else(|| AudioError::Format("no sample rate".into()))?;
        let channels = params.channels.map(|c| c.count()).unwrap_or(1);
        Ok(Self {
            track_id: track.id,
            declared: params.n_frames,
            format,
            decoder,
            resampler: Resampler::new(sample_rate)?,
            info: AudioInfo { sample_rate, channels, frames: 0 },
            interleaved: None,
            mono: Vec::new(),
            done: false,
        })
    }

    /// What has been read so far (all of it once [`FileSource::read`] returned `false`).
    pub fn info(&self) -> &AudioInfo {
        &self.info
    }

    /// Appends the next block of 16 kHz mono samples to `out`. Returns `false` once the file is
    /// exhausted (after the final flush and the length checks).
    pub fn read(&mut self, out: &mut Vec<f32>) -> Result<bool, AudioError> {
        if self.done {
            return Ok(false);
        }
        loop {
            let packet = match self.format.next_packet() {
                Ok(p) => p,
                Err(e) if is_eof(&e) => return self.finish(out),
                Err(SymError::ResetRequired) => return self.finish(out),
                Err(e) => return Err(AudioError::Corrupt(e.to_string())),
            };
            if packet.track_id() != self.track_id {
                continue;
            }
            let decoded = match self.decoder.decode(&packet) {
                Ok(d) => d,
                Err(e) if is_eof(&e) => return self.finish(out),
                Err(e) => return Err(AudioError::Corrupt(e.to_string())),
            };
            let spec = *decoded.spec();
            let channels = spec.channels.count();
            if channels == 0 {
                return Err(AudioError::Format("no channels".into()));
            }
            if spec.rate != self.info.sample_rate {
                return Err(AudioError::Format("the sample rate changes inside the file".into()));
            }
            self.info.channels = channels;
            let needed = decoded.capacity() as u64;
            let buf = match &mut self.interleaved {
                Some(b) if b.capacity() >= decoded.capacity() * channels => b,
                slot => slot.insert(SampleBuffer::<f32>::new(needed, spec)),
            };
            buf.copy_interleaved_ref(decoded);
            self.mono.clear();
            self.mono.extend(buf.samples().chunks_exact(channels).map(|f| f.iter().sum::<f32>() / channels as f32));
            if self.mono.is_empty() {
                continue;
            }
            self.info.frames += self.mono.len() as u64;
            self.resampler.push(&self.mono, out)?;
            return Ok(true);
        }
    }

    fn finish(&mut self, out: &mut Vec<f32>) -> Result<bool, AudioError> {
        self.done = true;
        if let Some(declared) = self.declared {
            // Containers that know their length (WAV, FLAC) must deliver all of it.
            if self.info.frames < declared {
                return Err(AudioError::Truncated { declared, read: self.info.frames });
            }
        }
        if self.info.frames == 0 {
            return Err(AudioError::Empty);
        }
        self.resampler.finish(out)?;
        Ok(false)
    }
}

/// Reads a whole file as 16 kHz mono (for clips; long recordings should use [`FileSource`]).
pub fn read_16k_mono(path: &Path) -> Result<(Vec<f32>, AudioInfo), AudioError> {
    let mut src = FileSource::open(path)?;
    let mut pcm = Vec::new();
    while src.read(&mut pcm)? {}
    Ok((pcm, src.info().clone()))
}
