//! The eval loop's inline caches in use (their storage is `bytecode::cache`): LoadGlobal by
//! dict position and version; LoadAttr, LoadMethod and StoreAttr on instances of user classes
//! by class, class version and instance shape (an attribute's slot, a class value's or a
//! method's position along the MRO, a store's slot or the shape it moves to), and LoadMethod
//! on values of built-in types by class and class version. Each fast path validates its entry
//! and falls back to the general lookup, which refills the entry; a cache never serves a
//! stale value. Under `--race` no entry is ever filled, so every lookup takes the general
//! path, where the race detector sees it.
//!
//! The free-threaded runtime uses the same caches: entries are published whole (see
//! `bytecode::cache`), and each fast path validates under the lock of the object it reads
//! (the dict, the instance's attributes), so a thread racing a writer gets the value before
//! or after the write, never a torn or stale one. A dict's version, which a builtin's entry
//! compares, is stamped by every mutable access in both runtimes.

use super::race::Target;
use super::Vm;
use crate::bytecode::cache::{AttrEntry, GlobalEntry};
use crate::bytecode::Code;
use crate::objects::exception::PyResult;
use crate::objects::instance::SlotStore;
use crate::objects::runtime::multi_threaded;
use crate::objects::{DictKey, DictMap, InstanceObj, ObjCell, ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use std::sync::atomic::Ordering;

const GLOBAL: u32 = 1;
const BUILTIN: u32 = 2;
/// The low bits of a global entry's kind: `GLOBAL` or `BUILTIN`; the flags are above.
const KIND_MASK: u32 = 0xff;
/// `--no-gil`: the entry keeps the value itself, good while the globals dict (and, for a
/// builtin, the builtins dict) has the versions the entry records. LoadGlobal then takes no
/// lock: no thread writes the dict's cache line to read a global. Every change to a dict
/// stamps a new version no other state of any dict has, so a matching version means the dict
/// still maps the name to that value.
const KEPT: u32 = 1 << 8;
/// With `KEPT`: the value is an immediate or an immortal object (as functions, classes and
/// modules are once threads run, `objects::deferred`), which no write can free, so it may be
/// used while another thread replaces it. Without this flag a kept value is used only while
/// the main thread is the only one (`runtime::multi_threaded`).
const KEPT_SHARED: u32 = 1 << 9;

/// Attribute entries: instances of the shape `shape` hold the name in slot `index` (LoadAttr:
/// and the class has no data descriptor for it; StoreAttr: and the class has neither a data
/// descriptor for it nor a Python `__setattr__`, so a store goes straight into the slot; with
/// `from` set, a store on an instance of shape `from` appends the slot and moves it to
/// `shape`).
const INSTANCE: u32 = 1;
/// LoadMethod: a plain function at `index` of the dict `depth` steps along the MRO. `from`
/// is the function's address (`kept_method`: any under the GIL; under `--no-gil` when it is
/// immortal, a method of a class defined at module level once threads run:
/// `objects::deferred`): while the class version holds, that is the function, and it is
/// returned without reading the class dict (no lock, no key compare).
const METHOD: u32 = 2;
/// LoadAttr: a plain class value (see `is_plain_class_value`) at `index` of the dict `depth`
/// steps along the MRO, for instances of the shape that lacks the name.
const CLASS_VALUE: u32 = 3;
/// An instance whose attributes are in a dict (its `__dict__` was asked for): the name at
/// position `index` of the dict (LoadAttr), or stored there (StoreAttr), re-checked each time.
const DICT_ATTR: u32 = 4;
/// LoadAttr and LoadMethod on a plain module (the entry's `class` is the module's address):
/// the global at position `index` of its dict, used while the key there is still the name.
/// A plain module's attribute is its dict's value (`Vm::get_attr_opt`; only `__dict__` is
/// not, and it is never cached), so no class version is involved.
const MODULE_GLOBAL: u32 = 6;
/// LoadMethod: a `staticmethod` at `index` of the dict `depth` steps along the MRO, for
/// instances of the shape that lacks the name (`self.helper(x)` of a static method): the
/// eval loop calls what it wraps with no receiver. `from` keeps the wrapped function as
/// METHOD's keeps the method (the staticmethod holding it is in the class dict while the
/// class version holds, and what it wraps never changes).
const STATIC: u32 = 5;

impl<R: Runtime> Vm<R> {
    /// LoadGlobal of `code.names[i]` in `globals`: a global, then a builtin.
    ///
    /// A global is cached by its position in the globals dict, and used while the key at
    /// that position is still the name (so rebinding it costs nothing). A builtin is cached by
    /// its position in the builtins dict (checked the same way) and the version of the
    /// globals dict in which the name was missing: any change to the globals misses.
    ///
    /// This is the cached read alone: the value when the entry still holds, else `None` (then
    /// `load_global_filling`, which also serves globals that are not a dict). The eval loop
    /// pushes a hit at once, so the value never passes through a `PyResult` in memory.
    ///
    /// # Safety
    /// `i` is the operand of a LoadGlobal of `code`: `Code::validate` checked that it names
    /// one of `code.names`, which has a cache entry each.
    #[inline(always)]
    pub(super) unsafe fn global_hit(
        &self,
        globals: &ObjRef<R>,
        code: &Code<R>,
        i: u32,
    ) -> Option<Value<R>> {
        let ObjKind::Dict(g) = globals.kind() else {
            return None;
        };
        debug_assert!((i as usize) < code.names.len());
        // SAFETY: as the function's contract says.
        let name = unsafe { &code.names.get_unchecked(i as usize).value };
        let entry = unsafe { code.caches.global_unchecked(i) };
        if R::FREE_THREADED && entry.kind & KEPT != 0 {
            if let Some(v) = kept_global(&entry, g, &self.interp.builtins) {
                return Some(v);
            }
        }
        match entry.kind & KIND_MASK {
            GLOBAL => {
                let map = g.lock::<R>();
                let v = value_at(&map, entry.index, name)?;
                if R::FREE_THREADED {
                    let version = g.version();
                    drop(map);
                    keep_global(code, i, entry, version, 0, &v);
                }
                Some(v)
            }
            BUILTIN if entry.globals_version == g.version() => {
                let ObjKind::Dict(b) = self.interp.builtins.kind() else {
                    return None;
                };
                let map = b.lock::<R>();
                let v = value_at(&map, entry.index, name)?;
                if R::FREE_THREADED {
                    let version = b.version();
                    drop(map);
                    keep_global(code, i, entry, entry.globals_version, version, &v);
                }
                Some(v)
            }
            _ => None,
        }
    }

    /// The general lookup of LoadGlobal (`global_hit` missed), which records where it found the name.
    /// Under `--race` nothing is recorded: the detector sees every lookup.
    #[inline(never)]
    pub(super) fn load_global_filling(
        &mut self,
        globals: &ObjRef<R>,
        code: &Code<R>,
        i: u32,
        ip: usize,
    ) -> PyResult<Value<R>, R> {
        let key = &code.names[i as usize];
        if self.race.on {
            self.race_access(ip, Target::Global(globals, key), false);
            return self.load_global(globals, key);
        }
        if let ObjKind::Dict(g) = globals.kind() {
            let map = g.lock::<R>();
            if let Some((index, k, v)) = map.get_full(key) {
                let v = v.clone();
                if same_key(&k.value, &key.value) {
                    let entry = GlobalEntry {
                        kind: GLOBAL,
                        index: index as u32,
                        ..GlobalEntry::default()
                    };
                    if R::FREE_THREADED {
                        let version = g.version();
                        drop(map);
                        keep_global(code, i, entry, version, 0, &v);
                    } else {
                        code.caches.set_global(i, entry);
                    }
                }
                return Ok(v);
            }
            let globals_version = g.version();
            drop(map);
            if let ObjKind::Dict(b) = self.interp.builtins.kind() {
                let map = b.lock::<R>();
                if let Some((index, k, v)) = map.get_full(key) {
                    let v = v.clone();
                    // Version 0 is "never changed": not unique, so not cached.
                    if same_key(&k.value, &key.value) && globals_version != 0 {
                        let entry = GlobalEntry {
                            kind: BUILTIN,
                            index: index as u32,
                            globals_version,
                            ..GlobalEntry::default()
                        };
                        if R::FREE_THREADED {
                            let version = b.version();
                            drop(map);
                            keep_global(code, i, entry, globals_version, version, &v);
                        } else {
                            code.caches.set_global(i, entry);
                        }
                    }
                    return Ok(v);
                }
            }
        }
        self.load_global(globals, key)
    }
}

impl<R: Runtime> Vm<R> {
    /// The version of every class dict together (`Interp::class_version`).
    #[inline(always)]
    fn class_version(&self) -> u64 {
        self.interp.class_version.load(Ordering::Acquire)
    }

    /// LoadAttr of `code.names[i]` on `obj`.
    ///
    /// # Safety
    /// As for [`Vm::load_attr_hit`]: `i` is an attribute instruction's name operand.
    #[inline(always)]
    pub(super) unsafe fn load_attr_cached(
        &mut self,
        obj: &Value<R>,
        code: &Code<R>,
        i: u32,
        ip: usize,
    ) -> PyResult<Value<R>, R> {
        // SAFETY: as this function's contract says.
        match unsafe { self.load_attr_hit(obj, code, i) } {
            Some(v) => Ok(v),
            None => self.load_attr_missed(obj, code, i, ip),
        }
    }

    /// LoadAttr's cached reads alone: the value when `obj` is an instance and the entry for
    /// its class still holds (a slot of its shape, a position in its dict, a plain value of
    /// its class), else `None` (then `load_attr_missed`). The eval loop pushes a hit at
    /// once, so the value never passes through a `PyResult` in memory.
    ///
    /// # Safety
    /// `i` is the name operand of an attribute instruction of `code` (LoadAttr, LoadMethod,
    /// StoreAttr, LoadFastAttr, LoadFastMethod): `Code::validate` checked that it has a cache
    /// entry.
    #[inline(always)]
    pub(super) unsafe fn load_attr_hit(
        &self,
        obj: &Value<R>,
        code: &Code<R>,
        i: u32,
    ) -> Option<Value<R>> {
        let Some(ObjKind::Instance(inst)) = obj.kind() else {
            return None;
        };
        // SAFETY: `i` is a validated attribute instruction's name (see the function's contract).
        let e = unsafe { code.caches.attr_unchecked(i, inst.class.addr()) };
        if e.class_version != self.class_version() {
            return None;
        }
        match e.kind {
            INSTANCE => inst.load_slot(e.shape, e.index as usize),
            DICT_ATTR => inst.dict_entry(e.index as usize, &code.names[i as usize].value),
            CLASS_VALUE if inst.shape_addr() == e.shape => {
                class_dict_entry(&inst.class, e.depth, e.index, &code.names[i as usize])
            }
            _ => None,
        }
    }

    /// LoadAttr when `load_attr_hit` found nothing: the lookup, which fills the entry for an
    /// instance.
    #[inline(never)]
    pub(super) fn load_attr_missed(
        &mut self,
        obj: &Value<R>,
        code: &Code<R>,
        i: u32,
        ip: usize,
    ) -> PyResult<Value<R>, R> {
        // A property's getter or `__getattr__` may ask where the frame is (`f_lineno`).
        self.call_site = (code as *const Code<R>, ip);
        match obj.kind() {
            Some(ObjKind::Instance(inst)) => self.load_attr_filling(obj, inst, code, i, ip),
            Some(ObjKind::Module(_)) => self.module_attr(obj, code, i, ip),
            _ => self.load_attr_general(obj, &code.names[i as usize], ip),
        }
    }

    /// The attribute LoadMethod (or LoadFastMethod) found no method for: `math.sqrt` is
    /// called as the function it is. A module's goes through its cache entry.
    #[inline(never)]
    pub(super) fn load_unbound_attr(
        &mut self,
        obj: &Value<R>,
        code: &Code<R>,
        i: u32,
        ip: usize,
    ) -> PyResult<Value<R>, R> {
        match obj.kind() {
            Some(ObjKind::Module(_)) => self.module_attr(obj, code, i, ip),
            _ => self.get_attr(obj, &code.names[i as usize]),
        }
    }

    /// `code.names[i]` of a module, as `get_attr` finds it. A plain module's global is read
    /// at the position in its dict that the `MODULE_GLOBAL` entry records, while the key
    /// there is still the name (so rebinding it costs nothing, and deleting or moving it
    /// misses); a miss looks the name up and records where it is. A module of a
    /// `ModuleType` subclass, `__dict__` and a missing name take the general lookup, as
    /// does every lookup under `--race`.
    #[inline(never)]
    fn module_attr(
        &mut self,
        obj: &Value<R>,
        code: &Code<R>,
        i: u32,
        ip: usize,
    ) -> PyResult<Value<R>, R> {
        let key = &code.names[i as usize];
        if let (Some(ObjKind::Module(m)), Value::Obj(o), false) = (obj.kind(), obj, self.race.on) {
            if let (None, ObjKind::Dict(d)) = (m.class.get(), m.dict.kind()) {
                let e = code.caches.attr(i, o.addr());
                let map = d.lock::<R>();
                if e.kind == MODULE_GLOBAL {
                    if let Some(v) = value_at(&map, e.index, &key.value) {
                        return Ok(v);
                    }
                }
                if let Some((index, k, v)) = map.get_full(key) {
                    if same_key(&k.value, &key.value) && key.value.as_str() != Some("__dict__") {
                        let v = v.clone();
                        drop(map);
                        code.caches.set_attr(
                            i,
                            AttrEntry {
                                class: o.addr(),
                                kind: MODULE_GLOBAL,
                                index: index as u32,
                                ..AttrEntry::default()
                            },
                        );
                        return Ok(v);
                    }
                }
            }
        }
        self.load_attr_general(obj, key, ip)
    }

    /// LoadAttr's slot read alone, for LoadFastAttr (the local read in place): the value
    /// when `obj` is an instance whose class, class version and shape the entry names, else
    /// `None` (then `load_attr_outlined`).
    ///
    /// # Safety
    /// As for [`Vm::load_attr_hit`]: `i` is an attribute instruction's name operand.
    #[inline(always)]
    pub(super) unsafe fn attr_hit(
        &self,
        obj: &Value<R>,
        code: &Code<R>,
        i: u32,
    ) -> Option<Value<R>> {
        let Some(ObjKind::Instance(inst)) = obj.kind() else {
            return None;
        };
        // SAFETY: `i` is a validated attribute instruction's name (see the function's contract).
        let e = unsafe { code.caches.attr_unchecked(i, inst.class.addr()) };
        if e.kind == INSTANCE && e.class_version == self.class_version() {
            return inst.load_slot(e.shape, e.index as usize);
        }
        None
    }

    /// [`Vm::load_attr_cached`] out of line: LoadFastAttr's cases other than `attr_hit`.
    ///
    /// # Safety
    /// As for [`Vm::load_attr_hit`]: `i` is an attribute instruction's name operand.
    #[inline(never)]
    pub(super) unsafe fn load_attr_outlined(
        &mut self,
        obj: Value<R>,
        code: &Code<R>,
        i: u32,
        ip: usize,
    ) -> PyResult<Value<R>, R> {
        // SAFETY: as this function's contract says.
        unsafe { self.load_attr_cached(&obj, code, i, ip) }
    }

    /// LoadMethod's kept method alone, for LoadFastMethod: the function when `obj` is an
    /// instance of the class, class version and shape (not a dict) the entry names and the
    /// entry keeps the function's address (see `kept_method`), else `None`. With it, whether
    /// `obj` is an exact list, set or dict (whose methods are natives).
    ///
    /// # Safety
    /// As for [`Vm::load_attr_hit`]: `i` is an attribute instruction's name operand.
    #[inline(always)]
    pub(super) unsafe fn method_hit(
        &self,
        obj: &Value<R>,
        code: &Code<R>,
        i: u32,
    ) -> Option<(Value<R>, bool)> {
        let inst = match obj.kind() {
            Some(ObjKind::Instance(inst)) => inst,
            // `items.append`, `seen.add`, `d.get`: a method of an exact list, set or dict
            // (their classes' dicts hold only natives), kept by the entry that
            // `load_method_cached` filled for the class.
            Some(ObjKind::List(_)) => {
                return unsafe { self.builtin_method_hit(&self.types().list, code, i) }
                    .map(|f| (f, true))
            }
            Some(ObjKind::Set(_)) => {
                return unsafe { self.builtin_method_hit(&self.types().set, code, i) }
                    .map(|f| (f, true))
            }
            Some(ObjKind::Dict(_)) => {
                return unsafe { self.builtin_method_hit(&self.types().dict, code, i) }
                    .map(|f| (f, true))
            }
            _ => return None,
        };
        // SAFETY: `i` is a validated attribute instruction's name (see the function's contract).
        let e = unsafe { code.caches.attr_unchecked(i, inst.class.addr()) };
        if e.kind == METHOD
            && e.from != 0
            && e.shape != 0
            && e.class_version == self.class_version()
            && inst.shape_addr() == e.shape
        {
            // SAFETY: see `kept_method`.
            return Some((unsafe { decode_value([4, e.from as u64]) }, false));
        }
        None
    }

    /// The method kept for a value of the built-in `class` (see `method_hit`).
    ///
    /// # Safety
    /// As for [`Vm::load_attr_hit`]: `i` is an attribute instruction's name operand.
    #[inline(always)]
    unsafe fn builtin_method_hit(
        &self,
        class: &ObjRef<R>,
        code: &Code<R>,
        i: u32,
    ) -> Option<Value<R>> {
        // SAFETY: as above.
        let e = unsafe { code.caches.attr_unchecked(i, class.addr()) };
        if e.kind == METHOD && e.from != 0 && e.class_version == self.class_version() {
            // SAFETY: as for instances in `load_method_cached`.
            return Some(unsafe { decode_value([4, e.from as u64]) });
        }
        None
    }

    /// [`Vm::load_method_cached`] out of line: LoadFastMethod's cases other than
    /// `method_hit`.
    ///
    /// # Safety
    /// As for [`Vm::load_attr_hit`]: `i` is an attribute instruction's name operand.
    #[inline(never)]
    pub(super) unsafe fn load_method_outlined(
        &mut self,
        obj: &Value<R>,
        code: &Code<R>,
        i: u32,
        ip: usize,
    ) -> PyResult<Option<Value<R>>, R> {
        // SAFETY: as this function's contract says.
        unsafe { self.load_method_cached(obj, code, i, ip) }
    }

    /// LoadAttr without a cache (not an instance).
    #[inline]
    fn load_attr_general(
        &mut self,
        obj: &Value<R>,
        key: &DictKey<R>,
        ip: usize,
    ) -> PyResult<Value<R>, R> {
        if self.race.on {
            self.race_access(ip, Target::Attr(obj, key), false);
        }
        self.get_attr(obj, key)
    }

    #[inline(never)]
    fn load_attr_filling(
        &mut self,
        obj: &Value<R>,
        inst: &InstanceObj<R>,
        code: &Code<R>,
        i: u32,
        ip: usize,
    ) -> PyResult<Value<R>, R> {
        let key = &code.names[i as usize];
        if self.race.on {
            self.race_access(ip, Target::Attr(obj, key), false);
            return self.get_attr(obj, key);
        }
        let version = self.class_version();
        let v = self.get_attr(obj, key)?;
        // The lookup may have run Python code (a property, `__getattr__`) that changed a
        // class: then nothing is recorded.
        if self.class_version() == version {
            let class = inst.class.clone();
            let descriptor = self.lookup_type(&class, key);
            // A data descriptor or a `__getattribute__` of the class decides what the
            // attribute is, whatever the instance holds: such lookups stay uncached.
            let is_data = match &descriptor {
                Some(d) => {
                    matches!(d.kind(), Some(ObjKind::Property { .. })) || self.is_data_descriptor(d)
                }
                None => false,
            };
            if !is_data && !self.has_custom_getattribute(obj) {
                let entry = match inst.slot_of(key) {
                    Some((shape, index, _)) => {
                        Some(attr_entry(&class, version, INSTANCE, index, 0, shape))
                    }
                    // An instance with a dict: the position in it.
                    None if inst.shape_info().is_none() => inst
                        .dict_index_of(key)
                        .map(|index| attr_entry(&class, version, DICT_ATTR, index, 0, 0)),
                    // Not the instance's own: a plain value of the class (no `__get__`), read
                    // from its class dict while the instance keeps a shape without the name.
                    None => match (inst.shape_info(), &descriptor) {
                        (Some((shape, _)), Some(d)) if is_plain_class_value(d) => {
                            find_along_mro(&class, key).map(|(depth, index)| {
                                attr_entry(&class, version, CLASS_VALUE, index, depth, shape)
                            })
                        }
                        _ => None,
                    },
                };
                if let Some(e) = entry {
                    code.caches.set_attr(i, e);
                }
            }
        }
        Ok(v)
    }

    /// LoadMethod of `code.names[i]` on `obj`: the plain function to call with `obj` as its
    /// first argument, or `None` (then the eval loop loads the attribute).
    ///
    /// # Safety
    /// As for [`Vm::load_attr_hit`]: `i` is an attribute instruction's name operand.
    #[inline(always)]
    pub(super) unsafe fn load_method_cached(
        &mut self,
        obj: &Value<R>,
        code: &Code<R>,
        i: u32,
        ip: usize,
    ) -> PyResult<Option<Value<R>>, R> {
        if let Some(ObjKind::Instance(inst)) = obj.kind() {
            // SAFETY: `i` is a validated attribute instruction's name (see the function's contract).
            let e = unsafe { code.caches.attr_unchecked(i, inst.class.addr()) };
            // The shape says the instance has no attribute of that name shadowing the
            // method.
            if e.kind == METHOD
                && e.class_version == self.class_version()
                && inst.shape_addr() == e.shape
                && (e.shape != 0 || !inst.contains(&code.names[i as usize]))
            {
                if e.from != 0 {
                    // SAFETY: the function the class dict held at this class version (see
                    // `METHOD`): immortal, or, under the GIL, still held by that dict.
                    return Ok(Some(unsafe { decode_value([4, e.from as u64]) }));
                }
                let key = &code.names[i as usize];
                if let Some(f) = class_dict_entry(&inst.class, e.depth, e.index, key) {
                    return Ok(Some(f));
                }
            }
            return self.load_method_filling(obj, inst, code, i, ip);
        }
        if has_no_own_attrs(obj) {
            // A value of a built-in type: its methods come from its class alone.
            let key = &code.names[i as usize];
            let class = self.types().class_of(obj);
            // SAFETY: as above.
            let e = unsafe { code.caches.attr_unchecked(i, class.addr()) };
            if e.kind == METHOD && e.class_version == self.class_version() {
                if e.from != 0 {
                    // SAFETY: as for instances above.
                    return Ok(Some(unsafe { decode_value([4, e.from as u64]) }));
                }
                if let Some(f) = class_dict_entry(class, e.depth, e.index, key) {
                    return Ok(Some(f));
                }
            }
            let class = class.clone();
            let version = self.class_version();
            let found = self.load_method(obj, key)?;
            if found.is_some() && self.class_version() == version {
                if let Some((depth, index)) = find_along_mro(&class, key) {
                    let mut e = attr_entry(&class, version, METHOD, index, depth, 0);
                    e.from = kept_method(found.as_ref());
                    code.caches.set_attr(i, e);
                }
            }
            return Ok(found);
        }
        if let Some(ObjKind::Module(_)) = obj.kind() {
            // A module's attributes are never methods (`Vm::load_method`): the eval loop
            // loads it with `load_unbound_attr`.
            return Ok(None);
        }
        self.load_method_general(obj, &code.names[i as usize], ip)
    }

    /// LoadMethod without a cache (not an instance or a built-in value).
    #[inline(never)]
    fn load_method_general(
        &mut self,
        obj: &Value<R>,
        key: &DictKey<R>,
        ip: usize,
    ) -> PyResult<Option<Value<R>>, R> {
        let found = self.load_method(obj, key)?;
        if found.is_none() && self.race.on {
            self.race_access(ip, Target::Attr(obj, key), false);
        }
        Ok(found)
    }

    #[inline(never)]
    fn load_method_filling(
        &mut self,
        obj: &Value<R>,
        inst: &InstanceObj<R>,
        code: &Code<R>,
        i: u32,
        ip: usize,
    ) -> PyResult<Option<Value<R>>, R> {
        let key = &code.names[i as usize];
        // A static method (the inlined fast path knows only METHOD entries): no method to
        // bind, and what it wraps is left for the attribute load that follows.
        // SAFETY: `i` is a validated attribute instruction's name (see the caller's contract).
        let e = unsafe { code.caches.attr_unchecked(i, inst.class.addr()) };
        if e.kind == STATIC
            && e.class_version == self.class_version()
            && inst.shape_addr() == e.shape
            && e.shape != 0
        {
            let wrapped = if e.from != 0 {
                // SAFETY: as for METHOD entries (see `kept_method`).
                Some(unsafe { decode_value([4, e.from as u64]) })
            } else {
                class_dict_entry(&inst.class, e.depth, e.index, key).and_then(|found| {
                    match found.kind() {
                        Some(ObjKind::StaticMethod(f)) => Some(f.clone()),
                        _ => None,
                    }
                })
            };
            if let (Some(f), Value::Obj(o)) = (wrapped, obj) {
                self.static_handoff = Some((o.addr(), key as *const DictKey<R>, f));
                return Ok(None);
            }
        }
        if self.race.on {
            // A method from the class is not shared state; anything else was read from the
            // instance (or its `__getattr__`).
            let found = self.load_method(obj, key)?;
            if found.is_none() {
                self.race_access(ip, Target::Attr(obj, key), false);
            }
            return Ok(found);
        }
        let version = self.class_version();
        let found = self.load_method(obj, key)?;
        if found.is_some() && self.class_version() == version {
            // `load_method` found no instance attribute of that name: the shape lacks it (or,
            // shape 0, the instance has a dict, which the fast path re-checks).
            let shape = inst.shape_info().map_or(0, |(shape, _)| shape);
            if let Some((depth, index)) = find_along_mro(&inst.class, key) {
                let mut e = attr_entry(&inst.class, version, METHOD, index, depth, shape);
                e.from = kept_method(found.as_ref());
                code.caches.set_attr(i, e);
            }
        } else if found.is_none() && self.class_version() == version {
            self.note_static_method(obj, inst, code, i, version);
        }
        Ok(found)
    }

    /// Records a STATIC entry when `code.names[i]` on this instance is its class's
    /// `staticmethod` (no custom `__getattribute__`, a shape without the name).
    fn note_static_method(
        &mut self,
        obj: &Value<R>,
        inst: &InstanceObj<R>,
        code: &Code<R>,
        i: u32,
        version: u64,
    ) {
        let key = &code.names[i as usize];
        let Some((shape, _)) = inst.shape_info() else {
            return;
        };
        if inst.slot_of(key).is_some() {
            return;
        }
        if self.has_custom_getattribute(obj) {
            return;
        }
        let class = inst.class.clone();
        let Some(found) = self.lookup_type(&class, key) else {
            return;
        };
        if let (Some(ObjKind::StaticMethod(f)), Some((depth, index))) =
            (found.kind(), find_along_mro(&class, key))
        {
            let mut e = attr_entry(&class, version, STATIC, index, depth, shape);
            e.from = kept_method(Some(f));
            code.caches.set_attr(i, e);
        }
    }

    /// StoreAttr of `code.names[i]` on `obj`.
    ///
    /// # Safety
    /// As for [`Vm::load_attr_hit`]: `i` is an attribute instruction's name operand.
    #[inline(always)]
    pub(super) unsafe fn store_attr_cached(
        &mut self,
        obj: &Value<R>,
        code: &Code<R>,
        i: u32,
        value: Value<R>,
        ip: usize,
    ) -> PyResult<(), R> {
        let key = &code.names[i as usize];
        if let Some(ObjKind::Instance(inst)) = obj.kind() {
            // SAFETY: `i` is a validated StoreAttr's name (see the function's contract).
            let e = unsafe { code.caches.store_unchecked(i, inst.class.addr()) };
            let value = if e.class_version != self.class_version() {
                value
            } else if e.kind == INSTANCE {
                // SAFETY: the entry was learned from this class (same address, and the
                // class version has not moved since, so it is the same class), whose
                // tree holds both shapes.
                match unsafe { inst.store_slot(e.shape, e.from, e.index as usize, value) } {
                    SlotStore::Done(old) => {
                        drop(old);
                        return Ok(());
                    }
                    SlotStore::Miss(value) => value,
                }
            } else if e.kind == DICT_ATTR {
                match inst.store_in_dict(e.index as usize, key, value) {
                    SlotStore::Done(old) => {
                        drop(old);
                        return Ok(());
                    }
                    SlotStore::Miss(value) => value,
                }
            } else {
                value
            };
            return self.store_attr_filling(obj, inst, code, i, value, ip);
        }
        self.store_attr_general(obj, key, value, ip)
    }

    /// StoreAttr without a cache (not an instance).
    #[inline(never)]
    fn store_attr_general(
        &mut self,
        obj: &Value<R>,
        key: &DictKey<R>,
        value: Value<R>,
        ip: usize,
    ) -> PyResult<(), R> {
        if self.race.on {
            self.race_access(ip, Target::Attr(obj, key), true);
        }
        self.set_attr(obj, key, value)
    }

    #[inline(never)]
    fn store_attr_filling(
        &mut self,
        obj: &Value<R>,
        inst: &InstanceObj<R>,
        code: &Code<R>,
        i: u32,
        value: Value<R>,
        ip: usize,
    ) -> PyResult<(), R> {
        let key = &code.names[i as usize];
        if self.race.on {
            self.race_access(ip, Target::Attr(obj, key), true);
            return self.set_attr(obj, key, value);
        }
        let version = self.class_version();
        let before = inst.shape_info();
        self.set_attr(obj, key, value)?;
        if self.class_version() != version {
            return Ok(());
        }
        let class = inst.class.clone();
        let descriptor = self.lookup_type(&class, key);
        let setattr_key = self.static_key("__setattr__");
        let setattr = self.lookup_type(&class, &setattr_key);
        let is_data = match &descriptor {
            Some(d) => {
                matches!(d.kind(), Some(ObjKind::Property { .. })) || self.is_data_descriptor(d)
            }
            None => false,
        };
        let plain = !is_data
            && !matches!(
                setattr.as_ref().and_then(|d| d.kind()),
                Some(ObjKind::Function(_))
            );
        if !plain {
            return Ok(());
        }
        if inst.shape_info().is_none() {
            // An instance with a dict: the position the name took in it.
            if let Some(index) = inst.dict_index_of(key) {
                let e = attr_entry(&class, version, DICT_ATTR, index, 0, 0);
                code.caches.set_store(i, e);
            }
            return Ok(());
        }
        let (Some((before, before_len)), Some((after, index, after_len))) =
            (before, inst.slot_of(key))
        else {
            return Ok(());
        };
        let mut e = attr_entry(&class, version, INSTANCE, index, 0, after);
        if before != after {
            // Only a store that added exactly this name teaches a transition (a `__del__`
            // run by the store could have changed the instance further).
            if after_len != before_len + 1 || index != before_len {
                return Ok(());
            }
            e.from = before;
        }
        code.caches.set_store(i, e);
        Ok(())
    }
}

/// A class attribute read through an instance that is returned as it is: no `__get__`
/// can apply to it (functions, properties, class and static methods, and instances,
/// which may define `__get__`, are left to the general lookup).
fn is_plain_class_value<R: Runtime>(v: &Value<R>) -> bool {
    match v.kind() {
        None => true,
        Some(k) => {
            matches!(
                k,
                ObjKind::Str(_)
                    | ObjKind::BigInt(_)
                    | ObjKind::Tuple(_)
                    | ObjKind::FrozenSet(_)
                    | ObjKind::Bytes(_)
                    | ObjKind::List(_)
                    | ObjKind::Dict(_)
                    | ObjKind::Set(_)
                    | ObjKind::Range { .. }
            ) || matches!(k, ObjKind::Class(c) if c.metaclass.is_none())
        }
    }
}

/// True for values whose attributes all come from their class (no instance dict): the
/// built-in types' values. Modules, classes, `super()` objects, instances and exceptions
/// have attributes of their own.
fn has_no_own_attrs<R: Runtime>(obj: &Value<R>) -> bool {
    !matches!(
        obj.kind(),
        Some(
            ObjKind::Module(_)
                | ObjKind::Class(_)
                | ObjKind::Super { .. }
                | ObjKind::Instance(_)
                | ObjKind::Exception(_)
        )
    )
}

fn attr_entry<R: Runtime>(
    class: &ObjRef<R>,
    class_version: u64,
    kind: u32,
    index: usize,
    depth: usize,
    shape: usize,
) -> AttrEntry {
    AttrEntry {
        class: class.addr(),
        class_version,
        kind,
        index: index as u32,
        depth: depth as u32,
        shape,
        from: 0,
    }
}

/// The value a `KEPT` global entry holds, if the dicts still have the entry's versions.
#[inline(always)]
fn kept_global<R: Runtime>(
    e: &GlobalEntry,
    globals: &ObjCell<DictMap<R>>,
    builtins: &ObjRef<R>,
) -> Option<Value<R>> {
    if e.kind & KEPT_SHARED == 0 && multi_threaded() {
        return None;
    }
    if e.globals_version != globals.version() {
        return None;
    }
    if e.kind & KIND_MASK == BUILTIN {
        let ObjKind::Dict(b) = builtins.kind() else {
            return None;
        };
        if e.builtins_version != b.version() {
            return None;
        }
    }
    // SAFETY: the value was the dict's at these versions, and is alive: an immediate or an
    // immortal object (`KEPT_SHARED`), or, with the main thread the only one, still held by
    // the dict, which has not changed since.
    Some(unsafe { decode_value(e.value) })
}

/// Records `v`, read from the globals (builtins: `builtins_version` 0 for a global) at these
/// versions, as the value of `entry` (`--no-gil`). A value that threads cannot share (not
/// immediate, not immortal) is not kept once they run: its entry stays as it was.
#[inline(never)]
fn keep_global<R: Runtime>(
    code: &Code<R>,
    i: u32,
    mut entry: GlobalEntry,
    globals_version: u64,
    builtins_version: u64,
    v: &Value<R>,
) {
    let shared = match v {
        Value::Obj(o) => o.is_immortal(),
        _ => true,
    };
    if globals_version == 0 {
        return;
    }
    entry.kind &= KIND_MASK;
    if shared {
        entry.kind |= KEPT | KEPT_SHARED;
    } else if !multi_threaded() {
        entry.kind |= KEPT;
    }
    entry.globals_version = globals_version;
    if entry.kind & KIND_MASK == BUILTIN {
        entry.builtins_version = builtins_version;
    }
    entry.value = encode_value(v);
    code.caches.set_global(i, entry);
}

/// The address a METHOD entry keeps for the method `f` found in a class dict (0: none; the
/// fast path then reads the dict at the entry's position).
///
/// Under the GIL, any method: the entry is used only while `class_version` is the one the
/// lookup saw, and every change to a class dict (a store, a deletion, a new class where a
/// freed one was) moves it, so while it holds, the dict still holds `f` and `f` is alive
/// (the receiver keeps its class alive, the class its MRO and dicts). No other thread runs
/// between the version check and the new reference (a switch point lies between them only
/// under `--no-gil`). Under `--no-gil` another thread may replace the entry and free `f`
/// meanwhile, so only an immortal Python function is kept.
fn kept_method<R: Runtime>(f: Option<&Value<R>>) -> usize {
    match f {
        Some(Value::Obj(o)) if !R::FREE_THREADED => o.addr(),
        Some(Value::Obj(o)) if matches!(o.kind(), ObjKind::Function(_)) && o.is_immortal() => {
            o.addr()
        }
        _ => 0,
    }
}

/// A value as two words: a tag and a payload (an object by its address, uncounted).
fn encode_value<R: Runtime>(v: &Value<R>) -> [u64; 2] {
    match v {
        Value::None => [0, 0],
        Value::Bool(b) => [1, *b as u64],
        Value::Int(i) => [2, *i as u64],
        Value::Float(f) => [3, f.to_bits()],
        Value::Obj(o) => [4, o.addr() as u64],
    }
}

/// The value `encode_value` made, with a new reference.
///
/// # Safety
/// An object it names is alive.
#[inline(always)]
unsafe fn decode_value<R: Runtime>(w: [u64; 2]) -> Value<R> {
    match w[0] {
        0 => Value::None,
        1 => Value::Bool(w[1] != 0),
        2 => Value::Int(w[1] as i64),
        3 => Value::Float(f64::from_bits(w[1])),
        _ => Value::Obj(ObjRef::from_addr_incref(w[1] as usize)),
    }
}

/// The value at position `index` of a dict, while the key there is still `name`: the hit
/// of an entry that records where a name was found (a global, a builtin, a module's
/// attribute), so that rebinding the name costs nothing and deleting or moving it misses.
#[inline(always)]
fn value_at<R: Runtime>(map: &DictMap<R>, index: u32, name: &Value<R>) -> Option<Value<R>> {
    let (k, v) = map.get_index(index as usize)?;
    same_key(&k.value, name).then(|| v.clone())
}

/// True when the dict key `k` is the name `name`: the same object (the usual case: names are
/// interned), or an exact `str` with the same text. Never runs Python code.
#[inline(always)]
fn same_key<R: Runtime>(k: &Value<R>, name: &Value<R>) -> bool {
    // The identity of two objects first: one comparison, where `is` dispatches on the kind.
    if let (Value::Obj(a), Value::Obj(b)) = (k, name) {
        if a.ptr_eq(b) {
            return true;
        }
    }
    k.is(name)
        || matches!((k.kind(), name.kind()), (Some(ObjKind::Str(a)), Some(ObjKind::Str(b))) if a.as_str() == b.as_str())
}

/// The first dict along `class`'s MRO that holds `key`: how far along, and where in it.
pub(super) fn find_along_mro<R: Runtime>(
    class: &ObjRef<R>,
    key: &DictKey<R>,
) -> Option<(usize, usize)> {
    let ObjKind::Class(c) = class.kind() else {
        return None;
    };
    for (depth, holder) in std::iter::once(class).chain(c.mro.iter()).enumerate() {
        let ObjKind::Class(h) = holder.kind() else {
            continue;
        };
        if let Some((index, k, _)) = h.dict.lock::<R>().get_full(key) {
            return same_key(&k.value, &key.value).then_some((depth, index));
        }
    }
    None
}

/// The value at `index` of the dict `depth` steps along `class`'s MRO, if its key is `key`.
pub(super) fn class_dict_entry<R: Runtime>(
    class: &ObjRef<R>,
    depth: u32,
    index: u32,
    key: &DictKey<R>,
) -> Option<Value<R>> {
    let ObjKind::Class(c) = class.kind() else {
        return None;
    };
    let holder = match depth {
        0 => class,
        d => c.mro.get(d as usize - 1)?,
    };
    let ObjKind::Class(h) = holder.kind() else {
        return None;
    };
    let d = h.dict.lock::<R>();
    let (k, v) = d.get_index(index as usize)?;
    same_key(&k.value, &key.value).then(|| v.clone())
}

/// The last class call whose `__init__` ran as a frame of the eval loop: the class, the
/// class version then, and where `__init__` was along the MRO.
pub(super) struct InitEntry<R: Runtime> {
    pub class: usize,
    pub version: u64,
    pub depth: u32,
    pub index: u32,
    pub key: DictKey<R>,
    /// The address of `__init__` as `kept_method` keeps it (any under the GIL, an immortal
    /// one under `--no-gil`), else 0.
    pub init: usize,
}

impl<R: Runtime> InitEntry<R> {
    /// The `__init__` the entry keeps, read without the class dict; the caller has checked
    /// the entry's class version (see `kept_method`).
    #[inline(always)]
    pub fn kept_init(&self) -> Option<Value<R>> {
        // SAFETY: immortal, or held by the class dict at this class version (`kept_method`).
        (self.init != 0).then(|| unsafe { decode_value([4, self.init as u64]) })
    }

    /// What `init` to record for the function `f`.
    pub fn init_of(f: &Value<R>) -> usize {
        kept_method(Some(f))
    }
}
