//! Subclasses of built-in types (`class Stack(list)`, `class Name(str)`, ...): the `__new__`
//! of each subclassable type wraps the value it makes in an instance of the subclass (see
//! `InstanceObj::base`), and `list`/`dict`/`set` get the `__init__` that fills them, as in
//! CPython, where their `__new__` ignores its arguments.

use super::types as t;
use crate::objects::exception::PyResult;
use crate::objects::{Args, ObjKind, Value};
use crate::vm::Runtime;
use crate::vm::{add_methods, Interp, Vm};
use std::sync::Arc;

type R0<R> = PyResult<Value<R>, R>;

pub fn install<R: Runtime>(interp: &Arc<Interp<R>>) {
    let t = &interp.types;
    add_methods(&t.list, &[("__init__", list_init)]);
    add_methods(&t.dict, &[("__init__", dict_init)]);
    add_methods(&t.set, &[("__init__", set_init)]);
    for class in [
        &t.int,
        &t.float,
        &t.str_,
        &t.bytes,
        &t.list,
        &t.tuple,
        &t.dict,
        &t.set,
        &t.frozenset,
        &t.bytearray,
    ] {
        add_methods(class, &[("__repr__", base_repr)]);
    }
    // The built-in iterators' own `__iter__` and `__next__`, which a subclass overriding
    // `__next__` reaches through `super()`.
    for class in [&t.enumerate, &t.zip, &t.map, &t.filter, &t.reversed] {
        add_methods(class, &[("__iter__", iter_self), ("__next__", iter_next)]);
    }
    // So do the iterators of the built-in containers (`iter(range(4)).__next__()`).
    for (name, class) in &t.iterators {
        if name.ends_with("iterator") {
            add_methods(class, &[("__iter__", iter_self), ("__next__", iter_next)]);
        }
        // All but `iter(callable, sentinel)`'s tell how many items they have left.
        if name.ends_with("iterator") && *name != "callable_iterator" {
            add_methods(class, &[("__length_hint__", iter_length_hint)]);
        }
    }
    for class in [&t.iterator, &t.reversed] {
        add_methods(class, &[("__length_hint__", iter_length_hint)]);
    }
}

/// A type's `__new__` (`make`) that wraps what it makes in an instance of the subclass it
/// was called for (`class C(complex)`, `class P(property)`).
pub fn wrapping_new<R: Runtime>(
    vm: &mut Vm<R>,
    args: Args<R>,
    make: fn(&mut Vm<R>, Args<R>) -> R0<R>,
) -> R0<R> {
    let sub = args.pos.first().and_then(|c| vm.user_subclass(c));
    let v = make(vm, args)?;
    Ok(match sub {
        Some(class) => vm.wrap_in_subclass(class, v),
        None => v,
    })
}

/// `enumerate.__iter__(it)` and the like: the iterator itself.
fn iter_self<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__iter__", 1, 1)?;
    Ok(args.pos[0].clone())
}

/// `enumerate.__next__(it)` and the like: a step of the built-in iterator (of a subclass
/// instance, the one it extends).
fn iter_next<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__next__", 1, 1)?;
    let it = vm
        .builtin_base(&args.pos[0])
        .unwrap_or_else(|| args.pos[0].clone());
    if !matches!(it.kind(), Some(ObjKind::Iter(_))) {
        return Err(crate::objects::exception::PyErr::type_error(format!(
            "descriptor '__next__' requires a built-in iterator but received a '{}'",
            vm.type_name(&args.pos[0])
        )));
    }
    match vm.next_fast(&it)? {
        Some(v) => Ok(v),
        None => Err(crate::objects::exception::PyErr::stop_iteration()),
    }
}

/// `list_iterator.__length_hint__(it)` and the like: the items left, `NotImplemented` where
/// the iterator cannot tell (an `iter(obj)` over an object without `__len__`).
fn iter_length_hint<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__length_hint__", 1, 1)?;
    let it = vm
        .builtin_base(&args.pos[0])
        .unwrap_or_else(|| args.pos[0].clone());
    Ok(match vm.iter_length_hint(&it)? {
        Some(n) => Value::Int(n as i64),
        None => vm.interp.not_implemented.clone(),
    })
}

/// `list.__repr__(x)` and the like: the built-in repr, also of a subclass instance.
fn base_repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__repr__", 1, 1)?;
    let v = vm
        .builtin_base(&args.pos[0])
        .unwrap_or_else(|| args.pos[0].clone());
    // An instance without a built-in value (made by `object.__new__(cls)`) would ask its own
    // class's repr again: refused, as CPython refuses a receiver of the wrong type.
    if let Some(ObjKind::Instance(_)) = v.kind() {
        return Err(crate::objects::exception::PyErr::type_error(format!(
            "descriptor '__repr__' requires a built-in object but received a '{}'",
            vm.type_name(&v)
        )));
    }
    let s = vm.repr(&v)?;
    if v.is(&args.pos[0]) {
        return Ok(vm.new_str(s.as_str()));
    }
    // A set's, frozenset's or bytearray's repr names the object's own type, as CPython's.
    let s = vm.subclass_repr(&args.pos[0], &v, s);
    Ok(vm.new_str(s.as_str()))
}

