//! Inline caches: what an instruction learned the last time it ran, kept next to the code
//! so that the next run can skip the lookup. One cache entry per name of a code object (the
//! instructions that look the same name up in the same code see the same dicts).
//!
//! Entries are read and written only by the GIL runtime, with the GIL held (the eval loop
//! checks `!R::FREE_THREADED` before touching them): one thread at a time, plain loads and
//! stores. Every entry is validated before it is used, and validation never trusts a value
//! kept in the cache — only positions, whose key is re-checked, and object versions (see
//! `ObjCell::version`) — so a cache can be wrong about nothing but its own usefulness.

use std::cell::UnsafeCell;

/// What LoadGlobal found for one name.
#[derive(Clone, Copy, Default)]
pub struct GlobalEntry {
    /// 0: nothing cached; 1: the globals dict has the name at `index`; 2: the builtins dict
    /// has it at `index`, and the globals dict lacked it at `globals_version`.
    pub kind: u32,
    pub index: u32,
    pub globals_version: u64,
}

/// What an attribute instruction (LoadAttr, LoadMethod; StoreAttr has its own) found for one
/// name on one class (see `vm::cache`).
#[derive(Clone, Copy, Default)]
pub struct AttrEntry {
    /// The class the entry is for (its address), 0 for none.
    pub class: usize,
    /// The version of the type-attribute state the lookup saw (`Interp::class_version`).
    pub class_version: u64,
    /// What the lookup found; its meaning depends on the instruction (see `vm::cache`).
    pub kind: u32,
    /// A position in a dict.
    pub index: u32,
    /// Which dict: 0 the class's own, k the k-th class of its MRO.
    pub depth: u32,
    /// The instance shape the entry is for (its address; see `objects::shape`), 0 for none.
    pub shape: usize,
    /// StoreAttr adding a name: the shape one name shorter that `shape` grows from.
    pub from: usize,
}

/// How many classes an attribute entry remembers per name: a method of a base class reads
/// `self.x` on instances of each of its subclasses.
pub const ATTR_WAYS: usize = 4;

/// One entry of each kind per name of a code object (attribute entries: one per class, up to
/// [`ATTR_WAYS`]).
pub struct NameCaches {
    globals: Box<[UnsafeCell<GlobalEntry>]>,
    attrs: Box<[UnsafeCell<[AttrEntry; ATTR_WAYS]>]>,
    stores: Box<[UnsafeCell<[AttrEntry; ATTR_WAYS]>]>,
}

// SAFETY: entries are touched only by the GIL runtime with the GIL held (see the module
// comment), so no two threads ever access one at the same time.
unsafe impl Sync for NameCaches {}
unsafe impl Send for NameCaches {}

impl NameCaches {
    pub fn new(names: usize) -> Self {
        NameCaches {
            globals: (0..names).map(|_| UnsafeCell::default()).collect(),
            attrs: (0..names).map(|_| UnsafeCell::default()).collect(),
            stores: (0..names).map(|_| UnsafeCell::default()).collect(),
        }
    }

    /// The LoadGlobal entry of name `i`.
    ///
    /// # Safety
    /// The GIL runtime only, with the GIL held (see the module comment).
    #[inline(always)]
    pub unsafe fn global(&self, i: u32) -> GlobalEntry {
        *self.globals[i as usize].get()
    }

    /// # Safety
    /// As for [`NameCaches::global`].
    #[inline(always)]
    pub unsafe fn set_global(&self, i: u32, e: GlobalEntry) {
        *self.globals[i as usize].get() = e;
    }

    /// The attribute entry of name `i` for the class at address `class` (an empty entry if
    /// there is none).
    ///
    /// # Safety
    /// As for [`NameCaches::global`], and the entry must not be used after the next
    /// `set_attr`/`set_store` of the same name.
    #[inline(always)]
    pub unsafe fn attr(&self, i: u32, class: usize) -> &AttrEntry {
        find_way(&*self.attrs[i as usize].get(), class)
    }

    /// Records `e` for its class (replacing the class's entry, else the oldest).
    ///
    /// # Safety
    /// As for [`NameCaches::global`].
    #[inline(always)]
    pub unsafe fn set_attr(&self, i: u32, e: AttrEntry) {
        put_way(&mut *self.attrs[i as usize].get(), e);
    }

    /// The StoreAttr entry of name `i` for the class at address `class`.
    ///
    /// # Safety
    /// As for [`NameCaches::global`].
    #[inline(always)]
    pub unsafe fn store(&self, i: u32, class: usize) -> &AttrEntry {
        find_way(&*self.stores[i as usize].get(), class)
    }

    /// # Safety
    /// As for [`NameCaches::global`].
    #[inline(always)]
    pub unsafe fn set_store(&self, i: u32, e: AttrEntry) {
        put_way(&mut *self.stores[i as usize].get(), e);
    }
}

/// An entry that matches nothing (kind 0).
const NO_ENTRY: AttrEntry = AttrEntry {
    class: 0,
    class_version: 0,
    kind: 0,
    index: 0,
    depth: 0,
    shape: 0,
    from: 0,
};

#[inline(always)]
fn find_way(ways: &[AttrEntry; ATTR_WAYS], class: usize) -> &AttrEntry {
    for e in ways {
        if e.class == class {
            return e;
        }
    }
    &NO_ENTRY
}

/// Puts `e` in its class's way, else in front, the oldest entry falling off the end.
fn put_way(ways: &mut [AttrEntry; ATTR_WAYS], e: AttrEntry) {
    if let Some(w) = ways.iter_mut().find(|w| w.class == e.class) {
        *w = e;
        return;
    }
    ways.rotate_right(1);
    ways[0] = e;
}
