//! The operator and protocol methods of the built-in types that the VM runs without them
//! (`int.__add__`, `str.__len__`, `set.__or__`, `float.__floor__`, ...), so that they exist
//! as in CPython: `dir(int)`, `int.__add__(2, 3)`, `(5).__neg__()`, `super().__add__(x)` in a
//! subclass. Each one works on the built-in values (a subclass instance is unwrapped to its
//! base) through the VM's built-in-only entry points (`Vm::builtin_binary`, `Vm::len`, ...),
//! which never look a dunder method up again, so nothing recurses; an operand of another
//! type gives `NotImplemented`, as CPython's slots do.

use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{int, Args, NativeFn, ObjKind, Value};
use crate::syntax::ast::BinOp;
use crate::vm::{Runtime, Vm};
use num_traits::ToPrimitive;

type R0<R> = PyResult<Value<R>, R>;

/// What the other operand of a binary method may be.
#[derive(Clone, Copy)]
enum Accept {
    /// int and bool.
    Int,
    /// int, bool and float.
    Real,
    /// set and frozenset.
    Set,
    /// dict.
    Dict,
    /// str.
    Str,
    /// Anything: the operation itself reports a wrong operand (`can only concatenate ...`).
    Any,
}

fn plain<R: Runtime>(vm: &Vm<R>, v: &Value<R>) -> Value<R> {
    vm.builtin_base(v).unwrap_or_else(|| v.clone())
}

fn accepts<R: Runtime>(accept: Accept, v: &Value<R>) -> bool {
    let is_int =
        matches!(v, Value::Int(_) | Value::Bool(_)) || matches!(v.kind(), Some(ObjKind::BigInt(_)));
    match accept {
        Accept::Int => is_int,
        Accept::Real => is_int || matches!(v, Value::Float(_)),
        Accept::Set => matches!(v.kind(), Some(ObjKind::Set(_) | ObjKind::FrozenSet(_))),
        Accept::Dict => matches!(v.kind(), Some(ObjKind::Dict(_))),
        Accept::Str => matches!(v.kind(), Some(ObjKind::Str(_))),
        Accept::Any => true,
    }
}

/// `self op other` (or `other op self` when `reflected`).
fn binary<R: Runtime>(
    vm: &mut Vm<R>,
    args: &Args<R>,
    name: &str,
    op: BinOp,
    accept: Accept,
    reflected: bool,
) -> R0<R> {
    args.check_count(name, 2, 2)?;
    let (me, other) = (plain(vm, &args.pos[0]), plain(vm, &args.pos[1]));
    if !accepts(accept, &other) {
        return Ok(vm.interp.not_implemented.clone());
    }
    if op == BinOp::Add && !reflected && vm.concat_refused(&me, &args.pos[1]).is_some() {
        // The operator's own last step names the operand's class in its TypeError.
        return Ok(vm.interp.not_implemented.clone());
    }
    let (a, b) = if reflected { (other, me) } else { (me, other) };
    match vm.builtin_binary(&a, &b, op)? {
        Some(r) => Ok(r),
        None => Ok(vm.interp.not_implemented.clone()),
    }
}

/// Defines `fn $f(vm, args)` = `binary(..., $op, $accept, $reflected)`.
macro_rules! binaries {
    ($($f:ident = $name:literal, $op:ident, $accept:ident, $reflected:expr;)*) => {
        $(
            fn $f<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
                binary(vm, &args, $name, BinOp::$op, Accept::$accept, $reflected)
            }
        )*
    };
}

