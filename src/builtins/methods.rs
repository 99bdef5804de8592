//! Registers the native method table of every built-in type (each in the file of the type's
//! name in this folder) into the type's class dict.

use crate::objects::{NativeFn, ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::{add_methods, Interp};
use std::sync::Arc;

/// A class and the methods it gets.
type MethodTable<'a, R> = (&'a ObjRef<R>, Vec<(&'static str, NativeFn<R>)>);

pub fn install<R: Runtime>(interp: &Arc<Interp<R>>) {
    let t = &interp.types;
    let tables: [MethodTable<R>; 9] = [
        (&t.str_, super::str::methods()),
        (&t.list, super::list::methods()),
        (&t.tuple, super::tuple::methods()),
        (&t.dict, super::dict::methods()),
        (&t.set, super::set::set_methods()),
        (&t.frozenset, super::set::frozenset_methods()),
        (&t.int, super::int::int_methods()),
        (&t.float, super::int::float_methods()),
        (&t.generator, super::generator::generator_methods()),
    ];
    for (class, methods) in tables {
        add_methods(class, &methods);
    }
    add_methods(&t.bool_, &super::int::int_methods());
    add_dunders(interp);
    {
        use crate::vm::AsyncType as A;
        add_methods(
            t.async_class(A::Coroutine),
            &super::coroutine::coroutine_methods(),
        );
        add_methods(
            t.async_class(A::AsyncGenerator),
            &super::coroutine::async_generator_methods(),
        );
        for a in [A::CoroutineWrapper, A::AsyncGenAsend, A::AsyncGenAthrow] {
            add_methods(t.async_class(a), &super::coroutine::awaitable_methods());
        }
    }
    add_methods(&t.dict_keys, &super::dict::view_methods::<R, 0>());
    add_methods(&t.dict_values, &super::dict::view_methods::<R, 1>());
    add_methods(&t.dict_items, &super::dict::view_methods::<R, 2>());
    add_methods(&t.bytes, &super::str::bytes_methods());
    add_methods(&t.range, &super::range::methods());
    add_methods(&t.slice, &super::slice::methods());
    // Alternate constructors take the class first; `str.maketrans` takes no receiver.
    wrap(&t.dict, "fromkeys", ObjKind::ClassMethod);
    wrap(&t.int, "from_bytes", ObjKind::ClassMethod);
    wrap(&t.bool_, "from_bytes", ObjKind::ClassMethod);
    wrap(&t.float, "fromhex", ObjKind::ClassMethod);
    wrap(&t.bytes, "fromhex", ObjKind::ClassMethod);
    wrap(&t.str_, "maketrans", ObjKind::StaticMethod);
    wrap(&t.bytes, "maketrans", ObjKind::StaticMethod);
}

/// The operator and protocol methods the VM runs without (see `dunders`), added where the
/// type's own table has no method of the name.
fn add_dunders<R: Runtime>(interp: &Arc<Interp<R>>) {
    use super::dunders as d;
    let t = &interp.types;
    let seq = |names: &[&str]| -> Vec<(&'static str, NativeFn<R>)> {
        d::sequence_methods()
            .into_iter()
            .filter(|(n, _)| names.contains(n))
            .collect()
    };
    let all = [
        "__len__",
        "__getitem__",
        "__contains__",
        "__iter__",
        "__add__",
        "__mul__",
    ];
    let mut str_methods = seq(&all);
    str_methods.extend(seq(&["__rmul__", "__getnewargs__"]));
    str_methods.extend(d::str_methods());
    let mut bytes_methods = seq(&all);
    bytes_methods.extend(seq(&["__rmul__", "__getnewargs__"]));
    bytes_methods.extend(d::bytes_methods());
    let tables: [MethodTable<R>; 10] = [
        (&t.int, d::int_methods()),
        (&t.bool_, d::int_methods()),
        (&t.float, d::float_methods()),
        (&t.str_, str_methods),
        (&t.bytes, bytes_methods),
        (
            &t.tuple,
            seq(&["__add__", "__mul__", "__rmul__", "__getnewargs__"]),
        ),
        (&t.list, d::list_methods()),
        (&t.set, d::set_methods()),
        (&t.frozenset, d::frozenset_methods()),
        (&t.dict, d::dict_methods()),
    ];
    for (class, methods) in tables {
        if let ObjKind::Class(c) = class.kind() {
            c.dict.add_missing_native_methods(methods);
        }
    }
    add_methods(&t.complex, &d::complex_methods());
    wrap(&t.float, "__getformat__", ObjKind::ClassMethod);
    for class in [&t.int, &t.bool_] {
        for (name, getter) in d::int_properties() {
            super::complex::add_property(class, name, getter);
        }
    }
    for (name, getter) in d::float_properties() {
        super::complex::add_property(&t.float, name, getter);
    }
}

/// Replaces a native method in a class dict by `make(method)` (a class or static method).
pub(super) fn wrap<R: Runtime>(
    class: &ObjRef<R>,
    name: &'static str,
    make: fn(Value<R>) -> ObjKind<R>,
) {
    if let ObjKind::Class(c) = class.kind() {
        c.dict.wrap_entry(name, make);
    }
}
