//! Code objects: a compiled function, class body or module — instructions, a line table, and
//! the constants, names and variable layout the instructions index.

use super::Op;
use crate::objects::{DictKey, FunctionObj, Host, Value};
use std::sync::Arc;

/// The runtime as the compiler and the code objects see it: an [`objects::Runtime`] whose
/// code objects are [`Code`]s (objects names them only as [`Host::Code`]).
///
/// [`objects::Runtime`]: crate::objects::Runtime
pub trait Runtime: crate::objects::Runtime + Host<Code = Code<Self>> {}

impl<R> Runtime for R where R: crate::objects::Runtime + Host<Code = Code<R>> {}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CodeFlags {
    /// Has a `*args` parameter (the slot after the positional and keyword-only ones).
    pub varargs: bool,
    /// Has a `**kwargs` parameter (the slot after `*args`).
    pub varkw: bool,
    /// Calling it makes a suspended frame: contains `yield`, or is `async def` (then
    /// `coroutine` is set too, and `async_generator` when it also yields).
    pub generator: bool,
    /// `async def` or an async comprehension: calling it makes a coroutine.
    pub coroutine: bool,
    /// `async def` containing `yield`: calling it makes an async generator.
    pub async_generator: bool,
    /// Names live in a dict (module and class bodies), reached by LoadName/StoreName.
    pub namespace: bool,
}

pub struct Code<R: Runtime> {
    pub name: Arc<str>,
    pub qualname: Arc<str>,
    pub filename: Arc<str>,
    pub first_line: u32,
    pub flags: CodeFlags,
    /// Positional parameters (including positional-only ones).
    pub argcount: u32,
    pub posonly_count: u32,
    pub kwonly_count: u32,
    /// Local slot names: parameters first, then other locals.
    pub varnames: Vec<Arc<str>>,
    /// Variables of this function captured by nested ones (cells created on entry).
    pub cellvars: Vec<Arc<str>>,
    /// Variables this function uses from enclosing ones (cells passed in the closure).
    pub freevars: Vec<Arc<str>>,
    /// For each cellvar that is also a parameter, the parameter's slot.
    pub cell_args: Vec<Option<u32>>,
    pub consts: Vec<Value<R>>,
    /// Names used by global, attribute and namespace instructions, with their hashes.
    pub names: Vec<DictKey<R>>,
    pub ops: Vec<Op>,
    /// Source line of each instruction, and the byte span of its expression (for traceback
    /// carets).
    pub positions: Positions,
    /// Deepest the value stack gets.
    pub max_stack: u32,
    /// The docstring of a function's body (`__doc__`).
    pub doc: Option<Arc<str>>,
    /// Inline caches of the instructions that look names up (one entry per name).
    pub caches: super::NameCaches<R>,
    /// Set on the code of a function whose body the bytecode cache has not decoded yet: the
    /// fields above `consts` are its own, and its body is the one instruction `DecodeBody`,
    /// which decodes the rest on the first run and continues in it (`Vm::decoded_body`).
    pub lazy: Option<Box<super::serial::LazyBody<R>>>,
}

/// Where each instruction came from: its source line and its expression's byte span. Asked
/// for only by tracebacks, line numbers and tracing, so code read from the bytecode cache
/// leaves them in the cache's bytes and reads the one asked for.
pub enum Positions {
    /// As the compiler made them: one entry per instruction.
    Tables {
        lines: Vec<u32>,
        spans: Vec<(u32, u32)>,
    },
    /// In a cache file's payload: `len` lines (4 bytes each, little-endian) at `at`, then
    /// `len` spans (two such words each). The reader checked that they are all there.
    Encoded {
        source: Arc<super::serial::Source>,
        at: usize,
        len: usize,
    },
    /// Every instruction on this line, without a span (a cached function's one-instruction
    /// stub, `serial::LazyBody`).
    Line(u32),
}

impl Positions {
    /// The line of instruction `i`.
    #[inline]
    pub fn line(&self, i: usize) -> Option<u32> {
        match self {
            Positions::Tables { lines, .. } => lines.get(i).copied(),
            Positions::Encoded { source, at, len } => {
                (i < *len).then(|| source.word(at + 4 * i))?
            }
            Positions::Line(line) => Some(*line),
        }
    }

