//! The text `help(obj)` prints, in pydoc's plain-text layout: a `Help on ...` header, then the
//! object documented as pydoc's `TextDoc` does it — a routine's signature line and indented
//! docstring, a class's sections (`help_class.rs`), a module's NAME, DESCRIPTION, FUNCTIONS,
//! DATA and FILE. A string argument names what to show: a builtin, a module, or a dotted name
//! inside one. Native callables take their signatures from `__text_signature__`.

use super::help_class::{class_tree, doc_class};
use crate::objects::exception::PyResult;
use crate::objects::{FunctionObj, ObjKind, ObjRef, Value};
use crate::vm::docs::BuiltinHome;
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
    let (desc, body) = match obj.kind() {
        Some(ObjKind::Module(m)) => {
            let kind = match vm.is_native_module(&m.name) {
                true => "built-in module",
                false => "module",
            };
            (format!("{kind} {}", m.name), doc_module(vm, obj)?)
        }
        Some(ObjKind::Class(c)) => {
            let desc = format!("class {}{}", c.name, in_module(vm, &c.module));
            let class = obj.as_obj().cloned().expect("a class is an object");
            (desc, doc_class(vm, &class, None)?)
        }
        Some(ObjKind::Function(f)) => {
            let module = module_name(vm, &f.module);
            let desc = format!("function {}{}", f.name(), in_module(vm, &module));
            (desc, doc_routine(vm, obj, None, None, None)?)
        }
        Some(ObjKind::BoundMethod { func, .. }) => {
            let desc = match func.kind() {
                Some(ObjKind::Function(f)) => {
                    let module = module_name(vm, &f.module);
                    format!("method {}{}", f.name(), in_module(vm, &module))
                }
                Some(ObjKind::Builtin(b)) => format!("built-in function {}", b.name),
                _ => "method".to_string(),
            };
            (desc, doc_routine(vm, obj, None, None, None)?)
        }
        Some(ObjKind::Builtin(b)) => {
            let desc = match vm.builtin_home(obj) {
                _ if b.receiver.is_some() => format!("built-in function {}", b.name),
                Some(BuiltinHome::Module(m)) => {
                    format!("built-in function {} in module {m}", b.name)
                }
                Some(BuiltinHome::Class(c)) if is_static(vm, &c, b.name) => {
                    format!("built-in function {}", b.name)
                }
                // An unbound method of a built-in type: CPython's descriptor objects.
                Some(BuiltinHome::Class(_)) if is_slot_wrapper(b.name) => {
                    "wrapper_descriptor".to_string()
                }
                Some(BuiltinHome::Class(_)) => "method_descriptor".to_string(),
                None => format!("built-in function {}", b.name),
            };
            (desc, doc_routine(vm, obj, None, None, None)?)
        }
        Some(ObjKind::Instance(_)) if own_doc(vm, obj).is_some() => doc_documented(vm, obj),
        _ => {
            let class = vm.types().class_of(obj).clone();
            // An instance of a class statement's class has the class's `__module__`.
            let desc = match class.kind() {
                ObjKind::Class(c) if !c.module.is_empty() && c.module != "builtins" => {
                    format!("{}{} object", c.name, in_module(vm, &c.module))
                }
                ObjKind::Class(c) => format!("{} object", c.name),
                _ => "object".to_string(),
            };
            (desc, doc_class(vm, &class, None)?)
        }
    };
    Ok(format!("Help on {desc}:\n\n{body}\n"))
}

/// `" in module NAME"` when a module of that name is loaded (pydoc's `inspect.getmodule`).
fn in_module<R: Runtime>(vm: &Vm<R>, module: &str) -> String {
    match module == "builtins" || vm.sys_modules_get(module).is_some() {
        true => format!(" in module {module}"),
        false => String::new(),
    }
}

