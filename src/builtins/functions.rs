//! The builtin functions (the `builtins` module's dict): `print`, `len`, `isinstance`, `sorted`, ... and the names of the
//! built-in types and exceptions. Type constructors (`int(...)`, `list(...)`) live in
//! `types.rs` as each type's `__new__`.

use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::iter::IterState;
use crate::objects::{int, Args, DictKey, NativeFn, ObjKind, Value};
use crate::vm::Runtime;
use crate::vm::{Interp, Vm};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use std::sync::Arc;

type R0<R> = PyResult<Value<R>, R>;

pub fn install<R: Runtime>(interp: &Arc<Interp<R>>) {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("print", super::console::print),
        ("__import__", dunder_import),
        ("len", len),
        ("repr", repr),
        ("ascii", ascii),
        ("isinstance", isinstance),
        ("issubclass", issubclass),
        ("iter", iter),
        ("next", next),
        ("aiter", aiter),
        ("anext", anext),
        ("breakpoint", breakpoint),
        ("id", id),
        ("hash", hash),
        ("callable", callable),
        ("getattr", getattr),
        ("setattr", setattr),
        ("hasattr", hasattr),
        ("delattr", delattr),
        ("abs", abs),
        ("min", min),
        ("max", max),
        ("sum", sum),
        ("sorted", sorted),
        ("any", any),
        ("all", all),
        ("round", round),
        ("divmod", divmod),
        ("pow", pow),
        ("chr", chr),
        ("ord", ord),
        ("hex", hex),
        ("bin", bin),
        ("oct", oct),
        ("format", format),
        ("input", super::console::input),
        ("open", super::file::open),
    ];
    let vm = Vm::new(interp.clone(), 0);
    let builtins = &interp.builtins;
    // Room for all of it at once, rather than growing (and rehashing) five times on the way.
    if let ObjKind::Dict(d) = builtins.kind() {
        let classes = interp.types.named().len();
        d.lock::<R>()
            .reserve(functions.len() + classes + ExcKind::ALL.len() + 9);
    }
    // Keyed by the interned names, as compiled code names them: LoadGlobal's cached read of
    // a builtin then finds its key by identity, without comparing the text.
    let set = |name: &str, v: Value<R>| {
        if let ObjKind::Dict(d) = builtins.kind() {
            d.lock::<R>().insert(vm.interned_key(name), v);
        }
    };
    for (name, f) in functions {
        set(name, crate::vm::native_function(name, *f));
    }
    for (name, class) in interp.types.named() {
        if !NOT_IN_BUILTINS.contains(&name) {
            set(name, Value::Obj(class));
        }
    }
    for (i, kind) in ExcKind::ALL.iter().enumerate() {
        set(kind.name(), Value::Obj(interp.types.exceptions[i].clone()));
    }
    set("NotImplemented", interp.not_implemented.clone());
    set("Ellipsis", interp.ellipsis.clone());
    set("None", Value::None);
    set("True", Value::Bool(true));
    set("False", Value::Bool(false));
    set("__name__", vm.new_str("builtins"));
    set("__doc__", vm.new_str(BUILTINS_DOC));
    set("__package__", vm.new_str(""));
    set("__spec__", Value::None);
    set("__debug__", Value::Bool(true));
}

/// The `builtins` module's docstring.
const BUILTINS_DOC: &str = "The built-in functions, types, exceptions and constants.\n\n\
Every module sees these names without importing them; `import builtins` reaches them as \
attributes, for instance to wrap `builtins.print` or to read a name a module has shadowed.";

/// Built-in types CPython's builtins module does not name (`types` and `type(x)` reach
/// them): `NoneType` in a program is a NameError there too.
const NOT_IN_BUILTINS: &[&str] = &[
    "NoneType",
    "function",
    "builtin_function_or_method",
    "method",
    "module",
    "generator",
    "cell",
    "code",
    "iterator",
    "dict_keys",
    "dict_values",
    "dict_items",
    "NotImplementedType",
    "ellipsis",
    "traceback",
    "frame",
];

