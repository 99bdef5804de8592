//! The docstrings and text signatures of `bisect`'s functions.

pub(super) static FUNCTIONS: super::Table = &[
    (
        "bisect_left",
        Some("($module, /, a, x, lo=0, hi=None, *, key=None)"),
        r#"The index where x would go in the sorted list a, before any items equal
to it.

Every item of a[lo:i] is less than x and none of a[i:hi] is, so
a.insert(i, x) keeps a sorted. lo and hi bound the part of a searched."#,
    ),
    (
        "bisect_right",
        Some("($module, /, a, x, lo=0, hi=None, *, key=None)"),
        r#"The index where x would go in the sorted list a, after any items equal
to it.

No item of a[lo:i] is greater than x and every item of a[i:hi] is, so
a.insert(i, x) keeps a sorted. lo and hi bound the part of a searched."#,
    ),
    (
        "insort_left",
        Some("($module, /, a, x, lo=0, hi=None, *, key=None)"),
        r#"Put x into the sorted list a, before any items equal to it, keeping a
sorted. lo and hi bound the part of a searched."#,
    ),
    (
        "insort_right",
        Some("($module, /, a, x, lo=0, hi=None, *, key=None)"),
        r#"Put x into the sorted list a, after any items equal to it, keeping a
sorted. lo and hi bound the part of a searched."#,
    ),
];
