//! Iteration: `iter()` for every iterable kind, stepping iterators (the built-in ones without
//! allocating an exception at the end), generators, and collecting an iterable into a Vec.

use super::Vm;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::iter::{IterState, ViewKind};
use crate::objects::{Args, GeneratorObj, NativeFn, NativeObj, ObjCell, ObjKind, Value};
use crate::vm::Runtime;
use std::sync::atomic::Ordering;

impl<R: Runtime> Vm<R> {
    pub fn new_iter(&self, state: IterState<R>) -> Value<R> {
        Value::new_obj(ObjKind::Iter(ObjCell::new(state)))
    }

    /// What `__length_hint__` of a built-in iterator says: the items it has left, `None` for
    /// the iterators that cannot tell (CPython's `NotImplemented`). A dict or set iterator
    /// whose container changed size has none left, as CPython's `dictiter_len`.
    pub fn iter_length_hint(&mut self, it: &Value<R>) -> PyResult<Option<usize>, R> {
        let Some(ObjKind::Iter(cell)) = it.kind() else {
            return Ok(None);
        };
        // The sequence iterators need the sequence's length, asked with the cell unlocked
        // (a `__len__` may run Python code): `reversed` counts its index down to 0.
        let (seq, index, reversed) = match &*cell.lock::<R>() {
            IterState::List { seq, index }
            | IterState::Tuple { seq, index }
            | IterState::ByteArray { seq, index }
            | IterState::GetItem { obj: seq, index } => (seq.clone(), *index, false),
            IterState::Reversed { seq, index, .. } => (seq.clone(), *index, true),
            IterState::Snapshot { items, index, .. } => return Ok(Some(items.len() - index)),
            IterState::Str { s, byte } => {
                return Ok(Some(s.as_str().map_or(0, |t| t[*byte..].chars().count())))
            }
            IterState::Dict {
                dict, len, left, ..
            } => {
                let now = match dict.kind() {
                    Some(ObjKind::Dict(d)) => d.lock::<R>().len(),
                    _ => usize::MAX,
                };
                return Ok(Some(if now == *len { *left } else { 0 }));
            }
            IterState::Set {
                set, used, left, ..
            } => {
                let now = match set.kind() {
                    Some(ObjKind::Set(t)) => t.lock::<R>().len(),
                    Some(ObjKind::FrozenSet(t)) => t.len(),
                    _ => usize::MAX,
                };
                return Ok(Some(if now == *used { *left } else { 0 }));
            }
            IterState::Range { next, stop, step } => {
                let left = crate::objects::int::range_count(*next, *stop, *step);
                return Ok(Some(left as usize));
            }
            IterState::Exhausted(_) => return Ok(Some(0)),
            _ => return Ok(None),
        };
        let len = match self.len(&seq) {
            Ok(n) => n,
            Err(e) if self.err_kind(&e) == Some(ExcKind::TypeError) => return Ok(None),
            Err(e) => return Err(e),
        };
        Ok(Some(match reversed {
            true if index > len => 0,
            true => index,
            false => len.saturating_sub(index),
        }))
    }

