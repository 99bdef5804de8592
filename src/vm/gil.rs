//! The global interpreter lock, named as in CPython's `Python/ceval_gil.c`: a thread holds it
//! to run Python code; a thread that wants it raises the `drop_request`; the holder's eval loop
//! notices at its next switch point (every `switch_interval` instructions) and hands it over.
//!
//! Hand-over is fair (CPython's forced switching): the lock is a ticket lock, so a thread that
//! releases it and asks again queues behind every thread already waiting. Under `--no-gil` the
//! lock exists but is never taken.
//!
//! When the holder hands over is the [`SwitchPolicy`]: after a number of switch points (CPython
//! 2's check interval, the default) or after a time (CPython 3's switch interval).

use parking_lot::{Condvar, Mutex, MutexGuard};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

/// `GilLock::free_for` while the lock is held (no ticket ever gets this far).
const NOT_FREE: u64 = u64::MAX;

/// CPython's default switch interval (`sys.getswitchinterval()`), in seconds.
pub const DEFAULT_SWITCH_SECONDS: f64 = 0.005;

/// How many instructions stand for one second of switch interval (about the speed of the
/// eval loop), so `sys.setswitchinterval` keeps CPython's units.
pub const INSTRUCTIONS_PER_SECOND: f64 = 200_000_000.0;

/// Under the time policy, switch points between looks at the clock (when a thread waits).
pub const TIME_CHECK_SWITCH_POINTS: u64 = 1000;

/// When the holder offers the GIL to a waiting thread (`--switch=...`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SwitchPolicy {
    /// After this many switch points (`instructions:N`, CPython 2's check interval).
    Instructions(u64),
    /// Once a waiter has waited, or the holder has held the GIL, this many seconds
    /// (`time:MS`, CPython 3's switch interval).
    Time(f64),
}

impl SwitchPolicy {
    /// Parses `instructions:N` or `time:MS` (milliseconds, may have a fraction).
    pub fn parse(text: &str) -> Result<SwitchPolicy, String> {
        let bad = || format!("'{text}': expected instructions:N or time:MS (e.g. time:5)");
        match text.split_once(':') {
            Some(("instructions", n)) => match n.parse::<u64>() {
                Ok(n) if n > 0 => Ok(SwitchPolicy::Instructions(n)),
                _ => Err(bad()),
            },
            Some(("time", ms)) => match ms.parse::<f64>() {
                Ok(ms) if ms.is_finite() && ms > 0.0 && ms < 1e9 => {
                    Ok(SwitchPolicy::Time(ms / 1000.0))
                }
                _ => Err(bad()),
            },
            _ => Err(bad()),
        }
    }
}

impl std::fmt::Display for SwitchPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SwitchPolicy::Instructions(n) => write!(f, "instructions:{n}"),
            SwitchPolicy::Time(s) => write!(f, "time:{}", s * 1000.0),
        }
    }
}

pub struct GilLock {
    /// Deterministic runs (`--seed`, `--virtual-time`): the releasing thread names the next
    /// holder (the scheduler's choice) instead of serving tickets in arrival order.
    scheduled: bool,
    state: Mutex<GilState>,
    handed_over: Condvar,
    /// Some thread waits for the GIL: the holder should drop it at its next switch point.
    pub drop_request: AtomicBool,
    /// The ticket whose turn it is while the lock is free (`NOT_FREE` while it is held): a
    /// copy of the state that spinning waiters watch without taking its mutex.
    free_for: AtomicU64,
    /// Instructions a thread runs before it checks `drop_request`.
    switch_interval: AtomicU64,
    /// The time policy: hand over after `interval_ns` (of holding, or of some thread's
    /// waiting). The clock is only read under this policy.
    time_based: bool,
    interval_ns: AtomicU64,
    epoch: Instant,
    /// When the holder took the GIL, and when the longest-waiting thread began to wait
    /// (`u64::MAX`: nobody waits), in nanoseconds since `epoch` (time policy only).
    held_since_ns: AtomicU64,
    oldest_wait_ns: AtomicU64,
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
    /// Time policy: when each waiting ticket began to wait, in ticket order.
    waiting_since: VecDeque<u64>,
}

