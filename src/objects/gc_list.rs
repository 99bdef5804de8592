//! The lists the collector keeps its tracked objects in: circular doubly-linked lists whose
//! links sit in front of each tracked object, as CPython's `PyGC_Head` does. Adding an object
//! is four stores, removing one is two (plus reading its two links), with no hashing, no
//! index and no table that grows; moving a whole generation into another is a splice.
//!
//! Only objects that may be tracked get the links: `ObjRef::new` allocates a container as a
//! [`Linked`] (links, then the object) and sets `gc::LINKED` in its flags, so that the free
//! knows how the memory was laid out; atoms, strs and the other kinds that are never tracked
//! pay nothing. Every object's address stays the address of its `Obj`; its links are
//! [`LINKS`] bytes before it.
//!
//! A list is touched only by the thread that may touch the registry that owns it (the GIL
//! holder, or the holder of the registry's or a shard's lock under `--no-gil`).

use std::cell::Cell;

/// The two links of a tracked object (or of a list's head), as addresses of other links.
#[repr(C)]
pub struct Links {
    prev: Cell<usize>,
    next: Cell<usize>,
}

impl Links {
    pub const fn new() -> Self {
        Links {
            prev: Cell::new(0),
            next: Cell::new(0),
        }
    }
}

impl Default for Links {
    fn default() -> Self {
        Self::new()
    }
}

/// An object with the collector's links in front of it.
#[repr(C)]
pub struct Linked<T> {
    pub links: Links,
    pub obj: T,
}

/// How far before an object's address its links are. `Linked<Obj<R>>` has its object at this
/// offset as long as `Obj<R>`'s alignment is at most 16 (checked where objects are made).
pub const LINKS: usize = std::mem::size_of::<Links>();

#[inline(always)]
fn at<'a>(link: usize) -> &'a Links {
    // SAFETY: every address a list holds is the links of a live tracked object or the head
    // of a list in a leaked heap; see the module comment for who may touch them.
    unsafe { &*(link as *const Links) }
}

/// The links of the tracked object at `addr`.
#[inline(always)]
pub fn links_of(addr: usize) -> usize {
    addr - LINKS
}

/// The object whose links are at `link`.
#[inline(always)]
pub fn object_at(link: usize) -> usize {
    link + LINKS
}

/// Takes the object whose links are at `link` out of whatever list holds it.
#[inline(always)]
pub fn unlink(link: usize) {
    let l = at(link);
    let (prev, next) = (l.prev.get(), l.next.get());
    at(prev).next.set(next);
    at(next).prev.set(prev);
}

/// A list of tracked objects: its head, which must not move once [`List::init`] ran (lists
/// live in leaked heaps).
pub struct List {
    head: Links,
}

impl Default for List {
    fn default() -> Self {
        Self::new()
    }
}

impl List {
    pub const fn new() -> Self {
        List { head: Links::new() }
    }

    /// Makes the list empty (its head linked to itself). Called once, where it will stay.
    pub fn init(&self) {
        let me = self.me();
        self.head.prev.set(me);
        self.head.next.set(me);
    }

    #[inline(always)]
    fn me(&self) -> usize {
        &self.head as *const Links as usize
    }

    pub fn is_empty(&self) -> bool {
        self.head.next.get() == self.me()
    }

    /// Adds the object whose links are at `link` at the end.
    #[inline(always)]
    pub fn push(&self, link: usize) {
        let me = self.me();
        let tail = self.head.prev.get();
        let l = at(link);
        l.prev.set(tail);
        l.next.set(me);
        at(tail).next.set(link);
        self.head.prev.set(link);
    }

    /// Moves every object of `other` to the end of this list; `other` is left empty.
    pub fn append(&self, other: &List) {
        if other.is_empty() {
            return;
        }
        let me = self.me();
        let (first, last) = (other.head.next.get(), other.head.prev.get());
        let tail = self.head.prev.get();
        at(tail).next.set(first);
        at(first).prev.set(tail);
        at(last).next.set(me);
        self.head.prev.set(last);
        other.init();
    }

    /// The links of each object, first to last. The list must not change meanwhile, except
    /// that the object just returned may be unlinked (the next one is read before).
    pub fn links(&self) -> impl Iterator<Item = usize> + '_ {
        let me = self.me();
        let mut cur = self.head.next.get();
        std::iter::from_fn(move || {
            if cur == me {
                return None;
            }
            let link = cur;
            cur = at(link).next.get();
            Some(link)
        })
    }

    /// The address of each object, first to last.
    pub fn objects(&self) -> Vec<usize> {
        self.links().map(object_at).collect()
    }

    pub fn len(&self) -> usize {
        self.links().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_unlink_append_keep_order() {
        let (a, b) = (
            Box::leak(Box::new(List::new())),
            Box::leak(Box::new(List::new())),
        );
        a.init();
        b.init();
        let nodes: Vec<&'static Links> = (0..5)
            .map(|_| &*Box::leak(Box::new(Links::new())))
            .collect();
        let addr = |i: usize| nodes[i] as *const Links as usize;
        for i in 0..3 {
            a.push(addr(i));
        }
        for i in 3..5 {
            b.push(addr(i));
        }
        unlink(addr(1));
        a.append(b);
        assert!(b.is_empty());
        let order: Vec<usize> = a.links().collect();
        assert_eq!(order, vec![addr(0), addr(2), addr(3), addr(4)]);
        for link in a.links() {
            unlink(link);
        }
        assert!(a.is_empty());
        assert_eq!(a.len(), 0);
    }
}
