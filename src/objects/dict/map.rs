//! `OrderMap`: the insertion-ordered hash map behind `dict`, laid out as CPython 3.11's
//! `Objects/dictobject.c` lays out a dict's keys: a dense array of entries in insertion order,
//! where removing a key leaves a hole (O(1), nothing moves), and an index table from hash to
//! entry position. Holes are squeezed out when an insertion finds the entry array's usable
//! room used up, by CPython's rule (the new size is the smallest power of two ≥ 3 × live
//! entries, two thirds of it usable), so the positions that a dict iterator walks move exactly
//! when CPython's do.
//!
//! Positions (`get_index`, `get_full`, `next_from`, ...) are places in the entry array, holes
//! included: they stay valid across removals of other keys, and change only when the map is
//! compacted (an insertion, a `clear`, a `pop` of the last entry).

use hashbrown::HashTable;
use std::hash::{BuildHasher, BuildHasherDefault, Hash};

use super::KeyHasher;

/// Smallest index size, as CPython's `PyDict_MINSIZE`.
const MIN_SIZE: usize = 8;

/// How many entries an index of `size` slots takes before it is resized (CPython's
/// `USABLE_FRACTION`).
fn usable_fraction(size: usize) -> usize {
    (size << 1) / 3
}

/// The index size for holding `minsize` (CPython's `calculate_log2_keysize`, as a size).
fn size_for(minsize: usize) -> usize {
    minsize.max(MIN_SIZE).next_power_of_two()
}

fn hash_of<Q: Hash + ?Sized>(q: &Q) -> u64 {
    BuildHasherDefault::<KeyHasher>::default().hash_one(q)
}

pub struct Bucket<K, V> {
    hash: u64,
    key: K,
    value: V,
}

impl<K: Clone, V: Clone> Clone for Bucket<K, V> {
    fn clone(&self) -> Self {
        Bucket {
            hash: self.hash,
            key: self.key.clone(),
            value: self.value.clone(),
        }
    }
}

/// An insertion-ordered map with O(1) removal (see the module's comment).
pub struct OrderMap<K, V> {
    /// Entries in insertion order; `None` is a removed entry's hole.
    entries: Vec<Option<Bucket<K, V>>>,
    /// Positions in `entries` of the live entries, by hash.
    indices: HashTable<usize>,
    /// Live entries.
    len: usize,
    /// Entries that may still be appended before the next compaction (CPython's `dk_usable`).
    usable: usize,
}

impl<K, V> Default for OrderMap<K, V> {
    fn default() -> Self {
        OrderMap {
            entries: Vec::new(),
            indices: HashTable::new(),
            len: 0,
            usable: usable_fraction(MIN_SIZE),
        }
    }
}

impl<K: Clone, V: Clone> Clone for OrderMap<K, V> {
    /// A copy without holes (what CPython's `dict.copy()` makes of a dict with many holes;
    /// one without holes keeps its layout, which is the same thing).
    fn clone(&self) -> Self {
        let mut map = OrderMap::with_capacity(self.len);
        for b in self.entries.iter().flatten() {
            map.push_new(b.hash, b.key.clone(), b.value.clone());
        }
        map
    }
}

impl<K: Clone, V: Clone> OrderMap<K, V> {
    /// CPython 3.11's `dict.copy()` (`PyDict_Copy`): a table with at most a third of its
    /// entries removed is cloned as it is, holes and room left included, so the copy compacts
    /// (and moves its iterators' positions) exactly when the original would; one with more
    /// holes is copied compactly into a table presized for its live entries (`dict_merge`
    /// into an empty dict).
    pub fn copy_as_dict(&self) -> Self {
        if self.len == 0 {
            return OrderMap::default();
        }
        if self.len >= self.entries.len() * 2 / 3 {
            return self.clone_layout();
        }
        self.clone()
    }

    /// A copy with this table's exact layout: holes, room left and index.
    fn clone_layout(&self) -> Self {
        OrderMap {
            entries: self.entries.clone(),
            indices: self.indices.clone(),
            len: self.len,
            usable: self.usable,
        }
    }
}