/// `__import__(name, globals=None, locals=None, fromlist=(), level=0)`.
fn dunder_import<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    vm.builtin_import(args)
}

fn one_arg<R: Runtime>(args: &Args<R>, name: &str) -> PyResult<Value<R>, R> {
    args.no_kwargs(name)?;
    args.check_count(name, 1, 1)?;
    Ok(args.pos[0].clone())
}

fn len<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let v = one_arg(&args, "len")?;
    Ok(Value::Int(vm.len(&v)? as i64))
}

fn repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let v = one_arg(&args, "repr")?;
    vm.repr_value(&v)
}

fn ascii<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let v = one_arg(&args, "ascii")?;
    vm.ascii_value(&v)
}

/// `isinstance(v, cls)` for one `cls`, as CPython's `PyObject_IsInstance`: a class (with its
/// metaclass's `__instancecheck__`), a tuple of them (checked in order, stopping at the first
/// match), or an object whose type has `__instancecheck__` (a generic alias refuses).
fn instance_check<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>, cls: &Value<R>) -> PyResult<bool, R> {
    match (cls.kind(), cls.as_obj()) {
        (Some(ObjKind::Class(_)), Some(class)) => vm.isinstance_hook(v, class),
        (Some(ObjKind::Tuple(items)), _) => {
            for item in items.iter() {
                if instance_check(vm, v, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => match special_check(vm, cls, "__instancecheck__", v)? {
            Some(r) => Ok(r),
            None => Err(PyErr::type_error(
                "isinstance() arg 2 must be a type, a tuple of types, or a union",
            )),
        },
    }
}

/// `cls.__instancecheck__(v)` (or `__subclasscheck__`) for an instance `cls` whose type
/// defines it; `None` when it does not.
fn special_check<R: Runtime>(
    vm: &mut Vm<R>,
    cls: &Value<R>,
    name: &'static str,
    v: &Value<R>,
) -> PyResult<Option<bool>, R> {
    if !matches!(cls.kind(), Some(ObjKind::Instance(_))) {
        return Ok(None);
    }
    match vm.call_special(cls, name, vec![v.clone()]) {
        Ok(Some(r)) => vm.truthy(&r).map(Some),
        Ok(None) => Ok(None),
        Err(e) => Err(hide_alias_frames(e)),
    }
}

/// A generic alias's refusal (`isinstance(x, list[int])`) is raised by the bundled
/// `_generic_alias`, which stands for C code in CPython: its frames are not shown.
fn hide_alias_frames<R: Runtime>(e: PyErr<R>) -> PyErr<R> {
    if let PyErr::Object(o) = &e {
        if let ObjKind::Exception(x) = o.kind() {
            let hidden = crate::vm::bundled::bundled_filename("_generic_alias");
            let mut st = x.state.lock::<R>();
            st.traceback.retain(|t| *t.filename != *hidden);
            st.traceback_object = Value::None;
        }
    }
    e
}

fn isinstance<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("isinstance", 2, 2)?;
    instance_check(vm, &args.pos[0], &args.pos[1]).map(Value::Bool)
}

/// `issubclass(sub, cls)` for one `cls`, as `isinstance` reads its second argument.
fn subclass_check<R: Runtime>(vm: &mut Vm<R>, sub: &Value<R>, cls: &Value<R>) -> PyResult<bool, R> {
    match (cls.kind(), cls.as_obj()) {
        (Some(ObjKind::Class(_)), Some(class)) => {
            if let Some(r) = vm.subclasscheck_hook(sub, class)? {
                return Ok(r);
            }
            let (Some(ObjKind::Class(c)), Some(me)) = (sub.kind(), sub.as_obj()) else {
                return Err(PyErr::type_error("issubclass() arg 1 must be a class"));
            };
            Ok(c.is_subclass_of(me, class))
        }
        (Some(ObjKind::Tuple(items)), _) => {
            for item in items.iter() {
                if subclass_check(vm, sub, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => match special_check(vm, cls, "__subclasscheck__", sub)? {
            Some(r) => Ok(r),
            None if !matches!(sub.kind(), Some(ObjKind::Class(_))) => {
                Err(PyErr::type_error("issubclass() arg 1 must be a class"))
            }
            None => Err(PyErr::type_error(
                "issubclass() arg 2 must be a class, a tuple of classes, or a union",
            )),
        },
    }
}

fn issubclass<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("issubclass", 2, 2)?;
    subclass_check(vm, &args.pos[0], &args.pos[1]).map(Value::Bool)
}

fn iter<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("iter")?;
    args.check_count("iter", 1, 2)?;
    if args.pos.len() == 2 {
        let state = IterState::Callable {
            func: args.pos[0].clone(),
            sentinel: args.pos[1].clone(),
        };
        return Ok(vm.new_iter(state));
    }
    vm.get_iter(&args.pos[0])
}

fn next<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("next")?;
    args.check_count("next", 1, 2)?;
    let it = &args.pos[0];
    let is_iterator = matches!(it.kind(), Some(ObjKind::Iter(_)))
        || matches!(it.kind(), Some(ObjKind::Generator(g)) if g.is_plain())
        || matches!(it.kind(), Some(ObjKind::Instance(_) | ObjKind::Native(_)));
    if !is_iterator {
        return Err(PyErr::type_error(format!(
            "'{}' object is not an iterator",
            vm.type_name(it)
        )));
    }
    if let (Some(ObjKind::Generator(g)), None) = (it.kind(), args.pos.get(1)) {
        return super::generator::generator_next(vm, g);
    }
    // A class's own `__next__`: the StopIteration it raises goes on as it is (with its
    // value), as CPython's `next` lets it.
    if let (Some(ObjKind::Instance(_)), None) = (it.kind(), args.pos.get(1)) {
        if let Some(v) = vm.call_special(it, "__next__", Vec::new())? {
            return Ok(v);
        }
    }
    match vm.next_or_stop(it)? {
        Ok(v) => Ok(v),
        Err(stop) => match args.pos.get(1) {
            Some(default) => Ok(default.clone()),
            None => Err(stop),
        },
    }
}

/// `aiter(obj)`: `obj.__aiter__()`.
fn aiter<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("aiter")?;
    args.check_count("aiter", 1, 1)?;
    let obj = &args.pos[0];
    match vm.call_special(obj, "__aiter__", Vec::new())? {
        Some(it) => Ok(it),
        None => Err(PyErr::type_error(format!(
            "'{}' object is not an async iterable",
            vm.type_name(obj)
        ))),
    }
}

/// `anext(it[, default])`: the awaitable `it.__anext__()` returns; with a default, an
/// awaitable that gives the default instead of raising StopAsyncIteration.
fn anext<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("anext")?;
    args.check_count("anext", 1, 2)?;
    let it = &args.pos[0];
    let Some(awaitable) = vm.call_special(it, "__anext__", Vec::new())? else {
        return Err(PyErr::type_error(format!(
            "'{}' object is not an async iterator",
            vm.type_name(it)
        )));
    };
    let Some(default) = args.pos.get(1) else {
        return Ok(awaitable);
    };
    let helper = vm.import_module("_anext")?;
    let with_default = vm.get_attr_str(&helper, "with_default")?;
    vm.call(&with_default, vec![awaitable, default.clone()], Vec::new())
}

