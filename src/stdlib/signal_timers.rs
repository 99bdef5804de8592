//! The timers of the `_signal` module (Unix): `alarm(seconds)` and `setitimer` /
//! `getitimer` with `ITIMER_REAL`, `ITIMER_VIRTUAL` and `ITIMER_PROF`. They only arm the
//! system's timers; the SIGALRM (SIGVTALRM, SIGPROF) that comes runs its Python handler in the
//! main thread like any other signal (`vm::signals`), also during `time.sleep`. An invalid
//! timer is an OSError here, which `lib/signal.py` turns into `signal.ItimerError`.

use crate::objects::{Args, NativeFn, ObjRef, Value};
use crate::stdlib::itertools::R0;
use crate::vm::{Runtime, Vm};

pub fn add<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("alarm", alarm),
        ("setitimer", setitimer),
        ("getitimer", getitimer),
    ];
    crate::stdlib::add_functions(vm, m, functions);
    for (name, which) in [
        ("ITIMER_REAL", libc::ITIMER_REAL),
        ("ITIMER_VIRTUAL", libc::ITIMER_VIRTUAL),
        ("ITIMER_PROF", libc::ITIMER_PROF),
    ] {
        vm.set_module_attr(m, name, Value::Int(i64::from(which)));
    }
}

/// `alarm(seconds)`: SIGALRM in that many seconds (0 cancels); the seconds that were left.
fn alarm<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("alarm")?;
    args.check_count("alarm", 1, 1)?;
    // As C's `unsigned int` argument takes it.
    let seconds = vm.index_i64(&args.pos[0])? as u32;
    // SAFETY: alarm has no memory effects.
    let left = unsafe { libc::alarm(seconds) };
    Ok(Value::Int(i64::from(left)))
}

fn to_timeval(seconds: f64) -> libc::timeval {
    let whole = seconds.floor();
    let mut micros = ((seconds - whole) * 1e6).round() as libc::suseconds_t;
    let mut whole = whole as libc::time_t;
    if micros >= 1_000_000 {
        whole += 1;
        micros -= 1_000_000;
    }
    // As CPython: a positive time under a microsecond still arms the timer.
    if whole == 0 && micros == 0 && seconds > 0.0 {
        micros = 1;
    }
    libc::timeval {
        tv_sec: whole,
        tv_usec: micros,
    }
}

fn from_timeval(t: &libc::timeval) -> f64 {
    t.tv_sec as f64 + t.tv_usec as f64 * 1e-6
}

/// `(value, interval)` of a timer, as a tuple of floats.
fn timer_tuple<R: Runtime>(vm: &Vm<R>, t: &libc::itimerval) -> Value<R> {
    vm.new_tuple(vec![
        Value::Float(from_timeval(&t.it_value)),
        Value::Float(from_timeval(&t.it_interval)),
    ])
}

fn which_arg<R: Runtime>(
    vm: &Vm<R>,
    v: &Value<R>,
) -> Result<libc::c_int, crate::objects::exception::PyErr<R>> {
    Ok(vm.index_i64(v)? as libc::c_int)
}

/// `setitimer(which, seconds, interval=0.0)`: arms timer `which` (0 disarms it); the
/// timer's `(value, interval)` before.
fn setitimer<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("setitimer")?;
    args.check_count("setitimer", 2, 3)?;
    let which = which_arg(vm, &args.pos[0])?;
    let seconds = crate::stdlib::time::seconds_arg(vm, &args.pos[1])?;
    let interval = match args.pos.get(2) {
        Some(v) => crate::stdlib::time::seconds_arg(vm, v)?,
        None => 0.0,
    };
    let new = libc::itimerval {
        it_value: to_timeval(seconds),
        it_interval: to_timeval(interval),
    };
    // SAFETY: both pointers are to live values of the right type.
    let mut old: libc::itimerval = unsafe { std::mem::zeroed() };
    if unsafe { libc::setitimer(which, &new, &mut old) } != 0 {
        return Err(last_error(vm));
    }
    Ok(timer_tuple(vm, &old))
}

/// `getitimer(which)`: the timer's `(value, interval)`.
fn getitimer<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("getitimer")?;
    args.check_count("getitimer", 1, 1)?;
    let which = which_arg(vm, &args.pos[0])?;
    // SAFETY: the pointer is to a live value of the right type.
    let mut current: libc::itimerval = unsafe { std::mem::zeroed() };
    if unsafe { libc::getitimer(which, &mut current) } != 0 {
        return Err(last_error(vm));
    }
    Ok(timer_tuple(vm, &current))
}

fn last_error<R: Runtime>(vm: &mut Vm<R>) -> crate::objects::exception::PyErr<R> {
    let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(22);
    crate::builtins::oserror::from_errno(vm, errno, None, None)
}
