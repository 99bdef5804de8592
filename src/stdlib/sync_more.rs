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
use crate::vm::threads::{next_object_id, ThreadState, WaitTarget, INTERRUPT};
use crate::vm::Runtime;
use crate::vm::{Interp, Vm};
use parking_lot::{Condvar, Mutex};
use std::collections::{HashSet, VecDeque};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

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
        Deadline::Until(Instant::now() + Duration::from_secs_f64(seconds.min(1e9)))
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
    cv: &Condvar,
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
    let key = vm.str_key(CORE);
    vm.set_attr(this, &key, v)
}

/// A plain attribute of an instance (from its dict: no descriptors, no Python code).
pub fn instance_attr<R: Runtime>(vm: &Vm<R>, this: &Value<R>, name: &str) -> Option<Value<R>> {
    match this.kind() {
        Some(ObjKind::Instance(i)) => {
            let key = vm.str_key(name);
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

// ---------------------------------------------------------------------------------------------
// Condition

/// A Condition's waiters: each wait has its own id (its registry `ready` entry), and notify
/// picks them in the order they started waiting.
#[derive(Default)]
struct CondCore {
    st: Mutex<CondState>,
    cv: Condvar,
}

#[derive(Default)]
struct CondState {
    waiting: VecDeque<u64>,
    notified: HashSet<u64>,
}

fn condition_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    class(
        vm,
        "Condition",
        &[
            ("__init__", cond_init),
            ("acquire", cond_acquire),
            ("release", cond_release),
            ("__enter__", cond_enter),
            ("__exit__", cond_exit),
            ("_is_owned", cond_is_owned),
            ("wait", cond_wait),
            ("wait_for", cond_wait_for),
            ("notify", cond_notify),
            ("notify_all", cond_notify_all),
            ("notifyAll", cond_notify_all),
            ("__repr__", cond_repr),
        ],
    )
}

fn cond_init<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    max_args(&args, "Condition.__init__", 1)?;
    let lock = param(&mut args, "lock", 1).unwrap_or(Value::None);
    args.no_more_kwargs("Condition")?;
    let lock = match lock {
        Value::None => sync::new_lock(vm, true),
        l => {
            sync::lock_of(&l)?;
            l
        }
    };
    let obj = this(&args);
    let key = vm.static_key("_lock");
    vm.set_attr(&obj, &key, lock)?;
    install_core(vm, &obj, Arc::new(CondCore::default()))?;
    Ok(Value::None)
}

fn cond_lock<R: Runtime>(vm: &Vm<R>, args: &Args<R>) -> PyResult<Value<R>, R> {
    instance_attr(vm, &this(args), "_lock").ok_or_else(|| {
        PyErr::new(
            ExcKind::AttributeError,
            format!(
                "'{}' object has no attribute '_lock'",
                vm.type_name(&this(args))
            ),
        )
    })
}

/// Calls method `name` of the Condition's lock with the call's arguments.
fn delegate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, name: &str) -> R0<R> {
    let lock = cond_lock(vm, &args)?;
    let method = vm.get_attr_str(&lock, name)?;
    let Args { mut pos, kw } = args;
    if !pos.is_empty() {
        pos.remove(0);
    }
    vm.call(&method, pos, kw)
}

fn cond_acquire<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    name_condition_lock(vm, &args);
    delegate(vm, args, "acquire")
}

/// `--lock-order`: a Condition's lock is known by the Condition's name.
fn name_condition_lock<R: Runtime>(vm: &mut Vm<R>, args: &Args<R>) {
    if !lock_order::enabled() {
        return;
    }
    let Ok(lock) = cond_lock(vm, args) else {
        return;
    };
    let Ok(core) = sync::lock_of(&lock) else {
        return;
    };
    let lock_key = vm.str_key("_lock");
    let over_this_lock = |v: &Value<R>| match v.kind() {
        Some(ObjKind::Instance(i)) => i.get(&lock_key).is_some_and(|a| a.is(&lock)),
        _ => false,
    };
    lock_order::name_as(vm, core.id, "Condition", &over_this_lock);
}

fn cond_release<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    delegate(vm, args, "release")
}

