//! `_contextvars`: where each thread keeps its current `contextvars.Context`. The context
//! objects, variables and tokens are Python (`lib/contextvars.py`); this module only holds
//! the current one in the thread's own `Vm` (None until the thread first asks), so that
//! entering and leaving a context (once per asyncio task step) costs two calls, not a
//! `threading.local` look-up. A new thread starts with no context, as in CPython.
use crate::objects::exception::PyResult;
use crate::objects::{Args, NativeFn, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

type R0<R> = PyResult<Value<R>, R>;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[("current", current), ("swap", swap)];
    super::add_functions(vm, m, functions);
    true
}

/// `current()`: this thread's context, or None.
fn current<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("current", 0, 0)?;
    Ok(vm.current_context.clone())
}

/// `swap(context)`: make `context` this thread's current one; returns the one it replaces.
fn swap<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("swap", 1, 1)?;
    let new = args.pos[0].clone();
    Ok(std::mem::replace(&mut vm.current_context, new))
}
