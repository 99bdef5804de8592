//! The `math` module: CPython 3.11's functions and constants over floats, with its domain and
//! range errors (`ValueError: math domain error`, `OverflowError: math range error`). The
//! integer functions (factorial, gcd, comb, ...) and the sums (fsum, prod) are in
//! `math_int.rs`; gamma and lgamma in `math_gamma.rs`.

use super::math_gamma;
use super::math_int;
use super::num_args::{big_to_f64, to_f64};
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{int, Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::Vm;
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

pub(super) type R0<R> = PyResult<Value<R>, R>;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("sqrt", sqrt),
        ("exp", exp),
        ("exp2", exp2),
        ("expm1", expm1),
        ("cbrt", cbrt),
        ("log", log),
        ("log2", log2),
        ("log10", log10),
        ("log1p", log1p),
        ("pow", pow),
        ("sin", sin),
        ("cos", cos),
        ("tan", tan),
        ("asin", asin),
        ("acos", acos),
        ("atan", atan),
        ("atan2", atan2),
        ("sinh", sinh),
        ("cosh", cosh),
        ("tanh", tanh),
        ("asinh", asinh),
        ("acosh", acosh),
        ("atanh", atanh),
        ("erf", erf),
        ("erfc", erfc),
        ("gamma", math_gamma::gamma),
        ("lgamma", math_gamma::lgamma),
        ("fabs", fabs),
        ("fmod", fmod),
        ("remainder", remainder),
        ("modf", modf),
        ("frexp", frexp),
        ("ldexp", ldexp),
        ("copysign", copysign),
        ("isfinite", isfinite),
        ("isinf", isinf),
        ("isnan", isnan),
        ("isclose", isclose),
        ("degrees", degrees),
        ("radians", radians),
        ("nextafter", nextafter),
        ("ulp", ulp),
        ("floor", floor),
        ("ceil", ceil),
        ("trunc", trunc),
        ("hypot", math_int::hypot),
        ("dist", math_int::dist),
        ("fsum", math_int::fsum),
        ("prod", math_int::prod),
        ("factorial", math_int::factorial),
        ("gcd", math_int::gcd),
        ("lcm", math_int::lcm),
        ("comb", math_int::comb),
        ("perm", math_int::perm),
        ("isqrt", math_int::isqrt),
    ];
    super::add_functions(vm, m, functions);
    let constants = [
        ("pi", std::f64::consts::PI),
        ("e", std::f64::consts::E),
        ("tau", std::f64::consts::TAU),
        ("inf", f64::INFINITY),
        ("nan", f64::NAN),
    ];
    for (name, value) in constants {
        vm.set_module_attr(m, name, Value::Float(value));
    }
    true
}

pub(super) fn domain_error<R: Runtime>() -> PyErr<R> {
    PyErr::value_error("math domain error")
}

pub(super) fn range_error<R: Runtime>() -> PyErr<R> {
    PyErr::overflow("math range error")
}

/// The one argument of `math.NAME(x)`.
pub(super) fn one_arg<R: Runtime>(args: &Args<R>, name: &str) -> PyResult<Value<R>, R> {
    if let ([x], []) = (&args.pos[..], &args.kw[..]) {
        return Ok(x.clone());
    }
    args.no_kwargs(&format!("math.{name}"))?;
    args.check_count(&format!("math.{name}"), 1, 1)?;
    Ok(args.pos[0].clone())
}

/// The two arguments of `math.NAME(x, y)`.
pub(super) fn two_args<R: Runtime>(
    args: &Args<R>,
    name: &str,
) -> PyResult<(Value<R>, Value<R>), R> {
    args.no_kwargs(name)?;
    args.check_count(name, 2, 2)?;
    Ok((args.pos[0].clone(), args.pos[1].clone()))
}

