//! The eval loop: runs a frame's instructions until it returns, yields or raises. Errors leave
//! the inner loop through `?`; `run_frame` records the traceback line, finds the innermost
//! handler and resumes there, or passes the exception to the caller.

use super::frame::{Block, Frame, FrameExit, OperatorStep, Resume};
use super::ops::{compare_holds, EXACT_INT};
use super::Vm;
use crate::bytecode::{Code, Op, BINARY_OPS};
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::iter::ViewKind;
use crate::objects::{int, IterState, ObjCell, ObjKind, ObjRef, Value};
use crate::vm::Runtime;

impl<R: Runtime> Vm<R> {
    /// Runs a frame that must not yield (module, class body, plain function).
    pub fn run_frame_plain(&mut self, frame: &mut Frame<R>) -> PyResult<Value<R>, R> {
        match self.run_frame(frame)? {
            FrameExit::Return(v) | FrameExit::Yield(v) => Ok(v),
        }
    }

    /// Runs a frame until it returns or yields; an exception no handler in it catches is
    /// returned with this frame's line added to its traceback.
    ///
    /// Python functions the frame calls (and those they call) run in this same loop: the
    /// call pushes the callee's frame on `calls` and the loop goes on with it; its return pops
    /// it. Only native code that calls back into Python recurses into `run_frame`.
    ///
    /// The thread's `call_site` is put back on every exit: the frames' calls pointed it into
    /// their code, which their caller may free as soon as they end (a module's code when its
    /// body has run, a function's when the frame held its last reference), and native code
    /// that blocks afterwards reads it for its wait report.
    pub fn run_frame(&mut self, frame: &mut Frame<R>) -> PyResult<FrameExit<R>, R> {
        let call_site = self.call_site;
        let mut calls = self.frame_stacks.pop().unwrap_or_default();
        self.enter_segment(frame, &calls);
        let result = self.run_frames(frame, &mut calls);
        self.segments.pop();
        if result.is_err() {
            frame.leave_raising();
        }
        // Every exit (return, yield, or an exception no frame caught) has popped every call.
        debug_assert!(calls.is_empty());
        self.frame_stacks.push(calls);
        self.call_site = call_site;
        result
    }

    // Boxed: the loop keeps pointers to frames while the list grows.
    #[allow(clippy::vec_box)]
    fn run_frames(
        &mut self,
        base: &mut Frame<R>,
        calls: &mut Vec<Box<Frame<R>>>,
    ) -> PyResult<FrameExit<R>, R> {
        loop {
            let err = match self.execute(base, calls) {
                Ok(exit) => return Ok(exit),
                Err(err) => err,
            };
            let mut exc = self.materialize(err);
            // Unwind frame by frame, each adding its line, until one has a handler.
            loop {
                let top: &mut Frame<R> = match calls.last_mut() {
                    Some(f) => f,
                    None => &mut *base,
                };
                self.record_raise(&exc, top);
                if self.unwind_to_handler(top, exc.clone()) {
                    break;
                }
                match calls.pop() {
                    Some(mut done) => {
                        done.leave_raising();
                        let caller: &Frame<R> = calls.last().map_or(&*base, |f| f);
                        if done.resumed_in_loop {
                            // Out of a generator its caller's `for` or `yield from` ran here:
                            // the generator is finished, and a StopIteration leaving it
                            // becomes a RuntimeError.
                            let flavor = self.finish_in_loop(done, caller);
                            let err = self.escaped_generator(flavor, PyErr::Object(exc_ref(exc)));
                            exc = self.materialize(err);
                        } else {
                            self.depth -= done.resume.depth_units();
                            self.recycle_frame(done);
                        }
                        // The caller's call, not the freed frame's, is where the thread is.
                        self.call_site = (&*caller.code as *const Code<R>, caller.ip);
                    }
                    None => return Err(PyErr::Object(exc_ref(exc))),
                }
            }
        }
    }

    /// Raises `err` in a suspended frame where it stopped (`generator.throw`): runs the handler
    /// that catches it, or returns it with the frame's line added to its traceback.
    pub(super) fn run_frame_raising(
        &mut self,
        frame: &mut Frame<R>,
        err: PyErr<R>,
    ) -> PyResult<FrameExit<R>, R> {
        let exc = self.materialize(err);
        self.record_raise(&exc, frame);
        if !self.unwind_to_handler(frame, exc.clone()) {
            return Err(PyErr::Object(exc_ref(exc)));
        }
        self.run_frame(frame)
    }

    /// Adds the frame's current line to the exception's traceback, and chains the exception
    /// being handled as its `__context__`.
    fn record_raise(&mut self, exc: &Value<R>, frame: &Frame<R>) {
        if std::mem::take(&mut self.reraising) {
            return;
        }
        if let Some(ObjKind::Exception(e)) = exc.kind() {
            let mut st = e.state.lock::<R>();
            st.traceback.push(crate::objects::exception::TraceEntry {
                filename: frame.code.filename.clone(),
                name: frame.code.name.clone(),
                line: frame.line(),
                span: frame.span(),
                ip: frame.ip.saturating_sub(1) as u32,
                frame: frame.code.shared().map(|c| (c, frame.globals().clone())),
            });
            if !st.traceback_object.is_none() {
                st.traceback_object = Value::None;
            }
            if st.context.is_none() {
                if let Some(h) = &self.handling {
                    if !h.is(exc) {
                        st.context = h.clone();
                    }
                }
            }
        }
    }

    /// Pops blocks until a handler; false when the frame has none left.
    fn unwind_to_handler(&mut self, frame: &mut Frame<R>, exc: Value<R>) -> bool {
        while let Some(block) = frame.blocks.pop() {
            match block {
                Block::ExceptHandler { previous } => self.handling = previous,
                Block::Handler { target, level } => {
                    frame.stack.truncate(level as usize);
                    // The handler finds `level` values under the exception, as
                    // `Code::validate`'s stack floor assumes, also after damaged code popped
                    // below the level inside the block (compiled code never does).
                    while frame.stack.len() < level as usize {
                        frame.stack.push(Value::None);
                    }
                    let previous = self.handling.replace(exc.clone());
                    frame.blocks.push(Block::ExceptHandler { previous });
                    frame.stack.push(exc);
                    frame.ip = target as usize;
                    return true;
                }
            }
        }
        false
    }

