//! The virtual machine: the interpreter state all threads share ([`Interp`]), the state of one
//! thread ([`Vm`]), and the eval loop with the operations it needs (calls, attributes,
//! operators, iteration, conversions, errors). Generic over the [`Runtime`].

mod asyncgen_hooks;
mod attr;
mod attr_hooks;
mod builtin_subclass;
pub mod bundled;
mod cache;
mod call;
mod call_builtin;
mod call_kw;
pub mod carets;
pub mod clock;
mod code_cache;

mod containers;
pub mod convert;
pub mod coroutine;
pub mod deadlock;
mod descriptors;
pub mod docs;

mod dunder_calls;
mod errors;
mod eval;
pub mod frame;
pub mod frame_object;
pub mod frame_runs;
mod function_attrs;
mod gc;
pub use gc::collection_stats;
pub mod generator;
pub mod gil;
mod hot_methods;
pub mod import;
mod import_lock;
pub mod import_source;
pub mod io;
mod iterate;
pub mod lock;
pub mod lock_order;
mod matching;
mod metaclass;
mod namespace_mapping;
mod namespaces;
mod natives;
pub mod observe;
mod ops;
mod percent;
pub mod race;
mod reduce;
mod run_module;
pub mod schedule;
pub mod signals;
mod slice_ops;
mod slow_ops;
pub mod spin;
mod super_call;
pub mod threads;
pub mod traceback;
mod types;
pub mod value_stack;

pub use call::{class_lookup, KwArgs};
pub use ops::quick_eq;
pub use types::{add_methods, new_class as types_new_class_layout};

/// A new plain class (for native stdlib types).
pub fn types_new_class<R: Runtime>(name: &str, bases: Vec<ObjRef<R>>) -> ObjRef<R> {
    types::new_class(name, bases, crate::objects::class::Layout::Object)
}
pub use errors::{report, ExitStatus};
pub use natives::{add_functions, native_function, native_property, ModuleInit, Natives};
pub use types::AsyncType;
pub use types::Types;

use crate::bytecode::Code;
use crate::compiler::{self, Mode};
use crate::objects::dict::{self, DictKey};
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{
    DictMap, Gil, Host, ModuleObj, NoGil, ObjCell, ObjKind, ObjRef, RacyNoGil, StrObj, Value,
};
use frame::Frame;
use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

/// The runtime as the VM and the floors above it see it: a [`bytecode::Runtime`] whose native
/// functions run on this [`Vm`] and whose generators keep this VM's [`Frame`]s. Both runtimes
/// are one (the impls below); code above the VM bounds its runtime parameter by this.
///
/// [`bytecode::Runtime`]: crate::bytecode::Runtime
pub trait Runtime: crate::bytecode::Runtime + Host<Vm = Vm<Self>, Frame = Frame<Self>> {}

impl<R> Runtime for R where R: crate::bytecode::Runtime + Host<Vm = Vm<R>, Frame = Frame<R>> {}

impl Host for Gil {
    type Code = Code<Gil>;
    type Vm = Vm<Gil>;
    type Frame = Frame<Gil>;

    fn traverse_frame(frame: &Frame<Gil>, visit: crate::objects::traverse::Visit<'_, Gil>) {
        frame.traverse(visit);
    }

    fn frame_in_handler(frame: &Frame<Gil>) -> bool {
        frame.in_handler()
    }

    fn code_names(code: &Code<Gil>) -> (&Arc<str>, &Arc<str>) {
        (&code.name, &code.qualname)
    }
}

impl Host for NoGil {
    type Code = Code<NoGil>;
    type Vm = Vm<NoGil>;
    type Frame = Frame<NoGil>;

    fn traverse_frame(frame: &Frame<NoGil>, visit: crate::objects::traverse::Visit<'_, NoGil>) {
        frame.traverse(visit);
    }

    fn frame_in_handler(frame: &Frame<NoGil>) -> bool {
        frame.in_handler()
    }

    fn code_names(code: &Code<NoGil>) -> (&Arc<str>, &Arc<str>) {
        (&code.name, &code.qualname)
    }
}

impl Host for RacyNoGil {
    type Code = Code<RacyNoGil>;
    type Vm = Vm<RacyNoGil>;
    type Frame = Frame<RacyNoGil>;

    fn traverse_frame(
        frame: &Frame<RacyNoGil>,
        visit: crate::objects::traverse::Visit<'_, RacyNoGil>,
    ) {
        frame.traverse(visit);
    }

    fn frame_in_handler(frame: &Frame<RacyNoGil>) -> bool {
        frame.in_handler()
    }

    fn code_names(code: &Code<RacyNoGil>) -> (&Arc<str>, &Arc<str>) {
        (&code.name, &code.qualname)
    }
}

