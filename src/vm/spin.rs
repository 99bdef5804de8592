//! Brief spinning before a thread parks. A hand-off between two threads (a pool worker woken
//! by a queue, the submitter woken by its future's condition, either one waiting for the GIL
//! the other is about to drop) costs two OS wake-ups when both sides park, and on an idle
//! machine a sleeping core takes tens of microseconds to wake. A waiter that first watches
//! its state for a bounded time catches the common case, a hand-off a few microseconds away,
//! without any wake-up.
//!
//! What keeps spinning from hurting:
//! - A spinner never takes the state's mutex while it spins: it watches an atomic that the
//!   other side changes when the state does (the generation of a [`WaitCv`], or the GIL's
//!   free ticket), and takes the mutex once, when that changed. So the thread that is about
//!   to end the wait never queues behind spinners for the mutex.
//! - The spin is bounded in time, by a budget that adapts ([`Adapt`]): it grows towards
//!   twice the hand-off times seen when spins pay and halves when they run out, never past
//!   [`SPIN_BOUND`]. Each kind of wait also keeps a score, and while spins do not pay (or get
//!   preempted) its waits park at once, but for an occasional probe.
//! - It backs off: between looks, rounds of `spin_loop` hints that double in length. It never
//!   yields its CPU: on a loaded machine `sched_yield` gives the CPU away for milliseconds
//!   (the round trip of `benches/executor_roundtrip.mp` went from 40-100 us to 110-380 us
//!   with a yield in the second half of the budget, at load 18-22 on two cores).
//! - Nothing spins while more threads are runnable than there are CPUs ([`overloaded`]):
//!   there a spinner takes the CPU the thread it waits for needs, and loses the wake-up
//!   preference the scheduler gives a thread that slept.
//! - At most one spinner fewer than the CPUs (as the process sees them: affinity and cgroup
//!   quota count) spins at a time, so some CPU is always left for the thread that ends the
//!   waits; on one CPU nothing spins.
//! - Nothing spins while it holds the GIL: sync waits spin with the GIL released, a GIL
//!   waiter holds nothing, and deterministic runs (whose waits finish holding the GIL) turn
//!   spinning off around them ([`without_spinning`]).
//!
//! Spinning happens inside a wait the registry already shows as blocked, so the deadlock
//! detector, deterministic scheduling and Ctrl-C see a spinning waiter as they see a parked
//! one. `MINIPY_SPIN=0` turns it off (every wait parks at once); `MINIPY_SPIN=always` makes
//! every wait spin (tests).

use parking_lot::{Condvar, MutexGuard, WaitTimeoutResult};
use std::cell::Cell;
use std::sync::atomic::{
    AtomicBool, AtomicI32, AtomicU32, AtomicU64, AtomicU8, AtomicUsize, Ordering,
};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The longest a waiter spins before it parks.
pub const SPIN_BOUND: Duration = Duration::from_micros(50);

/// The shortest budget the adaptation goes down to.
const MIN_BUDGET_NS: u32 = 4_000;

/// The longest round of `spin_loop` hints between two looks (a fraction of a microsecond, by
/// CPU): a spinner must see its change soon, as the place it holds may be wanted by the
/// thread that made it.
const MAX_PAUSES: u32 = 16;

/// A gap this long between two looks means the spinner was taken off its core: the CPUs are
/// oversubscribed, and spinning there only delays the thread it waits for.
const PREEMPTED: Duration = Duration::from_micros(200);

/// 0: not yet known; 1: spinning off; 2: on; 3: forced (`MINIPY_SPIN=always`).
static MODE: AtomicU8 = AtomicU8::new(0);
/// How many threads may spin at once (the CPUs less one), once `MODE` is known.
static MAX_SPINNERS: AtomicUsize = AtomicUsize::new(0);
/// How many threads spin now.
static SPINNERS: AtomicUsize = AtomicUsize::new(0);
/// Set by `MINIPY_SPIN=noload`: the heuristics as by default, but for the machine's load.
static IGNORE_LOAD: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// Set while this thread must not spin (it holds the GIL through its wait).
    static SUPPRESSED: Cell<bool> = const { Cell::new(false) };
}

