//! The `_socket` module, under the Python module `socket` (`lib/socket.py` adds the
//! `socket` class users make, `makefile`, `create_connection` and the enums): BSD sockets
//! over TCP, UDP and Unix-domain addresses. A call that waits (accept, connect, recv, send)
//! releases the GIL and shows as blocked in `--trace`; the main thread still notices Ctrl-C
//! and other signals while it waits, and a timeout set with `settimeout` raises
//! `TimeoutError: timed out`, as in CPython.

// Winsock under the C library's names (see `socket_windows`).
use super::itertools::R0;
#[cfg(windows)]
use super::socket_windows as libc;
#[cfg(windows)]
use super::socket_windows::{AsRawFd, FromRawFd, IntoRawFd, SockAddrPath, SocketPair};
use super::struct_module::read_buffer;
use super::sync_more::{core_of, exception_class, install_core, instance_attr, param};
use crate::builtins::oserror::{from_errno, from_io, os_error_of_class};
use crate::objects::class::Layout;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::signals::signals_pending;
use crate::vm::threads::WaitTarget;
use crate::vm::Runtime;
use crate::vm::Vm;
use parking_lot::Mutex;
use socket2::{Domain, Protocol, SockAddr, Socket, Type};
use std::mem::MaybeUninit;
use std::net::{SocketAddr, ToSocketAddrs};
#[cfg(unix)]
use std::os::fd::{AsRawFd, FromRawFd, IntoRawFd};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A socket's state behind its Python object. `sock` is `None` once closed or detached.
struct SocketCore {
    sock: Mutex<Option<Socket>>,
    /// `None`: blocking; `Some(0.0)`: non-blocking; otherwise the timeout in seconds.
    timeout: Mutex<Option<f64>>,
    family: i32,
}

/// The module-wide default timeout (`setdefaulttimeout`), as f64 bits; NaN means None.
static DEFAULT_TIMEOUT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(u64::MAX);

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("gethostname", gethostname),
        ("gethostbyname", gethostbyname),
        ("getdefaulttimeout", getdefaulttimeout),
        ("setdefaulttimeout", setdefaulttimeout),
        ("htons", htons),
        ("ntohs", htons),
        ("htonl", htonl),
        ("ntohl", htonl),
        ("inet_aton", inet_aton),
        ("inet_ntoa", inet_ntoa),
        ("_socketpair", socketpair),
        ("getaddrinfo", super::socket_addrinfo::getaddrinfo),
    ];
    super::add_functions(vm, m, functions);
    let constants: &[(&str, i32)] = &[
        ("AF_INET", libc::AF_INET),
        ("AF_INET6", libc::AF_INET6),
        ("AF_UNIX", libc::AF_UNIX),
        ("SOCK_STREAM", libc::SOCK_STREAM),
        ("SOCK_DGRAM", libc::SOCK_DGRAM),
        ("SOL_SOCKET", libc::SOL_SOCKET),
        ("SO_REUSEADDR", libc::SO_REUSEADDR),
        #[cfg(unix)]
        ("SO_REUSEPORT", libc::SO_REUSEPORT),
        ("SO_KEEPALIVE", libc::SO_KEEPALIVE),
        ("SO_BROADCAST", libc::SO_BROADCAST),
        ("SO_RCVBUF", libc::SO_RCVBUF),
        ("SO_SNDBUF", libc::SO_SNDBUF),
        ("SO_ERROR", libc::SO_ERROR),
        ("SO_TYPE", libc::SO_TYPE),
        ("IPPROTO_IP", libc::IPPROTO_IP),
        ("IPPROTO_TCP", libc::IPPROTO_TCP),
        ("IPPROTO_UDP", libc::IPPROTO_UDP),
        ("TCP_NODELAY", libc::TCP_NODELAY),
        ("SHUT_RD", libc::SHUT_RD),
        ("SHUT_WR", libc::SHUT_WR),
        ("SHUT_RDWR", libc::SHUT_RDWR),
        ("SOMAXCONN", 4096),
        ("MSG_PEEK", libc::MSG_PEEK),
        #[cfg(unix)]
        ("MSG_DONTWAIT", libc::MSG_DONTWAIT),
    ];
    for (name, value) in constants.iter().chain(super::socket_addrinfo::CONSTANTS) {
        vm.set_module_attr(m, name, Value::Int(*value as i64));
    }
    vm.set_module_attr(m, "has_ipv6", Value::Bool(true));
    vm.set_module_attr(m, "socket", Value::Obj(socket_class(vm)));
    vm.set_module_attr(m, "gaierror", Value::Obj(gaierror_class(vm)));
    let herror = exception_class(
        vm,
        "socket",
        "herror",
        vm.types().exception(ExcKind::OSError),
    );
    vm.set_module_attr(m, "herror", Value::Obj(herror));
    true
}

