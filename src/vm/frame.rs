//! A frame: one running (or suspended, for generators) activation of a code object — its local
//! slots, value stack, handler blocks and instruction pointer — and [`CodeRef`], how a frame
//! holds its code and globals without an atomic count per call.

use crate::bytecode::Code;
use crate::objects::{FunctionObj, ObjKind, ObjRef, Value};
use crate::vm::frame_object::HandleSlot;
use crate::vm::value_stack::Stack;
use crate::vm::Runtime;
use std::sync::Arc;

/// A pushed handler or an active except clause.
pub enum Block<R: Runtime> {
    /// SetupExcept/SetupFinally/SetupWith: on an exception, cut the stack to `level`, push the
    /// exception and continue at `target`.
    Handler { target: u32, level: u32 },
    /// Inside an except clause: the exception that was being handled before it.
    ExceptHandler { previous: Option<Value<R>> },
}

/// What keeps a frame's code and globals alive.
enum Owner<R: Runtime> {
    /// A module or class body: the code and the globals dict themselves (boxed, so that the
    /// pointer to it stays put when the frame moves).
    Code(Arc<Code<R>>, Box<ObjRef<R>>),
    /// A function call: the function object (moved off the caller's stack, as CPython's
    /// frame takes its `f_func`). Under the GIL its count is a plain integer, so entering a
    /// call costs no atomic instruction.
    Function(Value<R>),
    /// A pooled frame waiting for its next call: points at nothing.
    Empty,
}

/// A frame's code and globals: two plain pointers for the eval loop, and the reference that
/// keeps what they point at alive.
pub struct CodeRef<R: Runtime> {
    code: *const Code<R>,
    globals: *const ObjRef<R>,
    owner: Owner<R>,
}

// SAFETY: the pointers point into what `owner` keeps alive (an `Arc<Code>` and an `ObjRef`, or
// a function object, all `Send + Sync`), so the pair moves between threads exactly as the
// owner does.
unsafe impl<R: Runtime> Send for CodeRef<R> {}
unsafe impl<R: Runtime> Sync for CodeRef<R> {}

impl<R: Runtime> CodeRef<R> {
    pub fn new(code: Arc<Code<R>>, globals: ObjRef<R>) -> Self {
        let globals = Box::new(globals);
        CodeRef {
            code: Arc::as_ptr(&code),
            globals: &*globals,
            owner: Owner::Code(code, globals),
        }
    }

    /// The code and globals of a Python function, held through the function itself; `None`
    /// if `func` is not a Python function.
    #[inline(always)]
    pub fn of_function(func: Value<R>) -> Option<Self> {
        let Some(ObjKind::Function(f)) = func.kind() else {
            return None;
        };
        // The function object is on the heap and does not move when `func` does.
        let (code, globals) = (Arc::as_ptr(&f.code), &f.globals as *const ObjRef<R>);
        Some(CodeRef {
            code,
            globals,
            owner: Owner::Function(func),
        })
    }

    fn empty() -> Self {
        CodeRef {
            code: std::ptr::null(),
            globals: std::ptr::null(),
            owner: Owner::Empty,
        }
    }

    /// The code, with a lifetime not tied to this borrow: the eval loop keeps it while it
    /// runs the frame.
    ///
    /// # Safety
    /// The caller must not use the reference after this `CodeRef` is dropped or replaced.
    #[inline(always)]
    pub unsafe fn detached<'a>(&self) -> &'a Code<R> {
        &*self.code
    }

    /// Points the frame at `full`, the decoded body of the stub it runs (`Code::lazy`).
    ///
    /// # Safety
    /// `full` is kept alive by the code this points at now (the stub owns its decoded body).
    pub unsafe fn enter_body(&mut self, full: *const Code<R>) {
        self.code = full;
    }

    #[inline(always)]
    pub fn globals(&self) -> &ObjRef<R> {
        // SAFETY: `owner` keeps the globals alive; a pooled (empty) frame is never run.
        unsafe { &*self.globals }
    }

    /// Calls `visit` for the reference this holds: the function, or the globals it owns.
    pub fn traverse(&self, visit: crate::objects::traverse::Visit<'_, R>) {
        match &self.owner {
            Owner::Function(Value::Obj(f)) => visit(f),
            Owner::Code(_, globals) => visit(globals),
            _ => {}
        }
    }

