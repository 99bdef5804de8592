//! The flat tokens of Python source, recognised by a `logos` state machine: names, keywords,
//! numbers, string literals (decoded here: escapes, raw and bytes prefixes), operators and
//! delimiters. Whitespace, comments and backslash continuations are skipped here; layout
//! (`Newline`, `Indent`, `Dedent`) is the job of [`super::lexer`], which wraps this enum.
//!
//! Every token has a human `Display` ("keyword 'if'", "':'", "name 'x'") for error messages.

use std::fmt;

use logos::Logos;

/// A string literal after decoding, before adjacent literals are concatenated.
#[derive(Debug, Clone, PartialEq)]
pub enum StringLit {
    Str(String),
    Bytes(Vec<u8>),
    /// An f-string, kept raw: the parser splits it into literal pieces and expressions.
    Format {
        /// The text between the quotes, exactly as in the source.
        body: String,
        raw: bool,
        /// Byte offset of `body` from the start of the token (prefix and quotes).
        body_offset: usize,
    },
}

/// What the `logos` state machine reports when it cannot make a token. Offsets are relative
/// to the start of the offending token; the layout lexer turns these into `SyntaxError`s.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum LexError {
    /// No token starts here (`$`, `?`, a stray backslash, ...).
    #[default]
    Unrecognized,
    InvalidCharacter {
        offset: usize,
        ch: char,
    },
    UnterminatedString,
    UnterminatedTripleString,
    /// Any other problem, with CPython's message.
    Message {
        offset: usize,
        msg: String,
    },
}

#[derive(Logos, Debug, Clone, PartialEq)]
#[logos(error = LexError)]
#[logos(skip r"[ \t\x0C]+")]
#[logos(skip r"#[^\r\n]*")]
#[logos(skip r"\\(\r\n|\r|\n)")]
pub enum Token {
    // Layout, produced by the wrapper in `lexer.rs` (only `RawNewline` comes from logos).
    #[regex(r"\r\n|\r|\n")]
    RawNewline,
    Newline,
    Indent,
    Dedent,
    /// Injected first: selects the whole-module grammar.
    StartModule,
    /// Injected first: selects the expression grammar (f-string replacement fields).
    StartExpression,

