//! The docstrings and text signatures of `gc`'s debugging flags and statistics.

pub(super) static FUNCTIONS: super::Table = &[
    (
        "get_debug",
        Some("($module, /)"),
        r#"The debugging flags set by set_debug()."#,
    ),
    (
        "get_stats",
        Some("($module, /)"),
        r#"A dict for each generation, youngest first: how many collections of it
ran ("collections"), how many objects they collected ("collected") and
how many they found uncollectable ("uncollectable")."#,
    ),
    (
        "set_debug",
        Some("($module, flags, /)"),
        r#"Set the debugging flags (DEBUG_STATS, DEBUG_COLLECTABLE, ... combined
with |); get_debug() returns them."#,
    ),
];
