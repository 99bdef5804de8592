//! Operators: arithmetic (with int overflow into big ints), comparison, truth, `in`, and the
//! dunder-method protocol for user classes (`__add__`/`__radd__`, `__lt__`, `__eq__`, ...).

use super::Vm;
use crate::objects::complex::Complex;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{alloc, int, DictKey, ObjKind, Value};
use crate::syntax::ast::BinOp;
use crate::vm::Runtime;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

/// A number, for arithmetic across int, big int, bool and float.
enum Num {
    Int(i64),
    Big(BigInt),
    Float(f64),
}

fn num_of<R: Runtime>(v: &Value<R>) -> Option<Num> {
    match v {
        Value::Int(i) => Some(Num::Int(*i)),
        Value::Bool(b) => Some(Num::Int(*b as i64)),
        Value::Float(f) => Some(Num::Float(*f)),
        Value::Obj(o) => match o.kind() {
            ObjKind::BigInt(b) => Some(Num::Big(b.clone())),
            _ => None,
        },
        Value::None => None,
    }
}

fn big(n: Num) -> BigInt {
    match n {
        Num::Int(i) => BigInt::from(i),
        Num::Big(b) => b,
        Num::Float(f) => BigInt::from(f as i64),
    }
}

fn to_f64(n: &Num) -> Result<f64, ()> {
    match n {
        Num::Int(i) => Ok(*i as f64),
        Num::Float(f) => Ok(*f),
        Num::Big(b) => match b.to_f64() {
            Some(f) if f.is_finite() => Ok(f),
            _ => Err(()),
        },
    }
}

pub(super) const COMPARE_NAMES: [&str; 6] =
    ["__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"];
const COMPARE_SWAPPED: [usize; 6] = [4, 5, 2, 3, 0, 1];

fn dunder(op: BinOp) -> (&'static str, &'static str, &'static str) {
    match op {
        BinOp::Add => ("__add__", "__radd__", "__iadd__"),
        BinOp::Sub => ("__sub__", "__rsub__", "__isub__"),
        BinOp::Mul => ("__mul__", "__rmul__", "__imul__"),
        BinOp::MatMul => ("__matmul__", "__rmatmul__", "__imatmul__"),
        BinOp::Div => ("__truediv__", "__rtruediv__", "__itruediv__"),
        BinOp::FloorDiv => ("__floordiv__", "__rfloordiv__", "__ifloordiv__"),
        BinOp::Mod => ("__mod__", "__rmod__", "__imod__"),
        BinOp::Pow => ("__pow__", "__rpow__", "__ipow__"),
        BinOp::LShift => ("__lshift__", "__rlshift__", "__ilshift__"),
        BinOp::RShift => ("__rshift__", "__rrshift__", "__irshift__"),
        BinOp::BitOr => ("__or__", "__ror__", "__ior__"),
        BinOp::BitXor => ("__xor__", "__rxor__", "__ixor__"),
        BinOp::BitAnd => ("__and__", "__rand__", "__iand__"),
    }
}

/// A built-in sequence (str, list, tuple, bytes, bytearray): one that an instance with
/// `__index__` may index or repeat (CPython's `sq_item` and `sq_repeat`).
/// Whether an operand of this kind may carry a reflected operator method: an instance of a
/// class (a user's, or a subclass of a built-in) or a library type.
fn may_reflect<R: Runtime>(kind: Option<&ObjKind<R>>) -> bool {
    matches!(kind, Some(ObjKind::Instance(_) | ObjKind::Native(_)))
}

pub(super) fn builtin_sequence<R: Runtime>(v: &Value<R>) -> bool {
    matches!(
        v.kind(),
        Some(
            ObjKind::Str(_)
                | ObjKind::List(_)
                | ObjKind::Tuple(_)
                | ObjKind::Bytes(_)
                | ObjKind::ByteArray(_)
        )
    )
}

impl<R: Runtime> Vm<R> {
    /// `a op b`
    pub fn binary_op(&mut self, a: Value<R>, b: Value<R>, op: BinOp) -> PyResult<Value<R>, R> {
        self.binary_op_form(a, b, op, false)
    }

    /// `a op b`, or the plain-operator step of `a op= b` when `inplace` (which only changes
    /// the TypeError's operator: `+=` rather than `+`).
    pub(super) fn binary_op_form(
        &mut self,
        a: Value<R>,
        b: Value<R>,
        op: BinOp,
        inplace: bool,
    ) -> PyResult<Value<R>, R> {
        if let (Some(x), Some(y)) = (num_of(&a), num_of(&b)) {
            if let (Value::Bool(p), Value::Bool(q), BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor) =
                (&a, &b, op)
            {
                return Ok(Value::Bool(match op {
                    BinOp::BitAnd => p & q,
                    BinOp::BitOr => p | q,
                    _ => p ^ q,
                }));
            }
            return self.numeric_op(x, y, op, inplace);
        }
        if let Some(r) = self.builtin_sequence_op(&a, &b, op)? {
            return Ok(r);
        }
        let (name, rname, _) = dunder(op);
        // An instance of a subclass of `a`'s class that overrides the reflected method gets
        // the first word (as CPython's slot functions give it).
        let subclass_first = self.right_is_subclass(&a, &b) && self.overrides(&a, &b, rname);
        if subclass_first {
            if let Some(r) = self.try_dunder(&b, rname, &a)? {
                return Ok(r);
            }
        }
        if let Some(r) = self.try_dunder(&a, name, &b)? {
            return Ok(r);
        }
        if subclass_first {
            return self.binary_op_last(a, b, op, inplace);
        }
        self.binary_op_reflected(a, b, op, inplace)
    }

    /// Whether `b`'s class is a proper subclass of `a`'s.
    fn right_is_subclass(&self, a: &Value<R>, b: &Value<R>) -> bool {
        let (ca, cb) = (self.types().class_of(a), self.types().class_of(b));
        !ca.ptr_eq(cb)
            && match cb.kind() {
                ObjKind::Class(c) => c.mro.iter().any(|m| m.ptr_eq(ca)),
                _ => false,
            }
    }

    /// Whether `b`'s class has a method `name` other than `a`'s class's (CPython's
    /// `method_is_overloaded`).
    fn overrides(&mut self, a: &Value<R>, b: &Value<R>, name: &'static str) -> bool {
        let key = self.static_key(name);
        let (ca, cb) = (
            self.types().class_of(a).clone(),
            self.types().class_of(b).clone(),
        );
        let Some(theirs) = self.lookup_type(&cb, &key) else {
            return false;
        };
        match self.lookup_type(&ca, &key) {
            Some(ours) => !ours.is(&theirs),
            None => true,
        }
    }

    /// `a op b` once `a`'s own method has declined (or is absent): `b`'s reflected method,
    /// then the built-in bases, then the TypeError.
    pub(super) fn binary_op_reflected(
        &mut self,
        a: Value<R>,
        b: Value<R>,
        op: BinOp,
        inplace: bool,
    ) -> PyResult<Value<R>, R> {
        if !self.same_class(&a, &b) {
            let (_, rname, _) = dunder(op);
            if let Some(r) = self.try_dunder(&b, rname, &a)? {
                return Ok(r);
            }
        }
        self.binary_op_last(a, b, op, inplace)
    }

    /// `a op b` once neither operand's method took it: the built-in values under built-in
    /// subclass instances, else the TypeError.
    pub(super) fn binary_op_last(
        &mut self,
        a: Value<R>,
        b: Value<R>,
        op: BinOp,
        inplace: bool,
    ) -> PyResult<Value<R>, R> {
        if op == BinOp::Add {
            if let Some(err) = self.concat_refused(&a, &b) {
                return Err(err);
            }
        }
        if let Some((x, y)) = self.unwrap_builtin_pair(&a, &b) {
            return self.binary_op_form(x, y, op, inplace);
        }
        if op == BinOp::Mul {
            // A sequence repeated by an instance with `__index__` (CPython's `sq_repeat`).
            if builtin_sequence(&a) {
                if let Some(n) = self.instance_index(&b)? {
                    return self.binary_op_form(a, n, op, inplace);
                }
                return Err(self.cant_multiply(&b));
            } else if builtin_sequence(&b) {
                if let Some(n) = self.instance_index(&a)? {
                    return self.binary_op_form(n, b, op, inplace);
                }
                return Err(self.cant_multiply(&a));
            }
        }
        let (ta, tb) = (self.type_name(&a), self.type_name(&b));
        Err(unsupported(op, inplace, &ta, &tb))
    }

