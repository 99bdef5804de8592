//! `multiprocessing.Process`: a class programs use or subclass, each started one a child
//! minipy process that rebuilds the object (its class by name, its attributes as values) and
//! calls its `run()`. Also `current_process()`.

use super::worker::{self, ChildProc, SpawnSpec};
use crate::objects::class::Layout;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::stdlib::sync::Wakeup;
use crate::stdlib::sync_more::{add_property, install_core, instance_attr, interrupted, param};
use crate::vm::threads::WaitTarget;
use crate::vm::Runtime;
use crate::vm::Vm;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

type R0<R> = PyResult<Value<R>, R>;

/// `Process-N` and `SpawnPoolWorker-N` share one count, as in CPython.
pub fn next_number() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(1);
    COUNTER.fetch_add(1, Ordering::Relaxed)
}

/// CPython's error for starting a process while a child re-runs the main module.
pub const BOOTSTRAP_ERROR: &str = "
        An attempt has been made to start a new process before the
        current process has finished its bootstrapping phase.

        This probably means that you are not using fork to start your
        child processes and you have forgotten to use the proper idiom
        in the main module:

            if __name__ == '__main__':
                freeze_support()
                ...

        The \"freeze_support()\" line can be omitted if the program
        is not going to be frozen to produce an executable.

        To fix this issue, refer to the \"Safe importing of main module\"
        section in https://docs.python.org/3/library/multiprocessing.html
        ";

/// Whether this process may start children now (not while bootstrapping, not in a pool
/// worker, which is a daemon).
pub fn check_can_start<R: Runtime>() -> PyResult<(), R> {
    if super::child::is_bootstrapping() {
        return Err(PyErr::runtime_error(BOOTSTRAP_ERROR));
    }
    if super::child::is_pool_worker() {
        return Err(PyErr::new(
            ExcKind::AssertionError,
            "daemonic processes are not allowed to have children",
        ));
    }
    Ok(())
}

pub fn process_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    let methods: &[(&'static str, NativeFn<R>)] = &[
        ("__init__", init),
        ("start", start),
        ("run", run),
        ("join", join),
        ("is_alive", is_alive),
        ("terminate", terminate),
        ("kill", kill),
        ("close", close),
        ("__repr__", repr),
    ];
    let class = vm.native_class_with_layout(
        "Process",
        "multiprocessing.context",
        Layout::Object,
        methods,
    );
    add_property(vm, &class, "exitcode", exitcode);
    class
}

fn this<R: Runtime>(args: &Args<R>) -> Value<R> {
    args.pos.first().cloned().unwrap_or(Value::None)
}

fn set<R: Runtime>(vm: &mut Vm<R>, obj: &Value<R>, name: &str, v: Value<R>) -> PyResult<(), R> {
    let key = vm.str_key(name);
    vm.set_attr(obj, &key, v)
}

fn init<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let obj = this(&args);
    let _group = param(&mut args, "group", 1);
    let target = param(&mut args, "target", 2).unwrap_or(Value::None);
    let name = param(&mut args, "name", 3).filter(|n| !n.is_none());
    let targs = param(&mut args, "args", 4).unwrap_or_else(|| vm.new_tuple(Vec::new()));
    let kwargs = match param(&mut args, "kwargs", 5) {
        Some(k) => k,
        None => vm.new_dict(Default::default()),
    };
    let daemon = param(&mut args, "daemon", 6).filter(|d| !d.is_none());
    args.no_more_kwargs("Process.__init__")?;
    let name = match name {
        Some(n) => n,
        None => {
            let class = vm.type_name(&obj);
            vm.new_str(format!("{class}-{}", next_number()))
        }
    };
    let daemon = match daemon {
        Some(d) => Value::Bool(vm.truthy(&d)?),
        None => Value::Bool(false),
    };
    set(vm, &obj, "_target", target)?;
    set(vm, &obj, "_args", targs)?;
    set(vm, &obj, "_kwargs", kwargs)?;
    set(vm, &obj, "name", name)?;
    set(vm, &obj, "daemon", daemon)?;
    set(vm, &obj, "pid", Value::None)?;
    Ok(Value::None)
}

