//! The `atexit` module: `register`, `unregister`, `_run_exitfuncs`, `_clear` and
//! `_ncallbacks`. The callbacks live in a list kept as the module's hidden `_exithandlers`
//! attribute; `run_at_exit` (called once the program and its non-daemon threads have ended,
//! also after `sys.exit`) runs them last-registered first. An exception in one is printed as
//! CPython's "Exception ignored in atexit callback" and the others still run.
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

type R0<R> = PyResult<Value<R>, R>;

const HANDLERS: &str = "_exithandlers";

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("register", register),
        ("unregister", unregister),
        ("_run_exitfuncs", run_exitfuncs),
        ("_clear", clear),
        ("_ncallbacks", ncallbacks),
    ];
    super::add_functions(vm, m, functions);
    let list = vm.new_list(Vec::new());
    vm.set_module_attr(m, HANDLERS, list);
    true
}

/// The list of registered (func, args, kwargs) tuples, if `atexit` was imported.
fn handlers<R: Runtime>(vm: &mut Vm<R>) -> Option<Value<R>> {
    let module = vm.sys_modules_get("atexit")?;
    let key = vm.str_key(HANDLERS);
    vm.get_attr_opt(&module, &key)
        .ok()
        .flatten()
        .filter(|l| matches!(l.kind(), Some(ObjKind::List(_))))
}

fn with_list<R: Runtime, T>(vm: &mut Vm<R>, f: impl FnOnce(&mut Vec<Value<R>>) -> T) -> Option<T> {
    let list = handlers(vm)?;
    match list.kind() {
        Some(ObjKind::List(l)) => Some(f(&mut l.lock::<R>())),
        _ => None,
    }
}

fn register<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let Some(func) = args.pos.first().cloned() else {
        return Err(PyErr::type_error(
            "register() takes at least 1 argument (0 given)",
        ));
    };
    if !crate::builtins::is_callable(vm, &func) {
        return Err(PyErr::type_error("the first argument must be callable"));
    }
    let rest = vm.new_tuple(args.pos[1..].to_vec());
    // Keyword arguments as a flat (name, value, name, value...) tuple.
    let kwargs = vm.new_tuple(
        args.kw
            .iter()
            .flat_map(|(k, v)| [k.clone(), v.clone()])
            .collect(),
    );
    let entry = vm.new_tuple(vec![func.clone(), rest, kwargs]);
    with_list(vm, |l| l.push(entry));
    Ok(func)
}

fn unregister<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("unregister", 1, 1)?;
    let func = args.pos[0].clone();
    let entries = with_list(vm, |l| l.clone()).unwrap_or_default();
    let mut keep = Vec::with_capacity(entries.len());
    for entry in entries {
        let f = entry_parts(&entry).0;
        if !vm.eq(&f, &func)? {
            keep.push(entry);
        }
    }
    with_list(vm, |l| *l = keep);
    Ok(Value::None)
}

type Kwargs<R> = Vec<(Value<R>, Value<R>)>;

/// An entry's function, positional and keyword arguments.
fn entry_parts<R: Runtime>(entry: &Value<R>) -> (Value<R>, Vec<Value<R>>, Kwargs<R>) {
    let items = |v: &Value<R>| match v.kind() {
        Some(ObjKind::Tuple(a)) => a.to_vec(),
        _ => Vec::new(),
    };
    match entry.kind() {
        Some(ObjKind::Tuple(t)) if t.len() == 3 => {
            let flat = items(&t[2]);
            let kw = flat
                .chunks(2)
                .filter(|c| c.len() == 2)
                .map(|c| (c[0].clone(), c[1].clone()))
                .collect();
            (t[0].clone(), items(&t[1]), kw)
        }
        _ => (Value::None, Vec::new(), Vec::new()),
    }
}

fn clear<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("_clear", 0, 0)?;
    with_list(vm, |l| l.clear());
    Ok(Value::None)
}

fn ncallbacks<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("_ncallbacks", 0, 0)?;
    Ok(Value::Int(with_list(vm, |l| l.len()).unwrap_or(0) as i64))
}

fn run_exitfuncs<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("_run_exitfuncs", 0, 0)?;
    run_at_exit(vm);
    Ok(Value::None)
}

/// Runs the registered callbacks, last registered first, then forgets them all.
pub fn run_at_exit<R: Runtime>(vm: &mut Vm<R>) {
    let entries = with_list(vm, std::mem::take).unwrap_or_default();
    for entry in entries.iter().rev() {
        let (func, pos, kw) = entry_parts(entry);
        if let Err(e) = vm.call(&func, pos, kw) {
            let exc = vm.materialize(e);
            let tb = crate::vm::traceback::format_exception(vm, &exc);
            let what = vm.repr(&func).unwrap_or_else(|_| "<object>".to_string());
            crate::vm::io::write_stderr(&format!(
                "Exception ignored in atexit callback: {what}\n{tb}"
            ));
        }
    }
}