    /// The code as a shared reference, for a code object (`f_code`); None for a pooled frame.
    pub fn shared(&self) -> Option<Arc<Code<R>>> {
        match &self.owner {
            Owner::Function(f) => match f.kind() {
                Some(ObjKind::Function(f)) => Some(f.code.clone()),
                _ => None,
            },
            Owner::Code(code, _) => Some(code.clone()),
            Owner::Empty => None,
        }
    }

    /// The function being run, if this frame is a call.
    pub fn function(&self) -> Option<&Value<R>> {
        match &self.owner {
            Owner::Function(f) => Some(f),
            _ => None,
        }
    }
}

impl<R: Runtime> std::ops::Deref for CodeRef<R> {
    type Target = Code<R>;

    #[inline(always)]
    fn deref(&self) -> &Code<R> {
        // SAFETY: `owner` keeps the code alive; a pooled (empty) frame is never run.
        unsafe { &*self.code }
    }
}

/// `Value` is `#[repr(u64)]`: its tag is a `u64` with five valid values, so `Option<Value>`
/// spends an unused tag on `None` and stores `Some(v)` as the very bytes of `v`. A call
/// therefore moves each argument into the callee's local slot as one 16-byte copy.
const ARGS_MOVE_AS_BYTES: () = assert!(
    std::mem::size_of::<Option<Value<crate::objects::runtime::Gil>>>()
        == std::mem::size_of::<Value<crate::objects::runtime::Gil>>()
);

pub struct Frame<R: Runtime> {
    pub code: CodeRef<R>,
    /// The namespace dict of a class body (LoadName/StoreName); module frames use globals.
    pub namespace: Option<ObjRef<R>>,
    /// Local slots, then cells, then free variables (cells hold `ObjKind::Cell`).
    pub locals: Vec<Option<Value<R>>>,
    /// The operand stack, with room for the code's `max_stack` values while the frame runs
    /// (see `value_stack.rs`).
    pub stack: Stack<R>,
    pub blocks: Vec<Block<R>>,
    /// The next instruction.
    pub ip: usize,
    /// A generator's frame resumed by the eval loop itself (`for` over it, `yield from` or
    /// `await` of it): its caller is the frame below it in the loop's `calls`, whose stack
    /// top is the generator object. Its `yield` goes back to that frame, not out of the loop.
    pub resumed_in_loop: bool,
    /// A generator's frame run by `Vm::collect` (`list(gen)`, `tuple(gen)`, `sorted(gen)`,
    /// `"".join(gen)`, ...): its own `yield`s push onto `Vm::gen_sink` and go on at once, as
    /// nothing happens between two items that could be told apart from resuming it per item.
    pub collecting: bool,
    /// For a call run in the eval loop: what its caller does with the result.
    pub resume: Resume<R>,
    /// The frame's frame object, once a program has asked for one (`vm/frame_object.rs`).
    pub handle: HandleSlot<R>,
    /// A generator's frame: while it runs, the exception its caller was handling (put back
    /// when it yields or ends); while it is suspended, the exception it was handling itself
    /// (put back when it is resumed). A generator's handled exception is its own, as in
    /// CPython: a `yield` inside an `except` block does not leave it to the caller.
    pub other_handling: Option<Value<R>>,
}

impl<R: Runtime> Drop for Frame<R> {
    fn drop(&mut self) {
        if self.handle.is_set() {
            self.detach_handle(false);
        }
    }
}

/// What the caller of a frame run in the eval loop does with its return value.
pub enum Resume<R: Runtime> {
    /// Pushes it (a plain call).
    Push,
    /// An `__init__` run by a class call: the value must be None; the call's result is the
    /// new instance.
    Construct(Value<R>),
    /// A callable instance's `__call__`: the instance, held for the call as the caller's
    /// stack holds the callable in CPython (so `sys.getrefcount` sees the same count).
    Release(Value<R>),
    /// An operator's method: the operands are still on the caller's stack, under nothing;
    /// `Vm::finish_operator` takes them off and goes on with the operator's rules.
    Operator(OperatorStep),
}

