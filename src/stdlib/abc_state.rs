//! The state `_abc` keeps for each class `ABCMeta` makes (CPython's `_abc_data`, stored as
//! the class's `_abc_impl`): the registry of virtual subclasses, the positive and negative
//! caches of `issubclass` answers, the version of the negative cache, and the direct
//! subclasses made through `_abc_init` (so a negative answer need not list every class of
//! the program, as `type.__subclasses__` does). Every set holds weak references, as
//! CPython's do: a class checked against an ABC, or registered with it, is not kept alive by
//! it.
//!
//! The sets are behind one mutex, never held while Python code runs (the checks call hooks
//! and `issubclass` between lookups), so `--no-gil` threads may check one ABC at once.

use crate::objects::weak::WeakRef;
use crate::objects::{ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use indexmap::IndexMap;
use parking_lot::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Bumped by every `register()`: a negative cache made at an older count is stale.
static INVALIDATION: AtomicU64 = AtomicU64::new(0);

pub fn invalidation_counter() -> u64 {
    INVALIDATION.load(Ordering::Acquire)
}

pub fn invalidate() {
    INVALIDATION.fetch_add(1, Ordering::AcqRel);
}

/// The referent of a weakref object, if it is one and its referent is alive.
fn referent<R: Runtime>(weakref: &ObjRef<R>) -> Option<ObjRef<R>> {
    match weakref.kind() {
        ObjKind::Native(n) => n.downcast::<WeakRef<R>>()?.get(),
        _ => None,
    }
}

/// A set of classes held by weak references, in insertion order, keyed by the class's
/// address: an entry whose class died is skipped, and replaced when a new class takes
/// the address.
pub struct WeakSet<R: Runtime> {
    entries: IndexMap<usize, ObjRef<R>>,
}

impl<R: Runtime> Default for WeakSet<R> {
    fn default() -> Self {
        WeakSet {
            entries: IndexMap::new(),
        }
    }
}

impl<R: Runtime> WeakSet<R> {
    pub fn contains(&self, class: &ObjRef<R>) -> bool {
        self.entries
            .get(&class.addr())
            .and_then(referent)
            .is_some_and(|c| c.ptr_eq(class))
    }

    /// Adds `class` through `weakref` (a weak reference to it), unless it is already in.
    pub fn insert(&mut self, class: &ObjRef<R>, weakref: ObjRef<R>) {
        if !self.contains(class) {
            self.entries.insert(class.addr(), weakref);
        }
    }

    /// Drops the entries, returning them (freed by the caller, outside the lock).
    pub fn take(&mut self) -> Vec<ObjRef<R>> {
        std::mem::take(&mut self.entries).into_values().collect()
    }

    /// The classes still alive, in insertion order.
    pub fn live(&self) -> Vec<ObjRef<R>> {
        self.entries.values().filter_map(referent).collect()
    }

    /// The weak references to the classes still alive (what `_get_dump` shows).
    pub fn live_refs(&self) -> Vec<Value<R>> {
        self.entries
            .values()
            .filter(|w| referent(w).is_some())
            .map(|w| Value::Obj(w.clone()))
            .collect()
    }
}

pub struct AbcState<R: Runtime> {
    pub registry: WeakSet<R>,
    pub cache: WeakSet<R>,
    pub negative: WeakSet<R>,
    pub negative_version: u64,
    /// The classes made by `_abc_init` that name this one among their bases.
    pub subclasses: WeakSet<R>,
}

impl<R: Runtime> Default for AbcState<R> {
    fn default() -> Self {
        AbcState {
            registry: WeakSet::default(),
            cache: WeakSet::default(),
            negative: WeakSet::default(),
            negative_version: 0,
            subclasses: WeakSet::default(),
        }
    }
}

/// The data of an `_abc_data` object.
pub struct AbcData<R: Runtime> {
    pub state: Mutex<AbcState<R>>,
}

impl<R: Runtime> AbcData<R> {
    pub fn new() -> Self {
        AbcData {
            state: Mutex::new(AbcState {
                negative_version: invalidation_counter(),
                ..AbcState::default()
            }),
        }
    }
}

impl<R: Runtime> Default for AbcData<R> {
    fn default() -> Self {
        Self::new()
    }
}
