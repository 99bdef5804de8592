//! Values to text: `str()`, `repr()`, `ascii()`, `format()`, `%`-formatting and
//! `str.format`, following CPython's output exactly (the number formatting itself lives in
//! `objects::format`).

use super::Vm;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::format::{self, FormatError, FormatErrorKind, TemplateHost};
use crate::objects::{ObjKind, Value};
use crate::vm::Runtime;
use num_bigint::BigInt;

impl<R: Runtime> From<FormatError> for PyErr<R> {
    fn from(e: FormatError) -> Self {
        let kind = match e.kind {
            FormatErrorKind::ValueError => ExcKind::ValueError,
            FormatErrorKind::OverflowError => ExcKind::OverflowError,
        };
        PyErr::new(kind, e.message)
    }
}

impl<R: Runtime> Vm<R> {
    /// `str(v)`
    pub fn to_str(&mut self, v: &Value<R>) -> PyResult<String, R> {
        match v.kind() {
            Some(ObjKind::Str(s)) => Ok(s.as_str().to_string()),
            Some(ObjKind::Exception(e)) => {
                if let Some(r) = self.user_dunder_str(v, "__str__")? {
                    return Ok(r);
                }
                let args = e.state.lock::<R>().args.clone();
                let items = match args.kind() {
                    Some(ObjKind::Tuple(t)) => t.to_vec(),
                    _ => Vec::new(),
                };
                let is_key_error = self.exception_kind_of(v) == Some(ExcKind::KeyError);
                if let Some(s) = self.syntax_error_str(v) {
                    return Ok(s);
                }
                match items.len() {
                    0 => Ok(String::new()),
                    1 if is_key_error => self.repr(&items[0]),
                    1 => self.to_str(&items[0]),
                    _ => self.repr(&args),
                }
            }
            Some(ObjKind::Instance(_) | ObjKind::Native(_)) => {
                match self.user_dunder_str(v, "__str__")? {
                    Some(s) => Ok(s),
                    None => match self.builtin_base(v) {
                        // A str subclass's str is its text, whatever its repr.
                        Some(b) if b.as_str().is_some() => self.to_str(&b),
                        _ => self.repr(v),
                    },
                }
            }
            _ => self.repr(v),
        }
    }

    /// `<module 'm' from '/path/m.py'>`, `<module 'keyword' (frozen)>` for the bundled
    /// library (whose modules have a `__loader__` but no file), `<module 'sys' (built-in)>`.
    fn module_repr(&self, name: &str, dict: &crate::objects::ObjRef<R>, by_call: bool) -> String {
        let get = |key: &'static str| super::eval::dict_get(dict, &self.static_key(key));
        // `__name__` as it is now (a module made by `ModuleType.__new__` alone has none).
        let current = get("__name__");
        let name = current.as_ref().and_then(|n| n.as_str()).unwrap_or(name);
        match get("__file__") {
            // `-` names its code `<stdin>`: not a file to show.
            Some(f) if f.as_str().is_some_and(|f| !f.starts_with('<')) => {
                format!("<module '{name}' from '{}'>", f.as_str().unwrap_or(""))
            }
            // Made by `ModuleType(name)`: no loader.
            _ if by_call && get("__loader__").is_none_or(|l| l.is_none()) => {
                format!("<module '{name}'>")
            }
            _ if get("__loader__").is_some() => format!("<module '{name}' (frozen)>"),
            _ => format!("<module '{name}' (built-in)>"),
        }
    }

    /// `str()` of a SyntaxError that knows where it happened: `msg (file.py, line 2)`.
    fn syntax_error_str(&mut self, v: &Value<R>) -> Option<String> {
        if !matches!(
            self.exception_kind_of(v),
            Some(ExcKind::SyntaxError | ExcKind::IndentationError | ExcKind::TabError)
        ) {
            return None;
        }
        let msg = match self.get_attr_str(v, "msg").ok()? {
            Value::None => "None".to_string(),
            m => m.as_str()?.to_string(),
        };
        let file = self.get_attr_str(v, "filename").ok();
        let file = file.as_ref().and_then(|f| f.as_str());
        let base = file.map(|f| f.rsplit('/').next().unwrap_or(f).to_string());
        let line = match self.get_attr_str(v, "lineno") {
            Ok(Value::Int(n)) => Some(n),
            _ => None,
        };
        Some(match (base, line) {
            (Some(f), Some(n)) => format!("{msg} ({f}, line {n})"),
            (Some(f), None) => format!("{msg} ({f})"),
            (None, Some(n)) => format!("{msg} (line {n})"),
            (None, None) => msg,
        })
    }