fn cond_enter<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    name_condition_lock(vm, &args);
    delegate(vm, args, "__enter__")
}

fn cond_exit<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    delegate(vm, args, "__exit__")
}

/// Whether the current thread holds `lock` (for a plain Lock, CPython can only tell whether
/// anyone does).
fn owns<R: Runtime>(vm: &mut Vm<R>, lock_v: &Value<R>, lock: &sync::LockCore) -> PyResult<bool, R> {
    if lock.reentrant {
        // The RLock's own record (the registry's copy of the holder can lag behind it when
        // threads run in parallel).
        let is_owned = vm.get_attr_str(lock_v, "_is_owned")?;
        let r = vm.call(&is_owned, Vec::new(), Vec::new())?;
        vm.truthy(&r)
    } else {
        Ok(lock.is_locked())
    }
}

fn cond_is_owned<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let lock_v = cond_lock(vm, &args)?;
    let lock = sync::lock_of(&lock_v)?;
    Ok(Value::Bool(owns(vm, &lock_v, lock)?))
}

/// Releases `lock` completely (every level of an RLock); returns how many levels it had.
fn release_all<R: Runtime>(
    vm: &mut Vm<R>,
    lock_v: &Value<R>,
    lock: &sync::LockCore,
) -> PyResult<usize, R> {
    if !lock.reentrant {
        sync::release_lock(vm, lock)?;
        return Ok(1);
    }
    let mut levels = 0;
    while owns(vm, lock_v, lock)? {
        sync::release_lock(vm, lock)?;
        levels += 1;
    }
    Ok(levels)
}

/// Takes `lock` back, `levels` deep.
fn restore<R: Runtime>(vm: &mut Vm<R>, lock: &sync::LockCore, levels: usize) -> PyResult<(), R> {
    for _ in 0..levels {
        sync::acquire_lock(vm, lock, Ok(None))?;
    }
    Ok(())
}

/// `Condition.wait`: true if notified, false on timeout.
fn condition_wait<R: Runtime>(
    vm: &mut Vm<R>,
    core: &CondCore,
    lock_v: &Value<R>,
    deadline: Deadline,
) -> PyResult<bool, R> {
    let lock = sync::lock_of(lock_v)?;
    if !owns(vm, lock_v, lock)? {
        return Err(PyErr::runtime_error("cannot wait on un-acquired lock"));
    }
    let me = next_object_id();
    core.st.lock().waiting.push_back(me);
    let levels = match release_all(vm, lock_v, lock) {
        Ok(n) => n,
        Err(e) => {
            core.st.lock().waiting.retain(|w| *w != me);
            return Err(e);
        }
    };
    let outcome = wait_state(
        vm,
        || WaitTarget::Signal(me, "a notify on a Condition (Condition.wait)".to_string()),
        &core.st,
        &core.cv,
        deadline,
        |s| s.notified.contains(&me),
        |s, w| {
            let notified = s.notified.remove(&me);
            if !notified {
                s.waiting.retain(|x| *x != me);
            }
            (notified, w)
        },
    );
    set_ready(&vm.interp, me, false);
    restore(vm, lock, levels)?;
    match outcome {
        (_, Wakeup::Interrupted) => Err(interrupted()),
        (notified, _) => Ok(notified),
    }
}

fn cond_wait<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    max_args(&args, "Condition.wait", 1)?;
    let timeout = param(&mut args, "timeout", 1);
    args.no_more_kwargs("wait")?;
    let core: Arc<CondCore> = core_of(vm, &args, "_waiters")?;
    let lock = cond_lock(vm, &args)?;
    let deadline = deadline_of(vm, timeout.as_ref())?;
    Ok(Value::Bool(condition_wait(vm, &core, &lock, deadline)?))
}

