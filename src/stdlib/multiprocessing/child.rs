//! The child's side. minipy started with `MINIPY_MP_CHILD=ROLE:NAME` connects to its parent
//! (where `MINIPY_MP_CONNECT` says: see `transport`), runs the program with
//! `__name__ == "__mp_main__"` (the "bootstrapping phase": starting a process then is
//! CPython's RuntimeError), tells the parent it is ready, then serves: a pool worker runs
//! tasks until told to exit, a `Process` child runs its target once. A Rust thread reads the
//! connection throughout; its closing means the parent is gone, and the child exits at once.

use super::conn::{self, Conn};
use crate::bytecode::Code;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{ObjRef, Value};
use crate::vm::io;
use crate::vm::threads::WaitTarget;
use crate::vm::Runtime;
use crate::vm::{ExitStatus, Vm};
use parking_lot::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, OnceLock};

/// What a child was started as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A pool worker (`SpawnPoolWorker-N`): runs tasks until told to exit.
    Pool,
    /// A `Process` (`Process-N`): runs its target, then exits.
    Process,
}

struct ChildInfo {
    role: Role,
    name: String,
    conn: Arc<Conn>,
    /// Answers to queue requests; the lock also keeps one request at a time in flight.
    replies: Mutex<Receiver<Vec<u8>>>,
    bootstrapping: AtomicBool,
}

static CHILD: OnceLock<ChildInfo> = OnceLock::new();

/// The role and name this process was started with, if it is a child.
pub fn role_from_env() -> Option<(Role, String)> {
    let v = std::env::var(super::worker::CHILD_ENV).ok()?;
    let (role, name) = v.split_once(':')?;
    let role = match role {
        "pool" => Role::Pool,
        "process" => Role::Process,
        _ => return None,
    };
    Some((role, name.to_string()))
}

pub fn is_child() -> bool {
    CHILD.get().is_some()
}

/// This child's name (`None` in the main process).
pub fn name() -> Option<&'static str> {
    CHILD.get().map(|c| c.name.as_str())
}

/// Whether this is a pool worker (which, being a daemon, may not start processes).
pub fn is_pool_worker() -> bool {
    CHILD.get().is_some_and(|c| c.role == Role::Pool)
}

/// True while a child re-runs the program (before it serves anything).
pub fn is_bootstrapping() -> bool {
    CHILD
        .get()
        .is_some_and(|c| c.bootstrapping.load(Ordering::Relaxed))
}

pub fn send_to_parent<R: Runtime>(frame: &[u8]) -> PyResult<(), R> {
    let info = CHILD
        .get()
        .ok_or_else(|| PyErr::runtime_error("not a child process"))?;
    info.conn
        .send(frame)
        .map_err(|_| PyErr::runtime_error("the parent process is gone"))
}

/// Sends a request and waits (GIL released) for the parent's answer (the reply's body).
pub fn ask_parent<R: Runtime>(vm: &mut Vm<R>, frame: &[u8]) -> PyResult<Vec<u8>, R> {
    let info = CHILD
        .get()
        .ok_or_else(|| PyErr::runtime_error("not a child process"))?;
    let answer = vm.blocking(WaitTarget::Sleep, true, || {
        let replies = info.replies.lock();
        info.conn.send(frame).ok()?;
        replies.recv().ok()
    });
    answer.ok_or_else(|| PyErr::runtime_error("the parent process is gone"))
}