/// pydoc's `docroutine`: `name(signature)` with a note saying what the method is bound to,
/// then the docstring indented. `attr` is the name it is documented under, `class` the class
/// whose help lists it, `module` the module whose help lists it.
pub(super) fn doc_routine<R: Runtime>(
    vm: &mut Vm<R>,
    obj: &Value<R>,
    attr: Option<&str>,
    class: Option<&ObjRef<R>>,
    module: Option<&str>,
) -> PyResult<String, R> {
    let (realname, argspec, bound_to, is_async) = match obj.kind() {
        Some(ObjKind::Function(f)) => (
            f.name().to_string(),
            Some(signature(vm, f, false)),
            None,
            f.code.flags.coroutine,
        ),
        Some(ObjKind::BoundMethod { func, receiver }) => match func.kind() {
            Some(ObjKind::Function(f)) => (
                f.name().to_string(),
                Some(signature(vm, f, true)),
                Some(receiver.clone()),
                f.code.flags.coroutine,
            ),
            Some(ObjKind::Builtin(b)) => {
                let sig = text_signature_of(vm, func, true);
                (b.name.to_string(), sig, Some(receiver.clone()), false)
            }
            _ => (String::new(), None, Some(receiver.clone()), false),
        },
        Some(ObjKind::Builtin(b)) => {
            let receiver = b
                .receiver
                .clone()
                .filter(|r| !matches!(r.kind(), Some(ObjKind::Module(_))));
            let sig = text_signature_of(vm, obj, receiver.is_some());
            (b.name.to_string(), sig, receiver, false)
        }
        _ => (String::new(), None, None, false),
    };
    let note = match &bound_to {
        Some(receiver) => {
            let of = vm.types().class_of(receiver).clone();
            match class {
                Some(cl) if of.ptr_eq(cl) => String::new(),
                Some(_) => format!(" from {}", class_name(&of, module)),
                None => format!(" method of {} instance", class_name(&of, module)),
            }
        }
        None => String::new(),
    };
    let title = match attr {
        Some(name) if name != realname => format!("{name} = {realname}"),
        _ => realname,
    };
    let asyncness = if is_async { "async " } else { "" };
    let mut argspec = argspec.unwrap_or_else(|| "(...)".to_string());
    let mut title = title;
    // A lambda shows its parameters without parentheses: `<lambda> lambda x`.
    if title == "<lambda>" || title.ends_with(" = <lambda>") {
        title = format!("{} lambda ", attr.unwrap_or("<lambda>"));
        argspec = argspec[1..argspec.len() - 1].to_string();
    }
    let doc = routine_doc(vm, obj, attr, class);
    let mut out = format!("{asyncness}{title}{argspec}{note}\n");
    if !doc.is_empty() {
        out.push_str(indent(&doc, "    ").trim_end());
        out.push('\n');
    }
    Ok(out)
}

/// A routine's docstring; a method without one takes the docstring of the method it
/// overrides (pydoc's `_finddoc`).
fn routine_doc<R: Runtime>(
    vm: &mut Vm<R>,
    obj: &Value<R>,
    attr: Option<&str>,
    class: Option<&ObjRef<R>>,
) -> String {
    let own = docstring(vm, obj);
    if !own.is_empty() {
        return own;
    }
    // A bound method looks in its instance's class.
    let (attr, class) = match (obj.kind(), class) {
        (Some(ObjKind::BoundMethod { func, receiver }), None) => match func.kind() {
            Some(ObjKind::Function(f)) => {
                let of = vm.types().class_of(receiver).clone();
                (Some(f.name().to_string()), Some(of))
            }
            _ => (attr.map(str::to_string), None),
        },
        _ => (attr.map(str::to_string), class.cloned()),
    };
    let (Some(name), Some(ObjKind::Class(c))) = (attr, class.as_ref().map(|c| c.kind())) else {
        return own;
    };
    let key = vm.str_key(&name);
    for base in c.mro.iter() {
        let ObjKind::Class(b) = base.kind() else {
            continue;
        };
        let found = b.dict.lock::<R>().get(&key).cloned();
        let found = match found.as_ref().and_then(|f| f.kind()) {
            Some(ObjKind::StaticMethod(f) | ObjKind::ClassMethod(f)) => Some(f.clone()),
            _ => found,
        };
        if let Some(f) =
            found.filter(|f| matches!(f.kind(), Some(ObjKind::Function(_) | ObjKind::Builtin(_))))
        {
            let doc = docstring(vm, &f);
            if !doc.is_empty() {
                return doc;
            }
        }
    }
    own
}

/// Whether the class holds `name` as a static method (`str.maketrans`).
fn is_static<R: Runtime>(vm: &Vm<R>, class: &ObjRef<R>, name: &'static str) -> bool {
    let ObjKind::Class(c) = class.kind() else {
        return false;
    };
    let entry = c.dict.lock::<R>().get(&vm.static_key(name)).cloned();
    matches!(
        entry.and_then(|e| e.kind().map(|k| matches!(k, ObjKind::StaticMethod(_)))),
        Some(true)
    )
}

