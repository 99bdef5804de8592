//! `set` and `frozenset` methods (the table is `objects/set_table.rs`, the operators `vm/containers.rs`).
//!
//! Results follow CPython's iteration order: each method does what CPython's does to its
//! tables (copy, merge, insert in the argument's order, toggle...), with the free functions
//! of `set_table`. Arguments are hashed — which may run `__hash__` — before a set is locked.

use super::list::{method_args, Arity, MethodCall};
use crate::objects::dict::atom::needs_python_eq;
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::set::{same_key, SetData};
use crate::objects::set_table;
use crate::objects::{Args, DictKey, NativeFn, ObjCell, ObjKind, Value};
use crate::syntax::ast::BinOp;
use crate::vm::Runtime;
use crate::vm::Vm;

type R0<R> = PyResult<Value<R>, R>;

pub fn set_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![
        ("add", add),
        ("discard", discard),
        ("remove", remove),
        ("pop", pop),
        ("clear", clear),
        ("copy", set_copy),
        ("update", update),
        ("union", |vm, a| union(vm, a, SET)),
        ("intersection", |vm, a| intersection(vm, a, SET)),
        ("difference", |vm, a| difference(vm, a, SET)),
        ("symmetric_difference", |vm, a| {
            symmetric_difference(vm, a, SET)
        }),
        ("intersection_update", intersection_update),
        ("difference_update", difference_update),
        ("symmetric_difference_update", symmetric_difference_update),
        ("issubset", |vm, a| issubset(vm, a, SET)),
        ("issuperset", |vm, a| issuperset(vm, a, SET)),
        ("isdisjoint", |vm, a| isdisjoint(vm, a, SET)),
        ("__len__", |vm, a| dunder_len(vm, a, SET)),
        ("__contains__", |vm, a| dunder_contains(vm, a, SET)),
        ("__iter__", |vm, a| dunder_iter(vm, a, SET)),
        ("__reduce__", reduce),
    ]
}

pub fn frozenset_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![
        ("copy", frozenset_copy),
        ("union", |vm, a| union(vm, a, FROZENSET)),
        ("intersection", |vm, a| intersection(vm, a, FROZENSET)),
        ("difference", |vm, a| difference(vm, a, FROZENSET)),
        ("symmetric_difference", |vm, a| {
            symmetric_difference(vm, a, FROZENSET)
        }),
        ("issubset", |vm, a| issubset(vm, a, FROZENSET)),
        ("issuperset", |vm, a| issuperset(vm, a, FROZENSET)),
        ("isdisjoint", |vm, a| isdisjoint(vm, a, FROZENSET)),
        ("__len__", |vm, a| dunder_len(vm, a, FROZENSET)),
        ("__contains__", |vm, a| dunder_contains(vm, a, FROZENSET)),
        ("__iter__", |vm, a| dunder_iter(vm, a, FROZENSET)),
        ("__reduce__", reduce),
    ]
}

/// `set.__reduce__()` and `frozenset.__reduce__()`: `(class, (items as a list,), state)`, the
/// state being a subclass instance's attributes (None when it has none), as CPython's.
fn reduce<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    args.no_kwargs("__reduce__")?;
    args.check_count("__reduce__", 1, 1)?;
    let me = &args.pos[0];
    let base = vm.builtin_base(me).unwrap_or_else(|| me.clone());
    if !matches!(base.kind(), Some(ObjKind::Set(_) | ObjKind::FrozenSet(_))) {
        return Err(PyErr::type_error(format!(
            "descriptor '__reduce__' requires a 'set' object but received a '{}'",
            vm.type_name(me)
        )));
    }
    let items = vm.collect(&base)?;
    let items = vm.new_list(items);
    let attrs = match me.kind() {
        Some(ObjKind::Instance(i)) => i.to_map(),
        _ => Default::default(),
    };
    let state = if attrs.is_empty() {
        Value::None
    } else {
        vm.new_dict(attrs)
    };
    let class = Value::Obj(vm.types().class_of(me).clone());
    let args = vm.new_tuple(vec![items]);
    Ok(vm.new_tuple(vec![class, args, state]))
}

