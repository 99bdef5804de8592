//! `random`'s integer and sequence methods: `random`, `getrandbits`, `randbytes`,
//! `randrange`, `randint`, `choice`, `choices`, `shuffle` and `sample`.

use super::*;

// ---- Integers -----------------------------------------------------------------------------

pub(super) fn random<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    // `rng.random()`: nothing to bind.
    if let ([me], true) = (args.pos.as_slice(), args.kw.is_empty()) {
        if let Some(mt) = plain_generator(me) {
            return Ok(Value::Float(mt.lock().random()));
        }
    }
    let args = bind_c(vm, args, "random", 0)?;
    let drawn = generator(vm, &args.pos[0], "random")?.lock().random();
    Ok(Value::Float(drawn))
}

pub(super) fn getrandbits<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
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
pub(super) fn randbytes<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
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
pub(super) fn randrange<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    // Positional machine ints (`randrange(n)`, `randrange(a, b[, step])`) forming a range
    // that is not empty: drawn in 64 bits, no binding, no big integers. Anything else,
    // errors included, takes the general path (nothing is drawn before it).
    if args.kw.is_empty() {
        let range = match args.pos.as_slice() {
            [me, Value::Int(n)] if *n > 0 => Some((me, 0, *n, 1)),
            [me, Value::Int(a), Value::Int(b)] => Some((me, *a, *b, 1)),
            [me, Value::Int(a), Value::Int(b), Value::Int(step)] => Some((me, *a, *b, *step)),
            _ => None,
        };
        if let Some((me, start, stop, step)) = range {
            if let Some(mt) = plain_generator(me) {
                if let Some(drawn) = mt.lock().randrange_i64(start, stop, step) {
                    return Ok(Value::Int(drawn));
                }
            }
        }
    }
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
pub(super) fn randint<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
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

pub(super) fn choice<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    // `rng.choice(seq)` of a list or tuple that is not empty: the item picked in place (the
    // list's lock held across the draw, so its length cannot change in between; the
    // generator's lock is taken inside it and takes no other).
    if let ([me, seq], true) = (args.pos.as_slice(), args.kw.is_empty()) {
        if let Some(mt) = plain_generator(me) {
            match seq.kind() {
                Some(ObjKind::List(l)) => {
                    let items = l.lock::<R>();
                    if let Some(i) = mt.lock().choice_index(items.len()) {
                        return Ok(items[i].clone());
                    }
                }
                Some(ObjKind::Tuple(t)) => {
                    if let Some(i) = mt.lock().choice_index(t.len()) {
                        return Ok(t[i].clone());
                    }
                }
                _ => {}
            }
        }
    }
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
pub(super) fn choices<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
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
pub(super) fn shuffle<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
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
pub(super) fn sample<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
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
