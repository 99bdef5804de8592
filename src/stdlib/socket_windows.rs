//! Winsock under the names of the C library's socket calls, so that `socket`, `select` and
//! `getaddrinfo` (`socket.rs`, `select.rs`, `socket_addrinfo.rs`) are the same code on
//! Windows as on Unix: each of them imports this module as `libc` there. Sockets are made,
//! connected, read and written through `socket2` on both; what is here is what `socket2` and
//! `std` leave out: the constants, `poll` (over `WSAPoll`), `setsockopt`/`getsockopt`,
//! `gethostname`, `getaddrinfo` and its messages, a socket as a number (`fileno`), and
//! `socketpair`, which Winsock lacks (made as CPython's is there: a connection over the
//! loopback interface).
//!
//! A socket's number is its `SOCKET` handle. Handles are kernel handles, which Windows keeps
//! within 32 bits (so that 32-bit processes can share them), so the `i32` descriptors the
//! Unix code passes around hold them whole.
#![allow(non_camel_case_types)]

use socket2::{Domain, Protocol, Socket, Type};
use std::os::windows::io::{AsRawSocket, FromRawSocket, IntoRawSocket, RawSocket};
use std::sync::Once;
use windows_sys::Win32::Networking::WinSock as ws;

pub use std::ffi::{c_char, c_void};

pub type socklen_t = i32;
pub type nfds_t = u32;

// Address families, socket kinds, protocols, options (Winsock's values, as CPython's
// `socket` module has them on Windows).
pub const AF_UNSPEC: i32 = ws::AF_UNSPEC as i32;
pub const AF_UNIX: i32 = ws::AF_UNIX as i32;
pub const AF_INET: i32 = ws::AF_INET as i32;
pub const AF_INET6: i32 = ws::AF_INET6 as i32;
pub const SOCK_STREAM: i32 = ws::SOCK_STREAM;
pub const SOCK_DGRAM: i32 = ws::SOCK_DGRAM;
pub const SOCK_RAW: i32 = ws::SOCK_RAW;
pub const SOL_SOCKET: i32 = ws::SOL_SOCKET;
pub const SO_REUSEADDR: i32 = ws::SO_REUSEADDR;
pub const SO_KEEPALIVE: i32 = ws::SO_KEEPALIVE;
pub const SO_BROADCAST: i32 = ws::SO_BROADCAST;
pub const SO_RCVBUF: i32 = ws::SO_RCVBUF;
pub const SO_SNDBUF: i32 = ws::SO_SNDBUF;
pub const SO_ERROR: i32 = ws::SO_ERROR;
pub const SO_TYPE: i32 = ws::SO_TYPE;
pub const IPPROTO_IP: i32 = ws::IPPROTO_IP;
pub const IPPROTO_TCP: i32 = ws::IPPROTO_TCP;
pub const IPPROTO_UDP: i32 = ws::IPPROTO_UDP;
pub const TCP_NODELAY: i32 = ws::TCP_NODELAY;
pub const SHUT_RD: i32 = ws::SD_RECEIVE;
pub const SHUT_WR: i32 = ws::SD_SEND;
pub const SHUT_RDWR: i32 = ws::SD_BOTH;
pub const MSG_PEEK: i32 = ws::MSG_PEEK;

// `getaddrinfo`'s flags and errors.
pub const AI_PASSIVE: i32 = ws::AI_PASSIVE as i32;
pub const AI_CANONNAME: i32 = ws::AI_CANONNAME as i32;
pub const AI_NUMERICHOST: i32 = ws::AI_NUMERICHOST as i32;
pub const AI_NUMERICSERV: i32 = ws::AI_NUMERICSERV as i32;
pub const AI_V4MAPPED: i32 = ws::AI_V4MAPPED as i32;
pub const AI_ALL: i32 = ws::AI_ALL as i32;
pub const AI_ADDRCONFIG: i32 = ws::AI_ADDRCONFIG as i32;
pub const EAI_AGAIN: i32 = ws::WSATRY_AGAIN;
pub const EAI_BADFLAGS: i32 = ws::WSAEINVAL;
pub const EAI_FAIL: i32 = ws::WSANO_RECOVERY;
pub const EAI_FAMILY: i32 = ws::WSAEAFNOSUPPORT;
pub const EAI_MEMORY: i32 = ws::WSA_NOT_ENOUGH_MEMORY;
pub const EAI_NONAME: i32 = ws::WSAHOST_NOT_FOUND;
pub const EAI_SERVICE: i32 = ws::WSATYPE_NOT_FOUND;
pub const EAI_SOCKTYPE: i32 = ws::WSAESOCKTNOSUPPORT;
/// Winsock has no "see errno" code: a value `getaddrinfo` never returns.
pub const EAI_SYSTEM: i32 = i32::MIN;

