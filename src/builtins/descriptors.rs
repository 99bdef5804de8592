//! The built-in descriptor types: `property` (constructor, `getter`/`setter`/`deleter`,
//! `__get__`/`__set__`/`__delete__`) and the `__get__` of functions, `classmethod` and
//! `staticmethod`, so they can be bound by hand as in CPython.

use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, ObjKind, Value};
use crate::vm::Runtime;
use crate::vm::{add_methods, Interp, Vm};
use std::sync::Arc;

type R0<R> = PyResult<Value<R>, R>;

pub fn install<R: Runtime>(interp: &Arc<Interp<R>>) {
    let t = &interp.types;
    add_methods(
        &t.property,
        &[
            ("__new__", |vm, a| {
                super::subclass::wrapping_new(vm, a, property_new)
            }),
            ("getter", property_getter),
            ("setter", property_setter),
            ("deleter", property_deleter),
            ("__get__", property_get),
            ("__set__", property_set),
            ("__delete__", property_delete),
        ],
    );
    add_methods(&t.function, &[("__get__", function_get)]);
    add_methods(&t.classmethod, &[("__get__", classmethod_get)]);
    add_methods(&t.staticmethod, &[("__get__", staticmethod_get)]);
}

/// The four parts of a property value.
fn parts<R: Runtime>(p: &Value<R>) -> [Value<R>; 4] {
    let base = match p.kind() {
        Some(ObjKind::Instance(i)) => i.base.clone(),
        _ => None,
    };
    match base.as_ref().unwrap_or(p).kind() {
        Some(ObjKind::Property {
            fget,
            fset,
            fdel,
            doc,
        }) => [fget.clone(), fset.clone(), fdel.clone(), doc.clone()],
        _ => [Value::None, Value::None, Value::None, Value::None],
    }
}

fn make<R: Runtime>([fget, fset, fdel, doc]: [Value<R>; 4]) -> Value<R> {
    Value::new_obj(ObjKind::Property {
        fget,
        fset,
        fdel,
        doc,
    })
}

/// `property(fget=None, fset=None, fdel=None, doc=None)`; the doc defaults to the getter's.
fn property_new<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    if !args.pos.is_empty() {
        let cls = args.pos.remove(0);
        // `property.__new__(cls)` makes a property only for property or a subclass of it.
        let property = vm.types().property.clone();
        match (cls.kind(), cls.as_obj()) {
            (Some(ObjKind::Class(c)), Some(me)) if c.is_subclass_of(me, &property) => {}
            (Some(ObjKind::Class(c)), _) => {
                return Err(PyErr::type_error(format!(
                    "property.__new__({0}): {0} is not a subtype of property",
                    c.name
                )))
            }
            _ => {
                return Err(PyErr::type_error(format!(
                    "property.__new__(X): X is not a type object ({})",
                    vm.type_name(&cls)
                )))
            }
        }
    }
    let mut out: [Value<R>; 4] = [Value::None, Value::None, Value::None, Value::None];
    for (i, name) in ["fget", "fset", "fdel", "doc"].iter().enumerate() {
        if let Some(v) = args.take_kw(name).or_else(|| args.pos.get(i).cloned()) {
            out[i] = v;
        }
    }
    if let Some((k, _)) = args.kw.first() {
        return Err(PyErr::type_error(format!(
            "'{}' is an invalid keyword argument for property()",
            k.as_str().unwrap_or("?")
        )));
    }
    args.check_count("property", 0, 4)?;
    if out[3].is_none() && !out[0].is_none() {
        out[3] = getter_doc(vm, &out[0])?;
    }
    Ok(make(out))
}

/// The getter's docstring; functions keep none here, so only other callables' `__doc__`.
fn getter_doc<R: Runtime>(vm: &mut Vm<R>, fget: &Value<R>) -> R0<R> {
    if let Some(ObjKind::Function(_)) = fget.kind() {
        return Ok(Value::None);
    }
    let key = vm.str_key("__doc__");
    Ok(vm.get_attr_opt(fget, &key)?.unwrap_or(Value::None))
}