    /// `iter(v)`
    pub fn get_iter(&mut self, v: &Value<R>) -> PyResult<Value<R>, R> {
        if let Some(b) = self.base_unless_overridden(v, "__iter__") {
            // A subclass of a built-in iterator (`class E(enumerate)`) is its own iterator,
            // stepped by its class's `__next__`.
            if matches!(b.kind(), Some(ObjKind::Iter(_))) {
                return Ok(v.clone());
            }
            return self.get_iter(&b);
        }
        let state = match v.kind() {
            Some(ObjKind::List(_)) => IterState::List {
                seq: v.clone(),
                index: 0,
            },
            Some(ObjKind::Tuple(_)) => IterState::Tuple {
                seq: v.clone(),
                index: 0,
            },
            Some(ObjKind::Str(_)) => IterState::Str {
                s: v.clone(),
                byte: 0,
            },
            Some(ObjKind::Range { start, stop, step }) => IterState::Range {
                next: *start,
                stop: *stop,
                step: *step,
            },
            Some(ObjKind::Dict(d)) => {
                let len = d.lock::<R>().len();
                IterState::Dict {
                    dict: v.clone(),
                    index: 0,
                    len,
                    left: len,
                    view: ViewKind::Keys,
                }
            }
            Some(ObjKind::DictView { dict, view }) => {
                let len = match dict.kind() {
                    Some(ObjKind::Dict(d)) => d.lock::<R>().len(),
                    _ => 0,
                };
                IterState::Dict {
                    dict: dict.clone(),
                    index: 0,
                    len,
                    left: len,
                    view: *view,
                }
            }
            // By slot position, without a copy: a change of size is CPython's RuntimeError.
            Some(ObjKind::Set(s)) => {
                let used = s.lock::<R>().len();
                IterState::Set {
                    set: v.clone(),
                    position: 0,
                    used,
                    left: used,
                }
            }
            Some(ObjKind::FrozenSet(s)) => IterState::Set {
                set: v.clone(),
                position: 0,
                used: s.len(),
                left: s.len(),
            },
            Some(ObjKind::Bytes(b)) => {
                let items = b.iter().map(|x| Value::Int(*x as i64)).collect();
                IterState::Snapshot {
                    items,
                    index: 0,
                    type_name: "bytes_iterator",
                }
            }
            Some(ObjKind::Iter(_)) => return Ok(v.clone()),
            Some(ObjKind::Generator(g)) if g.is_plain() => return Ok(v.clone()),
            _ => {
                if let Some(it) = self.call_special(v, "__iter__", vec![])? {
                    if !self.is_iterator(&it) {
                        return Err(PyErr::type_error(format!(
                            "iter() returned non-iterator of type '{}'",
                            self.type_name(&it)
                        )));
                    }
                    return Ok(it);
                }
                let class = self.types().class_of(v).clone();
                if super::call::class_lookup(&class, &self.static_key("__getitem__")).is_some() {
                    IterState::GetItem {
                        obj: v.clone(),
                        index: 0,
                    }
                } else {
                    return Err(PyErr::type_error(format!(
                        "'{}' object is not iterable",
                        self.type_name(v)
                    )));
                }
            }
        };
        Ok(self.new_iter(state))
    }

    /// Whether `iter(v)` would succeed (without calling anything).
    pub fn is_iterable(&self, v: &Value<R>) -> bool {
        match v.kind() {
            Some(
                ObjKind::List(_)
                | ObjKind::Tuple(_)
                | ObjKind::Str(_)
                | ObjKind::Range { .. }
                | ObjKind::Dict(_)
                | ObjKind::DictView { .. }
                | ObjKind::Set(_)
                | ObjKind::FrozenSet(_)
                | ObjKind::Bytes(_)
                | ObjKind::Iter(_),
            ) => true,
            Some(ObjKind::Generator(g)) => g.is_plain(),
            Some(_) => {
                let class = self.types().class_of(v);
                super::call::class_lookup(class, &self.static_key("__iter__")).is_some()
                    || super::call::class_lookup(class, &self.static_key("__getitem__")).is_some()
            }
            None => false,
        }
    }

    fn is_iterator(&self, v: &Value<R>) -> bool {
        match v.kind() {
            Some(ObjKind::Iter(_)) => true,
            Some(ObjKind::Generator(g)) if g.is_plain() => true,
            Some(_) => {
                let class = self.types().class_of(v);
                super::call::class_lookup(class, &self.static_key("__next__")).is_some()
            }
            None => false,
        }
    }

