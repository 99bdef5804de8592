//! Number arguments of the native modules (`math`, `operator`, `itertools`, ...): a value as a
//! C double the way CPython's `PyFloat_AsDouble` reads it (`__float__`, then `__index__`), and
//! as an integer the way `__index__` reads it, with CPython's error texts.

use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{int, ObjKind, Value};
use crate::vm::Runtime;
use crate::vm::Vm;
use num_bigint::BigInt;
use num_traits::ToPrimitive;

/// `x` as a float: `must be real number, not str` for anything without `__float__`/`__index__`.
pub fn to_f64<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<f64, R> {
    match v {
        Value::Float(f) => Ok(*f),
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(*b as i64 as f64),
        Value::None => Err(not_real(vm, v)),
        Value::Obj(o) => match o.kind() {
            ObjKind::BigInt(b) => big_to_f64(b),
            ObjKind::Instance(_) | ObjKind::Native(_) => {
                if let Some(r) = vm.call_special(v, "__float__", vec![])? {
                    return match r {
                        Value::Float(f) => Ok(f),
                        _ => Err(PyErr::type_error(format!(
                            "{}.__float__ returned non-float (type {})",
                            vm.type_name(v),
                            vm.type_name(&r)
                        ))),
                    };
                }
                if let Some(r) = vm.call_special(v, "__index__", vec![])? {
                    let b = returned_int(vm, &r)?;
                    return big_to_f64(&b);
                }
                Err(not_real(vm, v))
            }
            _ => Err(not_real(vm, v)),
        },
    }
}

/// A big int as a float, or CPython's overflow error.
pub fn big_to_f64<R: Runtime>(b: &BigInt) -> PyResult<f64, R> {
    match b.to_f64() {
        Some(f) if f.is_finite() => Ok(f),
        _ => Err(PyErr::overflow("int too large to convert to float")),
    }
}

fn not_real<R: Runtime>(vm: &Vm<R>, v: &Value<R>) -> PyErr<R> {
    PyErr::type_error(format!("must be real number, not {}", vm.type_name(v)))
}

/// `operator.index(v)`: an int, or the result of `__index__`.
pub fn to_bigint<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<BigInt, R> {
    if let Some(b) = int::to_bigint(v) {
        return Ok(b);
    }
    if matches!(v.kind(), Some(ObjKind::Instance(_) | ObjKind::Native(_))) {
        if let Some(r) = vm.call_special(v, "__index__", vec![])? {
            return returned_int(vm, &r);
        }
    }
    Err(vm.not_an_integer(v))
}

/// `v` as an integer that fits in 64 bits (`__index__` allowed), or `overflow` on overflow.
pub fn to_i64<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>, overflow: &str) -> PyResult<i64, R> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        _ => to_bigint(vm, v)?
            .to_i64()
            .ok_or_else(|| PyErr::overflow(overflow.to_string())),
    }
}

fn returned_int<R: Runtime>(vm: &Vm<R>, r: &Value<R>) -> PyResult<BigInt, R> {
    int::to_bigint(r).ok_or_else(|| {
        PyErr::type_error(format!(
            "__index__ returned non-int (type {})",
            vm.type_name(r)
        ))
    })
}
