//! The `_collections` module: `deque`, a native double-ended queue (class `collections.deque`)
//! with CPython's methods, reprs and errors, and `_count_elements` (`Counter`'s tally). The
//! Python-level `collections` package re-exports them.
//!
//! The items live in a `VecDeque` behind the deque's own mutex. The lock is never held while
//! Python code runs (comparisons, reprs, reading an argument iterable) nor while values are
//! freed: those work on a snapshot, or move the values out first. A counter of structural
//! changes lets iterators (`collections_iter.rs`) report `deque mutated during iteration`, as
//! CPython's do.

use super::collections_iter;
use super::itertools::{new_object, params, split_class, R0};
use super::num_args::to_i64;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::Vm;
use parking_lot::Mutex;
use std::collections::VecDeque;
use std::sync::Arc;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let class = deque_class(vm);
    vm.set_module_attr(m, "deque", Value::Obj(class));
    crate::objects::native::register_gc::<R, Arc<Deque<R>>>(crate::objects::native::NativeGc {
        traverse: deque_traverse::<R>,
        clear: deque_clear::<R>,
    });
    super::add_functions(
        vm,
        m,
        &[
            ("_count_elements", count_elements),
            ("__getattr__", lazy_attr),
        ],
    );
    true
}

/// `_collections.__getattr__(name)`: `_tuplegetter`, the descriptor of a namedtuple's
/// fields, is Python code in the bundled `collections` package (which imports this module);
/// it is read from there on first use, so `from _collections import _tuplegetter` works.
fn lazy_attr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    super::itertools::expect_count(&args, "__getattr__", 1, 1)?;
    let name = args.pos[0].as_str().unwrap_or("").to_string();
    if name != "_tuplegetter" {
        return Err(PyErr::new(
            ExcKind::AttributeError,
            format!("module '_collections' has no attribute '{name}'"),
        ));
    }
    let collections = vm.import_module("collections")?;
    vm.get_attr_str(&collections, &name)
}

/// `_count_elements(mapping, iterable)`: `Counter`'s tally, `mapping[x] = mapping.get(x, 0) + 1`.
fn count_elements<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("_count_elements")?;
    super::itertools::expect_count(&args, "_count_elements", 2, 2)?;
    let mapping = &args.pos[0];
    let it = vm.get_iter(&args.pos[1])?;
    // A dict, or a dict subclass (a Counter) that does not redefine `get` or `__setitem__`:
    // counted in its table directly, as CPython's fast path does.
    let table = match mapping.kind() {
        Some(ObjKind::Dict(_)) => Some(mapping.clone()),
        Some(ObjKind::Instance(_)) => vm
            .base_unless_overridden(mapping, "get")
            .filter(|_| vm.base_unless_overridden(mapping, "__setitem__").is_some()),
        _ => None,
    };
    if let Some(ObjKind::Dict(d)) = table.as_ref().and_then(|t| t.kind()) {
        while let Some(x) = vm.next_fast(&it)? {
            let key = vm.make_key(x)?;
            let old = vm.dict_lookup(d, &key)?.unwrap_or(Value::Int(0));
            let new = vm.binary_op(old, Value::Int(1), crate::syntax::ast::BinOp::Add)?;
            vm.dict_store(d, key, new)?;
        }
        return Ok(Value::None);
    }
    let get = vm.get_attr_str(mapping, "get")?;
    while let Some(x) = vm.next_fast(&it)? {
        let old = vm.call(&get, vec![x.clone(), Value::Int(0)], Vec::new())?;
        let new = vm.binary_op(old, Value::Int(1), crate::syntax::ast::BinOp::Add)?;
        vm.set_item(mapping, x, new)?;
    }
    Ok(Value::None)
}

fn deque_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    let methods: &[(&'static str, NativeFn<R>)] = &[
        ("__new__", deque_new),
        ("__init__", deque_init),
        ("append", append),
        ("appendleft", appendleft),
        ("pop", pop),
        ("popleft", popleft),
        ("extend", extend),
        ("extendleft", extendleft),
        ("rotate", rotate),
        ("clear", clear),
        ("count", count),
        ("index", index),
        ("insert", insert),
        ("remove", remove),
        ("reverse", reverse),
        ("copy", copy),
        ("__copy__", copy),
        ("__len__", len),
        ("__iter__", collections_iter::iter),
        ("__reversed__", collections_iter::reversed),
        ("__contains__", contains),
        ("__getitem__", getitem),
        ("__setitem__", setitem),
        ("__delitem__", delitem),
        ("__repr__", repr),
        ("__add__", add),
        ("__iadd__", iadd),
        ("__mul__", mul),
        ("__rmul__", mul),
        ("__imul__", imul),
        ("__lt__", lt),
        ("__le__", le),
        ("__eq__", eq),
        ("__ne__", ne),
        ("__gt__", gt),
        ("__ge__", ge),
    ];
    let class = vm.native_class("deque", "collections", methods);
    super::sync_more::add_property(vm, &class, "maxlen", maxlen);
    // A deque is mutable, so unhashable (`hash(deque())` is CPython's TypeError).
    if let ObjKind::Class(c) = class.kind() {
        c.dict
            .lock::<R>()
            .insert(vm.str_key("__hash__"), Value::None);
    }
    class
}