/// The spinning mode, read from `MINIPY_SPIN` once: `0` (or empty) turns spinning off,
/// `always` makes every wait spin its whole budget whatever the CPUs, the other spinners and
/// the record of past spins say (for tests that must exercise it on any machine); `noload`
/// spins as by default but never looks at the machine's load (to measure the rest of the
/// heuristics under `chrt -f`, whose threads run whatever the load); anything else, or
/// nothing, spins on a machine with more than one CPU. `MINIPY_SPIN_STATS=1` prints at exit
/// how each kind of wait went (spun and paid, ran out, ... or why it did not spin).
fn mode() -> u8 {
    let m = MODE.load(Ordering::Relaxed);
    if m != 0 {
        return m;
    }
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    MAX_SPINNERS.store(cpus.saturating_sub(1), Ordering::Relaxed);
    let m = match std::env::var("MINIPY_SPIN").as_deref() {
        Ok("" | "0") => 1,
        Ok("always") => 3,
        Ok("noload") => {
            IGNORE_LOAD.store(true, Ordering::Relaxed);
            2
        }
        _ if cpus < 2 => 1,
        _ => 2,
    };
    if std::env::var("MINIPY_SPIN_STATS").is_ok_and(|v| !v.is_empty() && v != "0")
        && !STATS.swap(true, Ordering::Relaxed)
    {
        #[cfg(unix)]
        // SAFETY: registers a plain function with no arguments to run at exit.
        unsafe {
            libc::atexit(print_stats);
        }
    }
    MODE.store(m, Ordering::Relaxed);
    m
}

/// Whether waits may spin at all.
pub fn enabled() -> bool {
    mode() != 1
}

/// How often [`overloaded`] looks at the machine again.
const LOAD_CHECK_MS: u64 = 10;

/// Whether more threads are runnable than the machine has CPUs (Linux: the running count of
/// `/proc/loadavg`, read at most every [`LOAD_CHECK_MS`] by whichever thread asks first).
/// Then a spinner would take a CPU the thread it waits for may need, and a parked thread
/// gets the scheduler's wake-up preference that a spinning one loses.
fn overloaded() -> bool {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    static CHECKED_MS: AtomicU64 = AtomicU64::new(u64::MAX);
    static OVER: AtomicBool = AtomicBool::new(false);
    if !cfg!(target_os = "linux") || IGNORE_LOAD.load(Ordering::Relaxed) {
        return false;
    }
    let now = EPOCH.get_or_init(Instant::now).elapsed().as_millis() as u64;
    let last = CHECKED_MS.load(Ordering::Relaxed);
    if (last == u64::MAX || now.saturating_sub(last) >= LOAD_CHECK_MS)
        && CHECKED_MS
            .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok()
    {
        let cpus = MAX_SPINNERS.load(Ordering::Relaxed) + 1;
        // This process's spinners are runnable too, but give their CPU back within
        // microseconds: they do not make the machine busy.
        let spinners = SPINNERS.load(Ordering::Relaxed);
        OVER.store(
            runnable().is_none_or(|n| n.saturating_sub(spinners) > cpus),
            Ordering::Relaxed,
        );
    }
    OVER.load(Ordering::Relaxed)
}

/// The threads runnable now, the looking one included (`/proc/loadavg`'s fourth field is
/// `RUNNABLE/TOTAL`).
fn runnable() -> Option<usize> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    let field = text.split_whitespace().nth(3)?;
    field.split_once('/')?.0.parse().ok()
}

