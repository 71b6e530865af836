//! The microphone path, with a virtual microphone: PulseAudio with a null sink whose monitor is
//! the capture source (cpal reads it through ALSA's pulse plugin). A real speech clip is played
//! into it with `paplay` while `hushnote dictate` listens. Needs the packages from
//! scripts/install-deps.sh (pulseaudio, pulseaudio-utils, libasound2-plugins) and a Secret
//! Service (scripts/with-keyring.sh); the daemon is started here if it is not running.

use hushnote_testkit as common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::lab::{bin, Lab};
use common::{fixture, wer, JFK_REF};


/// A null sink of our own; each test gets one, and the child process records from its monitor
/// (PULSE_SOURCE), so tests running in parallel do not hear each other.
struct VirtualMic {
    sink: String,
    module: String,
}

impl VirtualMic {
    fn new(name: &str) -> Self {
        let running = Command::new("pulseaudio").arg("--check").status().is_ok_and(|s| s.success());
        if !running {
            // As root PulseAudio warns that it prefers --system, then runs fine per session.
            let s = Command::new("pulseaudio").args(["-D", "--exit-idle-time=-1"]).status().expect("pulseaudio is installed (scripts/install-deps.sh)");
            assert!(s.success(), "pulseaudio did not start");
            std::thread::sleep(Duration::from_millis(500));
        }
        let sink = format!("vmic_{name}_{}", std::process::id());
        let out = Command::new("pactl").args(["load-module", "module-null-sink", &format!("sink_name={sink}")]).output().unwrap();
        assert!(out.status.success(), "pactl load-module: {}", String::from_utf8_lossy(&out.stderr));
        Self { sink, module: String::from_utf8_lossy(&out.stdout).trim().to_owned() }
    }

    fn play(&self, clip: &str) -> Child {
        Command::new("paplay").args(["-d", &self.sink]).arg(fixture(clip)).spawn().unwrap()
    }

    /// Pulls the plug: the sound server goes away under the capture stream. (Unloading just
    /// the sink is not enough: PulseAudio moves its recording streams to another source, as it
    /// would fall back from an unplugged USB microphone to the built-in one.) The next test
    /// starts the server again.
    fn unplug(&mut self) {
        let _ = Command::new("pulseaudio").arg("--kill").status();
        self.module.clear();
    }
}

impl Drop for VirtualMic {
    fn drop(&mut self) {
        if !self.module.is_empty() {
            let _ = Command::new("pactl").args(["unload-module", &self.module]).status();
        }
    }
}

/// Starts `hushnote dictate` recording from `mic`; returns the child and its event lines.
fn dictate(lab: &Lab, mic: &VirtualMic) -> (Child, mpsc::Receiver<serde_json::Value>) {
    let mut child = Command::new(bin())
        .args(["dictate", "--json", "--data-dir"])
        .arg(lab.dir())
        .args(["--user", "alice", "--password-file"])
        .arg(lab.file("alice.pw"))
        .env("HUSHNOTE_MODEL_DIR", common::model_dir())
        .env("PULSE_SOURCE", format!("{}.monitor", mic.sink))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Ok(v) = serde_json::from_str(&line) {
                let _ = tx.send(v);
            }
        }
    });
    // cpal needs a moment before the stream delivers.
    std::thread::sleep(Duration::from_secs(2));
    (child, rx)
}

fn interrupt(child: &Child) {
    // SAFETY: plain kill(2) on our own child's pid.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
}

fn collect(rx: &mpsc::Receiver<serde_json::Value>) -> Vec<serde_json::Value> {
    rx.try_iter().collect()
}

#[test]
fn speech_played_into_the_microphone_becomes_a_tagged_note() {
    let _turn = crate::alone();
    let mut lab = Lab::new();
    lab.setup();
    let mic = VirtualMic::new("speech");
    let (mut child, rx) = dictate(&lab, &mic);
    assert!(mic.play("jfk.wav").wait().unwrap().success());
    std::thread::sleep(Duration::from_millis(1500));
    assert!(mic.play("phi_dictation.wav").wait().unwrap().success());
    std::thread::sleep(Duration::from_secs(2));
    interrupt(&child); // Ctrl-C: finish and save
    let status = child.wait().unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let evs = collect(&rx);
    assert!(status.success(), "dictate exit {status:?}; events {evs:?}");
    let id = evs.iter().find(|e| e["type"] == "done").and_then(|e| e["note_id"].as_str()).expect("a note").to_owned();
    let note: serde_json::Value = serde_json::from_str(&lab.ok(&["note", "show", &id, "--json"], Some(("alice", "alice.pw")), "")).unwrap();
    let text = note["text"].as_str().unwrap();
    // The JFK sentence is the first part of the note.
    let jfk_part: String = text.split_whitespace().take(JFK_REF.split_whitespace().count()).collect::<Vec<_>>().join(" ");
    let w = wer(JFK_REF, &jfk_part);
    // This test proves the microphone path (capture, resampling, voice activity, decoding, vault),
    // not the model's accuracy, which `benches/dictation_latency.py` measures (WER 8.6% on the
    // development clips). Played in real time, JFK's dramatic pauses make "ask not" a one-second
    // utterance of its own, which tiny.en sometimes hears as "asked me Knock!" (4 of 22 words;
    // about 1 fresh run in 5). A broken path (wrong rate, format or channel mix) garbles most words.
    assert!(w <= 0.25, "WER {w:.3} on {jfk_part:?} (note: {text:?})");
    let cats: Vec<&str> = note["spans"].as_array().unwrap().iter().map(|s| s["category"].as_str().unwrap()).collect();
    assert!(cats.contains(&"NAME"), "PHI tagged in the note: {cats:?} in {text:?}");
}

#[test]
fn unplugging_the_microphone_keeps_the_words_so_far() {
    let _turn = crate::alone();
    let mut lab = Lab::new();
    lab.setup();
    let mut mic = VirtualMic::new("unplug");
    let (mut child, rx) = dictate(&lab, &mic);
    let mut player = mic.play("jfk.wav");
    // Wait for the first saved utterance, then pull the plug mid-speech.
    let mut saved = None;
    for _ in 0..200 {
        if let Ok(e) = rx.recv_timeout(Duration::from_millis(100)) {
            if e["type"] == "saved" {
                saved = e["note_id"].as_str().map(str::to_owned);
                break;
            }
        }
    }
    let id = saved.expect("an utterance saved before the unplug");
    mic.unplug();
    let _ = player.kill();
    let _ = player.wait();
    // The capture fails (an error from the device, or silence past the stall limit).
    let mut status = None;
    for _ in 0..150 {
        if let Some(s) = child.try_wait().unwrap() {
            status = Some(s);
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let status = status.unwrap_or_else(|| {
        let _ = child.kill();
        panic!("dictate did not notice the unplugged device");
    });
    std::thread::sleep(Duration::from_millis(200));
    let evs = collect(&rx);
    assert_eq!(status.code(), Some(20), "device error exit code; events {evs:?}");
    assert!(evs.iter().any(|e| e["type"] == "device-error"), "an error event: {evs:?}");
    let note: serde_json::Value = serde_json::from_str(&lab.ok(&["note", "show", &id, "--json"], Some(("alice", "alice.pw")), "")).unwrap();
    assert!(!note["text"].as_str().unwrap().is_empty(), "the words so far are kept");
}
