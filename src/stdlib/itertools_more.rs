//! The rest of `itertools`: the combinatoric iterators (`product`, `permutations`,
//! `combinations`, `combinations_with_replacement`, which read their inputs once, up front, as
//! CPython's do), `groupby` with its `_grouper`s, and `tee` with its `_tee` iterators over one
//! shared buffer that forgets what every live `_tee` has read; `pairwise` and `zip_longest`.

use super::itertools::{
    expect_count, iterator_class, new_object, params, receiver, split_class, state_of, stop, R0,
};
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::Vm;
use parking_lot::Mutex;
use std::collections::VecDeque;
use std::sync::Arc;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) {
    let classes: &[(
        &str,
        crate::objects::NativeFn<R>,
        crate::objects::NativeFn<R>,
    )] = &[
        ("product", product_new, combinatoric_next),
        ("permutations", permutations_new, combinatoric_next),
        ("combinations", combinations_new, combinatoric_next),
        ("combinations_with_replacement", cwr_new, combinatoric_next),
        ("groupby", groupby_new, groupby_next),
        ("pairwise", pairwise_new, pairwise_next),
        ("zip_longest", zip_longest_new, zip_longest_next),
        ("_grouper", no_new, grouper_next),
        ("_tee", no_new, tee_next),
    ];
    for (name, new, next) in classes {
        let class = iterator_class(vm, name, *new, *next);
        vm.set_module_attr(m, name, Value::Obj(class));
    }
    let tee_class = iterator_class(vm, "_tee", no_new, tee_next);
    crate::vm::add_methods(&tee_class, &[("__copy__", tee_copy)]);
    super::add_functions(vm, m, &[("tee", tee)]);
}

fn no_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let name = match args.pos.first() {
        Some(c) => vm.repr(c)?,
        None => "type".into(),
    };
    Err(PyErr::type_error(format!("cannot create {name} instances")))
}

// ---- product, permutations, combinations, combinations_with_replacement ----

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Product,
    Permutations,
    Combinations,
    WithReplacement,
}

/// Index vectors over pools of values read up front.
struct Combinatoric<R: Runtime> {
    kind: Kind,
    /// One pool per position for `product`; one pool for the others.
    pools: Vec<Vec<Value<R>>>,
    r: usize,
    state: Mutex<IndexState>,
}

struct IndexState {
    indices: Vec<usize>,
    /// `permutations`' countdowns.
    cycles: Vec<usize>,
    first: bool,
    done: bool,
}

fn make<R: Runtime>(class: &Value<R>, kind: Kind, pools: Vec<Vec<Value<R>>>, r: usize) -> R0<R> {
    let n = pools.first().map_or(0, Vec::len);
    let (indices, cycles, done) = match kind {
        Kind::Product => (
            vec![0; pools.len()],
            Vec::new(),
            pools.iter().any(Vec::is_empty),
        ),
        Kind::Permutations => (
            (0..n).collect(),
            (n + 1 - r.min(n)..=n).rev().collect(),
            r > n,
        ),
        Kind::Combinations => ((0..r).collect(), Vec::new(), r > n),
        Kind::WithReplacement => (vec![0; r], Vec::new(), n == 0 && r > 0),
    };
    let state = IndexState {
        indices,
        cycles,
        first: true,
        done,
    };
    new_object(
        class,
        Combinatoric {
            kind,
            pools,
            r,
            state: Mutex::new(state),
        },
    )
}

/// An `r` argument: a non-negative int.
fn r_arg<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<usize, R> {
    let Some(b) = crate::objects::int::to_bigint(v) else {
        return Err(PyErr::type_error("Expected int as r"));
    };
    let _ = vm;
    match num_traits::ToPrimitive::to_i64(&b) {
        Some(r) if r >= 0 => Ok(r as usize),
        Some(_) => Err(PyErr::value_error("r must be non-negative")),
        None if b.sign() == num_bigint::Sign::Minus => {
            Err(PyErr::value_error("r must be non-negative"))
        }
        None => Err(PyErr::overflow(
            "Python int too large to convert to C ssize_t",
        )),
    }
}

fn product_new<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let repeat = args.take_kw("repeat");
    if let Some((k, _)) = args.kw.first() {
        return Err(PyErr::type_error(format!(
            "'{}' is an invalid keyword argument for product()",
            k.as_str().unwrap_or("?")
        )));
    }
    let (class, args) = split_class(args);
    let repeat = match repeat {
        Some(v) => {
            let n =
                super::num_args::to_i64(vm, &v, "cannot fit 'int' into an index-sized integer")?;
            if n < 0 {
                return Err(PyErr::value_error("repeat argument cannot be negative"));
            }
            n as usize
        }
        None => 1,
    };
    let mut pools = Vec::with_capacity(args.pos.len());
    for v in &args.pos {
        pools.push(vm.collect(v)?);
    }
    let mut all = Vec::with_capacity(pools.len() * repeat);
    for _ in 0..repeat {
        all.extend(pools.iter().cloned());
    }
    make(&class, Kind::Product, all, 0)
}

