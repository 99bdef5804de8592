//! Frame objects (`types.FrameType`): what a program sees of a frame when it asks for one
//! (`sys._getframe`, a traceback's `tb_frame`, a generator's `gi_frame`). The eval loop's
//! frames are not Python objects, and nothing is paid on calls for frame objects: one is
//! made only when asked for, as a handle naming the frame (its `Frame::handle` slot holds it,
//! so asking again gives the same object). While the frame runs, the handle reads its line
//! and variables from it; when the frame returns (or is dropped), `Frame::detach_handle`
//! leaves in the handle what it knew — code, globals, last line, its variables — so a frame
//! object kept after its function returned still answers. A return pays for this only when a
//! handle exists: one test of the slot.
//!
//! Only the thread running a frame reads it through its handle; another thread holding the
//! object sees what the handle knew when it was made. Frames of traceback entries that have
//! returned are handles made detached, from the entry. The attributes and methods are
//! `builtins/frame.rs`'s.

use super::frame::Frame;
use super::Vm;
use crate::bytecode::{Code, Op};
use crate::objects::exception::{PyErr, PyResult, TraceEntry};
use crate::objects::{
    DictKey, DictMap, GeneratorObj, NativeObj, ObjCell, ObjKind, ObjRef, StrObj, Value,
};
use crate::vm::Runtime;
use parking_lot::Mutex;
use std::cell::UnsafeCell;
use std::sync::Arc;

/// A frame object.
pub struct FrameObject<R: Runtime> {
    /// The code object (`f_code`).
    pub code: Value<R>,
    pub globals: ObjRef<R>,
    state: Mutex<HandleState<R>>,
    /// `f_trace`: None unless a program sets it.
    pub trace: Mutex<Value<R>>,
}

struct HandleState<R: Runtime> {
    /// The running frame, or null once it has returned.
    live: *const Frame<R>,
    /// The thread running it (the only one that reads `live`).
    thread: u64,
    /// The line and instruction it was at when last seen.
    line: u32,
    lasti: i64,
    /// The caller's frame object once known, else None.
    back: Value<R>,
    /// For a traceback's entry whose frame returned, the caller's entry, whose frame object
    /// is made when `f_back` is asked for.
    back_entry: Option<TracebackLink<R>>,
    /// A returned frame's variables (its local slots, cells as cells).
    slots: Vec<Option<Value<R>>>,
    /// A module's or class body's namespace (`f_locals` itself).
    namespace: Option<ObjRef<R>>,
    /// The dict `f_locals` gives for a function's frame, refilled each time it is asked for.
    locals: Option<ObjRef<R>>,
}

// SAFETY: `live` is dereferenced only by the thread `thread` (checked at each use), while the
// frame it points at runs or is suspended: the frame clears it (`detach`) before it goes away.
unsafe impl<R: Runtime> Send for HandleState<R> {}
unsafe impl<R: Runtime> Sync for HandleState<R> {}

/// A frame's slot for its frame object (see the module comment).
pub struct HandleSlot<R: Runtime>(UnsafeCell<Option<ObjRef<R>>>);

// SAFETY: only the thread running (or suspending) the frame touches its slot: the frame's
// own eval loop when it returns, and native code that loop called.
unsafe impl<R: Runtime> Send for HandleSlot<R> {}
unsafe impl<R: Runtime> Sync for HandleSlot<R> {}

impl<R: Runtime> Default for HandleSlot<R> {
    fn default() -> Self {
        HandleSlot(UnsafeCell::new(None))
    }
}

impl<R: Runtime> HandleSlot<R> {
    #[inline(always)]
    pub fn is_set(&self) -> bool {
        // SAFETY: see the type's Sync; no reference into the slot outlives a method.
        unsafe { (*self.0.get()).is_some() }
    }

    fn get(&self) -> Option<ObjRef<R>> {
        // SAFETY: as in `is_set`.
        unsafe { (*self.0.get()).clone() }
    }

    fn set(&self, handle: ObjRef<R>) {
        // SAFETY: as in `is_set`; the old value is dropped after the slot is written.
        let old = unsafe { (*self.0.get()).replace(handle) };
        drop(old);
    }

