//! The hottest methods of built-in values, run in place by the eval loop's CallMethod
//! (`items.append(x)`, `todo.pop()`, `seen.add(n)`, `counts.get(k, 0)`): no argument vector, no `Args`, no
//! receiver and arity checks through the general native call. Each one applies only where
//! it cannot fail and runs no Python code; everything else (errors included) returns `None`
//! and takes the general call, which behaves as before.
//!
//! The method is recognised by its name (`BuiltinFn::hot`, worked out when the native value
//! is made) and its receiver: LoadMethod found the callee in
//! the receiver's class, and an exact `list`, `dict` or `set` (a subclass's value is an instance)
//! gets its methods from the built-in type, whose dict Python code cannot change.

use super::frame::{Frame, Resume};
use super::generator::GenSink;
use super::Vm;
use crate::objects::dict::{atom, key_eq};
use crate::objects::exception::{ExcKind, PyResult};
use crate::objects::hash::hash_i64;
use crate::objects::{BuiltinFn, DictKey, HotName, ObjCell, ObjKind, SetData, Value};
use crate::vm::Runtime;

impl<R: Runtime> Vm<R> {
    /// `receiver.method(*args)` for the methods above; `None` when the general call must
    /// run it.
    #[inline(never)]
    pub(super) fn hot_method(
        &mut self,
        method: &BuiltinFn<R>,
        receiver: &Value<R>,
        args: &[Value<R>],
    ) -> Option<Value<R>> {
        // `receiver` is the value LoadMethod found the method for, or a bound native's own.
        match (receiver.kind()?, method.hot, args) {
            (ObjKind::List(l), HotName::Append, [x]) => {
                l.lock::<R>().push(x.clone());
                Some(Value::None)
            }
            // `todo.extend(more)` of an exact list or tuple: its items copied first (it may
            // be the list itself), then added under the list's lock.
            (ObjKind::List(l), HotName::Extend, [x]) => {
                let items: Vec<Value<R>> = match x.kind()? {
                    ObjKind::List(src) => src.lock::<R>().clone(),
                    ObjKind::Tuple(t) => t.to_vec(),
                    _ => return None,
                };
                l.lock::<R>().extend(items);
                Some(Value::None)
            }
            (ObjKind::List(l), HotName::Pop, []) => l.lock::<R>().pop(),
            // Counted under the lock when no comparison can run Python code (as the native).
            (ObjKind::List(l), HotName::Count, [x]) => {
                let n = l
                    .lock::<R>()
                    .iter()
                    .try_fold(0i64, |n, v| super::quick_eq(v, x).map(|eq| n + eq as i64))?;
                Some(Value::Int(n))
            }
            (ObjKind::List(l), HotName::Pop, [Value::Int(i)]) => {
                let mut items = l.lock::<R>();
                let len = items.len() as i64;
                let at = if *i < 0 { i + len } else { *i };
                (0..len).contains(&at).then(|| items.remove(at as usize))
            }
            (ObjKind::Set(s), HotName::Add, [x]) => {
                add_atom(s, x)?;
                Some(Value::None)
            }
            // A missing key is `remove`'s KeyError, which the general call raises.
            (ObjKind::Set(s), HotName::Discard, [x]) => remove_atom(s, x).map(|_| Value::None),
            (ObjKind::Set(s), HotName::Remove, [x]) => remove_atom(s, x)?.then_some(Value::None),
            // `d.get(k)`, `d.pop(k)` with an atom key (a str, int, ...: no `__eq__` or
            // `__hash__` of the program's can run); a missing key without a default is the
            // native's KeyError.
            (ObjKind::Dict(d), HotName::Get, [k]) => {
                atom::get(d, k).map(|found| found.unwrap_or(Value::None))
            }
            (ObjKind::Dict(d), HotName::Get, [k, default]) => {
                atom::get(d, k).map(|found| found.unwrap_or_else(|| default.clone()))
            }
            (ObjKind::Dict(d), HotName::Pop, [k]) => atom::remove(d, k)?.map(|(_, v)| v),
            (ObjKind::Dict(d), HotName::Pop, [k, default]) => {
                Some(atom::remove(d, k)?.map_or_else(|| default.clone(), |(_, v)| v))
            }
            _ => None,
        }
    }

