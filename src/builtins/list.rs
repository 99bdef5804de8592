//! `list` methods: a growable sequence behind a cell (mutable, so locked under `--no-gil`).
//! Items are copied out before any Python code runs (comparisons, keys), per `ObjCell`'s rule.
//!
//! Also home of the receiver and argument-count checks that all the container and number
//! method files share ([`method_args`], [`Arity`]), written to give CPython's messages.

use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, IterState, NativeFn, ObjCell, ObjKind, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

type R0<R> = PyResult<Value<R>, R>;

pub fn methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![
        ("append", append),
        ("extend", extend),
        ("insert", insert),
        ("pop", pop),
        ("remove", remove),
        ("index", index),
        ("count", count),
        ("reverse", reverse),
        ("copy", copy),
        ("clear", clear),
        ("sort", sort),
        ("__len__", dunder_len),
        ("__getitem__", dunder_getitem),
        ("__setitem__", dunder_setitem),
        ("__delitem__", dunder_delitem),
        ("__contains__", dunder_contains),
        ("__iter__", dunder_iter),
        ("__reversed__", dunder_reversed),
    ]
}

// ----- receiver and argument checks shared by the method files ------------------------------

/// How many arguments (after the receiver) a method takes, and so which of CPython's
/// messages a wrong count gets.
#[derive(Clone, Copy)]
pub(super) enum Arity {
    /// `METH_NOARGS`: `list.copy() takes no arguments (1 given)`.
    NoArgs,
    /// `METH_O`: `list.append() takes exactly one argument (0 given)`.
    One,
    /// Argument Clinic positionals: `pop expected at most 1 argument, got 2`.
    Between(usize, usize),
    /// `METH_VARARGS` taking any number (`set.union(*others)`).
    Any,
    /// A slot wrapper (`__len__`, `__contains__`): `expected 1 argument, got 0`.
    Slot(usize),
}

/// A checked method call: what the receiver gives (itself, or its contents) and the
/// arguments after it.
pub(super) type MethodCall<'a, T, R> = PyResult<(T, &'a [Value<R>]), R>;

/// Checks a method call the way CPython's method descriptors do: there is a receiver, it is
/// of the right type (`accepts`), no keywords were passed and the count fits `arity`.
/// Returns the receiver and the arguments after it.
pub(super) fn method_args<'a, R: Runtime>(
    vm: &Vm<R>,
    args: &'a Args<R>,
    owner: &str,
    method: &str,
    accepts: fn(&Value<R>) -> bool,
    arity: Arity,
) -> MethodCall<'a, &'a Value<R>, R> {
    let slot = matches!(arity, Arity::Slot(_));
    let (receiver, rest) = match args.pos.split_first() {
        Some(split) => split,
        None if slot => {
            return Err(PyErr::type_error(format!(
                "descriptor '{method}' of '{owner}' object needs an argument"
            )))
        }
        None => {
            return Err(PyErr::type_error(format!(
                "unbound method {owner}.{method}() needs an argument"
            )))
        }
    };
    // An instance of a subclass (`class Point(tuple)`) passed explicitly, as in
    // `tuple.__getitem__(p, 0)`, works on the built-in value it extends.
    let receiver = match receiver.kind() {
        Some(ObjKind::Instance(i)) if !accepts(receiver) => match &i.base {
            Some(base) if accepts(base) => base,
            _ => receiver,
        },
        _ => receiver,
    };
    if !accepts(receiver) {
        let got = vm.type_name(receiver);
        return Err(PyErr::type_error(if slot {
            format!("descriptor '{method}' requires a '{owner}' object but received a '{got}'")
        } else {
            format!("descriptor '{method}' for '{owner}' objects doesn't apply to a '{got}' object")
        }));
    }
    if !args.kw.is_empty() {
        return Err(PyErr::type_error(if slot {
            format!("wrapper {method}() takes no keyword arguments")
        } else {
            format!("{owner}.{method}() takes no keyword arguments")
        }));
    }
    check_arity(owner, method, rest.len(), arity)?;
    Ok((receiver, rest))
}

