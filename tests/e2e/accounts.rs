//! The custody service under an OS account of its own and the CLI under another, as a hospital
//! deploys them: file permissions, not the CLI's manners, keep a clinician's account away from
//! the vault's files. Needs root, to create the two accounts (CI runs as root).

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};

use hushnote_testkit::bin;
use hushnote_testkit::lab::{ADMIN_PW, CLIN_PW};

const SERVICE: &str = "hushnote-e2e-svc";
const CLINICIAN: &str = "hushnote-e2e-user";

/// The account `name`, created (system account, no home, no shell) if missing.
fn account(name: &str) {
    let exists = Command::new("id").arg("-u").arg(name).output().unwrap().status.success();
    if !exists {
        let ok = Command::new("useradd").args(["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name]).status().unwrap();
        assert!(ok.success(), "useradd {name}");
    }
}

fn chown(path: &Path, user: &str) {
    assert!(Command::new("chown").arg(user).arg(path).status().unwrap().success());
}

struct Deployment {
    root: tempfile::TempDir,
    service: Child,
}

impl Deployment {
    /// The service running as its account on `data/`, listening on `run/hushnoted.sock`.
    fn start() -> Self {
        // SAFETY: geteuid has no arguments and cannot fail.
        assert_eq!(unsafe { libc::geteuid() }, 0, "this test creates OS accounts: run it as root (CI does)");
        account(SERVICE);
        account(CLINICIAN);
        let root = tempfile::tempdir().unwrap();
        std::fs::set_permissions(root.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        for (d, mode) in [("data", 0o700), ("run", 0o755)] {
            let p = root.path().join(d);
            std::fs::create_dir(&p).unwrap();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
            chown(&p, SERVICE);
        }
        for (f, pw) in [("admin.pw", ADMIN_PW), ("alice.pw", CLIN_PW), ("bob.pw", "amber falcon 73 harbour")] {
            std::fs::write(root.path().join(f), format!("{pw}\n")).unwrap();
            std::fs::set_permissions(root.path().join(f), std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        let mut command = Command::new("runuser");
        command
            .args(["-u", SERVICE, "--"])
            .arg(bin("hushnoted"))
            .arg("--data-dir")
            .arg(root.path().join("data"))
            .arg("--socket")
            .arg(root.path().join("run/hushnoted.sock"))
            .env_remove("HUSHNOTE_DATA_DIR");
        let service = hushnote_testkit::start_service(command);
        Self { root, service }
    }

    fn file(&self, name: &str) -> PathBuf {
        self.root.path().join(name)
    }

    /// Runs a command as the clinicians' OS account.
    fn as_user(&self, program: &Path, args: &[&str]) -> Output {
        Command::new("runuser").args(["-u", CLINICIAN, "--"]).arg(program).args(args).env_remove("HUSHNOTE_DATA_DIR").output().unwrap()
    }

    /// `hushnote ARGS --socket S [--user U --password-file F]` as the clinicians' account.
    fn hushnote(&self, args: &[&str], auth: Option<(&str, &str)>) -> Output {
        let socket = self.file("run/hushnoted.sock");
        let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        all.extend(["--socket".into(), socket.display().to_string()]);
        if let Some((user, pw)) = auth {
            all.extend(["--user".into(), user.into(), "--password-file".into(), self.file(pw).display().to_string()]);
        }
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        self.as_user(&bin("hushnote"), &refs)
    }

    fn ok(&self, args: &[&str], auth: Option<(&str, &str)>) -> String {
        let out = self.hushnote(args, auth);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }
}

impl Drop for Deployment {
    fn drop(&mut self) {
        // runuser passes SIGTERM on to the service, which saves, locks and exits (SIGKILL would
        // stop runuser alone and leave the service running).
        // SAFETY: kill(2) with the pid of a child we own.
        unsafe { libc::kill(self.service.id() as i32, libc::SIGTERM) };
        let _ = self.service.wait();
    }
}

#[test]
fn the_service_account_owns_the_vault_and_a_users_account_reads_none_of_it() {
    let _turn = crate::shared();
    let d = Deployment::start();
    let chief = Some(("chief", "admin.pw"));
    d.ok(&["init"], chief);
    for (name, pw) in [("alice", "alice.pw"), ("bob", "bob.pw")] {
        d.ok(&["user", "add", name, "--role", "clinician", "--new-password-file", d.file(pw).to_str().unwrap()], chief);
    }
    let canary = "zqaccountcanary4k2";
    let note = d.file("note.txt");
    std::fs::write(&note, format!("Seen today; {canary}.\n")).unwrap();
    std::fs::set_permissions(&note, std::fs::Permissions::from_mode(0o644)).unwrap();
    let id = d.ok(&["note", "add", "--text-file", note.to_str().unwrap()], Some(("alice", "alice.pw"))).trim().to_owned();

    // The attack: a user's account reading the vault's files directly.
    let cat = Path::new("/bin/cat");
    for f in ["data/vault.db", "data/keys.json"] {
        let out = d.as_user(cat, &[d.file(f).to_str().unwrap()]);
        assert!(!out.status.success(), "{f} readable from a user's account");
        assert!(String::from_utf8_lossy(&out.stderr).contains("Permission denied"), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let ls = d.as_user(Path::new("/bin/ls"), &[d.file("data").to_str().unwrap()]);
    assert!(!ls.status.success(), "the data directory can be listed from a user's account");

    // Through the service, each clinician has their own notes only.
    assert!(d.ok(&["note", "show", &id], Some(("alice", "alice.pw"))).contains(canary));
    assert_eq!(d.ok(&["note", "list"], Some(("bob", "bob.pw"))).trim(), "", "bob sees none of alice's notes");
    assert_eq!(d.hushnote(&["note", "show", &id], Some(("bob", "bob.pw"))).status.code(), Some(16), "bob may not read it");
    assert!(d.ok(&["audit", "verify"], chief).starts_with("ok: "));

    // A client pointed at no service says so, and nothing changes.
    let out = d.as_user(&bin("hushnote"), &["note", "list", "--socket", "/nonexistent/hushnoted.sock", "--user", "alice", "--password-file", d.file("alice.pw").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(21), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot reach the custody service"));
}