    fn take(&self) -> Option<ObjRef<R>> {
        // SAFETY: as in `is_set`.
        unsafe { (*self.0.get()).take() }
    }
}

impl<R: Runtime> Frame<R> {
    /// The frame is being left by an exception: its frame object keeps the line that raised
    /// (a return keeps its `return`'s).
    #[inline(always)]
    pub fn leave_raising(&mut self) {
        if self.handle.is_set() {
            self.detach_handle(false);
        }
    }

    /// Leaves in the frame's frame object what it knows of the frame, which is returning
    /// (`returned`) or going away otherwise; only called when `handle.is_set()`.
    #[cold]
    #[inline(never)]
    pub fn detach_handle(&mut self, returned: bool) {
        let Some(handle) = self.handle.take() else {
            return;
        };
        if let Some(object) = frame_object_data(&Value::Obj(handle.clone())) {
            let pos = if returned {
                return_position(self)
            } else {
                self.ip
            };
            let mut st = object.state.lock();
            st.live = std::ptr::null();
            st.line = self.line_at(pos);
            st.lasti = lasti(pos);
            st.slots = self.locals.clone();
            st.namespace = self.namespace.clone();
        }
        drop(handle);
    }
}

/// Where a frame returning normally stopped: its saved position is its last call's, so the
/// `return` is the next ReturnValue from there.
fn return_position<R: Runtime>(frame: &Frame<R>) -> usize {
    let ops = &frame.code.ops;
    let from = frame.ip.min(ops.len());
    ops[from..]
        .iter()
        .position(|op| matches!(op, Op::ReturnValue))
        .map_or(frame.ip, |i| from + i + 1)
}

/// `f_lasti` at position `pos`: the offset of the last instruction run (two bytes each, as
/// CPython counts), -1 before the first.
fn lasti(pos: usize) -> i64 {
    (2 * pos as i64 - 2).max(-1)
}

/// The frame object behind `v`, if it is one.
pub fn frame_object_data<R: Runtime>(v: &Value<R>) -> Option<&FrameObject<R>> {
    match v.kind() {
        Some(ObjKind::Native(n)) => n.data.downcast_ref::<FrameObject<R>>(),
        _ => None,
    }
}

impl<R: Runtime> Vm<R> {
    /// `sys._getframe(depth)`: the frame object of the running Python frame `depth` calls out
    /// from the innermost. Its callers get theirs too, so that `f_back` answers after they
    /// return.
    pub fn frame_object(&self, depth: usize) -> PyResult<Value<R>, R> {
        let frames = self.running_frames();
        if depth >= frames.len() {
            return Err(PyErr::value_error("call stack is not deep enough"));
        }
        let mut back = Value::None;
        for (frame, pos) in frames[depth..].iter().rev() {
            back = self.frame_handle(frame, *pos, back);
        }
        Ok(back)
    }

    /// The frame object of `frame` (at `pos`), made if it has none, with `back` as its
    /// caller's.
    pub fn frame_handle(&self, frame: &Frame<R>, pos: usize, back: Value<R>) -> Value<R> {
        if let Some(h) = frame.handle.get() {
            let h = Value::Obj(h);
            if let Some(object) = frame_object_data(&h) {
                let mut st = object.state.lock();
                if !back.is_none() {
                    st.back = back;
                }
                st.line = frame.line_at(pos);
            }
            return h;
        }
        let code = match frame.code.shared() {
            Some(c) => Value::new_obj(ObjKind::Code(c)),
            None => Value::None,
        };
        let object = self.new_frame_object(
            code,
            frame.globals().clone(),
            HandleState {
                live: frame,
                thread: self.thread_id,
                line: frame.line_at(pos),
                lasti: lasti(pos),
                back,
                back_entry: None,
                slots: Vec::new(),
                namespace: None,
                locals: None,
            },
        );
        if let Value::Obj(o) = &object {
            frame.handle.set(o.clone());
        }
        object
    }

    fn new_frame_object(&self, code: Value<R>, globals: ObjRef<R>, st: HandleState<R>) -> Value<R> {
        Value::new_obj(ObjKind::Native(NativeObj {
            class: self.types().frame.clone(),
            data: Box::new(FrameObject {
                code,
                globals,
                state: Mutex::new(st),
                trace: Mutex::new(Value::None),
            }),
        }))
    }

