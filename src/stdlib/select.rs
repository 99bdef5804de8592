//! The `select` module: `select.select(rlist, wlist, xlist[, timeout])` over sockets, pipes
//! and anything with a `fileno()`. The wait releases the GIL, shows as blocked in
//! `--trace`, and lets the main thread's signal handlers run (then goes on waiting).

use super::itertools::R0;
use super::socket::{poll_until, Poll};
use crate::builtins::oserror::from_errno;
use crate::objects::exception::PyErr;
use crate::objects::{Args, NativeFn, ObjRef, Value};
use crate::vm::threads::WaitTarget;
use crate::vm::Runtime;
use crate::vm::Vm;
use std::time::{Duration, Instant};

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[("select", select)];
    super::add_functions(vm, m, functions);
    let oserror = vm
        .types()
        .exception(crate::objects::exception::ExcKind::OSError)
        .clone();
    vm.set_module_attr(m, "error", Value::Obj(oserror));
    true
}

/// The descriptor of `v`: an int, or what its `fileno()` returns.
fn descriptor<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> Result<i32, PyErr<R>> {
    let fd = match v {
        Value::Int(_) | Value::Bool(_) => vm.int_i64(v)?,
        _ => match vm.call_special(v, "fileno", Vec::new())? {
            Some(r) => vm.int_i64(&r)?,
            None => {
                return Err(PyErr::type_error(
                    "argument must be an int, or have a fileno() method.",
                ))
            }
        },
    };
    if fd < 0 {
        return Err(PyErr::value_error(format!(
            "file descriptor cannot be a negative integer ({fd})"
        )));
    }
    Ok(fd as i32)
}

fn select<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("select")?;
    args.check_count("select", 3, 4)?;
    let mut lists = Vec::new();
    for v in &args.pos[..3] {
        let items = vm
            .collect(v)
            .map_err(|_| PyErr::type_error("arguments 1-3 must be sequences"))?;
        lists.push(items);
    }
    let deadline = match args.pos.get(3).filter(|v| !v.is_none()) {
        Some(t) => {
            let t = super::num_args::to_f64(vm, t)?;
            if t < 0.0 {
                return Err(PyErr::value_error("timeout must be non-negative"));
            }
            Some(Instant::now() + Duration::from_secs_f64(t.min(1e9)))
        }
        None => None,
    };
    // Readers, then writers; exceptional conditions are not watched (never reported).
    let mut watched = Vec::new();
    for (which, items) in lists.iter().take(2).enumerate() {
        for item in items {
            watched.push((descriptor(vm, item)?, which == 1));
        }
    }
    let main = vm.is_main_thread();
    let ready = loop {
        let outcome = vm.blocking(WaitTarget::Sleep, true, || {
            poll_until(&watched, deadline, main)
        });
        match outcome {
            Poll::Ready(ready) => break ready,
            Poll::TimedOut => break vec![false; watched.len()],
            Poll::Interrupted => vm.run_pending_signals()?,
            Poll::Failed(errno) => return Err(from_errno(vm, errno, None, None)),
        }
    };
    let readers = lists[0].len();
    let pick = |items: &[Value<R>], flags: &[bool]| -> Vec<Value<R>> {
        items
            .iter()
            .zip(flags)
            .filter(|(_, ready)| **ready)
            .map(|(v, _)| v.clone())
            .collect()
    };
    let r = vm.new_list(pick(&lists[0], &ready[..readers]));
    let w = vm.new_list(pick(&lists[1], &ready[readers..]));
    let x = vm.new_list(Vec::new());
    Ok(vm.new_tuple(vec![r, w, x]))
}
