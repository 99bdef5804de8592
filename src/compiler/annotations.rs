//! Annotations, kept as CPython 3.11 keeps them: a module or class body that annotates a
//! name starts by binding a fresh `__annotations__` dict and records `name: annotation` in
//! it in definition order; a `def`'s parameter and return annotations become the function's
//! `__annotations__`; annotations inside function bodies are never evaluated; under
//! `from __future__ import annotations` each is kept as its source text. Also the
//! docstring a function body starts with (its `__doc__`).

use super::symtable::ScopeKind;
use super::{CResult, Compiler, NameAction};
use crate::bytecode::{Op, Runtime};
use crate::syntax::ast::*;

impl<'a, R: Runtime> Compiler<'a, R> {
    /// At the start of a module or class body: `__annotations__ = {}` if the body annotates a
    /// name anywhere outside nested functions and classes.
    pub(super) fn setup_annotations(&mut self, body: &[Stmt]) {
        if has_annotations(body) {
            self.emit(Op::BuildMap(0));
            self.name_op("__annotations__", NameAction::Store);
        }
    }

    /// `target: annotation [= value]`
    pub(super) fn ann_assign(
        &mut self,
        target: &'a Expr,
        annotation: &'a Expr,
        value: Option<&'a Expr>,
    ) -> CResult {
        if let Some(v) = value {
            self.expr(v)?;
            self.store_target(target)?;
        }
        if self.scope().kind == ScopeKind::Function {
            return Ok(());
        }
        self.annotation(annotation)?;
        match &target.kind {
            ExprKind::Name(n) => {
                self.name_op("__annotations__", NameAction::Load);
                let k = match self.mangled(n) {
                    Some(m) => self.const_str(&m),
                    None => self.const_str(n),
                };
                self.emit(Op::LoadConst(k));
                self.emit(Op::StoreSubscr);
            }
            _ => {
                self.emit(Op::PopTop);
            }
        }
        Ok(())
    }

    /// Pushes an annotation's value: the expression's, or under `from __future__ import
    /// annotations` its source text.
    fn annotation(&mut self, ann: &'a Expr) -> CResult {
        let text = self
            .future_annotations
            .as_ref()
            .and_then(|src| src.get(ann.span.start..ann.span.end))
            .map(|t| t.to_string());
        match text {
            Some(t) => {
                let k = self.const_str(&t);
                self.emit(Op::LoadConst(k));
                Ok(())
            }
            None => self.expr(ann),
        }
    }

    /// With the new function on the stack: sets its `__annotations__` from the parameter
    /// and return annotations, if there are any.
    pub(super) fn function_annotations(
        &mut self,
        params: &'a Parameters,
        returns: Option<&'a Expr>,
    ) -> CResult {
        let all = params
            .args
            .iter()
            .chain(params.vararg.iter())
            .chain(params.kwonly.iter())
            .chain(params.kwarg.iter());
        let mut entries: Vec<(&str, &'a Expr)> = all
            .filter_map(|p| p.annotation.as_ref().map(|a| (p.name.as_str(), a)))
            .collect();
        if let Some(r) = returns {
            entries.push(("return", r));
        }
        if entries.is_empty() {
            return Ok(());
        }
        self.emit(Op::DupTop);
        for (name, ann) in &entries {
            let k = match self.mangled(name) {
                Some(m) => self.const_str(&m),
                None => self.const_str(name),
            };
            self.emit(Op::LoadConst(k));
            self.annotation(ann)?;
        }
        self.emit(Op::BuildMap(entries.len() as u32));
        self.emit(Op::RotTwo);
        let attr = self.name_idx("__annotations__");
        self.emit(Op::StoreAttr(attr));
        Ok(())
    }
}

/// Whether a body annotates a simple name at its own level (including inside `if`, loops,
/// `with`, `try` and `match` blocks, but not in nested functions or classes).
fn has_annotations(body: &[Stmt]) -> bool {
    body.iter().any(|s| match &s.kind {
        StmtKind::AnnAssign { target, .. } => matches!(target.kind, ExprKind::Name(_)),
        StmtKind::If { body, orelse, .. }
        | StmtKind::While { body, orelse, .. }
        | StmtKind::For { body, orelse, .. } => has_annotations(body) || has_annotations(orelse),
        StmtKind::With { body, .. } => has_annotations(body),
        StmtKind::Try(t) => {
            has_annotations(&t.body)
                || t.handlers.iter().any(|h| has_annotations(&h.body))
                || has_annotations(&t.orelse)
                || has_annotations(&t.finalbody)
        }
        StmtKind::Match { cases, .. } => cases.iter().any(|c| has_annotations(&c.body)),
        _ => false,
    })
}

/// The docstring a body starts with, if any.
pub(super) fn docstring(body: &[Stmt]) -> Option<std::sync::Arc<str>> {
    match &body.first()?.kind {
        StmtKind::Expr(Expr {
            kind: ExprKind::Constant(Constant::Str(s)),
            ..
        }) => Some(std::sync::Arc::from(s.as_str())),
        _ => None,
    }
}
