//! The `_weakref` module: the weak reference type (`weakref.ref`, shown as
//! `weakref.ReferenceType`), `getweakrefcount` and `getweakrefs`. The reference's state and
//! the table that clears references when their referent is freed are `objects::weak`;
//! proxies and the weak containers are Python code in `lib/weakref.py`, as in CPython.

use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::weak::{self, WeakRef};
use crate::objects::{Args, NativeFn, NativeObj, ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

type R0<R> = PyResult<Value<R>, R>;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let class = ref_class(vm);
    vm.set_module_attr(m, "ref", Value::Obj(class.clone()));
    vm.set_module_attr(m, "ReferenceType", Value::Obj(class));
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("getweakrefcount", getweakrefcount),
        ("getweakrefs", getweakrefs),
        ("__getattr__", proxy_attr),
    ];
    super::add_functions(vm, m, functions);
    true
}

fn ref_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    let class = vm.native_class(
        "ReferenceType",
        "weakref",
        &[
            ("__new__", ref_new),
            ("__call__", ref_call),
            ("__hash__", ref_hash),
            ("__eq__", ref_eq),
            ("__ne__", ref_ne),
            ("__repr__", ref_repr),
            ("_callback", ref_callback),
        ],
    );
    super::sync_more::add_property(vm, &class, "__callback__", ref_callback);
    class
}

/// `_weakref.__getattr__(name)`: the proxy function and its two types are Python code in
/// the bundled `weakref` module, which imports this one; they are read from there on first
/// use, so `from _weakref import proxy` works as in CPython.
fn proxy_attr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__getattr__", 1, 1)?;
    let name = args.pos[0].as_str().unwrap_or("").to_string();
    if !matches!(name.as_str(), "proxy" | "ProxyType" | "CallableProxyType") {
        return Err(PyErr::new(
            ExcKind::AttributeError,
            format!("module '_weakref' has no attribute '{name}'"),
        ));
    }
    let weakref = vm.import_module("weakref")?;
    vm.get_attr_str(&weakref, &name)
}

/// The state of a weakref object, or `None` for anything else.
fn state_of<R: Runtime>(v: &Value<R>) -> Option<&WeakRef<R>> {
    match v.kind() {
        Some(ObjKind::Native(n)) => n.downcast::<WeakRef<R>>(),
        _ => None,
    }
}

fn this<R: Runtime>(args: &Args<R>) -> PyResult<&WeakRef<R>, R> {
    args.pos
        .first()
        .and_then(state_of)
        .ok_or_else(|| PyErr::type_error("descriptor requires a 'weakref.ReferenceType' object"))
}

/// True for the objects CPython lets a weak reference point at.
fn weakrefable<R: Runtime>(vm: &Vm<R>, o: &ObjRef<R>) -> bool {
    let builtin_class = |c: &ObjRef<R>| match c.kind() {
        ObjKind::Class(c) => c.module == "builtins",
        _ => true,
    };
    match o.kind() {
        ObjKind::Instance(i) => !i.class.ptr_eq(&vm.types().object),
        ObjKind::Exception(e) => !builtin_class(&e.class),
        ObjKind::Native(n) => n.downcast::<WeakRef<R>>().is_none(),
        ObjKind::Class(_)
        | ObjKind::Function(_)
        | ObjKind::Builtin(_)
        | ObjKind::BoundMethod { .. }
        | ObjKind::Set(_)
        | ObjKind::FrozenSet(_)
        | ObjKind::Generator(_)
        | ObjKind::Module(_)
        | ObjKind::Code(_)
        | ObjKind::Property { .. } => true,
        _ => false,
    }
}

/// A weak reference to `obj` without a callback (the shared one, if it has one), for native
/// code that keeps weak sets (`_abc`). `obj` must be weakly referenceable (a class is).
pub fn new_ref<R: Runtime>(vm: &Vm<R>, obj: &ObjRef<R>) -> ObjRef<R> {
    for existing in weak::refs_to(obj) {
        if state_of(&Value::Obj(existing.clone())).is_some_and(|st| st.callback.lock().is_none()) {
            return existing;
        }
    }
    let made = ObjRef::new(ObjKind::Native(NativeObj {
        class: ref_class(vm),
        data: Box::new(WeakRef::new(obj, None)),
    }));
    if let ObjKind::Native(n) = made.kind() {
        if let Some(st) = n.downcast::<WeakRef<R>>() {
            st.register(&made);
        }
    }
    made
}

