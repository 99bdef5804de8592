//! `set` and `frozenset`: CPython's open-addressing table ([`SetTable`]), so that sets iterate —
//! and print — in the same order as in CPython. Keys are hashed with dict's rules.

pub use super::set_table::SetTable;
use super::{Runtime, Value};

pub type SetData<R> = SetTable<Value<R>>;

/// Key equality for sets of built-in values (identity first, as CPython does).
pub fn same_key<R: Runtime>(a: &Value<R>, b: &Value<R>) -> bool {
    super::dict::key_eq(a, b)
}
