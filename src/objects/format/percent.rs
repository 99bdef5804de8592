//! printf-style `%` formatting of str and bytes, as CPython's `PyUnicode_Format` (bytes are
//! handled as text with one char per byte): parsing the format
//! into literals and conversion specs, and rendering one already-fetched argument per spec.
//! Fetching arguments (positional or `%(key)`), `*` counts, `str()`/`repr()`/`ascii()` calls,
//! int/float coercion and the TypeErrors about argument counts and types are the caller's.
//!
//! A caller walks the pieces; for each [`PercentSpec`] it fetches the `*` width, the `*`
//! precision (in that order) and the value, calls [`PercentSpec::resolve`], converts the value
//! by `conversion` and calls [`percent_int`], [`percent_float`] or [`percent_str`].

use num_bigint::{BigInt, Sign};

use super::float_repr::{double_to_string, DtoaFlags};
use super::{repeat_char, FormatError, MAX_COUNT};

/// The flag characters of one conversion.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PercentFlags {
    /// `-`: pad on the right.
    pub left_adjust: bool,
    /// `+`: always write a sign for numbers.
    pub sign: bool,
    /// space: write a space where a `+` would go.
    pub blank: bool,
    /// `#`: `0o`/`0x`/`0X` prefixes, kept decimal point and zeros for floats.
    pub alternate: bool,
    /// `0`: pad numbers with zeros after the sign.
    pub zero: bool,
}

/// A width or precision: written in the format, or `*` (taken from the arguments).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    Fixed(usize),
    Star,
}

/// One `%...` conversion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PercentSpec {
    /// The `name` of `%(name)s`; the argument is then `args[name]` of a mapping.
    pub key: Option<String>,
    pub flags: PercentFlags,
    pub width: Option<Count>,
    pub precision: Option<Count>,
    /// One of `d i u o x X e E f F g G c r s a` (and `b` in a bytes format), or another
    /// character with its index in `unsupported`.
    pub conversion: char,
    /// The index of a conversion character that is not one of those: an error reported
    /// (by `check_conversion`) once the conversion's argument has been fetched, as CPython
    /// does (`"%5%" % ()` is "not enough arguments", `"%5%" % 1` the unsupported '%').
    pub unsupported: Option<usize>,
}

/// A piece of a `%` format: literal text (with `%%` already turned into `%`) or a conversion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PercentPiece {
    Literal(String),
    Spec(PercentSpec),
}

/// A conversion with its `*` counts resolved: what the `percent_*` renderers take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PercentArg {
    pub flags: PercentFlags,
    pub width: Option<usize>,
    pub precision: Option<usize>,
    pub conversion: char,
}

impl PercentSpec {
    /// CPython's ValueError for an unsupported conversion character, if this is one.
    pub fn check_conversion(&self) -> Result<(), FormatError> {
        let Some(index) = self.unsupported else {
            return Ok(());
        };
        let c = self.conversion;
        // CPython shows the character itself only when it is in '\x1f'..='~'.
        let shown = if ('\u{1f}'..='~').contains(&c) {
            c
        } else {
            '?'
        };
        Err(FormatError::value(format!(
            "unsupported format character '{shown}' (0x{:x}) at index {index}",
            c as u32
        )))
    }

    /// Fills in `*` counts from the values the caller fetched (`None` where the spec has no
    /// `*`). A negative `*` width means left-adjust, a negative `*` precision means 0, as in
    /// CPython. Counts above [`MAX_COUNT`] are refused.
    pub fn resolve(
        &self,
        star_width: Option<i64>,
        star_precision: Option<i64>,
    ) -> Result<PercentArg, FormatError> {
        let mut flags = self.flags;
        let width = match self.width {
            None => None,
            Some(Count::Fixed(width)) => Some(width as u64),
            Some(Count::Star) => {
                let width = star_width.unwrap_or(0);
                if width < 0 {
                    flags.left_adjust = true;
                }
                Some(width.unsigned_abs())
            }
        };
        let precision = match self.precision {
            None => None,
            Some(Count::Fixed(precision)) => Some(precision as u64),
            Some(Count::Star) => Some(star_precision.unwrap_or(0).max(0) as u64),
        };
        let width = match width {
            Some(width) if width > MAX_COUNT as u64 => {
                return Err(FormatError::value("width too big"))
            }
            other => other.map(|w| w as usize),
        };
        let precision = match precision {
            Some(precision) if precision > MAX_COUNT as u64 => {
                return Err(FormatError::value("precision too big"))
            }
            other => other.map(|p| p as usize),
        };
        Ok(PercentArg {
            flags,
            width,
            precision,
            conversion: self.conversion,
        })
    }
}

