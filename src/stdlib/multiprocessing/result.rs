//! The result objects of a pool: `ApplyResult` (`apply_async`) and `MapResult` (`map_async`),
//! with `get`, `wait`, `ready` and `successful`. Each holds the ids of its tasks; outcomes are
//! decoded (and callbacks run) by the thread that asks for them, holding the GIL.

use super::errors;
use super::scheduler::{Outcome, PoolShared, PoolState};
use crate::objects::class::Layout;
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::stdlib::sync::Wakeup;
use crate::stdlib::sync_more::{core_of, instance_attr, interrupted, param};
use crate::vm::Runtime;
use crate::vm::Vm;
use std::sync::Arc;
use std::time::{Duration, Instant};

type R0<R> = PyResult<Value<R>, R>;

fn this<R: Runtime>(args: &Args<R>) -> Value<R> {
    args.pos.first().cloned().unwrap_or(Value::None)
}

/// What a result object knows: its pool and its tasks (one, or a map's chunks).
pub(super) struct Handle {
    pub(super) pool: Arc<PoolShared>,
    pub(super) ids: Vec<u64>,
    pub(super) is_map: bool,
}

impl Drop for Handle {
    fn drop(&mut self) {
        let mut st = self.pool.st.lock();
        for id in &self.ids {
            if st.outcomes.remove(id).is_none() {
                st.abandoned.insert(*id);
            }
        }
    }
}

impl Handle {
    fn is_ready(&self, st: &PoolState) -> bool {
        self.ids.iter().all(|id| st.outcomes.contains_key(id))
    }
}

pub fn result_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    let methods: &[(&'static str, NativeFn<R>)] = &[
        ("get", get),
        ("wait", wait),
        ("ready", ready),
        ("successful", successful),
    ];
    vm.native_class_with_layout(
        "ApplyResult",
        "multiprocessing.pool",
        Layout::Object,
        methods,
    )
}

pub(super) fn map_result_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    let base = result_class(vm);
    vm.native_class_with_bases("MapResult", "multiprocessing.pool", vec![base], &[])
}

fn handle<R: Runtime>(vm: &Vm<R>, result: &Value<R>) -> PyResult<Arc<Handle>, R> {
    core_of(
        vm,
        &Args {
            pos: vec![result.clone()],
            kw: Vec::new(),
        },
        "_event",
    )
}

fn local_error<R: Runtime>(vm: &Vm<R>, result: &Value<R>) -> Option<Value<R>> {
    instance_attr(vm, result, "_error").filter(|e| !e.is_none())
}

/// Waits for a result (GIL released); false on timeout.
fn wait_for<R: Runtime>(
    vm: &mut Vm<R>,
    result: &Value<R>,
    timeout: Option<Value<R>>,
) -> PyResult<bool, R> {
    if local_error(vm, result).is_some() {
        return Ok(true);
    }
    let h = handle(vm, result)?;
    let deadline = match timeout.filter(|t| !t.is_none()) {
        Some(t) => {
            let s = crate::stdlib::time::seconds_arg(vm, &t)?.max(0.0);
            Some(Instant::now() + Duration::from_secs_f64(s.min(1e9)))
        }
        None => None,
    };
    match h.pool.wait(vm, deadline, |s| h.is_ready(s)) {
        Wakeup::Ready => Ok(true),
        Wakeup::TimedOut => Ok(false),
        Wakeup::Interrupted => Err(interrupted()),
    }
}

/// The value of a finished result, or the exception it raises.
fn outcome_of<R: Runtime>(vm: &mut Vm<R>, result: &Value<R>) -> R0<R> {
    if let Some(e) = local_error(vm, result) {
        return Err(match e {
            Value::Obj(o) => PyErr::Object(o),
            _ => PyErr::runtime_error("task failed"),
        });
    }
    let h = handle(vm, result)?;
    let outcomes: Vec<Outcome> = {
        let st = h.pool.st.lock();
        h.ids
            .iter()
            .filter_map(|id| st.outcomes.get(id).cloned())
            .collect()
    };
    let mut values = Vec::new();
    for o in outcomes {
        match o {
            Outcome::Value(bytes) => {
                let v = super::wire::decode(vm, &bytes)?;
                if h.is_map {
                    values.extend(vm.collect(&v)?);
                } else {
                    return Ok(v);
                }
            }
            Outcome::Raised(bytes) => return Err(errors::remote_error(vm, &bytes)),
            Outcome::Lost(msg) => {
                let class = errors::process_error(vm);
                return Err(errors::raise(vm, &class, &msg));
            }
        }
    }
    Ok(if h.is_map {
        vm.new_list(values)
    } else {
        Value::None
    })
}