pub(super) struct Deque<R: Runtime> {
    pub(super) inner: Mutex<DequeState<R>>,
}

pub(super) struct DequeState<R: Runtime> {
    pub(super) items: VecDeque<Value<R>>,
    maxlen: Option<usize>,
    /// Counts structural changes, for the iterators.
    pub(super) changes: u64,
}

impl<R: Runtime> DequeState<R> {
    /// Drops items from the far end until the deque fits its maxlen; returns them, to be
    /// freed once the lock is released.
    fn fit(&mut self, from_front: bool) -> Vec<Value<R>> {
        let mut evicted = Vec::new();
        if let Some(max) = self.maxlen {
            while self.items.len() > max {
                let v = if from_front {
                    self.items.pop_front()
                } else {
                    self.items.pop_back()
                };
                evicted.extend(v);
            }
        }
        evicted
    }
}

/// The collector's view of a deque: its items. Only while the deque object is the one owner
/// of its state: an iterator over it shares the state (and reports nothing), and items held
/// that way must not look unreachable.
fn deque_traverse<R: Runtime>(
    data: &(dyn std::any::Any + Send + Sync),
    visit: crate::objects::traverse::Visit<'_, R>,
) {
    if let Some(d) = data.downcast_ref::<Arc<Deque<R>>>() {
        // A deque locked by a (parked) thread is left out: it may hold its lock while it
        // compares items, and leaving it out only keeps its items alive.
        let Some(st) = d.inner.try_lock() else {
            return;
        };
        if Arc::strong_count(d) == 1 {
            for v in st.items.iter() {
                if let Value::Obj(o) = v {
                    visit(o);
                }
            }
        }
    }
}

/// Breaks a cycle through a deque: its items are dropped (after its lock is let go).
fn deque_clear<R: Runtime>(data: &(dyn std::any::Any + Send + Sync)) {
    if let Some(d) = data.downcast_ref::<Arc<Deque<R>>>() {
        let items = {
            let mut st = d.inner.lock();
            st.changes += 1;
            std::mem::take(&mut st.items)
        };
        drop(items);
    }
}

/// The deque of `v`: a `deque`'s own, or the one a subclass instance keeps in an attribute.
fn as_deque<R: Runtime>(vm: &Vm<R>, v: &Value<R>) -> Option<Arc<Deque<R>>> {
    let core = match v.kind() {
        Some(ObjKind::Native(_)) => v.clone(),
        Some(ObjKind::Instance(_)) => super::sync_more::instance_attr(vm, v, SUBCLASS_CORE)?,
        _ => return None,
    };
    match core.kind() {
        Some(ObjKind::Native(n)) => n.downcast::<Arc<Deque<R>>>().cloned(),
        _ => None,
    }
}

/// The attribute under which an instance of a `deque` subclass keeps its deque.
const SUBCLASS_CORE: &str = "_deque";

pub(super) fn this_deque<R: Runtime>(
    vm: &Vm<R>,
    args: &Args<R>,
) -> PyResult<(Value<R>, Arc<Deque<R>>), R> {
    let this = args
        .pos
        .first()
        .ok_or_else(|| PyErr::type_error("deque method needs self"))?;
    let d = as_deque(vm, this)
        .ok_or_else(|| PyErr::type_error("descriptor requires a 'collections.deque' object"))?;
    Ok((this.clone(), d))
}

fn snapshot<R: Runtime>(d: &Deque<R>) -> Vec<Value<R>> {
    d.inner.lock().items.iter().cloned().collect()
}