/// Parses a `%` format. Errors (all `ValueError`): "incomplete format", "incomplete format
/// key", "width too big", "precision too big", "unsupported format character 'z' (0x7a) at
/// index 3" (the last through `PercentSpec::check_conversion`, after the conversion's argument
/// is fetched, as CPython reports it).
pub fn parse_percent(fmt: &str) -> Result<Vec<PercentPiece>, FormatError> {
    parse_with(fmt, "diuoxXeEfFgGcrsa")
}

/// Parses the format of `bytes % args`, given as text with one char per byte (latin-1): as
/// [`parse_percent`], and `%b` (`%s` and `%r` are its aliases for `%b` and `%a`).
pub fn parse_percent_bytes(fmt: &str) -> Result<Vec<PercentPiece>, FormatError> {
    parse_with(fmt, "diuoxXeEfFgGcrsab")
}

fn parse_with(fmt: &str, conversions: &str) -> Result<Vec<PercentPiece>, FormatError> {
    let chars: Vec<char> = fmt.chars().collect();
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut pos = 0;
    while pos < chars.len() {
        if chars[pos] != '%' {
            literal.push(chars[pos]);
            pos += 1;
            continue;
        }
        pos += 1;
        if chars.get(pos) == Some(&'%') {
            literal.push('%');
            pos += 1;
            continue;
        }
        let spec = parse_conversion(&chars, &mut pos, conversions)?;
        if !literal.is_empty() {
            pieces.push(PercentPiece::Literal(std::mem::take(&mut literal)));
        }
        pieces.push(PercentPiece::Spec(spec));
    }
    if !literal.is_empty() {
        pieces.push(PercentPiece::Literal(literal));
    }
    Ok(pieces)
}

/// Parses one conversion starting just after its `%`; leaves `pos` after the conversion char.
fn parse_conversion(
    chars: &[char],
    pos: &mut usize,
    conversions: &str,
) -> Result<PercentSpec, FormatError> {
    let incomplete = || FormatError::value("incomplete format");
    let mut key = None;
    if chars.get(*pos) == Some(&'(') {
        let start = *pos + 1;
        let mut depth = 1;
        let mut end = start;
        while depth > 0 {
            match chars.get(end) {
                None => return Err(FormatError::value("incomplete format key")),
                Some(')') => depth -= 1,
                Some('(') => depth += 1,
                Some(_) => {}
            }
            end += 1;
        }
        key = Some(chars[start..end - 1].iter().collect());
        *pos = end;
    }
    let mut flags = PercentFlags::default();
    loop {
        match chars.get(*pos) {
            Some('-') => flags.left_adjust = true,
            Some('+') => flags.sign = true,
            Some(' ') => flags.blank = true,
            Some('#') => flags.alternate = true,
            Some('0') => flags.zero = true,
            _ => break,
        }
        *pos += 1;
    }
    let width = parse_count(chars, pos, "width too big")?;
    let mut precision = None;
    if chars.get(*pos) == Some(&'.') {
        *pos += 1;
        precision = Some(parse_count(chars, pos, "precision too big")?.unwrap_or(Count::Fixed(0)));
    }
    // Length modifiers are accepted and ignored, as in C.
    if matches!(chars.get(*pos), Some('h' | 'l' | 'L')) {
        *pos += 1;
    }
    let conversion = *chars.get(*pos).ok_or_else(incomplete)?;
    *pos += 1;
    let unsupported = (!conversions.contains(conversion)).then_some(*pos - 1);
    Ok(PercentSpec {
        key,
        flags,
        width,
        precision,
        conversion,
        unsupported,
    })
}

