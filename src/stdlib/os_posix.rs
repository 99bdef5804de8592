//! `os`'s thin POSIX calls beyond files (Unix only): the process's identity (`getgid`,
//! `getgroups`, `getpgrp`, `getsid`, `getlogin`, ...), scheduling (`nice`, `sched_yield`,
//! `sched_getaffinity`), descriptor flags (`pipe2`, `set_blocking`, `set_inheritable`, ...),
//! positioned and gathered I/O (`pread`, `pwrite`, `writev`), `utime`, `mkfifo`, children
//! (`waitpid`, `wait`, `killpg`), replacing or copying the process (`execv`, `execve`, the
//! native half of `fork`) and `abort`. What is built on these in Python (`scandir`, `fork`
//! with its hooks, the `exec*p` family, `popen`, ...) is the bundled `_os_more` module.

use super::os_fd::{bind, c_path, check, errno, fd_arg};
use crate::builtins::oserror::from_errno;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::threads::{ThreadState, WaitTarget};
use crate::vm::{Runtime, Vm};
use std::ffi::CString;

type R0<R> = PyResult<Value<R>, R>;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("getgid", getgid),
        ("getegid", getegid),
        ("getgroups", getgroups),
        ("getpgrp", getpgrp),
        ("getpgid", getpgid),
        ("getsid", getsid),
        ("getlogin", getlogin),
        ("getloadavg", getloadavg),
        ("nice", nice),
        ("sched_yield", sched_yield),
        #[cfg(target_os = "linux")]
        ("sched_getaffinity", sched_getaffinity),
        #[cfg(target_os = "linux")]
        ("pipe2", pipe2),
        ("get_blocking", get_blocking),
        ("set_blocking", set_blocking),
        ("get_inheritable", get_inheritable),
        ("set_inheritable", set_inheritable),
        ("fchmod", fchmod),
        ("fchdir", fchdir),
        #[cfg(target_os = "linux")]
        ("fdatasync", fdatasync),
        ("sync", sync),
        ("pread", pread),
        ("pwrite", pwrite),
        ("writev", writev),
        ("mkfifo", mkfifo),
        ("killpg", killpg),
        ("waitpid", waitpid),
        ("wait", wait),
        ("abort", abort),
        ("execv", execv),
        ("execve", execve),
        ("_fork", fork),
        ("_times", times),
        ("_terminal_size", terminal_size),
        ("_utime", utime),
    ];
    super::add_functions(vm, m, functions);
    // The P_* and PRIO_* ids are unsigned on Linux and already i32 on other systems.
    #[allow(clippy::unnecessary_cast)]
    let constants = [
        ("WNOHANG", libc::WNOHANG),
        ("WUNTRACED", libc::WUNTRACED),
        ("WCONTINUED", libc::WCONTINUED),
        ("P_PID", libc::P_PID as i32),
        ("P_PGID", libc::P_PGID as i32),
        ("P_ALL", libc::P_ALL as i32),
        ("SCHED_OTHER", libc::SCHED_OTHER),
        ("SCHED_FIFO", libc::SCHED_FIFO),
        ("SCHED_RR", libc::SCHED_RR),
        ("PRIO_PROCESS", libc::PRIO_PROCESS as i32),
        ("PRIO_PGRP", libc::PRIO_PGRP as i32),
        ("PRIO_USER", libc::PRIO_USER as i32),
        ("O_NOCTTY", libc::O_NOCTTY),
        ("O_SYNC", libc::O_SYNC),
        ("O_DSYNC", libc::O_DSYNC),
        ("O_NOFOLLOW", libc::O_NOFOLLOW),
        ("O_DIRECTORY", libc::O_DIRECTORY),
        ("F_LOCK", libc::F_LOCK),
        ("F_TLOCK", libc::F_TLOCK),
        ("F_ULOCK", libc::F_ULOCK),
        ("F_TEST", libc::F_TEST),
        ("EX_OK", 0),
    ];
    for (name, value) in constants {
        vm.set_module_attr(m, name, Value::Int(value as i64));
    }
}

fn none_or_error<R: Runtime>(vm: &mut Vm<R>, rc: libc::c_int) -> R0<R> {
    check(vm, rc as i64, None)?;
    Ok(Value::None)
}

