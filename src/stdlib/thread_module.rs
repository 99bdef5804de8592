//! The `_thread` module: CPython's low-level thread API (`start_new_thread`, `allocate_lock`,
//! `get_ident`, `exit`, `interrupt_main`...), built on `threading`'s threads and locks, so the
//! deadlock detector, `--trace` and `--virtual-time` see its threads and locks as any others.

use crate::objects::exception::PyResult;
use crate::objects::{Args, NativeFn, ObjRef, Value};
use crate::vm::threads::INTERRUPT;
use crate::vm::{Runtime, Vm};
use std::sync::atomic::Ordering;

/// The part written in Python (over the `threading` module).
const SOURCE: &str = include_str!("thread_module.py");

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[("interrupt_main", interrupt_main)];
    super::add_functions(vm, m, functions);
    super::threading::run_python_part(vm, m, SOURCE, "<frozen _thread>")
}

/// `_thread.interrupt_main(signum=SIGINT)`: the main thread gets KeyboardInterrupt at its next
/// switch point or blocking wait, as if Ctrl-C had been pressed.
fn interrupt_main<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    args.check_count("interrupt_main", 0, 1)?;
    INTERRUPT.store(true, Ordering::Relaxed);
    Ok(Value::None)
}
