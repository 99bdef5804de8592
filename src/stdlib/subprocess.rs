//! `_subprocess`: starting child processes and talking to them through pipes, what
//! `lib/subprocess.py` builds `Popen`, `run` and the rest on. A child is known to Python by
//! a handle (an int); its `std::process::Child` and the parent's ends of its pipes live in a
//! table here until `release`. Every wait (for the child, for a pipe to have data or take
//! it) gives up the GIL first.
use super::struct_module::read_buffer;
use crate::builtins::oserror::from_io;
use crate::objects::exception::{ExcKind, PyErr, PyResult};
use crate::objects::{Args, NativeFn, ObjKind, ObjRef, Value};
use crate::vm::threads::WaitTarget;
use crate::vm::Runtime;
use crate::vm::Vm;
use parking_lot::Mutex;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::process::{Child, ChildStderr, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

type R0<R> = PyResult<Value<R>, R>;

/// How a standard stream of the child is set up, as subprocess.py numbers them.
const INHERIT: i64 = -4;
const PIPE: i64 = -1;
const STDOUT: i64 = -2;
const DEVNULL: i64 = -3;

/// A started child and the parent's ends of its pipes.
struct ChildEntry {
    child: Mutex<Child>,
    stdin: Mutex<Option<ChildStdin>>,
    stdout: Mutex<Option<ChildStdout>>,
    stderr: Mutex<Option<ChildStderr>>,
    status: Mutex<Option<i64>>,
}

static CHILDREN: Mutex<Option<HashMap<i64, Arc<ChildEntry>>>> = Mutex::new(None);
static NEXT_HANDLE: Mutex<i64> = Mutex::new(1);

pub fn init<R: Runtime>(vm: &mut Vm<R>, m: &ObjRef<R>) -> bool {
    let functions: &[(&'static str, NativeFn<R>)] = &[
        ("spawn", spawn),
        ("pid", pid),
        ("poll", poll),
        ("wait", wait),
        ("read", read),
        ("write", write),
        ("close", close),
        ("send_signal", send_signal),
        ("release", release),
    ];
    super::add_functions(vm, m, functions);
    true
}

fn entry<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<Arc<ChildEntry>, R> {
    let handle = super::num_args::to_i64(vm, v, "handle")?;
    CHILDREN
        .lock()
        .as_ref()
        .and_then(|t| t.get(&handle).cloned())
        .ok_or_else(|| PyErr::new(ExcKind::ValueError, "no such child process"))
}

fn stdio<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<Stdio, R> {
    Ok(match super::num_args::to_i64(vm, v, "stream")? {
        INHERIT => Stdio::inherit(),
        PIPE => Stdio::piped(),
        DEVNULL => Stdio::null(),
        #[cfg(unix)]
        fd if fd >= 0 => {
            use std::os::fd::{BorrowedFd, OwnedFd};
            // SAFETY: the descriptor is the caller's and open for this call; it is
            // duplicated, so the child gets its own copy and the caller's stays open.
            let borrowed = unsafe { BorrowedFd::borrow_raw(fd as i32) };
            let owned: OwnedFd = borrowed
                .try_clone_to_owned()
                .map_err(|e| from_io(vm, &e, None))?;
            Stdio::from(owned)
        }
        _ => return Err(PyErr::new(ExcKind::ValueError, "bad stream")),
    })
}

fn strings<R: Runtime>(vm: &mut Vm<R>, v: &Value<R>) -> PyResult<Vec<String>, R> {
    let items = match v.kind() {
        Some(ObjKind::List(l)) => l.lock::<R>().clone(),
        Some(ObjKind::Tuple(t)) => t.to_vec(),
        _ => return Err(PyErr::type_error("expected a list of str")),
    };
    items.iter().map(|s| vm.to_str(s)).collect()
}

/// `spawn(argv, executable, cwd, env, stdin, stdout, stderr)`: the child's handle.
/// `env` is None (the parent's) or a list of "NAME=value" strings.
fn spawn<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("spawn", 7, 7)?;
    let argv = strings(vm, &args.pos[0])?;
    let Some(program) = argv.first() else {
        return Err(PyErr::new(ExcKind::ValueError, "empty argument list"));
    };
    let executable = if args.pos[1].is_none() {
        program.clone()
    } else {
        vm.to_str(&args.pos[1])?
    };
    let mut command = Command::new(&executable);
    command.args(&argv[1..]);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        command.arg0(program);
    }
    if !args.pos[2].is_none() {
        command.current_dir(vm.to_str(&args.pos[2])?);
    }
    if !args.pos[3].is_none() {
        command.env_clear();
        for pair in strings(vm, &args.pos[3])? {
            if let Some((name, value)) = pair.split_once('=') {
                command.env(name, value);
            }
        }
    }
    command.stdin(stdio(vm, &args.pos[4])?);
    command.stdout(stdio(vm, &args.pos[5])?);
    if super::num_args::to_i64(vm, &args.pos[6], "stream")? == STDOUT {
        redirect_stderr_to_stdout(vm, &mut command)?;
    } else {
        command.stderr(stdio(vm, &args.pos[6])?);
    }
    let mut child = match command.spawn() {
        Ok(c) => c,
        Err(e) => {
            let name = vm.new_str(executable.as_str());
            return Err(from_io(vm, &e, Some(name)));
        }
    };
    let entry = ChildEntry {
        stdin: Mutex::new(child.stdin.take()),
        stdout: Mutex::new(child.stdout.take()),
        stderr: Mutex::new(child.stderr.take()),
        child: Mutex::new(child),
        status: Mutex::new(None),
    };
    let handle = {
        let mut next = NEXT_HANDLE.lock();
        *next += 1;
        *next - 1
    };
    CHILDREN
        .lock()
        .get_or_insert_with(HashMap::new)
        .insert(handle, Arc::new(entry));
    Ok(Value::Int(handle))
}

