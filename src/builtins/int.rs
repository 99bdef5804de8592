//! Methods of `int`, `bool` and `float` (`bit_length`, `to_bytes`, `is_integer`,
//! `as_integer_ratio`, `hex`, ...). The arithmetic itself is in `objects/int.rs` and the VM.

use super::list::{method_args, ssize_arg, Arity, MethodCall};
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::int::{from_bigint, to_bigint};
use crate::objects::{Args, NativeFn, ObjKind, Value};
use crate::vm::Runtime;
use crate::vm::Vm;
use num_bigint::{BigInt, Sign};
use num_traits::{ToPrimitive, Zero};

type R0<R> = PyResult<Value<R>, R>;

pub fn int_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![
        ("bit_length", bit_length),
        ("bit_count", bit_count),
        ("to_bytes", to_bytes),
        ("from_bytes", from_bytes),
        ("conjugate", |vm, a| plain_int(vm, a, "conjugate")),
        ("__index__", |vm, a| plain_int(vm, a, "__index__")),
        ("__int__", |vm, a| plain_int(vm, a, "__int__")),
        ("as_integer_ratio", int_as_integer_ratio),
    ]
}

pub fn float_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![
        ("is_integer", is_integer),
        ("as_integer_ratio", float_as_integer_ratio),
        ("conjugate", conjugate),
        ("hex", hex),
        ("fromhex", fromhex),
    ]
}

// ----- int ----------------------------------------------------------------------------------

fn is_int<R: Runtime>(v: &Value<R>) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_)) || matches!(v.kind(), Some(ObjKind::BigInt(_)))
}

/// The receiver of an `int` method as a big integer, with the arguments after it.
fn int_args<'a, R: Runtime>(
    vm: &Vm<R>,
    args: &'a Args<R>,
    method: &str,
    arity: Arity,
) -> MethodCall<'a, BigInt, R> {
    let (receiver, rest) = method_args(vm, args, "int", method, is_int, arity)?;
    Ok((to_bigint(receiver).unwrap_or_default(), rest))
}

fn bit_length<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (n, _) = int_args(vm, &args, "bit_length", Arity::NoArgs)?;
    Ok(Value::Int(n.bits() as i64))
}

fn bit_count<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (n, _) = int_args(vm, &args, "bit_count", Arity::NoArgs)?;
    let ones: u64 = n
        .magnitude()
        .iter_u64_digits()
        .map(|d| d.count_ones() as u64)
        .sum();
    Ok(Value::Int(ones as i64))
}

/// `conjugate`, `__index__`, `__int__`: the value as a plain int (`True` becomes `1`).
fn plain_int<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, method: &str) -> R0<R> {
    let (n, _) = int_args(vm, &args, method, Arity::NoArgs)?;
    Ok(from_bigint(n))
}

fn int_as_integer_ratio<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (n, _) = int_args(vm, &args, "as_integer_ratio", Arity::NoArgs)?;
    Ok(vm.new_tuple(vec![from_bigint(n), Value::Int(1)]))
}

/// Binds the arguments of a keyword-capable method to `names` (the first `max_positional`
/// may also come by position), with Argument Clinic's messages.
fn bind_params<R: Runtime>(
    fname: &str,
    positional: &[Value<R>],
    kw: &[(Value<R>, Value<R>)],
    names: &[&str],
    max_positional: usize,
) -> PyResult<Vec<Option<Value<R>>>, R> {
    let given = positional.len() + kw.len();
    if given > names.len() {
        return Err(PyErr::type_error(format!(
            "{fname}() takes at most {} arguments ({given} given)",
            names.len()
        )));
    }
    if positional.len() > max_positional {
        return Err(PyErr::type_error(format!(
            "{fname}() takes at most {max_positional} positional arguments ({} given)",
            positional.len()
        )));
    }
    let mut bound: Vec<Option<Value<R>>> = vec![None; names.len()];
    for (slot, v) in bound.iter_mut().zip(positional) {
        *slot = Some(v.clone());
    }
    for (k, v) in kw {
        let name = k.as_str().unwrap_or("?");
        let Some(at) = names.iter().position(|n| *n == name) else {
            return Err(PyErr::type_error(format!(
                "'{name}' is an invalid keyword argument for {fname}()"
            )));
        };
        if bound[at].is_some() {
            return Err(PyErr::type_error(format!(
                "argument for {fname}() given by name ('{name}') and position ({})",
                at + 1
            )));
        }
        bound[at] = Some(v.clone());
    }
    Ok(bound)
}

