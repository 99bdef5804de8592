//! Values and heap objects, the bottom floor: the counted pointer [`ObjRef`], the object kinds,
//! one file per object type with its layout and the operations that need no interpreter
//! (hashing, formatting, set tables). It imports nothing above it: the VM is named only as the
//! types a runtime's [`Host`] fills in. The Python-visible methods of the types are in
//! `builtins`.

pub mod deferred;
mod drop_queue;
pub mod format;
mod free_list;
pub mod gc;
pub mod gc_list;
pub mod gc_world;
pub mod hash;
pub mod racy;
pub mod runtime;
pub mod traverse;
pub mod value;
pub mod weak;

pub mod alloc;
pub mod buffer;
pub mod class;
mod class_dict;
pub mod complex;
pub mod dict;
pub mod exception;
pub mod function;
pub mod instance;
pub mod int;
pub mod iter;
pub mod module;
pub mod native;

pub mod set;
pub mod set_table;
pub mod shape;
pub mod str;
pub mod switch_budget;

use std::marker::PhantomData;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};

pub use drop_queue::set_free_hook;
pub use racy::RacyNoGil;
pub use runtime::{CellData, CellGuard, Gil, Host, NoGil, ObjCell, Runtime};
pub use value::Value;

pub use class::ClassObj;
pub use dict::{DictKey, DictMap};
pub use exception::{ExcState, ExceptionObj};
pub use function::{Args, BuiltinFn, FuncAttrs, FunctionObj, HotName, NativeFn};
pub use instance::InstanceObj;
pub use iter::{GenFlavor, GeneratorObj, IterState};
pub use module::ModuleObj;
pub use native::NativeObj;
pub use set::SetData;
pub use str::StrObj;

/// What every heap object starts with: its reference count and the cycle collector's word
/// (see `gc`). Both runtimes' objects begin with it, so the collector reaches it by address.
#[repr(C)]
pub struct Head {
    count: AtomicUsize,
    /// The object's index in the collector's table of the generation it collects, during
    /// and after the collection that last looked at it (see `gc::find_garbage`).
    slot: AtomicU32,
    /// `gc::TRACKED`, the generation and the other `gc` flags.
    flags: AtomicU32,
}

/// A heap object: its header and what it is.
#[repr(C)]
pub struct Obj<R: Runtime> {
    head: Head,
    /// Zero-sized except in the racy runtime (`Runtime::Shadow`).
    shadow: R::Shadow,
    pub kind: ObjKind<R>,
}

