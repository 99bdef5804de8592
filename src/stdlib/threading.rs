//! The `threading` module: `Thread` (a real class programs subclass, each started thread a
//! real OS thread running under the GIL), `current_thread`, `enumerate`, ..., and the locks and
//! other primitives of `sync.rs` and `sync_more.rs`. `Timer`, `local`, `excepthook` and the
//! exit hooks are Python (`threading_extra.py`, run in the module when it is made). Also the
//! interpreter's shutdown, which runs those exit hooks and then waits for every non-daemon
//! thread, as CPython's `threading._shutdown` does.

use super::sync::{self, Wakeup};
use crate::objects::class::Layout;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, NativeFn, NativeObj, ObjKind, ObjRef, Value};
use crate::vm::threads::{Completion, ThreadState, WaitTarget, INTERRUPT};
use crate::vm::Runtime;
use crate::vm::{Vm, THREAD_STACK_SIZE};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

type R0<R> = PyResult<Value<R>, R>;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("current_thread", current_thread),
        ("currentThread", current_thread),
        ("main_thread", main_thread),
        ("active_count", active_count),
        ("activeCount", active_count),
        ("enumerate", enumerate),
        ("get_ident", get_ident),
        ("get_native_id", get_ident),
        ("Lock", lock),
        ("RLock", rlock),
        ("__excepthook__", default_excepthook),
        ("_print_exception", print_exception),
        ("_write_stderr", write_stderr),
    ];

    super::add_functions(vm, m, functions);
    let thread = thread_class(vm);
    vm.set_module_attr(m, "Thread", Value::Obj(thread));
    vm.set_module_attr(m, "TIMEOUT_MAX", Value::Float(9223372036.0));
    super::sync_more::init(vm, m);
    run_python_part(vm, m, EXTRA, "<frozen threading>")
}

/// The part of `threading` written in Python (Timer, local, excepthook...).
const EXTRA: &str = include_str!("threading_extra.py");

/// Runs Python source in a native module's namespace while it is made (false, with the error
/// printed, if it fails: a bug in the interpreter, never the program's).
pub fn run_python_part<R: Runtime>(
    vm: &mut Vm<R>,
    m: &ObjRef<R>,
    source: &'static str,
    filename: &str,
) -> bool {
    let call_site = vm.call_site;
    let ran = vm
        .bundled_code(filename, source, filename)
        .and_then(|code| vm.run_code(code, m));
    vm.call_site = call_site;
    match ran {
        Ok(_) => true,
        Err(e) => {
            let exc = vm.materialize(e);
            let tb = crate::vm::traceback::format_exception(vm, &exc);
            crate::vm::io::write_stderr(&tb);
            false
        }
    }
}

/// `threading.__excepthook__(args)`: CPython's default report of an uncaught exception in a
/// thread, `Exception in thread NAME:` and the traceback (SystemExit is silent).
fn default_excepthook<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("excepthook", 1, 1)?;
    let hook_args = args.pos[0].clone();
    let exc_type = vm.get_attr_str(&hook_args, "exc_type")?;
    let exc = vm.get_attr_str(&hook_args, "exc_value")?;
    let thread = vm.get_attr_str(&hook_args, "thread")?;
    if vm.exception_kind_of(&exc) == Some(ExcKind::SystemExit) {
        return Ok(Value::None);
    }
    let name = if thread.is_none() {
        format!("{}", ident_of(vm.thread_id))
    } else {
        let n = vm.get_attr_str(&thread, "name")?;
        vm.to_str(&n)?
    };
    let tb = if exc.is_none() {
        format!("{}\n", vm.to_str(&exc_type)?)
    } else {
        crate::vm::traceback::format_exception(vm, &exc)
    };
    crate::vm::io::write_stderr(&format!("Exception in thread {name}:\n{tb}"));
    Ok(Value::None)
}

/// `threading._print_exception(exc)`: the traceback of `exc` on stderr.
fn print_exception<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("_print_exception", 1, 1)?;
    let tb = crate::vm::traceback::format_exception(vm, &args.pos[0]);
    crate::vm::io::write_stderr(&tb);
    Ok(Value::None)
}

fn write_stderr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("_write_stderr", 1, 1)?;
    let text = vm.to_str(&args.pos[0])?;
    crate::vm::io::write_stderr(&text);
    Ok(Value::None)
}

/// The `Thread` class (made once per interpreter).
pub fn thread_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    vm.native_class_with_layout(
        "Thread",
        "threading",
        Layout::Object,
        &[
            ("__init__", thread_init),
            ("start", thread_start),
            ("run", thread_run),
            ("join", thread_join),
            ("is_alive", thread_is_alive),
            ("getName", thread_get_name),
            ("setName", thread_set_name),
            ("isDaemon", thread_is_daemon),
            ("setDaemon", thread_set_daemon),
            ("__repr__", thread_repr),
        ],
    )
}

