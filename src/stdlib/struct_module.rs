//! The `_struct` module, under the Python module `struct` (`lib/struct.py` adds the `Struct`
//! class): values packed into bytes and back by a format string — `pack`, `unpack`,
//! `calcsize`, `pack_into`, `unpack_from`, `iter_unpack` and the exception `struct.error`, with
//! CPython 3.11's sizes, alignment and error texts on a 64-bit little-endian machine.

use super::itertools::R0;
use super::num_args::to_bigint;
use super::sync_more::exception_class;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::Runtime;
use crate::vm::Vm;
use num_traits::ToPrimitive;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("pack", pack),
        ("unpack", unpack),
        ("calcsize", calcsize),
        ("pack_into", pack_into),
        ("unpack_from", unpack_from),
        ("iter_unpack", iter_unpack),
        ("_clearcache", clear_cache),
    ];
    super::add_functions(vm, m, functions);
    vm.set_module_attr(m, "error", Value::Obj(error_class(vm)));
    true
}

/// `struct.error`: one class for the whole run (the VM keeps native classes by name).
fn error_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    exception_class(
        vm,
        "struct",
        "error",
        vm.types().exception(ExcKind::Exception),
    )
}

fn error<R: Runtime>(vm: &mut Vm<R>, message: impl Into<String>) -> PyErr<R> {
    let class = error_class(vm);
    let message = vm.new_str(message.into());
    match vm.new_exception_object(&class, vec![message]) {
        Value::Obj(o) => PyErr::Object(o),
        _ => PyErr::runtime_error("cannot make struct.error"),
    }
}

/// How a format lays values out: `@` native sizes and alignment (the default), `=` native
/// order with standard sizes, `<` little-endian, `>` and `!` big-endian.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Native,
    Little,
    Big,
}

/// One format code with its repeat count, at its byte offset in the packed data.
#[derive(Clone, Copy)]
struct Item {
    code: u8,
    /// For `s` and `p` the length of the one bytes value; otherwise the number of values.
    count: usize,
    offset: usize,
}

struct Layout {
    mode: Mode,
    items: Vec<Item>,
    size: usize,
    values: usize,
}

/// The size of one `code` in `mode`, or `None` for a character that is not a format code.
fn code_size(code: u8, mode: Mode) -> Option<usize> {
    Some(match code {
        b'x' | b'c' | b'b' | b'B' | b'?' | b's' | b'p' => 1,
        b'h' | b'H' | b'e' => 2,
        b'i' | b'I' | b'f' => 4,
        b'l' | b'L' if mode != Mode::Native => 4,
        b'l' | b'L' | b'q' | b'Q' | b'd' => 8,
        b'n' | b'N' | b'P' if mode == Mode::Native => 8,
        _ => return None,
    })
}

fn parse(fmt: &[u8]) -> Result<Layout, &'static str> {
    let (mode, native_sizes, rest) = match fmt.first() {
        Some(b'@') => (Mode::Little, true, &fmt[1..]),
        Some(b'=') | Some(b'<') => (Mode::Little, false, &fmt[1..]),
        Some(b'>') | Some(b'!') => (Mode::Big, false, &fmt[1..]),
        _ => (Mode::Little, true, fmt),
    };
    let size_mode = if native_sizes { Mode::Native } else { mode };
    let mut items = Vec::new();
    let (mut size, mut values, mut i) = (0usize, 0usize, 0usize);
    while i < rest.len() {
        let c = rest[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let mut count = 1usize;
        if c.is_ascii_digit() {
            let mut n: usize = 0;
            while i < rest.len() && rest[i].is_ascii_digit() {
                n = n
                    .checked_mul(10)
                    .and_then(|n| n.checked_add((rest[i] - b'0') as usize))
                    .ok_or("total struct size too long")?;
                i += 1;
            }
            if i == rest.len() {
                return Err("repeat count given without format specifier");
            }
            count = n;
        }
        let code = rest[i];
        i += 1;
        let item_size = code_size(code, size_mode).ok_or("bad char in struct format")?;
        if native_sizes && item_size > 1 {
            size = size.div_ceil(item_size) * item_size;
        }
        items.push(Item {
            code,
            count,
            offset: size,
        });
        let bytes = item_size
            .checked_mul(count)
            .ok_or("total struct size too long")?;
        size = size
            .checked_add(bytes)
            .filter(|s| *s <= isize::MAX as usize)
            .ok_or("total struct size too long")?;
        values += match code {
            b'x' => 0,
            b's' | b'p' => 1,
            _ => count,
        };
    }
    let mode = if native_sizes { Mode::Native } else { mode };
    Ok(Layout {
        mode,
        items,
        size,
        values,
    })
}

