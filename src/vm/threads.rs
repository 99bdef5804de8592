//! The registry of interpreter threads: each thread's name, Python object, state (running,
//! waiting for the GIL, blocked on something, finished) and the locks it holds. `threading`,
//! the exit logic and the deadlock detector read it. Also the GIL's moving parts on the
//! thread's side: blocking waits, the eval breaker and the switch budget, which tell the
//! observer (`--gil-stats`, `--trace`) what the thread does.
//!
//! Entries hold Python values; they are only touched by a thread that may touch objects (under
//! the GIL, or in the free-threaded runtime where counts are atomic).

use super::Vm;
use crate::objects::Value;
use crate::vm::Runtime;
use parking_lot::Mutex;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// What a blocked thread waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitTarget {
    /// A lock (by id): Lock, RLock, or the lock under a Condition/Semaphore...
    Lock(u64),
    /// Another thread to finish (`join`).
    Thread(u64),
    /// Something only another thread's action ends (an Event, a Condition, a Queue...): an
    /// id for the registry's `ready` set, and a description in the program's words.
    Signal(u64, String),
    /// A sleep until this time on the interpreter's clock (`f64::to_bits` of its seconds).
    SleepUntil(u64),
    /// A wait that always ends by itself soon (a new thread starting).
    Sleep,
    /// A wait on the outside world (a socket, `select`): named for `--trace` ("socket
    /// recv"); never part of a deadlock, since something outside may end it.
    Io(&'static str),
}

#[derive(Debug, Clone)]
pub enum ThreadState {
    Running,
    Blocked {
        target: WaitTarget,
        has_timeout: bool,
        /// Under `--virtual-time`, when the wait times out on the virtual clock (`f64` bits).
        virtual_deadline: Option<u64>,
        file: Arc<str>,
        line: u32,
    },
    Finished,
}

/// One thread of the interpreter.
pub struct ThreadRecord<R: Runtime> {
    pub name: String,
    /// The `threading.Thread` object (or the main thread's object once made).
    pub object: Value<R>,
    pub daemon: bool,
    pub state: ThreadState,
    /// Set when the thread has finished; `join` waits on it.
    pub done: Arc<Completion>,
}

/// A one-shot "finished" flag that threads can wait on.
#[derive(Default)]
pub struct Completion {
    done: Mutex<bool>,
    cv: parking_lot::Condvar,
}

impl Completion {
    pub fn set(&self) {
        *self.done.lock() = true;
        self.cv.notify_all();
    }

    pub fn is_set(&self) -> bool {
        *self.done.lock()
    }

    /// Waits until set or until `deadline`; true if set.
    pub fn wait(&self, deadline: Option<std::time::Instant>) -> bool {
        let mut done = self.done.lock();
        while !*done {
            match deadline {
                Some(d) => {
                    if self.cv.wait_until(&mut done, d).timed_out() {
                        return *done;
                    }
                }
                None => self.cv.wait(&mut done),
            }
        }
        true
    }
}

/// A lock as the registry knows it: who holds it and where it was made and last taken.
#[derive(Debug, Clone)]
pub struct LockRecord {
    pub name: String,
    pub holder: Option<u64>,
    pub file: Arc<str>,
    pub line: u32,
    pub reentrant: bool,
    pub taken_file: Arc<str>,
    pub taken_line: u32,
}

pub struct Registry<R: Runtime> {
    pub threads: BTreeMap<u64, ThreadRecord<R>>,
    pub locks: BTreeMap<u64, LockRecord>,
    /// Signal waits that can complete now (an Event that is set, a notified waiter...).
    pub ready: std::collections::BTreeSet<u64>,
    next_thread: u64,
    /// `Thread-N` numbering, as CPython's `threading._counter`.
    pub name_counter: u64,
}