    /// The TypeError of `seq + x` once `x`'s reflected method (if any) declined: a built-in
    /// sequence refuses an operand that is not (a subclass of) its own kind, naming the
    /// operand's own class (CPython's `sq_concat`).
    pub fn concat_refused(&self, a: &Value<R>, b: &Value<R>) -> Option<PyErr<R>> {
        let ka = a.kind()?;
        if !may_reflect(b.kind()) {
            return None;
        }
        let base = self.builtin_base(b);
        let kb = base.as_ref().and_then(|v| v.kind());
        let (what, fits) = match ka {
            ObjKind::Str(_) => ("str", matches!(kb, Some(ObjKind::Str(_)))),
            ObjKind::List(_) => ("list", matches!(kb, Some(ObjKind::List(_)))),
            ObjKind::Tuple(_) => ("tuple", matches!(kb, Some(ObjKind::Tuple(_)))),
            ObjKind::Bytes(_) => {
                if matches!(kb, Some(ObjKind::Bytes(_) | ObjKind::ByteArray(_))) {
                    return None;
                }
                return Some(PyErr::type_error(format!(
                    "can't concat {} to bytes",
                    self.type_name(b)
                )));
            }
            ObjKind::ByteArray(_) => {
                return Some(PyErr::type_error(format!(
                    "can't concat {} to bytearray",
                    self.type_name(b)
                )));
            }
            _ => return None,
        };
        (!fits).then(|| {
            PyErr::type_error(format!(
                "can only concatenate {what} (not \"{}\") to {what}",
                self.type_name(b)
            ))
        })
    }

    /// The method names of a binary operator: (`__op__`, `__rop__`, `__iop__`).
    pub(super) fn operator_names(op: BinOp) -> (&'static str, &'static str, &'static str) {
        dunder(op)
    }

    /// `a op b` for built-in operands only (numbers, sequences, sets, dicts): no dunder method
    /// is looked up, so the built-in types' own `__add__`... call it. `None` when the
    /// built-in types do not define `op` between these operands.
    pub fn builtin_binary(
        &mut self,
        a: &Value<R>,
        b: &Value<R>,
        op: BinOp,
    ) -> PyResult<Option<Value<R>>, R> {
        if let (Some(x), Some(y)) = (num_of(a), num_of(b)) {
            if let (Value::Bool(p), Value::Bool(q), BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor) =
                (a, b, op)
            {
                return Ok(Some(Value::Bool(match op {
                    BinOp::BitAnd => p & q,
                    BinOp::BitOr => p | q,
                    _ => p ^ q,
                })));
            }
            return self.numeric_op(x, y, op, false).map(Some);
        }
        self.builtin_sequence_op(a, b, op)
    }

    /// `a op= b`: `__iop__` first, then the plain operator. Lists extend in place.
    pub fn inplace_op(&mut self, a: Value<R>, b: Value<R>, op: BinOp) -> PyResult<Value<R>, R> {
        if let (BinOp::Add, Some(ObjKind::List(_))) = (op, a.kind()) {
            if matches!(b.kind(), Some(ObjKind::List(_)) | Some(ObjKind::Tuple(_)))
                || self.is_iterable(&b)
            {
                let items = self.collect(&b)?;
                if let Some(ObjKind::List(l)) = a.kind() {
                    l.lock::<R>().extend(items);
                }
                return Ok(a);
            }
        }
        if let (BinOp::Add, Some(ObjKind::ByteArray(buf))) = (op, a.kind()) {
            if let Value::Obj(o) = &a {
                crate::objects::buffer::check_resize(o)?;
            }
            // Extend in place (amortised growth), so a `+=` loop stays linear.
            let more = match b.kind() {
                Some(ObjKind::Bytes(x)) => Some(x.to_vec()),
                Some(ObjKind::ByteArray(x)) => Some(x.lock::<R>().clone()),
                _ => None,
            };
            if let Some(more) = more {
                buf.lock::<R>().extend_from_slice(&more);
                return Ok(a);
            }
        }
        if let (BinOp::Mul, Some(ObjKind::List(l))) = (op, a.kind()) {
            if let Some(n) = self.repeat_count(&b)? {
                let removed = {
                    let mut items = l.lock::<R>();
                    if n == 0 {
                        std::mem::take(&mut *items)
                    } else {
                        let repeated = alloc::repeat_items(&items[..], n)?;
                        std::mem::replace(&mut *items, repeated)
                    }
                };
                drop(removed);
                return Ok(a.clone());
            }
        }
        if let Some(ObjKind::Instance(_) | ObjKind::Native(_) | ObjKind::ByteArray(_)) = a.kind() {
            // A bytearray's `*=` and `+=` of other buffers stay in place (`__imul__`).
            let (_, _, iname) = dunder(op);
            if let Some(r) = self.try_dunder(&a, iname, &b)? {
                // A built-in base's in-place method (`list.__iadd__`) answers the base value
                // it changed: the object is `a`, the subclass instance.
                if self.builtin_base(&a).is_some_and(|base| base.is(&r)) {
                    return Ok(a);
                }
                return Ok(r);
            }
        }
        if let (Some(ObjKind::Set(_)), Some(ObjKind::Set(_) | ObjKind::FrozenSet(_))) =
            (a.kind(), b.kind())
        {
            if matches!(
                op,
                BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor
            ) {
                return self.set_inplace(a, &b, op);
            }
        }
        // `d |= x` is `d.update(x)`: any mapping or iterable of pairs (as `dict.__ior__`).
        if let (BinOp::BitOr, Some(ObjKind::Dict(_))) = (op, a.kind()) {
            self.dict_update_from(&a, &b, false)?;
            return Ok(a);
        }
        self.binary_op_form(a, b, op, true)
    }

    /// Both sides of `|` are classes or None (not both None): the operands of a type union.
    fn same_class(&self, a: &Value<R>, b: &Value<R>) -> bool {
        self.types().class_of(a).ptr_eq(self.types().class_of(b))
    }

    /// Calls `obj.name(other)` if the class defines it; `None` if absent or NotImplemented.
    fn try_dunder(
        &mut self,
        obj: &Value<R>,
        name: &'static str,
        other: &Value<R>,
    ) -> PyResult<Option<Value<R>>, R> {
        let class = self.types().class_of(obj).clone();
        let key = self.static_key(name);
        let Some(f) = self.lookup_type(&class, &key) else {
            return Ok(None);
        };
        if let Some(ObjKind::Builtin(_)) = f.kind() {
            if let Some(answer) = self.object_comparison(&f, &key, name, obj, other) {
                return answer;
            }
        }
        // A Python method takes the receiver as its first argument: no bound method needed.
        let r = if let Some(ObjKind::Function(_)) = f.kind() {
            self.call(&f, vec![obj.clone(), other.clone()], Vec::new())?
        } else {
            let f = self.bind_class_attr(f, obj, &class);
            self.call(&f, vec![other.clone()], Vec::new())?
        };
        if r.is(&self.interp.not_implemented) {
            Ok(None)
        } else {
            Ok(Some(r))
        }
    }

