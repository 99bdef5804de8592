//! Schedules for systematic exploration (`--schedule`, which `--explore` gives each run): the
//! PCT scheduler (probabilistic concurrency testing, Burckhardt et al., ASPLOS 2010) over the
//! deterministic GIL runtime.
//!
//! Every thread gets a random priority (from `--seed`) and the highest-priority thread that can
//! run always runs. The schedule names a few *change points*: when the run reaches its k-th
//! visible step, the running thread drops below every other thread, so another one runs from
//! there. A visible step is a switch point before an instruction that touches shared state
//! (globals, attributes, items, closure cells) or a synchronization operation (taking or
//! releasing a lock, starting a thread) while another thread is alive: only there can a switch
//! change what the program does, so preemptions between purely local instructions (or while
//! the program has one thread) are never spent. A run is then
//! given by its seed and its change points, and replays exactly.
//!
//! This module owns the scheduler's state and its decisions; the thread registry
//! (`threads.rs`) asks it at each switch point and when it picks the next thread. It does not
//! run programs: `--explore` (in `crate::explore`) starts one process per run.

use super::io;
use super::Vm;
use crate::bytecode::Op;
use crate::vm::Runtime;
use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// The exit status of a run stopped at its step limit (as `timeout(1)`'s).
pub const STEP_LIMIT_EXIT_STATUS: i32 = 124;

/// The first words of the message a run stopped at its step limit prints on stderr.
pub const STEP_LIMIT_MESSAGE: &str = "minipy: the run was stopped at its step limit";

/// The environment variable naming the file where a run under `--schedule` writes how long it
/// was (in visible steps and switch points) when it ends: how `--explore` measures runs.
pub const STATS_ENV: &str = "MINIPY_SCHEDULE_STATS";

/// Switch points one thread may run in a row, while another could run, before it yields at
/// its next visible step. Without it a thread spinning on a flag at a high priority would
/// starve the thread that sets the flag, and the run would never end.
const FAIRNESS_SWITCH_POINTS: u64 = 50_000;

/// `--schedule SPEC`: the priority change points of a PCT run, in visible steps.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScheduleSpec {
    pub change_points: Vec<u64>,
}

impl ScheduleSpec {
    /// Parses `pct` (no change points) or `pct:K1,K2,...` (visible steps, from 1).
    pub fn parse(text: &str) -> Result<ScheduleSpec, String> {
        let bad = || {
            format!("'{text}': expected pct or pct:STEP,STEP,... (visible steps from 1, e.g. pct:12,40)")
        };
        let points = match text.strip_prefix("pct") {
            Some("") | Some(":") => return Ok(ScheduleSpec::default()),
            Some(rest) => rest.strip_prefix(':').ok_or_else(bad)?,
            None => return Err(bad()),
        };
        let mut change_points = points
            .split(',')
            .map(|p| p.trim().parse::<u64>().ok().filter(|k| *k > 0))
            .collect::<Option<Vec<u64>>>()
            .ok_or_else(bad)?;
        change_points.sort_unstable();
        change_points.dedup();
        Ok(ScheduleSpec { change_points })
    }
}

impl std::fmt::Display for ScheduleSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.change_points.is_empty() {
            return write!(f, "pct");
        }
        let points: Vec<String> = self.change_points.iter().map(u64::to_string).collect();
        write!(f, "pct:{}", points.join(","))
    }
}

/// Whether a switch before `op` is visible: the instruction reads or writes state that other
/// threads can see (or, for `with`, enters a context such as a lock).
pub fn is_visible(op: Op) -> bool {
    matches!(
        op,
        Op::LoadDeref(_)
            | Op::StoreDeref(_)
            | Op::DeleteDeref(_)
            | Op::LoadGlobal(_)
            | Op::StoreGlobal(_)
            | Op::DeleteGlobal(_)
            | Op::LoadName(_)
            | Op::StoreName(_)
            | Op::DeleteName(_)
            | Op::LoadAttr(_)
            | Op::StoreAttr(_)
            | Op::DeleteAttr(_)
            | Op::LoadMethod(_)
            | Op::BinarySubscr
            | Op::StoreSubscr
            | Op::DeleteSubscr
            | Op::SetupWith(_)
            | Op::ImportName(_)
            | Op::ImportFrom(_)
    )
}

