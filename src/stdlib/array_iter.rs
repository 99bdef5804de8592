//! `array.array`'s iterator (`arrayiterator`) and pickling: `__reduce_ex__` in CPython's
//! two forms (protocols 0-2 rebuild from a typecode and a list; protocol 3 and later from
//! the raw bytes, through `array._array_reconstructor` with a machine format code).

use super::array::{array_class, itemsize, read_item, this, ArrayCore, TYPECODES};
use super::array_methods::items;
use super::itertools::{new_object, receiver, state_of, stop, R0};
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, ObjKind, ObjRef, Value};
use crate::vm::{Runtime, Vm};
use parking_lot::Mutex;

/// An iterator over an array: the array object and the next position.
struct ArrayIter<R: Runtime> {
    array: ObjRef<R>,
    next: Mutex<usize>,
}

pub(super) fn iter<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let a = this(vm, &args)?;
    let class = vm.native_class(
        "arrayiterator",
        "array",
        &[("__iter__", iter_self), ("__next__", iter_next)],
    );
    new_object(
        &Value::Obj(class),
        ArrayIter {
            array: a.obj,
            next: Mutex::new(0),
        },
    )
}

fn iter_self<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    Ok(receiver(&args))
}

fn iter_next<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let this = receiver(&args);
    let it = state_of::<R, ArrayIter<R>>(&this)?;
    let ObjKind::Native(n) = it.array.kind() else {
        return stop();
    };
    let Some(core) = n.downcast::<ArrayCore>() else {
        return stop();
    };
    let st = core.lock();
    let mut next = it.next.lock();
    if (*next + 1) * core.size() > st.bytes.len() {
        *next = usize::MAX / 16;
        return stop();
    }
    let v = read_item(vm, core.code, &st.bytes, *next)?;
    *next += 1;
    Ok(v)
}

/// CPython's machine format code for an array of typecode `code` on this machine (little
/// endian, a C long of 8 bytes, a wchar_t of 4).
fn machine_format(code: u8) -> i64 {
    match code {
        b'B' => 0,
        b'b' => 1,
        b'H' => 2,
        b'h' => 4,
        b'I' => 6,
        b'i' => 8,
        b'L' | b'Q' => 10,
        b'l' | b'q' => 12,
        b'f' => 14,
        b'd' => 16,
        _ => 20,
    }
}

/// `a.__reduce_ex__(protocol)`.
pub(super) fn reduce_ex<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("__reduce_ex__", 2, 2)?;
    let me = args.pos[0].clone();
    let a = this(vm, &args)?;
    let protocol = super::num_args::to_i64(
        vm,
        &args.pos[1],
        "Python int too large to convert to C long",
    )?;
    let class = Value::Obj(vm.types().class_of(&me).clone());
    let state = if matches!(me.kind(), Some(ObjKind::Instance(_))) {
        vm.get_attr_str(&me, "__dict__").unwrap_or(Value::None)
    } else {
        Value::None
    };
    let code = a.core().code;
    let typecode = vm.new_str((code as char).to_string());
    if protocol < 3 {
        let values = items(vm, &a)?;
        let list = vm.new_list(values);
        let init = vm.new_tuple(vec![typecode, list]);
        return Ok(vm.new_tuple(vec![class, init, state]));
    }
    let module = vm.import_module("array")?;
    let rebuild = vm.get_attr_str(&module, "_array_reconstructor")?;
    let data = a.core().lock().bytes.clone();
    let bytes = Value::new_obj(ObjKind::Bytes(data.into_boxed_slice()));
    let init = vm.new_tuple(vec![
        class,
        typecode,
        Value::Int(machine_format(code)),
        bytes,
    ]);
    Ok(vm.new_tuple(vec![rebuild, init, state]))
}