    /// Calls a user-defined `__str__`/`__repr__`/`__format__`-like method returning str (or
    /// an instance of a str subclass, whose text it is).
    fn user_dunder_str(&mut self, v: &Value<R>, name: &str) -> PyResult<Option<String>, R> {
        let Some(r) = self.user_dunder_str_value(v, name, name)? else {
            return Ok(None);
        };
        match r.as_str() {
            Some(s) => Ok(Some(s.to_string())),
            None => match self.builtin_base(&r) {
                Some(b) => Ok(b.as_str().map(str::to_string)),
                None => Ok(None),
            },
        }
    }

    /// The object a user-defined `__str__`/`__repr__` of `v`'s class returned: a str or an
    /// instance of a str subclass, handed back as it is (CPython's `str(x)`, `repr(x)` and
    /// `ascii(x)` return that very object); anything else is a TypeError naming `called_as`
    /// (`str(x)` of a class with only `__repr__` reports `__str__`, as CPython does).
    fn user_dunder_str_value(
        &mut self,
        v: &Value<R>,
        name: &str,
        called_as: &str,
    ) -> PyResult<Option<Value<R>>, R> {
        let class = self.types().class_of(v).clone();
        let key = self.str_key(name);
        let Some(f) = super::call::class_lookup(&class, &key) else {
            return Ok(None);
        };
        let object_default =
            super::call::class_lookup(&self.types().object, &key).is_some_and(|o| o.is(&f));
        let callable = matches!(f.kind(), Some(ObjKind::Function(_) | ObjKind::Builtin(_)));
        if !callable || object_default {
            return Ok(None);
        }
        let r = self.call(&f, vec![v.clone()], Vec::new())?;
        let is_str =
            r.as_str().is_some() || self.builtin_base(&r).is_some_and(|b| b.as_str().is_some());
        if !is_str {
            return Err(PyErr::type_error(format!(
                "{called_as} returned non-string (type {})",
                self.type_name(&r)
            )));
        }
        Ok(Some(r))
    }

    /// `str(v)` as an object: what a user-defined `__str__` (or, lacking one, `__repr__`)
    /// returned when that is a str subclass's instance, else a new str of `to_str`.
    pub fn str_value(&mut self, v: &Value<R>) -> PyResult<Value<R>, R> {
        if matches!(v.kind(), Some(ObjKind::Instance(_) | ObjKind::Native(_))) {
            if let Some(r) = self.user_dunder_str_value(v, "__str__", "__str__")? {
                return Ok(r);
            }
            if self.builtin_base(v).is_none() {
                if let Some(r) = self.user_dunder_str_value(v, "__repr__", "__str__")? {
                    return Ok(r);
                }
            }
        }
        let s = self.to_str(v)?;
        Ok(self.new_str(s))
    }

    /// `repr(v)` as an object: what a user-defined `__repr__` returned, as it is (a str
    /// subclass's instance stays one), else a new str of `repr`.
    pub fn repr_value(&mut self, v: &Value<R>) -> PyResult<Value<R>, R> {
        if matches!(v.kind(), Some(ObjKind::Instance(_) | ObjKind::Native(_))) {
            if let Some(r) = self.user_dunder_str_value(v, "__repr__", "__repr__")? {
                return Ok(r);
            }
        }
        let s = self.repr(v)?;
        Ok(self.new_str(s))
    }