/// Dunder methods that CPython implements as type slots (`wrapper_descriptor`), not as
/// plain methods (`method_descriptor`): pydoc counts `__new__` and `__del__` with them.
fn is_slot_wrapper(name: &str) -> bool {
    matches!(name, "__new__" | "__del__") || crate::vm::convert::SLOT_METHODS.contains(&name)
}

/// The signature of a native callable from its `__text_signature__`, as `inspect` shows it.
fn text_signature_of<R: Runtime>(vm: &mut Vm<R>, f: &Value<R>, bound: bool) -> Option<String> {
    let sig = vm.get_attr_str(f, "__text_signature__").ok()?;
    render_text_signature(sig.as_str()?, bound)
}

/// `($self, object, /)` as `inspect.signature` shows it: the implicit first parameter is
/// dropped when bound or when it is the module (with a `/` that then closes nothing), and
/// otherwise shown as `self`. None for a signature inspect cannot read.
pub(super) fn render_text_signature(sig: &str, bound: bool) -> Option<String> {
    if sig.contains("<unrepresentable>") {
        return None;
    }
    // inspect evaluates the one expression CPython's signatures use as a default.
    let sig = sig.replace("sys.maxsize", &i64::MAX.to_string());
    let inner = sig.trim().strip_prefix('(')?.strip_suffix(')')?;
    let mut params = split_params(inner);
    if let Some(first) = params.first().cloned() {
        if let Some(name) = first.strip_prefix('$') {
            if bound || name == "module" {
                params.remove(0);
                if params.first().map(String::as_str) == Some("/") {
                    params.remove(0);
                }
            } else {
                params[0] = name.to_string();
            }
        }
    }
    Some(format!("({})", params.join(", ")))
}

/// The parameters of a signature, split at the commas outside brackets and quotes.
fn split_params(inner: &str) -> Vec<String> {
    let mut params = Vec::new();
    let mut current = String::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for ch in inner.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if ch == '\\' {
                    escaped = true;
                } else if ch == q {
                    quote = None;
                }
                current.push(ch);
            }
            None => match ch {
                '\'' | '"' => {
                    quote = Some(ch);
                    current.push(ch);
                }
                '(' | '[' | '{' => {
                    depth += 1;
                    current.push(ch);
                }
                ')' | ']' | '}' => {
                    depth -= 1;
                    current.push(ch);
                }
                ',' if depth == 0 => params.push(std::mem::take(&mut current)),
                _ => current.push(ch),
            },
        }
    }
    params.push(current);
    params
        .into_iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// pydoc's `docmodule`: NAME (with the docstring's synopsis), DESCRIPTION, FUNCTIONS, DATA
/// and FILE.
fn doc_module<R: Runtime>(vm: &mut Vm<R>, module: &Value<R>) -> PyResult<String, R> {
    let Some(ObjKind::Module(m)) = module.kind() else {
        return Ok(String::new());
    };
    let name = m.name.clone();
    let doc = docstring(vm, module);
    let (synopsis, description) = split_doc(&doc);
    let mut out = String::new();
    let head = match synopsis.is_empty() {
        true => name.clone(),
        false => format!("{name} - {synopsis}"),
    };
    out.push_str(&section("NAME", &head));
    if !description.is_empty() {
        out.push_str(&section("DESCRIPTION", &description));
    }
    let mut items: Vec<(String, Value<R>)> = match m.dict.kind() {
        ObjKind::Dict(d) => crate::objects::dict::str_entries(&d.lock::<R>()),
        _ => Vec::new(),
    };
    items.sort_by(|a, b| a.0.cmp(&b.0));
    let all = vm.get_attr_str(module, "__all__").ok();
    let mut classes = Vec::new();
    let mut functions = Vec::new();
    let mut data = Vec::new();
    for (key, value) in items {
        if !visible(vm, &key, all.as_ref()) {
            continue;
        }
        match value.kind() {
            Some(ObjKind::Function(f)) => {
                let home = module_name(vm, &f.module);
                if all.is_some() || home == name {
                    functions.push(doc_routine(vm, &value, Some(&key), None, Some(&name))?);
                }
            }
            Some(ObjKind::Builtin(_)) => {
                functions.push(doc_routine(vm, &value, Some(&key), None, Some(&name))?);
            }
            Some(ObjKind::Class(c)) => {
                if all.is_some() || c.module == name {
                    classes.push(value.as_obj().cloned().expect("a class is an object"));
                }
            }
            Some(ObjKind::Module(_) | ObjKind::BoundMethod { .. }) => {}
            _ => data.push(doc_data(vm, &key, &value)),
        }
    }
    if !classes.is_empty() {
        let mut contents = vec![class_tree(&classes, &name)];
        for class in &classes {
            contents.push(doc_class(vm, class, Some(&name))?);
        }
        out.push_str(&section("CLASSES", &contents.join("\n")));
    }
    if !functions.is_empty() {
        out.push_str(&section("FUNCTIONS", &functions.join("\n")));
    }
    if !data.is_empty() {
        out.push_str(&section("DATA", &data.join("\n")));
    }
    let file = match vm.get_attr_str(module, "__file__") {
        Ok(f) => f.as_str().map(str::to_string),
        Err(_) => None,
    };
    out.push_str(&section("FILE", file.as_deref().unwrap_or("(built-in)")));
    Ok(out)
}

