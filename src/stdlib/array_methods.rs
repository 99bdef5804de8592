//! The methods of `array.array` other than item access (`array.rs`): growing and shrinking
//! (`append`, `extend`, `insert`, `pop`, `remove`, the `from*` methods), searching, the
//! conversions to lists, bytes, str and files, the operators, comparisons and `repr`.

use super::array::{
    array_ref, assign_slice, encode, encode_all, itemsize, new_array, plain_scalar, read_item,
    scalar, this, ArrayRef,
};
use super::itertools::R0;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::{Runtime, Vm};

/// Puts the methods and properties into `array.array`'s class.
pub(super) fn add<R: Runtime>(vm: &Vm<R>, class: &ObjRef<R>) {
    let methods: &[(&'static str, NativeFn<R>)] = &[
        ("append", append),
        ("extend", extend),
        ("insert", insert),
        ("pop", pop),
        ("remove", remove),
        ("index", index),
        ("count", count),
        ("reverse", reverse),
        ("buffer_info", buffer_info),
        ("byteswap", byteswap),
        ("frombytes", frombytes),
        ("tobytes", tobytes),
        ("fromlist", fromlist),
        ("tolist", tolist),
        ("fromunicode", fromunicode),
        ("tounicode", tounicode),
        ("fromfile", fromfile),
        ("tofile", tofile),
        ("__contains__", contains),
        ("__add__", add_op),
        ("__iadd__", iadd),
        ("__mul__", mul),
        ("__rmul__", mul),
        ("__imul__", imul),
        ("__lt__", lt),
        ("__le__", le),
        ("__eq__", eq),
        ("__ne__", ne),
        ("__gt__", gt),
        ("__ge__", ge),
        ("__repr__", repr),
        ("__copy__", copy),
        ("__deepcopy__", deepcopy),
        ("__reduce_ex__", super::array_iter::reduce_ex),
        ("__sizeof__", sizeof),
    ];
    crate::vm::add_methods(class, methods);
    if let ObjKind::Class(c) = class.kind() {
        let mut dict = c.dict.lock::<R>();
        dict.insert(
            vm.str_key("typecode"),
            crate::vm::native_property("typecode", typecode),
        );
        dict.insert(
            vm.str_key("itemsize"),
            crate::vm::native_property("itemsize", itemsize_prop),
        );
    }
}

/// The one argument of a method `name` (after self).
fn one<R: Runtime>(args: &Args<R>, name: &str) -> PyResult<Value<R>, R> {
    args.no_kwargs(name)?;
    if args.pos.len() != 2 {
        return Err(PyErr::type_error(format!(
            "{name}() takes exactly one argument ({} given)",
            args.pos.len().saturating_sub(1)
        )));
    }
    Ok(args.pos[1].clone())
}

fn no_args<R: Runtime>(args: &Args<R>, name: &str) -> PyResult<(), R> {
    args.no_kwargs(name)?;
    if args.pos.len() != 1 {
        return Err(PyErr::type_error(format!(
            "{name}() takes no arguments ({} given)",
            args.pos.len().saturating_sub(1)
        )));
    }
    Ok(())
}

fn typecode<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    Ok(vm.new_str((a.core().code as char).to_string()))
}

fn itemsize_prop<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    Ok(Value::Int(a.core().size() as i64))
}

/// Appends raw item bytes (`frombytes`), growing as CPython's array does.
pub(super) fn append_bytes<R: Runtime>(a: &ArrayRef<R>, data: &[u8]) -> PyResult<(), R> {
    let size = a.core().size();
    if !data.len().is_multiple_of(size) {
        return Err(PyErr::value_error(
            "bytes length not a multiple of item size",
        ));
    }
    if data.is_empty() {
        return Ok(());
    }
    a.check_resize()?;
    let mut st = a.core().lock();
    let old = st.bytes.len() / size;
    st.bytes.extend_from_slice(data);
    st.note_resize(old, old + data.len() / size);
    Ok(())
}

/// Appends each value of an iterable, one at a time (as CPython's, an error leaves the
/// items before it appended).
pub(super) fn extend_from_iterable<R: Runtime>(
    vm: &mut Vm<R>,
    a: &ArrayRef<R>,
    iterable: &Value<R>,
) -> PyResult<(), R> {
    let it = vm.get_iter(iterable)?;
    let code = a.core().code;
    let size = itemsize(code);
    while let Some(v) = vm.next_fast(&it)? {
        let raw = encode(vm, code, &v)?;
        a.check_resize()?;
        let mut st = a.core().lock();
        let old = st.bytes.len() / size;
        st.bytes.extend_from_slice(&raw[..size]);
        st.note_resize(old, old + 1);
    }
    Ok(())
}