    /// What `object`'s own comparison method `f` (found for `name` on `obj`'s class) answers,
    /// without calling it: `__eq__` is identity or NotImplemented, `__ne__` the inverse of the
    /// receiver's `__eq__`, the orderings NotImplemented (`None` here stands for
    /// NotImplemented, as in `try_dunder`). `None` when `f` is not `object`'s method: then it
    /// is called. Two instances of classes without comparisons (`list.remove`, `x in items`,
    /// `a == b` of plain objects) otherwise made a bound method and a native call per side.
    fn object_comparison(
        &mut self,
        f: &Value<R>,
        key: &DictKey<R>,
        name: &'static str,
        obj: &Value<R>,
        other: &Value<R>,
    ) -> Option<PyResult<Option<Value<R>>, R>> {
        let cmp = COMPARE_NAMES.iter().position(|n| *n == name)?;
        let object = self.types().object.clone();
        if !self.lookup_type(&object, key).is_some_and(|own| own.is(f)) {
            return None;
        }
        Some(match cmp {
            2 => Ok(obj.is(other).then_some(Value::Bool(true))),
            3 => match self.try_dunder(obj, "__eq__", other) {
                Ok(Some(r)) => self.truthy(&r).map(|t| Some(Value::Bool(!t))),
                other => other,
            },
            _ => Ok(None),
        })
    }

    fn numeric_op(&mut self, x: Num, y: Num, op: BinOp, inplace: bool) -> PyResult<Value<R>, R> {
        use Num::*;
        if matches!(x, Float(_)) || matches!(y, Float(_)) || op == BinOp::Div {
            if matches!(
                op,
                BinOp::LShift | BinOp::RShift | BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor
            ) {
                let (a, b) = (self.num_name(&x), self.num_name(&y));
                return Err(unsupported(op, inplace, a, b));
            }
            if op == BinOp::Div && !matches!(x, Float(_)) && !matches!(y, Float(_)) {
                return self.int_true_div(x, y);
            }
            let a = to_f64(&x).map_err(|_| PyErr::overflow("int too large to convert to float"))?;
            let b = to_f64(&y).map_err(|_| PyErr::overflow("int too large to convert to float"))?;
            return float_op(a, b, op, inplace);
        }
        if let (Int(a), Int(b)) = (&x, &y) {
            let (a, b) = (*a, *b);
            let r = match op {
                BinOp::Add => a.checked_add(b),
                BinOp::Sub => a.checked_sub(b),
                BinOp::Mul => a.checked_mul(b),
                BinOp::FloorDiv if b == 0 => {
                    return Err(PyErr::zero_division("integer division or modulo by zero"))
                }
                BinOp::Mod if b == 0 => return Err(PyErr::zero_division("integer modulo by zero")),
                BinOp::FloorDiv => int::floor_div(a, b),
                BinOp::Mod => Some(int::floor_mod(a, b)),
                BinOp::BitAnd => Some(a & b),
                BinOp::BitOr => Some(a | b),
                BinOp::BitXor => Some(a ^ b),
                // `i ** 2`: in 64 bits when it fits (else the big-int power below).
                BinOp::Pow if (0..=u32::MAX as i64).contains(&b) => a.checked_pow(b as u32),
                BinOp::LShift if b < 0 => return Err(PyErr::value_error("negative shift count")),
                BinOp::LShift if b < 63 && a.unsigned_abs().leading_zeros() as i64 > b + 1 => {
                    Some(a << b)
                }
                BinOp::RShift if b < 0 => return Err(PyErr::value_error("negative shift count")),
                BinOp::RShift => Some(if b >= 64 {
                    if a < 0 {
                        -1
                    } else {
                        0
                    }
                } else {
                    a >> b
                }),
                _ => None,
            };
            if let Some(r) = r {
                return Ok(Value::Int(r));
            }
        }
        let (a, b) = (big(x), big(y));
        let r = match op {
            BinOp::Add => a + b,
            BinOp::Sub => a - b,
            BinOp::Mul => a * b,
            BinOp::FloorDiv if b.is_zero() => {
                return Err(PyErr::zero_division("integer division or modulo by zero"))
            }
            BinOp::Mod if b.is_zero() => {
                return Err(PyErr::zero_division("integer modulo by zero"))
            }
            BinOp::FloorDiv => a.div_floor(&b),
            BinOp::Mod => a.mod_floor(&b),
            BinOp::BitAnd => a & b,
            BinOp::BitOr => a | b,
            BinOp::BitXor => a ^ b,
            BinOp::LShift | BinOp::RShift => {
                if b.is_negative() {
                    return Err(PyErr::value_error("negative shift count"));
                }
                let Some(shift) = b.to_usize().filter(|s| *s < (1 << 32)) else {
                    // Shifted out entirely, or a result no memory holds: CPython's
                    // `OverflowError` past its largest int (2**62 30-bit digits), else the
                    // `MemoryError` of the allocation.
                    if op == BinOp::RShift || a.is_zero() {
                        return Ok(int::from_bigint(if a.is_negative() {
                            BigInt::from(-1)
                        } else {
                            BigInt::zero()
                        }));
                    }
                    let max_digits = BigInt::from((i64::MAX - 24) / 4);
                    let digits = &b / 30u8 + a.bits() / 30 + 1u8;
                    if digits > max_digits {
                        return Err(PyErr::overflow("too many digits in integer"));
                    }
                    return Err(alloc::memory_error());
                };
                if op == BinOp::LShift {
                    a << shift
                } else {
                    a >> shift
                }
            }
            BinOp::Pow => return self.int_pow(a, b),
            BinOp::Div | BinOp::MatMul => return Err(unsupported(op, inplace, "int", "int")),
        };
        Ok(int::from_bigint(r))
    }