    /// The source byte span of instruction `i`'s expression.
    #[inline]
    pub fn span(&self, i: usize) -> Option<(u32, u32)> {
        match self {
            Positions::Tables { spans, .. } => spans.get(i).copied(),
            Positions::Encoded { source, at, len } => {
                if i >= *len {
                    return None;
                }
                let start = at + 4 * len + 8 * i;
                Some((source.word(start)?, source.word(start + 4)?))
            }
            Positions::Line(_) => Some((0, 0)),
        }
    }

    /// How many instructions have a position (`None`: all of them).
    pub fn count(&self) -> Option<usize> {
        match self {
            Positions::Tables { lines, spans } => Some(lines.len().min(spans.len())),
            Positions::Encoded { len, .. } => Some(*len),
            Positions::Line(_) => None,
        }
    }
}

impl<R: Runtime> Code<R> {
    /// Checks the invariant the eval loop's unchecked instruction fetch relies on: every jump
    /// target is an instruction of this code, every fused instruction's skip lands on one, and
    /// the last instruction does not fall through.
    ///
    /// Also that every local slot, constant and global name (with its cache entry) an
    /// instruction of the hot loop names exists (a running frame has `frame_size()` slots),
    /// so the loop reads them without a bounds check, and that `max_stack` covers the deepest the operand stack can get
    /// ([`max_stack_depth`]), so the loop pushes without a capacity check.
    pub fn validate(&self) -> bool {
        let n = self.ops.len() as u32;
        let ends = matches!(
            self.ops.last(),
            Some(Op::ReturnValue | Op::Jump(_) | Op::JumpForIter(_) | Op::Raise(_) | Op::Reraise)
        );
        let slots = self.frame_size() as u32;
        let consts = self.consts.len() as u32;
        let operands_ok = |op: &Op| match *op {
            Op::LoadFast(i) | Op::StoreFast(i) | Op::LoadFastSubscr(i) => i < slots,
            Op::LoadConst(i) | Op::ReturnConst(i) => i < consts,
            // LoadGlobal reads its name and cache entry unchecked.
            Op::LoadGlobal(i) => (i as usize) < self.names.len().min(self.caches.names()),
            Op::LoadFastLoadFast(p) => (p & 0xffff) < slots && (p >> 16) < slots,
            Op::LoadFastLoadConst(p) => (p & 0xffff) < slots && (p >> 16) < consts,
            // Attribute instructions read their cache entry unchecked.
            Op::LoadAttr(i) | Op::LoadMethod(i) => (i as usize) < self.caches.attr_names(),
            Op::StoreAttr(i) => (i as usize) < self.caches.store_names(),
            Op::StoreFastAttr(p) => {
                (p & 0xffff) < slots && ((p >> 16) as usize) < self.caches.store_names()
            }
            Op::LoadFastAttr(p) | Op::LoadFastMethod(p) => {
                (p & 0xffff) < slots && ((p >> 16) as usize) < self.caches.attr_names()
            }
            Op::BinaryFastConst(p) | Op::UpdateFastConst(p) => {
                (p & 0xfff) < slots && ((p >> 12) & 0xfff) < consts
            }
            // The loop takes the ForIter at the target as its own (unchecked).
            Op::JumpForIter(t) => matches!(self.ops.get(t as usize), Some(Op::ForIter(_))),
            // Only a stub has it, and a stub is never validated.
            Op::DecodeBody => false,
            _ => true,
        };
        ends && skips_stay_inside(&self.ops)
            && self
                .ops
                .iter()
                .all(|op| op.jump_target().is_none_or(|t| t < n) && operands_ok(op))
            && {
                let (max, floor_seen) = walk_depths(&self.ops);
                self.max_stack >= max && (floor_seen || stack_floor_holds(&self.ops))
            }
    }

