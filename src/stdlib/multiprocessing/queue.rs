//! `multiprocessing.Queue`: a queue whose items live in the process that made it, as encoded
//! bytes. Children reach it through their connection to that process: a handle to it crosses
//! as its id (see `wire.rs`), and in a child it is a proxy whose `put` and `get` are requests
//! that the parent's reader thread for that child serves (a blocked remote `get` is answered
//! by the next `put`, from any process).

use super::conn;
use super::worker::ChildProc;
use crate::objects::class::Layout;
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjRef, Value};
use crate::stdlib::sync::{self, Wakeup};
use crate::stdlib::sync_more::{core_of, install_core, instance_attr, interrupted, param};
use crate::vm::spin::WaitCv;
use crate::vm::threads::WaitTarget;
use crate::vm::Runtime;
use crate::vm::Vm;
use parking_lot::Mutex;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

type R0<R> = PyResult<Value<R>, R>;

/// The queue's items, in the process that made it.
pub struct Store {
    st: Mutex<StoreState>,
    cv: WaitCv,
}

struct StoreState {
    items: VecDeque<Vec<u8>>,
    /// Children blocked in `get`, answered in order by the next puts.
    remote_waiters: VecDeque<Arc<ChildProc>>,
}

impl Store {
    fn push(&self, item: Vec<u8>) {
        let mut st = self.st.lock();
        while let Some(w) = st.remote_waiters.pop_front() {
            if w.send(&reply(conn::REPLY_ITEM, &item)) {
                return;
            }
        }
        st.items.push_back(item);
        self.cv.notify_one();
    }
}

/// A queue object's core: the items here, or a proxy for a queue of the parent.
enum Core {
    Local(u64, Arc<Store>),
    Remote(u64),
}

/// The queues made in this process, by id.
static STORES: Mutex<Option<HashMap<u64, Weak<Store>>>> = Mutex::new(None);

/// A queue id unique among this process and its relatives (the pid in the high bits).
fn new_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    (u64::from(std::process::id()) << 32) | NEXT.fetch_add(1, Ordering::Relaxed)
}

fn store_of(id: u64) -> Option<Arc<Store>> {
    STORES.lock().as_ref()?.get(&id)?.upgrade()
}

pub fn queue_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    let methods: &[(&'static str, NativeFn<R>)] = &[
        ("__init__", init),
        ("put", put),
        ("put_nowait", put_nowait),
        ("get", get),
        ("get_nowait", get_nowait),
        ("qsize", qsize),
        ("empty", empty),
        ("full", full),
        ("close", noop),
        ("join_thread", noop),
        ("cancel_join_thread", noop),
    ];
    vm.native_class_with_layout("Queue", "multiprocessing.queues", Layout::Object, methods)
}

fn init<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = args.pos.first().cloned().unwrap_or(Value::None);
    let id = new_id();
    let store = Arc::new(Store {
        st: Mutex::new(StoreState {
            items: VecDeque::new(),
            remote_waiters: VecDeque::new(),
        }),
        cv: WaitCv::new(),
    });
    {
        let mut stores = STORES.lock();
        let stores = stores.get_or_insert_with(HashMap::new);
        stores.retain(|_, s| s.strong_count() > 0);
        stores.insert(id, Arc::downgrade(&store));
    }
    install_core(vm, &this, Arc::new(Core::Local(id, store)))?;
    Ok(Value::None)
}

/// The id of a queue object (for `wire.rs`), or `None` for anything else.
pub fn queue_id_of<R: Runtime>(vm: &Vm<R>, v: &Value<R>) -> Option<u64> {
    let core = instance_attr(vm, v, "_core")?;
    match core.kind() {
        Some(crate::objects::ObjKind::Native(n)) => match n.downcast::<Arc<Core>>()?.as_ref() {
            Core::Local(id, _) | Core::Remote(id) => Some(*id),
        },
        _ => None,
    }
}

