//! The common `bytes` methods: decoding, `hex`, searching, splitting, joining, stripping,
//! ASCII case mapping and replacing. Bytes are not text, so everything works on byte offsets
//! and only ASCII letters and whitespace count as such.

use super::convert::{named_str_arg, new_bytes};
use super::{
    adjust_indices, clinic_args, descriptor_error, keyword_args, legacy_args, no_args, slice_bound,
    unbound_error, R0,
};
use crate::builtins::codecs::{self, Codec};
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, Value};
use crate::vm::Runtime;
use crate::vm::Vm;

pub(super) fn methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![
        ("decode", decode),
        ("hex", hex),
        ("fromhex", fromhex),
        ("startswith", startswith),
        ("endswith", endswith),
        ("find", find),
        ("rfind", rfind),
        ("index", index),
        ("rindex", rindex),
        ("count", count),
        ("split", split),
        ("rsplit", rsplit),
        ("join", join),
        ("strip", strip),
        ("lstrip", lstrip),
        ("rstrip", rstrip),
        ("upper", upper),
        ("lower", lower),
        ("replace", replace),
        ("isalnum", isalnum),
        ("isalpha", isalpha),
        ("isdigit", isdigit),
        ("islower", islower),
        ("isspace", isspace),
        ("isupper", isupper),
    ]
}

/// The receiver of a `bytes` method.
pub(super) fn receiver<'a, R: Runtime>(
    vm: &Vm<R>,
    args: &'a Args<R>,
    method: &str,
) -> PyResult<&'a [u8], R> {
    match args.pos.first().map(|v| (v, v.kind())) {
        Some((_, Some(ObjKind::Bytes(b)))) => Ok(b),
        Some((v, _)) => Err(descriptor_error(vm, "bytes", method, v)),
        None => Err(unbound_error("bytes", method)),
    }
}

fn bytes_like<R: Runtime>(v: &Value<R>) -> Option<&[u8]> {
    match v.kind() {
        Some(ObjKind::Bytes(b)) => Some(b),
        _ => None,
    }
}

/// A bytes-like argument: `a bytes-like object is required, not 'str'`.
pub(super) fn bytes_arg<'a, R: Runtime>(vm: &Vm<R>, v: &'a Value<R>) -> PyResult<&'a [u8], R> {
    bytes_like(v).ok_or_else(|| {
        PyErr::type_error(format!(
            "a bytes-like object is required, not '{}'",
            vm.type_name(v)
        ))
    })
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// The first (or last) position of `needle` in `hay`.
pub(super) fn find_in(hay: &[u8], needle: &[u8], last: bool) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    let mut starts = 0..=hay.len() - needle.len();
    let matches = |&i: &usize| hay[i..].starts_with(needle);
    if last {
        starts.rev().find(matches)
    } else {
        starts.find(matches)
    }
}

pub(crate) fn decode<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let data = receiver(vm, &args, "decode")?;
    let params = keyword_args(&args, "decode", &["encoding", "errors"])?;
    let encoding = named_str_arg(vm, &params[0], "decode", "encoding", "utf-8")?;
    let errors = named_str_arg(vm, &params[1], "decode", "errors", "strict")?;
    let codec = Codec::named(encoding)?;
    match codecs::decode(data, codec, errors) {
        Ok(text) => Ok(vm.new_str(text)),
        Err(f) => {
            let object = match args.pos[0].kind() {
                Some(ObjKind::Bytes(_)) => args.pos[0].clone(),
                _ => new_bytes(data.to_vec()),
            };
            Err(codecs::failure_error(vm, f, object))
        }
    }
}

