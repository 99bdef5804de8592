//! `SetTable`: the open-addressing hash table behind `set` and `frozenset`, laid out slot for
//! slot like CPython 3.11's `Objects/setobject.c`, so that iteration, `repr` and `set.pop()`
//! come out in exactly CPython's order. It owns the probe sequence (runs of `LINEAR_PROBES`
//! adjacent slots, then the perturbed jump), the fill/used accounting with dummy slots, the
//! resize rule, `set_merge`'s fast paths, `pop`'s finger, and how each binary operation builds
//! its result. It does not own hashing or key equality: callers pass the key's hash (never -1;
//! CPython maps -1 to -2) and an equality closure, because comparing Python objects may need
//! the interpreter. Nor does it know about Python errors, iterables other than sets, or the
//! `set`/`frozenset` object types themselves (`objects/set.rs`).
//!
//! Equality closures are called as CPython calls `PyObject_RichCompareBool(stored, probe)`:
//! the key already in the table first, the key being looked up second, and only when the two
//! hashes are equal. CPython short-cuts identical objects before calling `__eq__`; a caller's
//! closure should do the same.

/// Smallest table; also the size after `clear()`.
const MIN_SIZE: usize = 8;
/// Adjacent slots examined after each probe before jumping elsewhere.
const LINEAR_PROBES: usize = 9;
/// How many bits of the hash are fed into each jump of the probe sequence.
const PERTURB_SHIFT: u32 = 5;
/// Above this many keys a full table only doubles instead of quadrupling.
const LARGE_SET: usize = 50_000;

#[derive(Debug, Clone)]
enum Slot<K> {
    /// Never used since the last resize; ends every probe sequence.
    Empty,
    /// Held a key that was removed; probes pass over it, and an insert may reuse it.
    Dummy,
    Active {
        hash: i64,
        key: K,
    },
}

/// A set's keys in CPython's slot order. `Clone` is deliberately not derived: CPython's
/// `set.copy()` re-lays the keys out (see [`SetTable::copy`]), which a field-by-field clone
/// would not.
#[derive(Debug)]
pub struct SetTable<K> {
    /// Always a power of two long, and never without an `Empty` slot.
    slots: Vec<Slot<K>>,
    /// Active plus dummy slots.
    fill: usize,
    /// Active slots.
    used: usize,
    /// Where the next `pop()` starts looking; survives `clear()` and resizes, as in CPython.
    finger: usize,
}

/// Where a probe for a key ended.
enum Lookup {
    Found(usize),
    /// `empty` ended the probe; `last_dummy` is the last dummy passed on the way there
    /// (CPython's `freeslot`, overwritten at each dummy).
    Missing {
        empty: usize,
        last_dummy: Option<usize>,
    },
}

/// Where [`SetTable::find`] would put a key it did not find (see [`Lookup::Missing`]).
pub struct Vacancy {
    empty: usize,
    last_dummy: Option<usize>,
}

/// CPython's probe order for one hash, calling `visit` with each slot index until it says
/// stop: from each start slot `i`, the run `i..=i+9` when it fits below the mask (otherwise
/// `i` alone), then `i = 5*i + 1 + (perturb >>= 5)`. Endless but for `visit`, which stops
/// at an `Empty` slot at the latest (every table has one). A plain loop rather than an
/// iterator: a set's `in` and `add` are mostly one or two slots, and the probe's own
/// set-up is then most of their cost.
#[inline(always)]
fn probe<T>(hash: i64, mask: usize, mut visit: impl FnMut(usize) -> Option<T>) -> T {
    let mut perturb = hash as u64;
    let mut start = (hash as u64 as usize) & mask;
    loop {
        let last = if start + LINEAR_PROBES <= mask {
            start + LINEAR_PROBES
        } else {
            start
        };
        for index in start..=last {
            if let Some(done) = visit(index) {
                return done;
            }
        }
        perturb >>= PERTURB_SHIFT;
        start = start
            .wrapping_mul(5)
            .wrapping_add(1)
            .wrapping_add(perturb as usize)
            & mask;
    }
}

fn empty_slots<K>(size: usize) -> Vec<Slot<K>> {
    std::iter::repeat_with(|| Slot::Empty).take(size).collect()
}

/// Drops a table's slots, `used` of them active: the scan stops at the last active slot, as
/// the empty and dummy slots after it hold nothing to drop. A set of a few keys in a 32-slot
/// table (where a set's fifth key takes it) is then a few slots' work, not 32.
fn discard<K>(mut slots: Vec<Slot<K>>, mut used: usize) {
    for slot in slots.iter_mut() {
        if used == 0 {
            break;
        }
        if let Slot::Active { .. } = slot {
            *slot = Slot::Empty;
            used -= 1;
        }
    }
    if used == 0 {
        // SAFETY: every active slot has been emptied, and empty and dummy slots own nothing,
        // so forgetting the slots without dropping them leaks nothing.
        unsafe { slots.set_len(0) };
    }
}

/// CPython's `set_insert_clean`: place a key known to be absent, into a table without dummies.
fn insert_clean<K>(slots: &mut [Slot<K>], hash: i64, key: K) {
    let mask = slots.len().saturating_sub(1);
    let index = probe(hash, mask, |index| match slots.get(index) {
        Some(Slot::Empty) | None => Some(index),
        Some(_) => None,
    });
    if let Some(slot) = slots.get_mut(index) {
        *slot = Slot::Active { hash, key };
    }
}

/// CPython's `_shuffle_bits`, used by the frozenset hash.
fn shuffle_bits(hash: u64) -> u64 {
    ((hash ^ 89_869_747) ^ (hash << 16)).wrapping_mul(3_644_798_167)
}

impl<K> Drop for SetTable<K> {
    fn drop(&mut self) {
        discard(std::mem::take(&mut self.slots), self.used);
    }
}

