//! A vault in a temporary directory driven through the real `hushnote` binary, and a
//! plaintext scanner: shared by the vault and dictation tests.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const ADMIN_PW: &str = "correct horse battery staple";
pub const CLIN_PW: &str = "violet anchor 42 meadow";

pub fn bin() -> PathBuf {
    super::bin("hushnote")
}

pub fn require_secret_service() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "these tests need a real Secret Service: run them under scripts/with-keyring.sh (scripts/test.sh does)"
    );
}

/// One vault directory, its password files, a private TMPDIR and a transcript of everything
/// the binary printed (the "logs" the canary scan covers).
pub struct Lab {
    pub root: tempfile::TempDir,
    pub log: Vec<u8>,
}

impl Default for Lab {
    fn default() -> Self {
        Self::new()
    }
}

impl Lab {
    pub fn new() -> Self {
        require_secret_service();
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("tmp")).unwrap();
        std::fs::write(root.path().join("admin.pw"), format!("{ADMIN_PW}\n")).unwrap();
        std::fs::write(root.path().join("alice.pw"), format!("{CLIN_PW}\n")).unwrap();
        std::fs::write(root.path().join("wrong.pw"), "not the password at all\n").unwrap();
        Self { root, log: Vec::new() }
    }
    pub fn dir(&self) -> PathBuf {
        self.root.path().join("vault")
    }
    pub fn file(&self, name: &str) -> PathBuf {
        self.root.path().join(name)
    }
    /// Runs `hushnote ARGS --data-dir … [--user U --password-file F]`, feeding `stdin`.
    pub fn run(&mut self, args: &[&str], auth: Option<(&str, &str)>, stdin: &str, log_stdout: bool) -> Output {
        let mut cmd = Command::new(bin());
        cmd.args(args)
            .arg("--data-dir")
            .arg(self.dir())
            .env("TMPDIR", self.file("tmp"))
            .env("HUSHNOTE_MODEL_DIR", std::env::var_os("HUSHNOTE_MODEL_DIR").map(PathBuf::from).unwrap_or_else(|| super::root().join("models")))
            .env_remove("HUSHNOTE_DATA_DIR");
        if let Some((user, pwfile)) = auth {
            cmd.arg("--user").arg(user).arg("--password-file").arg(self.file(pwfile));
        }
        let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        if log_stdout {
            self.log.extend_from_slice(&out.stdout);
        }
        self.log.extend_from_slice(&out.stderr);
        out
    }
    pub fn ok(&mut self, args: &[&str], auth: Option<(&str, &str)>, stdin: &str) -> String {
        let out = self.run(args, auth, stdin, true);
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }
    /// Like [`Self::ok`] for output meant for the user's screen (note text, live dictation):
    /// it is not added to the log the canary scans cover.
    pub fn screen(&mut self, args: &[&str], auth: Option<(&str, &str)>) -> String {
        let out = self.run(args, auth, "", false);
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }
    pub fn code(&mut self, args: &[&str], auth: Option<(&str, &str)>) -> i32 {
        self.run(args, auth, "", true).status.code().unwrap_or(-1)
    }
    /// A vault with admin `root` and clinician `alice`; returns the recovery key.
    pub fn setup(&mut self) -> String {
        let rk = self.ok(&["init"], Some(("root", "admin.pw")), "");
        self.ok(&["user", "add", "alice", "--role", "clinician", "--new-password-file", self.file("alice.pw").to_str().unwrap()], Some(("root", "admin.pw")), "");
        rk.trim().to_owned()
    }
    pub fn vault_id(&self) -> String {
        let ks: serde_json::Value = serde_json::from_slice(&std::fs::read(self.dir().join("keys.json")).unwrap()).unwrap();
        ks["vault_id"].as_str().unwrap().to_owned()
    }
}

/// Every file under `dirs` (recursively) whose bytes contain `needle`.
pub fn files_containing(dirs: &[&Path], needle: &[u8]) -> Vec<PathBuf> {
    let mut hits = Vec::new();
    let mut stack: Vec<PathBuf> = dirs.iter().map(|d| d.to_path_buf()).collect();
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            for e in std::fs::read_dir(&p).unwrap() {
                stack.push(e.unwrap().path());
            }
        } else if let Ok(bytes) = std::fs::read(&p) {
            if bytes.windows(needle.len()).any(|w| w == needle) {
                hits.push(p);
            }
        }
    }
    hits
}

pub fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

