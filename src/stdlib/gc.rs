//! The `gc` module: the cycle collector's controls (`collect`, `enable`/`disable`, thresholds
//! and counts of CPython's three generations) and its views of the heap (`is_tracked`,
//! `get_objects`, `get_referents`, `get_referrers`). The collector itself is `objects::gc`
//! (bookkeeping, finding garbage) and `vm::gc` (policy, finalizers). `freeze` and friends are
//! accepted and do nothing.

use super::num_args::to_i64;
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::gc::{self, FINALIZED, GENERATIONS};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

type R0<R> = PyResult<Value<R>, R>;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("collect", collect),
        ("enable", enable),
        ("disable", disable),
        ("isenabled", isenabled),
        ("get_count", get_count),
        ("get_threshold", get_threshold),
        ("set_threshold", set_threshold),
        ("is_tracked", is_tracked),
        ("is_finalized", is_finalized),
        ("get_objects", get_objects),
        ("get_referents", get_referents),
        ("get_referrers", get_referrers),
        ("freeze", nothing),
        ("unfreeze", nothing),
        ("get_freeze_count", get_freeze_count),
        ("get_debug", get_debug),
        ("set_debug", set_debug),
        ("get_stats", get_stats),
    ];
    super::add_functions(vm, m, functions);
    for name in ["garbage", "callbacks"] {
        let list = vm.new_list(Vec::new());
        vm.set_module_attr(m, name, list);
    }
    for (name, value) in [
        ("DEBUG_STATS", 1),
        ("DEBUG_COLLECTABLE", 2),
        ("DEBUG_UNCOLLECTABLE", 4),
        ("DEBUG_SAVEALL", 32),
        ("DEBUG_LEAK", 38),
    ] {
        vm.set_module_attr(m, name, Value::Int(value));
    }
    true
}

/// The flags of `gc.set_debug` (kept and reported; minipy's collector prints nothing for
/// them and keeps no garbage for DEBUG_SAVEALL).
static DEBUG_FLAGS: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

fn get_debug<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("get_debug", 0, 0)?;
    Ok(Value::Int(
        DEBUG_FLAGS.load(std::sync::atomic::Ordering::Relaxed),
    ))
}

fn set_debug<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("set_debug")?;
    args.check_count("set_debug", 1, 1)?;
    let flags = vm.int_i64(&args.pos[0])?;
    DEBUG_FLAGS.store(flags, std::sync::atomic::Ordering::Relaxed);
    Ok(Value::None)
}

/// `gc.get_stats()`: a dict per generation of its collections, the objects they collected
/// and the uncollectable ones (none: minipy frees every cycle, finalizers or not).
fn get_stats<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("get_stats", 0, 0)?;
    let mut out = Vec::new();
    for (collections, collected) in crate::vm::collection_stats() {
        let mut map = crate::objects::dict::new_map::<R>();
        for (key, value) in [
            ("collections", collections),
            ("collected", collected),
            ("uncollectable", 0),
        ] {
            map.insert(vm.str_key(key), Value::Int(value as i64));
        }
        out.push(vm.new_dict(map));
    }
    Ok(vm.new_list(out))
}

fn collect<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let kw = args.take_kw("generation");
    args.no_more_kwargs("collect")?;
    args.check_count("collect", 0, 1)?;
    let gen = match args.pos.first().or(kw.as_ref()) {
        Some(v) => to_i64(vm, v, "Python int too large to convert to C long")?,
        None => 2,
    };
    if !(0..GENERATIONS as i64).contains(&gen) {
        return Err(PyErr::value_error("invalid generation"));
    }
    let found = vm.collect_generation(gen as usize).unwrap_or(0);
    Ok(Value::Int(found as i64))
}

fn enable<R: Runtime>(_vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    gc::registry::<R>().set_enabled(true);
    Ok(Value::None)
}

fn disable<R: Runtime>(_vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    gc::registry::<R>().set_enabled(false);
    Ok(Value::None)
}

fn isenabled<R: Runtime>(_vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(Value::Bool(gc::registry::<R>().enabled()))
}

fn triple<R: Runtime>(vm: &Vm<R>, n: [usize; GENERATIONS]) -> Value<R> {
    vm.new_tuple(n.iter().map(|&x| Value::Int(x as i64)).collect())
}

fn get_count<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    let count = gc::registry::<R>().count;
    Ok(triple(vm, count))
}

fn get_threshold<R: Runtime>(vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    let threshold = gc::registry::<R>().threshold();
    Ok(triple(vm, threshold))
}

