//! `os.environ`: a mapping over a dict of the environment copied at import, whose writes
//! also change the process's environment (`putenv`/`unsetenv`), so child processes see them,
//! as CPython's `os._Environ`. Reads and iteration are the dict's.

use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, DictMap, NativeFn, NativeObj, ObjKind, Value};
use crate::vm::{Runtime, Vm};

type R0<R> = PyResult<Value<R>, R>;

/// The data of an `_Environ` object: the dict it reads from.
struct Environ<R: Runtime>(Value<R>);

/// A new `os.environ` from the process's environment.
pub fn environ<R: Runtime>(vm: &mut Vm<R>) -> Value<R> {
    let mut map = DictMap::default();
    for (k, v) in std::env::vars_os() {
        let (Some(k), Some(v)) = (k.to_str(), v.to_str()) else {
            continue;
        };
        map.insert(vm.str_key(k), vm.new_str(v));
    }
    let dict = vm.new_dict(map);
    let methods: &[(&'static str, NativeFn<R>)] = &[
        ("__getitem__", delegate_getitem),
        ("__setitem__", setitem),
        ("__delitem__", delitem),
        ("__contains__", delegate_contains),
        ("__iter__", delegate_iter),
        ("__len__", delegate_len),
        ("get", delegate_get),
        ("keys", delegate_keys),
        ("values", delegate_values),
        ("items", delegate_items),
        ("copy", delegate_copy),
        ("pop", pop),
        ("setdefault", setdefault),
        ("update", update),
        ("__repr__", repr),
    ];
    let class = vm.native_class("_Environ", "os", methods);
    Value::new_obj(ObjKind::Native(NativeObj {
        class,
        data: Box::new(Environ(dict)),
    }))
}

fn dict_of<R: Runtime>(args: &Args<R>) -> PyResult<Value<R>, R> {
    match args.pos.first().and_then(|v| v.kind()) {
        Some(ObjKind::Native(n)) => match n.downcast::<Environ<R>>() {
            Some(e) => Ok(e.0.clone()),
            None => Err(PyErr::type_error("expected os.environ")),
        },
        _ => Err(PyErr::type_error("expected os.environ")),
    }
}

/// Calls the dict's method `name` with the arguments after self.
fn call_dict<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, name: &str) -> R0<R> {
    let dict = dict_of(&args)?;
    let method = vm.get_attr_str(&dict, name)?;
    let rest = args.pos[1..].to_vec();
    vm.call(&method, rest, args.kw)
}

macro_rules! delegate {
    ($($fname:ident => $method:literal),* $(,)?) => {
        $(fn $fname<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
            call_dict(vm, args, $method)
        })*
    };
}

delegate! {
    delegate_getitem => "__getitem__",
    delegate_contains => "__contains__",
    delegate_iter => "__iter__",
    delegate_len => "__len__",
    delegate_get => "get",
    delegate_keys => "keys",
    delegate_values => "values",
    delegate_items => "items",
    delegate_copy => "copy",
}

fn text<R: Runtime>(vm: &Vm<R>, v: &Value<R>) -> PyResult<String, R> {
    match v.as_str() {
        Some(s) if s.contains('\0') => Err(PyErr::value_error("embedded null byte")),
        Some(s) => Ok(s.to_string()),
        None => Err(PyErr::type_error(format!(
            "str expected, not {}",
            vm.type_name(v)
        ))),
    }
}

fn set_var<R: Runtime>(vm: &Vm<R>, key: &Value<R>, value: &Value<R>) -> PyResult<(), R> {
    let k = text(vm, key)?;
    let v = text(vm, value)?;
    if k.is_empty() || k.contains('=') {
        return Err(PyErr::value_error("illegal environment variable name"));
    }
    std::env::set_var(k, v);
    Ok(())
}

fn setitem<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__setitem__", 3, 3)?;
    set_var(vm, &args.pos[1], &args.pos[2])?;
    call_dict(vm, args, "__setitem__")
}

fn delitem<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__delitem__", 2, 2)?;
    let key = args.pos[1].clone();
    let r = call_dict(vm, args, "__delitem__")?;
    if let Ok(k) = text(vm, &key) {
        std::env::remove_var(k);
    }
    Ok(r)
}

fn pop<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let key = args.pos.get(1).cloned();
    let r = call_dict(vm, args, "pop")?;
    if let Some(k) = key.as_ref().and_then(|k| k.as_str()) {
        if !k.is_empty() && !k.contains(['=', '\0']) {
            std::env::remove_var(k);
        }
    }
    Ok(r)
}

fn setdefault<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("setdefault", 3, 3)?;
    let dict = dict_of(&args)?;
    let contains = vm.get_attr_str(&dict, "__contains__")?;
    let present = vm.call(&contains, vec![args.pos[1].clone()], Vec::new())?;
    if !vm.truthy(&present)? {
        setitem(vm, Args::positional(args.pos.clone()))?;
    }
    call_dict(vm, Args::positional(args.pos[..2].to_vec()), "__getitem__")
}

fn update<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("update", 1, 2)?;
    let this = args.pos[0].clone();
    let mut pairs: Vec<(Value<R>, Value<R>)> = Vec::new();
    if let Some(other) = args.pos.get(1) {
        let items = match vm.get_attr_str(other, "items") {
            Ok(items) => {
                let view = vm.call(&items, Vec::new(), Vec::new())?;
                vm.collect(&view)?
            }
            Err(_) => vm.collect(other)?,
        };
        for item in items {
            let kv = vm.collect(&item)?;
            if kv.len() != 2 {
                return Err(PyErr::value_error(format!(
                    "dictionary update sequence element has length {}; 2 is required",
                    kv.len()
                )));
            }
            pairs.push((kv[0].clone(), kv[1].clone()));
        }
    }
    for (k, v) in args.kw {
        pairs.push((k, v));
    }
    for (k, v) in pairs {
        setitem(vm, Args::positional(vec![this.clone(), k, v]))?;
    }
    Ok(Value::None)
}

fn repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let dict = dict_of(&args)?;
    let inner = vm.repr(&dict)?;
    Ok(vm.new_str(format!("environ({inner})")))
}
