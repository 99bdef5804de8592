//! `select` where minipy's sockets do not exist (Windows): the module imports, as CPython's
//! does there, and `select.select` says plainly that it is not available.

use super::itertools::R0;
use crate::objects::exception::{ExcKind, PyErr};
use crate::objects::{Args, NativeFn, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[("select", select)];
    super::add_functions(vm, m, functions);
    let oserror = vm.types().exception(ExcKind::OSError).clone();
    vm.set_module_attr(m, "error", Value::Obj(oserror));
    true
}

fn select<R: Runtime>(_vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Err(PyErr::new(
        ExcKind::OSError,
        "select.select is not available in minipy on this platform (it waits with POSIX \
         poll(); minipy has no sockets here)",
    ))
}
