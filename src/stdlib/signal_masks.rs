//! The signal masks and waits of the `_signal` module (Unix): `pthread_sigmask`,
//! `sigpending`, `sigwait`, `pause`, `pthread_kill`, `siginterrupt` and `set_wakeup_fd`, with
//! `SIG_BLOCK`, `SIG_UNBLOCK` and `SIG_SETMASK`. A mask is the interpreter thread's, as
//! CPython's is the calling thread's; the waits release the GIL. `lib/signal.py` turns the
//! numbers these return into `Signals` members.

use crate::builtins::oserror::from_errno;
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjRef, Value};
use crate::stdlib::itertools::R0;
use crate::vm::threads::WaitTarget;
use crate::vm::{Runtime, Vm};

pub fn add<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("pthread_sigmask", pthread_sigmask),
        ("sigpending", sigpending),
        ("sigwait", sigwait),
        ("pause", pause),
        ("pthread_kill", pthread_kill),
        ("siginterrupt", siginterrupt),
        ("set_wakeup_fd", set_wakeup_fd),
    ];
    crate::stdlib::add_functions(vm, m, functions);
    for (name, how) in [
        ("SIG_BLOCK", libc::SIG_BLOCK),
        ("SIG_UNBLOCK", libc::SIG_UNBLOCK),
        ("SIG_SETMASK", libc::SIG_SETMASK),
    ] {
        vm.set_module_attr(m, name, Value::Int(i64::from(how)));
    }
}

fn last_errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// A set of signals from an iterable of signal numbers.
fn sigset_arg<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<libc::sigset_t, R> {
    let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
    unsafe { libc::sigemptyset(&mut set) };
    for item in vm.collect(v)? {
        let n = vm.index_i64(&item)?;
        if !(1..=64).contains(&n) {
            return Err(PyErr::value_error(format!(
                "signal number {n} out of range [1; 64]"
            )));
        }
        // Numbers the system reserves (glibc's threads use 32 and 33) are left out.
        unsafe { libc::sigaddset(&mut set, n as i32) };
    }
    Ok(set)
}

/// The members of a set of signals, as a Python set of ints.
fn sigset_value<R: Runtime>(vm: &mut Vm<R>, set: &libc::sigset_t) -> R0<R> {
    let members = (1..65)
        .filter(|&n| unsafe { libc::sigismember(set, n) } == 1)
        .map(|n| Value::Int(i64::from(n)))
        .collect();
    vm.new_set_from(members)
}

/// `pthread_sigmask(how, mask)`: blocks, unblocks or sets the signals the thread masks;
/// the mask it had before.
fn pthread_sigmask<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("pthread_sigmask")?;
    args.check_count("pthread_sigmask", 2, 2)?;
    let how = vm.index_i64(&args.pos[0])? as libc::c_int;
    let set = sigset_arg(vm, &args.pos[1])?;
    let mut old: libc::sigset_t = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::pthread_sigmask(how, &set, &mut old) };
    if rc != 0 {
        return Err(from_errno(vm, rc, None, None));
    }
    // A signal unblocked now may have been waiting: its handler runs before the return.
    if vm.is_main_thread() {
        vm.run_pending_signals()?;
    }
    sigset_value(vm, &old)
}

/// `sigpending()`: the signals that arrived while blocked and wait to be delivered.
fn sigpending<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("sigpending", 0, 0)?;
    let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
    if unsafe { libc::sigpending(&mut set) } != 0 {
        return Err(from_errno(vm, last_errno(), None, None));
    }
    sigset_value(vm, &set)
}

/// `sigwait(sigset)`: waits (GIL released) for one of the signals, which should be blocked,
/// and takes it: its number.
fn sigwait<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("sigwait")?;
    args.check_count("sigwait", 1, 1)?;
    let set = sigset_arg(vm, &args.pos[0])?;
    let mut got: libc::c_int = 0;
    let rc = vm.blocking(WaitTarget::Io("signal sigwait"), true, || unsafe {
        libc::sigwait(&set, &mut got)
    });
    if rc != 0 {
        return Err(from_errno(vm, rc, None, None));
    }
    Ok(Value::Int(i64::from(got)))
}