/// Every kind of heap object. One variant per Python type family; the type's methods live in
/// the file of the same name in `builtins`.
pub enum ObjKind<R: Runtime> {
    Str(StrObj),
    BigInt(num_bigint::BigInt),
    Complex(complex::Complex),
    Bytes(Box<[u8]>),
    /// A mutable sequence of bytes (`bytearray`).
    ByteArray(ObjCell<Vec<u8>>),
    Tuple(Box<[Value<R>]>),
    List(ObjCell<Vec<Value<R>>>),
    Dict(ObjCell<DictMap<R>>),
    Set(ObjCell<SetData<R>>),
    FrozenSet(SetData<R>),
    /// `range(start, stop, step)` with 64-bit bounds.
    Range {
        start: i64,
        stop: i64,
        step: i64,
    },
    /// `slice(start, stop, step)`.
    Slice(Box<[Value<R>; 3]>),
    Function(Box<FunctionObj<R>>),
    Builtin(Box<BuiltinFn<R>>),
    /// A function bound to an object: `obj.method`.
    BoundMethod {
        func: Value<R>,
        receiver: Value<R>,
    },
    Class(Box<ClassObj<R>>),
    Instance(InstanceObj<R>),
    Exception(Box<ExceptionObj<R>>),
    Module(Box<ModuleObj<R>>),
    /// A closure cell: a variable shared between a function and the functions nested in it.
    Cell(ObjCell<Option<Value<R>>>),
    Iter(ObjCell<IterState<R>>),
    Generator(Box<GeneratorObj<R>>),
    Property {
        fget: Value<R>,
        fset: Value<R>,
        fdel: Value<R>,
        doc: Value<R>,
    },
    StaticMethod(Value<R>),
    ClassMethod(Value<R>),
    /// `super()` bound to the class it was called in and the receiver.
    Super {
        class: Value<R>,
        receiver: Value<R>,
    },
    /// `NotImplemented` and `Ellipsis`.
    Singleton(&'static str),
    /// An object of a native stdlib type (locks, threads, queues...).
    Native(NativeObj<R>),
    /// A compiled code object (a constant of the code that defines the function).
    Code(std::sync::Arc<<R as Host>::Code>),
    /// `d.keys()`, `d.values()`, `d.items()`: live views of a dict.
    DictView {
        dict: Value<R>,
        view: iter::ViewKind,
    },
}

impl<R: Runtime> ObjKind<R> {
    /// The Python type name for kinds whose type is fixed (instances answer through their
    /// class; see `Vm::type_name`).
    pub fn type_name(&self) -> &str {
        match self {
            ObjKind::Str(_) => "str",
            ObjKind::BigInt(_) => "int",
            ObjKind::Complex(_) => "complex",
            ObjKind::Bytes(_) => "bytes",
            ObjKind::ByteArray(_) => "bytearray",
            ObjKind::Tuple(_) => "tuple",
            ObjKind::List(_) => "list",
            ObjKind::Dict(_) => "dict",
            ObjKind::Set(_) => "set",
            ObjKind::FrozenSet(_) => "frozenset",
            ObjKind::Range { .. } => "range",
            ObjKind::Slice(_) => "slice",
            ObjKind::Function(_) => "function",
            ObjKind::Builtin(_) => "builtin_function_or_method",
            ObjKind::BoundMethod { .. } => "method",
            ObjKind::Class(_) => "type",
            ObjKind::Instance(i) => i.class_name(),
            ObjKind::Exception(e) => e.class_name(),
            ObjKind::Module(_) => "module",
            ObjKind::Cell(_) => "cell",
            ObjKind::Iter(it) => it.lock::<R>().type_name(),
            ObjKind::Generator(g) => g.flavor.type_name(),
            ObjKind::Property { .. } => "property",
            ObjKind::StaticMethod(_) => "staticmethod",
            ObjKind::ClassMethod(_) => "classmethod",
            ObjKind::Super { .. } => "super",
            ObjKind::Singleton("NotImplemented") => "NotImplementedType",
            ObjKind::Singleton(_) => "ellipsis",
            ObjKind::Native(n) => n.class_name(),
            ObjKind::Code(_) => "code",
            ObjKind::DictView { view, .. } => match view {
                iter::ViewKind::Keys => "dict_keys",
                iter::ViewKind::Values => "dict_values",
                iter::ViewKind::Items => "dict_items",
            },
        }
    }
}

/// A counted reference to a heap object. `Clone` adds a reference, `Drop` removes one and
/// frees the object when it was the last.
pub struct ObjRef<R: Runtime> {
    ptr: NonNull<Obj<R>>,
    _runtime: PhantomData<R>,
}

// SAFETY: an ObjRef is shared between threads only in ways its runtime makes sound: under the
// GIL every count update and every object access happens while the GIL is held; under NoGil
// counts are atomic and mutable contents sit behind per-object locks (`ObjCell`).
unsafe impl<R: Runtime> Send for ObjRef<R> {}
unsafe impl<R: Runtime> Sync for ObjRef<R> {}

impl<R: Runtime> ObjRef<R> {
    /// Allocates a new object with one reference (the returned one).
    pub fn new(kind: ObjKind<R>) -> Self {
        let container = kind.is_container() && gc::tracking();
        let mut flags = if container {
            gc::TRACKED | gc::LINKED
        } else {
            0
        };
        match &kind {
            ObjKind::Class(c) if class_has_del(c) => flags |= gc::HAS_DEL,
            // The end of the program finalizes what is left once an object with `__del__`
            // exists: noted at the first instance, not at its class (a library module may
            // define one that the program never uses).
            ObjKind::Instance(i) if i.class.gc_flags() & gc::HAS_DEL != 0 => gc::note_finalizers(),
            ObjKind::Exception(e) if e.class.gc_flags() & gc::HAS_DEL != 0 => gc::note_finalizers(),
            // (The VM notes the generators the end of the program must see to:
            // `gc::note_generator`.)
            ObjKind::Generator(_) => flags |= gc::CLOSES,
            _ => {}
        }
        let head = Head {
            count: AtomicUsize::new(1),
            slot: AtomicU32::new(0),
            flags: AtomicU32::new(flags),
        };
        // The object is written straight into its allocation: built first and then boxed,
        // it would be copied twice (a hundred bytes each time, on every allocation).
        let ptr = if container {
            // The collector's links go in front of the object (`gc_list`).
            const { assert!(std::mem::align_of::<Obj<R>>() <= gc_list::LINKS) };
            let whole = free_list::alloc::<gc_list::Linked<Obj<R>>>();
            // SAFETY: `whole` is unused memory for a `Linked<Obj<R>>`; both fields are
            // written before anything reads them, and its `obj` field is at `LINKS`.
            let ptr = unsafe {
                std::ptr::addr_of_mut!((*whole).links).write(gc_list::Links::new());
                let obj = std::ptr::addr_of_mut!((*whole).obj);
                obj.write(Obj {
                    head,
                    shadow: R::new_shadow(),
                    kind,
                });
                NonNull::new_unchecked(obj)
            };
            gc::track::<R>(ptr.as_ptr() as usize);
            ptr
        } else {
            let obj = free_list::alloc::<Obj<R>>();
            // SAFETY: unused memory for an `Obj<R>`, written whole before use.
            unsafe {
                obj.write(Obj {
                    head,
                    shadow: R::new_shadow(),
                    kind,
                });
                NonNull::new_unchecked(obj)
            }
        };
        let obj = ObjRef {
            ptr,
            _runtime: PhantomData,
        };
        deferred::on_new(&obj);
        obj
    }

