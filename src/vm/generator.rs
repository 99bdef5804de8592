//! Generators as CPython runs them: resuming with a value or with an exception thrown in,
//! `close` (GeneratorExit), return values carried by `StopIteration`, and `yield from`
//! (the `Send` instruction), which hands `send`, `throw` and `close` on to the inner iterator
//! while the generator is suspended in it.

use super::call::KwArgs;
use super::frame::{CodeRef, Frame, FrameExit};
use super::Vm;
use crate::bytecode::Op;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::iter::CoroOrigin;
use crate::objects::{FunctionObj, GenFlavor, GeneratorObj, ObjCell, ObjKind, ObjRef, Value};
use crate::syntax::ast::BinOp;
use crate::vm::Runtime;
use std::sync::atomic::{AtomicBool, Ordering};

/// How a generator is resumed.
pub enum Resume<R: Runtime> {
    /// `next()` / `send(value)`.
    Send(Value<R>),
    /// `throw(exc)`: the exception is raised where the generator is suspended.
    Throw(PyErr<R>),
    /// `next()`, with `Vm::gen_sink` taking the items it can inside the eval loop: runs
    /// until the sink declines an item (yielded as by `Send`) or the generator ends.
    IntoSink,
}

/// What a native consumer does with a generator's items inside the eval loop (`Vm::gen_sink`,
/// read by `YieldValue` in a frame marked `collecting`). It takes only items whose use runs
/// no Python code, so taking them in the loop cannot be told apart from resuming the
/// generator once per item; it declines the others, and the generator then yields them to
/// the consumer as usual.
pub enum GenSink<R: Runtime> {
    Off,
    /// `Vm::collect` (`"".join(gen)`, ...) and the `list`, `tuple`, `set` and `sorted` calls
    /// the loop runs (`collect_in_loop`): every item.
    Collect(Vec<Value<R>>),
    /// `sum(gen)` with an int total: ints and bools while the total stays in 64 bits.
    SumInt(i64),
    /// `all(gen)`: the items that are true by their value alone (True, non-zero numbers).
    AllTrue,
    /// `any(gen)`: the items that are false by their value alone (None, False, zeros).
    AnyFalse,
}

impl<R: Runtime> GenSink<R> {
    /// Takes `v` (None) or gives it back for the generator to yield.
    #[inline(always)]
    pub(super) fn take(&mut self, v: Value<R>) -> Option<Value<R>> {
        let truth = match &v {
            Value::None => Some(false),
            Value::Bool(b) => Some(*b),
            Value::Int(n) => Some(*n != 0),
            Value::Float(f) => Some(*f != 0.0),
            _ => None,
        };
        match self {
            GenSink::Collect(items) => {
                items.push(v);
                None
            }
            GenSink::SumInt(total) => {
                let n = match v {
                    Value::Int(n) => n,
                    Value::Bool(b) => b as i64,
                    _ => return Some(v),
                };
                match total.checked_add(n) {
                    Some(t) => {
                        *total = t;
                        None
                    }
                    None => Some(v),
                }
            }
            GenSink::AllTrue if truth == Some(true) => None,
            GenSink::AnyFalse if truth == Some(false) => None,
            _ => Some(v),
        }
    }
}

/// Where a resumed generator stopped.
pub enum GenStep<R: Runtime> {
    Yielded(Value<R>),
    Returned(Value<R>),
}

