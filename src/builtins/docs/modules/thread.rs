//! The docstrings and text signatures of `_thread`'s functions.

pub(super) static FUNCTIONS: super::Table = &[
    (
        "RLock",
        None,
        r#"A new reentrant lock: the thread that holds it may acquire it again,
and must release it as many times."#,
    ),
    (
        "allocate",
        None,
        r#"A new lock (an older name of allocate_lock)."#,
    ),
    (
        "allocate_lock",
        None,
        r#"allocate_lock() -> lock object
(allocate() is an obsolete synonym)

A new lock, unlocked."#,
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
        "interrupt_main",
        None,
        r#"interrupt_main(signum=signal.SIGINT, /)

Raise KeyboardInterrupt (the signal's effect) in the main thread."#,
    ),
];
