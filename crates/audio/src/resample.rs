//! Streaming conversion of any sample rate to 16 kHz with rubato's FFT resampler
//! (band-limited, so 44.1/48 kHz microphones do not alias into the speech band).

use rubato::{FftFixedIn, Resampler as _};

use crate::AudioError;

/// The sample rate every model in Hushnote consumes.
pub const TARGET_RATE: u32 = 16_000;

/// Input frames handed to the FFT resampler per call.
const CHUNK: usize = 1024;

/// Resamples a mono stream to [`TARGET_RATE`]; a pass-through when the rate already matches.
pub struct Resampler {
    inner: Option<FftFixedIn<f32>>,
    from: u32,
    pending: Vec<f32>,
    /// Output frames still to drop: the resampler's own latency.
    skip: usize,
    in_total: u64,
    out_total: u64,
}

impl Resampler {
    /// A resampler from `from` Hz to 16 kHz.
    pub fn new(from: u32) -> Result<Self, AudioError> {
        if from == 0 {
            return Err(AudioError::Format("sample rate 0".into()));
        }
        let inner = if from == TARGET_RATE {
            None
        } else {
            Some(
                FftFixedIn::<f32>::new(from as usize, TARGET_RATE as usize, CHUNK, 2, 1)
                    .map_err(|e| AudioError::Format(format!("cannot resample from {from} Hz: {e}")))?,
            )
        };
        let skip = inner.as_ref().map_or(0, |r| r.output_delay());
        Ok(Self { inner, from, pending: Vec::new(), skip, in_total: 0, out_total: 0 })
    }

    fn emit(&mut self, block: &[f32], out: &mut Vec<f32>) {
        let drop = self.skip.min(block.len());
        self.skip -= drop;
        let block = &block[drop..];
        // Never emit more than the input length implies (the final flush is zero-padded).
        let limit = self.expected_out().saturating_sub(self.out_total) as usize;
        let take = block.len().min(limit);
        out.extend_from_slice(&block[..take]);
        self.out_total += take as u64;
    }

    fn expected_out(&self) -> u64 {
        (self.in_total * u64::from(TARGET_RATE) + u64::from(self.from) / 2) / u64::from(self.from)
    }

    /// Feeds `input`; appends whatever 16 kHz output is ready to `out`.
    pub fn push(&mut self, input: &[f32], out: &mut Vec<f32>) -> Result<(), AudioError> {
        self.in_total += input.len() as u64;
        let Some(r) = self.inner.as_mut() else {
            out.extend_from_slice(input);
            self.out_total += input.len() as u64;
            return Ok(());
        };
        self.pending.extend_from_slice(input);
        let mut start = 0;
        let mut produced = Vec::new();
        while self.pending.len() - start >= r.input_frames_next() {
            let n = r.input_frames_next();
            let res = r
                .process(&[&self.pending[start..start + n]], None)
                .map_err(|e| AudioError::Format(format!("resampling failed: {e}")))?;
            start += n;
            produced.extend(res.into_iter().next().unwrap_or_default());
        }
        self.pending.drain(..start);
        self.emit(&produced, out);
        Ok(())
    }

    /// Flushes the resampler's tail; afterwards the output holds exactly
    /// `round(input_frames × 16000 / rate)` frames.
    pub fn finish(&mut self, out: &mut Vec<f32>) -> Result<(), AudioError> {
        let Some(r) = self.inner.as_mut() else { return Ok(()) };
        let pending = std::mem::take(&mut self.pending);
        let mut tail = Vec::new();
        let first = r
            .process_partial(Some(&[pending.as_slice()]), None)
            .map_err(|e| AudioError::Format(format!("resampling failed: {e}")))?;
        tail.extend(first.into_iter().next().unwrap_or_default());
        // Push the latency out with silence until the expected length is reached.
        let mut guard = 0;
        while self.out_total + (tail.len().saturating_sub(self.skip) as u64) < self.expected_out() && guard < 16 {
            let r = self.inner.as_mut().ok_or_else(|| AudioError::Format("resampler gone".into()))?;
            let more = r
                .process_partial::<&[f32]>(None, None)
                .map_err(|e| AudioError::Format(format!("resampling failed: {e}")))?;
            tail.extend(more.into_iter().next().unwrap_or_default());
            guard += 1;
        }
        self.emit(&tail, out);
        Ok(())
    }
}

/// Resamples a whole mono buffer to 16 kHz (for short clips and tests).
pub fn to_16k(input: &[f32], from: u32) -> Result<Vec<f32>, AudioError> {
    let mut r = Resampler::new(from)?;
    let mut out = Vec::with_capacity(input.len() * TARGET_RATE as usize / from.max(1) as usize + 16);
    r.push(input, &mut out)?;
    r.finish(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(freq: f32, rate: u32, secs: f32) -> Vec<f32> {
        (0..(rate as f32 * secs) as usize).map(|i| (2.0 * std::f32::consts::PI * freq * i as f32 / rate as f32).sin()).collect()
    }

    #[test]
    fn keeps_length_and_frequency_from_44_1_khz() {
        let input = sine(440.0, 44_100, 1.0);
        // Feed in odd block sizes to exercise the streaming path.
        let mut r = Resampler::new(44_100).unwrap();
        let mut out = Vec::new();
        for block in input.chunks(777) {
            r.push(block, &mut out).unwrap();
        }
        r.finish(&mut out).unwrap();
        assert_eq!(out.len(), 16_000);
        let want = sine(440.0, 16_000, 1.0);
        // Aligned (latency removed) and band-limited: the middle matches the ideal sine closely.
        let err: f32 = out[1000..15000].iter().zip(&want[1000..15000]).map(|(a, b)| (a - b).abs()).fold(0.0, f32::max);
        assert!(err < 0.02, "max error {err}");
    }

    #[test]
    fn passes_16_khz_through_and_rejects_rate_zero() {
        let input = sine(300.0, 16_000, 0.1);
        assert_eq!(to_16k(&input, 16_000).unwrap(), input);
        assert!(Resampler::new(0).is_err());
    }
}