/// An `ident` for a registry id (CPython's are addresses; these only need to be unique).
fn ident_of(id: u64) -> i64 {
    0x7f00_0000_0000 + (id as i64) * 0x10_0000
}

fn set<R: Runtime>(vm: &mut Vm<R>, obj: &Value<R>, name: &str, v: Value<R>) -> PyResult<(), R> {
    let key = vm.str_key(name);
    vm.set_attr(obj, &key, v)
}

fn get<R: Runtime>(vm: &mut Vm<R>, obj: &Value<R>, name: &str) -> Option<Value<R>> {
    let key = vm.str_key(name);
    vm.get_attr_opt(obj, &key).ok().flatten()
}

fn this<R: Runtime>(args: &Args<R>, method: &str) -> PyResult<Value<R>, R> {
    args.pos
        .first()
        .cloned()
        .ok_or_else(|| PyErr::type_error(format!("Thread.{method}() needs a thread")))
}

fn thread_init<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let obj = this(&args, "__init__")?;
    let mut named =
        |name: &str, pos: usize| args.take_kw(name).or_else(|| args.pos.get(pos).cloned());
    let _group = named("group", 1);
    let target = named("target", 2).unwrap_or(Value::None);
    let name = named("name", 3).unwrap_or(Value::None);
    let targs = named("args", 4);
    let kwargs = named("kwargs", 5).unwrap_or(Value::None);
    let daemon = args.take_kw("daemon").unwrap_or(Value::None);
    args.no_more_kwargs("Thread.__init__")?;
    let name = match name {
        Value::None => {
            let n = {
                let mut reg = vm.interp.registry.lock();
                reg.name_counter += 1;
                reg.name_counter
            };
            let target_name = match &target {
                Value::None => None,
                t => get(vm, t, "__name__").and_then(|v| v.as_str().map(str::to_string)),
            };
            match target_name {
                Some(t) => format!("Thread-{n} ({t})"),
                None => format!("Thread-{n}"),
            }
        }
        other => vm.to_str(&other)?,
    };
    let daemon = match daemon {
        Value::None => Value::Bool(current_is_daemon(vm)),
        d => Value::Bool(vm.truthy(&d)?),
    };
    let targs = match targs {
        Some(v) => v,
        None => vm.new_tuple(Vec::new()),
    };
    let name_v = vm.new_str(name);
    set(vm, &obj, "_target", target)?;
    set(vm, &obj, "_args", targs)?;
    set(vm, &obj, "_kwargs", kwargs)?;
    set(vm, &obj, "name", name_v)?;
    set(vm, &obj, "daemon", daemon)?;
    set(vm, &obj, "ident", Value::None)?;
    set(vm, &obj, "native_id", Value::None)?;
    set(vm, &obj, "_started", Value::Bool(false))?;
    Ok(Value::None)
}

fn current_is_daemon<R: Runtime>(vm: &Vm<R>) -> bool {
    vm.interp
        .registry
        .lock()
        .threads
        .get(&vm.thread_id)
        .map(|t| t.daemon)
        .unwrap_or(false)
}

/// The thread's completion flag (set when it finishes), once started.
fn completion_of<R: Runtime>(vm: &mut Vm<R>, obj: &Value<R>) -> Option<(u64, Arc<Completion>)> {
    let handle = get(vm, obj, "_handle")?;
    match handle.kind() {
        Some(ObjKind::Native(n)) => n.downcast::<ThreadHandle>().map(|h| (h.id, h.done.clone())),
        _ => None,
    }
}

/// What a started Thread object keeps of its OS thread.
pub struct ThreadHandle {
    pub id: u64,
    pub done: Arc<Completion>,
}

