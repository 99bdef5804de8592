//! The `itertools` module (CPython 3.11): lazy iterators, each a native class of module
//! `itertools` whose instances keep their state behind a mutex. The state lock is never held
//! while Python code runs (a `__next__` of an input, a predicate, a key function): values are
//! cloned out, the lock released, the call made, and the result stored back. The
//! combinatoric iterators, `groupby`, `tee`, `pairwise` and `zip_longest` are in
//! `itertools_more.rs`.

use super::itertools_more;
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, NativeObj, ObjKind, ObjRef, Value};
use crate::syntax::ast::BinOp;
use crate::vm::Runtime;
use crate::vm::Vm;
use parking_lot::Mutex;

pub(super) type R0<R> = PyResult<Value<R>, R>;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let classes: &[(&str, NativeFn<R>, NativeFn<R>)] = &[
        ("count", count_new, count_next),
        ("cycle", cycle_new, cycle_next),
        ("repeat", repeat_new, repeat_next),
        ("accumulate", accumulate_new, accumulate_next),
        ("chain", chain_new, chain_next),
        ("compress", compress_new, compress_next),
        ("dropwhile", dropwhile_new, dropwhile_next),
        ("takewhile", takewhile_new, takewhile_next),
        ("filterfalse", filterfalse_new, filterfalse_next),
        ("starmap", starmap_new, starmap_next),
        ("islice", islice_new, islice_next),
    ];
    for (name, new, next) in classes {
        let class = iterator_class(vm, name, *new, *next);
        vm.set_module_attr(m, name, Value::Obj(class));
    }
    let count = iterator_class(vm, "count", count_new, count_next);
    crate::vm::add_methods(&count, &[("__repr__", count_repr)]);
    let repeat = iterator_class(vm, "repeat", repeat_new, repeat_next);
    crate::vm::add_methods(
        &repeat,
        &[
            ("__repr__", repeat_repr),
            ("__length_hint__", repeat_length_hint),
        ],
    );
    let chain = iterator_class(vm, "chain", chain_new, chain_next);
    if let ObjKind::Class(c) = chain.kind() {
        let f = super::native_function("from_iterable", chain_from_iterable);
        c.dict.lock::<R>().insert(
            vm.str_key("from_iterable"),
            Value::new_obj(ObjKind::ClassMethod(f)),
        );
    }
    itertools_more::init(vm, m);
    true
}

/// The class `itertools.NAME`: made with `new`, iterated with `next`.
pub(super) fn iterator_class<R: Runtime>(
    vm: &Vm<R>,
    name: &str,
    new: NativeFn<R>,
    next: NativeFn<R>,
) -> ObjRef<R> {
    vm.native_class(
        name,
        "itertools",
        &[
            ("__new__", new),
            ("__iter__", iter_self),
            ("__next__", next),
        ],
    )
}

fn iter_self<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(args.pos.first().cloned().unwrap_or(Value::None))
}

/// A new instance of `class` (the first argument of `__new__`) holding `data`.
pub(super) fn new_object<R: Runtime, T: Send + Sync + 'static>(class: &Value<R>, data: T) -> R0<R> {
    let Some(class) = class.as_obj() else {
        return Err(PyErr::type_error("__new__ needs a class"));
    };
    Ok(Value::new_obj(ObjKind::Native(NativeObj {
        class: class.clone(),
        data: Box::new(data),
    })))
}

/// The receiver of a method (`None` when called unbound with no arguments, which the state
/// lookup then rejects).
pub(super) fn receiver<R: Runtime>(args: &Args<R>) -> Value<R> {
    args.pos.first().cloned().unwrap_or(Value::None)
}

/// The state of `args.pos[0]`, an instance of the class whose `__next__` is running.
pub(super) fn state_of<R: Runtime, T: 'static>(this: &Value<R>) -> PyResult<&T, R> {
    match this.kind() {
        Some(ObjKind::Native(n)) => n.downcast::<T>(),
        _ => None,
    }
    .ok_or_else(|| PyErr::type_error("descriptor requires an itertools object"))
}

/// Splits `__new__`'s arguments into the class and the call's arguments.
pub(super) fn split_class<R: Runtime>(mut args: Args<R>) -> (Value<R>, Args<R>) {
    let class = if args.pos.is_empty() {
        Value::None
    } else {
        args.pos.remove(0)
    };
    (class, args)
}