    #[allow(clippy::vec_box)]
    fn execute(
        &mut self,
        base: &mut Frame<R>,
        calls: &mut Vec<Box<Frame<R>>>,
    ) -> PyResult<FrameExit<R>, R> {
        let base: *mut Frame<R> = base;
        // The frame running now: the innermost call run in place, or `base`. Frames are boxed,
        // so pushing on `calls` moves none of them; `fp` changes only at a call or a return.
        let mut fp: *mut Frame<R> = match calls.last_mut() {
            Some(f) => &mut **f,
            None => base,
        };
        // SAFETY: a frame's `CodeRef` keeps its code alive while the frame runs, and `code` is
        // replaced whenever `fp` changes.
        let mut code: &Code<R> = unsafe { (*fp).code.detached() };
        let mut ops: &[Op] = &code.ops;
        // `ip` lives in a register; the frame learns it only where someone will look: when
        // an error leaves the loop (for the traceback), at a call, at a yield, and around
        // slow_op.
        // SAFETY (every `*fp` below): `fp` points at `base` or at a frame boxed in `calls`,
        // both alive for this whole function, and no other reference to that frame is used
        // while this one is.
        let mut ip = unsafe { (*fp).ip };
        // `?` for the loop: records where the frame was before passing the error up.
        macro_rules! tri {
            ($e:expr) => {
                match $e {
                    Ok(v) => v,
                    Err(err) => {
                        unsafe { (*fp).ip = ip };
                        return Err(err);
                    }
                }
            };
        }
        macro_rules! fail {
            ($e:expr) => {{
                unsafe { (*fp).ip = ip };
                return Err($e);
            }};
        }
        // Runs the frame now on top of `calls` (or `base`) from its saved `ip`.
        macro_rules! switch_frame {
            () => {{
                fp = match calls.last_mut() {
                    Some(f) => &mut **f,
                    None => base,
                };
                code = unsafe { (*fp).code.detached() };
                ops = &code.ops;
                ip = unsafe { (*fp).ip };
            }};
        }
        // Runs `callee`, a call's frame just entered (`ip` 0), in place of its caller: as
        // `calls.push` and `switch_frame!`, without testing for an empty `calls` or reading
        // back the `ip` the entry has just set.
        macro_rules! enter_call {
            ($callee:expr) => {{
                let len = push_call(calls, $callee);
                // SAFETY: `calls` has just had the callee pushed at `len`.
                fp = unsafe { &mut **calls.as_mut_ptr().add(len) };
                code = unsafe { (*fp).code.detached() };
                ops = &code.ops;
                debug_assert_eq!(unsafe { (*fp).ip }, 0);
                ip = 0;
            }};
        }
        // An operator's method run as a frame of the loop (see `dunder_calls.rs`): the
        // operands stay on the caller's stack until it returns.
        macro_rules! operator_call {
            ($frame:expr, $a:expr, $b:expr, $func:expr, $step:expr, $swap:expr) => {{
                $frame.ip = ip;
                self.call_site = (code as *const Code<R>, ip);
                let callee = tri!(self.enter_operator($frame, $a, $b, $func, $step, $swap));
                calls.push(callee);
                switch_frame!();
                continue;
            }};
        }
        // A switch point: where another thread's turn could be observed (shared state is read
        // or written, a call is made, a loop turns). Switching between purely local
        // instructions could not be seen by anyone, so they have none.
        //
        // Calls and loop back-edges (`switch_point!(call)`, `switch_point!(backedge)`) are
        // switch points under every policy. The others count only under
        // `--switch-points=any`: under `backedge` (CPython 3.10+) they take 0 off the budget,
        // so they never reach the eval breaker, and the check stays one subtraction.
        // `--features no-threads` compiles the budget out: what is left is the flag the
        // collector, finalizers and (there) signals raise, which every build pays.
        let shared_state_point_cost = self.shared_state_point_cost;
        macro_rules! switch_point {
            () => {
                switch_point!(cost shared_state_point_cost)
            };
            (call) => {
                switch_point!(cost 1)
            };
            (backedge) => {
                switch_point!(cost 1)
            };
            (cost $cost:expr) => {
                switch_point!(cost $cost, ops[ip - 1])
            };
            // The switch point an instruction that does the work of another passes for it,
            // reported as that one's (`LoadSuperMethod` for the `super()` call and the
            // method load it replaces), so schedules and traces do not change.
            (cost $cost:expr, $op:expr) => {
                // The cycle collector's turn when generation 0 passed its threshold, and the
                // finalizers frees queued (`__del__`, weakref callbacks), run at the next
                // switch point so their output comes where CPython's does.
                #[cfg(feature = "no-threads")]
                if crate::objects::gc::attention::<R>() {
                    unsafe { (*fp).ip = ip };
                    // Finalizers report the instruction before this one, which made the
                    // free (`del c`, `c = None`), as CPython's, which run at the free.
                    self.call_site = (code as *const Code<R>, super::coroutine::free_site(ops, ip));
                    self.gc_checkpoint();
                    // Without thread support signals raise the same flag (no budget runs
                    // down to an eval breaker that would look at them).
                    tri!(self.signals_checkpoint());
                }
                #[cfg(not(feature = "no-threads"))]
                {
                    // One subtraction and one test: the word's sign carries the collector's
                    // attention flag, so this also asks what the build without threads asks.
                    // A point that costs nothing (shared state under `backedge`) leaves the
                    // budget as it is: it is at least 1 between two eval breakers, so it
                    // cannot read 0 here. Subtracting always is cheaper under the default
                    // `any` than testing the cost first.
                    let cost: u64 = $cost;
                    if crate::objects::switch_budget::spend(cost) {
                        let site = (code as *const Code<R>, super::coroutine::free_site(ops, ip));
                        tri!(self.switch_point_spent(cost, $op, fp, ip, site));
                    }
                }
                #[cfg(feature = "no-threads")]
                let _ = ($cost, $op);
            };
        }
        // LoadMethod's result: (function, receiver) for a method found, else (attribute, an
        // empty marker: no receiver to pass).
        macro_rules! push_method {
            ($frame:expr, $found:expr, $obj:expr, $i:expr) => {
                match $found {
                    Some(func) => {
                        $frame.stack.push(func);
                        $frame.stack.push($obj);
                    }
                    None => {
                        let attr = tri!(self.load_unbound_attr(&$obj, code, $i, ip));
                        $frame.stack.push(attr);
                        $frame.stack.push(Value::Obj(self.no_receiver()));
                    }
                }
            };
        }
        loop {
            let frame: &mut Frame<R> = unsafe { &mut *fp };
            // SAFETY: `Code::validate` checked that every jump target is inside `ops` and
            // that the last instruction cannot fall through, so `ip` is always in bounds.
            // It also checked the local slots and constants the instructions below name,
            // which they read through `slot`, `slot_mut` and `constant` unchecked.
            let op = unsafe { *ops.get_unchecked(ip) };
            ip += 1;
            match op {
                Op::Nop => {}
                Op::PopTop => {
                    frame.stack.pop();
                }
                Op::RotTwo => {
                    let n = frame.stack.len();
                    frame.stack.swap(n - 1, n - 2);
                }
                Op::DupTop => {
                    let v = top(frame).clone();
                    frame.stack.push(v);
                }
                Op::LoadConst(i) => frame
                    .stack
                    .push(unsafe { constant(code, i as usize) }.clone()),
                Op::LoadFast(i) => match unsafe { slot(frame, i as usize) } {
                    Some(v) => {
                        let v = v.clone();
                        frame.stack.push(v);
                    }
                    None => fail!(unbound_local(&code.varnames[i as usize])),
                },
                Op::StoreFast(i) => {
                    let v = pop(frame);
                    unsafe { store_slot(frame, i as usize, v) };
                }
                Op::LoadDeref(i) => {
                    switch_point!();
                    let v = tri!(self.load_deref(frame, i, ip));
                    frame.stack.push(v);
                }
                Op::StoreDeref(i) => {
                    switch_point!();
                    let v = pop(frame);
                    self.store_deref(frame, i, Some(v), ip);
                }
                Op::LoadGlobal(i) => {
                    switch_point!();
                    // SAFETY: `i` is this LoadGlobal's operand, which `Code::validate` checked.
                    let v = match unsafe { self.global_hit(frame.globals(), code, i) } {
                        Some(v) => v,
                        None => tri!(self.load_global_filling(frame.globals(), code, i, ip)),
                    };
                    frame.stack.push(v);
                }
                Op::LoadAttr(i) => {
                    switch_point!();
                    let obj = pop(frame);
                    // SAFETY: `i` is this LoadAttr's operand, which `Code::validate` checked.
                    let v = match unsafe { self.load_attr_hit(&obj, code, i) } {
                        Some(v) => v,
                        None => tri!(self.load_attr_missed(&obj, code, i, ip)),
                    };
                    frame.stack.push(v);
                }
                Op::StoreAttr(i) => {
                    switch_point!();
                    let obj = pop(frame);
                    let v = pop(frame);
                    // SAFETY: `i` is this StoreAttr's operand, which `Code::validate` checked.
                    tri!(unsafe { self.store_attr_cached(&obj, code, i, v, ip) });
                }
                // `local.name = v`: the LoadFast's unbound check, then the StoreAttr's switch
                // point (reported as its own) and store, the receiver never on the stack.
                Op::StoreFastAttr(pair) => {
                    let (a, i) = ((pair & 0xffff) as usize, pair >> 16);
                    let Some(obj) = (unsafe { slot(frame, a) }) else {
                        fail!(unbound_local(&code.varnames[a]))
                    };
                    let obj = obj.clone();
                    ip += 1;
                    switch_point!(cost shared_state_point_cost, Op::StoreAttr(i));
                    let v = pop(frame);
                    // SAFETY: `i` is this instruction's name, which `Code::validate` checked.
                    tri!(unsafe { self.store_attr_cached(&obj, code, i, v, ip) });
                }
                Op::LoadMethod(i) => {
                    switch_point!();
                    let obj = pop(frame);
                    // SAFETY: `i` is this LoadMethod's operand, which `Code::validate` checked.
                    let found = tri!(unsafe { self.load_method_cached(&obj, code, i, ip) });
                    push_method!(frame, found, obj, i);
                }
                Op::LoadSuperMethod(i) => {
                    switch_point!(cost 1, Op::Call(2));
                    switch_point!(cost shared_state_point_cost, Op::LoadMethod(i));
                    frame.ip = ip;
                    self.call_site = (code as *const Code<R>, ip);
                    tri!(self.load_super_method(frame, code, i));
                }
                Op::CallMethod(n) => {
                    switch_point!(call);
                    self.call_site = (code as *const Code<R>, ip);
                    let n = n as usize;
                    let base = frame.stack.len() - n - 2;
                    // SAFETY (the reads below `base + n + 2`): CallMethod reads the method,
                    // receiver and `n` arguments, which `Code::validate` checked are there.
                    let receiver_is_marker = is_marker(unsafe { at(&frame.stack, base + 1) }, self);
                    if !receiver_is_marker {
                        match unsafe { at(&frame.stack, base) }.kind() {
                            Some(ObjKind::Function(f)) if f.takes_positional(n + 1) => {
                                let f: *const crate::objects::FunctionObj<R> = &**f;
                                frame.ip = ip;
                                // SAFETY: `f` is the function at `base`.
                                let callee = tri!(unsafe { self.push_call_of(frame, base, f) });
                                enter_call!(callee);
                                continue;
                            }
                            // A generator method: the generator made here.
                            Some(ObjKind::Function(f)) if f.code.flags.generator => {
                                if let Some(g) = self.generator_in_loop(frame, base) {
                                    frame.stack.push(g);
                                    continue;
                                }
                            }
                            // `items.append(x)` and the like, in place.
                            Some(ObjKind::Builtin(b)) if b.hot.is_method() => {
                                // `items.append(x)` of an exact list: `x` moved off the stack
                                // into it, without hot_method's call and argument clone.
                                if n == 1
                                    && b.hot == crate::objects::HotName::Append
                                    && matches!(
                                        unsafe { at(&frame.stack, base + 1) }.kind(),
                                        Some(ObjKind::List(_))
                                    )
                                {
                                    let x = pop(frame);
                                    if let Some(ObjKind::List(l)) =
                                        unsafe { at(&frame.stack, base + 1) }.kind()
                                    {
                                        push_item(&mut l.lock::<R>(), x);
                                    }
                                    frame.stack.truncate(base);
                                    // A statement `items.append(x)` discards the None: the
                                    // PopTop after it is done here, without the push,
                                    // dispatch and pop (it is no switch point).
                                    if let Some(Op::PopTop) = ops.get(ip) {
                                        ip += 1;
                                    } else {
                                        frame.stack.push(Value::None);
                                    }
                                    continue;
                                }
                                // `items.pop()` of a non-empty exact list, the same way (an
                                // empty one raises from the general method).
                                if n == 0 && b.hot == crate::objects::HotName::Pop {
                                    let item = match unsafe { at(&frame.stack, base + 1) }.kind() {
                                        Some(ObjKind::List(l)) => l.lock::<R>().pop(),
                                        _ => None,
                                    };
                                    if let Some(item) = item {
                                        frame.stack.truncate(base);
                                        frame.stack.push(item);
                                        continue;
                                    }
                                }
                                if let Some(r) = self.hot_method(
                                    b,
                                    unsafe { at(&frame.stack, base + 1) },
                                    unsafe { frame.stack.get_unchecked(base + 2..) },
                                ) {
                                    frame.stack.truncate(base);
                                    // `seen.add(x)` as a statement: its None and the PopTop
                                    // after it, skipped as after `append`.
                                    if matches!(r, Value::None)
                                        && matches!(ops.get(ip), Some(Op::PopTop))
                                    {
                                        ip += 1;
                                    } else {
                                        frame.stack.push(r);
                                    }
                                    continue;
                                }
                            }
                            _ => {}
                        }
                    }
                    if receiver_is_marker {
                        // A plain function found as an attribute, not a method (a static
                        // method, `module.f(x)`, a function stored on the instance):
                        // [function, marker, args] becomes [function, args], as `Call` has it.
                        if matches!(frame.stack[base].kind(),
                            Some(ObjKind::Function(f)) if f.takes_positional(n))
                        {
                            frame.stack.remove(base + 1);
                            frame.ip = ip;
                            let callee = tri!(self.push_call_outlined(frame, base));
                            calls.push(callee);
                            switch_frame!();
                            continue;
                        }
                        // A bound method of a Python function (`super().method(x)`):
                        // [method, marker, args] becomes [function, receiver, args].
                        if let Some(ObjKind::BoundMethod { func, receiver }) =
                            frame.stack[base].kind()
                        {
                            if matches!(func.kind(),
                                Some(ObjKind::Function(f)) if f.takes_positional(n + 1))
                            {
                                let (func, receiver) = (func.clone(), receiver.clone());
                                frame.stack[base] = func;
                                frame.stack[base + 1] = receiver;
                                frame.ip = ip;
                                let callee = tri!(self.push_call_outlined(frame, base));
                                calls.push(callee);
                                switch_frame!();
                                continue;
                            }
                        }
                    }
                    let result = if receiver_is_marker {
                        let args: Vec<Value<R>> = frame.stack.drain(base + 2..).collect();
                        frame.stack.pop();
                        let func = pop(frame);
                        tri!(self.call(&func, args, Vec::new()))
                    } else {
                        let args: Vec<Value<R>> = frame.stack.drain(base + 1..).collect();
                        let func = pop(frame);
                        tri!(self.call(&func, args, Vec::new()))
                    };
                    frame.stack.push(result);
                }
                Op::Call(n) => {
                    switch_point!(call);
                    self.call_site = (code as *const Code<R>, ip);
                    let n = n as usize;
                    let base = frame.stack.len() - n;
                    // A Python function taking the arguments in place, tested before the
                    // other kinds: one comparison rather than the match's jump table.
                    // SAFETY (`base - 1` here and below): Call reads the callee and `n`
                    // arguments, which `Code::validate` checked are there.
                    if let Some(ObjKind::Function(f)) = unsafe { at(&frame.stack, base - 1) }.kind()
                    {
                        if f.takes_positional(n) {
                            let f: *const crate::objects::FunctionObj<R> = &**f;
                            frame.ip = ip;
                            // SAFETY: `f` is the function at `base - 1`.
                            let callee = tri!(unsafe { self.push_call_of(frame, base - 1, f) });
                            enter_call!(callee);
                            continue;
                        }
                    }
                    match unsafe { at(&frame.stack, base - 1) }.kind() {
                        // A generator function (a generator expression's too): the generator
                        // made here, its frame set up from the arguments as a call's.
                        Some(ObjKind::Function(f)) if f.code.flags.generator => {
                            if let Some(g) = self.generator_in_loop(frame, base - 1) {
                                frame.stack.push(g);
                                continue;
                            }
                        }
                        // A bound method of a Python function (also a stored callback such as
                        // `self.step`): [method, args] becomes [function, receiver, args], as
                        // CPython's CALL unpacks it.
                        Some(ObjKind::BoundMethod { func, receiver })
                            if matches!(func.kind(),
                                Some(ObjKind::Function(f)) if f.takes_positional(n + 1)) =>
                        {
                            let (func, receiver) = (func.clone(), receiver.clone());
                            frame.stack[base - 1] = func;
                            frame.stack.insert(base, receiver);
                            frame.ip = ip;
                            let callee = tri!(self.push_call(frame, base - 1));
                            calls.push(callee);
                            switch_frame!();
                            continue;
                        }
                        Some(ObjKind::Class(c)) => {
                            // `enumerate(xs)`, `range(n)`, `set()`, ...: the exact built-in
                            // type made from the arguments in place.
                            if c.layout == crate::objects::class::Layout::Builtin {
                                // `list(gen)`, `tuple(gen)`, `set(gen)`: the generator's
                                // frame runs in this loop into the consumer's sink.
                                if let Some(callee) = self.collect_in_loop(frame, base) {
                                    frame.ip = ip;
                                    calls.push(callee);
                                    switch_frame!();
                                    continue;
                                }
                                let Value::Obj(class) = &frame.stack[base - 1] else {
                                    unreachable!("a class is a heap object")
                                };
                                frame.ip = ip;
                                if let Some(r) = self.construct_builtin(class, &frame.stack[base..])
                                {
                                    let r = tri!(r);
                                    frame.stack.truncate(base - 1);
                                    frame.stack.push(r);
                                    continue;
                                }
                            }
                            let class = match &frame.stack[base - 1] {
                                Value::Obj(o) => o.clone(),
                                _ => unreachable!("a class is a heap object"),
                            };
                            if let Some(init) = self.inline_init(&class, n) {
                                // [class, args] becomes [__init__, instance, args], and the
                                // instance is the call's result when __init__ returns.
                                let instance = self.new_instance(&class, c, &[]);
                                frame.stack[base - 1] = init;
                                frame.stack.insert(base, instance.clone());
                                frame.ip = ip;
                                let mut callee = tri!(self.push_call(frame, base - 1));
                                callee.resume = Resume::Construct(instance);
                                calls.push(callee);
                                switch_frame!();
                                continue;
                            }
                        }
                        // `min(a, b)`, `max(a, b)`, `abs(x)` of numbers in place; `abs(obj)` of
                        // an instance whose class's `__abs__` is a Python function as its call.
                        Some(ObjKind::Builtin(_)) => {
                            frame.ip = ip;
                            match tri!(self.hot_builtin_call(frame, base)) {
                                Some(Ok(r)) => {
                                    frame.stack.truncate(base - 1);
                                    frame.stack.push(r);
                                    continue;
                                }
                                Some(Err(callee)) => {
                                    calls.push(callee);
                                    switch_frame!();
                                    continue;
                                }
                                None => {}
                            }
                        }
                        // A callable instance whose class's `__call__` is such a function:
                        // [obj, args] becomes [__call__, obj, args], the caller holding `obj`
                        // until the call returns.
                        Some(ObjKind::Instance(_)) => {
                            if let Some(method) = self.call_method_of(&frame.stack[base - 1], n) {
                                let obj = std::mem::replace(&mut frame.stack[base - 1], method);
                                frame.stack.insert(base, obj.clone());
                                frame.ip = ip;
                                let mut callee = tri!(self.push_call_outlined(frame, base - 1));
                                callee.resume = Resume::Release(obj);
                                calls.push(callee);
                                switch_frame!();
                                continue;
                            }
                        }
                        _ => {}
                    }
                    // One spare slot: a class call prepends the new instance for __init__.
                    let mut args = Vec::with_capacity(n + 1);
                    args.extend(frame.stack.drain(base..));
                    let func = pop(frame);
                    let result = tri!(self.call(&func, args, Vec::new()));
                    frame.stack.push(result);
                }
                Op::BinaryOp(o) | Op::InplaceOp(o) => {
                    // Ints, floats, and a float with an int (`1 - u`, `2.0 * i`): the result
                    // is written over the operands where they lie (immediates, nothing to
                    // drop), as CPython's specialized BINARY_OP_ADD_FLOAT and kin.
                    if let Some((a, b)) = frame.stack.top_two() {
                        let r = match (a, b) {
                            (Value::Int(x), Value::Int(y)) => fast_int_op(*x, *y, o),
                            (Value::Float(_), Value::Float(_) | Value::Int(_))
                            | (Value::Int(_), Value::Float(_)) => fast_float_op(a, b, o),
                            _ => None,
                        };
                        if let Some(v) = r {
                            // SAFETY: two values, both ints or floats.
                            unsafe { frame.stack.fold_top_two_immediates(v) };
                            continue;
                        }
                    }
                    let b = pop(frame);
                    let a = pop(frame);
                    let inplace = matches!(op, Op::InplaceOp(_));
                    if is_instance(&a) || is_instance(&b) {
                        if let Some((f, step, swap)) =
                            self.binary_operator_method(&a, &b, o, inplace)
                        {
                            operator_call!(frame, a, b, f, step, swap);
                        }
                    }
                    let r = tri!(self.arith(a, b, o, inplace));
                    frame.stack.push(r);
                }
                Op::CompareOp(c) => {
                    if let Some((a, b)) = frame.stack.top_two() {
                        if let Some(truth) = number_compare(c as usize, a, b) {
                            // SAFETY: two values, ints or floats.
                            unsafe { frame.stack.fold_top_two_immediates(Value::Bool(truth)) };
                            continue;
                        }
                    }
                    let b = pop(frame);
                    let a = pop(frame);
                    if is_instance(&a) {
                        if let Some(f) = self.compare_method(&a, &b, c) {
                            let step = OperatorStep::Compare(c as u8);
                            operator_call!(frame, a, b, f, step, false);
                        }
                    }
                    let r = tri!(self.compare(a, b, c));
                    frame.stack.push(r);
                }
                Op::IsJumpIfFalse(packed) => {
                    let b = pop(frame);
                    let a = pop(frame);
                    let holds = a.is(&b) != (packed & 1 == 1);
                    ip = if holds {
                        ip + 1
                    } else {
                        (packed >> 1) as usize
                    };
                }
                Op::IsOp(invert) => {
                    let b = pop(frame);
                    let a = pop(frame);
                    frame.stack.push(Value::Bool(a.is(&b) != (invert == 1)));
                }
                Op::ContainsOp(invert) => {
                    let container = pop(frame);
                    let item = pop(frame);
                    let found = match super::containers::contains_atom(&container, &item) {
                        Some(found) => found,
                        None => tri!(self.contains(&container, &item)),
                    };
                    frame.stack.push(Value::Bool(found != (invert == 1)));
                }
                Op::BinarySubscr => {
                    switch_point!();
                    let index = pop(frame);
                    let obj = pop(frame);
                    // `--race`: the in-place path steps aside for the detector's hook.
                    if self.race.on {
                        let r = tri!(self.race_get_item(ip, &obj, &index));
                        frame.stack.push(r);
                        continue;
                    }
                    let r = match item_in_place(&obj, &index) {
                        Some(v) => v,
                        None => {
                            if is_instance(&obj) {
                                if let Some(f) = self.subscript_method(&obj) {
                                    let step = OperatorStep::Subscript;
                                    operator_call!(frame, obj, index, f, step, false);
                                }
                            }
                            tri!(self.get_item(&obj, &index))
                        }
                    };
                    frame.stack.push(r);
                }
                Op::StoreSubscr | Op::RotStoreSubscr => {
                    // The fused RotThree passes its switch point, then the store its own.
                    let rotated = matches!(op, Op::RotStoreSubscr);
                    if rotated {
                        switch_point!(cost shared_state_point_cost, Op::RotThree);
                        ip += 1;
                    }
                    switch_point!();
                    let (index, obj, v) = if rotated {
                        let v = pop(frame);
                        let index = pop(frame);
                        (index, pop(frame), v)
                    } else {
                        let index = pop(frame);
                        let obj = pop(frame);
                        (index, obj, pop(frame))
                    };
                    if self.race.on {
                        tri!(self.race_set_item(ip, &obj, index, v));
                        continue;
                    }
                    // `list[i] = v` with `i` in range: the item replaced in place (the old
                    // one dropped after the list is released).
                    let (index, v) = match (obj.kind(), &index) {
                        (Some(ObjKind::List(l)), Value::Int(i)) => {
                            let mut items = l.lock::<R>();
                            match position(*i, items.len()) {
                                Some(j) => {
                                    let old = std::mem::replace(&mut items[j], v);
                                    drop(items);
                                    drop(old);
                                    continue;
                                }
                                None => (index, v),
                            }
                        }
                        // `dict[atom] = v`: one probe; a new key goes in at the probe's slot.
                        (Some(ObjKind::Dict(d)), _) => {
                            match crate::objects::dict::atom::store(d, index, v) {
                                Ok(old) => {
                                    drop(old);
                                    continue;
                                }
                                Err(back) => back,
                            }
                        }
                        _ => (index, v),
                    };
                    tri!(self.set_item(&obj, index, v));
                }
                Op::BuildTuple(n) => {
                    let base = frame.stack.len() - n as usize;
                    let items: Vec<Value<R>> = frame.stack.drain(base..).collect();
                    frame.stack.push(self.new_tuple(items));
                }
                Op::Jump(t) => {
                    // A backward jump is a loop turning.
                    if (t as usize) < ip {
                        switch_point!(backedge);
                    }
                    ip = t as usize;
                }
                Op::PopJumpIfFalse(t) => {
                    let v = pop(frame);
                    if !tri!(self.truthy_fast(&v)) {
                        ip = t as usize;
                    }
                }
                Op::PopJumpIfTrue(t) => {
                    let v = pop(frame);
                    if tri!(self.truthy_fast(&v)) {
                        ip = t as usize;
                    }
                }
                Op::JumpIfFalseOrPop(t) => {
                    if !tri!(self.truthy_fast(top(frame))) {
                        ip = t as usize;
                    } else {
                        frame.stack.pop();
                    }
                }
                Op::JumpIfTrueOrPop(t) => {
                    if tri!(self.truthy_fast(top(frame))) {
                        ip = t as usize;
                    } else {
                        frame.stack.pop();
                    }
                }
                Op::GetIter => {
                    let v = pop(frame);
                    // An exact list or tuple moves into its iterator (a subclass's value is
                    // an instance, whose `__iter__` `get_iter` looks for).
                    let it = match v.kind() {
                        Some(ObjKind::List(_)) => {
                            self.new_iter(IterState::List { seq: v, index: 0 })
                        }
                        Some(ObjKind::Tuple(_)) => {
                            self.new_iter(IterState::Tuple { seq: v, index: 0 })
                        }
                        _ => tri!(self.get_iter(&v)),
                    };
                    frame.stack.push(it);
                }
                Op::UnpackSequence(n) => {
                    // A switch point, as it was among the slow instructions.
                    switch_point!();
                    let n = n as usize;
                    let seq = pop(frame);
                    // `a, b, c = seq` into locals: the compiler emits one StoreFast per item,
                    // first item first. Those stores are done here, in the same order, without
                    // the items passing through the stack one dispatch each; the items after
                    // the first target that is not a local (`a, obj.b = t`, a nested `(b, c)`)
                    // go onto the stack, the first of them on top, for the instructions that
                    // follow. StoreFast has no switch point, so none is skipped.
                    if let Some(ObjKind::Tuple(items)) = seq.kind() {
                        if items.len() == n {
                            let mut k = 0;
                            while let (Some(v), Some(&Op::StoreFast(s))) =
                                (items.get(k), ops.get(ip + k))
                            {
                                unsafe { store_slot(frame, s as usize, v.clone()) };
                                k += 1;
                            }
                            items[k..]
                                .iter()
                                .rev()
                                .for_each(|v| frame.stack.push(v.clone()));
                            ip += k;
                            continue;
                        }
                    }
                    // A list of the right length: its items copied onto the stack under its
                    // lock (plain pushes: the code's `max_stack` counts the `n` values
                    // UnpackSequence(n) leaves), then stored as above once it is released.
                    let copied = match seq.kind() {
                        Some(ObjKind::List(l)) => {
                            let items = l.lock::<R>();
                            let fits = items.len() == n;
                            if fits {
                                items.iter().rev().for_each(|v| frame.stack.push(v.clone()));
                            }
                            fits
                        }
                        _ => false,
                    };
                    if !copied {
                        let items = tri!(self.unpack(&seq, n));
                        items.into_iter().rev().for_each(|v| frame.stack.push(v));
                    }
                    let last = ip + n;
                    while let (true, Some(&Op::StoreFast(s))) = (ip < last, ops.get(ip)) {
                        let v = pop(frame);
                        unsafe { store_slot(frame, s as usize, v) };
                        ip += 1;
                    }
                }
                // `lst[i] op= v` and `obj.a op= v`: the container and index kept for the
                // store, then the result put under them. Switch points, as they were among
                // the slow instructions.
                Op::DupTopTwo => {
                    switch_point!();
                    let n = frame.stack.len();
                    let a = frame.stack[n - 2].clone();
                    let b = frame.stack[n - 1].clone();
                    frame.stack.push(a);
                    frame.stack.push(b);
                }
                Op::DupSubscr => {
                    switch_point!(cost shared_state_point_cost, Op::DupTopTwo);
                    let n = frame.stack.len();
                    if !self.race.on && in_place_subscript(&frame.stack[n - 2], &frame.stack[n - 1])
                    {
                        // The BinarySubscr's work, after its switch point (reported as its own).
                        ip += 1;
                        switch_point!(cost shared_state_point_cost, Op::BinarySubscr);
                        let (obj, index) = (&frame.stack[n - 2], &frame.stack[n - 1]);
                        let r = match item_in_place(obj, index) {
                            Some(v) => v,
                            // Out of range, a missing key: the general path's error.
                            None => {
                                let (obj, index) = (obj.clone(), index.clone());
                                tri!(self.get_item(&obj, &index))
                            }
                        };
                        frame.stack.push(r);
                        continue;
                    }
                    let a = frame.stack[n - 2].clone();
                    let b = frame.stack[n - 1].clone();
                    frame.stack.push(a);
                    frame.stack.push(b);
                }
                Op::RotThree => {
                    // [a, b, c] becomes [c, a, b].
                    switch_point!();
                    let n = frame.stack.len();
                    frame.stack.swap(n - 1, n - 2);
                    frame.stack.swap(n - 2, n - 3);
                }
                Op::ReverseTop(n) => {
                    // `a, b = b, a`: the tuple that would be built and unpacked at once.
                    let len = frame.stack.len();
                    frame.stack[len - n as usize..].reverse();
                    ip += 1;
                }
                Op::ForIter(_) | Op::JumpForIter(_) => {
                    // A loop's closing jump goes back to its ForIter (at `j`) and does that
                    // step in the same dispatch, passing the jump's switch point first.
                    if let Op::JumpForIter(j) = op {
                        switch_point!(cost 1, Op::Jump(j));
                        ip = j as usize + 1;
                    }
                    // SAFETY: `ip - 1` is this instruction or, after a JumpForIter, its
                    // target, which `Code::validate` checked is a ForIter.
                    let Op::ForIter(t) = (unsafe { *ops.get_unchecked(ip - 1) }) else {
                        unsafe { std::hint::unreachable_unchecked() }
                    };
                    switch_point!();
                    match top(frame).kind() {
                        // `for` over a range or a list: the next item without a call.
                        Some(ObjKind::Iter(cell)) => match next_in_place(cell, || {
                            matches!(ops.get(ip), Some(Op::UnpackSequence(2)))
                        }) {
                            InPlace::Item(v) => {
                                // `for x in ...:` stores the item first: the StoreFast done
                                // here, without the push, pop and dispatch (it has no switch
                                // point; its slot was validated as its own).
                                if let Some(&Op::StoreFast(a)) = ops.get(ip) {
                                    unsafe { store_slot(frame, a as usize, v) };
                                    ip += 1;
                                } else {
                                    frame.stack.push(v);
                                }
                                continue;
                            }
                            // `for i, x in enumerate(xs)`, `for k, v in d.items()`,
                            // `for a, b in zip(xs, ys)`: the pair is unpacked without making
                            // its tuple. The UnpackSequence's switch point is passed as its
                            // own; its StoreFasts are done here too when it has them.
                            InPlace::Pair(first, second) => {
                                ip += 1;
                                switch_point!(cost shared_state_point_cost, Op::UnpackSequence(2));
                                if let (Some(Op::StoreFast(a)), Some(Op::StoreFast(b))) =
                                    (ops.get(ip), ops.get(ip + 1))
                                {
                                    let (a, b) = (*a as usize, *b as usize);
                                    unsafe { store_slot(frame, a, first) };
                                    unsafe { store_slot(frame, b, second) };
                                    ip += 2;
                                } else {
                                    frame.stack.push(second);
                                    frame.stack.push(first);
                                }
                                continue;
                            }
                            // The end of a range, list, tuple or set: the loop ends here, the
                            // iterator left as the general step leaves it.
                            InPlace::End => {
                                frame.stack.pop();
                                ip = t as usize;
                                continue;
                            }
                            InPlace::EndList => {
                                end_list_loop(pop(frame));
                                ip = t as usize;
                                continue;
                            }
                            InPlace::Other => {}
                        },
                        // `for` over a generator: its frame runs in this loop, as a call's
                        // does, and its `yield` comes back here (CPython's FOR_ITER_GEN).
                        Some(ObjKind::Generator(g)) if g.is_plain() => {
                            if let Ok(callee) = self.resume_in_loop(g, Value::None) {
                                frame.ip = ip;
                                calls.push(callee);
                                switch_frame!();
                                continue;
                            }
                        }
                        _ => {}
                    }
                    let next = tri!(self.next_fast(top(frame)));
                    match next {
                        Some(v) => frame.stack.push(v),
                        None => {
                            frame.stack.pop();
                            ip = t as usize;
                        }
                    }
                }
                Op::ReturnValue | Op::ReturnConst(_) => {
                    if crate::objects::gc::attention::<R>() {
                        // Finalizers of frees this frame made run while it is current.
                        frame.ip = ip;
                        self.call_site =
                            (code as *const Code<R>, super::coroutine::free_site(ops, ip));
                        self.gc_checkpoint();
                    }
                    let v = match op {
                        // SAFETY: the operand is this instruction's, which `Code::validate`
                        // checked.
                        Op::ReturnConst(c) => unsafe { constant(code, c as usize) }.clone(),
                        _ => pop(frame),
                    };
                    let Some(mut done) = calls.pop() else {
                        return Ok(FrameExit::Return(v));
                    };
                    // A plain call (the common case): one level of recursion, the result
                    // pushed on the caller.
                    if !done.resumed_in_loop && matches!(done.resume, Resume::Push) {
                        self.depth -= 1;
                        self.recycle_call_frame(done);
                        switch_frame!();
                        // Back at the caller's call: its code, unlike the callee's, is alive.
                        self.call_site = (code as *const Code<R>, ip);
                        unsafe { (*fp).stack.push(v) };
                        continue;
                    }
                    if done.resumed_in_loop {
                        // A generator run by its caller's `for` or `yield from` finished.
                        switch_frame!();
                        self.call_site = (code as *const Code<R>, ip);
                        ip = tri!(self.returned_in_loop(done, unsafe { &mut *fp }, ops, ip, v));
                        continue;
                    }
                    let resume = std::mem::replace(&mut done.resume, Resume::Push);
                    self.depth -= resume.depth_units();
                    self.recycle_frame(done);
                    switch_frame!();
                    // Back at the caller's call: its code, unlike the callee's, is alive.
                    self.call_site = (code as *const Code<R>, ip);
                    let v = match resume {
                        Resume::Push => v,
                        Resume::Construct(instance) if v.is_none() => instance,
                        Resume::Construct(_) => fail!(PyErr::type_error(format!(
                            "__init__() should return None, not '{}'",
                            self.type_name(&v)
                        ))),
                        Resume::Release(held) => {
                            drop(held);
                            v
                        }
                        Resume::Operator(step) => {
                            let r = tri!(self.finish_operator(unsafe { &mut *fp }, step, v));
                            if let OperatorStep::CompareJump(_, target) = step {
                                ip = if tri!(self.truthy_fast(&r)) {
                                    ip + 1
                                } else {
                                    target as usize
                                };
                                continue;
                            }
                            r
                        }
                    };
                    unsafe { (*fp).stack.push(v) };
                }
                Op::YieldValue => {
                    let mut v = pop(frame);
                    frame.ip = ip;
                    if frame.resumed_in_loop {
                        // `sum`/`all`/`any` run by the loop (`hot_builtin_call`): the items
                        // their sink takes go no further, and the `yield` is None.
                        let mut declined = false;
                        if frame.collecting {
                            match self.loop_sink_take(v) {
                                Ok(()) => {
                                    frame.stack.push(Value::None);
                                    continue;
                                }
                                Err(item) => v = item,
                            }
                            frame.collecting = false;
                            declined = true;
                        }
                        // Back to the `for` or `yield from` that resumed this generator.
                        let Some(done) = calls.pop() else {
                            unreachable!("a generator resumed in the loop is on `calls`")
                        };
                        switch_frame!();
                        let caller = unsafe { &mut *fp };
                        self.suspend_in_loop(done, caller);
                        self.call_site = (code as *const Code<R>, ip);
                        if let Op::Call(_) = ops[ip - 1] {
                            // `next(gen)`: the item is the call's result; the consumer's
                            // item it declined: the consumer goes on with it.
                            if declined {
                                let generator = caller.stack[caller.stack.len() - 1].clone();
                                v = tri!(self.sink_declined(&generator, v));
                            }
                            caller.stack.truncate(caller.stack.len() - 2);
                        }
                        caller.stack.push(v);
                        continue;
                    }
                    if frame.collecting {
                        // Consumed by a native sink: the `yield` evaluates to None, as
                        // `next()` would send, and the generator goes on.
                        match self.gen_sink.take(v) {
                            None => {
                                frame.stack.push(Value::None);
                                continue;
                            }
                            Some(v) => return Ok(FrameExit::Yield(v)),
                        }
                    }
                    return Ok(FrameExit::Yield(v));
                }
                Op::Send(t) => {
                    // A switch point, as it was among the slow instructions.
                    switch_point!();
                    // `yield from` or `await` of a generator or coroutine: its frame runs in
                    // this loop and yields back here (CPython's SEND_GEN).
                    let sent = pop(frame);
                    let resumed = match top(frame).kind() {
                        Some(ObjKind::Generator(g)) => self.resume_in_loop(g, sent),
                        _ => Err(sent),
                    };
                    frame.ip = ip;
                    match resumed {
                        Ok(callee) => {
                            calls.push(callee);
                            switch_frame!();
                        }
                        Err(sent) => {
                            frame.stack.push(sent);
                            self.send_op(frame, t)?;
                            ip = frame.ip;
                        }
                    }
                }
                Op::LoadFastLoadFast(slots) => {
                    let (a, b) = ((slots & 0xffff) as usize, (slots >> 16) as usize);
                    // `a < b` as a loop or `if` condition: two ints compared in place.
                    if let Some(&Op::CompareJumpIfFalse(packed)) = ops.get(ip + 1) {
                        if let (Some(Value::Int(x)), Some(Value::Int(y))) =
                            (unsafe { slot(frame, a) }, unsafe { slot(frame, b) })
                        {
                            let (c, t) = ((packed & 0xf) as usize, (packed >> 4) as usize);
                            ip = if compare_holds(c, x, y) { ip + 3 } else { t };
                            continue;
                        }
                    }
                    match (unsafe { slot(frame, a) }, unsafe { slot(frame, b) }) {
                        (Some(x), Some(y)) => {
                            let (x, y) = (x.clone(), y.clone());
                            frame.stack.push(x);
                            frame.stack.push(y);
                        }
                        (None, _) => fail!(unbound_local(&code.varnames[a])),
                        (_, None) => fail!(unbound_local(&code.varnames[b])),
                    }
                    ip += 1;
                }
                Op::LoadFastLoadConst(pair) => {
                    let (a, c) = ((pair & 0xffff) as usize, (pair >> 16) as usize);
                    // `n > 0` as a loop or `if` condition: an int compared in place.
                    if let Some(&Op::CompareJumpIfFalse(packed)) = ops.get(ip + 1) {
                        if let (Some(Value::Int(x)), Value::Int(y)) =
                            (unsafe { slot(frame, a) }, unsafe { constant(code, c) })
                        {
                            let (c, t) = ((packed & 0xf) as usize, (packed >> 4) as usize);
                            ip = if compare_holds(c, x, y) { ip + 3 } else { t };
                            continue;
                        }
                    }
                    match unsafe { slot(frame, a) } {
                        Some(x) => {
                            let x = x.clone();
                            frame.stack.push(x);
                        }
                        None => fail!(unbound_local(&code.varnames[a])),
                    }
                    frame.stack.push(unsafe { constant(code, c) }.clone());
                    ip += 1;
                }
                Op::BinaryFastConst(packed) => {
                    // Ints pushed at once; everything else through the out-of-line general
                    // path (a hit never passes through a `PyResult` in memory). SAFETY: the
                    // operand is this instruction's, which `Code::validate` checked.
                    let r = match unsafe { fast_const_int(frame, code, packed) } {
                        Some(r) => r,
                        None => tri!(self.binary_fast_const(frame, code, packed)),
                    };
                    frame.stack.push(r);
                    ip += 2;
                }
                Op::UpdateFastConst(packed) => {
                    // `n -= 1` on an int local: change the int where it lies, never moving
                    // a whole `Value`. Building a new `Value` and storing it into the slot
                    // (dropping the old one) let the compiler spill the result to the stack
                    // as two 8-byte stores (tag, payload) and read it straight back as one
                    // 16-byte load, which the CPU cannot forward from two smaller stores: a
                    // stall of a dozen cycles or so on every update. Only the GIL
                    // instantiation was compiled that way (its plain load-and-store decref
                    // of the old value, unlike `--no-gil`'s `lock dec`, changed the register
                    // allocation), so the GIL countdown loop ran ~1.8x slower than
                    // `--no-gil` at the same instruction count.
                    let (slot, c, o) = unpack_fast_const(packed);
                    if let (Some(Value::Int(x)), Value::Int(y)) =
                        (unsafe { slot_mut(frame, slot) }, unsafe {
                            constant(code, c)
                        })
                    {
                        if let Some(r) = fast_i64_op(*x, *y, o) {
                            *x = r;
                            ip += 3;
                            continue;
                        }
                    }
                    tri!(self.update_fast_const(frame, code, packed));
                    ip += 3;
                }
                Op::CompareJumpIfFalse(packed) => {
                    let (c, t) = (packed & 0xf, (packed >> 4) as usize);
                    // Two numbers: compared where they lie, and nothing to drop.
                    if let Some((a, b)) = frame.stack.top_two() {
                        if let Some(truth) = number_compare(c as usize, a, b) {
                            // SAFETY: two values, ints or floats (number_compare answers for
                            // nothing else).
                            unsafe { frame.stack.discard_top_two_immediates() };
                            ip = if truth { ip + 1 } else { t };
                            continue;
                        }
                    }
                    let b = pop(frame);
                    let a = pop(frame);
                    if is_instance(&a) {
                        if let Some(f) = self.compare_method(&a, &b, c) {
                            let step = OperatorStep::CompareJump(c as u8, t as u32);
                            operator_call!(frame, a, b, f, step, false);
                        }
                    }
                    let r = tri!(self.compare(a, b, c));
                    let truth = tri!(self.truthy_fast(&r));
                    ip = if truth { ip + 1 } else { t };
                }
                // `seq[local]`: the index read in place. Anything but an exact list or tuple
                // with an int, or an exact dict with an atom key: only the LoadFast here, and
                // the BinarySubscr runs next.
                Op::LoadFastSubscr(a) => {
                    let a = a as usize;
                    let Some(index) = (unsafe { slot(frame, a) }) else {
                        fail!(unbound_local(&code.varnames[a]))
                    };
                    if self.race.on || !in_place_subscript(top(frame), index) {
                        let index = index.clone();
                        frame.stack.push(index);
                        continue;
                    }
                    // The BinarySubscr's work, after its switch point (reported as its own).
                    ip += 1;
                    switch_point!(cost shared_state_point_cost, Op::BinarySubscr);
                    let Some(index) = (unsafe { slot(frame, a) }) else {
                        fail!(unbound_local(&code.varnames[a]))
                    };
                    let r = match item_in_place(top(frame), index) {
                        Some(v) => v,
                        // Out of range, a missing key: the general path's error.
                        None => {
                            let index = index.clone();
                            let obj = top(frame).clone();
                            tri!(self.get_item(&obj, &index))
                        }
                    };
                    if let Some(top) = frame.stack.last_mut() {
                        *top = r;
                    }
                }
                Op::ListAppend(d) => {
                    // A switch point, as it was among the slow instructions.
                    switch_point!();
                    let v = pop(frame);
                    let n = frame.stack.len();
                    if let Some(ObjKind::List(l)) = frame.stack[n - d as usize].kind() {
                        push_item(&mut l.lock::<R>(), v);
                    }
                }
                Op::SetAdd(d) => {
                    switch_point!();
                    let v = pop(frame);
                    let n = frame.stack.len();
                    // An int or str into an exact set: hashed and probed in place.
                    if let Some(ObjKind::Set(s)) = frame.stack[n - d as usize].kind() {
                        if super::hot_methods::add_atom(s, &v).is_some() {
                            continue;
                        }
                    }
                    let set = frame.stack[n - d as usize].clone();
                    // A key's `__hash__` or `__eq__` may be Python code.
                    frame.ip = ip;
                    tri!(self.set_add(&set, v));
                }
                // `local.name`: the local read in place, not pushed and popped. Not an
                // instance: only the LoadFast here, and the LoadAttr runs next.
                Op::LoadFastAttr(pair) => {
                    let (a, i) = ((pair & 0xffff) as usize, pair >> 16);
                    let Some(obj) = (unsafe { slot(frame, a) }) else {
                        fail!(unbound_local(&code.varnames[a]))
                    };
                    if !is_instance(obj) {
                        let obj = obj.clone();
                        frame.stack.push(obj);
                        continue;
                    }
                    // The LoadAttr's work, after its switch point (reported as its own).
                    ip += 1;
                    switch_point!(cost shared_state_point_cost, Op::LoadAttr(i));
                    let v = match unsafe { slot(frame, a) } {
                        // SAFETY: `i` is this instruction's name, which `Code::validate` checked.
                        Some(obj) => match unsafe { self.attr_hit(obj, code, i) } {
                            Some(v) => v,
                            None => {
                                let obj = obj.clone();
                                tri!(unsafe { self.load_attr_outlined(obj, code, i, ip) })
                            }
                        },
                        None => fail!(unbound_local(&code.varnames[a])),
                    };
                    frame.stack.push(v);
                }
                // `local.name(...)`: LoadMethod of the local, its switch point passed as the
                // LoadMethod's.
                Op::LoadFastMethod(pair) => {
                    let (a, i) = ((pair & 0xffff) as usize, pair >> 16);
                    // Taken before the LoadMethod's switch point, as the LoadFast it stands
                    // for would have pushed it.
                    let Some(obj) = unsafe { slot(frame, a) }.clone() else {
                        fail!(unbound_local(&code.varnames[a]))
                    };
                    ip += 1;
                    switch_point!(cost shared_state_point_cost, Op::LoadMethod(i));
                    // SAFETY: `i` is this instruction's name, which `Code::validate` checked.
                    let (found, builtin) = match unsafe { self.method_hit(&obj, code, i) } {
                        Some((f, builtin)) => (Some(f), builtin),
                        None => (
                            tri!(unsafe { self.load_method_outlined(&obj, code, i, ip) }),
                            false,
                        ),
                    };
                    // `todo.pop()`, `seen.add(n)`: a built-in value's hot method called at
                    // once, with no argument or one local. The call is made here, after its
                    // switch point (reported as the CallMethod's), without pushing the
                    // method, receiver and argument or dispatching the LoadFast and CallMethod.
                    // (Asked only of the kept methods of exact lists, sets and dicts: an
                    // instance's method is not one.)
                    if let Some((skip, arg)) = builtin
                        .then(|| {
                            found
                                .as_ref()
                                .and_then(|f| unsafe { hot_call_after(f, frame, ops, ip) })
                        })
                        .flatten()
                    {
                        ip += skip;
                        self.call_site = (code as *const Code<R>, ip);
                        switch_point!(cost 1, Op::CallMethod(arg.is_some() as u32));
                        let Some(f) = found else {
                            unreachable!("hot_call_after had it")
                        };
                        let r = match arg {
                            None => tri!(self.fused_hot_call(&f, obj, &[])),
                            Some(k) => match unsafe { slot(frame, k) } {
                                Some(x) => {
                                    tri!(self.fused_hot_call(&f, obj, std::slice::from_ref(x)))
                                }
                                None => fail!(unbound_local(&code.varnames[k])),
                            },
                        };
                        // What the next instruction does with the result, done here: a
                        // statement's PopTop or an assignment's StoreFast (neither is a
                        // switch point).
                        match ops.get(ip) {
                            Some(Op::PopTop) => {
                                ip += 1;
                                drop(r);
                            }
                            Some(&Op::StoreFast(s)) => {
                                ip += 1;
                                unsafe { store_slot(frame, s as usize, r) };
                            }
                            _ => frame.stack.push(r),
                        }
                        continue;
                    }
                    push_method!(frame, found, obj, i);
                }
                Op::DecodeBody => {
                    // The first run of a function whose body the bytecode cache left
                    // undecoded: run the frame in the decoded body from its start. Not a
                    // switch point: a run from the cache keeps a compiled run's schedule.
                    let full = tri!(self.decoded_body(code));
                    unsafe { frame.code.enter_body(full) };
                    frame.ip = 0;
                    switch_frame!();
                }
                // Every other instruction, named rather than `_`: with the match exhaustive, the
                // dispatch's jump table covers every opcode and needs no range check.
                Op::RotFour
                | Op::DeleteFast(_)
                | Op::DeleteDeref(_)
                | Op::LoadClosure(_)
                | Op::StoreGlobal(_)
                | Op::DeleteGlobal(_)
                | Op::LoadName(_)
                | Op::StoreName(_)
                | Op::DeleteName(_)
                | Op::DeleteAttr(_)
                | Op::CallKw(_)
                | Op::CallEx(_)
                | Op::UnaryOp(_)
                | Op::DeleteSubscr
                | Op::BuildSlice(_)
                | Op::BuildList(_)
                | Op::BuildSet(_)
                | Op::BuildMap(_)
                | Op::BuildString(_)
                | Op::MapAdd(_)
                | Op::ListExtend(_)
                | Op::SetUpdate(_)
                | Op::DictUpdate(_)
                | Op::DictMerge(_)
                | Op::ListToTuple
                | Op::FormatValue(_)
                | Op::UnpackEx(_)
                | Op::MakeFunction(_)
                | Op::MakeClass(_)
                | Op::SetupExcept(_)
                | Op::SetupFinally(_)
                | Op::SetupWith(_)
                | Op::PopBlock
                | Op::PopExcept
                | Op::Raise(_)
                | Op::Reraise
                | Op::JumpIfNotExcMatch(_)
                | Op::WithExceptStart
                | Op::ImportName(_)
                | Op::ImportFrom(_)
                | Op::ImportStar
                | Op::LoadAssertionError
                | Op::PrintExpr
                | Op::MatchSequence
                | Op::MatchMapping
                | Op::GetLen
                | Op::MatchKeys
                | Op::CopyDictWithout
                | Op::MatchClass(_)
                | Op::GetAwaitable(_)
                | Op::GetAIter
                | Op::GetANext
                | Op::EndAsyncFor
                | Op::BeforeAsyncWith
                | Op::SetupAsyncWith(_)
                | Op::AsyncWithExceptStart
                | Op::NoteNamespaces => {
                    // Slow instructions are switch points too, and may read or move `ip`.
                    if matches!(op, Op::CallKw(_) | Op::CallEx(_)) {
                        switch_point!(call);
                    } else {
                        switch_point!();
                    }
                    frame.ip = ip;
                    if let Op::CallKw(n) = op {
                        // A Python function (or method, or class `__init__`) that the
                        // keywords bind to without an error: entered in the loop.
                        self.call_site = (code as *const Code<R>, ip);
                        let func_at = frame.stack.len() - n as usize - 2;
                        if let Some(callee) = self.push_call_kw(frame, func_at, n as usize)? {
                            calls.push(callee);
                            switch_frame!();
                            continue;
                        }
                    }
                    if let Some(exit) = self.slow_op(frame, op)? {
                        return Ok(exit);
                    }
                    ip = frame.ip;
                }
            }
        }
    }

