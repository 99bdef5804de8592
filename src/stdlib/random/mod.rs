//! The `random` module: the class `Random`, whose instances each own a Mersenne Twister, and
//! the module-level functions, which are the methods of one hidden instance (CPython's
//! `random._inst`), so `random.seed(0)` then `random.randint(0, 1)` draws what CPython draws.
//!
//! This module owns the Python face of the module: binding arguments the way CPython binds
//! `Lib/random.py`'s methods, converting them, raising CPython 3.11's exceptions, and applying
//! drawn indices to the caller's sequences (the methods themselves are in `draws.rs` and
//! `distributions.rs`). The generator and the index arithmetic live in
//! `mt19937.rs`. Each instance keeps its generator behind a mutex, taken only for the draws
//! and never while Python code (`__index__`, `__getitem__`, `+` on user objects) runs, so
//! threads sharing a generator under `--no-gil` never see a torn state.

use super::mt19937::Mt19937;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{int, Args, BuiltinFn, NativeFn, NativeObj, ObjKind, ObjRef, Value};
use crate::syntax::ast::BinOp;
use crate::vm::Runtime;
use crate::vm::Vm;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};
use parking_lot::Mutex;

mod distributions;
mod draws;
use distributions::*;
use draws::*;

type R0<R> = PyResult<Value<R>, R>;

/// A bound call's arguments, one per parameter; `None` where the caller gave none.
type Slots<R> = Vec<Option<Value<R>>>;

/// What a `random.Random` object holds.
struct Generator(Mutex<Mt19937>);

/// The methods of `Random`, which are also the module's functions.
fn methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![
        ("seed", seed),
        ("getstate", getstate),
        ("setstate", setstate),
        ("random", random),
        ("getrandbits", getrandbits),
        ("randbytes", randbytes),
        ("randrange", randrange),
        ("randint", randint),
        ("choice", choice),
        ("choices", choices),
        ("shuffle", shuffle),
        ("sample", sample),
        ("uniform", uniform),
        ("triangular", triangular),
        ("gauss", gauss),
        ("normalvariate", normalvariate),
        ("lognormvariate", lognormvariate),
        ("expovariate", expovariate),
        ("vonmisesvariate", vonmisesvariate),
        ("gammavariate", gammavariate),
        ("betavariate", betavariate),
        ("paretovariate", paretovariate),
        ("weibullvariate", weibullvariate),
    ]
}

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let class = random_class(vm);
    let mut hidden = Mt19937::new_unseeded();
    // `--seed N` makes a whole run reproducible: the default generator starts from N too.
    match vm.interp.options.seed {
        Some(n) => hidden.seed_int(&num_bigint::BigInt::from(n)),
        None => hidden.seed_from_os(),
    }

    let inst = new_instance(class.clone(), hidden);
    for (name, func) in methods::<R>() {
        let bound = Value::new_obj(ObjKind::Builtin(Box::new(BuiltinFn::new(
            name,
            func,
            Some(inst.clone()),
        ))));
        vm.set_module_attr(m, name, bound);
    }
    vm.set_module_attr(m, "Random", Value::Obj(class));
    vm.set_module_attr(m, "_inst", inst);
    super::threading::run_python_part(vm, m, SYSTEM_RANDOM, "<frozen random>")
}

/// `SystemRandom`, a subclass of `Random` over `os.urandom`, written in Python.
const SYSTEM_RANDOM: &str = include_str!("system.py");

/// The `random.Random` class (made once per interpreter).
fn random_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    let mut table = methods::<R>();
    table.push(("__new__", random_new));
    vm.native_class("Random", "random", &table)
}

fn new_instance<R: Runtime>(class: ObjRef<R>, mt: Mt19937) -> Value<R> {
    Value::new_obj(ObjKind::Native(NativeObj {
        class,
        data: Box::new(Generator(Mutex::new(mt))),
    }))
}

/// `Random(x=None)`: a new generator seeded as `seed(x)` would.
fn random_new<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let class = match args.pos.first() {
        Some(Value::Obj(c)) if matches!(c.kind(), ObjKind::Class(_)) => c.clone(),
        _ => {
            return Err(PyErr::type_error(
                "Random.__new__(X): X is not a type object",
            ))
        }
    };
    let given = args.pos.split_off(1);
    let slots = bind_params(given, args.kw, "__init__", &["x"], 0, &[])?;
    let x = slots[0].clone().unwrap_or(Value::None);
    let mut mt = Mt19937::new_unseeded();
    apply_seed(&mut mt, seed_of(vm, &x, &Value::Int(2))?);
    Ok(new_instance(class, mt))
}

