//! Attributes: lookup on instances, classes, modules and built-in values (with descriptors:
//! functions bind, properties call, class and static methods), assignment and deletion, and
//! the method fast path (`LoadMethod`).

use super::call::class_lookup;
use super::Vm;
use crate::objects::class::{ClassObj, Layout};
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{
    BuiltinFn, DictKey, DictMap, GenFlavor, InstanceObj, ObjCell, ObjKind, ObjRef, Value,
};
use crate::vm::Runtime;

impl<R: Runtime> Vm<R> {
    /// `obj.name`
    pub fn get_attr(&mut self, obj: &Value<R>, key: &DictKey<R>) -> PyResult<Value<R>, R> {
        if self.static_handoff.is_some() {
            if let Some(f) = self.take_static_handoff(obj, key) {
                return Ok(f);
            }
        }
        match self.lookup_attr(obj, key)? {
            Some(v) => Ok(v),
            None => Err(self.attribute_error(obj, key.value.as_str().unwrap_or("?"))),
        }
    }

    /// The function LoadMethod's cache left for this attribute load (`Vm::static_handoff`),
    /// if it was left for this receiver and name; the hand-off is gone either way.
    #[cold]
    #[inline(never)]
    fn take_static_handoff(&mut self, obj: &Value<R>, key: &DictKey<R>) -> Option<Value<R>> {
        let (addr, name, f) = self.static_handoff.take()?;
        (matches!(obj, Value::Obj(o) if o.addr() == addr) && std::ptr::eq(name, key)).then_some(f)
    }

    /// `obj.name`, or `None` where the lookup itself finds nothing (CPython's
    /// `_PyObject_LookupAttr`): `hasattr` and `getattr(obj, name, default)` ask this, so a
    /// missing attribute costs no AttributeError made and dropped. An AttributeError raised
    /// by a user's `__getattribute__`, `__getattr__` or property still comes as an error.
    pub fn lookup_attr(
        &mut self,
        obj: &Value<R>,
        key: &DictKey<R>,
    ) -> PyResult<Option<Value<R>>, R> {
        if let Some(ObjKind::Instance(_)) = obj.kind() {
            if let Some(v) = self.custom_getattribute(obj, key)? {
                return Ok(Some(v));
            }
        }
        self.lookup_attr_generic(obj, key)
    }

    /// `object.__getattribute__` with the `__getattr__` fallback: the lookup without a
    /// user `__getattribute__`.
    pub fn get_attr_generic(&mut self, obj: &Value<R>, key: &DictKey<R>) -> PyResult<Value<R>, R> {
        match self.lookup_attr_generic(obj, key)? {
            Some(v) => Ok(v),
            None => Err(self.attribute_error(obj, key.value.as_str().unwrap_or("?"))),
        }
    }

    fn lookup_attr_generic(
        &mut self,
        obj: &Value<R>,
        key: &DictKey<R>,
    ) -> PyResult<Option<Value<R>>, R> {
        if let Some(v) = self.get_attr_opt(obj, key)? {
            return Ok(Some(v));
        }
        if let Some(v) = self.module_getattr(obj, key)? {
            return Ok(Some(v));
        }
        let class = self.types().class_of(obj).clone();
        let getattr_key = self.static_key("__getattr__");
        if let Some(getattr) = self.lookup_type(&class, &getattr_key) {
            let f = self.bind_class_attr(getattr, obj, &class);
            return self.call(&f, vec![key.value.clone()], Vec::new()).map(Some);
        }
        Ok(None)
    }

    /// A module's own `__getattr__` (PEP 562), called for a name its dict lacks; `None` when
    /// `obj` is not a module or defines none.
    pub fn module_getattr(
        &mut self,
        obj: &Value<R>,
        key: &DictKey<R>,
    ) -> PyResult<Option<Value<R>>, R> {
        let Some(ObjKind::Module(m)) = obj.kind() else {
            return Ok(None);
        };
        let hook = super::eval::dict_get(&m.dict, &self.static_key("__getattr__"));
        match hook {
            Some(f) => self.call(&f, vec![key.value.clone()], Vec::new()).map(Some),
            None => Ok(None),
        }
    }

    /// `getattr(obj, name)` by a Rust string.
    pub fn get_attr_str(&mut self, obj: &Value<R>, name: &str) -> PyResult<Value<R>, R> {
        let key = self.str_key(name);
        self.get_attr(obj, &key)
    }