    /// UpdateFastConst off the int fast path (floats, big ints, strings, errors): out of
    /// line, so the eval loop carries only the in-place int update.
    #[inline(never)]
    fn update_fast_const(
        &mut self,
        frame: &mut Frame<R>,
        code: &Code<R>,
        packed: u32,
    ) -> PyResult<(), R> {
        let r = self.fast_const_arith(frame, code, packed, true)?;
        frame.locals[unpack_fast_const(packed).0] = Some(r);
        Ok(())
    }

    /// BinaryFastConst off the int fast path (floats, big ints, strings, errors): out of
    /// line, as `update_fast_const`.
    #[inline(never)]
    fn binary_fast_const(
        &mut self,
        frame: &Frame<R>,
        code: &Code<R>,
        packed: u32,
    ) -> PyResult<Value<R>, R> {
        self.fast_const_arith(frame, code, packed, false)
    }

    /// `local op constant` (or `op=`) for BinaryFastConst/UpdateFastConst: ints in place,
    /// without copying the local out first.
    #[inline(always)]
    fn fast_const_arith(
        &mut self,
        frame: &Frame<R>,
        code: &Code<R>,
        packed: u32,
        inplace: bool,
    ) -> PyResult<Value<R>, R> {
        let (i, c, o) = unpack_fast_const(packed);
        // SAFETY: `packed` comes from an instruction of the frame's code, whose local slot and
        // constant `Code::validate` checked.
        let (local, constant) = unsafe { (slot(frame, i), constant(code, c)) };
        if let (Some(Value::Int(x)), Value::Int(y)) = (local, constant) {
            if let Some(r) = fast_int_op(*x, *y, o) {
                return Ok(r);
            }
        }
        let Some(a) = local.clone() else {
            return Err(unbound_local(&code.varnames[i]));
        };
        self.arith(a, constant.clone(), o, inplace)
    }