    #[inline(always)]
    fn head(&self) -> &Head {
        // SAFETY: the object lives while this reference does.
        unsafe { &self.ptr.as_ref().head }
    }

    /// The collector's flags of this object (`gc::TRACKED`, ...).
    #[inline(always)]
    pub fn gc_flags(&self) -> u32 {
        self.head().flags.load(Ordering::Relaxed)
    }

    /// Sets collector flags on this object (`gc::HAS_DEL` on a class that gains `__del__`).
    pub fn set_gc_flags(&self, bits: u32) {
        gc::set_flags::<R>(&self.head().flags, bits);
    }

    /// True if the cycle collector tracks this object.
    #[inline(always)]
    pub fn is_tracked(&self) -> bool {
        self.gc_flags() & gc::TRACKED != 0
    }

    /// A new counted reference to the live object at `addr`.
    ///
    /// # Safety
    /// `addr` is the address of a live `Obj<R>` whose count is above 0.
    pub(crate) unsafe fn from_addr_incref(addr: usize) -> Self {
        let r = ObjRef {
            ptr: NonNull::new_unchecked(addr as *mut Obj<R>),
            _runtime: PhantomData,
        };
        r.incref();
        r
    }

    /// A new counted reference to the object at `addr` unless its count already reached 0
    /// (it is being freed).
    ///
    /// # Safety
    /// `addr` is the address of an `Obj<R>` whose memory stays allocated during the call.
    pub(crate) unsafe fn try_from_addr_incref(addr: usize) -> Option<Self> {
        let obj = &*(addr as *const Obj<R>);
        let count = &obj.head.count;
        if R::FREE_THREADED {
            count
                .fetch_update(Ordering::Acquire, Ordering::Relaxed, |c| {
                    (c > 0).then_some(c + 1)
                })
                .ok()?;
        } else {
            let c = count.load(Ordering::Relaxed);
            if c == 0 {
                return None;
            }
            count.store(c + 1, Ordering::Relaxed);
        }
        Some(ObjRef {
            ptr: NonNull::new_unchecked(addr as *mut Obj<R>),
            _runtime: PhantomData,
        })
    }

