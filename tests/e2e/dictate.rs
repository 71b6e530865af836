//! Dictation through the real binary, the real model and a real vault (gnome-keyring Secret
//! Service; run under scripts/with-keyring.sh): a clip played in real time through the live
//! path becomes an encrypted note with its PHI tagged; a killed dictation leaves a draft that the
//! next dictation resumes; nothing of the speech reaches the disk in plaintext.

use hushnote_testkit as common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::lab::{bin, contains, files_containing, Lab};
use common::{fixture, wer, JFK_REF};


fn events(stdout: &str) -> Vec<serde_json::Value> {
    stdout.lines().filter_map(|l| serde_json::from_str(l).ok()).collect()
}

fn note_id(evs: &[serde_json::Value]) -> String {
    let done = evs.iter().find(|e| e["type"] == "done").expect("a done event");
    done["note_id"].as_str().expect("a saved note").to_owned()
}

#[test]
fn a_dictated_clip_becomes_an_encrypted_note() {
    let _turn = crate::alone();
    let mut lab = Lab::new();
    lab.setup();
    let alice = Some(("alice", "alice.pw"));
    let jfk = fixture("jfk.wav");
    let out = lab.screen(&["dictate", "--from-file", jfk.to_str().unwrap(), "--json"], alice);
    let evs = events(&out);
    let finals: Vec<&serde_json::Value> = evs.iter().filter(|e| e["type"] == "final").collect();
    assert!(!finals.is_empty());
    assert!(evs.iter().any(|e| e["type"] == "partial"), "partial text while speaking");
    let id = note_id(&evs);
    let note: serde_json::Value = serde_json::from_str(&lab.screen(&["note", "show", &id, "--json"], alice)).unwrap();
    let text = note["text"].as_str().unwrap();
    let w = wer(JFK_REF, text);
    assert!(w <= 0.10, "WER {w:.3}: {text}");
    assert_eq!(note["status"], "draft");
    assert_eq!(note["provenance"]["model"], "tiny.en");
    assert_eq!(note["provenance"]["model_sha256"].as_str().unwrap().len(), 64);
    assert_eq!(note["provenance"]["decode"]["threads"], 2);

    // The speech is in no file and no log in plaintext (the dictation's stdout is the
    // clinician's own screen; the log is stderr).
    let scan = [lab.dir(), lab.file("tmp")];
    let scan: Vec<&std::path::Path> = scan.iter().map(|p| p.as_path()).collect();
    for word in ["Americans", "country", "fellow"] {
        assert!(files_containing(&scan, word.as_bytes()).is_empty(), "{word} on disk");
    }
    assert!(std::fs::read_dir(lab.file("tmp")).unwrap().next().is_none(), "no temporary files");
}

#[test]
fn phi_in_dictation_is_tagged_live_and_in_the_note() {
    let _turn = crate::alone();
    let mut lab = Lab::new();
    lab.setup();
    let alice = Some(("alice", "alice.pw"));
    let clip = fixture("phi_dictation.wav");
    let out = lab.screen(&["dictate", "--from-file", clip.to_str().unwrap(), "--json", "--fast"], alice);
    let evs = events(&out);
    let live: Vec<String> = evs
        .iter()
        .filter(|e| e["type"] == "final")
        .flat_map(|e| e["spans"].as_array().unwrap().iter().map(|s| s["category"].as_str().unwrap().to_owned()))
        .collect();
    assert!(live.iter().any(|c| c == "NAME"), "the name is tagged as it is said: {live:?} in {out}");
    assert!(live.iter().any(|c| c == "PHONE" || c == "DATE"), "phone or birth date tagged: {live:?} in {out}");
    let note: serde_json::Value = serde_json::from_str(&lab.screen(&["note", "show", &note_id(&evs), "--json"], alice)).unwrap();
    let cats: Vec<&str> = note["spans"].as_array().unwrap().iter().map(|s| s["category"].as_str().unwrap()).collect();
    assert!(cats.contains(&"NAME"), "stored spans: {cats:?}");
    assert!(!contains(&lab.log, "Smith"), "no PHI in the logs");
}

#[test]
fn a_killed_dictation_leaves_a_draft_the_next_one_resumes() {
    let _turn = crate::alone();
    let mut lab = Lab::new();
    lab.setup();
    let jfk = fixture("jfk.wav");
    let mut child = Command::new(bin())
        .args(["dictate", "--json", "--from-file"])
        .arg(&jfk)
        .arg("--data-dir")
        .arg(lab.dir())
        .args(["--user", "alice", "--password-file"])
        .arg(lab.file("alice.pw"))
        .env("HUSHNOTE_MODEL_DIR", common::model_dir())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it (SIGKILL) as soon as the first utterance has been saved, mid-dictation.
    let mut saved = None;
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let e: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        if e["type"] == "saved" {
            saved = e["note_id"].as_str().map(str::to_owned);
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let id = saved.expect("an utterance was saved before the kill");
    let alice = Some(("alice", "alice.pw"));
    let list = lab.ok(&["note", "list", "--json"], alice, "");
    let notes = events(&list);
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["status"], "draft");
    let before: serde_json::Value = serde_json::from_str(&lab.screen(&["note", "show", &id, "--json"], alice)).unwrap();
    let before = before["text"].as_str().unwrap().to_owned();
    assert!(!before.is_empty());

    // The next dictation offers it, and --resume continues the same note.
    let offered = lab.run(&["dictate", "--fast", "--json", "--from-file", jfk.to_str().unwrap()], alice, "", false);
    assert!(String::from_utf8_lossy(&offered.stderr).contains(&format!("--resume {id}")));
    let resumed = lab.screen(&["dictate", "--fast", "--json", "--resume", &id, "--from-file", jfk.to_str().unwrap()], alice);
    assert_eq!(note_id(&events(&resumed)), id);
    let after: serde_json::Value = serde_json::from_str(&lab.screen(&["note", "show", &id, "--json"], alice)).unwrap();
    let after = after["text"].as_str().unwrap();
    assert!(after.starts_with(&before) && after.len() > before.len(), "resumed text continues: {before:?} -> {after:?}");
}
