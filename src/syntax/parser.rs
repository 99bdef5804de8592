//! Runs the generated LALRPOP parser (`lalrpop/grammar.lalrpop`) over the layout lexer and
//! turns its raw errors ("expected one of 27 tokens") into CPython's short messages. Also
//! splits f-strings into literal pieces and replacement fields, parsing each field's
//! expression with the same grammar so its spans point into the original source.

use lalrpop_util::ParseError;

use super::ast::{Expr, ExprKind, FStringPart, Module};
use super::error::{SyntaxError, SyntaxErrorKind};
use super::grammar_helpers::Top;
use super::lexer::{error_at, line_of, Lexer, MAX_BRACKETS};
use super::soft_keywords::SoftKeywords;
use super::token::{decode_str, LexError, Token};

lalrpop_util::lalrpop_mod!(
    #[allow(clippy::all, unused_qualifications)]
    grammar
);

type RawError = ParseError<usize, Token, SyntaxError>;

/// Parses a whole module.
pub fn parse_module(source: &str) -> Result<Module, SyntaxError> {
    let mut lexer = Lexer::new(source);
    let tokens =
        std::iter::once(Ok((0, Token::StartModule, 0))).chain(SoftKeywords::new(lexer.by_ref()));
    match grammar::TopParser::new().parse(source, tokens) {
        Ok(Top::Module(module)) => Ok(module),
        Ok(Top::Expression(e)) => Err(syntax_error("invalid syntax", e.span.start, e.span.end)),
        Err(err) => Err(describe_error(err, &lexer)),
    }
}

/// Parses `source[start..end]` as one expression, as if it were in parentheses.
pub(crate) fn parse_expression_at(
    source: &str,
    start: usize,
    end: usize,
) -> Result<Expr, SyntaxError> {
    let mut lexer = Lexer::new_expression(source, start, end);
    let tokens = std::iter::once(Ok((start, Token::StartExpression, start))).chain(lexer.by_ref());
    match grammar::TopParser::new().parse(source, tokens) {
        Ok(Top::Expression(e)) => Ok(e),
        Ok(Top::Module(_)) => Err(syntax_error("invalid syntax", start, end)),
        Err(err) => Err(describe_error(err, &lexer)),
    }
}

fn syntax_error(msg: impl Into<String>, start: usize, end: usize) -> SyntaxError {
    error_at(SyntaxErrorKind::SyntaxError, msg, start, end)
}

/// Chooses CPython's message for a parse error, using what the lexer saw last.
fn describe_error(err: RawError, lexer: &Lexer) -> SyntaxError {
    let (start, token, end, expected) = match err {
        ParseError::User { error } => return error,
        ParseError::InvalidToken { location } => {
            return syntax_error("invalid syntax", location, location)
        }
        ParseError::UnrecognizedEof { location, expected } => {
            // A `try` block at the end of the text, with no handler.
            let msg = if ["\"except\"", "\"finally\""]
                .iter()
                .all(|t| expected.iter().any(|e| e == t))
            {
                "expected 'except' or 'finally' block"
            } else {
                "unexpected EOF while parsing"
            };
            let mut error = syntax_error(msg, location, location);
            error.incomplete = true;
            return error;
        }
        ParseError::ExtraToken {
            token: (start, _, end),
        } => return syntax_error("invalid syntax", start, end),
        ParseError::UnrecognizedToken {
            token: (start, token, end),
            expected,
        } => (start, token, end, expected),
    };
    let expects = |terminal: &str| expected.iter().any(|e| e == terminal);
    if let Some((open, at)) = lexer.innermost_bracket() {
        let source = lexer.source();
        if token != Token::Dedent && line_of(source, at) < line_of(source, start) {
            return syntax_error(format!("'{open}' was never closed"), at, at + 1);
        }
    }
    if token == Token::Indent {
        return error_at(
            SyntaxErrorKind::IndentationError,
            "unexpected indent",
            start,
            end,
        );
    }
    if token == Token::Newline && expects("\":\"") {
        return syntax_error("expected ':'", start, end);
    }
    if token == Token::Equal && expects("\":\"") {
        if let Some(error) = assignment_in_condition(lexer.source(), start) {
            return error;
        }
    }
    if expects("\"except\"") && expects("\"finally\"") && token != Token::Dedent {
        return syntax_error("expected 'except' or 'finally' block", start, end);
    }
    if expects("\"else\"") && !expects("\":\"") && !expects("\"for\"") {
        return syntax_error("expected 'else' after 'if' expression", start, end);
    }
    let starts_operand = matches!(
        token,
        Token::Name(_)
            | Token::Int(_)
            | Token::Float(_)
            | Token::Imaginary(_)
            | Token::String(_)
            | Token::True
            | Token::False
            | Token::None
    );
    if let Some(previous) = lexer.previous_token() {
        if previous.is_print && starts_operand && lexer.bracket_depth() == 0 {
            return syntax_error(
                "Missing parentheses in call to 'print'. Did you mean print(...)?",
                previous.start,
                end,
            );
        }
        if previous.ends_operand && starts_operand && lexer.bracket_depth() > 0 {
            return syntax_error(
                "invalid syntax. Perhaps you forgot a comma?",
                previous.start,
                end,
            );
        }
    }
    syntax_error("invalid syntax", start, end)
}

