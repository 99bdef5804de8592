//! The `bisect` module (also importable as `_bisect`): binary search in a sorted sequence and
//! insertion that keeps it sorted — `bisect_left`, `bisect_right` (`bisect`), `insort_left`,
//! `insort_right` (`insort`) — with `lo`, `hi` and `key` as in CPython 3.11.

use super::itertools::{params, R0};
use super::num_args::to_i64;
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] =
        &[("bisect_left", bisect_left), ("insort_left", insort_left)];
    super::add_functions(vm, m, functions);
    // `bisect` and `insort` are the same objects as `bisect_right` and `insort_right`, as in
    // CPython (so that their home, and so their docstring, is found under either name).
    let right: &[(&'static str, &'static str, NativeFn<R>)] = &[
        ("bisect_right", "bisect", bisect_right),
        ("insort_right", "insort", insort_right),
    ];
    for &(name, alias, f) in right {
        let function = super::native_function(name, f);
        vm.set_module_attr(m, name, function.clone());
        vm.set_module_attr(m, alias, function);
    }
    true
}

struct Search<R: Runtime> {
    seq: Value<R>,
    x: Value<R>,
    lo: usize,
    hi: usize,
    key: Option<Value<R>>,
}

fn search_args<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, name: &str) -> PyResult<Search<R>, R> {
    let mut args = args;
    let key = args.take_kw("key").filter(|k| !k.is_none());
    let p = params(args, name, &["a", "x", "lo", "hi"], 2)?;
    let seq = p[0].clone().unwrap_or(Value::None);
    let x = p[1].clone().unwrap_or(Value::None);
    let lo = match &p[2] {
        Some(v) => to_i64(vm, v, "Python int too large to convert to C ssize_t")?,
        None => 0,
    };
    if lo < 0 {
        return Err(PyErr::value_error("lo must be non-negative"));
    }
    let hi = match p[3].as_ref().filter(|v| !v.is_none()) {
        Some(v) => to_i64(vm, v, "Python int too large to convert to C ssize_t")?,
        None => -1,
    };
    // CPython takes -1 for "not given", so `hi=-1` means the whole sequence too.
    let hi = if hi == -1 { vm.len(&seq)? as i64 } else { hi };
    Ok(Search {
        seq,
        x,
        lo: lo as usize,
        hi: hi.max(0) as usize,
        key,
    })
}

/// The insertion point of `s.x`: left of equal items (`right` false) or right of them.
/// With a key, `x_key` is what items' keys are compared with.
fn find<R: Runtime>(
    vm: &mut Vm<R>,
    s: &Search<R>,
    x_key: &Value<R>,
    right: bool,
) -> PyResult<usize, R> {
    let (mut lo, mut hi) = (s.lo, s.hi);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let mut item = vm.get_item(&s.seq, &Value::Int(mid as i64))?;
        if let Some(k) = &s.key {
            item = vm.call(k, vec![item], Vec::new())?;
        }
        let goes_left = if right {
            let r = vm.compare(x_key.clone(), item, 0)?;
            vm.truthy(&r)?
        } else {
            let r = vm.compare(item, x_key.clone(), 0)?;
            !vm.truthy(&r)?
        };
        if goes_left {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(lo)
}

fn bisect<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, name: &str, right: bool) -> R0<R> {
    let s = search_args(vm, args, name)?;
    let x = s.x.clone();
    Ok(Value::Int(find(vm, &s, &x, right)? as i64))
}

fn bisect_left<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    bisect(vm, args, "bisect_left", false)
}

fn bisect_right<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    bisect(vm, args, "bisect_right", true)
}

fn insort<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, name: &str, right: bool) -> R0<R> {
    let s = search_args(vm, args, name)?;
    let x_key = match &s.key {
        Some(k) => vm.call(k, vec![s.x.clone()], Vec::new())?,
        None => s.x.clone(),
    };
    let at = find(vm, &s, &x_key, right)?;
    if let Some(ObjKind::List(l)) = s.seq.kind() {
        let mut items = l.lock::<R>();
        let at = at.min(items.len());
        items.insert(at, s.x.clone());
        return Ok(Value::None);
    }
    let insert = vm.get_attr_str(&s.seq, "insert")?;
    vm.call(
        &insert,
        vec![Value::Int(at as i64), s.x.clone()],
        Vec::new(),
    )?;
    Ok(Value::None)
}

fn insort_left<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    insort(vm, args, "insort_left", false)
}

fn insort_right<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    insort(vm, args, "insort_right", true)
}