// `poll`'s events (WSAPoll's values).
pub const POLLIN: i16 = ws::POLLIN;
pub const POLLPRI: i16 = ws::POLLPRI;
pub const POLLOUT: i16 = ws::POLLOUT;
pub const POLLERR: i16 = ws::POLLERR;
pub const POLLHUP: i16 = ws::POLLHUP;
pub const POLLNVAL: i16 = ws::POLLNVAL;
pub const POLLRDNORM: i16 = ws::POLLRDNORM;
pub const POLLWRNORM: i16 = ws::POLLWRNORM;
/// The events WSAPoll accepts in a request (it fails on any other, POLLPRI included).
const POLL_REQUESTABLE: i16 = ws::POLLRDNORM | ws::POLLRDBAND | ws::POLLWRNORM;

// The C runtime's error numbers for what the Unix code reports itself; a call that would
// block or was interrupted reports Winsock's codes.
pub const EBADF: i32 = 9;
pub const EIO: i32 = 5;
pub const ENOENT: i32 = 2;
pub const EINVAL: i32 = 22;
pub const EAGAIN: i32 = ws::WSAEWOULDBLOCK;
pub const EINTR: i32 = ws::WSAEINTR;

/// Starts Winsock once (`std` and `socket2` start it for their own calls; the calls made
/// directly here may come first).
fn startup() {
    static START: Once = Once::new();
    START.call_once(|| {
        // SAFETY: WSADATA is plain data, filled by the call.
        let mut data: ws::WSADATA = unsafe { std::mem::zeroed() };
        // SAFETY: version 2.2 and a valid out-pointer.
        unsafe { ws::WSAStartup(0x0202, &mut data) };
    });
}

/// A socket's handle as the descriptor number the Unix code uses.
pub trait AsRawFd {
    fn as_raw_fd(&self) -> i32;
}

/// The socket behind a descriptor number (`socket(fileno=...)`).
pub trait FromRawFd {
    /// # Safety
    /// `fd` must be an open socket handle that nothing else owns.
    unsafe fn from_raw_fd(fd: i32) -> Self;
}

/// Gives up a socket, returning its descriptor number (`detach`, `accept`).
pub trait IntoRawFd {
    fn into_raw_fd(self) -> i32;
}

impl AsRawFd for Socket {
    fn as_raw_fd(&self) -> i32 {
        self.as_raw_socket() as i32
    }
}

impl FromRawFd for Socket {
    unsafe fn from_raw_fd(fd: i32) -> Socket {
        // SAFETY: the caller's promise.
        unsafe { Socket::from_raw_socket(fd as u32 as RawSocket) }
    }
}

impl IntoRawFd for Socket {
    fn into_raw_fd(self) -> i32 {
        self.into_raw_socket() as i32
    }
}

/// `Socket::pair` where Winsock has no socketpair: a listener on the loopback interface
/// (IPv6 for AF_INET6, IPv4 otherwise), one connection to it, the listener closed.
pub trait SocketPair: Sized {
    fn pair(
        domain: Domain,
        kind: Type,
        protocol: Option<Protocol>,
    ) -> std::io::Result<(Self, Self)>;
}

