//! `match` statements: each `case` pattern is compiled into tests on the subject that jump to
//! a "fail" label on the first mismatch, with CPython's compile-time checks (unreachable
//! cases, names bound twice, alternatives binding different names).
//!
//! A pattern consumes its subject from the top of the stack. Items that a pattern has pushed
//! and not yet consumed (the rest of an unpacked sequence, a copy kept for `as`) are counted in
//! [`PatternContext::on_top`]; a failing test jumps to the label that pops that many items
//! before the next case (or alternative) is tried, as CPython's `fail_pop` blocks do.
//! Names are bound as soon as their sub-pattern matches.

use super::{syntax_error, CResult, Compiler, NameAction};
use crate::bytecode::{Op, Runtime};
use crate::syntax::ast::*;

struct PatternContext {
    /// Names bound so far by the pattern, in order.
    stores: Vec<String>,
    /// Whether an irrefutable pattern is allowed here (the last case, or one with a guard).
    allow_irrefutable: bool,
    /// Jumps to patch: `fail_pop[k]` are the jumps whose label pops `k` items.
    fail_pop: Vec<Vec<usize>>,
    /// Items on the stack below the current subject that a failure must pop.
    on_top: usize,
}

impl PatternContext {
    fn new(allow_irrefutable: bool) -> Self {
        PatternContext {
            stores: Vec::new(),
            allow_irrefutable,
            fail_pop: Vec::new(),
            on_top: 0,
        }
    }
}

impl<'a, R: Runtime> Compiler<'a, R> {
    pub(super) fn match_stmt(&mut self, subject: &'a Expr, cases: &'a [MatchCase]) -> CResult {
        self.expr(subject)?;
        let mut ends = Vec::new();
        for (i, case) in cases.iter().enumerate() {
            let last = i + 1 == cases.len();
            let prev = self.set_span(case.pattern.span);
            if !last {
                self.emit(Op::DupTop);
            }
            let mut pc = PatternContext::new(case.guard.is_some() || last);
            self.pattern(&case.pattern, &mut pc)?;
            if let Some(guard) = &case.guard {
                self.expr(guard)?;
                let jump = self.emit(Op::PopJumpIfFalse(0));
                record(&mut pc, 0, jump);
            }
            if !last {
                self.emit(Op::PopTop);
            }
            self.set_span(prev);
            self.stmts(&case.body)?;
            ends.push(self.emit(Op::Jump(0)));
            self.emit_fail_pops(&mut pc);
        }
        if cases.is_empty() {
            self.emit(Op::PopTop);
        }
        for e in ends {
            self.patch(e);
        }
        Ok(())
    }

    /// Places the fail labels: label `k` pops `k` items and falls into label `k - 1`.
    fn emit_fail_pops(&mut self, pc: &mut PatternContext) {
        let labels = std::mem::take(&mut pc.fail_pop);
        for (k, jumps) in labels.iter().enumerate().rev() {
            for &j in jumps {
                self.patch(j);
            }
            if k > 0 {
                self.emit(Op::PopTop);
            }
        }
    }

    /// Emits a conditional jump to the fail label when TOS is false; `extra` items of the
    /// current pattern are on the stack above the ones counted in `pc.on_top`.
    fn fail_if_false(&mut self, pc: &mut PatternContext, extra: usize) {
        let jump = self.emit(Op::PopJumpIfFalse(0));
        record(pc, pc.on_top + extra, jump);
    }

    fn store_capture(&mut self, name: &str, pc: &mut PatternContext, span: Span) -> CResult {
        if pc.stores.iter().any(|n| n == name) {
            return Err(syntax_error(
                format!("multiple assignments to name '{name}' in pattern"),
                span,
            ));
        }
        pc.stores.push(name.to_string());
        self.name_op(name, NameAction::Store);
        Ok(())
    }

    fn pattern(&mut self, p: &'a Pattern, pc: &mut PatternContext) -> CResult {
        let prev = self.set_span(p.span);
        let r = self.pattern_inner(p, pc);
        self.set_span(prev);
        r
    }

