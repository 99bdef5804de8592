//! `_asyncio`: what `lib/asyncio` needs from the interpreter and cannot see from Python —
//! where a coroutine stands (for task reprs and the deadlock report), whether deadlock
//! detection is on, and the report's exit (status 3, as the thread deadlock detector's);
//! and, under `--trace`/`--timeline`, a track per task that the loop keeps up to date. Also
//! the per-task bookkeeping of `asyncio.tasks`, kept here so that it costs no Python call per
//! task: the weak table of live tasks (`all_tasks()`), the finalizer that says "Task was
//! destroyed but it is pending!", and `step`, which resumes a task's coroutine.

use super::itertools::R0;
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::weak::WeakRef;
use crate::objects::{Args, NativeFn, NativeObj, ObjKind, ObjRef, Value};
use crate::vm::generator::{frame_location, GenStep, Resume};
use crate::vm::observe::{Activity, TASK_TRACK_BASE};
use crate::vm::Runtime;
use crate::vm::Vm;
use parking_lot::Mutex;
use std::sync::Arc;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("coro_location", coro_location),
        ("deadlock_detection", deadlock_detection),
        ("report_deadlock", report_deadlock),
        ("is_coroutine_function", is_coroutine_function),
        ("source_line", source_line),
        ("step", step),
        ("virtual_time", virtual_time),
        ("trace_tasks", trace_tasks),
        ("task_state", task_state),
        ("task_finalizer", task_finalizer),
    ];
    super::add_functions(vm, m, functions);
    let table_class = vm.native_class(
        "TaskTable",
        "_asyncio",
        &[
            ("add", table_add),
            ("discard", table_discard),
            ("tasks", table_tasks),
        ],
    );
    let ref_class = vm.native_class("TaskRef", "_asyncio", &[]);
    let table = ObjRef::new(ObjKind::Native(NativeObj {
        class: table_class,
        data: Box::new(TaskTable::<R> {
            ref_class,
            refs: Mutex::new(Refs {
                entries: Vec::new(),
                sweep_at: MIN_SWEEP,
            }),
        }),
    }));
    vm.set_module_attr(m, "task_table", Value::Obj(table));
    true
}

/// The tasks made so far, held weakly (CPython keeps them in a `WeakSet`): a task nothing
/// else refers to is freed, and its entry goes dead. Dead entries are dropped in one sweep
/// once the table has doubled since the last one, so a task costs one push and its share of
/// a sweep, whatever the table's size.
struct TaskTable<R: Runtime> {
    /// The class of the weak reference objects the table holds (never seen by programs).
    ref_class: ObjRef<R>,
    refs: Mutex<Refs<R>>,
}

struct Refs<R: Runtime> {
    /// A weak reference object per task, oldest first.
    entries: Vec<ObjRef<R>>,
    /// The length at which the next push sweeps the dead entries out.
    sweep_at: usize,
}

const MIN_SWEEP: usize = 64;

impl<R: Runtime> Refs<R> {
    fn sweep(&mut self) {
        self.entries
            .retain(|r| weak_state(r).is_some_and(|w| !w.is_dead()));
        self.sweep_at = (2 * self.entries.len()).max(MIN_SWEEP);
    }
}

fn weak_state<R: Runtime>(r: &ObjRef<R>) -> Option<&WeakRef<R>> {
    match r.kind() {
        ObjKind::Native(n) => n.downcast::<WeakRef<R>>(),
        _ => None,
    }
}

/// The table (the receiver of a `TaskTable` method) and the task argument.
fn table_and_task<R: Runtime>(args: &Args<R>) -> PyResult<(&TaskTable<R>, Option<&ObjRef<R>>), R> {
    let table = match args.pos.first().and_then(|v| v.kind()) {
        Some(ObjKind::Native(n)) => n.downcast::<TaskTable<R>>(),
        _ => None,
    };
    let Some(table) = table else {
        return Err(PyErr::type_error(
            "descriptor requires a '_asyncio.TaskTable' object",
        ));
    };
    Ok((table, args.pos.get(1).and_then(|v| v.as_obj())))
}