fn cond_wait_for<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    max_args(&args, "Condition.wait_for", 2)?;
    let predicate = param(&mut args, "predicate", 1).ok_or_else(|| {
        PyErr::type_error(
            "Condition.wait_for() missing 1 required positional argument: 'predicate'",
        )
    })?;
    let timeout = param(&mut args, "timeout", 2).filter(|t| !t.is_none());
    args.no_more_kwargs("wait_for")?;
    let core: Arc<CondCore> = core_of(vm, &args, "_waiters")?;
    let lock = cond_lock(vm, &args)?;
    let seconds = match &timeout {
        Some(t) => Some(super::time::seconds_arg(vm, t)?),
        None => None,
    };
    let mut end: Option<Instant> = None;
    let mut result = vm.call(&predicate, Vec::new(), Vec::new())?;
    while !vm.truthy(&result)? {
        let deadline = match seconds {
            None => Deadline::Forever,
            Some(s) => match end {
                None => {
                    let d = deadline_after(s);
                    end = Some(match d {
                        Deadline::Until(t) => t,
                        _ => Instant::now(),
                    });
                    d
                }
                Some(e) => {
                    let now = Instant::now();
                    if now >= e {
                        break;
                    }
                    Deadline::Until(e)
                }
            },
        };
        condition_wait(vm, &core, &lock, deadline)?;
        result = vm.call(&predicate, Vec::new(), Vec::new())?;
    }
    Ok(result)
}

fn notify_n<R: Runtime>(vm: &mut Vm<R>, args: &Args<R>, n: Option<usize>) -> R0<R> {
    let core: Arc<CondCore> = core_of(vm, args, "_waiters")?;
    let lock_v = cond_lock(vm, args)?;
    let lock = sync::lock_of(&lock_v)?;
    if !owns(vm, &lock_v, lock)? {
        return Err(PyErr::runtime_error("cannot notify on un-acquired lock"));
    }
    let mut st = core.st.lock();
    let n = n.unwrap_or(st.waiting.len());
    let mut woken = false;
    for _ in 0..n {
        let Some(w) = st.waiting.pop_front() else {
            break;
        };
        st.notified.insert(w);
        set_ready(&vm.interp, w, true);
        woken = true;
    }
    drop(st);
    if woken {
        core.cv.notify_all();
    }
    Ok(Value::None)
}

fn cond_notify<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    max_args(&args, "Condition.notify", 1)?;
    let n = match param(&mut args, "n", 1) {
        Some(v) => vm.int_i64(&v)?.max(0) as usize,
        None => 1,
    };
    args.no_more_kwargs("notify")?;
    notify_n(vm, &args, Some(n))
}

fn cond_notify_all<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    max_args(&args, "Condition.notify_all", 0)?;
    args.no_kwargs("notify_all")?;
    notify_n(vm, &args, None)
}

fn cond_repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core: Arc<CondCore> = core_of(vm, &args, "_lock")?;
    let lock = cond_lock(vm, &args)?;
    let lock_repr = vm.repr(&lock)?;
    let n = core.st.lock().waiting.len();
    Ok(vm.new_str(format!("<Condition({lock_repr}, {n})>")))
}

// ---------------------------------------------------------------------------------------------
// Semaphore and BoundedSemaphore

struct SemCore {
    /// The registry id of "the semaphore's value is above zero".
    id: u64,
    /// BoundedSemaphore's initial value.
    bound: Option<i64>,
    /// Made with value 1: used as a lock, so `--lock-order` orders it with locks (one made
    /// with 0 is a signal, one with more a pool; neither is held as a lock is).
    binary: bool,
    value: Mutex<i64>,
    cv: Condvar,
}

fn semaphore_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![
        ("__init__", sem_init),
        ("acquire", sem_acquire),
        ("__enter__", sem_acquire),
        ("release", sem_release),
        ("__exit__", sem_exit),
        ("__repr__", sem_repr),
    ]
}

fn semaphore_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    class(vm, "Semaphore", &semaphore_methods())
}

fn bounded_semaphore_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    let base = semaphore_class(vm);
    let mut methods = semaphore_methods();
    methods[0] = ("__init__", bounded_init);
    vm.native_class_with_bases("BoundedSemaphore", "threading", vec![base], &methods)
}

