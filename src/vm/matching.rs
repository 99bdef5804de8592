//! The instructions of `match` statements (`MatchSequence`, `MatchMapping`, `GetLen`,
//! `MatchKeys`, `CopyDictWithout`, `MatchClass`), run from the eval loop's slow path, with
//! CPython's rules for what a sequence or mapping is and how a class pattern finds its
//! attributes (`__match_args__`, the built-in types that match themselves).

use super::frame::Frame;
use super::Vm;
use crate::bytecode::Op;
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{DictKey, ObjKind, ObjRef, Value};
use crate::vm::Runtime;

impl<R: Runtime> Vm<R> {
    /// Runs one pattern-matching instruction on the frame's stack.
    pub(super) fn match_op(&mut self, frame: &mut Frame<R>, op: Op) -> PyResult<(), R> {
        match op {
            Op::MatchSequence => {
                let is = self.is_match_sequence(top(frame));
                frame.stack.push(Value::Bool(is));
            }
            Op::MatchMapping => {
                let is = matches!(top(frame).kind(), Some(ObjKind::Dict(_)));
                frame.stack.push(Value::Bool(is));
            }
            Op::GetLen => {
                let subject = top(frame).clone();
                let n = self.len(&subject)?;
                frame.stack.push(Value::Int(n as i64));
            }
            Op::MatchKeys => {
                let n = frame.stack.len();
                let (subject, keys) = (frame.stack[n - 2].clone(), frame.stack[n - 1].clone());
                let values = self.match_keys(&subject, &keys)?;
                frame.stack.push(values);
            }
            Op::CopyDictWithout => {
                let keys = pop(frame);
                let subject = pop(frame);
                let mut map = match subject.kind() {
                    Some(ObjKind::Dict(d)) => d.lock::<R>().clone(),
                    _ => Default::default(),
                };
                for k in tuple_items(&keys) {
                    let key = self.make_key(k)?;
                    map.shift_remove(&key);
                }
                frame.stack.push(self.new_dict(map));
            }
            Op::MatchClass(count) => {
                let names = pop(frame);
                let class = pop(frame);
                let subject = pop(frame);
                let result = self.match_class(&subject, &class, count as usize, &names)?;
                frame.stack.push(result);
            }
            _ => {}
        }
        Ok(())
    }

    /// Sequences for patterns: lists, tuples, ranges; never str, bytes or bytearray.
    fn is_match_sequence(&self, v: &Value<R>) -> bool {
        match v.kind() {
            Some(ObjKind::List(_) | ObjKind::Tuple(_) | ObjKind::Range { .. }) => true,
            Some(ObjKind::Instance(_)) => {
                let types = self.types();
                self.isinstance_class(v, &types.list) || self.isinstance_class(v, &types.tuple)
            }
            _ => false,
        }
    }

    /// The values of `keys` in the mapping, as a tuple, or None when one is missing.
    fn match_keys(&mut self, subject: &Value<R>, keys: &Value<R>) -> PyResult<Value<R>, R> {
        let Some(ObjKind::Dict(d)) = subject.kind() else {
            return Ok(Value::None);
        };
        let mut seen: Vec<DictKey<R>> = Vec::new();
        let mut values = Vec::new();
        for k in tuple_items(keys) {
            let key = self.make_key(k.clone())?;
            if seen.contains(&key) {
                let repr = self.repr(&k)?;
                return Err(PyErr::value_error(format!(
                    "mapping pattern checks duplicate key ({repr})"
                )));
            }
            let found = d.lock::<R>().get(&key).cloned();
            match found {
                Some(v) => values.push(v),
                None => return Ok(Value::None),
            }
            seen.push(key);
        }
        Ok(self.new_tuple(values))
    }

