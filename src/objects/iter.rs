//! Iterators over built-in containers and the lazy builtins (`enumerate`, `zip`, `map`,
//! `filter`, `reversed`), and generator objects. Stepping them is the VM's job
//! (`vm::iterate`), since most steps may run Python code; a generator's frame is the VM's type,
//! named here only through [`Host::Frame`].

use super::runtime::Host;
use super::{ObjCell, Runtime, Value};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewKind {
    Keys,
    Values,
    Items,
}

pub enum IterState<R: Runtime> {
    /// A list or tuple, by index (a list may grow while iterated, as in Python).
    List {
        seq: Value<R>,
        index: usize,
    },
    Tuple {
        seq: Value<R>,
        index: usize,
    },
    /// A bytearray by index into its live buffer (it may grow or shrink while iterated).
    ByteArray {
        seq: Value<R>,
        index: usize,
    },
    /// A str, by byte offset.
    Str {
        s: Value<R>,
        byte: usize,
    },
    Range {
        next: i64,
        stop: i64,
        step: i64,
    },
    /// Dict keys/values/items by position in the dict's entry array (holes skipped); `len`
    /// (the size at the start) detects a size change during iteration, `left` (the entries
    /// still expected) a key replaced by another one.
    Dict {
        dict: Value<R>,
        index: usize,
        len: usize,
        left: usize,
        view: ViewKind,
    },
    /// A set or frozenset by slot position, as CPython's `setiterobject`: `used` is the
    /// set's size when the iteration began (`usize::MAX` once a change of size was seen, so
    /// the error repeats), `left` the keys not yet given.
    Set {
        set: Value<R>,
        position: usize,
        used: usize,
        left: usize,
    },
    /// A snapshot of keys (`reversed(dict)`, the bytes of a `bytes`).
    Snapshot {
        items: Vec<Value<R>>,
        index: usize,
        type_name: &'static str,
    },
    Enumerate {
        iter: Value<R>,
        count: Value<R>,
    },
    Zip {
        iters: Vec<Value<R>>,
    },
    /// `zip(..., strict=True)`: iterators of unequal lengths are a ValueError.
    ZipStrict {
        iters: Vec<Value<R>>,
    },
    Map {
        func: Value<R>,
        iters: Vec<Value<R>>,
    },
    Filter {
        func: Value<R>,
        iter: Value<R>,
    },
    /// `reversed(seq)` over `__len__` and `__getitem__`, or a list's `__reversed__`
    /// (`of_list`: CPython's `list_reverseiterator`, the others are `reversed` objects).
    Reversed {
        seq: Value<R>,
        index: usize,
        of_list: bool,
    },
    /// `iter(callable, sentinel)`.
    Callable {
        func: Value<R>,
        sentinel: Value<R>,
    },
    /// The old sequence protocol: `obj[0]`, `obj[1]`, ... until IndexError.
    GetItem {
        obj: Value<R>,
        index: usize,
    },
    /// At the end: nothing more to give, the type's name kept (`type(it)` of a used-up
    /// iterator is still its type).
    Exhausted(&'static str),
}

impl<R: Runtime> IterState<R> {
    pub fn type_name(&self) -> &'static str {
        match self {
            IterState::List { .. } => "list_iterator",
            IterState::ByteArray { .. } => "bytearray_iterator",
            IterState::Tuple { .. } => "tuple_iterator",
            IterState::Str { s, .. } => match s.kind() {
                Some(super::ObjKind::Str(t)) if t.is_ascii() => "str_ascii_iterator",
                _ => "str_iterator",
            },

            IterState::Range { .. } => "range_iterator",
            IterState::Dict {
                view: ViewKind::Keys,
                ..
            } => "dict_keyiterator",
            IterState::Dict {
                view: ViewKind::Values,
                ..
            } => "dict_valueiterator",
            IterState::Dict {
                view: ViewKind::Items,
                ..
            } => "dict_itemiterator",
            IterState::Set { .. } => "set_iterator",
            IterState::Snapshot { type_name, .. } => type_name,
            IterState::Enumerate { .. } => "enumerate",
            IterState::Zip { .. } | IterState::ZipStrict { .. } => "zip",
            IterState::Map { .. } => "map",
            IterState::Filter { .. } => "filter",
            IterState::Reversed { of_list: true, .. } => "list_reverseiterator",
            IterState::Reversed { .. } => "reversed",
            IterState::Callable { .. } => "callable_iterator",
            IterState::GetItem { .. } => "iterator",
            IterState::Exhausted(name) => name,
        }
    }
}

