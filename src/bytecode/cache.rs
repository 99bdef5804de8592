//! Inline caches: what an instruction learned the last time it ran, kept next to the code
//! so that the next run can skip the lookup. One cache entry per name of a code object (the
//! instructions that look the same name up in the same code see the same dicts).
//!
//! Both runtimes use them. Every entry is validated before it is used, and validation never
//! trusts a value kept in the cache — only positions, whose key is re-checked, and object
//! versions (see `ObjCell::version`) — so a cache can be wrong about nothing but its own
//! usefulness.
//!
//! The words of an entry are atomics, so that threads of the free-threaded runtime may read
//! and write the same entry at once without a data race, and each name's entries sit behind a
//! sequence word (a seqlock): a writer makes it odd, writes, and makes it even again; a reader
//! keeps what it read only if the word was even and unchanged around its reads, so it never
//! uses an entry made of two writes' halves. A writer that finds the word odd (another thread
//! writing) leaves the entry alone: a cache write is only ever a hint. Under the GIL one
//! thread at a time touches the caches, and the sequence word is neither read nor written:
//! the atomics compile to the plain loads and stores they replaced.

use super::Runtime;
use crate::objects::runtime::multi_threaded;
use std::marker::PhantomData;
use std::sync::atomic::{fence, AtomicU32, AtomicU64, Ordering};

/// What LoadGlobal found for one name.
#[derive(Clone, Copy, Default)]
pub struct GlobalEntry {
    /// 0: nothing cached; 1: the globals dict has the name at `index`; 2: the builtins dict
    /// has it at `index`, and the globals dict lacked it at `globals_version`. The bits above
    /// the low 8 are flags (`vm::cache`: the value itself is kept). At most 16 bits are kept.
    pub kind: u32,
    pub index: u32,
    pub globals_version: u64,
    /// With a kept value: the builtins dict's version when the value was read there.
    pub builtins_version: u64,
    /// With a kept value: the value, as `vm::cache` encodes it (a tag and a payload word).
    pub value: [u64; 2],
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
    /// At most 8 bits are kept.
    pub kind: u32,
    /// A position in a dict.
    pub index: u32,
    /// Which dict: 0 the class's own, k the k-th class of its MRO. At most 24 bits are kept
    /// (a deeper MRO is not cached).
    pub depth: u32,
    /// The instance shape the entry is for (its address; see `objects::shape`), 0 for none.
    pub shape: usize,
    /// StoreAttr adding a name: the shape one name shorter that `shape` grows from.
    pub from: usize,
}

/// How many classes an attribute entry remembers per name: a method of a base class reads
/// `self.x` on instances of each of its subclasses.
pub const ATTR_WAYS: usize = 4;

/// Words of one global entry: kind/index, globals version, builtins version, value (two).
const GLOBAL_WORDS: usize = 5;

/// Words of one attribute entry: class, class version, kind/depth/index, shape, from.
const ATTR_WORDS: usize = 5;
const WAYS_WORDS: usize = ATTR_WAYS * ATTR_WORDS;

/// One entry of each kind per name of a code object (attribute entries: one per class, up to
/// [`ATTR_WAYS`]), for the runtime `R`.
pub struct NameCaches<R: Runtime> {
    globals: Box<[Seq<GLOBAL_WORDS>]>,
    attrs: Box<[Seq<WAYS_WORDS>]>,
    stores: Box<[Seq<WAYS_WORDS>]>,
    _runtime: PhantomData<fn() -> R>,
}

impl<R: Runtime> NameCaches<R> {
    /// Entries of every kind for `names` names.
    pub fn new(names: usize) -> Self {
        NameCaches {
            globals: Seq::empty(names),
            attrs: Seq::empty(names),
            stores: Seq::empty(names),
            _runtime: PhantomData,
        }
    }

