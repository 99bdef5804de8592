//! The cycle collector's bookkeeping: the header word every object carries (a few flags, and
//! its index while a collection looks at it), the registry of tracked container objects in
//! three generations (CPython's, with its thresholds and counts; each generation a list linked
//! through the objects themselves, see `gc_list`), the search for unreachable objects, and the
//! per-thread queue of finalizers (`__del__`, weakref callbacks) that a free cannot run itself.
//!
//! Finding garbage is CPython's algorithm: copy each tracked object's count, subtract the
//! references that come from inside the generation being collected ([`ObjKind::traverse`]);
//! what stays above zero is referenced from outside and is a root; everything reachable from a
//! root lives, the rest is garbage. Running finalizers and breaking the cycles is policy and
//! needs the VM, so it lives above (`vm::gc`); this floor only hands back the garbage, each
//! object held by one counted reference.
//!
//! Under the GIL the registry is a plain structure that only the GIL holder touches; under
//! `--no-gil` it sits behind a mutex, and a collection holds that mutex while it searches.

use super::gc_list::{links_of, object_at, unlink, List};
use super::{Obj, ObjKind, ObjRef, Runtime};
use parking_lot::{Mutex, MutexGuard};
use std::cell::{Cell, RefCell, UnsafeCell};
use std::marker::PhantomData;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

/// The header flags (`Obj::flags`).
/// Allocated with the collector's links in front (see `gc_list`); never cleared.
pub const LINKED: u32 = 1 << 0;
/// In the registry.
pub const TRACKED: u32 = 1 << 2;
/// `__del__` has run (PEP 442: at most once per object).
pub const FINALIZED: u32 = 1 << 3;
/// Some weak reference points at the object (see `weak`).
pub const HAS_WEAKREFS: u32 = 1 << 4;
/// On a class: its instances have a `__del__`.
pub const HAS_DEL: u32 = 1 << 5;
/// `--no-gil` with threads running: the object is in the young list of a shard (which one in
/// the `SHARD_MASK` bits), not in one of the registry's (see [`Shard`]).
const IN_SHARD: u32 = 1 << 6;
const SHARD_SHIFT: u32 = 7;
const SHARDS: usize = 16;
const SHARD_MASK: u32 = (SHARDS as u32 - 1) << SHARD_SHIFT;
/// On a generator or coroutine: freeing it closes it first if it is suspended in a `try` or
/// `with` block (see [`GeneratorObj::needs_close`](super::GeneratorObj::needs_close)).
pub const CLOSES: u32 = 1 << 11;
/// How far a thread's allocations minus frees in shards may drift before they are added to
/// the registry's generation-0 count.
const COUNT_BATCH: usize = 64;

pub const GENERATIONS: usize = 3;

/// The tracked objects and the collection policy's numbers.
pub struct Registry {
    /// The objects of each generation, linked through their headers. The registry must not
    /// move once [`Registry::init`] ran (it lives in a leaked [`Heap`]).
    gens: [List; GENERATIONS],
    /// Start-up's objects (see [`settle_startup`]): never searched, as CPython's permanent
    /// generation (`gc.freeze()`).
    frozen: List,
    /// CPython's counts: generation 0 counts allocations minus frees of tracked objects,
    /// the older ones count collections of the generation below.
    pub count: [usize; GENERATIONS],
    threshold: [usize; GENERATIONS],
    enabled: bool,
    /// A collection is running (finalizers may run Python code, which must not start another).
    collecting: bool,
    /// Generation 0's count past which a collection is due (`usize::MAX` while disabled or
    /// collecting): one comparison per tracked allocation.
    trigger: usize,
    long_lived_total: usize,
    long_lived_pending: usize,
}

impl Registry {
    const fn new() -> Self {
        Registry {
            gens: [List::new(), List::new(), List::new()],
            frozen: List::new(),
            count: [0; GENERATIONS],
            threshold: [700, 10, 10],
            enabled: true,
            collecting: false,
            trigger: 700,
            long_lived_total: 0,
            long_lived_pending: 0,
        }
    }

    fn init(&self) {
        for g in &self.gens {
            g.init();
        }
        self.frozen.init();
    }

