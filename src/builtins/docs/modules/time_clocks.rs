//! The docstrings of `time`'s POSIX clocks (`time_clocks`). CPython gives them no text
//! signature: the first line of each docstring shows the call.

pub(super) static FUNCTIONS: super::Table = &[
    (
        "clock_getres",
        None,
        r#"clock_getres(clk_id) -> floating point number

The resolution of the clock clk_id, in seconds."#,
    ),
    (
        "clock_gettime",
        None,
        r#"clock_gettime(clk_id) -> float

The time of the clock clk_id (a CLOCK_* id), in seconds, as a float."#,
    ),
    (
        "clock_gettime_ns",
        None,
        r#"clock_gettime_ns(clk_id) -> int

The time of the clock clk_id (a CLOCK_* id), in nanoseconds, as an int."#,
    ),
    (
        "clock_settime",
        None,
        r#"clock_settime(clk_id, time)

Set the clock clk_id to a time in seconds (needs the privilege to)."#,
    ),
    (
        "clock_settime_ns",
        None,
        r#"clock_settime_ns(clk_id, time)

Set the clock clk_id to a time in nanoseconds (needs the privilege to)."#,
    ),
    (
        "get_clock_info",
        None,
        r#"get_clock_info(name: str) -> dict

What the clock name ('time', 'monotonic', 'perf_counter',
'process_time' or 'thread_time') is made of: a namespace with its
implementation, whether it is monotonic and adjustable, and its
resolution in seconds."#,
    ),
    (
        "pthread_getcpuclockid",
        None,
        r#"pthread_getcpuclockid(thread_id) -> int

The clock id of the CPU-time clock of the thread thread_id (in minipy,
the calling thread's id only)."#,
    ),
    (
        "tzset",
        None,
        r#"tzset()

Read the TZ environment variable again: the local time zone, and with
it timezone, altzone, daylight and tzname, follow it from now on."#,
    ),
];
