//! The docstrings and text signatures of `gc`'s functions.

pub(super) static FUNCTIONS: super::Table = &[
    (
        "collect",
        Some("($module, /, generation=2)"),
        r#"Run the cycle collector over the given generation (0, 1 or 2; 2 is a
full collection) and return how many unreachable objects it found."#,
    ),
    (
        "disable",
        Some("($module, /)"),
        r#"Stop the automatic cycle collection."#,
    ),
    (
        "enable",
        Some("($module, /)"),
        r#"Start the automatic cycle collection again."#,
    ),
    (
        "freeze",
        Some("($module, /)"),
        r#"Move every tracked object into a permanent generation that later
collections leave alone."#,
    ),
    (
        "get_count",
        Some("($module, /)"),
        r#"The current counts of the three generations, as a tuple."#,
    ),
    (
        "get_debug",
        Some("($module, /)"),
        r#"The debugging flags of the collector."#,
    ),
    (
        "get_freeze_count",
        Some("($module, /)"),
        r#"How many objects the permanent generation holds."#,
    ),
    (
        "get_objects",
        Some("($module, /, generation=None)"),
        r#"A list of the objects the collector tracks, all of them or those of one
generation."#,
    ),
    (
        "get_referents",
        None,
        r#"get_referents(*objs) -> list
The objects that any of the arguments refers to directly."#,
    ),
    (
        "get_referrers",
        None,
        r#"get_referrers(*objs) -> list
The tracked objects that refer directly to any of the arguments."#,
    ),
    (
        "get_stats",
        Some("($module, /)"),
        r#"A list of three dicts, one a generation, with statistics of its
collections."#,
    ),
    (
        "get_threshold",
        Some("($module, /)"),
        r#"The three thresholds that start a collection, as a tuple."#,
    ),
    (
        "is_finalized",
        Some("($module, obj, /)"),
        r#"Whether the collector has already finalized the object."#,
    ),
    (
        "is_tracked",
        Some("($module, obj, /)"),
        r#"Whether the collector tracks the object (atoms such as ints and strings
are not tracked)."#,
    ),
    (
        "isenabled",
        Some("($module, /)"),
        r#"Whether automatic collection is on."#,
    ),
    (
        "set_debug",
        Some("($module, flags, /)"),
        r#"Set the collector's debugging flags (a combination of the DEBUG_
constants); 0 turns debugging off."#,
    ),
    (
        "set_threshold",
        None,
        r#"set_threshold(threshold0[, threshold1[, threshold2]])

Set the thresholds that start a collection; 0 for threshold0 turns
automatic collection off."#,
    ),
    (
        "unfreeze",
        Some("($module, /)"),
        r#"Put the objects of the permanent generation back into the oldest one,
so that collections look at them again."#,
    ),
];