/// stderr=STDOUT: the child's stderr is its stdout, whatever that is (the parent's, a
/// pipe made by stdout=PIPE is not known yet, so the child duplicates it itself).
#[cfg(unix)]
fn redirect_stderr_to_stdout<R: Runtime>(
    _vm: &mut Vm<R>,
    command: &mut Command,
) -> PyResult<(), R> {
    use std::os::unix::process::CommandExt;
    // SAFETY: dup2 is async-signal-safe, which is all a pre_exec hook may call.
    unsafe {
        command.pre_exec(|| {
            if libc::dup2(1, 2) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn redirect_stderr_to_stdout<R: Runtime>(
    _vm: &mut Vm<R>,
    _command: &mut Command,
) -> PyResult<(), R> {
    Err(PyErr::new(
        ExcKind::OSError,
        "stderr=STDOUT is not supported here",
    ))
}

fn pid<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("pid", 1, 1)?;
    let e = entry(vm, &args.pos[0])?;
    let id = e.child.lock().id();
    Ok(Value::Int(id as i64))
}

/// The exit status as subprocess reports it: the code, or minus the signal that ended it.
fn returncode(status: std::process::ExitStatus) -> i64 {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            return -(sig as i64);
        }
    }
    status.code().unwrap_or(-1) as i64
}

fn try_reap(e: &ChildEntry) -> std::io::Result<Option<i64>> {
    let mut status = e.status.lock();
    if status.is_none() {
        if let Some(s) = e.child.lock().try_wait()? {
            *status = Some(returncode(s));
        }
    }
    Ok(*status)
}

fn code_value<R: Runtime>(code: Option<i64>) -> Value<R> {
    code.map_or(Value::None, Value::Int)
}

/// `poll(handle)`: the return code, or None while the child runs.
fn poll<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("poll", 1, 1)?;
    let e = entry(vm, &args.pos[0])?;
    let code = try_reap(&e).map_err(|err| from_io(vm, &err, None))?;
    Ok(code_value(code))
}

/// `wait(handle, timeout)`: the return code, or None if `timeout` seconds passed first.
fn wait<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("wait", 2, 2)?;
    let e = entry(vm, &args.pos[0])?;
    let deadline = if args.pos[1].is_none() {
        None
    } else {
        let seconds = super::num_args::to_f64(vm, &args.pos[1])?.max(0.0);
        Some(Instant::now() + Duration::from_secs_f64(seconds))
    };
    loop {
        // Short sleeps between looks, so that signals (Ctrl-C) are seen between them.
        let outcome = vm.blocking(WaitTarget::Io("subprocess wait"), true, || {
            let step = Instant::now() + Duration::from_millis(50);
            let mut pause = Duration::from_micros(200);
            loop {
                match try_reap(&e) {
                    Ok(Some(code)) => return Ok(Some(code)),
                    Err(err) => return Err(err),
                    Ok(None) => {}
                }
                let now = Instant::now();
                if deadline.is_some_and(|d| now >= d) || now >= step {
                    return Ok(None);
                }
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(10));
            }
        });
        match outcome {
            Ok(Some(code)) => return Ok(Value::Int(code)),
            Err(err) => return Err(from_io(vm, &err, None)),
            Ok(None) => {
                if deadline.is_some_and(|d| Instant::now() >= d) {
                    return Ok(Value::None);
                }
                vm.run_pending_signals()?;
            }
        }
    }
}