impl<R: Runtime> Default for Registry<R> {
    fn default() -> Self {
        Registry {
            threads: BTreeMap::new(),
            locks: BTreeMap::new(),
            ready: Default::default(),
            next_thread: 1,
            name_counter: 0,
        }
    }
}

impl<R: Runtime> Registry<R> {
    /// Adds a thread; returns its id.
    pub fn add(&mut self, name: String, object: Value<R>, daemon: bool) -> u64 {
        let id = self.next_thread;
        self.next_thread += 1;
        self.threads.insert(
            id,
            ThreadRecord {
                name,
                object,
                daemon,
                state: ThreadState::Running,
                done: Arc::new(Completion::default()),
            },
        );
        id
    }

    /// Marks a signal wait as able (or no longer able) to complete.
    pub fn set_ready(&mut self, id: u64, ready: bool) {
        if ready {
            self.ready.insert(id);
        } else {
            self.ready.remove(&id);
        }
    }

    /// The thread whose progress `target` waits for, if one can be named.
    fn holder_of(&self, target: &WaitTarget) -> Option<u64> {
        match target {
            WaitTarget::Lock(id) => self.locks.get(id).and_then(|l| l.holder),
            WaitTarget::Thread(t) => match self.threads.get(t).map(|t| &t.state) {
                Some(ThreadState::Finished) | None => None,
                Some(_) => Some(*t),
            },
            WaitTarget::Signal(..)
            | WaitTarget::Sleep
            | WaitTarget::Io(_)
            | WaitTarget::SleepUntil(_) => None,
        }
    }

    /// Whether a wait on `target` could end without another thread doing anything more, with
    /// the clock at `now` (sleeps end when it passes their wake-up time).
    pub fn can_proceed_at(&self, target: &WaitTarget, waiter: u64, now: f64) -> bool {
        match target {
            WaitTarget::SleepUntil(bits) => now >= f64::from_bits(*bits),
            _ => self.can_proceed(target, waiter),
        }
    }

    /// Whether only the thread holding `target` can end a wait on it: an RLock's owner, or a
    /// thread being joined (a plain Lock may be released by any thread).
    fn exact_owner(&self, target: &WaitTarget) -> bool {
        match target {
            WaitTarget::Lock(id) => self.locks.get(id).is_some_and(|l| l.reentrant),
            WaitTarget::Thread(_) => true,
            _ => false,
        }
    }

    /// Whether a wait on `target` could end without another thread doing anything more.
    fn can_proceed(&self, target: &WaitTarget, waiter: u64) -> bool {
        match target {
            WaitTarget::Lock(id) => match self.locks.get(id) {
                Some(l) => l.holder.is_none() || (l.reentrant && l.holder == Some(waiter)),
                None => true,
            },
            WaitTarget::Thread(_) => self.holder_of(target).is_none(),
            WaitTarget::Signal(id, _) => self.ready.contains(id),
            WaitTarget::Sleep | WaitTarget::Io(_) | WaitTarget::SleepUntil(_) => true,
        }
    }