/// What made a suspended frame: a generator function, an `async def` (a coroutine) or an
/// `async def` that yields (an async generator). All three resume the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GenFlavor {
    Generator,
    Coroutine,
    AsyncGenerator,
}

impl GenFlavor {
    /// The type's name, as in CPython's messages ("coroutine already executing").
    pub fn type_name(self) -> &'static str {
        match self {
            GenFlavor::Generator => "generator",
            GenFlavor::Coroutine => "coroutine",
            GenFlavor::AsyncGenerator => "async_generator",
        }
    }
}

/// A generator: a suspended frame, resumed by `next()`.
pub struct GeneratorObj<R: Runtime> {
    /// `None` once finished (or while running: `running` tells which).
    pub frame: ObjCell<Option<Box<<R as Host>::Frame>>>,
    pub running: AtomicBool,
    pub name: Arc<str>,
    pub qualname: Arc<str>,
    pub flavor: GenFlavor,
    /// Resumed at least once (a coroutine dropped before that was "never awaited").
    pub started: AtomicBool,
    /// A coroutine's origin (where its function is defined).
    pub origin: Option<Box<CoroOrigin>>,
    /// An async generator's `sys.set_asyncgen_hooks` state.
    pub hooks: AsyncGenHooks<R>,
}

/// What an async generator took from `sys.set_asyncgen_hooks` at its first iteration
/// (CPython's `ag_hooks_inited` and `ag_origin_or_finalizer`): the finalizer hook is called
/// with the generator, instead of closing it, when it is freed unfinished.
pub struct AsyncGenHooks<R: Runtime> {
    pub inited: AtomicBool,
    pub finalizer: ObjCell<Option<Value<R>>>,
}

impl<R: Runtime> Default for AsyncGenHooks<R> {
    fn default() -> Self {
        AsyncGenHooks {
            inited: AtomicBool::new(false),
            finalizer: ObjCell::new(None),
        }
    }
}

/// Where a coroutine comes from: its function's file and first line (for asyncio's "done,
/// defined at" reprs).
pub struct CoroOrigin {
    pub defined: (Arc<str>, u32),
}

impl<R: Runtime> GeneratorObj<R> {
    /// True if the generator is suspended inside a `try` or `with` block: closing it (as its
    /// free does, CPython's `_PyGen_Finalize`) runs code; or it is an unfinished async
    /// generator with a finalizer hook to call. Finished, running, never started
    /// or suspended outside any handler, it is closed by just dropping its frame.
    pub fn needs_close(&self) -> bool {
        match &*self.frame.lock::<R>() {
            Some(f) => {
                R::frame_in_handler(f)
                    || self.flavor == GenFlavor::AsyncGenerator
                        && self.hooks.finalizer.lock::<R>().is_some()
            }
            None => false,
        }
    }

    /// A generator function's generator (iterable), not a coroutine or async generator.
    #[inline]
    pub fn is_plain(&self) -> bool {
        self.flavor == GenFlavor::Generator
    }
}

thread_local! {
    /// Qualified names of coroutines dropped before they ever ran; the VM reports them as
    /// CPython's "coroutine ... was never awaited" RuntimeWarning at its next switch point
    /// (a free cannot run the VM), before anything else the program prints.
    pub static NEVER_AWAITED: std::cell::RefCell<Vec<Arc<str>>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

impl<R: Runtime> Drop for GeneratorObj<R> {
    fn drop(&mut self) {
        if self.flavor == GenFlavor::Coroutine
            && !self.started.load(std::sync::atomic::Ordering::Relaxed)
        {
            let name = self.qualname.clone();
            if NEVER_AWAITED
                .try_with(|q| q.borrow_mut().push(name))
                .is_ok()
            {
                super::gc::raise_attention();
            }
        }
    }
}

/// True when a coroutine dropped on this thread waits for its warning.
pub fn never_awaited_pending() -> bool {
    NEVER_AWAITED
        .try_with(|q| !q.borrow().is_empty())
        .unwrap_or(false)
}

impl<R: Runtime> super::CellData for IterState<R> {}