/// Runs a finished result's callback once.
fn fire_callback<R: Runtime>(vm: &mut Vm<R>, result: &Value<R>) -> PyResult<(), R> {
    let cb = instance_attr(vm, result, "_callback").unwrap_or(Value::None);
    let err_cb = instance_attr(vm, result, "_error_callback").unwrap_or(Value::None);
    if cb.is_none() && err_cb.is_none() {
        return Ok(());
    }
    for name in ["_callback", "_error_callback"] {
        let key = vm.str_key(name);
        vm.set_attr(result, &key, Value::None)?;
    }
    match outcome_of(vm, result) {
        Ok(v) if !cb.is_none() => {
            vm.call(&cb, vec![v], Vec::new())?;
        }
        Err(e) if !err_cb.is_none() => {
            let exc = vm.materialize(e);
            vm.call(&err_cb, vec![exc], Vec::new())?;
        }
        _ => {}
    }
    Ok(())
}

/// A finished result is ready for `get` and `wait` once its callback has run, as in
/// CPython: the pool's result-handler thread runs it; should that thread not take it
/// within 100 ms (it died of an earlier callback's exception), this thread runs it.
fn await_callback<R: Runtime>(vm: &mut Vm<R>, result: &Value<R>) -> PyResult<(), R> {
    let pending = |vm: &Vm<R>| {
        ["_callback", "_error_callback"]
            .iter()
            .any(|n| instance_attr(vm, result, n).is_some_and(|c| !c.is_none()))
    };
    if !pending(vm) {
        return Ok(());
    }
    if let Ok(h) = handle(vm, result) {
        let give_up = Instant::now() + Duration::from_millis(100);
        while pending(vm) && Instant::now() < give_up {
            let pause = Instant::now() + Duration::from_millis(1);
            if h.pool.wait(vm, Some(pause), |_| false) == Wakeup::Interrupted {
                return Err(interrupted());
            }
        }
    }
    fire_callback(vm, result)
}

/// Runs the callbacks of the pool's results that have finished.
pub(super) fn run_ready_callbacks<R: Runtime>(
    vm: &mut Vm<R>,
    pool_obj: &Value<R>,
) -> PyResult<(), R> {
    let Some(Value::Obj(list)) = instance_attr(vm, pool_obj, "_callbacks") else {
        return Ok(());
    };
    let ObjKind::List(l) = list.kind() else {
        return Ok(());
    };
    let waiting = l.lock::<R>().clone();
    let mut still = Vec::new();
    let mut finished = Vec::new();
    for r in waiting {
        let done = local_error(vm, &r).is_some()
            || handle(vm, &r).is_ok_and(|h| h.is_ready(&h.pool.st.lock()));
        if done {
            finished.push(r);
        } else {
            still.push(r);
        }
    }
    *l.lock::<R>() = still;
    for r in finished {
        fire_callback(vm, &r)?;
    }
    Ok(())
}

pub(super) fn get_result<R: Runtime>(
    vm: &mut Vm<R>,
    result: &Value<R>,
    timeout: Option<Value<R>>,
) -> R0<R> {
    if !wait_for(vm, result, timeout)? {
        let class = errors::timeout_error(vm);
        return Err(errors::raise(vm, &class, ""));
    }
    await_callback(vm, result)?;
    outcome_of(vm, result)
}

fn get<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let result = this(&args);
    let timeout = param(&mut args, "timeout", 1);
    get_result(vm, &result, timeout)
}

fn wait<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let result = this(&args);
    let timeout = param(&mut args, "timeout", 1);
    if wait_for(vm, &result, timeout)? {
        await_callback(vm, &result)?;
    }
    Ok(Value::None)
}

fn is_ready<R: Runtime>(vm: &Vm<R>, result: &Value<R>) -> PyResult<bool, R> {
    if local_error(vm, result).is_some() {
        return Ok(true);
    }
    let h = handle(vm, result)?;
    let ready = h.is_ready(&h.pool.st.lock());
    Ok(ready)
}

fn ready<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(Value::Bool(is_ready(vm, &this(&args))?))
}

fn successful<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let result = this(&args);
    if !is_ready(vm, &result)? {
        let shown = vm.repr(&result)?;
        return Err(PyErr::value_error(format!("{shown} not ready")));
    }
    if local_error(vm, &result).is_some() {
        return Ok(Value::Bool(false));
    }
    let h = handle(vm, &result)?;
    let st = h.pool.st.lock();
    let ok = h
        .ids
        .iter()
        .all(|id| matches!(st.outcomes.get(id), Some(Outcome::Value(_))));
    Ok(Value::Bool(ok))
}
