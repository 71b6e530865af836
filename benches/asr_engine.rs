//! Criterion benchmark of the Whisper engine on a fixed clip (the 11 s JFK fixture):
//! decode time per configuration, plus the audio front end (decode + resample) alone.
//! Needs the imported tiny.en model (`python3 models/fetch.py`). Run: `cargo bench --bench asr_engine`.
//! The side-by-side comparison with faster-whisper is `benches/asr_compare.py`.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use hushnote_asr::{self as asr, AudioCtx, DecodeOptions, Engine, EngineOptions};
use hushnote_audio as audio;

fn bench(c: &mut Criterion) {
    // Read when the bench runs (a compiled bench may be reused by another checkout).
    let root = std::env::var_os("CARGO_MANIFEST_DIR").map(std::path::PathBuf::from).unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into());
    let clip = root.join("tests/fixtures/jfk.wav");
    let (pcm, _) = audio::read_16k_mono(&clip).expect("the JFK fixture decodes");
    let model = asr::resolve("tiny.en").expect("tiny.en is installed: run `python3 models/fetch.py`");
    let engine = Engine::load(model, EngineOptions::default()).expect("the model loads");

    let mut g = c.benchmark_group("tiny.en jfk 11s");
    g.sample_size(10).measurement_time(Duration::from_secs(20)).warm_up_time(Duration::from_secs(2));
    for (name, threads, beam, ctx) in [
        ("greedy 2t full-ctx", 2, 1, AudioCtx::Full),
        ("greedy 2t auto-ctx", 2, 1, AudioCtx::Auto),
        ("beam5 2t auto-ctx", 2, 5, AudioCtx::Auto),
    ] {
        let opts = DecodeOptions { threads, beam, audio_ctx: ctx, ..DecodeOptions::default() };
        g.bench_function(name, |b| b.iter(|| engine.transcribe(&pcm, &opts).expect("decodes")));
    }
    g.finish();

    // The encoder alone on one 30 s window (what every short clip pays without --audio-ctx auto),
    // and mel + encoder + decoder split, to see where decoding time goes.
    let ctx = whisper_rs::WhisperContext::new_with_params(&engine.model().path, whisper_rs::WhisperContextParameters::default())
        .expect("loads");
    let mut state = ctx.create_state().expect("state");
    let mut g = c.benchmark_group("tiny.en parts");
    g.sample_size(10).measurement_time(Duration::from_secs(10)).warm_up_time(Duration::from_secs(1));
    g.bench_function("log-mel 11s", |b| b.iter(|| state.pcm_to_mel(&pcm, 2).expect("mel")));
    state.pcm_to_mel(&pcm, 2).expect("mel");
    g.bench_function("encoder 30s window 2t", |b| b.iter(|| state.encode(0, 2).expect("encode")));
    g.finish();

    c.bench_function("front end: decode+resample jfk.wav", |b| b.iter(|| audio::read_16k_mono(&clip).expect("decodes")));
}

criterion_group!(benches, bench);
criterion_main!(benches);
