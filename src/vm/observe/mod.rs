//! Watching the GIL from inside (`--gil-stats`, `--trace FILE`, `--timeline FILE.svg`): the
//! [`Observer`] records, for each thread, what it was doing when — running (holding the GIL),
//! waiting for the GIL, blocked on a lock or another wait, sleeping — as the threads move
//! between those states at the few places where they do (taking and dropping the GIL,
//! `Vm::blocking`, a thread's start and end). It adds up the times for the statistics table
//! ([`stats`]) and keeps the slices for the trace ([`trace`]) and the picture ([`timeline`]).
//!
//! It does not touch the eval loop: the count of switch points passed is kept by the loop's
//! budget anyway and handed over at a thread's end. With none of the flags the interpreter has
//! no observer, and each hook is one `None` check at a place that is already slow.

mod hooks;
pub mod stats;
pub mod timeline;
pub mod trace;

pub use hooks::{report_at_exit, report_on_deadlock};

use parking_lot::Mutex;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Instant;

/// Past this many trace events recording stops (the statistics go on), with a note in the
/// trace, so that a long program's trace stays small enough to open.
pub const MAX_EVENTS: usize = 200_000;

/// Slices shorter than this (in microseconds) are left out of the trace: a wait that ended
/// at once is noise in a picture of milliseconds.
const MIN_SLICE_US: f64 = 1.0;

/// Tracks of asyncio tasks (`--trace`, `--timeline`) have ids from here up, above any
/// thread's: task number `n` is track `TASK_TRACK_BASE + n`.
pub const TASK_TRACK_BASE: u64 = 1 << 48;

/// What a thread is doing.
#[derive(Debug, Clone, PartialEq)]
pub enum Activity {
    /// Running Python code (holding the GIL, in the default runtime).
    Running,
    /// Queued for the GIL.
    WaitingGil,
    /// In a blocking wait: on a lock (by the lock's name), a join, an event, a queue...
    Blocked(Arc<str>),
    /// In `time.sleep`.
    Sleeping,
    /// Not started, or finished.
    Gone,
}

impl Activity {
    /// The slice's name in the trace.
    pub fn label(&self, gil: bool) -> String {
        match self {
            Activity::Running if gil => "running (holds GIL)".into(),
            Activity::Running => "running".into(),
            Activity::WaitingGil => "waiting for GIL".into(),
            Activity::Blocked(what) => format!("blocked on {what}"),
            Activity::Sleeping => "sleeping".into(),
            Activity::Gone => "finished".into(),
        }
    }
}

/// One recorded event (times in microseconds since the program started).
#[derive(Debug, Clone)]
pub struct Event {
    pub thread: u64,
    pub ts: f64,
    pub kind: EventKind,
}

#[derive(Debug, Clone)]
pub enum EventKind {
    /// A complete slice of one activity.
    Slice { activity: Activity, dur: f64 },
    /// A moment: a forced switch, a deadlock report, the trace's truncation.
    Instant {
        name: String,
        detail: Option<String>,
    },
}

/// What one thread did, added up.
#[derive(Debug, Clone, Default)]
pub struct ThreadTotals {
    pub name: String,
    /// Microseconds: first seen, last seen.
    pub first: f64,
    pub last: f64,
    pub running: f64,
    pub waiting_gil: f64,
    pub sleeping: f64,
    /// Time in each kind of blocking wait, by what was waited for.
    pub blocked: BTreeMap<String, f64>,
    /// Times the thread took the GIL.
    pub acquisitions: u64,
    /// Hand-overs the eval breaker forced on it.
    pub forced: u64,
    /// Blocking waits it entered (each one gives the GIL up).
    pub blocks: u64,
    /// Switch points its eval loop passed.
    pub switch_points: u64,
    pub finished: bool,
}

struct ThreadLog {
    totals: ThreadTotals,
    activity: Activity,
    since: f64,
    /// Index in `events` of this thread's last slice, to merge the next one into it.
    last_slice: Option<usize>,
}

#[derive(Default)]
struct Recording {
    threads: BTreeMap<u64, ThreadLog>,
    events: Vec<Event>,
    truncated: bool,
    /// Threads waiting for the GIL right now; since when some thread has been; in all.
    gil_waiters: usize,
    some_waiting_since: f64,
    some_waiting_total: f64,
    /// The program's end (set by [`Observer::close`]).
    end: Option<f64>,
}

/// Which outputs were asked for.
#[derive(Debug, Clone, Default)]
pub struct ObserveOptions {
    pub stats: bool,
    pub trace: Option<String>,
    pub timeline: Option<String>,
}

impl ObserveOptions {
    pub fn any(&self) -> bool {
        self.stats || self.trace.is_some() || self.timeline.is_some()
    }
}

pub struct Observer {
    pub options: ObserveOptions,
    /// The default runtime (one holder of the GIL at a time) or `--no-gil`.
    pub gil: bool,
    /// Record slices (for a trace or a timeline), not only totals.
    slices: bool,
    epoch: Instant,
    recording: Mutex<Recording>,
    /// Lock names, found once per lock (finding one reads the main module's globals).
    lock_names: Mutex<HashMap<u64, Arc<str>>>,
}

