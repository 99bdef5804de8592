//! `--lock-order`: potential deadlocks found before they happen (as Linux's lockdep). Every
//! time a thread asks for a lock while it holds others, the order "held before asked" becomes
//! an edge of one graph shared by all threads, with the thread, the line and how it asked
//! (blocking, with a timeout, or without blocking). A cycle in that graph means some
//! interleaving can make the threads wait for each other forever, even if this run never did:
//! minipy prints a warning on stderr as soon as the cycle forms, once per cycle, and lets the
//! program go on (its exit status is unchanged).
//!
//! The blocking primitives call in here (`stdlib::sync` for Lock, RLock and the lock under a
//! Condition; `stdlib::sync_more` for semaphores made with value 1, which programs use as
//! locks); this module only keeps the graph and
//! writes the warning. A lock is named once, the first time a thread asks for it, by the
//! expression the program used (`lock_a`, `self.lock`), read back from the bytecode of the
//! call; failing that, as the deadlock report names it.

use super::deadlock::{lock_name, thread_name};
use super::traceback::source_line;
use super::{io, Vm};
use crate::bytecode::{Code, Op};
use crate::objects::{ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::fmt::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

static ENABLED: AtomicBool = AtomicBool::new(false);

/// The order graph of the whole process (one interpreter per process).
static GRAPH: Mutex<Option<Graph>> = Mutex::new(None);

/// Turns the checker on (`--lock-order`), before any thread starts.
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// Whether `--lock-order` is on.
#[inline]
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// How a thread asked for a lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Blocking,
    /// `acquire(timeout=...)`: the wait ends by itself.
    Timeout,
    /// `acquire(False)`: no wait at all.
    NonBlocking,
}

/// Whether a value is the lock of a request (the lock object itself, or the object that
/// stands for it: a Condition over it).
pub type Matcher<'a, R> = &'a dyn Fn(&Value<R>) -> bool;

/// One request for a lock, as the primitives describe it.
pub struct Request<'a, R: Runtime> {
    pub id: u64,
    pub matches: Matcher<'a, R>,
    /// `Lock`, `RLock`, `Semaphore`...: the first word of the lock's name.
    pub kind: &'a str,
    /// Taking it again while holding it is re-entry, not an order (RLock).
    pub reentrant: bool,
    pub mode: Mode,
}

/// A lock a thread holds.
struct Held {
    lock: u64,
    depth: usize,
    file: Arc<str>,
    line: u32,
}

/// "Thread T asked for `to` while holding `from`": the first time it happened.
#[derive(Clone)]
struct Edge {
    seq: u64,
    thread: String,
    file: Arc<str>,
    line: u32,
    held_file: Arc<str>,
    held_line: u32,
    mode: Mode,
}

#[derive(Default)]
struct Graph {
    names: HashMap<u64, String>,
    held: HashMap<u64, Vec<Held>>,
    edges: BTreeMap<(u64, u64), Edge>,
    next: HashMap<u64, Vec<u64>>,
    /// The locks of each cycle reported, sorted.
    reported: HashSet<Vec<u64>>,
    seq: u64,
}

fn with_graph<T>(f: impl FnOnce(&mut Graph) -> T) -> T {
    let mut g = GRAPH.lock().unwrap_or_else(|e| e.into_inner());
    f(g.get_or_insert_with(Graph::default))
}

/// Whether lock `id` is one the program made (the interpreter's own locks, such as import
/// locks, carry a name in the registry; a queue's internal lock has no record at all).
pub fn is_program_lock<R: Runtime>(vm: &Vm<R>, id: u64) -> bool {
    let reg = vm.interp.registry.lock();
    reg.locks.get(&id).is_some_and(|r| r.name.is_empty())
}

/// Names lock `id` as a `kind` (a Condition, over its lock) if it has no name yet.
pub fn name_as<R: Runtime>(vm: &Vm<R>, id: u64, kind: &str, matches: Matcher<'_, R>) {
    if with_graph(|g| g.names.contains_key(&id)) {
        return;
    }
    if let Some(expr) = global_path(vm, matches).or_else(|| call_site_expression(vm)) {
        with_graph(|g| {
            g.names.entry(id).or_insert(format!("{kind} '{expr}'"));
        });
    }
}

