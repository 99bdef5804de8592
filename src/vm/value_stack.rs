//! A frame's operand stack: a buffer sized once, when the frame is entered, from the code's
//! `max_stack` (the compiler's bound on the depth, `bytecode::max_stack_depth`), with the top
//! kept as a pointer. A push is a store and a pointer bump: no length to scale, no capacity
//! to compare (a `Vec<Value>` loads its length and capacity, compares them and branches to
//! its grow path on every push).
//!
//! The invariant that makes the unchecked push sound: a frame's stack always has room for its
//! code's `max_stack` values (`Frame::enter`, `enter_function` and `reset` reserve it), and
//! no instruction takes the stack deeper than that bound (the compiler computes it over every
//! path, with a margin for the instructions that hold values above their net effect while
//! they run: a bound method's receiver inserted for a call, an operator's operands kept under
//! its method's frame: `bytecode::max_stack_depth`). `Code::validate` refuses code whose
//! recorded bound is below the depth it recomputes, so code read back from the bytecode
//! cache keeps the invariant too.
//! Every push checks it under `debug_assert!`, and the test suite runs every conformance
//! program on a debug build.
//!
//! The same holds below: every instruction finds the values it reads (`Op::stack_needs`) on
//! any path to it, which `Code::validate` checks too (`stack_floor_holds`), so the eval
//! loop's pops and reads of the top (`pop_unchecked`, `last_unchecked`) test nothing either.
//!
//! What is not on the per-instruction path keeps a real check: `insert`, `extend` and
//! `reserve` grow the buffer when it is full, and `pop` of an empty stack is `None`.

use crate::objects::Value;
use crate::vm::Runtime;
use std::marker::PhantomData;
use std::ptr;

pub struct Stack<R: Runtime> {
    /// One past the top value.
    top: *mut Value<R>,
    /// The first slot of the buffer (dangling while it has no room).
    base: *mut Value<R>,
    /// One past the buffer's last slot.
    limit: *mut Value<R>,
    /// The buffer's size in values (`limit - base`, kept: a call compares it with the
    /// callee's `max_stack`).
    cap: usize,
}

// SAFETY: a `Stack` owns its buffer and the values in it, exactly as a `Vec<Value>` does, so
// it moves and is shared between threads as that vector would be.
unsafe impl<R: Runtime> Send for Stack<R> where Value<R>: Send {}
unsafe impl<R: Runtime> Sync for Stack<R> where Value<R>: Sync {}

impl<R: Runtime> Default for Stack<R> {
    fn default() -> Self {
        Self::new()
    }
}

impl<R: Runtime> Stack<R> {
    /// An empty stack with no buffer.
    pub const fn new() -> Self {
        let base = ptr::NonNull::<Value<R>>::dangling().as_ptr();
        Stack {
            top: base,
            base,
            limit: base,
            cap: 0,
        }
    }

