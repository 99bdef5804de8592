//! `threading.Barrier` and `BrokenBarrierError`.

use super::*;

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
    cv: WaitCv,
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

pub(super) fn barrier_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
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

pub(super) fn broken_barrier_error<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
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
        Some(t) => Some(crate::stdlib::time::seconds_arg(vm, t)?),
        None => None,
    };
    let core = BarrierCore {
        parties,
        timeout,
        wait_id: next_object_id(),
        enter_id: next_object_id(),
        st: Mutex::new(BarrierState::default()),
        cv: WaitCv::new(),
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
        Some(t) => Some(crate::stdlib::time::seconds_arg(vm, t)?),
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
