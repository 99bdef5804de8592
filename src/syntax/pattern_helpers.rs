//! The grammar actions of `match` statements: building [`Pattern`] nodes and the checks
//! CPython's parser makes on them (complex literals, `_` as a target, keyword patterns
//! before positional ones, `**rest` placement), with CPython's messages. The checks that need
//! the whole pattern (unreachable cases, names bound twice) are the compiler's.

use lalrpop_util::ParseError;

use super::ast::*;
use super::error::SyntaxErrorKind;
use super::grammar_helpers::PResult;
use super::lexer::error_at;

/// One item between the braces of a mapping pattern (built once per item, so not boxed).
#[allow(clippy::large_enum_variant)]
pub enum MappingItem {
    Key(Expr, Pattern),
    Rest(String, Span),
}

/// One item between the parentheses of a class pattern.
pub enum ClassArg {
    Positional(Pattern),
    Keyword(String, Pattern, Span),
}

fn error<T>(msg: impl Into<String>, span: Span) -> PResult<T> {
    Err(ParseError::User {
        error: error_at(SyntaxErrorKind::SyntaxError, msg, span.start, span.end),
    })
}

fn invalid_syntax<T>(span: Span) -> PResult<T> {
    error("invalid syntax", span)
}

fn pattern(kind: PatternKind, l: usize, r: usize) -> Pattern {
    Pattern {
        kind,
        span: Span::new(l, r),
    }
}

pub fn match_stmt(subject: Expr, cases: Vec<MatchCase>) -> PResult<StmtKind> {
    if let ExprKind::Starred(_) = subject.kind {
        return error("can't use starred expression here", subject.span);
    }
    Ok(StmtKind::Match { subject, cases })
}

/// A literal: `None`, `True` and `False` are compared by identity, the rest with `==`.
pub fn literal(e: Expr, l: usize, r: usize) -> PResult<Pattern> {
    Ok(match &e.kind {
        ExprKind::Constant(c @ (Constant::None | Constant::Bool(_))) => {
            pattern(PatternKind::Singleton(c.clone()), l, r)
        }
        ExprKind::FString(_) => {
            return error(
                "patterns may only match literals and attribute lookups",
                e.span,
            )
        }
        _ => pattern(PatternKind::Value(e), l, r),
    })
}

/// `name` binds the subject; `_` matches anything and binds nothing.
pub fn capture(name: String, l: usize, r: usize) -> Pattern {
    let name = (name != "_").then_some(name);
    pattern(
        PatternKind::As {
            pattern: None,
            name,
        },
        l,
        r,
    )
}

pub fn value(e: Expr, l: usize, r: usize) -> Pattern {
    pattern(PatternKind::Value(e), l, r)
}

pub fn star(name: String, l: usize, r: usize) -> Pattern {
    let name = (name != "_").then_some(name);
    pattern(PatternKind::Star(name), l, r)
}

pub fn as_pattern(p: Pattern, name: String, l: usize, r: usize) -> PResult<Pattern> {
    if name == "_" {
        return error("cannot use '_' as a target", Span::new(r - 1, r));
    }
    Ok(pattern(
        PatternKind::As {
            pattern: Some(Box::new(p)),
            name: Some(name),
        },
        l,
        r,
    ))
}

pub fn or_pattern(alternatives: Vec<Pattern>, l: usize, r: usize) -> Pattern {
    pattern(PatternKind::Or(alternatives), l, r)
}

pub fn sequence(items: Vec<Pattern>, l: usize, r: usize) -> PResult<Pattern> {
    let stars = items
        .iter()
        .filter(|p| matches!(p.kind, PatternKind::Star(_)))
        .count();
    if stars > 1 {
        return error(
            "multiple starred names in sequence pattern",
            Span::new(l, r),
        );
    }
    Ok(pattern(PatternKind::Sequence(items), l, r))
}

/// `1 + 2j` / `-1 - 2j`: a real number, then an imaginary one.
pub fn complex(real: Expr, op: BinOp, imag: Expr, l: usize, r: usize) -> PResult<Expr> {
    let is_imaginary = |e: &Expr| match &e.kind {
        ExprKind::Constant(Constant::Complex(_)) => true,
        ExprKind::UnaryOp { operand, .. } => {
            matches!(operand.kind, ExprKind::Constant(Constant::Complex(_)))
        }
        _ => false,
    };
    if is_imaginary(&real) {
        return error("real number required in complex literal", real.span);
    }
    if !is_imaginary(&imag) {
        return error("imaginary number required in complex literal", imag.span);
    }
    Ok(Expr {
        kind: ExprKind::BinOp {
            left: Box::new(real),
            op,
            right: Box::new(imag),
        },
        span: Span::new(l, r),
    })
}

pub fn mapping(items: Vec<MappingItem>, l: usize, r: usize) -> PResult<Pattern> {
    let mut keys = Vec::new();
    let mut patterns = Vec::new();
    let mut rest = None;
    for item in items {
        match item {
            MappingItem::Key(_, _) | MappingItem::Rest(_, _) if rest.is_some() => {
                let span = match &item {
                    MappingItem::Key(k, _) => k.span,
                    MappingItem::Rest(_, s) => *s,
                };
                return invalid_syntax(span);
            }
            MappingItem::Key(k, p) => {
                keys.push(k);
                patterns.push(p);
            }
            MappingItem::Rest(name, span) => {
                if name == "_" {
                    return invalid_syntax(Span::new(span.end - 1, span.end));
                }
                rest = Some(name);
            }
        }
    }
    Ok(pattern(
        PatternKind::Mapping {
            keys,
            patterns,
            rest,
        },
        l,
        r,
    ))
}

pub fn class(cls: Expr, args: Vec<ClassArg>, l: usize, r: usize) -> PResult<Pattern> {
    let mut patterns = Vec::new();
    let mut kwd_attrs: Vec<String> = Vec::new();
    let mut kwd_patterns = Vec::new();
    for arg in args {
        match arg {
            ClassArg::Positional(p) => {
                if !kwd_attrs.is_empty() {
                    return error("positional patterns follow keyword patterns", p.span);
                }
                patterns.push(p);
            }
            ClassArg::Keyword(name, p, span) => {
                if kwd_attrs.contains(&name) {
                    return error(
                        format!("attribute name repeated in class pattern: {name}"),
                        span,
                    );
                }
                kwd_attrs.push(name);
                kwd_patterns.push(p);
            }
        }
    }
    Ok(pattern(
        PatternKind::Class {
            cls,
            patterns,
            kwd_attrs,
            kwd_patterns,
        },
        l,
        r,
    ))
}