/// Runs this process as a child: the program, then what the parent sends. Returns the exit
/// status.
pub fn serve<R: Runtime>(
    vm: &mut Vm<R>,
    code: Arc<Code<R>>,
    main: &ObjRef<R>,
    role: Role,
    name: String,
) -> i32 {
    let stream = match super::transport::connect_to_parent() {
        Ok(s) => s,
        Err(e) => {
            io::write_stderr(&format!(
                "minipy: {} is set, but the parent process cannot be reached ({e})\n",
                super::worker::CHILD_ENV
            ));
            return 2;
        }
    };
    let Ok(mut reader) = stream.try_clone() else {
        return 2;
    };
    let (task_tx, task_rx) = mpsc::channel::<Vec<u8>>();
    let (reply_tx, reply_rx) = mpsc::channel::<Vec<u8>>();
    let info = ChildInfo {
        role,
        name,
        conn: Arc::new(Conn::new(stream)),
        replies: Mutex::new(reply_rx),
        bootstrapping: AtomicBool::new(true),
    };
    let conn = info.conn.clone();
    let _ = CHILD.set(info);
    let listening = std::thread::Builder::new()
        .name("mp-child-reader".into())
        .spawn(move || {
            while let Ok(Some(frame)) = conn::read_frame(&mut reader) {
                match frame[0] {
                    conn::TASK | conn::EXIT => {
                        let _ = task_tx.send(frame);
                    }
                    conn::QUEUE_REPLY => {
                        let _ = reply_tx.send(frame[1..].to_vec());
                    }
                    conn::TERMINATE => die_as_if_terminated(),
                    _ => {}
                }
            }
            // The parent is gone (or killed us off): nobody is left to serve.
            io::flush_stdout();
            std::process::exit(0);
        });
    if listening.is_err() {
        return 2;
    }

    let name_value = vm.new_str("__mp_main__");
    vm.set_module_attr(main, "__name__", name_value);
    let booted = vm.run_code(code, main);
    if let Some(c) = CHILD.get() {
        c.bootstrapping.store(false, Ordering::Relaxed);
    }
    if let Err(e) = booted {
        return boot_failed(vm, role, e);
    }
    if conn.send(&[conn::READY]).is_err() {
        return 0;
    }
    let status = match role {
        Role::Pool => serve_tasks(vm, &task_rx, &conn),
        Role::Process => run_process(vm, &task_rx),
    };
    // `--gil-stats`, `--trace`, `--timeline` (the parent's, passed on): this child's own.
    crate::vm::observe::report_at_exit(vm);
    io::flush_stdout();
    status
}

/// Ends the process the way SIGTERM does (exit code -15 for the parent).
fn die_as_if_terminated() -> ! {
    io::flush_stdout();
    #[cfg(unix)]
    {
        let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTERM);
        std::process::exit(128 + 15);
    }
    #[cfg(not(unix))]
    std::process::exit(super::worker::TERMINATED_STATUS);
}

/// The program raised while the child re-ran it: a pool worker tells the parent (which raises
/// it from the tasks' results); a `Process` child reports it on stderr, as CPython does.
fn boot_failed<R: Runtime>(vm: &mut Vm<R>, role: Role, e: PyErr<R>) -> i32 {
    let exc = vm.materialize(e);
    if role == Role::Pool {
        let mut frame = vec![conn::BOOT_FAILED];
        frame.extend(super::errors::encode_error(vm, &exc));
        let _ = send_to_parent::<R>(&frame);
        return match vm.exit_status(PyErr::Object(obj_of(&exc))) {
            ExitStatus::Exit { code, .. } | ExitStatus::Traceback { code, .. } => code,
        };
    }
    crate::vm::report(vm, PyErr::Object(obj_of(&exc)))
}

fn obj_of<R: Runtime>(v: &Value<R>) -> ObjRef<R> {
    match v {
        Value::Obj(o) => o.clone(),
        _ => unreachable!("exceptions are heap objects"),
    }
}

