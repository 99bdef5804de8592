//! `__doc__` and `__text_signature__` of what is written in Rust: native functions and methods,
//! the built-in types and the native modules. The texts live in static tables on the builtins
//! floor, registered once at start-up ([`register`]); this file finds the owner a table is
//! keyed by (`builtins`, a type, a module) when a program asks for one.

use super::{Runtime, Vm};
use crate::objects::{ClassObj, ObjKind, ObjRef, Value};
use std::sync::OnceLock;

/// One entry: the signature in CPython's `__text_signature__` form (`($module, obj, /)`), if
/// the callable has one, and the docstring.
#[derive(Clone, Copy)]
pub struct Doc {
    pub signature: Option<&'static str>,
    pub text: &'static str,
}

/// The tables' look-ups: a function or method by owner and name (the type itself with an
/// empty name), and a native module's own docstring.
pub struct DocTables {
    pub lookup: fn(&str, &str) -> Option<Doc>,
    pub module_doc: fn(&str) -> Option<&'static str>,
}

static TABLES: OnceLock<DocTables> = OnceLock::new();

/// Registers the documentation tables (once per process).
pub fn register(tables: DocTables) {
    let _ = TABLES.set(tables);
}

fn lookup(owner: &str, name: &str) -> Option<Doc> {
    (TABLES.get()?.lookup)(owner, name)
}

/// The docstring of the native module `name`, if the tables have one.
pub fn module_doc(name: &str) -> Option<&'static str> {
    (TABLES.get()?.module_doc)(name)
}

/// Where a native function lives.
pub enum BuiltinHome<R: Runtime> {
    /// A module's function (`builtins` for the built-in functions).
    Module(String),
    /// A method of this class.
    Class(ObjRef<R>),
}

/// The class of the module `m`'s namespace that holds `f` (a native module's class, which the
/// VM's list of built-in types does not know).
fn module_class_holding<R: Runtime>(m: &Value<R>, f: &Value<R>) -> Option<ObjRef<R>> {
    let ObjKind::Module(module) = m.kind()? else {
        return None;
    };
    let ObjKind::Dict(d) = module.dict.kind() else {
        return None;
    };
    let classes: Vec<ObjRef<R>> = d
        .lock::<R>()
        .values()
        .filter_map(|v| {
            v.as_obj()
                .filter(|o| matches!(o.kind(), ObjKind::Class(_)))
                .cloned()
        })
        .collect();
    classes.into_iter().find(|class| {
        let ObjKind::Class(c) = class.kind() else {
            return false;
        };
        let held = c.dict.lock::<R>().values().any(|e| match e.kind() {
            Some(ObjKind::StaticMethod(inner) | ObjKind::ClassMethod(inner)) => inner.is(f),
            _ => e.is(f),
        });
        held
    })
}

/// The name a native class's entries are filed under: a built-in type's own name, or
/// `module.Class` for a native module's class.
fn class_owner<R: Runtime>(c: &ClassObj<R>) -> String {
    if c.module.is_empty() || c.module == "builtins" {
        c.name.clone()
    } else {
        format!("{}.{}", c.module, c.name)
    }
}

impl<R: Runtime> Vm<R> {
    /// Where the native function or method `f` lives: `builtins`, the type that holds it, or
    /// the native module whose namespace holds it.
    pub fn builtin_home(&self, f: &Value<R>) -> Option<BuiltinHome<R>> {
        let Some(ObjKind::Builtin(b)) = f.kind() else {
            return None;
        };
        if let Some(ObjKind::Module(m)) = b.receiver.as_ref().and_then(|r| r.kind()) {
            return Some(BuiltinHome::Module(m.name.clone()));
        }
        if b.receiver.is_none() {
            let key = self.static_key(b.name);
            let global = super::eval::dict_get(&self.interp.builtins, &key);
            if global.is_some_and(|g| g.is(f)) {
                return Some(BuiltinHome::Module("builtins".into()));
            }
        }
        if let Some(class) = self.builtin_owner_class(f, b.receiver.as_ref()) {
            return Some(BuiltinHome::Class(class));
        }
        let key = self.static_key(b.name);
        let modules = self.loaded_modules();
        let function = modules.iter().find_map(|(name, m)| {
            let ObjKind::Module(module) = m.kind()? else {
                return None;
            };
            let held = super::eval::dict_get(&module.dict, &key)?;
            held.is(f).then(|| BuiltinHome::Module(name.clone()))
        });
        function.or_else(|| {
            modules
                .iter()
                .find_map(|(_, m)| module_class_holding(m, f))
                .map(BuiltinHome::Class)
        })
    }

    /// The documentation of the native function or method `f`, found by its home.
    pub(super) fn builtin_doc(&self, f: &Value<R>) -> Option<Doc> {
        let Some(ObjKind::Builtin(b)) = f.kind() else {
            return None;
        };
        match self.builtin_home(f)? {
            BuiltinHome::Module(m) => lookup(&m, b.name),
            BuiltinHome::Class(class) => match class.kind() {
                ObjKind::Class(c) => lookup(&class_owner(c), b.name),
                _ => None,
            },
        }
    }

    /// The documentation of a class made in Rust (a built-in type, a native module's class);
    /// `None` for a class made by a class statement, which has its own `__doc__`.
    pub(super) fn native_class_doc(&self, class: &ObjRef<R>) -> Option<Doc> {
        let ObjKind::Class(c) = class.kind() else {
            return None;
        };
        let doc = self.static_key("__doc__");
        if c.dict.lock::<R>().contains_key(&doc) {
            return None;
        }
        lookup(&class_owner(c), "")
    }

    /// `f.__doc__` or `f.__text_signature__` of a native function or method.
    pub(super) fn builtin_doc_attr(&self, f: &Value<R>, name: &str) -> Value<R> {
        let doc = self.builtin_doc(f);
        let text = match name {
            "__doc__" => doc.map(|d| d.text),
            _ => doc.and_then(|d| d.signature),
        };
        text.map_or(Value::None, |t| self.new_str(t))
    }
}
