//! The `queue` module: `Queue`, `LifoQueue`, `PriorityQueue`, `SimpleQueue` and the `Empty`
//! and `Full` exceptions.
//!
//! Items are Python values kept in the queue's core under its mutex; they are only moved or
//! cloned by a thread that may touch objects. A blocked `get`/`put`/`join` waits (GIL
//! released) only for the count it needs, then takes the item once it runs again, retrying if
//! another thread got there first. A PriorityQueue's heap calls `<` on the items, which runs
//! Python code: those comparisons happen under the queue's own lock (`op`, a Lock the GIL is
//! released to wait for), never under the mutex, so other threads see a whole heap.

use super::sync::{self, LockCore, Wakeup};
use super::sync_more::{
    core_of, deadline_after, exception_class, install_core, interrupted, max_args, param,
    raise_class, wait_state, Deadline,
};
use crate::objects::class::Layout;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjRef, Value};
use crate::vm::race;
use crate::vm::spin::WaitCv;
use crate::vm::threads::{next_object_id, WaitTarget};
use crate::vm::Runtime;
use crate::vm::{Interp, Vm};
use parking_lot::Mutex;
use std::collections::VecDeque;
use std::sync::Arc;

type R0<R> = PyResult<Value<R>, R>;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let queue = queue_class(vm);
    let lifo = vm.native_class_with_bases(
        "LifoQueue",
        "queue",
        vec![queue.clone()],
        &[("__init__", lifo_init)],
    );
    let priority = vm.native_class_with_bases(
        "PriorityQueue",
        "queue",
        vec![queue.clone()],
        &[("__init__", priority_init)],
    );
    let simple = vm.native_class_with_layout(
        "SimpleQueue",
        "_queue",
        Layout::Object,
        &[
            ("__init__", simple_init),
            ("put", simple_put),
            ("put_nowait", put_nowait),
            ("get", get),
            ("get_nowait", get_nowait),
            ("empty", empty),
            ("qsize", qsize),
        ],
    );
    let classes = [
        ("Queue", queue),
        ("LifoQueue", lifo),
        ("PriorityQueue", priority),
        ("SimpleQueue", simple),
        ("Empty", empty_error(vm)),
        ("Full", full_error(vm)),
    ];
    for (name, class) in classes {
        vm.set_module_attr(m, name, Value::Obj(class));
    }
    true
}

fn queue_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    let methods: &[(&'static str, NativeFn<R>)] = &[
        ("__init__", queue_init),
        ("qsize", qsize),
        ("empty", empty),
        ("full", full),
        ("put", put),
        ("put_nowait", put_nowait),
        ("get", get),
        ("get_nowait", get_nowait),
        ("task_done", task_done),
        ("join", join),
    ];
    vm.native_class_with_layout("Queue", "queue", Layout::Object, methods)
}

fn empty_error<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    exception_class(
        vm,
        "_queue",
        "Empty",
        vm.types().exception(ExcKind::Exception),
    )
}

fn full_error<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    exception_class(
        vm,
        "queue",
        "Full",
        vm.types().exception(ExcKind::Exception),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Fifo,
    Lifo,
    Priority,
    Simple,
}

struct QueueCore<R: Runtime> {
    kind: Kind,
    /// <= 0: unbounded.
    maxsize: i64,
    /// Registry ids of "there is an item", "there is room", "every task is done".
    get_id: u64,
    put_id: u64,
    join_id: u64,
    st: Mutex<QState<R>>,
    cv: WaitCv,
    /// A PriorityQueue's lock, held while its heap is reordered.
    op: LockCore,
}

struct QState<R: Runtime> {
    items: VecDeque<Value<R>>,
    unfinished: i64,
}

impl<R: Runtime> QueueCore<R> {
    fn is_full(&self, s: &QState<R>) -> bool {
        self.maxsize > 0 && s.items.len() as i64 >= self.maxsize
    }

    /// Mirrors the state into the registry's `ready` set, for the deadlock detector.
    fn note(&self, interp: &Interp<R>, s: &QState<R>) {
        let mut reg = interp.registry.lock();
        reg.set_ready(self.get_id, !s.items.is_empty());
        reg.set_ready(self.put_id, !self.is_full(s));
        reg.set_ready(self.join_id, s.unfinished == 0);
    }

