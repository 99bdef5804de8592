//! The built-ins, one floor above the VM: the Python-visible methods of the built-in types
//! (one file per type: `str.rs` with `str/` and the `bytes` methods, `list.rs`, `tuple.rs`,
//! `dict.rs`, `set.rs`, `int.rs` with `float`'s, `complex.rs`, `bytearray.rs`, `range.rs`,
//! `generator.rs`; `methods.rs` puts each table in its class), the constructors of the types
//! (`types.rs`) and the builtin functions (`functions.rs`; `namespaces.rs`: `eval`, `exec`,
//! `compile`, `globals`, `locals`, `vars`, `dir`). [`install`] registers them all with an
//! interpreter at start-up (`runtime_setup`); the VM never names this module.

mod bytearray;
mod complex;
mod dict;
mod functions;
mod generator;
mod int;
mod list;
mod methods;
mod namespaces;
mod range;
mod set;
mod str;
mod tuple;
mod types;

use crate::vm::{Interp, Runtime};
use std::sync::Arc;

/// Fills the builtins dict and the methods of the built-in types.
pub fn install<R: Runtime>(interp: &Arc<Interp<R>>) {
    types::install(interp);
    complex::install(interp);
    bytearray::install(interp);
    functions::install(interp);
    namespaces::install(interp);
}
