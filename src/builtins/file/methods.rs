//! The Python-visible methods and properties of file objects, shared by `TextIOWrapper` and
//! the binary classes (each checks which kind it runs on, for CPython's results and errors).

use super::text::{chars_end, decode_more, line_end, translate_for_read, translate_for_write};
use super::{drop_read_ahead, fill, unsupported, FileCore, FileState, Kind, Name, Raw};
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, Value};
use crate::vm::{Runtime, Vm};
use std::io::{Seek, SeekFrom};
use std::sync::atomic::Ordering;
use std::sync::Arc;

type R0<R> = PyResult<Value<R>, R>;

pub fn methods<R: Runtime>() -> Vec<(&'static str, NativeFn<R>)> {
    vec![
        ("read", read),
        ("read1", read),
        ("readline", readline),
        ("readlines", readlines),
        ("__iter__", iter),
        ("__next__", next),
        ("write", write),
        ("writelines", writelines),
        ("seek", seek),
        ("tell", tell),
        ("truncate", truncate),
        ("flush", flush),
        ("close", close),
        ("fileno", fileno),
        ("readable", readable),
        ("writable", writable),
        ("seekable", seekable),
        ("isatty", isatty),
        ("__enter__", enter),
        ("__exit__", exit),
        ("__repr__", repr),
        ("closed", closed),
        ("name", name),
        ("mode", mode),
        ("encoding", encoding),
        ("errors", errors),
        ("newlines", newlines),
        ("line_buffering", line_buffering),
        ("buffer", buffer),
    ]
}

/// The names in [`methods`] that are properties rather than methods.
pub const PROPERTIES: &[&str] = &[
    "closed",
    "name",
    "mode",
    "encoding",
    "errors",
    "newlines",
    "line_buffering",
    "buffer",
];

fn core<R: Runtime>(vm: &Vm<R>, args: &Args<R>, method: &str) -> PyResult<Arc<FileCore>, R> {
    let this = args.pos.first().cloned().unwrap_or(Value::None);
    super::core_of(&this).ok_or_else(|| {
        PyErr::type_error(format!(
            "descriptor '{method}' requires a file object but received a '{}'",
            vm.type_name(&this)
        ))
    })
}

/// `ValueError` for an operation on a closed file, with the message CPython's class gives.
fn check_open<R: Runtime>(core: &FileCore, op: &str) -> PyResult<(), R> {
    if !core.is_closed() {
        return Ok(());
    }
    let msg = match (core.kind, op) {
        (_, "fileno" | "readable" | "writable" | "seekable" | "isatty") => {
            "I/O operation on closed file"
        }
        (Kind::Text, _) => "I/O operation on closed file.",
        (_, "read") => "read of closed file",
        (_, "readline") => "readline of closed file",
        (_, "seek") => "seek of closed file",
        (_, "write") => "write to closed file",
        (_, "tell") => "I/O operation on closed file",
        _ => "I/O operation on closed file.",
    };
    Err(PyErr::value_error(msg))
}

fn check_readable<R: Runtime>(vm: &mut Vm<R>, core: &FileCore, op: &str) -> PyResult<(), R> {
    check_open(core, op)?;
    if core.readable {
        return Ok(());
    }
    Err(unsupported(
        vm,
        if core.kind == Kind::Text {
            "not readable"
        } else {
            "read"
        },
    ))
}

fn check_writable<R: Runtime>(vm: &mut Vm<R>, core: &FileCore) -> PyResult<(), R> {
    if core.kind == Kind::Text {
        check_open(core, "write")?;
    }
    if !core.writable {
        return Err(unsupported(
            vm,
            if core.kind == Kind::Text {
                "not writable"
            } else {
                "write"
            },
        ));
    }
    check_open(core, "write")
}

fn io_err<R: Runtime>(vm: &mut Vm<R>, e: std::io::Error) -> PyErr<R> {
    super::super::oserror::from_io(vm, &e, None)
}

/// An optional size argument: None or negative is "everything".
fn size_arg<R: Runtime>(vm: &Vm<R>, v: Option<&Value<R>>) -> PyResult<Option<usize>, R> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Int(n)) => Ok((*n >= 0).then_some(*n as usize)),
        Some(Value::Bool(b)) => Ok(Some(*b as usize)),
        Some(v) => Err(PyErr::type_error(format!(
            "argument should be integer or None, not '{}'",
            vm.type_name(v)
        ))),
    }
}

