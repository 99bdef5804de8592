//! Errors that cross between processes, and multiprocessing's own exception classes.
//!
//! A child sends an exception as `(module, qualname, args or None, str, traceback text)`. The
//! parent raises the same class when it can find it (a built-in exception, or a class of the
//! program's main module) with the same arguments, else a RuntimeError naming it; either way
//! its `__cause__` is a `RemoteTraceback` whose text is the child's traceback, as CPython's
//! pool does.

use crate::objects::class::Layout;
use crate::objects::exception::{ExcKind, PyErr};
use crate::objects::{ObjKind, ObjRef, Value};
use crate::stdlib::sync_more::exception_class;
use crate::vm::Runtime;
use crate::vm::Vm;

pub fn process_error<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    let base = vm.types().exception(ExcKind::Exception).clone();
    exception_class(vm, "multiprocessing", "ProcessError", &base)
}

pub fn timeout_error<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    let base = process_error(vm);
    exception_class(vm, "multiprocessing.context", "TimeoutError", &base)
}

pub fn remote_traceback<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    let base = vm.types().exception(ExcKind::Exception).clone();
    exception_class(vm, "multiprocessing.pool", "RemoteTraceback", &base)
}

pub fn pickling_error<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    let base = vm.types().exception(ExcKind::Exception).clone();
    exception_class(vm, "_pickle", "PicklingError", &base)
}

pub fn maybe_encoding_error<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    let base = vm.types().exception(ExcKind::Exception).clone();
    exception_class(vm, "multiprocessing.pool", "MaybeEncodingError", &base)
}

/// An exception of `class` with one message argument (none when empty).
pub fn raise<R: Runtime>(vm: &mut Vm<R>, class: &ObjRef<R>, msg: &str) -> PyErr<R> {
    let args = if msg.is_empty() {
        Vec::new()
    } else {
        vec![vm.new_str(msg)]
    };
    match vm.new_exception_object(class, args) {
        Value::Obj(o) => PyErr::Object(o),
        _ => PyErr::runtime_error(msg.to_string()),
    }
}

/// The child's side: an exception as it is sent to the parent.
pub fn encode_error<R: Runtime>(vm: &mut Vm<R>, exc: &Value<R>) -> Vec<u8> {
    let tb = crate::vm::traceback::format_exception(vm, exc);
    let class = vm.types().class_of(exc).clone();
    let (module, qualname) = match class.kind() {
        ObjKind::Class(c) => (c.module.clone(), c.qualname.clone()),
        _ => ("builtins".into(), "Exception".into()),
    };
    let msg = vm.to_str(exc).unwrap_or_default();
    let args = match exc.kind() {
        Some(ObjKind::Exception(e)) => e.state.lock::<R>().args.clone(),
        _ => Value::None,
    };
    let fields = |vm: &Vm<R>, args: Value<R>| {
        vm.new_tuple(vec![
            vm.new_str(module.as_str()),
            vm.new_str(qualname.as_str()),
            args,
            vm.new_str(msg.as_str()),
            vm.new_str(tb.as_str()),
        ])
    };
    let full = fields(vm, args);
    match super::wire::encode(vm, &full) {
        Ok(bytes) => bytes,
        Err(_) => {
            // Arguments that cannot cross: the message stands in for them.
            let plain = fields(vm, Value::None);
            super::wire::encode(vm, &plain).unwrap_or_default()
        }
    }
}

/// The parent's side: the exception to raise for an error a child sent.
pub fn remote_error<R: Runtime>(vm: &mut Vm<R>, bytes: &[u8]) -> PyErr<R> {
    let fields = match super::wire::decode(vm, bytes) {
        Ok(v) => match v.kind() {
            Some(ObjKind::Tuple(t)) if t.len() == 5 => t.to_vec(),
            _ => return PyErr::runtime_error("a child process sent a malformed error"),
        },
        Err(e) => return e,
    };
    let text = |i: usize| fields[i].as_str().unwrap_or("").to_string();
    let (module, qualname, msg, tb) = (text(0), text(1), text(3), text(4));
    let exc = match find_class(vm, &module, &qualname) {
        Some(class) => {
            let args = match fields[2].kind() {
                Some(ObjKind::Tuple(t)) => t.to_vec(),
                _ => vec![vm.new_str(msg.as_str())],
            };
            match vm.call(&Value::Obj(class), args, Vec::new()) {
                Ok(e) if matches!(e.kind(), Some(ObjKind::Exception(_))) => Some(e),
                _ => None,
            }
        }
        None => None,
    };
    let exc = exc.unwrap_or_else(|| {
        let shown = match module.as_str() {
            "builtins" | "__main__" | "__mp_main__" => qualname.clone(),
            m => format!("{m}.{qualname}"),
        };
        let line = if msg.is_empty() {
            shown
        } else {
            format!("{shown}: {msg}")
        };
        let class = vm.types().exception(ExcKind::RuntimeError).clone();
        let m = vm.new_str(line);
        vm.new_exception_object(&class, vec![m])
    });
    attach_remote_traceback(vm, &exc, &tb);
    match exc {
        Value::Obj(o) => PyErr::Object(o),
        _ => PyErr::runtime_error(msg),
    }
}

/// Sets `exc.__cause__` to a `RemoteTraceback` showing the child's traceback.
fn attach_remote_traceback<R: Runtime>(vm: &mut Vm<R>, exc: &Value<R>, tb: &str) {
    let class = remote_traceback(vm);
    let text = vm.new_str(format!("\n\"\"\"\n{tb}\"\"\""));
    let cause = vm.new_exception_object(&class, vec![text]);
    if let Some(ObjKind::Exception(e)) = exc.kind() {
        let mut st = e.state.lock::<R>();
        st.cause = cause;
        st.suppress_context = true;
    }
}

/// The exception class a child named, if this process has it.
fn find_class<R: Runtime>(vm: &mut Vm<R>, module: &str, qualname: &str) -> Option<ObjRef<R>> {
    let found = match module {
        "builtins" | "__main__" | "__mp_main__" => {
            match super::wire::lookup_global(vm, module, qualname).ok()? {
                Value::Obj(o) => o,
                _ => return None,
            }
        }
        _ => {
            let own = match qualname {
                "ProcessError" => process_error,
                "TimeoutError" => timeout_error,
                "RemoteTraceback" => remote_traceback,
                "PicklingError" => pickling_error,
                "MaybeEncodingError" => maybe_encoding_error,
                _ => return None,
            };
            let class = own(vm);
            match class.kind() {
                ObjKind::Class(c) if c.module == module => class,
                _ => return None,
            }
        }
    };
    match found.kind() {
        ObjKind::Class(c) if c.layout == Layout::Exception => Some(found),
        _ => None,
    }
}
