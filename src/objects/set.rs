//! `set` and `frozenset`: CPython's open-addressing table ([`SetTable`]), so that sets iterate —
//! and print — in the same order as in CPython. Keys are hashed with dict's rules.

pub use super::set_table::SetTable;
use super::{Runtime, Value};

pub type SetData<R> = SetTable<Value<R>>;

/// A frozenset of constants (the compiler's, or a cached module's read back), its keys added
/// in the order given. Constants are all hashable built-in values.
pub fn frozenset_of<R: Runtime>(items: impl IntoIterator<Item = Value<R>>) -> Value<R> {
    let mut table = SetData::new();
    for v in items {
        let hash = super::dict::hash_value(&v).unwrap_or_default();
        table.insert(hash, v, same_key);
    }
    Value::new_obj(super::ObjKind::FrozenSet(table))
}

/// Key equality for sets of built-in values (identity first, as CPython does).
pub fn same_key<R: Runtime>(a: &Value<R>, b: &Value<R>) -> bool {
    super::dict::key_eq(a, b)
}