/// A pool worker's loop: run each task, send its outcome back.
fn serve_tasks<R: Runtime>(vm: &mut Vm<R>, tasks: &Receiver<Vec<u8>>, conn: &Conn) -> i32 {
    loop {
        // No frame is running here: the call site left by the last task may point to code
        // that has since been freed.
        vm.call_site = (std::ptr::null(), 0);
        let Ok(frame) = vm.blocking(WaitTarget::Sleep, true, || tasks.recv()) else {
            return 0;
        };
        if frame[0] == conn::EXIT {
            return 0;
        }
        let mut r = super::wire::Reader::new(&frame[1..]);
        let (Some(id), Some(kind)) = (r.varint(), r.u8()) else {
            continue;
        };
        let outcome = run_task(vm, kind, r.rest());
        let mut reply = vec![conn::RESULT];
        super::wire::put_varint(&mut reply, id);
        match outcome {
            Ok(v) => match super::wire::encode(vm, &v) {
                Ok(bytes) => {
                    reply.push(1);
                    reply.extend(bytes);
                }
                Err(e) => {
                    let exc = unsendable_result(vm, &v, e);
                    reply.push(0);
                    reply.extend(super::errors::encode_error(vm, &exc));
                }
            },
            Err(e) if vm.err_kind(&e) == Some(ExcKind::SystemExit) => {
                // As in CPython, SystemExit ends the worker: the parent sees it die.
                return crate::vm::report(vm, e);
            }
            Err(e) => {
                let exc = vm.materialize(e);
                reply.push(0);
                reply.extend(super::errors::encode_error(vm, &exc));
            }
        }
        io::flush_stdout();
        if conn.send(&reply).is_err() {
            return 0;
        }
    }
}

/// CPython's `MaybeEncodingError` for a result that cannot be sent back.
fn unsendable_result<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>, e: PyErr<R>) -> Value<R> {
    let exc = vm.materialize(e);
    let shown = vm.repr(v).unwrap_or_default();
    let reason = vm.repr(&exc).unwrap_or_default();
    let class = super::errors::maybe_encoding_error(vm);
    let msg = vm.new_str(format!(
        "Error sending result: '{shown}'. Reason: '{reason}'"
    ));
    vm.new_exception_object(&class, vec![msg])
}

/// Runs one task: `(func, args, kwargs)` or `(func, [args...])` for a chunk of `starmap`.
fn run_task<R: Runtime>(vm: &mut Vm<R>, kind: u8, payload: &[u8]) -> PyResult<Value<R>, R> {
    let task = super::wire::decode(vm, payload)?;
    let parts = vm.collect(&task)?;
    let func = parts.first().cloned().unwrap_or(Value::None);
    let args = parts.get(1).cloned().unwrap_or(Value::None);
    if kind == conn::STARMAP {
        let mut out = Vec::new();
        for each in vm.collect(&args)? {
            let a = vm.collect(&each)?;
            out.push(vm.call(&func, a, Vec::new())?);
        }
        return Ok(vm.new_list(out));
    }
    let a = vm.collect(&args)?;
    let kwargs = parts.get(2).cloned().unwrap_or(Value::None);
    let kw = vm.kwargs_or_none(&kwargs, &func)?;
    vm.call(&func, a, kw)
}

/// A `Process` child: rebuild the Process object, run its `run()`, exit as CPython's child
/// does (1 after printing `Process NAME:` and the traceback, or `sys.exit`'s status).
fn run_process<R: Runtime>(vm: &mut Vm<R>, tasks: &Receiver<Vec<u8>>) -> i32 {
    let frame = loop {
        match vm.blocking(WaitTarget::Sleep, true, || tasks.recv()) {
            Ok(f) if f[0] == conn::TASK => break f,
            Ok(_) => continue,
            Err(_) => return 0,
        }
    };
    let mut r = super::wire::Reader::new(&frame[1..]);
    let (Some(_id), Some(_kind)) = (r.varint(), r.u8()) else {
        return 1;
    };
    let outcome = super::process::run_in_child(vm, r.rest());
    let status = match outcome {
        Ok(()) => 0,
        Err(e) if vm.err_kind(&e) == Some(ExcKind::SystemExit) => crate::vm::report(vm, e),
        Err(e) => {
            let exc = vm.materialize(e);
            let tb = crate::vm::traceback::format_exception(vm, &exc);
            let name = name().unwrap_or("Process");
            io::write_stderr(&format!("Process {name}:\n{tb}"));
            1
        }
    };
    match crate::stdlib::threading::shutdown(vm) {
        Ok(()) => status,
        Err(e) => crate::vm::report(vm, e),
    }
}
