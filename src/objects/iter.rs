//! Iterators over built-in containers and the lazy builtins (`enumerate`, `zip`, `map`,
//! `filter`, `reversed`), and generator objects. Stepping them is the VM's job
//! (`vm::iterate`), since most steps may run Python code.

use super::{ObjCell, Runtime, Value};
use crate::vm::frame::Frame;
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
    /// Dict keys/values/items by position; `len` detects a size change during iteration.
    Dict {
        dict: Value<R>,
        index: usize,
        len: usize,
        view: ViewKind,
    },
    /// A snapshot of a set's keys.
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
    Map {
        func: Value<R>,
        iters: Vec<Value<R>>,
    },
    Filter {
        func: Value<R>,
        iter: Value<R>,
    },
    Reversed {
        seq: Value<R>,
        index: usize,
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
    Exhausted,
}

impl<R: Runtime> IterState<R> {
    pub fn type_name(&self) -> &'static str {
        match self {
            IterState::List { .. } => "list_iterator",
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
            IterState::Snapshot { type_name, .. } => type_name,
            IterState::Enumerate { .. } => "enumerate",
            IterState::Zip { .. } => "zip",
            IterState::Map { .. } => "map",
            IterState::Filter { .. } => "filter",
            IterState::Reversed { .. } => "list_reverseiterator",
            IterState::Callable { .. } => "callable_iterator",
            IterState::GetItem { .. } => "iterator",
            IterState::Exhausted => "iterator",
        }
    }
}

/// A generator: a suspended frame, resumed by `next()`.
pub struct GeneratorObj<R: Runtime> {
    /// `None` once finished (or while running: `running` tells which).
    pub frame: ObjCell<Option<Box<Frame<R>>>>,
    pub running: AtomicBool,
    pub name: Arc<str>,
    pub qualname: Arc<str>,
}

use super::exception::{PyErr, PyResult};
use super::{Args, NativeFn, ObjKind};
use crate::vm::Vm;

/// The methods of generator objects.
pub fn generator_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![("send", generator_send), ("close", generator_close)]
}

fn generator_send<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    args.check_count("send", 2, 2)?;
    let Some(ObjKind::Generator(g)) = args.pos[0].kind() else {
        return Err(PyErr::type_error("send() needs a generator"));
    };
    match vm.resume_generator(g, args.pos[1].clone())? {
        Some(v) => Ok(v),
        None => Err(PyErr::stop_iteration()),
    }
}

fn generator_close<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    if let Some(ObjKind::Generator(g)) = args.pos.first().and_then(|v| v.kind()) {
        let frame = g.frame.lock::<R>().take();
        drop(frame);
    }
    Ok(Value::None)
}