/// Which of the two types a shared method was called through.
#[derive(Clone, Copy)]
struct Owner {
    name: &'static str,
    frozen: bool,
}

const SET: Owner = Owner {
    name: "set",
    frozen: false,
};
const FROZENSET: Owner = Owner {
    name: "frozenset",
    frozen: true,
};

fn is_set<R: Runtime>(v: &Value<R>) -> bool {
    matches!(v.kind(), Some(ObjKind::Set(_)))
}

fn is_frozenset<R: Runtime>(v: &Value<R>) -> bool {
    matches!(v.kind(), Some(ObjKind::FrozenSet(_)))
}

/// The receiver and the arguments after it, checked for `owner`.
fn owner_args<'a, R: Runtime>(
    vm: &Vm<R>,
    args: &'a Args<R>,
    owner: Owner,
    method: &str,
    arity: Arity,
) -> MethodCall<'a, &'a Value<R>, R> {
    let accepts = if owner.frozen {
        is_frozenset::<R>
    } else {
        is_set::<R>
    };
    method_args(vm, args, owner.name, method, accepts, arity)
}

/// The receiver's cell and the arguments after it (methods of `set` only).
fn set_args<'a, R: Runtime>(
    vm: &Vm<R>,
    args: &'a Args<R>,
    method: &str,
    arity: Arity,
) -> MethodCall<'a, &'a ObjCell<SetData<R>>, R> {
    let (receiver, rest) = owner_args(vm, args, SET, method, arity)?;
    match receiver.kind() {
        Some(ObjKind::Set(s)) => Ok((s, rest)),
        _ => Err(PyErr::type_error("descriptor requires a 'set' object")),
    }
}

/// A snapshot of a set's or frozenset's table, in the same layout (so the same order).
fn snapshot<R: Runtime>(v: &Value<R>) -> Option<SetData<R>> {
    match v.kind() {
        Some(ObjKind::Set(s)) => Some(s.lock::<R>().copy_exact()),
        Some(ObjKind::FrozenSet(s)) => Some(s.copy_exact()),
        _ => None,
    }
}

fn receiver_table<R: Runtime>(v: &Value<R>) -> SetData<R> {
    snapshot(v).unwrap_or_default()
}

fn make<R: Runtime>(owner: Owner, table: SetData<R>) -> Value<R> {
    if owner.frozen {
        Value::new_obj(ObjKind::FrozenSet(table))
    } else {
        Value::new_obj(ObjKind::Set(ObjCell::new(table)))
    }
}

// ----- single keys --------------------------------------------------------------------------

/// The key to look up `item` by: a set is looked up as the frozenset with its items.
fn lookup_key<R: Runtime>(vm: &mut Vm<R>, item: &Value<R>) -> PyResult<DictKey<R>, R> {
    match item.kind() {
        Some(ObjKind::Set(s)) => {
            let table = s.lock::<R>().copy();
            vm.make_key(Value::new_obj(ObjKind::FrozenSet(table)))
        }
        _ => vm.make_key(item.clone()),
    }
}

/// The stored key built-in equality matches, or else the stored keys with the same hash that
/// only Python's `==` can decide about.
fn probe<R: Runtime>(table: &SetData<R>, key: &DictKey<R>) -> Result<Value<R>, Vec<Value<R>>> {
    let mut candidates = Vec::new();
    let found = table.get(key.hash, |k| {
        if same_key(k, &key.value) {
            return true;
        }
        if needs_python_eq(k) || needs_python_eq(&key.value) {
            candidates.push(k.clone());
        }
        false
    });
    match found {
        Some(k) => Ok(k.clone()),
        None => Err(candidates),
    }
}