fn thread_start<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let obj = this(&args, "start")?;
    match get(vm, &obj, "_started") {
        None => return Err(PyErr::runtime_error("thread.__init__() not called")),
        Some(Value::Bool(true)) => {
            return Err(PyErr::runtime_error("threads can only be started once"))
        }
        _ => {}
    }
    if cfg!(feature = "no-threads") {
        return Err(PyErr::runtime_error(
            "can't start new thread: minipy was built without thread support (feature no-threads)",
        ));
    }
    let name = match get(vm, &obj, "name") {
        Some(n) => vm.to_str(&n)?,
        None => "Thread".to_string(),
    };
    let daemon = match get(vm, &obj, "daemon") {
        Some(d) => vm.truthy(&d)?,
        None => false,
    };
    let (id, done) = {
        let mut reg = vm.interp.registry.lock();
        let id = reg.add(name.clone(), obj.clone(), daemon);
        (
            id,
            reg.threads
                .get(&id)
                .map(|t| t.done.clone())
                .unwrap_or_default(),
        )
    };
    set(vm, &obj, "_started", Value::Bool(true))?;
    let handle_class = vm.native_class("_ThreadHandle", "threading", &[]);
    let handle = Value::new_obj(ObjKind::Native(NativeObj {
        class: handle_class,
        data: Box::new(ThreadHandle {
            id,
            done: done.clone(),
        }),
    }));
    set(vm, &obj, "_handle", handle)?;
    set(vm, &obj, "ident", Value::Int(ident_of(id)))?;
    set(vm, &obj, "native_id", Value::Int(ident_of(id)))?;
    // Everything this thread did so far is ordered before everything the new one does.
    crate::vm::race::fork(vm, id, &name);
    // `--no-gil`: counts and cells become shared, deferred objects immortal.
    crate::objects::deferred::start_threads::<R>();
    let started = Arc::new(Completion::default());
    let started_in_thread = started.clone();
    let interp = vm.interp.clone();
    let thread_obj = obj.clone();
    let spawned = std::thread::Builder::new()
        .name(name)
        .stack_size(THREAD_STACK_SIZE)
        .spawn(move || {
            let mut vm = Vm::new(interp.clone(), THREAD_STACK_SIZE);
            vm.thread_id = id;
            vm.start_budget();
            vm.acquire_gil();
            started_in_thread.set();
            run_thread(&mut vm, thread_obj);
            vm.finish_thread();
        });

    if spawned.is_err() {
        let mut reg = vm.interp.registry.lock();
        reg.threads.remove(&id);
        return Err(PyErr::runtime_error("can't start new thread"));
    }
    // As in CPython, start() returns once the new thread runs.
    if vm.interp.gil.is_scheduled() {
        vm.yield_to(id);
    } else {
        vm.blocking(WaitTarget::Sleep, true, || started.wait(None));
    }

    Ok(Value::None)
}

/// The body of a started thread: `self.run()`, with an uncaught exception reported as
/// CPython's `Exception in thread NAME:` and a traceback.
fn run_thread<R: Runtime>(vm: &mut Vm<R>, obj: Value<R>) {
    let result = vm
        .get_attr_str(&obj, "run")
        .and_then(|run| vm.call(&run, Vec::new(), Vec::new()));
    if let Err(e) = result {
        if vm.err_kind(&e) != Some(ExcKind::SystemExit) {
            let exc = vm.materialize(e);
            report_uncaught(vm, &obj, exc);
        }
    }
    // Its `threading.local` attributes go with the thread.
    let key = vm.str_key("_local_dicts");
    let _ = vm.del_attr(&obj, &key);
    // `--gil-stats`/`--trace`: the thread's end, before anyone can see it finished.
    vm.observe_end();
    // Let go of the Thread object (and so of its arguments) before join() can return.
    drop(obj);
    let done = {
        let mut reg = vm.interp.registry.lock();
        let record = reg.threads.remove(&vm.thread_id);
        record.map(|r| {
            let done = r.done.clone();
            drop(r);
            done
        })
    };
    if let Some(done) = done {
        done.set();
    }
}

/// An exception that ended a thread: handed to `threading.excepthook` (through the module's
/// `_invoke_excepthook`), or printed as CPython's default hook does.
fn report_uncaught<R: Runtime>(vm: &mut Vm<R>, obj: &Value<R>, exc: Value<R>) {
    let invoke = vm
        .sys_modules_get("threading")
        .and_then(|m| get(vm, &m, "_invoke_excepthook"));
    if let Some(invoke) = invoke {
        if vm
            .call(&invoke, vec![exc.clone(), obj.clone()], Vec::new())
            .is_ok()
        {
            return;
        }
    }
    let name = get(vm, obj, "name")
        .and_then(|n| n.as_str().map(str::to_string))
        .unwrap_or_default();
    let tb = crate::vm::traceback::format_exception(vm, &exc);
    crate::vm::io::write_stderr(&format!("Exception in thread {name}:\n{tb}"));
}