/// The format argument (a `str` or `bytes`) parsed, or `struct.error`.
fn layout<R: Runtime>(vm: &mut Vm<R>, fmt: &Value<R>) -> PyResult<Layout, R> {
    let text: Vec<u8> = match fmt.kind() {
        Some(ObjKind::Str(s)) => s.as_str().as_bytes().to_vec(),
        Some(ObjKind::Bytes(b)) => b.to_vec(),
        _ => {
            return Err(PyErr::type_error(format!(
                "Struct() argument 1 must be a str or bytes object, not {}",
                vm.type_name(fmt)
            )))
        }
    };
    parse(&text).map_err(|m| error(vm, m))
}

/// The first positional argument (the format) and the rest, or CPython's missing-argument text.
fn split_format<R: Runtime>(args: Args<R>, name: &str) -> PyResult<(Value<R>, Vec<Value<R>>), R> {
    args.no_kwargs(name)?;
    let mut pos = args.pos.into_iter();
    match pos.next() {
        Some(fmt) => Ok((fmt, pos.collect())),
        None => Err(PyErr::type_error(format!(
            "{name}() missing required argument 'format' (pos 1)"
        ))),
    }
}

/// The bytes of a readable buffer (`bytes`, `bytearray`, a `memoryview`), or CPython's
/// TypeError.
pub(super) fn read_buffer<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<Vec<u8>, R> {
    match v.kind() {
        Some(ObjKind::Bytes(b)) => Ok(b.to_vec()),
        Some(ObjKind::ByteArray(b)) => Ok(b.lock::<R>().clone()),
        _ => match crate::builtins::memoryview::view_bytes(vm, v)? {
            Some(data) => Ok(data),
            None => Err(PyErr::type_error(format!(
                "a bytes-like object is required, not '{}'",
                vm.type_name(v)
            ))),
        },
    }
}

fn calcsize<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (fmt, rest) = split_format(args, "calcsize")?;
    if !rest.is_empty() {
        return Err(PyErr::type_error(format!(
            "calcsize() takes exactly one argument ({} given)",
            rest.len() + 1
        )));
    }
    Ok(Value::Int(layout(vm, &fmt)?.size as i64))
}

fn pack<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (fmt, values) = split_format(args, "pack")?;
    let layout = layout(vm, &fmt)?;
    if values.len() != layout.values {
        return Err(error(
            vm,
            format!(
                "pack expected {} items for packing (got {})",
                layout.values,
                values.len()
            ),
        ));
    }
    let mut out = vec![0u8; layout.size];
    write_values(vm, &layout, &values, &mut out)?;
    Ok(Value::new_obj(ObjKind::Bytes(out.into_boxed_slice())))
}

