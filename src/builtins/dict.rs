//! `dict` methods (the table itself and its hashing rules are in `objects/dict.rs`). Keys are hashed
//! (which may run `__hash__`) before the table is locked, and the VM's `dict_*` helpers do
//! lookups that may need Python's `__eq__`.

use super::list::{method_args, Arity, MethodCall};
use crate::objects::dict::atom;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::iter::ViewKind;
use crate::objects::{Args, DictMap, NativeFn, ObjCell, ObjKind, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

type R0<R> = PyResult<Value<R>, R>;

pub fn methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![
        ("get", get),
        ("setdefault", setdefault),
        ("pop", pop),
        ("popitem", popitem),
        ("keys", keys),
        ("values", values),
        ("items", items),
        ("update", update),
        ("copy", copy),
        ("clear", clear),
        ("fromkeys", fromkeys),
        ("__len__", dunder_len),
        ("__getitem__", dunder_getitem),
        ("__setitem__", dunder_setitem),
        ("__delitem__", dunder_delitem),
        ("__contains__", dunder_contains),
        ("__iter__", dunder_iter),
    ]
}

fn is_dict<R: Runtime>(v: &Value<R>) -> bool {
    matches!(v.kind(), Some(ObjKind::Dict(_)))
}

/// The receiver's table and the arguments after it, checked.
fn dict_args<'a, R: Runtime>(
    vm: &Vm<R>,
    args: &'a Args<R>,
    method: &str,
    arity: Arity,
) -> MethodCall<'a, &'a ObjCell<DictMap<R>>, R> {
    let (receiver, rest) = method_args(vm, args, "dict", method, is_dict, arity)?;
    match receiver.kind() {
        Some(ObjKind::Dict(d)) => Ok((d, rest)),
        _ => Err(PyErr::type_error("descriptor requires a 'dict' object")),
    }
}

fn get<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (d, rest) = dict_args(vm, &args, "get", Arity::Between(1, 2))?;
    if let Some(found) = atom::get(d, &rest[0]) {
        return Ok(found.unwrap_or_else(|| rest.get(1).cloned().unwrap_or(Value::None)));
    }
    let key = vm.make_key(rest[0].clone())?;
    Ok(match vm.dict_lookup(d, &key)? {
        Some(v) => v,
        None => rest.get(1).cloned().unwrap_or(Value::None),
    })
}

fn setdefault<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (d, rest) = dict_args(vm, &args, "setdefault", Arity::Between(1, 2))?;
    let key = vm.make_key(rest[0].clone())?;
    if let Some(v) = vm.dict_lookup(d, &key)? {
        return Ok(v);
    }
    let default = rest.get(1).cloned().unwrap_or(Value::None);
    vm.dict_store(d, key, default.clone())?;
    Ok(default)
}

fn pop<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (d, rest) = dict_args(vm, &args, "pop", Arity::Between(1, 2))?;
    if let Some(Some((_, v))) = atom::remove(d, &rest[0]) {
        return Ok(v);
    }
    let key = vm.make_key(rest[0].clone())?;
    match (vm.dict_remove(d, &key)?, rest.get(1)) {
        (Some(v), _) => Ok(v),
        (None, Some(default)) => Ok(default.clone()),
        (None, None) => Err(vm.key_error(rest[0].clone())),
    }
}

fn popitem<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (d, _) = dict_args(vm, &args, "popitem", Arity::NoArgs)?;
    let last = d.lock::<R>().pop();
    match last {
        Some((k, v)) => Ok(vm.new_tuple(vec![k.value, v])),
        None => {
            let msg = vm.new_str("popitem(): dictionary is empty");
            Err(vm.key_error(msg))
        }
    }
}

fn view<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, method: &str, view: ViewKind) -> R0<R> {
    let (receiver, _) = method_args(vm, &args, "dict", method, is_dict, Arity::NoArgs)?;
    Ok(Value::new_obj(ObjKind::DictView {
        dict: receiver.clone(),
        view,
    }))
}

fn keys<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    view(vm, args, "keys", ViewKind::Keys)
}

fn values<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    view(vm, args, "values", ViewKind::Values)
}

fn items<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    view(vm, args, "items", ViewKind::Items)
}

/// `d.update([other], **kwargs)`: a mapping (a dict, or anything with `keys()`), or an
/// iterable of key/value pairs; then the keyword arguments.
fn update<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let kwargs = std::mem::take(&mut args.kw);
    let (d, rest) = dict_args(vm, &args, "update", Arity::Between(0, 1))?;
    if let Some(other) = rest.first() {
        if !other.is(&args.pos[0]) {
            merge_into(vm, d, other)?;
        }
    }
    for (k, v) in kwargs {
        let key = vm.make_key(k)?;
        vm.dict_store(d, key, v)?;
    }
    Ok(Value::None)
}

