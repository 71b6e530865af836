//! Helpers shared by the crates' API tests and the end-to-end tests: where the fixtures, the
//! model and the built binaries are, WAV files, word error rate, plaintext scans, and a vault
//! driven through the real `hushnote` binary ([`lab`]). It depends on no Hushnote crate, so any
//! crate's tests can use it.

pub mod lab;

use std::path::{Path, PathBuf};

/// The JFK clip's reference transcript.
pub const JFK_REF: &str = "And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.";

/// The checkout's root, found when the test runs from the package being tested (Cargo sets
/// `CARGO_MANIFEST_DIR` for it): Cargo reuses a compiled test across checkouts that share a
/// target directory (CI does), so a path baked in at compile time could name another checkout.
/// The root is the nearest directory up that holds `tests/fixtures`.
pub fn root() -> PathBuf {
    let start = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    start
        .ancestors()
        .find(|d| d.join("tests/fixtures").is_dir())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| panic!("no tests/fixtures above {}", start.display()))
}

/// A binary of this workspace (`hushnote`), from the target directory the running test was
/// built into (`target/<profile>/deps/<test>` → `target/<profile>/<name>`). `cargo test` builds
/// it with the workspace, because the `hushnote-cli` package has integration tests of its own.
pub fn bin(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test knows its own path");
    let profile_dir = exe.parent().and_then(Path::parent).expect("tests run from target/<profile>/deps");
    let path = profile_dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(path.is_file(), "{} is not built: run `cargo build --release` (scripts/test.sh does)", path.display());
    path
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// The directory holding the imported models (`models/fetch.py` puts them there).
pub fn model_dir() -> PathBuf {
    let dir = std::env::var_os("HUSHNOTE_MODEL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("models"));
    assert!(
        dir.join("ggml-tiny.en-ct2.bin").is_file(),
        "the tiny.en model is not installed in {}: run `python3 models/fetch.py` first (scripts/test.sh does)",
        dir.display()
    );
    dir
}

pub fn tiny_model() -> PathBuf {
    model_dir().join("ggml-tiny.en-ct2.bin")
}

/// Writes float samples (interleaved) as a WAV file with the given format.
pub fn write_wav(path: &Path, rate: u32, channels: u16, samples: &[f32], bits: u16, float: bool) {
    let spec = hound::WavSpec {
        channels,
        sample_rate: rate,
        bits_per_sample: bits,
        sample_format: if float { hound::SampleFormat::Float } else { hound::SampleFormat::Int },
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for &s in samples {
        if float {
            w.write_sample(s).unwrap();
        } else {
            let max = ((1i64 << (bits - 1)) - 1) as f32;
            w.write_sample((s.clamp(-1.0, 1.0) * max) as i32).unwrap();
        }
    }
    w.finalize().unwrap();
}

/// Reads a 16-bit mono WAV as floats.
pub fn read_wav(path: &Path) -> (u32, Vec<f32>) {
    let mut r = hound::WavReader::open(path).unwrap();
    let rate = r.spec().sample_rate;
    let s = r.samples::<i16>().map(|s| s.unwrap() as f32 / 32768.0).collect();
    (rate, s)
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace()
        .map(|w| w.chars().filter(|c| c.is_alphanumeric() || *c == '\'').flat_map(char::to_lowercase).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Word error rate after lower-casing and dropping punctuation (Levenshtein over words).
pub fn wer(reference: &str, hypothesis: &str) -> f64 {
    let (r, h) = (words(reference), words(hypothesis));
    let mut prev: Vec<usize> = (0..=h.len()).collect();
    for (i, rw) in r.iter().enumerate() {
        let mut cur = vec![i + 1; h.len() + 1];
        for (j, hw) in h.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(rw != hw)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[h.len()] as f64 / r.len().max(1) as f64
}

/// Runs the real `hushnote` binary.
pub fn hushnote(args: &[&str]) -> std::process::Output {
    std::process::Command::new(bin("hushnote"))
        .args(args)
        .env("HUSHNOTE_MODEL_DIR", model_dir())
        .output()
        .unwrap()
}

/// Starts a `hushnoted` command (its arguments set by the caller) and returns once it says it is
/// serving: readiness is the service's own line, not a sleep. Its standard error is then drained
/// on a thread, so the service never blocks on a full pipe.
pub fn start_service(mut command: std::process::Command) -> std::process::Child {
    use std::io::BufRead;
    let mut child = command.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::piped()).spawn().unwrap();
    let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let first = lines.next().expect("hushnoted said something").unwrap();
    assert!(first.starts_with("hushnoted: serving"), "{first}");
    std::thread::spawn(move || lines.for_each(drop));
    child
}
