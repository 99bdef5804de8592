//! Calling things: Python functions (argument binding, frames, generators), native functions,
//! bound methods, classes (instance creation and `__init__`), and callable instances. Also
//! function and class creation (MakeFunction, MakeClass).

use super::cache::{class_dict_entry, find_along_mro, InitEntry};
use super::frame::{CodeRef, Frame};
use super::Vm;
use crate::objects::class::{ClassObj, Layout};
use crate::objects::exception::{ExcKind, ExcState, ExceptionObj, PyErr, PyResult};
use crate::objects::{
    Args, DictKey, DictMap, FunctionObj, InstanceObj, ObjCell, ObjKind, ObjRef, Value,
};
use crate::vm::Runtime;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// Keyword arguments: (name as a str value, value).
pub type KwArgs<R> = Vec<(Value<R>, Value<R>)>;

/// The most finished frames `Vm::frame_pool` keeps for the next calls (the pool is made with
/// room for this many).
pub(super) const FRAME_POOL_SIZE: usize = 64;

impl<R: Runtime> Vm<R> {
    /// Calls any callable.
    pub fn call(
        &mut self,
        func: &Value<R>,
        mut args: Vec<Value<R>>,
        kwargs: KwArgs<R>,
    ) -> PyResult<Value<R>, R> {
        let Value::Obj(obj) = func else {
            return Err(not_callable(self, func));
        };
        match obj.kind() {
            ObjKind::Function(f) if f.code.flags.generator => {
                self.call_generator_function(obj, f, args, kwargs)
            }
            ObjKind::Function(f) => self.call_function(f, args, kwargs),
            ObjKind::Builtin(b) => {
                if let Some(r) = &b.receiver {
                    args.insert(0, r.clone());
                }
                (b.func)(
                    self,
                    Args {
                        pos: args,
                        kw: kwargs,
                    },
                )
            }
            ObjKind::BoundMethod { func, receiver } => {
                args.insert(0, receiver.clone());
                let func = func.clone();
                self.call(&func, args, kwargs)
            }
            ObjKind::Class(c) => match &c.metaclass {
                Some(meta) => self.call_class_via_metaclass(obj, meta, args, kwargs),
                None => self.construct(obj, c, args, kwargs),
            },
            ObjKind::Instance(_) | ObjKind::Native(_) | ObjKind::Exception(_) => {
                match self.load_method(func, &self.static_key("__call__"))? {
                    Some(m) => {
                        args.insert(0, func.clone());
                        self.call(&m, args, kwargs)
                    }
                    None => Err(not_callable(self, func)),
                }
            }
            ObjKind::StaticMethod(f) => {
                let f = f.clone();
                self.call(&f, args, kwargs)
            }
            _ => Err(not_callable(self, func)),
        }
    }

    /// Calls a method of `obj` by name if its class has one; `None` if not.
    pub fn call_special(
        &mut self,
        obj: &Value<R>,
        name: &'static str,
        mut args: Vec<Value<R>>,
    ) -> PyResult<Option<Value<R>>, R> {
        let key = self.static_key(name);
        let class = self.types().class_of(obj).clone();
        let Some(f) = self.lookup_type(&class, &key) else {
            return Ok(None);
        };
        match f.kind() {
            Some(ObjKind::Function(_)) => {
                args.insert(0, obj.clone());
                self.call(&f, args, Vec::new()).map(Some)
            }
            Some(ObjKind::Builtin(_)) => {
                args.insert(0, self.builtin_base(obj).unwrap_or_else(|| obj.clone()));
                self.call(&f, args, Vec::new()).map(Some)
            }
            _ => {
                let bound = self.bind_class_attr(f, obj, &class);
                self.call(&bound, args, Vec::new()).map(Some)
            }
        }
    }

    /// Puts a call's arguments into the locals of `f`'s new frame (at once when they are
    /// exactly its positional parameters, else through the full binding) and makes its cells.
    pub(super) fn fill_frame(
        &mut self,
        f: &FunctionObj<R>,
        frame: &mut Frame<R>,
        args: Vec<Value<R>>,
        kwargs: KwArgs<R>,
    ) -> PyResult<(), R> {
        let code = &f.code;
        let simple = kwargs.is_empty()
            && args.len() == code.argcount as usize
            && code.kwonly_count == 0
            && !code.flags.varargs
            && !code.flags.varkw;
        if simple {
            for (slot, v) in frame.locals.iter_mut().zip(args) {
                *slot = Some(v);
            }
        } else {
            self.bind_arguments(f, frame, args, kwargs)?;
        }
        self.setup_cells(frame, &f.closure);
        Ok(())
    }