    fn name(&self) -> &'static str {
        if self.kind == Kind::Simple {
            "SimpleQueue"
        } else {
            "Queue"
        }
    }
}

fn new_queue<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>, kind: Kind) -> R0<R> {
    let maxsize = if kind == Kind::Simple {
        if args.pos.len() > 1 || !args.kw.is_empty() {
            return Err(PyErr::type_error("SimpleQueue() takes no arguments"));
        }
        0
    } else {
        max_args(&args, "Queue.__init__", 1)?;
        let m = param(&mut args, "maxsize", 1);
        args.no_more_kwargs("__init__")?;
        match m {
            Some(v) => vm.int_i64(&v)?,
            None => 0,
        }
    };
    let core = QueueCore {
        kind,
        maxsize,
        get_id: next_object_id(),
        put_id: next_object_id(),
        join_id: next_object_id(),
        st: Mutex::new(QState {
            items: VecDeque::new(),
            unfinished: 0,
        }),
        cv: WaitCv::new(),
        op: LockCore::new(false),
    };
    core.note(&vm.interp, &core.st.lock());
    let this = args.pos.first().cloned().unwrap_or(Value::None);
    if kind != Kind::Simple {
        let key = vm.str_key("maxsize");
        vm.set_attr(&this, &key, Value::Int(maxsize))?;
    }
    install_core(vm, &this, Arc::new(core))?;
    Ok(Value::None)
}

fn queue_init<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    new_queue(vm, args, Kind::Fifo)
}

fn lifo_init<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    new_queue(vm, args, Kind::Lifo)
}

fn priority_init<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    new_queue(vm, args, Kind::Priority)
}

fn simple_init<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    new_queue(vm, args, Kind::Simple)
}

fn core<R: Runtime>(vm: &Vm<R>, args: &Args<R>) -> PyResult<Arc<QueueCore<R>>, R> {
    core_of(vm, args, "mutex")
}

fn qsize<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let q = core(vm, &args)?;
    let n = q.st.lock().items.len();
    Ok(Value::Int(n as i64))
}

fn empty<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let q = core(vm, &args)?;
    let e = q.st.lock().items.is_empty();
    Ok(Value::Bool(e))
}

fn full<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let q = core(vm, &args)?;
    let f = q.is_full(&q.st.lock());
    Ok(Value::Bool(f))
}

/// `block`/`timeout` of put and get, as CPython's queue reads them.
fn deadline<R: Runtime>(
    vm: &mut Vm<R>,
    block: Option<Value<R>>,
    timeout: Option<Value<R>>,
) -> PyResult<Deadline, R> {
    let block = match block {
        Some(b) => vm.truthy(&b)?,
        None => true,
    };
    if !block {
        return Ok(Deadline::NoWait);
    }
    match timeout {
        None | Some(Value::None) => Ok(Deadline::Forever),
        Some(t) => {
            let s = super::time::seconds_arg(vm, &t)?;
            if s < 0.0 {
                return Err(PyErr::value_error(
                    "'timeout' must be a non-negative number",
                ));
            }
            Ok(deadline_after(s))
        }
    }
}

fn put<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    max_args(&args, "Queue.put", 3)?;
    let item = param(&mut args, "item", 1).ok_or_else(|| {
        PyErr::type_error("Queue.put() missing 1 required positional argument: 'item'")
    })?;
    let block = param(&mut args, "block", 2);
    let timeout = param(&mut args, "timeout", 3);
    args.no_more_kwargs("put")?;
    let q = core(vm, &args)?;
    let deadline = if q.maxsize > 0 {
        deadline(vm, block, timeout)?
    } else {
        Deadline::Forever
    };
    put_item(vm, &q, item, deadline)?;
    Ok(Value::None)
}

fn simple_put<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    max_args(&args, "SimpleQueue.put", 3)?;
    let item = param(&mut args, "item", 1)
        .ok_or_else(|| PyErr::type_error("put() missing required argument 'item' (pos 1)"))?;
    let _ = param(&mut args, "block", 2);
    let _ = param(&mut args, "timeout", 3);
    args.no_more_kwargs("put")?;
    let q = core(vm, &args)?;
    put_item(vm, &q, item, Deadline::Forever)?;
    Ok(Value::None)
}

