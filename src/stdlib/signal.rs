//! The `_signal` module, under the Python module `signal` (`lib/signal.py` adds the `Signals`
//! and `Handlers` enums): `signal`, `getsignal`, `raise_signal`, `strsignal`,
//! `valid_signals`, `default_int_handler`, the signal numbers and (Unix) the timers of
//! `signal_timers.rs`. A handler runs in the main
//! thread at its next switch point (see `vm::signals`); the OS-level handler only records
//! that the signal came.

use super::itertools::R0;
use crate::objects::exception::{ExcKind, PyErr};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::signals::{note_signal, signal_key};
use crate::vm::Runtime;
use crate::vm::Vm;
use std::sync::atomic::{AtomicU64, Ordering};

/// Signals whose OS handler now records them for the interpreter (SIGINT always is).
static HOOKED: AtomicU64 = AtomicU64::new(0);

const NSIG: i64 = 65;

/// The signal numbers this system has, by name.
fn signal_numbers() -> Vec<(&'static str, i32)> {
    use signal_hook::consts::signal as s;
    #[allow(unused_mut)]
    let mut all = vec![
        ("SIGABRT", s::SIGABRT),
        ("SIGFPE", s::SIGFPE),
        ("SIGILL", s::SIGILL),
        ("SIGINT", s::SIGINT),
        ("SIGSEGV", s::SIGSEGV),
        ("SIGTERM", s::SIGTERM),
    ];
    #[cfg(unix)]
    all.extend([
        ("SIGALRM", s::SIGALRM),
        ("SIGBUS", s::SIGBUS),
        ("SIGCHLD", s::SIGCHLD),
        ("SIGCONT", s::SIGCONT),
        ("SIGHUP", s::SIGHUP),
        ("SIGIO", s::SIGIO),
        ("SIGKILL", s::SIGKILL),
        ("SIGPIPE", s::SIGPIPE),
        ("SIGPROF", s::SIGPROF),
        ("SIGQUIT", s::SIGQUIT),
        ("SIGSTOP", s::SIGSTOP),
        ("SIGSYS", s::SIGSYS),
        ("SIGTRAP", s::SIGTRAP),
        ("SIGTSTP", s::SIGTSTP),
        ("SIGTTIN", s::SIGTTIN),
        ("SIGTTOU", s::SIGTTOU),
        ("SIGURG", s::SIGURG),
        ("SIGUSR1", s::SIGUSR1),
        ("SIGUSR2", s::SIGUSR2),
        ("SIGVTALRM", s::SIGVTALRM),
        ("SIGWINCH", s::SIGWINCH),
        ("SIGXCPU", s::SIGXCPU),
        ("SIGXFSZ", s::SIGXFSZ),
    ]);
    #[cfg(windows)]
    all.push(("SIGBREAK", s::SIGBREAK));
    all.sort_by_key(|(_, n)| *n);
    all
}

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("signal", signal),
        ("getsignal", getsignal),
        ("raise_signal", raise_signal),
        ("strsignal", strsignal),
        ("valid_signals", valid_signals),
        ("default_int_handler", default_int_handler),
    ];
    super::add_functions(vm, m, functions);
    for (name, number) in signal_numbers() {
        vm.set_module_attr(m, name, Value::Int(number as i64));
    }
    vm.set_module_attr(m, "SIG_DFL", Value::Int(0));
    vm.set_module_attr(m, "SIG_IGN", Value::Int(1));
    vm.set_module_attr(m, "NSIG", Value::Int(NSIG));
    // What `os.kill` sends a console process group on Windows.
    #[cfg(windows)]
    for (name, event) in [("CTRL_C_EVENT", 0), ("CTRL_BREAK_EVENT", 1)] {
        vm.set_module_attr(m, name, Value::Int(event));
    }
    #[cfg(unix)]
    timers::add(vm, m);
    #[cfg(unix)]
    masks::add(vm, m);
    let handlers = vm.new_dict(Default::default());
    vm.set_module_attr(m, "_handlers", handlers);
    true
}

#[cfg(unix)]
#[path = "signal_timers.rs"]
mod timers;

#[cfg(unix)]
#[path = "signal_masks.rs"]
mod masks;

fn signum_arg<R: Runtime>(vm: &Vm<R>, v: &Value<R>) -> Result<i32, PyErr<R>> {
    let n = vm.index_i64(v)?;
    if !(1..NSIG).contains(&n) {
        return Err(PyErr::value_error("signal number out of range"));
    }
    Ok(n as i32)
}

/// The handler in force for `signum`: the recorded one, else the default (SIGINT's is
/// `default_int_handler`, the others' `SIG_DFL`).
fn current_handler<R: Runtime>(vm: &mut Vm<R>, signum: i32) -> Value<R> {
    match vm.python_signal_handler(signum) {
        Some(v) => v,
        None if signum == signal_hook::consts::SIGINT => vm
            .sys_modules_get("_signal")
            .and_then(|m| vm.get_attr_str(&m, "default_int_handler").ok())
            .unwrap_or(Value::Int(0)),
        None => Value::Int(0),
    }
}

