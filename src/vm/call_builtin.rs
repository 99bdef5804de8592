//! Calls of the built-in types themselves, for the eval loop's `Call`: `enumerate(xs)`,
//! `zip(a, b)`, `range(n)`, `list(it)`, `set()`, `int(x)`, `str(n)`, `type(x)`, ... made straight from the arguments on the
//! caller's stack, without the general class call (the `__new__` lookup, an argument vector
//! with the class in front, the native's argument checks, the built-in-subclass `__init__`
//! check).
//!
//! Only the exact built-in type is recognised (by the class's address: a subclass is another
//! class and takes the general path, with its `__init__`, `__iter__`, ...), and only the
//! plain forms whose result and errors are the same as the native `__new__`'s: each step is
//! the one that native takes (`get_iter`, `collect`, `set_table_of`), so the errors raised
//! are the same. Anything else (keywords, other arities, arguments that need a conversion)
//! returns `None` and takes the general path.

use super::Vm;
use crate::objects::exception::PyResult;
use crate::objects::iter::IterState;
use crate::objects::{DictMap, ObjCell, ObjKind, ObjRef, Value};
use crate::vm::Runtime;

impl<R: Runtime> Vm<R> {
    /// `class(*args)` for an exact built-in `class`, or `None` for the general class call.
    #[inline(never)]
    pub(super) fn construct_builtin(
        &mut self,
        class: &ObjRef<R>,
        args: &[Value<R>],
    ) -> Option<PyResult<Value<R>, R>> {
        let t = self.types();
        // `type(x)`: the class itself, without the general class call.
        if class.ptr_eq(&t.type_) {
            return match args {
                [x] => Some(Ok(Value::Obj(t.class_of(x).clone()))),
                _ => None,
            };
        }
        let kind = if class.ptr_eq(&t.int) {
            Made::Int
        } else if class.ptr_eq(&t.float) {
            Made::Float
        } else if class.ptr_eq(&t.str_) {
            Made::Str
        } else if class.ptr_eq(&t.enumerate) {
            Made::Enumerate
        } else if class.ptr_eq(&t.range) {
            Made::Range
        } else if class.ptr_eq(&t.list) {
            Made::List
        } else if class.ptr_eq(&t.set) {
            Made::Set
        } else if class.ptr_eq(&t.zip) {
            Made::Zip
        } else if class.ptr_eq(&t.tuple) {
            Made::Tuple
        } else if class.ptr_eq(&t.dict) {
            Made::Dict
        } else if class.ptr_eq(&t.map) {
            Made::Map
        } else if class.ptr_eq(&t.filter) {
            Made::Filter
        } else {
            return None;
        };
        Some(match (kind, args) {
            // The conversions of plain numbers and an exact str, as the natives make them
            // (NaN, infinities and everything else take the general call and its errors).
            (Made::Int, [Value::Int(_)]) | (Made::Float, [Value::Float(_)]) => Ok(args[0].clone()),
            (Made::Int, [Value::Float(f)]) if f.is_finite() => {
                Ok(crate::objects::int::float_to_int(f.trunc()))
            }
            (Made::Float, [Value::Int(i)]) => Ok(Value::Float(*i as f64)),
            (Made::Str, [x]) => match x {
                Value::Int(_) | Value::Float(_) => self.str_value(x),
                _ if matches!(x.kind(), Some(ObjKind::Str(_))) => Ok(x.clone()),
                _ => return None,
            },
            (Made::Enumerate, [x]) => self.get_iter(x).map(|iter| {
                self.new_iter(IterState::Enumerate {
                    iter,
                    count: Value::Int(0),
                })
            }),
            (Made::Enumerate, [x, Value::Int(start)]) => self.get_iter(x).map(|iter| {
                self.new_iter(IterState::Enumerate {
                    iter,
                    count: Value::Int(*start),
                })
            }),
            (Made::Range, [Value::Int(stop)]) => return small_range(0, *stop, 1).map(Ok),
            (Made::Range, [Value::Int(start), Value::Int(stop)]) => {
                return small_range(*start, *stop, 1).map(Ok)
            }
            (Made::Range, [Value::Int(start), Value::Int(stop), Value::Int(step)]) => {
                return small_range(*start, *stop, *step).map(Ok)
            }
            (Made::List, []) => Ok(self.new_list(Vec::new())),
            (Made::List, [x]) => self.collect(x).map(|items| self.new_list(items)),
            (Made::Tuple, [x]) if matches!(x.kind(), Some(ObjKind::Tuple(_))) => Ok(x.clone()),
            (Made::Tuple, [x]) => self.collect(x).map(|items| self.new_tuple(items)),
            (Made::Set, []) => Ok(Value::new_obj(ObjKind::Set(ObjCell::new(
                crate::objects::SetData::new(),
            )))),
            (Made::Set, [x]) => self
                .set_table_of(x)
                .map(|table| Value::new_obj(ObjKind::Set(ObjCell::new(table)))),
            (Made::Dict, []) => Ok(self.new_dict(DictMap::default())),
            (Made::Zip, [_, ..]) => {
                let mut iters = Vec::with_capacity(args.len());
                for v in args {
                    match self.get_iter(v) {
                        Ok(it) => iters.push(it),
                        Err(e) => return Some(Err(e)),
                    }
                }
                Ok(self.new_iter(IterState::Zip { iters }))
            }
            (Made::Map, [func, rest @ ..]) if !rest.is_empty() => {
                let mut iters = Vec::with_capacity(rest.len());
                for v in rest {
                    match self.get_iter(v) {
                        Ok(it) => iters.push(it),
                        Err(e) => return Some(Err(e)),
                    }
                }
                Ok(self.new_iter(IterState::Map {
                    func: func.clone(),
                    iters,
                }))
            }
            (Made::Filter, [func, x]) => self.get_iter(x).map(|iter| {
                self.new_iter(IterState::Filter {
                    func: func.clone(),
                    iter,
                })
            }),
            _ => return None,
        })
    }
}

/// The built-in types made here.
#[derive(Clone, Copy)]
enum Made {
    Int,
    Float,
    Str,
    Enumerate,
    Range,
    List,
    Set,
    Zip,
    Tuple,
    Dict,
    Map,
    Filter,
}

/// `range(start, stop, step)` of ints whose length fits an `i64` (as `range_big::make` makes
/// the small kind); `None` for a zero step (the general path's ValueError) or a longer range.
fn small_range<R: Runtime>(start: i64, stop: i64, step: i64) -> Option<Value<R>> {
    if step == 0 {
        return None;
    }
    let len = crate::objects::int::range_count(start, stop, step);
    (len <= i64::MAX as i128).then(|| Value::new_obj(ObjKind::Range { start, stop, step }))
}
