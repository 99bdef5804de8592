//! A class's help text, in the layout of pydoc's `TextDoc.docclass`: the `class Name(bases)`
//! title, then behind ` |  ` the constructor's signature, the docstring, the method
//! resolution order, the built-in subclasses, and the attributes of each class of the MRO in
//! sections by kind (methods, class methods, static methods, properties, data descriptors,
//! data), "defined here" or "inherited from" the class that defines them.

use super::help::{
    class_name, doc_data, doc_routine, docstring, indent, render_text_signature, signature, visible,
};
use crate::objects::exception::PyResult;
use crate::objects::{ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

/// What an attribute is, as pydoc's `classify_class_attrs` sorts them.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Method,
    ClassMethod,
    StaticMethod,
    ReadonlyProperty,
    DataDescriptor,
    Data,
}

const SECTIONS: &[(Kind, &str)] = &[
    (Kind::Method, "Methods"),
    (Kind::ClassMethod, "Class methods"),
    (Kind::StaticMethod, "Static methods"),
    (Kind::ReadonlyProperty, "Readonly properties"),
    (Kind::DataDescriptor, "Data descriptors"),
    (Kind::Data, "Data and other attributes"),
];

struct Attr<R: Runtime> {
    name: String,
    kind: Kind,
    /// The class of the MRO whose dict defines it (index into the MRO).
    home: usize,
    /// The value in that dict.
    value: Option<Value<R>>,
}

/// The help text of `class` (without the `Help on` header); `module` is the module whose
/// help lists it, if any.
pub(super) fn doc_class<R: Runtime>(
    vm: &mut Vm<R>,
    class: &ObjRef<R>,
    module: Option<&str>,
) -> PyResult<String, R> {
    let ObjKind::Class(c) = class.kind() else {
        return Ok(String::new());
    };
    let own_module = if c.module.is_empty() {
        "builtins".to_string()
    } else {
        c.module.clone()
    };
    let mut title = format!("class {}", c.name);
    if !c.bases.is_empty() {
        let parents: Vec<String> = c
            .bases
            .iter()
            .map(|b| class_name(b, Some(&own_module)))
            .collect();
        title.push_str(&format!("({})", parents.join(", ")));
    }
    let mut mro = vec![class.clone()];
    mro.extend(c.mro.iter().cloned());
    let mut contents: Vec<String> = Vec::new();
    if let Some(sig) = class_signature(vm, &mro) {
        if sig != "()" {
            contents.push(format!("{}{sig}\n", c.name));
        }
    }
    let doc = docstring(vm, &Value::Obj(class.clone()));
    if !doc.is_empty() {
        contents.push(format!("{doc}\n"));
    }
    if mro.len() > 2 {
        contents.push("Method resolution order:".into());
        for base in &mro {
            contents.push(format!("    {}", class_name(base, Some(&own_module))));
        }
        contents.push(String::new());
    }
    let subclasses = builtin_subclasses(vm, class);
    if !subclasses.is_empty() {
        contents.push("Built-in subclasses:".into());
        for name in subclasses.iter().take(4) {
            contents.push(format!("    {name}"));
        }
        if subclasses.len() > 4 {
            contents.push(format!(
                "    ... and {} other subclasses",
                subclasses.len() - 4
            ));
        }
        contents.push(String::new());
    }
    let attrs = class_attrs(vm, &mro);
    let is_object = class.ptr_eq(&vm.types().object);
    let mut rule = false;
    for (i, home) in mro.iter().enumerate() {
        if !is_object && home.ptr_eq(&vm.types().object) {
            continue;
        }
        let tag = match i {
            0 => "defined here".to_string(),
            _ => format!("inherited from {}", class_name(home, Some(&own_module))),
        };
        for (kind, heading) in SECTIONS {
            let here: Vec<&Attr<R>> = attrs
                .iter()
                .filter(|a| a.home == i && a.kind == *kind)
                .collect();
            if here.is_empty() {
                continue;
            }
            if rule {
                contents.push("-".repeat(70));
            }
            rule = true;
            contents.push(format!("{heading} {tag}:\n"));
            for attr in here {
                contents.push(doc_attr(vm, class, attr, module)?);
            }
        }
    }
    let body = contents.join("\n");
    let body = body.trim_end();
    if body.is_empty() {
        return Ok(format!("{title}\n"));
    }
    Ok(format!("{title}\n{}\n", indent(body, " |  ")))
}