fn thread_run<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let obj = this(&args, "run")?;
    let target = get(vm, &obj, "_target").unwrap_or(Value::None);
    if target.is_none() {
        return Ok(Value::None);
    }
    let targs = get(vm, &obj, "_args").unwrap_or(Value::None);
    let kwargs = get(vm, &obj, "_kwargs").unwrap_or(Value::None);
    let pos = if targs.is_none() {
        Vec::new()
    } else {
        vm.collect(&targs)?
    };
    let kw = vm.kwargs_or_none(&kwargs, &target)?;
    let result = vm.call(&target, pos, kw);
    // As CPython: a finished thread does not keep its target and arguments alive.
    for name in ["_target", "_args", "_kwargs"] {
        let key = vm.str_key(name);
        let _ = vm.del_attr(&obj, &key);
    }
    result?;
    Ok(Value::None)
}

fn thread_join<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let timeout = args
        .take_kw("timeout")
        .or_else(|| args.pos.get(1).cloned())
        .filter(|v| !v.is_none());
    let obj = this(&args, "join")?;
    if is_main_object(vm, &obj) && vm.is_main_thread() {
        return Err(PyErr::runtime_error("cannot join current thread"));
    }
    let Some((id, done)) = completion_of(vm, &obj) else {
        return Err(PyErr::runtime_error(
            "cannot join thread before it is started",
        ));
    };
    if id == vm.thread_id {
        return Err(PyErr::runtime_error("cannot join current thread"));
    }
    if done.is_set() {
        crate::vm::race::join(vm, id);
        return Ok(Value::None);
    }
    let deadline = match &timeout {
        Some(t) => {
            let s = super::time::seconds_arg(vm, t)?.max(0.0);
            Some(crate::vm::threads::deadline_in(s))
        }
        None => None,
    };
    let main = vm.is_main_thread();
    let outcome = vm.blocking_until(WaitTarget::Thread(id), deadline, || {
        wait_done(&done, deadline, main)
    });
    if outcome == Wakeup::Interrupted {
        INTERRUPT.store(false, Ordering::Relaxed);
        return Err(PyErr::new(ExcKind::KeyboardInterrupt, ""));
    }
    if outcome == Wakeup::Ready {
        crate::vm::race::join(vm, id);
    }
    Ok(Value::None)
}

/// Waits for a thread to finish, polling for Ctrl-C in the main thread.
fn wait_done(done: &Completion, deadline: Option<Instant>, main: bool) -> Wakeup {
    loop {
        if crate::vm::threads::VIRTUAL_TIMEOUT.with(|t| t.get()) && !done.is_set() {
            return Wakeup::TimedOut;
        }
        let now = Instant::now();
        let slice = if main {
            Some(now + Duration::from_millis(20))
        } else {
            None
        };
        let until = match (deadline, slice) {
            (Some(d), Some(s)) => Some(d.min(s)),
            (d, s) => d.or(s),
        };
        if done.wait(until) {
            return Wakeup::Ready;
        }
        if main && INTERRUPT.load(Ordering::Relaxed) {
            return Wakeup::Interrupted;
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            return Wakeup::TimedOut;
        }
    }
}

fn thread_is_alive<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let obj = this(&args, "is_alive")?;
    if vm.is_main_thread() && is_main_object(vm, &obj) {
        return Ok(Value::Bool(true));
    }
    Ok(Value::Bool(match completion_of(vm, &obj) {
        Some((id, done)) => {
            let finished = done.is_set();
            if finished {
                crate::vm::race::join(vm, id);
            }
            !finished
        }
        None => false,
    }))
}

fn is_main_object<R: Runtime>(vm: &Vm<R>, obj: &Value<R>) -> bool {
    let main = vm.interp.main_thread_id.load(Ordering::Relaxed);
    vm.interp
        .registry
        .lock()
        .threads
        .get(&main)
        .is_some_and(|t| t.object.is(obj))
}

fn thread_get_name<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let obj = this(&args, "getName")?;
    Ok(get(vm, &obj, "name").unwrap_or(Value::None))
}

fn thread_set_name<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let obj = this(&args, "setName")?;
    let name = args.pos.get(1).cloned().unwrap_or(Value::None);
    let s = vm.to_str(&name)?;
    let v = vm.new_str(s);
    set(vm, &obj, "name", v)?;
    Ok(Value::None)
}

fn thread_is_daemon<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let obj = this(&args, "isDaemon")?;
    Ok(get(vm, &obj, "daemon").unwrap_or(Value::Bool(false)))
}

fn thread_set_daemon<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let obj = this(&args, "setDaemon")?;
    let flag = args.pos.get(1).cloned().unwrap_or(Value::Bool(false));
    let b = vm.truthy(&flag)?;
    set(vm, &obj, "daemon", Value::Bool(b))?;
    Ok(Value::None)
}

