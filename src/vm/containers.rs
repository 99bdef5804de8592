//! Container operations the eval loop and the builtins share: subscripts and slices, set and
//! dict building and updating, set algebra in CPython's order, and unpacking.

use super::iterate::NativeSlot;
use super::Vm;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::set::{same_key, SetData};
use crate::objects::{set_table, Args, DictKey, DictMap, ObjCell, ObjKind, Value};
use crate::syntax::ast::BinOp;
use crate::vm::Runtime;

/// A dict lookup that also collects the stored keys with the same hash that built-in equality
/// did not match, so the VM can then ask Python's `__eq__` about them (outside the dict's lock).
struct KeyProbe<'a, R: Runtime> {
    key: &'a DictKey<R>,
    candidates: std::cell::RefCell<Vec<Value<R>>>,
}

impl<R: Runtime> std::hash::Hash for KeyProbe<'_, R> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_i64(self.key.hash);
    }
}

impl<R: Runtime> indexmap::Equivalent<DictKey<R>> for KeyProbe<'_, R> {
    fn equivalent(&self, stored: &DictKey<R>) -> bool {
        if stored.hash != self.key.hash {
            return false;
        }
        if same_key(&stored.value, &self.key.value) {
            return true;
        }
        self.candidates.borrow_mut().push(stored.value.clone());
        false
    }
}

// True for instances of user classes, whose equality may be Python code (and native objects,
// which may define `__eq__` too: weak references compare their referents).
use crate::objects::dict::atom::{self, needs_python_eq, user_object};

/// `item in container` for an int or str `item` and an exact set or frozenset (or an atom in
/// an exact dict, see `objects::dict::atom`), decided
/// by hash and built-in equality alone (no `make_key`, no candidate list). `None` when the
/// operands are of other kinds, or when a stored key with the same hash is a user object whose
/// `__eq__` must be asked: the general `contains` then decides.
pub(super) fn contains_atom<R: Runtime>(container: &Value<R>, item: &Value<R>) -> Option<bool> {
    match container.kind()? {
        ObjKind::Set(s) => table_has_atom(&s.lock::<R>(), item),
        ObjKind::FrozenSet(s) => table_has_atom(s, item),
        ObjKind::Dict(d) => crate::objects::dict::atom::contains(d, item),
        _ => None,
    }
}

/// [`contains_atom`] for a set's table.
#[inline(always)]
fn table_has_atom<R: Runtime>(table: &SetData<R>, item: &Value<R>) -> Option<bool> {
    let hash = match item {
        Value::Int(i) => crate::objects::hash::hash_i64(*i),
        Value::Obj(o) => match o.kind() {
            ObjKind::Str(s) => s.hash(),
            _ => return None,
        },
        _ => return None,
    };
    let mut user = false;
    let found = table.contains(hash, |k| {
        // An int met by an int (the common probe of a set of ints) needs no more than this.
        if let (Value::Int(a), Value::Int(b)) = (k, item) {
            return a == b;
        }
        if same_key(k, item) {
            return true;
        }
        user |= user_object(k);
        false
    });
    match (found, user) {
        (true, _) => Some(true),
        (false, false) => Some(false),
        (false, true) => None,
    }
}

impl<R: Runtime> Vm<R> {
    /// The position of `key` in a dict, with Python equality for user objects.
    pub fn dict_index(
        &mut self,
        d: &ObjCell<DictMap<R>>,
        key: &DictKey<R>,
    ) -> PyResult<Option<usize>, R> {
        if let Some(found) = atom::index_of(&d.lock::<R>(), key) {
            return Ok(found);
        }
        let probe = KeyProbe {
            key,
            candidates: Default::default(),
        };
        let found = d.lock::<R>().get_index_of(&probe);
        if found.is_some() {
            return Ok(found);
        }
        for candidate in probe.candidates.into_inner() {
            if (needs_python_eq(&candidate) || needs_python_eq(&key.value))
                && self.eq(&candidate, &key.value)?
            {
                let exact = DictKey {
                    hash: key.hash,
                    value: candidate,
                };
                return Ok(d.lock::<R>().get_index_of(&exact));
            }
        }
        Ok(None)
    }

    /// `d[key]` on a dict's table, `None` when missing.
    pub fn dict_lookup(
        &mut self,
        d: &ObjCell<DictMap<R>>,
        key: &DictKey<R>,
    ) -> PyResult<Option<Value<R>>, R> {
        let Some(i) = self.dict_index(d, key)? else {
            return Ok(None);
        };
        Ok(d.lock::<R>().get_index(i).map(|(_, v)| v.clone()))
    }

    /// `d[key] = value` on a dict's table (an equal existing key keeps its place).
    pub fn dict_store(
        &mut self,
        d: &ObjCell<DictMap<R>>,
        key: DictKey<R>,
        value: Value<R>,
    ) -> PyResult<(), R> {
        let (key, value) = match atom::store_key(d, key, value) {
            Ok(old) => {
                drop(old);
                return Ok(());
            }
            Err(back) => back,
        };
        let old = match self.dict_index(d, &key)? {
            Some(i) => d
                .lock::<R>()
                .get_index_mut(i)
                .map(|(_, v)| std::mem::replace(v, value)),
            None => d.lock::<R>().insert(key, value),
        };
        drop(old);
        Ok(())
    }

    /// Removes `key` from a dict's table; the removed value.
    pub fn dict_remove(
        &mut self,
        d: &ObjCell<DictMap<R>>,
        key: &DictKey<R>,
    ) -> PyResult<Option<Value<R>>, R> {
        let Some(i) = self.dict_index(d, key)? else {
            return Ok(None);
        };
        let removed = d.lock::<R>().shift_remove_index(i);
        Ok(removed.map(|(_, v)| v))
    }

