//! Streaming dictation: voice activity splits the live 16 kHz stream into utterances; while one
//! is being spoken its audio so far is decoded about every 0.5 s (partial text), and when the
//! speaker pauses it is decoded once more (final text). Final text is never rewritten.

use std::collections::VecDeque;
use std::time::Instant;

use serde::Serialize;

use super::{AsrError, AudioCtx, DecodeOptions, Engine};
use hushnote_audio::vad::{Vad, FRAME};
use hushnote_audio::TARGET_RATE;

/// Timing of the segmenter.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct StreamConfig {
    /// How often the open utterance is re-decoded for partial text.
    pub partial_interval_s: f64,
    /// Silence that ends an utterance.
    pub end_silence_s: f64,
    /// An utterance already this long also ends at a shorter pause ([`Self::split_silence_s`]):
    /// its final text is then decoded while the speaker goes on, and the decode waiting at the
    /// end of speech covers only the last phrase (latency grows with the audio decoded).
    pub split_after_s: f64,
    pub split_silence_s: f64,
    /// Longest utterance before it is cut (Whisper's window is 30 s).
    pub max_utterance_s: f64,
    /// Audio kept from before the first voiced frame (soft word onsets).
    pub pre_roll_s: f64,
    /// Audio kept after the last voiced frame.
    pub tail_s: f64,
}

impl Default for StreamConfig {
    fn default() -> Self {
        Self { partial_interval_s: 0.5, end_silence_s: 0.6, split_after_s: 3.0, split_silence_s: 0.3, max_utterance_s: 25.0, pre_roll_s: 0.3, tail_s: 0.2 }
    }
}

fn samples(s: f64) -> usize {
    (s * f64::from(TARGET_RATE)) as usize
}

/// An utterance the segmenter closed.
#[derive(Debug, Clone)]
pub struct Utterance {
    /// Stream position of its first sample.
    pub start: u64,
    /// Stream position just after the last voiced frame.
    pub speech_end: u64,
    pub audio: Vec<f32>,
}

/// Splits a stream into utterances by voice activity.
pub struct Segmenter {
    vad: Vad,
    cfg: StreamConfig,
    /// Samples not yet making a whole frame.
    carry: Vec<f32>,
    /// Recent audio while idle (pre-roll), or the open utterance's audio.
    audio: VecDeque<f32>,
    /// Voiced flags of the last few frames while idle.
    recent: VecDeque<bool>,
    open: Option<Open>,
    /// Samples consumed so far (stream position of the next sample).
    pos: u64,
    /// Levels (dBFS) of the last few seconds of frames, for the noise floor.
    levels: VecDeque<f32>,
}

struct Open {
    start: u64,
    speech_end: u64,
    silent_frames: usize,
}

/// Voiced frames among the last five that open an utterance (≈ 90 ms of speech).
const ONSET: usize = 3;
/// Frames of level history for the noise floor (3 s).
const FLOOR_FRAMES: usize = 100;
/// Speech must stand this far above the noise floor: rooms and recordings hiss at -40 dBFS
/// and more, far above the detector's absolute threshold.
const ABOVE_FLOOR_DB: f32 = 12.0;

impl Segmenter {
    pub fn new(cfg: StreamConfig) -> Self {
        Self {
            vad: Vad::default(),
            cfg,
            carry: Vec::new(),
            audio: VecDeque::new(),
            recent: VecDeque::new(),
            open: None,
            pos: 0,
            levels: VecDeque::new(),
        }
    }

    /// The quietest recent frame (never below -70 dBFS, which is digital silence rather than a
    /// room): even fluent speech has quiet gaps between words within 3 s, so the minimum
    /// follows the room's noise and not the voice.
    fn noise_floor(&self) -> f32 {
        self.levels.iter().copied().fold(f32::INFINITY, f32::min).clamp(-70.0, 0.0)
    }

    fn voiced(&mut self, frame: &[f32]) -> bool {
        let level = Vad::level_db(frame);
        self.levels.push_back(level);
        if self.levels.len() > FLOOR_FRAMES {
            self.levels.pop_front();
        }
        level >= self.noise_floor() + ABOVE_FLOOR_DB && self.vad.is_speech(frame)
    }