/// `breakpoint(*args, **kws)`: calls `sys.breakpointhook`, which does nothing by default
/// (minipy has no debugger to enter).
fn breakpoint<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let sys = vm.import_module("sys")?;
    let hook = match vm.get_attr_str(&sys, "breakpointhook") {
        Ok(h) => h,
        Err(_) => return Err(PyErr::runtime_error("lost sys.breakpointhook")),
    };
    vm.call(&hook, args.pos, args.kw)
}

fn id<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let v = one_arg(&args, "id")?;
    Ok(match &v {
        Value::Obj(o) => Value::Int(o.addr() as i64),
        Value::None => Value::Int(0x1000),
        Value::Bool(b) => Value::Int(0x2000 + *b as i64 * 16),
        Value::Int(i) => Value::Int(0x10_0000_0000_i64.wrapping_add(i.wrapping_mul(32))),
        Value::Float(f) => Value::Int((f.to_bits() >> 4) as i64),
    })
}

fn hash<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let v = one_arg(&args, "hash")?;
    Ok(Value::Int(vm.make_key(v)?.hash))
}

fn callable<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let v = one_arg(&args, "callable")?;
    Ok(Value::Bool(is_callable(vm, &v)))
}

/// Whether `v` can be called: `callable(v)`.
pub fn is_callable<R: Runtime>(vm: &Vm<R>, v: &Value<R>) -> bool {
    match v.kind() {
        Some(
            ObjKind::Function(_)
            | ObjKind::Builtin(_)
            | ObjKind::BoundMethod { .. }
            | ObjKind::Class(_),
        ) => true,
        // A static method is callable (Python 3.10), a class method is not.
        Some(ObjKind::StaticMethod(f)) => is_callable(vm, f),
        Some(ObjKind::Instance(_) | ObjKind::Native(_)) => {
            let class = vm.types().class_of(v).clone();
            crate::vm::class_lookup(&class, &vm.static_key("__call__")).is_some()
        }
        _ => false,
    }
}