fn socket_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    let methods: &[(&'static str, NativeFn<R>)] = &[
        ("__init__", socket_init),
        ("bind", bind),
        ("listen", listen),
        ("_accept", accept),
        ("connect", connect),
        ("connect_ex", connect_ex),
        ("send", send),
        ("sendall", sendall),
        ("sendto", sendto),
        ("recv", recv),
        ("recvfrom", recvfrom),
        ("close", close),
        ("detach", detach),
        ("fileno", fileno),
        ("settimeout", settimeout),
        ("gettimeout", gettimeout),
        ("setblocking", setblocking),
        ("getblocking", getblocking),
        ("setsockopt", setsockopt),
        ("getsockopt", getsockopt),
        ("getsockname", getsockname),
        ("getpeername", getpeername),
        ("shutdown", shutdown),
    ];
    vm.native_class_with_layout("socket", "_socket", Layout::Object, methods)
}

pub fn gaierror_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    exception_class(
        vm,
        "socket",
        "gaierror",
        vm.types().exception(ExcKind::OSError),
    )
}

/// `socket.gaierror: [Errno -2] Name or service not known`.
fn gaierror<R: Runtime>(vm: &mut Vm<R>) -> PyErr<R> {
    let class = gaierror_class(vm);
    os_error_of_class(vm, &class, -2, "Name or service not known", None, None)
}

fn timed_out<R: Runtime>(vm: &mut Vm<R>) -> PyErr<R> {
    let class = vm.types().exception(ExcKind::TimeoutError).clone();
    let text = vm.new_str("timed out");
    match vm.new_exception_object(&class, vec![text]) {
        Value::Obj(o) => PyErr::Object(o),
        _ => PyErr::new(ExcKind::TimeoutError, "timed out"),
    }
}

fn bad_fd<R: Runtime>(vm: &mut Vm<R>) -> PyErr<R> {
    from_errno(vm, libc::EBADF, None, None)
}

fn default_timeout() -> Option<f64> {
    let bits = DEFAULT_TIMEOUT.load(std::sync::atomic::Ordering::Relaxed);
    (bits != u64::MAX).then(|| f64::from_bits(bits))
}

fn socket_init<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let this = args.pos.first().cloned().unwrap_or(Value::None);
    let int_param = |vm: &Vm<R>, v: Option<Value<R>>, default: i32| -> PyResult<i32, R> {
        match v {
            None | Some(Value::None) => Ok(default),
            Some(v) => match vm.int_i64(&v)? {
                -1 => Ok(default),
                n => Ok(n as i32),
            },
        }
    };
    let family = param(&mut args, "family", 1);
    let family = int_param(vm, family, libc::AF_INET)?;
    let kind = param(&mut args, "type", 2);
    let kind = int_param(vm, kind, libc::SOCK_STREAM)?;
    let proto = param(&mut args, "proto", 3);
    let proto = int_param(vm, proto, 0)?;
    let fileno = param(&mut args, "fileno", 4).filter(|v| !v.is_none());
    let sock = match fileno {
        Some(fd) => {
            let fd = vm.int_i64(&fd)?;
            if fd < 0 {
                return Err(PyErr::value_error("negative file descriptor"));
            }
            // SAFETY: the descriptor came from `_accept` or `detach`, which gave up their
            // ownership of it; the new socket owns it from now on.
            unsafe { Socket::from_raw_fd(fd as i32) }
        }
        None => {
            let protocol = (proto != 0).then_some(Protocol::from(proto));
            match Socket::new(Domain::from(family), Type::from(kind), protocol) {
                Ok(s) => s,
                Err(e) => return Err(from_io(vm, &e, None)),
            }
        }
    };
    let timeout = default_timeout();
    if timeout.is_some() {
        let _ = sock.set_nonblocking(timeout == Some(0.0));
    }
    let core = Arc::new(SocketCore {
        sock: Mutex::new(Some(sock)),
        timeout: Mutex::new(timeout),
        family,
    });
    install_core(vm, &this, core)?;
    for (name, value) in [("_family", family), ("_type", kind), ("_proto", proto)] {
        let key = vm.str_key(name);
        vm.set_attr(&this, &key, Value::Int(value as i64))?;
    }
    Ok(Value::None)
}

