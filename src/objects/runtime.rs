//! The two runtimes and what differs between them: how a reference count changes and how a
//! mutable object's contents are reached.
//!
//! Everything else in the interpreter is generic over [`Runtime`] and compiled once for each
//! (DESIGN.md, "Values and reference counts"). Both runtimes share one object layout: a count
//! word and, in each mutable object, an [`ObjCell`] that carries a lock word. Under the GIL the
//! lock word is never touched and the count is updated with plain loads and stores; without the
//! GIL the count is atomic and every cell access takes the cell's lock, once a second thread
//! runs (until then `--no-gil` updates counts and cells as the GIL runtime does, see
//! [`multi_threaded`]).

use super::Obj;
use std::cell::Cell;
use std::cell::UnsafeCell;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// The floors above that make and run a runtime's objects, named here only as types so that
/// objects import nothing above them: a compiled code object, the per-thread VM a native
/// function runs on and the frame a generator keeps. The VM fills them in for both runtimes
/// (`vm::Runtime`); everything is resolved at compile time, so a function's code and a
/// generator's frame are reached as directly as before.
pub trait Host {
    /// A compiled code object (`bytecode::Code`).
    type Code;
    /// The per-thread VM state native functions get (`vm::Vm`).
    type Vm;
    /// A suspended frame (`vm::frame::Frame`).
    type Frame;

    /// Calls `visit` for every counted reference a suspended frame holds (the cycle
    /// collector's traverse of a generator).
    fn traverse_frame(frame: &Self::Frame, visit: super::traverse::Visit<'_, Self>)
    where
        Self: Runtime;

    /// True if a suspended frame stopped inside a `try` or `with` block, whose `finally`,
    /// `except` or `__exit__` closing its generator would run (a generator freed without
    /// one is closed by just dropping its frame).
    fn frame_in_handler(frame: &Self::Frame) -> bool;

    /// A code object's name and qualified name (what a function made from it is called).
    fn code_names(code: &Self::Code) -> (&std::sync::Arc<str>, &std::sync::Arc<str>);
}

/// The chosen runtime: a type-level switch, never a value.
pub trait Runtime: Host + Sized + Send + Sync + 'static {
    /// True for `--no-gil` (and `--no-gil --racy-refcounts`).
    const FREE_THREADED: bool;
    /// True for `--no-gil --racy-refcounts` (`objects::racy`).
    const RACY_COUNTS: bool = false;
    /// What an object keeps besides its count: nothing (a zero-sized type, so the layout is
    /// the count and the kind) except in the racy runtime, where it is the exact count.
    type Shadow: Send + Sync;

    /// The shadow of a new object (which has one reference).
    fn new_shadow() -> Self::Shadow;
    /// Adds one reference.
    fn incref(obj: &Obj<Self>);
    /// Drops one reference; true when it was the last one.
    fn decref(obj: &Obj<Self>) -> bool;
    /// The number of references (`sys.getrefcount`).
    fn ref_count(obj: &Obj<Self>) -> usize;
}

/// The bit of a count that marks an immortal object (`ObjRef::make_immortal`). Set, the
/// count can never come down to zero: the GIL runtime keeps counting below it (a plain add is
/// as cheap as a test), `--no-gil` tests it and leaves the count alone, so
/// threads sharing an immortal object never write its cache line.
pub const IMMORTAL: usize = 1 << (usize::BITS - 2);

/// Set by the main thread just before it starts the first other thread under `--no-gil`
/// (`deferred::start_threads`), never cleared. Until then the main thread is the only one
/// that runs Python code or touches an object, so `--no-gil` updates counts with a plain load
/// and store and takes no cell lock: the single-thread price of the free-threaded runtime is
/// the GIL runtime's. Threads started later see the flag set (starting a thread orders
/// everything before it), so a thread that reads it unset is the only thread.
static MULTI_THREADED: AtomicBool = AtomicBool::new(false);

/// True once a second thread may touch objects (see [`MULTI_THREADED`]).
#[inline(always)]
pub fn multi_threaded() -> bool {
    MULTI_THREADED.load(Ordering::Relaxed)
}

pub(super) fn set_multi_threaded() {
    MULTI_THREADED.store(true, Ordering::Relaxed);
}

/// True when a cell access must take the cell's lock: under `--no-gil` once a second thread
/// runs, and always in the racy runtime (whose reports `try_lock` cells this thread may
/// already hold further up: only a real lock tells).
#[inline(always)]
fn needs_cell_locks<R: Runtime>() -> bool {
    R::FREE_THREADED && (R::RACY_COUNTS || multi_threaded())
}

/// The default runtime: one global interpreter lock protects every count and every object.
pub struct Gil;

/// `--no-gil`: atomic counts and a lock in every mutable object.
pub struct NoGil;

