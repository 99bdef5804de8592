//! The core of a `threading.Lock` or `RLock`: who holds it and how deep, and the condition
//! its waiters sleep on. It lives in the VM because the deadlock detector inspects locks;
//! acquiring and releasing them from Python is `stdlib::sync`'s.

use super::threads::next_object_id;
use parking_lot::{Condvar, Mutex};

/// A `threading.Lock` or `threading.RLock`.
pub struct LockCore {
    pub id: u64,
    pub reentrant: bool,
    pub(crate) state: Mutex<LockState>,
    pub(crate) cv: Condvar,
}

#[derive(Default)]
pub(crate) struct LockState {
    pub(crate) locked: bool,
    /// Registry id of the holder (an RLock's owner; for a Lock, who took it last).
    pub(crate) owner: Option<u64>,
    /// RLock recursion depth.
    pub(crate) count: usize,
}

impl LockCore {
    pub fn new(reentrant: bool) -> LockCore {
        LockCore {
            id: next_object_id(),
            reentrant,
            state: Mutex::new(LockState::default()),
            cv: Condvar::new(),
        }
    }

    pub fn is_locked(&self) -> bool {
        self.state.lock().locked
    }

    /// Takes the lock if it is free (or, for an RLock, already ours).
    pub(crate) fn try_take(&self, me: u64) -> bool {
        let mut st = self.state.lock();
        take_if_free(&mut st, me, self.reentrant)
    }
}

pub(crate) fn take_if_free(st: &mut LockState, me: u64, reentrant: bool) -> bool {
    if !st.locked {
        st.locked = true;
        st.owner = Some(me);
        st.count = 1;
        true
    } else if reentrant && st.owner == Some(me) {
        st.count += 1;
        true
    } else {
        false
    }
}