    /// `repr(v)`
    pub fn repr(&mut self, v: &Value<R>) -> PyResult<String, R> {
        let o = match v {
            Value::None => return Ok("None".into()),
            Value::Bool(b) => return Ok(if *b { "True" } else { "False" }.into()),
            Value::Int(i) => return Ok(i.to_string()),
            Value::Float(f) => return Ok(format::float_repr(*f)),
            Value::Obj(o) => o,
        };
        let addr = o.addr();
        match o.kind() {
            ObjKind::Str(s) => Ok(str_repr(s.as_str())),
            ObjKind::BigInt(b) => {
                crate::objects::int::decimal_string(b).map_err(PyErr::value_error)
            }
            ObjKind::Complex(c) => Ok(c.repr()),
            ObjKind::Bytes(b) => Ok(bytes_repr(b)),
            ObjKind::ByteArray(b) => Ok(format!(
                "bytearray({})",
                bytes_repr_quoting(&b.lock::<R>(), true)
            )),
            ObjKind::List(_)
            | ObjKind::Tuple(_)
            | ObjKind::Dict(_)
            | ObjKind::Set(_)
            | ObjKind::FrozenSet(_)
            | ObjKind::DictView { .. } => {
                if self.repr_guard.contains(&addr) {
                    return Ok(match o.kind() {
                        ObjKind::List(_) => "[...]",
                        ObjKind::Dict(_) => "{...}",
                        ObjKind::Set(_) => "set(...)",
                        ObjKind::FrozenSet(_) => "frozenset(...)",
                        ObjKind::DictView { .. } => "...",
                        _ => "(...)",
                    }
                    .into());
                }
                if self.stack_exhausted() || self.repr_guard.len() >= self.interp.recursion_limit()
                {
                    return Err(PyErr::new(
                        ExcKind::RecursionError,
                        "maximum recursion depth exceeded while getting the repr of an object",
                    ));
                }
                self.repr_guard.push(addr);
                let r = self.container_repr(v);

                self.repr_guard.retain(|a| *a != addr);
                r
            }
            ObjKind::Range { start, stop, step } => Ok(if *step == 1 {
                format!("range({start}, {stop})")
            } else {
                format!("range({start}, {stop}, {step})")
            }),
            ObjKind::Slice(parts) => {
                let parts = parts.clone();
                let a = self.repr(&parts[0])?;
                let b = self.repr(&parts[1])?;
                let c = self.repr(&parts[2])?;
                Ok(format!("slice({a}, {b}, {c})"))
            }
            ObjKind::Function(f) => Ok(format!("<function {} at {:#x}>", f.qualname(), addr)),
            ObjKind::Builtin(b) => Ok(self.builtin_repr(v, b.name, b.receiver.as_ref())),
            ObjKind::BoundMethod { func, receiver } => {
                let (func, receiver) = (func.clone(), receiver.clone());
                if let Some(ObjKind::Builtin(b)) = func.kind() {
                    // A built-in class method bound to its class (`dict.fromkeys`).
                    return Ok(format!(
                        "<built-in method {} of {} object at {:#x}>",
                        b.name,
                        self.type_name(&receiver),
                        addr_of(&receiver)
                    ));
                }
                let name = match func.kind() {
                    Some(ObjKind::Function(f)) => f.qualname().to_string(),
                    _ => self.callable_name(&func),
                };
                let r = self.repr(&receiver)?;
                Ok(format!("<bound method {name} of {r}>"))
            }
            ObjKind::Class(c) => {
                // A metaclass's own __repr__.
                if c.metaclass.is_some() {
                    if let Some(s) = self.user_dunder_str(v, "__repr__")? {
                        return Ok(s);
                    }
                }
                let (module, qualname) = self.class_repr_names(c);
                Ok(if module == "builtins" {
                    format!("<class '{qualname}'>")
                } else {
                    format!("<class '{module}.{qualname}'>")
                })
            }
            ObjKind::Instance(_) | ObjKind::Native(_) => {
                match self.user_dunder_str(v, "__repr__")? {
                    Some(s) => Ok(s),
                    None => match self.builtin_base(v) {
                        Some(b) => {
                            let text = self.repr(&b)?;
                            Ok(self.subclass_repr(v, &b, text))
                        }
                        None => Ok(self.default_repr(v)),
                    },
                }
            }
            ObjKind::Exception(e) => {
                if let Some(s) = self.user_dunder_str(v, "__repr__")? {
                    return Ok(s);
                }
                let args = e.state.lock::<R>().args.clone();
                let name = self.type_name(v);
                let inner = match args.kind() {
                    Some(ObjKind::Tuple(t)) if t.len() == 1 => {
                        let item = t[0].clone();
                        self.repr(&item)?
                    }
                    Some(ObjKind::Tuple(t)) if t.is_empty() => String::new(),
                    _ => {
                        let r = self.repr(&args)?;
                        r[1..r.len() - 1].to_string()
                    }
                };
                Ok(format!("{name}({inner})"))
            }
            ObjKind::Module(m) => {
                if m.class.get().is_some() {
                    if let Some(s) = self.user_dunder_str(v, "__repr__")? {
                        return Ok(s);
                    }
                }
                Ok(self.module_repr(&m.name, &m.dict, m.made_by_call))
            }
            ObjKind::Cell(_) => Ok(format!("<cell at {addr:#x}>")),
            ObjKind::Iter(_) => Ok(format!("<{} object at {addr:#x}>", self.type_name(v))),
            ObjKind::Generator(g) => Ok(format!(
                "<{} object {} at {addr:#x}>",
                g.flavor.type_name(),
                g.qualname
            )),
            ObjKind::Property { .. } => Ok(format!("<property object at {addr:#x}>")),
            ObjKind::StaticMethod(f) => {
                let f = f.clone();
                Ok(format!("<staticmethod({})>", self.repr(&f)?))
            }
            ObjKind::ClassMethod(f) => {
                let f = f.clone();
                Ok(format!("<classmethod({})>", self.repr(&f)?))
            }
            ObjKind::Super { class, receiver } => {
                // `<super: <class 'B'>, <B object>>`: the receiver's type (or the receiver
                // itself, when a class method's super holds a class) named as an object.
                // Both by their bare names, as CPython's `tp_name` of a class made in Python.
                let name = match class.kind() {
                    Some(ObjKind::Class(c)) => c.name.clone(),
                    _ => self.type_name(class),
                };
                if receiver.is_none() {
                    return Ok(format!("<super: <class '{name}'>, NULL>"));
                }
                let of = match receiver.kind() {
                    Some(ObjKind::Class(c)) => c.name.clone(),
                    _ => self.type_name(receiver),
                };
                Ok(format!("<super: <class '{name}'>, <{of} object>>"))
            }
            ObjKind::Singleton(name) => Ok(name.to_string()),
            ObjKind::Code(c) => Ok(format!(
                "<code object {} at {addr:#x}, file \"{}\", line {}>",
                c.name, c.filename, c.first_line
            )),
        }
    }

