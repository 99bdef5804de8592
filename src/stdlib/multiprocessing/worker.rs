//! The parent's side of one child process: starting it (the minipy executable itself, with
//! the same runtime flags, script and arguments, and `MINIPY_MP_CHILD` saying what it is),
//! the Rust thread that reads everything the child sends, reaping it when its connection
//! closes, and killing it. Every live child is in a process-wide list, so that the
//! interpreter's exit can join the non-daemon `Process` children and kill the rest: no child
//! outlives its parent.
//!
//! Nothing here touches a Python object: the reader thread runs without the GIL and hands
//! frames (bytes) to the child's owner (a pool, or nobody for a `Process`), or to `queue.rs`.

use super::conn::{self, Conn};
use crate::objects::exception::{PyErr, PyResult};
use crate::objects::Value;
use crate::stdlib::sync::{self, Wakeup};
use crate::vm::spin::WaitCv;
use crate::vm::Runtime;
use crate::vm::Vm;
use parking_lot::Mutex;
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The environment variable that makes minipy a child: `pool:NAME` or `process:NAME`.
pub const CHILD_ENV: &str = "MINIPY_MP_CHILD";

/// Where signals do not exist (Windows), the exit status of a terminated child, which its
/// parent reports as -15 (SIGTERM), as CPython does there.
#[cfg(not(unix))]
pub const TERMINATED_STATUS: i32 = 0x10000;

/// A child's exit code as `Process.exitcode` shows it: the status, or minus the signal that
/// killed it.
fn exit_code(status: std::process::ExitStatus) -> i32 {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        status
            .code()
            .unwrap_or_else(|| -status.signal().unwrap_or(0))
    }
    #[cfg(not(unix))]
    match status.code() {
        Some(TERMINATED_STATUS) => -15,
        Some(code) => code,
        None => -1,
    }
}

/// How to start a child: this executable, minipy's flags, the program and its arguments.
/// How many children were given files of their own (traces, timelines).
static CHILD_FILES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// `out.json` -> `out-child3.json`: the file a child writes where the parent writes `path`.
fn child_file(path: &str, n: u64) -> String {
    let p = std::path::Path::new(path);
    match (p.file_stem(), p.extension()) {
        (Some(stem), Some(ext)) => p
            .with_file_name(format!(
                "{}-child{n}.{}",
                stem.to_string_lossy(),
                ext.to_string_lossy()
            ))
            .to_string_lossy()
            .into_owned(),
        _ => format!("{path}-child{n}"),
    }
}

#[derive(Clone, Debug)]
pub struct SpawnSpec {
    exe: PathBuf,
    args: Vec<String>,
}

impl SpawnSpec {
    /// The command line that re-runs this program (its `__main__.__file__`, or `-m MOD`; a
    /// program given with `-c` or on stdin has no file to re-run: its children run an empty
    /// main module).
    pub fn of<R: Runtime>(vm: &mut Vm<R>) -> PyResult<SpawnSpec, R> {
        let exe = std::env::current_exe()
            .map_err(|e| PyErr::runtime_error(format!("cannot find the minipy executable: {e}")))?;
        let options = &vm.interp.options;
        let mut args = Vec::new();
        if R::FREE_THREADED {
            args.push("--no-gil".to_string());
        }
        if let Some(n) = options.switch_interval {
            args.push(format!("--switch-interval={n}"));
        }
        if !options.deadlock_detection {
            args.push("--no-deadlock-detection".into());
        }
        if options.virtual_time {
            args.push("--virtual-time".into());
        }
        if let Some(seed) = options.seed {
            args.push(format!("--seed={seed}"));
        }
        // The parent's thread options, so children switch and report as it does.
        if let Some(t) = options.switch_time {
            args.push(format!(
                "--switch={}",
                crate::vm::gil::SwitchPolicy::Time(t)
            ));
        }
        if options.backedge_switch_points {
            args.push("--switch-points=backedge".into());
        }
        if options.observe.stats {
            args.push("--gil-stats".into());
        }
        // A child writes its own trace and timeline, next to the parent's: `NAME-childN.EXT`.
        let n = CHILD_FILES.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if let Some(path) = &options.observe.trace {
            args.push(format!("--trace={}", child_file(path, n)));
        }
        if let Some(path) = &options.observe.timeline {
            args.push(format!("--timeline={}", child_file(path, n)));
        }
        args.extend(options.child_flags.iter().cloned());
        let rest: Vec<String> = options.argv.iter().skip(1).cloned().collect();
        let run_module = options.run_module.clone();
        let main = Value::Obj(vm.main_module());
        let file = vm
            .get_attr_str(&main, "__file__")
            .ok()
            .and_then(|f| f.as_str().map(str::to_string));
        match (&run_module, file) {
            // `-m MOD`: the child runs the module the same way (its package, its imports).
            (Some(module), _) => args.extend(["-m".to_string(), module.clone()]),
            (None, Some(f)) if !f.starts_with('<') => args.push(f),
            _ => {
                args.push("-c".into());
                args.push("pass".into());
            }
        }
        args.extend(rest);
        Ok(SpawnSpec { exe, args })
    }
}