/// `bytes.fromhex(s)` / `bytearray.fromhex(s)` (a class method: `cls` comes first).
/// ASCII whitespace may separate pairs of hex digits; any other character is an error
/// at its position.
pub(crate) fn fromhex<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.no_kwargs("fromhex")?;
    let (cls, arg) = match args.pos.as_slice() {
        [cls, arg] => (cls.clone(), arg),
        _ => {
            let n = args.pos.len().saturating_sub(1);
            return Err(PyErr::type_error(format!(
                "fromhex() takes exactly one argument ({n} given)"
            )));
        }
    };
    let Some(text) = arg.as_str() else {
        return Err(PyErr::type_error(format!(
            "fromhex() argument must be str, not {}",
            vm.type_name(arg)
        )));
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(chars.len() / 2);
    let mut i = 0;
    let bad = |at: usize| {
        PyErr::value_error(format!(
            "non-hexadecimal number found in fromhex() arg at position {at}"
        ))
    };
    loop {
        while i < chars.len() && matches!(chars[i], ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c') {
            i += 1;
        }
        if i >= chars.len() {
            break;
        }
        let hi = chars[i].to_digit(16).ok_or_else(|| bad(i))?;
        let lo = chars
            .get(i + 1)
            .and_then(|c| c.to_digit(16))
            .ok_or_else(|| bad(i + 1))?;
        out.push((hi * 16 + lo) as u8);
        i += 2;
    }
    let is = |t: &crate::objects::ObjRef<R>| cls.as_obj().is_some_and(|c| c.ptr_eq(t));
    if is(&vm.types().bytes) {
        Ok(Value::new_obj(ObjKind::Bytes(out.into_boxed_slice())))
    } else if is(&vm.types().bytearray) {
        Ok(super::super::bytearray::new_bytearray(out))
    } else {
        let data = Value::new_obj(ObjKind::Bytes(out.into_boxed_slice()));
        vm.call(&cls, vec![data], Vec::new())
    }
}

fn hex<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let data = receiver(vm, &args, "hex")?;
    let params = keyword_args(&args, "hex", &["sep", "bytes_per_sep"])?;
    let digits = |b: &[u8]| b.iter().map(|b| format!("{b:02x}")).collect::<String>();
    let sep = match &params[0] {
        None => return Ok(vm.new_str(digits(data))),
        Some(v) => match (v.as_str(), bytes_like(v)) {
            (Some(s), _) if s.chars().count() == 1 && s.is_ascii() => s.to_string(),
            (_, Some(b)) if b.len() == 1 && b[0].is_ascii() => (b[0] as char).to_string(),
            (Some(s), _) if s.chars().count() == 1 => {
                return Err(PyErr::value_error("sep must be ASCII."))
            }
            (_, Some(b)) if b.len() == 1 => return Err(PyErr::value_error("sep must be ASCII.")),
            (Some(_), _) | (_, Some(_)) => return Err(PyErr::value_error("sep must be length 1.")),
            _ => {
                return Err(PyErr::type_error(format!(
                    "object of type '{}' has no len()",
                    vm.type_name(v)
                )))
            }
        },
    };
    let per = match &params[1] {
        None => 1,
        Some(v) => vm.index_i64(v)?,
    };
    if per == 0 {
        return Ok(vm.new_str(digits(data)));
    }
    let group = usize::try_from(per.unsigned_abs()).unwrap_or(usize::MAX);
    // Positive groups count from the right, negative ones from the left.
    let chunks: Vec<&[u8]> = if per >= 0 {
        let mut chunks: Vec<&[u8]> = data.rchunks(group).collect();
        chunks.reverse();
        chunks
    } else {
        data.chunks(group).collect()
    };
    let parts: Vec<String> = chunks.into_iter().map(digits).collect();
    Ok(vm.new_str(parts.join(&sep)))
}

/// The receiver, needle and window `start..end` of the find family (start may exceed end).
type FindArgs<'a> = (&'a [u8], Vec<u8>, usize, usize);

fn find_args<'a, R: Runtime>(
    vm: &mut Vm<R>,
    args: &'a Args<R>,
    name: &str,
) -> PyResult<FindArgs<'a>, R> {
    let data = receiver(vm, args, name)?;
    legacy_args(args, "bytes", name, 1, 3)?;
    let start = slice_bound(args.pos.get(2))?;
    let end = slice_bound(args.pos.get(3))?;
    let sub = &args.pos[1];
    let needle = match (sub, bytes_like(sub)) {
        (_, Some(b)) => b.to_vec(),
        (Value::Int(n), _) => vec![needle_byte(*n)?],
        (Value::Bool(b), _) => vec![*b as u8],
        // An object with `__index__` stands for its byte.
        _ => match vm.call_special(sub, "__index__", vec![])? {
            Some(Value::Int(n)) => vec![needle_byte(n)?],
            Some(other) => {
                return Err(PyErr::type_error(format!(
                    "__index__ returned non-int (type {})",
                    vm.type_name(&other)
                )))
            }
            None => {
                return Err(PyErr::type_error(format!(
                    "argument should be integer or bytes-like object, not '{}'",
                    vm.type_name(sub)
                )))
            }
        },
    };
    let (start, end) = adjust_indices(start, end, data.len());
    Ok((data, needle, start, end))
}

