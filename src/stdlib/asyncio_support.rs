//! `_asyncio`: what `lib/asyncio` needs from the interpreter and cannot see from Python —
//! where a coroutine stands (for task reprs and the deadlock report), whether deadlock
//! detection is on, and the report's exit (status 3, as the thread deadlock detector's);
//! and, under `--trace`/`--timeline`, a track per task that the loop keeps up to date.

use super::itertools::R0;
use crate::objects::exception::PyErr;
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::generator::{frame_location, GenStep, Resume};
use crate::vm::observe::{Activity, TASK_TRACK_BASE};
use crate::vm::Runtime;
use crate::vm::Vm;
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
    ];
    super::add_functions(vm, m, functions);
    true
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
/// returned (no StopIteration is made for the loop to catch).
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
        GenStep::Yielded(v) => vm.new_tuple(vec![Value::Bool(false), v]),
        GenStep::Returned(v) => vm.new_tuple(vec![Value::Bool(true), v]),
    })
}
