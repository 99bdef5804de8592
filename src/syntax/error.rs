//! The one error type of the syntax layer: what went wrong and where.

use super::ast::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    SyntaxError,
    IndentationError,
    TabError,
}

impl SyntaxErrorKind {
    /// The Python exception class name.
    pub fn name(self) -> &'static str {
        match self {
            SyntaxErrorKind::SyntaxError => "SyntaxError",
            SyntaxErrorKind::IndentationError => "IndentationError",
            SyntaxErrorKind::TabError => "TabError",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    /// Short message in CPython's words: `invalid syntax`, `expected ':'`,
    /// `unterminated string literal (detected at line 3)`, `unexpected indent`, ...
    pub msg: String,
    /// Where the caret goes (start) in the source.
    pub span: Span,
    /// True when the input ended in the middle of a statement (open bracket, block header
    /// without body, unterminated triple-quoted string): the REPL then asks for more lines.
    pub incomplete: bool,
}
