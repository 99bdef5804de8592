//! The `bytearray` type: its constructor, the sequence protocol through dunder methods
//! (indexing, slicing, item and slice assignment, `+`, `*`, `in`, `==` with bytes), the
//! mutating methods (`append`, `extend`, `pop`, `insert`, `remove`, `reverse`, `clear`,
//! `copy`), and the `bytes` methods, run on a copy and giving bytearrays back.

use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{alloc, Args, IterState, NativeFn, ObjCell, ObjKind, Value};
use crate::vm::Runtime;
use crate::vm::{add_methods, Interp, Vm};
use std::sync::Arc;

type R0<R> = PyResult<Value<R>, R>;

/// The `bytes` methods a bytearray has too, by forwarding.
macro_rules! forwarded {
    ($($name:ident),* $(,)?) => {
        $(
            fn $name<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
                forward(vm, args, stringify!($name))
            }
        )*
        fn forwarded_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
            vec![$((stringify!($name), $name as NativeFn<R>)),*]
        }
    };
}

forwarded!(
    decode,
    hex,
    startswith,
    endswith,
    find,
    rfind,
    index,
    rindex,
    count,
    split,
    rsplit,
    join,
    strip,
    lstrip,
    rstrip,
    upper,
    lower,
    replace,
    isalnum,
    isalpha,
    isdigit,
    islower,
    isspace,
    isupper,
    capitalize,
    center,
    expandtabs,
    isascii,
    istitle,
    ljust,
    partition,
    removeprefix,
    removesuffix,
    rjust,
    rpartition,
    splitlines,
    swapcase,
    title,
    translate,
    zfill,
);

pub fn install<R: Runtime>(interp: &Arc<Interp<R>>) {
    let mut methods: Vec<(&'static str, NativeFn<R>)> = vec![
        ("__new__", |vm, a| {
            super::subclass::wrapping_new(vm, a, bytearray_new)
        }),
        ("__len__", len),
        ("__iter__", iter),
        ("__contains__", contains),
        ("__getitem__", getitem),
        ("__setitem__", setitem),
        ("__delitem__", delitem),
        ("__add__", add),
        ("__radd__", radd),
        ("__iadd__", iadd),
        ("__mul__", mul),
        ("__rmul__", mul),
        ("__imul__", imul),
        ("__eq__", eq),
        ("__ne__", ne),
        ("__lt__", lt),
        ("__le__", le),
        ("__gt__", gt),
        ("__ge__", ge),
        ("append", append),
        ("extend", extend),
        ("pop", pop),
        ("insert", insert),
        ("remove", remove),
        ("reverse", reverse),
        ("clear", clear),
        ("copy", copy),
    ];
    methods.extend(forwarded_methods());
    methods.push(("fromhex", super::str::bytes::fromhex));
    methods.push(("maketrans", super::str::bytes_maketrans));
    add_methods(&interp.types.bytearray, &methods);
    super::methods::wrap(&interp.types.bytearray, "fromhex", ObjKind::ClassMethod);
    super::methods::wrap(&interp.types.bytearray, "maketrans", ObjKind::StaticMethod);
}

pub fn new_bytearray<R: Runtime>(data: Vec<u8>) -> Value<R> {
    Value::new_obj(ObjKind::ByteArray(ObjCell::new(data)))
}

fn new_bytes<R: Runtime>(data: Vec<u8>) -> Value<R> {
    Value::new_obj(ObjKind::Bytes(data.into_boxed_slice()))
}

/// The receiver's bytes (a copy).
fn data<R: Runtime>(args: &Args<R>, name: &str) -> PyResult<Vec<u8>, R> {
    match args.pos.first().and_then(|v| v.kind()) {
        Some(ObjKind::ByteArray(b)) => Ok(b.lock::<R>().clone()),
        _ => Err(PyErr::type_error(format!(
            "descriptor '{name}' requires a 'bytearray' object"
        ))),
    }
}

/// Runs `f` on the receiver's buffer.
fn with_data<R: Runtime, T>(
    args: &Args<R>,
    name: &str,
    f: impl FnOnce(&mut Vec<u8>) -> PyResult<T, R>,
) -> PyResult<T, R> {
    match args.pos.first().and_then(|v| v.kind()) {
        Some(ObjKind::ByteArray(b)) => f(&mut b.lock::<R>()),
        _ => Err(PyErr::type_error(format!(
            "descriptor '{name}' requires a 'bytearray' object"
        ))),
    }
}

