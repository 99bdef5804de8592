//! Constant folding, as CPython's AST optimizer does it: an operator whose operands are
//! constants (`-1.5`, `2 ** 10`, `"ab" * 3`, `1 + 2j`) and a tuple display of constants
//! (`(1, 2, 3)`) become one constant, computed once at compile time instead of on every
//! run of the line. Only what cannot fail and cannot grow large is folded (CPython's limits:
//! integers up to 128 bits from `*`, `**` and `<<`, strings and bytes up to 4096 items,
//! tuples up to 256); everything else is left to run, so its errors come at run time.

use crate::syntax::ast::*;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

/// A constant value computed by the compiler.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Lit {
    None,
    Bool(bool),
    Int(BigInt),
    Float(f64),
    Complex(f64, f64),
    Str(String),
    Bytes(Vec<u8>),
    Ellipsis,
    Tuple(Vec<Lit>),
    /// Made only for a set display of constants that is iterated or searched, or whose
    /// items are added to a new set at once (see [`fold_set_as_frozenset`]).
    FrozenSet(Vec<Lit>),
}

const MAX_INT_BITS: u64 = 128;
const MAX_STR_SIZE: usize = 4096;
const MAX_COLLECTION_SIZE: usize = 256;
/// Nodes looked at per folding attempt: keeps compiling a long chain of operators linear.
const BUDGET: usize = 64;
/// Integers up to this size convert to float exactly.
const EXACT_FLOAT_INT: i64 = 1 << 53;

/// The value of `e` if it is an operator or tuple display over constants that folds.
/// A bare constant is not "folded" (the compiler loads it as it is).
pub(super) fn fold(e: &Expr) -> Option<Lit> {
    if matches!(e.kind, ExprKind::Constant(_)) {
        return None;
    }
    let mut budget = BUDGET;
    fold_in(e, &mut budget)
}

/// The constant a list display of constants stands for when only iterated or searched
/// (`x in [1, 2]`, `for x in [1, 2]`): the tuple of its items, as CPython makes it.
pub(super) fn fold_list_as_tuple(e: &Expr) -> Option<Lit> {
    let ExprKind::List(items) = &e.kind else {
        return None;
    };
    let mut budget = BUDGET;
    tuple(items, &mut budget)
}

/// The constant a set display of constants stands for when only iterated or searched
/// (`x in {1, 2}`, `for x in {1, 2}`): the frozenset of its items, as CPython makes it.
pub(super) fn fold_set_as_frozenset(e: &Expr) -> Option<Lit> {
    match &e.kind {
        ExprKind::Set(items) => fold_frozenset(items),
        _ => None,
    }
}

/// The frozenset of a set display's items when every one is a constant or folds to one; its
/// items in the display's order, which decides the frozenset's layout. No size limit: a set
/// display of constants is a frozenset in CPython however long it is.
pub(super) fn fold_frozenset(items: &[Expr]) -> Option<Lit> {
    items
        .iter()
        .map(|item| match &item.kind {
            ExprKind::Constant(c) => constant(c),
            _ => fold(item),
        })
        .collect::<Option<Vec<_>>>()
        .map(Lit::FrozenSet)
}

fn fold_in(e: &Expr, budget: &mut usize) -> Option<Lit> {
    *budget = budget.checked_sub(1)?;
    match &e.kind {
        ExprKind::Constant(c) => constant(c),
        ExprKind::UnaryOp { op, operand } => unary(*op, fold_in(operand, budget)?),
        ExprKind::BinOp { left, op, right } => {
            let l = fold_in(left, budget)?;
            let r = fold_in(right, budget)?;
            binary(l, *op, r)
        }
        ExprKind::Tuple(items) => tuple(items, budget),
        _ => None,
    }
}

fn tuple(items: &[Expr], budget: &mut usize) -> Option<Lit> {
    // The empty tuple is one object at run time: it is built, not loaded.
    if items.is_empty() || items.len() > MAX_COLLECTION_SIZE {
        return None;
    }
    items
        .iter()
        .map(|item| fold_in(item, budget))
        .collect::<Option<Vec<_>>>()
        .map(Lit::Tuple)
}