impl<K: Clone, V: Clone> OrderMap<K, V> {
    /// What CPython 3.11's `dict_merge` makes of this map in an empty dict (`dict(d)`,
    /// `{**d}`): a table without holes that is not oversized is cloned as it is, any other
    /// is copied compactly into a table presized for its live entries.
    pub fn merge_copy(&self) -> Self {
        let size = (self.entries.len() + self.usable) * 3 / 2;
        if self.len == self.entries.len()
            && (size <= MIN_SIZE || usable_fraction(size / 2) < self.len)
        {
            return self.clone_layout();
        }
        self.clone()
    }
}

impl<K: std::fmt::Debug, V: std::fmt::Debug> std::fmt::Debug for OrderMap<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K, V> OrderMap<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    /// A map presized for `n` entries (CPython's `_PyDict_NewPresized`).
    pub fn with_capacity(n: usize) -> Self {
        let size = size_for((n * 3).div_ceil(2));
        OrderMap {
            entries: Vec::with_capacity(n),
            indices: HashTable::with_capacity(n),
            len: 0,
            usable: usable_fraction(size),
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// One past the last position in use (live or hole).
    pub fn end(&self) -> usize {
        self.entries.len()
    }

    pub fn clear(&mut self) {
        *self = OrderMap::default();
    }

    /// The live entry at position `i`.
    #[inline]
    pub fn get_index(&self, i: usize) -> Option<(&K, &V)> {
        match self.entries.get(i) {
            Some(Some(b)) => Some((&b.key, &b.value)),
            _ => None,
        }
    }

    /// The live entry at position `i`, its value writable.
    #[inline]
    pub fn get_index_mut(&mut self, i: usize) -> Option<(&K, &mut V)> {
        match self.entries.get_mut(i) {
            Some(Some(b)) => Some((&b.key, &mut b.value)),
            _ => None,
        }
    }

    /// The first live entry at position `i` or later, with its position.
    pub fn next_from(&self, i: usize) -> Option<(usize, &K, &V)> {
        let rest = self.entries.get(i..)?;
        rest.iter()
            .enumerate()
            .find_map(|(j, b)| b.as_ref().map(|b| (i + j, &b.key, &b.value)))
    }

    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter {
            inner: self.entries.iter(),
            left: self.len,
        }
    }

    pub fn iter_mut(&mut self) -> IterMut<'_, K, V> {
        self.entries.iter_mut().flatten().map(bucket_mut)
    }

    /// Room for `n` more entries without growing.
    pub fn reserve(&mut self, n: usize) {
        self.entries.reserve(n);
        let entries = &self.entries;
        self.indices.reserve(n, |&j| bucket_hash(entries, j));
    }

    pub fn keys(&self) -> impl Iterator<Item = &K> + '_ {
        self.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &V> + '_ {
        self.iter().map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> + '_ {
        self.iter_mut().map(|(_, v)| v)
    }

    pub fn first(&self) -> Option<(&K, &V)> {
        self.iter().next()
    }

    pub fn last(&self) -> Option<(&K, &V)> {
        self.iter().next_back()
    }

    /// Removes and returns the last entry, as `dict.popitem()`: the entry array ends where it
    /// was, so later insertions fill that place again.
    pub fn pop(&mut self) -> Option<(K, V)> {
        let i = self.entries.iter().rposition(Option::is_some)?;
        let b = self.entries[i].take()?;
        self.forget(b.hash, i);
        self.entries.truncate(i);
        self.len -= 1;
        Some((b.key, b.value))
    }

    /// Removes the live entry at position `i`, leaving a hole.
    pub fn shift_remove_index(&mut self, i: usize) -> Option<(K, V)> {
        let b = self.entries.get_mut(i)?.take()?;
        self.forget(b.hash, i);
        self.len -= 1;
        Some((b.key, b.value))
    }

    /// Keeps the entries `keep` says yes to, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        for i in 0..self.entries.len() {
            let drop_it = match &mut self.entries[i] {
                Some(b) => !keep(&b.key, &mut b.value),
                None => false,
            };
            if drop_it {
                self.shift_remove_index(i);
            }
        }
    }

    /// The entries in order, leaving the map empty.
    pub fn drain(&mut self) -> impl Iterator<Item = (K, V)> {
        std::mem::take(self).into_iter()
    }

    fn forget(&mut self, hash: u64, i: usize) {
        if let Ok(e) = self.indices.find_entry(hash, |&j| j == i) {
            e.remove();
        }
    }

    /// Appends a key known to be absent, compacting first when the room is used up.
    fn push_new(&mut self, hash: u64, key: K, value: V) -> usize {
        if self.usable == 0 {
            self.compact(size_for(self.len * 3));
        }
        let i = self.entries.len();
        self.entries.push(Some(Bucket { hash, key, value }));
        let entries = &self.entries;
        self.indices
            .insert_unique(hash, i, |&j| bucket_hash(entries, j));
        self.usable -= 1;
        self.len += 1;
        i
    }

    /// CPython's `dictresize`: squeezes the holes out and starts an index of `size` slots.
    fn compact(&mut self, size: usize) {
        if self.len != self.entries.len() {
            self.entries.retain(Option::is_some);
            self.indices.clear();
            let entries = &self.entries;
            for (i, b) in entries.iter().enumerate() {
                let hash = b.as_ref().map_or(0, |b| b.hash);
                self.indices
                    .insert_unique(hash, i, |&j| bucket_hash(entries, j));
            }
        }
        self.usable = usable_fraction(size) - self.len;
    }
}