// ---- Receivers and argument binding -------------------------------------------------------

/// The generator of a `Random` object.
fn generator<'a, R: Runtime>(
    vm: &Vm<R>,
    me: &'a Value<R>,
    method: &str,
) -> PyResult<&'a Mutex<Mt19937>, R> {
    match me.kind() {
        Some(ObjKind::Native(n)) => n.downcast::<Generator>().map(|g| &g.0),
        _ => None,
    }
    .ok_or_else(|| {
        PyErr::type_error(format!(
            "descriptor '{method}' for 'Random' objects doesn't apply to a '{}' object",
            vm.type_name(me)
        ))
    })
}

/// The generator of `me` when it is a `Random` object; `None` otherwise (the general path
/// then raises the error).
fn plain_generator<R: Runtime>(me: &Value<R>) -> Option<&Mutex<Mt19937>> {
    match me.kind() {
        Some(ObjKind::Native(n)) => n.downcast::<Generator>().map(|g| &g.0),
        _ => None,
    }
}

/// Binds a call of the method `Random.<method>(self, ...)` as CPython binds a function written
/// in Python: positional-or-keyword `params` (the first `required` of them without a
/// default), then keyword-only `kwonly`. Returns `self` and one slot per parameter.
fn bind<R: Runtime>(
    vm: &Vm<R>,
    args: Args<R>,
    method: &str,
    params: &[&str],
    required: usize,
    kwonly: &[&str],
) -> PyResult<(Value<R>, Slots<R>), R> {
    let mut pos = args.pos.into_iter();
    let Some(me) = pos.next() else {
        return Err(PyErr::type_error(format!(
            "Random.{method}() missing 1 required positional argument: 'self'"
        )));
    };
    generator(vm, &me, method)?;
    let slots = bind_params(pos.collect(), args.kw, method, params, required, kwonly)?;
    Ok((me, slots))
}

fn bind_params<R: Runtime>(
    given: Vec<Value<R>>,
    kw: Vec<(Value<R>, Value<R>)>,
    method: &str,
    params: &[&str],
    required: usize,
    kwonly: &[&str],
) -> PyResult<Slots<R>, R> {
    let count = given.len();
    let mut slots: Vec<Option<Value<R>>> = given.into_iter().take(params.len()).map(Some).collect();
    slots.resize(params.len() + kwonly.len(), None);
    for (key, value) in kw {
        let name = key.as_str().unwrap_or("?");
        let Some(at) = params.iter().chain(kwonly).position(|p| *p == name) else {
            return Err(PyErr::type_error(format!(
                "Random.{method}() got an unexpected keyword argument '{name}'"
            )));
        };
        if slots[at].is_some() {
            return Err(PyErr::type_error(format!(
                "Random.{method}() got multiple values for argument '{name}'"
            )));
        }
        slots[at] = Some(value);
    }
    if count > params.len() {
        // CPython counts `self` in these messages.
        let (most, given) = (params.len() + 1, count + 1);
        let takes = if required == params.len() {
            format!(
                "{most} positional argument{}",
                if most == 1 { "" } else { "s" }
            )
        } else {
            format!("from {} to {most} positional arguments", required + 1)
        };
        return Err(PyErr::type_error(format!(
            "Random.{method}() takes {takes} but {given} were given"
        )));
    }
    let missing: Vec<String> = params[..required]
        .iter()
        .zip(&slots)
        .filter(|(_, slot)| slot.is_none())
        .map(|(name, _)| format!("'{name}'"))
        .collect();
    if !missing.is_empty() {
        let names = match missing.as_slice() {
            [one] => one.clone(),
            [a, b] => format!("{a} and {b}"),
            [init @ .., last] => format!("{}, and {last}", init.join(", ")),
            [] => String::new(),
        };
        let s = if missing.len() == 1 { "" } else { "s" };
        return Err(PyErr::type_error(format!(
            "Random.{method}() missing {} required positional argument{s}: {names}",
            missing.len()
        )));
    }
    Ok(slots)
}