/// CPython's `dict_update_arg`: merges a mapping or a sequence of pairs into `d`, storing
/// pair by pair (an error part-way leaves the earlier pairs stored, as in CPython).
fn merge_into<R: Runtime>(
    vm: &mut Vm<R>,
    d: &ObjCell<DictMap<R>>,
    other: &Value<R>,
) -> PyResult<(), R> {
    if let Some(ObjKind::Dict(src)) = other.kind() {
        let pairs: Vec<_> = src
            .lock::<R>()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (k, v) in pairs {
            vm.dict_store(d, k, v)?;
        }
        return Ok(());
    }
    match vm.get_attr_str(other, "keys") {
        Ok(keys) => {
            let keys = vm.call(&keys, Vec::new(), Vec::new())?;
            let it = vm.get_iter(&keys)?;
            while let Some(k) = vm.next_fast(&it)? {
                let v = vm.get_item(other, &k)?;
                let key = vm.make_key(k)?;
                vm.dict_store(d, key, v)?;
            }
            return Ok(());
        }
        Err(e) if vm.err_kind(&e) == Some(ExcKind::AttributeError) => {}
        Err(e) => return Err(e),
    }
    let it = vm.get_iter(other)?;
    let mut n = 0;
    while let Some(item) = vm.next_fast(&it)? {
        let pair = match vm.collect(&item) {
            Ok(pair) => pair,
            Err(e) if vm.err_kind(&e) == Some(ExcKind::TypeError) && !vm.is_iterable(&item) => {
                return Err(PyErr::type_error(format!(
                    "cannot convert dictionary update sequence element #{n} to a sequence"
                )))
            }
            Err(e) => return Err(e),
        };
        let [k, v]: [Value<R>; 2] = pair.try_into().map_err(|pair: Vec<Value<R>>| {
            PyErr::value_error(format!(
                "dictionary update sequence element #{n} has length {}; 2 is required",
                pair.len()
            ))
        })?;
        let key = vm.make_key(k)?;
        vm.dict_store(d, key, v)?;
        n += 1;
    }
    Ok(())
}

fn copy<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (d, _) = dict_args(vm, &args, "copy", Arity::NoArgs)?;
    let map = d.lock::<R>().copy_as_dict();
    Ok(vm.new_dict(map))
}

fn clear<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (d, _) = dict_args(vm, &args, "clear", Arity::NoArgs)?;
    // Freed after the lock is released.
    let old = std::mem::take(&mut *d.lock::<R>());
    drop(old);
    Ok(Value::None)
}

/// `dict.fromkeys(iterable, value=None)`. A class attribute lookup hands back the plain
/// function, so the arguments may come three ways: after the class (if bound as a class
/// method), after a dict receiver (`{}.fromkeys(keys)`), or alone (`dict.fromkeys(keys)`).
/// A dict first argument counts as a receiver when three arguments came, or when it is empty
/// and the next one is iterable — `dict.fromkeys({}, v)` is the one call this misreads.
fn fromkeys<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("dict.fromkeys")?;
    let pos = &args.pos;
    let bound = match pos.first().and_then(|v| v.kind()) {
        Some(ObjKind::Class(_)) => true,
        Some(ObjKind::Dict(d)) => {
            pos.len() == 3
                || (pos.len() == 2 && d.lock::<R>().is_empty() && vm.is_iterable(&pos[1]))
        }
        _ => false,
    };
    let rest = if bound { &pos[1..] } else { &pos[..] };
    super::list::check_arity::<R>("dict", "fromkeys", rest.len(), Arity::Between(1, 2))?;
    let value = rest.get(1).cloned().unwrap_or(Value::None);
    let keys = vm.collect(&rest[0])?;
    // A subclass's `fromkeys` makes an instance of it and sets each item as Python code
    // would, through its `__setitem__` (CPython's `dict_fromkeys`).
    if let Some(cls) = pos
        .first()
        .filter(|_| bound)
        .and_then(|c| vm.user_subclass(c))
    {
        let d = vm.call(&Value::Obj(cls), Vec::new(), Vec::new())?;
        for k in keys {
            vm.set_item(&d, k, value.clone())?;
        }
        return Ok(d);
    }
    let cell = ObjCell::new(DictMap::default());
    for k in keys {
        let key = vm.make_key(k)?;
        vm.dict_store(&cell, key, value.clone())?;
    }
    Ok(Value::new_obj(ObjKind::Dict(cell)))
}

