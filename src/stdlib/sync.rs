//! The blocking primitives under `threading`: `Lock` and `RLock` (and the shared machinery for
//! waiting with the GIL released: deadlines, Ctrl-C in the main thread, the registry's record of
//! who holds what). Condition, Semaphore, Event and Barrier build on the same pieces.

use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, NativeObj, ObjKind, ObjRef, Value};
pub use crate::vm::lock::LockCore;
use crate::vm::lock::{take_if_free, RETIRED};
use crate::vm::lock_order;
use crate::vm::race;
use crate::vm::spin::{Spin, WaitCv, SYNC_WAITS};
use crate::vm::threads::{LockRecord, WaitTarget, INTERRUPT};
use crate::vm::Runtime;
use crate::vm::Vm;
use parking_lot::MutexGuard;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

type R0<R> = PyResult<Value<R>, R>;

/// How a wait ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wakeup {
    Ready,
    TimedOut,
    /// Ctrl-C arrived while the main thread waited.
    Interrupted,
}

/// Waits on `cv` until `ready(&state)` or the deadline; in the main thread, wakes up now and
/// then to notice Ctrl-C. Runs without the GIL: touches no Python object.
pub fn wait_until<T>(
    guard: &mut MutexGuard<'_, T>,
    cv: &WaitCv,
    deadline: Option<Instant>,
    main_thread: bool,
    mut ready: impl FnMut(&T) -> bool,
) -> Wakeup {
    const POLL: Duration = Duration::from_millis(20);
    // First a bounded spin (`vm::spin`) with the state's mutex let go, watching the
    // condition's generation: the thread that makes the wait end (usually microseconds away)
    // need not wake this one, and does not find its mutex taken by spinners.
    let mut spin = Spin::new(&SYNC_WAITS, deadline);
    loop {
        if ready(guard) {
            spin.finish(true);
            return Wakeup::Ready;
        }
        if crate::vm::threads::VIRTUAL_TIMEOUT.with(|t| t.get()) {
            return Wakeup::TimedOut;
        }
        if main_thread && INTERRUPT.load(Ordering::Relaxed) {
            return Wakeup::Interrupted;
        }
        if spin.is_on() {
            // Read under the mutex: a change after the look above advances it.
            let seen = cv.generation();
            let changed = MutexGuard::unlocked(guard, || {
                spin.watch(|| {
                    cv.generation() != seen || (main_thread && INTERRUPT.load(Ordering::Relaxed))
                })
            });
            if !changed {
                // Ran out: look once more under the mutex (a notification may have come
                // since the last look), then park.
                spin.finish(ready(guard));
            }
            continue;
        }
        let now = Instant::now();
        if let Some(d) = deadline {
            if now >= d {
                return Wakeup::TimedOut;
            }
        }
        let mut until = deadline.unwrap_or(now + POLL);
        if main_thread {
            until = until.min(now + POLL);
        }
        cv.wait_until(guard, until);
    }
}

/// `(blocking, timeout)` arguments of `acquire`, as a deadline: `Ok(None)` waits forever,
/// `Err(())` means "don't wait".
pub fn parse_timeout<R: Runtime>(
    vm: &Vm<R>,
    blocking: bool,
    timeout: Option<&Value<R>>,
) -> PyResult<Result<Option<Instant>, ()>, R> {
    let t = match timeout {
        None | Some(Value::None) => -1.0,
        Some(v) => super::time::seconds_arg(vm, v)?,
    };
    if !blocking {
        if t != -1.0 {
            return Err(PyErr::value_error(
                "can't specify a timeout for a non-blocking call",
            ));
        }
        return Ok(Err(()));
    }
    if t < 0.0 && t != -1.0 {
        return Err(PyErr::value_error("timeout value must be positive"));
    }
    if t == -1.0 {
        return Ok(Ok(None));
    }
    Ok(Ok(Some(crate::vm::threads::deadline_in(t))))
}

/// Makes a new Lock (or RLock) object.
pub fn new_lock<R: Runtime>(vm: &mut Vm<R>, reentrant: bool) -> Value<R> {
    let (file, line) = vm.current_location();
    let core = LockCore::program(reentrant, file, line);
    let class = lock_class(vm, reentrant);
    Value::new_obj(ObjKind::Native(NativeObj {
        class,
        data: Box::new(core),
    }))
}

