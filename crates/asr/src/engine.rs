//! The Whisper engine: one loaded model, explicit decoding settings, guards against Whisper's
//! failure modes, and windowed processing so long recordings run in bounded memory.

use std::path::Path;
use std::sync::Mutex;
use std::time::Instant;

use serde::Serialize;
use whisper_rs::{FullParams, SamplingStrategy, WhisperContext, WhisperContextParameters, WhisperState};

use super::text::{collapse_repeats, is_annotation};
use super::{AsrError, ModelRef};
use hushnote_audio::vad::{Vad, FRAME};
use hushnote_audio::{AudioInfo, FileSource, TARGET_RATE};

/// Clinical vocabulary that primes Whisper towards medical spelling (drug names, abbreviations)
/// and dictation style. Whisper treats it as preceding text, so it is short and neutral.
pub const DEFAULT_PROMPT: &str = "Clinical dictation. History, examination, assessment and plan. \
Hypertension, diabetes mellitus, COPD, atrial fibrillation, CHF, myocardial infarction. \
Metoprolol, lisinopril, metformin, atorvastatin, furosemide, warfarin, apixaban, insulin. \
Blood pressure, mg, mL, b.i.d., t.i.d., p.r.n., CBC, BMP, HbA1c, ECG, CT, MRI.";

/// Longest window handed to Whisper at once (it sees 30 s; a little slack avoids a re-seek).
const WINDOW_S: f64 = 28.0;
/// A window is cut at the quietest 100 ms within its last this-many seconds.
const CUT_SEARCH_S: f64 = 8.0;
/// Windows with less detected speech than this are not decoded at all.
const MIN_SPEECH_S: f32 = 0.2;
/// Encoder positions (50 a second) added after the audio when the window is shrunk. Whisper was
/// trained on 30 s windows; with little trailing context it tends to invent an ending. Measured
/// on the dev clips (tiny.en, greedy, prompt on): +2.6 s → 11.6% WER, +5 s → 9.2%, +10 s → 7.9%
/// (full 30 s: 7.4%) while still cutting the encoder's work about in half for short utterances.
const AUTO_CTX_MARGIN: u32 = 512;
/// The margin of [`AudioCtx::Live`]: finals of live dictation, where each 0.1 s counts. Measured
/// on the dev clips streamed as dictation (tiny.en, greedy): +512 → 8.30% WER, p95 latency 1.36 s;
/// +384 → 8.73%, 1.21 s; +256 → 8.59%, 0.94 s (only with the phrase-echo guard of
/// [`collapse_repeats`]: without it 9.32%); +192 → 10.6% (Whisper starts to loop).
const LIVE_CTX_MARGIN: u32 = 256;
/// The smallest window of [`AudioCtx::Live`] (10.24 s).
const LIVE_MIN_POSITIONS: u32 = 512;
/// The margin of [`AudioCtx::Fast`].
const FAST_CTX_MARGIN: u32 = 128;
/// Segments Whisper itself rates as probably not speech are dropped.
const NO_SPEECH_PROB: f32 = 0.6;

/// How much of Whisper's 30 s encoder window to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AudioCtx {
    /// Always the full 1500 positions (30 s), as the model was trained.
    Full,
    /// Shrink to the audio's length (plus margin) for short windows: faster, rarely less accurate.
    Auto,
    /// Shrink with a 5 s margin: the final text of a dictated utterance, decoded while the
    /// clinician waits for it (a little less accurate than `Auto`, half a second faster).
    Live,
    /// Shrink with a small margin (2.6 s) and no temperature fallback: fastest, less accurate
    /// (11.6% WER against 7.9% on the dev clips for the margin alone) — for partial text that
    /// the final decode replaces.
    Fast,
}

/// Settings fixed when the model is loaded.
#[derive(Debug, Clone, Copy, Default)]
pub struct EngineOptions {
    /// Use a GPU backend if this build has one.
    pub gpu: bool,
    pub flash_attn: bool,
    /// Let whisper.cpp log to stderr and print its timings after each call (diagnostics for IT
    /// and benchmarks; whisper.cpp logs no transcript text with the settings used here).
    pub whisper_log: bool,
}

/// Decoding settings; recorded with every transcript so a note says how it was made.
#[derive(Debug, Clone, Serialize)]
pub struct DecodeOptions {
    pub threads: usize,
    /// 1 = greedy; more = beam search of that width.
    pub beam: usize,
    pub initial_prompt: Option<String>,
    pub language: String,
    pub audio_ctx: AudioCtx,
    /// Segment-level timestamps inside a window; without them Whisper decodes fewer tokens and
    /// each window is one segment spanning the window.
    pub timestamps: bool,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        Self {
            threads: 2,
            beam: 1,
            initial_prompt: Some(DEFAULT_PROMPT.to_string()),
            language: "en".into(),
            audio_ctx: AudioCtx::Auto,
            timestamps: true,
        }
    }
}