    /// Feeds samples; returns the utterances that ended within them.
    pub fn push(&mut self, pcm: &[f32]) -> Vec<Utterance> {
        let mut done = Vec::new();
        self.carry.extend_from_slice(pcm);
        let whole = self.carry.len() / FRAME * FRAME;
        let frames: Vec<f32> = self.carry.drain(..whole).collect();
        for frame in frames.chunks(FRAME) {
            let voiced = self.voiced(frame);
            self.audio.extend(frame.iter().copied());
            self.pos += FRAME as u64;
            match &mut self.open {
                None => {
                    self.recent.push_back(voiced);
                    if self.recent.len() > 5 {
                        self.recent.pop_front();
                    }
                    let keep = samples(self.cfg.pre_roll_s) + 5 * FRAME;
                    while self.audio.len() > keep {
                        self.audio.pop_front();
                    }
                    if self.recent.iter().filter(|v| **v).count() >= ONSET {
                        let start = self.pos - self.audio.len() as u64;
                        self.open = Some(Open { start, speech_end: self.pos, silent_frames: 0 });
                        self.recent.clear();
                    }
                }
                Some(o) => {
                    if voiced {
                        o.speech_end = self.pos;
                        o.silent_frames = 0;
                    } else {
                        o.silent_frames += 1;
                    }
                    let paused = o.silent_frames * FRAME;
                    let long = (o.speech_end - o.start) as usize >= samples(self.cfg.split_after_s);
                    let silence = paused >= samples(self.cfg.end_silence_s) || (long && paused >= samples(self.cfg.split_silence_s));
                    let too_long = self.audio.len() >= samples(self.cfg.max_utterance_s);
                    if silence || too_long {
                        done.extend(self.close());
                    }
                }
            }
        }
        done
    }

    /// The open utterance's audio so far and its start, if one is open.
    pub fn current(&self) -> Option<(Vec<f32>, u64)> {
        self.open.as_ref().map(|o| (self.audio.iter().copied().collect(), o.start))
    }

    /// Closes the open utterance now (end of stream, stop, lock).
    pub fn close(&mut self) -> Option<Utterance> {
        let o = self.open.take()?;
        let keep_to = (o.speech_end + samples(self.cfg.tail_s) as u64).min(self.pos);
        let len = ((keep_to - o.start) as usize).min(self.audio.len());
        let audio: Vec<f32> = self.audio.drain(..).take(len).collect();
        Some(Utterance { start: o.start, speech_end: o.speech_end, audio })
    }

    /// Where the open utterance's speech ends so far.
    pub fn speech_end(&self) -> Option<u64> {
        self.open.as_ref().map(|o| o.speech_end)
    }

    /// Stream position (samples consumed).
    pub fn position(&self) -> u64 {
        self.pos
    }
}

/// Periodic partials only show progress and are replaced: they take the cheap encoder window.
/// A decode that may become the final text takes the live-final one (see [`AudioCtx::Live`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Quality {
    Draft,
    Final,
}

/// The encoder windows a stream decodes with when asked for `ctx`: (partial text, final text).
/// `Auto` means the fast window for partials and the live one for finals.
pub fn encoder_windows(ctx: AudioCtx) -> (AudioCtx, AudioCtx) {
    match ctx {
        AudioCtx::Auto => (AudioCtx::Fast, AudioCtx::Live),
        other => (other, other),
    }
}

/// Audio after the last voiced frame a partial must include to count as final (no word cut).
const FINAL_MARGIN_S: f64 = 0.15;

/// What the stream reports.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum StreamEvent {
    /// Text of the utterance being spoken, so far; replaced by the next partial or the final.
    Partial { utterance: u64, text: String },
    /// The utterance's text, fixed from now on.
    Final {
        utterance: u64,
        /// Stream seconds.
        start_s: f64,
        end_s: f64,
        text: String,
        /// Seconds from the end of speech (as delivered) to this text.
        latency_s: f64,
    },
}

/// Runs the segmenter and the engine over a live stream.
pub struct Streamer<'e> {
    engine: &'e Engine,
    opts: DecodeOptions,
    cfg: StreamConfig,
    seg: Segmenter,
    next_utterance: u64,
    last_partial_at: Option<Instant>,
    /// Stream position the last partial covered, and its text.
    last_partial: Option<(u64, String)>,
    /// The last full-quality decode of the open utterance: the final text if it covers all
    /// the speech.
    final_candidate: Option<(u64, String)>,
    /// (stream position after a chunk, when it arrived), to time latency.
    arrivals: VecDeque<(u64, Instant)>,
    /// The last final words, given to Whisper as context for the next utterance.
    context: String,
}

