//! The docstrings and text signatures of the native modules' functions (one file per
//! module), their classes and those classes' methods, and the modules' own docstrings.

mod abc;
mod bisect;
mod class_methods;
mod classes;
mod gc;
mod gc_stats;
mod heapq;
mod io;
mod itertools;
mod math;
mod operator;
mod os;
mod os_path;
mod os_path_same;
mod os_posix;
mod random;
mod select;
mod signal;
mod signal_masks;
mod socket;
mod struct_module;
mod sys;
mod thread;
mod threading;
mod time;
mod time_clocks;
mod weakref;

pub(in crate::builtins::docs) use class_methods::METHODS as CLASS_METHODS;
pub(in crate::builtins::docs) use classes::CLASSES;
pub(in crate::builtins::docs) use io::METHODS as STREAM_METHODS;

pub(in crate::builtins::docs) type Table =
    &'static [(&'static str, Option<&'static str>, &'static str)];

pub(in crate::builtins::docs) static MODULES: &[(&str, Table)] = &[
    ("math", math::FUNCTIONS),
    ("time", time::FUNCTIONS),
    ("time", time_clocks::FUNCTIONS),
    ("sys", sys::FUNCTIONS),
    ("operator", operator::FUNCTIONS),
    ("_operator", operator::FUNCTIONS),
    ("_thread", thread::FUNCTIONS),
    ("threading", threading::FUNCTIONS),
    // threading's RLock, get_ident and get_native_id are `_thread`'s.
    ("threading", thread::FUNCTIONS),
    ("random", random::FUNCTIONS),
    ("os", os::FUNCTIONS),
    ("os", os_posix::FUNCTIONS),
    ("os.path", os_path::FUNCTIONS),
    ("os.path", os_path_same::FUNCTIONS),
    ("gc", gc_stats::FUNCTIONS),
    ("_signal", signal_masks::FUNCTIONS),
    ("signal", signal_masks::FUNCTIONS),
    ("posixpath", os_path::FUNCTIONS),
    ("posixpath", os_path_same::FUNCTIONS),
    ("heapq", heapq::FUNCTIONS),
    ("_heapq", heapq::FUNCTIONS),
    ("bisect", bisect::FUNCTIONS),
    ("_bisect", bisect::FUNCTIONS),
    ("gc", gc::FUNCTIONS),
    ("struct", struct_module::FUNCTIONS),
    ("_struct", struct_module::FUNCTIONS),
    ("select", select::FUNCTIONS),
    ("signal", signal::FUNCTIONS),
    ("_signal", signal::FUNCTIONS),
    ("socket", socket::FUNCTIONS),
    ("_socket", socket::FUNCTIONS),
    ("weakref", weakref::FUNCTIONS),
    ("_weakref", weakref::FUNCTIONS),
    ("abc", abc::FUNCTIONS),
    ("_abc", abc::FUNCTIONS),
    ("itertools", itertools::FUNCTIONS),
];

pub(in crate::builtins::docs) static MODULE_DOCS: &[(&str, &str)] = &[
    (
        "array",
        r#"Arrays of values of one basic type: characters, integers or floats.

An array is a sequence like a list, but it stores its items compactly, as
machine values of the type its typecode names."#,
    ),
    (
        "bisect",
        r#"Binary search in sorted lists, and insertion that keeps them sorted."#,
    ),
    (
        "gc",
        r#"The cycle collector: turn it on and off, run it, tune it, and look at
the objects it tracks."#,
    ),
    (
        "heapq",
        r#"Heaps kept in ordinary lists: the priority queue algorithm.

A heap is a list where heap[k] <= heap[2*k+1] and heap[k] <= heap[2*k+2]
for every k the indices allow, so heap[0] is always the smallest item.
heappush() and heappop() keep that true; heapify() makes any list a
heap."#,
    ),
    (
        "io",
        r#"The stream classes under open() and the standard streams.

IOBase is the root; RawIOBase (FileIO) talks to the operating system,
BufferedIOBase (BufferedReader, BufferedWriter, BufferedRandom, BytesIO)
buffers binary data, TextIOBase (TextIOWrapper, StringIO) reads and
writes str."#,
    ),
    (
        "queue",
        r#"Queues that many threads can put into and get from at once."#,
    ),
    (
        "select",
        r#"Waiting until file descriptors are ready: select() and poll().

On Unix any file descriptor can be waited on (files, pipes, sockets); on
Windows, sockets only."#,
    ),
    (
        "threading",
        r#"Threads and the primitives that synchronize them: locks, conditions,
semaphores, events, barriers and timers."#,
    ),
    (
        "_thread",
        r#"Low-level threads and locks; the threading module builds on them."#,
    ),
    (
        "itertools",
        r#"Building blocks for iterators: infinite counters, combinations of
iterables, and selections from them."#,
    ),
    (
        "math",
        r#"Mathematical functions over real numbers, as the C standard defines them."#,
    ),
    (
        "operator",
        r#"The operators of the language as functions.

operator.add(x, y) is x + y, and so on; the names with an i in front are
the in-place forms (iadd(x, y) is x += y)."#,
    ),
    (
        "os",
        r#"The operating system's services: files and directories, processes, and
the environment."#,
    ),
    ("os.path", r#"Operations on POSIX path names."#),
    (
        "random",
        r#"Pseudo-random numbers: integers, choices from sequences, shuffles, and
samples of common distributions."#,
    ),
    (
        "sys",
        r#"Objects and functions of the interpreter itself: its arguments, streams,
modules, limits and hooks."#,
    ),
    (
        "time",
        r#"Reading clocks, waiting, and converting between time representations.

Times are seconds since the epoch (a float or, for the _ns functions, an
int of nanoseconds) or struct_time tuples of nine fields."#,
    ),
];
