//! The `select` module: `select.select(rlist, wlist, xlist[, timeout])` and `select.poll()`
//! over sockets, pipes and anything with a `fileno()`. The wait releases the GIL, shows as
//! blocked in `--trace`, and lets the main thread's signal handlers run (then goes on
//! waiting).

// Winsock under the C library's names (see `socket_windows`).
use super::itertools::R0;
use super::socket::{poll_events, poll_until, Poll};
#[cfg(windows)]
use super::socket_windows as libc;
use super::sync_more::{core_of, install_core};
use crate::builtins::oserror::from_errno;
use crate::objects::class::Layout;
use crate::objects::exception::PyErr;
use crate::objects::{Args, NativeFn, ObjRef, Value};
use crate::vm::threads::WaitTarget;
use crate::vm::Runtime;
use crate::vm::Vm;
use parking_lot::Mutex;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[("select", select)];
    super::add_functions(vm, m, functions);
    let constants: &[(&str, i16)] = &[
        ("POLLIN", libc::POLLIN),
        ("POLLPRI", libc::POLLPRI),
        ("POLLOUT", libc::POLLOUT),
        ("POLLERR", libc::POLLERR),
        ("POLLHUP", libc::POLLHUP),
        ("POLLNVAL", libc::POLLNVAL),
        ("POLLRDNORM", libc::POLLRDNORM),
        ("POLLWRNORM", libc::POLLWRNORM),
    ];
    for (name, value) in constants {
        vm.set_module_attr(m, name, Value::Int(*value as i64));
    }
    let poll_methods: &[(&'static str, NativeFn<R>)] = &[
        ("__init__", poll_init),
        ("register", poll_register),
        ("modify", poll_modify),
        ("unregister", poll_unregister),
        ("poll", poll_poll),
    ];
    let poll_class = vm.native_class_with_layout("poll", "select", Layout::Object, poll_methods);
    vm.set_module_attr(m, "poll", Value::Obj(poll_class));
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
        let outcome = vm.blocking(WaitTarget::Io("select"), true, || {
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

/// A `select.poll()` object: the descriptors registered and the events asked for each.
struct PollCore {
    fds: Mutex<BTreeMap<i32, i16>>,
}

fn poll_core<R: Runtime>(vm: &Vm<R>, args: &Args<R>) -> Result<Arc<PollCore>, PyErr<R>> {
    core_of::<R, PollCore>(vm, args, "poll")
}

fn poll_init<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = args.pos.first().cloned().unwrap_or(Value::None);
    let core = Arc::new(PollCore {
        fds: Mutex::new(BTreeMap::new()),
    });
    install_core(vm, &this, core)?;
    Ok(Value::None)
}

/// The event mask argument at `pos` (default: readable, urgent or writable).
fn event_mask<R: Runtime>(vm: &mut Vm<R>, args: &Args<R>, pos: usize) -> Result<i16, PyErr<R>> {
    match args.pos.get(pos) {
        None => Ok(libc::POLLIN | libc::POLLPRI | libc::POLLOUT),
        Some(v) => {
            let mask = vm.int_i64(v)?;
            u16::try_from(mask).map(|m| m as i16).map_err(|_| {
                PyErr::overflow("Python int too large for C unsigned short".to_string())
            })
        }
    }
}

fn poll_register<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("register")?;
    args.check_count("register", 2, 3)?;
    let core = poll_core(vm, &args)?;
    let fd = descriptor(vm, &args.pos[1])?;
    let mask = event_mask(vm, &args, 2)?;
    core.fds.lock().insert(fd, mask);
    Ok(Value::None)
}

fn poll_modify<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("modify")?;
    args.check_count("modify", 3, 3)?;
    let core = poll_core(vm, &args)?;
    let fd = descriptor(vm, &args.pos[1])?;
    let mask = event_mask(vm, &args, 2)?;
    match core.fds.lock().get_mut(&fd) {
        Some(m) => *m = mask,
        None => return Err(from_errno(vm, libc::ENOENT, None, None)),
    }
    Ok(Value::None)
}

fn poll_unregister<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("unregister")?;
    args.check_count("unregister", 2, 2)?;
    let core = poll_core(vm, &args)?;
    let fd = descriptor(vm, &args.pos[1])?;
    if core.fds.lock().remove(&fd).is_none() {
        return Err(vm.key_error(Value::Int(fd as i64)));
    }
    Ok(Value::None)
}

/// `poll([timeout])`: waits at most `timeout` milliseconds (None or negative: forever) and
/// returns `[(fd, events), ...]` for the descriptors with something to report.
fn poll_poll<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("poll")?;
    args.check_count("poll", 1, 2)?;
    let core = poll_core(vm, &args)?;
    let deadline = match args.pos.get(1).filter(|v| !v.is_none()) {
        Some(v) => {
            let ms = match v {
                Value::Int(_) | Value::Bool(_) => vm.int_i64(v)? as f64,
                Value::Float(f) => f.ceil(),
                _ => return Err(PyErr::type_error("timeout must be an integer or None")),
            };
            (ms >= 0.0).then(|| Instant::now() + Duration::from_secs_f64((ms / 1000.0).min(1e9)))
        }
        None => None,
    };
    let mut polled: Vec<libc::pollfd> = core
        .fds
        .lock()
        .iter()
        .map(|(&fd, &events)| libc::pollfd {
            fd,
            events,
            revents: 0,
        })
        .collect();
    let main = vm.is_main_thread();
    loop {
        let outcome = vm.blocking(WaitTarget::Io("poll"), true, || {
            poll_events(&mut polled, deadline, main)
        });
        match outcome {
            Poll::Ready(_) | Poll::TimedOut => break,
            Poll::Interrupted => vm.run_pending_signals()?,
            Poll::Failed(errno) => return Err(from_errno(vm, errno, None, None)),
        }
    }
    let ready: Vec<Value<R>> = polled
        .iter()
        .filter(|p| p.revents != 0)
        .map(|p| {
            vm.new_tuple(vec![
                Value::Int(p.fd as i64),
                Value::Int(p.revents as u16 as i64),
            ])
        })
        .collect();
    Ok(vm.new_list(ready))
}
