//! File objects: `open()` and what it returns (`_io.TextIOWrapper`, `_io.BufferedReader`,
//! `BufferedWriter`, `BufferedRandom`, `FileIO`), and the standard streams as file objects
//! (`sys.stdin`, `sys.stdout`, `sys.stderr`). This file owns the object's state and its
//! buffers (`core`), `open`'s argument checks and the registry that flushes every open file at
//! exit; `methods.rs` holds the Python-visible methods, `text.rs` decoding, encoding and
//! newline translation.
//!
//! A file's state sits in its [`FileCore`] behind a mutex that is never held across a system
//! call: an operation takes the state out, does its I/O, and puts it back (another thread that
//! finds it out waits for it). The standard output streams write through `vm::io`, whose
//! buffer keeps `print` and `sys.stdout.write` in order.

mod descriptor;
mod methods;
mod text;

use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, NativeObj, ObjKind, ObjRef, Value};
use crate::vm::{Runtime, Vm};
use parking_lot::Mutex;
use std::io::{Read, Seek, SeekFrom, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
pub use text::Codec;

type R0<R> = PyResult<Value<R>, R>;

/// Bytes gathered before a write reaches the file (as CPython's `DEFAULT_BUFFER_SIZE`).
const BUFFER_SIZE: usize = 8192;

/// Which of `_io`'s classes a file object is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Text,
    Reader,
    Writer,
    Random,
    /// `buffering=0`: no buffer at all.
    Raw,
}

impl Kind {
    pub fn class_name(self) -> &'static str {
        match self {
            Kind::Text => "TextIOWrapper",
            Kind::Reader => "BufferedReader",
            Kind::Writer => "BufferedWriter",
            Kind::Random => "BufferedRandom",
            Kind::Raw => "FileIO",
        }
    }
}

/// What `name` is: a path as given, or a file descriptor.
#[derive(Clone, Debug)]
pub enum Name {
    Path(String),
    Fd(i64),
}

/// Where the bytes go.
pub enum Raw {
    File(std::fs::File),
    Stdin,
    /// stdout (1) or stderr (2): written through `vm::io`.
    Out(u8),
}

/// The mutable part of a file object.
pub struct FileState {
    pub raw: Raw,
    /// Bytes written but not yet passed to the file.
    pub wbuf: Vec<u8>,
    /// Bytes read ahead from the file: not yet returned (binary) or not yet decoded (text).
    pub rbuf: Vec<u8>,
    pub rpos: usize,
    /// Text decoded but not yet returned, from `tpos`.
    pub text: String,
    pub tpos: usize,
    pub eof: bool,
}

/// A file object's data: its fixed settings and its state.
pub struct FileCore {
    pub kind: Kind,
    pub name: Name,
    pub mode: String,
    pub readable: bool,
    pub writable: bool,
    pub append: bool,
    pub codec: Codec,
    pub encoding: String,
    pub errors: String,
    /// `newline=`: None is universal newlines.
    pub newline: Option<String>,
    pub fd: i64,
    pub closefd: bool,
    pub closed: AtomicBool,
    state: Mutex<Option<Box<FileState>>>,
}

impl FileCore {
    pub fn new(settings: FileCore, raw: Raw) -> Arc<FileCore> {
        *settings.state.lock() = Some(Box::new(FileState {
            raw,
            wbuf: Vec::new(),
            rbuf: Vec::new(),
            rpos: 0,
            text: String::new(),
            tpos: 0,
            eof: false,
        }));
        let core = Arc::new(settings);
        register(&core);
        core
    }

    pub fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Acquire)
    }

    /// Runs `op` on the state, taken out of the mutex so no lock is held during its I/O.
    pub fn with_state<T>(&self, op: impl FnOnce(&mut FileState) -> T) -> T {
        let mut st = loop {
            if let Some(st) = self.state.lock().take() {
                break st;
            }
            // Another thread is in the middle of an operation on this file.
            std::thread::yield_now();
        };
        let r = op(&mut st);
        *self.state.lock() = Some(st);
        r
    }

    /// Writes the write buffer to the file.
    pub fn flush_state(st: &mut FileState) -> std::io::Result<()> {
        if st.wbuf.is_empty() {
            return Ok(());
        }
        let buf = std::mem::take(&mut st.wbuf);
        match &mut st.raw {
            Raw::File(f) => f.write_all(&buf),
            Raw::Out(fd) => {
                write_std_bytes(*fd, &buf);
                Ok(())
            }
            Raw::Stdin => Ok(()),
        }
    }

    /// Flushes the write buffer (errors are dropped: at exit and on drop nobody can see them).
    pub fn flush_quietly(&self) {
        if self.is_closed() {
            return;
        }
        self.with_state(|st| {
            let _ = Self::flush_state(st);
        });
    }
}