/// Like [`with_data`] for a method that changes the size: refused while a view exports it.
fn with_resizable<R: Runtime, T>(
    args: &Args<R>,
    name: &str,
    f: impl FnOnce(&mut Vec<u8>) -> PyResult<T, R>,
) -> PyResult<T, R> {
    if let Some(Value::Obj(o)) = args.pos.first() {
        if matches!(o.kind(), ObjKind::ByteArray(_)) {
            crate::objects::buffer::check_resize(o)?;
        }
    }
    with_data(args, name, f)
}

/// The bytes of a bytes-like value (bytes or bytearray).
fn bytes_like<R: Runtime>(v: &Value<R>) -> Option<Vec<u8>> {
    match v.kind() {
        Some(ObjKind::Bytes(b)) => Some(b.to_vec()),
        Some(ObjKind::ByteArray(b)) => Some(b.lock::<R>().clone()),
        _ => None,
    }
}

/// A byte given as an int, or as an object with `__index__`.
fn byte_value<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<u8, R> {
    let out_of_range = || PyErr::value_error("byte must be in range(0, 256)");
    match v {
        Value::Int(i) => u8::try_from(*i).map_err(|_| out_of_range()),
        Value::Bool(b) => Ok(*b as u8),
        Value::Obj(o) if matches!(o.kind(), ObjKind::BigInt(_)) => Err(out_of_range()),
        _ => {
            let i = super::list::ssize_arg(vm, v)?;
            u8::try_from(i).map_err(|_| out_of_range())
        }
    }
}

/// The bytes an iterable of ints (or a bytes-like value) gives.
fn bytes_from<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<Vec<u8>, R> {
    if let Some(b) = bytes_like(v) {
        return Ok(b);
    }
    if let Some(b) = super::memoryview::view_bytes(vm, v)? {
        return Ok(b);
    }
    if let Some(ObjKind::Str(_)) = v.kind() {
        return Err(PyErr::type_error("string argument without an encoding"));
    }
    let items = vm.collect(v)?;
    items.iter().map(|i| byte_value(vm, i)).collect()
}

/// bytes() and bytearray() take a source, an encoding and an error handler, no more.
pub(super) fn at_most_three<R: Runtime>(name: &str, n: usize) -> PyResult<(), R> {
    if n > 3 {
        return Err(PyErr::type_error(format!(
            "{name}() takes at most 3 arguments ({n} given)"
        )));
    }
    Ok(())
}

fn bytearray_new<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    if !args.pos.is_empty() {
        args.pos.remove(0);
    }
    at_most_three("bytearray", args.pos.len())?;
    let encoding = args
        .take_kw("encoding")
        .or_else(|| args.pos.get(1).cloned());
    let errors = args.take_kw("errors").or_else(|| args.pos.get(2).cloned());
    args.no_more_kwargs("bytearray")?;
    let Some(source) = args.pos.first().cloned() else {
        return Ok(new_bytearray(Vec::new()));
    };
    if let Some(data) = super::codecs::encode_arg(vm, "bytearray", &source, encoding, errors)? {
        return Ok(new_bytearray(data));
    }
    match &source {
        Value::Int(n) if *n < 0 => Err(PyErr::value_error("negative count")),
        Value::Int(n) => Ok(new_bytearray(alloc::zeroed_bytes(*n as usize)?)),
        Value::Obj(o) if matches!(o.kind(), ObjKind::BigInt(_)) => Err(index_overflow()),
        _ => Ok(new_bytearray(bytes_from(vm, &source)?)),
    }
}

fn len<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(Value::Int(data(&args, "__len__")?.len() as i64))
}

fn iter<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    match args.pos.first() {
        Some(seq @ Value::Obj(_)) if matches!(seq.kind(), Some(ObjKind::ByteArray(_))) => Ok(vm
            .new_iter(IterState::ByteArray {
                seq: seq.clone(),
                index: 0,
            })),
        _ => Err(PyErr::type_error(
            "descriptor '__iter__' requires a 'bytearray' object",
        )),
    }
}

fn contains<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let hay = data(&args, "__contains__")?;
    let needle = args.pos.get(1).cloned().unwrap_or(Value::None);
    let buffer = match bytes_like(&needle) {
        Some(b) => Some(b),
        None => super::memoryview::view_bytes(vm, &needle)?,
    };
    if let Some(sub) = buffer {
        let found = sub.is_empty() || hay.windows(sub.len()).any(|w| w == sub.as_slice());
        return Ok(Value::Bool(found));
    }
    let big = matches!(needle.kind(), Some(ObjKind::BigInt(_)));
    let b = byte_value(vm, &needle).map_err(|e| match needle {
        Value::Int(_) | Value::Bool(_) => e,
        _ if big => e,
        _ => PyErr::type_error(format!(
            "a bytes-like object is required, not '{}'",
            vm.type_name(&needle)
        )),
    })?;
    Ok(Value::Bool(hay.contains(&b)))
}