/// What a probe's key comparison says of one stored key (see [`OrderMap::find_hashed`]).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Match {
    Yes,
    No,
    /// Only code outside the map can tell (a user `__eq__`): the probe gives up unless
    /// another stored key matches.
    Ask,
}

/// A probe gave up: no stored key matched and one answered [`Match::Ask`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MustAsk;

/// What [`OrderMap::store_hashed`] did.
pub enum Stored<V> {
    /// The key was there: its old value.
    Replaced(V),
    /// The key was new: appended.
    Added,
    /// A stored key answered [`Match::Ask`] and none matched: nothing changed; the value back.
    Ask(V),
}

/// One probe of the index for `hash`: `eq` is asked only about live entries with that hash;
/// `ask` records whether one answered [`Match::Ask`].
#[inline(always)]
fn probe_eq<'a, K, V>(
    entries: &'a [Option<Bucket<K, V>>],
    hash: u64,
    mut eq: impl FnMut(&K) -> Match + 'a,
    ask: &'a mut bool,
) -> impl FnMut(&usize) -> bool + 'a {
    move |&i| match &entries[i] {
        Some(b) if b.hash == hash => match eq(&b.key) {
            Match::Yes => true,
            Match::No => false,
            Match::Ask => {
                *ask = true;
                false
            }
        },
        _ => false,
    }
}

impl<K, V> OrderMap<K, V> {
    /// The position of the live entry with table hash `hash` that `eq` says yes to, in one
    /// probe; `Err(MustAsk)` when none did and one answered [`Match::Ask`].
    #[inline]
    pub fn find_hashed(
        &self,
        hash: u64,
        eq: impl FnMut(&K) -> Match,
    ) -> Result<Option<usize>, MustAsk> {
        if self.len == 0 {
            return Ok(None);
        }
        let mut ask = false;
        let found = self
            .indices
            .find(hash, probe_eq(&self.entries, hash, eq, &mut ask))
            .copied();
        match found {
            None if ask => Err(MustAsk),
            found => Ok(found),
        }
    }

    /// `map[key] = value` in one probe of the index: the value replaced in place, or the
    /// key (made by `key` only then) appended at the slot the probe ended on. When the room is
    /// used up a new key compacts the map first (as `push_new`), which takes a second probe.
    #[inline]
    pub fn store_hashed(
        &mut self,
        hash: u64,
        mut eq: impl FnMut(&K) -> Match,
        key: impl FnOnce() -> K,
        value: V,
    ) -> Stored<V> {
        if self.usable == 0 {
            return match self.find_hashed(hash, &mut eq) {
                Err(MustAsk) => Stored::Ask(value),
                Ok(Some(i)) => match self.get_index_mut(i) {
                    Some((_, v)) => Stored::Replaced(std::mem::replace(v, value)),
                    None => Stored::Ask(value),
                },
                Ok(None) => {
                    self.push_new(hash, key(), value);
                    Stored::Added
                }
            };
        }
        let mut ask = false;
        let entries = &self.entries;
        let entry = self
            .indices
            .entry(hash, probe_eq(entries, hash, eq, &mut ask), |&j| {
                bucket_hash(entries, j)
            });
        match entry {
            hashbrown::hash_table::Entry::Occupied(e) => {
                let i = *e.get();
                match self.entries[i].as_mut() {
                    Some(b) => Stored::Replaced(std::mem::replace(&mut b.value, value)),
                    None => Stored::Ask(value),
                }
            }
            hashbrown::hash_table::Entry::Vacant(e) => {
                if ask {
                    return Stored::Ask(value);
                }
                let i = self.entries.len();
                e.insert(i);
                self.entries.push(Some(Bucket {
                    hash,
                    key: key(),
                    value,
                }));
                self.usable -= 1;
                self.len += 1;
                Stored::Added
            }
        }
    }