fn pack_into<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (fmt, rest) = split_format(args, "pack_into")?;
    let layout = layout(vm, &fmt)?;
    if rest.len() < 2 {
        return Err(PyErr::type_error(if rest.is_empty() {
            "pack_into expected buffer argument".to_string()
        } else {
            "pack_into expected offset argument".to_string()
        }));
    }
    let values = &rest[2..];
    if values.len() != layout.values {
        return Err(error(
            vm,
            format!(
                "pack_into expected {} items for packing (got {})",
                layout.values,
                values.len()
            ),
        ));
    }
    if let Some(array) = super::array::array_ref(vm, &rest[0]) {
        // An array.array is a writable buffer of its items' bytes.
        let len = array.core().lock().bytes.len();
        let offset = to_offset(vm, &rest[1])?;
        let start = resolve_offset(vm, offset, len, layout.size, "pack_into", "packing")?;
        let mut out = vec![0u8; layout.size];
        write_values(vm, &layout, values, &mut out)?;
        let mut st = array.core().lock();
        if st.bytes.len() < start + layout.size {
            return Err(PyErr::runtime_error("buffer changed size while packing"));
        }
        st.bytes[start..start + layout.size].copy_from_slice(&out);
        return Ok(Value::None);
    }
    let Some(ObjKind::ByteArray(target)) = rest[0].kind() else {
        return Err(PyErr::type_error(format!(
            "argument must be read-write bytes-like object, not {}",
            vm.type_name(&rest[0])
        )));
    };
    let len = target.lock::<R>().len();
    let offset = to_offset(vm, &rest[1])?;
    let start = resolve_offset(vm, offset, len, layout.size, "pack_into", "packing")?;
    let mut out = vec![0u8; layout.size];
    write_values(vm, &layout, values, &mut out)?;
    let mut buffer = target.lock::<R>();
    if buffer.len() < start + layout.size {
        return Err(PyErr::runtime_error("buffer changed size while packing"));
    }
    buffer[start..start + layout.size].copy_from_slice(&out);
    Ok(Value::None)
}

fn unpack<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (fmt, rest) = split_format(args, "unpack")?;
    if rest.len() != 1 {
        return Err(PyErr::type_error(format!(
            "unpack expected 2 arguments, got {}",
            rest.len() + 1
        )));
    }
    let layout = layout(vm, &fmt)?;
    let data = read_buffer(vm, &rest[0])?;
    if data.len() != layout.size {
        return Err(error(
            vm,
            format!("unpack requires a buffer of {} bytes", layout.size),
        ));
    }
    let items = read_values(&layout, &data)?;
    Ok(vm.new_tuple(items))
}

fn unpack_from<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let offset_kw = args.take_kw("offset");
    let buffer_kw = args.take_kw("buffer");
    let (fmt, mut rest) = split_format(args, "unpack_from")?;
    if let Some(b) = buffer_kw {
        rest.insert(0, b);
    }
    if let Some(o) = offset_kw {
        rest.push(o);
    }
    let Some(buffer) = rest.first() else {
        return Err(PyErr::type_error(
            "unpack_from() missing required argument 'buffer' (pos 2)",
        ));
    };
    let layout = layout(vm, &fmt)?;
    let data = read_buffer(vm, buffer)?;
    let offset = match rest.get(1) {
        Some(v) => to_offset(vm, v)?,
        None => 0,
    };
    let start = resolve_offset(
        vm,
        offset,
        data.len(),
        layout.size,
        "unpack_from",
        "unpacking",
    )?;
    let items = read_values(&layout, &data[start..start + layout.size])?;
    Ok(vm.new_tuple(items))
}

fn iter_unpack<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (fmt, rest) = split_format(args, "iter_unpack")?;
    let layout = layout(vm, &fmt)?;
    let Some(buffer) = rest.first() else {
        return Err(PyErr::type_error("iter_unpack expected 2 arguments, got 1"));
    };
    let data = read_buffer(vm, buffer)?;
    if layout.size == 0 {
        return Err(error(
            vm,
            "cannot iteratively unpack with a struct of length 0",
        ));
    }
    if data.len() % layout.size != 0 {
        return Err(error(
            vm,
            format!(
                "iterative unpacking requires a buffer of a multiple of {} bytes",
                layout.size
            ),
        ));
    }
    let mut tuples = Vec::with_capacity(data.len() / layout.size);
    for chunk in data.chunks(layout.size) {
        let items = read_values(&layout, chunk)?;
        tuples.push(vm.new_tuple(items));
    }
    let list = vm.new_list(tuples);
    vm.get_iter(&list)
}

/// Formats are parsed on every call, so there is no cache to clear.
fn clear_cache<R: Runtime>(_vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(Value::None)
}

fn to_offset<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<i64, R> {
    to_bigint(vm, v)?
        .to_i64()
        .ok_or_else(|| PyErr::overflow("Python int too large to convert to C ssize_t"))
}