fn core<R: Runtime>(vm: &Vm<R>, args: &Args<R>) -> PyResult<Arc<SocketCore>, R> {
    core_of::<R, SocketCore>(vm, args, "socket")
}

/// Runs `op` on the open socket, or raises `[Errno 9] Bad file descriptor`.
fn with_socket<R: Runtime, T>(
    vm: &mut Vm<R>,
    core: &SocketCore,
    op: impl FnOnce(&Socket) -> std::io::Result<T>,
) -> PyResult<T, R> {
    let result = match core.sock.lock().as_ref() {
        Some(s) => op(s),
        None => return Err(bad_fd(vm)),
    };
    result.map_err(|e| from_io(vm, &e, None))
}

/// Waits, with the GIL released, until the socket can be read (or written): at most the
/// socket's timeout (`TimeoutError`), forever when it blocks, not at all when non-blocking.
/// Signals that arrive meanwhile run their handlers in the main thread, then the wait
/// goes on (PEP 475).
/// `what` names the call in `--trace` ("socket recv").
fn wait_ready<R: Runtime>(
    vm: &mut Vm<R>,
    core: &SocketCore,
    write: bool,
    what: &'static str,
) -> PyResult<(), R> {
    let timeout = *core.timeout.lock();
    if timeout == Some(0.0) {
        return Ok(());
    }
    let fd = match core.sock.lock().as_ref() {
        Some(s) => s.as_raw_fd(),
        None => return Err(bad_fd(vm)),
    };
    let deadline = timeout.map(|t| Instant::now() + Duration::from_secs_f64(t));
    let main = vm.is_main_thread();
    loop {
        let outcome = vm.blocking(WaitTarget::Io(what), true, || {
            poll_until(&[(fd, write)], deadline, main)
        });
        match outcome {
            Poll::Ready(_) => return Ok(()),
            Poll::TimedOut => return Err(timed_out(vm)),
            Poll::Interrupted => vm.run_pending_signals()?,
            Poll::Failed(errno) => return Err(from_errno(vm, errno, None, None)),
        }
    }
}

/// What a wait on descriptors came to.
pub enum Poll {
    /// For each descriptor asked about: whether it is ready.
    Ready(Vec<bool>),
    TimedOut,
    /// A signal came for the main thread.
    Interrupted,
    Failed(i32),
}

/// Polls `fds` (descriptor, wants-write) until one is ready, the deadline passes, or (in
/// the main thread) a signal arrives. Touches no Python object.
pub fn poll_until(fds: &[(i32, bool)], deadline: Option<Instant>, main: bool) -> Poll {
    let mut polled: Vec<libc::pollfd> = fds
        .iter()
        .map(|&(fd, write)| libc::pollfd {
            fd,
            events: if write { libc::POLLOUT } else { libc::POLLIN },
            revents: 0,
        })
        .collect();
    match poll_events(&mut polled, deadline, main) {
        Poll::Ready(_) => Poll::Ready(polled.iter().map(|p| p.revents != 0).collect()),
        other => other,
    }
}

/// Polls `polled` in slices of at most 50 ms until one is ready (its `revents` set; the
/// `Ready` vector is left empty), the deadline passes, or (in the main thread) a signal
/// arrives. Touches no Python object.
pub fn poll_events(polled: &mut [libc::pollfd], deadline: Option<Instant>, main: bool) -> Poll {
    loop {
        if main && signals_pending() {
            return Poll::Interrupted;
        }
        // Past the deadline the descriptors are still polled once, without waiting.
        let (slice, last) = match deadline {
            Some(d) => {
                let left = d.saturating_duration_since(Instant::now());
                (left.min(Duration::from_millis(50)), left.is_zero())
            }
            None => (Duration::from_millis(50), false),
        };
        // SAFETY: `polled` is a valid array of `polled.len()` pollfd structs.
        let n = unsafe {
            libc::poll(
                polled.as_mut_ptr(),
                polled.len() as libc::nfds_t,
                // Round up, so that a wait of less than a millisecond still waits.
                slice.as_micros().div_ceil(1000) as i32,
            )
        };
        if n > 0 {
            return Poll::Ready(Vec::new());
        }
        if last {
            return Poll::TimedOut;
        }
        if n < 0 {
            let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
            if errno != libc::EINTR {
                return Poll::Failed(errno);
            }
        }
    }
}