    pub fn attribute_error(&self, obj: &Value<R>, name: &str) -> PyErr<R> {
        let msg = match obj.kind() {
            // The module's name is its `__name__` global, as CPython reads it.
            Some(ObjKind::Module(m)) => {
                let key = self.str_key("__name__");
                let found = super::eval::dict_get(&m.dict, &key);
                match found.as_ref().and_then(|v| v.as_str()) {
                    Some(mod_name) if self.interp.imports.initializing(mod_name) => format!(
                        "partially initialized module '{mod_name}' has no attribute '{name}' \
                         (most likely due to a circular import)"
                    ),
                    Some(mod_name) => format!("module '{mod_name}' has no attribute '{name}'"),
                    None => format!("module has no attribute '{name}'"),
                }
            }
            // CPython's getset on `type` raises with the bare name.
            Some(ObjKind::Class(_)) if name == "__abstractmethods__" => name.to_string(),
            Some(ObjKind::Class(c)) => {
                format!("type object '{}' has no attribute '{name}'", c.name)
            }
            _ => format!("'{}' object has no attribute '{name}'", self.type_name(obj)),
        };
        PyErr::new(ExcKind::AttributeError, msg)
    }

    /// The attribute, or `None` when there is none (no `__getattr__` fallback).
    pub fn get_attr_opt(
        &mut self,
        obj: &Value<R>,
        key: &DictKey<R>,
    ) -> PyResult<Option<Value<R>>, R> {
        let name = key.value.as_str().unwrap_or("");
        if let Value::Obj(o) = obj {
            match o.kind() {
                ObjKind::Module(m) => {
                    let builtins = m.dict.ptr_eq(&self.interp.builtins);
                    if name == "__dict__" {
                        if builtins {
                            self.complete_builtins()?;
                        }
                        return Ok(Some(Value::Obj(m.dict.clone())));
                    }
                    // A module of a ModuleType subclass looks in its class too (below).
                    if m.class.get().is_none() {
                        let found = super::eval::dict_get(&m.dict, key);
                        if found.is_none() && name == "__class__" {
                            return Ok(Some(Value::Obj(self.types().module.clone())));
                        }
                        if found.is_none() && builtins {
                            return self.lazy_builtin(name);
                        }
                        return Ok(found);
                    }
                }
                ObjKind::Class(_) => return self.class_attr(o, key),
                ObjKind::Super { class, receiver } => return self.super_attr(class, receiver, key),
                _ => {}
            }
        }
        let class = self.types().class_of(obj).clone();
        let found = self.lookup_type(&class, key);
        // Data descriptors (properties) come before the instance dict.
        if let Some(f) = &found {
            if let Some(ObjKind::Property { fget, .. }) = f.kind() {
                let fget = fget.clone();
                if fget.is_none() {
                    return Err(PyErr::new(
                        ExcKind::AttributeError,
                        format!(
                            "property '{name}' of '{}' object has no getter",
                            self.type_name(obj)
                        ),
                    ));
                }
                return self.call(&fget, vec![obj.clone()], Vec::new()).map(Some);
            }
            if self.is_data_descriptor(f) {
                return self.descriptor_get(f, obj, &class);
            }
        }
        if let Some(v) = self.instance_dict_get(obj, key) {
            return Ok(Some(v));
        }
        if let Some(f) = found {
            if let Some(v) = self.descriptor_get(&f, obj, &class)? {
                return Ok(Some(v));
            }
            // `__new__` is a static method without the decorator: `obj.__new__(cls)` is unbound.
            if name == "__new__" && matches!(f.kind(), Some(ObjKind::Function(_))) {
                return Ok(Some(f));
            }
            return Ok(Some(self.bind_class_attr(f, obj, &class)));
        }
        let special = self.special_attr(obj, name)?;
        // A built-in value's docstring is its type's (`[].__doc__`).
        if special.is_none() && name == "__doc__" {
            return self.class_attr(&class, key);
        }
        Ok(special)
    }

    /// Whether `f` is the function the `builtins` module holds under `name`.
    fn is_builtins_function(&self, f: &Value<R>, name: &'static str) -> bool {
        let key = self.static_key(name);
        super::eval::dict_get(&self.interp.builtins, &key).is_some_and(|g| g.is(f))
    }