    /// `receiver.f(*args)` of a hot method `f` of a built-in value, for the eval loop's
    /// LoadFastMethod that makes the call itself: in place when [`Vm::hot_method`] has it,
    /// else the general call (which raises what the method raises, and takes what another
    /// thread may have changed at the call's switch point).
    #[inline(always)]
    pub(super) fn fused_hot_call(
        &mut self,
        f: &Value<R>,
        receiver: Value<R>,
        args: &[Value<R>],
    ) -> PyResult<Value<R>, R> {
        if let Some(ObjKind::Builtin(b)) = f.kind() {
            // `items.append(x)` of an exact list without hot_method's call and match.
            if let (HotName::Append, Some(ObjKind::List(l)), [x]) = (b.hot, receiver.kind(), args) {
                super::eval::push_item(&mut l.lock::<R>(), x.clone());
                return Ok(Value::None);
            }
            if let Some(r) = self.hot_method(b, &receiver, args) {
                return Ok(r);
            }
        }
        self.general_method_call(f, receiver, args)
    }

    /// `receiver.f(*args)` through the general call, as CallMethod makes it when no
    /// in-place path has the method: out of line, as it is rare.
    #[cold]
    #[inline(never)]
    fn general_method_call(
        &mut self,
        f: &Value<R>,
        receiver: Value<R>,
        args: &[Value<R>],
    ) -> PyResult<Value<R>, R> {
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(receiver);
        all.extend_from_slice(args);
        self.call(f, all, Vec::new())
    }

    /// The eval loop's Call of the native function at `base - 1` on `frame`'s stack with the
    /// arguments after it: its result when `hot_builtin` has it (`Ok`), or the frame of
    /// `abs(obj)`'s Python `__abs__` (`Err`, entered as a call of the loop, the caller
    /// holding `obj` meanwhile as CPython's stack does); `None` for the general call.
    #[inline(never)]
    #[allow(clippy::type_complexity)]
    pub(super) fn hot_builtin_call(
        &mut self,
        frame: &mut Frame<R>,
        base: usize,
    ) -> PyResult<Option<Result<Value<R>, Box<Frame<R>>>>, R> {
        let Some(ObjKind::Builtin(b)) = frame.stack[base - 1].kind() else {
            return Ok(None);
        };
        let consumes = match b.hot {
            HotName::None => return Ok(None),
            // `len(xs)` of the commonest sizes, without the layers below.
            HotName::Len => {
                if let [x] = &frame.stack[base..] {
                    let n = match x.kind() {
                        Some(ObjKind::List(l)) => Some(l.lock::<R>().len()),
                        Some(ObjKind::Tuple(t)) => Some(t.len()),
                        Some(ObjKind::Dict(d)) => Some(d.lock::<R>().len()),
                        _ => None,
                    };
                    if let Some(n) = n {
                        return Ok(Some(Ok(Value::Int(n as i64))));
                    }
                }
                false
            }
            HotName::Next | HotName::Sum | HotName::All | HotName::Any | HotName::Sorted => true,
            // A built-in value's method bound to it (`push = items.append; push(x)`), as
            // CallMethod runs `items.append(x)`; unbound (`list.append(items, x)`) it takes
            // the general call.
            hot if hot.is_method() => {
                return Ok(b.receiver.as_ref().and_then(|receiver| {
                    self.hot_method(b, receiver, &frame.stack[base..]).map(Ok)
                }));
            }
            _ => false,
        };
        // `next(gen)`: the generator's frame runs in the loop as `for` runs it, and its
        // `yield` (or return: StopIteration) comes back to this call (`returned_in_loop`).
        // `sum(gen)`, `all(gen)`, `any(gen)`, `sorted(gen)`: the same, with the frame marked
        // `collecting` and the consumer's sink on `loop_sinks`, so the items the sink takes
        // never leave the generator's frame (see `GenSink`).
        if consumes && frame.stack.len() == base + 1 {
            if let Some(ObjKind::Generator(g)) = frame.stack[base].kind() {
                let sink = match b.hot {
                    HotName::Next => Some(None),
                    HotName::Sum => Some(Some(GenSink::SumInt(0))),
                    HotName::All => Some(Some(GenSink::AllTrue)),
                    HotName::Any => Some(Some(GenSink::AnyFalse)),
                    HotName::Sorted => Some(Some(GenSink::Collect(Vec::new()))),
                    _ => None,
                };
                if let (Some(sink), true) = (sink, g.is_plain()) {
                    if let Ok(mut callee) = self.resume_in_loop(g, Value::None) {
                        if let Some(sink) = sink {
                            callee.collecting = true;
                            self.loop_sinks.push(sink);
                        }
                        return Ok(Some(Err(callee)));
                    }
                }
            }
        }
        if let Some(r) = self.hot_builtin(b, &frame.stack[base..]) {
            return Ok(Some(Ok(r?)));
        }
        if frame.stack.len() != base + 1 || b.hot != HotName::Abs {
            return Ok(None);
        }
        let Some(m) = self.unary_method(&frame.stack[base], "__abs__") else {
            return Ok(None);
        };
        frame.stack[base - 1] = m;
        let obj = frame.stack[base].clone();
        let mut callee = self.push_call(frame, base - 1)?;
        callee.resume = Resume::Release(obj);
        Ok(Some(Err(callee)))
    }

