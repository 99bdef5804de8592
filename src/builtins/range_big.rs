//! Ranges whose bounds or length do not fit 64 bits (`range(10**30)`). A small range is
//! `ObjKind::Range`, handled by the VM's own paths; a big one is a native object of the same
//! `range` class holding a [`BigRange`], served by the dunder methods below, which take both
//! kinds (so `range.__len__(range(3))` works too). Their iterators are `longrange_iterator`s.

use crate::objects::exception::{PyErr, PyResult};
use crate::objects::hash;
use crate::objects::iter::IterState;
use crate::objects::{Args, NativeFn, NativeObj, ObjKind, Value};
use crate::vm::{Runtime, Vm};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use std::sync::Mutex;

type R0<R> = PyResult<Value<R>, R>;

/// The bounds of a range too big for `ObjKind::Range`.
pub struct BigRange {
    pub start: BigInt,
    pub stop: BigInt,
    pub step: BigInt,
}

pub fn methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![
        ("__len__", len),
        ("__bool__", bool_),
        ("__getitem__", getitem),
        ("__iter__", iter),
        ("__reversed__", reversed),
        ("__contains__", contains),
        ("__eq__", eq),
        ("__ne__", ne),
        ("__hash__", hash_),
        ("__repr__", repr),
    ]
}

/// The properties `start`, `stop` and `step`.
pub fn properties<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![("start", start), ("stop", stop), ("step", step)]
}

/// `(start, stop, step)` of a range of either kind.
pub fn bounds<R: Runtime>(v: &Value<R>) -> Option<(BigInt, BigInt, BigInt)> {
    match v.kind()? {
        ObjKind::Range { start, stop, step } => {
            Some(((*start).into(), (*stop).into(), (*step).into()))
        }
        ObjKind::Native(n) => n
            .downcast::<BigRange>()
            .map(|b| (b.start.clone(), b.stop.clone(), b.step.clone())),
        _ => None,
    }
}

/// The number of items of `range(start, stop, step)`.
pub fn length(start: &BigInt, stop: &BigInt, step: &BigInt) -> BigInt {
    if step.is_positive() && start < stop {
        (stop - start - 1u8).div_floor(step) + 1u8
    } else if step.is_negative() && start > stop {
        (start - stop - 1u8).div_floor(&-step) + 1u8
    } else {
        BigInt::zero()
    }
}

/// A range value: the small kind when its bounds and length fit 64 bits.
pub fn make<R: Runtime>(vm: &Vm<R>, start: BigInt, stop: BigInt, step: BigInt) -> Value<R> {
    let small = (start.to_i64(), stop.to_i64(), step.to_i64());
    if let (Some(a), Some(b), Some(c)) = small {
        if length(&start, &stop, &step).to_i64().is_some() {
            return Value::new_obj(ObjKind::Range {
                start: a,
                stop: b,
                step: c,
            });
        }
    }
    Value::new_obj(ObjKind::Native(NativeObj {
        class: vm.types().range.clone(),
        data: Box::new(BigRange { start, stop, step }),
    }))
}

/// An int (or an object with `__index__`) as a big integer.
pub fn big_index<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<BigInt, R> {
    match v {
        Value::Int(i) => return Ok((*i).into()),
        Value::Bool(b) => return Ok((*b as i64).into()),
        _ => {}
    }
    if let Some(ObjKind::BigInt(b)) = v.kind() {
        return Ok(b.clone());
    }
    if let Some(base) = vm.builtin_base(v) {
        if matches!(base, Value::Int(_) | Value::Bool(_))
            || matches!(base.kind(), Some(ObjKind::BigInt(_)))
        {
            return big_index(vm, &base);
        }
    }
    if matches!(v.kind(), Some(ObjKind::Instance(_))) {
        if let Some(r) = vm.call_special(v, "__index__", Vec::new())? {
            if matches!(r, Value::Int(_) | Value::Bool(_))
                || matches!(r.kind(), Some(ObjKind::BigInt(_)))
            {
                return big_index(vm, &r);
            }
            return Err(PyErr::type_error(format!(
                "__index__ returned non-int (type {})",
                vm.type_name(&r)
            )));
        }
    }
    Err(vm.not_an_integer(v))
}

pub fn int_value<R: Runtime>(n: BigInt) -> Value<R> {
    match n.to_i64() {
        Some(i) => Value::Int(i),
        None => Value::new_obj(ObjKind::BigInt(n)),
    }
}