    /// `next(it)`, with exhaustion as `None`.
    pub fn next_fast(&mut self, it: &Value<R>) -> PyResult<Option<Value<R>>, R> {
        match it.kind() {
            // A StopIteration out of a step (a map's function raised it) ends the iteration
            // that asked, as CPython's consumers of `tp_iternext` take it.
            Some(ObjKind::Iter(cell)) => match self.step_builtin(cell) {
                Err(e) if self.is_stop_iteration(&e) => {
                    self.keep_stop(e);
                    Ok(None)
                }
                step => step,
            },
            Some(ObjKind::Generator(g)) if g.is_plain() => self.resume_generator(g, Value::None),
            Some(ObjKind::Native(n)) => match self.native_next(n) {
                Some(step) => {
                    let args = Args {
                        pos: vec![it.clone()],
                        kw: Vec::new(),
                    };
                    match step(self, args) {
                        Ok(v) => Ok(Some(v)),
                        Err(e) if self.is_stop_iteration(&e) => {
                            self.keep_stop(e);
                            Ok(None)
                        }
                        Err(e) => Err(e),
                    }
                }
                None => self.next_special(it),
            },
            _ => self.next_special(it),
        }
    }

    /// `next(it)` through `type(it).__next__`, with exhaustion as `None`.
    fn next_special(&mut self, it: &Value<R>) -> PyResult<Option<Value<R>>, R> {
        match self.call_special(it, "__next__", vec![]) {
            Ok(Some(v)) => {
                self.last_stop = None;
                Ok(Some(v))
            }
            Ok(None) => Err(PyErr::type_error(format!(
                "'{}' object is not an iterator",
                self.type_name(it)
            ))),
            Err(e) => {
                if self.is_stop_iteration(&e) {
                    self.keep_stop(e);
                    Ok(None)
                } else {
                    Err(e)
                }
            }
        }
    }

    /// The `__next__` of a native iterator class (`itertools.permutations`, ...), as CPython's
    /// `tp_iternext` slot: the native function itself, called without the special-method
    /// lookup, the bound receiver or the general call.
    #[inline]
    fn native_next(&mut self, n: &NativeObj<R>) -> Option<NativeFn<R>> {
        self.native_slot(n, NativeSlot::Next)
    }

    /// A native class's own method for one of the slots the interpreter calls directly
    /// (`__next__`, `__getitem__`, `__setitem__`: CPython's `tp_iternext`, `mp_subscript`,
    /// `mp_ass_subscript`). Only a method in the object's own class's dict counts (a native
    /// class defines its own; a Python subclass, whose method may be Python code, takes the
    /// general path). The answer for the last class asked is kept per slot while no class
    /// changes (`class_version`).
    #[inline]
    pub(super) fn native_slot(
        &mut self,
        n: &NativeObj<R>,
        slot: NativeSlot,
    ) -> Option<NativeFn<R>> {
        let version = self.interp.class_version.load(Ordering::Acquire);
        if let Some(s) = &self.native_slots[slot as usize] {
            if s.class == n.class.addr() && s.version == version {
                return Some(s.func);
            }
        }
        self.find_native_slot(n, slot, version)
    }

    #[inline(never)]
    fn find_native_slot(
        &mut self,
        n: &NativeObj<R>,
        slot: NativeSlot,
        version: u64,
    ) -> Option<NativeFn<R>> {
        let ObjKind::Class(c) = n.class.kind() else {
            return None;
        };
        let key = self.static_key(slot.name());
        let f = c.dict.lock::<R>().get(&key).cloned()?;
        let func = match f.kind() {
            Some(ObjKind::Builtin(b)) if b.receiver.is_none() => b.func,
            _ => return None,
        };
        self.native_slots[slot as usize] = Some(NextSlot {
            class: n.class.addr(),
            version,
            func,
        });
        Some(func)
    }

    pub fn is_stop_iteration(&self, e: &PyErr<R>) -> bool {
        match e {
            PyErr::Lazy(b) => b.0 == ExcKind::StopIteration,
            PyErr::Object(o) => {
                self.exception_kind_of(&Value::Obj(o.clone())) == Some(ExcKind::StopIteration)
            }
        }
    }

