//! Brief spinning before a thread parks. A hand-off between two threads (a pool worker woken
//! by a queue, the submitter woken by its future's condition, either one waiting for the GIL
//! the other is about to drop) costs two OS wake-ups when both sides park, and on an idle
//! machine a sleeping core takes tens of microseconds to wake. A waiter that first polls its
//! state for a bounded time catches the common case, a hand-off a few microseconds away,
//! without any wake-up.
//!
//! The bound is in time ([`SPIN_BOUND`]), so a long or uncontended wait burns at most that
//! much CPU before it parks as before. On one CPU (or `taskset` to one) a pure spin would only
//! keep the other thread from running, so there the spinner yields its core every round
//! instead. On a loaded machine spinning costs more than it saves (a thread that never
//! sleeps loses the scheduler's wake-up preference and waits behind other programs), so each
//! kind of wait keeps a score ([`Adapt`]) and stops spinning when spins stop paying or get
//! preempted.
//!
//! Spinning is off unless `MINIPY_SPIN=1` is set: with many threads contending for one lock
//! (or for the GIL), every spinner re-takes the state's mutex each round, and the holder that
//! would release it queues behind them; under `--no-gil` on a loaded machine such programs
//! ran several times slower. Until spinners watch the state without its mutex, a wait parks
//! at once by default, as before.
//!
//! Spinning happens inside a wait the registry already shows as blocked and with the GIL
//! released (or, for the GIL itself, with the thread's ticket already taken), so the deadlock
//! detector, deterministic scheduling and Ctrl-C see such a waiter as they see a parked one.

use std::sync::atomic::{AtomicI32, AtomicU32, AtomicU8, Ordering};
use std::time::{Duration, Instant};

/// The longest a waiter spins before it parks.
pub const SPIN_BOUND: Duration = Duration::from_micros(50);

/// `spin_loop` hints per round of a multi-core spinner (a fraction of a microsecond to a
/// few, by CPU). A multi-core spinner never yields: on a loaded machine `sched_yield` hands
/// the core to another program for its whole time slice, milliseconds.
const PAUSES: u32 = 64;

/// A gap this long between two rounds means the spinner was taken off its core: the CPUs
/// are oversubscribed, and spinning there only delays the thread it waits for.
const PREEMPTED: Duration = Duration::from_micros(200);

/// 0: not yet known; 1: spinning off; 2: one CPU (yield only); 3: several CPUs.
static MODE: AtomicU8 = AtomicU8::new(0);

fn mode() -> u8 {
    let m = MODE.load(Ordering::Relaxed);
    if m != 0 {
        return m;
    }
    let m = if !std::env::var_os("MINIPY_SPIN").is_some_and(|v| !v.is_empty() && v != "0") {
        1
    } else if std::thread::available_parallelism().map_or(1, |n| n.get()) > 1 {
        3
    } else {
        2
    };
    MODE.store(m, Ordering::Relaxed);
    m
}

/// How well spinning has paid lately for one kind of wait: a spin that saw the wait end
/// raises the score by one, one that ran out and parked lowers it by two, one that was
/// preempted while it spun sets it to its lowest. While the score is
/// not above zero (on a loaded machine the other thread is often not running, so the spin
/// only takes CPU from it) waits park at once, but for one probe in [`PROBE_EVERY`], which
/// lets the score climb back when hand-offs are quick again.
pub struct Adapt {
    score: AtomicI32,
    waits: AtomicU32,
}

const SCORE_MAX: i32 = 64;
const PROBE_EVERY: u32 = 16;

impl Adapt {
    pub const fn new() -> Adapt {
        Adapt {
            score: AtomicI32::new(SCORE_MAX / 2),
            waits: AtomicU32::new(0),
        }
    }

    fn worth_spinning(&self) -> bool {
        self.score.load(Ordering::Relaxed) > 0
            || self
                .waits
                .fetch_add(1, Ordering::Relaxed)
                .is_multiple_of(PROBE_EVERY)
    }

    fn record(&self, paid: bool) {
        let _ = self
            .score
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |s| {
                Some(if paid {
                    (s + 1).min(SCORE_MAX)
                } else {
                    (s - 2).max(-SCORE_MAX)
                })
            });
    }

    fn record_preempted(&self) {
        self.score.store(-SCORE_MAX, Ordering::Relaxed);
    }
}

impl Default for Adapt {
    fn default() -> Adapt {
        Adapt::new()
    }
}

/// The record of waits for the GIL.
pub static GIL_WAITS: Adapt = Adapt::new();
/// The record of the blocking waits of locks, conditions, queues, events and semaphores.
pub static SYNC_WAITS: Adapt = Adapt::new();

/// One waiter's spinning: call [`Spin::step`] between checks of the state until it says
/// to stop, then park; [`Spin::finish`] once the state is known to be ready or not.
pub struct Spin {
    adapt: &'static Adapt,
    /// Whether this wait spins at all (and so has an outcome to record).
    on: bool,
    start: Option<Instant>,
    /// When the last round ended.
    last: Option<Instant>,
    preempted: bool,
    round: u32,
    deadline: Option<Instant>,
}

impl Spin {
    /// A spinner for a wait of kind `adapt` that ends at `deadline` at the latest (`None`:
    /// no timeout).
    pub fn new(adapt: &'static Adapt, deadline: Option<Instant>) -> Spin {
        Spin {
            adapt,
            on: mode() != 1 && adapt.worth_spinning(),
            start: None,
            last: None,
            preempted: false,
            round: 0,
            deadline,
        }
    }

    /// Whether this wait spins at all: when it does not, the caller parks at once without
    /// letting go of the state's mutex first.
    pub fn is_on(&self) -> bool {
        self.on
    }

    /// Waits a little without parking: `false` once the bound (or the wait's deadline) has
    /// passed, or when this wait does not spin, meaning the caller should park now.
    pub fn step(&mut self) -> bool {
        if !self.on {
            return false;
        }
        let now = Instant::now();
        let start = *self.start.get_or_insert(now);
        if self
            .last
            .is_some_and(|last| now.duration_since(last) >= PREEMPTED)
        {
            self.preempted = true;
            return false;
        }
        if now.duration_since(start) >= SPIN_BOUND || self.deadline.is_some_and(|d| now >= d) {
            return false;
        }
        if mode() == 3 {
            for _ in 0..PAUSES {
                std::hint::spin_loop();
            }
        } else {
            // One CPU: spinning would only keep the other thread off it.
            std::thread::yield_now();
        }
        self.round += 1;
        self.last = Some(Instant::now());
        true
    }

    /// Records whether the spin saw the wait end (`ready`) or ran out; only the first call
    /// counts, and a wait that was ready before it spun records nothing.
    pub fn finish(&mut self, ready: bool) {
        if self.on && self.preempted && mode() == 3 {
            self.adapt.record_preempted();
        } else if self.on && self.start.is_some() {
            self.adapt.record(ready);
        }
        self.on = false;
    }
}
