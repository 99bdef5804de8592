//! The docstrings and text signatures of `weakref`'s functions (also `_weakref`'s).

pub(super) static FUNCTIONS: super::Table = &[
    (
        "getweakrefcount",
        Some("($module, object, /)"),
        r#"How many weak references and proxies refer to the object."#,
    ),
    (
        "getweakrefs",
        Some("($module, object, /)"),
        r#"A list of the weak references and proxies that refer to the object."#,
    ),
];
