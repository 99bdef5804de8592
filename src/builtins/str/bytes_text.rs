//! The `bytes` methods that lay out, map or cut text: padding (`center`, `ljust`, `rjust`,
//! `zfill`, `expandtabs`), ASCII case (`capitalize`, `swapcase`, `title`, `istitle`,
//! `isascii`), cutting (`partition`, `rpartition`, `removeprefix`, `removesuffix`,
//! `splitlines`) and byte tables (`maketrans`, `translate`). A bytearray runs them by
//! forwarding, so they are written once.

use super::bytes::{bytes_arg, find_in, receiver};
use super::convert::new_bytes;
use super::{clinic_args, keyword_args, no_args, R0};
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

pub(super) fn methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![
        ("capitalize", capitalize),
        ("swapcase", swapcase),
        ("title", title),
        ("istitle", istitle),
        ("isascii", isascii),
        ("center", center),
        ("ljust", ljust),
        ("rjust", rjust),
        ("zfill", zfill),
        ("expandtabs", expandtabs),
        ("partition", partition),
        ("rpartition", rpartition),
        ("removeprefix", removeprefix),
        ("removesuffix", removesuffix),
        ("splitlines", splitlines),
        ("maketrans", maketrans),
        ("translate", translate),
    ]
}

/// A bytes-like argument, bytes or bytearray (read as a copy).
fn buffer_arg<R: Runtime>(vm: &Vm<R>, v: &Value<R>) -> PyResult<Vec<u8>, R> {
    match v.kind() {
        Some(ObjKind::ByteArray(b)) => Ok(b.lock::<R>().clone()),
        _ => bytes_arg(vm, v).map(<[u8]>::to_vec),
    }
}

fn no_arg_bytes<R: Runtime>(vm: &Vm<R>, args: &Args<R>, name: &str) -> PyResult<Vec<u8>, R> {
    let data = receiver(vm, args, name)?.to_vec();
    no_args(args, "bytes", name)?;
    Ok(data)
}

fn capitalize<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let mut data = no_arg_bytes(vm, &args, "capitalize")?;
    data.make_ascii_lowercase();
    if let Some(first) = data.first_mut() {
        first.make_ascii_uppercase();
    }
    Ok(new_bytes(data))
}

fn swapcase<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let mut data = no_arg_bytes(vm, &args, "swapcase")?;
    for b in &mut data {
        *b = if b.is_ascii_lowercase() {
            b.to_ascii_uppercase()
        } else {
            b.to_ascii_lowercase()
        };
    }
    Ok(new_bytes(data))
}

/// Each run of letters starts upper case and goes on lower case.
fn title<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let mut data = no_arg_bytes(vm, &args, "title")?;
    let mut in_word = false;
    for b in &mut data {
        if in_word {
            b.make_ascii_lowercase();
        } else {
            b.make_ascii_uppercase();
        }
        in_word = b.is_ascii_alphabetic();
    }
    Ok(new_bytes(data))
}

/// True when there is a cased byte and every upper case one starts a word, every lower case
/// one continues one.
fn istitle<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let data = no_arg_bytes(vm, &args, "istitle")?;
    let mut cased = false;
    let mut in_word = false;
    for b in data {
        if b.is_ascii_uppercase() {
            if in_word {
                return Ok(Value::Bool(false));
            }
            in_word = true;
            cased = true;
        } else if b.is_ascii_lowercase() {
            if !in_word {
                return Ok(Value::Bool(false));
            }
            cased = true;
        } else {
            in_word = false;
        }
    }
    Ok(Value::Bool(cased))
}

fn isascii<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let data = no_arg_bytes(vm, &args, "isascii")?;
    Ok(Value::Bool(data.is_ascii()))
}

/// The fill byte of `center` and the justifiers: a bytes or bytearray of length 1.
fn fill_arg<R: Runtime>(vm: &Vm<R>, v: Option<&Value<R>>, name: &str) -> PyResult<u8, R> {
    let Some(v) = v else {
        return Ok(b' ');
    };
    let byte = match v.kind() {
        Some(ObjKind::Bytes(b)) if b.len() == 1 => Some(b[0]),
        Some(ObjKind::ByteArray(b)) => match b.lock::<R>().as_slice() {
            [one] => Some(*one),
            _ => None,
        },
        _ => None,
    };
    byte.ok_or_else(|| {
        PyErr::type_error(format!(
            "{name}() argument 2 must be a byte string of length 1, not {}",
            vm.type_name(v)
        ))
    })
}

