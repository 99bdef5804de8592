//! The docstrings and text signatures of `time`'s functions.

pub(super) static FUNCTIONS: super::Table = &[
    (
        "asctime",
        None,
        r#"asctime([tuple]) -> string

A tuple or struct_time as a 24-character string such as
'Sat Jun 06 16:26:11 1998'; the current local time without argument."#,
    ),
    (
        "ctime",
        None,
        r#"ctime(seconds) -> string

Seconds since the epoch as local time, written as asctime() does; the
current time without argument."#,
    ),
    (
        "gmtime",
        None,
        r#"gmtime([seconds]) -> struct_time in UTC

Seconds since the epoch as a struct_time in UTC; the current time
without argument."#,
    ),
    (
        "localtime",
        None,
        r#"localtime([seconds]) -> struct_time in local time

Seconds since the epoch as a struct_time in local time; the current time
without argument."#,
    ),
    (
        "mktime",
        None,
        r#"mktime(tuple) -> floating point number

The inverse of localtime(): a struct_time or 9-tuple in local time as
seconds since the epoch."#,
    ),
    (
        "monotonic",
        None,
        r#"monotonic() -> float

A clock that never goes backwards, in seconds; only differences between
readings mean anything."#,
    ),
    (
        "monotonic_ns",
        None,
        r#"monotonic_ns() -> int

monotonic() in integer nanoseconds."#,
    ),
    (
        "perf_counter",
        None,
        r#"perf_counter() -> float

The highest-resolution clock for measuring short durations, in seconds."#,
    ),
    (
        "perf_counter_ns",
        None,
        r#"perf_counter_ns() -> int

perf_counter() in integer nanoseconds."#,
    ),
    (
        "process_time",
        None,
        r#"process_time() -> float

The CPU time (user and system) of the process, in seconds."#,
    ),
    (
        "process_time_ns",
        None,
        r#"process_time() in integer nanoseconds."#,
    ),
    (
        "sleep",
        None,
        r#"sleep(seconds)

Pause the calling thread for the given number of seconds (a float for
fractions)."#,
    ),
    (
        "strftime",
        None,
        r#"strftime(format[, tuple]) -> string

A time tuple or struct_time written with the directives of the format
(%Y, %m, %d, %H, %M, %S...); the current local time without tuple."#,
    ),
    (
        "strptime",
        None,
        r#"strptime(string, format) -> struct_time

Read a string written in the format into a struct_time."#,
    ),
    (
        "thread_time",
        None,
        r#"thread_time() -> float

The CPU time of the current thread, in seconds."#,
    ),
    (
        "thread_time_ns",
        None,
        r#"thread_time() in integer nanoseconds."#,
    ),
    (
        "time",
        None,
        r#"time() -> floating point number

The current time in seconds since the epoch, as a float."#,
    ),
    (
        "time_ns",
        None,
        r#"time_ns() -> int

The current time in integer nanoseconds since the epoch."#,
    ),
];