    fn step_builtin(&mut self, cell: &ObjCell<IterState<R>>) -> PyResult<Option<Value<R>>, R> {
        // Unversioned: nothing compares an iterator's version (see `next_in_place`).
        let mut st = cell.lock::<R>();
        match st.unversioned_mut() {
            IterState::List { seq, index } => {
                let item = match seq.kind() {
                    Some(ObjKind::List(l)) => l.lock::<R>().get(*index).cloned(),
                    _ => None,
                };
                if item.is_some() {
                    *index += 1;
                } else {
                    *st = IterState::Exhausted(st.type_name());
                }
                Ok(item)
            }
            IterState::Tuple { seq, index } => {
                let item = match seq.kind() {
                    Some(ObjKind::Tuple(t)) => t.get(*index).cloned(),
                    _ => None,
                };
                *index += 1;
                Ok(item)
            }
            IterState::Str { s, byte } => {
                let text = s.as_str().unwrap_or("");
                match text[*byte..].chars().next() {
                    Some(c) => {
                        *byte += c.len_utf8();
                        drop(st);
                        Ok(Some(self.new_str(c.to_string())))
                    }
                    None => Ok(None),
                }
            }
            IterState::Range { next, stop, step } => {
                let more = if *step > 0 {
                    *next < *stop
                } else {
                    *next > *stop
                };
                if more {
                    let v = *next;
                    *next = next.saturating_add(*step);
                    Ok(Some(Value::Int(v)))
                } else {
                    Ok(None)
                }
            }
            IterState::Dict {
                dict,
                index,
                len,
                left,
                view,
            } => {
                let Some(ObjKind::Dict(d)) = dict.kind() else {
                    return Ok(None);
                };
                let d = d.lock::<R>();
                if d.len() != *len {
                    *len = usize::MAX;
                    return Err(PyErr::runtime_error(
                        "dictionary changed size during iteration",
                    ));
                }
                let Some((i, k, v)) = d.next_from(*index) else {
                    drop(d);
                    *st = IterState::Exhausted(st.type_name());
                    return Ok(None);
                };
                if *left == 0 {
                    // An entry past the ones there were: a key was removed and another added.
                    drop(d);
                    *st = IterState::Exhausted(st.type_name());
                    return Err(PyErr::runtime_error(
                        "dictionary keys changed during iteration",
                    ));
                }
                *index = i + 1;
                *left -= 1;
                let (k, v) = (k.value.clone(), v.clone());
                let view = *view;
                drop(d);
                drop(st);
                Ok(Some(match view {
                    ViewKind::Keys => k,
                    ViewKind::Values => v,
                    ViewKind::Items => self.new_tuple(vec![k, v]),
                }))
            }
            IterState::ByteArray { seq, index } => {
                let item = match seq.kind() {
                    Some(ObjKind::ByteArray(b)) => b.lock::<R>().get(*index).copied(),
                    _ => None,
                };
                match item {
                    Some(x) => {
                        *index += 1;
                        Ok(Some(Value::Int(x as i64)))
                    }
                    None => {
                        *st = IterState::Exhausted(st.type_name());
                        Ok(None)
                    }
                }
            }
            IterState::Snapshot { items, index, .. } => {
                let item = items.get(*index).cloned();
                *index += 1;
                Ok(item)
            }
            IterState::Set {
                set,
                position,
                used,
                left,
            } => {
                let item = match set.kind() {
                    Some(ObjKind::Set(s)) => {
                        let table = s.lock::<R>();
                        if table.len() != *used {
                            *used = usize::MAX;
                            return Err(PyErr::runtime_error("Set changed size during iteration"));
                        }
                        set_step(&table, position, left)
                    }
                    Some(ObjKind::FrozenSet(table)) => set_step(table, position, left),
                    _ => None,
                };
                if item.is_none() {
                    *st = IterState::Exhausted(st.type_name());
                }
                Ok(item)
            }
            // `enumerate` and `zip` over iterators that run no Python code: stepped here, the
            // inner iterators' cells locked after this one's (never the other way round).
            IterState::Enumerate {
                iter,
                count: Value::Int(n),
            } if *n < i64::MAX && steps_in_place(iter) => {
                let Some(ObjKind::Iter(inner)) = iter.kind() else {
                    return Ok(None);
                };
                match self.step_builtin(inner)? {
                    Some(v) => {
                        let i = *n;
                        *n += 1;
                        drop(st);
                        Ok(Some(self.new_tuple(vec![Value::Int(i), v])))
                    }
                    None => {
                        *st = IterState::Exhausted(st.type_name());
                        Ok(None)
                    }
                }
            }
            IterState::Zip { iters } if !iters.is_empty() && iters.iter().all(steps_in_place) => {
                let mut out = Vec::with_capacity(iters.len());
                for it in iters.iter() {
                    let Some(ObjKind::Iter(inner)) = it.kind() else {
                        return Ok(None);
                    };
                    match self.step_builtin(inner)? {
                        Some(v) => out.push(v),
                        None => {
                            *st = IterState::Exhausted(st.type_name());
                            drop(st);
                            drop(out);
                            return Ok(None);
                        }
                    }
                }
                drop(st);
                Ok(Some(self.new_tuple(out)))
            }
            IterState::Exhausted(_) => Ok(None),
            // The rest may run Python code: copy out what is needed and release the cell.
            _ => {
                // An error leaves the iterator as it was (a map whose function raised goes on
                // with the next item, as CPython's); the end leaves it exhausted.
                let name = st.type_name();
                let mut taken = std::mem::replace(&mut *st, IterState::Exhausted(name));
                drop(st);
                let result = self.step_lazy(&mut taken);
                if !matches!(result, Ok(None)) {
                    *cell.lock::<R>() = taken;
                }
                result
            }
        }
    }