fn getitem<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let bytes = data(&args, "__getitem__")?;
    let index = args.pos.get(1).cloned().unwrap_or(Value::None);
    if let Some(ObjKind::Slice(_)) = index.kind() {
        let picked = vm.get_item(&new_bytes(bytes), &index)?;
        return Ok(new_bytearray(bytes_like(&picked).unwrap_or_default()));
    }
    let i = vm.seq_index(&index, bytes.len(), "bytearray")?;
    match bytes.get(i) {
        Some(b) => Ok(Value::Int(*b as i64)),
        None => Err(PyErr::index_error("bytearray index out of range")),
    }
}

/// The positions a slice selects in a sequence of `len` items, in order.
fn slice_positions<R: Runtime>(
    vm: &Vm<R>,
    index: &Value<R>,
    len: usize,
) -> PyResult<Option<(Vec<usize>, i64)>, R> {
    let Some(ObjKind::Slice(s)) = index.kind() else {
        return Ok(None);
    };
    let (start, stop, step) = vm.slice_indices(s, len)?;
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as usize);
        i += step;
    }
    Ok(Some((out, if step == 1 { start } else { -1 })))
}

fn setitem<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__setitem__", 3, 3)?;
    let (index, value) = (args.pos[1].clone(), args.pos[2].clone());
    let len = data(&args, "__setitem__")?.len();
    if let Some((positions, contiguous_start)) = slice_positions(vm, &index, len)? {
        let new = bytes_from(vm, &value)?;
        if contiguous_start >= 0 && new.len() != positions.len() {
            if let Some(Value::Obj(o)) = args.pos.first() {
                crate::objects::buffer::check_resize(o)?;
            }
        }
        return with_data(&args, "__setitem__", |buf| {
            if contiguous_start >= 0 {
                let start = contiguous_start as usize;
                let end = start + positions.len();
                buf.splice(start..end, new);
            } else {
                if new.len() != positions.len() {
                    return Err(PyErr::value_error(format!(
                        "attempt to assign bytes of size {} to extended slice of size {}",
                        new.len(),
                        positions.len()
                    )));
                }
                for (p, b) in positions.into_iter().zip(new) {
                    buf[p] = b;
                }
            }
            Ok(Value::None)
        });
    }
    let i = vm.seq_index(&index, len, "bytearray")?;
    let b = byte_value(vm, &value)?;
    with_data(&args, "__setitem__", |buf| match buf.get_mut(i) {
        Some(slot) => {
            *slot = b;
            Ok(Value::None)
        }
        None => Err(PyErr::index_error("bytearray index out of range")),
    })
}

fn delitem<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__delitem__", 2, 2)?;
    let index = args.pos[1].clone();
    let len = data(&args, "__delitem__")?.len();
    if let Some((mut positions, _)) = slice_positions(vm, &index, len)? {
        positions.sort_unstable();
        return with_resizable(&args, "__delitem__", |buf| {
            for p in positions.into_iter().rev() {
                buf.remove(p);
            }
            Ok(Value::None)
        });
    }
    let i = vm.seq_index(&index, len, "bytearray")?;
    with_resizable(&args, "__delitem__", |buf| {
        if i >= buf.len() {
            return Err(PyErr::index_error("bytearray index out of range"));
        }
        buf.remove(i);
        Ok(Value::None)
    })
}

fn concat_error<R: Runtime>(vm: &Vm<R>, other: &Value<R>) -> PyErr<R> {
    PyErr::type_error(format!("can't concat {} to bytearray", vm.type_name(other)))
}

/// The bytes of `x` in `bytearray + x`: a bytes-like value or a buffer (memoryview, array).
/// Otherwise an instance of a class may still take it with its reflected method (the
/// operator asks it next: `Err(NotImplemented)`), anything else is refused here.
fn concat_operand<R: Runtime>(
    vm: &mut Vm<R>,
    other: &Value<R>,
) -> PyResult<Result<Vec<u8>, Value<R>>, R> {
    if let Some(b) = bytes_like(other) {
        return Ok(Ok(b));
    }
    if let Some(b) = crate::builtins::memoryview::view_bytes(vm, other)? {
        return Ok(Ok(b));
    }
    match other.kind() {
        Some(ObjKind::Instance(_)) => Ok(Err(vm.interp.not_implemented.clone())),
        _ => Err(concat_error(vm, other)),
    }
}