    /// Number of local slots: variables, then cells, then free variables.
    pub fn frame_size(&self) -> usize {
        self.varnames.len() + self.cellvars.len() + self.freevars.len()
    }

    pub fn name_str(&self, i: u32) -> &str {
        self.names[i as usize].value.as_str().unwrap_or("?")
    }

    /// The name of cell-or-free variable `i` (LoadDeref's operand).
    pub fn deref_name(&self, i: u32) -> &str {
        let i = i as usize;
        if i < self.cellvars.len() {
            &self.cellvars[i]
        } else {
            &self.freevars[i - self.cellvars.len()]
        }
    }
}

/// The deepest the operand stack of code running `ops` can get, with the margin the eval
/// loop takes above an instruction's depth: a bound method's receiver or a new instance
/// inserted under a call's arguments (one more), and an operator run as its Python method,
/// which keeps its two operands and pushes the method and its two arguments above them
/// (three more than the depth before the operator, `Vm::enter_operator`).
///
/// Follows every path: each instruction is visited with the deepest depth any path reaches
/// it with (a path arriving deeper than before is followed again), fused instructions skip
/// the ones they stand for, and a handler's target starts one deeper than its Setup
/// instruction (the exception pushed). Code that no bound fits gets `u32::MAX`, which no
/// `max_stack` satisfies: a path that pops more than it pushed (damaged code: the compiler
/// never makes it, and the bound assumes every instruction finds the operands it pops), or
/// a stack that grows without bound (a loop that leaves a value behind each turn).
pub fn max_stack_depth(ops: &[Op]) -> u32 {
    walk_depths(ops).0
}

/// The depth a jump (or a handler's start) leaves at its target, from the depth before the
/// instruction and its effect when it falls through: a loop's end takes the iterator off,
/// a kept condition stays, and a handler starts with the exception above its Setup's depth.
fn jump_depth(op: Op, depth: i64, effect: i64) -> i64 {
    match op {
        Op::ForIter(_) | Op::Send(_) => depth - 1,
        Op::JumpIfFalseOrPop(_) | Op::JumpIfTrueOrPop(_) => depth,
        Op::SetupExcept(_) | Op::SetupFinally(_) | Op::SetupWith(_) => depth + 1,
        _ => depth + effect,
    }
}

/// [`max_stack_depth`]'s walk, and whether it found every instruction reached at one depth
/// only, with the values the instruction reads ([`Op::stack_needs`]) there: as compiled code
/// always is, and then the stack floor holds without [`stack_floor_holds`]'s own walk.
fn walk_depths(ops: &[Op]) -> (u32, bool) {
    /// Deeper than any real code goes; beyond it the stack grows in a loop.
    const LIMIT: i64 = 1 << 20;
    let mut depth_at: Vec<i64> = vec![-1; ops.len() + 1];
    let mut work = vec![(0usize, 0i64)];
    let mut max = 0i64;
    let mut uniform = true;
    while let Some((mut pc, mut depth)) = work.pop() {
        while pc < ops.len() {
            if depth_at[pc] >= depth {
                uniform &= depth_at[pc] == depth;
                break;
            }
            uniform &= depth_at[pc] == -1;
            depth_at[pc] = depth;
            let op = ops[pc];
            uniform &= depth >= i64::from(op.stack_needs());
            let effect = i64::from(op.stack_effect());
            if let Some(t) = op.jump_target() {
                let jump_depth = jump_depth(op, depth, effect);
                if jump_depth < 0 {
                    return (u32::MAX, false);
                }
                work.push((t as usize, jump_depth));
            }
            depth += effect;
            max = max.max(depth);
            if depth < 0 || max > LIMIT {
                return (u32::MAX, false);
            }
            if matches!(
                op,
                Op::Jump(_) | Op::JumpForIter(_) | Op::ReturnValue | Op::Raise(_) | Op::Reraise
            ) {
                break;
            }
            pc += 1 + op.skips();
        }
    }
    (max as u32 + 3, uniform)
}