impl GilLock {
    pub fn new(policy: SwitchPolicy, scheduled: bool) -> GilLock {
        let (switch_interval, time_based, interval_ns) = match policy {
            SwitchPolicy::Instructions(n) => (n, false, 0),
            SwitchPolicy::Time(s) => (seconds_to_instructions(s), true, (s * 1e9) as u64),
        };
        GilLock {
            scheduled,
            state: Mutex::new(GilState {
                held: false,
                next_ticket: 0,
                now_serving: 0,
                switches: 0,
                holder: None,
                baton: None,
                waiting_since: VecDeque::new(),
            }),
            handed_over: Condvar::new(),
            drop_request: AtomicBool::new(false),
            free_for: AtomicU64::new(0),
            switch_interval: AtomicU64::new(switch_interval.max(1)),
            time_based,
            interval_ns: AtomicU64::new(interval_ns.max(1)),
            epoch: Instant::now(),
            held_since_ns: AtomicU64::new(0),
            oldest_wait_ns: AtomicU64::new(u64::MAX),
        }
    }

    fn now_ns(&self) -> u64 {
        self.epoch.elapsed().as_nanos() as u64
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
            if self.time_based {
                let now = self.now_ns();
                if st.waiting_since.is_empty() {
                    self.oldest_wait_ns.store(now, Ordering::Relaxed);
                }
                st.waiting_since.push_back(now);
            }
            self.drop_request.store(true, Ordering::Release);
            // A bounded spin first (`vm::spin`): a holder about to block hands over within
            // microseconds, sooner than a parked thread wakes. It watches `free_for`, so the
            // holder's release never waits for the mutex behind spinners.
            let mut spin = super::spin::Spin::new(&super::spin::GIL_WAITS, None);
            while spin.is_on() && (st.held || st.now_serving != ticket) {
                let changed = MutexGuard::unlocked(&mut st, || {
                    spin.watch(|| self.free_for.load(Ordering::Acquire) == ticket)
                });
                if !changed {
                    spin.finish(!st.held && st.now_serving == ticket);
                }
            }
            spin.finish(true);
            while st.held || st.now_serving != ticket {
                self.handed_over.wait(&mut st);
            }
            if self.time_based {
                // Tickets are served in order, so this thread's entry is the first.
                st.waiting_since.pop_front();
                let oldest = st.waiting_since.front().copied().unwrap_or(u64::MAX);
                self.oldest_wait_ns.store(oldest, Ordering::Relaxed);
            }
        }
        if self.time_based {
            self.held_since_ns.store(self.now_ns(), Ordering::Relaxed);
        }
        st.held = true;
        self.free_for.store(NOT_FREE, Ordering::Relaxed);
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
        self.free_for.store(st.now_serving, Ordering::Release);
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

    /// Sets the interval (`sys.setswitchinterval`); under the time policy, as the time those
    /// instructions stand for.
    pub fn set_switch_interval(&self, instructions: u64) {
        self.switch_interval
            .store(instructions.max(1), Ordering::Relaxed);
        if self.time_based {
            let ns = instructions_to_seconds(instructions) * 1e9;
            self.interval_ns
                .store((ns as u64).max(1), Ordering::Relaxed);
        }
    }

    /// Whether the time policy is on (`--switch=time:MS`).
    pub fn is_time_based(&self) -> bool {
        self.time_based
    }

    /// The policy in force, for reports.
    pub fn policy(&self) -> SwitchPolicy {
        if self.time_based {
            SwitchPolicy::Time(self.interval_ns.load(Ordering::Relaxed) as f64 / 1e9)
        } else {
            SwitchPolicy::Instructions(self.switch_interval())
        }
    }

    /// Whether the holder, asked to drop the GIL, should do so now: always under the
    /// instruction policy; under the time policy once it has held the GIL, or some thread
    /// has waited for it, for the switch interval.
    pub fn switch_due(&self) -> bool {
        if !self.time_based {
            return true;
        }
        let now = self.now_ns();
        let interval = self.interval_ns.load(Ordering::Relaxed);
        let held = now.saturating_sub(self.held_since_ns.load(Ordering::Relaxed));
        let waited = now.saturating_sub(self.oldest_wait_ns.load(Ordering::Relaxed));
        held >= interval || waited >= interval
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