    /// If thread `me` blocking on `target` (with no timeout) can never end, the threads that
    /// wait for each other, in order, starting with `me`.
    pub fn find_deadlock(&self, me: u64, target: &WaitTarget) -> Option<Vec<(u64, WaitTarget)>> {
        if self.can_proceed(target, me) {
            return None;
        }
        // A cycle: me -> holder -> what it waits for -> its holder ... -> me.
        let mut chain = vec![(me, target.clone())];
        let mut next = self.holder_of(target);
        let mut cycle = None;
        while let Some(t) = next {
            if t == me {
                // Only the owner of an RLock, and only the thread itself for a join, can end
                // those waits: such a cycle is certain. A plain Lock can be released by any
                // thread, so a cycle through one is a deadlock only if no other thread can
                // act either (checked below).
                if chain.iter().all(|(_, w)| self.exact_owner(w)) {
                    return Some(chain);
                }
                cycle = Some(chain);
                break;
            }
            if chain.len() > self.threads.len() || chain.iter().any(|(c, _)| *c == t) {
                break;
            }
            match self.threads.get(&t).map(|r| &r.state) {
                Some(ThreadState::Blocked {
                    target,
                    has_timeout: false,
                    ..
                }) if !self.can_proceed(target, t) => {
                    chain.push((t, target.clone()));
                    next = self.holder_of(target);
                }
                _ => break,
            }
        }
        // Or nobody at all can move: every other live thread waits, with no timeout, for
        // something that cannot happen by itself.
        let mut stuck = vec![(me, target.clone())];
        for (id, t) in &self.threads {
            if *id == me {
                continue;
            }
            match &t.state {
                ThreadState::Finished => {}
                ThreadState::Blocked {
                    target,
                    has_timeout: false,
                    ..
                } if !self.can_proceed(target, *id) => {
                    stuck.push((*id, target.clone()));
                }
                _ => return None,
            }
        }
        // Everyone is stuck: name the cycle among them, if there is one (it is the story the
        // report should tell), else list them all.
        Some(cycle.or_else(|| self.cycle_among(&stuck)).unwrap_or(stuck))
    }

    /// A wait-for cycle among `waits` (thread -> what it waits for -> its holder ...), if any.
    fn cycle_among(&self, waits: &[(u64, WaitTarget)]) -> Option<Vec<(u64, WaitTarget)>> {
        let waiting_for = |t: u64| {
            waits
                .iter()
                .find(|(w, _)| *w == t)
                .map(|(_, target)| target.clone())
        };
        for (start, _) in waits {
            let mut chain: Vec<(u64, WaitTarget)> = Vec::new();
            let mut current = *start;
            while let Some(target) = waiting_for(current) {
                if chain.iter().any(|(t, _)| *t == current) {
                    break;
                }
                chain.push((current, target.clone()));
                match self.holder_of(&target) {
                    Some(h) if h == *start => return Some(chain),
                    Some(h) => current = h,
                    None => break,
                }
            }
        }
        None
    }

    /// Live threads that are not daemons and not `except`.
    pub fn non_daemon_alive(&self, except: u64) -> Vec<(u64, Arc<Completion>)> {
        self.threads
            .iter()
            .filter(|(id, t)| {
                **id != except && !t.daemon && !matches!(t.state, ThreadState::Finished)
            })
            .map(|(id, t)| (*id, t.done.clone()))
            .collect()
    }
}

/// Ids for locks and other waitable objects.
pub fn next_object_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// How `blocking` treats a wait.
enum TargetKind {
    /// A sleep on the real clock: released and slept through even in deterministic runs.
    RealSleep,
    Other,
}

thread_local! {
    /// Set while a deterministic run finishes a timed wait whose virtual deadline passed:
    /// the wait must report a timeout at once (see `sync::wait_until`).
    pub static VIRTUAL_TIMEOUT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// The last deadline [`deadline_in`] made on this thread, with the timeout it was made
    /// for.
    static MADE_DEADLINE: std::cell::Cell<Option<(Instant, f64)>> =
        const { std::cell::Cell::new(None) };
}

/// The real-clock deadline `seconds` (at least 0) from now, for a timed wait. Under
/// `--virtual-time`, `blocking` moves the wait's deadline onto the virtual clock: the virtual
/// time now plus these `seconds`, not plus what is left of them on the real clock by the time
/// the wait begins. In a slow (debug) build nothing may be left of a short timeout by then,
/// and an event loop waiting out its next timer's last fraction of a second would never move
/// the virtual clock on.
pub fn deadline_in(seconds: f64) -> Instant {
    let seconds = seconds.clamp(0.0, 1e9);
    let deadline = Instant::now() + std::time::Duration::from_secs_f64(seconds);
    MADE_DEADLINE.with(|made| made.set(Some((deadline, seconds))));
    deadline
}

