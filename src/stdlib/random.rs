//! The `random` module: the class `Random`, whose instances each own a Mersenne Twister, and
//! the module-level functions, which are the methods of one hidden instance (CPython's
//! `random._inst`), so `random.seed(0)` then `random.randint(0, 1)` draws what CPython draws.
//!
//! This file owns the Python face of the module: binding arguments the way CPython binds
//! `Lib/random.py`'s methods, converting them, raising CPython 3.11's exceptions, and applying
//! drawn indices to the caller's sequences. The generator and the index arithmetic live in
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
        let bound = Value::new_obj(ObjKind::Builtin(Box::new(BuiltinFn {
            name,
            func,
            receiver: Some(inst.clone()),
        })));
        vm.set_module_attr(m, name, bound);
    }
    vm.set_module_attr(m, "Random", Value::Obj(class));
    vm.set_module_attr(m, "_inst", inst);
    true
}

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

// ---- Integers -----------------------------------------------------------------------------

fn random<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let args = bind_c(vm, args, "random", 0)?;
    let drawn = generator(vm, &args.pos[0], "random")?.lock().random();
    Ok(Value::Float(drawn))
}

fn getrandbits<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let args = bind_c(vm, args, "getrandbits", 1)?;
    let k = index_of(vm, &args.pos[1])?.ok_or_else(|| vm.not_an_integer(&args.pos[1]))?;
    let k = k
        .to_i32()
        .ok_or_else(|| PyErr::overflow("Python int too large to convert to C int"))?;
    let k =
        u32::try_from(k).map_err(|_| PyErr::value_error("number of bits must be non-negative"))?;
    let bits = generator(vm, &args.pos[0], "getrandbits")?
        .lock()
        .getrandbits(k);
    Ok(int::from_bigint(BigInt::from(bits)))
}

/// `randbytes(n)`: `getrandbits(n * 8).to_bytes(n, 'little')`.
fn randbytes<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "randbytes", &["n"], 1, &[])?;
    let n = req(&slots[0]);
    let n = index_of(vm, &n)?.ok_or_else(|| vm.not_an_integer(&n))?;
    if n.is_negative() {
        return Err(PyErr::value_error("number of bits must be non-negative"));
    }
    let n = n
        .to_u32()
        .filter(|n| *n <= i32::MAX as u32 / 8)
        .ok_or_else(|| PyErr::overflow("Python int too large to convert to C int"))?;
    let bits = generator(vm, &me, "randbytes")?.lock().getrandbits(n * 8);
    let mut bytes = bits.to_bytes_le();
    bytes.resize(n as usize, 0);
    Ok(Value::new_obj(ObjKind::Bytes(bytes.into_boxed_slice())))
}

/// `randrange(start, stop=None, step=1)`.
fn randrange<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "randrange", &["start", "stop", "step"], 1, &[])?;
    let stop = or(&slots[1], Value::None);
    randrange_of(vm, &me, &req(&slots[0]), &stop, slots[2].as_ref())
}

fn randrange_of<R: Runtime>(
    vm: &mut Vm<R>,
    me: &Value<R>,
    start: &Value<R>,
    stop: &Value<R>,
    step: Option<&Value<R>>,
) -> R0<R> {
    let start = randrange_arg(vm, start, "arg 1")?;
    let one = BigInt::from(1);
    let drawn = if stop.is_none() {
        // CPython tests `step is not 1`: only the small int 1 is that object.
        if step.is_some_and(|s| !matches!(s, Value::Int(1))) {
            return Err(PyErr::type_error("Missing a non-None stop argument"));
        }
        generator(vm, me, "randrange")?
            .lock()
            .randrange(&start, None, &one)
    } else {
        let stop = randrange_arg(vm, stop, "stop")?;
        let step = match step {
            Some(s) => randrange_arg(vm, s, "step")?,
            None => one,
        };
        generator(vm, me, "randrange")?
            .lock()
            .randrange(&start, Some(&stop), &step)
    };
    drawn.map(int::from_bigint).map_err(PyErr::value_error)
}