    /// Entries of each kind for the names that instructions of that kind in `ops` look up
    /// (up to the highest such name, and never past the code's `names`: the operands of code
    /// read from a damaged cache file are checked only after this): a module or class body
    /// stores hundreds of names and reads few attributes, and its caches are made (zeroed)
    /// each time it is imported.
    pub fn for_ops(ops: &[super::Op], names: usize) -> Self {
        use super::Op;
        let (mut globals, mut attrs, mut stores) = (0, 0, 0);
        for op in ops {
            match *op {
                Op::LoadGlobal(i) => globals = globals.max(i as usize + 1),
                Op::LoadAttr(i) | Op::LoadMethod(i) => attrs = attrs.max(i as usize + 1),
                Op::LoadFastAttr(p) | Op::LoadFastMethod(p) => {
                    attrs = attrs.max((p >> 16) as usize + 1)
                }
                Op::StoreAttr(i) => stores = stores.max(i as usize + 1),
                _ => {}
            }
        }
        NameCaches {
            globals: Seq::empty(globals.min(names)),
            attrs: Seq::empty(attrs.min(names)),
            stores: Seq::empty(stores.min(names)),
            _runtime: PhantomData,
        }
    }

    /// How many names have LoadGlobal entries (every LoadGlobal's name, `Code::validate`
    /// checks).
    pub fn names(&self) -> usize {
        self.globals.len()
    }

    /// How many names have attribute entries (every LoadAttr's, LoadMethod's,
    /// LoadFastAttr's and LoadFastMethod's name, `Code::validate` checks).
    pub fn attr_names(&self) -> usize {
        self.attrs.len()
    }

    /// How many names have StoreAttr entries (every StoreAttr's name, `Code::validate`
    /// checks).
    pub fn store_names(&self) -> usize {
        self.stores.len()
    }

    /// The LoadGlobal entry of name `i` (an empty one while another thread writes it).
    ///
    /// # Safety
    /// `i` is below [`NameCaches::names`] (`Code::validate` checks it for every LoadGlobal).
    #[inline(always)]
    pub unsafe fn global_unchecked(&self, i: u32) -> GlobalEntry {
        debug_assert!((i as usize) < self.globals.len());
        // SAFETY: as the function's contract says.
        let seq = unsafe { self.globals.get_unchecked(i as usize) };
        let Some(start) = seq.begin_read::<R>() else {
            return GlobalEntry::default();
        };
        let w0 = seq.words[0].load(Ordering::Relaxed);
        let e = GlobalEntry {
            kind: w0 as u32 & 0xffff,
            index: (w0 >> 32) as u32,
            globals_version: seq.words[1].load(Ordering::Relaxed),
            // Kept values are only used without the GIL (`vm::cache`).
            builtins_version: if R::FREE_THREADED {
                seq.words[2].load(Ordering::Relaxed)
            } else {
                0
            },
            value: if R::FREE_THREADED {
                [
                    seq.words[3].load(Ordering::Relaxed),
                    seq.words[4].load(Ordering::Relaxed),
                ]
            } else {
                [0; 2]
            },
        };
        if seq.end_read::<R>(start) {
            e
        } else {
            GlobalEntry::default()
        }
    }

    pub fn set_global(&self, i: u32, e: GlobalEntry) {
        let Some(seq) = self.globals.get(i as usize) else {
            return;
        };
        let Some(start) = seq.begin_write::<R>() else {
            return;
        };
        seq.words[0].store(
            (e.kind & 0xffff) as u64 | (e.index as u64) << 32,
            Ordering::Relaxed,
        );
        seq.words[1].store(e.globals_version, Ordering::Relaxed);
        seq.words[2].store(e.builtins_version, Ordering::Relaxed);
        seq.words[3].store(e.value[0], Ordering::Relaxed);
        seq.words[4].store(e.value[1], Ordering::Relaxed);
        seq.end_write::<R>(start);
    }