    /// The module and qualified name a class's repr shows: its `__module__` and
    /// `__qualname__` as the program last set them (a str in the class dict), else those it
    /// was made with.
    fn class_repr_names(&self, c: &crate::objects::ClassObj<R>) -> (String, String) {
        let (module_key, qualname_key) = (
            self.static_key("__module__"),
            self.static_key("__qualname__"),
        );
        let dict = c.dict.lock::<R>();
        let text = |key: &crate::objects::DictKey<R>| {
            dict.get(key).and_then(|v| v.as_str().map(str::to_string))
        };
        let module = text(&module_key).unwrap_or_else(|| c.module.clone());
        let qualname = text(&qualname_key).unwrap_or_else(|| c.qualname.clone());
        (module, qualname)
    }

    /// `<__main__.A object at 0x...>`
    pub fn default_repr(&self, v: &Value<R>) -> String {
        let class = self.types().class_of(v);
        let (module, name) = match class.kind() {
            ObjKind::Class(c) => self.class_repr_names(c),
            _ => ("builtins".into(), "object".into()),
        };
        let addr = addr_of(v);
        if module == "builtins" {
            format!("<{name} object at {addr:#x}>")
        } else {
            format!("<{module}.{name} object at {addr:#x}>")
        }
    }

    fn container_repr(&mut self, v: &Value<R>) -> PyResult<String, R> {
        let Some(kind) = v.kind() else {
            return Ok(String::new());
        };
        match kind {
            ObjKind::List(l) => {
                let items = l.lock::<R>().clone();
                Ok(format!("[{}]", self.join_reprs(&items)?))
            }
            ObjKind::Tuple(t) => {
                let items = t.to_vec();
                if items.len() == 1 {
                    let r = self.repr(&items[0])?;
                    return Ok(format!("({r},)"));
                }
                Ok(format!("({})", self.join_reprs(&items)?))
            }
            ObjKind::Dict(d) => {
                let pairs: Vec<(Value<R>, Value<R>)> = d
                    .lock::<R>()
                    .iter()
                    .map(|(k, v)| (k.value.clone(), v.clone()))
                    .collect();
                let mut parts = Vec::with_capacity(pairs.len());
                for (k, val) in pairs {
                    let (k, val) = (self.repr(&k)?, self.repr(&val)?);
                    parts.push(format!("{k}: {val}"));
                }
                Ok(format!("{{{}}}", parts.join(", ")))
            }
            ObjKind::Set(_) | ObjKind::FrozenSet(_) => {
                let items = self.collect(v)?;
                let frozen = matches!(kind, ObjKind::FrozenSet(_));
                if items.is_empty() {
                    return Ok(if frozen { "frozenset()" } else { "set()" }.into());
                }
                let inner = self.join_reprs(&items)?;
                Ok(if frozen {
                    format!("frozenset({{{inner}}})")
                } else {
                    format!("{{{inner}}}")
                })
            }
            ObjKind::DictView { view, .. } => {
                let items = self.collect(v)?;
                let name = match view {
                    crate::objects::iter::ViewKind::Keys => "dict_keys",
                    crate::objects::iter::ViewKind::Values => "dict_values",
                    crate::objects::iter::ViewKind::Items => "dict_items",
                };
                Ok(format!("{name}([{}])", self.join_reprs(&items)?))
            }
            _ => Ok(String::new()),
        }
    }