fn this<R: Runtime>(
    vm: &Vm<R>,
    args: &Args<R>,
    name: &str,
) -> PyResult<(BigInt, BigInt, BigInt), R> {
    match args.pos.first() {
        Some(v) => bounds(v).ok_or_else(|| {
            PyErr::type_error(format!(
                "descriptor '{name}' requires a 'range' object but received a '{}'",
                vm.type_name(v)
            ))
        }),
        None => Err(PyErr::type_error(format!(
            "descriptor '{name}' of 'range' object needs an argument"
        ))),
    }
}

fn ssize_overflow<R: Runtime>() -> PyErr<R> {
    PyErr::overflow("Python int too large to convert to C ssize_t")
}

fn len<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (a, b, c) = this(vm, &args, "__len__")?;
    length(&a, &b, &c)
        .to_i64()
        .map(Value::Int)
        .ok_or_else(ssize_overflow)
}

fn bool_<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (a, b, c) = this(vm, &args, "__bool__")?;
    Ok(Value::Bool(!length(&a, &b, &c).is_zero()))
}

fn getitem<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__getitem__", 2, 2)?;
    let (a, b, c) = this(vm, &args, "__getitem__")?;
    let n = length(&a, &b, &c);
    let key = &args.pos[1];
    if let Some(ObjKind::Slice(parts)) = key.kind() {
        let parts = parts.clone();
        let (first, last, by) = slice_indices(vm, &parts, &n)?;
        return Ok(make(vm, &a + &first * &c, &a + &last * &c, &c * by));
    }
    let i = match big_index(vm, key) {
        Ok(i) => i,
        Err(_) => {
            return Err(PyErr::type_error(format!(
                "range indices must be integers or slices, not {}",
                vm.type_name(key)
            )))
        }
    };
    let i = if i.is_negative() { i + &n } else { i };
    if i.is_negative() || i >= n {
        return Err(PyErr::index_error("range object index out of range"));
    }
    Ok(int_value(a + i * c))
}

/// `slice.indices(n)` with big integers.
fn slice_indices<R: Runtime>(
    vm: &mut Vm<R>,
    parts: &[Value<R>; 3],
    n: &BigInt,
) -> PyResult<(BigInt, BigInt, BigInt), R> {
    let bad =
        || PyErr::type_error("slice indices must be integers or None or have an __index__ method");
    let step = match &parts[2] {
        Value::None => BigInt::one(),
        v => big_index(vm, v).map_err(|_| bad())?,
    };
    if step.is_zero() {
        return Err(PyErr::value_error("slice step cannot be zero"));
    }
    let (lower, upper) = if step.is_negative() {
        (BigInt::from(-1), n - 1u8)
    } else {
        (BigInt::zero(), n.clone())
    };
    let mut clamp = |v: &Value<R>, default: &BigInt| -> PyResult<BigInt, R> {
        if v.is_none() {
            return Ok(default.clone());
        }
        let mut i = big_index(vm, v).map_err(|_| bad())?;
        if i.is_negative() {
            i += n;
            if i < lower {
                i = lower.clone();
            }
        } else if i > upper {
            i = upper.clone();
        }
        Ok(i)
    };
    let (start_default, stop_default) = if step.is_negative() {
        (upper.clone(), lower.clone())
    } else {
        (lower.clone(), upper.clone())
    };
    let start = clamp(&parts[0], &start_default)?;
    let stop = clamp(&parts[1], &stop_default)?;
    Ok((start, stop, step))
}

/// The state of a `longrange_iterator`: the next value, the step and how many are left.
struct LongRangeIter {
    state: Mutex<(BigInt, BigInt)>,
    step: BigInt,
}

fn iterator<R: Runtime>(vm: &Vm<R>, next: BigInt, step: BigInt, left: BigInt) -> Value<R> {
    let class = vm.native_class(
        "longrange_iterator",
        "builtins",
        &[
            ("__iter__", iter_self),
            ("__next__", iter_next),
            ("__length_hint__", iter_length_hint),
        ],
    );
    Value::new_obj(ObjKind::Native(NativeObj {
        class,
        data: Box::new(LongRangeIter {
            state: Mutex::new((next, left)),
            step,
        }),
    }))
}

fn iter_self<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(args.pos.first().cloned().unwrap_or(Value::None))
}

fn this_iter<R: Runtime>(args: &Args<R>) -> PyResult<&LongRangeIter, R> {
    args.pos
        .first()
        .and_then(|v| match v.kind() {
            Some(ObjKind::Native(n)) => n.downcast::<LongRangeIter>(),
            _ => None,
        })
        .ok_or_else(|| PyErr::type_error("longrange_iterator expected"))
}

/// The values left.
fn iter_length_hint<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let it = this_iter(&args)?;
    let state = it.state.lock().unwrap_or_else(|e| e.into_inner());
    Ok(int_value(state.1.clone()))
}

