//! The core of a `threading.Lock` or `RLock`: who holds it and how deep, and the condition
//! its waiters sleep on. It lives in the VM because the deadlock detector inspects locks;
//! acquiring and releasing them from Python is `stdlib::sync`'s.

use super::spin::WaitCv;
use super::threads::next_object_id;
use parking_lot::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A `threading.Lock` or `threading.RLock`.
pub struct LockCore {
    pub id: u64,
    pub reentrant: bool,
    pub(crate) state: Mutex<LockState>,
    pub(crate) cv: WaitCv,
    /// Where a program's lock was made (`None`: an interpreter-internal lock, never recorded).
    pub(crate) site: Option<(Arc<str>, u32)>,
    /// Whether the registry holds a record of this lock (made on its first acquire, so that a
    /// lock never taken costs no record; removed after the lock is freed).
    pub(crate) recorded: AtomicBool,
}

/// Ids of recorded locks that were freed: their registry records are removed the next time a
/// record is made (the lock's drop cannot reach the interpreter's registry).
pub(crate) static RETIRED: Mutex<Vec<u64>> = Mutex::new(Vec::new());

impl Drop for LockCore {
    fn drop(&mut self) {
        if self.recorded.load(Ordering::Relaxed) {
            RETIRED.lock().push(self.id);
        }
    }
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
        LockCore::with_site(reentrant, None)
    }

    /// A lock the program made at `file:line` (deadlock reports and `--lock-order` name it).
    pub fn program(reentrant: bool, file: Arc<str>, line: u32) -> LockCore {
        LockCore::with_site(reentrant, Some((file, line)))
    }

    fn with_site(reentrant: bool, site: Option<(Arc<str>, u32)>) -> LockCore {
        LockCore {
            id: next_object_id(),
            reentrant,
            state: Mutex::new(LockState::default()),
            cv: WaitCv::new(),
            site,
            recorded: AtomicBool::new(false),
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