fn put_nowait<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    max_args(&args, "Queue.put_nowait", 1)?;
    let item = param(&mut args, "item", 1).ok_or_else(|| {
        PyErr::type_error("Queue.put_nowait() missing 1 required positional argument: 'item'")
    })?;
    args.no_more_kwargs("put_nowait")?;
    let q = core(vm, &args)?;
    put_item(vm, &q, item, Deadline::NoWait)?;
    Ok(Value::None)
}

/// Waits (up to `deadline`) for the condition `ready` of the queue's state.
fn wait_for<R: Runtime>(
    vm: &mut Vm<R>,
    q: &QueueCore<R>,
    id: u64,
    what: &str,
    deadline: Deadline,
    ready: impl FnMut(&QState<R>) -> bool,
) -> Wakeup {
    let name = q.name();
    wait_state(
        vm,
        || WaitTarget::Signal(id, format!("{what} {name} ({name}.{})", method_of(what))),
        &q.st,
        &q.cv,
        deadline,
        ready,
        |_, w| w,
    )
}

fn method_of(what: &str) -> &'static str {
    match what {
        "an item in a" => "get",
        "space in a" => "put",
        _ => "join",
    }
}

fn put_item<R: Runtime>(
    vm: &mut Vm<R>,
    q: &QueueCore<R>,
    item: Value<R>,
    deadline: Deadline,
) -> PyResult<(), R> {
    loop {
        match wait_for(vm, q, q.put_id, "space in a", deadline, |s| !q.is_full(s)) {
            Wakeup::Ready => {}
            Wakeup::TimedOut => return Err(raise_class(vm, &full_error(vm))),
            Wakeup::Interrupted => return Err(interrupted()),
        }
        // What the producer did before `put` is ordered before what the consumer does
        // after `get`.
        race::release(vm, q.get_id);
        if q.kind == Kind::Priority {
            sync::acquire_lock(vm, &q.op, Ok(None))?;
            let pushed = {
                let mut s = q.st.lock();
                if q.is_full(&s) {
                    None
                } else {
                    s.items.push_back(item.clone());
                    q.note(&vm.interp, &s);
                    Some(s.items.len() - 1)
                }
            };
            let Some(last) = pushed else {
                sync::release_lock(vm, &q.op)?;
                continue;
            };
            let sifted = sift_down(vm, q, 0, last);
            sync::release_lock(vm, &q.op)?;
            sifted?;
            let mut s = q.st.lock();
            s.unfinished += 1;
            q.note(&vm.interp, &s);
        } else {
            let mut s = q.st.lock();
            if q.is_full(&s) {
                continue;
            }
            s.items.push_back(item);
            s.unfinished += 1;
            q.note(&vm.interp, &s);
        }
        q.cv.notify_all();
        return Ok(());
    }
}

fn get<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    max_args(&args, "Queue.get", 2)?;
    let block = param(&mut args, "block", 1);
    let timeout = param(&mut args, "timeout", 2);
    args.no_more_kwargs("get")?;
    let q = core(vm, &args)?;
    let deadline = deadline(vm, block, timeout)?;
    get_item(vm, &q, deadline)
}

fn get_nowait<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    max_args(&args, "Queue.get_nowait", 0)?;
    args.no_kwargs("get_nowait")?;
    let q = core(vm, &args)?;
    get_item(vm, &q, Deadline::NoWait)
}

fn get_item<R: Runtime>(vm: &mut Vm<R>, q: &QueueCore<R>, deadline: Deadline) -> R0<R> {
    loop {
        match wait_for(vm, q, q.get_id, "an item in a", deadline, |s| {
            !s.items.is_empty()
        }) {
            Wakeup::Ready => {}
            Wakeup::TimedOut => return Err(raise_class(vm, &empty_error(vm))),
            Wakeup::Interrupted => return Err(interrupted()),
        }
        let item = if q.kind == Kind::Priority {
            sync::acquire_lock(vm, &q.op, Ok(None))?;
            let popped = heap_pop(vm, q);
            sync::release_lock(vm, &q.op)?;
            popped?
        } else {
            let mut s = q.st.lock();
            let item = if q.kind == Kind::Lifo {
                s.items.pop_back()
            } else {
                s.items.pop_front()
            };
            q.note(&vm.interp, &s);
            item
        };
        if let Some(item) = item {
            race::acquire(vm, q.get_id);
            q.cv.notify_all();
            return Ok(item);
        }
    }
}