    /// `a op b` (or `a op= b`) for operator index `o`, with 64-bit ints inline.
    #[inline(always)]
    fn arith(&mut self, a: Value<R>, b: Value<R>, o: u32, inplace: bool) -> PyResult<Value<R>, R> {
        match (&a, &b) {
            (Value::Int(x), Value::Int(y)) => {
                if let Some(v) = fast_int_op(*x, *y, o) {
                    return Ok(v);
                }
            }
            (Value::Float(_), Value::Float(_) | Value::Int(_))
            | (Value::Int(_), Value::Float(_)) => {
                if let Some(v) = fast_float_op(&a, &b, o) {
                    return Ok(v);
                }
            }
            _ => {}
        }
        let op = BINARY_OPS[o as usize];
        if inplace {
            self.inplace_op(a, b, op)
        } else {
            self.binary_op(a, b, op)
        }
    }

    fn load_deref(&mut self, frame: &Frame<R>, i: u32, ip: usize) -> PyResult<Value<R>, R> {
        let slot = frame.code.varnames.len() + i as usize;
        if let Some(Some(cell)) = frame.locals.get(slot) {
            if let Some(ObjKind::Cell(c)) = cell.kind() {
                if self.race.on {
                    self.race_cell(ip, cell, frame.code.deref_name(i), false);
                }
                if let Some(v) = &*c.lock::<R>() {
                    return Ok(v.clone());
                }
            }
        }
        let name = frame.code.deref_name(i);
        if (i as usize) < frame.code.cellvars.len() {
            Err(unbound_local(name))
        } else {
            Err(PyErr::new(
                ExcKind::NameError,
                format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
            ))
        }
    }