    fn update_trigger(&mut self) {
        self.trigger = if self.enabled && !self.collecting && self.threshold[0] > 0 {
            self.threshold[0]
        } else {
            usize::MAX
        };
    }

    pub fn set_enabled(&mut self, on: bool) {
        self.enabled = on;
        self.update_trigger();
    }

    pub fn set_collecting(&mut self, on: bool) {
        self.collecting = on;
        self.update_trigger();
    }

    pub fn set_threshold(&mut self, generation: usize, value: usize) {
        self.threshold[generation] = value;
        self.update_trigger();
    }

    /// The oldest generation whose count passed its threshold (CPython's
    /// `gc_collect_generations`, with its rule that a full collection waits until a quarter
    /// of the long-lived objects are new), or `None`.
    pub fn due_generation(&self) -> Option<usize> {
        (0..GENERATIONS).rev().find(|&g| {
            self.count[g] > self.threshold[g]
                && self.threshold[g] > 0
                && (g != 2 || self.long_lived_pending > self.long_lived_total / 4)
        })
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    pub fn collecting(&self) -> bool {
        self.collecting
    }

    pub fn threshold(&self) -> [usize; GENERATIONS] {
        self.threshold
    }

    /// How many objects each generation holds (a walk of each list).
    pub fn sizes(&self) -> [usize; GENERATIONS] {
        [self.gens[0].len(), self.gens[1].len(), self.gens[2].len()]
    }

    /// Every tracked object's address (for `gc.get_objects`), or those of one generation.
    /// The frozen start-up objects are listed with the oldest generation, where they would
    /// otherwise be.
    pub fn all(&self, generation: Option<usize>) -> Vec<usize> {
        let lists: &[&List] = match generation {
            Some(0) => &[&self.gens[0]],
            Some(1) => &[&self.gens[1]],
            Some(_) => &[&self.gens[2], &self.frozen],
            None => &[&self.gens[0], &self.gens[1], &self.gens[2], &self.frozen],
        };
        lists.iter().flat_map(|l| l.objects()).collect()
    }
}

/// One interpreter's registry: a plain structure for the GIL runtime, a locked one for
/// `--no-gil` (the runtime decides which is used). Each interpreter has its own (made by
/// [`new_heap`], entered by each of its threads with [`enter`]), so that interpreters in one
/// process (tests run several at once) never share one.
pub struct Heap {
    gil: UnsafeCell<Registry>,
    nogil: Mutex<Registry>,
    young: [Shard; SHARDS],
    /// Stops the threads for a collection under `--no-gil`.
    pub world: super::gc_world::World,
    /// Classes replaced by `__class__` assignment (see [`retire`]), each owning the reference
    /// its instance held.
    retired: Mutex<Vec<usize>>,
}

/// `--no-gil` while threads run: each thread puts the tracked objects it makes in the young
/// list of its own shard, behind that shard's lock, instead of in the registry behind the
/// registry's one lock, which every allocation and free of every thread would otherwise take
/// (its cache line bouncing between cores). Most objects die young, on the thread that made
/// them: their whole life in the registry touches one shard, which no other thread writes.
/// Anything that reads the registry ([`registry`]) first moves the shards' objects into
/// generation 0. Lock order: a shard, then the registry.
#[repr(align(128))]
struct Shard {
    list: Mutex<List>,
}

impl Shard {
    const fn new() -> Self {
        Shard {
            list: parking_lot::const_mutex(List::new()),
        }
    }
}

// SAFETY: `gil` is reached only by the GIL runtime, whose threads touch objects (and so the
// registry) only while holding their interpreter's GIL; `nogil` and the shards are behind
// their mutexes, and the links of an object in one of their lists are touched only under the
// same mutex.
unsafe impl Sync for Heap {}
// SAFETY: as above: a list's links are touched only by whoever holds what owns the list.
unsafe impl Send for Registry {}

/// A registry for a new interpreter; it lives as long as the process (objects may outlive
/// the interpreter's own structures).
pub fn new_heap() -> &'static Heap {
    if std::env::var_os(NO_GC_ENV).is_some() {
        TRACKING.store(false, Ordering::Relaxed);
    }
    let heap: &'static Heap = Box::leak(Box::new(Heap {
        gil: UnsafeCell::new(Registry::new()),
        nogil: parking_lot::const_mutex(Registry::new()),
        young: [const { Shard::new() }; SHARDS],
        world: super::gc_world::World::new(),
        retired: parking_lot::const_mutex(Vec::new()),
    }));
    // The lists' heads link to themselves, now that they are where they stay.
    // SAFETY: no other thread knows the heap yet.
    unsafe { &*heap.gil.get() }.init();
    heap.nogil.lock().init();
    for shard in &heap.young {
        shard.list.lock().init();
    }
    heap
}

