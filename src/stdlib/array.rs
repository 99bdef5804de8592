//! The `array` module: `array.array`, a sequence of one C number type kept as raw machine
//! bytes, with CPython's conversions, errors and methods; `typecodes`, `ArrayType` and
//! `_array_reconstructor` (what a pickled array calls). The methods that are not item
//! access live in `array_methods.rs`, the iterator and the pickling support in
//! `array_iter.rs`.
//!
//! An array's items are the bytes of its C values in native order behind the array's own
//! mutex (so `tobytes`, `frombytes`, `byteswap` and a `memoryview` are copies of byte
//! ranges). A value is converted before the lock is taken: the conversion may run Python
//! code (`__index__`, `__float__`). `allocated` follows CPython's over-allocation, so that
//! `sys.getsizeof` gives CPython's numbers. While a `memoryview` of the array is unreleased
//! (`objects::buffer` counts it), the array refuses to change size.

use super::array_iter;
use super::array_methods;
use super::itertools::R0;
use super::num_args;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{buffer, int, Args, NativeFn, NativeObj, ObjKind, ObjRef, Value};
use crate::vm::{Runtime, Vm};
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};
use parking_lot::{Mutex, MutexGuard};

pub const TYPECODES: &str = "bBuhHiIlLqQfd";

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let class = array_class(vm);
    vm.set_module_attr(m, "array", Value::Obj(class.clone()));
    vm.set_module_attr(m, "ArrayType", Value::Obj(class));
    let codes = vm.new_str(TYPECODES);
    vm.set_module_attr(m, "typecodes", codes);
    super::add_functions(
        vm,
        m,
        &[("_array_reconstructor", array_iter::reconstructor)],
    );
    true
}

/// `array.array`: made once, then found by name.
pub(super) fn array_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    let methods: &[(&'static str, NativeFn<R>)] = &[
        ("__new__", array_new),
        ("__len__", len),
        ("__getitem__", getitem),
        ("__setitem__", setitem),
        ("__delitem__", delitem),
        ("__iter__", array_iter::iter),
    ];
    let class = vm.native_class("array", "array", methods);
    if let ObjKind::Class(c) = class.kind() {
        if c.dict.lock::<R>().get(&vm.str_key("append")).is_none() {
            array_methods::add(vm, &class);
            // Mutable, so unhashable (`hash(array('b'))` is CPython's TypeError).
            c.dict
                .lock::<R>()
                .insert(vm.str_key("__hash__"), Value::None);
        }
    }
    class
}

/// The native data of an array object.
pub(super) struct ArrayCore {
    pub(super) code: u8,
    pub(super) state: Mutex<ArrayState>,
}

pub(super) struct ArrayState {
    pub(super) bytes: Vec<u8>,
    /// Items CPython's array would have room for (its `allocated`), for `__sizeof__`.
    pub(super) allocated: usize,
}

impl ArrayCore {
    pub(super) fn new(code: u8, bytes: Vec<u8>) -> Self {
        let allocated = bytes.len() / itemsize(code);
        ArrayCore {
            code,
            state: Mutex::new(ArrayState { bytes, allocated }),
        }
    }