    fn join_reprs(&mut self, items: &[Value<R>]) -> PyResult<String, R> {
        let mut parts = Vec::with_capacity(items.len());
        for item in items {
            parts.push(self.repr(item)?);
        }
        Ok(parts.join(", "))
    }

    /// `ascii(v)`: repr with every non-ASCII character escaped.
    pub fn ascii(&mut self, v: &Value<R>) -> PyResult<String, R> {
        let r = self.repr(v)?;
        Ok(escape_non_ascii(&r))
    }

    /// `ascii(v)` as an object: the repr object itself when it is all ASCII (a str
    /// subclass's instance stays one, as in CPython), else a new escaped str.
    pub fn ascii_value(&mut self, v: &Value<R>) -> PyResult<Value<R>, R> {
        let r = self.repr_value(v)?;
        let text = match r.as_str() {
            Some(s) => s.to_string(),
            None => self.to_str(&r)?,
        };
        if text.is_ascii() {
            return Ok(r);
        }
        Ok(self.new_str(escape_non_ascii(&text)))
    }

    /// `format(v, spec)`
    pub fn format(&mut self, v: &Value<R>, spec: &str) -> PyResult<String, R> {
        if let Some(b) = self.base_unless_overridden(v, "__format__") {
            if spec.is_empty() {
                return self.to_str(v);
            }
            return self.format(&b, spec);
        }
        match v {
            Value::Bool(b) if spec.is_empty() => {
                return Ok(if *b { "True" } else { "False" }.into())
            }
            Value::Bool(b) => return Ok(format::format_int(&BigInt::from(*b as i64), spec)?),
            Value::Int(i) => {
                if spec.is_empty() {
                    return Ok(i.to_string());
                }
                return Ok(format::format_int(&BigInt::from(*i), spec)?);
            }
            Value::Float(f) => return Ok(format::format_float(*f, spec)?),
            _ => {}
        }
        match v.kind() {
            Some(ObjKind::Str(s)) => Ok(format::format_str(s.as_str(), spec)?),
            Some(ObjKind::BigInt(b)) => Ok(format::format_int(b, spec)?),
            _ => {
                let class = self.types().class_of(v).clone();
                let key = self.static_key("__format__");
                if let Some(f) = super::call::class_lookup(&class, &key) {
                    if matches!(f.kind(), Some(ObjKind::Function(_))) {
                        let spec_v = self.new_str(spec);
                        let r = self.call(&f, vec![v.clone(), spec_v], Vec::new())?;
                        return match r.as_str() {
                            Some(s) => Ok(s.to_string()),
                            None => Err(PyErr::type_error(format!(
                                "__format__ must return a str, not {}",
                                self.type_name(&r)
                            ))),
                        };
                    }
                }
                if spec.is_empty() {
                    self.to_str(v)
                } else {
                    Err(PyErr::type_error(format!(
                        "unsupported format string passed to {}.__format__",
                        self.type_name(v)
                    )))
                }
            }
        }
    }

