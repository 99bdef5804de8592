//! The `operator` module: Python's operators as functions (`add`, `lt`, `getitem`, `iadd`,
//! ... and their `__add__` aliases), `index`, `length_hint`, `call`, and the callable classes
//! `itemgetter`, `attrgetter` (dotted names) and `methodcaller`, with CPython's reprs.

use super::num_args::to_bigint;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{int, Args, NativeFn, NativeObj, ObjKind, ObjRef, Value};
use crate::syntax::ast::BinOp;
use crate::vm::Runtime;
use crate::vm::Vm;
use num_traits::Signed;

type R0<R> = PyResult<Value<R>, R>;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("add", add),
        ("sub", sub),
        ("mul", mul),
        ("matmul", matmul),
        ("truediv", truediv),
        ("floordiv", floordiv),
        ("mod", mod_),
        ("pow", pow),
        ("lshift", lshift),
        ("rshift", rshift),
        ("and_", and_),
        ("or_", or_),
        ("xor", xor),
        ("iadd", iadd),
        ("isub", isub),
        ("imul", imul),
        ("imatmul", imatmul),
        ("itruediv", itruediv),
        ("ifloordiv", ifloordiv),
        ("imod", imod),
        ("ipow", ipow),
        ("ilshift", ilshift),
        ("irshift", irshift),
        ("iand", iand),
        ("ior", ior),
        ("ixor", ixor),
        ("concat", concat),
        ("iconcat", iconcat),
        ("neg", neg),
        ("pos", pos),
        ("invert", invert),
        ("inv", invert),
        ("abs", abs),
        ("not_", not_),
        ("truth", truth),
        ("index", index),
        ("lt", lt),
        ("le", le),
        ("eq", eq),
        ("ne", ne),
        ("gt", gt),
        ("ge", ge),
        ("is_", is_),
        ("is_not", is_not),
        ("contains", contains),
        ("countOf", count_of),
        ("indexOf", index_of),
        ("getitem", getitem),
        ("setitem", setitem),
        ("delitem", delitem),
        ("length_hint", length_hint),
        ("call", call),
    ];
    super::add_functions(vm, m, functions);
    // The dunder aliases (`operator.__add__`, ...) are the same functions.
    for (alias, name) in DUNDER_ALIASES {
        if let Some((_, f)) = functions.iter().find(|(n, _)| n == name) {
            vm.set_module_attr(m, alias, super::native_function(alias, *f));
        }
    }
    let classes = [
        (
            "itemgetter",
            vm.native_class(
                "itemgetter",
                "operator",
                &[
                    ("__new__", itemgetter_new),
                    ("__call__", getter_call),
                    ("__repr__", getter_repr),
                ],
            ),
        ),
        (
            "attrgetter",
            vm.native_class(
                "attrgetter",
                "operator",
                &[
                    ("__new__", attrgetter_new),
                    ("__call__", getter_call),
                    ("__repr__", getter_repr),
                ],
            ),
        ),
        (
            "methodcaller",
            vm.native_class(
                "methodcaller",
                "operator",
                &[
                    ("__new__", methodcaller_new),
                    ("__call__", getter_call),
                    ("__repr__", getter_repr),
                ],
            ),
        ),
    ];
    for (name, class) in classes {
        vm.set_module_attr(m, name, Value::Obj(class));
    }
    crate::objects::native::register_gc::<R, Getter<R>>(crate::objects::native::NativeGc {
        traverse: getter_traverse::<R>,
        clear: |_| {},
    });
    true
}