/// Where the main module's globals reach the lock: a global (`lock_a`) or an attribute of
/// an object in one (`account.lock`). Names that stay the same in every thread, unlike a
/// function's parameters.
fn global_path<R: Runtime>(vm: &Vm<R>, matches: Matcher<'_, R>) -> Option<String> {
    let entries = |dict: &ObjRef<R>| -> Vec<(Value<R>, Value<R>)> {
        match dict.kind() {
            ObjKind::Dict(d) => d
                .lock::<R>()
                .iter()
                .map(|(k, v)| (k.value.clone(), v.clone()))
                .collect(),
            _ => Vec::new(),
        }
    };
    let main = vm.main_module();
    let ObjKind::Module(m) = main.kind() else {
        return None;
    };
    let globals = entries(&m.dict);
    if let Some((k, _)) = globals.iter().find(|(_, v)| matches(v)) {
        return k.as_str().map(str::to_string);
    }
    globals.iter().find_map(|(k, v)| {
        let Some(ObjKind::Instance(i)) = v.kind() else {
            return None;
        };
        let attrs: Vec<(Value<R>, Value<R>)> =
            i.to_map().into_iter().map(|(k, v)| (k.value, v)).collect();
        let (attr, _) = attrs.iter().find(|(_, a)| matches(a))?;
        Some(format!("{}.{}", k.as_str()?, attr.as_str()?))
    })
}

/// Before a thread waits for a lock (blocking or with a timeout): the orders it makes.
pub fn before_wait<R: Runtime>(vm: &mut Vm<R>, req: &Request<'_, R>) {
    if req.mode != Mode::NonBlocking {
        add_orders(vm, req);
    }
}

/// After a thread took a lock: it now holds it (one level deeper if it held it already).
pub fn acquired<R: Runtime>(vm: &mut Vm<R>, req: &Request<'_, R>) {
    if req.mode == Mode::NonBlocking {
        add_orders(vm, req);
    }
    let (file, line) = vm.current_location();
    let me = vm.thread_id;
    with_graph(|g| {
        let held = g.held.entry(me).or_default();
        match held.iter_mut().find(|h| h.lock == req.id) {
            Some(h) => h.depth += 1,
            None => held.push(Held {
                lock: req.id,
                depth: 1,
                file,
                line,
            }),
        }
    });
}

/// A lock was released (one level of it): by its holder, or for a Lock or a semaphore by
/// another thread, which ends the holding of whoever took it.
pub fn released<R: Runtime>(vm: &Vm<R>, id: u64) {
    let me = vm.thread_id;
    with_graph(|g| {
        let holder = if g
            .held
            .get(&me)
            .is_some_and(|h| h.iter().any(|h| h.lock == id))
        {
            Some(me)
        } else {
            g.held
                .iter()
                .find(|(_, h)| h.iter().any(|h| h.lock == id))
                .map(|(t, _)| *t)
        };
        let Some(list) = holder.and_then(|t| g.held.get_mut(&t)) else {
            return;
        };
        if let Some(pos) = list.iter().position(|h| h.lock == id) {
            list[pos].depth -= 1;
            if list[pos].depth == 0 {
                list.remove(pos);
            }
        }
    });
}

