//! `threading`'s Condition, Semaphore, BoundedSemaphore, Event and Barrier, and the pieces
//! `queue` shares with them.
//!
//! Each is a class programs may subclass (instances are plain objects); the state lives in a
//! Rust "core" kept in the instance's `_core` attribute. A core holds no Python object that a
//! wait touches: waiting happens in `Vm::blocking` with the GIL released, on the core's own
//! mutex and condition variable. Every change that lets a waiter go on (or stops it) is
//! mirrored in the registry's `ready` set, which the deadlock detector reads.

use super::sync::{self, Wakeup};
use crate::objects::class::Layout;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, NativeFn, NativeObj, ObjKind, ObjRef, Value};
use crate::vm::lock_order;
use crate::vm::race;
use crate::vm::spin::WaitCv;
use crate::vm::threads::{next_object_id, ThreadState, WaitTarget, INTERRUPT};
use crate::vm::Runtime;
use crate::vm::{Interp, Vm};
use parking_lot::Mutex;
use std::collections::{HashSet, VecDeque};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

mod barrier;
mod condition;
mod event;
mod semaphore;
use barrier::*;
use condition::*;
use event::*;
use semaphore::*;

type R0<R> = PyResult<Value<R>, R>;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) {
    let classes: [(&str, ObjRef<R>); 5] = [
        ("Condition", condition_class(vm)),
        ("Semaphore", semaphore_class(vm)),
        ("BoundedSemaphore", bounded_semaphore_class(vm)),
        ("Event", event_class(vm)),
        ("Barrier", barrier_class(vm)),
    ];
    for (name, class) in classes {
        vm.set_module_attr(m, name, Value::Obj(class));
    }
    let broken = broken_barrier_error(vm);
    vm.set_module_attr(m, "BrokenBarrierError", Value::Obj(broken));
}

// ---------------------------------------------------------------------------------------------
// Shared machinery (also used by `queue`).

/// The instance attribute that holds a primitive's core.
const CORE: &str = "_core";

/// When a wait gives up.
#[derive(Debug, Clone, Copy)]
pub enum Deadline {
    Forever,
    Until(Instant),
    /// Only look: don't wait at all.
    NoWait,
}

/// A `timeout` argument as CPython's Condition-based waits read it: `None` waits forever, a
/// number <= 0 doesn't wait.
pub fn deadline_of<R: Runtime>(vm: &Vm<R>, timeout: Option<&Value<R>>) -> PyResult<Deadline, R> {
    match timeout {
        None | Some(Value::None) => Ok(Deadline::Forever),
        Some(v) => Ok(deadline_after(super::time::seconds_arg(vm, v)?)),
    }
}

/// The deadline `seconds` from now (none at all for <= 0).
pub fn deadline_after(seconds: f64) -> Deadline {
    if seconds > 0.0 {
        Deadline::Until(crate::vm::threads::deadline_in(seconds))
    } else {
        Deadline::NoWait
    }
}

/// Waits until `ready(state)` or the deadline, then runs `then` on the state (still under
/// its mutex) with how the wait ended. Doesn't block when the state is ready already or the
/// deadline is `NoWait`; otherwise waits with the GIL released, shown in the registry as
/// waiting for `target()`. `ready` and `then` run without the GIL: they must not touch any
/// Python object.
pub fn wait_state<R: Runtime, T, U>(
    vm: &mut Vm<R>,
    target: impl FnOnce() -> WaitTarget,
    state: &Mutex<T>,
    cv: &WaitCv,
    deadline: Deadline,
    mut ready: impl FnMut(&T) -> bool,
    then: impl FnOnce(&mut T, Wakeup) -> U,
) -> U {
    {
        let mut st = state.lock();
        if ready(&st) {
            return then(&mut st, Wakeup::Ready);
        }
        if let Deadline::NoWait = deadline {
            return then(&mut st, Wakeup::TimedOut);
        }
    }
    let until = match deadline {
        Deadline::Until(d) => Some(d),
        _ => None,
    };
    let main = vm.is_main_thread();
    let me = vm.thread_id;
    let interp = vm.interp.clone();
    vm.blocking_until(target(), until, || {
        let mut st = state.lock();
        let w = sync::wait_until(&mut st, cv, until, main, ready);
        // The wait is over: from now on the registry must not count this thread as stuck,
        // even before it has the GIL back (`then` may make its own target not ready, as
        // when a Semaphore's last unit is taken).
        if let Some(t) = interp.registry.lock().threads.get_mut(&me) {
            t.state = ThreadState::Running;
        }
        then(&mut st, w)
    })
}

/// The KeyboardInterrupt for a wait that Ctrl-C ended.
pub fn interrupted<R: Runtime>() -> PyErr<R> {
    INTERRUPT.store(false, Ordering::Relaxed);
    PyErr::new(ExcKind::KeyboardInterrupt, "")
}

/// What a timed wait on the object `id` returns: True once woken (the waker's writes are
/// now seen, for the race detector), False at its timeout, KeyboardInterrupt on Ctrl-C.
pub fn wait_result<R: Runtime>(vm: &Vm<R>, id: u64, outcome: Wakeup) -> PyResult<Value<R>, R> {
    match outcome {
        Wakeup::Ready => {
            race::acquire(vm, id);
            Ok(Value::Bool(true))
        }
        Wakeup::TimedOut => Ok(Value::Bool(false)),
        Wakeup::Interrupted => Err(interrupted()),
    }
}

