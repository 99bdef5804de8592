//! Constructors of the built-in types (each type's `__new__`: `int("5")`, `list(x)`,
//! `range(3)`, `type(x)`, ...), the methods of `object`, `type` and `BaseException`, and the
//! registration of every built-in type's method table (`methods.rs`).

use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::iter::IterState;
use crate::objects::{int, Args, DictMap, NativeFn, ObjCell, ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::{add_methods, Interp, Vm};
use num_bigint::BigInt;
use num_traits::{Num, ToPrimitive};
use std::sync::Arc;

type R0<R> = PyResult<Value<R>, R>;

pub fn install<R: Runtime>(interp: &Arc<Interp<R>>) {
    let t = &interp.types;
    let new = |class: &ObjRef<R>, f: NativeFn<R>| add_methods(class, &[("__new__", f)]);
    new(&t.object, object_new);
    new(&t.type_, type_new);
    new(&t.int, super::subclass::int_new);
    new(&t.bool_, bool_new);
    new(&t.float, super::subclass::float_new);
    new(&t.str_, super::subclass::str_new);
    new(&t.bytes, super::subclass::bytes_new);
    new(&t.list, super::subclass::list_new);
    new(&t.tuple, super::subclass::tuple_new);
    new(&t.dict, super::subclass::dict_new);
    new(&t.set, super::subclass::set_new);
    new(&t.frozenset, super::subclass::frozenset_new);
    new(&t.range, range_new);
    new(&t.slice, slice_new);
    new(&t.staticmethod, |vm, a| {
        super::subclass::wrapping_new(vm, a, staticmethod_new)
    });
    new(&t.classmethod, |vm, a| {
        super::subclass::wrapping_new(vm, a, classmethod_new)
    });
    new(&t.super_, super_new);
    new(&t.method, method_new);
    new(&t.enumerate, enumerate_new);
    new(&t.zip, zip_new);
    new(&t.map, map_new);
    new(&t.filter, filter_new);
    new(&t.reversed, reversed_new);
    add_methods(
        &t.object,
        &[
            ("__init__", object_init),
            ("__eq__", object_eq),
            ("__ne__", object_ne),
            ("__lt__", object_order),
            ("__le__", object_order),
            ("__gt__", object_order),
            ("__ge__", object_order),
            ("__hash__", object_hash),
            ("__repr__", object_repr),
            ("__str__", object_str),
            ("__setattr__", object_setattr),
            ("__delattr__", object_delattr),
            ("__getattribute__", object_getattribute),
        ],
    );
    add_methods(&t.object, &super::object_reduce::methods());
    add_methods(&t.object, &[("__format__", object_format)]);
    for class in [&t.int, &t.float, &t.str_] {
        add_methods(class, &[("__format__", value_format)]);
    }
    // object.__init_subclass__ is a class method taking no keywords.
    add_methods(&t.object, &[("__init_subclass__", object_init_subclass)]);
    super::methods::wrap(&t.object, "__init_subclass__", ObjKind::ClassMethod);
    add_methods(&t.object, &[("__subclasshook__", object_subclasshook)]);
    super::methods::wrap(&t.object, "__subclasshook__", ObjKind::ClassMethod);
    add_methods(&t.type_, &[("__prepare__", type_prepare)]);
    super::methods::wrap(&t.type_, "__prepare__", ObjKind::ClassMethod);
    add_methods(&t.none_type, &[("__bool__", none_bool)]);
    add_methods(&t.none_type, &[("__repr__", singleton_repr)]);
    for class in [&t.ellipsis_type, &t.not_implemented_type] {
        add_methods(
            class,
            &[
                ("__repr__", singleton_repr),
                ("__reduce__", singleton_reduce),
            ],
        );
    }
    add_methods(
        t.exception(ExcKind::BaseException),
        &[
            ("__init__", exception_init),
            ("with_traceback", exception_with_traceback),
            ("add_note", exception_add_note),
        ],
    );
    super::descriptors::install(interp);
    add_methods(
        &t.type_,
        &[
            ("mro", type_mro),
            ("__subclasses__", super::subclasses::type_subclasses),
            ("__call__", type_call),
            ("__init__", type_init),
            ("__or__", type_or),
            ("__ror__", type_ror),
        ],
    );
    super::methods::install(interp);
    super::rich_compare::install(interp);
    for class in [&t.list, &t.dict, &t.tuple, &t.set, &t.frozenset] {
        add_methods(class, &[("__class_getitem__", class_getitem)]);
        super::methods::wrap(class, "__class_getitem__", ObjKind::ClassMethod);
    }
}

/// `list.__class_getitem__(item)` and the other generic built-in classes': the
/// `types.GenericAlias` that `list[int]` makes.
fn class_getitem<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("__class_getitem__")?;
    args.check_count("__class_getitem__", 2, 2)?;
    let module = vm.import_module("_generic_alias")?;
    let alias = vm.get_attr_str(&module, "GenericAlias")?;
    vm.call(&alias, args.pos, Vec::new())
}

fn cls_and_args<R: Runtime>(args: Args<R>) -> (Value<R>, Args<R>) {
    let mut pos = args.pos;
    let cls = if pos.is_empty() {
        Value::None
    } else {
        pos.remove(0)
    };
    (cls, Args { pos, kw: args.kw })
}

