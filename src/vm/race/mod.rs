//! `--race`: a happens-before data-race detector over Python-level shared state (FastTrack,
//! Flanagan and Freund, PLDI 2009). It owns the vector clocks of the threads and of the
//! synchronization objects, the shadow state of every shared variable (globals, attributes of
//! instances and classes, items of lists and dicts, closure cells) in a side table keyed by
//! object address and field, and the reports.
//!
//! Edges come from the places that synchronize: thread start and join (`threading.rs`), locks
//! and the primitives over them (`sync.rs`, `sync_more.rs`), queues (`queue.rs`); they call
//! [`acquire`], [`release`], [`fork`] and [`join`]. The GIL orders nothing. Accesses come from
//! the eval loop: with `--race` the inline caches never fill, and the in-place fast paths of
//! `eval.rs` step aside, so every tracked access reaches [`Vm::race_access`].
//!
//! Off (no `--race`), nothing here runs: each hook is behind one test of `Vm::race.on`.

mod clock;
mod report;
mod shadow;

use crate::objects::exception::PyResult;
use crate::objects::{DictKey, InstanceObj, ObjKind, ObjRef, Value};
use crate::vm::{Runtime, Vm};
use clock::VectorClock;
use parking_lot::Mutex;
use report::{RaceText, Stacks};
use rustc_hash::{FxHashMap, FxHashSet};
use shadow::{Access, Field, Shadow};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::OnceLock;

/// The exit status of a program that would have exited 0 but had a race reported (as Go's).
pub const RACE_EXIT_STATUS: i32 = 66;

/// The detector of this process (one interpreter per process runs with `--race`).
static DETECTOR: OnceLock<Detector> = OnceLock::new();

struct Detector {
    /// Set when a second thread starts. Before that every access is ordered before whatever
    /// any other thread will do (by the start), so nothing needs recording.
    armed: AtomicBool,
    races: AtomicUsize,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    threads: FxHashMap<u32, VectorClock>,
    syncs: FxHashMap<u64, VectorClock>,
    names: FxHashMap<u32, String>,
    /// The stack of the `start()` that started each thread.
    started_at: FxHashMap<u32, u32>,
    shadow: Shadow,
    stacks: Stacks,
    /// Pairs of (innermost site, is a write) already reported, smaller first.
    reported: FxHashSet<((u32, bool), (u32, bool))>,
}

impl State {
    fn clock(&mut self, tid: u32) -> &mut VectorClock {
        thread_clock(&mut self.threads, tid)
    }
}

/// Thread `tid`'s clock, made at its start value on first use. A free function, so callers
/// that also hold other fields of `State` can borrow the threads map alone.
fn thread_clock(threads: &mut FxHashMap<u32, VectorClock>, tid: u32) -> &mut VectorClock {
    threads
        .entry(tid)
        .or_insert_with(|| VectorClock::starting(tid))
}

/// Turns the detector on for this process (`--race`).
pub fn install() {
    DETECTOR.get_or_init(|| Detector {
        armed: AtomicBool::new(false),
        races: AtomicUsize::new(0),
        state: Mutex::new(State::default()),
    });
    crate::objects::set_free_hook(forget_object);
}

/// The detector, once there is something to record.
#[inline]
fn armed() -> Option<&'static Detector> {
    DETECTOR.get().filter(|d| d.armed.load(Ordering::Acquire))
}

/// An object is being freed: what was recorded about it must not be taken for the next
/// object at the same address. Never called while this thread holds the detector's lock:
/// nothing under that lock drops a value.
fn forget_object(addr: usize) {
    if let Some(d) = armed() {
        d.state.lock().shadow.forget(addr);
    }
}

// ----- edges ---------------------------------------------------------------------------------

/// The current thread released synchronization object `sync` (a lock's release, an Event's
/// set, a queue's put...): whoever acquires it next is ordered after what this thread did.
pub fn release<R: Runtime>(vm: &Vm<R>, sync: u64) {
    if !vm.race.on {
        return;
    }
    let Some(d) = armed() else { return };
    let tid = vm.thread_id as u32;
    let mut st = d.state.lock();
    let State { threads, syncs, .. } = &mut *st;
    let c = thread_clock(threads, tid);
    syncs.entry(sync).or_default().join(c);
    c.tick(tid);
}

/// The current thread acquired synchronization object `sync` (a lock taken, an Event seen
/// set, an item got from a queue...): it is ordered after every release of it so far.
pub fn acquire<R: Runtime>(vm: &Vm<R>, sync: u64) {
    if !vm.race.on {
        return;
    }
    let Some(d) = armed() else { return };
    let tid = vm.thread_id as u32;
    let mut st = d.state.lock();
    let State { threads, syncs, .. } = &mut *st;
    if let Some(l) = syncs.get(&sync) {
        thread_clock(threads, tid).join(l);
    }
}

