//! The instruction set, declared once. Each line: the instruction, its operand, its stack
//! effect (when it does not jump) and what it does. The enum, `name`, `stack_effect` and `doc`
//! are all generated from this one list.

/// Declares the instruction set.
macro_rules! ops {
    ($( $(#[doc = $doc:literal])+ $name:ident $(($arg:ident))? => $effect:expr; )*) => {
        /// One instruction. Operands are `u32`: an index into the code's constants, names or
        /// local slots, a jump target (an instruction index), a count, or a small enum code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Op {
            $( $(#[doc = $doc])+ $name $(( ops!(@ty $arg) ))? ),*
        }

        impl Op {
            /// The instruction's name as the disassembler prints it.
            pub fn name(&self) -> &'static str {
                match self { $( Op::$name { .. } => stringify!($name) ),* }
            }

            /// The operand, if the instruction has one.
            #[allow(unused_variables)]
            pub fn arg(&self) -> Option<u32> {
                match *self { $( Op::$name $(($arg))? => ops!(@some $($arg)?) ),* }
            }

            /// How the stack depth changes when the instruction falls through.
            #[allow(unused_variables, clippy::identity_op)]
            pub fn stack_effect(&self) -> i32 {
                match *self { $( Op::$name $(($arg))? => { $(let $arg = $arg as i32;)? $effect } ),* }
            }

            /// The one-line description from the declaration.
            pub fn doc(&self) -> &'static str {
                match self { $( Op::$name { .. } => concat!($($doc),+).trim_start() ),* }
            }

            /// The instruction's position in the declaration (its tag in serialized code).
            pub fn tag(&self) -> u32 {
                /// The instructions without their operands, in declaration order.
                #[allow(dead_code)]
                enum Tag { $( $name ),* }
                match self { $( Op::$name { .. } => Tag::$name as u32 ),* }
            }

            /// The instruction with this tag (see [`Op::tag`]) and operand (ignored by the
            /// instructions without one); `None` for a tag no instruction has.
            pub fn from_tag(tag: u32, arg: u32) -> Option<Op> {
                #[allow(unused_variables)]
                const MAKE: &[fn(u32) -> Op] = &[ $( |a| Op::$name $(( ops!(@arg a $arg) ))? ),* ];
                MAKE.get(tag as usize).map(|make| make(arg))
            }
        }
    };
    (@arg $a:ident $arg:ident) => { $a };
    (@ty $arg:ident) => { u32 };
    (@some $arg:ident) => { Some($arg) };
    (@some) => { None };
}

ops! {
    /// Does nothing.
    Nop => 0;
    /// Discards TOS.
    PopTop => -1;
    /// Swaps the two top items.
    RotTwo => 0;
    /// Lifts the second and third items up one, moves TOS down to third.
    RotThree => 0;
    /// Lifts the second to fourth items up one, moves TOS down to fourth.
    RotFour => 0;
    /// Pushes a copy of TOS.
    DupTop => 1;
    /// Pushes copies of the two top items, in order.
    DupTopTwo => 2;
    /// Pushes constant `i`.
    LoadConst(i) => 1;
    /// Pushes local slot `i` (UnboundLocalError if unset).
    LoadFast(i) => 1;
    /// Pops TOS into local slot `i`.
    StoreFast(i) => -1;
    /// Unsets local slot `i`.
    DeleteFast(i) => 0;
    /// Pushes the content of cell `i` (cell and free variables).
    LoadDeref(i) => 1;
    /// Pops TOS into cell `i`.
    StoreDeref(i) => -1;
    /// Empties cell `i`.
    DeleteDeref(i) => 0;
    /// Pushes cell `i` itself, to build a closure.
    LoadClosure(i) => 1;
    /// Pushes global `names[i]`, falling back to builtins.
    LoadGlobal(i) => 1;
    /// Pops TOS into global `names[i]`.
    StoreGlobal(i) => -1;
    /// Deletes global `names[i]`.
    DeleteGlobal(i) => 0;
    /// Pushes `names[i]` from the local namespace dict, then globals, then builtins.
    LoadName(i) => 1;
    /// Pops TOS into `names[i]` of the local namespace dict.
    StoreName(i) => -1;
    /// Deletes `names[i]` from the local namespace dict.
    DeleteName(i) => 0;
    /// TOS = TOS.names[i]
    LoadAttr(i) => 0;
    /// TOS.names[i] = TOS1; pops both.
    StoreAttr(i) => -2;
    /// del TOS.names[i]
    DeleteAttr(i) => -1;
    /// Replaces TOS with (method, self) for a method found on its class, or (attribute, NULL).
    LoadMethod(i) => 1;
    /// Calls the method and self left by LoadMethod with `n` arguments above them.
    CallMethod(n) => -n - 1;
    /// Calls TOS-n with the `n` arguments above it.
    Call(n) => -n;
    /// Like Call, with a tuple of keyword names on top naming the last arguments.
    CallKw(n) => -n - 1;
    /// Calls TOS2 (or TOS1) with the args tuple TOS1 (or TOS) and, if `k` is 1, kwargs dict TOS.
    CallEx(k) => -1 - k;
    /// TOS = TOS1 op TOS, with `op` a `BinOp` index (see BINARY_OPS).
    BinaryOp(op) => -1;
    /// TOS = TOS1 op= TOS, in place when the object supports it.
    InplaceOp(op) => -1;
    /// TOS = op TOS, with `op` an index in UNARY_OPS (not, -, +, ~).
    UnaryOp(op) => 0;
    /// TOS = TOS1 cmp TOS, with `cmp` an index in COMPARE_OPS.
    CompareOp(cmp) => -1;
    /// TOS = TOS1 is TOS (`is not` when `invert` is 1).
    IsOp(invert) => -1;
    /// TOS = TOS1 in TOS (`not in` when `invert` is 1).
    ContainsOp(invert) => -1;
    /// TOS = TOS1[TOS]
    BinarySubscr => -1;
    /// TOS1[TOS] = TOS2; pops all three.
    StoreSubscr => -3;
    /// del TOS1[TOS]
    DeleteSubscr => -2;
    /// Builds slice(TOS2, TOS1, TOS) (`n` = 3) or slice(TOS1, TOS) (`n` = 2).
    BuildSlice(n) => 1 - n;
    /// Builds a tuple from the `n` top items.
    BuildTuple(n) => 1 - n;
    /// Builds a list from the `n` top items.
    BuildList(n) => 1 - n;
    /// Builds a set from the `n` top items.
    BuildSet(n) => 1 - n;
    /// Builds a dict from `n` key, value pairs.
    BuildMap(n) => 1 - 2 * n;
    /// Concatenates the `n` top strings (f-strings).
    BuildString(n) => 1 - n;
    /// Appends TOS to the list `d` items below it (comprehensions).
    ListAppend(d) => -1;
    /// Adds TOS to the set `d` items below it.
    SetAdd(d) => -1;
    /// Sets key TOS1 to value TOS in the dict `d` items below them.
    MapAdd(d) => -2;
    /// Extends the list `d` items below TOS with the iterable TOS.
    ListExtend(d) => -1;
    /// Updates the set `d` items below TOS with the iterable TOS.
    SetUpdate(d) => -1;
    /// Updates the dict `d` items below TOS with the mapping TOS (`{**m}`).
    DictUpdate(d) => -1;
    /// Like DictUpdate, but a repeated key is a TypeError (`f(**m)`).
    DictMerge(d) => -1;
    /// Converts the list TOS to a tuple.
    ListToTuple => 0;
    /// Formats TOS for an f-string: bits 0-1 conversion (0 none, 1 !s, 2 !r, 3 !a), bit 2 a spec is on top.
    FormatValue(flags) => -((flags >> 2) & 1);
    /// Unpacks the iterable TOS into exactly `n` items, first item on top.
    UnpackSequence(n) => n - 1;
    /// Unpacks with a starred target: low byte items before the star, high byte after.
    UnpackEx(counts) => (counts & 0xff) + (counts >> 8);
    /// Continues at instruction `t`.
    Jump(t) => 0;
    /// Pops TOS; continues at `t` if it is false.
    PopJumpIfFalse(t) => -1;
    /// Pops TOS; continues at `t` if it is true.
    PopJumpIfTrue(t) => -1;
    /// If TOS is false, continues at `t` keeping it; otherwise pops it.
    JumpIfFalseOrPop(t) => -1;
    /// If TOS is true, continues at `t` keeping it; otherwise pops it.
    JumpIfTrueOrPop(t) => -1;
    /// TOS = iter(TOS)
    GetIter => 0;
    /// Pushes next(TOS); when the iterator is exhausted, pops it and continues at `t`.
    ForIter(t) => 1;
    /// Returns TOS from the frame.
    ReturnValue => -1;
    /// Suspends the generator, yielding TOS; resumes with the sent value on top.
    YieldValue => 0;
    /// Makes a function from the code object TOS; `flags`: 1 defaults tuple, 2 kw-defaults dict, 4 the closure's `flags >> 8` cells below it.
    MakeFunction(flags) => -((flags & 1) + ((flags >> 1) & 1) + ((flags >> 2) & 1) * (flags >> 8));
    /// Runs the class body function TOS in a new namespace; makes the class from it, the `n & 0xffff` bases below (then a dict of class keywords if bit 16 is set) and the name below them. With bit 17 set, the one "base" is a tuple of the bases (`class C(*bases)`).
    MakeClass(n) => -(n & 0xffff) - ((n >> 16) & 1) - 1;
    /// Pushes a handler for exceptions raised before the matching PopBlock, continuing at `t`.
    SetupExcept(t) => 0;
    /// Pushes a handler that runs a finally block at `t` on the way out of an exception.
    SetupFinally(t) => 0;
    /// Calls TOS.__enter__(), leaves TOS.__exit__ below its result and pushes a handler at `t`.
    SetupWith(t) => 1;
    /// Pops the innermost handler pushed by a Setup instruction.
    PopBlock => 0;
    /// Leaves an except clause: restores the exception being handled before it.
    PopExcept => 0;
    /// raise (`n` = 0 re-raises), raise TOS (`n` = 1), raise TOS1 from TOS (`n` = 2).
    Raise(n) => -n;
    /// Re-raises the exception TOS (end of a finally or an unmatched except).
    Reraise => -1;
    /// Pops a class and an exception; continues at `t` unless the exception matches.
    JumpIfNotExcMatch(t) => -2;
    /// Calls the __exit__ below the exception TOS with it; pushes the result.
    WithExceptStart => 1;
    /// Imports module `names[i]` (a dotted name; leading dots: relative to the package of
    /// the code's globals) and pushes it: the module the whole name names.
    ImportName(i) => 1;
    /// Pushes attribute `names[i]` of the module TOS (`from m import x`).
    ImportFrom(i) => 1;
    /// Copies every public name of the module TOS into the namespace and pops it.
    ImportStar => -1;
    /// Pushes the AssertionError class.
    LoadAssertionError => 1;
    /// Echoes TOS in the REPL (its repr unless None) and pops it.
    PrintExpr => -1;
    /// Pushes whether TOS is a sequence a sequence pattern matches (not str, bytes, bytearray).
    MatchSequence => 1;
    /// Pushes whether TOS is a mapping a mapping pattern matches.
    MatchMapping => 1;
    /// Pushes len(TOS).
    GetLen => 1;
    /// TOS is a tuple of keys, TOS1 a mapping: pushes their values as a tuple, or None if one is missing.
    MatchKeys => 1;
    /// Replaces the keys tuple TOS and the mapping TOS1 with a dict of the other items (`**rest`).
    CopyDictWithout => -1;
    /// TOS: keyword attribute names, TOS1: a class, TOS2: the subject. Replaces them with the
    /// tuple of `n` positional and the keyword attributes, or None if the subject does not match.
    MatchClass(n) => -2;
    /// `yield from`: sends TOS into the iterator TOS1, leaving what it yields on top; when it
    /// returns, replaces both with its return value and continues at `t`.
    Send(t) => 0;
    /// TOS = the iterator that `await TOS` drives (`where`: 0 await, 1 after `__aenter__`, 2 after `__aexit__`, for the error text).
    GetAwaitable(where_) => 0;
    /// TOS = TOS.__aiter__() (`async for`).
    GetAIter => 0;
    /// Pushes the awaitable TOS.__anext__(), keeping the async iterator TOS below it.
    GetANext => 1;
    /// End of an `async for`: TOS is the exception, TOS1 the async iterator; StopAsyncIteration pops both and leaves the except clause, anything else is re-raised.
    EndAsyncFor => -2;
    /// `async with`: replaces the manager TOS with its bound `__aexit__` and the awaitable `__aenter__()` above it.
    BeforeAsyncWith => 1;
    /// `async with`, after awaiting `__aenter__()`: pushes a handler at `t` keeping TOS1 (`__aexit__`) below the exception.
    SetupAsyncWith(t) => 0;
    /// Calls the `__aexit__` below the exception TOS with it; pushes the awaitable it returns.
    AsyncWithExceptStart => 1;
    /// Records the frame's globals and locals for the builtin called next (`locals()`, `eval`).
    NoteNamespaces => 0;
    /// Fused LoadFast; LoadFast (slots in the low and high 16 bits); skips the next instruction.
    LoadFastLoadFast(slots) => 2;
    /// Fused LoadFast; LoadConst (slot low 16 bits, constant high); skips the next instruction.
    LoadFastLoadConst(pair) => 2;
    /// Fused CompareOp; PopJumpIfFalse (comparison in the low 4 bits, target above).
    CompareJumpIfFalse(packed) => -2;
    /// Fused IsOp; PopJumpIfFalse (`if x is None`, `if x is not y`): `is not` in the low bit,
    /// the target above.
    IsJumpIfFalse(packed) => -2;
    /// Fused LoadFast; LoadConst; BinaryOp: pushes local op constant (local: bits 0-11,
    /// constant: bits 12-23, operator: bits 24-27); skips the next two instructions.
    BinaryFastConst(packed) => 1;
    /// Fused LoadFast; LoadConst; InplaceOp; StoreFast to the same local: `x op= constant`
    /// (packed as BinaryFastConst); skips the next three instructions.
    UpdateFastConst(packed) => 0;
    /// Fused BuildTuple n; UnpackSequence n (`a, b = b, a`): reverses the top `n` items
    /// without building the tuple; skips the next instruction.
    ReverseTop(n) => 0;
    /// `super().names[i](...)` in a method: replaces `super` (TOS2), `__class__` (TOS1) and the
    /// first argument (TOS) with (method, self) or (attribute, NULL), as LoadMethod does.
    LoadSuperMethod(i) => -1;
    /// Fused LoadFast; LoadAttr (slot low 16 bits, name high): `local.name` of an instance
    /// read with the local left in place; skips the next instruction when it does its work.
    LoadFastAttr(pair) => 1;
    /// Fused LoadFast; StoreAttr (slot low 16 bits, name high): `local.name = TOS` (`self.x =
    /// v`); skips the next instruction.
    StoreFastAttr(pair) => -1;
    /// Fused LoadFast; LoadMethod (slot low 16 bits, name high): LoadMethod of the local;
    /// skips the next instruction when it does its work. Its effect is counted as the
    /// LoadFast's, the LoadMethod after it adding the other one: the same two values the
    /// fast path pushes (stack depth analysis walks both instructions; counting two here
    /// would grow a loop's depth by one per turn).
    LoadFastMethod(pair) => 1;
    /// Fused LoadFast; BinarySubscr: TOS = TOS[local `i`] for an exact list or tuple and an
    /// int, or an exact dict and an atom key; skips the next instruction when it does its work.
    LoadFastSubscr(i) => 1;
    /// Fused LoadConst; ReturnValue (`return None`, `return True`): returns constant `c`. The
    /// ReturnValue stays in place and is never reached from here.
    ReturnConst(c) => 1;
    /// Fused DupTopTwo; BinarySubscr (`seq[i] op= v`): pushes TOS1[TOS], keeping both for
    /// the store, for an exact list or tuple and an int, or an exact dict and an atom key;
    /// skips the next instruction when it does its work (else it is the DupTopTwo alone).
    DupSubscr => 2;
    /// Fused RotThree; StoreSubscr (the store of `seq[i] op= v`): TOS2[TOS1] = TOS;
    /// skips the next instruction.
    RotStoreSubscr => -3;
    /// A loop's closing `Jump` to its `ForIter` at `t` (the peephole makes it): jumps back,
    /// then does that ForIter's step in the same dispatch when the iterator steps in place
    /// (a range, list, tuple, set or dict view), passing both instructions' switch points.
    JumpForIter(t) => 0;
    /// The whole body of a function the bytecode cache left undecoded: decodes the body
    /// and runs the frame in it from its first instruction.
    DecodeBody => 0;
}

/// `BinaryOp`/`InplaceOp` operand order; the compiler and the VM both index this table.
pub const BINARY_OPS: [crate::syntax::ast::BinOp; 13] = {
    use crate::syntax::ast::BinOp::*;
    [
        Add, Sub, Mul, MatMul, Div, FloorDiv, Mod, Pow, LShift, RShift, BitOr, BitXor, BitAnd,
    ]
};

/// Indexes into [`BINARY_OPS`], for code that matches the operand itself (a jump on the
/// number, where a match on the table's entry loads it and checks the index first).
pub mod binary_index {
    pub const ADD: u32 = 0;
    pub const SUB: u32 = 1;
    pub const MUL: u32 = 2;
    pub const DIV: u32 = 4;
    pub const FLOOR_DIV: u32 = 5;
    pub const MOD: u32 = 6;
    pub const POW: u32 = 7;
    pub const BIT_OR: u32 = 10;
    pub const BIT_XOR: u32 = 11;
    pub const BIT_AND: u32 = 12;
}

// Each index names the operator the table has there.
const _: () = {
    use crate::syntax::ast::BinOp;
    use binary_index::*;
    let t = &BINARY_OPS;
    assert!(matches!(t[ADD as usize], BinOp::Add));
    assert!(matches!(t[SUB as usize], BinOp::Sub));
    assert!(matches!(t[MUL as usize], BinOp::Mul));
    assert!(matches!(t[DIV as usize], BinOp::Div));
    assert!(matches!(t[FLOOR_DIV as usize], BinOp::FloorDiv));
    assert!(matches!(t[MOD as usize], BinOp::Mod));
    assert!(matches!(t[POW as usize], BinOp::Pow));
    assert!(matches!(t[BIT_OR as usize], BinOp::BitOr));
    assert!(matches!(t[BIT_XOR as usize], BinOp::BitXor));
    assert!(matches!(t[BIT_AND as usize], BinOp::BitAnd));
};

/// `CompareOp` operand order.
pub const COMPARE_OPS: [&str; 6] = ["<", "<=", "==", "!=", ">", ">="];

/// `UnaryOp` operand order.
pub const UNARY_OPS: [&str; 4] = ["not", "-", "+", "~"];

impl Op {
    /// The jump target, for instructions that can continue somewhere other than the next one.
    pub fn jump_target(&self) -> Option<u32> {
        match *self {
            Op::Jump(t)
            | Op::JumpForIter(t)
            | Op::PopJumpIfFalse(t)
            | Op::PopJumpIfTrue(t)
            | Op::JumpIfFalseOrPop(t)
            | Op::JumpIfTrueOrPop(t)
            | Op::ForIter(t)
            | Op::Send(t)
            | Op::SetupExcept(t)
            | Op::SetupFinally(t)
            | Op::SetupWith(t)
            | Op::SetupAsyncWith(t)
            | Op::JumpIfNotExcMatch(t) => Some(t),
            Op::CompareJumpIfFalse(packed) => Some(packed >> 4),
            Op::IsJumpIfFalse(packed) => Some(packed >> 1),
            _ => None,
        }
    }

    /// How many values the instruction reads from the top of the stack (pops, or looks at
    /// below the top): the depth it needs to find there. `Code::validate` checks that every
    /// path reaches the instruction at least that deep ([`super::code::stack_floor_holds`]),
    /// so the eval loop pops and reads the top without testing for an empty stack. A fused
    /// instruction counts what its own work reads (it skips the ones it stands for only
    /// when it has done theirs); a loop's JumpForIter reads the iterator its ForIter does.
    pub fn stack_needs(&self) -> u32 {
        match *self {
            Op::Nop
            | Op::LoadConst(_)
            | Op::LoadFast(_)
            | Op::DeleteFast(_)
            | Op::LoadDeref(_)
            | Op::DeleteDeref(_)
            | Op::LoadClosure(_)
            | Op::LoadGlobal(_)
            | Op::DeleteGlobal(_)
            | Op::LoadName(_)
            | Op::DeleteName(_)
            | Op::Jump(_)
            | Op::SetupExcept(_)
            | Op::SetupFinally(_)
            | Op::PopBlock
            | Op::PopExcept
            | Op::ImportName(_)
            | Op::LoadAssertionError
            | Op::NoteNamespaces
            | Op::LoadFastLoadFast(_)
            | Op::LoadFastLoadConst(_)
            | Op::BinaryFastConst(_)
            | Op::UpdateFastConst(_)
            | Op::LoadFastAttr(_)
            | Op::LoadFastMethod(_)
            | Op::ReturnConst(_)
            | Op::DecodeBody => 0,
            Op::PopTop
            | Op::DupTop
            | Op::StoreFast(_)
            | Op::StoreDeref(_)
            | Op::StoreGlobal(_)
            | Op::StoreName(_)
            | Op::LoadAttr(_)
            | Op::DeleteAttr(_)
            | Op::LoadMethod(_)
            | Op::UnaryOp(_)
            | Op::ListToTuple
            | Op::UnpackSequence(_)
            | Op::UnpackEx(_)
            | Op::PopJumpIfFalse(_)
            | Op::PopJumpIfTrue(_)
            | Op::JumpIfFalseOrPop(_)
            | Op::JumpIfTrueOrPop(_)
            | Op::GetIter
            | Op::ForIter(_)
            | Op::JumpForIter(_)
            | Op::ReturnValue
            | Op::YieldValue
            | Op::SetupWith(_)
            | Op::Reraise
            | Op::ImportFrom(_)
            | Op::ImportStar
            | Op::PrintExpr
            | Op::MatchSequence
            | Op::MatchMapping
            | Op::GetLen
            | Op::GetAwaitable(_)
            | Op::GetAIter
            | Op::GetANext
            | Op::BeforeAsyncWith
            | Op::SetupAsyncWith(_)
            | Op::StoreFastAttr(_)
            | Op::LoadFastSubscr(_) => 1,
            Op::RotTwo
            | Op::DupTopTwo
            | Op::StoreAttr(_)
            | Op::BinaryOp(_)
            | Op::InplaceOp(_)
            | Op::CompareOp(_)
            | Op::IsOp(_)
            | Op::ContainsOp(_)
            | Op::BinarySubscr
            | Op::DeleteSubscr
            | Op::JumpIfNotExcMatch(_)
            | Op::WithExceptStart
            | Op::MatchKeys
            | Op::CopyDictWithout
            | Op::Send(_)
            | Op::EndAsyncFor
            | Op::AsyncWithExceptStart
            | Op::CompareJumpIfFalse(_)
            | Op::IsJumpIfFalse(_)
            | Op::DupSubscr => 2,
            Op::RotThree
            | Op::StoreSubscr
            | Op::MatchClass(_)
            | Op::LoadSuperMethod(_)
            | Op::RotStoreSubscr => 3,
            Op::RotFour => 4,
            Op::CallMethod(n) => n.saturating_add(2),
            Op::Call(n) => n.saturating_add(1),
            Op::CallKw(n) => n.saturating_add(2),
            Op::CallEx(k) => k.saturating_add(2),
            Op::BuildSlice(n)
            | Op::BuildTuple(n)
            | Op::BuildList(n)
            | Op::BuildSet(n)
            | Op::BuildString(n)
            | Op::ReverseTop(n)
            | Op::Raise(n) => n,
            Op::BuildMap(n) => n.saturating_mul(2),
            // The item (or key and value) on top, the collection `d` below what remains.
            Op::ListAppend(d)
            | Op::SetAdd(d)
            | Op::ListExtend(d)
            | Op::SetUpdate(d)
            | Op::DictUpdate(d)
            | Op::DictMerge(d) => d.saturating_add(1),
            Op::MapAdd(d) => d.saturating_add(2),
            Op::FormatValue(flags) => 1 + ((flags >> 2) & 1),
            Op::MakeFunction(flags) => {
                let cells = if flags & 4 != 0 { flags >> 8 } else { 0 };
                1 + (flags & 1) + ((flags >> 1) & 1) + cells
            }
            Op::MakeClass(n) => (n & 0xffff) + ((n >> 16) & 1) + 2,
        }
    }

    /// How many of the instructions after this fused one it stands for (and so skips).
    pub fn skips(&self) -> usize {
        match self {
            Op::LoadFastLoadFast(_)
            | Op::LoadFastLoadConst(_)
            | Op::CompareJumpIfFalse(_)
            | Op::IsJumpIfFalse(_)
            | Op::StoreFastAttr(_)
            | Op::ReverseTop(_)
            | Op::RotStoreSubscr => 1,
            Op::BinaryFastConst(_) => 2,
            Op::UpdateFastConst(_) => 3,
            _ => 0,
        }
    }

    /// The most instructions after this one it may skip: [`Op::skips`], or one for the fused
    /// instructions that skip the next only when they do its work.
    pub fn max_skip(&self) -> usize {
        match self {
            Op::LoadFastAttr(_) | Op::LoadFastMethod(_) | Op::LoadFastSubscr(_) | Op::DupSubscr => {
                1
            }
            _ => self.skips(),
        }
    }

    /// Points the jump at `target` (the compiler patches forward jumps).
    pub fn set_jump_target(&mut self, target: u32) {
        match self {
            Op::Jump(t)
            | Op::JumpForIter(t)
            | Op::PopJumpIfFalse(t)
            | Op::PopJumpIfTrue(t)
            | Op::JumpIfFalseOrPop(t)
            | Op::JumpIfTrueOrPop(t)
            | Op::ForIter(t)
            | Op::Send(t)
            | Op::SetupExcept(t)
            | Op::SetupFinally(t)
            | Op::SetupWith(t)
            | Op::SetupAsyncWith(t)
            | Op::JumpIfNotExcMatch(t) => *t = target,
            _ => {}
        }
    }
}