impl Observer {
    pub fn new(options: ObserveOptions, gil: bool) -> Observer {
        let slices = options.trace.is_some() || options.timeline.is_some();
        Observer {
            options,
            gil,
            slices,
            epoch: Instant::now(),
            recording: Mutex::new(Recording::default()),
            lock_names: Mutex::new(HashMap::new()),
        }
    }

    /// Microseconds since the program started. Under `--virtual-time` the virtual clock's
    /// seconds are added, so sleeps take their virtual length and running takes real time.
    fn now(&self, clock: &super::clock::Clock) -> f64 {
        let real = self.epoch.elapsed().as_secs_f64();
        let virt = if clock.is_virtual() {
            clock.monotonic()
        } else {
            0.0
        };
        (real + virt) * 1e6
    }

    pub fn knows(&self, thread: u64) -> bool {
        self.recording.lock().threads.contains_key(&thread)
    }

    /// Starts watching a thread (before its first `enter`).
    pub fn add_thread(&self, clock: &super::clock::Clock, thread: u64, name: String) {
        let mut rec = self.recording.lock();
        let now = self.now(clock);
        rec.threads.entry(thread).or_insert_with(|| ThreadLog {
            totals: ThreadTotals {
                name,
                first: now,
                last: now,
                ..Default::default()
            },
            activity: Activity::Gone,
            since: now,
            last_slice: None,
        });
    }

    /// The thread moves to `activity`: the slice of what it did until now is closed.
    pub fn enter(&self, clock: &super::clock::Clock, thread: u64, activity: Activity) {
        let mut rec = self.recording.lock();
        let now = self.now(clock);
        self.switch_activity(&mut rec, thread, activity, now, true);
    }

    /// Closes the thread's current slice at `now` and opens one of `activity`; `counting`:
    /// a real change (not the end of the program cutting a slice), counted in the totals.
    fn switch_activity(
        &self,
        rec: &mut Recording,
        thread: u64,
        activity: Activity,
        now: f64,
        counting: bool,
    ) {
        let Some(log) = rec.threads.get_mut(&thread) else {
            return;
        };
        if log.activity == Activity::Gone && activity == Activity::Gone {
            return;
        }
        let old = std::mem::replace(&mut log.activity, activity.clone());
        let since = std::mem::replace(&mut log.since, now);
        let dur = (now - since).max(0.0);
        let t = &mut log.totals;
        t.last = now;
        match &old {
            Activity::Running => t.running += dur,
            Activity::WaitingGil => t.waiting_gil += dur,
            Activity::Sleeping => t.sleeping += dur,
            Activity::Blocked(what) => *t.blocked.entry(what.to_string()).or_default() += dur,
            Activity::Gone => {}
        }
        match &activity {
            _ if !counting => {}
            Activity::Running if self.gil => t.acquisitions += 1,
            Activity::Blocked(_) | Activity::Sleeping => t.blocks += 1,
            Activity::Gone => t.finished = true,
            _ => {}
        }
        // "Some thread waits for the GIL": the union of the waits.
        let was_waiting = old == Activity::WaitingGil;
        let is_waiting = activity == Activity::WaitingGil;
        if was_waiting && !is_waiting {
            rec.gil_waiters -= 1;
            if rec.gil_waiters == 0 {
                rec.some_waiting_total += now - rec.some_waiting_since;
            }
        } else if is_waiting && !was_waiting {
            if rec.gil_waiters == 0 {
                rec.some_waiting_since = now;
            }
            rec.gil_waiters += 1;
        }
        if self.slices && old != Activity::Gone {
            self.record_slice(rec, thread, old, since, dur);
        }
    }

    /// Adds a slice, merged into the thread's previous one when that was the same activity
    /// and ended (about) where this one starts.
    fn record_slice(
        &self,
        rec: &mut Recording,
        thread: u64,
        activity: Activity,
        ts: f64,
        dur: f64,
    ) {
        if rec.truncated {
            return;
        }
        let last = rec.threads.get(&thread).and_then(|l| l.last_slice);
        if let Some(i) = last {
            let event = &mut rec.events[i];
            let start = event.ts;
            if let EventKind::Slice {
                activity: a,
                dur: d,
            } = &mut event.kind
            {
                // Merge across short gaps too: the sliver of another activity between
                // them was left out.
                if *a == activity && ts - (start + *d) < 2.0 * MIN_SLICE_US {
                    *d = ts + dur - start;
                    return;
                }
            }
        }
        if dur < MIN_SLICE_US && activity != Activity::Running {
            return;
        }
        if !self.push(
            rec,
            Event {
                thread,
                ts,
                kind: EventKind::Slice { activity, dur },
            },
        ) {
            return;
        }
        let i = rec.events.len() - 1;
        if let Some(log) = rec.threads.get_mut(&thread) {
            log.last_slice = Some(i);
        }
    }