/// Runs `f` with spinning off in this thread (a wait that finishes holding the GIL).
pub fn without_spinning<T>(f: impl FnOnce() -> T) -> T {
    let before = SUPPRESSED.with(|s| s.replace(true));
    let r = f();
    SUPPRESSED.with(|s| s.set(before));
    r
}

/// A condition variable whose notifications also advance a generation, which spinners watch
/// without the mutex (`parking_lot::Condvar` otherwise, same methods).
#[derive(Default)]
pub struct WaitCv {
    cv: Condvar,
    generation: AtomicU32,
}

impl WaitCv {
    pub const fn new() -> WaitCv {
        WaitCv {
            cv: Condvar::new(),
            generation: AtomicU32::new(0),
        }
    }

    /// Advances the generation (spinners see a change) and wakes one parked waiter.
    pub fn notify_one(&self) -> bool {
        self.generation.fetch_add(1, Ordering::Release);
        self.cv.notify_one()
    }

    /// Advances the generation (spinners see a change) and wakes every parked waiter.
    pub fn notify_all(&self) -> usize {
        self.generation.fetch_add(1, Ordering::Release);
        self.cv.notify_all()
    }

    /// The count of notifications so far.
    pub fn generation(&self) -> u32 {
        self.generation.load(Ordering::Acquire)
    }

    pub fn wait<T: ?Sized>(&self, guard: &mut MutexGuard<'_, T>) {
        self.cv.wait(guard)
    }

    pub fn wait_until<T: ?Sized>(
        &self,
        guard: &mut MutexGuard<'_, T>,
        until: Instant,
    ) -> WaitTimeoutResult {
        self.cv.wait_until(guard, until)
    }

    pub fn wait_for<T: ?Sized>(
        &self,
        guard: &mut MutexGuard<'_, T>,
        timeout: Duration,
    ) -> WaitTimeoutResult {
        self.cv.wait_for(guard, timeout)
    }
}

/// How well spinning has paid lately for one kind of wait, and how long a spin may last.
///
/// The score: a spin that saw the wait end raises it by one, one that ran out lowers it by
/// two, one that was preempted while it spun sets it to its lowest. While it is not above
/// zero, waits park at once but for one probe in [`PROBE_EVERY`], which lets the score climb
/// back when hand-offs are quick again.
///
/// The budget: a spin that paid after `t` raises it to twice `t` if that is more, one that
/// ran out halves it; it stays between [`MIN_BUDGET_NS`] and [`SPIN_BOUND`].
pub struct Adapt {
    score: AtomicI32,
    waits: AtomicU32,
    budget_ns: AtomicU32,
    /// What became of this kind's waits (counted only under `MINIPY_SPIN_STATS`).
    stats: Stats,
}

/// Counts of what became of one kind of wait, printed at exit under `MINIPY_SPIN_STATS=1`
/// (to see why waits spin or park; nothing counts without it).
struct Stats {
    counts: [AtomicU64; OUTCOMES.len()],
}

/// The outcomes [`Stats`] counts, by index.
const OUTCOMES: [&str; 9] = [
    "paid",
    "ran out",
    "near miss",
    "preempted",
    "no place",
    "overloaded",
    "score low",
    "suppressed",
    "off",
];
const PAID: usize = 0;
const RAN_OUT: usize = 1;
const NEAR_MISSED: usize = 2;
const WAS_PREEMPTED: usize = 3;
const NO_PLACE: usize = 4;
const OVERLOADED: usize = 5;
const SCORE_LOW: usize = 6;
const SUPPRESSED_WAIT: usize = 7;
const OFF: usize = 8;

/// Whether [`Stats`] count (`MINIPY_SPIN_STATS` set and not `0`), once `MODE` is known.
static STATS: AtomicBool = AtomicBool::new(false);

impl Stats {
    const fn new() -> Stats {
        Stats {
            counts: [const { AtomicU64::new(0) }; OUTCOMES.len()],
        }
    }

    fn count(&self, outcome: usize) {
        if STATS.load(Ordering::Relaxed) {
            self.counts[outcome].fetch_add(1, Ordering::Relaxed);
        }
    }