/// The queue object for an id that arrived from another process.
pub fn queue_from_id<R: Runtime>(vm: &mut Vm<R>, id: u64) -> R0<R> {
    let core = match store_of(id) {
        Some(store) => Core::Local(id, store),
        None if super::child::is_child() => Core::Remote(id),
        None => {
            return Err(PyErr::runtime_error(
                "a multiprocessing.Queue that no longer exists was sent back",
            ))
        }
    };
    let class = queue_class(vm);
    let obj = vm.call(&Value::Obj(class), Vec::new(), Vec::new())?;
    install_core(vm, &obj, Arc::new(core))?;
    Ok(obj)
}

fn core<R: Runtime>(vm: &Vm<R>, args: &Args<R>) -> PyResult<Arc<Core>, R> {
    core_of(vm, args, "_reader")
}

fn put<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let q = core(vm, &args)?;
    let item = param(&mut args, "obj", 1).ok_or_else(|| {
        PyErr::type_error("Queue.put() missing 1 required positional argument: 'obj'")
    })?;
    let bytes = super::wire::encode(vm, &item)?;
    match q.as_ref() {
        Core::Local(_, store) => store.push(bytes),
        Core::Remote(id) => {
            let mut frame = vec![conn::QUEUE_PUT];
            crate::stdlib::multiprocessing::wire::put_varint(&mut frame, *id);
            frame.extend_from_slice(&bytes);
            super::child::send_to_parent(&frame)?;
        }
    }
    Ok(Value::None)
}

fn put_nowait<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    put(vm, args)
}

/// When a `get` gives up: `None` never.
enum Until {
    Forever,
    Deadline(Instant),
    NoWait,
}

fn get<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let q = core(vm, &args)?;
    let block = match param(&mut args, "block", 1) {
        Some(b) => vm.truthy(&b)?,
        None => true,
    };
    let timeout = param(&mut args, "timeout", 2).filter(|t| !t.is_none());
    let until = match (block, timeout) {
        (false, _) => Until::NoWait,
        (true, None) => Until::Forever,
        (true, Some(t)) => {
            let s = crate::stdlib::time::seconds_arg(vm, &t)?.max(0.0);
            Until::Deadline(Instant::now() + Duration::from_secs_f64(s.min(1e9)))
        }
    };
    take(vm, &q, until)
}

fn get_nowait<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let q = core(vm, &args)?;
    take(vm, &q, Until::NoWait)
}

fn take<R: Runtime>(vm: &mut Vm<R>, q: &Core, until: Until) -> R0<R> {
    let item = match q {
        Core::Local(_, store) => {
            let quick = store.st.lock().items.pop_front();
            if quick.is_some() || matches!(until, Until::NoWait) {
                quick
            } else {
                let deadline = match until {
                    Until::Deadline(d) => Some(d),
                    _ => None,
                };
                let main = vm.is_main_thread();
                // The store's mutex is taken and let go inside the wait: never held while
                // this thread takes the GIL back.
                let (w, item) = vm.blocking(WaitTarget::Sleep, true, || {
                    let mut st = store.st.lock();
                    let w = sync::wait_until(&mut st, &store.cv, deadline, main, |s| {
                        !s.items.is_empty()
                    });
                    let item = if w == Wakeup::Ready {
                        st.items.pop_front()
                    } else {
                        None
                    };
                    (w, item)
                });
                if w == Wakeup::Interrupted {
                    return Err(interrupted());
                }
                item
            }
        }
        Core::Remote(id) => remote_take(vm, *id, until)?,
    };
    match item {
        Some(bytes) => super::wire::decode(vm, &bytes),
        None => Err(empty_error(vm)),
    }
}