    /// `Class(p1, p2, name=p3)`: the attributes to match, or None.
    fn match_class(
        &mut self,
        subject: &Value<R>,
        class: &Value<R>,
        positional: usize,
        names: &Value<R>,
    ) -> PyResult<Value<R>, R> {
        let Some(class_ref) = class_obj(class) else {
            return Err(PyErr::type_error("called match pattern must be a type"));
        };
        if !self.isinstance_hook(subject, &class_ref)? {
            return Ok(Value::None);
        }
        let class_name = match class_ref.kind() {
            ObjKind::Class(c) => c.name.clone(),
            _ => String::new(),
        };
        let mut attrs = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        if positional > 0 {
            let key = self.static_key("__match_args__");
            let match_args = self.get_attr_opt(class, &key)?;
            let (match_self, match_args) = match match_args {
                Some(v) => match v.kind() {
                    Some(ObjKind::Tuple(t)) => (false, t.to_vec()),
                    _ => {
                        let got = self.type_name(&v);
                        return Err(PyErr::type_error(format!(
                            "{class_name}.__match_args__ must be a tuple (got {got})"
                        )));
                    }
                },
                None => (self.matches_self(&class_ref), Vec::new()),
            };
            let allowed = if match_self { 1 } else { match_args.len() };
            if allowed < positional {
                let plural = if allowed == 1 { "" } else { "s" };
                return Err(PyErr::type_error(format!(
                    "{class_name}() accepts {allowed} positional sub-pattern{plural} ({positional} given)"
                )));
            }
            if match_self {
                attrs.push(subject.clone());
            } else {
                for name in &match_args[..positional] {
                    let Some(text) = name.as_str() else {
                        let got = self.type_name(name);
                        return Err(PyErr::type_error(format!(
                            "__match_args__ elements must be strings (got {got})"
                        )));
                    };
                    match self.match_attr(subject, text, &mut seen, &class_name)? {
                        Some(v) => attrs.push(v),
                        None => return Ok(Value::None),
                    }
                }
            }
        }
        for name in tuple_items(names) {
            let text = name.as_str().unwrap_or_default().to_string();
            match self.match_attr(subject, &text, &mut seen, &class_name)? {
                Some(v) => attrs.push(v),
                None => return Ok(Value::None),
            }
        }
        Ok(self.new_tuple(attrs))
    }

    fn match_attr(
        &mut self,
        subject: &Value<R>,
        name: &str,
        seen: &mut Vec<String>,
        class_name: &str,
    ) -> PyResult<Option<Value<R>>, R> {
        if seen.iter().any(|s| s == name) {
            return Err(PyErr::type_error(format!(
                "{class_name}() got multiple sub-patterns for attribute '{name}'"
            )));
        }
        seen.push(name.to_string());
        let key = self.str_key(name);
        self.get_attr_opt(subject, &key)
    }

    /// The built-in types whose single positional sub-pattern matches the subject itself.
    fn matches_self(&self, class: &ObjRef<R>) -> bool {
        let t = self.types();
        [
            &t.bool_,
            &t.bytes,
            &t.dict,
            &t.float,
            &t.frozenset,
            &t.int,
            &t.list,
            &t.set,
            &t.str_,
            &t.tuple,
        ]
        .iter()
        .any(|c| {
            c.ptr_eq(class)
                || matches!(class.kind(), ObjKind::Class(cc) if cc.mro.iter().any(|m| m.ptr_eq(c)))
        })
    }
}

fn top<R: Runtime>(frame: &Frame<R>) -> &Value<R> {
    &frame.stack[frame.stack.len() - 1]
}

fn pop<R: Runtime>(frame: &mut Frame<R>) -> Value<R> {
    frame.stack.pop().unwrap_or(Value::None)
}

fn class_obj<R: Runtime>(v: &Value<R>) -> Option<ObjRef<R>> {
    match v {
        Value::Obj(o) if matches!(o.kind(), ObjKind::Class(_)) => Some(o.clone()),
        _ => None,
    }
}

fn tuple_items<R: Runtime>(v: &Value<R>) -> Vec<Value<R>> {
    match v.kind() {
        Some(ObjKind::Tuple(t)) => t.to_vec(),
        _ => Vec::new(),
    }
}
