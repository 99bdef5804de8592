//! Text formatting as CPython does it: `repr(float)`, the format-spec mini-language behind
//! `format()` and f-strings, printf-style `%` formatting, and `str.format` templates.
//!
//! Everything here is pure: it takes Rust numbers and strings and returns `String`s or a
//! [`FormatError`] carrying CPython's exception type and message. It owns no interpreter
//! types; fetching arguments, calling `__format__`/`__str__`/`__repr__`, attribute and item
//! lookups are the VM's job (for templates through the [`TemplateHost`] trait).
//!
//! The code follows CPython's `Python/formatter_unicode.c`, `Objects/unicodeobject.c`
//! (`PyUnicode_Format`), `Objects/stringlib/unicode_format.h` and `Python/pystrtod.c`
//! closely, keeping their names, so that a reader who knows CPython finds their way.

mod float_repr;
mod number;
mod percent;
mod spec;
mod template;
mod text;

#[cfg(test)]
mod tests;

pub use float_repr::float_repr;
pub use number::{format_float, format_int};
pub use percent::{
    parse_percent, parse_percent_bytes, percent_float, percent_int, percent_str, Count, PercentArg,
    PercentFlags, PercentPiece, PercentSpec,
};
pub use spec::{parse_spec, FormatSpec};
pub use template::{
    parse_field_name, parse_template, render_template, AutoNumber, FieldAccess, FieldAccesses,
    FieldKey, FieldRef, ReplacementField, TemplateHost, TemplateParser, TemplatePiece,
};
pub use text::format_str;

use std::fmt;

/// Which Python exception a [`FormatError`] becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatErrorKind {
    ValueError,
    OverflowError,
}

/// A formatting failure: the Python exception type and its message, worded as CPython's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    pub kind: FormatErrorKind,
    pub message: String,
}

impl FormatError {
    /// A `ValueError` with `message`.
    pub fn value(message: impl Into<String>) -> Self {
        FormatError {
            kind: FormatErrorKind::ValueError,
            message: message.into(),
        }
    }

    /// An `OverflowError` with `message`.
    pub fn overflow(message: impl Into<String>) -> Self {
        FormatError {
            kind: FormatErrorKind::OverflowError,
            message: message.into(),
        }
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            FormatErrorKind::ValueError => "ValueError",
            FormatErrorKind::OverflowError => "OverflowError",
        };
        write!(f, "{kind}: {}", self.message)
    }
}

impl std::error::Error for FormatError {}

/// Widths and precisions above this are refused with "Too many decimal digits in format
/// string" instead of allocating gigabytes (CPython would raise `MemoryError` or take ages).
pub const MAX_COUNT: usize = 100_000_000;

/// Renders a character the way CPython's error messages quote it: itself when printable
/// ASCII, otherwise `\x` and its hex code.
fn quote_code(c: char) -> String {
    if (c as u32) > 32 && (c as u32) < 128 {
        c.to_string()
    } else {
        format!("\\x{:x}", c as u32)
    }
}

/// `fill` repeated `n` times.
fn repeat_char(fill: char, n: usize) -> String {
    std::iter::repeat_n(fill, n).collect()
}