    /// Steps the iterators that call back into Python, in place on `st` (a state taken out
    /// of its cell, so no lock is held while Python code runs); `None` at the end.
    fn step_lazy(&mut self, st: &mut IterState<R>) -> PyResult<Option<Value<R>>, R> {
        match st {
            IterState::Enumerate { iter, count } => match self.next_fast(iter)? {
                Some(v) => {
                    let next = match count {
                        Value::Int(n) if *n < i64::MAX => Value::Int(*n + 1),
                        _ => self.binary_op(
                            count.clone(),
                            Value::Int(1),
                            crate::syntax::ast::BinOp::Add,
                        )?,
                    };
                    let this = std::mem::replace(count, next);
                    Ok(Some(self.new_tuple(vec![this, v])))
                }
                None => Ok(None),
            },
            IterState::Zip { iters } => {
                if iters.is_empty() {
                    return Ok(None);
                }
                let mut out = Vec::with_capacity(iters.len());
                for it in iters.iter() {
                    match self.next_fast(it)? {
                        Some(v) => out.push(v),
                        None => return Ok(None),
                    }
                }
                Ok(Some(self.new_tuple(out)))
            }
            IterState::ZipStrict { iters } => {
                if iters.is_empty() {
                    return Ok(None);
                }
                let mut out = Vec::with_capacity(iters.len());
                for (i, it) in iters.iter().enumerate() {
                    if let Some(v) = self.next_fast(it)? {
                        out.push(v);
                        continue;
                    }
                    if i > 0 {
                        return Err(zip_unequal(i, "shorter"));
                    }
                    // The first ran out: so must all the others.
                    for (j, other) in iters.iter().enumerate().skip(1) {
                        if self.next_fast(other)?.is_some() {
                            return Err(zip_unequal(j, "longer"));
                        }
                    }
                    return Ok(None);
                }
                Ok(Some(self.new_tuple(out)))
            }
            IterState::Map { func, iters } => {
                let mut args = Vec::with_capacity(iters.len());
                for it in iters.iter() {
                    match self.next_fast(it)? {
                        Some(v) => args.push(v),
                        None => return Ok(None),
                    }
                }
                Ok(Some(self.call(func, args, Vec::new())?))
            }
            IterState::Filter { func, iter } => loop {
                let Some(v) = self.next_fast(iter)? else {
                    return Ok(None);
                };
                let keep = if func.is_none() {
                    self.truthy(&v)?
                } else {
                    let r = self.call(func, vec![v.clone()], Vec::new())?;
                    self.truthy(&r)?
                };
                if keep {
                    return Ok(Some(v));
                }
            },
            IterState::Reversed { seq, index, .. } => {
                if *index == 0 {
                    return Ok(None);
                }
                let len = self.len(seq)?;
                if *index > len {
                    return Ok(None);
                }
                let v = self.get_item(seq, &Value::Int(*index as i64 - 1))?;
                *index -= 1;
                Ok(Some(v))
            }
            IterState::Callable { func, sentinel } => {
                let v = self.call(func, Vec::new(), Vec::new())?;
                if self.eq(&v, sentinel)? {
                    Ok(None)
                } else {
                    Ok(Some(v))
                }
            }
            IterState::GetItem { obj, index } => {
                match self.get_item(obj, &Value::Int(*index as i64)) {
                    Ok(v) => {
                        *index += 1;
                        Ok(Some(v))
                    }
                    Err(e) => {
                        let k = self.err_kind(&e);
                        if k == Some(ExcKind::IndexError) || k == Some(ExcKind::StopIteration) {
                            Ok(None)
                        } else {
                            Err(e)
                        }
                    }
                }
            }
            _ => Ok(None),
        }
    }

