//! `seq[a:b:c]` and `lst[a:b:c] = v` without the slice object: BuildSlice followed by
//! BinarySubscr or StoreSubscr on an exact list (or a tuple, read) does both instructions
//! at once when nothing can fail or run Python code. Everything else (other containers,
//! indexes that are not ints or None, a zero step, assignment to an extended slice, a value
//! that is neither a list nor a tuple, `--race`) builds the slice object and lets the
//! subscript instruction run as before.

use super::containers::pick;
use super::frame::Frame;
use super::Vm;
use crate::bytecode::Op;
use crate::objects::exception::PyResult;
use crate::objects::{ObjKind, Value};
use crate::vm::Runtime;

/// What a fused slice did.
pub(super) enum SliceStep<R: Runtime> {
    /// Both instructions done (the subscript's switch point passed): skip the next one.
    Done,
    /// Not taken: the slice's parts, to build the slice object from.
    Declined([Value<R>; 3]),
}

impl<R: Runtime> Vm<R> {
    /// BuildSlice's parts (already popped) with the instruction after it, `next`.
    pub(super) fn slice_fused(
        &mut self,
        frame: &mut Frame<R>,
        parts: [Value<R>; 3],
        next: Option<Op>,
    ) -> PyResult<SliceStep<R>, R> {
        let plain = |v: &Value<R>| matches!(v, Value::Int(_) | Value::None);
        if self.race.on
            || !parts.iter().all(plain)
            || matches!(parts[2], Value::Int(0))
            || frame.stack.is_empty()
        {
            return Ok(SliceStep::Declined(parts));
        }
        let n = frame.stack.len();
        match next {
            Some(Op::BinarySubscr) => {
                if !matches!(
                    frame.stack[n - 1].kind(),
                    Some(ObjKind::List(_) | ObjKind::Tuple(_))
                ) {
                    return Ok(SliceStep::Declined(parts));
                }
                self.skipped_switch_point(frame, Op::BinarySubscr)?;
                let picked = match frame.stack[n - 1].kind() {
                    // Picked under the lock: working out the bounds runs no Python code.
                    Some(ObjKind::List(l)) => {
                        let items = l.lock::<R>();
                        let (start, stop, step) = self.slice_indices(&parts, items.len())?;
                        self.new_list(pick(&items, start, stop, step))
                    }
                    Some(ObjKind::Tuple(t)) => {
                        let (start, stop, step) = self.slice_indices(&parts, t.len())?;
                        if super::containers::whole(start, stop, step, t.len()) {
                            frame.stack[n - 1].clone()
                        } else {
                            self.new_tuple(pick(t, start, stop, step))
                        }
                    }
                    _ => unreachable!("checked above"),
                };
                frame.stack[n - 1] = picked;
                Ok(SliceStep::Done)
            }
            // Step 1 (or none) only: an extended slice's size must match, checked by the
            // general path.
            Some(Op::StoreSubscr) if n >= 2 && matches!(parts[2], Value::Int(1) | Value::None) => {
                let is_seq = matches!(
                    frame.stack[n - 2].kind(),
                    Some(ObjKind::List(_) | ObjKind::Tuple(_))
                );
                if !is_seq || !matches!(frame.stack[n - 1].kind(), Some(ObjKind::List(_))) {
                    return Ok(SliceStep::Declined(parts));
                }
                self.skipped_switch_point(frame, Op::StoreSubscr)?;
                // The new items, copied out first (the value may be the target itself:
                // `a[1:] = a`), or taken whole from a list nothing else refers to (the
                // `a[i:j] = a[k::-1]` temporary).
                let mut items = match &frame.stack[n - 2] {
                    Value::Obj(o) => match o.kind() {
                        ObjKind::List(l) if o.ref_count() == 1 => {
                            std::mem::take(&mut *l.lock::<R>())
                        }
                        ObjKind::List(l) => l.lock::<R>().clone(),
                        ObjKind::Tuple(t) => t.to_vec(),
                        _ => unreachable!("checked above"),
                    },
                    _ => unreachable!("checked above"),
                };
                let Some(ObjKind::List(target)) = frame.stack[n - 1].kind() else {
                    unreachable!("checked above")
                };
                let mut guard = target.lock::<R>();
                let (start, stop, _) = self.slice_indices(&parts, guard.len())?;
                let (start, stop) = (start as usize, stop.max(start) as usize);
                let old: Vec<Value<R>> = if stop - start == items.len() {
                    // The same length: the items change places, no element moves.
                    guard[start..stop].swap_with_slice(&mut items);
                    items
                } else {
                    guard.splice(start..stop, items).collect()
                };
                drop(guard);
                // The replaced items are dropped with the target released (a `__del__` may
                // touch it).
                drop(old);
                frame.stack.truncate(n - 2);
                Ok(SliceStep::Done)
            }
            _ => Ok(SliceStep::Declined(parts)),
        }
    }

    /// The switch point of the subscript instruction a fused slice does in its place, as
    /// `execute`'s `switch_point!()` passes it, so schedules do not change.
    fn skipped_switch_point(&mut self, frame: &mut Frame<R>, op: Op) -> PyResult<(), R> {
        frame.ip += 1;
        #[cfg(feature = "no-threads")]
        if crate::objects::gc::attention::<R>() {
            self.gc_checkpoint();
            self.signals_checkpoint()?;
        }
        #[cfg(not(feature = "no-threads"))]
        {
            use crate::objects::switch_budget;
            let cost = self.shared_state_point_cost;
            if switch_budget::spend(cost) {
                if switch_budget::attention_flagged() {
                    switch_budget::refund(cost);
                    self.gc_checkpoint();
                    switch_budget::spend(cost);
                }
                if switch_budget::left() == 0 {
                    self.eval_breaker_at(Some(op))?;
                }
            }
        }
        #[cfg(feature = "no-threads")]
        let _ = op;
        Ok(())
    }
}