fn signal<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("signal")?;
    args.check_count("signal", 2, 2)?;
    let signum = signum_arg(vm, &args.pos[0])?;
    let mut handler = args.pos[1].clone();
    let valid = match vm.int_i64(&handler) {
        // SIG_DFL or SIG_IGN (plain ints or the `Handlers` enum): kept as plain ints.
        Ok(n @ (0 | 1)) => {
            handler = Value::Int(n);
            true
        }
        Ok(_) => false,
        Err(_) => crate::builtins::is_callable(vm, &handler),
    };
    if !vm.is_main_thread() {
        return Err(PyErr::value_error(
            "signal only works in main thread of the main interpreter",
        ));
    }
    if !valid {
        return Err(PyErr::type_error(
            "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object",
        ));
    }
    if signal_hook::consts::FORBIDDEN.contains(&signum) {
        // The hook library refuses these (SIGKILL and SIGSTOP, which no process can catch,
        // and SIGILL, SIGFPE and SIGSEGV, after which a handler cannot safely return): SIG_IGN
        // and SIG_DFL are set in the OS directly, which refuses the first two as CPython's
        // call does; a Python handler for them is refused.
        let Value::Int(action) = handler else {
            return Err(crate::builtins::oserror::from_errno(vm, 22, None, None));
        };
        if !set_os_action(signum, action == 1) {
            return Err(crate::builtins::oserror::from_errno(vm, 22, None, None));
        }
        let old = current_handler(vm, signum);
        if let Some(ObjKind::Dict(d)) = vm.signal_handlers().as_ref().map(|h| h.kind()) {
            d.lock::<R>().insert(signal_key(signum), handler);
        }
        return Ok(old);
    }
    let old = current_handler(vm, signum);
    if signum != signal_hook::consts::SIGINT && HOOKED.load(Ordering::Relaxed) & (1 << signum) == 0
    {
        // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
        let hooked =
            unsafe { signal_hook::low_level::register(signum, move || note_signal(signum)) };
        if hooked.is_err() {
            return Err(crate::builtins::oserror::from_errno(vm, 22, None, None));
        }
        HOOKED.fetch_or(1 << signum, Ordering::Relaxed);
    }
    if let Some(ObjKind::Dict(d)) = vm.signal_handlers().as_ref().map(|h| h.kind()) {
        d.lock::<R>().insert(signal_key(signum), handler);
    }
    Ok(old)
}

/// Sets `signum`'s disposition in the OS to ignored or to the default; false if refused.
#[cfg(unix)]
fn set_os_action(signum: i32, ignore: bool) -> bool {
    let action = if ignore { libc::SIG_IGN } else { libc::SIG_DFL };
    // SAFETY: SIG_IGN and SIG_DFL are not functions; setting them runs no code of ours.
    unsafe { libc::signal(signum, action) != libc::SIG_ERR }
}

#[cfg(not(unix))]
fn set_os_action(_signum: i32, _ignore: bool) -> bool {
    true
}

fn getsignal<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("getsignal", 1, 1)?;
    let signum = signum_arg(vm, &args.pos[0])?;
    Ok(current_handler(vm, signum))
}

/// `raise_signal(signum)`: sends the signal to this process; its handler runs before the
/// call returns when called from the main thread, as in CPython.
fn raise_signal<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("raise_signal", 1, 1)?;
    let signum = signum_arg(vm, &args.pos[0])?;
    if signal_hook::low_level::raise(signum).is_err() {
        return Err(crate::builtins::oserror::from_errno(vm, 22, None, None));
    }
    if vm.is_main_thread() {
        vm.run_pending_signals()?;
    }
    Ok(Value::None)
}

fn strsignal<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("strsignal", 1, 1)?;
    let signum = signum_arg(vm, &args.pos[0])?;
    let name = signal_numbers()
        .into_iter()
        .find(|(_, n)| *n == signum)
        .map(|(name, _)| description(name));
    Ok(match name {
        Some(text) => vm.new_str(text),
        None => Value::None,
    })
}

/// What `strsignal` says for a signal (glibc's texts).
fn description(name: &str) -> &'static str {
    match name {
        "SIGHUP" => "Hangup",
        "SIGINT" => "Interrupt",
        "SIGQUIT" => "Quit",
        "SIGILL" => "Illegal instruction",
        "SIGTRAP" => "Trace/breakpoint trap",
        "SIGABRT" => "Aborted",
        "SIGBUS" => "Bus error",
        "SIGFPE" => "Floating point exception",
        "SIGKILL" => "Killed",
        "SIGUSR1" => "User defined signal 1",
        "SIGSEGV" => "Segmentation fault",
        "SIGUSR2" => "User defined signal 2",
        "SIGPIPE" => "Broken pipe",
        "SIGALRM" => "Alarm clock",
        "SIGTERM" => "Terminated",
        "SIGCHLD" => "Child exited",
        "SIGCONT" => "Continued",
        "SIGSTOP" => "Stopped (signal)",
        "SIGTSTP" => "Stopped",
        "SIGTTIN" => "Stopped (tty input)",
        "SIGTTOU" => "Stopped (tty output)",
        "SIGURG" => "Urgent I/O condition",
        "SIGXCPU" => "CPU time limit exceeded",
        "SIGXFSZ" => "File size limit exceeded",
        "SIGVTALRM" => "Virtual timer expired",
        "SIGPROF" => "Profiling timer expired",
        "SIGWINCH" => "Window changed",
        "SIGIO" => "I/O possible",
        "SIGSYS" => "Bad system call",
        _ => "Unknown signal",
    }
}

/// Every signal number the system accepts (on Windows, just the ones it has, as in CPython).
fn valid_signals<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("valid_signals", 0, 0)?;
    #[cfg(unix)]
    let numbers: Vec<Value<R>> = (1..NSIG)
        .filter(|n| !(32..34).contains(n))
        .map(Value::Int)
        .collect();
    #[cfg(not(unix))]
    let numbers: Vec<Value<R>> = signal_numbers()
        .into_iter()
        .map(|(_, n)| Value::Int(i64::from(n)))
        .collect();
    let list = vm.new_list(numbers);
    let set_class = Value::Obj(vm.types().set.clone());
    vm.call(&set_class, vec![list], Vec::new())
}

/// The default SIGINT handler: raises KeyboardInterrupt.
fn default_int_handler<R: Runtime>(_vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Err(PyErr::new(ExcKind::KeyboardInterrupt, ""))
}
