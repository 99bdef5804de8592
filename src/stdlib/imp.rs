//! `_imp`: the import system's hooks that `importlib` (lib/importlib) is written over:
//! `reload(module)`.
use crate::objects::exception::PyResult;
use crate::objects::{Args, NativeFn, ObjRef, Value};
use crate::vm::{Runtime, Vm};

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[("reload", reload)];
    super::add_functions(vm, m, functions);
    true
}

fn reload<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    args.check_count("reload", 1, 1)?;
    vm.reload_module(&args.pos[0])
}