/// `operator.__NAME__` for each function NAME that has one.
const DUNDER_ALIASES: &[(&str, &str)] = &[
    ("__add__", "add"),
    ("__sub__", "sub"),
    ("__mul__", "mul"),
    ("__matmul__", "matmul"),
    ("__truediv__", "truediv"),
    ("__floordiv__", "floordiv"),
    ("__mod__", "mod"),
    ("__pow__", "pow"),
    ("__lshift__", "lshift"),
    ("__rshift__", "rshift"),
    ("__and__", "and_"),
    ("__or__", "or_"),
    ("__xor__", "xor"),
    ("__iadd__", "iadd"),
    ("__isub__", "isub"),
    ("__imul__", "imul"),
    ("__imatmul__", "imatmul"),
    ("__itruediv__", "itruediv"),
    ("__ifloordiv__", "ifloordiv"),
    ("__imod__", "imod"),
    ("__ipow__", "ipow"),
    ("__ilshift__", "ilshift"),
    ("__irshift__", "irshift"),
    ("__iand__", "iand"),
    ("__ior__", "ior"),
    ("__ixor__", "ixor"),
    ("__concat__", "concat"),
    ("__iconcat__", "iconcat"),
    ("__neg__", "neg"),
    ("__pos__", "pos"),
    ("__invert__", "invert"),
    ("__inv__", "inv"),
    ("__abs__", "abs"),
    ("__not__", "not_"),
    ("__index__", "index"),
    ("__lt__", "lt"),
    ("__le__", "le"),
    ("__eq__", "eq"),
    ("__ne__", "ne"),
    ("__gt__", "gt"),
    ("__ge__", "ge"),
    ("__contains__", "contains"),
    ("__getitem__", "getitem"),
    ("__setitem__", "setitem"),
    ("__delitem__", "delitem"),
    ("__call__", "call"),
];

fn pair<R: Runtime>(args: &Args<R>, name: &str) -> PyResult<(Value<R>, Value<R>), R> {
    args.no_kwargs(name)?;
    args.check_count(name, 2, 2)?;
    Ok((args.pos[0].clone(), args.pos[1].clone()))
}

fn single<R: Runtime>(args: &Args<R>, name: &str) -> PyResult<Value<R>, R> {
    let name = format!("_operator.{name}");
    args.no_kwargs(&name)?;
    args.check_count(&name, 1, 1)?;
    Ok(args.pos[0].clone())
}

macro_rules! binary_functions {
    ($($fn_name:ident $py:literal: $method:ident $op:expr;)*) => {
        $(fn $fn_name<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
            let (a, b) = pair(&args, $py)?;
            vm.$method(a, b, $op)
        })*
    };
}

binary_functions! {
    add "add": binary_op BinOp::Add;
    sub "sub": binary_op BinOp::Sub;
    mul "mul": binary_op BinOp::Mul;
    matmul "matmul": binary_op BinOp::MatMul;
    truediv "truediv": binary_op BinOp::Div;
    floordiv "floordiv": binary_op BinOp::FloorDiv;
    mod_ "mod": binary_op BinOp::Mod;
    pow "pow": binary_op BinOp::Pow;
    lshift "lshift": binary_op BinOp::LShift;
    rshift "rshift": binary_op BinOp::RShift;
    and_ "and_": binary_op BinOp::BitAnd;
    or_ "or_": binary_op BinOp::BitOr;
    xor "xor": binary_op BinOp::BitXor;
    iadd "iadd": inplace_op BinOp::Add;
    isub "isub": inplace_op BinOp::Sub;
    imul "imul": inplace_op BinOp::Mul;
    imatmul "imatmul": inplace_op BinOp::MatMul;
    itruediv "itruediv": inplace_op BinOp::Div;
    ifloordiv "ifloordiv": inplace_op BinOp::FloorDiv;
    imod "imod": inplace_op BinOp::Mod;
    ipow "ipow": inplace_op BinOp::Pow;
    ilshift "ilshift": inplace_op BinOp::LShift;
    irshift "irshift": inplace_op BinOp::RShift;
    iand "iand": inplace_op BinOp::BitAnd;
    ior "ior": inplace_op BinOp::BitOr;
    ixor "ixor": inplace_op BinOp::BitXor;
    lt "lt": compare 0;
    le "le": compare 1;
    eq "eq": compare 2;
    ne "ne": compare 3;
    gt "gt": compare 4;
    ge "ge": compare 5;
}

/// Whether `v` is a sequence as CPython's `PySequence_Check` sees it (not a dict).
fn is_sequence<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> bool {
    match v.kind() {
        Some(
            ObjKind::List(_)
            | ObjKind::Tuple(_)
            | ObjKind::Str(_)
            | ObjKind::Bytes(_)
            | ObjKind::Range { .. },
        ) => true,
        Some(ObjKind::Instance(_) | ObjKind::Native(_)) => {
            let class = vm.types().class_of(v).clone();
            let key = vm.static_key("__getitem__");
            vm.lookup_type(&class, &key).is_some()
        }
        _ => false,
    }
}

