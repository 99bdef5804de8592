//! `random`'s real-valued distributions.

use super::*;

// ---- Real-valued distributions ------------------------------------------------------------

/// `mu + z * sigma` with the generic operators (ints stay exact, errors are CPython's).
fn scale<R: Runtime>(vm: &mut Vm<R>, mu: Value<R>, z: f64, sigma: Value<R>) -> R0<R> {
    let scaled = vm.binary_op(Value::Float(z), sigma, BinOp::Mul)?;
    vm.binary_op(mu, scaled, BinOp::Add)
}

/// `uniform(a, b)`: `a + (b - a) * random()`.
pub(super) fn uniform<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "uniform", &["a", "b"], 2, &[])?;
    let (a, b) = (req(&slots[0]), req(&slots[1]));
    if let (Value::Float(a), Value::Float(b)) = (&a, &b) {
        return Ok(Value::Float(
            generator(vm, &me, "uniform")?.lock().uniform(*a, *b),
        ));
    }
    let width = vm.binary_op(b, a.clone(), BinOp::Sub)?;
    let u = generator(vm, &me, "uniform")?.lock().random();
    let scaled = vm.binary_op(width, Value::Float(u), BinOp::Mul)?;
    vm.binary_op(a, scaled, BinOp::Add)
}

/// `triangular(low=0.0, high=1.0, mode=None)`.
pub(super) fn triangular<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "triangular", &["low", "high", "mode"], 0, &[])?;
    let mut low = or(&slots[0], Value::Float(0.0));
    let mut high = or(&slots[1], Value::Float(1.0));
    let mode = or(&slots[2], Value::None);
    let mut u = generator(vm, &me, "triangular")?.lock().random();
    let mut c = if mode.is_none() {
        Value::Float(0.5)
    } else {
        let above = vm.binary_op(mode, low.clone(), BinOp::Sub)?;
        let width = vm.binary_op(high.clone(), low.clone(), BinOp::Sub)?;
        match vm.binary_op(above, width, BinOp::Div) {
            Ok(c) => c,
            Err(e) if vm.err_kind(&e) == Some(ExcKind::ZeroDivisionError) => return Ok(low),
            Err(e) => return Err(e),
        }
    };
    let past_mode = vm.compare(Value::Float(u), c.clone(), 4)?; // u > c
    if vm.truthy(&past_mode)? {
        u = 1.0 - u;
        c = vm.binary_op(Value::Float(1.0), c, BinOp::Sub)?;
        std::mem::swap(&mut low, &mut high);
    }
    let uc = vm.binary_op(Value::Float(u), c, BinOp::Mul)?;
    let root = real_arg(vm, &uc)?;
    if root < 0.0 {
        return Err(PyErr::value_error("math domain error"));
    }
    let width = vm.binary_op(high, low.clone(), BinOp::Sub)?;
    scale(vm, low, root.sqrt(), width)
}

/// `gauss(mu=0.0, sigma=1.0)`.
pub(super) fn gauss<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "gauss", &["mu", "sigma"], 0, &[])?;
    let z = generator(vm, &me, "gauss")?.lock().gauss(0.0, 1.0);
    scale(
        vm,
        or(&slots[0], Value::Float(0.0)),
        z,
        or(&slots[1], Value::Float(1.0)),
    )
}

/// `normalvariate(mu=0.0, sigma=1.0)`.
pub(super) fn normalvariate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "normalvariate", &["mu", "sigma"], 0, &[])?;
    let z = generator(vm, &me, "normalvariate")?
        .lock()
        .normalvariate(0.0, 1.0);
    scale(
        vm,
        or(&slots[0], Value::Float(0.0)),
        z,
        or(&slots[1], Value::Float(1.0)),
    )
}

/// `lognormvariate(mu, sigma)`: `exp(normalvariate(mu, sigma))`.
pub(super) fn lognormvariate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "lognormvariate", &["mu", "sigma"], 2, &[])?;
    let z = generator(vm, &me, "lognormvariate")?
        .lock()
        .normalvariate(0.0, 1.0);
    let normal = scale(vm, req(&slots[0]), z, req(&slots[1]))?;
    let exp = real_arg(vm, &normal)?.exp();
    if exp.is_infinite() {
        return Err(PyErr::overflow("math range error"));
    }
    Ok(Value::Float(exp))
}

/// `expovariate(lambd)`: `-log(1.0 - random()) / lambd`.
pub(super) fn expovariate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "expovariate", &["lambd"], 1, &[])?;
    let draw = -(1.0 - generator(vm, &me, "expovariate")?.lock().random()).ln();
    vm.binary_op(Value::Float(draw), req(&slots[0]), BinOp::Div)
}