fn needle_byte<R: Runtime>(n: i64) -> PyResult<u8, R> {
    u8::try_from(n).map_err(|_| PyErr::value_error("byte must be in range(0, 256)"))
}

fn search<R: Runtime>(
    vm: &mut Vm<R>,
    args: &Args<R>,
    name: &str,
    last: bool,
) -> PyResult<Option<usize>, R> {
    let (data, needle, start, end) = find_args(vm, args, name)?;
    if start > end {
        return Ok(None);
    }
    Ok(find_in(&data[start..end], &needle, last).map(|i| i + start))
}

fn position<R: Runtime>(found: Option<usize>) -> R0<R> {
    Ok(Value::Int(found.map_or(-1, |i| i as i64)))
}

fn position_or_error<R: Runtime>(found: Option<usize>) -> R0<R> {
    match found {
        Some(i) => Ok(Value::Int(i as i64)),
        None => Err(PyErr::value_error("subsection not found")),
    }
}

fn find<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    position(search(vm, &args, "find", false)?)
}

fn rfind<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    position(search(vm, &args, "rfind", true)?)
}

fn index<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    position_or_error(search(vm, &args, "index", false)?)
}

fn rindex<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    position_or_error(search(vm, &args, "rindex", true)?)
}

fn count<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (data, needle, start, end) = find_args(vm, &args, "count")?;
    if start > end {
        return Ok(Value::Int(0));
    }
    if needle.is_empty() {
        return Ok(Value::Int((end - start + 1) as i64));
    }
    let mut hay = &data[start..end];
    let mut n = 0;
    while let Some(i) = find_in(hay, &needle, false) {
        n += 1;
        hay = &hay[i + needle.len()..];
    }
    Ok(Value::Int(n))
}

fn startswith<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    affix_test(vm, &args, "startswith", |hay, p| hay.starts_with(p))
}

fn endswith<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    affix_test(vm, &args, "endswith", |hay, p| hay.ends_with(p))
}

fn affix_test<R: Runtime>(
    vm: &Vm<R>,
    args: &Args<R>,
    name: &str,
    test: fn(&[u8], &[u8]) -> bool,
) -> R0<R> {
    let data = receiver(vm, args, name)?;
    legacy_args(args, "bytes", name, 1, 3)?;
    let start = slice_bound(args.pos.get(2))?;
    let end = slice_bound(args.pos.get(3))?;
    let (start, end) = adjust_indices(start, end, data.len());
    let hay = (start <= end).then(|| &data[start..end]);
    let arg = &args.pos[1];
    if let Some(p) = bytes_like(arg) {
        return Ok(Value::Bool(hay.is_some_and(|h| test(h, p))));
    }
    let Some(ObjKind::Tuple(options)) = arg.kind() else {
        return Err(PyErr::type_error(format!(
            "{name} first arg must be bytes or a tuple of bytes, not {}",
            vm.type_name(arg)
        )));
    };
    for option in options.iter() {
        let Some(p) = bytes_like(option) else {
            return Err(PyErr::type_error(format!(
                "a bytes-like object is required, not '{}'",
                vm.type_name(option)
            )));
        };
        if hay.is_some_and(|h| test(h, p)) {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

/// The receiver, `sep` and `maxsplit` of `split`/`rsplit` (`usize::MAX` for no limit).
type SplitArgs<'a> = (&'a [u8], Option<Vec<u8>>, usize);

fn split_args<'a, R: Runtime>(
    vm: &Vm<R>,
    args: &'a Args<R>,
    name: &str,
) -> PyResult<SplitArgs<'a>, R> {
    let data = receiver(vm, args, name)?;
    let params = keyword_args(args, name, &["sep", "maxsplit"])?;
    let sep = match &params[0] {
        None | Some(Value::None) => None,
        Some(v) => {
            let sep = bytes_arg(vm, v)?;
            if sep.is_empty() {
                return Err(PyErr::value_error("empty separator"));
            }
            Some(sep.to_vec())
        }
    };
    let maxsplit = match &params[1] {
        None => -1,
        Some(v) => vm.index_i64(v)?,
    };
    Ok((data, sep, usize::try_from(maxsplit).unwrap_or(usize::MAX)))
}