    /// Calls a Python function that is not a generator function: binds the arguments into a
    /// new frame and runs it.
    pub fn call_function(
        &mut self,
        f: &FunctionObj<R>,
        args: Vec<Value<R>>,
        kwargs: KwArgs<R>,
    ) -> PyResult<Value<R>, R> {
        let code = &f.code;
        let mut frame = self.new_frame(CodeRef::new(code.clone(), f.globals.clone()));
        self.fill_frame(f, &mut frame, args, kwargs)?;
        self.enter_call()?;
        let result = self.run_frame_plain(&mut frame);
        self.depth -= 1;
        self.recycle_frame(frame);
        result
    }

    /// The eval loop's call path: the function at `func_at` on the caller's stack and the
    /// arguments after it move (no copies, no count changes) into a new frame, which the eval
    /// loop then runs in place of the caller; parameters left without an argument take their
    /// defaults. The caller must have checked that the function `takes_positional` the
    /// arguments there.
    #[inline(always)]
    pub(super) fn push_call(
        &mut self,
        caller: &mut Frame<R>,
        func_at: usize,
    ) -> PyResult<Box<Frame<R>>, R> {
        let Some(ObjKind::Function(f)) = caller.stack[func_at].kind() else {
            unreachable!("push_call is only made for Python functions")
        };
        let f: *const FunctionObj<R> = &**f;
        // SAFETY: `f` is the function at `func_at`, as `push_call_of` asks.
        unsafe { self.push_call_of(caller, func_at, f) }
    }

    /// [`Vm::push_call`] for a caller that has already found the function object (the eval
    /// loop's `Call` and `CallMethod`, which tested `takes_positional` on it): pooling a frame
    /// writes memory the compiler cannot tell apart from the caller's stack, so finding it
    /// again after that would read the value and its kind once more on every call.
    ///
    /// # Safety
    /// `f` points at the `FunctionObj` of the Python function at `func_at` on the caller's
    /// stack (which keeps it alive until the frame owns it).
    #[inline(always)]
    pub(super) unsafe fn push_call_of(
        &mut self,
        caller: &mut Frame<R>,
        func_at: usize,
        f: *const FunctionObj<R>,
    ) -> PyResult<Box<Frame<R>>, R> {
        if self.depth + 1 >= self.interp.recursion_limit() {
            return Err(PyErr::new(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded",
            ));
        }
        self.depth += 1;
        let mut frame = self.pooled_frame();
        let given = caller.stack.len() - func_at - 1;
        // SAFETY: the caller's stack holds the function, so `f` is alive; after the entry
        // below the frame holds it.
        let f: &FunctionObj<R> = unsafe { &*f };
        // What the entry needs, read from the function (worked out when it was made).
        let (slots, complete_from) = (f.slots as usize, f.complete_from as usize);
        // SAFETY: `func_at` and the `given` arguments after it are initialized stack values;
        // each is read once (moved: the function into the frame's `CodeRef`, the arguments
        // into its locals) and the stack stops counting them at `set_len`, with nothing that
        // can panic in between (`takes_positional` checked `given` against the slots).
        unsafe {
            let at = caller.stack.as_ptr().add(func_at);
            frame.enter_function(at.read(), f, slots, at.add(1), given);
            caller.stack.set_len(func_at);
        }
        if given < complete_from {
            self.finish_entry(&mut frame, given);
        }
        Ok(frame)
    }

    /// [`Vm::push_call`] out of line, for the eval loop's rarer calls (callable instances,
    /// `super().method(...)`), which would otherwise each carry a copy of it.
    #[inline(never)]
    pub(super) fn push_call_outlined(
        &mut self,
        caller: &mut Frame<R>,
        func_at: usize,
    ) -> PyResult<Box<Frame<R>>, R> {
        self.push_call(caller, func_at)
    }

