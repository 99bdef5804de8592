//! The native modules a program imports: `sys`, `time`, `timeit`, `threading` (with its locks,
//! conditions, semaphores, events and barriers), `queue`, `random`, `multiprocessing` and `cmath`. One
//! file (or folder) per module; [`modules`] is the registry the interpreter is handed at
//! start-up (`runtime_setup`), one line per module.

mod cmath;
pub mod mt19937;
pub mod multiprocessing;
pub mod queue;
pub mod random;
pub mod sync;
mod sync_more;
mod sys;
pub mod threading;
pub mod time;
mod timeit;

pub use crate::vm::{add_functions, native_function};
use crate::vm::{ModuleInit, Runtime};

/// The native modules, by name: one line per module (`minipy::runtime_setup` hands them to
/// the interpreter).
pub fn modules<R: Runtime>() -> Vec<(&'static str, ModuleInit<R>)> {
    vec![
        ("sys", sys::init),
        ("time", time::init),
        ("timeit", timeit::init),
        ("threading", threading::init),
        ("queue", queue::init),
        ("random", random::init),
        ("multiprocessing", multiprocessing::init),
        ("cmath", cmath::init),
    ]
}
