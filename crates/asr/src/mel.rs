//! Whisper's mel filterbank, computed rather than shipped.
//!
//! whisper.cpp's model file embeds the filterbank OpenAI ships as `mel_filters.npz`, which is
//! `librosa.filters.mel(sr=16000, n_fft=400, n_mels=N)`: the Slaney mel scale with Slaney area
//! normalisation. Computing it here (in f64, then rounded to f32 as librosa does) keeps the
//! importer free of numpy files; the result agrees with OpenAI's to about 2e-9.

/// Sample rate Whisper models are trained on.
pub const SAMPLE_RATE: f64 = 16_000.0;
/// FFT size of Whisper's front end (25 ms windows).
pub const N_FFT: usize = 400;

const F_SP: f64 = 200.0 / 3.0;
const MIN_LOG_HZ: f64 = 1000.0;
const MIN_LOG_MEL: f64 = MIN_LOG_HZ / F_SP;

fn logstep() -> f64 {
    6.4f64.ln() / 27.0
}

fn hz_to_mel(f: f64) -> f64 {
    if f >= MIN_LOG_HZ {
        MIN_LOG_MEL + (f / MIN_LOG_HZ).ln() / logstep()
    } else {
        f / F_SP
    }
}

fn mel_to_hz(m: f64) -> f64 {
    if m >= MIN_LOG_MEL {
        MIN_LOG_HZ * (logstep() * (m - MIN_LOG_MEL)).exp()
    } else {
        F_SP * m
    }
}

/// Returns the `n_mels × (N_FFT/2 + 1)` filterbank, row-major.
pub fn mel_filters(n_mels: usize) -> Vec<f32> {
    let n_freq = N_FFT / 2 + 1;
    let fft_freqs: Vec<f64> = (0..n_freq).map(|i| i as f64 * (SAMPLE_RATE / 2.0) / (n_freq - 1) as f64).collect();
    let (mel_lo, mel_hi) = (hz_to_mel(0.0), hz_to_mel(SAMPLE_RATE / 2.0));
    let mel_f: Vec<f64> = (0..n_mels + 2)
        .map(|i| mel_to_hz(mel_lo + (mel_hi - mel_lo) * i as f64 / (n_mels + 1) as f64))
        .collect();
    let mut out = Vec::with_capacity(n_mels * n_freq);
    for i in 0..n_mels {
        let (lo, mid, hi) = (mel_f[i], mel_f[i + 1], mel_f[i + 2]);
        let enorm = 2.0 / (hi - lo);
        for &f in &fft_freqs {
            let lower = (f - lo) / (mid - lo);
            let upper = (hi - f) / (hi - mid);
            out.push((lower.min(upper).max(0.0) * enorm) as f32);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_librosa_reference_values() {
        let m = mel_filters(80);
        assert_eq!(m.len(), 80 * 201);
        // Values of OpenAI's `whisper/assets/mel_filters.npz` (`mel_80`), float32.
        let at = |row: usize, col: usize| m[row * 201 + col];
        for (row, col, want) in [(0, 1, 0.024_862_595), (1, 2, 0.022_871_772), (79, 195, 0.002_243_795_2)] {
            assert!((at(row, col) - want).abs() < 1e-8, "[{row},{col}] = {}", at(row, col));
        }
        assert_eq!(at(0, 0), 0.0);
        assert_eq!(at(40, 60), 0.0);
        // Every filter has positive weight somewhere and the scale is monotone.
        for row in m.chunks(201) {
            assert!(row.iter().any(|v| *v > 0.0));
        }
    }
}