/// A method implemented in C by CPython (`random`, `getrandbits`): positional only, exactly
/// `n` arguments after `self`.
fn bind_c<R: Runtime>(vm: &Vm<R>, args: Args<R>, method: &str, n: usize) -> PyResult<Args<R>, R> {
    let qualified = format!("Random.{method}");
    args.no_kwargs(&qualified)?;
    let Some(me) = args.pos.first() else {
        return Err(PyErr::type_error(format!(
            "unbound method {qualified}() needs an argument"
        )));
    };
    generator(vm, me, method)?;
    let given = args.pos.len().saturating_sub(1);
    if given != n {
        let takes = if n == 0 {
            "no arguments"
        } else {
            "exactly one argument"
        };
        return Err(PyErr::type_error(format!(
            "{qualified}() takes {takes} ({given} given)"
        )));
    }
    Ok(args)
}

// ---- Argument conversion ------------------------------------------------------------------

/// `operator.index(v)`, or `None` when `v` has no `__index__`.
fn index_of<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<Option<BigInt>, R> {
    if let Some(n) = int::to_bigint(v) {
        return Ok(Some(n));
    }
    if !matches!(v.kind(), Some(ObjKind::Instance(_))) {
        return Ok(None);
    }
    match vm.call_special(v, "__index__", vec![])? {
        None => Ok(None),
        Some(r) => int::to_bigint(&r).map(Some).ok_or_else(|| {
            PyErr::type_error(format!(
                "__index__ returned non-int (type {})",
                vm.type_name(&r)
            ))
        }),
    }
}

/// An argument of `randrange` (`what` is `arg 1`, `stop` or `step`): `operator.index(v)`,
/// else `int(v)` when that equals `v` (CPython 3.11 only warns about such floats).
fn randrange_arg<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>, what: &str) -> PyResult<BigInt, R> {
    if let Some(n) = index_of(vm, v)? {
        return Ok(n);
    }
    let int_type = Value::Obj(vm.types().int.clone());
    let n = vm.call(&int_type, vec![v.clone()], Vec::new())?;
    if !vm.eq(&n, v)? {
        return Err(PyErr::value_error(format!(
            "non-integer {what} for randrange()"
        )));
    }
    int::to_bigint(&n).ok_or_else(|| vm.not_an_integer(&n))
}

/// A float argument of the distributions that use `math` functions on it.
fn real_arg<R: Runtime>(vm: &Vm<R>, v: &Value<R>) -> PyResult<f64, R> {
    match v {
        Value::Float(f) => Ok(*f),
        _ => match int::to_bigint(v) {
            Some(n) => n
                .to_f64()
                .filter(|f| f.is_finite())
                .ok_or_else(|| PyErr::overflow("int too large to convert to float")),
            None => Err(PyErr::type_error(format!(
                "must be real number, not {}",
                vm.type_name(v)
            ))),
        },
    }
}

/// The slot's value, or `default` when the argument was not given.
fn or<R: Runtime>(slot: &Option<Value<R>>, default: Value<R>) -> Value<R> {
    slot.clone().unwrap_or(default)
}

/// The slot of a required parameter (`bind` has checked it is there).
fn req<R: Runtime>(slot: &Option<Value<R>>) -> Value<R> {
    slot.clone().unwrap_or(Value::None)
}

// ---- Seeding and state --------------------------------------------------------------------

/// How `seed(a, version)` seeds, decided before the generator is locked.
enum Seed {
    Os,
    Int(BigInt),
    Bytes(Vec<u8>),
    Hash(i64),
}

fn seed_of<R: Runtime>(vm: &mut Vm<R>, a: &Value<R>, version: &Value<R>) -> PyResult<Seed, R> {
    let text: Option<Vec<u32>> = match a.kind() {
        Some(ObjKind::Str(s)) => Some(s.as_str().chars().map(u32::from).collect()),
        Some(ObjKind::Bytes(b)) => Some(b.iter().map(|&c| u32::from(c)).collect()),
        _ => None,
    };
    if let Some(chars) = &text {
        if vm.eq(version, &Value::Int(1))? {
            // Version 1's string hash, from Python 2.
            let mut x: u64 = chars.first().map_or(0, |&c| u64::from(c) << 7);
            for &c in chars {
                x = 1_000_003u64.wrapping_mul(x) ^ u64::from(c);
            }
            x ^= chars.len() as u64;
            return Ok(Seed::Int(BigInt::from(x)));
        }
        if vm.eq(version, &Value::Int(2))? {
            return Ok(Seed::Bytes(match a.kind() {
                Some(ObjKind::Bytes(b)) => b.to_vec(),
                _ => a.as_str().unwrap_or_default().as_bytes().to_vec(),
            }));
        }
    }
    if let Some(n) = int::to_bigint(a) {
        return Ok(Seed::Int(n));
    }
    if a.is_none() {
        return Ok(Seed::Os);
    }
    if matches!(a, Value::Float(_)) || text.is_some() {
        // Like CPython, any other seed is its hash as an unsigned word.
        return Ok(Seed::Hash(vm.make_key(a.clone())?.hash));
    }
    Err(PyErr::type_error(
        "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.",
    ))
}