/// A Python address for `family` as a socket address: `(host, port)` for AF_INET,
/// `(host, port[, flowinfo, scope_id])` for AF_INET6, a path for AF_UNIX.
fn socket_address<R: Runtime>(
    vm: &mut Vm<R>,
    family: i32,
    addr: &Value<R>,
    caller: &str,
) -> PyResult<SockAddr, R> {
    if family == libc::AF_UNIX {
        let path = match addr.kind() {
            Some(ObjKind::Str(s)) => s.as_str().to_string(),
            Some(ObjKind::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
            _ => {
                return Err(PyErr::type_error(format!(
                    "{caller}(): AF_UNIX address must be str or bytes, not {}",
                    vm.type_name(addr)
                )))
            }
        };
        return SockAddr::unix(path).map_err(|e| from_io(vm, &e, None));
    }
    let family_name = if family == libc::AF_INET6 {
        "AF_INET6"
    } else {
        "AF_INET"
    };
    let Some(ObjKind::Tuple(parts)) = addr.kind() else {
        return Err(PyErr::type_error(format!(
            "{caller}(): {family_name} address must be tuple, not {}",
            vm.type_name(addr)
        )));
    };
    // AF_INET takes exactly (host, port); AF_INET6 may add flowinfo and scope_id.
    let fits = if family == libc::AF_INET6 {
        (2..=4).contains(&parts.len())
    } else {
        parts.len() == 2
    };
    if !fits {
        return Err(PyErr::type_error(if family == libc::AF_INET6 {
            "AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])".to_string()
        } else {
            format!("{family_name} address must be a pair (host, port)")
        }));
    }
    let host = match parts[0].kind() {
        Some(ObjKind::Str(h)) => h.as_str().to_string(),
        Some(ObjKind::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
        Some(ObjKind::ByteArray(b)) => String::from_utf8_lossy(&b.lock::<R>()).into_owned(),
        _ => {
            return Err(PyErr::type_error(format!(
                "str, bytes or bytearray expected, not {}",
                vm.type_name(&parts[0])
            )))
        }
    };
    let port = vm.int_i64(&parts[1])?;
    if !(0..=65535).contains(&port) {
        return Err(PyErr::overflow(format!(
            "{caller}(): port must be 0-65535."
        )));
    }
    let ip = resolve(vm, &host, family)?;
    Ok(SockAddr::from(SocketAddr::new(ip, port as u16)))
}

/// A host name or address as an IP address of `family`.
fn resolve<R: Runtime>(vm: &mut Vm<R>, host: &str, family: i32) -> PyResult<std::net::IpAddr, R> {
    let v6 = family == libc::AF_INET6;
    match host {
        "" if v6 => return Ok(std::net::Ipv6Addr::UNSPECIFIED.into()),
        "" => return Ok(std::net::Ipv4Addr::UNSPECIFIED.into()),
        "<broadcast>" => return Ok(std::net::Ipv4Addr::BROADCAST.into()),
        _ => {}
    }
    if let Ok(ip) = host.parse::<std::net::IpAddr>() {
        return Ok(ip);
    }
    let found = vm.blocking(WaitTarget::Io("a name lookup"), true, || {
        (host, 0)
            .to_socket_addrs()
            .ok()
            .and_then(|mut all| all.find(|a| a.is_ipv6() == v6))
    });
    found.map(|a| a.ip()).ok_or_else(|| gaierror(vm))
}

/// A socket address as Python gives it back.
fn address_value<R: Runtime>(vm: &mut Vm<R>, addr: &SockAddr) -> Value<R> {
    if let Some(a) = addr.as_socket() {
        let host = vm.new_str(a.ip().to_string());
        return match a {
            SocketAddr::V4(v4) => vm.new_tuple(vec![host, Value::Int(v4.port() as i64)]),
            SocketAddr::V6(v6) => vm.new_tuple(vec![
                host,
                Value::Int(v6.port() as i64),
                Value::Int(v6.flowinfo() as i64),
                Value::Int(v6.scope_id() as i64),
            ]),
        };
    }
    let path = addr
        .as_pathname()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    vm.new_str(path)
}

fn bind<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("bind", 2, 2)?;
    let core = core(vm, &args)?;
    let addr = socket_address(vm, core.family, &args.pos[1], "bind")?;
    with_socket(vm, &core, |s| s.bind(&addr))?;
    Ok(Value::None)
}

fn listen<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("listen", 1, 2)?;
    let core = core(vm, &args)?;
    let backlog = match args.pos.get(1) {
        Some(v) => vm.int_i64(v)?.clamp(0, i32::MAX as i64) as i32,
        None => 128,
    };
    with_socket(vm, &core, |s| s.listen(backlog))?;
    Ok(Value::None)
}