fn add<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let mut a = data(&args, "__add__")?;
    let other = args.pos.get(1).cloned().unwrap_or(Value::None);
    let b = match concat_operand(vm, &other)? {
        Ok(b) => b,
        Err(declined) => return Ok(declined),
    };
    a.extend(b);
    Ok(new_bytearray(a))
}

/// `bytes + bytearray` is bytes.
fn radd<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let b = data(&args, "__radd__")?;
    let other = args.pos.get(1).cloned().unwrap_or(Value::None);
    match other.kind() {
        Some(ObjKind::Bytes(a)) => {
            let mut out = a.to_vec();
            out.extend(b);
            Ok(new_bytes(out))
        }
        _ => Ok(vm.interp.not_implemented.clone()),
    }
}

fn iadd<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let other = args.pos.get(1).cloned().unwrap_or(Value::None);
    let b = match concat_operand(vm, &other)? {
        Ok(b) => b,
        Err(declined) => return Ok(declined),
    };
    with_resizable(&args, "__iadd__", |buf| {
        buf.extend(b);
        Ok(())
    })?;
    Ok(args.pos[0].clone())
}

/// CPython's error for a count that does not fit `sys.maxsize`.
fn index_overflow<R: Runtime>() -> PyErr<R> {
    PyErr::overflow("cannot fit 'int' into an index-sized integer")
}

fn repeat_count<R: Runtime>(vm: &Vm<R>, v: &Value<R>) -> PyResult<Option<usize>, R> {
    match v {
        Value::Int(n) => Ok(Some((*n).max(0) as usize)),
        Value::Bool(b) => Ok(Some(*b as usize)),
        Value::Obj(o) if matches!(o.kind(), ObjKind::BigInt(_)) => Err(index_overflow()),
        // A user's object may still multiply through its `__rmul__` or `__index__`.
        Value::Obj(o) if matches!(o.kind(), ObjKind::Instance(_)) => Ok(None),
        _ => Err(PyErr::type_error(format!(
            "can't multiply sequence by non-int of type '{}'",
            vm.type_name(v)
        ))),
    }
}

fn mul<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = data(&args, "__mul__")?;
    let other = args.pos.get(1).cloned().unwrap_or(Value::None);
    match repeat_count(vm, &other)? {
        Some(n) => Ok(new_bytearray(alloc::repeat_items(&a[..], n)?)),
        None => Ok(vm.interp.not_implemented.clone()),
    }
}

fn imul<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let other = args.pos.get(1).cloned().unwrap_or(Value::None);
    let Some(n) = repeat_count(vm, &other)? else {
        return Ok(vm.interp.not_implemented.clone());
    };
    with_resizable(&args, "__imul__", |buf| {
        *buf = alloc::repeat_items(&buf[..], n)?;
        Ok(())
    })?;
    Ok(args.pos[0].clone())
}

fn eq<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = data(&args, "__eq__")?;
    let other = args.pos.get(1).cloned().unwrap_or(Value::None);
    Ok(match bytes_like(&other) {
        Some(b) => Value::Bool(a == b),
        None => vm.interp.not_implemented.clone(),
    })
}

fn ne<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = data(&args, "__ne__")?;
    let other = args.pos.get(1).cloned().unwrap_or(Value::None);
    Ok(match bytes_like(&other) {
        Some(b) => Value::Bool(a != b),
        None => vm.interp.not_implemented.clone(),
    })
}

/// An ordering of a bytearray against bytes or a bytearray, byte by byte as bytes order.
fn order<R: Runtime>(
    vm: &mut Vm<R>,
    args: &Args<R>,
    name: &str,
    holds: fn(std::cmp::Ordering) -> bool,
) -> R0<R> {
    let a = data(args, name)?;
    let other = args.pos.get(1).cloned().unwrap_or(Value::None);
    Ok(match bytes_like(&other) {
        Some(b) => Value::Bool(holds(a.cmp(&b))),
        None => vm.interp.not_implemented.clone(),
    })
}

fn lt<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    order(vm, &args, "__lt__", |o| o.is_lt())
}

fn le<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    order(vm, &args, "__le__", |o| o.is_le())
}

fn gt<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    order(vm, &args, "__gt__", |o| o.is_gt())
}

fn ge<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    order(vm, &args, "__ge__", |o| o.is_ge())
}

fn append<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("append", 2, 2)?;
    let b = byte_value(vm, &args.pos[1])?;
    with_resizable(&args, "append", |buf| {
        buf.push(b);
        Ok(Value::None)
    })
}