    #[inline(always)]
    pub fn len(&self) -> usize {
        // SAFETY: `top` and `base` point into (or one past) the same buffer, `top >= base`.
        unsafe { self.top.offset_from(self.base) as usize }
    }

    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.top == self.base
    }

    #[inline(always)]
    pub fn capacity(&self) -> usize {
        self.cap
    }

    /// The free slots above the top.
    #[inline(always)]
    fn room(&self) -> usize {
        // SAFETY: both point into (or one past) the same buffer, `limit >= top`.
        unsafe { self.limit.offset_from(self.top) as usize }
    }

    /// Makes room for `additional` more values.
    #[inline(always)]
    pub fn reserve(&mut self, additional: usize) {
        if self.room() < additional {
            self.grow(self.len() + additional);
        }
    }

    /// Moves the values into a buffer of at least `need` slots.
    #[cold]
    #[inline(never)]
    fn grow(&mut self, need: usize) {
        let len = self.len();
        let cap = need.max(self.capacity() * 2).max(8);
        let mut buf: Vec<Value<R>> = Vec::with_capacity(cap);
        let cap = buf.capacity();
        let new = buf.as_mut_ptr();
        std::mem::forget(buf);
        // SAFETY: the `len` values move to the new buffer (a bitwise copy: the old buffer
        // is then freed as holding none), which has room for `cap >= len` of them.
        unsafe {
            ptr::copy_nonoverlapping(self.base, new, len);
            self.free_buffer();
            self.base = new;
            self.top = new.add(len);
            self.limit = new.add(cap);
        }
        self.cap = cap;
    }

    /// Frees the buffer without dropping any value in it.
    ///
    /// # Safety
    /// The values in it have been moved out or dropped; the stack is not used again before
    /// `base`, `top` and `limit` are set anew.
    unsafe fn free_buffer(&mut self) {
        let cap = self.capacity();
        if cap != 0 {
            drop(Vec::from_raw_parts(self.base, 0, cap));
        }
    }

    /// Pushes `v`: one store and a pointer bump.
    #[inline(always)]
    pub fn push(&mut self, v: Value<R>) {
        debug_assert!(
            self.top < self.limit,
            "operand stack overflow: {} values, room for {} (the code's max_stack is short)",
            self.len() + 1,
            self.capacity()
        );
        // SAFETY: the module's invariant: the frame's code never takes the stack past the
        // `max_stack` slots reserved when the frame was entered, so `top` is inside the buffer.
        unsafe {
            self.top.write(v);
            self.top = self.top.add(1);
        }
    }

    /// Pushes `v`, growing the buffer if it is full (for the rarer pushes of several values).
    #[inline(always)]
    fn push_checked(&mut self, v: Value<R>) {
        if self.top == self.limit {
            self.grow(self.capacity() + 1);
        }
        // SAFETY: there is room for one more value.
        unsafe {
            self.top.write(v);
            self.top = self.top.add(1);
        }
    }

    #[inline(always)]
    pub fn pop(&mut self) -> Option<Value<R>> {
        if self.top == self.base {
            return None;
        }
        // SAFETY: the stack is not empty, so the slot below `top` holds a value, which is
        // moved out as `top` stops covering it.
        unsafe {
            self.top = self.top.sub(1);
            Some(self.top.read())
        }
    }

    /// Pops the top value without testing for an empty stack.
    ///
    /// # Safety
    /// The stack holds a value: the instruction being run reads no more than its
    /// `Op::stack_needs`, which `Code::validate` checked every path leaves on the stack.
    #[inline(always)]
    pub unsafe fn pop_unchecked(&mut self) -> Value<R> {
        debug_assert!(self.top > self.base, "pop of an empty operand stack");
        self.top = self.top.sub(1);
        self.top.read()
    }

    /// The top value, without testing for an empty stack.
    ///
    /// # Safety
    /// As for [`Stack::pop_unchecked`].
    #[inline(always)]
    pub unsafe fn last_unchecked(&self) -> &Value<R> {
        debug_assert!(self.top > self.base, "top of an empty operand stack");
        &*self.top.sub(1)
    }

    #[inline(always)]
    pub fn last(&self) -> Option<&Value<R>> {
        if self.top == self.base {
            return None;
        }
        // SAFETY: the stack is not empty, so the slot below `top` holds a value.
        Some(unsafe { &*self.top.sub(1) })
    }

    #[inline(always)]
    pub fn last_mut(&mut self) -> Option<&mut Value<R>> {
        if self.top == self.base {
            return None;
        }
        // SAFETY: as for `last`.
        Some(unsafe { &mut *self.top.sub(1) })
    }

    /// The two values on top (the lower one first), or `None` when there are fewer.
    #[inline(always)]
    pub fn top_two(&self) -> Option<(&Value<R>, &Value<R>)> {
        if self.len() < 2 {
            return None;
        }
        // SAFETY: the two slots below `top` hold values.
        unsafe { Some((&*self.top.sub(2), &*self.top.sub(1))) }
    }

    /// Replaces the two values on top with `v`, dropping neither: for an operator whose
    /// operands were both immediates (ints, floats, bools, None), which own nothing.
    ///
    /// # Safety
    /// The stack holds at least two values and the top two are not `Value::Obj`.
    #[inline(always)]
    pub unsafe fn fold_top_two_immediates(&mut self, v: Value<R>) {
        debug_assert!(self.len() >= 2);
        debug_assert!(!matches!(*self.top.sub(1), Value::Obj(_)));
        debug_assert!(!matches!(*self.top.sub(2), Value::Obj(_)));
        self.top = self.top.sub(1);
        self.top.sub(1).write(v);
    }

    /// Takes the two values on top off without dropping them: for a comparison of two
    /// immediates, which own nothing.
    ///
    /// # Safety
    /// As [`Stack::fold_top_two_immediates`].
    #[inline(always)]
    pub unsafe fn discard_top_two_immediates(&mut self) {
        debug_assert!(self.len() >= 2);
        debug_assert!(!matches!(*self.top.sub(1), Value::Obj(_)));
        debug_assert!(!matches!(*self.top.sub(2), Value::Obj(_)));
        self.top = self.top.sub(2);
    }

    /// Drops the values above the first `len`, the top one first, each as it is popped: a
    /// call's callee, receiver and arguments are a few values, and dropping them one by one
    /// inline (a test and a decrement for each) costs about half of the out-of-line slice
    /// drop (its call, loop set-up and return).
    #[inline(always)]
    pub fn truncate(&mut self, len: usize) {
        // SAFETY: slots below `top` hold values; each is uncovered before it is dropped, so a
        // drop that panics leaves nothing to drop twice. `len` above the top drops nothing.
        unsafe {
            let bottom = self.base.wrapping_add(len);
            while self.top > bottom {
                self.top = self.top.sub(1);
                ptr::drop_in_place(self.top);
            }
        }
    }

    #[inline(always)]
    pub fn clear(&mut self) {
        self.truncate(0);
    }

    /// Sets the number of values without dropping or initialising any, as `Vec::set_len`.
    ///
    /// # Safety
    /// `len <= capacity()`; the first `len` slots hold values; those above `len`, if they held
    /// values, have been moved out.
    #[inline(always)]
    pub unsafe fn set_len(&mut self, len: usize) {
        debug_assert!(len <= self.capacity());
        self.top = self.base.add(len);
    }

    #[inline(always)]
    pub fn as_ptr(&self) -> *const Value<R> {
        self.base
    }

    /// Inserts `v` at position `at`, moving the values above it up one.
    pub fn insert(&mut self, at: usize, v: Value<R>) {
        let len = self.len();
        assert!(at <= len, "insert at {at} past the stack's {len} values");
        self.reserve(1);
        // SAFETY: there is room for one more; slots `at..len` move up one and `at` is then
        // free to write.
        unsafe {
            let p = self.base.add(at);
            ptr::copy(p, p.add(1), len - at);
            p.write(v);
            self.top = self.top.add(1);
        }
    }

    /// Takes out the value at `at`, moving the ones above it down one, as `Vec::remove`.
    pub fn remove(&mut self, at: usize) -> Value<R> {
        let len = self.len();
        assert!(at < len, "remove at {at} past the stack's {len} values");
        // SAFETY: `at` is below the top, so it holds a value, which is read out once; slots
        // `at + 1..len` move down one and the old top slot is then past the new top.
        unsafe {
            let p = self.base.add(at);
            let v = p.read();
            ptr::copy(p.add(1), p, len - at - 1);
            self.top = self.top.sub(1);
            v
        }
    }

    /// Pushes every value of `values`, growing the buffer if needed: room for as many as the
    /// iterator says it has at least is made first, and those are pushed without a check.
    #[inline]
    pub fn extend<I: IntoIterator<Item = Value<R>>>(&mut self, values: I) {
        let mut values = values.into_iter();
        let at_least = values.size_hint().0;
        self.reserve(at_least);
        for v in values.by_ref().take(at_least) {
            // SAFETY: room for `at_least` values was made, and `take` gives no more.
            unsafe {
                self.top.write(v);
                self.top = self.top.add(1);
            }
        }
        for v in values {
            self.push_checked(v);
        }
    }

    /// The values from `from` up, moved into a vector of exactly their number (a closure's
    /// cells become its boxed slice without a reallocation; `drain(..).collect()` takes the
    /// general path of `FromIterator`, which allocates room for at least four). Out of line
    /// and not used by `execute`'s own arms: inlined there it took registers the loop's hot
    /// state had (callgrind, release build: countdown +4.8% instructions).
    #[inline(never)]
    pub fn take_vec(&mut self, from: usize) -> Vec<Value<R>> {
        let len = self.len();
        assert!(from <= len, "take from {from} past {len} values");
        let n = len - from;
        let mut items: Vec<Value<R>> = Vec::with_capacity(n);
        // SAFETY: slots `from..len` hold values; they are moved into `items`' spare room
        // (which holds `n`) and the stack stops covering them at once, so each is owned once.
        unsafe {
            let start = self.base.add(from);
            let dst = items.as_mut_ptr();
            // The usual one or two values as typed moves: `copy_nonoverlapping` of a length
            // known only at run time is a call to `memcpy`.
            match n {
                0 => {}
                1 => dst.write(start.read()),
                2 => {
                    dst.write(start.read());
                    dst.add(1).write(start.add(1).read());
                }
                _ => std::ptr::copy_nonoverlapping(start, dst, n),
            }
            items.set_len(n);
            self.top = start;
        }
        items
    }

    /// Takes the values from position `from` up off the stack, bottom first.
    pub fn drain(&mut self, from: std::ops::RangeFrom<usize>) -> Drain<'_, R> {
        let len = self.len();
        assert!(
            from.start <= len,
            "drain from {} past {len} values",
            from.start
        );
        // SAFETY: slots `from.start..len` hold values, which the drain now owns: the stack
        // stops covering them at once, so leaking the drain leaks them and drops nothing twice.
        unsafe {
            let start = self.base.add(from.start);
            let end = self.top;
            self.top = start;
            Drain {
                next: start,
                end,
                _stack: PhantomData,
            }
        }
    }
}