    fn pattern_inner(&mut self, p: &'a Pattern, pc: &mut PatternContext) -> CResult {
        match &p.kind {
            PatternKind::Value(e) => {
                self.expr(e)?;
                self.emit(Op::CompareOp(2));
                self.fail_if_false(pc, 0);
            }
            PatternKind::Singleton(c) => {
                let i = self.constant(c, p.span)?;
                self.emit(Op::LoadConst(i));
                self.emit(Op::IsOp(0));
                self.fail_if_false(pc, 0);
            }
            PatternKind::As {
                pattern: None,
                name,
            } => {
                if !pc.allow_irrefutable {
                    let msg = match name {
                        Some(n) => {
                            format!("name capture '{n}' makes remaining patterns unreachable")
                        }
                        None => "wildcard makes remaining patterns unreachable".to_string(),
                    };
                    return Err(syntax_error(msg, p.span));
                }
                match name {
                    Some(n) => self.store_capture(n, pc, p.span)?,
                    None => {
                        self.emit(Op::PopTop);
                    }
                }
            }
            PatternKind::As {
                pattern: Some(inner),
                name,
            } => {
                self.emit(Op::DupTop);
                pc.on_top += 1;
                self.pattern(inner, pc)?;
                pc.on_top -= 1;
                match name {
                    Some(n) => self.store_capture(n, pc, p.span)?,
                    None => {
                        self.emit(Op::PopTop);
                    }
                }
            }
            PatternKind::Star(_) => {
                return Err(syntax_error("can't use starred name here", p.span));
            }
            PatternKind::Sequence(items) => self.sequence_pattern(items, pc)?,
            PatternKind::Mapping {
                keys,
                patterns,
                rest,
            } => self.mapping_pattern(keys, patterns, rest.as_deref(), pc, p.span)?,
            PatternKind::Class {
                cls,
                patterns,
                kwd_attrs,
                kwd_patterns,
            } => {
                self.expr(cls)?;
                for attr in kwd_attrs {
                    let c = self.const_str(attr);
                    self.emit(Op::LoadConst(c));
                }
                self.emit(Op::BuildTuple(kwd_attrs.len() as u32));
                self.emit(Op::MatchClass(patterns.len() as u32));
                self.fail_if_none(pc, 0);
                let subpatterns: Vec<&'a Pattern> =
                    patterns.iter().chain(kwd_patterns.iter()).collect();
                self.emit(Op::UnpackSequence(subpatterns.len() as u32));
                self.subpatterns(&subpatterns, pc)?;
            }
            PatternKind::Or(alternatives) => self.or_pattern(alternatives, pc)?,
        }
        Ok(())
    }

    /// Fails (popping the value TOS and `extra` more) if TOS is None; keeps TOS otherwise.
    fn fail_if_none(&mut self, pc: &mut PatternContext, extra: usize) {
        self.emit(Op::DupTop);
        let none = self.const_none();
        self.emit(Op::LoadConst(none));
        self.emit(Op::IsOp(1));
        self.fail_if_false(pc, extra + 1);
    }

