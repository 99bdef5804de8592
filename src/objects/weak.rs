//! Weak references: [`WeakRef`], the state of a `weakref.ref` object (the native type is in
//! `stdlib::weakref`), and the table from each object to the weak references that point at
//! it. An object with weak references has `HAS_WEAKREFS` in its header, so a free looks the
//! table up only then; the free clears every weak reference to it and queues their callbacks
//! (run by the VM at its next call, as a free cannot run Python code).
//!
//! The table and every referent pointer are changed only under the table's lock, so under
//! `--no-gil` a weak reference is never dereferenced while its referent is being freed: the
//! free takes the lock first, and `get` takes a reference only from a count above zero.

use super::gc::{self, HAS_WEAKREFS};
use super::{Obj, ObjRef, Runtime, Value};
use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Referent address -> the weak references to it: (address of the `WeakRef` state, address of
/// the weakref object), oldest first.
type Table = HashMap<usize, Vec<(usize, usize)>>;

static TABLE: Mutex<Option<Table>> = parking_lot::const_mutex(None);

/// The state of one weak reference.
pub struct WeakRef<R: Runtime> {
    /// The referent's address, 0 once it is gone.
    target: AtomicUsize,
    /// Called with the weakref object when the referent dies.
    pub callback: Mutex<Option<Value<R>>>,
    /// The referent's hash, once computed (a dead reference keeps answering it).
    pub hash: Mutex<Option<i64>>,
    _runtime: std::marker::PhantomData<R>,
}

impl<R: Runtime> WeakRef<R> {
    /// A reference to `target` (registered by [`WeakRef::register`] once the weakref object
    /// exists).
    pub fn new(target: &ObjRef<R>, callback: Option<Value<R>>) -> Self {
        WeakRef {
            target: AtomicUsize::new(target.addr()),
            callback: Mutex::new(callback),
            hash: Mutex::new(None),
            _runtime: std::marker::PhantomData,
        }
    }

    /// Enters this reference (the state of the weakref object `me`) in the table.
    pub fn register(&self, me: &ObjRef<R>) {
        let mut table = TABLE.lock();
        let target = self.target.load(Ordering::Relaxed);
        if target == 0 {
            return;
        }
        table
            .get_or_insert_with(HashMap::new)
            .entry(target)
            .or_default()
            .push((self as *const Self as usize, me.addr()));
        // SAFETY: the caller holds a reference to the referent (it just made this weakref).
        let head = unsafe { &(*(target as *const Obj<R>)).head };
        gc::set_flags::<R>(&head.flags, HAS_WEAKREFS);
    }

    /// The referent, if it is still alive.
    pub fn get(&self) -> Option<ObjRef<R>> {
        let _table = TABLE.lock();
        let target = self.target.load(Ordering::Relaxed);
        if target == 0 {
            return None;
        }
        // SAFETY: a non-zero target under the table lock has not been freed: its free clears
        // this pointer under the same lock before the memory goes.
        unsafe { ObjRef::try_from_addr_incref(target) }
    }

    pub fn is_dead(&self) -> bool {
        self.target.load(Ordering::Relaxed) == 0
    }
}

impl<R: Runtime> Drop for WeakRef<R> {
    fn drop(&mut self) {
        let mut table = TABLE.lock();
        let target = self.target.load(Ordering::Relaxed);
        if target == 0 {
            return;
        }
        let me = self as *const Self as usize;
        let Some(map) = table.as_mut() else { return };
        if let Some(list) = map.get_mut(&target) {
            list.retain(|&(state, _)| state != me);
            if list.is_empty() {
                map.remove(&target);
                // SAFETY: the referent is live or waiting for this lock to clear its refs.
                let head = unsafe { &(*(target as *const Obj<R>)).head };
                gc::clear_flags::<R>(&head.flags, HAS_WEAKREFS);
            }
        }
    }
}

/// The weakref objects pointing at `target`, oldest first (those being freed are left out).
pub fn refs_to<R: Runtime>(target: &ObjRef<R>) -> Vec<ObjRef<R>> {
    let table = TABLE.lock();
    let Some(list) = table.as_ref().and_then(|m| m.get(&target.addr())) else {
        return Vec::new();
    };
    list.iter()
        // SAFETY: a weakref object in the table is live, or being freed and waiting for the
        // lock to leave it (then its count is 0 and nothing is taken).
        .filter_map(|&(_, obj)| unsafe { ObjRef::try_from_addr_incref(obj) })
        .collect()
}

/// Clears every weak reference to the object at `addr` (which is being freed or is cyclic
/// garbage) and hands back each weakref object that has a callback, with the callback.
pub fn clear_refs_to<R: Runtime>(addr: usize) -> Vec<(ObjRef<R>, ObjRef<R>)> {
    let mut table = TABLE.lock();
    let list = table
        .as_mut()
        .and_then(|m| m.remove(&addr))
        .unwrap_or_default();
    // SAFETY: the object at `addr` is live (its memory is freed only after this returns).
    let head = unsafe { &(*(addr as *const Obj<R>)).head };
    gc::clear_flags::<R>(&head.flags, HAS_WEAKREFS);
    let mut calls = Vec::new();
    // CPython calls the callbacks newest first.
    for &(state, obj) in list.iter().rev() {
        // SAFETY: a state in the table belongs to a live weakref object, or to one being
        // freed that waits for this lock (its state is still allocated until it gets it).
        let state = unsafe { &*(state as *const WeakRef<R>) };
        state.target.store(0, Ordering::Relaxed);
        // SAFETY: as above; a weakref whose count is 0 is dying and gets no callback.
        let Some(weakref) = (unsafe { ObjRef::try_from_addr_incref(obj) }) else {
            continue;
        };
        if let Some(Value::Obj(cb)) = state.callback.lock().take() {
            calls.push((cb, weakref));
        }
    }
    calls
}

/// Called by a free: clears the weak references and queues their callbacks.
pub(super) fn on_free<R: Runtime>(addr: usize) {
    for (cb, weakref) in clear_refs_to::<R>(addr) {
        gc::queue_callback(cb, weakref);
    }
}