impl<'e> Streamer<'e> {
    pub fn new(engine: &'e Engine, opts: DecodeOptions, cfg: StreamConfig) -> Self {
        Self {
            engine,
            opts,
            cfg,
            seg: Segmenter::new(cfg),
            next_utterance: 0,
            last_partial_at: None,
            last_partial: None,
            final_candidate: None,
            arrivals: VecDeque::new(),
            context: String::new(),
        }
    }

    /// Whisper's prompt: the configured one, then the last words already said, so a short
    /// utterance ("ask not") is read in the context of the sentence it continues.
    fn decode(&self, audio: &[f32], quality: Quality) -> Result<String, AsrError> {
        let mut opts = self.opts.clone();
        let (draft, fin) = encoder_windows(opts.audio_ctx);
        opts.audio_ctx = if quality == Quality::Draft { draft } else { fin };
        if !self.context.is_empty() {
            let base = opts.initial_prompt.take().unwrap_or_default();
            opts.initial_prompt = Some(format!("{base} {}", self.context).trim().to_owned());
        }
        Ok(self.engine.transcribe(audio, &opts)?.text)
    }

    /// Feeds a chunk (as it arrives) and reports partial and final text.
    pub fn feed(&mut self, pcm: &[f32], emit: &mut dyn FnMut(StreamEvent)) -> Result<(), AsrError> {
        let ended = self.seg.push(pcm);
        // Record this chunk's arrival before finalising: an utterance may end inside it.
        self.arrivals.push_back((self.seg.position(), Instant::now()));
        while self.arrivals.len() > 600 {
            self.arrivals.pop_front();
        }
        for u in ended {
            self.finalise(u, emit)?;
        }
        // Refresh partial text when there is new speech since the last one and the interval
        // has passed; a decode slower than real time simply makes partials rarer.
        let due = self.last_partial_at.is_none_or(|t| t.elapsed().as_secs_f64() >= self.cfg.partial_interval_s);
        let covered = self.last_partial.as_ref().map_or(0, |(c, _)| *c);
        let fresh = self.seg.speech_end().is_some_and(|e| e > covered);
        // As soon as the speaker pauses, decode once more so that partial covers all the speech:
        // when the pause turns out to end the utterance, that text is final at once.
        let candidate = self.final_candidate.as_ref().map_or(0, |(c, _)| *c);
        let pausing = self.seg.speech_end().is_some_and(|e| {
            let margin = samples(FINAL_MARGIN_S) as u64;
            candidate < e + margin && self.seg.position() >= e + margin
        });
        if (due && fresh) || pausing {
            if let Some((audio, start)) = self.seg.current() {
                // Wait for a little speech before the first partial: Whisper guesses on scraps.
                if audio.len() >= samples(0.6) {
                    self.last_partial_at = Some(Instant::now());
                    let quality = if pausing { Quality::Final } else { Quality::Draft };
                    let text = self.decode(&audio, quality)?;
                    let covered = start + audio.len() as u64;
                    self.last_partial = Some((covered, text.clone()));
                    // Only a full-quality decode may stand in for the final.
                    if quality == Quality::Final {
                        self.final_candidate = Some((covered, text.clone()));
                    }
                    emit(StreamEvent::Partial { utterance: self.next_utterance, text });
                }
            }
        }
        Ok(())
    }

    /// Whether an utterance is being spoken (voice activity as the segmenter judges it).
    pub fn speaking(&self) -> bool {
        self.seg.speech_end().is_some()
    }

    /// Ends the stream: the open utterance (if any) becomes final.
    pub fn finish(&mut self, emit: &mut dyn FnMut(StreamEvent)) -> Result<(), AsrError> {
        if let Some(u) = self.seg.close() {
            self.finalise(u, emit)?;
        }
        Ok(())
    }

