//! Printing an uncaught exception as CPython does: the chain of causes and contexts, each with
//! "Traceback (most recent call last):", a `File ..., line N, in name` line and the source line
//! per frame, and the final `Type: message` line. Syntax errors print the offending line with a
//! caret instead.

use super::Vm;
use crate::objects::exception::ExcKind;
use crate::objects::{ObjKind, Value};
use crate::vm::Runtime;

/// The whole report for an uncaught exception, ending with a newline.
pub fn format_exception<R: Runtime>(vm: &mut Vm<R>, exc: &Value<R>) -> String {
    let mut out = String::new();
    format_chain(vm, exc, &mut out, 0);
    out
}

fn format_chain<R: Runtime>(vm: &mut Vm<R>, exc: &Value<R>, out: &mut String, depth: usize) {
    let Some(ObjKind::Exception(e)) = exc.kind() else {
        out.push_str(&format!("{}\n", vm.type_name(exc)));
        return;
    };
    let (cause, context, suppress) = {
        let st = e.state.lock::<R>();
        (st.cause.clone(), st.context.clone(), st.suppress_context)
    };
    if depth < 100 {
        if !cause.is_none() {
            format_chain(vm, &cause, out, depth + 1);
            out.push_str(
                "\nThe above exception was the direct cause of the following exception:\n\n",
            );
        } else if !context.is_none() && !suppress {
            format_chain(vm, &context, out, depth + 1);
            out.push_str(
                "\nDuring handling of the above exception, another exception occurred:\n\n",
            );
        }
    }
    format_one(vm, exc, out);
}

fn format_one<R: Runtime>(vm: &mut Vm<R>, exc: &Value<R>, out: &mut String) {
    let Some(ObjKind::Exception(e)) = exc.kind() else {
        return;
    };
    let entries = e.state.lock::<R>().traceback.clone();
    if !entries.is_empty() {
        out.push_str("Traceback (most recent call last):\n");
        // Entries were added innermost first.
        let mut repeated = 0usize;
        let mut last: Option<(String, u32, String)> = None;
        for entry in entries.iter().rev() {
            let this = (
                entry.filename.to_string(),
                entry.line,
                entry.name.to_string(),
            );
            if last.as_ref() == Some(&this) {
                repeated += 1;
                if repeated >= 3 {
                    continue;
                }
            } else {
                flush_repeats(out, repeated);
                repeated = 0;
            }
            last = Some(this);
            out.push_str(&format!(
                "  File \"{}\", line {}, in {}\n",
                entry.filename, entry.line, entry.name
            ));
            if let Some(line) = source_line(vm, &entry.filename, entry.line) {
                out.push_str(&format!("    {line}\n"));
            }
        }
        flush_repeats(out, repeated);
    }
    let kind = vm.exception_kind_of(exc);
    if matches!(
        kind,
        Some(ExcKind::SyntaxError | ExcKind::IndentationError | ExcKind::TabError)
    ) {
        format_syntax_error(vm, exc, out);
        return;
    }
    out.push_str(&exception_line(vm, exc));
    out.push('\n');
}

fn flush_repeats(out: &mut String, repeated: usize) {
    if repeated >= 3 {
        let n = repeated - 2;
        out.push_str(&format!(
            "  [Previous line repeated {n} more time{}]\n",
            if n == 1 { "" } else { "s" }
        ));
    }
}

/// `Type: message` (or just `Type` when the message is empty).
pub fn exception_line<R: Runtime>(vm: &mut Vm<R>, exc: &Value<R>) -> String {
    let class = vm.types().class_of(exc).clone();
    let name = match class.kind() {
        ObjKind::Class(c) if c.module == "builtins" || c.module == "__main__" => c.qualname.clone(),
        ObjKind::Class(c) => format!("{}.{}", c.module, c.qualname),
        _ => "Exception".into(),
    };
    let msg = vm
        .to_str(exc)
        .unwrap_or_else(|_| "<exception str() failed>".into());
    if msg.is_empty() {
        name
    } else {
        format!("{name}: {msg}")
    }
}

fn format_syntax_error<R: Runtime>(vm: &mut Vm<R>, exc: &Value<R>, out: &mut String) {
    let get = |vm: &mut Vm<R>, name: &str| vm.get_attr_str(exc, name).ok();
    let filename = get(vm, "filename")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let lineno = match get(vm, "lineno") {
        Some(Value::Int(i)) => i,
        _ => 0,
    };
    let offset = match get(vm, "offset") {
        Some(Value::Int(i)) => i,
        _ => 0,
    };
    let end_offset = match get(vm, "end_offset") {
        Some(Value::Int(i)) => i,
        _ => offset,
    };
    let text = get(vm, "text")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let msg = get(vm, "msg")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    out.push_str(&format!("  File \"{filename}\", line {lineno}\n"));
    let stripped = text.trim_start();
    let indent = text.chars().count() - stripped.chars().count();
    let shown = stripped.trim_end();
    if !shown.is_empty() {
        out.push_str(&format!("    {shown}\n"));
        let col = (offset as usize).saturating_sub(1).saturating_sub(indent);
        let width = ((end_offset - offset).max(1) as usize)
            .min(shown.chars().count().saturating_sub(col).max(1));
        out.push_str(&format!("    {}{}\n", " ".repeat(col), "^".repeat(width)));
    }
    let kind = vm.type_name(exc);
    out.push_str(&format!("{kind}: {msg}\n"));
}

/// Line `line` of a compiled file, stripped, if its source is known.
pub fn source_line<R: Runtime>(vm: &Vm<R>, filename: &str, line: u32) -> Option<String> {
    // Like CPython: code from `-c`, stdin or the REPL has no file to show lines from.
    if filename.starts_with('<') {
        return None;
    }

    let sources = vm.interp.sources.lock();
    let src = sources.get(filename)?;
    let text = src.lines().nth((line as usize).checked_sub(1)?)?;
    let t = text.trim();
    if t.is_empty() {
        None
    } else {
        Some(t.to_string())
    }
}