fn object_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (cls, rest) = cls_and_args(args);
    // `type(None)()`, `type(...)()`, `type(NotImplemented)()`: the one value of the type.
    if let Some(class) = cls.as_obj() {
        let t = vm.types();
        let single = if class.ptr_eq(&t.none_type) {
            Some(Value::None)
        } else if class.ptr_eq(&t.ellipsis_type) {
            Some(vm.interp.ellipsis.clone())
        } else if class.ptr_eq(&t.not_implemented_type) {
            Some(vm.interp.not_implemented.clone())
        } else {
            None
        };
        if let Some(v) = single {
            if !rest.pos.is_empty() || !rest.kw.is_empty() {
                // CPython names the ellipsis type by its `types` name here.
                let name = match vm.type_name(&v).as_str() {
                    "ellipsis" => "EllipsisType".to_string(),
                    other => other.to_string(),
                };
                return Err(PyErr::type_error(format!("{name} takes no arguments")));
            }
            return Ok(v);
        }
    }
    match cls.kind() {
        // `object.__new__(int)`: an int is not an instance with a dict.
        Some(ObjKind::Class(c))
            if c.layout == crate::objects::class::Layout::Builtin && c.module == "builtins" =>
        {
            Err(PyErr::type_error(format!(
                "object.__new__({0}) is not safe, use {0}.__new__()",
                c.name
            )))
        }
        Some(ObjKind::Class(c)) => {
            let class = cls
                .as_obj()
                .cloned()
                .ok_or_else(|| PyErr::type_error("object.__new__(X): X is not a type object"))?;
            vm.refuse_abstract(c)?;
            Ok(vm.new_instance(&class, c, &[]))
        }
        _ => Err(PyErr::type_error(format!(
            "object.__new__(X): X is not a type object ({})",
            vm.type_name(&cls)
        ))),
    }
}

/// The format spec argument of a `__format__` method.
fn format_spec<R: Runtime>(vm: &Vm<R>, args: &Args<R>) -> PyResult<String, R> {
    args.no_kwargs("__format__")?;
    args.check_count("__format__", 2, 2)?;
    match args.pos[1].as_str() {
        Some(spec) => Ok(spec.to_string()),
        None => Err(PyErr::type_error(format!(
            "__format__() argument must be str, not {}",
            vm.type_name(&args.pos[1])
        ))),
    }
}

/// `object.__format__(self, spec)`: `str(self)` for an empty spec, else a TypeError.
fn object_format<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let spec = format_spec(vm, &args)?;
    let me = &args.pos[0];
    if !spec.is_empty() {
        return Err(PyErr::type_error(format!(
            "unsupported format string passed to {}.__format__",
            vm.type_name(me)
        )));
    }
    let text = vm.to_str(me)?;
    Ok(vm.new_str(text))
}

/// `int.__format__`, `float.__format__`, `str.__format__`: the built-in formatting of the
/// value (of the built-in value under a subclass instance, whose `str()` answers an empty
/// spec, as CPython's), so an enum mixing in `int` can defer to it.
fn value_format<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let spec = format_spec(vm, &args)?;
    let me = &args.pos[0];
    let text = match vm.builtin_base(me) {
        Some(_) if spec.is_empty() => vm.to_str(me)?,
        Some(base) => vm.format(&base, &spec)?,
        None => vm.format(me, &spec)?,
    };
    Ok(vm.new_str(text))
}

fn object_init<R: Runtime>(_vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(Value::None)
}

fn object_eq<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__eq__", 2, 2)?;
    if args.pos[0].is(&args.pos[1]) {
        Ok(Value::Bool(true))
    } else {
        Ok(vm.interp.not_implemented.clone())
    }
}

/// `object.__lt__` and the other orderings: no order, so the operator tries the other
/// operand (and fails if that has none either).
pub(super) fn object_order<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    if args.pos.len() != 2 || !args.kw.is_empty() {
        return Err(PyErr::type_error(format!(
            "expected 1 argument, got {}",
            args.pos.len().saturating_sub(1) + args.kw.len()
        )));
    }
    Ok(vm.interp.not_implemented.clone())
}

fn object_ne<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__ne__", 2, 2)?;
    // The inverse of the receiver's own `__eq__` (not the whole `==`, whose reflected step
    // would answer for the other operand: `None != x` must reach `x.__ne__`).
    let Some(r) = vm.call_special(&args.pos[0], "__eq__", vec![args.pos[1].clone()])? else {
        return Ok(vm.interp.not_implemented.clone());
    };
    if r.is(&vm.interp.not_implemented) {
        return Ok(r);
    }
    let t = vm.truthy(&r)?;
    Ok(Value::Bool(!t))
}

fn object_hash<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__hash__", 1, 1)?;
    let h = match &args.pos[0] {
        Value::Obj(o) => crate::objects::dict::identity_hash(o),
        v => crate::objects::dict::hash_value(v).unwrap_or(0),
    };
    Ok(Value::Int(h))
}

fn object_repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__repr__", 1, 1)?;
    let s = vm.default_repr(&args.pos[0]);
    Ok(vm.new_str(s))
}

fn object_str<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__str__", 1, 1)?;
    let s = vm.repr(&args.pos[0])?;
    Ok(vm.new_str(s))
}

