//! `os`'s file-descriptor layer and the other POSIX calls (Unix only): `open`, `read`,
//! `write`, `close`, `pipe`, `dup`, `dup2`, `lseek`, `fstat`, `fsync`, `isatty`,
//! `ftruncate`, and `access`, `chmod`, `lstat`, `symlink`, `readlink`, `link`, `truncate`,
//! `umask`, `system`, with the `O_*` and `*_OK` constants. Reads and writes release the GIL.

use super::os_path::path_arg;
use crate::builtins::oserror::from_errno;
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::threads::WaitTarget;
use crate::vm::{Runtime, Vm};
use std::ffi::CString;

type R0<R> = PyResult<Value<R>, R>;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("open", open),
        ("close", close),
        ("read", read),
        ("write", write),
        ("pipe", pipe),
        ("dup", dup),
        ("dup2", dup2),
        ("lseek", lseek),
        ("fstat", fstat),
        ("fsync", fsync),
        ("isatty", isatty),
        ("ftruncate", ftruncate),
        ("truncate", truncate),
        ("access", access),
        ("chmod", chmod),
        ("lstat", lstat),
        ("symlink", symlink),
        ("readlink", readlink),
        ("link", link),
        ("umask", umask),
        ("system", system),
        ("fdopen", fdopen),
        ("_disk_usage", disk_usage),
    ];
    super::add_functions(vm, m, functions);
    let constants = [
        ("O_RDONLY", libc::O_RDONLY),
        ("O_WRONLY", libc::O_WRONLY),
        ("O_RDWR", libc::O_RDWR),
        ("O_CREAT", libc::O_CREAT),
        ("O_EXCL", libc::O_EXCL),
        ("O_TRUNC", libc::O_TRUNC),
        ("O_APPEND", libc::O_APPEND),
        ("O_NONBLOCK", libc::O_NONBLOCK),
        ("O_CLOEXEC", libc::O_CLOEXEC),
        ("F_OK", libc::F_OK),
        ("R_OK", libc::R_OK),
        ("W_OK", libc::W_OK),
        ("X_OK", libc::X_OK),
    ];
    for (name, value) in constants {
        vm.set_module_attr(m, name, Value::Int(value as i64));
    }
}

pub(super) fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

pub(super) fn fd_arg<R: Runtime>(vm: &Vm<R>, v: &Value<R>) -> PyResult<i32, R> {
    let n = vm.int_i64(v)?;
    i32::try_from(n).map_err(|_| PyErr::overflow("fd is greater than maximum"))
}

pub(super) fn c_path<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>, func: &str) -> PyResult<CString, R> {
    let p = path_arg(vm, v, func)?;
    CString::new(p)
        .map_err(|_| PyErr::value_error(format!("{func}: embedded null character in path")))
}

/// The positional arguments bound to names, keywords allowed.
pub(super) fn bind<R: Runtime, const N: usize>(
    args: &mut Args<R>,
    func: &str,
    names: [&str; N],
    required: usize,
) -> PyResult<[Option<Value<R>>; N], R> {
    if args.pos.len() > N {
        return Err(PyErr::type_error(format!(
            "{func}() takes at most {N} arguments ({} given)",
            args.pos.len()
        )));
    }
    let mut out: [Option<Value<R>>; N] = std::array::from_fn(|i| args.pos.get(i).cloned());
    for (i, name) in names.iter().enumerate() {
        if let Some(v) = args.take_kw(name) {
            out[i] = Some(v);
        }
    }
    if let Some((k, _)) = args.kw.first() {
        return Err(PyErr::type_error(format!(
            "'{}' is an invalid keyword argument for {func}()",
            k.as_str().unwrap_or("?")
        )));
    }
    for (i, name) in names.iter().enumerate().take(required) {
        if out[i].is_none() {
            return Err(PyErr::type_error(format!(
                "{func}() missing required argument '{name}' (pos {})",
                i + 1
            )));
        }
    }
    Ok(out)
}

pub(super) fn check<R: Runtime>(
    vm: &mut Vm<R>,
    rc: i64,
    filename: Option<&Value<R>>,
) -> PyResult<i64, R> {
    if rc < 0 {
        return Err(from_errno(vm, errno(), filename.cloned(), None));
    }
    Ok(rc)
}

fn open<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let [path, flags, mode] = bind(&mut args, "open", ["path", "flags", "mode"], 2)?;
    let (path, flags) = (path.unwrap_or(Value::None), flags.unwrap_or(Value::None));
    let c = c_path(vm, &path, "open")?;
    let flags = vm.int_i64(&flags)? as i32 | libc::O_CLOEXEC;
    let mode = match mode {
        Some(m) => vm.int_i64(&m)? as libc::c_uint,
        None => 0o777,
    };
    let fd = unsafe { libc::open(c.as_ptr(), flags, mode) };
    Ok(Value::Int(check(vm, fd as i64, Some(&path))?))
}