/// What the running thread does at a switch point.
pub enum Verdict {
    /// Runs on (not a visible step, or nothing changed).
    Continue,
    /// The highest-priority runnable thread runs next (maybe this one).
    Reschedule,
    /// The run reached its step limit.
    StepLimit,
}

/// The PCT scheduler of one run.
pub struct Pct {
    state: Mutex<PctState>,
    step_limit: Option<u64>,
}

struct PctState {
    change_points: Vec<u64>,
    next_change: usize,
    visible_steps: u64,
    switch_points: u64,
    /// Each thread's priority, drawn when the scheduler first sees it.
    priorities: HashMap<u64, i64>,
    rng: u64,
    /// The priority the next demoted thread gets: below every one given so far.
    lowest: i64,
    /// The thread that passed the last switch point, and how many in a row it has passed.
    last_thread: u64,
    run_length: u64,
}

/// Visible steps and switch points of the run so far (one program runs per process), for the
/// stats file written at exit.
static VISIBLE_STEPS: AtomicU64 = AtomicU64::new(0);
static SWITCH_POINTS: AtomicU64 = AtomicU64::new(0);

impl Pct {
    pub fn new(spec: &ScheduleSpec, seed: u64, step_limit: Option<u64>) -> Pct {
        Pct {
            state: Mutex::new(PctState {
                change_points: spec.change_points.clone(),
                next_change: 0,
                visible_steps: 0,
                switch_points: 0,
                priorities: HashMap::new(),
                rng: seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x5c4e_d0f1_2a3b_6c7d | 1,
                lowest: 0,
                last_thread: 0,
                run_length: 0,
            }),
            step_limit,
        }
    }

    /// Thread `me` is at a switch point (`visible`: before shared state or a synchronization
    /// operation): counts it and says whether to pick the next thread again.
    pub fn at_switch_point(&self, me: u64, visible: bool) -> Verdict {
        let mut st = self.state.lock();
        st.switch_points += 1;
        SWITCH_POINTS.store(st.switch_points, Ordering::Relaxed);
        if self
            .step_limit
            .is_some_and(|limit| st.switch_points > limit)
        {
            return Verdict::StepLimit;
        }
        if st.last_thread != me {
            st.last_thread = me;
            st.run_length = 0;
        }
        st.run_length += 1;
        if !visible {
            return Verdict::Continue;
        }
        st.visible_steps += 1;
        VISIBLE_STEPS.store(st.visible_steps, Ordering::Relaxed);
        let step = st.visible_steps;
        let at_change = st.change_points.get(st.next_change) == Some(&step);
        if at_change || st.run_length >= FAIRNESS_SWITCH_POINTS {
            if at_change {
                st.next_change += 1;
            }
            st.run_length = 0;
            st.lowest -= 1;
            let lowest = st.lowest;
            st.priorities.insert(me, lowest);
        }
        Verdict::Reschedule
    }

    /// The thread to run among `candidates` (not empty): the one with the highest priority.
    pub fn choose(&self, candidates: &[u64]) -> u64 {
        let mut st = self.state.lock();
        let mut best = (i64::MIN, candidates[0]);
        for &id in candidates {
            let priority = match st.priorities.get(&id) {
                Some(p) => *p,
                None => {
                    let mut x = st.rng;
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    st.rng = x;
                    // Above every demoted priority (those are at most 0).
                    let p = (x >> 2) as i64 + 1;
                    st.priorities.insert(id, p);
                    p
                }
            };
            if priority > best.0 {
                best = (priority, id);
            }
        }
        best.1
    }

    pub fn step_limit(&self) -> Option<u64> {
        self.step_limit
    }
}

