//! Fuses common instruction pairs into one instruction (CPython 3.11 has the same
//! "superinstructions"): the pair's first instruction becomes the fused one and jumps over the
//! second, which stays in place, so no jump target or line-table entry moves. A pair is fused
//! only when nothing jumps to its second instruction.

use crate::bytecode::Op;

pub fn fuse(ops: &mut [Op]) {
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
        let fused = match (ops[i], ops[i + 1]) {
            (Op::LoadFast(a), Op::LoadFast(b)) if a < 0x10000 && b < 0x10000 => {
                Some(Op::LoadFastLoadFast(a | (b << 16)))
            }
            (Op::LoadFast(a), Op::LoadConst(c)) if a < 0x10000 && c < 0x10000 => {
                Some(Op::LoadFastLoadConst(a | (c << 16)))
            }
            (Op::CompareOp(c), Op::PopJumpIfFalse(t)) if t < (1 << 28) => {
                Some(Op::CompareJumpIfFalse(c | (t << 4)))
            }
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
}
