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
    let mut ctx = GroupCtx::default();
    format_chain(vm, exc, &mut out, 0, &mut ctx);
    out
}

/// The report CPython's default `sys.unraisablehook` prints for an exception no one can
/// catch (a finalizer's): its own traceback and line, without its causes and contexts.
pub fn format_unraisable<R: Runtime>(vm: &mut Vm<R>, exc: &Value<R>) -> String {
    let mut out = String::new();
    let mut ctx = GroupCtx::default();
    // At the depth past which chains are not followed.
    format_chain(vm, exc, &mut out, 100, &mut ctx);
    out
}

/// Where an exception group's members are being printed: each nesting level indents by two
/// and draws a `| ` margin, as CPython's `traceback` module does.
#[derive(Default)]
struct GroupCtx {
    depth: usize,
    need_close: bool,
    /// The exceptions already on their way to the report (by address): a cause or context
    /// among them is not printed again, so a chain that loops (`raise e from e`) ends.
    seen: Vec<usize>,
}

impl GroupCtx {
    fn indent(&self) -> String {
        " ".repeat(2 * self.depth)
    }

    /// Appends `text` with every line behind the margin (`margin` is `|` or `+`).
    fn emit(&self, out: &mut String, text: &str, margin: char) {
        if self.depth == 0 {
            out.push_str(text);
            return;
        }
        let prefix = format!("{}{margin} ", self.indent());
        for line in text.split_inclusive('\n') {
            out.push_str(&prefix);
            out.push_str(line);
        }
    }
}

/// How many members of a group are printed, and how deep groups nest, before `...`.
const MAX_GROUP_WIDTH: usize = 15;
const MAX_GROUP_DEPTH: usize = 10;

/// The members of an exception group (an instance of the built-in `BaseExceptionGroup`).
fn group_members<R: Runtime>(vm: &mut Vm<R>, exc: &Value<R>) -> Option<Vec<Value<R>>> {
    let class = vm.types().class_of(exc).clone();
    let ObjKind::Class(c) = class.kind() else {
        return None;
    };
    let is_group = c.mro.iter().any(|k| {
        matches!(k.kind(), ObjKind::Class(k) if k.name == "BaseExceptionGroup" && k.module == "builtins")
    });
    if !is_group {
        return None;
    }
    let members = vm.get_attr_str(exc, "exceptions").ok()?;
    match members.kind() {
        Some(ObjKind::Tuple(t)) => Some(t.to_vec()),
        _ => None,
    }
}

