//! `sys.set_asyncgen_hooks` as CPython applies them: an async generator's first iteration
//! (`__anext__`, `asend`, `athrow`, `aclose`) calls the `firstiter` hook with it and keeps the
//! `finalizer` hook of that moment; freed unfinished, it is handed to that hook instead of
//! being closed on the spot. asyncio's loop sets both hooks while it runs (it schedules
//! `aclose()` and closes the rest at `shutdown_asyncgens()`).

use super::Vm;
use crate::objects::exception::PyResult;
use crate::objects::{GenFlavor, GeneratorObj, ObjKind, Value};
use crate::vm::Runtime;
use std::sync::atomic::Ordering;

impl<R: Runtime> Vm<R> {
    /// The hooks' part of an async generator's first iteration (CPython's
    /// `async_gen_init_hooks`); nothing for later ones or other objects.
    pub fn agen_init_hooks(&mut self, agen: &Value<R>) -> PyResult<(), R> {
        let Some(ObjKind::Generator(g)) = agen.kind() else {
            return Ok(());
        };
        if g.flavor != GenFlavor::AsyncGenerator || g.hooks.inited.swap(true, Ordering::AcqRel) {
            return Ok(());
        }
        let [firstiter, finalizer] = self.asyncgen_hooks.clone();
        if !finalizer.is_none() {
            let old = g.hooks.finalizer.lock::<R>().replace(finalizer);
            drop(old);
        }
        if !firstiter.is_none() {
            self.call(&firstiter, vec![agen.clone()], Vec::new())?;
        }
        Ok(())
    }

    /// The finalizer hook to call for a freed async generator, once: `None` for other
    /// generators, one without a hook, or one already finished (those are closed, if at all,
    /// as generators are).
    pub(super) fn async_gen_finalizer(&self, g: &GeneratorObj<R>) -> Option<Value<R>> {
        if g.flavor != GenFlavor::AsyncGenerator {
            return None;
        }
        let hook = g.hooks.finalizer.lock::<R>().take()?;
        let unfinished = g.frame.lock::<R>().is_some();
        unfinished.then_some(hook)
    }
}
