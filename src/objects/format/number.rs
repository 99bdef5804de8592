//! `format(int, spec)` and `format(float, spec)`: CPython's `format_long_internal` and
//! `format_float_internal`, with the shared layout of sign, prefix, padding and digit
//! grouping (`calc_number_widths`, `fill_number`, `_PyUnicode_InsertThousandsGrouping`).
//! Digit generation for floats is in `float_repr.rs`; spec syntax in `spec.rs`.
//!
//! The `n` type formats as in the C locale (no grouping, `.` as decimal point).

use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;

use super::float_repr::{double_to_string, float_repr, DtoaFlags};
use super::spec::{parse_spec, unknown_presentation_type, FormatSpec};
use super::{repeat_char, FormatError};

/// `format(value, spec)` for an int: types `b c d o x X n`, the float types `e E f F g G %`
/// (after converting to float), and none (= `d`). Errors are CPython's `ValueError`s, or
/// `OverflowError` for `c` out of range and for ints too large to convert to float.
pub fn format_int(value: &BigInt, spec: &str) -> Result<String, FormatError> {
    if spec.is_empty() {
        return super::super::int::decimal_string(value).map_err(FormatError::value);
    }
    let parsed = parse_spec(spec, "int", Some('d'))?;
    if matches!(parsed.ty, None | Some('d' | 'n')) {
        super::super::int::decimal_string(value).map_err(FormatError::value)?;
    }
    match parsed.ty.unwrap_or('d') {
        'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => format_long_internal(value, &parsed),
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => {
            let as_float = value
                .to_f64()
                .filter(|x| x.is_finite())
                .ok_or_else(|| FormatError::overflow("int too large to convert to float"))?;
            format_float_internal(as_float, &parsed)
        }
        other => Err(unknown_presentation_type(other, "int")),
    }
}

/// `format(value, spec)` for a float: types `e E f F g G n %` and none. With no type the
/// result is like `repr()` when no precision is given (`format(1.0, '') == '1.0'`), else like
/// `g` but keeping at least one digit after the point.
pub fn format_float(value: f64, spec: &str) -> Result<String, FormatError> {
    if spec.is_empty() {
        return Ok(float_repr(value));
    }
    let parsed = parse_spec(spec, "float", None)?;
    match parsed.ty {
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') => {
            format_float_internal(value, &parsed)
        }
        Some(other) => Err(unknown_presentation_type(other, "float")),
    }
}

fn format_long_internal(value: &BigInt, spec: &FormatSpec) -> Result<String, FormatError> {
    if spec.precision.is_some() {
        return Err(FormatError::value(
            "Precision not allowed in integer format specifier",
        ));
    }
    if spec.no_neg_zero {
        return Err(FormatError::value(
            "Negative zero coercion (z) not allowed in integer format specifier",
        ));
    }
    let ty = spec.ty.unwrap_or('d');
    if ty == 'c' {
        if spec.sign.is_some() {
            return Err(FormatError::value(
                "Sign not allowed with integer format specifier 'c'",
            ));
        }
        if spec.alternate {
            return Err(FormatError::value(
                "Alternate form (#) not allowed with integer format specifier 'c'",
            ));
        }
        let code = value
            .to_i64()
            .ok_or_else(|| FormatError::overflow("Python int too large to convert to C long"))?;
        let code = u32::try_from(code)
            .ok()
            .filter(|code| *code <= 0x10ffff)
            .ok_or_else(|| FormatError::overflow("%c arg not in range(0x110000)"))?;
        // Rust strings cannot hold lone surrogates, unlike Python's.
        let ch = char::from_u32(code).ok_or_else(|| {
            FormatError::value(format!("surrogate character U+{code:04x} is not supported"))
        })?;
        let parts = NumberParts {
            negative: false,
            prefix: "",
            digits: String::new(),
            has_decimal: false,
            remainder: ch.to_string(),
        };
        return Ok(fill_number(&parts, spec, None, false));
    }
    let (base, prefix) = match ty {
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' | 'X' => (16, "0x"),
        _ => (10, ""),
    };
    let parts = NumberParts {
        negative: value.sign() == Sign::Minus,
        prefix: if spec.alternate { prefix } else { "" },
        digits: value.magnitude().to_str_radix(base),
        has_decimal: false,
        remainder: String::new(),
    };
    let grouping = match (ty, spec.grouping) {
        ('n', _) | (_, None) => None,
        ('b' | 'o' | 'x' | 'X', Some(separator)) => Some((separator, 4)),
        (_, Some(separator)) => Some((separator, 3)),
    };
    Ok(fill_number(&parts, spec, grouping, ty == 'X'))
}