fn int_result<R: Runtime>(vm: &mut Vm<R>, rc: i64) -> R0<R> {
    Ok(Value::Int(check(vm, rc, None)?))
}

fn getgid<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("getgid", 0, 0)?;
    Ok(Value::Int(unsafe { libc::getgid() } as i64))
}

fn getegid<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("getegid", 0, 0)?;
    Ok(Value::Int(unsafe { libc::getegid() } as i64))
}

fn getgroups<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("getgroups", 0, 0)?;
    let n = check(
        vm,
        unsafe { libc::getgroups(0, std::ptr::null_mut()) } as i64,
        None,
    )?;
    let mut groups = vec![0 as libc::gid_t; n as usize];
    let got = unsafe { libc::getgroups(n as libc::c_int, groups.as_mut_ptr()) };
    let got = check(vm, got as i64, None)?;
    let items = groups[..got as usize]
        .iter()
        .map(|&g| Value::Int(g as i64))
        .collect();
    Ok(vm.new_list(items))
}

fn getpgrp<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("getpgrp", 0, 0)?;
    Ok(Value::Int(unsafe { libc::getpgrp() } as i64))
}

fn pid_arg<R: Runtime>(vm: &Vm<R>, v: &Value<R>) -> PyResult<libc::pid_t, R> {
    let n = vm.index_i64(v)?;
    libc::pid_t::try_from(n).map_err(|_| PyErr::overflow("signed integer is greater than maximum"))
}

fn getpgid<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("getpgid", 1, 1)?;
    let pid = pid_arg(vm, &args.pos[0])?;
    int_result(vm, unsafe { libc::getpgid(pid) } as i64)
}

fn getsid<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("getsid", 1, 1)?;
    let pid = pid_arg(vm, &args.pos[0])?;
    int_result(vm, unsafe { libc::getsid(pid) } as i64)
}

fn getlogin<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("getlogin", 0, 0)?;
    let name = unsafe { libc::getlogin() };
    if name.is_null() {
        let code = match errno() {
            0 => libc::ENOENT,
            e => e,
        };
        return Err(from_errno(vm, code, None, None));
    }
    let text = unsafe { std::ffi::CStr::from_ptr(name) }.to_string_lossy();
    Ok(vm.new_str(text.into_owned()))
}

fn getloadavg<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("getloadavg", 0, 0)?;
    let mut loads = [0f64; 3];
    if unsafe { libc::getloadavg(loads.as_mut_ptr(), 3) } != 3 {
        return Err(PyErr::new(
            ExcKind::OSError,
            "Load averages are unobtainable",
        ));
    }
    Ok(vm.new_tuple(loads.into_iter().map(Value::Float).collect()))
}

fn nice<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("nice", 1, 1)?;
    let increment = vm.index_i64(&args.pos[0])? as libc::c_int;
    // nice() may return -1 on success: only errno tells an error apart.
    clear_errno();
    let value = unsafe { libc::nice(increment) };
    if value == -1 && errno() != 0 {
        return Err(from_errno(vm, errno(), None, None));
    }
    Ok(Value::Int(value as i64))
}

fn clear_errno() {
    #[cfg(target_os = "linux")]
    unsafe {
        *libc::__errno_location() = 0
    };
    #[cfg(target_os = "macos")]
    unsafe {
        *libc::__error() = 0
    };
}

fn sched_yield<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("sched_yield", 0, 0)?;
    none_or_error(vm, unsafe { libc::sched_yield() })
}

#[cfg(target_os = "linux")]
fn sched_getaffinity<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("sched_getaffinity", 1, 1)?;
    let pid = pid_arg(vm, &args.pos[0])?;
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    let rc =
        unsafe { libc::sched_getaffinity(pid, std::mem::size_of::<libc::cpu_set_t>(), &mut set) };
    check(vm, rc as i64, None)?;
    let cpus = (0..libc::CPU_SETSIZE as usize)
        .filter(|&cpu| unsafe { libc::CPU_ISSET(cpu, &set) })
        .map(|cpu| Value::Int(cpu as i64))
        .collect();
    vm.new_set_from(cpus)
}