/// Interpreter-wide settings chosen on the command line.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub argv: Vec<String>,
    /// `--switch-interval N`: instructions between switch points.
    pub switch_interval: Option<u64>,
    /// Report deadlocks and exit 3 (on unless `--no-deadlock-detection`).
    pub deadlock_detection: bool,
    /// `--virtual-time`: sleeps advance a virtual clock.
    pub virtual_time: bool,
    /// `--seed N`: the scheduler's choices come from a generator seeded with N.
    pub seed: Option<u64>,
    /// `--switch=time:MS`: hand the GIL over after a time (seconds) instead of a number of
    /// instructions.
    pub switch_time: Option<f64>,
    /// `--switch-points=backedge`: only loop back-edges and calls are switch points
    /// (CPython 3.10+), not every instruction that touches shared state.
    pub backedge_switch_points: bool,
    /// `--schedule SPEC`: the PCT schedule of a deterministic run (`--explore` gives one to
    /// each run), and `--step-limit N`, the switch points after which such a run stops.
    pub schedule: Option<schedule::ScheduleSpec>,
    pub step_limit: Option<u64>,
    /// `--gil-stats`, `--trace FILE`, `--timeline FILE.svg`.
    pub observe: observe::ObserveOptions,
    /// The initial `sys.path`: the script's directory (or `''`), `PYTHONPATH`, the bundled
    /// library (`bundled::BUNDLED_PATH_ENTRY`).
    pub sys_path: Vec<String>,
    /// `-m MOD`: the module run as `__main__` (multiprocessing children run it too).
    pub run_module: Option<String>,
    /// CPython's switches that multiprocessing children get too: `-u`, `-E`, `-I`, in that
    /// form (CPython's `_args_from_interpreter_flags`).
    pub child_flags: Vec<String>,
    /// `-q`: no version message when the REPL starts.
    pub quiet: bool,
    /// `-W ARG` options (`sys.warnoptions`) and `-X OPT` options (`sys._xoptions`).
    pub warnoptions: Vec<String>,
    pub xoptions: Vec<String>,
    /// `--race`: report data races (happens-before detection, `vm::race`).
    pub race: bool,
    /// `-B` or PYTHONDONTWRITEBYTECODE: imports write no bytecode cache (`sys.dont_write_bytecode`).
    pub dont_write_bytecode: bool,
    /// Tracebacks mark the failing expression under each source line (PEP 657); off with
    /// `-X no_debug_ranges` or `PYTHONNODEBUGRANGES`.
    pub debug_ranges: bool,
}

/// A module's source text as `Interp::sources` keeps it: a bundled module's is the text in the
/// executable itself (importing it from the bytecode cache copies nothing), any other's a
/// shared copy.
#[derive(Clone)]
pub enum SourceText {
    Bundled(&'static str),
    Shared(Arc<str>),
}

impl From<&str> for SourceText {
    fn from(text: &str) -> Self {
        SourceText::Shared(Arc::from(text))
    }
}

impl std::ops::Deref for SourceText {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            SourceText::Bundled(text) => text,
            SourceText::Shared(text) => text,
        }
    }
}

