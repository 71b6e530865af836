//! The vault through the real `hushnote` binary, against a real Secret Service (gnome-keyring in
//! a private D-Bus session: run under `scripts/with-keyring.sh`, as `scripts/test.sh` does):
//! canaries never reach the disk in plaintext, wrong password / missing keychain secret /
//! flipped bytes / lockout give distinct exit codes, the audit chain verifies, exports and
//! checkpoints, the policy shows its sources, and a purge scrubs text from every file.

use hushnote_testkit as common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::lab::{bin, contains, files_containing, Lab};
use hushnote_custody::{DeviceSecretStore, OsKeychain};

#[test]
fn canaries_never_reach_the_disk_and_a_purge_removes_them_everywhere() {
    let _turn = crate::shared();
    let mut lab = Lab::new();
    lab.setup();
    let alice = Some(("alice", "alice.pw"));
    let root = Some(("root", "admin.pw"));
    // Unique, lower-case canaries (full-text index tokens are lower-cased).
    let kept = "zqkeptcanary7f3k";
    let doomed = ["zqdoomedcanary1x9", "zqdoomedcanary2m4", "zqdoomedcanary3p8"];
    let kept_id = lab.ok(&["note", "add", "--final"], alice, &format!("Kept note for {kept} with MRN 0045321.")).trim().to_owned();
    for c in doomed {
        lab.ok(&["note", "add", "--patient", c], alice, &format!("Draft mentioning {c} and more text."));
    }
    // Reading a note prints its text to the clinician: that output is not a log.
    let shown = lab.run(&["note", "show", &kept_id], alice, "", false);
    assert!(contains(&shown.stdout, kept), "note show returns the text");
    let search = lab.ok(&["note", "search", doomed[0]], alice, "");
    assert_eq!(search.lines().count(), 1, "full-text search finds the note");

    let scan_dirs = [lab.dir(), lab.file("tmp")];
    let scan: Vec<&Path> = scan_dirs.iter().map(PathBuf::as_path).collect();
    for c in doomed.iter().chain([&kept]) {
        assert!(files_containing(&scan, c.as_bytes()).is_empty(), "canary {c} found in plaintext");
        assert!(!contains(&lab.log, c), "canary {c} in the program's output");
    }
    assert!(!contains(&lab.log, "0045321"), "MRN in the program's output");

    // The control: the same text in a plain SQLite file with the same schema is found, so
    // the scanner would have seen it.
    let control_dir = lab.file("control");
    std::fs::create_dir(&control_dir).unwrap();
    let control = hushnote_custody::bench::BenchStore::plain(&control_dir.join("plain.db")).unwrap();
    control.insert(&format!("Draft mentioning {} and more text.", doomed[0])).unwrap();
    drop(control);
    assert!(!files_containing(&[control_dir.as_path()], doomed[0].as_bytes()).is_empty(), "the scanner finds plaintext");

    // Drafts expire at once under this policy; the final note stays (30 days).
    lab.ok(&["policy", "set", "retention_draft_days", "0"], root, "");
    let shown = lab.ok(&["policy", "show"], None, "");
    assert!(shown.contains("retention_draft_days = 0\t# local"), "{shown}");
    assert!(shown.contains("idle_timeout_secs = 300\t# default"), "{shown}");
    std::thread::sleep(std::time::Duration::from_millis(5));
    // The automatic purge at the admin's unlock deletes them; the explicit purge then finds
    // nothing more. The audit records the counts.
    let purged = lab.ok(&["purge"], root, "");
    assert!(purged.contains("drafts=0"), "{purged}");
    let csv = lab.ok(&["audit", "export", "--format", "csv"], root, "");
    assert!(csv.contains(",purge,notes,success,automatic final=0 drafts=3 audio=0 held=0 unsent=0,"), "{csv}");
    for c in doomed {
        assert!(files_containing(&scan, c.as_bytes()).is_empty(), "purged canary {c} left on disk");
    }
    let list = lab.ok(&["note", "list"], alice, "");
    assert_eq!(list.lines().count(), 1, "only the final note remains: {list}");
    assert!(!contains(&lab.log, kept));
}

