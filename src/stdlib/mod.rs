//! The built-in modules: `builtins` (functions and the constructors of built-in types), `sys`,
//! `time`, `timeit`, and the process's standard streams. One file per module.

mod bisect;
pub mod builtins;
mod collections;
mod collections_iter;
mod heapq;
pub mod io;
mod itertools;
mod itertools_more;
mod math;
mod math_gamma;
mod math_int;
pub mod mt19937;
pub mod multiprocessing;
mod num_args;
mod operator;
pub mod queue;
pub mod random;
pub mod sync;
mod sync_more;
mod sys;
pub mod threading;
pub mod time;
mod time_struct;
mod timeit;
mod types;

use crate::objects::{NativeFn, ObjKind, ObjRef, Runtime, Value};
use crate::vm::{Interp, Vm};
use std::sync::Arc;

/// Fills the builtins dict and the methods of the built-in types.
pub fn install_builtins<R: Runtime>(interp: &Arc<Interp<R>>) {
    types::install(interp);
    builtins::install(interp);
}

/// Makes a built-in module by name, or `None` if there is no such module.
pub fn make_module<R: Runtime>(
    vm: &mut Vm<R>,
    name: &str,
) -> crate::objects::exception::PyResult<Option<ObjRef<R>>, R> {
    let m = vm.new_module(name);
    let found = match name {
        "sys" => sys::init(vm, &m),
        "time" => time::init(vm, &m),
        "timeit" => timeit::init(vm, &m),
        "threading" => threading::init(vm, &m),
        "queue" => queue::init(vm, &m),
        "random" => random::init(vm, &m),
        "multiprocessing" => multiprocessing::init(vm, &m),
        "math" => math::init(vm, &m),
        "operator" => operator::init(vm, &m),
        "itertools" => itertools::init(vm, &m),
        "_collections" => collections::init(vm, &m),
        "heapq" | "_heapq" => heapq::init(vm, &m),
        "bisect" | "_bisect" => bisect::init(vm, &m),

        "builtins" => {
            if let ObjKind::Module(module) = m.kind() {
                // The builtins module shares the interpreter's builtins dict.
                let module = crate::objects::ModuleObj {
                    name: module.name.clone(),
                    dict: vm.interp.builtins.clone(),
                };
                return Ok(Some(ObjRef::new(ObjKind::Module(Box::new(module)))));
            }
            false
        }
        _ => false,
    };
    Ok(if found { Some(m) } else { None })
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