binaries! {
    int_add = "__add__", Add, Int, false;
    int_radd = "__radd__", Add, Int, true;
    int_sub = "__sub__", Sub, Int, false;
    int_rsub = "__rsub__", Sub, Int, true;
    int_mul = "__mul__", Mul, Int, false;
    int_rmul = "__rmul__", Mul, Int, true;
    int_truediv = "__truediv__", Div, Int, false;
    int_rtruediv = "__rtruediv__", Div, Int, true;
    int_floordiv = "__floordiv__", FloorDiv, Int, false;
    int_rfloordiv = "__rfloordiv__", FloorDiv, Int, true;
    int_mod = "__mod__", Mod, Int, false;
    int_rmod = "__rmod__", Mod, Int, true;
    int_lshift = "__lshift__", LShift, Int, false;
    int_rlshift = "__rlshift__", LShift, Int, true;
    int_rshift = "__rshift__", RShift, Int, false;
    int_rrshift = "__rrshift__", RShift, Int, true;
    int_and = "__and__", BitAnd, Int, false;
    int_rand = "__rand__", BitAnd, Int, true;
    int_or = "__or__", BitOr, Int, false;
    int_ror = "__ror__", BitOr, Int, true;
    int_xor = "__xor__", BitXor, Int, false;
    int_rxor = "__rxor__", BitXor, Int, true;
    float_add = "__add__", Add, Real, false;
    float_radd = "__radd__", Add, Real, true;
    float_sub = "__sub__", Sub, Real, false;
    float_rsub = "__rsub__", Sub, Real, true;
    float_mul = "__mul__", Mul, Real, false;
    float_rmul = "__rmul__", Mul, Real, true;
    float_truediv = "__truediv__", Div, Real, false;
    float_rtruediv = "__rtruediv__", Div, Real, true;
    float_floordiv = "__floordiv__", FloorDiv, Real, false;
    float_rfloordiv = "__rfloordiv__", FloorDiv, Real, true;
    float_mod = "__mod__", Mod, Real, false;
    float_rmod = "__rmod__", Mod, Real, true;
    seq_add = "__add__", Add, Any, false;
    seq_rmul = "__rmul__", Mul, Int, true;
    str_mod = "__mod__", Mod, Any, false;
    str_rmod = "__rmod__", Mod, Str, true;
    bytes_mod = "__mod__", Mod, Any, false;
    set_and = "__and__", BitAnd, Set, false;
    set_rand = "__rand__", BitAnd, Set, true;
    set_or = "__or__", BitOr, Set, false;
    set_ror = "__ror__", BitOr, Set, true;
    set_sub = "__sub__", Sub, Set, false;
    set_rsub = "__rsub__", Sub, Set, true;
    set_xor = "__xor__", BitXor, Set, false;
    set_rxor = "__rxor__", BitXor, Set, true;
    dict_or = "__or__", BitOr, Dict, false;
    dict_ror = "__ror__", BitOr, Dict, true;
}

/// `seq * n`: a count that is not an int is refused as CPython's `sq_repeat` does.
fn seq_mul<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__mul__", 2, 2)?;
    let other = plain(vm, &args.pos[1]);
    if !accepts(Accept::Int, &other) && !matches!(other.kind(), Some(ObjKind::Instance(_))) {
        return Err(vm.not_an_integer(&other));
    }
    binary(vm, &args, "__mul__", BinOp::Mul, Accept::Any, false)
}

/// `self op= other` in place (lists and sets).
fn inplace<R: Runtime>(
    vm: &mut Vm<R>,
    args: &Args<R>,
    name: &str,
    op: BinOp,
    accept: Accept,
) -> R0<R> {
    args.check_count(name, 2, 2)?;
    let (me, other) = (plain(vm, &args.pos[0]), plain(vm, &args.pos[1]));
    if !accepts(accept, &other) {
        return Ok(vm.interp.not_implemented.clone());
    }
    let changed = vm.inplace_op(me.clone(), other, op)?;
    // The base changed in place: the receiver (a subclass instance too) is the result.
    Ok(if changed.is(&me) {
        args.pos[0].clone()
    } else {
        changed
    })
}

macro_rules! inplaces {
    ($($f:ident = $name:literal, $op:ident, $accept:ident;)*) => {
        $(
            fn $f<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
                inplace(vm, &args, $name, BinOp::$op, Accept::$accept)
            }
        )*
    };
}

inplaces! {
    list_iadd = "__iadd__", Add, Any;
    list_imul = "__imul__", Mul, Any;
    set_iand = "__iand__", BitAnd, Set;
    set_ior = "__ior__", BitOr, Set;
    set_isub = "__isub__", Sub, Set;
    set_ixor = "__ixor__", BitXor, Set;
}

/// `d |= other`: any mapping or iterable of pairs, as `d.update(other)`.
fn dict_ior<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__ior__", 2, 2)?;
    let me = plain(vm, &args.pos[0]);
    vm.dict_update_from(&me, &args.pos[1], false)?;
    Ok(args.pos[0].clone())
}

