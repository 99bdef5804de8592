//! The `heapq` module (also importable as `_heapq`): binary min-heaps kept in a Python list —
//! `heappush`, `heappop`, `heapify`, `heapreplace`, `heappushpop`, the max-heap helpers —
//! plus `nsmallest`, `nlargest` and a lazy `merge`.
//!
//! Items are compared with `<`, which may run Python code, so the list's lock is taken only to
//! read or swap two items, never across a comparison; a list whose size changes under a
//! comparison is CPython's `RuntimeError`.

use super::itertools::{new_object, receiver, split_class, state_of, stop, R0};
use super::num_args::to_i64;
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::Vm;
use parking_lot::Mutex;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("heappush", heappush),
        ("heappop", heappop),
        ("heapify", heapify),
        ("heapreplace", heapreplace),
        ("heappushpop", heappushpop),
        ("_heappop_max", heappop_max),
        ("_heapify_max", heapify_max),
        ("_heapreplace_max", heapreplace_max),
        ("nsmallest", nsmallest),
        ("nlargest", nlargest),
    ];
    super::add_functions(vm, m, functions);
    let merge = vm.native_class(
        "merge",
        "heapq",
        &[
            ("__new__", merge_new),
            ("__iter__", iter_self),
            ("__next__", merge_next),
        ],
    );
    vm.set_module_attr(m, "merge", Value::Obj(merge));
    true
}

/// The list argument of a heap function: `heappush() argument 1 must be list, not tuple`.
fn heap_arg<R: Runtime>(
    vm: &Vm<R>,
    args: &Args<R>,
    name: &str,
    count: usize,
) -> PyResult<Value<R>, R> {
    args.no_kwargs(name)?;
    super::itertools::expect_count(args, name, count, count)?;
    let heap = args.pos[0].clone();
    if !matches!(heap.kind(), Some(ObjKind::List(_))) {
        let which = if count == 1 { "argument" } else { "argument 1" };
        return Err(PyErr::type_error(format!(
            "{name}() {which} must be list, not {}",
            vm.type_name(&heap)
        )));
    }
    Ok(heap)
}

/// A Python list, read and written one item at a time.
struct Heap<R: Runtime> {
    list: Value<R>,
    /// True for the max-heap helpers.
    max: bool,
}

impl<R: Runtime> Heap<R> {
    fn with<T>(&self, f: impl FnOnce(&mut Vec<Value<R>>) -> T) -> T {
        match self.list.kind() {
            Some(ObjKind::List(l)) => f(&mut l.lock::<R>()),
            _ => f(&mut Vec::new()),
        }
    }

    fn len(&self) -> usize {
        self.with(|v| v.len())
    }

    fn get(&self, i: usize) -> Value<R> {
        self.with(|v| v.get(i).cloned().unwrap_or(Value::None))
    }

    /// Whether item `i` comes before item `j` (is less, or greater in a max-heap).
    fn before(&self, vm: &mut Vm<R>, i: usize, j: usize, size: usize) -> PyResult<bool, R> {
        let (a, b) = (self.get(i), self.get(j));
        let r = if self.max {
            vm.compare(b, a, 0)?
        } else {
            vm.compare(a, b, 0)?
        };
        let t = vm.truthy(&r)?;
        if self.len() != size {
            return Err(PyErr::runtime_error("list changed size during iteration"));
        }
        Ok(t)
    }

    fn swap(&self, i: usize, j: usize) {
        self.with(|v| {
            if i < v.len() && j < v.len() {
                v.swap(i, j);
            }
        });
    }

    /// Moves the item at `pos` up towards `start` while it comes before its parent.
    fn sift_down(&self, vm: &mut Vm<R>, start: usize, mut pos: usize) -> PyResult<(), R> {
        let size = self.len();
        while pos > start {
            let parent = (pos - 1) >> 1;
            if !self.before(vm, pos, parent, size)? {
                break;
            }
            self.swap(parent, pos);
            pos = parent;
        }
        Ok(())
    }