/// `read(handle, which, size)`: up to `size` bytes (all, to the end, when negative) from
/// the child's stdout (1) or stderr (2); b'' at the end or when there is no such pipe.
fn read<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("read", 3, 3)?;
    let e = entry(vm, &args.pos[0])?;
    let which = super::num_args::to_i64(vm, &args.pos[1], "which")?;
    let size = super::num_args::to_i64(vm, &args.pos[2], "size")?;
    let result = vm.blocking(WaitTarget::Io("subprocess pipe read"), true, || {
        let mut data = Vec::new();
        let mut read_from = |r: &mut dyn Read| -> std::io::Result<()> {
            if size < 0 {
                r.read_to_end(&mut data)?;
            } else {
                data.resize(size as usize, 0);
                let n = r.read(&mut data)?;
                data.truncate(n);
            }
            Ok(())
        };
        let outcome = if which == 1 {
            e.stdout.lock().as_mut().map(|r| read_from(r))
        } else {
            e.stderr.lock().as_mut().map(|r| read_from(r))
        };
        outcome.unwrap_or(Ok(())).map(|_| data)
    });
    match result {
        Ok(data) => Ok(Value::new_obj(ObjKind::Bytes(data.into_boxed_slice()))),
        Err(err) => Err(from_io(vm, &err, None)),
    }
}

/// `write(handle, data)`: all of `data` to the child's stdin; a BrokenPipeError if the
/// child has closed it.
fn write<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("write", 2, 2)?;
    let e = entry(vm, &args.pos[0])?;
    let data = read_buffer(vm, &args.pos[1])?;
    let result = vm.blocking(WaitTarget::Io("subprocess pipe write"), true, || {
        match e.stdin.lock().as_mut() {
            Some(w) => w.write_all(&data).and_then(|_| w.flush()),
            None => Ok(()),
        }
    });
    result.map_err(|err| from_io(vm, &err, None))?;
    Ok(Value::Int(data.len() as i64))
}

/// `close(handle, which)`: closes the parent's end of stdin (0), stdout (1) or stderr (2).
fn close<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("close", 2, 2)?;
    let e = entry(vm, &args.pos[0])?;
    match super::num_args::to_i64(vm, &args.pos[1], "which")? {
        0 => drop(e.stdin.lock().take()),
        1 => drop(e.stdout.lock().take()),
        _ => drop(e.stderr.lock().take()),
    }
    Ok(Value::None)
}

/// `send_signal(handle, signal)`: nothing once the child has been reaped.
fn send_signal<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("send_signal", 2, 2)?;
    let e = entry(vm, &args.pos[0])?;
    let sig = super::num_args::to_i64(vm, &args.pos[1], "signal")?;
    if e.status.lock().is_some() {
        return Ok(Value::None);
    }
    let child = e.child.lock();
    #[cfg(unix)]
    {
        // SAFETY: kill(2) on the child's pid, which is not reaped (status is None) and so
        // cannot have been reused.
        if unsafe { libc::kill(child.id() as libc::pid_t, sig as libc::c_int) } != 0 {
            let err = std::io::Error::last_os_error();
            drop(child);
            return Err(from_io(vm, &err, None));
        }
    }
    #[cfg(not(unix))]
    {
        let _ = sig;
        let mut child = child;
        let _ = child.kill();
    }
    Ok(Value::None)
}

/// `release(handle)`: forgets the child (its pipes are closed; a child still running is
/// left to run).
fn release<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> R0<R> {
    args.check_count("release", 1, 1)?;
    let handle = super::num_args::to_i64(vm, &args.pos[0], "handle")?;
    if let Some(t) = CHILDREN.lock().as_mut() {
        t.remove(&handle);
    }
    Ok(Value::None)
}