fn permutations_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (class, args) = split_class(args);
    let p = params(args, "permutations", &["iterable", "r"], 1)?;
    let pool = vm.collect(p[0].as_ref().unwrap_or(&Value::None))?;
    let r = match p[1].as_ref().filter(|v| !v.is_none()) {
        Some(v) => r_arg(vm, v)?,
        None => pool.len(),
    };
    make(&class, Kind::Permutations, vec![pool], r)
}

fn combinations_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    combination_like(vm, args, "combinations", Kind::Combinations)
}

fn cwr_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    combination_like(
        vm,
        args,
        "combinations_with_replacement",
        Kind::WithReplacement,
    )
}

fn combination_like<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, name: &str, kind: Kind) -> R0<R> {
    let (class, args) = split_class(args);
    let p = params(args, name, &["iterable", "r"], 2)?;
    let pool = vm.collect(p[0].as_ref().unwrap_or(&Value::None))?;
    let r = r_arg(vm, p[1].as_ref().unwrap_or(&Value::None))?;
    make(&class, kind, vec![pool], r)
}

/// Moves the indices on to the next arrangement; false when there is none.
fn advance<T>(kind: Kind, st: &mut IndexState, pools: &[Vec<T>], r: usize) -> bool {
    let n = pools.first().map_or(0, Vec::len);
    match kind {
        Kind::Product => {
            for i in (0..st.indices.len()).rev() {
                st.indices[i] += 1;
                if st.indices[i] < pools[i].len() {
                    return true;
                }
                st.indices[i] = 0;
            }
            false
        }
        Kind::Combinations => {
            let Some(i) = (0..r).rev().find(|&i| st.indices[i] != i + n - r) else {
                return false;
            };
            st.indices[i] += 1;
            for j in i + 1..r {
                st.indices[j] = st.indices[j - 1] + 1;
            }
            true
        }
        Kind::WithReplacement => {
            let Some(i) = (0..r).rev().find(|&i| st.indices[i] != n - 1) else {
                return false;
            };
            let v = st.indices[i] + 1;
            for j in i..r {
                st.indices[j] = v;
            }
            true
        }
        Kind::Permutations => {
            for i in (0..r).rev() {
                st.cycles[i] -= 1;
                if st.cycles[i] == 0 {
                    // Rotate indices[i..] left by one.
                    st.indices[i..].rotate_left(1);
                    st.cycles[i] = n - i;
                } else {
                    let j = st.cycles[i];
                    st.indices.swap(i, n - j);
                    return true;
                }
            }
            false
        }
    }
}

fn combinatoric_next<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let c = state_of::<R, Combinatoric<R>>(&this)?;
    let mut st = c.state.lock();
    if st.done {
        return stop();
    }
    if st.first {
        st.first = false;
    } else {
        if !advance(c.kind, &mut st, &c.pools, c.r) {
            st.done = true;
            return stop();
        }
    }
    let items: Vec<Value<R>> = match c.kind {
        Kind::Product => st
            .indices
            .iter()
            .zip(&c.pools)
            .map(|(i, pool)| pool[*i].clone())
            .collect(),
        _ => st.indices[..c.r]
            .iter()
            .map(|i| c.pools[0][*i].clone())
            .collect(),
    };
    drop(st);
    Ok(vm.new_tuple(items))
}

// ---- groupby ----

struct GroupBy<R: Runtime> {
    it: Value<R>,
    key: Option<Value<R>>,
    state: Mutex<GroupState<R>>,
}

struct GroupState<R: Runtime> {
    target: Option<Value<R>>,
    current_key: Option<Value<R>>,
    current_value: Option<Value<R>>,
    /// Which `_grouper` may still yield: the newest one.
    grouper: u64,
}

struct Grouper<R: Runtime> {
    parent: Value<R>,
    target: Value<R>,
    id: u64,
}

fn groupby_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (class, args) = split_class(args);
    let p = params(args, "groupby", &["iterable", "key"], 1)?;
    let it = vm.get_iter(p[0].as_ref().unwrap_or(&Value::None))?;
    let key = p[1].clone().filter(|k| !k.is_none());
    let state = GroupState {
        target: None,
        current_key: None,
        current_value: None,
        grouper: 0,
    };
    new_object(
        &class,
        GroupBy {
            it,
            key,
            state: Mutex::new(state),
        },
    )
}

