//! Expressions: operators, calls (with the fast paths for plain and method calls), displays,
//! comprehensions (compiled as nested functions, as CPython does), f-strings and lambdas.

use super::fold::{self, Lit};
use super::stmt::FunctionBody;
use super::symtable::{Place, ScopeKind};
use super::{syntax_error, CResult, Compiler, ConstKey, NameAction};
use crate::bytecode::Runtime;
use crate::bytecode::{Op, BINARY_OPS};
use crate::objects::{int, set, ObjKind, Value};
use crate::syntax::ast::*;
use num_bigint::BigInt;
use num_traits::ToPrimitive;
use std::sync::Arc;

impl<'a, R: Runtime> Compiler<'a, R> {
    pub(super) fn expr(&mut self, e: &'a Expr) -> CResult {
        let prev = self.set_span(e.span);
        let r = self.expr_inner(e);
        self.set_span(prev);
        r
    }

    fn expr_inner(&mut self, e: &'a Expr) -> CResult {
        match &e.kind {
            ExprKind::Name(n) => self.name_op(n, NameAction::Load),
            ExprKind::Constant(c) => {
                let i = self.constant(c, e.span)?;
                self.emit(Op::LoadConst(i));
            }
            ExprKind::FString(parts) => self.fstring(parts)?,
            ExprKind::BoolOp { op, values } => {
                let mut ends = Vec::new();
                for (i, v) in values.iter().enumerate() {
                    self.expr(v)?;
                    if i + 1 < values.len() {
                        let j = match op {
                            BoolOp::And => Op::JumpIfFalseOrPop(0),
                            BoolOp::Or => Op::JumpIfTrueOrPop(0),
                        };
                        ends.push(self.emit(j));
                    }
                }
                for j in ends {
                    self.patch(j);
                }
            }
            ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } | ExprKind::Tuple(_)
                if self.load_folded(e) => {}
            ExprKind::BinOp { left, op, right } => {
                self.expr(left)?;
                self.expr(right)?;
                let i = BINARY_OPS.iter().position(|b| b == op).unwrap_or(0);
                self.emit(Op::BinaryOp(i as u32));
            }
            ExprKind::UnaryOp { op, operand } => {
                // `-5` is a constant, so that `-9223372036854775808` needs no big int.
                if let (UnaryOp::Neg, ExprKind::Constant(Constant::Int(digits))) =
                    (op, &operand.kind)
                {
                    let c = self.int_const(&format!("-{digits}"));
                    self.emit(Op::LoadConst(c));
                    return Ok(());
                }
                self.expr(operand)?;
                let i = match op {
                    UnaryOp::Not => 0,
                    UnaryOp::Neg => 1,
                    UnaryOp::Pos => 2,
                    UnaryOp::Invert => 3,
                };
                self.emit(Op::UnaryOp(i));
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => {
                if let Some(w) = super::warnings::compare(left, ops, comparators) {
                    self.warn(e.span, w);
                }
                self.compare(left, ops, comparators)?
            }
            ExprKind::IfExp { test, body, orelse } => {
                let to_else = self.jump_if(test, false)?;
                self.expr(body)?;
                let to_end = self.emit(Op::Jump(0));
                self.patch_all(to_else);
                self.expr(orelse)?;
                self.patch(to_end);
            }
            ExprKind::Lambda { params, body } => {
                let qualname = self.child_qualname("<lambda>");
                let line = self.line_of(e.span.start);
                self.make_function(
                    "<lambda>",
                    qualname,
                    params,
                    FunctionBody::Expr(body),
                    e.span,
                    line,
                )?;
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                if let Some(w) = super::warnings::call(func) {
                    self.warn(e.span, w);
                }
                self.call(func, args, keywords, e.span)?
            }
            ExprKind::Attribute { value, attr } => {
                self.expr(value)?;
                let i = self.attr_idx(attr);
                self.emit(Op::LoadAttr(i));
            }
            ExprKind::Subscript { value, index } => {
                for w in super::warnings::subscript(value, index) {
                    self.warn(e.span, w);
                }
                self.expr(value)?;
                self.expr(index)?;
                self.emit(Op::BinarySubscr);
            }
            ExprKind::Slice { lower, upper, step } => {
                for part in [lower, upper] {
                    match part {
                        Some(x) => self.expr(x)?,
                        None => {
                            let c = self.const_none();
                            self.emit(Op::LoadConst(c));
                        }
                    }
                }
                match step {
                    Some(s) => {
                        self.expr(s)?;
                        self.emit(Op::BuildSlice(3));
                    }
                    None => {
                        self.emit(Op::BuildSlice(2));
                    }
                }
            }
            ExprKind::List(items) => self.sequence(items, Seq::List)?,
            ExprKind::Tuple(items) => self.sequence(items, Seq::Tuple)?,
            ExprKind::Set(items) => self.sequence(items, Seq::Set)?,
            ExprKind::Dict(pairs) => self.dict_display(pairs)?,
            ExprKind::ListComp { elt, generators } => {
                self.comprehension(Comp::List, &[elt], generators, e.span)?
            }
            ExprKind::SetComp { elt, generators } => {
                self.comprehension(Comp::Set, &[elt], generators, e.span)?
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(Comp::Generator, &[elt], generators, e.span)?
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension(Comp::Dict, &[key, value], generators, e.span)?,
            ExprKind::Starred(_) => {
                return Err(syntax_error("can't use starred expression here", e.span));
            }
            ExprKind::Yield(v) => {
                self.check_in_function("'yield' outside function", e.span)?;
                match v {
                    Some(x) => self.expr(x)?,
                    None => {
                        let c = self.const_none();
                        self.emit(Op::LoadConst(c));
                    }
                }
                self.emit(Op::YieldValue);
            }
            ExprKind::YieldFrom(v) => {
                self.check_in_function("'yield' outside function", e.span)?;
                if self.scope().is_coroutine {
                    return Err(syntax_error("'yield from' inside async function", e.span));
                }
                self.expr(v)?;
                self.emit(Op::GetIter);
                let c = self.const_none();
                self.emit(Op::LoadConst(c));
                let start = self.here();
                let exit = self.emit(Op::Send(0));
                self.emit(Op::YieldValue);
                self.emit(Op::Jump(start as u32));
                self.patch(exit);
            }
            ExprKind::Await(v) => {
                if !self.scope().is_coroutine {
                    let msg = match self.scope().kind {
                        ScopeKind::Function | ScopeKind::Comprehension => {
                            "'await' outside async function"
                        }
                        _ => "'await' outside function",
                    };
                    return Err(syntax_error(msg, e.span));
                }
                self.expr(v)?;
                self.await_top(0);
            }
            ExprKind::NamedExpr { target, value } => {
                self.expr(value)?;
                self.emit(Op::DupTop);
                self.name_op(target, NameAction::Store);
            }
        }
        Ok(())
    }

    /// Awaits TOS: turns it into the iterator `await` drives (`where_` names the source for
    /// the error text, as `GetAwaitable`'s operand) and delegates to it as `yield from` does,
    /// leaving its result on the stack.
    pub(super) fn await_top(&mut self, where_: u32) {
        self.emit(Op::GetAwaitable(where_));
        let c = self.const_none();
        self.emit(Op::LoadConst(c));
        let start = self.here();
        let exit = self.emit(Op::Send(0));
        self.emit(Op::YieldValue);
        self.emit(Op::Jump(start as u32));
        self.patch(exit);
    }

    /// The next item of the async iterator TOS (kept below it) on top, or a jump to `t` past
    /// the loop when it raises StopAsyncIteration (`EndAsyncFor` there pops the iterator).
    pub(super) fn async_for_next(&mut self) -> usize {
        let handler = self.emit(Op::SetupExcept(0));
        self.emit(Op::GetANext);
        self.await_top(0);
        self.emit(Op::PopBlock);
        handler
    }

    fn check_in_function(&self, msg: &str, span: Span) -> CResult {
        match self.scope().kind {
            ScopeKind::Function | ScopeKind::Comprehension => Ok(()),
            _ => Err(syntax_error(msg, span)),
        }
    }

    pub(super) fn int_const(&mut self, digits: &str) -> u32 {
        let key = ConstKey::Int(digits.to_string());
        self.add_const(Some(key), || match digits.parse::<i64>() {
            Ok(i) => Value::Int(i),
            Err(_) => match digits.parse::<BigInt>() {
                Ok(b) => int::from_bigint(b),
                Err(_) => Value::Int(0),
            },
        })
    }

    /// Loads the constant `e` folds to (see `fold.rs`), if it folds.
    fn load_folded(&mut self, e: &Expr) -> bool {
        match fold::fold(e) {
            Some(lit) => {
                let c = self.lit_const(&lit);
                self.emit(Op::LoadConst(c));
                true
            }
            None => false,
        }
    }

    /// Loads a list display of constants that is only iterated or searched as the tuple
    /// constant of its items (`x in [1, 2]`), as CPython does; else compiles it as it is.
    pub(super) fn iterable(&mut self, e: &'a Expr) -> CResult {
        match fold::fold_list_as_tuple(e).or_else(|| fold::fold_set_as_frozenset(e)) {
            Some(lit) => {
                let prev = self.set_span(e.span);
                let c = self.lit_const(&lit);
                self.emit(Op::LoadConst(c));
                self.set_span(prev);
                Ok(())
            }
            None => self.expr(e),
        }
    }

    fn lit_const(&mut self, lit: &Lit) -> u32 {
        match lit {
            Lit::Int(n) => self.int_const(&n.to_string()),
            Lit::Str(s) => self.const_str(s),
            Lit::Float(f) => {
                self.add_const(Some(ConstKey::Float(f.to_bits())), || Value::Float(*f))
            }
            Lit::Bool(b) => self.add_const(Some(ConstKey::Bool(*b)), || Value::Bool(*b)),
            Lit::None => self.const_none(),
            Lit::Tuple(_) | Lit::FrozenSet(_) => {
                let v = self.lit_value(lit);
                self.add_const(Some(ConstKey::Tuple(format!("{lit:?}"))), || v)
            }
            _ => {
                let v = self.lit_value(lit);
                self.const_value(v)
            }
        }
    }

    fn lit_value(&self, lit: &Lit) -> Value<R> {
        match lit {
            Lit::None => Value::None,
            Lit::Bool(b) => Value::Bool(*b),
            Lit::Int(n) => match n.to_i64() {
                Some(i) => Value::Int(i),
                None => int::from_bigint(n.clone()),
            },
            Lit::Float(f) => Value::Float(*f),
            Lit::Complex(re, im) => Value::new_obj(ObjKind::Complex(
                crate::objects::complex::Complex::new(*re, *im),
            )),
            Lit::Str(s) => self.str_value(s),
            Lit::Bytes(b) => Value::new_obj(ObjKind::Bytes(b.clone().into_boxed_slice())),
            Lit::Ellipsis => crate::objects::value::ellipsis(),
            Lit::Tuple(items) => {
                let items: Vec<Value<R>> = items.iter().map(|i| self.lit_value(i)).collect();
                Value::new_obj(ObjKind::Tuple(items.into_boxed_slice()))
            }
            Lit::FrozenSet(items) => {
                // Built from the display's order, then again from that one's iteration order,
                // as CPython's compiler remakes a frozenset constant when it merges constants:
                // the layout, and so the order, is CPython's.
                let first = set::frozenset_of(items.iter().map(|i| self.lit_value(i)));
                match first.kind() {
                    Some(ObjKind::FrozenSet(t)) => {
                        set::frozenset_of(t.iter().map(|(_, k)| k.clone()))
                    }
                    _ => first,
                }
            }
        }
    }

    pub(super) fn constant(&mut self, c: &Constant, _span: Span) -> CResult<u32> {
        Ok(match c {
            Constant::None => self.const_none(),
            Constant::Bool(b) => self.add_const(Some(ConstKey::Bool(*b)), || Value::Bool(*b)),
            Constant::Int(digits) => self.int_const(digits),
            Constant::Float(f) => {
                self.add_const(Some(ConstKey::Float(f.to_bits())), || Value::Float(*f))
            }
            Constant::Complex(im) => {
                let c = crate::objects::complex::Complex::new(0.0, *im);
                self.add_const(None, || Value::new_obj(ObjKind::Complex(c)))
            }
            Constant::Str(s) => self.const_str(s),
            Constant::Bytes(b) => {
                let b = b.clone();
                self.add_const(None, || {
                    Value::new_obj(ObjKind::Bytes(b.into_boxed_slice()))
                })
            }
            Constant::Ellipsis => self.add_const(None, crate::objects::value::ellipsis),
        })
    }

    /// The right operand of a comparison: searched by `in`, a list of constants is a tuple.
    fn compared(&mut self, op: CmpOp, right: &'a Expr) -> CResult {
        match op {
            CmpOp::In | CmpOp::NotIn => self.iterable(right),
            _ => self.expr(right),
        }
    }

    /// Code for a test that jumps when the test's truth is `when` and falls through
    /// otherwise (CPython's `compiler_jump_if`); returns the jumps, for the caller to aim.
    /// `and`, `or` and `not` become jumps rather than values: `if a and b:` tests each
    /// operand once and jumps straight to the else branch, where the value form tested the
    /// first operand twice (its jump-or-pop, then the `if`'s jump) and dispatched both.
    pub(super) fn jump_if(&mut self, test: &'a Expr, when: bool) -> CResult<Vec<usize>> {
        match &test.kind {
            ExprKind::UnaryOp {
                op: UnaryOp::Not,
                operand,
                // `not CONST` is loaded as the constant it folds to, as `expr` would.
            } if fold::fold(test).is_none() => self.jump_if(operand, !when),
            ExprKind::BoolOp { op, values } if values.len() > 1 => {
                let (rest, last) = values.split_at(values.len() - 1);
                // `a and b` is false as soon as one operand is, `a or b` true likewise: then
                // every operand jumps to the target. Otherwise the operands before the last
                // decide only the other way, and jump past the last one's test.
                let to_target = matches!(op, BoolOp::And) != when;
                let (mut jumps, mut past) = (Vec::new(), Vec::new());
                for v in rest {
                    let found = self.jump_if(v, if to_target { when } else { !when })?;
                    if to_target {
                        jumps.extend(found);
                    } else {
                        past.extend(found);
                    }
                }
                jumps.extend(self.jump_if(&last[0], when)?);
                self.patch_all(past);
                Ok(jumps)
            }
            _ => {
                self.expr(test)?;
                let prev = self.set_span(test.span);
                let jump = self.emit(if when {
                    Op::PopJumpIfTrue(0)
                } else {
                    Op::PopJumpIfFalse(0)
                });
                self.set_span(prev);
                Ok(vec![jump])
            }
        }
    }

    fn compare(&mut self, left: &'a Expr, ops: &[CmpOp], comparators: &'a [Expr]) -> CResult {
        self.expr(left)?;
        if ops.len() == 1 {
            self.compared(ops[0], &comparators[0])?;
            self.emit(compare_op(ops[0]));
            return Ok(());
        }
        let mut cleanups = Vec::new();
        for (i, (op, right)) in ops.iter().zip(comparators).enumerate() {
            self.compared(*op, right)?;
            if i + 1 < ops.len() {
                self.emit(Op::DupTop);
                self.emit(Op::RotThree);
                self.emit(compare_op(*op));
                cleanups.push(self.emit(Op::JumpIfFalseOrPop(0)));
            } else {
                self.emit(compare_op(*op));
            }
        }
        let to_end = self.emit(Op::Jump(0));
        for c in cleanups {
            self.patch(c);
        }
        self.emit(Op::RotTwo);
        self.emit(Op::PopTop);
        self.patch(to_end);
        Ok(())
    }

    fn call(
        &mut self,
        func: &'a Expr,
        args: &'a [Arg],
        keywords: &'a [Keyword],
        span: Span,
    ) -> CResult {
        let plain_args = args.iter().all(|a| matches!(a, Arg::Positional(_)));
        let named_kws = keywords.iter().all(|k| k.name.is_some());
        // Zero-argument super(): super(__class__, <first argument>).
        if self.is_zero_arg_super(func, args, keywords) {
            self.super_operands();
            let prev = self.set_span(span);
            self.emit(Op::Call(2));
            self.set_span(prev);
            return Ok(());
        }
        if plain_args && keywords.is_empty() {
            if let ExprKind::Attribute { value, attr } = &func.kind {
                // `super().name(args)`: the method looked up after `__class__` along the
                // first argument's MRO, without a super object or a bound method.
                let super_call = match &value.kind {
                    ExprKind::Call {
                        func: sfunc,
                        args: sargs,
                        keywords: skw,
                    } => self.is_zero_arg_super(sfunc, sargs, skw),
                    _ => false,
                };
                if super_call {
                    self.super_operands();
                    let i = self.attr_idx(attr);
                    let prev = self.set_span(func.span);
                    self.emit(Op::LoadSuperMethod(i));
                    self.set_span(prev);
                } else {
                    self.expr(value)?;
                    let i = self.attr_idx(attr);
                    // A failed look-up points at `obj.name`, not the whole call.
                    let prev = self.set_span(func.span);
                    self.emit(Op::LoadMethod(i));
                    self.set_span(prev);
                }
                for a in args {
                    if let Arg::Positional(x) = a {
                        self.expr(x)?;
                    }
                }
                let prev = self.set_span(span);
                self.emit(Op::CallMethod(args.len() as u32));
                self.set_span(prev);
                return Ok(());
            }
        }
        self.expr(func)?;
        if plain_args && named_kws {
            for a in args {
                if let Arg::Positional(x) = a {
                    self.expr(x)?;
                }
            }
            for k in keywords {
                self.expr(&k.value)?;
            }
            self.note_namespaces_for(func);
            if keywords.is_empty() && args.len() == 3 {
                // `type(name, bases, ns)` names its module after the caller's globals.
                self.note_namespaces_for_type(func);
            }
            let prev = self.set_span(span);
            if keywords.is_empty() {
                self.emit(Op::Call(args.len() as u32));
            } else {
                let names: Vec<Value<R>> = keywords
                    .iter()
                    .map(|k| self.str_value(k.name.as_deref().unwrap_or("")))
                    .collect();
                let c = self.const_value(Value::new_obj(ObjKind::Tuple(names.into_boxed_slice())));
                self.emit(Op::LoadConst(c));
                self.emit(Op::CallKw((args.len() + keywords.len()) as u32));
            }
            self.set_span(prev);
            return Ok(());
        }
        // The general form: an argument tuple and a keyword dict.
        self.emit(Op::BuildList(0));
        for a in args {
            match a {
                Arg::Positional(x) => {
                    self.expr(x)?;
                    self.emit(Op::ListAppend(1));
                }
                Arg::Starred(x) => {
                    self.expr(x)?;
                    self.emit(Op::ListExtend(1));
                }
            }
        }
        self.emit(Op::ListToTuple);
        let has_kw = !keywords.is_empty();
        if has_kw {
            self.emit(Op::BuildMap(0));
            for k in keywords {
                match &k.name {
                    Some(n) => {
                        let c = self.const_str(n);
                        self.emit(Op::LoadConst(c));
                        self.expr(&k.value)?;
                        self.emit(Op::BuildMap(1));
                    }
                    None => self.expr(&k.value)?,
                }
                self.emit(Op::DictMerge(1));
            }
        }
        self.note_namespaces_for(func);
        let prev = self.set_span(span);
        self.emit(Op::CallEx(has_kw as u32));
        self.set_span(prev);
        Ok(())
    }

    /// Before a call of a builtin that reads its caller's namespaces (`locals()`, `eval`, ...)
    /// by its global name: records them for it (`NoteNamespaces`).
    fn note_namespaces_for(&mut self, func: &Expr) {
        const READERS: [&str; 6] = ["globals", "locals", "vars", "dir", "eval", "exec"];
        if let ExprKind::Name(n) = &func.kind {
            let place = self.scope().place(n);
            let global = matches!(place, Place::Global | Place::Name);
            if global && READERS.contains(&n.as_str()) {
                self.emit(Op::NoteNamespaces);
            }
        }
    }

    /// Before `type(name, bases, ns)` by its global name: records the caller's namespaces,
    /// whose `__name__` becomes the new class's `__module__` (as CPython's `type_new`).
    fn note_namespaces_for_type(&mut self, func: &Expr) {
        if let ExprKind::Name(n) = &func.kind {
            let global = matches!(self.scope().place(n), Place::Global | Place::Name);
            if global && n == "type" {
                self.emit(Op::NoteNamespaces);
            }
        }
    }

    /// `super()` with no arguments, in a function where it can find its class.
    fn is_zero_arg_super(&self, func: &Expr, args: &[Arg], keywords: &[Keyword]) -> bool {
        matches!(&func.kind, ExprKind::Name(n) if n == "super")
            && args.is_empty()
            && keywords.is_empty()
            && self.can_use_class_cell()
    }

    /// What zero-argument `super()` stands for: `super`, `__class__` and the first argument
    /// (its cell's content when a nested function captures it, as CPython reads it).
    fn super_operands(&mut self) {
        self.name_op("super", NameAction::Load);
        self.name_op("__class__", NameAction::Load);
        let first = self.unit_ref().varnames[0].clone();
        match self.deref_idx(&first) {
            Some(cell) if self.scope().place(&first) == Place::Cell => {
                self.emit(Op::LoadDeref(cell))
            }
            _ => self.emit(Op::LoadFast(0)),
        };
    }

    /// True when `super()` can find its class: inside a function that has the `__class__`
    /// free variable and at least one parameter.
    fn can_use_class_cell(&self) -> bool {
        self.scope().kind == ScopeKind::Function
            && self.scope().place("__class__") == Place::Free
            && self.deref_idx("__class__").is_some()
            && !self.unit_ref().varnames.is_empty()
            && self.unit_ref().argcount > 0
    }

    pub(super) fn sequence(&mut self, items: &'a [Expr], kind: Seq) -> CResult {
        let starred = items.iter().any(|e| matches!(e.kind, ExprKind::Starred(_)));
        // A set display of three or more constants adds a frozenset's keys to a new set in
        // one step, as CPython does: the new set then has CPython's size and order.
        if matches!(kind, Seq::Set) && items.len() > 2 {
            if let Some(lit) = fold::fold_frozenset(items) {
                self.emit(Op::BuildSet(0));
                let c = self.lit_const(&lit);
                self.emit(Op::LoadConst(c));
                self.emit(Op::SetUpdate(1));
                return Ok(());
            }
        }
        if !starred {
            for i in items {
                self.expr(i)?;
            }
            let n = items.len() as u32;
            self.emit(match kind {
                Seq::List => Op::BuildList(n),
                Seq::Tuple => Op::BuildTuple(n),
                Seq::Set => Op::BuildSet(n),
            });
            return Ok(());
        }
        let is_set = matches!(kind, Seq::Set);
        self.emit(if is_set {
            Op::BuildSet(0)
        } else {
            Op::BuildList(0)
        });
        for i in items {
            match &i.kind {
                ExprKind::Starred(inner) => {
                    self.expr(inner)?;
                    self.emit(if is_set {
                        Op::SetUpdate(1)
                    } else {
                        Op::ListExtend(1)
                    });
                }
                _ => {
                    self.expr(i)?;
                    self.emit(if is_set {
                        Op::SetAdd(1)
                    } else {
                        Op::ListAppend(1)
                    });
                }
            }
        }
        if matches!(kind, Seq::Tuple) {
            self.emit(Op::ListToTuple);
        }
        Ok(())
    }

    fn dict_display(&mut self, pairs: &'a [(Option<Expr>, Expr)]) -> CResult {
        if pairs.iter().all(|(k, _)| k.is_some()) {
            for (k, v) in pairs {
                if let Some(k) = k {
                    self.expr(k)?;
                }
                self.expr(v)?;
            }
            self.emit(Op::BuildMap(pairs.len() as u32));
            return Ok(());
        }
        self.emit(Op::BuildMap(0));
        for (k, v) in pairs {
            match k {
                Some(k) => {
                    self.expr(k)?;
                    self.expr(v)?;
                    self.emit(Op::MapAdd(1));
                }
                None => {
                    self.expr(v)?;
                    self.emit(Op::DictUpdate(1));
                }
            }
        }
        Ok(())
    }

    fn comprehension(
        &mut self,
        kind: Comp,
        elts: &[&'a Expr],
        generators: &'a [Comprehension],
        span: Span,
    ) -> CResult {
        let Some(first) = generators.first() else {
            return Err(syntax_error("invalid comprehension", span));
        };
        let scope = self.take_scope(ScopeKind::Comprehension, span)?;
        let is_async = self.scopes[scope].is_coroutine;
        if is_async && kind != Comp::Generator && !self.scope().is_coroutine {
            return Err(syntax_error(
                "asynchronous comprehension outside of an asynchronous function",
                span,
            ));
        }
        let name = match kind {
            Comp::List => "<listcomp>",
            Comp::Set => "<setcomp>",
            Comp::Dict => "<dictcomp>",
            Comp::Generator => "<genexpr>",
        };
        let qualname = self.child_qualname(name);
        let line = self.line_of(span.start);
        let closure_flag = self.emit_closure(scope);
        self.push_unit(scope, Arc::from(name), qualname, line);
        self.unit().argcount = 1;
        self.unit().span = span;
        match kind {
            Comp::List => {
                self.emit(Op::BuildList(0));
            }
            Comp::Set => {
                self.emit(Op::BuildSet(0));
            }
            Comp::Dict => {
                self.emit(Op::BuildMap(0));
            }
            Comp::Generator => {}
        }
        self.emit(Op::LoadFast(0));
        self.comprehension_loop(kind, elts, generators, 0)?;
        if kind == Comp::Generator {
            let c = self.const_none();
            self.emit(Op::LoadConst(c));
        }
        self.emit(Op::ReturnValue);
        let code = self.pop_unit()?;
        let c = self.const_value(Value::new_obj(ObjKind::Code(Arc::new(code))));
        self.emit(Op::LoadConst(c));
        self.emit(Op::MakeFunction(closure_flag));
        // The first iterable is evaluated here, in the enclosing scope.
        self.iterable(&first.iter)?;
        self.emit(if first.is_async {
            Op::GetAIter
        } else {
            Op::GetIter
        });
        let prev = self.set_span(span);
        self.emit(Op::Call(1));
        if is_async && kind != Comp::Generator {
            self.await_top(0);
        }
        self.set_span(prev);
        Ok(())
    }

    fn comprehension_loop(
        &mut self,
        kind: Comp,
        elts: &[&'a Expr],
        generators: &'a [Comprehension],
        depth: usize,
    ) -> CResult {
        let g = &generators[depth];
        if depth > 0 {
            self.iterable(&g.iter)?;
            self.emit(if g.is_async {
                Op::GetAIter
            } else {
                Op::GetIter
            });
        }
        let start = self.here();
        let exit = if g.is_async {
            self.async_for_next()
        } else {
            self.emit(Op::ForIter(0))
        };
        self.store_target(&g.target)?;
        for cond in &g.ifs {
            for skip in self.jump_if(cond, false)? {
                self.unit().ops[skip].set_jump_target(start as u32);
            }
        }
        if depth + 1 < generators.len() {
            self.comprehension_loop(kind, elts, generators, depth + 1)?;
        } else {
            // Below the value: one iterator per loop, then the container.
            let below = depth as u32 + 2;
            match kind {
                Comp::List => {
                    self.expr(elts[0])?;
                    self.emit(Op::ListAppend(below));
                }
                Comp::Set => {
                    self.expr(elts[0])?;
                    self.emit(Op::SetAdd(below));
                }
                Comp::Dict => {
                    self.expr(elts[0])?;
                    self.expr(elts[1])?;
                    self.emit(Op::MapAdd(below));
                }
                Comp::Generator => {
                    self.expr(elts[0])?;
                    self.emit(Op::YieldValue);
                    self.emit(Op::PopTop);
                }
            }
        }
        self.emit(Op::Jump(start as u32));
        self.patch(exit);
        if g.is_async {
            self.emit(Op::EndAsyncFor);
        }
        Ok(())
    }

    fn fstring(&mut self, parts: &'a [FStringPart]) -> CResult {
        let mut n = 0;
        for p in parts {
            match p {
                FStringPart::Literal(s) => {
                    if s.is_empty() {
                        continue;
                    }
                    let c = self.const_str(s);
                    self.emit(Op::LoadConst(c));
                    n += 1;
                }
                FStringPart::Value {
                    expr,
                    conversion,
                    spec,
                    debug_text,
                } => {
                    if let Some(t) = debug_text {
                        let c = self.const_str(t);
                        self.emit(Op::LoadConst(c));
                        n += 1;
                    }
                    self.expr(expr)?;
                    let conv = match conversion {
                        Some('s') => 1,
                        Some('r') => 2,
                        Some('a') => 3,
                        Some(_) => 0,
                        None if debug_text.is_some() && spec.is_none() => 2,
                        None => 0,
                    };
                    let mut flags = conv;
                    if let Some(spec) = spec {
                        self.fstring(spec)?;
                        flags |= 4;
                    }
                    self.emit(Op::FormatValue(flags));
                    n += 1;
                }
            }
        }
        if n == 1 {
            // A single piece may not be a str yet only if it was a literal; FormatValue
            // always leaves a str.
            return Ok(());
        }
        if n == 0 {
            let c = self.const_str("");
            self.emit(Op::LoadConst(c));
            return Ok(());
        }
        self.emit(Op::BuildString(n));
        Ok(())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Seq {
    List,
    Tuple,
    Set,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Comp {
    List,
    Set,
    Dict,
    Generator,
}

fn compare_op(op: CmpOp) -> Op {
    match op {
        CmpOp::Lt => Op::CompareOp(0),
        CmpOp::LtE => Op::CompareOp(1),
        CmpOp::Eq => Op::CompareOp(2),
        CmpOp::NotEq => Op::CompareOp(3),
        CmpOp::Gt => Op::CompareOp(4),
        CmpOp::GtE => Op::CompareOp(5),
        CmpOp::Is => Op::IsOp(0),
        CmpOp::IsNot => Op::IsOp(1),
        CmpOp::In => Op::ContainsOp(0),
        CmpOp::NotIn => Op::ContainsOp(1),
    }
}