impl<R: Runtime> Vm<R> {
    /// `Call`/`CallMethod` of a generator function whose parameters the positional arguments
    /// bind one to one (defaults filling the rest): the function and the arguments move off
    /// the caller's stack into the generator's frame, as `push_call` moves a call's, and the
    /// generator is made around it; no argument vector, no general call. `None` (nothing
    /// moved) when the binding needs the general path.
    #[inline(never)]
    pub(super) fn generator_in_loop(
        &mut self,
        caller: &mut Frame<R>,
        func_at: usize,
    ) -> Option<Value<R>> {
        let given = caller.stack.len() - func_at - 1;
        match caller.stack[func_at].kind() {
            Some(ObjKind::Function(f)) if f.makes_generator_of(given) => {}
            _ => return None,
        }
        let mut frame = self.pooled_frame();
        // SAFETY: as in `push_call`: the function and the `given` arguments after it are
        // moved (read once) into the frame, and the stack stops counting them at `set_len`;
        // `makes_generator_of` checked `given` against the parameters.
        unsafe {
            let at = caller.stack.as_ptr().add(func_at);
            let Some(code) = CodeRef::of_function(at.read()) else {
                unreachable!("checked to be a Python function")
            };
            frame.enter(code, at.add(1), given);
            caller.stack.set_len(func_at);
        }
        let argc = frame.code.argcount as usize;
        let cells = !frame.code.cellvars.is_empty() || !frame.code.freevars.is_empty();
        if given < argc || cells {
            let func = frame.code.function().cloned().unwrap_or(Value::None);
            let Some(ObjKind::Function(f)) = func.kind() else {
                unreachable!("a generator's frame runs its function")
            };
            let first_default = argc - f.defaults.len();
            for i in given..argc {
                frame.locals[i] = Some(f.defaults[i - first_default].clone());
            }
            if cells {
                self.setup_cells(&mut frame, &f.closure);
            }
        }
        Some(new_generator(frame))
    }

    /// A call of the generator function `func` (`f`) off the eval loop's path: binds the
    /// arguments into its frame and makes the generator.
    pub(super) fn call_generator_function(
        &mut self,
        func: &ObjRef<R>,
        f: &FunctionObj<R>,
        args: Vec<Value<R>>,
        kwargs: KwArgs<R>,
    ) -> PyResult<Value<R>, R> {
        let Some(code) = CodeRef::of_function(Value::Obj(func.clone())) else {
            unreachable!("a generator function is a Python function")
        };
        let mut frame = self.new_frame(code);
        self.fill_frame(f, &mut frame, args, kwargs)?;
        Ok(new_generator(frame))
    }

    /// Resumes `g` (sending a value or throwing an exception into it).
    pub fn resume_generator_with(
        &mut self,
        g: &GeneratorObj<R>,
        how: Resume<R>,
    ) -> PyResult<GenStep<R>, R> {
        let already_running = claim_running::<R>(&g.running);
        if already_running {
            return Err(PyErr::value_error(format!(
                "{} already executing",
                g.flavor.type_name().replace('_', " ")
            )));
        }
        let frame = g.frame.lock::<R>().unversioned_mut().take();
        let Some(mut frame) = frame else {
            g.running.store(false, Ordering::Release);
            if g.flavor == GenFlavor::Coroutine {
                return Err(PyErr::runtime_error(
                    "cannot reuse already awaited coroutine",
                ));
            }
            return match how {
                Resume::Send(_) | Resume::IntoSink => Ok(GenStep::Returned(Value::None)),
                Resume::Throw(err) => Err(err),
            };
        };
        if let Resume::Send(sent) = &how {
            if frame.ip == 0 && !sent.is_none() {
                *g.frame.lock::<R>().unversioned_mut() = Some(frame);
                g.running.store(false, Ordering::Release);
                let what = match g.flavor {
                    GenFlavor::Generator => "generator",
                    _ => "coroutine",
                };
                return Err(PyErr::type_error(format!(
                    "can't send non-None value to a just-started {what}"
                )));
            }
        }
        g.started.store(true, Ordering::Relaxed);
        self.enter_generator_handling(&mut frame);
        let result = match self.enter_call() {
            Ok(()) => {
                let r = self.run_suspended(&mut frame, how);
                self.depth -= 1;
                r
            }
            Err(e) => Err(e),
        };
        self.leave_generator_handling(&mut frame, matches!(result, Ok(FrameExit::Yield(_))));
        let out = match result {
            Ok(FrameExit::Yield(v)) => {
                note_suspended_in_block(&frame);
                *g.frame.lock::<R>().unversioned_mut() = Some(frame);
                Ok(GenStep::Yielded(v))
            }
            // A finished generator's frame goes back to the pool, as a call's does.
            Ok(FrameExit::Return(v)) => {
                self.recycle_frame(frame);
                Ok(GenStep::Returned(v))
            }
            Err(e) => {
                self.recycle_frame(frame);
                Err(self.escaped_generator(g.flavor, e))
            }
        };
        g.running.store(false, Ordering::Release);
        out
    }