    /// Moves the smaller child up into `pos` until a leaf, then sifts the item back down.
    fn sift_up(&self, vm: &mut Vm<R>, mut pos: usize) -> PyResult<(), R> {
        let end = self.len();
        let start = pos;
        let limit = end >> 1;
        while pos < limit {
            let mut child = 2 * pos + 1;
            if child + 1 < end && !self.before(vm, child, child + 1, end)? {
                child += 1;
            }
            self.swap(child, pos);
            pos = child;
        }
        self.sift_down(vm, start, pos)
    }

    fn heapify(&self, vm: &mut Vm<R>) -> PyResult<(), R> {
        for i in (0..self.len() / 2).rev() {
            self.sift_up(vm, i)?;
        }
        Ok(())
    }

    fn pop(&self, vm: &mut Vm<R>) -> R0<R> {
        let Some(last) = self.with(|v| v.pop()) else {
            return Err(PyErr::index_error("index out of range"));
        };
        let first = self.with(|v| {
            v.first_mut()
                .map(|slot| std::mem::replace(slot, last.clone()))
        });
        match first {
            Some(first) => {
                self.sift_up(vm, 0)?;
                Ok(first)
            }
            None => Ok(last),
        }
    }

    fn replace(&self, vm: &mut Vm<R>, item: Value<R>) -> R0<R> {
        let Some(first) = self.with(|v| v.first_mut().map(|slot| std::mem::replace(slot, item)))
        else {
            return Err(PyErr::index_error("index out of range"));
        };
        self.sift_up(vm, 0)?;
        Ok(first)
    }
}

fn heappush<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let list = heap_arg(vm, &args, "heappush", 2)?;
    let heap = Heap { list, max: false };
    let n = heap.with(|v| {
        v.push(args.pos[1].clone());
        v.len()
    });
    heap.sift_down(vm, 0, n - 1)?;
    Ok(Value::None)
}

fn heappop<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let list = heap_arg(vm, &args, "heappop", 1)?;
    Heap { list, max: false }.pop(vm)
}

fn heappop_max<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let list = heap_arg(vm, &args, "_heappop_max", 1)?;
    Heap { list, max: true }.pop(vm)
}

fn heapify<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let list = heap_arg(vm, &args, "heapify", 1)?;
    Heap { list, max: false }.heapify(vm)?;
    Ok(Value::None)
}

fn heapify_max<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let list = heap_arg(vm, &args, "_heapify_max", 1)?;
    Heap { list, max: true }.heapify(vm)?;
    Ok(Value::None)
}

fn heapreplace<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let list = heap_arg(vm, &args, "heapreplace", 2)?;
    Heap { list, max: false }.replace(vm, args.pos[1].clone())
}

fn heapreplace_max<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let list = heap_arg(vm, &args, "_heapreplace_max", 2)?;
    Heap { list, max: true }.replace(vm, args.pos[1].clone())
}

fn heappushpop<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let list = heap_arg(vm, &args, "heappushpop", 2)?;
    let heap = Heap { list, max: false };
    let item = args.pos[1].clone();
    let Some(top) = heap.with(|v| v.first().cloned()) else {
        return Ok(item);
    };
    let r = vm.compare(top, item.clone(), 0)?;
    if !vm.truthy(&r)? {
        return Ok(item);
    }
    heap.replace(vm, item)
}

