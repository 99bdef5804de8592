//! Methods of `int`, `bool` and `float` (`bit_length`, `is_integer`, `as_integer_ratio`, ...).

use super::{NativeFn, Runtime};

pub fn int_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![]
}

pub fn float_methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![]
}
