//! Freeing objects without deep recursion. Dropping a list that holds the only reference to a
//! list that holds ... would recurse once per level in Rust's `Drop` and could overflow the
//! stack (CPython's "trashcan" solves the same problem). Past a fixed depth, objects are queued
//! and freed by the outermost drop instead. The collector's and weak references' part of a
//! free (see `gc`, `weak`) happens here too.

use super::{free_list, gc, gc_list, weak, Obj, ObjKind, Runtime};
use std::cell::{Cell, RefCell};
use std::ptr::NonNull;
use std::sync::atomic::Ordering;
use std::sync::OnceLock;

const MAX_DEPTH: usize = 64;

thread_local! {
    static DEPTH: Cell<usize> = const { Cell::new(0) };
    static PENDING: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
    /// Whether `PENDING` may hold anything: the common free (nothing queued) reads this
    /// plain cell instead of borrowing the queue, whose thread-local has a destructor and so
    /// a registration check on every access.
    static ANY_PENDING: Cell<bool> = const { Cell::new(false) };
}

/// Told the address of each list, dict, instance, class and cell about to be freed, once set
/// (by `--race`): the race detector forgets what it recorded about the object, so that a new
/// object at the same address starts with a clean record.
static ON_FREE: OnceLock<fn(usize)> = OnceLock::new();

/// Sets the hook told of freed objects (once per process).
pub fn set_free_hook(hook: fn(usize)) {
    let _ = ON_FREE.set(hook);
}

/// Frees an object whose count just reached zero.
///
/// # Safety
/// `ptr` was made by `ObjRef::new` (in memory from `free_list::alloc`) and no reference to it
/// remains.
pub(super) unsafe fn free<R: Runtime>(ptr: NonNull<Obj<R>>) {
    if let Some(hook) = ON_FREE.get() {
        if matches!(
            (*ptr.as_ptr()).kind,
            ObjKind::List(_)
                | ObjKind::Dict(_)
                | ObjKind::Instance(_)
                | ObjKind::Class(_)
                | ObjKind::Cell(_)
        ) {
            hook(ptr.as_ptr() as usize);
        }
    }
    let depth = DEPTH.get();
    if depth >= MAX_DEPTH {
        PENDING.with_borrow_mut(|p| p.push(ptr.as_ptr() as usize));
        ANY_PENDING.set(true);
        return;
    }
    DEPTH.set(depth + 1);
    dealloc(ptr);
    if depth == 0 && ANY_PENDING.get() {
        drain::<R>();
    }
    DEPTH.set(depth);
}

/// The outermost drop empties the queue; objects freed from here may queue more.
#[inline(never)]
unsafe fn drain<R: Runtime>() {
    while let Some(addr) = PENDING.with_borrow_mut(|p| p.pop()) {
        dealloc(NonNull::new_unchecked(addr as *mut Obj<R>));
    }
    ANY_PENDING.set(false);
}

/// Frees one object whose count is 0. The common free (at most the collector's two flags
/// set, and no `__del__` anywhere in the program) takes it out of the collector's registry
/// and drops it here; every other goes through [`dealloc_special`].
///
/// # Safety
/// As [`free`].
#[inline]
unsafe fn dealloc<R: Runtime>(ptr: NonNull<Obj<R>>) {
    let flags = ptr.as_ref().head.flags.load(Ordering::Relaxed);
    // An object with `__del__` exists only once `finalizers_used` is set (`ObjRef::new`
    // notes it), so below that no object needs finalizing, and its items' release order is
    // not seen either.
    if flags & !(gc::TRACKED | gc::LINKED) != 0 || gc::finalizers_used() {
        return dealloc_special(ptr, flags);
    }
    if flags & gc::TRACKED != 0 {
        gc::untrack::<R>(ptr.as_ptr() as usize, flags);
    }
    release(ptr, flags);
}

/// [`dealloc`] of an object with other flags, or in a program with finalizers: unless its
/// `__del__` must run first, or it is a generator to close (then it is resurrected and
/// queued, PEP 442), clears the weak references to it, takes it out of the collector's
/// registry and drops it.
///
/// # Safety
/// As [`free`].
#[inline(never)]
unsafe fn dealloc_special<R: Runtime>(ptr: NonNull<Obj<R>>, flags: u32) {
    let obj = ptr.as_ref();
    if flags != 0 {
        if flags & gc::FINALIZED == 0
            && (has_del(&obj.kind) || flags & gc::CLOSES != 0 && needs_close(&obj.kind))
        {
            gc::set_flags::<R>(&obj.head.flags, gc::FINALIZED);
            gc::queue_del(ptr);
            return;
        }
        if flags & gc::HAS_WEAKREFS != 0 {
            weak::on_free::<R>(ptr.as_ptr() as usize);
        }
        if flags & gc::TRACKED != 0 {
            gc::untrack::<R>(
                ptr.as_ptr() as usize,
                obj.head.flags.load(Ordering::Relaxed),
            );
        }
    }
    if gc::finalizers_used() {
        // CPython frees a list's or tuple's items last first; `__del__` output shows it.
        match &mut (*ptr.as_ptr()).kind {
            ObjKind::List(l) => l.get_mut().reverse(),
            ObjKind::Tuple(t) => t.reverse(),
            _ => {}
        }
    }
    release(ptr, flags);
}

/// Drops the object and gives its memory back.
///
/// # Safety
/// As [`free`], and the object is out of the collector's registry.
#[inline(always)]
unsafe fn release<R: Runtime>(ptr: NonNull<Obj<R>>, flags: u32) {
    if flags & gc::LINKED != 0 {
        // Allocated with the collector's links in front (see `ObjRef::new`).
        let whole = (ptr.as_ptr() as *mut u8).sub(gc_list::LINKS) as *mut gc_list::Linked<Obj<R>>;
        std::ptr::drop_in_place(whole);
        free_list::free(whole);
    } else {
        std::ptr::drop_in_place(ptr.as_ptr());
        free_list::free(ptr.as_ptr());
    }
}

/// True for a generator that must be closed before it is freed.
fn needs_close<R: Runtime>(kind: &ObjKind<R>) -> bool {
    matches!(kind, ObjKind::Generator(g) if g.needs_close())
}

/// True for an instance (or exception) whose class defines `__del__`.
#[inline]
fn has_del<R: Runtime>(kind: &ObjKind<R>) -> bool {
    let class = match kind {
        ObjKind::Instance(i) => &i.class,
        ObjKind::Exception(e) => &e.class,
        _ => return false,
    };
    class.gc_flags() & gc::HAS_DEL != 0
}
