//! The comparison and hash methods of the built-in value types: `int.__lt__`, `str.__eq__`,
//! `tuple.__hash__` and the rest, as CPython's type slots expose them. The VM compares
//! built-in values without them; they exist for code that names them: `super().__lt__(other)`
//! in a subclass, `int.__eq__(a, b)`, `functools.total_ordering`, `key=str.__lt__`.
//!
//! Each compares the built-in value (the one under a subclass instance) with another of a
//! kind its type accepts, and answers `NotImplemented` for any other, as CPython's
//! `tp_richcompare` does: `(1000).__eq__(1000.0)` is `NotImplemented` (int compares only
//! with ints), `(1.0).__eq__(1)` is `True` (float accepts ints).

use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::{Interp, Runtime, Vm};
use std::sync::Arc;

type R0<R> = PyResult<Value<R>, R>;

/// What a built-in value compares with.
#[derive(Clone, Copy, PartialEq)]
enum Family {
    Int,
    Float,
    Complex,
    Str,
    Bytes,
    List,
    Tuple,
    Dict,
    Set,
}

fn family<R: Runtime>(v: &Value<R>) -> Option<Family> {
    Some(match v {
        Value::Int(_) | Value::Bool(_) => Family::Int,
        Value::Float(_) => Family::Float,
        _ => match v.kind()? {
            ObjKind::BigInt(_) => Family::Int,
            ObjKind::Complex(_) => Family::Complex,
            ObjKind::Str(_) => Family::Str,
            ObjKind::Bytes(_) => Family::Bytes,
            ObjKind::List(_) => Family::List,
            ObjKind::Tuple(_) => Family::Tuple,
            ObjKind::Dict(_) => Family::Dict,
            ObjKind::Set(_) | ObjKind::FrozenSet(_) => Family::Set,
            _ => return None,
        },
    })
}

/// Whether a value of family `mine` compares (by operator `cmp`, an index into
/// `lt le eq ne gt ge`) with one of family `other`.
fn accepts(mine: Family, other: Family, cmp: u32) -> bool {
    use Family::*;
    let equality = cmp == 2 || cmp == 3;
    match mine {
        Int => other == Int,
        Float => matches!(other, Int | Float),
        Complex => equality && matches!(other, Int | Float | Complex),
        Dict => equality && other == Dict,
        _ => mine == other,
    }
}

fn compare<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, cmp: u32, name: &str) -> R0<R> {
    args.no_kwargs(name)?;
    let [me, other] = args.pos.as_slice() else {
        return Err(PyErr::type_error(format!(
            "expected 1 argument, got {}",
            args.pos.len().saturating_sub(1)
        )));
    };
    let a = vm.builtin_base(me).unwrap_or_else(|| me.clone());
    let b = vm.builtin_base(other).unwrap_or_else(|| other.clone());
    match (family(&a), family(&b)) {
        (Some(x), Some(y)) if accepts(x, y, cmp) => {
            // The values' own comparison, never a method again (which could be this one).
            match vm.compare_builtin_values(&a, &b, cmp)? {
                Some(r) => Ok(Value::Bool(r)),
                None => Ok(vm.interp.not_implemented.clone()),
            }
        }
        _ => Ok(vm.interp.not_implemented.clone()),
    }
}

fn lt<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    compare(vm, args, 0, "__lt__")
}

fn le<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    compare(vm, args, 1, "__le__")
}

fn eq<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    compare(vm, args, 2, "__eq__")
}

fn ne<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    compare(vm, args, 3, "__ne__")
}

fn gt<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    compare(vm, args, 4, "__gt__")
}

fn ge<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    compare(vm, args, 5, "__ge__")
}

/// `hash()` of the built-in value, whatever the subclass's own `__hash__` says.
fn hash<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("__hash__")?;
    args.check_count("__hash__", 1, 1)?;
    let me = &args.pos[0];
    let base = vm.builtin_base(me).unwrap_or_else(|| me.clone());
    Ok(Value::Int(vm.make_key(base)?.hash))
}

/// `str.__str__` and `bytes.__str__`: the built-in value's own text (a subclass's `__repr__`
/// does not take part).
fn base_str<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("__str__")?;
    args.check_count("__str__", 1, 1)?;
    let me = &args.pos[0];
    let base = vm.builtin_base(me).unwrap_or_else(|| me.clone());
    if let Some(ObjKind::Str(_)) = base.kind() {
        return Ok(base);
    }
    let text = vm.to_str(&base)?;
    Ok(vm.new_str(text))
}

fn add<R: Runtime>(class: &ObjRef<R>, methods: Vec<(&'static str, NativeFn<R>)>) {
    if let ObjKind::Class(c) = class.kind() {
        c.dict.add_missing_native_methods(methods);
    }
}

/// Adds the methods to the built-in classes that do not define them already.
pub(super) fn install<R: Runtime>(interp: &Arc<Interp<R>>) {
    let t = &interp.types;
    let ordering = || -> Vec<(&'static str, NativeFn<R>)> {
        vec![
            ("__lt__", lt),
            ("__le__", le),
            ("__eq__", eq),
            ("__ne__", ne),
            ("__gt__", gt),
            ("__ge__", ge),
        ]
    };
    for class in [
        &t.int,
        &t.bool_,
        &t.float,
        &t.str_,
        &t.bytes,
        &t.tuple,
        &t.frozenset,
    ] {
        let mut methods = ordering();
        methods.push(("__hash__", hash));
        add(class, methods);
    }
    for class in [&t.list, &t.dict, &t.set, &t.complex] {
        add(class, ordering());
    }
    // The mutable types are unhashable: their `__hash__` is None, as CPython's.
    for class in [&t.list, &t.dict, &t.set, &t.bytearray] {
        if let ObjKind::Class(c) = class.kind() {
            c.dict.add_none("__hash__");
        }
    }
    add(&t.str_, vec![("__str__", base_str)]);
    add(&t.bytes, vec![("__str__", base_str)]);
}