fn append<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    let v = one(&args, "append")?;
    let code = a.core().code;
    let raw = encode(vm, code, &v)?;
    a.check_resize()?;
    let size = itemsize(code);
    let mut st = a.core().lock();
    let old = st.bytes.len() / size;
    st.bytes.extend_from_slice(&raw[..size]);
    st.note_resize(old, old + 1);
    Ok(Value::None)
}

fn extend<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    let v = one(&args, "extend")?;
    if let Some(other) = array_ref(vm, &v) {
        if other.core().code != a.core().code {
            return Err(PyErr::type_error("can only extend with array of same kind"));
        }
        let data = other.core().lock().bytes.clone();
        append_bytes(&a, &data)?;
        return Ok(Value::None);
    }
    extend_from_iterable(vm, &a, &v)?;
    Ok(Value::None)
}

fn insert<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    args.no_kwargs("insert")?;
    if args.pos.len() != 3 {
        return Err(PyErr::type_error(format!(
            "insert expected 2 arguments, got {}",
            args.pos.len().saturating_sub(1)
        )));
    }
    let at = super::num_args::to_i64(
        vm,
        &args.pos[1],
        "Python int too large to convert to C ssize_t",
    )?;
    let code = a.core().code;
    let raw = encode(vm, code, &args.pos[2])?;
    a.check_resize()?;
    let size = itemsize(code);
    let mut st = a.core().lock();
    let n = (st.bytes.len() / size) as i64;
    let at = if at < 0 { (at + n).max(0) } else { at.min(n) } as usize;
    st.bytes
        .splice(at * size..at * size, raw[..size].iter().copied());
    st.note_resize(n as usize, n as usize + 1);
    Ok(Value::None)
}

fn pop<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    args.no_kwargs("pop")?;
    if args.pos.len() > 2 {
        return Err(PyErr::type_error(format!(
            "pop expected at most 1 argument, got {}",
            args.pos.len() - 1
        )));
    }
    let i = match args.pos.get(1) {
        Some(v) => super::num_args::to_i64(vm, v, "Python int too large to convert to C ssize_t")?,
        None => -1,
    };
    let n = a.core().len() as i64;
    if n == 0 {
        return Err(PyErr::index_error("pop from empty array"));
    }
    let at = if i < 0 { i + n } else { i };
    if at < 0 || at >= n {
        return Err(PyErr::index_error("pop index out of range"));
    }
    let v = {
        let st = a.core().lock();
        read_item(vm, a.core().code, &st.bytes, at as usize)?
    };
    assign_slice(&a, at, at + 1, 1, None)?;
    Ok(v)
}

/// Whether item `i` of `a` equals `v`: natively for a plain int or float, else by `==`.
fn item_equals<R: Runtime>(
    vm: &mut Vm<R>,
    a: &ArrayRef<R>,
    i: usize,
    v: &Value<R>,
) -> PyResult<Option<bool>, R> {
    let code = a.core().code;
    let (item, plain) = {
        let st = a.core().lock();
        if (i + 1) * itemsize(code) > st.bytes.len() {
            return Ok(None);
        }
        (
            read_item(vm, code, &st.bytes, i),
            scalar(code, &st.bytes, i),
        )
    };
    if let Some(x) = plain_scalar(v) {
        if !plain.is_char() {
            return Ok(Some(plain.equals(x)));
        }
    }
    let r = vm.compare(item?, v.clone(), 2)?;
    Ok(Some(vm.truthy(&r)?))
}

/// The first position in `start..stop` whose item equals `v`.
fn find<R: Runtime>(
    vm: &mut Vm<R>,
    a: &ArrayRef<R>,
    v: &Value<R>,
    start: usize,
    stop: usize,
) -> PyResult<Option<usize>, R> {
    let mut i = start;
    while i < stop {
        match item_equals(vm, a, i, v)? {
            Some(true) => return Ok(Some(i)),
            Some(false) => i += 1,
            None => break,
        }
    }
    Ok(None)
}

fn remove<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    let v = one(&args, "remove")?;
    let n = a.core().len();
    match find(vm, &a, &v, 0, n)? {
        Some(i) => {
            assign_slice(&a, i as i64, i as i64 + 1, 1, None)?;
            Ok(Value::None)
        }
        None => Err(PyErr::value_error("array.remove(x): x not in array")),
    }
}