    /// A generator frame is resumed: the exception it was handling when it yielded is the
    /// one being handled again (when it was handling none, its caller's stays), and the
    /// caller's is kept in the frame (`Frame::other_handling`).
    #[inline(always)]
    fn enter_generator_handling(&mut self, frame: &mut Frame<R>) {
        // Nothing handled on either side (almost every resume): nothing to swap.
        if frame.other_handling.is_none() && self.handling.is_none() {
            return;
        }
        match frame.other_handling.take() {
            Some(own) => frame.other_handling = self.handling.replace(own),
            None => frame.other_handling = self.handling.clone(),
        }
    }

    /// A generator frame yields (`suspended`) or ends: its caller's handled exception is put
    /// back; a suspended frame inside an `except` block keeps its own for when it resumes.
    #[inline(always)]
    fn leave_generator_handling(&mut self, frame: &mut Frame<R>, suspended: bool) {
        if frame.other_handling.is_none() && self.handling.is_none() {
            return;
        }
        let caller = frame.other_handling.take();
        let own = std::mem::replace(&mut self.handling, caller);
        if suspended
            && frame
                .blocks
                .iter()
                .any(|b| matches!(b, super::frame::Block::ExceptHandler { .. }))
        {
            frame.other_handling = own;
        }
    }

    /// The error a generator's caller sees when `e` leaves the generator's frame: a
    /// StopIteration (StopAsyncIteration from an async generator) becomes a RuntimeError
    /// caused by it, as PEP 479 says; every other error passes unchanged.
    pub(super) fn escaped_generator(&mut self, flavor: GenFlavor, e: PyErr<R>) -> PyErr<R> {
        let stop = self.is_stop_iteration(&e);
        let async_stop = flavor == GenFlavor::AsyncGenerator
            && self.err_kind(&e) == Some(ExcKind::StopAsyncIteration);
        if !stop && !async_stop {
            return e;
        }
        let what = if stop {
            "StopIteration"
        } else {
            "StopAsyncIteration"
        };
        let cause = self.materialize(e);
        let err = self.materialize(PyErr::runtime_error(format!(
            "{} raised {what}",
            flavor.type_name().replace('_', " ")
        )));
        if let Some(ObjKind::Exception(x)) = err.kind() {
            let mut st = x.state.lock::<R>();
            st.cause = cause.clone();
            st.context = cause;
            st.suppress_context = true;
        }
        PyErr::Object(err.as_obj().cloned().expect("exception object"))
    }

    /// Takes `g`'s suspended frame for the eval loop to run in place of its caller (`for`
    /// over a generator, `yield from` or `await` of one), with `sent` pushed where it
    /// yielded, as `resume_generator_with` would run it: the generator is marked running and
    /// the call counted against the recursion limit. `Err(sent)` when it cannot be run that
    /// way (already running, finished, just started and sent a value, at the recursion
    /// limit, an async generator), with nothing changed: the general path then does what
    /// CPython does (the error, or the end of the iteration).
    #[inline(always)]
    pub(super) fn resume_in_loop(
        &mut self,
        g: &GeneratorObj<R>,
        sent: Value<R>,
    ) -> Result<Box<Frame<R>>, Value<R>> {
        if g.flavor == GenFlavor::AsyncGenerator || self.depth + 1 >= self.interp.recursion_limit()
        {
            return Err(sent);
        }
        let already_running = claim_running::<R>(&g.running);
        if already_running {
            return Err(sent);
        }
        let taken = g.frame.lock::<R>().unversioned_mut().take();
        let Some(mut frame) = taken else {
            g.running.store(false, Ordering::Release);
            return Err(sent);
        };
        if frame.ip > 0 {
            frame.stack.push(sent);
        } else if !sent.is_none() {
            *g.frame.lock::<R>().unversioned_mut() = Some(frame);
            g.running.store(false, Ordering::Release);
            return Err(sent);
        }
        g.started.store(true, Ordering::Relaxed);
        self.depth += 1;
        frame.resumed_in_loop = true;
        self.enter_generator_handling(&mut frame);
        Ok(frame)
    }

    /// A generator frame the eval loop resumed (`resume_in_loop`) has yielded: it goes back
    /// into its generator, which is the stack top of `caller`, and stops running.
    #[inline(always)]
    pub(super) fn suspend_in_loop(&mut self, mut frame: Box<Frame<R>>, caller: &Frame<R>) {
        frame.resumed_in_loop = false;
        note_suspended_in_block(&frame);
        self.leave_generator_handling(&mut frame, true);
        self.depth -= 1;
        match caller.stack.last().and_then(|v| v.kind()) {
            Some(ObjKind::Generator(g)) => {
                let old = g.frame.lock::<R>().unversioned_mut().replace(frame);
                g.running.store(false, Ordering::Release);
                drop(old);
            }
            _ => unreachable!("a generator resumed in the loop is its caller's stack top"),
        }
    }

