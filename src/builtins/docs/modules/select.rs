//! The docstrings and text signatures of `select`'s functions.

pub(super) static FUNCTIONS: super::Table = &[
    (
        "poll",
        Some("($module, /)"),
        r#"A new polling object, which waits for events on the file descriptors
registered with it."#,
    ),
    (
        "select",
        Some("($module, rlist, wlist, xlist, timeout=None, /)"),
        r#"Wait until some of the file descriptors are ready.

rlist are waited on until they can be read, wlist until they can be
written, xlist for an exceptional condition; each holds integers or
objects with a fileno() method. timeout is in seconds (a float); None
waits without limit, 0 only polls.

The result is three lists, the ready subsets of the three arguments; all
are empty when the timeout passes first."#,
    ),
];
