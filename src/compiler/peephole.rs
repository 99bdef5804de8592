//! Fuses common instruction pairs into one instruction (CPython 3.11 has the same
//! "superinstructions"): the pair's first instruction becomes the fused one and jumps over the
//! second, which stays in place, so no jump target or line-table entry moves. A pair is fused
//! only when nothing jumps to its second instruction. A fused instruction that can fail where
//! a later one of its group would takes that one's span, so tracebacks mark the operation.

use crate::bytecode::Op;

pub fn fuse(ops: &mut [Op], spans: &mut [(u32, u32)]) {
    thread_jumps(ops);
    inline_return_jumps(ops);
    fuse_loop_jumps(ops);
    let mut is_target = vec![false; ops.len() + 1];
    for op in ops.iter() {
        if let Some(t) = op.jump_target() {
            if let Some(slot) = is_target.get_mut(t as usize) {
                *slot = true;
            }
        }
    }
    let mut i = 0;
    while i + 1 < ops.len() {
        if is_target[i + 1] {
            i += 1;
            continue;
        }
        // `x.f(y.a)`, `x[y[i]]`, `y.a = x`: the second load goes with its attribute or
        // subscript (no push and pop of `y`).
        let attr_next = |at: usize| {
            let wants_local = match ops.get(at) {
                Some(Op::LoadAttr(n) | Op::LoadMethod(n) | Op::StoreAttr(n)) => *n < 0x10000,
                Some(Op::BinarySubscr) => true,
                _ => false,
            };
            wants_local && !is_target[at]
        };
        let fused = match (ops[i], ops[i + 1]) {
            (Op::LoadFast(a), Op::LoadAttr(n)) if a < 0x10000 && n < 0x10000 => {
                Some(Op::LoadFastAttr(a | (n << 16)))
            }
            (Op::LoadFast(a), Op::LoadMethod(n)) if a < 0x10000 && n < 0x10000 => {
                Some(Op::LoadFastMethod(a | (n << 16)))
            }
            // `self.x = v`: the receiver read from its slot, not pushed and popped.
            (Op::LoadFast(a), Op::StoreAttr(n)) if a < 0x10000 && n < 0x10000 => {
                Some(Op::StoreFastAttr(a | (n << 16)))
            }
            // `seq[i]` with `i` a local: the index read in place.
            (Op::LoadFast(a), Op::BinarySubscr) => Some(Op::LoadFastSubscr(a)),
            (Op::LoadFast(_), Op::LoadFast(_)) if attr_next(i + 2) => None,
            (Op::LoadFast(a), Op::LoadFast(b)) if a < 0x10000 && b < 0x10000 => {
                Some(Op::LoadFastLoadFast(a | (b << 16)))
            }
            (Op::LoadFast(a), Op::LoadConst(c)) if a < 0x10000 && c < 0x10000 => {
                Some(Op::LoadFastLoadConst(a | (c << 16)))
            }
            (Op::CompareOp(c), Op::PopJumpIfFalse(t)) if t < (1 << 28) => {
                Some(Op::CompareJumpIfFalse(c | (t << 4)))
            }
            (Op::IsOp(invert), Op::PopJumpIfFalse(t)) if t < (1 << 31) && invert < 2 => {
                Some(Op::IsJumpIfFalse(invert | (t << 1)))
            }
            // Items packed into a tuple only to be unpacked again at once: CPython 3.11
            // swaps them in place too, so no tuple is made (its items are evaluated first,
            // then assigned left to right, either way).
            (Op::BuildTuple(n), Op::UnpackSequence(m)) if n == m => Some(Op::ReverseTop(n)),
            // `seq[i] op= v`: the item read with the container and index left for the store,
            // and the store taking the result from above them, without the copies and the
            // rotation moving values one dispatch each.
            (Op::DupTopTwo, Op::BinarySubscr) => Some(Op::DupSubscr),
            (Op::LoadConst(c), Op::ReturnValue) => Some(Op::ReturnConst(c)),
            (Op::RotThree, Op::StoreSubscr) => Some(Op::RotStoreSubscr),
            _ => None,
        };
        match fused {
            Some(f) => {
                ops[i] = f;
                i += 2;
            }
            None => i += 1,
        }
    }
    fuse_constant_arithmetic(ops, spans, &is_target);
}