    /// The rarer parts of entering a call in the loop: defaults for the parameters the call
    /// left out, and the frame's cells.
    #[inline(never)]
    fn finish_entry(&mut self, frame: &mut Frame<R>, given: usize) {
        let Some(ObjKind::Function(f)) = frame.code.function().and_then(|f| f.kind()) else {
            unreachable!("a call's frame runs a Python function")
        };
        let (argc, cells) = ((f.pos_min + f.pos_spread) as usize, f.has_cells);
        let first_default = argc - f.defaults.len();
        for i in given..argc {
            frame.locals[i] = Some(f.defaults[i - first_default].clone());
        }
        if cells {
            let closure: *const [Value<R>] = &*f.closure;
            // SAFETY: the frame owns the function, which owns the closure; `setup_cells`
            // changes only the frame's locals, never its function.
            self.setup_cells(frame, unsafe { &*closure });
        }
    }

    /// For `Class(n arguments)` in the eval loop: the class's `__init__`, when the call can
    /// run it as a frame of the loop — a user class without a `__new__` of its own, whose
    /// `__init__` is a Python function binding the instance and the arguments one-to-one.
    pub(super) fn inline_init(&mut self, class: &ObjRef<R>, n: usize) -> Option<Value<R>> {
        let init = self.loop_init(class)?;
        match init.kind() {
            Some(ObjKind::Function(f)) if f.takes_positional(n + 1) => Some(init),
            _ => None,
        }
    }

    /// A class's `__init__` when a call of the class may run it as a frame of the loop (a
    /// user class without a `__new__` of its own or a metaclass, whose `__init__` is a
    /// Python function); the caller checks that it binds the call's arguments.
    pub(super) fn loop_init(&mut self, class: &ObjRef<R>) -> Option<Value<R>> {
        let version = self.interp.class_version.load(Ordering::Acquire);
        // The same class as last time, no class changed since: the same answer.
        if let Some(e) = &self.init_cache {
            if e.class == class.addr() && e.version == version {
                if let Some(init) = e.kept_init() {
                    return Some(init);
                }
                if let Some(init) = class_dict_entry(class, e.depth, e.index, &e.key) {
                    return Some(init);
                }
            }
        }
        let init = self.find_loop_init(class)?;
        let key = self.static_key("__init__");
        if let Some((depth, index)) = find_along_mro(class, &key) {
            self.init_cache = Some(InitEntry {
                class: class.addr(),
                version,
                depth: depth as u32,
                index: index as u32,
                key,
                init: InitEntry::init_of(&init),
            });
        }
        Some(init)
    }

    /// `loop_init` without its cache.
    fn find_loop_init(&mut self, class: &ObjRef<R>) -> Option<Value<R>> {
        let ObjKind::Class(c) = class.kind() else {
            return None;
        };
        // An abstract class is refused by `construct`.
        if c.layout != Layout::Object || c.abstract_flag() {
            return None;
        }
        // A metaclass may define `__call__`: such classes are called through it (as
        // `call_class_via_metaclass` does); others (ABCMeta's) construct as usual.
        if let Some(meta) = &c.metaclass {
            let call_key = self.static_key("__call__");
            let own_call = self
                .lookup_type(meta, &call_key)
                .is_some_and(|f| matches!(f.kind(), Some(ObjKind::Function(_))));
            if own_call {
                return None;
            }
        }
        let new_key = self.static_key("__new__");
        let user_new = self
            .lookup_type(class, &new_key)
            .is_some_and(|f| !matches!(f.kind(), Some(ObjKind::Builtin(_))));
        if user_new {
            return None;
        }
        let init_key = self.static_key("__init__");
        let init = self.lookup_type(class, &init_key)?;
        matches!(init.kind(), Some(ObjKind::Function(_))).then_some(init)
    }

    /// A cleared frame from the pool (or a new one).
    #[inline]
    pub(super) fn pooled_frame(&mut self) -> Box<Frame<R>> {
        match self.frame_pool.pop() {
            Some(frame) => frame,
            None => Box::new(Frame::empty()),
        }
    }

    /// A frame ready to run `code`, reusing the vectors of a finished one when there is one.
    pub fn new_frame(&mut self, code: CodeRef<R>) -> Box<Frame<R>> {
        let mut frame = self.pooled_frame();
        frame.reset(code);
        frame
    }

    /// Returns a finished frame to the pool (its values are dropped here).
    #[inline(always)]
    pub fn recycle_frame(&mut self, mut frame: Box<Frame<R>>) {
        frame.clear();
        self.pool_frame(frame);
    }

    /// [`Vm::recycle_frame`] for the eval loop's plain return (`Frame::clear_call`).
    #[inline(always)]
    pub(super) fn recycle_call_frame(&mut self, mut frame: Box<Frame<R>>) {
        frame.clear_call();
        self.pool_frame(frame);
    }