    /// Binds a value found on a class to the instance it was looked up through.
    pub fn bind_class_attr(&self, f: Value<R>, obj: &Value<R>, class: &ObjRef<R>) -> Value<R> {
        match f.kind() {
            Some(ObjKind::Function(_)) => Value::new_obj(ObjKind::BoundMethod {
                func: f,
                receiver: obj.clone(),
            }),
            // A built-in function (`f = abs` in a class body) is no method: it does not bind.
            Some(ObjKind::Builtin(b))
                if b.receiver.is_none()
                    && matches!(obj.kind(), Some(ObjKind::Instance(_)))
                    && self.is_builtins_function(&f, b.name) =>
            {
                f
            }
            Some(ObjKind::Builtin(b)) if b.receiver.is_none() => {
                // A built-in type's method on its subclass's instance works on the base value.
                // The reduction methods of `object` need the instance itself (class, dict),
                // and a property's copies are made by the subclass (`type(self)(...)`).
                let whole = matches!(
                    b.name,
                    "__reduce_ex__"
                        | "__reduce__"
                        | "__getstate__"
                        | "getter"
                        | "setter"
                        | "deleter"
                );
                let receiver = match whole {
                    true => obj.clone(),
                    false => self.builtin_base(obj).unwrap_or_else(|| obj.clone()),
                };
                Value::new_obj(ObjKind::Builtin(Box::new(BuiltinFn::new(
                    b.name,
                    b.func,
                    Some(receiver),
                ))))
            }
            Some(ObjKind::ClassMethod(inner)) => Value::new_obj(ObjKind::BoundMethod {
                func: inner.clone(),
                receiver: Value::Obj(class.clone()),
            }),
            Some(ObjKind::StaticMethod(inner)) => inner.clone(),
            _ => f,
        }
    }

    fn instance_dict_get(&self, obj: &Value<R>, key: &DictKey<R>) -> Option<Value<R>> {
        match obj.kind()? {
            ObjKind::Instance(i) => i.get(key),
            ObjKind::Exception(e) => e.state.lock::<R>().dict.get(key).cloned(),
            ObjKind::Module(m) => super::eval::dict_get(&m.dict, key),
            _ => None,
        }
    }

    /// Attribute of a class object: its dict along the MRO, then the metaclass's.
    fn class_attr(&mut self, class: &ObjRef<R>, key: &DictKey<R>) -> PyResult<Option<Value<R>>, R> {
        let ObjKind::Class(c) = class.kind() else {
            return Ok(None);
        };
        if key.value.as_str() == Some("__abstractmethods__") {
            return Ok(self.abstract_methods_attr(c));
        }
        if let Some(v) = c.lookup(key) {
            return Ok(Some(match v.kind() {
                Some(ObjKind::ClassMethod(f)) => Value::new_obj(ObjKind::BoundMethod {
                    func: f.clone(),
                    receiver: Value::Obj(class.clone()),
                }),
                Some(ObjKind::StaticMethod(f)) => f.clone(),
                Some(ObjKind::Instance(_)) => {
                    let none = Value::None;
                    match self.descriptor_get(&v, &none, class)? {
                        Some(bound) => bound,
                        None => v,
                    }
                }
                _ => v,
            }));
        }
        let name = key.value.as_str().unwrap_or("");
        Ok(match name {
            "__name__" => Some(self.new_str(c.name.as_str())),
            "__qualname__" => Some(self.new_str(c.qualname.as_str())),
            "__module__" => Some(self.new_str(c.module.as_str())),
            // A type made in Rust has its docstring in the tables; a class statement always
            // stores one (None without a docstring), so it never gets here.
            "__doc__" => Some(
                self.native_class_doc(class)
                    .map_or(Value::None, |d| self.new_str(d.text)),
            ),
            "__text_signature__" => Some(
                self.native_class_doc(class)
                    .and_then(|d| d.signature)
                    .map_or(Value::None, |s| self.new_str(s)),
            ),
            "__bases__" => {
                let bases = c.bases.iter().map(|b| Value::Obj(b.clone())).collect();
                Some(self.new_tuple(bases))
            }
            // The first base (CPython's solid base, the same for classes of plain layout).
            "__base__" => Some(
                c.bases
                    .first()
                    .map_or(Value::None, |b| Value::Obj(b.clone())),
            ),
            "__mro__" => {
                let mut mro = vec![Value::Obj(class.clone())];
                mro.extend(c.mro.iter().map(|b| Value::Obj(b.clone())));
                Some(self.new_tuple(mro))
            }
            "__dict__" => {
                let map = c.dict.lock::<R>().clone();
                Some(self.new_dict(map))
            }
            "__class__" => Some(Value::Obj(self.metaclass_of(class))),
            // Methods of the metaclass (`type` or a user metaclass), bound to the class.
            _ => self.metaclass_attr(class, key)?,
        })
    }

    /// `cls.__abstractmethods__`: only the class's own entry (CPython's getset on `type`,
    /// so neither `type` nor a subclass sees another class's).
    #[cold]
    fn abstract_methods_attr(&mut self, c: &ClassObj<R>) -> Option<Value<R>> {
        let key = self.static_key("__abstractmethods__");
        let own = c.dict.lock::<R>().get(&key).cloned();
        own
    }

