//! `multiprocessing.Pool`: the class. Its scheduling is `scheduler.rs`, its result objects
//! `result.rs`. Callbacks run in the parent's own flow: when a result is waited for, and at
//! the pool's next call (CPython runs them on a helper thread as results arrive).

use super::conn;
use super::result::{get_result, map_result_class, result_class, run_ready_callbacks, Handle};
use super::scheduler::{send_all, Outcome, Phase, PoolShared, Task, INIT_ID};
use super::worker::{self, ChildProc, SpawnSpec};
use crate::objects::class::Layout;
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::stdlib::sync::Wakeup;
use crate::stdlib::sync_more::{core_of, install_core, instance_attr, interrupted, param};
use crate::vm::Runtime;
use crate::vm::Vm;
use std::sync::Arc;
use std::time::{Duration, Instant};

type R0<R> = PyResult<Value<R>, R>;

pub fn pool_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    let methods: &[(&'static str, NativeFn<R>)] = &[
        ("__init__", init),
        ("apply_async", apply_async),
        ("apply", apply),
        ("map_async", map_async),
        ("map", map),
        ("starmap_async", starmap_async),
        ("starmap", starmap),
        ("imap", imap),
        ("imap_unordered", imap),
        ("close", close),
        ("join", join),
        ("terminate", terminate),
        ("__enter__", enter),
        ("__exit__", exit),
        ("__repr__", repr),
        ("_handle_results", handle_results),
    ];
    vm.native_class_with_layout("Pool", "multiprocessing.pool", Layout::Object, methods)
}

fn this<R: Runtime>(args: &Args<R>) -> Value<R> {
    args.pos.first().cloned().unwrap_or(Value::None)
}

fn shared<R: Runtime>(vm: &Vm<R>, args: &Args<R>) -> PyResult<Arc<PoolShared>, R> {
    core_of(vm, args, "_state")
}

fn init<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let obj = this(&args);
    let processes = param(&mut args, "processes", 1).filter(|p| !p.is_none());
    let initializer = param(&mut args, "initializer", 2).filter(|p| !p.is_none());
    let initargs = param(&mut args, "initargs", 3);
    let _maxtasks = param(&mut args, "maxtasksperchild", 4);
    let _context = param(&mut args, "context", 5);
    args.no_more_kwargs("Pool.__init__")?;
    let size = match processes {
        Some(p) => vm.int_i64(&p)?,
        None => super::cpu_count_value() as i64,
    };
    if size < 1 {
        return Err(PyErr::value_error("Number of processes must be at least 1"));
    }
    let init_frame = match initializer {
        Some(f) => {
            let initargs = initargs.unwrap_or_else(|| vm.new_tuple(Vec::new()));
            let empty = vm.new_dict(Default::default());
            let task = vm.new_tuple(vec![f, initargs, empty]);
            Some(task_frame(vm, INIT_ID, conn::APPLY, &task)?)
        }
        None => None,
    };
    super::process::check_can_start()?;
    let spec = SpawnSpec::of(vm)?;
    let pool = PoolShared::start(spec, size as usize, init_frame).map_err(worker::spawn_error)?;
    install_core(vm, &obj, pool)?;
    let key = vm.str_key("_processes");
    vm.set_attr(&obj, &key, Value::Int(size))?;
    let callbacks = vm.new_list(Vec::new());
    let key = vm.str_key("_callbacks");
    vm.set_attr(&obj, &key, callbacks)?;
    Ok(Value::None)
}

fn task_frame<R: Runtime>(
    vm: &mut Vm<R>,
    id: u64,
    kind: u8,
    task: &Value<R>,
) -> PyResult<Vec<u8>, R> {
    let mut frame = vec![conn::TASK];
    super::wire::put_varint(&mut frame, id);
    frame.push(kind);
    super::wire::encode_into(vm, task, &mut frame)?;
    Ok(frame)
}

/// Callbacks given with a task.
struct Callbacks<R: Runtime> {
    ok: Option<Value<R>>,
    err: Option<Value<R>>,
}