/// Where `size` bytes start in a buffer of `len` bytes for `offset` (negative counts from the
/// end), with CPython's texts when they do not fit.
fn resolve_offset<R: Runtime>(
    vm: &mut Vm<R>,
    offset: i64,
    len: usize,
    size: usize,
    name: &str,
    verb: &str,
) -> PyResult<usize, R> {
    let start = if offset < 0 {
        if offset.unsigned_abs() as usize > len {
            return Err(error(
                vm,
                format!("offset {offset} out of range for {len}-byte buffer"),
            ));
        }
        len - offset.unsigned_abs() as usize
    } else {
        offset as usize
    };
    if len < start || len - start < size {
        let message = if offset < 0 {
            format!("not enough data to unpack {size} bytes at offset {offset}")
        } else {
            format!(
                "{name} requires a buffer of at least {} bytes for {verb} {size} bytes at offset \
                 {offset} (actual buffer size is {len})",
                size as u128 + offset as u128
            )
        };
        return Err(error(vm, message));
    }
    Ok(start)
}

fn write_values<R: Runtime>(
    vm: &mut Vm<R>,
    layout: &Layout,
    values: &[Value<R>],
    out: &mut [u8],
) -> PyResult<(), R> {
    let mut values = values.iter();
    for item in &layout.items {
        match item.code {
            b'x' => {}
            b's' | b'p' => {
                let v = values.next().cloned().unwrap_or(Value::None);
                let data = match v.kind() {
                    Some(ObjKind::Bytes(b)) => b.to_vec(),
                    Some(ObjKind::ByteArray(b)) => b.lock::<R>().clone(),
                    _ => {
                        let c = item.code as char;
                        return Err(error(
                            vm,
                            format!("argument for '{c}' must be a bytes object"),
                        ));
                    }
                };
                let field = &mut out[item.offset..item.offset + item.count];
                if item.code == b's' {
                    let n = data.len().min(item.count);
                    field[..n].copy_from_slice(&data[..n]);
                } else if item.count > 0 {
                    let n = data.len().min(item.count - 1);
                    field[1..1 + n].copy_from_slice(&data[..n]);
                    field[0] = n.min(255) as u8;
                }
            }
            code => {
                let size = code_size(code, layout.mode).unwrap_or(1);
                for k in 0..item.count {
                    let v = values.next().cloned().unwrap_or(Value::None);
                    let at = item.offset + k * size;
                    let field = &mut out[at..at + size];
                    write_one(vm, code, layout.mode, &v, field)?;
                }
            }
        }
    }
    Ok(())
}

fn write_one<R: Runtime>(
    vm: &mut Vm<R>,
    code: u8,
    mode: Mode,
    v: &Value<R>,
    field: &mut [u8],
) -> PyResult<(), R> {
    let big = mode == Mode::Big;
    match code {
        b'c' => match v.kind() {
            Some(ObjKind::Bytes(b)) if b.len() == 1 => field[0] = b[0],
            _ => return Err(error(vm, "char format requires a bytes object of length 1")),
        },
        b'?' => field[0] = vm.truthy(v)? as u8,
        b'e' | b'f' | b'd' => {
            let x = float_arg(vm, v)?;
            let bytes: Vec<u8> = match code {
                b'e' => {
                    let h = f64_to_half(x)
                        .ok_or_else(|| PyErr::overflow("float too large to pack with e format"))?;
                    if big {
                        h.to_be_bytes()
                    } else {
                        h.to_le_bytes()
                    }
                    .to_vec()
                }
                b'f' => {
                    let f = x as f32;
                    if f.is_infinite() && x.is_finite() && mode != Mode::Native {
                        return Err(PyErr::overflow("float too large to pack with f format"));
                    }
                    if big {
                        f.to_be_bytes()
                    } else {
                        f.to_le_bytes()
                    }
                    .to_vec()
                }
                _ => if big {
                    x.to_be_bytes()
                } else {
                    x.to_le_bytes()
                }
                .to_vec(),
            };
            field.copy_from_slice(&bytes);
        }
        _ => {
            let n = int_arg(vm, v)?;
            let bits = int_bits(vm, code, field.len(), n)?;
            let bytes = if big {
                bits.to_be_bytes()
            } else {
                bits.to_le_bytes()
            };
            if big {
                field.copy_from_slice(&bytes[8 - field.len()..]);
            } else {
                field.copy_from_slice(&bytes[..field.len()]);
            }
        }
    }
    Ok(())
}