impl Drop for FileCore {
    fn drop(&mut self) {
        // As CPython's finalizer: an unclosed file loses nothing it was given.
        if let Some(st) = self.state.get_mut().as_mut() {
            let _ = Self::flush_state(st);
        }
    }
}

fn write_std(fd: u8, text: &str) {
    if fd == 2 {
        crate::vm::io::write_stderr(text);
    } else {
        crate::vm::io::write_stdout(text);
    }
}

fn write_std_bytes(fd: u8, data: &[u8]) {
    if fd == 2 {
        crate::vm::io::write_stderr_bytes(data);
    } else {
        crate::vm::io::write_stdout_bytes(data);
    }
}

/// Reads up to `BUFFER_SIZE` more bytes into `rbuf`; false at end of file.
pub fn fill(st: &mut FileState) -> std::io::Result<bool> {
    if st.rpos > 0 {
        st.rbuf.drain(..st.rpos);
        st.rpos = 0;
    }
    let mut chunk = [0u8; BUFFER_SIZE];
    let n = match &mut st.raw {
        Raw::File(f) => f.read(&mut chunk)?,
        Raw::Stdin => {
            // A line at a time: nothing is read ahead of what `input()` reads next, and an
            // interactive program gets each line as it is typed.
            use std::io::BufRead;
            let mut line = Vec::new();
            std::io::stdin().lock().read_until(b'\n', &mut line)?;
            st.rbuf.extend_from_slice(&line);
            if line.is_empty() {
                st.eof = true;
            }
            return Ok(!line.is_empty());
        }
        Raw::Out(_) => 0,
    };
    st.rbuf.extend_from_slice(&chunk[..n]);
    if n == 0 {
        st.eof = true;
    }
    Ok(n > 0)
}

/// Before writing after reading (`r+`): moves the file position back over the bytes read
/// ahead, and forgets them. Text already decoded is dropped without moving back over it:
/// CPython's TextIOWrapper writes after the chunk its reads decoded, and so does this.
pub fn drop_read_ahead(st: &mut FileState) -> std::io::Result<()> {
    let ahead = st.rbuf.len() - st.rpos;
    if ahead > 0 {
        if let Raw::File(f) = &mut st.raw {
            f.seek(SeekFrom::Current(-(ahead as i64)))?;
        }
    }
    st.rbuf.clear();
    st.rpos = 0;
    st.text.clear();
    st.tpos = 0;
    st.eof = false;
    Ok(())
}

// ----- the registry of open files, flushed at exit -------------------------------------------

fn registry() -> &'static Mutex<Vec<Weak<FileCore>>> {
    static OPEN: Mutex<Vec<Weak<FileCore>>> = Mutex::new(Vec::new());
    &OPEN
}

fn register(core: &Arc<FileCore>) {
    let mut open = registry().lock();
    if open.len() >= 64 && open.len().is_power_of_two() {
        open.retain(|w| w.strong_count() > 0);
    }
    open.push(Arc::downgrade(core));
}

/// Flushes every file still open: called once the program has ended, however it ended.
pub fn flush_open_files() {
    let open: Vec<Arc<FileCore>> = registry().lock().iter().filter_map(Weak::upgrade).collect();
    for core in open {
        core.flush_quietly();
    }
}

// ----- making file objects -------------------------------------------------------------------

/// The class of a file object of `kind`.
pub fn class_of<R: Runtime>(vm: &Vm<R>, kind: Kind) -> ObjRef<R> {
    let all = methods::methods::<R>();
    let (properties, plain): (Vec<_>, Vec<_>) = all
        .into_iter()
        .partition(|(n, _)| methods::PROPERTIES.contains(n));
    let base = match kind {
        Kind::Text => "_TextIOBase",
        Kind::Raw => "_RawIOBase",
        _ => "_BufferedIOBase",
    };
    let bases = vec![base_class(vm, base)];
    let class = vm.native_class_derived(
        kind.class_name(),
        "_io",
        crate::objects::class::Layout::Builtin,
        bases,
        &plain,
    );
    if let ObjKind::Class(c) = class.kind() {
        let mut d = c.dict.lock::<R>();
        if !d.contains_key(&vm.str_key("closed")) {
            for (name, getter) in properties {
                let prop = crate::vm::native_property(name, getter);
                d.insert(vm.str_key(name), prop);
            }
        }
    }
    class
}