/// `ref(obj, callback=None)`.
fn ref_new<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    args.no_kwargs("ref")?;
    let class = if args.pos.is_empty() {
        Value::None
    } else {
        args.pos.remove(0)
    };
    let n = args.pos.len();
    if !(1..=2).contains(&n) {
        return Err(PyErr::type_error(if n == 0 {
            "__new__ expected at least 1 argument, got 0".to_string()
        } else {
            format!("__new__ expected at most 2 arguments, got {n}")
        }));
    }
    let target = args.pos[0].clone();
    let callback = args.pos.get(1).cloned().filter(|c| !c.is_none());
    let Some(obj) = target.as_obj().filter(|o| weakrefable(vm, o)) else {
        return Err(PyErr::type_error(format!(
            "cannot create weak reference to '{}' object",
            vm.type_name(&target)
        )));
    };
    let Some(class) = class.as_obj().cloned() else {
        return Err(PyErr::type_error("ref.__new__(X): X is not a type object"));
    };
    // As CPython: one shared reference without a callback per object.
    if callback.is_none() {
        for existing in weak::refs_to(obj) {
            let v = Value::Obj(existing);
            if let Some(st) = state_of(&v) {
                if st.callback.lock().is_none() {
                    return Ok(v);
                }
            }
        }
    }
    if callback.is_some() {
        crate::objects::gc::note_finalizers();
    }
    let made = ObjRef::new(ObjKind::Native(NativeObj {
        class,
        data: Box::new(WeakRef::new(obj, callback)),
    }));
    if let ObjKind::Native(n) = made.kind() {
        if let Some(st) = n.downcast::<WeakRef<R>>() {
            st.register(&made);
        }
    }
    Ok(Value::Obj(made))
}

fn ref_call<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let st = this(&args)?;
    if args.pos.len() > 1 {
        return Err(PyErr::type_error(format!(
            "weakref() takes no arguments ({} given)",
            args.pos.len() - 1
        )));
    }
    Ok(st.get().map_or(Value::None, Value::Obj))
}

fn ref_hash<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let st = this(&args)?;
    if let Some(h) = *st.hash.lock() {
        return Ok(Value::Int(h));
    }
    let Some(target) = st.get() else {
        return Err(PyErr::type_error("weak object has gone away"));
    };
    let h = vm.make_key(Value::Obj(target))?.hash;
    *st.hash.lock() = Some(h);
    Ok(Value::Int(h))
}

fn compare<R: Runtime>(vm: &mut Vm<R>, args: &Args<R>) -> PyResult<Option<bool>, R> {
    let st = this(args)?;
    let Some(other) = args.pos.get(1).and_then(state_of) else {
        return Ok(None);
    };
    match (st.get(), other.get()) {
        (Some(a), Some(b)) => Ok(Some(vm.eq(&Value::Obj(a), &Value::Obj(b))?)),
        _ => Ok(Some(std::ptr::eq(st, other))),
    }
}

fn ref_eq<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(match compare(vm, &args)? {
        Some(b) => Value::Bool(b),
        None => vm.interp.not_implemented.clone(),
    })
}

fn ref_ne<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(match compare(vm, &args)? {
        Some(b) => Value::Bool(!b),
        None => vm.interp.not_implemented.clone(),
    })
}

fn ref_repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let st = this(&args)?;
    let me = args.pos[0].as_obj().map_or(0, |o| o.addr());
    let text = match st.get() {
        None => format!("<weakref at {me:#x}; dead>"),
        Some(t) => {
            let addr = t.addr();
            let name = vm.type_name(&Value::Obj(t));
            format!("<weakref at {me:#x}; to '{name}' at {addr:#x}>")
        }
    };
    Ok(vm.new_str(text))
}

/// The callback (`None` when there is none or it already ran): `__callback__`.
fn ref_callback<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let st = this(&args)?;
    Ok(st.callback.lock().clone().unwrap_or(Value::None))
}

fn getweakrefcount<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("getweakrefcount")?;
    args.check_count("getweakrefcount", 1, 1)?;
    let n = args.pos[0].as_obj().map_or(0, |o| weak::refs_to(o).len());
    Ok(Value::Int(n as i64))
}

fn getweakrefs<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("getweakrefs")?;
    args.check_count("getweakrefs", 1, 1)?;
    let refs = args.pos[0]
        .as_obj()
        .map(|o| weak::refs_to(o))
        .unwrap_or_default();
    Ok(vm.new_list(refs.into_iter().map(Value::Obj).collect()))
}