    #[inline(always)]
    fn pool_frame(&mut self, frame: Box<Frame<R>>) {
        let n = self.frame_pool.len();
        if n < FRAME_POOL_SIZE {
            // SAFETY: the pool is made with room for `FRAME_POOL_SIZE` frames and never
            // shrinks (it is only pushed here and popped), so there is room at `n`; written
            // without `push`'s capacity test, on every return.
            debug_assert!(self.frame_pool.capacity() >= FRAME_POOL_SIZE);
            unsafe {
                self.frame_pool.as_mut_ptr().add(n).write(frame);
                self.frame_pool.set_len(n + 1);
            }
        }
    }

    /// Counts a Python call against the recursion limit.
    pub fn enter_call(&mut self) -> PyResult<(), R> {
        if self.depth + 1 >= self.interp.recursion_limit() || self.stack_exhausted() {
            return Err(PyErr::new(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded",
            ));
        }
        self.depth += 1;
        Ok(())
    }

    /// Makes the cells of a new frame and puts the closure's cells after them.
    pub(super) fn setup_cells(&mut self, frame: &mut Frame<R>, closure: &[Value<R>]) {
        // SAFETY: the frame keeps its code while this runs (only its locals change).
        let code = unsafe { frame.code.detached() };
        let nvars = code.varnames.len();
        for (i, arg) in code.cell_args.iter().enumerate() {
            let initial = match arg {
                Some(slot) => frame.locals[*slot as usize].take(),
                None => None,
            };
            frame.locals[nvars + i] = Some(Value::new_obj(ObjKind::Cell(ObjCell::new(initial))));
        }
        let base = nvars + code.cellvars.len();
        for (i, cell) in closure.iter().enumerate() {
            frame.locals[base + i] = Some(cell.clone());
        }
    }

    /// CPython's argument binding, with its error messages.
    pub(super) fn bind_arguments(
        &mut self,
        f: &FunctionObj<R>,
        frame: &mut Frame<R>,
        args: Vec<Value<R>>,
        kwargs: KwArgs<R>,
    ) -> PyResult<(), R> {
        let code = f.code.clone();
        let name = f.qualname();
        let argcount = code.argcount as usize;
        let kwonly = code.kwonly_count as usize;
        let npos = args.len();
        let mut extra = Vec::new();
        for (i, v) in args.into_iter().enumerate() {
            if i < argcount {
                frame.locals[i] = Some(v);
            } else {
                extra.push(v);
            }
        }
        if !extra.is_empty() && !code.flags.varargs {
            let ndefaults = f.defaults.len();
            let given_kw = kwargs
                .iter()
                .filter(|(k, _)| {
                    code.varnames[..argcount + kwonly]
                        .iter()
                        .any(|v| Some(&**v) == k.as_str())
                })
                .count();
            let takes = if ndefaults > 0 {
                format!(
                    "from {} to {} positional arguments",
                    argcount - ndefaults,
                    argcount
                )
            } else {
                format!(
                    "{} positional argument{}",
                    argcount,
                    if argcount == 1 { "" } else { "s" }
                )
            };
            let given = if given_kw > 0 {
                format!(
                    "{npos} positional argument{} (and {given_kw} keyword-only argument{}) were given",
                    if npos == 1 { "" } else { "s" },
                    if given_kw == 1 { "" } else { "s" }
                )
            } else {
                format!("{npos} {} given", if npos == 1 { "was" } else { "were" })
            };
            return Err(PyErr::type_error(format!(
                "{name}() takes {takes} but {given}"
            )));
        }
        let mut next_slot = argcount + kwonly;
        if code.flags.varargs {
            frame.locals[next_slot] = Some(self.new_tuple(extra));
            next_slot += 1;
        }
        let mut varkw = if code.flags.varkw {
            Some(DictMap::default())
        } else {
            None
        };
        let posonly = code.posonly_count as usize;
        for (k, v) in kwargs {
            let kname = k.as_str().unwrap_or("");
            let slot = code.varnames[..argcount + kwonly]
                .iter()
                .position(|n| &**n == kname);
            match slot {
                Some(i) if i >= posonly => {
                    if frame.locals[i].is_some() {
                        return Err(PyErr::type_error(format!(
                            "{name}() got multiple values for argument '{kname}'"
                        )));
                    }
                    frame.locals[i] = Some(v);
                }
                _ => match &mut varkw {
                    Some(d) => {
                        let key = self.make_key(k)?;
                        d.insert(key, v);
                    }
                    None => {
                        let msg = match slot {
                            Some(_) => format!(
                                "{name}() got some positional-only arguments passed as keyword arguments: '{kname}'"
                            ),
                            None => format!("{name}() got an unexpected keyword argument '{kname}'"),
                        };
                        return Err(PyErr::type_error(msg));
                    }
                },
            }
        }
        if let Some(d) = varkw {
            frame.locals[next_slot] = Some(self.new_dict(d));
        }
        // Defaults for missing positional parameters.
        let ndefaults = f.defaults.len();
        let first_default = argcount - ndefaults;
        let mut missing = Vec::new();
        for i in 0..argcount {
            if frame.locals[i].is_none() {
                if i >= first_default {
                    frame.locals[i] = Some(f.defaults[i - first_default].clone());
                } else {
                    missing.push(code.varnames[i].to_string());
                }
            }
        }
        if !missing.is_empty() {
            return Err(missing_error(name, "positional", &missing));
        }
        for i in argcount..argcount + kwonly {
            if frame.locals[i].is_none() {
                let pname = &code.varnames[i];
                match f.kwdefaults.iter().find(|(n, _)| n == pname) {
                    Some((_, v)) => frame.locals[i] = Some(v.clone()),
                    None => missing.push(pname.to_string()),
                }
            }
        }
        if !missing.is_empty() {
            return Err(missing_error(name, "keyword-only", &missing));
        }
        Ok(())
    }