    pub(super) fn store_deref(&mut self, frame: &Frame<R>, i: u32, v: Option<Value<R>>, ip: usize) {
        let slot = frame.code.varnames.len() + i as usize;
        if let Some(Some(cell)) = frame.locals.get(slot) {
            if let Some(ObjKind::Cell(c)) = cell.kind() {
                if self.race.on {
                    self.race_cell(ip, cell, frame.code.deref_name(i), true);
                }
                // Drop the old value after releasing the cell.
                let old = std::mem::replace(&mut *c.lock::<R>(), v);
                drop(old);
            }
        }
    }

    /// A global, then a builtin.
    pub fn load_global(
        &mut self,
        globals: &ObjRef<R>,
        key: &crate::objects::DictKey<R>,
    ) -> PyResult<Value<R>, R> {
        if let Some(v) = dict_get(globals, key) {
            return Ok(v);
        }
        if let Some(v) = dict_get(&self.interp.builtins, key) {
            return Ok(v);
        }
        let name = key.value.as_str().unwrap_or("?");
        if let Some(v) = self.lazy_builtin(name)? {
            return Ok(v);
        }
        Err(name_error(name))
    }

    /// `raise`, `raise X`, `raise X from Y`: the error to propagate.
    pub(super) fn raise_op(&mut self, frame: &mut Frame<R>, n: u32) -> PyResult<PyErr<R>, R> {
        match n {
            0 => match &self.handling {
                Some(Value::Obj(o)) => {
                    let o = o.clone();
                    // A bare `raise` continues the same traceback, as in CPython.
                    self.reraising = true;
                    Ok(PyErr::Object(o))
                }
                _ => Ok(PyErr::runtime_error("No active exception to reraise")),
            },
            _ => {
                let cause = if n == 2 { Some(pop(frame)) } else { None };
                let exc = pop(frame);
                let exc = self.exception_from_raise_arg(exc)?;
                if let Some(cause) = cause {
                    let cause = if cause.is_none() {
                        Value::None
                    } else {
                        self.cause_from_raise_arg(cause)?
                    };
                    if let Some(ObjKind::Exception(e)) = exc.kind() {
                        let mut st = e.state.lock::<R>();
                        st.cause = cause;
                        st.suppress_context = true;
                    }
                }
                Ok(PyErr::Object(exc_ref(exc)))
            }
        }
    }