fn attr_name<R: Runtime>(vm: &Vm<R>, v: &Value<R>) -> PyResult<String, R> {
    match v.as_str() {
        Some(s) => Ok(s.to_string()),
        None => Err(PyErr::type_error(format!(
            "attribute name must be string, not '{}'",
            vm.type_name(v)
        ))),
    }
}

/// The dict key of an attribute name passed as an argument: the str itself, not a copy.
fn attr_key<R: Runtime>(vm: &Vm<R>, v: &Value<R>) -> PyResult<DictKey<R>, R> {
    match v.kind() {
        Some(ObjKind::Str(s)) => Ok(DictKey {
            hash: s.hash(),
            value: v.clone(),
        }),
        _ => Ok(vm.str_key(&attr_name(vm, v)?)),
    }
}

fn getattr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("getattr", 2, 3)?;
    let key = attr_key(vm, &args.pos[1])?;
    if args.pos.len() == 2 {
        return vm.get_attr(&args.pos[0], &key);
    }
    match vm.lookup_attr(&args.pos[0], &key) {
        Ok(Some(v)) => Ok(v),
        Ok(None) => Ok(args.pos[2].clone()),
        Err(e) if vm.err_kind(&e) == Some(ExcKind::AttributeError) => Ok(args.pos[2].clone()),
        Err(e) => Err(e),
    }
}

fn setattr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("setattr", 3, 3)?;
    let name = attr_name(vm, &args.pos[1])?;
    let key = vm.str_key(&name);
    vm.set_attr(&args.pos[0], &key, args.pos[2].clone())?;
    Ok(Value::None)
}

fn hasattr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("hasattr", 2, 2)?;
    let key = attr_key(vm, &args.pos[1])?;
    match vm.lookup_attr(&args.pos[0], &key) {
        Ok(found) => Ok(Value::Bool(found.is_some())),
        Err(e) if vm.err_kind(&e) == Some(ExcKind::AttributeError) => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

fn delattr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("delattr", 2, 2)?;
    let name = attr_name(vm, &args.pos[1])?;
    let key = vm.str_key(&name);
    vm.del_attr(&args.pos[0], &key)?;
    Ok(Value::None)
}