    /// Takes over the reference a raw address owns (made by [`ObjRef::into_addr`]).
    ///
    /// # Safety
    /// `addr` came from `into_addr` and is used once.
    pub(crate) unsafe fn from_addr(addr: usize) -> Self {
        ObjRef {
            ptr: NonNull::new_unchecked(addr as *mut Obj<R>),
            _runtime: PhantomData,
        }
    }

    /// Gives up this reference as a raw address that still owns the count.
    pub(crate) fn into_addr(self) -> usize {
        let addr = self.addr();
        std::mem::forget(self);
        addr
    }

    #[inline(always)]
    pub fn kind(&self) -> &ObjKind<R> {
        // SAFETY: the object lives while this reference does.
        unsafe { &self.ptr.as_ref().kind }
    }

    /// The current reference count (what `sys.getrefcount` reports): `u32::MAX` for an
    /// immortal object, as CPython 3.12+ reports its immortals.
    pub fn ref_count(&self) -> usize {
        if self.is_immortal() {
            return u32::MAX as usize;
        }
        // SAFETY: the object lives while this reference does.
        R::ref_count(unsafe { self.ptr.as_ref() })
    }

    /// Makes the object immortal: it is never freed, and under `--no-gil` references to it
    /// are made and dropped without touching its count (see [`runtime::IMMORTAL`]). For
    /// objects that live as long as the interpreter anyway: interned strings, the built-in
    /// types, the builtins.
    ///
    /// Not in the racy runtime, whose counts are wrong by design (one may wrap below zero):
    /// there every object is counted, and the exact shadow count decides.
    pub fn make_immortal(&self) {
        if !R::RACY_COUNTS {
            let count = &self.head().count;
            count.fetch_or(runtime::IMMORTAL, Ordering::Relaxed);
        }
    }

    pub fn is_immortal(&self) -> bool {
        !R::RACY_COUNTS && self.head().count.load(Ordering::Relaxed) & runtime::IMMORTAL != 0
    }

    /// Adds a reference without making a new `ObjRef` (the caller makes one by copying).
    #[inline(always)]
    pub(crate) fn incref(&self) {
        // SAFETY: the object lives while this reference does.
        R::incref(unsafe { self.ptr.as_ref() });
    }

    #[inline(always)]
    pub fn ptr_eq(&self, other: &ObjRef<R>) -> bool {
        self.ptr == other.ptr
    }

    /// The object's address: `id()`, default reprs and identity hashing.
    pub fn addr(&self) -> usize {
        self.ptr.as_ptr() as usize
    }
}

impl<R: Runtime> Clone for ObjRef<R> {
    #[inline(always)]
    fn clone(&self) -> Self {
        // SAFETY: the object lives while this reference does.
        R::incref(unsafe { self.ptr.as_ref() });
        ObjRef {
            ptr: self.ptr,
            _runtime: PhantomData,
        }
    }
}

impl<R: Runtime> Drop for ObjRef<R> {
    #[inline(always)]
    fn drop(&mut self) {
        // SAFETY: the object lives while this reference does; after the last decref no other
        // reference exists, so reclaiming the box is sound.
        unsafe {
            if R::decref(self.ptr.as_ref()) {
                drop_queue::free(self.ptr);
            }
        }
    }
}

/// True if instances of the class being made have a `__del__` (its own, or a base's).
fn class_has_del<R: Runtime>(c: &ClassObj<R>) -> bool {
    c.mro.iter().any(|b| b.gc_flags() & gc::HAS_DEL != 0)
        || c.dict
            .lock::<R>()
            .keys()
            .any(|k| k.value.as_str() == Some("__del__"))
}

impl<R: Runtime> Value<R> {
    /// Wraps a new heap object.
    pub fn new_obj(kind: ObjKind<R>) -> Self {
        Value::Obj(ObjRef::new(kind))
    }
}
