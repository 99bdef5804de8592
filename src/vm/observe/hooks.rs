//! Where the interpreter tells the [`Observer`](super::Observer) what a thread does (taking
//! and dropping the GIL, blocking, ending), and the outputs written at the program's end or
//! at a deadlock.

use super::{stats, timeline, trace, Activity, Snapshot};
use crate::vm::io;
use crate::vm::threads::WaitTarget;
use crate::vm::Runtime;
use crate::vm::Vm;
use std::sync::Arc;

impl<R: Runtime> Vm<R> {
    /// Tells the observer (if any) that this thread moves to `activity`; the first time,
    /// registers the thread under its registry name.
    #[cold]
    pub(crate) fn observe(&self, activity: Activity) {
        let Some(obs) = &self.interp.observer else {
            return;
        };
        if !obs.knows(self.thread_id) {
            let name = self
                .interp
                .registry
                .lock()
                .threads
                .get(&self.thread_id)
                .map(|t| t.name.clone())
                .unwrap_or_else(|| format!("thread {}", self.thread_id));
            obs.add_thread(&self.interp.clock, self.thread_id, name);
        }
        obs.set_switch_points(self.thread_id, self.switch_points());
        obs.enter(&self.interp.clock, self.thread_id, activity);
    }

    /// What a thread blocking on `target` is doing, in the program's words.
    #[cold]
    pub(crate) fn observed_wait(&mut self, target: &WaitTarget) -> Activity {
        let interp = self.interp.clone();
        let Some(obs) = &interp.observer else {
            return Activity::Gone;
        };
        match target {
            WaitTarget::Lock(id) => {
                Activity::Blocked(obs.lock_name(*id, || crate::vm::deadlock::lock_name(self, *id)))
            }
            WaitTarget::Thread(t) => {
                let name = crate::vm::deadlock::thread_name(self, *t);
                Activity::Blocked(Arc::from(format!("join of {name}")))
            }
            WaitTarget::Signal(_, what) => Activity::Blocked(Arc::from(what.as_str())),
            WaitTarget::SleepUntil(_) => Activity::Sleeping,
            WaitTarget::Sleep => Activity::Blocked(Arc::from("a new thread to start")),
            WaitTarget::Io(what) => Activity::Blocked(Arc::from(*what)),
        }
    }

    /// The eval breaker forces a hand-over: counted, marked, and the thread queues.
    #[cold]
    pub(crate) fn observe_forced_switch(&self) {
        if let Some(obs) = &self.interp.observer {
            obs.forced_switch(&self.interp.clock, self.thread_id);
            self.observe(Activity::WaitingGil);
        }
    }

    /// The thread ends (called while it still holds the GIL, before the program can see it
    /// finished): its current name and its count of switch points go to the observer.
    #[cold]
    pub fn observe_end(&mut self) {
        let interp = self.interp.clone();
        let Some(obs) = &interp.observer else {
            return;
        };
        if interp.registry.lock().threads.contains_key(&self.thread_id) {
            let name = crate::vm::deadlock::thread_name(self, self.thread_id);
            obs.rename(self.thread_id, name);
        }
        obs.set_switch_points(self.thread_id, self.switch_points());
        self.observe(Activity::Gone);
    }
}

/// Refreshes the names of the threads still alive (the program may have renamed them) and
/// closes the recording; returns what was recorded.
fn conclude<R: Runtime>(vm: &mut Vm<R>) -> Option<Snapshot> {
    let interp = vm.interp.clone();
    let obs = interp.observer.as_ref()?;
    let live: Vec<u64> = interp.registry.lock().threads.keys().copied().collect();
    for id in live {
        let name = crate::vm::deadlock::thread_name(vm, id);
        obs.rename(id, name);
    }
    obs.set_switch_points(vm.thread_id, vm.switch_points());
    obs.close(&interp.clock);
    Some(obs.snapshot())
}

/// At the program's end (after its threads have finished): prints `--gil-stats` and writes
/// `--trace` and `--timeline`.
pub fn report_at_exit<R: Runtime>(vm: &mut Vm<R>) {
    let Some(snapshot) = conclude(vm) else {
        return;
    };
    write_outputs(vm, &snapshot);
}

/// A deadlock report is about to end the process: mark it on the trace, then write the
/// outputs, so the trace shows how the program got there.
pub fn report_on_deadlock<R: Runtime>(vm: &mut Vm<R>, report: &str) {
    let Some(obs) = &vm.interp.observer else {
        return;
    };
    obs.mark(
        &vm.interp.clock,
        vm.thread_id,
        "deadlock",
        report.to_string(),
    );
    if let Some(snapshot) = conclude(vm) {
        write_outputs(vm, &snapshot);
    }
}

fn write_outputs<R: Runtime>(vm: &Vm<R>, snapshot: &Snapshot) {
    let Some(obs) = &vm.interp.observer else {
        return;
    };
    if obs.options.stats {
        let policy = vm.interp.gil.policy();
        let points = if vm.interp.options.backedge_switch_points {
            "backedge"
        } else {
            "any"
        };
        io::flush_stdout();
        io::write_stderr(&stats::table(
            &snapshot.threads_only(),
            &format!("{policy}, switch points: {points}"),
        ));
    }
    if let Some(path) = &obs.options.trace {
        if let Err(e) = std::fs::write(path, trace::chrome_json(snapshot)) {
            io::write_stderr(&format!("minipy: can't write the trace to '{path}': {e}\n"));
        }
    }
    if let Some(path) = &obs.options.timeline {
        if let Err(e) = std::fs::write(path, timeline::svg(snapshot)) {
            io::write_stderr(&format!(
                "minipy: can't write the timeline to '{path}': {e}\n"
            ));
        }
    }
}