/// `randint(a, b)`: `randrange(a, b + 1)`.
fn randint<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "randint", &["a", "b"], 2, &[])?;
    let stop = match (&slots[1], &slots[0]) {
        (Some(Value::Int(b)), Some(Value::Int(a))) => {
            // The common case, without the generic `+`.
            let (a, b) = (BigInt::from(*a), BigInt::from(*b));
            let drawn = generator(vm, &me, "randint")?.lock().randint(&a, &b);
            return drawn.map(int::from_bigint).map_err(PyErr::value_error);
        }
        (b, _) => vm.binary_op(req(b), Value::Int(1), BinOp::Add)?,
    };
    randrange_of(vm, &me, &req(&slots[0]), &stop, None)
}

// ---- Sequences ----------------------------------------------------------------------------

/// `seq[i]` for each index, reading a list or tuple directly (the common case) and through
/// `__getitem__` otherwise.
fn items_at<R: Runtime>(
    vm: &mut Vm<R>,
    seq: &Value<R>,
    indices: &[usize],
) -> PyResult<Vec<Value<R>>, R> {
    let direct: Option<Vec<Option<Value<R>>>> = match seq.kind() {
        Some(ObjKind::List(l)) => {
            let items = l.lock::<R>();
            Some(indices.iter().map(|&i| items.get(i).cloned()).collect())
        }
        Some(ObjKind::Tuple(t)) => Some(indices.iter().map(|&i| t.get(i).cloned()).collect()),
        _ => None,
    };
    let direct = direct.unwrap_or_else(|| vec![None; indices.len()]);
    let mut out = Vec::with_capacity(indices.len());
    for (&i, item) in indices.iter().zip(direct) {
        out.push(match item {
            Some(v) => v,
            None => vm.get_item(seq, &Value::Int(i as i64))?,
        });
    }
    Ok(out)
}

fn choice<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "choice", &["seq"], 1, &[])?;
    let seq = req(&slots[0]);
    let len = vm.len(&seq)?;
    let index = generator(vm, &me, "choice")?.lock().choice_index(len);
    let index = index.ok_or_else(|| PyErr::index_error("Cannot choose from an empty sequence"))?;
    Ok(items_at(vm, &seq, &[index])?.remove(0))
}

/// `itertools.accumulate(values)` with the generic `+`.
fn accumulate<R: Runtime>(vm: &mut Vm<R>, values: &Value<R>) -> PyResult<Vec<Value<R>>, R> {
    let mut out: Vec<Value<R>> = Vec::new();
    for v in vm.collect(values)? {
        let next = match out.last() {
            Some(total) => vm.binary_op(total.clone(), v, BinOp::Add)?,
            None => v,
        };
        out.push(next);
    }
    Ok(out)
}