/// `_array_reconstructor(arraytype, typecode, mformat_code, items)`: the array that
/// `__reduce_ex__` described, from items in any machine format.
pub(super) fn reconstructor<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("_array_reconstructor")?;
    args.check_count("_array_reconstructor", 4, 4)?;
    let class = &args.pos[0];
    if !matches!(class.kind(), Some(ObjKind::Class(_))) {
        return Err(PyErr::type_error(format!(
            "first argument must be a type object, not {}",
            vm.type_name(class)
        )));
    }
    let base = array_class(vm);
    let derives = match class.kind() {
        Some(ObjKind::Class(c)) => class.as_obj().is_some_and(|me| c.is_subclass_of(me, &base)),
        _ => false,
    };
    if !derives {
        return Err(PyErr::type_error(format!(
            "{} is not a subtype of array.array",
            class_name(class)
        )));
    }
    let code = match args.pos[1].as_str() {
        Some(s) if s.len() == 1 && TYPECODES.contains(s) => s.as_bytes()[0],
        _ => {
            return Err(PyErr::value_error(
                "second argument must be a valid type code",
            ))
        }
    };
    let format = match args.pos[2] {
        Value::Int(f) if (0..=21).contains(&f) => f,
        _ => {
            return Err(PyErr::value_error(
                "third argument must be a valid machine format code.",
            ))
        }
    };
    let Some(ObjKind::Bytes(data)) = args.pos[3].kind() else {
        return Err(PyErr::type_error(format!(
            "fourth argument should be bytes, not {}",
            vm.type_name(&args.pos[3])
        )));
    };
    let typecode = args.pos[1].clone();
    if format == machine_format(code) && (code != b'u' || format == 20) {
        let bytes = args.pos[3].clone();
        return vm.call(class, vec![typecode, bytes], Vec::new());
    }
    let values = decode_format(vm, format, data)?;
    let list = vm.new_list(values);
    vm.call(class, vec![typecode, list], Vec::new())
}

fn class_name<R: Runtime>(class: &Value<R>) -> String {
    match class.kind() {
        Some(ObjKind::Class(c)) => c.name.clone(),
        _ => String::new(),
    }
}

/// The values of `data`, items in machine format `format` (CPython's numbering: the integer
/// sizes 8 to 64 bits unsigned and signed, little and big endian, then IEEE floats and
/// doubles, then UTF-16 and UTF-32).
fn decode_format<R: Runtime>(vm: &Vm<R>, format: i64, data: &[u8]) -> PyResult<Vec<Value<R>>, R> {
    let (size, big_endian) = match format {
        0 | 1 => (1, false),
        2..=13 => (2usize << ((format - 2) / 4), (format - 2) % 2 == 1),
        14 | 15 => (4, format == 15),
        16 | 17 => (8, format == 17),
        18 | 19 => (2, format == 19),
        _ => (4, format == 21),
    };
    if !data.len().is_multiple_of(size) {
        return Err(PyErr::value_error(
            "string length not a multiple of item size",
        ));
    }
    let mut out = Vec::with_capacity(data.len() / size);
    if format >= 18 {
        let units: Vec<u32> = data
            .chunks(size)
            .map(|c| native_order(c, big_endian))
            .map(|c| c.iter().rev().fold(0u32, |acc, b| (acc << 8) | *b as u32))
            .collect();
        let text = if size == 2 {
            let wide: Vec<u16> = units.iter().map(|u| *u as u16).collect();
            String::from_utf16_lossy(&wide)
        } else {
            units.iter().filter_map(|u| char::from_u32(*u)).collect()
        };
        for c in text.chars() {
            out.push(vm.new_str(c.to_string()));
        }
        return Ok(out);
    }
    let code = match format {
        0 => b'B',
        1 => b'b',
        14 | 15 => b'f',
        16 | 17 => b'd',
        _ => match (size, (format - 2) % 4 >= 2) {
            (2, false) => b'H',
            (2, true) => b'h',
            (4, false) => b'I',
            (4, true) => b'i',
            (_, false) => b'Q',
            (_, true) => b'q',
        },
    };
    debug_assert_eq!(itemsize(code), size);
    let native: Vec<u8> = data
        .chunks(size)
        .flat_map(|c| native_order(c, big_endian))
        .collect();
    for i in 0..native.len() / size {
        out.push(read_item(vm, code, &native, i)?);
    }
    Ok(out)
}

/// An item's bytes in this machine's (little-endian) order.
fn native_order(item: &[u8], big_endian: bool) -> Vec<u8> {
    let mut v = item.to_vec();
    if big_endian {
        v.reverse();
    }
    v
}