/// The stored key equal to `key` in a live set, asking `==` outside the lock when needed.
fn find_stored<R: Runtime>(
    vm: &mut Vm<R>,
    cell: &ObjCell<SetData<R>>,
    key: &DictKey<R>,
) -> PyResult<Option<Value<R>>, R> {
    let probed = probe(&cell.lock::<R>(), key);
    resolve(vm, probed, key)
}

fn resolve<R: Runtime>(
    vm: &mut Vm<R>,
    probed: Result<Value<R>, Vec<Value<R>>>,
    key: &DictKey<R>,
) -> PyResult<Option<Value<R>>, R> {
    match probed {
        Ok(k) => Ok(Some(k)),
        Err(candidates) => {
            for c in candidates {
                if vm.eq(&c, &key.value)? {
                    return Ok(Some(c));
                }
            }
            Ok(None)
        }
    }
}

/// Removes the key equal to `key`; whether one was there.
fn remove_key<R: Runtime>(
    vm: &mut Vm<R>,
    cell: &ObjCell<SetData<R>>,
    key: &DictKey<R>,
) -> PyResult<bool, R> {
    let Some(stored) = find_stored(vm, cell, key)? else {
        return Ok(false);
    };
    let removed = cell.lock::<R>().remove(key.hash, |k| k.is(&stored));
    Ok(removed.is_some())
}

fn add<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (cell, rest) = set_args(vm, &args, "add", Arity::One)?;
    let key = vm.make_key(rest[0].clone())?;
    if find_stored(vm, cell, &key)?.is_none() {
        cell.lock::<R>().insert(key.hash, key.value, same_key);
    }
    Ok(Value::None)
}

fn discard<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (cell, rest) = set_args(vm, &args, "discard", Arity::One)?;
    let key = lookup_key(vm, &rest[0])?;
    remove_key(vm, cell, &key)?;
    Ok(Value::None)
}

fn remove<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (cell, rest) = set_args(vm, &args, "remove", Arity::One)?;
    let key = lookup_key(vm, &rest[0])?;
    if remove_key(vm, cell, &key)? {
        Ok(Value::None)
    } else {
        Err(vm.key_error(rest[0].clone()))
    }
}

fn pop<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (cell, _) = set_args(vm, &args, "pop", Arity::NoArgs)?;
    let popped = cell.lock::<R>().pop();
    match popped {
        Some((_, key)) => Ok(key),
        None => {
            let msg = vm.new_str("pop from an empty set");
            Err(vm.key_error(msg))
        }
    }
}

fn clear<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (cell, _) = set_args(vm, &args, "clear", Arity::NoArgs)?;
    cell.lock::<R>().clear();
    Ok(Value::None)
}

/// `set.copy()`: CPython's `set_copy`, a new table merged from this one.
fn set_copy<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (cell, _) = set_args(vm, &args, "copy", Arity::NoArgs)?;
    let table = cell.lock::<R>().copy();
    Ok(make(SET, table))
}

/// `frozenset.copy()` is the frozenset itself.
fn frozenset_copy<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (receiver, _) = owner_args(vm, &args, FROZENSET, "copy", Arity::NoArgs)?;
    Ok(receiver.clone())
}

// ----- other iterables ------------------------------------------------------------------------

/// An argument of the algebra, read (and hashed) before any table is locked, in the form
/// CPython's `set_update_internal` and friends treat it.
enum Incoming<R: Runtime> {
    /// A set or frozenset: its table, walked in slot order.
    Table(SetData<R>),
    /// A dict: its keys in insertion order, with their stored hashes.
    DictKeys(Vec<DictKey<R>>),
    /// Any other iterable: its items in order, hashed.
    Keys(Vec<DictKey<R>>),
}

