//! The service binary on its socket, driven by the protocol's own client: what a front end sees.
//! Readiness, hang-ups and shutdown are events the test waits for (the service's "serving" line,
//! a request answered), never a sleep.

use std::io::Write;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};

use hushnote_proto::{Client, DraftSink, ErrorCode, NoteStatus, UnixTransport};
use secrecy::SecretString;

const ADMIN_PW: &str = "correct horse battery staple";
const CLIN_PW: &str = "violet anchor 42 meadow";

struct Service {
    child: Child,
    socket: PathBuf,
    data: PathBuf,
    dir: Option<tempfile::TempDir>,
}

impl Service {
    /// Starts `hushnoted` on a new directory and returns once it says it is serving.
    fn start() -> Self {
        Self::start_at(tempfile::tempdir().unwrap())
    }

    /// Starts `hushnoted` on `dir` (its data and socket under it).
    fn start_at(dir: tempfile::TempDir) -> Self {
        let (data, socket) = (dir.path().join("data"), dir.path().join("run").join("hushnoted.sock"));
        let mut command = Command::new(env!("CARGO_BIN_EXE_hushnoted"));
        command.arg("--data-dir").arg(&data).arg("--socket").arg(&socket).env_remove("HUSHNOTE_DATA_DIR");
        let child = hushnote_testkit::start_service(command);
        Self { child, socket, data, dir: Some(dir) }
    }

    fn client(&self) -> Client<UnixTransport> {
        Client::new(UnixTransport::connect(&self.socket).unwrap())
    }

    fn signal(&self, sig: i32) {
        // SAFETY: kill(2) with the pid of a child we own.
        assert_eq!(unsafe { libc::kill(self.child.id() as i32, sig) }, 0);
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn pw(s: &str) -> SecretString {
    SecretString::from(s)
}

/// A vault with admin `chief` and clinician `alice`.
fn with_users(svc: &Service) {
    let c = svc.client();
    assert_eq!(c.hello().unwrap_err().code, ErrorCode::NoVault, "no vault yet");
    let (vault_id, recovery) = c.init("chief", pw(ADMIN_PW)).unwrap();
    assert_eq!(c.hello().unwrap(), vault_id);
    assert_eq!(recovery.expose().len(), 79, "the recovery key, shown once");
    c.login("chief", pw(ADMIN_PW)).unwrap();
    c.add_user("alice", hushnote_proto::Role::Clinician, pw(CLIN_PW)).unwrap();
    c.logout().unwrap();
}

fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_service_owns_its_directory_and_answers_the_protocol() {
    let svc = Service::start();
    with_users(&svc);
    assert_eq!(mode(&svc.data), 0o700, "the data directory is the service's alone");
    assert_eq!(mode(&svc.socket), 0o666, "every local user may connect");
    let secret = std::fs::read_dir(svc.data.join("secrets")).unwrap().next().unwrap().unwrap().path();
    assert_eq!(mode(&secret), 0o600, "the device secret is a file of the service's account");

    let alice = svc.client();
    assert_eq!(alice.login("alice", pw("not her password")).unwrap_err().code, ErrorCode::WrongPassword);
    assert_eq!(alice.list_notes().unwrap_err().code, ErrorCode::SessionLocked, "nothing before a login");
    alice.login("alice", pw(CLIN_PW)).unwrap();
    let id = alice.add_note("Seen for chest pain.".into(), None, NoteStatus::Draft, serde_json::json!({"source": "test"})).unwrap();
    assert_eq!(alice.read_note(&id).unwrap().text, "Seen for chest pain.");

    // A second connection is a second session: the first one's login is not shared.
    let other = svc.client();
    assert_eq!(other.read_note(&id).unwrap_err().code, ErrorCode::SessionLocked);
    other.login("chief", pw(ADMIN_PW)).unwrap();
    assert_eq!(other.read_note(&id).unwrap_err().code, ErrorCode::Permission, "admins do not read notes");
    assert_eq!(alice.list_notes().unwrap().len(), 1, "alice's session is untouched");
}

#[test]
fn a_client_that_dies_loses_nothing_it_saved_and_garbage_harms_no_one() {
    let svc = Service::start();
    with_users(&svc);
    {
        let c = svc.client();
        c.login("alice", pw(CLIN_PW)).unwrap();
        c.set_draft("first utterance.", None, serde_json::Value::Null).unwrap();
        c.save_draft().unwrap();
        // Said, not yet saved, when the client's process dies: the service saves it as the
        // session ends.
        c.set_draft("first utterance. second utterance.", None, serde_json::Value::Null).unwrap();
    }
    // Not a frame at all, then a frame of nonsense: the connection is dropped, the service lives.
    let mut raw = UnixStream::connect(&svc.socket).unwrap();
    raw.write_all(&[0xff, 0xff, 0xff, 0xff, 1, 2, 3]).unwrap();
    drop(raw);
    let mut raw = UnixStream::connect(&svc.socket).unwrap();
    raw.write_all(&5u32.to_be_bytes()).unwrap();
    raw.write_all(b"hello").unwrap();
    drop(raw);

    // The service sees the hang-up when it reads the connection's end, on its own thread: wait
    // for that event (the saved text), not for a time.
    let c = svc.client();
    c.login("alice", pw(CLIN_PW)).unwrap();
    let saved = |c: &Client<UnixTransport>| {
        let drafts = c.drafts().unwrap();
        assert_eq!(drafts.len(), 1);
        c.read_note(&drafts[0].id).unwrap().text
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while saved(&c) != "first utterance. second utterance." {
        assert!(std::time::Instant::now() < deadline, "the dead client's last utterance was never saved");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn sigterm_saves_open_drafts_and_removes_the_socket() {
    let mut svc = Service::start();
    with_users(&svc);
    let c = svc.client();
    c.login("alice", pw(CLIN_PW)).unwrap();
    c.set_draft("dictated before the upgrade.", None, serde_json::Value::Null).unwrap();
    svc.signal(libc::SIGTERM);
    let status = svc.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    assert!(!svc.socket.exists(), "the socket is gone");
    assert_eq!(c.list_notes().unwrap_err().code, ErrorCode::ServiceUnavailable, "the client is told, clearly");

    // Started again on the same directory: the draft is there, and the service works.
    let svc = Service::start_at(svc.dir.take().unwrap());
    let c = svc.client();
    c.login("alice", pw(CLIN_PW)).unwrap();
    let drafts = c.drafts().unwrap();
    assert_eq!(drafts.len(), 1, "the open draft was saved at SIGTERM");
    assert_eq!(c.read_note(&drafts[0].id).unwrap().text, "dictated before the upgrade.");
}