fn close<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("close", 1, 1)?;
    let fd = fd_arg(vm, &args.pos[0])?;
    check(vm, unsafe { libc::close(fd) } as i64, None)?;
    Ok(Value::None)
}

fn read<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("read")?;
    args.check_count("read", 2, 2)?;
    let fd = fd_arg(vm, &args.pos[0])?;
    let n = vm.int_i64(&args.pos[1])?;
    if n < 0 {
        return Err(from_errno(vm, libc::EINVAL, None, None));
    }
    let mut buf = vec![0u8; n as usize];
    loop {
        let got = vm.blocking(WaitTarget::Io("os read"), true, || unsafe {
            libc::read(fd, buf.as_mut_ptr().cast(), buf.len())
        });
        if got < 0 && errno() == libc::EINTR {
            vm.run_pending_signals()?;
            continue;
        }
        let got = check(vm, got as i64, None)?;
        buf.truncate(got as usize);
        return Ok(Value::new_obj(ObjKind::Bytes(buf.into_boxed_slice())));
    }
}

fn write<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("write")?;
    args.check_count("write", 2, 2)?;
    let fd = fd_arg(vm, &args.pos[0])?;
    let data = super::struct_module::read_buffer(vm, &args.pos[1])?;
    loop {
        let put = vm.blocking(WaitTarget::Io("os write"), true, || unsafe {
            libc::write(fd, data.as_ptr().cast(), data.len())
        });
        if put < 0 && errno() == libc::EINTR {
            vm.run_pending_signals()?;
            continue;
        }
        return Ok(Value::Int(check(vm, put as i64, None)?));
    }
}

fn pipe<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("pipe", 0, 0)?;
    let mut fds = [0 as libc::c_int; 2];
    check(vm, unsafe { libc::pipe(fds.as_mut_ptr()) } as i64, None)?;
    for fd in fds {
        unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
    }
    Ok(vm.new_tuple(vec![Value::Int(fds[0] as i64), Value::Int(fds[1] as i64)]))
}

fn dup<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("dup", 1, 1)?;
    let fd = fd_arg(vm, &args.pos[0])?;
    let new = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
    Ok(Value::Int(check(vm, new as i64, None)?))
}

fn dup2<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("dup2", 2, 3)?;
    let fd = fd_arg(vm, &args.pos[0])?;
    let fd2 = fd_arg(vm, &args.pos[1])?;
    let new = unsafe { libc::dup2(fd, fd2) };
    Ok(Value::Int(check(vm, new as i64, None)?))
}

fn lseek<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("lseek", 3, 3)?;
    let fd = fd_arg(vm, &args.pos[0])?;
    let pos = vm.int_i64(&args.pos[1])?;
    let how = vm.int_i64(&args.pos[2])? as i32;
    let at = unsafe { libc::lseek(fd, pos as libc::off_t, how) };
    Ok(Value::Int(check(vm, at as i64, None)?))
}

fn fstat<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    use std::os::fd::FromRawFd;
    args.check_count("fstat", 1, 1)?;
    let fd = fd_arg(vm, &args.pos[0])?;
    // Borrow the descriptor as a File without closing it afterwards.
    let file = std::mem::ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(fd) });
    let md = file
        .metadata()
        .map_err(|e| crate::builtins::oserror::from_io(vm, &e, None))?;
    super::os::stat_object(vm, &md)
}

fn fsync<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("fsync", 1, 1)?;
    let fd = match vm.int_i64(&args.pos[0]) {
        Ok(fd) => fd as i32,
        Err(_) => {
            let fileno = vm.get_attr_str(&args.pos[0], "fileno")?;
            let n = vm.call(&fileno, Vec::new(), Vec::new())?;
            fd_arg(vm, &n)?
        }
    };
    check(vm, unsafe { libc::fsync(fd) } as i64, None)?;
    Ok(Value::None)
}

fn isatty<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("isatty", 1, 1)?;
    let fd = fd_arg(vm, &args.pos[0])?;
    Ok(Value::Bool(unsafe { libc::isatty(fd) } == 1))
}

fn ftruncate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("ftruncate", 2, 2)?;
    let fd = fd_arg(vm, &args.pos[0])?;
    let len = vm.int_i64(&args.pos[1])?;
    check(
        vm,
        unsafe { libc::ftruncate(fd, len as libc::off_t) } as i64,
        None,
    )?;
    Ok(Value::None)
}

fn truncate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("truncate", 2, 2)?;
    let c = c_path(vm, &args.pos[0], "truncate")?;
    let len = vm.int_i64(&args.pos[1])?;
    let rc = unsafe { libc::truncate(c.as_ptr(), len as libc::off_t) };
    check(vm, rc as i64, Some(&args.pos[0]))?;
    Ok(Value::None)
}

fn access<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let [path, mode] = bind(&mut args, "access", ["path", "mode"], 2)?;
    let (path, mode) = (path.unwrap_or(Value::None), mode.unwrap_or(Value::None));
    let c = c_path(vm, &path, "access")?;
    let mode = vm.int_i64(&mode)? as i32;
    Ok(Value::Bool(unsafe { libc::access(c.as_ptr(), mode) } == 0))
}