/// The `maxlen` argument: `None` or a non-negative int.
fn maxlen_arg<R: Runtime>(vm: &mut Vm<R>, v: Option<&Value<R>>) -> PyResult<Option<usize>, R> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if super::num_args::to_bigint(vm, v).is_err() {
        return Err(PyErr::type_error("an integer is required"));
    }
    let n = to_i64(vm, v, "Python int too large to convert to C ssize_t")?;
    if n < 0 {
        return Err(PyErr::value_error("maxlen must be non-negative"));
    }
    Ok(Some(n as usize))
}

fn new_core<R: Runtime>(items: VecDeque<Value<R>>, maxlen: Option<usize>) -> Arc<Deque<R>> {
    let mut state = DequeState {
        items,
        maxlen,
        changes: 0,
    };
    let evicted = state.fit(true);
    drop(evicted);
    Arc::new(Deque {
        inner: Mutex::new(state),
    })
}

fn new_deque<R: Runtime>(
    class: &Value<R>,
    items: VecDeque<Value<R>>,
    maxlen: Option<usize>,
) -> R0<R> {
    new_object(class, new_core(items, maxlen))
}

/// A new deque of the same class as `this`: a subclass is called, as CPython does.
fn like<R: Runtime>(
    vm: &mut Vm<R>,
    this: &Value<R>,
    items: VecDeque<Value<R>>,
    maxlen: Option<usize>,
) -> R0<R> {
    let class = Value::Obj(vm.types().class_of(this).clone());
    if matches!(this.kind(), Some(ObjKind::Native(_))) {
        return new_deque(&class, items, maxlen);
    }
    let list = vm.new_list(items.into());
    let maxlen = maxlen.map_or(Value::None, |n| Value::Int(n as i64));
    let kwargs = vec![(vm.new_str("maxlen"), maxlen)];
    vm.call(&class, vec![list], kwargs)
}

fn deque_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (class, args) = split_class(args);
    // The items are read by __init__, which runs next (as in CPython): reading them here
    // too would leave an iterator empty for it.
    let p = params(args, "deque", &["iterable", "maxlen"], 0)?;
    let maxlen = maxlen_arg(vm, p[1].as_ref())?;
    new_deque(&class, Vec::new().into(), maxlen)
}

/// `d.__init__(iterable, maxlen)`: starts over with new contents. An instance of a subclass
/// gets its deque here.
fn deque_init<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let this = args.pos.first().cloned().unwrap_or(Value::None);
    let existing = as_deque(vm, &this);
    if existing.is_none() && !matches!(this.kind(), Some(ObjKind::Instance(_))) {
        return Err(PyErr::type_error(
            "descriptor '__init__' requires a 'collections.deque' object",
        ));
    }
    args.pos.remove(0);
    let p = params(args, "deque", &["iterable", "maxlen"], 0)?;
    let maxlen = maxlen_arg(vm, p[1].as_ref())?;
    let items = match &p[0] {
        Some(it) => vm.collect(it)?,
        None => Vec::new(),
    };
    let Some(d) = existing else {
        let class = vm.native_class("_deque_core", "_collections", &[]);
        let core = new_object(&Value::Obj(class), new_core(items.into(), maxlen))?;
        let key = vm.str_key(SUBCLASS_CORE);
        vm.set_attr(&this, &key, core)?;
        return Ok(Value::None);
    };
    let old = {
        let mut st = d.inner.lock();
        st.maxlen = maxlen;
        st.changes += 1;
        let old = std::mem::replace(&mut st.items, items.into());
        (old, st.fit(true))
    };
    drop(old);
    Ok(Value::None)
}

fn one<R: Runtime>(args: &Args<R>, name: &str) -> PyResult<Value<R>, R> {
    args.no_kwargs(name)?;
    if args.pos.len() != 2 {
        return Err(PyErr::type_error(format!(
            "deque.{name}() takes exactly one argument ({} given)",
            args.pos.len() - 1
        )));
    }
    Ok(args.pos[1].clone())
}

fn no_args<R: Runtime>(args: &Args<R>, name: &str) -> PyResult<(), R> {
    args.no_kwargs(name)?;
    if args.pos.len() != 1 {
        return Err(PyErr::type_error(format!(
            "deque.{name}() takes no arguments ({} given)",
            args.pos.len() - 1
        )));
    }
    Ok(())
}

fn push<R: Runtime>(d: &Deque<R>, values: Vec<Value<R>>, left: bool) {
    let evicted = {
        let mut st = d.inner.lock();
        st.changes += 1;
        let mut evicted = Vec::new();
        for v in values {
            if left {
                st.items.push_front(v);
            } else {
                st.items.push_back(v);
            }
            evicted.extend(st.fit(!left));
        }
        evicted
    };
    drop(evicted);
}