    pub(super) fn size(&self) -> usize {
        itemsize(self.code)
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, ArrayState> {
        self.state.lock()
    }

    pub(super) fn len(&self) -> usize {
        self.lock().bytes.len() / self.size()
    }
}

impl ArrayState {
    /// Records a change of length to `items` items as CPython's `array_resize` does: room
    /// over-allocated on growth, kept unless the array shrinks by 16 or more items.
    pub(super) fn note_resize(&mut self, old: usize, items: usize) {
        if self.allocated >= items && old < items + 16 {
            return;
        }
        if items == 0 {
            self.allocated = 0;
            return;
        }
        self.allocated = (items >> 4) + if old < 8 { 3 } else { 7 } + items;
    }
}

/// The size in bytes of an item of typecode `code`.
pub(super) fn itemsize(code: u8) -> usize {
    match code {
        b'b' | b'B' => 1,
        b'h' | b'H' => 2,
        b'i' | b'I' | b'f' | b'u' => 4,
        _ => 8,
    }
}

/// The array object behind `v`: `v` itself, or the array a subclass instance extends.
fn array_obj<R: Runtime>(vm: &Vm<R>, v: &Value<R>) -> Option<ObjRef<R>> {
    let base;
    let v = match v.kind() {
        Some(ObjKind::Instance(_)) => {
            base = vm.builtin_base(v)?;
            &base
        }
        _ => v,
    };
    match v {
        Value::Obj(o) => match o.kind() {
            ObjKind::Native(n) if n.downcast::<ArrayCore>().is_some() => Some(o.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// The receiver of an array method and its data.
pub(super) fn this<R: Runtime>(vm: &Vm<R>, args: &Args<R>) -> PyResult<ArrayRef<R>, R> {
    let v = args
        .pos
        .first()
        .ok_or_else(|| PyErr::type_error("array method needs self"))?;
    array_ref(vm, v).ok_or_else(|| PyErr::type_error("descriptor requires a 'array.array' object"))
}

/// An array object, with access to its data.
pub(super) struct ArrayRef<R: Runtime> {
    pub(super) obj: ObjRef<R>,
}

impl<R: Runtime> ArrayRef<R> {
    pub(super) fn core(&self) -> &ArrayCore {
        match self.obj.kind() {
            ObjKind::Native(n) => match n.downcast::<ArrayCore>() {
                Some(core) => core,
                None => unreachable!("an ArrayRef is only made for an array"),
            },
            _ => unreachable!("an ArrayRef is only made for an array"),
        }
    }

    /// `Err(BufferError)` if a `memoryview` of the array is unreleased.
    pub(super) fn check_resize(&self) -> PyResult<(), R> {
        if buffer::exports(&self.obj) == 0 {
            return Ok(());
        }
        Err(PyErr::new(
            ExcKind::BufferError,
            "cannot resize an array that is exporting buffers",
        ))
    }
}

pub(super) fn array_ref<R: Runtime>(vm: &Vm<R>, v: &Value<R>) -> Option<ArrayRef<R>> {
    array_obj(vm, v).map(|obj| ArrayRef { obj })
}

/// A new `array.array` of typecode `code` holding `bytes`.
pub(super) fn new_array<R: Runtime>(vm: &Vm<R>, code: u8, bytes: Vec<u8>) -> Value<R> {
    Value::new_obj(ObjKind::Native(NativeObj {
        class: array_class(vm),
        data: Box::new(ArrayCore::new(code, bytes)),
    }))
}

// -- conversions ------------------------------------------------------------------------------

/// Item `i` (in range) of `bytes`, an array of typecode `code`, as a Python value.
pub(super) fn read_item<R: Runtime>(vm: &Vm<R>, code: u8, bytes: &[u8], i: usize) -> R0<R> {
    let size = itemsize(code);
    let b = &bytes[i * size..(i + 1) * size];
    let mut raw = [0u8; 8];
    raw[..size].copy_from_slice(b);
    let two = [raw[0], raw[1]];
    let four = [raw[0], raw[1], raw[2], raw[3]];
    Ok(match code {
        b'b' => Value::Int(raw[0] as i8 as i64),
        b'B' => Value::Int(raw[0] as i64),
        b'h' => Value::Int(i16::from_ne_bytes(two) as i64),
        b'H' => Value::Int(u16::from_ne_bytes(two) as i64),
        b'i' => Value::Int(i32::from_ne_bytes(four) as i64),
        b'I' => Value::Int(u32::from_ne_bytes(four) as i64),
        b'l' | b'q' => Value::Int(i64::from_ne_bytes(raw)),
        b'L' | b'Q' => {
            let u = u64::from_ne_bytes(raw);
            match i64::try_from(u) {
                Ok(i) => Value::Int(i),
                Err(_) => int::from_bigint(BigInt::from(u)),
            }
        }
        b'f' => Value::Float(f32::from_ne_bytes(four) as f64),
        b'd' => Value::Float(f64::from_ne_bytes(raw)),
        _ => {
            let c = u32::from_ne_bytes(four);
            match char::from_u32(c) {
                Some(ch) => vm.new_str(ch.to_string()),
                None => {
                    return Err(PyErr::value_error(format!(
                        "character U+{c:x} is not in range [U+0000; U+10ffff]"
                    )))
                }
            }
        }
    })
}

/// A number read out of an array, for comparisons that need no Python code.
#[derive(Clone, Copy)]
pub(super) enum Scalar {
    Int(i128),
    Float(f64),
    Char(u32),
}

impl Scalar {
    /// `a == b` for two numbers (never asked of a character and a number).
    pub(super) fn equals(self, other: Scalar) -> bool {
        match (self, other) {
            (Scalar::Int(a), Scalar::Int(b)) => a == b,
            (Scalar::Char(a), Scalar::Char(b)) => a == b,
            (a, b) => a.as_f64() == b.as_f64(),
        }
    }

    pub(super) fn partial_cmp(self, other: Scalar) -> Option<std::cmp::Ordering> {
        match (self, other) {
            (Scalar::Int(a), Scalar::Int(b)) => Some(a.cmp(&b)),
            (Scalar::Char(a), Scalar::Char(b)) => Some(a.cmp(&b)),
            (a, b) => a.as_f64().partial_cmp(&b.as_f64()),
        }
    }

    fn as_f64(self) -> f64 {
        match self {
            Scalar::Int(i) => i as f64,
            Scalar::Float(f) => f,
            Scalar::Char(c) => c as f64,
        }
    }

    pub(super) fn is_char(self) -> bool {
        matches!(self, Scalar::Char(_))
    }
}

/// Item `i` (in range) of `bytes` as a [`Scalar`].
pub(super) fn scalar(code: u8, bytes: &[u8], i: usize) -> Scalar {
    let size = itemsize(code);
    let mut raw = [0u8; 8];
    raw[..size].copy_from_slice(&bytes[i * size..(i + 1) * size]);
    let two = [raw[0], raw[1]];
    let four = [raw[0], raw[1], raw[2], raw[3]];
    match code {
        b'b' => Scalar::Int(raw[0] as i8 as i128),
        b'B' => Scalar::Int(raw[0] as i128),
        b'h' => Scalar::Int(i16::from_ne_bytes(two) as i128),
        b'H' => Scalar::Int(u16::from_ne_bytes(two) as i128),
        b'i' => Scalar::Int(i32::from_ne_bytes(four) as i128),
        b'I' => Scalar::Int(u32::from_ne_bytes(four) as i128),
        b'l' | b'q' => Scalar::Int(i64::from_ne_bytes(raw) as i128),
        b'L' | b'Q' => Scalar::Int(u64::from_ne_bytes(raw) as i128),
        b'f' => Scalar::Float(f32::from_ne_bytes(four) as f64),
        b'd' => Scalar::Float(f64::from_ne_bytes(raw)),
        _ => Scalar::Char(u32::from_ne_bytes(four)),
    }
}

/// A plain int or float as a [`Scalar`] (for `in`, `count`, `index`, `remove`), `None` for
/// any other value (compared with Python's `==`).
pub(super) fn plain_scalar<R: Runtime>(v: &Value<R>) -> Option<Scalar> {
    match v {
        Value::Int(i) => Some(Scalar::Int(*i as i128)),
        Value::Bool(b) => Some(Scalar::Int(*b as i128)),
        Value::Float(f) => Some(Scalar::Float(*f)),
        _ => None,
    }
}

/// `v` as an integer through `__index__`, for the integer typecodes.
fn index_int<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<BigInt, R> {
    match v {
        Value::Int(i) => Ok(BigInt::from(*i)),
        Value::Bool(b) => Ok(BigInt::from(*b as i64)),
        Value::Float(_) => Err(vm.not_an_integer(v)),
        _ => num_args::to_bigint(vm, v),
    }
}

/// A C long, with CPython's overflow text.
fn c_long<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<i64, R> {
    if let Value::Int(i) = v {
        return Ok(*i);
    }
    index_int(vm, v)?
        .to_i64()
        .ok_or_else(|| PyErr::overflow("Python int too large to convert to C long"))
}

fn bounded<R: Runtime>(v: i64, low: i64, high: i64, name: &str) -> PyResult<i64, R> {
    if v < low {
        return Err(PyErr::overflow(format!("{name} is less than minimum")));
    }
    if v > high {
        return Err(PyErr::overflow(format!("{name} is greater than maximum")));
    }
    Ok(v)
}

/// An unsigned C long (`bits` 32 for 'I', where a value past 32 bits is its own error).
fn unsigned_long<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>, bits: u32) -> PyResult<u64, R> {
    let big = match v {
        Value::Int(i) if *i >= 0 => BigInt::from(*i),
        _ => index_int(vm, v)?,
    };
    if big.is_negative() {
        return Err(PyErr::overflow(
            "can't convert negative value to unsigned int",
        ));
    }
    let u = big
        .to_u64()
        .ok_or_else(|| PyErr::overflow("Python int too large to convert to C unsigned long"))?;
    if bits == 32 && u > u32::MAX as u64 {
        return Err(PyErr::overflow("unsigned int is greater than maximum"));
    }
    Ok(u)
}

/// `v` as a C double, as `PyFloat_AsDouble` reads it.
fn double<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<f64, R> {
    match v {
        Value::Float(f) => Ok(*f),
        Value::Int(i) => Ok(*i as f64),
        _ => num_args::to_f64(vm, v),
    }
}

/// `v` converted for an array of typecode `code`: its bytes in native order (the first
/// `itemsize(code)` of the eight), or CPython's error.
pub(super) fn encode<R: Runtime>(vm: &mut Vm<R>, code: u8, v: &Value<R>) -> PyResult<[u8; 8], R> {
    let mut out = [0u8; 8];
    match code {
        b'b' => {
            let short = bounded(c_long(vm, v)?, -32768, 32767, "signed short integer")?;
            out[0] = bounded(short, -128, 127, "signed char")? as i8 as u8;
        }
        b'B' => out[0] = bounded(c_long(vm, v)?, 0, 255, "unsigned byte integer")? as u8,
        b'h' => {
            let h = bounded(c_long(vm, v)?, -32768, 32767, "signed short integer")?;
            out[..2].copy_from_slice(&(h as i16).to_ne_bytes());
        }
        b'H' => {
            let i = bounded(
                c_long(vm, v)?,
                i32::MIN as i64,
                i32::MAX as i64,
                "signed integer",
            )?;
            let h = bounded(i, 0, 65535, "unsigned short")?;
            out[..2].copy_from_slice(&(h as u16).to_ne_bytes());
        }
        b'i' => {
            let i = bounded(
                c_long(vm, v)?,
                i32::MIN as i64,
                i32::MAX as i64,
                "signed integer",
            )?;
            out[..4].copy_from_slice(&(i as i32).to_ne_bytes());
        }
        b'I' => out[..4].copy_from_slice(&(unsigned_long(vm, v, 32)? as u32).to_ne_bytes()),
        b'l' => out = c_long(vm, v)?.to_ne_bytes(),
        b'L' => out = unsigned_long(vm, v, 64)?.to_ne_bytes(),
        b'q' => {
            let i = match v {
                Value::Int(i) => *i,
                _ => index_int(vm, v)?
                    .to_i64()
                    .ok_or_else(|| PyErr::overflow("int too big to convert"))?,
            };
            out = i.to_ne_bytes();
        }
        b'Q' => {
            let big = index_int(vm, v)?;
            if big.is_negative() {
                return Err(PyErr::overflow("can't convert negative int to unsigned"));
            }
            let u = big
                .to_u64()
                .ok_or_else(|| PyErr::overflow("int too big to convert"))?;
            out = u.to_ne_bytes();
        }
        b'f' => out[..4].copy_from_slice(&(double(vm, v)? as f32).to_ne_bytes()),
        b'd' => out = double(vm, v)?.to_ne_bytes(),
        _ => {
            let ch = v
                .as_str()
                .filter(|s| s.chars().count() == 1)
                .and_then(|s| s.chars().next())
                .ok_or_else(|| PyErr::type_error("array item must be unicode character"))?;
            out[..4].copy_from_slice(&(ch as u32).to_ne_bytes());
        }
    }
    Ok(out)
}

/// The bytes of `values` converted for typecode `code`.
pub(super) fn encode_all<R: Runtime>(
    vm: &mut Vm<R>,
    code: u8,
    values: &[Value<R>],
) -> PyResult<Vec<u8>, R> {
    let size = itemsize(code);
    let mut out = Vec::with_capacity(values.len() * size);
    for v in values {
        out.extend_from_slice(&encode(vm, code, v)?[..size]);
    }
    Ok(out)
}

// -- construction -----------------------------------------------------------------------------

/// `array(typecode[, initializer])`, for `array.array` and its subclasses.
fn array_new<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let mut pos = args.pos.into_iter();
    let class = pos.next().unwrap_or(Value::None);
    let base = array_class(vm);
    let exact = class.as_obj().is_some_and(|c| c.ptr_eq(&base));
    if exact && !args.kw.is_empty() {
        return Err(PyErr::type_error(
            "array.array() takes no keyword arguments",
        ));
    }
    let rest: Vec<Value<R>> = pos.collect();
    if rest.is_empty() {
        return Err(PyErr::type_error(
            "array() takes at least 1 argument (0 given)",
        ));
    }
    if rest.len() > 2 {
        return Err(PyErr::type_error(format!(
            "array() takes at most 2 arguments ({} given)",
            rest.len()
        )));
    }
    let code = match rest[0].as_str() {
        Some(s) if s.chars().count() == 1 => s.chars().next().unwrap_or('?'),
        _ => {
            return Err(PyErr::type_error(format!(
                "array() argument 1 must be a unicode character, not {}",
                vm.type_name(&rest[0])
            )))
        }
    };
    if !code.is_ascii() || !TYPECODES.contains(code) {
        return Err(PyErr::value_error(
            "bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)",
        ));
    }
    let code = code as u8;
    let made = new_array(vm, code, Vec::new());
    if let Some(init) = rest.get(1) {
        fill(vm, &made, code, init)?;
    }
    match vm.user_subclass(&class).filter(|_| !exact) {
        Some(sub) => Ok(vm.wrap_in_subclass(sub, made)),
        None => Ok(made),
    }
}

/// Fills a new array from its initializer, as CPython's `array_new` does.
fn fill<R: Runtime>(vm: &mut Vm<R>, made: &Value<R>, code: u8, init: &Value<R>) -> PyResult<(), R> {
    let Some(target) = array_ref(vm, made) else {
        return Ok(());
    };
    if init.as_str().is_some() && code != b'u' {
        return Err(PyErr::type_error(format!(
            "cannot use a str to initialize an array with typecode '{}'",
            code as char
        )));
    }
    if let Some(source) = array_ref(vm, init) {
        let other = source.core().code;
        if other == b'u' && code != b'u' {
            return Err(PyErr::type_error(format!(
                "cannot use a unicode array to initialize an array with typecode '{}'",
                code as char
            )));
        }
        if other == code {
            let bytes = source.core().lock().bytes.clone();
            *target.core().lock() = ArrayState {
                allocated: bytes.len() / itemsize(code),
                bytes,
            };
            return Ok(());
        }
    }
    match init.kind() {
        Some(ObjKind::List(_) | ObjKind::Tuple(_)) => {
            let values = vm.collect(init)?;
            let bytes = encode_all(vm, code, &values)?;
            *target.core().lock() = ArrayState {
                allocated: values.len(),
                bytes,
            };
            Ok(())
        }
        Some(ObjKind::Bytes(_) | ObjKind::ByteArray(_)) => {
            let data = super::struct_module::read_buffer(vm, init)?;
            array_methods::append_bytes(&target, &data)
        }
        Some(ObjKind::Str(s)) => {
            let bytes: Vec<u8> = s
                .as_str()
                .chars()
                .flat_map(|c| (c as u32).to_ne_bytes())
                .collect();
            array_methods::append_bytes(&target, &bytes)
        }
        _ => array_methods::extend_from_iterable(vm, &target, init),
    }
}

// -- item access ------------------------------------------------------------------------------

/// An index into an array: an int (or `__index__`), or a slice.
enum Index {
    At(i64),
    Slice(i64, i64, i64),
}

fn index_arg<R: Runtime>(vm: &mut Vm<R>, index: &Value<R>, len: usize) -> PyResult<Index, R> {
    match index {
        Value::Int(i) => Ok(Index::At(*i)),
        Value::Bool(b) => Ok(Index::At(*b as i64)),
        Value::Obj(o) => match o.kind() {
            ObjKind::Slice(s) => {
                let parts = plain_parts(vm, s)?;
                let (start, stop, step) = vm.slice_indices(&parts, len)?;
                Ok(Index::Slice(start, stop, step))
            }
            ObjKind::BigInt(_) => Err(PyErr::index_error(
                "cannot fit 'int' into an index-sized integer",
            )),
            ObjKind::Instance(_) | ObjKind::Native(_) => match num_args::to_bigint(vm, index) {
                Ok(big) => big.to_i64().map(Index::At).ok_or_else(|| {
                    PyErr::index_error("cannot fit 'int' into an index-sized integer")
                }),
                Err(_) => Err(PyErr::type_error("array indices must be integers")),
            },
            _ => Err(PyErr::type_error("array indices must be integers")),
        },
        _ => Err(PyErr::type_error("array indices must be integers")),
    }
}

/// A slice's parts with any `__index__` objects read as ints.
fn plain_parts<R: Runtime>(vm: &mut Vm<R>, s: &[Value<R>; 3]) -> PyResult<[Value<R>; 3], R> {
    let mut out = s.clone();
    for part in out.iter_mut() {
        if matches!(part.kind(), Some(ObjKind::Instance(_) | ObjKind::Native(_))) {
            *part = int::from_bigint(num_args::to_bigint(vm, part)?);
        }
    }
    Ok(out)
}

/// The positions a slice picks, in order.
pub(super) fn positions(start: i64, stop: i64, step: i64) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as usize);
        i += step;
    }
    out
}

