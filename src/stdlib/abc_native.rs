//! The `_abc` module: the part of `abc.ABCMeta` that every class creation pays for, natively.
//! `_abstract_names(cls, is_abstract)` is the set of names in `cls.__dict__` whose values are
//! abstract: plain functions (by their `__isabstractmethod__`), and values of the types that
//! never are (None, str, int, float, bool, tuple) are settled here without a Python call or
//! a raised AttributeError; any other value (properties, classmethods, user objects) goes to
//! `is_abstract`, the Python predicate of `abc.py`, so the rules stay in one place.

use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[("_abstract_names", abstract_names)];
    super::add_functions(vm, m, functions);
    true
}

/// What is known of a value without calling Python: abstract, not, or ask `is_abstract`.
fn settled<R: Runtime>(vm: &mut Vm<R>, value: &Value<R>) -> PyResult<Option<bool>, R> {
    Ok(match value {
        Value::None | Value::Bool(_) | Value::Int(_) | Value::Float(_) => Some(false),
        Value::Obj(o) => match o.kind() {
            ObjKind::Str(_) | ObjKind::Tuple(_) => Some(false),
            ObjKind::Function(_) => {
                // The truth of `getattr(f, "__isabstractmethod__", False)`; a function has no
                // `__getattr__` hook, so a missing attribute is simply absent.
                let key = vm.str_key("__isabstractmethod__");
                Some(match vm.get_attr_opt(value, &key)? {
                    Some(flag) => vm.truthy(&flag)?,
                    None => false,
                })
            }
            _ => None,
        },
    })
}

fn abstract_names<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    args.check_count("_abstract_names", 2, 2)?;
    let (cls, is_abstract) = (&args.pos[0], &args.pos[1]);
    let Some(ObjKind::Class(c)) = cls.kind() else {
        return Err(PyErr::type_error(
            "_abstract_names() argument 1 must be a class",
        ));
    };
    // Copied out first: `is_abstract` runs Python code, which may touch the class.
    let items: Vec<(Value<R>, Value<R>)> = c
        .dict
        .lock::<R>()
        .iter()
        .map(|(k, v)| (k.value.clone(), v.clone()))
        .collect();
    let mut names = Vec::new();
    for (name, value) in items {
        let abstract_ = match settled(vm, &value)? {
            Some(known) => known,
            None => {
                let verdict = vm.call(is_abstract, vec![value], Vec::new())?;
                vm.truthy(&verdict)?
            }
        };
        if abstract_ {
            names.push(name);
        }
    }
    vm.new_set_from(names)
}