/// `byteorder`: `'big'` or `'little'`; whether it is little-endian.
fn little_endian<R: Runtime>(
    vm: &Vm<R>,
    fname: &str,
    order: Option<&Value<R>>,
) -> PyResult<bool, R> {
    let Some(order) = order else {
        return Ok(false);
    };
    match order.as_str() {
        Some("little") => Ok(true),
        Some("big") => Ok(false),
        Some(_) => Err(PyErr::value_error(
            "byteorder must be either 'little' or 'big'",
        )),
        None => Err(PyErr::type_error(format!(
            "{fname}() argument 'byteorder' must be str, not {}",
            vm.type_name(order)
        ))),
    }
}

fn to_bytes<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let kw = std::mem::take(&mut args.kw);
    let (n, rest) = int_args(vm, &args, "to_bytes", Arity::Any)?;
    let params = bind_params("to_bytes", rest, &kw, &["length", "byteorder", "signed"], 2)?;
    let length = match &params[0] {
        Some(v) => ssize_arg(vm, v)?,
        None => 1,
    };
    if length < 0 {
        return Err(PyErr::value_error("length argument must be non-negative"));
    }
    let little = little_endian(vm, "to_bytes", params[1].as_ref())?;
    let signed = match &params[2] {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    if !signed && n.sign() == Sign::Minus {
        return Err(PyErr::overflow("can't convert negative int to unsigned"));
    }
    let length = length as usize;
    // Big-endian digits, as short as the value allows (none for zero).
    let digits = if n.is_zero() {
        Vec::new()
    } else if signed {
        n.to_signed_bytes_be()
    } else {
        n.to_bytes_be().1
    };
    if digits.len() > length {
        return Err(PyErr::overflow("int too big to convert"));
    }
    let fill = if n.sign() == Sign::Minus { 0xff } else { 0 };
    let mut bytes = vec![fill; length - digits.len()];
    bytes.extend(digits);
    if little {
        bytes.reverse();
    }
    Ok(Value::new_obj(ObjKind::Bytes(bytes.into_boxed_slice())))
}

/// `int.from_bytes(bytes, byteorder='big', *, signed=False)`. Looked up on the class it comes
/// unbound, so the first argument is the receiver only when it is an int followed by more
/// (or the class itself).
fn from_bytes<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let kw = std::mem::take(&mut args.kw);
    // An int alone is the (wrong) bytes argument, unless `bytes` came by keyword.
    let more = args.pos.len() >= 2 || kw.iter().any(|(k, _)| k.as_str() == Some("bytes"));
    let skip = match args.pos.first() {
        Some(v) => (is_int(v) && more) || matches!(v.kind(), Some(ObjKind::Class(_))),
        None => false,
    };
    let rest = if skip { &args.pos[1..] } else { &args.pos[..] };
    let params = bind_params(
        "from_bytes",
        rest,
        &kw,
        &["bytes", "byteorder", "signed"],
        2,
    )?;
    let Some(source) = &params[0] else {
        return Err(PyErr::type_error(
            "from_bytes() missing required argument 'bytes' (pos 1)",
        ));
    };
    let mut bytes = byte_values(vm, source)?;
    let little = little_endian(vm, "from_bytes", params[1].as_ref())?;
    let signed = match &params[2] {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    if little {
        bytes.reverse();
    }
    let n = if signed {
        BigInt::from_signed_bytes_be(&bytes)
    } else {
        BigInt::from_bytes_be(Sign::Plus, &bytes)
    };
    // Called on a subclass (`bool.from_bytes`, `class Flags(int)`), the result is made by
    // that class from the int, as CPython does.
    match args.pos.first() {
        Some(cls) if skip && matches!(cls.kind(), Some(ObjKind::Class(_))) => {
            if cls.as_obj().is_some_and(|c| c.ptr_eq(&vm.types().int)) {
                Ok(from_bigint(n))
            } else {
                let cls = cls.clone();
                vm.call(&cls, vec![from_bigint(n)], Vec::new())
            }
        }
        _ => Ok(from_bigint(n)),
    }
}