fn thread_repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let obj = this(&args, "__repr__")?;
    let class = vm.type_name(&obj);
    let name = match get(vm, &obj, "name") {
        Some(n) => vm.to_str(&n)?,
        None => String::new(),
    };
    let started = matches!(get(vm, &obj, "_started"), Some(Value::Bool(true)));
    let daemon = matches!(get(vm, &obj, "daemon"), Some(Value::Bool(true)));
    let finished = completion_of(vm, &obj).is_some_and(|(_, d)| d.is_set());
    let mut status = if !started {
        "initial".to_string()
    } else if finished {
        "stopped".to_string()
    } else {
        "started".to_string()
    };
    if daemon {
        status.push_str(" daemon");
    }
    if let Some(Value::Int(ident)) = get(vm, &obj, "ident") {
        status.push_str(&format!(" {ident}"));
    }
    Ok(vm.new_str(format!("<{class}({name}, {status})>")))
}

/// The Thread object of the thread with registry id `id` (making the main thread's on first
/// use, as CPython's `_MainThread`).
fn thread_object<R: Runtime>(vm: &mut Vm<R>, id: u64) -> PyResult<Value<R>, R> {
    let existing = vm
        .interp
        .registry
        .lock()
        .threads
        .get(&id)
        .map(|t| t.object.clone());
    match existing {
        Some(o) if !o.is_none() => Ok(o),
        Some(_) => {
            let base = thread_class(vm);
            let class = vm.native_class_with_bases("_MainThread", "threading", vec![base], &[]);
            // Named up front, so that it takes no `Thread-N` number.
            let name = vm.new_str("MainThread");
            let kw = vec![(vm.new_str("name"), name)];
            let obj = vm.call(&Value::Obj(class), vec![], kw)?;
            set(vm, &obj, "_started", Value::Bool(true))?;
            set(vm, &obj, "ident", Value::Int(ident_of(id)))?;
            set(vm, &obj, "native_id", Value::Int(ident_of(id)))?;
            if let Some(t) = vm.interp.registry.lock().threads.get_mut(&id) {
                t.object = obj.clone();
            }
            Ok(obj)
        }
        None => Ok(Value::None),
    }
}

fn current_thread<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    let id = vm.thread_id;
    thread_object(vm, id)
}

fn main_thread<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    let id = vm.interp.main_thread_id.load(Ordering::Relaxed);
    thread_object(vm, id)
}

fn live_ids<R: Runtime>(vm: &Vm<R>) -> Vec<u64> {
    let reg = vm.interp.registry.lock();
    reg.threads
        .iter()
        .filter(|(_, t)| !matches!(t.state, ThreadState::Finished))
        .map(|(id, _)| *id)
        .collect()
}

fn active_count<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(Value::Int(live_ids(vm).len() as i64))
}

fn enumerate<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    let mut out = Vec::new();
    for id in live_ids(vm) {
        out.push(thread_object(vm, id)?);
    }
    Ok(vm.new_list(out))
}

fn get_ident<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(Value::Int(ident_of(vm.thread_id)))
}

fn lock<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("Lock", 0, 0)?;
    Ok(sync::new_lock(vm, false))
}

fn rlock<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("RLock", 0, 0)?;
    Ok(sync::new_lock(vm, true))
}

/// At interpreter exit: waits for every non-daemon thread to finish (a deadlock among them is
/// reported like any other).
pub fn shutdown<R: Runtime>(vm: &mut Vm<R>) -> PyResult<(), R> {
    // First the hooks of `threading._register_atexit` (concurrent.futures wakes its idle
    // workers there, so that they end), as CPython's `threading._shutdown`.
    let hooks = vm
        .sys_modules_get("threading")
        .and_then(|m| get(vm, &m, "_run_atexits"));
    if let Some(run) = hooks {
        if let Err(e) = vm.call(&run, Vec::new(), Vec::new()) {
            let exc = vm.materialize(e);
            let tb = crate::vm::traceback::format_exception(vm, &exc);
            crate::vm::io::write_stderr(&format!(
                "Exception ignored in: <function _run_atexits>\n{tb}"
            ));
        }
    }
    loop {
        let alive = vm.interp.registry.lock().non_daemon_alive(vm.thread_id);
        let Some((id, done)) = alive.into_iter().next() else {
            return Ok(());
        };
        let main = vm.is_main_thread();
        let outcome = vm.blocking(WaitTarget::Thread(id), false, || {
            wait_done(&done, None, main)
        });
        if outcome == Wakeup::Interrupted {
            INTERRUPT.store(false, Ordering::Relaxed);
            return Err(PyErr::new(ExcKind::KeyboardInterrupt, ""));
        }
    }
}
