//! The built-in modules: `builtins` (functions and the constructors of built-in types), `sys`,
//! `time`, `timeit`, and the process's standard streams. One file per module.

pub mod builtins;
pub mod mt19937;
pub mod multiprocessing;
pub mod queue;
pub mod random;
pub mod sync;
mod sync_more;
mod sys;
pub mod threading;
pub mod time;
mod timeit;
mod types;

use crate::objects::{NativeFn, ObjKind, ObjRef, Runtime, Value};
use crate::vm::{Interp, ModuleInit, Vm};
use std::sync::Arc;

/// Fills the builtins dict and the methods of the built-in types.
pub fn install_builtins<R: Runtime>(interp: &Arc<Interp<R>>) {
    types::install(interp);
    builtins::install(interp);
}

/// The native modules, by name: one line per module (`minipy::runtime_setup` hands them to
/// the interpreter).
pub fn modules<R: Runtime>() -> Vec<(&'static str, ModuleInit<R>)> {
    vec![
        ("sys", sys::init),
        ("time", time::init),
        ("timeit", timeit::init),
        ("threading", threading::init),
        ("queue", queue::init),
        ("random", random::init),
        ("multiprocessing", multiprocessing::init),
    ]
}

/// Adds native functions to a module.
pub fn add_functions<R: Runtime>(
    vm: &Vm<R>,
    module: &ObjRef<R>,
    functions: &[(&'static str, NativeFn<R>)],
) {
    for (name, func) in functions {
        let f = native_function(name, *func);
        vm.set_module_attr(module, name, f);
    }
}

/// A native function value.
pub fn native_function<R: Runtime>(name: &'static str, func: NativeFn<R>) -> Value<R> {
    Value::new_obj(ObjKind::Builtin(Box::new(crate::objects::BuiltinFn {
        name,
        func,
        receiver: None,
    })))
}