    /// The attribute entry of name `i` for the class at address `class` (an empty entry if
    /// there is none, or while another thread writes the name's entries; a name no
    /// attribute instruction of the code reads has none).
    #[inline(always)]
    pub fn attr(&self, i: u32, class: usize) -> AttrEntry {
        match self.attrs.get(i as usize) {
            Some(ways) => find_way::<R>(ways, class),
            None => NO_ENTRY,
        }
    }

    /// [`NameCaches::attr`] without the bounds check, for the eval loop's attribute hits.
    ///
    /// # Safety
    /// `i` is below [`NameCaches::attr_names`] (`Code::validate` checks it for every
    /// LoadAttr, LoadMethod, LoadFastAttr and LoadFastMethod).
    #[inline(always)]
    pub unsafe fn attr_unchecked(&self, i: u32, class: usize) -> AttrEntry {
        debug_assert!((i as usize) < self.attrs.len());
        // SAFETY: as the function's contract says.
        find_way::<R>(unsafe { self.attrs.get_unchecked(i as usize) }, class)
    }

    /// Records `e` for its class (replacing the class's entry, else the oldest).
    pub fn set_attr(&self, i: u32, e: AttrEntry) {
        if let Some(ways) = self.attrs.get(i as usize) {
            put_way::<R>(ways, e);
        }
    }

    /// The StoreAttr entry of name `i` for the class at address `class`.
    ///
    /// # Safety
    /// `i` is below [`NameCaches::store_names`] (`Code::validate` checks it for every
    /// StoreAttr).
    #[inline(always)]
    pub unsafe fn store_unchecked(&self, i: u32, class: usize) -> AttrEntry {
        debug_assert!((i as usize) < self.stores.len());
        // SAFETY: as the function's contract says.
        find_way::<R>(unsafe { self.stores.get_unchecked(i as usize) }, class)
    }

    pub fn set_store(&self, i: u32, e: AttrEntry) {
        if let Some(ways) = self.stores.get(i as usize) {
            put_way::<R>(ways, e);
        }
    }
}

/// `N` words behind a sequence word (see the module comment).
struct Seq<const N: usize> {
    seq: AtomicU32,
    words: [AtomicU64; N],
}

impl<const N: usize> Default for Seq<N> {
    fn default() -> Self {
        Seq {
            seq: AtomicU32::new(0),
            words: std::array::from_fn(|_| AtomicU64::new(0)),
        }
    }
}

impl<const N: usize> Seq<N> {
    /// `n` empty entries, allocated zeroed rather than built word by word (a module body's
    /// code has hundreds of names, and an import makes its caches once and runs it once).
    fn empty(n: usize) -> Box<[Self]> {
        // SAFETY: a `Seq` is atomics only, and all-zero bytes are the value `default` makes.
        unsafe { Box::<[Self]>::new_zeroed_slice(n).assume_init() }
    }

    /// Starts a read: the sequence word, or `None` while a writer is at work.
    #[inline(always)]
    fn begin_read<R: Runtime>(&self) -> Option<u32> {
        if !R::FREE_THREADED {
            return Some(0);
        }
        let s = self.seq.load(Ordering::Acquire);
        (s & 1 == 0).then_some(s)
    }

    /// True when what was read since `begin_read` returned `start` is one write's.
    #[inline(always)]
    fn end_read<R: Runtime>(&self, start: u32) -> bool {
        if !R::FREE_THREADED {
            return true;
        }
        // The reads above may not move below the second load of the sequence word.
        fence(Ordering::Acquire);
        self.seq.load(Ordering::Relaxed) == start
    }

