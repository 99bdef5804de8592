//! Syntax tree to bytecode. Names are resolved once by [`symtable`]; the code generator then
//! walks statements (`stmt.rs`) and expressions (`expr.rs`) and emits [`Op`]s with a line and
//! a source span for each, so every runtime error can name its line.
//!
//! The compiler knows nothing of the VM; it builds constants as [`Value`]s of the runtime the
//! code will run in.

mod annotations;
mod except_star;
mod expr;
mod fold;
mod future;
mod patterns;
mod peephole;
mod stmt;
pub mod symtable;
pub mod warnings;

use crate::bytecode::Runtime;
use crate::bytecode::{Code, CodeFlags, Op};
use crate::objects::{dict, ObjKind, StrObj, Value};
use crate::syntax::ast::{Expr, Module, Span, Stmt, StmtKind};
use crate::syntax::{SyntaxError, SyntaxErrorKind};
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;
use symtable::{Place, Scope, ScopeKind};

/// What the compiled code is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A file or `-c` string: expression statements discard their value.
    Module,
    /// One REPL entry: expression statements at top level echo their value.
    Interactive,
    /// `exec` and `compile(..., 'exec')`: top-level names live in the namespace dict the code
    /// runs in (which may differ from its globals), as in a class body.
    Exec,
    /// `compile(..., 'single')`: an interactive statement run by `exec`.
    Single,
}

impl Mode {
    /// Expression statements at top level echo their value.
    fn echoes(self) -> bool {
        matches!(self, Mode::Interactive | Mode::Single)
    }

    /// Top-level names go through the namespace dict (LoadName/StoreName).
    fn names_in_namespace(self) -> bool {
        matches!(self, Mode::Exec | Mode::Single)
    }
}

/// Compiles a parsed module into the code object of its top level.
/// Makes the (interned) str value for an identifier or string constant.
pub type Interner<'i, R> = &'i dyn Fn(&str) -> Value<R>;

pub fn compile<R: Runtime>(
    module: &Module,
    source: &str,
    filename: &str,
    mode: Mode,
    intern: Interner<'_, R>,
) -> Result<Code<R>, SyntaxError> {
    warnings::clear();
    let analysis = symtable::analyze(module).map_err(|(msg, span)| syntax_error(msg, span))?;
    future::check(&module.body)?;
    let mut c = Compiler {
        future_annotations: future::annotations(&module.body).then(|| source.to_string()),
        intern,
        filename: Arc::from(filename),
        line_starts: line_starts(source),
        emit_line: (0, 1),
        scopes: analysis.scopes,
        finally_scopes: analysis.finally_scopes,
        next_scope: 1,
        units: Vec::new(),
        mode,
    };
    c.push_unit(0, "<module>".into(), "<module>".into(), 1);
    // A module's docstring is its `__doc__`.
    if matches!(mode, Mode::Module | Mode::Exec) {
        if let Some(doc) = annotations::docstring(&module.body) {
            let d = c.const_str(&doc);
            c.emit(Op::LoadConst(d));
            c.name_op("__doc__", NameAction::Store);
        }
    }
    c.setup_annotations(&module.body);
    c.stmts(&module.body)?;
    let none = c.const_none();
    c.emit(Op::LoadConst(none));
    c.emit(Op::ReturnValue);
    c.pop_unit()
}

/// Compiles one expression (`eval`, `compile(..., 'eval')`) into code that returns its value;
/// names are looked up in the namespace dict, then globals, then builtins.
pub fn compile_expression<R: Runtime>(
    expr: &Expr,
    source: &str,
    filename: &str,
    intern: Interner<'_, R>,
) -> Result<Code<R>, SyntaxError> {
    let module = Module {
        body: vec![Stmt {
            kind: StmtKind::Expr(expr.clone()),
            span: expr.span,
        }],
    };
    warnings::clear();
    let analysis = symtable::analyze(&module).map_err(|(msg, span)| syntax_error(msg, span))?;
    let mut c = Compiler {
        future_annotations: None,
        intern,
        filename: Arc::from(filename),
        line_starts: line_starts(source),
        scopes: analysis.scopes,
        finally_scopes: analysis.finally_scopes,
        next_scope: 1,
        units: Vec::new(),
        mode: Mode::Exec,
        emit_line: (0, 1),
    };
    c.push_unit(0, "<module>".into(), "<module>".into(), 1);
    c.set_span(expr.span);
    c.expr(expr)?;
    c.emit(Op::ReturnValue);
    c.pop_unit()
}