/// Makes the registry's record of a program's lock on its first acquire (the deadlock
/// detector and `--lock-order` read it), and drops the records of locks freed since.
fn ensure_record<R: Runtime>(vm: &Vm<R>, lock: &LockCore) {
    let Some((file, line)) = &lock.site else {
        return;
    };
    if lock.recorded.load(Ordering::Relaxed) {
        return;
    }
    let mut reg = vm.interp.registry.lock();
    for id in std::mem::take(&mut *RETIRED.lock()) {
        reg.locks.remove(&id);
    }
    reg.locks.entry(lock.id).or_insert_with(|| LockRecord {
        name: String::new(),
        holder: None,
        file: file.clone(),
        line: *line,
        reentrant: lock.reentrant,
        taken_file: file.clone(),
        taken_line: *line,
    });
    lock.recorded.store(true, Ordering::Relaxed);
}

fn lock_class<R: Runtime>(vm: &Vm<R>, reentrant: bool) -> ObjRef<R> {
    if reentrant {
        vm.native_class(
            "RLock",
            "_thread",
            &[
                ("acquire", acquire),
                ("release", release),
                ("__enter__", acquire),
                ("__exit__", exit),
                ("locked", locked),
                ("_is_owned", is_owned),
                ("__repr__", repr),
            ],
        )
    } else {
        vm.native_class(
            "lock",
            "_thread",
            &[
                ("acquire", acquire),
                ("acquire_lock", acquire),
                ("release", release),
                ("release_lock", release),
                ("__enter__", acquire),
                ("__exit__", exit),
                ("locked", locked),
                ("locked_lock", locked),
                ("__repr__", repr),
            ],
        )
    }
}

/// The lock behind a Lock/RLock value.
pub fn lock_of<R: Runtime>(v: &Value<R>) -> PyResult<&LockCore, R> {
    match v.kind() {
        Some(ObjKind::Native(n)) => n
            .downcast::<LockCore>()
            .ok_or_else(|| PyErr::type_error("a lock is required")),
        _ => Err(PyErr::type_error("a lock is required")),
    }
}

/// Acquires `lock` for the current thread, waiting up to `deadline` (`Err(())`: don't wait).
pub fn acquire_lock<R: Runtime>(
    vm: &mut Vm<R>,
    lock: &LockCore,
    deadline: Result<Option<Instant>, ()>,
) -> PyResult<bool, R> {
    // `--schedule`: taking a lock is a step where another thread may go first.
    vm.sync_point();
    ensure_record(vm, lock);
    let me = vm.thread_id;
    // `--lock-order`: the orders this request makes, before it may wait.
    let order = lock_order::enabled() && lock_order::is_program_lock(vm, lock.id);
    let is_this_lock = |v: &Value<R>| matches!(v.kind(), Some(ObjKind::Native(n)) if n.downcast::<LockCore>().is_some_and(|l| l.id == lock.id));
    let request = lock_order::Request {
        id: lock.id,
        matches: &is_this_lock,
        kind: if lock.reentrant { "RLock" } else { "Lock" },
        reentrant: lock.reentrant,
        mode: match deadline {
            Ok(None) => lock_order::Mode::Blocking,
            Ok(Some(_)) => lock_order::Mode::Timeout,
            Err(()) => lock_order::Mode::NonBlocking,
        },
    };
    if order {
        lock_order::before_wait(vm, &request);
    }
    if lock.try_take(me) {
        note_holder(vm, lock.id, Some(me));
        if order {
            lock_order::acquired(vm, &request);
        }
        race::acquire(vm, lock.id);
        return Ok(true);
    }
    let Ok(deadline) = deadline else {
        return Ok(false);
    };
    let main = vm.is_main_thread();

    let outcome = vm.blocking_until(WaitTarget::Lock(lock.id), deadline, || {
        let mut st = lock.state.lock();
        let w = wait_until(&mut st, &lock.cv, deadline, main, |s| {
            !s.locked || (lock.reentrant && s.owner == Some(me))
        });
        if w == Wakeup::Ready {
            take_if_free(&mut st, me, lock.reentrant);
        }
        w
    });
    match outcome {
        Wakeup::Ready => {
            note_holder(vm, lock.id, Some(me));
            if order {
                lock_order::acquired(vm, &request);
            }
            race::acquire(vm, lock.id);
            Ok(true)
        }
        Wakeup::TimedOut => Ok(false),
        Wakeup::Interrupted => {
            INTERRUPT.store(false, Ordering::Relaxed);
            Err(PyErr::new(ExcKind::KeyboardInterrupt, ""))
        }
    }
}

