//! The docstrings and text signatures of `struct`'s functions (also `_struct`'s).

pub(super) static FUNCTIONS: super::Table = &[
    (
        "calcsize",
        Some("($module, format, /)"),
        r#"How many bytes the format's packed form takes."#,
    ),
    (
        "iter_unpack",
        Some("($module, format, buffer, /)"),
        r#"An iterator that unpacks the buffer one format-sized piece at a time,
giving a tuple for each.

The buffer's size must be a multiple of calcsize(format)."#,
    ),
    (
        "pack",
        None,
        r#"pack(format, v1, v2, ...) -> bytes

The values packed into bytes as the format describes."#,
    ),
    (
        "pack_into",
        None,
        r#"pack_into(format, buffer, offset, v1, v2, ...)

Pack the values as the format describes and write them into the writable
buffer, starting at offset."#,
    ),
    (
        "unpack",
        Some("($module, format, buffer, /)"),
        r#"The tuple of values the buffer holds, read as the format describes.

The buffer's size must be exactly calcsize(format)."#,
    ),
    (
        "unpack_from",
        Some("($module, format, /, buffer, offset=0)"),
        r#"The tuple of values read from the buffer at offset, as the format
describes.

The buffer must hold at least calcsize(format) bytes from offset."#,
    ),
];