/// `reversed(d)`: the keys, last first.
fn dict_reversed<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__reversed__", 1, 1)?;
    let me = plain(vm, &args.pos[0]);
    let mut items = vm.collect(&me)?;
    items.reverse();
    Ok(vm.new_iter(crate::objects::iter::IterState::Snapshot {
        items,
        index: 0,
        type_name: "dict_reversekeyiterator",
    }))
}

fn receiver<R: Runtime>(vm: &Vm<R>, args: &Args<R>, name: &str) -> PyResult<Value<R>, R> {
    args.check_count(name, 1, 1)?;
    Ok(plain(vm, &args.pos[0]))
}

fn unary<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, name: &str, op: u32) -> R0<R> {
    let me = receiver(vm, &args, name)?;
    vm.unary_op(me, op)
}

fn neg<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    unary(vm, args, "__neg__", 1)
}

fn pos<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    unary(vm, args, "__pos__", 2)
}

fn invert<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    unary(vm, args, "__invert__", 3)
}

fn abs<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let me = receiver(vm, &args, "__abs__")?;
    super::functions::abs(vm, Args::positional(vec![me]))
}

fn bool_<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let me = receiver(vm, &args, "__bool__")?;
    Ok(Value::Bool(vm.truthy(&me)?))
}

fn as_float<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let me = receiver(vm, &args, "__float__")?;
    Ok(match me {
        Value::Float(f) => Value::Float(f),
        Value::Int(i) => Value::Float(i as f64),
        Value::Bool(b) => Value::Float(b as i64 as f64),
        other => match other.kind() {
            Some(ObjKind::BigInt(b)) => Value::Float(
                b.to_f64()
                    .filter(|f| f.is_finite())
                    .ok_or_else(|| PyErr::overflow("int too large to convert to float"))?,
            ),
            _ => return Err(PyErr::type_error("__float__ needs a number")),
        },
    })
}

/// An int's value as an int (not a bool): `__int__`, `__index__`, `__trunc__`, `__floor__`,
/// `__ceil__`, `numerator`, `real` of an int.
fn int_self<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let me = receiver(vm, &args, "__trunc__")?;
    Ok(match me {
        Value::Bool(b) => Value::Int(b as i64),
        other => other,
    })
}

fn int_zero<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    receiver(vm, &args, "imag")?;
    Ok(Value::Int(0))
}

fn int_one<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    receiver(vm, &args, "denominator")?;
    Ok(Value::Int(1))
}

fn int_getnewargs<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let me = int_self(vm, args)?;
    Ok(vm.new_tuple(vec![me]))
}

fn round<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__round__", 1, 2)?;
    let mut pos = args.pos;
    pos[0] = plain(vm, &pos[0]);
    if matches!(pos[0], Value::Bool(_)) {
        pos[0] = int_self(vm, Args::positional(vec![pos[0].clone()]))?;
    }
    super::functions::round(vm, Args::positional(pos))
}

fn divmod_with<R: Runtime>(
    vm: &mut Vm<R>,
    args: Args<R>,
    accept: Accept,
    reflected: bool,
) -> R0<R> {
    args.check_count("__divmod__", 2, 2)?;
    let (me, other) = (plain(vm, &args.pos[0]), plain(vm, &args.pos[1]));
    if !accepts(accept, &other) {
        return Ok(vm.interp.not_implemented.clone());
    }
    let pair = if reflected {
        vec![other, me]
    } else {
        vec![me, other]
    };
    super::functions::divmod(vm, Args::positional(pair))
}

fn int_divmod<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    divmod_with(vm, args, Accept::Int, false)
}

fn int_rdivmod<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    divmod_with(vm, args, Accept::Int, true)
}

fn float_divmod<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    divmod_with(vm, args, Accept::Real, false)
}

fn float_rdivmod<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    divmod_with(vm, args, Accept::Real, true)
}

fn pow_with<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, accept: Accept, reflected: bool) -> R0<R> {
    args.check_count("__pow__", 2, 3)?;
    let (me, other) = (plain(vm, &args.pos[0]), plain(vm, &args.pos[1]));
    if !accepts(accept, &other) {
        return Ok(vm.interp.not_implemented.clone());
    }
    let mut pos = if reflected {
        vec![other, me]
    } else {
        vec![me, other]
    };
    if let Some(m) = args.pos.get(2).filter(|m| !m.is_none()) {
        pos.push(m.clone());
    }
    super::functions::pow(vm, Args::positional(pos))
}