/// Records the orders "each lock this thread holds, then `req`" and reports a cycle if one
/// of them closes one.
fn add_orders<R: Runtime>(vm: &mut Vm<R>, req: &Request<'_, R>) {
    let me = vm.thread_id;
    // The locks held, and which of the orders they make are new (nothing to do when none is).
    let (reentry, new_from) = with_graph(|g| {
        let held = g.held.get(&me).map(Vec::as_slice).unwrap_or(&[]);
        let reentry = held.iter().any(|h| h.lock == req.id);
        let new_from: Vec<(u64, Arc<str>, u32)> = held
            .iter()
            .filter(|h| h.lock != req.id && !g.edges.contains_key(&(h.lock, req.id)))
            .map(|h| (h.lock, h.file.clone(), h.line))
            .collect();
        (reentry, new_from)
    });
    let named = with_graph(|g| g.names.contains_key(&req.id));
    if !named {
        let name = match global_path(vm, req.matches).or_else(|| call_site_expression(vm)) {
            Some(expr) => format!("{} '{expr}'", req.kind),
            None if vm.interp.registry.lock().locks.contains_key(&req.id) => lock_name(vm, req.id),
            None => format!("a {}", req.kind),
        };
        with_graph(|g| {
            g.names.entry(req.id).or_insert(name);
        });
    }
    // Taking an RLock again is re-entry; taking a Lock again is a self-deadlock, which the
    // deadlock detector reports. Neither is an order between two locks.
    if (reentry && req.reentrant) || new_from.is_empty() {
        return;
    }
    let thread = thread_name(vm, me);
    let (file, line) = vm.current_location();
    let mut cycles = Vec::new();
    with_graph(|g| {
        for (from, held_file, held_line) in new_from {
            if g.edges.contains_key(&(from, req.id)) {
                continue;
            }
            g.seq += 1;
            let edge = Edge {
                seq: g.seq,
                thread: thread.clone(),
                file: file.clone(),
                line,
                held_file,
                held_line,
                mode: req.mode,
            };
            g.edges.insert((from, req.id), edge);
            g.next.entry(from).or_default().push(req.id);
            if let Some(cycle) = g.cycle_through(from, req.id) {
                cycles.push(cycle);
            }
        }
    });
    for cycle in cycles {
        let text = report(vm, &cycle);
        io::write_stderr(&text);
    }
}

/// One order of a cycle, ready to print.
struct Step {
    from: String,
    to: String,
    edge: Edge,
}

impl Graph {
    /// The cycle the new order `from -> to` closes (the shortest path back from `to` to
    /// `from`), if it closes one not reported yet.
    fn cycle_through(&mut self, from: u64, to: u64) -> Option<Vec<Step>> {
        let mut came_from: HashMap<u64, u64> = HashMap::new();
        let mut queue = VecDeque::from([to]);
        let mut seen = HashSet::from([to]);
        while let Some(at) = queue.pop_front() {
            if at == from {
                break;
            }
            for &n in self.next.get(&at).map(Vec::as_slice).unwrap_or(&[]) {
                if seen.insert(n) {
                    came_from.insert(n, at);
                    queue.push_back(n);
                }
            }
        }
        if !seen.contains(&from) {
            return None;
        }
        // The locks in cycle order: from, to, ..., back to from.
        let mut path = vec![from];
        let mut at = from;
        while at != to {
            at = came_from[&at];
            path.push(at);
        }
        path.reverse();
        path.insert(0, from);
        path.pop();
        let mut key = path.clone();
        key.sort_unstable();
        if !self.reported.insert(key) {
            return None;
        }
        let name = |id: u64| {
            self.names
                .get(&id)
                .cloned()
                .unwrap_or_else(|| "a lock".to_string())
        };
        let mut steps: Vec<Step> = (0..path.len())
            .map(|i| {
                let (a, b) = (path[i], path[(i + 1) % path.len()]);
                Step {
                    from: name(a),
                    to: name(b),
                    edge: self.edges[&(a, b)].clone(),
                }
            })
            .collect();
        // Told in the order the program made them.
        let first = (0..steps.len())
            .min_by_key(|&i| steps[i].edge.seq)
            .unwrap_or(0);
        steps.rotate_left(first);
        Some(steps)
    }
}

