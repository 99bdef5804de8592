//! The docstrings and text signatures of `threading`'s functions.

pub(super) static FUNCTIONS: super::Table = &[
    (
        "Lock",
        None,
        r#"A new lock, unlocked: the simplest synchronization primitive, held by
at most one thread at a time."#,
    ),
    (
        "RLock",
        None,
        r#"A new reentrant lock: the thread that holds it may acquire it again,
and must release it as many times."#,
    ),
    (
        "__excepthook__",
        None,
        r#"excepthook(exc_type, exc_value, exc_traceback, thread)

Print an exception raised by a thread's run() to sys.stderr."#,
    ),
    (
        "activeCount",
        None,
        r#"How many Thread objects are alive.

An older name of active_count()."#,
    ),
    (
        "currentThread",
        None,
        r#"The Thread object of the calling thread.

An older name of current_thread()."#,
    ),
    (
        "active_count",
        None,
        r#"How many Thread objects are alive."#,
    ),
    (
        "current_thread",
        None,
        r#"The Thread object of the calling thread."#,
    ),
    ("enumerate", None, r#"A list of the Thread objects alive."#),
    (
        "excepthook",
        None,
        r#"excepthook(exc_type, exc_value, exc_traceback, thread)

Print an exception raised by a thread's run() to sys.stderr."#,
    ),
    (
        "get_ident",
        None,
        r#"get_ident() -> integer

A nonzero integer identifying the current thread while it runs."#,
    ),
    (
        "get_native_id",
        None,
        r#"get_native_id() -> integer

The operating system's id of the current thread."#,
    ),
    (
        "main_thread",
        None,
        r#"The Thread object of the main thread."#,
    ),
];
