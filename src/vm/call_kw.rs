//! Calls with keyword arguments run as frames of the eval loop: `f(a, b=1)`, `obj.m(x=2)` and
//! `Cls(a, b=c)` whose callee is a Python function (or a bound method of one, or a class whose
//! `__init__` is one) bind their arguments straight into the callee's local slots, as
//! positional calls do, instead of recursing through `Vm::call`.
//!
//! The binding is planned before anything moves: a call the plan cannot bind without an error
//! (an unexpected or repeated keyword, a missing argument, a positional-only parameter named)
//! or that needs `*args`/`**kwargs` is left untouched and takes `Vm::call`, whose binding has
//! CPython's error texts.

use super::frame::{CodeRef, Frame, Resume};
use super::Vm;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{FunctionObj, ObjKind, Value};
use crate::vm::Runtime;

/// The most keyword arguments a call binds in the loop (more take `Vm::call`).
const MAX_KW: usize = 16;

impl<R: Runtime> Vm<R> {
    /// CallKw in the eval loop: the callee at `func_at` on `caller`'s stack, `n` arguments
    /// after it (the last ones named by the tuple on top). Returns the callee's frame, or
    /// `None` (the stack untouched) when the call must take the general path.
    #[inline(never)]
    pub(super) fn push_call_kw(
        &mut self,
        caller: &mut Frame<R>,
        func_at: usize,
        n: usize,
    ) -> PyResult<Option<Box<Frame<R>>>, R> {
        let top = caller.stack.len() - 1;
        let names = match caller.stack[top].kind() {
            Some(ObjKind::Tuple(t)) if t.len() <= n && t.len() <= MAX_KW => t,
            _ => return Ok(None),
        };
        let nkw = names.len();
        // What runs: a function, the function of a bound method (its receiver first), or a
        // class's `__init__` (a new instance first).
        let (receiver, construct) = match caller.stack[func_at].kind() {
            Some(ObjKind::Function(_)) => (None, None),
            Some(ObjKind::BoundMethod { func, receiver }) => {
                if !matches!(func.kind(), Some(ObjKind::Function(_))) {
                    return Ok(None);
                }
                (Some((func.clone(), receiver.clone())), None)
            }
            Some(ObjKind::Class(_)) => {
                let Value::Obj(class) = &caller.stack[func_at] else {
                    return Ok(None);
                };
                let class = class.clone();
                match self.loop_init(&class) {
                    Some(init) => (None, Some((class, init))),
                    None => return Ok(None),
                }
            }
            _ => return Ok(None),
        };
        let func: &Value<R> = match (&receiver, &construct) {
            (Some((f, _)), _) | (_, Some((_, f))) => f,
            _ => &caller.stack[func_at],
        };
        let Some(ObjKind::Function(f)) = func.kind() else {
            return Ok(None);
        };
        let extra = usize::from(receiver.is_some() || construct.is_some());
        let npos = n - nkw + extra;
        let mut slots = [0u16; MAX_KW];
        if !plan_keywords(f, names, npos, &mut slots) {
            return Ok(None);
        }
        // The plan holds: from here on the call is made (or fails as CPython's would not:
        // only the recursion limit).
        if self.depth + 1 >= self.interp.recursion_limit() {
            return Err(PyErr::new(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded",
            ));
        }
        drop(caller.stack.pop()); // the names (the code's constant keeps them)
        let instance = match (receiver, construct) {
            (Some((func, receiver)), _) => {
                caller.stack[func_at] = func;
                caller.stack.insert(func_at + 1, receiver);
                None
            }
            (_, Some((class, init))) => {
                let ObjKind::Class(c) = class.kind() else {
                    unreachable!("a class")
                };
                let instance = self.new_instance(&class, c, &[]);
                caller.stack[func_at] = init;
                caller.stack.insert(func_at + 1, instance.clone());
                Some(instance)
            }
            _ => None,
        };
        self.depth += 1;
        let mut frame = self.pooled_frame();
        // SAFETY: the function and the `npos + nkw` arguments after it are initialized stack
        // values, each read once (moved) before the stack stops counting them at `set_len`;
        // `plan_keywords` checked `npos` against the parameters and every slot it planned
        // against the frame's size.
        unsafe {
            let at = caller.stack.as_ptr().add(func_at);
            let Some(code) = CodeRef::of_function(at.read()) else {
                unreachable!("a Python function")
            };
            frame.enter(code, at.add(1), npos);
            let kw = at.add(1 + npos);
            for (j, slot) in slots[..nkw].iter().enumerate() {
                frame.locals[*slot as usize] = Some(kw.add(j).read());
            }
            caller.stack.set_len(func_at);
        }
        self.fill_defaults(&mut frame);
        if let Some(instance) = instance {
            frame.resume = Resume::Construct(instance);
        }
        Ok(Some(frame))
    }

