//! `_warnings`: the native half of `warnings`. `warn` is native so that it sees where it was
//! called from (the eval loop's call site: the file and line of the `warnings.warn(...)`
//! call), which a Python function cannot; it then hands over to the Python half,
//! `warnings.warn_explicit`, which applies the filters and prints.

use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

type R0<R> = PyResult<Value<R>, R>;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] =
        &[("warn", warn), ("_source_line", source_line)];
    super::add_functions(vm, m, functions);
    true
}

/// `warn(message, category=None, stacklevel=1, source=None)`. The warning is placed at the
/// line that called `warn`, or with a `stacklevel` of n at the line of the frame n - 1 calls
/// out from it (`sys`, line 1, when the stack is not that deep, as CPython's).
fn warn<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let [message, category, stacklevel, source] =
        args.bind_named("warn", ["message", "category", "stacklevel", "source"])?;
    let Some(message) = message else {
        return Err(PyErr::type_error(
            "warn() missing required argument 'message' (pos 1)",
        ));
    };
    let category = category.unwrap_or(Value::None);
    let source = source.unwrap_or(Value::None);
    let level = match stacklevel {
        None => 1,
        Some(Value::Int(n)) => n,
        Some(Value::Bool(b)) => i64::from(b),
        Some(v) => {
            return Err(PyErr::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(&v)
            )))
        }
    };
    let place = vm
        .running_frames()
        .get(level.max(1) as usize - 1)
        .map(|(frame, pos)| {
            (
                frame.code.filename.to_string(),
                i64::from(frame.line_at(*pos)),
            )
        });
    let (filename, line) = place.unwrap_or_else(|| ("sys".to_string(), 1));
    let warnings = vm.import_module("warnings")?;
    let explicit = vm.get_attr_str(&warnings, "_warn_at")?;
    let filename = vm.new_str(filename);
    vm.call(
        &explicit,
        vec![message, category, filename, Value::Int(line), source],
        Vec::new(),
    )
}

/// `_source_line(filename, lineno)`: the line's text, stripped, or None; from the source the
/// interpreter compiled, else from the file.
fn source_line<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("_source_line", 2, 2)?;
    let (Some(filename), Value::Int(line)) = (args.pos[0].as_str(), &args.pos[1]) else {
        return Err(PyErr::new(ExcKind::TypeError, "expected (str, int)"));
    };
    let line = (*line).clamp(0, u32::MAX as i64) as u32;
    if let Some(text) = crate::vm::traceback::source_line(vm, filename, line) {
        return Ok(vm.new_str(text));
    }
    let from_file = std::fs::read_to_string(filename).ok().and_then(|src| {
        let text = src
            .lines()
            .nth((line as usize).checked_sub(1)?)?
            .trim()
            .to_string();
        (!text.is_empty()).then_some(text)
    });
    Ok(from_file.map_or(Value::None, |t| vm.new_str(t)))
}
