//! `d[k]`, `d[k] = v`, `del d[k]`, `k in d` and `d.get(k)` on an exact dict with an atom key
//! (an int, a str, a float, a bool or `None`): the key hashed without a `DictKey` (a str's hash
//! is cached in the string), the table probed once, a new key appended at the slot the probe
//! ended on. Stored keys are compared with built-in equality; when one with the same hash is a
//! user object (whose `__eq__` may be Python code) and no other matched, these give up
//! (`None` / `Err`) and the VM's general path decides, as it does for every other key.

use super::map::{Match, Stored};
use super::{key_eq, DictKey, DictMap};
use crate::objects::hash;
use crate::objects::{ObjCell, ObjKind, Runtime, Value};

/// A store's outcome: the replaced value (if any), or the key and value back for the general
/// path.
pub type StoreResult<K, R> = Result<Option<Value<R>>, (K, Value<R>)>;

/// The Python hash of an atom key; `None` for any other value (and a NaN, hashed by identity).
#[inline(always)]
pub fn atom_hash<R: Runtime>(key: &Value<R>) -> Option<i64> {
    match key {
        Value::Int(i) => Some(hash::hash_i64(*i)),
        Value::Obj(o) => match o.kind() {
            ObjKind::Str(s) => Some(s.hash()),
            _ => None,
        },
        Value::None => Some(0xFCA86420),
        Value::Bool(b) => Some(*b as i64),
        Value::Float(f) => hash::hash_f64(*f),
    }
}

/// The index table's hash for a Python hash (what `KeyHasher` makes of a `DictKey`).
#[inline(always)]
pub fn table_hash(py_hash: i64) -> u64 {
    (py_hash as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// True for instances of user classes and native objects, whose `__eq__` may be Python code.
#[inline]
pub fn user_object<R: Runtime>(v: &Value<R>) -> bool {
    matches!(v.kind(), Some(ObjKind::Instance(_) | ObjKind::Native(_)))
}

/// True when Python code may decide whether `v` equals another value: a user object, or a
/// tuple or frozenset holding one (compared item by item with `==`).
pub fn needs_python_eq<R: Runtime>(v: &Value<R>) -> bool {
    match v.kind() {
        Some(ObjKind::Instance(_) | ObjKind::Native(_)) => true,
        Some(ObjKind::Tuple(items)) => items.iter().any(needs_python_eq),
        Some(ObjKind::FrozenSet(set)) => set.iter().any(|(_, k)| needs_python_eq(k)),
        _ => false,
    }
}

/// Whether `key` is an atom (its hash and equality are built in and never run Python code).
#[inline(always)]
pub fn is_atom<R: Runtime>(key: &Value<R>) -> bool {
    match key {
        Value::Obj(o) => matches!(o.kind(), ObjKind::Str(_)),
        Value::Float(f) => !f.is_nan(),
        _ => true,
    }
}

/// How a stored key compares with the atom `key` (same hash already checked).
#[inline(always)]
pub fn compare<R: Runtime>(key: &Value<R>) -> impl FnMut(&DictKey<R>) -> Match + '_ {
    move |stored| {
        if key_eq(&stored.value, key) {
            Match::Yes
        } else if user_object(&stored.value) {
            Match::Ask
        } else {
            Match::No
        }
    }
}

/// `d[key]`: `Some(Some(value))` found, `Some(None)` absent; `None` when the general path must
/// decide (not an atom, or a user key with the same hash).
#[inline]
pub fn get<R: Runtime>(d: &ObjCell<DictMap<R>>, key: &Value<R>) -> Option<Option<Value<R>>> {
    let h = table_hash(atom_hash(key)?);
    let map = d.lock::<R>();
    let i = map.find_hashed(h, compare(key)).ok()?;
    Some(i.and_then(|i| map.get_index(i)).map(|(_, v)| v.clone()))
}

/// `key in d`, as [`get`].
#[inline]
pub fn contains<R: Runtime>(d: &ObjCell<DictMap<R>>, key: &Value<R>) -> Option<bool> {
    let h = table_hash(atom_hash(key)?);
    let found = d.lock::<R>().find_hashed(h, compare(key)).ok()?;
    Some(found.is_some())
}

/// `d[key] = value`: `Ok` with the replaced value (to be dropped by the caller, after the
/// table is released: its `__del__` may run), or the pair back for the general path.
#[inline]
pub fn store<R: Runtime>(
    d: &ObjCell<DictMap<R>>,
    key: Value<R>,
    value: Value<R>,
) -> StoreResult<Value<R>, R> {
    let Some(py_hash) = atom_hash(&key) else {
        return Err((key, value));
    };
    let h = table_hash(py_hash);
    let stored = d.lock::<R>().store_hashed(
        h,
        compare(&key),
        || DictKey {
            hash: py_hash,
            value: key.clone(),
        },
        value,
    );
    match stored {
        Stored::Replaced(old) => Ok(Some(old)),
        Stored::Added => Ok(None),
        Stored::Ask(value) => Err((key, value)),
    }
}

/// `del d[key]` / `d.pop(key)`: `Some(Some((key, value)))` removed (dropped by the caller after
/// the table is released), `Some(None)` absent, `None` for the general path.
#[inline]
pub fn remove<R: Runtime>(
    d: &ObjCell<DictMap<R>>,
    key: &Value<R>,
) -> Option<Option<(DictKey<R>, Value<R>)>> {
    let h = table_hash(atom_hash(key)?);
    let removed = d.lock::<R>().remove_hashed(h, compare(key)).ok()?;
    Some(removed)
}

/// The position of an already hashed atom key (the VM's `dict_index` for every caller that
/// made a `DictKey`); `None` as in [`get`].
#[inline]
pub fn index_of<R: Runtime>(map: &DictMap<R>, key: &DictKey<R>) -> Option<Option<usize>> {
    if !is_atom(&key.value) {
        return None;
    }
    map.find_hashed(table_hash(key.hash), compare(&key.value))
        .ok()
}

/// [`store`] for an already hashed key: the replaced value, or the pair back.
#[inline]
pub fn store_key<R: Runtime>(
    d: &ObjCell<DictMap<R>>,
    key: DictKey<R>,
    value: Value<R>,
) -> StoreResult<DictKey<R>, R> {
    if !is_atom(&key.value) {
        return Err((key, value));
    }
    let probe = key.value.clone();
    let h = table_hash(key.hash);
    let mut key = Some(key);
    let stored = d.lock::<R>().store_hashed(
        h,
        compare(&probe),
        || key.take().expect("the key is made once"),
        value,
    );
    match stored {
        Stored::Replaced(old) => Ok(Some(old)),
        Stored::Added => Ok(None),
        Stored::Ask(value) => match key {
            Some(key) => Err((key, value)),
            None => unreachable!("store_hashed makes the key only when it adds it"),
        },
    }
}
