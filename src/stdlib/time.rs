//! The `time` module: wall-clock and monotonic clocks, and `sleep`.

use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjRef, Value};
use crate::vm::signals::signals_pending;
use crate::vm::Runtime;
use crate::vm::Vm;
use std::time::Duration;

type R0<R> = PyResult<Value<R>, R>;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("time", time),
        ("time_ns", time_ns),
        ("perf_counter", perf_counter),
        ("perf_counter_ns", perf_counter_ns),
        ("monotonic", perf_counter),
        ("monotonic_ns", perf_counter_ns),
        ("process_time", perf_counter),
        ("sleep", sleep),
        ("strptime", strptime),
    ];
    super::add_functions(vm, m, functions);
    super::time_struct::init(vm, m);
    #[cfg(unix)]
    super::time_clocks::init(vm, m);
    true
}

/// `time.strptime(string, format="%a %b %d %H:%M:%S %Y")`: the bundled `_strptime` module's
/// parser, shared with `datetime.strptime`.
fn strptime<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let helper = vm.import_module("_strptime")?;
    let parse = vm.get_attr_str(&helper, "_strptime_time")?;
    vm.call(&parse, args.pos, args.kw)
}

fn time<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(Value::Float(vm.interp.clock.wall()))
}

fn time_ns<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(Value::Int((vm.interp.clock.wall() * 1e9) as i64))
}

fn perf_counter<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(Value::Float(vm.interp.clock.monotonic()))
}

fn perf_counter_ns<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(Value::Int((vm.interp.clock.monotonic() * 1e9) as i64))
}

/// Seconds from a number argument.
pub fn seconds_arg<R: Runtime>(vm: &Vm<R>, v: &Value<R>) -> PyResult<f64, R> {
    let s = match v {
        Value::Float(f) => *f,
        Value::Int(i) => *i as f64,
        Value::Bool(b) => *b as i64 as f64,
        _ => {
            return Err(PyErr::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(v)
            )))
        }
    };
    if s.is_nan() {
        return Err(PyErr::value_error("Invalid value NaN (not a number)"));
    }
    Ok(s)
}

fn sleep<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("sleep")?;
    args.check_count("sleep", 1, 1)?;
    let s = seconds_arg(vm, &args.pos[0])?;
    if s < 0.0 {
        return Err(PyErr::value_error("sleep length must be non-negative"));
    }
    let s = s.min(1e9);
    let wake = vm.interp.clock.monotonic() + s;
    let target = crate::vm::threads::WaitTarget::SleepUntil(wake.to_bits());
    if vm.interp.clock.is_virtual() {
        // The scheduler runs this thread again once the virtual clock reaches `wake`; a
        // Ctrl-C (or `_thread.interrupt_main`) meanwhile ends the sleep as in real time.
        vm.blocking(target, true, || ());
        if vm.is_main_thread() && signals_pending() {
            vm.run_pending_signals()?;
        }
        return Ok(Value::None);
    }
    let deadline = std::time::Instant::now() + Duration::from_secs_f64(s);
    let main = vm.is_main_thread();
    loop {
        let interrupted = vm.blocking(target.clone(), true, || {
            // Sleep in slices in the main thread, to notice Ctrl-C and other signals.
            loop {
                let now = std::time::Instant::now();
                if now >= deadline {
                    return false;
                }
                if main && signals_pending() {
                    return true;
                }
                let slice = if main {
                    Duration::from_millis(20)
                } else {
                    deadline - now
                };
                std::thread::sleep(slice.min(deadline - now));
            }
        });
        if !interrupted {
            break;
        }
        // The handler runs now; if it returns, the sleep goes on for the time left (PEP 475).
        // Without a handler, Ctrl-C raises KeyboardInterrupt here.
        vm.run_pending_signals()?;
    }
    Ok(Value::None)
}
