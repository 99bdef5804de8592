//! `OSError` as CPython 3.11 builds it: `OSError(errno, strerror[, filename[, winerror[,
//! filename2]]])` sets `errno`, `strerror`, `filename` and `filename2`, keeps only the first
//! two in `args`, prints as `[Errno 2] No such file or directory: 'x'`, and `OSError(2, ...)`
//! makes the subclass of that errno (`FileNotFoundError`). Also [`from_io`], the exception a
//! failed system call raises, for the file objects and the `os` module.

use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::{add_methods, Interp, Vm};
use std::sync::Arc;

type R0<R> = PyResult<Value<R>, R>;

const FIELDS: [&str; 4] = ["errno", "strerror", "filename", "filename2"];

pub fn install<R: Runtime>(interp: &Arc<Interp<R>>) {
    let t = &interp.types;
    let class = t.exception(ExcKind::OSError);
    add_methods(class, &[("__init__", init), ("__str__", str)]);
    if let ObjKind::Class(c) = class.kind() {
        let mut d = c.dict.lock::<R>();
        let key = |name: &'static str| {
            crate::objects::dict::make_key(Value::new_obj(ObjKind::Str(
                crate::objects::StrObj::new(name),
            )))
        };
        // Instances made without `__init__` (raised lazily by native code) still have them.
        for name in FIELDS {
            if let Ok(k) = key(name) {
                d.insert(k, Value::None);
            }
        }
        let new = crate::vm::native_function("__new__", new);
        if let Ok(k) = key("__new__") {
            d.insert(k, Value::new_obj(ObjKind::StaticMethod(new)));
        }
    }
    let alias = Value::Obj(class.clone());
    if let ObjKind::Dict(d) = interp.builtins.kind() {
        let mut d = d.lock::<R>();
        for name in ["IOError", "EnvironmentError"] {
            if let Ok(k) = crate::objects::dict::make_key(Value::new_obj(ObjKind::Str(
                crate::objects::StrObj::new(name),
            ))) {
                d.insert(k, alias.clone());
            }
        }
    }
}

/// The subclass CPython picks for an errno.
pub fn kind_for_errno(errno: i64) -> ExcKind {
    match errno {
        1 | 13 => ExcKind::PermissionError,
        2 => ExcKind::FileNotFoundError,
        3 => ExcKind::ProcessLookupError,
        4 => ExcKind::InterruptedError,
        10 => ExcKind::ChildProcessError,
        11 | 114 | 115 => ExcKind::BlockingIOError,
        17 => ExcKind::FileExistsError,
        20 => ExcKind::NotADirectoryError,
        21 => ExcKind::IsADirectoryError,
        32 | 108 => ExcKind::BrokenPipeError,
        103 => ExcKind::ConnectionAbortedError,
        104 => ExcKind::ConnectionResetError,
        110 => ExcKind::TimeoutError,
        111 => ExcKind::ConnectionRefusedError,
        _ => ExcKind::OSError,
    }
}

/// `OSError.__new__(cls, *args)`: `OSError(2, 'x')` is a FileNotFoundError.
fn new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let mut pos = args.pos;
    if pos.is_empty() {
        return Err(PyErr::type_error("OSError.__new__(): not enough arguments"));
    }
    let cls = pos.remove(0);
    let Value::Obj(mut class) = cls else {
        return Err(PyErr::type_error(
            "OSError.__new__(X): X is not a type object",
        ));
    };
    if class.ptr_eq(vm.types().exception(ExcKind::OSError)) && (2..=5).contains(&pos.len()) {
        if let Value::Int(errno) = pos[0] {
            class = vm.types().exception(kind_for_errno(errno)).clone();
        }
    }
    Ok(vm.new_exception_object(&class, pos))
}

fn init<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let mut pos = args.pos;
    if pos.is_empty() {
        return Ok(Value::None);
    }
    let this = pos.remove(0);
    let Some(ObjKind::Exception(e)) = this.kind() else {
        return Ok(Value::None);
    };
    let mut fields = [Value::None, Value::None, Value::None, Value::None];
    let kept = if (2..=5).contains(&pos.len()) {
        fields[0] = pos[0].clone();
        fields[1] = pos[1].clone();
        if let Some(f) = pos.get(2) {
            fields[2] = f.clone();
        }
        if let Some(f) = pos.get(4) {
            fields[3] = f.clone();
        }
        if pos.len() > 2 {
            pos.truncate(2);
        }
        pos
    } else {
        pos
    };
    let args = vm.new_tuple(kept);
    let keys: Vec<_> = FIELDS.iter().map(|n| vm.str_key(n)).collect();
    let mut st = e.state.lock::<R>();
    let old = std::mem::replace(&mut st.args, args);
    for (k, v) in keys.into_iter().zip(fields) {
        st.dict.insert(k, v);
    }
    drop(st);
    drop(old);
    Ok(Value::None)
}

