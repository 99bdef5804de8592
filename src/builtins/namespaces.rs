//! The builtins that run source text or look at namespaces: `eval`, `exec`, `compile`,
//! `globals`, `locals`, `vars` and `dir`. The caller's namespaces come from
//! `Vm::caller_namespaces` (see `vm/namespaces.rs`).

use crate::compiler::Mode;
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, DictMap, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::{Interp, Vm};
use std::sync::Arc;

type R0<R> = PyResult<Value<R>, R>;

/// Registers these builtins (after `functions::install`).
pub fn install<R: Runtime>(interp: &Arc<Interp<R>>) {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("eval", eval),
        ("exec", exec),
        ("compile", compile),
        ("globals", globals),
        ("locals", locals),
        ("vars", vars),
        ("dir", dir),
    ];
    let vm = Vm::new(interp.clone(), 0);
    if let ObjKind::Dict(d) = interp.builtins.kind() {
        for (name, f) in functions {
            d.lock::<R>()
                .insert(vm.str_key(name), crate::vm::native_function(name, *f));
        }
    }
}

/// What `eval`/`exec` were given to run.
enum Source<R: Runtime> {
    Text(String),
    Code(Value<R>),
}

fn source_arg<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>, fname: &str) -> PyResult<Source<R>, R> {
    match v.kind() {
        Some(ObjKind::Str(s)) => Ok(Source::Text(text_without_nul(vm, s.as_str())?)),
        Some(ObjKind::Bytes(b)) => Ok(Source::Text(text_without_nul(
            vm,
            &String::from_utf8_lossy(b),
        )?)),
        Some(ObjKind::ByteArray(b)) => {
            let text = String::from_utf8_lossy(&b.lock::<R>()).into_owned();
            Ok(Source::Text(text_without_nul(vm, &text)?))
        }
        Some(ObjKind::Code(_)) => Ok(Source::Code(v.clone())),
        // Any other buffer (memoryview) is read as bytes, as CPython reads it.
        _ => match super::memoryview::view_bytes(vm, v)? {
            Some(b) => Ok(Source::Text(text_without_nul(
                vm,
                &String::from_utf8_lossy(&b),
            )?)),
            None => Err(PyErr::type_error(format!(
                "{fname}() arg 1 must be a string, bytes or code object"
            ))),
        },
    }
}

/// Source text is refused whole when it holds a NUL, as CPython does before parsing.
fn text_without_nul<R: Runtime>(vm: &Vm<R>, text: &str) -> PyResult<String, R> {
    if text.contains('\0') {
        let error = crate::syntax::SyntaxError {
            kind: crate::syntax::SyntaxErrorKind::SyntaxError,
            msg: "source code string cannot contain null bytes".into(),
            span: Default::default(),
            incomplete: false,
        };
        return Err(vm.syntax_error_value(&error, "", "<string>"));
    }
    Ok(text.to_string())
}

fn code_of<R: Runtime>(v: &Value<R>) -> Option<Arc<crate::bytecode::Code<R>>> {
    match v.kind() {
        Some(ObjKind::Code(c)) => Some(c.clone()),
        _ => None,
    }
}

fn dict_obj<R: Runtime>(v: &Value<R>) -> Option<ObjRef<R>> {
    match v {
        Value::Obj(o) if matches!(o.kind(), ObjKind::Dict(_)) => Some(o.clone()),
        _ => None,
    }
}

/// The globals and locals `eval`/`exec` run in, from their optional arguments.
fn namespaces<R: Runtime>(
    vm: &mut Vm<R>,
    args: &Args<R>,
    fname: &str,
) -> PyResult<(ObjRef<R>, ObjRef<R>), R> {
    let given = |i: usize| args.pos.get(i).filter(|v| !v.is_none()).cloned();
    let (globals, locals) = (given(1), given(2));
    if let Some(l) = &locals {
        if dict_obj(l).is_none() && !matches!(l.kind(), Some(ObjKind::Instance(_))) {
            return Err(PyErr::type_error(if fname == "eval" {
                "locals must be a mapping".to_string()
            } else {
                format!("locals must be a mapping or None, not {}", vm.type_name(l))
            }));
        }
    }
    let globals = match globals {
        None => {
            let (g, l) = vm.caller_namespaces();
            let locals = locals.as_ref().and_then(dict_obj).unwrap_or(l);
            return Ok((g, locals));
        }
        Some(g) => match dict_obj(&g) {
            Some(d) => d,
            None if fname == "eval" => {
                let msg = match g.kind() {
                    Some(
                        ObjKind::Instance(_)
                        | ObjKind::List(_)
                        | ObjKind::Tuple(_)
                        | ObjKind::Str(_)
                        | ObjKind::Bytes(_),
                    ) => "globals must be a real dict; try eval(expr, {}, mapping)",
                    _ => "globals must be a dict",
                };
                return Err(PyErr::type_error(msg));
            }
            None => {
                return Err(PyErr::type_error(format!(
                    "exec() globals must be a dict, not {}",
                    vm.type_name(&g)
                )))
            }
        },
    };
    let builtins_key = vm.static_key("__builtins__");
    if let ObjKind::Dict(d) = globals.kind() {
        let mut d = d.lock::<R>();
        if !d.contains_key(&builtins_key) {
            d.insert(builtins_key, Value::Obj(vm.interp.builtins.clone()));
        }
    }
    let locals = locals
        .as_ref()
        .and_then(dict_obj)
        .unwrap_or_else(|| globals.clone());
    Ok((globals, locals))
}