thread_local! {
    /// The registry of the interpreter this thread runs.
    static CURRENT: Cell<*const Heap> = const { Cell::new(std::ptr::null()) };
}

/// Makes `heap` the registry of the objects this thread makes and frees.
pub fn enter(heap: &'static Heap) {
    CURRENT.with(|c| c.set(heap));
}

#[inline(always)]
fn heap() -> &'static Heap {
    let p = CURRENT.with(|c| c.get());
    if p.is_null() {
        // A thread outside any interpreter (a unit test): a registry of its own.
        let h = new_heap();
        enter(h);
        return h;
    }
    // SAFETY: heaps are leaked, never freed.
    unsafe { &*p }
}

/// Set (to anything) in the environment, turns the collector off entirely: no object is
/// tracked and so none is ever collected. Only for measuring what the collector costs
/// (`benches/compare.sh`); cycles then leak.
pub const NO_GC_ENV: &str = "MINIPY_NO_GC";

/// False under [`NO_GC_ENV`].
static TRACKING: AtomicBool = AtomicBool::new(true);

/// True unless the collector was turned off (see [`NO_GC_ENV`]).
#[inline(always)]
pub fn tracking() -> bool {
    TRACKING.load(Ordering::Relaxed)
}

/// Set when generation 0 passed its threshold: the next eval breaker collects.
static DUE: AtomicBool = AtomicBool::new(false);

/// Set once the program has an instance of a class with `__del__` or a weak reference with a
/// callback: the end of the program then finalizes what is left (see `vm::gc`).
static FINALIZERS_USED: AtomicBool = AtomicBool::new(false);

#[inline]
pub fn note_finalizers() {
    if !FINALIZERS_USED.load(Ordering::Relaxed) {
        FINALIZERS_USED.store(true, Ordering::Relaxed);
    }
}

pub fn finalizers_used() -> bool {
    FINALIZERS_USED.load(Ordering::Relaxed)
}

/// Set once the program has made a generator or coroutine: one left suspended in a `try` or
/// `with` block at the end of the program is closed then, as CPython's finalization does.
static GENERATORS_MADE: AtomicBool = AtomicBool::new(false);

#[inline]
pub fn note_generator() {
    if !GENERATORS_MADE.load(Ordering::Relaxed) {
        GENERATORS_MADE.store(true, Ordering::Relaxed);
    }
}

pub fn generators_made() -> bool {
    GENERATORS_MADE.load(Ordering::Relaxed)
}

/// Exclusive access to the registry of runtime `R`.
pub struct RegistryGuard<'a, R: Runtime> {
    heap: &'a Heap,
    nogil: Option<MutexGuard<'a, Registry>>,
    _runtime: PhantomData<R>,
}

impl<R: Runtime> std::ops::Deref for RegistryGuard<'_, R> {
    type Target = Registry;
    fn deref(&self) -> &Registry {
        match &self.nogil {
            Some(g) => g,
            // SAFETY: the GIL is held (see `Heap`) and no other guard is alive on this
            // thread: guards are never held across anything that frees objects.
            None => unsafe { &*self.heap.gil.get() },
        }
    }
}

impl<R: Runtime> std::ops::DerefMut for RegistryGuard<'_, R> {
    fn deref_mut(&mut self) -> &mut Registry {
        match &mut self.nogil {
            Some(g) => g,
            // SAFETY: as in `deref`.
            None => unsafe { &mut *self.heap.gil.get() },
        }
    }
}

/// The registry of runtime `R`, with every tracked object in it (the shards' young objects
/// moved into generation 0). Never hold the guard while objects may be freed.
#[inline]
pub fn registry<R: Runtime>() -> RegistryGuard<'static, R> {
    if R::FREE_THREADED && super::runtime::multi_threaded() {
        drain_shards(heap());
    }
    raw_registry::<R>()
}