    fn num_name(&self, n: &Num) -> &'static str {
        match n {
            Num::Float(_) => "float",
            _ => "int",
        }
    }

    fn int_pow(&mut self, a: BigInt, b: BigInt) -> PyResult<Value<R>, R> {
        if b.is_negative() {
            let x = a.to_f64().unwrap_or(f64::INFINITY);
            let y = b.to_f64().unwrap_or(f64::NEG_INFINITY);
            if x == 0.0 {
                return Err(PyErr::zero_division(
                    "0.0 cannot be raised to a negative power",
                ));
            }
            return Ok(Value::Float(x.powf(y)));
        }
        let Some(e) = b.to_u32() else {
            if a.is_zero() || a == BigInt::from(1) {
                return Ok(int::from_bigint(a));
            }
            if a == BigInt::from(-1) {
                return Ok(Value::Int(if b.is_even() { 1 } else { -1 }));
            }
            return Err(PyErr::new(ExcKind::MemoryError, ""));
        };
        if a.bits() as u128 * e as u128 > 64_000_000 {
            return Err(PyErr::new(ExcKind::MemoryError, ""));
        }
        Ok(int::from_bigint(num_traits::pow(a, e as usize)))
    }

    fn int_true_div(&mut self, x: Num, y: Num) -> PyResult<Value<R>, R> {
        let zero = match &y {
            Num::Int(0) => true,
            Num::Big(b) => b.is_zero(),
            _ => false,
        };
        if zero {
            return Err(PyErr::zero_division("division by zero"));
        }
        if let (Num::Int(a), Num::Int(b)) = (&x, &y) {
            if a.unsigned_abs() < (1 << 53) && b.unsigned_abs() < (1 << 53) {
                return Ok(Value::Float(*a as f64 / *b as f64));
            }
        }
        let (a, b) = (big(x), big(y));
        match big_true_div(&a, &b) {
            Some(f) => Ok(Value::Float(f)),
            None => Err(PyErr::overflow(
                "integer division result too large for a float",
            )),
        }
    }

    /// Sequence, string, dict and set operators of built-in types; `None` if not applicable.
    fn builtin_sequence_op(
        &mut self,
        a: &Value<R>,
        b: &Value<R>,
        op: BinOp,
    ) -> PyResult<Option<Value<R>>, R> {
        let (Some(ka), kb) = (a.kind(), b.kind()) else {
            // int * sequence
            if op == BinOp::Mul && matches!(a, Value::Int(_) | Value::Bool(_)) && b.kind().is_some()
            {
                return self.builtin_sequence_op(b, a, op);
            }
            let sequence = matches!(
                b.kind(),
                Some(ObjKind::Str(_) | ObjKind::List(_) | ObjKind::Tuple(_) | ObjKind::Bytes(_))
            );
            if op == BinOp::Mul && sequence {
                return Err(self.cant_multiply(a));
            }
            return Ok(None);
        };
        Ok(match (ka, kb, op) {
            // A big count times a sequence: the sequence's repeat refuses it.
            (
                ObjKind::BigInt(_),
                Some(ObjKind::Str(_) | ObjKind::List(_) | ObjKind::Tuple(_) | ObjKind::Bytes(_)),
                BinOp::Mul,
            ) => return self.builtin_sequence_op(b, a, op),
            (ObjKind::Str(x), Some(ObjKind::Str(y)), BinOp::Add) => {
                let mut s = String::with_capacity(x.as_str().len() + y.as_str().len());
                s.push_str(x.as_str());
                s.push_str(y.as_str());
                Some(self.new_str(s))
            }
            (ObjKind::Str(_), kb, BinOp::Add) if !may_reflect(kb) => {
                return Err(PyErr::type_error(format!(
                    "can only concatenate str (not \"{}\") to str",
                    self.type_name(b)
                )))
            }
            (ObjKind::Str(x), _, BinOp::Mul) => {
                let n = self.repeat_count(b)?;
                match n {
                    Some(n) => Some(self.new_str(alloc::repeat_str(
                        x.as_str(),
                        n,
                        "repeated string is too long",
                    )?)),
                    None => None,
                }
            }
            (ObjKind::Str(_), _, BinOp::Mod) => Some(self.percent_format(a, b)?),
            (ObjKind::Bytes(_) | ObjKind::ByteArray(_), _, BinOp::Mod) => {
                Some(self.bytes_percent_format(a, b)?)
            }
            (ObjKind::Bytes(x), _, BinOp::Mul) => match self.repeat_count(b)? {
                Some(n) => {
                    let v = alloc::repeat_bytes(x, n, "repeated bytes are too long")?;
                    Some(Value::new_obj(ObjKind::Bytes(v.into_boxed_slice())))
                }
                None => None,
            },
            (ObjKind::Bytes(x), Some(ObjKind::Bytes(y)), BinOp::Add) => {
                let mut v = x.to_vec();
                v.extend_from_slice(y);
                Some(Value::new_obj(ObjKind::Bytes(v.into_boxed_slice())))
            }
            // The library's buffer types (memoryview, array.array): their bytes follow.
            (ObjKind::Bytes(x), Some(ObjKind::Instance(_) | ObjKind::Native(_)), BinOp::Add)
                if matches!(self.type_name(b).as_str(), "memoryview" | "array") =>
            {
                match self.call_special(b, "tobytes", Vec::new())? {
                    Some(Value::Obj(y)) => match y.kind() {
                        ObjKind::Bytes(y) => {
                            let mut v = x.to_vec();
                            v.extend_from_slice(y);
                            Some(Value::new_obj(ObjKind::Bytes(v.into_boxed_slice())))
                        }
                        _ => None,
                    },
                    _ => None,
                }
            }
            (ObjKind::Bytes(_), kb, BinOp::Add)
                if !matches!(
                    kb,
                    Some(ObjKind::ByteArray(_) | ObjKind::Native(_) | ObjKind::Instance(_))
                ) =>
            {
                return Err(PyErr::type_error(format!(
                    "can't concat {} to bytes",
                    self.type_name(b)
                )))
            }
            (ObjKind::List(x), Some(ObjKind::List(y)), BinOp::Add) => {
                let mut v = x.lock::<R>().clone();
                v.extend(y.lock::<R>().iter().cloned());
                Some(self.new_list(v))
            }
            (ObjKind::List(_), kb, BinOp::Add) if !may_reflect(kb) => {
                return Err(PyErr::type_error(format!(
                    "can only concatenate list (not \"{}\") to list",
                    self.type_name(b)
                )))
            }
            (ObjKind::List(x), _, BinOp::Mul) => match self.repeat_count(b)? {
                Some(n) => {
                    let items = x.lock::<R>().clone();
                    Some(self.new_list(alloc::repeat_items(&items[..], n)?))
                }
                None => None,
            },
            (ObjKind::Tuple(x), Some(ObjKind::Tuple(y)), BinOp::Add) => {
                let mut v = x.to_vec();
                v.extend(y.iter().cloned());
                Some(self.new_tuple(v))
            }
            (ObjKind::Tuple(_), kb, BinOp::Add) if !may_reflect(kb) => {
                return Err(PyErr::type_error(format!(
                    "can only concatenate tuple (not \"{}\") to tuple",
                    self.type_name(b)
                )))
            }
            (ObjKind::Tuple(x), _, BinOp::Mul) => match self.repeat_count(b)? {
                Some(n) => Some(self.new_tuple(alloc::repeat_items(x, n)?)),
                None => None,
            },
            (ObjKind::Dict(x), Some(ObjKind::Dict(_)), BinOp::BitOr) => {
                let copy = self.new_dict(x.lock::<R>().clone());
                self.dict_update_from(&copy, b, false)?;
                Some(copy)
            }
            (
                ObjKind::Set(_) | ObjKind::FrozenSet(_),
                Some(ObjKind::Set(_) | ObjKind::FrozenSet(_)),
                _,
            ) => self.set_binary(a, b, op)?,
            // The set operators of keys and items views, with any iterable on either side:
            // a set of what both sides hold.
            (ka, kb, BinOp::BitAnd | BinOp::BitOr | BinOp::Sub | BinOp::BitXor)
                if set_like_view(Some(ka)) || set_like_view(kb) =>
            {
                let x = self.collect(a)?;
                let x = self.new_set_from(x)?;
                let y = self.collect(b)?;
                let y = self.new_set_from(y)?;
                self.set_binary(&x, &y, op)?
            }
            _ => None,
        })
    }

    /// The count in `seq * n`; `None` when `n` is not an int.
    fn repeat_count(&self, n: &Value<R>) -> PyResult<Option<usize>, R> {
        let v = match n {
            Value::Int(i) => *i,
            Value::Bool(b) => *b as i64,
            Value::Obj(o) => match o.kind() {
                ObjKind::BigInt(_) => {
                    return Err(PyErr::overflow(
                        "cannot fit 'int' into an index-sized integer",
                    ))
                }
                ObjKind::Instance(_) => return Ok(None),
                _ => return Err(self.cant_multiply(n)),
            },
            _ => return Err(self.cant_multiply(n)),
        };
        Ok(Some(v.max(0) as usize))
    }

    fn cant_multiply(&self, n: &Value<R>) -> PyErr<R> {
        PyErr::type_error(format!(
            "can't multiply sequence by non-int of type '{}'",
            self.type_name(n)
        ))
    }

    /// `a cmp b` for CompareOp's six operators (index into COMPARE_NAMES).
    pub fn compare(&mut self, a: Value<R>, b: Value<R>, cmp: u32) -> PyResult<Value<R>, R> {
        let cmp = cmp as usize;
        if let Some(ord) = self.builtin_ordering(&a, &b, cmp)? {
            return Ok(Value::Bool(ord));
        }
        // User classes: the method, then the reflected one.
        let dunders = |v: &Value<R>| {
            matches!(
                v.kind(),
                Some(
                    ObjKind::Instance(_)
                        | ObjKind::Native(_)
                        | ObjKind::Complex(_)
                        | ObjKind::ByteArray(_)
                )
            )
        };
        let user = dunders(&a) || dunders(&b);
        if user {
            // A level of recursion of its own (CPython's `PyObject_RichCompare`).
            if self.depth + 1 >= self.interp.recursion_limit() {
                return Err(PyErr::new(
                    ExcKind::RecursionError,
                    "maximum recursion depth exceeded in comparison",
                ));
            }
            self.depth += 1;
            let r = self.compare_user(a, b, cmp);
            self.depth -= 1;
            return r;
        }
        self.compare_last(a, b, cmp, user)
    }

    /// `a cmp b` where either operand may have comparison methods.
    fn compare_user(&mut self, a: Value<R>, b: Value<R>, cmp: usize) -> PyResult<Value<R>, R> {
        let user = true;
        {
            // The reflected method of a subclass's instance goes first (CPython's
            // `do_richcompare`).
            if self.right_is_subclass(&a, &b) {
                let swapped = COMPARE_NAMES[COMPARE_SWAPPED[cmp]];
                if let Some(r) = self.try_dunder(&b, swapped, &a)? {
                    return Ok(r);
                }
                if let Some(r) = self.try_dunder(&a, COMPARE_NAMES[cmp], &b)? {
                    return Ok(r);
                }
                return self.compare_last(a, b, cmp, user);
            }
            if let Some(r) = self.try_dunder(&a, COMPARE_NAMES[cmp], &b)? {
                return Ok(r);
            }
        }
        self.compare_reflected(a, b, cmp, user)
    }

    /// `a cmp b` once `a`'s own method has declined: the reflected method, `!=` as the
    /// inverse of `__eq__`, the built-in bases, then identity or the TypeError. `user` says
    /// whether either operand may have such methods.
    pub(super) fn compare_reflected(
        &mut self,
        a: Value<R>,
        b: Value<R>,
        cmp: usize,
        user: bool,
    ) -> PyResult<Value<R>, R> {
        if user {
            if let Some(r) = self.try_dunder(&b, COMPARE_NAMES[COMPARE_SWAPPED[cmp]], &a)? {
                return Ok(r);
            }
        }
        self.compare_last(a, b, cmp, user)
    }

    /// `a cmp b` once neither operand's method took it: `!=` as the inverse of `__eq__`,
    /// the built-in bases, then identity or the TypeError.
    fn compare_last(
        &mut self,
        a: Value<R>,
        b: Value<R>,
        cmp: usize,
        user: bool,
    ) -> PyResult<Value<R>, R> {
        // `!=` falls back to the inverse of `__eq__`.
        if user && cmp == 3 {
            if let Some(r) = self.try_dunder(&a, "__eq__", &b)? {
                let t = self.truthy(&r)?;
                return Ok(Value::Bool(!t));
            }
        }
        if let Some((x, y)) = self.unwrap_builtin_pair(&a, &b) {
            return self.compare(x, y, cmp as u32);
        }
        match cmp {
            2 => Ok(Value::Bool(a.is(&b))),
            3 => Ok(Value::Bool(!a.is(&b))),
            _ => Err(PyErr::type_error(format!(
                "'{}' not supported between instances of '{}' and '{}'",
                crate::bytecode::COMPARE_OPS[cmp],
                self.type_name(&a),
                self.type_name(&b)
            ))),
        }
    }

    /// Comparison of built-in values; `None` when the types don't define it.
    /// `a cmp b` for two built-in values of the kinds the VM compares itself (numbers, str,
    /// bytes, list, tuple, set, dict equality, range equality), without looking for
    /// methods; `None` for any other pair.
    pub fn compare_builtin_values(
        &mut self,
        a: &Value<R>,
        b: &Value<R>,
        cmp: u32,
    ) -> PyResult<Option<bool>, R> {
        self.builtin_ordering(a, b, cmp as usize)
    }

    fn builtin_ordering(
        &mut self,
        a: &Value<R>,
        b: &Value<R>,
        cmp: usize,
    ) -> PyResult<Option<bool>, R> {
        use std::cmp::Ordering;
        let ord: Option<Ordering> = if let (Some(x), Some(y)) = (num_of(a), num_of(b)) {
            match num_cmp(&x, &y) {
                Some(o) => Some(o),
                None => return Ok(Some(cmp == 3)), // NaN: only != is true
            }
        } else {
            match (a.kind(), b.kind()) {
                (Some(ObjKind::Str(x)), Some(ObjKind::Str(y))) => Some(x.as_str().cmp(y.as_str())),
                (Some(ObjKind::Bytes(x)), Some(ObjKind::Bytes(y))) => Some(x.cmp(y)),
                (Some(ObjKind::List(x)), Some(ObjKind::List(y))) => {
                    // One lock at a time: `a == a` would otherwise take the same lock twice
                    // under --no-gil, and two threads comparing in opposite orders would
                    // deadlock.
                    let x = x.lock::<R>().clone();
                    let y = y.lock::<R>().clone();
                    return self.sequence_compare(&x, &y, cmp).map(Some);
                }
                (Some(ObjKind::Tuple(x)), Some(ObjKind::Tuple(y))) => {
                    let (x, y) = (x.to_vec(), y.to_vec());
                    return self.sequence_compare(&x, &y, cmp).map(Some);
                }
                // Slices compare as the tuples (start, stop, step).
                (Some(ObjKind::Slice(x)), Some(ObjKind::Slice(y))) => {
                    let (x, y) = (x.to_vec(), y.to_vec());
                    return self.sequence_compare(&x, &y, cmp).map(Some);
                }
                (
                    Some(ObjKind::Set(_) | ObjKind::FrozenSet(_)),
                    Some(ObjKind::Set(_) | ObjKind::FrozenSet(_)),
                ) => {
                    return self.set_compare(a, b, cmp).map(Some);
                }
                // A keys or items view compares as the set of what it holds, with a set or
                // another such view.
                (ka, kb)
                    if (set_like_view(ka) || set_like_view(kb))
                        && [ka, kb].iter().all(|k| {
                            set_like_view(*k)
                                || matches!(k, Some(ObjKind::Set(_) | ObjKind::FrozenSet(_)))
                        }) =>
                {
                    return self.view_compare(a, b, cmp).map(Some);
                }
                // Bound methods are equal when bound to the same object (identity) and
                // their functions are equal: each `obj.method` is a new method object.
                (
                    Some(ObjKind::BoundMethod {
                        func: f1,
                        receiver: r1,
                    }),
                    Some(ObjKind::BoundMethod {
                        func: f2,
                        receiver: r2,
                    }),
                ) if cmp == 2 || cmp == 3 => {
                    let eq = r1.is(r2) && self.eq(f1, f2)?;
                    return Ok(Some(eq == (cmp == 2)));
                }
                (Some(ObjKind::Builtin(f)), Some(ObjKind::Builtin(g))) if cmp == 2 || cmp == 3 => {
                    return Ok(Some(f.same_as(g) == (cmp == 2)));
                }
                (Some(ObjKind::Dict(_)), Some(ObjKind::Dict(_))) if cmp == 2 || cmp == 3 => {
                    let eq = self.dict_eq(a, b)?;
                    return Ok(Some(eq == (cmp == 2)));
                }
                (
                    Some(ObjKind::Range {
                        start: s1,
                        stop: e1,
                        step: t1,
                    }),
                    Some(ObjKind::Range {
                        start: s2,
                        stop: e2,
                        step: t2,
                    }),
                ) if cmp == 2 || cmp == 3 => {
                    let l1 = range_len(*s1, *e1, *t1);
                    let l2 = range_len(*s2, *e2, *t2);
                    let eq = l1 == l2 && (l1 == 0 || (s1 == s2 && (l1 == 1 || t1 == t2)));
                    return Ok(Some(eq == (cmp == 2)));
                }
                (None, None)
                    if matches!((a, b), (Value::None, Value::None)) && (cmp == 2 || cmp == 3) =>
                {
                    return Ok(Some(cmp == 2));
                }
                _ => None,
            }
        };
        Ok(ord.map(|o| compare_holds(cmp, o, Ordering::Equal)))
    }

    /// A keys or items view compared with a set or another such view, as CPython does it:
    /// the sizes, then whether each item of the side that must be the smaller is in the
    /// other (so the values of items views need not be hashable).
    fn view_compare(&mut self, a: &Value<R>, b: &Value<R>, cmp: usize) -> PyResult<bool, R> {
        let xs = self.collect(a)?;
        let ys = self.collect(b)?;
        let (la, lb) = (xs.len(), ys.len());
        let (sizes_fit, items, container) = match cmp {
            0 => (la < lb, xs, b),
            1 => (la <= lb, xs, b),
            2 | 3 => (la == lb, xs, b),
            4 => (la > lb, ys, a),
            _ => (la >= lb, ys, a),
        };
        let mut holds = sizes_fit;
        if holds {
            for item in &items {
                if !self.contains(container, item)? {
                    holds = false;
                    break;
                }
            }
        }
        Ok(if cmp == 3 { !holds } else { holds })
    }

    /// Lexicographic comparison of two sequences.
    fn sequence_compare(
        &mut self,
        x: &[Value<R>],
        y: &[Value<R>],
        cmp: usize,
    ) -> PyResult<bool, R> {
        if self.stack_exhausted() {
            return Err(PyErr::new(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded in comparison",
            ));
        }
        for (p, q) in x.iter().zip(y.iter()) {
            if !self.eq(p, q)? {
                if cmp == 2 {
                    return Ok(false);
                }
                if cmp == 3 {
                    return Ok(true);
                }
                let r = self.compare(p.clone(), q.clone(), cmp as u32)?;
                return self.truthy(&r);
            }
        }
        let (lx, ly) = (x.len(), y.len());
        Ok(compare_holds(cmp, lx, ly))
    }

    /// `a == b` as a bool.
    pub fn eq(&mut self, a: &Value<R>, b: &Value<R>) -> PyResult<bool, R> {
        // Identity first, as CPython's PyObject_RichCompareBool: a NaN equals itself here
        // (`x in [x]`, `[x] == [x]`), though not under `==`.
        if a.is(b) {
            return Ok(true);
        }
        match (a, b) {
            (Value::Int(x), Value::Int(y)) => return Ok(x == y),
            (Value::Obj(x), Value::Obj(y)) => {
                if let (ObjKind::Str(p), ObjKind::Str(q)) = (x.kind(), y.kind()) {
                    return Ok(p.as_str() == q.as_str());
                }
            }
            _ => {}
        }
        let r = self.compare(a.clone(), b.clone(), 2)?;
        self.truthy(&r)
    }

    /// Truth value with the common cases inline: `bool`, `int`, `None`, and an exact list
    /// (`while todo:`, `if not items:`), whose length is read without the out-of-line call.
    #[inline(always)]
    pub fn truthy_fast(&mut self, v: &Value<R>) -> PyResult<bool, R> {
        match v {
            Value::Bool(b) => Ok(*b),
            Value::Int(i) => Ok(*i != 0),
            Value::None => Ok(false),
            Value::Obj(o) => match o.kind() {
                ObjKind::List(l) => Ok(!l.lock::<R>().is_empty()),
                _ => self.truthy(v),
            },
            _ => self.truthy(v),
        }
    }

    /// `bool(v)`
    pub fn truthy(&mut self, v: &Value<R>) -> PyResult<bool, R> {
        Ok(match v {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Obj(o) => match o.kind() {
                ObjKind::Str(s) => !s.as_str().is_empty(),
                ObjKind::BigInt(b) => !b.is_zero(),
                ObjKind::Bytes(b) => !b.is_empty(),
                ObjKind::Tuple(t) => !t.is_empty(),
                ObjKind::List(l) => !l.lock::<R>().is_empty(),
                ObjKind::Dict(d) => !d.lock::<R>().is_empty(),
                ObjKind::Set(s) => !s.lock::<R>().is_empty(),
                ObjKind::FrozenSet(s) => !s.is_empty(),
                ObjKind::Complex(c) => c.re != 0.0 || c.im != 0.0,
                ObjKind::ByteArray(b) => !b.lock::<R>().is_empty(),
                ObjKind::Range { start, stop, step } => range_len(*start, *stop, *step) > 0,
                ObjKind::DictView { dict, .. } => match dict.kind() {
                    Some(ObjKind::Dict(d)) => !d.lock::<R>().is_empty(),
                    _ => false,
                },
                ObjKind::Instance(_) | ObjKind::Native(_) => {
                    if let Some(r) = self.call_special(v, "__bool__", vec![])? {
                        return match r {
                            Value::Bool(b) => Ok(b),
                            _ => Err(PyErr::type_error(format!(
                                "__bool__ should return bool, returned {}",
                                self.type_name(&r)
                            ))),
                        };
                    }
                    if let Some(r) = self.call_special(v, "__len__", vec![])? {
                        return Ok(self.len_result(r)? != 0);
                    }
                    match self.builtin_base(v) {
                        Some(b) => return self.truthy(&b),
                        None => true,
                    }
                }
                _ => true,
            },
        })
    }

    /// UnaryOp: 0 not, 1 -, 2 +, 3 ~.
    pub fn unary_op(&mut self, v: Value<R>, op: u32) -> PyResult<Value<R>, R> {
        if op == 0 {
            let t = self.truthy(&v)?;
            return Ok(Value::Bool(!t));
        }
        match (&v, op) {
            (Value::Int(i), 1) => {
                return Ok(i
                    .checked_neg()
                    .map(Value::Int)
                    .unwrap_or_else(|| int::from_bigint(-BigInt::from(*i))))
            }
            (Value::Bool(b), 1) => return Ok(Value::Int(-(*b as i64))),
            (Value::Float(f), 1) => return Ok(Value::Float(-f)),
            (Value::Int(_) | Value::Float(_), 2) => return Ok(v),
            (Value::Bool(b), 2) => return Ok(Value::Int(*b as i64)),
            (Value::Int(i), 3) => return Ok(Value::Int(!i)),
            (Value::Bool(b), 3) => return Ok(Value::Int(!(*b as i64))),
            _ => {}
        }
        if let Some(ObjKind::BigInt(b)) = v.kind() {
            return Ok(match op {
                1 => int::from_bigint(-b),
                2 => v.clone(),
                _ => int::from_bigint(-b - 1),
            });
        }
        let name = ["", "__neg__", "__pos__", "__invert__"][op as usize];
        if let Some(r) = self.call_special(&v, name, vec![])? {
            return Ok(r);
        }
        if let Some(b) = self.builtin_base(&v) {
            return self.unary_op(b, op);
        }
        let sym = ["not", "-", "+", "~"][op as usize];
        Err(PyErr::type_error(format!(
            "bad operand type for unary {sym}: '{}'",
            self.type_name(&v)
        )))
    }

    /// `item in container`
    pub fn contains(&mut self, container: &Value<R>, item: &Value<R>) -> PyResult<bool, R> {
        if let Some(b) = self.base_unless_overridden(container, "__contains__") {
            return self.contains(&b, item);
        }
        match container.kind() {
            Some(ObjKind::Str(s)) => match item.as_str() {
                Some(sub) => Ok(s.as_str().contains(sub)),
                None => Err(PyErr::type_error(format!(
                    "'in <string>' requires string as left operand, not {}",
                    self.type_name(item)
                ))),
            },
            Some(ObjKind::List(l)) => {
                // Decided under the lock when no item's `==` can run Python code; else item
                // by item, as the list is then (an `__eq__` may change it meanwhile).
                if let Some(found) = quick_contains(&l.lock::<R>(), item) {
                    return Ok(found);
                }
                let mut i = 0;
                loop {
                    let Some(v) = l.lock::<R>().get(i).cloned() else {
                        return Ok(false);
                    };
                    if v.is(item) || self.eq(&v, item)? {
                        return Ok(true);
                    }
                    i += 1;
                }
            }
            Some(ObjKind::Tuple(t)) => {
                if let Some(found) = quick_contains(t, item) {
                    return Ok(found);
                }
                let items = t.to_vec();
                self.any_equal(&items, item)
            }
            Some(ObjKind::Dict(d)) => {
                let key = self.make_key(item.clone())?;
                Ok(self.dict_index(d, &key)?.is_some())
            }
            Some(ObjKind::Set(_) | ObjKind::FrozenSet(_)) => self.set_contains(container, item),
            Some(ObjKind::DictView { dict, view }) => {
                let view = *view;
                let dict = dict.clone();
                match view {
                    crate::objects::iter::ViewKind::Keys => self.contains(&dict, item),
                    // A (key, value) pair: the key looked up, the values compared.
                    crate::objects::iter::ViewKind::Items => {
                        let pair = match item.kind() {
                            Some(ObjKind::Tuple(t)) if t.len() == 2 => t.to_vec(),
                            _ => return Ok(false),
                        };
                        let Some(ObjKind::Dict(d)) = dict.kind() else {
                            return Ok(false);
                        };
                        let key = self.make_key(pair[0].clone())?;
                        match self.dict_lookup(d, &key)? {
                            Some(found) => self.eq(&found, &pair[1]),
                            None => Ok(false),
                        }
                    }
                    _ => {
                        let items = self.collect(container)?;
                        self.any_equal(&items, item)
                    }
                }
            }
            Some(ObjKind::Range { start, stop, step }) => {
                let (start, stop, step) = (*start, *stop, *step);
                match item {
                    Value::Int(i) => Ok(range_contains(start, stop, step, *i)),
                    Value::Bool(b) => Ok(range_contains(start, stop, step, *b as i64)),
                    _ => {
                        let items = self.collect(container)?;
                        self.any_equal(&items, item)
                    }
                }
            }
            Some(ObjKind::Bytes(b)) => {
                let found = |sub: &[u8]| sub.is_empty() || b.windows(sub.len()).any(|w| w == sub);
                match item {
                    Value::Int(i) if (0..256).contains(i) => Ok(b.contains(&(*i as u8))),
                    Value::Bool(t) => Ok(b.contains(&(*t as u8))),
                    Value::Int(_) => Err(PyErr::value_error("byte must be in range(0, 256)")),
                    _ => match item.kind() {
                        Some(ObjKind::Bytes(sub)) => Ok(found(sub)),
                        Some(ObjKind::ByteArray(sub)) => Ok(found(&sub.lock::<R>().clone())),
                        // The library's buffer types (memoryview, array.array): by their bytes.
                        Some(ObjKind::Instance(_) | ObjKind::Native(_))
                            if matches!(self.type_name(item).as_str(), "memoryview" | "array") =>
                        {
                            match self.call_special(item, "tobytes", Vec::new())? {
                                Some(v) => match v.kind() {
                                    Some(ObjKind::Bytes(sub)) => Ok(found(sub)),
                                    _ => Ok(false),
                                },
                                None => Ok(false),
                            }
                        }
                        Some(ObjKind::BigInt(_)) => {
                            Err(PyErr::value_error("byte must be in range(0, 256)"))
                        }
                        // An object with `__index__` stands for its byte; one whose
                        // `__index__` gives no int is refused as not bytes-like, as in CPython.
                        _ => match self.call_special(item, "__index__", Vec::new())? {
                            Some(Value::Int(i)) => match u8::try_from(i) {
                                Ok(byte) => Ok(b.contains(&byte)),
                                Err(_) => Err(PyErr::value_error("byte must be in range(0, 256)")),
                            },
                            _ => Err(PyErr::type_error(format!(
                                "a bytes-like object is required, not '{}'",
                                self.type_name(item)
                            ))),
                        },
                    },
                }
            }
            _ => {
                if let Some(r) = self.call_special(container, "__contains__", vec![item.clone()])? {
                    return self.truthy(&r);
                }
                if self.is_iterable(container) {
                    let it = self.get_iter(container)?;
                    while let Some(v) = self.next_fast(&it)? {
                        if self.eq(&v, item)? {
                            return Ok(true);
                        }
                    }
                    return Ok(false);
                }
                Err(PyErr::type_error(format!(
                    "argument of type '{}' is not iterable",
                    self.type_name(container)
                )))
            }
        }
    }

    fn any_equal(&mut self, items: &[Value<R>], item: &Value<R>) -> PyResult<bool, R> {
        for v in items {
            // Containers count an object as equal to itself (so `nan in [nan]`).
            if v.is(item) || self.eq(v, item)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `isinstance(v, class)` for one class.
    pub fn isinstance_class(&self, v: &Value<R>, class: &crate::objects::ObjRef<R>) -> bool {
        let c = self.types().class_of(v);
        match c.kind() {
            ObjKind::Class(cc) => cc.is_subclass_of(c, class),
            _ => false,
        }
    }
}

/// `a == b` (or `a is b`, as containers count it) when no Python code can take part: a str,
/// an int, a bool or None against anything but an instance or a native object, whose
/// `__eq__` could be Python code (floats and big ints against ints are left out too, as
/// their exact comparison is the general path's). `None` when it cannot say.
#[inline(always)]
pub fn quick_eq<R: Runtime>(a: &Value<R>, b: &Value<R>) -> Option<bool> {
    if a.is(b) {
        return Some(true);
    }
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x == y),
        (Value::Bool(x), Value::Bool(y)) => Some(x == y),
        (Value::Int(x), Value::Bool(y)) | (Value::Bool(y), Value::Int(x)) => Some(*x == *y as i64),
        (Value::None, Value::None) => Some(true),
        (Value::Obj(x), Value::Obj(y)) => match (x.kind(), y.kind()) {
            (ObjKind::Str(p), ObjKind::Str(q)) => Some(p.as_str() == q.as_str()),
            (ObjKind::Str(_), k) | (k, ObjKind::Str(_)) => simple_kind(k).then_some(false),
            _ => None,
        },
        (Value::Obj(x), Value::Int(_) | Value::Bool(_) | Value::None)
        | (Value::Int(_) | Value::Bool(_) | Value::None, Value::Obj(x)) => {
            (simple_kind(x.kind()) && !matches!(x.kind(), ObjKind::BigInt(_))).then_some(false)
        }
        (Value::Int(_) | Value::Bool(_), Value::None)
        | (Value::None, Value::Int(_) | Value::Bool(_)) => Some(false),
        _ => None,
    }
}

