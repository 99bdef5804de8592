//! `list` methods: a growable sequence behind a cell (mutable, so locked under `--no-gil`).
//! Items are copied out before any Python code runs (comparisons, keys), per `ObjCell`'s rule.

use super::exception::{PyErr, PyResult};
use super::{Args, NativeFn, ObjKind, Runtime, Value};
use crate::vm::Vm;

type R0<R> = PyResult<Value<R>, R>;

pub fn methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![("append", append), ("sort", sort)]
}

/// The receiver's item cell.
fn items<R: Runtime>(args: &Args<R>) -> PyResult<&super::ObjCell<Vec<Value<R>>>, R> {
    match args.pos.first().and_then(|v| v.kind()) {
        Some(ObjKind::List(l)) => Ok(l),
        _ => Err(PyErr::type_error("descriptor requires a 'list' object")),
    }
}

fn append<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("list.append", 2, 2)?;
    let v = args.pos[1].clone();
    items(&args)?.lock::<R>().push(v);
    Ok(Value::None)
}

fn sort<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let key = args.take_kw("key");
    let reverse = args.take_kw("reverse");
    args.no_more_kwargs("sort")?;
    args.check_count("sort", 1, 1)?;
    sort_list(vm, &args.pos[0], key, reverse)?;
    Ok(Value::None)
}

/// Sorts a list in place, stably, with `<` (and an optional key function), as `list.sort`.
pub fn sort_list<R: Runtime>(
    vm: &mut Vm<R>,
    list: &Value<R>,
    key: Option<Value<R>>,
    reverse: Option<Value<R>>,
) -> PyResult<(), R> {
    let Some(ObjKind::List(cell)) = list.kind() else {
        return Ok(());
    };
    let reverse = match reverse {
        Some(r) => vm.truthy(&r)?,
        None => false,
    };
    // Take the items out while sorting, as CPython does (the list looks empty meanwhile).
    let items = std::mem::take(&mut *cell.lock::<R>());
    let key = key.filter(|k| !k.is_none());
    let mut keyed: Vec<(Value<R>, Value<R>)> = Vec::with_capacity(items.len());
    for item in items {
        let k = match &key {
            Some(f) => match vm.call(f, vec![item.clone()], Vec::new()) {
                Ok(k) => k,
                Err(e) => {
                    let mut restored: Vec<Value<R>> = keyed.into_iter().map(|(_, v)| v).collect();
                    restored.push(item);
                    *cell.lock::<R>() = restored;
                    return Err(e);
                }
            },
            None => item.clone(),
        };
        keyed.push((k, item));
    }
    if reverse {
        keyed.reverse();
    }
    let mut error = None;
    let all_ints = keyed.iter().all(|(k, _)| matches!(k, Value::Int(_)));
    let all_strs = keyed.iter().all(|(k, _)| k.as_str().is_some());
    if all_ints {
        keyed.sort_by_key(|(k, _)| match k {
            Value::Int(i) => *i,
            _ => 0,
        });
    } else if all_strs {
        keyed.sort_by(|(a, _), (b, _)| a.as_str().cmp(&b.as_str()));
    } else {
        keyed.sort_by(|(a, _), (b, _)| {
            if error.is_some() {
                return std::cmp::Ordering::Equal;
            }
            let less = vm
                .compare(a.clone(), b.clone(), 0)
                .and_then(|r| vm.truthy(&r));
            match less {
                Ok(true) => std::cmp::Ordering::Less,
                Ok(false) => match vm
                    .compare(b.clone(), a.clone(), 0)
                    .and_then(|r| vm.truthy(&r))
                {
                    Ok(true) => std::cmp::Ordering::Greater,
                    Ok(false) => std::cmp::Ordering::Equal,
                    Err(e) => {
                        error = Some(e);
                        std::cmp::Ordering::Equal
                    }
                },
                Err(e) => {
                    error = Some(e);
                    std::cmp::Ordering::Equal
                }
            }
        });
    }
    if reverse {
        keyed.reverse();
    }
    *cell.lock::<R>() = keyed.into_iter().map(|(_, v)| v).collect();
    match error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}