fn incoming<R: Runtime>(vm: &mut Vm<R>, other: &Value<R>) -> PyResult<Incoming<R>, R> {
    if let Some(table) = snapshot(other) {
        return Ok(Incoming::Table(table));
    }
    if let Some(ObjKind::Dict(d)) = other.kind() {
        return Ok(Incoming::DictKeys(d.lock::<R>().keys().cloned().collect()));
    }
    let items = vm.collect(other)?;
    let mut keys = Vec::with_capacity(items.len());
    for item in items {
        keys.push(vm.make_key(item)?);
    }
    Ok(Incoming::Keys(keys))
}

impl<R: Runtime> Incoming<R> {
    /// `set_update_internal`: adds every key to `table`.
    fn add_to(&self, table: &mut SetData<R>) {
        match self {
            Incoming::Table(t) => table.merge(t, same_key),
            Incoming::DictKeys(keys) => {
                table.presize_for_dict(keys.len());
                for k in keys {
                    table.insert(k.hash, k.value.clone(), same_key);
                }
            }
            Incoming::Keys(keys) => {
                for k in keys {
                    table.insert(k.hash, k.value.clone(), same_key);
                }
            }
        }
    }

    /// `set_difference_update_internal`: discards every key from `table`.
    fn discard_from(&self, table: &mut SetData<R>) {
        match self {
            Incoming::Table(t) => table.difference_update(t, same_key),
            Incoming::DictKeys(keys) | Incoming::Keys(keys) => {
                for k in keys {
                    table.remove(k.hash, |stored| same_key(stored, &k.value));
                }
                table.purge_dummies_if_many();
            }
        }
    }

    /// The keys as a set table (`make_new_set(other)`).
    fn into_table(self) -> SetData<R> {
        match self {
            Incoming::Table(t) => t,
            other => {
                let mut table = SetData::new();
                other.add_to(&mut table);
                table
            }
        }
    }

    /// Whether `table` holds each key, in this argument's order.
    fn keys_in(&self, table: &SetData<R>) -> Vec<(bool, &DictKey<R>)> {
        match self {
            Incoming::Table(_) => Vec::new(),
            Incoming::DictKeys(keys) | Incoming::Keys(keys) => keys
                .iter()
                .map(|k| (table.contains(k.hash, |s| same_key(s, &k.value)), k))
                .collect(),
        }
    }
}

/// `set_intersection(so, other)` for one argument; `same` when `other` is `so` itself.
fn intersect_one<R: Runtime>(
    vm: &mut Vm<R>,
    so: &SetData<R>,
    other: &Value<R>,
    same: bool,
) -> PyResult<SetData<R>, R> {
    if same {
        return Ok(so.copy());
    }
    let other = incoming(vm, other)?;
    Ok(match &other {
        Incoming::Table(t) => set_table::intersection(so, t, same_key),
        _ => {
            let mut result = SetData::new();
            for (present, k) in other.keys_in(so) {
                if present {
                    result.insert(k.hash, k.value.clone(), same_key);
                }
            }
            result
        }
    })
}

/// `set_intersection_multi`: a copy with no arguments, else intersected with each in turn.
fn intersection_table<R: Runtime>(
    vm: &mut Vm<R>,
    receiver: &Value<R>,
    others: &[Value<R>],
) -> PyResult<SetData<R>, R> {
    let so = receiver_table(receiver);
    let Some((first, rest)) = others.split_first() else {
        return Ok(so.copy());
    };
    let mut result = intersect_one(vm, &so, first, first.is(receiver))?;
    for other in rest {
        result = intersect_one(vm, &result, other, false)?;
    }
    Ok(result)
}

// ----- the algebra ------------------------------------------------------------------------------

