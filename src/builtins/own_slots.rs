//! The special methods CPython gives many built-in types a copy of their own, where minipy's
//! would serve through a base: every built-in type's `__getattribute__` (CPython's slot
//! wrapper of its `tp_getattro`), the `__sizeof__` of the types whose size depends on their
//! contents, and range's order comparisons. With them `vars(int)` names what CPython's does,
//! and `help(int)` lists them. `sys.getsizeof` is `__sizeof__` plus what CPython's allocator
//! puts before the object.

use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, NativeFn, Obj, ObjKind, Value};
use crate::vm::{add_methods, Interp, Runtime, Vm};
use std::sync::Arc;

/// The bytes CPython counts before an object of a collected type (its `PyGC_Head`).
const GC_HEADER: i64 = 16;

/// The bytes CPython 3.11 counts before an instance with a managed dict (the dict and
/// weak-reference pointers).
const MANAGED_DICT: i64 = 16;

/// Adds the own special methods of the built-in types, one queued table each (the class
/// dicts enter them on first use).
pub fn install<R: Runtime>(interp: &Arc<Interp<R>>) {
    let t = &interp.types;
    let getattribute: (&'static str, NativeFn<R>) =
        ("__getattribute__", super::types::object_getattribute);
    // The types with a `__sizeof__` of their own in CPython (object has its
    // `__getattribute__` already).
    add_methods(&t.object, &[("__sizeof__", sizeof)]);
    let sized = [
        &t.int,
        &t.str_,
        &t.bytearray,
        &t.list,
        &t.dict,
        &t.set,
        &t.frozenset,
        &t.type_,
    ];
    for class in sized {
        add_methods(class, &[getattribute, ("__sizeof__", sizeof)]);
    }
    let others = [
        &t.float,
        &t.complex,
        &t.bytes,
        &t.tuple,
        &t.range,
        &t.slice,
        &t.enumerate,
        &t.zip,
        &t.map,
        &t.filter,
        &t.reversed,
        &t.property,
        &t.super_,
        t.exception(ExcKind::BaseException),
    ];
    for class in others {
        add_methods(class, &[getattribute]);
    }
    // range compares for equality only; CPython's rich comparison still fills the four
    // order slots, which answer NotImplemented.
    let order = super::types::object_order;
    add_methods(
        &t.range,
        &[
            ("__lt__", order),
            ("__le__", order),
            ("__gt__", order),
            ("__ge__", order),
        ],
    );
}

/// `T.__sizeof__(x)`: the bytes the object takes, not counting the collector's header.
fn sizeof<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    args.check_count("__sizeof__", 1, 1)?;
    let v = &args.pos[0];
    let base = std::mem::size_of::<Obj<R>>() as i64;
    let extra = match v.kind() {
        Some(ObjKind::Str(s)) => s.as_str().len() as i64,
        Some(ObjKind::List(_) | ObjKind::Tuple(_)) => 8 * vm.len(v)? as i64,
        Some(ObjKind::ByteArray(_)) => vm.len(v)? as i64,
        _ => 0,
    };
    Ok(Value::Int(base + extra))
}

/// `sys.getsizeof(obj[, default])`: what `obj.__sizeof__()` says, plus what CPython's
/// allocator puts before such an object.
pub fn getsizeof<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    args.check_count("getsizeof", 1, 2)?;
    let obj = &args.pos[0];
    let size = match vm.call_special(obj, "__sizeof__", Vec::new())? {
        Some(size) => size,
        None => sizeof(vm, Args::positional(vec![obj.clone()]))?,
    };
    let Value::Int(n) = size else {
        return Err(PyErr::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            vm.type_name(&size)
        )));
    };
    if n < 0 {
        return Err(PyErr::value_error("__sizeof__() should return >= 0"));
    }
    Ok(Value::Int(n + pre_header(vm, obj)?))
}

/// The bytes CPython's allocator puts before the object (`_PyType_PreHeaderSize`): the
/// collector's header for the collected types (not the atoms — numbers, strings, bytes — nor
/// ranges, slices and a bare `object()`), and the two pointers of the managed dict for an
/// instance whose class gives it a `__dict__`.
fn pre_header<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<i64, R> {
    let Some(kind) = v.kind() else {
        return Ok(0);
    };
    let header = match kind {
        ObjKind::Str(_)
        | ObjKind::BigInt(_)
        | ObjKind::Complex(_)
        | ObjKind::Bytes(_)
        | ObjKind::ByteArray(_)
        | ObjKind::Range { .. }
        | ObjKind::Slice(_)
        | ObjKind::Singleton(_) => 0,
        ObjKind::Instance(i) if i.class.ptr_eq(&vm.types().object) => 0,
        ObjKind::Instance(_) => {
            let has_dict = vm.get_attr_opt(v, &vm.static_key("__dict__"))?.is_some();
            GC_HEADER + if has_dict { MANAGED_DICT } else { 0 }
        }
        _ => GC_HEADER,
    };
    Ok(header)
}