    /// The running frame a frame object names, with its position, when this thread runs it
    /// (or holds it suspended, for a generator's).
    fn live_frame<'a>(&'a self, object: &FrameObject<R>) -> Option<(&'a Frame<R>, usize)> {
        let st = object.state.lock();
        if st.live.is_null() || st.thread != self.thread_id {
            return None;
        }
        let live = st.live;
        drop(st);
        let running = self.running_frames();
        if let Some((f, pos)) = running.into_iter().find(|(f, _)| std::ptr::eq(*f, live)) {
            return Some((f, pos));
        }
        // Not running here, it is a suspended generator's, which another thread may resume:
        // without the GIL, once threads run, only what the handle knew is read.
        if R::FREE_THREADED && crate::objects::runtime::multi_threaded() {
            return None;
        }
        // SAFETY: `live` is not null, so the frame has not returned (see `HandleState`); no
        // other thread runs it now (the GIL is held, or this is the only thread).
        let frame = unsafe { &*live };
        Some((frame, frame.ip))
    }

    /// `f_lineno`.
    pub fn frame_line(&self, object: &FrameObject<R>) -> u32 {
        match self.live_frame(object) {
            Some((frame, pos)) => frame.line_at(pos),
            None => object.state.lock().line,
        }
    }

    /// `f_lasti`.
    pub fn frame_lasti(&self, object: &FrameObject<R>) -> i64 {
        match self.live_frame(object) {
            Some((_, pos)) => lasti(pos),
            None => object.state.lock().lasti,
        }
    }

    /// `f_back`: the caller's frame object; None for a suspended generator's frame.
    pub fn frame_back(&self, object: &FrameObject<R>) -> Value<R> {
        let st = object.state.lock();
        let live = st.live;
        let mine = !live.is_null() && st.thread == self.thread_id;
        if let Some(link) = st.back_entry.clone() {
            drop(st);
            return self.traceback_frame(&link);
        }
        if !mine {
            return st.back.clone();
        }
        drop(st);
        let running = self.running_frames();
        let Some(i) = running.iter().position(|(f, _)| std::ptr::eq(*f, live)) else {
            return Value::None;
        };
        let back = match running.get(i + 1) {
            Some(_) => self.frame_object(i + 1).unwrap_or(Value::None),
            None => Value::None,
        };
        object.state.lock().back = back.clone();
        back
    }

    /// `f_locals`: a module's globals, a class body's namespace, or for a function a dict of
    /// its variables that have a value, refreshed each time it is asked for (the same dict).
    pub fn frame_locals(&self, object: &FrameObject<R>) -> Value<R> {
        let code = match object.code.kind() {
            Some(ObjKind::Code(c)) => c.clone(),
            _ => return self.new_dict(DictMap::default()),
        };
        let live = self.live_frame(object);
        let mut st = object.state.lock();
        let namespace = match &live {
            Some((frame, _)) => frame.namespace.clone(),
            None => st.namespace.clone(),
        };
        if code.flags.namespace {
            return Value::Obj(namespace.unwrap_or_else(|| object.globals.clone()));
        }
        let map = match &live {
            Some((frame, _)) => locals_map(&code, &frame.locals),
            None => locals_map(&code, &st.slots),
        };
        let dict = st
            .locals
            .get_or_insert_with(|| ObjRef::new(ObjKind::Dict(ObjCell::new(DictMap::default()))))
            .clone();
        drop(st);
        if let ObjKind::Dict(d) = dict.kind() {
            let old = std::mem::replace(&mut *d.lock::<R>(), map);
            drop(old);
        }
        Value::Obj(dict)
    }

    /// `frame.clear()`: lets go of a returned frame's variables; a running frame's are its
    /// own (CPython's RuntimeError).
    pub fn frame_clear(&self, object: &FrameObject<R>) -> PyResult<(), R> {
        if let Some((frame, _)) = self.live_frame(object) {
            let running = self.running_frames();
            if running.iter().any(|(f, _)| std::ptr::eq(*f, frame)) {
                return Err(PyErr::runtime_error("cannot clear an executing frame"));
            }
        }
        let mut st = object.state.lock();
        if st.live.is_null() {
            let slots = std::mem::take(&mut st.slots);
            let dict = st.locals.take();
            drop(st);
            drop(slots);
            drop(dict);
        }
        Ok(())
    }
}