/// Marks a signal wait as able (or not) to complete, for the deadlock detector.
pub fn set_ready<R: Runtime>(interp: &Interp<R>, id: u64, ready: bool) {
    interp.registry.lock().set_ready(id, ready);
}

/// Stores a primitive's core in a new instance.
pub fn install_core<R: Runtime, T: Send + Sync + 'static>(
    vm: &mut Vm<R>,
    this: &Value<R>,
    core: Arc<T>,
) -> PyResult<(), R> {
    let class = vm.native_class("_core", "threading", &[]);
    let v = Value::new_obj(ObjKind::Native(NativeObj {
        class,
        data: Box::new(core),
    }));
    let key = vm.static_key(CORE);
    vm.set_attr(this, &key, v)
}

/// A plain attribute of an instance (from its dict: no descriptors, no Python code).
pub fn instance_attr<R: Runtime>(
    vm: &Vm<R>,
    this: &Value<R>,
    name: &'static str,
) -> Option<Value<R>> {
    match this.kind() {
        Some(ObjKind::Instance(i)) => {
            // The per-thread key of a literal: no new str and hash per look-up.
            let key = vm.static_key(name);
            i.get(&key)
        }
        _ => None,
    }
}

/// The core of `args.pos[0]` (the receiver of a method).
pub fn core_of<R: Runtime, T: Send + Sync + 'static>(
    vm: &Vm<R>,
    args: &Args<R>,
    attr_name: &str,
) -> PyResult<Arc<T>, R> {
    let this = args.pos.first().cloned().unwrap_or(Value::None);
    let found = instance_attr(vm, &this, CORE).and_then(|v| match v.kind() {
        Some(ObjKind::Native(n)) => n.downcast::<Arc<T>>().cloned(),
        _ => None,
    });
    // CPython's instances miss the attribute when `__init__` was not run.
    found.ok_or_else(|| {
        PyErr::new(
            ExcKind::AttributeError,
            format!(
                "'{}' object has no attribute '{attr_name}'",
                vm.type_name(&this)
            ),
        )
    })
}

/// Positional-or-keyword parameter `pos` (counting self) called `name`.
pub fn param<R: Runtime>(args: &mut Args<R>, name: &str, pos: usize) -> Option<Value<R>> {
    args.take_kw(name).or_else(|| args.pos.get(pos).cloned())
}

/// Checks there are at most `max` positional arguments after self (`name`: `Class.method`).
pub fn max_args<R: Runtime>(args: &Args<R>, name: &str, max: usize) -> PyResult<(), R> {
    let given = args.pos.len().saturating_sub(1);
    if given > max {
        let takes = if max == 0 {
            "1 positional argument".to_string()
        } else {
            format!("from 1 to {} positional arguments", max + 1)
        };
        return Err(PyErr::type_error(format!(
            "{name}() takes {takes} but {} were given",
            given + 1
        )));
    }
    Ok(())
}

/// An exception class made once per interpreter: `module.name`, deriving from `base`.
pub fn exception_class<R: Runtime>(
    vm: &Vm<R>,
    module: &str,
    name: &str,
    base: &ObjRef<R>,
) -> ObjRef<R> {
    vm.native_class_derived(name, module, Layout::Exception, vec![base.clone()], &[])
}

/// An instance of exception class `class`, raised with no arguments.
pub fn raise_class<R: Runtime>(vm: &mut Vm<R>, class: &ObjRef<R>) -> PyErr<R> {
    match vm.new_exception_object(class, Vec::new()) {
        Value::Obj(o) => PyErr::Object(o),
        _ => PyErr::runtime_error("cannot make exception"),
    }
}

/// A native class programs can subclass (instances are plain objects with a dict).
fn class<R: Runtime>(vm: &Vm<R>, name: &str, methods: &[(&'static str, NativeFn<R>)]) -> ObjRef<R> {
    vm.native_class_with_layout(name, "threading", Layout::Object, methods)
}

/// Adds a read-only property to a class.
pub fn add_property<R: Runtime>(
    vm: &Vm<R>,
    class: &ObjRef<R>,
    name: &'static str,
    getter: NativeFn<R>,
) {
    if let ObjKind::Class(c) = class.kind() {
        let prop = Value::new_obj(ObjKind::Property {
            fget: super::native_function(name, getter),
            fset: Value::None,
            fdel: Value::None,
            doc: Value::None,
        });
        c.dict.lock::<R>().insert(vm.str_key(name), prop);
    }
}

/// `<module.Class at 0x...: detail>`, as the reprs of CPython's threading classes.
fn repr_at<R: Runtime>(vm: &mut Vm<R>, this: &Value<R>, detail: &str) -> Value<R> {
    let class = vm.types().class_of(this).clone();
    let (module, qualname) = match class.kind() {
        ObjKind::Class(c) => (c.module.clone(), c.qualname.clone()),
        _ => (String::new(), String::new()),
    };
    let addr = this.as_obj().map(|o| o.addr()).unwrap_or(0);
    vm.new_str(format!("<{module}.{qualname} at {addr:#x}: {detail}>"))
}

fn this<R: Runtime>(args: &Args<R>) -> Value<R> {
    args.pos.first().cloned().unwrap_or(Value::None)
}