fn concat_with<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, name: &str, inplace: bool) -> R0<R> {
    let (a, b) = pair(&args, name)?;
    if !is_sequence(vm, &a) {
        return Err(PyErr::type_error(format!(
            "'{}' object can't be concatenated",
            vm.type_name(&a)
        )));
    }
    if inplace {
        vm.inplace_op(a, b, BinOp::Add)
    } else {
        vm.binary_op(a, b, BinOp::Add)
    }
}

fn concat<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    concat_with(vm, args, "concat", false)
}

fn iconcat<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    concat_with(vm, args, "iconcat", true)
}

fn neg<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let v = single(&args, "neg")?;
    vm.unary_op(v, 1)
}

fn pos<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let v = single(&args, "pos")?;
    vm.unary_op(v, 2)
}

fn invert<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let v = single(&args, "invert")?;
    vm.unary_op(v, 3)
}

fn abs<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let v = single(&args, "abs")?;
    match &v {
        Value::Float(f) => return Ok(Value::Float(f.abs())),
        Value::Int(_) | Value::Bool(_) => {
            let b = int::to_bigint(&v).unwrap_or_default();
            return Ok(int::from_bigint(b.abs()));
        }
        _ => {}
    }
    if let Some(ObjKind::BigInt(b)) = v.kind() {
        return Ok(int::from_bigint(b.abs()));
    }
    match vm.call_special(&v, "__abs__", vec![])? {
        Some(r) => Ok(r),
        None => Err(PyErr::type_error(format!(
            "bad operand type for abs(): '{}'",
            vm.type_name(&v)
        ))),
    }
}

fn not_<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let v = single(&args, "not_")?;
    Ok(Value::Bool(!vm.truthy(&v)?))
}

fn truth<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let v = single(&args, "truth")?;
    Ok(Value::Bool(vm.truthy(&v)?))
}

fn index<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let v = single(&args, "index")?;
    if matches!(v, Value::Int(_)) || matches!(v.kind(), Some(ObjKind::BigInt(_))) {
        return Ok(v);
    }
    Ok(int::from_bigint(to_bigint(vm, &v)?))
}

fn is_<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (a, b) = pair(&args, "is_")?;
    Ok(Value::Bool(a.is(&b)))
}

fn is_not<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (a, b) = pair(&args, "is_not")?;
    Ok(Value::Bool(!a.is(&b)))
}

fn contains<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (a, b) = pair(&args, "contains")?;
    Ok(Value::Bool(vm.contains(&a, &b)?))
}

/// The positions where `b` occurs in iterable `a` (by identity or equality), stopping at the
/// first when `first_only`.
fn find_all<R: Runtime>(
    vm: &mut Vm<R>,
    a: &Value<R>,
    b: &Value<R>,
    first_only: bool,
) -> PyResult<Vec<usize>, R> {
    if !vm.is_iterable(a) {
        return Err(PyErr::type_error(format!(
            "argument of type '{}' is not iterable",
            vm.type_name(a)
        )));
    }
    let it = vm.get_iter(a)?;
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(v) = vm.next_fast(&it)? {
        if v.is(b) || vm.eq(&v, b)? {
            found.push(i);
            if first_only {
                break;
            }
        }
        i += 1;
    }
    Ok(found)
}

fn count_of<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (a, b) = pair(&args, "countOf")?;
    Ok(Value::Int(find_all(vm, &a, &b, false)?.len() as i64))
}

fn index_of<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (a, b) = pair(&args, "indexOf")?;
    match find_all(vm, &a, &b, true)?.first() {
        Some(i) => Ok(Value::Int(*i as i64)),
        None => Err(PyErr::value_error("sequence.index(x): x not in sequence")),
    }
}

fn getitem<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (a, b) = pair(&args, "getitem")?;
    vm.get_item(&a, &b)
}

fn setitem<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("setitem")?;
    args.check_count("setitem", 3, 3)?;
    let mut pos = args.pos.into_iter();
    let (Some(a), Some(b), Some(c)) = (pos.next(), pos.next(), pos.next()) else {
        return Ok(Value::None);
    };
    vm.set_item(&a, b, c)?;
    Ok(Value::None)
}