/// Fails with CPython's message when `n` arguments don't fit `arity`.
pub(super) fn check_arity<R: Runtime>(
    owner: &str,
    method: &str,
    n: usize,
    arity: Arity,
) -> PyResult<(), R> {
    let plural = |k: usize| if k == 1 { "" } else { "s" };
    let msg = match arity {
        Arity::Any => return Ok(()),
        Arity::NoArgs if n == 0 => return Ok(()),
        Arity::NoArgs => format!("{owner}.{method}() takes no arguments ({n} given)"),
        Arity::One if n == 1 => return Ok(()),
        Arity::One => format!("{owner}.{method}() takes exactly one argument ({n} given)"),
        Arity::Between(min, max) if (min..=max).contains(&n) => return Ok(()),
        Arity::Between(min, max) if min == max => {
            format!("{method} expected {min} argument{}, got {n}", plural(min))
        }
        Arity::Between(min, _) if n < min => {
            format!(
                "{method} expected at least {min} argument{}, got {n}",
                plural(min)
            )
        }
        Arity::Between(_, max) => {
            format!(
                "{method} expected at most {max} argument{}, got {n}",
                plural(max)
            )
        }
        Arity::Slot(k) if k == n => return Ok(()),
        // `wrap_objobjargproc` unpacks with an empty function name, hence the leading space.
        Arity::Slot(2) => format!(" expected 2 arguments, got {n}"),
        Arity::Slot(k) => format!("expected {k} argument{}, got {n}", plural(k)),
    };
    Err(PyErr::type_error(msg))
}

/// An index argument as a C `Py_ssize_t` (`list.pop(i)`, `list.insert(i, x)`).
pub(super) fn ssize_arg<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<i64, R> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        _ => match v.kind() {
            Some(ObjKind::BigInt(_)) => Err(PyErr::overflow(
                "Python int too large to convert to C ssize_t",
            )),
            Some(ObjKind::Instance(_)) => match vm.call_special(v, "__index__", vec![])? {
                Some(i @ (Value::Int(_) | Value::Bool(_))) => ssize_arg(vm, &i),
                Some(other) => Err(PyErr::type_error(format!(
                    "__index__ returned non-int (type {})",
                    vm.type_name(&other)
                ))),
                None => Err(vm.not_an_integer(v)),
            },
            _ => Err(vm.not_an_integer(v)),
        },
    }
}

/// A `start`/`stop` bound of `index()`: any integer, huge ones clamped (CPython's
/// `_PyEval_SliceIndexNotNone`), then made relative to `len` and clipped at 0.
pub(super) fn search_bound<R: Runtime>(
    vm: &mut Vm<R>,
    v: &Value<R>,
    len: usize,
) -> PyResult<usize, R> {
    let i = match v.kind() {
        Some(ObjKind::BigInt(b)) => {
            if b.sign() == num_bigint::Sign::Minus {
                i64::MIN
            } else {
                i64::MAX
            }
        }
        _ => match ssize_arg(vm, v) {
            Ok(i) => i,
            Err(e) if vm.err_kind(&e) == Some(ExcKind::TypeError) => {
                return Err(PyErr::type_error(
                    "slice indices must be integers or have an __index__ method",
                ))
            }
            Err(e) => return Err(e),
        },
    };
    let i = if i < 0 {
        i.saturating_add(len as i64)
    } else {
        i
    };
    Ok(i.max(0) as usize)
}

/// `a == b` as the container searches do it: identity first (so a NaN finds itself, as
/// `PyObject_RichCompareBool` does), then `==`.
pub(super) fn same_or_equal<R: Runtime>(
    vm: &mut Vm<R>,
    a: &Value<R>,
    b: &Value<R>,
) -> PyResult<bool, R> {
    if a.is(b) {
        return Ok(true);
    }
    vm.eq(a, b)
}

// ----- list ---------------------------------------------------------------------------------

fn is_list<R: Runtime>(v: &Value<R>) -> bool {
    matches!(v.kind(), Some(ObjKind::List(_)))
}

/// The receiver's item cell and the arguments after it, checked.
fn list_args<'a, R: Runtime>(
    vm: &Vm<R>,
    args: &'a Args<R>,
    method: &str,
    arity: Arity,
) -> MethodCall<'a, &'a ObjCell<Vec<Value<R>>>, R> {
    let (receiver, rest) = method_args(vm, args, "list", method, is_list, arity)?;
    match receiver.kind() {
        Some(ObjKind::List(l)) => Ok((l, rest)),
        _ => Err(PyErr::type_error("descriptor requires a 'list' object")),
    }
}

/// The item at `i`, if the list (which Python code may have changed) still reaches it.
fn item_at<R: Runtime>(l: &ObjCell<Vec<Value<R>>>, i: usize) -> Option<Value<R>> {
    l.lock::<R>().get(i).cloned()
}

fn append<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (l, rest) = list_args(vm, &args, "append", Arity::One)?;
    l.lock::<R>().push(rest[0].clone());
    Ok(Value::None)
}

fn extend<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (l, rest) = list_args(vm, &args, "extend", Arity::One)?;
    let items = match rest[0].kind() {
        Some(ObjKind::List(other)) => other.lock::<R>().clone(),
        Some(ObjKind::Tuple(t)) => t.to_vec(),
        _ => vm.collect(&rest[0])?,
    };
    l.lock::<R>().extend(items);
    Ok(Value::None)
}