/// Which operator a method run in the eval loop stands for, and so what its result means.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OperatorStep {
    /// `a op b` run as `a.__op__(b)` (operator index into `BINARY_OPS`): NotImplemented goes
    /// on to `b.__rop__(a)`.
    Binary(u8),
    /// `a op= b` run as `a.__iop__(b)`: NotImplemented goes on to `a op b`.
    Inplace(u8),
    /// `a op b` run as `b.__rop__(a)`, `a` a plain number (whose own method can only
    /// decline): NotImplemented is the TypeError.
    Reflected(u8),
    /// `a cmp b` run as `a.__cmp__(b)` (index into `COMPARE_OPS`): NotImplemented goes on
    /// to the reflected method.
    Compare(u8),
    /// The same as the condition of CompareJumpIfFalse, which jumps to `target` when the
    /// result is false.
    CompareJump(u8, u32),
    /// `obj[index]` run as `obj.__getitem__(index)`: the result as it is.
    Subscript,
}

impl OperatorStep {
    /// Whether the step is a comparison, which counts a level of recursion of its own.
    #[inline(always)]
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            OperatorStep::Compare(_) | OperatorStep::CompareJump(..)
        )
    }
}

impl<R: Runtime> Resume<R> {
    /// The levels of recursion (`Vm::depth`) the frame it belongs to counts: its own, and
    /// the comparison's around it.
    #[inline(always)]
    pub fn depth_units(&self) -> usize {
        match self {
            Resume::Operator(step) if step.is_comparison() => 2,
            _ => 1,
        }
    }
}

impl<R: Runtime> Frame<R> {
    /// True if the frame has started and is inside a `try` or `with` block (a handler that
    /// closing its generator would run).
    pub fn in_handler(&self) -> bool {
        self.ip != 0
            && self
                .blocks
                .iter()
                .any(|b| matches!(b, Block::Handler { .. }))
    }

    /// Calls `visit` for every counted reference the frame holds (a suspended generator's
    /// frame, for the cycle collector).
    pub fn traverse(&self, visit: crate::objects::traverse::Visit<'_, R>) {
        self.code.traverse(visit);
        if let Some(ns) = &self.namespace {
            visit(ns);
        }
        let values = self.locals.iter().flatten().chain(self.stack.iter());
        let held = match &self.resume {
            Resume::Construct(v) | Resume::Release(v) => Some(v),
            _ => None,
        };
        for v in values.chain(held) {
            if let Value::Obj(o) = v {
                visit(o);
            }
        }
        for b in &self.blocks {
            if let Block::ExceptHandler {
                previous: Some(Value::Obj(o)),
            } = b
            {
                visit(o);
            }
        }
    }

    pub fn new(code: Arc<Code<R>>, globals: ObjRef<R>, namespace: Option<ObjRef<R>>) -> Self {
        let code = CodeRef::new(code, globals);
        let mut frame = Frame::empty();
        frame.reset(code);
        frame.namespace = namespace;
        frame
    }

    /// A frame with no code, for the pool.
    pub fn empty() -> Self {
        Frame {
            code: CodeRef::empty(),
            namespace: None,
            locals: Vec::new(),
            stack: Stack::new(),
            blocks: Vec::new(),
            ip: 0,
            resumed_in_loop: false,
            collecting: false,
            resume: Resume::Push,
            handle: HandleSlot::default(),
            other_handling: None,
        }
    }

    /// Makes a cleared (or new) frame ready to run `code` from its first instruction.
    #[inline]
    pub fn reset(&mut self, code: CodeRef<R>) {
        let n = code.frame_size();
        let depth = code.max_stack as usize;
        self.code = code;
        self.locals.resize_with(n, || None);
        self.stack.reserve(depth);
        self.ip = 0;
    }