fn delitem<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (a, b) = pair(&args, "delitem")?;
    vm.del_item(&a, &b)?;
    Ok(Value::None)
}

fn length_hint<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("length_hint")?;
    args.check_count("length_hint", 1, 2)?;
    let obj = args.pos[0].clone();
    let default = match args.pos.get(1) {
        Some(d @ Value::Int(_)) => d.clone(),
        Some(d) => return Err(vm.not_an_integer(d)),
        None => Value::Int(0),
    };
    match vm.len(&obj) {
        Ok(n) => return Ok(Value::Int(n as i64)),
        Err(e) if vm.err_kind(&e) == Some(ExcKind::TypeError) => {}
        Err(e) => return Err(e),
    }
    if let Some(n) = vm.iter_length_hint(&obj)? {
        return Ok(Value::Int(n as i64));
    }
    if matches!(obj.kind(), Some(ObjKind::Instance(_) | ObjKind::Native(_))) {
        if let Some(r) = vm.call_special(&obj, "__length_hint__", vec![])? {
            return match r {
                Value::Int(n) if n >= 0 => Ok(r),
                Value::Int(_) => Err(PyErr::value_error("__length_hint__() should return >= 0")),
                _ => Err(PyErr::type_error(format!(
                    "__length_hint__ must be an integer, not {}",
                    vm.type_name(&r)
                ))),
            };
        }
    }
    Ok(default)
}

fn call<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let mut pos = args.pos.into_iter();
    let Some(f) = pos.next() else {
        return Err(PyErr::type_error(
            "call() missing 1 required positional argument: 'obj'",
        ));
    };
    vm.call(&f, pos.collect(), args.kw)
}

/// What an `itemgetter`, `attrgetter` or `methodcaller` holds.
enum Getter<R: Runtime> {
    Items(Vec<Value<R>>),
    /// Each name split at its dots.
    Attrs(Vec<(Value<R>, Vec<String>)>),
    Method {
        name: Value<R>,
        args: Vec<Value<R>>,
        kwargs: Vec<(Value<R>, Value<R>)>,
    },
}

/// What an itemgetter, attrgetter or methodcaller holds, for the cycle collector (so a
/// getter stored on the object it names does not keep both alive). Nothing is cleared: the
/// other objects of such a cycle can be.
fn getter_traverse<R: Runtime>(
    data: &(dyn std::any::Any + Send + Sync),
    visit: crate::objects::traverse::Visit<'_, R>,
) {
    let Some(getter) = data.downcast_ref::<Getter<R>>() else {
        return;
    };
    let mut each = |v: &Value<R>| {
        if let Value::Obj(o) = v {
            visit(o);
        }
    };
    match getter {
        Getter::Items(items) => items.iter().for_each(&mut each),
        Getter::Attrs(names) => names.iter().for_each(|(name, _)| each(name)),
        Getter::Method { name, args, kwargs } => {
            each(name);
            args.iter().for_each(&mut each);
            kwargs.iter().for_each(|(k, v)| {
                each(k);
                each(v);
            });
        }
    }
}

fn new_getter<R: Runtime>(class: &Value<R>, getter: Getter<R>) -> R0<R> {
    let Some(class) = class.as_obj() else {
        return Err(PyErr::type_error("bad class"));
    };
    Ok(Value::new_obj(ObjKind::Native(NativeObj {
        class: class.clone(),
        data: Box::new(getter),
    })))
}

fn itemgetter_new<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("itemgetter")?;
    let mut pos = args.pos.into_iter();
    let class = pos.next().unwrap_or(Value::None);
    let items: Vec<Value<R>> = pos.collect();
    if items.is_empty() {
        return Err(PyErr::type_error("itemgetter expected 1 argument, got 0"));
    }
    new_getter(&class, Getter::Items(items))
}

fn attrgetter_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("attrgetter")?;
    let mut pos = args.pos.into_iter();
    let class = pos.next().unwrap_or(Value::None);
    let mut names = Vec::new();
    for v in pos {
        // A str subclass's instance names by its str value, as in CPython.
        let text = match vm.builtin_base(&v) {
            Some(base) if base.as_str().is_some() => base,
            _ => v.clone(),
        };
        let Some(s) = text.as_str() else {
            return Err(PyErr::type_error("attribute name must be a string"));
        };
        let parts = s.split('.').map(str::to_string).collect();
        names.push((v.clone(), parts));
    }
    if names.is_empty() {
        return Err(PyErr::type_error("attrgetter expected 1 argument, got 0"));
    }
    new_getter(&class, Getter::Attrs(names))
}

