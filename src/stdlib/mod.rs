//! The native modules a program imports: `sys`, `time`, `timeit`, `threading` (with its locks,
//! conditions, semaphores, events and barriers), `queue`, `random`, `multiprocessing`, `os`
//! (with `os.path`, registered under its dotted name), `io`, `cmath` and `array`. One file
//! (or folder) per module; [`modules`] is the registry the interpreter is handed at
//! start-up (`runtime_setup`), one line per module.

/// The six rich comparisons of a native type as native methods (`fn lt` ... `fn ge`), each
/// calling `$compare(vm, args, op)` with `Vm::compare`'s number for it (0 `<` to 5 `>=`).
macro_rules! rich_comparisons {
    ($compare:ident) => {
        fn lt<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
            $compare(vm, args, 0)
        }
        fn le<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
            $compare(vm, args, 1)
        }
        fn eq<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
            $compare(vm, args, 2)
        }
        fn ne<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
            $compare(vm, args, 3)
        }
        fn gt<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
            $compare(vm, args, 4)
        }
        fn ge<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
            $compare(vm, args, 5)
        }
    };
}

mod abc_native;
mod abc_state;
mod array;
mod array_iter;
mod array_methods;
mod asyncio_support;
pub mod atexit;
mod bisect;
mod cmath;
mod collections;
mod collections_iter;
mod contextvars_state;
mod enum_native;
mod errno;
mod gc;
mod hashlib;
mod heapq;
mod imp;
mod io;
mod io_newline;
mod itertools;
mod itertools_more;
mod math;
mod math_gamma;
mod math_int;
pub mod mt19937;
pub mod multiprocessing;
mod num_args;
mod operator;
mod os;
mod os_environ;
#[cfg(unix)]
mod os_fd;
mod os_path;
mod os_path_more;
mod os_platform;
#[cfg(unix)]
mod os_posix;
pub mod queue;
pub mod random;
mod re;
mod re_emit;
mod re_group;
mod re_parse;
#[cfg(any(unix, windows))]
mod select;
#[cfg(not(any(unix, windows)))]
#[path = "select_unsupported.rs"]
mod select;
mod signal;
#[cfg(any(unix, windows))]
mod socket;
#[cfg(any(unix, windows))]
mod socket_addrinfo;
#[cfg(windows)]
mod socket_windows;
mod struct_module;
mod subprocess;
pub mod sync;
mod sync_more;
mod sys;
mod thread_module;
pub mod threading;
pub mod time;
#[cfg(unix)]
mod time_clocks;
mod time_struct;
mod timeit;
mod traceback;
mod warnings;
mod weakref;

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
        ("_thread", thread_module::init),
        ("queue", queue::init),
        ("random", random::init),
        ("multiprocessing", multiprocessing::init),
        ("math", math::init),
        ("operator", operator::init),
        ("itertools", itertools::init),
        ("_collections", collections::init),
        ("heapq", heapq::init),
        ("_heapq", heapq::init),
        ("atexit", atexit::init),
        ("_warnings", warnings::init),
        ("errno", errno::init),
        ("_hashlib", hashlib::init),
        ("bisect", bisect::init),
        ("_bisect", bisect::init),
        ("os", os::init),
        ("io", io::init),
        ("os.path", os_path::init),
        ("_traceback", traceback::init),
        ("cmath", cmath::init),
        ("_struct", struct_module::init),
        ("array", array::init),
        ("_signal", signal::init),
        #[cfg(any(unix, windows))]
        ("_socket", socket::init),
        ("select", select::init),
        ("_asyncio", asyncio_support::init),
        ("_abc", abc_native::init),
        ("_enum", enum_native::init),
        ("_contextvars", contextvars_state::init),
        ("_subprocess", subprocess::init),
        ("gc", gc::init),
        ("_imp", imp::init),
        ("_weakref", weakref::init),
        ("_re", re::init),
        ("_buffer_exports", crate::builtins::memoryview::init),
    ]
}