/// Prepares the state for reading: what was written goes to the file first.
fn start_read<R: Runtime>(vm: &mut Vm<R>, st: &mut FileState) -> PyResult<(), R> {
    FileCore::flush_state(st).map_err(|e| io_err(vm, e))
}

fn text_read<R: Runtime>(
    vm: &mut Vm<R>,
    core: &FileCore,
    st: &mut FileState,
    n: Option<usize>,
) -> R0<R> {
    start_read(vm, st)?;
    if n.is_none() {
        // All of it: read to the end first and decode once (a decoding error's position
        // counts from where the read began, as CPython's).
        while !st.eof {
            fill(st).map_err(|e| io_err(vm, e))?;
        }
    }
    let end = loop {
        if let Some(end) = n.and_then(|n| chars_end(core, st, n)) {
            break end;
        }
        if !decode_more(vm, core, st)? {
            break st.text.len();
        }
    };
    let s = translate_for_read(core, &st.text[st.tpos..end]);
    st.tpos = end;
    Ok(vm.new_str(s))
}

fn binary_read<R: Runtime>(vm: &mut Vm<R>, st: &mut FileState, n: Option<usize>) -> R0<R> {
    start_read(vm, st)?;
    loop {
        let have = st.rbuf.len() - st.rpos;
        if n.is_some_and(|n| have >= n) {
            break;
        }
        if !fill(st).map_err(|e| io_err(vm, e))? {
            break;
        }
    }
    let end = match n {
        Some(n) => (st.rpos + n).min(st.rbuf.len()),
        None => st.rbuf.len(),
    };
    let out = st.rbuf[st.rpos..end].to_vec();
    st.rpos = end;
    Ok(Value::new_obj(ObjKind::Bytes(out.into_boxed_slice())))
}

fn read<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("read", 1, 2)?;
    let core = core(vm, &args, "read")?;
    check_readable(vm, &core, "read")?;
    let n = size_arg(vm, args.pos.get(1))?;
    core.with_state(|st| match core.kind {
        Kind::Text => text_read(vm, &core, st, n),
        _ => binary_read(vm, st, n),
    })
}

/// One line (at most `limit` characters or bytes); empty at the end of the file.
fn read_line<R: Runtime>(vm: &mut Vm<R>, core: &FileCore, limit: Option<usize>) -> R0<R> {
    core.with_state(|st| {
        start_read(vm, st)?;
        if core.kind == Kind::Text {
            let end = loop {
                let found = line_end(core, st);
                let capped = limit.and_then(|n| chars_end(core, st, n));
                match (found, capped) {
                    (Some(e), Some(c)) => break e.min(c),
                    (Some(e), None) | (None, Some(e)) => break e,
                    (None, None) => {}
                }
                if !decode_more(vm, core, st)? {
                    break st.text.len();
                }
            };
            let s = translate_for_read(core, &st.text[st.tpos..end]);
            st.tpos = end;
            return Ok(vm.new_str(s));
        }
        let mut scanned = st.rpos;
        let end = loop {
            if let Some(i) = st.rbuf[scanned..].iter().position(|b| *b == b'\n') {
                break scanned + i + 1;
            }
            scanned = st.rbuf.len();
            if limit.is_some_and(|n| scanned - st.rpos >= n) {
                break scanned;
            }
            let consumed = st.rpos;
            // `fill` may move unread bytes to the front: keep `scanned` relative.
            if !fill(st).map_err(|e| io_err(vm, e))? {
                break st.rbuf.len();
            }
            scanned -= consumed - st.rpos;
        };
        let end = match limit {
            Some(n) => end.min(st.rpos + n),
            None => end,
        };
        let out = st.rbuf[st.rpos..end].to_vec();
        st.rpos = end;
        Ok(Value::new_obj(ObjKind::Bytes(out.into_boxed_slice())))
    })
}

fn readline<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("readline", 1, 2)?;
    let core = core(vm, &args, "readline")?;
    check_readable(vm, &core, "readline")?;
    let limit = size_arg(vm, args.pos.get(1))?;
    read_line(vm, &core, limit)
}

fn is_empty<R: Runtime>(v: &Value<R>) -> bool {
    match v.kind() {
        Some(ObjKind::Str(s)) => s.as_str().is_empty(),
        Some(ObjKind::Bytes(b)) => b.is_empty(),
        _ => true,
    }
}

