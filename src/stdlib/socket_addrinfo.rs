//! `_socket.getaddrinfo`: name and service lookup through the C library's `getaddrinfo`, so
//! that `localhost`, numeric hosts, service names and the errors (`socket.gaierror` with the
//! C library's code and text) come out as CPython's. `lib/socket.py` turns the family and
//! kind numbers of each result into its enums. The lookup releases the GIL.

// Winsock under the C library's names (see `socket_windows`).
use super::itertools::R0;
#[cfg(windows)]
use super::socket_windows as libc;
use crate::builtins::oserror::{from_errno, os_error_of_class};
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, ObjKind, Value};
use crate::vm::threads::WaitTarget;
use crate::vm::Runtime;
use crate::vm::Vm;
use std::ffi::{CStr, CString};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddrV4, SocketAddrV6};

/// The integer constants of `getaddrinfo`'s flags and error codes.
pub const CONSTANTS: &[(&str, i32)] = &[
    ("AF_UNSPEC", libc::AF_UNSPEC),
    ("SOCK_RAW", libc::SOCK_RAW),
    ("AI_PASSIVE", libc::AI_PASSIVE),
    ("AI_CANONNAME", libc::AI_CANONNAME),
    ("AI_NUMERICHOST", libc::AI_NUMERICHOST),
    ("AI_NUMERICSERV", libc::AI_NUMERICSERV),
    ("AI_V4MAPPED", libc::AI_V4MAPPED),
    ("AI_ALL", libc::AI_ALL),
    ("AI_ADDRCONFIG", libc::AI_ADDRCONFIG),
    ("EAI_AGAIN", libc::EAI_AGAIN),
    ("EAI_BADFLAGS", libc::EAI_BADFLAGS),
    ("EAI_FAIL", libc::EAI_FAIL),
    ("EAI_FAMILY", libc::EAI_FAMILY),
    ("EAI_MEMORY", libc::EAI_MEMORY),
    ("EAI_NONAME", libc::EAI_NONAME),
    ("EAI_SERVICE", libc::EAI_SERVICE),
    ("EAI_SOCKTYPE", libc::EAI_SOCKTYPE),
];

/// One result of a lookup, copied out of the C library's list.
struct Found {
    family: i32,
    kind: i32,
    proto: i32,
    canonname: String,
    address: Option<std::net::SocketAddr>,
}

/// A host or port argument as the C string `getaddrinfo` takes (None: no string).
fn c_arg<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>, port: bool) -> PyResult<Option<CString>, R> {
    let text = match v {
        Value::None => return Ok(None),
        Value::Int(n) if port => n.to_string(),
        Value::Bool(_) if port => vm.int_i64(v)?.to_string(),
        _ => match v.kind() {
            Some(ObjKind::Str(s)) => s.as_str().to_string(),
            Some(ObjKind::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
            _ if port => return Err(PyErr::new(ExcKind::OSError, "Int or String expected")),
            _ => {
                return Err(PyErr::type_error(format!(
                    "getaddrinfo() argument 1 must be string or None, not {}",
                    vm.type_name(v)
                )))
            }
        },
    };
    CString::new(text)
        .map(Some)
        .map_err(|_| PyErr::value_error("embedded null character"))
}

/// `getaddrinfo(host, port, family=0, type=0, proto=0, flags=0)`: a list of
/// `(family, type, proto, canonname, sockaddr)` tuples.
pub fn getaddrinfo<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let mut ints = [0i32; 4];
    for (i, name) in ["family", "type", "proto", "flags"].iter().enumerate() {
        if let Some(v) = args.take_kw(name).or_else(|| args.pos.get(2 + i).cloned()) {
            ints[i] = vm.int_i64(&v)? as i32;
        }
    }
    args.no_kwargs("getaddrinfo")?;
    args.check_count("getaddrinfo", 2, 6)?;
    let host = c_arg(vm, &args.pos[0], false)?;
    let port = c_arg(vm, &args.pos[1], true)?;
    let [family, kind, proto, flags] = ints;
    let looked_up = vm.blocking(WaitTarget::Io("a name lookup"), true, || {
        lookup(host.as_deref(), port.as_deref(), family, kind, proto, flags)
    });
    let found = match looked_up {
        Ok(found) => found,
        Err(code) if code == libc::EAI_SYSTEM => {
            let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
            return Err(from_errno(vm, errno, None, None));
        }
        Err(code) => return Err(gai_error(vm, code)),
    };
    let mut items = Vec::with_capacity(found.len());
    for f in found {
        let address = match f.address {
            Some(std::net::SocketAddr::V4(a)) => {
                let host = vm.new_str(a.ip().to_string());
                vm.new_tuple(vec![host, Value::Int(a.port() as i64)])
            }
            Some(std::net::SocketAddr::V6(a)) => {
                let host = vm.new_str(a.ip().to_string());
                vm.new_tuple(vec![
                    host,
                    Value::Int(a.port() as i64),
                    Value::Int(a.flowinfo() as i64),
                    Value::Int(a.scope_id() as i64),
                ])
            }
            None => Value::None,
        };
        let canonname = vm.new_str(f.canonname);
        items.push(vm.new_tuple(vec![
            Value::Int(f.family as i64),
            Value::Int(f.kind as i64),
            Value::Int(f.proto as i64),
            canonname,
            address,
        ]));
    }
    Ok(vm.new_list(items))
}

