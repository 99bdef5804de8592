//! Coroutines and async generators as CPython runs them, on the generator machinery
//! (`vm/generator.rs`): the instructions of `await`, `async for` and `async with`, the
//! awaitables an async generator hands out (`__anext__()`/`asend()`, `athrow()`/`aclose()`)
//! and how their steps map to StopIteration/StopAsyncIteration, `coroutine.__await__()`'s
//! wrapper, and the "coroutine ... was never awaited" warning. The Python-visible methods are
//! `builtins/coroutine.rs`'s.

use super::frame::{Block, Frame};
use super::generator::{suspended_in_await, GenStep, Resume};
use super::types::AsyncType;
use super::Vm;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{GenFlavor, GeneratorObj, NativeObj, ObjKind, Value};
use crate::vm::Runtime;
use parking_lot::Mutex;
use std::sync::atomic::{AtomicU8, Ordering};

/// An awaitable's state: not yet sent into, being iterated, finished.
const INIT: u8 = 0;
const ITER: u8 = 1;
const CLOSED: u8 = 2;

/// `agen.__anext__()` / `agen.asend(value)`: one step of the async generator.
pub struct AsendState<R: Runtime> {
    pub agen: Value<R>,
    value: Mutex<Option<Value<R>>>,
    state: AtomicU8,
}

/// `agen.athrow(exc)` / `agen.aclose()` (`exc` None: GeneratorExit, and the generator must
/// not yield again).
pub struct AthrowState<R: Runtime> {
    pub agen: Value<R>,
    exc: Mutex<Option<PyErr<R>>>,
    is_close: bool,
    state: AtomicU8,
}

/// `coroutine.__await__()`: an iterator that drives the coroutine.
pub struct WrapperState<R: Runtime> {
    pub coro: Value<R>,
}

impl<R: Runtime> AsendState<R> {
    /// `close()`: the awaitable is finished (a later send raises RuntimeError).
    pub fn mark_closed(&self) {
        self.state.store(CLOSED, Ordering::Release);
    }
}

impl<R: Runtime> AthrowState<R> {
    /// `close()`: the awaitable is finished (a later send raises RuntimeError).
    pub fn mark_closed(&self) {
        self.state.store(CLOSED, Ordering::Release);
    }
}

fn agen_of<R: Runtime>(v: &Value<R>) -> &GeneratorObj<R> {
    match v.kind() {
        Some(ObjKind::Generator(g)) => g,
        _ => unreachable!("an async generator awaitable always holds its generator"),
    }
}

