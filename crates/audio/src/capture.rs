//! Microphone capture through cpal: any device, native rate and sample format, converted to
//! 16 kHz mono f32 with the same band-limited resampler as files.
//!
//! The cpal stream lives on its own thread (it is not `Send` on every platform); its callback
//! only mixes to mono and hands blocks over a bounded channel, so memory stays bounded however
//! long the dictation (about 20 s of audio can queue while a decode runs; beyond that the
//! oldest audio would be dropped and counted, never blocking the audio thread).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use cpal::{SampleFormat, SizedSample};

use super::source::{AudioSource, Chunk, SourceError};
use super::Resampler;

/// Capture problems, before or during recording.
#[derive(Debug, thiserror::Error)]
pub enum CaptureError {
    #[error("no microphone found; connect one (or check the sound server) and try again")]
    NoDevice,
    #[error("no capture device named {0:?}; `hushnote devices` lists them")]
    UnknownDevice(String),
    #[error("cannot open the microphone: {0} (is access to audio devices allowed for this user?)")]
    Open(String),
    #[error("cannot list audio devices: {0}")]
    List(String),
}

/// A capture device as `hushnote devices` shows it.
#[derive(Debug, Clone)]
pub struct DeviceInfo {
    pub name: String,
    pub default: bool,
    pub sample_rate: u32,
    pub channels: u16,
    pub format: String,
}

/// The input devices of the default host.
pub fn list_devices() -> Result<Vec<DeviceInfo>, CaptureError> {
    let host = cpal::default_host();
    let default = host.default_input_device().and_then(|d| d.name().ok());
    let mut out = Vec::new();
    for d in host.input_devices().map_err(|e| CaptureError::List(e.to_string()))? {
        let Ok(name) = d.name() else { continue };
        let Ok(cfg) = d.default_input_config() else { continue };
        out.push(DeviceInfo {
            default: default.as_deref() == Some(name.as_str()),
            name,
            sample_rate: cfg.sample_rate().0,
            channels: cfg.channels(),
            format: format!("{:?}", cfg.sample_format()),
        });
    }
    Ok(out)
}

enum Msg {
    Audio(Vec<f32>),
    Error(String),
}

/// A live microphone as an [`AudioSource`].
pub struct Microphone {
    rx: Receiver<Msg>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
    resampler: Resampler,
    /// Blocks dropped because the consumer fell behind.
    pub dropped: Arc<AtomicU64>,
    last_audio: Instant,
    /// The last error the stream reported; fatal only if the audio then stops.
    last_error: Option<String>,
}

/// No audio at all for this long means the device is gone (some back ends report an unplugged
/// device only by stopping delivery).
const STALL: Duration = Duration::from_secs(3);

impl Microphone {
    /// Opens `name` (or the default input) and starts capturing.
    pub fn open(name: Option<&str>) -> Result<Self, CaptureError> {
        let (ready_tx, ready_rx) = mpsc::channel::<Result<u32, CaptureError>>();
        let (tx, rx) = mpsc::sync_channel::<Msg>(256);
        let stop = Arc::new(AtomicBool::new(false));
        let dropped = Arc::new(AtomicU64::new(0));
        let (stop2, dropped2, name) = (stop.clone(), dropped.clone(), name.map(str::to_owned));
        let thread = std::thread::spawn(move || {
            let stream = match start(name.as_deref(), tx, dropped2) {
                Ok((s, rate)) => {
                    let _ = ready_tx.send(Ok(rate));
                    s
                }
                Err(e) => {
                    let _ = ready_tx.send(Err(e));
                    return;
                }
            };
            while !stop2.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(50));
            }
            drop(stream);
        });
        let rate = ready_rx.recv().map_err(|_| CaptureError::Open("the capture thread ended".into()))??;
        let resampler = Resampler::new(rate).map_err(|e| CaptureError::Open(e.to_string()))?;
        Ok(Self { rx, stop, thread: Some(thread), resampler, dropped, last_audio: Instant::now(), last_error: None })
    }
}