#[cfg(target_os = "linux")]
fn pipe2<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("pipe2", 1, 1)?;
    let flags = vm.index_i64(&args.pos[0])? as libc::c_int;
    let mut fds = [0 as libc::c_int; 2];
    check(
        vm,
        unsafe { libc::pipe2(fds.as_mut_ptr(), flags) } as i64,
        None,
    )?;
    Ok(vm.new_tuple(vec![Value::Int(fds[0] as i64), Value::Int(fds[1] as i64)]))
}

/// Reads a descriptor's flags (`F_GETFL` or `F_GETFD`).
fn fd_flags<R: Runtime>(vm: &mut Vm<R>, fd: i32, get: libc::c_int) -> PyResult<i32, R> {
    let flags = unsafe { libc::fcntl(fd, get) };
    Ok(check(vm, flags as i64, None)? as i32)
}

/// Sets or clears `bit` in a descriptor's flags (`F_GETFL`/`F_SETFL` or `F_GETFD`/`F_SETFD`).
fn set_fd_flag<R: Runtime>(
    vm: &mut Vm<R>,
    args: &Args<R>,
    func: &str,
    (get, set): (libc::c_int, libc::c_int),
    bit: libc::c_int,
    on_when_true: bool,
) -> R0<R> {
    args.check_count(func, 2, 2)?;
    let fd = fd_arg(vm, &args.pos[0])?;
    let wanted = vm.truthy(&args.pos[1])? == on_when_true;
    let flags = fd_flags(vm, fd, get)?;
    let new = if wanted { flags | bit } else { flags & !bit };
    if new != flags {
        none_or_error(vm, unsafe { libc::fcntl(fd, set, new) })?;
    }
    Ok(Value::None)
}

/// Whether `bit` is clear in a descriptor's flags (`F_GETFL` or `F_GETFD`): blocking is
/// `O_NONBLOCK` clear, inheritable `FD_CLOEXEC` clear.
fn fd_flag_clear<R: Runtime>(
    vm: &mut Vm<R>,
    args: &Args<R>,
    func: &str,
    get: libc::c_int,
    bit: libc::c_int,
) -> R0<R> {
    args.check_count(func, 1, 1)?;
    let fd = fd_arg(vm, &args.pos[0])?;
    let flags = fd_flags(vm, fd, get)?;
    Ok(Value::Bool(flags & bit == 0))
}

fn get_blocking<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    fd_flag_clear(vm, &args, "get_blocking", libc::F_GETFL, libc::O_NONBLOCK)
}

fn set_blocking<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let fl = (libc::F_GETFL, libc::F_SETFL);
    set_fd_flag(vm, &args, "set_blocking", fl, libc::O_NONBLOCK, false)
}

fn get_inheritable<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    fd_flag_clear(
        vm,
        &args,
        "get_inheritable",
        libc::F_GETFD,
        libc::FD_CLOEXEC,
    )
}

fn set_inheritable<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let fd = (libc::F_GETFD, libc::F_SETFD);
    set_fd_flag(vm, &args, "set_inheritable", fd, libc::FD_CLOEXEC, false)
}

fn fchmod<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let [fd, mode] = bind(&mut args, "fchmod", ["fd", "mode"], 2)?;
    let fd = fd_arg(vm, &fd.unwrap_or(Value::None))?;
    let mode = vm.index_i64(&mode.unwrap_or(Value::None))? as libc::mode_t;
    none_or_error(vm, unsafe { libc::fchmod(fd, mode) })
}

/// A descriptor argument: an int or an object with `fileno()` (as `fchdir` and `fdatasync`
/// accept).
fn fileno_arg<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<i32, R> {
    if let Ok(fd) = vm.int_i64(v) {
        return i32::try_from(fd).map_err(|_| PyErr::overflow("fd is greater than maximum"));
    }
    let fileno = vm.get_attr_str(v, "fileno").map_err(|_| {
        PyErr::type_error(format!(
            "argument must be an int, or have a fileno() method, not {}",
            vm.type_name(v)
        ))
    })?;
    let n = vm.call(&fileno, Vec::new(), Vec::new())?;
    fd_arg(vm, &n)
}

