//! The built-ins, one floor above the VM: the Python-visible methods of the built-in types
//! (one file per type: `str.rs` with `str/` and the `bytes` methods, `list.rs`, `tuple.rs`,
//! `dict.rs`, `set.rs`, `int.rs` with `float`'s, `complex.rs`, `bytearray.rs`, `range.rs`,
//! `generator.rs`; `methods.rs` puts each table in its class), the constructors of the types
//! (`types.rs`), the builtin functions (`functions.rs`; `print` and `input` in `console.rs`;
//! `namespaces.rs`: `eval`, `exec`, `compile`, `globals`, `locals`, `vars`, `dir`), file
//! objects and `open` (`file/`) and `OSError`'s constructor and errno subclasses
//! (`oserror.rs`), and the names the `site` module adds: `help`, `quit`, `copyright`, ...
//! (`site.rs`, with `help.rs` for the help texts), and the docstrings and signatures of all of
//! these and of the native modules' functions (`docs/`). [`install`] registers them all with an interpreter at start-up
//! (`runtime_setup`); the VM never names this module.

mod bytearray;
pub(crate) mod codecs;
mod complex;
mod console;
mod coroutine;
mod descriptors;
mod dict;
pub mod docs;
mod dunders;
mod exception_fields;
pub mod file;
mod frame;
mod functions;
pub use functions::is_callable;
mod generator;
mod help;
mod help_class;
mod int;
mod list;
pub mod memoryview;
mod methods;
mod module_type;
mod namespaces;
mod object_reduce;
pub mod oserror;
pub mod own_slots;
mod range;
mod range_big;
mod rich_compare;
mod set;
mod site;
mod slice;
mod str;
mod subclass;
mod subclasses;
mod tuple;
mod types;

use crate::vm::{Interp, Runtime};
use std::sync::Arc;

/// Fills the builtins dict and the methods of the built-in types.
pub fn install<R: Runtime>(interp: &Arc<Interp<R>>) {
    types::install(interp);
    complex::install(interp);
    for (name, getter) in range_big::properties() {
        complex::add_property(&interp.types.range, name, getter);
    }
    bytearray::install(interp);
    codecs::install(interp);
    exception_fields::install(interp);
    subclass::install(interp);
    functions::install(interp);
    oserror::install(interp);
    crate::vm::io::on_exit_flush(file::flush_open_files);
    namespaces::install(interp);
    frame::install(interp);
    module_type::install(interp);
    site::install(interp);
    own_slots::install(interp);
    crate::vm::docs::register(crate::vm::docs::DocTables {
        lookup: docs::lookup,
        module_doc: docs::module_doc,
    });
}