    #[regex(r"[a-zA-Z_\u{80}-\u{10FFFF}][a-zA-Z0-9_\u{80}-\u{10FFFF}]*", lex_name)]
    Name(String),
    /// Decimal digits, converted from any base.
    #[regex(r"[0-9](_?[0-9])*", lex_decimal)]
    #[regex(r"0[xX](_?[0-9a-fA-F])+", |lex| lex_radix(lex, 16))]
    #[regex(r"0[oO](_?[0-7])+", |lex| lex_radix(lex, 8))]
    #[regex(r"0[bB](_?[01])+", |lex| lex_radix(lex, 2))]
    Int(String),
    #[regex(
        r"[0-9](_?[0-9])*\.([0-9](_?[0-9])*)?([eE][+-]?[0-9](_?[0-9])*)?",
        lex_float
    )]
    #[regex(r"\.[0-9](_?[0-9])*([eE][+-]?[0-9](_?[0-9])*)?", lex_float)]
    #[regex(r"[0-9](_?[0-9])*[eE][+-]?[0-9](_?[0-9])*", lex_float)]
    Float(f64),
    #[regex(r"[0-9](_?[0-9])*[jJ]", lex_imaginary)]
    #[regex(
        r"[0-9](_?[0-9])*\.([0-9](_?[0-9])*)?([eE][+-]?[0-9](_?[0-9])*)?[jJ]",
        lex_imaginary
    )]
    #[regex(r"\.[0-9](_?[0-9])*([eE][+-]?[0-9](_?[0-9])*)?[jJ]", lex_imaginary)]
    #[regex(r"[0-9](_?[0-9])*[eE][+-]?[0-9](_?[0-9])*[jJ]", lex_imaginary)]
    Imaginary(f64),
    #[regex(r#"[rRuUbBfF]?["']"#, lex_string)]
    #[regex(r#"([rR][bBfF]|[bBfF][rR])["']"#, lex_string)]
    String(StringLit),

    // Keywords.
    #[token("False")]
    False,
    #[token("None")]
    None,
    #[token("True")]
    True,
    #[token("and")]
    And,
    #[token("as")]
    As,
    #[token("assert")]
    Assert,
    #[token("async")]
    Async,
    #[token("await")]
    Await,
    #[token("break")]
    Break,
    #[token("class")]
    Class,
    #[token("continue")]
    Continue,
    #[token("def")]
    Def,
    #[token("del")]
    Del,
    #[token("elif")]
    Elif,
    #[token("else")]
    Else,
    #[token("except")]
    Except,
    #[token("finally")]
    Finally,
    #[token("for")]
    For,
    #[token("from")]
    From,
    #[token("global")]
    Global,
    #[token("if")]
    If,
    #[token("import")]
    Import,
    #[token("in")]
    In,
    #[token("is")]
    Is,
    #[token("lambda")]
    Lambda,
    #[token("nonlocal")]
    Nonlocal,
    #[token("not")]
    Not,
    #[token("or")]
    Or,
    #[token("pass")]
    Pass,
    #[token("raise")]
    Raise,
    #[token("return")]
    Return,
    #[token("try")]
    Try,
    #[token("while")]
    While,
    #[token("with")]
    With,
    #[token("yield")]
    Yield,
    /// The soft keywords `match` and `case`, made from names by `soft_keywords.rs` where
    /// they start a `match` statement or one of its `case` blocks.
    Match,
    Case,

    // Operators and delimiters.
    #[token("+")]
    Plus,
    #[token("-")]
    Minus,
    #[token("*")]
    Star,
    #[token("**")]
    DoubleStar,
    #[token("/")]
    Slash,
    #[token("//")]
    DoubleSlash,
    #[token("%")]
    Percent,
    #[token("@")]
    At,
    #[token("<<")]
    LeftShift,
    #[token(">>")]
    RightShift,
    #[token("&")]
    Amper,
    #[token("|")]
    Vbar,
    #[token("^")]
    Circumflex,
    #[token("~")]
    Tilde,
    #[token(":=")]
    ColonEqual,
    #[token("<")]
    Less,
    #[token(">")]
    Greater,
    #[token("<=")]
    LessEqual,
    #[token(">=")]
    GreaterEqual,
    #[token("==")]
    EqEqual,
    #[token("!=")]
    NotEqual,
    #[token("(")]
    Lpar,
    #[token(")")]
    Rpar,
    #[token("[")]
    Lsqb,
    #[token("]")]
    Rsqb,
    #[token("{")]
    Lbrace,
    #[token("}")]
    Rbrace,
    #[token(",")]
    Comma,
    #[token(":")]
    Colon,
    #[token(".")]
    Dot,
    #[token("...")]
    Ellipsis,
    #[token(";")]
    Semi,
    #[token("=")]
    Equal,
    #[token("->")]
    Rarrow,
    #[token("+=")]
    PlusEqual,
    #[token("-=")]
    MinusEqual,
    #[token("*=")]
    StarEqual,
    #[token("/=")]
    SlashEqual,
    #[token("//=")]
    DoubleSlashEqual,
    #[token("%=")]
    PercentEqual,
    #[token("@=")]
    AtEqual,
    #[token("&=")]
    AmperEqual,
    #[token("|=")]
    VbarEqual,
    #[token("^=")]
    CircumflexEqual,
    #[token("<<=")]
    LeftShiftEqual,
    #[token(">>=")]
    RightShiftEqual,
    #[token("**=")]
    DoubleStarEqual,
}