    /// Removes the live entry `eq` says yes to in one probe, leaving a hole; `Err(MustAsk)` as in
    /// [`find_hashed`](Self::find_hashed).
    #[inline]
    pub fn remove_hashed(
        &mut self,
        hash: u64,
        eq: impl FnMut(&K) -> Match,
    ) -> Result<Option<(K, V)>, MustAsk> {
        if self.len == 0 {
            return Ok(None);
        }
        let mut ask = false;
        let entries = &self.entries;
        match self
            .indices
            .find_entry(hash, probe_eq(entries, hash, eq, &mut ask))
        {
            Ok(e) => {
                let (i, _) = e.remove();
                let b = self.entries[i].take();
                self.len -= 1;
                Ok(b.map(|b| (b.key, b.value)))
            }
            Err(_) if ask => Err(MustAsk),
            Err(_) => Ok(None),
        }
    }
}

/// The live entries in order, values writable.
pub type IterMut<'a, K, V> = std::iter::Map<
    std::iter::Flatten<std::slice::IterMut<'a, Option<Bucket<K, V>>>>,
    fn(&'a mut Bucket<K, V>) -> (&'a K, &'a mut V),
>;

fn bucket_mut<K, V>(b: &mut Bucket<K, V>) -> (&K, &mut V) {
    (&b.key, &mut b.value)
}

fn bucket_hash<K, V>(entries: &[Option<Bucket<K, V>>], j: usize) -> u64 {
    entries[j].as_ref().map_or(0, |b| b.hash)
}

impl<K: Hash + Eq, V> OrderMap<K, V> {
    /// The position of the live entry whose key `key` is equivalent to.
    #[inline]
    pub fn get_index_of<Q>(&self, key: &Q) -> Option<usize>
    where
        Q: ?Sized + Hash + indexmap::Equivalent<K>,
    {
        if self.len == 0 {
            return None;
        }
        let hash = hash_of(key);
        let entries = &self.entries;
        self.indices
            .find(hash, |&i| match &entries[i] {
                Some(b) => b.hash == hash && key.equivalent(&b.key),
                None => false,
            })
            .copied()
    }

    #[inline]
    pub fn get_full<Q>(&self, key: &Q) -> Option<(usize, &K, &V)>
    where
        Q: ?Sized + Hash + indexmap::Equivalent<K>,
    {
        let i = self.get_index_of(key)?;
        let (k, v) = self.get_index(i)?;
        Some((i, k, v))
    }

    #[inline]
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        Q: ?Sized + Hash + indexmap::Equivalent<K>,
    {
        let i = self.get_index_of(key)?;
        self.get_index(i).map(|(_, v)| v)
    }

    pub fn get_key_value<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        Q: ?Sized + Hash + indexmap::Equivalent<K>,
    {
        let i = self.get_index_of(key)?;
        self.get_index(i)
    }

    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        Q: ?Sized + Hash + indexmap::Equivalent<K>,
    {
        let i = self.get_index_of(key)?;
        self.get_index_mut(i).map(|(_, v)| v)
    }

    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        Q: ?Sized + Hash + indexmap::Equivalent<K>,
    {
        self.get_index_of(key).is_some()
    }

    /// Sets `key` to `value`: an equal key already there keeps its key object and its place;
    /// the old value is returned.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        self.insert_full(key, value).1
    }

    /// As `insert`, with the entry's position.
    pub fn insert_full(&mut self, key: K, value: V) -> (usize, Option<V>) {
        match self.get_index_of(&key) {
            Some(i) => {
                let old = self
                    .get_index_mut(i)
                    .map(|(_, v)| std::mem::replace(v, value));
                (i, old)
            }
            None => {
                let hash = hash_of(&key);
                (self.push_new(hash, key, value), None)
            }
        }
    }

    /// Removes `key`; its value. (The name is `IndexMap`'s: order is kept, here in O(1).)
    pub fn shift_remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        Q: ?Sized + Hash + indexmap::Equivalent<K>,
    {
        self.shift_remove_entry(key).map(|(_, v)| v)
    }

    pub fn shift_remove_entry<Q>(&mut self, key: &Q) -> Option<(K, V)>
    where
        Q: ?Sized + Hash + indexmap::Equivalent<K>,
    {
        let i = self.get_index_of(key)?;
        self.shift_remove_index(i)
    }
}