impl<R: Runtime> Drop for Stack<R> {
    fn drop(&mut self) {
        self.clear();
        // SAFETY: every value was just dropped and the stack is not used again.
        unsafe { self.free_buffer() };
    }
}

impl<R: Runtime> std::ops::Deref for Stack<R> {
    type Target = [Value<R>];

    #[inline(always)]
    fn deref(&self) -> &[Value<R>] {
        // SAFETY: the first `len()` slots hold values (`base` is dangling but aligned when
        // the length is 0).
        unsafe { std::slice::from_raw_parts(self.base, self.len()) }
    }
}

impl<R: Runtime> std::ops::DerefMut for Stack<R> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut [Value<R>] {
        // SAFETY: as for `deref`, borrowed mutably through `&mut self`.
        unsafe { std::slice::from_raw_parts_mut(self.base, self.len()) }
    }
}

/// The values [`Stack::drain`] took off, bottom first; those not taken are dropped with it.
pub struct Drain<'a, R: Runtime> {
    next: *mut Value<R>,
    end: *mut Value<R>,
    _stack: PhantomData<&'a mut Stack<R>>,
}

impl<R: Runtime> Iterator for Drain<'_, R> {
    type Item = Value<R>;

    #[inline(always)]
    fn next(&mut self) -> Option<Value<R>> {
        if self.next == self.end {
            return None;
        }
        // SAFETY: `next..end` are values the drain owns; each is read out once.
        unsafe {
            let v = self.next.read();
            self.next = self.next.add(1);
            Some(v)
        }
    }

    #[inline(always)]
    fn size_hint(&self) -> (usize, Option<usize>) {
        // SAFETY: both point into the same buffer, `end >= next`.
        let n = unsafe { self.end.offset_from(self.next) as usize };
        (n, Some(n))
    }
}

