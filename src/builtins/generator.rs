//! The methods of generator objects (`send`, `close`); resuming one is the VM's.

use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

/// The methods of generator objects.
pub fn generator_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![("send", generator_send), ("close", generator_close)]
}

fn generator_send<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    args.check_count("send", 2, 2)?;
    let Some(ObjKind::Generator(g)) = args.pos[0].kind() else {
        return Err(PyErr::type_error("send() needs a generator"));
    };
    match vm.resume_generator(g, args.pos[1].clone())? {
        Some(v) => Ok(v),
        None => Err(PyErr::stop_iteration()),
    }
}

fn generator_close<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    if let Some(ObjKind::Generator(g)) = args.pos.first().and_then(|v| v.kind()) {
        let frame = g.frame.lock::<R>().take();
        drop(frame);
    }
    Ok(Value::None)
}
