//! The cycle collector's policy: when to collect (generation 0's threshold, checked at the eval
//! breaker), stopping the world (under the GIL the collecting thread holds it; under
//! `--no-gil` a collection runs only while the collecting thread is the only one), and what
//! to do with the garbage `objects::gc` finds: clear the weak references to it and call their
//! callbacks, run `__del__` once per object (PEP 442), give up if a finalizer resurrected any
//! of it, else break the cycles by clearing each object's contents. Also the finalizers that
//! plain frees queue (`__del__` of an object whose count reached 0, weakref callbacks), run at
//! the next call.

use super::threads::ThreadState;
use super::{Runtime, Vm};
use crate::objects::gc::{self, Pending, FINALIZED, HAS_DEL, HAS_WEAKREFS};
use crate::objects::{weak, ObjKind, ObjRef, Value};
use std::collections::{HashMap, HashSet};

impl<R: Runtime> Vm<R> {
    /// At an eval breaker: the automatic collection when generation 0 passed its threshold,
    /// and the finalizers frees queued.
    #[cold]
    #[inline(never)]
    pub fn gc_checkpoint(&mut self) {
        gc::clear_attention();
        // (Not while a bundled module's body runs: due still, it collects after the import.)
        if gc::collection_due() && !super::import::running_bundled_body() {
            gc::clear_due();
            let gen = {
                let reg = gc::registry::<R>();
                if reg.enabled() && !reg.collecting() {
                    reg.due_generation()
                } else {
                    None
                }
            };
            if let Some(gen) = gen {
                self.collect_generation(gen);
            }
        }
        if gc::finalizers_pending() {
            self.run_finalizers();
        }
        if crate::objects::iter::never_awaited_pending() {
            self.report_never_awaited();
        }
    }

    /// Without thread support, at a switch point whose attention flag was up: the handlers of
    /// the signals that came (no eval breaker runs to look at them).
    #[cfg(feature = "no-threads")]
    #[cold]
    #[inline(never)]
    pub fn signals_checkpoint(&mut self) -> crate::objects::exception::PyResult<(), R> {
        if super::signals::signals_pending() && self.is_main_thread() {
            return self.run_pending_signals();
        }
        Ok(())
    }

    /// True when the registry may be read as it is: always under the GIL (the caller holds
    /// it, so no other thread touches objects); under `--no-gil` only while this is the only
    /// thread (see [`Vm::with_world_stopped`] for the way to make it so); never with
    /// `--racy-refcounts`.
    pub fn world_stopped(&self) -> bool {
        // The racy runtime's counts are wrong by design (the exact ones are its shadow
        // counts), so the collector, which reads the counts, never runs there.
        if R::RACY_COUNTS {
            return false;
        }
        if !R::FREE_THREADED {
            return true;
        }
        let reg = self.interp.registry.lock();
        reg.threads
            .iter()
            .all(|(id, t)| *id == self.thread_id || matches!(t.state, ThreadState::Finished))
    }

    /// Runs `f` while no other thread touches objects: under the GIL at once; under
    /// `--no-gil` with the world stopped (every other thread parked at a switch point or in a
    /// blocking wait, see `objects::gc_world`). `None` with `--racy-refcounts`, whose counts
    /// the collector cannot trust. `f` must not run Python code (a parked thread may hold
    /// what it would wait for).
    pub fn with_world_stopped<T>(&mut self, f: impl FnOnce() -> T) -> Option<T> {
        if R::RACY_COUNTS {
            return None;
        }
        if !R::FREE_THREADED {
            return Some(f());
        }
        let world = &self.interp.heap.world;
        // Another thread's stop came first: this one parked through it; ask again.
        while !world.stop() {}
        let r = f();
        world.resume();
        Some(r)
    }

    /// Collects generation `gen` and the younger ones; the number of unreachable objects
    /// found (as `gc.collect` reports it), or `None` when a collection cannot run now.
    pub fn collect_generation(&mut self, gen: usize) -> Option<usize> {
        // Classes replaced by `__class__` assignment: no borrow of them is left now.
        drop(gc::take_retired::<R>());
        self.run_finalizers();
        if R::RACY_COUNTS {
            return None;
        }
        {
            let mut reg = gc::registry::<R>();
            if reg.collecting() {
                return None;
            }
            reg.set_collecting(true);
        }
        self.gc_callbacks("start", gen, 0);
        // The search, and the clearing of the weak references to the garbage (after which
        // no other thread can reach it), happen with the world stopped; the finalizers run
        // with it going again.
        let (garbage, callbacks) = self
            .with_world_stopped(|| {
                let garbage = gc::find_garbage::<R>(gen);
                let callbacks = clear_weakrefs(&garbage);
                (garbage, callbacks)
            })
            .unwrap_or_default();
        let found = reported_count(&garbage);
        if !garbage.is_empty() {
            self.dispose(garbage, callbacks);
        }
        gc::registry::<R>().set_collecting(false);
        if let Some((collections, collected)) = COLLECTION_STATS.get(gen) {
            collections.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            collected.fetch_add(found as u64, std::sync::atomic::Ordering::Relaxed);
        }
        self.gc_callbacks("stop", gen, found);
        self.run_finalizers();
        Some(found)
    }