/// `task_table.add(task)`: enters a task made just now.
fn table_add<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (table, task) = table_and_task(&args)?;
    let Some(task) = task else {
        return Err(PyErr::type_error("add() needs a task"));
    };
    let made = ObjRef::new(ObjKind::Native(NativeObj {
        class: table.ref_class.clone(),
        data: Box::new(WeakRef::new(task, None)),
    }));
    if let Some(state) = weak_state(&made) {
        state.register(&made);
    }
    let mut refs = table.refs.lock();
    if refs.entries.len() >= refs.sweep_at {
        refs.sweep();
    }
    refs.entries.push(made);
    Ok(Value::None)
}

/// `task_table.discard(task)`: takes a task out (its loop closed while it was pending, and
/// said so).
fn table_discard<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (table, task) = table_and_task(&args)?;
    if let Some(task) = task {
        let addr = task.addr();
        let gone: Vec<ObjRef<R>> = {
            let mut refs = table.refs.lock();
            let (gone, kept) = std::mem::take(&mut refs.entries)
                .into_iter()
                .partition(|r| {
                    weak_state(r)
                        .and_then(WeakRef::get)
                        .is_some_and(|t| t.addr() == addr)
                });
            refs.entries = kept;
            gone
        };
        // The references are dropped outside the lock (dropping one takes the weak table's).
        drop(gone);
    }
    Ok(Value::None)
}

/// `task_table.tasks()`: the tasks still alive, oldest first (finished ones included).
fn table_tasks<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (table, _) = table_and_task(&args)?;
    let live: Vec<Value<R>> = {
        let mut refs = table.refs.lock();
        refs.sweep();
        refs.entries
            .iter()
            .filter_map(|r| weak_state(r).and_then(WeakRef::get))
            .map(Value::Obj)
            .collect()
    };
    Ok(vm.new_list(live))
}

/// `Task.__del__`: a task freed while still pending calls its `_destroyed_pending()` (which
/// reports it as CPython does); a task whose own `_state` says it is done costs no Python
/// call (the state is read from the instance's attributes: one without it, or anything that
/// is not a plain instance, is left to `_destroyed_pending` to judge).
fn task_finalizer<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let Some(task) = args.pos.first() else {
        return Ok(Value::None);
    };
    if let Some(ObjKind::Instance(i)) = task.kind() {
        let key = vm.static_key("_state");
        if i.get(&key)
            .is_some_and(|state| state.as_str() != Some("PENDING"))
        {
            return Ok(Value::None);
        }
    }
    let key = vm.static_key("_destroyed_pending");
    let report = vm.get_attr(task, &key)?;
    vm.call(&report, Vec::new(), Vec::new())?;
    Ok(Value::None)
}

/// `coro_location(coro)`: `(filename, line, finished)` — the line the coroutine stands at, or
/// when it has finished the line its function is defined at; None for other objects.
fn coro_location<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let Some(ObjKind::Generator(g)) = args.pos.first().and_then(|v| v.kind()) else {
        return Ok(Value::None);
    };
    let (file, line, finished) = match frame_location(g) {
        Some((file, line)) => (file, line, false),
        None => match &g.origin {
            Some(o) => (o.defined.0.clone(), o.defined.1, true),
            None => return Ok(Value::None),
        },
    };
    let file = vm.new_str(&*file);
    Ok(vm.new_tuple(vec![file, Value::Int(line as i64), Value::Bool(finished)]))
}

/// `deadlock_detection()`: False under `--no-deadlock-detection`.
fn deadlock_detection<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(Value::Bool(vm.interp.options.deadlock_detection))
}

/// `virtual_time()`: True under `--virtual-time` (timers wait on the virtual clock, socket
/// waits stay real).
fn virtual_time<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(Value::Bool(vm.interp.options.virtual_time))
}

/// `trace_tasks()`: True under `--trace` or `--timeline`: the loop then reports what each
/// task does with `task_state`.
fn trace_tasks<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    let on = vm
        .interp
        .observer
        .as_ref()
        .is_some_and(|o| o.options.trace.is_some() || o.options.timeline.is_some());
    Ok(Value::Bool(on))
}

