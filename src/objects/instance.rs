//! Instances of user classes: a class and a dict of attributes.

use super::{DictMap, ObjCell, ObjKind, ObjRef, Runtime};

pub struct InstanceObj<R: Runtime> {
    pub class: ObjRef<R>,
    pub dict: ObjCell<DictMap<R>>,
}

impl<R: Runtime> InstanceObj<R> {
    pub fn class_name(&self) -> &str {
        match self.class.kind() {
            ObjKind::Class(c) => &c.name,
            _ => "object",
        }
    }
}