/// `_accept()`: `(fd, address)` of a new connection; `socket.accept` wraps the descriptor.
fn accept<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core = core(vm, &args)?;
    wait_ready(vm, &core, false, "socket accept")?;
    let (conn, addr) = with_socket(vm, &core, |s| s.accept())?;
    let addr = address_value(vm, &addr);
    let fd = conn.into_raw_fd();
    Ok(vm.new_tuple(vec![Value::Int(fd as i64), addr]))
}

fn connect_errno<R: Runtime>(vm: &mut Vm<R>, args: &Args<R>) -> PyResult<i32, R> {
    args.check_count("connect", 2, 2)?;
    let core = core(vm, args)?;
    let addr = socket_address(vm, core.family, &args.pos[1], "connect")?;
    let timeout = *core.timeout.lock();
    let sock = with_socket(vm, &core, |s| s.try_clone())?;
    let result = vm.blocking(WaitTarget::Io("socket connect"), true, || match timeout {
        Some(t) if t > 0.0 => sock.connect_timeout(&addr, Duration::from_secs_f64(t)),
        _ => sock.connect(&addr),
    });
    Ok(match result {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::TimedOut && timeout.is_some() => -1,
        Err(e) => e.raw_os_error().unwrap_or(libc::EIO),
    })
}

fn connect<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    match connect_errno(vm, &args)? {
        0 => Ok(Value::None),
        -1 => Err(timed_out(vm)),
        errno => Err(from_errno(vm, errno, None, None)),
    }
}

fn connect_ex<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    match connect_errno(vm, &args)? {
        -1 => Ok(Value::Int(libc::EAGAIN as i64)),
        errno => Ok(Value::Int(errno as i64)),
    }
}

fn send<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("send", 2, 3)?;
    let core = core(vm, &args)?;
    let data = read_buffer(vm, &args.pos[1])?;
    wait_ready(vm, &core, true, "socket send")?;
    let n = with_socket(vm, &core, |s| s.send(&data))?;
    Ok(Value::Int(n as i64))
}

fn sendall<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("sendall", 2, 3)?;
    let core = core(vm, &args)?;
    let data = read_buffer(vm, &args.pos[1])?;
    let mut sent = 0;
    while sent < data.len() {
        wait_ready(vm, &core, true, "socket sendall")?;
        sent += with_socket(vm, &core, |s| s.send(&data[sent..]))?;
    }
    Ok(Value::None)
}

fn sendto<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("sendto", 3, 4)?;
    let core = core(vm, &args)?;
    let data = read_buffer(vm, &args.pos[1])?;
    let target = args.pos.last().cloned().unwrap_or(Value::None);
    let addr = socket_address(vm, core.family, &target, "sendto")?;
    wait_ready(vm, &core, true, "socket sendto")?;
    let n = with_socket(vm, &core, |s| s.send_to(&data, &addr))?;
    Ok(Value::Int(n as i64))
}

fn size_arg<R: Runtime>(vm: &Vm<R>, args: &Args<R>, name: &str) -> PyResult<usize, R> {
    let n = vm.int_i64(&args.pos[1])?;
    if n < 0 {
        return Err(PyErr::value_error(format!("negative buffersize in {name}")));
    }
    Ok(n as usize)
}

fn bytes_value<R: Runtime>(buf: &[MaybeUninit<u8>], n: usize) -> Value<R> {
    // SAFETY: the first `n` bytes were written by the receive call that returned `n`.
    let data: Vec<u8> = buf[..n]
        .iter()
        .map(|b| unsafe { b.assume_init() })
        .collect();
    Value::new_obj(ObjKind::Bytes(data.into_boxed_slice()))
}

