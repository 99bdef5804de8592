//! What the integration tests share: running the minipy binary with arguments, a working
//! directory and standard input, under a timeout, and fresh scratch directories.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one run may take before the test fails as a hang.
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// What a finished run of minipy left behind.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    /// `None` when it was killed (after a timeout, or by a signal).
    pub code: Option<i32>,
    pub elapsed: Duration,
}

/// Runs minipy with `args` in `dir`, feeding it `stdin` (then end of input), with `HOME` set to
/// `dir` so that REPL history stays there. Fails the test after [`TIMEOUT`] or on a panic
/// message from the interpreter.
pub fn run_minipy(dir: &Path, args: &[&str], stdin: impl AsRef<[u8]>) -> Run {
    let run = run_minipy_for(dir, args, stdin, TIMEOUT);
    assert!(
        run.elapsed < TIMEOUT,
        "minipy {args:?} did not finish within {TIMEOUT:?}"
    );
    assert!(
        !run.stderr.contains("panicked"),
        "minipy {args:?} panicked:\n{}",
        run.stderr
    );
    run
}

/// Like [`run_minipy`], but a run still going after `timeout` is killed and returned (with no
/// exit code) instead of failing the test: for programs that are meant to hang.
/// `timeout` times `MINIPY_TEST_TIME_SCALE` (default 1): an instrumented build, such as the
/// ThreadSanitizer one of `tests/tsan.sh`, runs many times slower than the plain one, and a
/// program that is merely slow there must not count as hung.
pub fn scaled(timeout: Duration) -> Duration {
    let scale = std::env::var("MINIPY_TEST_TIME_SCALE")
        .ok()
        .and_then(|s| s.parse::<u32>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(1);
    timeout * scale
}

pub fn run_minipy_for(
    dir: &Path,
    args: &[&str],
    stdin: impl AsRef<[u8]>,
    timeout: Duration,
) -> Run {
    run_minipy_env(dir, args, stdin, timeout, &[])
}

/// As [`run_minipy_for`], with these variables added to the environment.
pub fn run_minipy_env(
    dir: &Path,
    args: &[&str],
    stdin: impl AsRef<[u8]>,
    timeout: Duration,
    env: &[(&str, &str)],
) -> Run {
    let timeout = scaled(timeout);
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_minipy"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        // Expected tracebacks are CPython's under `-X no_debug_ranges` unless a test asks
        // for the markers (by setting the variable empty).
        .env("PYTHONNODEBUGRANGES", "1")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start minipy");
    let mut stdin_pipe = child.stdin.take().expect("stdin pipe");
    let input = stdin.as_ref().to_vec();
    let writer = std::thread::spawn(move || {
        // The program may exit without reading its input; a broken pipe here is fine.
        // Dropping the pipe is the end of input (Ctrl-D for the REPL).
        let _ = stdin_pipe.write_all(&input);
    });
    let stdout_reader = read_all(child.stdout.take().expect("stdout pipe"));
    let stderr_reader = read_all(child.stderr.take().expect("stderr pipe"));
    let code = loop {
        if let Some(status) = child.try_wait().expect("wait for minipy") {
            break status.code();
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = started.elapsed();
    let _ = writer.join();
    Run {
        stdout: String::from_utf8_lossy(&stdout_reader.join().expect("stdout reader")).into_owned(),
        stderr: String::from_utf8_lossy(&stderr_reader.join().expect("stderr reader")).into_owned(),
        code,
        elapsed,
    }
}

fn read_all(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}

/// A fresh, empty directory for one test: `<target tmp>/<group>/<test>`.
pub fn scratch(group: &str, test: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(group)
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch directory");
    dir
}

/// Runs `source` as `NAME.mp` in a fresh scratch directory (`minipy ARGS... NAME.mp`),
/// killing it after `timeout`; the directory is removed afterwards. `group` keeps the
/// directories of different test files apart.
#[allow(dead_code)]
pub fn run_source_file(
    group: &str,
    name: &str,
    source: &str,
    args: &[&str],
    timeout: Duration,
) -> Run {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "minipy-{group}-{}-{}-{name}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    let file = format!("{name}.mp");
    std::fs::write(dir.join(&file), source).expect("write program");
    let mut argv = args.to_vec();
    argv.push(&file);
    let run = run_minipy_for(&dir, &argv, "", timeout);
    let _ = std::fs::remove_dir_all(&dir);
    run
}