    /// Whether a set table holds `key`, with Python equality for user objects.
    pub fn set_table_has(&mut self, table: &SetData<R>, key: &DictKey<R>) -> PyResult<bool, R> {
        let mut candidates = Vec::new();
        let found = table.contains(key.hash, |k| {
            if same_key(k, &key.value) {
                return true;
            }
            candidates.push(k.clone());
            false
        });
        if found {
            return Ok(true);
        }
        for c in candidates {
            if (needs_python_eq(&c) || needs_python_eq(&key.value)) && self.eq(&c, &key.value)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// A new `set` holding `items`, inserted in order.
    pub fn new_set_from(&mut self, items: Vec<Value<R>>) -> PyResult<Value<R>, R> {
        let table = self.set_table_from(items)?;
        Ok(Value::new_obj(ObjKind::Set(ObjCell::new(table))))
    }

    pub fn set_table_from(&mut self, items: Vec<Value<R>>) -> PyResult<SetData<R>, R> {
        let mut table = SetData::new();
        // Whether a key whose `==` is Python code went in: until one has, no stored key can
        // ask for Python equality, and a new key needs only the insert's own probe.
        let mut holds_user = false;
        for v in items {
            let key = self.make_key(v)?;
            // As in set_add: Python code decides when the new key or a stored one with
            // the same hash is a user object (`{Fraction(1, 2), 0.5}` has one item).
            let user = needs_python_eq(&key.value);
            let stored_user =
                || holds_user && table.get(key.hash, |k| needs_python_eq(k)).is_some();
            if (user || stored_user()) && self.set_table_has(&table, &key)? {
                continue;
            }
            holds_user |= user;
            table.insert(key.hash, key.value, same_key);
        }
        Ok(table)
    }

    /// The set table of any iterable, merging CPython's way when it already is a set.
    pub fn set_table_of(&mut self, iterable: &Value<R>) -> PyResult<SetData<R>, R> {
        match iterable.kind() {
            Some(ObjKind::Set(s)) => Ok(s.lock::<R>().copy()),
            Some(ObjKind::FrozenSet(s)) => Ok(s.copy()),
            Some(ObjKind::Dict(d)) => {
                let keys: Vec<DictKey<R>> = d.lock::<R>().keys().cloned().collect();
                let mut table = SetData::new();
                table.presize_for_dict(keys.len());
                for k in keys {
                    table.insert(k.hash, k.value, same_key);
                }
                Ok(table)
            }
            _ => {
                let items = self.collect(iterable)?;
                self.set_table_from(items)
            }
        }
    }

    pub fn set_add(&mut self, set: &Value<R>, v: Value<R>) -> PyResult<(), R> {
        let key = self.make_key(v)?;
        if let Some(ObjKind::Set(s)) = set.kind() {
            // Python code decides equality when either the new key or a stored one with the
            // same hash is a user object (`{Same(2), 2}` calls `Same.__eq__`).
            let stored_user = || {
                s.lock::<R>()
                    .get(key.hash, |k| needs_python_eq(k))
                    .is_some()
            };
            if needs_python_eq(&key.value) || stored_user() {
                let snapshot = s.lock::<R>().copy_exact();
                if self.set_table_has(&snapshot, &key)? {
                    return Ok(());
                }
            }
            s.lock::<R>().insert(key.hash, key.value, same_key);
        }
        Ok(())
    }

    /// `s |= iterable` (and `set.update`).
    pub fn set_update(&mut self, set: &Value<R>, other: &Value<R>) -> PyResult<(), R> {
        let Some(ObjKind::Set(s)) = set.kind() else {
            return Ok(());
        };
        match other.kind() {
            Some(ObjKind::Set(_) | ObjKind::FrozenSet(_)) if other.is(set) => Ok(()),
            Some(ObjKind::Set(o)) => {
                let o = o.lock::<R>().copy();
                s.lock::<R>().merge(&o, same_key);
                Ok(())
            }
            Some(ObjKind::FrozenSet(o)) => {
                s.lock::<R>().merge(o, same_key);
                Ok(())
            }
            _ => {
                let table = self.set_table_of(other)?;
                let is_dict = matches!(other.kind(), Some(ObjKind::Dict(_)));
                let mut guard = s.lock::<R>();
                if is_dict {
                    guard.presize_for_dict(table.len());
                }
                for (h, k) in table.iter() {
                    guard.insert(h, k.clone(), same_key);
                }
                Ok(())
            }
        }
    }

    pub fn set_contains(&mut self, set: &Value<R>, item: &Value<R>) -> PyResult<bool, R> {
        let key = match item.kind() {
            // A set is looked up as the frozenset with the same items.
            Some(ObjKind::Set(s)) => {
                let t = s.lock::<R>().copy();
                self.make_key(Value::new_obj(ObjKind::FrozenSet(t)))?
            }
            _ => self.make_key(item.clone())?,
        };
        let mut candidates = Vec::new();
        let mut probe = |k: &Value<R>| {
            if same_key(k, &key.value) {
                return true;
            }
            if needs_python_eq(k) || needs_python_eq(&key.value) {
                candidates.push(k.clone());
            }
            false
        };
        let found = match set.kind() {
            Some(ObjKind::Set(s)) => s.lock::<R>().contains(key.hash, &mut probe),
            Some(ObjKind::FrozenSet(s)) => s.contains(key.hash, &mut probe),
            _ => false,
        };
        if found {
            return Ok(true);
        }
        // Keys with the same hash whose `==` is Python code, asked outside the lock.
        for c in candidates {
            if self.eq(&c, &key.value)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// A copy of the table of a set or frozenset value.
    pub fn set_snapshot(&self, v: &Value<R>) -> Option<SetData<R>> {
        match v.kind() {
            Some(ObjKind::Set(s)) => Some(s.lock::<R>().copy_exact()),
            Some(ObjKind::FrozenSet(s)) => Some(s.copy_exact()),
            _ => None,
        }
    }

    /// `a | b`, `a & b`, `a - b`, `a ^ b` for sets; the result has `a`'s type.
    pub(super) fn set_binary(
        &mut self,
        a: &Value<R>,
        b: &Value<R>,
        op: BinOp,
    ) -> PyResult<Option<Value<R>>, R> {
        let (Some(x), Some(y)) = (self.set_snapshot(a), self.set_snapshot(b)) else {
            return Ok(None);
        };
        if !matches!(
            op,
            BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor
        ) {
            return Ok(None);
        }
        let table = if holds_user_keys(&x) || holds_user_keys(&y) {
            self.set_op_by_eq(&x, &y, op)?
        } else {
            match op {
                BinOp::BitOr => set_table::union(&x, &y, same_key),
                BinOp::BitAnd => set_table::intersection(&x, &y, same_key),
                BinOp::Sub => set_table::difference(&x, &y, same_key),
                _ => set_table::symmetric_difference(&x, &y, same_key),
            }
        };
        Ok(Some(self.set_like(a, table)))
    }

    /// `x | y`, `x & y`, `x - y` or `x ^ y` of tables holding user objects, whose equality
    /// is their `__eq__`: each key of one side looked up in the other as `in` does.
    pub fn set_op_by_eq(
        &mut self,
        x: &SetData<R>,
        y: &SetData<R>,
        op: BinOp,
    ) -> PyResult<SetData<R>, R> {
        let keys = |t: &SetData<R>| -> Vec<DictKey<R>> {
            t.iter()
                .map(|(hash, value)| DictKey {
                    hash,
                    value: value.clone(),
                })
                .collect()
        };
        let mut out = SetData::new();
        match op {
            BinOp::BitAnd => {
                // CPython walks the smaller side, keeping its keys.
                let (walk, other) = if y.len() < x.len() { (y, x) } else { (x, y) };
                for key in keys(walk) {
                    if self.set_table_has(other, &key)? {
                        out.insert(key.hash, key.value, same_key);
                    }
                }
            }
            BinOp::Sub => {
                for key in keys(x) {
                    if !self.set_table_has(y, &key)? {
                        out.insert(key.hash, key.value, same_key);
                    }
                }
            }
            BinOp::BitOr => {
                out = x.copy();
                for key in keys(y) {
                    if !self.set_table_has(&out, &key)? {
                        out.insert(key.hash, key.value, same_key);
                    }
                }
            }
            _ => {
                for key in keys(x) {
                    if !self.set_table_has(y, &key)? {
                        out.insert(key.hash, key.value, same_key);
                    }
                }
                for key in keys(y) {
                    if !self.set_table_has(x, &key)? {
                        out.insert(key.hash, key.value, same_key);
                    }
                }
            }
        }
        Ok(out)
    }

    /// A set of the same type as `like` holding `table`.
    pub fn set_like(&self, like: &Value<R>, table: SetData<R>) -> Value<R> {
        match like.kind() {
            Some(ObjKind::FrozenSet(_)) => Value::new_obj(ObjKind::FrozenSet(table)),
            _ => Value::new_obj(ObjKind::Set(ObjCell::new(table))),
        }
    }

    pub(super) fn set_inplace(
        &mut self,
        a: Value<R>,
        b: &Value<R>,
        op: BinOp,
    ) -> PyResult<Value<R>, R> {
        let Some(ObjKind::Set(s)) = a.kind() else {
            return Ok(a);
        };
        if a.is(b) {
            match op {
                BinOp::Sub | BinOp::BitXor => s.lock::<R>().clear(),
                _ => {}
            }
            return Ok(a.clone());
        }
        let Some(other) = self.set_snapshot(b) else {
            return Ok(a.clone());
        };
        // Only keys sharing a hash with one of `other`'s can compare by Python code: the
        // walk is as long as `other`, not the set being updated.
        let by_eq = holds_user_keys(&other) || {
            let mine = s.lock::<R>();
            other
                .iter()
                .any(|(hash, _)| mine.get(hash, |k| needs_python_eq(k)).is_some())
        };
        if by_eq {
            let mine = s.lock::<R>().copy();
            let table = self.set_op_by_eq(&mine, &other, op)?;
            s.lock::<R>().replace_body(table);
            return Ok(a);
        }
        {
            let mut t = s.lock::<R>();
            match op {
                BinOp::BitOr => t.merge(&other, same_key),
                BinOp::BitAnd => t.intersection_update(&other, same_key),
                BinOp::Sub => t.difference_update(&other, same_key),
                _ => t.symmetric_difference_update(&other, same_key),
            }
        }
        Ok(a)
    }

    /// Whether every item of `x` is in `y`, asking `__eq__` where built-in equality cannot
    /// tell (sets of user objects).
    fn set_subset(&mut self, x: &SetData<R>, y: &SetData<R>) -> PyResult<bool, R> {
        if x.len() > y.len() {
            return Ok(false);
        }
        let items: Vec<DictKey<R>> = x
            .iter()
            .map(|(hash, value)| DictKey {
                hash,
                value: value.clone(),
            })
            .collect();
        for key in items {
            if !self.set_table_has(y, &key)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Set comparisons: subset/superset orderings and equality.
    pub(super) fn set_compare(
        &mut self,
        a: &Value<R>,
        b: &Value<R>,
        cmp: usize,
    ) -> PyResult<bool, R> {
        let (Some(x), Some(y)) = (self.set_snapshot(a), self.set_snapshot(b)) else {
            return Ok(false);
        };
        let python = |t: &SetData<R>| t.iter().any(|(_, k)| needs_python_eq(k));
        let (sub, sup) = if python(&x) || python(&y) {
            (self.set_subset(&x, &y)?, self.set_subset(&y, &x)?)
        } else {
            (
                set_table::is_subset(&x, &y, same_key),
                set_table::is_subset(&y, &x, same_key),
            )
        };
        Ok(match cmp {
            0 => sub && x.len() < y.len(),
            1 => sub,
            2 => sub && x.len() == y.len(),
            3 => !(sub && x.len() == y.len()),
            4 => sup && x.len() > y.len(),
            _ => sup,
        })
    }

    /// `target.update(other)`; with `strict`, a repeated key is an error (`f(**a, **b)`).
    pub fn dict_update_from(
        &mut self,
        target: &Value<R>,
        other: &Value<R>,
        strict: bool,
    ) -> PyResult<(), R> {
        if let Some(source) = self.dict_items_of(other) {
            return self.dict_merge(target, &source, strict);
        }
        let pairs: Vec<(Value<R>, Value<R>)> = {
            if let Ok(keys) = self.get_attr_str(other, "keys") {
                let keys = self.call(&keys, vec![], vec![])?;
                let keys = self.collect(&keys)?;
                let mut out = Vec::new();
                for k in keys {
                    let v = self.get_item(other, &k)?;
                    out.push((k, v));
                }
                out
            } else {
                let items = self.collect(other)?;
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    if !self.is_iterable(item) {
                        return Err(PyErr::type_error(format!(
                            "cannot convert dictionary update sequence element #{i} to a sequence"
                        )));
                    }
                    let pair = self.collect(item)?;
                    if pair.len() != 2 {
                        return Err(PyErr::value_error(format!(
                            "dictionary update sequence element #{i} has length {}; 2 is required",
                            pair.len()
                        )));
                    }
                    let mut it = pair.into_iter();
                    if let (Some(k), Some(v)) = (it.next(), it.next()) {
                        out.push((k, v));
                    }
                }
                out
            }
        };
        let Some(ObjKind::Dict(d)) = target.kind() else {
            return Ok(());
        };
        for (k, v) in pairs {
            let key = self.make_key(k)?;
            insert_merged(d, key, v, strict)?;
        }
        Ok(())
    }

    /// The table whose items `dict.update` takes directly, as CPython's `dict_merge`: a
    /// dict's, or that of a dict subclass instance whose class does not define `__iter__`.
    fn dict_items_of(&mut self, other: &Value<R>) -> Option<Value<R>> {
        match other.kind()? {
            ObjKind::Dict(_) => Some(other.clone()),
            ObjKind::Instance(i) => {
                let base = i.base.clone()?;
                let ObjKind::Dict(_) = base.kind()? else {
                    return None;
                };
                let key = self.static_key("__iter__");
                match self.lookup_type(&i.class, &key) {
                    Some(f) if matches!(f.kind(), Some(ObjKind::Builtin(_))) => Some(base),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Merges the dict `source` into the dict `target` with the hashes stored in `source` (no
    /// `__hash__` runs again); into an empty target, a copy of the table (see
    /// `OrderMap::merge_copy`). `strict`: a key already in `target` is an error (`f(**d)`).
    fn dict_merge(
        &mut self,
        target: &Value<R>,
        source: &Value<R>,
        strict: bool,
    ) -> PyResult<(), R> {
        let (Some(ObjKind::Dict(d)), Some(ObjKind::Dict(s))) = (target.kind(), source.kind())
        else {
            return Ok(());
        };
        if target.is(source) {
            return Ok(());
        }
        // One table locked at a time (two threads merging two dicts each way round must not
        // deadlock under --no-gil).
        let copy = if d.lock::<R>().is_empty() {
            let copy = s.lock::<R>().merge_copy();
            let mut guard = d.lock::<R>();
            if guard.is_empty() {
                let old = std::mem::replace(&mut *guard, copy);
                drop(guard);
                drop(old);
                return Ok(());
            }
            copy
        } else {
            s.lock::<R>().clone()
        };
        d.lock::<R>().reserve(copy.len());
        for (key, v) in copy.into_iter() {
            insert_merged(d, key, v, strict)?;
        }
        Ok(())
    }

    pub(super) fn dict_eq(&mut self, a: &Value<R>, b: &Value<R>) -> PyResult<bool, R> {
        let (Some(ObjKind::Dict(x)), Some(ObjKind::Dict(y))) = (a.kind(), b.kind()) else {
            return Ok(false);
        };
        // Comparing the values recurses (a dict that holds itself never ends): a level of
        // recursion of its own, as CPython's rich comparison counts one.
        if self.depth + 1 >= self.interp.recursion_limit() || self.stack_exhausted() {
            return Err(PyErr::new(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded in comparison",
            ));
        }
        self.depth += 1;
        let r = self.dict_items_eq(x, y);
        self.depth -= 1;
        r
    }

    /// [`Vm::dict_eq`] of two dicts' tables: the same keys, with equal values.
    fn dict_items_eq(
        &mut self,
        x: &ObjCell<DictMap<R>>,
        y: &ObjCell<DictMap<R>>,
    ) -> PyResult<bool, R> {
        let xs: Vec<(DictKey<R>, Value<R>)> = x
            .lock::<R>()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if xs.len() != y.lock::<R>().len() {
            return Ok(false);
        }
        for (k, v) in xs {
            let other = y.lock::<R>().get(&k).cloned();
            match other {
                Some(w) => {
                    if !self.eq(&v, &w)? {
                        return Ok(false);
                    }
                }
                None => return Ok(false),
            }
        }
        Ok(true)
    }

    /// `obj[index]`
    pub fn get_item(&mut self, obj: &Value<R>, index: &Value<R>) -> PyResult<Value<R>, R> {
        if let Some(b) = self.base_unless_overridden(obj, "__getitem__") {
            return self.subclass_get_item(obj, &b, index);
        }
        if let Some(i) = self.sequence_index_of(obj, index)? {
            return self.get_item(obj, &i);
        }
        match obj.kind() {
            Some(ObjKind::List(l)) => {
                if let Some(ObjKind::Slice(s)) = index.kind() {
                    // Picked under the lock: working out the bounds runs no Python code.
                    let picked = self.slice_pick(&l.lock::<R>(), s)?;
                    return Ok(self.new_list(picked));
                }
                let guard = l.lock::<R>();
                let len = guard.len();
                let i = self.seq_index(index, len, "list")?;
                guard
                    .get(i)
                    .cloned()
                    .ok_or_else(|| PyErr::index_error("list index out of range"))
            }
            Some(ObjKind::Tuple(t)) => {
                if let Some(ObjKind::Slice(s)) = index.kind() {
                    let (start, stop, step) = self.slice_indices(s, t.len())?;
                    // The whole of an immutable sequence is itself, as in CPython.
                    if whole(start, stop, step, t.len()) {
                        return Ok(obj.clone());
                    }
                    return Ok(self.new_tuple(pick(t, start, stop, step)));
                }
                let i = self.seq_index(index, t.len(), "tuple")?;
                t.get(i)
                    .cloned()
                    .ok_or_else(|| PyErr::index_error("tuple index out of range"))
            }
            Some(ObjKind::Str(s)) => {
                if let Some(ObjKind::Slice(sl)) = index.kind() {
                    let (start, stop, step) = self.slice_indices(sl, s.char_len())?;
                    if whole(start, stop, step, s.char_len()) {
                        return Ok(obj.clone());
                    }
                    // A plain slice is one substring (no copy of the rest of the text);
                    // an ASCII text steps through its bytes; only a stepped slice of other
                    // text goes through its characters.
                    let out: String = if step == 1 {
                        s.char_slice(start as usize, stop.max(start) as usize)
                            .to_string()
                    } else if s.is_ascii() {
                        let bytes = s.as_str().as_bytes();
                        slice_positions(start, stop, step)
                            .map(|i| bytes[i as usize] as char)
                            .collect()
                    } else {
                        let chars: Vec<char> = s.as_str().chars().collect();
                        slice_positions(start, stop, step)
                            .map(|i| chars[i as usize])
                            .collect()
                    };
                    return Ok(self.new_str(out));
                }
                let len = s.char_len();
                let i = match self.seq_index(index, len, "str") {
                    Ok(i) => i,
                    Err(_) if !is_index(index) => {
                        return Err(PyErr::type_error(format!(
                            "string indices must be integers, not '{}'",
                            self.type_name(index)
                        )))
                    }
                    Err(e) => return Err(e),
                };
                match s.char_at(i) {
                    Some(c) => Ok(self.new_str(c.to_string())),
                    None => Err(PyErr::index_error("string index out of range")),
                }
            }
            Some(ObjKind::Bytes(b)) => {
                if let Some(ObjKind::Slice(sl)) = index.kind() {
                    let (start, stop, step) = self.slice_indices(sl, b.len())?;
                    if whole(start, stop, step, b.len()) {
                        return Ok(obj.clone());
                    }
                    let out: Vec<u8> = slice_positions(start, stop, step)
                        .map(|i| b[i as usize])
                        .collect();
                    return Ok(Value::new_obj(ObjKind::Bytes(out.into_boxed_slice())));
                }
                let i = self.seq_index(index, b.len(), "bytes")?;
                b.get(i)
                    .map(|x| Value::Int(*x as i64))
                    .ok_or_else(|| PyErr::index_error("index out of range"))
            }
            Some(ObjKind::Range { start, stop, step }) => {
                let (start, stop, step) = (*start, *stop, *step);
                let len = super::ops::range_len(start, stop, step) as usize;
                if let Some(ObjKind::Slice(sl)) = index.kind() {
                    let (a, b, c) = self.slice_indices(sl, len)?;
                    return Ok(Value::new_obj(ObjKind::Range {
                        start: start + a * step,
                        stop: start + b * step,
                        step: step * c,
                    }));
                }
                let i = self.seq_index(index, len, "range")?;
                if i >= len {
                    return Err(PyErr::index_error("range object index out of range"));
                }
                Ok(Value::Int(start + i as i64 * step))
            }
            Some(ObjKind::Dict(d)) => {
                let key = self.make_key(index.clone())?;
                match self.dict_lookup(d, &key)? {
                    Some(v) => Ok(v),
                    None => Err(self.key_error(index.clone())),
                }
            }
            Some(ObjKind::Class(_)) => self.class_subscript(obj, index),
            // A native class's own `__getitem__` (array.array's), called directly.
            Some(ObjKind::Native(n)) => match self.native_slot(n, NativeSlot::GetItem) {
                Some(f) => f(self, Args::positional(vec![obj.clone(), index.clone()])),
                None => self.special_get_item(obj, index),
            },
            _ => self.special_get_item(obj, index),
        }
    }

    /// `obj[index]` through `type(obj).__getitem__`.
    fn special_get_item(&mut self, obj: &Value<R>, index: &Value<R>) -> PyResult<Value<R>, R> {
        if let Some(r) = self.call_special(obj, "__getitem__", vec![index.clone()])? {
            return Ok(r);
        }
        Err(PyErr::type_error(format!(
            "'{}' object is not subscriptable",
            self.type_name(obj)
        )))
    }

    /// A KeyError carrying the key itself.
    pub fn key_error(&mut self, key: Value<R>) -> PyErr<R> {
        let class = self.types().exception(ExcKind::KeyError).clone();
        match self.new_exception_object(&class, vec![key]) {
            Value::Obj(o) => PyErr::Object(o),
            _ => PyErr::new(ExcKind::KeyError, ""),
        }
    }

    /// `'tuple' object does not support item assignment` (or deletion).
    fn unsupported_item(&self, obj: &Value<R>, what: &str) -> PyErr<R> {
        // CPython words a deletion from a (read-only) sequence differently.
        let sequence = what == "deletion"
            && matches!(
                obj.kind(),
                Some(
                    ObjKind::Str(_)
                        | ObjKind::Bytes(_)
                        | ObjKind::Tuple(_)
                        | ObjKind::Range { .. }
                        | ObjKind::Set(_)
                        | ObjKind::FrozenSet(_)
                )
            );
        let does = if sequence { "doesn't" } else { "does not" };
        PyErr::type_error(format!(
            "'{}' object {does} support item {what}",
            self.type_name(obj)
        ))
    }

    /// `obj[index] = value`
    pub fn set_item(
        &mut self,
        obj: &Value<R>,
        index: Value<R>,
        value: Value<R>,
    ) -> PyResult<(), R> {
        if let Some(i) = self.sequence_index_of(obj, &index)? {
            return self.set_item(obj, i, value);
        }
        match obj.kind() {
            Some(ObjKind::List(l)) => {
                if let Some(ObjKind::Slice(s)) = index.kind() {
                    if !self.is_iterable(&value) {
                        return Err(PyErr::type_error("can only assign an iterable"));
                    }
                    let items = self.collect(&value)?;
                    return self.list_set_slice(l, s, items);
                }
                let mut guard = l.lock::<R>();
                let len = guard.len();
                let i = match self.seq_index(&index, len, "list") {
                    Ok(i) if i < len => i,
                    Ok(_) => return Err(PyErr::index_error("list assignment index out of range")),
                    Err(e) => return Err(e),
                };
                let old = std::mem::replace(&mut guard[i], value);
                drop(guard);
                drop(old);
                Ok(())
            }
            Some(ObjKind::Dict(d)) => {
                let key = self.make_key(index)?;
                self.dict_store(d, key, value)
            }
            // A native class's own `__setitem__` (array.array's), called directly.
            Some(ObjKind::Native(n)) if self.native_slot(n, NativeSlot::SetItem).is_some() => {
                match self.native_slot(n, NativeSlot::SetItem) {
                    Some(f) => f(self, Args::positional(vec![obj.clone(), index, value])).map(drop),
                    None => Ok(()),
                }
            }
            Some(ObjKind::Instance(_) | ObjKind::Native(_) | ObjKind::ByteArray(_)) => {
                // A built-in subclass without its own `__setitem__` (a defaultdict, a Counter)
                // stores into the value it extends, as the built-in would.
                if let Some(b) = self.base_unless_overridden(obj, "__setitem__") {
                    return self.set_item(&b, index, value);
                }
                match self.call_special(obj, "__setitem__", vec![index, value])? {
                    Some(_) => Ok(()),
                    None => Err(self.unsupported_item(obj, "assignment")),
                }
            }
            _ => Err(self.unsupported_item(obj, "assignment")),
        }
    }

    /// `del obj[index]`
    pub fn del_item(&mut self, obj: &Value<R>, index: &Value<R>) -> PyResult<(), R> {
        if let Some(i) = self.sequence_index_of(obj, index)? {
            return self.del_item(obj, &i);
        }
        match obj.kind() {
            Some(ObjKind::List(l)) => {
                if let Some(ObjKind::Slice(s)) = index.kind() {
                    let len = l.lock::<R>().len();
                    let (start, stop, step) = self.slice_indices(s, len)?;
                    let mut remove: Vec<usize> = slice_positions(start, stop, step)
                        .map(|i| i as usize)
                        .collect();
                    remove.sort_unstable();
                    let mut guard = l.lock::<R>();
                    let mut removed = Vec::new();
                    for i in remove.into_iter().rev() {
                        if i < guard.len() {
                            removed.push(guard.remove(i));
                        }
                    }
                    drop(guard);
                    return Ok(());
                }
                let mut guard = l.lock::<R>();
                let len = guard.len();
                let i = match self.seq_index(index, len, "list") {
                    Ok(i) if i < len => i,
                    Ok(_) => return Err(PyErr::index_error("list assignment index out of range")),
                    Err(e) => return Err(e),
                };
                let old = guard.remove(i);
                drop(guard);
                drop(old);
                Ok(())
            }
            Some(ObjKind::Dict(d)) => {
                let key = self.make_key(index.clone())?;
                match self.dict_remove(d, &key)? {
                    Some(_) => Ok(()),
                    None => Err(self.key_error(index.clone())),
                }
            }
            Some(ObjKind::Instance(_) | ObjKind::Native(_) | ObjKind::ByteArray(_)) => {
                match self.call_special(obj, "__delitem__", vec![index.clone()])? {
                    Some(_) => Ok(()),
                    None => Err(self.unsupported_item(obj, "deletion")),
                }
            }
            _ => Err(self.unsupported_item(obj, "deletion")),
        }
    }

    /// The int a built-in sequence's index stands for when it is an instance with
    /// `__index__` (`items[Position(2)]`); `None` for any other index or container.
    fn sequence_index_of(
        &mut self,
        obj: &Value<R>,
        index: &Value<R>,
    ) -> PyResult<Option<Value<R>>, R> {
        let range = matches!(obj.kind(), Some(ObjKind::Range { .. }));
        if !super::ops::builtin_sequence(obj) && !range {
            return Ok(None);
        }
        if let Some(ObjKind::Slice(parts)) = index.kind() {
            return self.plain_slice(parts);
        }
        if !matches!(index.kind(), Some(ObjKind::Instance(_))) {
            return Ok(None);
        }
        self.instance_index(index)
    }

    /// A slice with bounds given by objects with `__index__` (`seq[Pos(1):Pos(3)]`) as the
    /// same slice of ints, converted before any sequence is locked; `None` for a slice of
    /// ints and None only.
    fn plain_slice(&mut self, parts: &[Value<R>; 3]) -> PyResult<Option<Value<R>>, R> {
        if !parts
            .iter()
            .any(|p| matches!(p.kind(), Some(ObjKind::Instance(_))))
        {
            return Ok(None);
        }
        let mut plain = parts.clone();
        for part in plain.iter_mut() {
            if !matches!(part.kind(), Some(ObjKind::Instance(_))) {
                continue;
            }
            match self.instance_index(part)? {
                Some(i) => *part = i,
                None => {
                    return Err(PyErr::type_error(
                        "slice indices must be integers or None or have an __index__ method",
                    ))
                }
            }
        }
        Ok(Some(Value::new_obj(ObjKind::Slice(Box::new(plain)))))
    }

    /// `v.__index__()` of an instance of a user class that defines it (checked to be an int);
    /// `None` for any other value.
    pub fn instance_index(&mut self, v: &Value<R>) -> PyResult<Option<Value<R>>, R> {
        if !matches!(v.kind(), Some(ObjKind::Instance(_))) {
            return Ok(None);
        }
        match self.call_special(v, "__index__", vec![])? {
            None => Ok(None),
            Some(i @ (Value::Int(_) | Value::Bool(_))) => Ok(Some(i)),
            Some(i) if matches!(i.kind(), Some(ObjKind::BigInt(_))) => Ok(Some(i)),
            Some(other) => Err(PyErr::type_error(format!(
                "__index__ returned non-int (type {})",
                self.type_name(&other)
            ))),
        }
    }

    /// Normalizes a sequence index (negative counts from the end). Out-of-range indexes come
    /// back as `len` or more, for the caller's own error message.
    pub fn seq_index(&self, index: &Value<R>, len: usize, what: &str) -> PyResult<usize, R> {
        let i = match index {
            Value::Int(i) => *i,
            Value::Bool(b) => *b as i64,
            Value::Obj(o) if matches!(o.kind(), ObjKind::BigInt(_)) => {
                return Err(PyErr::index_error(
                    "cannot fit 'int' into an index-sized integer",
                ))
            }
            _ => {
                return Err(PyErr::type_error(format!(
                    "{what} indices must be integers or slices, not {}",
                    self.type_name(index)
                )))
            }
        };
        let i = if i < 0 { i + len as i64 } else { i };
        if i < 0 {
            Ok(usize::MAX)
        } else {
            Ok(i as usize)
        }
    }

    /// `slice.indices(len)`: start, stop, step clipped to the sequence.
    pub fn slice_indices(&self, s: &[Value<R>; 3], len: usize) -> PyResult<(i64, i64, i64), R> {
        let get = |v: &Value<R>| -> PyResult<Option<i64>, R> {
            match v {
                Value::None => Ok(None),
                Value::Int(i) => Ok(Some(*i)),
                Value::Bool(b) => Ok(Some(*b as i64)),
                Value::Obj(o) => match o.kind() {
                    ObjKind::BigInt(b) => {
                        use num_traits::Signed;
                        Ok(Some(if b.is_negative() {
                            i64::MIN / 2
                        } else {
                            i64::MAX / 2
                        }))
                    }
                    _ => Err(PyErr::type_error(
                        "slice indices must be integers or None or have an __index__ method",
                    )),
                },
                _ => Err(PyErr::type_error(
                    "slice indices must be integers or None or have an __index__ method",
                )),
            }
        };
        let step = get(&s[2])?.unwrap_or(1);
        if step == 0 {
            return Err(PyErr::value_error("slice step cannot be zero"));
        }
        let len = len as i64;
        let clip = |v: Option<i64>, default: i64, lo: i64, hi: i64| -> i64 {
            match v {
                None => default,
                Some(i) => {
                    let i = if i < 0 { i + len } else { i };
                    i.clamp(lo, hi)
                }
            }
        };
        let (start, stop) = if step > 0 {
            (clip(get(&s[0])?, 0, 0, len), clip(get(&s[1])?, len, 0, len))
        } else {
            (
                clip(get(&s[0])?, len - 1, -1, len - 1),
                clip(get(&s[1])?, -1, -1, len - 1),
            )
        };
        Ok((start, stop, step))
    }

    pub(super) fn slice_pick(
        &self,
        items: &[Value<R>],
        s: &[Value<R>; 3],
    ) -> PyResult<Vec<Value<R>>, R> {
        let (start, stop, step) = self.slice_indices(s, items.len())?;
        Ok(pick(items, start, stop, step))
    }

    fn list_set_slice(
        &mut self,
        l: &ObjCell<Vec<Value<R>>>,
        s: &[Value<R>; 3],
        items: Vec<Value<R>>,
    ) -> PyResult<(), R> {
        let len = l.lock::<R>().len();
        let (start, stop, step) = self.slice_indices(s, len)?;
        let mut guard = l.lock::<R>();
        if step == 1 {
            let stop = stop.max(start);
            let old: Vec<Value<R>> = guard.splice(start as usize..stop as usize, items).collect();
            drop(guard);
            drop(old);
            return Ok(());
        }
        let positions: Vec<i64> = slice_positions(start, stop, step).collect();
        if positions.len() != items.len() {
            return Err(PyErr::value_error(format!(
                "attempt to assign sequence of size {} to extended slice of size {}",
                items.len(),
                positions.len()
            )));
        }
        let mut old = Vec::new();
        for (p, v) in positions.into_iter().zip(items) {
            old.push(std::mem::replace(&mut guard[p as usize], v));
        }
        drop(guard);
        Ok(())
    }

    /// Unpacks exactly `n` items (for `a, b = x`).
    pub fn unpack(&mut self, seq: &Value<R>, n: usize) -> PyResult<Vec<Value<R>>, R> {
        let items = match seq.kind() {
            Some(ObjKind::Tuple(t)) => t.to_vec(),
            Some(ObjKind::List(l)) => l.lock::<R>().clone(),
            _ => {
                if !self.is_iterable(seq) {
                    return Err(PyErr::type_error(format!(
                        "cannot unpack non-iterable {} object",
                        self.type_name(seq)
                    )));
                }
                // Read at most n + 1 items, as CPython does.
                let it = self.get_iter(seq)?;
                let mut out = Vec::with_capacity(n);
                while let Some(v) = self.next_fast(&it)? {
                    out.push(v);
                    if out.len() > n {
                        return Err(PyErr::value_error(format!(
                            "too many values to unpack (expected {n})"
                        )));
                    }
                }
                out
            }
        };
        if items.len() > n {
            return Err(PyErr::value_error(format!(
                "too many values to unpack (expected {n})"
            )));
        }
        if items.len() < n {
            return Err(PyErr::value_error(format!(
                "not enough values to unpack (expected {n}, got {})",
                items.len()
            )));
        }
        Ok(items)
    }

    /// `len(v)`
    pub fn len(&mut self, v: &Value<R>) -> PyResult<usize, R> {
        // Only an instance can be a built-in subclass's value: the built-in kinds below are
        // read without looking for an overriding `__len__` first.
        if let Some(ObjKind::Instance(_)) = v.kind() {
            if let Some(b) = self.base_unless_overridden(v, "__len__") {
                return self.len(&b);
            }
        }
        Ok(match v.kind() {
            Some(ObjKind::Str(s)) => s.char_len(),
            Some(ObjKind::List(l)) => l.lock::<R>().len(),
            Some(ObjKind::Tuple(t)) => t.len(),
            Some(ObjKind::Dict(d)) => d.lock::<R>().len(),
            Some(ObjKind::Set(s)) => s.lock::<R>().len(),
            Some(ObjKind::FrozenSet(s)) => s.len(),
            Some(ObjKind::Bytes(b)) => b.len(),
            Some(ObjKind::Range { start, stop, step }) => {
                super::ops::range_len(*start, *stop, *step) as usize
            }
            Some(ObjKind::DictView { dict, .. }) => match dict.kind() {
                Some(ObjKind::Dict(d)) => d.lock::<R>().len(),
                _ => 0,
            },
            _ => match self.call_special(v, "__len__", vec![])? {
                Some(r) => self.len_result(r)?,
                None => {
                    return Err(PyErr::type_error(format!(
                        "object of type '{}' has no len()",
                        self.type_name(v)
                    )))
                }
            },
        })
    }

    /// What a `__len__` returned, as CPython takes it (for `len()` and for truth alike): an
    /// int, or an object with `__index__`, not below 0 and fitting an index.
    pub fn len_result(&mut self, r: Value<R>) -> PyResult<usize, R> {
        let r = match self.instance_index(&r)? {
            Some(i) => i,
            None => r,
        };
        match r {
            Value::Int(n) if n >= 0 => Ok(n as usize),
            Value::Int(_) => Err(PyErr::value_error("__len__() should return >= 0")),
            Value::Bool(b) => Ok(b as usize),
            big if matches!(big.kind(), Some(ObjKind::BigInt(_))) => {
                // CPython checks the sign before the size.
                let negative = matches!(big.kind(),
                    Some(ObjKind::BigInt(b)) if b.sign() == num_bigint::Sign::Minus);
                Err(if negative {
                    PyErr::value_error("__len__() should return >= 0")
                } else {
                    PyErr::overflow("cannot fit 'int' into an index-sized integer")
                })
            }
            other => Err(PyErr::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                self.type_name(&other)
            ))),
        }
    }

    /// A dict map built from key/value pairs.
    pub fn dict_from_pairs(&mut self, pairs: Vec<(Value<R>, Value<R>)>) -> PyResult<DictMap<R>, R> {
        let mut map = DictMap::default();
        for (k, v) in pairs {
            let key = self.make_key(k)?;
            map.insert(key, v);
        }
        Ok(map)
    }
}

fn is_index<R: Runtime>(v: &Value<R>) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_)) || matches!(v.kind(), Some(ObjKind::BigInt(_)))
}

/// The items a clipped slice visits (`slice_indices`' start, stop and step), copied out:
/// the usual steps 1 and -1 as one run.
pub(super) fn pick<R: Runtime>(
    items: &[Value<R>],
    start: i64,
    stop: i64,
    step: i64,
) -> Vec<Value<R>> {
    match step {
        1 if start < stop => items[start as usize..stop as usize].to_vec(),
        -1 if start > stop => items[(stop + 1) as usize..=start as usize]
            .iter()
            .rev()
            .cloned()
            .collect(),
        1 | -1 => Vec::new(),
        _ => slice_positions(start, stop, step)
            .map(|i| items[i as usize].clone())
            .collect(),
    }
}

/// The positions a clipped slice visits.
/// Whether resolved slice bounds cover a whole sequence of `len` items, in order.
pub(super) fn whole(start: i64, stop: i64, step: i64, len: usize) -> bool {
    step == 1 && start == 0 && stop >= len as i64
}

pub fn slice_positions(start: i64, stop: i64, step: i64) -> impl Iterator<Item = i64> {
    let mut i = start;
    std::iter::from_fn(move || {
        if (step > 0 && i < stop) || (step < 0 && i > stop) {
            let r = i;
            i += step;
            Some(r)
        } else {
            None
        }
    })
}

/// Stores one merged item (the old value is dropped after the lock is let go); `strict`: a
/// key already present is `f(**a, **b)`'s error.
fn insert_merged<R: Runtime>(
    d: &ObjCell<DictMap<R>>,
    key: DictKey<R>,
    value: Value<R>,
    strict: bool,
) -> PyResult<(), R> {
    let mut guard = d.lock::<R>();
    if strict && guard.contains_key(&key) {
        drop(guard);
        let name = key.value.as_str().unwrap_or("?").to_string();
        return Err(PyErr::type_error(format!(
            "got multiple values for keyword argument '{name}'"
        )));
    }
    let old = guard.insert(key, value);
    drop(guard);
    drop(old);
    Ok(())
}

/// Whether a set table holds a key whose equality is Python code (a user object).
fn holds_user_keys<R: Runtime>(t: &SetData<R>) -> bool {
    t.iter().any(|(_, k)| needs_python_eq(k))
}