/// Built-in kinds whose `==` with a str, an int, a bool or None never runs Python code.
#[inline(always)]
fn simple_kind<R: Runtime>(k: &ObjKind<R>) -> bool {
    matches!(
        k,
        ObjKind::Str(_)
            | ObjKind::BigInt(_)
            | ObjKind::Tuple(_)
            | ObjKind::List(_)
            | ObjKind::Dict(_)
            | ObjKind::Set(_)
            | ObjKind::FrozenSet(_)
            | ObjKind::Bytes(_)
            | ObjKind::Function(_)
            | ObjKind::Builtin(_)
            | ObjKind::Range { .. }
    )
}

/// `item in items` when [`quick_eq`] decides every comparison it needs; `None` otherwise.
pub fn quick_contains<R: Runtime>(items: &[Value<R>], item: &Value<R>) -> Option<bool> {
    for v in items {
        if quick_eq(v, item)? {
            return Some(true);
        }
    }
    Some(false)
}

/// The largest magnitude below which every int converts to a float exactly (2**53).
pub(super) const EXACT_INT: u64 = 1 << 53;

fn num_cmp(x: &Num, y: &Num) -> Option<std::cmp::Ordering> {
    use Num::*;
    match (x, y) {
        (Int(a), Int(b)) => Some(a.cmp(b)),
        (Float(a), Float(b)) => a.partial_cmp(b),
        // Ints of 53 bits or fewer are exact as floats.
        (Int(a), Float(b)) if a.unsigned_abs() <= EXACT_INT => (*a as f64).partial_cmp(b),
        (Float(a), Int(b)) if b.unsigned_abs() <= EXACT_INT => a.partial_cmp(&(*b as f64)),
        (Int(a), Float(b)) => int_float_cmp(&BigInt::from(*a), *b),
        (Float(a), Int(b)) => int_float_cmp(&BigInt::from(*b), *a).map(|o| o.reverse()),
        (Big(a), Float(b)) => int_float_cmp(a, *b),
        (Float(a), Big(b)) => int_float_cmp(b, *a).map(|o| o.reverse()),
        (Big(a), Big(b)) => Some(a.cmp(b)),
        (Big(a), Int(b)) => Some(a.cmp(&BigInt::from(*b))),
        (Int(a), Big(b)) => Some(BigInt::from(*a).cmp(b)),
    }
}