/// What every thread of one interpreter shares.
pub struct Interp<R: Runtime> {
    pub types: Types<R>,
    /// The `builtins` module's dict.
    pub builtins: ObjRef<R>,
    /// `sys.modules`: the dict of imported modules by name, as programs see it.
    pub modules: ObjRef<R>,
    /// The import locks of the modules being imported.
    pub imports: import_lock::ImportLocks,
    /// Source text of every file and string compiled, for tracebacks.
    pub sources: Mutex<HashMap<Arc<str>, SourceText>>,
    pub recursion_limit: AtomicUsize,
    pub options: Options,
    pub not_implemented: Value<R>,
    pub ellipsis: Value<R>,
    /// What LoadMethod leaves in the receiver's place when the attribute is no method: an
    /// object no program can reach (it was `...`, so `Ellipsis.__repr__()` lost its receiver).
    pub method_marker: Value<R>,
    /// The one empty tuple, as CPython's: `()`, `tuple()` and an empty slice of a tuple are
    /// this object (`() is ()`).
    pub empty_tuple: Value<R>,
    /// The global interpreter lock (taken only by the default runtime).
    pub gil: gil::GilLock,
    /// `--schedule`: the PCT scheduler that picks who runs (default runtime only).
    pub schedule: Option<schedule::Pct>,
    /// The cycle collector's registry of this interpreter's objects.
    pub heap: &'static crate::objects::gc::Heap,
    /// Records what the threads do, when `--gil-stats`, `--trace` or `--timeline` ask.
    pub observer: Option<Box<observe::Observer>>,
    /// Real or virtual time.
    pub clock: clock::Clock,
    /// The deterministic scheduler's generator (`--seed`).
    pub sched_rng: Mutex<u64>,
    /// Every thread of the interpreter.
    pub registry: Mutex<threads::Registry<R>>,
    /// The registry id of the main thread.
    pub main_thread_id: std::sync::atomic::AtomicU64,
    /// Classes of native stdlib types, made on first use (by module and name).
    native_classes: Mutex<HashMap<String, ObjRef<R>>>,
    /// Bumped whenever any class dict changes (or a class is made): entries of the type
    /// attribute caches with an older version are stale.
    pub class_version: AtomicU64,
    /// Interned strings: identifiers of compiled code and names native code looks up.
    interned: Mutex<rustc_hash::FxHashMap<Box<str>, Value<R>>>,
    /// The native modules registered at start-up, by name.
    native_modules: Vec<(&'static str, ModuleInit<R>)>,
}

/// Slots in each thread's cache of literal-name keys (a power of two).
const STATIC_KEY_SLOTS: usize = 64;

/// Slots in each thread's type attribute cache (a power of two).
const ATTR_CACHE_SIZE: usize = 1024;

/// One entry of the type attribute cache: what looking `name` up on `class` gave.
struct AttrCacheEntry<R: Runtime> {
    class: usize,
    hash: i64,
    name: Value<R>,
    version: u64,
    value: Option<Value<R>>,
}

/// One thread's interpreter state.
pub struct Vm<R: Runtime> {
    pub interp: Arc<Interp<R>>,
    /// Python call depth (RecursionError past the limit).
    pub depth: usize,
    /// The exception being handled (`sys.exc_info()`, bare `raise`, implicit chaining).
    pub handling: Option<Value<R>>,
    /// Containers whose repr is being built (to print `[...]` for cycles).
    pub repr_guard: Vec<usize>,
    /// The deadline of the timed wait about to start (see `blocking_until`).
    pub pending_deadline: Option<std::time::Instant>,
    /// The error now leaving the eval loop is a re-raise (bare `raise`, the end of a
    /// `finally` or `with` handler): its traceback already names this frame's line.
    pub reraising: bool,
    /// This thread's id in the registry.
    pub thread_id: u64,
    /// State of the generator that jitters the budget (the switch points left before the
    /// next look at the GIL: `objects::switch_budget`, a word of the thread's own).
    pub(crate) jitter_state: u64,
    /// The budget as last filled, and the switch points passed before that (the eval loop
    /// counts them down in `switch_budget`; `--gil-stats` reports them).
    pub(crate) budget_granted: u64,
    pub(crate) switch_points_passed: u64,
    /// What a switch point that is neither a call nor a loop's back-edge takes off the
    /// budget: 1, or 0 under `--switch-points=backedge`, where such points never switch.
    pub(crate) shared_state_point_cost: u64,
    /// The code and position of the innermost call the eval loop made (for wait reports).
    pub call_site: (*const Code<R>, usize),
    /// `sys.set_asyncgen_hooks`: this thread's (firstiter, finalizer), None when unset.
    pub asyncgen_hooks: [Value<R>; 2],
    /// `contextvars`: this thread's current Context, None until the thread first asks.
    pub current_context: Value<R>,
    /// Keys for names that native code looks up by literal (`__init__`, ...), by the
    /// literal's address.
    static_keys: std::cell::RefCell<
        HashMap<usize, DictKey<R>, std::hash::BuildHasherDefault<dict::KeyHasher>>,
    >,

