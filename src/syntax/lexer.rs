//! The layout lexer: wraps the flat `logos` tokens of [`super::token`] and owns everything
//! that depends on lines — the indent stack (`Indent`/`Dedent`), logical lines (`Newline`,
//! none inside brackets), bracket matching, and the checks CPython's tokenizer makes there
//! (unexpected indent, a block header without a body, unclosed or unmatched brackets).
//!
//! It also guards the parser against trees too deep to build, walk or drop safely: brackets
//! nest at most [`MAX_BRACKETS`] deep, and a cheap running bound on expression depth (see
//! [`DepthGuard`]) stops a statement before it can produce a tree deeper than
//! [`MAX_EXPR_DEPTH`]. It yields LALRPOP's external-lexer triples.

use std::collections::VecDeque;

use logos::Logos;

use super::ast::Span;
use super::error::{SyntaxError, SyntaxErrorKind};
use super::lines::{count_newlines, LineCounter};
use super::token::{LexError, Token};

/// A token with its byte range in the source: LALRPOP's external-lexer contract.
pub type Spanned = (usize, Token, usize);

/// CPython's tokenizer limit (`MAXLEVEL`).
pub const MAX_BRACKETS: usize = 200;
/// CPython's limit on indentation levels (`MAXINDENT`).
pub const MAX_INDENT: usize = 100;
/// Upper bound on the nesting of one expression.
pub const MAX_EXPR_DEPTH: usize = 1000;

/// Tokenizes a whole module, layout tokens included (for tests and debugging).
pub fn tokenize(source: &str) -> Result<Vec<Spanned>, SyntaxError> {
    Lexer::new(source).collect()
}

/// Builds a `SyntaxError` of the given kind.
pub fn error_at(
    kind: SyntaxErrorKind,
    msg: impl Into<String>,
    start: usize,
    end: usize,
) -> SyntaxError {
    SyntaxError {
        kind,
        msg: msg.into(),
        span: Span::new(start, end),
        incomplete: false,
    }
}

/// 1-based line number of a byte offset.
pub fn line_of(source: &str, offset: usize) -> usize {
    count_newlines(&source.as_bytes()[..offset.min(source.len())]) + 1
}

/// What the parser's error reporting wants to know about a recently yielded token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenInfo {
    pub start: usize,
    pub end: usize,
    /// A name, literal or closing bracket: something an expression can end with.
    pub ends_operand: bool,
    /// The name `print` as the first token of a statement.
    pub is_print: bool,
}

/// Running upper bound on how deeply the tokens seen so far in a statement can nest.
///
/// Every operator, keyword and opening bracket can add one level to a tree; names and
/// literals cannot, and a comma ends a sibling (a list element, an argument), so the bound
/// is the sum, over the open brackets, of what the current comma-separated segment at each
/// level has added, plus the deepest finished group inside it.
#[derive(Debug)]
struct DepthGuard {
    levels: Vec<Level>,
    total: usize,
}

#[derive(Debug, Default, Clone)]
struct Level {
    segment: usize,
    child: usize,
    closed_max: usize,
    lambdas: usize,
}

impl DepthGuard {
    fn new() -> DepthGuard {
        DepthGuard {
            levels: vec![Level::default()],
            total: 0,
        }
    }

    fn top(&mut self) -> &mut Level {
        if self.levels.is_empty() {
            self.levels.push(Level::default());
        }
        let last = self.levels.len() - 1;
        &mut self.levels[last]
    }

    fn token(&mut self, token: &Token) -> bool {
        match token {
            Token::Name(_)
            | Token::Int(_)
            | Token::Float(_)
            | Token::Imaginary(_)
            | Token::String(_)
            | Token::True
            | Token::False
            | Token::None
            | Token::Ellipsis => {}
            Token::Comma => {
                let top = self.top();
                top.closed_max = top.closed_max.max(top.segment + top.child);
                let removed = top.segment + top.child;
                top.segment = 0;
                top.child = 0;
                self.total -= removed;
            }
            Token::Lpar | Token::Lsqb | Token::Lbrace => {
                self.top().segment += 1;
                self.levels.push(Level::default());
                self.total += 2;
            }
            Token::Rpar | Token::Rsqb | Token::Rbrace => {
                if self.levels.len() > 1 {
                    if let Some(done) = self.levels.pop() {
                        self.total -= done.segment + done.child + done.lambdas + 1;
                        let depth =
                            done.closed_max.max(done.segment + done.child) + done.lambdas + 1;
                        let parent = self.top();
                        if depth > parent.child {
                            let grow = depth - parent.child;
                            parent.child = depth;
                            self.total += grow;
                        }
                    }
                }
            }
            Token::Lambda => {
                self.top().lambdas += 1;
                self.total += 1;
            }
            _ => {
                self.top().segment += 1;
                self.total += 1;
            }
        }
        self.total <= MAX_EXPR_DEPTH
    }