/// `choices(population, weights=None, *, cum_weights=None, k=1)`.
fn choices<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(
        vm,
        args,
        "choices",
        &["population", "weights"],
        1,
        &["cum_weights", "k"],
    )?;
    let population = req(&slots[0]);
    let weights = or(&slots[1], Value::None);
    let cum_weights = or(&slots[2], Value::None);
    let k = or(&slots[3], Value::Int(1));
    let n = vm.len(&population)?;
    let count = |vm: &mut Vm<R>| -> PyResult<usize, R> {
        // `itertools.repeat(None, k)`: negative counts repeat nothing.
        let k = index_of(vm, &k)?.ok_or_else(|| vm.not_an_integer(&k))?;
        Ok(k.to_usize()
            .unwrap_or(if k.is_negative() { 0 } else { usize::MAX }))
    };
    let cum_weights = match (weights.is_none(), cum_weights.is_none()) {
        (true, true) => {
            let k = count(vm)?;
            let mt = generator(vm, &me, "choices")?;
            let indices: Vec<usize> = if n == 0 {
                // `population[0]` fails after the first draw.
                mt.lock().random();
                vec![0; k.min(1)]
            } else {
                let mut mt = mt.lock();
                (0..k).map(|_| mt.choices_index(n)).collect()
            };
            let picked = items_at(vm, &population, &indices)?;
            return Ok(vm.new_list(picked));
        }
        (false, true) => match accumulate(vm, &weights) {
            Ok(cum) => cum,
            Err(e) if vm.err_kind(&e) == Some(ExcKind::TypeError) => {
                if let Some(k) = int::to_bigint(&weights) {
                    return Err(PyErr::type_error(format!(
                        "The number of choices must be a keyword argument: k={k}"
                    )));
                }
                return Err(e);
            }
            Err(e) => return Err(e),
        },
        (true, false) => vm.collect(&cum_weights)?,
        (false, false) => {
            return Err(PyErr::type_error(
                "Cannot specify both weights and cumulative weights",
            ))
        }
    };
    if cum_weights.len() != n {
        return Err(PyErr::value_error(
            "The number of weights does not match the population",
        ));
    }
    let Some(last) = cum_weights.last() else {
        return Err(PyErr::index_error("list index out of range"));
    };
    let total = vm.binary_op(last.clone(), Value::Float(0.0), BinOp::Add)?;
    let total = real_arg(vm, &total)?;
    if total <= 0.0 {
        return Err(PyErr::value_error(
            "Total of weights must be greater than zero",
        ));
    }
    if !total.is_finite() {
        return Err(PyErr::value_error("Total of weights must be finite"));
    }
    let mut cum = Vec::with_capacity(n);
    for w in &cum_weights {
        cum.push(real_arg(vm, w)?);
    }
    if let Some(end) = cum.last_mut() {
        *end = total; // `random() * total` with `total` as CPython computed it
    }
    let k = count(vm)?;
    let indices: Vec<usize> = {
        let mut mt = generator(vm, &me, "choices")?.lock();
        (0..k).map(|_| mt.choices_weighted_index(&cum)).collect()
    };
    let picked = items_at(vm, &population, &indices)?;
    Ok(vm.new_list(picked))
}

/// `shuffle(x)`: in place, with CPython's swaps in CPython's order.
fn shuffle<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "shuffle", &["x"], 1, &[])?;
    let x = req(&slots[0]);
    let mt = generator(vm, &me, "shuffle")?;
    if let Some(ObjKind::List(l)) = x.kind() {
        let len = l.lock::<R>().len();
        let swaps = mt.lock().shuffle_indices(len);
        let mut items = l.lock::<R>();
        for (i, j) in swaps {
            // Another thread may have shortened the list since its length was read.
            if i < items.len() && j < items.len() {
                items.swap(i, j);
            }
        }
        return Ok(Value::None);
    }
    // Any other mutable sequence, one draw per swap: `x[i], x[j] = x[j], x[i]`.
    let len = vm.len(&x)?;
    for i in (1..len).rev() {
        let j = mt.lock().choice_index(i + 1).unwrap_or(0);
        let (vi, vj) = (Value::Int(i as i64), Value::Int(j as i64));
        let (a, b) = (vm.get_item(&x, &vj)?, vm.get_item(&x, &vi)?);
        vm.set_item(&x, vi, a)?;
        vm.set_item(&x, vj, b)?;
    }
    Ok(Value::None)
}

/// `sample`'s `k` against a population of `n`, with the errors `0 <= k <= n` and
/// `[None] * k` raise in CPython.
fn sample_size<R: Runtime>(vm: &Vm<R>, k: &Value<R>, n: usize) -> PyResult<usize, R> {
    let too_large = || PyErr::value_error("Sample larger than population or is negative");
    if let Some(k) = int::to_bigint(k) {
        return k.to_usize().filter(|&k| k <= n).ok_or_else(too_large);
    }
    match k {
        Value::Float(f) if (0.0..=n as f64).contains(f) => Err(PyErr::type_error(
            "can't multiply sequence by non-int of type 'float'",
        )),
        Value::Float(_) => Err(too_large()),
        _ => Err(PyErr::type_error(format!(
            "'<=' not supported between instances of 'int' and '{}'",
            vm.type_name(k)
        ))),
    }
}