    /// A generator frame the eval loop resumed has finished (returned, or raised out of it):
    /// the generator, `caller`'s stack top, keeps no frame and stops running; the frame is
    /// recycled. Returns the generator's flavor.
    pub(super) fn finish_in_loop(
        &mut self,
        mut frame: Box<Frame<R>>,
        caller: &Frame<R>,
    ) -> GenFlavor {
        self.leave_generator_handling(&mut frame, false);
        if frame.collecting {
            // A consumer's generator that raised: its sink goes with it (what `list(gen)`
            // had collected freed last first, as CPython frees the list it was building).
            frame.collecting = false;
            if let Some(GenSink::Collect(items)) = self.loop_sinks.pop() {
                super::iterate::drop_last_first(items);
            }
        }
        self.depth -= 1;
        let flavor = match caller.stack.last().and_then(|v| v.kind()) {
            Some(ObjKind::Generator(g)) => {
                g.running.store(false, Ordering::Release);
                g.flavor
            }
            _ => unreachable!("a generator resumed in the loop is its caller's stack top"),
        };
        self.recycle_frame(frame);
        flavor
    }

    /// A generator frame the eval loop resumed returned `value`: the caller's `ForIter(t)`
    /// ends its loop (the generator popped, the value dropped), its `Send(t)` (the
    /// `yield from`/`await`) evaluates to `value`, and its `next(gen)` raises StopIteration
    /// carrying `value`. `ip` is the caller's, just past that instruction; returns where the
    /// caller goes on.
    #[inline(never)]
    pub(super) fn returned_in_loop(
        &mut self,
        frame: Box<Frame<R>>,
        caller: &mut Frame<R>,
        ops: &[Op],
        ip: usize,
        value: Value<R>,
    ) -> PyResult<usize, R> {
        // A consumer run by the loop (`sum`, `list`, ...): the generator's end is its result.
        let sink = if frame.collecting {
            self.loop_sinks.pop()
        } else {
            None
        };
        let mut frame = frame;
        frame.collecting = false;
        self.finish_in_loop(frame, caller);
        if let Some(sink) = sink {
            drop(value);
            let n = caller.stack.len();
            let result = match sink {
                GenSink::SumInt(total) => Value::Int(total),
                GenSink::AnyFalse => Value::Bool(false),
                GenSink::Collect(items) => self.collected_for(&caller.stack[n - 2], items)?,
                GenSink::AllTrue | GenSink::Off => Value::Bool(true),
            };
            // [consumer, generator] becomes the result.
            caller.stack.truncate(n - 2);
            caller.stack.push(result);
            return Ok(ip);
        }
        let generator = caller.stack.pop();
        let target = match ops[ip - 1] {
            Op::ForIter(t) => {
                drop(value);
                t
            }
            Op::Send(t) => {
                caller.stack.push(value);
                t
            }
            Op::Call(_) => {
                let next = caller.stack.pop();
                drop((generator, next));
                return Err(self.stop_iteration_with(value));
            }
            _ => unreachable!("a generator is resumed in the loop by ForIter, Send or next()"),
        };
        drop(generator);
        Ok(target as usize)
    }

    /// Runs a suspended generator frame: with the sent value pushed where the `yield`
    /// left off, or with an exception raised there (handed to the inner iterator first when
    /// the frame is inside a `yield from`).
    fn run_suspended(&mut self, frame: &mut Frame<R>, how: Resume<R>) -> PyResult<FrameExit<R>, R> {
        match how {
            Resume::Send(sent) => {
                if frame.ip > 0 {
                    frame.stack.push(sent);
                }
                self.run_frame(frame)
            }
            Resume::IntoSink => {
                if frame.ip > 0 {
                    frame.stack.push(Value::None);
                }
                frame.collecting = true;
                let exit = self.run_frame(frame);
                frame.collecting = false;
                exit
            }
            Resume::Throw(err) => {
                let Some(target) = yield_from_target(frame) else {
                    return self.run_frame_raising(frame, err);
                };
                let inner = frame.stack.last().cloned().unwrap_or(Value::None);
                match self.throw_into_inner(&inner, err) {
                    // The inner iterator yielded: so does this generator, still inside it.
                    Ok(Ok(v)) => Ok(FrameExit::Yield(v)),
                    // It returned: `yield from` evaluates to its value.
                    Ok(Err(returned)) => {
                        frame.stack.pop();
                        frame.stack.push(returned);
                        frame.ip = target;
                        self.run_frame(frame)
                    }
                    Err(err) => self.run_frame_raising(frame, err),
                }
            }
        }
    }