    /// `super().name`: looks past `class` in the receiver's MRO.
    fn super_attr(
        &mut self,
        class: &Value<R>,
        receiver: &Value<R>,
        key: &DictKey<R>,
    ) -> PyResult<Option<Value<R>>, R> {
        if receiver.is_none() {
            // An unbound super (`super(C)`) finds nothing past C.
            return Ok(None);
        }
        // super(C, x): x's class MRO, unless x is itself a subclass of C (class methods).
        let recv_class = match (receiver, class) {
            (Value::Obj(o), Value::Obj(c)) if matches!(o.kind(), ObjKind::Class(oc) if oc.is_subclass_of(o, c)) => {
                o.clone()
            }
            _ => self.types().class_of(receiver).clone(),
        };
        let ObjKind::Class(rc) = recv_class.kind() else {
            return Ok(None);
        };
        let mut mro = vec![recv_class.clone()];
        mro.extend(rc.mro.iter().cloned());
        let start = mro
            .iter()
            .position(|c| Value::Obj(c.clone()).is(class))
            .map(|i| i + 1)
            .unwrap_or(mro.len());
        for c in &mro[start..] {
            if let ObjKind::Class(cc) = c.kind() {
                let found = cc.dict.lock::<R>().get(key).cloned();
                if let Some(f) = found {
                    if let Some(ObjKind::Property { fget, .. }) = f.kind() {
                        let fget = fget.clone();
                        return self
                            .call(&fget, vec![receiver.clone()], Vec::new())
                            .map(Some);
                    }
                    // `__new__` is a static method: `super().__new__(cls, ...)` passes the class.
                    if key.value.as_str() == Some("__new__") {
                        if let Some(ObjKind::Builtin(_) | ObjKind::Function(_)) = f.kind() {
                            return Ok(Some(f));
                        }
                    }
                    if let Some(v) = self.descriptor_get(&f, receiver, &recv_class)? {
                        return Ok(Some(v));
                    }
                    return Ok(Some(self.bind_class_attr(f, receiver, &recv_class)));
                }
            }
        }
        Ok(None)
    }