fn int_arg<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<num_bigint::BigInt, R> {
    if matches!(v, Value::Float(_)) || matches!(v.kind(), Some(ObjKind::Str(_))) {
        return Err(error(vm, "required argument is not an integer"));
    }
    match to_bigint(vm, v) {
        Ok(n) => Ok(n),
        Err(e) if e.lazy_kind() == Some(ExcKind::TypeError) => {
            Err(error(vm, "required argument is not an integer"))
        }
        Err(e) => Err(e),
    }
}

fn float_arg<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<f64, R> {
    match super::num_args::to_f64(vm, v) {
        Ok(x) => Ok(x),
        Err(_) => Err(error(vm, "required argument is not a float")),
    }
}

/// The two's-complement bits of `n` for an integer code, after CPython's range checks.
fn int_bits<R: Runtime>(
    vm: &mut Vm<R>,
    code: u8,
    size: usize,
    n: num_bigint::BigInt,
) -> PyResult<u64, R> {
    let out_of_range = |vm: &mut Vm<R>| error(vm, "argument out of range");
    let unsigned = code.is_ascii_uppercase() || code == b'P';
    // b, B, h, H and the 4-byte signed codes are read as signed longs first, then checked
    // against their own range; the others are read as 64-bit values of their signedness.
    let small = matches!(code, b'b' | b'B' | b'h' | b'H');
    if unsigned && !small {
        if code == b'P' {
            let x = n
                .to_u64()
                .or_else(|| n.to_i64().map(|x| x as u64))
                .ok_or_else(|| PyErr::overflow("int too large to convert"))?;
            return Ok(x);
        }
        let x = n.to_u64().ok_or_else(|| out_of_range(vm))?;
        if size < 8 && x >> (size * 8) != 0 {
            let max = (1u64 << (size * 8)) - 1;
            let c = code as char;
            return Err(error(
                vm,
                format!("'{c}' format requires 0 <= number <= {max}"),
            ));
        }
        return Ok(x);
    }
    let x = n.to_i64().ok_or_else(|| out_of_range(vm))?;
    if size < 8 {
        let (lo, hi) = if unsigned {
            (0i64, (1i64 << (size * 8)) - 1)
        } else {
            (-(1i64 << (size * 8 - 1)), (1i64 << (size * 8 - 1)) - 1)
        };
        if x < lo || x > hi {
            let name = match code {
                b'b' => "byte format".to_string(),
                b'B' => "ubyte format".to_string(),
                b'h' => "short format".to_string(),
                b'H' => "ushort format".to_string(),
                c => format!("'{}' format", c as char),
            };
            return Err(error(vm, format!("{name} requires {lo} <= number <= {hi}")));
        }
    }
    Ok(x as u64)
}

fn read_values<R: Runtime>(layout: &Layout, data: &[u8]) -> PyResult<Vec<Value<R>>, R> {
    let big = layout.mode == Mode::Big;
    let mut out = Vec::with_capacity(layout.values);
    for item in &layout.items {
        match item.code {
            b'x' => {}
            b's' => {
                let field = &data[item.offset..item.offset + item.count];
                out.push(Value::new_obj(ObjKind::Bytes(field.into())));
            }
            b'p' => {
                let field = &data[item.offset..item.offset + item.count];
                let n = field
                    .first()
                    .map_or(0, |n| (*n as usize).min(item.count.saturating_sub(1)));
                out.push(Value::new_obj(ObjKind::Bytes(
                    field[1.min(field.len())..1 + n].into(),
                )));
            }
            code => {
                let size = code_size(code, layout.mode).unwrap_or(1);
                for k in 0..item.count {
                    let at = item.offset + k * size;
                    out.push(read_one(code, big, &data[at..at + size]));
                }
            }
        }
    }
    Ok(out)
}

