//! `dict`: an insertion-ordered hash map from hashable values to values, and the hashing and
//! key-equality rules that dicts and sets share.
//!
//! Keys are hashed once, on the way in ([`DictKey`] keeps the hash). Equality of keys follows
//! Python for the built-in hashable types (`1 == 1.0 == True`, tuples element-wise); instances
//! hash and compare by identity.

use super::hash;
use super::{ObjKind, ObjRef, Runtime, Value};
use std::hash::{Hash, Hasher};

pub mod atom;
mod map;
pub use map::{Match, MustAsk, OrderMap, Stored};

/// A key with its Python hash.
pub struct DictKey<R: Runtime> {
    pub hash: i64,
    pub value: Value<R>,
}

impl<R: Runtime> Clone for DictKey<R> {
    fn clone(&self) -> Self {
        DictKey {
            hash: self.hash,
            value: self.value.clone(),
        }
    }
}

impl<R: Runtime> Hash for DictKey<R> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_i64(self.hash);
    }
}

impl<R: Runtime> PartialEq for DictKey<R> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && key_eq(&self.value, &other.value)
    }
}

impl<R: Runtime> Eq for DictKey<R> {}

/// Passes the precomputed Python hash through, mixed so that sequential ints spread.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_i64(&mut self, n: i64) {
        self.0 = atom::table_hash(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (n as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29);
    }
}

/// A dict's table: insertion-ordered, O(1) removal (see [`OrderMap`]).
pub type DictMap<R> = OrderMap<DictKey<R>, Value<R>>;

pub fn new_map<R: Runtime>() -> DictMap<R> {
    DictMap::default()
}

/// The entries of a namespace-like table whose keys are strs, in order, as owned names
/// (a module's or a class's attributes, `sys.modules`); other keys are skipped.
pub fn str_entries<R: Runtime>(map: &DictMap<R>) -> Vec<(String, Value<R>)> {
    map.iter()
        .filter_map(|(k, v)| Some((k.value.as_str()?.to_string(), v.clone())))
        .collect()
}

/// Why a value can't be a key: `unhashable type: 'list'`.
pub struct Unhashable(pub String);

/// The hash of a built-in value, or the type name of an unhashable one. Instances hash by
/// identity here; the VM consults `__hash__` first when a class defines it.
pub fn hash_value<R: Runtime>(v: &Value<R>) -> Result<i64, Unhashable> {
    match v {
        Value::None => Ok(0xFCA86420),
        Value::Bool(b) => Ok(*b as i64),
        Value::Int(i) => Ok(hash::hash_i64(*i)),
        Value::Float(f) => Ok(hash::hash_f64(*f).unwrap_or(0)),
        Value::Obj(o) => match o.kind() {
            ObjKind::Str(s) => Ok(s.hash()),
            ObjKind::BigInt(b) => Ok(hash::hash_bigint(b)),
            ObjKind::Complex(c) => Ok(c.hash()),
            ObjKind::Bytes(b) => Ok(hash::hash_bytes(b)),
            ObjKind::Tuple(items) => {
                let mut hashes = Vec::with_capacity(items.len());
                for item in items.iter() {
                    hashes.push(hash_value(item)?);
                }
                Ok(hash::hash_tuple(&hashes))
            }
            ObjKind::FrozenSet(set) => Ok(set.frozenset_hash()),
            ObjKind::Range { start, stop, step } => Ok(range_hash(*start, *stop, *step)),
            ObjKind::List(_)
            | ObjKind::Dict(_)
            | ObjKind::Set(_)
            | ObjKind::Slice(_)
            | ObjKind::ByteArray(_) => Err(Unhashable(o.kind().type_name().to_string())),
            // Keys and items views compare as sets, so (like sets) they have no hash; a values
            // view hashes by identity.
            ObjKind::DictView {
                view: super::iter::ViewKind::Keys | super::iter::ViewKind::Items,
                ..
            } => Err(Unhashable(o.kind().type_name().to_string())),
            // Equal methods hash alike: by the object they are bound to (its identity) and
            // their function.
            ObjKind::BoundMethod { func, receiver } => {
                let bound = match receiver {
                    Value::Obj(r) => identity_hash(r),
                    other => hash_value(other).unwrap_or(0),
                };
                Ok(bound ^ hash_value(func).unwrap_or(0))
            }
            // Equal built-in functions (`BuiltinFn::same_as`) hash alike.
            ObjKind::Builtin(b) => {
                let bound = match &b.receiver {
                    Some(Value::Obj(r)) => identity_hash(r),
                    Some(other) => hash_value(other).unwrap_or(0),
                    None => 0,
                };
                Ok(bound ^ hash::hash_bytes(b.name.as_bytes()))
            }
            _ => Ok(identity_hash(o)),
        },
    }
}