/// The registry as it is (the shards left alone).
#[inline]
fn raw_registry<R: Runtime>() -> RegistryGuard<'static, R> {
    let heap = heap();
    RegistryGuard {
        heap,
        nogil: R::FREE_THREADED.then(|| heap.nogil.lock()),
        _runtime: PhantomData,
    }
}

/// Moves every shard's young objects into generation 0 of the registry.
fn drain_shards(heap: &Heap) {
    for shard in &heap.young {
        let list = shard.list.lock();
        if list.is_empty() {
            continue;
        }
        let reg = heap.nogil.lock();
        for link in list.links() {
            head(object_at(link))
                .flags
                .fetch_and(!(IN_SHARD | SHARD_MASK), Ordering::Relaxed);
        }
        reg.gens[0].append(&list);
    }
}

thread_local! {
    /// This thread's shard (`usize::MAX` before its first tracked object in one).
    static MY_SHARD: Cell<usize> = const { Cell::new(usize::MAX) };
    /// Tracked objects this thread added to shards minus those it removed, not yet added to
    /// the registry's count.
    static SHARD_DELTA: Cell<isize> = const { Cell::new(0) };
}

static NEXT_SHARD: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn my_shard() -> usize {
    MY_SHARD.with(|s| {
        if s.get() == usize::MAX {
            s.set(NEXT_SHARD.fetch_add(1, Ordering::Relaxed) % SHARDS);
        }
        s.get()
    })
}

/// `track` while threads run under `--no-gil`.
fn track_in_shard<R: Runtime>(addr: usize) {
    let shard = my_shard();
    {
        let list = heap().young[shard].list.lock();
        list.push(links_of(addr));
        head(addr)
            .flags
            .fetch_or(IN_SHARD | (shard as u32) << SHARD_SHIFT, Ordering::Relaxed);
    }
    shard_count::<R>(1);
}

/// `untrack` of an object that was in a shard: false if a drain moved it to the registry
/// meanwhile.
fn untrack_in_shard<R: Runtime>(addr: usize, flags: u32) -> bool {
    let shard = ((flags & SHARD_MASK) >> SHARD_SHIFT) as usize;
    {
        let _list = heap().young[shard].list.lock();
        if head(addr).flags.load(Ordering::Relaxed) & IN_SHARD == 0 {
            return false;
        }
        unlink(links_of(addr));
    }
    shard_count::<R>(-1);
    true
}

/// Adds `d` to this thread's shard count, and the count to the registry's once it is
/// `COUNT_BATCH` away from zero.
fn shard_count<R: Runtime>(d: isize) {
    let n = SHARD_DELTA.with(|c| {
        let n = c.get() + d;
        c.set(if n.unsigned_abs() >= COUNT_BATCH {
            0
        } else {
            n
        });
        n
    });
    if n.unsigned_abs() < COUNT_BATCH {
        return;
    }
    let mut reg = raw_registry::<R>();
    if n > 0 {
        reg.count[0] += n as usize;
        if reg.count[0] > reg.trigger {
            DUE.store(true, Ordering::Relaxed);
            raise_attention();
        }
    } else {
        reg.count[0] = reg.count[0].saturating_sub(n.unsigned_abs());
    }
}

/// True when generation 0 passed its threshold since the last collection.
#[inline(always)]
pub fn collection_due() -> bool {
    DUE.load(Ordering::Relaxed)
}

pub fn clear_due() {
    DUE.store(false, Ordering::Relaxed);
}

#[inline(always)]
fn head<'a>(addr: usize) -> &'a super::Head {
    // SAFETY: every address in the registry is a live `Obj` (objects leave it before they
    // are freed), and `Head` is the first field of the `repr(C)` `Obj` of either runtime.
    unsafe { &*(addr as *const super::Head) }
}

