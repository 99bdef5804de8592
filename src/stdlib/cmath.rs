//! The `cmath` module: complex square root, exponential and logarithms (CPython's
//! `Modules/cmathmodule.c` algorithms for finite values), `phase`, `polar`, `rect`, `isclose`,
//! the `isfinite`/`isinf`/`isnan` tests and the constants `pi`, `e`, `tau`, `inf`, `infj`,
//! `nan`, `nanj`.

use crate::objects::complex::Complex;
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::{Runtime, Vm};
use num_traits::ToPrimitive;

type R0<R> = PyResult<Value<R>, R>;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("sqrt", sqrt),
        ("exp", exp),
        ("log", log),
        ("log10", log10),
        ("phase", phase),
        ("polar", polar),
        ("rect", rect),
        ("isclose", isclose),
        ("isfinite", isfinite),
        ("isinf", isinf),
        ("isnan", isnan),
    ];
    super::add_functions(vm, m, functions);
    let constants = [
        ("pi", Value::Float(std::f64::consts::PI)),
        ("e", Value::Float(std::f64::consts::E)),
        ("tau", Value::Float(std::f64::consts::TAU)),
        ("inf", Value::Float(f64::INFINITY)),
        ("nan", Value::Float(f64::NAN)),
        ("infj", complex(Complex::new(0.0, f64::INFINITY))),
        ("nanj", complex(Complex::new(0.0, f64::NAN))),
    ];
    for (name, value) in constants {
        vm.set_module_attr(m, name, value);
    }
    true
}

fn complex<R: Runtime>(c: Complex) -> Value<R> {
    Value::new_obj(ObjKind::Complex(c))
}

fn domain_error<R: Runtime>() -> PyErr<R> {
    PyErr::value_error("math domain error")
}

/// A number (or an object with `__complex__` or `__float__`) as a complex.
fn to_complex<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<Complex, R> {
    match v {
        Value::Bool(b) => return Ok(Complex::new(*b as i64 as f64, 0.0)),
        Value::Int(i) => return Ok(Complex::new(*i as f64, 0.0)),
        Value::Float(f) => return Ok(Complex::new(*f, 0.0)),
        _ => {}
    }
    match v.kind() {
        Some(ObjKind::Complex(c)) => return Ok(*c),
        Some(ObjKind::BigInt(b)) => {
            return match b.to_f64() {
                Some(f) if f.is_finite() => Ok(Complex::new(f, 0.0)),
                _ => Err(PyErr::overflow("int too large to convert to float")),
            }
        }
        _ => {}
    }
    if let Some(Value::Obj(o)) = vm.call_special(v, "__complex__", vec![])? {
        if let ObjKind::Complex(c) = o.kind() {
            return Ok(*c);
        }
    }
    if let Some(Value::Float(f)) = vm.call_special(v, "__float__", vec![])? {
        return Ok(Complex::new(f, 0.0));
    }
    Err(PyErr::type_error(format!(
        "must be real number, not {}",
        vm.type_name(v)
    )))
}

fn one<R: Runtime>(vm: &mut Vm<R>, args: &Args<R>, name: &str) -> PyResult<Complex, R> {
    args.no_kwargs(name)?;
    args.check_count(name, 1, 1)?;
    to_complex(vm, &args.pos[0])
}

fn c_sqrt(z: Complex) -> Complex {
    if z.re == 0.0 && z.im == 0.0 {
        return Complex::new(0.0, z.im);
    }
    if !z.re.is_finite() || !z.im.is_finite() {
        // CPython's table of special values.
        return if z.im.is_infinite() {
            Complex::new(f64::INFINITY, z.im)
        } else if z.re == f64::NEG_INFINITY {
            let im = if z.im.is_nan() { z.im } else { 0.0 };
            Complex::new(
                if z.im.is_nan() { f64::NAN } else { im },
                f64::INFINITY.copysign(z.im),
            )
        } else if z.re == f64::INFINITY {
            let im = if z.im.is_nan() {
                f64::NAN
            } else {
                0.0f64.copysign(z.im)
            };
            Complex::new(f64::INFINITY, im)
        } else {
            Complex::new(f64::NAN, f64::NAN)
        };
    }
    let (mut ax, ay) = (z.re.abs(), z.im.abs());
    let s = if ax < f64::MIN_POSITIVE && ay < f64::MIN_POSITIVE {
        let ax2 = ax * 2f64.powi(53);
        2f64.powi(-27) * (ax2 + ax2.hypot(ay * 2f64.powi(53))).sqrt()
    } else {
        ax /= 8.0;
        2.0 * (ax + ax.hypot(ay / 8.0)).sqrt()
    };
    let d = ay / (2.0 * s);
    if z.re >= 0.0 {
        Complex::new(s, d.copysign(z.im))
    } else {
        Complex::new(d, s.copysign(z.im))
    }
}