#[test]
fn failures_have_distinct_exit_codes_and_change_nothing() {
    let _turn = crate::shared();
    let mut lab = Lab::new();
    lab.setup();
    let alice = Some(("alice", "alice.pw"));
    let id = lab.ok(&["note", "add"], alice, "some note text for the record").trim().to_owned();

    assert_eq!(lab.code(&["note", "list"], Some(("alice", "wrong.pw"))), 10, "wrong password");
    assert_eq!(lab.code(&["note", "list"], Some(("nobody", "wrong.pw"))), 10, "unknown user looks the same");
    assert_eq!(lab.code(&["note", "show", &id], Some(("root", "admin.pw"))), 16, "admins do not read notes");
    assert_eq!(lab.code(&["note", "list"], None), 4, "no credentials");

    // A missing vault.
    let mut other = Lab::new();
    assert_eq!(other.code(&["note", "list"], Some(("alice", "alice.pw"))), 18);

    // Flipped bytes in the database: tampered, and the file is left exactly as it was.
    let db = lab.dir().join("vault.db");
    let mut bytes = std::fs::read(&db).unwrap();
    let at = bytes.len() - 3000;
    bytes[at] ^= 0x01;
    std::fs::write(&db, &bytes).unwrap();
    assert_eq!(lab.code(&["note", "list"], alice), 12, "tampered vault");
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "nothing was overwritten");
    bytes[at] ^= 0x01;
    std::fs::write(&db, &bytes).unwrap();
    assert_eq!(lab.code(&["note", "list"], alice), 0, "restored file opens again");

    // The device secret removed from the real keychain.
    let keys_before = std::fs::read(lab.dir().join("keys.json")).unwrap();
    OsKeychain.delete(&lab.vault_id()).unwrap();
    assert_eq!(lab.code(&["note", "list"], alice), 14, "keychain secret missing");
    assert_eq!(std::fs::read(lab.dir().join("keys.json")).unwrap(), keys_before, "key file untouched");
}

#[test]
fn five_wrong_passwords_lock_the_account() {
    let _turn = crate::shared();
    let mut lab = Lab::new();
    lab.setup();
    for _ in 0..4 {
        assert_eq!(lab.code(&["note", "list"], Some(("alice", "wrong.pw"))), 10);
    }
    assert_eq!(lab.code(&["note", "list"], Some(("alice", "wrong.pw"))), 11);
    assert_eq!(lab.code(&["note", "list"], Some(("alice", "alice.pw"))), 11, "locked even with the right password");
    // The failures reach the audit chain at the admin's next login.
    let csv = lab.ok(&["audit", "export", "--format", "csv"], Some(("root", "admin.pw")), "");
    assert_eq!(csv.lines().filter(|l| l.contains(",failed-login,")).count(), 6, "{csv}");
}

#[test]
fn audit_verifies_exports_and_checkpoints() {
    let _turn = crate::shared();
    let mut lab = Lab::new();
    let rk = lab.setup();
    let root = Some(("root", "admin.pw"));
    lab.ok(&["note", "add"], Some(("alice", "alice.pw")), "a note");
    let verified = lab.ok(&["audit", "verify"], root, "");
    assert!(verified.starts_with("ok: "), "{verified}");
    let cp_path = lab.file("checkpoint.json");
    lab.ok(&["audit", "checkpoint", "--out", cp_path.to_str().unwrap()], root, "");
    let ok = lab.ok(&["audit", "verify", "--checkpoint", cp_path.to_str().unwrap()], root, "");
    assert!(ok.contains("matches checkpoint"), "{ok}");
    // A forged checkpoint (sequence changed) is refused.
    let mut cp: serde_json::Value = serde_json::from_slice(&std::fs::read(&cp_path).unwrap()).unwrap();
    cp["seq"] = serde_json::json!(cp["seq"].as_i64().unwrap() + 100);
    let forged = lab.file("forged.json");
    std::fs::write(&forged, cp.to_string()).unwrap();
    assert_eq!(lab.code(&["audit", "verify", "--checkpoint", forged.to_str().unwrap()], root), 13);

    let fhir: serde_json::Value = serde_json::from_str(&lab.ok(&["audit", "export", "--format", "fhir"], root, "")).unwrap();
    assert_eq!(fhir["resourceType"], "Bundle");
    let entries = fhir["entry"].as_array().unwrap();
    assert!(entries.len() >= 8);
    for e in entries {
        let r = &e["resource"];
        assert_eq!(r["resourceType"], "AuditEvent");
        assert!(["C", "R", "U", "D", "E"].contains(&r["action"].as_str().unwrap()));
        assert!(r["recorded"].as_str().unwrap().ends_with('Z'));
    }
    // Clinicians may not export; break-glass needs a reason and is recorded.
    assert_eq!(lab.code(&["audit", "export"], Some(("alice", "alice.pw"))), 16);
    std::fs::write(lab.file("rk"), &rk).unwrap();
    let mut cmd = Command::new(bin());
    let bg = cmd
        .args(["note", "list", "--data-dir"])
        .arg(lab.dir())
        .arg("--recovery-key-file")
        .arg(lab.file("rk"))
        .args(["--reason", "clinician unavailable, urgent handover"])
        .output()
        .unwrap();
    assert!(bg.status.success(), "{}", String::from_utf8_lossy(&bg.stderr));
    let csv = lab.ok(&["audit", "export", "--format", "csv"], root, "");
    assert!(csv.contains(",break-glass,vault,success,\"clinician unavailable, urgent handover\","), "{csv}");
}