fn append<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, d) = this_deque(vm, &args)?;
    let d = &*d;
    let v = one(&args, "append")?;
    push(d, vec![v], false);
    Ok(Value::None)
}

fn appendleft<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, d) = this_deque(vm, &args)?;
    let d = &*d;
    let v = one(&args, "appendleft")?;
    push(d, vec![v], true);
    Ok(Value::None)
}

fn take<R: Runtime>(d: &Deque<R>, left: bool) -> R0<R> {
    let mut st = d.inner.lock();
    let v = if left {
        st.items.pop_front()
    } else {
        st.items.pop_back()
    };
    st.changes += 1;
    v.ok_or_else(|| PyErr::index_error("pop from an empty deque"))
}

fn pop<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, d) = this_deque(vm, &args)?;
    let d = &*d;
    no_args(&args, "pop")?;
    take(d, false)
}

fn popleft<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, d) = this_deque(vm, &args)?;
    let d = &*d;
    no_args(&args, "popleft")?;
    take(d, true)
}

fn extend<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, d) = this_deque(vm, &args)?;
    let d = &*d;
    let v = one(&args, "extend")?;
    let items = vm.collect(&v)?;
    push(d, items, false);
    Ok(Value::None)
}

fn extendleft<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, d) = this_deque(vm, &args)?;
    let d = &*d;
    let v = one(&args, "extendleft")?;
    let items = vm.collect(&v)?;
    push(d, items, true);
    Ok(Value::None)
}

fn rotate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, d) = this_deque(vm, &args)?;
    let d = &*d;
    args.no_kwargs("rotate")?;
    let n = match args.pos.get(1) {
        Some(v) => to_i64(vm, v, "Python int too large to convert to C ssize_t")?,
        None => 1,
    };
    let mut st = d.inner.lock();
    let len = st.items.len() as i64;
    if len > 1 {
        let k = n.rem_euclid(len) as usize;
        st.items.rotate_right(k);
    }
    st.changes += 1;
    Ok(Value::None)
}

fn clear<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, d) = this_deque(vm, &args)?;
    let d = &*d;
    no_args(&args, "clear")?;
    let old = {
        let mut st = d.inner.lock();
        st.changes += 1;
        std::mem::take(&mut st.items)
    };
    drop(old);
    Ok(Value::None)
}

fn reverse<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, d) = this_deque(vm, &args)?;
    let d = &*d;
    no_args(&args, "reverse")?;
    let mut st = d.inner.lock();
    st.items.make_contiguous().reverse();
    st.changes += 1;
    Ok(Value::None)
}

/// Positions in `items` equal to `x` (identity first, as CPython's containers compare).
fn matches<R: Runtime>(vm: &mut Vm<R>, items: &[Value<R>], x: &Value<R>) -> PyResult<Vec<bool>, R> {
    let mut out = Vec::with_capacity(items.len());
    for v in items {
        out.push(v.is(x) || vm.eq(v, x)?);
    }
    Ok(out)
}

fn count<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, d) = this_deque(vm, &args)?;
    let d = &*d;
    let x = one(&args, "count")?;
    let items = snapshot(d);
    let hits = matches(vm, &items, &x)?;
    Ok(Value::Int(hits.iter().filter(|h| **h).count() as i64))
}

fn contains<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, d) = this_deque(vm, &args)?;
    let d = &*d;
    let x = one(&args, "__contains__")?;
    for v in snapshot(d) {
        if v.is(&x) || vm.eq(&v, &x)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

/// A slice-style bound of `index()`: negative counts from the end, clamped to the length.
fn bound<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>, len: usize) -> PyResult<usize, R> {
    if super::num_args::to_bigint(vm, v).is_err() {
        return Err(PyErr::type_error(
            "slice indices must be integers or have an __index__ method",
        ));
    }
    let i = to_i64(vm, v, "").unwrap_or(
        if matches!(v.kind(), Some(ObjKind::BigInt(b)) if b.sign() == num_bigint::Sign::Minus) {
            i64::MIN
        } else {
            i64::MAX
        },
    );
    let len = len as i64;
    Ok(if i < 0 { (i + len).max(0) } else { i.min(len) } as usize)
}

fn not_in_deque<R: Runtime>(vm: &mut Vm<R>, x: &Value<R>) -> PyErr<R> {
    match vm.repr(x) {
        Ok(r) => PyErr::value_error(format!("{r} is not in deque")),
        Err(e) => e,
    }
}

