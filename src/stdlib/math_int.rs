//! The integer functions of `math` (factorial, gcd, lcm, comb, perm, isqrt) over ints of any
//! size, and the functions over many numbers: `hypot`, `dist`, `fsum` (exact, Shewchuk's
//! partials with CPython's final rounding) and `prod`.

use super::math::{big_or_float, R0};
use super::num_args::{to_bigint, to_f64};
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{int, Args, Value};
use crate::syntax::ast::BinOp;
use crate::vm::Runtime;
use crate::vm::Vm;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

const SSIZE_MAX: &str = "9223372036854775807";

pub fn factorial<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("math.factorial")?;
    args.check_count("math.factorial", 1, 1)?;
    let n = to_bigint(vm, &args.pos[0])?;
    if n.is_negative() {
        return Err(PyErr::value_error(
            "factorial() not defined for negative values",
        ));
    }
    let Some(n) = n.to_u64().filter(|n| *n <= i64::MAX as u64) else {
        return Err(PyErr::overflow(format!(
            "factorial() argument should not exceed {SSIZE_MAX}"
        )));
    };
    Ok(int::from_bigint(product_range(1, n)))
}

/// lo * (lo+1) * ... * hi by halves, so the big multiplications are balanced.
fn product_range(lo: u64, hi: u64) -> BigInt {
    if lo > hi {
        return BigInt::one();
    }
    if hi - lo < 16 {
        let mut p = BigInt::one();
        for i in lo..=hi {
            p *= i;
        }
        return p;
    }
    let mid = lo + (hi - lo) / 2;
    product_range(lo, mid) * product_range(mid + 1, hi)
}

fn all_ints<R: Runtime>(vm: &mut Vm<R>, args: &Args<R>, name: &str) -> PyResult<Vec<BigInt>, R> {
    args.no_kwargs(name)?;
    args.pos.iter().map(|v| to_bigint(vm, v)).collect()
}

pub fn gcd<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let ints = all_ints(vm, &args, "gcd")?;
    let g = ints.iter().fold(BigInt::zero(), |g, x| g.gcd(x));
    Ok(int::from_bigint(g))
}

pub fn lcm<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let ints = all_ints(vm, &args, "lcm")?;
    let mut l = BigInt::one();
    for x in &ints {
        if x.is_zero() {
            l = BigInt::zero();
        } else if !l.is_zero() {
            l = l.lcm(x);
        }
    }
    Ok(int::from_bigint(l.abs()))
}

/// `n` and `k` of `comb`/`perm`, checked non-negative with CPython's texts.
fn n_and_k<R: Runtime>(
    vm: &mut Vm<R>,
    n: &Value<R>,
    k: &Value<R>,
) -> PyResult<(BigInt, BigInt), R> {
    let n = to_bigint(vm, n)?;
    let k = to_bigint(vm, k)?;
    if n.is_negative() {
        return Err(PyErr::value_error("n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(PyErr::value_error("k must be a non-negative integer"));
    }
    Ok((n, k))
}

/// n * (n-1) * ... * (n-k+1).
fn falling(n: &BigInt, k: u64) -> BigInt {
    let mut p = BigInt::one();
    let mut f = n.clone();
    for _ in 0..k {
        p *= &f;
        f -= 1;
    }
    p
}

pub fn comb<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("comb")?;
    args.check_count("comb", 2, 2)?;
    let (n, k) = n_and_k(vm, &args.pos[0], &args.pos[1])?;
    if k > n {
        return Ok(Value::Int(0));
    }
    let k = std::cmp::min(k.clone(), &n - &k);
    let Some(k) = k.to_u64().filter(|k| *k <= i64::MAX as u64) else {
        return Err(PyErr::overflow(format!(
            "min(n - k, k) must not exceed {SSIZE_MAX}"
        )));
    };
    // Each prefix product of the falling factorial divides exactly by i!.
    let mut c = BigInt::one();
    let mut f = n;
    for i in 1..=k {
        c *= &f;
        c /= i;
        f -= 1;
    }
    Ok(int::from_bigint(c))
}

pub fn perm<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("perm")?;
    args.check_count("perm", 1, 2)?;
    let k = match args.pos.get(1) {
        Some(k) if !k.is_none() => k.clone(),
        _ => {
            let n = to_bigint(vm, &args.pos[0])?;
            if n.is_negative() {
                return Err(PyErr::value_error("n must be a non-negative integer"));
            }
            return factorial(vm, Args::positional(vec![args.pos[0].clone()]));
        }
    };
    let (n, k) = n_and_k(vm, &args.pos[0], &k)?;
    if k > n {
        return Ok(Value::Int(0));
    }
    let Some(k) = k.to_u64().filter(|k| *k <= i64::MAX as u64) else {
        return Err(PyErr::overflow(format!("k must not exceed {SSIZE_MAX}")));
    };
    Ok(int::from_bigint(falling(&n, k)))
}

pub fn isqrt<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("math.isqrt")?;
    args.check_count("math.isqrt", 1, 1)?;
    let n = to_bigint(vm, &args.pos[0])?;
    if n.is_negative() {
        return Err(PyErr::value_error("isqrt() argument must be nonnegative"));
    }
    Ok(int::from_bigint(n.sqrt()))
}