    /// The object that a raised error stands for (made now if it was lazy).
    pub fn materialize(&mut self, err: PyErr<R>) -> Value<R> {
        match err {
            PyErr::Object(o) => Value::Obj(o),
            PyErr::Lazy(b) => {
                let (kind, msg) = *b;
                let class = self.types().exception(kind).clone();
                // As CPython raises them bare: `StopIteration()`, Ctrl-C's `KeyboardInterrupt()`.
                let bare = matches!(kind, ExcKind::StopIteration | ExcKind::KeyboardInterrupt);
                let args = if msg.is_empty() && bare {
                    Vec::new()
                } else {
                    vec![self.new_str(msg)]
                };
                self.new_exception_object(&class, args)
            }
        }
    }

    /// The receiver marker LoadMethod leaves when the attribute is not a method.
    pub(super) fn no_receiver(&self) -> ObjRef<R> {
        match &self.interp.method_marker {
            Value::Obj(o) => o.clone(),
            _ => unreachable!("the method marker is a heap object"),
        }
    }
}

/// `calls.push(frame)` with the growth out of line, returning the frame's index. `Vec::push`
/// stays a call in the eval loop (about 17 machine instructions per Python call); this is a
/// compare and two stores.
#[inline(always)]
#[allow(clippy::vec_box)] // Boxed frames: a push moves no frame (see `execute`).
fn push_call<R: Runtime>(calls: &mut Vec<Box<Frame<R>>>, frame: Box<Frame<R>>) -> usize {
    let len = calls.len();
    if len == calls.capacity() {
        grow_calls(calls);
    }
    // SAFETY: there is room for one more at `len` (just made if there was none), and the
    // length covers it only once it is written.
    unsafe {
        calls.as_mut_ptr().add(len).write(frame);
        calls.set_len(len + 1);
    }
    len
}