    /// `'X' object cannot be interpreted as an integer`.
    pub fn not_an_integer(&self, v: &Value<R>) -> PyErr<R> {
        PyErr::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            self.type_name(v)
        ))
    }

    /// An int (or bool) argument that fits in 64 bits.
    /// An int (or bool, or an instance of an int subclass) argument that fits in 64 bits.
    pub fn int_i64(&self, v: &Value<R>) -> PyResult<i64, R> {
        match v {
            Value::Int(i) => Ok(*i),
            Value::Bool(b) => Ok(*b as i64),
            _ => match self.builtin_base(v) {
                Some(base @ (Value::Int(_) | Value::Bool(_))) => self.int_i64(&base),
                _ => Err(self.not_an_integer(v)),
            },
        }
    }

    /// An integer argument as CPython's `__index__` to `Py_ssize_t`: a big int overflows.
    pub fn index_i64(&self, v: &Value<R>) -> PyResult<i64, R> {
        let base = self.builtin_base(v);
        match base.as_ref().unwrap_or(v).kind() {
            Some(ObjKind::BigInt(_)) => Err(PyErr::overflow(
                "Python int too large to convert to C ssize_t",
            )),
            _ => self.int_i64(v),
        }
    }

    /// `template.format(*args, **kwargs)`
    pub fn str_format(
        &mut self,
        template: &str,
        args: Vec<Value<R>>,
        kwargs: Vec<(Value<R>, Value<R>)>,
    ) -> PyResult<String, R> {
        let mut host = Host {
            vm: self,
            args,
            kwargs,
        };
        format::render_template(template, &mut host)
    }
}

struct Host<'v, R: Runtime> {
    vm: &'v mut Vm<R>,
    args: Vec<Value<R>>,
    kwargs: Vec<(Value<R>, Value<R>)>,
}

impl<R: Runtime> TemplateHost for Host<'_, R> {
    type Value = Value<R>;
    type Error = PyErr<R>;

    fn positional(&mut self, index: usize) -> Result<Value<R>, PyErr<R>> {
        self.args.get(index).cloned().ok_or_else(|| {
            PyErr::index_error(format!(
                "Replacement index {index} out of range for positional args tuple"
            ))
        })
    }

    fn keyword(&mut self, name: &str) -> Result<Value<R>, PyErr<R>> {
        match self.kwargs.iter().find(|(k, _)| k.as_str() == Some(name)) {
            Some((_, v)) => Ok(v.clone()),
            None => {
                let key = self.vm.new_str(name);
                Err(self.vm.key_error(key))
            }
        }
    }

    fn attr(&mut self, value: Value<R>, name: &str) -> Result<Value<R>, PyErr<R>> {
        self.vm.get_attr_str(&value, name)
    }

    fn item_index(&mut self, value: Value<R>, index: usize) -> Result<Value<R>, PyErr<R>> {
        self.vm.get_item(&value, &Value::Int(index as i64))
    }

    fn item_key(&mut self, value: Value<R>, key: &str) -> Result<Value<R>, PyErr<R>> {
        let k = self.vm.new_str(key);
        self.vm.get_item(&value, &k)
    }

    fn convert(&mut self, value: Value<R>, conversion: char) -> Result<Value<R>, PyErr<R>> {
        let s = match conversion {
            'r' => self.vm.repr(&value)?,
            'a' => self.vm.ascii(&value)?,
            _ => self.vm.to_str(&value)?,
        };
        Ok(self.vm.new_str(s))
    }

    fn format(&mut self, value: Value<R>, spec: &str) -> Result<String, PyErr<R>> {
        self.vm.format(&value, spec)
    }
}