fn len<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    Ok(Value::Int(a.core().len() as i64))
}

fn getitem<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    args.check_count("__getitem__", 2, 2)?;
    let core = a.core();
    let size = core.size();
    if let Value::Int(i) = args.pos[1] {
        let st = core.lock();
        let n = (st.bytes.len() / size) as i64;
        let at = if i < 0 { i + n } else { i };
        if at < 0 || at >= n {
            return Err(PyErr::index_error("array index out of range"));
        }
        return read_item(vm, core.code, &st.bytes, at as usize);
    }
    let len = core.len();
    match index_arg(vm, &args.pos[1], len)? {
        Index::At(i) => {
            let st = core.lock();
            let n = (st.bytes.len() / size) as i64;
            let at = if i < 0 { i + n } else { i };
            if at < 0 || at >= n {
                return Err(PyErr::index_error("array index out of range"));
            }
            read_item(vm, core.code, &st.bytes, at as usize)
        }
        Index::Slice(start, stop, step) => {
            let st = core.lock();
            let bytes = if step == 1 {
                if stop > start {
                    st.bytes[start as usize * size..stop as usize * size].to_vec()
                } else {
                    Vec::new()
                }
            } else {
                let mut out = Vec::new();
                for i in positions(start, stop, step) {
                    out.extend_from_slice(&st.bytes[i * size..(i + 1) * size]);
                }
                out
            };
            drop(st);
            Ok(new_array(vm, core.code, bytes))
        }
    }
}