/// pydoc's class tree of a module's classes: each class under its first base in the list
/// (the bases outside it are roots), with its bases named when they are not just its parent.
pub(super) fn class_tree<R: Runtime>(classes: &[ObjRef<R>], module: &str) -> String {
    let bases_of = |c: &ObjRef<R>| -> Vec<ObjRef<R>> {
        match c.kind() {
            ObjKind::Class(cc) => cc.bases.clone(),
            _ => Vec::new(),
        }
    };
    let listed = |c: &ObjRef<R>| classes.iter().any(|x| x.ptr_eq(c));
    // (parent, children) in the order parents are first met, as pydoc's dict keeps them.
    let mut children: Vec<(ObjRef<R>, Vec<ObjRef<R>>)> = Vec::new();
    let mut roots: Vec<ObjRef<R>> = Vec::new();
    for c in classes {
        let bases = bases_of(c);
        if bases.is_empty() && !roots.iter().any(|r| r.ptr_eq(c)) {
            roots.push(c.clone());
        }
        for parent in bases {
            let at = match children.iter().position(|(p, _)| p.ptr_eq(&parent)) {
                Some(i) => i,
                None => {
                    children.push((parent.clone(), Vec::new()));
                    children.len() - 1
                }
            };
            if !children[at].1.iter().any(|x| x.ptr_eq(c)) {
                children[at].1.push(c.clone());
            }
            if listed(&parent) {
                break;
            }
        }
    }
    for (parent, _) in &children {
        if !listed(parent) {
            roots.push(parent.clone());
        }
    }
    let mut out = String::new();
    walk_tree(&mut out, roots, &children, None, module, "");
    out
}

fn walk_tree<R: Runtime>(
    out: &mut String,
    mut classes: Vec<ObjRef<R>>,
    children: &[(ObjRef<R>, Vec<ObjRef<R>>)],
    parent: Option<&ObjRef<R>>,
    module: &str,
    prefix: &str,
) {
    let key = |c: &ObjRef<R>| match c.kind() {
        ObjKind::Class(cc) => (cc.module.clone(), cc.name.clone()),
        _ => (String::new(), String::new()),
    };
    classes.sort_by_key(key);
    for c in &classes {
        out.push_str(prefix);
        out.push_str(&class_name(c, Some(module)));
        if let ObjKind::Class(cc) = c.kind() {
            let only_parent = cc.bases.len() == 1 && parent.is_some_and(|p| cc.bases[0].ptr_eq(p));
            if !cc.bases.is_empty() && !only_parent {
                let names: Vec<String> = cc
                    .bases
                    .iter()
                    .map(|b| class_name(b, Some(module)))
                    .collect();
                out.push_str(&format!("({})", names.join(", ")));
            }
        }
        out.push('\n');
        if let Some((_, kids)) = children.iter().find(|(p, _)| p.ptr_eq(c)) {
            let inner = format!("{prefix}    ");
            walk_tree(out, kids.clone(), children, Some(c), module, &inner);
        }
    }
}

/// One attribute's entry in its section.
fn doc_attr<R: Runtime>(
    vm: &mut Vm<R>,
    class: &ObjRef<R>,
    attr: &Attr<R>,
    module: Option<&str>,
) -> PyResult<String, R> {
    let name = attr.name.as_str();
    match attr.kind {
        Kind::Method | Kind::ClassMethod | Kind::StaticMethod => {
            // A built-in type's `__new__` is bound to the type (`from builtins.type`).
            if let Some(v @ Value::Obj(_)) = &attr.value {
                if let (Some(ObjKind::Builtin(b)), "__new__") = (v.kind(), name) {
                    if b.receiver.is_none() {
                        let sig = vm.get_attr_str(v, "__text_signature__").ok();
                        let argspec = sig
                            .and_then(|s| s.as_str().and_then(|s| render_text_signature(s, true)))
                            .unwrap_or_else(|| "(...)".into());
                        let meta = vm.types().type_.clone();
                        let doc = docstring(vm, v);
                        let mut out =
                            format!("__new__{argspec} from {}\n", class_name(&meta, module));
                        if !doc.is_empty() {
                            out.push_str(indent(&doc, "    ").trim_end());
                            out.push('\n');
                        }
                        return Ok(out);
                    }
                }
            }
            let value = Value::Obj(class.clone());
            match vm.get_attr_str(&value, name) {
                Ok(v) => doc_routine(vm, &v, Some(name), Some(class), module),
                Err(_) => Ok(format!("{name}\n")),
            }
        }
        Kind::ReadonlyProperty | Kind::DataDescriptor => {
            let doc = match &attr.value {
                Some(v) => docstring(vm, v),
                None => match name {
                    "__dict__" => "the instance's attribute dictionary (when it has one)".into(),
                    _ => "the list of weak references to the instance (when it has one)".into(),
                },
            };
            let mut out = format!("{name}\n");
            if !doc.is_empty() {
                out.push_str(&indent(&doc, "    "));
                out.push('\n');
            }
            Ok(out)
        }
        Kind::Data => {
            let value = attr.value.clone().unwrap_or(Value::None);
            Ok(format!("{}\n", doc_data(vm, name, &value)))
        }
    }
}