#[cold]
#[inline(never)]
#[allow(clippy::vec_box)]
fn grow_calls<R: Runtime>(calls: &mut Vec<Box<Frame<R>>>) {
    calls.reserve(calls.len().max(8));
}

/// The next item of a range or list iterator that has one; `None` for every other case
/// (another iterator, or the end), which the general `next_fast` then handles.
///
/// `unpack_pair` says whether the loop unpacks each item into two targets; it is asked only
/// for the iterators whose items are pairs, not for every item of a range, list or tuple.
#[inline(always)]
fn next_in_place<R: Runtime>(
    cell: &ObjCell<IterState<R>>,
    unpack_pair: impl FnOnce() -> bool,
) -> InPlace<R> {
    // Unversioned: nothing compares an iterator's version, and a stamp is a thread-local
    // access per item.
    let mut st = cell.lock::<R>();
    let st = st.unversioned_mut();
    if let Some(v) = step_plain(st) {
        return InPlace::Item(v);
    }
    if let IterState::List { .. } = st {
        return InPlace::EndList;
    }
    if plain_end(st) {
        return InPlace::End;
    }
    let unpack_pair = unpack_pair();
    match enumerate_in_place(st) {
        Some((i, v)) if unpack_pair => InPlace::Pair(Value::Int(i), v),
        Some((i, v)) => InPlace::Item(Value::new_obj(ObjKind::Tuple(Box::new([Value::Int(i), v])))),
        None => dict_in_place(st, unpack_pair)
            .or_else(|| zip_in_place(st, unpack_pair))
            .unwrap_or(InPlace::Other),
    }
}

/// `for a, b in zip(xs, ys)` over two lists, tuples or ranges: the next pair (unpacked
/// without its tuple when an `UnpackSequence(2)` follows), or the end when the second ran
/// out after the first gave an item (dropped, as `zip` drops it; both iterators left as the
/// general step leaves them); `None` for any other zip and when the first has ended (the
/// general step then ends it, having taken nothing from the second).
#[inline(never)]
fn zip_in_place<R: Runtime>(st: &mut IterState<R>, unpack_pair: bool) -> Option<InPlace<R>> {
    let IterState::Zip { iters } = st else {
        return None;
    };
    let [a, b] = &iters[..] else {
        return None;
    };
    let (Some(ObjKind::Iter(a)), Some(ObjKind::Iter(b))) = (a.kind(), b.kind()) else {
        return None;
    };
    let plain = |it: &ObjCell<IterState<R>>| {
        matches!(
            &*it.lock::<R>(),
            IterState::List { .. } | IterState::Tuple { .. } | IterState::Range { .. }
        )
    };
    if !plain(b) {
        return None;
    }
    let first = step_plain(a.lock::<R>().unversioned_mut())?;
    let second = {
        let mut inner = b.lock::<R>();
        let inner = inner.unversioned_mut();
        let second = step_plain(inner);
        if second.is_none() {
            plain_end(inner);
        }
        second
    };
    let Some(second) = second else {
        drop(first);
        *st = IterState::Exhausted(st.type_name());
        return Some(InPlace::End);
    };
    Some(if unpack_pair {
        InPlace::Pair(first, second)
    } else {
        InPlace::Item(Value::new_obj(ObjKind::Tuple(Box::new([first, second]))))
    })
}

/// The next key, value or item of a dict iterator (`for k in d`, `d.values()`,
/// `for k, v in d.items()`: the item's pair unpacked without its tuple when an
/// `UnpackSequence(2)` follows); `None` whenever the general step has more to do: the end
/// (it marks the iterator exhausted) and a dict whose size or keys changed (its errors).
#[inline(never)]
fn dict_in_place<R: Runtime>(st: &mut IterState<R>, unpack_pair: bool) -> Option<InPlace<R>> {
    let IterState::Dict {
        dict,
        index,
        len,
        left,
        view,
    } = st
    else {
        return None;
    };
    let Some(ObjKind::Dict(d)) = dict.kind() else {
        return None;
    };
    let d = d.lock::<R>();
    if d.len() != *len || *left == 0 {
        return None;
    }
    let (i, k, v) = d.next_from(*index)?;
    let (k, v) = (k.value.clone(), v.clone());
    drop(d);
    *index = i + 1;
    *left -= 1;
    Some(match view {
        ViewKind::Keys => InPlace::Item(k),
        ViewKind::Values => InPlace::Item(v),
        ViewKind::Items if unpack_pair => InPlace::Pair(k, v),
        ViewKind::Items => InPlace::Item(Value::new_obj(ObjKind::Tuple(Box::new([k, v])))),
    })
}

/// What `ForIter` got from an iterator stepped in place.
enum InPlace<R: Runtime> {
    Item(Value<R>),
    /// An `enumerate` pair, a dict item or a `zip` pair, for an `UnpackSequence(2)` to take
    /// apart (its first item, then its second).
    Pair(Value<R>, Value<R>),
    /// A range, tuple or set iterator at its end (left as `step_builtin` leaves it), or a zip
    /// of two whose second ran out.
    End,
    /// A list iterator at its end, not yet marked exhausted: see [`end_list_loop`].
    EndList,
    /// Another iterator, or one whose step may raise: the general step decides.
    Other,
}

/// The end of a `for` over a list: the loop's iterator, taken off the stack, is dropped as it
/// is when the loop held the only reference (it is freed at once, the list released with
/// it); one that is held elsewhere too (`for x in it:` of a named iterator) is first marked
/// exhausted, so that it gives no more items if the list grows, as the general step leaves
/// it.
#[inline(always)]
fn end_list_loop<R: Runtime>(it: Value<R>) {
    if let Value::Obj(o) = &it {
        if o.ref_count() != 1 {
            if let ObjKind::Iter(cell) = o.kind() {
                plain_end(cell.lock::<R>().unversioned_mut());
            }
        }
    }
}

/// Whether a range, list, tuple or set iterator that `step_plain` found no item in has ended
/// (a list or set one is then marked exhausted, a tuple's index moved past its end, as
/// `step_builtin` does); false for every other iterator, and for a set whose size changed
/// (the general step raises).
#[inline(never)]
fn plain_end<R: Runtime>(st: &mut IterState<R>) -> bool {
    match st {
        IterState::Range { .. } => true,
        IterState::Tuple { index, .. } => {
            *index += 1;
            true
        }
        IterState::List { .. } => {
            *st = IterState::Exhausted("list_iterator");
            true
        }
        IterState::Set { set, used, .. } => {
            let same = match set.kind() {
                Some(ObjKind::Set(s)) => s.lock::<R>().len() == *used,
                _ => true,
            };
            if same {
                *st = IterState::Exhausted("set_iterator");
            }
            same
        }
        _ => false,
    }
}

/// `for i, x in enumerate(xs)` over a list, tuple or range: the next pair, or `None`.
#[inline(always)]
fn enumerate_in_place<R: Runtime>(st: &mut IterState<R>) -> Option<(i64, Value<R>)> {
    // `for i, x in enumerate(xs)` over a list, tuple or range: the inner iterator's cell is
    // locked after this one's, as `step_builtin` does.
    let IterState::Enumerate {
        iter,
        count: Value::Int(n),
    } = st
    else {
        return None;
    };
    let Some(ObjKind::Iter(inner)) = iter.kind() else {
        return None;
    };
    if *n == i64::MAX {
        return None;
    }
    let v = step_plain(inner.lock::<R>().unversioned_mut())?;
    let i = *n;
    *n += 1;
    Some((i, v))
}

/// The next item of a range, list or tuple iterator; `None` at the end (left to the general
/// step, which marks the iterator exhausted) and for every other iterator.
#[inline(always)]
fn step_plain<R: Runtime>(st: &mut IterState<R>) -> Option<Value<R>> {
    match st {
        IterState::Range { next, stop, step } => {
            let more = if *step > 0 {
                *next < *stop
            } else {
                *next > *stop
            };
            if !more {
                return None;
            }
            let v = *next;
            *next = next.saturating_add(*step);
            Some(Value::Int(v))
        }
        IterState::List { seq, index } => {
            let item = match seq.kind() {
                Some(ObjKind::List(l)) => l.lock::<R>().get(*index).cloned(),
                _ => None,
            }?;
            *index += 1;
            Some(item)
        }
        IterState::Tuple { seq, index } => {
            let item = match seq.kind() {
                Some(ObjKind::Tuple(t)) => t.get(*index).cloned(),
                _ => None,
            }?;
            *index += 1;
            Some(item)
        }
        // A set by slot position, while its size holds (a change is the general step's
        // RuntimeError).
        IterState::Set {
            set,
            position,
            used,
            left,
        } => match set.kind() {
            Some(ObjKind::Set(s)) => {
                let table = s.lock::<R>();
                if table.len() != *used {
                    return None;
                }
                super::iterate::set_step(&table, position, left)
            }
            Some(ObjKind::FrozenSet(table)) => super::iterate::set_step(table, position, left),
            _ => None,
        },
        _ => None,
    }
}

/// `i` as a position in a sequence of `len` items (negative counts from the end), if in
/// range.
#[inline(always)]
fn position(i: i64, len: usize) -> Option<usize> {
    let j = if i < 0 { i.checked_add(len as i64)? } else { i };
    (j >= 0 && (j as u64) < len as u64).then_some(j as usize)
}

/// `obj[index]` for a list or tuple and an int in range; `None` for everything else
/// (including the errors), which the general `get_item` handles.
#[inline(always)]
fn item_in_place<R: Runtime>(obj: &Value<R>, index: &Value<R>) -> Option<Value<R>> {
    match (obj.kind()?, index) {
        (ObjKind::List(l), Value::Int(i)) => {
            let items = l.lock::<R>();
            let j = position(*i, items.len())?;
            Some(items[j].clone())
        }
        (ObjKind::Tuple(t), Value::Int(i)) => Some(t[position(*i, t.len())?].clone()),
        // An exact dict and an atom key: one probe (a missing key's KeyError is made by the
        // general path).
        (ObjKind::Dict(d), _) => crate::objects::dict::atom::get(d, index)?,
        _ => None,
    }
}

/// Whether `item_in_place` takes `obj[index]` on (it may still decline: out of range, a
/// missing key, a stored key that is a user object).
#[inline(always)]
fn in_place_subscript<R: Runtime>(obj: &Value<R>, index: &Value<R>) -> bool {
    match obj.kind() {
        Some(ObjKind::List(_) | ObjKind::Tuple(_)) => matches!(index, Value::Int(_)),
        Some(ObjKind::Dict(_)) => matches!(index.kind(), None | Some(ObjKind::Str(_))),
        _ => false,
    }
}