    /// Defaults for the parameters a keyword call left unbound (the plan made sure each
    /// has one), and the frame's cells.
    fn fill_defaults(&mut self, frame: &mut Frame<R>) {
        let Some(ObjKind::Function(f)) = frame.code.function().and_then(|f| f.kind()) else {
            unreachable!("a call's frame runs a Python function")
        };
        // SAFETY: the frame keeps its function, and so the code, while this runs.
        let code = unsafe { frame.code.detached() };
        let argc = code.argcount as usize;
        let first_default = argc - f.defaults.len();
        for i in 0..argc {
            if frame.locals[i].is_none() {
                frame.locals[i] = Some(f.defaults[i - first_default].clone());
            }
        }
        for i in argc..argc + code.kwonly_count as usize {
            if frame.locals[i].is_none() {
                let name = &code.varnames[i];
                if let Some((_, v)) = f.kwdefaults.iter().find(|(k, _)| k == name) {
                    frame.locals[i] = Some(v.clone());
                }
            }
        }
        if !code.cellvars.is_empty() || !code.freevars.is_empty() {
            let closure: *const [Value<R>] = &*f.closure;
            // SAFETY: the frame owns the function, which owns the closure; `setup_cells`
            // changes only the frame's locals, never its function.
            self.setup_cells(frame, unsafe { &*closure });
        }
    }
}

/// Plans where each keyword argument of a call to `f` with `npos` positional arguments goes
/// (`slots[j]` for the `j`th name); false when the call cannot be bound without an error or
/// needs what only the general binding does.
fn plan_keywords<R: Runtime>(
    f: &FunctionObj<R>,
    names: &[Value<R>],
    npos: usize,
    slots: &mut [u16; MAX_KW],
) -> bool {
    let code = &f.code;
    let argc = code.argcount as usize;
    let kwonly = code.kwonly_count as usize;
    let posonly = code.posonly_count as usize;
    if code.flags.varargs || code.flags.varkw || code.flags.generator || npos > argc {
        return false;
    }
    let params = argc + kwonly;
    if params > 64 {
        return false;
    }
    // Bound parameters, one bit each.
    let mut bound: u64 = if npos == 64 {
        u64::MAX
    } else {
        (1u64 << npos) - 1
    };
    for (j, name) in names.iter().enumerate() {
        let Some(name) = name.as_str() else {
            return false;
        };
        let Some(i) = code.varnames[posonly..params]
            .iter()
            .position(|p| &**p == name)
            .map(|i| i + posonly)
        else {
            return false;
        };
        if bound & (1 << i) != 0 {
            return false;
        }
        bound |= 1 << i;
        slots[j] = i as u16;
    }
    let first_default = argc - f.defaults.len();
    let positional_ok = (0..argc).all(|i| bound & (1 << i) != 0 || i >= first_default);
    positional_ok
        && (argc..params).all(|i| {
            bound & (1 << i) != 0 || f.kwdefaults.iter().any(|(k, _)| *k == code.varnames[i])
        })
}