    /// The most recent literal-name keys, by the literal's address.
    #[allow(clippy::type_complexity)]
    static_cache: std::cell::RefCell<Vec<Option<(usize, DictKey<R>)>>>,
    /// CPython's type attribute ("method") cache: class and name to what the MRO holds.
    attr_cache: Vec<AttrCacheEntry<R>>,
    /// Finished frames (their vectors' memory), reused by the next calls.
    #[allow(clippy::vec_box)]
    frame_pool: Vec<Box<Frame<R>>>,
    /// The last class call that ran `__init__` in the eval loop (GIL runtime only).
    init_cache: Option<cache::InitEntry<R>>,
    /// Per slot, the last native class whose method for it was called directly (see
    /// `iterate::native_slot`).
    native_slots: [Option<iterate::NextSlot<R>>; iterate::NativeSlot::COUNT],
    /// The StopIteration (or a finished generator's return value) that ended the last
    /// iterator step of `next_fast` during a `next()`, so `next()` over a wrapper
    /// (`enumerate`, `map`, ...) raises it as it was, value included (see
    /// `iterate::next_or_stop`); kept only while `stop_wanted`.
    pub(crate) last_stop: Option<PyErr<R>>,
    /// Set while a `next()` steps its iterator: only then is `last_stop` kept.
    pub(crate) stop_wanted: bool,
    /// The arguments of a `gen.throw(...)` whose `yield from` chain ends at an iterator
    /// with its own `throw`: that method gets them as they were given, as in CPython.
    pub(crate) raw_throw: Option<Vec<Value<R>>>,
    /// Operator methods of user classes by class and name (see `dunder_calls`).
    operator_cache: Vec<dunder_calls::OperatorEntry<R>>,
    /// Spare lists of the frames one `run_frame` runs in place (see `eval`).
    /// Boxed: the eval loop keeps pointers to frames while the list grows.
    #[allow(clippy::vec_box)]
    frame_stacks: Vec<Vec<Box<Frame<R>>>>,
    /// What takes the yields of a generator a native consumer runs (`generator::GenSink`).
    pub(crate) gen_sink: generator::GenSink<R>,
    /// The sinks of `sum`/`all`/`any` whose generator frames the eval loop runs in place, the
    /// innermost last (see `generator::GenSink`).
    pub(crate) loop_sinks: Vec<generator::GenSink<R>>,
    /// Address near the bottom of this thread's native stack, for the overflow guard.
    stack_base: usize,
    stack_size: usize,
    /// The race detector's view of this thread (`--race`).
    pub(crate) race: race::ThreadRace,
    /// The runs of frames this thread's eval loops are in, outermost first (`frame_runs`).
    pub(crate) segments: Vec<frame_runs::Segment<R>>,
    /// What a static method found by LoadMethod's cache wraps, left for the attribute load
    /// that follows at once (LoadMethod found no method to bind, so the eval loop loads the
    /// attribute): the receiver's address, the name's key and the function. `get_attr`
    /// takes it when both match, and drops it otherwise.
    pub(super) static_handoff: Option<(usize, *const DictKey<R>, Value<R>)>,
}

/// Two names are the same str (by identity, then by text).
fn same_name<R: Runtime>(a: &Value<R>, b: &Value<R>) -> bool {
    a.is(b) || matches!((a.as_str(), b.as_str()), (Some(x), Some(y)) if x == y)
}

/// Bytes of native stack each interpreter thread gets; deep Python recursion needs it.
pub const THREAD_STACK_SIZE: usize = 512 * 1024 * 1024;

impl<R: Runtime> Interp<R> {
    /// A new interpreter with the natives the layers above register (see [`Natives`]).
    pub fn new(options: Options, natives: Natives<R>) -> Arc<Interp<R>> {
        let heap = crate::objects::gc::new_heap();
        crate::objects::gc::enter(heap);
        let types = Types::new();
        let builtins = ObjRef::new(ObjKind::Dict(ObjCell::new(DictMap::default())));
        let switch_interval = options
            .switch_interval
            .unwrap_or_else(|| gil::seconds_to_instructions(gil::DEFAULT_SWITCH_SECONDS));
        let policy = match options.switch_time {
            Some(seconds) => gil::SwitchPolicy::Time(seconds),
            None => gil::SwitchPolicy::Instructions(switch_interval),
        };
        let observer = options.observe.any().then(|| {
            Box::new(observe::Observer::new(
                options.observe.clone(),
                !R::FREE_THREADED,
            ))
        });
        // Deterministic runs: a seeded scheduler hands the GIL over (default runtime only).
        let scheduled = !R::FREE_THREADED
            && (options.seed.is_some() || options.virtual_time || options.schedule.is_some());
        let virtual_time = options.virtual_time;
        let seed = options.seed.unwrap_or(0x5eed);
        let schedule = options
            .schedule
            .as_ref()
            .filter(|_| !R::FREE_THREADED)
            .map(|spec| schedule::Pct::new(spec, seed, options.step_limit));
        if options.race {
            race::install();
        }
        let interp = Arc::new(Interp {
            heap,
            types,
            builtins,
            modules: ObjRef::new(ObjKind::Dict(ObjCell::new(DictMap::default()))),
            imports: Default::default(),
            sources: Mutex::new(HashMap::new()),
            recursion_limit: AtomicUsize::new(1000),
            options,
            not_implemented: Value::new_obj(ObjKind::Singleton("NotImplemented")),
            ellipsis: crate::objects::value::ellipsis(),
            method_marker: Value::new_obj(ObjKind::Singleton("<no receiver>")),
            empty_tuple: Value::new_obj(ObjKind::Tuple(Box::new([]))),
            gil: gil::GilLock::new(policy, scheduled),
            schedule,
            observer,
            clock: clock::Clock::new(virtual_time),
            sched_rng: Mutex::new(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1),
            registry: Mutex::new(threads::Registry::default()),
            main_thread_id: std::sync::atomic::AtomicU64::new(0),
            native_classes: Mutex::new(HashMap::new()),
            class_version: AtomicU64::new(1),
            interned: Mutex::new(Default::default()),
            native_modules: natives.modules,
        });
        (natives.install_builtins)(&interp);
        interp.make_builtins_immortal();
        crate::objects::gc::settle_startup::<R>();
        interp
    }

