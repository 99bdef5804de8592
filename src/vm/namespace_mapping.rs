//! Class bodies (and `exec`) whose namespace is not a plain dict: a metaclass's `__prepare__`
//! may return any mapping, a dict subclass with its own `__setitem__` most often (enum's
//! namespace resolves `auto()` as each member is assigned). LoadName, StoreName and
//! DeleteName go through the mapping's `__getitem__`, `__setitem__` and `__delitem__` then.

use super::Vm;
use crate::objects::exception::{ExcKind, PyResult};
use crate::objects::{DictKey, ObjKind, ObjRef, Value};
use crate::vm::Runtime;

impl<R: Runtime> Vm<R> {
    /// `ns[key]` for a namespace that is not a plain dict; `None` for a KeyError.
    pub(super) fn mapping_ns_get(
        &mut self,
        ns: &ObjRef<R>,
        key: &DictKey<R>,
    ) -> PyResult<Option<Value<R>>, R> {
        match self.get_item(&Value::Obj(ns.clone()), &key.value) {
            Ok(v) => Ok(Some(v)),
            Err(e) if self.err_kind(&e) == Some(ExcKind::KeyError) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `ns[key] = v` for a namespace that is not a plain dict.
    pub(super) fn mapping_ns_set(
        &mut self,
        ns: &ObjRef<R>,
        key: &DictKey<R>,
        v: Value<R>,
    ) -> PyResult<(), R> {
        self.set_item(&Value::Obj(ns.clone()), key.value.clone(), v)
    }

    /// `del ns[key]` for a namespace that is not a plain dict; false for a KeyError.
    pub(super) fn mapping_ns_del(&mut self, ns: &ObjRef<R>, key: &DictKey<R>) -> PyResult<bool, R> {
        match self.del_item(&Value::Obj(ns.clone()), &key.value) {
            Ok(()) => Ok(true),
            Err(e) if self.err_kind(&e) == Some(ExcKind::KeyError) => Ok(false),
            Err(e) => Err(e),
        }
    }
}

/// A namespace the name ops reach through the mapping protocol (not a plain dict).
pub(super) fn is_mapping_ns<R: Runtime>(ns: &ObjRef<R>) -> bool {
    !matches!(ns.kind(), ObjKind::Dict(_))
}