/// CPython's hash of a range: that of `(len, start, step)`, with `None` in place of the parts
/// that do not change the items (equal ranges hash alike).
fn range_hash(start: i64, stop: i64, step: i64) -> i64 {
    let len = super::int::range_count(start, stop, step);
    let (start, step) = (start as i128, step as i128);
    let none = 0xFCA86420;
    let int = |n: i128| match i64::try_from(n) {
        Ok(n) => hash::hash_i64(n),
        Err(_) => hash::hash_bigint(&n.into()),
    };
    let parts = match len {
        0 => [hash::hash_i64(0), none, none],
        1 => [hash::hash_i64(1), int(start), none],
        _ => [int(len), int(start), int(step)],
    };
    hash::hash_tuple(&parts)
}

/// CPython's default object hash, from the address.
pub fn identity_hash<R: Runtime>(o: &ObjRef<R>) -> i64 {
    hash::hash_pointer(o.addr())
}

/// Key equality for built-in types (no Python code runs).
pub fn key_eq<R: Runtime>(a: &Value<R>, b: &Value<R>) -> bool {
    use Value::*;
    match (a, b) {
        (None, None) => true,
        (Bool(x), Bool(y)) => x == y,
        (Int(x), Int(y)) => x == y,
        // Identity before equality, as CPython's lookups: a NaN finds itself.
        (Float(x), Float(y)) => x == y || x.to_bits() == y.to_bits(),
        (Int(x), Float(y)) | (Float(y), Int(x)) => (*x as f64) == *y && y.fract() == 0.0,
        (Bool(x), Int(y)) | (Int(y), Bool(x)) => *x as i64 == *y,
        (Bool(x), Float(y)) | (Float(y), Bool(x)) => (*x as i64 as f64) == *y,
        (Obj(x), Obj(y)) => {
            if x.ptr_eq(y) {
                return true;
            }
            match (x.kind(), y.kind()) {
                (ObjKind::Str(s), ObjKind::Str(t)) => s.as_str() == t.as_str(),
                (ObjKind::BigInt(s), ObjKind::BigInt(t)) => s == t,
                (ObjKind::Complex(s), ObjKind::Complex(t)) => s == t,
                (ObjKind::Bytes(s), ObjKind::Bytes(t)) => s == t,
                (ObjKind::Tuple(s), ObjKind::Tuple(t)) => {
                    s.len() == t.len() && s.iter().zip(t.iter()).all(|(p, q)| key_eq(p, q))
                }
                (ObjKind::FrozenSet(s), ObjKind::FrozenSet(t)) => {
                    s.len() == t.len() && s.iter().all(|(h, k)| t.contains(h, |x| key_eq(x, k)))
                }
                (
                    ObjKind::BoundMethod {
                        func: f,
                        receiver: r,
                    },
                    ObjKind::BoundMethod {
                        func: g,
                        receiver: q,
                    },
                ) => r.is(q) && key_eq(f, g),
                (ObjKind::Builtin(f), ObjKind::Builtin(g)) => f.same_as(g),
                _ => false,
            }
        }
        (Obj(x), Float(f)) | (Float(f), Obj(x)) => match x.kind() {
            ObjKind::BigInt(b) => {
                use num_traits::ToPrimitive;
                b.to_f64() == Some(*f) && f.fract() == 0.0 && f.abs() >= 9.0e15
            }
            _ => false,
        },
        _ => false,
    }
}

/// Builds a key, or says why the value can't be one.
pub fn make_key<R: Runtime>(value: Value<R>) -> Result<DictKey<R>, Unhashable> {
    let hash = hash_value(&value)?;
    Ok(DictKey { hash, value })
}