/// `_io._IOBase` or one of its three subclasses (`_TextIOBase`, `_BufferedIOBase`,
/// `_RawIOBase`): the classes `io.IOBase`, `io.TextIOBase`, ... name, for `isinstance`.
pub fn base_class<R: Runtime>(vm: &Vm<R>, name: &str) -> ObjRef<R> {
    let layout = crate::objects::class::Layout::Builtin;
    let root = vm.native_class_derived(
        "_IOBase",
        "_io",
        layout,
        vec![vm.types().object.clone()],
        &[],
    );
    if name == "_IOBase" {
        return root;
    }
    vm.native_class_derived(name, "_io", layout, vec![root], &[])
}

/// A file object around `core`.
pub fn file_object<R: Runtime>(vm: &Vm<R>, core: Arc<FileCore>) -> Value<R> {
    let class = class_of(vm, core.kind);
    Value::new_obj(ObjKind::Native(NativeObj {
        class,
        data: Box::new(core),
    }))
}

/// The core of a file object.
pub fn core_of<R: Runtime>(v: &Value<R>) -> Option<Arc<FileCore>> {
    match v.kind() {
        Some(ObjKind::Native(n)) => n.downcast::<Arc<FileCore>>().cloned(),
        _ => None,
    }
}

/// `io.UnsupportedOperation`, made once per interpreter.
pub fn unsupported_class<R: Runtime>(vm: &Vm<R>) -> ObjRef<R> {
    let bases = vec![
        vm.types().exception(ExcKind::OSError).clone(),
        vm.types().exception(ExcKind::ValueError).clone(),
    ];
    vm.native_class_derived(
        "UnsupportedOperation",
        "io",
        crate::objects::class::Layout::Exception,
        bases,
        &[],
    )
}

/// `io.UnsupportedOperation: msg`
pub fn unsupported<R: Runtime>(vm: &mut Vm<R>, msg: &str) -> PyErr<R> {
    let class = unsupported_class(vm);
    let m = vm.new_str(msg);
    match vm.new_exception_object(&class, vec![m]) {
        Value::Obj(o) => PyErr::Object(o),
        _ => PyErr::value_error(msg.to_string()),
    }
}

/// Whether any interpreter of the process has made its `sys` streams (imported `sys`).
static SYS_STREAMS_MADE: AtomicBool = AtomicBool::new(false);

/// A standard stream as a file object: 0 stdin, 1 stdout, 2 stderr.
pub fn std_stream<R: Runtime>(vm: &Vm<R>, fd: u8) -> Value<R> {
    SYS_STREAMS_MADE.store(true, Ordering::Relaxed);
    std_stream_of(vm, fd, Kind::Text)
}

/// A standard stream as a text file object or as its binary `buffer`.
pub fn std_stream_of<R: Runtime>(vm: &Vm<R>, fd: u8, kind: Kind) -> Value<R> {
    let name = ["<stdin>", "<stdout>", "<stderr>"][fd as usize % 3];
    let mode = match (fd, kind) {
        (0, Kind::Text) => "r",
        (_, Kind::Text) => "w",
        (0, _) => "rb",
        _ => "wb",
    };
    let settings = FileCore {
        kind,
        name: Name::Path(name.to_string()),
        mode: mode.to_string(),
        readable: fd == 0,
        writable: fd != 0,
        append: false,
        codec: Codec::Utf8,
        encoding: "utf-8".to_string(),
        errors: if fd == 2 {
            "backslashreplace"
        } else {
            "strict"
        }
        .to_string(),
        newline: None,
        fd: fd as i64,
        closefd: false,
        closed: AtomicBool::new(false),
        state: Mutex::new(None),
    };
    let raw = if fd == 0 { Raw::Stdin } else { Raw::Out(fd) };
    file_object(vm, FileCore::new(settings, raw))
}

