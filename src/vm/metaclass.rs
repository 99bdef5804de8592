//! Class creation and metaclasses: the `class` statement (metaclass resolution, `__prepare__`,
//! calling the metaclass), `type(name, bases, ns)` / `type.__new__`, `type.__call__`, the
//! checks CPython makes (consistent MRO, metaclass conflict) and `__init_subclass__`.

use super::frame::Frame;
use super::Vm;
use crate::bytecode::Op;
use crate::objects::class::{ClassObj, Layout};
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{DictMap, ObjCell, ObjKind, ObjRef, Value};
use crate::vm::Runtime;

type KwArgs<R> = Vec<(Value<R>, Value<R>)>;

/// The bases after `__mro_entries__`, and the original ones when any was replaced.
type ResolvedBases<R> = (Vec<Value<R>>, Option<Value<R>>);

impl<R: Runtime> Vm<R> {
    /// The `class` statement: picks the metaclass, runs the body in its namespace and calls
    /// the metaclass with `(name, bases, namespace, **keywords)`.
    pub(super) fn build_class(
        &mut self,
        body: Value<R>,
        name: Value<R>,
        bases: Vec<Value<R>>,
        keywords: Option<Value<R>>,
    ) -> PyResult<Value<R>, R> {
        let Some(ObjKind::Function(f)) = body.kind() else {
            return Err(PyErr::new(
                ExcKind::SystemError,
                "MakeClass without a body function",
            ));
        };
        let (bases, orig_bases) = self.mro_entries(bases)?;
        // A base that is not a class takes part in choosing the metaclass by its type, as
        // in CPython: `class A(1)` calls `int('A', (1,), ns)`.
        let base_refs: Vec<ObjRef<R>> = bases
            .iter()
            .filter_map(|b| match b {
                Value::Obj(o) if matches!(o.kind(), ObjKind::Class(_)) => Some(o.clone()),
                _ => None,
            })
            .collect();
        let base_types: Vec<ObjRef<R>> = bases
            .iter()
            .map(|b| self.types().class_of(b).clone())
            .collect();
        let mut kw: KwArgs<R> = match keywords.as_ref().and_then(|k| k.kind()) {
            Some(ObjKind::Dict(d)) => d
                .lock::<R>()
                .iter()
                .map(|(k, v)| (k.value.clone(), v.clone()))
                .collect(),
            _ => Vec::new(),
        };
        let explicit = kw
            .iter()
            .position(|(k, _)| k.as_str() == Some("metaclass"))
            .map(|i| kw.remove(i).1);
        let type_ = self.types().type_.clone();
        let meta: Value<R> = match explicit {
            Some(Value::Obj(m)) if matches!(m.kind(), ObjKind::Class(_)) => {
                Value::Obj(self.winning_metaclass(m, &base_types)?)
            }
            Some(other) => other,
            None => {
                let first = base_types.first().unwrap_or(&type_).clone();
                Value::Obj(self.winning_metaclass(first, &base_types)?)
            }
        };
        let is_type =
            matches!(&meta, Value::Obj(m) if m.ptr_eq(&type_)) && base_refs.len() == bases.len();
        let ns = if is_type {
            // Room for the names the body stores (the class's attributes), made at once; the
            // dict's own sizing (CPython's, which decides when holes are squeezed out) is not
            // changed by it.
            let stores = f
                .code
                .ops
                .iter()
                .filter(|op| matches!(op, Op::StoreName(_)))
                .count();
            let mut map = DictMap::default();
            map.reserve(stores);
            ObjRef::new(ObjKind::Dict(ObjCell::new(map)))
        } else {
            self.prepare_namespace(&meta, &name, &bases, &kw)?
        };
        let mut frame = Frame::new(f.code.clone(), f.globals.clone(), Some(ns.clone()));
        self.setup_cells(&mut frame, &f.closure);
        self.enter_call()?;
        let cell = self.run_frame_plain(&mut frame);
        self.depth -= 1;
        let cell = cell?;
        drop(frame);
        if let Some(orig) = orig_bases {
            match ns.kind() {
                ObjKind::Dict(m) => {
                    m.lock::<R>()
                        .insert(self.static_key("__orig_bases__"), orig);
                }
                _ => {
                    let key = self.new_str("__orig_bases__");
                    self.set_item(&Value::Obj(ns.clone()), key, orig)?;
                }
            }
        }
        let class = if is_type {
            let map = match ns.kind() {
                ObjKind::Dict(m) => std::mem::take(&mut *m.lock::<R>()),
                _ => DictMap::default(),
            };
            let name = name.as_str().unwrap_or("?").to_string();
            self.new_class_from_namespace(&type_, name, base_refs, map, kw, Some(cell))?
        } else {
            let bases = self.new_tuple(bases);
            let args = vec![name, bases, Value::Obj(ns)];
            let class = self.call(&meta, args, kw)?;
            if let Some(ObjKind::Cell(c)) = cell.kind() {
                *c.lock::<R>() = Some(class.clone());
            }
            class
        };
        Ok(class)
    }