    /// Frees cyclic garbage, each object held once by `garbage`, whose weak references were
    /// cleared (`callbacks`: those whose callbacks are due).
    fn dispose(&mut self, garbage: Vec<ObjRef<R>>, callbacks: Vec<(ObjRef<R>, ObjRef<R>)>) {
        let mut ran_code = !callbacks.is_empty();
        for (cb, wr) in callbacks {
            self.call_finalizer(&Value::Obj(cb), vec![Value::Obj(wr)], None);
        }
        for o in &garbage {
            if needs_finalizer(o) && o.gc_flags() & FINALIZED == 0 {
                o.set_gc_flags(FINALIZED);
                self.call_del(o);
                ran_code = true;
            }
        }
        if ran_code && resurrected(&garbage) {
            // Something is referenced from outside again: leave all of it alone (it stays
            // tracked and is looked at again by a later collection).
            return;
        }
        for o in &garbage {
            o.kind().gc_clear();
        }
        drop(garbage);
    }

    /// At the end of the program, as CPython's finalization: collects the cycles left, then
    /// clears the main module's globals (names with one leading underscore first) so that the
    /// `__del__` methods and weakref callbacks of what they held run. Only when the program
    /// made a class with `__del__`, a weak reference with a callback or a generator (which
    /// may be suspended in a `try` or `with` block).
    pub fn finalize_at_exit(&mut self) {
        if !gc::finalizers_used() && !gc::generators_made() {
            return;
        }
        self.collect_generation(2);
        if let Some(Value::Obj(main)) = self.sys_modules_get("__main__") {
            if let ObjKind::Module(m) = main.kind() {
                if let ObjKind::Dict(d) = m.dict.kind() {
                    let keys: Vec<_> = d.lock::<R>().keys().cloned().collect();
                    let private = |k: &crate::objects::DictKey<R>| {
                        k.value
                            .as_str()
                            .is_some_and(|s| s.starts_with('_') && !s.starts_with("__"))
                    };
                    for first in [true, false] {
                        for k in keys.iter().filter(|k| private(k) == first) {
                            if k.value.as_str() == Some("__builtins__") {
                                continue;
                            }
                            let old = d
                                .lock::<R>()
                                .get_mut(k)
                                .map(|v| std::mem::replace(v, Value::None));
                            drop(old);
                            self.run_finalizers();
                        }
                    }
                }
            }
        }
        self.collect_generation(2);
    }

    /// Runs the finalizers queued by frees on this thread (and those they queue).
    pub fn run_finalizers(&mut self) {
        while gc::finalizers_pending() {
            for p in gc::take_pending::<R>() {
                match p {
                    Pending::Del(o) => self.call_del(&o),
                    Pending::Callback(cb, wr) => {
                        self.call_finalizer(&Value::Obj(cb), vec![Value::Obj(wr)], None)
                    }
                }
            }
        }
    }

    /// Calls `o.__del__()`, or closes `o` if it is a generator (CPython's `_PyGen_Finalize`).
    fn call_del(&mut self, o: &ObjRef<R>) {
        if let ObjKind::Generator(g) = o.kind() {
            if let Some(hook) = self.async_gen_finalizer(g) {
                let me = Value::Obj(o.clone());
                return self.call_finalizer(&hook, vec![me.clone()], Some(&me));
            }
            let handling = self.handling.take();
            if let Err(e) = self.close_generator(g) {
                self.report_unraisable(e, &Value::Obj(o.clone()));
            }
            self.handling = handling;
            return;
        }
        let class = self.types().class_of(&Value::Obj(o.clone())).clone();
        let ObjKind::Class(c) = class.kind() else {
            return;
        };
        let key = self.static_key("__del__");
        if let Some(del) = c.lookup(&key) {
            self.call_finalizer(&del, vec![Value::Obj(o.clone())], Some(&del));
        }
    }

    /// Calls a finalizer; an exception is printed as CPython's "Exception ignored in:" and
    /// the program goes on. The exception being handled is kept around the call.
    fn call_finalizer(&mut self, func: &Value<R>, args: Vec<Value<R>>, shown: Option<&Value<R>>) {
        let handling = self.handling.take();
        if let Err(e) = self.call(func, args, Vec::new()) {
            self.report_unraisable(e, shown.unwrap_or(func));
        }
        self.handling = handling;
    }

    /// Prints an exception no one can catch, as CPython's default `sys.unraisablehook`:
    /// "Exception ignored in: <what>" and the traceback.
    fn report_unraisable(&mut self, e: crate::objects::exception::PyErr<R>, what: &Value<R>) {
        let exc = self.materialize(e);
        if let (Some(ObjKind::Exception(x)), Some(entry)) = (exc.kind(), self.call_site_entry()) {
            let mut st = x.state.lock::<R>();
            if st.traceback.is_empty() {
                st.traceback.push(entry);
                st.traceback_object = Value::None;
            }
        }
        let what = self.repr(what).unwrap_or_else(|_| "<object>".to_string());
        let tb = super::traceback::format_unraisable(self, &exc);
        super::io::write_stderr(&format!("Exception ignored in: {what}\n{tb}"));
    }