/// One timed piece of a transcript (seconds from the start of the audio).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    pub start: f64,
    pub end: f64,
    pub text: String,
}

/// The result of transcribing some audio.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Transcript {
    pub text: String,
    pub segments: Vec<Segment>,
    /// Seconds of 16 kHz audio processed.
    pub audio_s: f64,
    /// Seconds spent decoding (excluding file reading and model loading).
    pub decode_s: f64,
}

/// A loaded Whisper model.
pub struct Engine {
    ctx: WhisperContext,
    state: Mutex<WhisperState>,
    model: ModelRef,
    vad: Vad,
    timings: bool,
}

impl Engine {
    /// Loads a verified model (see [`super::resolve`]).
    pub fn load(model: ModelRef, opts: EngineOptions) -> Result<Self, AsrError> {
        if !opts.whisper_log {
            // Routes whisper.cpp's chatter away from stderr (there is no log backend enabled).
            whisper_rs::install_logging_hooks();
        }
        let mut params = WhisperContextParameters::default();
        params.use_gpu(opts.gpu).flash_attn(opts.flash_attn);
        let ctx = WhisperContext::new_with_params(&model.path, params).map_err(|e| AsrError::Load(e.to_string()))?;
        let state = ctx.create_state().map_err(|e| AsrError::Load(e.to_string()))?;
        Ok(Self { ctx, state: Mutex::new(state), model, vad: Vad::default(), timings: opts.whisper_log })
    }

    /// The model this engine runs.
    pub fn model(&self) -> &ModelRef {
        &self.model
    }

    /// Whether the model understands languages other than English.
    pub fn is_multilingual(&self) -> bool {
        self.ctx.is_multilingual()
    }