/// A `start`/`stop` argument of `index`, clipped to the array as CPython's.
fn bound<R: Runtime>(
    vm: &mut Vm<R>,
    v: Option<&Value<R>>,
    n: usize,
    default: usize,
) -> PyResult<usize, R> {
    let Some(v) = v else {
        return Ok(default);
    };
    let i = match super::num_args::to_bigint(vm, v) {
        Ok(b) => {
            use num_traits::ToPrimitive;
            b.to_i64()
                .unwrap_or(if b.sign() == num_bigint::Sign::Minus {
                    i64::MIN
                } else {
                    i64::MAX
                })
        }
        Err(_) => {
            return Err(PyErr::type_error(
                "slice indices must be integers or have an __index__ method",
            ))
        }
    };
    let n = n as i64;
    Ok(if i < 0 { (i + n).max(0) } else { i.min(n) } as usize)
}

fn index<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    args.no_kwargs("index")?;
    if args.pos.len() < 2 || args.pos.len() > 4 {
        return Err(PyErr::type_error(format!(
            "index expected at least 1 argument, got {}",
            args.pos.len().saturating_sub(1)
        )));
    }
    let n = a.core().len();
    let start = bound(vm, args.pos.get(2), n, 0)?;
    let stop = bound(vm, args.pos.get(3), n, n)?;
    match find(vm, &a, &args.pos[1], start, stop)? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => Err(PyErr::value_error("array.index(x): x not in array")),
    }
}

fn count<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    let v = one(&args, "count")?;
    let mut found = 0;
    let mut i = 0;
    while let Some(same) = item_equals(vm, &a, i, &v)? {
        found += same as i64;
        i += 1;
    }
    Ok(Value::Int(found))
}

fn contains<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    let v = one(&args, "__contains__")?;
    let n = a.core().len();
    Ok(Value::Bool(find(vm, &a, &v, 0, n)?.is_some()))
}

fn reverse<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    no_args(&args, "reverse")?;
    let size = a.core().size();
    let mut st = a.core().lock();
    let reversed: Vec<u8> = st.bytes.chunks(size).rev().flatten().copied().collect();
    st.bytes = reversed;
    Ok(Value::None)
}

fn buffer_info<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    no_args(&args, "buffer_info")?;
    let (address, n) = {
        let st = a.core().lock();
        (
            st.bytes.as_ptr() as usize as i64,
            st.bytes.len() / a.core().size(),
        )
    };
    Ok(vm.new_tuple(vec![Value::Int(address), Value::Int(n as i64)]))
}

fn byteswap<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    no_args(&args, "byteswap")?;
    let size = a.core().size();
    let mut st = a.core().lock();
    for item in st.bytes.chunks_mut(size) {
        item.reverse();
    }
    Ok(Value::None)
}

fn frombytes<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    let v = one(&args, "frombytes")?;
    let data = super::struct_module::read_buffer(vm, &v)?;
    append_bytes(&a, &data)?;
    Ok(Value::None)
}

fn tobytes<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    no_args(&args, "tobytes")?;
    let data = a.core().lock().bytes.clone();
    Ok(Value::new_obj(ObjKind::Bytes(data.into_boxed_slice())))
}

fn fromlist<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    let v = one(&args, "fromlist")?;
    if !matches!(v.kind(), Some(ObjKind::List(_))) {
        return Err(PyErr::type_error("arg must be list"));
    }
    let values = vm.collect(&v)?;
    let data = encode_all(vm, a.core().code, &values)?;
    append_bytes(&a, &data)?;
    Ok(Value::None)
}

/// The items of `a` as Python values.
pub(super) fn items<R: Runtime>(vm: &Vm<R>, a: &ArrayRef<R>) -> PyResult<Vec<Value<R>>, R> {
    let code = a.core().code;
    let st = a.core().lock();
    (0..st.bytes.len() / itemsize(code))
        .map(|i| read_item(vm, code, &st.bytes, i))
        .collect()
}

fn tolist<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    no_args(&args, "tolist")?;
    let values = items(vm, &a)?;
    Ok(vm.new_list(values))
}