/// Reads `*` or a run of digits at `pos`.
fn parse_count(
    chars: &[char],
    pos: &mut usize,
    too_big: &str,
) -> Result<Option<Count>, FormatError> {
    if chars.get(*pos) == Some(&'*') {
        *pos += 1;
        return Ok(Some(Count::Star));
    }
    let start = *pos;
    let mut value: usize = 0;
    while let Some(digit) = chars.get(*pos).and_then(|c| c.to_digit(10)) {
        value = value * 10 + digit as usize;
        if value > MAX_COUNT {
            return Err(FormatError::value(too_big));
        }
        *pos += 1;
    }
    Ok((*pos > start).then_some(Count::Fixed(value)))
}

/// `%d %i %u %o %x %X` of an int (the caller has already applied `int()` or `__index__`).
/// `#` adds `0o`, `0x` or `0X`; the precision is a minimum digit count. The decimal forms
/// keep to `sys.set_int_max_str_digits` (the error is the ValueError's text).
pub fn percent_int(value: &BigInt, arg: &PercentArg) -> Result<String, String> {
    let (base, prefix) = match arg.conversion {
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let mut digits = match base {
        10 => super::super::int::decimal_string(value)?
            .trim_start_matches('-')
            .to_string(),
        _ => value.magnitude().to_str_radix(base),
    };
    if arg.conversion == 'X' {
        digits.make_ascii_uppercase();
    }
    let mut text = String::new();
    if value.sign() == Sign::Minus {
        text.push('-');
    }
    if arg.flags.alternate {
        text.push_str(prefix);
    }
    if let Some(precision) = arg.precision {
        text.push_str(&repeat_char('0', precision.saturating_sub(digits.len())));
    }
    text.push_str(&digits);
    Ok(output(&text, arg, true))
}

/// `%e %E %f %F %g %G` of a float; the precision defaults to 6.
pub fn percent_float(value: f64, arg: &PercentArg) -> String {
    let flags = DtoaFlags {
        alternate: arg.flags.alternate,
        ..DtoaFlags::default()
    };
    let text = double_to_string(value, arg.conversion, arg.precision.unwrap_or(6), flags);
    output(&text, arg, true)
}

/// `%s %r %a` of the text the caller got from `str()`, `repr()` or `ascii()`, and `%c` of a
/// one-character string. The precision truncates (except for `%c`).
pub fn percent_str(text: &str, arg: &PercentArg) -> String {
    let text: String = match (arg.conversion, arg.precision) {
        ('s' | 'r' | 'a', Some(precision)) => text.chars().take(precision).collect(),
        _ => text.to_string(),
    };
    output(&text, arg, false)
}

/// `unicode_format_arg_output`: pads `text` to the width. For numbers (`numeric`) it also
/// adds the `+`/space sign and, with the `0` flag, puts the zeros after the sign and prefix.
fn output(text: &str, arg: &PercentArg, numeric: bool) -> String {
    let flags = arg.flags;
    let zero_fill = numeric && flags.zero;
    let chars: Vec<char> = text.chars().collect();
    let mut body: &[char] = &chars;
    let mut sign = None;
    if numeric {
        match body.first() {
            Some(c @ ('-' | '+')) => {
                sign = Some(*c);
                body = &body[1..];
            }
            _ if flags.sign => sign = Some('+'),
            _ if flags.blank => sign = Some(' '),
            _ => {}
        }
    }
    let mut prefix: &[char] = &[];
    if numeric && flags.alternate && matches!(arg.conversion, 'o' | 'x' | 'X') && body.len() >= 2 {
        prefix = &body[..2];
        body = &body[2..];
    }
    let used = sign.is_some() as usize + prefix.len() + body.len();
    let padding = arg.width.unwrap_or(0).saturating_sub(used);
    let mut out = String::with_capacity(used + padding);
    if flags.left_adjust {
        out.extend(sign);
        out.extend(prefix);
        out.extend(body);
        out.push_str(&repeat_char(' ', padding));
    } else if zero_fill {
        out.extend(sign);
        out.extend(prefix);
        out.push_str(&repeat_char('0', padding));
        out.extend(body);
    } else {
        out.push_str(&repeat_char(' ', padding));
        out.extend(sign);
        out.extend(prefix);
        out.extend(body);
    }
    out
}
