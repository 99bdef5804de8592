//! The caller's namespaces for the builtins that read them (`globals()`, `locals()`, `vars()`,
//! `dir()`, `eval`, `exec`), and running code in given namespaces.
//!
//! Native functions get no frame. The compiler puts a `NoteNamespaces` instruction right
//! before each call of one of these builtins by its global name; the instruction records the
//! frame's globals and locals (a snapshot dict for a function, as CPython's `locals()`) with
//! the call depth, and the builtin takes them. A builtin reached another way (through an alias,
//! say) finds nothing recorded at its depth and falls back to the `__main__` module.

use super::frame::Frame;
use super::Vm;
use crate::bytecode::Code;
use crate::objects::exception::PyResult;
use crate::objects::{DictMap, ObjKind, ObjRef, Value};
use crate::syntax::ast::{Span, Stmt, StmtKind};
use crate::vm::Runtime;
use std::any::Any;
use std::cell::RefCell;
use std::mem::ManuallyDrop;
use std::sync::Arc;

/// What `NoteNamespaces` recorded: the call depth, then `(globals, locals)`.
struct Noted {
    depth: usize,
    namespaces: Box<dyn Any>,
}

thread_local! {
    // `ManuallyDrop`: objects must not be freed from this slot's destructor at thread exit
    // (the drop queue's own thread-locals may be gone by then), so a note left unused when
    // the thread ends is leaked; every other replacement drops the old note explicitly.
    static NOTED: RefCell<Option<ManuallyDrop<Noted>>> = const { RefCell::new(None) };
}

impl<R: Runtime> Vm<R> {
    /// The builtins that live in bundled Python modules and are put into the builtins on
    /// first use (`ExceptionGroup`, `BaseExceptionGroup`, `memoryview`): the value of `name`
    /// after importing its module, `None` for any other name.
    pub(crate) fn lazy_builtin(&mut self, name: &str) -> PyResult<Option<Value<R>>, R> {
        let module = match name {
            "BaseExceptionGroup" | "ExceptionGroup" => "_exceptiongroup",
            "memoryview" => "_memoryview",
            _ => return Ok(None),
        };
        self.import_module(module)?;
        let key = self.static_key(match name {
            "BaseExceptionGroup" => "BaseExceptionGroup",
            "ExceptionGroup" => "ExceptionGroup",
            _ => "memoryview",
        });
        Ok(super::eval::dict_get(&self.interp.builtins, &key))
    }

    /// All the lazy builtins in place, for a listing of the whole builtins namespace.
    pub(crate) fn complete_builtins(&mut self) -> PyResult<(), R> {
        for name in ["ExceptionGroup", "memoryview"] {
            self.lazy_builtin(name)?;
        }
        Ok(())
    }
}

impl<R: Runtime> Vm<R> {
    /// `NoteNamespaces`: records the frame's globals and locals for the next builtin call.
    pub(super) fn note_namespaces(&mut self, frame: &Frame<R>) {
        let globals = frame.globals().clone();
        let locals = if frame.code.flags.namespace {
            frame.namespace.clone().unwrap_or_else(|| globals.clone())
        } else {
            ObjRef::new(ObjKind::Dict(crate::objects::ObjCell::new(
                self.locals_snapshot(frame),
            )))
        };
        let noted = Noted {
            depth: self.depth,
            namespaces: Box::new((globals, locals)),
        };
        let old = NOTED.with(|n| n.borrow_mut().replace(ManuallyDrop::new(noted)));
        drop(old.map(ManuallyDrop::into_inner));
    }

    /// The function frame's variables that have a value, as a dict (cells by their content).
    fn locals_snapshot(&self, frame: &Frame<R>) -> DictMap<R> {
        super::frame_object::locals_map(&frame.code, &frame.locals)
    }

    /// The `(globals, locals)` of the Python code calling the running builtin, or those of
    /// `__main__` when the call was not noted.
    pub fn caller_namespaces(&mut self) -> (ObjRef<R>, ObjRef<R>) {
        let depth = self.depth;
        let noted = NOTED.with(|n| {
            let mut n = n.borrow_mut();
            match n.as_ref() {
                Some(noted) if noted.depth == depth => n.take().map(ManuallyDrop::into_inner),
                _ => None,
            }
        });
        if let Some(noted) = noted {
            if let Ok(pair) = noted.namespaces.downcast::<(ObjRef<R>, ObjRef<R>)>() {
                return *pair;
            }
        }
        let main = self.main_module();
        let globals = match main.kind() {
            ObjKind::Module(m) => m.dict.clone(),
            _ => ObjRef::new(ObjKind::Dict(crate::objects::ObjCell::new(
                DictMap::default(),
            ))),
        };
        (globals.clone(), globals)
    }

    /// Runs a code object made by `exec`/`eval`/`compile` with these globals and locals;
    /// returns what it returns (the value of an `eval` expression).
    pub fn run_in_namespaces(
        &mut self,
        code: Arc<Code<R>>,
        globals: ObjRef<R>,
        locals: ObjRef<R>,
    ) -> PyResult<Value<R>, R> {
        let namespace = (!locals.ptr_eq(&globals)).then_some(locals);
        let mut frame = Frame::new(code, globals, namespace);
        self.run_frame_plain(&mut frame)
    }

    /// Compiles `source` as one expression (`eval`, `compile(..., 'eval')`).
    pub fn compile_eval(&self, source: &str, filename: &str) -> PyResult<Arc<Code<R>>, R> {
        self.interp
            .sources
            .lock()
            .insert(Arc::from(filename), super::SourceText::from(source));
        let fail = |e: &crate::syntax::SyntaxError| self.syntax_error_value(e, source, filename);
        let module = crate::syntax::parse_module(source).map_err(|e| fail(&e))?;
        let expr = match module.body.as_slice() {
            [Stmt {
                kind: StmtKind::Expr(e),
                ..
            }] => e,
            [first, ..] => return Err(fail(&invalid_syntax(first.span))),
            [] => return Err(fail(&invalid_syntax(Span::new(source.len(), source.len())))),
        };
        let intern = |s: &str| self.intern(s);
        let code = crate::compiler::compile_expression::<R>(expr, source, filename, &intern)
            .map_err(|e| fail(&e))?;
        self.show_syntax_warnings(filename);
        Ok(Arc::new(code))
    }
}

fn invalid_syntax(span: Span) -> crate::syntax::SyntaxError {
    crate::syntax::SyntaxError {
        kind: crate::syntax::SyntaxErrorKind::SyntaxError,
        msg: "invalid syntax".into(),
        span,
        incomplete: false,
    }
}