fn format_float_internal(value: f64, spec: &FormatSpec) -> Result<String, FormatError> {
    let mut flags = DtoaFlags {
        alternate: spec.alternate,
        no_neg_zero: spec.no_neg_zero,
        ..DtoaFlags::default()
    };
    let mut ty = spec.ty.unwrap_or('r');
    let mut default_precision = 6;
    if spec.ty.is_none() {
        // Like repr() without a precision, else like 'g' keeping a digit after the point.
        flags.add_dot_0 = true;
        default_precision = 0;
    }
    if ty == 'n' {
        ty = 'g';
    }
    let mut value = value;
    let add_percent = ty == '%';
    if add_percent {
        ty = 'f';
        value *= 100.0;
    }
    let precision = match spec.precision {
        Some(precision) => {
            if ty == 'r' {
                ty = 'g';
            }
            precision
        }
        None => default_precision,
    };
    let text = double_to_string(value, ty, precision, flags);

    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let digits_end = unsigned
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(unsigned.len());
    let (digits, rest) = unsigned.split_at(digits_end);
    let (has_decimal, rest) = match rest.strip_prefix('.') {
        Some(after_point) => (true, after_point),
        None => (false, rest),
    };
    let mut remainder = rest.to_string();
    if add_percent {
        remainder.push('%');
    }
    let parts = NumberParts {
        negative,
        prefix: "",
        digits: digits.to_string(),
        has_decimal,
        remainder,
    };
    let grouping = match (spec.ty, spec.grouping) {
        (Some('n'), _) | (_, None) => None,
        (_, Some(separator)) => Some((separator, 3)),
    };
    Ok(fill_number(&parts, spec, grouping, false))
}

/// A number split the way CPython lays it out: `[sign][prefix][digits][.][remainder]`,
/// where the remainder is whatever follows the integer digits and the point (fraction,
/// exponent, `%`, `inf`, or the character for `c`).
struct NumberParts<'a> {
    negative: bool,
    prefix: &'a str,
    digits: String,
    has_decimal: bool,
    remainder: String,
}

/// `calc_number_widths` + `fill_number`: the output is
/// `<lpadding><sign><prefix><spadding><grouped digits><decimal><remainder><rpadding>`, with at
/// most one of the paddings non-empty. `grouping` is the separator and group length.
fn fill_number(
    parts: &NumberParts,
    spec: &FormatSpec,
    grouping: Option<(char, usize)>,
    upper: bool,
) -> String {
    let align = spec.align_or('>');
    let sign = match (spec.sign, parts.negative) {
        (_, true) => Some('-'),
        (Some('+'), false) => Some('+'),
        (Some(' '), false) => Some(' '),
        _ => None,
    };
    let width = spec.width.map_or(-1, |w| w as i64);
    let non_digits = sign.is_some() as i64
        + parts.prefix.len() as i64
        + parts.has_decimal as i64
        + parts.remainder.chars().count() as i64;
    // Zero padding with '=' happens inside the grouping, so "010," pads as "00,001,234".
    let min_width = if spec.fill == '0' && align == '=' {
        width - non_digits
    } else {
        0
    };
    let mut grouped = if parts.digits.is_empty() {
        String::new()
    } else {
        insert_thousands_grouping(&parts.digits, min_width, grouping)
    };
    let mut prefix = parts.prefix.to_string();
    if upper {
        grouped = grouped.to_ascii_uppercase();
        prefix = prefix.to_ascii_uppercase();
    }
    let padding = (width - (non_digits + grouped.chars().count() as i64)).max(0) as usize;
    let (left, middle, right) = match align {
        '<' => (0, 0, padding),
        '^' => (padding / 2, 0, padding - padding / 2),
        '=' => (0, padding, 0),
        _ => (padding, 0, 0),
    };
    let mut out = repeat_char(spec.fill, left);
    out.extend(sign);
    out.push_str(&prefix);
    out.push_str(&repeat_char(spec.fill, middle));
    out.push_str(&grouped);
    if parts.has_decimal {
        out.push('.');
    }
    out.push_str(&parts.remainder);
    out.push_str(&repeat_char(spec.fill, right));
    out
}

/// `_PyUnicode_InsertThousandsGrouping`: puts a separator between groups of digits counted
/// from the right, and pads with zeros (grouped too) up to `min_width` characters.
fn insert_thousands_grouping(
    digits: &str,
    min_width: i64,
    grouping: Option<(char, usize)>,
) -> String {
    let digits = digits.as_bytes();
    let mut remaining = digits.len() as i64;
    let mut min_width = min_width;
    // Groups from the right, each as (zeros, digit count, separator after it).
    let mut chunks: Vec<(i64, i64, bool)> = Vec::new();
    let mut use_separator = false;
    let mut loop_broken = false;
    if let Some((_, group_len)) = grouping {
        let group_len = group_len as i64;
        loop {
            let len = group_len.min(remaining.max(min_width).max(1));
            let n_zeros = (len - remaining).max(0);
            let n_chars = remaining.min(len).max(0);
            chunks.push((n_zeros, n_chars, use_separator));
            use_separator = true;
            remaining -= n_chars;
            min_width -= len;
            if remaining <= 0 && min_width <= 0 {
                loop_broken = true;
                break;
            }
            min_width -= 1;
        }
    }
    if !loop_broken {
        let len = remaining.max(min_width).max(1);
        let n_zeros = (len - remaining).max(0);
        let n_chars = remaining.min(len).max(0);
        chunks.push((n_zeros, n_chars, use_separator));
    }
    let separator = grouping.map_or(',', |(separator, _)| separator);
    let mut out = String::new();
    let mut end = digits.len();
    let mut pieces: Vec<String> = Vec::with_capacity(chunks.len());
    for (n_zeros, n_chars, separator_after) in chunks {
        let start = end - n_chars as usize;
        let mut piece = repeat_char('0', n_zeros as usize);
        piece.extend(digits[start..end].iter().map(|d| *d as char));
        if separator_after {
            piece.push(separator);
        }
        pieces.push(piece);
        end = start;
    }
    for piece in pieces.iter().rev() {
        out.push_str(piece);
    }
    out
}