/// pydoc's `visiblename`: `__all__` when the module has one, else no leading underscore
/// (special names shown, the module's bookkeeping names hidden).
pub(super) fn visible<R: Runtime>(vm: &mut Vm<R>, name: &str, all: Option<&Value<R>>) -> bool {
    const HIDDEN: &[&str] = &[
        "__author__",
        "__builtins__",
        "__cached__",
        "__credits__",
        "__date__",
        "__doc__",
        "__file__",
        "__spec__",
        "__loader__",
        "__module__",
        "__name__",
        "__package__",
        "__path__",
        "__qualname__",
        "__slots__",
        "__version__",
    ];
    if HIDDEN.contains(&name) {
        return false;
    }
    if name.starts_with("__") && name.ends_with("__") {
        return true;
    }
    if let Some(all) = all {
        let key = vm.new_str(name);
        return vm.contains(all, &key).unwrap_or(false);
    }
    !name.starts_with('_')
}

/// pydoc's `docother` for a module's or class's data: `name = repr`, cut to 70 characters.
pub(super) fn doc_data<R: Runtime>(vm: &mut Vm<R>, name: &str, value: &Value<R>) -> String {
    // pydoc's `TextRepr`: a string is crammed to 100 characters before its repr is taken,
    // any other repr after.
    let repr = match value.as_str() {
        Some(text) => {
            let short = vm.new_str(cram(text, 100));
            vm.repr(&short).unwrap_or_default()
        }
        None => cram(&vm.repr(value).unwrap_or_default(), 100),
    };
    let line_len = name.chars().count() + 3 + repr.chars().count();
    let repr = match line_len > 70 {
        true => {
            let keep = repr.chars().count() - (line_len - 70);
            format!("{}...", repr.chars().take(keep).collect::<String>())
        }
        false => repr,
    };
    format!("{name} = {repr}")
}

/// The docstring an instance has of its own (set on it, or by its class per instance), not
/// the one its class gives every instance: pydoc documents such an object itself.
fn own_doc<R: Runtime>(vm: &mut Vm<R>, obj: &Value<R>) -> Option<String> {
    let own = vm.get_attr_str(obj, "__doc__").ok()?.as_str()?.to_string();
    let class = Value::Obj(vm.types().class_of(obj).clone());
    let class_doc = vm.get_attr_str(&class, "__doc__").ok();
    match class_doc.as_ref().and_then(|d| d.as_str()) == Some(own.as_str()) {
        true => None,
        false => Some(own),
    }
}

/// pydoc's `docother` for an instance with a docstring of its own (a typing special form):
/// `name = repr` (the repr alone when it has no `__name__`) and the docstring, under the
/// name of its class.
fn doc_documented<R: Runtime>(vm: &mut Vm<R>, obj: &Value<R>) -> (String, String) {
    let doc = own_doc(vm, obj).unwrap_or_default();
    let class = vm.types().class_of(obj).clone();
    let class_name = match class.kind() {
        ObjKind::Class(c) => c.name.clone(),
        _ => "object".to_string(),
    };
    let module = vm
        .get_attr_str(obj, "__module__")
        .ok()
        .and_then(|m| m.as_str().map(String::from));
    let desc = match module {
        Some(m) => format!("{class_name}{}", in_module(vm, &m)),
        None => class_name,
    };
    let repr = cram(&strip_id(&vm.repr(obj).unwrap_or_default()), 100);
    let name = vm
        .get_attr_str(obj, "__name__")
        .ok()
        .and_then(|n| n.as_str().map(String::from));
    let line = match name {
        Some(name) => format!("{name} = {repr}"),
        None => repr,
    };
    (
        desc,
        format!("{line}\n{}\n", indent(&clean_doc(&doc), "    ")),
    )
}