/// Exact comparison of an integer with a float.
fn int_float_cmp(i: &BigInt, f: f64) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering;
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    let fl = f.floor();
    let fi = BigInt::from(fl as i128);
    let fi = if fl.abs() < 1e38 {
        fi
    } else {
        num_traits::FromPrimitive::from_f64(fl).unwrap_or(fi)
    };
    match i.cmp(&fi) {
        Ordering::Equal if f > fl => Some(Ordering::Less),
        o => Some(o),
    }
}

fn float_op<R: Runtime>(a: f64, b: f64, op: BinOp, inplace: bool) -> PyResult<Value<R>, R> {
    Ok(Value::Float(match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mul => a * b,
        BinOp::Div => {
            if b == 0.0 {
                return Err(PyErr::zero_division("float division by zero"));
            }
            a / b
        }
        BinOp::FloorDiv => {
            if b == 0.0 {
                return Err(PyErr::zero_division("float floor division by zero"));
            }
            int::float_divmod(a, b).0
        }
        BinOp::Mod => {
            if b == 0.0 {
                return Err(PyErr::zero_division("float modulo"));
            }
            int::float_divmod(a, b).1
        }
        BinOp::Pow => return float_pow(a, b),
        _ => return Err(unsupported(op, inplace, "float", "float")),
    }))
}