/// The special methods CPython implements as type slots: their unbound form is a slot
/// wrapper (`<slot wrapper '__add__' of 'int' objects>`), their bound form a method-wrapper.
pub const SLOT_METHODS: &[&str] = &[
    "__repr__",
    "__str__",
    "__hash__",
    "__call__",
    "__getattribute__",
    "__setattr__",
    "__delattr__",
    "__lt__",
    "__le__",
    "__eq__",
    "__ne__",
    "__gt__",
    "__ge__",
    "__iter__",
    "__next__",
    "__get__",
    "__set__",
    "__delete__",
    "__init__",
    "__add__",
    "__radd__",
    "__sub__",
    "__rsub__",
    "__mul__",
    "__rmul__",
    "__mod__",
    "__rmod__",
    "__divmod__",
    "__rdivmod__",
    "__pow__",
    "__rpow__",
    "__neg__",
    "__pos__",
    "__abs__",
    "__bool__",
    "__invert__",
    "__lshift__",
    "__rlshift__",
    "__rshift__",
    "__rrshift__",
    "__and__",
    "__rand__",
    "__xor__",
    "__rxor__",
    "__or__",
    "__ror__",
    "__int__",
    "__float__",
    "__iadd__",
    "__isub__",
    "__imul__",
    "__imod__",
    "__ipow__",
    "__ilshift__",
    "__irshift__",
    "__iand__",
    "__ixor__",
    "__ior__",
    "__floordiv__",
    "__rfloordiv__",
    "__truediv__",
    "__rtruediv__",
    "__ifloordiv__",
    "__itruediv__",
    "__index__",
    "__matmul__",
    "__rmatmul__",
    "__imatmul__",
    "__len__",
    "__getitem__",
    "__setitem__",
    "__delitem__",
    "__contains__",
    "__await__",
    "__aiter__",
    "__anext__",
];

impl<R: Runtime> Vm<R> {
    /// The repr of a native function: a module's (`<built-in function len>`), a built-in
    /// type's method unbound (`<method 'append' of 'list' objects>`, `<slot wrapper '__add__'
    /// of 'int' objects>`) or bound (`<built-in method append of list object at 0x...>`,
    /// `<method-wrapper '__add__' of int object at 0x...>`), as CPython's.
    fn builtin_repr(&self, v: &Value<R>, name: &str, receiver: Option<&Value<R>>) -> String {
        // `list.__getitem__` and `dict.__getitem__` are methods in CPython, not slots.
        let slot = |owner: &str| {
            SLOT_METHODS.contains(&name)
                && !(name == "__getitem__" && matches!(owner, "list" | "dict"))
        };
        if let Some(r) = receiver {
            let tname = self.type_name(r);
            let owner = self.builtin_owner(v, Some(r));
            let owner_name = owner.as_ref().map(|(n, _)| n.as_str()).unwrap_or("");
            return if owner.is_some() && slot(owner_name) {
                format!(
                    "<method-wrapper '{name}' of {tname} object at {:#x}>",
                    addr_of(r)
                )
            } else {
                format!(
                    "<built-in method {name} of {tname} object at {:#x}>",
                    addr_of(r)
                )
            };
        }
        match self.builtin_owner(v, None) {
            Some((_, addr)) if name == "__new__" => {
                format!("<built-in method __new__ of type object at {addr:#x}>")
            }
            Some((owner, _)) if slot(&owner) => {
                format!("<slot wrapper '{name}' of '{owner}' objects>")
            }
            Some((owner, _)) => format!("<method '{name}' of '{owner}' objects>"),
            None => format!("<built-in function {name}>"),
        }
    }