fn dunder_len<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (d, _) = dict_args(vm, &args, "__len__", Arity::Slot(0))?;
    let n = d.lock::<R>().len();
    Ok(Value::Int(n as i64))
}

fn dunder_getitem<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (receiver, rest) = method_args(vm, &args, "dict", "__getitem__", is_dict, Arity::One)?;
    vm.get_item(receiver, &rest[0])
}

fn dunder_setitem<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (receiver, rest) = method_args(vm, &args, "dict", "__setitem__", is_dict, Arity::Slot(2))?;
    vm.set_item(receiver, rest[0].clone(), rest[1].clone())?;
    Ok(Value::None)
}

fn dunder_delitem<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (receiver, rest) = method_args(vm, &args, "dict", "__delitem__", is_dict, Arity::Slot(1))?;
    vm.del_item(receiver, &rest[0])?;
    Ok(Value::None)
}

fn dunder_contains<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (d, rest) = dict_args(vm, &args, "__contains__", Arity::One)?;
    let key = vm.make_key(rest[0].clone())?;
    Ok(Value::Bool(vm.dict_index(d, &key)?.is_some()))
}

fn dunder_iter<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (receiver, _) = method_args(vm, &args, "dict", "__iter__", is_dict, Arity::Slot(0))?;
    vm.get_iter(receiver)
}

/// The methods of the dict views; only the set-like keys and items views have
/// `__contains__` and `isdisjoint`, as in CPython (`in` walks a values view). `K` is the view's [`ViewKind`] (see [`view_kind`]), so that a method
/// misapplied names its own class.
pub fn view_methods<R: Runtime, const K: u8>() -> Vec<(&'static str, NativeFn<R>)> {
    let mut methods: Vec<(&'static str, NativeFn<R>)> = vec![
        ("__len__", view_len::<R, K>),
        ("__iter__", view_iter::<R, K>),
    ];
    if view_kind(K) != ViewKind::Values {
        methods.push(("__contains__", view_contains::<R, K>));
        methods.push(("isdisjoint", view_isdisjoint::<R, K>));
    }
    methods
}

/// The view kind numbered `k` in [`view_methods`]: 0 keys, 1 values, 2 items.
pub const fn view_kind(k: u8) -> ViewKind {
    match k {
        0 => ViewKind::Keys,
        1 => ViewKind::Values,
        _ => ViewKind::Items,
    }
}

/// The receiver, a view of kind `K`, and the arguments after it.
fn view_args<'a, R: Runtime, const K: u8>(
    vm: &Vm<R>,
    args: &'a Args<R>,
    method: &str,
    arity: Arity,
) -> MethodCall<'a, &'a Value<R>, R> {
    let owner = match view_kind(K) {
        ViewKind::Keys => "dict_keys",
        ViewKind::Values => "dict_values",
        ViewKind::Items => "dict_items",
    };
    let accepts = |v: &Value<R>| matches!(v.kind(), Some(ObjKind::DictView { view, .. }) if *view == view_kind(K));
    method_args(vm, args, owner, method, accepts, arity)
}

fn view_len<R: Runtime, const K: u8>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (view, _) = view_args::<R, K>(vm, &args, "__len__", Arity::Slot(0))?;
    Ok(Value::Int(vm.len(view)? as i64))
}

fn view_iter<R: Runtime, const K: u8>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (view, _) = view_args::<R, K>(vm, &args, "__iter__", Arity::Slot(0))?;
    vm.get_iter(view)
}

fn view_contains<R: Runtime, const K: u8>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (view, rest) = view_args::<R, K>(vm, &args, "__contains__", Arity::Slot(1))?;
    Ok(Value::Bool(vm.contains(view, &rest[0])?))
}

/// `view.isdisjoint(other)`: no item of `other` is in the view. As CPython's, it walks the
/// smaller side when both have a size cheaply known (sets and views).
fn view_isdisjoint<R: Runtime, const K: u8>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (view, rest) = view_args::<R, K>(vm, &args, "isdisjoint", Arity::One)?;
    let (mut walked, mut probed) = (rest[0].clone(), view.clone());
    if walked.is(view) {
        return Ok(Value::Bool(vm.len(view)? == 0));
    }
    let sized = matches!(
        walked.kind(),
        Some(ObjKind::Set(_) | ObjKind::FrozenSet(_) | ObjKind::DictView { .. })
    );
    if sized && vm.len(&walked)? > vm.len(&probed)? {
        std::mem::swap(&mut walked, &mut probed);
    }
    let it = vm.get_iter(&walked)?;
    while let Some(item) = vm.next_fast(&it)? {
        if vm.contains(&probed, &item)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}