fn recv<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("recv", 2, 3)?;
    let core = core(vm, &args)?;
    let size = size_arg(vm, &args, "recv")?;
    wait_ready(vm, &core, false, "socket recv")?;
    let mut buf = vec![MaybeUninit::<u8>::uninit(); size];
    let n = with_socket(vm, &core, |s| s.recv(&mut buf))?;
    Ok(bytes_value(&buf, n))
}

fn recvfrom<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("recvfrom", 2, 3)?;
    let core = core(vm, &args)?;
    let size = size_arg(vm, &args, "recvfrom")?;
    wait_ready(vm, &core, false, "socket recvfrom")?;
    let mut buf = vec![MaybeUninit::<u8>::uninit(); size];
    let (n, addr) = with_socket(vm, &core, |s| s.recv_from(&mut buf))?;
    let data = bytes_value(&buf, n);
    let addr = address_value(vm, &addr);
    Ok(vm.new_tuple(vec![data, addr]))
}

fn close<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    if instance_attr(vm, &args.pos[0], "_core").is_some() {
        let core = core(vm, &args)?;
        drop(core.sock.lock().take());
    }
    Ok(Value::None)
}

fn detach<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core = core(vm, &args)?;
    let fd = core.sock.lock().take().map_or(-1, |s| s.into_raw_fd());
    Ok(Value::Int(fd as i64))
}

fn fileno<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core = core(vm, &args)?;
    let fd = core.sock.lock().as_ref().map_or(-1, |s| s.as_raw_fd());
    Ok(Value::Int(fd as i64))
}

fn timeout_arg<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<Option<f64>, R> {
    if v.is_none() {
        return Ok(None);
    }
    let t = super::num_args::to_f64(vm, v)?;
    if t < 0.0 {
        return Err(PyErr::value_error("Timeout value out of range"));
    }
    Ok(Some(t))
}

fn apply_timeout<R: Runtime>(vm: &mut Vm<R>, core: &SocketCore, t: Option<f64>) -> R0<R> {
    *core.timeout.lock() = t;
    with_socket(vm, core, |s| s.set_nonblocking(t == Some(0.0)))?;
    Ok(Value::None)
}

fn settimeout<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("settimeout", 2, 2)?;
    let core = core(vm, &args)?;
    let t = timeout_arg(vm, &args.pos[1])?;
    apply_timeout(vm, &core, t)
}

fn gettimeout<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core = core(vm, &args)?;
    let t = *core.timeout.lock();
    Ok(t.map_or(Value::None, Value::Float))
}

fn setblocking<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("setblocking", 2, 2)?;
    let core = core(vm, &args)?;
    let blocking = vm.truthy(&args.pos[1])?;
    apply_timeout(vm, &core, if blocking { None } else { Some(0.0) })
}

fn getblocking<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core = core(vm, &args)?;
    let t = *core.timeout.lock();
    Ok(Value::Bool(t != Some(0.0)))
}

fn setsockopt<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("setsockopt", 4, 4)?;
    let core = core(vm, &args)?;
    let level = vm.int_i64(&args.pos[1])? as i32;
    let option = vm.int_i64(&args.pos[2])? as i32;
    let value: i32 = match &args.pos[3] {
        Value::Bool(b) => *b as i32,
        v => vm.int_i64(v)? as i32,
    };
    with_socket(vm, &core, |s| {
        // SAFETY: an int-sized option value, passed with its size.
        let rc = unsafe {
            libc::setsockopt(
                s.as_raw_fd(),
                level,
                option,
                &value as *const i32 as *const libc::c_void,
                std::mem::size_of::<i32>() as libc::socklen_t,
            )
        };
        if rc == 0 {
            Ok(())
        } else {
            Err(std::io::Error::last_os_error())
        }
    })?;
    Ok(Value::None)
}

fn getsockopt<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("getsockopt", 3, 4)?;
    let core = core(vm, &args)?;
    let level = vm.int_i64(&args.pos[1])? as i32;
    let option = vm.int_i64(&args.pos[2])? as i32;
    let value = with_socket(vm, &core, |s| {
        let mut value: i32 = 0;
        let mut len = std::mem::size_of::<i32>() as libc::socklen_t;
        // SAFETY: an int-sized buffer with its size.
        let rc = unsafe {
            libc::getsockopt(
                s.as_raw_fd(),
                level,
                option,
                &mut value as *mut i32 as *mut libc::c_void,
                &mut len,
            )
        };
        if rc == 0 {
            Ok(value)
        } else {
            Err(std::io::Error::last_os_error())
        }
    })?;
    Ok(Value::Int(value as i64))
}