impl Token {
    /// The source text of a keyword or operator token; `None` for tokens carrying data and
    /// for layout tokens.
    pub fn text(&self) -> Option<&'static str> {
        use Token::*;
        Some(match self {
            False => "False",
            None => "None",
            True => "True",
            And => "and",
            As => "as",
            Assert => "assert",
            Async => "async",
            Await => "await",
            Break => "break",
            Class => "class",
            Continue => "continue",
            Def => "def",
            Del => "del",
            Elif => "elif",
            Else => "else",
            Except => "except",
            Finally => "finally",
            For => "for",
            From => "from",
            Global => "global",
            If => "if",
            Import => "import",
            In => "in",
            Is => "is",
            Lambda => "lambda",
            Nonlocal => "nonlocal",
            Not => "not",
            Or => "or",
            Pass => "pass",
            Raise => "raise",
            Return => "return",
            Try => "try",
            While => "while",
            With => "with",
            Yield => "yield",
            Match => "match",
            Case => "case",
            Plus => "+",
            Minus => "-",
            Star => "*",
            DoubleStar => "**",
            Slash => "/",
            DoubleSlash => "//",
            Percent => "%",
            At => "@",
            LeftShift => "<<",
            RightShift => ">>",
            Amper => "&",
            Vbar => "|",
            Circumflex => "^",
            Tilde => "~",
            ColonEqual => ":=",
            Less => "<",
            Greater => ">",
            LessEqual => "<=",
            GreaterEqual => ">=",
            EqEqual => "==",
            NotEqual => "!=",
            Lpar => "(",
            Rpar => ")",
            Lsqb => "[",
            Rsqb => "]",
            Lbrace => "{",
            Rbrace => "}",
            Comma => ",",
            Colon => ":",
            Dot => ".",
            Ellipsis => "...",
            Semi => ";",
            Equal => "=",
            Rarrow => "->",
            PlusEqual => "+=",
            MinusEqual => "-=",
            StarEqual => "*=",
            SlashEqual => "/=",
            DoubleSlashEqual => "//=",
            PercentEqual => "%=",
            AtEqual => "@=",
            AmperEqual => "&=",
            VbarEqual => "|=",
            CircumflexEqual => "^=",
            LeftShiftEqual => "<<=",
            RightShiftEqual => ">>=",
            DoubleStarEqual => "**=",
            RawNewline | Newline | Indent | Dedent | StartModule | StartExpression | Name(_)
            | Int(_) | Float(_) | Imaginary(_) | String(_) => return Option::None,
        })
    }

    /// True for keywords (`if`, `None`, ...): their text starts with a letter.
    pub fn is_keyword(&self) -> bool {
        self.text()
            .is_some_and(|t| t.starts_with(|c: char| c.is_ascii_alphabetic()))
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Token::RawNewline | Token::Newline => f.write_str("newline"),
            Token::Indent => f.write_str("indent"),
            Token::Dedent => f.write_str("dedent"),
            Token::StartModule | Token::StartExpression => f.write_str("start of input"),
            Token::Name(name) => write!(f, "name '{name}'"),
            Token::Int(_) => f.write_str("integer literal"),
            Token::Float(_) => f.write_str("float literal"),
            Token::Imaginary(_) => f.write_str("imaginary literal"),
            Token::String(StringLit::Str(_)) => f.write_str("string literal"),
            Token::String(StringLit::Bytes(_)) => f.write_str("bytes literal"),
            Token::String(StringLit::Format { .. }) => f.write_str("f-string"),
            other if other.is_keyword() => write!(f, "keyword '{}'", other.text().unwrap_or("")),
            other => write!(f, "'{}'", other.text().unwrap_or("")),
        }
    }
}

type Lex<'s> = logos::Lexer<'s, Token>;

fn lex_name(lex: &mut Lex) -> Result<String, LexError> {
    let text = lex.slice();
    // The pattern admits only `[a-zA-Z0-9_]` below U+0080: an ASCII name is valid as it is.
    if text.is_ascii() {
        return Ok(text.to_string());
    }
    for (offset, ch) in text.char_indices() {
        let ok = ch == '_'
            || ch.is_ascii_alphanumeric()
            || (offset == 0 && ch.is_alphabetic())
            || (offset > 0 && ch.is_alphanumeric());
        if !ok {
            return Err(LexError::InvalidCharacter { offset, ch });
        }
    }
    Ok(text.to_string())
}

/// CPython's message for a malformed number (`1_`, `0x`, `1e`).
fn invalid_number(text: &str) -> LexError {
    let kind = match text.as_bytes().get(1) {
        Some(b'x' | b'X') if text.starts_with('0') => "hexadecimal",
        Some(b'o' | b'O') if text.starts_with('0') => "octal",
        Some(b'b' | b'B') if text.starts_with('0') => "binary",
        _ => "decimal",
    };
    LexError::Message {
        offset: 0,
        msg: format!("invalid {kind} literal"),
    }
}

fn lex_decimal(lex: &mut Lex) -> Result<String, LexError> {
    // logos may hand over a longer slice when a longer pattern failed half-way (`0x`, `1e`).
    if !lex.slice().bytes().all(|b| b.is_ascii_digit() || b == b'_') {
        // `0b2`, `0o8`: CPython names the digit that does not belong.
        let kind = match lex.slice().as_bytes().get(1) {
            Some(b'b' | b'B') => "binary",
            Some(b'o' | b'O') => "octal",
            _ => return Err(invalid_number(lex.slice())),
        };
        let next = lex.remainder().trim_start_matches('_').chars().next();
        return Err(match next.filter(char::is_ascii_digit) {
            Some(d) => LexError::Message {
                offset: 0,
                msg: format!("invalid digit '{d}' in {kind} literal"),
            },
            None => invalid_number(lex.slice()),
        });
    }
    let digits: String = lex.slice().chars().filter(|&c| c != '_').collect();
    if digits.len() > 1 && digits.starts_with('0') {
        if digits.bytes().all(|b| b == b'0') {
            return Ok("0".to_string());
        }
        return Err(LexError::Message {
            offset: 0,
            msg: "leading zeros in decimal integer literals are not permitted; \
                  use an 0o prefix for octal integers"
                .to_string(),
        });
    }
    Ok(digits)
}