fn object_setattr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__setattr__", 3, 3)?;
    let key = vm.make_key(args.pos[1].clone())?;
    match args.pos[0].kind() {
        Some(ObjKind::Instance(i)) => {
            vm.set_instance_attr_plain(&args.pos[0], i, &key, args.pos[2].clone())?;
            Ok(Value::None)
        }
        Some(ObjKind::Class(_)) => {
            vm.set_class_attr_plain(&args.pos[0], &key, args.pos[2].clone())?;
            Ok(Value::None)
        }
        _ => {
            vm.set_attr(&args.pos[0], &key, args.pos[2].clone())?;
            Ok(Value::None)
        }
    }
}

/// `object.__delattr__(obj, name)` (also `type.__delattr__`): the attribute removed without
/// the class's (or metaclass's) own `__delattr__`.
fn object_delattr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__delattr__", 2, 2)?;
    let key = vm.make_key(args.pos[1].clone())?;
    vm.del_attr_plain(&args.pos[0], &key)?;
    Ok(Value::None)
}

pub(super) fn object_getattribute<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__getattribute__", 2, 2)?;
    let key = vm.make_key(args.pos[1].clone())?;
    match vm.get_attr_opt(&args.pos[0], &key)? {
        Some(v) => Ok(v),
        None => Err(vm.attribute_error(&args.pos[0], args.pos[1].as_str().unwrap_or("?"))),
    }
}

fn type_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (cls, args) = cls_and_args(args);
    match args.pos.len() {
        1 if args.kw.is_empty() => Ok(Value::Obj(vm.types().class_of(&args.pos[0]).clone())),
        3 => vm.type_call_new(&cls, args.pos, args.kw),
        _ => Err(PyErr::type_error("type() takes 1 or 3 arguments")),
    }
}

/// `type.__call__(cls, *args, **kw)`: constructs an instance of `cls`.
fn type_call<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (cls, args) = cls_and_args(args);
    match cls {
        Value::Obj(c) if matches!(c.kind(), ObjKind::Class(_)) => {
            vm.construct_class(&c, args.pos, args.kw)
        }
        other => Err(PyErr::type_error(format!(
            "descriptor '__call__' requires a 'type' object but received a '{}'",
            vm.type_name(&other)
        ))),
    }
}

/// `object.__init_subclass__(cls)`: the default hook, which accepts no class keywords.
fn object_init_subclass<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    if !args.kw.is_empty() || args.pos.len() > 1 {
        let name = args
            .pos
            .first()
            .map(|c| vm.callable_name(c))
            .unwrap_or_default();
        return Err(PyErr::type_error(format!(
            "{name}.__init_subclass__() takes no keyword arguments"
        )));
    }
    Ok(Value::None)
}

/// `object.__subclasshook__(sub)`: no opinion, so `issubclass` goes on with the usual check.
fn object_subclasshook<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(vm.interp.not_implemented.clone())
}

/// `type.__prepare__(name, bases, **kw)`: the plain dict a class body runs in, whatever the
/// arguments.
fn type_prepare<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(vm.new_dict(DictMap::default()))
}

/// `None.__bool__()`
fn none_bool<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    if !args.kw.is_empty() {
        return Err(PyErr::type_error(
            "wrapper __bool__() takes no keyword arguments",
        ));
    }
    match args.pos.len() {
        1 => Ok(Value::Bool(false)),
        n => Err(PyErr::type_error(format!(
            "expected 0 arguments, got {}",
            n.saturating_sub(1)
        ))),
    }
}

/// The receiver of a method of `None`, `...` or `NotImplemented`'s type: the one value of
/// the type the method belongs to, named in CPython's words when it is another object.
fn singleton_receiver<R: Runtime>(
    vm: &Vm<R>,
    args: &Args<R>,
    method: &str,
) -> PyResult<Value<R>, R> {
    let Some(me) = args.pos.first() else {
        return Err(PyErr::type_error(format!(
            "descriptor '{method}' of 'object' object needs an argument"
        )));
    };
    if !args.kw.is_empty() || args.pos.len() > 1 {
        return Err(PyErr::type_error(format!(
            "expected 0 arguments, got {}",
            args.pos.len() - 1 + args.kw.len()
        )));
    }
    let singleton = matches!(me, Value::None) || matches!(me.kind(), Some(ObjKind::Singleton(_)));
    if !singleton {
        return Err(PyErr::type_error(format!(
            "descriptor '{method}' requires a singleton object but received a '{}'",
            vm.type_name(me)
        )));
    }
    Ok(me.clone())
}

/// `repr(None)`, `repr(...)`, `repr(NotImplemented)` as methods: `Ellipsis.__repr__()`.
fn singleton_repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let me = singleton_receiver(vm, &args, "__repr__")?;
    let text = vm.repr(&me)?;
    Ok(vm.new_str(text))
}

/// `...` and `NotImplemented` pickle as the names they are found by: `'Ellipsis'`.
fn singleton_reduce<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let me = singleton_receiver(vm, &args, "__reduce__")?;
    let text = vm.repr(&me)?;
    Ok(vm.new_str(text))
}

/// `type.__init__(cls, ...)`: nothing to do once `type.__new__` has made the class.
fn type_init<R: Runtime>(_vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(Value::None)
}

/// `type.__or__`: `int | str`, `int | None`, a `types.UnionType` (bundled
/// `_generic_alias`), or NotImplemented for an operand that is not a type.
fn type_or<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("__or__")?;
    args.check_count("__or__", 2, 2)?;
    union_of(vm, args.pos[0].clone(), args.pos[1].clone())
}