/// Set by the SIGINT handler; the main thread turns it into KeyboardInterrupt.
pub static INTERRUPT: AtomicBool = AtomicBool::new(false);

/// Routes Ctrl-C (SIGINT) to `INTERRUPT`, checked at the main thread's switch points and by
/// its blocking waits. A second Ctrl-C while the first is pending ends the process.
pub fn install_interrupt_handler() {
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    let _ = unsafe {
        signal_hook::low_level::register(signal_hook::consts::SIGINT, || {
            if INTERRUPT.swap(true, Ordering::Relaxed) {
                signal_hook::low_level::exit(130);
            }
            super::signals::write_wakeup_byte(signal_hook::consts::SIGINT);
            #[cfg(feature = "no-threads")]
            crate::objects::gc::raise_attention_for_signal();
        })
    };
}

impl<R: Runtime> Vm<R> {
    /// Runs `wait` with the GIL released. `wait` must not touch any Python object: it runs
    /// while other threads mutate them. The registry shows the thread as blocked on `target`
    /// meanwhile.
    ///
    /// A wait with no timeout that can never end is a deadlock: it is reported and the
    /// process exits with status 3 (unless detection is off). The check and the state change
    /// happen under one registry lock, so two threads blocking at once cannot both miss it.
    pub fn blocking<T>(
        &mut self,
        target: WaitTarget,
        has_timeout: bool,
        wait: impl FnOnce() -> T,
    ) -> T {
        let (file, line) = self.current_location();
        let observed = self
            .interp
            .observer
            .is_some()
            .then(|| self.observed_wait(&target));
        let target_kind = match &target {
            WaitTarget::SleepUntil(_) if !self.interp.clock.is_virtual() => TargetKind::RealSleep,
            _ => TargetKind::Other,
        };
        // A timed wait's deadline, moved onto the virtual clock when time is virtual.
        let virtual_deadline = self
            .pending_deadline
            .take()
            .filter(|_| self.interp.clock.is_virtual())
            .map(|d| {
                let left = match MADE_DEADLINE.with(|made| made.take()) {
                    Some((made, seconds)) if made == d => seconds,
                    _ => d.saturating_duration_since(Instant::now()).as_secs_f64(),
                };
                (self.interp.clock.monotonic() + left).to_bits()
            });
        {
            let mut reg = self.interp.registry.lock();
            if !has_timeout && self.interp.options.deadlock_detection {
                if let Some(cycle) = reg.find_deadlock(self.thread_id, &target) {
                    if let Some(t) = reg.threads.get_mut(&self.thread_id) {
                        t.state = ThreadState::Blocked {
                            target: target.clone(),
                            has_timeout,
                            virtual_deadline,
                            file: file.clone(),
                            line,
                        };
                    }
                    drop(reg);
                    crate::vm::deadlock::report_and_exit(self, &cycle);
                }
            }
            if let Some(t) = reg.threads.get_mut(&self.thread_id) {
                t.state = ThreadState::Blocked {
                    target: target.clone(),
                    has_timeout,
                    virtual_deadline,
                    file,
                    line,
                };
            }
        }
        if self.interp.gil.is_scheduled() && !matches!(target_kind, TargetKind::RealSleep) {
            // Deterministic runs: let the scheduler pick who runs; this thread is picked only
            // once its wait can end, and finishes the wait holding the GIL, so no OS timing
            // decides anything.
            if let Some(activity) = observed {
                self.observe(activity);
            }
            self.release_gil();
            // Blocked until the scheduler picks it: no separate wait for the GIL.
            self.take_gil(false);
            // Picked although the wait cannot end: its virtual deadline passed, so the wait times
            // out at once instead of waiting on the real clock.
            let timed_out = virtual_deadline.is_some() && {
                let reg = self.interp.registry.lock();
                !reg.can_proceed_at(&target, self.thread_id, self.interp.clock.monotonic())
            };
            VIRTUAL_TIMEOUT.with(|t| t.set(timed_out));
            // It waits holding the GIL: spinning would only hold up the others.
            let r = super::spin::without_spinning(wait);
            VIRTUAL_TIMEOUT.with(|t| t.set(false));
            self.set_state(ThreadState::Running);
            return r;
        }
        if let Some(activity) = observed {
            self.observe(activity);
        }
        self.release_gil();
        let r = wait();
        self.acquire_gil();
        self.set_state(ThreadState::Running);
        r
    }