fn setitem<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    args.check_count("__setitem__", 3, 3)?;
    let core = a.core();
    let size = core.size();
    let len = core.len();
    match index_arg(vm, &args.pos[1], len)? {
        Index::At(i) => {
            let at = if i < 0 { i + len as i64 } else { i };
            if at < 0 || at >= len as i64 {
                return Err(PyErr::index_error("array assignment index out of range"));
            }
            let raw = encode(vm, core.code, &args.pos[2])?;
            let mut st = core.lock();
            let at = at as usize;
            if (at + 1) * size > st.bytes.len() {
                return Err(PyErr::index_error("array assignment index out of range"));
            }
            st.bytes[at * size..(at + 1) * size].copy_from_slice(&raw[..size]);
            Ok(Value::None)
        }
        Index::Slice(start, stop, step) => {
            let Some(source) = array_ref(vm, &args.pos[2]) else {
                return Err(PyErr::type_error(format!(
                    "can only assign array (not \"{}\") to array slice",
                    vm.type_name(&args.pos[2])
                )));
            };
            if source.core().code != core.code {
                return Err(PyErr::type_error(
                    "bad argument type for built-in operation",
                ));
            }
            let data = source.core().lock().bytes.clone();
            assign_slice(&a, start, stop, step, Some(&data))?;
            Ok(Value::None)
        }
    }
}

