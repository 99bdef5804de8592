//! `int`: 64-bit immediates that overflow into `BigInt` heap objects and back. Arithmetic
//! with CPython's semantics (floor division and modulo round toward negative infinity).

use super::{ObjKind, Runtime, Value};
use num_bigint::BigInt;
use num_traits::ToPrimitive;

/// The most decimal digits a conversion between `int` and `str` may have (CPython's
/// `sys.set_int_max_str_digits`, default 4300); 0 means no limit. Process-wide, as in CPython.
pub static MAX_STR_DIGITS: std::sync::atomic::AtomicUsize =
    std::sync::atomic::AtomicUsize::new(DEFAULT_MAX_STR_DIGITS);
pub const DEFAULT_MAX_STR_DIGITS: usize = 4300;
/// The smallest limit `sys.set_int_max_str_digits` accepts, other than 0.
pub const STR_DIGITS_CHECK_THRESHOLD: usize = 640;

/// The limit now in force (0: none).
pub fn max_str_digits() -> usize {
    MAX_STR_DIGITS.load(std::sync::atomic::Ordering::Relaxed)
}

/// `str(b)` in decimal, or CPython's error text when it has more digits than the limit.
pub fn decimal_string(b: &BigInt) -> Result<String, String> {
    let limit = max_str_digits();
    let too_many = || {
        format!(
            "Exceeds the limit ({limit} digits) for integer string conversion; use \
             sys.set_int_max_str_digits() to increase the limit"
        )
    };
    // (bits - 1) * log10(2) is below the digit count: past the limit, no need to convert.
    if limit > 0 && (b.bits().saturating_sub(1) as f64) * std::f64::consts::LOG10_2 >= limit as f64
    {
        return Err(too_many());
    }
    let text = b.to_string();
    let digits = text.len() - usize::from(text.starts_with('-'));
    if limit > 0 && digits > limit {
        return Err(too_many());
    }
    Ok(text)
}

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