    /// Adds an event unless the cap is reached (then notes the truncation, once).
    fn push(&self, rec: &mut Recording, event: Event) -> bool {
        if rec.truncated {
            return false;
        }
        if rec.events.len() + 1 >= MAX_EVENTS {
            rec.truncated = true;
            let ts = event.ts;
            rec.events.push(Event {
                thread: event.thread,
                ts,
                kind: EventKind::Instant {
                    name: format!(
                        "trace truncated: more than {MAX_EVENTS} events, recording stopped \
                         here (the threads switched too often to keep every slice; \
                         --gil-stats still counts everything)"
                    ),
                    detail: None,
                },
            });
            return false;
        }
        rec.events.push(event);
        true
    }

    /// The eval breaker made `thread` hand the GIL over.
    pub fn forced_switch(&self, clock: &super::clock::Clock, thread: u64) {
        let mut rec = self.recording.lock();
        let now = self.now(clock);
        if let Some(log) = rec.threads.get_mut(&thread) {
            log.totals.forced += 1;
        }
        if self.slices {
            self.push(
                &mut rec,
                Event {
                    thread,
                    ts: now,
                    kind: EventKind::Instant {
                        name: "forced switch".into(),
                        detail: None,
                    },
                },
            );
        }
    }

    /// A moment worth marking on the thread's track (a deadlock report).
    pub fn mark(&self, clock: &super::clock::Clock, thread: u64, name: &str, detail: String) {
        let mut rec = self.recording.lock();
        let now = self.now(clock);
        // Past the cap, still record it: it says why the program ended.
        let event = Event {
            thread,
            ts: now,
            kind: EventKind::Instant {
                name: name.to_string(),
                detail: Some(detail),
            },
        };
        rec.events.push(event);
    }

    /// The switch points a thread's eval loop has passed so far.
    pub fn set_switch_points(&self, thread: u64, n: u64) {
        if let Some(log) = self.recording.lock().threads.get_mut(&thread) {
            log.totals.switch_points = log.totals.switch_points.max(n);
        }
    }

    /// Sets a thread's name (its current Python `name`).
    pub fn rename(&self, thread: u64, name: String) {
        if let Some(log) = self.recording.lock().threads.get_mut(&thread) {
            log.totals.name = name;
        }
    }

    /// The lock's name, from the cache or from `find`.
    pub fn lock_name(&self, id: u64, find: impl FnOnce() -> String) -> Arc<str> {
        if let Some(n) = self.lock_names.lock().get(&id) {
            return n.clone();
        }
        let name: Arc<str> = Arc::from(find());
        self.lock_names.lock().insert(id, name.clone());
        name
    }

    /// The program ends: every open slice is closed now (threads keep their activity, so a
    /// daemon thread still running is shown running until the end).
    pub fn close(&self, clock: &super::clock::Clock) {
        let mut rec = self.recording.lock();
        let now = self.now(clock);
        if rec.end.is_some() {
            return;
        }
        let ids: Vec<u64> = rec.threads.keys().copied().collect();
        for id in ids {
            let activity = rec.threads[&id].activity.clone();
            if activity != Activity::Gone {
                self.switch_activity(&mut rec, id, activity, now, false);
            }
        }
        if rec.gil_waiters > 0 {
            rec.some_waiting_total += now - rec.some_waiting_since;
            rec.some_waiting_since = now;
        }
        rec.end = Some(now);
    }

    /// What was recorded: per thread (in start order), the events, the end time, whether
    /// the events were cut short, and the time some thread waited for the GIL.
    pub fn snapshot(&self) -> Snapshot {
        let rec = self.recording.lock();
        Snapshot {
            threads: rec
                .threads
                .iter()
                .map(|(id, l)| (*id, l.totals.clone()))
                .collect(),
            events: rec.events.clone(),
            end: rec.end.unwrap_or(0.0),
            truncated: rec.truncated,
            some_waiting: rec.some_waiting_total,
            gil: self.gil,
        }
    }
}

/// A copy of the recording, for the outputs.
pub struct Snapshot {
    pub threads: Vec<(u64, ThreadTotals)>,
    pub events: Vec<Event>,
    /// Microseconds from the start to the end of the program.
    pub end: f64,
    pub truncated: bool,
    /// Microseconds during which at least one thread waited for the GIL.
    pub some_waiting: f64,
    pub gil: bool,
}

impl Snapshot {
    /// The recording without the asyncio task tracks (what the statistics table shows).
    pub fn threads_only(&self) -> Snapshot {
        Snapshot {
            threads: self
                .threads
                .iter()
                .filter(|(id, _)| *id < TASK_TRACK_BASE)
                .cloned()
                .collect(),
            events: self
                .events
                .iter()
                .filter(|e| e.thread < TASK_TRACK_BASE)
                .cloned()
                .collect(),
            ..*self
        }
    }

    pub fn thread_name(&self, id: u64) -> &str {
        self.threads
            .iter()
            .find(|(t, _)| *t == id)
            .map(|(_, t)| t.name.as_str())
            .unwrap_or("?")
    }
}