fn insert<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (l, rest) = list_args(vm, &args, "insert", Arity::Between(2, 2))?;
    let i = ssize_arg(vm, &rest[0])?;
    let mut items = l.lock::<R>();
    let len = items.len() as i64;
    let at = if i < 0 { (i + len).max(0) } else { i.min(len) };
    items.insert(at as usize, rest[1].clone());
    Ok(Value::None)
}

fn pop<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (l, rest) = list_args(vm, &args, "pop", Arity::Between(0, 1))?;
    let i = match rest.first() {
        Some(v) => ssize_arg(vm, v)?,
        None => -1,
    };
    let mut items = l.lock::<R>();
    if items.is_empty() {
        return Err(PyErr::index_error("pop from empty list"));
    }
    let len = items.len() as i64;
    let at = if i < 0 { i + len } else { i };
    if !(0..len).contains(&at) {
        return Err(PyErr::index_error("pop index out of range"));
    }
    Ok(items.remove(at as usize))
}

fn remove<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (l, rest) = list_args(vm, &args, "remove", Arity::One)?;
    let mut i = 0;
    while let Some(item) = item_at(l, i) {
        if same_or_equal(vm, &item, &rest[0])? {
            let mut items = l.lock::<R>();
            let removed = (i < items.len()).then(|| items.remove(i));
            drop(items);
            drop(removed);
            return Ok(Value::None);
        }
        i += 1;
    }
    Err(PyErr::value_error("list.remove(x): x not in list"))
}

fn index<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (l, rest) = list_args(vm, &args, "index", Arity::Between(1, 3))?;
    let len = l.lock::<R>().len();
    let start = match rest.get(1) {
        Some(v) => search_bound(vm, v, len)?,
        None => 0,
    };
    let stop = match rest.get(2) {
        Some(v) => search_bound(vm, v, len)?,
        None => usize::MAX,
    };
    let mut i = start;
    while i < stop {
        let Some(item) = item_at(l, i) else { break };
        if same_or_equal(vm, &item, &rest[0])? {
            return Ok(Value::Int(i as i64));
        }
        i += 1;
    }
    let shown = vm.repr(&rest[0])?;
    Err(PyErr::value_error(format!("{shown} is not in list")))
}

fn count<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (l, rest) = list_args(vm, &args, "count", Arity::One)?;
    // Counted under the lock when no comparison can run Python code.
    let quick: Option<i64> = l.lock::<R>().iter().try_fold(0, |n, v| {
        crate::vm::quick_eq(v, &rest[0]).map(|eq| n + eq as i64)
    });
    if let Some(n) = quick {
        return Ok(Value::Int(n));
    }
    let mut n = 0;
    let mut i = 0;
    while let Some(item) = item_at(l, i) {
        if same_or_equal(vm, &item, &rest[0])? {
            n += 1;
        }
        i += 1;
    }
    Ok(Value::Int(n))
}

fn reverse<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (l, _) = list_args(vm, &args, "reverse", Arity::NoArgs)?;
    l.lock::<R>().reverse();
    Ok(Value::None)
}

fn copy<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (l, _) = list_args(vm, &args, "copy", Arity::NoArgs)?;
    let items = l.lock::<R>().clone();
    Ok(vm.new_list(items))
}

fn clear<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (l, _) = list_args(vm, &args, "clear", Arity::NoArgs)?;
    // Freed after the lock is released, last item first (CPython's order, which `__del__`
    // output shows).
    let old = std::mem::take(&mut *l.lock::<R>());
    old.into_iter().rev().for_each(drop);
    Ok(Value::None)
}

fn sort<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let key = args.take_kw("key");
    let reverse = args.take_kw("reverse");
    if let Some((name, _)) = args.kw.first() {
        return Err(PyErr::type_error(format!(
            "'{}' is an invalid keyword argument for sort()",
            name.as_str().unwrap_or("?")
        )));
    }
    let (receiver, rest) = method_args(vm, &args, "list", "sort", is_list, Arity::Any)?;
    if !rest.is_empty() {
        return Err(PyErr::type_error("sort() takes no positional arguments"));
    }
    sort_list(vm, receiver, key, reverse)?;
    Ok(Value::None)
}

fn dunder_len<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (l, _) = list_args(vm, &args, "__len__", Arity::Slot(0))?;
    let n = l.lock::<R>().len();
    Ok(Value::Int(n as i64))
}

fn dunder_getitem<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (receiver, rest) = method_args(vm, &args, "list", "__getitem__", is_list, Arity::One)?;
    vm.get_item(receiver, &rest[0])
}

fn dunder_setitem<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (receiver, rest) = method_args(vm, &args, "list", "__setitem__", is_list, Arity::Slot(2))?;
    vm.set_item(receiver, rest[0].clone(), rest[1].clone())?;
    Ok(Value::None)
}