/// The end of an interpreter's start-up: what it made (the built-in classes, functions and
/// module dicts) lives as long as the interpreter, so it is frozen, as CPython's
/// `gc.freeze()` does: kept in a list no collection searches (a free still takes an object
/// out of it), and generation 0 counts from zero. Otherwise the first collections of every
/// program, short ones included, would traverse all of it twice (as generation 0, then as
/// generation 1) only to promote it, and every full collection (two at the end of a program
/// that made a generator) again. `gc.get_objects()` still lists it.
pub fn settle_startup<R: Runtime>() {
    let mut reg = registry::<R>();
    for g in 0..GENERATIONS {
        reg.frozen.append(&reg.gens[g]);
    }
    reg.count = [0; GENERATIONS];
    clear_due();
}

/// Adds a new object to generation 0 (called once, from `ObjRef::new`).
#[inline]
pub(super) fn track<R: Runtime>(addr: usize) {
    if R::FREE_THREADED && super::runtime::multi_threaded() {
        return track_in_shard::<R>(addr);
    }
    let mut reg = raw_registry::<R>();
    reg.gens[0].push(links_of(addr));
    reg.count[0] += 1;
    if reg.count[0] > reg.trigger {
        DUE.store(true, Ordering::Relaxed);
        raise_attention();
    }
}

/// Removes an object that is being freed from the registry.
#[inline]
pub(super) fn untrack<R: Runtime>(addr: usize, flags: u32) {
    if R::FREE_THREADED && flags & IN_SHARD != 0 && untrack_in_shard::<R>(addr, flags) {
        return;
    }
    // Whichever of the registry's lists holds it (a drain may have moved it there since the
    // caller read its flags), its neighbours are behind the registry's lock.
    let mut reg = raw_registry::<R>();
    unlink(links_of(addr));
    if reg.count[0] > 0 {
        reg.count[0] -= 1;
    }
}

/// Sets header flags (an atomic or under `--no-gil`, where other flags may change at once).
#[inline]
pub fn set_flags<R: Runtime>(flags: &AtomicU32, bits: u32) {
    if R::FREE_THREADED {
        flags.fetch_or(bits, Ordering::Relaxed);
    } else {
        flags.store(flags.load(Ordering::Relaxed) | bits, Ordering::Relaxed);
    }
}

#[inline]
pub fn clear_flags<R: Runtime>(flags: &AtomicU32, bits: u32) {
    if R::FREE_THREADED {
        flags.fetch_and(!bits, Ordering::Relaxed);
    } else {
        flags.store(flags.load(Ordering::Relaxed) & !bits, Ordering::Relaxed);
    }
}

/// The unreachable objects of generations `0..=gen`, each held by one new reference; the
/// reachable ones move to the next generation. The caller has stopped the world (holds the
/// GIL, or is the only thread under `--no-gil`) and holds no object lock.
pub fn find_garbage<R: Runtime>(gen: usize) -> Vec<ObjRef<R>> {
    let gen = gen.min(GENERATIONS - 1);
    let mut reg = registry::<R>();
    // Merge the younger generations into the one collected.
    for young in 0..gen {
        reg.gens[gen].append(&reg.gens[young]);
    }
    for c in reg.count.iter_mut().take(gen + 1) {
        *c = 0;
    }
    if gen + 1 < GENERATIONS {
        reg.count[gen + 1] += 1;
    }
    let objs = indexed::<R>(&reg.gens[gen]);
    // An object is in the set when its `slot` indexes its own address in `objs`: an older
    // object's `slot` is left from an earlier collection and indexes some other object (or
    // nothing), an object never tracked has 0.
    let in_set = |o: &ObjRef<R>| -> Option<usize> {
        let s = o.head().slot.load(Ordering::Relaxed) as usize;
        (objs.get(s) == Some(&o.addr())).then_some(s)
    };
    // Counts minus the references from inside the set.
    let mut refs: Vec<isize> = objs
        .iter()
        .map(|&a| head(a).count.load(Ordering::Relaxed) as isize)
        .collect();
    for &addr in &objs {
        obj_kind::<R>(addr).traverse(&mut |child| {
            if let Some(s) = in_set(child) {
                refs[s] -= 1;
            }
        });
    }
    // Everything reachable from a root lives. Only the objects with no reference from
    // outside can be garbage: once each of them is found reachable the search stops (often
    // at once, or after the one old container that holds them all), so most live objects are
    // traversed once per collection, not twice.
    let mut reachable = vec![false; objs.len()];
    let mut stack: Vec<usize> = Vec::new();
    let mut unknown = 0;
    for (i, &r) in refs.iter().enumerate() {
        if r > 0 {
            reachable[i] = true;
            stack.push(i);
        } else {
            unknown += 1;
        }
    }
    while unknown > 0 {
        let Some(i) = stack.pop() else { break };
        obj_kind::<R>(objs[i]).traverse(&mut |child| {
            if let Some(s) = in_set(child) {
                if !reachable[s] {
                    reachable[s] = true;
                    unknown -= 1;
                    stack.push(s);
                }
            }
        });
    }
    let older = (gen + 1).min(GENERATIONS - 1);
    let mut promoted = 0;
    let mut garbage = Vec::new();
    if unknown == 0 {
        // Nothing found: the whole generation moves up at once (a full collection's stays).
        if older != gen {
            reg.gens[older].append(&reg.gens[gen]);
            promoted = objs.len();
        }
    } else {
        // Survivors move up a generation; the garbage stays where it is until it is freed.
        for (i, &addr) in objs.iter().enumerate() {
            if reachable[i] {
                if older != gen {
                    unlink(links_of(addr));
                    reg.gens[older].push(links_of(addr));
                    promoted += 1;
                }
            } else if head(addr).count.load(Ordering::Relaxed) > 0 {
                // A count of 0 is an object another thread is freeing right now: not ours.
                // SAFETY: the object is live (it is in the registry with a count above
                // 0, and nothing else runs during the search).
                garbage.push(unsafe { ObjRef::from_addr_incref(addr) });
            }
        }
    }
    if older == 2 && gen == 1 {
        reg.long_lived_pending += promoted;
    }
    if gen == 2 {
        reg.long_lived_pending = 0;
        reg.long_lived_total = objs.len();
    }
    garbage
}

