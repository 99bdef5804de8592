//! The text `help(obj)` prints, in pydoc's plain-text layout: a `Help on ...` header, the
//! signature, the docstring indented (when the object carries one), the methods of a class
//! and the functions of a module. A string argument names what to show: a builtin, a
//! module, or a dotted name inside one.

use crate::objects::exception::PyResult;
use crate::objects::{FunctionObj, ObjKind, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

/// The help text for `obj` (a string is looked up as a name first).
pub fn render<R: Runtime>(vm: &mut Vm<R>, obj: &Value<R>) -> PyResult<String, R> {
    if let Some(name) = obj.as_str() {
        let name = name.to_string();
        return match lookup(vm, &name) {
            Some(found) => render(vm, &found),
            None => Ok(format!(
                "No Python documentation found for '{name}'.\nUse help() to get the interactive help utility.\nUse help(str) for help on the str class.\n\n"
            )),
        };
    }
    let doc = docstring(vm, obj);
    let mut out = String::new();
    match obj.kind() {
        Some(ObjKind::Function(f)) => {
            let module = module_name(vm, &f.module);
            out.push_str(&format!(
                "Help on function {} in module {module}:\n\n",
                f.name
            ));
            out.push_str(&signature(vm, f, false));
            out.push('\n');
            push_doc(&mut out, &doc, "    ");
        }
        Some(ObjKind::Builtin(b)) => {
            let kind = if b.receiver.is_some() {
                "built-in method"
            } else {
                "built-in function"
            };
            let module = if b.receiver.is_some() {
                String::new()
            } else {
                " in module builtins".to_string()
            };
            out.push_str(&format!(
                "Help on {kind} {}{module}:\n\n{}(...)\n",
                b.name, b.name
            ));
            push_doc(&mut out, &doc, "    ");
        }
        Some(ObjKind::BoundMethod { func, receiver }) => {
            let class = vm.types().class_of(receiver).clone();
            let cname = class_name(&class);
            if let Some(ObjKind::Function(f)) = func.kind() {
                out.push_str(&format!(
                    "Help on method {} in module {}:\n\n",
                    f.name,
                    module_name(vm, &f.module)
                ));
                out.push_str(&format!(
                    "{}{} method of {}.{} instance\n",
                    f.name,
                    &signature(vm, f, true)[f.name.len()..],
                    class_module(&class),
                    cname
                ));
                push_doc(&mut out, &doc, "    ");
            } else {
                return render(vm, func);
            }
        }
        Some(ObjKind::Class(c)) => {
            let bases: Vec<String> = c
                .bases
                .iter()
                .map(|b| format!("{}.{}", class_module(b), class_name(b)))
                .collect();
            out.push_str(&format!(
                "Help on class {} in module {}:\n\n",
                c.name, c.module
            ));
            out.push_str(&format!("class {}({})\n", c.name, bases.join(", ")));
            push_doc(&mut out, &doc, " |  ");
            let mut methods: Vec<(String, Value<R>)> = Vec::new();
            for (k, v) in c.dict.lock::<R>().iter() {
                if let Some(name) = k.value.as_str() {
                    if matches!(v.kind(), Some(ObjKind::Function(_) | ObjKind::Builtin(_))) {
                        methods.push((name.to_string(), v.clone()));
                    }
                }
            }
            methods.sort_by(|a, b| a.0.cmp(&b.0));
            if !methods.is_empty() {
                out.push_str(" |  Methods defined here:\n |  \n");
                for (name, m) in methods {
                    let sig = match m.kind() {
                        Some(ObjKind::Function(f)) => signature(vm, f, false),
                        _ => format!("{name}(...)"),
                    };
                    out.push_str(&format!(
                        " |  {}{}\n |  \n",
                        name,
                        &sig[sig.find('(').unwrap_or(0)..]
                    ));
                }
            }
        }
        Some(ObjKind::Module(m)) => {
            out.push_str(&format!(
                "Help on module {}:\n\nNAME\n    {}\n",
                m.name, m.name
            ));
            if !doc.is_empty() {
                out.push_str("\nDESCRIPTION\n");
                push_doc(&mut out, &doc, "    ");
            }
            let mut functions: Vec<String> = Vec::new();
            let items: Vec<(String, Value<R>)> = match m.dict.kind() {
                ObjKind::Dict(d) => d
                    .lock::<R>()
                    .iter()
                    .filter_map(|(k, v)| Some((k.value.as_str()?.to_string(), v.clone())))
                    .collect(),
                _ => Vec::new(),
            };
            for (k, v) in items {
                if k.starts_with('_') {
                    continue;
                }
                match v.kind() {
                    Some(ObjKind::Function(f)) => functions.push(signature(vm, f, false)),
                    Some(ObjKind::Builtin(_)) => functions.push(format!("{k}(...)")),
                    _ => {}
                }
            }
            functions.sort();
            if !functions.is_empty() {
                out.push_str("\nFUNCTIONS\n");
                for f in functions {
                    out.push_str(&format!("    {f}\n\n"));
                }
            }
        }
        _ => {
            let class = Value::Obj(vm.types().class_of(obj).clone());
            return render(vm, &class);
        }
    }
    out.push('\n');
    Ok(out)
}

fn push_doc(out: &mut String, doc: &str, indent: &str) {
    for line in doc.lines() {
        out.push_str(indent);
        out.push_str(line);
        out.push('\n');
    }
}

/// `obj.__doc__` when it is a string (user functions do not record one yet).
fn docstring<R: Runtime>(vm: &mut Vm<R>, obj: &Value<R>) -> String {
    match vm.get_attr_str(obj, "__doc__") {
        Ok(v) => v.as_str().map(dedent).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Strips the common indentation of a docstring's lines after the first, as
/// `inspect.cleandoc` does.
fn dedent(doc: &str) -> String {
    let lines: Vec<&str> = doc.lines().collect();
    let margin = lines
        .iter()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<String> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if i == 0 {
            out.push(l.trim().to_string());
        } else {
            out.push(l.get(margin..).unwrap_or("").trim_end().to_string());
        }
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

fn module_name<R: Runtime>(vm: &mut Vm<R>, module: &Value<R>) -> String {
    vm.to_str(module).unwrap_or_else(|_| "__main__".into())
}

fn class_name<R: Runtime>(class: &crate::objects::ObjRef<R>) -> String {
    match class.kind() {
        ObjKind::Class(c) => c.name.clone(),
        _ => "object".into(),
    }
}

fn class_module<R: Runtime>(class: &crate::objects::ObjRef<R>) -> String {
    match class.kind() {
        ObjKind::Class(c) if !c.module.is_empty() => c.module.clone(),
        _ => "builtins".into(),
    }
}

/// `name(a, b=1, *args, c, **kw)`; `bound` leaves out the first parameter.
fn signature<R: Runtime>(vm: &mut Vm<R>, f: &FunctionObj<R>, bound: bool) -> String {
    let code = &f.code;
    let argc = code.argcount as usize;
    let kwonly = code.kwonly_count as usize;
    let names = &code.varnames;
    let mut parts: Vec<String> = Vec::new();
    let first_default = argc.saturating_sub(f.defaults.len());
    for i in 0..argc {
        let mut p = names.get(i).map(|n| n.to_string()).unwrap_or_default();
        if i >= first_default {
            let d = vm.repr(&f.defaults[i - first_default]).unwrap_or_default();
            p = format!("{p}={d}");
        }
        parts.push(p);
        if code.posonly_count as usize == i + 1 {
            parts.push("/".into());
        }
    }
    let mut next = argc + kwonly;
    if code.flags.varargs {
        parts.push(format!(
            "*{}",
            names.get(next).map(|n| n.to_string()).unwrap_or_default()
        ));
        next += 1;
    } else if kwonly > 0 {
        parts.push("*".into());
    }
    for i in argc..argc + kwonly {
        let name = names.get(i).map(|n| n.to_string()).unwrap_or_default();
        match f.kwdefaults.iter().find(|(k, _)| **k == *name) {
            Some((_, v)) => {
                let d = vm.repr(v).unwrap_or_default();
                parts.push(format!("{name}={d}"));
            }
            None => parts.push(name),
        }
    }
    if code.flags.varkw {
        parts.push(format!(
            "**{}",
            names.get(next).map(|n| n.to_string()).unwrap_or_default()
        ));
    }
    if bound && !parts.is_empty() {
        parts.remove(0);
    }
    format!("{}({})", f.name, parts.join(", "))
}

/// Finds what a name passed as a string means: a builtin, an importable module, or a dotted
/// attribute of one.
fn lookup<R: Runtime>(vm: &mut Vm<R>, name: &str) -> Option<Value<R>> {
    let (head, rest) = match name.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (name, None),
    };
    let key = vm.str_key(head);
    let builtin = match vm.interp.builtins.kind() {
        ObjKind::Dict(d) => d.lock::<R>().get(&key).cloned(),
        _ => None,
    };
    let mut value = match builtin {
        Some(v) => v,
        None => vm.import_module(head).ok()?,
    };
    if let Some(rest) = rest {
        for part in rest.split('.') {
            value = vm.get_attr_str(&value, part).ok()?;
        }
    }
    Some(value)
}
