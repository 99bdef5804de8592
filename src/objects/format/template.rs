//! `str.format` templates (`"{} {0} {name} {0.attr} {0[1]} {x!r:>{w}}"`, `{{`, `}}`), as
//! CPython's `Objects/stringlib/unicode_format.h`: splitting a template into literals and
//! replacement fields, splitting field names into a first key and `.attr`/`[item]` accesses,
//! automatic field numbering, and a driver, [`render_template`], that walks it all in
//! CPython's order. Looking values up, converting and formatting them is the VM's, through
//! the [`TemplateHost`] trait.

use super::{quote_code, FormatError};

/// A piece of a template: literal text (with `{{`/`}}` already unescaped; an escape may split
/// the text into consecutive literals) or a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplatePiece {
    Literal(String),
    Field(ReplacementField),
}

/// One `{name!conversion:spec}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplacementField {
    /// The raw field name (`""`, `"0"`, `"name.attr[1]"`); split it with [`parse_field_name`].
    pub name: String,
    /// The character after `!`, unchecked (CPython checks it only after the lookup).
    pub conversion: Option<char>,
    /// The raw spec after `:`.
    pub spec: String,
    /// The spec contains `{...}` fields and must be rendered as a template first.
    pub spec_has_fields: bool,
}

/// Splits a template lazily, so that a syntax error late in the template is reported only
/// after the fields before it were rendered, as in CPython.
pub struct TemplateParser {
    chars: Vec<char>,
    pos: usize,
    pending_field: Option<ReplacementField>,
}

impl TemplateParser {
    pub fn new(template: &str) -> Self {
        TemplateParser {
            chars: template.chars().collect(),
            pos: 0,
            pending_field: None,
        }
    }

    /// `MarkupIterator_next`: the literal up to the next field, then the field.
    fn next_pieces(&mut self) -> Result<(String, Option<ReplacementField>), FormatError> {
        let start = self.pos;
        let mut brace = None;
        while self.pos < self.chars.len() {
            let c = self.chars[self.pos];
            self.pos += 1;
            if c == '{' || c == '}' {
                brace = Some(c);
                break;
            }
        }
        let at_end = self.pos >= self.chars.len();
        let mut literal_end = self.pos;
        let mut markup_follows = brace.is_some();
        if brace == Some('}') && (at_end || self.chars[self.pos] != '}') {
            return Err(FormatError::value(
                "Single '}' encountered in format string",
            ));
        }
        if at_end && brace == Some('{') {
            return Err(FormatError::value(
                "Single '{' encountered in format string",
            ));
        }
        if let (false, Some(c)) = (at_end, brace) {
            if self.chars[self.pos] == c {
                // An escaped brace: keep the first as literal text, skip the second.
                self.pos += 1;
                markup_follows = false;
            } else {
                literal_end -= 1;
            }
        }
        let literal = self.chars[start..literal_end].iter().collect();
        if !markup_follows {
            return Ok((literal, None));
        }
        Ok((literal, Some(self.parse_field()?)))
    }

    /// `parse_field`: reads `name[!c][:spec]}` after a `{`.
    fn parse_field(&mut self) -> Result<ReplacementField, FormatError> {
        let chars = &self.chars;
        let name_start = self.pos;
        let mut c = '\0';
        while self.pos < chars.len() {
            c = chars[self.pos];
            self.pos += 1;
            match c {
                '{' => return Err(FormatError::value("unexpected '{' in field name")),
                '[' => {
                    while self.pos < chars.len() && chars[self.pos] != ']' {
                        self.pos += 1;
                    }
                }
                '}' | ':' | '!' => break,
                _ => {}
            }
        }
        let name: String = chars[name_start..self.pos.saturating_sub(1).max(name_start)]
            .iter()
            .collect();
        let mut field = ReplacementField {
            name,
            conversion: None,
            spec: String::new(),
            spec_has_fields: false,
        };
        if c != '!' && c != ':' {
            if c != '}' {
                return Err(FormatError::value("expected '}' before end of string"));
            }
            return Ok(field);
        }
        if c == '!' {
            let Some(&conversion) = chars.get(self.pos) else {
                return Err(FormatError::value(
                    "end of string while looking for conversion specifier",
                ));
            };
            field.conversion = Some(conversion);
            self.pos += 1;
            if let Some(&after) = chars.get(self.pos) {
                self.pos += 1;
                if after == '}' {
                    return Ok(field);
                }
                if after != ':' {
                    return Err(FormatError::value(
                        "expected ':' after conversion specifier",
                    ));
                }
            }
        }
        let spec_start = self.pos;
        let mut depth = 1;
        while self.pos < chars.len() {
            let c = chars[self.pos];
            self.pos += 1;
            match c {
                '{' => {
                    field.spec_has_fields = true;
                    depth += 1;
                }
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        field.spec = chars[spec_start..self.pos - 1].iter().collect();
                        return Ok(field);
                    }
                }
                _ => {}
            }
        }
        Err(FormatError::value("unmatched '{' in format spec"))
    }
}