/// `task_state(number, name, state)`: task track `number` (named `name`, the task's
/// get_name()) moves to `state`: None, running; a str, waiting for what it says; False,
/// finished.
fn task_state<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("task_state", 3, 3)?;
    let interp = vm.interp.clone();
    let Some(obs) = &interp.observer else {
        return Ok(Value::None);
    };
    let number = vm.int_i64(&args.pos[0])?.max(0) as u64;
    let track = TASK_TRACK_BASE + number;
    let name = args.pos[1].as_str().unwrap_or("task").to_string();
    if obs.knows(track) {
        obs.rename(track, name);
    } else {
        obs.add_thread(&interp.clock, track, name);
    }
    let activity = match &args.pos[2] {
        Value::None => Activity::Running,
        Value::Bool(false) => Activity::Gone,
        other => Activity::Blocked(Arc::from(other.as_str().unwrap_or("a future"))),
    };
    obs.enter(&interp.clock, track, activity);
    Ok(Value::None)
}

/// `report_deadlock(text)`: prints the report and ends the process with status 3.
fn report_deadlock<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let Some(text) = args
        .pos
        .first()
        .and_then(|v| v.as_str())
        .map(str::to_string)
    else {
        return Err(PyErr::type_error("report_deadlock() needs the report text"));
    };
    crate::vm::io::write_stderr(&text);
    crate::vm::observe::report_on_deadlock(vm, &text);
    crate::vm::io::flush_at_exit();
    std::process::exit(crate::vm::deadlock::DEADLOCK_EXIT_STATUS);
}

/// `is_coroutine_function(f)`: whether `f` is a function defined with `async def` (not an
/// async generator function).
fn is_coroutine_function<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(Value::Bool(match args.pos.first().and_then(|v| v.kind()) {
        Some(ObjKind::Function(f)) => f.code.flags.coroutine && !f.code.flags.async_generator,
        _ => false,
    }))
}

/// `source_line(filename, line)`: the stripped text of that line of a compiled file, or None.
fn source_line<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (Some(file), Some(Value::Int(line))) = (
        args.pos
            .first()
            .and_then(|v| v.as_str())
            .map(str::to_string),
        args.pos.get(1),
    ) else {
        return Ok(Value::None);
    };
    let line = u32::try_from(*line).unwrap_or(0);
    Ok(match crate::vm::traceback::source_line(vm, &file, line) {
        Some(text) => vm.new_str(text),
        None => Value::None,
    })
}

/// `step(coro, exc)`: resumes a task's coroutine — `coro.send(None)`, or `coro.throw(exc)`
/// when `exc` is not None — and returns `(finished, value)`: what it yielded, or what it
/// returned (no StopIteration is made for the loop to catch); None when it yielded None (a
/// bare yield, as `asyncio.sleep(0)`'s: the commonest step makes no tuple).
fn step<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let coro = args.pos.first().cloned().unwrap_or(Value::None);
    let exc = args.pos.get(1).cloned().unwrap_or(Value::None);
    let outcome = if let Some(ObjKind::Generator(g)) = coro.kind() {
        let how = match exc {
            Value::Obj(o) if matches!(o.kind(), ObjKind::Exception(_)) => {
                Resume::Throw(PyErr::Object(o))
            }
            Value::None => Resume::Send(Value::None),
            _ => return Err(PyErr::type_error("step() needs an exception or None")),
        };
        vm.resume_generator_with(g, how)?
    } else {
        let (name, call_args) = if exc.is_none() {
            ("send", vec![Value::None])
        } else {
            ("throw", vec![exc])
        };
        let method = vm.get_attr_str(&coro, name)?;
        match vm.call(&method, call_args, Vec::new()) {
            Ok(v) => GenStep::Yielded(v),
            Err(e) if vm.is_stop_iteration(&e) => GenStep::Returned(vm.stop_iteration_value(e)),
            Err(e) => return Err(e),
        }
    };
    Ok(match outcome {
        GenStep::Yielded(Value::None) => Value::None,
        GenStep::Yielded(v) => vm.new_tuple(vec![Value::Bool(false), v]),
        GenStep::Returned(v) => vm.new_tuple(vec![Value::Bool(true), v]),
    })
}