impl<R: Runtime> Vm<R> {
    /// `gi_frame`, `cr_frame`, `ag_frame`: the generator's frame object; None once it has
    /// finished.
    pub fn generator_frame(&self, g: &GeneratorObj<R>) -> Value<R> {
        {
            let held = g.frame.lock::<R>();
            if let Some(frame) = held.as_ref() {
                return self.frame_handle(frame, frame.ip, Value::None);
            }
        }
        if !g.running.load(std::sync::atomic::Ordering::Relaxed) {
            return Value::None;
        }
        // Running: its frame is among this thread's, the innermost of its name.
        let running = self.running_frames();
        match running
            .iter()
            .position(|(f, _)| f.code.qualname == g.qualname)
        {
            Some(i) => self.frame_object(i).unwrap_or(Value::None),
            None => Value::None,
        }
    }
}

/// A function frame's variables that have a value, as a dict (cells by their contents).
pub(super) fn locals_map<R: Runtime>(code: &Code<R>, slots: &[Option<Value<R>>]) -> DictMap<R> {
    let key = |name: &str| {
        let value = Value::new_obj(ObjKind::Str(StrObj::new(name)));
        let hash = match value.kind() {
            Some(ObjKind::Str(s)) => s.hash(),
            _ => 0,
        };
        DictKey { hash, value }
    };
    let mut map = DictMap::default();
    for (i, name) in code.varnames.iter().enumerate() {
        if code.cellvars.contains(name) {
            continue;
        }
        if let Some(Some(v)) = slots.get(i) {
            map.insert(key(name), v.clone());
        }
    }
    let cells = code.cellvars.iter().chain(code.freevars.iter());
    for (j, name) in cells.enumerate() {
        let slot = code.varnames.len() + j;
        if let Some(Some(Value::Obj(cell))) = slots.get(slot) {
            if let ObjKind::Cell(c) = cell.kind() {
                if let Some(v) = c.lock::<R>().clone() {
                    map.insert(key(name), v);
                }
            }
        }
    }
    map
}

/// A traceback object (`types.TracebackType`): one entry of an exception's traceback, the
/// `at`-th from the outermost (where it was caught), sharing the list with the others of
/// the chain (`tb_next` is `at + 1`).
pub struct TracebackLink<R: Runtime> {
    /// Innermost first, as `ExcState::traceback` holds them.
    pub entries: Arc<Vec<TraceEntry<R>>>,
    pub at: usize,
    /// The frame object of the outermost entry's frame, when it was still running when the
    /// traceback object was made (the frame handling the exception, usually).
    pub handler: Value<R>,
}

impl<R: Runtime> Clone for TracebackLink<R> {
    fn clone(&self) -> Self {
        TracebackLink {
            entries: self.entries.clone(),
            at: self.at,
            handler: self.handler.clone(),
        }
    }
}

impl<R: Runtime> TracebackLink<R> {
    /// The entry this object stands for.
    pub fn entry(&self) -> &TraceEntry<R> {
        &self.entries[self.entries.len() - 1 - self.at]
    }

    /// The entries of the chain from this one inwards, innermost first (what assigning the
    /// object to `__traceback__` gives the exception).
    pub fn entries_from_here(&self) -> Vec<TraceEntry<R>> {
        self.entries[..self.entries.len() - self.at].to_vec()
    }
}

impl<R: Runtime> Vm<R> {
    /// The traceback object of an exception's entries: its outermost entry's frame, if it is
    /// running, gets its frame object now.
    pub fn new_traceback(&self, entries: Vec<TraceEntry<R>>) -> Value<R> {
        let handler = match entries.last().and_then(|e| e.frame.as_ref()) {
            Some((code, _)) => {
                let running = self.running_frames();
                let same = |f: &Frame<R>| f.code.shared().is_some_and(|c| Arc::ptr_eq(&c, code));
                match running.iter().position(|(f, _)| same(f)) {
                    Some(i) => self.frame_object(i).unwrap_or(Value::None),
                    None => Value::None,
                }
            }
            None => Value::None,
        };
        self.new_traceback_object(Arc::new(entries), 0, handler)
    }