fn constant(c: &Constant) -> Option<Lit> {
    Some(match c {
        Constant::None => Lit::None,
        Constant::Bool(b) => Lit::Bool(*b),
        Constant::Int(digits) => Lit::Int(digits.parse().ok()?),
        Constant::Float(f) => Lit::Float(*f),
        Constant::Complex(im) => Lit::Complex(0.0, *im),
        Constant::Str(s) => Lit::Str(s.clone()),
        Constant::Bytes(b) => Lit::Bytes(b.clone()),
        Constant::Ellipsis => Lit::Ellipsis,
    })
}

/// A bool takes part in arithmetic as the int it is.
fn as_number(l: Lit) -> Lit {
    match l {
        Lit::Bool(b) => Lit::Int(BigInt::from(b as u8)),
        other => other,
    }
}

fn truthy(l: &Lit) -> bool {
    match l {
        Lit::None => false,
        Lit::Bool(b) => *b,
        Lit::Int(n) => !n.is_zero(),
        Lit::Float(f) => *f != 0.0,
        Lit::Complex(re, im) => *re != 0.0 || *im != 0.0,
        Lit::Str(s) => !s.is_empty(),
        Lit::Bytes(b) => !b.is_empty(),
        Lit::Ellipsis => true,
        Lit::Tuple(items) | Lit::FrozenSet(items) => !items.is_empty(),
    }
}

fn unary(op: UnaryOp, v: Lit) -> Option<Lit> {
    if op == UnaryOp::Not {
        return Some(Lit::Bool(!truthy(&v)));
    }
    Some(match (op, as_number(v)) {
        (UnaryOp::Neg, Lit::Int(n)) => Lit::Int(-n),
        (UnaryOp::Neg, Lit::Float(f)) => Lit::Float(-f),
        (UnaryOp::Neg, Lit::Complex(re, im)) => Lit::Complex(-re, -im),
        (UnaryOp::Pos, v @ (Lit::Int(_) | Lit::Float(_) | Lit::Complex(..))) => v,
        (UnaryOp::Invert, Lit::Int(n)) => Lit::Int(-n - 1),
        _ => return None,
    })
}

/// An int as a float when the conversion is exact.
fn exact_float(n: &BigInt) -> Option<f64> {
    let i = n.to_i64()?;
    (i.abs() <= EXACT_FLOAT_INT).then_some(i as f64)
}

fn real(l: &Lit) -> Option<f64> {
    match l {
        Lit::Int(n) => exact_float(n),
        Lit::Float(f) => Some(*f),
        _ => None,
    }
}

fn binary(l: Lit, op: BinOp, r: Lit) -> Option<Lit> {
    // Bitwise operators keep two bools a bool (`True | False` is True).
    if let (Lit::Bool(a), Lit::Bool(b)) = (&l, &r) {
        match op {
            BinOp::BitAnd => return Some(Lit::Bool(*a & *b)),
            BinOp::BitOr => return Some(Lit::Bool(*a | *b)),
            BinOp::BitXor => return Some(Lit::Bool(*a ^ *b)),
            _ => {}
        }
    }
    match (as_number(l), as_number(r)) {
        (Lit::Int(a), Lit::Int(b)) => int_op(a, op, b),
        (a @ (Lit::Int(_) | Lit::Float(_)), b @ (Lit::Int(_) | Lit::Float(_))) => {
            let (x, y) = (real(&a)?, real(&b)?);
            Some(Lit::Float(match op {
                BinOp::Add => x + y,
                BinOp::Sub => x - y,
                BinOp::Mul => x * y,
                BinOp::Div if y != 0.0 => x / y,
                _ => return None,
            }))
        }
        (a @ (Lit::Int(_) | Lit::Float(_) | Lit::Complex(..)), b) if is_complex_operand(&b) => {
            let (ar, ai) = complex_parts(&a)?;
            let (br, bi) = complex_parts(&b)?;
            match op {
                BinOp::Add => Some(Lit::Complex(ar + br, ai + bi)),
                BinOp::Sub => Some(Lit::Complex(ar - br, ai - bi)),
                _ => None,
            }
        }
        (Lit::Str(a), Lit::Str(b)) if op == BinOp::Add => Some(Lit::Str(a + &b)),
        (Lit::Bytes(mut a), Lit::Bytes(b)) if op == BinOp::Add => {
            a.extend_from_slice(&b);
            Some(Lit::Bytes(a))
        }
        (Lit::Tuple(mut a), Lit::Tuple(b)) if op == BinOp::Add => {
            a.extend(b);
            Some(Lit::Tuple(a))
        }
        (seq, Lit::Int(n)) | (Lit::Int(n), seq) if op == BinOp::Mul => repeat(seq, &n),
        _ => None,
    }
}

