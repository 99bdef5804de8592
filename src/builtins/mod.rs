//! The built-ins, one floor above the VM: the Python-visible methods of the built-in types
//! (one file per type: `str.rs` with `str/` and the `bytes` methods, `list.rs`, `tuple.rs`,
//! `dict.rs`, `set.rs`, `int.rs` with `float`'s, `range.rs`, `generator.rs`; `methods.rs`
//! puts each table in its class), the constructors of the types (`types.rs`) and the builtin
//! functions (`functions.rs`). [`install`] registers them all with an interpreter at start-up
//! (`runtime_setup`); the VM never names this module.

mod descriptors;
mod dict;
mod functions;
mod generator;
mod int;
mod list;
mod methods;
mod range;
mod set;
mod str;
mod subclass;
mod tuple;
mod types;

use crate::vm::{Interp, Runtime};
use std::sync::Arc;

/// Fills the builtins dict and the methods of the built-in types.
pub fn install<R: Runtime>(interp: &Arc<Interp<R>>) {
    types::install(interp);
    subclass::install(interp);
    functions::install(interp);
}