    /// MakeFunction: code on top, then closure, kw-defaults and defaults below it.
    pub(super) fn make_function(
        &mut self,
        frame: &mut Frame<R>,
        flags: u32,
    ) -> PyResult<Value<R>, R> {
        let pop = |frame: &mut Frame<R>| frame.stack.pop().unwrap_or(Value::None);
        let code = pop(frame);
        // The cells were pushed one by one (no tuple): moved off the stack as they are.
        let closure: Box<[Value<R>]> = if flags & 4 != 0 {
            let n = (flags >> 8) as usize;
            let from = frame.stack.len().saturating_sub(n);
            frame.stack.take_vec(from).into_boxed_slice()
        } else {
            Box::default()
        };
        let kwdefaults = if flags & 2 != 0 {
            let d = pop(frame);
            match d.kind() {
                Some(ObjKind::Dict(m)) => m
                    .lock::<R>()
                    .iter()
                    .map(|(k, v)| (Arc::from(k.value.as_str().unwrap_or("")), v.clone()))
                    .collect(),
                _ => Vec::new(),
            }
        } else {
            Vec::new()
        };
        let defaults = if flags & 1 != 0 {
            tuple_items(&pop(frame))
        } else {
            Vec::new()
        };
        let Some(ObjKind::Code(code)) = code.kind() else {
            return Err(PyErr::new(
                ExcKind::SystemError,
                "MakeFunction without a code object",
            ));
        };
        let module = self.module_name(frame.globals());
        let (pos_min, pos_spread) = FunctionObj::positional_bounds(code, defaults.len());
        let has_cells = !code.cellvars.is_empty() || !code.freevars.is_empty();
        // Allocated first and written in place: a `FunctionObj` built and then boxed is
        // copied into its allocation (a `memcpy` of the whole object on every `def`, lambda
        // and comprehension).
        let mut f = Box::<FunctionObj<R>>::new_uninit();
        f.write(FunctionObj {
            code: code.clone(),
            globals: frame.globals().clone(),
            defaults: defaults.into_boxed_slice(),
            kwdefaults,
            closure,
            module,
            attrs: ObjCell::new(None),
            pos_min,
            pos_spread,
            slots: code.frame_size() as u32,
            has_cells,
            complete_from: if has_cells {
                u32::MAX
            } else {
                pos_min.saturating_add(pos_spread)
            },
        });
        // SAFETY: written whole just above.
        let f = unsafe { f.assume_init() };
        Ok(Value::new_obj(ObjKind::Function(f)))
    }

