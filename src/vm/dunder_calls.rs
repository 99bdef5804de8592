//! Operators on instances of user classes run as frames of the eval loop: `a + b`, `a < b`,
//! `x[i]` and `obj(...)` whose class defines the method in Python push the method's frame as a
//! call does (no nested `run_frame`), with the operands left on the caller's stack until it
//! returns. What the result means (NotImplemented going on to the reflected method, a
//! comparison steering a jump) is settled by [`Vm::finish_operator`] when it returns.
//!
//! Only the cases where the method is sure to be the one the general path would call first
//! are taken here; everything else (built-in subclass instances, a right operand whose class
//! could be a subclass of the left one's, methods that are not plain Python functions of two
//! positional parameters) takes the general path in `ops.rs`.

use super::frame::{Frame, OperatorStep, Resume};
use super::ops::COMPARE_NAMES;
use super::Vm;
use crate::bytecode::BINARY_OPS;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use std::sync::atomic::Ordering;

/// Slots of each thread's operator method cache (a power of two).
const OPERATOR_CACHE_SIZE: usize = 32;

/// What the type lookup of an operator method's name on a class gave, while the class
/// version was `version` (a class made or changed since bumps it, so a class freed and
/// another made at its address cannot match).
pub(super) struct OperatorEntry<R: Runtime> {
    class: usize,
    version: u64,
    /// The name's address and length.
    name: usize,
    func: Option<Value<R>>,
}

/// The bit of an `OperatorStep`'s operator index that marks the step as part of `a op= b`.
const INPLACE_STEP: u8 = 0x80;

/// An empty operator method cache.
pub(super) fn operator_cache<R: Runtime>() -> Vec<OperatorEntry<R>> {
    (0..OPERATOR_CACHE_SIZE)
        .map(|_| OperatorEntry {
            class: 0,
            version: u64::MAX,
            name: 0,
            func: None,
        })
        .collect()
}