fn c_log(z: Complex) -> Complex {
    let (ax, ay) = (z.re.abs(), z.im.abs());
    let large = f64::MAX / 4.0;
    let re = if ax > large || ay > large {
        (ax / 2.0).hypot(ay / 2.0).ln() + std::f64::consts::LN_2
    } else {
        let h = ax.hypot(ay);
        if (0.71..=1.73).contains(&h) {
            let (am, an) = if ax > ay { (ax, ay) } else { (ay, ax) };
            ((am - 1.0) * (am + 1.0) + an * an).ln_1p() / 2.0
        } else {
            h.ln()
        }
    };
    Complex::new(re, z.im.atan2(z.re))
}

fn sqrt<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let z = one(vm, &args, "sqrt")?;
    Ok(complex(c_sqrt(z)))
}

fn exp<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let z = one(vm, &args, "exp")?;
    let l = z.re.exp();
    if l.is_infinite() && z.re.is_finite() {
        return Err(PyErr::overflow("math range error"));
    }
    let r = if z.im == 0.0 {
        Complex::new(l, z.im)
    } else {
        Complex::new(l * z.im.cos(), l * z.im.sin())
    };
    Ok(complex(r))
}

fn log<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("log")?;
    args.check_count("log", 1, 2)?;
    let z = to_complex(vm, &args.pos[0])?;
    if z.re == 0.0 && z.im == 0.0 {
        return Err(domain_error());
    }
    let mut r = c_log(z);
    if let Some(base) = args.pos.get(1) {
        let b = to_complex(vm, base)?;
        if b.re == 0.0 && b.im == 0.0 {
            return Err(domain_error());
        }
        r = r
            .checked_div(c_log(b))
            .map_err(|_| PyErr::zero_division("complex division by zero"))?;
    }
    Ok(complex(r))
}

fn log10<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let z = one(vm, &args, "log10")?;
    if z.re == 0.0 && z.im == 0.0 {
        return Err(domain_error());
    }
    let r = c_log(z);
    let ln10 = std::f64::consts::LN_10;
    Ok(complex(Complex::new(r.re / ln10, r.im / ln10)))
}

fn phase<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let z = one(vm, &args, "phase")?;
    Ok(Value::Float(z.im.atan2(z.re)))
}

fn polar<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let z = one(vm, &args, "polar")?;
    let r = z.abs();
    if r.is_infinite() && z.re.is_finite() && z.im.is_finite() {
        return Err(PyErr::overflow("math range error"));
    }
    Ok(vm.new_tuple(vec![Value::Float(r), Value::Float(z.im.atan2(z.re))]))
}

fn real_arg<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<f64, R> {
    if let Some(ObjKind::Complex(_)) = v.kind() {
        return Err(PyErr::type_error("must be real number, not complex"));
    }
    Ok(to_complex(vm, v)?.re)
}

fn rect<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("rect")?;
    args.check_count("rect", 2, 2)?;
    let r = real_arg(vm, &args.pos[0])?;
    let phi = real_arg(vm, &args.pos[1])?;
    if r.is_finite() && phi.is_infinite() {
        return Err(domain_error());
    }
    let z = if phi == 0.0 {
        Complex::new(r, r * phi)
    } else {
        Complex::new(r * phi.cos(), r * phi.sin())
    };
    Ok(complex(z))
}

fn isclose<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let rel = args.take_kw("rel_tol");
    let abs = args.take_kw("abs_tol");
    args.no_more_kwargs("isclose")?;
    if args.pos.len() != 2 {
        return Err(PyErr::type_error(format!(
            "isclose() takes exactly 2 positional arguments ({} given)",
            args.pos.len()
        )));
    }
    let a = to_complex(vm, &args.pos[0])?;
    let b = to_complex(vm, &args.pos[1])?;
    let rel_tol = match rel {
        Some(v) => real_arg(vm, &v)?,
        None => 1e-9,
    };
    let abs_tol = match abs {
        Some(v) => real_arg(vm, &v)?,
        None => 0.0,
    };
    if rel_tol < 0.0 || abs_tol < 0.0 {
        return Err(PyErr::value_error("tolerances must be non-negative"));
    }
    if a == b {
        return Ok(Value::Bool(true));
    }
    let infinite = |z: Complex| z.re.is_infinite() || z.im.is_infinite();
    if infinite(a) || infinite(b) {
        return Ok(Value::Bool(false));
    }
    let diff = (a - b).abs();
    let close = diff <= rel_tol * b.abs() || diff <= rel_tol * a.abs() || diff <= abs_tol;
    Ok(Value::Bool(close))
}

fn isfinite<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let z = one(vm, &args, "isfinite")?;
    Ok(Value::Bool(z.re.is_finite() && z.im.is_finite()))
}

fn isinf<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let z = one(vm, &args, "isinf")?;
    Ok(Value::Bool(z.re.is_infinite() || z.im.is_infinite()))
}

fn isnan<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let z = one(vm, &args, "isnan")?;
    Ok(Value::Bool(z.re.is_nan() || z.im.is_nan()))
}
