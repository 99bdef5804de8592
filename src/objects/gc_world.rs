//! Stopping the world for a collection under `--no-gil`, where threads run at once.
//!
//! Every thread that may touch objects is *attached* to its interpreter's world: it attaches
//! where the GIL runtime takes the GIL (thread start, the end of a blocking wait) and detaches
//! where that runtime lets it go (a blocking wait, the thread's end). A thread that wants to
//! collect *requests a stop* and waits until it is the only attached thread; the others see the
//! request at their next switch point (the eval breaker) and *park*: they detach and wait for
//! the collection to end. A thread in a blocking wait is detached already (its wait touches no
//! object), and one that comes back from a wait during a collection waits before it attaches.
//!
//! Parked threads keep their state in the thread registry (`Running`), so the deadlock detector
//! never takes a stop for a deadlock: the collector always ends it by itself.

use parking_lot::{Condvar, Mutex};
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Default)]
struct State {
    /// Threads attached and not parked.
    attached: usize,
    /// A collection asked for (or holds) the stopped world.
    stopping: bool,
}

/// One interpreter's world (in its `gc::Heap`).
#[derive(Default)]
pub struct World {
    state: Mutex<State>,
    /// Wakes the collector when the last other thread detaches, and parked threads when the
    /// collection ends.
    changed: Condvar,
    /// The flag the eval breaker looks at, without the mutex.
    stop_requested: AtomicBool,
}

impl World {
    pub const fn new() -> Self {
        World {
            state: parking_lot::const_mutex(State {
                attached: 0,
                stopping: false,
            }),
            changed: Condvar::new(),
            stop_requested: AtomicBool::new(false),
        }
    }

    /// The calling thread may touch objects from now on; waits while a collection runs.
    pub fn attach(&self) {
        let mut st = self.state.lock();
        while st.stopping {
            self.changed.wait(&mut st);
        }
        st.attached += 1;
    }

    /// The calling thread touches no object until it attaches again.
    pub fn detach(&self) {
        let mut st = self.state.lock();
        st.attached = st.attached.saturating_sub(1);
        if st.stopping && st.attached <= 1 {
            self.changed.notify_all();
        }
    }

    /// True when a collection waits for this thread to park (one relaxed load).
    #[inline(always)]
    pub fn stop_requested(&self) -> bool {
        self.stop_requested.load(Ordering::Relaxed)
    }

    /// Parks the calling (attached) thread until the collection that asked for a stop ends.
    pub fn park(&self) {
        self.detach();
        self.attach();
    }

    /// Stops the world for the calling (attached) thread: returns once every other attached
    /// thread has parked or detached, true. False when another thread's collection asked
    /// first: this thread has then parked until that one ended, and must not collect now.
    pub fn stop(&self) -> bool {
        let mut st = self.state.lock();
        if st.stopping {
            drop(st);
            self.park();
            return false;
        }
        st.stopping = true;
        self.stop_requested.store(true, Ordering::Relaxed);
        while st.attached > 1 {
            self.changed.wait(&mut st);
        }
        true
    }

    /// Ends a stop made by [`World::stop`]: the parked threads go on.
    pub fn resume(&self) {
        let mut st = self.state.lock();
        st.stopping = false;
        self.stop_requested.store(false, Ordering::Relaxed);
        self.changed.notify_all();
    }
}