    /// The built-in kind of an error (its class or nearest built-in base).
    pub fn err_kind(&self, e: &PyErr<R>) -> Option<ExcKind> {
        match e {
            PyErr::Lazy(b) => Some(b.0),
            PyErr::Object(o) => self.exception_kind_of(&Value::Obj(o.clone())),
        }
    }

    /// Resumes a generator with `sent`; `None` when it finishes.
    pub fn resume_generator(
        &mut self,
        g: &GeneratorObj<R>,
        sent: Value<R>,
    ) -> PyResult<Option<Value<R>>, R> {
        use super::generator::{GenStep, Resume};
        Ok(match self.resume_generator_with(g, Resume::Send(sent))? {
            GenStep::Yielded(v) => Some(v),
            GenStep::Returned(v) => {
                if self.stop_wanted && !matches!(v, Value::None) {
                    self.last_stop = Some(self.stop_iteration_with(v));
                }
                None
            }
        })
    }

    /// Keeps the StopIteration that ended an iterator's step while a `next()` wants it (only
    /// then: a `for` loop or `list()` drops it at once, value included, as CPython does).
    fn keep_stop(&mut self, e: PyErr<R>) {
        if self.stop_wanted {
            self.last_stop = Some(e);
        }
    }

    /// `next(it)`'s step: the next item, or at the end the StopIteration that ended the
    /// wrapped iterator's step (value included), or a plain one.
    pub fn next_or_stop(&mut self, it: &Value<R>) -> PyResult<Result<Value<R>, PyErr<R>>, R> {
        self.last_stop = None;
        let wanted = std::mem::replace(&mut self.stop_wanted, true);
        let step = self.next_fast(it);
        self.stop_wanted = wanted;
        let stop = self.last_stop.take();
        Ok(match step? {
            Some(v) => Ok(v),
            None => Err(stop.unwrap_or_else(PyErr::stop_iteration)),
        })
    }

