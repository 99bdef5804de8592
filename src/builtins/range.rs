//! `range` methods (`count`, `index`); iteration, `len`, `in` and slicing of small ranges are
//! the VM's, the dunder methods (for big ranges too) are in `range_big`.

use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, Value};
use crate::vm::Runtime;
use crate::vm::Vm;
use num_bigint::BigInt;

use super::range_big;

pub fn methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    let mut methods: Vec<(&'static str, NativeFn<R>)> =
        vec![("count", count), ("index", index), ("__reduce__", reduce)];
    methods.extend(range_big::methods());
    methods
}

/// The position of `v` in the range, if it is an int the range contains.
fn position<R: Runtime>(vm: &mut Vm<R>, range: &Value<R>, v: &Value<R>) -> Option<BigInt> {
    let (start, stop, step) = range_big::bounds(range)?;
    let is_int =
        matches!(v, Value::Int(_) | Value::Bool(_)) || matches!(v.kind(), Some(ObjKind::BigInt(_)));
    if !is_int {
        return None;
    }
    let i = range_big::big_index(vm, v).ok()?;
    range_big::position(&start, &stop, &step, &i)
}

/// `(range, (start, stop, step))`: how pickle and copy make the range again.
fn reduce<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    args.check_count("__reduce__", 1, 1)?;
    let me = &args.pos[0];
    let Some((start, stop, step)) = range_big::bounds(me) else {
        return Err(crate::objects::exception::PyErr::type_error(
            "descriptor '__reduce__' requires a 'range' object",
        ));
    };
    let bounds = [start, stop, step]
        .into_iter()
        .map(crate::objects::int::from_bigint)
        .collect();
    let bounds = vm.new_tuple(bounds);
    let class = Value::Obj(vm.types().range.clone());
    Ok(vm.new_tuple(vec![class, bounds]))
}

fn count<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    args.check_count("count", 2, 2)?;
    if position(vm, &args.pos[0], &args.pos[1]).is_some() {
        return Ok(Value::Int(1));
    }
    if matches!(args.pos[1], Value::Int(_) | Value::Bool(_))
        || matches!(args.pos[1].kind(), Some(ObjKind::BigInt(_)))
    {
        return Ok(Value::Int(0));
    }
    let it = vm.get_iter(&args.pos[0])?;
    let mut n = 0;
    while let Some(item) = vm.next_fast(&it)? {
        if vm.eq(&item, &args.pos[1])? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn index<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    args.check_count("index", 2, 2)?;
    if let Some(p) = position(vm, &args.pos[0], &args.pos[1]) {
        return Ok(range_big::int_value(p));
    }
    let shown = vm.repr(&args.pos[1])?;
    Err(PyErr::value_error(format!("{shown} is not in range")))
}