/// CPython's `math_1`: applies `f` to the float value of the one argument; a NaN out of a
/// non-NaN is a domain error, an infinity out of a finite number a range error when
/// `can_overflow` (a domain error otherwise).
fn math_1<R: Runtime>(
    vm: &mut Vm<R>,
    args: &Args<R>,
    name: &str,
    f: fn(f64) -> f64,
    can_overflow: bool,
) -> R0<R> {
    let x = one_arg(args, name)?;
    let x = to_f64(vm, &x)?;
    Ok(Value::Float(checked(x, f(x), can_overflow)?))
}

fn checked<R: Runtime>(x: f64, r: f64, can_overflow: bool) -> PyResult<f64, R> {
    if r.is_nan() && !x.is_nan() {
        return Err(domain_error());
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow {
            range_error()
        } else {
            domain_error()
        });
    }
    Ok(r)
}

macro_rules! float_functions {
    ($($name:ident: $f:expr, $overflow:expr;)*) => {
        $(fn $name<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
            math_1(vm, &args, stringify!($name), $f, $overflow)
        })*
    };
}

float_functions! {
    sqrt: f64::sqrt, false;
    exp: f64::exp, true;
    exp2: f64::exp2, true;
    expm1: f64::exp_m1, true;
    cbrt: cube_root, false;
    log1p: log1p_of, false;
    sin: f64::sin, false;
    cos: f64::cos, false;
    tan: f64::tan, false;
    asin: f64::asin, false;
    acos: f64::acos, false;
    atan: f64::atan, false;
    sinh: f64::sinh, true;
    cosh: f64::cosh, true;
    tanh: f64::tanh, false;
    asinh: c_math::asinh, false;
    acosh: c_math::acosh, false;
    atanh: c_math::atanh, false;
    erf: c_math::erf, false;
    erfc: c_math::erfc, false;
    fabs: f64::abs, false;
}

/// The cube root as the GNU C library computes it (what CPython calls on Linux): a polynomial
/// first guess on the mantissa in [0.5, 1), one rational Halley step, then the exponent's
/// third. Rust's own `cbrt` is correctly rounded, so it differs in the last bit now and then.
#[allow(clippy::excessive_precision)]
fn cube_root(x: f64) -> f64 {
    const CBRT2: f64 = 1.259_921_049_894_873_164_8;
    const SQR_CBRT2: f64 = 1.587_401_051_968_199_474_8;
    const FACTOR: [f64; 5] = [1.0 / SQR_CBRT2, 1.0 / CBRT2, 1.0, CBRT2, SQR_CBRT2];
    if x == 0.0 || !x.is_finite() {
        return x + x;
    }
    let (xm, xe) = libm::frexp(x.abs());
    let u = 0.354_895_765_043_919_86
        + ((1.508_191_937_815_848_96
            + ((-2.114_994_941_673_712_87
                + ((2.446_931_225_635_344_3
                    + ((-1.834_692_774_836_130_86
                        + (0.784_932_344_976_639_262 - 0.145_263_899_385_486_377 * xm) * xm)
                        * xm))
                    * xm))
                * xm))
            * xm);
    let t2 = u * u * u;
    let ym = u * (t2 + 2.0 * xm) / (2.0 * t2 + xm) * FACTOR[(2 + xe % 3) as usize];
    libm::ldexp(ym, xe / 3).copysign(x)
}

/// The C library's versions of the functions whose Rust versions differ from the C library
/// CPython calls (Rust's `asinh` overflows early; `erf` comes from the C library there).
mod c_math {
    mod ffi {
        extern "C" {
            pub fn asinh(x: f64) -> f64;
            pub fn acosh(x: f64) -> f64;
            pub fn atanh(x: f64) -> f64;
            pub fn erf(x: f64) -> f64;
            pub fn erfc(x: f64) -> f64;
        }
    }

    macro_rules! c_functions {
        ($($name:ident),*) => {
            $(pub fn $name(x: f64) -> f64 {
                // SAFETY: a pure C math function of one double: no pointers, no state beyond
                // errno, which nothing here reads.
                unsafe { ffi::$name(x) }
            })*
        };
    }

    c_functions!(asinh, acosh, atanh, erf, erfc);
}

/// `degrees` and `radians` never raise: an overflow is an infinity.
fn degrees<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let x = one_arg(&args, "degrees")?;
    Ok(Value::Float(to_degrees(to_f64(vm, &x)?)))
}