fn lex_radix(lex: &mut Lex, radix: u32) -> Result<String, LexError> {
    let body = lex.slice().get(2..).unwrap_or("");
    if body.is_empty() || !body.chars().all(|c| c == '_' || c.is_digit(radix)) {
        return Err(invalid_number(lex.slice()));
    }
    let digits = body.chars().filter_map(|c| c.to_digit(radix));
    Ok(to_decimal(digits, radix))
}

/// Converts digits in `radix` (most significant first) to decimal digits, for any length.
fn to_decimal(digits: impl Iterator<Item = u32>, radix: u32) -> String {
    const BASE: u64 = 1_000_000_000;
    // Little-endian limbs in base 10^9.
    let mut limbs: Vec<u64> = vec![0];
    for digit in digits {
        let mut carry = u64::from(digit);
        for limb in limbs.iter_mut() {
            let value = *limb * u64::from(radix) + carry;
            *limb = value % BASE;
            carry = value / BASE;
        }
        if carry > 0 {
            limbs.push(carry);
        }
    }
    let mut out = String::new();
    for (i, limb) in limbs.iter().rev().enumerate() {
        if i == 0 {
            out.push_str(&limb.to_string());
        } else {
            out.push_str(&format!("{limb:09}"));
        }
    }
    out
}

fn parse_float(text: &str) -> Result<f64, LexError> {
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    clean.parse().map_err(|_| invalid_number(text))
}

fn lex_float(lex: &mut Lex) -> Result<f64, LexError> {
    parse_float(lex.slice())
}

fn lex_imaginary(lex: &mut Lex) -> Result<f64, LexError> {
    let text = lex.slice();
    match text.strip_suffix(['j', 'J']) {
        Some(number) => parse_float(number),
        None => Err(invalid_number(text)),
    }
}

fn lex_string(lex: &mut Lex) -> Result<StringLit, LexError> {
    let opening = lex.slice();
    let quote = opening.as_bytes()[opening.len() - 1];
    let prefix = opening[..opening.len() - 1].to_ascii_lowercase();
    let (raw, bytes, format) = (
        prefix.contains('r'),
        prefix.contains('b'),
        prefix.contains('f'),
    );
    let rest = lex.remainder().as_bytes();
    let triple = rest.len() >= 2 && rest[0] == quote && rest[1] == quote;
    let body_start = if triple { 2 } else { 0 };
    let mut i = body_start;
    let body_end = loop {
        let Some(&b) = rest.get(i) else {
            return Err(if triple {
                LexError::UnterminatedTripleString
            } else {
                LexError::UnterminatedString
            });
        };
        match b {
            b'\\' => {
                i += if rest.get(i + 1) == Some(&b'\r') && rest.get(i + 2) == Some(&b'\n') {
                    3
                } else {
                    2
                };
            }
            b'\n' | b'\r' if !triple => return Err(LexError::UnterminatedString),
            _ if b == quote => {
                if !triple {
                    break i;
                }
                if rest.get(i + 1) == Some(&quote) && rest.get(i + 2) == Some(&quote) {
                    break i;
                }
                i += 1;
            }
            _ => i += 1,
        }
    };
    let body = &lex.remainder()[body_start..body_end];
    let body_offset = opening.len() + body_start;
    lex.bump(body_end + if triple { 3 } else { 1 });
    // A file's line ends are read as `\n` whatever they were (`\r\n`, `\r`), so a
    // triple-quoted literal spanning lines holds `\n`, as CPython reads it.
    let normalized;
    let body = if body.contains('\r') {
        normalized = body.replace("\r\n", "\n").replace('\r', "\n");
        normalized.as_str()
    } else {
        body
    };
    if format {
        return Ok(StringLit::Format {
            body: body.to_string(),
            raw,
            body_offset,
        });
    }
    if bytes {
        if let Some(pos) = body.find(|c: char| !c.is_ascii()) {
            let _ = pos;
            return Err(LexError::Message {
                offset: 0,
                msg: "bytes can only contain ASCII literal characters".to_string(),
            });
        }
        if raw {
            return Ok(StringLit::Bytes(body.as_bytes().to_vec()));
        }
        return decode_bytes(body).map(StringLit::Bytes);
    }
    if raw {
        return Ok(StringLit::Str(body.to_string()));
    }
    decode_str(body).map(StringLit::Str)
}

