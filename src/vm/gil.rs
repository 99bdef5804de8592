//! The global interpreter lock, named as in CPython's `Python/ceval_gil.c`: a thread holds it
//! to run Python code; a thread that wants it raises the `drop_request`; the holder's eval loop
//! notices at its next switch point (every `switch_interval` instructions) and hands it over.
//!
//! Hand-over is fair (CPython's forced switching): the lock is a ticket lock, so a thread that
//! releases it and asks again queues behind every thread already waiting. Under `--no-gil` the
//! lock exists but is never taken.

use parking_lot::{Condvar, Mutex};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// CPython's default switch interval (`sys.getswitchinterval()`), in seconds.
pub const DEFAULT_SWITCH_SECONDS: f64 = 0.005;

/// How many instructions stand for one second of switch interval (about the speed of the
/// eval loop), so `sys.setswitchinterval` keeps CPython's units.
pub const INSTRUCTIONS_PER_SECOND: f64 = 200_000_000.0;

pub struct GilLock {
    /// Deterministic runs (`--seed`, `--virtual-time`): the releasing thread names the next
    /// holder (the scheduler's choice) instead of serving tickets in arrival order.
    scheduled: bool,
    state: Mutex<GilState>,
    handed_over: Condvar,
    /// Some thread waits for the GIL: the holder should drop it at its next switch point.
    pub drop_request: AtomicBool,
    /// Instructions a thread runs before it checks `drop_request`.
    switch_interval: AtomicU64,
}

struct GilState {
    held: bool,
    /// Ticket of the next thread to ask, and of the next thread to be served.
    next_ticket: u64,
    now_serving: u64,
    /// Times the lock changed hands.
    switches: u64,
    /// The registry id of the holder.
    holder: Option<u64>,
    /// Scheduled mode: the thread chosen to take the lock next (`None`: whoever comes).
    baton: Option<u64>,
}

impl GilLock {
    pub fn new(switch_interval: u64, scheduled: bool) -> GilLock {
        GilLock {
            scheduled,
            state: Mutex::new(GilState {
                held: false,
                next_ticket: 0,
                now_serving: 0,
                switches: 0,
                holder: None,
                baton: None,
            }),
            handed_over: Condvar::new(),
            drop_request: AtomicBool::new(false),
            switch_interval: AtomicU64::new(switch_interval.max(1)),
        }
    }

    /// Takes the GIL, waiting behind every thread that asked before (in scheduled mode: until
    /// this thread is the one chosen).
    pub fn acquire(&self, thread: u64) {
        let mut st = self.state.lock();
        if self.scheduled {
            while st.held || st.baton.is_some_and(|b| b != thread) {
                self.handed_over.wait(&mut st);
            }
            st.held = true;
            st.holder = Some(thread);
            st.baton = None;
            st.switches += 1;
            return;
        }
        let ticket = st.next_ticket;
        st.next_ticket += 1;
        if st.held || st.now_serving != ticket {
            self.drop_request.store(true, Ordering::Release);
            while st.held || st.now_serving != ticket {
                self.handed_over.wait(&mut st);
            }
        }
        st.held = true;
        st.holder = Some(thread);
        st.now_serving += 1;
        st.switches += 1;
        // Nobody else queued: no hand-over wanted.
        if st.next_ticket == st.now_serving {
            self.drop_request.store(false, Ordering::Release);
        }
    }

    /// Releases the GIL and wakes the waiters (the one whose turn it is proceeds).
    pub fn release(&self) {
        let mut st = self.state.lock();
        st.held = false;
        st.holder = None;
        let waiters = st.next_ticket != st.now_serving;
        drop(st);
        if waiters {
            self.handed_over.notify_all();
        }
    }

    /// Scheduled mode: releases the GIL to `next` (or to whoever asks first, if `None`).
    pub fn release_to(&self, next: Option<u64>) {
        let mut st = self.state.lock();
        st.held = false;
        st.holder = None;
        st.baton = next;
        drop(st);
        self.handed_over.notify_all();
    }

    pub fn is_scheduled(&self) -> bool {
        self.scheduled
    }

    /// Whether a thread other than the holder is queued for the GIL.
    #[inline(always)]
    pub fn wanted(&self) -> bool {
        self.drop_request.load(Ordering::Relaxed)
    }

    pub fn switch_interval(&self) -> u64 {
        self.switch_interval.load(Ordering::Relaxed)
    }

    pub fn set_switch_interval(&self, instructions: u64) {
        self.switch_interval
            .store(instructions.max(1), Ordering::Relaxed);
    }

    /// How many times the GIL has been taken.
    pub fn switches(&self) -> u64 {
        self.state.lock().switches
    }

    /// The registry id of the thread holding the GIL.
    pub fn holder(&self) -> Option<u64> {
        self.state.lock().holder
    }
}

/// Seconds of switch interval as an instruction count.
pub fn seconds_to_instructions(seconds: f64) -> u64 {
    (seconds * INSTRUCTIONS_PER_SECOND).round().clamp(1.0, 1e15) as u64
}

pub fn instructions_to_seconds(n: u64) -> f64 {
    n as f64 / INSTRUCTIONS_PER_SECOND
}
