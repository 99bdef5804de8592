//! How a parent and its children find each other: one TCP connection on the loopback
//! interface per child, the same on Linux, macOS and Windows (so the Linux tests exercise the
//! transport every platform uses). The parent listens on `127.0.0.1`, on a port the system
//! picks, from the first child it starts; a child is told where in `MINIPY_MP_CONNECT`
//! (`PORT:TOKEN:ID`), connects, and opens with a 16-byte hello: the token (a random number
//! that only the parent and its children know, so a stray local connection is turned away)
//! and its id, which tells the parent which child this connection is.
//!
//! A child's standard streams stay the user's (stdin is the null device, as a child must not
//! read the user's input). The connection closing means the other side is gone: a killed
//! child is reaped, a child whose parent died exits.

use parking_lot::Mutex;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

/// The environment variable that tells a child where its parent listens: `PORT:TOKEN:ID`.
pub const CONNECT_ENV: &str = "MINIPY_MP_CONNECT";

/// How long a new connection may take to send its hello before it is dropped.
const HELLO_TIMEOUT: Duration = Duration::from_secs(2);

/// The parent's listening end, made when the first child starts.
struct Hub {
    port: u16,
    token: u64,
    next_id: u64,
    /// Children started and not connected yet, by id.
    waiting: HashMap<u64, Sender<TcpStream>>,
}

static HUB: Mutex<Option<Hub>> = Mutex::new(None);

/// Connections accepted whose hello is still being read.
static GREETING: AtomicUsize = AtomicUsize::new(0);

fn random_token() -> u64 {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    if let Ok(t) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        h.write_u128(t.as_nanos());
    }
    h.finish()
}

fn start_hub() -> io::Result<Hub> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    let port = listener.local_addr()?.port();
    let token = random_token();
    std::thread::Builder::new()
        .name("mp-accept".into())
        .spawn(move || accept_loop(listener, token))?;
    Ok(Hub {
        port,
        token,
        next_id: 0,
        waiting: HashMap::new(),
    })
}

/// Hands each child's connection to whoever waits for that child.
fn accept_loop(listener: TcpListener, token: u64) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of descriptors, most likely: give the others a moment to close some.
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        GREETING.fetch_add(1, Ordering::SeqCst);
        if let Some((id, stream)) = greet(stream, token) {
            let waiter = HUB.lock().as_mut().and_then(|h| h.waiting.remove(&id));
            if let Some(tx) = waiter {
                let _ = tx.send(stream);
            }
        }
        GREETING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Reads a connection's hello: the child's id when the token is right.
fn greet(mut stream: TcpStream, token: u64) -> Option<(u64, TcpStream)> {
    stream.set_read_timeout(Some(HELLO_TIMEOUT)).ok()?;
    let mut hello = [0u8; 16];
    stream.read_exact(&mut hello).ok()?;
    let (got, id) = hello.split_at(8);
    if u64::from_le_bytes(got.try_into().ok()?) != token {
        return None;
    }
    stream.set_read_timeout(None).ok()?;
    // Frames are small and answered one by one: send each at once.
    stream.set_nodelay(true).ok()?;
    Some((u64::from_le_bytes(id.try_into().ok()?), stream))
}

/// A child about to be started, whose connection the parent waits for.
pub struct Expected {
    id: u64,
    /// The value of `CONNECT_ENV` for this child.
    pub env: String,
    connected: Receiver<TcpStream>,
}

/// Registers a child to come: its id and where it must connect.
pub fn expect_child() -> io::Result<Expected> {
    let mut hub = HUB.lock();
    if hub.is_none() {
        *hub = Some(start_hub()?);
    }
    let Some(h) = hub.as_mut() else {
        return Err(io::ErrorKind::NotConnected.into());
    };
    h.next_id += 1;
    let (tx, rx) = mpsc::channel();
    h.waiting.insert(h.next_id, tx);
    Ok(Expected {
        id: h.next_id,
        env: format!("{}:{:x}:{}", h.port, h.token, h.next_id),
        connected: rx,
    })
}

impl Expected {
    /// Waits for the child's connection; `exited` says whether the child has ended (then
    /// none is coming, once a connection already accepted has been greeted).
    pub fn wait(self, mut exited: impl FnMut() -> bool) -> Option<TcpStream> {
        let stream = loop {
            match self.connected.recv_timeout(Duration::from_millis(20)) {
                Ok(s) => break Some(s),
                Err(RecvTimeoutError::Timeout) if !exited() => {}
                Err(_) => break self.last_chance(),
            }
        };
        if let Some(h) = HUB.lock().as_mut() {
            h.waiting.remove(&self.id);
        }
        stream
    }

    /// The child has ended: it may still have connected (and said something) before that.
    fn last_chance(&self) -> Option<TcpStream> {
        loop {
            if let Ok(s) = self.connected.try_recv() {
                return Some(s);
            }
            if GREETING.load(Ordering::SeqCst) == 0 {
                return self.connected.try_recv().ok();
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}

/// The child's side: connects to the parent named by `CONNECT_ENV` and says hello.
pub fn connect_to_parent() -> io::Result<TcpStream> {
    let value = std::env::var(CONNECT_ENV).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{CONNECT_ENV} is not set"),
        )
    })?;
    connect(&value)
}

/// Connects to `PORT:TOKEN:ID` and says hello.
fn connect(value: &str) -> io::Result<TcpStream> {
    let bad = || io::Error::new(io::ErrorKind::InvalidInput, format!("bad {CONNECT_ENV}"));
    let mut parts = value.split(':');
    let mut field = |radix| {
        parts
            .next()
            .and_then(|p| u64::from_str_radix(p, radix).ok())
            .ok_or_else(bad)
    };
    let (port, token, id) = (field(10)?, field(16)?, field(10)?);
    let port = u16::try_from(port).map_err(|_| bad())?;
    let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port))?;
    stream.set_nodelay(true)?;
    let mut hello = [0u8; 16];
    hello[..8].copy_from_slice(&token.to_le_bytes());
    hello[8..].copy_from_slice(&id.to_le_bytes());
    stream.write_all(&hello)?;
    Ok(stream)
}

/// A connected pair of loopback streams (for tests).
#[cfg(test)]
pub fn stream_pair() -> io::Result<(TcpStream, TcpStream)> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    let a = TcpStream::connect(listener.local_addr()?)?;
    let (b, _) = listener.accept()?;
    Ok((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_child_with_the_token_is_handed_to_its_waiter_and_a_stranger_is_not() {
        let expected = expect_child().expect("listen");
        let port: u16 = expected.env.split(':').next().unwrap().parse().unwrap();
        // A stranger with the wrong token: dropped, and the waiter does not get it.
        let mut stranger = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).expect("connect");
        stranger.write_all(&[0u8; 16]).expect("hello");
        // The child: the right hello.
        let mut child = connect(&expected.env).expect("child connects");
        child.write_all(b"hi").expect("write");
        let mut parent = expected.wait(|| false).expect("the child's connection");
        let mut got = [0u8; 2];
        parent.read_exact(&mut got).expect("read");
        assert_eq!(&got, b"hi");
        let mut rest = [0u8; 1];
        assert_eq!(
            stranger.read(&mut rest).unwrap_or(0),
            0,
            "the stranger is hung up on"
        );
    }

    #[test]
    fn a_child_that_ends_without_connecting_is_not_waited_for() {
        let expected = expect_child().expect("listen");
        assert!(expected.wait(|| true).is_none());
    }
}