fn escape_error(kind: &str, what: &str) -> LexError {
    LexError::Message {
        offset: 0,
        msg: format!("({kind} error) {what}"),
    }
}

/// Reads up to `max` digits of `radix` from `chars`, returning the value and count read.
fn read_digits(
    chars: &mut std::iter::Peekable<std::str::CharIndices>,
    radix: u32,
    max: usize,
) -> (u32, usize) {
    let mut value: u32 = 0;
    let mut count = 0;
    while count < max {
        match chars.peek().and_then(|&(_, c)| c.to_digit(radix)) {
            Some(d) => {
                value = value.wrapping_mul(radix).wrapping_add(d);
                count += 1;
                chars.next();
            }
            None => break,
        }
    }
    (value, count)
}

/// Decodes the escapes of a (non-raw) `str` literal body.
pub fn decode_str(body: &str) -> Result<String, LexError> {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices().peekable();
    while let Some((pos, ch)) = chars.next() {
        if ch != '\\' {
            out.push(ch);
            continue;
        }
        let Some((_, esc)) = chars.next() else {
            out.push('\\');
            break;
        };
        match esc {
            '\n' => {}
            '\r' => {
                if chars.peek().is_some_and(|&(_, c)| c == '\n') {
                    chars.next();
                }
            }
            '0'..='7' => {
                let (rest, count) = read_digits(&mut chars, 8, 2);
                let value = (esc as u32 - '0' as u32) * 8u32.pow(count as u32) + rest;
                out.push(char::from_u32(value).unwrap_or('\u{FFFD}'));
            }
            'x' | 'u' | 'U' => {
                let width = match esc {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let (value, count) = read_digits(&mut chars, 16, width);
                if count < width {
                    let end = pos + 1 + count;
                    return Err(escape_error(
                        "unicode",
                        &format!(
                            "'unicodeescape' codec can't decode bytes in position {pos}-{end}: \
                             truncated \\{}{} escape",
                            esc,
                            "X".repeat(width)
                        ),
                    ));
                }
                match char::from_u32(value) {
                    Some(c) => out.push(c),
                    None => {
                        let end = pos + 1 + count;
                        return Err(escape_error(
                            "unicode",
                            &format!(
                                "'unicodeescape' codec can't decode bytes in position \
                                 {pos}-{end}: illegal Unicode character"
                            ),
                        ));
                    }
                }
            }
            'N' => {
                return Err(escape_error(
                    "unicode",
                    "'unicodeescape' codec can't decode \\N{...} escapes: not supported by minipy",
                ))
            }
            other => match simple_escape(other) {
                Some(c) => out.push(c),
                None => {
                    out.push('\\');
                    out.push(other);
                }
            },
        }
    }
    Ok(out)
}

fn simple_escape(c: char) -> Option<char> {
    Some(match c {
        '\\' => '\\',
        '\'' => '\'',
        '"' => '"',
        'a' => '\x07',
        'b' => '\x08',
        'f' => '\x0C',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        'v' => '\x0B',
        _ => return None,
    })
}

/// Decodes the escapes of a (non-raw) bytes literal body (already checked to be ASCII).
fn decode_bytes(body: &str) -> Result<Vec<u8>, LexError> {
    let mut out = Vec::with_capacity(body.len());
    let mut chars = body.char_indices().peekable();
    while let Some((pos, ch)) = chars.next() {
        if ch != '\\' {
            out.push(ch as u8);
            continue;
        }
        let Some((_, esc)) = chars.next() else {
            out.push(b'\\');
            break;
        };
        match esc {
            '\n' => {}
            '\r' => {
                if chars.peek().is_some_and(|&(_, c)| c == '\n') {
                    chars.next();
                }
            }
            '0'..='7' => {
                let (rest, count) = read_digits(&mut chars, 8, 2);
                let value = (esc as u32 - '0' as u32) * 8u32.pow(count as u32) + rest;
                out.push((value & 0xFF) as u8);
            }
            'x' => {
                let (value, count) = read_digits(&mut chars, 16, 2);
                if count < 2 {
                    return Err(escape_error(
                        "value",
                        &format!("invalid \\x escape at position {pos}"),
                    ));
                }
                out.push(value as u8);
            }
            other => match simple_escape(other) {
                Some(c) => out.push(c as u8),
                None => {
                    out.push(b'\\');
                    out.push(other as u8);
                }
            },
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::to_decimal;

    #[test]
    fn converts_big_hex_to_decimal() {
        let digits = "ffffffffffffffffffff"
            .chars()
            .filter_map(|c| c.to_digit(16));
        assert_eq!(to_decimal(digits, 16), "1208925819614629174706175");
    }
}