fn readlines<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("readlines", 1, 2)?;
    let core = core(vm, &args, "readlines")?;
    check_open(&core, "readlines")?;
    check_readable(vm, &core, "readline")?;
    let hint = size_arg(vm, args.pos.get(1))?.filter(|n| *n > 0);
    let mut lines = Vec::new();
    let mut total = 0;
    loop {
        let line = read_line(vm, &core, None)?;
        if is_empty(&line) {
            break;
        }
        total += vm.len(&line)?;
        lines.push(line);
        if hint.is_some_and(|h| total >= h) {
            break;
        }
    }
    Ok(vm.new_list(lines))
}

fn iter<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core = core(vm, &args, "__iter__")?;
    check_open(&core, "__iter__")?;
    Ok(args.pos[0].clone())
}

fn next<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core = core(vm, &args, "__next__")?;
    let op = if core.kind == Kind::Text {
        "__next__"
    } else {
        "readline"
    };
    check_readable(vm, &core, op)?;
    let line = read_line(vm, &core, None)?;
    if is_empty(&line) {
        return Err(PyErr::stop_iteration());
    }
    Ok(line)
}

/// Writes `data` (already encoded) through the buffer.
fn write_bytes<R: Runtime>(vm: &mut Vm<R>, core: &FileCore, data: &[u8]) -> PyResult<(), R> {
    core.with_state(|st| {
        drop_read_ahead(st).map_err(|e| io_err(vm, e))?;
        st.wbuf.extend_from_slice(data);
        if st.wbuf.len() >= super::BUFFER_SIZE || core.kind == Kind::Raw {
            FileCore::flush_state(st).map_err(|e| io_err(vm, e))?;
        }
        Ok(())
    })
}

fn write<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("write", 2, 2)?;
    let core = core(vm, &args, "write")?;
    check_writable(vm, &core)?;
    let data = &args.pos[1];
    if core.kind != Kind::Text {
        // Any bytes-like object: bytes, bytearray or memoryview.
        let copied;
        let b: &[u8] = match data.kind() {
            Some(ObjKind::Bytes(b)) => b,
            Some(ObjKind::ByteArray(b)) => {
                copied = b.lock::<R>().clone();
                &copied
            }
            _ => match crate::builtins::memoryview::view_bytes(vm, data)? {
                Some(v) => {
                    copied = v;
                    &copied
                }
                None => {
                    return Err(PyErr::type_error(format!(
                        "a bytes-like object is required, not '{}'",
                        vm.type_name(data)
                    )))
                }
            },
        };
        if let Some(fd) = std_out(&core) {
            super::write_std_bytes(fd, b);
        } else {
            write_bytes(vm, &core, b)?;
        }
        return Ok(Value::Int(b.len() as i64));
    }
    let Some(text) = data.as_str() else {
        let what = if data.is_none() {
            "None".to_string()
        } else {
            vm.type_name(data)
        };
        return Err(PyErr::type_error(format!(
            "write() argument must be str, not {what}"
        )));
    };
    let count = text.chars().count() as i64;
    if let Some(fd) = std_out(&core) {
        // Writing to the stream may block (a full pipe): let other threads run meanwhile.
        if fd == 1 && crate::vm::io::would_flush(text) {
            vm.blocking(crate::vm::threads::WaitTarget::Sleep, true, || {
                crate::vm::io::write_stdout(text)
            });
        } else {
            super::write_std(fd, text);
        }
        return Ok(Value::Int(count));
    }
    let text = translate_for_write(&core, text);
    let bytes = core.codec.encode(vm, &text, &core.errors)?;
    write_bytes(vm, &core, &bytes)?;
    Ok(Value::Int(count))
}

/// The fd of a standard output stream.
fn std_out(core: &FileCore) -> Option<u8> {
    match core.name {
        Name::Path(_) if core.fd == 1 || core.fd == 2 => (!core.closefd
            && (core.kind != Kind::Text || core.codec == super::Codec::Utf8))
            .then_some(core.fd as u8),
        _ => None,
    }
}

fn writelines<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("writelines", 2, 2)?;
    let core = core(vm, &args, "writelines")?;
    check_open(&core, "writelines")?;
    let items = vm.collect(&args.pos[1])?;
    for item in items {
        write(vm, Args::positional(vec![args.pos[0].clone(), item]))?;
    }
    Ok(Value::None)
}