    /// All items of an iterable.
    pub fn collect(&mut self, v: &Value<R>) -> PyResult<Vec<Value<R>>, R> {
        match v.kind() {
            Some(ObjKind::List(l)) => return Ok(l.lock::<R>().clone()),
            Some(ObjKind::Tuple(t)) => return Ok(t.to_vec()),
            Some(ObjKind::Set(s)) => {
                return Ok(s.lock::<R>().iter().map(|(_, k)| k.clone()).collect())
            }
            Some(ObjKind::FrozenSet(s)) => return Ok(s.iter().map(|(_, k)| k.clone()).collect()),
            _ => {}
        }
        // A range knows its length: reserve it up front, so `list(range(huge))` is a
        // MemoryError at once instead of filling memory.
        let known = match v.kind() {
            Some(ObjKind::Range { start, stop, step }) => {
                let (a, b, s) = (*start as i128, *stop as i128, *step as i128);
                let n = if s > 0 {
                    (b - a + s - 1) / s
                } else {
                    (a - b - s - 1) / -s
                };
                usize::try_from(n.max(0)).unwrap_or(usize::MAX)
            }
            _ => 0,
        };
        let mut out = crate::objects::alloc::vec_with_capacity(known)?;
        let it = self.get_iter(v)?;
        if let Some(ObjKind::Generator(g)) = it.kind() {
            if g.is_plain() {
                // The generator runs to its end in one go, its yields pushed onto `out`.
                use super::generator::GenSink;
                let (run, sink) = self.resume_into_sink(g, GenSink::Collect(out));
                let GenSink::Collect(out) = sink else {
                    unreachable!("the sink given back is the one lent")
                };
                if let Err(e) = run {
                    drop_last_first(out);
                    return Err(e);
                }
                return Ok(out);
            }
        }
        loop {
            match self.next_fast(&it) {
                Ok(Some(item)) => out.push(item),
                Ok(None) => return Ok(out),
                Err(e) => {
                    drop_last_first(out);
                    return Err(e);
                }
            }
        }
    }
}

/// Drops the items a consumer had collected when the iteration failed, last first: CPython's
/// partly built list is freed so, and `__del__` output shows the order.
pub(super) fn drop_last_first<R: Runtime>(mut items: Vec<Value<R>>) {
    while let Some(item) = items.pop() {
        drop(item);
    }
}

/// The native `__next__` found for a native class (see `Vm::native_next`).
/// The methods of native classes that [`Vm::native_slot`] finds and keeps.
#[derive(Clone, Copy)]
pub(super) enum NativeSlot {
    Next,
    GetItem,
    SetItem,
}

impl NativeSlot {
    pub(super) const COUNT: usize = 3;

    fn name(self) -> &'static str {
        match self {
            NativeSlot::Next => "__next__",
            NativeSlot::GetItem => "__getitem__",
            NativeSlot::SetItem => "__setitem__",
        }
    }
}

pub(super) struct NextSlot<R: Runtime> {
    class: usize,
    version: u64,
    func: NativeFn<R>,
}

/// The key of `table` at or after slot `position`, moving past it; `None` at the end.
#[inline]
pub(super) fn set_step<R: Runtime>(
    table: &crate::objects::SetData<R>,
    position: &mut usize,
    left: &mut usize,
) -> Option<Value<R>> {
    let (next, _, key) = table.next_entry(*position)?;
    *position = next;
    *left = left.saturating_sub(1);
    Some(key.clone())
}

/// True for an iterator that `step_builtin` steps without running Python code (a pure state
/// never turns into one that runs code, so this stays true until it is exhausted).
fn steps_in_place<R: Runtime>(it: &Value<R>) -> bool {
    match it.kind() {
        Some(ObjKind::Iter(cell)) => matches!(
            &*cell.lock::<R>(),
            IterState::List { .. }
                | IterState::Tuple { .. }
                | IterState::Range { .. }
                | IterState::Str { .. }
                | IterState::Dict { .. }
                | IterState::Snapshot { .. }
                | IterState::ByteArray { .. }
                | IterState::Set { .. }
                | IterState::Exhausted(_)
        ),
        _ => false,
    }
}

/// `zip(strict=True)`'s error for argument `i` (from 0) ending before or after the ones
/// before it: `zip() argument 3 is shorter than arguments 1-2`.
fn zip_unequal<R: Runtime>(i: usize, how: &str) -> PyErr<R> {
    let before = if i == 1 {
        "argument 1".to_string()
    } else {
        format!("arguments 1-{i}")
    };
    PyErr::value_error(format!("zip() argument {} is {how} than {before}", i + 1))
}