fn task_done<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    max_args(&args, "Queue.task_done", 0)?;
    let q = core(vm, &args)?;
    race::release(vm, q.join_id);
    let mut s = q.st.lock();
    if s.unfinished <= 0 {
        return Err(PyErr::value_error("task_done() called too many times"));
    }
    s.unfinished -= 1;
    q.note(&vm.interp, &s);
    let done = s.unfinished == 0;
    drop(s);
    if done {
        q.cv.notify_all();
    }
    Ok(Value::None)
}

fn join<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    max_args(&args, "Queue.join", 0)?;
    let q = core(vm, &args)?;
    let what = "a Queue's tasks to be done (Queue.join)";
    let w = wait_state(
        vm,
        || WaitTarget::Signal(q.join_id, what.to_string()),
        &q.st,
        &q.cv,
        Deadline::Forever,
        |s| s.unfinished == 0,
        |_, w| w,
    );
    if w == Wakeup::Interrupted {
        return Err(interrupted());
    }
    race::acquire(vm, q.join_id);
    Ok(Value::None)
}

// ---------------------------------------------------------------------------------------------
// The heap of a PriorityQueue, as CPython's `_heapq` orders it (the same comparisons in the
// same order, so equal-priority items come out as they do in CPython). Runs with `op` held.

/// `items[i] < items[j]`.
fn less<R: Runtime>(vm: &mut Vm<R>, q: &QueueCore<R>, i: usize, j: usize) -> PyResult<bool, R> {
    let (a, b) = {
        let s = q.st.lock();
        match (s.items.get(i), s.items.get(j)) {
            (Some(a), Some(b)) => (a.clone(), b.clone()),
            _ => return Err(PyErr::runtime_error("list changed size during iteration")),
        }
    };
    let r = vm.compare(a, b, 0)?;
    vm.truthy(&r)
}

fn swap<R: Runtime>(q: &QueueCore<R>, i: usize, j: usize) {
    q.st.lock().items.swap(i, j);
}

/// Moves the item at `pos` up towards `start` while it is smaller than its parent.
fn sift_down<R: Runtime>(
    vm: &mut Vm<R>,
    q: &QueueCore<R>,
    start: usize,
    mut pos: usize,
) -> PyResult<(), R> {
    while pos > start {
        let parent = (pos - 1) >> 1;
        if !less(vm, q, pos, parent)? {
            break;
        }
        swap(q, parent, pos);
        pos = parent;
    }
    Ok(())
}

/// Moves the smaller child up from `pos` until a leaf, then sifts the item there down.
fn sift_up<R: Runtime>(vm: &mut Vm<R>, q: &QueueCore<R>, mut pos: usize) -> PyResult<(), R> {
    let end = q.st.lock().items.len();
    let start = pos;
    let limit = end / 2;
    while pos < limit {
        let mut child = 2 * pos + 1;
        if child + 1 < end && !less(vm, q, child, child + 1)? {
            child += 1;
        }
        swap(q, pos, child);
        pos = child;
    }
    sift_down(vm, q, start, pos)
}

/// `heappop`: the smallest item, or None when empty.
fn heap_pop<R: Runtime>(vm: &mut Vm<R>, q: &QueueCore<R>) -> PyResult<Option<Value<R>>, R> {
    let top = {
        let mut s = q.st.lock();
        let Some(last) = s.items.pop_back() else {
            return Ok(None);
        };
        let top = match s.items.front_mut() {
            Some(first) => std::mem::replace(first, last),
            None => last,
        };
        q.note(&vm.interp, &s);
        top
    };
    let more = !q.st.lock().items.is_empty();
    if more {
        sift_up(vm, q, 0)?;
    }
    Ok(Some(top))
}