/// What a child's owner hears from its reader thread.
pub trait Owner: Send + Sync {
    /// A frame the owner handles (anything but queue requests).
    fn on_frame(&self, child: &Arc<ChildProc>, frame: &[u8]);
    /// The child's connection closed and the child has been reaped.
    fn on_exit(&self, child: &Arc<ChildProc>, exitcode: i32);
}

/// A child process as its parent sees it.
pub struct ChildProc {
    pub name: String,
    pub pid: u32,
    /// Joined (not killed) when the parent exits: a non-daemon `Process`.
    pub join_at_exit: bool,
    conn: Conn,
    child: Mutex<Child>,
    exitcode: Mutex<Option<i32>>,
    exited: WaitCv,
}

/// Every child not reaped yet.
static LIVE: Mutex<Vec<Arc<ChildProc>>> = Mutex::new(Vec::new());

impl ChildProc {
    /// Starts a child; `role` is `pool` or `process`.
    pub fn spawn(
        spec: &SpawnSpec,
        role: &str,
        name: String,
        join_at_exit: bool,
        owner: Option<Arc<dyn Owner>>,
    ) -> std::io::Result<Arc<ChildProc>> {
        let expected = super::transport::expect_child()?;
        let child = Command::new(&spec.exe)
            .args(&spec.args)
            .env(CHILD_ENV, format!("{role}:{name}"))
            .env(super::transport::CONNECT_ENV, &expected.env)
            .stdin(Stdio::null())
            .spawn()?;
        let proc = Arc::new(ChildProc {
            name,
            pid: child.id(),
            join_at_exit,
            conn: Conn::pending(),
            child: Mutex::new(child),
            exitcode: Mutex::new(None),
            exited: WaitCv::new(),
        });
        LIVE.lock().push(proc.clone());
        let me = proc.clone();
        let started = std::thread::Builder::new()
            .name(format!("mp-reader-{}", proc.pid))
            .spawn(move || me.read_until_exit(expected, owner));
        if let Err(e) = started {
            proc.kill();
            return Err(e);
        }
        Ok(proc)
    }

    /// Sends a frame; false when the child is gone (its reader thread reports the exit).
    pub fn send(&self, frame: &[u8]) -> bool {
        self.conn.send(frame).is_ok()
    }

    /// SIGKILL (the reader thread reaps it).
    #[cfg(unix)]
    pub fn kill(&self) {
        let _ = self.child.lock().kill();
    }

    /// TerminateProcess, with the status a terminated child reports (the reader thread
    /// reaps it).
    #[cfg(windows)]
    pub fn kill(&self) {
        use std::os::windows::io::AsRawHandle;
        let child = self.child.lock();
        // SAFETY: the handle is the child's, open while `child` (locked) lives.
        unsafe {
            windows_sys::Win32::System::Threading::TerminateProcess(
                child.as_raw_handle(),
                TERMINATED_STATUS as u32,
            );
        }
    }

