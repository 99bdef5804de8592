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
    ] {
        add_methods(class, &[("__repr__", base_repr)]);
    }
}

/// `list.__repr__(x)` and the like: the built-in repr, also of a subclass instance.
fn base_repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__repr__", 1, 1)?;
    let v = vm
        .builtin_base(&args.pos[0])
        .unwrap_or_else(|| args.pos[0].clone());
    let s = vm.repr(&v)?;
    Ok(vm.new_str(s.as_str()))
}

/// Declares `NAME_new` wrappers: `mutable` types make an empty value for a subclass (its
/// `__init__` fills it).
macro_rules! subclassable {
    ($($name:ident => $mutable:expr;)*) => {$(
        pub fn $name<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
            let sub = args.pos.first().and_then(|c| vm.user_subclass(c));
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
    int_new => false;
    float_new => false;
    str_new => false;
    bytes_new => false;
    tuple_new => false;
    frozenset_new => false;
    list_new => true;
    dict_new => true;
    set_new => true;
}

/// `list.__init__(self, iterable=())`
fn list_init<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("list")?;
    args.check_count("list", 1, 2)?;
    let items = match args.pos.get(1) {
        Some(v) => vm.collect(v)?,
        None => Vec::new(),
    };
    if let Some(ObjKind::List(l)) = args.pos[0].kind() {
        let old = std::mem::replace(&mut *l.lock::<R>(), items);
        drop(old);
    }
    Ok(Value::None)
}

/// `dict.__init__(self, source=(), **kw)`
fn dict_init<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("dict", 1, 2)?;
    let d = args.pos[0].clone();
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
    args.check_count("set", 1, 2)?;
    let table = match args.pos.get(1) {
        Some(v) => vm.set_table_of(v)?,
        None => crate::objects::SetData::new(),
    };
    if let Some(ObjKind::Set(s)) = args.pos[0].kind() {
        let old = std::mem::replace(&mut *s.lock::<R>(), table);
        drop(old);
    }
    Ok(Value::None)
}