/// `socket.gaierror: [Errno code] text`, the text from the C library.
fn gai_error<R: Runtime>(vm: &mut Vm<R>, code: i32) -> PyErr<R> {
    // SAFETY: gai_strerror returns a pointer to a static, NUL-terminated message.
    let text = unsafe { CStr::from_ptr(libc::gai_strerror(code)) }
        .to_string_lossy()
        .into_owned();
    let class = super::socket::gaierror_class(vm);
    os_error_of_class(vm, &class, code, &text, None, None)
}

/// Calls the C library's `getaddrinfo` and copies its list out; `Err(code)` on failure.
/// Touches no Python object (it runs with the GIL released).
fn lookup(
    host: Option<&CStr>,
    port: Option<&CStr>,
    family: i32,
    kind: i32,
    proto: i32,
    flags: i32,
) -> Result<Vec<Found>, i32> {
    // SAFETY: an all-zero addrinfo is a valid "no hints" value; the fields set are plain ints.
    let mut hints: libc::addrinfo = unsafe { std::mem::zeroed() };
    hints.ai_family = family;
    hints.ai_socktype = kind;
    hints.ai_protocol = proto;
    hints.ai_flags = flags;
    let mut list: *mut libc::addrinfo = std::ptr::null_mut();
    let ptr = |s: Option<&CStr>| s.map_or(std::ptr::null(), CStr::as_ptr);
    // SAFETY: the strings are NUL-terminated or null, `hints` is initialised, and `list`
    // receives a list that is freed below with freeaddrinfo.
    let code = unsafe { libc::getaddrinfo(ptr(host), ptr(port), &hints, &mut list) };
    if code != 0 {
        return Err(code);
    }
    let mut found = Vec::new();
    let mut node = list;
    while !node.is_null() {
        // SAFETY: `node` is an element of the list getaddrinfo returned, not yet freed.
        let info = unsafe { &*node };
        let canonname = if info.ai_canonname.is_null() {
            String::new()
        } else {
            // SAFETY: a non-null ai_canonname is a NUL-terminated string of the list.
            unsafe { CStr::from_ptr(info.ai_canonname) }
                .to_string_lossy()
                .into_owned()
        };
        found.push(Found {
            family: info.ai_family,
            kind: info.ai_socktype,
            proto: info.ai_protocol,
            canonname,
            // SAFETY: ai_addr points to ai_addrlen bytes of a sockaddr of family ai_family.
            address: unsafe { socket_addr(info) },
        });
        node = info.ai_next;
    }
    // SAFETY: `list` came from a successful getaddrinfo and is freed once.
    unsafe { libc::freeaddrinfo(list) };
    Ok(found)
}

/// The IPv4 or IPv6 address of one result.
///
/// # Safety
/// `info.ai_addr` must point to `info.ai_addrlen` valid bytes of a `sockaddr` whose family
/// is `info.ai_family`.
// `ai_addrlen` is a socklen_t on Unix, a size_t on Windows.
#[allow(clippy::unnecessary_cast)]
unsafe fn socket_addr(info: &libc::addrinfo) -> Option<std::net::SocketAddr> {
    if info.ai_addr.is_null() {
        return None;
    }
    match info.ai_family {
        libc::AF_INET if info.ai_addrlen as usize >= std::mem::size_of::<libc::sockaddr_in>() => {
            let a = &*(info.ai_addr as *const libc::sockaddr_in);
            let ip = Ipv4Addr::from(u32::from_be(a.sin_addr.s_addr));
            Some(SocketAddrV4::new(ip, u16::from_be(a.sin_port)).into())
        }
        libc::AF_INET6 if info.ai_addrlen as usize >= std::mem::size_of::<libc::sockaddr_in6>() => {
            let a = &*(info.ai_addr as *const libc::sockaddr_in6);
            let ip = Ipv6Addr::from(a.sin6_addr.s6_addr);
            let port = u16::from_be(a.sin6_port);
            Some(SocketAddrV6::new(ip, port, a.sin6_flowinfo, a.sin6_scope_id).into())
        }
        _ => None,
    }
}