fn getsockname<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core = core(vm, &args)?;
    let addr = with_socket(vm, &core, |s| s.local_addr())?;
    Ok(address_value(vm, &addr))
}

fn getpeername<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core = core(vm, &args)?;
    let addr = with_socket(vm, &core, |s| s.peer_addr())?;
    Ok(address_value(vm, &addr))
}

fn shutdown<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("shutdown", 2, 2)?;
    let core = core(vm, &args)?;
    let how = match vm.int_i64(&args.pos[1])? as i32 {
        libc::SHUT_RD => std::net::Shutdown::Read,
        libc::SHUT_WR => std::net::Shutdown::Write,
        libc::SHUT_RDWR => std::net::Shutdown::Both,
        _ => return Err(from_errno(vm, libc::EINVAL, None, None)),
    };
    with_socket(vm, &core, |s| s.shutdown(how))?;
    Ok(Value::None)
}

fn gethostname<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer and its length.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr() as *mut libc::c_char, buf.len()) };
    if rc != 0 {
        let e = std::io::Error::last_os_error();
        return Err(from_io(vm, &e, None));
    }
    let end = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
    Ok(vm.new_str(String::from_utf8_lossy(&buf[..end]).into_owned()))
}

fn gethostbyname<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("gethostbyname", 1, 1)?;
    let Some(host) = args.pos[0].as_str().map(str::to_string) else {
        return Err(PyErr::type_error(format!(
            "gethostbyname() argument 1 must be str, not {}",
            vm.type_name(&args.pos[0])
        )));
    };
    let ip = resolve(vm, &host, libc::AF_INET)?;
    Ok(vm.new_str(ip.to_string()))
}

fn getdefaulttimeout<R: Runtime>(_vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(default_timeout().map_or(Value::None, Value::Float))
}

fn setdefaulttimeout<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("setdefaulttimeout", 1, 1)?;
    let t = timeout_arg(vm, &args.pos[0])?;
    let bits = t.map_or(u64::MAX, f64::to_bits);
    DEFAULT_TIMEOUT.store(bits, std::sync::atomic::Ordering::Relaxed);
    Ok(Value::None)
}

fn htons<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("htons", 1, 1)?;
    let x = vm.int_i64(&args.pos[0])?;
    if !(0..=0xffff).contains(&x) {
        return Err(PyErr::overflow(
            "htons: Python int too large to convert to C 16-bit unsigned integer",
        ));
    }
    Ok(Value::Int((x as u16).to_be() as i64))
}

fn htonl<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("htonl", 1, 1)?;
    let x = vm.int_i64(&args.pos[0])?;
    if !(0..=0xffff_ffff).contains(&x) {
        return Err(PyErr::overflow("int larger than 32 bits"));
    }
    Ok(Value::Int((x as u32).to_be() as i64))
}

fn inet_aton<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("inet_aton", 1, 1)?;
    match args.pos[0]
        .as_str()
        .and_then(|s| s.parse::<std::net::Ipv4Addr>().ok())
    {
        Some(ip) => Ok(Value::new_obj(ObjKind::Bytes(
            ip.octets().to_vec().into_boxed_slice(),
        ))),
        None => Err(PyErr::new(
            ExcKind::OSError,
            "illegal IP address string passed to inet_aton",
        )),
    }
}

fn inet_ntoa<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("inet_ntoa", 1, 1)?;
    let data = read_buffer(vm, &args.pos[0])?;
    let Ok(octets) = <[u8; 4]>::try_from(data.as_slice()) else {
        return Err(PyErr::new(
            ExcKind::OSError,
            "packed IP wrong length for inet_ntoa",
        ));
    };
    Ok(vm.new_str(std::net::Ipv4Addr::from(octets).to_string()))
}

/// `_socketpair(family, type)`: two connected descriptors; `socket.socketpair` wraps them.
fn socketpair<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("_socketpair", 2, 2)?;
    let family = vm.int_i64(&args.pos[0])? as i32;
    let kind = vm.int_i64(&args.pos[1])? as i32;
    let (a, b) = Socket::pair(Domain::from(family), Type::from(kind), None)
        .map_err(|e| from_io(vm, &e, None))?;
    Ok(vm.new_tuple(vec![
        Value::Int(a.into_raw_fd() as i64),
        Value::Int(b.into_raw_fd() as i64),
    ]))
}