/// `sample(population, k, *, counts=None)`.
fn sample<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "sample", &["population", "k"], 2, &["counts"])?;
    let population = req(&slots[0]);
    let is_sequence = matches!(
        population.kind(),
        Some(
            ObjKind::List(_)
                | ObjKind::Tuple(_)
                | ObjKind::Str(_)
                | ObjKind::Bytes(_)
                | ObjKind::Range { .. }
        )
    );
    if !is_sequence {
        return Err(PyErr::type_error(
            "Population must be a sequence.  For dicts or sets, use sorted(d).",
        ));
    }
    let n = vm.len(&population)?;
    let counts = or(&slots[2], Value::None);
    let k = req(&slots[1]);
    if counts.is_none() {
        let k = sample_size(vm, &k, n)?;
        let indices = generator(vm, &me, "sample")?
            .lock()
            .sample_indices(n, k)
            .map_err(PyErr::value_error)?;
        let picked = items_at(vm, &population, &indices)?;
        return Ok(vm.new_list(picked));
    }
    // With counts: sample `range(total)` and find each pick's element by bisection.
    let mut cum_counts = Vec::new();
    for c in accumulate(vm, &counts)? {
        cum_counts.push(c);
    }
    if cum_counts.len() != n {
        return Err(PyErr::value_error(
            "The number of counts does not match the population",
        ));
    }
    let Some(total) = cum_counts.pop() else {
        return Err(PyErr::index_error("pop from empty list"));
    };
    let total =
        int::to_bigint(&total).ok_or_else(|| PyErr::type_error("Counts must be integers"))?;
    if !total.is_positive() {
        return Err(PyErr::value_error(
            "Total of counts must be greater than zero",
        ));
    }
    let total = total
        .to_usize()
        .filter(|&t| t <= i64::MAX as usize)
        .ok_or_else(|| PyErr::overflow("Python int too large to convert to C ssize_t"))?;
    let mut bounds = Vec::with_capacity(cum_counts.len());
    for c in &cum_counts {
        bounds.push(int::to_bigint(c).unwrap_or_else(BigInt::zero));
    }
    let k = sample_size(vm, &k, total)?;
    let selections = generator(vm, &me, "sample")?
        .lock()
        .sample_indices(total, k)
        .map_err(PyErr::value_error)?;
    let indices: Vec<usize> = selections
        .into_iter()
        .map(|s| {
            let s = BigInt::from(s);
            bounds.partition_point(|b| *b <= s)
        })
        .collect();
    let picked = items_at(vm, &population, &indices)?;
    Ok(vm.new_list(picked))
}

// ---- Real-valued distributions ------------------------------------------------------------

/// `mu + z * sigma` with the generic operators (ints stay exact, errors are CPython's).
fn scale<R: Runtime>(vm: &mut Vm<R>, mu: Value<R>, z: f64, sigma: Value<R>) -> R0<R> {
    let scaled = vm.binary_op(Value::Float(z), sigma, BinOp::Mul)?;
    vm.binary_op(mu, scaled, BinOp::Add)
}

/// `uniform(a, b)`: `a + (b - a) * random()`.
fn uniform<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "uniform", &["a", "b"], 2, &[])?;
    let (a, b) = (req(&slots[0]), req(&slots[1]));
    if let (Value::Float(a), Value::Float(b)) = (&a, &b) {
        return Ok(Value::Float(
            generator(vm, &me, "uniform")?.lock().uniform(*a, *b),
        ));
    }
    let width = vm.binary_op(b, a.clone(), BinOp::Sub)?;
    let u = generator(vm, &me, "uniform")?.lock().random();
    let scaled = vm.binary_op(width, Value::Float(u), BinOp::Mul)?;
    vm.binary_op(a, scaled, BinOp::Add)
}