/// Pads the receiver to `width` with `left` of the padding before it.
fn pad<R: Runtime>(
    vm: &Vm<R>,
    args: &Args<R>,
    name: &str,
    left: fn(usize, usize) -> usize,
) -> R0<R> {
    let data = receiver(vm, args, name)?;
    clinic_args(args, 1, "bytes", name, 1, 2)?;
    let width = vm.index_i64(&args.pos[1])?;
    let fill = fill_arg(vm, args.pos.get(2), name)?;
    let width = usize::try_from(width).unwrap_or(0);
    if width <= data.len() {
        return Ok(new_bytes(data.to_vec()));
    }
    let total = width - data.len();
    let before = left(total, width);
    let mut out = vec![fill; before];
    out.extend_from_slice(data);
    out.resize(width, fill);
    Ok(new_bytes(out))
}

fn center<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    // CPython's rounding: an odd padding puts the extra byte left when the width is odd.
    pad(vm, &args, "center", |total, width| {
        total / 2 + (total & width & 1)
    })
}

fn ljust<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    pad(vm, &args, "ljust", |_, _| 0)
}

fn rjust<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    pad(vm, &args, "rjust", |total, _| total)
}

/// Pads with `0` on the left, after a leading sign.
fn zfill<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let data = receiver(vm, &args, "zfill")?;
    clinic_args(&args, 1, "bytes", "zfill", 1, 1)?;
    let width = usize::try_from(vm.index_i64(&args.pos[1])?).unwrap_or(0);
    if width <= data.len() {
        return Ok(new_bytes(data.to_vec()));
    }
    let mut out = vec![b'0'; width - data.len()];
    out.extend_from_slice(data);
    if let Some(&sign @ (b'+' | b'-')) = data.first() {
        out[0] = sign;
        out[width - data.len()] = b'0';
    }
    Ok(new_bytes(out))
}

fn expandtabs<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let data = receiver(vm, &args, "expandtabs")?;
    let params = keyword_args(&args, "expandtabs", &["tabsize"])?;
    let tabsize = match &params[0] {
        Some(v) => vm.index_i64(v)?,
        None => 8,
    };
    let mut out = Vec::with_capacity(data.len());
    let mut column = 0i64;
    for &b in data {
        match b {
            b'\t' => {
                if tabsize > 0 {
                    let spaces = tabsize - column % tabsize;
                    out.extend(std::iter::repeat_n(b' ', spaces as usize));
                    column += spaces;
                }
            }
            b'\n' | b'\r' => {
                out.push(b);
                column = 0;
            }
            _ => {
                out.push(b);
                column += 1;
            }
        }
    }
    Ok(new_bytes(out))
}

/// The separator of `partition` and `rpartition`: bytes-like and not empty.
fn separator<R: Runtime>(vm: &Vm<R>, args: &Args<R>, name: &str) -> PyResult<Vec<u8>, R> {
    clinic_args(args, 1, "bytes", name, 1, 1)?;
    let sep = buffer_arg(vm, &args.pos[1])?;
    if sep.is_empty() {
        return Err(PyErr::value_error("empty separator"));
    }
    Ok(sep)
}

/// The result of a partition: a found separator is the argument object itself, as in CPython.
fn three<R: Runtime>(vm: &Vm<R>, before: &[u8], sep: Option<&Value<R>>, after: &[u8]) -> Value<R> {
    let sep = sep.cloned().unwrap_or_else(|| new_bytes(Vec::new()));
    vm.new_tuple(vec![
        new_bytes(before.to_vec()),
        sep,
        new_bytes(after.to_vec()),
    ])
}

fn partition<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let data = receiver(vm, &args, "partition")?;
    let sep = separator(vm, &args, "partition")?;
    let found = args.pos.get(1);
    Ok(match find_in(data, &sep, false) {
        Some(i) => three(vm, &data[..i], found, &data[i + sep.len()..]),
        None => three(vm, data, None, b""),
    })
}