impl Iterator for TemplateParser {
    type Item = Result<TemplatePiece, FormatError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(field) = self.pending_field.take() {
            return Some(Ok(TemplatePiece::Field(field)));
        }
        while self.pos < self.chars.len() {
            match self.next_pieces() {
                Err(error) => {
                    self.pos = self.chars.len();
                    return Some(Err(error));
                }
                Ok((literal, field)) if literal.is_empty() => {
                    if let Some(field) = field {
                        return Some(Ok(TemplatePiece::Field(field)));
                    }
                }
                Ok((literal, field)) => {
                    self.pending_field = field;
                    return Some(Ok(TemplatePiece::Literal(literal)));
                }
            }
        }
        None
    }
}

/// Splits a whole template at once (see [`TemplateParser`] for the lazy form). Errors are
/// CPython's ValueErrors: "Single '}' encountered in format string", "Single '{' encountered
/// in format string", "expected '}' before end of string", "unmatched '{' in format spec",
/// "unexpected '{' in field name", "expected ':' after conversion specifier",
/// "end of string while looking for conversion specifier".
pub fn parse_template(template: &str) -> Result<Vec<TemplatePiece>, FormatError> {
    TemplateParser::new(template).collect()
}

/// What a field name starts with, after automatic numbering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKey {
    /// `{}` (numbered automatically) or `{0}`: a positional argument.
    Index(usize),
    /// `{name}`: a keyword argument (or mapping key for `format_map`).
    Keyword(String),
}

/// One step after the first key: `.name` or `[key]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldAccess {
    Attr(String),
    /// `[3]`: all digits, so an int index.
    Index(usize),
    /// `[key]`: anything else, used as a str key.
    Key(String),
}

/// A split field name: the first key, and the raw rest (`.attr[0]...`) walked lazily by
/// [`FieldRef::accesses`] so that its syntax errors come after the lookups before them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRef {
    pub first: FieldKey,
    pub rest: String,
}

impl FieldRef {
    /// The `.attr` / `[item]` steps, in order; an `Err` ends them.
    pub fn accesses(&self) -> FieldAccesses {
        FieldAccesses {
            chars: self.rest.chars().collect(),
            pos: 0,
        }
    }
}

/// Iterator over a field name's `.attr` / `[item]` steps (`FieldNameIterator`).
pub struct FieldAccesses {
    chars: Vec<char>,
    pos: usize,
}

impl Iterator for FieldAccesses {
    type Item = Result<FieldAccess, FormatError>;

    fn next(&mut self) -> Option<Self::Item> {
        let kind = *self.chars.get(self.pos)?;
        self.pos += 1;
        let start = self.pos;
        let access = match kind {
            '.' => {
                while self.pos < self.chars.len() && !matches!(self.chars[self.pos], '.' | '[') {
                    self.pos += 1;
                }
                let name: String = self.chars[start..self.pos].iter().collect();
                Ok((!name.is_empty()).then_some(FieldAccess::Attr(name)))
            }
            '[' => {
                while self.pos < self.chars.len() && self.chars[self.pos] != ']' {
                    self.pos += 1;
                }
                if self.pos >= self.chars.len() {
                    Err(FormatError::value("Missing ']' in format string"))
                } else {
                    let key: String = self.chars[start..self.pos].iter().collect();
                    self.pos += 1;
                    match decimal_index(&key) {
                        Err(error) => Err(error),
                        Ok(Some(index)) => Ok(Some(FieldAccess::Index(index))),
                        Ok(None) if key.is_empty() => Ok(None),
                        Ok(None) => Ok(Some(FieldAccess::Key(key))),
                    }
                }
            }
            _ => Err(FormatError::value(
                "Only '.' or '[' may follow ']' in format field specifier",
            )),
        };
        let result = match access {
            Ok(Some(access)) => Ok(access),
            Ok(None) => Err(FormatError::value("Empty attribute in format string")),
            Err(error) => Err(error),
        };
        if result.is_err() {
            self.pos = self.chars.len();
        }
        Some(result)
    }
}

/// `get_integer` of unicode_format.h: `Some(n)` when `text` is all decimal digits.
fn decimal_index(text: &str) -> Result<Option<usize>, FormatError> {
    if text.is_empty() || !text.chars().all(|c| c.is_ascii_digit()) {
        return Ok(None);
    }
    let mut value: usize = 0;
    for digit in text.bytes().map(|b| (b - b'0') as usize) {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(digit))
            .filter(|v| *v <= isize::MAX as usize)
            .ok_or_else(|| FormatError::value("Too many decimal digits in format string"))?;
    }
    Ok(Some(value))
}

/// Automatic field numbering state, shared by a whole `str.format` call including the
/// fields nested in specs: `{}` and `{0}` may not be mixed.
#[derive(Debug, Clone, Default)]
pub struct AutoNumber {
    /// `None` until the first positional field; then whether numbering is automatic.
    automatic: Option<bool>,
    next: usize,
}

