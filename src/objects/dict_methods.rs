//! `dict` methods (the table itself and its hashing rules are in `dict.rs`).

use super::{NativeFn, Runtime};

pub fn methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![]
}