fn fchdir<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("fchdir", 1, 1)?;
    let fd = fileno_arg(vm, &args.pos[0])?;
    none_or_error(vm, unsafe { libc::fchdir(fd) })
}

#[cfg(target_os = "linux")]
fn fdatasync<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("fdatasync", 1, 1)?;
    let fd = fileno_arg(vm, &args.pos[0])?;
    none_or_error(vm, unsafe { libc::fdatasync(fd) })
}

fn sync<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("sync", 0, 0)?;
    unsafe { libc::sync() };
    Ok(Value::None)
}

/// Runs a read or write with the GIL released, again after a signal's handlers (PEP 475).
fn io_call<R: Runtime>(
    vm: &mut Vm<R>,
    what: &'static str,
    mut call: impl FnMut() -> isize,
) -> PyResult<i64, R> {
    loop {
        let n = vm.blocking(WaitTarget::Io(what), true, &mut call);
        if n < 0 && errno() == libc::EINTR {
            vm.run_pending_signals()?;
            continue;
        }
        return check(vm, n as i64, None);
    }
}

fn pread<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("pread")?;
    args.check_count("pread", 3, 3)?;
    let fd = fd_arg(vm, &args.pos[0])?;
    let n = vm.index_i64(&args.pos[1])?;
    let offset = vm.index_i64(&args.pos[2])?;
    if n < 0 {
        return Err(from_errno(vm, libc::EINVAL, None, None));
    }
    let mut buf = vec![0u8; n as usize];
    let got = io_call(vm, "os pread", || unsafe {
        libc::pread(
            fd,
            buf.as_mut_ptr().cast(),
            buf.len(),
            offset as libc::off_t,
        )
    })?;
    buf.truncate(got as usize);
    Ok(Value::new_obj(ObjKind::Bytes(buf.into_boxed_slice())))
}

fn pwrite<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("pwrite")?;
    args.check_count("pwrite", 3, 3)?;
    let fd = fd_arg(vm, &args.pos[0])?;
    let data = super::struct_module::read_buffer(vm, &args.pos[1])?;
    let offset = vm.index_i64(&args.pos[2])?;
    let put = io_call(vm, "os pwrite", || unsafe {
        libc::pwrite(fd, data.as_ptr().cast(), data.len(), offset as libc::off_t)
    })?;
    Ok(Value::Int(put))
}

/// `os.writev(fd, buffers)`: one write of the buffers' bytes, in order.
fn writev<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("writev")?;
    args.check_count("writev", 2, 2)?;
    let fd = fd_arg(vm, &args.pos[0])?;
    let buffers = vm
        .collect(&args.pos[1])
        .map_err(|_| PyErr::type_error("writev() arg 2 must be a sequence"))?;
    let mut chunks = Vec::with_capacity(buffers.len());
    for b in &buffers {
        chunks.push(super::struct_module::read_buffer(vm, b)?);
    }
    let slices: Vec<libc::iovec> = chunks
        .iter()
        .map(|c| libc::iovec {
            iov_base: c.as_ptr() as *mut libc::c_void,
            iov_len: c.len(),
        })
        .collect();
    let put = io_call(vm, "os writev", || unsafe {
        libc::writev(fd, slices.as_ptr(), slices.len() as libc::c_int)
    })?;
    Ok(Value::Int(put))
}

fn mkfifo<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let [path, mode] = bind(&mut args, "mkfifo", ["path", "mode"], 1)?;
    let path = path.unwrap_or(Value::None);
    let c = c_path(vm, &path, "mkfifo")?;
    let mode = match mode {
        Some(m) => vm.index_i64(&m)? as libc::mode_t,
        None => 0o666,
    };
    check(
        vm,
        unsafe { libc::mkfifo(c.as_ptr(), mode) } as i64,
        Some(&path),
    )?;
    Ok(Value::None)
}

fn killpg<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("killpg", 2, 2)?;
    let pgid = pid_arg(vm, &args.pos[0])?;
    let sig = vm.index_i64(&args.pos[1])? as libc::c_int;
    none_or_error(vm, unsafe { libc::killpg(pgid, sig) })?;
    if pgid == unsafe { libc::getpgrp() } && vm.is_main_thread() {
        vm.run_pending_signals()?;
    }
    Ok(Value::None)
}

