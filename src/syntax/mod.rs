//! Source text to syntax tree: the lexer (tokens and indentation), the LALRPOP grammar, and
//! the error type both report. Nothing here knows about bytecode or the VM.
//!
//! Callers use [`parse_module`]; the grammar behind it can change without touching them.

pub mod ast;
pub mod error;
mod grammar_helpers;
pub mod lexer;
mod lines;
mod parser;
mod pattern_helpers;
mod soft_keywords;
pub mod token;

pub use error::{SyntaxError, SyntaxErrorKind};

/// Parses a whole module (a file, a `-c` string, or one REPL entry).
pub fn parse_module(source: &str) -> Result<ast::Module, SyntaxError> {
    parser::parse_module(source)
}