    /// Deterministic runs: the thread to run next, chosen by the seeded generator among the
    /// threads that can run now (this one included when `me_runnable`). When none can, the
    /// virtual clock jumps to the earliest wake-up. `None` when nothing can run until some
    /// real event (a real sleep ending, a timeout).
    pub(super) fn pick_next(&self, me_runnable: bool) -> Option<u64> {
        let clock = &self.interp.clock;
        loop {
            let reg = self.interp.registry.lock();
            let now = clock.monotonic();
            let candidates: Vec<u64> = reg
                .threads
                .iter()
                .filter(|(id, t)| match &t.state {
                    ThreadState::Running => **id != self.thread_id || me_runnable,
                    ThreadState::Blocked {
                        target,
                        virtual_deadline,
                        ..
                    } => {
                        reg.can_proceed_at(target, **id, now)
                            || virtual_deadline.is_some_and(|d| now >= f64::from_bits(d))
                    }
                    ThreadState::Finished => false,
                })
                .map(|(id, _)| *id)
                .collect();
            if !candidates.is_empty() {
                // `--schedule`: the highest-priority thread (PCT) instead of a random one.
                if let Some(pct) = &self.interp.schedule {
                    return Some(pct.choose(&candidates));
                }
                let r = {
                    let mut state = self.interp.sched_rng.lock();
                    *state ^= *state << 13;
                    *state ^= *state >> 7;
                    *state ^= *state << 17;
                    *state
                };
                return Some(candidates[(r % candidates.len() as u64) as usize]);
            }
            let next_wake = reg
                .threads
                .values()
                .filter_map(|t| match &t.state {
                    ThreadState::Blocked {
                        target: WaitTarget::SleepUntil(bits),
                        ..
                    } => Some(f64::from_bits(*bits)),
                    // A timed wait's deadline wakes it up too.
                    ThreadState::Blocked {
                        virtual_deadline: Some(bits),
                        ..
                    } => Some(f64::from_bits(*bits)),
                    _ => None,
                })
                .fold(None, |m: Option<f64>, t| Some(m.map_or(t, |m| m.min(t))));
            drop(reg);
            match next_wake {
                Some(t) if clock.is_virtual() && t > now => clock.advance_to(t),
                _ => return None,
            }
        }
    }

    pub fn set_state(&self, state: ThreadState) {
        if let Some(t) = self.interp.registry.lock().threads.get_mut(&self.thread_id) {
            t.state = state;
        }
    }

    /// Takes the GIL; in the free-threaded runtime, joins the world a collection stops.
    #[inline]
    pub fn acquire_gil(&self) {
        self.take_gil(true);
    }

    /// Takes the GIL; the observer sees the thread wait for it (`queued`) or stay in what it
    /// was doing until it has it, then run.
    pub(super) fn take_gil(&self, queued: bool) {
        let observed = self.interp.observer.is_some();
        if !R::FREE_THREADED {
            if observed && queued {
                self.observe(super::observe::Activity::WaitingGil);
            }
            self.interp.gil.acquire(self.thread_id);
            // The eval loop's finalizer flag is one word under the GIL: raise it again for
            // this thread's own queued finalizers (another thread may have lowered it).
            crate::objects::gc::take_over_attention();
            if crate::objects::gc::finalizers_pending() {
                crate::objects::gc::raise_attention();
            }
        } else {
            // The free-threaded runtime's counterpart: join the world (waits while a
            // collection has it stopped).
            self.interp.heap.world.attach();
        }
        if observed {
            self.observe(super::observe::Activity::Running);
        }
    }