pub(super) fn abs<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let v = one_arg(&args, "abs")?;
    match &v {
        Value::Int(i) => Ok(i
            .checked_abs()
            .map(Value::Int)
            .unwrap_or_else(|| int::from_bigint(BigInt::from(*i).abs()))),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Float(f) => Ok(Value::Float(f.abs())),
        _ => match v.kind() {
            Some(ObjKind::BigInt(b)) => Ok(int::from_bigint(b.abs())),
            _ => match vm.call_special(&v, "__abs__", vec![])? {
                Some(r) => Ok(r),
                None => Err(PyErr::type_error(format!(
                    "bad operand type for abs(): '{}'",
                    vm.type_name(&v)
                ))),
            },
        },
    }
}

/// min() and max(): `better` is the comparison (CompareOp index) that makes a new best.
fn extreme<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>, name: &str, better: u32) -> R0<R> {
    let key = args.take_kw("key").filter(|k| !k.is_none());
    let default = args.take_kw("default");
    args.no_more_kwargs(name)?;
    let items = match args.pos.len() {
        0 => {
            return Err(PyErr::type_error(format!(
                "{name} expected at least 1 argument, got 0"
            )))
        }
        1 => vm.collect(&args.pos[0])?,
        _ => {
            if default.is_some() {
                return Err(PyErr::type_error(format!(
                    "Cannot specify a default for {name}() with multiple positional arguments"
                )));
            }
            args.pos
        }
    };
    let mut best: Option<(Value<R>, Value<R>)> = None;
    for item in items {
        let k = match &key {
            Some(f) => vm.call(f, vec![item.clone()], Vec::new())?,
            None => item.clone(),
        };
        best = match best {
            None => Some((k, item)),
            Some((bk, bv)) => {
                let r = vm.compare(k.clone(), bk.clone(), better)?;
                if vm.truthy(&r)? {
                    Some((k, item))
                } else {
                    Some((bk, bv))
                }
            }
        };
    }
    match best {
        Some((_, v)) => Ok(v),
        None => match default {
            Some(d) => Ok(d),
            None => Err(PyErr::value_error(format!(
                "{name}() arg is an empty sequence"
            ))),
        },
    }
}

fn min<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    extreme(vm, args, "min", 0)
}

fn max<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    extreme(vm, args, "max", 4)
}

fn sum<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let start = args.take_kw("start");
    args.no_more_kwargs("sum")?;
    args.check_count("sum", 1, 2)?;
    let acc = start
        .or_else(|| args.pos.get(1).cloned())
        .unwrap_or(Value::Int(0));
    if acc.as_str().is_some() {
        return Err(PyErr::type_error(
            "sum() can't sum strings [use ''.join(seq) instead]",
        ));
    }
    vm.sum_of(&args.pos[0], acc)
}

fn sorted<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    if args.pos.len() != 1 {
        return Err(PyErr::type_error(format!(
            "sorted expected 1 argument, got {}",
            args.pos.len()
        )));
    }
    let items = vm.collect(&args.pos[0])?;
    let list = vm.new_list(items);
    let key = args.take_kw("key");
    let reverse = args.take_kw("reverse");
    args.no_more_kwargs("sorted")?;
    super::list::sort_list(vm, &list, key, reverse)?;
    Ok(list)
}

fn any<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let v = one_arg(&args, "any")?;
    Ok(Value::Bool(vm.any_of(&v)?))
}

fn all<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let v = one_arg(&args, "all")?;
    Ok(Value::Bool(vm.all_of(&v)?))
}