    /// Throws `err` into the inner iterator of a `yield from`. `Ok(Ok(v))`: it yielded `v`;
    /// `Ok(Err(r))`: it returned `r`; `Err`: the exception to raise in the outer generator.
    #[allow(clippy::type_complexity)]
    fn throw_into_inner(
        &mut self,
        inner: &Value<R>,
        err: PyErr<R>,
    ) -> PyResult<Result<Value<R>, Value<R>>, R> {
        if self.err_kind(&err) == Some(ExcKind::GeneratorExit) {
            self.close_iterator(inner)?;
            return Err(err);
        }
        if let Some(ObjKind::Generator(g)) = inner.kind() {
            return match self.resume_generator_with(g, Resume::Throw(err))? {
                GenStep::Yielded(v) => Ok(Ok(v)),
                GenStep::Returned(r) => Ok(Err(r)),
            };
        }
        let raw = self.raw_throw.take();
        let key = self.static_key("throw");
        let Some(throw) = self.get_attr_opt(inner, &key)? else {
            return Err(err);
        };
        let call_args = match raw {
            Some(args) => args,
            None => vec![self.materialize(err)],
        };
        match self.call(&throw, call_args, Vec::new()) {
            Ok(v) => Ok(Ok(v)),
            Err(e) if self.is_stop_iteration(&e) => Ok(Err(self.stop_iteration_value(e))),
            Err(e) => Err(e),
        }
    }

    /// Whether a `throw()` into `g` ends, through its `yield from` chain of generators, at
    /// an iterator that is not a generator and has its own `throw` (which then gets the raw
    /// arguments of `throw()`).
    pub fn throw_reaches_method(&mut self, g: &GeneratorObj<R>) -> bool {
        let inner = {
            let guard = g.frame.lock::<R>();
            let Some(frame) = guard.as_ref() else {
                return false;
            };
            if yield_from_target(frame).is_none() {
                return false;
            }
            frame.stack.last().cloned()
        };
        match inner.as_ref().and_then(|v| v.kind()) {
            Some(ObjKind::Generator(inner)) => self.throw_reaches_method(inner),
            Some(_) => {
                let inner = inner.unwrap_or(Value::None);
                let class = self.types().class_of(&inner).clone();
                super::call::class_lookup(&class, &self.static_key("throw")).is_some()
            }
            None => false,
        }
    }

    /// `close()` of the inner iterator of a `yield from`, if it has one.
    fn close_iterator(&mut self, inner: &Value<R>) -> PyResult<(), R> {
        if let Some(ObjKind::Generator(g)) = inner.kind() {
            return self.close_generator(g);
        }
        let key = self.static_key("close");
        if let Some(close) = self.get_attr_opt(inner, &key)? {
            self.call(&close, Vec::new(), Vec::new())?;
        }
        Ok(())
    }