/// `type.__ror__`: `None | int`.
fn type_ror<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("__ror__")?;
    args.check_count("__ror__", 2, 2)?;
    union_of(vm, args.pos[1].clone(), args.pos[0].clone())
}

fn union_of<R: Runtime>(vm: &mut Vm<R>, left: Value<R>, right: Value<R>) -> R0<R> {
    let module = vm.import_module("_generic_alias")?;
    let make = vm.get_attr_str(&module, "_union_or")?;
    vm.call(&make, vec![left, right], Vec::new())
}

fn type_mro<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let mro = vm.get_attr_str(&args.pos[0], "__mro__")?;
    let items = vm.collect(&mro)?;
    Ok(vm.new_list(items))
}

/// int(x), int(s, base)
pub(super) fn int_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, mut args) = cls_and_args(args);
    let base_kw = args.take_kw("base");
    if let Some((k, _)) = args.kw.first() {
        return Err(PyErr::type_error(format!(
            "'{}' is an invalid keyword argument for int()",
            k.as_str().unwrap_or("?")
        )));
    }
    if args.pos.len() > 2 {
        return Err(PyErr::type_error(format!(
            "int() takes at most 2 arguments ({} given)",
            args.pos.len()
        )));
    }
    let base = base_kw.or_else(|| args.pos.get(1).cloned());
    let Some(x) = args.pos.first().cloned() else {
        if base.is_some() {
            return Err(PyErr::type_error("int() missing string argument"));
        }
        return Ok(Value::Int(0));
    };
    if let Some(base) = base {
        let b = match base {
            Value::Int(b) => b,
            _ => return Err(PyErr::type_error("'base' must be an integer")),
        };
        // bytes and bytearray are parsed as their ASCII text (`int(b'ff', 16)`).
        let text = match x.kind() {
            Some(ObjKind::Bytes(d)) => Some(String::from_utf8_lossy(d).into_owned()),
            Some(ObjKind::ByteArray(d)) => {
                Some(String::from_utf8_lossy(&d.lock::<R>()).into_owned())
            }
            _ => None,
        };
        let Some(s) = text.as_deref().or_else(|| x.as_str()) else {
            return Err(PyErr::type_error(
                "int() can't convert non-string with explicit base",
            ));
        };
        let parsed = parse_int(vm, s, b);
        if parsed.is_err() && text.is_some() && (b == 0 || (2..=36).contains(&b)) {
            // Named by the repr of its bytes: `invalid literal for int() with base 10: b'1x'`.
            let raw = match x.kind() {
                Some(ObjKind::ByteArray(d)) => d.lock::<R>().clone(),
                Some(ObjKind::Bytes(d)) => d.to_vec(),
                _ => Vec::new(),
            };
            let r = vm.repr(&Value::new_obj(ObjKind::Bytes(raw.into_boxed_slice())))?;
            return Err(PyErr::value_error(format!(
                "invalid literal for int() with base {b}: {r}"
            )));
        }
        return parsed;
    }
    match &x {
        Value::Int(_) => Ok(x),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Float(f) => {
            if f.is_nan() {
                return Err(PyErr::value_error("cannot convert float NaN to integer"));
            }
            if f.is_infinite() {
                return Err(PyErr::overflow("cannot convert float infinity to integer"));
            }
            Ok(crate::objects::int::float_to_int(f.trunc()))
        }
        _ => match x.kind() {
            Some(ObjKind::BigInt(_)) => Ok(x),
            Some(ObjKind::Str(s)) => parse_int(vm, s.as_str(), 10),
            Some(ObjKind::Bytes(b)) => parse_int(vm, &String::from_utf8_lossy(b), 10),
            _ => {
                for name in ["__int__", "__index__", "__trunc__"] {
                    if let Some(r) = vm.call_special(&x, name, vec![])? {
                        let is_int = matches!(r, Value::Int(_) | Value::Bool(_))
                            || matches!(r.kind(), Some(ObjKind::BigInt(_)))
                            || vm.builtin_base(&r).is_some_and(|b| {
                                matches!(b, Value::Int(_) | Value::Bool(_))
                                    || matches!(b.kind(), Some(ObjKind::BigInt(_)))
                            });
                        if !is_int {
                            let what = if name == "__trunc__" {
                                "Integral"
                            } else {
                                "int"
                            };
                            return Err(PyErr::type_error(format!(
                                "{name} returned non-{what} (type {})",
                                vm.type_name(&r)
                            )));
                        }
                        return Ok(r);
                    }
                }
                Err(PyErr::type_error(format!(
                    "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                    vm.type_name(&x)
                )))
            }
        },
    }
}