fn extend<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("extend", 2, 2)?;
    let more = match bytes_from(vm, &args.pos[1]) {
        Err(_) if matches!(args.pos[1].kind(), Some(ObjKind::Str(_))) => {
            return Err(PyErr::type_error(
                "expected iterable of integers; got: 'str'",
            ))
        }
        other => other?,
    };
    with_resizable(&args, "extend", |buf| {
        buf.extend(more);
        Ok(Value::None)
    })
}

fn pop<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("pop", 1, 2)?;
    let len = data(&args, "pop")?.len();
    if len == 0 {
        return Err(PyErr::index_error("pop from empty bytearray"));
    }
    let i = match args.pos.get(1) {
        Some(index) => vm.seq_index(index, len, "bytearray")?,
        None => len - 1,
    };
    with_resizable(&args, "pop", |buf| {
        if i >= buf.len() {
            return Err(PyErr::index_error("pop index out of range"));
        }
        Ok(Value::Int(buf.remove(i) as i64))
    })
}

fn insert<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("insert", 3, 3)?;
    let len = data(&args, "insert")?.len() as i64;
    let Value::Int(mut i) = args.pos[1] else {
        return Err(PyErr::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            vm.type_name(&args.pos[1])
        )));
    };
    if i < 0 {
        i = (i + len).max(0);
    }
    let at = i.min(len) as usize;
    let b = byte_value(vm, &args.pos[2])?;
    with_resizable(&args, "insert", |buf| {
        buf.insert(at, b);
        Ok(Value::None)
    })
}

fn remove<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("remove", 2, 2)?;
    let b = byte_value(vm, &args.pos[1])?;
    with_resizable(&args, "remove", |buf| {
        match buf.iter().position(|x| *x == b) {
            Some(p) => {
                buf.remove(p);
                Ok(Value::None)
            }
            None => Err(PyErr::value_error("value not found in bytearray")),
        }
    })
}

fn reverse<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    with_data(&args, "reverse", |buf| {
        buf.reverse();
        Ok(Value::None)
    })
}

fn clear<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    with_resizable(&args, "clear", |buf| {
        buf.clear();
        Ok(Value::None)
    })
}

fn copy<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(new_bytearray(data(&args, "copy")?))
}

/// Runs the `bytes` method `name` on a copy of the receiver (bytearray arguments read as
/// bytes); bytes results come back as bytearrays, as CPython's bytearray methods give them.
fn forward<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, name: &str) -> R0<R> {
    let receiver = new_bytes(data(&args, name)?);
    let key = vm.str_key(name);
    let bytes_class = vm.types().bytes.clone();
    let Some(method) = vm.lookup_type(&bytes_class, &key) else {
        return Err(PyErr::type_error(format!(
            "'bytearray' object has no attribute '{name}'"
        )));
    };
    let as_bytes = |v: &Value<R>| match v.kind() {
        Some(ObjKind::ByteArray(b)) => new_bytes(b.lock::<R>().clone()),
        _ => v.clone(),
    };
    let mut pos = vec![receiver];
    for a in &args.pos[1..] {
        let a = match a.kind() {
            Some(ObjKind::List(items)) if name == "join" => {
                let items: Vec<Value<R>> = items.lock::<R>().iter().map(as_bytes).collect();
                vm.new_list(items)
            }
            // A fill byte stays as given, so its error names its own type.
            _ if matches!(name, "center" | "ljust" | "rjust") => a.clone(),
            _ => as_bytes(a),
        };
        pos.push(a);
    }
    let kw = args
        .kw
        .iter()
        .map(|(k, v)| (k.clone(), as_bytes(v)))
        .collect();
    let result = vm.call(&method, pos, kw)?;
    Ok(match result.kind() {
        Some(ObjKind::Bytes(b)) if name != "decode" => new_bytearray(b.to_vec()),
        Some(ObjKind::List(items)) => {
            let items: Vec<Value<R>> = items.lock::<R>().iter().map(to_bytearray).collect();
            vm.new_list(items)
        }
        Some(ObjKind::Tuple(items)) => {
            let items: Vec<Value<R>> = items.iter().map(to_bytearray).collect();
            vm.new_tuple(items)
        }
        _ => result,
    })
}

fn to_bytearray<R: Runtime>(v: &Value<R>) -> Value<R> {
    match v.kind() {
        Some(ObjKind::Bytes(b)) => new_bytearray(b.to_vec()),
        _ => v.clone(),
    }
}