/// Whether every path reaches every instruction with at least the values it reads on the
/// stack ([`Op::stack_needs`]), so that the eval loop pops and reads the top unchecked.
///
/// The walk of [`max_stack_depth`], with the same depths along jumps and into handlers, but
/// keeping the shallowest depth each instruction is reached with (a path arriving shallower
/// than before is followed again, so the walk ends: a depth never goes below zero here). A
/// handler starts one above the depth of its Setup instruction, which the unwinding keeps
/// even when damaged code popped below it inside the block (`Vm::unwind_to_handler`).
pub fn stack_floor_holds(ops: &[Op]) -> bool {
    let mut floor_at: Vec<i64> = vec![i64::MAX; ops.len()];
    let mut work = vec![(0usize, 0i64)];
    while let Some((mut pc, mut depth)) = work.pop() {
        while let Some(&op) = ops.get(pc) {
            if floor_at[pc] <= depth {
                break;
            }
            floor_at[pc] = depth;
            if depth < i64::from(op.stack_needs()) {
                return false;
            }
            let effect = i64::from(op.stack_effect());
            if let Some(t) = op.jump_target() {
                work.push((t as usize, jump_depth(op, depth, effect)));
            }
            depth += effect;
            if depth < 0 {
                return false;
            }
            if matches!(
                op,
                Op::Jump(_) | Op::JumpForIter(_) | Op::ReturnValue | Op::Raise(_) | Op::Reraise
            ) {
                break;
            }
            pc += 1 + op.skips();
        }
    }
    true
}

/// Whether every fused instruction's skip lands on an instruction of `ops` (the eval loop
/// fetches the next instruction unchecked).
pub fn skips_stay_inside(ops: &[Op]) -> bool {
    ops.iter()
        .enumerate()
        .all(|(k, op)| op.max_skip() == 0 || k + 1 + op.max_skip() < ops.len())
}

/// Lives beside [`Code`] because it reads the code object.
impl<R: Runtime> FunctionObj<R> {
    /// True when a call with `n` positional arguments binds them one-to-one to the first
    /// parameters and the parameters after them all have defaults (no `*args`, `**kwargs`
    /// or keyword-only parameters), and runs the body at once (not a generator): the eval
    /// loop's call path.
    #[inline(always)]
    pub fn takes_positional(&self, n: usize) -> bool {
        // One subtraction and one comparison: the bounds were worked out when the function
        // was made (`positional_bounds`).
        n.wrapping_sub(self.pos_min as usize) <= self.pos_spread as usize
    }

    /// `pos_min` and `pos_spread` for a function of `code` with `ndefaults` positional
    /// defaults: a call binds `argcount - ndefaults ..= argcount` positional arguments in
    /// place, or none if the code has keyword-only parameters, `*args`, `**kwargs`, or is a
    /// generator.
    pub fn positional_bounds(code: &Code<R>, ndefaults: usize) -> (u32, u32) {
        let simple = code.kwonly_count == 0
            && !code.flags.varargs
            && !code.flags.varkw
            && !code.flags.generator;
        if !simple {
            return (u32::MAX, 0);
        }
        let spread = (ndefaults as u32).min(code.argcount);
        (code.argcount - spread, spread)
    }

    /// `takes_positional` for a generator function: the arguments bind so, and a call makes
    /// a generator (`Vm::generator_in_loop`).
    #[inline]
    pub fn makes_generator_of(&self, n: usize) -> bool {
        let c = &self.code;
        let argc = c.argcount as usize;
        c.flags.generator
            && n <= argc
            && n + self.defaults.len() >= argc
            && c.kwonly_count == 0
            && !c.flags.varargs
            && !c.flags.varkw
    }

    #[inline]
    pub fn takes_exactly(&self, n: usize) -> bool {
        let c = &self.code;
        c.argcount as usize == n
            && c.kwonly_count == 0
            && !c.flags.varargs
            && !c.flags.varkw
            && !c.flags.generator
    }
}

#[cfg(test)]
mod tests {
    use super::{max_stack_depth, skips_stay_inside, stack_floor_holds, walk_depths};
    use crate::bytecode::Op;