    /// The bases with each non-class that has `__mro_entries__` replaced by what it returns
    /// (PEP 560), and the original bases as a tuple when any was replaced.
    fn mro_entries(&mut self, bases: Vec<Value<R>>) -> PyResult<ResolvedBases<R>, R> {
        let is_class = |b: &Value<R>| matches!(b.kind(), Some(ObjKind::Class(_)));
        if bases.iter().all(is_class) {
            return Ok((bases, None));
        }
        let orig = self.new_tuple(bases.clone());
        let key = self.static_key("__mro_entries__");
        let mut out = Vec::new();
        let mut changed = false;
        for b in bases {
            if is_class(&b) {
                out.push(b);
                continue;
            }
            let Some(hook) = self.get_attr_opt(&b, &key)? else {
                out.push(b);
                continue;
            };
            let entries = self.call(&hook, vec![orig.clone()], Vec::new())?;
            match entries.kind() {
                Some(ObjKind::Tuple(items)) => out.extend(items.iter().cloned()),
                _ => return Err(PyErr::type_error("__mro_entries__ must return a tuple")),
            }
            changed = true;
        }
        Ok((out, changed.then_some(orig)))
    }

    /// CPython's error for a base of `type(name, bases, ns)` that is not a class: one with
    /// `__mro_entries__` needs `types.new_class()`; one whose type is not a base of the
    /// metaclass is a metaclass conflict, found before the bases are checked.
    fn non_class_base(&mut self, meta: &Value<R>, base: &Value<R>) -> PyErr<R> {
        let key = self.static_key("__mro_entries__");
        if let Ok(Some(_)) = self.get_attr_opt(base, &key) {
            return PyErr::type_error(
                "type() doesn't support MRO entry resolution; use types.new_class()",
            );
        }
        let base_type = self.types().class_of(base).clone();
        if let Value::Obj(m) = meta {
            if matches!(m.kind(), ObjKind::Class(_)) {
                if let Err(conflict) = self.winning_metaclass(m.clone(), &[base_type]) {
                    return conflict;
                }
            }
        }
        PyErr::type_error("bases must be types")
    }

    /// The most derived of `meta` and the metaclasses of `bases`, or CPython's conflict error.
    /// `base_types` are the types of the bases (their metaclasses when they are classes).
    fn winning_metaclass(
        &self,
        meta: ObjRef<R>,
        base_types: &[ObjRef<R>],
    ) -> PyResult<ObjRef<R>, R> {
        let mut winner = meta;
        for t in base_types {
            let t = t.clone();
            if is_subclass(&winner, &t) {
                continue;
            }
            if is_subclass(&t, &winner) {
                winner = t;
                continue;
            }
            return Err(PyErr::type_error(
                "metaclass conflict: the metaclass of a derived class must be a (non-strict) \
                 subclass of the metaclasses of all its bases",
            ));
        }
        Ok(winner)
    }