impl<K: Hash + Eq, V> Extend<(K, V)> for OrderMap<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<K: Hash + Eq, V> FromIterator<(K, V)> for OrderMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = OrderMap::default();
        map.extend(iter);
        map
    }
}

/// The live entries in order.
pub struct Iter<'a, K, V> {
    inner: std::slice::Iter<'a, Option<Bucket<K, V>>>,
    left: usize,
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let b = self.inner.by_ref().flatten().next()?;
        self.left -= 1;
        Some((&b.key, &b.value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<K, V> DoubleEndedIterator for Iter<'_, K, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        while let Some(b) = self.inner.next_back() {
            if let Some(b) = b {
                self.left -= 1;
                return Some((&b.key, &b.value));
            }
        }
        None
    }
}

impl<K, V> ExactSizeIterator for Iter<'_, K, V> {}

impl<'a, K, V> IntoIterator for &'a OrderMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<K, V> IntoIterator for OrderMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::iter::FilterMap<
        std::vec::IntoIter<Option<Bucket<K, V>>>,
        fn(Option<Bucket<K, V>>) -> Option<(K, V)>,
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.entries
            .into_iter()
            .filter_map(|b| b.map(|b| (b.key, b.value)))
    }
}

/// A dict's cell is versioned: `LoadGlobal`'s caches compare the globals' and builtins'
/// versions.
impl<K, V> crate::objects::CellData for OrderMap<K, V> {
    const VERSIONED: bool = true;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(m: &OrderMap<i64, i64>) -> Vec<i64> {
        m.keys().copied().collect()
    }

    #[test]
    fn keeps_insertion_order_and_moves_reinserted_keys_to_the_end() {
        let mut m = OrderMap::new();
        for k in [5, 1, 9, 3] {
            m.insert(k, k * 10);
        }
        assert_eq!(m.insert(1, 11), Some(10));
        assert_eq!(order(&m), [5, 1, 9, 3]);
        assert_eq!(m.shift_remove(&1), Some(11));
        assert_eq!(m.shift_remove(&1), None);
        m.insert(1, 12);
        assert_eq!(order(&m), [5, 9, 3, 1]);
        assert_eq!(m.get(&1), Some(&12));
        assert_eq!(m.len(), 4);
    }

    #[test]
    fn removal_leaves_holes_that_positions_skip() {
        let mut m = OrderMap::new();
        for k in 0..5 {
            m.insert(k, k);
        }
        m.shift_remove(&1);
        m.shift_remove(&2);
        assert_eq!(m.get_index_of(&3), Some(3));
        assert!(m.get_index(1).is_none());
        assert_eq!(m.next_from(1).map(|(i, k, _)| (i, *k)), Some((3, 3)));
        assert_eq!(m.last().map(|(k, _)| *k), Some(4));
        assert_eq!(
            m.iter().rev().map(|(k, _)| *k).collect::<Vec<_>>(),
            [4, 3, 0]
        );
    }

    #[test]
    fn compacts_when_the_room_is_used_up_as_cpython_does() {
        // 8 slots, 5 usable: the sixth insertion finds no room and squeezes the holes out.
        let mut m = OrderMap::new();
        for k in 0..5 {
            m.insert(k, k);
        }
        m.shift_remove(&0);
        m.shift_remove(&2);
        assert_eq!(m.end(), 5);
        m.insert(7, 7);
        assert_eq!(m.end(), 4);
        assert_eq!(order(&m), [1, 3, 4, 7]);
        assert_eq!(m.get_index_of(&7), Some(3));
        for k in [1, 3, 4, 7] {
            assert_eq!(m.get(&k), Some(&k));
        }
    }