/// Declares `NAME_new` wrappers: `mutable` types make an empty value for a subclass (its
/// `__init__` fills it).
macro_rules! subclassable {
    ($($name:ident => $mutable:expr, $conversion:literal;)*) => {$(
        pub fn $name<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
            let sub = args.pos.first().and_then(|c| vm.user_subclass(c));
            // An argument extending a built-in type converts as its base value unless its
            // class defines the conversion.
            for a in args.pos.iter_mut().skip(1) {
                if let Some(b) = vm.base_unless_overridden(a, $conversion) {
                    *a = b;
                }
            }
            if sub.is_some() && $mutable {
                args.pos.truncate(1);
                args.kw.clear();
            }
            let v = t::$name(vm, args)?;
            Ok(match sub {
                Some(class) => vm.wrap_in_subclass(class, v),
                None => v,
            })
        }
    )*};
}

subclassable! {
    int_new => false, "__int__";
    float_new => false, "__float__";
    bytes_new => false, "__bytes__";
    tuple_new => false, "__iter__";
    frozenset_new => false, "__iter__";
    list_new => true, "__iter__";
    dict_new => true, "keys";
    set_new => true, "__iter__";
}

/// `str(x)` and `str.__new__(cls, x)`. An argument extending a built-in type converts as its
/// base value unless its class defines `__str__`, or `__repr__` where the base's text is its
/// repr (an int or float, which have no `__str__` of their own; a str has).
pub fn str_new<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let sub = args.pos.first().and_then(|c| vm.user_subclass(c));
    if let Some(a) = args.pos.get_mut(1) {
        if let Some(base) = vm.base_unless_overridden(a, "__str__") {
            let text_is_repr = !matches!(base.kind(), Some(ObjKind::Str(_)));
            if !text_is_repr || vm.base_unless_overridden(a, "__repr__").is_some() {
                *a = base;
            }
        }
    }
    let v = t::str_new(vm, args)?;
    Ok(match sub {
        Some(class) => {
            // `__str__` may have returned a str subclass's instance: the new one wraps its text.
            let text = match vm.builtin_base(&v) {
                Some(b) if v.as_str().is_none() => b,
                _ => v,
            };
            vm.wrap_in_subclass(class, text)
        }
        None => v,
    })
}

/// The value an `__init__` fills: the receiver, or the built-in value a subclass instance
/// extends (`dict.__init__(self, ...)` called from a subclass's own `__init__`).
fn receiver<R: Runtime>(vm: &Vm<R>, args: &Args<R>) -> Value<R> {
    vm.builtin_base(&args.pos[0])
        .unwrap_or_else(|| args.pos[0].clone())
}

/// `list.__init__(self, iterable=())`
fn list_init<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("list")?;
    at_most_one(&args, "list")?;
    let items = match args.pos.get(1) {
        Some(v) => vm.collect(v)?,
        None => Vec::new(),
    };
    if let Some(ObjKind::List(l)) = receiver(vm, &args).kind() {
        let old = std::mem::replace(&mut *l.lock::<R>(), items);
        drop(old);
    }
    Ok(Value::None)
}

/// `dict.__init__(self, source=(), **kw)`
fn dict_init<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    at_most_one(&args, "dict")?;
    let d = receiver(vm, &args);
    if let Some(src) = args.pos.get(1) {
        vm.dict_update_from(&d, src, false)?;
    }
    for (k, v) in args.kw {
        let key = vm.make_key(k)?;
        if let Some(ObjKind::Dict(m)) = d.kind() {
            let old = m.lock::<R>().insert(key, v);
            drop(old);
        }
    }
    Ok(Value::None)
}

/// `set.__init__(self, iterable=())`
fn set_init<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("set")?;
    at_most_one(&args, "set")?;
    let table = match args.pos.get(1) {
        Some(v) => vm.set_table_of(v)?,
        None => crate::objects::SetData::new(),
    };
    if let Some(ObjKind::Set(s)) = receiver(vm, &args).kind() {
        let old = std::mem::replace(&mut *s.lock::<R>(), table);
        drop(old);
    }
    Ok(Value::None)
}

/// The arity check of `__init__(self, [iterable])`, counting without `self`.
fn at_most_one<R: Runtime>(args: &Args<R>, name: &str) -> PyResult<(), R> {
    let n = args.pos.len().saturating_sub(1);
    if n > 1 {
        return Err(crate::objects::exception::PyErr::type_error(format!(
            "{name} expected at most 1 argument, got {n}"
        )));
    }
    Ok(())
}