/// `a ** b` for floats, as CPython's `float_pow`: the special values first (C's `pow` gives
/// most of them, but its errors are Python's), a negative base with a fractional exponent
/// as a complex power, and a finite result out of range as the OverflowError of `ERANGE`.
pub(super) fn float_pow<R: Runtime>(a: f64, b: f64) -> PyResult<Value<R>, R> {
    let odd = |w: f64| w.is_finite() && (w % 2.0).abs() == 1.0;
    if b == 0.0 {
        return Ok(Value::Float(1.0));
    }
    if a.is_nan() {
        return Ok(Value::Float(a));
    }
    if b.is_nan() {
        return Ok(Value::Float(if a == 1.0 { 1.0 } else { b }));
    }
    if b.is_infinite() {
        let x = a.abs();
        return Ok(Value::Float(if x == 1.0 {
            1.0
        } else if (b > 0.0) == (x > 1.0) {
            b.abs()
        } else {
            0.0
        }));
    }
    if a.is_infinite() {
        // An odd integer exponent keeps the base's sign.
        let r = if b > 0.0 {
            if odd(b) {
                a
            } else {
                a.abs()
            }
        } else if odd(b) {
            0.0f64.copysign(a)
        } else {
            0.0
        };
        return Ok(Value::Float(r));
    }
    if a == 0.0 {
        if b < 0.0 {
            return Err(PyErr::zero_division(
                "0.0 cannot be raised to a negative power",
            ));
        }
        return Ok(Value::Float(if odd(b) { a } else { 0.0 }));
    }
    let mut negate = false;
    let mut x = a;
    if x < 0.0 {
        if b != b.floor() {
            // `(-8.0) ** 0.5`: the complex power, as CPython's float_pow hands it over.
            let c = Complex::new(a, 0.0).pow(Complex::new(b, 0.0));
            return match c {
                Ok(c) => Ok(Value::new_obj(ObjKind::Complex(c))),
                Err(crate::objects::complex::ComplexError::Overflow) => {
                    Err(PyErr::overflow("complex exponentiation"))
                }
                Err(_) => Err(PyErr::zero_division("0.0 to a negative or complex power")),
            };
        }
        x = -x;
        negate = odd(b);
    }
    if x == 1.0 {
        return Ok(Value::Float(if negate { -1.0 } else { 1.0 }));
    }
    let r = x.powf(b);
    if r.is_infinite() {
        return Err(PyErr::overflow("(34, 'Numerical result out of range')"));
    }
    Ok(Value::Float(if negate { -r } else { r }))
}