fn file_of(st: &mut FileState) -> Option<&mut std::fs::File> {
    match &mut st.raw {
        Raw::File(f) => Some(f),
        _ => None,
    }
}

/// The position a program sees: the file's, less what was read ahead.
fn position<R: Runtime>(vm: &mut Vm<R>, core: &FileCore, st: &mut FileState) -> PyResult<u64, R> {
    FileCore::flush_state(st).map_err(|e| io_err(vm, e))?;
    let ahead = (st.rbuf.len() - st.rpos) + core.codec.encoded_len(&st.text[st.tpos..]);
    let Some(f) = file_of(st) else {
        return Err(PyErr::new(
            crate::objects::exception::ExcKind::OSError,
            "[Errno 29] Illegal seek",
        ));
    };
    let pos = f.stream_position().map_err(|e| io_err(vm, e))?;
    Ok(pos.saturating_sub(ahead as u64))
}

fn seek<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("seek", 2, 3)?;
    let core = core(vm, &args, "seek")?;
    check_open(&core, "seek")?;
    let offset = vm.int_i64(&args.pos[1])?;
    let whence = match args.pos.get(2) {
        Some(v) => vm.int_i64(v)?,
        None => 0,
    };
    if !(0..=2).contains(&whence) {
        return Err(PyErr::value_error(format!(
            "invalid whence ({whence}, should be 0, 1 or 2)"
        )));
    }
    if core.kind == Kind::Text && whence != 0 && offset != 0 {
        let what = if whence == 1 { "cur" } else { "end" };
        return Err(unsupported(
            vm,
            &format!("can't do nonzero {what}-relative seeks"),
        ));
    }
    if whence == 0 && offset < 0 {
        return Err(PyErr::value_error(format!(
            "negative seek position {offset}"
        )));
    }
    core.with_state(|st| {
        let here = position(vm, &core, st)?;
        let target = match whence {
            0 => SeekFrom::Start(offset as u64),
            1 => SeekFrom::Start((here as i64 + offset).max(0) as u64),
            _ => SeekFrom::End(offset),
        };
        st.rbuf.clear();
        st.rpos = 0;
        st.text.clear();
        st.tpos = 0;
        st.eof = false;
        let f = file_of(st).ok_or_else(|| {
            PyErr::new(
                crate::objects::exception::ExcKind::OSError,
                "[Errno 29] Illegal seek",
            )
        })?;
        let pos = f.seek(target).map_err(|e| io_err(vm, e))?;
        Ok(Value::Int(pos as i64))
    })
}

fn tell<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("tell", 1, 1)?;
    let core = core(vm, &args, "tell")?;
    check_open(&core, "tell")?;
    core.with_state(|st| position(vm, &core, st).map(|p| Value::Int(p as i64)))
}

fn truncate<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("truncate", 1, 2)?;
    let core = core(vm, &args, "truncate")?;
    check_writable(vm, &core)?;
    let size = match args.pos.get(1) {
        None | Some(Value::None) => None,
        Some(v) => Some(vm.int_i64(v)?),
    };
    core.with_state(|st| {
        let here = position(vm, &core, st)?;
        drop_read_ahead(st).map_err(|e| io_err(vm, e))?;
        let size = size.map(|s| s.max(0) as u64).unwrap_or(here);
        let f = file_of(st).ok_or_else(|| {
            PyErr::new(
                crate::objects::exception::ExcKind::OSError,
                "[Errno 22] Invalid argument",
            )
        })?;
        f.set_len(size).map_err(|e| io_err(vm, e))?;
        Ok(Value::Int(size as i64))
    })
}

fn flush<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core = core(vm, &args, "flush")?;
    check_open(&core, "flush")?;
    if std_out(&core).is_some() {
        crate::vm::io::flush_stdout();
        return Ok(Value::None);
    }
    core.with_state(|st| FileCore::flush_state(st).map_err(|e| io_err(vm, e)))?;
    Ok(Value::None)
}

fn close<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core = core(vm, &args, "close")?;
    if core.is_closed() {
        return Ok(Value::None);
    }
    let flushed = core.with_state(|st| {
        let r = FileCore::flush_state(st);
        if matches!(st.raw, Raw::File(_)) {
            // Dropping the handle closes the descriptor.
            st.raw = Raw::Stdin;
        }
        r
    });
    core.closed.store(true, Ordering::Release);
    if std_out(&core).is_some() {
        crate::vm::io::flush_stdout();
    }
    flushed.map_err(|e| io_err(vm, e))?;
    Ok(Value::None)
}

