//! `try` ... `except*` (PEP 654), compiled onto the ordinary exception machinery and the
//! helpers of the bundled `_exceptiongroup` module: the handled exception becomes a state
//! object (`_star_begin`), each clause takes its matching part (`_star_match`, which wraps a
//! naked exception in a group and refuses `except* ExceptionGroup`), what a clause raises is
//! recorded (`_star_raised`), and at the end the unmatched rest and the raised exceptions are
//! combined into the one exception to re-raise, if any (`_star_end`).

use super::{CResult, Compiler, FBlock, NameAction};
use crate::bytecode::Op;
use crate::bytecode::Runtime;
use crate::syntax::ast::*;

impl<'a, R: Runtime> Compiler<'a, R> {
    /// Pushes `_exceptiongroup.<name>` (the function a step of `except*` calls).
    fn star_helper(&mut self, name: &str) {
        let m = self.name_idx("_exceptiongroup");
        self.emit(Op::ImportName(m));
        let f = self.name_idx(name);
        self.emit(Op::LoadAttr(f));
    }

    /// The handlers of a `try` whose clauses are `except*`; the exception is on the stack.
    pub(super) fn except_star_handlers(&mut self, t: &'a Try) -> CResult {
        // [exc] -> [state]
        self.star_helper("_star_begin");
        self.emit(Op::RotTwo);
        self.emit(Op::Call(1));
        for h in &t.handlers {
            let prev = self.set_span(h.span);
            // [state] -> [state, matched or None]
            self.emit(Op::DupTop);
            self.star_helper("_star_match");
            self.emit(Op::RotTwo);
            if let Some(kind) = &h.kind {
                self.expr(kind)?;
            }
            self.emit(Op::Call(2));
            self.emit(Op::DupTop);
            let skip = self.emit(Op::PopJumpIfFalse(0));
            // Raising the match into a handler makes it the exception being handled while
            // the clause runs (what `sys.exc_info()`, a bare `raise` and `__context__` see).
            // A copy is raised, so the stack never drops below the handler's level (what
            // `Code::validate`'s stack floor assumes): [state, match, exc] -> [state, exc].
            let enter = self.emit(Op::SetupExcept(0));
            self.emit(Op::DupTop);
            self.emit(Op::Reraise);
            self.patch(enter);
            self.emit(Op::RotTwo);
            self.emit(Op::PopTop);
            match &h.name {
                Some(n) => self.name_op(n, NameAction::Store),
                None => {
                    self.emit(Op::PopTop);
                }
            }
            let setup = self.emit(Op::SetupExcept(0));
            self.unit().fblocks.push(FBlock::ExceptStar);
            self.stmts(&h.body)?;
            self.unit().fblocks.pop();
            self.emit(Op::PopBlock);
            self.emit(Op::PopExcept);
            let done = self.emit(Op::Jump(0));
            // The clause raised: [state, raised] -> [state]
            self.patch(setup);
            self.star_helper("_star_raised");
            self.emit(Op::RotThree);
            self.emit(Op::Call(2));
            self.emit(Op::PopExcept);
            self.emit(Op::PopExcept);
            self.patch(done);
            if let Some(n) = &h.name {
                self.clear_name(n);
            }
            let next = self.emit(Op::Jump(0));
            // No match: [state, None] -> [state]
            self.patch(skip);
            self.emit(Op::PopTop);
            self.patch(next);
            self.set_span(prev);
        }
        // [state] -> [exception to raise or None]
        self.star_helper("_star_end");
        self.emit(Op::RotTwo);
        self.emit(Op::Call(1));
        self.emit(Op::DupTop);
        let handled = self.emit(Op::PopJumpIfFalse(0));
        self.emit(Op::Reraise);
        self.patch(handled);
        self.emit(Op::PopTop);
        self.emit(Op::PopExcept);
        Ok(())
    }
}