/// The bytes of a `bytes` object, or of an iterable of ints in `range(0, 256)`.
fn byte_values<R: Runtime>(vm: &mut Vm<R>, source: &Value<R>) -> PyResult<Vec<u8>, R> {
    match source.kind() {
        Some(ObjKind::Bytes(b)) => return Ok(b.to_vec()),
        Some(ObjKind::Str(_)) | None => {
            return Err(PyErr::type_error(format!(
                "cannot convert '{}' object to bytes",
                vm.type_name(source)
            )))
        }
        _ => {}
    }
    if !vm.is_iterable(source) {
        return Err(PyErr::type_error(format!(
            "cannot convert '{}' object to bytes",
            vm.type_name(source)
        )));
    }
    let items = vm.collect(source)?;
    let mut out = Vec::with_capacity(items.len());
    for item in &items {
        out.push(byte_of(vm, item)?);
    }
    Ok(out)
}

/// One item of an iterable made into bytes: an int (or an object with `__index__`) in
/// `range(0, 256)`.
pub(super) fn byte_of<R: Runtime>(vm: &mut Vm<R>, item: &Value<R>) -> PyResult<u8, R> {
    let v = match ssize_arg(vm, item) {
        Ok(v) => v,
        Err(_) if is_int(item) => -1,
        Err(e) => return Err(e),
    };
    u8::try_from(v).map_err(|_| PyErr::value_error("bytes must be in range(0, 256)"))
}

// ----- float --------------------------------------------------------------------------------

fn is_float<R: Runtime>(v: &Value<R>) -> bool {
    matches!(v, Value::Float(_))
}

/// The receiver of a `float` method, checked, with no arguments after it.
fn float_receiver<R: Runtime>(vm: &Vm<R>, args: &Args<R>, method: &str) -> PyResult<f64, R> {
    let (receiver, _) = method_args(vm, args, "float", method, is_float, Arity::NoArgs)?;
    match receiver {
        Value::Float(f) => Ok(*f),
        _ => Ok(0.0),
    }
}

fn is_integer<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let f = float_receiver(vm, &args, "is_integer")?;
    Ok(Value::Bool(f.is_finite() && f.fract() == 0.0))
}

fn conjugate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(Value::Float(float_receiver(vm, &args, "conjugate")?))
}

/// A finite nonzero float as `mantissa * 2**exponent` (an odd or 53-bit mantissa).
fn decompose(f: f64) -> (u64, i64) {
    let bits = f.abs().to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1 << 52) - 1);
    if exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), exponent - 1075)
    }
}

fn float_as_integer_ratio<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let f = float_receiver(vm, &args, "as_integer_ratio")?;
    if f.is_nan() {
        return Err(PyErr::value_error("cannot convert NaN to integer ratio"));
    }
    if f.is_infinite() {
        return Err(PyErr::overflow("cannot convert Infinity to integer ratio"));
    }
    if f == 0.0 {
        return Ok(vm.new_tuple(vec![Value::Int(0), Value::Int(1)]));
    }
    let (mut mantissa, mut exponent) = decompose(f);
    let zeros = mantissa.trailing_zeros();
    mantissa >>= zeros;
    exponent += zeros as i64;
    let mut numerator = BigInt::from(mantissa);
    let mut denominator = BigInt::from(1);
    if exponent >= 0 {
        numerator <<= exponent as usize;
    } else {
        denominator <<= (-exponent) as usize;
    }
    if f < 0.0 {
        numerator = -numerator;
    }
    Ok(vm.new_tuple(vec![from_bigint(numerator), from_bigint(denominator)]))
}

