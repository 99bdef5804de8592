//! The docstrings and text signatures of `itertools`'s functions (its classes are filed as
//! types).

pub(super) static FUNCTIONS: super::Table = &[(
    "tee",
    Some("($module, iterable, n=2, /)"),
    r#"n independent iterators over one iterable, as a tuple."#,
)];