/// Parses an int literal the way `int(s, base)` does.
fn parse_int<R: Runtime>(vm: &mut Vm<R>, s: &str, base: i64) -> R0<R> {
    let invalid = |vm: &mut Vm<R>| -> PyErr<R> {
        let r = crate::vm::convert::str_repr(s);
        let _ = vm;
        PyErr::value_error(format!("invalid literal for int() with base {base}: {r}"))
    };
    if !(base == 0 || (2..=36).contains(&base)) {
        return Err(PyErr::value_error(
            "int() base must be >= 2 and <= 36, or 0",
        ));
    }
    let t = s.trim();
    let ascii = super::str::unicode_tables::ascii_digits(t);
    let t = ascii.as_deref().unwrap_or(t);
    let (neg, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, mut digits) = match base {
        0 => {
            if let Some(d) = lower.strip_prefix("0x") {
                (16, d.to_string())
            } else if let Some(d) = lower.strip_prefix("0o") {
                (8, d.to_string())
            } else if let Some(d) = lower.strip_prefix("0b") {
                (2, d.to_string())
            } else {
                if lower.len() > 1
                    && lower.starts_with('0')
                    && lower.chars().any(|c| c != '0' && c != '_')
                {
                    return Err(invalid(vm));
                }
                (10, lower.clone())
            }
        }
        16 => (16, lower.strip_prefix("0x").unwrap_or(&lower).to_string()),
        8 => (8, lower.strip_prefix("0o").unwrap_or(&lower).to_string()),
        2 => (2, lower.strip_prefix("0b").unwrap_or(&lower).to_string()),
        b => (b as u32, lower.clone()),
    };
    // One underscore may follow a base prefix (`0x_ff`), as in a literal.
    let prefixed = digits.len() < lower.len();
    if prefixed && digits.starts_with('_') {
        digits.remove(0);
    }
    if digits.is_empty()
        || digits.starts_with(['+', '-'])
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return Err(invalid(vm));
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    let limit = crate::objects::int::max_str_digits();
    if limit > 0 && clean.len() > limit && radix == 10 {
        return Err(PyErr::value_error(format!(
            "Exceeds the limit ({limit} digits) for integer string conversion: value has {} \
             digits; use sys.set_int_max_str_digits() to increase the limit",
            clean.len()
        )));
    }
    match BigInt::from_str_radix(&clean, radix) {
        Ok(b) => Ok(int::from_bigint(if neg { -b } else { b })),
        Err(_) => Err(invalid(vm)),
    }
}

fn bool_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, args) = cls_and_args(args);
    args.check_count("bool", 0, 1)?;
    match args.pos.first() {
        Some(v) => Ok(Value::Bool(vm.truthy(v)?)),
        None => Ok(Value::Bool(false)),
    }
}

pub(super) fn float_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, args) = cls_and_args(args);
    args.check_count("float", 0, 1)?;
    let Some(x) = args.pos.first().cloned() else {
        return Ok(Value::Float(0.0));
    };
    match &x {
        Value::Float(_) => Ok(x),
        Value::Int(i) => Ok(Value::Float(*i as f64)),
        Value::Bool(b) => Ok(Value::Float(*b as i64 as f64)),
        _ => match x.kind() {
            Some(ObjKind::BigInt(b)) => match b.to_f64() {
                Some(f) if f.is_finite() => Ok(Value::Float(f)),
                _ => Err(PyErr::overflow("int too large to convert to float")),
            },
            Some(ObjKind::Str(s)) => parse_float(
                super::str::unicode_tables::ascii_digits(s.as_str())
                    .as_deref()
                    .unwrap_or(s.as_str()),
            )
            .map(Value::Float)
            .ok_or_else(|| {
                PyErr::value_error(format!(
                    "could not convert string to float: {}",
                    crate::vm::convert::str_repr(s.as_str())
                ))
            }),
            _ => match vm.call_special(&x, "__float__", vec![])? {
                Some(r @ Value::Float(_)) => Ok(r),
                Some(r) => match vm.builtin_base(&r) {
                    Some(f @ Value::Float(_)) => Ok(f),
                    _ => Err(PyErr::type_error(format!(
                        "{}.__float__ returned non-float (type {})",
                        vm.type_name(&x),
                        vm.type_name(&r)
                    ))),
                },
                None => Err(PyErr::type_error(format!(
                    "float() argument must be a string or a real number, not '{}'",
                    vm.type_name(&x)
                ))),
            },
        },
    }
}

/// Python's float() text syntax: decimal, exponent, inf/nan, underscores between digits.
pub fn parse_float(s: &str) -> Option<f64> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    let neg = lower.starts_with('-');
    if matches!(unsigned, "inf" | "infinity") {
        return Some(if neg {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    if unsigned == "nan" {
        return Some(f64::NAN);
    }
    if t.contains("__") || t.starts_with('_') || t.ends_with('_') {
        return None;
    }
    let clean: String = t.chars().filter(|c| *c != '_').collect();
    if clean.is_empty()
        || !clean
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
    {
        return None;
    }
    clean.parse::<f64>().ok()
}

pub(super) fn str_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, args) = cls_and_args(args);
    args.check_count("str", 0, 3)?;
    match args.pos.first() {
        None => Ok(vm.new_str("")),
        Some(v) => {
            if args.pos.len() > 1 || !args.kw.is_empty() {
                return str_decode(vm, v.clone(), &args);
            }
            // An exact str is itself; a subclass's instance goes through its `__str__`.
            if let Some(ObjKind::Str(_)) = v.kind() {
                return Ok(v.clone());
            }
            vm.str_value(v)
        }
    }
}