fn radians<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let x = one_arg(&args, "radians")?;
    Ok(Value::Float(to_radians(to_f64(vm, &x)?)))
}

/// `log1p(-1)` is `-inf` in C, a domain error in Python (through `math_1`'s check).
fn log1p_of(x: f64) -> f64 {
    if x == -1.0 {
        f64::NAN
    } else {
        x.ln_1p()
    }
}

/// Multiplied by CPython's constant (not `to_degrees`), for the same last bit.
fn to_degrees(x: f64) -> f64 {
    x * (180.0 / std::f64::consts::PI)
}

fn to_radians(x: f64) -> f64 {
    x * (std::f64::consts::PI / 180.0)
}

/// A logarithm of any int (beyond the float range too) or float: `ln`, `log2` or `log10` by
/// `f`. Zero and negatives are domain errors.
fn log_of<R: Runtime>(vm: &mut Vm<R>, x: &Value<R>, f: fn(f64) -> f64) -> PyResult<f64, R> {
    if let Some(ObjKind::BigInt(b)) = x.kind() {
        if !b.is_positive() {
            return Err(domain_error());
        }
        if let Some(v) = b.to_f64().filter(|v| v.is_finite()) {
            return Ok(f(v));
        }
        // x = m * 2**e with the top 53 bits in m.
        let bits = b.bits();
        let shift = bits - 60;
        let m: BigInt = b >> shift;
        let m = m.to_f64().unwrap_or(1.0);
        return Ok(f(m) + f(2.0) * shift as f64);
    }
    let v = to_f64(vm, x)?;
    if v.is_nan() || v == f64::INFINITY {
        return Ok(v);
    }
    if v <= 0.0 {
        return Err(domain_error());
    }
    Ok(f(v))
}

fn log<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("log")?;
    if args.pos.is_empty() || args.pos.len() > 2 {
        return Err(PyErr::type_error("math.log requires 1 to 2 arguments"));
    }
    let num = log_of(vm, &args.pos[0], f64::ln)?;
    if let Some(base) = args.pos.get(1) {
        let den = log_of(vm, base, f64::ln)?;
        if den == 0.0 {
            return Err(PyErr::zero_division("float division by zero"));
        }
        return Ok(Value::Float(num / den));
    }
    Ok(Value::Float(num))
}

fn log2<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let x = one_arg(&args, "log2")?;
    Ok(Value::Float(log_of(vm, &x, f64::log2)?))
}

fn log10<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let x = one_arg(&args, "log10")?;
    Ok(Value::Float(log_of(vm, &x, f64::log10)?))
}

fn float_pair<R: Runtime>(vm: &mut Vm<R>, args: &Args<R>, name: &str) -> PyResult<(f64, f64), R> {
    let (x, y) = two_args(args, name)?;
    Ok((to_f64(vm, &x)?, to_f64(vm, &y)?))
}

fn pow<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (x, y) = float_pair(vm, &args, "pow")?;
    if !x.is_finite() || !y.is_finite() {
        let r = if x.is_nan() {
            if y == 0.0 {
                1.0
            } else {
                x
            }
        } else if y.is_nan() {
            if x == 1.0 {
                1.0
            } else {
                y
            }
        } else if x.is_infinite() {
            let odd_y = y.is_finite() && (y.abs() % 2.0) == 1.0;
            if y > 0.0 {
                if odd_y {
                    x
                } else {
                    x.abs()
                }
            } else if y == 0.0 {
                1.0
            } else if odd_y {
                0.0f64.copysign(x)
            } else {
                0.0
            }
        } else if x.abs() == 1.0 {
            1.0
        } else if (y > 0.0) == (x.abs() > 1.0) {
            f64::INFINITY
        } else {
            0.0
        };
        return Ok(Value::Float(r));
    }
    let r = x.powf(y);
    if r.is_nan() {
        return Err(domain_error());
    }
    if r.is_infinite() {
        return Err(if x == 0.0 {
            domain_error()
        } else {
            range_error()
        });
    }
    Ok(Value::Float(r))
}