/// The warning for one cycle.
fn report<R: Runtime>(vm: &Vm<R>, steps: &[Step]) -> String {
    let mut names: Vec<&str> = steps.iter().map(|s| s.from.as_str()).collect();
    let listed = match names.len() {
        2 => format!("{} and {} are taken in opposite orders", names[0], names[1]),
        _ => {
            let last = names.pop().unwrap_or_default();
            format!(
                "{} and {last} are taken in a cycle of orders",
                names.join(", ")
            )
        }
    };
    let mut out = format!(
        "Potential deadlock (--lock-order): {listed}, so these threads can wait for each \
         other forever, whether or not this run does.\n\n"
    );
    for s in steps {
        let how = match s.edge.mode {
            Mode::Blocking => "",
            Mode::Timeout => " (with a timeout)",
            Mode::NonBlocking => " (without blocking)",
        };
        let _ = writeln!(
            out,
            "  Thread \"{}\" asked for {}{how} while holding {}",
            s.edge.thread, s.to, s.from
        );
        write_location(vm, &mut out, &s.edge.file, s.edge.line, "    at");
        let taken = format!("    having taken {} at", s.from);
        write_location(vm, &mut out, &s.edge.held_file, s.edge.held_line, &taken);
        out.push('\n');
    }
    if steps.iter().any(|s| s.edge.mode != Mode::Blocking) {
        out.push_str(
            "Some of these requests do not wait forever (a timeout, or no wait at all): there \
             the cycle makes acquire fail instead of hang.\n",
        );
    }
    let _ = writeln!(
        out,
        "Take the locks in one order in every thread (for instance {} always first).\n",
        steps[0].from
    );
    out
}

fn write_location<R: Runtime>(vm: &Vm<R>, out: &mut String, file: &str, line: u32, prefix: &str) {
    let _ = writeln!(out, "{prefix} {file}:{line}");
    if let Some(text) = source_line(vm, file, line) {
        let _ = writeln!(out, "        {text}");
    }
}

/// The expression whose lock the running call acquires, read back from the calling code:
/// `lock_a` in `lock_a.acquire()` and `with lock_a:`, `self.lock` in `with self.lock:`.
fn call_site_expression<R: Runtime>(vm: &Vm<R>) -> Option<String> {
    let (code, ip) = vm.call_site;
    if code.is_null() {
        return None;
    }
    // SAFETY: `call_site` points at the code of a frame still running (see
    // `Vm::current_location`).
    let code: &Code<R> = unsafe { &*code };
    receiver_expression(code, ip.checked_sub(1)?)
}

/// The receiver of the call at `call` when it is a plain chain of names and attributes.
fn receiver_expression<R: Runtime>(code: &Code<R>, call: usize) -> Option<String> {
    const METHODS: [&str; 6] = [
        "acquire",
        "acquire_lock",
        "__enter__",
        "wait",
        "wait_for",
        "notify",
    ];
    let ops = &code.ops;
    let end = match *ops.get(call)? {
        Op::SetupWith(_) => call,
        Op::CallMethod(_) | Op::Call(_) | Op::CallKw(_) | Op::CallEx(_) => {
            // The method's load, before the arguments (a few constants or names).
            (call.saturating_sub(8)..call)
                .rev()
                .find(|&i| match ops[i] {
                    Op::LoadMethod(n) | Op::LoadAttr(n) => METHODS.contains(&code.name_str(n)),
                    _ => false,
                })?
        }
        _ => return None,
    };
    let mut attrs = Vec::new();
    let mut at = end;
    loop {
        at = at.checked_sub(1)?;
        let base = match ops[at] {
            Op::LoadAttr(n) if attrs.len() < 4 => {
                attrs.push(code.name_str(n));
                continue;
            }
            Op::LoadFast(slot) => code.varnames.get(slot as usize)?.to_string(),
            Op::LoadFastAttr(p) | Op::LoadFastMethod(p) => {
                code.varnames.get((p & 0xffff) as usize)?.to_string()
            }
            Op::LoadGlobal(n) | Op::LoadName(n) => code.name_str(n).to_string(),
            Op::LoadDeref(n) => code.deref_name(n).to_string(),
            _ => return None,
        };
        attrs.reverse();
        let mut expr = base;
        for a in attrs {
            expr.push('.');
            expr.push_str(a);
        }
        return Some(expr);
    }
}