fn new_semaphore<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>, bounded: bool) -> R0<R> {
    max_args(&args, "Semaphore.__init__", 1)?;
    let value = match param(&mut args, "value", 1) {
        Some(v) => vm.int_i64(&v)?,
        None => 1,
    };
    args.no_more_kwargs("Semaphore")?;
    if value < 0 {
        return Err(PyErr::value_error("semaphore initial value must be >= 0"));
    }
    let core = SemCore {
        id: next_object_id(),
        bound: bounded.then_some(value),
        binary: value == 1,
        value: Mutex::new(value),
        cv: Condvar::new(),
    };
    set_ready(&vm.interp, core.id, value > 0);
    install_core(vm, &this(&args), Arc::new(core))?;
    Ok(Value::None)
}

fn sem_init<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    new_semaphore(vm, args, false)
}

fn bounded_init<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    new_semaphore(vm, args, true)
}

fn sem_acquire<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    max_args(&args, "Semaphore.acquire", 2)?;
    let blocking = param(&mut args, "blocking", 1);
    let timeout = param(&mut args, "timeout", 2).filter(|t| !t.is_none());
    args.no_more_kwargs("acquire")?;
    let core: Arc<SemCore> = core_of(vm, &args, "_cond")?;
    let blocking = match blocking {
        Some(b) => vm.truthy(&b)?,
        None => true,
    };
    if !blocking && timeout.is_some() {
        return Err(PyErr::value_error(
            "can't specify timeout for non-blocking acquire",
        ));
    }
    let deadline = if blocking {
        deadline_of(vm, timeout.as_ref())?
    } else {
        Deadline::NoWait
    };
    // `--lock-order`: a semaphore is ordered with locks as a lock is.
    let kind = vm.type_name(&this(&args));
    let me = this(&args);
    let is_this = |v: &Value<R>| v.is(&me);
    let request = lock_order::Request {
        id: core.id,
        matches: &is_this,
        kind: &kind,
        reentrant: false,
        mode: match &deadline {
            Deadline::Forever => lock_order::Mode::Blocking,
            Deadline::NoWait => lock_order::Mode::NonBlocking,
            _ => lock_order::Mode::Timeout,
        },
    };
    let order = core.binary && lock_order::enabled();
    if order {
        lock_order::before_wait(vm, &request);
    }
    let interp = vm.interp.clone();
    let outcome = wait_state(
        vm,
        || WaitTarget::Signal(core.id, "a Semaphore (Semaphore.acquire)".to_string()),
        &core.value,
        &core.cv,
        deadline,
        |v| *v > 0,
        |v, w| {
            if w == Wakeup::Ready {
                *v -= 1;
                set_ready(&interp, core.id, *v > 0);
            }
            w
        },
    );
    if outcome == Wakeup::Ready && order {
        lock_order::acquired(vm, &request);
    }
    match outcome {
        Wakeup::Ready => {
            race::acquire(vm, core.id);
            Ok(Value::Bool(true))
        }
        Wakeup::TimedOut => Ok(Value::Bool(false)),
        Wakeup::Interrupted => Err(interrupted()),
    }
}

fn release_n<R: Runtime>(vm: &Vm<R>, core: &SemCore, n: i64) -> PyResult<(), R> {
    if n < 1 {
        return Err(PyErr::value_error("n must be one or more"));
    }
    let mut v = core.value.lock();
    if let Some(bound) = core.bound {
        if *v + n > bound {
            return Err(PyErr::value_error("Semaphore released too many times"));
        }
    }
    race::release(vm, core.id);
    *v += n;
    set_ready(&vm.interp, core.id, true);
    drop(v);
    if core.binary && lock_order::enabled() {
        for _ in 0..n.min(64) {
            lock_order::released(vm, core.id);
        }
    }
    core.cv.notify_all();
    Ok(())
}

fn sem_release<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    max_args(&args, "Semaphore.release", 1)?;
    let n = match param(&mut args, "n", 1) {
        Some(v) => vm.int_i64(&v)?,
        None => 1,
    };
    args.no_more_kwargs("release")?;
    let core: Arc<SemCore> = core_of(vm, &args, "_cond")?;
    release_n(vm, &core, n)?;
    Ok(Value::None)
}

fn sem_exit<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core: Arc<SemCore> = core_of(vm, &args, "_cond")?;
    release_n(vm, &core, 1)?;
    Ok(Value::None)
}