fn atan2<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (y, x) = float_pair(vm, &args, "atan2")?;
    Ok(Value::Float(y.atan2(x)))
}

fn fmod<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (x, y) = float_pair(vm, &args, "fmod")?;
    if y.is_infinite() && x.is_finite() {
        return Ok(Value::Float(x));
    }
    let r = x % y;
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain_error());
    }
    Ok(Value::Float(r))
}

/// IEEE 754 remainder: `x - n*y` with `n` the integer nearest `x/y` (ties to even).
fn remainder<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (x, y) = float_pair(vm, &args, "remainder")?;
    if x.is_nan() {
        return Ok(Value::Float(x));
    }
    if y.is_nan() {
        return Ok(Value::Float(y));
    }
    if x.is_infinite() || y == 0.0 {
        return Err(domain_error());
    }
    if y.is_infinite() {
        return Ok(Value::Float(x));
    }
    let (ax, ay) = (x.abs(), y.abs());
    let m = ax % ay;
    let c = ay - m;
    let r = if m < c {
        m
    } else if m > c {
        -c
    } else {
        // Half way: the even multiple wins.
        m - 2.0 * ((0.5 * (ax - m)) % ay)
    };
    Ok(Value::Float(1.0f64.copysign(x) * r))
}

fn modf<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let x = one_arg(&args, "modf")?;
    let x = to_f64(vm, &x)?;
    let (frac, whole) = if x.is_infinite() {
        (0.0f64.copysign(x), x)
    } else {
        let t = x.trunc();
        ((x - t).copysign(x), t)
    };
    Ok(vm.new_tuple(vec![Value::Float(frac), Value::Float(whole)]))
}

fn frexp<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let x = one_arg(&args, "frexp")?;
    let x = to_f64(vm, &x)?;
    let (m, e) = if x == 0.0 || !x.is_finite() {
        (x, 0)
    } else {
        libm::frexp(x)
    };
    Ok(vm.new_tuple(vec![Value::Float(m), Value::Int(e as i64)]))
}

fn ldexp<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (x, i) = two_args(&args, "ldexp")?;
    let x = to_f64(vm, &x)?;
    let Some(exp) = int::to_bigint(&i) else {
        return Err(PyErr::type_error(
            "Expected an int as second argument to ldexp.",
        ));
    };
    if x == 0.0 || !x.is_finite() {
        return Ok(Value::Float(x));
    }
    // Exponents beyond a few thousand saturate: the result is 0 or infinite either way.
    let e = exp.to_i64().unwrap_or(if exp.is_negative() {
        i64::MIN
    } else {
        i64::MAX
    });
    let r = libm::ldexp(x, e.clamp(-20000, 20000) as i32);
    if r.is_infinite() {
        return Err(range_error());
    }
    Ok(Value::Float(r))
}

fn copysign<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (x, y) = float_pair(vm, &args, "copysign")?;
    Ok(Value::Float(x.copysign(y)))
}

fn float_test<R: Runtime>(
    vm: &mut Vm<R>,
    args: &Args<R>,
    name: &str,
    test: fn(f64) -> bool,
) -> R0<R> {
    let x = one_arg(args, name)?;
    Ok(Value::Bool(test(to_f64(vm, &x)?)))
}

fn isfinite<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    float_test(vm, &args, "isfinite", f64::is_finite)
}

fn isinf<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    float_test(vm, &args, "isinf", f64::is_infinite)
}

fn isnan<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    float_test(vm, &args, "isnan", f64::is_nan)
}