    /// The exit code once reaped: the status, or minus the signal that killed it.
    pub fn exitcode(&self) -> Option<i32> {
        *self.exitcode.lock()
    }

    /// Waits (without the GIL: touches no Python object) until reaped or `deadline`.
    pub fn wait_exit(&self, deadline: Option<Instant>, main_thread: bool) -> Wakeup {
        let mut code = self.exitcode.lock();
        sync::wait_until(&mut code, &self.exited, deadline, main_thread, |c| {
            c.is_some()
        })
    }

    /// Whether the child has ended (reaping it if so).
    fn has_exited(&self) -> bool {
        !matches!(self.child.lock().try_wait(), Ok(None))
    }

    fn read_until_exit(
        self: Arc<Self>,
        expected: super::transport::Expected,
        owner: Option<Arc<dyn Owner>>,
    ) {
        let stream = expected.wait(|| self.has_exited());
        match stream.and_then(|s| Some((s.try_clone().ok()?, s))) {
            Some((reader, writer)) => {
                self.conn.attach(writer);
                self.read_frames(reader, &owner);
                self.conn.close();
            }
            None => self.conn.close(),
        }
        let code = self.reap();
        LIVE.lock().retain(|c| !Arc::ptr_eq(c, &self));
        super::queue::forget_waiter(&self);
        if let Some(o) = &owner {
            o.on_exit(&self, code);
        }
    }

    /// Hands what the child sends to its owner, or to `queue.rs`, until the connection
    /// closes (a stream cut mid-frame ends like a closed one: the frames before it were
    /// handled).
    fn read_frames(self: &Arc<Self>, mut reader: TcpStream, owner: &Option<Arc<dyn Owner>>) {
        while let Ok(Some(frame)) = conn::read_frame(&mut reader) {
            match frame[0] {
                conn::QUEUE_PUT | conn::QUEUE_GET => super::queue::serve_request(self, &frame),
                _ => {
                    if let Some(o) = owner {
                        o.on_frame(self, &frame);
                    }
                }
            }
        }
    }

    /// Waits for the child to exit (its connection has closed, so it is exiting or gone).
    fn reap(&self) -> i32 {
        let mut pause = Duration::from_micros(50);
        let code = loop {
            match self.child.lock().try_wait() {
                Ok(Some(status)) => break exit_code(status),
                Ok(None) => {}
                Err(_) => break -1,
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(10));
        };
        *self.exitcode.lock() = Some(code);
        self.exited.notify_all();
        code
    }

    /// How the child ended, in words (for errors about it).
    pub fn describe_exit(&self) -> String {
        match self.exitcode() {
            Some(c) if c < 0 => format!("was killed by signal {}", -c),
            Some(c) => format!("exited with code {c}"),
            None => "stopped answering".to_string(),
        }
    }
}

/// At the interpreter's exit: waits for the non-daemon `Process` children, as CPython does,
/// then kills and reaps every other child (pool workers, daemons).
pub fn at_exit() {
    loop {
        let next = LIVE.lock().iter().find(|c| c.join_at_exit).cloned();
        match next {
            Some(c) => {
                c.wait_exit(None, false);
                // The reader thread removes it; make sure the loop moves on regardless.
                LIVE.lock().retain(|x| !Arc::ptr_eq(x, &c));
            }
            None => break,
        }
    }
    let rest: Vec<Arc<ChildProc>> = LIVE.lock().clone();
    for c in &rest {
        c.kill();
    }
    for c in &rest {
        c.wait_exit(Some(Instant::now() + Duration::from_secs(5)), false);
    }
    super::shared::at_exit();
}

/// An `OSError` for a child that could not be started.
pub fn spawn_error<R: Runtime>(e: std::io::Error) -> PyErr<R> {
    PyErr::new(
        crate::objects::exception::ExcKind::OSError,
        format!("cannot start a child process: {e}"),
    )
}