impl<R: Runtime> ExactSizeIterator for Drain<'_, R> {}

impl<R: Runtime> Drop for Drain<'_, R> {
    fn drop(&mut self) {
        // SAFETY: the values not taken are still owned by the drain; the stack's buffer
        // outlives it (it borrows the stack mutably).
        unsafe {
            let n = self.end.offset_from(self.next) as usize;
            ptr::drop_in_place(ptr::slice_from_raw_parts_mut(self.next, n));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Stack;
    use crate::objects::runtime::Gil;
    use crate::objects::Value;

    fn ints(s: &Stack<Gil>) -> Vec<i64> {
        s.iter()
            .map(|v| match v {
                Value::Int(i) => *i,
                _ => -1,
            })
            .collect()
    }

    #[test]
    fn push_pop_insert_drain() {
        let mut s: Stack<Gil> = Stack::new();
        assert!(s.pop().is_none() && s.last().is_none());
        s.reserve(3);
        for i in 0..3 {
            s.push(Value::Int(i));
        }
        assert_eq!(ints(&s), [0, 1, 2]);
        s.insert(1, Value::Int(9));
        s.extend((10..20).map(Value::Int));
        assert_eq!(s.len(), 14);
        assert!(matches!(s.last(), Some(Value::Int(19))));
        let tail: Vec<_> = s.drain(12..).collect();
        assert_eq!(tail.len(), 2);
        assert_eq!(ints(&s)[..4], [0, 9, 1, 2]);
        drop(s.drain(4..));
        assert_eq!(s.len(), 4);
        s.swap(0, 3);
        s.truncate(2);
        assert_eq!(ints(&s), [2, 9]);
        assert!(matches!(s.pop(), Some(Value::Int(9))));
        s.clear();
        assert!(s.is_empty() && s.capacity() >= 14);
    }

    #[test]
    fn owns_its_objects() {
        let mut s: Stack<Gil> = Stack::new();
        s.reserve(2);
        let obj = Value::<Gil>::new_obj(crate::objects::ObjKind::Tuple(Box::new([])));
        s.push(obj.clone());
        s.push(obj.clone());
        s.insert(0, obj.clone());
        let taken: Vec<_> = s.drain(1..).collect();
        drop(taken);
        s.push(obj.clone());
        s.push(obj.clone());
        let moved = s.take_vec(1);
        assert_eq!((moved.len(), moved.capacity(), s.len()), (2, 2, 1));
        drop(moved);
        s.truncate(0);
        // Every copy pushed was dropped exactly once: only `obj` is left.
        let Value::Obj(o) = &obj else { unreachable!() };
        assert_eq!(o.ref_count(), 1);
    }
}
