//! The docstrings and text signatures of what is written in Rust: the functions of
//! `builtins`, the built-in types and their methods, and the functions of the native modules.
//! They are static tables, read only when a program asks for `__doc__` or
//! `__text_signature__` (start-up builds nothing). The signatures are CPython 3.11's, in its
//! `__text_signature__` form (`($module, obj, /)`, `($self, object, /)`); the text is our own.
//! The VM finds the owner of a native function and asks [`lookup`], which `install` registers.
//! A native module's class is filed as `module.Class` (`collections.deque`), its methods as
//! `module.Class.name`.

mod classes;
mod dunders;
mod functions;
mod methods;
mod modules;
mod signatures;

pub use crate::vm::docs::Doc;

/// The documentation of `name` in `owner`: a function of `builtins` (owner `"builtins"`), a
/// method of a built-in type (owner the type's name), a function of a native module (owner the
/// module's name), or the type `owner` itself (`name` empty).
pub fn lookup(owner: &str, name: &str) -> Option<Doc> {
    if name.is_empty() {
        return find3(classes::CLASSES, owner).or_else(|| find3(modules::CLASSES, owner));
    }
    if owner == "builtins" {
        return find3(functions::FUNCTIONS, name);
    }
    // A module may have more than one table (`os` has one per file of its functions).
    let mut tables = modules::MODULES
        .iter()
        .filter(|(module, _)| *module == owner)
        .peekable();
    if tables.peek().is_some() {
        return tables.find_map(|(_, table)| find3(table, name));
    }
    method(owner, name)
}

/// A native module's own docstring.
pub fn module_doc(module: &str) -> Option<&'static str> {
    modules::MODULE_DOCS
        .iter()
        .find(|(m, _)| *m == module)
        .map(|(_, d)| *d)
}

fn find3(table: &[(&str, Option<&'static str>, &'static str)], name: &str) -> Option<Doc> {
    let (_, signature, text) = table.iter().find(|(n, _, _)| *n == name)?;
    Some(Doc {
        signature: *signature,
        text,
    })
}

/// A method of the type `owner`: its own entry (`"dict.pop"`) or the one its name shares, and
/// the signature the type has for it, else the usual one of its name.
fn method(owner: &str, name: &str) -> Option<Doc> {
    if let Some(doc) = module_class_method(owner, name) {
        return Some(doc);
    }
    let shared = dunders::DUNDERS.iter().find(|(n, _, _)| *n == name);
    let own_text = methods::METHODS
        .iter()
        .find(|(n, _)| n.rsplit_once('.') == Some((owner, name)))
        .or_else(|| methods::METHODS.iter().find(|(n, _)| *n == name))
        .map(|(_, t)| *t);
    let text = own_text.or(shared.map(|(_, _, t)| *t))?;
    let own_signature = signatures::SIGNATURES
        .iter()
        .find(|(o, _)| *o == owner)
        .and_then(|(_, t)| t.iter().find(|(n, _)| *n == name));
    let signature = match own_signature {
        Some((_, s)) => *s,
        None => shared.and_then(|(_, s, _)| *s),
    };
    Some(Doc { signature, text })
}

/// A method of a native module's class (`owner` is `module.Class`): its own entry, else the
/// entry its module's classes share (`_io.read` for every stream). An own entry with an empty
/// text gives only the class's signature, the text being the shared one.
fn module_class_method(owner: &str, name: &str) -> Option<Doc> {
    let (module, _) = owner.rsplit_once('.')?;
    let tables = [modules::CLASS_METHODS, modules::STREAM_METHODS];
    let find = |owner: &str| {
        tables.iter().find_map(|t| {
            t.iter()
                .find(|(n, _, _)| n.rsplit_once('.') == Some((owner, name)))
        })
    };
    let own = find(owner);
    let shared = find(module);
    let text = match own {
        Some((_, _, t)) if !t.is_empty() => t,
        _ => &shared?.2,
    };
    let signature = own.or(shared).and_then(|(_, s, _)| *s);
    Some(Doc { signature, text })
}