    /// Attributes that live outside any dict: `__class__`, exception args, function names...
    fn special_attr(&mut self, obj: &Value<R>, name: &str) -> PyResult<Option<Value<R>>, R> {
        if name == "__class__" {
            return Ok(Some(Value::Obj(self.types().class_of(obj).clone())));
        }
        let Some(kind) = obj.kind() else {
            return Ok(match (obj, name) {
                (Value::Int(_) | Value::Bool(_), "real" | "numerator") => Some(self.int_value(obj)),
                (Value::Int(_) | Value::Bool(_), "imag") => Some(Value::Int(0)),
                (Value::Int(_) | Value::Bool(_), "denominator") => Some(Value::Int(1)),
                (Value::Float(f), "real") => Some(Value::Float(*f)),
                (Value::Float(_), "imag") => Some(Value::Float(0.0)),
                _ => None,
            });
        };
        Ok(match kind {
            ObjKind::Exception(e) => {
                let st = e.state.lock::<R>();
                match name {
                    "args" => Some(st.args.clone()),
                    "__cause__" => Some(st.cause.clone()),
                    "__context__" => Some(st.context.clone()),
                    "__suppress_context__" => Some(Value::Bool(st.suppress_context)),
                    "__traceback__" => {
                        drop(st);
                        Some(self.traceback_of(obj))
                    }
                    "__dict__" => {
                        let d = st.dict.clone();
                        drop(st);
                        Some(self.new_dict(d))
                    }
                    "code" | "value" => {
                        // SystemExit.code and StopIteration.value: the first argument.
                        let first = match st.args.kind() {
                            Some(ObjKind::Tuple(t)) => t.first().cloned(),
                            _ => None,
                        };
                        let is_exit = self.exception_kind_of(obj).is_some_and(|k| {
                            (name == "code" && k == ExcKind::SystemExit)
                                || (name == "value" && k == ExcKind::StopIteration)
                        });
                        if is_exit {
                            Some(first.unwrap_or(Value::None))
                        } else {
                            None
                        }
                    }
                    // ImportError.name and .path: None unless the import machinery set them.
                    "name" | "path"
                        if self.isinstance_class(
                            obj,
                            self.types().exception(ExcKind::ImportError),
                        ) =>
                    {
                        Some(Value::None)
                    }
                    _ => None,
                }
            }
            ObjKind::Instance(i) if name == "__dict__" => {
                let class = i.class.clone();
                match self.slot_names(&class) {
                    Some(_) => None,
                    None => Some(Value::Obj(i.dict_object())),
                }
            }
            ObjKind::Function(f) => self.function_attr(f, name),
            ObjKind::Code(c) => self.code_attr(c, name),
            // An empty cell has no contents (CPython raises ValueError there).
            ObjKind::Cell(c) if name == "cell_contents" => c.lock::<R>().clone(),
            ObjKind::Builtin(b) => match name {
                "__name__" => Some(self.new_str(b.name)),
                // A built-in type's method is named after its class (`str.replace`).
                "__qualname__" => {
                    let owner = self.builtin_owner_class(obj, b.receiver.as_ref());
                    Some(match owner.as_ref().map(|c| c.kind()) {
                        Some(ObjKind::Class(c)) => {
                            self.new_str(format!("{}.{}", c.qualname, b.name))
                        }
                        _ => self.new_str(b.name),
                    })
                }
                "__self__" => Some(b.receiver.clone().unwrap_or(Value::None)),
                "__doc__" | "__text_signature__" => Some(self.builtin_doc_attr(obj, name)),
                _ => None,
            },
            ObjKind::BoundMethod { func, receiver } => match name {
                "__self__" => Some(receiver.clone()),
                "__func__" => Some(func.clone()),
                _ => {
                    let func = func.clone();
                    let key = self.str_key(name);
                    self.get_attr_opt(&func, &key)?
                }
            },
            ObjKind::Range { start, stop, step } => match name {
                "start" => Some(Value::Int(*start)),
                "stop" => Some(Value::Int(*stop)),
                "step" => Some(Value::Int(*step)),
                _ => None,
            },
            ObjKind::Slice(parts) => match name {
                "start" => Some(parts[0].clone()),
                "stop" => Some(parts[1].clone()),
                "step" => Some(parts[2].clone()),
                _ => None,
            },
            ObjKind::BigInt(_) => match name {
                "real" | "numerator" => Some(obj.clone()),
                "imag" => Some(Value::Int(0)),
                "denominator" => Some(Value::Int(1)),
                _ => None,
            },
            ObjKind::Generator(g) => {
                match (name, g.flavor) {
                    ("__name__", _) => Some(self.new_str(&*g.name)),
                    ("__qualname__", _) => Some(self.new_str(&*g.qualname)),
                    ("gi_running", GenFlavor::Generator)
                    | ("cr_running", GenFlavor::Coroutine)
                    | ("ag_running", GenFlavor::AsyncGenerator) => Some(Value::Bool(
                        g.running.load(std::sync::atomic::Ordering::Relaxed),
                    )),
                    ("gi_suspended", GenFlavor::Generator)
                    | ("cr_suspended", GenFlavor::Coroutine) => Some(Value::Bool(
                        g.started.load(std::sync::atomic::Ordering::Relaxed)
                            && !g.running.load(std::sync::atomic::Ordering::Relaxed)
                            && g.frame.lock::<R>().is_some(),
                    )),
                    ("gi_frame", GenFlavor::Generator)
                    | ("cr_frame", GenFlavor::Coroutine)
                    | ("ag_frame", GenFlavor::AsyncGenerator) => Some(self.generator_frame(g)),
                    // What a suspended `yield from` or `await` delegates to.
                    ("gi_yieldfrom", GenFlavor::Generator)
                    | ("cr_await", GenFlavor::Coroutine)
                    | ("ag_await", GenFlavor::AsyncGenerator) => {
                        Some(super::generator::awaiting(g).unwrap_or(Value::None))
                    }
                    _ => None,
                }
            }
            ObjKind::Property {
                fget,
                fset,
                fdel,
                doc,
            } => match name {
                "fget" => Some(fget.clone()),
                "fset" => Some(fset.clone()),
                "fdel" => Some(fdel.clone()),
                // Without a doc of its own, a property shows its getter's.
                "__doc__" if doc.is_none() && !fget.is_none() => {
                    let fget = fget.clone();
                    let key = self.static_key("__doc__");
                    Some(self.get_attr_opt(&fget, &key)?.unwrap_or(Value::None))
                }
                "__doc__" => Some(doc.clone()),
                _ => None,
            },
            ObjKind::StaticMethod(f) | ObjKind::ClassMethod(f)
                if matches!(name, "__func__" | "__wrapped__") =>
            {
                Some(f.clone())
            }
            ObjKind::Module(m) if name == "__dict__" => Some(Value::Obj(m.dict.clone())),
            _ => None,
        })
    }

    fn int_value(&self, v: &Value<R>) -> Value<R> {
        match v {
            Value::Bool(b) => Value::Int(*b as i64),
            _ => v.clone(),
        }
    }

    /// `object.__setattr__(obj, name, value)` on an instance: a data descriptor of its class,
    /// else the instance's own storage (its slots or its dict).
    pub fn set_instance_attr_plain(
        &mut self,
        obj: &Value<R>,
        i: &InstanceObj<R>,
        key: &DictKey<R>,
        value: Value<R>,
    ) -> PyResult<(), R> {
        let name = key.value.as_str().unwrap_or("");
        let class = i.class.clone();
        if let Some(p) = self.lookup_type(&class, key) {
            if self.descriptor_set(&p, obj, name, value.clone())? {
                return Ok(());
            }
        }
        if name == "__class__" {
            return self.assign_class(obj, value);
        }
        self.check_slots(obj, &class, name)?;
        if name == "__dict__" {
            return self.assign_instance_dict(i, value);
        }
        let old = i.set(key.clone(), value);
        drop(old);
        Ok(())
    }

