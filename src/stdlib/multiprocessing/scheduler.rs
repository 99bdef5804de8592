//! A pool's scheduling, in Rust: the state under one mutex that the pool's methods and the
//! reader thread of each worker share. Tasks not sent yet (encoded), the task each worker runs
//! (one at a time), and the outcomes that came back (still encoded: only a thread holding the
//! GIL decodes them). A worker that finishes a task is sent the next one by its reader thread.
//! A worker that dies fails the task it was running (never a hang) and is replaced; one that
//! fails while re-running the program (the missing `if __name__ == "__main__":` guard) fails
//! the pool, instead of being restarted without end. Nothing here touches a Python object.

use super::conn;
use super::worker::{ChildProc, Owner, SpawnSpec};
use crate::objects::Value;
use crate::stdlib::sync::{self, Wakeup};
use crate::vm::spin::WaitCv;
use crate::vm::threads::WaitTarget;
use crate::vm::Runtime;
use crate::vm::Vm;
use parking_lot::Mutex;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Weak};
use std::time::Instant;

/// The id of the initializer's task (its outcome is not kept).
pub(super) const INIT_ID: u64 = u64::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    Running,
    Closed,
    Terminated,
}

/// How a task ended, as it came back (still encoded).
#[derive(Clone)]
pub(super) enum Outcome {
    Value(Arc<[u8]>),
    Raised(Arc<[u8]>),
    /// The task will never finish: its worker died, or the pool was terminated.
    Lost(String),
}

pub(super) struct Slot {
    pub(super) proc: Arc<ChildProc>,
    pub(super) task: Option<u64>,
    pub(super) ready: bool,
}

pub(super) struct PoolState {
    pub(super) phase: Phase,
    pub(super) workers: Vec<Slot>,
    pub(super) pending: VecDeque<(u64, Vec<u8>)>,
    pub(super) outcomes: HashMap<u64, Outcome>,
    /// Tasks whose results nobody can ask for any more (their result object is gone).
    pub(super) abandoned: HashSet<u64>,
    pub(super) unfinished: usize,
    pub(super) next_id: u64,
    /// Set when a worker could not run the program: every task fails with it.
    pub(super) start_failure: Option<Outcome>,
}

pub(super) struct PoolShared {
    pub(super) spec: SpawnSpec,
    pub(super) size: usize,
    pub(super) init_frame: Option<Vec<u8>>,
    pub(super) st: Mutex<PoolState>,
    pub(super) cv: WaitCv,
}

/// A task to submit: its kind and `(func, args...)`.
pub(super) type Task<R> = (u8, Value<R>);

/// Frames to send once the pool's mutex is let go.
pub(super) type Sends = Vec<(Arc<ChildProc>, Vec<u8>)>;

impl PoolState {
    pub(super) fn finish(&mut self, id: u64, outcome: Outcome) {
        if id == INIT_ID {
            return;
        }
        self.unfinished = self.unfinished.saturating_sub(1);
        if !self.abandoned.remove(&id) {
            self.outcomes.insert(id, outcome);
        }
    }

    /// Gives each idle worker the next task.
    pub(super) fn dispatch(&mut self) -> Sends {
        let mut sends = Vec::new();
        for slot in self.workers.iter_mut().filter(|s| s.task.is_none()) {
            let Some((id, frame)) = self.pending.pop_front() else {
                break;
            };
            slot.task = Some(id);
            sends.push((slot.proc.clone(), frame));
        }
        sends
    }

    /// Fails every task not finished (pending or running) with `outcome`.
    pub(super) fn fail_all(&mut self, outcome: &Outcome) {
        while let Some((id, _)) = self.pending.pop_front() {
            self.finish(id, outcome.clone());
        }
        let running: Vec<u64> = self
            .workers
            .iter_mut()
            .filter_map(|s| s.task.take())
            .collect();
        for id in running {
            self.finish(id, outcome.clone());
        }
    }

    /// After `close()`, once every task is done, the workers are told to exit.
    pub(super) fn exits_if_done(&self) -> Sends {
        if self.phase == Phase::Closed && self.unfinished == 0 {
            self.workers
                .iter()
                .map(|s| (s.proc.clone(), vec![conn::EXIT]))
                .collect()
        } else {
            Vec::new()
        }
    }
}

pub(super) fn send_all(sends: Sends) {
    for (proc, frame) in sends {
        // A failed send is a dead worker: its reader thread reports it.
        proc.send(&frame);
    }
}

pub(super) struct WorkerOwner {
    pool: Weak<PoolShared>,
}

impl Owner for WorkerOwner {
    fn on_frame(&self, child: &Arc<ChildProc>, frame: &[u8]) {
        if let Some(pool) = self.pool.upgrade() {
            pool.on_frame(child, frame);
        }
    }

    fn on_exit(&self, child: &Arc<ChildProc>, _exitcode: i32) {
        if let Some(pool) = self.pool.upgrade() {
            pool.on_exit(child);
        }
    }
}