    #[cfg(unix)]
    fn line(&self, kind: &str) -> String {
        let parts: Vec<String> = OUTCOMES
            .iter()
            .zip(&self.counts)
            .map(|(name, n)| format!("{name} {}", n.load(Ordering::Relaxed)))
            .collect();
        format!("spin {kind}: {}", parts.join(", "))
    }
}

/// Prints the counts of both kinds of wait to stderr (at exit; registered on Unix).
#[cfg(unix)]
extern "C" fn print_stats() {
    eprintln!("{}", GIL_WAITS.stats.line("gil"));
    eprintln!("{}", SYNC_WAITS.stats.line("sync"));
}

const SCORE_MAX: i32 = 64;
const BOUND_NS: u32 = SPIN_BOUND.as_nanos() as u32;

/// A wait that ends this soon after it began, though its spin ran out, was a near miss: it
/// ended within the bound plus an OS wake-up's latency (tens of microseconds on an idle
/// core).
const NEAR_MISS: Duration = Duration::from_micros(2 * SPIN_BOUND.as_micros() as u64);
const PROBE_EVERY: u32 = 16;

impl Adapt {
    pub const fn new() -> Adapt {
        Adapt {
            score: AtomicI32::new(SCORE_MAX / 2),
            waits: AtomicU32::new(0),
            budget_ns: AtomicU32::new(SPIN_BOUND.as_nanos() as u32 / 2),
            stats: Stats::new(),
        }
    }

    fn worth_spinning(&self) -> bool {
        self.score.load(Ordering::Relaxed) > 0
            || self
                .waits
                .fetch_add(1, Ordering::Relaxed)
                .is_multiple_of(PROBE_EVERY)
    }

    fn budget(&self) -> Duration {
        Duration::from_nanos(self.budget_ns.load(Ordering::Relaxed) as u64)
    }