/// Waits (GIL released) for a child: `(pid, status)`.
fn wait_for<R: Runtime>(vm: &mut Vm<R>, pid: libc::pid_t, options: libc::c_int) -> R0<R> {
    let mut status: libc::c_int = 0;
    let got = io_call(vm, "os waitpid", || unsafe {
        libc::waitpid(pid, &mut status, options) as isize
    })?;
    Ok(vm.new_tuple(vec![Value::Int(got), Value::Int(status as i64)]))
}

fn waitpid<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("waitpid")?;
    args.check_count("waitpid", 2, 2)?;
    let pid = pid_arg(vm, &args.pos[0])?;
    let options = vm.index_i64(&args.pos[1])? as libc::c_int;
    wait_for(vm, pid, options)
}

fn wait<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("wait", 0, 0)?;
    wait_for(vm, -1, 0)
}

fn abort<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("abort", 0, 0)?;
    std::process::abort()
}

/// The argument list of an `exec*` call as C strings: a non-empty tuple or list whose first
/// item is not empty.
fn exec_argv<R: Runtime>(vm: &mut Vm<R>, func: &str, argv: &Value<R>) -> PyResult<Vec<CString>, R> {
    if !matches!(argv.kind(), Some(ObjKind::List(_) | ObjKind::Tuple(_))) {
        return Err(PyErr::type_error(format!(
            "{func}() arg 2 must be a tuple or list"
        )));
    }
    let items = vm.collect(argv)?;
    if items.is_empty() {
        return Err(PyErr::value_error(format!(
            "{func}() arg 2 must not be empty"
        )));
    }
    let mut out = Vec::with_capacity(items.len());
    for item in &items {
        out.push(exec_text(vm, item)?);
    }
    if out[0].as_bytes().is_empty() {
        return Err(PyErr::value_error(format!(
            "{func}() arg 2 first element cannot be empty"
        )));
    }
    Ok(out)
}

fn exec_text<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<CString, R> {
    let text = super::os_path::path_arg(vm, v, "")?;
    CString::new(text).map_err(|_| PyErr::value_error("embedded null byte"))
}

/// The environment of `execve` as `KEY=VALUE` C strings, from a mapping.
fn exec_env<R: Runtime>(vm: &mut Vm<R>, env: &Value<R>) -> PyResult<Vec<CString>, R> {
    let items = vm
        .get_attr_str(env, "items")
        .map_err(|_| PyErr::type_error("env must be a mapping object"))?;
    let pairs = vm.call(&items, Vec::new(), Vec::new())?;
    let pairs = vm.collect(&pairs)?;
    let mut out = Vec::with_capacity(pairs.len());
    for pair in &pairs {
        let kv = vm.unpack(pair, 2)?;
        let key = super::os_path::path_arg(vm, &kv[0], "")?;
        let value = super::os_path::path_arg(vm, &kv[1], "")?;
        if key.is_empty() || key.contains('=') {
            return Err(PyErr::value_error("illegal environment variable name"));
        }
        let line = CString::new(format!("{key}={value}"))
            .map_err(|_| PyErr::value_error("embedded null byte"))?;
        out.push(line);
    }
    Ok(out)
}

fn pointers(strings: &[CString]) -> Vec<*const libc::c_char> {
    strings
        .iter()
        .map(|s| s.as_ptr())
        .chain(std::iter::once(std::ptr::null()))
        .collect()
}

/// Replaces the process with the program at `path`; returns only its error.
fn exec<R: Runtime>(
    vm: &mut Vm<R>,
    path: &Value<R>,
    argv: &[CString],
    env: Option<&[CString]>,
) -> R0<R> {
    // As CPython, what the program has not flushed is lost with the process image.
    let c = c_path(vm, path, "execv")?;
    let argv = pointers(argv);
    unsafe {
        match env {
            Some(env) => libc::execve(c.as_ptr(), argv.as_ptr(), pointers(env).as_ptr()),
            None => libc::execv(c.as_ptr(), argv.as_ptr()),
        }
    };
    Err(from_errno(vm, errno(), None, None))
}