fn int_pow<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    pow_with(vm, args, Accept::Int, false)
}

fn int_rpow<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    pow_with(vm, args, Accept::Int, true)
}

fn float_pow<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    pow_with(vm, args, Accept::Real, false)
}

fn float_rpow<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    pow_with(vm, args, Accept::Real, true)
}

fn float_of<R: Runtime>(vm: &Vm<R>, args: &Args<R>, name: &str) -> PyResult<f64, R> {
    match receiver(vm, args, name)? {
        Value::Float(f) => Ok(f),
        v => Err(PyErr::type_error(format!(
            "descriptor '{name}' for 'float' objects doesn't apply to a '{}' object",
            vm.type_name(&v)
        ))),
    }
}

/// A float rounded by `f` to an int, with CPython's errors for NaN and infinities.
fn float_to_int<R: Runtime>(vm: &Vm<R>, args: &Args<R>, name: &str, f: fn(f64) -> f64) -> R0<R> {
    let x = float_of(vm, args, name)?;
    if x.is_nan() {
        return Err(PyErr::value_error("cannot convert float NaN to integer"));
    }
    if x.is_infinite() {
        return Err(PyErr::overflow("cannot convert float infinity to integer"));
    }
    Ok(int::float_to_int(f(x)))
}

fn float_trunc<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    float_to_int(vm, &args, "__trunc__", f64::trunc)
}

fn float_floor<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    float_to_int(vm, &args, "__floor__", f64::floor)
}

fn float_ceil<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    float_to_int(vm, &args, "__ceil__", f64::ceil)
}

fn float_real<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(Value::Float(float_of(vm, &args, "real")?))
}

fn float_imag<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    float_of(vm, &args, "imag")?;
    Ok(Value::Float(0.0))
}

fn float_getnewargs<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let f = float_of(vm, &args, "__getnewargs__")?;
    Ok(vm.new_tuple(vec![Value::Float(f)]))
}

/// `float.__getformat__(typestr)`: how this machine stores doubles and floats.
fn float_getformat<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__getformat__", 2, 2)?;
    match args.pos[1].as_str() {
        Some("double" | "float") => Ok(vm.new_str("IEEE, little-endian")),
        Some(_) => Err(PyErr::value_error(
            "__getformat__() argument 1 must be 'double' or 'float'",
        )),
        None => Err(PyErr::type_error(format!(
            "__getformat__() argument must be str, not {}",
            vm.type_name(&args.pos[1])
        ))),
    }
}

fn len<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let me = receiver(vm, &args, "__len__")?;
    Ok(Value::Int(vm.len(&me)? as i64))
}

fn getitem<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__getitem__", 2, 2)?;
    let me = plain(vm, &args.pos[0]);
    vm.get_item(&me, &args.pos[1])
}

fn contains<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__contains__", 2, 2)?;
    let me = plain(vm, &args.pos[0]);
    Ok(Value::Bool(vm.contains(&me, &args.pos[1])?))
}

fn iter<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let me = receiver(vm, &args, "__iter__")?;
    vm.get_iter(&me)
}

/// `__getnewargs__` of str, bytes and tuple: the plain value in a tuple.
fn getnewargs<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let me = receiver(vm, &args, "__getnewargs__")?;
    let copy = match me.kind() {
        Some(ObjKind::Tuple(items)) => vm.new_tuple(items.to_vec()),
        _ => me,
    };
    Ok(vm.new_tuple(vec![copy]))
}

fn bytes_bytes<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    receiver(vm, &args, "__bytes__")
}

/// The methods each type gets.
pub fn int_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![
        ("__add__", int_add),
        ("__radd__", int_radd),
        ("__sub__", int_sub),
        ("__rsub__", int_rsub),
        ("__mul__", int_mul),
        ("__rmul__", int_rmul),
        ("__truediv__", int_truediv),
        ("__rtruediv__", int_rtruediv),
        ("__floordiv__", int_floordiv),
        ("__rfloordiv__", int_rfloordiv),
        ("__mod__", int_mod),
        ("__rmod__", int_rmod),
        ("__divmod__", int_divmod),
        ("__rdivmod__", int_rdivmod),
        ("__pow__", int_pow),
        ("__rpow__", int_rpow),
        ("__lshift__", int_lshift),
        ("__rlshift__", int_rlshift),
        ("__rshift__", int_rshift),
        ("__rrshift__", int_rrshift),
        ("__and__", int_and),
        ("__rand__", int_rand),
        ("__or__", int_or),
        ("__ror__", int_ror),
        ("__xor__", int_xor),
        ("__rxor__", int_rxor),
        ("__neg__", neg),
        ("__pos__", pos),
        ("__abs__", abs),
        ("__invert__", invert),
        ("__bool__", bool_),
        ("__float__", as_float),
        ("__trunc__", int_self),
        ("__floor__", int_self),
        ("__ceil__", int_self),
        ("__round__", round),
        ("__getnewargs__", int_getnewargs),
    ]
}