/// Whether a str constant is made interned: identifier-like text, as CPython interns.
pub fn interns(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

pub(crate) fn syntax_error(msg: impl Into<String>, span: Span) -> SyntaxError {
    SyntaxError {
        kind: SyntaxErrorKind::SyntaxError,
        msg: msg.into(),
        span,
        incomplete: false,
    }
}

fn line_starts(source: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(source.match_indices('\n').map(|(i, _)| i + 1));
    v
}

/// A constant's identity for de-duplication.
#[derive(Hash, PartialEq, Eq)]
enum ConstKey {
    None,
    Bool(bool),
    Int(String),
    Float(u64),
    /// A folded tuple, by its items' debug text (types and float bits told apart).
    Tuple(String),
}

/// Where `break` and `continue` go, and what must be undone on the way out of a block.
#[derive(Clone)]
enum FBlock<'a> {
    Loop {
        start: usize,
        loop_id: usize,
        is_for: bool,
    },
    TryExcept,
    /// The body of an `except*` clause: no `break`, `continue` or `return` may leave it.
    ExceptStar,
    TryFinally(&'a [Stmt]),
    With {
        is_async: bool,
    },
    /// Inside an except clause (or a finally/with handler): `exc_on_stack` when the exception
    /// is still on the value stack, `name` when bound by `as`.
    Handler {
        exc_on_stack: bool,
        name: Option<String>,
    },
    /// A `finally` body copied into a `return`'s path: the value being returned sits on the
    /// stack under it, and a `break`, `continue` or `return` there drops it.
    PopValue,
}

/// The code object being built for one scope.
struct Unit<'a, R: Runtime> {
    scope: usize,
    name: Arc<str>,
    qualname: String,
    first_line: u32,
    ops: Vec<Op>,
    lines: Vec<u32>,
    spans: Vec<(u32, u32)>,
    consts: Vec<Value<R>>,
    const_index: HashMap<ConstKey, u32>,
    /// Str constants, looked up by text without making a key.
    str_const_index: HashMap<String, u32>,
    names: Vec<String>,
    name_index: HashMap<String, u32>,
    varnames: Vec<String>,
    /// Slot of each of `varnames`.
    varname_index: HashMap<String, u32>,
    cellvars: Vec<String>,
    freevars: Vec<String>,
    fblocks: Vec<FBlock<'a>>,
    /// Pending `break` jumps per loop id.
    breaks: Vec<Vec<usize>>,
    span: Span,
    argcount: u32,
    posonly_count: u32,
    kwonly_count: u32,
    flags: CodeFlags,
}

struct Compiler<'a, R: Runtime> {
    /// Identifiers and identifier-like constants are interned, so that name lookups compare
    /// keys by identity.
    intern: Interner<'a, R>,
    filename: Arc<str>,
    line_starts: Vec<usize>,
    /// The last source offset `emit` looked up, and its line.
    emit_line: (usize, u32),
    scopes: Vec<Scope>,
    /// Where each `finally` body's scopes start (`symtable::Analysis::finally_scopes`).
    finally_scopes: HashMap<usize, usize>,
    next_scope: usize,
    units: Vec<Unit<'a, R>>,
    mode: Mode,
    /// Under `from __future__ import annotations`: the source, whose text each annotation
    /// is kept as.
    future_annotations: Option<String>,
}

type CResult<T = ()> = Result<T, SyntaxError>;