/// The objects of `list`, each one's `slot` set to its index in the answer; on the way,
/// CPython's lazy untracking: a tuple whose items are all untracked (made of tuples since
/// untracked, say) can never be part of a cycle, so it leaves the list.
fn indexed<R: Runtime>(list: &List) -> Vec<usize> {
    let mut objs = Vec::new();
    for link in list.links() {
        let addr = object_at(link);
        if let ObjKind::Tuple(items) = obj_kind::<R>(addr) {
            if !items.iter().any(super::traverse::is_tracked_value) {
                unlink(link);
                clear_flags::<R>(&head(addr).flags, TRACKED);
                continue;
            }
        }
        head(addr).slot.store(objs.len() as u32, Ordering::Relaxed);
        objs.push(addr);
    }
    objs
}

fn obj_kind<'a, R: Runtime>(addr: usize) -> &'a ObjKind<R> {
    // SAFETY: a registry address is a live `Obj<R>` of this runtime (see `head`).
    unsafe { &(*(addr as *const Obj<R>)).kind }
}

/// Keeps the reference an instance held to the class that `__class__` assignment replaced,
/// until the next collection starts ([`take_retired`]). Code that borrowed the instance's
/// class before the assignment may still read it until it runs Python code again, so the
/// reference cannot go at once; a class is freed by a collection anyway (it is always part
/// of a cycle, in CPython as here), so releasing it at the start of one frees it when
/// CPython would.
pub fn retire<R: Runtime>(class: ObjRef<R>) {
    heap().retired.lock().push(class.into_addr());
}

/// The classes [`retire`] kept, to drop before a collection's search.
pub fn take_retired<R: Runtime>() -> Vec<ObjRef<R>> {
    let addrs = std::mem::take(&mut *heap().retired.lock());
    addrs
        .into_iter()
        // SAFETY: each address owns the counted reference `retire` took over.
        .map(|a| unsafe { ObjRef::from_addr(a) })
        .collect()
}

/// What a free could not do itself because it runs Python code.
pub enum Pending<R: Runtime> {
    /// Call `__del__` on this (resurrected) object, or close it (a generator).
    Del(ObjRef<R>),
    /// Call `callback(weakref)`.
    Callback(ObjRef<R>, ObjRef<R>),
}

enum RawPending {
    Del(usize),
    Callback(usize, usize),
}