    /// `min(a, b)`, `max(a, b)` and `abs(x)` on plain numbers, `len(x)`, `iter(x)`,
    /// `next(it)` and `next(it, default)` of a built-in or native iterator, `sum(x)`,
    /// `all(x)` and `any(x)` (the natives' bodies, `reduce.rs`), `hasattr(obj, name)` and
    /// `getattr(obj, name[, default])` with a str name, and `isinstance(x, cls)` for a class
    /// or a tuple of classes (see `plain_isinstance`), for the eval loop's Call:
    /// no argument vector, no general native call; `None` for everything else. `len`, `iter`
    /// and `next` run what the natives run (`Vm::len`, `get_iter`, `next_fast`), so they may
    /// fail (and run Python code) as those do. Recognised by the name of a built-in function
    /// without a receiver (`BuiltinFn::hot`): no other native is called so.
    #[inline(never)]
    pub(super) fn hot_builtin(
        &mut self,
        func: &BuiltinFn<R>,
        args: &[Value<R>],
    ) -> Option<PyResult<Value<R>, R>> {
        // A bound native's `hot` is a method's name at most: no arm here takes it.
        Some(Ok(match (func.hot, args) {
            (HotName::Len, [x]) => return Some(self.len(x).map(|n| Value::Int(n as i64))),
            (HotName::IsInstance, [x, cls]) => Value::Bool(match cls.kind()? {
                ObjKind::Tuple(items) => {
                    let mut found = false;
                    for item in items.iter() {
                        found = found || self.plain_isinstance(x, item)?;
                    }
                    found
                }
                _ => self.plain_isinstance(x, cls)?,
            }),
            (HotName::Iter, [x]) => return Some(self.get_iter(x)),
            (HotName::Next, [it, rest @ ..])
                if rest.len() <= 1
                    && matches!(it.kind(), Some(ObjKind::Iter(_) | ObjKind::Native(_))) =>
            {
                return Some(match self.next_or_stop(it) {
                    Ok(Ok(v)) => Ok(v),
                    Ok(Err(stop)) => match rest {
                        [default] => Ok(default.clone()),
                        _ => Err(stop),
                    },
                    Err(e) => Err(e),
                });
            }
            // The first of equal values, as CPython's `min` and `max` keep it.
            (HotName::Min, [a, b]) => {
                if number_lt(b, a)? {
                    b.clone()
                } else {
                    a.clone()
                }
            }
            (HotName::Max, [a, b]) => {
                if number_lt(a, b)? {
                    b.clone()
                } else {
                    a.clone()
                }
            }
            (HotName::Abs, [Value::Float(x)]) => Value::Float(x.abs()),
            (HotName::Abs, [Value::Int(i)]) => Value::Int(i.checked_abs()?),
            // With a str name, what the natives do (no argument vector, no `Args`).
            (HotName::HasAttr, [obj, name]) => {
                let key = str_key(name)?;
                return Some(match self.lookup_attr(obj, &key) {
                    Ok(found) => Ok(Value::Bool(found.is_some())),
                    Err(e) if self.err_kind(&e) == Some(ExcKind::AttributeError) => {
                        Ok(Value::Bool(false))
                    }
                    Err(e) => Err(e),
                });
            }
            (HotName::GetAttr, [obj, name]) => return Some(self.get_attr(obj, &str_key(name)?)),
            (HotName::GetAttr, [obj, name, default]) => {
                let key = str_key(name)?;
                return Some(match self.lookup_attr(obj, &key) {
                    Ok(Some(v)) => Ok(v),
                    Ok(None) => Ok(default.clone()),
                    Err(e) if self.err_kind(&e) == Some(ExcKind::AttributeError) => {
                        Ok(default.clone())
                    }
                    Err(e) => Err(e),
                });
            }
            (HotName::Sum, [x]) => return Some(self.sum_of(x, Value::Int(0))),
            (HotName::All, [x]) => return Some(self.all_of(x).map(Value::Bool)),
            (HotName::Any, [x]) => return Some(self.any_of(x).map(Value::Bool)),
            _ => return None,
        }))
    }
}