/// `str(obj, encoding, errors)`: the same decoding as `bytes.decode`.
fn str_decode<R: Runtime>(vm: &mut Vm<R>, v: Value<R>, args: &Args<R>) -> R0<R> {
    // CPython checks the encoding and errors arguments first.
    for (i, name) in [(1, "encoding"), (2, "errors")] {
        let given = args.pos.get(i).or_else(|| {
            args.kw
                .iter()
                .find(|(k, _)| k.as_str() == Some(name))
                .map(|(_, v)| v)
        });
        if let Some(a) = given {
            if a.as_str().is_none() {
                let what = match a {
                    Value::None => "None".to_string(),
                    _ => vm.type_name(a),
                };
                return Err(PyErr::type_error(format!(
                    "str() argument '{name}' must be str, not {what}"
                )));
            }
        }
    }
    let data = match v.kind() {
        Some(ObjKind::Bytes(_)) => v.clone(),
        Some(ObjKind::ByteArray(b)) => {
            let copy = b.lock::<R>().clone();
            Value::new_obj(ObjKind::Bytes(copy.into_boxed_slice()))
        }
        Some(ObjKind::Str(_)) => return Err(PyErr::type_error("decoding str is not supported")),
        _ => {
            return Err(PyErr::type_error(format!(
                "decoding to str: need a bytes-like object, {} found",
                vm.type_name(&v)
            )))
        }
    };
    let mut pos = vec![data];
    pos.extend(args.pos.iter().skip(1).cloned());
    let call = Args {
        pos,
        kw: args.kw.clone(),
    };
    super::str::bytes::decode(vm, call)
}

pub(super) fn bytes_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, mut args) = cls_and_args(args);
    super::bytearray::at_most_three("bytes", args.pos.len())?;
    let encoding = args
        .take_kw("encoding")
        .or_else(|| args.pos.get(1).cloned());
    let errors = args.take_kw("errors").or_else(|| args.pos.get(2).cloned());
    args.no_more_kwargs("bytes")?;
    // An exact bytes alone is itself, as in CPython.
    if let (Some(v @ Value::Obj(_)), None, None) = (args.pos.first(), &encoding, &errors) {
        if let Some(ObjKind::Bytes(_)) = v.kind() {
            return Ok(v.clone());
        }
    }
    if let Some(source) = args.pos.first() {
        if let Some(data) = super::codecs::encode_arg(vm, "bytes", source, encoding, errors)? {
            return Ok(Value::new_obj(ObjKind::Bytes(data.into_boxed_slice())));
        }
    }
    let data: Vec<u8> = match args.pos.first() {
        None => Vec::new(),
        Some(v) => match v {
            Value::Int(n) if *n < 0 => return Err(PyErr::value_error("negative count")),
            // CPython's limit: the object's header (33 bytes) and the data fit `sys.maxsize`.
            Value::Int(n) if *n > i64::MAX - 33 => {
                return Err(PyErr::overflow("byte string is too large"))
            }
            Value::Int(n) => crate::objects::alloc::zeroed_bytes(*n as usize)?,
            _ => match v.kind() {
                Some(ObjKind::BigInt(_)) => {
                    return Err(PyErr::overflow(
                        "cannot fit 'int' into an index-sized integer",
                    ))
                }
                Some(ObjKind::Bytes(b)) => b.to_vec(),
                Some(ObjKind::ByteArray(b)) => b.lock::<R>().clone(),
                _ => {
                    if let Some(data) = super::memoryview::view_bytes(vm, v)? {
                        return Ok(Value::new_obj(ObjKind::Bytes(data.into_boxed_slice())));
                    }
                    let items = vm.collect(v)?;
                    let mut out = Vec::with_capacity(items.len());
                    for i in &items {
                        out.push(super::int::byte_of(vm, i)?);
                    }
                    out
                }
            },
        },
    };
    Ok(Value::new_obj(ObjKind::Bytes(data.into_boxed_slice())))
}

pub(super) fn list_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, args) = cls_and_args(args);
    args.no_kwargs("list")?;
    args.check_count("list", 0, 1)?;
    let items = match args.pos.first() {
        Some(v) => vm.collect(v)?,
        None => Vec::new(),
    };
    Ok(vm.new_list(items))
}

pub(super) fn tuple_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, args) = cls_and_args(args);
    args.no_kwargs("tuple")?;
    args.check_count("tuple", 0, 1)?;
    match args.pos.first() {
        Some(v) if matches!(v.kind(), Some(ObjKind::Tuple(_))) => Ok(v.clone()),
        Some(v) => {
            let items = vm.collect(v)?;
            Ok(vm.new_tuple(items))
        }
        None => Ok(vm.new_tuple(Vec::new())),
    }
}

pub(super) fn dict_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, args) = cls_and_args(args);
    args.check_count("dict", 0, 1)?;
    let d = vm.new_dict(DictMap::default());
    if let Some(src) = args.pos.first() {
        vm.dict_update_from(&d, src, false)?;
    }
    if let Some(ObjKind::Dict(m)) = d.kind() {
        for (k, v) in args.kw {
            let key = vm.make_key(k)?;
            m.lock::<R>().insert(key, v);
        }
    }
    Ok(d)
}

pub(super) fn set_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, args) = cls_and_args(args);
    args.no_kwargs("set")?;
    args.check_count("set", 0, 1)?;
    let table = match args.pos.first() {
        Some(v) => vm.set_table_of(v)?,
        None => crate::objects::SetData::new(),
    };
    Ok(Value::new_obj(ObjKind::Set(ObjCell::new(table))))
}

pub(super) fn frozenset_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, args) = cls_and_args(args);
    args.no_kwargs("frozenset")?;
    args.check_count("frozenset", 0, 1)?;
    if let Some(v) = args.pos.first() {
        if matches!(v.kind(), Some(ObjKind::FrozenSet(_))) {
            return Ok(v.clone());
        }
    }
    let table = match args.pos.first() {
        Some(v) => vm.set_table_of(v)?,
        None => crate::objects::SetData::new(),
    };
    Ok(Value::new_obj(ObjKind::FrozenSet(table)))
}