    /// `globals["__name__"]` (None when missing), for a new function's `__module__`. A module
    /// dict gets `__name__` first, so the entry at position 0 is tried before the lookup: a
    /// str key equal to `__name__` there is the entry the lookup would find.
    #[inline]
    fn module_name(&self, globals: &ObjRef<R>) -> Value<R> {
        if let ObjKind::Dict(m) = globals.kind() {
            let d = m.lock::<R>();
            if let Some((k, v)) = d.get_index(0) {
                if let Some(ObjKind::Str(s)) = k.value.kind() {
                    if s.as_str() == "__name__" {
                        return v.clone();
                    }
                }
            }
        }
        super::eval::dict_get(globals, &self.static_key("__name__")).unwrap_or(Value::None)
    }

    /// MakeClass: runs the body and builds the class (see `metaclass.rs`).
    pub(super) fn make_class(
        &mut self,
        body: Value<R>,
        name: Value<R>,
        bases: Vec<Value<R>>,
        keywords: Option<Value<R>>,
    ) -> PyResult<Value<R>, R> {
        self.build_class(body, name, bases, keywords)
    }

    /// Calling a class: makes the instance and runs `__init__`.
    pub(super) fn construct(
        &mut self,
        class: &ObjRef<R>,
        c: &ClassObj<R>,
        args: Vec<Value<R>>,
        kwargs: KwArgs<R>,
    ) -> PyResult<Value<R>, R> {
        let new_key = self.static_key("__new__");
        if c.layout == Layout::Builtin {
            // Built-in types construct through their native `__new__(cls, *args)`.
            return match self.lookup_type(class, &new_key) {
                Some(f) => {
                    let mut all = Vec::with_capacity(args.len() + 1);
                    all.push(Value::Obj(class.clone()));
                    all.extend(args.iter().cloned());
                    let f = match f.kind() {
                        Some(ObjKind::StaticMethod(inner)) => inner.clone(),
                        _ => f,
                    };
                    let made = self.call(&f, all, kwargs.clone())?;
                    self.init_builtin_subclass(class, &made, args, kwargs)?;
                    Ok(made)
                }
                None => Err(PyErr::type_error(format!(
                    "cannot create '{}' instances",
                    c.name
                ))),
            };
        }
        // A user-defined __new__ (a static method taking the class).
        let user_new = self
            .lookup_type(class, &new_key)
            .filter(|f| !matches!(f.kind(), Some(ObjKind::Builtin(_))));
        let instance = match user_new {
            Some(new) => {
                let new = match new.kind() {
                    Some(ObjKind::StaticMethod(f)) => f.clone(),
                    _ => new,
                };
                let mut all = vec![Value::Obj(class.clone())];
                all.extend(args.iter().cloned());
                let inst = self.call(&new, all, kwargs.clone())?;
                if !self.isinstance_class(&inst, class) {
                    return Ok(inst);
                }
                inst
            }
            None => {
                self.refuse_abstract(c)?;
                self.new_instance(class, c, &args)
            }
        };
        let init_key = self.static_key("__init__");
        // object.__init__ takes no arguments (unless the class defines its own __new__).
        let object = self.types().object.clone();
        let object_init = self.lookup_type(&object, &init_key);
        let init = self
            .lookup_type(class, &init_key)
            .filter(|f| !object_init.as_ref().is_some_and(|o| o.is(f)));
        if let Some(init) = init {
            let r = match init.kind() {
                Some(ObjKind::Function(f))
                    if f.takes_exactly(args.len() + 1) && kwargs.is_empty() =>
                {
                    let mut all = args;
                    all.insert(0, instance.clone());
                    self.call_function(f, all, kwargs)?
                }
                _ => {
                    let mut all = Vec::with_capacity(args.len() + 1);
                    all.push(instance.clone());
                    all.extend(args);
                    self.call(&init, all, kwargs)?
                }
            };
            if !r.is_none() {
                return Err(PyErr::type_error(format!(
                    "__init__() should return None, not '{}'",
                    self.type_name(&r)
                )));
            }
        } else if !args.is_empty() || !kwargs.is_empty() {
            let has_new = self
                .lookup_type(class, &new_key)
                .is_some_and(|f| !matches!(f.kind(), Some(ObjKind::Builtin(_))));

            if c.layout == Layout::Object && !has_new {
                return Err(PyErr::type_error(format!(
                    "{}() takes no arguments",
                    c.name
                )));
            }
        }
        Ok(instance)
    }

    /// A fresh instance of a user class (or exception class) before `__init__`.
    pub fn new_instance(
        &mut self,
        class: &ObjRef<R>,
        c: &ClassObj<R>,
        args: &[Value<R>],
    ) -> Value<R> {
        match c.layout {
            Layout::Exception => self.new_exception_object(class, args.to_vec()),
            // Room for a few attributes up front: most instances get them in __init__.
            _ => Value::new_obj(ObjKind::Instance(InstanceObj::new(class.clone(), 4))),
        }
    }

