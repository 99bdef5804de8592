//! The attribute hooks a class can define — `__getattribute__` (with `__getattr__` as its
//! fallback), `__delattr__` — `__slots__` (no `__dict__`, no other names), and the
//! `__instancecheck__`/`__subclasscheck__` of a metaclass, and `__class__` assignment.

use super::Vm;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{DictKey, ObjKind, ObjRef, Value};
use crate::vm::Runtime;

/// Set once any class defines `__class__` in its body (or namespace): until then no
/// `isinstance` needs to look for one.
pub(super) static CLASS_ATTR_DEFINED: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

impl<R: Runtime> Vm<R> {
    /// The Python function `name` defined by the class of instance `obj`, if any.
    fn user_hook(&mut self, obj: &Value<R>, name: &'static str) -> Option<Value<R>> {
        let Some(ObjKind::Instance(i)) = obj.kind() else {
            return None;
        };
        let class = i.class.clone();
        let key = self.static_key(name);
        self.lookup_type(&class, &key)
            .filter(|f| matches!(f.kind(), Some(ObjKind::Function(_))))
    }

    /// The Python function `name` (`__setattr__`, `__delattr__`) defined by the metaclass of
    /// class `obj`, if it is not `type` itself.
    pub(super) fn metaclass_hook(
        &mut self,
        obj: &Value<R>,
        name: &'static str,
    ) -> Option<Value<R>> {
        let meta = self.types().class_of(obj).clone();
        if meta.ptr_eq(&self.types().type_) {
            return None;
        }
        let key = self.static_key(name);
        self.lookup_type(&meta, &key)
            .filter(|f| matches!(f.kind(), Some(ObjKind::Function(_))))
    }