/// pydoc's `stripid`: a repr without the ` at 0x...` address.
fn strip_id(repr: &str) -> String {
    match repr.find(" at 0x") {
        Some(at) => {
            let rest = &repr[at + 6..];
            let digits = rest.chars().take_while(char::is_ascii_hexdigit).count();
            format!("{}{}", &repr[..at], &rest[digits..])
        }
        None => repr.to_string(),
    }
}

/// pydoc's `cram`: at most `max` characters, the middle replaced by `...`.
fn cram(text: &str, max: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= max {
        return text.to_string();
    }
    let pre = (max - 3) / 2;
    let post = max - 3 - pre;
    let head: String = chars[..pre].iter().collect();
    let tail: String = chars[chars.len() - post..].iter().collect();
    format!("{head}...{tail}")
}

/// pydoc's `section`: a heading and its contents indented by four spaces.
fn section(title: &str, contents: &str) -> String {
    format!("{title}\n{}\n\n", indent(contents, "    ").trim_end())
}

/// Prefixes every line (pydoc's `indent`: the last line loses its trailing spaces).
pub(super) fn indent(text: &str, prefix: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let lines: Vec<String> = text.split('\n').map(|l| format!("{prefix}{l}")).collect();
    let mut out = lines.join("\n");
    let trimmed = out.trim_end_matches([' ', '\t']).len();
    out.truncate(trimmed);
    out
}

/// pydoc's `splitdoc`: a one-line synopsis followed by a blank line, and the rest.
fn split_doc(doc: &str) -> (String, String) {
    let lines: Vec<&str> = doc.trim().split('\n').collect();
    if lines.len() == 1 {
        return (lines[0].to_string(), String::new());
    }
    if lines.len() >= 2 && lines[1].trim_end().is_empty() {
        return (lines[0].to_string(), lines[2..].join("\n"));
    }
    (String::new(), lines.join("\n"))
}

/// `obj.__doc__` cleaned as `inspect.cleandoc` does, or empty.
pub(super) fn docstring<R: Runtime>(vm: &mut Vm<R>, obj: &Value<R>) -> String {
    match vm.get_attr_str(obj, "__doc__") {
        Ok(v) => v.as_str().map(clean_doc).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// `inspect.cleandoc`: the first line stripped, the common indentation of the others
/// removed, and blank lines at both ends dropped.
fn clean_doc(doc: &str) -> String {
    let doc = doc.replace('\t', "        ");
    let lines: Vec<&str> = doc.split('\n').collect();
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
            out.push(l.trim_start().to_string());
        } else {
            out.push(l.get(margin..).unwrap_or("").trim_end().to_string());
        }
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    out.join("\n")
}

fn module_name<R: Runtime>(vm: &mut Vm<R>, module: &Value<R>) -> String {
    vm.to_str(module).unwrap_or_else(|_| "__main__".into())
}

/// pydoc's `classname`: the class's name, qualified by its module unless that is `module`.
pub(super) fn class_name<R: Runtime>(class: &ObjRef<R>, module: Option<&str>) -> String {
    let ObjKind::Class(c) = class.kind() else {
        return "object".into();
    };
    let home = if c.module.is_empty() {
        "builtins"
    } else {
        c.module.as_str()
    };
    match Some(home) == module {
        true => c.name.clone(),
        false => format!("{home}.{}", c.name),
    }
}

/// `(a, b=1, *args, c, **kw)`; `bound` leaves out the first parameter.
pub(super) fn signature<R: Runtime>(vm: &mut Vm<R>, f: &FunctionObj<R>, bound: bool) -> String {
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
        if parts.first().map(String::as_str) == Some("/") {
            parts.remove(0);
        }
    }
    format!("({})", parts.join(", "))
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