    /// The built-in types and everything in the builtins dict live as long as the
    /// interpreter: immortal, so threads share them without count traffic.
    fn make_builtins_immortal(&self) {
        let t = &self.types;
        let classes = t.named().into_iter().map(|(_, c)| c);
        let others = t
            .exceptions
            .iter()
            .chain(t.iterators.iter().map(|(_, c)| c));
        for class in classes.chain(others.cloned()) {
            class.make_immortal();
        }
        self.builtins.make_immortal();
        if let ObjKind::Dict(d) = self.builtins.kind() {
            for v in d.lock::<R>().values() {
                if let Value::Obj(o) = v {
                    o.make_immortal();
                }
            }
        }
        for v in [
            &self.not_implemented,
            &self.ellipsis,
            &self.method_marker,
            &self.empty_tuple,
        ] {
            if let Value::Obj(o) = v {
                o.make_immortal();
            }
        }
    }

    pub fn recursion_limit(&self) -> usize {
        self.recursion_limit.load(Ordering::Relaxed)
    }
}

impl<R: Runtime> Vm<R> {
    /// A VM for the calling thread, which must run with at least `stack_size` bytes of stack.
    pub fn new(interp: Arc<Interp<R>>, stack_size: usize) -> Vm<R> {
        crate::objects::gc::enter(interp.heap);
        let marker = 0u8;
        let shared_state_point_cost = u64::from(!interp.options.backedge_switch_points);
        let interp_race = interp.options.race;
        Vm {
            interp,
            depth: 0,
            handling: None,
            repr_guard: Vec::new(),
            reraising: false,
            pending_deadline: None,
            frame_pool: Vec::with_capacity(call::FRAME_POOL_SIZE),
            frame_stacks: Vec::new(),
            gen_sink: generator::GenSink::Off,
            loop_sinks: Vec::new(),
            init_cache: None,
            native_slots: [None, None, None],
            last_stop: None,
            stop_wanted: false,
            raw_throw: None,
            operator_cache: dunder_calls::operator_cache(),
            static_keys: Default::default(),
            static_cache: std::cell::RefCell::new((0..STATIC_KEY_SLOTS).map(|_| None).collect()),
            // Filled on the first lookup: the VMs made only to register natives at start-up
            // never use it, and making and dropping 1024 entries in each was 0.37M of the
            // 2.36M instructions of `-c pass`.
            attr_cache: Vec::new(),
            thread_id: 0,
            jitter_state: 0x2545_f491_4f6c_dd1d,
            budget_granted: 1,
            switch_points_passed: 0,
            shared_state_point_cost,

            call_site: (std::ptr::null(), 0),
            static_handoff: None,
            asyncgen_hooks: [Value::None, Value::None],
            current_context: Value::None,

            stack_base: &marker as *const u8 as usize,
            stack_size,
            race: race::ThreadRace::new(interp_race),
            segments: Vec::new(),
        }
    }

    /// The VM of the main thread: registered as `MainThread`, holding the GIL.
    pub fn new_main(interp: Arc<Interp<R>>, stack_size: usize) -> Vm<R> {
        let mut vm = Vm::new(interp, stack_size);
        let id = vm
            .interp
            .registry
            .lock()
            .add("MainThread".to_string(), Value::None, false);
        vm.thread_id = id;
        vm.interp
            .main_thread_id
            .store(id, std::sync::atomic::Ordering::Relaxed);
        vm.start_budget();
        vm.acquire_gil();
        vm
    }

    /// True when the native stack is close to running out.
    #[inline]
    pub fn stack_exhausted(&self) -> bool {
        let marker = 0u8;
        let here = &marker as *const u8 as usize;
        let used = self.stack_base.saturating_sub(here);
        used + 256 * 1024 > self.stack_size
    }

    pub fn types(&self) -> &Types<R> {
        &self.interp.types
    }

    // ----- making values -------------------------------------------------------------------

    pub fn new_str(&self, s: impl Into<Box<str>>) -> Value<R> {
        Value::new_obj(ObjKind::Str(StrObj::new(s)))
    }

    pub fn new_list(&self, items: Vec<Value<R>>) -> Value<R> {
        Value::new_obj(ObjKind::List(ObjCell::new(items)))
    }

    pub fn new_tuple(&self, items: Vec<Value<R>>) -> Value<R> {
        if items.is_empty() {
            return self.interp.empty_tuple.clone();
        }
        Value::new_obj(ObjKind::Tuple(items.into_boxed_slice()))
    }

    pub fn new_dict(&self, map: DictMap<R>) -> Value<R> {
        Value::new_obj(ObjKind::Dict(ObjCell::new(map)))
    }

    /// A dict key for a str (names of attributes, globals, keyword arguments).
    pub fn str_key(&self, s: &str) -> DictKey<R> {
        let value = self.new_str(s);
        let hash = match value.kind() {
            Some(ObjKind::Str(s)) => s.hash(),
            _ => 0,
        };
        DictKey { hash, value }
    }