impl SocketPair for Socket {
    fn pair(
        domain: Domain,
        kind: Type,
        protocol: Option<Protocol>,
    ) -> std::io::Result<(Socket, Socket)> {
        use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
        let (domain, host): (Domain, SocketAddr) = if domain == Domain::IPV6 {
            (Domain::IPV6, (Ipv6Addr::LOCALHOST, 0).into())
        } else {
            (Domain::IPV4, (Ipv4Addr::LOCALHOST, 0).into())
        };
        if kind != Type::STREAM {
            return Err(std::io::Error::from_raw_os_error(ws::WSAESOCKTNOSUPPORT));
        }
        let listener = Socket::new(domain, kind, protocol)?;
        listener.bind(&host.into())?;
        listener.listen(1)?;
        let address = listener.local_addr()?;
        let a = Socket::new(domain, kind, protocol)?;
        a.connect(&address)?;
        let (b, _) = listener.accept()?;
        // Only the two ends of this connection: not some other program that connected first.
        if a.local_addr()?.as_socket() != b.peer_addr()?.as_socket() {
            return Err(std::io::Error::from_raw_os_error(ws::WSAECONNABORTED));
        }
        Ok((a, b))
    }
}

/// One descriptor of a `poll` request, laid out as the C library's.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct pollfd {
    pub fd: i32,
    pub events: i16,
    pub revents: i16,
}

/// `poll(2)` over WSAPoll: sockets only (as `select` is on Windows). Events WSAPoll cannot
/// be asked for (POLLPRI) are left out of the request. With no descriptors at all it sleeps
/// for the timeout, as poll does (WSAPoll refuses an empty set).
///
/// # Safety
/// `fds` must point to `n` valid `pollfd`s.
pub unsafe fn poll(fds: *mut pollfd, n: nfds_t, timeout_ms: i32) -> i32 {
    // SAFETY: the caller's promise.
    let fds = unsafe { std::slice::from_raw_parts_mut(fds, n as usize) };
    if fds.is_empty() {
        if timeout_ms > 0 {
            std::thread::sleep(std::time::Duration::from_millis(timeout_ms as u64));
        }
        return 0;
    }
    startup();
    let mut polled: Vec<ws::WSAPOLLFD> = fds
        .iter()
        .map(|p| ws::WSAPOLLFD {
            fd: p.fd as u32 as ws::SOCKET,
            events: p.events & POLL_REQUESTABLE,
            revents: 0,
        })
        .collect();
    // SAFETY: `polled` is a valid array of its length.
    let rc = unsafe { ws::WSAPoll(polled.as_mut_ptr(), polled.len() as u32, timeout_ms) };
    if rc > 0 {
        for (p, w) in fds.iter_mut().zip(&polled) {
            p.revents = w.revents;
        }
    }
    rc
}

/// `setsockopt(2)` on a socket's handle.
///
/// # Safety
/// `value` must point to `len` readable bytes.
pub unsafe fn setsockopt(
    fd: i32,
    level: i32,
    name: i32,
    value: *const c_void,
    len: socklen_t,
) -> i32 {
    // SAFETY: the caller's promise.
    unsafe {
        ws::setsockopt(
            fd as u32 as ws::SOCKET,
            level,
            name,
            value as *const u8,
            len,
        )
    }
}

/// `getsockopt(2)` on a socket's handle.
///
/// # Safety
/// `value` must point to `*len` writable bytes.
pub unsafe fn getsockopt(
    fd: i32,
    level: i32,
    name: i32,
    value: *mut c_void,
    len: *mut socklen_t,
) -> i32 {
    // SAFETY: the caller's promise.
    unsafe { ws::getsockopt(fd as u32 as ws::SOCKET, level, name, value as *mut u8, len) }
}

/// `gethostname(2)`.
///
/// # Safety
/// `name` must point to `len` writable bytes.
pub unsafe fn gethostname(name: *mut c_char, len: usize) -> i32 {
    startup();
    // SAFETY: the caller's promise.
    unsafe { ws::gethostname(name as *mut u8, len.min(i32::MAX as usize) as i32) }
}

/// One result of `getaddrinfo`, laid out as Winsock's ADDRINFOA (the C library's field
/// names, the C string types).
#[repr(C)]
pub struct addrinfo {
    pub ai_flags: i32,
    pub ai_family: i32,
    pub ai_socktype: i32,
    pub ai_protocol: i32,
    pub ai_addrlen: usize,
    pub ai_canonname: *mut c_char,
    pub ai_addr: *mut c_void,
    pub ai_next: *mut addrinfo,
}

#[repr(C)]
pub struct in_addr {
    pub s_addr: u32,
}