pub(super) fn round<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let ndigits_kw = args.take_kw("ndigits");
    args.no_more_kwargs("round")?;
    args.check_count("round", 1, 2)?;
    let ndigits = ndigits_kw
        .or_else(|| args.pos.get(1).cloned())
        .filter(|v| !v.is_none());
    let x = &args.pos[0];
    match x {
        Value::Float(f) => match ndigits {
            None => {
                if !f.is_finite() {
                    return Err(if f.is_nan() {
                        PyErr::value_error("cannot convert float NaN to integer")
                    } else {
                        PyErr::overflow("cannot convert float infinity to integer")
                    });
                }
                let r = round_half_even(*f);
                Ok(int::float_to_int(r))
            }
            Some(n) => {
                let n = vm.int_i64(&n)?;
                Ok(Value::Float(round_float_digits(*f, n)))
            }
        },
        Value::Int(_) | Value::Bool(_) => match ndigits {
            None => Ok(match x {
                Value::Bool(b) => Value::Int(*b as i64),
                _ => x.clone(),
            }),
            Some(n) => {
                let n = vm.int_i64(&n)?;
                let v = int::to_bigint(x).unwrap_or_default();
                Ok(int::from_bigint(round_int_digits(&v, n)))
            }
        },
        _ => match x.kind() {
            Some(ObjKind::BigInt(b)) => match ndigits {
                None => Ok(x.clone()),
                Some(n) => {
                    let n = vm.int_i64(&n)?;
                    Ok(int::from_bigint(round_int_digits(b, n)))
                }
            },
            _ => {
                let mut extra = Vec::new();
                if let Some(n) = ndigits {
                    extra.push(n);
                }
                match vm.call_special(x, "__round__", extra)? {
                    Some(r) => Ok(r),
                    None => Err(PyErr::type_error(format!(
                        "type {} doesn't define __round__ method",
                        vm.type_name(x)
                    ))),
                }
            }
        },
    }
}

fn round_half_even(f: f64) -> f64 {
    let r = f.round();
    if (f - f.trunc()).abs() == 0.5 {
        2.0 * (f / 2.0).round()
    } else {
        r
    }
}

/// `round(x, n)` for floats, correctly rounded through the decimal string (as CPython does).
fn round_float_digits(f: f64, n: i64) -> f64 {
    if !f.is_finite() || f == 0.0 {
        return f;
    }
    if n > 308 {
        return f;
    }
    if n < -308 {
        return 0.0f64.copysign(f);
    }
    if n >= 0 {
        let s = format!("{:.*}", n as usize, f);
        s.parse().unwrap_or(f)
    } else {
        // Exactly: the float's integer part in decimal (Rust prints it exactly), rounded
        // half-even to a multiple of 10**-n, read back (correctly rounded).
        let Ok(whole) = format!("{:.0}", f.trunc()).parse::<BigInt>() else {
            return f;
        };
        let scale = num_traits::pow(BigInt::from(10), (-n) as usize);
        // f / 10**k = q + (r + fract) / 10**k, with 0 <= r < 10**k (an even number).
        let (q, r) = whole.div_mod_floor(&scale);
        let twice = &r * 2;
        let fract = f.fract();
        let up = if fract == 0.0 {
            twice > scale || (twice == scale && q.is_odd())
        } else if fract > 0.0 {
            twice >= scale
        } else {
            twice > scale
        };
        let q = if up { q + 1 } else { q };
        let r: f64 = (q * scale).to_string().parse().unwrap_or(f);
        if r == 0.0 {
            0.0f64.copysign(f)
        } else {
            r
        }
    }
}

fn round_int_digits(v: &BigInt, n: i64) -> BigInt {
    if n >= 0 {
        return v.clone();
    }
    let Some(p) = (-n).to_u32() else {
        return BigInt::zero();
    };
    let scale = num_traits::pow(BigInt::from(10), p as usize);
    let half = &scale / 2;
    let (q, r) = num_integer::Integer::div_mod_floor(v, &scale);
    let q = if r > half || (r == half && num_integer::Integer::is_odd(&q)) {
        q + 1
    } else {
        q
    };
    q * scale
}