impl Runtime for Gil {
    const FREE_THREADED: bool = false;
    type Shadow = ();

    #[inline(always)]
    fn new_shadow() {}

    #[inline(always)]
    fn incref(obj: &Obj<Self>) {
        // The GIL is held here: no other thread reads or writes this count, so a plain
        // load-then-store (no `lock` prefix) is exact. This is the GIL's whole job.
        let count = &obj.head.count;
        count.store(count.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
    }

    #[inline(always)]
    fn decref(obj: &Obj<Self>) -> bool {
        // The GIL is held here (see `incref`).
        let count = &obj.head.count;
        let n = count.load(Ordering::Relaxed) - 1;
        count.store(n, Ordering::Relaxed);
        n == 0
    }

    fn ref_count(obj: &Obj<Self>) -> usize {
        obj.head.count.load(Ordering::Relaxed)
    }
}

impl Runtime for NoGil {
    const FREE_THREADED: bool = true;
    type Shadow = ();

    #[inline(always)]
    fn new_shadow() {}

    #[inline(always)]
    fn incref(obj: &Obj<Self>) {
        let count = &obj.head.count;
        let c = count.load(Ordering::Relaxed);
        if c & IMMORTAL == 0 {
            if multi_threaded() {
                count.fetch_add(1, Ordering::Relaxed);
            } else {
                // The only thread: no one else can change the count (see `multi_threaded`).
                count.store(c + 1, Ordering::Relaxed);
            }
        }
    }

    fn ref_count(obj: &Obj<Self>) -> usize {
        obj.head.count.load(Ordering::Relaxed)
    }

    #[inline(always)]
    fn decref(obj: &Obj<Self>) -> bool {
        let count = &obj.head.count;
        let c = count.load(Ordering::Relaxed);
        if c & IMMORTAL != 0 {
            return false;
        }
        if !multi_threaded() {
            // The only thread (see `incref`).
            count.store(c - 1, Ordering::Relaxed);
            return c == 1;
        }
        if count.fetch_sub(1, Ordering::Release) == 1 {
            // Make every other thread's last use of the object happen before its free: an
            // acquire load of the count synchronizes with every release decrement before it
            // (as a fence would, at the same cost on x86, and ThreadSanitizer, which does not
            // model fences, sees it).
            count.load(Ordering::Acquire);
            true
        } else {
            false
        }
    }
}

/// The mutable contents of an object (a list's items, a dict's table, an instance's
/// attributes). Reached only through [`ObjCell::lock`].
///
/// Rule for every caller: never run Python code (or block, or release the GIL) while holding
/// the guard. Copy what is needed out, drop the guard, then call. This keeps `--no-gil` free of
/// self-deadlock and keeps the GIL runtime free of aliased `&mut`.
pub struct ObjCell<T> {
    lock: CellLock,
    /// The version stamped by the last mutable access (0: none yet), for contents that are
    /// [`CellData::VERSIONED`] (dicts); 0 for ever for the rest. Every stamp is unique in the
    /// process (see [`next_version`]), so a version seen once names one state of one object:
    /// the eval loop's caches compare versions, never contents.
    version: AtomicU64,
    data: UnsafeCell<T>,
}

// SAFETY: the data is reached only through `lock`, which under `NoGil` takes the cell's lock and
// under `Gil` is only called by the thread holding the GIL.
unsafe impl<T: Send> Sync for ObjCell<T> {}
unsafe impl<T: Send> Send for ObjCell<T> {}

impl<T> ObjCell<T> {
    pub fn new(data: T) -> Self {
        ObjCell {
            lock: CellLock(AtomicBool::new(false)),
            version: AtomicU64::new(0),
            data: UnsafeCell::new(data),
        }
    }

    /// Exclusive access to the contents for the runtime `R`.
    #[inline(always)]
    pub fn lock<R: Runtime>(&self) -> CellGuard<'_, T, R> {
        let locked = needs_cell_locks::<R>();
        if locked {
            self.lock.lock();
        }
        CellGuard {
            cell: self,
            locked,
            _runtime: PhantomData,
        }
    }

    /// Exclusive access if no one else has it now (the racy runtime's reports, which may be
    /// made while this thread already holds the cell further up).
    pub fn try_lock<R: Runtime>(&self) -> Option<CellGuard<'_, T, R>> {
        let locked = needs_cell_locks::<R>();
        if locked && !self.lock.try_lock() {
            return None;
        }
        Some(CellGuard {
            cell: self,
            locked,
            _runtime: PhantomData,
        })
    }

    /// Consumes the cell (no other reference can exist).
    pub fn into_inner(self) -> T {
        self.data.into_inner()
    }

    /// Access through a unique borrow: no lock needed.
    pub fn get_mut(&mut self) -> &mut T
    where
        T: CellData,
    {
        if T::VERSIONED {
            self.version.store(next_version(), Ordering::Relaxed);
        }
        self.data.get_mut()
    }

    /// The version of the contents (see the field). Read without the lock: under `--no-gil`
    /// the contents may change right after; an unchanged version only says that no change
    /// had begun when it was read.
    #[inline(always)]
    pub fn version(&self) -> u64 {
        self.version.load(Ordering::Relaxed)
    }
}