fn delitem<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    args.check_count("__delitem__", 2, 2)?;
    let len = a.core().len();
    match index_arg(vm, &args.pos[1], len)? {
        Index::At(i) => {
            let at = if i < 0 { i + len as i64 } else { i };
            if at < 0 || at >= len as i64 {
                return Err(PyErr::index_error("array assignment index out of range"));
            }
            assign_slice(&a, at, at + 1, 1, None)?;
        }
        Index::Slice(start, stop, step) => assign_slice(&a, start, stop, step, None)?,
    }
    Ok(Value::None)
}

/// `a[start:stop:step] = data` (the bytes of an array of the same typecode), or `del` of
/// the slice when `data` is `None`, as CPython's `array_ass_subscr`.
pub(super) fn assign_slice<R: Runtime>(
    a: &ArrayRef<R>,
    start: i64,
    mut stop: i64,
    step: i64,
    data: Option<&[u8]>,
) -> PyResult<(), R> {
    let core = a.core();
    let size = core.size();
    let needed = data.map_or(0, |d| d.len() / size);
    if (step > 0 && stop < start) || (step < 0 && stop > start) {
        stop = start;
    }
    let picked = positions(start, stop, step);
    if needed == 0 || picked.len() != needed {
        a.check_resize()?;
    }
    let mut st = core.lock();
    let old = st.bytes.len() / size;
    if step == 1 {
        let (from, to) = (start as usize * size, stop as usize * size);
        st.bytes
            .splice(from..to, data.unwrap_or(&[]).iter().copied());
        let new = st.bytes.len() / size;
        if new != old {
            st.note_resize(old, new);
        }
        return Ok(());
    }
    match data.filter(|_| needed > 0) {
        None => {
            let mut remove = picked;
            remove.sort_unstable();
            let mut kept = Vec::with_capacity(st.bytes.len());
            let mut next = remove.iter().peekable();
            for (i, item) in st.bytes.chunks(size).enumerate() {
                if next.peek() == Some(&&i) {
                    next.next();
                    continue;
                }
                kept.extend_from_slice(item);
            }
            st.bytes = kept;
            let new = st.bytes.len() / size;
            st.note_resize(old, new);
            Ok(())
        }
        Some(data) => {
            if picked.len() != needed {
                return Err(PyErr::value_error(format!(
                    "attempt to assign array of size {needed} to extended slice of size {}",
                    picked.len()
                )));
            }
            for (k, i) in picked.into_iter().enumerate() {
                st.bytes[i * size..(i + 1) * size].copy_from_slice(&data[k * size..(k + 1) * size]);
            }
            Ok(())
        }
    }
}