/// Under `--schedule`, writes the run's length to the file `MINIPY_SCHEDULE_STATS` names:
/// `visible_steps switch_points`. Called wherever the process ends.
pub fn write_stats_at_exit() {
    if let Some(path) = std::env::var_os(STATS_ENV) {
        let text = format!(
            "{} {}\n",
            VISIBLE_STEPS.load(Ordering::Relaxed),
            SWITCH_POINTS.load(Ordering::Relaxed)
        );
        let _ = std::fs::write(path, text);
    }
}

impl<R: Runtime> Vm<R> {
    /// Deterministic runs, at a switch point (`op`: the instruction about to run; `None`: a
    /// synchronization operation): the scheduler decides who runs on, and the GIL goes there.
    pub(super) fn scheduled_switch(&mut self, op: Option<Op>) {
        // A preemption while no other thread exists could change nothing: such steps are
        // not counted, so change points fall where threads can interfere.
        let visible = op.is_none_or(is_visible) && self.other_threads_alive();
        let next = match &self.interp.schedule {
            Some(pct) => match pct.at_switch_point(self.thread_id, visible) {
                Verdict::Continue => return,
                Verdict::Reschedule => self.pick_next(true),
                Verdict::StepLimit => self.stop_at_step_limit(),
            },
            None => self.pick_next(true),
        };
        if next != Some(self.thread_id) {
            self.observe_forced_switch();
            self.interp.gil.release_to(next);
            self.take_gil(false);
        }
    }

    /// A synchronization operation is about to happen (a lock taken, a thread started): under
    /// `--schedule`, a visible step where another thread may run first.
    pub fn sync_point(&mut self) {
        if !R::FREE_THREADED && self.interp.schedule.is_some() {
            self.scheduled_switch(None);
        }
    }

    /// Whether a thread other than this one has started and not finished.
    fn other_threads_alive(&self) -> bool {
        let reg = self.interp.registry.lock();
        reg.threads.iter().any(|(id, t)| {
            *id != self.thread_id && !matches!(t.state, super::threads::ThreadState::Finished)
        })
    }

    /// Ends a run that reached its step limit: "did not finish", exit status 124.
    fn stop_at_step_limit(&mut self) -> ! {
        let limit = self
            .interp
            .schedule
            .as_ref()
            .and_then(Pct::step_limit)
            .unwrap_or(0);
        io::flush_at_exit();
        io::write_stderr(&format!(
            "{STEP_LIMIT_MESSAGE} ({limit} switch points, --step-limit) without finishing\n"
        ));
        write_stats_at_exit();
        std::process::exit(STEP_LIMIT_EXIT_STATUS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse_and_print_back() {
        for text in ["pct", "pct:5", "pct:3,17,40"] {
            assert_eq!(ScheduleSpec::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(
            ScheduleSpec::parse("pct:9,2,9").unwrap().to_string(),
            "pct:2,9"
        );
        for bad in ["", "pct:0", "pct:x", "pct:1,,2", "random", "pct5"] {
            assert!(ScheduleSpec::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_change_point_demotes_the_running_thread() {
        let pct = Pct::new(&ScheduleSpec::parse("pct:2").unwrap(), 7, None);
        let first = pct.choose(&[1, 2]);
        let other = 3 - first;
        assert!(matches!(
            pct.at_switch_point(first, true),
            Verdict::Reschedule
        ));
        assert_eq!(pct.choose(&[1, 2]), first);
        assert!(matches!(
            pct.at_switch_point(first, false),
            Verdict::Continue
        ));
        // The second visible step is the change point.
        assert!(matches!(
            pct.at_switch_point(first, true),
            Verdict::Reschedule
        ));
        assert_eq!(pct.choose(&[1, 2]), other);
    }

    #[test]
    fn the_step_limit_stops_the_run() {
        let pct = Pct::new(&ScheduleSpec::default(), 1, Some(2));
        assert!(matches!(pct.at_switch_point(1, false), Verdict::Continue));
        assert!(matches!(pct.at_switch_point(1, false), Verdict::Continue));
        assert!(matches!(pct.at_switch_point(1, false), Verdict::StepLimit));
    }
}
