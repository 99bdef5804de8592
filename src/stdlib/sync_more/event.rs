//! `threading.Event`.

use super::*;

// ---------------------------------------------------------------------------------------------
// Event

struct EventCore {
    /// The registry id of "the event is set".
    id: u64,
    st: Mutex<EventState>,
    cv: WaitCv,
}

#[derive(Default)]
struct EventState {
    flag: bool,
    /// Counts `set` calls that set the flag: a waiter woken by a `set` returns True even if
    /// `clear` came before it ran (as CPython's, which was notified).
    sets: u64,
}

pub(super) fn event_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
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
        cv: WaitCv::new(),
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
    wait_result(vm, core.id, outcome)
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
