//! The parsed tree (`re_parse.rs`) written in the syntax of the `fancy-regex` crate.

use super::re_parse::{ch, At, Cat, Greed, Item, Node};
use std::fmt::Write as _;

pub(super) fn emit_char(c: u32, out: &mut String) {
    let x = ch(c);
    if x.is_ascii_alphanumeric() {
        out.push(x);
    } else {
        let _ = write!(out, "\\x{{{c:x}}}");
    }
}

pub(super) const ASCII_WORD: &str = "0-9A-Za-z_";

pub(super) fn emit_cat(cat: Cat, neg: bool, ascii: bool, out: &mut String) {
    let n = if neg { "^" } else { "" };
    match (cat, ascii) {
        (Cat::Digit, false) => out.push_str(if neg { "\\D" } else { "\\d" }),
        (Cat::Word, false) => out.push_str(if neg { "\\W" } else { "\\w" }),
        // `str.isspace` counts the separators U+001C..U+001F too.
        (Cat::Space, false) => {
            let _ = write!(out, "[{n}\\s\\x{{1c}}-\\x{{1f}}]");
        }
        (Cat::Digit, true) => {
            let _ = write!(out, "[{n}0-9]");
        }
        (Cat::Word, true) => {
            let _ = write!(out, "[{n}{ASCII_WORD}]");
        }
        (Cat::Space, true) => {
            let _ = write!(out, "[{n}\\x{{9}}-\\x{{d}}\\x{{20}}]");
        }
    }
}

pub(super) fn emit_at(at: At, out: &mut String, bytes: bool) {
    let w = format!("[{ASCII_WORD}]");
    match at {
        At::BeginLine => out.push_str("(?m:^)"),
        At::BeginText => out.push_str("\\A"),
        At::EndLine => out.push_str("(?m:$)"),
        At::End => out.push_str("(?:\\z|(?=\\x{a}\\z))"),
        At::EndText => out.push_str("\\z"),
        At::Boundary(true, ascii) if !ascii || bytes => out.push_str("\\b"),
        // As in CPython, `\B` never matches in an empty string.
        At::Boundary(false, ascii) if !ascii || bytes => out.push_str("(?:(?!\\A\\z)\\B)"),
        At::Boundary(true, _) => {
            let _ = write!(out, "(?:(?<={w})(?!{w})|(?<!{w})(?={w}))");
        }
        At::Boundary(false, _) => {
            let _ = write!(out, "(?:(?<={w})(?={w})|(?<!{w})(?!{w})(?!\\A\\z))");
        }
    }
}

/// Whether `node` is empty: no text, no group, no assertion.
pub(super) fn is_nothing(node: &Node) -> bool {
    match node {
        Node::Seq(v) => v.iter().all(is_nothing),
        Node::Group(None, _, b) => is_nothing(b),
        _ => false,
    }
}

/// Whether `node` is look-around only (it takes no text).
fn is_assertion(node: &Node) -> bool {
    match node {
        Node::Look(..) => true,
        Node::Seq(v) => !v.is_empty() && v.iter().all(is_assertion),
        Node::Group(None, _, b) => is_assertion(b),
        _ => false,
    }
}

pub(super) fn emit(node: &Node, out: &mut String, bytes: bool) {
    match node {
        Node::Lit(c) => emit_char(*c, out),
        Node::Any => out.push_str("[^\\x{a}]"),
        Node::Class(true, items) if items.is_empty() => out.push_str("(?s:.)"),
        Node::Class(neg, items) => {
            out.push('[');
            if *neg {
                out.push('^');
            }
            for item in items {
                match *item {
                    Item::Ch(c) => emit_char(c, out),
                    Item::Range(a, b) => {
                        emit_char(a, out);
                        out.push('-');
                        emit_char(b, out);
                    }
                    Item::Cat(k, n, a) => emit_cat(k, n, a, out),
                }
            }
            out.push(']');
        }
        Node::Cat(k, n, a) => emit_cat(*k, *n, *a, out),
        Node::At(at) => emit_at(*at, out, bytes),
        Node::Seq(v) => v.iter().for_each(|n| emit(n, out, bytes)),
        Node::Alt(v) => {
            out.push_str("(?:");
            for (i, n) in v.iter().enumerate() {
                if i > 0 {
                    out.push('|');
                }
                emit(n, out, bytes);
            }
            out.push(')');
        }
        Node::Group(index, case, body) => {
            out.push_str(match (index, case) {
                (Some(_), _) => "(",
                (None, Some(true)) => "(?i:",
                (None, Some(false)) => "(?-i:",
                (None, None) => "(?:",
            });
            emit(body, out, bytes);
            out.push(')');
        }
        Node::Look(behind, neg, body) => {
            out.push_str(match (behind, neg) {
                (false, false) => "(?=",
                (false, true) => "(?!",
                (true, false) => "(?<=",
                (true, true) => "(?<!",
            });
            emit(body, out, bytes);
            out.push(')');
        }
        Node::Atomic(body) => {
            out.push_str("(?>");
            emit(body, out, bytes);
            out.push(')');
        }
        Node::Repeat(min, max, greed, body) => {
            let mut inner = String::new();
            emit(body, &mut inner, bytes);
            if is_nothing(body) {
                // A repeat of nothing matches nothing (the crate rejects `(?:)*`).
                return;
            }
            if is_assertion(body) {
                // The crate repeats no look-around; one test is as good as many.
                let (open, close) = match (min, greed) {
                    (0, Greed::Lazy) => ("(?:|", ")"),
                    (0, Greed::Possessive) => ("(?>", "|)"),
                    (0, Greed::Greedy) => ("(?:", "|)"),
                    _ => ("(?:", ")"),
                };
                out.push_str(open);
                out.push_str(&inner);
                out.push_str(close);
                return;
            }
            out.push_str("(?:");
            out.push_str(&inner);
            out.push(')');
            match (min, max) {
                (0, None) => out.push('*'),
                (1, None) => out.push('+'),
                (0, Some(1)) => out.push('?'),
                (lo, None) => {
                    let _ = write!(out, "{{{lo},}}");
                }
                (lo, Some(hi)) => {
                    let _ = write!(out, "{{{lo},{hi}}}");
                }
            }
            match greed {
                Greed::Greedy => {}
                Greed::Lazy => out.push('?'),
                Greed::Possessive => out.push('+'),
            }
        }
        Node::Backref(g) => {
            let _ = write!(out, "\\k<{g}>");
        }
        Node::Cond(g, yes, no) => {
            let _ = write!(out, "(?({g})");
            emit(yes, out, bytes);
            if let Some(no) = no {
                out.push('|');
                emit(no, out, bytes);
            }
            out.push(')');
        }
    }
}