fn methodcaller_new<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let mut pos = args.pos.into_iter();
    let class = pos.next().unwrap_or(Value::None);
    let Some(name) = pos.next() else {
        return Err(PyErr::type_error(
            "methodcaller needs at least one argument, the method name",
        ));
    };
    if name.as_str().is_none() {
        return Err(PyErr::type_error("method name must be a string"));
    }
    let getter = Getter::Method {
        name,
        args: pos.collect(),
        kwargs: args.kw,
    };
    new_getter(&class, getter)
}

fn getter_of<R: Runtime>(this: &Value<R>) -> PyResult<&Getter<R>, R> {
    match this.kind() {
        Some(ObjKind::Native(n)) => n
            .downcast::<Getter<R>>()
            .ok_or_else(|| PyErr::type_error("descriptor requires an operator object")),
        _ => Err(PyErr::type_error("descriptor requires an operator object")),
    }
}

fn dotted_attr<R: Runtime>(vm: &mut Vm<R>, obj: &Value<R>, parts: &[String]) -> R0<R> {
    let mut v = obj.clone();
    for part in parts {
        v = vm.get_attr_str(&v, part)?;
    }
    Ok(v)
}

fn getter_call<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = args.pos.first().cloned().unwrap_or(Value::None);
    let class_name = vm.type_name(&this);
    let getter = getter_of(&this)?;
    if !matches!(getter, Getter::Method { .. }) {
        args.no_kwargs(&class_name)?;
    }
    if args.pos.len() != 2 {
        return Err(PyErr::type_error(format!(
            "{class_name} expected 1 argument, got {}",
            args.pos.len() - 1
        )));
    }
    let obj = &args.pos[1];
    match getter {
        Getter::Items(items) if items.len() == 1 => vm.get_item(obj, &items[0]),
        Getter::Items(items) => {
            let items = items.clone();
            let mut out = Vec::with_capacity(items.len());
            for item in &items {
                out.push(vm.get_item(obj, item)?);
            }
            Ok(vm.new_tuple(out))
        }
        Getter::Attrs(names) => {
            let names: Vec<Vec<String>> = names.iter().map(|(_, p)| p.clone()).collect();
            if names.len() == 1 {
                return dotted_attr(vm, obj, &names[0]);
            }
            let mut out = Vec::with_capacity(names.len());
            for parts in &names {
                out.push(dotted_attr(vm, obj, parts)?);
            }
            Ok(vm.new_tuple(out))
        }
        Getter::Method {
            name,
            args: call_args,
            kwargs,
        } => {
            let name = name.as_str().unwrap_or_default().to_string();
            let (call_args, kwargs) = (call_args.clone(), kwargs.clone());
            let method = vm.get_attr_str(obj, &name)?;
            vm.call(&method, call_args, kwargs)
        }
    }
}

fn getter_repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = args.pos.first().cloned().unwrap_or(Value::None);
    let class_name = vm.type_name(&this);
    let parts: Vec<String> = match getter_of(&this)? {
        Getter::Items(items) => {
            let items = items.clone();
            let mut parts = Vec::new();
            for item in &items {
                parts.push(vm.repr(item)?);
            }
            parts
        }
        Getter::Attrs(names) => {
            let names: Vec<Value<R>> = names.iter().map(|(v, _)| v.clone()).collect();
            let mut parts = Vec::new();
            for name in &names {
                parts.push(vm.repr(name)?);
            }
            parts
        }
        Getter::Method { name, args, kwargs } => {
            let (name, args, kwargs) = (name.clone(), args.clone(), kwargs.clone());
            let mut parts = vec![vm.repr(&name)?];
            for a in &args {
                parts.push(vm.repr(a)?);
            }
            for (k, v) in &kwargs {
                let v = vm.repr(v)?;
                parts.push(format!("{}={v}", k.as_str().unwrap_or("?")));
            }
            parts
        }
    };
    let text = format!("operator.{class_name}({})", parts.join(", "));
    Ok(vm.new_str(text))
}
