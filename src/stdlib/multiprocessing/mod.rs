//! The `multiprocessing` module, with the "spawn" start method: each child is the minipy
//! executable itself, re-running the program as `__mp_main__` and then serving what it is
//! sent over its connection to the parent. `Pool`, `Process`, `Queue`, `cpu_count`,
//! `current_process`.
//!
//! The pieces: `wire` (the value encoding), `transport` (how a child connects to its parent,
//! the same on every platform), `conn` (frames on that connection), `worker` (a child as the
//! parent sees it, and killing every child at exit), `child` (the child's side),
//! `errors` (exceptions that cross), `scheduler` (a pool's tasks and workers, in Rust), and
//! the classes: `pool`, `result` (a pool's results), `process` and `queue`.

mod child;
mod conn;
mod errors;
mod pool;
mod process;
mod queue;
mod result;
mod scheduler;
mod shared;
mod transport;
pub mod wire;
mod worker;

pub use child::{role_from_env, serve, Role};
pub use worker::at_exit;

use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

type R0<R> = PyResult<Value<R>, R>;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("cpu_count", cpu_count),
        ("current_process", process::current_process),
        ("freeze_support", freeze_support),
        ("set_start_method", set_start_method),
        ("get_start_method", get_start_method),
        ("get_all_start_methods", get_all_start_methods),
        ("_handle", handle),
        ("_from_handle", from_handle),
        ("_shm_alloc", shared::shm_alloc),
        ("_shm_get", shared::shm_get),
        ("_shm_set", shared::shm_set),
        ("_sem_acquire", shared::sem_acquire),
        ("_sem_release", shared::sem_release),
        ("_sem_value", shared::sem_value),
        ("_sem_init", shared::sem_init),
        ("_pid_alive", shared::pid_alive),
        ("Condition", shared_condition),
        ("Barrier", shared_barrier),
        ("JoinableQueue", joinable_queue),
        ("SimpleQueue", simple_queue),
        ("Pipe", pipe),
        ("get_context", get_context),
        ("Manager", manager),
        ("Value", shared_value),
        ("Array", shared_array),
        ("RawValue", shared_raw_value),
        ("RawArray", shared_raw_array),
        ("Lock", shared_lock),
        ("RLock", shared_rlock),
        ("Semaphore", shared_semaphore),
        ("BoundedSemaphore", shared_bounded_semaphore),
        ("Event", shared_event),
    ];
    super::add_functions(vm, m, functions);
    let classes = [
        ("Pool", pool::pool_class(vm)),
        ("Process", process::process_class(vm)),
        ("Queue", queue::queue_class(vm)),
        ("ProcessError", errors::process_error(vm)),
        ("TimeoutError", errors::timeout_error(vm)),
    ];
    for (name, class) in classes {
        vm.set_module_attr(m, name, Value::Obj(class));
    }
    // A package: `multiprocessing.pool` (ThreadPool) is in the bundled library.
    let path = vm.new_str(crate::vm::bundled::BUNDLED_PATH_ENTRY);
    let path = vm.new_list(vec![path]);
    vm.set_module_attr(m, "__path__", path);
    true
}

/// The number of CPUs this process may use.
pub fn cpu_count_value() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn cpu_count<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("cpu_count", 0, 0)?;
    Ok(Value::Int(cpu_count_value() as i64))
}

/// The persistent id `_mp_wire` gives an object that crosses by reference (a queue).
fn handle<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("_handle", 1, 1)?;
    wire::handle(vm, &args.pos[0])
}

/// The object a persistent id from `_handle` stands for, in this process.
fn from_handle<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("_from_handle", 1, 1)?;
    match args.pos[0].kind() {
        Some(crate::objects::ObjKind::Bytes(b)) => {
            let b = b.to_vec();
            wire::decode(vm, &b)
        }
        _ => Err(PyErr::type_error("_from_handle() needs bytes")),
    }
}

/// Calls `MODULE.NAME(*args, **kwargs)`: the shared-memory objects, pipes and the other
/// queues are written in Python (`lib/_mp_shared.py`, `lib/_mp_queues.py`) on the
/// primitives of `shared` and `queue`, imported on first use.
fn delegate<R: Runtime>(vm: &mut Vm<R>, module: &str, name: &str, args: Args<R>) -> R0<R> {
    let module = vm.import_module(module)?;
    let key = vm.str_key(name);
    let f = vm.get_attr(&module, &key)?;
    vm.call(&f, args.pos, args.kw)
}

macro_rules! delegates {
    ($($fn_name:ident => $module:literal . $py:literal),* $(,)?) => {
        $(fn $fn_name<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
            delegate(vm, $module, $py, args)
        })*
    };
}

delegates! {
    shared_value => "_mp_shared"."Value",
    shared_array => "_mp_shared"."Array",
    shared_raw_value => "_mp_shared"."RawValue",
    shared_raw_array => "_mp_shared"."RawArray",
    shared_lock => "_mp_shared"."Lock",
    shared_rlock => "_mp_shared"."RLock",
    shared_semaphore => "_mp_shared"."Semaphore",
    shared_bounded_semaphore => "_mp_shared"."BoundedSemaphore",
    shared_event => "_mp_shared"."Event",
    shared_condition => "_mp_shared"."Condition",
    shared_barrier => "_mp_shared"."Barrier",
    joinable_queue => "_mp_queues"."JoinableQueue",
    simple_queue => "_mp_queues"."SimpleQueue",
    pipe => "_mp_queues"."Pipe",
    get_context => "_mp_queues"."get_context",
    manager => "multiprocessing.managers"."Manager",
}

fn freeze_support<R: Runtime>(_vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(Value::None)
}

/// Whether `set_start_method` was called (a second call needs `force=True`).
static START_METHOD_SET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Only "spawn" exists here.
fn set_start_method<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let method = args.take_kw("method").or_else(|| args.pos.first().cloned());
    let force = match args.take_kw("force").or_else(|| args.pos.get(1).cloned()) {
        Some(f) => vm.truthy(&f)?,
        None => false,
    };
    use std::sync::atomic::Ordering;
    if !force && START_METHOD_SET.load(Ordering::Relaxed) {
        return Err(PyErr::runtime_error("context has already been set"));
    }
    match method.as_ref().and_then(|m| m.as_str()) {
        Some("spawn") => {
            START_METHOD_SET.store(true, Ordering::Relaxed);
            Ok(Value::None)
        }
        Some(other) => Err(PyErr::value_error(format!(
            "cannot find context for '{other}' (minipy only spawns)"
        ))),
        None => Err(PyErr::type_error(
            "set_start_method() missing 1 required positional argument: 'method'",
        )),
    }
}

fn get_start_method<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(vm.new_str("spawn"))
}

fn get_all_start_methods<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    let spawn = vm.new_str("spawn");
    Ok(vm.new_list(vec![spawn]))
}
