//! Puts the floors together: an interpreter registered with the builtins (`builtins`) and
//! the native modules (`stdlib`). The VM knows neither; every entry point (the command line,
//! the REPL, a multiprocessing child, tests) makes its interpreter here.

use crate::vm::{Interp, Natives, Options, Runtime};
use std::sync::Arc;

/// The natives every interpreter starts with.
pub fn natives<R: Runtime>() -> Natives<R> {
    Natives {
        modules: crate::stdlib::modules(),
        install_builtins: crate::builtins::install,
    }
}

/// A new interpreter with the builtins and every native module.
pub fn new_interp<R: Runtime>(options: Options) -> Arc<Interp<R>> {
    Interp::new(options, natives())
}
