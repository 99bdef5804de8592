//! `int`: 64-bit immediates that overflow into `BigInt` heap objects and back. Arithmetic
//! with CPython's semantics (floor division and modulo round toward negative infinity).

use super::{ObjKind, Runtime, Value};
use num_bigint::BigInt;
use num_traits::ToPrimitive;

/// Makes an int value, inline when it fits in 64 bits.
pub fn from_bigint<R: Runtime>(b: BigInt) -> Value<R> {
    match b.to_i64() {
        Some(i) => Value::Int(i),
        None => Value::new_obj(ObjKind::BigInt(b)),
    }
}

/// The value as a big integer, if it is an int (or bool).
pub fn to_bigint<R: Runtime>(v: &Value<R>) -> Option<BigInt> {
    match v {
        Value::Int(i) => Some(BigInt::from(*i)),
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
        Value::Obj(o) => match o.kind() {
            ObjKind::BigInt(b) => Some(b.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// Floor division of 64-bit ints; `None` on overflow (`i64::MIN // -1`). `b != 0`.
pub fn floor_div(a: i64, b: i64) -> Option<i64> {
    let q = a.checked_div(b)?;
    if (a % b != 0) && ((a < 0) != (b < 0)) {
        Some(q - 1)
    } else {
        Some(q)
    }
}

/// Python modulo of 64-bit ints: the sign follows the divisor. `b != 0`.
pub fn floor_mod(a: i64, b: i64) -> i64 {
    let r = a.wrapping_rem(b);
    if r != 0 && ((r < 0) != (b < 0)) {
        r + b
    } else {
        r
    }
}

/// Python float floor division and modulo (`divmod` for floats). `b != 0.0`.
pub fn float_divmod(a: f64, b: f64) -> (f64, f64) {
    let mut m = a % b;
    let mut div = (a - m) / b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m += b;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(b);
    }
    let floordiv = if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        0.0f64.copysign(a / b)
    };
    (floordiv, m)
}

/// The int with the integral value of a finite float (`int(f)` after rounding toward zero).
pub fn float_to_int<R: Runtime>(f: f64) -> Value<R> {
    if f.abs() < 9.0e18 {
        Value::Int(f as i64)
    } else {
        from_bigint(num_traits::FromPrimitive::from_f64(f).unwrap_or_default())
    }
}

/// How many ints `range(start, stop, step)` holds (`step` is not 0), without overflow: the
/// count of a range of `i64` bounds can exceed `i64::MAX`.
pub fn range_count(start: i64, stop: i64, step: i64) -> i128 {
    let (start, stop, step) = (start as i128, stop as i128, step as i128);
    if step > 0 && start < stop {
        (stop - start - 1) / step + 1
    } else if step < 0 && start > stop {
        (start - stop - 1) / -step + 1
    } else {
        0
    }
}