fn bytes_list<R: Runtime>(vm: &Vm<R>, parts: Vec<&[u8]>) -> Value<R> {
    let items = parts.into_iter().map(|p| new_bytes(p.to_vec())).collect();
    vm.new_list(items)
}

fn split<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (data, sep, maxsplit) = split_args(vm, &args, "split")?;
    let mut parts = Vec::new();
    let mut rest = data;
    match sep {
        Some(sep) => {
            while parts.len() < maxsplit {
                let Some(i) = find_in(rest, &sep, false) else {
                    break;
                };
                parts.push(&rest[..i]);
                rest = &rest[i + sep.len()..];
            }
            parts.push(rest);
        }
        None => loop {
            let skip = rest
                .iter()
                .position(|&b| !is_space(b))
                .unwrap_or(rest.len());
            rest = &rest[skip..];
            if rest.is_empty() {
                break;
            }
            if parts.len() == maxsplit {
                parts.push(rest);
                break;
            }
            let word = rest.iter().position(|&b| is_space(b)).unwrap_or(rest.len());
            parts.push(&rest[..word]);
            rest = &rest[word..];
        },
    }
    Ok(bytes_list(vm, parts))
}

fn rsplit<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let (data, sep, maxsplit) = split_args(vm, &args, "rsplit")?;
    let mut parts = Vec::new();
    let mut rest = data;
    match sep {
        Some(sep) => {
            while parts.len() < maxsplit {
                let Some(i) = find_in(rest, &sep, true) else {
                    break;
                };
                parts.push(&rest[i + sep.len()..]);
                rest = &rest[..i];
            }
            parts.push(rest);
        }
        None => loop {
            let keep = rest
                .iter()
                .rposition(|&b| !is_space(b))
                .map_or(0, |i| i + 1);
            rest = &rest[..keep];
            if rest.is_empty() {
                break;
            }
            if parts.len() == maxsplit {
                parts.push(rest);
                break;
            }
            let word = rest.iter().rposition(|&b| is_space(b)).map_or(0, |i| i + 1);
            parts.push(&rest[word..]);
            rest = &rest[..word];
        },
    }
    parts.reverse();
    Ok(bytes_list(vm, parts))
}

fn join<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let sep = receiver(vm, &args, "join")?.to_vec();
    clinic_args(&args, 1, "bytes", "join", 1, 1)?;
    let iterable = &args.pos[1];
    if !vm.is_iterable(iterable) {
        return Err(PyErr::type_error("can only join an iterable"));
    }
    let items = vm.collect(iterable)?;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(&sep);
        }
        if let Some(b) = bytes_like(item) {
            out.extend_from_slice(b);
            continue;
        }
        let other = match item.kind() {
            Some(ObjKind::ByteArray(b)) => Some(b.lock::<R>().clone()),
            _ => crate::builtins::memoryview::view_bytes(vm, item)?,
        };
        match other {
            Some(b) => out.extend_from_slice(&b),
            None => {
                return Err(PyErr::type_error(format!(
                    "sequence item {i}: expected a bytes-like object, {} found",
                    vm.type_name(item)
                )))
            }
        }
    }
    Ok(new_bytes(out))
}

fn strip<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    strip_ends(vm, &args, "strip", true, true)
}

fn lstrip<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    strip_ends(vm, &args, "lstrip", true, false)
}

fn rstrip<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    strip_ends(vm, &args, "rstrip", false, true)
}

