//! Bad audio and bad models give documented errors and exit codes, never a panic.

use hushnote_testkit as common;

use common::*;
use hushnote_audio::{self as audio, AudioError};

/// Exit codes documented in the README.
const EXIT_MODEL: i32 = 3;
const EXIT_INPUT: i32 = 4;

fn assert_clean_failure(out: &std::process::Output, code: i32, needle: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
    assert!(err.contains(needle), "stderr lacks {needle:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// An IMA ADPCM WAV of `blocks` 256-byte blocks of silence, mono 16 kHz.
fn ima_adpcm_wav(blocks: u32) -> Vec<u8> {
    let data_len = 256 * blocks;
    let mut b = Vec::new();
    b.extend_from_slice(b"RIFF");
    b.extend_from_slice(&(4 + 8 + 20 + 8 + data_len).to_le_bytes());
    b.extend_from_slice(b"WAVEfmt ");
    b.extend_from_slice(&20u32.to_le_bytes());
    b.extend_from_slice(&0x11u16.to_le_bytes()); // IMA ADPCM
    b.extend_from_slice(&1u16.to_le_bytes()); // channels
    b.extend_from_slice(&16_000u32.to_le_bytes());
    b.extend_from_slice(&8_110u32.to_le_bytes()); // byte rate
    b.extend_from_slice(&256u16.to_le_bytes()); // block align
    b.extend_from_slice(&4u16.to_le_bytes()); // bits per sample
    b.extend_from_slice(&2u16.to_le_bytes()); // extra size
    b.extend_from_slice(&505u16.to_le_bytes()); // samples per block
    b.extend_from_slice(b"data");
    b.extend_from_slice(&data_len.to_le_bytes());
    b.resize(b.len() + data_len as usize, 0);
    b
}

#[test]
fn bad_audio_files_are_clear_errors() {
    let _turn = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    let not_audio = dir.path().join("notes.wav");
    std::fs::write(&not_audio, "this is a text file, not audio\n".repeat(50)).unwrap();

    let jfk = std::fs::read(fixture("jfk.wav")).unwrap();
    let truncated = dir.path().join("truncated.wav");
    std::fs::write(&truncated, &jfk[..jfk.len() / 2]).unwrap();

    let header_only = dir.path().join("empty.wav");
    write_wav(&header_only, 16_000, 1, &[], 16, false);

    // A well-formed IMA ADPCM WAV (format tag 0x11), a codec this build does not decode.
    let odd_codec = dir.path().join("adpcm.wav");
    std::fs::write(&odd_codec, ima_adpcm_wav(4)).unwrap();

    let zero_bytes = dir.path().join("zero.wav");
    std::fs::write(&zero_bytes, b"").unwrap();

    type Case<'a> = (&'a std::path::Path, fn(&AudioError) -> bool, &'a str);
    let cases: [Case; 5] = [
        (&not_audio, |e| matches!(e, AudioError::NotAudio(_)), "not a supported audio file"),
        (&truncated, |e| matches!(e, AudioError::Truncated { .. }), "truncated"),
        (&header_only, |e| matches!(e, AudioError::Empty), "no samples"),
        (&odd_codec, |e| matches!(e, AudioError::UnsupportedCodec(_)), "cannot decode"),
        (&zero_bytes, |e| matches!(e, AudioError::NotAudio(_)), "not a supported audio file"),
    ];
    for (path, is_expected, needle) in cases {
        let err = audio::read_16k_mono(path).expect_err("bad audio was accepted");
        assert!(is_expected(&err), "{}: unexpected error {err:?}", path.display());
        let out = hushnote(&["transcribe", path.to_str().unwrap()]);
        assert_clean_failure(&out, EXIT_INPUT, needle);
    }
    // A missing file.
    let out = hushnote(&["transcribe", dir.path().join("missing.wav").to_str().unwrap()]);
    assert_clean_failure(&out, EXIT_INPUT, "cannot open");
}

#[test]
fn one_bad_file_does_not_stop_the_others() {
    let _turn = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.wav");
    std::fs::write(&bad, b"garbage").unwrap();
    let out = hushnote(&["transcribe", bad.to_str().unwrap(), fixture("jfk.wav").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(EXIT_INPUT));
    assert!(String::from_utf8_lossy(&out.stdout).to_lowercase().contains("fellow americans"));
}

#[test]
fn corrupted_and_missing_models_name_the_fix() {
    let _turn = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    // A copy of the pinned model with one byte flipped, where the manifest name is looked up.
    let mut bytes = std::fs::read(tiny_model()).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x55;
    std::fs::write(dir.path().join("ggml-tiny.en-ct2.bin"), &bytes).unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(bin("hushnote"))
            .args(args)
            .env("HUSHNOTE_MODEL_DIR", dir.path())
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let jfk = fixture("jfk.wav");
    let out = run(&["transcribe", jfk.to_str().unwrap()]);
    assert_clean_failure(&out, EXIT_MODEL, "does not match its pinned checksum");
    assert_clean_failure(&out, EXIT_MODEL, "models/fetch.py tiny.en");
    let out = run(&["model", "verify", "tiny.en"]);
    assert_clean_failure(&out, EXIT_MODEL, "does not match");

    // Missing: the error says how to install it.
    let out = run(&["transcribe", "--model", "base", jfk.to_str().unwrap()]);
    assert_clean_failure(&out, EXIT_MODEL, "models/fetch.py base");

    // A truncated ggml file given by path (no checksum known): whisper.cpp refuses, we report.
    let cut = dir.path().join("cut.bin");
    std::fs::write(&cut, &bytes[..bytes.len() / 3]).unwrap();
    let out = run(&["transcribe", "--model", cut.to_str().unwrap(), jfk.to_str().unwrap()]);
    assert_clean_failure(&out, EXIT_MODEL, "could not load the model");

    // Not a model at all.
    let out = run(&["transcribe", "--model", jfk.to_str().unwrap(), jfk.to_str().unwrap()]);
    assert_clean_failure(&out, EXIT_MODEL, "not a whisper.cpp ggml model");
}

/// A PCM WAV whose header says `channels` at `rate` Hz, with 0.1 s of silence.
fn wav_with_header(channels: u16, rate: u32) -> Vec<u8> {
    let data = vec![0u8; 3200];
    let mut b = Vec::new();
    b.extend_from_slice(b"RIFF");
    b.extend_from_slice(&(4 + 8 + 16 + 8 + data.len() as u32).to_le_bytes());
    b.extend_from_slice(b"WAVEfmt ");
    b.extend_from_slice(&16u32.to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes()); // PCM
    b.extend_from_slice(&channels.to_le_bytes());
    b.extend_from_slice(&rate.to_le_bytes());
    b.extend_from_slice(&(rate * 2).to_le_bytes());
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&16u16.to_le_bytes());
    b.extend_from_slice(b"data");
    b.extend_from_slice(&(data.len() as u32).to_le_bytes());
    b.extend_from_slice(&data);
    b
}

#[test]
fn a_header_of_zero_hertz_or_zero_channels_is_a_clear_error() {
    let _turn = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    for (name, channels, rate) in [("rate0.wav", 1, 0), ("ch0.wav", 0, 16_000)] {
        let path = dir.path().join(name);
        std::fs::write(&path, wav_with_header(channels, rate)).unwrap();
        let err = audio::read_16k_mono(&path).expect_err("accepted");
        assert!(matches!(err, AudioError::Format(_)), "{name}: {err:?}");
        let out = hushnote(&["transcribe", path.to_str().unwrap()]);
        assert_clean_failure(&out, EXIT_INPUT, "unusable format");
        let out = hushnote(&["dictate", "--from-file", path.to_str().unwrap(), "--fast", "--dry-run"]);
        assert_clean_failure(&out, EXIT_INPUT, "unusable format");
    }
}

/// Runs the binary with its standard output a pipe whose reading end is already closed: every
/// write fails with EPIPE, however fast or slow the machine.
pub(crate) fn into_a_closed_pipe(args: &[&str], stdin: &[u8]) -> std::process::Output {
    use std::io::Write;
    use std::os::fd::{FromRawFd, OwnedFd};
    let mut fds = [0; 2];
    // SAFETY: pipe(2) fills the two descriptors of the array we own.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    // SAFETY: both descriptors are fresh and owned here alone.
    let (read_end, write_end) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    drop(read_end);
    let mut child = std::process::Command::new(bin("hushnote"))
        .args(args)
        .env("HUSHNOTE_MODEL_DIR", model_dir())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::from(write_end))
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn output_into_a_closed_pipe_is_a_quiet_exit() {
    let _turn = crate::shared();
    let jfk = fixture("jfk.wav");
    for (args, stdin) in [
        (vec!["model", "list"], &b""[..]),
        (vec!["phi", "tag"], &b"{\"id\":1,\"text\":\"Call 617-555-1212.\"}\n"[..]),
        (vec!["transcribe", jfk.to_str().unwrap()], &b""[..]),
    ] {
        let out = into_a_closed_pipe(&args, stdin);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(!err.contains("panicked") && !err.contains("internal error") && !err.contains("Broken pipe"), "{args:?}: {err}");
    }
}