/// `triangular(low=0.0, high=1.0, mode=None)`.
fn triangular<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "triangular", &["low", "high", "mode"], 0, &[])?;
    let mut low = or(&slots[0], Value::Float(0.0));
    let mut high = or(&slots[1], Value::Float(1.0));
    let mode = or(&slots[2], Value::None);
    let mut u = generator(vm, &me, "triangular")?.lock().random();
    let mut c = if mode.is_none() {
        Value::Float(0.5)
    } else {
        let above = vm.binary_op(mode, low.clone(), BinOp::Sub)?;
        let width = vm.binary_op(high.clone(), low.clone(), BinOp::Sub)?;
        match vm.binary_op(above, width, BinOp::Div) {
            Ok(c) => c,
            Err(e) if vm.err_kind(&e) == Some(ExcKind::ZeroDivisionError) => return Ok(low),
            Err(e) => return Err(e),
        }
    };
    let past_mode = vm.compare(Value::Float(u), c.clone(), 4)?; // u > c
    if vm.truthy(&past_mode)? {
        u = 1.0 - u;
        c = vm.binary_op(Value::Float(1.0), c, BinOp::Sub)?;
        std::mem::swap(&mut low, &mut high);
    }
    let uc = vm.binary_op(Value::Float(u), c, BinOp::Mul)?;
    let root = real_arg(vm, &uc)?;
    if root < 0.0 {
        return Err(PyErr::value_error("math domain error"));
    }
    let width = vm.binary_op(high, low.clone(), BinOp::Sub)?;
    scale(vm, low, root.sqrt(), width)
}

/// `gauss(mu=0.0, sigma=1.0)`.
fn gauss<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "gauss", &["mu", "sigma"], 0, &[])?;
    let z = generator(vm, &me, "gauss")?.lock().gauss(0.0, 1.0);
    scale(
        vm,
        or(&slots[0], Value::Float(0.0)),
        z,
        or(&slots[1], Value::Float(1.0)),
    )
}

/// `normalvariate(mu=0.0, sigma=1.0)`.
fn normalvariate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "normalvariate", &["mu", "sigma"], 0, &[])?;
    let z = generator(vm, &me, "normalvariate")?
        .lock()
        .normalvariate(0.0, 1.0);
    scale(
        vm,
        or(&slots[0], Value::Float(0.0)),
        z,
        or(&slots[1], Value::Float(1.0)),
    )
}

/// `lognormvariate(mu, sigma)`: `exp(normalvariate(mu, sigma))`.
fn lognormvariate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "lognormvariate", &["mu", "sigma"], 2, &[])?;
    let z = generator(vm, &me, "lognormvariate")?
        .lock()
        .normalvariate(0.0, 1.0);
    let normal = scale(vm, req(&slots[0]), z, req(&slots[1]))?;
    let exp = real_arg(vm, &normal)?.exp();
    if exp.is_infinite() {
        return Err(PyErr::overflow("math range error"));
    }
    Ok(Value::Float(exp))
}

/// `expovariate(lambd)`: `-log(1.0 - random()) / lambd`.
fn expovariate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "expovariate", &["lambd"], 1, &[])?;
    let draw = -(1.0 - generator(vm, &me, "expovariate")?.lock().random()).ln();
    vm.binary_op(Value::Float(draw), req(&slots[0]), BinOp::Div)
}

/// `vonmisesvariate(mu, kappa)`: Best and Fisher's method, as CPython.
fn vonmisesvariate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    use std::f64::consts::{PI, TAU};
    let (me, slots) = bind(vm, args, "vonmisesvariate", &["mu", "kappa"], 2, &[])?;
    let (mu, kappa) = (
        real_arg(vm, &req(&slots[0]))?,
        real_arg(vm, &req(&slots[1]))?,
    );
    let mut mt = generator(vm, &me, "vonmisesvariate")?.lock();
    if kappa <= 1e-6 {
        return Ok(Value::Float(TAU * mt.random()));
    }
    let s = 0.5 / kappa;
    let r = s + (1.0 + s * s).sqrt();
    let z = loop {
        let z = (PI * mt.random()).cos();
        let d = z / (r + z);
        let u2 = mt.random();
        if u2 < 1.0 - d * d || u2 <= (1.0 - d) * d.exp() {
            break z;
        }
    };
    let q = 1.0 / r;
    let f = (q + z) / (1.0 + q * z);
    let theta = if mt.random() > 0.5 {
        mu + f.acos()
    } else {
        mu - f.acos()
    };
    Ok(Value::Float(theta.rem_euclid(TAU)))
}