    /// The key of the interned str with the text `s`: the same object as the compiled
    /// code's name for it, so a cache that finds the key compares it by identity.
    pub fn interned_key(&self, s: &str) -> DictKey<R> {
        let value = self.intern(s);
        let hash = match value.kind() {
            Some(ObjKind::Str(s)) => s.hash(),
            _ => 0,
        };
        DictKey { hash, value }
    }

    /// The key for a name given as a literal, made once per thread (from the interned str).
    pub fn static_key(&self, name: &'static str) -> DictKey<R> {
        let id = name.as_ptr() as usize ^ (name.len() << 48);
        // A direct-mapped cache in front of the map: a hit is a compare and a clone.
        let slot = (id >> 3) & (STATIC_KEY_SLOTS - 1);
        if let Some((cached, key)) = &self.static_cache.borrow()[slot] {
            if *cached == id {
                return key.clone();
            }
        }
        let key = self.static_key_slow(id, name);
        self.static_cache.borrow_mut()[slot] = Some((id, key.clone()));
        key
    }

    fn static_key_slow(&self, id: usize, name: &'static str) -> DictKey<R> {
        let mut keys = self.static_keys.borrow_mut();
        keys.entry(id)
            .or_insert_with(|| {
                let value = self.intern(name);
                let hash = match value.kind() {
                    Some(ObjKind::Str(s)) => s.hash(),
                    _ => 0,
                };
                DictKey { hash, value }
            })
            .clone()
    }

    /// The interned str with this text.
    pub fn intern(&self, s: &str) -> Value<R> {
        if let Some(v) = self.interp.interned.lock().get(s) {
            return v.clone();
        }
        let v = self.new_str(s);
        // A name the interpreter interns lives until it ends: immortal (no count traffic
        // when threads share a name).
        if let Value::Obj(o) = &v {
            o.make_immortal();
        }
        self.intern_value(s, &v)
    }

    /// The interned str with the text `s`, which becomes `v` (a str with that text) when none
    /// is interned yet. The table holds it until the interpreter ends.
    pub fn intern_value(&self, s: &str, v: &Value<R>) -> Value<R> {
        let mut interned = self.interp.interned.lock();
        if let Some(v) = interned.get(s) {
            return v.clone();
        }
        interned.insert(Box::from(s), v.clone());
        v.clone()
    }

    /// Looks `key` up on `class` and its MRO, through the type attribute cache.
    pub fn lookup_type(&mut self, class: &ObjRef<R>, key: &DictKey<R>) -> Option<Value<R>> {
        let version = self.interp.class_version.load(Ordering::Acquire);
        let slot = ((class.addr() >> 4) ^ key.hash as usize) & (ATTR_CACHE_SIZE - 1);
        if self.attr_cache.is_empty() {
            self.make_attr_cache();
        }
        let e = &self.attr_cache[slot];
        if e.version == version
            && e.class == class.addr()
            && e.hash == key.hash
            && same_name(&e.name, &key.value)
        {
            return e.value.clone();
        }
        let value = class_lookup(class, key);
        self.attr_cache[slot] = AttrCacheEntry {
            class: class.addr(),
            hash: key.hash,
            name: key.value.clone(),
            version,
            value: value.clone(),
        };
        value
    }

    /// The type attribute cache's empty entries, made on this thread's first lookup.
    #[cold]
    #[inline(never)]
    fn make_attr_cache(&mut self) {
        self.attr_cache = (0..ATTR_CACHE_SIZE)
            .map(|_| AttrCacheEntry {
                class: 0,
                hash: 0,
                name: Value::None,
                version: 0,
                value: None,
            })
            .collect();
    }

    /// Makes every type attribute cache entry stale (a class dict changed).
    pub fn classes_changed(&self) {
        self.interp.class_version.fetch_add(1, Ordering::AcqRel);
    }