fn range_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, args) = cls_and_args(args);
    args.no_kwargs("range")?;
    let int = super::range_big::big_index;
    let one = num_bigint::BigInt::from(1);
    let (start, stop, step) = match args.pos.len() {
        1 => (0.into(), int(vm, &args.pos[0])?, one),
        2 => (int(vm, &args.pos[0])?, int(vm, &args.pos[1])?, one),
        3 => (
            int(vm, &args.pos[0])?,
            int(vm, &args.pos[1])?,
            int(vm, &args.pos[2])?,
        ),
        0 => {
            return Err(PyErr::type_error(
                "range expected at least 1 argument, got 0",
            ))
        }
        n => {
            return Err(PyErr::type_error(format!(
                "range expected at most 3 arguments, got {n}"
            )))
        }
    };
    if step == 0.into() {
        return Err(PyErr::value_error("range() arg 3 must not be zero"));
    }
    Ok(super::range_big::make(vm, start, stop, step))
}

fn slice_new<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, args) = cls_and_args(args);
    let p = args.pos;
    let parts = match p.len() {
        1 => [Value::None, p[0].clone(), Value::None],
        2 => [p[0].clone(), p[1].clone(), Value::None],
        3 => [p[0].clone(), p[1].clone(), p[2].clone()],
        _ => {
            return Err(PyErr::type_error(
                "slice expected at least 1 argument, got 0",
            ))
        }
    };
    Ok(Value::new_obj(ObjKind::Slice(Box::new(parts))))
}

fn staticmethod_new<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, args) = cls_and_args(args);
    args.check_count("staticmethod", 1, 1)?;
    Ok(Value::new_obj(ObjKind::StaticMethod(args.pos[0].clone())))
}

fn classmethod_new<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, args) = cls_and_args(args);
    args.check_count("classmethod", 1, 1)?;
    Ok(Value::new_obj(ObjKind::ClassMethod(args.pos[0].clone())))
}

fn super_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_, args) = cls_and_args(args);
    match args.pos.len() {
        1 | 2 => {
            // `super(C)` and `super(C, None)` are unbound: no receiver to look past C in.
            let (class, receiver) = (&args.pos[0], args.pos.get(1).unwrap_or(&Value::None));
            let Value::Obj(c) = class else {
                return Err(PyErr::type_error(format!(
                    "super() argument 1 must be a type, not {}",
                    vm.type_name(class)
                )));
            };
            if !matches!(c.kind(), ObjKind::Class(_)) {
                return Err(PyErr::type_error(format!(
                    "super() argument 1 must be a type, not {}",
                    vm.type_name(class)
                )));
            }
            // The receiver is an instance of the class, or (class methods) a subclass of it.
            let subtype = match receiver {
                Value::Obj(o) => matches!(o.kind(), ObjKind::Class(oc) if oc.is_subclass_of(o, c)),
                _ => false,
            };
            let of = vm.types().class_of(receiver).clone();
            let instance = matches!(of.kind(), ObjKind::Class(oc) if oc.is_subclass_of(&of, c));
            if !subtype && !instance && !receiver.is_none() {
                return Err(PyErr::type_error(
                    "super(type, obj): obj must be an instance or subtype of type",
                ));
            }
            Ok(Value::new_obj(ObjKind::Super {
                class: class.clone(),
                receiver: receiver.clone(),
            }))
        }
        0 => Err(PyErr::runtime_error("super(): no arguments")),
        _ => Err(PyErr::type_error(format!(
            "super() expected at most 2 arguments, got {}",
            args.pos.len()
        ))),
    }
}

/// A new built-in iterator, wrapped in an instance of `cls` when that is a subclass.
fn made<R: Runtime>(vm: &mut Vm<R>, cls: &Value<R>, state: IterState<R>) -> Value<R> {
    let it = vm.new_iter(state);
    match vm.user_subclass(cls) {
        Some(class) => vm.wrap_in_subclass(class, it),
        None => it,
    }
}

/// `types.MethodType(func, obj)`: `func` bound to `obj`.
fn method_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (_cls, args) = cls_and_args(args);
    args.no_kwargs("method")?;
    if args.pos.len() != 2 {
        return Err(PyErr::type_error(format!(
            "method expected 2 arguments, got {}",
            args.pos.len()
        )));
    }
    if !super::functions::is_callable(vm, &args.pos[0]) {
        return Err(PyErr::type_error("first argument must be callable"));
    }
    if args.pos[1].is_none() {
        return Err(PyErr::type_error("instance must not be None"));
    }
    Ok(Value::new_obj(ObjKind::BoundMethod {
        func: args.pos[0].clone(),
        receiver: args.pos[1].clone(),
    }))
}

