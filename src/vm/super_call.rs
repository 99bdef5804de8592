//! `super().name(args)` in a method (`LoadSuperMethod`, CPython 3.12's LOAD_SUPER_ATTR):
//! the method is looked up along the first argument's MRO after `__class__` and left on the
//! stack with the first argument as its receiver, as LoadMethod leaves a method, so the
//! call that follows enters it like any method call. No super object and no bound method
//! are made. Everything the lookup cannot settle alone (a rebound `super`, a class as the
//! first argument, descriptors, properties, missing names, errors) takes the general path:
//! the super object, then the attribute load LoadMethod would do on it.

use super::frame::Frame;
use super::Vm;
use crate::bytecode::Code;
use crate::objects::exception::PyResult;
use crate::objects::{ObjKind, ObjRef, Value};
use crate::vm::Runtime;

impl<R: Runtime> Vm<R> {
    /// `LoadSuperMethod(i)`: the stack ends with `super`, `__class__` and the first argument;
    /// they become (method, receiver), or (attribute, marker) as LoadMethod leaves them.
    #[inline(never)]
    pub(super) fn load_super_method(
        &mut self,
        frame: &mut Frame<R>,
        code: &Code<R>,
        i: u32,
    ) -> PyResult<(), R> {
        let n = frame.stack.len();
        if let Some(method) = self.super_method_fast(&frame.stack[n - 3..], code, i) {
            let receiver = frame.stack.pop().unwrap_or(Value::None);
            frame.stack.truncate(n - 3);
            frame.stack.push(method);
            frame.stack.push(receiver);
            return Ok(());
        }
        let receiver = frame.stack.pop().unwrap_or(Value::None);
        let class = frame.stack.pop().unwrap_or(Value::None);
        let global_super = frame.stack.pop().unwrap_or(Value::None);
        // What `super()` names is called as CPython calls it: the super type (or a subclass,
        // whose `__init__` finds the class and argument as the zero-argument form does)
        // with the two; anything else with none.
        let args = match &global_super {
            Value::Obj(o) if self.is_super_class(o) => vec![class, receiver],
            _ => Vec::new(),
        };
        let sup = self.call(&global_super, args, Vec::new())?;
        let key = &code.names[i as usize];
        match self.load_method(&sup, key)? {
            Some(method) => {
                frame.stack.push(method);
                frame.stack.push(sup);
            }
            None => {
                let attr = self.get_attr(&sup, key)?;
                frame.stack.push(attr);
                frame.stack.push(Value::Obj(self.no_receiver()));
            }
        }
        Ok(())
    }

    /// The method `super().names[i]` finds for `[super, class, receiver]` when that is a
    /// plain Python function (or a built-in one taking the receiver as it is), `super` is the
    /// built-in type and the receiver an instance of `class`; `None` for everything else.
    #[inline(always)]
    fn super_method_fast(&self, operands: &[Value<R>], code: &Code<R>, i: u32) -> Option<Value<R>> {
        let [Value::Obj(sup), Value::Obj(class), receiver] = operands else {
            return None;
        };
        if !sup.ptr_eq(&self.types().super_) {
            return None;
        }
        // A class as the receiver (`super()` in a class method) binds differently.
        if let Some(ObjKind::Class(_)) = receiver.kind() {
            return None;
        }
        let recv_class = self.types().class_of(receiver);
        let ObjKind::Class(rc) = recv_class.kind() else {
            return None;
        };
        let mut along = std::iter::once(recv_class).chain(rc.mro.iter());
        // The classes after `class`; none when the receiver is not an instance of it (the
        // general path raises CPython's TypeError).
        along.find(|c| c.ptr_eq(class))?;
        let key = &code.names[i as usize];
        for holder in along {
            let ObjKind::Class(h) = holder.kind() else {
                continue;
            };
            let Some(found) = h.dict.lock::<R>().get(key).cloned() else {
                continue;
            };
            return match found.kind() {
                // `__new__` is a static method: the general path passes it unbound.
                Some(ObjKind::Function(_)) if key.value.as_str() != Some("__new__") => Some(found),
                // `object.__init__`, `list.append`, ... on a plain instance: the built-in
                // takes the receiver as its first argument, as its bound form would.
                Some(ObjKind::Builtin(b))
                    if b.receiver.is_none()
                        && key.value.as_str() != Some("__new__")
                        && self.builtin_base(receiver).is_none() =>
                {
                    Some(found)
                }
                _ => None,
            };
        }
        None
    }

    /// Whether `class` is the built-in `super` or a class derived from it.
    fn is_super_class(&self, class: &ObjRef<R>) -> bool {
        match class.kind() {
            ObjKind::Class(c) => c.is_subclass_of(class, &self.types().super_),
            _ => false,
        }
    }
}
