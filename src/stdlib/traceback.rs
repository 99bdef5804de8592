//! The `_traceback` helper module behind `lib/traceback.py`: `frames(exc)` gives the frames an
//! exception passed through (`frames(tb)` those of a traceback object from it inwards),
//! outermost first, as `(filename, lineno, name, line, marks)` tuples
//! (`line` is the stripped source line, or `None` when the source is not known; `marks` the
//! `~~~^^^` line drawn under it, or `None`: see `vm::carets`). `line(filename, lineno)` gives
//! one source line as `frames` does. The Python module builds CPython's formatting (chains, `[Previous line repeated ...]`) on top of it.

use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::frame_object::TracebackLink;
use crate::vm::Runtime;
use crate::vm::Vm;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[("frames", frames), ("line", line)];
    super::add_functions(vm, m, functions);
    true
}

fn frames<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    if args.pos.len() != 1 || !args.kw.is_empty() {
        return Err(PyErr::type_error(
            "frames() takes exactly one positional argument",
        ));
    }
    let exc = &args.pos[0];
    let entries = match exc.kind() {
        Some(ObjKind::Exception(e)) => e.state.lock::<R>().traceback.clone(),
        Some(ObjKind::Native(n)) if n.data.is::<TracebackLink<R>>() => n
            .data
            .downcast_ref::<TracebackLink<R>>()
            .map(|tb| tb.entries_from_here())
            .unwrap_or_default(),
        _ => {
            return Err(PyErr::type_error(format!(
                "frames() argument must be an exception, not '{}'",
                vm.type_name(exc)
            )))
        }
    };
    // The entries are stored innermost first.
    let mut out = Vec::with_capacity(entries.len());
    for entry in entries.iter().rev() {
        let line = crate::vm::traceback::source_line(vm, &entry.filename, entry.line);
        let marks = line.as_ref().and_then(|_| {
            crate::vm::traceback::caret_line(vm, &entry.filename, entry.line, entry.span)
        });
        let text = |vm: &mut Vm<R>, s: Option<String>| s.map_or(Value::None, |s| vm.new_str(s));
        let (line, marks) = (text(vm, line), text(vm, marks));
        out.push(vm.new_tuple(vec![
            vm.new_str(&*entry.filename),
            Value::Int(i64::from(entry.line)),
            vm.new_str(&*entry.name),
            line,
            marks,
        ]));
    }
    Ok(vm.new_list(out))
}

/// `line(filename, lineno)`: the stripped source line, or None when the source is not known.
fn line<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    args.check_count("line", 2, 2)?;
    let (Some(file), Value::Int(n)) = (args.pos[0].as_str(), &args.pos[1]) else {
        return Ok(Value::None);
    };
    let n = u32::try_from(*n).unwrap_or(0);
    Ok(match crate::vm::traceback::source_line(vm, file, n) {
        Some(text) => vm.new_str(text),
        None => Value::None,
    })
}