/// Winsock's SOCKADDR_IN, with the C library's field names.
#[repr(C)]
pub struct sockaddr_in {
    pub sin_family: u16,
    pub sin_port: u16,
    pub sin_addr: in_addr,
    pub sin_zero: [u8; 8],
}

#[repr(C)]
pub struct in6_addr {
    pub s6_addr: [u8; 16],
}

/// Winsock's SOCKADDR_IN6, with the C library's field names.
#[repr(C)]
pub struct sockaddr_in6 {
    pub sin6_family: u16,
    pub sin6_port: u16,
    pub sin6_flowinfo: u32,
    pub sin6_addr: in6_addr,
    pub sin6_scope_id: u32,
}

// The layouts above must be Winsock's.
const _: () = assert!(std::mem::size_of::<addrinfo>() == std::mem::size_of::<ws::ADDRINFOA>());
const _: () = assert!(std::mem::size_of::<sockaddr_in>() == std::mem::size_of::<ws::SOCKADDR_IN>());
const _: () =
    assert!(std::mem::size_of::<sockaddr_in6>() == std::mem::size_of::<ws::SOCKADDR_IN6>());

/// `getaddrinfo(3)`: 0 or an EAI_ code (Winsock's WSA code).
///
/// # Safety
/// `node` and `service` are null or NUL-terminated; `hints` points to an initialised
/// `addrinfo`; the list stored in `*res` must be freed with `freeaddrinfo`.
pub unsafe fn getaddrinfo(
    node: *const c_char,
    service: *const c_char,
    hints: *const addrinfo,
    res: *mut *mut addrinfo,
) -> i32 {
    startup();
    // SAFETY: the caller's promise; `addrinfo` has ADDRINFOA's layout.
    unsafe {
        ws::getaddrinfo(
            node as *const u8,
            service as *const u8,
            hints as *const ws::ADDRINFOA,
            res as *mut *mut ws::ADDRINFOA,
        )
    }
}

/// `freeaddrinfo(3)`.
///
/// # Safety
/// `list` came from `getaddrinfo` and is freed once.
pub unsafe fn freeaddrinfo(list: *mut addrinfo) {
    // SAFETY: the caller's promise.
    unsafe { ws::freeaddrinfo(list as *const ws::ADDRINFOA) }
}

/// `gai_strerror(3)` (an inline function in Winsock's headers, not a library call): the
/// texts Windows gives for these codes.
pub fn gai_strerror(code: i32) -> *const c_char {
    let text: &'static std::ffi::CStr = match code {
        EAI_AGAIN => c"This is usually a temporary error during hostname resolution and means that the local server did not receive a response from an authoritative server.",
        EAI_BADFLAGS => c"An invalid argument was supplied.",
        EAI_FAIL => c"A non-recoverable error occurred during a database lookup.",
        EAI_FAMILY => c"An address incompatible with the requested protocol was used.",
        EAI_MEMORY => c"Not enough memory resources are available to process this command.",
        EAI_NONAME => c"No such host is known.",
        EAI_SERVICE => c"The specified class was not found.",
        EAI_SOCKTYPE => c"The support for the specified socket type does not exist in this address family.",
        _ => c"Unknown error",
    };
    text.as_ptr()
}

/// The path of an AF_UNIX address (`SockAddr::as_pathname` is Unix-only in `socket2`):
/// `None` for other families and unnamed sockets.
pub trait SockAddrPath {
    fn as_pathname(&self) -> Option<std::path::PathBuf>;
}

impl SockAddrPath for socket2::SockAddr {
    fn as_pathname(&self) -> Option<std::path::PathBuf> {
        if self.family() != ws::AF_UNIX {
            return None;
        }
        let len = (self.len() as usize).min(std::mem::size_of::<socket2::SockAddrStorage>());
        // SAFETY: the storage is at least `len` bytes long (clamped to its size above).
        let bytes = unsafe { std::slice::from_raw_parts(self.as_ptr() as *const u8, len) };
        // A sockaddr_un: the family (two bytes), then the NUL-terminated path.
        let path = bytes.get(2..)?;
        let end = path.iter().position(|b| *b == 0).unwrap_or(path.len());
        (end > 0).then(|| String::from_utf8_lossy(&path[..end]).into_owned().into())
    }
}
