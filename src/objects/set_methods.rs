//! `set` and `frozenset` methods (the table is `set_table.rs`, the algebra `vm/containers.rs`).

use super::{NativeFn, Runtime};

pub fn set_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![]
}

pub fn frozenset_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![]
}