    #[test]
    fn pop_is_lifo_and_trims_the_tail() {
        let mut m = OrderMap::new();
        for k in 0..4 {
            m.insert(k, k);
        }
        m.shift_remove(&3);
        assert_eq!(m.pop(), Some((2, 2)));
        assert_eq!(m.end(), 2);
        m.insert(8, 8);
        assert_eq!(order(&m), [0, 1, 8]);
        assert_eq!(m.pop(), Some((8, 8)));
        assert_eq!(m.pop(), Some((1, 1)));
        assert_eq!(m.pop(), Some((0, 0)));
        assert_eq!(m.pop(), None);
    }

    #[test]
    fn a_sliding_window_stays_small_and_correct() {
        let mut m = OrderMap::new();
        let window = 1000;
        for k in 0..100_000i64 {
            m.insert(k, -k);
            if k >= window {
                assert_eq!(m.shift_remove(&(k - window)), Some(window - k));
            }
        }
        assert_eq!(m.len(), window as usize);
        assert!(m.end() <= 4 * window as usize);
        assert_eq!(order(&m), (99_000..100_000).collect::<Vec<_>>());
        let copy = m.clone();
        assert_eq!(copy.end(), copy.len());
        assert_eq!(copy.get(&99_500), Some(&-99_500));
    }

    fn h(k: i64) -> u64 {
        hash_of(&k)
    }

    fn is(k: i64) -> impl FnMut(&i64) -> Match {
        move |s| if *s == k { Match::Yes } else { Match::No }
    }

    #[test]
    fn one_probe_operations_agree_with_the_general_ones() {
        let mut m = OrderMap::new();
        for k in 0..20i64 {
            assert!(matches!(
                m.store_hashed(h(k), is(k), || k, k),
                Stored::Added
            ));
        }
        assert!(matches!(
            m.store_hashed(h(3), is(3), || 3, 33),
            Stored::Replaced(3)
        ));
        assert_eq!(m.find_hashed(h(3), is(3)), Ok(Some(3)));
        assert_eq!(m.get(&3), Some(&33));
        assert_eq!(m.remove_hashed(h(4), is(4)), Ok(Some((4, 4))));
        assert_eq!(m.remove_hashed(h(4), is(4)), Ok(None));
        assert_eq!(m.find_hashed(h(4), is(4)), Ok(None));
        // A key only the caller can compare: the probe gives up rather than guess.
        let ask = |_: &i64| Match::Ask;
        assert_eq!(m.find_hashed(h(5), ask), Err(MustAsk));
        assert_eq!(m.remove_hashed(h(5), ask), Err(MustAsk));
        assert!(matches!(m.store_hashed(h(5), ask, || 5, 0), Stored::Ask(0)));
        assert_eq!(m.get(&5), Some(&5));
        m.store_hashed(h(4), is(4), || 4, 44);
        assert_eq!(order(&m).last(), Some(&4));
        assert_eq!(m.len(), 20);
    }

    #[test]
    fn copy_as_dict_keeps_a_few_holes_and_squeezes_many() {
        let mut m: OrderMap<i64, i64> = (0..5).map(|k| (k, k)).collect();
        m.shift_remove(&0);
        let c = m.copy_as_dict();
        assert_eq!((c.end(), c.usable), (5, 0));
        let mut m: OrderMap<i64, i64> = (0..20).map(|k| (k, k)).collect();
        for k in 3..18 {
            m.shift_remove(&k);
        }
        let c = m.copy_as_dict();
        assert_eq!((c.end(), c.usable), (5, 0));
        assert_eq!(order(&c), [0, 1, 2, 18, 19]);
        let mut m: OrderMap<i64, i64> = (0..11).map(|k| (k, k)).collect();
        while m.len() > 3 {
            m.pop();
        }
        assert_eq!(m.copy_as_dict().usable, m.usable);
    }

    #[test]
    fn retain_and_drain_keep_order() {
        let mut m: OrderMap<i64, i64> = (0..10).map(|k| (k, k)).collect();
        m.retain(|k, _| k % 3 != 0);
        assert_eq!(order(&m), [1, 2, 4, 5, 7, 8]);
        let all: Vec<_> = m.drain().map(|(k, _)| k).collect();
        assert_eq!(all, [1, 2, 4, 5, 7, 8]);
        assert!(m.is_empty());
        m.insert(3, 3);
        assert_eq!(order(&m), [3]);
    }
}