    /// `obj.name = value`
    pub fn set_attr(
        &mut self,
        obj: &Value<R>,
        key: &DictKey<R>,
        value: Value<R>,
    ) -> PyResult<(), R> {
        let name = key.value.as_str().unwrap_or("");
        if name == "__class__" && !matches!(obj.kind(), Some(ObjKind::Instance(_))) {
            return self.assign_class(obj, value);
        }
        let Some(kind) = obj.kind() else {
            return Err(self.readonly_attr_error(obj, name));
        };
        match kind {
            ObjKind::Instance(i) => {
                // A class's own __setattr__ sees every assignment, data descriptors
                // included: they are object.__setattr__'s business.
                let setattr_key = self.static_key("__setattr__");
                if let Some(setattr) = self.lookup_type(&i.class, &setattr_key) {
                    if matches!(setattr.kind(), Some(ObjKind::Function(_))) {
                        self.call(
                            &setattr,
                            vec![obj.clone(), key.value.clone(), value],
                            Vec::new(),
                        )?;
                        return Ok(());
                    }
                }
                self.set_instance_attr_plain(obj, i, key, value)
            }
            ObjKind::Exception(e) => {
                if !matches!(name, "args" | "__cause__" | "__context__" | "__traceback__") {
                    // A data descriptor of the exception's class (a property with a setter)
                    // takes the value, as for any instance.
                    let class = self.types().class_of(obj).clone();
                    if let Some(d) = self.lookup_type(&class, key) {
                        if self.descriptor_set(&d, obj, name, value.clone())? {
                            return Ok(());
                        }
                    }
                }
                let mut st = e.state.lock::<R>();
                let old = match name {
                    "args" => Some(std::mem::replace(&mut st.args, value)),
                    "__cause__" => {
                        st.suppress_context = true;
                        Some(std::mem::replace(&mut st.cause, value))
                    }
                    "__context__" => Some(std::mem::replace(&mut st.context, value)),
                    "__traceback__" => {
                        let entries = match value.kind() {
                            Some(ObjKind::Native(n)) => n
                                .data
                                .downcast_ref::<super::frame_object::TracebackLink<R>>()
                                .map(|tb| tb.entries_from_here()),
                            _ if value.is_none() => Some(Vec::new()),
                            _ => None,
                        };
                        let Some(entries) = entries else {
                            return Err(PyErr::type_error(
                                "__traceback__ must be a traceback or None",
                            ));
                        };
                        st.traceback = entries;
                        let given = (!value.is_none()).then(|| value.clone());
                        let old = std::mem::replace(
                            &mut st.traceback_object,
                            given.unwrap_or(Value::None),
                        );
                        Some(old)
                    }
                    _ => st.dict.insert(key.clone(), value),
                };
                drop(st);
                drop(old);
                Ok(())
            }
            ObjKind::Class(_) => {
                if let Some(hook) = self.metaclass_hook(obj, "__setattr__") {
                    self.call(
                        &hook,
                        vec![obj.clone(), key.value.clone(), value],
                        Vec::new(),
                    )?;
                    return Ok(());
                }
                self.set_class_attr_plain(obj, key, value)
            }
            ObjKind::Module(m) => {
                // A ModuleType subclass's properties and other data descriptors.
                if let Some(class) = m.class.get().cloned() {
                    if let Some(p) = self.lookup_type(&class, key) {
                        if self.descriptor_set(&p, obj, name, value.clone())? {
                            return Ok(());
                        }
                    }
                }
                super::eval::dict_set(&m.dict, key.clone(), value);
                Ok(())
            }
            ObjKind::Function(f) => self.set_function_attr(f, key, value),
            // A native type's own setters (`frame.f_trace`).
            ObjKind::Native(n) => {
                if let Some(p) = self.lookup_type(&n.class, key) {
                    if self.descriptor_set(&p, obj, name, value)? {
                        return Ok(());
                    }
                }
                Err(self.readonly_attr_error(obj, name))
            }
            _ => Err(self.readonly_attr_error(obj, name)),
        }
    }

