//! The `io` module: `StringIO` and `BytesIO` (files in memory), `open` (the builtin), the
//! classes of file objects for `isinstance` (`TextIOWrapper`, `BufferedReader`, ...,
//! `IOBase` and its three kinds), `UnsupportedOperation` and the `SEEK_*` constants. The file
//! objects themselves live in `builtins/file/`.
//!
//! A memory file is a vector of characters (StringIO, positions count code points as
//! CPython's) or of bytes (BytesIO) with a position; its mutex is only held while the vector
//! is copied or changed.

use super::io_newline::{seen_endings, Newline};
use crate::builtins::file::{self, Kind};
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, NativeFn, NativeObj, ObjKind, ObjRef, Value};
use crate::vm::{Runtime, Vm};
use parking_lot::Mutex;

type R0<R> = PyResult<Value<R>, R>;

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let classes = [
        ("StringIO", memory_class(vm, true)),
        ("BytesIO", memory_class(vm, false)),
        ("TextIOWrapper", file::class_of(vm, Kind::Text)),
        ("BufferedReader", file::class_of(vm, Kind::Reader)),
        ("BufferedWriter", file::class_of(vm, Kind::Writer)),
        ("BufferedRandom", file::class_of(vm, Kind::Random)),
        ("FileIO", file::class_of(vm, Kind::Raw)),
        ("IOBase", file::base_class(vm, "_IOBase")),
        ("TextIOBase", file::base_class(vm, "_TextIOBase")),
        ("BufferedIOBase", file::base_class(vm, "_BufferedIOBase")),
        ("RawIOBase", file::base_class(vm, "_RawIOBase")),
        ("UnsupportedOperation", file::unsupported_class(vm)),
    ];
    for (name, class) in classes {
        vm.set_module_attr(m, name, Value::Obj(class));
    }
    let builtins = Value::Obj(vm.interp.builtins.clone());
    if let Some(ObjKind::Dict(d)) = builtins.kind() {
        let found = d.lock::<R>().get(&vm.str_key("open")).cloned();
        if let Some(f) = found {
            vm.set_module_attr(m, "open", f);
        }
    }
    for (name, value) in [
        ("SEEK_SET", 0),
        ("SEEK_CUR", 1),
        ("SEEK_END", 2),
        ("DEFAULT_BUFFER_SIZE", 8192),
    ] {
        vm.set_module_attr(m, name, Value::Int(value));
    }
    super::threading::run_python_part(vm, m, EXTRA, "<frozen io>")
}

/// `IncrementalNewlineDecoder`, `open_code` and `text_encoding`, written in Python.
const EXTRA: &str = include_str!("io_extra.py");

/// A file in memory: characters (StringIO) or bytes (BytesIO).
enum Buffer {
    Text(Vec<char>),
    Bytes(Vec<u8>),
}

struct Memory {
    buf: Buffer,
    pos: usize,
    closed: bool,
    /// How text is translated and split into lines (BytesIO: `Lf`, bytes as they are).
    newline: Newline,
    /// The line endings written so far, for `StringIO.newlines`.
    seen: u8,
}