/// `sys.NAME` (`stdin`, `stdout`), if `sys` was imported.
pub fn sys_stream<R: Runtime>(vm: &Vm<R>, name: &'static str) -> Option<Value<R>> {
    let sys = vm.sys_modules_get("sys")?;
    let ObjKind::Module(m) = sys.kind()? else {
        return None;
    };
    let ObjKind::Dict(d) = m.dict.kind() else {
        return None;
    };
    let found = d.lock::<R>().get(&vm.static_key(name)).cloned();
    found
}

/// `sys.stdout` when a program has replaced it (with a StringIO, say): where `print` writes
/// instead of the process's stdout.
pub fn replaced_stdout<R: Runtime>(vm: &Vm<R>) -> Option<Value<R>> {
    // Until `sys` is imported nothing can have replaced it: `print` skips the lookup.
    if !SYS_STREAMS_MADE.load(Ordering::Relaxed) {
        return None;
    }
    let stdout = sys_stream(vm, "stdout")?;
    match core_of(&stdout) {
        Some(core) if core.fd == 1 && !core.closefd && matches!(core.name, Name::Path(_)) => None,
        _ => Some(stdout),
    }
}

/// The parsed `mode` argument of `open`.
struct Mode {
    readable: bool,
    writable: bool,
    create: bool,
    truncate: bool,
    append: bool,
    binary: bool,
}

fn parse_mode<R: Runtime>(mode: &str) -> PyResult<Mode, R> {
    let mut seen = String::new();
    let (mut r, mut w, mut a, mut x, mut plus, mut t, mut b) =
        (false, false, false, false, false, false, false);
    for c in mode.chars() {
        if seen.contains(c) || !"rwaxbt+".contains(c) {
            return Err(PyErr::value_error(format!("invalid mode: '{mode}'")));
        }
        seen.push(c);
        match c {
            'r' => r = true,
            'w' => w = true,
            'a' => a = true,
            'x' => x = true,
            '+' => plus = true,
            't' => t = true,
            _ => b = true,
        }
    }
    if t && b {
        return Err(PyErr::value_error(
            "can't have text and binary mode at once",
        ));
    }
    let creating = [r, w, a, x].iter().filter(|f| **f).count();
    if creating != 1 {
        let msg = if creating == 0 && !plus && !t && !b {
            "Must have exactly one of create/read/write/append mode and at most one plus"
        } else {
            "must have exactly one of create/read/write/append mode"
        };
        return Err(PyErr::value_error(msg));
    }
    Ok(Mode {
        readable: r || plus,
        writable: w || a || x || plus,
        create: x,
        truncate: w,
        append: a,
        binary: b,
    })
}