fn started<R: Runtime>(vm: &Vm<R>, obj: &Value<R>) -> Option<Arc<ChildProc>> {
    let core = instance_attr(vm, obj, "_core")?;
    match core.kind() {
        Some(ObjKind::Native(n)) => n.downcast::<Arc<ChildProc>>().cloned(),
        _ => None,
    }
}

fn start<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let obj = this(&args);
    if started(vm, &obj).is_some() {
        return Err(PyErr::new(
            ExcKind::AssertionError,
            "cannot start a process twice",
        ));
    }
    check_can_start()?;
    // What the child needs to rebuild the object: its class (unless plain Process) and its
    // attributes.
    let class = vm.types().class_of(&obj).clone();
    let base = process_class(vm);
    let class_v = if class.ptr_eq(&base) {
        Value::None
    } else {
        Value::Obj(class)
    };
    let attrs = match obj.kind() {
        Some(ObjKind::Instance(i)) => i.to_map(),
        _ => Default::default(),
    };
    let attrs = vm.new_dict(attrs);
    let payload = vm.new_tuple(vec![class_v, attrs]);
    let mut frame = vec![super::conn::TASK, 0, super::conn::RUN_PROCESS];
    super::wire::encode_into(vm, &payload, &mut frame)?;

    let name = match vm.get_attr_str(&obj, "name") {
        Ok(n) => vm.to_str(&n)?,
        Err(_) => "Process".to_string(),
    };
    let daemon = match vm.get_attr_str(&obj, "daemon") {
        Ok(d) => vm.truthy(&d)?,
        Err(_) => false,
    };
    let spec = SpawnSpec::of(vm)?;
    let child =
        ChildProc::spawn(&spec, "process", name, !daemon, None).map_err(worker::spawn_error)?;
    child.send(&frame);
    set(vm, &obj, "pid", Value::Int(i64::from(child.pid)))?;
    install_core(vm, &obj, child)?;
    Ok(Value::None)
}

fn run<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let obj = this(&args);
    let target = vm.get_attr_str(&obj, "_target")?;
    if target.is_none() {
        return Ok(Value::None);
    }
    let targs = vm.get_attr_str(&obj, "_args")?;
    let pos = vm.collect(&targs)?;
    let kwargs = vm.get_attr_str(&obj, "_kwargs")?;
    let kw = vm.kwargs_or_none(&kwargs, &target)?;
    vm.call(&target, pos, kw)?;
    Ok(Value::None)
}

fn join<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let timeout = param(&mut args, "timeout", 1).filter(|t| !t.is_none());
    let obj = this(&args);
    let Some(child) = started(vm, &obj) else {
        return Err(PyErr::new(
            ExcKind::AssertionError,
            "can only join a started process",
        ));
    };
    let deadline = match timeout {
        Some(t) => {
            let s = crate::stdlib::time::seconds_arg(vm, &t)?.max(0.0);
            Some(Instant::now() + Duration::from_secs_f64(s.min(1e9)))
        }
        None => None,
    };
    let main = vm.is_main_thread();
    let w = vm.blocking(WaitTarget::Sleep, true, || child.wait_exit(deadline, main));
    if w == Wakeup::Interrupted {
        return Err(interrupted());
    }
    Ok(Value::None)
}

fn is_alive<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let obj = this(&args);
    if is_current(vm, &obj) {
        return Ok(Value::Bool(true));
    }
    Ok(Value::Bool(
        started(vm, &obj).is_some_and(|c| c.exitcode().is_none()),
    ))
}

fn exitcode<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let obj = this(&args);
    Ok(match started(vm, &obj).and_then(|c| c.exitcode()) {
        Some(code) => Value::Int(i64::from(code)),
        None => Value::None,
    })
}

fn terminate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    if let Some(child) = started(vm, &this(&args)) {
        if child.exitcode().is_none() && !child.send(&[super::conn::TERMINATE]) {
            child.kill();
        }
    }
    Ok(Value::None)
}

fn kill<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    if let Some(child) = started(vm, &this(&args)) {
        child.kill();
    }
    Ok(Value::None)
}