fn field<R: Runtime>(vm: &Vm<R>, this: &Value<R>, name: &str) -> Value<R> {
    match this.kind() {
        Some(ObjKind::Exception(e)) => {
            let key = vm.str_key(name);
            let v = e.state.lock::<R>().dict.get(&key).cloned();
            v.unwrap_or(Value::None)
        }
        _ => Value::None,
    }
}

/// `[Errno N] strerror: 'filename' -> 'filename2'`, or as BaseException without an errno.
fn str<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__str__", 1, 1)?;
    let this = &args.pos[0];
    let errno = field(vm, this, "errno");
    let strerror = field(vm, this, "strerror");
    if errno.is_none() && strerror.is_none() {
        let a = match this.kind() {
            Some(ObjKind::Exception(e)) => e.state.lock::<R>().args.clone(),
            _ => Value::None,
        };
        let items = match a.kind() {
            Some(ObjKind::Tuple(t)) => t.to_vec(),
            _ => Vec::new(),
        };
        let text = match items.len() {
            0 => String::new(),
            1 => vm.to_str(&items[0])?,
            _ => vm.repr(&a)?,
        };
        return Ok(vm.new_str(text));
    }
    let mut text = format!("[Errno {}] {}", vm.to_str(&errno)?, vm.to_str(&strerror)?);
    let filename = field(vm, this, "filename");
    if !filename.is_none() {
        text.push_str(&format!(": {}", vm.repr(&filename)?));
        let filename2 = field(vm, this, "filename2");
        if !filename2.is_none() {
            text.push_str(&format!(" -> {}", vm.repr(&filename2)?));
        }
    }
    Ok(vm.new_str(text))
}

/// The text of an errno, as `strerror` gives it ("No such file or directory").
pub fn strerror(errno: i32) -> String {
    let text = std::io::Error::from_raw_os_error(errno).to_string();
    match text.rfind(" (os error ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// The exception for errno `errno` about `filename` (and `filename2`).
pub fn from_errno<R: Runtime>(
    vm: &mut Vm<R>,
    errno: i32,
    filename: Option<Value<R>>,
    filename2: Option<Value<R>>,
) -> PyErr<R> {
    let class: ObjRef<R> = vm.types().exception(kind_for_errno(errno as i64)).clone();
    os_error_of_class(vm, &class, errno, &strerror(errno), filename, filename2)
}

/// An exception of `class` (OSError or a subclass) with errno, strerror and filenames set.
pub fn os_error_of_class<R: Runtime>(
    vm: &mut Vm<R>,
    class: &ObjRef<R>,
    errno: i32,
    text: &str,
    filename: Option<Value<R>>,
    filename2: Option<Value<R>>,
) -> PyErr<R> {
    let text = vm.new_str(text);
    let exc = vm.new_exception_object(class, vec![Value::Int(errno as i64), text.clone()]);
    if let Some(ObjKind::Exception(e)) = exc.kind() {
        let values = [
            Value::Int(errno as i64),
            text,
            filename.unwrap_or(Value::None),
            filename2.unwrap_or(Value::None),
        ];
        let keys: Vec<_> = FIELDS.iter().map(|n| vm.str_key(n)).collect();
        let mut st = e.state.lock::<R>();
        for (k, v) in keys.into_iter().zip(values) {
            st.dict.insert(k, v);
        }
    }
    match exc {
        Value::Obj(o) => PyErr::Object(o),
        _ => PyErr::new(ExcKind::OSError, "cannot make OSError"),
    }
}

/// The exception for a failed system call about `filename`.
pub fn from_io<R: Runtime>(
    vm: &mut Vm<R>,
    err: &std::io::Error,
    filename: Option<Value<R>>,
) -> PyErr<R> {
    match err.raw_os_error() {
        Some(errno) => from_errno(vm, errno, filename, None),
        None => PyErr::new(ExcKind::OSError, err.to_string()),
    }
}
