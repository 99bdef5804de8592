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
    pub frame: ObjCell<Option<Box<<R as Host>::Frame>>>,
    pub running: AtomicBool,
    pub name: Arc<str>,
    pub qualname: Arc<str>,
}
