//! The soft keywords `match` and `case`: a pass between the lexer and the parser that turns
//! the name `match` into [`Token::Match`] where it starts a `match` statement, and the name
//! `case` into [`Token::Case`] where it starts a line directly inside a `match` block.
//! Everywhere else they stay names, so `match = 1` and `case(x)` keep working.
//!
//! A logical line that starts with `match` is a `match` statement when the name is followed
//! by something that can start an expression and the line ends with `:` (no other statement
//! that starts with a name can end so).

use std::collections::VecDeque;

use super::error::SyntaxError;
use super::lexer::Spanned;
use super::token::Token;

type Item = Result<Spanned, SyntaxError>;

pub struct SoftKeywords<I> {
    inner: I,
    /// Tokens read ahead while deciding about a `match` line.
    buffer: VecDeque<Item>,
    at_line_start: bool,
    /// Indentation depth: `Indent` tokens minus `Dedent` tokens so far.
    depth: usize,
    /// The depths at which `case` lines of open `match` blocks sit.
    case_depths: Vec<usize>,
    /// A `match` line was seen; its block's `Indent` has not come yet.
    pending_block: bool,
}

impl<I: Iterator<Item = Item>> SoftKeywords<I> {
    pub fn new(inner: I) -> Self {
        SoftKeywords {
            inner,
            buffer: VecDeque::new(),
            at_line_start: true,
            depth: 0,
            case_depths: Vec::new(),
            pending_block: false,
        }
    }

    /// Reads the rest of the logical line after `match` and says whether it is a statement.
    fn is_match_statement(&mut self) -> bool {
        for item in self.inner.by_ref() {
            let end = !matches!(item, Ok((_, ref t, _)) if *t != Token::Newline);
            self.buffer.push_back(item);
            if end {
                break;
            }
        }
        let token = |i: usize| match self.buffer.get(i) {
            Some(Ok((_, t, _))) => Some(t),
            _ => None,
        };
        let n = self.buffer.len();
        let ends_with_colon =
            n >= 2 && token(n - 1) == Some(&Token::Newline) && token(n - 2) == Some(&Token::Colon);
        ends_with_colon && token(0).is_some_and(starts_expression)
    }

    fn observe(&mut self, token: &Token) {
        match token {
            Token::Newline => self.at_line_start = true,
            Token::Indent => {
                self.depth += 1;
                if self.pending_block {
                    self.case_depths.push(self.depth);
                    self.pending_block = false;
                }
                self.at_line_start = true;
            }
            Token::Dedent => {
                self.depth = self.depth.saturating_sub(1);
                while self.case_depths.last().is_some_and(|&d| d > self.depth) {
                    self.case_depths.pop();
                }
                self.at_line_start = true;
            }
            _ => self.at_line_start = false,
        }
    }
}

/// Tokens that can begin a `match` subject.
fn starts_expression(token: &Token) -> bool {
    matches!(
        token,
        Token::Name(_)
            | Token::Int(_)
            | Token::Float(_)
            | Token::Imaginary(_)
            | Token::String(_)
            | Token::None
            | Token::True
            | Token::False
            | Token::Lpar
            | Token::Lsqb
            | Token::Lbrace
            | Token::Minus
            | Token::Plus
            | Token::Tilde
            | Token::Star
            | Token::Not
            | Token::Lambda
            | Token::Await
            | Token::Ellipsis
    )
}

impl<I: Iterator<Item = Item>> Iterator for SoftKeywords<I> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        let mut item = match self.buffer.pop_front() {
            Some(item) => item,
            None => self.inner.next()?,
        };
        if let Ok((start, Token::Name(name), end)) = &item {
            if self.at_line_start && self.buffer.is_empty() {
                if name == "match" {
                    let (start, end) = (*start, *end);
                    if self.is_match_statement() {
                        item = Ok((start, Token::Match, end));
                        self.pending_block = true;
                    }
                } else if name == "case" && self.case_depths.last() == Some(&self.depth) {
                    item = Ok((*start, Token::Case, *end));
                }
            }
        }
        if let Ok((_, token, _)) = &item {
            self.observe(token);
        }
        Some(item)
    }
}