    /// `type.__setattr__(cls, name, value)`: a class attribute set without the metaclass's
    /// own `__setattr__`.
    pub fn set_class_attr_plain(
        &mut self,
        obj: &Value<R>,
        key: &DictKey<R>,
        value: Value<R>,
    ) -> PyResult<(), R> {
        let Some(ObjKind::Class(c)) = obj.kind() else {
            return self.set_attr(obj, key, value);
        };
        let name = key.value.as_str().unwrap_or("");
        if self.immutable_type(c) {
            return Err(immutable_type_error(name, c));
        }
        if matches!(name, "__name__" | "__qualname__") {
            match value.as_str() {
                None => {
                    return Err(PyErr::type_error(format!(
                        "can only assign string to {}.{name}, not '{}'",
                        c.name,
                        self.type_name(&value)
                    )))
                }
                Some(text) if name == "__name__" && text.contains('\0') => {
                    return Err(PyErr::value_error(
                        "type name must not contain null characters",
                    ))
                }
                Some(_) => {}
            }
        }
        // A data descriptor of the metaclass (a property with a setter) takes the value.
        let meta = self.types().class_of(obj).clone();
        if !meta.ptr_eq(&self.types().type_) {
            if let Some(p) = self.lookup_type(&meta, key) {
                if self.descriptor_set(&p, obj, name, value.clone())? {
                    return Ok(());
                }
            }
        }
        if name == "__abstractmethods__" {
            // CPython's type flag: the truth of the value at the time of assignment.
            let on = self.truthy(&value)?;
            c.set_abstract_flag(on);
        }
        let old = c.dict.lock::<R>().insert(key.clone(), value);
        self.classes_changed();
        drop(old);
        Ok(())
    }

    /// `obj.__dict__ = d`: the instance's attributes are the dict `d`'s from now on.
    pub fn assign_instance_dict(&mut self, i: &InstanceObj<R>, value: Value<R>) -> PyResult<(), R> {
        // A dict subclass's instance gives the dict it extends.
        let dict = self.builtin_base(&value).unwrap_or_else(|| value.clone());
        match dict {
            Value::Obj(d) if matches!(d.kind(), ObjKind::Dict(_)) => {
                i.replace_dict(d);
                Ok(())
            }
            _ => Err(PyErr::type_error(format!(
                "__dict__ must be set to a dictionary, not a '{}'",
                self.type_name(&value)
            ))),
        }
    }

    fn readonly_attr_error(&self, obj: &Value<R>, name: &str) -> PyErr<R> {
        let found = {
            let class = self.types().class_of(obj);
            class_lookup(class, &self.str_key(name))
        };
        // A computed attribute of a built-in value (`(1).real`): CPython's getset text.
        if let Some(ObjKind::Property { .. }) = found.as_ref().and_then(|f| f.kind()) {
            return PyErr::new(
                ExcKind::AttributeError,
                format!(
                    "attribute '{name}' of '{}' objects is not writable",
                    self.type_name(obj)
                ),
            );
        }
        if found.is_some() {
            PyErr::new(
                ExcKind::AttributeError,
                format!(
                    "'{}' object attribute '{name}' is read-only",
                    self.type_name(obj)
                ),
            )
        } else {
            PyErr::new(
                ExcKind::AttributeError,
                format!("'{}' object has no attribute '{name}'", self.type_name(obj)),
            )
        }
    }

    /// A built-in type (made by the interpreter, not by a class statement or `type()`): its
    /// attributes cannot be set or deleted, as CPython's static types.
    fn immutable_type(&self, c: &crate::objects::ClassObj<R>) -> bool {
        c.module == "builtins"
            && !c
                .dict
                .lock::<R>()
                .contains_key(&self.static_key("__module__"))
    }

    /// `del obj.name`
    pub fn del_attr(&mut self, obj: &Value<R>, key: &DictKey<R>) -> PyResult<(), R> {
        if matches!(obj.kind(), Some(ObjKind::Instance(_))) && self.custom_delattr(obj, key)? {
            return Ok(());
        }
        if matches!(obj.kind(), Some(ObjKind::Class(_))) {
            if let Some(hook) = self.metaclass_hook(obj, "__delattr__") {
                self.call(&hook, vec![obj.clone(), key.value.clone()], Vec::new())?;
                return Ok(());
            }
        }
        self.del_attr_plain(obj, key)
    }

