//! File transcription with the real tiny.en model imported from the registry wheel.

use hushnote_testkit as common;

use common::*;
use hushnote_asr::{self as asr, DecodeOptions, Engine, EngineOptions};
use hushnote_audio as audio;

fn engine() -> Engine {
    let model = asr::resolve(tiny_model().to_str().unwrap()).unwrap();
    Engine::load(model, EngineOptions::default()).unwrap()
}

#[test]
fn jfk_clip_transcribes_to_its_reference() {
    let _turn = crate::shared();
    let out = hushnote(&["transcribe", "--json", fixture("jfk.wav").to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = v["text"].as_str().unwrap();
    let w = wer(JFK_REF, text);
    assert!(w <= 0.05, "WER {w:.3}: {text}");
    assert_eq!(v["model"], "tiny.en");
    assert_eq!(v["model_sha256"].as_str().unwrap().len(), 64);
    assert!((v["audio_s"].as_f64().unwrap() - 11.0).abs() < 0.01);
    let segs = v["segments"].as_array().unwrap();
    assert!(!segs.is_empty());
    assert!(segs.iter().all(|s| s["end"].as_f64() >= s["start"].as_f64()));
    assert!(v["decode_s"].as_f64().unwrap() > 0.0);
}

#[test]
fn silence_and_white_noise_give_empty_text() {
    let _turn = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    let silent = dir.path().join("silent.wav");
    write_wav(&silent, 16_000, 1, &vec![0.0; 16_000 * 5], 16, false);
    let mut x: u32 = 12345;
    let noise: Vec<f32> = (0..16_000 * 5)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            ((x >> 8) as f32 / (1u32 << 24) as f32 - 0.5) * 0.6
        })
        .collect();
    let noisy = dir.path().join("noise.wav");
    write_wav(&noisy, 16_000, 1, &noise, 16, false);
    let e = engine();
    for p in [&silent, &noisy] {
        let (t, _) = e.transcribe_file(p, &DecodeOptions::default()).unwrap();
        assert_eq!(t.text, "", "{} gave {:?}", p.display(), t.text);
    }
}

#[test]
fn stereo_44k_copy_gives_the_same_words() {
    let _turn = crate::shared();
    let (rate, mono) = read_wav(&fixture("jfk.wav"));
    assert_eq!(rate, 16_000);
    // Upsample by linear interpolation to 44.1 kHz and write as 24-bit stereo, channels differing
    // slightly so the downmix is exercised.
    let n = (mono.len() as f64 * 44_100.0 / 16_000.0) as usize;
    let mut stereo = Vec::with_capacity(n * 2);
    for i in 0..n {
        let pos = i as f64 * 16_000.0 / 44_100.0;
        let k = pos as usize;
        let f = (pos - k as f64) as f32;
        let a = mono[k.min(mono.len() - 1)];
        let b = mono[(k + 1).min(mono.len() - 1)];
        let s = a + (b - a) * f;
        stereo.push(s * 0.9);
        stereo.push(s * 1.1);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jfk-44k-stereo.wav");
    write_wav(&path, 44_100, 2, &stereo, 24, false);
    let e = engine();
    let opts = DecodeOptions::default();
    let (orig, _) = e.transcribe_file(&fixture("jfk.wav"), &opts).unwrap();
    let (copy, info) = e.transcribe_file(&path, &opts).unwrap();
    assert_eq!((info.sample_rate, info.channels), (44_100, 2));
    assert!((copy.audio_s - orig.audio_s).abs() < 0.01, "{} vs {}", copy.audio_s, orig.audio_s);
    assert_eq!(wer(&orig.text, &copy.text), 0.0, "{:?} vs {:?}", orig.text, copy.text);
}

#[test]
fn float_wav_and_long_audio_in_windows() {
    let _turn = crate::shared();
    // 70 s: the JFK clip six times with pauses, as 32-bit float. It is processed in windows
    // (~28 s each), cut in pauses, and every repetition is transcribed.
    let (_, mono) = read_wav(&fixture("jfk.wav"));
    let mut long = Vec::new();
    for _ in 0..6 {
        long.extend_from_slice(&mono);
        long.extend(std::iter::repeat_n(0.0, 8_000));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.wav");
    write_wav(&path, 16_000, 1, &long, 32, true);
    let (t, _) = engine().transcribe_file(&path, &DecodeOptions::default()).unwrap();
    let count = t.text.to_lowercase().matches("fellow americans").count();
    assert!(count >= 5, "only {count} of 6 repetitions in {:?}", t.text);
    assert!(t.segments.last().unwrap().end > 60.0);
    assert!(t.segments.windows(2).all(|w| w[1].start >= w[0].start));
}

#[test]
fn in_memory_path_matches_file_path() {
    let _turn = crate::shared();
    let (pcm, info) = audio::read_16k_mono(&fixture("jfk.wav")).unwrap();
    assert_eq!(info.frames, 176_000);
    let e = engine();
    let t = e.transcribe(&pcm, &DecodeOptions::default()).unwrap();
    assert!(wer(JFK_REF, &t.text) <= 0.05, "{}", t.text);
    // Without timestamp tokens the window is one segment spanning it.
    let opts = DecodeOptions { timestamps: false, ..DecodeOptions::default() };
    let t = e.transcribe(&pcm, &opts).unwrap();
    assert!(wer(JFK_REF, &t.text) <= 0.05, "{}", t.text);
    assert_eq!(t.segments.len(), 1);
}