/// `float.hex()`: `[-]0x1.<13 hex digits>p<exp>`, or `0x0.<digits>p-1022` when subnormal.
fn hex<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let f = float_receiver(vm, &args, "hex")?;
    let text = if f.is_nan() {
        "nan".to_string()
    } else if f.is_infinite() {
        if f > 0.0 { "inf" } else { "-inf" }.to_string()
    } else {
        let sign = if f.is_sign_negative() { "-" } else { "" };
        let bits = f.abs().to_bits();
        let exponent = ((bits >> 52) & 0x7ff) as i64;
        let fraction = bits & ((1 << 52) - 1);
        if f == 0.0 {
            format!("{sign}0x0.0p+0")
        } else if exponent == 0 {
            format!("{sign}0x0.{fraction:013x}p-1022")
        } else {
            let e = exponent - 1023;
            let esign = if e < 0 { '-' } else { '+' };
            format!("{sign}0x1.{fraction:013x}p{esign}{}", e.abs())
        }
    };
    Ok(vm.new_str(text))
}

/// `float.fromhex(s)`; like `from_bytes`, it may come with or without a receiver.
fn fromhex<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("float.fromhex")?;
    let skip = match args.pos.first() {
        Some(v) => {
            (is_float(v) && args.pos.len() >= 2) || matches!(v.kind(), Some(ObjKind::Class(_)))
        }
        None => false,
    };
    let rest = if skip { &args.pos[1..] } else { &args.pos[..] };
    super::list::check_arity::<R>("float", "fromhex", rest.len(), Arity::One)?;
    let Some(text) = rest[0].as_str() else {
        return Err(PyErr::type_error(
            "bad argument type for built-in operation",
        ));
    };
    match parse_hex_float(text) {
        Some(Ok(f)) => Ok(Value::Float(f)),
        Some(Err(())) => Err(PyErr::overflow(
            "hexadecimal value too large to represent as a float",
        )),
        None => Err(PyErr::value_error(
            "invalid hexadecimal floating-point string",
        )),
    }
}

/// Parses CPython's hex float syntax, rounding half to even. `None` when malformed,
/// `Some(Err(()))` on overflow.
fn parse_hex_float(text: &str) -> Option<Result<f64, ()>> {
    let s = text.trim();
    let (negative, s) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let sign = if negative { -1.0 } else { 1.0 };
    let lower = s.to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" {
        return Some(Ok(sign * f64::INFINITY));
    }
    if lower == "nan" {
        return Some(Ok(f64::NAN));
    }
    let body = lower.strip_prefix("0x").unwrap_or(&lower);
    let (digits, exp_text) = match body.split_once('p') {
        Some((d, e)) => (d, Some(e)),
        None => (body, None),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    let mut mantissa = BigInt::zero();
    for c in whole.chars().chain(frac.chars()) {
        mantissa = mantissa * 16 + c.to_digit(16)?;
    }
    let mut exponent: i64 = -4 * frac.len() as i64;
    if let Some(e) = exp_text {
        let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let e: i64 = e.parse().unwrap_or(if e.starts_with('-') {
            i64::MIN / 4
        } else {
            i64::MAX / 4
        });
        exponent = exponent.saturating_add(e);
    }
    if mantissa.is_zero() {
        return Some(Ok(sign * 0.0));
    }
    // Round to the 53 bits a double holds (fewer when subnormal): to a multiple of 2**quantum.
    let top = mantissa.bits() as i64 + exponent;
    let quantum = (top - 53).max(-1074);
    let shift = quantum - exponent;
    let rounded = if shift <= 0 {
        mantissa << (-shift) as usize
    } else {
        let shift = shift as usize;
        let kept: BigInt = &mantissa >> shift;
        let dropped = mantissa - (&kept << shift);
        let half = BigInt::from(1) << (shift - 1);
        if dropped > half || (dropped == half && kept.bit(0)) {
            kept + 1
        } else {
            kept
        }
    };
    if rounded.bits() as i64 + quantum > 1024 {
        return Some(Err(()));
    }
    let m = rounded.to_f64().unwrap_or(0.0);
    Some(Ok(sign * scale_by_power_of_two(m, quantum)))
}

/// `m * 2**e`, exact when the result is representable (the steps stay normal until the last).
fn scale_by_power_of_two(mut m: f64, mut e: i64) -> f64 {
    while e > 1000 {
        m *= 2f64.powi(1000);
        e -= 1000;
    }
    while e < -1000 {
        m *= 2f64.powi(-1000);
        e += 1000;
    }
    m * 2f64.powi(e as i32)
}
