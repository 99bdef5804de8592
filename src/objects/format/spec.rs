//! The format-spec mini-language, `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`,
//! parsed exactly as CPython's `parse_internal_render_format_spec`. It owns the syntax and the
//! checks that need only the spec; what each type does with a spec lives in `number.rs` and
//! `text.rs`.

use super::{quote_code, FormatError, MAX_COUNT};

/// A parsed format spec. `align` is `None` when the spec gives none; each type supplies its
/// own default through [`FormatSpec::align_or`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatSpec {
    /// Padding character: the one given before an alignment, `'0'` after the `0` flag, else space.
    pub fill: char,
    /// One of `<`, `>`, `=`, `^` when given.
    pub align: Option<char>,
    /// One of `+`, `-`, space when given.
    pub sign: Option<char>,
    /// The `z` flag: turn a negative zero result into a positive one (floats only).
    pub no_neg_zero: bool,
    /// The `#` flag.
    pub alternate: bool,
    /// The `0` flag was given (and no explicit fill): zero padding after the sign.
    pub zero_pad: bool,
    pub width: Option<usize>,
    /// `,` or `_` when given.
    pub grouping: Option<char>,
    pub precision: Option<usize>,
    /// The presentation type; `None` when the spec gives none.
    pub ty: Option<char>,
}

impl FormatSpec {
    /// The alignment to use when the type's default is `default_align` (`>` for numbers, `<`
    /// for strings). The `0` flag without an explicit alignment means `=` for numbers.
    pub fn align_or(&self, default_align: char) -> char {
        match self.align {
            Some(align) => align,
            None if self.zero_pad && default_align == '>' => '=',
            None => default_align,
        }
    }
}

fn is_alignment_token(c: char) -> bool {
    matches!(c, '<' | '>' | '=' | '^')
}

/// Reads a run of ASCII digits at `*pos`. Returns `None` when there are none.
fn get_integer(chars: &[char], pos: &mut usize) -> Result<Option<usize>, FormatError> {
    let start = *pos;
    let mut value: usize = 0;
    while let Some(digit) = chars.get(*pos).and_then(|c| c.to_digit(10)) {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(digit as usize))
            .filter(|v| *v <= MAX_COUNT)
            .ok_or_else(|| FormatError::value("Too many decimal digits in format string"))?;
        *pos += 1;
    }
    Ok((*pos > start).then_some(value))
}

/// Parses `spec` for an object of type `type_name` whose format treats a missing type as
/// `default_type` (`'d'` for int, `'s'` for str, `None` for float). The default type only
/// matters for checking `,`/`_`, exactly as in CPython: `format('x', ',')` fails with
/// "Cannot specify ',' with 's'.". The returned `ty` is still `None` when the spec has none.
pub fn parse_spec(
    spec: &str,
    type_name: &str,
    default_type: Option<char>,
) -> Result<FormatSpec, FormatError> {
    let chars: Vec<char> = spec.chars().collect();
    let mut parsed = FormatSpec {
        fill: ' ',
        align: None,
        sign: None,
        no_neg_zero: false,
        alternate: false,
        zero_pad: false,
        width: None,
        grouping: None,
        precision: None,
        ty: None,
    };
    let mut pos = 0;
    let mut fill_specified = false;
    let peek = |pos: usize| chars.get(pos).copied();

    if chars.len() >= 2 && is_alignment_token(chars[1]) {
        parsed.fill = chars[0];
        parsed.align = Some(chars[1]);
        fill_specified = true;
        pos = 2;
    } else if let Some(align) = peek(0).filter(|c| is_alignment_token(*c)) {
        parsed.align = Some(align);
        pos = 1;
    }
    if let Some(sign) = peek(pos).filter(|c| matches!(c, '+' | '-' | ' ')) {
        parsed.sign = Some(sign);
        pos += 1;
    }
    if peek(pos) == Some('z') {
        parsed.no_neg_zero = true;
        pos += 1;
    }
    if peek(pos) == Some('#') {
        parsed.alternate = true;
        pos += 1;
    }
    if !fill_specified && peek(pos) == Some('0') {
        parsed.fill = '0';
        parsed.zero_pad = true;
        pos += 1;
    }
    parsed.width = get_integer(&chars, &mut pos)?;

    if peek(pos) == Some(',') {
        parsed.grouping = Some(',');
        pos += 1;
    }
    if peek(pos) == Some('_') {
        if parsed.grouping.is_some() {
            return Err(FormatError::value("Cannot specify both ',' and '_'."));
        }
        parsed.grouping = Some('_');
        pos += 1;
    }
    if peek(pos) == Some(',') && parsed.grouping == Some('_') {
        return Err(FormatError::value("Cannot specify both ',' and '_'."));
    }
    if peek(pos) == Some('.') {
        pos += 1;
        parsed.precision = get_integer(&chars, &mut pos)?;
        if parsed.precision.is_none() {
            return Err(FormatError::value("Format specifier missing precision"));
        }
    }
    match chars.len() - pos {
        0 => {}
        1 => parsed.ty = Some(chars[pos]),
        _ => {
            return Err(FormatError::value(format!(
                "Invalid format specifier '{spec}' for object of type '{type_name}'"
            )))
        }
    }

    if let Some(separator) = parsed.grouping {
        match parsed.ty.or(default_type) {
            None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => {}
            Some('b' | 'o' | 'x' | 'X') if separator == '_' => {}
            Some(ty) => {
                return Err(FormatError::value(format!(
                    "Cannot specify '{separator}' with '{}'.",
                    quote_code(ty)
                )))
            }
        }
    }
    Ok(parsed)
}

/// CPython's message for a presentation type the object's type does not know.
pub(super) fn unknown_presentation_type(ty: char, type_name: &str) -> FormatError {
    FormatError::value(format!(
        "Unknown format code '{}' for object of type '{type_name}'",
        quote_code(ty)
    ))
}