/// The condition of the `if`, `elif` or `while` whose line holds the `=` at byte `at`: from
/// the condition's start to the end of what the `=` is followed by (before the line's `:`),
/// as CPython marks `x = 1` in `if x = 1:`. `None` on any other line.
fn condition_span(source: &str, at: usize) -> Option<(usize, usize)> {
    let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[at..].find('\n').map_or(source.len(), |i| at + i);
    let line = &source[line_start..line_end];
    let body = line.trim_start();
    let indent = line.len() - body.len();
    let keyword = ["if ", "elif ", "while "]
        .into_iter()
        .find(|k| body.starts_with(k))?;
    let after = &body[keyword.len()..];
    let from = line_start + indent + keyword.len() + (after.len() - after.trim_start().len());
    let colon = source[at..line_end].rfind(':').map(|i| at + i)?;
    let to = from + source[from..colon].trim_end().len();
    (from < at && at < to).then_some((from, to))
}

/// CPython's message for `if x = 1:` (the `=` at byte `at`), when what stands before the `=`
/// is the whole condition so far and a single target: a name suggests `==` or `:=`; an
/// attribute, subscript, call or literal cannot be assigned there.
fn assignment_in_condition(source: &str, at: usize) -> Option<SyntaxError> {
    let (from, to) = condition_span(source, at)?;
    let lhs_end = from + source[from..at].trim_end().len();
    let target = parse_expression_at(source, from, lhs_end).ok()?;
    let what = match target.kind {
        ExprKind::Name(_) => {
            return Some(syntax_error(
                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                from,
                to,
            ))
        }
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Call { .. } => "function call",
        ExprKind::Constant(_) => "literal",
        _ => return None,
    };
    Some(syntax_error(
        format!("cannot assign to {what} here. Maybe you meant '==' instead of '='?"),
        from,
        lhs_end,
    ))
}

/// Splits the body of an f-string (at byte `start` of `source`) into its parts.
pub(crate) fn parse_fstring(
    source: &str,
    start: usize,
    body: &str,
    raw: bool,
) -> Result<Vec<FStringPart>, SyntaxError> {
    FStringParser { source, raw }.parts(body, start, 0)
}

struct FStringParser<'s> {
    source: &'s str,
    raw: bool,
}

fn fstring_error(msg: &str, at: usize) -> SyntaxError {
    syntax_error(format!("f-string: {msg}"), at, at + 1)
}