    /// `obj.name` through a user `__getattribute__` (then `__getattr__` on AttributeError);
    /// `None` when the class defines none.
    pub(super) fn custom_getattribute(
        &mut self,
        obj: &Value<R>,
        key: &DictKey<R>,
    ) -> PyResult<Option<Value<R>>, R> {
        let Some(hook) = self.user_hook(obj, "__getattribute__") else {
            return Ok(None);
        };
        match self.call(&hook, vec![obj.clone(), key.value.clone()], Vec::new()) {
            Ok(v) => Ok(Some(v)),
            Err(e) if self.err_kind(&e) == Some(ExcKind::AttributeError) => {
                match self.user_hook(obj, "__getattr__") {
                    Some(getattr) => self
                        .call(&getattr, vec![obj.clone(), key.value.clone()], Vec::new())
                        .map(Some),
                    None => Err(e),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// True when the class of `obj` defines `__getattribute__` in Python (the method fast
    /// path must then go through it).
    pub(super) fn has_custom_getattribute(&mut self, obj: &Value<R>) -> bool {
        self.user_hook(obj, "__getattribute__").is_some()
    }

    /// `del obj.name` through a user `__delattr__`; `false` when the class defines none.
    pub(super) fn custom_delattr(&mut self, obj: &Value<R>, key: &DictKey<R>) -> PyResult<bool, R> {
        let Some(hook) = self.user_hook(obj, "__delattr__") else {
            return Ok(false);
        };
        self.call(&hook, vec![obj.clone(), key.value.clone()], Vec::new())?;
        Ok(true)
    }

    /// The names instances of `class` may hold when every class of its MRO (but `object` and
    /// the other built-in classes) declares `__slots__` without `__dict__`; `None` when instances have a dict.
    pub(super) fn slot_names(&mut self, class: &ObjRef<R>) -> Option<Vec<String>> {
        let ObjKind::Class(c) = class.kind() else {
            return None;
        };
        // A bare `object()` has no dict either: nothing can be set on it.
        if class.ptr_eq(&self.types().object) {
            return Some(Vec::new());
        }
        let key = self.static_key("__slots__");
        // The common case, no class declares slots, is one cached lookup.
        self.lookup_type(class, &key)?;
        let object = self.types().object.clone();
        let mut names = Vec::new();
        for k in std::iter::once(class).chain(c.mro.iter()) {
            if k.ptr_eq(&object) {
                continue;
            }
            let ObjKind::Class(kc) = k.kind() else {
                return None;
            };
            if kc.module == "builtins" && !k.ptr_eq(class) {
                // A built-in base (tuple in a namedtuple) gives its instances no dict.
                continue;
            }
            let slots = kc.dict.lock::<R>().get(&key).cloned()?;
            match slots.kind() {
                Some(ObjKind::Str(s)) => names.push(s.as_str().to_string()),
                Some(ObjKind::Tuple(t)) => {
                    names.extend(t.iter().filter_map(|v| v.as_str().map(str::to_string)))
                }
                Some(ObjKind::List(l)) => names.extend(
                    l.lock::<R>()
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_string)),
                ),
                _ => return None,
            }
        }
        if names.iter().any(|n| n == "__dict__") {
            return None;
        }
        Some(names)
    }

    /// Assignment to an instance of a slotted class: only its slot names are allowed.
    pub(super) fn check_slots(
        &mut self,
        obj: &Value<R>,
        class: &ObjRef<R>,
        name: &str,
    ) -> PyResult<(), R> {
        match self.slot_names(class) {
            Some(names) if !names.iter().any(|n| n == name) => Err(PyErr::new(
                ExcKind::AttributeError,
                format!("'{}' object has no attribute '{name}'", self.type_name(obj)),
            )),
            _ => Ok(()),
        }
    }

    /// `isinstance(v, class)` with the metaclass's `__instancecheck__`, asked (as CPython
    /// asks it) for everything but an instance of exactly `class`: it may say no to a
    /// subclass's instance.
    pub fn isinstance_hook(&mut self, v: &Value<R>, class: &ObjRef<R>) -> PyResult<bool, R> {
        if self.types().class_of(v).ptr_eq(class) {
            return Ok(true);
        }
        if let Some(r) = self.metaclass_check(class, "__instancecheck__", v)? {
            return Ok(r);
        }
        if self.isinstance_class(v, class) {
            return Ok(true);
        }
        self.isinstance_by_class_attr(v, class)
    }

    /// Whether `v`'s class (or a base other than `object`) defines `__class__` (a property
    /// or a class attribute), which `isinstance` then consults.
    pub fn overrides_class_attr(&self, v: &Value<R>) -> bool {
        if !CLASS_ATTR_DEFINED.load(std::sync::atomic::Ordering::Relaxed)
            || !matches!(v.kind(), Some(ObjKind::Instance(_)))
        {
            return false;
        }
        let class = self.types().class_of(v);
        let ObjKind::Class(c) = class.kind() else {
            return false;
        };
        let key = self.static_key("__class__");
        let object = &self.types().object;
        std::iter::once(class)
            .chain(c.mro.iter())
            .filter(|k| !k.ptr_eq(object))
            .any(|k| match k.kind() {
                ObjKind::Class(k) => k.dict.lock::<R>().get(&key).is_some(),
                _ => false,
            })
    }

    /// CPython's fallback when `type(v)` is not a subclass of `class`: `v.__class__` (an
    /// AttributeError counting as no answer), if it is a class other than `type(v)`.
    fn isinstance_by_class_attr(&mut self, v: &Value<R>, class: &ObjRef<R>) -> PyResult<bool, R> {
        if !self.overrides_class_attr(v) {
            return Ok(false);
        }
        let key = self.static_key("__class__");
        let claimed = match self.get_attr(v, &key) {
            Ok(c) => c,
            Err(e) if self.err_kind(&e) == Some(ExcKind::AttributeError) => return Ok(false),
            Err(e) => return Err(e),
        };
        let own = self.types().class_of(v).clone();
        match (claimed.kind(), claimed.as_obj()) {
            (Some(ObjKind::Class(c)), Some(k)) if !k.ptr_eq(&own) => Ok(c.is_subclass_of(k, class)),
            _ => Ok(false),
        }
    }

    /// `issubclass(sub, class)` with the metaclass's `__subclasscheck__`; `None` if it has none.
    pub fn subclasscheck_hook(
        &mut self,
        sub: &Value<R>,
        class: &ObjRef<R>,
    ) -> PyResult<Option<bool>, R> {
        self.metaclass_check(class, "__subclasscheck__", sub)
    }

    fn metaclass_check(
        &mut self,
        class: &ObjRef<R>,
        name: &'static str,
        arg: &Value<R>,
    ) -> PyResult<Option<bool>, R> {
        let ObjKind::Class(c) = class.kind() else {
            return Ok(None);
        };
        let Some(meta) = c.metaclass.clone() else {
            return Ok(None);
        };
        let key = self.static_key(name);
        let Some(f) = self.lookup_type(&meta, &key) else {
            return Ok(None);
        };
        let r = self.call(&f, vec![Value::Obj(class.clone()), arg.clone()], Vec::new())?;
        self.truthy(&r).map(Some)
    }
}

impl<R: Runtime> Vm<R> {
    /// `obj.__class__ = value`, with CPython's checks: a class, both classes defined by
    /// programs (not built-in types), and the same layout (the same built-in base and the
    /// same `__slots__`).
    pub fn assign_class(&mut self, obj: &Value<R>, value: Value<R>) -> PyResult<(), R> {
        let Some(new) = value
            .as_obj()
            .filter(|o| matches!(o.kind(), ObjKind::Class(_)))
        else {
            return Err(PyErr::type_error(format!(
                "__class__ must be set to a class, not '{}' object",
                self.type_name(&value)
            )));
        };
        let new = new.clone();
        let mutable = |c: &ObjRef<R>| match c.kind() {
            ObjKind::Class(k) => k.module != "builtins",
            _ => false,
        };
        if let Some(ObjKind::Module(m)) = obj.kind() {
            // A module's class may be any subclass of the module type (or that type).
            let module_type = self.types().module.clone();
            let is_module_class = match new.kind() {
                ObjKind::Class(c) => c.is_subclass_of(&new, &module_type),
                _ => false,
            };
            if !is_module_class {
                return Err(PyErr::type_error(
                    "__class__ assignment only supported for mutable types or ModuleType \
                     subclasses",
                ));
            }
            m.class.set((!new.ptr_eq(&module_type)).then_some(new));
            return Ok(());
        }
        let inst = match obj.kind() {
            Some(ObjKind::Instance(i)) if mutable(&i.class) && mutable(&new) => i,
            _ => return Err(PyErr::type_error(
                "__class__ assignment only supported for mutable types or ModuleType subclasses",
            )),
        };
        let old = inst.class.clone();
        if !self.same_layout(&old, &new) {
            return Err(PyErr::type_error(format!(
                "__class__ assignment: '{}' object layout differs from '{}'",
                class_name(&new),
                class_name(&old)
            )));
        }
        inst.set_class(new);
        Ok(())
    }

    /// Whether instances of `a` and `b` are made alike: the same built-in base (the first
    /// built-in type along the MRO) and the same `__slots__`.
    fn same_layout(&mut self, a: &ObjRef<R>, b: &ObjRef<R>) -> bool {
        let solid = |c: &ObjRef<R>| -> Option<ObjRef<R>> {
            let ObjKind::Class(k) = c.kind() else {
                return None;
            };
            k.mro
                .iter()
                .find(|m| matches!(m.kind(), ObjKind::Class(x) if x.module == "builtins"))
                .cloned()
        };
        let same_base = match (solid(a), solid(b)) {
            (Some(x), Some(y)) => x.ptr_eq(&y),
            (None, None) => true,
            _ => false,
        };
        same_base && self.slot_names(a) == self.slot_names(b)
    }
}

fn class_name<R: Runtime>(c: &ObjRef<R>) -> &str {
    match c.kind() {
        ObjKind::Class(k) => &k.name,
        _ => "?",
    }
}