    /// `meta.__prepare__(name, bases, **kw)` if the metaclass has one, else a fresh dict.
    fn prepare_namespace(
        &mut self,
        meta: &Value<R>,
        name: &Value<R>,
        bases: &[Value<R>],
        kw: &KwArgs<R>,
    ) -> PyResult<ObjRef<R>, R> {
        let key = self.static_key("__prepare__");
        let prepare = match meta {
            Value::Obj(m) if matches!(m.kind(), ObjKind::Class(_)) => {
                self.get_attr_opt(meta, &key)?
            }
            _ => None,
        };
        let Some(prepare) = prepare else {
            return Ok(ObjRef::new(ObjKind::Dict(ObjCell::new(DictMap::default()))));
        };
        let bases = self.new_tuple(bases.to_vec());
        let ns = self.call(&prepare, vec![name.clone(), bases], kw.clone())?;
        match ns {
            Value::Obj(o) if matches!(o.kind(), ObjKind::Dict(_)) => Ok(o),
            // Any other mapping (a dict subclass most often): the name ops use its methods.
            Value::Obj(o)
                if matches!(o.kind(), ObjKind::Instance(_))
                    && self
                        .get_attr_opt(&ns, &self.static_key("__getitem__"))?
                        .is_some() =>
            {
                Ok(o)
            }
            other => Err(PyErr::type_error(format!(
                "__prepare__() must return a mapping, not {}",
                self.type_name(&other)
            ))),
        }
    }

    /// `type(name, bases, ns, **kw)` and `type.__new__(meta, name, bases, ns, **kw)`.
    pub fn type_call_new(
        &mut self,
        meta: &Value<R>,
        pos: Vec<Value<R>>,
        kw: KwArgs<R>,
    ) -> PyResult<Value<R>, R> {
        let Some(name) = pos[0].as_str().map(str::to_string) else {
            return Err(PyErr::type_error(format!(
                "type.__new__() argument 1 must be str, not {}",
                self.type_name(&pos[0])
            )));
        };
        let Some(ObjKind::Tuple(t)) = pos[1].kind() else {
            return Err(PyErr::type_error(format!(
                "type.__new__() argument 2 must be tuple, not {}",
                self.type_name(&pos[1])
            )));
        };
        let mut bases = Vec::new();
        for b in t.iter() {
            match b {
                Value::Obj(o) if matches!(o.kind(), ObjKind::Class(_)) => bases.push(o.clone()),
                _ => return Err(self.non_class_base(meta, b)),
            }
        }
        // A dict subclass's instance (a `__prepare__` namespace) gives its dict.
        let ns = self.builtin_base(&pos[2]).unwrap_or_else(|| pos[2].clone());
        let Some(ObjKind::Dict(d)) = ns.kind() else {
            return Err(PyErr::type_error(format!(
                "type.__new__() argument 3 must be dict, not {}",
                self.type_name(&pos[2])
            )));
        };
        let mut map = d.lock::<R>().clone();
        let module_key = self.static_key("__module__");
        if !map.contains_key(&module_key) {
            // The caller's module, as CPython's `type_new` takes it from the frame's globals.
            let (globals, _) = self.caller_namespaces();
            let name_key = self.static_key("__name__");
            let name = match globals.kind() {
                ObjKind::Dict(g) => g.lock::<R>().get(&name_key).cloned(),
                _ => None,
            };
            if let Some(name) = name {
                map.insert(module_key, name);
            }
        }
        let meta = match meta {
            Value::Obj(m) if matches!(m.kind(), ObjKind::Class(_)) => m.clone(),
            _ => self.types().type_.clone(),
        };
        let base_types: Vec<ObjRef<R>> = bases.iter().map(|b| self.metaclass_of(b)).collect();
        let meta = self.winning_metaclass(meta, &base_types)?;
        self.new_class_from_namespace(&meta, name, bases, map, kw, None)
    }

