//! The descriptor protocol for user-defined descriptors: an attribute found on a class whose
//! own class defines `__get__` is bound through it (`__get__(obj, type)` on instance access,
//! `__get__(None, cls)` on class access); one whose class defines `__set__` or `__delete__` is
//! a data descriptor and comes before the instance dict, and receives assignments and
//! deletions. Also `__set_name__`, called on each class attribute when a class is made.
//! (Built-in descriptors — functions, properties, class and static methods — are bound
//! directly in `attr.rs`.)

use super::Vm;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{DictKey, ObjKind, ObjRef, Value};
use crate::vm::Runtime;

impl<R: Runtime> Vm<R> {
    /// The method `name` of a user-defined descriptor's class, if `attr` is an instance of a
    /// user class that defines it.
    fn descriptor_method(&mut self, attr: &Value<R>, name: &'static str) -> Option<Value<R>> {
        let Some(ObjKind::Instance(i)) = attr.kind() else {
            return None;
        };
        let class = i.class.clone();
        let key = self.static_key(name);
        self.lookup_type(&class, &key)
    }

    /// True if `attr` is a user-defined data descriptor (`__set__` or `__delete__`).
    pub(super) fn is_data_descriptor(&mut self, attr: &Value<R>) -> bool {
        matches!(attr.kind(), Some(ObjKind::Instance(_)))
            && (self.descriptor_method(attr, "__set__").is_some()
                || self.descriptor_method(attr, "__delete__").is_some())
    }

    /// `attr.__get__(obj, owner)` if `attr` is a user-defined descriptor; `None` if it is not.
    pub(super) fn descriptor_get(
        &mut self,
        attr: &Value<R>,
        obj: &Value<R>,
        owner: &ObjRef<R>,
    ) -> PyResult<Option<Value<R>>, R> {
        let Some(get) = self.descriptor_method(attr, "__get__") else {
            return Ok(None);
        };
        let args = vec![attr.clone(), obj.clone(), Value::Obj(owner.clone())];
        self.call(&get, args, Vec::new()).map(Some)
    }

    /// For `obj.name = value` with `attr` found on the class: calls its `__set__` (or a
    /// property's setter). `Ok(false)` when `attr` is no data descriptor.
    pub(super) fn descriptor_set(
        &mut self,
        attr: &Value<R>,
        obj: &Value<R>,
        name: &str,
        value: Value<R>,
    ) -> PyResult<bool, R> {
        if let Some(ObjKind::Property { fset, .. }) = attr.kind() {
            if fset.is_none() {
                return Err(self.property_error(obj, name, "setter"));
            }
            let fset = fset.clone();
            self.call(&fset, vec![obj.clone(), value], Vec::new())?;
            return Ok(true);
        }
        if !matches!(attr.kind(), Some(ObjKind::Instance(_))) {
            return Ok(false);
        }
        match self.descriptor_method(attr, "__set__") {
            Some(set) => {
                self.call(&set, vec![attr.clone(), obj.clone(), value], Vec::new())?;
                Ok(true)
            }
            None if self.descriptor_method(attr, "__delete__").is_some() => {
                Err(PyErr::new(ExcKind::AttributeError, "__set__"))
            }
            None => Ok(false),
        }
    }

    /// For `del obj.name` with `attr` found on the class: calls its `__delete__` (or a
    /// property's deleter). `Ok(false)` when `attr` is no data descriptor.
    pub(super) fn descriptor_delete(
        &mut self,
        attr: &Value<R>,
        obj: &Value<R>,
        name: &str,
    ) -> PyResult<bool, R> {
        if let Some(ObjKind::Property { fdel, .. }) = attr.kind() {
            if fdel.is_none() {
                return Err(self.property_error(obj, name, "deleter"));
            }
            let fdel = fdel.clone();
            self.call(&fdel, vec![obj.clone()], Vec::new())?;
            return Ok(true);
        }
        if !matches!(attr.kind(), Some(ObjKind::Instance(_))) {
            return Ok(false);
        }
        match self.descriptor_method(attr, "__delete__") {
            Some(del) => {
                self.call(&del, vec![attr.clone(), obj.clone()], Vec::new())?;
                Ok(true)
            }
            None if self.descriptor_method(attr, "__set__").is_some() => {
                Err(PyErr::new(ExcKind::AttributeError, "__delete__"))
            }
            None => Ok(false),
        }
    }

    /// `property 'x' of 'T' object has no setter` (or getter, deleter).
    pub(super) fn property_error(&self, obj: &Value<R>, name: &str, part: &str) -> PyErr<R> {
        PyErr::new(
            ExcKind::AttributeError,
            format!(
                "property '{name}' of '{}' object has no {part}",
                self.type_name(obj)
            ),
        )
    }

    /// Calls `value.__set_name__(class, name)` for each attribute of a new class that has one.
    pub(super) fn call_set_names(&mut self, class: &ObjRef<R>) -> PyResult<(), R> {
        let ObjKind::Class(c) = class.kind() else {
            return Ok(());
        };
        let items: Vec<(DictKey<R>, Value<R>)> = c
            .dict
            .lock::<R>()
            .iter()
            .filter(|(_, v)| matches!(v.kind(), Some(ObjKind::Instance(_))))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (key, value) in items {
            if let Some(set_name) = self.descriptor_method(&value, "__set_name__") {
                let args = vec![value.clone(), Value::Obj(class.clone()), key.value.clone()];
                self.call(&set_name, args, Vec::new())?;
            }
        }
        Ok(())
    }
}
