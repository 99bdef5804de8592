//! The compiler's SyntaxWarnings, as CPython 3.11 gives them: a call of a literal
//! (`1()`), a subscript of one that cannot be subscripted (`1[0]`) or with an index of the
//! wrong type (`"abc"["x"]`), `is` with a literal (`x is 1`), an assert on a tuple. Each is a
//! probable missing comma or a mistake; the code still compiles.
//!
//! The compiler notes them here as it goes (one list per thread); whoever compiled takes
//! them with [`take`] and shows them, with the file's name.

use crate::syntax::ast::{CmpOp, Constant, Expr, ExprKind, UnaryOp};
use std::cell::RefCell;

thread_local! {
    static NOTED: RefCell<Vec<(u32, String)>> = const { RefCell::new(Vec::new()) };
}

/// Notes a warning at `line`.
pub(super) fn note(line: u32, msg: String) {
    NOTED.with(|n| n.borrow_mut().push((line, msg)));
}

/// Forgets what an earlier compile on this thread left (one that failed part way).
pub(super) fn clear() {
    NOTED.with(|n| n.borrow_mut().clear());
}

/// The warnings of the last compile on this thread, `(line, message)`, in source order.
pub fn take() -> Vec<(u32, String)> {
    NOTED.with(|n| std::mem::take(&mut *n.borrow_mut()))
}

fn constant_type(c: &Constant) -> &'static str {
    match c {
        Constant::None => "NoneType",
        Constant::Bool(_) => "bool",
        Constant::Int(_) => "int",
        Constant::Float(_) => "float",
        Constant::Complex(_) => "complex",
        Constant::Str(_) => "str",
        Constant::Bytes(_) => "bytes",
        Constant::Ellipsis => "ellipsis",
    }
}

/// The type of a literal's value, when the syntax alone says it.
fn literal_type(e: &Expr) -> Option<&'static str> {
    Some(match &e.kind {
        ExprKind::Constant(c) => constant_type(c),
        ExprKind::Tuple(_) => "tuple",
        ExprKind::List(_) | ExprKind::ListComp { .. } => "list",
        ExprKind::Dict(_) | ExprKind::DictComp { .. } => "dict",
        ExprKind::Set(_) | ExprKind::SetComp { .. } => "set",
        ExprKind::GeneratorExp { .. } => "generator",
        ExprKind::Lambda { .. } => "function",
        ExprKind::FString(_) => "str",
        _ => return None,
    })
}

/// `f(...)` where `f` is a literal.
pub(super) fn call(func: &Expr) -> Option<String> {
    // Calling a lambda where it is written is fine.
    if matches!(func.kind, ExprKind::Lambda { .. }) {
        return None;
    }
    let t = literal_type(func)?;
    Some(format!(
        "'{t}' object is not callable; perhaps you missed a comma?"
    ))
}

/// `value[index]` (read, not stored or deleted) where `value` is a literal.
pub(super) fn subscript(value: &Expr, index: &Expr) -> Vec<String> {
    let mut out = Vec::new();
    let t = literal_type(value);
    let unsubscriptable = match &value.kind {
        ExprKind::Constant(c) => !matches!(c, Constant::Str(_) | Constant::Bytes(_)),
        ExprKind::Set(_)
        | ExprKind::SetComp { .. }
        | ExprKind::GeneratorExp { .. }
        | ExprKind::Lambda { .. } => true,
        _ => false,
    };
    if let (true, Some(t)) = (unsubscriptable, t) {
        out.push(format!(
            "'{t}' object is not subscriptable; perhaps you missed a comma?"
        ));
    }
    let sequence = matches!(
        &value.kind,
        ExprKind::Constant(Constant::Str(_) | Constant::Bytes(_))
            | ExprKind::Tuple(_)
            | ExprKind::List(_)
            | ExprKind::ListComp { .. }
            | ExprKind::FString(_)
    );
    if let (true, Some(t), Some(it)) = (sequence, t, literal_type(index)) {
        if !matches!(it, "int" | "bool") {
            out.push(format!(
                "{t} indices must be integers or slices, not {it}; perhaps you missed a comma?"
            ));
        }
    }
    out
}

/// Whether `x is e` may be meant: `e` is not a literal, or is a singleton one.
fn is_operand_ok(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Constant(c) => {
            matches!(c, Constant::None | Constant::Bool(_) | Constant::Ellipsis)
        }
        // A tuple of literals, `-1`, `2 * 3`: one constant to CPython, which folds them.
        _ => !all_literal(e),
    }
}

/// Whether CPython folds `e` into one constant before compiling it.
fn all_literal(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Constant(_) => true,
        ExprKind::Tuple(items) => items.iter().all(all_literal),
        ExprKind::UnaryOp { op, operand } => {
            !matches!(op, UnaryOp::Not)
                && matches!(
                    operand.kind,
                    ExprKind::Constant(
                        Constant::Int(_) | Constant::Float(_) | Constant::Complex(_)
                    )
                )
        }
        ExprKind::BinOp { left, right, .. } => all_literal(left) && all_literal(right),
        _ => false,
    }
}

/// `a is 1`, `a is not "x"`: an identity test against a literal.
pub(super) fn compare(left: &Expr, ops: &[CmpOp], comparators: &[Expr]) -> Option<String> {
    let mut left_ok = is_operand_ok(left);
    for (op, right) in ops.iter().zip(comparators) {
        let right_ok = is_operand_ok(right);
        if matches!(op, CmpOp::Is | CmpOp::IsNot) && !(left_ok && right_ok) {
            return Some(if *op == CmpOp::Is {
                "\"is\" with a literal. Did you mean \"==\"?".to_string()
            } else {
                "\"is not\" with a literal. Did you mean \"!=\"?".to_string()
            });
        }
        left_ok = right_ok;
    }
    None
}

/// `assert (test, msg)`: a non-empty tuple is always true.
pub(super) fn assert(test: &Expr) -> Option<String> {
    match &test.kind {
        ExprKind::Tuple(items) if !items.is_empty() => {
            Some("assertion is always true, perhaps remove parentheses?".to_string())
        }
        _ => None,
    }
}