fn callbacks<R: Runtime>(args: &mut Args<R>, at: usize) -> Callbacks<R> {
    Callbacks {
        ok: param(args, "callback", at).filter(|c| !c.is_none()),
        err: param(args, "error_callback", at + 1).filter(|c| !c.is_none()),
    }
}

/// Submits tasks (`kind`, `(func, args...)`) and makes their result object. A task that
/// cannot be sent fails its result, as in CPython (not the call that submitted it).
fn submit_tasks<R: Runtime>(
    vm: &mut Vm<R>,
    pool_obj: &Value<R>,
    tasks: Vec<Task<R>>,
    is_map: bool,
    cb: Callbacks<R>,
) -> R0<R> {
    let pool: Arc<PoolShared> = core_of(
        vm,
        &Args {
            pos: vec![pool_obj.clone()],
            kw: Vec::new(),
        },
        "_state",
    )?;
    if pool.st.lock().phase != Phase::Running {
        return Err(PyErr::value_error("Pool not running"));
    }
    if cb.ok.is_some() || cb.err.is_some() {
        start_result_handler(vm, pool_obj)?;
    }
    let bodies = tasks
        .into_iter()
        .map(|(kind, t)| super::wire::encode(vm, &t).map(|b| (kind, b)))
        .collect::<PyResult<Vec<_>, R>>();
    let mut ids = Vec::new();
    let mut error = Value::None;
    match bodies {
        Ok(bodies) => {
            for (kind, body) in bodies {
                let id = pool
                    .submit(|id| {
                        let mut frame = Vec::with_capacity(12 + body.len());
                        frame.push(conn::TASK);
                        super::wire::put_varint(&mut frame, id);
                        frame.push(kind);
                        frame.extend_from_slice(&body);
                        frame
                    })
                    .map_err(PyErr::value_error)?;
                ids.push(id);
            }
        }
        Err(e) => error = vm.materialize(e),
    }
    let class = if is_map {
        map_result_class(vm)
    } else {
        result_class(vm)
    };
    let result = match class.kind() {
        ObjKind::Class(c) => vm.new_instance(&class, c, &[]),
        _ => return Err(PyErr::runtime_error("no result class")),
    };
    install_core(vm, &result, Arc::new(Handle { pool, ids, is_map }))?;
    let has_callback = cb.ok.is_some() || cb.err.is_some();
    for (name, v) in [
        ("_error", error),
        ("_callback", cb.ok.unwrap_or(Value::None)),
        ("_error_callback", cb.err.unwrap_or(Value::None)),
    ] {
        let key = vm.str_key(name);
        vm.set_attr(&result, &key, v)?;
    }
    if has_callback {
        if let Some(Value::Obj(list)) = instance_attr(vm, pool_obj, "_callbacks") {
            if let ObjKind::List(l) = list.kind() {
                l.lock::<R>().push(result.clone());
            }
        }
    }
    Ok(result)
}

/// `(func, args, kwds)` of apply and apply_async.
fn apply_task<R: Runtime>(
    vm: &mut Vm<R>,
    args: &mut Args<R>,
    method: &str,
) -> PyResult<Value<R>, R> {
    let func = param(args, "func", 1).ok_or_else(|| {
        PyErr::type_error(format!(
            "Pool.{method}() missing 1 required positional argument: 'func'"
        ))
    })?;
    let fargs = match param(args, "args", 2) {
        Some(a) => {
            let items = vm.collect(&a)?;
            vm.new_tuple(items)
        }
        None => vm.new_tuple(Vec::new()),
    };
    let kwds = match param(args, "kwds", 3) {
        Some(k) => k,
        None => vm.new_dict(Default::default()),
    };
    Ok(vm.new_tuple(vec![func, fargs, kwds]))
}

fn apply_async<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let obj = this(&args);
    let task = apply_task(vm, &mut args, "apply_async")?;
    let cb = callbacks(&mut args, 4);
    args.no_more_kwargs("Pool.apply_async")?;
    submit_tasks(vm, &obj, vec![(conn::APPLY, task)], false, cb)
}

