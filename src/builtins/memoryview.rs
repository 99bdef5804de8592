//! The native side of `memoryview` (the type itself is `lib/_memoryview.py`): the module
//! `_buffer_exports`, with which a view of a bytearray or an `array.array` registers and
//! releases its export (see `objects::buffer`), and [`view_bytes`], the bytes of a view or
//! an array for the constructors and methods that take any bytes-like object.

use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{buffer, Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::{Runtime, Vm};

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[("export", export), ("release", release)];
    crate::vm::add_functions(vm, m, functions);
    true
}

/// The bytearray or array an export is about (a subclass instance's base value).
fn exporter<R: Runtime>(vm: &Vm<R>, args: &Args<R>, name: &str) -> PyResult<ObjRef<R>, R> {
    args.check_count(name, 1, 1)?;
    let v = vm
        .builtin_base(&args.pos[0])
        .unwrap_or_else(|| args.pos[0].clone());
    match v {
        Value::Obj(o) if matches!(o.kind(), ObjKind::ByteArray(_)) || is_array(&o) => Ok(o),
        _ => Err(PyErr::type_error(format!(
            "{name}() argument must be bytearray or array, not '{}'",
            vm.type_name(&args.pos[0])
        ))),
    }
}

fn export<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    buffer::export(&exporter(vm, &args, "export")?);
    Ok(Value::None)
}

fn release<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    buffer::release(&exporter(vm, &args, "release")?);
    Ok(Value::None)
}

/// Whether `o` is an `array.array` (the native type of the `array` module).
fn is_array<R: Runtime>(o: &ObjRef<R>) -> bool {
    match o.kind() {
        ObjKind::Native(n) => match n.class.kind() {
            ObjKind::Class(c) => c.name == "array" && c.module == "array",
            _ => false,
        },
        _ => false,
    }
}

/// The bytes a `memoryview` or an `array.array` shows, or `None` if `v` is neither.
pub fn view_bytes<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<Option<Vec<u8>>, R> {
    // memoryview and array.array are the buffer types outside the built-in bytes types:
    // their bytes are `tobytes()`.
    let buffer_type = match v {
        Value::Obj(o) if is_array(o) => true,
        Value::Obj(o) if matches!(o.kind(), ObjKind::Instance(_)) => {
            matches!(vm.type_name(v).as_str(), "memoryview" | "array")
        }
        _ => false,
    };
    if !buffer_type {
        return Ok(None);
    }
    match vm.call_special(v, "tobytes", Vec::new())? {
        Some(b) => match b.kind() {
            Some(ObjKind::Bytes(data)) => Ok(Some(data.to_vec())),
            _ => Ok(None),
        },
        None => Ok(None),
    }
}