pub fn int_properties<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![
        ("real", int_self),
        ("imag", int_zero),
        ("numerator", int_self),
        ("denominator", int_one),
    ]
}

pub fn float_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![
        ("__add__", float_add),
        ("__radd__", float_radd),
        ("__sub__", float_sub),
        ("__rsub__", float_rsub),
        ("__mul__", float_mul),
        ("__rmul__", float_rmul),
        ("__truediv__", float_truediv),
        ("__rtruediv__", float_rtruediv),
        ("__floordiv__", float_floordiv),
        ("__rfloordiv__", float_rfloordiv),
        ("__mod__", float_mod),
        ("__rmod__", float_rmod),
        ("__divmod__", float_divmod),
        ("__rdivmod__", float_rdivmod),
        ("__pow__", float_pow),
        ("__rpow__", float_rpow),
        ("__neg__", neg),
        ("__pos__", pos),
        ("__abs__", abs),
        ("__bool__", bool_),
        ("__float__", as_float),
        ("__int__", float_trunc),
        ("__trunc__", float_trunc),
        ("__floor__", float_floor),
        ("__ceil__", float_ceil),
        ("__round__", round),
        ("__getnewargs__", float_getnewargs),
        ("__getformat__", float_getformat),
    ]
}

pub fn float_properties<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![("real", float_real), ("imag", float_imag)]
}

/// str, bytes and tuple: the sequence protocol, `+`, `*` and `__getnewargs__`.
pub fn sequence_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![
        ("__len__", len),
        ("__getitem__", getitem),
        ("__contains__", contains),
        ("__iter__", iter),
        ("__add__", seq_add),
        ("__mul__", seq_mul),
        ("__rmul__", seq_rmul),
        ("__getnewargs__", getnewargs),
    ]
}

pub fn str_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![("__mod__", str_mod), ("__rmod__", str_rmod)]
}

pub fn bytes_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![("__bytes__", bytes_bytes), ("__mod__", bytes_mod)]
}

pub fn list_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![
        ("__add__", seq_add),
        ("__mul__", seq_mul),
        ("__rmul__", seq_rmul),
        ("__iadd__", list_iadd),
        ("__imul__", list_imul),
    ]
}

pub fn frozenset_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![
        ("__and__", set_and),
        ("__rand__", set_rand),
        ("__or__", set_or),
        ("__ror__", set_ror),
        ("__sub__", set_sub),
        ("__rsub__", set_rsub),
        ("__xor__", set_xor),
        ("__rxor__", set_rxor),
    ]
}

pub fn set_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    let mut methods = frozenset_methods();
    methods.extend([
        ("__iand__", set_iand as NativeFn<R>),
        ("__ior__", set_ior),
        ("__isub__", set_isub),
        ("__ixor__", set_ixor),
    ]);
    methods
}

pub fn dict_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![
        ("__or__", dict_or),
        ("__ror__", dict_ror),
        ("__ior__", dict_ior),
        ("__reversed__", dict_reversed),
    ]
}

pub fn complex_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![
        ("__complex__", complex_self),
        ("__getnewargs__", complex_getnewargs),
    ]
}

fn complex_self<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    receiver(vm, &args, "__complex__")
}

fn complex_getnewargs<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let me = receiver(vm, &args, "__getnewargs__")?;
    match me.kind() {
        Some(ObjKind::Complex(c)) => {
            let (re, im) = (c.re, c.im);
            Ok(vm.new_tuple(vec![Value::Float(re), Value::Float(im)]))
        }
        _ => Err(PyErr::type_error("__getnewargs__ needs a complex")),
    }
}
