//! Frames on a stream: a 4-byte big-endian length, then that many bytes of JSON. A frame over
//! [`MAX_FRAME`] is refused before it is read, so a peer cannot make the other side allocate
//! without bound. Buffers that held a frame are wiped (frames carry note text and secrets).

use std::io::{self, Read, Write};

use serde::de::DeserializeOwned;
use serde::Serialize;
use zeroize::Zeroizing;

/// The largest frame either side accepts: room for a note at the policy's size limit and a
/// long dictation's audio.
pub const MAX_FRAME: usize = 96 * 1024 * 1024;

/// Writes `value` as one frame.
pub fn write<W: Write>(w: &mut W, value: &impl Serialize) -> io::Result<()> {
    let body = Zeroizing::new(serde_json::to_vec(value).map_err(io::Error::other)?);
    if body.len() > MAX_FRAME {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("a frame of {} bytes is over the limit of {MAX_FRAME}", body.len())));
    }
    w.write_all(&(body.len() as u32).to_be_bytes())?;
    w.write_all(&body)?;
    w.flush()
}

/// Reads one frame; `Ok(None)` when the stream ends cleanly before a frame begins.
pub fn read<R: Read, T: DeserializeOwned>(r: &mut R) -> io::Result<Option<T>> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u32::from_be_bytes(len) as usize;
    if len > MAX_FRAME {
        return Err(io::Error::new(io::ErrorKind::InvalidData, format!("a frame of {len} bytes is over the limit of {MAX_FRAME}")));
    }
    let mut body = Zeroizing::new(vec![0u8; len]);
    r.read_exact(&mut body)?;
    serde_json::from_slice(&body).map(Some).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("a malformed frame ({})", json_problem(&e))))
}

/// What is wrong with a JSON text, without quoting it (it may be PHI): for frames here, and for
/// any front end that reads JSON a user gave (the CLI's JSON Lines).
pub fn json_problem(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Data => "a field is missing or has the wrong type",
        serde_json::error::Category::Syntax => "invalid JSON",
        serde_json::error::Category::Eof => "the JSON ends early",
        serde_json::error::Category::Io => "read error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_end_and_limits() {
        let mut buf = Vec::new();
        write(&mut buf, &serde_json::json!({"op": "hello"})).unwrap();
        write(&mut buf, &7u32).unwrap();
        let mut r = &buf[..];
        assert_eq!(read::<_, serde_json::Value>(&mut r).unwrap().unwrap()["op"], "hello");
        assert_eq!(read::<_, u32>(&mut r).unwrap(), Some(7));
        assert_eq!(read::<_, u32>(&mut r).unwrap(), None, "a clean end");
        // A length over the limit is refused before anything is allocated.
        let huge = ((MAX_FRAME + 1) as u32).to_be_bytes();
        assert_eq!(read::<_, u32>(&mut &huge[..]).unwrap_err().kind(), io::ErrorKind::InvalidData);
        // A frame cut short is an error, not a clean end.
        let cut = [0, 0, 0, 9, b'{'];
        assert!(read::<_, u32>(&mut &cut[..]).is_err());
        // Malformed JSON says so without quoting it.
        let mut bad = Vec::new();
        bad.extend_from_slice(&15u32.to_be_bytes());
        bad.extend_from_slice(b"{\"secret\": PHI}");
        let e = read::<_, serde_json::Value>(&mut &bad[..]).unwrap_err().to_string();
        assert!(e.contains("malformed") && !e.contains("PHI"), "{e}");
    }
}