    fn record(&self, paid: bool, spun: Duration) {
        if !paid {
            return self.record_miss(false);
        }
        let _ = self
            .score
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |s| {
                Some((s + 1).min(SCORE_MAX))
            });
        let spun = spun.as_nanos().min(u32::MAX as u128) as u32;
        let _ = self
            .budget_ns
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |b| {
                Some(b.max(spun.saturating_mul(2)).clamp(MIN_BUDGET_NS, BOUND_NS))
            });
    }

    /// A spin that ran out: one whose wait ended soon after (`near`, within [`NEAR_MISS`])
    /// doubles the budget (a longer spin would have paid) and lowers the score by one; one
    /// whose wait went on halves it and lowers the score by two. Without the first, a budget
    /// once halved below the hand-off time (by the slow first waits, as a thread starts)
    /// never grows again: no spin pays, so none shows how long the hand-offs take.
    fn record_miss(&self, near: bool) {
        let _ = self
            .score
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |s| {
                Some((s - if near { 1 } else { 2 }).max(-SCORE_MAX))
            });
        let _ = self
            .budget_ns
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |b| {
                let b = if near { b.saturating_mul(2) } else { b / 2 };
                Some(b.clamp(MIN_BUDGET_NS, BOUND_NS))
            });
    }

    fn record_preempted(&self) {
        self.score.store(-SCORE_MAX, Ordering::Relaxed);
        self.budget_ns.store(MIN_BUDGET_NS, Ordering::Relaxed);
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

/// One waiter's spinning: [`Spin::watch`] until the state may have changed, look at the state
/// under its mutex, again while it says so, then park; [`Spin::finish`] once the state is
/// known to be ready or not.
pub struct Spin {
    adapt: &'static Adapt,
    /// Whether this wait (still) spins, and so has an outcome to record.
    on: bool,
    /// Whether it spun at all (a wait that was ready before it spun records nothing).
    spun: bool,
    start: Option<Instant>,
    budget: Duration,
    preempted: bool,
    /// Whether the spin ran out (judged when the wait ends).
    ran_out: bool,
    deadline: Option<Instant>,
}

/// A place among the spinners, given back when dropped.
struct Slot;

impl Slot {
    fn take() -> Option<Slot> {
        let max = MAX_SPINNERS.load(Ordering::Relaxed);
        SPINNERS
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()
            .map(|_| Slot)
    }
}

/// What [`Slot::wait_for_place`] came to.
enum Place {
    Taken(Slot),
    /// The state may have changed before a place was free: look at it.
    Changed,
    /// No place freed up within [`PLACE_GRACE`].
    None,
}

/// How long a waiter waits for a spinner's place before it parks. In a hand-off between two
/// threads both briefly want one: the thread that just let go of what the other waits for
/// (the GIL, a queue's item) starts its own wait while the other still spins, about to see
/// the change and leave its place. Without this grace the one that comes second parks every
/// time, on two CPUs where one place is all there is, and its partner then waits for an OS
/// wake-up (the round trip of `benches/executor_roundtrip.mp` stayed at the parking cost,
/// ~60 us, with its waits spinning; 17 us once they take turns).
const PLACE_GRACE: Duration = Duration::from_micros(3);

impl Slot {
    /// A place among the spinners, watching `changed` until one frees up or for at most
    /// [`PLACE_GRACE`].
    fn wait_for_place(changed: &mut impl FnMut() -> bool) -> Place {
        if let Some(slot) = Slot::take() {
            return Place::Taken(slot);
        }
        let start = Instant::now();
        loop {
            for _ in 0..MAX_PAUSES / 4 {
                std::hint::spin_loop();
            }
            if changed() {
                return Place::Changed;
            }
            if let Some(slot) = Slot::take() {
                return Place::Taken(slot);
            }
            if start.elapsed() >= PLACE_GRACE {
                return Place::None;
            }
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        SPINNERS.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Spin {
    /// A spinner for a wait of kind `adapt` that ends at `deadline` at the latest (`None`:
    /// no timeout).
    pub fn new(adapt: &'static Adapt, deadline: Option<Instant>) -> Spin {
        let mode = mode();
        let why_not = if mode == 1 {
            Some(OFF)
        } else if SUPPRESSED.with(|s| s.get()) {
            Some(SUPPRESSED_WAIT)
        } else if mode == 3 {
            None
        } else if overloaded() {
            Some(OVERLOADED)
        } else if !adapt.worth_spinning() {
            Some(SCORE_LOW)
        } else {
            None
        };
        if let Some(why) = why_not {
            adapt.stats.count(why);
        }
        let on = why_not.is_none();
        Spin {
            adapt,
            on,
            spun: false,
            start: None,
            budget: Duration::ZERO,
            preempted: false,
            ran_out: false,
            deadline,
        }
    }

    /// Whether this wait spins (still): when it does not, the caller parks at once without
    /// letting go of the state's mutex.
    pub fn is_on(&self) -> bool {
        self.on
    }

    /// Spins until `changed()` says the state may have changed (`true`: look at it) or the
    /// budget, or the wait's deadline, runs out (`false`: park now). Call it with the state's
    /// mutex let go; `changed` must only read atomics.
    pub fn watch(&mut self, mut changed: impl FnMut() -> bool) -> bool {
        if !self.on {
            return false;
        }
        let forced = mode() == 3;
        let _place = if forced {
            None
        } else {
            match Slot::wait_for_place(&mut changed) {
                Place::Taken(slot) => Some(slot),
                Place::Changed => return true,
                Place::None => {
                    // As many threads spin as there are CPUs to spare: park. This wait has
                    // nothing to record, spinning did not fail.
                    self.adapt.stats.count(NO_PLACE);
                    self.on = false;
                    return false;
                }
            }
        };
        let now = Instant::now();
        let start = *self.start.get_or_insert_with(|| {
            self.budget = if forced {
                SPIN_BOUND
            } else {
                self.adapt.budget()
            };
            now
        });
        self.spun = true;
        let mut last = now;
        let mut pauses = 1;
        loop {
            if changed() {
                return true;
            }
            let now = Instant::now();
            if now.duration_since(last) >= PREEMPTED && !forced {
                self.preempted = true;
                return false;
            }
            let spun = now.duration_since(start);
            if spun >= self.budget || self.deadline.is_some_and(|d| now >= d) {
                return false;
            }
            for _ in 0..pauses {
                std::hint::spin_loop();
            }
            pauses = (pauses * 2).min(MAX_PAUSES);
            last = Instant::now();
        }
    }

    /// Records whether the spin saw the wait end (`ready`) or ran out; only the first call
    /// counts, and a wait that did not spin records nothing. A spin that ran out is judged
    /// when the wait ends (on drop): by how long the whole wait took.
    pub fn finish(&mut self, ready: bool) {
        if self.on && self.spun {
            if self.preempted {
                self.adapt.stats.count(WAS_PREEMPTED);
                self.adapt.record_preempted();
            } else if let Some(start) = self.start {
                if ready {
                    self.adapt.stats.count(PAID);
                    self.adapt.record(true, start.elapsed());
                } else {
                    self.ran_out = true;
                }
            }
        }
        self.on = false;
    }
}

impl Drop for Spin {
    fn drop(&mut self) {
        let (true, Some(start)) = (self.ran_out, self.start) else {
            return;
        };
        let near = start.elapsed() <= NEAR_MISS;
        self.adapt
            .stats
            .count(if near { NEAR_MISSED } else { RAN_OUT });
        self.adapt.record_miss(near);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_follows_hand_off_times() {
        let a = Adapt::new();
        a.record(true, Duration::from_micros(20));
        assert_eq!(a.budget(), Duration::from_micros(40));
        a.record(true, Duration::from_micros(40));
        assert_eq!(a.budget(), SPIN_BOUND);
        a.record(false, SPIN_BOUND);
        assert_eq!(a.budget(), SPIN_BOUND / 2);
        for _ in 0..10 {
            a.record(false, SPIN_BOUND);
        }
        assert_eq!(a.budget(), Duration::from_nanos(MIN_BUDGET_NS as u64));
    }

    #[test]
    fn near_misses_grow_the_budget_back() {
        let a = Adapt::new();
        for _ in 0..10 {
            a.record_miss(false);
        }
        assert_eq!(a.budget(), Duration::from_nanos(MIN_BUDGET_NS as u64));
        let score = a.score.load(Ordering::Relaxed);
        for _ in 0..3 {
            a.record_miss(true);
        }
        assert_eq!(a.budget(), Duration::from_nanos(MIN_BUDGET_NS as u64 * 8));
        assert_eq!(a.score.load(Ordering::Relaxed), score - 3);
        for _ in 0..4 {
            a.record_miss(true);
        }
        assert_eq!(a.budget(), SPIN_BOUND);
    }

    #[test]
    fn failing_spins_stop_spinning_but_for_probes() {
        let a = Adapt::new();
        for _ in 0..SCORE_MAX {
            a.record(false, SPIN_BOUND);
        }
        let spins = (0..PROBE_EVERY * 4).filter(|_| a.worth_spinning()).count();
        assert_eq!(spins, 4);
        a.record_preempted();
        assert_eq!(a.score.load(Ordering::Relaxed), -SCORE_MAX);
    }

    #[test]
    fn spinners_are_capped() {
        enabled();
        let max = MAX_SPINNERS.load(Ordering::Relaxed);
        // Other tests of this binary may hold places meanwhile: never more than `max`.
        let slots: Vec<Slot> = std::iter::from_fn(Slot::take).take(max + 1).collect();
        assert!(slots.len() <= max, "{} places of {max}", slots.len());
    }
}
