//! `sum`, `all` and `any` over an iterable: the built-in functions' bodies, shared by their
//! natives (`builtins/functions.rs`, after the argument checks) and the eval loop's `Call`
//! of `sum(x)`, `all(x)` or `any(x)` with one positional argument (`Vm::hot_builtin`), which
//! reads the argument from the stack: no argument vector, no `Args` checks.
//!
//! Over a plain generator the items that cannot change the answer are taken inside the
//! generator's own frame (`GenSink`, see `generator.rs`); the others come back here.

use super::generator::GenSink;
use super::Vm;
use crate::objects::exception::PyResult;
use crate::objects::{GeneratorObj, ObjKind, Value};
use crate::syntax::ast::BinOp;
use crate::vm::Runtime;

/// `it` as a plain generator (not a coroutine), if it is one.
fn plain_generator<R: Runtime>(it: &Value<R>) -> Option<&GeneratorObj<R>> {
    match it.kind() {
        Some(ObjKind::Generator(g)) if g.is_plain() => Some(g),
        _ => None,
    }
}

impl<R: Runtime> Vm<R> {
    /// `sum(iterable, start)`; `start` is not a str (the native refuses that first).
    pub fn sum_of(&mut self, iterable: &Value<R>, mut acc: Value<R>) -> PyResult<Value<R>, R> {
        let it = self.get_iter(iterable)?;
        let generator = plain_generator(&it);
        loop {
            // Over a generator, an int total is kept inside the eval loop for as long as the
            // items are ints (`GenSink::SumInt`); any other item comes back here.
            let next = match (generator, &acc) {
                (Some(g), Value::Int(total)) => {
                    let (item, sink) = self.resume_into_sink(g, GenSink::SumInt(*total));
                    if let GenSink::SumInt(total) = sink {
                        acc = Value::Int(total);
                    }
                    item?
                }
                _ => self.next_fast(&it)?,
            };
            let Some(v) = next else {
                break;
            };
            acc = match (&acc, &v) {
                (Value::Int(a), Value::Int(b)) => match a.checked_add(*b) {
                    Some(s) => Value::Int(s),
                    None => self.binary_op(acc, v, BinOp::Add)?,
                },
                (Value::Float(a), Value::Float(b)) => Value::Float(a + b),
                _ => self.binary_op(acc, v, BinOp::Add)?,
            };
        }
        Ok(acc)
    }

    /// `all(iterable)`.
    pub fn all_of(&mut self, iterable: &Value<R>) -> PyResult<bool, R> {
        let it = self.get_iter(iterable)?;
        while let Some(x) = self.next_unless(&it, GenSink::AllTrue)? {
            if !self.truthy(&x)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// `any(iterable)`.
    pub fn any_of(&mut self, iterable: &Value<R>) -> PyResult<bool, R> {
        let it = self.get_iter(iterable)?;
        while let Some(x) = self.next_unless(&it, GenSink::AnyFalse)? {
            if self.truthy(&x)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The next item of `it` that `skip` does not take: over a generator the items it takes
    /// (those that cannot decide `all`/`any`) are passed over inside the eval loop.
    fn next_unless(&mut self, it: &Value<R>, skip: GenSink<R>) -> PyResult<Option<Value<R>>, R> {
        match plain_generator(it) {
            Some(g) => self.resume_into_sink(g, skip).0,
            None => self.next_fast(it),
        }
    }
}