    /// [`Frame::enter`] for a call of the Python function `func` (whose code has `slots`
    /// local slots), with the frame's code installed field by field: building the `CodeRef`
    /// first and moving it in cost a dozen machine instructions more per call.
    ///
    /// # Safety
    /// As for [`Frame::enter`]; `func` is a Python function, moved in (the frame owns it),
    /// and `f` is its `FunctionObj` (found by the caller, so not looked up again here).
    #[inline(always)]
    pub unsafe fn enter_function(
        &mut self,
        func: Value<R>,
        f: &FunctionObj<R>,
        slots: usize,
        args: *const Value<R>,
        given: usize,
    ) {
        debug_assert!(matches!(func.kind(),
            Some(ObjKind::Function(g)) if std::ptr::eq(&**g, f)));
        let code: &Code<R> = &f.code;
        debug_assert!(self.locals.is_empty() && given <= slots && slots == code.frame_size());
        if self.locals.capacity() < slots {
            self.locals.reserve(slots);
        }
        let depth = code.max_stack as usize;
        if self.stack.capacity() < depth {
            self.stack.reserve(depth);
        }
        self.move_args(args, given, slots);
        // The function object is on the heap and does not move when `func` does.
        self.code.code = code;
        self.code.globals = &f.globals;
        debug_assert!(matches!(self.code.owner, Owner::Empty));
        // SAFETY: a cleared frame's owner is `Owner::Empty`, which holds nothing.
        std::ptr::write(&mut self.code.owner, Owner::Function(func));
        self.ip = 0;
    }

    /// Makes a cleared frame ready to run `code` from its first instruction, with the `given`
    /// values at `args` moved into its first local slots and the other slots unbound.
    ///
    /// # Safety
    /// `args` points at `given` initialized values, which the caller gives up (it must stop
    /// counting them without dropping them), and `given` is at most the code's number of
    /// local slots.
    #[inline(always)]
    pub unsafe fn enter(&mut self, code: CodeRef<R>, args: *const Value<R>, given: usize) {
        let n = code.frame_size();
        debug_assert!(self.locals.is_empty() && given <= n);
        // A pooled frame usually has the room already: test it here rather than in an
        // out-of-line `reserve` on every call.
        if self.locals.capacity() < n {
            self.locals.reserve(n);
        }
        let depth = code.max_stack as usize;
        if self.stack.capacity() < depth {
            self.stack.reserve(depth);
        }
        self.move_args(args, given, n);
        self.set_code(code);
        self.ip = 0;
    }

    /// Moves the `given` values at `args` into the first of `n` local slots and sets the
    /// others unbound.
    ///
    /// # Safety
    /// The locals are empty with room for `n` slots, `given <= n`, and `args` points at
    /// `given` values the caller gives up.
    #[inline(always)]
    unsafe fn move_args(&mut self, args: *const Value<R>, given: usize, n: usize) {
        #[allow(clippy::let_unit_value)]
        let () = ARGS_MOVE_AS_BYTES;
        // SAFETY: there is room for `n` slots and `given <= n`; each argument is moved once
        // (`Some(v)` has the bytes of `v`: see `ARGS_MOVE_AS_BYTES`), and nothing between the
        // copy and `set_len` can panic.
        // A typed copy per argument (two moves each) rather than `copy_nonoverlapping`,
        // which with a length known only at run time is a call to `memcpy`. The usual
        // counts are spelled out: a loop of unknown length compiles to an unrolled body
        // with set-up and remainder code, about 25 machine instructions for one argument.
        let dst = self.locals.as_mut_ptr();
        let to = |i: usize| dst.add(i).cast::<Value<R>>();
        match given {
            0 => {}
            1 => to(0).write(args.read()),
            2 => {
                to(0).write(args.read());
                to(1).write(args.add(1).read());
            }
            3 => {
                to(0).write(args.read());
                to(1).write(args.add(1).read());
                to(2).write(args.add(2).read());
            }
            _ => {
                for i in 0..given {
                    to(i).write(args.add(i).read());
                }
            }
        }
        for i in given..n {
            dst.add(i).write(None);
        }
        self.locals.set_len(n);
    }

    /// Drops what a finished call's frame holds, keeping its vectors' memory: what `clear`
    /// does for a frame entered by `Vm::push_call` whose `resume` was `Push` (the eval loop's
    /// plain return), which has no namespace and nothing else to reset.
    #[inline(always)]
    pub fn clear_call(&mut self) {
        debug_assert!(self.namespace.is_none() && matches!(self.resume, Resume::Push));
        debug_assert!(!self.resumed_in_loop && !self.collecting);
        if self.handle.is_set() {
            self.detach_handle(true);
        }
        self.locals.clear();
        if !self.stack.is_empty() {
            // A `return` inside a `for` leaves the iterator.
            self.stack.clear();
        }
        if !self.blocks.is_empty() {
            self.blocks.clear();
        }
        self.release_code();
    }

