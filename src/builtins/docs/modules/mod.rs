//! The docstrings and text signatures of the native modules' functions (one file per
//! module), and the modules' own docstrings.

mod gc_stats;
mod math;
mod operator;
mod os;
mod os_path;
mod os_path_same;
mod os_posix;
mod random;
mod signal_masks;
mod sys;
mod thread;
mod threading;
mod time;
mod time_clocks;

type Table = &'static [(&'static str, Option<&'static str>, &'static str)];

pub(in crate::builtins::docs) static MODULES: &[(&str, Table)] = &[
    ("math", math::FUNCTIONS),
    ("time", time::FUNCTIONS),
    ("time", time_clocks::FUNCTIONS),
    ("sys", sys::FUNCTIONS),
    ("operator", operator::FUNCTIONS),
    ("_operator", operator::FUNCTIONS),
    ("_thread", thread::FUNCTIONS),
    ("threading", threading::FUNCTIONS),
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
];

pub(in crate::builtins::docs) static MODULE_DOCS: &[(&str, &str)] = &[
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