/// `gammavariate(alpha, beta)` as a plain float.
fn gamma_draw(mt: &mut Mt19937, alpha: f64, beta: f64) -> f64 {
    use std::f64::consts::E;
    if alpha > 1.0 {
        // Cheng's rejection method, "GB" variant.
        let ainv = (2.0 * alpha - 1.0).sqrt();
        let (bbb, ccc) = (alpha - 4f64.ln(), alpha + ainv);
        let sg_magic = 1.0 + 4.5f64.ln();
        loop {
            let u1 = mt.random();
            if !(1e-7 < u1 && u1 < 0.9999999) {
                continue;
            }
            let u2 = 1.0 - mt.random();
            let v = (u1 / (1.0 - u1)).ln() / ainv;
            let x = alpha * v.exp();
            let z = u1 * u1 * u2;
            let r = bbb + ccc * v - x;
            if r + sg_magic - 4.5 * z >= 0.0 || r >= z.ln() {
                return x * beta;
            }
        }
    } else if alpha == 1.0 {
        -(1.0 - mt.random()).ln() * beta
    } else {
        // Ahrens and Dieter's "GS" algorithm.
        loop {
            let u = mt.random();
            let b = (E + alpha) / E;
            let p = b * u;
            let x = if p <= 1.0 {
                p.powf(1.0 / alpha)
            } else {
                -((b - p) / alpha).ln()
            };
            let u1 = mt.random();
            let accept = if p > 1.0 {
                u1 <= x.powf(alpha - 1.0)
            } else {
                u1 <= (-x).exp()
            };
            if accept {
                return x * beta;
            }
        }
    }
}

fn gamma_args<R: Runtime>(vm: &Vm<R>, slots: &[Option<Value<R>>]) -> PyResult<(f64, f64), R> {
    Ok((
        real_arg(vm, &req(&slots[0]))?,
        real_arg(vm, &req(&slots[1]))?,
    ))
}

fn gammavariate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "gammavariate", &["alpha", "beta"], 2, &[])?;
    let (alpha, beta) = gamma_args(vm, &slots)?;
    if alpha <= 0.0 || beta <= 0.0 {
        return Err(PyErr::value_error(
            "gammavariate: alpha and beta must be > 0.0",
        ));
    }
    let mut mt = generator(vm, &me, "gammavariate")?.lock();
    Ok(Value::Float(gamma_draw(&mut mt, alpha, beta)))
}

fn betavariate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "betavariate", &["alpha", "beta"], 2, &[])?;
    let (alpha, beta) = gamma_args(vm, &slots)?;
    let bad = PyErr::value_error("gammavariate: alpha and beta must be > 0.0");
    if alpha <= 0.0 {
        return Err(bad);
    }
    let mut mt = generator(vm, &me, "betavariate")?.lock();
    let y = gamma_draw(&mut mt, alpha, 1.0);
    if y == 0.0 {
        return Ok(Value::Float(0.0));
    }
    if beta <= 0.0 {
        return Err(bad);
    }
    Ok(Value::Float(y / (y + gamma_draw(&mut mt, beta, 1.0))))
}

/// `paretovariate(alpha)`: `(1.0 - random()) ** (-1.0 / alpha)`.
fn paretovariate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "paretovariate", &["alpha"], 1, &[])?;
    let u = 1.0 - generator(vm, &me, "paretovariate")?.lock().random();
    let exponent = vm.binary_op(Value::Float(-1.0), req(&slots[0]), BinOp::Div)?;
    vm.binary_op(Value::Float(u), exponent, BinOp::Pow)
}

/// `weibullvariate(alpha, beta)`: `alpha * (-log(1.0 - random())) ** (1.0 / beta)`.
fn weibullvariate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (me, slots) = bind(vm, args, "weibullvariate", &["alpha", "beta"], 2, &[])?;
    let u = 1.0 - generator(vm, &me, "weibullvariate")?.lock().random();
    let exponent = vm.binary_op(Value::Float(1.0), req(&slots[1]), BinOp::Div)?;
    let power = vm.binary_op(Value::Float(-u.ln()), exponent, BinOp::Pow)?;
    vm.binary_op(req(&slots[0]), power, BinOp::Mul)
}