    /// `object.__delattr__(obj, name)`: `del obj.name` without the class's own `__delattr__`.
    pub fn del_attr_plain(&mut self, obj: &Value<R>, key: &DictKey<R>) -> PyResult<(), R> {
        let name = key.value.as_str().unwrap_or("");
        if let Some(ObjKind::Class(c)) = obj.kind() {
            if self.immutable_type(c) {
                return Err(immutable_type_error(name, c));
            }
            // A class keeps these (CPython's message calls every type immutable here).
            if matches!(name, "__name__" | "__qualname__" | "__module__" | "__doc__") {
                return Err(PyErr::type_error(format!(
                    "cannot delete '{name}' attribute of immutable type '{}'",
                    c.name
                )));
            }
        }
        if let Some(ObjKind::Instance(i)) = obj.kind() {
            let class = i.class.clone();
            if let Some(p) = self.lookup_type(&class, key) {
                if self.descriptor_delete(&p, obj, name)? {
                    return Ok(());
                }
            }
        }
        let removed = match obj.kind() {
            // `del obj.__dict__`: the instance starts over with an empty dict.
            Some(ObjKind::Instance(i))
                if name == "__dict__" && self.slot_names(&i.class).is_none() =>
            {
                i.replace_dict(ObjRef::new(ObjKind::Dict(ObjCell::new(DictMap::default()))));
                return Ok(());
            }
            Some(ObjKind::Instance(i)) => i.remove(key),
            Some(ObjKind::Exception(e)) => e.state.lock::<R>().dict.shift_remove(key),
            Some(ObjKind::Class(c)) => {
                let removed = c.dict.lock::<R>().shift_remove(key);
                if name == "__abstractmethods__" {
                    let Some(v) = removed else {
                        return Err(PyErr::new(ExcKind::AttributeError, "__abstractmethods__"));
                    };
                    c.set_abstract_flag(false);
                    self.classes_changed();
                    drop(v);
                    return Ok(());
                }
                self.classes_changed();
                removed
            }
            Some(ObjKind::Module(m)) => match m.dict.kind() {
                ObjKind::Dict(d) => d.lock::<R>().shift_remove(key),
                _ => None,
            },
            Some(ObjKind::Function(f)) if self.del_function_attr(f, key) => return Ok(()),
            _ => None,
        };
        match removed {
            Some(v) => {
                drop(v);
                Ok(())
            }
            // A built-in value's own attributes cannot be deleted (`del [].append`).
            None if !matches!(
                obj.kind(),
                Some(
                    ObjKind::Instance(_)
                        | ObjKind::Exception(_)
                        | ObjKind::Class(_)
                        | ObjKind::Module(_)
                        | ObjKind::Function(_)
                )
            ) =>
            {
                Err(self.readonly_attr_error(obj, name))
            }
            None => Err(self.attribute_error(obj, name)),
        }
    }

    /// For `obj.name(...)`: the plain function found on the class when calling it with `obj`
    /// prepended is the same as calling the bound method; `None` otherwise.
    pub fn load_method(
        &mut self,
        obj: &Value<R>,
        key: &DictKey<R>,
    ) -> PyResult<Option<Value<R>>, R> {
        if let Some(ObjKind::Module(_) | ObjKind::Class(_) | ObjKind::Super { .. }) = obj.kind() {
            return Ok(None);
        }
        if let Some(ObjKind::Instance(_)) = obj.kind() {
            if self.has_custom_getattribute(obj) {
                return Ok(None);
            }
        }
        let class = self.types().class_of(obj).clone();
        let Some(f) = self.lookup_type(&class, key) else {
            return Ok(None);
        };
        let plain = match f.kind() {
            Some(ObjKind::Function(_)) => true,
            Some(ObjKind::Builtin(b)) => {
                b.receiver.is_none()
                    && self.builtin_base(obj).is_none()
                    && !self.is_builtins_function(&f, b.name)
            }
            _ => false,
        };
        // `__new__` is static: `obj.__new__(cls)` is the function itself (see `get_attr`).
        if !plain || key.value.as_str() == Some("__new__") {
            return Ok(None);
        }
        if self.instance_dict_get(obj, key).is_some() {
            return Ok(None);
        }
        Ok(Some(f))
    }

    /// The Python type name of a value (`type(x).__name__`).
    pub fn type_name(&self, v: &Value<R>) -> String {
        match self.types().class_of(v).kind() {
            ObjKind::Class(c) => c.name.clone(),
            _ => "object".to_string(),
        }
    }

    /// The built-in exception kind a value's class is (or derives from).
    pub fn exception_kind_of(&self, v: &Value<R>) -> Option<ExcKind> {
        let class = self.types().class_of(v);
        let ObjKind::Class(c) = class.kind() else {
            return None;
        };
        if c.layout != Layout::Exception {
            return None;
        }
        let exc = &self.types().exceptions;
        std::iter::once(class).chain(c.mro.iter()).find_map(|k| {
            exc.iter()
                .position(|e| e.ptr_eq(k))
                .map(|i| ExcKind::ALL[i])
        })
    }
}

/// CPython's error for setting or deleting an attribute of a built-in type.
fn immutable_type_error<R: Runtime>(name: &str, c: &crate::objects::ClassObj<R>) -> PyErr<R> {
    PyErr::type_error(format!(
        "cannot set '{name}' attribute of immutable type '{}'",
        c.name
    ))
}