impl<K> Default for SetTable<K> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K> SetTable<K> {
    pub fn new() -> Self {
        SetTable {
            slots: empty_slots(MIN_SIZE),
            fill: 0,
            used: 0,
            finger: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.used
    }

    /// A field-by-field copy with the same layout (a snapshot, not CPython's `set.copy()`).
    pub fn copy_exact(&self) -> SetTable<K>
    where
        K: Clone,
    {
        SetTable {
            slots: self.slots.clone(),
            fill: self.fill,
            used: self.used,
            finger: self.finger,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    #[inline(always)]
    fn mask(&self) -> usize {
        self.slots.len().saturating_sub(1)
    }

    #[inline(always)]
    fn lookup(&self, hash: i64, mut is_match: impl FnMut(&K) -> bool) -> Lookup {
        let mut last_dummy = None;
        probe(hash, self.mask(), |index| match self.slots.get(index) {
            Some(Slot::Active { hash: h, key }) => {
                (*h == hash && is_match(key)).then_some(Lookup::Found(index))
            }
            Some(Slot::Dummy) => {
                last_dummy = Some(index);
                None
            }
            // (Indices are masked to the table: never `None`.)
            Some(Slot::Empty) | None => Some(Lookup::Missing {
                empty: index,
                last_dummy,
            }),
        })
    }

    /// `eq` receives each stored key whose hash matches.
    #[inline]
    pub fn contains(&self, hash: i64, eq: impl FnMut(&K) -> bool) -> bool {
        self.get(hash, eq).is_some()
    }

    /// The stored key equal to the probe (which may be a different but equal object). A
    /// probe that needs no dummy bookkeeping: it ends at the matching key itself (no second
    /// look at its slot) or at the first empty slot.
    #[inline(always)]
    pub fn get(&self, hash: i64, mut eq: impl FnMut(&K) -> bool) -> Option<&K> {
        probe(hash, self.mask(), |index| match self.slots.get(index) {
            Some(Slot::Active { hash: h, key }) => (*h == hash && eq(key)).then_some(Some(key)),
            Some(Slot::Dummy) => None,
            // (Indices are masked to the table: never `None`.)
            Some(Slot::Empty) | None => Some(None),
        })
    }

    /// Adds unless an equal key is present; true if added (CPython's `set_add_entry`).
    /// `eq(stored, new)`. A new key takes the last dummy slot its probe passed, if any;
    /// otherwise it takes the empty slot that ended the probe, and then a table at 60% fill
    /// grows to hold four times (over 50,000 keys: twice) the keys.
    pub fn insert(&mut self, hash: i64, key: K, mut eq: impl FnMut(&K, &K) -> bool) -> bool {
        match self.find(hash, |stored| eq(stored, &key)) {
            Ok(()) => false,
            Err(vacancy) => {
                self.fill_vacancy(vacancy, hash, key);
                true
            }
        }
    }

    /// One probe for `hash`: `Ok` when `eq` matched a stored key, else where that key would
    /// go. The vacancy is good for [`SetTable::fill_vacancy`] until the table next changes;
    /// a caller that must decide between the two (`set.add` of a key a stored object's
    /// `__eq__` may claim) probes once instead of once to look and once to insert.
    #[inline]
    pub fn find(&self, hash: i64, eq: impl FnMut(&K) -> bool) -> Result<(), Vacancy> {
        match self.lookup(hash, eq) {
            Lookup::Found(_) => Ok(()),
            Lookup::Missing { empty, last_dummy } => Err(Vacancy { empty, last_dummy }),
        }
    }

    /// Puts `key` where [`SetTable::find`] found room for it, as `insert` would have. Inlined
    /// into the callers' probe (a set's `add` is mostly this and one slot); the growth that
    /// one add in a few needs stays out of line.
    #[inline(always)]
    pub fn fill_vacancy(&mut self, vacancy: Vacancy, hash: i64, key: K) {
        match vacancy.last_dummy {
            Some(dummy) => self.occupy(dummy, hash, key),
            None => {
                self.occupy(vacancy.empty, hash, key);
                self.fill += 1;
                if self.fill * 5 >= self.mask() * 3 {
                    self.grow();
                }
            }
        }
    }

    /// The resize an insert that reached 60% fill asks for.
    #[inline(never)]
    fn grow(&mut self) {
        self.resize(self.growth_target());
    }

    #[inline(always)]
    fn occupy(&mut self, index: usize, hash: i64, key: K) {
        if let Some(slot) = self.slots.get_mut(index) {
            *slot = Slot::Active { hash, key };
            self.used += 1;
        }
    }

    /// Removes and returns the stored key equal to the probe, leaving a dummy in its slot
    /// (CPython's `set_discard_entry`; the table never shrinks here).
    pub fn remove(&mut self, hash: i64, eq: impl FnMut(&K) -> bool) -> Option<K> {
        let Lookup::Found(index) = self.lookup(hash, eq) else {
            return None;
        };
        let slot = self.slots.get_mut(index)?;
        match std::mem::replace(slot, Slot::Dummy) {
            Slot::Active { key, .. } => {
                self.used -= 1;
                Some(key)
            }
            other => {
                *slot = other;
                None
            }
        }
    }

    /// `set.pop()`: the first active slot at or after the finger (wrapping round), which is
    /// left a dummy; the finger moves just past it.
    pub fn pop(&mut self) -> Option<(i64, K)> {
        if self.used == 0 {
            return None;
        }
        let mask = self.mask();
        let mut index = self.finger & mask;
        while !matches!(self.slots.get(index), Some(Slot::Active { .. })) {
            index = (index + 1) & mask;
        }
        let slot = self.slots.get_mut(index)?;
        match std::mem::replace(slot, Slot::Dummy) {
            Slot::Active { hash, key } => {
                self.used -= 1;
                self.finger = index + 1;
                Some((hash, key))
            }
            other => {
                *slot = other;
                None
            }
        }
    }

    /// Back to an empty table of the minimum size. The pop finger is kept, as in CPython.
    pub fn clear(&mut self) {
        let old = std::mem::replace(&mut self.slots, empty_slots(MIN_SIZE));
        discard(old, self.used);
        self.fill = 0;
        self.used = 0;
    }

    /// The table's size and its keys with their slot indices, in slot order: what
    /// [`SetTable::from_layout`] makes the same table from (the bytecode cache writes a
    /// frozenset constant so, as the same layout is the same iteration order).
    pub fn layout(&self) -> (usize, impl Iterator<Item = (usize, &K)> + '_) {
        let keys = self
            .slots
            .iter()
            .enumerate()
            .filter_map(|(index, slot)| match slot {
                Slot::Active { key, .. } => Some((index, key)),
                _ => None,
            });
        (self.slots.len(), keys)
    }

    /// A table of `size` slots holding each key at the slot given, if lookups work on it: the
    /// size a power of two of at least 8, under the 60% fill a table grows at (and no larger
    /// than growth makes one), each slot named once, and each key found at its slot by a
    /// probe for its hash. `None` otherwise (a damaged cache file, or a key whose hash is not
    /// the one it had when written).
    pub fn from_layout(size: usize, entries: Vec<(usize, i64, K)>) -> Option<SetTable<K>> {
        let used = entries.len();
        let largest = MIN_SIZE.max(used.saturating_mul(16));
        if !size.is_power_of_two() || size < MIN_SIZE || size > largest {
            return None;
        }
        if used * 5 >= (size - 1) * 3 {
            return None;
        }
        let mut table = SetTable {
            slots: empty_slots(size),
            fill: used,
            used: 0,
            finger: 0,
        };
        let mut hashes = Vec::with_capacity(used);
        for (index, hash, key) in entries {
            match table.slots.get_mut(index) {
                Some(slot @ Slot::Empty) => *slot = Slot::Active { hash, key },
                _ => return None,
            }
            table.used += 1;
            hashes.push((index, hash));
        }
        for (index, hash) in hashes {
            let Some(Slot::Active { key: stored, .. }) = table.slots.get(index) else {
                return None;
            };
            match table.lookup(hash, |k| std::ptr::eq(k, stored)) {
                Lookup::Found(at) if at == index => {}
                _ => return None,
            }
        }
        Some(table)
    }

    /// Keys with their hashes in slot order, which is CPython's iteration order.
    pub fn iter(&self) -> impl Iterator<Item = (i64, &K)> + '_ {
        self.slots.iter().filter_map(|slot| match slot {
            Slot::Active { hash, key } => Some((*hash, key)),
            _ => None,
        })
    }

    /// CPython's `set_next`, for an iterator object that cannot hold a borrow: the first key
    /// at or after slot `position`, with the position to resume from. Start at 0. A set
    /// iterator should also compare `len()` with the length it started with, as CPython
    /// raises "Set changed size during iteration".
    pub fn next_entry(&self, position: usize) -> Option<(usize, i64, &K)> {
        self.slots
            .iter()
            .enumerate()
            .skip(position)
            .find_map(|(index, slot)| match slot {
                Slot::Active { hash, key } => Some((index + 1, *hash, key)),
                _ => None,
            })
    }

    /// Replaces the contents with `other`'s, keeping this set's pop finger: CPython's
    /// `set_swap_bodies`, as used by `s &= t` (see [`SetTable::intersection_update`]).
    pub fn replace_body(&mut self, mut other: SetTable<K>) {
        let old = std::mem::replace(&mut self.slots, std::mem::take(&mut other.slots));
        discard(old, self.used);
        self.fill = other.fill;
        self.used = other.used;
    }

    /// `hash(frozenset)`: independent of slot order (CPython's `frozenset_hash`).
    pub fn frozenset_hash(&self) -> i64 {
        let mut hash = self
            .iter()
            .fold(0u64, |acc, (h, _)| acc ^ shuffle_bits(h as u64));
        hash ^= (self.used as u64)
            .wrapping_add(1)
            .wrapping_mul(1_927_868_237);
        hash ^= (hash >> 11) ^ (hash >> 25);
        hash = hash.wrapping_mul(69_069).wrapping_add(907_133_923);
        if hash == u64::MAX {
            hash = 590_923_713;
        }
        hash as i64
    }

    fn growth_target(&self) -> usize {
        if self.used > LARGE_SET {
            self.used * 2
        } else {
            self.used * 4
        }
    }

    /// CPython's `set_table_resize`: rebuild into the smallest power-of-two table (at least 8)
    /// larger than `min_used`, re-placing the active keys in old slot order and dropping
    /// dummies. A minimum-size table without dummies is left alone.
    fn resize(&mut self, min_used: usize) {
        let new_size = min_used
            .saturating_add(1)
            .checked_next_power_of_two()
            .unwrap_or(usize::MAX / 2 + 1)
            .max(MIN_SIZE);
        if new_size == MIN_SIZE && self.slots.len() == MIN_SIZE && self.fill == self.used {
            return;
        }
        let mut old = std::mem::replace(&mut self.slots, empty_slots(new_size));
        let mut left = self.used;
        for slot in old.iter_mut() {
            if left == 0 {
                break;
            }
            if let Slot::Active { .. } = slot {
                if let Slot::Active { hash, key } = std::mem::replace(slot, Slot::Empty) {
                    insert_clean(&mut self.slots, hash, key);
                }
                left -= 1;
            }
        }
        discard(old, left);
        self.fill = self.used;
    }

    /// What CPython does before adding a dict's keys (`set(d)`, `s.update(d)`): one resize up
    /// front if `incoming` more keys would pass 60% fill. Then insert the keys in dict order
    /// with their stored hashes. Other iterables (list, tuple, range, str, generators) get no
    /// presizing: just `insert` each item in turn.
    pub fn presize_for_dict(&mut self, incoming: usize) {
        if (self.fill + incoming) * 5 >= self.mask() * 3 {
            self.resize((self.used + incoming) * 2);
        }
    }

    /// `set(other)`, `other.copy()`, `frozenset(other)`: a new table merged from `other`. The
    /// copy is sized for `other.len()`, so its order can differ from `other`'s.
    pub fn copy(&self) -> SetTable<K>
    where
        K: Clone,
    {
        let mut copy = SetTable::new();
        // An empty target never compares keys.
        copy.merge(self, |_, _| false);
        copy
    }

    /// CPython's `set_merge`, for `s.update(t)` and `s |= t` where `t` is a set or frozenset.
    /// `s.update(s)` is a no-op in CPython; callers must special-case it, since `self` and
    /// `other` cannot alias here. `eq(stored, new)`.
    pub fn merge(&mut self, other: &SetTable<K>, mut eq: impl FnMut(&K, &K) -> bool)
    where
        K: Clone,
    {
        if other.used == 0 {
            return;
        }
        // One big resize up front, expecting few overlapping keys.
        if (self.fill + other.used) * 5 >= self.mask() * 3 {
            self.resize((self.used + other.used) * 2);
        }
        if self.fill == 0 && self.slots.len() == other.slots.len() && other.fill == other.used {
            // Same size, no dummies on either side: copy slot for slot.
            for (mine, theirs) in self.slots.iter_mut().zip(&other.slots) {
                if let Slot::Active { hash, key } = theirs {
                    *mine = Slot::Active {
                        hash: *hash,
                        key: key.clone(),
                    };
                }
            }
        } else if self.fill == 0 {
            // Empty target: no duplicates and no dummies possible, so place keys directly.
            for (hash, key) in other.iter() {
                insert_clean(&mut self.slots, hash, key.clone());
            }
        } else {
            for (hash, key) in other.iter() {
                self.insert(hash, key.clone(), &mut eq);
            }
            return;
        }
        self.fill = other.used;
        self.used = other.used;
    }

    /// `s -= t` / `s.difference_update(t)` (CPython's `set_difference_update_internal`):
    /// discard each of `other`'s keys, then rebuild if over a quarter of the slots are
    /// dummies. For `s -= s` callers must `clear()` instead. `eq(stored, probe)`.
    pub fn difference_update(&mut self, other: &SetTable<K>, mut eq: impl FnMut(&K, &K) -> bool) {
        // CPython discards the intersection instead when `other` is over 8 times larger;
        // that leaves the same dummies, so the resulting order is the same.
        for (hash, key) in other.iter() {
            self.remove(hash, |stored| eq(stored, key));
        }
        self.purge_dummies_if_many();
    }

    /// The trailing step of CPython's difference update, for callers that discard the
    /// items of a non-set iterable one by one with `remove`.
    pub fn purge_dummies_if_many(&mut self) {
        if self.fill.saturating_sub(self.used) > self.mask() / 4 {
            self.resize(self.growth_target());
        }
    }

    /// `s ^= t` / `s.symmetric_difference_update(t)`: for each of `other`'s keys in its slot
    /// order, discard it if present, else add it. (A non-set iterable is first made into a
    /// set with inserts; `s ^= s` is `clear()`.) `eq(stored, probe)`.
    pub fn symmetric_difference_update(
        &mut self,
        other: &SetTable<K>,
        mut eq: impl FnMut(&K, &K) -> bool,
    ) where
        K: Clone,
    {
        for (hash, key) in other.iter() {
            if self.remove(hash, |stored| eq(stored, key)).is_none() {
                self.insert(hash, key.clone(), &mut eq);
            }
        }
    }

    /// `s &= t` / `s.intersection_update(t)`: the [`intersection`] swapped into `self`,
    /// keeping the pop finger. For `s &= s` use `s.replace_body(s.copy())`.
    pub fn intersection_update(&mut self, other: &SetTable<K>, eq: impl FnMut(&K, &K) -> bool)
    where
        K: Clone,
    {
        let result = intersection(self, other, eq);
        self.replace_body(result);
    }
}

/// `a | b`, `a.union(b)`: a copy of `a` (see [`SetTable::copy`]) merged with `b`. Keys
/// present in both are `a`'s.
pub fn union<K: Clone>(
    a: &SetTable<K>,
    b: &SetTable<K>,
    eq: impl FnMut(&K, &K) -> bool,
) -> SetTable<K> {
    let mut result = a.copy();
    if !std::ptr::eq(a, b) {
        result.merge(b, eq);
    }
    result
}

/// `a & b`, `a.intersection(b)`: walks the smaller set in its slot order (`b` when the sizes
/// are equal) and inserts each key that the other set contains into a new set; the keys are
/// the walked set's. `a & a` is a copy. `eq(stored_in_larger, key_of_smaller)`.
pub fn intersection<K: Clone>(
    a: &SetTable<K>,
    b: &SetTable<K>,
    mut eq: impl FnMut(&K, &K) -> bool,
) -> SetTable<K> {
    if std::ptr::eq(a, b) {
        return a.copy();
    }
    let (walked, probed) = if b.len() > a.len() { (a, b) } else { (b, a) };
    let mut result = SetTable::new();
    for (hash, key) in walked.iter() {
        if probed.contains(hash, |stored| eq(stored, key)) {
            result.insert(hash, key.clone(), &mut eq);
        }
    }
    result
}

/// `a - b`, `a.difference(b)`: keys are `a`'s. When `a` has over four times `b`'s keys,
/// a copy of `a` with `b`'s keys discarded (and dummies purged if many, see
/// [`SetTable::difference_update`]); otherwise a new set built by inserting, in `a`'s
/// order, each key `b` does not contain. `eq(stored, probe)`.
pub fn difference<K: Clone>(
    a: &SetTable<K>,
    b: &SetTable<K>,
    mut eq: impl FnMut(&K, &K) -> bool,
) -> SetTable<K> {
    if (a.len() >> 2) > b.len() {
        let mut result = a.copy();
        result.difference_update(b, eq);
        return result;
    }
    let mut result = SetTable::new();
    for (hash, key) in a.iter() {
        if !b.contains(hash, |stored| eq(stored, key)) {
            result.insert(hash, key.clone(), &mut eq);
        }
    }
    result
}

/// `a ^ b`, `a.symmetric_difference(b)`: a copy of `b`, then `a`'s keys toggled in `a`'s
/// slot order (see [`SetTable::symmetric_difference_update`]). `eq(stored, probe)`.
pub fn symmetric_difference<K: Clone>(
    a: &SetTable<K>,
    b: &SetTable<K>,
    eq: impl FnMut(&K, &K) -> bool,
) -> SetTable<K> {
    let mut result = b.copy();
    result.symmetric_difference_update(a, eq);
    result
}

/// `a <= b`, `a.issubset(b)`; `a >= b` is `is_subset(b, a)`, and `a == b` is equal lengths
/// plus `is_subset(a, b)`. Walks `a` in slot order, stopping at the first key `b` lacks.
/// `eq(stored_in_b, key_of_a)`.
pub fn is_subset<K>(a: &SetTable<K>, b: &SetTable<K>, mut eq: impl FnMut(&K, &K) -> bool) -> bool {
    a.len() <= b.len()
        && a.iter()
            .all(|(hash, key)| b.contains(hash, |stored| eq(stored, key)))
}

/// `a.isdisjoint(b)`: walks the smaller set (`b` when the sizes are equal), stopping at the
/// first key the other contains. `eq(stored_in_larger, key_of_smaller)`.
pub fn is_disjoint<K>(
    a: &SetTable<K>,
    b: &SetTable<K>,
    mut eq: impl FnMut(&K, &K) -> bool,
) -> bool {
    let (walked, probed) = if b.len() > a.len() { (a, b) } else { (b, a) };
    !walked
        .iter()
        .any(|(hash, key)| probed.contains(hash, |stored| eq(stored, key)))
}

impl<K> crate::objects::CellData for SetTable<K> {}

#[cfg(test)]
mod tests {
    use super::*;

    /// `hash(n)` for the small ints used here.
    fn h(n: i64) -> i64 {
        if n == -1 {
            -2
        } else {
            n
        }
    }

    fn eq(a: &i64, b: &i64) -> bool {
        a == b
    }

    fn built(keys: &[i64]) -> SetTable<i64> {
        let mut s = SetTable::new();
        for &k in keys {
            s.insert(h(k), k, eq);
        }
        s
    }

    fn add(s: &mut SetTable<i64>, k: i64) -> bool {
        s.insert(h(k), k, eq)
    }

    fn discard(s: &mut SetTable<i64>, k: i64) -> Option<i64> {
        s.remove(h(k), |x| *x == k)
    }

    fn order(s: &SetTable<i64>) -> Vec<i64> {
        s.iter().map(|(_, k)| *k).collect()
    }

    /// A display of three or more constants. CPython's compiler folds it into a frozenset
    /// constant, which its constant de-duplication rebuilds by adding the first frozenset's keys
    /// in iteration order; the code then merges that into a new set (`SET_UPDATE`).
    fn constant_display(keys: &[i64]) -> SetTable<i64> {
        built(&order(&built(keys))).copy()
    }
    #[test]
    fn displays_and_sequential_adds() {
        assert_eq!(order(&constant_display(&[3, 1, 2])), [1, 2, 3]);
        assert_eq!(order(&built(&[3, 1, 2])), [1, 2, 3]);
        assert_eq!(order(&built(&[10, 5, 100, 7])), [10, 100, 5, 7]);
        // hash(-1) == hash(-2) == -2, so these two collide and equality separates them.
        assert_eq!(order(&built(&[-1, -2, 8, 16, 0])), [0, 8, 16, -2, -1]);
        assert_eq!(
            order(&constant_display(&[-1, -2, 8, 16, 0])),
            [0, 16, -1, 8, -2]
        );
        let ten = [38, 101, 166, 12, 18, 137, 24, 93, 149, 14];
        assert_eq!(
            order(&built(&ten)),
            [101, 166, 38, 137, 12, 14, 18, 149, 24, 93]
        );
        assert_eq!(
            order(&constant_display(&ten)),
            [101, 38, 166, 137, 12, 14, 18, 149, 24, 93]
        );
        let reversed: Vec<i64> = (0..20).rev().collect();
        assert_eq!(order(&built(&reversed)), (0..20).collect::<Vec<_>>());
    }

    #[test]
    fn membership_and_duplicates() {
        let mut s = built(&[-1, -2, 8]);
        assert_eq!(s.len(), 3);
        assert!(!add(&mut s, -1));
        assert!(s.contains(-2, |k| *k == -1));
        assert!(!s.contains(-2, |k| *k == 5));
        assert_eq!(s.get(8, |k| *k == 8), Some(&8));
        assert_eq!(discard(&mut s, -2), Some(-2));
        assert_eq!(discard(&mut s, -2), None);
        assert_eq!(order(&s), [8, -1]);
        assert!(!s.is_empty());
    }

    const RANDOM_KEYS: [i64; 100] = [
        -14149, -618935, 527280, 212893, -362988, -580147, 860799, 517320, -139982, 587999, 502849,
        590953, -443791, 118160, -485849, 334098, 704107, 541914, 45013, -257247, -127853, 105889,
        526221, 291114, -542555, -350871, 140498, 476520, -307440, 89157, -843402, 533773, 623979,
        818447, -567186, 445404, 578297, 526072, -17415, 939174, 486953, 743791, 828520, 368434,
        -688843, 114863, -554123, 819197, -136162, -877348, 616252, -267161, 318418, -126389,
        -22976, -739569, 521099, 559240, -708568, 599730, -313986, -181469, -306208, -275861,
        664422, -578163, -317414, -104922, -130974, -336348, 190528, -551090, 898011, 819909,
        -146512, -519537, -571152, -915093, 572672, -527681, 597857, -959272, 814901, -457093,
        769909, 60404, -330540, 619850, 195729, 686909, 478821, -116996, 286993, -765047, -305576,
        785392, 368871, 272339, 636553, -516392,
    ];

    #[test]
    fn random_keys_added_removed_and_added_again() {
        let mut s = built(&RANDOM_KEYS);
        let all = [
            -362988, -317414, -136162, -336348, -104922, -485849, -708568, 486953, -22976, 502849,
            190528, 89157, -618935, -126389, -305576, -130974, 478821, -267161, 828520, 590953,
            704107, -275861, -567186, -443791, -457093, 860799, 559240, 636553, -519537, 195729,
            -127853, -542555, 939174, 114863, 599730, -14149, -527681, 819909, 517320, 140498,
            -330540, -959272, -516392, 541914, -877348, 587999, 368871, -571152, 526072, 578297,
            -116996, 572672, 533773, 818447, -307440, -739569, 334098, 286993, -257247, -181469,
            291114, -139982, 368434, -688843, 814901, 616252, 686909, 619850, -551090, 597857,
            664422, 476520, -350871, 623979, -915093, 743791, -554123, -843402, 769909, -313986,
            -765047, 521099, 526221, -578163, 118160, 212893, 105889, 527280, -146512, -580147,
            318418, 272339, 45013, 898011, 445404, -306208, 785392, 60404, -17415, 819197,
        ];
        assert_eq!(order(&s), all);
        for k in RANDOM_KEYS.iter().step_by(2) {
            assert_eq!(discard(&mut s, *k), Some(*k));
        }
        let half = [
            -336348, -104922, 89157, -618935, -126389, -267161, 590953, -275861, -457093, 559240,
            -519537, 939174, 114863, 599730, -527681, 819909, 517320, -959272, -516392, 541914,
            -877348, 587999, 526072, -116996, 533773, 818447, -739569, 334098, -257247, -181469,
            291114, 368434, 686909, 619850, -551090, 476520, -350871, -915093, 743791, -765047,
            -578163, 118160, 212893, 105889, -580147, 272339, 445404, 785392, 60404, 819197,
        ];
        assert_eq!(order(&s), half);
        let more = [
            -517, -50, -252, -722, -585, -245, 10, 219, 713, 286, -711, -464, -207, 277, -310,
            -313, 925, 451, 459, -48, 763, -653, 400, 424, 572, 763, -730, -321, 893, -577,
        ];
        for k in more {
            add(&mut s, k);
        }
        let expected = [
            10, -336348, -104922, -464, 572, 89157, -618935, -126389, -267161, 590953, -275861,
            -457093, 559240, -519537, 939174, 114863, 599730, -527681, -321, 819909, -313, 517320,
            713, -310, -959272, -516392, 541914, 219, -877348, 587999, 526072, 763, -116996, -252,
            -245, 533773, 818447, -739569, 334098, 277, 286, -257247, -181469, -730, 291114, -722,
            -207, 368434, -711, 686909, 619850, -551090, 476520, -350871, -915093, 743791, -653,
            893, -765047, -578163, 118160, 400, 212893, 925, 105889, 424, -585, -577, 451, 459,
            -580147, -50, -48, 272339, 445404, 785392, 60404, -517, 819197,
        ];
        assert_eq!(order(&s), expected);
        assert_eq!(s.len(), 79);
    }

    #[test]
    fn dummies_are_reused_and_purged_by_resize() {
        let mut s = built(&[0, 8, 16]);
        discard(&mut s, 0);
        discard(&mut s, 8);
        add(&mut s, 24);
        add(&mut s, 1);
        assert_eq!(order(&s), [24, 16, 1]);

        let mut s = built(&[0, 8, 16, 24, 32]);
        discard(&mut s, 8);
        discard(&mut s, 24);
        assert_eq!(order(&s), [0, 32, 16]);
        for k in [40, 48, 1, 9, 17] {
            add(&mut s, k);
        }
        assert_eq!(order(&s), [0, 32, 1, 40, 9, 16, 48, 17]);

        let mut s = built(&[1]);
        for k in [9, 17, 25, 33, 41] {
            add(&mut s, k);
            discard(&mut s, k);
        }
        assert_eq!(order(&s), [1]);
    }

    #[test]
    fn pop_follows_the_finger() {
        let mut s = built(&[5, 13, 21, 2, 40, 7]);
        let mut popped = vec![];
        popped.extend(s.pop().map(|(_, k)| k));
        popped.extend(s.pop().map(|(_, k)| k));
        add(&mut s, 99);
        add(&mut s, 3);
        for _ in 0..3 {
            popped.extend(s.pop().map(|(_, k)| k));
        }
        assert_eq!(popped, [2, 5, 7, 40, 13]);
        assert_eq!(order(&s), [99, 3, 21]);

        // The finger survives clear().
        let mut s = built(&(0..30).collect::<Vec<_>>());
        let mut popped: Vec<i64> = (0..5).filter_map(|_| s.pop()).map(|(_, k)| k).collect();
        s.clear();
        for k in 1..8 {
            add(&mut s, k);
        }
        popped.extend((0..2).filter_map(|_| s.pop()).map(|(_, k)| k));
        assert_eq!(popped, [0, 1, 2, 3, 4, 5, 6]);
        assert_eq!(order(&s), [1, 2, 3, 4, 7]);
        assert_eq!(SetTable::<i64>::new().pop(), None);
    }

    #[test]
    fn copies_and_dict_presizing_relayout() {
        let keys = [291, 32, 130, 60, 253, 230, 241];
        assert_eq!(order(&built(&keys)), [32, 130, 291, 230, 241, 60, 253]);
        assert_eq!(
            order(&built(&keys).copy()),
            [32, 241, 130, 291, 230, 60, 253]
        );

        let keys = [
            194, 107, 48, 249, 14, 199, 221, 1, 228, 136, 117, 52, 162, 15, 11, 13, 277, 4, 195,
            110, 216, 14, 270,
        ];
        let from_list = [
            1, 4, 136, 11, 13, 14, 15, 270, 277, 162, 48, 52, 194, 195, 199, 216, 221, 228, 107,
            110, 117, 249,
        ];
        assert_eq!(order(&built(&keys)), from_list);
        let mut dict_keys = keys.to_vec();
        dict_keys.remove(21); // the repeated 14: a dict holds each key once
        let mut from_dict = SetTable::new();
        from_dict.presize_for_dict(dict_keys.len());
        for k in dict_keys {
            add(&mut from_dict, k);
        }
        let expected = [
            1, 194, 195, 4, 199, 136, 11, 13, 14, 15, 270, 277, 216, 221, 162, 228, 107, 110, 48,
            52, 117, 249,
        ];
        assert_eq!(order(&from_dict), expected);
    }

    #[test]
    fn binary_operations_of_similar_sizes() {
        let a = built(&[1, 2, 3, 64, 128, 9, 17, 33]);
        let b = built(&[2, 64, 200, 17, 5, 1000, 8]);
        let or_ab = [64, 1, 2, 3, 128, 33, 5, 200, 9, 1000, 8, 17];
        assert_eq!(order(&union(&a, &b, eq)), or_ab);
        let or_ba = [64, 1, 2, 3, 128, 5, 33, 200, 1000, 8, 9, 17];
        assert_eq!(order(&union(&b, &a, eq)), or_ba);
        assert_eq!(order(&intersection(&a, &b, eq)), [64, 17, 2]);
        assert_eq!(order(&intersection(&b, &a, eq)), [64, 17, 2]);
        assert_eq!(order(&difference(&a, &b, eq)), [128, 1, 33, 3, 9]);
        assert_eq!(order(&difference(&b, &a, eq)), [200, 1000, 5, 8]);
        let xor_ab = [128, 1, 33, 3, 5, 200, 1000, 8, 9];
        assert_eq!(order(&symmetric_difference(&a, &b, eq)), xor_ab);
        let xor_ba = [1, 3, 128, 33, 5, 200, 9, 1000, 8];
        assert_eq!(order(&symmetric_difference(&b, &a, eq)), xor_ba);
        let small_or = union(&built(&[1, 2, 3]), &constant_display(&[64, 128]), eq);
        assert_eq!(order(&small_or), [64, 1, 2, 3, 128]);
    }

    #[test]
    fn binary_operations_of_very_different_sizes() {
        let big = built(&(0..24).map(|i| i * 1009).collect::<Vec<_>>());
        let small = built(&[9 * 1009, 7, 20 * 1009, 5]);
        let big_sub_small = [
            0, 17153, 4036, 21189, 8072, 12108, 16144, 3027, 7063, 11099, 15135, 2018, 19171, 6054,
            23207, 10090, 14126, 1009, 18162, 5045, 22198, 13117,
        ];
        assert_eq!(order(&difference(&big, &small, eq)), big_sub_small);
        assert_eq!(order(&difference(&small, &big, eq)), [5, 7]);
        assert_eq!(order(&intersection(&big, &small, eq)), [9081, 20180]);
        assert_eq!(order(&intersection(&small, &big, eq)), [9081, 20180]);
        let big_xor_small = [
            0, 17153, 5, 7, 8072, 16144, 7063, 15135, 6054, 23207, 14126, 5045, 22198, 13117, 4036,
            21189, 12108, 3027, 11099, 2018, 19171, 10090, 1009, 18162,
        ];
        assert_eq!(
            order(&symmetric_difference(&big, &small, eq)),
            big_xor_small
        );
        let small_xor_big = [
            0, 17153, 4036, 21189, 5, 7, 8072, 12108, 16144, 3027, 7063, 11099, 15135, 2018, 19171,
            6054, 23207, 10090, 14126, 1009, 18162, 5045, 22198, 13117,
        ];
        assert_eq!(
            order(&symmetric_difference(&small, &big, eq)),
            small_xor_big
        );
        let big_or_small = [
            0, 17153, 4036, 21189, 5, 7, 8072, 12108, 16144, 3027, 20180, 7063, 11099, 15135, 2018,
            19171, 6054, 23207, 10090, 14126, 1009, 18162, 5045, 22198, 9081, 13117,
        ];
        assert_eq!(order(&union(&big, &small, eq)), big_or_small);
        let small_or_big = [
            0, 17153, 4036, 5, 21189, 7, 8072, 12108, 16144, 3027, 20180, 7063, 11099, 15135, 2018,
            19171, 6054, 23207, 10090, 14126, 1009, 18162, 5045, 22198, 9081, 13117,
        ];
        assert_eq!(order(&union(&small, &big, eq)), small_or_big);
    }

    #[test]
    fn in_place_operations() {
        let big: Vec<i64> = (0..24).map(|i| i * 1009).collect();
        // Removing half leaves over mask/4 dummies: `-=` rebuilds the table, discard does not.
        let halves = built(&big.iter().copied().step_by(2).collect::<Vec<_>>());
        let mut s = built(&big);
        s.difference_update(&halves, eq);
        let purged = [
            17153, 7063, 15135, 23207, 5045, 13117, 21189, 3027, 11099, 19171, 1009, 9081,
        ];
        assert_eq!(order(&s), purged);
        let mut s = built(&big);
        s.difference_update(
            &built(&big.iter().copied().step_by(6).collect::<Vec<_>>()),
            eq,
        );
        let kept = [
            17153, 8072, 16144, 7063, 15135, 23207, 14126, 5045, 22198, 13117, 4036, 21189, 3027,
            20180, 11099, 2018, 19171, 10090, 1009, 9081,
        ];
        assert_eq!(order(&s), kept);

        let mut s = built(&(0..10).collect::<Vec<_>>());
        s.symmetric_difference_update(&built(&[5, 50, 7, 70]), eq);
        assert_eq!(order(&s), [0, 1, 2, 3, 4, 6, 8, 9, 70, 50]);

        let mut s = built(&(1..=10).rev().collect::<Vec<_>>());
        s.intersection_update(&built(&[3, 5, 7, 100]), eq);
        add(&mut s, 1);
        assert_eq!(order(&s), [1, 3, 5, 7]);
        assert_eq!(s.pop(), Some((1, 1)));

        // `&=` keeps the finger of the set it updates.
        let mut s = built(&(0..20).collect::<Vec<_>>());
        for _ in 0..3 {
            s.pop();
        }
        s.intersection_update(&built(&(0..20).collect::<Vec<_>>()), eq);
        assert_eq!(s.pop(), Some((3, 3)));
    }

    #[test]
    fn intersection_keeps_the_walked_sets_keys() {
        // Keys equal by number, told apart by tag.
        let tagged = |tag: char, ns: &[i64]| {
            let mut s = SetTable::new();
            for &n in ns {
                s.insert(n, (n, tag), |x: &(i64, char), y| x.0 == y.0);
            }
            s
        };
        let same = |x: &(i64, char), y: &(i64, char)| x.0 == y.0;
        let tags = |s: &SetTable<(i64, char)>| s.iter().map(|(_, k)| k.1).collect::<String>();
        let a = tagged('a', &[1, 2, 3]);
        let b = tagged('b', &[1, 2, 3]);
        assert_eq!(tags(&intersection(&a, &b, same)), "bbb");
        assert_eq!(tags(&intersection(&b, &a, same)), "aaa");
        assert_eq!(tags(&union(&a, &b, same)), "aaa");
        let b4 = tagged('b', &[1, 2, 3, 4]);
        assert_eq!(tags(&intersection(&a, &b4, same)), "aaa");
        assert_eq!(tags(&intersection(&b4, &a, same)), "aaa");
    }

    #[test]
    fn comparisons() {
        assert!(is_subset(&built(&[1, 2]), &built(&[1, 2, 3]), eq));
        assert!(!is_subset(&built(&[1, 4]), &built(&[1, 2, 3]), eq));
        assert!(is_disjoint(&built(&[1, 2, 3]), &built(&[4, 5]), eq));
        assert!(!is_disjoint(&built(&[1, 2, 3]), &built(&[3]), eq));
    }

    #[test]
    fn iteration_by_position() {
        let s = built(&[10, 5, 100, 7]);
        let mut position = 0;
        let mut seen = vec![];
        while let Some((next, _, key)) = s.next_entry(position) {
            seen.push(*key);
            position = next;
        }
        assert_eq!(seen, order(&s));
    }

    #[test]
    fn frozenset_hashes() {
        let cases: [(Vec<i64>, i64); 6] = [
            (vec![], 133146708735736),
            (vec![0, 1, 2], -4850097147344926394),
            (vec![-2], 6776983852052281967),
            (vec![1, 2, 3], -272375401224217160),
            ((0..100).collect(), 4411996150312757951),
            (vec![-5, 1 << 40, -(1 << 50)], -4423455208552957285),
        ];
        for (keys, expected) in cases {
            assert_eq!(built(&keys).frozenset_hash(), expected, "{keys:?}");
        }
    }

    fn entries(s: &SetTable<i64>) -> (usize, Vec<(usize, i64, i64)>) {
        let (size, keys) = s.layout();
        (size, keys.map(|(i, &k)| (i, h(k), k)).collect())
    }

    #[test]
    fn a_layout_makes_the_same_table_back() {
        // Colliding keys, a resize and a key placed by the perturbed jump.
        let s = built(&[0, 16, 32, 48, 64, 80, 96, 3, 35]);
        let (size, e) = entries(&s);
        let back = SetTable::from_layout(size, e).expect("a table's own layout");
        assert_eq!(back.layout().0, size);
        assert_eq!(
            back.iter().collect::<Vec<_>>(),
            s.iter().collect::<Vec<_>>()
        );
        assert!(back.contains(h(35), |k| *k == 35));
        assert_eq!(back.len(), s.len());
    }

    #[test]
    fn a_layout_lookups_would_miss_is_refused() {
        let s = built(&[0, 16, 32]);
        let (size, e) = entries(&s);
        // A key moved to a slot its probe does not reach.
        let mut moved = e.clone();
        moved[1].0 = 7;
        assert!(SetTable::from_layout(size, moved).is_none());
        // Two keys in one slot, a slot past the end, sizes that are not a table's.
        let mut twice = e.clone();
        twice[1].0 = twice[0].0;
        assert!(SetTable::from_layout(size, twice).is_none());
        let mut past = e.clone();
        past[2].0 = size;
        assert!(SetTable::from_layout(size, past).is_none());
        assert!(SetTable::from_layout(12, e.clone()).is_none());
        assert!(SetTable::from_layout(1 << 40, e.clone()).is_none());
        // More keys than a table of that size holds before it grows.
        let full: Vec<_> = (0..5).map(|k| (k as usize, k, k)).collect();
        assert!(SetTable::from_layout(8, full).is_none());
    }
}