fn isclose<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let rel = args.take_kw("rel_tol");
    let abs = args.take_kw("abs_tol");
    let a = args.take_kw("a");
    let b = args.take_kw("b");
    args.no_more_kwargs("isclose")?;
    let mut pos = args.pos.into_iter();
    let (Some(a), Some(b)) = (pos.next().or(a), pos.next().or(b)) else {
        return Err(PyErr::type_error(
            "isclose() missing required argument 'b' (pos 2)",
        ));
    };
    if pos.next().is_some() {
        return Err(PyErr::type_error(format!(
            "isclose() takes exactly 2 positional arguments ({} given)",
            3 + pos.count()
        )));
    }
    let a = to_f64(vm, &a)?;
    let b = to_f64(vm, &b)?;
    let rel = match rel {
        Some(v) => to_f64(vm, &v)?,
        None => 1e-9,
    };
    let abs = match abs {
        Some(v) => to_f64(vm, &v)?,
        None => 0.0,
    };
    if rel < 0.0 || abs < 0.0 {
        return Err(PyErr::value_error("tolerances must be non-negative"));
    }
    if a == b {
        return Ok(Value::Bool(true));
    }
    if a.is_infinite() || b.is_infinite() {
        return Ok(Value::Bool(false));
    }
    let diff = (b - a).abs();
    let close = (diff <= (rel * b).abs()) || (diff <= (rel * a).abs()) || diff <= abs;
    Ok(Value::Bool(close))
}

fn nextafter<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (x, y) = float_pair(vm, &args, "nextafter")?;
    Ok(Value::Float(libm::nextafter(x, y)))
}

fn ulp<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let x = one_arg(&args, "ulp")?;
    let x = to_f64(vm, &x)?.abs();
    if x.is_nan() || x.is_infinite() {
        return Ok(Value::Float(x));
    }
    let up = x.next_up();
    if up.is_infinite() {
        // The largest float: the gap below it.
        return Ok(Value::Float(x - x.next_down()));
    }
    Ok(Value::Float(up - x))
}

/// An integral float as an int, with CPython's errors for infinities and NaN.
pub(super) fn float_to_int<R: Runtime>(f: f64) -> R0<R> {
    if f.is_nan() {
        return Err(PyErr::value_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(PyErr::overflow("cannot convert float infinity to integer"));
    }
    Ok(crate::objects::int::float_to_int(f))
}

/// `floor`, `ceil`: ints as they are, `__floor__`/`__ceil__` of other objects, floats rounded.
fn round_with<R: Runtime>(
    vm: &mut Vm<R>,
    args: &Args<R>,
    name: &str,
    dunder: &'static str,
    f: fn(f64) -> f64,
) -> R0<R> {
    let x = one_arg(args, name)?;
    match &x {
        Value::Float(v) => return float_to_int(f(*v)),
        Value::Int(_) => return Ok(x),
        Value::Bool(b) => return Ok(Value::Int(*b as i64)),
        _ => {}
    }
    if let Some(ObjKind::BigInt(_)) = x.kind() {
        return Ok(x);
    }
    if matches!(x.kind(), Some(ObjKind::Instance(_) | ObjKind::Native(_))) {
        if let Some(r) = vm.call_special(&x, dunder, vec![])? {
            return Ok(r);
        }
    }
    let v = to_f64(vm, &x)?;
    float_to_int(f(v))
}

fn floor<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    round_with(vm, &args, "floor", "__floor__", f64::floor)
}

fn ceil<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    round_with(vm, &args, "ceil", "__ceil__", f64::ceil)
}

fn trunc<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let x = one_arg(&args, "trunc")?;
    match &x {
        Value::Float(v) => return float_to_int(v.trunc()),
        Value::Int(_) => return Ok(x),
        Value::Bool(b) => return Ok(Value::Int(*b as i64)),
        _ => {}
    }
    if let Some(ObjKind::BigInt(_)) = x.kind() {
        return Ok(x);
    }
    if let Some(r) = vm.call_special(&x, "__trunc__", vec![])? {
        return Ok(r);
    }
    Err(PyErr::new(
        ExcKind::TypeError,
        format!("type {} doesn't define __trunc__ method", vm.type_name(&x)),
    ))
}

/// A float from an int that may be too big (for `hypot`/`dist` points).
pub(super) fn big_or_float<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<f64, R> {
    match v.kind() {
        Some(ObjKind::BigInt(b)) if !b.is_zero() => big_to_f64(b),
        _ => to_f64(vm, v),
    }
}