    /// Installs `code` in a cleared frame. A cleared frame's `CodeRef` owns nothing, so it is
    /// overwritten without running its (out-of-line) drop: one call fewer per Python call.
    #[inline(always)]
    fn set_code(&mut self, code: CodeRef<R>) {
        debug_assert!(matches!(self.code.owner, Owner::Empty));
        // SAFETY: `Owner::Empty` holds nothing, so not dropping it leaks nothing.
        unsafe { std::ptr::write(&mut self.code, code) };
    }

    /// Drops the frame's `CodeRef`, leaving it empty; a function call's (the common case) is
    /// one decrement of the function's count, inline.
    #[inline(always)]
    fn release_code(&mut self) {
        // Only the owner changes: the pointers of a pooled frame are never read (`set_code`
        // overwrites them), so they need not be cleared.
        match &mut self.code.owner {
            Owner::Function(f) => {
                // SAFETY: the function is read out once and its place overwritten at once
                // with `Empty`, which holds nothing: no double drop, nothing leaked.
                let f = unsafe { std::ptr::read(f) };
                unsafe { std::ptr::write(&mut self.code.owner, Owner::Empty) };
                drop(f);
            }
            Owner::Empty => {}
            Owner::Code(..) => self.release_module_code(),
        }
    }

    /// `release_code` for a module or class body, out of line.
    #[inline(never)]
    fn release_module_code(&mut self) {
        drop(std::mem::replace(&mut self.code.owner, Owner::Empty));
    }

    /// Drops everything the frame holds, keeping its vectors' memory for the next call.
    #[inline(always)]
    pub fn clear(&mut self) {
        if self.handle.is_set() {
            self.detach_handle(true);
        }
        self.locals.clear();
        self.stack.clear();
        if !self.blocks.is_empty() {
            self.blocks.clear();
        }
        if self.namespace.is_some() {
            self.namespace = None;
        }
        if !matches!(self.resume, Resume::Push) {
            self.resume = Resume::Push;
        }
        self.resumed_in_loop = false;
        self.collecting = false;
        self.other_handling = None;
        self.release_code();
    }

    /// The module's globals dict.
    #[inline(always)]
    pub fn globals(&self) -> &ObjRef<R> {
        self.code.globals()
    }

    /// The line being executed (the instruction before `ip`).
    pub fn line(&self) -> u32 {
        let i = self.ip.saturating_sub(1);
        self.code.positions.line(i).unwrap_or(self.code.first_line)
    }

    /// The line of the instruction before `pos` (the definition's line before the first).
    pub fn line_at(&self, pos: usize) -> u32 {
        match pos {
            0 => self.code.first_line,
            _ => self
                .code
                .positions
                .line(pos - 1)
                .unwrap_or(self.code.first_line),
        }
    }

    pub fn span(&self) -> (u32, u32) {
        let i = self.ip.saturating_sub(1);
        self.code.positions.span(i).unwrap_or((0, 0))
    }
}

/// How a frame stopped running.
pub enum FrameExit<R: Runtime> {
    Return(Value<R>),
    Yield(Value<R>),
}

#[cfg(test)]
mod tests {
    use crate::objects::runtime::Gil;
    use crate::objects::Value;

    /// What `Frame::enter` relies on: a `Value`'s bytes read as `Option<Value>` are `Some`
    /// of that value, for every kind of immediate value (objects differ only in payload).
    #[test]
    fn values_read_as_some_of_themselves() {
        let values: Vec<Value<Gil>> = vec![
            Value::None,
            Value::Bool(true),
            Value::Int(-7),
            Value::Float(2.5),
        ];
        for v in &values {
            // SAFETY: the layout under test; only immediates, so nothing is counted twice.
            let read =
                unsafe { std::ptr::read((v as *const Value<Gil>).cast::<Option<Value<Gil>>>()) };
            let same = match (read, v) {
                (Some(Value::None), Value::None) => true,
                (Some(Value::Bool(a)), Value::Bool(b)) => a == *b,
                (Some(Value::Int(a)), Value::Int(b)) => a == *b,
                (Some(Value::Float(a)), Value::Float(b)) => a == *b,
                _ => false,
            };
            assert!(same);
        }
    }
}