fn start(name: Option<&str>, tx: SyncSender<Msg>, dropped: Arc<AtomicU64>) -> Result<(cpal::Stream, u32), CaptureError> {
    let host = cpal::default_host();
    let device = match name {
        None => host.default_input_device().ok_or(CaptureError::NoDevice)?,
        Some(n) => host
            .input_devices()
            .map_err(|e| CaptureError::List(e.to_string()))?
            .find(|d| d.name().is_ok_and(|x| x == n))
            .ok_or_else(|| CaptureError::UnknownDevice(n.to_owned()))?,
    };
    let supported = device.default_input_config().map_err(|e| CaptureError::Open(e.to_string()))?;
    let rate = supported.sample_rate().0;
    let config = supported.config();
    let stream = match supported.sample_format() {
        SampleFormat::F32 => build::<f32>(&device, &config, tx, dropped),
        SampleFormat::F64 => build::<f64>(&device, &config, tx, dropped),
        SampleFormat::I16 => build::<i16>(&device, &config, tx, dropped),
        SampleFormat::I32 => build::<i32>(&device, &config, tx, dropped),
        SampleFormat::I8 => build::<i8>(&device, &config, tx, dropped),
        SampleFormat::U16 => build::<u16>(&device, &config, tx, dropped),
        SampleFormat::U8 => build::<u8>(&device, &config, tx, dropped),
        SampleFormat::U32 => build::<u32>(&device, &config, tx, dropped),
        other => return Err(CaptureError::Open(format!("unsupported sample format {other:?}"))),
    }?;
    stream.play().map_err(|e| CaptureError::Open(e.to_string()))?;
    Ok((stream, rate))
}

fn build<T>(device: &cpal::Device, config: &cpal::StreamConfig, tx: SyncSender<Msg>, dropped: Arc<AtomicU64>) -> Result<cpal::Stream, CaptureError>
where
    T: SizedSample,
    f32: cpal::FromSample<T>,
{
    let channels = usize::from(config.channels.max(1));
    let err_tx = tx.clone();
    device
        .build_input_stream(
            config,
            move |data: &[T], _: &cpal::InputCallbackInfo| {
                let mono: Vec<f32> = data
                    .chunks(channels)
                    .map(|frame| frame.iter().map(|s| <f32 as cpal::FromSample<T>>::from_sample_(*s)).sum::<f32>() / channels as f32)
                    .collect();
                // Never block the audio thread: if the consumer is behind, count and drop.
                if tx.try_send(Msg::Audio(mono)).is_err() {
                    dropped.fetch_add(1, Ordering::Relaxed);
                }
            },
            move |e| {
                let _ = err_tx.try_send(Msg::Error(e.to_string()));
            },
            None,
        )
        .map_err(|e| CaptureError::Open(e.to_string()))
}

impl Microphone {
    /// Idle, or failed once nothing has arrived for [`STALL`].
    fn stalled(&self) -> Result<Chunk, SourceError> {
        if self.last_audio.elapsed() <= STALL {
            return Ok(Chunk::Idle);
        }
        Err(SourceError::Device(match &self.last_error {
            Some(e) => format!("{e}, then no audio for {} s", STALL.as_secs()),
            None => format!("no audio from the microphone for {} s", STALL.as_secs()),
        }))
    }
}

impl AudioSource for Microphone {
    fn next_chunk(&mut self, timeout: Duration) -> Result<Chunk, SourceError> {
        match self.rx.recv_timeout(timeout) {
            // A broken stream can keep calling back with nothing in it: that is not audio.
            Ok(Msg::Audio(raw)) if raw.is_empty() => self.stalled(),
            Ok(Msg::Audio(raw)) => {
                self.last_audio = Instant::now();
                let mut out = Vec::with_capacity(raw.len());
                self.resampler.push(&raw, &mut out)?;
                Ok(Chunk::Audio(out))
            }
            // Back ends also report recoverable trouble (an overrun under load) this way: keep
            // going, and call the device failed only if the audio then stops.
            Ok(Msg::Error(e)) => {
                self.last_error = Some(e);
                self.stalled()
            }
            Err(RecvTimeoutError::Timeout) => self.stalled(),
            Err(RecvTimeoutError::Disconnected) => Err(SourceError::Device("the capture stream closed".into())),
        }
    }
}

impl Drop for Microphone {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // A back end stuck on a vanished device may never return from closing the stream:
        // wait a moment, then leave the thread behind rather than hang the caller.
        if let Some(t) = self.thread.take() {
            let deadline = Instant::now() + Duration::from_secs(1);
            while !t.is_finished() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
            if t.is_finished() {
                let _ = t.join();
            }
        }
    }
}
