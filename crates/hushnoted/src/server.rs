//! The socket: a Unix domain socket that every local user may connect to, one thread and one
//! custody session per connection, one frame per request and per answer. A workstation has a
//! handful of clients and custody's calls block (SQLite, Argon2id), so plain threads serve them;
//! no async runtime is needed.

use std::io;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};

use hushnote_proto::{frame, Answer, Request, Transport};

use crate::{Custody, Keeper};

/// A bound, listening service.
pub struct Server {
    dir: PathBuf,
    socket: PathBuf,
    listener: UnixListener,
    sessions: Arc<Mutex<Vec<Weak<Custody>>>>,
}

/// Why the service could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot create or secure the data directory {0}: {1}")]
    DataDir(String, io::Error),
    #[error("another custody service is already listening on {0}")]
    InUse(String),
    #[error("cannot listen on {0}: {1}")]
    Socket(String, io::Error),
}

impl Server {
    /// Makes `dir` the service's own (0700) and listens on `socket` (0666: local users connect;
    /// what they may do is decided per request, by who logs in).
    pub fn bind(dir: &Path, socket: &Path) -> Result<Self, StartError> {
        let shown = |p: &Path| p.display().to_string();
        std::fs::create_dir_all(dir).map_err(|e| StartError::DataDir(shown(dir), e))?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(|e| StartError::DataDir(shown(dir), e))?;
        if socket.exists() {
            // A socket file nobody answers on is left from a service that died: replace it.
            if UnixStream::connect(socket).is_ok() {
                return Err(StartError::InUse(shown(socket)));
            }
            std::fs::remove_file(socket).map_err(|e| StartError::Socket(shown(socket), e))?;
        }
        if let Some(parent) = socket.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| StartError::Socket(shown(socket), e))?;
        }
        let listener = UnixListener::bind(socket).map_err(|e| StartError::Socket(shown(socket), e))?;
        std::fs::set_permissions(socket, std::fs::Permissions::from_mode(0o666)).map_err(|e| StartError::Socket(shown(socket), e))?;
        Ok(Self { dir: dir.to_owned(), socket: socket.to_owned(), listener, sessions: Arc::default() })
    }

    /// Locks every open session (each saves its draft first) and removes the socket: what the
    /// service does before it stops.
    pub fn stopper(&self) -> impl Fn() + Send + 'static {
        let (sessions, socket) = (self.sessions.clone(), self.socket.clone());
        move || {
            let _ = std::fs::remove_file(&socket);
            for s in sessions.lock().unwrap_or_else(|p| p.into_inner()).iter().filter_map(Weak::upgrade) {
                let _ = s.lock();
            }
        }
    }

    /// Serves connections until the process ends.
    pub fn serve(self) -> io::Result<()> {
        for stream in self.listener.incoming() {
            let stream = match stream {
                Ok(s) => s,
                // A client that went away before being accepted changes nothing.
                Err(e) if e.kind() == io::ErrorKind::ConnectionAborted => continue,
                Err(e) => return Err(e),
            };
            let custody = Arc::new(Custody::new(self.dir.clone(), Keeper::ServiceFile));
            {
                let mut sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
                sessions.retain(|w| w.strong_count() > 0);
                sessions.push(Arc::downgrade(&custody));
            }
            std::thread::spawn(move || connection(stream, &custody));
        }
        Ok(())
    }
}

/// One client: requests answered in order until it hangs up. When it does (or dies), its
/// session ends as a logout would: the draft is saved, the key wiped.
fn connection(mut stream: UnixStream, custody: &Custody) {
    loop {
        let request = match frame::read::<_, Request>(&mut stream) {
            Ok(Some(r)) => r,
            // Hung up, or sent something that is no request: either way this connection is over.
            Ok(None) | Err(_) => break,
        };
        let answer: Answer = custody.call(request);
        if frame::write(&mut stream, &answer).is_err() {
            break;
        }
    }
    let _ = custody.call(Request::Logout);
}