fn memory_class<R: Runtime>(vm: &Vm<R>, text: bool) -> ObjRef<R> {
    let methods: &[(&'static str, NativeFn<R>)] = &[
        ("__new__", if text { new_string } else { new_bytes }),
        ("read", read),
        ("read1", read),
        ("readline", readline),
        ("readlines", readlines),
        ("__iter__", iter),
        ("__next__", next),
        ("write", write),
        ("writelines", writelines),
        ("getvalue", getvalue),
        ("seek", seek),
        ("tell", tell),
        ("truncate", truncate),
        ("flush", flush),
        ("close", close),
        ("readable", yes),
        ("writable", yes),
        ("seekable", yes),
        ("isatty", no),
        ("__enter__", enter),
        ("__exit__", exit),
    ];
    let mut methods = methods.to_vec();
    if text {
        methods.push(("__init__", init_string));
    } else {
        methods.push(("readinto", readinto));
    }
    let methods = methods.as_slice();
    let (name, base) = if text {
        ("StringIO", "_TextIOBase")
    } else {
        ("BytesIO", "_BufferedIOBase")
    };
    let bases = vec![file::base_class(vm, base)];
    let class = vm.native_class_derived(
        name,
        "_io",
        crate::objects::class::Layout::Builtin,
        bases,
        methods,
    );
    if let ObjKind::Class(c) = class.kind() {
        let mut d = c.dict.lock::<R>();
        let getters: &[(&'static str, NativeFn<R>)] = if text {
            &[("closed", closed), ("newlines", newlines)]
        } else {
            &[("closed", closed)]
        };
        for &(name, getter) in getters {
            if !d.contains_key(&vm.str_key(name)) {
                let prop = crate::vm::native_property(name, getter);
                d.insert(vm.str_key(name), prop);
            }
        }
    }
    class
}

fn make<R: Runtime>(class: &Value<R>, buf: Buffer) -> R0<R> {
    let newline = Newline::Lf;
    let Value::Obj(class) = class else {
        return Err(PyErr::type_error("not a type object"));
    };
    Ok(Value::new_obj(ObjKind::Native(NativeObj {
        class: class.clone(),
        data: Box::new(Mutex::new(Memory {
            buf,
            pos: 0,
            closed: false,
            newline,
            seen: 0,
        })),
    })))
}

/// `StringIO.__new__`: an empty file; `__init__` (also called again on a live one, as
/// CPython allows) reads the initial value and `newline`.
fn new_string<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    make(&args.pos[0], Buffer::Text(Vec::new()))
}

fn init_string<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let initial = args.take_kw("initial_value");
    let newline = args.take_kw("newline");
    args.no_more_kwargs("StringIO")?;
    if args.pos.len() > 3 {
        return Err(PyErr::type_error(format!(
            "StringIO() takes at most 2 arguments ({} given)",
            args.pos.len() - 1
        )));
    }
    let initial = initial.or_else(|| args.pos.get(1).cloned());
    let newline = newline.or_else(|| args.pos.get(2).cloned());
    let mode = match &newline {
        None => Newline::Lf,
        Some(Value::None) => Newline::Universal,
        Some(nl) => match nl.as_str() {
            Some(s @ ("" | "\n" | "\r" | "\r\n")) => Newline::from_arg(Some(s)),
            Some(_) => {
                return Err(PyErr::value_error(format!(
                    "illegal newline value: {}",
                    vm.repr(nl)?
                )))
            }
            None => {
                return Err(PyErr::type_error(format!(
                    "newline must be str or None, not {}",
                    vm.type_name(nl)
                )))
            }
        },
    };
    // A str subclass's instance gives its str value, as in CPython.
    let initial = initial.map(|v| match vm.builtin_base(&v) {
        Some(base) if base.as_str().is_some() => base,
        _ => v,
    });
    let mut seen = 0;
    let chars = match &initial {
        None | Some(Value::None) => Vec::new(),
        Some(v) => match v.as_str() {
            Some(s) => mode.translate(s, &mut seen),
            None => {
                return Err(PyErr::type_error(format!(
                    "initial_value must be str or None, not {}",
                    vm.type_name(v)
                )))
            }
        },
    };
    let this = args.pos[0].clone();
    let Some(ObjKind::Native(n)) = this.kind() else {
        return Err(PyErr::type_error("expected a StringIO object"));
    };
    let Some(m) = n.downcast::<Mutex<Memory>>() else {
        return Err(PyErr::type_error("expected a StringIO object"));
    };
    *m.lock() = Memory {
        buf: Buffer::Text(chars),
        pos: 0,
        closed: false,
        newline: mode,
        seen,
    };
    Ok(Value::None)
}

fn new_bytes<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let initial = args.take_kw("initial_bytes");
    args.no_more_kwargs("BytesIO")?;
    let bytes = match initial.or_else(|| args.pos.get(1).cloned()) {
        None | Some(Value::None) => Vec::new(),
        // Any bytes-like value, copied: writes to the stream leave it as it was.
        Some(v) => match v.kind() {
            Some(ObjKind::Bytes(b)) => b.to_vec(),
            Some(ObjKind::ByteArray(b)) => b.lock::<R>().clone(),
            _ => match crate::builtins::memoryview::view_bytes(vm, &v)? {
                Some(b) => b,
                None => {
                    return Err(PyErr::type_error(format!(
                        "a bytes-like object is required, not '{}'",
                        vm.type_name(&v)
                    )))
                }
            },
        },
    };
    make(&args.pos[0], Buffer::Bytes(bytes))
}

/// Runs `op` on the memory file behind `args.pos[0]`, unless it is closed.
fn with<R: Runtime, T>(
    args: &Args<R>,
    op: impl FnOnce(&mut Memory) -> PyResult<T, R>,
) -> PyResult<T, R> {
    let this = args.pos.first().cloned().unwrap_or(Value::None);
    let Some(ObjKind::Native(n)) = this.kind() else {
        return Err(PyErr::type_error("expected a StringIO or BytesIO object"));
    };
    let Some(m) = n.downcast::<Mutex<Memory>>() else {
        return Err(PyErr::type_error("expected a StringIO or BytesIO object"));
    };
    let mut m = m.lock();
    if m.closed {
        let msg = match m.buf {
            Buffer::Text(_) => "I/O operation on closed file",
            Buffer::Bytes(_) => "I/O operation on closed file.",
        };
        return Err(PyErr::value_error(msg));
    }
    op(&mut m)
}

