//! Objects of native stdlib types (locks, threads, queues, ...): a class for method lookup and
//! Rust data behind `Any`.

use super::{ObjKind, ObjRef, Runtime};
use std::any::Any;

pub struct NativeObj<R: Runtime> {
    pub class: ObjRef<R>,
    pub data: Box<dyn Any + Send + Sync>,
}

impl<R: Runtime> NativeObj<R> {
    pub fn class_name(&self) -> &str {
        match self.class.kind() {
            ObjKind::Class(c) => &c.name,
            _ => "object",
        }
    }

    pub fn downcast<T: 'static>(&self) -> Option<&T> {
        self.data.downcast_ref::<T>()
    }
}