fn enumerate_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (cls, mut args) = cls_and_args(args);
    let start = args.take_kw("start");
    if let Some(v) = args.take_kw("iterable") {
        args.pos.insert(0, v);
    }
    args.no_more_kwargs("enumerate")?;
    if args.pos.is_empty() {
        return Err(PyErr::type_error(
            "enumerate() missing required argument 'iterable'",
        ));
    }
    args.check_count("enumerate", 1, 2)?;
    // The start is an int (a bool counts as its value), as CPython's `__index__` check.
    let count = match start.or_else(|| args.pos.get(1).cloned()) {
        None => Value::Int(0),
        Some(v @ Value::Int(_)) => v,
        Some(v) if matches!(v.kind(), Some(ObjKind::BigInt(_))) => v,
        Some(v) => Value::Int(vm.int_i64(&v)?),
    };
    let iter = vm.get_iter(&args.pos[0])?;
    Ok(made(vm, &cls, IterState::Enumerate { iter, count }))
}

fn zip_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (cls, mut args) = cls_and_args(args);
    let strict = match args.take_kw("strict") {
        Some(v) => vm.truthy(&v)?,
        None => false,
    };
    args.no_more_kwargs("zip")?;
    let mut iters = Vec::with_capacity(args.pos.len());
    for v in &args.pos {
        iters.push(vm.get_iter(v)?);
    }
    let state = if strict {
        IterState::ZipStrict { iters }
    } else {
        IterState::Zip { iters }
    };
    Ok(made(vm, &cls, state))
}

fn map_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (cls, args) = cls_and_args(args);
    args.no_kwargs("map")?;
    if args.pos.len() < 2 {
        return Err(PyErr::type_error("map() must have at least two arguments."));
    }
    let func = args.pos[0].clone();
    let mut iters = Vec::new();
    for v in &args.pos[1..] {
        iters.push(vm.get_iter(v)?);
    }
    Ok(made(vm, &cls, IterState::Map { func, iters }))
}

fn filter_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (cls, args) = cls_and_args(args);
    args.no_kwargs("filter")?;
    args.check_count("filter", 2, 2)?;
    let iter = vm.get_iter(&args.pos[1])?;
    let state = IterState::Filter {
        func: args.pos[0].clone(),
        iter,
    };
    Ok(made(vm, &cls, state))
}

fn reversed_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (cls, args) = cls_and_args(args);
    args.no_kwargs("reversed")?;
    args.check_count("reversed", 1, 1)?;
    let seq = args.pos[0].clone();
    if let Some(r) = vm.call_special(&seq, "__reversed__", vec![])? {
        return Ok(r);
    }
    match seq.kind() {
        Some(ObjKind::Dict(_)) | Some(ObjKind::DictView { .. }) => {
            let type_name = match seq.kind() {
                Some(ObjKind::DictView {
                    view: crate::objects::iter::ViewKind::Values,
                    ..
                }) => "dict_reversevalueiterator",
                Some(ObjKind::DictView {
                    view: crate::objects::iter::ViewKind::Items,
                    ..
                }) => "dict_reverseitemiterator",
                _ => "dict_reversekeyiterator",
            };
            let mut items = vm.collect(&seq)?;
            items.reverse();
            Ok(vm.new_iter(IterState::Snapshot {
                items,
                index: 0,
                type_name,
            }))
        }
        Some(ObjKind::Set(_)) | Some(ObjKind::FrozenSet(_)) | None => Err(PyErr::type_error(
            format!("'{}' object is not reversible", vm.type_name(&seq)),
        )),
        _ => {
            let n = vm.len(&seq)?;
            Ok(made(
                vm,
                &cls,
                IterState::Reversed {
                    seq,
                    index: n,
                    of_list: false,
                },
            ))
        }
    }
}

fn exception_init<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let mut pos = args.pos;
    if pos.is_empty() {
        return Ok(Value::None);
    }
    let this = pos.remove(0);
    if let Some(ObjKind::Exception(e)) = this.kind() {
        // ImportError(msg, name=, path=), AttributeError(msg, name=, obj=), ...
        super::exception_fields::keyword_fields(vm, &this, &args.kw)?;
        super::exception_fields::syntax_error_fields(vm, &this, &pos)?;
        let t = vm.new_tuple(pos);
        let old = std::mem::replace(&mut e.state.lock::<R>().args, t);
        drop(old);
    }
    Ok(Value::None)
}

/// `exc.with_traceback(tb)`: sets `__traceback__` and returns the exception.
fn exception_with_traceback<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let me = args.pos.first().cloned().unwrap_or(Value::None);
    if let Some(tb) = args.pos.get(1) {
        let key = vm.str_key("__traceback__");
        vm.set_attr(&me, &key, tb.clone())?;
    }
    Ok(me)
}

/// `exc.add_note(note)`: appends to `__notes__`, made a list when missing.
fn exception_add_note<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (Some(me), Some(note)) = (args.pos.first(), args.pos.get(1)) else {
        return Err(PyErr::type_error(
            "BaseException.add_note() takes exactly one argument",
        ));
    };
    if !matches!(note.kind(), Some(ObjKind::Str(_))) {
        let t = vm.type_name(note);
        return Err(PyErr::type_error(format!("note must be a str, not '{t}'")));
    }
    let notes = match vm.get_attr_str(me, "__notes__") {
        Ok(n) => n,
        Err(_) => {
            let list = vm.new_list(vec![]);
            let key = vm.str_key("__notes__");
            vm.set_attr(me, &key, list.clone())?;
            list
        }
    };
    match notes.kind() {
        Some(ObjKind::List(l)) => l.lock::<R>().push(note.clone()),
        _ => {
            return Err(PyErr::type_error(
                "Cannot add note: __notes__ is not a list",
            ))
        }
    }
    Ok(Value::None)
}
