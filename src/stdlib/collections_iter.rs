//! The iterators of `deque` (`_collections._deque_iterator` and `_deque_reverse_iterator`):
//! they hold the deque's core and a count of items yielded, and fail with CPython's
//! `RuntimeError` once the deque changed size or order under them.

use super::collections::{this_deque, Deque};
use super::itertools::{new_object, receiver, state_of, stop, R0};
use crate::objects::exception::PyErr;
use crate::objects::{Args, NativeFn, Value};
use crate::vm::Runtime;
use crate::vm::Vm;
use parking_lot::Mutex;
use std::sync::Arc;

struct DequeIter<R: Runtime> {
    deque: Arc<Deque<R>>,
    /// Items yielded so far.
    done: Mutex<usize>,
    /// The deque's change count when the iterator was made.
    changes: u64,
    reverse: bool,
}

fn make_iter<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, reverse: bool) -> R0<R> {
    let (_, d) = this_deque(vm, &args)?;
    let changes = d.inner.lock().changes;
    let (name, next): (&str, NativeFn<R>) = if reverse {
        ("_deque_reverse_iterator", iter_next)
    } else {
        ("_deque_iterator", iter_next)
    };
    let class = vm.native_class(
        name,
        "_collections",
        &[
            ("__iter__", iter_self),
            ("__next__", next),
            ("__length_hint__", iter_hint),
        ],
    );
    new_object(
        &Value::Obj(class),
        DequeIter {
            deque: d,
            done: Mutex::new(0),
            changes,
            reverse,
        },
    )
}

pub(super) fn iter<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    make_iter(vm, args, false)
}

pub(super) fn reversed<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    make_iter(vm, args, true)
}

fn iter_self<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(args.pos.first().cloned().unwrap_or(Value::None))
}

fn iter_next<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let it = state_of::<R, DequeIter<R>>(&this)?;
    let d = &*it.deque;
    let st = d.inner.lock();
    if st.changes != it.changes {
        return Err(PyErr::runtime_error("deque mutated during iteration"));
    }
    let mut done = it.done.lock();
    let len = st.items.len();
    if *done >= len {
        return stop();
    }
    let i = if it.reverse { len - 1 - *done } else { *done };
    *done += 1;
    Ok(st.items[i].clone())
}

fn iter_hint<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let it = state_of::<R, DequeIter<R>>(&this)?;
    let d = &*it.deque;
    let len = d.inner.lock().items.len();
    let done = *it.done.lock();
    Ok(Value::Int(len.saturating_sub(done) as i64))
}