fn iter_next<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let it = this_iter(&args)?;
    let mut state = it.state.lock().unwrap_or_else(|e| e.into_inner());
    if !state.1.is_positive() {
        return Err(PyErr::stop_iteration());
    }
    let value = state.0.clone();
    state.0 += &it.step;
    state.1 -= 1u8;
    Ok(int_value(value))
}

fn iter<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (a, b, c) = this(vm, &args, "__iter__")?;
    if let Some(ObjKind::Range { .. }) = args.pos[0].kind() {
        return vm.get_iter(&args.pos[0]);
    }
    let n = length(&a, &b, &c);
    Ok(iterator(vm, a, c, n))
}

fn reversed<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (a, b, c) = this(vm, &args, "__reversed__")?;
    let n = length(&a, &b, &c);
    let last = if n.is_zero() {
        a.clone()
    } else {
        &a + (&n - 1u8) * &c
    };
    // Bounds that fit a machine int make a `range_iterator`, as in CPython: it counts down
    // from the last value to one step before the start (where an empty one starts).
    let stop = &a - &c;
    let first = if n.is_zero() { &stop } else { &last };
    let small = (first.to_i64(), stop.to_i64(), (-&c).to_i64());
    if let (Some(next), Some(stop), Some(step)) = small {
        return Ok(vm.new_iter(IterState::Range { next, stop, step }));
    }
    Ok(iterator(vm, last, -c, n))
}

/// The position of the int `i` in the range, if it is there.
pub fn position(a: &BigInt, b: &BigInt, c: &BigInt, i: &BigInt) -> Option<BigInt> {
    let inside = if c.is_positive() {
        a <= i && i < b
    } else {
        b < i && i <= a
    };
    if !inside {
        return None;
    }
    let (q, r) = (i - a).div_rem(c);
    r.is_zero().then_some(q)
}

fn is_int<R: Runtime>(v: &Value<R>) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_)) || matches!(v.kind(), Some(ObjKind::BigInt(_)))
}

fn contains<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__contains__", 2, 2)?;
    let (a, b, c) = this(vm, &args, "__contains__")?;
    let item = &args.pos[1];
    if is_int(item) {
        let i = big_index(vm, item)?;
        return Ok(Value::Bool(position(&a, &b, &c, &i).is_some()));
    }
    let it = iter(vm, Args::positional(vec![args.pos[0].clone()]))?;
    while let Some(v) = vm.next_fast(&it)? {
        if vm.eq(&v, item)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

/// Two ranges are equal when they give the same items.
fn same<R: Runtime>(x: &Value<R>, y: &Value<R>) -> Option<bool> {
    let (a1, b1, c1) = bounds(x)?;
    let (a2, b2, c2) = bounds(y)?;
    let (n1, n2) = (length(&a1, &b1, &c1), length(&a2, &b2, &c2));
    Some(n1 == n2 && (n1.is_zero() || (a1 == a2 && (n1.is_one() || c1 == c2))))
}

fn eq<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__eq__", 2, 2)?;
    this(vm, &args, "__eq__")?;
    Ok(match same(&args.pos[0], &args.pos[1]) {
        Some(b) => Value::Bool(b),
        None => vm.interp.not_implemented.clone(),
    })
}

fn ne<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__ne__", 2, 2)?;
    this(vm, &args, "__ne__")?;
    Ok(match same(&args.pos[0], &args.pos[1]) {
        Some(b) => Value::Bool(!b),
        None => vm.interp.not_implemented.clone(),
    })
}

/// CPython's: the hash of `(len, start, step)`, with `None` for the parts that do not
/// change which items the range has.
fn hash_<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (a, b, c) = this(vm, &args, "__hash__")?;
    let n = length(&a, &b, &c);
    let none = vm.make_key(Value::None)?.hash;
    let parts = if n.is_zero() {
        [hash::hash_i64(0), none, none]
    } else if n.is_one() {
        [hash::hash_i64(1), hash::hash_bigint(&a), none]
    } else {
        [
            hash::hash_bigint(&n),
            hash::hash_bigint(&a),
            hash::hash_bigint(&c),
        ]
    };
    Ok(Value::Int(hash::hash_tuple(&parts)))
}

fn repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (a, b, c) = this(vm, &args, "__repr__")?;
    let text = if c.is_one() {
        format!("range({a}, {b})")
    } else {
        format!("range({a}, {b}, {c})")
    };
    Ok(vm.new_str(text))
}

fn start<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(int_value(this(vm, &args, "start")?.0))
}

fn stop<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(int_value(this(vm, &args, "stop")?.1))
}

fn step<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(int_value(this(vm, &args, "step")?.2))
}