/// A jump whose target is a forward `Jump` goes straight to where that one goes (the end of
/// an `if` body inside a loop jumped to the jump back; a failed test of an `elif` chain to the
/// jump past the rest): one dispatch fewer. Only forward jumps are passed through, so no
/// loop's backward jump, and so no switch point, is skipped. A forward `Jump` that ends on a
/// loop's backward jump becomes that jump when it is backward from here too (it then passes
/// the same switch point).
fn thread_jumps(ops: &mut [Op]) {
    // Each step moves forward, so this ends.
    let end = |ops: &[Op], mut t: usize| {
        while let Some(&Op::Jump(u)) = ops.get(t) {
            if u as usize <= t {
                break;
            }
            t = u as usize;
        }
        t
    };
    for i in 0..ops.len() {
        let op = ops[i];
        let Some(t) = op.jump_target() else { continue };
        let threaded = match op {
            Op::Jump(_)
            | Op::PopJumpIfFalse(_)
            | Op::PopJumpIfTrue(_)
            | Op::JumpIfFalseOrPop(_)
            | Op::JumpIfTrueOrPop(_) => end(ops, t as usize),
            _ => continue,
        };
        ops[i].set_jump_target(threaded as u32);
        if let (Op::Jump(_), Some(&Op::Jump(back))) = (op, ops.get(threaded)) {
            if (back as usize) <= i {
                ops[i] = Op::Jump(back);
            }
        }
    }
}

/// A forward `Jump` to a `ReturnValue` returns where it is (`return a if c else b` jumps
/// from the first branch to the return after the second): one dispatch fewer, as CPython's
/// compiler copies small return blocks into the jumps to them. A forward jump passes no
/// switch point, so schedules do not change; the value returned and the blocks the return
/// sees are the same.
fn inline_return_jumps(ops: &mut [Op]) {
    for i in 0..ops.len() {
        if let Op::Jump(t) = ops[i] {
            if t as usize > i && matches!(ops.get(t as usize), Some(Op::ReturnValue)) {
                ops[i] = Op::ReturnValue;
            }
        }
    }
}

/// A loop's closing jump to its `ForIter` becomes `JumpForIter`, which steps the iterator in
/// the same dispatch: every turn of a `for` loop was a `Jump` and then a `ForIter`. Only
/// backward jumps (the loop's own), so the jump's switch point is there to pass.
fn fuse_loop_jumps(ops: &mut [Op]) {
    for i in 0..ops.len() {
        if let Op::Jump(t) = ops[i] {
            if (t as usize) < i && matches!(ops[t as usize], Op::ForIter(_)) {
                ops[i] = Op::JumpForIter(t);
            }
        }
    }
}

/// `x op c` and `x op= c` on a local and a constant: the arithmetic of counting loops.
fn fuse_constant_arithmetic(ops: &mut [Op], spans: &mut [(u32, u32)], is_target: &[bool]) {
    let mut i = 0;
    while i + 3 < ops.len() {
        let (Op::LoadFastLoadConst(pair), Op::LoadConst(_)) = (ops[i], ops[i + 1]) else {
            i += 1;
            continue;
        };
        let (slot, constant) = (pair & 0xffff, pair >> 16);
        if slot >= 0x1000 || constant >= 0x1000 || is_target[i + 2] {
            i += 1;
            continue;
        }
        let packed = |op: u32| slot | (constant << 12) | (op << 24);
        match (ops[i + 2], ops[i + 3]) {
            (Op::InplaceOp(op), Op::StoreFast(s)) if s == slot && !is_target[i + 3] => {
                ops[i] = Op::UpdateFastConst(packed(op));
                copy_span(spans, i + 2, i);
                i += 4;
            }
            (Op::BinaryOp(op), _) => {
                ops[i] = Op::BinaryFastConst(packed(op));
                copy_span(spans, i + 2, i);
                i += 3;
            }
            _ => i += 1,
        }
    }
}

fn copy_span(spans: &mut [(u32, u32)], from: usize, to: usize) {
    if let Some(&span) = spans.get(from) {
        if let Some(slot) = spans.get_mut(to) {
            *slot = span;
        }
    }
}
