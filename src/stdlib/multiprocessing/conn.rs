//! The connection between a parent and one child (a loopback TCP stream: see `transport`).
//! Messages are frames: a 4-byte little-endian length, then a tag byte and the
//! tag's fields (varints and `wire` values). This file owns the framing and the tags; what
//! each side does with a message lives with that side (`worker.rs`, `child.rs`, `queue.rs`).

use parking_lot::Mutex;
use std::io::{self, Read, Write};
use std::net::TcpStream;

/// Parent to child: run a task (`TASK id kind value`).
pub const TASK: u8 = 1;
/// Parent to child: the answer to a `QUEUE_GET` (`QUEUE_REPLY status [item]`).
pub const QUEUE_REPLY: u8 = 2;
/// Parent to child: finish the current task, then exit.
pub const EXIT: u8 = 3;
/// Parent to child: die now, as if by SIGTERM (`Process.terminate`).
pub const TERMINATE: u8 = 4;
/// Child to parent: the script has been run; tasks can be served.
pub const READY: u8 = 10;
/// Child to parent: running the script raised (`BOOT_FAILED error`).
pub const BOOT_FAILED: u8 = 11;
/// Child to parent: a task's outcome (`RESULT id ok value-or-error`).
pub const RESULT: u8 = 12;
/// Child to parent: put an item on a queue (`QUEUE_PUT queue item`).
pub const QUEUE_PUT: u8 = 13;
/// Child to parent: take an item, or ask the size (`QUEUE_GET queue mode`).
pub const QUEUE_GET: u8 = 14;

/// Task kinds.
pub const APPLY: u8 = 0;
pub const STARMAP: u8 = 1;
pub const RUN_PROCESS: u8 = 2;

/// `QUEUE_GET` modes and `QUEUE_REPLY` statuses.
pub const GET_TRY: u8 = 0;
pub const GET_BLOCK: u8 = 1;
pub const GET_SIZE: u8 = 2;
pub const REPLY_EMPTY: u8 = 0;
pub const REPLY_ITEM: u8 = 1;
pub const REPLY_SIZE: u8 = 2;

/// Frames larger than this are taken as a corrupt stream.
const MAX_FRAME: usize = 1 << 30;

/// Where a connection's frames go.
enum Link {
    /// The child has not connected yet: frames wait here, in order.
    Pending(Vec<u8>),
    Open(TcpStream),
    /// The other side never connected, or is gone.
    Closed,
}

/// The sending half of a connection; frames from several threads never interleave.
pub struct Conn {
    link: Mutex<Link>,
}

impl Conn {
    pub fn new(stream: TcpStream) -> Conn {
        Conn {
            link: Mutex::new(Link::Open(stream)),
        }
    }

    /// A connection to a child still starting: what is sent now goes out once it connects,
    /// so starting several children never waits for one to be up.
    pub fn pending() -> Conn {
        Conn {
            link: Mutex::new(Link::Pending(Vec::new())),
        }
    }

    /// The child has connected: sends what waited, then sends directly.
    pub fn attach(&self, mut stream: TcpStream) {
        let mut link = self.link.lock();
        *link = match &*link {
            Link::Pending(waiting) if stream.write_all(waiting).is_err() => Link::Closed,
            Link::Pending(_) => Link::Open(stream),
            _ => Link::Closed,
        };
    }

    /// The other side is gone: sending fails from now on.
    pub fn close(&self) {
        *self.link.lock() = Link::Closed;
    }

    /// Sends one frame; an error means the other side is gone.
    pub fn send(&self, payload: &[u8]) -> io::Result<()> {
        let mut frame = Vec::with_capacity(4 + payload.len());
        frame.extend_from_slice(&(payload.len() as u32).to_le_bytes());
        frame.extend_from_slice(payload);
        match &mut *self.link.lock() {
            Link::Pending(waiting) => {
                waiting.extend_from_slice(&frame);
                Ok(())
            }
            Link::Open(stream) => stream.write_all(&frame),
            Link::Closed => Err(io::ErrorKind::BrokenPipe.into()),
        }
    }
}

/// Reads one frame: `Ok(None)` at a clean end of the stream, an error for a stream cut in the
/// middle of a frame (the frames before it were whole, and have been returned).
pub fn read_frame(r: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 4];
    let mut got = 0;
    while got < 4 {
        match r.read(&mut len[got..]) {
            Ok(0) if got == 0 => return Ok(None),
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let len = u32::from_le_bytes(len) as usize;
    if len > MAX_FRAME || len == 0 {
        return Err(io::ErrorKind::InvalidData.into());
    }
    let mut payload = vec![0u8; len];
    r.read_exact(&mut payload)?;
    Ok(Some(payload))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_a_cut_stream_keeps_whole_frames() {
        let (mut a, mut b) = super::super::transport::stream_pair().expect("pair");
        // Sent before the other side connected: goes out, in order, once it has.
        let conn = Conn::pending();
        conn.send(&[RESULT, 1, 2, 3]).expect("send");
        conn.attach(a.try_clone().expect("clone"));
        conn.send(&[READY]).expect("send");
        // Half a frame, then the sender goes away.
        a.write_all(&[9, 0, 0, 0, RESULT]).expect("write");
        drop(conn);
        drop(a);
        assert_eq!(
            read_frame(&mut b).ok().flatten(),
            Some(vec![RESULT, 1, 2, 3])
        );
        assert_eq!(read_frame(&mut b).ok().flatten(), Some(vec![READY]));
        assert!(read_frame(&mut b).is_err());
    }

    #[test]
    fn a_clean_end_is_none() {
        let (a, mut b) = super::super::transport::stream_pair().expect("pair");
        drop(a);
        assert!(matches!(read_frame(&mut b), Ok(None)));
    }

    #[test]
    fn a_closed_connection_refuses_frames() {
        let conn = Conn::pending();
        conn.close();
        assert!(conn.send(&[READY]).is_err());
    }
}