/// Whether `b` makes an arithmetic operation complex (the other side is a number).
fn is_complex_operand(b: &Lit) -> bool {
    matches!(b, Lit::Int(_) | Lit::Float(_) | Lit::Complex(..))
}

fn complex_parts(l: &Lit) -> Option<(f64, f64)> {
    match l {
        Lit::Complex(re, im) => Some((*re, *im)),
        other => Some((real(other)?, 0.0)),
    }
}

fn bits(n: &BigInt) -> u64 {
    n.bits()
}

fn int_op(a: BigInt, op: BinOp, b: BigInt) -> Option<Lit> {
    let n = match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mul => {
            if !a.is_zero() && !b.is_zero() && bits(&a) + bits(&b) > MAX_INT_BITS {
                return None;
            }
            a * b
        }
        BinOp::Div => {
            if b.is_zero() {
                return None;
            }
            return Some(Lit::Float(exact_float(&a)? / exact_float(&b)?));
        }
        BinOp::FloorDiv if !b.is_zero() => a.div_floor(&b),
        BinOp::Mod if !b.is_zero() => a.mod_floor(&b),
        BinOp::Pow => {
            // A negative exponent makes a float: left to run time.
            let e = b.to_u64()?;
            if !a.is_zero() && e > 0 && bits(&a) > MAX_INT_BITS / e {
                return None;
            }
            num_traits::pow(a, usize::try_from(e).ok()?)
        }
        BinOp::LShift => {
            let s = b.to_u64()?;
            if !a.is_zero() && (s > MAX_INT_BITS || bits(&a) > MAX_INT_BITS - s) {
                return None;
            }
            a << s
        }
        BinOp::RShift => {
            if b.is_negative() {
                return None;
            }
            match b.to_u64() {
                Some(s) if s < bits(&a) + 1 => a.div_floor(&(BigInt::from(1) << s)),
                _ if a.is_negative() => BigInt::from(-1),
                _ => BigInt::zero(),
            }
        }
        BinOp::BitAnd => a & b,
        BinOp::BitOr => a | b,
        BinOp::BitXor => a ^ b,
        _ => return None,
    };
    Some(Lit::Int(n))
}

/// `seq * n` for a str, bytes or tuple within the size limits.
fn repeat(seq: Lit, n: &BigInt) -> Option<Lit> {
    let count = if n.is_negative() { 0 } else { n.to_usize()? };
    let (len, limit) = match &seq {
        Lit::Str(s) => (s.chars().count(), MAX_STR_SIZE),
        Lit::Bytes(b) => (b.len(), MAX_STR_SIZE),
        Lit::Tuple(items) => (items.len(), MAX_COLLECTION_SIZE),
        _ => return None,
    };
    if len != 0 && count > limit / len {
        return None;
    }
    Some(match seq {
        Lit::Str(s) => Lit::Str(s.repeat(count)),
        Lit::Bytes(b) => Lit::Bytes(b.repeat(count)),
        // An empty result is the one empty tuple, made at run time.
        Lit::Tuple(items) if !items.is_empty() && count > 0 => {
            Lit::Tuple(items.iter().cloned().cycle().take(len * count).collect())
        }
        _ => return None,
    })
}
