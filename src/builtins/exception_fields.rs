//! The fields some built-in exceptions take from their arguments, as CPython's: the keywords
//! of `ImportError(msg, name=, path=)`, `AttributeError(msg, name=, obj=)` and
//! `NameError(msg, name=)`, and `SyntaxError(msg, (filename, lineno, offset, text,
//! end_lineno, end_offset))`. Their classes hold None for each field, so an exception raised
//! by native code (which never runs `__init__`) has them too.

use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{ObjKind, Value};
use crate::vm::{Interp, Runtime, Vm};
use std::sync::Arc;

/// SyntaxError's attributes, each None on the class: the message, the six its details tuple
/// fills, and `print_file_and_line`.
const SYNTAX_CLASS_FIELDS: [&str; 8] = [
    "msg",
    "filename",
    "lineno",
    "offset",
    "text",
    "end_lineno",
    "end_offset",
    "print_file_and_line",
];

/// The fields `SyntaxError(msg, (filename, lineno, offset, text, end_lineno, end_offset))`
/// fills from its details tuple.
const SYNTAX_FIELDS: &[&str] = SYNTAX_CLASS_FIELDS.split_at(1).1.split_at(6).0;

/// The keywords each exception class with keyword fields takes.
fn keywords_of<R: Runtime>(vm: &Vm<R>, this: &Value<R>) -> &'static [&'static str] {
    let of = |kind| vm.isinstance_class(this, vm.types().exception(kind));
    if of(ExcKind::ImportError) {
        &["name", "path"]
    } else if of(ExcKind::AttributeError) {
        &["name", "obj"]
    } else if of(ExcKind::NameError) {
        &["name"]
    } else {
        &[]
    }
}

/// Stores the keyword arguments of `this`'s constructor as its fields, or CPython's
/// TypeError for a keyword its class does not take.
pub(super) fn keyword_fields<R: Runtime>(
    vm: &mut Vm<R>,
    this: &Value<R>,
    kw: &[(Value<R>, Value<R>)],
) -> PyResult<(), R> {
    if kw.is_empty() {
        return Ok(());
    }
    let class = vm.type_name(this);
    let allowed = keywords_of(vm, this);
    if allowed.is_empty() {
        return Err(PyErr::type_error(format!(
            "{class}() takes no keyword arguments"
        )));
    }
    let Some(ObjKind::Exception(e)) = this.kind() else {
        return Ok(());
    };
    for (k, v) in kw {
        let key = k.as_str().unwrap_or("");
        if !allowed.contains(&key) {
            return Err(PyErr::type_error(format!(
                "'{key}' is an invalid keyword argument for {class}()"
            )));
        }
        let key = vm.str_key(key);
        e.state.lock::<R>().dict.insert(key, v.clone());
    }
    Ok(())
}

/// `SyntaxError(msg)` and `SyntaxError(msg, (filename, lineno, offset, text[, end_lineno,
/// end_offset]))`: the message and location as fields.
pub(super) fn syntax_error_fields<R: Runtime>(
    vm: &mut Vm<R>,
    this: &Value<R>,
    pos: &[Value<R>],
) -> PyResult<(), R> {
    if !vm.isinstance_class(this, vm.types().exception(ExcKind::SyntaxError)) || pos.is_empty() {
        return Ok(());
    }
    let Some(ObjKind::Exception(e)) = this.kind() else {
        return Ok(());
    };
    let mut fields = vec![("msg", pos[0].clone())];
    if pos.len() == 2 {
        let info = vm.collect(&pos[1])?;
        if !(4..=6).contains(&info.len()) {
            return Err(PyErr::new(ExcKind::IndexError, "tuple index out of range"));
        }
        fields.extend(SYNTAX_FIELDS.iter().copied().zip(info));
    }
    let keys: Vec<_> = fields.iter().map(|(k, _)| vm.str_key(k)).collect();
    let mut st = e.state.lock::<R>();
    for (key, (_, v)) in keys.into_iter().zip(fields) {
        st.dict.insert(key, v);
    }
    Ok(())
}

pub fn install<R: Runtime>(interp: &Arc<Interp<R>>) {
    let t = &interp.types;
    let defaults: [(ExcKind, &[&'static str]); 3] = [
        (ExcKind::AttributeError, &["name", "obj"]),
        (ExcKind::NameError, &["name"]),
        (ExcKind::SyntaxError, &SYNTAX_CLASS_FIELDS),
    ];
    for (kind, names) in defaults {
        if let ObjKind::Class(c) = t.exception(kind).kind() {
            for name in names {
                c.dict.add_none(name);
            }
        }
    }
}