/// The algebra when the set or a set argument holds user objects, whose equality is their
/// `__eq__`: each argument made a set by `__eq__`, combined in turn by `Vm::set_op_by_eq`.
/// `None` when neither holds one (the tables' own equality decides).
fn algebra_by_eq<R: Runtime>(
    vm: &mut Vm<R>,
    receiver: &Value<R>,
    rest: &[Value<R>],
    op: BinOp,
) -> PyResult<Option<SetData<R>>, R> {
    let user = |t: &SetData<R>| t.iter().any(|(_, k)| needs_python_eq(k));
    let so = receiver_table(receiver);
    if !user(&so) && !rest.iter().any(|o| snapshot(o).is_some_and(|t| user(&t))) {
        return Ok(None);
    }
    let mut result = so.copy();
    for other in rest {
        let items = vm.collect(other)?;
        let table = vm.set_table_from(items)?;
        result = vm.set_op_by_eq(&result, &table, op)?;
    }
    Ok(Some(result))
}

fn union<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, owner: Owner) -> R0<R> {
    let (receiver, rest) = owner_args(vm, &args, owner, "union", Arity::Any)?;
    if let Some(result) = algebra_by_eq(vm, receiver, rest, BinOp::BitOr)? {
        return Ok(make(owner, result));
    }
    let mut result = receiver_table(receiver).copy();
    for other in rest {
        if other.is(receiver) {
            continue;
        }
        incoming(vm, other)?.add_to(&mut result);
    }
    Ok(make(owner, result))
}

fn intersection<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, owner: Owner) -> R0<R> {
    let (receiver, rest) = owner_args(vm, &args, owner, "intersection", Arity::Any)?;
    if let Some(result) = algebra_by_eq(vm, receiver, rest, BinOp::BitAnd)? {
        return Ok(make(owner, result));
    }
    let result = intersection_table(vm, receiver, rest)?;
    Ok(make(owner, result))
}

fn difference<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, owner: Owner) -> R0<R> {
    let (receiver, rest) = owner_args(vm, &args, owner, "difference", Arity::Any)?;
    if let Some(result) = algebra_by_eq(vm, receiver, rest, BinOp::Sub)? {
        return Ok(make(owner, result));
    }
    let so = receiver_table(receiver);
    let Some((first, rest)) = rest.split_first() else {
        return Ok(make(owner, so.copy()));
    };
    // `set_difference`: sets and dicts by the size rule of `set_table::difference`, other
    // iterables by discarding from a copy.
    let mut result = match incoming(vm, first)? {
        Incoming::Keys(keys) => {
            let mut result = so.copy();
            Incoming::Keys(keys).discard_from(&mut result);
            result
        }
        other => set_table::difference(&so, &other.into_table(), same_key),
    };
    for other in rest {
        incoming(vm, other)?.discard_from(&mut result);
    }
    Ok(make(owner, result))
}

fn symmetric_difference<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, owner: Owner) -> R0<R> {
    let (receiver, rest) = owner_args(vm, &args, owner, "symmetric_difference", Arity::One)?;
    if let Some(result) = algebra_by_eq(vm, receiver, rest, BinOp::BitXor)? {
        return Ok(make(owner, result));
    }
    let so = receiver_table(receiver);
    // A new set made from the argument, then this set's keys toggled in it.
    let mut result = SetData::new();
    incoming(vm, &rest[0])?.add_to(&mut result);
    result.symmetric_difference_update(&so, same_key);
    Ok(make(owner, result))
}

fn update<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (cell, rest) = set_args(vm, &args, "update", Arity::Any)?;
    for other in rest {
        if other.is(&args.pos[0]) {
            continue;
        }
        let other = incoming(vm, other)?;
        other.add_to(&mut cell.lock::<R>());
    }
    Ok(Value::None)
}

fn intersection_update<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (cell, rest) = set_args(vm, &args, "intersection_update", Arity::Any)?;
    let result = intersection_table(vm, &args.pos[0], rest)?;
    // `set_swap_bodies`: the pop finger stays.
    cell.lock::<R>().replace_body(result);
    Ok(Value::None)
}

fn difference_update<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (cell, rest) = set_args(vm, &args, "difference_update", Arity::Any)?;
    for other in rest {
        if other.is(&args.pos[0]) {
            cell.lock::<R>().clear();
            continue;
        }
        let other = incoming(vm, other)?;
        other.discard_from(&mut cell.lock::<R>());
    }
    Ok(Value::None)
}

