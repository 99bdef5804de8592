//! Statements: control flow, assignment, definitions, exception handling and the unwinding that
//! `return`, `break` and `continue` need on their way out of `try`, `with` and loops.

use super::symtable::ScopeKind;
use super::{syntax_error, CResult, Compiler, FBlock, NameAction};
use crate::bytecode::Runtime;
use crate::bytecode::{Op, BINARY_OPS};
use crate::objects::{ObjKind, Value};
use crate::syntax::ast::*;
use std::sync::Arc;

/// What `break`, `continue` and `return` inside an `except*` clause are told.
const EXCEPT_STAR_EXIT: &str = "'break', 'continue' and 'return' cannot appear in an except* block";

impl<'a, R: Runtime> Compiler<'a, R> {
    pub(super) fn stmts(&mut self, body: &'a [Stmt]) -> CResult {
        body.iter().try_for_each(|s| self.stmt(s))
    }

    fn stmt(&mut self, s: &'a Stmt) -> CResult {
        let prev = self.set_span(s.span);
        let r = self.stmt_inner(s);
        self.set_span(prev);
        r
    }

    fn stmt_inner(&mut self, s: &'a Stmt) -> CResult {
        match &s.kind {
            StmtKind::Expr(e) => {
                self.expr(e)?;
                let top_level = self.units.len() == 1;
                if self.mode.echoes() && top_level {
                    self.emit(Op::PrintExpr);
                } else {
                    self.emit(Op::PopTop);
                }
            }
            StmtKind::Assign { targets, value } => {
                self.expr(value)?;
                for (i, t) in targets.iter().enumerate() {
                    if i + 1 < targets.len() {
                        self.emit(Op::DupTop);
                    }
                    self.store_target(t)?;
                }
            }
            StmtKind::AugAssign { target, op, value } => self.aug_assign(target, *op, value)?,
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
            } => self.ann_assign(target, annotation, value.as_ref())?,
            StmtKind::If { test, body, orelse } => {
                let to_else = self.jump_if(test, false)?;
                self.stmts(body)?;
                if orelse.is_empty() {
                    self.patch_all(to_else);
                } else {
                    let to_end = self.emit(Op::Jump(0));
                    self.patch_all(to_else);
                    self.stmts(orelse)?;
                    self.patch(to_end);
                }
            }
            StmtKind::While { test, body, orelse } => {
                let start = self.here();
                let exits = self.jump_if(test, false)?;
                let loop_id = self.begin_loop(start, false);
                self.stmts(body)?;
                self.emit(Op::Jump(start as u32));
                let breaks = self.end_loop(loop_id);
                self.patch_all(exits);
                self.stmts(orelse)?;
                for b in breaks {
                    self.patch(b);
                }
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                is_async,
            } => {
                if *is_async && !self.scope().is_coroutine {
                    return Err(syntax_error("'async for' outside async function", s.span));
                }
                self.iterable(iter)?;
                self.emit(if *is_async { Op::GetAIter } else { Op::GetIter });
                let start = self.here();
                let exit = if *is_async {
                    self.async_for_next()
                } else {
                    self.emit(Op::ForIter(0))
                };
                let loop_id = self.begin_loop(start, true);
                self.store_target(target)?;
                self.stmts(body)?;
                self.emit(Op::Jump(start as u32));
                let breaks = self.end_loop(loop_id);
                self.patch(exit);
                if *is_async {
                    self.emit(Op::EndAsyncFor);
                }
                self.stmts(orelse)?;
                for b in breaks {
                    self.patch(b);
                }
            }
            StmtKind::Break => self.break_or_continue(true, s.span)?,
            StmtKind::Continue => self.break_or_continue(false, s.span)?,
            StmtKind::Pass => {}
            StmtKind::Return(value) => {
                if !matches!(self.scope().kind, ScopeKind::Function) {
                    return Err(syntax_error("'return' outside function", s.span));
                }
                if value.is_some() && self.scope().is_coroutine && self.scope().is_generator {
                    return Err(syntax_error(
                        "'return' with value in async generator",
                        s.span,
                    ));
                }
                if self
                    .unit()
                    .fblocks
                    .iter()
                    .any(|b| matches!(b, FBlock::ExceptStar))
                {
                    return Err(syntax_error(EXCEPT_STAR_EXIT, s.span));
                }
                match value {
                    Some(v) => self.expr(v)?,
                    None => {
                        let c = self.const_none();
                        self.emit(Op::LoadConst(c));
                    }
                }
                self.unwind_all(true)?;
                self.emit(Op::ReturnValue);
            }
            StmtKind::FunctionDef(f) => self.function_def(f, s.span)?,
            StmtKind::ClassDef(c) => self.class_def(c, s.span)?,
            StmtKind::Try(t) => self.try_stmt(t)?,
            StmtKind::Raise { exc, cause } => {
                let mut n = 0;
                if let Some(e) = exc {
                    self.expr(e)?;
                    n = 1;
                    if let Some(c) = cause {
                        self.expr(c)?;
                        n = 2;
                    }
                }
                self.emit(Op::Raise(n));
            }
            StmtKind::Assert { test, msg } => {
                if let Some(w) = super::warnings::assert(test) {
                    self.warn(s.span, w);
                }
                let ok = self.jump_if(test, true)?;
                // The failure points at the test, as CPython's.
                let prev = self.set_span(test.span);
                self.emit(Op::LoadAssertionError);
                if let Some(m) = msg {
                    self.expr(m)?;
                    self.emit(Op::Call(1));
                }
                self.emit(Op::Raise(1));
                self.set_span(prev);
                self.patch_all(ok);
            }
            StmtKind::Delete(targets) => {
                for t in targets {
                    self.delete_target(t)?;
                }
            }
            StmtKind::With {
                items,
                body,
                is_async,
            } => {
                if *is_async && !self.scope().is_coroutine {
                    return Err(syntax_error("'async with' outside async function", s.span));
                }
                self.with_stmt(items, body, *is_async)?
            }
            StmtKind::Import(aliases) => {
                for a in aliases {
                    let i = self.name_idx(&a.name);
                    self.emit(Op::ImportName(i));
                    match &a.asname {
                        // ImportName pushes the module the dotted name names.
                        Some(asname) => self.name_op(asname, NameAction::Store),
                        None => {
                            let first = a.name.split('.').next().unwrap_or(&a.name).to_string();
                            if first != a.name {
                                self.emit(Op::PopTop);
                                let i = self.name_idx(&first);
                                self.emit(Op::ImportName(i));
                            }
                            self.name_op(&first, NameAction::Store);
                        }
                    }
                }
            }
            StmtKind::ImportFrom { module, names } => {
                let i = self.name_idx(module);
                self.emit(Op::ImportName(i));
                if names.len() == 1 && names[0].name == "*" {
                    self.emit(Op::ImportStar);
                } else {
                    for a in names {
                        let n = self.name_idx(&a.name);
                        self.emit(Op::ImportFrom(n));
                        let bound = a.asname.as_deref().unwrap_or(&a.name).to_string();
                        self.name_op(&bound, NameAction::Store);
                    }
                    self.emit(Op::PopTop);
                }
            }
            StmtKind::Global(_) | StmtKind::Nonlocal(_) => {}
            StmtKind::Match { subject, cases } => self.match_stmt(subject, cases)?,
        }
        Ok(())
    }

    fn begin_loop(&mut self, start: usize, is_for: bool) -> usize {
        let u = self.unit();
        let loop_id = u.breaks.len();
        u.breaks.push(Vec::new());
        u.fblocks.push(FBlock::Loop {
            start,
            loop_id,
            is_for,
        });
        loop_id
    }

    fn end_loop(&mut self, loop_id: usize) -> Vec<usize> {
        let u = self.unit();
        u.fblocks.pop();
        std::mem::take(&mut u.breaks[loop_id])
    }

    fn break_or_continue(&mut self, is_break: bool, span: Span) -> CResult {
        let saved = self.unit().fblocks.clone();
        let mut found = None;
        for i in (0..saved.len()).rev() {
            if let FBlock::ExceptStar = saved[i] {
                return Err(syntax_error(EXCEPT_STAR_EXIT, span));
            }
            if let FBlock::Loop {
                start,
                loop_id,
                is_for,
            } = saved[i]
            {
                found = Some((i, start, loop_id, is_for));
                break;
            }
        }
        let Some((loop_at, start, loop_id, is_for)) = found else {
            let msg = if is_break {
                "'break' outside loop"
            } else {
                "'continue' not properly in loop"
            };
            return Err(syntax_error(msg, span));
        };
        for i in (loop_at + 1..saved.len()).rev() {
            self.unit().fblocks.truncate(i);
            self.unwind(&saved[i], false)?;
        }
        self.unit().fblocks = saved;
        if is_break {
            if is_for {
                self.emit(Op::PopTop);
            }
            let j = self.emit(Op::Jump(0));
            self.unit().breaks[loop_id].push(j);
        } else {
            self.emit(Op::Jump(start as u32));
        }
        Ok(())
    }

    /// Undoes every enclosing block before a `return` (the value stays on top).
    fn unwind_all(&mut self, preserve_tos: bool) -> CResult {
        let saved = self.unit().fblocks.clone();
        for i in (0..saved.len()).rev() {
            self.unit().fblocks.truncate(i);
            self.unwind(&saved[i], preserve_tos)?;
        }
        self.unit().fblocks = saved;
        Ok(())
    }

    fn unwind(&mut self, fb: &FBlock<'a>, preserve_tos: bool) -> CResult {
        match fb {
            FBlock::Loop { is_for, .. } => {
                if *is_for {
                    if preserve_tos {
                        self.emit(Op::RotTwo);
                    }
                    self.emit(Op::PopTop);
                }
            }
            FBlock::TryExcept => {
                self.emit(Op::PopBlock);
            }
            FBlock::ExceptStar => {}
            FBlock::TryFinally(body) => {
                self.emit(Op::PopBlock);
                if preserve_tos {
                    self.unit().fblocks.push(FBlock::PopValue);
                }
                self.finally_copy(body)?;
                if preserve_tos {
                    self.unit().fblocks.pop();
                }
            }
            FBlock::PopValue => {
                if preserve_tos {
                    self.emit(Op::RotTwo);
                }
                self.emit(Op::PopTop);
            }
            FBlock::With { is_async } => {
                self.emit(Op::PopBlock);
                if preserve_tos {
                    self.emit(Op::RotTwo);
                }
                self.call_exit_with_nones(*is_async);
            }
            FBlock::Handler { exc_on_stack, name } => {
                if *exc_on_stack {
                    if preserve_tos {
                        self.emit(Op::RotTwo);
                    }
                    self.emit(Op::PopTop);
                }
                self.emit(Op::PopExcept);
                if let Some(n) = name {
                    self.clear_name(n);
                }
            }
        }
        Ok(())
    }

    /// Calls the `__exit__` on top of the stack with three Nones and discards the result.
    fn call_exit_with_nones(&mut self, is_async: bool) {
        let none = self.const_none();
        for _ in 0..3 {
            self.emit(Op::LoadConst(none));
        }
        self.emit(Op::Call(3));
        if is_async {
            self.await_top(2);
        }
        self.emit(Op::PopTop);
    }

    /// `except E as name:` unbinds `name` at the end of the clause, as Python does.
    pub(super) fn clear_name(&mut self, name: &str) {
        let none = self.const_none();
        self.emit(Op::LoadConst(none));
        self.name_op(name, NameAction::Store);
        self.name_op(name, NameAction::Delete);
    }

    pub(super) fn store_target(&mut self, t: &'a Expr) -> CResult {
        let prev = self.set_span(t.span);
        let r = self.store_target_inner(t);
        self.set_span(prev);
        r
    }

    fn store_target_inner(&mut self, t: &'a Expr) -> CResult {
        match &t.kind {
            ExprKind::Name(n) => self.name_op(n, NameAction::Store),
            ExprKind::Attribute { value, attr } => {
                self.expr(value)?;
                let i = self.attr_idx(attr);
                self.emit(Op::StoreAttr(i));
            }
            ExprKind::Subscript { value, index } => {
                self.expr(value)?;
                self.expr(index)?;
                self.emit(Op::StoreSubscr);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                let star = items
                    .iter()
                    .position(|e| matches!(e.kind, ExprKind::Starred(_)));
                match star {
                    None => {
                        self.emit(Op::UnpackSequence(items.len() as u32));
                    }
                    Some(at) => {
                        let after = items.len() - at - 1;
                        if items
                            .iter()
                            .filter(|e| matches!(e.kind, ExprKind::Starred(_)))
                            .count()
                            > 1
                        {
                            return Err(syntax_error(
                                "multiple starred expressions in assignment",
                                t.span,
                            ));
                        }
                        if at > 0xff || after > 0xff {
                            return Err(syntax_error(
                                "too many expressions in star-unpacking assignment",
                                t.span,
                            ));
                        }
                        self.emit(Op::UnpackEx(at as u32 | ((after as u32) << 8)));
                    }
                }
                for item in items {
                    match &item.kind {
                        ExprKind::Starred(inner) => self.store_target(inner)?,
                        _ => self.store_target(item)?,
                    }
                }
            }
            ExprKind::Starred(_) => {
                return Err(syntax_error(
                    "starred assignment target must be in a list or tuple",
                    t.span,
                ))
            }
            _ => return Err(syntax_error("cannot assign to expression", t.span)),
        }
        Ok(())
    }

    /// Calls the decorators (evaluated earlier, outermost first) on the definition on the
    /// stack, innermost first; a failing one is reported at its own `@` line.
    fn apply_decorators(&mut self, decorators: &'a [Expr]) {
        for d in decorators.iter().rev() {
            let prev = self.set_span(d.span);
            self.emit(Op::Call(1));
            self.set_span(prev);
        }
    }

    fn delete_target(&mut self, t: &'a Expr) -> CResult {
        match &t.kind {
            ExprKind::Name(n) => self.name_op(n, NameAction::Delete),
            ExprKind::Attribute { value, attr } => {
                self.expr(value)?;
                let i = self.attr_idx(attr);
                let prev = self.set_span(t.span);
                self.emit(Op::DeleteAttr(i));
                self.set_span(prev);
            }
            ExprKind::Subscript { value, index } => {
                self.expr(value)?;
                self.expr(index)?;
                let prev = self.set_span(t.span);
                self.emit(Op::DeleteSubscr);
                self.set_span(prev);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for i in items {
                    self.delete_target(i)?;
                }
            }
            _ => return Err(syntax_error("cannot delete expression", t.span)),
        }
        Ok(())
    }

    fn aug_assign(&mut self, target: &'a Expr, op: BinOp, value: &'a Expr) -> CResult {
        let opi = BINARY_OPS.iter().position(|b| *b == op).unwrap_or(0) as u32;
        match &target.kind {
            ExprKind::Name(n) => {
                self.name_op(n, NameAction::Load);
                self.expr(value)?;
                self.emit(Op::InplaceOp(opi));
                self.name_op(n, NameAction::Store);
            }
            ExprKind::Attribute { value: obj, attr } => {
                self.expr(obj)?;
                self.emit(Op::DupTop);
                let i = self.attr_idx(attr);
                self.emit(Op::LoadAttr(i));
                self.expr(value)?;
                self.emit(Op::InplaceOp(opi));
                self.emit(Op::RotTwo);
                self.emit(Op::StoreAttr(i));
            }
            ExprKind::Subscript { value: obj, index } => {
                self.expr(obj)?;
                self.expr(index)?;
                self.emit(Op::DupTopTwo);
                self.emit(Op::BinarySubscr);
                self.expr(value)?;
                self.emit(Op::InplaceOp(opi));
                self.emit(Op::RotThree);
                self.emit(Op::StoreSubscr);
            }
            _ => {
                return Err(syntax_error(
                    "'expression' is an illegal expression for augmented assignment",
                    target.span,
                ))
            }
        }
        Ok(())
    }

    fn try_stmt(&mut self, t: &'a Try) -> CResult {
        if t.finalbody.is_empty() {
            return self.try_except(t);
        }
        let setup = self.emit(Op::SetupFinally(0));
        self.unit().fblocks.push(FBlock::TryFinally(&t.finalbody));
        if t.handlers.is_empty() {
            self.stmts(&t.body)?;
        } else {
            self.try_except(t)?;
        }
        self.unit().fblocks.pop();
        self.emit(Op::PopBlock);
        self.finally_copy(&t.finalbody)?;
        let to_end = self.emit(Op::Jump(0));
        // The exceptional path: the exception is on the stack while the body runs.
        self.patch(setup);
        self.unit().fblocks.push(FBlock::Handler {
            exc_on_stack: true,
            name: None,
        });
        let after = self.finally_copy(&t.finalbody)?;
        self.unit().fblocks.pop();
        self.emit(Op::Reraise);
        self.patch(to_end);
        self.next_scope = after;
        Ok(())
    }

    /// Compiles one copy of a `finally` body (it has one on each way out of its `try`): each
    /// copy takes the body's own scopes, so the walk through the scopes is put back where it
    /// was afterwards. Returns where the walk is after the body's scopes.
    fn finally_copy(&mut self, body: &'a [Stmt]) -> CResult<usize> {
        let saved = self.next_scope;
        if let Some(start) = body
            .first()
            .and_then(|s| self.finally_scopes.get(&s.span.start))
        {
            self.next_scope = *start;
        }
        self.stmts(body)?;
        let after = self.next_scope;
        self.next_scope = saved;
        Ok(after)
    }

    fn try_except(&mut self, t: &'a Try) -> CResult {
        let setup = self.emit(Op::SetupExcept(0));
        self.unit().fblocks.push(FBlock::TryExcept);
        self.stmts(&t.body)?;
        self.unit().fblocks.pop();
        self.emit(Op::PopBlock);
        self.stmts(&t.orelse)?;
        let mut to_end = vec![self.emit(Op::Jump(0))];
        self.patch(setup);
        if t.handlers.first().is_some_and(|h| h.star) {
            self.except_star_handlers(t)?;
            for j in to_end {
                self.patch(j);
            }
            return Ok(());
        }
        for (i, h) in t.handlers.iter().enumerate() {
            let prev = self.set_span(h.span);
            let mut next = None;
            match &h.kind {
                Some(kind) => {
                    self.emit(Op::DupTop);
                    self.expr(kind)?;
                    next = Some(self.emit(Op::JumpIfNotExcMatch(0)));
                }
                None if i + 1 < t.handlers.len() => {
                    return Err(syntax_error("default 'except:' must be last", h.span));
                }
                None => {}
            }
            match &h.name {
                Some(n) => self.name_op(n, NameAction::Store),
                None => {
                    self.emit(Op::PopTop);
                }
            }
            self.unit().fblocks.push(FBlock::Handler {
                exc_on_stack: false,
                name: h.name.clone(),
            });
            self.stmts(&h.body)?;
            self.unit().fblocks.pop();
            self.emit(Op::PopExcept);
            if let Some(n) = &h.name {
                self.clear_name(n);
            }
            to_end.push(self.emit(Op::Jump(0)));
            if let Some(j) = next {
                self.patch(j);
            }
            self.set_span(prev);
        }
        // No clause matched: the exception (still on the stack) goes on up.
        self.emit(Op::Reraise);
        for j in to_end {
            self.patch(j);
        }
        Ok(())
    }

    fn with_stmt(&mut self, items: &'a [WithItem], body: &'a [Stmt], is_async: bool) -> CResult {
        let Some((first, rest)) = items.split_first() else {
            return self.stmts(body);
        };
        self.expr(&first.context)?;
        let setup = if is_async {
            // [__aexit__, awaitable of __aenter__()]: await it, then guard the body as
            // SetupWith does (the handler finds __aexit__ below the exception).
            self.emit(Op::BeforeAsyncWith);
            self.await_top(1);
            self.emit(Op::SetupAsyncWith(0))
        } else {
            self.emit(Op::SetupWith(0))
        };
        match &first.target {
            Some(t) => self.store_target(t)?,
            None => {
                self.emit(Op::PopTop);
            }
        }
        self.unit().fblocks.push(FBlock::With { is_async });
        self.with_stmt(rest, body, is_async)?;
        self.unit().fblocks.pop();
        self.emit(Op::PopBlock);
        self.call_exit_with_nones(is_async);
        let to_end = self.emit(Op::Jump(0));
        // The exceptional path: [__exit__, exc] on the stack.
        self.patch(setup);
        if is_async {
            self.emit(Op::AsyncWithExceptStart);
            self.await_top(2);
        } else {
            self.emit(Op::WithExceptStart);
        }
        let suppress = self.emit(Op::PopJumpIfTrue(0));
        self.emit(Op::Reraise);
        self.patch(suppress);
        self.emit(Op::PopTop);
        self.emit(Op::PopTop);
        self.emit(Op::PopExcept);
        self.patch(to_end);
        Ok(())
    }

    fn function_def(&mut self, f: &'a FunctionDef, span: Span) -> CResult {
        for d in &f.decorators {
            self.expr(d)?;
        }
        let qualname = self.child_qualname(&f.name);
        let first_line = f
            .decorators
            .first()
            .map(|d| self.line_of(d.span.start))
            .unwrap_or_else(|| self.line_of(span.start));
        let body = FunctionBody::Stmts(&f.body);
        self.make_function(&f.name, qualname, &f.params, body, span, first_line)?;
        self.function_annotations(&f.params, f.returns.as_ref())?;
        self.apply_decorators(&f.decorators);
        self.name_op(&f.name, NameAction::Store);
        Ok(())
    }

    /// Emits the code that creates a function object (defaults, closure, code) and leaves it
    /// on the stack.
    pub(super) fn make_function(
        &mut self,
        name: &str,
        qualname: String,
        params: &'a Parameters,
        body: FunctionBody<'a>,
        span: Span,
        first_line: u32,
    ) -> CResult {
        let mut flags = 0;
        let defaults: Vec<&Expr> = params
            .args
            .iter()
            .filter_map(|p| p.default.as_ref())
            .collect();
        if !defaults.is_empty() {
            for d in &defaults {
                self.expr(d)?;
            }
            self.emit(Op::BuildTuple(defaults.len() as u32));
            flags |= 1;
        }
        let kwdefaults: Vec<(&str, &Expr)> = params
            .kwonly
            .iter()
            .filter_map(|p| p.default.as_ref().map(|d| (p.name.as_str(), d)))
            .collect();
        if !kwdefaults.is_empty() {
            for (n, d) in &kwdefaults {
                let c = match self.mangled(n) {
                    Some(m) => self.const_str(&m),
                    None => self.const_str(n),
                };
                self.emit(Op::LoadConst(c));
                self.expr(d)?;
            }
            self.emit(Op::BuildMap(kwdefaults.len() as u32));
            flags |= 2;
        }
        let scope = self.take_scope(ScopeKind::Function, span)?;
        flags |= self.emit_closure(scope);
        self.push_unit(scope, Arc::from(name), qualname, first_line);
        {
            let u = self.unit();
            u.argcount = params.args.len() as u32;
            u.posonly_count = params.posonly_count as u32;
            u.kwonly_count = params.kwonly.len() as u32;
            u.flags.varargs = params.vararg.is_some();
            u.flags.varkw = params.kwarg.is_some();
            u.span = span;
        }
        let doc = match &body {
            FunctionBody::Stmts(stmts) => super::annotations::docstring(stmts),
            FunctionBody::Expr(_) => None,
        };
        match body {
            FunctionBody::Stmts(stmts) => {
                self.stmts(stmts)?;
                let none = self.const_none();
                self.emit(Op::LoadConst(none));
                self.emit(Op::ReturnValue);
            }
            FunctionBody::Expr(e) => {
                self.expr(e)?;
                self.emit(Op::ReturnValue);
            }
        }
        let mut code = self.pop_unit()?;
        code.doc = doc;
        let c = self.const_value(Value::new_obj(ObjKind::Code(Arc::new(code))));
        self.emit(Op::LoadConst(c));
        self.emit(Op::MakeFunction(flags));
        Ok(())
    }

    fn class_def(&mut self, c: &'a ClassDef, span: Span) -> CResult {
        for d in &c.decorators {
            self.expr(d)?;
        }
        let name = self.const_str(&c.name);
        self.emit(Op::LoadConst(name));
        // Starred bases (`class C(*mixins)`) go as one tuple; bit 17 of MakeClass's operand
        // says so.
        let starred = c
            .bases
            .iter()
            .any(|b| matches!(b.kind, ExprKind::Starred(_)));
        if starred {
            self.sequence(&c.bases, super::expr::Seq::Tuple)?;
        } else {
            for b in &c.bases {
                self.expr(b)?;
            }
        }
        // Class keywords (`metaclass=` and those for `__init_subclass__`) go in one dict above
        // the bases; bit 16 of MakeClass's operand says it is there.
        if !c.keywords.is_empty() {
            self.emit(Op::BuildMap(0));
            for k in &c.keywords {
                match &k.name {
                    Some(n) => {
                        let n = self.const_str(n);
                        self.emit(Op::LoadConst(n));
                        self.expr(&k.value)?;
                        self.emit(Op::BuildMap(1));
                    }
                    None => self.expr(&k.value)?,
                }
                self.emit(Op::DictMerge(1));
            }
        }
        let qualname = self.child_qualname(&c.name);
        let first_line = self.line_of(span.start);
        let scope = self.take_scope(ScopeKind::Class, span)?;
        let flags = self.emit_closure(scope);
        self.push_unit(
            scope,
            Arc::from(c.name.as_str()),
            qualname.clone(),
            first_line,
        );
        self.unit().span = span;
        let module_name = self.name_idx("__name__");
        self.emit(Op::LoadGlobal(module_name));
        let m = self.name_idx("__module__");
        self.emit(Op::StoreName(m));
        let q = self.const_str(&qualname);
        self.emit(Op::LoadConst(q));
        let qn = self.name_idx("__qualname__");
        self.emit(Op::StoreName(qn));
        // `__annotations__` before `__doc__`, the order of CPython's class namespace.
        self.setup_annotations(&c.body);
        if let Some(doc) = super::annotations::docstring(&c.body) {
            let d = self.const_str(&doc);
            self.emit(Op::LoadConst(d));
            let dn = self.name_idx("__doc__");
            self.emit(Op::StoreName(dn));
        }
        self.stmts(&c.body)?;
        // The body returns the `__class__` cell (if methods use `super()`), which MakeClass
        // fills with the new class.
        let class_cell = self
            .unit_ref()
            .cellvars
            .iter()
            .position(|c| c == "__class__");
        match class_cell {
            Some(i) => {
                self.emit(Op::LoadClosure(i as u32));
            }
            None => {
                let none = self.const_none();
                self.emit(Op::LoadConst(none));
            }
        }
        self.emit(Op::ReturnValue);
        let code = self.pop_unit()?;
        let k = self.const_value(Value::new_obj(ObjKind::Code(Arc::new(code))));
        self.emit(Op::LoadConst(k));
        self.emit(Op::MakeFunction(flags));
        let has_kw = (!c.keywords.is_empty() as u32) << 16;
        let bases = match starred {
            true => 1 | 1 << 17,
            false => c.bases.len() as u32,
        };
        self.emit(Op::MakeClass(bases | has_kw));
        self.apply_decorators(&c.decorators);
        self.name_op(&c.name, NameAction::Store);
        Ok(())
    }
}

/// The body of a function being compiled: statements (`def`) or one expression (`lambda`).
pub(super) enum FunctionBody<'a> {
    Stmts(&'a [Stmt]),
    Expr(&'a Expr),
}