    /// Makes a class of metaclass `meta` from its namespace: MRO, layout, implicit class
    /// methods, then `__set_name__` and the bases' `__init_subclass__(**kw)`. `cell` is the
    /// body's `__class__` cell, filled before those hooks run.
    pub(super) fn new_class_from_namespace(
        &mut self,
        meta: &ObjRef<R>,
        name: String,
        mut bases: Vec<ObjRef<R>>,
        mut map: DictMap<R>,
        kw: KwArgs<R>,
        cell: Option<Value<R>>,
    ) -> PyResult<Value<R>, R> {
        if bases.is_empty() {
            bases.push(self.types().object.clone());
        }
        for b in &bases {
            if let ObjKind::Class(c) = b.kind() {
                if c.module == "builtins" && FINAL_TYPES.contains(&c.name.as_str()) {
                    return Err(PyErr::type_error(format!(
                        "type '{}' is not an acceptable base type",
                        c.name
                    )));
                }
            }
        }
        check_solid_bases(&bases)?;
        let mro = match crate::objects::class::c3_mro(&bases) {
            Some(m) => m,
            None => return Err(mro_error(&bases)),
        };
        let layout = class_layout_for(&bases);
        self.check_slot_names(&map)?;
        // A class that defines __eq__ but not __hash__ is unhashable, as in Python 3.
        if map.contains_key(&self.static_key("__class__")) {
            super::attr_hooks::CLASS_ATTR_DEFINED.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        let hash_key = self.static_key("__hash__");
        if map.contains_key(&self.static_key("__eq__")) && !map.contains_key(&hash_key) {
            map.insert(hash_key, Value::None);
        }
        // __init_subclass__ and __class_getitem__ are class methods without the decorator.
        for implicit in ["__init_subclass__", "__class_getitem__"] {
            let key = self.static_key(implicit);
            if let Some(v) = map.get_mut(&key) {
                if matches!(v.kind(), Some(ObjKind::Function(_))) {
                    let f = std::mem::replace(v, Value::None);
                    *v = Value::new_obj(ObjKind::ClassMethod(f));
                }
            }
        }
        // As CPython's `type.__new__`: the qualified name lives on the class, not in its dict
        // (taking it out leaves a hole in the entry array: O(1), the order kept), and every
        // class has its own `__doc__` (None without a docstring; not inherited).
        let qualname = match map.shift_remove(&self.static_key("__qualname__")) {
            None => name.clone(),
            Some(q) => match q.as_str() {
                Some(q) => q.to_string(),
                None => {
                    return Err(PyErr::type_error(format!(
                        "type __qualname__ must be a str, not {}",
                        self.type_name(&q)
                    )))
                }
            },
        };
        let module = match map.get(&self.static_key("__module__")) {
            Some(m) => m.as_str().unwrap_or("__main__").to_string(),
            None => "__main__".to_string(),
        };
        let doc = self.static_key("__doc__");
        if !map.contains_key(&doc) {
            map.insert(doc, Value::None);
        }
        let metaclass = (!meta.ptr_eq(&self.types().type_)).then(|| meta.clone());
        let class = ObjRef::new(ObjKind::Class(Box::new(ClassObj {
            name,
            qualname,
            module,
            bases,
            mro,
            dict: crate::objects::class::ClassDict::new(map),
            layout,
            metaclass,
            shapes: Default::default(),
            is_abstract: Default::default(),
        })));
        if let Some(ObjKind::Cell(c)) = cell.as_ref().and_then(|c| c.kind()) {
            *c.lock::<R>() = Some(Value::Obj(class.clone()));
        }
        // A new class may sit where a freed one was: cached lookups keyed by address go stale.
        self.classes_changed();
        self.call_set_names(&class)?;
        self.init_subclass(&class, kw)?;
        Ok(Value::Obj(class))
    }

    /// A name in `__slots__` must not also be a class variable (CPython's ValueError).
    fn check_slot_names(&mut self, map: &DictMap<R>) -> PyResult<(), R> {
        let Some(slots) = map.get(&self.static_key("__slots__")).cloned() else {
            return Ok(());
        };
        let names = match slots.as_str() {
            Some(_) => vec![slots],
            None => self.collect(&slots)?,
        };
        for name in names {
            if name.as_str().is_some() && map.contains_key(&self.make_key(name.clone())?) {
                return Err(PyErr::value_error(format!(
                    "{} in __slots__ conflicts with class variable",
                    self.repr(&name)?
                )));
            }
        }
        Ok(())
    }

    /// `super(cls, cls).__init_subclass__(**kw)`: the first definition past the class itself.
    fn init_subclass(&mut self, class: &ObjRef<R>, kw: KwArgs<R>) -> PyResult<(), R> {
        let ObjKind::Class(c) = class.kind() else {
            return Ok(());
        };
        let key = self.static_key("__init_subclass__");
        let found = c.mro.iter().find_map(|b| match b.kind() {
            ObjKind::Class(bc) => bc.dict.lock::<R>().get(&key).cloned(),
            _ => None,
        });
        let func = match found.as_ref().and_then(|f| f.kind()) {
            Some(ObjKind::ClassMethod(f)) => f.clone(),
            Some(ObjKind::Function(_)) => found.clone().unwrap_or(Value::None),
            _ => {
                if kw.is_empty() {
                    return Ok(());
                }
                return Err(PyErr::type_error(format!(
                    "{}.__init_subclass__() takes no keyword arguments",
                    c.name
                )));
            }
        };
        self.call(&func, vec![Value::Obj(class.clone())], kw)?;
        Ok(())
    }

    /// Calling a class whose metaclass is not `type`: the metaclass's own `__call__` if it
    /// defines one, else the usual construction.
    pub(super) fn call_class_via_metaclass(
        &mut self,
        class: &ObjRef<R>,
        meta: &ObjRef<R>,
        args: Vec<Value<R>>,
        kwargs: KwArgs<R>,
    ) -> PyResult<Value<R>, R> {
        let key = self.static_key("__call__");
        if let Some(call) = self.lookup_type(meta, &key) {
            if matches!(call.kind(), Some(ObjKind::Function(_))) {
                let mut all = Vec::with_capacity(args.len() + 1);
                all.push(Value::Obj(class.clone()));
                all.extend(args);
                return self.call(&call, all, kwargs);
            }
        }
        self.construct_class(class, args, kwargs)
    }

    /// `object.__new__`'s refusal of an abstract class (one whose `__abstractmethods__` was
    /// last set to a true value): CPython's TypeError naming the sorted abstract methods.
    #[inline]
    pub fn refuse_abstract(&mut self, c: &ClassObj<R>) -> PyResult<(), R> {
        // Exceptions (and subclasses of other built-ins) are made by their own `__new__`.
        if c.abstract_flag() && c.layout == Layout::Object {
            return Err(self.abstract_class_error(c));
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn abstract_class_error(&mut self, c: &ClassObj<R>) -> PyErr<R> {
        let key = self.static_key("__abstractmethods__");
        let Some(methods) = c.dict.lock::<R>().get(&key).cloned() else {
            return PyErr::new(ExcKind::AttributeError, "__abstractmethods__");
        };
        let items = match self.collect(&methods) {
            Ok(items) => items,
            Err(e) => return e,
        };
        let mut names = Vec::with_capacity(items.len());
        for item in &items {
            match item.as_str() {
                Some(s) => names.push(s.to_string()),
                None => {
                    return PyErr::type_error(format!(
                        "sequence item {}: expected str instance, {} found",
                        names.len(),
                        self.type_name(item)
                    ))
                }
            }
        }
        names.sort();
        PyErr::type_error(format!(
            "Can't instantiate abstract class {} with abstract method{} {}",
            c.name,
            if names.len() > 1 { "s" } else { "" },
            names.join(", ")
        ))
    }

    /// `type.__call__(cls, *args, **kw)`: `__new__` then `__init__`.
    pub fn construct_class(
        &mut self,
        class: &ObjRef<R>,
        args: Vec<Value<R>>,
        kwargs: KwArgs<R>,
    ) -> PyResult<Value<R>, R> {
        match class.kind() {
            ObjKind::Class(c) => self.construct(class, c, args, kwargs),
            _ => Err(PyErr::type_error(
                "descriptor '__call__' requires a 'type' object",
            )),
        }
    }
}

/// The built-in types CPython refuses as bases (no `Py_TPFLAGS_BASETYPE`).
const FINAL_TYPES: &[&str] = &[
    "bool",
    "range",
    "slice",
    "memoryview",
    "NoneType",
    "NotImplementedType",
    "ellipsis",
    "function",
    "builtin_function_or_method",
    "method",
    "generator",
    "coroutine",
    "async_generator",
    "cell",
    "code",
    "traceback",
    "dict_keys",
    "dict_values",
    "dict_items",
];

fn is_subclass<R: Runtime>(a: &ObjRef<R>, b: &ObjRef<R>) -> bool {
    match a.kind() {
        ObjKind::Class(c) => c.is_subclass_of(a, b),
        _ => false,
    }
}

/// Exception classes make exception objects; subclasses of other built-in types keep the
/// base's construction; everything else is a plain instance.
fn class_layout_for<R: Runtime>(bases: &[ObjRef<R>]) -> Layout {
    let layouts: Vec<Layout> = bases
        .iter()
        .filter_map(|b| match b.kind() {
            ObjKind::Class(c) => Some(c.layout),
            _ => None,
        })
        .collect();
    if layouts.contains(&Layout::Exception) {
        Layout::Exception
    } else if layouts.contains(&Layout::Builtin) {
        Layout::Builtin
    } else {
        Layout::Object
    }
}

/// The built-in types whose instances have their own layout (CPython's "solid bases"): a
/// class can derive from at most one of them (bool is int's; every exception BaseException's).
const SOLID_TYPES: &[&str] = &[
    "int",
    "float",
    "complex",
    "str",
    "bytes",
    "bytearray",
    "list",
    "dict",
    "tuple",
    "set",
    "frozenset",
    "BaseException",
];

/// CPython's "multiple bases have instance lay-out conflict": two bases whose nearest solid
/// built-in types differ (none of those types derives from another).
fn check_solid_bases<R: Runtime>(bases: &[ObjRef<R>]) -> PyResult<(), R> {
    let mut seen: Option<ObjRef<R>> = None;
    for b in bases {
        let ObjKind::Class(c) = b.kind() else {
            continue;
        };
        let solid = std::iter::once(b).chain(c.mro.iter()).find(|k| {
            matches!(k.kind(), ObjKind::Class(k) if k.module == "builtins"
                && SOLID_TYPES.contains(&k.name.as_str()))
        });
        match (solid, &seen) {
            (None, _) => {}
            (Some(s), None) => seen = Some(s.clone()),
            (Some(s), Some(prev)) if s.ptr_eq(prev) => {}
            (Some(_), Some(_)) => {
                return Err(PyErr::type_error(
                    "multiple bases have instance lay-out conflict",
                ))
            }
        }
    }
    Ok(())
}

/// CPython's message: a base given twice, else the heads still in conflict when the C3
/// merge got stuck.
fn mro_error<R: Runtime>(bases: &[ObjRef<R>]) -> PyErr<R> {
    for (i, b) in bases.iter().enumerate() {
        if bases[..i].iter().any(|earlier| earlier.ptr_eq(b)) {
            let name = match b.kind() {
                ObjKind::Class(c) => c.name.as_str(),
                _ => "?",
            };
            return PyErr::type_error(format!("duplicate base class {name}"));
        }
    }
    let mut seqs: Vec<Vec<ObjRef<R>>> = bases
        .iter()
        .map(|b| {
            let mut s = vec![b.clone()];
            if let ObjKind::Class(c) = b.kind() {
                s.extend(c.mro.iter().cloned());
            }
            s
        })
        .collect();
    seqs.push(bases.to_vec());
    loop {
        seqs.retain(|s| !s.is_empty());
        let head = seqs.iter().find_map(|s| {
            let cand = &s[0];
            let in_tail = seqs.iter().any(|t| t[1..].iter().any(|x| x.ptr_eq(cand)));
            (!in_tail).then(|| cand.clone())
        });
        let Some(head) = head else { break };
        for s in seqs.iter_mut() {
            if s[0].ptr_eq(&head) {
                s.remove(0);
            }
        }
    }
    let mut names: Vec<ObjRef<R>> = Vec::new();
    for s in &seqs {
        if !names.iter().any(|n| n.ptr_eq(&s[0])) {
            names.push(s[0].clone());
        }
    }
    let names: Vec<String> = names
        .iter()
        .map(|n| match n.kind() {
            ObjKind::Class(c) => c.name.clone(),
            _ => "?".to_string(),
        })
        .collect();
    PyErr::type_error(format!(
        "Cannot create a consistent method resolution\norder (MRO) for bases {}",
        names.join(", ")
    ))
}

impl<R: Runtime> Vm<R> {
    /// The class of a class: its metaclass, or `type`.
    pub fn metaclass_of(&self, class: &ObjRef<R>) -> ObjRef<R> {
        match class.kind() {
            ObjKind::Class(c) => c.metaclass.clone(),
            _ => None,
        }
        .unwrap_or_else(|| self.types().type_.clone())
    }

    /// An attribute the class gets from its metaclass: methods bound to the class, properties
    /// called with it, user descriptors bound through `__get__`.
    pub(super) fn metaclass_attr(
        &mut self,
        class: &ObjRef<R>,
        key: &crate::objects::DictKey<R>,
    ) -> PyResult<Option<Value<R>>, R> {
        let meta = self.metaclass_of(class);
        let Some(f) = self.lookup_type(&meta, key) else {
            return Ok(None);
        };
        let me = Value::Obj(class.clone());
        if let Some(ObjKind::Property { fget, .. }) = f.kind() {
            let fget = fget.clone();
            return self.call(&fget, vec![me], Vec::new()).map(Some);
        }
        if let Some(v) = self.descriptor_get(&f, &me, &meta)? {
            return Ok(Some(v));
        }
        Ok(Some(self.bind_class_attr(f, &me, &meta)))
    }

    /// After a built-in type's `__new__` made an instance of a subclass: the subclass's own
    /// `__init__`, if it defines one (a metaclass's `__init__`, or `list` subclasses').
    pub(super) fn init_builtin_subclass(
        &mut self,
        class: &ObjRef<R>,
        made: &Value<R>,
        args: Vec<Value<R>>,
        kwargs: KwArgs<R>,
    ) -> PyResult<(), R> {
        let ObjKind::Class(c) = class.kind() else {
            return Ok(());
        };
        // The module type's own `__init__` runs too (`ModuleType('x')` names the module).
        let module_type = class.ptr_eq(&self.types().module);
        if (c.module == "builtins" && !module_type) || !self.isinstance_class(made, class) {
            return Ok(());
        }
        let key = self.static_key("__init__");
        let Some(init) = self.lookup_type(class, &key) else {
            return Ok(());
        };
        let object = self.types().object.clone();
        if crate::vm::class_lookup(&object, &key).is_some_and(|o| o.is(&init)) {
            return Ok(());
        }
        let init = self.bind_class_attr(init, made, class);
        let r = self.call(&init, args, kwargs)?;
        if !r.is_none() {
            return Err(PyErr::type_error(format!(
                "__init__() should return None, not '{}'",
                self.type_name(&r)
            )));
        }
        Ok(())
    }
}

/// The built-in and native-module classes whose subscript is a generic alias (`list[int]`,
/// `collections.deque[int]`), with their subclasses, as in CPython: (module, name).
const GENERIC_NATIVE: &[(&str, &str)] = &[
    ("builtins", "list"),
    ("builtins", "dict"),
    ("builtins", "tuple"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("builtins", "type"),
    ("builtins", "enumerate"),
    ("collections", "deque"),
    ("queue", "Queue"),
    ("queue", "LifoQueue"),
    ("queue", "PriorityQueue"),
    ("_queue", "SimpleQueue"),
    ("weakref", "ReferenceType"),
    ("os", "PathLike"),
    ("itertools", "chain"),
];

impl<R: Runtime> Vm<R> {
    /// `cls[index]`: the metaclass's `__getitem__`, else the class's `__class_getitem__`; the
    /// generic built-in classes give a `types.GenericAlias`, as CPython's do.
    pub(super) fn class_subscript(
        &mut self,
        class: &Value<R>,
        index: &Value<R>,
    ) -> PyResult<Value<R>, R> {
        let Some(cls) = class.as_obj() else {
            return Ok(class.clone());
        };
        if let Some(ObjKind::Class(c)) = class.kind() {
            if c.metaclass.is_some() {
                if let Some(r) = self.call_special(class, "__getitem__", vec![index.clone()])? {
                    return Ok(r);
                }
            }
            let key = self.static_key("__class_getitem__");
            if let Some(f) = c.lookup(&key) {
                let f = self.bind_class_attr(f, class, cls);
                return self.call(&f, vec![index.clone()], Vec::new());
            }
            let native =
                |k: &ClassObj<R>| GENERIC_NATIVE.contains(&(k.module.as_str(), k.name.as_str()));
            let generic = native(c)
                || c.mro.iter().any(|k| match k.kind() {
                    ObjKind::Class(k) => native(k),
                    _ => false,
                });
            if generic {
                // `list[int]`: a `types.GenericAlias` (bundled `_generic_alias`).
                let module = self.import_module("_generic_alias")?;
                let alias = self.get_attr_str(&module, "GenericAlias")?;
                return self.call(&alias, vec![class.clone(), index.clone()], Vec::new());
            }
        }
        if let Some(ObjKind::Class(c)) = class.kind() {
            return Err(PyErr::type_error(format!(
                "type '{}' is not subscriptable",
                c.name
            )));
        }
        Err(PyErr::type_error(format!(
            "'{}' object is not subscriptable",
            self.type_name(class)
        )))
    }
}