fn set_threshold<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("set_threshold")?;
    let n = args.pos.len();
    if n == 0 {
        return Err(PyErr::type_error(
            "set_threshold() takes at least 1 argument (0 given)",
        ));
    }
    if n > 3 {
        return Err(PyErr::type_error(format!(
            "set_threshold() takes at most 3 arguments ({n} given)"
        )));
    }
    let mut values = Vec::with_capacity(n);
    for v in &args.pos {
        let x = to_i64(vm, v, "Python int too large to convert to C int")?;
        values.push(x.max(0) as usize);
    }
    let mut reg = gc::registry::<R>();
    for (g, x) in values.into_iter().enumerate() {
        reg.set_threshold(g, x);
    }
    Ok(Value::None)
}

fn one_arg<'a, R: Runtime>(args: &'a Args<R>, name: &str) -> PyResult<&'a Value<R>, R> {
    args.no_kwargs(name)?;
    args.check_count(name, 1, 1)?;
    Ok(&args.pos[0])
}

/// CPython's answer: containers are tracked, except tuples and dicts that hold nothing
/// trackable (CPython untracks those lazily; minipy tracks dicts always, and answers as
/// CPython would).
fn is_tracked<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let v = one_arg(&args, "is_tracked")?;
    let Value::Obj(o) = v else {
        return Ok(Value::Bool(false));
    };
    let tracked = match o.kind() {
        ObjKind::Dict(d) => d.lock::<R>().iter().any(|(k, x)| {
            crate::objects::traverse::is_tracked_value(&k.value)
                || crate::objects::traverse::is_tracked_value(x)
        }),
        _ => o.is_tracked(),
    };
    Ok(Value::Bool(tracked))
}

fn is_finalized<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let v = one_arg(&args, "is_finalized")?;
    Ok(Value::Bool(
        v.as_obj().is_some_and(|o| o.gc_flags() & FINALIZED != 0),
    ))
}

/// Every tracked object (of one generation), listed with the world stopped (under
/// `--no-gil` another thread could free an object between the listing and the taking of a
/// reference).
fn tracked_objects<R: Runtime>(vm: &mut Vm<R>, generation: Option<usize>) -> Vec<ObjRef<R>> {
    vm.with_world_stopped(|| {
        let addrs = gc::registry::<R>().all(generation);
        addrs
            .into_iter()
            // SAFETY: the addresses are live tracked objects: no object was freed since the
            // listing (no code ran, and no other thread runs); a count of 0 is refused.
            .filter_map(|a| unsafe { ObjRef::try_from_addr_incref(a) })
            .collect()
    })
    .unwrap_or_default()
}

fn get_objects<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let kw = args.take_kw("generation");
    args.no_more_kwargs("get_objects")?;
    args.check_count("get_objects", 0, 1)?;
    let generation = match args.pos.first().or(kw.as_ref()) {
        None | Some(Value::None) => None,
        Some(v) => {
            let g = to_i64(vm, v, "Python int too large to convert to C long")?;
            if g >= GENERATIONS as i64 {
                return Err(PyErr::value_error(
                    "generation parameter must be less than the number of available generations (3)",
                ));
            }
            if g < 0 {
                return Err(PyErr::value_error(
                    "generation parameter cannot be negative",
                ));
            }
            Some(g as usize)
        }
    };
    let objs = tracked_objects(vm, generation);
    Ok(vm.new_list(objs.into_iter().map(Value::Obj).collect()))
}

fn get_referents<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("get_referents")?;
    let mut out = Vec::new();
    for v in &args.pos {
        if let Value::Obj(o) = v {
            if o.is_tracked() {
                o.kind()
                    .traverse(&mut |child| out.push(Value::Obj(child.clone())));
            }
        }
    }
    Ok(vm.new_list(out))
}

fn get_referrers<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("get_referrers")?;
    let targets: Vec<usize> = args
        .pos
        .iter()
        .filter_map(|v| v.as_obj().map(|o| o.addr()))
        .collect();
    let mut out = Vec::new();
    for o in tracked_objects(vm, None) {
        let mut hit = false;
        o.kind()
            .traverse(&mut |child| hit |= targets.contains(&child.addr()));
        if hit {
            out.push(Value::Obj(o));
        }
    }
    Ok(vm.new_list(out))
}

fn nothing<R: Runtime>(_vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(Value::None)
}

fn get_freeze_count<R: Runtime>(_vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(Value::Int(0))
}
