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

    pub fn class_name(&self) -> &str {
        match self.class.kind() {
            ObjKind::Class(c) => &c.name,
            _ => "object",
        }
    }
}
