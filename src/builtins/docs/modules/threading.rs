//! The docstrings and text signatures of `threading`'s functions.

pub(super) static FUNCTIONS: super::Table = &[
    (
        "Lock",
        None,
        r#"A new lock, unlocked: the simplest synchronization primitive, held by
at most one thread at a time."#,
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
        "main_thread",
        None,
        r#"The Thread object of the main thread."#,
    ),
];