    fn finalise(&mut self, u: Utterance, emit: &mut dyn FnMut(StreamEvent)) -> Result<(), AsrError> {
        // A partial that already covered all the speech (plus a margin, so no word was cut)
        // is the final text: no second decode, lower latency.
        let margin = samples(FINAL_MARGIN_S) as u64;
        self.last_partial = None;
        let text = match self.final_candidate.take() {
            Some((covered, text)) if covered >= u.speech_end + margin => text,
            _ => self.decode(&u.audio, Quality::Final)?,
        };
        // Keep about the last 30 words as context.
        self.context.push(' ');
        self.context.push_str(&text);
        let words: Vec<&str> = self.context.split_whitespace().collect();
        self.context = words[words.len().saturating_sub(30)..].join(" ");
        let spoken = self.arrivals.iter().find(|(p, _)| *p >= u.speech_end).map(|(_, t)| *t);
        let latency_s = spoken.map(|t| t.elapsed().as_secs_f64()).unwrap_or(0.0);
        let rate = f64::from(TARGET_RATE);
        emit(StreamEvent::Final {
            utterance: self.next_utterance,
            start_s: u.start as f64 / rate,
            end_s: u.speech_end as f64 / rate,
            text,
            latency_s,
        });
        self.next_utterance += 1;
        self.last_partial_at = None;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(n: usize) -> Vec<f32> {
        (0..n)
            .map(|i| {
                let t = i as f32 / 16_000.0;
                (1..20).map(|h| (2.0 * std::f32::consts::PI * 150.0 * h as f32 * t).sin() / h as f32).sum::<f32>() * 0.1
            })
            .collect()
    }

    #[test]
    fn utterances_split_at_pauses_with_pre_roll_and_tail() {
        let mut seg = Segmenter::new(StreamConfig::default());
        let mut stream = vec![0.0f32; 16_000];
        stream.extend(tone(16_000)); // 1.0–2.0 s speech
        stream.extend(vec![0.0; 16_000]); // pause
        stream.extend(tone(8_000)); // 3.0–3.5 s speech
        stream.extend(vec![0.0; 16_000]);
        let mut got = Vec::new();
        for chunk in stream.chunks(1_600) {
            got.extend(seg.push(chunk));
        }
        assert_eq!(got.len(), 2, "two utterances");
        let s0 = got[0].start as f64 / 16_000.0;
        assert!((0.6..1.0).contains(&s0), "starts with pre-roll: {s0}");
        let e0 = got[0].speech_end as f64 / 16_000.0;
        assert!((1.95..2.1).contains(&e0), "speech ends at 2.0: {e0}");
        assert!(got[0].audio.len() >= 16_000, "holds the whole utterance");
        assert!(seg.current().is_none());
    }

    #[test]
    fn a_long_utterance_ends_at_a_short_pause_a_short_one_does_not() {
        let count = |first_s: f64, cfg: StreamConfig| {
            let mut seg = Segmenter::new(cfg);
            // Syllable-like bursts (a steady tone would set its own noise floor).
            let speech = |secs: f64| -> Vec<f32> {
                let mut v = Vec::new();
                while (v.len() as f64) < secs * 16_000.0 {
                    v.extend(tone(3_000));
                    v.extend(vec![0.0; 800]);
                }
                v.extend(tone(3_000));
                v
            };
            let mut stream = vec![0.0f32; 16_000];
            stream.extend(speech(first_s));
            stream.extend(vec![0.0; 6_400]); // a 0.4 s pause: between the split and end pauses
            stream.extend(speech(1.0));
            let mut n = 0;
            for chunk in stream.chunks(1_600) {
                n += seg.push(chunk).len();
            }
            n + usize::from(seg.close().is_some())
        };
        let cfg = StreamConfig::default();
        assert_eq!(count(4.0, cfg), 2, "4 s of speech, then a 0.4 s pause: two utterances");
        assert_eq!(count(1.0, cfg), 1, "1 s of speech, then a 0.4 s pause: one utterance");
        let no_split = StreamConfig { split_after_s: 100.0, ..cfg };
        assert_eq!(count(4.0, no_split), 1, "the split, not the tone, ended the first utterance");
    }

    #[test]
    fn long_speech_is_cut_and_close_flushes() {
        let cfg = StreamConfig { max_utterance_s: 2.0, ..Default::default() };
        let mut seg = Segmenter::new(cfg);
        // Syllable-like bursts with short gaps, as speech has (a steady tone sets its own floor).
        let mut audio = vec![0.0f32; 8_000];
        for _ in 0..16 {
            audio.extend(tone(4_000));
            audio.extend(vec![0.0; 1_000]);
        }
        let got = seg.push(&audio);
        assert!(got.len() >= 2, "cut at the maximum length");
        assert!(got.iter().all(|u| u.audio.len() <= 2 * 16_000 + FRAME));
        assert!(seg.close().is_some() || seg.current().is_none());
    }
}
