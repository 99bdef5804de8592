//! The shadow state of shared variables, FastTrack's rules over it (Flanagan and Freund,
//! PLDI 2009): per variable the epoch of its last write and the epochs of the reads since, a
//! single epoch while the reads are ordered and one per thread once they are concurrent.
//! Variables are keyed by (object address, field) in a side table the detector owns, so no
//! object's layout changes; an object's entries go when it is freed (`forget`), so a new
//! object at the same address starts clean.

use super::clock::VectorClock;
use rustc_hash::FxHashMap;

/// One access: by thread `tid` in its epoch `clock`, made at the interned stack `stack`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Access {
    pub tid: u32,
    pub clock: u32,
    pub stack: u32,
}

impl Access {
    /// Whether this access happens before everything a thread with clock `c` does now.
    #[inline]
    fn ordered_before(&self, c: &VectorClock) -> bool {
        self.clock <= c.get(self.tid)
    }
}

/// The reads of a variable since its last write.
#[derive(Debug, Default)]
enum Reads {
    #[default]
    None,
    /// All reads so far are ordered: the last one stands for them.
    One(Access),
    /// Concurrent reads: the last one of each thread.
    Many(Vec<Access>),
}

/// What the detector remembers of one variable.
#[derive(Debug, Default)]
pub struct VarState {
    write: Option<Access>,
    reads: Reads,
}

/// An earlier access that races with the current one.
#[derive(Clone, Copy, Debug)]
pub struct Conflict {
    pub earlier: Access,
    pub earlier_is_write: bool,
}

impl VarState {
    /// FastTrack's fast path: this thread already did this kind of access in this epoch, so
    /// nothing can change (no new race, no new record).
    #[inline]
    pub fn redundant(&self, tid: u32, clock: u32, write: bool) -> bool {
        let same = |a: &Access| a.tid == tid && a.clock == clock;
        if write {
            return self.write.as_ref().is_some_and(same);
        }
        match &self.reads {
            Reads::One(a) => same(a),
            Reads::Many(v) => v.iter().any(same),
            Reads::None => false,
        }
    }

    /// A read by `now` (a thread whose clock is `c`): the conflicting write, if any, goes to
    /// `out`, and the read is recorded.
    pub fn read(&mut self, now: Access, c: &VectorClock, out: &mut Vec<Conflict>) {
        if let Some(w) = self.write {
            if w.tid != now.tid && !w.ordered_before(c) {
                out.push(Conflict {
                    earlier: w,
                    earlier_is_write: true,
                });
            }
        }
        self.reads = match std::mem::take(&mut self.reads) {
            Reads::None => Reads::One(now),
            Reads::One(r) if r.tid == now.tid || r.ordered_before(c) => Reads::One(now),
            Reads::One(r) => Reads::Many(vec![r, now]),
            Reads::Many(mut v) => {
                // Reads ordered before this one are covered by it.
                v.retain(|r| r.tid != now.tid && !r.ordered_before(c));
                v.push(now);
                if v.len() == 1 {
                    Reads::One(now)
                } else {
                    Reads::Many(v)
                }
            }
        };
    }

    /// A write by `now`: the conflicting write and reads go to `out`, and the write replaces
    /// them (any later access that races with them races with it too, or is ordered after
    /// them through it).
    pub fn write(&mut self, now: Access, c: &VectorClock, out: &mut Vec<Conflict>) {
        if let Some(w) = self.write {
            if w.tid != now.tid && !w.ordered_before(c) {
                out.push(Conflict {
                    earlier: w,
                    earlier_is_write: true,
                });
            }
        }
        let mut check = |r: &Access| {
            if r.tid != now.tid && !r.ordered_before(c) {
                out.push(Conflict {
                    earlier: *r,
                    earlier_is_write: false,
                });
            }
        };
        match &self.reads {
            Reads::None => {}
            Reads::One(r) => check(r),
            Reads::Many(v) => v.iter().for_each(check),
        }
        self.write = Some(now);
        self.reads = Reads::None;
    }
}

/// What a field of an object is: a name (attribute, global, dict key: by the key's hash) or
/// a position in a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Key(i64),
    Index(i64),
}

/// Every tracked variable, by object address and field.
#[derive(Default)]
pub struct Shadow {
    objects: FxHashMap<usize, FxHashMap<Field, VarState>>,
}

impl Shadow {
    pub fn var(&mut self, addr: usize, field: Field) -> &mut VarState {
        self.objects
            .entry(addr)
            .or_default()
            .entry(field)
            .or_default()
    }

    /// The object at `addr` was freed: forget its variables.
    pub fn forget(&mut self, addr: usize) {
        self.objects.remove(&addr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(tid: u32, clock: u32) -> Access {
        Access {
            tid,
            clock,
            stack: 0,
        }
    }

    #[test]
    fn unordered_writes_conflict_and_ordered_ones_do_not() {
        let mut v = VarState::default();
        let mut out = Vec::new();
        let mut c1 = VectorClock::starting(1);
        v.write(at(1, 1), &c1, &mut out);
        let c2 = VectorClock::starting(2);
        v.write(at(2, 1), &c2, &mut out);
        assert_eq!(out.len(), 1);
        assert!(out[0].earlier_is_write);
        out.clear();
        // Thread 1 learns thread 2's epoch (a lock passed from 2 to 1).
        c1.join(&c2);
        c1.tick(1);
        v.read(at(1, 2), &c1, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn concurrent_reads_are_all_checked_by_a_write() {
        let mut v = VarState::default();
        let mut out = Vec::new();
        v.read(at(1, 1), &VectorClock::starting(1), &mut out);
        v.read(at(2, 1), &VectorClock::starting(2), &mut out);
        assert!(out.is_empty());
        assert!(v.redundant(2, 1, false) && v.redundant(1, 1, false));
        v.write(at(3, 1), &VectorClock::starting(3), &mut out);
        assert_eq!(out.len(), 2);
        assert!(out.iter().all(|c| !c.earlier_is_write));
    }

    #[test]
    fn forgetting_an_object_clears_its_fields() {
        let mut s = Shadow::default();
        let mut out = Vec::new();
        s.var(64, Field::Index(0))
            .write(at(1, 1), &VectorClock::starting(1), &mut out);
        s.forget(64);
        s.var(64, Field::Index(0))
            .write(at(2, 1), &VectorClock::starting(2), &mut out);
        assert!(out.is_empty());
    }
}