    /// Lets go of the GIL; in deterministic runs, to the thread the scheduler picks. In the
    /// free-threaded runtime: leaves the world a collection stops (`objects::gc_world`).
    #[inline]
    pub fn release_gil(&self) {
        if !R::FREE_THREADED {
            if self.interp.gil.is_scheduled() {
                let next = self.pick_next(false);
                self.interp.gil.release_to(next);
            } else {
                self.interp.gil.release();
            }
        } else {
            self.interp.heap.world.detach();
        }
    }

    /// Ends a thread's interpreter state: drops everything it owns while it still holds the
    /// GIL, then lets go of the GIL (to the scheduler's pick, in deterministic runs).
    pub fn finish_thread(mut self) {
        self.observe_end();
        let interp = self.interp.clone();
        let next = if !R::FREE_THREADED && interp.gil.is_scheduled() {
            self.pick_next(false)
        } else {
            None
        };
        drop(self);
        if !R::FREE_THREADED {
            if interp.gil.is_scheduled() {
                interp.gil.release_to(next);
            } else {
                interp.gil.release();
            }
        } else {
            interp.heap.world.detach();
        }
    }

    /// `blocking` for a wait with a deadline on the real clock: under `--virtual-time` the
    /// deadline is kept on the virtual clock instead, so timeouts pass in virtual time.
    pub fn blocking_until<T>(
        &mut self,
        target: WaitTarget,
        deadline: Option<std::time::Instant>,
        wait: impl FnOnce() -> T,
    ) -> T {
        self.pending_deadline = deadline;
        self.blocking(target, deadline.is_some(), wait)
    }

    /// Deterministic runs: hands the GIL to thread `next` and waits for this thread's turn.
    pub fn yield_to(&mut self, next: u64) {
        if !R::FREE_THREADED && self.interp.schedule.is_some() {
            // `--schedule`: the new thread runs first only if its priority says so.
            self.scheduled_switch(None);
        } else if !R::FREE_THREADED && self.interp.gil.is_scheduled() {
            self.observe(super::observe::Activity::WaitingGil);
            self.interp.gil.release_to(Some(next));
            self.take_gil(false);
        }
    }

    /// The switch point: hand the GIL over if another thread asked for it, and turn a
    /// pending Ctrl-C into KeyboardInterrupt in the main thread.
    pub fn eval_breaker(&mut self) -> crate::objects::exception::PyResult<(), R> {
        self.eval_breaker_at(None)
    }

    /// The switch point before `op` (`None`: before a synchronization operation).
    #[cold]
    pub fn eval_breaker_at(
        &mut self,
        op: Option<crate::bytecode::Op>,
    ) -> crate::objects::exception::PyResult<(), R> {
        self.switch_points_passed += self.budget_granted;
        self.refill_budget();
        if crate::objects::gc::collection_due() || crate::objects::gc::finalizers_pending() {
            self.gc_checkpoint();
        }
        if R::FREE_THREADED && self.interp.heap.world.stop_requested() {
            // Another thread collects: wait here until it is done.
            self.interp.heap.world.park();
        }

        if self.is_main_thread() && super::signals::signals_pending() {
            self.run_pending_signals()?;
        }
        if !R::FREE_THREADED {
            if self.interp.gil.is_scheduled() {
                // Deterministic runs: the seeded scheduler decides who runs on.
                self.scheduled_switch(op);
            } else if self.interp.gil.wanted() && self.interp.gil.switch_due() {
                // Forced switching: queue behind the waiters, so one of them runs first.
                self.observe_forced_switch();
                self.interp.gil.release();
                self.take_gil(false);
            }
        }
        if let Some(obs) = &self.interp.observer {
            obs.set_switch_points(self.thread_id, self.switch_points());
        }
        Ok(())
    }