/// `pause()`: sleeps (GIL released) until a signal comes, then runs its handler. It watches
/// the signals recorded for the handlers rather than calling pause(2): the signal may reach
/// another of the process's threads, or arrive just before the call.
fn pause<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("pause", 0, 0)?;
    vm.blocking(WaitTarget::Io("signal pause"), true, || {
        while !crate::vm::signals::signals_pending() {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
    });
    vm.run_pending_signals()?;
    Ok(Value::None)
}

/// `pthread_kill(thread_id, signalnum)`: sends the signal to a thread. minipy's thread ids
/// are not the system's handles, and its Python handlers run in the main thread whichever
/// thread the signal reaches, so a live thread's id sends it to the calling thread.
fn pthread_kill<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("pthread_kill")?;
    args.check_count("pthread_kill", 2, 2)?;
    let wanted = vm.int_i64(&args.pos[0])?;
    let signum = vm.index_i64(&args.pos[1])?;
    let threading = vm.import_module("threading")?;
    let enumerate = vm.get_attr_str(&threading, "enumerate")?;
    let threads = vm.call(&enumerate, Vec::new(), Vec::new())?;
    let mut known = false;
    for thread in vm.collect(&threads)? {
        let ident = vm.get_attr_str(&thread, "ident")?;
        if vm.int_i64(&ident).ok() == Some(wanted) {
            known = true;
        }
    }
    if !known {
        return Err(from_errno(vm, libc::ESRCH, None, None));
    }
    let rc = unsafe { libc::pthread_kill(libc::pthread_self(), signum as libc::c_int) };
    if rc != 0 {
        return Err(from_errno(vm, rc, None, None));
    }
    if vm.is_main_thread() {
        vm.run_pending_signals()?;
    }
    Ok(Value::None)
}

/// `siginterrupt(signalnum, flag)`: whether the signal interrupts system calls (true) or
/// they restart after it (false).
fn siginterrupt<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("siginterrupt")?;
    args.check_count("siginterrupt", 2, 2)?;
    let n = vm.index_i64(&args.pos[0])?;
    if !(1..65).contains(&n) {
        return Err(PyErr::value_error("signal number out of range"));
    }
    let interrupt = vm.truthy(&args.pos[1])?;
    let mut action: libc::sigaction = unsafe { std::mem::zeroed() };
    if unsafe { libc::sigaction(n as i32, std::ptr::null(), &mut action) } != 0 {
        return Err(from_errno(vm, last_errno(), None, None));
    }
    if interrupt {
        action.sa_flags &= !libc::SA_RESTART;
    } else {
        action.sa_flags |= libc::SA_RESTART;
    }
    if unsafe { libc::sigaction(n as i32, &action, std::ptr::null_mut()) } != 0 {
        return Err(from_errno(vm, last_errno(), None, None));
    }
    Ok(Value::None)
}

/// `set_wakeup_fd(fd, /, *, warn_on_full_buffer=True)`: a non-blocking descriptor each
/// arriving signal's number is written to (as a byte), -1 for none; the previous one.
fn set_wakeup_fd<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let _ = args.take_kw("warn_on_full_buffer");
    args.no_more_kwargs("set_wakeup_fd")?;
    args.check_count("set_wakeup_fd", 1, 1)?;
    let fd = vm.index_i64(&args.pos[0])?;
    if !vm.is_main_thread() {
        return Err(PyErr::value_error(
            "set_wakeup_fd only works in main thread of the main interpreter",
        ));
    }
    let fd = i32::try_from(fd).map_err(|_| PyErr::overflow("fd is greater than maximum"))?;
    if fd != -1 {
        let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
        if flags < 0 {
            return Err(from_errno(vm, last_errno(), None, None));
        }
        if flags & libc::O_NONBLOCK == 0 {
            return Err(PyErr::value_error(format!(
                "the fd {fd} must be in non-blocking mode"
            )));
        }
    }
    Ok(Value::Int(i64::from(crate::vm::signals::set_wakeup_fd(fd))))
}
