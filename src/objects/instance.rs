//! Instances of user classes: a class and a dict of attributes. The dict is a dict object of
//! its own, so `obj.__dict__` is the live namespace (writes through it are attribute writes).

use super::{DictMap, ObjCell, ObjKind, ObjRef, Runtime};

pub struct InstanceObj<R: Runtime> {
    pub class: ObjRef<R>,
    /// An `ObjKind::Dict`: what `obj.__dict__` returns.
    pub dict_obj: ObjRef<R>,
    /// For an instance of a subclass of a built-in type (`class Stack(list)`): the built-in
    /// value it extends, which the base's methods and operators work on.
    pub base: Option<super::Value<R>>,
}

impl<R: Runtime> InstanceObj<R> {
    /// A fresh instance of `class` with an empty dict.
    pub fn new(class: ObjRef<R>, capacity: usize) -> Self {
        let map = DictMap::with_capacity_and_hasher(capacity, Default::default());
        InstanceObj {
            class,
            dict_obj: ObjRef::new(ObjKind::Dict(ObjCell::new(map))),
            base: None,
        }
    }

    /// The instance's attributes.
    #[inline]
    pub fn dict(&self) -> &ObjCell<DictMap<R>> {
        match self.dict_obj.kind() {
            ObjKind::Dict(d) => d,
            _ => unreachable!("an instance dict is always a dict object"),
        }
    }

    /// Calls `visit` for every reference the instance holds: its class, its attributes (today
    /// through the dict object that holds them) and the built-in value it extends. The cycle
    /// collector's view of an instance; a change of attribute storage changes only this.
    pub fn traverse(&self, visit: super::traverse::Visit<'_, R>) {
        visit(&self.class);
        visit(&self.dict_obj);
        if let Some(super::Value::Obj(b)) = &self.base {
            visit(b);
        }
    }

    /// The dict object holding the attributes, when they are kept in one (the collector
    /// counts it with its instance, as CPython keeps attributes inline).
    pub fn attr_dict(&self) -> Option<&ObjRef<R>> {
        Some(&self.dict_obj)
    }

    /// Drops every attribute (the collector breaking a cycle through this instance).
    pub fn clear_attrs(&self) {
        let old = std::mem::take(&mut *self.dict().lock::<R>());
        drop(old);
    }

    pub fn class_name(&self) -> &str {
        match self.class.kind() {
            ObjKind::Class(c) => &c.name,
            _ => "object",
        }
    }
}