    /// The switch points until the next check: the interval, shortened by up to a half at
    /// random. Without the jitter a loop whose length divides the interval would always be
    /// interrupted at the same instruction (CPython's time-based interval has natural jitter).
    pub fn next_budget(&mut self) -> u64 {
        let gil = &self.interp.gil;
        if self.interp.schedule.is_some() {
            // `--schedule` looks at every switch point.
            return 1;
        }
        if gil.is_time_based() && !gil.is_scheduled() {
            // The time policy looks at the clock every so many switch points.
            return super::gil::TIME_CHECK_SWITCH_POINTS;
        }
        let interval = gil.switch_interval();
        // xorshift64: cheap, and reproducible for a given thread.
        let mut x = self.jitter_state;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.jitter_state = x;
        interval - x % (interval / 2 + 1).min(interval)
    }

    /// Seeds this thread's jitter from its id and fills the first budget.
    pub fn start_budget(&mut self) {
        let seed = self.interp.options.seed.unwrap_or(0);
        self.jitter_state =
            (0x2545_f491_4f6c_dd1d ^ seed ^ self.thread_id.wrapping_mul(0x9e37_79b9_7f4a_7c15)) | 1;
        self.refill_budget();
    }

    /// A new budget of switch points, remembered so that the points passed can be counted
    /// without counting in the eval loop.
    fn refill_budget(&mut self) {
        let budget = self
            .next_budget()
            .min(crate::objects::switch_budget::MAX_BUDGET);
        crate::objects::switch_budget::set_left(budget);
        self.budget_granted = budget;
    }

    /// Switch points this thread's eval loop has passed (`--gil-stats`).
    pub fn switch_points(&self) -> u64 {
        self.switch_points_passed
            + self
                .budget_granted
                .saturating_sub(crate::objects::switch_budget::left())
    }

    /// A switch point whose [`switch_budget::spend`](crate::objects::switch_budget::spend)
    /// said to look further. First the collector's checkpoint if the attention flag is up
    /// (`site` and `ip`, saved in `frame`, say where its finalizers report), with the point's
    /// cost taken after it, since finalizers may pass switch points of their own; then the
    /// eval breaker if the budget ran out.
    #[cfg(not(feature = "no-threads"))]
    #[cold]
    #[inline(never)]
    pub(super) fn switch_point_spent(
        &mut self,
        cost: u64,
        op: crate::bytecode::Op,
        frame: *mut super::frame::Frame<R>,
        ip: usize,
        site: (*const crate::bytecode::Code<R>, usize),
    ) -> crate::objects::exception::PyResult<(), R> {
        use crate::objects::switch_budget;
        if switch_budget::attention_flagged() {
            switch_budget::refund(cost);
            // SAFETY: `frame` is the running frame of the eval loop that called this, which
            // writes its `ip` through the same pointer.
            unsafe { (*frame).ip = ip };
            self.call_site = site;
            self.gc_checkpoint();
            switch_budget::spend(cost);
        }
        if switch_budget::left() == 0 {
            self.eval_breaker_at(Some(op))?;
        }
        Ok(())
    }

    pub fn is_main_thread(&self) -> bool {
        self.thread_id == self.interp.main_thread_id.load(Ordering::Relaxed)
    }

    /// The file and line of the call the thread is in (for wait reports): the eval loop
    /// records its code and position before each call it makes.
    pub fn current_location(&self) -> (Arc<str>, u32) {
        let (code, ip) = self.call_site;
        if code.is_null() {
            return (Arc::from("<unknown>"), 0);
        }
        // SAFETY: `call_site` is set by a running frame just before it calls out, and put
        // back when that frame ends (`run_frame`, and a return or unwind in the loop), so it
        // is null or points at the code of a frame still alive.
        let code = unsafe { &*code };
        let line = code
            .positions
            .line(ip.saturating_sub(1))
            .unwrap_or(code.first_line);
        (code.filename.clone(), line)
    }
}
