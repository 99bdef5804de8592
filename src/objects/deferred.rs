//! `--no-gil`: the objects every thread touches stop being counted once a second thread runs.
//!
//! Functions, classes, modules and the modules' globals dicts are loaded by every call of every
//! thread: a count on them is one cache line that all cores write (a call loads the function,
//! an instance holds its class, a frame holds its function and globals). PEP 703 calls these
//! the objects with *deferred* reference counts. CPython 3.13t makes them immortal when the
//! first thread other than the main one starts, and every such object made after that immortal
//! from birth; minipy does the same (see `docs/vm.md`, "Free threading"). They are then never
//! freed, which only matters for programs that keep making classes or top-level functions
//! while threads run; functions and classes made inside a function (their qualified name has
//! `<locals>`) are counted as usual, so closures made in a loop are still freed.
//!
//! The same moment ends the single-thread phase of `runtime::multi_threaded`: until a second
//! thread exists, the main thread is the only one that can touch a count or a cell, and they
//! are updated without atomic read-modify-writes.

use super::{gc, ObjKind, ObjRef, Runtime};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set (once, never cleared) when the first thread besides the main one starts under
/// `--no-gil`: new deferred objects are made immortal.
static IMMORTALIZE: AtomicBool = AtomicBool::new(false);

/// Called by the main thread, before it starts the first other thread: from now on counts and
/// cells are shared (`runtime::multi_threaded`), and under `--no-gil` (not the racy runtime,
/// whose counts are watched one by one) every deferred object is made immortal. Only this
/// thread runs, so the registry walk sees every object and nothing is freed meanwhile.
pub fn start_threads<R: Runtime>() {
    if !R::FREE_THREADED || super::runtime::multi_threaded() {
        return;
    }
    if !R::RACY_COUNTS {
        let addrs = gc::registry::<R>().all(None);
        for addr in addrs {
            // SAFETY: every address in the registry is a live object, and no other thread
            // runs that could free it; the reference is given back (forgotten) below.
            let obj = unsafe { ObjRef::<R>::from_addr(addr) };
            immortalize(&obj);
            std::mem::forget(obj);
        }
        IMMORTALIZE.store(true, Ordering::Relaxed);
    }
    super::runtime::set_multi_threaded();
}

/// A new object: immortal at once if it is a deferred one made while threads run.
#[inline(always)]
pub(super) fn on_new<R: Runtime>(obj: &ObjRef<R>) {
    if R::FREE_THREADED && !R::RACY_COUNTS && IMMORTALIZE.load(Ordering::Relaxed) {
        immortalize(obj);
    }
}

/// Makes `obj` immortal if it is a deferred object, with what it keeps that every call reads:
/// a function's globals dict, a module's dict.
fn immortalize<R: Runtime>(obj: &ObjRef<R>) {
    match obj.kind() {
        ObjKind::Function(f) if !f.qualname().contains("<locals>") => {
            obj.make_immortal();
            f.globals.make_immortal();
        }
        ObjKind::Class(c) if !c.qualname.contains("<locals>") => obj.make_immortal(),
        ObjKind::Module(m) => {
            obj.make_immortal();
            m.dict.make_immortal();
        }
        _ => {}
    }
}