fn index<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, d) = this_deque(vm, &args)?;
    let d = &*d;
    args.no_kwargs("index")?;
    super::itertools::expect_count(&args, "index", 2, 4)?;
    let x = args.pos[1].clone();
    let items = snapshot(d);
    let start = match args.pos.get(2) {
        Some(v) => bound(vm, v, items.len())?,
        None => 0,
    };
    let end = match args.pos.get(3) {
        Some(v) => bound(vm, v, items.len())?,
        None => items.len(),
    };
    for (i, v) in items.iter().enumerate().take(end).skip(start) {
        if v.is(&x) || vm.eq(v, &x)? {
            return Ok(Value::Int(i as i64));
        }
    }
    Err(not_in_deque(vm, &x))
}

fn insert<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, d) = this_deque(vm, &args)?;
    let d = &*d;
    args.no_kwargs("insert")?;
    if args.pos.len() != 3 {
        return Err(PyErr::type_error(format!(
            "insert() takes exactly 2 arguments ({} given)",
            args.pos.len() - 1
        )));
    }
    let i = to_i64(
        vm,
        &args.pos[1],
        "Python int too large to convert to C ssize_t",
    )?;
    let v = args.pos[2].clone();
    let mut st = d.inner.lock();
    if st.maxlen == Some(st.items.len()) {
        return Err(PyErr::index_error("deque already at its maximum size"));
    }
    let len = st.items.len() as i64;
    let at = if i < 0 { (i + len).max(0) } else { i.min(len) } as usize;
    st.items.insert(at, v);
    st.changes += 1;
    Ok(Value::None)
}

fn remove<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, d) = this_deque(vm, &args)?;
    let d = &*d;
    let x = one(&args, "remove")?;
    let items = snapshot(d);
    for (i, v) in items.iter().enumerate() {
        if v.is(&x) || vm.eq(v, &x)? {
            let removed = {
                let mut st = d.inner.lock();
                st.changes += 1;
                st.items.remove(i)
            };
            drop(removed);
            return Ok(Value::None);
        }
    }
    Err(PyErr::value_error(format!(
        "{} is not in deque",
        vm.repr(&x)?
    )))
}

fn copy<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (this, d) = this_deque(vm, &args)?;
    let d = &*d;
    let (items, maxlen) = {
        let st = d.inner.lock();
        (st.items.clone(), st.maxlen)
    };
    like(vm, &this, items, maxlen)
}

fn len<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, d) = this_deque(vm, &args)?;
    let n = d.inner.lock().items.len();
    Ok(Value::Int(n as i64))
}

fn maxlen<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, d) = this_deque(vm, &args)?;
    let maxlen = d.inner.lock().maxlen;
    Ok(match maxlen {
        Some(n) => Value::Int(n as i64),
        None => Value::None,
    })
}

/// An item position from an index argument, or CPython's errors.
fn position<R: Runtime>(vm: &mut Vm<R>, d: &Deque<R>, v: &Value<R>) -> PyResult<usize, R> {
    if super::num_args::to_bigint(vm, v).is_err() {
        return Err(PyErr::type_error(format!(
            "sequence index must be integer, not '{}'",
            vm.type_name(v)
        )));
    }
    let out_of_range = || PyErr::index_error("deque index out of range");
    let i = to_i64(vm, v, "").map_err(|_| out_of_range())?;
    let len = d.inner.lock().items.len() as i64;
    let i = if i < 0 { i + len } else { i };
    if i < 0 || i >= len {
        return Err(out_of_range());
    }
    Ok(i as usize)
}

fn getitem<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, d) = this_deque(vm, &args)?;
    let d = &*d;
    let key = one(&args, "__getitem__")?;
    let i = position(vm, d, &key)?;
    let item = d.inner.lock().items.get(i).cloned();
    item.ok_or_else(|| PyErr::index_error("deque index out of range"))
}

fn setitem<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, d) = this_deque(vm, &args)?;
    let d = &*d;
    super::itertools::expect_count(&args, "__setitem__", 3, 3)?;
    let i = position(vm, d, &args.pos[1])?;
    let old = {
        let mut st = d.inner.lock();
        st.items
            .get_mut(i)
            .map(|slot| std::mem::replace(slot, args.pos[2].clone()))
    };
    drop(old);
    Ok(Value::None)
}

fn delitem<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, d) = this_deque(vm, &args)?;
    let d = &*d;
    let key = one(&args, "__delitem__")?;
    let i = position(vm, d, &key)?;
    let old = {
        let mut st = d.inner.lock();
        st.changes += 1;
        st.items.remove(i)
    };
    drop(old);
    Ok(Value::None)
}

