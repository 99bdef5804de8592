//! `format(str, spec)`: CPython's `format_string_internal` — fill, alignment (default left),
//! width and precision (truncation), counted in characters. Numbers are in `number.rs`.

use super::spec::{parse_spec, unknown_presentation_type};
use super::{repeat_char, FormatError};

/// `format(value, spec)` for a str: type `s` or none. Refuses signs, `z`, `#`, `=` and
/// grouping with CPython's messages.
pub fn format_str(value: &str, spec: &str) -> Result<String, FormatError> {
    if spec.is_empty() {
        return Ok(value.to_string());
    }
    let parsed = parse_spec(spec, "str", Some('s'))?;
    match parsed.ty {
        None | Some('s') => {}
        Some(other) => return Err(unknown_presentation_type(other, "str")),
    }
    match parsed.sign {
        Some(' ') => {
            return Err(FormatError::value(
                "Space not allowed in string format specifier",
            ))
        }
        Some(_) => {
            return Err(FormatError::value(
                "Sign not allowed in string format specifier",
            ))
        }
        None => {}
    }
    if parsed.no_neg_zero {
        return Err(FormatError::value(
            "Negative zero coercion (z) not allowed in string format specifier",
        ));
    }
    if parsed.alternate {
        return Err(FormatError::value(
            "Alternate form (#) not allowed in string format specifier",
        ));
    }
    let align = parsed.align_or('<');
    if align == '=' {
        return Err(FormatError::value(
            "'=' alignment not allowed in string format specifier",
        ));
    }
    let text: String = match parsed.precision {
        Some(precision) => value.chars().take(precision).collect(),
        None => value.to_string(),
    };
    let padding = parsed
        .width
        .unwrap_or(0)
        .saturating_sub(text.chars().count());
    let left = match align {
        '>' => padding,
        '^' => padding / 2,
        _ => 0,
    };
    let mut out = repeat_char(parsed.fill, left);
    out.push_str(&text);
    out.push_str(&repeat_char(parsed.fill, padding - left));
    Ok(out)
}