fn symmetric_difference_update<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (cell, rest) = set_args(vm, &args, "symmetric_difference_update", Arity::One)?;
    if rest[0].is(&args.pos[0]) {
        cell.lock::<R>().clear();
        return Ok(Value::None);
    }
    match incoming(vm, &rest[0])? {
        // A dict's keys are toggled in the dict's order, with their stored hashes.
        Incoming::DictKeys(keys) => {
            let mut table = cell.lock::<R>();
            for k in keys {
                if table
                    .remove(k.hash, |stored| same_key(stored, &k.value))
                    .is_none()
                {
                    table.insert(k.hash, k.value, same_key);
                }
            }
        }
        other => {
            let other = other.into_table();
            cell.lock::<R>()
                .symmetric_difference_update(&other, same_key);
        }
    }
    Ok(Value::None)
}

// ----- comparisons --------------------------------------------------------------------------------

fn issubset<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, owner: Owner) -> R0<R> {
    let (receiver, rest) = owner_args(vm, &args, owner, "issubset", Arity::One)?;
    let so = receiver_table(receiver);
    let other = incoming(vm, &rest[0])?.into_table();
    Ok(Value::Bool(set_table::is_subset(&so, &other, same_key)))
}

fn issuperset<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, owner: Owner) -> R0<R> {
    let (receiver, rest) = owner_args(vm, &args, owner, "issuperset", Arity::One)?;
    let so = receiver_table(receiver);
    let other = incoming(vm, &rest[0])?;
    Ok(Value::Bool(match &other {
        Incoming::Table(t) => set_table::is_subset(t, &so, same_key),
        _ => other.keys_in(&so).iter().all(|(present, _)| *present),
    }))
}

fn isdisjoint<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, owner: Owner) -> R0<R> {
    let (receiver, rest) = owner_args(vm, &args, owner, "isdisjoint", Arity::One)?;
    let so = receiver_table(receiver);
    if rest[0].is(receiver) {
        return Ok(Value::Bool(so.is_empty()));
    }
    if let Some(common) = algebra_by_eq(vm, receiver, rest, BinOp::BitAnd)? {
        return Ok(Value::Bool(common.is_empty()));
    }
    let other = incoming(vm, &rest[0])?;
    Ok(Value::Bool(match &other {
        Incoming::Table(t) => set_table::is_disjoint(&so, t, same_key),
        _ => other.keys_in(&so).iter().all(|(present, _)| !*present),
    }))
}

// ----- protocol methods, for explicit calls ----------------------------------------------------

fn dunder_len<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, owner: Owner) -> R0<R> {
    let (receiver, _) = owner_args(vm, &args, owner, "__len__", Arity::Slot(0))?;
    Ok(Value::Int(receiver_len(receiver) as i64))
}

fn receiver_len<R: Runtime>(v: &Value<R>) -> usize {
    match v.kind() {
        Some(ObjKind::Set(s)) => s.lock::<R>().len(),
        Some(ObjKind::FrozenSet(s)) => s.len(),
        _ => 0,
    }
}

fn dunder_contains<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, owner: Owner) -> R0<R> {
    let (receiver, rest) = owner_args(vm, &args, owner, "__contains__", Arity::One)?;
    let key = lookup_key(vm, &rest[0])?;
    let probed = match receiver.kind() {
        Some(ObjKind::Set(s)) => probe(&s.lock::<R>(), &key),
        Some(ObjKind::FrozenSet(s)) => probe(s, &key),
        _ => Err(Vec::new()),
    };
    Ok(Value::Bool(resolve(vm, probed, &key)?.is_some()))
}

fn dunder_iter<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, owner: Owner) -> R0<R> {
    let (receiver, _) = owner_args(vm, &args, owner, "__iter__", Arity::Slot(0))?;
    vm.get_iter(receiver)
}
