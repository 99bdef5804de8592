//! Attributes of Python function objects, as CPython 3.11 has them: the ones computed from
//! the code and the definition (`__name__`, `__qualname__`, `__module__`, `__doc__`,
//! `__defaults__`, `__kwdefaults__`, `__annotations__`, `__code__`, `__globals__`), which
//! may be replaced by assignment, and the function's `__dict__` for any other attribute
//! (`f.calls = 0`, `functools.wraps`'s `__wrapped__`).

use super::Vm;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{DictKey, DictMap, FuncAttrs, FunctionObj, ObjKind, Value};
use crate::vm::Runtime;

/// The special attributes that can be replaced, with CPython's type requirement.
const SPECIAL: [&str; 7] = [
    "__name__",
    "__qualname__",
    "__module__",
    "__doc__",
    "__defaults__",
    "__kwdefaults__",
    "__annotations__",
];

impl<R: Runtime> Vm<R> {
    /// `f.name` for a Python function, or `None` if it has no such attribute.
    #[inline(never)]
    pub(super) fn function_attr(&mut self, f: &FunctionObj<R>, name: &str) -> Option<Value<R>> {
        {
            let attrs = f.attrs.lock::<R>();
            if let Some(a) = attrs.as_ref() {
                if let Some((_, v)) = a.special.iter().find(|(n, _)| *n == name) {
                    return Some(v.clone());
                }
                if let Some(d) = &a.dict {
                    if name == "__dict__" {
                        return Some(d.clone());
                    }
                    if let Some(ObjKind::Dict(map)) = d.kind() {
                        if let Some(v) = map.lock::<R>().get(&self.str_key(name)) {
                            return Some(v.clone());
                        }
                    }
                }
            }
        }
        Some(match name {
            "__name__" => self.new_str(&**f.name()),
            "__qualname__" => self.new_str(&**f.qualname()),
            "__module__" => f.module.clone(),
            "__doc__" => match &f.code.doc {
                Some(d) => self.new_str(&**d),
                None => Value::None,
            },
            "__defaults__" => {
                if f.defaults.is_empty() {
                    Value::None
                } else {
                    self.new_tuple(f.defaults.to_vec())
                }
            }
            "__kwdefaults__" => {
                if f.kwdefaults.is_empty() {
                    Value::None
                } else {
                    let mut map = DictMap::default();
                    for (k, v) in &f.kwdefaults {
                        map.insert(self.str_key(k), v.clone());
                    }
                    self.new_dict(map)
                }
            }
            "__globals__" => Value::Obj(f.globals.clone()),
            "__code__" => Value::new_obj(ObjKind::Code(f.code.clone())),
            // The cells of the free variables the function closes over, in `co_freevars`'s
            // order.
            "__closure__" => {
                if f.closure.is_empty() {
                    Value::None
                } else {
                    self.new_tuple(f.closure.to_vec())
                }
            }
            // Made on first use and kept, so that `f.__dict__[...] = v` and
            // `f.__annotations__[...] = v` last.
            "__dict__" => return Some(self.function_dict(f)),
            "__annotations__" => {
                let d = self.new_dict(DictMap::default());
                with_attrs(f, |a| a.special.push(("__annotations__", d.clone())));
                d
            }
            _ => return None,
        })
    }

    /// The attributes of a code object (`f.__code__.co_name`...).
    #[inline(never)]
    pub(super) fn code_attr(
        &mut self,
        c: &crate::bytecode::Code<R>,
        name: &str,
    ) -> Option<Value<R>> {
        let names = |v: &[std::sync::Arc<str>]| v.iter().map(|n| self.new_str(&**n)).collect();
        Some(match name {
            "co_name" => self.new_str(&*c.name),
            "co_qualname" => self.new_str(&*c.qualname),
            "co_filename" => self.new_str(&*c.filename),
            "co_firstlineno" => Value::Int(c.first_line as i64),
            "co_argcount" => Value::Int(c.argcount as i64),
            "co_posonlyargcount" => Value::Int(c.posonly_count as i64),
            "co_kwonlyargcount" => Value::Int(c.kwonly_count as i64),
            "co_nlocals" => Value::Int(c.varnames.len() as i64),
            "co_flags" => Value::Int(code_flags(&c.flags)),
            "co_varnames" => self.new_tuple(names(&c.varnames)),
            "co_cellvars" => self.new_tuple(names(&c.cellvars)),
            "co_freevars" => self.new_tuple(names(&c.freevars)),
            // The names the code looks up as globals, attributes, imports and the like.
            "co_names" => {
                let items = c.names.iter().map(|k| k.value.clone()).collect();
                self.new_tuple(items)
            }
            _ => return None,
        })
    }

