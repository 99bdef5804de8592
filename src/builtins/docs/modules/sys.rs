//! The docstrings and text signatures of `sys`'s functions.

pub(super) static FUNCTIONS: super::Table = &[
    (
        "exc_info",
        Some("($module, /)"),
        r#"The exception being handled as (type, value, traceback), or
(None, None, None)."#,
    ),
    (
        "excepthook",
        Some("($module, exctype, value, traceback, /)"),
        r#"Print an uncaught exception and its traceback to sys.stderr."#,
    ),
    (
        "exception",
        Some("($module, /)"),
        r#"The exception being handled, or None."#,
    ),
    (
        "exit",
        Some("($module, status=None, /)"),
        r#"Leave the interpreter by raising SystemExit(status).

No status (or None) means success (0); an integer is the exit status;
anything else is printed to stderr and the status is 1."#,
    ),
    (
        "get_asyncgen_hooks",
        Some("($module, /)"),
        r#"The firstiter and finalizer hooks of asynchronous generators."#,
    ),
    (
        "get_int_max_str_digits",
        Some("($module, /)"),
        r#"The most digits allowed in a conversion between int and decimal str."#,
    ),
    (
        "getrecursionlimit",
        Some("($module, /)"),
        r#"The recursion limit: how deep the stack of Python calls may grow."#,
    ),
    (
        "getrefcount",
        Some("($module, object, /)"),
        r#"The reference count of the object; the argument itself adds one."#,
    ),
    (
        "getsizeof",
        None,
        r#"getsizeof(object [, default]) -> int

The size of the object in bytes; default when it cannot be told."#,
    ),
    (
        "getswitchinterval",
        Some("($module, /)"),
        r#"The interval, in seconds, after which a thread is asked to release the
GIL."#,
    ),
    (
        "intern",
        Some("($module, string, /)"),
        r#"The interned copy of the string: equal interned strings are the same
object."#,
    ),
    (
        "set_asyncgen_hooks",
        None,
        r#"set_asyncgen_hooks(* [, firstiter] [, finalizer])

Install the firstiter and finalizer hooks of asynchronous generators."#,
    ),
    (
        "set_int_max_str_digits",
        Some("($module, /, maxdigits)"),
        r#"Set the most digits allowed in a conversion between int and decimal str."#,
    ),
    (
        "setrecursionlimit",
        Some("($module, limit, /)"),
        r#"Set the recursion limit: how deep the stack of Python calls may grow."#,
    ),
    (
        "setswitchinterval",
        Some("($module, interval, /)"),
        r#"Set the interval, in seconds, after which a thread is asked to release
the GIL."#,
    ),
];
