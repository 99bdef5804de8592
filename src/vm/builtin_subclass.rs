//! Instances of subclasses of built-in types (`class Stack(list)`): an `InstanceObj` whose
//! `base` holds the built-in value. The base type's native methods receive that value, and
//! operators, conversions and protocols the subclass does not override fall back to it.

use super::Vm;
use crate::objects::class::Layout;
use crate::objects::exception::PyResult;
use crate::objects::instance::InstanceObj;
use crate::objects::{ObjKind, ObjRef, Value};
use crate::vm::Runtime;

impl<R: Runtime> Vm<R> {
    /// `cls` if it is a user class deriving from a built-in type.
    pub fn user_subclass(&self, cls: &Value<R>) -> Option<ObjRef<R>> {
        match cls.kind() {
            Some(ObjKind::Class(c)) if c.layout == Layout::Builtin && c.module != "builtins" => {
                cls.as_obj().cloned()
            }
            _ => None,
        }
    }

    /// Wraps a built-in value made by its type's `__new__` in an instance of `class`.
    pub fn wrap_in_subclass(&self, class: ObjRef<R>, v: Value<R>) -> Value<R> {
        if let Some(ObjKind::Instance(_)) = v.kind() {
            return v;
        }
        let mut inst = InstanceObj::new(class, 0);
        inst.base = Some(v);
        Value::new_obj(ObjKind::Instance(inst))
    }

    /// The built-in value an instance of a built-in type's subclass extends.
    #[inline]
    pub fn builtin_base(&self, v: &Value<R>) -> Option<Value<R>> {
        match v.kind() {
            Some(ObjKind::Instance(i)) => i.base.clone(),
            _ => None,
        }
    }

    /// The repr of `v`, an instance of a subclass of a built-in type, from its base value's
    /// `text`: a set, frozenset or bytearray names the instance's own class (`S({1})`, `S()`),
    /// as CPython's; the other built-in types' reprs do not name a type.
    pub fn subclass_repr(&self, v: &Value<R>, base: &Value<R>, text: String) -> String {
        let name = self.type_name(v);
        let renamed = match base.kind() {
            Some(ObjKind::Set(_)) if text == "set()" => Some(format!("{name}()")),
            Some(ObjKind::Set(_)) if text == "set(...)" => Some(format!("{name}(...)")),
            Some(ObjKind::Set(_)) => Some(format!("{name}({text})")),
            Some(ObjKind::FrozenSet(_)) => text
                .strip_prefix("frozenset")
                .map(|rest| format!("{name}{rest}")),
            Some(ObjKind::ByteArray(_)) => text
                .strip_prefix("bytearray")
                .map(|rest| format!("{name}{rest}")),
            // An iterator's repr is object's: it names the subclass.
            Some(ObjKind::Iter(_)) => Some(self.default_repr(v)),
            _ => None,
        };
        renamed.unwrap_or(text)
    }

    /// `v`'s base value if `v` extends a built-in type and its class does not define `name`
    /// in Python (so the built-in behaviour applies).
    ///
    /// Whether `v` is such an instance is tested inline: `iter(xs)`, `enumerate(xs)` and `for`
    /// over a list or tuple ask on every call.
    #[inline(always)]
    pub fn base_unless_overridden(&mut self, v: &Value<R>, name: &'static str) -> Option<Value<R>> {
        match v.kind() {
            Some(ObjKind::Instance(i)) if i.base.is_some() => {
                self.instance_base_unless_overridden(i, name)
            }
            _ => None,
        }
    }

    /// [`Vm::base_unless_overridden`] for an instance of a built-in type's subclass.
    #[inline(never)]
    fn instance_base_unless_overridden(
        &mut self,
        i: &InstanceObj<R>,
        name: &'static str,
    ) -> Option<Value<R>> {
        let base = i.base.clone()?;
        let class = i.class.clone();
        let key = self.static_key(name);
        match self.lookup_type(&class, &key) {
            Some(f) if matches!(f.kind(), Some(ObjKind::Function(_))) => None,
            _ => Some(base),
        }
    }
}

impl<R: Runtime> Vm<R> {
    /// The operands with built-in subclass instances replaced by their base values, or `None`
    /// when neither is one (for operators the subclass does not define).
    pub(super) fn unwrap_builtin_pair(
        &self,
        a: &Value<R>,
        b: &Value<R>,
    ) -> Option<(Value<R>, Value<R>)> {
        let (x, y) = (self.builtin_base(a), self.builtin_base(b));
        if x.is_none() && y.is_none() {
            return None;
        }
        Some((
            x.unwrap_or_else(|| a.clone()),
            y.unwrap_or_else(|| b.clone()),
        ))
    }

    /// `obj[index]` on a built-in subclass instance: the base's item, with a dict subclass's
    /// `__missing__` called for an absent key.
    pub(super) fn subclass_get_item(
        &mut self,
        obj: &Value<R>,
        base: &Value<R>,
        index: &Value<R>,
    ) -> PyResult<Value<R>, R> {
        if let Some(ObjKind::Dict(d)) = base.kind() {
            // An atom key probes the table once, as for a plain dict.
            match crate::objects::dict::atom::get(d, index) {
                Some(Some(v)) => return Ok(v),
                Some(None) => {}
                None => {
                    let key = self.make_key(index.clone())?;
                    if let Some(v) = self.dict_lookup(d, &key)? {
                        return Ok(v);
                    }
                }
            }
            if let Some(r) = self.call_special(obj, "__missing__", vec![index.clone()])? {
                return Ok(r);
            }
            return Err(self.key_error(index.clone()));
        }
        self.get_item(base, index)
    }
}
