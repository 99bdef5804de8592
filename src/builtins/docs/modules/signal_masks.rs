//! The docstrings and text signatures of `_signal`'s masks and waits (`signal_masks`).

pub(super) static FUNCTIONS: super::Table = &[
    (
        "pause",
        Some("($module, /)"),
        r#"Wait until a signal arrives, then run its handler."#,
    ),
    (
        "pthread_kill",
        Some("($module, thread_id, signalnum, /)"),
        r#"Send a signal to the thread thread_id (signal 0 only checks that the
thread exists)."#,
    ),
    (
        "pthread_sigmask",
        Some("($module, how, mask, /)"),
        r#"Block, unblock or set the signals the thread masks; return the set it
masked before."#,
    ),
    (
        "set_wakeup_fd",
        Some("($module, fd, /, *, warn_on_full_buffer=True)"),
        r#"Write the number of each arriving signal, as a byte, to the non-blocking
file descriptor fd (-1: to none). Returns the previous descriptor."#,
    ),
    (
        "siginterrupt",
        Some("($module, signalnum, flag, /)"),
        r#"Whether the signal interrupts system calls (flag true) or lets them
restart (flag false)."#,
    ),
    (
        "sigpending",
        Some("($module, /)"),
        r#"The set of signals that arrived while blocked and wait to be delivered."#,
    ),
    (
        "sigwait",
        Some("($module, sigset, /)"),
        r#"Wait for one of the (blocked) signals of sigset, take it and return its
number."#,
    ),
];