    /// Starts a write: `None` if another thread is writing (the write is then skipped).
    #[inline(always)]
    fn begin_write<R: Runtime>(&self) -> Option<u32> {
        // Under the GIL, or with the main thread the only one, no reader runs meanwhile.
        if !R::FREE_THREADED || !multi_threaded() {
            return Some(0);
        }
        let s = self.seq.load(Ordering::Relaxed);
        if s & 1 != 0 {
            return None;
        }
        self.seq
            .compare_exchange(s, s + 1, Ordering::Acquire, Ordering::Relaxed)
            .ok()?;
        // The odd word is seen before any of the stores below.
        fence(Ordering::Release);
        Some(s)
    }

    #[inline(always)]
    fn end_write<R: Runtime>(&self, start: u32) {
        // `begin_write` took the word (a thread cannot start another one in between).
        if R::FREE_THREADED && multi_threaded() {
            self.seq.store(start.wrapping_add(2), Ordering::Release);
        }
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

/// The most of `depth` an entry keeps.
const MAX_DEPTH: u32 = (1 << 24) - 1;

/// One word of an entry. Under the GIL no other thread reads or writes the caches
/// meanwhile, so the word is read as plain memory: a read whose value goes unused is then
/// left out (an atomic load is kept even when nothing uses it), and an attribute hit loads
/// only the words it compares.
#[inline(always)]
fn word<R: Runtime>(w: &AtomicU64) -> u64 {
    if R::FREE_THREADED {
        w.load(Ordering::Relaxed)
    } else {
        // SAFETY: under the GIL only the thread holding it touches a cache entry, so no
        // write runs at the same time as this read.
        unsafe { *w.as_ptr() }
    }
}

#[inline(always)]
fn load_entry<R: Runtime>(words: &[AtomicU64]) -> AttrEntry {
    let packed = word::<R>(&words[2]);
    AttrEntry {
        class: word::<R>(&words[0]) as usize,
        class_version: word::<R>(&words[1]),
        kind: (packed & 0xff) as u32,
        depth: ((packed >> 8) & MAX_DEPTH as u64) as u32,
        index: (packed >> 32) as u32,
        shape: word::<R>(&words[3]) as usize,
        from: word::<R>(&words[4]) as usize,
    }
}

fn store_entry(words: &[AtomicU64], e: &AttrEntry) {
    let packed = (e.kind & 0xff) as u64 | (e.depth as u64) << 8 | (e.index as u64) << 32;
    words[0].store(e.class as u64, Ordering::Relaxed);
    words[1].store(e.class_version, Ordering::Relaxed);
    words[2].store(packed, Ordering::Relaxed);
    words[3].store(e.shape as u64, Ordering::Relaxed);
    words[4].store(e.from as u64, Ordering::Relaxed);
}

#[inline(always)]
fn find_way<R: Runtime>(ways: &Seq<WAYS_WORDS>, class: usize) -> AttrEntry {
    let Some(start) = ways.begin_read::<R>() else {
        return NO_ENTRY;
    };
    let mut found = NO_ENTRY;
    for w in ways.words.chunks_exact(ATTR_WORDS) {
        if word::<R>(&w[0]) as usize == class {
            found = load_entry::<R>(w);
            break;
        }
    }
    if ways.end_read::<R>(start) {
        found
    } else {
        NO_ENTRY
    }
}

/// Puts `e` in its class's way, else in front, the oldest entry falling off the end.
fn put_way<R: Runtime>(ways: &Seq<WAYS_WORDS>, e: AttrEntry) {
    if e.depth > MAX_DEPTH {
        return;
    }
    let Some(start) = ways.begin_write::<R>() else {
        return;
    };
    let way = |at: usize| &ways.words[at * ATTR_WORDS..(at + 1) * ATTR_WORDS];
    match (0..ATTR_WAYS).find(|&at| way(at)[0].load(Ordering::Relaxed) as usize == e.class) {
        Some(at) => store_entry(way(at), &e),
        None => {
            for at in (1..ATTR_WAYS).rev() {
                store_entry(way(at), &load_entry::<R>(way(at - 1)));
            }
            store_entry(way(0), &e);
        }
    }
    ways.end_write::<R>(start);
}