/// `vonmisesvariate(mu, kappa)`: Best and Fisher's method, as CPython.
pub(super) fn vonmisesvariate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    use std::f64::consts::{PI, TAU};
    let (me, slots) = bind(vm, args, "vonmisesvariate", &["mu", "kappa"], 2, &[])?;
    let (mu, kappa) = (
        real_arg(vm, &req(&slots[0]))?,
        real_arg(vm, &req(&slots[1]))?,
    );
    let mut mt = generator(vm, &me, "vonmisesvariate")?.lock();
    if kappa <= 1e-6 {
        return Ok(Value::Float(TAU * mt.random()));
    }
    let s = 0.5 / kappa;
    let r = s + (1.0 + s * s).sqrt();
    let z = loop {
        let z = (PI * mt.random()).cos();
        let d = z / (r + z);
        let u2 = mt.random();
        if u2 < 1.0 - d * d || u2 <= (1.0 - d) * d.exp() {
            break z;
        }
    };
    let q = 1.0 / r;
    let f = (q + z) / (1.0 + q * z);
    let theta = if mt.random() > 0.5 {
        mu + f.acos()
    } else {
        mu - f.acos()
    };
    Ok(Value::Float(theta.rem_euclid(TAU)))
}

/// `gammavariate(alpha, beta)` as a plain float.
fn gamma_draw(mt: &mut Mt19937, alpha: f64, beta: f64) -> f64 {
    use std::f64::consts::E;
    if alpha > 1.0 {
        // Cheng's rejection method, "GB" variant.
        let ainv = (2.0 * alpha - 1.0).sqrt();
        let (bbb, ccc) = (alpha - 4f64.ln(), alpha + ainv);
        let sg_magic = 1.0 + 4.5f64.ln();
        loop {
            let u1 = mt.random();
            if !(1e-7 < u1 && u1 < 0.9999999) {
                continue;
            }
            let u2 = 1.0 - mt.random();
            let v = (u1 / (1.0 - u1)).ln() / ainv;
            let x = alpha * v.exp();
            let z = u1 * u1 * u2;
            let r = bbb + ccc * v - x;
            if r + sg_magic - 4.5 * z >= 0.0 || r >= z.ln() {
                return x * beta;
            }
        }
    } else if alpha == 1.0 {
        -(1.0 - mt.random()).ln() * beta
    } else {
        // Ahrens and Dieter's "GS" algorithm.
        loop {
            let u = mt.random();
            let b = (E + alpha) / E;
            let p = b * u;
            let x = if p <= 1.0 {
                p.powf(1.0 / alpha)
            } else {
                -((b - p) / alpha).ln()
            };
            let u1 = mt.random();
            let accept = if p > 1.0 {
                u1 <= x.powf(alpha - 1.0)
            } else {
                u1 <= (-x).exp()
            };
            if accept {
                return x * beta;
            }
        }
    }
}

fn gamma_args<R: Runtime>(vm: &Vm<R>, slots: &[Option<Value<R>>]) -> PyResult<(f64, f64), R> {
    Ok((
        real_arg(vm, &req(&slots[0]))?,
        real_arg(vm, &req(&slots[1]))?,
    ))
}

pub(super) fn gammavariate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "gammavariate", &["alpha", "beta"], 2, &[])?;
    let (alpha, beta) = gamma_args(vm, &slots)?;
    if alpha <= 0.0 || beta <= 0.0 {
        return Err(PyErr::value_error(
            "gammavariate: alpha and beta must be > 0.0",
        ));
    }
    let mut mt = generator(vm, &me, "gammavariate")?.lock();
    Ok(Value::Float(gamma_draw(&mut mt, alpha, beta)))
}

pub(super) fn betavariate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "betavariate", &["alpha", "beta"], 2, &[])?;
    let (alpha, beta) = gamma_args(vm, &slots)?;
    let bad = PyErr::value_error("gammavariate: alpha and beta must be > 0.0");
    if alpha <= 0.0 {
        return Err(bad);
    }
    let mut mt = generator(vm, &me, "betavariate")?.lock();
    let y = gamma_draw(&mut mt, alpha, 1.0);
    if y == 0.0 {
        return Ok(Value::Float(0.0));
    }
    if beta <= 0.0 {
        return Err(bad);
    }
    Ok(Value::Float(y / (y + gamma_draw(&mut mt, beta, 1.0))))
}

/// `paretovariate(alpha)`: `(1.0 - random()) ** (-1.0 / alpha)`.
pub(super) fn paretovariate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "paretovariate", &["alpha"], 1, &[])?;
    let u = 1.0 - generator(vm, &me, "paretovariate")?.lock().random();
    let exponent = vm.binary_op(Value::Float(-1.0), req(&slots[0]), BinOp::Div)?;
    vm.binary_op(Value::Float(u), exponent, BinOp::Pow)
}

/// `weibullvariate(alpha, beta)`: `alpha * (-log(1.0 - random())) ** (1.0 / beta)`.
pub(super) fn weibullvariate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "weibullvariate", &["alpha", "beta"], 2, &[])?;
    let u = 1.0 - generator(vm, &me, "weibullvariate")?.lock().random();
    let exponent = vm.binary_op(Value::Float(1.0), req(&slots[1]), BinOp::Div)?;
    let power = vm.binary_op(Value::Float(-u.ln()), exponent, BinOp::Pow)?;
    vm.binary_op(req(&slots[0]), power, BinOp::Mul)
}
