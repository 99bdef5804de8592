//! `slice` methods (`indices`); slicing itself is the VM's.

use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

pub fn methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![("indices", indices)]
}

/// `slice.indices(length)`: the start, stop and step a sequence of that length would use.
fn indices<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    args.check_count("indices", 2, 2)?;
    let Some(ObjKind::Slice(parts)) = args.pos[0].kind() else {
        return Err(PyErr::type_error(
            "descriptor 'indices' requires a 'slice' object",
        ));
    };
    let length = vm.index_i64(&args.pos[1])?;
    if length < 0 {
        return Err(PyErr::value_error("length should not be negative"));
    }
    let (start, stop, step) = vm.slice_indices(parts, length as usize)?;
    Ok(vm.new_tuple(vec![Value::Int(start), Value::Int(stop), Value::Int(step)]))
}