    /// Makes a hashable key, calling `__hash__` for instances that define it.
    pub fn make_key(&mut self, value: Value<R>) -> PyResult<DictKey<R>, R> {
        // The usual keys first: an int or a str hashes with no lookup.
        match &value {
            Value::Int(i) => {
                let hash = crate::objects::hash::hash_i64(*i);
                return Ok(DictKey { hash, value });
            }
            Value::Obj(o) => {
                if let ObjKind::Str(s) = o.kind() {
                    let hash = s.hash();
                    return Ok(DictKey { hash, value });
                }
            }
            _ => {}
        }
        // A tuple holding objects whose hash is Python code (`__hash__`, a subclass of a
        // built-in type): hashed from its items' hashes, each made as a key is.
        if let Some(ObjKind::Tuple(items)) = value.kind() {
            if items.iter().any(|x| {
                matches!(
                    x.kind(),
                    Some(ObjKind::Instance(_) | ObjKind::Native(_) | ObjKind::Tuple(_))
                )
            }) {
                let mut hashes = Vec::with_capacity(items.len());
                for item in items.iter() {
                    hashes.push(self.make_key(item.clone())?.hash);
                }
                let hash = crate::objects::hash::hash_tuple(&hashes);
                return Ok(DictKey { hash, value });
            }
        }
        if let Some(ObjKind::Instance(i)) = value.kind() {
            // `__hash__ = None` on the class or inherited (a subclass of list, a class with
            // `__eq__` alone): unhashable, by the instance's own class name.
            if i.base.is_some() {
                let hash_key = self.static_key("__hash__");
                if let Some(Value::None) = class_lookup(&i.class, &hash_key) {
                    return Err(PyErr::type_error(format!(
                        "unhashable type: '{}'",
                        i.class_name()
                    )));
                }
            }
        }
        if let Some(b) = self.base_unless_overridden(&value, "__hash__") {
            // The base's hash, the key itself kept (an int subclass stays one in the dict).
            let hash = self.make_key(b)?.hash;
            return Ok(DictKey { hash, value });
        }
        if let Some(ObjKind::Instance(i)) = value.kind() {
            let hash_key = self.static_key("__hash__");
            match class_lookup(&i.class, &hash_key) {
                Some(Value::None) => {
                    return Err(PyErr::type_error(format!(
                        "unhashable type: '{}'",
                        i.class_name()
                    )))
                }
                // `object.__hash__`, inherited: the identity hash it would return, without
                // the call (objects used as set members and dict keys, `n in seen`).
                Some(f)
                    if class_lookup(&self.types().object, &hash_key).is_some_and(|o| o.is(&f)) =>
                {
                    if let Value::Obj(o) = &value {
                        let hash = dict::identity_hash(o);
                        return Ok(DictKey { hash, value });
                    }
                }
                _ => {}
            }
            if let Some(h) = self.call_special(&value, "__hash__", vec![])? {
                // An int outside the machine range is hashed as ints are; -1 becomes -2.
                let big = match h.kind() {
                    Some(ObjKind::BigInt(b)) => Some(crate::objects::hash::hash_bigint(b)),
                    _ => None,
                };
                let hash = match h {
                    Value::Int(-1) => -2,
                    Value::Int(i) => i,
                    Value::Bool(b) => b as i64,
                    _ if big.is_some() => big.unwrap_or_default(),
                    _ => {
                        return Err(PyErr::type_error(
                            "__hash__ method should return an integer",
                        ))
                    }
                };
                return Ok(DictKey { hash, value });
            }
        }
        if let Some(ObjKind::Native(n)) = value.kind() {
            // A native type's own `__hash__` (weak references hash as their referent).
            let hash_key = self.static_key("__hash__");
            if let Some(f) = class_lookup(&n.class, &hash_key) {
                // `__hash__ = None`: a mutable native type (deque).
                if f.is_none() {
                    // Named as CPython names a C type: with its module (`collections.deque`).
                    let name = match n.class.kind() {
                        ObjKind::Class(c) if c.module != "builtins" => {
                            format!("{}.{}", c.module, c.name)
                        }
                        _ => self.type_name(&value).to_string(),
                    };
                    return Err(PyErr::type_error(format!("unhashable type: '{name}'")));
                }
                if let Value::Int(hash) = self.call(&f, vec![value.clone()], Vec::new())? {
                    return Ok(DictKey { hash, value });
                }
            }
        }
        dict::make_key(value).map_err(|u| PyErr::type_error(format!("unhashable type: '{}'", u.0)))
    }

    // ----- modules and running code --------------------------------------------------------

    /// Makes a module object with the usual dunder names.
    pub fn new_module(&self, name: &str) -> ObjRef<R> {
        let mut map = DictMap::default();
        map.insert(self.static_key("__name__"), self.new_str(name));
        map.insert(
            self.static_key("__builtins__"),
            Value::Obj(self.interp.builtins.clone()),
        );
        map.insert(self.static_key("__doc__"), Value::None);
        let dict = ObjRef::new(ObjKind::Dict(ObjCell::new(map)));
        ObjRef::new(ObjKind::Module(Box::new(ModuleObj::new(
            name.to_string(),
            dict,
        ))))
    }

    /// Parses and compiles source text, remembering it for tracebacks.
    pub fn compile(&self, source: &str, filename: &str, mode: Mode) -> PyResult<Arc<Code<R>>, R> {
        self.interp
            .sources
            .lock()
            .insert(Arc::from(filename), SourceText::from(source));
        let module = crate::syntax::parse_module(source)
            .map_err(|e| self.syntax_error_value(&e, source, filename))?;
        let intern = |s: &str| self.intern(s);
        let code = compiler::compile::<R>(&module, source, filename, mode, &intern)
            .map_err(|e| self.syntax_error_value(&e, source, filename))?;
        self.show_syntax_warnings(filename);
        Ok(Arc::new(code))
    }

