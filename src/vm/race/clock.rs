//! Vector clocks for the race detector: one per thread (how far it has seen every thread go)
//! and one per synchronization object (what its last releasers had seen). A component is a
//! thread's count of synchronization steps; FastTrack's *epoch* is one component of one
//! thread (`Access` in `shadow.rs`), and most checks compare one epoch with one clock.

/// A vector clock indexed by thread id (the registry's ids: small, dense, from 1).
/// Components past the end are 0.
#[derive(Clone, Debug, Default)]
pub struct VectorClock(Vec<u32>);

impl VectorClock {
    /// The clock of a thread that has just started: its own component at 1.
    pub fn starting(tid: u32) -> VectorClock {
        let mut c = VectorClock::default();
        c.set(tid, 1);
        c
    }

    #[inline]
    pub fn get(&self, tid: u32) -> u32 {
        self.0.get(tid as usize).copied().unwrap_or(0)
    }

    pub fn set(&mut self, tid: u32, value: u32) {
        let i = tid as usize;
        if self.0.len() <= i {
            self.0.resize(i + 1, 0);
        }
        self.0[i] = value;
    }

    /// This thread moves to a new epoch: what it does from now on is not ordered before
    /// what others learnt from it so far.
    pub fn tick(&mut self, tid: u32) {
        let v = self.get(tid);
        self.set(tid, v.saturating_add(1));
    }

    /// Componentwise maximum: after it, this clock has seen everything `other` had.
    pub fn join(&mut self, other: &VectorClock) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        for (mine, theirs) in self.0.iter_mut().zip(&other.0) {
            *mine = (*mine).max(*theirs);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_takes_the_maximum_and_grows() {
        let mut a = VectorClock::starting(1);
        let mut b = VectorClock::starting(3);
        b.set(1, 5);
        a.join(&b);
        assert_eq!((a.get(1), a.get(2), a.get(3), a.get(9)), (5, 0, 1, 0));
        a.tick(1);
        assert_eq!(a.get(1), 6);
    }
}