fn sem_repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core: Arc<SemCore> = core_of(vm, &args, "_cond")?;
    let v = *core.value.lock();
    let detail = match core.bound {
        Some(b) => format!("value={v}/{b}"),
        None => format!("value={v}"),
    };
    Ok(repr_at(vm, &this(&args), &detail))
}

// ---------------------------------------------------------------------------------------------
// Event

struct EventCore {
    /// The registry id of "the event is set".
    id: u64,
    st: Mutex<EventState>,
    cv: Condvar,
}

#[derive(Default)]
struct EventState {
    flag: bool,
    /// Counts `set` calls that set the flag: a waiter woken by a `set` returns True even if
    /// `clear` came before it ran (as CPython's, which was notified).
    sets: u64,
}

fn event_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    class(
        vm,
        "Event",
        &[
            ("__init__", event_init),
            ("is_set", event_is_set),
            ("isSet", event_is_set),
            ("set", event_set),
            ("clear", event_clear),
            ("wait", event_wait),
            ("__repr__", event_repr),
        ],
    )
}

fn event_init<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    max_args(&args, "Event.__init__", 0)?;
    args.no_kwargs("Event")?;
    let core = EventCore {
        id: next_object_id(),
        st: Mutex::new(EventState::default()),
        cv: Condvar::new(),
    };
    install_core(vm, &this(&args), Arc::new(core))?;
    Ok(Value::None)
}

fn event_is_set<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core: Arc<EventCore> = core_of(vm, &args, "_flag")?;
    let flag = core.st.lock().flag;
    if flag {
        race::acquire(vm, core.id);
    }
    Ok(Value::Bool(flag))
}

fn event_set<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core: Arc<EventCore> = core_of(vm, &args, "_cond")?;
    race::release(vm, core.id);
    let mut st = core.st.lock();
    if !st.flag {
        st.flag = true;
        st.sets += 1;
        set_ready(&vm.interp, core.id, true);
    }
    drop(st);
    core.cv.notify_all();
    Ok(Value::None)
}

fn event_clear<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core: Arc<EventCore> = core_of(vm, &args, "_cond")?;
    let mut st = core.st.lock();
    st.flag = false;
    set_ready(&vm.interp, core.id, false);
    Ok(Value::None)
}

fn event_wait<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    max_args(&args, "Event.wait", 1)?;
    let timeout = param(&mut args, "timeout", 1);
    args.no_more_kwargs("wait")?;
    let core: Arc<EventCore> = core_of(vm, &args, "_cond")?;
    let deadline = deadline_of(vm, timeout.as_ref())?;
    let start = core.st.lock().sets;
    let outcome = wait_state(
        vm,
        || WaitTarget::Signal(core.id, "an Event to be set (Event.wait)".to_string()),
        &core.st,
        &core.cv,
        deadline,
        |s| s.flag || s.sets != start,
        |_, w| w,
    );
    match outcome {
        Wakeup::Ready => {
            race::acquire(vm, core.id);
            Ok(Value::Bool(true))
        }
        Wakeup::TimedOut => Ok(Value::Bool(false)),
        Wakeup::Interrupted => Err(interrupted()),
    }
}

fn event_repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core: Arc<EventCore> = core_of(vm, &args, "_flag")?;
    let flag = core.st.lock().flag;
    Ok(repr_at(
        vm,
        &this(&args),
        if flag { "set" } else { "unset" },
    ))
}

// ---------------------------------------------------------------------------------------------
// Barrier (CPython's state machine: filling, draining, resetting, broken)

const FILLING: i8 = 0;
const DRAINING: i8 = 1;
const RESETTING: i8 = -1;
const BROKEN: i8 = -2;

struct BarrierCore {
    parties: i64,
    /// The default timeout of `wait`, in seconds.
    timeout: Option<f64>,
    /// Registry ids: "the barrier was released (or broke)" and "the barrier can be entered".
    wait_id: u64,
    enter_id: u64,
    st: Mutex<BarrierState>,
    cv: Condvar,
}