    /// Matches the unpacked items on the stack (first on top) against `patterns`.
    fn subpatterns(&mut self, patterns: &[&'a Pattern], pc: &mut PatternContext) -> CResult {
        let allow = std::mem::replace(&mut pc.allow_irrefutable, true);
        let below = pc.on_top;
        for (i, p) in patterns.iter().enumerate() {
            pc.on_top = below + patterns.len() - i - 1;
            if matches!(p.kind, PatternKind::Star(_)) {
                if let PatternKind::Star(name) = &p.kind {
                    match name {
                        Some(n) => self.store_capture(n, pc, p.span)?,
                        None => {
                            self.emit(Op::PopTop);
                        }
                    }
                }
                continue;
            }
            self.pattern(p, pc)?;
        }
        pc.on_top = below;
        pc.allow_irrefutable = allow;
        Ok(())
    }

    fn sequence_pattern(&mut self, items: &'a [Pattern], pc: &mut PatternContext) -> CResult {
        let star = items
            .iter()
            .position(|p| matches!(p.kind, PatternKind::Star(_)));
        self.emit(Op::MatchSequence);
        self.fail_if_false(pc, 1);
        let fixed = items.len() - usize::from(star.is_some());
        if star.is_none() || fixed > 0 {
            self.emit(Op::GetLen);
            let n = self.int_const(&fixed.to_string());
            self.emit(Op::LoadConst(n));
            self.emit(Op::CompareOp(if star.is_some() { 5 } else { 2 }));
            self.fail_if_false(pc, 1);
        }
        match star {
            Some(at) => {
                let after = items.len() - at - 1;
                self.emit(Op::UnpackEx((at | (after << 8)) as u32));
            }
            None => {
                self.emit(Op::UnpackSequence(items.len() as u32));
            }
        }
        let refs: Vec<&'a Pattern> = items.iter().collect();
        self.subpatterns(&refs, pc)
    }

    fn mapping_pattern(
        &mut self,
        keys: &'a [Expr],
        patterns: &'a [Pattern],
        rest: Option<&str>,
        pc: &mut PatternContext,
        span: Span,
    ) -> CResult {
        self.emit(Op::MatchMapping);
        self.fail_if_false(pc, 1);
        if keys.is_empty() && rest.is_none() {
            self.emit(Op::PopTop);
            return Ok(());
        }
        if !keys.is_empty() {
            self.emit(Op::GetLen);
            let n = self.int_const(&keys.len().to_string());
            self.emit(Op::LoadConst(n));
            self.emit(Op::CompareOp(5));
            self.fail_if_false(pc, 1);
        }
        let mut seen: Vec<String> = Vec::new();
        for k in keys {
            if let Some(text) = literal_key(k) {
                if seen.contains(&text) {
                    return Err(syntax_error(
                        format!("mapping pattern checks duplicate key ({text})"),
                        span,
                    ));
                }
                seen.push(text);
            }
            self.expr(k)?;
        }
        self.emit(Op::BuildTuple(keys.len() as u32));
        self.emit(Op::MatchKeys);
        self.fail_if_none(pc, 2);
        self.emit(Op::RotThree);
        match rest {
            Some(name) => {
                self.emit(Op::CopyDictWithout);
                pc.on_top += 1;
                self.store_capture(name, pc, span)?;
                pc.on_top -= 1;
            }
            None => {
                self.emit(Op::PopTop);
                self.emit(Op::PopTop);
            }
        }
        self.emit(Op::UnpackSequence(keys.len() as u32));
        let refs: Vec<&'a Pattern> = patterns.iter().collect();
        self.subpatterns(&refs, pc)
    }

    fn or_pattern(&mut self, alternatives: &'a [Pattern], pc: &mut PatternContext) -> CResult {
        let mut ends = Vec::new();
        let mut first_names: Option<Vec<String>> = None;
        for (i, alt) in alternatives.iter().enumerate() {
            let last = i + 1 == alternatives.len();
            self.emit(Op::DupTop);
            let mut sub = PatternContext::new(last && pc.allow_irrefutable);
            self.pattern(alt, &mut sub)?;
            let mut names = sub.stores.clone();
            names.sort();
            match &first_names {
                None => first_names = Some(names),
                Some(first) if *first != names => {
                    return Err(syntax_error(
                        "alternative patterns bind different names",
                        alt.span,
                    ));
                }
                Some(_) => {}
            }
            for n in &sub.stores {
                if pc.stores.contains(n) {
                    return Err(syntax_error(
                        format!("multiple assignments to name '{n}' in pattern"),
                        alt.span,
                    ));
                }
            }
            if last {
                pc.stores.extend(sub.stores.iter().cloned());
            }
            // Matched: drop the subject kept for the other alternatives.
            self.emit(Op::PopTop);
            ends.push(self.emit(Op::Jump(0)));
            self.emit_fail_pops(&mut sub);
        }
        // No alternative matched: the subject is still on the stack.
        let jump = self.emit(Op::Jump(0));
        record(pc, pc.on_top + 1, jump);
        for e in ends {
            self.patch(e);
        }
        Ok(())
    }
}

fn record(pc: &mut PatternContext, pops: usize, jump: usize) {
    if pc.fail_pop.len() <= pops {
        pc.fail_pop.resize(pops + 1, Vec::new());
    }
    pc.fail_pop[pops].push(jump);
}

/// The repr of a literal mapping key, to find keys written twice.
fn literal_key(e: &Expr) -> Option<String> {
    match &e.kind {
        ExprKind::Constant(Constant::Str(s)) => Some(format!("'{s}'")),
        ExprKind::Constant(Constant::Int(d)) => Some(d.clone()),
        ExprKind::Constant(Constant::None) => Some("None".into()),
        ExprKind::Constant(Constant::Bool(b)) => Some(if *b { "True" } else { "False" }.into()),
        ExprKind::UnaryOp {
            op: UnaryOp::Neg,
            operand,
        } => match &operand.kind {
            ExprKind::Constant(Constant::Int(d)) => Some(format!("-{d}")),
            _ => None,
        },
        _ => None,
    }
}
