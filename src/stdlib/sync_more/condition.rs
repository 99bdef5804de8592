//! `threading.Condition`.

use super::*;

// ---------------------------------------------------------------------------------------------
// Condition

/// A Condition's waiters: each wait has its own id (its registry `ready` entry), and notify
/// picks them in the order they started waiting.
#[derive(Default)]
struct CondCore {
    st: Mutex<CondState>,
    cv: WaitCv,
}

#[derive(Default)]
struct CondState {
    waiting: VecDeque<u64>,
    notified: HashSet<u64>,
}

pub(super) fn condition_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
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

/// `with cond:` and `cond.release()` over the usual lock (a native Lock or RLock): taken or
/// released directly, without looking up and calling the lock's method (every Future of
/// `concurrent.futures` goes through its Condition several times).
fn native_lock_op<R: Runtime>(vm: &mut Vm<R>, args: &Args<R>, take: bool) -> Option<R0<R>> {
    if args.pos.len() != 1 || !args.kw.is_empty() {
        return None;
    }
    let lock = cond_lock(vm, args).ok()?;
    let core = sync::lock_of::<R>(&lock).ok()?;
    Some(if take {
        sync::acquire_lock(vm, core, Ok(None)).map(Value::Bool)
    } else {
        sync::release_lock(vm, core).map(|()| Value::None)
    })
}

fn cond_acquire<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    name_condition_lock(vm, &args);
    if let Some(r) = native_lock_op(vm, &args, true) {
        return r;
    }
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
    if let Some(r) = native_lock_op(vm, &args, false) {
        return r;
    }
    delegate(vm, args, "release")
}

fn cond_enter<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    name_condition_lock(vm, &args);
    if let Some(r) = native_lock_op(vm, &args, true) {
        return r;
    }
    delegate(vm, args, "__enter__")
}

fn cond_exit<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    // `__exit__(exc_type, exc, tb)`: the lock is released whatever happened.
    if let Some(lock) = cond_lock(vm, &args)
        .ok()
        .filter(|l| sync::lock_of::<R>(l).is_ok())
    {
        let core = sync::lock_of::<R>(&lock)?;
        sync::release_lock(vm, core)?;
        return Ok(Value::None);
    }
    delegate(vm, args, "__exit__")
}

/// Whether the current thread holds `lock` (for a plain Lock, CPython can only tell whether
/// anyone does). For an RLock: its own record (the registry's copy of the holder can lag
/// behind it when threads run in parallel), which is what the native RLock's `_is_owned`
/// reads (`lock_of` only finds the core of a native lock).
fn owns<R: Runtime>(vm: &Vm<R>, lock: &sync::LockCore) -> bool {
    if lock.reentrant {
        let st = lock.state.lock();
        st.locked && st.owner == Some(vm.thread_id)
    } else {
        lock.is_locked()
    }
}

fn cond_is_owned<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let lock_v = cond_lock(vm, &args)?;
    let lock = sync::lock_of(&lock_v)?;
    Ok(Value::Bool(owns(vm, lock)))
}

/// Releases `lock` completely (every level of an RLock); returns how many levels it had.
fn release_all<R: Runtime>(vm: &mut Vm<R>, lock: &sync::LockCore) -> PyResult<usize, R> {
    if !lock.reentrant {
        sync::release_lock(vm, lock)?;
        return Ok(1);
    }
    let mut levels = 0;
    while owns(vm, lock) {
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
    if !owns(vm, lock) {
        return Err(PyErr::runtime_error("cannot wait on un-acquired lock"));
    }
    let me = next_object_id();
    core.st.lock().waiting.push_back(me);
    let levels = match release_all(vm, lock) {
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
        Some(t) => Some(crate::stdlib::time::seconds_arg(vm, t)?),
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
    if !owns(vm, lock) {
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
