//! The custody service's socket, as a [`Transport`]: a Unix domain socket, one frame per request
//! and per answer, in order.

use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::{frame, Error, ErrorCode, Request, Response, Transport};

/// What the service sends back for each request.
pub type Answer = Result<Response, Error>;

/// A connection to `hushnoted`.
pub struct UnixTransport {
    path: PathBuf,
    stream: Mutex<UnixStream>,
}

impl UnixTransport {
    /// Connects to the service listening at `path`.
    pub fn connect(path: &Path) -> Result<Self, Error> {
        let stream = UnixStream::connect(path).map_err(|e| unreachable(path, &e))?;
        Ok(Self { path: path.to_owned(), stream: Mutex::new(stream) })
    }
}

fn unreachable(path: &Path, e: &std::io::Error) -> Error {
    Error::new(
        ErrorCode::ServiceUnavailable,
        format!("cannot reach the custody service at {} ({e}); is hushnoted running, and is this its socket?", path.display()),
    )
}

impl Transport for UnixTransport {
    fn call(&self, request: Request) -> Answer {
        let mut stream = self.stream.lock().unwrap_or_else(|p| p.into_inner());
        let lost = |e: std::io::Error| {
            Error::new(ErrorCode::ServiceUnavailable, format!("the connection to the custody service at {} broke ({e}); what was saved before is kept", self.path.display()))
        };
        frame::write(&mut *stream, &request).map_err(lost)?;
        match frame::read::<_, Answer>(&mut *stream).map_err(lost)? {
            Some(answer) => answer,
            None => Err(lost(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "the service closed the connection"))),
        }
    }
}