#[derive(Default)]
struct BarrierState {
    state: i8,
    count: i64,
    /// The last party is running the action (entering must wait, as in CPython where the
    /// action runs under the barrier's lock).
    acting: bool,
}

impl BarrierCore {
    /// Mirrors the state into the registry's `ready` set.
    fn note<R: Runtime>(&self, interp: &Interp<R>, s: &BarrierState) {
        let mut reg = interp.registry.lock();
        reg.set_ready(self.wait_id, s.state != FILLING);
        reg.set_ready(
            self.enter_id,
            !(s.state == DRAINING || s.state == RESETTING || s.acting),
        );
    }

    /// A party leaves `wait` (CPython's `finally: count -= 1; _exit()`).
    fn leave<R: Runtime>(&self, interp: &Interp<R>, s: &mut BarrierState) {
        s.count -= 1;
        if s.count == 0 && (s.state == RESETTING || s.state == DRAINING) {
            s.state = FILLING;
        }
        self.note(interp, s);
        self.cv.notify_all();
    }
}

fn barrier_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    let class = class(
        vm,
        "Barrier",
        &[
            ("__init__", barrier_init),
            ("wait", barrier_wait),
            ("reset", barrier_reset),
            ("abort", barrier_abort),
            ("__repr__", barrier_repr),
        ],
    );
    add_property(vm, &class, "parties", barrier_parties);
    add_property(vm, &class, "n_waiting", barrier_n_waiting);
    add_property(vm, &class, "broken", barrier_broken);
    class
}

fn broken_barrier_error<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    exception_class(
        vm,
        "threading",
        "BrokenBarrierError",
        vm.types().exception(ExcKind::RuntimeError),
    )
}

fn barrier_init<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    max_args(&args, "Barrier.__init__", 3)?;
    let parties = param(&mut args, "parties", 1).ok_or_else(|| {
        PyErr::type_error("Barrier.__init__() missing 1 required positional argument: 'parties'")
    })?;
    let action = param(&mut args, "action", 2).unwrap_or(Value::None);
    let timeout = param(&mut args, "timeout", 3).filter(|t| !t.is_none());
    args.no_more_kwargs("Barrier")?;
    let parties = vm.int_i64(&parties)?;
    let timeout = match &timeout {
        Some(t) => Some(super::time::seconds_arg(vm, t)?),
        None => None,
    };
    let core = BarrierCore {
        parties,
        timeout,
        wait_id: next_object_id(),
        enter_id: next_object_id(),
        st: Mutex::new(BarrierState::default()),
        cv: Condvar::new(),
    };
    core.note(&vm.interp, &core.st.lock());
    let obj = this(&args);
    let key = vm.static_key("_action");
    vm.set_attr(&obj, &key, action)?;
    install_core(vm, &obj, Arc::new(core))?;
    Ok(Value::None)
}

/// How a party's `wait` ended.
enum Arrival {
    /// Entered with this index.
    Entered(i64),
    Broken,
    Interrupted,
}

