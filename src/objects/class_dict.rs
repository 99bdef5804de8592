//! A class's attribute dict, whose native methods may be entered late.
//!
//! The built-in types carry about 540 native methods. Making each one's name string and method
//! object and hashing it into its class's dict at start-up was 0.38M instructions of the 1.27M
//! of `minipy -c pass`, and most programs look at a handful of those classes. So the
//! registration calls (`add_native_methods`, ...) only queue what they would do, and the
//! first use of the dict (reading or writing it, through `Deref`) does the queued work first,
//! in order. Nothing can tell the difference: the entries come in the order they would have,
//! before any other change, and nothing had a reference to the new objects before.

use super::function::NativeFn;
use super::{BuiltinFn, DictKey, DictMap, ObjCell, ObjKind, Runtime, StrObj, Value};
use std::ops::Deref;
use std::sync::atomic::{AtomicBool, Ordering};

/// One queued change to a class dict.
enum Queued<R: Runtime> {
    /// Native methods entered as built-in function objects; with `only_missing`, only those
    /// whose name the dict did not hold before this table.
    Methods {
        methods: Vec<(&'static str, NativeFn<R>)>,
        only_missing: bool,
    },
    /// A read-only property whose getter is a native function.
    Property(&'static str, NativeFn<R>),
    /// The entry `name` (if any) replaced by `make(entry)`: a class or static method.
    Wrap(&'static str, fn(Value<R>) -> ObjKind<R>),
    /// The entry `name` set to None (`__hash__ = None`: a mutable type is unhashable).
    NoneEntry(&'static str),
}

pub struct ClassDict<R: Runtime> {
    cell: ObjCell<DictMap<R>>,
    /// True when `queue` is empty. Set (release) after the queued work is in `cell`, so a
    /// thread that reads it true (acquire) sees the entries there.
    complete: AtomicBool,
    queue: parking_lot::Mutex<Vec<Queued<R>>>,
}

fn str_key<R: Runtime>(name: &str) -> Option<DictKey<R>> {
    super::dict::make_key(Value::new_obj(ObjKind::Str(StrObj::new(name)))).ok()
}

fn native<R: Runtime>(name: &'static str, func: NativeFn<R>) -> Value<R> {
    Value::new_obj(ObjKind::Builtin(Box::new(BuiltinFn::new(name, func, None))))
}

impl<R: Runtime> ClassDict<R> {
    pub fn new(map: DictMap<R>) -> Self {
        ClassDict {
            cell: ObjCell::new(map),
            complete: AtomicBool::new(true),
            queue: parking_lot::Mutex::new(Vec::new()),
        }
    }

    fn push(&self, work: Queued<R>) {
        self.queue.lock().push(work);
        self.complete.store(false, Ordering::Release);
    }

    /// Enters native methods (name, built-in function object), after the entries before.
    pub fn add_native_methods(&self, methods: &[(&'static str, NativeFn<R>)]) {
        self.push(Queued::Methods {
            methods: methods.to_vec(),
            only_missing: false,
        });
    }

    /// Enters those of `methods` whose names the dict does not hold yet.
    pub fn add_missing_native_methods(&self, methods: Vec<(&'static str, NativeFn<R>)>) {
        self.push(Queued::Methods {
            methods,
            only_missing: true,
        });
    }

    /// Enters a read-only property whose getter is the native function `getter`.
    pub fn add_native_property(&self, name: &'static str, getter: NativeFn<R>) {
        self.push(Queued::Property(name, getter));
    }

    /// Replaces the entry `name`, if there is one, by `make(entry)`.
    pub fn wrap_entry(&self, name: &'static str, make: fn(Value<R>) -> ObjKind<R>) {
        self.push(Queued::Wrap(name, make));
    }

    /// Sets the entry `name` to None (as `list.__hash__`, which CPython's mutable types have).
    pub fn add_none(&self, name: &'static str) {
        self.push(Queued::NoneEntry(name));
    }

    /// The dict as it is, queued work left undone: for the collector, which must neither
    /// allocate nor see objects not yet made.
    pub fn entered(&self) -> &ObjCell<DictMap<R>> {
        &self.cell
    }

    /// Empties the dict and drops the queued work (the collector breaking a cycle).
    pub fn clear(&self) {
        let queued = std::mem::take(&mut *self.queue.lock());
        self.complete.store(true, Ordering::Release);
        drop(queued);
        drop(std::mem::take(&mut *self.cell.lock::<R>()));
    }

    #[cold]
    #[inline(never)]
    fn do_queued(&self) {
        let mut queue = self.queue.lock();
        if !queue.is_empty() {
            let mut d = self.cell.lock::<R>();
            for work in queue.drain(..) {
                match work {
                    Queued::Methods {
                        methods,
                        only_missing,
                    } => {
                        let before = only_missing.then(|| d.len());
                        d.reserve(methods.len());
                        for (name, func) in methods {
                            let Some(key) = str_key(name) else { continue };
                            if let Some(before) = before {
                                match d.get_full(&key) {
                                    Some((index, _, _)) if index < before => continue,
                                    _ => {}
                                }
                            }
                            d.insert(key, native(name, func));
                        }
                    }
                    Queued::Property(name, getter) => {
                        let Some(key) = str_key(name) else { continue };
                        let property = Value::new_obj(ObjKind::Property {
                            fget: native(name, getter),
                            fset: Value::None,
                            fdel: Value::None,
                            doc: Value::None,
                        });
                        d.insert(key, property);
                    }
                    Queued::NoneEntry(name) => {
                        let Some(key) = str_key(name) else { continue };
                        d.insert(key, Value::None);
                    }
                    Queued::Wrap(name, make) => {
                        let Some(key) = str_key(name) else { continue };
                        if let Some(v) = d.get_mut(&key) {
                            let method = v.clone();
                            *v = Value::new_obj(make(method));
                        }
                    }
                }
            }
        }
        *queue = Vec::new();
        self.complete.store(true, Ordering::Release);
    }
}

impl<R: Runtime> Deref for ClassDict<R> {
    type Target = ObjCell<DictMap<R>>;

    /// The dict, its queued work done first.
    #[inline(always)]
    fn deref(&self) -> &ObjCell<DictMap<R>> {
        if !self.complete.load(Ordering::Acquire) {
            self.do_queued();
        }
        &self.cell
    }
}
