//! Objects of native stdlib types (locks, threads, queues, ...): a class for method lookup and
//! Rust data behind `Any`, and the cycle collector's hooks for such data.

use super::traverse::Visit;
use super::{ObjKind, ObjRef, Runtime};
use parking_lot::RwLock;
use std::any::{Any, TypeId};
use std::sync::atomic::{AtomicBool, Ordering};

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

/// What the cycle collector needs from a native type whose Rust data holds references: the
/// references it owns, each once (as `ObjKind::traverse`), and how to drop them to break a
/// cycle (as `ObjKind::gc_clear`). Types without hooks are traversed through their class only:
/// a cycle through their data is never collected (a leak, never a crash).
pub struct NativeGc<R: Runtime> {
    pub traverse: fn(&(dyn Any + Send + Sync), Visit<'_, R>),
    pub clear: fn(&(dyn Any + Send + Sync)),
}

type HookTable = Vec<(TypeId, &'static (dyn Any + Send + Sync))>;

/// The registered hooks, by the `TypeId` of the data (which names the runtime too).
static GC_HOOKS: RwLock<HookTable> = parking_lot::const_rwlock(Vec::new());
static ANY_HOOKS: AtomicBool = AtomicBool::new(false);

/// Registers the collector's hooks for native data of type `T` (once per type; later calls
/// for the same type are ignored).
pub fn register_gc<R: Runtime, T: Any>(hooks: NativeGc<R>) {
    let id = TypeId::of::<T>();
    let mut table = GC_HOOKS.write();
    if table.iter().any(|(t, _)| *t == id) {
        return;
    }
    table.push((id, Box::leak(Box::new(hooks))));
    ANY_HOOKS.store(true, Ordering::Release);
}

fn hooks_of<R: Runtime>(data: &(dyn Any + Send + Sync)) -> Option<&'static NativeGc<R>> {
    if !ANY_HOOKS.load(Ordering::Acquire) {
        return None;
    }
    let id = data.type_id();
    let table = GC_HOOKS.read();
    let (_, hooks) = table.iter().find(|(t, _)| *t == id)?;
    hooks.downcast_ref::<NativeGc<R>>()
}

impl<R: Runtime> NativeObj<R> {
    /// Visits the class and what the data holds (when its type registered hooks).
    pub fn traverse(&self, visit: Visit<'_, R>) {
        visit(&self.class);
        if let Some(hooks) = hooks_of::<R>(&*self.data) {
            (hooks.traverse)(&*self.data, visit);
        }
    }

    /// Drops what the data holds (when its type registered hooks).
    pub fn gc_clear(&self) {
        if let Some(hooks) = hooks_of::<R>(&*self.data) {
            (hooks.clear)(&*self.data);
        }
    }
}