/// `field_name_split`: the first key of a raw field name (numbering `{}` through `auto`) and
/// the rest. Errors: "cannot switch from manual field specification to automatic field
/// numbering" and the reverse, "Too many decimal digits in format string".
pub fn parse_field_name(name: &str, auto: &mut AutoNumber) -> Result<FieldRef, FormatError> {
    let split = name.find(['.', '[']).unwrap_or(name.len());
    let (first, rest) = name.split_at(split);
    let index = decimal_index(first)?;
    let is_empty = first.is_empty();
    if is_empty || index.is_some() {
        let automatic = *auto.automatic.get_or_insert(is_empty);
        if automatic && !is_empty {
            return Err(FormatError::value(
                "cannot switch from automatic field numbering to manual field specification",
            ));
        }
        if !automatic && is_empty {
            return Err(FormatError::value(
                "cannot switch from manual field specification to automatic field numbering",
            ));
        }
    }
    let first = match index {
        Some(index) => FieldKey::Index(index),
        None if is_empty => {
            auto.next += 1;
            FieldKey::Index(auto.next - 1)
        }
        None => FieldKey::Keyword(first.to_string()),
    };
    Ok(FieldRef {
        first,
        rest: rest.to_string(),
    })
}

/// What [`render_template`] needs from the VM. Errors of the host's own (KeyError,
/// IndexError "Replacement index 3 out of range for positional args tuple", AttributeError,
/// errors from `__format__`) pass through untouched.
pub trait TemplateHost {
    type Value;
    type Error: From<FormatError>;
    /// `args[index]`.
    fn positional(&mut self, index: usize) -> Result<Self::Value, Self::Error>;
    /// `kwargs[name]`.
    fn keyword(&mut self, name: &str) -> Result<Self::Value, Self::Error>;
    /// `getattr(value, name)`.
    fn attr(&mut self, value: Self::Value, name: &str) -> Result<Self::Value, Self::Error>;
    /// `value[index]` for `[3]`.
    fn item_index(&mut self, value: Self::Value, index: usize) -> Result<Self::Value, Self::Error>;
    /// `value[key]` for `[key]`.
    fn item_key(&mut self, value: Self::Value, key: &str) -> Result<Self::Value, Self::Error>;
    /// `str(value)` for `'s'`, `repr(value)` for `'r'`, `ascii(value)` for `'a'`.
    fn convert(&mut self, value: Self::Value, conversion: char)
        -> Result<Self::Value, Self::Error>;
    /// `format(value, spec)`.
    fn format(&mut self, value: Self::Value, spec: &str) -> Result<String, Self::Error>;
}

/// How deep specs may nest fields: `'{:{}}'` is fine, `'{:{:{}}}'` is not.
const MAX_RECURSION: usize = 2;

/// `str.format`: renders `template`, looking fields up through `host`, in CPython's order
/// (first key, accesses, conversion, nested spec, format; left to right).
pub fn render_template<H: TemplateHost>(template: &str, host: &mut H) -> Result<String, H::Error> {
    build_string(template, host, MAX_RECURSION, &mut AutoNumber::default())
}

fn build_string<H: TemplateHost>(
    template: &str,
    host: &mut H,
    depth: usize,
    auto: &mut AutoNumber,
) -> Result<String, H::Error> {
    if depth == 0 {
        return Err(FormatError::value("Max string recursion exceeded").into());
    }
    let mut out = String::new();
    for piece in TemplateParser::new(template) {
        match piece? {
            TemplatePiece::Literal(text) => out.push_str(&text),
            TemplatePiece::Field(field) => {
                let field_ref = parse_field_name(&field.name, auto)?;
                let mut value = match &field_ref.first {
                    FieldKey::Index(index) => host.positional(*index)?,
                    FieldKey::Keyword(name) => host.keyword(name)?,
                };
                for access in field_ref.accesses() {
                    value = match access? {
                        FieldAccess::Attr(name) => host.attr(value, &name)?,
                        FieldAccess::Index(index) => host.item_index(value, index)?,
                        FieldAccess::Key(key) => host.item_key(value, &key)?,
                    };
                }
                if let Some(conversion) = field.conversion {
                    if !matches!(conversion, 'r' | 's' | 'a') {
                        // Unlike format codes, CPython escapes DEL here too.
                        let shown = match conversion {
                            '\u{7f}' => "\\x7f".to_string(),
                            other => quote_code(other),
                        };
                        return Err(FormatError::value(format!(
                            "Unknown conversion specifier {shown}"
                        ))
                        .into());
                    }
                    value = host.convert(value, conversion)?;
                }
                let spec = if field.spec_has_fields {
                    build_string(&field.spec, host, depth - 1, auto)?
                } else {
                    field.spec
                };
                out.push_str(&host.format(value, &spec)?);
            }
        }
    }
    Ok(out)
}