fn rpartition<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let data = receiver(vm, &args, "rpartition")?;
    let sep = separator(vm, &args, "rpartition")?;
    let found = args.pos.get(1);
    Ok(match find_in(data, &sep, true) {
        Some(i) => three(vm, &data[..i], found, &data[i + sep.len()..]),
        None => three(vm, b"", None, data),
    })
}

fn removeprefix<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let data = receiver(vm, &args, "removeprefix")?;
    clinic_args(&args, 1, "bytes", "removeprefix", 1, 1)?;
    let prefix = buffer_arg(vm, &args.pos[1])?;
    Ok(new_bytes(
        data.strip_prefix(&prefix[..]).unwrap_or(data).to_vec(),
    ))
}

fn removesuffix<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let data = receiver(vm, &args, "removesuffix")?;
    clinic_args(&args, 1, "bytes", "removesuffix", 1, 1)?;
    let suffix = buffer_arg(vm, &args.pos[1])?;
    Ok(new_bytes(
        data.strip_suffix(&suffix[..]).unwrap_or(data).to_vec(),
    ))
}

/// Lines end at `\n`, `\r` or `\r\n` (no other byte breaks a line in bytes).
fn splitlines<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let data = receiver(vm, &args, "splitlines")?;
    let params = keyword_args(&args, "splitlines", &["keepends"])?;
    let keepends = match &params[0] {
        Some(v) => vm.index_i64(v)? != 0,
        None => false,
    };
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < data.len() {
        let end = match data[i] {
            b'\r' if data.get(i + 1) == Some(&b'\n') => i + 2,
            b'\r' | b'\n' => i + 1,
            _ => {
                i += 1;
                continue;
            }
        };
        let line = if keepends {
            &data[start..end]
        } else {
            &data[start..i]
        };
        lines.push(new_bytes(line.to_vec()));
        start = end;
        i = end;
    }
    if start < data.len() {
        lines.push(new_bytes(data[start..].to_vec()));
    }
    Ok(vm.new_list(lines))
}

/// `bytes.maketrans(frm, to)`: the identity table with each byte of `frm` mapped to the
/// byte of `to` at the same place.
pub(super) fn maketrans<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    clinic_args(&args, 0, "bytes", "maketrans", 2, 2)?;
    let from = buffer_arg(vm, &args.pos[0])?;
    let to = buffer_arg(vm, &args.pos[1])?;
    if from.len() != to.len() {
        return Err(PyErr::value_error(
            "maketrans arguments must have same length",
        ));
    }
    let mut table: Vec<u8> = (0..=255).collect();
    for (&f, &t) in from.iter().zip(&to) {
        table[f as usize] = t;
    }
    Ok(new_bytes(table))
}

/// `translate(table, /, delete=b'')`: drops the bytes in `delete`, then maps the rest
/// through `table` (256 bytes, or None for no mapping).
fn translate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let data = receiver(vm, &args, "translate")?;
    let given = args.pos.len() - 1;
    if given == 0 {
        return Err(PyErr::type_error(
            "translate() takes at least 1 positional argument (0 given)",
        ));
    }
    let total = given + args.kw.len();
    if total > 2 {
        return Err(PyErr::type_error(format!(
            "translate() takes at most 2 arguments ({total} given)"
        )));
    }
    let mut delete = args.pos.get(2);
    for (key, value) in &args.kw {
        match key.as_str().unwrap_or("") {
            "delete" if delete.is_none() => delete = Some(value),
            "delete" => {
                return Err(PyErr::type_error(
                    "argument for translate() given by name ('delete') and position (2)",
                ))
            }
            other => {
                return Err(PyErr::type_error(format!(
                    "translate() got an unexpected keyword argument '{other}'"
                )))
            }
        }
    }
    let table = match &args.pos[1] {
        Value::None => None,
        v => {
            let t = buffer_arg(vm, v)?;
            if t.len() != 256 {
                return Err(PyErr::value_error(
                    "translation table must be 256 characters long",
                ));
            }
            Some(t)
        }
    };
    let delete = match delete {
        Some(v) => buffer_arg(vm, v)?,
        None => Vec::new(),
    };
    let out = data
        .iter()
        .filter(|b| !delete.contains(b))
        .map(|&b| table.as_ref().map_or(b, |t| t[b as usize]))
        .collect();
    Ok(new_bytes(out))
}
