//! The one place that knows the order: audio → streaming recognition → spoken commands →
//! PHI tags → the encrypted draft, saved as each utterance becomes final.
//!
//! At most the utterance being spoken can be lost to a crash: every final utterance is written
//! to the vault before the next is decoded. An explicit lock (OS screen lock) first finishes
//! the open utterance and saves it, then locks the session. Audio stays in memory unless the
//! policy keeps it, and then it goes only into the vault.

use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use serde::Serialize;

use hushnote_asr::stream::{StreamConfig, StreamEvent, Streamer};
use hushnote_asr::{AsrError, DecodeOptions, Engine};
use hushnote_audio::source::{AudioSource, Chunk, SourceError};
use hushnote_audio::vad::Vad;
use hushnote_audio::AudioError;
use hushnote_phi::{self as phi, Span};
use hushnote_proto::{DraftSink, ErrorCode};

use crate::commands::{Document, Edit};

/// What stops a dictation, set from another thread (Enter, Ctrl-C, OS lock).
#[derive(Default)]
pub struct Control(AtomicU8);

const RUN: u8 = 0;
const LOCK: u8 = 2;

impl Control {
    /// Finish: decode what was said, save, return.
    pub fn finish(&self) {
        let _ = self.0.compare_exchange(RUN, 1, Ordering::SeqCst, Ordering::SeqCst);
    }
    /// Lock: as finish, then lock the session (OS screen lock, sleep).
    pub fn lock(&self) {
        self.0.store(LOCK, Ordering::SeqCst);
    }
    fn get(&self) -> u8 {
        self.0.load(Ordering::SeqCst)
    }
}

/// Settings of one dictation. `Debug` leaves out the patient.
#[derive(Clone)]
pub struct DictationOptions {
    pub decode: DecodeOptions,
    pub stream: StreamConfig,
    /// The patient's EHR reference for a new note.
    pub patient_ref: Option<String>,
    /// Continue this saved draft instead of starting a note.
    pub resume: Option<String>,
}

/// What the front end shows. `Debug` names the event, never its text.
#[derive(Clone, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum PipelineEvent {
    /// Input level of the last chunk, dBFS.
    Level { db: f32 },
    /// Text of the utterance being spoken (replaced by the next partial or final).
    Partial { text: String },
    /// Text added to the note (after spoken commands), with its PHI spans (offsets within
    /// `text`), when it was spoken (seconds from the start of the dictation) and how long after
    /// the end of speech it was ready.
    Final { text: String, spans: Vec<Span>, start_s: f64, end_s: f64, latency_s: f64 },
    /// The previous utterance was removed ("scratch that").
    Scratched,
    /// The draft was written to the vault.
    Saved { note_id: String },
    /// The audio device failed; the words so far are saved.
    DeviceError { message: String },
    /// The session locked; the words so far are saved.
    Locked,
}

/// How a dictation ended. `Debug` leaves out the text.
#[derive(Clone, Serialize)]
pub struct Outcome {
    pub note_id: Option<String>,
    pub text: String,
    pub utterances: u64,
    /// The audio source failed before the end.
    pub interrupted: bool,
    /// The session is locked now.
    pub locked: bool,
}

impl std::fmt::Debug for DictationOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DictationOptions").field("decode", &self.decode).field("stream", &self.stream).field("resume", &self.resume).finish_non_exhaustive()
    }
}

impl std::fmt::Debug for PipelineEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Level { db } => write!(f, "Level({db:.1} dB)"),
            Self::Partial { text } => write!(f, "Partial({} chars)", text.chars().count()),
            Self::Final { text, spans, .. } => write!(f, "Final({} chars, {} spans)", text.chars().count(), spans.len()),
            Self::Scratched => f.write_str("Scratched"),
            Self::Saved { note_id } => write!(f, "Saved({note_id})"),
            Self::DeviceError { .. } => f.write_str("DeviceError"),
            Self::Locked => f.write_str("Locked"),
        }
    }
}

impl std::fmt::Debug for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Outcome")
            .field("note_id", &self.note_id)
            .field("chars", &self.text.chars().count())
            .field("utterances", &self.utterances)
            .field("interrupted", &self.interrupted)
            .field("locked", &self.locked)
            .finish()
    }
}