    fn params<'a>(&self, opts: &'a DecodeOptions, window_s: f64) -> FullParams<'a, 'a> {
        let strategy = if opts.beam > 1 {
            SamplingStrategy::BeamSearch { beam_size: opts.beam as i32, patience: -1.0 }
        } else {
            SamplingStrategy::Greedy { best_of: 5 }
        };
        let mut p = FullParams::new(strategy);
        p.set_n_threads(opts.threads.max(1) as i32);
        // A repetition loop otherwise decodes until the context is full (seconds of work):
        // nobody speaks more than ~5 tokens a second, so allow 10 plus a little.
        p.set_max_tokens((window_s * 10.0) as i32 + 32);
        if opts.audio_ctx == AudioCtx::Fast {
            // Partial text is replaced anyway: no temperature fallback (up to 5 re-decodes of
            // 5 candidates each when Whisper doubts itself — the multi-second latency tail).
            p.set_temperature_inc(0.0);
        }
        p.set_language(Some(opts.language.as_str()));
        p.set_print_progress(false);
        p.set_print_realtime(false);
        p.set_print_special(false);
        p.set_print_timestamps(false);
        p.set_suppress_nst(true);
        p.set_no_timestamps(!opts.timestamps);
        p.set_no_speech_thold(NO_SPEECH_PROB);
        if let Some(prompt) = opts.initial_prompt.as_deref().filter(|s| !s.is_empty()) {
            p.set_initial_prompt(prompt);
        }
        let margin = match opts.audio_ctx {
            AudioCtx::Full => None,
            AudioCtx::Auto => Some(AUTO_CTX_MARGIN),
            AudioCtx::Live => Some(LIVE_CTX_MARGIN),
            AudioCtx::Fast => Some(FAST_CTX_MARGIN),
        };
        if let Some(margin) = margin.filter(|_| window_s < 29.0) {
            // 50 encoder positions a second plus a margin, rounded to a multiple of 64.
            let positions = ((window_s * 50.0) as u32 + margin).div_ceil(64) * 64;
            // A short live utterance ("ask not") keeps a 10 s window: with only 5 s after a
            // second of speech Whisper invented words ("asked Knock! Knock!"), and short audio
            // decodes fast anyway; the 5 s margin pays off on the long utterances.
            let positions = if opts.audio_ctx == AudioCtx::Live { positions.max(LIVE_MIN_POSITIONS) } else { positions };
            let positions = positions.min(1500) as i32;
            p.set_audio_ctx(positions);
        }
        p
    }

    /// Transcribes one window of at most ~30 s; timestamps are shifted by `offset_s`.
    fn window(&self, pcm: &[f32], offset_s: f64, opts: &DecodeOptions, out: &mut Vec<Segment>) -> Result<(), AsrError> {
        if self.vad.speech_seconds(pcm) < MIN_SPEECH_S {
            return Ok(()); // silence or noise: Whisper would invent words here
        }
        let window_s = pcm.len() as f64 / f64::from(TARGET_RATE);
        let mut state = self.state.lock().map_err(|_| AsrError::Decode("the decoder state was poisoned by an earlier failure".into()))?;
        state.full(self.params(opts, window_s), pcm).map_err(|e| AsrError::Decode(e.to_string()))?;
        let first = out.len();
        for seg in state.as_iter() {
            let text = seg.to_str_lossy().map_err(|e| AsrError::Decode(e.to_string()))?;
            if is_annotation(&text) || seg.no_speech_probability() > NO_SPEECH_PROB {
                continue;
            }
            let text = text.trim().to_string();
            // A loop often repeats whole segments within one decode: drop one equal to the
            // previous segment of this window (a later window may truly repeat a sentence).
            if out.len() > first && out.last().is_some_and(|prev| prev.text == text) {
                continue;
            }
            out.push(Segment {
                start: offset_s + seg.start_timestamp() as f64 / 100.0,
                end: (offset_s + seg.end_timestamp() as f64 / 100.0).min(offset_s + window_s),
                text,
            });
        }
        Ok(())
    }

    /// Transcribes 16 kHz mono audio held in memory.
    pub fn transcribe(&self, pcm: &[f32], opts: &DecodeOptions) -> Result<Transcript, AsrError> {
        let started = Instant::now();
        let mut segments = Vec::new();
        let mut offset = 0usize;
        while offset < pcm.len() {
            let cut = cut_point(&pcm[offset..]);
            self.window(&pcm[offset..offset + cut], offset as f64 / f64::from(TARGET_RATE), opts, &mut segments)?;
            offset += cut;
        }
        Ok(finish(segments, pcm.len(), started))
    }

    /// Transcribes a file, decoding and resampling it as it goes: memory stays bounded by one
    /// window whatever the recording's length.
    pub fn transcribe_file(&self, path: &Path, opts: &DecodeOptions) -> Result<(Transcript, AudioInfo), AsrError> {
        let mut src = FileSource::open(path)?;
        let mut buf: Vec<f32> = Vec::new();
        let mut consumed = 0usize;
        let mut segments = Vec::new();
        let mut decode_s = 0.0;
        let mut more = true;
        while more {
            more = src.read(&mut buf)?;
            while buf.len() >= window_samples() || (!more && !buf.is_empty()) {
                let cut = cut_point(&buf);
                let t = Instant::now();
                self.window(&buf[..cut], consumed as f64 / f64::from(TARGET_RATE), opts, &mut segments)?;
                decode_s += t.elapsed().as_secs_f64();
                consumed += cut;
                buf.drain(..cut);
            }
        }
        let mut t = finish(segments, consumed, Instant::now());
        t.decode_s = decode_s;
        if self.timings {
            self.ctx.print_timings();
            self.ctx.reset_timings();
        }
        Ok((t, src.info().clone()))
    }
}

fn window_samples() -> usize {
    (WINDOW_S * f64::from(TARGET_RATE)) as usize
}

/// Where to end the next window: everything if it fits, else the quietest 100 ms in the last
/// part of the window, so words are not cut in half.
fn cut_point(pcm: &[f32]) -> usize {
    let max = window_samples();
    if pcm.len() <= max {
        return pcm.len();
    }
    let step = FRAME; // 30 ms
    let probe = (TARGET_RATE as usize) / 10; // 100 ms
    let from = max - (CUT_SEARCH_S * f64::from(TARGET_RATE)) as usize;
    let energy = |at: usize| pcm[at..at + probe].iter().map(|s| s * s).sum::<f32>();
    let best = (from..max - probe)
        .step_by(step)
        .min_by(|a, b| energy(*a).total_cmp(&energy(*b)))
        .unwrap_or(max - probe);
    best + probe / 2
}

fn finish(segments: Vec<Segment>, samples: usize, started: Instant) -> Transcript {
    let joined = segments.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(" ");
    Transcript {
        text: collapse_repeats(&joined),
        segments,
        audio_s: samples as f64 / f64::from(TARGET_RATE),
        decode_s: started.elapsed().as_secs_f64(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_audio_is_cut_in_its_quietest_part() {
        let sr = TARGET_RATE as usize;
        let mut pcm = vec![0.5f32; 40 * sr];
        // A quiet gap at 23.0–23.3 s.
        pcm[23 * sr..23 * sr + sr * 3 / 10].iter_mut().for_each(|s| *s = 0.0);
        let cut = cut_point(&pcm);
        assert!((23 * sr..23 * sr + sr * 3 / 10).contains(&cut), "cut at {cut}");
        assert_eq!(cut_point(&pcm[..10 * sr]), 10 * sr);
    }
}