fn fileno<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core = core(vm, &args, "fileno")?;
    check_open(&core, "fileno")?;
    Ok(Value::Int(core.fd))
}

fn readable<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core = core(vm, &args, "readable")?;
    check_open(&core, "readable")?;
    Ok(Value::Bool(core.readable))
}

fn writable<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core = core(vm, &args, "writable")?;
    check_open(&core, "writable")?;
    Ok(Value::Bool(core.writable))
}

fn seekable<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core = core(vm, &args, "seekable")?;
    check_open(&core, "seekable")?;
    let seekable = core.with_state(|st| match &mut st.raw {
        Raw::File(f) => f.stream_position().is_ok(),
        _ => false,
    });
    Ok(Value::Bool(seekable))
}

fn isatty<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    use std::io::IsTerminal;
    let core = core(vm, &args, "isatty")?;
    check_open(&core, "isatty")?;
    let tty = core.with_state(|st| match &st.raw {
        Raw::File(f) => f.is_terminal(),
        Raw::Stdin => std::io::stdin().is_terminal(),
        Raw::Out(1) => std::io::stdout().is_terminal(),
        Raw::Out(_) => std::io::stderr().is_terminal(),
    });
    Ok(Value::Bool(tty))
}

fn enter<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core = core(vm, &args, "__enter__")?;
    check_open(&core, "__enter__")?;
    Ok(args.pos[0].clone())
}

fn exit<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    close(
        vm,
        Args::positional(vec![args.pos.first().cloned().unwrap_or(Value::None)]),
    )
}

fn name_value<R: Runtime>(vm: &Vm<R>, core: &FileCore) -> Value<R> {
    match &core.name {
        Name::Path(p) => vm.new_str(p.as_str()),
        Name::Fd(fd) => Value::Int(*fd),
    }
}

fn repr<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core = core(vm, &args, "__repr__")?;
    let class = core.kind.class_name();
    if core.kind == Kind::Raw && core.is_closed() {
        return Ok(vm.new_str("<_io.FileIO [closed]>"));
    }
    let name = name_value(vm, &core);
    let name = vm.repr(&name)?;
    let text = match core.kind {
        Kind::Text => format!(
            "<_io.{class} name={name} mode='{}' encoding='{}'>",
            core.mode, core.encoding
        ),
        Kind::Raw => format!(
            "<_io.{class} name={name} mode='{}' closefd={}>",
            core.mode,
            if core.closefd { "True" } else { "False" }
        ),
        _ => format!("<_io.{class} name={name}>"),
    };
    Ok(vm.new_str(text))
}

fn closed<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core = core(vm, &args, "closed")?;
    Ok(Value::Bool(core.is_closed()))
}

fn name<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core = core(vm, &args, "name")?;
    Ok(name_value(vm, &core))
}

fn mode<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core = core(vm, &args, "mode")?;
    Ok(vm.new_str(core.mode.as_str()))
}

fn encoding<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core = core(vm, &args, "encoding")?;
    Ok(vm.new_str(core.encoding.as_str()))
}

fn errors<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core = core(vm, &args, "errors")?;
    Ok(vm.new_str(core.errors.as_str()))
}

fn newlines<R: Runtime>(_vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(Value::None)
}

fn line_buffering<R: Runtime>(_vm: &mut Vm<R>, _args: Args<R>) -> R0<R> {
    Ok(Value::Bool(false))
}

/// The binary stream under a standard text stream (`sys.stdout.buffer`).
fn buffer<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    let core = core(vm, &args, "buffer")?;
    let is_std = !core.closefd && matches!(core.name, Name::Path(_)) && core.fd <= 2;
    if core.kind != Kind::Text || !is_std {
        return Err(PyErr::new(
            crate::objects::exception::ExcKind::AttributeError,
            format!(
                "'_io.{}' object has no attribute 'buffer'",
                core.kind.class_name()
            ),
        ));
    }
    let kind = if core.fd == 0 {
        Kind::Reader
    } else {
        Kind::Writer
    };
    Ok(super::std_stream_of(vm, core.fd as u8, kind))
}