fn format_chain<R: Runtime>(
    vm: &mut Vm<R>,
    exc: &Value<R>,
    out: &mut String,
    depth: usize,
    ctx: &mut GroupCtx,
) {
    let Some(ObjKind::Exception(e)) = exc.kind() else {
        ctx.emit(out, &format!("{}\n", vm.type_name(exc)), '|');
        return;
    };
    let (cause, context, suppress) = {
        let st = e.state.lock::<R>();
        (st.cause.clone(), st.context.clone(), st.suppress_context)
    };
    let addr = |v: &Value<R>| v.as_obj().map_or(0, |o| o.addr());
    ctx.seen.push(addr(exc));
    let unseen = |ctx: &GroupCtx, v: &Value<R>| !v.is_none() && !ctx.seen.contains(&addr(v));
    if depth < 100 {
        if !cause.is_none() {
            // A cause already in the report is left out, and the context with it (CPython).
            if unseen(ctx, &cause) {
                format_chain(vm, &cause, out, depth + 1, ctx);
                ctx.emit(
                    out,
                    "\nThe above exception was the direct cause of the following exception:\n\n",
                    '|',
                );
            }
        } else if unseen(ctx, &context) && !suppress {
            format_chain(vm, &context, out, depth + 1, ctx);
            ctx.emit(
                out,
                "\nDuring handling of the above exception, another exception occurred:\n\n",
                '|',
            );
        }
    }
    let members = match group_members(vm, exc) {
        Some(m) if ctx.depth <= MAX_GROUP_DEPTH => m,
        Some(_) => {
            let text = format!("... (max_group_depth is {MAX_GROUP_DEPTH})\n");
            ctx.emit(out, &text, '|');
            return;
        }
        None => {
            let mut text = String::new();
            format_one(vm, exc, &mut text, "Traceback");
            ctx.emit(out, &text, '|');
            return;
        }
    };
    let toplevel = ctx.depth == 0;
    if toplevel {
        ctx.depth += 1;
    }
    let mut text = String::new();
    format_one(vm, exc, &mut text, "Exception Group Traceback");
    let (head, rest) = match text.find('\n') {
        Some(i) if text.starts_with("Exception Group Traceback") => text.split_at(i + 1),
        _ => ("", text.as_str()),
    };
    ctx.emit(out, head, if toplevel { '+' } else { '|' });
    ctx.emit(out, rest, '|');
    let n = members.len().min(MAX_GROUP_WIDTH + 1);
    ctx.need_close = false;
    for i in 0..n {
        let last = i + 1 == n;
        if last {
            ctx.need_close = true;
        }
        let truncated = i >= MAX_GROUP_WIDTH;
        let title = if truncated {
            "...".to_string()
        } else {
            (i + 1).to_string()
        };
        let corner = if i == 0 { "+-" } else { "  " };
        out.push_str(&format!(
            "{}{corner}+---------------- {title} ----------------\n",
            ctx.indent()
        ));
        ctx.depth += 1;
        if truncated {
            let more = members.len() - MAX_GROUP_WIDTH;
            let text = format!(
                "and {more} more exception{}\n",
                if more > 1 { "s" } else { "" }
            );
            ctx.emit(out, &text, '|');
        } else {
            format_chain(vm, &members[i], out, 0, ctx);
        }
        if last && ctx.need_close {
            out.push_str(&format!(
                "{}+------------------------------------\n",
                ctx.indent()
            ));
            ctx.need_close = false;
        }
        ctx.depth -= 1;
    }
    if toplevel {
        ctx.depth = 0;
    }
}

/// One exception: its traceback (headed `title (most recent call last):`), its
/// `Type: message` line and its notes.
fn format_one<R: Runtime>(vm: &mut Vm<R>, exc: &Value<R>, out: &mut String, title: &str) {
    let Some(ObjKind::Exception(e)) = exc.kind() else {
        return;
    };
    let entries = e.state.lock::<R>().traceback.clone();
    if !entries.is_empty() {
        out.push_str(&format!("{title} (most recent call last):\n"));
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
                if let Some(marks) = caret_line(vm, &entry.filename, entry.line, entry.span) {
                    out.push_str(&marks);
                    out.push('\n');
                }
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
    format_notes(vm, exc, out);
}

/// The strings of `__notes__`, one per line, as CPython prints them after the message.
fn format_notes<R: Runtime>(vm: &mut Vm<R>, exc: &Value<R>, out: &mut String) {
    let Ok(notes) = vm.get_attr_str(exc, "__notes__") else {
        return;
    };
    let items: Vec<Value<R>> = match notes.kind() {
        Some(ObjKind::List(l)) => l.lock::<R>().clone(),
        Some(ObjKind::Tuple(t)) => t.to_vec(),
        _ => return,
    };
    for note in items {
        let text = vm
            .to_str(&note)
            .unwrap_or_else(|_| "<note str() failed>".into());
        out.push_str(&text);
        out.push('\n');
    }
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

/// The markers under line `line` of a compiled file for an instruction spanning `span`
/// (`vm::carets`), unless `-X no_debug_ranges` turned them off.
pub fn caret_line<R: Runtime>(
    vm: &Vm<R>,
    filename: &str,
    line: u32,
    span: (u32, u32),
) -> Option<String> {
    if !vm.interp.options.debug_ranges || filename.starts_with('<') {
        return None;
    }
    let src = vm.interp.sources.lock().get(filename).cloned()?;
    super::carets::caret_line(&src, line, span)
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