    /// The built-in class whose dict holds the native function `f` (directly or as a static
    /// method): its name and address. A bound one is looked for along its receiver's MRO.
    fn builtin_owner(&self, f: &Value<R>, receiver: Option<&Value<R>>) -> Option<(String, usize)> {
        let class = self.builtin_owner_class(f, receiver)?;
        let ObjKind::Class(c) = class.kind() else {
            return None;
        };
        let name = if c.module == "builtins" {
            c.name.clone()
        } else {
            format!("{}.{}", c.module, c.name)
        };
        Some((name, class.addr()))
    }

    /// The built-in class whose dict holds the native function `f` (directly, or as a static
    /// or class method). A bound one is looked for along its receiver's MRO.
    pub(super) fn builtin_owner_class(
        &self,
        f: &Value<R>,
        receiver: Option<&Value<R>>,
    ) -> Option<crate::objects::ObjRef<R>> {
        let Some(ObjKind::Builtin(b)) = f.kind() else {
            return None;
        };
        let holds = |class: &crate::objects::ObjRef<R>| -> bool {
            let ObjKind::Class(c) = class.kind() else {
                return false;
            };
            let d = c.dict.lock::<R>();
            let found = d.values().any(|e| {
                let e = match e.kind() {
                    Some(ObjKind::StaticMethod(inner) | ObjKind::ClassMethod(inner)) => inner,
                    _ => e,
                };
                match e.kind() {
                    // A bound one is a copy of the class's entry: the same name.
                    Some(ObjKind::Builtin(x)) => {
                        e.is(f) || (receiver.is_some() && x.name == b.name)
                    }
                    _ => false,
                }
            });
            found
        };
        if let Some(r) = receiver {
            let class = self.types().class_of(r);
            if let ObjKind::Class(c) = class.kind() {
                return std::iter::once(class)
                    .chain(c.mro.iter())
                    .find(|c| holds(c))
                    .cloned();
            }
            return None;
        }
        let types = self.types();
        types
            .named()
            .iter()
            .map(|(_, c)| c)
            .chain(types.exceptions.iter())
            .chain(types.iterators.iter().map(|(_, c)| c))
            .find(|c| holds(c))
            .cloned()
    }
}

fn addr_of<R: Runtime>(v: &Value<R>) -> usize {
    v.as_obj().map(|o| o.addr()).unwrap_or(0)
}

/// Python's repr of a str: quotes chosen as CPython chooses them, escapes for the unprintable.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => push_escape(&mut out, c),
        }
    }
    out.push(quote);
    out
}

fn push_escape(out: &mut String, c: char) {
    let n = c as u32;
    if n < 0x100 {
        out.push_str(&format!("\\x{n:02x}"));
    } else if n < 0x10000 {
        out.push_str(&format!("\\u{n:04x}"));
    } else {
        out.push_str(&format!("\\U{n:08x}"));
    }
}

/// An approximation of `str.isprintable` for one character (Unicode categories C* and Z*
/// other than the space are not printable).
pub fn is_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() {
        return false;
    }
    !matches!(c as u32,
        0xA0 | 0xAD | 0x1680 | 0x2000..=0x200F | 0x2028..=0x202F | 0x205F..=0x2064 | 0x3000 | 0xFEFF
        | 0xE000..=0xF8FF | 0xFFF9..=0xFFFB | 0xF0000..=0x10FFFF)
}

fn escape_non_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            push_escape(&mut out, c);
        }
    }
    out
}

fn bytes_repr(b: &[u8]) -> String {
    bytes_repr_quoting(b, false)
}

/// The `b'...'` text; `always_escape_single` escapes `'` even inside double quotes, as
/// CPython's bytearray repr does (`bytearray(b"a\'b")`).
fn bytes_repr_quoting(b: &[u8], always_escape_single: bool) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from("b");
    out.push(quote);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c as char == quote || (always_escape_single && c == b'\'') => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote);
    out
}