fn slice_value<R: Runtime>(vm: &Vm<R>, buf: &Buffer, from: usize, to: usize) -> Value<R> {
    match buf {
        Buffer::Text(c) => vm.new_str(c[from..to].iter().collect::<String>()),
        Buffer::Bytes(b) => Value::new_obj(ObjKind::Bytes(b[from..to].to_vec().into_boxed_slice())),
    }
}

fn len(buf: &Buffer) -> usize {
    match buf {
        Buffer::Text(c) => c.len(),
        Buffer::Bytes(b) => b.len(),
    }
}

fn size_arg<R: Runtime>(vm: &Vm<R>, v: Option<&Value<R>>) -> PyResult<Option<usize>, R> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Int(n)) => Ok((*n >= 0).then_some(*n as usize)),
        Some(v) => Err(PyErr::type_error(format!(
            "argument should be integer or None, not '{}'",
            vm.type_name(v)
        ))),
    }
}

fn read<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("read", 1, 2)?;
    let n = size_arg(vm, args.pos.get(1))?;
    with(&args, |m| {
        let end = len(&m.buf);
        let start = m.pos.min(end);
        let stop = n.map_or(end, |n| (start + n).min(end));
        m.pos = stop.max(m.pos);
        Ok(slice_value(vm, &m.buf, start, stop))
    })
}

/// `BytesIO.readinto(b)`: fills the bytearray `b` from the current position, returning how
/// many bytes it copied (fewer than `len(b)` at the end of the data).
fn readinto<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("readinto", 2, 2)?;
    let target = args.pos[1].clone();
    let Some(ObjKind::ByteArray(dest)) = target.kind() else {
        return Err(PyErr::type_error(format!(
            "readinto() argument must be read-write bytes-like object, not {}",
            vm.type_name(&target)
        )));
    };
    with(&args, |m| {
        let Buffer::Bytes(src) = &m.buf else {
            return Err(PyErr::type_error("readinto() needs a binary buffer"));
        };
        let mut dest = dest.lock::<R>();
        let start = m.pos.min(src.len());
        let n = dest.len().min(src.len() - start);
        dest[..n].copy_from_slice(&src[start..start + n]);
        m.pos = start + n;
        Ok(Value::Int(n as i64))
    })
}

fn line_of(m: &mut Memory, limit: Option<usize>) -> (usize, usize) {
    let end = len(&m.buf);
    let start = m.pos.min(end);
    let found = match &m.buf {
        Buffer::Text(c) => Some(m.newline.line_len(&c[start..])),
        Buffer::Bytes(b) => b[start..].iter().position(|b| *b == b'\n').map(|i| i + 1),
    };
    let mut stop = found.map_or(end, |n| start + n);
    if let Some(n) = limit {
        stop = stop.min(start + n);
    }
    m.pos = stop.max(m.pos);
    (start, stop)
}

fn readline<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("readline", 1, 2)?;
    let limit = size_arg(vm, args.pos.get(1))?;
    with(&args, |m| {
        let (start, stop) = line_of(m, limit);
        Ok(slice_value(vm, &m.buf, start, stop))
    })
}

fn readlines<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("readlines", 1, 2)?;
    let lines = with(&args, |m| {
        let mut lines = Vec::new();
        loop {
            let (start, stop) = line_of(m, None);
            if start == stop {
                break;
            }
            lines.push(slice_value(vm, &m.buf, start, stop));
        }
        Ok(lines)
    })?;
    Ok(vm.new_list(lines))
}

fn iter<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    with(&args, |_| Ok(()))?;
    Ok(args.pos[0].clone())
}

fn next<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    with(&args, |m| {
        let (start, stop) = line_of(m, None);
        if start == stop {
            return Err(PyErr::stop_iteration());
        }
        Ok(slice_value(vm, &m.buf, start, stop))
    })
}

fn write<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("write", 2, 2)?;
    let data = args.pos[1].clone();
    // The bytes of a bytes-like value (bytes, bytearray, memoryview, array), for BytesIO.
    let raw = match data.kind() {
        Some(ObjKind::Bytes(b)) => Some(b.to_vec()),
        Some(ObjKind::ByteArray(b)) => Some(b.lock::<R>().clone()),
        Some(ObjKind::Instance(_) | ObjKind::Native(_)) => {
            crate::builtins::memoryview::view_bytes(vm, &data)?
        }
        _ => None,
    };
    with(&args, |m| {
        let pos = m.pos;
        let written = match &mut m.buf {
            Buffer::Text(c) => {
                let Some(s) = data.as_str() else {
                    return Err(PyErr::type_error(format!(
                        "string argument expected, got '{}'",
                        vm.type_name(&data)
                    )));
                };
                let new = m.newline.translate(s, &mut m.seen);
                splice(c, pos, &new, '\0');
                new.len()
            }
            Buffer::Bytes(b) => {
                let Some(new) = &raw else {
                    return Err(PyErr::type_error(format!(
                        "a bytes-like object is required, not '{}'",
                        vm.type_name(&data)
                    )));
                };
                splice(b, pos, new, 0);
                new.len()
            }
        };
        m.pos += written;
        Ok(Value::Int(written as i64))
    })
}

