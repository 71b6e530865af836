//! `hushnote phi tag|redact` over JSON Lines: bad lines are named and skipped, good lines done.

use std::io::Write;
use std::process::{Command, Stdio};

fn run(args: &[&str], input: &[u8]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hushnote"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn tag_and_redact_jsonl_with_bad_lines() {
    let mut input = Vec::new();
    input.extend_from_slice(br#"{"id":"a","text":"Dr. Okafor called 617-555-0142 on 7/22.","extra":1}"#);
    input.extend_from_slice(b"\n{not json\n");
    input.extend_from_slice(b"{\"id\":\"c\"}\n");
    input.extend_from_slice(b"{\"id\":\"d\",\"text\":\"caf\xff\"}\n");
    input.extend_from_slice(br#"{"id":"e","text":"my number is five five five one two one two"}"#);
    input.push(b'\n');

    let out = run(&["phi", "tag"], &input);
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    for line in ["line 2", "line 3", "line 4"] {
        assert!(err.contains(line), "{err}");
    }
    assert!(!err.contains("617") && !err.contains("Okafor"), "PHI in errors: {err}");
    let rows: Vec<serde_json::Value> = String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["id"], "a");
    let cats: Vec<&str> = rows[0]["spans"].as_array().unwrap().iter().map(|s| s["category"].as_str().unwrap()).collect();
    assert_eq!(cats, ["NAME", "PHONE", "DATE"]);
    let s = &rows[0]["spans"][0];
    for key in ["start", "end", "text", "score", "rule", "why"] {
        assert!(!s[key].is_null(), "missing {key}");
    }
    assert_eq!(rows[1]["spans"][0]["category"], "PHONE");

    let out = run(&["phi", "redact", "--mode", "tag"], &input);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Dr. [NAME] called [PHONE] on [DATE]."), "{text}");
    assert!(!text.contains("five five five"), "{text}");
}