/// `NAME expected N arguments, got M` (CPython's positional-only check).
pub(super) fn expect_count<R: Runtime>(
    args: &Args<R>,
    name: &str,
    min: usize,
    max: usize,
) -> PyResult<(), R> {
    let n = args.pos.len();
    let s = |k: usize| if k == 1 { "" } else { "s" };
    let msg = if min == max && n != min {
        format!("{name} expected {min} argument{}, got {n}", s(min))
    } else if n < min {
        format!("{name} expected at least {min} argument{}, got {n}", s(min))
    } else if n > max {
        format!("{name} expected at most {max} argument{}, got {n}", s(max))
    } else {
        return Ok(());
    };
    Err(PyErr::type_error(msg))
}

/// Positional-or-keyword parameters `names`, the first `required` of them required, with
/// CPython's argument-clinic messages.
pub(super) fn params<R: Runtime>(
    mut args: Args<R>,
    name: &str,
    names: &[&str],
    required: usize,
) -> PyResult<Vec<Option<Value<R>>>, R> {
    if args.pos.len() > names.len() {
        return Err(PyErr::type_error(format!(
            "{name}() takes at most {} argument{} ({} given)",
            names.len(),
            if names.len() == 1 { "" } else { "s" },
            args.pos.len()
        )));
    }
    let mut out: Vec<Option<Value<R>>> = names.iter().map(|_| None).collect();
    let given = args.pos.len();
    for (slot, v) in out.iter_mut().zip(args.pos.drain(..)) {
        *slot = Some(v);
    }
    for (i, pname) in names.iter().enumerate() {
        if let Some(v) = args.take_kw(pname) {
            if i < given {
                return Err(PyErr::type_error(format!(
                    "argument for {name}() given by name ('{pname}') and position ({})",
                    i + 1
                )));
            }
            out[i] = Some(v);
        }
    }
    if let Some((k, _)) = args.kw.first() {
        return Err(PyErr::type_error(format!(
            "'{}' is an invalid keyword argument for {name}()",
            k.as_str().unwrap_or("?")
        )));
    }
    for (i, pname) in names.iter().enumerate().take(required) {
        if out[i].is_none() {
            return Err(PyErr::type_error(format!(
                "{name}() missing required argument '{pname}' (pos {})",
                i + 1
            )));
        }
    }
    Ok(out)
}

pub(super) fn stop<R: Runtime>() -> R0<R> {
    Err(PyErr::stop_iteration())
}

/// Two optional values under one lock.
type TwoSlots<R> = Mutex<(Option<Value<R>>, Option<Value<R>>)>;

// ---- count ----

struct Count<R: Runtime> {
    next: Mutex<Value<R>>,
    step: Value<R>,
}

fn is_number<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> bool {
    match v {
        Value::Int(_) | Value::Bool(_) | Value::Float(_) => true,
        Value::None => false,
        Value::Obj(o) => match o.kind() {
            ObjKind::BigInt(_) => true,
            ObjKind::Instance(_) | ObjKind::Native(_) => {
                let class = vm.types().class_of(v).clone();
                ["__index__", "__int__", "__float__"].iter().any(|name| {
                    let key = vm.static_key(name);
                    vm.lookup_type(&class, &key).is_some()
                })
            }
            _ => false,
        },
    }
}

fn count_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (class, args) = split_class(args);
    let p = params(args, "count", &["start", "step"], 0)?;
    let start = p[0].clone().unwrap_or(Value::Int(0));
    let step = p[1].clone().unwrap_or(Value::Int(1));
    if !is_number(vm, &start) || !is_number(vm, &step) {
        return Err(PyErr::type_error("a number is required"));
    }
    new_object(
        &class,
        Count {
            next: Mutex::new(start),
            step,
        },
    )
}

fn count_next<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let c = state_of::<R, Count<R>>(&this)?;
    let current = c.next.lock().clone();
    let following = vm.binary_op(current.clone(), c.step.clone(), BinOp::Add)?;
    *c.next.lock() = following;
    Ok(current)
}

fn count_repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let c = state_of::<R, Count<R>>(&this)?;
    let current = c.next.lock().clone();
    let start = vm.repr(&current)?;
    let text = if matches!(c.step, Value::Int(1)) {
        format!("count({start})")
    } else {
        let step = vm.repr(&c.step)?;
        format!("count({start}, {step})")
    };
    Ok(vm.new_str(text))
}