/// The length of a small range (one whose length fits an `i64`).
pub fn range_len(start: i64, stop: i64, step: i64) -> i64 {
    crate::objects::int::range_count(start, stop, step) as i64
}

fn range_contains(start: i64, stop: i64, step: i64, i: i64) -> bool {
    let inside = if step > 0 {
        start <= i && i < stop
    } else {
        stop < i && i <= start
    };
    inside && (i as i128 - start as i128) % step as i128 == 0
}

/// Whether `x <op> y` holds for comparison `cmp` (an index into `COMPARE_OPS`: <, <=, ==, !=,
/// >, >=). An `Ordering` compares against `Ordering::Equal`.
#[inline(always)]
pub(super) fn compare_holds<T: Ord>(cmp: usize, x: T, y: T) -> bool {
    match cmp {
        0 => x < y,
        1 => x <= y,
        2 => x == y,
        3 => x != y,
        4 => x > y,
        _ => x >= y,
    }
}

/// Whether `kind` is a dict's keys or items view (the set-like ones).
fn set_like_view<R: Runtime>(kind: Option<&ObjKind<R>>) -> bool {
    use crate::objects::iter::ViewKind;
    matches!(
        kind,
        Some(ObjKind::DictView {
            view: ViewKind::Keys | ViewKind::Items,
            ..
        })
    )
}

/// The TypeError of an operator neither operand supports: `a op b` names `op` (`**` as
/// `** or pow()`), `a op= b` names the in-place form (`+=`, `**=`), as CPython's.
fn unsupported<R: Runtime>(op: BinOp, inplace: bool, a: &str, b: &str) -> PyErr<R> {
    let sym = op.symbol();
    let form = match (inplace, op) {
        (true, _) => format!("{sym}="),
        (false, BinOp::Pow) => "** or pow()".to_string(),
        (false, _) => sym.to_string(),
    };
    PyErr::type_error(format!(
        "unsupported operand type(s) for {form}: '{a}' and '{b}'"
    ))
}

/// `a / b` of two ints (`b` not 0), correctly rounded as CPython's: the quotient taken to
/// 55 or 56 bits, with a last bit set when anything was left over, converts to a float with
/// one rounding (half to even); then it is scaled by the power of two taken out. `None` when
/// the result is too large for a float.
fn big_true_div(a: &BigInt, b: &BigInt) -> Option<f64> {
    let negative = a.is_negative() != b.is_negative();
    let (a, b) = (a.magnitude(), b.magnitude());
    if a.is_zero() {
        return Some(if negative { -0.0 } else { 0.0 });
    }
    let shift = 55 - (a.bits() as i64 - b.bits() as i64);
    let (q, rest) = if shift >= 0 {
        (a << shift as usize).div_rem(b)
    } else {
        a.div_rem(&(b << shift.unsigned_abs() as usize))
    };
    let mut q = q.to_u64()?;
    if !rest.is_zero() {
        q |= 1;
    }
    let mut f = q as f64;
    // f * 2**-shift, in steps that neither overflow nor underflow on the way.
    let mut e = -shift;
    while e > 1000 && f.is_finite() {
        f *= 2f64.powi(1000);
        e -= 1000;
    }
    while e < -1000 && f != 0.0 {
        f *= 2f64.powi(-1000);
        e += 1000;
    }
    f *= 2f64.powi(e.clamp(-1100, 1100) as i32);
    if f.is_infinite() {
        return None;
    }
    Some(if negative { -f } else { f })
}