/// `prop.getter(f)` / `setter` / `deleter`: a copy with one part replaced.
fn replace_part<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, name: &str, at: usize) -> R0<R> {
    args.check_count(name, 2, 2)?;
    let mut p = parts(&args.pos[0]);
    p[at] = args.pos[1].clone();
    if at == 0 && p[3].is_none() {
        p[3] = getter_doc(vm, &p[0])?;
    }
    // A subclass's copy is made by calling its class, as CPython's `type(self)(...)`.
    if let Some(ObjKind::Instance(i)) = args.pos[0].kind() {
        let class = Value::Obj(i.class.clone());
        return vm.call(&class, p.to_vec(), Vec::new());
    }
    Ok(make(p))
}

fn property_getter<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    replace_part(vm, args, "getter", 0)
}

fn property_setter<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    replace_part(vm, args, "setter", 1)
}

fn property_deleter<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    replace_part(vm, args, "deleter", 2)
}

fn property_get<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__get__", 2, 3)?;
    if args.pos[1].is_none() {
        return Ok(args.pos[0].clone());
    }
    let [fget, ..] = parts(&args.pos[0]);
    if fget.is_none() {
        return Err(PyErr::new(
            crate::objects::exception::ExcKind::AttributeError,
            "unreadable attribute",
        ));
    }
    vm.call(&fget, vec![args.pos[1].clone()], Vec::new())
}

fn property_set<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__set__", 3, 3)?;
    let [_, fset, ..] = parts(&args.pos[0]);
    if fset.is_none() {
        return Err(PyErr::new(
            crate::objects::exception::ExcKind::AttributeError,
            "can't set attribute",
        ));
    }
    vm.call(&fset, args.pos[1..].to_vec(), Vec::new())?;
    Ok(Value::None)
}

fn property_delete<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__delete__", 2, 2)?;
    let [_, _, fdel, _] = parts(&args.pos[0]);
    if fdel.is_none() {
        return Err(PyErr::new(
            crate::objects::exception::ExcKind::AttributeError,
            "can't delete attribute",
        ));
    }
    vm.call(&fdel, vec![args.pos[1].clone()], Vec::new())?;
    Ok(Value::None)
}

/// `func.__get__(obj, type=None)`: a bound method, or the function itself for `obj=None`.
fn function_get<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__get__", 2, 3)?;
    if args.pos[1].is_none() {
        return Ok(args.pos[0].clone());
    }
    Ok(Value::new_obj(ObjKind::BoundMethod {
        func: args.pos[0].clone(),
        receiver: args.pos[1].clone(),
    }))
}

/// `classmethod.__get__(obj, type=None)`: bound to `type` (or to `type(obj)`).
fn classmethod_get<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__get__", 2, 3)?;
    let owner = match args.pos.get(2) {
        Some(t) if !t.is_none() => t.clone(),
        _ => Value::Obj(vm.types().class_of(&args.pos[1]).clone()),
    };
    let me = vm
        .builtin_base(&args.pos[0])
        .unwrap_or_else(|| args.pos[0].clone());
    let func = match me.kind() {
        Some(ObjKind::ClassMethod(f)) => f.clone(),
        _ => {
            return Err(PyErr::type_error(
                "descriptor '__get__' needs a classmethod",
            ))
        }
    };
    Ok(Value::new_obj(ObjKind::BoundMethod {
        func,
        receiver: owner,
    }))
}

fn staticmethod_get<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__get__", 2, 3)?;
    let me = vm
        .builtin_base(&args.pos[0])
        .unwrap_or_else(|| args.pos[0].clone());
    match me.kind() {
        Some(ObjKind::StaticMethod(f)) => Ok(f.clone()),
        _ => Err(PyErr::type_error(
            "descriptor '__get__' needs a staticmethod",
        )),
    }
}
