//! The builtins that talk to the console: `print` (to `sys.stdout` as it is now, or the
//! process's stdout through `vm::io`, releasing the GIL when the write may block) and `input`
//! (a line from `sys.stdin`).

use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, Value};
use crate::vm::io;
use crate::vm::Runtime;
use crate::vm::Vm;

type R0<R> = PyResult<Value<R>, R>;

pub fn print<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let sep = args.take_kw("sep");
    let end = args.take_kw("end");
    let file = args.take_kw("file");
    let flush = args.take_kw("flush");
    args.no_more_kwargs("print")?;
    let text_of =
        |vm: &mut Vm<R>, v: Option<Value<R>>, default: &str, what: &str| -> PyResult<String, R> {
            match v {
                None | Some(Value::None) => Ok(default.to_string()),
                Some(v) => match v.as_str() {
                    Some(s) => Ok(s.to_string()),
                    None => Err(PyErr::type_error(format!(
                        "{what} must be None or a string, not {}",
                        vm.type_name(&v)
                    ))),
                },
            }
        };
    let sep = text_of(vm, sep, " ", "sep")?;
    let end = text_of(vm, end, "\n", "end")?;
    let file = file
        .filter(|f| !f.is_none())
        .or_else(|| super::file::replaced_stdout(vm));
    // A Python object's `write` gets the pieces one by one, as CPython writes them; the
    // process's stdout and file objects get them joined.
    let by_piece = file
        .as_ref()
        .is_some_and(|f| super::file::core_of(f).is_none());
    let mut out = String::new();
    let mut pieces: Vec<String> = Vec::new();
    for (i, v) in args.pos.iter().enumerate() {
        if i > 0 {
            if by_piece {
                pieces.push(sep.clone());
            } else {
                out.push_str(&sep);
            }
        }
        let text = match v.as_str() {
            Some(s) if !by_piece => {
                out.push_str(s);
                continue;
            }
            Some(s) => s.to_string(),
            None => vm.to_str(v)?,
        };
        if by_piece {
            pieces.push(text);
        } else {
            out.push_str(&text);
        }
    }
    if by_piece {
        pieces.push(end);
    } else {
        out.push_str(&end);
        pieces.push(out);
    }
    match &file {
        Some(f) => {
            let write = vm.get_attr_str(f, "write")?;
            for piece in pieces {
                let s = vm.new_str(piece);
                vm.call(&write, vec![s], Vec::new())?;
            }
        }
        None => {
            let out: String = pieces.into_iter().collect();
            // Writing to the stream may block (a full pipe): let other threads run meanwhile.
            if io::would_flush(&out) {
                vm.blocking(crate::vm::threads::WaitTarget::Sleep, true, || {
                    io::write_stdout(&out)
                })
            } else {
                io::write_stdout(&out)
            }
        }
    }
    if let Some(flag) = flush {
        if vm.truthy(&flag)? {
            match &file {
                Some(f) => {
                    let flush = vm.get_attr_str(f, "flush")?;
                    vm.call(&flush, Vec::new(), Vec::new())?;
                }
                None => io::flush_stdout(),
            }
        }
    }
    Ok(Value::None)
}

pub fn input<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("input")?;
    args.check_count("input", 0, 1)?;
    if let Some(prompt) = args.pos.first() {
        let p = vm.to_str(prompt)?;
        match super::file::replaced_stdout(vm) {
            Some(out) => {
                let write = vm.get_attr_str(&out, "write")?;
                let p = vm.new_str(p);
                vm.call(&write, vec![p], Vec::new())?;
            }
            None => io::write_stdout(&p),
        }
    }
    io::flush_stdout();
    // As CPython: a line from `sys.stdin` (whatever it is now) when `sys` was imported.
    let mut line = match super::file::sys_stream(vm, "stdin") {
        Some(stdin) => {
            let readline = vm.get_attr_str(&stdin, "readline")?;
            let line = vm.call(&readline, Vec::new(), Vec::new())?;
            match line.as_str() {
                Some(s) => s.to_string(),
                None => return Err(PyErr::type_error("object.readline() returned non-string")),
            }
        }
        None => {
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .map_err(|e| PyErr::new(ExcKind::OSError, e.to_string()))?;
            line
        }
    };
    if line.is_empty() {
        return Err(PyErr::new(ExcKind::EOFError, "EOF when reading a line"));
    }
    if line.ends_with('\n') {
        line.pop();
        if line.ends_with('\r') {
            line.pop();
        }
    }
    Ok(vm.new_str(line))
}