thread_local! {
    /// Finalizers queued by frees on this thread. The references they own are raw here (a
    /// thread-local cannot be generic); [`take_pending`] turns them back into `ObjRef`s.
    static PENDING: RefCell<Vec<RawPending>> = const { RefCell::new(Vec::new()) };
    static ANY_PENDING: Cell<bool> = const { Cell::new(false) };
    /// Either of the above, or a collection due: the one flag the eval loop's switch points
    /// look at.
    static ATTENTION: Cell<bool> = const { Cell::new(false) };
}

/// Under the GIL, the same flag as one global word (only the GIL holder frees objects, so
/// the holder's flag is the one that matters; a single load in the eval loop).
static ATTENTION_GIL: AtomicBool = AtomicBool::new(false);

/// True when this thread should run `vm::gc`'s checkpoint at its next switch point.
#[inline(always)]
pub fn attention<R: Runtime>() -> bool {
    // Without thread support there is one thread, and signal handlers raise the shared flag.
    if R::FREE_THREADED && !cfg!(feature = "no-threads") {
        ATTENTION.with(|a| a.get())
    } else {
        ATTENTION_GIL.load(Ordering::Relaxed)
    }
}

/// Asks for the checkpoint at this thread's next switch point.
pub fn raise_attention() {
    ATTENTION.with(|a| a.set(true));
    ATTENTION_GIL.store(true, Ordering::Relaxed);
    super::switch_budget::flag_attention(true);
}

/// Under the GIL, for the thread that has just taken it: the flag in its switch budget is
/// the one the holders before it left (their frees raise it, their checkpoints lower it).
pub fn take_over_attention() {
    super::switch_budget::flag_attention(ATTENTION_GIL.load(Ordering::Relaxed));
}

/// Without thread support: a signal came, for the next switch point to see (an atomic store
/// only, so callable from a signal handler).
#[cfg(feature = "no-threads")]
pub fn raise_attention_for_signal() {
    ATTENTION_GIL.store(true, Ordering::Relaxed);
}

/// The checkpoint is running: the flag is down until something new needs it.
pub fn clear_attention() {
    ATTENTION.with(|a| a.set(false));
    ATTENTION_GIL.store(false, Ordering::Relaxed);
    super::switch_budget::flag_attention(false);
}

/// True when this thread has finalizers to run (checked at calls in the eval loop).
#[inline(always)]
pub fn finalizers_pending() -> bool {
    ANY_PENDING.with(|p| p.get())
}

/// Queues `__del__` (or a generator's close) for an object whose count just reached 0 and
/// resurrects it: the count is set back to 1, owned by the queue.
pub(super) fn queue_del<R: Runtime>(ptr: NonNull<Obj<R>>) {
    // SAFETY: the object's count is 0 and only this free sees it.
    unsafe { ptr.as_ref().head.count.store(1, Ordering::Relaxed) };
    push(RawPending::Del(ptr.as_ptr() as usize));
}

/// Queues `callback(weakref)`, taking over both references.
pub(super) fn queue_callback<R: Runtime>(callback: ObjRef<R>, weakref: ObjRef<R>) {
    push(RawPending::Callback(
        callback.into_addr(),
        weakref.into_addr(),
    ));
}

fn push(p: RawPending) {
    let pushed = PENDING.try_with(|q| q.borrow_mut().push(p)).is_ok();
    if pushed {
        ANY_PENDING.with(|f| f.set(true));
        raise_attention();
    }
    // At thread exit the queue is gone: the reference is leaked, never freed unsafely.
}

/// Takes this thread's queued finalizers.
pub fn take_pending<R: Runtime>() -> Vec<Pending<R>> {
    ANY_PENDING.with(|f| f.set(false));
    let raw = PENDING.with(|q| std::mem::take(&mut *q.borrow_mut()));
    raw.into_iter()
        .map(|p| match p {
            // SAFETY: each address owns one counted reference, queued by `queue_*`.
            RawPending::Del(a) => Pending::Del(unsafe { ObjRef::from_addr(a) }),
            RawPending::Callback(c, w) => {
                Pending::Callback(unsafe { ObjRef::from_addr(c) }, unsafe {
                    ObjRef::from_addr(w)
                })
            }
        })
        .collect()
}
