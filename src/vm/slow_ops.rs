//! The instructions that are off the eval loop's hot path: stack shuffles, building
//! containers, imports, exception handling, `with`, pattern matching and the rest. `execute`
//! (in `eval.rs`) hands each of them to `slow_op`, so the hot loop stays small.

use super::eval::{dict_del, dict_get, dict_set, name_error, pop, top, unbound_local};
use super::frame::{Block, Frame, FrameExit};
use super::namespace_mapping::is_mapping_ns;
use super::race::Target;
use super::slice_ops::SliceStep;
use super::Vm;
use crate::bytecode::{Code, Op};
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{ObjCell, ObjKind, Value};
use crate::vm::Runtime;

impl<R: Runtime> Vm<R> {
    /// The instructions that are not on the hot path, kept out of `execute` so that the hot
    /// loop stays small enough for its state to live in registers.
    #[inline(never)]
    #[allow(clippy::collapsible_match)]
    pub(super) fn slow_op(
        &mut self,
        frame: &mut Frame<R>,
        op: Op,
    ) -> PyResult<Option<FrameExit<R>>, R> {
        // SAFETY: as in `execute`.
        let code: &Code<R> = unsafe { frame.code.detached() };
        match op {
            Op::RotFour => {
                let top = pop(frame);
                let n = frame.stack.len();
                frame.stack.insert(n - 3, top);
            }
            Op::DeleteFast(i) => {
                if frame.locals[i as usize].take().is_none() {
                    return Err(unbound_local(&code.varnames[i as usize]));
                }
            }
            Op::DeleteDeref(i) => self.store_deref(frame, i, None, frame.ip),
            Op::LoadClosure(i) => {
                let slot = code.varnames.len() + i as usize;
                let cell = frame.locals[slot].clone().unwrap_or(Value::None);
                frame.stack.push(cell);
            }
            Op::StoreGlobal(i) => {
                let v = pop(frame);
                if self.race.on {
                    let key = &code.names[i as usize];
                    self.race_access(frame.ip, Target::Global(frame.globals(), key), true);
                }
                dict_set(frame.globals(), code.names[i as usize].clone(), v);
            }
            Op::DeleteGlobal(i) => {
                if self.race.on {
                    let key = &code.names[i as usize];
                    self.race_access(frame.ip, Target::Global(frame.globals(), key), true);
                }
                if !dict_del(frame.globals(), &code.names[i as usize]) {
                    return Err(name_error(code.name_str(i)));
                }
            }
            Op::LoadName(i) => {
                let key = &code.names[i as usize];
                if self.race.on && frame.namespace.is_none() {
                    self.race_access(frame.ip, Target::Global(frame.globals(), key), false);
                }
                let found = match &frame.namespace {
                    Some(ns) if is_mapping_ns(ns) => self.mapping_ns_get(ns, key)?,
                    Some(ns) => dict_get(ns, key),
                    None => None,
                };
                let v = match found {
                    Some(v) => v,
                    None => self.load_global(frame.globals(), key)?,
                };
                frame.stack.push(v);
            }
            Op::StoreName(i) => {
                let v = pop(frame);
                if self.race.on && frame.namespace.is_none() {
                    let key = &code.names[i as usize];
                    self.race_access(frame.ip, Target::Global(frame.globals(), key), true);
                }
                let ns = frame.namespace.as_ref().unwrap_or(frame.globals());
                if is_mapping_ns(ns) {
                    self.mapping_ns_set(ns, &code.names[i as usize], v)?;
                } else {
                    dict_set(ns, code.names[i as usize].clone(), v);
                }
            }
            Op::DeleteName(i) => {
                if self.race.on && frame.namespace.is_none() {
                    let key = &code.names[i as usize];
                    self.race_access(frame.ip, Target::Global(frame.globals(), key), true);
                }
                let ns = frame.namespace.as_ref().unwrap_or(frame.globals());
                let deleted = if is_mapping_ns(ns) {
                    self.mapping_ns_del(ns, &code.names[i as usize])?
                } else {
                    dict_del(ns, &code.names[i as usize])
                };
                if !deleted {
                    return Err(name_error(code.name_str(i)));
                }
            }
            Op::DeleteAttr(i) => {
                let obj = pop(frame);
                if self.race.on {
                    let key = &code.names[i as usize];
                    self.race_access(frame.ip, Target::Attr(&obj, key), true);
                }
                self.del_attr(&obj, &code.names[i as usize])?;
            }
            Op::CallKw(n) => {
                self.call_site = (code as *const Code<R>, frame.ip);
                let names = pop(frame);
                let names: Vec<Value<R>> = match names.kind() {
                    Some(ObjKind::Tuple(t)) => t.to_vec(),
                    _ => Vec::new(),
                };
                let n = n as usize;
                let base = frame.stack.len() - n;
                let mut args: Vec<Value<R>> = frame.stack.take_vec(base);
                let kw_values = args.split_off(n - names.len());
                let kwargs: Vec<(Value<R>, Value<R>)> = names.into_iter().zip(kw_values).collect();
                let func = pop(frame);
                let result = self.call(&func, args, kwargs)?;
                frame.stack.push(result);
            }
            Op::CallEx(k) => {
                self.call_site = (code as *const Code<R>, frame.ip);
                let kwargs = if k == 1 { Some(pop(frame)) } else { None };
                let args = pop(frame);
                let func = pop(frame);
                let args = match args.kind() {
                    Some(ObjKind::Tuple(t)) => t.to_vec(),
                    _ => self.collect(&args)?,
                };
                let kwargs = match kwargs {
                    Some(d) => self.kwargs_from_mapping(&d, &func)?,
                    None => Vec::new(),
                };
                let result = self.call(&func, args, kwargs)?;
                frame.stack.push(result);
            }
            Op::UnaryOp(u) => {
                let v = pop(frame);
                let r = self.unary_op(v, u)?;
                frame.stack.push(r);
            }
            Op::DeleteSubscr => {
                let index = pop(frame);
                let obj = pop(frame);
                if self.race.on {
                    self.race_access(frame.ip, Target::Item(&obj, &index), true);
                }
                // `del dict[atom]`: one probe (a missing key's KeyError from the general path).
                let removed = match obj.kind() {
                    Some(ObjKind::Dict(d)) => crate::objects::dict::atom::remove(d, &index),
                    _ => None,
                };
                if !matches!(removed, Some(Some(_))) {
                    self.del_item(&obj, &index)?;
                }
            }
            Op::BuildSlice(n) => {
                let step = if n == 3 { pop(frame) } else { Value::None };
                let stop = pop(frame);
                let start = pop(frame);
                // `lst[a:b]`, `lst[a:b] = v`: with the subscript, without the slice object.
                let next = code.ops.get(frame.ip).copied();
                match self.slice_fused(frame, [start, stop, step], next)? {
                    SliceStep::Done => {}
                    SliceStep::Declined(parts) => {
                        frame
                            .stack
                            .push(Value::new_obj(ObjKind::Slice(Box::new(parts))));
                    }
                }
            }
            Op::BuildList(n) => {
                let base = frame.stack.len() - n as usize;
                let items: Vec<Value<R>> = frame.stack.take_vec(base);
                frame.stack.push(self.new_list(items));
            }
            Op::BuildSet(n) => {
                let base = frame.stack.len() - n as usize;
                // `set()`'s `{}` in a comprehension, `{start}`, `{1, 2, 3}`: ints and strs
                // go into the table from the stack, with no vector between.
                let set = match super::hot_methods::atom_set_table(&frame.stack[base..]) {
                    Some(table) => {
                        frame.stack.truncate(base);
                        Value::new_obj(ObjKind::Set(ObjCell::new(table)))
                    }
                    None => {
                        let items: Vec<Value<R>> = frame.stack.take_vec(base);
                        self.new_set_from(items)?
                    }
                };
                frame.stack.push(set);
            }
            Op::BuildMap(n) => {
                let base = frame.stack.len() - 2 * n as usize;
                let items: Vec<Value<R>> = frame.stack.take_vec(base);
                let mut map = crate::objects::DictMap::default();
                let mut it = items.into_iter();
                while let (Some(k), Some(v)) = (it.next(), it.next()) {
                    let key = self.make_key(k)?;
                    map.insert(key, v);
                }
                frame.stack.push(self.new_dict(map));
            }
            Op::BuildString(n) => {
                let base = frame.stack.len() - n as usize;
                let mut s = String::new();
                for v in frame.stack.drain(base..) {
                    if let Some(t) = v.as_str() {
                        s.push_str(t);
                    }
                }
                frame.stack.push(self.new_str(s));
            }
            Op::ListAppend(d) => {
                let v = pop(frame);
                let n = frame.stack.len();
                if let Some(ObjKind::List(l)) = frame.stack[n - d as usize].kind() {
                    l.lock::<R>().push(v);
                }
            }
            Op::SetAdd(d) => {
                let v = pop(frame);
                let n = frame.stack.len();
                let set = frame.stack[n - d as usize].clone();
                self.set_add(&set, v)?;
            }
            Op::MapAdd(d) => {
                let v = pop(frame);
                let k = pop(frame);
                let n = frame.stack.len();
                let key = self.make_key(k)?;
                if let Some(ObjKind::Dict(m)) = frame.stack[n - d as usize].kind() {
                    m.lock::<R>().insert(key, v);
                }
            }
            Op::ListExtend(d) => {
                let it = pop(frame);
                let items = match self.collect(&it) {
                    Ok(items) => items,
                    // `[*5]`, `f(1, *5)`: CPython's text for what cannot be iterated.
                    Err(_) if !self.is_iterable(&it) => {
                        let t = self.type_name(&it);
                        // `f(*5)` (the only positional argument): CPython's call names
                        // the function, which lies under the empty argument list.
                        let n = frame.stack.len();
                        let ops = &code.ops;
                        let sole_star = d == 1
                            && n >= 2
                            && ops.get(frame.ip) == Some(&Op::ListToTuple)
                            && matches!(
                                ops.get(frame.ip + 1),
                                Some(Op::CallEx(_) | Op::BuildMap(0))
                            )
                            && matches!(frame.stack[n - 1].kind(),
                                Some(ObjKind::List(l)) if l.lock::<R>().is_empty());
                        return Err(PyErr::type_error(if sole_star {
                            let f = self.function_str(&frame.stack[n - 2]);
                            format!("{f}() argument after * must be an iterable, not {t}")
                        } else {
                            format!("Value after * must be an iterable, not {t}")
                        }));
                    }
                    Err(e) => return Err(e),
                };
                let n = frame.stack.len();
                if let Some(ObjKind::List(l)) = frame.stack[n - d as usize].kind() {
                    l.lock::<R>().extend(items);
                }
            }
            Op::SetUpdate(d) => {
                let it = pop(frame);
                let n = frame.stack.len();
                let set = frame.stack[n - d as usize].clone();
                // A set, frozenset or dict is merged as `set.update` merges it (one resize up
                // front, CPython's `set_merge`): `{*s}` has CPython's size and order, as has a
                // display of constants (`{1, 2, 3}` adds a frozenset's keys).
                if matches!(
                    it.kind(),
                    Some(ObjKind::Set(_) | ObjKind::FrozenSet(_) | ObjKind::Dict(_))
                ) {
                    return self.set_update(&set, &it).map(|()| None);
                }
                let items = self.collect(&it)?;
                for v in items {
                    self.set_add(&set, v)?;
                }
            }
            Op::DictUpdate(d) | Op::DictMerge(d) => {
                let other = pop(frame);
                let n = frame.stack.len();
                let target = frame.stack[n - d as usize].clone();
                let strict = matches!(op, Op::DictMerge(_));
                // `{**5}`, `f(**5)`: only a mapping (a dict, or anything with `keys`) unpacks.
                let keys = self.static_key("keys");
                if !matches!(other.kind(), Some(ObjKind::Dict(_)))
                    && super::call::class_lookup(self.types().class_of(&other), &keys).is_none()
                {
                    let t = self.type_name(&other);
                    return Err(PyErr::type_error(if strict {
                        // DictMerge builds a call's keywords: the function is under them.
                        let f = n
                            .checked_sub(d as usize + 2)
                            .map(|i| self.function_str(&frame.stack[i]))
                            .unwrap_or_default();
                        format!("{f}() argument after ** must be a mapping, not {t}")
                    } else {
                        format!("'{t}' object is not a mapping")
                    }));
                }
                // `f(**a, **b)` with a key in both: the error names the function.
                if let (true, Some(ObjKind::Dict(into)), Some(ObjKind::Dict(from))) =
                    (strict, target.kind(), other.kind())
                {
                    let clash = {
                        let into = into.lock::<R>();
                        let from = from.lock::<R>();
                        let found = from.keys().find(|k| into.contains_key(*k)).cloned();
                        found
                    };
                    if let Some(k) = clash {
                        let f = n
                            .checked_sub(d as usize + 2)
                            .map(|i| self.function_str(&frame.stack[i]))
                            .unwrap_or_default();
                        let name = k.value.as_str().unwrap_or("?").to_string();
                        return Err(PyErr::type_error(format!(
                            "{f}() got multiple values for keyword argument '{name}'"
                        )));
                    }
                }
                self.dict_update_from(&target, &other, strict)?;
            }
            Op::ListToTuple => {
                let l = pop(frame);
                let items = match l.kind() {
                    Some(ObjKind::List(l)) => std::mem::take(&mut *l.lock::<R>()),
                    _ => Vec::new(),
                };
                frame.stack.push(self.new_tuple(items));
            }
            Op::FormatValue(flags) => {
                let spec = if flags & 4 != 0 {
                    Some(pop(frame))
                } else {
                    None
                };
                let v = pop(frame);
                let v = match flags & 3 {
                    1 => {
                        let s = self.to_str(&v)?;
                        self.new_str(s)
                    }
                    2 => {
                        let s = self.repr(&v)?;
                        self.new_str(s)
                    }
                    3 => {
                        let s = self.ascii(&v)?;
                        self.new_str(s)
                    }
                    _ => v,
                };
                let spec_text = spec.as_ref().and_then(|s| s.as_str()).unwrap_or("");
                let s = if spec_text.is_empty() && v.as_str().is_some() {
                    v
                } else {
                    let text = self.format(&v, spec_text)?;
                    self.new_str(text)
                };
                frame.stack.push(s);
            }
            Op::UnpackSequence(n) => {
                let seq = pop(frame);
                let items = self.unpack(&seq, n as usize)?;
                frame.stack.extend(items.into_iter().rev());
            }
            Op::UnpackEx(counts) => {
                let seq = pop(frame);
                let before = (counts & 0xff) as usize;
                let after = (counts >> 8) as usize;
                let mut items = self.collect(&seq)?;
                if items.len() < before + after {
                    return Err(PyErr::value_error(format!(
                        "not enough values to unpack (expected at least {}, got {})",
                        before + after,
                        items.len()
                    )));
                }
                let tail = items.split_off(items.len() - after);
                let middle = items.split_off(before);
                for v in tail.into_iter().rev() {
                    frame.stack.push(v);
                }
                frame.stack.push(self.new_list(middle));
                for v in items.into_iter().rev() {
                    frame.stack.push(v);
                }
            }
            Op::MakeFunction(flags) => {
                let f = self.make_function(frame, flags)?;
                frame.stack.push(f);
            }
            Op::MakeClass(n) => {
                let body = pop(frame);
                let has_kw = (n >> 16) & 1;
                let base = frame.stack.len() - (n & 0xffff) as usize - has_kw as usize;
                let mut bases: Vec<Value<R>> = frame.stack.take_vec(base);
                let keywords = if has_kw != 0 { bases.pop() } else { None };
                // `class C(*bases)`: the bases come as one tuple.
                if n & 1 << 17 != 0 {
                    let tuple = bases.pop().unwrap_or(Value::None);
                    bases = self.collect(&tuple)?;
                }
                let name = pop(frame);
                let class = self.make_class(body, name, bases, keywords)?;
                frame.stack.push(class);
            }
            Op::SetupExcept(t) | Op::SetupFinally(t) => {
                let level = frame.stack.len() as u32;
                frame.blocks.push(Block::Handler { target: t, level });
            }
            Op::GetAwaitable(where_) => {
                let v = pop(frame);
                let a = self.get_awaitable(v, where_)?;
                frame.stack.push(a);
            }
            Op::GetAIter => {
                let v = pop(frame);
                let it = self.get_aiter(v)?;
                frame.stack.push(it);
            }
            Op::GetANext => {
                let aiter = top(frame).clone();
                let a = self.get_anext(&aiter)?;
                frame.stack.push(a);
            }
            Op::EndAsyncFor => self.end_async_for(frame)?,
            Op::BeforeAsyncWith => {
                self.call_site = (code as *const Code<R>, frame.ip);
                let mgr = pop(frame);
                let (exit, entered) = self.before_async_with(&mgr)?;
                frame.stack.push(exit);
                frame.stack.push(entered);
            }
            Op::SetupAsyncWith(t) => {
                let entered = pop(frame);
                let level = frame.stack.len() as u32;
                frame.blocks.push(Block::Handler { target: t, level });
                frame.stack.push(entered);
            }
            Op::AsyncWithExceptStart => {
                let n = frame.stack.len();
                let exc = frame.stack[n - 1].clone();
                let exit = frame.stack[n - 2].clone();
                let class = Value::Obj(self.types().class_of(&exc).clone());
                let tb = self.traceback_of(&exc);
                let result = self.call(&exit, vec![class, exc, tb], Vec::new())?;
                frame.stack.push(result);
            }
            Op::SetupWith(t) => {
                self.call_site = (code as *const Code<R>, frame.ip);
                let mgr = pop(frame);
                let (exit, entered) = self.enter_context(&mgr)?;
                frame.stack.push(exit);
                let level = frame.stack.len() as u32;
                frame.blocks.push(Block::Handler { target: t, level });
                frame.stack.push(entered);
            }
            Op::PopBlock => {
                frame.blocks.pop();
            }
            Op::PopExcept => {
                if let Some(Block::ExceptHandler { previous }) = frame.blocks.pop() {
                    self.handling = previous;
                }
            }
            Op::Raise(n) => return Err(self.raise_op(frame, n)?),
            Op::Reraise => {
                let exc = pop(frame);
                // The traceback already names this frame where the exception was raised.
                self.reraising = true;
                return Err(match exc {
                    Value::Obj(o) => PyErr::Object(o),
                    _ => PyErr::runtime_error("reraise of a non-exception"),
                });
            }
            Op::JumpIfNotExcMatch(t) => {
                let class = pop(frame);
                let exc = pop(frame);
                if !self.exception_matches(&exc, &class)? {
                    frame.ip = t as usize;
                }
            }
            Op::WithExceptStart => {
                let n = frame.stack.len();
                let exc = frame.stack[n - 1].clone();
                let exit = frame.stack[n - 2].clone();
                let class = Value::Obj(self.types().class_of(&exc).clone());
                let tb = self.traceback_of(&exc);
                let result = self.call(&exit, vec![class, exc, tb], Vec::new())?;
                let suppress = self.truthy(&result)?;
                frame.stack.push(Value::Bool(suppress));
            }
            Op::ImportName(i) => {
                // An import may wait for another thread's import (a wait report names this).
                self.call_site = (code as *const Code<R>, frame.ip);
                let m = self.import_name(&code.names[i as usize], frame.globals())?;
                frame.stack.push(m);
            }
            Op::ImportFrom(i) => {
                let m = top(frame).clone();
                self.call_site = (code as *const Code<R>, frame.ip);
                let v = self.import_from(&m, &code.names[i as usize])?;
                frame.stack.push(v);
            }
            Op::ImportStar => {
                let m = pop(frame);
                let ns = frame
                    .namespace
                    .clone()
                    .unwrap_or_else(|| frame.globals().clone());
                self.call_site = (code as *const Code<R>, frame.ip);
                self.import_star(&m, &ns)?;
            }
            Op::LoadAssertionError => {
                let c = self.types().exception(ExcKind::AssertionError).clone();
                frame.stack.push(Value::Obj(c));
            }
            Op::PrintExpr => {
                let v = pop(frame);
                self.print_expr(v)?;
            }
            Op::MatchSequence
            | Op::MatchMapping
            | Op::GetLen
            | Op::MatchKeys
            | Op::CopyDictWithout
            | Op::MatchClass(_) => self.match_op(frame, op)?,
            Op::NoteNamespaces => self.note_namespaces(frame),
            Op::Send(t) => self.send_op(frame, t)?,
            _ => {}
        }
        Ok(None)
    }
}

impl<R: Runtime> Vm<R> {
    /// How CPython 3.11 names a callable in a call's error (`__main__.f`, `C.m` of a module
    /// `m` as `m.C.m`, `print`).
    fn function_str(&self, f: &Value<R>) -> String {
        if let Some(ObjKind::BoundMethod { func, .. }) = f.kind() {
            return self.function_str(func);
        }
        if let Some(ObjKind::Function(func)) = f.kind() {
            if let Some(module) = func.module.as_str() {
                if module != "builtins" {
                    return format!("{module}.{}", func.qualname());
                }
            }
        }
        self.callable_name(f)
    }
}
