//! `threading.Semaphore` and `threading.BoundedSemaphore`.

use super::*;

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
    cv: WaitCv,
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

pub(super) fn semaphore_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    class(vm, "Semaphore", &semaphore_methods())
}

pub(super) fn bounded_semaphore_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
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
        cv: WaitCv::new(),
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
    wait_result(vm, core.id, outcome)
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