/// The Euclidean norm of finite-or-not coordinates, as CPython's `vector_norm`: scaled by a
/// power of two so nothing overflows, squares summed with their rounding errors kept, and one
/// Newton correction of the square root.
fn vector_norm(coords: &[f64]) -> f64 {
    let max = coords.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    if coords.iter().any(|x| x.is_infinite()) {
        return f64::INFINITY;
    }
    if coords.iter().any(|x| x.is_nan()) {
        return f64::NAN;
    }
    if max == 0.0 || coords.len() <= 1 {
        return max;
    }
    let (_, max_e) = libm::frexp(max);
    if max_e < -1023 {
        let scaled: Vec<f64> = coords.iter().map(|x| x / f64::MIN_POSITIVE).collect();
        return f64::MIN_POSITIVE * vector_norm(&scaled);
    }
    let scale = libm::ldexp(1.0, -max_e);
    let (mut csum, mut frac1, mut frac2) = (1.0f64, 0.0f64, 0.0f64);
    for x in coords {
        let x = x.abs() * scale;
        let (hi, lo) = exact_mul(x, x);
        let (s, e) = fast_two_sum(csum, hi);
        csum = s;
        frac1 += lo;
        frac2 += e;
    }
    let mut h = (csum - 1.0 + (frac1 + frac2)).sqrt();
    let (hi, lo) = exact_mul(-h, h);
    let (s, e) = fast_two_sum(csum, hi);
    frac1 += lo;
    frac2 += e;
    let x = s - 1.0 + (frac1 + frac2);
    h += x / (2.0 * h);
    h / scale
}

/// a*b as hi + lo exactly.
fn exact_mul(a: f64, b: f64) -> (f64, f64) {
    let hi = a * b;
    (hi, a.mul_add(b, -hi))
}

/// a + b as hi + lo exactly, for |a| >= |b|.
fn fast_two_sum(a: f64, b: f64) -> (f64, f64) {
    let hi = a + b;
    (hi, (a - hi) + b)
}

pub fn hypot<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("hypot")?;
    let mut coords = Vec::with_capacity(args.pos.len());
    for v in &args.pos {
        coords.push(big_or_float(vm, v)?);
    }
    Ok(Value::Float(vector_norm(&coords)))
}

pub fn dist<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("dist")?;
    args.check_count("dist", 2, 2)?;
    let p = vm.collect(&args.pos[0])?;
    let q = vm.collect(&args.pos[1])?;
    if p.len() != q.len() {
        return Err(PyErr::value_error(
            "both points must have the same number of dimensions",
        ));
    }
    let mut diffs = Vec::with_capacity(p.len());
    for (a, b) in p.iter().zip(q.iter()) {
        let a = big_or_float(vm, a)?;
        let b = big_or_float(vm, b)?;
        diffs.push(a - b);
    }
    Ok(Value::Float(vector_norm(&diffs)))
}

pub fn fsum<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("fsum")?;
    args.check_count("fsum", 1, 1)?;
    let it = vm.get_iter(&args.pos[0])?;
    let mut partials: Vec<f64> = Vec::new();
    let (mut special, mut inf_sum) = (0.0f64, 0.0f64);
    while let Some(v) = vm.next_fast(&it)? {
        let mut x = to_f64(vm, &v)?;
        let original = x;
        let mut kept = 0;
        for i in 0..partials.len() {
            let mut y = partials[i];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[kept] = lo;
                kept += 1;
            }
            x = hi;
        }
        partials.truncate(kept);
        if x != 0.0 {
            if !x.is_finite() {
                // An infinity or NaN among the inputs decides the result; a finite sum that
                // overflowed is an error.
                if original.is_finite() {
                    return Err(PyErr::overflow("intermediate overflow in fsum"));
                }
                if original.is_infinite() {
                    inf_sum += original;
                }
                special += original;
                partials.clear();
            } else {
                partials.push(x);
            }
        }
    }
    if special != 0.0 {
        if inf_sum.is_nan() {
            return Err(PyErr::value_error("-inf + inf in fsum"));
        }
        return Ok(Value::Float(special));
    }
    Ok(Value::Float(round_partials(&partials)))
}

/// The correctly rounded sum of non-overlapping partials (smallest first).
fn round_partials(p: &[f64]) -> f64 {
    let mut n = p.len();
    if n == 0 {
        return 0.0;
    }
    n -= 1;
    let mut hi = p[n];
    let mut lo = 0.0;
    while n > 0 {
        let x = hi;
        n -= 1;
        let y = p[n];
        hi = x + y;
        lo = y - (hi - x);
        if lo != 0.0 {
            break;
        }
    }
    // Half-way cases: the next partial says which way to round.
    if n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0)) {
        let y = lo * 2.0;
        let x = hi + y;
        if y == x - hi {
            hi = x;
        }
    }
    hi
}

pub fn prod<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let start = args.take_kw("start");
    args.no_more_kwargs("prod")?;
    if args.pos.len() != 1 {
        return Err(PyErr::type_error(format!(
            "prod() takes exactly 1 positional argument ({} given)",
            args.pos.len()
        )));
    }
    let mut acc = start.unwrap_or(Value::Int(1));
    let it = vm.get_iter(&args.pos[0])?;
    while let Some(v) = vm.next_fast(&it)? {
        acc = vm.binary_op(acc, v, BinOp::Mul)?;
    }
    Ok(acc)
}