/// Writes `new` over `buf` at `pos`, padding a gap past the end with `fill`.
fn splice<T: Copy>(buf: &mut Vec<T>, pos: usize, new: &[T], fill: T) {
    if buf.len() < pos {
        buf.resize(pos, fill);
    }
    let overlap = (buf.len() - pos).min(new.len());
    buf[pos..pos + overlap].copy_from_slice(&new[..overlap]);
    buf.extend_from_slice(&new[overlap..]);
}

fn writelines<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("writelines", 2, 2)?;
    let items = vm.collect(&args.pos[1])?;
    for item in items {
        write(vm, Args::positional(vec![args.pos[0].clone(), item]))?;
    }
    Ok(Value::None)
}

fn getvalue<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    with(&args, |m| Ok(slice_value(vm, &m.buf, 0, len(&m.buf))))
}

fn seek<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("seek", 2, 3)?;
    let offset = vm.int_i64(&args.pos[1])?;
    let whence = match args.pos.get(2) {
        Some(v) => vm.int_i64(v)?,
        None => 0,
    };
    with(&args, |m| {
        let text = matches!(m.buf, Buffer::Text(_));
        if !(0..=2).contains(&whence) {
            let what = if text { "Invalid" } else { "invalid" };
            return Err(PyErr::value_error(format!(
                "{what} whence ({whence}, should be 0, 1 or 2)"
            )));
        }
        if text && whence != 0 && offset != 0 {
            // CPython's StringIO says "cur-relative" for both.
            return Err(PyErr::new(
                ExcKind::OSError,
                "Can't do nonzero cur-relative seeks",
            ));
        }
        if whence == 0 && offset < 0 {
            let what = if text { "Negative" } else { "negative" };
            return Err(PyErr::value_error(format!("{what} seek position {offset}")));
        }
        let base = match whence {
            0 => 0,
            1 => m.pos as i64,
            _ => len(&m.buf) as i64,
        };
        m.pos = (base + offset).max(0) as usize;
        Ok(Value::Int(m.pos as i64))
    })
}

fn tell<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    with(&args, |m| Ok(Value::Int(m.pos as i64)))
}

fn truncate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("truncate", 1, 2)?;
    let size = match args.pos.get(1) {
        None | Some(Value::None) => None,
        Some(v) => Some(vm.int_i64(v)?),
    };
    with(&args, |m| {
        let size = size.unwrap_or(m.pos as i64);
        if size < 0 {
            let what = match m.buf {
                Buffer::Text(_) => "Negative",
                Buffer::Bytes(_) => "negative",
            };
            return Err(PyErr::value_error(format!("{what} size value {size}")));
        }
        let size = size as usize;
        match &mut m.buf {
            Buffer::Text(c) => c.truncate(size),
            Buffer::Bytes(b) => b.truncate(size),
        }
        Ok(Value::Int(size as i64))
    })
}

fn flush<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    with(&args, |_| Ok(Value::None))
}

fn close<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    if let Some(ObjKind::Native(n)) = args.pos.first().and_then(|v| v.kind()) {
        if let Some(m) = n.downcast::<Mutex<Memory>>() {
            m.lock().closed = true;
        }
    }
    Ok(Value::None)
}

fn closed<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    if let Some(ObjKind::Native(n)) = args.pos.first().and_then(|v| v.kind()) {
        if let Some(m) = n.downcast::<Mutex<Memory>>() {
            return Ok(Value::Bool(m.lock().closed));
        }
    }
    Ok(Value::Bool(false))
}

/// `StringIO.newlines`: the line endings read or written so far, for the two `newline`
/// modes that record them (`None` and `""`).
fn newlines<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let endings = with(&args, |m| {
        Ok(match m.newline {
            Newline::Universal | Newline::Untranslated => seen_endings(m.seen),
            _ => Vec::new(),
        })
    })?;
    let mut values: Vec<Value<R>> = endings.into_iter().map(|e| vm.new_str(e)).collect();
    Ok(match values.len() {
        0 => Value::None,
        1 => values.remove(0),
        _ => vm.new_tuple(values),
    })
}

fn yes<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    with(&args, |_| Ok(Value::Bool(true)))
}

fn no<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    with(&args, |_| Ok(Value::Bool(false)))
}

fn enter<R: Runtime>(_vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    with(&args, |_| Ok(()))?;
    Ok(args.pos[0].clone())
}

fn exit<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    close(vm, Args::positional(args.pos.into_iter().take(1).collect()))
}