impl<R: Runtime> Vm<R> {
    /// For `a op b` (operator index `o`; `a op= b` when `inplace`) with an instance of a user
    /// class among the operands: the Python method to run as `method(x, y)` in place of the
    /// general path's first step, what its result means, and whether the operands go in
    /// swapped (`b.__rop__(a)`).
    #[inline(never)]
    pub(super) fn binary_operator_method(
        &mut self,
        a: &Value<R>,
        b: &Value<R>,
        o: u32,
        inplace: bool,
    ) -> Option<(Value<R>, OperatorStep, bool)> {
        let (name, rname, iname) = Self::operator_names(BINARY_OPS[o as usize]);
        // The steps after a declined method carry the in-place form for the error's text.
        let o8 = o as u8 | if inplace { INPLACE_STEP } else { 0 };
        match a {
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
                // A number's own method declines any instance that does not extend a
                // built-in type, so the general path would come to `b`'s reflected one.
                let class = plain_instance_class(b)?;
                let f = self.python_method(class, rname, 2)?;
                return Some((f, OperatorStep::Reflected(o8), true));
            }
            _ => {}
        }
        let class = plain_instance_class(a)?;
        if !right_is_plain(class, b) {
            return None;
        }
        if inplace {
            let key = self.static_key(iname);
            if let Some(f) = self.lookup_type(class, &key) {
                return match f.kind() {
                    Some(ObjKind::Function(func)) if func.takes_positional(2) => {
                        Some((f, OperatorStep::Inplace(o8), false))
                    }
                    _ => None,
                };
            }
        }
        let f = self.python_method(class, name, 2)?;
        Some((f, OperatorStep::Binary(o8), false))
    }

    /// For `a cmp b` (index into `COMPARE_OPS`) with `a` an instance of a user class: its
    /// class's Python method for the comparison, to run as `method(a, b)`.
    #[inline(never)]
    pub(super) fn compare_method(
        &mut self,
        a: &Value<R>,
        b: &Value<R>,
        c: u32,
    ) -> Option<Value<R>> {
        let class = plain_instance_class(a)?;
        if !right_is_plain(class, b) {
            return None;
        }
        self.python_method(class, COMPARE_NAMES[c as usize], 2)
    }

    /// For a one-operand protocol (`abs(obj)`) on an instance of a user class: its class's
    /// Python method `name`, to run as `name(obj)`.
    #[inline(never)]
    pub(super) fn unary_method(&mut self, obj: &Value<R>, name: &'static str) -> Option<Value<R>> {
        let class = plain_instance_class(obj)?;
        self.python_method(class, name, 1)
    }

    /// For `obj[index]` with `obj` an instance of a user class: its Python `__getitem__`.
    #[inline(never)]
    pub(super) fn subscript_method(&mut self, obj: &Value<R>) -> Option<Value<R>> {
        let class = plain_instance_class(obj)?;
        self.python_method(class, "__getitem__", 2)
    }

    /// Pushes the operands back on `frame`'s stack and the method's call after them (the
    /// operands as its arguments, swapped if `swap`), then enters the call as the eval
    /// loop's `Call` does; the callee's return finishes the operator (`finish_operator`).
    #[inline(never)]
    pub(super) fn enter_operator(
        &mut self,
        frame: &mut Frame<R>,
        a: Value<R>,
        b: Value<R>,
        func: Value<R>,
        step: OperatorStep,
        swap: bool,
    ) -> PyResult<Box<Frame<R>>, R> {
        let (x, y) = if swap {
            (b.clone(), a.clone())
        } else {
            (a.clone(), b.clone())
        };
        frame.stack.push(a);
        frame.stack.push(b);
        let at = frame.stack.len();
        frame.stack.push(func);
        frame.stack.push(x);
        frame.stack.push(y);
        // A comparison is a level of recursion of its own, around the method's frame (as
        // CPython's `PyObject_RichCompare` is), with its own message at the limit.
        let comparison = step.is_comparison();
        if comparison {
            if self.depth + 1 >= self.interp.recursion_limit() {
                return Err(PyErr::new(
                    ExcKind::RecursionError,
                    "maximum recursion depth exceeded in comparison",
                ));
            }
            self.depth += 1;
        }
        let mut callee = match self.push_call(frame, at) {
            Ok(callee) => callee,
            Err(e) => {
                if comparison {
                    self.depth -= 1;
                }
                return Err(e);
            }
        };
        callee.resume = Resume::Operator(step);
        Ok(callee)
    }

    /// For `obj(n arguments)` with `obj` an instance of a user class: its class's `__call__`
    /// when it is a Python function that binds the instance and the arguments one-to-one.
    #[inline(never)]
    pub(super) fn call_method_of(&mut self, obj: &Value<R>, n: usize) -> Option<Value<R>> {
        let Some(ObjKind::Instance(i)) = obj.kind() else {
            return None;
        };
        let class: &ObjRef<R> = &i.class;
        self.python_method(class, "__call__", n + 1)
    }

    /// `class`'s attribute `name` if it is a Python function taking `n` positional
    /// arguments: the type lookup the general path makes, remembered per class and name
    /// while no class changes (`class_version`).
    fn python_method(
        &mut self,
        class: &ObjRef<R>,
        name: &'static str,
        n: usize,
    ) -> Option<Value<R>> {
        let version = self.interp.class_version.load(Ordering::Acquire);
        let id = name.as_ptr() as usize ^ (name.len() << 48);
        let slot = ((class.addr() >> 4) ^ (id >> 3)) & (OPERATOR_CACHE_SIZE - 1);
        let e = &self.operator_cache[slot];
        let f = if e.class == class.addr() && e.version == version && e.name == id {
            e.func.clone()?
        } else {
            let key = self.static_key(name);
            let func = self.lookup_type(class, &key);
            self.operator_cache[slot] = OperatorEntry {
                class: class.addr(),
                version,
                name: id,
                func: func.clone(),
            };
            func?
        };
        match f.kind() {
            Some(ObjKind::Function(func)) if func.takes_positional(n) => Some(f),
            _ => None,
        }
    }

    /// The caller's side of an operator's method that ran as a frame of the loop and
    /// returned `v`: the operands come off `caller`'s stack, and the result is what the
    /// operator gives (NotImplemented goes on along the general path's next steps).
    #[inline(never)]
    pub(super) fn finish_operator(
        &mut self,
        caller: &mut Frame<R>,
        step: OperatorStep,
        v: Value<R>,
    ) -> PyResult<Value<R>, R> {
        let b = caller.stack.pop().unwrap_or(Value::None);
        let a = caller.stack.pop().unwrap_or(Value::None);
        let not_implemented = match (&v, &self.interp.not_implemented) {
            (Value::Obj(x), Value::Obj(y)) => x.ptr_eq(y),
            _ => false,
        };
        if step == OperatorStep::Subscript || !not_implemented {
            return Ok(v);
        }
        let op = |o: u8| {
            (
                BINARY_OPS[(o & !INPLACE_STEP) as usize],
                o & INPLACE_STEP != 0,
            )
        };
        match step {
            OperatorStep::Binary(o) => {
                let (op, inplace) = op(o);
                self.binary_op_reflected(a, b, op, inplace)
            }
            OperatorStep::Inplace(o) => self.binary_op_form(a, b, op(o).0, true),
            OperatorStep::Reflected(o) => {
                let (op, inplace) = op(o);
                self.binary_op_last(a, b, op, inplace)
            }
            OperatorStep::Compare(c) | OperatorStep::CompareJump(c, _) => {
                self.compare_reflected(a, b, c as usize, true)
            }
            OperatorStep::Subscript => Ok(v),
        }
    }
}

/// The class of an instance of a user class that does not extend a built-in type.
#[inline]
fn plain_instance_class<R: Runtime>(v: &Value<R>) -> Option<&ObjRef<R>> {
    match v.kind() {
        Some(ObjKind::Instance(i)) if i.base.is_none() => Some(&i.class),
        _ => None,
    }
}

/// Whether `b`, the right operand of an operator whose left operand is an instance of
/// `class`, leaves the left operand's method to go first: not an instance of another user
/// class (a subclass's reflected method would be tried first) nor a native or exception
/// object.
fn right_is_plain<R: Runtime>(class: &ObjRef<R>, b: &Value<R>) -> bool {
    match b.kind() {
        None => true,
        Some(ObjKind::Instance(j)) => j.class.ptr_eq(class),
        Some(ObjKind::Exception(_) | ObjKind::Native(_)) => false,
        Some(_) => true,
    }
}