/// Releases `lock` (for an RLock, one level of it).
pub fn release_lock<R: Runtime>(vm: &mut Vm<R>, lock: &LockCore) -> PyResult<(), R> {
    let me = vm.thread_id;
    let freed = {
        let mut st = lock.state.lock();
        if lock.reentrant {
            if !st.locked || st.owner != Some(me) {
                return Err(PyErr::runtime_error("cannot release un-acquired lock"));
            }
            race::release(vm, lock.id);
            st.count -= 1;
            if st.count == 0 {
                st.locked = false;
                st.owner = None;
                true
            } else {
                false
            }
        } else {
            if !st.locked {
                return Err(PyErr::runtime_error("release unlocked lock"));
            }
            race::release(vm, lock.id);
            st.locked = false;
            st.owner = None;
            true
        }
    };
    if lock_order::enabled() {
        lock_order::released(vm, lock.id);
    }
    if freed {
        lock.cv.notify_one();
        note_holder(vm, lock.id, None);
        // Deterministic runs: with a thread waiting for this lock, who runs next (and so who
        // takes the lock) is the seeded scheduler's choice, not always the releaser's.
        if vm.interp.gil.is_scheduled() && has_waiters(vm, lock.id) {
            vm.eval_breaker()?;
        }
    }
    Ok(())
}

/// Whether some thread is blocked waiting for lock `id`.
fn has_waiters<R: Runtime>(vm: &Vm<R>, id: u64) -> bool {
    let reg = vm.interp.registry.lock();
    reg.threads.values().any(|t| {
        matches!(&t.state, crate::vm::threads::ThreadState::Blocked { target: WaitTarget::Lock(l), .. } if *l == id)
    })
}

/// Records who holds a lock (and where it was taken) in the registry.
fn note_holder<R: Runtime>(vm: &Vm<R>, id: u64, holder: Option<u64>) {
    let (file, line) = vm.current_location();
    if let Some(rec) = vm.interp.registry.lock().locks.get_mut(&id) {
        rec.holder = holder;
        if holder.is_some() {
            rec.taken_file = file;
            rec.taken_line = line;
        }
    }
}

fn acquire<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let blocking_kw = args.take_kw("blocking");
    let timeout_kw = args.take_kw("timeout");
    args.no_more_kwargs("acquire")?;
    if args.pos.is_empty() {
        return Err(PyErr::type_error("descriptor 'acquire' needs an argument"));
    }
    let this = args.pos[0].clone();
    let lock = lock_of(&this)?;
    // `with lock:` calls __enter__ with no arguments.
    let blocking = match blocking_kw.as_ref().or(args.pos.get(1)) {
        Some(v) => vm.truthy(v)?,
        None => true,
    };
    let timeout = timeout_kw.or_else(|| args.pos.get(2).cloned());
    let deadline = parse_timeout(vm, blocking, timeout.as_ref())?;
    let got = acquire_lock(vm, lock, deadline)?;
    Ok(Value::Bool(got))
}

fn release<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = args.pos.first().cloned().unwrap_or(Value::None);
    release_lock(vm, lock_of(&this)?)?;
    Ok(Value::None)
}

fn exit<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    release(vm, args)
}

fn locked<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = args.pos.first().cloned().unwrap_or(Value::None);
    Ok(Value::Bool(lock_of(&this)?.is_locked()))
}

fn is_owned<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = args.pos.first().cloned().unwrap_or(Value::None);
    let lock = lock_of(&this)?;
    let st = lock.state.lock();
    Ok(Value::Bool(st.locked && st.owner == Some(vm.thread_id)))
}

fn repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = args.pos.first().cloned().unwrap_or(Value::None);
    let lock = lock_of(&this)?;
    let addr = this.as_obj().map(|o| o.addr()).unwrap_or(0);
    let st = lock.state.lock();
    let state = if st.locked { "locked" } else { "unlocked" };
    let text = if lock.reentrant {
        let owner = if st.locked { st.owner.unwrap_or(0) } else { 0 };
        format!(
            "<{state} _thread.RLock object owner={owner} count={} at {addr:#x}>",
            st.count
        )
    } else {
        format!("<{state} _thread.lock object at {addr:#x}>")
    };
    drop(st);
    Ok(vm.new_str(text))
}