// ---- cycle ----

struct Cycle<R: Runtime> {
    it: Value<R>,
    state: Mutex<CycleState<R>>,
}

struct CycleState<R: Runtime> {
    saved: Vec<Value<R>>,
    index: usize,
    first_pass: bool,
}

fn cycle_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (class, args) = split_class(args);
    args.no_kwargs("cycle")?;
    expect_count(&args, "cycle", 1, 1)?;
    let it = vm.get_iter(&args.pos[0])?;
    let state = CycleState {
        saved: Vec::new(),
        index: 0,
        first_pass: true,
    };
    new_object(
        &class,
        Cycle {
            it,
            state: Mutex::new(state),
        },
    )
}

fn cycle_next<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let c = state_of::<R, Cycle<R>>(&this)?;
    if c.state.lock().first_pass {
        if let Some(v) = vm.next_fast(&c.it)? {
            c.state.lock().saved.push(v.clone());
            return Ok(v);
        }
        c.state.lock().first_pass = false;
    }
    let mut st = c.state.lock();
    if st.saved.is_empty() {
        return stop();
    }
    let v = st.saved[st.index].clone();
    st.index = (st.index + 1) % st.saved.len();
    Ok(v)
}

// ---- repeat ----

struct Repeat<R: Runtime> {
    object: Value<R>,
    /// Repetitions left; `None` forever.
    left: Mutex<Option<i64>>,
}

fn repeat_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (class, args) = split_class(args);
    let p = params(args, "repeat", &["object", "times"], 1)?;
    let object = p[0].clone().unwrap_or(Value::None);
    let left = match &p[1] {
        Some(t) => Some(super::num_args::to_i64(
            vm,
            t,
            "Python int too large to convert to C ssize_t",
        )?),
        None => None,
    };
    new_object(
        &class,
        Repeat {
            object,
            left: Mutex::new(left.map(|n| n.max(0))),
        },
    )
}

fn repeat_next<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let r = state_of::<R, Repeat<R>>(&this)?;
    let mut left = r.left.lock();
    match left.as_mut() {
        Some(0) => stop(),
        Some(n) => {
            *n -= 1;
            Ok(r.object.clone())
        }
        None => Ok(r.object.clone()),
    }
}

fn repeat_repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let r = state_of::<R, Repeat<R>>(&this)?;
    let left = *r.left.lock();
    let object = vm.repr(&r.object)?;
    let text = match left {
        Some(n) => format!("repeat({object}, {n})"),
        None => format!("repeat({object})"),
    };
    Ok(vm.new_str(text))
}

fn repeat_length_hint<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let r = state_of::<R, Repeat<R>>(&this)?;
    let left = *r.left.lock();
    match left {
        Some(n) => Ok(Value::Int(n)),
        None => Err(PyErr::type_error("len() of unsized object")),
    }
}

// ---- accumulate ----

struct Accumulate<R: Runtime> {
    it: Value<R>,
    func: Option<Value<R>>,
    /// The running total, and `initial` while it has not been yielded.
    state: TwoSlots<R>,
}

fn accumulate_new<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let initial = args.take_kw("initial").filter(|v| !v.is_none());
    let (class, args) = split_class(args);
    let p = params(args, "accumulate", &["iterable", "func"], 1)?;
    let it = vm.get_iter(p[0].as_ref().unwrap_or(&Value::None))?;
    let func = p[1].clone().filter(|f| !f.is_none());
    new_object(
        &class,
        Accumulate {
            it,
            func,
            state: Mutex::new((None, initial)),
        },
    )
}

fn accumulate_next<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let a = state_of::<R, Accumulate<R>>(&this)?;
    let (total, initial) = {
        let mut st = a.state.lock();
        (st.0.clone(), st.1.take())
    };
    if let Some(init) = initial {
        a.state.lock().0 = Some(init.clone());
        return Ok(init);
    }
    let Some(v) = vm.next_fast(&a.it)? else {
        return stop();
    };
    let new_total = match (total, &a.func) {
        (None, _) => v,
        (Some(t), None) => vm.binary_op(t, v, BinOp::Add)?,
        (Some(t), Some(f)) => vm.call(f, vec![t, v], Vec::new())?,
    };
    a.state.lock().0 = Some(new_total.clone());
    Ok(new_total)
}