/// What `inspect.signature(cls)` shows: the first Python `__init__` or `__new__` of the MRO
/// (without its first parameter), else the first native class's text signature.
fn class_signature<R: Runtime>(vm: &mut Vm<R>, mro: &[ObjRef<R>]) -> Option<String> {
    for class in mro {
        let ObjKind::Class(c) = class.kind() else {
            continue;
        };
        for name in ["__init__", "__new__"] {
            let key = vm.str_key(name);
            let found = c.dict.lock::<R>().get(&key).cloned();
            let f = match found.as_ref().and_then(|f| f.kind()) {
                Some(ObjKind::StaticMethod(inner)) => inner.clone(),
                _ => found.clone().unwrap_or(Value::None),
            };
            if let Some(ObjKind::Function(f)) = f.kind() {
                return Some(signature(vm, f, true));
            }
        }
        let value = Value::Obj(class.clone());
        if let Ok(sig) = vm.get_attr_str(&value, "__text_signature__") {
            if let Some(s) = sig.as_str() {
                return render_text_signature(s, false);
            }
        }
    }
    None
}

/// The names of the built-in types whose base is `class`, sorted as pydoc sorts them.
fn builtin_subclasses<R: Runtime>(vm: &Vm<R>, class: &ObjRef<R>) -> Vec<String> {
    let types = vm.types();
    let mut names: Vec<String> = types
        .named()
        .iter()
        .map(|(_, c)| c)
        .chain(types.exceptions.iter())
        .filter_map(|t| match t.kind() {
            ObjKind::Class(c) if c.bases.iter().any(|b| b.ptr_eq(class)) => Some(c),
            _ => None,
        })
        .filter(|c| !c.name.starts_with('_') && (c.module.is_empty() || c.module == "builtins"))
        .map(|c| c.name.clone())
        .collect();
    names.sort_by_key(|n| n.to_lowercase());
    names.dedup();
    names
}

/// Every visible attribute of the class, each with the class of the MRO that defines it and
/// its kind, sorted by name.
fn class_attrs<R: Runtime>(vm: &mut Vm<R>, mro: &[ObjRef<R>]) -> Vec<Attr<R>> {
    let mut attrs: Vec<Attr<R>> = Vec::new();
    for (home, class) in mro.iter().enumerate() {
        let ObjKind::Class(c) = class.kind() else {
            continue;
        };
        let entries = crate::objects::dict::str_entries(&c.dict.lock::<R>());
        let native = !c.dict.lock::<R>().contains_key(&vm.static_key("__doc__"));
        for (name, value) in entries {
            if attrs.iter().any(|a| a.name == name) || !visible(vm, &name, None) {
                continue;
            }
            let kind = classify(&name, &value, native);
            attrs.push(Attr {
                name,
                kind,
                home,
                value: Some(value),
            });
        }
        if !native {
            for name in instance_descriptors(vm, c) {
                if !attrs.iter().any(|a| a.name == name) {
                    attrs.push(Attr {
                        name: name.into(),
                        kind: Kind::DataDescriptor,
                        home,
                        value: None,
                    });
                }
            }
        }
    }
    attrs.sort_by(|a, b| a.name.cmp(&b.name));
    attrs
}

/// The `__dict__` and `__weakref__` descriptors a class statement's class adds, as CPython's
/// `type.__new__` does: when the base its layout extends (the first built-in base other than
/// object, else the first base) is a built-in type, which has no instance dict (exceptions
/// have one) and no weak reference list.
fn instance_descriptors<R: Runtime>(
    vm: &Vm<R>,
    c: &crate::objects::ClassObj<R>,
) -> Vec<&'static str> {
    let doc = vm.static_key("__doc__");
    let is_native = |b: &ObjRef<R>| match b.kind() {
        ObjKind::Class(bc) => !bc.dict.lock::<R>().contains_key(&doc),
        _ => false,
    };
    let object = vm.types().object.clone();
    let base = c
        .bases
        .iter()
        .find(|b| is_native(b) && !b.ptr_eq(&object))
        .or(c.bases.first());
    let Some(base) = base.filter(|b| is_native(b)) else {
        return Vec::new();
    };
    let exception = vm
        .types()
        .exception(crate::objects::exception::ExcKind::BaseException);
    let is_exception = match base.kind() {
        ObjKind::Class(bc) => base.ptr_eq(exception) || bc.mro.iter().any(|m| m.ptr_eq(exception)),
        _ => false,
    };
    match is_exception {
        true => vec!["__weakref__"],
        false => vec!["__dict__", "__weakref__"],
    }
}

fn classify<R: Runtime>(name: &str, value: &Value<R>, native: bool) -> Kind {
    if name == "__new__" {
        return Kind::StaticMethod;
    }
    match value.kind() {
        Some(ObjKind::ClassMethod(_)) => Kind::ClassMethod,
        Some(ObjKind::StaticMethod(_)) => Kind::StaticMethod,
        Some(ObjKind::Function(_) | ObjKind::Builtin(_)) => Kind::Method,
        Some(ObjKind::Property { fset, .. }) => match fset.is_none() && !native {
            true => Kind::ReadonlyProperty,
            false => Kind::DataDescriptor,
        },
        _ => Kind::Data,
    }
}