fn strip_ends<R: Runtime>(
    vm: &Vm<R>,
    args: &Args<R>,
    name: &str,
    left: bool,
    right: bool,
) -> R0<R> {
    let data = receiver(vm, args, name)?;
    clinic_args(args, 1, "bytes", name, 0, 1)?;
    let set = match args.pos.get(1) {
        None | Some(Value::None) => None,
        Some(v) => Some(bytes_arg(vm, v)?),
    };
    let strip = |b: &u8| match set {
        None => is_space(*b),
        Some(set) => set.contains(b),
    };
    let start = if left {
        data.iter().position(|b| !strip(b)).unwrap_or(data.len())
    } else {
        0
    };
    let end = if right {
        data.iter().rposition(|b| !strip(b)).map_or(0, |i| i + 1)
    } else {
        data.len()
    };
    // Nothing to strip from an exact bytes object: the object itself, as CPython returns it.
    if start == 0 && end >= data.len() {
        if let Some(this @ Value::Obj(o)) = args.pos.first() {
            if matches!(o.kind(), ObjKind::Bytes(_)) {
                return Ok(this.clone());
            }
        }
    }
    Ok(new_bytes(data[start..end.max(start)].to_vec()))
}

fn map_bytes<R: Runtime>(vm: &Vm<R>, args: &Args<R>, name: &str, f: fn(&u8) -> u8) -> R0<R> {
    let data = receiver(vm, args, name)?;
    no_args(args, "bytes", name)?;
    Ok(new_bytes(data.iter().map(f).collect()))
}

fn upper<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    map_bytes(vm, &args, "upper", u8::to_ascii_uppercase)
}

fn lower<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    map_bytes(vm, &args, "lower", u8::to_ascii_lowercase)
}

fn test_bytes<R: Runtime>(vm: &Vm<R>, args: &Args<R>, name: &str, f: fn(&[u8]) -> bool) -> R0<R> {
    let data = receiver(vm, args, name)?;
    no_args(args, "bytes", name)?;
    Ok(Value::Bool(f(data)))
}

fn isalnum<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    test_bytes(vm, &args, "isalnum", |d| {
        !d.is_empty() && d.iter().all(u8::is_ascii_alphanumeric)
    })
}

fn isalpha<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    test_bytes(vm, &args, "isalpha", |d| {
        !d.is_empty() && d.iter().all(u8::is_ascii_alphabetic)
    })
}

fn isdigit<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    test_bytes(vm, &args, "isdigit", |d| {
        !d.is_empty() && d.iter().all(u8::is_ascii_digit)
    })
}

fn isspace<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    test_bytes(vm, &args, "isspace", |d| {
        !d.is_empty() && d.iter().all(|&b| is_space(b))
    })
}

fn islower<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    test_bytes(vm, &args, "islower", |d| {
        d.iter().any(u8::is_ascii_lowercase) && !d.iter().any(u8::is_ascii_uppercase)
    })
}

fn isupper<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    test_bytes(vm, &args, "isupper", |d| {
        d.iter().any(u8::is_ascii_uppercase) && !d.iter().any(u8::is_ascii_lowercase)
    })
}

fn replace<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let data = receiver(vm, &args, "replace")?;
    clinic_args(&args, 1, "bytes", "replace", 2, 3)?;
    let old = bytes_arg(vm, &args.pos[1])?;
    let new = bytes_arg(vm, &args.pos[2])?;
    let count = match args.pos.get(3) {
        Some(v) => vm.index_i64(v)?,
        None => -1,
    };
    let mut left = usize::try_from(count).unwrap_or(usize::MAX);
    // Nothing to replace: the receiver itself, as CPython returns it.
    if left == 0 || (old.is_empty() && new.is_empty()) || find_in(data, old, false).is_none() {
        return Ok(args.pos[0].clone());
    }
    let mut out = Vec::with_capacity(data.len());
    let mut rest = data;
    if old.is_empty() {
        // An empty pattern matches before every byte and at the end.
        loop {
            if left == 0 {
                out.extend_from_slice(rest);
                break;
            }
            out.extend_from_slice(new);
            left -= 1;
            let Some((&first, tail)) = rest.split_first() else {
                break;
            };
            out.push(first);
            rest = tail;
        }
        return Ok(new_bytes(out));
    }
    while left > 0 {
        let Some(i) = find_in(rest, old, false) else {
            break;
        };
        out.extend_from_slice(&rest[..i]);
        out.extend_from_slice(new);
        rest = &rest[i + old.len()..];
        left -= 1;
    }
    out.extend_from_slice(rest);
    Ok(new_bytes(out))
}