fn apply_seed(mt: &mut Mt19937, seed: Seed) {
    match seed {
        Seed::Os => mt.seed_from_os(),
        Seed::Int(n) => mt.seed_int(&n),
        Seed::Bytes(b) => mt.seed_bytes(&b),
        Seed::Hash(h) => mt.seed_hash(h),
    }
}

fn seed<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "seed", &["a", "version"], 0, &[])?;
    let a = or(&slots[0], Value::None);
    let seed = seed_of(vm, &a, &or(&slots[1], Value::Int(2)))?;
    apply_seed(&mut generator(vm, &me, "seed")?.lock(), seed);
    Ok(Value::None)
}

/// `getstate()`: `(3, (624 words..., index), gauss_next)`.
fn getstate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, _) = bind(vm, args, "getstate", &[], 0, &[])?;
    let (words, index, gauss_next) = generator(vm, &me, "getstate")?.lock().getstate();
    let mut internal: Vec<Value<R>> = words.into_iter().map(|w| Value::Int(w.into())).collect();
    internal.push(Value::Int(index as i64));
    let internal = vm.new_tuple(internal);
    let gauss_next = gauss_next.map_or(Value::None, Value::Float);
    Ok(vm.new_tuple(vec![Value::Int(3), internal, gauss_next]))
}

/// `setstate(state)` for the states of versions 3 and 2 (whose words may be any ints).
fn setstate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "setstate", &["state"], 1, &[])?;
    let state = req(&slots[0]);
    let version = vm.get_item(&state, &Value::Int(0))?;
    let (v3, v2) = (
        vm.eq(&version, &Value::Int(3))?,
        vm.eq(&version, &Value::Int(2))?,
    );
    if !v3 && !v2 {
        let shown = vm.to_str(&version)?;
        return Err(PyErr::value_error(format!(
            "state with version {shown} passed to Random.setstate() of version 3"
        )));
    }
    let parts = vm.collect(&state)?;
    let [_, internal, gauss_next] = <[Value<R>; 3]>::try_from(parts).map_err(|parts| {
        PyErr::value_error(if parts.len() > 3 {
            "too many values to unpack (expected 3)".to_string()
        } else {
            format!(
                "not enough values to unpack (expected 3, got {})",
                parts.len()
            )
        })
    })?;
    let items: Vec<Value<R>> = match internal.kind() {
        Some(ObjKind::Tuple(t)) => t.to_vec(),
        _ if v2 => vm.collect(&internal)?,
        _ => return Err(PyErr::type_error("state vector must be a tuple")),
    };
    let mut numbers = Vec::with_capacity(items.len());
    for item in &items {
        let n = int::to_bigint(item).ok_or_else(|| PyErr::type_error("an integer is required"))?;
        numbers.push(if v2 {
            n.mod_floor(&(BigInt::from(1) << 32u32))
        } else {
            n
        });
    }
    let Some(index) = numbers.pop() else {
        return Err(PyErr::value_error("state vector is the wrong size"));
    };
    let mut words = Vec::with_capacity(numbers.len());
    for n in &numbers {
        if n.is_negative() {
            return Err(PyErr::overflow(
                "can't convert negative value to unsigned int",
            ));
        }
        let w = n
            .to_u64()
            .ok_or_else(|| PyErr::overflow("Python int too large to convert to C unsigned long"))?;
        words.push(w as u32); // CPython truncates the unsigned long to 32 bits
    }
    let index = index.to_i64().unwrap_or(-1);
    let gauss_next = match gauss_next {
        Value::None => None,
        g => Some(real_arg(vm, &g)?),
    };
    let mt = generator(vm, &me, "setstate")?;
    if words.len() != 624 {
        return Err(PyErr::value_error("state vector is the wrong size"));
    }
    mt.lock()
        .setstate(&words, index, gauss_next)
        .map_err(PyErr::value_error)?;
    Ok(Value::None)
}