/// A child's `get` on its parent's queue: one blocking request, or polls until the deadline.
fn remote_take<R: Runtime>(vm: &mut Vm<R>, id: u64, until: Until) -> PyResult<Option<Vec<u8>>, R> {
    let request = |mode: u8| {
        let mut frame = vec![conn::QUEUE_GET];
        super::wire::put_varint(&mut frame, id);
        frame.push(mode);
        frame
    };
    let (mode, deadline) = match until {
        Until::Forever => (conn::GET_BLOCK, None),
        Until::Deadline(d) => (conn::GET_TRY, Some(d)),
        Until::NoWait => (conn::GET_TRY, None),
    };
    loop {
        let answer = super::child::ask_parent(vm, &request(mode))?;
        if answer.first() == Some(&conn::REPLY_ITEM) {
            return Ok(Some(answer[1..].to_vec()));
        }
        match deadline {
            Some(d) if Instant::now() < d => {
                vm.blocking(WaitTarget::Sleep, true, || {
                    std::thread::sleep(Duration::from_millis(2))
                });
            }
            _ => return Ok(None),
        }
    }
}

fn empty_error<R: Runtime>(vm: &mut Vm<R>) -> PyErr<R> {
    let class = vm
        .import_module("queue")
        .and_then(|m| vm.get_attr_str(&m, "Empty"));
    match class {
        Ok(Value::Obj(c)) => crate::stdlib::sync_more::raise_class(vm, &c),
        _ => PyErr::runtime_error("queue is empty"),
    }
}

fn size<R: Runtime>(vm: &mut Vm<R>, q: &Core) -> PyResult<usize, R> {
    match q {
        Core::Local(_, store) => Ok(store.st.lock().items.len()),
        Core::Remote(id) => {
            let mut frame = vec![conn::QUEUE_GET];
            super::wire::put_varint(&mut frame, *id);
            frame.push(conn::GET_SIZE);
            let answer = super::child::ask_parent(vm, &frame)?;
            let mut r = super::wire::Reader::new(answer.get(1..).unwrap_or_default());
            Ok(r.varint().unwrap_or(0) as usize)
        }
    }
}

fn qsize<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let q = core(vm, &args)?;
    Ok(Value::Int(size(vm, &q)? as i64))
}

fn empty<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let q = core(vm, &args)?;
    Ok(Value::Bool(size(vm, &q)? == 0))
}

fn full<R: Runtime>(_vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(Value::Bool(false))
}

fn noop<R: Runtime>(_vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(Value::None)
}

fn reply(status: u8, body: &[u8]) -> Vec<u8> {
    let mut frame = Vec::with_capacity(2 + body.len());
    frame.push(conn::QUEUE_REPLY);
    frame.push(status);
    frame.extend_from_slice(body);
    frame
}

/// Serves a child's queue request (on the parent's reader thread for that child).
pub fn serve_request(child: &Arc<ChildProc>, frame: &[u8]) {
    let mut r = super::wire::Reader::new(&frame[1..]);
    let Some(id) = r.varint() else { return };
    let store = store_of(id);
    match frame[0] {
        conn::QUEUE_PUT => {
            if let Some(store) = store {
                store.push(r.rest().to_vec());
            }
        }
        _ => {
            let mode = r.u8().unwrap_or(conn::GET_TRY);
            let Some(store) = store else {
                child.send(&reply(conn::REPLY_EMPTY, &[]));
                return;
            };
            let mut st = store.st.lock();
            if mode == conn::GET_SIZE {
                let mut body = Vec::new();
                super::wire::put_varint(&mut body, st.items.len() as u64);
                child.send(&reply(conn::REPLY_SIZE, &body));
            } else if let Some(item) = st.items.pop_front() {
                child.send(&reply(conn::REPLY_ITEM, &item));
            } else if mode == conn::GET_BLOCK {
                st.remote_waiters.push_back(child.clone());
            } else {
                child.send(&reply(conn::REPLY_EMPTY, &[]));
            }
        }
    }
}

/// Drops a child that has exited from every queue's waiters.
pub fn forget_waiter(child: &Arc<ChildProc>) {
    let stores: Vec<Arc<Store>> = match STORES.lock().as_ref() {
        Some(m) => m.values().filter_map(Weak::upgrade).collect(),
        None => return,
    };
    for s in stores {
        s.st.lock()
            .remote_waiters
            .retain(|w| !Arc::ptr_eq(w, child));
    }
}
