//! The docstrings and text signatures of `abc`'s native functions (also `_abc`'s).

pub(super) static FUNCTIONS: super::Table = &[(
    "get_cache_token",
    Some("($module, /)"),
    r#"The current token of the ABC caches.

The token changes whenever a class is registered with any ABC, so a cache
of isinstance() answers kept with it can tell when it is stale."#,
)];
