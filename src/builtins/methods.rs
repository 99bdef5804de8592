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
}

/// Replaces a native method in a class dict by `make(method)` (a class or static method).
pub(super) fn wrap<R: Runtime>(class: &ObjRef<R>, name: &str, make: fn(Value<R>) -> ObjKind<R>) {
    let ObjKind::Class(c) = class.kind() else {
        return;
    };
    let mut dict = c.dict.lock::<R>();
    if let Some((_, v)) = dict
        .iter_mut()
        .find(|(k, _)| k.value.as_str() == Some(name))
    {
        let method = v.clone();
        *v = Value::new_obj(make(method));
    }
}
