//! The `timeit` module: `default_timer` (the monotonic performance counter).

use crate::objects::ObjRef;
use crate::vm::Runtime;
use crate::vm::Vm;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let time = match vm.import_module("time") {
        Ok(t) => t,
        Err(_) => return false,
    };
    if let Ok(pc) = vm.get_attr_str(&time, "perf_counter") {
        vm.set_module_attr(m, "default_timer", pc);
    }
    true
}