fn apply<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let obj = this(&args);
    let task = apply_task(vm, &mut args, "apply")?;
    args.no_more_kwargs("Pool.apply")?;
    let result = submit_tasks(vm, &obj, vec![(conn::APPLY, task)], false, no_callbacks())?;
    get_result(vm, &result, None)
}

fn no_callbacks<R: Runtime>() -> Callbacks<R> {
    Callbacks {
        ok: None,
        err: None,
    }
}

/// The chunks of a map: `(STARMAP, (func, [args, ...]))` tasks, CPython's chunk size.
fn map_tasks<R: Runtime>(
    vm: &mut Vm<R>,
    pool: &PoolShared,
    args: &mut Args<R>,
    star: bool,
    method: &str,
) -> PyResult<Vec<Task<R>>, R> {
    let missing = |what: &str| {
        PyErr::type_error(format!(
            "Pool.{method}() missing 1 required positional argument: '{what}'"
        ))
    };
    let func = param(args, "func", 1).ok_or_else(|| missing("func"))?;
    let iterable = param(args, "iterable", 2).ok_or_else(|| missing("iterable"))?;
    let chunksize = param(args, "chunksize", 3).filter(|c| !c.is_none());
    let items = vm.collect(&iterable)?;
    let mut calls = Vec::with_capacity(items.len());
    for item in items {
        calls.push(if star {
            let a = vm.collect(&item)?;
            vm.new_tuple(a)
        } else {
            vm.new_tuple(vec![item])
        });
    }
    let size = match chunksize {
        Some(c) => {
            let c = vm.int_i64(&c)?;
            if c < 1 {
                return Err(PyErr::value_error(format!("Chunksize must be 1+, not {c}")));
            }
            c as usize
        }
        None => {
            let per = pool.size * 4;
            let (q, r) = (calls.len() / per, calls.len() % per);
            q + usize::from(r > 0)
        }
    };
    let mut tasks = Vec::new();
    let mut rest = calls.into_iter().peekable();
    while rest.peek().is_some() {
        let chunk: Vec<Value<R>> = rest.by_ref().take(size.max(1)).collect();
        let chunk = vm.new_list(chunk);
        tasks.push((conn::STARMAP, vm.new_tuple(vec![func.clone(), chunk])));
    }
    Ok(tasks)
}

fn map_like<R: Runtime>(
    vm: &mut Vm<R>,
    mut args: Args<R>,
    star: bool,
    method: &str,
    wait: bool,
) -> R0<R> {
    let obj = this(&args);
    let pool = shared(vm, &args)?;
    let tasks = map_tasks(vm, &pool, &mut args, star, method)?;
    let cb = if wait {
        no_callbacks()
    } else {
        callbacks(&mut args, 4)
    };
    args.no_more_kwargs(&format!("Pool.{method}"))?;
    let result = submit_tasks(vm, &obj, tasks, true, cb)?;
    if wait {
        get_result(vm, &result, None)
    } else {
        Ok(result)
    }
}

fn map<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    map_like(vm, args, false, "map", true)
}

fn map_async<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    map_like(vm, args, false, "map_async", false)
}

fn starmap<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    map_like(vm, args, true, "starmap", true)
}

fn starmap_async<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    map_like(vm, args, true, "starmap_async", false)
}

/// `imap` and `imap_unordered`: the results of `map`, as an iterator.
fn imap<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let list = map_like(vm, args, false, "imap", true)?;
    vm.get_iter(&list)
}

fn close<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let pool = shared(vm, &args)?;
    let sends = {
        let mut st = pool.st.lock();
        if st.phase == Phase::Running {
            st.phase = Phase::Closed;
        }
        st.exits_if_done()
    };
    send_all(sends);
    Ok(Value::None)
}