fn fromunicode<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    let v = one(&args, "fromunicode")?;
    let Some(s) = v.as_str() else {
        return Err(PyErr::type_error(format!(
            "fromunicode() argument must be str, not {}",
            vm.type_name(&v)
        )));
    };
    if a.core().code != b'u' {
        return Err(PyErr::value_error(
            "fromunicode() may only be called on unicode type arrays",
        ));
    }
    let data: Vec<u8> = s.chars().flat_map(|c| (c as u32).to_ne_bytes()).collect();
    append_bytes(&a, &data)?;
    Ok(Value::None)
}

fn tounicode<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    no_args(&args, "tounicode")?;
    if a.core().code != b'u' {
        return Err(PyErr::value_error(
            "tounicode() may only be called on unicode type arrays",
        ));
    }
    let mut text = String::new();
    for v in items(vm, &a)? {
        text.push_str(v.as_str().unwrap_or(""));
    }
    Ok(vm.new_str(text))
}

fn fromfile<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    args.no_kwargs("fromfile")?;
    if args.pos.len() != 3 {
        return Err(PyErr::type_error(format!(
            "fromfile expected 2 arguments, got {}",
            args.pos.len().saturating_sub(1)
        )));
    }
    let n = match &args.pos[2] {
        Value::Int(n) => *n,
        Value::Bool(b) => *b as i64,
        other => return Err(vm.not_an_integer(other)),
    };
    if n < 0 {
        return Err(PyErr::value_error("negative count"));
    }
    let wanted = n as usize * a.core().size();
    let read = vm.get_attr_str(&args.pos[1], "read")?;
    let data = vm.call(&read, vec![Value::Int(wanted as i64)], Vec::new())?;
    let Some(ObjKind::Bytes(bytes)) = data.kind() else {
        return Err(PyErr::type_error("read() didn't return bytes"));
    };
    append_bytes(&a, bytes)?;
    if bytes.len() != wanted {
        return Err(PyErr::new(
            ExcKind::EOFError,
            "read() didn't return enough bytes",
        ));
    }
    Ok(Value::None)
}

fn tofile<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    let f = one(&args, "tofile")?;
    // In blocks of 64 KiB, as CPython writes them.
    const BLOCK: usize = 64 * 1024;
    let data = a.core().lock().bytes.clone();
    let write = vm.get_attr_str(&f, "write")?;
    for block in data.chunks(BLOCK) {
        let b = Value::new_obj(ObjKind::Bytes(block.to_vec().into_boxed_slice()));
        vm.call(&write, vec![b], Vec::new())?;
    }
    Ok(Value::None)
}

// -- operators --------------------------------------------------------------------------------

/// The other operand as an array of the same typecode, or CPython's error.
fn same_kind<R: Runtime>(
    vm: &Vm<R>,
    a: &ArrayRef<R>,
    other: &Value<R>,
    message: &str,
) -> PyResult<Vec<u8>, R> {
    let Some(b) = array_ref(vm, other) else {
        return Err(PyErr::type_error(
            message.replace("{}", &vm.type_name(other)),
        ));
    };
    if b.core().code != a.core().code {
        return Err(PyErr::type_error(
            "bad argument type for built-in operation",
        ));
    }
    let data = b.core().lock().bytes.clone();
    Ok(data)
}

fn add_op<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    let other = one(&args, "__add__")?;
    let theirs = same_kind(
        vm,
        &a,
        &other,
        "can only append array (not \"{}\") to array",
    )?;
    let mut data = a.core().lock().bytes.clone();
    data.extend_from_slice(&theirs);
    Ok(new_array(vm, a.core().code, data))
}

fn iadd<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    let other = one(&args, "__iadd__")?;
    let theirs = same_kind(
        vm,
        &a,
        &other,
        "can only extend array with array (not \"{}\")",
    )?;
    append_bytes(&a, &theirs)?;
    Ok(args.pos[0].clone())
}

/// The repeat count of `a * n`, or CPython's error for a non-integer.
fn repeat_count<R: Runtime>(vm: &mut Vm<R>, n: &Value<R>) -> PyResult<usize, R> {
    let n = match n {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        _ if matches!(n.kind(), Some(ObjKind::BigInt(_) | ObjKind::Instance(_))) => {
            super::num_args::to_i64(vm, n, "cannot fit 'int' into an index-sized integer")?
        }
        _ => {
            return Err(PyErr::type_error(format!(
                "can't multiply sequence by non-int of type '{}'",
                vm.type_name(n)
            )))
        }
    };
    Ok(n.max(0) as usize)
}