/// The contents of an [`ObjCell`]: whether a mutable access stamps the cell with a new
/// version. Only what the eval loop's caches compare versions of is `VERSIONED` (a dict: the
/// globals and builtins of `LoadGlobal`); a list's or set's change, far more frequent, would
/// pay a thread-local access for a stamp nobody reads.
pub trait CellData {
    const VERSIONED: bool = false;
}

impl<T> CellData for Vec<T> {}
impl<T> CellData for Option<T> {}

pub struct CellGuard<'a, T, R: Runtime> {
    cell: &'a ObjCell<T>,
    /// The guard holds the cell's lock (always false under the GIL).
    locked: bool,
    _runtime: PhantomData<R>,
}

impl<T, R: Runtime> Deref for CellGuard<'_, T, R> {
    type Target = T;
    #[inline(always)]
    fn deref(&self) -> &T {
        // SAFETY: under NoGil we hold the cell's lock; under Gil the GIL is held and the
        // no-Python-code-while-locked rule means no other guard for this cell is alive.
        unsafe { &*self.cell.data.get() }
    }
}

impl<T: CellData, R: Runtime> DerefMut for CellGuard<'_, T, R> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut T {
        // Any mutable access may change versioned contents: a new version. Without the GIL
        // the stamp is made under the cell's lock before any change, so a thread that reads
        // the old version without the lock read it before the change began.
        if T::VERSIONED {
            self.cell.version.store(next_version(), Ordering::Relaxed);
        }
        // SAFETY: as in `deref`.
        unsafe { &mut *self.cell.data.get() }
    }
}

impl<T, R: Runtime> CellGuard<'_, T, R> {
    /// Mutable access without a new version: for contents whose version nothing compares
    /// (an instance's attributes, whose caches compare shapes instead).
    #[inline(always)]
    pub fn unversioned_mut(&mut self) -> &mut T {
        // SAFETY: as in `deref`.
        unsafe { &mut *self.cell.data.get() }
    }
}

impl<T, R: Runtime> Drop for CellGuard<'_, T, R> {
    #[inline(always)]
    fn drop(&mut self) {
        if R::FREE_THREADED && self.locked {
            // `lock` (or `try_lock`) took the cell's lock for this guard.
            self.cell.lock.unlock();
        }
    }
}

/// The lock of an `ObjCell` under `--no-gil`: one atomic compare-and-swap to take, one plain
/// store to release (a mutex that parks waiters needs a second read-modify-write to release,
/// to see whether anyone waits). Cells are held briefly (never across Python code, a block
/// or a wait), so a thread that finds one taken spins a little, then yields its core until
/// the holder is done.
struct CellLock(AtomicBool);

impl CellLock {
    #[inline(always)]
    fn lock(&self) {
        if self
            .0
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            self.lock_contended();
        }
    }

    #[cold]
    #[inline(never)]
    fn lock_contended(&self) {
        let mut spins = 0u32;
        loop {
            // Wait with plain loads (no cache-line ping-pong), then try again.
            while self.0.load(Ordering::Relaxed) {
                if spins < 64 {
                    std::hint::spin_loop();
                    spins += 1;
                } else {
                    std::thread::yield_now();
                }
            }
            if self.try_lock() {
                return;
            }
        }
    }

    #[inline(always)]
    fn try_lock(&self) -> bool {
        self.0
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_ok()
    }

    #[inline(always)]
    fn unlock(&self) {
        self.0.store(false, Ordering::Release);
    }
}

/// Bits of a version that count within one thread; the bits above name the thread.
const VERSION_COUNT_BITS: u32 = 40;

/// Thread serials handed out so far (a thread takes a new one when its count runs out).
static VERSION_SERIALS: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// This thread's next version, or 0 before its first.
    static NEXT_VERSION: Cell<u64> = const { Cell::new(0) };
}

/// A version no other call in the process returns: a per-thread serial above a per-thread
/// count, so stamping needs no atomic instruction (only taking a serial, once per thread
/// and per 2^40 stamps, does).
#[inline(always)]
pub fn next_version() -> u64 {
    NEXT_VERSION.with(|next| {
        let mut v = next.get();
        if v & ((1 << VERSION_COUNT_BITS) - 1) == 0 {
            let serial = VERSION_SERIALS.fetch_add(1, Ordering::Relaxed) + 1;
            v = (serial << VERSION_COUNT_BITS) | 1;
        }
        next.set(v + 1);
        v
    })
}
