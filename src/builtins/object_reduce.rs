//! `object.__reduce_ex__`, `object.__reduce__` and `object.__getstate__`: thin natives over
//! the bundled `_object_reduce` module, which builds CPython 3.11's default reduction
//! (copyreg's `__newobj__`, `__newobj_ex__` and `_reconstructor`).
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

type R0<R> = PyResult<Value<R>, R>;

pub(super) fn methods<R: Runtime>() -> [(&'static str, crate::objects::NativeFn<R>); 3] {
    [
        ("__reduce_ex__", reduce_ex),
        ("__reduce__", reduce),
        ("__getstate__", getstate),
    ]
}

/// Calls `_object_reduce.NAME(*args)`.
fn helper<R: Runtime>(vm: &mut Vm<R>, name: &str, args: Vec<Value<R>>) -> R0<R> {
    let module = vm.import_module("_object_reduce")?;
    let f = vm.get_attr_str(&module, name)?;
    vm.call(&f, args, Vec::new())
}

fn receiver<R: Runtime>(args: &Args<R>, name: &str, extra: usize) -> PyResult<Value<R>, R> {
    args.no_kwargs(name)?;
    let Some(me) = args.pos.first().cloned() else {
        return Err(PyErr::type_error(format!(
            "descriptor '{name}' of 'object' object needs an argument"
        )));
    };
    let given = args.pos.len() - 1;
    if given != extra {
        return Err(PyErr::type_error(match extra {
            0 => format!("object.{name}() takes no arguments ({given} given)"),
            _ => format!("object.{name}() takes exactly one argument ({given} given)"),
        }));
    }
    Ok(me)
}

fn reduce_ex<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let me = receiver(&args, "__reduce_ex__", 1)?;
    let proto = vm.index_i64(&args.pos[1])?;
    helper(vm, "reduce_ex", vec![me, Value::Int(proto)])
}

fn reduce<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let me = receiver(&args, "__reduce__", 0)?;
    helper(vm, "reduce", vec![me])
}

fn getstate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let me = receiver(&args, "__getstate__", 0)?;
    helper(vm, "getstate", vec![me])
}