fn mul<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    let n = one(&args, "__mul__")?;
    let n = repeat_count(vm, &n)?;
    let data = a.core().lock().bytes.clone();
    if data.len().checked_mul(n).is_none() {
        return Err(PyErr::new(ExcKind::MemoryError, ""));
    }
    Ok(new_array(vm, a.core().code, data.repeat(n)))
}

fn imul<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    let n = one(&args, "__imul__")?;
    let n = repeat_count(vm, &n)?;
    let size = a.core().size();
    let old = a.core().len();
    if old > 0 && n != 1 {
        a.check_resize()?;
    }
    let mut st = a.core().lock();
    if st.bytes.len().checked_mul(n).is_none() {
        return Err(PyErr::new(ExcKind::MemoryError, ""));
    }
    st.bytes = st.bytes.repeat(n);
    let new = st.bytes.len() / size;
    if new != old {
        st.note_resize(old, new);
    }
    drop(st);
    Ok(args.pos[0].clone())
}

// -- comparisons and repr -----------------------------------------------------------------

/// `a OP b` for two arrays, as CPython's `array_richcompare`: item by item up to the first
/// pair that is not equal (values read afresh, so a NaN is unequal to itself), then the
/// lengths. `cmp` is the index into `<, <=, ==, !=, >, >=`.
fn compare<R: Runtime>(vm: &mut Vm<R>, args: Args<R>, cmp: u32) -> R0<R> {
    let a = this(vm, &args)?;
    let other = one(&args, "comparison")?;
    let Some(b) = array_ref(vm, &other) else {
        return Ok(vm.interp.not_implemented.clone());
    };
    let (ca, cb) = (a.core().code, b.core().code);
    let xs = a.core().lock().bytes.clone();
    let ys = b.core().lock().bytes.clone();
    let (na, nb) = (xs.len() / itemsize(ca), ys.len() / itemsize(cb));
    if na != nb && (cmp == 2 || cmp == 3) {
        return Ok(Value::Bool(cmp == 3));
    }
    for k in 0..na.min(nb) {
        let (x, y) = (scalar(ca, &xs, k), scalar(cb, &ys, k));
        if x.is_char() != y.is_char() {
            // A character and a number: Python's own comparison of the two values.
            let (xv, yv) = (read_item(vm, ca, &xs, k)?, read_item(vm, cb, &ys, k)?);
            let same = vm.compare(xv.clone(), yv.clone(), 2)?;
            if vm.truthy(&same)? {
                continue;
            }
            return match cmp {
                2 => Ok(Value::Bool(false)),
                3 => Ok(Value::Bool(true)),
                _ => vm.compare(xv, yv, cmp),
            };
        }
        if x.equals(y) {
            continue;
        }
        let ord = x.partial_cmp(y);
        use std::cmp::Ordering::*;
        let r = match cmp {
            0 => ord == Some(Less),
            1 => matches!(ord, Some(Less | Equal)),
            2 => false,
            3 => true,
            4 => ord == Some(Greater),
            _ => matches!(ord, Some(Greater | Equal)),
        };
        return Ok(Value::Bool(r));
    }
    let r = match cmp {
        0 => na < nb,
        1 => na <= nb,
        2 => na == nb,
        3 => na != nb,
        4 => na > nb,
        _ => na >= nb,
    };
    Ok(Value::Bool(r))
}

rich_comparisons!(compare);

fn repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    let code = a.core().code as char;
    let name = vm.type_name(&args.pos[0]);
    let values = items(vm, &a)?;
    if values.is_empty() {
        return Ok(vm.new_str(format!("{name}('{code}')")));
    }
    let body = if code == 'u' {
        let mut text = String::new();
        for v in &values {
            text.push_str(v.as_str().unwrap_or(""));
        }
        let s = vm.new_str(text);
        vm.repr(&s)?
    } else {
        let list = vm.new_list(values);
        vm.repr(&list)?
    };
    Ok(vm.new_str(format!("{name}('{code}', {body})")))
}

fn copy<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    no_args(&args, "__copy__")?;
    let data = a.core().lock().bytes.clone();
    Ok(new_array(vm, a.core().code, data))
}

fn deepcopy<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    one(&args, "__deepcopy__")?;
    let data = a.core().lock().bytes.clone();
    Ok(new_array(vm, a.core().code, data))
}

/// `a.__sizeof__()`: CPython's object size plus the room allocated for items.
fn sizeof<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    no_args(&args, "__sizeof__")?;
    let allocated = a.core().lock().allocated;
    Ok(Value::Int((64 + allocated * a.core().size()) as i64))
}
