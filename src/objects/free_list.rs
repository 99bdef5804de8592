//! Object memory kept for reuse: when an object is freed, its block goes on a short list of
//! the thread, by size, and the next object of that size made on the thread takes it back
//! without a trip through the allocator (CPython keeps such free lists for its common types).
//! Programs that make and drop many small objects in a loop (a set per call, an iterator per
//! `for`, a tuple per `return a, b`) then pay a few loads and stores per object instead of
//! the allocator's bookkeeping. It owns only raw memory: what lives in a block, and when it
//! dies, is `ObjRef`'s and `drop_queue`'s business.
//!
//! A block freed by one thread may have been allocated by another; it is plain memory of the
//! process, so either thread may reuse or release it. A thread releases what it kept when it
//! ends.

use std::alloc::Layout;
use std::cell::Cell;
use std::mem::{align_of, size_of};
use std::ptr::null_mut;

/// Blocks kept per size on each thread; a free beyond this goes back to the allocator.
const KEEP: u32 = 128;
/// Sizes kept: the multiples of 8 bytes up to this.
const LARGEST: usize = 256;
const CLASSES: usize = LARGEST / 8 + 1;

/// A kept block: its first word points at the next one of the same size.
struct Block {
    next: *mut Block,
}

/// Releases the thread's kept blocks when it ends (registered by its first kept block).
struct Release;

impl Drop for Release {
    fn drop(&mut self) {
        CLOSED.set(true);
        REGISTERED.set(false);
        for class in 1..CLASSES {
            while let Some(block) = pop(class) {
                // SAFETY: a kept block was allocated for a type of exactly this layout (see
                // `class_of`) and nothing refers to it.
                unsafe { std::alloc::dealloc(block as *mut u8, layout_of(class)) };
            }
        }
    }
}

thread_local! {
    static HEADS: [Cell<*mut Block>; CLASSES] =
        const { [const { Cell::new(null_mut()) }; CLASSES] };
    static COUNTS: [Cell<u32>; CLASSES] = const { [const { Cell::new(0) }; CLASSES] };
    /// Whether this thread has registered `RELEASE` yet.
    static REGISTERED: Cell<bool> = const { Cell::new(false) };
    /// Set once the thread is ending: later frees go straight to the allocator.
    static CLOSED: Cell<bool> = const { Cell::new(false) };
    static RELEASE: Release = const { Release };
}

fn layout_of(class: usize) -> Layout {
    // (Every class is a multiple of 8 bytes, aligned to 8: always a valid layout.)
    Layout::from_size_align(class * 8, 8).unwrap_or(Layout::new::<Block>())
}

/// The size class of `T`, when blocks of it are kept: sizes that are a multiple of 8 bytes,
/// aligned to exactly 8, so that one class is one layout.
#[inline(always)]
const fn class_of<T>() -> Option<usize> {
    let size = size_of::<T>();
    if align_of::<T>() == 8
        && size.is_multiple_of(8)
        && size >= size_of::<Block>()
        && size <= LARGEST
    {
        Some(size / 8)
    } else {
        None
    }
}

#[inline(always)]
fn pop(class: usize) -> Option<*mut Block> {
    HEADS.with(|heads| {
        let head = heads.get(class)?;
        let block = head.get();
        if block.is_null() {
            return None;
        }
        // SAFETY: a kept block's first word was written by `push`.
        head.set(unsafe { (*block).next });
        COUNTS.with(|counts| {
            if let Some(c) = counts.get(class) {
                c.set(c.get() - 1);
            }
        });
        Some(block)
    })
}

/// Uninitialized memory for one `T`: a kept block of its size, or a new allocation.
#[inline(always)]
pub fn alloc<T>() -> *mut T {
    if let Some(class) = const { class_of::<T>() } {
        if let Some(block) = pop(class) {
            return block as *mut T;
        }
    }
    Box::into_raw(Box::<T>::new_uninit()) as *mut T
}

/// Gives back the memory of a `T` made by [`alloc`].
///
/// # Safety
/// `ptr` came from [`alloc::<T>`], its `T` has been dropped (or was never written), and
/// nothing refers to it any more.
#[inline(always)]
pub unsafe fn free<T>(ptr: *mut T) {
    if let Some(class) = const { class_of::<T>() } {
        if keep(class) {
            HEADS.with(|heads| {
                if let Some(head) = heads.get(class) {
                    let block = ptr as *mut Block;
                    // SAFETY: the block is at least a `Block` large and aligned (`class_of`).
                    (*block).next = head.get();
                    head.set(block);
                }
            });
            return;
        }
    }
    drop(Box::from_raw(ptr as *mut std::mem::MaybeUninit<T>));
}

/// Whether a freed block of `class` is kept (counted as kept if so).
#[inline(always)]
fn keep(class: usize) -> bool {
    COUNTS.with(|counts| {
        let Some(count) = counts.get(class) else {
            return false;
        };
        if count.get() >= KEEP || !(REGISTERED.get() || register()) {
            return false;
        }
        count.set(count.get() + 1);
        true
    })
}

/// Makes the thread release its kept blocks when it ends; false once it is ending.
#[cold]
fn register() -> bool {
    if CLOSED.get() {
        return false;
    }
    let registered = RELEASE.try_with(|_| {}).is_ok();
    REGISTERED.set(registered);
    CLOSED.set(!registered);
    registered
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_freed_block_is_taken_again_by_the_next_of_its_size() {
        let first = alloc::<[u64; 14]>();
        // SAFETY: nothing was written to the block and nothing refers to it.
        unsafe { free(first) };
        let second = alloc::<[u64; 14]>();
        assert_eq!(first, second);
        // Another size class does not take it.
        let other = alloc::<[u64; 15]>();
        assert_ne!(other as usize, second as usize);
        // SAFETY: as above.
        unsafe {
            free(second);
            free(other);
        }
    }

    #[test]
    fn sizes_outside_the_classes_go_to_the_allocator() {
        assert_eq!(class_of::<[u64; 40]>(), None);
        assert_eq!(class_of::<[u32; 3]>(), None);
        assert_eq!(class_of::<u128>(), None);
        assert_eq!(class_of::<[u64; 16]>(), Some(16));
        let big = alloc::<[u64; 40]>();
        // SAFETY: nothing was written to the block and nothing refers to it.
        unsafe { free(big) };
    }

    #[test]
    fn a_thread_releases_what_it_kept_and_keeps_nothing_more() {
        std::thread::spawn(|| {
            let blocks: Vec<_> = (0..KEEP + 10).map(|_| alloc::<[u64; 12]>()).collect();
            for b in blocks {
                // SAFETY: nothing was written to the blocks and nothing refers to them.
                unsafe { free(b) };
            }
            let kept = COUNTS.with(|c| c[12].get());
            assert_eq!(kept, KEEP);
        })
        .join()
        .unwrap();
    }
}
