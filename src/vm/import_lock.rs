//! The per-module import locks: while a thread runs a module's body, the module's lock is
//! held, so a second thread importing the same module waits (and then finds it in
//! `sys.modules`) instead of running the body twice. A lock is reentrant, so a circular import
//! within one thread gets the partly initialized module, as in CPython. Every lock is in the
//! thread registry while it exists, so the deadlock detector sees import waits as it sees
//! `threading.Lock` waits (two threads importing each other's modules in a cycle).
//!
//! A module's entry exists only while some thread holds or waits for its lock, so "the module
//! is being initialized" is "its entry has an owner".

use super::threads::{next_object_id, LockRecord, WaitTarget, INTERRUPT};
use super::Vm;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::vm::Runtime;
use parking_lot::{Condvar, Mutex};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// One module's import lock.
struct ModuleLock {
    /// Its id in the thread registry.
    id: u64,
    /// The registry id of the thread holding it.
    owner: Option<u64>,
    /// How many times the owner holds it (a circular import takes it again).
    count: usize,
    /// Threads that hold or wait for it: the entry goes when none is left.
    users: usize,
}

/// The import locks of the modules being imported, by full name.
#[derive(Default)]
pub struct ImportLocks {
    table: Mutex<HashMap<String, ModuleLock>>,
    /// Signalled whenever a lock is let go (imports rarely contend: one is enough).
    released: Condvar,
    /// How many entries `table` has: when none, no module is being initialized, and an
    /// import of a module in `sys.modules` need not look further.
    entries: AtomicUsize,
}

impl ImportLocks {
    /// Whether any module is being imported right now (by any thread).
    pub fn any_initializing(&self) -> bool {
        self.entries.load(Ordering::Acquire) != 0
    }

    /// Whether some thread other than `me` is running the body of module `name`.
    pub fn initializing_elsewhere(&self, name: &str, me: u64) -> bool {
        self.table
            .lock()
            .get(name)
            .is_some_and(|l| l.owner.is_some_and(|o| o != me))
    }

    /// Whether some thread (this one included) is running the body of module `name`.
    pub fn initializing(&self, name: &str) -> bool {
        self.table
            .lock()
            .get(name)
            .is_some_and(|l| l.owner.is_some())
    }
}

impl<R: Runtime> Vm<R> {
    /// Takes the import lock of module `name`, waiting (with the GIL released) while another
    /// thread holds it. Every successful call is paired with one `unlock_module`.
    pub(super) fn lock_module(&mut self, name: &str) -> PyResult<(), R> {
        let me = self.thread_id;
        let locks = &self.interp.imports;
        let id = {
            let mut table = locks.table.lock();
            let lock = table.entry(name.to_string()).or_insert_with(|| {
                locks.entries.fetch_add(1, Ordering::AcqRel);
                ModuleLock {
                    id: next_object_id(),
                    owner: None,
                    count: 0,
                    users: 0,
                }
            });
            lock.users += 1;
            if lock.owner.is_none() || lock.owner == Some(me) {
                lock.owner = Some(me);
                lock.count += 1;
                let id = lock.id;
                drop(table);
                self.note_import_lock(id, name);
                return Ok(());
            }
            lock.id
        };
        self.note_import_lock_waited(id, name);
        let main = self.is_main_thread();
        let interp = self.interp.clone();
        let taken = self.blocking(WaitTarget::Lock(id), false, || {
            let mut table = interp.imports.table.lock();
            loop {
                let Some(lock) = table.get_mut(name) else {
                    return false;
                };
                if lock.owner.is_none() {
                    lock.owner = Some(me);
                    lock.count = 1;
                    return true;
                }
                if main && INTERRUPT.load(Ordering::Relaxed) {
                    return false;
                }
                interp
                    .imports
                    .released
                    .wait_for(&mut table, Duration::from_millis(20));
            }
        });
        if taken {
            self.note_import_lock(id, name);
            return Ok(());
        }
        self.unuse_module_lock(name);
        INTERRUPT.store(false, Ordering::Relaxed);
        Err(PyErr::new(ExcKind::KeyboardInterrupt, ""))
    }

    /// Lets go of module `name`'s import lock (once).
    pub(super) fn unlock_module(&mut self, name: &str) {
        let freed = {
            let mut table = self.interp.imports.table.lock();
            match table.get_mut(name) {
                Some(lock) if lock.owner == Some(self.thread_id) => {
                    lock.count -= 1;
                    if lock.count == 0 {
                        lock.owner = None;
                        Some(lock.id)
                    } else {
                        None
                    }
                }
                _ => None,
            }
        };
        if let Some(id) = freed {
            if let Some(rec) = self.interp.registry.lock().locks.get_mut(&id) {
                rec.holder = None;
            }
            self.interp.imports.released.notify_all();
        }
        self.unuse_module_lock(name);
    }

    /// One user fewer of module `name`'s lock; the last one removes it (and its record).
    fn unuse_module_lock(&self, name: &str) {
        let gone = {
            let mut table = self.interp.imports.table.lock();
            let Some(lock) = table.get_mut(name) else {
                return;
            };
            lock.users -= 1;
            if lock.users == 0 {
                self.interp.imports.entries.fetch_sub(1, Ordering::AcqRel);
                table.remove(name).map(|l| l.id)
            } else {
                None
            }
        };
        if let Some(id) = gone {
            self.interp.registry.lock().locks.remove(&id);
        }
    }

    /// Records in the registry that this thread holds the import lock `id`.
    fn note_import_lock(&self, id: u64, name: &str) {
        let (file, line) = self.current_location();
        let mut reg = self.interp.registry.lock();
        let rec = reg
            .locks
            .entry(id)
            .or_insert_with(|| import_lock_record(name, &file, line));
        rec.holder = Some(self.thread_id);
        rec.taken_file = file;
        rec.taken_line = line;
    }

    /// Makes sure the registry knows lock `id` before this thread waits for it.
    fn note_import_lock_waited(&self, id: u64, name: &str) {
        let (file, line) = self.current_location();
        self.interp
            .registry
            .lock()
            .locks
            .entry(id)
            .or_insert_with(|| import_lock_record(name, &file, line));
    }
}

fn import_lock_record(name: &str, file: &std::sync::Arc<str>, line: u32) -> LockRecord {
    LockRecord {
        name: format!("the import lock of module '{name}'"),
        holder: None,
        file: file.clone(),
        line,
        reentrant: true,
        taken_file: file.clone(),
        taken_line: line,
    }
}