/// Reads the next value and its key; false at the end.
fn group_step<R: Runtime>(vm: &mut Vm<R>, g: &GroupBy<R>) -> PyResult<bool, R> {
    let Some(v) = vm.next_fast(&g.it)? else {
        return Ok(false);
    };
    let k = match &g.key {
        Some(f) => vm.call(f, vec![v.clone()], Vec::new())?,
        None => v.clone(),
    };
    let mut st = g.state.lock();
    st.current_value = Some(v);
    st.current_key = Some(k);
    Ok(true)
}

fn groupby_next<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let g = state_of::<R, GroupBy<R>>(&this)?;
    g.state.lock().grouper += 1;
    // Skip the rest of the current group.
    loop {
        let (target, current) = {
            let st = g.state.lock();
            (st.target.clone(), st.current_key.clone())
        };
        match (target, current) {
            (_, None) => {}
            (None, Some(_)) => break,
            (Some(t), Some(c)) => {
                if !vm.eq(&t, &c)? {
                    break;
                }
            }
        }
        if !group_step(vm, g)? {
            return stop();
        }
    }
    let (key, id) = {
        let mut st = g.state.lock();
        st.target = st.current_key.clone();
        (st.target.clone().unwrap_or(Value::None), st.grouper)
    };
    let grouper_class = vm.native_class("_grouper", "itertools", &[]);
    let grouper = new_object(
        &Value::Obj(grouper_class),
        Grouper {
            parent: this.clone(),
            target: key.clone(),
            id,
        },
    )?;
    Ok(vm.new_tuple(vec![key, grouper]))
}

fn grouper_next<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let gr = state_of::<R, Grouper<R>>(&this)?;
    let g = state_of::<R, GroupBy<R>>(&gr.parent)?;
    if g.state.lock().grouper != gr.id {
        return stop();
    }
    if g.state.lock().current_value.is_none() && !group_step(vm, g)? {
        return stop();
    }
    let current = g.state.lock().current_key.clone().unwrap_or(Value::None);
    if !vm.eq(&gr.target, &current)? {
        return stop();
    }
    let mut st = g.state.lock();
    st.current_key = None;
    Ok(st.current_value.take().unwrap_or(Value::None))
}

// ---- tee ----

/// What the `_tee`s of one `tee()` call share: the input and the items some `_tee` has not
/// read yet.
struct TeeShared<R: Runtime> {
    it: Value<R>,
    buffer: VecDeque<Value<R>>,
    /// The index (in the input) of `buffer[0]`.
    base: usize,
    /// The next index of each `_tee`; `None` once it is gone.
    positions: Vec<Option<usize>>,
    done: bool,
    /// Set while some `_tee` reads the input: reading it again then (from the input's own
    /// `__next__`, or from another thread) is an error, as in CPython.
    running: bool,
}

impl<R: Runtime> TeeShared<R> {
    /// Drops the items every live `_tee` has read; they are returned to be freed after the
    /// lock is released (freeing one may run code that reaches this buffer).
    fn trim(&mut self) -> Vec<Value<R>> {
        let low = self.positions.iter().flatten().min().copied();
        let keep_from = low.unwrap_or(self.base + self.buffer.len());
        let n = keep_from.saturating_sub(self.base).min(self.buffer.len());
        self.base += n;
        self.buffer.drain(..n).collect()
    }
}

struct Tee<R: Runtime> {
    shared: Arc<Mutex<TeeShared<R>>>,
    slot: usize,
}

impl<R: Runtime> Drop for Tee<R> {
    fn drop(&mut self) {
        let freed = {
            let mut sh = self.shared.lock();
            sh.positions[self.slot] = None;
            sh.trim()
        };
        drop(freed);
    }
}

fn new_tee<R: Runtime>(vm: &Vm<R>, shared: &Arc<Mutex<TeeShared<R>>>, position: usize) -> R0<R> {
    let slot = {
        let mut sh = shared.lock();
        sh.positions.push(Some(position));
        sh.positions.len() - 1
    };
    let class = vm.native_class("_tee", "itertools", &[]);
    new_object(
        &Value::Obj(class),
        Tee {
            shared: shared.clone(),
            slot,
        },
    )
}

fn tee<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("tee")?;
    expect_count(&args, "tee", 1, 2)?;
    let n = match args.pos.get(1) {
        Some(v) => super::num_args::to_i64(vm, v, "Python int too large to convert to C ssize_t")?,
        None => 2,
    };
    if n < 0 {
        return Err(PyErr::value_error("n must be >= 0"));
    }
    let source = &args.pos[0];
    // A `_tee` is copied: the copies share its buffer and start where it stands.
    let (shared, start) = match source.kind() {
        Some(ObjKind::Native(o)) if o.downcast::<Tee<R>>().is_some() => {
            let t = state_of::<R, Tee<R>>(source)?;
            let pos = t.shared.lock().positions[t.slot].unwrap_or(0);
            (t.shared.clone(), pos)
        }
        _ => {
            let it = vm.get_iter(source)?;
            let shared = TeeShared {
                it,
                buffer: VecDeque::new(),
                base: 0,
                positions: Vec::new(),
                done: false,
                running: false,
            };
            (Arc::new(Mutex::new(shared)), 0)
        }
    };
    let mut tees = Vec::with_capacity(n as usize);
    for _ in 0..n {
        tees.push(new_tee(vm, &shared, start)?);
    }
    Ok(vm.new_tuple(tees))
}