fn check_positional<R: Runtime>(args: &Args<R>, fname: &str) -> PyResult<(), R> {
    args.no_kwargs(fname)?;
    args.check_count(fname, 1, 3)
}

fn eval<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    check_positional(&args, "eval")?;
    let source = source_arg(vm, &args.pos[0], "eval")?;
    let (globals, locals) = namespaces(vm, &args, "eval")?;
    let code = match source {
        Source::Code(c) => code_of(&c),
        Source::Text(text) => {
            let text = text.trim_start_matches([' ', '\t']);
            Some(vm.compile_eval(text, "<string>")?)
        }
    };
    match code {
        Some(code) => vm.run_in_namespaces(code, globals, locals),
        None => Ok(Value::None),
    }
}

fn exec<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    check_positional(&args, "exec")?;
    let source = source_arg(vm, &args.pos[0], "exec")?;
    let (globals, locals) = namespaces(vm, &args, "exec")?;
    let code = match source {
        Source::Code(c) => code_of(&c),
        Source::Text(text) => Some(vm.compile(&text, "<string>", Mode::Exec)?),
    };
    if let Some(code) = code {
        if !code.freevars.is_empty() {
            return Err(PyErr::type_error(
                "code object passed to exec() may not contain free variables",
            ));
        }
        vm.run_in_namespaces(code, globals, locals)?;
    }
    Ok(Value::None)
}

fn compile<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let names = [
        "source",
        "filename",
        "mode",
        "flags",
        "dont_inherit",
        "optimize",
    ];
    let mut given: Vec<Option<Value<R>>> = args.pos.drain(..).map(Some).collect();
    if given.len() > names.len() {
        return Err(PyErr::type_error(format!(
            "compile() takes at most 6 arguments ({} given)",
            given.len()
        )));
    }
    given.resize(names.len(), None);
    for (i, name) in names.iter().enumerate() {
        if let Some(v) = args.take_kw(name) {
            if given[i].is_some() {
                return Err(PyErr::type_error(format!(
                    "argument for compile() given by name ('{name}') and position ({})",
                    i + 1
                )));
            }
            given[i] = Some(v);
        }
    }
    args.no_more_kwargs("compile")?;
    for (i, name) in names.iter().enumerate().take(3) {
        if given[i].is_none() {
            return Err(PyErr::type_error(format!(
                "compile() missing required argument '{name}' (pos {})",
                i + 1
            )));
        }
    }
    let source = match given[0].as_ref().and_then(|v| v.kind()) {
        Some(ObjKind::Str(s)) => text_without_nul(vm, s.as_str())?,
        Some(ObjKind::Bytes(b)) => text_without_nul(vm, &String::from_utf8_lossy(b))?,
        _ => {
            return Err(PyErr::type_error(
                "compile() arg 1 must be a string, bytes or AST object",
            ))
        }
    };
    let filename = match given[1].as_ref().and_then(|v| v.as_str()) {
        Some(f) => f.to_string(),
        None => {
            let got = given[1]
                .as_ref()
                .map(|v| vm.type_name(v))
                .unwrap_or_default();
            return Err(PyErr::type_error(format!(
                "compile() argument 'filename' must be str, not {got}"
            )));
        }
    };
    let mode = given[2].as_ref().and_then(|v| v.as_str()).unwrap_or("");
    let code = match mode {
        "exec" => vm.compile(&source, &filename, Mode::Exec)?,
        "single" => vm.compile(&source, &filename, Mode::Single)?,
        "eval" => vm.compile_eval(source.trim_start_matches([' ', '\t']), &filename)?,
        _ => {
            return Err(PyErr::value_error(
                "compile() mode must be 'exec', 'eval' or 'single'",
            ))
        }
    };
    Ok(Value::new_obj(ObjKind::Code(code)))
}

fn no_args<R: Runtime>(args: &Args<R>, fname: &str) -> PyResult<(), R> {
    args.no_kwargs(fname)?;
    args.check_count(fname, 0, 0)
}

fn globals<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    no_args(&args, "globals")?;
    Ok(Value::Obj(vm.caller_namespaces().0))
}

fn locals<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    no_args(&args, "locals")?;
    Ok(Value::Obj(vm.caller_namespaces().1))
}

fn vars<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("vars")?;
    args.check_count("vars", 0, 1)?;
    let Some(v) = args.pos.first() else {
        return Ok(Value::Obj(vm.caller_namespaces().1));
    };
    match vm.get_attr_str(v, "__dict__") {
        Ok(d) => Ok(d),
        Err(_) => Err(PyErr::type_error(
            "vars() argument must have __dict__ attribute",
        )),
    }
}

