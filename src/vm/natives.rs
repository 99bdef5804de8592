//! What the layers above the VM register with it at start-up, as Lua's `luaL_openlibs` does:
//! the native modules (a name and the function that fills a new module of that name) and the
//! installer of the builtins (the builtins dict and the methods of the built-in types). The VM
//! calls them but never names them, so it imports nothing from `builtins` or `stdlib`.

use super::Runtime;
use super::{Interp, Vm};
use crate::objects::exception::PyResult;
use crate::objects::{BuiltinFn, ModuleObj, NativeFn, ObjKind, ObjRef, Value};
use std::sync::Arc;

/// Fills a new module with its functions and classes; `false` if it cannot be made.
pub type ModuleInit<R> = fn(&mut Vm<R>, &ObjRef<R>) -> bool;

/// The natives an interpreter starts with; see `minipy::runtime_setup::natives`.
pub struct Natives<R: Runtime> {
    /// Native modules by name: `import NAME` calls the init function once.
    pub modules: Vec<(&'static str, ModuleInit<R>)>,
    /// Fills the builtins dict and the methods of the built-in types.
    pub install_builtins: fn(&Arc<Interp<R>>),
}

impl<R: Runtime> Vm<R> {
    /// Whether `name` is a module made in Rust (CPython's `sys.builtin_module_names`).
    pub fn is_native_module(&self, name: &str) -> bool {
        name == "builtins" || self.interp.native_modules.iter().any(|(n, _)| *n == name)
    }

    /// Makes a registered native module by name, or `None` if there is no such module.
    pub(crate) fn make_native_module(&mut self, name: &str) -> PyResult<Option<ObjRef<R>>, R> {
        if name == "builtins" {
            // The builtins module shares the interpreter's builtins dict.
            let module = ModuleObj::new(name.to_string(), self.interp.builtins.clone());
            return Ok(Some(ObjRef::new(ObjKind::Module(Box::new(module)))));
        }
        let Some(&(_, init)) = self.interp.native_modules.iter().find(|(n, _)| *n == name) else {
            return Ok(None);
        };
        let m = self.new_module(name);
        if !init(self, &m) {
            return Ok(None);
        }
        // The module's docstring, unless its init set one.
        if let Some(doc) = super::docs::module_doc(name) {
            let key = self.static_key("__doc__");
            if let ObjKind::Module(module) = m.kind() {
                if super::eval::dict_get(&module.dict, &key).is_some_and(|d| d.is_none()) {
                    super::eval::dict_set(&module.dict, key, self.new_str(doc));
                }
            }
        }
        Ok(Some(m))
    }
}

/// Adds native functions to a module.
pub fn add_functions<R: Runtime>(
    vm: &Vm<R>,
    module: &ObjRef<R>,
    functions: &[(&'static str, NativeFn<R>)],
) {
    for (name, func) in functions {
        let f = native_function(name, *func);
        vm.set_module_attr(module, name, f);
    }
}

/// A native function value.
pub fn native_function<R: Runtime>(name: &'static str, func: NativeFn<R>) -> Value<R> {
    Value::new_obj(ObjKind::Builtin(Box::new(BuiltinFn::new(name, func, None))))
}

/// A read-only property whose getter is the native function `getter` (named `name`).
pub fn native_property<R: Runtime>(name: &'static str, getter: NativeFn<R>) -> Value<R> {
    Value::new_obj(ObjKind::Property {
        fget: native_function(name, getter),
        fset: Value::None,
        fdel: Value::None,
        doc: Value::None,
    })
}
