//! A frame: one running (or suspended, for generators) activation of a code object — its local
//! slots, value stack, handler blocks and instruction pointer.

use crate::bytecode::Code;
use crate::objects::{ObjRef, Value};
use crate::vm::Runtime;
use std::sync::Arc;

/// A pushed handler or an active except clause.
pub enum Block<R: Runtime> {
    /// SetupExcept/SetupFinally/SetupWith: on an exception, cut the stack to `level`, push the
    /// exception and continue at `target`.
    Handler { target: u32, level: u32 },
    /// Inside an except clause: the exception that was being handled before it.
    ExceptHandler { previous: Option<Value<R>> },
}

pub struct Frame<R: Runtime> {
    pub code: Arc<Code<R>>,
    /// The module's globals dict.
    pub globals: ObjRef<R>,
    /// The namespace dict of a class body (LoadName/StoreName); module frames use globals.
    pub namespace: Option<ObjRef<R>>,
    /// Local slots, then cells, then free variables (cells hold `ObjKind::Cell`).
    pub locals: Vec<Option<Value<R>>>,
    pub stack: Vec<Value<R>>,
    pub blocks: Vec<Block<R>>,
    /// The next instruction.
    pub ip: usize,
}

impl<R: Runtime> Frame<R> {
    pub fn new(code: Arc<Code<R>>, globals: ObjRef<R>, namespace: Option<ObjRef<R>>) -> Self {
        let n = code.frame_size();
        let stack = Vec::with_capacity(code.max_stack as usize);
        Frame {
            code,
            globals,
            namespace,
            locals: vec_of_none(n),
            stack,
            blocks: Vec::new(),
            ip: 0,
        }
    }

    /// The line being executed (the instruction before `ip`).
    pub fn line(&self) -> u32 {
        let i = self.ip.saturating_sub(1);
        self.code
            .lines
            .get(i)
            .copied()
            .unwrap_or(self.code.first_line)
    }

    pub fn span(&self) -> (u32, u32) {
        let i = self.ip.saturating_sub(1);
        self.code.spans.get(i).copied().unwrap_or((0, 0))
    }
}

fn vec_of_none<T>(n: usize) -> Vec<Option<T>> {
    let mut v = Vec::with_capacity(n);
    v.resize_with(n, || None);
    v
}

/// How a frame stopped running.
pub enum FrameExit<R: Runtime> {
    Return(Value<R>),
    Yield(Value<R>),
}