impl<R: Runtime> Vm<R> {
    fn native_value<T: Send + Sync + 'static>(&self, t: AsyncType, data: T) -> Value<R> {
        Value::new_obj(ObjKind::Native(NativeObj {
            class: self.types().async_class(t).clone(),
            data: Box::new(data),
        }))
    }

    /// The awaitable of `agen.asend(value)` (`__anext__()` sends None).
    pub fn new_asend(&self, agen: Value<R>, value: Value<R>) -> Value<R> {
        let st = AsendState {
            agen,
            value: Mutex::new(Some(value)),
            state: AtomicU8::new(INIT),
        };
        self.native_value(AsyncType::AsyncGenAsend, st)
    }

    /// The awaitable of `agen.athrow(exc)`, or of `agen.aclose()` when `exc` is None.
    pub fn new_athrow(&self, agen: Value<R>, exc: Option<PyErr<R>>) -> Value<R> {
        let st = AthrowState {
            agen,
            is_close: exc.is_none(),
            exc: Mutex::new(exc),
            state: AtomicU8::new(INIT),
        };
        self.native_value(AsyncType::AsyncGenAthrow, st)
    }

    /// `coroutine.__await__()`.
    pub fn new_coroutine_wrapper(&self, coro: Value<R>) -> Value<R> {
        self.native_value(AsyncType::CoroutineWrapper, WrapperState { coro })
    }

    /// One step of an `asend` awaitable: a value the generator awaits passes through; one it
    /// yields ends the step as StopIteration(value); its end is StopAsyncIteration.
    pub fn asend_step(&mut self, st: &AsendState<R>, how: Resume<R>) -> PyResult<Value<R>, R> {
        let state = st.state.load(Ordering::Acquire);
        if state == CLOSED {
            return Err(PyErr::runtime_error(
                "cannot reuse already awaited __anext__()/asend()",
            ));
        }
        let how = match how {
            Resume::Send(v) if state == INIT && v.is_none() => {
                Resume::Send(st.value.lock().take().unwrap_or(Value::None))
            }
            other => other,
        };
        st.state.store(ITER, Ordering::Release);
        let g = agen_of(&st.agen);
        let step = self.resume_generator_with(g, how);
        self.unwrap_agen_step(g, step, &st.state)
    }

    fn unwrap_agen_step(
        &mut self,
        g: &GeneratorObj<R>,
        step: PyResult<GenStep<R>, R>,
        state: &AtomicU8,
    ) -> PyResult<Value<R>, R> {
        match step {
            Ok(GenStep::Yielded(v)) if suspended_in_await(g) => Ok(v),
            Ok(GenStep::Yielded(v)) => {
                state.store(CLOSED, Ordering::Release);
                Err(self.stop_iteration_always(v))
            }
            Ok(GenStep::Returned(_)) => {
                state.store(CLOSED, Ordering::Release);
                Err(PyErr::new(ExcKind::StopAsyncIteration, ""))
            }
            Err(e) => {
                state.store(CLOSED, Ordering::Release);
                Err(e)
            }
        }
    }

    /// StopIteration carrying `v` even when it is None (an async generator yielded None).
    fn stop_iteration_always(&mut self, v: Value<R>) -> PyErr<R> {
        if v.is_none() {
            let class = self.types().exception(ExcKind::StopIteration).clone();
            if let Value::Obj(o) = self.new_exception_object(&class, vec![Value::None]) {
                return PyErr::Object(o);
            }
        }
        self.stop_iteration_with(v)
    }

    /// One step of an `athrow`/`aclose` awaitable.
    pub fn athrow_step(&mut self, st: &AthrowState<R>, how: Resume<R>) -> PyResult<Value<R>, R> {
        let state = st.state.load(Ordering::Acquire);
        if state == CLOSED {
            return Err(PyErr::runtime_error(
                "cannot reuse already awaited aclose()/athrow()",
            ));
        }
        let g = agen_of(&st.agen);
        if g.frame.lock::<R>().is_none() && !g.running.load(Ordering::Acquire) {
            st.state.store(CLOSED, Ordering::Release);
            return Err(PyErr::stop_iteration());
        }
        let how = if state == INIT {
            if let Resume::Send(v) = &how {
                if !v.is_none() {
                    return Err(PyErr::runtime_error(
                        "can't send non-None value to a just-started coroutine",
                    ));
                }
            }
            st.state.store(ITER, Ordering::Release);
            let exc = st.exc.lock().take();
            Resume::Throw(exc.unwrap_or_else(|| PyErr::new(ExcKind::GeneratorExit, "")))
        } else {
            how
        };
        let step = self.resume_generator_with(g, how);
        if !st.is_close {
            return self.unwrap_agen_step(g, step, &st.state);
        }
        match step {
            Ok(GenStep::Yielded(v)) if suspended_in_await(g) => Ok(v),
            Ok(GenStep::Yielded(_)) => {
                st.state.store(CLOSED, Ordering::Release);
                Err(PyErr::runtime_error(
                    "async generator ignored GeneratorExit",
                ))
            }
            Ok(GenStep::Returned(_)) => {
                st.state.store(CLOSED, Ordering::Release);
                Err(PyErr::stop_iteration())
            }
            Err(e) => {
                st.state.store(CLOSED, Ordering::Release);
                match self.err_kind(&e) {
                    Some(ExcKind::StopAsyncIteration | ExcKind::GeneratorExit) => {
                        Err(PyErr::stop_iteration())
                    }
                    _ => Err(e),
                }
            }
        }
    }

    /// `GetAwaitable`: the iterator `await v` delegates to.
    pub(super) fn get_awaitable(&mut self, v: Value<R>, where_: u32) -> PyResult<Value<R>, R> {
        if let Some(ObjKind::Generator(g)) = v.kind() {
            if g.flavor == GenFlavor::Coroutine {
                return Ok(v);
            }
        }
        let class = self.types().class_of(&v).clone();
        let key = self.static_key("__await__");
        let Some(method) = self.lookup_type(&class, &key) else {
            let type_name = self.type_name(&v);
            return Err(PyErr::type_error(match where_ {
                1 => format!(
                    "'async with' received an object from __aenter__ that does not implement __await__: {type_name}"
                ),
                2 => format!(
                    "'async with' received an object from __aexit__ that does not implement __await__: {type_name}"
                ),
                _ => format!("object {type_name} can't be used in 'await' expression"),
            }));
        };
        let bound = self.bind_class_attr(method, &v, &class);
        let it = self.call(&bound, Vec::new(), Vec::new())?;
        match it.kind() {
            Some(ObjKind::Generator(g)) if g.flavor == GenFlavor::Coroutine => {
                Err(PyErr::type_error("__await__() returned a coroutine"))
            }
            Some(ObjKind::Generator(g)) if g.is_plain() => Ok(it),
            _ if self.has_next(&it) => Ok(it),
            _ => Err(PyErr::type_error(format!(
                "__await__() returned non-iterator of type '{}'",
                self.type_name(&it)
            ))),
        }
    }

    fn has_next(&mut self, v: &Value<R>) -> bool {
        if matches!(v.kind(), Some(ObjKind::Iter(_))) {
            return true;
        }
        let class = self.types().class_of(v).clone();
        let key = self.static_key("__next__");
        self.lookup_type(&class, &key).is_some()
    }

    /// `GetAIter`: `v.__aiter__()`, checked to have `__anext__`.
    pub(super) fn get_aiter(&mut self, v: Value<R>) -> PyResult<Value<R>, R> {
        if let Some(ObjKind::Generator(g)) = v.kind() {
            if g.flavor == GenFlavor::AsyncGenerator {
                return Ok(v);
            }
        }
        let Some(it) = self.call_special(&v, "__aiter__", Vec::new())? else {
            return Err(PyErr::type_error(format!(
                "'async for' requires an object with __aiter__ method, got {}",
                self.type_name(&v)
            )));
        };
        let is_agen = matches!(it.kind(), Some(ObjKind::Generator(g)) if g.flavor == GenFlavor::AsyncGenerator);
        if !is_agen {
            let class = self.types().class_of(&it).clone();
            let key = self.static_key("__anext__");
            if self.lookup_type(&class, &key).is_none() {
                return Err(PyErr::type_error(format!(
                    "'async for' received an object from __aiter__ that does not implement __anext__: {}",
                    self.type_name(&it)
                )));
            }
        }
        Ok(it)
    }

    /// `GetANext`: the awaitable of `aiter.__anext__()`.
    pub(super) fn get_anext(&mut self, aiter: &Value<R>) -> PyResult<Value<R>, R> {
        if let Some(ObjKind::Generator(g)) = aiter.kind() {
            if g.flavor == GenFlavor::AsyncGenerator {
                self.agen_init_hooks(aiter)?;
                return Ok(self.new_asend(aiter.clone(), Value::None));
            }
        }
        let Some(next) = self.call_special(aiter, "__anext__", Vec::new())? else {
            return Err(PyErr::type_error(format!(
                "'async for' requires an iterator with __anext__ method, got {}",
                self.type_name(aiter)
            )));
        };
        match self.get_awaitable(next.clone(), 0) {
            Ok(a) => Ok(a),
            Err(e) if self.err_kind(&e) == Some(ExcKind::TypeError) => {
                Err(PyErr::type_error(format!(
                    "'async for' received an invalid object from __anext__: {}",
                    self.type_name(&next)
                )))
            }
            Err(e) => Err(e),
        }
    }

    /// `EndAsyncFor`: ends the loop on StopAsyncIteration, re-raises anything else.
    pub(super) fn end_async_for(&mut self, frame: &mut Frame<R>) -> PyResult<(), R> {
        let exc = frame.stack.pop().unwrap_or(Value::None);
        if self.exception_kind_of(&exc) == Some(ExcKind::StopAsyncIteration) {
            frame.stack.pop();
            if let Some(Block::ExceptHandler { previous }) = frame.blocks.pop() {
                self.handling = previous;
            }
            return Ok(());
        }
        self.reraising = true;
        Err(match exc {
            Value::Obj(o) => PyErr::Object(o),
            _ => PyErr::runtime_error("reraise of a non-exception"),
        })
    }

    /// `BeforeAsyncWith`: (bound `__aexit__`, `__aenter__()`).
    pub(super) fn before_async_with(
        &mut self,
        mgr: &Value<R>,
    ) -> PyResult<(Value<R>, Value<R>), R> {
        let class = self.types().class_of(mgr).clone();
        let enter_key = self.static_key("__aenter__");
        let exit_key = self.static_key("__aexit__");
        let Some(enter) = self.lookup_type(&class, &enter_key) else {
            return Err(PyErr::type_error(format!(
                "'{}' object does not support the asynchronous context manager protocol",
                self.type_name(mgr)
            )));
        };
        let Some(exit) = self.lookup_type(&class, &exit_key) else {
            return Err(PyErr::type_error(format!(
                "'{}' object does not support the asynchronous context manager protocol (missed __aexit__ method)",
                self.type_name(mgr)
            )));
        };
        let exit = self.bind_class_attr(exit, mgr, &class);
        let enter = self.bind_class_attr(enter, mgr, &class);
        let entered = self.call(&enter, Vec::new(), Vec::new())?;
        Ok((exit, entered))
    }

    /// The file and line of the innermost call the eval loop is making (where a coroutine
    /// is created).
    pub fn call_site_origin(&self) -> Option<(std::sync::Arc<str>, u32)> {
        let (code, ip) = self.call_site;
        if code.is_null() {
            return None;
        }
        // SAFETY: `call_site` points at the code of a frame that is still running (the one
        // making this call).
        let code = unsafe { &*code };
        let line = code.positions.line(ip.saturating_sub(1))?;
        Some((code.filename.clone(), line))
    }

    /// The traceback entry of the running frame's current instruction (see `call_site`),
    /// which CPython's unraisable hook shows for an exception that has no traceback of its
    /// own (a generator that ignored GeneratorExit when freed); `None` with no frame running.
    pub(super) fn call_site_entry(&self) -> Option<crate::objects::exception::TraceEntry<R>> {
        let (code, ip) = self.call_site;
        if code.is_null() {
            return None;
        }
        // SAFETY: as in `call_site_origin`.
        let code = unsafe { &*code };
        let i = ip.saturating_sub(1);
        Some(crate::objects::exception::TraceEntry {
            filename: code.filename.clone(),
            name: code.name.clone(),
            line: code.positions.line(i)?,
            span: code.positions.span(i).unwrap_or((0, 0)),
            ip: i as u32,
            frame: None,
        })
    }

    /// Prints CPython's RuntimeWarning for each coroutine dropped before it ever ran (called
    /// at the first switch point after the free, and at exit). CPython warns from the frame
    /// that freed it: here the instruction that made the free (see `free_site`); with no
    /// frame running (at exit) CPython's `sys:1:` line, without the tracemalloc hint. As the
    /// `warnings` module's default action, a warning is shown once per place and text.
    pub fn report_never_awaited(&mut self) {
        let dropped: Vec<_> = crate::objects::iter::NEVER_AWAITED
            .try_with(|q| std::mem::take(&mut *q.borrow_mut()))
            .unwrap_or_default();
        if dropped.is_empty() {
            return;
        }
        let place = self.call_site_origin();
        static SHOWN: std::sync::Mutex<Vec<(String, u32, String)>> =
            std::sync::Mutex::new(Vec::new());
        for name in dropped {
            let key = match &place {
                Some((file, line)) => (file.to_string(), *line, name.to_string()),
                None => ("sys".to_string(), 1, name.to_string()),
            };
            {
                let mut shown = SHOWN.lock().unwrap_or_else(|e| e.into_inner());
                if shown.contains(&key) {
                    continue;
                }
                shown.push(key);
            }
            let text = match &place {
                Some((file, line)) => {
                    let mut t = format!(
                        "{file}:{line}: RuntimeWarning: coroutine '{name}' was never awaited\n"
                    );
                    if let Some(src) = super::traceback::source_line(self, file, *line) {
                        t.push_str(&format!("  {src}\n"));
                    }
                    t.push_str(
                        "RuntimeWarning: Enable tracemalloc to get the object allocation \
                         traceback\n",
                    );
                    t
                }
                None => format!("sys:1: RuntimeWarning: coroutine '{name}' was never awaited\n"),
            };
            super::io::write_stderr(&text);
        }
    }
}

/// Where finalizers run at the instruction at `ip - 1` report themselves (the value for
/// `call_site`): the last instruction before it that could have dropped a reference, skipping
/// the loads that only push (`c = None` then `return 5` frees at the store, not the load).
pub(super) fn free_site(ops: &[crate::bytecode::Op], ip: usize) -> usize {
    use crate::bytecode::Op;
    let mut i = ip.saturating_sub(1);
    while i > 1
        && matches!(
            ops[i - 1],
            Op::LoadConst(_)
                | Op::LoadFast(_)
                | Op::LoadDeref(_)
                | Op::LoadClosure(_)
                | Op::LoadGlobal(_)
                | Op::LoadName(_)
                | Op::LoadFastLoadFast(_)
                | Op::LoadFastLoadConst(_)
                | Op::Nop
        )
    {
        i -= 1;
    }
    i
}