pub(super) fn divmod<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("divmod", 2, 2)?;
    let (a, b) = (args.pos[0].clone(), args.pos[1].clone());
    let number = |v: &Value<R>| {
        matches!(v, Value::Int(_) | Value::Bool(_) | Value::Float(_))
            || matches!(v.kind(), Some(ObjKind::BigInt(_)))
    };
    if number(&a) && number(&b) {
        if let (Value::Float(_), _) | (_, Value::Float(_)) = (&a, &b) {
            let x = to_float(vm, &a)?;
            let y = to_float(vm, &b)?;
            if y == 0.0 {
                return Err(PyErr::zero_division("float divmod()"));
            }
            let (q, r) = int::float_divmod(x, y);
            return Ok(vm.new_tuple(vec![Value::Float(q), Value::Float(r)]));
        }
        let q = vm.binary_op(a.clone(), b.clone(), crate::syntax::ast::BinOp::FloorDiv)?;
        let r = vm.binary_op(a, b, crate::syntax::ast::BinOp::Mod)?;
        return Ok(vm.new_tuple(vec![q, r]));
    }
    // `a.__divmod__(b)`, then `b.__rdivmod__(a)`; NotImplemented from either declines.
    let swapped = !vm.types().class_of(&a).ptr_eq(vm.types().class_of(&b));
    for (x, y, name) in [(&a, &b, "__divmod__"), (&b, &a, "__rdivmod__")] {
        if name == "__rdivmod__" && !swapped {
            break;
        }
        if let Some(r) = vm.call_special(x, name, vec![y.clone()])? {
            if !r.is(&vm.interp.not_implemented) {
                return Ok(r);
            }
        }
    }
    Err(PyErr::type_error(format!(
        "unsupported operand type(s) for divmod(): '{}' and '{}'",
        vm.type_name(&a),
        vm.type_name(&b)
    )))
}

fn to_float<R: Runtime>(vm: &Vm<R>, v: &Value<R>) -> PyResult<f64, R> {
    match v {
        Value::Float(f) => Ok(*f),
        _ => match int::to_bigint(v) {
            Some(b) => b
                .to_f64()
                .ok_or_else(|| PyErr::overflow("int too large to convert to float")),
            None => Err(PyErr::type_error(format!(
                "must be real number, not {}",
                vm.type_name(v)
            ))),
        },
    }
}

pub(super) fn pow<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let modulus = args.take_kw("mod");
    args.no_more_kwargs("pow")?;
    args.check_count("pow", 2, 3)?;
    let m = modulus
        .or_else(|| args.pos.get(2).cloned())
        .filter(|v| !v.is_none());
    let (a, b) = (args.pos[0].clone(), args.pos[1].clone());
    match m {
        None => vm.binary_op(a, b, crate::syntax::ast::BinOp::Pow),
        Some(m) => {
            let (Some(x), Some(y), Some(z)) =
                (int::to_bigint(&a), int::to_bigint(&b), int::to_bigint(&m))
            else {
                let number = |v: &Value<R>| {
                    matches!(v, Value::Int(_) | Value::Bool(_) | Value::Float(_))
                        || matches!(v.kind(), Some(ObjKind::BigInt(_) | ObjKind::Complex(_)))
                };
                if [&a, &b, &m].into_iter().all(number) {
                    return Err(PyErr::type_error(
                        "pow() 3rd argument not allowed unless all arguments are integers",
                    ));
                }
                // A user class's three-argument `__pow__` (a number's own declines).
                let user = matches!(a.kind(), Some(ObjKind::Instance(_)));
                if let Some(r) = user
                    .then(|| vm.call_special(&a, "__pow__", vec![b.clone(), m.clone()]))
                    .transpose()?
                    .flatten()
                {
                    if !r.is(&vm.interp.not_implemented) {
                        return Ok(r);
                    }
                }
                return Err(PyErr::type_error(format!(
                    "unsupported operand type(s) for ** or pow(): '{}', '{}', '{}'",
                    vm.type_name(&a),
                    vm.type_name(&b),
                    vm.type_name(&m)
                )));
            };
            if z.is_zero() {
                return Err(PyErr::value_error("pow() 3rd argument cannot be 0"));
            }
            let (x, y) = if y.is_negative() {
                // A negative exponent is the power of the base's inverse modulo `z`.
                let inv = mod_inverse(&x, &z).ok_or_else(|| {
                    PyErr::value_error("base is not invertible for the given modulus")
                })?;
                (inv, -y)
            } else {
                (x, y)
            };
            let r = x.modpow(&y, &z);
            let r = if !r.is_zero() && (r.is_negative() != z.is_negative()) {
                r + &z
            } else {
                r
            };
            Ok(int::from_bigint(r))
        }
    }
}