    /// Prints the SyntaxWarnings of the compile just done (`file:line: SyntaxWarning: ...`
    /// and the line itself, when it comes from a file), as CPython's default filter does.
    pub(crate) fn show_syntax_warnings(&self, filename: &str) {
        for (line, msg) in compiler::warnings::take() {
            let mut text = format!("{filename}:{line}: SyntaxWarning: {msg}\n");
            if let Some(src) = traceback::source_line(self, filename, line) {
                text.push_str(&format!("  {src}\n"));
            }
            io::write_stderr(&text);
        }
    }

    /// Runs a module-level code object in the globals of `module`.
    pub fn run_code(&mut self, code: Arc<Code<R>>, module: &ObjRef<R>) -> PyResult<Value<R>, R> {
        let globals = match module.kind() {
            ObjKind::Module(m) => m.dict.clone(),
            _ => return Err(PyErr::type_error("run_code needs a module")),
        };
        let mut frame = Frame::new(code, globals, None);
        self.run_frame_plain(&mut frame)
    }

    /// The `__main__` module (made on first use).
    pub fn main_module(&self) -> ObjRef<R> {
        if let Some(Value::Obj(m)) = self.sys_modules_get("__main__") {
            if matches!(m.kind(), ObjKind::Module(_)) {
                return m;
            }
        }
        let m = self.new_module("__main__");
        // As CPython's for a script: no package, no spec (`-m` sets them).
        self.set_module_attr(&m, "__package__", Value::None);
        self.set_module_attr(&m, "__spec__", Value::None);
        self.sys_modules_set("__main__", Value::Obj(m.clone()));
        m
    }

    /// Sets a global in a module.
    pub fn set_module_attr(&self, module: &ObjRef<R>, name: &str, value: Value<R>) {
        if let ObjKind::Module(m) = module.kind() {
            if let ObjKind::Dict(d) = m.dict.kind() {
                // The interned name, the same object as the compiled code's name for it:
                // a module attribute's cache entry then re-checks its key by identity.
                d.lock::<R>().insert(self.interned_key(name), value);
            }
        }
    }

    /// The class of a native stdlib type, made on first use with its methods.
    pub fn native_class(
        &self,
        name: &str,
        module: &str,
        methods: &[(&'static str, crate::objects::NativeFn<R>)],
    ) -> ObjRef<R> {
        self.native_class_with_layout(
            name,
            module,
            crate::objects::class::Layout::Builtin,
            methods,
        )
    }

    /// Like `native_class`, with the layout its instances have (`Object` for classes that
    /// programs subclass, like `threading.Thread`).
    pub fn native_class_with_layout(
        &self,
        name: &str,
        module: &str,
        layout: crate::objects::class::Layout,
        methods: &[(&'static str, crate::objects::NativeFn<R>)],
    ) -> ObjRef<R> {
        let bases = vec![self.types().object.clone()];
        self.native_class_derived(name, module, layout, bases, methods)
    }

    /// A native class deriving from `bases`.
    pub fn native_class_with_bases(
        &self,
        name: &str,
        module: &str,
        bases: Vec<ObjRef<R>>,
        methods: &[(&'static str, crate::objects::NativeFn<R>)],
    ) -> ObjRef<R> {
        self.native_class_derived(
            name,
            module,
            crate::objects::class::Layout::Object,
            bases,
            methods,
        )
    }

    /// A native class with layout `layout` deriving from `bases` (an exception class, say).
    pub fn native_class_derived(
        &self,
        name: &str,
        module: &str,
        layout: crate::objects::class::Layout,
        bases: Vec<ObjRef<R>>,
        methods: &[(&'static str, crate::objects::NativeFn<R>)],
    ) -> ObjRef<R> {
        let key = format!("{module}.{name}");
        let mut classes = self.interp.native_classes.lock();
        if let Some(c) = classes.get(&key) {
            return c.clone();
        }
        let mro = crate::objects::class::c3_mro(&bases).unwrap_or_default();
        let class = ObjRef::new(ObjKind::Class(Box::new(crate::objects::ClassObj {
            name: name.to_string(),
            qualname: name.to_string(),
            module: module.to_string(),
            bases,
            mro,
            dict: crate::objects::class::ClassDict::new(DictMap::default()),
            layout,
            metaclass: None,
            shapes: Default::default(),
            is_abstract: Default::default(),
        })));
        add_methods(&class, methods);
        classes.insert(key, class.clone());
        self.classes_changed();
        class
    }

    /// Builds a `ValueError`-style error of a built-in kind as a Python object.
    pub fn new_exception(&mut self, kind: ExcKind, msg: &str) -> Value<R> {
        self.materialize(PyErr::new(kind, msg))
    }
}
