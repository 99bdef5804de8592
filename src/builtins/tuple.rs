//! `tuple` methods: an immutable sequence, read without locks in both runtimes.

use super::list::{method_args, same_or_equal, search_bound, Arity, MethodCall};
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

type R0<R> = PyResult<Value<R>, R>;

pub fn methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![
        ("count", count),
        ("index", index),
        ("__len__", dunder_len),
        ("__getitem__", dunder_getitem),
        ("__contains__", dunder_contains),
        ("__iter__", dunder_iter),
    ]
}

fn is_tuple<R: Runtime>(v: &Value<R>) -> bool {
    matches!(v.kind(), Some(ObjKind::Tuple(_)))
}

/// The receiver's items and the arguments after it, checked.
fn tuple_args<'a, R: Runtime>(
    vm: &Vm<R>,
    args: &'a Args<R>,
    method: &str,
    arity: Arity,
) -> MethodCall<'a, &'a [Value<R>], R> {
    let (receiver, rest) = method_args(vm, args, "tuple", method, is_tuple, arity)?;
    match receiver.kind() {
        Some(ObjKind::Tuple(items)) => Ok((items, rest)),
        _ => Err(PyErr::type_error("descriptor requires a 'tuple' object")),
    }
}

fn count<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (items, rest) = tuple_args(vm, &args, "count", Arity::One)?;
    let mut n = 0;
    for item in items {
        if same_or_equal(vm, item, &rest[0])? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn index<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (items, rest) = tuple_args(vm, &args, "index", Arity::Between(1, 3))?;
    let start = match rest.get(1) {
        Some(v) => search_bound(vm, v, items.len())?,
        None => 0,
    };
    let stop = match rest.get(2) {
        Some(v) => search_bound(vm, v, items.len())?,
        None => items.len(),
    };
    for (i, item) in items.iter().enumerate().take(stop).skip(start) {
        if same_or_equal(vm, item, &rest[0])? {
            return Ok(Value::Int(i as i64));
        }
    }
    Err(PyErr::value_error("tuple.index(x): x not in tuple"))
}

fn dunder_len<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (items, _) = tuple_args(vm, &args, "__len__", Arity::Slot(0))?;
    Ok(Value::Int(items.len() as i64))
}

fn dunder_getitem<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (receiver, rest) =
        method_args(vm, &args, "tuple", "__getitem__", is_tuple, Arity::Slot(1))?;
    vm.get_item(receiver, &rest[0])
}

fn dunder_contains<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (receiver, rest) =
        method_args(vm, &args, "tuple", "__contains__", is_tuple, Arity::Slot(1))?;
    Ok(Value::Bool(vm.contains(receiver, &rest[0])?))
}

fn dunder_iter<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (receiver, _) = method_args(vm, &args, "tuple", "__iter__", is_tuple, Arity::Slot(0))?;
    vm.get_iter(receiver)
}