fn read_one<R: Runtime>(code: u8, big: bool, field: &[u8]) -> Value<R> {
    let mut bytes = [0u8; 8];
    if big {
        bytes[8 - field.len()..].copy_from_slice(field);
    } else {
        bytes[..field.len()].copy_from_slice(field);
    }
    let bits = if big {
        u64::from_be_bytes(bytes)
    } else {
        u64::from_le_bytes(bytes)
    };
    match code {
        b'c' => Value::new_obj(ObjKind::Bytes(field.into())),
        b'?' => Value::Bool(field[0] != 0),
        b'e' => Value::Float(half_to_f64(bits as u16)),
        b'f' => Value::Float(f32::from_bits(bits as u32) as f64),
        b'd' => Value::Float(f64::from_bits(bits)),
        c if c.is_ascii_uppercase() || c == b'P' => {
            if bits > i64::MAX as u64 {
                crate::objects::int::from_bigint(num_bigint::BigInt::from(bits))
            } else {
                Value::Int(bits as i64)
            }
        }
        _ => {
            let shift = 64 - field.len() * 8;
            Value::Int(((bits << shift) as i64) >> shift)
        }
    }
}

/// IEEE 754 half precision from a double, rounding half to even; `None` when the value is
/// finite but beyond the largest half (65504 rounds down, 65520 and up overflow).
fn f64_to_half(x: f64) -> Option<u16> {
    let sign = if x.is_sign_negative() { 0x8000u16 } else { 0 };
    if x.is_nan() {
        return Some(sign | 0x7e00);
    }
    let a = x.abs();
    if a.is_infinite() {
        return Some(sign | 0x7c00);
    }
    // Scale to units of the smallest subnormal (2**-24) or of the value's own last place,
    // then round half to even.
    let exp = if a == 0.0 {
        -25
    } else {
        a.log2().floor() as i32
    };
    let exp = exp.max(-14);
    let ulp = 2f64.powi(exp - 10);
    let mut mant = a / ulp;
    let floor = mant.floor();
    let frac = mant - floor;
    mant = if frac > 0.5 || (frac == 0.5 && floor % 2.0 == 1.0) {
        floor + 1.0
    } else {
        floor
    };
    let mut m = mant as u32;
    let mut e = exp;
    if m >= 2048 {
        m >>= 1;
        e += 1;
    }
    if m < 1024 {
        // A subnormal (or zero): the exponent field is 0.
        return Some(sign | m as u16);
    }
    if e > 15 {
        return None;
    }
    Some(sign | (((e + 15) as u16) << 10) | (m as u16 & 0x3ff))
}

fn half_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let e = ((h >> 10) & 0x1f) as i32;
    let m = (h & 0x3ff) as f64;
    sign * match e {
        0 => m * 2f64.powi(-24),
        31 if m == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (1.0 + m / 1024.0) * 2f64.powi(e - 15),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_floats_round_trip_and_round_to_even() {
        for x in [
            0.0,
            1.0,
            -2.5,
            65504.0,
            5.960464477539063e-08,
            0.333251953125,
        ] {
            assert_eq!(half_to_f64(f64_to_half(x).unwrap()), x);
        }
        assert_eq!(f64_to_half(65520.0), None);
        assert_eq!(f64_to_half(1.0), Some(0x3c00));
        // Halfway between 1.0 and the next half rounds to the even one (1.0).
        assert_eq!(f64_to_half(1.0 + 2f64.powi(-11)), Some(0x3c00));
        assert_eq!(f64_to_half(1e-8), Some(0));
    }

    #[test]
    fn native_layout_aligns_each_item_to_its_size() {
        assert_eq!(parse(b"bi").map(|l| l.size), Ok(8));
        assert_eq!(parse(b"=bi").map(|l| l.size), Ok(5));
        assert_eq!(parse(b"bq?").map(|l| l.size), Ok(17));
        assert_eq!(parse(b"<l").map(|l| l.size), Ok(4));
        assert!(parse(b"<n").is_err());
        assert!(parse(b"3").is_err());
    }
}
