//! The module type (`types.ModuleType`, the type of `sys`) as a constructor:
//! `ModuleType(name, doc=None)` makes a module, and a subclass (`class M(ModuleType)`) makes
//! modules of that class, as CPython's `module.__new__` and `module.__init__` do.

use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, DictMap, ModuleObj, ObjCell, ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::{add_methods, Interp, Vm};
use std::sync::Arc;

type R0<R> = PyResult<Value<R>, R>;

pub fn install<R: Runtime>(interp: &Arc<Interp<R>>) {
    add_methods(
        &interp.types.module,
        &[("__new__", module_new), ("__init__", module_init)],
    );
}

/// `module.__new__(cls, *args, **kwargs)`: a module of class `cls` with an empty dict, which
/// its `__init__` fills (calling the module type runs it too: `init_builtin_subclass`).
fn module_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let mut pos = args.pos.into_iter();
    let module_type = vm.types().module.clone();
    let cls = match pos.next() {
        Some(Value::Obj(c)) if is_module_class(&c, &module_type) => c,
        Some(other) => {
            return Err(PyErr::type_error(format!(
                "module.__new__(X): X is not a subtype of module, but {}",
                vm.type_name(&other)
            )))
        }
        None => return Err(PyErr::type_error("module.__new__(): not enough arguments")),
    };
    // The name until `__init__` gives one (for error messages; the repr reads `__name__`).
    let name = match pos.next().as_ref().and_then(|v| v.as_str()) {
        Some(s) => s.to_string(),
        None => "?".to_string(),
    };
    let dict = ObjRef::new(ObjKind::Dict(ObjCell::new(DictMap::default())));
    let mut module = ModuleObj::new(name, dict);
    module.made_by_call = true;
    if !cls.ptr_eq(&module_type) {
        module.class.set(Some(cls));
    }
    Ok(Value::new_obj(ObjKind::Module(Box::new(module))))
}

/// Whether `class` is the module type or a subclass of it.
fn is_module_class<R: Runtime>(class: &ObjRef<R>, module_type: &ObjRef<R>) -> bool {
    match class.kind() {
        ObjKind::Class(c) => c.is_subclass_of(class, module_type),
        _ => false,
    }
}

/// `module.__init__(self, name, doc=None)`: sets `__name__`, `__doc__`, and `__package__`,
/// `__loader__` and `__spec__` to None.
fn module_init<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let mut pos = args.pos;
    if pos.is_empty() {
        return Err(PyErr::type_error(
            "descriptor '__init__' of 'module' object needs an argument",
        ));
    }
    let module = pos.remove(0);
    let Some(target) = module
        .as_obj()
        .filter(|o| matches!(o.kind(), ObjKind::Module(_)))
        .cloned()
    else {
        return Err(PyErr::type_error(format!(
            "descriptor '__init__' requires a 'module' object but received a '{}'",
            vm.type_name(&module)
        )));
    };
    let (mut name, mut doc) = (None, None);
    for (i, v) in pos.into_iter().enumerate() {
        match i {
            0 => name = Some(v),
            1 => doc = Some(v),
            _ => {
                return Err(PyErr::type_error(format!(
                    "module() takes at most 2 arguments ({} given)",
                    i + 1
                )))
            }
        }
    }
    for (key, v) in args.kw {
        let slot = match key.as_str() {
            Some("name") if name.is_none() => &mut name,
            Some("doc") if doc.is_none() => &mut doc,
            Some(k @ ("name" | "doc")) => {
                let pos = if k == "name" { 1 } else { 2 };
                return Err(PyErr::type_error(format!(
                    "argument for module() given by name ('{k}') and position ({pos})"
                )));
            }
            Some(k) => {
                return Err(PyErr::type_error(format!(
                    "module() got an unexpected keyword argument '{k}'"
                )))
            }
            None => return Err(PyErr::type_error("keywords must be strings")),
        };
        *slot = Some(v);
    }
    let Some(name) = name else {
        return Err(PyErr::type_error(
            "module() missing required argument 'name' (pos 1)",
        ));
    };
    if name.as_str().is_none() {
        return Err(PyErr::type_error(format!(
            "module() argument 'name' must be str, not {}",
            vm.type_name(&name)
        )));
    }
    let entries = [
        ("__name__", name),
        ("__doc__", doc.unwrap_or(Value::None)),
        ("__package__", Value::None),
        ("__loader__", Value::None),
        ("__spec__", Value::None),
    ];
    for (key, value) in entries {
        vm.set_module_attr(&target, key, value);
    }
    Ok(Value::None)
}