    /// `generator.close()`: raises GeneratorExit where it is suspended.
    pub fn close_generator(&mut self, g: &GeneratorObj<R>) -> PyResult<(), R> {
        g.started.store(true, Ordering::Relaxed);
        {
            let mut frame = g.frame.lock::<R>();
            match frame.as_ref() {
                None => return Ok(()),
                Some(f) if f.ip == 0 => {
                    let finished = frame.take();
                    drop(frame);
                    drop(finished);
                    return Ok(());
                }
                Some(_) => {}
            }
        }
        let exit = PyErr::new(ExcKind::GeneratorExit, "");
        match self.resume_generator_with(g, Resume::Throw(exit)) {
            Ok(GenStep::Yielded(_)) => Err(PyErr::runtime_error(match g.flavor {
                GenFlavor::Generator => "generator ignored GeneratorExit",
                GenFlavor::Coroutine => "coroutine ignored GeneratorExit",
                GenFlavor::AsyncGenerator => "async generator ignored GeneratorExit",
            })),
            Ok(GenStep::Returned(_)) => Ok(()),
            Err(e)
                if matches!(
                    self.err_kind(&e),
                    Some(ExcKind::GeneratorExit | ExcKind::StopIteration)
                ) =>
            {
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Resumes the plain generator `g` with `sink` taking the items it can inside the eval
    /// loop: returns the first item the sink declined (the generator suspended after
    /// yielding it) or None at the generator's end, and the sink as it was left.
    #[allow(clippy::type_complexity)]
    pub fn resume_into_sink(
        &mut self,
        g: &GeneratorObj<R>,
        sink: GenSink<R>,
    ) -> (PyResult<Option<Value<R>>, R>, GenSink<R>) {
        // Each consumer brings its own sink: a generator consumed inside another's body
        // puts the outer one back when it is done.
        let outer = std::mem::replace(&mut self.gen_sink, sink);
        let run = self.resume_generator_with(g, Resume::IntoSink);
        let sink = std::mem::replace(&mut self.gen_sink, outer);
        let item = run.map(|step| match step {
            GenStep::Yielded(v) => Some(v),
            GenStep::Returned(_) => None,
        });
        (item, sink)
    }

    /// The rest of `sum(generator)`, `all(generator)` or `any(generator)` run by the eval loop
    /// after its sink declined `item` (the generator suspended after yielding it): what the
    /// consumer does with an item it cannot take in place (`__bool__`, `__add__`), then the
    /// consumer's own loop over what is left, as the natives run it (`reduce.rs`).
    /// The sink is the innermost of `loop_sinks`, taken off here.
    #[inline(never)]
    pub(super) fn sink_declined(
        &mut self,
        generator: &Value<R>,
        item: Value<R>,
    ) -> PyResult<Value<R>, R> {
        let Some(sink) = self.loop_sinks.pop() else {
            unreachable!("a consumer run by the loop has its sink")
        };
        Ok(match sink {
            GenSink::AllTrue => Value::Bool(self.truthy(&item)? && self.all_of(generator)?),
            GenSink::AnyFalse => Value::Bool(self.truthy(&item)? || self.any_of(generator)?),
            GenSink::SumInt(total) => {
                let acc = self.binary_op(Value::Int(total), item, BinOp::Add)?;
                self.sum_of(generator, acc)?
            }
            GenSink::Off | GenSink::Collect(_) => {
                unreachable!("only the sum/all/any sinks decline items")
            }
        })
    }

    /// What `consumer` (`list`, `tuple`, `set` or `sorted`, see `collect_in_loop`) makes of
    /// the items its generator gave: the list or tuple of them, or the consumer called with
    /// their list, which it walks as it would have walked the generator (hashing or comparing
    /// them, which may run Python code and raise).
    fn collected_for(
        &mut self,
        consumer: &Value<R>,
        items: Vec<Value<R>>,
    ) -> PyResult<Value<R>, R> {
        if let Value::Obj(class) = consumer {
            if class.ptr_eq(&self.types().list) {
                return Ok(self.new_list(items));
            }
            if class.ptr_eq(&self.types().tuple) {
                return Ok(self.new_tuple(items));
            }
        }
        let items = self.new_list(items);
        self.call(consumer, vec![items], Default::default())
    }

    /// `Call` of `list`, `tuple` or `set` (the exact types) with one argument, a plain
    /// generator (`sorted`'s is `hot_builtin_call`): its frame is resumed in the loop, marked
    /// `collecting`,
    /// with a `GenSink::Collect` on `loop_sinks` that takes every item it yields, and its
    /// return makes the consumer's result (`returned_in_loop`). `None` (nothing changed)
    /// for other calls, and for a generator that cannot be resumed so (running, finished:
    /// the general call then raises or gives what it gives).
    pub(super) fn collect_in_loop(
        &mut self,
        caller: &Frame<R>,
        base: usize,
    ) -> Option<Box<Frame<R>>> {
        if caller.stack.len() != base + 1 {
            return None;
        }
        let Some(ObjKind::Generator(g)) = caller.stack[base].kind() else {
            return None;
        };
        let class = caller.stack[base - 1].as_obj()?;
        let t = self.types();
        let collects = class.ptr_eq(&t.list) || class.ptr_eq(&t.tuple) || class.ptr_eq(&t.set);
        if !collects || !g.is_plain() {
            return None;
        }
        let mut callee = self.resume_in_loop(g, Value::None).ok()?;
        callee.collecting = true;
        self.loop_sinks.push(GenSink::Collect(Vec::new()));
        Some(callee)
    }

    /// A `yield` of a generator frame that `sum`/`all`/`any` resumed in the loop: the
    /// innermost sink takes the item (`Ok`) or gives it back (`Err`). Out of line: the
    /// loop's `YieldValue` pays only the test of the frame's `collecting` flag.
    #[inline(never)]
    pub(super) fn loop_sink_take(&mut self, v: Value<R>) -> Result<(), Value<R>> {
        let Some(sink) = self.loop_sinks.last_mut() else {
            unreachable!("a collecting frame of the loop has its sink")
        };
        match sink.take(v) {
            None => Ok(()),
            Some(v) => Err(v),
        }
    }

    /// The value a `StopIteration` carries (its first argument), None for other errors.
    pub fn stop_iteration_value(&mut self, e: PyErr<R>) -> Value<R> {
        let PyErr::Object(o) = e else {
            return Value::None;
        };
        match o.kind() {
            ObjKind::Exception(x) => match x.state.lock::<R>().args.kind() {
                Some(ObjKind::Tuple(t)) => t.first().cloned().unwrap_or(Value::None),
                _ => Value::None,
            },
            _ => Value::None,
        }
    }

    /// `StopIteration(value)` for a generator that returned `value` (bare when None).
    pub fn stop_iteration_with(&mut self, value: Value<R>) -> PyErr<R> {
        if value.is_none() {
            return PyErr::stop_iteration();
        }
        let class = self.types().exception(ExcKind::StopIteration).clone();
        match self.new_exception_object(&class, vec![value]) {
            Value::Obj(o) => PyErr::Object(o),
            _ => PyErr::stop_iteration(),
        }
    }

    /// `Send(t)`: TOS is the value to send, TOS1 the inner iterator of a `yield from`.
    /// Leaves what the iterator yielded on top; when it returns, replaces both with its
    /// return value and continues at `t`.
    pub(super) fn send_op(&mut self, frame: &mut Frame<R>, target: u32) -> PyResult<(), R> {
        let sent = frame.stack.pop().unwrap_or(Value::None);
        let inner = frame.stack.last().cloned().unwrap_or(Value::None);
        let step = if let Some(ObjKind::Generator(g)) = inner.kind() {
            self.resume_generator_with(g, Resume::Send(sent))?
        } else if sent.is_none() && !matches!(inner.kind(), Some(ObjKind::Iter(_))) {
            // `__next__` of an iterator object: its StopIteration may carry the result.
            match self.call_special(&inner, "__next__", Vec::new()) {
                Ok(Some(v)) => GenStep::Yielded(v),
                Ok(None) => {
                    return Err(PyErr::type_error(format!(
                        "'{}' object is not an iterator",
                        self.type_name(&inner)
                    )))
                }
                Err(e) if self.is_stop_iteration(&e) => {
                    GenStep::Returned(self.stop_iteration_value(e))
                }
                Err(e) => return Err(e),
            }
        } else if sent.is_none() {
            match self.next_fast(&inner) {
                Ok(Some(v)) => GenStep::Yielded(v),
                Ok(None) => GenStep::Returned(Value::None),
                Err(e) if self.is_stop_iteration(&e) => {
                    GenStep::Returned(self.stop_iteration_value(e))
                }
                Err(e) => return Err(e),
            }
        } else {
            let key = self.static_key("send");
            let send = self.get_attr(&inner, &key)?;
            match self.call(&send, vec![sent], Vec::new()) {
                Ok(v) => GenStep::Yielded(v),
                Err(e) if self.is_stop_iteration(&e) => {
                    GenStep::Returned(self.stop_iteration_value(e))
                }
                Err(e) => return Err(e),
            }
        };
        match step {
            GenStep::Yielded(v) => frame.stack.push(v),
            GenStep::Returned(r) => {
                frame.stack.pop();
                frame.stack.push(r);
                frame.ip = target as usize;
            }
        }
        Ok(())
    }
}

/// The generator (coroutine, async generator) of a frame set up for a call of its
/// function, which the frame holds (as CPython's generator frame holds `f_func`).
fn new_generator<R: Runtime>(frame: Box<Frame<R>>) -> Value<R> {
    let Some(ObjKind::Function(f)) = frame.code.function().and_then(|f| f.kind()) else {
        unreachable!("a generator's frame runs its function")
    };
    let code = &f.code;
    let flavor = if code.flags.async_generator {
        GenFlavor::AsyncGenerator
    } else if code.flags.coroutine {
        GenFlavor::Coroutine
    } else {
        GenFlavor::Generator
    };
    let (name, qualname) = (f.name().clone(), f.qualname().clone());
    let origin = match flavor {
        GenFlavor::Coroutine => Some(Box::new(CoroOrigin {
            defined: (code.filename.clone(), code.first_line),
        })),
        _ => None,
    };
    // A coroutine left unawaited is reported at the end of the program, so that must look
    // (not for those a library module's body makes to learn their types: collections.abc);
    // a generator only once it suspends inside a `try` or `with` (`note_suspended_in_block`).
    if flavor != GenFlavor::Generator && !super::import::running_bundled_body() {
        crate::objects::gc::note_generator();
    }
    let generator = GeneratorObj {
        frame: ObjCell::new(Some(frame)),
        running: AtomicBool::new(false),
        name,
        qualname,
        flavor,
        started: AtomicBool::new(false),
        origin,
        hooks: Default::default(),
    };
    Value::new_obj(ObjKind::Generator(Box::new(generator)))
}

/// Whether `g` is suspended inside an `await` (or `yield from`) rather than at its own
/// `yield`: an async generator's own yields produce items, the others pass through.
pub fn suspended_in_await<R: Runtime>(g: &GeneratorObj<R>) -> bool {
    g.frame
        .lock::<R>()
        .as_ref()
        .is_some_and(|f| yield_from_target(f).is_some())
}

/// What `g` is suspended awaiting (or delegating to with `yield from`): `cr_await`.
pub fn awaiting<R: Runtime>(g: &GeneratorObj<R>) -> Option<Value<R>> {
    let frame = g.frame.lock::<R>();
    let f = frame.as_ref()?;
    yield_from_target(f)?;
    f.stack.last().cloned()
}

/// Where `g`'s frame stands: its file and current line (the `def` line before it starts);
/// `None` once finished or while running.
pub fn frame_location<R: Runtime>(g: &GeneratorObj<R>) -> Option<(std::sync::Arc<str>, u32)> {
    let frame = g.frame.lock::<R>();
    let f = frame.as_ref()?;
    let line = match f.ip {
        0 => f.code.first_line,
        ip => f.code.positions.line(ip - 1).unwrap_or(f.code.first_line),
    };
    Some((f.code.filename.clone(), line))
}

/// When the frame is suspended at the `yield` of a `yield from` loop: where that loop exits.
fn yield_from_target<R: Runtime>(frame: &Frame<R>) -> Option<usize> {
    let ops = &frame.code.ops;
    let ip = frame.ip;
    if ip < 2 || ops.get(ip - 1) != Some(&Op::YieldValue) {
        return None;
    }
    match ops[ip - 2] {
        Op::Send(t) => Some(t as usize),
        _ => None,
    }
}

/// Marks a generator as running; whether it already was. Under the GIL nothing else runs
/// between the load and the store (no switch point between them), so the flag needs no
/// locked exchange on each resume.
#[inline(always)]
fn claim_running<R: Runtime>(running: &std::sync::atomic::AtomicBool) -> bool {
    if R::FREE_THREADED {
        running.swap(true, Ordering::Acquire)
    } else {
        let was = running.load(Ordering::Relaxed);
        running.store(true, Ordering::Relaxed);
        was
    }
}

/// A generator suspended inside a `try` or `with` block must be closed at the end of the
/// program if still alive then (its `finally` or `__exit__` runs, as in CPython): noted so
/// that the exit finalization (`Vm::finalize_at_exit`) knows it has work to do.
#[inline(always)]
fn note_suspended_in_block<R: Runtime>(frame: &Frame<R>) {
    if !frame.blocks.is_empty() {
        crate::objects::gc::note_generator();
    }
}