fn chmod<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let [path, mode] = bind(&mut args, "chmod", ["path", "mode"], 2)?;
    let (path, mode) = (path.unwrap_or(Value::None), mode.unwrap_or(Value::None));
    let c = c_path(vm, &path, "chmod")?;
    let mode = vm.int_i64(&mode)? as libc::mode_t;
    check(
        vm,
        unsafe { libc::chmod(c.as_ptr(), mode) } as i64,
        Some(&path),
    )?;
    Ok(Value::None)
}

fn lstat<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let [path] = bind(&mut args, "lstat", ["path"], 1)?;
    let path = path.unwrap_or(Value::None);
    let p = path_arg(vm, &path, "lstat")?;
    let md = std::fs::symlink_metadata(&p)
        .map_err(|e| crate::builtins::oserror::from_io(vm, &e, Some(path.clone())))?;
    super::os::stat_object(vm, &md)
}

fn two_paths<R: Runtime>(
    vm: &mut Vm<R>,
    mut args: Args<R>,
    func: &str,
) -> PyResult<(Value<R>, Value<R>, CString, CString), R> {
    let [src, dst] = bind(&mut args, func, ["src", "dst"], 2)?;
    let (src, dst) = (src.unwrap_or(Value::None), dst.unwrap_or(Value::None));
    let a = c_path(vm, &src, func)?;
    let b = c_path(vm, &dst, func)?;
    Ok((src, dst, a, b))
}

fn symlink<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (src, dst, a, b) = two_paths(vm, args, "symlink")?;
    if unsafe { libc::symlink(a.as_ptr(), b.as_ptr()) } < 0 {
        return Err(from_errno(vm, errno(), Some(src), Some(dst)));
    }
    Ok(Value::None)
}

fn link<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (src, dst, a, b) = two_paths(vm, args, "link")?;
    if unsafe { libc::link(a.as_ptr(), b.as_ptr()) } < 0 {
        return Err(from_errno(vm, errno(), Some(src), Some(dst)));
    }
    Ok(Value::None)
}

fn readlink<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let [path] = bind(&mut args, "readlink", ["path"], 1)?;
    let path = path.unwrap_or(Value::None);
    let p = path_arg(vm, &path, "readlink")?;
    let target = std::fs::read_link(&p)
        .map_err(|e| crate::builtins::oserror::from_io(vm, &e, Some(path.clone())))?;
    Ok(vm.new_str(target.display().to_string()))
}

fn umask<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("umask", 1, 1)?;
    let mask = vm.int_i64(&args.pos[0])? as libc::mode_t;
    Ok(Value::Int(unsafe { libc::umask(mask) } as i64))
}

/// `os.system(command)`: runs the command with `/bin/sh -c`, the GIL released while it
/// runs; the wait status (exit code << 8).
fn system<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("system", 1, 1)?;
    let Some(command) = args.pos[0].as_str().map(str::to_string) else {
        return Err(PyErr::type_error(format!(
            "system() argument 'command' must be str, not {}",
            vm.type_name(&args.pos[0])
        )));
    };
    crate::vm::io::flush_stdout();
    let status = vm.blocking(WaitTarget::Io("os system"), true, || {
        std::process::Command::new("/bin/sh")
            .arg("-c")
            .arg(&command)
            .status()
    });
    match status {
        Ok(s) => {
            use std::os::unix::process::ExitStatusExt;
            Ok(Value::Int(s.into_raw() as i64))
        }
        Err(e) => Err(crate::builtins::oserror::from_io(vm, &e, None)),
    }
}

/// `os.fdopen(fd, *args, **kwargs)`: `open(fd, *args, **kwargs)`.
fn fdopen<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    if let Some(fd) = args.pos.first() {
        if !matches!(fd, Value::Int(_) | Value::Bool(_)) {
            return Err(PyErr::type_error(format!(
                "bad operand type for fdopen: '{}'",
                vm.type_name(fd)
            )));
        }
    }
    let builtins = Value::Obj(vm.interp.builtins.clone());
    let open = vm.get_item(&builtins, &vm.new_str("open"))?;
    vm.call(&open, args.pos, args.kw)
}

/// `(total, used, free)` bytes of the file system holding `path` (`shutil.disk_usage`).
fn disk_usage<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("_disk_usage", 1, 1)?;
    let c = c_path(vm, &args.pos[0], "statvfs")?;
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    check(
        vm,
        unsafe { libc::statvfs(c.as_ptr(), &mut st) } as i64,
        Some(&args.pos[0]),
    )?;
    let frsize = st.f_frsize as i64;
    let total = st.f_blocks as i64 * frsize;
    let used = (st.f_blocks as i64 - st.f_bfree as i64) * frsize;
    let free = st.f_bavail as i64 * frsize;
    Ok(vm.new_tuple(vec![Value::Int(total), Value::Int(used), Value::Int(free)]))
}