fn dict_names<R: Runtime>(d: &ObjRef<R>, names: &mut Vec<String>) {
    if let ObjKind::Dict(d) = d.kind() {
        add_names(&d.lock::<R>(), names);
    }
}

fn add_names<R: Runtime>(d: &DictMap<R>, names: &mut Vec<String>) {
    names.extend(
        d.keys()
            .filter_map(|k| k.value.as_str())
            .map(|s| s.to_string()),
    );
}

fn dir<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("dir")?;
    args.check_count("dir", 0, 1)?;
    let mut names: Vec<String> = Vec::new();
    match args.pos.first() {
        None => dict_names(&vm.caller_namespaces().1, &mut names),
        Some(v) => {
            // A module's own `__dir__` (PEP 562) comes before the type's.
            let module_dir = match v.kind() {
                Some(ObjKind::Module(m)) => match m.dict.kind() {
                    ObjKind::Dict(d) => d.lock::<R>().get(&vm.static_key("__dir__")).cloned(),
                    _ => None,
                },
                _ => None,
            };
            let custom = match module_dir {
                Some(f) => Some(vm.call(&f, vec![], vec![])?),
                None => vm.call_special(v, "__dir__", vec![])?,
            };
            if let Some(result) = custom {
                let items = vm.collect(&result)?;
                names.extend(items.iter().filter_map(|i| i.as_str()).map(String::from));
                names.sort();
                let items = names.into_iter().map(|n| vm.new_str(n)).collect();
                return Ok(vm.new_list(items));
            }
            match v.kind() {
                Some(ObjKind::Module(m)) => {
                    if m.dict.ptr_eq(&vm.interp.builtins) {
                        vm.complete_builtins()?;
                    }
                    dict_names(&m.dict, &mut names)
                }
                Some(ObjKind::Instance(i)) => add_names(&i.to_map(), &mut names),
                _ => {}
            }
            if !matches!(v.kind(), Some(ObjKind::Module(_))) {
                let class = match v.kind() {
                    Some(ObjKind::Class(_)) => v.as_obj().cloned(),
                    _ => Some(vm.types().class_of(v).clone()),
                };
                if let Some(class) = class {
                    class_names(vm, &class, &mut names);
                }
            }
        }
    }
    names.sort();
    names.dedup();
    let items = names.into_iter().map(|n| vm.new_str(n)).collect();
    Ok(vm.new_list(items))
}

/// What every object has from `object` in CPython 3.11, whatever minipy's `object` defines.
const OBJECT_NAMES: [&str; 24] = [
    "__class__",
    "__delattr__",
    "__dir__",
    "__doc__",
    "__eq__",
    "__format__",
    "__ge__",
    "__getattribute__",
    "__getstate__",
    "__gt__",
    "__hash__",
    "__init__",
    "__init_subclass__",
    "__le__",
    "__lt__",
    "__ne__",
    "__new__",
    "__reduce__",
    "__reduce_ex__",
    "__repr__",
    "__setattr__",
    "__sizeof__",
    "__str__",
    "__subclasshook__",
];

/// The attribute names of a class and its bases, as CPython's `dir` lists them: a class made
/// by a `class` statement also has `__dict__`, `__module__` and `__weakref__` (unless it has
/// `__slots__`), and `__qualname__` is not in its namespace.
fn class_names<R: Runtime>(vm: &Vm<R>, class: &ObjRef<R>, names: &mut Vec<String>) {
    let ObjKind::Class(c) = class.kind() else {
        return;
    };
    let object = &vm.types().object;
    let mut slots = false;
    for k in std::iter::once(class).chain(c.mro.iter()) {
        if let ObjKind::Class(kc) = k.kind() {
            let dict = kc.dict.lock::<R>();
            if let Some((_, declared)) = dict
                .iter()
                .find(|(key, _)| key.value.as_str() == Some("__slots__"))
            {
                slots = true;
                match declared.kind() {
                    Some(ObjKind::Str(one)) => names.push(one.as_str().to_string()),
                    Some(ObjKind::Tuple(items)) => {
                        names.extend(items.iter().filter_map(|i| i.as_str()).map(String::from))
                    }
                    Some(ObjKind::List(items)) => names.extend(
                        items
                            .lock::<R>()
                            .iter()
                            .filter_map(|i| i.as_str())
                            .map(String::from),
                    ),
                    _ => {}
                }
            }
            add_names(&dict, names);
            if kc.layout == crate::objects::class::Layout::Object && !k.ptr_eq(object) {
                names.extend(["__module__", "__doc__"].map(String::from));
            }
        }
    }
    names.retain(|n| n != "__qualname__");
    if c.mro.iter().any(|k| k.ptr_eq(object)) || class.ptr_eq(object) {
        names.extend(OBJECT_NAMES.map(String::from));
        if c.layout == crate::objects::class::Layout::Object && !class.ptr_eq(object) && !slots {
            names.extend(["__dict__", "__weakref__"].map(String::from));
        }
    }
}