fn dunder_delitem<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (receiver, rest) = method_args(vm, &args, "list", "__delitem__", is_list, Arity::Slot(1))?;
    vm.del_item(receiver, &rest[0])?;
    Ok(Value::None)
}

fn dunder_contains<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (receiver, rest) = method_args(vm, &args, "list", "__contains__", is_list, Arity::Slot(1))?;
    Ok(Value::Bool(vm.contains(receiver, &rest[0])?))
}

fn dunder_iter<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (receiver, _) = method_args(vm, &args, "list", "__iter__", is_list, Arity::Slot(0))?;
    vm.get_iter(receiver)
}

fn dunder_reversed<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (l, _) = list_args(vm, &args, "__reversed__", Arity::NoArgs)?;
    let index = l.lock::<R>().len();
    Ok(vm.new_iter(IterState::Reversed {
        seq: args.pos[0].clone(),
        index,
        of_list: true,
    }))
}

/// Sorts a list in place, stably, with `<` (and an optional key function), as `list.sort`.
pub fn sort_list<R: Runtime>(
    vm: &mut Vm<R>,
    list: &Value<R>,
    key: Option<Value<R>>,
    reverse: Option<Value<R>>,
) -> PyResult<(), R> {
    let Some(ObjKind::List(cell)) = list.kind() else {
        return Ok(());
    };
    let reverse = match reverse {
        Some(r) => vm.truthy(&r)?,
        None => false,
    };
    // Take the items out while sorting, as CPython does (the list looks empty meanwhile).
    let items = std::mem::take(&mut *cell.lock::<R>());
    let key = key.filter(|k| !k.is_none());
    let mut keyed: Vec<(Value<R>, Value<R>)> = Vec::with_capacity(items.len());
    for item in &items {
        let k = match &key {
            Some(f) => match vm.call(f, vec![item.clone()], Vec::new()) {
                Ok(k) => k,
                Err(e) => {
                    // A failing key function leaves the list as it was.
                    drop(keyed);
                    *cell.lock::<R>() = items;
                    return Err(e);
                }
            },
            None => item.clone(),
        };
        keyed.push((k, item.clone()));
    }
    drop(items);
    if reverse {
        keyed.reverse();
    }
    let all_ints = keyed.iter().all(|(k, _)| matches!(k, Value::Int(_)));
    let all_strs = keyed.iter().all(|(k, _)| k.as_str().is_some());
    let mut result = Ok(());
    if all_ints {
        keyed.sort_by_key(|(k, _)| match k {
            Value::Int(i) => *i,
            _ => 0,
        });
    } else if all_strs {
        keyed.sort_by(|(a, _), (b, _)| a.as_str().cmp(&b.as_str()));
    } else {
        result = merge_sort(&mut keyed, &mut |(a, _), (b, _)| {
            let r = vm.compare(a.clone(), b.clone(), 0)?;
            vm.truthy(&r)
        });
    }
    if reverse {
        keyed.reverse();
    }
    // Items a key function or comparison put in the list meanwhile are dropped, and the
    // sort reports the change (after an error of its own, that error).
    let meanwhile = std::mem::replace(
        &mut *cell.lock::<R>(),
        keyed.into_iter().map(|(_, v)| v).collect(),
    );
    if result.is_ok() && !meanwhile.is_empty() {
        drop(meanwhile);
        return Err(PyErr::value_error("list modified during sort"));
    }
    result
}

/// A stable merge sort that asks only `less(a, b)`, as CPython's sort does. Python's `<` need
/// not be a total order (NaN, user classes), so this must not assume one; on an error the
/// items are all still there, in some order.
fn merge_sort<T: Clone, R: Runtime>(
    items: &mut Vec<T>,
    less: &mut dyn FnMut(&T, &T) -> PyResult<bool, R>,
) -> PyResult<(), R> {
    let n = items.len();
    let mut width = 1;
    while width < n {
        let mut merged = Vec::with_capacity(n);
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            // Already in order: one comparison, as for CPython's presorted runs.
            if mid == hi || !less(&items[mid], &items[mid - 1])? {
                merged.extend_from_slice(&items[lo..hi]);
                lo = hi;
                continue;
            }
            let (mut i, mut j) = (lo, mid);
            while i < mid && j < hi {
                // Take from the right only when strictly less, which keeps equal items stable.
                if less(&items[j], &items[i])? {
                    merged.push(items[j].clone());
                    j += 1;
                } else {
                    merged.push(items[i].clone());
                    i += 1;
                }
            }
            merged.extend_from_slice(&items[i..mid]);
            merged.extend_from_slice(&items[j..hi]);
            lo = hi;
        }
        *items = merged;
        width *= 2;
    }
    Ok(())
}