fn tee_copy<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let t = state_of::<R, Tee<R>>(&this)?;
    let pos = t.shared.lock().positions[t.slot].unwrap_or(0);
    new_tee(vm, &t.shared, pos)
}

fn tee_next<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let t = state_of::<R, Tee<R>>(&this)?;
    let it = {
        let mut sh = t.shared.lock();
        let pos = sh.positions[t.slot].unwrap_or(0);
        if pos < sh.base + sh.buffer.len() {
            let v = sh.buffer[pos - sh.base].clone();
            sh.positions[t.slot] = Some(pos + 1);
            let freed = sh.trim();
            drop(sh);
            drop(freed);
            return Ok(v);
        }
        if sh.done {
            return stop();
        }
        if sh.running {
            return Err(PyErr::runtime_error("cannot re-enter the tee iterator"));
        }
        sh.running = true;
        sh.it.clone()
    };
    let next = vm.next_fast(&it);
    let mut sh = t.shared.lock();
    sh.running = false;
    let Some(v) = next? else {
        sh.done = true;
        return stop();
    };
    sh.buffer.push_back(v);
    let pos = sh.positions[t.slot].unwrap_or(0);
    let v = sh.buffer[pos - sh.base].clone();
    sh.positions[t.slot] = Some(pos + 1);
    let freed = sh.trim();
    drop(sh);
    drop(freed);
    Ok(v)
}

// ---- pairwise ----

struct Pairwise<R: Runtime> {
    it: Value<R>,
    /// The last item read; `None` before the first and after the end.
    old: Mutex<Option<Value<R>>>,
    done: Mutex<bool>,
}

fn pairwise_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (class, args) = split_class(args);
    args.no_kwargs("pairwise")?;
    expect_count(&args, "pairwise", 1, 1)?;
    let it = vm.get_iter(&args.pos[0])?;
    new_object(
        &class,
        Pairwise {
            it,
            old: Mutex::new(None),
            done: Mutex::new(false),
        },
    )
}

fn pairwise_next<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let p = state_of::<R, Pairwise<R>>(&this)?;
    if *p.done.lock() {
        return stop();
    }
    let old = p.old.lock().clone();
    let old = match old {
        Some(v) => v,
        None => match vm.next_fast(&p.it)? {
            Some(v) => v,
            None => {
                *p.done.lock() = true;
                return stop();
            }
        },
    };
    let Some(new) = vm.next_fast(&p.it)? else {
        *p.done.lock() = true;
        *p.old.lock() = None;
        return stop();
    };
    *p.old.lock() = Some(new.clone());
    Ok(vm.new_tuple(vec![old, new]))
}

// ---- zip_longest ----

struct ZipLongest<R: Runtime> {
    /// The inputs; an exhausted one is `None`.
    its: Mutex<Vec<Option<Value<R>>>>,
    fill: Value<R>,
    active: Mutex<usize>,
}

fn zip_longest_new<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let fill = args.take_kw("fillvalue").unwrap_or(Value::None);
    if !args.kw.is_empty() {
        return Err(PyErr::type_error(
            "zip_longest() got an unexpected keyword argument",
        ));
    }
    let (class, args) = split_class(args);
    let mut its = Vec::with_capacity(args.pos.len());
    for v in &args.pos {
        its.push(Some(vm.get_iter(v)?));
    }
    let active = its.len();
    new_object(
        &class,
        ZipLongest {
            its: Mutex::new(its),
            fill,
            active: Mutex::new(active),
        },
    )
}

fn zip_longest_next<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let z = state_of::<R, ZipLongest<R>>(&this)?;
    let its = z.its.lock().clone();
    if its.is_empty() || *z.active.lock() == 0 {
        return stop();
    }
    let mut out = Vec::with_capacity(its.len());
    for (i, it) in its.iter().enumerate() {
        let Some(it) = it else {
            out.push(z.fill.clone());
            continue;
        };
        match vm.next_fast(it)? {
            Some(v) => out.push(v),
            None => {
                let mut active = z.active.lock();
                *active = active.saturating_sub(1);
                if *active == 0 {
                    return stop();
                }
                drop(active);
                z.its.lock()[i] = None;
                out.push(z.fill.clone());
            }
        }
    }
    Ok(vm.new_tuple(out))
}