/// `sorted(iterable, key=key, reverse=reverse)[:n]`, which is what `nsmallest` and
/// `nlargest` are specified to equal.
fn first_sorted<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>, name: &str, reverse: bool) -> R0<R> {
    let key = args.take_kw("key").unwrap_or(Value::None);
    args.no_more_kwargs(name)?;
    super::itertools::expect_count(&args, name, 2, 2)?;
    let n = &args.pos[0];
    if super::num_args::to_bigint(vm, n).is_err() {
        return Err(PyErr::type_error(
            "slice indices must be integers or None or have an __index__ method",
        ));
    }
    let n = to_i64(vm, n, "").unwrap_or(i64::MAX).max(0) as usize;
    let sorted = builtin(vm, "sorted")?;
    let kwargs = vec![
        (vm.new_str("key"), key),
        (vm.new_str("reverse"), Value::Bool(reverse)),
    ];
    let all = vm.call(&sorted, vec![args.pos[1].clone()], kwargs)?;
    let mut items = vm.collect(&all)?;
    items.truncate(n);
    Ok(vm.new_list(items))
}

fn builtin<R: Runtime>(vm: &Vm<R>, name: &str) -> R0<R> {
    let found = match vm.interp.builtins.kind() {
        ObjKind::Dict(d) => d.lock::<R>().get(&vm.str_key(name)).cloned(),
        _ => None,
    };
    found.ok_or_else(|| PyErr::runtime_error(format!("builtin {name} is missing")))
}

fn nsmallest<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    first_sorted(vm, args, "nsmallest", false)
}

fn nlargest<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    first_sorted(vm, args, "nlargest", true)
}

// ---- merge ----

/// An item's key and the item.
type Keyed<R> = (Value<R>, Value<R>);

/// The inputs of `merge` with the item each would give next (and its key).
struct Merge<R: Runtime> {
    its: Vec<Value<R>>,
    key: Option<Value<R>>,
    reverse: bool,
    heads: Mutex<Option<Vec<Option<Keyed<R>>>>>,
}

fn merge_new<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let key = args.take_kw("key").filter(|k| !k.is_none());
    let reverse = match args.take_kw("reverse") {
        Some(v) => vm.truthy(&v)?,
        None => false,
    };
    args.no_more_kwargs("merge")?;
    let (class, args) = split_class(args);
    let mut its = Vec::with_capacity(args.pos.len());
    for v in &args.pos {
        its.push(vm.get_iter(v)?);
    }
    let merge = Merge {
        its,
        key,
        reverse,
        heads: Mutex::new(None),
    };
    new_object(&class, merge)
}

fn iter_self<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(args.pos.first().cloned().unwrap_or(Value::None))
}

/// The next item of input `it` with its key, or `None` at its end.
fn head<R: Runtime>(vm: &mut Vm<R>, m: &Merge<R>, it: &Value<R>) -> PyResult<Option<Keyed<R>>, R> {
    let Some(v) = vm.next_fast(it)? else {
        return Ok(None);
    };
    let k = match &m.key {
        Some(f) => vm.call(f, vec![v.clone()], Vec::new())?,
        None => v.clone(),
    };
    Ok(Some((k, v)))
}

fn merge_next<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let m = state_of::<R, Merge<R>>(&this)?;
    let heads = m.heads.lock().take();
    let mut heads = match heads {
        Some(h) => h,
        None => {
            let mut h = Vec::with_capacity(m.its.len());
            for it in &m.its {
                h.push(head(vm, m, it)?);
            }
            h
        }
    };
    // The first input whose head no other head precedes wins (ties go to earlier inputs).
    let mut best: Option<usize> = None;
    for i in 0..heads.len() {
        let Some((k, _)) = &heads[i] else { continue };
        let better = match best.and_then(|b| heads[b].as_ref()) {
            None => true,
            Some((bk, _)) => {
                let (a, b) = if m.reverse {
                    (bk.clone(), k.clone())
                } else {
                    (k.clone(), bk.clone())
                };
                let r = vm.compare(a, b, 0)?;
                vm.truthy(&r)?
            }
        };
        if better {
            best = Some(i);
        }
    }
    let Some(b) = best else {
        *m.heads.lock() = Some(heads);
        return stop();
    };
    let next = head(vm, m, &m.its[b])?;
    let (_, v) = std::mem::replace(&mut heads[b], next).unwrap_or((Value::None, Value::None));
    *m.heads.lock() = Some(heads);
    Ok(v)
}