/// `open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None, closefd=True)`
pub fn open<R: Runtime>(vm: &mut Vm<R>, mut args: Args<R>) -> R0<R> {
    let names = [
        "file",
        "mode",
        "buffering",
        "encoding",
        "errors",
        "newline",
        "closefd",
        "opener",
    ];
    let given = args.bind_named("open", names)?;
    let [file, mode, buffering, encoding, errors, newline, closefd, _opener] = given;
    let Some(file) = file else {
        return Err(PyErr::type_error(
            "open() missing required argument 'file' (pos 1)",
        ));
    };
    let text_arg = |v: &Option<Value<R>>, what: &str, vm: &Vm<R>| -> PyResult<Option<String>, R> {
        match v {
            None | Some(Value::None) => Ok(None),
            Some(v) => match v.as_str() {
                Some(s) => Ok(Some(s.to_string())),
                None => Err(PyErr::type_error(format!(
                    "open() argument '{what}' must be str{}, not {}",
                    if what == "mode" { "" } else { " or None" },
                    vm.type_name(v)
                ))),
            },
        }
    };
    let mode_text = text_arg(&mode, "mode", vm)?.unwrap_or_else(|| "r".to_string());
    let m = parse_mode::<R>(&mode_text)?;
    let encoding = text_arg(&encoding, "encoding", vm)?;
    let errors = text_arg(&errors, "errors", vm)?;
    let newline = text_arg(&newline, "newline", vm)?;
    let buffering = match &buffering {
        None | Some(Value::None) => -1,
        Some(v) => vm.int_i64(v)?,
    };
    let closefd = match &closefd {
        None => true,
        Some(v) => vm.truthy(v)?,
    };
    if m.binary {
        for (given, what) in [
            (encoding.is_some(), "an encoding"),
            (errors.is_some(), "an errors"),
            (newline.is_some(), "a newline"),
        ] {
            if given {
                return Err(PyErr::value_error(format!(
                    "binary mode doesn't take {what} argument"
                )));
            }
        }
    } else if buffering == 0 {
        return Err(PyErr::value_error("can't have unbuffered text I/O"));
    }
    if let Some(nl) = &newline {
        if !matches!(nl.as_str(), "" | "\n" | "\r" | "\r\n") {
            return Err(PyErr::value_error(format!("illegal newline value: {nl}")));
        }
    }
    let codec = match &encoding {
        Some(e) => Codec::named::<R>(e)?,
        None => Codec::Utf8,
    };
    let (name, raw, fd) = open_raw(vm, &file, &m, closefd)?;
    let kind = match (m.binary, buffering, m.readable, m.writable) {
        (false, _, _, _) => Kind::Text,
        (true, 0, _, _) => Kind::Raw,
        (true, _, true, true) => Kind::Random,
        (true, _, true, false) => Kind::Reader,
        _ => Kind::Writer,
    };
    let raw_mode = {
        let base = if m.create {
            "xb"
        } else if m.append {
            if m.readable {
                "ab+"
            } else {
                "ab"
            }
        } else if m.truncate {
            if m.readable {
                "rb+"
            } else {
                "wb"
            }
        } else if m.writable {
            "rb+"
        } else {
            "rb"
        };
        if m.create && m.readable {
            "xb+"
        } else {
            base
        }
    };
    let settings = FileCore {
        kind,
        name,
        mode: if m.binary {
            raw_mode.to_string()
        } else {
            mode_text
        },
        readable: m.readable,
        writable: m.writable,
        append: m.append,
        codec,
        encoding: encoding.unwrap_or_else(|| "UTF-8".to_string()),
        errors: errors.unwrap_or_else(|| "strict".to_string()),
        newline,
        fd,
        closefd,
        closed: AtomicBool::new(false),
        state: Mutex::new(None),
    };
    Ok(file_object(vm, FileCore::new(settings, raw)))
}

/// Opens the file itself: by path, or around a file descriptor.
fn open_raw<R: Runtime>(
    vm: &mut Vm<R>,
    file: &Value<R>,
    m: &Mode,
    closefd: bool,
) -> PyResult<(Name, Raw, i64), R> {
    if let Value::Int(fd) = file {
        if *fd < 0 || *fd > i32::MAX as i64 {
            return Err(PyErr::value_error("negative file descriptor"));
        }
        let f = descriptor::open(*fd as i32, closefd)
            .map_err(|e| super::oserror::from_io(vm, &e, None))?;
        return Ok((Name::Fd(*fd), Raw::File(f), *fd));
    }
    // A path object (`pathlib.Path`, ...) opens the path its `__fspath__` gives.
    let given = match file.kind() {
        Some(ObjKind::Instance(_)) => vm.call_special(file, "__fspath__", Vec::new())?,
        _ => None,
    };
    let Some(path) = given.as_ref().unwrap_or(file).as_str().map(str::to_string) else {
        return Err(PyErr::type_error(format!(
            "expected str, bytes or os.PathLike object, not {}",
            vm.type_name(file)
        )));
    };
    if !closefd {
        return Err(PyErr::value_error(
            "Cannot use closefd=False with file name",
        ));
    }
    let mut options = std::fs::OpenOptions::new();
    options
        .read(m.readable)
        .write(m.writable && !m.append)
        .append(m.append)
        .truncate(m.truncate);
    if m.create {
        options.create_new(true);
    } else if m.writable && (m.truncate || m.append) {
        options.create(true);
    }
    let mut f = options
        .open(&path)
        .map_err(|e| super::oserror::from_io(vm, &e, Some(file.clone())))?;
    if m.append {
        // The position starts at the end, where every write goes.
        let _ = f.seek(SeekFrom::End(0));
    }
    // Linux opens a directory for reading; CPython refuses it with EISDIR.
    if f.metadata().map(|md| md.is_dir()).unwrap_or(false) {
        return Err(super::oserror::from_errno(vm, 21, Some(file.clone()), None));
    }
    let fd = descriptor::number(&f);
    Ok((Name::Path(path), Raw::File(f), fd))
}