impl PoolShared {
    /// Starts a pool of `size` workers (none are left running if one cannot start).
    pub(super) fn start(
        spec: SpawnSpec,
        size: usize,
        init_frame: Option<Vec<u8>>,
    ) -> std::io::Result<Arc<PoolShared>> {
        let pool = Arc::new(PoolShared {
            spec,
            size,
            init_frame,
            st: Mutex::new(PoolState {
                phase: Phase::Running,
                workers: Vec::new(),
                pending: VecDeque::new(),
                outcomes: HashMap::new(),
                abandoned: HashSet::new(),
                unfinished: 0,
                next_id: 0,
                start_failure: None,
            }),
            cv: WaitCv::new(),
        });
        {
            let mut st = pool.st.lock();
            for _ in 0..size {
                match pool.spawn_worker() {
                    Ok(slot) => st.workers.push(slot),
                    Err(e) => {
                        for s in &st.workers {
                            s.proc.kill();
                        }
                        st.phase = Phase::Terminated;
                        return Err(e);
                    }
                }
            }
        }
        Ok(pool)
    }

    /// Starts a worker; the caller holds the pool's mutex (so its reader thread's first
    /// report waits until the worker is in the list).
    pub(super) fn spawn_worker(self: &Arc<Self>) -> std::io::Result<Slot> {
        let name = format!("SpawnPoolWorker-{}", super::process::next_number());
        let owner: Arc<dyn Owner> = Arc::new(WorkerOwner {
            pool: Arc::downgrade(self),
        });
        let proc = ChildProc::spawn(&self.spec, "pool", name, false, Some(owner))?;
        if let Some(f) = &self.init_frame {
            proc.send(f);
        }
        Ok(Slot {
            proc,
            task: None,
            ready: false,
        })
    }

    pub(super) fn on_frame(self: &Arc<Self>, child: &Arc<ChildProc>, frame: &[u8]) {
        let mut st = self.st.lock();
        let Some(i) = st.workers.iter().position(|s| Arc::ptr_eq(&s.proc, child)) else {
            return;
        };
        let mut sends = Vec::new();
        match frame[0] {
            conn::READY => st.workers[i].ready = true,
            conn::RESULT => {
                let mut r = super::wire::Reader::new(&frame[1..]);
                let (Some(id), Some(ok)) = (r.varint(), r.u8()) else {
                    return;
                };
                let body: Arc<[u8]> = r.rest().into();
                let outcome = if ok == 1 {
                    Outcome::Value(body)
                } else {
                    Outcome::Raised(body)
                };
                if id != INIT_ID {
                    st.workers[i].task = None;
                }
                st.finish(id, outcome);
                sends = st.dispatch();
                sends.extend(st.exits_if_done());
            }
            conn::BOOT_FAILED => {
                let failure = Outcome::Raised(frame[1..].into());
                st.fail_all(&failure);
                st.start_failure = Some(failure);
                sends = st.exits_if_done();
            }
            _ => {}
        }
        self.cv.notify_all();
        drop(st);
        send_all(sends);
    }

    pub(super) fn on_exit(self: &Arc<Self>, child: &Arc<ChildProc>) {
        let mut st = self.st.lock();
        let Some(i) = st.workers.iter().position(|s| Arc::ptr_eq(&s.proc, child)) else {
            return;
        };
        let slot = st.workers.remove(i);
        if let Some(id) = slot.task {
            let msg = format!(
                "the worker process running this task ({}, pid {}) {}",
                child.name,
                child.pid,
                child.describe_exit()
            );
            st.finish(id, Outcome::Lost(msg));
        }
        if !slot.ready && st.start_failure.is_none() && st.phase != Phase::Terminated {
            let failure = Outcome::Lost(format!(
                "worker process {} {} while re-running the program, before serving any task",
                child.name,
                child.describe_exit()
            ));
            st.fail_all(&failure);
            st.start_failure = Some(failure);
        }
        let wanted = match st.phase {
            Phase::Running => true,
            Phase::Closed => st.unfinished > 0,
            Phase::Terminated => false,
        };
        if wanted && slot.ready && st.start_failure.is_none() {
            match self.spawn_worker() {
                Ok(s) => st.workers.push(s),
                Err(e) => {
                    let failure = Outcome::Lost(format!("cannot start a worker process: {e}"));
                    st.fail_all(&failure);
                    st.start_failure = Some(failure);
                }
            }
        }
        let mut sends = st.dispatch();
        sends.extend(st.exits_if_done());
        self.cv.notify_all();
        drop(st);
        send_all(sends);
    }

    /// Queues a task (or fails it at once when the pool could not start its workers).
    pub(super) fn submit(
        &self,
        frame_of: impl FnOnce(u64) -> Vec<u8>,
    ) -> Result<u64, &'static str> {
        let mut st = self.st.lock();
        if st.phase != Phase::Running {
            return Err("Pool not running");
        }
        let id = st.next_id;
        st.next_id += 1;
        st.unfinished += 1;
        match st.start_failure.clone() {
            Some(f) => st.finish(id, f),
            None => st.pending.push_back((id, frame_of(id))),
        }
        let sends = st.dispatch();
        drop(st);
        send_all(sends);
        Ok(id)
    }

    /// Waits (GIL released) until `done(state)` or the deadline.
    pub(super) fn wait<R: Runtime>(
        &self,
        vm: &mut Vm<R>,
        deadline: Option<Instant>,
        done: impl Fn(&PoolState) -> bool,
    ) -> Wakeup {
        if done(&self.st.lock()) {
            return Wakeup::Ready;
        }
        let main = vm.is_main_thread();
        vm.blocking(WaitTarget::Sleep, true, || {
            let mut st = self.st.lock();
            sync::wait_until(&mut st, &self.cv, deadline, main, |s| done(s))
        })
    }
}