/// Why a dictation could not go on. The words finalised before the error are in the vault.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// Where the draft is kept refused or failed (its code says why).
    #[error(transparent)]
    Sink(#[from] hushnote_proto::Error),
    #[error(transparent)]
    Asr(#[from] AsrError),
    #[error(transparent)]
    Audio(#[from] AudioError),
    #[error(transparent)]
    Phi(#[from] hushnote_phi::PhiError),
}

impl PipelineError {
    /// The entry of the error table: the sink's own code; anything else failed the dictation.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Sink(e) => e.code,
            _ => ErrorCode::Failed,
        }
    }
}

/// Waits up to 100 ms for audio, then takes everything else already available, so a decode
/// that took longer than real time is caught up in one step instead of falling further behind.
fn next_batch(source: &mut dyn AudioSource) -> Result<Chunk, SourceError> {
    let mut pcm = match source.next_chunk(Duration::from_millis(100))? {
        Chunk::Audio(p) => p,
        other => return Ok(other),
    };
    while pcm.len() < hushnote_audio::TARGET_RATE as usize * 30 {
        match source.next_chunk(Duration::ZERO) {
            Ok(Chunk::Audio(more)) => pcm.extend(more),
            // An error here is reported by the next call; the audio gathered so far is kept.
            _ => break,
        }
    }
    Ok(Chunk::Audio(pcm))
}

/// Runs one dictation into `session`'s draft until the source ends or `control` says stop.
/// Without a session (evaluation, `--dry-run`) nothing is saved anywhere.
pub fn dictate(
    session: Option<&dyn DraftSink>,
    engine: &Engine,
    source: &mut dyn AudioSource,
    opts: &DictationOptions,
    control: &Control,
    on_event: &mut dyn FnMut(&PipelineEvent),
) -> Result<Outcome, PipelineError> {
    // Tagging without all recognizers would show the clinician too few PHI marks: refuse early.
    phi::check()?;
    let mut doc = match (&opts.resume, session) {
        (Some(id), Some(s)) => Document::from_text(&s.resume_draft(id)?),
        _ => Document::default(),
    };
    // Each note records how its text was made.
    let m = engine.model();
    let provenance = serde_json::json!({
        "source": "dictation",
        "model": m.name,
        "model_sha256": m.sha256,
        "decode": opts.decode,
        "encoder_windows": hushnote_asr::stream::encoder_windows(opts.decode.audio_ctx),
        "stream": opts.stream,
    });
    let keep_audio = session.is_some_and(|s| s.keeps_audio());
    let mut kept: Vec<i16> = Vec::new();
    let mut streamer = Streamer::new(engine, opts.decode.clone(), opts.stream);
    let mut out = Outcome { note_id: None, text: String::new(), utterances: 0, interrupted: false, locked: false };
    let mut events: Vec<StreamEvent> = Vec::new();

    let apply = |events: &mut Vec<StreamEvent>, doc: &mut Document, out: &mut Outcome, on_event: &mut dyn FnMut(&PipelineEvent)| -> Result<(), PipelineError> {
        for e in events.drain(..) {
            match e {
                StreamEvent::Partial { text, .. } => on_event(&PipelineEvent::Partial { text }),
                StreamEvent::Final { text, latency_s, start_s, end_s, .. } => {
                    out.utterances += 1;
                    match doc.push(&text) {
                        Edit::Appended(t) => {
                            let spans = phi::tag(&t);
                            on_event(&PipelineEvent::Final { text: t, spans, start_s, end_s, latency_s });
                        }
                        Edit::Scratched => on_event(&PipelineEvent::Scratched),
                        Edit::None => continue,
                    }
                    let Some(session) = session else { continue };
                    session.set_draft(&doc.text(), opts.patient_ref.as_deref(), provenance.clone())?;
                    if let Some(id) = session.save_draft()? {
                        on_event(&PipelineEvent::Saved { note_id: id.clone() });
                        out.note_id = Some(id);
                    }
                }
            }
        }
        Ok(())
    };

    let result = (|| -> Result<(), PipelineError> {
        loop {
            if control.get() != RUN {
                break;
            }
            // A long silence with the microphone open is not activity: the idle timeout
            // still applies (every final utterance is already saved).
            if session.map(|s| s.tick()).transpose()?.unwrap_or(false) {
                out.locked = true;
                on_event(&PipelineEvent::Locked);
                return Ok(());
            }
            match next_batch(source) {
                Ok(Chunk::Audio(pcm)) => {
                    on_event(&PipelineEvent::Level { db: Vad::level_db(&pcm) });
                    if keep_audio {
                        kept.extend(pcm.iter().map(|s| (s.clamp(-1.0, 1.0) * 32767.0) as i16));
                    }
                    streamer.feed(&pcm, &mut |e| events.push(e))?;
                    if let Some(s) = session.filter(|_| streamer.speaking()) {
                        s.touch()?; // speaking is activity
                    }
                    apply(&mut events, &mut doc, &mut out, on_event)?;
                }
                Ok(Chunk::Idle) => {}
                Ok(Chunk::End) => break,
                Err(SourceError::Device(message)) => {
                    out.interrupted = true;
                    on_event(&PipelineEvent::DeviceError { message });
                    break;
                }
                Err(SourceError::Audio(e)) => return Err(e.into()),
            }
        }
        streamer.finish(&mut |e| events.push(e))?;
        apply(&mut events, &mut doc, &mut out, on_event)?;
        Ok(())
    })();
    match result {
        Err(PipelineError::Sink(e)) if e.code == ErrorCode::SessionLocked => {
            out.locked = true;
            on_event(&PipelineEvent::Locked);
        }
        Err(e) => return Err(e),
        Ok(()) => {}
    }
    out.text = doc.text();
    if out.locked {
        return Ok(out);
    }
    let Some(session) = session else { return Ok(out) };
    if keep_audio {
        if let Some(id) = &out.note_id {
            let bytes: Vec<u8> = kept.iter().flat_map(|s| s.to_le_bytes()).collect();
            session.add_audio(id, hushnote_audio::TARGET_RATE, &bytes)?;
        }
    }
    if control.get() == LOCK {
        session.lock_os()?;
        out.locked = true;
        on_event(&PipelineEvent::Locked);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_what_was_said_or_the_patient() {
        let canary = "zqsaidcanary";
        let events = [
            PipelineEvent::Partial { text: canary.into() },
            PipelineEvent::Final { text: canary.into(), spans: Vec::new(), start_s: 0.0, end_s: 1.0, latency_s: 0.1 },
        ];
        let out = Outcome { note_id: None, text: canary.into(), utterances: 1, interrupted: false, locked: false };
        let opts = DictationOptions { decode: DecodeOptions::default(), stream: StreamConfig::default(), patient_ref: Some(canary.into()), resume: None };
        let shown = format!("{events:?} {out:?} {opts:?}");
        assert!(!shown.contains(canary), "{shown}");
    }
}
