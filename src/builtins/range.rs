//! `range` methods (`count`, `index`); iteration, `len`, `in` and slicing are the VM's.

use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

pub fn methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![("count", count), ("index", index)]
}

/// The position of `v` in the range, if it is an int the range contains.
fn position<R: Runtime>(range: &Value<R>, v: &Value<R>) -> Option<i64> {
    let Some(ObjKind::Range { start, stop, step }) = range.kind() else {
        return None;
    };
    let i = match v {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        _ => return None,
    };
    let inside = if *step > 0 {
        *start <= i && i < *stop
    } else {
        *stop < i && i <= *start
    };
    let offset = i as i128 - *start as i128;
    (inside && offset % *step as i128 == 0).then_some((offset / *step as i128) as i64)
}

fn count<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    args.check_count("count", 2, 2)?;
    if position(&args.pos[0], &args.pos[1]).is_some() {
        return Ok(Value::Int(1));
    }
    if matches!(args.pos[1], Value::Int(_) | Value::Bool(_)) {
        return Ok(Value::Int(0));
    }
    let items = vm.collect(&args.pos[0])?;
    let mut n = 0;
    for item in &items {
        if vm.eq(item, &args.pos[1])? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn index<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    args.check_count("index", 2, 2)?;
    if let Some(p) = position(&args.pos[0], &args.pos[1]) {
        return Ok(Value::Int(p));
    }
    let shown = vm.repr(&args.pos[1])?;
    Err(PyErr::value_error(format!("{shown} is not in range")))
}