fn barrier_wait<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    max_args(&args, "Barrier.wait", 1)?;
    let timeout = param(&mut args, "timeout", 1).filter(|t| !t.is_none());
    args.no_more_kwargs("wait")?;
    let core: Arc<BarrierCore> = core_of(vm, &args, "_cond")?;
    let seconds = match &timeout {
        Some(t) => Some(super::time::seconds_arg(vm, t)?),
        None => core.timeout,
    };
    let interp = vm.interp.clone();
    // Every party's arrival is ordered before every party's departure (and the action).
    race::release(vm, core.wait_id);
    let describe = || {
        WaitTarget::Signal(
            core.enter_id,
            "the other parties of a Barrier (Barrier.wait)".to_string(),
        )
    };
    // Enter: wait while the barrier drains or resets.
    let arrival = wait_state(
        vm,
        describe,
        &core.st,
        &core.cv,
        Deadline::Forever,
        |s| !(s.state == DRAINING || s.state == RESETTING || s.acting),
        |s, w| {
            if w == Wakeup::Interrupted {
                return Arrival::Interrupted;
            }
            if s.state < 0 {
                return Arrival::Broken;
            }
            let index = s.count;
            s.count += 1;
            if index + 1 == core.parties {
                s.acting = true;
            }
            core.note(&interp, s);
            Arrival::Entered(index)
        },
    );
    let index = match arrival {
        Arrival::Entered(i) => i,
        Arrival::Broken => return Err(raise_class(vm, &broken_barrier_error(vm))),
        Arrival::Interrupted => return Err(interrupted()),
    };
    if index + 1 == core.parties {
        // The last party: run the action, then let everyone go.
        race::acquire(vm, core.wait_id);
        let action = instance_attr(vm, &this(&args), "_action").unwrap_or(Value::None);
        let result = if action.is_none() {
            Ok(Value::None)
        } else {
            vm.call(&action, Vec::new(), Vec::new())
        };
        // What the action did is ordered before the other parties go on.
        race::release(vm, core.wait_id);
        let released = {
            let mut s = core.st.lock();
            s.acting = false;
            let released = result.is_ok() && s.state == FILLING;
            s.state = if released { DRAINING } else { BROKEN };
            core.leave(&interp, &mut s);
            released
        };
        result?;
        if !released {
            return Err(raise_class(vm, &broken_barrier_error(vm)));
        }
        return Ok(Value::Int(index));
    }
    let deadline = match seconds {
        Some(s) => deadline_after(s),
        None => Deadline::Forever,
    };
    let describe = || {
        WaitTarget::Signal(
            core.wait_id,
            "the other parties of a Barrier (Barrier.wait)".to_string(),
        )
    };
    let outcome = wait_state(
        vm,
        describe,
        &core.st,
        &core.cv,
        deadline,
        |s| s.state != FILLING,
        |s, w| {
            let r = match w {
                Wakeup::Ready if s.state >= 0 => Arrival::Entered(index),
                Wakeup::Ready => Arrival::Broken,
                Wakeup::TimedOut => {
                    s.state = BROKEN;
                    Arrival::Broken
                }
                Wakeup::Interrupted => Arrival::Interrupted,
            };
            core.leave(&interp, s);
            r
        },
    );
    match outcome {
        Arrival::Entered(i) => {
            race::acquire(vm, core.wait_id);
            Ok(Value::Int(i))
        }
        Arrival::Broken => Err(raise_class(vm, &broken_barrier_error(vm))),
        Arrival::Interrupted => Err(interrupted()),
    }
}

fn barrier_reset<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core: Arc<BarrierCore> = core_of(vm, &args, "_cond")?;
    let mut s = core.st.lock();
    if s.count > 0 {
        if s.state == FILLING || s.state == BROKEN {
            s.state = RESETTING;
        }
    } else {
        s.state = FILLING;
    }
    core.note(&vm.interp, &s);
    drop(s);
    core.cv.notify_all();
    Ok(Value::None)
}

fn barrier_abort<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core: Arc<BarrierCore> = core_of(vm, &args, "_cond")?;
    let mut s = core.st.lock();
    s.state = BROKEN;
    core.note(&vm.interp, &s);
    drop(s);
    core.cv.notify_all();
    Ok(Value::None)
}

fn barrier_parties<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core: Arc<BarrierCore> = core_of(vm, &args, "_parties")?;
    Ok(Value::Int(core.parties))
}

fn n_waiting(core: &BarrierCore) -> i64 {
    let s = core.st.lock();
    if s.state == FILLING {
        s.count
    } else {
        0
    }
}

fn barrier_n_waiting<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core: Arc<BarrierCore> = core_of(vm, &args, "_state")?;
    Ok(Value::Int(n_waiting(&core)))
}

fn barrier_broken<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core: Arc<BarrierCore> = core_of(vm, &args, "_state")?;
    let broken = core.st.lock().state == BROKEN;
    Ok(Value::Bool(broken))
}

fn barrier_repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core: Arc<BarrierCore> = core_of(vm, &args, "_state")?;
    let broken = core.st.lock().state == BROKEN;
    let detail = if broken {
        "broken".to_string()
    } else {
        format!("waiters={}/{}", n_waiting(&core), core.parties)
    };
    Ok(repr_at(vm, &this(&args), &detail))
}