/// The current thread starts thread `child`, named `name`: everything the child does is
/// ordered after what its parent did so far.
pub fn fork<R: Runtime>(vm: &Vm<R>, child: u64, name: &str) {
    if !vm.race.on {
        return;
    }
    let Some(d) = DETECTOR.get() else { return };
    let parent = vm.thread_id as u32;
    // Read before the detector's lock: the registry's lock is taken first elsewhere (a
    // finished thread's record is dropped under it, which may free objects).
    let parent_name = vm
        .interp
        .registry
        .lock()
        .threads
        .get(&vm.thread_id)
        .map(|t| t.name.clone())
        .unwrap_or_else(|| "MainThread".to_string());
    d.armed.store(true, Ordering::Release);
    let mut st = d.state.lock();
    st.names.entry(parent).or_insert(parent_name);
    st.names.insert(child as u32, name.to_string());
    let at = report::call_position(&vm.segments, vm.call_site);
    let started_at = st.stacks.capture(&vm.segments, at);
    st.started_at.insert(child as u32, started_at);
    let parent_clock = st.clock(parent).clone();
    st.clock(child as u32).join(&parent_clock);
    st.clock(parent).tick(parent);
}

/// The current thread saw thread `child` finish (`join`, `is_alive()` false): it is ordered
/// after everything the child did.
pub fn join<R: Runtime>(vm: &Vm<R>, child: u64) {
    if !vm.race.on {
        return;
    }
    let Some(d) = armed() else { return };
    let me = vm.thread_id as u32;
    let mut st = d.state.lock();
    let Some(c) = st.threads.get(&(child as u32)).cloned() else {
        return;
    };
    st.clock(me).join(&c);
}

/// At exit: the summary line, and the exit status (66 instead of 0 when a race was found).
pub fn exit_status(status: i32) -> i32 {
    let Some(d) = DETECTOR.get() else {
        return status;
    };
    let n = d.races.load(Ordering::Relaxed);
    if n == 0 {
        return status;
    }
    let plural = if n == 1 { "" } else { "s" };
    crate::vm::io::write_stderr(&format!("minipy --race: found {n} data race{plural}\n"));
    if status == 0 {
        RACE_EXIT_STATUS
    } else {
        status
    }
}

// ----- accesses ------------------------------------------------------------------------------

/// A shared variable, as an instruction names it.
pub(crate) enum Target<'a, R: Runtime> {
    /// A global of the module whose dict this is.
    Global(&'a ObjRef<R>, &'a DictKey<R>),
    /// An attribute (tracked on instances and classes).
    Attr(&'a Value<R>, &'a DictKey<R>),
    /// `obj[index]` (tracked on lists and dicts).
    Item(&'a Value<R>, &'a Value<R>),
    /// A closure cell and its variable's name.
    Cell(&'a Value<R>, &'a str),
}

impl<R: Runtime> Target<'_, R> {
    /// The object and field, or `None` for what is not tracked.
    fn key(&self) -> Option<(usize, Field)> {
        match self {
            Target::Global(globals, name) => Some((globals.addr(), Field::Key(name.hash))),
            Target::Attr(obj, name) => match obj {
                Value::Obj(o) if matches!(o.kind(), ObjKind::Instance(_) | ObjKind::Class(_)) => {
                    Some((o.addr(), Field::Key(name.hash)))
                }
                _ => None,
            },
            Target::Item(Value::Obj(o), index) => match o.kind() {
                ObjKind::List(items) => {
                    let Value::Int(i) = index else { return None };
                    let len = items.lock::<R>().len() as i64;
                    let j = if *i < 0 { i + len } else { *i };
                    (0..len).contains(&j).then_some((o.addr(), Field::Index(j)))
                }
                ObjKind::Dict(_) => {
                    let hash = crate::objects::dict::hash_value(index).ok()?;
                    Some((o.addr(), Field::Key(hash)))
                }
                _ => None,
            },
            Target::Item(..) => None,
            Target::Cell(Value::Obj(o), _) => Some((o.addr(), Field::Key(0))),
            Target::Cell(..) => None,
        }
    }

    /// The variable in the program's words.
    fn describe(&self, field: Field) -> String {
        let name = |k: &DictKey<R>| k.value.as_str().unwrap_or("?").to_string();
        match self {
            Target::Global(_, k) => format!("global '{}'", name(k)),
            Target::Attr(obj, k) => match obj.kind() {
                Some(ObjKind::Class(c)) => format!("attribute '{}' of class {}", name(k), c.name),
                Some(ObjKind::Instance(i)) => {
                    format!("attribute '{}' of {} object", name(k), i.class_name())
                }
                _ => format!("attribute '{}'", name(k)),
            },
            Target::Item(_, index) => match field {
                Field::Index(j) => format!("item {j} of list"),
                Field::Key(_) => match index {
                    Value::Int(i) => format!("item {i} of dict"),
                    v => match v.as_str() {
                        Some(s) => format!("item {} of dict", crate::vm::convert::str_repr(s)),
                        None => "an item of dict".to_string(),
                    },
                },
            },
            Target::Cell(_, n) => format!("closure variable '{n}'"),
        }
    }
}

/// What one thread's eval loop needs for the detector: whether it is on (the runs of frames
/// it is in, for the stacks of recorded accesses, are `Vm::segments`).
pub struct ThreadRace {
    pub on: bool,
}

