//! Exceptions as the VM handles them: matching `except` clauses, turning `raise` arguments into
//! exception objects, SyntaxError objects, what an uncaught exception means for the process
//! (its exit status).

use super::Vm;
use crate::objects::class::Layout;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{ObjKind, Value};
use crate::syntax::SyntaxError;
use crate::vm::Runtime;

/// What the process should do after the main program ended with an exception.
pub enum ExitStatus {
    /// `sys.exit(n)`: exit quietly with this status (after printing a message, if any).
    Exit { code: i32, message: Option<String> },
    /// Any other exception: print the traceback, exit 1 (130 for KeyboardInterrupt).
    Traceback { text: String, code: i32 },
}

impl<R: Runtime> Vm<R> {
    /// `except class:` — class may be a tuple of classes.
    pub fn exception_matches(&mut self, exc: &Value<R>, class: &Value<R>) -> PyResult<bool, R> {
        match class.kind() {
            Some(ObjKind::Tuple(items)) => {
                let items = items.to_vec();
                for c in &items {
                    if self.exception_matches(exc, c)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Some(ObjKind::Class(c)) if c.layout == Layout::Exception => match class {
                Value::Obj(o) => Ok(self.isinstance_class(exc, o)),
                _ => Ok(false),
            },
            _ => Err(PyErr::type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            )),
        }
    }

    /// The cause of `raise X from Y`: as `raise Y` makes it, with CPython's own text for
    /// what is not an exception.
    pub fn cause_from_raise_arg(&mut self, v: Value<R>) -> PyResult<Value<R>, R> {
        let is_class = matches!(v.kind(), Some(ObjKind::Class(c)) if c.layout == Layout::Exception);
        if !is_class && !matches!(v.kind(), Some(ObjKind::Exception(_))) {
            return Err(PyErr::type_error(
                "exception causes must derive from BaseException",
            ));
        }
        self.exception_from_raise_arg(v)
    }

    /// The exception object for `raise X`: an instance, or a class to instantiate.
    pub fn exception_from_raise_arg(&mut self, v: Value<R>) -> PyResult<Value<R>, R> {
        match v.kind() {
            Some(ObjKind::Exception(_)) => Ok(v),
            Some(ObjKind::Class(c)) if c.layout == Layout::Exception => {
                let e = self.call(&v, Vec::new(), Vec::new())?;
                if matches!(e.kind(), Some(ObjKind::Exception(_))) {
                    Ok(e)
                } else {
                    Err(PyErr::type_error(format!(
                        "calling {} should have returned an instance of BaseException, not {}",
                        self.repr(&v)?,
                        self.type_name(&e)
                    )))
                }
            }
            _ => Err(PyErr::type_error(
                "exceptions must derive from BaseException",
            )),
        }
    }

    /// A SyntaxError (or IndentationError) object for a parse or compile failure.
    pub fn syntax_error_value(&self, e: &SyntaxError, source: &str, filename: &str) -> PyErr<R> {
        let kind = match e.kind.name() {
            "IndentationError" => ExcKind::IndentationError,
            "TabError" => ExcKind::TabError,
            _ => ExcKind::SyntaxError,
        };
        let (line, col) = line_col(source, e.span.start);
        let end_col = if line_col(source, e.span.end).0 == line {
            line_col(source, e.span.end).1
        } else {
            col
        };
        let text = source
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or("")
            .to_string();
        // The line with its newline (CPython's tokenizer ends the last line with one too).
        let text = format!("{text}\n");
        let class = self.types().exception(kind).clone();
        let msg = self.new_str(e.msg.as_str());
        let end_offset = end_col.max(col) as i64;
        // `(msg, (filename, lineno, offset, text, end_lineno, end_offset))`, as CPython's.
        let location = vec![
            self.new_str(filename),
            Value::Int(line as i64),
            Value::Int(col as i64),
            self.new_str(text.as_str()),
            Value::Int(line as i64),
            Value::Int(end_offset),
        ];
        let location = self.new_tuple(location);
        let args = self.new_tuple(vec![msg.clone(), location]);
        let exc = Value::new_obj(ObjKind::Exception(Box::new(crate::objects::ExceptionObj {
            class,
            state: crate::objects::ObjCell::new(crate::objects::ExcState {
                args,
                dict: Default::default(),
                traceback: Vec::new(),
                traceback_object: Value::None,
                cause: Value::None,
                context: Value::None,
                suppress_context: false,
            }),
        })));
        if let Some(ObjKind::Exception(x)) = exc.kind() {
            let mut st = x.state.lock::<R>();
            let fields: [(&str, Value<R>); 8] = [
                ("msg", msg),
                ("filename", self.new_str(filename)),
                ("lineno", Value::Int(line as i64)),
                ("offset", Value::Int(col as i64)),
                ("end_lineno", Value::Int(line as i64)),
                ("end_offset", Value::Int(end_offset)),
                ("text", self.new_str(text)),
                ("incomplete", Value::Bool(e.incomplete)),
            ];
            for (k, v) in fields {
                st.dict.insert(self.str_key(k), v);
            }
        }
        match exc {
            Value::Obj(o) => PyErr::Object(o),
            _ => PyErr::new(kind, e.msg.clone()),
        }
    }

    /// What an uncaught exception means for the process.
    pub fn exit_status(&mut self, err: PyErr<R>) -> ExitStatus {
        let exc = self.materialize(err);
        match self.exception_kind_of(&exc) {
            Some(ExcKind::SystemExit) => {
                let code = self.get_attr_str(&exc, "code").unwrap_or(Value::None);
                match code {
                    Value::None => ExitStatus::Exit {
                        code: 0,
                        message: None,
                    },
                    Value::Int(i) => ExitStatus::Exit {
                        code: i as i32,
                        message: None,
                    },
                    Value::Bool(b) => ExitStatus::Exit {
                        code: b as i32,
                        message: None,
                    },
                    other => {
                        let message = self.to_str(&other).unwrap_or_default();
                        ExitStatus::Exit {
                            code: 1,
                            message: Some(message),
                        }
                    }
                }
            }
            kind => {
                let text = super::traceback::format_exception(self, &exc);
                let code = if kind == Some(ExcKind::KeyboardInterrupt) {
                    130
                } else {
                    1
                };
                ExitStatus::Traceback { text, code }
            }
        }
    }

    /// The exception's `__traceback__`: a traceback object once it has been raised, the same
    /// one while its entries stay as they are.
    pub fn traceback_of(&self, exc: &Value<R>) -> Value<R> {
        let Some(ObjKind::Exception(e)) = exc.kind() else {
            return Value::None;
        };
        let entries = {
            let st = e.state.lock::<R>();
            if !st.traceback_object.is_none() || st.traceback.is_empty() {
                return st.traceback_object.clone();
            }
            st.traceback.clone()
        };
        // The entries go with the object, so `other.__traceback__ = tb` can copy them.
        let tb = self.new_traceback(entries);
        let mut st = e.state.lock::<R>();
        let old = std::mem::replace(&mut st.traceback_object, tb.clone());
        drop(st);
        drop(old);
        tb
    }

    /// The REPL's echo of an expression statement.
    pub fn print_expr(&mut self, v: Value<R>) -> PyResult<(), R> {
        if v.is_none() {
            return Ok(());
        }
        let text = self.repr(&v)?;
        super::io::write_stdout(&format!("{text}\n"));
        let key = self.static_key("_");
        super::eval::dict_set(&self.interp.builtins, key, v);
        Ok(())
    }
}

/// 1-based line and column of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source[..floor_char_boundary(source, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = source[line_start..floor_char_boundary(source, offset)]
        .chars()
        .count()
        + 1;
    (line, col)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Prints what an uncaught exception says and returns the exit status.
pub fn report<R: Runtime>(vm: &mut Vm<R>, e: PyErr<R>) -> i32 {
    let e = match vm.materialize(e) {
        Value::Obj(o) => {
            if let Some(code) = custom_excepthook(vm, &Value::Obj(o.clone())) {
                return code;
            }
            PyErr::Object(o)
        }
        other => PyErr::new(ExcKind::SystemError, vm.repr(&other).unwrap_or_default()),
    };
    match vm.exit_status(e) {
        ExitStatus::Exit { code, message } => {
            if let Some(m) = message {
                super::io::write_stderr(&format!("{m}\n"));
            }
            code
        }
        ExitStatus::Traceback { text, code } => {
            super::io::write_stderr(&text);
            code
        }
    }
}

/// A `sys.excepthook` the program replaced is called for an uncaught exception (other than
/// SystemExit) instead of printing it; the exit status, or `None` to print as usual. A hook
/// that fails gets both tracebacks printed, as CPython does.
fn custom_excepthook<R: Runtime>(vm: &mut Vm<R>, exc: &Value<R>) -> Option<i32> {
    let kind = vm.exception_kind_of(exc);
    if kind == Some(ExcKind::SystemExit) {
        return None;
    }
    let sys = vm.sys_modules_get("sys")?;
    let Some(ObjKind::Module(sys)) = sys.kind() else {
        return None;
    };
    let (hook, original) = match sys.dict.kind() {
        ObjKind::Dict(d) => {
            let d = d.lock::<R>();
            (
                d.get(&vm.static_key("excepthook")).cloned(),
                d.get(&vm.static_key("__excepthook__")).cloned(),
            )
        }
        _ => return None,
    };
    let hook = hook?;
    if original.is_some_and(|o| o.is(&hook)) {
        return None;
    }
    let class = Value::Obj(vm.types().class_of(exc).clone());
    let tb = vm.traceback_of(exc);
    if let Err(e) = vm.call(&hook, vec![class, exc.clone(), tb], Vec::new()) {
        let failure = vm.materialize(e);
        let text = format!(
            "Error in sys.excepthook:\n{}\nOriginal exception was:\n{}",
            super::traceback::format_exception(vm, &failure),
            super::traceback::format_exception(vm, exc)
        );
        super::io::write_stderr(&text);
    }
    Some(if kind == Some(ExcKind::KeyboardInterrupt) {
        130
    } else {
        1
    })
}