    /// `f.name = value` for a Python function.
    #[inline(never)]
    pub(super) fn set_function_attr(
        &mut self,
        f: &FunctionObj<R>,
        key: &DictKey<R>,
        value: Value<R>,
    ) -> PyResult<(), R> {
        let name = key.value.as_str().unwrap_or("");
        if let Some(special) = SPECIAL.iter().find(|s| **s == name) {
            check_special(name, &value)?;
            let old = with_attrs(f, |a| {
                let old = a
                    .special
                    .iter()
                    .position(|(n, _)| n == special)
                    .map(|i| a.special.remove(i));
                a.special.push((special, value));
                old
            });
            drop(old);
            return Ok(());
        }
        match name {
            "__dict__" => {
                if !matches!(value.kind(), Some(ObjKind::Dict(_))) {
                    return Err(PyErr::type_error(format!(
                        "__dict__ must be set to a dictionary, not a '{}'",
                        self.type_name(&value)
                    )));
                }
                let old = with_attrs(f, |a| a.dict.replace(value));
                drop(old);
                return Ok(());
            }
            "__globals__" | "__code__" | "__closure__" | "__builtins__" => {
                return Err(PyErr::new(
                    ExcKind::AttributeError,
                    "readonly attribute".to_string(),
                ));
            }
            _ => {}
        }
        let d = self.function_dict(f);
        if let Some(ObjKind::Dict(map)) = d.kind() {
            let old = map.lock::<R>().insert(key.clone(), value);
            drop(old);
        }
        Ok(())
    }

    /// `del f.name` for a Python function; `false` if there was nothing to delete.
    pub(super) fn del_function_attr(&mut self, f: &FunctionObj<R>, key: &DictKey<R>) -> bool {
        let name = key.value.as_str().unwrap_or("");
        let mut attrs = f.attrs.lock::<R>();
        let Some(a) = attrs.as_mut() else {
            return false;
        };
        if let Some(i) = a.special.iter().position(|(n, _)| *n == name) {
            let old = a.special.remove(i);
            drop(attrs);
            drop(old);
            return true;
        }
        let Some(d) = a.dict.clone() else {
            return false;
        };
        drop(attrs);
        let removed = match d.kind() {
            Some(ObjKind::Dict(map)) => map.lock::<R>().shift_remove(key),
            _ => None,
        };
        removed.is_some()
    }

    /// The function's `__dict__`, made on first use.
    fn function_dict(&mut self, f: &FunctionObj<R>) -> Value<R> {
        if let Some(d) = f.attrs.lock::<R>().as_ref().and_then(|a| a.dict.clone()) {
            return d;
        }
        let d = self.new_dict(DictMap::default());
        with_attrs(f, |a| a.dict = Some(d.clone()));
        d
    }
}

/// Runs `op` on the function's assigned attributes (made on first use).
fn with_attrs<R: Runtime, T>(f: &FunctionObj<R>, op: impl FnOnce(&mut FuncAttrs<R>) -> T) -> T {
    let mut guard = f.attrs.lock::<R>();
    op(guard.get_or_insert_with(Default::default))
}

/// CPython's type checks for assigning a special function attribute.
fn check_special<R: Runtime>(name: &str, value: &Value<R>) -> PyResult<(), R> {
    let ok = match name {
        "__name__" | "__qualname__" => value.as_str().is_some(),
        "__defaults__" => {
            matches!(value, Value::None) || matches!(value.kind(), Some(ObjKind::Tuple(_)))
        }
        "__kwdefaults__" | "__annotations__" => {
            matches!(value, Value::None) || matches!(value.kind(), Some(ObjKind::Dict(_)))
        }
        _ => true,
    };
    if ok {
        return Ok(());
    }
    let msg = match name {
        "__name__" | "__qualname__" => format!("{name} must be set to a string object"),
        "__defaults__" => "__defaults__ must be set to a tuple object".to_string(),
        "__kwdefaults__" => "__kwdefaults__ must be set to a dict object".to_string(),
        _ => "__annotations__ must be set to a dict object".to_string(),
    };
    Err(PyErr::type_error(msg))
}

/// `co_flags` as CPython numbers them (CO_OPTIMIZED | CO_NEWLOCALS for a function's own
/// locals, CO_VARARGS, CO_VARKEYWORDS, and one of CO_GENERATOR, CO_COROUTINE and
/// CO_ASYNC_GENERATOR for the kind of frame a call makes); `inspect` reads them.
fn code_flags(f: &crate::bytecode::CodeFlags) -> i64 {
    let mut flags = if f.namespace { 0 } else { 0x1 | 0x2 };
    if f.varargs {
        flags |= 0x4;
    }
    if f.varkw {
        flags |= 0x8;
    }
    if f.async_generator {
        flags |= 0x200;
    } else if f.coroutine {
        flags |= 0x80;
    } else if f.generator {
        flags |= 0x20;
    }
    flags
}