/// The call after a LoadFastMethod (`ops[ip]` on, past the LoadMethod it stands for) when
/// the method `f` it found is a built-in value's hot one (see `hot_methods.rs`) and the call
/// passes nothing or one bound local: how many instructions it takes (the CallMethod, or
/// the LoadFast and the CallMethod) and that local.
///
/// # Safety
/// `ip` is in `ops`, the running code of `frame` (a LoadFast's operand is a validated slot).
#[inline(always)]
unsafe fn hot_call_after<R: Runtime>(
    f: &Value<R>,
    frame: &Frame<R>,
    ops: &[Op],
    ip: usize,
) -> Option<(usize, Option<usize>)> {
    // The instructions first: one comparison turns away `items.append(i * 2)`.
    let after = match ops.get(ip)? {
        Op::CallMethod(0) => (1, None),
        &Op::LoadFast(k)
            if matches!(ops.get(ip + 1), Some(Op::CallMethod(1)))
                && unsafe { slot(frame, k as usize) }.is_some() =>
        {
            (2, Some(k as usize))
        }
        _ => return None,
    };
    matches!(f.kind(), Some(ObjKind::Builtin(b)) if b.hot.is_method()).then_some(after)
}

/// Whether `v` is an instance of a user class (whose operators may be Python methods).
#[inline(always)]
fn is_instance<R: Runtime>(v: &Value<R>) -> bool {
    matches!(v.kind(), Some(ObjKind::Instance(_)))
}

fn is_marker<R: Runtime>(v: &Value<R>, vm: &Vm<R>) -> bool {
    v.is(&vm.interp.method_marker)
}

/// Local slot `i` of the running frame, unchecked.
///
/// # Safety
/// `i` comes from an instruction of the frame's code: `Code::validate` checked that it is
/// below `frame_size()`, and a running frame has that many slots (set on entry, never cut).
#[inline(always)]
unsafe fn slot<R: Runtime>(frame: &Frame<R>, i: usize) -> &Option<Value<R>> {
    debug_assert!(i < frame.locals.len());
    frame.locals.get_unchecked(i)
}

/// [`slot`], to store into.
///
/// # Safety
/// As for [`slot`].
#[inline(always)]
unsafe fn slot_mut<R: Runtime>(frame: &mut Frame<R>, i: usize) -> &mut Option<Value<R>> {
    debug_assert!(i < frame.locals.len());
    frame.locals.get_unchecked_mut(i)
}

/// Appends `x` to a list's items (`append`, a list comprehension's ListAppend): the room
/// test and the store inline, `Vec::push` (whose body the eval loop gets as a call) only
/// when the vector is full.
#[inline(always)]
pub(super) fn push_item<R: Runtime>(items: &mut Vec<Value<R>>, x: Value<R>) {
    let n = items.len();
    if n < items.capacity() {
        // SAFETY: there is room at `n`, which becomes an item at `set_len`.
        unsafe {
            items.as_mut_ptr().add(n).write(x);
            items.set_len(n + 1);
        }
    } else {
        items.push(x);
    }
}

/// Stores `v` in local slot `i`, dropping what the slot held. Whether the old value holds a
/// reference is tested here, inline: `*slot = Some(v)` calls the out-of-line drop of an
/// `Option<Value>` on every store, although the slot usually held nothing to release
/// (unbound, an int, a float).
///
/// # Safety
/// As for [`slot`].
#[inline(always)]
unsafe fn store_slot<R: Runtime>(frame: &mut Frame<R>, i: usize, v: Value<R>) {
    let old = slot_mut(frame, i).replace(v);
    if matches!(old, Some(Value::Obj(_))) {
        drop(old);
    } else {
        std::mem::forget(old);
    }
}

/// Constant `i` of `code`, unchecked.
///
/// # Safety
/// `i` comes from an instruction of `code`, which `Code::validate` checked.
#[inline(always)]
unsafe fn constant<R: Runtime>(code: &Code<R>, i: usize) -> &Value<R> {
    debug_assert!(i < code.consts.len());
    code.consts.get_unchecked(i)
}

/// `stack[i]` without a bounds check, for a value below the top that the running
/// instruction reads.
///
/// # Safety
/// `i` is below the stack's length: the instruction's operands place it among the values
/// it reads (`Op::stack_needs`, which `Code::validate` checked every path leaves there).
#[inline(always)]
unsafe fn at<R: Runtime>(stack: &super::value_stack::Stack<R>, i: usize) -> &Value<R> {
    debug_assert!(i < stack.len());
    stack.get_unchecked(i)
}

/// Pops the top of `frame`'s stack, for an instruction that reads it.
#[inline(always)]
pub(super) fn pop<R: Runtime>(frame: &mut Frame<R>) -> Value<R> {
    // SAFETY: called by an instruction's own work for a value it reads, which every path to
    // it leaves on the stack (`Op::stack_needs`, checked by `Code::validate`).
    unsafe { frame.stack.pop_unchecked() }
}

/// The top of `frame`'s stack, for an instruction that reads it (as [`pop`]).
#[inline(always)]
pub(super) fn top<R: Runtime>(frame: &Frame<R>) -> &Value<R> {
    // SAFETY: as for `pop`.
    unsafe { frame.stack.last_unchecked() }
}

fn exc_ref<R: Runtime>(v: Value<R>) -> ObjRef<R> {
    match v {
        Value::Obj(o) => o,
        _ => unreachable!("exceptions are heap objects"),
    }
}

/// `local op constant` of BinaryFastConst when both are ints and the result fits 64 bits;
/// `None` for everything else (`Vm::binary_fast_const`).
///
/// # Safety
/// `packed` is the operand of an instruction of the frame's code, whose local slot and
/// constant `Code::validate` checked.
#[inline(always)]
unsafe fn fast_const_int<R: Runtime>(
    frame: &Frame<R>,
    code: &Code<R>,
    packed: u32,
) -> Option<Value<R>> {
    let (i, c, o) = unpack_fast_const(packed);
    // SAFETY: as the function's contract says.
    match unsafe { (slot(frame, i), constant(code, c)) } {
        (Some(Value::Int(x)), Value::Int(y)) => fast_int_op(*x, *y, o),
        _ => None,
    }
}

/// The local slot, constant index and operator of BinaryFastConst/UpdateFastConst.
#[inline(always)]
fn unpack_fast_const(packed: u32) -> (usize, usize, u32) {
    (
        (packed & 0xfff) as usize,
        ((packed >> 12) & 0xfff) as usize,
        packed >> 24,
    )
}

/// Int arithmetic that stays in 64 bits; `None` means "take the general path".
#[inline(always)]
fn fast_int_op<R: Runtime>(x: i64, y: i64, op: u32) -> Option<Value<R>> {
    fast_i64_op(x, y, op).map(Value::Int)
}

/// [`fast_int_op`] on the bare numbers.
#[inline(always)]
fn fast_i64_op(x: i64, y: i64, op: u32) -> Option<i64> {
    use crate::bytecode::binary_index::*;
    Some(match op {
        ADD => x.checked_add(y)?,
        SUB => x.checked_sub(y)?,
        MUL => x.checked_mul(y)?,
        FLOOR_DIV if y != 0 => int::floor_div(x, y)?,
        MOD if y != 0 => int::floor_mod(x, y),
        BIT_AND => x & y,
        BIT_OR => x | y,
        BIT_XOR => x ^ y,
        _ => return None,
    })
}

/// Float arithmetic that IEEE gives exactly as Python does, for two floats or a float and
/// an int (converted as CPython's `float_add` and the like convert it: an `i64` always fits a
/// float, rounded to nearest); `None` means "take the general path" (a zero divisor, which
/// is an error, a power that is not a plain positive one, and every other operator).
#[inline(always)]
fn fast_float_op<R: Runtime>(a: &Value<R>, b: &Value<R>, op: u32) -> Option<Value<R>> {
    let (x, y) = match (a, b) {
        (Value::Float(x), Value::Float(y)) => (*x, *y),
        (Value::Float(x), Value::Int(y)) => (*x, *y as f64),
        (Value::Int(x), Value::Float(y)) => (*x as f64, *y),
        _ => return None,
    };
    use crate::bytecode::binary_index::*;
    let r = match op {
        ADD => x + y,
        SUB => x - y,
        MUL => x * y,
        DIV if y != 0.0 => x / y,
        POW => fast_float_pow(x, y)?,
        _ => return None,
    };
    Some(Value::Float(r))
}

/// `x ** y` where C's `pow` is CPython's answer as it is: a finite positive base, a finite
/// exponent and a finite result (`float_pow` special-cases only zero, negative, infinite and
/// NaN operands, and turns an infinite result into an OverflowError).
#[inline(always)]
fn fast_float_pow(x: f64, y: f64) -> Option<f64> {
    if x > 0.0 && x.is_finite() && y.is_finite() {
        let r = x.powf(y);
        if r.is_finite() {
            return Some(r);
        }
    }
    None
}

/// A comparison of two ints, two floats, or a float and an int of at most 53 bits (see
/// [`float_compare`]); `None` for every other pair.
#[inline(always)]
fn number_compare<R: Runtime>(cmp: usize, a: &Value<R>, b: &Value<R>) -> Option<bool> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(compare_holds(cmp, x, y)),
        _ => float_compare(cmp, a, b),
    }
}

/// A comparison of two floats, or of a float and an int of at most 53 bits (which converts
/// exactly); `None` for every other pair (bigger ints are compared exactly by `compare`).
#[inline(always)]
fn float_compare<R: Runtime>(cmp: usize, a: &Value<R>, b: &Value<R>) -> Option<bool> {
    let (x, y) = match (a, b) {
        (Value::Float(x), Value::Float(y)) => (*x, *y),
        (Value::Float(x), Value::Int(y)) if y.unsigned_abs() <= EXACT_INT => (*x, *y as f64),
        (Value::Int(x), Value::Float(y)) if x.unsigned_abs() <= EXACT_INT => (*x as f64, *y),
        _ => return None,
    };
    Some(float_compare_holds(cmp, x, y))
}

/// A comparison of two floats (IEEE, as Python: every comparison with a NaN is false but
/// `!=`), by the comparison index of CompareOp.
#[inline(always)]
fn float_compare_holds(cmp: usize, x: f64, y: f64) -> bool {
    match cmp {
        0 => x < y,
        1 => x <= y,
        2 => x == y,
        3 => x != y,
        4 => x > y,
        _ => x >= y,
    }
}

pub(super) fn unbound_local<R: Runtime>(name: &str) -> PyErr<R> {
    PyErr::new(
        ExcKind::UnboundLocalError,
        format!("cannot access local variable '{name}' where it is not associated with a value"),
    )
}

pub(super) fn name_error<R: Runtime>(name: &str) -> PyErr<R> {
    PyErr::new(ExcKind::NameError, format!("name '{name}' is not defined"))
}

/// Reads a key of a dict object.
pub(super) fn dict_get<R: Runtime>(
    d: &ObjRef<R>,
    key: &crate::objects::DictKey<R>,
) -> Option<Value<R>> {
    match d.kind() {
        ObjKind::Dict(m) => m.lock::<R>().get(key).cloned(),
        _ => None,
    }
}

pub(super) fn dict_set<R: Runtime>(d: &ObjRef<R>, key: crate::objects::DictKey<R>, v: Value<R>) {
    if let ObjKind::Dict(m) = d.kind() {
        let old = m.lock::<R>().insert(key, v);
        drop(old);
    }
}

pub(super) fn dict_del<R: Runtime>(d: &ObjRef<R>, key: &crate::objects::DictKey<R>) -> bool {
    if let ObjKind::Dict(m) = d.kind() {
        let old = m.lock::<R>().shift_remove(key);
        return old.is_some();
    }
    false
}