fn close<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    if let Some(child) = started(vm, &this(&args)) {
        if child.exitcode().is_none() {
            return Err(PyErr::value_error(
                "Cannot close a process while it is still running. You should first call join() or terminate().",
            ));
        }
    }
    Ok(Value::None)
}

fn repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let obj = this(&args);
    let class = vm.type_name(&obj);
    let name = match vm.get_attr_str(&obj, "name") {
        Ok(n) => vm.repr(&n)?,
        Err(_) => "''".into(),
    };
    let status = if is_current(vm, &obj) {
        "started".to_string()
    } else {
        match started(vm, &obj) {
            None => "initial".to_string(),
            Some(c) => match c.exitcode() {
                None => format!("pid={} started", c.pid),
                Some(code) => format!("pid={} stopped exitcode={code}", c.pid),
            },
        }
    };
    let daemon = matches!(vm.get_attr_str(&obj, "daemon"), Ok(Value::Bool(true)));
    let daemon = if daemon { " daemon" } else { "" };
    Ok(vm.new_str(format!("<{class} name={name} {status}{daemon}>")))
}

/// The child's side of `start()`: rebuilds the Process object from `(class, attributes)`,
/// makes it the current process and runs it.
pub fn run_in_child<R: Runtime>(vm: &mut Vm<R>, payload: &[u8]) -> PyResult<(), R> {
    let v = super::wire::decode(vm, payload)?;
    let parts = vm.collect(&v)?;
    let class = match parts.first() {
        Some(Value::Obj(c)) => c.clone(),
        _ => process_class(vm),
    };
    let obj = match class.kind() {
        ObjKind::Class(c) => vm.new_instance(&class, c, &[]),
        _ => return Err(PyErr::type_error("a Process child was sent no class")),
    };
    if let Some(ObjKind::Dict(d)) = parts.get(1).and_then(|d| d.kind()) {
        let attrs: Vec<_> = d
            .lock::<R>()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (k, v) in attrs {
            vm.set_attr(&obj, &k, v)?;
        }
    }
    set(vm, &obj, "pid", Value::Int(i64::from(std::process::id())))?;
    set_current(vm, &obj)?;
    let run = vm.get_attr_str(&obj, "run")?;
    vm.call(&run, Vec::new(), Vec::new())?;
    Ok(())
}

const CURRENT: &str = "_current_process";

fn module<R: Runtime>(vm: &mut Vm<R>) -> R0<R> {
    vm.import_module("multiprocessing")
}

fn set_current<R: Runtime>(vm: &mut Vm<R>, obj: &Value<R>) -> PyResult<(), R> {
    let m = module(vm)?;
    set(vm, &m, CURRENT, obj.clone())
}

fn is_current<R: Runtime>(vm: &mut Vm<R>, obj: &Value<R>) -> bool {
    let key = vm.str_key(CURRENT);
    module(vm)
        .ok()
        .and_then(|m| vm.get_attr_opt(&m, &key).ok().flatten())
        .is_some_and(|c| c.is(obj))
}

/// `current_process()`: `MainProcess` in the parent, the Process object in a Process child,
/// `SpawnPoolWorker-N` in a pool worker.
pub fn current_process<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    let m = module(vm)?;
    let key = vm.str_key(CURRENT);
    if let Some(c) = vm.get_attr_opt(&m, &key)? {
        return Ok(c);
    }
    let class = process_class(vm);
    let obj = match class.kind() {
        ObjKind::Class(c) => vm.new_instance(&class, c, &[]),
        _ => return Err(PyErr::runtime_error("no Process class")),
    };
    let name = vm.new_str(super::child::name().unwrap_or("MainProcess"));
    set(vm, &obj, "_target", Value::None)?;
    set(vm, &obj, "name", name)?;
    set(
        vm,
        &obj,
        "daemon",
        Value::Bool(super::child::is_pool_worker()),
    )?;
    set(vm, &obj, "pid", Value::Int(i64::from(std::process::id())))?;
    set_current(vm, &obj)?;
    Ok(obj)
}