// ---- chain ----

struct Chain<R: Runtime> {
    /// The iterator over the iterables (cleared at its end), and the one being read.
    state: TwoSlots<R>,
}

fn chain_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (class, args) = split_class(args);
    args.no_kwargs("chain")?;
    let sources = vm.new_tuple(args.pos);
    let source = vm.get_iter(&sources)?;
    new_object(
        &class,
        Chain {
            state: Mutex::new((Some(source), None)),
        },
    )
}

fn chain_from_iterable<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (class, args) = split_class(args);
    args.no_kwargs("chain.from_iterable")?;
    if args.pos.len() != 1 {
        return Err(PyErr::type_error(format!(
            "chain.from_iterable() takes exactly one argument ({} given)",
            args.pos.len()
        )));
    }
    let source = vm.get_iter(&args.pos[0])?;
    new_object(
        &class,
        Chain {
            state: Mutex::new((Some(source), None)),
        },
    )
}

fn chain_next<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let c = state_of::<R, Chain<R>>(&this)?;
    loop {
        let (source, active) = c.state.lock().clone();
        if let Some(active) = active {
            if let Some(v) = vm.next_fast(&active)? {
                return Ok(v);
            }
            c.state.lock().1 = None;
        }
        let Some(source) = source else {
            return stop();
        };
        // An error from the source or from an iterable that cannot be iterated ends the
        // chain, as CPython's: the next call stops rather than moving on to the next one.
        let found = vm
            .next_fast(&source)
            .inspect_err(|_| c.state.lock().0 = None)?;
        match found {
            Some(iterable) => {
                let it = vm
                    .get_iter(&iterable)
                    .inspect_err(|_| c.state.lock().0 = None)?;
                c.state.lock().1 = Some(it);
            }
            None => {
                c.state.lock().0 = None;
                return stop();
            }
        }
    }
}

// ---- compress, dropwhile, takewhile, filterfalse, starmap ----

/// An input iterator with one other value (selectors, a predicate or a function) and a flag.
struct Filtered<R: Runtime> {
    it: Value<R>,
    other: Value<R>,
    flag: Mutex<bool>,
}

fn filtered_new<R: Runtime>(
    vm: &mut Vm<R>,
    args: Args<R>,
    name: &str,
    iterable_first: bool,
) -> R0<R> {
    let (class, args) = split_class(args);
    let (it, other) = if iterable_first {
        let p = params(args, name, &["data", "selectors"], 2)?;
        let data = p[0].clone().unwrap_or(Value::None);
        let selectors = p[1].clone().unwrap_or(Value::None);
        (vm.get_iter(&data)?, vm.get_iter(&selectors)?)
    } else {
        args.no_kwargs(name)?;
        expect_count(&args, name, 2, 2)?;
        (vm.get_iter(&args.pos[1])?, args.pos[0].clone())
    };
    new_object(
        &class,
        Filtered {
            it,
            other,
            flag: Mutex::new(false),
        },
    )
}

fn compress_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    filtered_new(vm, args, "compress", true)
}

fn compress_next<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let f = state_of::<R, Filtered<R>>(&this)?;
    loop {
        let Some(d) = vm.next_fast(&f.it)? else {
            return stop();
        };
        let Some(s) = vm.next_fast(&f.other)? else {
            return stop();
        };
        if vm.truthy(&s)? {
            return Ok(d);
        }
    }
}

/// The predicate's verdict on `v` (`None` as the predicate: `v`'s own truth).
fn holds<R: Runtime>(vm: &mut Vm<R>, pred: &Value<R>, v: &Value<R>) -> PyResult<bool, R> {
    if pred.is_none() {
        return vm.truthy(v);
    }
    let r = vm.call(pred, vec![v.clone()], Vec::new())?;
    vm.truthy(&r)
}

fn dropwhile_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    filtered_new(vm, args, "dropwhile", false)
}

fn dropwhile_next<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let f = state_of::<R, Filtered<R>>(&this)?;
    loop {
        let Some(v) = vm.next_fast(&f.it)? else {
            return stop();
        };
        if *f.flag.lock() || !holds(vm, &f.other, &v)? {
            *f.flag.lock() = true;
            return Ok(v);
        }
    }
}

