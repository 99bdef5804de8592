//! `from __future__ import NAME`: a compiler directive as well as an import. As in CPython,
//! such imports must come first in a module (after its docstring) and name a known feature.
//! Only `annotations` changes how minipy compiles: annotations are kept as their source text
//! instead of being evaluated; every other feature is standard in 3.11.

use super::syntax_error;
use crate::syntax::ast::{Constant, ExprKind, Span, Stmt, StmtKind};
use crate::syntax::SyntaxError;

/// The features `__future__` knows (`lib/__future__.py` lists the same).
const FEATURES: [&str; 10] = [
    "nested_scopes",
    "generators",
    "division",
    "absolute_import",
    "with_statement",
    "print_function",
    "unicode_literals",
    "barry_as_FLUFL",
    "generator_stop",
    "annotations",
];

/// Checks the `from __future__ import` statements among a module's top-level statements.
pub fn check(body: &[Stmt]) -> Result<(), SyntaxError> {
    let mut at_beginning = true;
    for (i, stmt) in body.iter().enumerate() {
        match &stmt.kind {
            StmtKind::ImportFrom { module, names } if module == "__future__" => {
                if !at_beginning {
                    return Err(syntax_error(
                        "from __future__ imports must occur at the beginning of the file",
                        stmt.span,
                    ));
                }
                for alias in names {
                    let one_char = Span::new(stmt.span.start, stmt.span.start + 1);
                    if alias.name == "braces" {
                        return Err(syntax_error("not a chance", one_char));
                    }
                    if !FEATURES.contains(&alias.name.as_str()) {
                        return Err(syntax_error(
                            format!("future feature {} is not defined", alias.name),
                            one_char,
                        ));
                    }
                }
            }
            StmtKind::Expr(e)
                if i == 0 && matches!(&e.kind, ExprKind::Constant(Constant::Str(_))) => {}
            _ => at_beginning = false,
        }
    }
    Ok(())
}

/// Whether the module starts with `from __future__ import annotations`.
pub fn annotations(body: &[Stmt]) -> bool {
    body.iter().any(|stmt| match &stmt.kind {
        StmtKind::ImportFrom { module, names } if module == "__future__" => {
            names.iter().any(|a| a.name == "annotations")
        }
        _ => false,
    })
}