fn repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (this, d) = this_deque(vm, &args)?;
    let d = &*d;
    let addr = this.as_obj().map_or(0, |o| o.addr());
    if vm.repr_guard.contains(&addr) {
        return Ok(vm.new_str("[...]"));
    }
    let (items, maxlen) = {
        let st = d.inner.lock();
        (st.items.iter().cloned().collect::<Vec<_>>(), st.maxlen)
    };
    vm.repr_guard.push(addr);
    let mut parts = Vec::with_capacity(items.len());
    let mut failed = None;
    for v in &items {
        match vm.repr(v) {
            Ok(s) => parts.push(s),
            Err(e) => {
                failed = Some(e);
                break;
            }
        }
    }
    vm.repr_guard.retain(|a| *a != addr);
    if let Some(e) = failed {
        return Err(e);
    }
    let name = vm.type_name(&this);
    let text = match maxlen {
        Some(n) => format!("{name}([{}], maxlen={n})", parts.join(", ")),
        None => format!("{name}([{}])", parts.join(", ")),
    };
    Ok(vm.new_str(text))
}

fn add<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (this, d) = this_deque(vm, &args)?;
    let d = &*d;
    let other = one(&args, "__add__")?;
    let Some(o) = as_deque(vm, &other) else {
        return Err(PyErr::type_error(format!(
            "can only concatenate deque (not \"{}\") to deque",
            vm.type_name(&other)
        )));
    };
    let (mut items, maxlen) = {
        let st = d.inner.lock();
        (st.items.clone(), st.maxlen)
    };
    items.extend(snapshot(&o));
    like(vm, &this, items, maxlen)
}

fn iadd<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (this, d) = this_deque(vm, &args)?;
    let d = &*d;
    let other = one(&args, "__iadd__")?;
    let items = vm.collect(&other)?;
    push(d, items, false);
    Ok(this)
}

/// The repetition count of `d * n`.
fn times<R: Runtime>(vm: &mut Vm<R>, n: &Value<R>) -> PyResult<usize, R> {
    if super::num_args::to_bigint(vm, n).is_err() {
        return Err(PyErr::type_error(format!(
            "can't multiply sequence by non-int of type '{}'",
            vm.type_name(n)
        )));
    }
    let n = to_i64(vm, n, "cannot fit 'int' into an index-sized integer")?;
    Ok(n.max(0) as usize)
}

fn repeated<R: Runtime>(
    items: &VecDeque<Value<R>>,
    n: usize,
    maxlen: Option<usize>,
) -> VecDeque<Value<R>> {
    // With a maxlen only the last maxlen items survive: build just those.
    let total = items.len().saturating_mul(n);
    let keep = maxlen.map_or(total, |m| m.min(total));
    let skip = total - keep;
    let len = items.len();
    (skip..total).map(|i| items[i % len].clone()).collect()
}

fn mul<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (this, d) = this_deque(vm, &args)?;
    let d = &*d;
    let other = one(&args, "__mul__")?;
    let n = times(vm, &other)?;
    let (items, maxlen) = {
        let st = d.inner.lock();
        (st.items.clone(), st.maxlen)
    };
    let out = if items.is_empty() {
        VecDeque::new()
    } else {
        repeated(&items, n, maxlen)
    };
    like(vm, &this, out, maxlen)
}

fn imul<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (this, d) = this_deque(vm, &args)?;
    let d = &*d;
    let other = one(&args, "__imul__")?;
    let n = times(vm, &other)?;
    let old = {
        let mut st = d.inner.lock();
        st.changes += 1;
        let out = if st.items.is_empty() {
            VecDeque::new()
        } else {
            repeated(&st.items, n, st.maxlen)
        };
        std::mem::replace(&mut st.items, out)
    };
    drop(old);
    Ok(this)
}

/// Rich comparison with another deque, item by item as lists compare.
fn compare<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, op: u32) -> R0<R> {
    let (_, d) = this_deque(vm, &args)?;
    let d = &*d;
    super::itertools::expect_count(&args, "comparison", 2, 2)?;
    let Some(o) = as_deque(vm, &args.pos[1]) else {
        return Ok(vm.interp.not_implemented.clone());
    };
    let mine = vm.new_list(snapshot(d));
    let theirs = vm.new_list(snapshot(&o));
    vm.compare(mine, theirs, op)
}

rich_comparisons!(compare);