#[test]
fn no_keychain_no_vault() {
    let _turn = crate::shared();
    let mut lab = Lab::new();
    // Without a session bus there is no Secret Service; the default policy refuses to go on.
    let out = Command::new(bin())
        .args(["init", "--user", "root", "--data-dir"])
        .arg(lab.dir())
        .arg("--password-file")
        .arg(lab.file("admin.pw"))
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("DISPLAY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(15), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!lab.dir().join("keys.json").exists() && !lab.dir().join("vault.db").exists());
    lab.log.clear();
}

#[test]
fn a_vault_listing_into_a_closed_pipe_is_quiet_and_still_logs_out() {
    let _turn = crate::shared();
    let mut lab = Lab::new();
    lab.setup();
    lab.ok(&["note", "add"], Some(("alice", "alice.pw")), "a note to list");
    let (dir, pw) = (lab.dir(), lab.file("alice.pw"));
    let out = crate::bad_input::into_a_closed_pipe(
        &["note", "list", "--data-dir", dir.to_str().unwrap(), "--user", "alice", "--password-file", pw.to_str().unwrap()],
        b"",
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked") && !err.contains("internal error"), "{err}");
    // The session ended as sessions do: its logout is the last row but the admin's own login.
    let csv = lab.ok(&["audit", "export", "--format", "csv"], Some(("root", "admin.pw")), "");
    let actions: Vec<&str> = csv.lines().filter_map(|l| l.split(',').nth(5)).collect();
    assert_eq!(&actions[actions.len() - 4..actions.len() - 1], ["login", "read", "logout"], "{csv}");
}

#[test]
fn exported_files_are_for_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let _turn = crate::shared();
    let mut lab = Lab::new();
    lab.setup();
    let root = Some(("root", "admin.pw"));
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    // Even over a file that was world-readable before.
    let csv = lab.file("audit.csv");
    std::fs::write(&csv, "old").unwrap();
    std::fs::set_permissions(&csv, std::fs::Permissions::from_mode(0o644)).unwrap();
    lab.ok(&["audit", "export", "--format", "csv", "--out", csv.to_str().unwrap()], root, "");
    assert_eq!(mode(&csv), 0o600);
    let cp = lab.file("cp.json");
    lab.ok(&["audit", "checkpoint", "--out", cp.to_str().unwrap()], root, "");
    assert_eq!(mode(&cp), 0o600);
    let (input, output) = (lab.file("in.jsonl"), lab.file("tags.jsonl"));
    std::fs::write(&input, "{\"id\":1,\"text\":\"Call 617-555-1212.\"}\n").unwrap();
    lab.ok(&["phi", "tag", "--in", input.to_str().unwrap(), "--out", output.to_str().unwrap()], None, "");
    assert_eq!(mode(&output), 0o600, "tagged PHI");
}