fn takewhile_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    filtered_new(vm, args, "takewhile", false)
}

fn takewhile_next<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let f = state_of::<R, Filtered<R>>(&this)?;
    if *f.flag.lock() {
        return stop();
    }
    let Some(v) = vm.next_fast(&f.it)? else {
        return stop();
    };
    if holds(vm, &f.other, &v)? {
        return Ok(v);
    }
    *f.flag.lock() = true;
    stop()
}

fn filterfalse_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    filtered_new(vm, args, "filterfalse", false)
}

fn filterfalse_next<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let f = state_of::<R, Filtered<R>>(&this)?;
    loop {
        let Some(v) = vm.next_fast(&f.it)? else {
            return stop();
        };
        if !holds(vm, &f.other, &v)? {
            return Ok(v);
        }
    }
}

fn starmap_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    filtered_new(vm, args, "starmap", false)
}

fn starmap_next<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let f = state_of::<R, Filtered<R>>(&this)?;
    let Some(v) = vm.next_fast(&f.it)? else {
        return stop();
    };
    let call_args = vm.collect(&v)?;
    vm.call(&f.other, call_args, Vec::new())
}

// ---- islice ----

struct Islice<R: Runtime> {
    it: Value<R>,
    /// `None` once the slice is exhausted.
    state: Mutex<Option<IsliceState>>,
    stop: Option<usize>,
    step: usize,
}

struct IsliceState {
    /// The index of the next item to yield, and how many items were read.
    next: usize,
    count: usize,
}

/// An islice index: `None`, or a non-negative int; `-1` stands for "not valid", as in CPython.
fn slice_index<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> Option<i64> {
    if v.is_none() {
        return None;
    }
    Some(super::num_args::to_i64(vm, v, "").unwrap_or(-1))
}

fn islice_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    const STOP: &str =
        "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    const INDICES: &str = "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    let (class, args) = split_class(args);
    args.no_kwargs("islice")?;
    expect_count(&args, "islice", 2, 4)?;
    let (start, stop_at) = if args.pos.len() == 2 {
        (0, slice_index(vm, &args.pos[1]))
    } else {
        let start = slice_index(vm, &args.pos[1]).unwrap_or(0);
        (start, slice_index(vm, &args.pos[2]))
    };
    if stop_at == Some(-1) {
        return Err(PyErr::value_error(STOP));
    }
    let mut step = 1;
    if start < 0 || stop_at.is_some_and(|s| s < 0) {
        return Err(PyErr::value_error(INDICES));
    }
    if let Some(s) = args.pos.get(3) {
        step = slice_index(vm, s).unwrap_or(1);
    }
    if step < 1 {
        return Err(PyErr::value_error(
            "Step for islice() must be a positive integer or None.",
        ));
    }
    let it = vm.get_iter(&args.pos[0])?;
    let state = IsliceState {
        next: start as usize,
        count: 0,
    };
    new_object(
        &class,
        Islice {
            it,
            state: Mutex::new(Some(state)),
            stop: stop_at.map(|s| s as usize),
            step: step as usize,
        },
    )
}

fn islice_next<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let s = state_of::<R, Islice<R>>(&this)?;
    let finish = || -> R0<R> {
        *s.state.lock() = None;
        stop()
    };
    // Skip to the next index to yield (the lock is not held across `next`).
    loop {
        let (next, count) = match &*s.state.lock() {
            Some(st) => (st.next, st.count),
            None => return stop(),
        };
        if count >= next {
            break;
        }
        if vm.next_fast(&s.it)?.is_none() {
            return finish();
        }
        if let Some(st) = s.state.lock().as_mut() {
            st.count += 1;
        }
    }
    let count = s.state.lock().as_ref().map_or(0, |st| st.count);
    if s.stop.is_some_and(|stop_at| count >= stop_at) {
        return finish();
    }
    let Some(item) = vm.next_fast(&s.it)? else {
        return finish();
    };
    if let Some(st) = s.state.lock().as_mut() {
        st.count += 1;
        let old = st.next;
        st.next = st.next.saturating_add(s.step);
        if let Some(stop_at) = s.stop {
            if st.next < old || st.next > stop_at {
                st.next = stop_at;
            }
        }
    }
    Ok(item)
}
