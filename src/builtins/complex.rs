//! The `complex` type: its constructor (numbers and strings), arithmetic with ints and floats
//! through the dunder methods (`__add__`/`__radd__`, ...), `abs`, `==`, `hash`, `.real`,
//! `.imag` and `.conjugate()`. The number itself is `objects::complex`.

use crate::objects::complex::{parse, Complex, ComplexError};
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::{add_methods, Interp, Vm};
use num_traits::ToPrimitive;
use std::sync::Arc;

type R0<R> = PyResult<Value<R>, R>;

pub fn install<R: Runtime>(interp: &Arc<Interp<R>>) {
    let class = &interp.types.complex;
    let methods: &[(&'static str, NativeFn<R>)] = &[
        ("__new__", |vm, a| {
            super::subclass::wrapping_new(vm, a, complex_new)
        }),
        ("__add__", add),
        ("__radd__", add),
        ("__sub__", sub),
        ("__rsub__", rsub),
        ("__mul__", mul),
        ("__rmul__", mul),
        ("__truediv__", truediv),
        ("__rtruediv__", rtruediv),
        ("__pow__", pow),
        ("__rpow__", rpow),
        ("__neg__", neg),
        ("__pos__", pos),
        ("__abs__", abs),
        ("__bool__", bool_),
        ("__eq__", eq),
        ("__ne__", ne),
        ("__hash__", hash),
        ("__str__", repr),
        ("__repr__", repr),
        ("conjugate", conjugate),
    ];
    add_methods(class, methods);
    add_property(class, "real", real);
    add_property(class, "imag", imag);
}

/// Gives the class a read-only property whose getter is native.
pub(super) fn add_property<R: Runtime>(class: &ObjRef<R>, name: &'static str, getter: NativeFn<R>) {
    if let ObjKind::Class(c) = class.kind() {
        c.dict.add_native_property(name, getter);
    }
}

pub fn new_complex<R: Runtime>(c: Complex) -> Value<R> {
    Value::new_obj(ObjKind::Complex(c))
}

/// An int, float, bool or complex as a complex; `None` for anything else.
fn as_complex<R: Runtime>(v: &Value<R>) -> PyResult<Option<Complex>, R> {
    Ok(match v {
        Value::Bool(b) => Some(Complex::new(*b as i64 as f64, 0.0)),
        Value::Int(i) => Some(Complex::new(*i as f64, 0.0)),
        Value::Float(f) => Some(Complex::new(*f, 0.0)),
        Value::Obj(o) => match o.kind() {
            ObjKind::Complex(c) => Some(*c),
            ObjKind::BigInt(b) => match b.to_f64() {
                Some(f) if f.is_finite() => Some(Complex::new(f, 0.0)),
                _ => return Err(PyErr::overflow("int too large to convert to float")),
            },
            _ => None,
        },
        Value::None => None,
    })
}

/// The receiver and the other operand; `None` (NotImplemented) when the other is no number.
fn operands<R: Runtime>(args: &Args<R>, name: &str) -> PyResult<Option<(Complex, Complex)>, R> {
    args.check_count(name, 2, 2)?;
    let a = receiver(args, name)?;
    Ok(as_complex(&args.pos[1])?.map(|b| (a, b)))
}

fn receiver<R: Runtime>(args: &Args<R>, name: &str) -> PyResult<Complex, R> {
    // An instance of a subclass (`class C(complex)`) holds its complex as its base.
    let base = match args.pos.first().and_then(|v| v.kind()) {
        Some(ObjKind::Instance(i)) => i.base.clone(),
        _ => None,
    };
    match base.as_ref().or(args.pos.first()).and_then(|v| v.kind()) {
        Some(ObjKind::Complex(c)) => Ok(*c),
        _ => Err(PyErr::type_error(format!(
            "descriptor '{name}' requires a 'complex' object"
        ))),
    }
}

fn binary<R: Runtime>(
    vm: &mut Vm<R>,
    args: &Args<R>,
    name: &str,
    f: impl FnOnce(Complex, Complex) -> Result<Complex, ComplexError>,
) -> R0<R> {
    match operands(args, name)? {
        None => Ok(vm.interp.not_implemented.clone()),
        Some((a, b)) => f(a, b).map(new_complex).map_err(|e| match e {
            ComplexError::DivisionByZero => PyErr::zero_division("complex division by zero"),
            ComplexError::ZeroToNegativePower => {
                PyErr::zero_division("0.0 to a negative or complex power")
            }
            ComplexError::Overflow => PyErr::overflow("complex exponentiation"),
        }),
    }
}

fn add<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    binary(vm, &args, "__add__", |a, b| Ok(a + b))
}

fn sub<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    binary(vm, &args, "__sub__", |a, b| Ok(a - b))
}

fn rsub<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    binary(vm, &args, "__rsub__", |a, b| Ok(b - a))
}

fn mul<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    binary(vm, &args, "__mul__", |a, b| Ok(a * b))
}

fn truediv<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    binary(vm, &args, "__truediv__", |a, b| a.checked_div(b))
}

fn rtruediv<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    binary(vm, &args, "__rtruediv__", |a, b| b.checked_div(a))
}

fn pow<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    if args.pos.len() == 3 && !args.pos[2].is_none() {
        return Err(PyErr::value_error("complex modulo"));
    }
    let args = Args::positional(args.pos.into_iter().take(2).collect());
    binary(vm, &args, "__pow__", |a, b| a.pow(b).map_err(power_error))
}