    fn reset(&mut self) {
        self.levels.truncate(1);
        *self.top() = Level::default();
        self.total = 0;
    }
}

/// The layout lexer. Iterate it to get tokens; it stops after the first error.
pub struct Lexer<'s> {
    source: &'s str,
    /// Offset of the lexed range in `source` (non-zero for f-string replacement fields).
    base: usize,
    inner: logos::Lexer<'s, Token>,
    pending: VecDeque<Spanned>,
    /// Indentation columns: tabs to multiples of 8, and tabs counted as 1 (for `TabError`).
    indents: Vec<(usize, usize)>,
    /// Open brackets and where they are.
    brackets: Vec<(char, usize)>,
    /// An expression (f-string field): no layout at all, as if inside brackets.
    expression_mode: bool,
    /// Start of the current logical line's first token, and the kind of block header that
    /// token would begin (see [`block_description`]).
    line_first: Option<(Option<&'static str>, usize)>,
    /// The line's first token was `async`: its second names the block header.
    after_async: bool,
    line_last_is_colon: bool,
    /// A header line (`if x:`) waiting for its indented block: what it is, on which line,
    /// and where its newline is.
    block_header: Option<(&'static str, usize, usize)>,
    /// End of the last real (non-layout) token.
    last_end: usize,
    /// The last real token when it was a number, for `1abc` / `0x`.
    last_number: Option<(usize, usize, bool)>,
    guard: DepthGuard,
    /// Line numbers of block headers, counted as the lexer goes.
    lines: LineCounter,
    /// The last two tokens handed out, newest last.
    history: [Option<TokenInfo>; 2],
    done: bool,
}

impl<'s> Lexer<'s> {
    /// A lexer for a whole module (a leading byte-order mark is skipped).
    pub fn new(source: &'s str) -> Lexer<'s> {
        let start = if source.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            0
        };
        Lexer::for_range(source, start, source.len(), false)
    }

    /// A lexer for `source[start..end]` read as one bracketed expression (no layout), with
    /// spans still pointing into `source`.
    pub fn new_expression(source: &'s str, start: usize, end: usize) -> Lexer<'s> {
        Lexer::for_range(source, start, end, true)
    }

    fn for_range(source: &'s str, start: usize, end: usize, expression_mode: bool) -> Lexer<'s> {
        let range = source.get(start..end).unwrap_or("");
        Lexer {
            source,
            base: start,
            inner: Token::lexer(range),
            pending: VecDeque::new(),
            indents: vec![(0, 0)],
            brackets: Vec::new(),
            expression_mode,
            line_first: None,
            after_async: false,
            line_last_is_colon: false,
            block_header: None,
            last_end: start,
            last_number: None,
            guard: DepthGuard::new(),
            lines: LineCounter::new(),
            history: [None, None],
            done: false,
        }
    }

    /// How many brackets are open.
    pub fn bracket_depth(&self) -> usize {
        self.brackets.len()
    }

    /// The innermost open bracket and where it is.
    pub fn innermost_bracket(&self) -> Option<(char, usize)> {
        self.brackets.last().copied()
    }

    /// The source this lexer reads (all of it, even when lexing a range).
    pub fn source(&self) -> &'s str {
        self.source
    }

    /// The token handed out before the most recent one.
    pub fn previous_token(&self) -> Option<TokenInfo> {
        self.history[0]
    }

    /// The most recently handed out token.
    pub fn last_token(&self) -> Option<TokenInfo> {
        self.history[1]
    }

    fn fail(&mut self, error: SyntaxError) -> Option<Result<Spanned, SyntaxError>> {
        self.done = true;
        self.pending.clear();
        Some(Err(error))
    }

    fn syntax_error(&self, msg: impl Into<String>, start: usize, end: usize) -> SyntaxError {
        error_at(SyntaxErrorKind::SyntaxError, msg, start, end)
    }

    fn indentation_error(&self, msg: impl Into<String>, at: usize) -> SyntaxError {
        error_at(SyntaxErrorKind::IndentationError, msg, at, at)
    }

    /// Turns a `logos` error at `start..end` into CPython's message.
    fn lex_error(&self, error: LexError, start: usize, end: usize) -> SyntaxError {
        let line = line_of(self.source, start);
        match error {
            LexError::Unrecognized => {
                let rest = self.source.get(start..).unwrap_or("");
                let ch = rest.chars().next().unwrap_or(' ');
                let msg = match ch {
                    '\0' => "source code cannot contain null bytes".to_string(),
                    '\\' => {
                        if rest[1..].trim().is_empty() {
                            let mut err =
                                self.syntax_error("unexpected EOF while parsing", end, end);
                            err.incomplete = true;
                            return err;
                        }
                        "unexpected character after line continuation character".to_string()
                    }
                    c if c.is_ascii_graphic() => "invalid syntax".to_string(),
                    c => invalid_character_message(c),
                };
                self.syntax_error(msg, start, end)
            }
            LexError::InvalidCharacter { offset, ch } => {
                let at = start + offset;
                self.syntax_error(invalid_character_message(ch), at, at + ch.len_utf8())
            }
            LexError::UnterminatedString => self.syntax_error(
                format!("unterminated string literal (detected at line {line})"),
                start,
                end,
            ),
            LexError::UnterminatedTripleString => {
                let trimmed = self.source.strip_suffix('\n').unwrap_or(self.source);
                let last_line = line_of(trimmed, trimmed.len());
                let mut err = self.syntax_error(
                    format!(
                        "unterminated triple-quoted string literal (detected at line {last_line})"
                    ),
                    start,
                    end,
                );
                err.incomplete = true;
                err
            }
            LexError::Message { offset, msg } => self.syntax_error(msg, start + offset, end),
        }
    }

    /// Measures the indentation of the line whose first token starts at `at`.
    fn indent_columns(&self, at: usize) -> (usize, usize) {
        let before = &self.source.as_bytes()[..at.min(self.source.len())];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n' || b == b'\r')
            .map_or(0, |p| p + 1);
        let (mut col8, mut col1) = (0, 0);
        for &b in &before[line_start..] {
            match b {
                b' ' => {
                    col8 += 1;
                    col1 += 1;
                }
                b'\t' => {
                    col8 = (col8 / 8 + 1) * 8;
                    col1 += 1;
                }
                b'\x0C' => {
                    col8 = 0;
                    col1 = 0;
                }
                _ => {}
            }
        }
        (col8, col1)
    }

    /// Emits the `Indent`/`Dedent`s for a logical line starting at `at`, or reports why the
    /// indentation is wrong.
    fn start_line(&mut self, at: usize) -> Result<(), SyntaxError> {
        let (col8, col1) = self.indent_columns(at);
        let (top8, top1) = self.indents.last().copied().unwrap_or((0, 0));
        let tab_error = || {
            error_at(
                SyntaxErrorKind::TabError,
                "inconsistent use of tabs and spaces in indentation",
                at,
                at,
            )
        };
        if col8 > top8 {
            if col1 <= top1 {
                return Err(tab_error());
            }
            if self.block_header.take().is_none() {
                return Err(self.indentation_error("unexpected indent", at));
            }
            if self.indents.len() > MAX_INDENT {
                return Err(self.indentation_error("too many levels of indentation", at));
            }
            self.indents.push((col8, col1));
            self.pending.push_back((at, Token::Indent, at));
            return Ok(());
        }
        if let Some((what, line, _)) = self.block_header.take() {
            let msg = format!("expected an indented block after {what} on line {line}");
            return Err(self.indentation_error(msg, at));
        }
        while col8 < self.indents.last().map_or(0, |i| i.0) {
            self.indents.pop();
            self.pending
                .push_back((self.last_end, Token::Dedent, self.last_end));
        }
        let (top8, top1) = self.indents.last().copied().unwrap_or((0, 0));
        if col8 != top8 {
            let msg = "unindent does not match any outer indentation level";
            return Err(self.indentation_error(msg, at));
        }
        if col1 != top1 {
            return Err(tab_error());
        }
        Ok(())
    }

    /// Ends a logical line at the newline character at `at`: emits `Newline` (zero-width,
    /// right after the line's last token, so statement spans end there) and remembers
    /// whether the line opened a block.
    fn end_line(&mut self, at: usize) {
        self.pending
            .push_back((self.last_end, Token::Newline, self.last_end));
        let start = at;
        if let Some((header, first_at)) = self.line_first.take() {
            if self.line_last_is_colon {
                if let Some(what) = header {
                    let line = self.lines.line_at(self.source, first_at);
                    self.block_header = Some((what, line, start));
                }
            }
        }
        self.line_last_is_colon = false;
        self.guard.reset();
    }

    /// End of input: close the last line, check brackets and blocks, flush dedents.
    fn finish(&mut self) -> Result<(), SyntaxError> {
        self.done = true;
        if let Some(&(open, at)) = self.brackets.last() {
            let mut err = self.syntax_error(format!("'{open}' was never closed"), at, at + 1);
            err.incomplete = true;
            return Err(err);
        }
        if self.expression_mode {
            return Ok(());
        }
        let end = self.base + self.inner.source().len();
        if self.line_first.is_some() {
            self.end_line(end);
        }
        if let Some((what, line, newline_at)) = self.block_header.take() {
            let msg = format!("expected an indented block after {what} on line {line}");
            let mut err = self.indentation_error(msg, newline_at);
            err.incomplete = true;
            return Err(err);
        }
        while self.indents.len() > 1 {
            self.indents.pop();
            self.pending
                .push_back((self.last_end, Token::Dedent, self.last_end));
        }
        Ok(())
    }

    /// Handles one real token: layout, brackets, limits; queues it (and any layout before it).
    fn push_token(&mut self, token: Token, start: usize, end: usize) -> Result<(), SyntaxError> {
        if !self.expression_mode && self.brackets.is_empty() && self.line_first.is_none() {
            self.start_line(start)?;
            self.line_first = Some((block_description(&token), start));
            self.after_async = token == Token::Async;
        } else if std::mem::take(&mut self.after_async) {
            // `async def` / `async for` / `async with`: the header is named by its second word.
            if let Some((header, _)) = &mut self.line_first {
                *header = block_description(&token);
            }
        }
        self.check_number_suffix(&token, start)?;
        match token {
            Token::Lpar | Token::Lsqb | Token::Lbrace => {
                if self.brackets.len() >= MAX_BRACKETS {
                    return Err(self.syntax_error("too many nested parentheses", start, end));
                }
                let open = if matches!(token, Token::Lpar) {
                    '('
                } else if matches!(token, Token::Lsqb) {
                    '['
                } else {
                    '{'
                };
                self.brackets.push((open, start));
            }
            Token::Rpar | Token::Rsqb | Token::Rbrace => {
                let close = if matches!(token, Token::Rpar) {
                    ')'
                } else if matches!(token, Token::Rsqb) {
                    ']'
                } else {
                    '}'
                };
                match self.brackets.pop() {
                    None => {
                        return Err(self.syntax_error(format!("unmatched '{close}'"), start, end))
                    }
                    Some((open, at)) if matching(open) != close => {
                        let open_line = line_of(self.source, at);
                        let mut msg =
                            format!("closing parenthesis '{close}' does not match opening parenthesis '{open}'");
                        if open_line != line_of(self.source, start) {
                            msg.push_str(&format!(" on line {open_line}"));
                        }
                        return Err(self.syntax_error(msg, start, end));
                    }
                    Some(_) => {}
                }
            }
            Token::Semi if self.brackets.is_empty() => self.guard.reset(),
            _ => {}
        }
        if !self.guard.token(&token) {
            return Err(self.syntax_error("expression too complex", start, end));
        }
        self.line_last_is_colon = matches!(token, Token::Colon);
        self.last_number = match token {
            Token::Int(ref digits) => Some((start, end, digits == "0" && end - start == 1)),
            Token::Float(_) | Token::Imaginary(_) => Some((start, end, false)),
            _ => None,
        };
        self.last_end = end;
        self.pending.push_back((start, token, end));
        Ok(())
    }

    /// `1abc`, `1__0`, `0x`: a number running straight into a name or another number.
    fn check_number_suffix(&self, token: &Token, start: usize) -> Result<(), SyntaxError> {
        let Some((num_start, num_end, is_zero)) = self.last_number else {
            return Ok(());
        };
        if num_end != start {
            return Ok(());
        }
        let number = self.source.get(num_start..num_end).unwrap_or("");
        // The prefix of a radix literal, whether already lexed (`0b1` then `2`) or not yet
        // (`0` then the name `b2`); the text after it, from where it went wrong.
        let (prefix, rest) = match token {
            Token::Name(name) if is_zero => (name.as_bytes().first().copied(), &name[1..]),
            _ => (
                number
                    .as_bytes()
                    .get(1)
                    .copied()
                    .filter(|_| number.starts_with('0')),
                self.source.get(start..).unwrap_or(""),
            ),
        };
        let imaginary = number.ends_with(['j', 'J']);
        let kind = match (token, prefix) {
            (Token::Name(_) | Token::Int(_) | Token::Float(_) | Token::Imaginary(_), _)
                if imaginary =>
            {
                "imaginary"
            }
            (Token::Name(_) | Token::Int(_), Some(b'x' | b'X')) => "hexadecimal",
            (Token::Name(_) | Token::Int(_), Some(b'o' | b'O')) => "octal",
            (Token::Name(_) | Token::Int(_), Some(b'b' | b'B')) => "binary",
            (Token::Name(_) | Token::Int(_) | Token::Float(_) | Token::Imaginary(_), _) => {
                "decimal"
            }
            _ => return Ok(()),
        };
        // `0b2`, `0o19`: CPython names the digit that does not belong.
        if let ("binary" | "octal", Some(d)) = (kind, rest.trim_start_matches('_').chars().next()) {
            if d.is_ascii_digit() {
                let msg = format!("invalid digit '{d}' in {kind} literal");
                return Err(self.syntax_error(msg, num_start, start + 1));
            }
        }
        Err(self.syntax_error(format!("invalid {kind} literal"), num_start, start + 1))
    }

    fn record(&mut self, item: &Spanned) {
        let (start, ref token, end) = *item;
        let ends_operand = matches!(
            token,
            Token::Name(_)
                | Token::Int(_)
                | Token::Float(_)
                | Token::Imaginary(_)
                | Token::String(_)
                | Token::True
                | Token::False
                | Token::None
                | Token::Ellipsis
                | Token::Rpar
                | Token::Rsqb
                | Token::Rbrace
        );
        let is_print = matches!(token, Token::Name(n) if n == "print")
            && self.line_first.as_ref().is_some_and(|(_, at)| *at == start);
        self.history = [
            self.history[1],
            Some(TokenInfo {
                start,
                end,
                ends_operand,
                is_print,
            }),
        ];
    }
}

impl Iterator for Lexer<'_> {
    type Item = Result<Spanned, SyntaxError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                self.record(&item);
                return Some(Ok(item));
            }
            if self.done {
                return None;
            }
            let Some(result) = self.inner.next() else {
                if let Err(err) = self.finish() {
                    return self.fail(err);
                }
                continue;
            };
            let span = self.inner.span();
            let (start, end) = (self.base + span.start, self.base + span.end);
            let token = match result {
                Ok(token) => token,
                Err(err) => {
                    let err = self.lex_error(err, start, end);
                    return self.fail(err);
                }
            };
            if matches!(token, Token::RawNewline) {
                if !self.expression_mode && self.brackets.is_empty() && self.line_first.is_some() {
                    self.end_line(start);
                }
                continue;
            }
            if let Err(err) = self.push_token(token, start, end) {
                return self.fail(err);
            }
        }
    }
}

fn matching(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

fn invalid_character_message(ch: char) -> String {
    if ch.is_whitespace() || ch.is_control() {
        format!("invalid non-printable character U+{:04X}", ch as u32)
    } else {
        format!("invalid character '{ch}' (U+{:04X})", ch as u32)
    }
}

/// How CPython names a block header in "expected an indented block after ...".
fn block_description(first: &Token) -> Option<&'static str> {
    Some(match first {
        Token::If => "'if' statement",
        Token::Elif => "'elif' statement",
        Token::Else => "'else' statement",
        Token::While => "'while' statement",
        Token::For => "'for' statement",
        Token::Try => "'try' statement",
        Token::Except => "'except' statement",
        Token::Finally => "'finally' statement",
        Token::With => "'with' statement",
        Token::Def => "function definition",
        Token::Class => "class definition",
        Token::Name(name) if name == "match" => "'match' statement",
        Token::Name(name) if name == "case" => "'case' statement",
        _ => return None,
    })
}