impl ThreadRace {
    pub fn new(on: bool) -> Self {
        ThreadRace { on }
    }
}

impl<R: Runtime> Vm<R> {
    /// A closure cell read or written (out of the eval loop's way).
    #[inline(never)]
    pub(crate) fn race_cell(&mut self, ip: usize, cell: &Value<R>, name: &str, write: bool) {
        self.race_access(ip, Target::Cell(cell, name), write);
    }

    /// `obj[index]` with the detector told (out of the eval loop's way).
    #[inline(never)]
    pub(crate) fn race_get_item(
        &mut self,
        ip: usize,
        obj: &Value<R>,
        index: &Value<R>,
    ) -> PyResult<Value<R>, R> {
        self.race_access(ip, Target::Item(obj, index), false);
        self.get_item(obj, index)
    }

    /// `obj[index] = v` with the detector told.
    #[inline(never)]
    pub(crate) fn race_set_item(
        &mut self,
        ip: usize,
        obj: &Value<R>,
        index: Value<R>,
        v: Value<R>,
    ) -> PyResult<(), R> {
        self.race_access(ip, Target::Item(obj, &index), true);
        self.set_item(obj, index, v)
    }

    /// Whether an access to attribute `key` of an instance reaches the instance's own dict,
    /// which is what is tracked: not when its class keeps the attribute elsewhere (a property
    /// or another data descriptor, a Python `__setattr__` or `__getattribute__`, or
    /// `__getattr__` for a name the instance lacks, as `threading.local` does). The code that
    /// runs instead is tracked where it touches shared state.
    fn race_plain_attr(&mut self, inst: &InstanceObj<R>, key: &DictKey<R>, write: bool) -> bool {
        let class = inst.class.clone();
        let python_hook = |vm: &mut Self, name: &'static str| {
            let hook_key = vm.static_key(name);
            vm.lookup_type(&class, &hook_key)
                .is_some_and(|f| matches!(f.kind(), Some(ObjKind::Function(_))))
        };
        if let Some(d) = self.lookup_type(&inst.class, key) {
            if matches!(d.kind(), Some(ObjKind::Property { .. })) || self.is_data_descriptor(&d) {
                return false;
            }
        }
        if write {
            return !python_hook(self, "__setattr__");
        }
        if python_hook(self, "__getattribute__") {
            return false;
        }
        inst.contains(key) || !python_hook(self, "__getattr__")
    }

    /// An access to a shared variable by the instruction before `ip` of the innermost frame.
    /// Checks it against the variable's record (reporting each new racing pair once) and
    /// records it.
    #[inline(never)]
    pub(crate) fn race_access(&mut self, ip: usize, target: Target<'_, R>, write: bool) {
        let Some(d) = armed() else { return };
        if let Target::Attr(obj, key) = &target {
            if let Some(ObjKind::Instance(inst)) = obj.kind() {
                if !self.race_plain_attr(inst, key, write) {
                    return;
                }
            }
        }
        let Some((addr, field)) = target.key() else {
            return;
        };
        let tid = self.thread_id as u32;
        let mut texts = Vec::new();
        {
            let mut st = d.state.lock();
            let State {
                threads,
                shadow,
                stacks,
                reported,
                names,
                started_at,
                ..
            } = &mut *st;
            let c = thread_clock(threads, tid);
            let epoch = c.get(tid);
            let var = shadow.var(addr, field);
            if var.redundant(tid, epoch, write) {
                return;
            }
            let stack = stacks.capture(&self.segments, ip);
            let now = Access {
                tid,
                clock: epoch,
                stack,
            };
            let mut conflicts = Vec::new();
            if write {
                var.write(now, c, &mut conflicts);
            } else {
                var.read(now, c, &mut conflicts);
            }
            for k in conflicts {
                let a = (stacks.innermost(stack), write);
                let b = (stacks.innermost(k.earlier.stack), k.earlier_is_write);
                if !reported.insert((a.min(b), a.max(b))) {
                    continue;
                }
                d.races.fetch_add(1, Ordering::Relaxed);
                let name = |t: u32| names.get(&t).cloned().unwrap_or_else(|| format!("{t}"));
                let (now_thread, earlier_thread) = (name(tid), name(k.earlier.tid));
                let start = |t: u32| {
                    started_at
                        .get(&t)
                        .map(|s| stacks.frames(*s))
                        .unwrap_or_default()
                };
                let text = RaceText {
                    variable: &target.describe(field),
                    now_write: write,
                    now_thread: &now_thread,
                    now_stack: stacks.frames(stack),
                    earlier_write: k.earlier_is_write,
                    earlier_thread: &earlier_thread,
                    earlier_stack: stacks.frames(k.earlier.stack),
                    now_started: start(tid),
                    earlier_started: if k.earlier.tid == tid {
                        Vec::new()
                    } else {
                        start(k.earlier.tid)
                    },
                };
                texts.push(
                    text.render(&|file, line| crate::vm::traceback::source_line(self, file, line)),
                );
            }
        }
        for t in texts {
            crate::vm::io::write_stderr(&t);
        }
    }
}