    /// A fused instruction and the one after it it stands for count the values they push
    /// once between them: a loop around them keeps the same depth on every turn.
    #[test]
    fn fused_loads_in_a_loop_keep_a_small_bound() {
        // while True: obj.m(); x = seq[i]; y = obj.a
        let ops = [
            Op::LoadFastMethod(1 << 16), // slot 0, name 1
            Op::LoadMethod(1),
            Op::CallMethod(0),
            Op::PopTop,
            Op::LoadConst(0),
            Op::LoadFastSubscr(1),
            Op::BinarySubscr,
            Op::PopTop,
            Op::LoadFastAttr(2 << 16), // slot 0, name 2
            Op::LoadAttr(2),
            Op::PopTop,
            Op::Jump(0),
        ];
        assert_eq!(max_stack_depth(&ops), 2 + 3);
    }

    /// Code that reads below the bottom of its stack on some path is refused, so the eval
    /// loop can pop without testing: here with the depth the same on every path.
    #[test]
    fn reading_below_the_bottom_is_refused() {
        // A binary operator with one operand; a rotation of three with two values.
        let short_operator = [Op::LoadConst(0), Op::BinaryOp(0), Op::ReturnValue];
        let short_rotation = [
            Op::LoadConst(0),
            Op::LoadConst(0),
            Op::RotThree,
            Op::PopTop,
            Op::PopTop,
            Op::ReturnValue,
        ];
        let short_call = [
            Op::LoadConst(0),
            Op::LoadConst(0),
            Op::Call(2),
            Op::ReturnValue,
        ];
        for ops in [&short_operator[..], &short_rotation, &short_call] {
            assert!(!walk_depths(ops).1, "{ops:?}");
            assert!(!stack_floor_holds(ops), "{ops:?}");
        }
        let fine = [
            Op::LoadConst(0),
            Op::LoadConst(0),
            Op::Call(1),
            Op::ReturnValue,
        ];
        assert!(walk_depths(&fine).1);
        assert!(stack_floor_holds(&fine));
    }

    /// Where paths reach an instruction at different depths, the shallowest decides.
    #[test]
    fn the_shallowest_path_decides() {
        // if c: push one more value; then an operator reads two: short on the `else` path.
        let ops = [
            Op::LoadConst(0),
            Op::LoadConst(0),
            Op::PopJumpIfFalse(4),
            Op::LoadConst(0),
            Op::BinaryOp(0),
            Op::ReturnValue,
        ];
        assert!(!walk_depths(&ops).1);
        assert!(!stack_floor_holds(&ops));
        // The same with the operator given two values on both paths.
        let ops = [
            Op::LoadConst(0),
            Op::LoadConst(0),
            Op::LoadConst(0),
            Op::PopJumpIfFalse(6),
            Op::LoadConst(0),
            Op::PopTop,
            Op::BinaryOp(0),
            Op::ReturnValue,
        ];
        assert!(stack_floor_holds(&ops));
        // A handler starts with the exception above its Setup's depth.
        let handler = [
            Op::SetupExcept(3),
            Op::PopBlock,
            Op::ReturnConst(0),
            Op::PopTop,
            Op::ReturnConst(0),
        ];
        assert!(stack_floor_holds(&handler));
        assert!(walk_depths(&handler).1);
    }

    /// Damaged code whose fused instruction would skip past the last instruction is refused.
    #[test]
    fn a_skip_past_the_end_is_refused() {
        let store = [Op::RotStoreSubscr, Op::StoreSubscr, Op::ReturnValue];
        assert!(skips_stay_inside(&store));
        assert!(!skips_stay_inside(&[Op::RotStoreSubscr, Op::ReturnValue]));
        assert!(!skips_stay_inside(&[
            Op::LoadConst(0),
            Op::DupSubscr,
            Op::ReturnValue
        ]));
        assert!(skips_stay_inside(&[
            Op::DupSubscr,
            Op::BinarySubscr,
            Op::ReturnValue
        ]));
        assert!(!skips_stay_inside(&[
            Op::UpdateFastConst(0),
            Op::LoadConst(0),
            Op::ReturnValue
        ]));
    }
}