/// The inverse of `x` modulo `m` (in `0..|m|`), if `x` and `m` are coprime.
fn mod_inverse(x: &BigInt, m: &BigInt) -> Option<BigInt> {
    let m = m.abs();
    let e = num_integer::Integer::extended_gcd(&x.mod_floor(&m), &m);
    e.gcd.is_one().then(|| e.x.mod_floor(&m))
}

fn chr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let v = one_arg(&args, "chr")?;
    let i = vm.int_i64(&v)?;
    match u32::try_from(i).ok().and_then(char::from_u32) {
        Some(c) => Ok(vm.new_str(c.to_string())),
        None if (0..0x110000).contains(&i) => {
            Err(PyErr::value_error("surrogate characters are not supported"))
        }
        None => Err(PyErr::value_error("chr() arg not in range(0x110000)")),
    }
}

fn ord<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let v = one_arg(&args, "ord")?;
    // An instance of a str, bytes or bytearray subclass counts as its value.
    let v = match vm.builtin_base(&v) {
        Some(b)
            if matches!(
                b.kind(),
                Some(ObjKind::Str(_) | ObjKind::Bytes(_) | ObjKind::ByteArray(_))
            ) =>
        {
            b
        }
        _ => v,
    };
    let wrong_length = |n: usize| {
        PyErr::type_error(format!(
            "ord() expected a character, but string of length {n} found"
        ))
    };
    match v.kind() {
        Some(ObjKind::Str(s)) => {
            let n = s.char_len();
            match (n, s.as_str().chars().next()) {
                (1, Some(c)) => Ok(Value::Int(c as i64)),
                _ => Err(wrong_length(n)),
            }
        }
        Some(ObjKind::Bytes(b)) if b.len() == 1 => Ok(Value::Int(b[0] as i64)),
        Some(ObjKind::Bytes(b)) => Err(wrong_length(b.len())),
        Some(ObjKind::ByteArray(b)) => {
            let b = b.lock::<R>();
            match b.len() {
                1 => Ok(Value::Int(b[0] as i64)),
                n => Err(wrong_length(n)),
            }
        }
        _ => Err(PyErr::type_error(format!(
            "ord() expected string of length 1, but {} found",
            vm.type_name(&v)
        ))),
    }
}

fn radix<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, name: &str, spec: &str) -> R0<R> {
    let v = one_arg(&args, name)?;
    let v = vm.instance_index(&v)?.unwrap_or(v);
    match int::to_bigint(&v) {
        Some(b) if !matches!(v, Value::Float(_)) => {
            let s = crate::objects::format::format_int(&b, spec)?;
            Ok(vm.new_str(s))
        }
        _ => Err(PyErr::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            vm.type_name(&v)
        ))),
    }
}

fn hex<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    radix(vm, args, "hex", "#x")
}

fn bin<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    radix(vm, args, "bin", "#b")
}

fn oct<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    radix(vm, args, "oct", "#o")
}

fn format<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("format")?;
    args.check_count("format", 1, 2)?;
    let spec = match args.pos.get(1) {
        Some(s) => match s.as_str() {
            Some(t) => t.to_string(),
            None => {
                return Err(PyErr::type_error(format!(
                    "format() argument 2 must be str, not {}",
                    vm.type_name(s)
                )))
            }
        },
        None => String::new(),
    };
    let s = vm.format(&args.pos[0], &spec)?;
    Ok(vm.new_str(s))
}