fn join<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let pool = shared(vm, &args)?;
    if pool.st.lock().phase == Phase::Running {
        return Err(PyErr::value_error("Pool is still running"));
    }
    loop {
        let w = pool.wait(vm, None, |s| s.workers.is_empty());
        if w == Wakeup::Interrupted {
            return Err(interrupted());
        }
        if w == Wakeup::Ready {
            break;
        }
    }
    // The result-handler thread ends once the last callback has run.
    let key = vm.str_key("_result_handler");
    if let Some(thread) = vm.get_attr_opt(&this(&args), &key)? {
        let join = vm.get_attr_str(&thread, "join")?;
        vm.call(&join, Vec::new(), Vec::new())?;
    }
    run_ready_callbacks(vm, &this(&args))?;
    Ok(Value::None)
}

/// Starts the pool's result-handler thread (once, when the first callback is given): as in
/// CPython, callbacks run there as soon as their task finishes.
fn start_result_handler<R: Runtime>(vm: &mut Vm<R>, pool_obj: &Value<R>) -> PyResult<(), R> {
    let key = vm.str_key("_result_handler");
    if vm.get_attr_opt(pool_obj, &key)?.is_some() {
        return Ok(());
    }
    let threading = vm.import_module("threading")?;
    let thread_class = vm.get_attr_str(&threading, "Thread")?;
    let target = vm.get_attr_str(pool_obj, "_handle_results")?;
    let kw = vec![
        (vm.new_str("target"), target),
        (vm.new_str("daemon"), Value::Bool(true)),
    ];
    let thread = vm.call(&thread_class, Vec::new(), kw)?;
    vm.set_attr(pool_obj, &key, thread.clone())?;
    let start = vm.get_attr_str(&thread, "start")?;
    vm.call(&start, Vec::new(), Vec::new())?;
    Ok(())
}

/// The result-handler thread's body: runs callbacks as their tasks finish, until the pool
/// stops taking tasks and no callback is left.
fn handle_results<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let pool = shared(vm, &args)?;
    let obj = this(&args);
    loop {
        run_ready_callbacks(vm, &obj)?;
        let left = match vm.get_attr_str(&obj, "_callbacks")?.kind() {
            Some(ObjKind::List(l)) => l.lock::<R>().len(),
            _ => 0,
        };
        let (phase, unfinished) = {
            let st = pool.st.lock();
            (st.phase, st.unfinished)
        };
        if left == 0 && phase != Phase::Running {
            return Ok(Value::None);
        }
        let deadline = Instant::now() + Duration::from_millis(50);
        let w = pool.wait(vm, Some(deadline), |s| {
            s.unfinished < unfinished || s.phase != phase
        });
        if w == Wakeup::Interrupted {
            return Err(interrupted());
        }
    }
}

fn terminate_pool<R: Runtime>(vm: &mut Vm<R>, pool: &PoolShared) {
    let procs: Vec<Arc<ChildProc>> = {
        let mut st = pool.st.lock();
        st.phase = Phase::Terminated;
        st.fail_all(&Outcome::Lost(
            "the pool was terminated before this task finished".into(),
        ));
        st.workers.iter().map(|s| s.proc.clone()).collect()
    };
    for p in &procs {
        p.kill();
    }
    pool.cv.notify_all();
    let deadline = Instant::now() + Duration::from_secs(5);
    pool.wait(vm, Some(deadline), |s| s.workers.is_empty());
}

fn terminate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let pool = shared(vm, &args)?;
    terminate_pool(vm, &pool);
    Ok(Value::None)
}

fn enter<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let pool = shared(vm, &args)?;
    if pool.st.lock().phase != Phase::Running {
        return Err(PyErr::value_error("Pool not running"));
    }
    Ok(this(&args))
}

fn exit<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let pool = shared(vm, &args)?;
    terminate_pool(vm, &pool);
    Ok(Value::Bool(false))
}

fn repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let pool = shared(vm, &args)?;
    let state = match pool.st.lock().phase {
        Phase::Running => "RUN",
        Phase::Closed => "CLOSE",
        Phase::Terminated => "TERMINATE",
    };
    let class = vm.type_name(&this(&args));
    Ok(vm.new_str(format!(
        "<multiprocessing.pool.{class} state={state} pool_size={}>",
        pool.size
    )))
}