fn rpow<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let args = Args::positional(args.pos.into_iter().take(2).collect());
    binary(vm, &args, "__rpow__", |a, b| b.pow(a).map_err(power_error))
}

/// A power that divides by zero says so in CPython's words for powers.
fn power_error(e: ComplexError) -> ComplexError {
    match e {
        ComplexError::Overflow => e,
        _ => ComplexError::ZeroToNegativePower,
    }
}

fn neg<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let c = receiver(&args, "__neg__")?;
    Ok(new_complex(Complex::new(-c.re, -c.im)))
}

fn pos<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let c = receiver(&args, "__pos__")?;
    Ok(new_complex(c))
}

fn abs<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let c = receiver(&args, "__abs__")?;
    let a = c.abs();
    if a.is_infinite() && c.re.is_finite() && c.im.is_finite() {
        return Err(PyErr::overflow("absolute value too large"));
    }
    Ok(Value::Float(a))
}

fn bool_<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let c = receiver(&args, "__bool__")?;
    Ok(Value::Bool(c.re != 0.0 || c.im != 0.0))
}

fn eq<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(match operands(&args, "__eq__")? {
        None => vm.interp.not_implemented.clone(),
        Some((a, b)) => Value::Bool(a == b),
    })
}

fn ne<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(match operands(&args, "__ne__")? {
        None => vm.interp.not_implemented.clone(),
        Some((a, b)) => Value::Bool(a != b),
    })
}

fn hash<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(Value::Int(receiver(&args, "__hash__")?.hash()))
}

fn repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(vm.new_str(receiver(&args, "__repr__")?.repr()))
}

fn conjugate<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("conjugate", 1, 1)?;
    let c = receiver(&args, "conjugate")?;
    Ok(new_complex(Complex::new(c.re, -c.im)))
}

fn real<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(Value::Float(receiver(&args, "real")?.re))
}

fn imag<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(Value::Float(receiver(&args, "imag")?.im))
}

/// `complex()`, `complex(x)`, `complex(real, imag)`, `complex("1+2j")`, with keywords too.
fn complex_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let mut pos = args.pos;
    let mut kw = args.kw;
    if !pos.is_empty() {
        pos.remove(0);
    }
    let mut take = |name: &str| {
        kw.iter()
            .position(|(k, _)| k.as_str() == Some(name))
            .map(|i| kw.remove(i).1)
    };
    let real_kw = take("real");
    let imag_kw = take("imag");
    if let Some((k, _)) = kw.first() {
        return Err(PyErr::type_error(format!(
            "complex() got an unexpected keyword argument '{}'",
            k.as_str().unwrap_or("?")
        )));
    }
    if pos.len() > 2 {
        return Err(PyErr::type_error(format!(
            "complex() takes at most 2 arguments ({} given)",
            pos.len()
        )));
    }
    let mut it = pos.into_iter();
    let real = it.next().or(real_kw);
    let imag = it.next().or(imag_kw);
    let Some(real) = real else {
        return match imag {
            None => Ok(new_complex(Complex::new(0.0, 0.0))),
            Some(i) => {
                let i = number_arg(vm, &i, "second")?;
                Ok(new_complex(Complex::new(0.0 - i.im, i.re)))
            }
        };
    };
    if let Some(ObjKind::Str(s)) = real.kind() {
        if imag.is_some() {
            return Err(PyErr::type_error(
                "complex() can't take second arg if first is a string",
            ));
        }
        return parse(s.as_str())
            .map(new_complex)
            .ok_or_else(|| PyErr::value_error("complex() arg is a malformed string"));
    }
    if imag.is_none() {
        if let Some(ObjKind::Complex(_)) = real.kind() {
            return Ok(real);
        }
    }
    let r = number_arg(vm, &real, "first")?;
    let Some(imag) = imag else {
        return Ok(new_complex(r));
    };
    if let Some(ObjKind::Str(_)) = imag.kind() {
        return Err(PyErr::type_error("complex() second arg can't be a string"));
    }
    let i = number_arg(vm, &imag, "second")?;
    // As CPython's `complex_new`: only a complex part adds its other half, so
    // `complex(-0.0, -0.0)` keeps both signs.
    let is_complex = |v: &Value<R>| matches!(v.kind(), Some(ObjKind::Complex(_)));
    let re = if is_complex(&imag) { r.re - i.im } else { r.re };
    let im = if is_complex(&real) { i.re + r.im } else { i.re };
    Ok(new_complex(Complex::new(re, im)))
}

fn number_arg<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>, which: &str) -> PyResult<Complex, R> {
    if let Some(c) = as_complex(v)? {
        return Ok(c);
    }
    if let Some(r) = vm.call_special(v, "__complex__", vec![])? {
        if let Some(ObjKind::Complex(c)) = r.kind() {
            return Ok(*c);
        }
        return Err(PyErr::type_error(format!(
            "__complex__ returned non-complex (type {})",
            vm.type_name(&r)
        )));
    }
    if let Some(Value::Float(f)) = vm.call_special(v, "__float__", vec![])? {
        return Ok(Complex::new(f, 0.0));
    }
    let what = if which == "first" {
        "a string or a number"
    } else {
        "a number"
    };
    Err(PyErr::type_error(format!(
        "complex() {which} argument must be {what}, not '{}'",
        vm.type_name(v)
    )))
}
