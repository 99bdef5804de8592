//! The docstrings and text signatures of `signal`'s functions (also `_signal`'s).

pub(super) static FUNCTIONS: super::Table = &[
    (
        "alarm",
        Some("($module, seconds, /)"),
        r#"Have SIGALRM sent to the process after the given number of seconds."#,
    ),
    (
        "default_int_handler",
        Some("($module, signalnum, frame, /)"),
        r#"The default handler of SIGINT: raise KeyboardInterrupt."#,
    ),
    (
        "getsignal",
        Some("($module, signalnum, /)"),
        r#"The handler of the signal now: a callable, SIG_IGN, SIG_DFL, or None
when the handler was not set from Python."#,
    ),
    (
        "raise_signal",
        Some("($module, signalnum, /)"),
        r#"Send the signal to the calling process."#,
    ),
    (
        "signal",
        Some("($module, signalnum, handler, /)"),
        r#"Set the handler of the signal and return the handler it had.

handler is a callable of two arguments (the signal number and the frame),
SIG_IGN or SIG_DFL. Only the main thread may set handlers."#,
    ),
    (
        "strsignal",
        Some("($module, signalnum, /)"),
        r#"The system's description of the signal ("Interrupt",
"Segmentation fault", ...), or None when it has none."#,
    ),
];