    /// Calls the functions in `gc.callbacks` (when the `gc` module was imported).
    fn gc_callbacks(&mut self, phase: &str, gen: usize, collected: usize) {
        let Some(gc_mod) = self.sys_modules_get("gc") else {
            return;
        };
        let Some(ObjKind::Module(m)) = gc_mod.kind() else {
            return;
        };
        let key = self.static_key("callbacks");
        let list = match m.dict.kind() {
            ObjKind::Dict(d) => d.lock::<R>().get(&key).cloned(),
            _ => None,
        };
        let funcs: Vec<Value<R>> = match list.as_ref().and_then(|l| l.kind()) {
            Some(ObjKind::List(l)) => l.lock::<R>().clone(),
            _ => return,
        };
        if funcs.is_empty() {
            return;
        }
        let info = self.dict_of(vec![
            ("generation", Value::Int(gen as i64)),
            ("collected", Value::Int(collected as i64)),
            ("uncollectable", Value::Int(0)),
        ]);
        let phase = self.new_str(phase);
        for f in funcs {
            self.call_finalizer(&f, vec![phase.clone(), info.clone()], None);
        }
    }

    fn dict_of(&mut self, items: Vec<(&str, Value<R>)>) -> Value<R> {
        let mut map = crate::objects::dict::new_map::<R>();
        for (k, v) in items {
            map.insert(self.str_key(k), v);
        }
        self.new_dict(map)
    }
}

/// Per generation, how many collections of it ran and how many unreachable objects they
/// found (`gc.get_stats()`).
static COLLECTION_STATS: [(std::sync::atomic::AtomicU64, std::sync::atomic::AtomicU64); 3] = [
    (
        std::sync::atomic::AtomicU64::new(0),
        std::sync::atomic::AtomicU64::new(0),
    ),
    (
        std::sync::atomic::AtomicU64::new(0),
        std::sync::atomic::AtomicU64::new(0),
    ),
    (
        std::sync::atomic::AtomicU64::new(0),
        std::sync::atomic::AtomicU64::new(0),
    ),
];

/// `(collections, collected)` of each generation, youngest first.
pub fn collection_stats() -> [(u64, u64); 3] {
    COLLECTION_STATS.each_ref().map(|(runs, found)| {
        (
            runs.load(std::sync::atomic::Ordering::Relaxed),
            found.load(std::sync::atomic::Ordering::Relaxed),
        )
    })
}

/// Clears the weak references to the garbage, first of all (CPython's handle_weakrefs):
/// the weakref objects with a callback that must run, each with its callback. A callback
/// runs only when its weak reference is not garbage itself.
fn clear_weakrefs<R: Runtime>(garbage: &[ObjRef<R>]) -> Vec<(ObjRef<R>, ObjRef<R>)> {
    let addrs: HashSet<usize> = garbage.iter().map(|o| o.addr()).collect();
    let mut callbacks = Vec::new();
    for o in garbage {
        if o.gc_flags() & HAS_WEAKREFS != 0 {
            for (cb, wr) in weak::clear_refs_to::<R>(o.addr()) {
                if !addrs.contains(&wr.addr()) {
                    callbacks.push((cb, wr));
                }
            }
        }
    }
    callbacks
}

/// True for an instance (or exception) whose class has `__del__`, and for a generator that
/// must be closed before it is freed.
fn needs_finalizer<R: Runtime>(o: &ObjRef<R>) -> bool {
    let class = match o.kind() {
        ObjKind::Instance(i) => &i.class,
        ObjKind::Exception(e) => &e.class,
        ObjKind::Generator(g) => return o.gc_flags() & gc::CLOSES != 0 && g.needs_close(),
        _ => return false,
    };
    class.gc_flags() & HAS_DEL != 0
}

/// True if any garbage object is referenced from outside the garbage (beyond the one
/// reference `garbage` holds): a finalizer stored it somewhere.
fn resurrected<R: Runtime>(garbage: &[ObjRef<R>]) -> bool {
    let index: HashMap<usize, usize> = garbage
        .iter()
        .enumerate()
        .map(|(i, o)| (o.addr(), i))
        .collect();
    let mut refs: Vec<isize> = garbage.iter().map(|o| o.ref_count() as isize - 1).collect();
    for o in garbage {
        o.kind().traverse(&mut |child| {
            if let Some(&i) = index.get(&child.addr()) {
                refs[i] -= 1;
            }
        });
    }
    refs.iter().any(|&r| r > 0)
}

/// The number `gc.collect()` reports: the unreachable objects, an instance's attribute dict
/// counted with its instance (CPython keeps an instance's attributes inline).
fn reported_count<R: Runtime>(garbage: &[ObjRef<R>]) -> usize {
    let dicts: HashSet<usize> = garbage
        .iter()
        .filter_map(|o| match o.kind() {
            ObjKind::Instance(i) => i.attr_dict_addr(),
            _ => None,
        })
        .collect();
    garbage
        .iter()
        .filter(|o| !dicts.contains(&o.addr()))
        .count()
}
