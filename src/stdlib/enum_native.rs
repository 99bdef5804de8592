//! The `_enum` module: the name test `lib/enum.py`'s class-body namespace (`_EnumDict`) makes
//! for every name an enumeration's body assigns, natively. Not a module of CPython's; it only
//! spares `_EnumDict.__setitem__` the slicing and calls it would take in Python.
//!
//! `_store_simple(ns, key, value, private, member_names)` stores `ns[key] = value` in the dict
//! that `ns` (an `_EnumDict`) extends when the name is one the namespace keeps as it is — a
//! dunder (`__order__` is renamed `_order_`), a name private to the class (`private` is its
//! mangled prefix), or a name not yet a member bound to a function, class method, static
//! method or property — and returns None. Otherwise it stores nothing and returns, for the
//! Python code to sort out, `SUNDER` (a `_sunder_` name, which enum reserves), `MEMBER` (a
//! name not yet a member, bound to a value surely not a descriptor: an int, a str, a tuple,
//! an instance of a class without `__get__`, `__set__` or `__delete__`...) or `OTHER`
//! (anything else: a reused member name, another descriptor, a value not tested here).

use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

/// What `_store_simple` returns for a name it left to Python.
const SUNDER: i64 = 1;
const MEMBER: i64 = 2;
const OTHER: i64 = 3;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[("_store_simple", store_simple)];
    super::add_functions(vm, m, functions);
    vm.set_module_attr(m, "SUNDER", Value::Int(SUNDER));
    vm.set_module_attr(m, "MEMBER", Value::Int(MEMBER));
    vm.set_module_attr(m, "OTHER", Value::Int(OTHER));
    true
}

/// How `_EnumDict` treats a name, by its spelling alone.
#[derive(PartialEq)]
enum Spelling {
    /// `__name__`: kept as it is.
    Dunder,
    /// `_Class__name` (not ending in `__`): kept as it is.
    Private,
    /// `_name_`: reserved by enum.
    Sunder,
    /// Anything else.
    Plain,
}

/// The spelling of `key` for a class whose private names start with `private`. Every test is
/// on ASCII `_` bytes: a byte of a multi-byte character is never one, so a test of the
/// byte at a position from either end agrees with the test of the character there, and a
/// name that starts and ends with `_` has more than `n` characters exactly when it has more
/// than `n` bytes.
fn spelling(key: &str, private: &str) -> Spelling {
    let b = key.as_bytes();
    let n = b.len();
    if !key.starts_with('_') {
        return Spelling::Plain;
    }
    if key.starts_with("__") {
        if key.ends_with("__") {
            if n > 4 && b[2] != b'_' && b[n - 3] != b'_' {
                return Spelling::Dunder;
            }
            return Spelling::Plain;
        }
        if key.starts_with(private) {
            return Spelling::Private;
        }
        return Spelling::Plain;
    }
    if key.starts_with(private) && !key.ends_with("__") {
        return Spelling::Private;
    }
    if key.ends_with('_') && n > 2 && b[n - 2] != b'_' {
        return Spelling::Sunder;
    }
    Spelling::Plain
}

fn store_simple<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    args.no_kwargs("_store_simple")?;
    let [ns, key, value, private, members] = &args.pos[..] else {
        return Err(PyErr::type_error(format!(
            "_store_simple expected 5 arguments, got {}",
            args.pos.len()
        )));
    };
    let Some(name) = key.as_str() else {
        return Err(PyErr::type_error(format!(
            "object of type '{}' has no len()",
            vm.type_name(key)
        )));
    };
    let private = private.as_str().unwrap_or("");
    let stored_key = match spelling(name, private) {
        Spelling::Dunder if name == "__order__" => vm.new_str("_order_"),
        Spelling::Dunder | Spelling::Private => key.clone(),
        Spelling::Sunder => return Ok(Value::Int(SUNDER)),
        Spelling::Plain => {
            if !surely_not_in(members, name) {
                return Ok(Value::Int(OTHER));
            }
            match value_kind(vm, value) {
                ValueKind::Descriptor => key.clone(),
                ValueKind::Data => return Ok(Value::Int(MEMBER)),
                ValueKind::Unknown => return Ok(Value::Int(OTHER)),
            }
        }
    };
    let Some(dict) = vm.builtin_base(ns) else {
        return Err(PyErr::type_error(
            "_store_simple needs a dict subclass's instance",
        ));
    };
    vm.set_item(&dict, stored_key, value.clone())?;
    Ok(Value::None)
}

/// True when `members` is a list of strs none of which is `name` (anything else is left to
/// Python's `in`).
fn surely_not_in<R: Runtime>(members: &Value<R>, name: &str) -> bool {
    let Some(ObjKind::List(items)) = members.kind() else {
        return false;
    };
    items
        .lock::<R>()
        .iter()
        .all(|m| m.as_str().is_some_and(|m| m != name))
}

/// What enum's `_is_descriptor` would say of a value, where that is quick to tell.
enum ValueKind {
    /// A function, class method, static method or property.
    Descriptor,
    /// Surely not a descriptor.
    Data,
    /// Left to `_is_descriptor`.
    Unknown,
}

fn value_kind<R: Runtime>(vm: &mut Vm<R>, value: &Value<R>) -> ValueKind {
    let obj = match value {
        Value::Obj(o) => o,
        // None, bools, small ints and floats.
        _ => return ValueKind::Data,
    };
    match obj.kind() {
        ObjKind::Function(_)
        | ObjKind::ClassMethod(_)
        | ObjKind::StaticMethod(_)
        | ObjKind::Property { .. } => ValueKind::Descriptor,
        ObjKind::Str(_)
        | ObjKind::BigInt(_)
        | ObjKind::Tuple(_)
        | ObjKind::Bytes(_)
        | ObjKind::Complex(_) => ValueKind::Data,
        // `_is_descriptor` asks the class (and, through `hasattr`, its metaclass): a class
        // of plain `type` is only asked along its MRO.
        ObjKind::Instance(i) => {
            let class = i.class.clone();
            let ObjKind::Class(c) = class.kind() else {
                return ValueKind::Unknown;
            };
            if c.metaclass.is_some()
                || i.base.is_some()
                || matches!(
                    c.name.as_str(),
                    "function" | "builtin_function_or_method" | "method"
                )
            {
                return ValueKind::Unknown;
            }
            for name in ["__get__", "__set__", "__delete__"] {
                let key = vm.static_key(name);
                if vm.lookup_type(&class, &key).is_some() {
                    return ValueKind::Unknown;
                }
            }
            ValueKind::Data
        }
        _ => ValueKind::Unknown,
    }
}
