//! `tuple` methods: an immutable sequence, read without locks in both runtimes.

use super::{NativeFn, Runtime};

pub fn methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![]
}