    /// The traceback object for the `at`-th of `entries` from the outermost.
    pub fn new_traceback_object(
        &self,
        entries: Arc<Vec<TraceEntry<R>>>,
        at: usize,
        handler: Value<R>,
    ) -> Value<R> {
        Value::new_obj(ObjKind::Native(NativeObj {
            class: self.types().traceback.clone(),
            data: Box::new(TracebackLink {
                entries,
                at,
                handler,
            }),
        }))
    }

    /// `tb.tb_frame`: the frame object of the entry's frame. The others than the handler's
    /// have returned: theirs know their code, globals and line; their variables are gone.
    pub fn traceback_frame(&self, tb: &TracebackLink<R>) -> Value<R> {
        if tb.at == 0 && !tb.handler.is_none() {
            return tb.handler.clone();
        }
        let entry = tb.entry();
        let Some((code, globals)) = &entry.frame else {
            return Value::None;
        };
        let back_entry = tb.at.checked_sub(1).map(|at| TracebackLink {
            entries: tb.entries.clone(),
            at,
            handler: tb.handler.clone(),
        });
        self.new_frame_object(
            Value::new_obj(ObjKind::Code(code.clone())),
            globals.clone(),
            HandleState {
                live: std::ptr::null(),
                thread: self.thread_id,
                line: entry.line,
                lasti: 2 * i64::from(entry.ip),
                back: Value::None,
                back_entry,
                slots: Vec::new(),
                namespace: None,
                locals: None,
            },
        )
    }
}

/// Registers the cycle collector's hooks for frame and traceback objects: a frame object kept
/// by a variable of its own frame (`frame = sys._getframe()`), or a traceback kept by the
/// exception's handler frame, is a cycle.
pub fn register_gc_hooks<R: Runtime>() {
    use crate::objects::native::{register_gc, NativeGc};
    register_gc::<R, FrameObject<R>>(NativeGc {
        traverse: frame_traverse::<R>,
        clear: frame_clear::<R>,
    });
    register_gc::<R, TracebackLink<R>>(NativeGc {
        traverse: traceback_traverse::<R>,
        clear: |_| {},
    });
}

fn visit_value<R: Runtime>(v: &Value<R>, visit: crate::objects::traverse::Visit<'_, R>) {
    if let Value::Obj(o) = v {
        visit(o);
    }
}

fn frame_traverse<R: Runtime>(
    data: &(dyn std::any::Any + Send + Sync),
    visit: crate::objects::traverse::Visit<'_, R>,
) {
    let Some(f) = data.downcast_ref::<FrameObject<R>>() else {
        return;
    };
    visit(&f.globals);
    // A lock held now is a parked thread's: what it guards is left out (kept alive).
    if let Some(trace) = f.trace.try_lock() {
        visit_value(&trace, visit);
    }
    let Some(st) = f.state.try_lock() else {
        return;
    };
    visit_value(&st.back, visit);
    if let Some(link) = &st.back_entry {
        visit_value(&link.handler, visit);
    }
    for v in st.slots.iter().flatten() {
        visit_value(v, visit);
    }
    for o in st.namespace.iter().chain(st.locals.iter()) {
        visit(o);
    }
}

/// Breaks a cycle through a frame object: what it kept of its frame is dropped.
fn frame_clear<R: Runtime>(data: &(dyn std::any::Any + Send + Sync)) {
    let Some(f) = data.downcast_ref::<FrameObject<R>>() else {
        return;
    };
    let trace = std::mem::replace(&mut *f.trace.lock(), Value::None);
    let mut st = f.state.lock();
    let taken = (
        std::mem::replace(&mut st.back, Value::None),
        st.back_entry.take(),
        std::mem::take(&mut st.slots),
        st.namespace.take(),
        st.locals.take(),
    );
    drop(st);
    drop((trace, taken));
}

fn traceback_traverse<R: Runtime>(
    data: &(dyn std::any::Any + Send + Sync),
    visit: crate::objects::traverse::Visit<'_, R>,
) {
    // The entries are shared by the chain's objects: only the handler's frame object is this
    // object's own reference.
    if let Some(tb) = data.downcast_ref::<TracebackLink<R>>() {
        visit_value(&tb.handler, visit);
    }
}