impl<'a, R: Runtime> Compiler<'a, R> {
    fn unit(&mut self) -> &mut Unit<'a, R> {
        let n = self.units.len() - 1;
        &mut self.units[n]
    }

    fn unit_ref(&self) -> &Unit<'a, R> {
        &self.units[self.units.len() - 1]
    }

    fn scope(&self) -> &Scope {
        &self.scopes[self.unit_ref().scope]
    }

    /// Notes a SyntaxWarning at the line where `span` starts.
    fn warn(&self, span: Span, msg: String) {
        warnings::note(self.line_of(span.start), msg);
    }

    fn line_of(&self, offset: usize) -> u32 {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }

    /// Takes the next scope of the pre-order walk; it must be of the expected kind.
    fn take_scope(&mut self, kind: ScopeKind, span: Span) -> CResult<usize> {
        let idx = self.next_scope;
        match self.scopes.get(idx) {
            Some(s) if s.kind == kind => {
                self.next_scope += 1;
                Ok(idx)
            }
            _ => Err(syntax_error(
                "internal error: scope analysis out of step",
                span,
            )),
        }
    }

    fn push_unit(&mut self, scope: usize, name: Arc<str>, qualname: String, first_line: u32) {
        let s = &self.scopes[scope];
        let varnames = match s.kind {
            ScopeKind::Function | ScopeKind::Comprehension => s.local_names(),
            _ => Vec::new(),
        };
        let flags = CodeFlags {
            generator: s.is_generator || s.is_coroutine,
            coroutine: s.is_coroutine,
            async_generator: s.is_coroutine && s.is_generator,
            namespace: matches!(s.kind, ScopeKind::Module | ScopeKind::Class),
            ..CodeFlags::default()
        };

        let unit = Unit {
            scope,
            name,
            qualname,
            first_line,
            ops: Vec::new(),
            lines: Vec::new(),
            spans: Vec::new(),
            consts: Vec::new(),
            const_index: HashMap::default(),
            str_const_index: HashMap::default(),
            names: Vec::new(),
            name_index: HashMap::default(),
            varname_index: varnames
                .iter()
                .enumerate()
                .map(|(i, n)| (n.clone(), i as u32))
                .collect(),
            varnames,
            cellvars: s.cells.clone(),
            freevars: s.frees.clone(),
            fblocks: Vec::new(),
            breaks: Vec::new(),
            span: Span::default(),
            argcount: 0,
            posonly_count: 0,
            kwonly_count: 0,
            flags,
        };
        self.units.push(unit);
    }

    /// Finishes the innermost code object. Fails (as an internal error) only if the code would
    /// break the eval loop's invariant (`Code::validate`).
    fn pop_unit(&mut self) -> CResult<Code<R>> {
        let Some(mut u) = self.units.pop() else {
            return Err(syntax_error(
                "internal error: no code object to finish",
                Span::default(),
            ));
        };
        peephole::fuse(&mut u.ops, &mut u.spans);
        let max_stack = crate::bytecode::max_stack_depth(&u.ops);
        let span = u.span;
        let cell_args = u
            .cellvars
            .iter()
            .map(|c| u.varnames.iter().position(|v| v == c).map(|p| p as u32))
            .collect();
        let caches = crate::bytecode::NameCaches::for_ops(&u.ops, u.names.len());
        let code = Code {
            name: u.name,
            qualname: Arc::from(u.qualname.as_str()),
            filename: self.filename.clone(),
            first_line: u.first_line,
            flags: u.flags,
            argcount: u.argcount,
            posonly_count: u.posonly_count,
            kwonly_count: u.kwonly_count,
            varnames: u.varnames.iter().map(|s| Arc::from(s.as_str())).collect(),
            cellvars: u.cellvars.iter().map(|s| Arc::from(s.as_str())).collect(),
            freevars: u.freevars.iter().map(|s| Arc::from(s.as_str())).collect(),
            cell_args,
            consts: u.consts,
            names: u.names.iter().map(|n| self.str_key(n)).collect(),
            ops: u.ops,
            positions: crate::bytecode::Positions::Tables {
                lines: u.lines,
                spans: u.spans,
            },
            max_stack,
            doc: None,
            caches,
            lazy: None,
        };
        if code.validate() {
            Ok(code)
        } else {
            Err(syntax_error("internal error: invalid bytecode", span))
        }
    }

    /// Appends an instruction at the current source position; returns its index.
    fn emit(&mut self, op: Op) -> usize {
        let span = self.unit_ref().span;
        let line = if self.emit_line.0 == span.start {
            self.emit_line.1
        } else {
            let line = self.line_of(span.start);
            self.emit_line = (span.start, line);
            line
        };
        let u = self.unit();
        u.ops.push(op);
        u.lines.push(line);
        u.spans.push((span.start as u32, span.end as u32));
        u.ops.len() - 1
    }

    /// The index the next instruction will have.
    fn here(&self) -> usize {
        self.unit_ref().ops.len()
    }

    /// Points the forward jump at `at` to the next instruction.
    fn patch(&mut self, at: usize) {
        let target = self.here() as u32;
        self.unit().ops[at].set_jump_target(target);
    }

    /// [`Compiler::patch`] for each jump of a test (`Compiler::jump_if`).
    fn patch_all(&mut self, jumps: Vec<usize>) {
        for at in jumps {
            self.patch(at);
        }
    }

    fn set_span(&mut self, span: Span) -> Span {
        std::mem::replace(&mut self.unit().span, span)
    }

    fn add_const(&mut self, key: Option<ConstKey>, make: impl FnOnce() -> Value<R>) -> u32 {
        if let Some(k) = &key {
            if let Some(&i) = self.unit().const_index.get(k) {
                return i;
            }
        }
        let u = self.unit();
        let i = u.consts.len() as u32;
        u.consts.push(make());
        if let Some(k) = key {
            u.const_index.insert(k, i);
        }
        i
    }

    fn const_none(&mut self) -> u32 {
        self.add_const(Some(ConstKey::None), || Value::None)
    }

    fn const_str(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.unit_ref().str_const_index.get(s) {
            return i;
        }
        let v = self.str_value(s);
        let i = self.add_const(None, || v);
        self.unit().str_const_index.insert(s.to_string(), i);
        i
    }

    fn const_value(&mut self, v: Value<R>) -> u32 {
        self.add_const(None, || v)
    }

    fn name_idx(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.unit().name_index.get(name) {
            return i;
        }
        let u = self.unit();
        let i = u.names.len() as u32;
        u.names.push(name.to_string());
        u.name_index.insert(name.to_string(), i);
        i
    }

    fn deref_idx(&self, name: &str) -> Option<u32> {
        let u = self.unit_ref();
        if let Some(i) = u.cellvars.iter().position(|c| c == name) {
            return Some(i as u32);
        }
        u.freevars
            .iter()
            .position(|c| c == name)
            .map(|i| (u.cellvars.len() + i) as u32)
    }

    fn local_idx(&self, name: &str) -> Option<u32> {
        self.unit_ref().varname_index.get(name).copied()
    }

    /// `name` as written in the current scope: mangled inside a class when private (`__x`).
    fn mangled(&self, name: &str) -> Option<String> {
        symtable::mangle(self.scope().private.as_deref(), name)
    }

    /// The names-table index of an attribute name, mangled as `name_op` mangles variables.
    fn attr_idx(&mut self, attr: &str) -> u32 {
        match self.mangled(attr) {
            Some(m) => self.name_idx(&m),
            None => self.name_idx(attr),
        }
    }

    /// Emits the load, store or delete of a variable wherever it lives.
    fn name_op(&mut self, name: &str, action: NameAction) {
        if let Some(m) = self.mangled(name) {
            return self.name_op(&m, action);
        }
        let scope_kind = self.scope().kind;
        let place = self.scope().place(name);
        let op = match place {
            Place::Local => match self.local_idx(name) {
                Some(i) => match action {
                    NameAction::Load => Op::LoadFast(i),
                    NameAction::Store => Op::StoreFast(i),
                    NameAction::Delete => Op::DeleteFast(i),
                },
                None => self.global_op(name, action),
            },
            Place::Cell | Place::Free => match self.deref_idx(name) {
                Some(i) => match action {
                    NameAction::Load => Op::LoadDeref(i),
                    NameAction::Store => Op::StoreDeref(i),
                    NameAction::Delete => Op::DeleteDeref(i),
                },
                None => self.global_op(name, action),
            },
            Place::Global => self.global_op(name, action),
            Place::Name
                if scope_kind == ScopeKind::Class
                    || (scope_kind == ScopeKind::Module && self.mode.names_in_namespace()) =>
            {
                let i = self.name_idx(name);
                match action {
                    NameAction::Load => Op::LoadName(i),
                    NameAction::Store => Op::StoreName(i),
                    NameAction::Delete => Op::DeleteName(i),
                }
            }
            Place::Name => self.global_op(name, action),
        };
        self.emit(op);
    }

    fn global_op(&mut self, name: &str, action: NameAction) -> Op {
        let i = self.name_idx(name);
        match action {
            NameAction::Load => Op::LoadGlobal(i),
            NameAction::Store => Op::StoreGlobal(i),
            NameAction::Delete => Op::DeleteGlobal(i),
        }
    }

    /// Pushes the closure's cells for the scope about to be made into a function (flag 4, the
    /// count in the flags' bits from 8 up), if it has free variables. No tuple is built: the
    /// function takes the cells straight off the stack.
    fn emit_closure(&mut self, child: usize) -> u32 {
        let frees = self.scopes[child].frees.clone();
        if frees.is_empty() {
            return 0;
        }
        for f in &frees {
            match self.deref_idx(f) {
                Some(i) => {
                    self.emit(Op::LoadClosure(i));
                }
                None => {
                    // Not visible here (symtable would have made it a cell): an empty cell.
                    let c = self.const_none();
                    self.emit(Op::LoadConst(c));
                }
            }
        }
        4 | (frees.len() as u32) << 8
    }

    /// The qualified name of a function or class defined in the current unit.
    fn child_qualname(&self, name: &str) -> String {
        let u = self.unit_ref();
        match self.scope().kind {
            ScopeKind::Module => name.to_string(),
            ScopeKind::Class => format!("{}.{}", u.qualname, name),
            _ => format!("{}.<locals>.{}", u.qualname, name),
        }
    }
}

#[derive(Clone, Copy)]
enum NameAction {
    Load,
    Store,
    Delete,
}

impl<R: Runtime> Compiler<'_, R> {
    /// A str constant: interned when it looks like an identifier (as CPython does).
    fn str_value(&self, s: &str) -> Value<R> {
        if interns(s) {
            (self.intern)(s)
        } else {
            Value::new_obj(ObjKind::Str(StrObj::new(s)))
        }
    }

    fn str_key(&self, s: &str) -> dict::DictKey<R> {
        let value = (self.intern)(s);
        let hash = match value.kind() {
            Some(ObjKind::Str(s)) => s.hash(),
            _ => 0,
        };
        dict::DictKey { hash, value }
    }
}