impl FStringParser<'_> {
    /// Literal text and fields of `text`, which starts at byte `base` of the source.
    fn parts(
        &self,
        text: &str,
        base: usize,
        nesting: usize,
    ) -> Result<Vec<FStringPart>, SyntaxError> {
        let bytes = text.as_bytes();
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chunk_start = 0;
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'{' | b'}' => {
                    self.push_literal(&mut literal, &text[chunk_start..i], base + chunk_start)?;
                    let doubled = bytes.get(i + 1) == Some(&bytes[i]);
                    if doubled {
                        literal.push(bytes[i] as char);
                        i += 2;
                    } else if bytes[i] == b'}' {
                        return Err(fstring_error("single '}' is not allowed", base + i));
                    } else {
                        if !literal.is_empty() {
                            parts.push(FStringPart::Literal(std::mem::take(&mut literal)));
                        }
                        let (part, next) = self.field(text, base, i, nesting)?;
                        parts.push(part);
                        i = next;
                    }
                    chunk_start = i;
                }
                _ => i += 1,
            }
        }
        self.push_literal(&mut literal, &text[chunk_start..], base + chunk_start)?;
        if !literal.is_empty() {
            parts.push(FStringPart::Literal(literal));
        }
        Ok(parts)
    }

    fn push_literal(&self, out: &mut String, chunk: &str, at: usize) -> Result<(), SyntaxError> {
        if self.raw {
            out.push_str(chunk);
            return Ok(());
        }
        let trailing_backslashes = chunk.bytes().rev().take_while(|&b| b == b'\\').count();
        if chunk.ends_with("\\N") && trailing_backslashes == 0 {
            let before = &chunk[..chunk.len() - 1];
            if before.bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1 {
                return Err(syntax_error(
                    "(unicode error) \\N{...} escapes are not supported",
                    at,
                    at,
                ));
            }
        }
        match decode_str(chunk) {
            Ok(text) => {
                out.push_str(&text);
                Ok(())
            }
            Err(LexError::Message { msg, .. }) => Err(syntax_error(msg, at, at)),
            Err(_) => Err(syntax_error("invalid escape in f-string", at, at)),
        }
    }

    /// Parses the field opening at `text[open]`; returns it and the index after its `}`.
    fn field(
        &self,
        text: &str,
        base: usize,
        open: usize,
        nesting: usize,
    ) -> Result<(FStringPart, usize), SyntaxError> {
        if nesting >= 2 {
            return Err(fstring_error("expressions nested too deeply", base + open));
        }
        let bytes = text.as_bytes();
        let expr_start = open + 1;
        let expr_end = self.expression_end(text, base, expr_start)?;
        let expr_text = &text[expr_start..expr_end];
        if expr_text.trim().is_empty() {
            return Err(fstring_error(
                "empty expression not allowed",
                base + expr_end,
            ));
        }
        let expr = parse_expression_at(self.source, base + expr_start, base + expr_end).map_err(
            |mut e| {
                if !e.msg.starts_with("f-string") {
                    e.msg = format!("f-string: {}", e.msg);
                }
                e
            },
        )?;
        let mut i = expr_end;
        let mut debug_text = None;
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
                i += 1;
            }
            debug_text = Some(text[expr_start..i].to_string());
        }
        let mut conversion = None;
        if bytes.get(i) == Some(&b'!') {
            match bytes.get(i + 1) {
                Some(&c @ (b's' | b'r' | b'a')) => conversion = Some(c as char),
                Some(b'}' | b':') | None => {
                    return Err(fstring_error("missing conversion character", base + i + 1));
                }
                Some(_) => {
                    let msg = "invalid conversion character: expected 's', 'r', or 'a'";
                    return Err(fstring_error(msg, base + i + 1));
                }
            }
            i += 2;
        }
        let mut spec = None;
        if bytes.get(i) == Some(&b':') {
            let spec_start = i + 1;
            let mut depth = 0usize;
            let mut j = spec_start;
            while j < bytes.len() {
                match bytes[j] {
                    b'{' => depth += 1,
                    b'}' if depth == 0 => break,
                    b'}' => depth -= 1,
                    _ => {}
                }
                j += 1;
            }
            spec = Some(self.parts(&text[spec_start..j], base + spec_start, nesting + 1)?);
            i = j;
        }
        if bytes.get(i) != Some(&b'}') {
            return Err(fstring_error("expecting '}'", base + i.min(bytes.len())));
        }
        if debug_text.is_some() && conversion.is_none() && spec.is_none() {
            conversion = Some('r');
        }
        Ok((
            FStringPart::Value {
                expr: Box::new(expr),
                conversion,
                spec,
                debug_text,
            },
            i + 1,
        ))
    }

    /// Finds where the expression of a field ends: at `}`, `!`, `:` or a debug `=` outside
    /// brackets and strings.
    fn expression_end(&self, text: &str, base: usize, start: usize) -> Result<usize, SyntaxError> {
        let bytes = text.as_bytes();
        let mut depth = 0usize;
        let mut quote: Option<(u8, bool)> = None;
        let mut i = start;
        while i < bytes.len() {
            let c = bytes[i];
            let next = bytes.get(i + 1).copied();
            if c == b'\\' {
                return Err(syntax_error(
                    "f-string expression part cannot include a backslash",
                    base + i,
                    base + i,
                ));
            }
            if let Some((q, triple)) = quote {
                if c == q {
                    if !triple {
                        quote = None;
                    } else if bytes.get(i + 1) == Some(&q) && bytes.get(i + 2) == Some(&q) {
                        quote = None;
                        i += 2;
                    }
                }
                i += 1;
                continue;
            }
            match c {
                b'\'' | b'"' => {
                    let triple = next == Some(c) && bytes.get(i + 2) == Some(&c);
                    quote = Some((c, triple));
                    if triple {
                        i += 2;
                    }
                }
                b'#' => {
                    return Err(syntax_error(
                        "f-string expression part cannot include '#'",
                        base + i,
                        base + i,
                    ));
                }
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_BRACKETS {
                        return Err(fstring_error("too many nested parenthesis", base + i));
                    }
                }
                b')' | b']' | b'}' if depth > 0 => depth -= 1,
                b'}' => return Ok(i),
                b')' | b']' => {
                    return Err(fstring_error(
                        &format!("unmatched '{}'", c as char),
                        base + i,
                    ));
                }
                b'!' | b'=' | b'<' | b'>' if depth == 0 && next == Some(b'=') => i += 1,
                b'!' | b':' | b'=' if depth == 0 => return Ok(i),
                _ => {}
            }
            i += 1;
        }
        if quote.is_some() {
            return Err(fstring_error("unterminated string", base + i));
        }
        Err(fstring_error("expecting '}'", base + bytes.len()))
    }
}