impl<R: Runtime> Vm<R> {
    /// `isinstance(x, cls)` for a class `cls`: true when `type(x)` is `cls`, or (when `cls`
    /// has no metaclass, whose `__instancecheck__` would decide) a subclass; false when
    /// neither. `None` otherwise (the general check).
    #[inline]
    fn plain_isinstance(&self, x: &Value<R>, cls: &Value<R>) -> Option<bool> {
        let Value::Obj(class) = cls else {
            return None;
        };
        let ObjKind::Class(c) = class.kind() else {
            return None;
        };
        if c.metaclass.is_some() {
            return self.types().class_of(x).ptr_eq(class).then_some(true);
        }
        if self.isinstance_class(x, class) {
            return Some(true);
        }
        (!self.overrides_class_attr(x)).then_some(false)
    }
}

/// The attribute key of `getattr`/`hasattr`'s name argument when it is an exact str; `None`
/// for anything else (the natives' conversion and errors).
#[inline]
fn str_key<R: Runtime>(name: &Value<R>) -> Option<DictKey<R>> {
    match name.kind()? {
        ObjKind::Str(s) => Some(DictKey {
            hash: s.hash(),
            value: name.clone(),
        }),
        _ => None,
    }
}

/// `a < b` for two ints, two floats, or an int and a float that converts exactly; `None`
/// for anything else (the general comparison).
#[inline(always)]
fn number_lt<R: Runtime>(a: &Value<R>, b: &Value<R>) -> Option<bool> {
    const EXACT: i64 = 1 << 53;
    Some(match (a, b) {
        (Value::Int(x), Value::Int(y)) => x < y,
        (Value::Float(x), Value::Float(y)) => x < y,
        (Value::Int(x), Value::Float(y)) if x.unsigned_abs() <= EXACT as u64 => (*x as f64) < *y,
        (Value::Float(x), Value::Int(y)) if y.unsigned_abs() <= EXACT as u64 => *x < (*y as f64),
        _ => return None,
    })
}

/// `set.add(x)` (and a set comprehension's `SetAdd`) for an int or str `x`, hashed and probed
/// under the set's lock with built-in equality; `None` (nothing done) for other keys, or when
/// a stored instance with the same hash might be `==` to `x` by Python code.
#[inline]
pub(super) fn add_atom<R: Runtime>(s: &ObjCell<SetData<R>>, x: &Value<R>) -> Option<()> {
    let hash = atom_hash(x)?;
    let mut table = s.lock::<R>();
    let mut unsure = false;
    let probed = table.find(hash, |k| {
        if let (Value::Int(a), Value::Int(b)) = (k, x) {
            return a == b;
        }
        if key_eq(k, x) {
            return true;
        }
        unsure |= matches!(k.kind(), Some(ObjKind::Instance(_) | ObjKind::Native(_)));
        false
    });
    if let Err(vacancy) = probed {
        if unsure {
            return None;
        }
        table.fill_vacancy(vacancy, hash, x.clone());
    }
    Some(())
}

/// `set.discard(x)` and `set.remove(x)` for an int or str `x`, as [`add_atom`] probes: whether
/// `x` was there (and is removed now); `None` (nothing done) for other keys, or when a stored
/// instance with the same hash, met before `x` in the probe, might be `==` to it by Python
/// code (CPython would remove that one).
#[inline(never)]
fn remove_atom<R: Runtime>(s: &ObjCell<SetData<R>>, x: &Value<R>) -> Option<bool> {
    let hash = atom_hash(x)?;
    let mut table = s.lock::<R>();
    let mut unsure = false;
    let removed = table.remove(hash, |k| {
        let equal = match (k, x) {
            (Value::Int(a), Value::Int(b)) => a == b,
            _ => key_eq(k, x),
        };
        // Past an instance that might be equal, the key found is not the one to remove.
        if equal {
            return !unsure;
        }
        unsure |= matches!(k.kind(), Some(ObjKind::Instance(_) | ObjKind::Native(_)));
        false
    });
    drop(table);
    if unsure {
        return None;
    }
    Some(removed.is_some())
}

/// The table of a set display whose items are all ints and strs (none of them can be `==`
/// by Python code, so built-in equality decides), in CPython's order: first item first.
/// `None` when an item is anything else.
pub(super) fn atom_set_table<R: Runtime>(items: &[Value<R>]) -> Option<SetData<R>> {
    let mut table = SetData::new();
    for x in items {
        table.insert(atom_hash(x)?, x.clone(), key_eq);
    }
    Some(table)
}

/// The hash of an int or str, the keys the atom paths take; `None` for anything else.
#[inline(always)]
fn atom_hash<R: Runtime>(x: &Value<R>) -> Option<i64> {
    Some(match x {
        Value::Int(i) => hash_i64(*i),
        _ => match x.kind()? {
            ObjKind::Str(t) => t.hash(),
            _ => return None,
        },
    })
}