fn execv<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let [path, argv] = bind(&mut args, "execv", ["path", "argv"], 2)?;
    let argv = exec_argv(vm, "execv", &argv.unwrap_or(Value::None))?;
    exec(vm, &path.unwrap_or(Value::None), &argv, None)
}

fn execve<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let [path, argv, env] = bind(&mut args, "execve", ["path", "argv", "env"], 3)?;
    let argv = exec_argv(vm, "execve", &argv.unwrap_or(Value::None))?;
    let env = exec_env(vm, &env.unwrap_or(Value::None))?;
    exec(vm, &path.unwrap_or(Value::None), &argv, Some(&env))
}

/// The native half of `os.fork()` (the hooks of `register_at_fork` run around it, in
/// `_os_more`). The child is a copy of this one thread only: any other thread's locks, GIL
/// hand-over requests and registry entries would be left behind with no thread to finish
/// them, so forking is refused while other threads run, and under the tools that watch a
/// run from other threads (`--explore`, `--race`, traces).
fn fork<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("fork", 0, 0)?;
    let others = {
        let reg = vm.interp.registry.lock();
        reg.threads
            .iter()
            .filter(|(id, t)| **id != vm.thread_id && !matches!(t.state, ThreadState::Finished))
            .count()
    };
    if others > 0 || !vm.is_main_thread() {
        return Err(PyErr::new(
            ExcKind::RuntimeError,
            "os.fork() is not supported while other threads are running: minipy can copy only a process with one thread",
        ));
    }
    if vm.interp.observer.is_some() {
        return Err(PyErr::new(
            ExcKind::RuntimeError,
            "os.fork() is not supported while the run is observed (--explore, --race, traces)",
        ));
    }
    let pid = unsafe { libc::fork() };
    int_result(vm, pid as i64)
}

/// `(user, system, children_user, children_system, elapsed)` seconds, for `os.times()`.
fn times<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("times", 0, 0)?;
    let mut t: libc::tms = unsafe { std::mem::zeroed() };
    let elapsed = unsafe { libc::times(&mut t) };
    if elapsed as i64 == -1 {
        return Err(from_errno(vm, errno(), None, None));
    }
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    let values = [
        t.tms_utime,
        t.tms_stime,
        t.tms_cutime,
        t.tms_cstime,
        elapsed,
    ]
    .into_iter()
    .map(|c| Value::Float(c as f64 / ticks))
    .collect();
    Ok(vm.new_tuple(values))
}

/// `(columns, lines)` of the terminal on a descriptor, for `os.get_terminal_size()`.
fn terminal_size<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("get_terminal_size", 1, 1)?;
    let fd = fd_arg(vm, &args.pos[0])?;
    let mut size: libc::winsize = unsafe { std::mem::zeroed() };
    check(
        vm,
        unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut size) } as i64,
        None,
    )?;
    Ok(vm.new_tuple(vec![
        Value::Int(size.ws_col as i64),
        Value::Int(size.ws_row as i64),
    ]))
}

/// `_utime(path, ns, follow_symlinks)`: sets a path's access and modification times, from
/// `(atime_ns, mtime_ns)` or now when `ns` is None (`os.utime` checks its arguments).
fn utime<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("utime", 3, 3)?;
    let path = args.pos[0].clone();
    let c = c_path(vm, &path, "utime")?;
    let spec = |ns: i64| libc::timespec {
        tv_sec: ns.div_euclid(1_000_000_000) as libc::time_t,
        tv_nsec: ns.rem_euclid(1_000_000_000) as _,
    };
    let times = if args.pos[1].is_none() {
        let now = libc::timespec {
            tv_sec: 0,
            tv_nsec: libc::UTIME_NOW,
        };
        [now, now]
    } else {
        let pair = vm.unpack(&args.pos[1], 2)?;
        [spec(vm.int_i64(&pair[0])?), spec(vm.int_i64(&pair[1])?)]
    };
    let flags = if vm.truthy(&args.pos[2])? {
        0
    } else {
        libc::AT_SYMLINK_NOFOLLOW
    };
    let rc = unsafe { libc::utimensat(libc::AT_FDCWD, c.as_ptr(), times.as_ptr(), flags) };
    check(vm, rc as i64, Some(&path))?;
    Ok(Value::None)
}