    /// An exception object of `class` with `args`.
    pub fn new_exception_object(&mut self, class: &ObjRef<R>, args: Vec<Value<R>>) -> Value<R> {
        let args = self.new_tuple(args);
        Value::new_obj(ObjKind::Exception(Box::new(ExceptionObj {
            class: class.clone(),
            state: ObjCell::new(ExcState {
                args,
                dict: DictMap::default(),
                traceback: Vec::new(),
                traceback_object: Value::None,
                cause: Value::None,
                context: Value::None,
                suppress_context: false,
            }),
        })))
    }

    /// Turns a `**mapping` into keyword arguments (keys must be str).
    pub(super) fn kwargs_from_mapping(
        &mut self,
        d: &Value<R>,
        func: &Value<R>,
    ) -> PyResult<KwArgs<R>, R> {
        match d.kind() {
            Some(ObjKind::Dict(m)) => {
                let items: Vec<(DictKey<R>, Value<R>)> = m
                    .lock::<R>()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                let mut out = Vec::with_capacity(items.len());
                for (k, v) in items {
                    if k.value.as_str().is_none() {
                        return Err(PyErr::type_error("keywords must be strings"));
                    }
                    out.push((k.value, v));
                }
                Ok(out)
            }
            _ => Err(PyErr::type_error(format!(
                "{}() argument after ** must be a mapping, not {}",
                self.callable_name(func),
                self.type_name(d)
            ))),
        }
    }

    /// Keyword arguments stored for a later call (a thread's or process's `kwargs`): None
    /// means none, else as `**kwargs`.
    pub fn kwargs_or_none(&mut self, d: &Value<R>, func: &Value<R>) -> PyResult<KwArgs<R>, R> {
        if d.is_none() {
            Ok(Vec::new())
        } else {
            self.kwargs_from_mapping(d, func)
        }
    }

    /// `with`: calls `__enter__`, returns (bound `__exit__`, result of `__enter__`).
    pub(super) fn enter_context(&mut self, mgr: &Value<R>) -> PyResult<(Value<R>, Value<R>), R> {
        let class = self.types().class_of(mgr).clone();
        let enter = class_lookup(&class, &self.static_key("__enter__"));
        let exit = class_lookup(&class, &self.static_key("__exit__"));
        let (Some(enter), Some(exit)) = (enter, exit) else {
            return Err(PyErr::type_error(format!(
                "'{}' object does not support the context manager protocol",
                self.type_name(mgr)
            )));
        };
        let exit = self.bind_class_attr(exit, mgr, &class);
        let enter = self.bind_class_attr(enter, mgr, &class);
        let entered = self.call(&enter, Vec::new(), Vec::new())?;
        Ok((exit, entered))
    }

    /// A name for a callable in error messages.
    pub fn callable_name(&self, f: &Value<R>) -> String {
        match f.kind() {
            Some(ObjKind::Function(f)) => f.qualname().to_string(),
            Some(ObjKind::Builtin(b)) => b.name.to_string(),
            Some(ObjKind::Class(c)) => c.name.clone(),
            _ => self.type_name(f),
        }
    }
}

/// Looks a name up on a class and its MRO.
pub fn class_lookup<R: Runtime>(class: &ObjRef<R>, key: &DictKey<R>) -> Option<Value<R>> {
    match class.kind() {
        ObjKind::Class(c) => c.lookup(key),
        _ => None,
    }
}

fn tuple_items<R: Runtime>(v: &Value<R>) -> Vec<Value<R>> {
    match v.kind() {
        Some(ObjKind::Tuple(t)) => t.to_vec(),
        _ => Vec::new(),
    }
}

fn not_callable<R: Runtime>(vm: &Vm<R>, v: &Value<R>) -> PyErr<R> {
    PyErr::type_error(format!("'{}' object is not callable", vm.type_name(v)))
}

fn missing_error<R: Runtime>(fname: &str, what: &str, names: &[String]) -> PyErr<R> {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    let list = match quoted.len() {
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    };
    PyErr::type_error(format!(
        "{fname}() missing {} required {what} argument{}: {list}",
        names.len(),
        if names.len() == 1 { "" } else { "s" }
    ))
}
