//! Threads under the GIL and in the free-threaded runtime (`--no-gil`): a lock-protected counter
//! that must end exact, the lost updates of an unprotected counter at a short switch interval,
//! exceptions in threads, exit with non-daemon and daemon threads, `sys.setswitchinterval`,
//! `time.sleep` releasing the GIL, `random` used from several threads, and `os.fork()` refused
//! while other threads run. (The `8x_*` conformance programs, CPython's output for thread
//! programs, run in both runtimes in `tests/conformance.rs`.)
//!
//! Each program is written to its own temporary directory and run there as `NAME.mp`, so
//! tracebacks name it by that short path. Runs that hang are killed after a timeout.
//!
//! Tests marked `#[ignore]` document interpreter bugs (the reason names the bug); they pass once
//! the bug is fixed: `cargo test --test threads -- --ignored`.

mod common;

use common::Run;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// How long one run may take before it is killed (debug build, two shared cores).
const TIMEOUT: Duration = Duration::from_secs(30);

/// The two runtimes: the default (GIL) and the free-threaded one.
const RUNTIMES: [&[&str]; 2] = [&[], &["--no-gil"]];

/// Runs `minipy ARGS... FILE` with `FILE` in `dir`, killing it after `timeout`.
fn run_file(dir: &Path, file: &str, args: &[&str], timeout: Duration) -> Run {
    let mut argv = args.to_vec();
    argv.push(file);
    common::run_minipy_for(dir, &argv, "", timeout)
}

/// A fresh directory for one program.
fn scratch_dir(name: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "minipy-threads-{}-{}-{name}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    ));
    fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// Writes `source` to `NAME.mp` in a fresh directory and runs it with `args`.
fn run_source(name: &str, source: &str, args: &[&str]) -> Run {
    run_source_with_timeout(name, source, args, TIMEOUT)
}

fn run_source_with_timeout(name: &str, source: &str, args: &[&str], timeout: Duration) -> Run {
    let dir = scratch_dir(name);
    let file = format!("{name}.mp");
    fs::write(dir.join(&file), source).expect("write program");
    let run = run_file(&dir, &file, args, timeout);
    let _ = fs::remove_dir_all(&dir);
    run
}

/// Asserts a clean exit (status 0) and returns stdout.
fn ok_stdout(run: &Run, what: &str) -> String {
    assert_eq!(
        run.code,
        Some(0),
        "{what}: expected exit status 0\nstdout:\n{}\nstderr:\n{}",
        run.stdout,
        run.stderr
    );
    run.stdout.clone()
}

const LOCKED_COUNTER: &str = "\
import threading

counter = 0
lock = threading.Lock()


def increment(n):
    global counter
    for i in range(n):
        with lock:
            counter += 1


threads = [threading.Thread(target=increment, args=(10_000,)) for i in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(counter)
";

#[test]
fn locked_counter_is_exact_in_both_runtimes() {
    for args in RUNTIMES {
        let run = run_source("locked_counter", LOCKED_COUNTER, args);
        assert_eq!(ok_stdout(&run, "locked counter"), "80000\n", "{args:?}");
    }
}

const UNPROTECTED_COUNTER: &str = "\
import threading

counter = 0


def increment(n):
    global counter
    for i in range(n):
        counter += 1


threads = [threading.Thread(target=increment, args=(100_000,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(counter)
";

/// The chapter's race (CPython <= 3.9 behaviour): with a switch every 100 instructions the
/// GIL is handed over between the load and the store of `counter += 1`, and updates are lost.
#[test]
fn unprotected_counter_loses_updates_at_switch_interval_100() {
    let mut results = Vec::new();
    for _ in 0..5 {
        let run = run_source(
            "unprotected_counter",
            UNPROTECTED_COUNTER,
            &["--switch-interval", "100"],
        );
        let out = ok_stdout(&run, "unprotected counter");
        let counter: u64 = out.trim().parse().expect("a number");
        assert!(counter <= 400_000, "more increments than made: {counter}");
        results.push(counter);
        if counter < 400_000 {
            return;
        }
    }
    panic!("no run lost an update at --switch-interval 100: {results:?}");
}

const THREAD_EXCEPTION: &str = "\
import threading


def divide():
    return 1 / 0


print(\"before\")
t = threading.Thread(target=divide, name=\"worker\")
t.start()
t.join()
print(\"after\", t.is_alive())
";

#[test]
fn exception_in_thread_is_reported_and_the_program_goes_on() {
    for args in RUNTIMES {
        let run = run_source("thread_exception", THREAD_EXCEPTION, args);
        assert_eq!(ok_stdout(&run, "thread exception"), "before\nafter False\n");
        let stderr = &run.stderr;
        let start = stderr
            .find("Exception in thread worker:\n")
            .unwrap_or_else(|| panic!("{args:?}: no `Exception in thread worker:`\n{stderr}"));
        let report = &stderr[start..];
        assert!(
            report.contains("Traceback (most recent call last):\n"),
            "{args:?}: no traceback\n{stderr}"
        );
        assert!(
            report.contains("File \"thread_exception.mp\", line 5, in divide\n"),
            "{args:?}: the traceback does not show the failing line\n{stderr}"
        );
        assert_eq!(
            report.lines().last(),
            Some("ZeroDivisionError: division by zero"),
            "{args:?}\n{stderr}"
        );
    }
}

#[test]
fn program_waits_for_non_daemon_threads() {
    let source = "\
import threading
import time


def late():
    time.sleep(0.2)
    print(\"late thread done\")


threading.Thread(target=late).start()
print(\"main done\")
";
    for args in RUNTIMES {
        let run = run_source("non_daemon", source, args);
        assert_eq!(
            ok_stdout(&run, "non-daemon thread"),
            "main done\nlate thread done\n",
            "{args:?}"
        );
        assert!(
            run.elapsed >= Duration::from_millis(200),
            "{args:?}: exited after {:?}, before the thread's sleep ended",
            run.elapsed
        );
    }
}

#[test]
fn daemon_threads_do_not_keep_the_process_alive() {
    let source = "\
import threading
import time


def spin():
    while True:
        pass


threading.Thread(target=time.sleep, args=(1000,), daemon=True).start()
threading.Thread(target=spin, daemon=True).start()
t = threading.Thread(target=time.sleep, args=(1000,))
t.daemon = True
t.start()
print(\"main done\", threading.active_count())
";
    for args in RUNTIMES {
        let run = run_source_with_timeout("daemon", source, args, Duration::from_secs(10));
        assert_ne!(
            run.code, None,
            "{args:?}: killed after 10 s: daemon threads kept it alive"
        );
        assert_eq!(
            ok_stdout(&run, "daemon threads"),
            "main done 4\n",
            "{args:?}"
        );
    }
}

#[test]
fn switch_interval_round_trips_and_rejects_non_positive_values() {
    let source = "\
import sys

print(sys.getswitchinterval())
sys.setswitchinterval(0.001)
print(abs(sys.getswitchinterval() - 0.001) < 0.0001)
sys.setswitchinterval(0.02)
print(abs(sys.getswitchinterval() - 0.02) < 0.001)
for bad in (0, -1, 0.0, -0.5):
    try:
        sys.setswitchinterval(bad)
    except ValueError as e:
        print(\"ValueError:\", e)
print(abs(sys.getswitchinterval() - 0.02) < 0.001)
";
    // CPython 3.11's output.
    let expected = "0.005\nTrue\nTrue\n".to_string()
        + &"ValueError: switch interval must be strictly positive\n".repeat(4)
        + "True\n";
    for args in RUNTIMES {
        let run = run_source("switch_interval", source, args);
        assert_eq!(ok_stdout(&run, "switch interval"), expected, "{args:?}");
    }
}

#[test]
fn switch_interval_type_error_message() {
    let source = "\
import sys
try:
    sys.setswitchinterval(\"x\")
except TypeError as e:
    print(e)
";
    let run = run_source("switch_interval_type", source, &[]);
    assert_eq!(
        ok_stdout(&run, "type error"),
        "must be real number, not str\n"
    );
}

#[test]
fn sleep_releases_the_gil() {
    let source = "\
import threading
import time

start = time.perf_counter()
threads = [threading.Thread(target=time.sleep, args=(0.3,)) for i in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.perf_counter() - start
print(elapsed >= 0.29, elapsed < 0.55, round(elapsed, 2))
";
    for args in RUNTIMES {
        let run = run_source("sleep_gil", source, args);
        let out = ok_stdout(&run, "sleeping threads");
        assert!(
            out.starts_with("True True "),
            "{args:?}: two threads sleeping 0.3 s each should take about 0.3 s in all \
             (>= 0.29, < 0.55); got `elapsed >= 0.29, elapsed < 0.55, seconds` = {out}"
        );
    }
}

#[test]
fn random_from_several_threads() {
    let source = "\
import random
import threading

sums = []


def draw():
    total = 0.0
    for i in range(10_000):
        x = random.random()
        if not 0.0 <= x < 1.0:
            raise ValueError(x)
        total += x
    sums.append(total)


threads = [threading.Thread(target=draw) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(sums), all(4000 < s < 6000 for s in sums))
";
    for args in RUNTIMES {
        let run = run_source("random_threads", source, args);
        assert_eq!(run.stderr, "", "{args:?}");
        assert_eq!(ok_stdout(&run, "random in threads"), "4 True\n", "{args:?}");
    }
}

/// Runs `source` in both runtimes and compares stdout with CPython 3.11's `expected`.
fn assert_cpython_output(name: &str, source: &str, expected: &str) {
    for args in RUNTIMES {
        let run = run_source(name, source, args);
        assert_eq!(ok_stdout(&run, name), expected, "{args:?}");
    }
}

#[test]
fn thread_repr() {
    assert_cpython_output(
        "thread_repr",
        "import threading\n\
         print(repr(threading.Thread(name='w')))\n\
         print(repr(threading.Thread(name='d', daemon=True)))\n",
        "<Thread(w, initial)>\n<Thread(d, initial daemon)>\n",
    );
}

#[test]
fn main_thread_uses_no_thread_number() {
    assert_cpython_output(
        "main_thread_number",
        "import threading\n\
         print(threading.current_thread().name)\n\
         print(threading.Thread(target=print).name)\n",
        "MainThread\nThread-1 (print)\n",
    );
}

#[test]
fn join_main_thread_from_itself() {
    assert_cpython_output(
        "join_main",
        "import threading\n\
         try:\n    threading.current_thread().join()\n\
         except RuntimeError as e:\n    print(e)\n",
        "cannot join current thread\n",
    );
}

#[test]
fn negative_lock_timeout_message() {
    assert_cpython_output(
        "negative_timeout",
        "import threading\n\
         try:\n    threading.Lock().acquire(timeout=-5)\n\
         except ValueError as e:\n    print(e)\n",
        "timeout value must be positive\n",
    );
}

#[test]
fn finished_thread_drops_its_arguments() {
    assert_cpython_output(
        "thread_args_refcount",
        "import sys\nimport threading\n\
         x = []\n\
         t = threading.Thread(target=len, args=(x,))\n\
         print(sys.getrefcount(x))\n\
         t.start()\n\
         t.join()\n\
         print(sys.getrefcount(x))\n",
        "3\n2\n",
    );
}

#[test]
fn finished_thread_holds_nothing_once_joined() {
    assert_cpython_output(
        "lingering_references",
        "import sys\nimport threading\n\
         x = []\n\
         bad = 0\n\
         for i in range(300):\n    \
             t = threading.Thread(target=len, args=(x,))\n    \
             t.start()\n    \
             t.join()\n    \
             del t\n    \
             if sys.getrefcount(x) != 2:\n        \
                 bad += 1\n\
         print('runs with a lingering reference:', bad)\n",
        "runs with a lingering reference: 0\n",
    );
}

/// Under `--virtual-time`, timeouts pass on the virtual clock: a timed lock acquire, a timed
/// Event wait and a timed join end when the virtual clock says so, at once in real time.
#[test]
fn timeouts_read_the_virtual_clock() {
    let source = "import threading, time\n\
                  lock = threading.Lock()\n\
                  ev = threading.Event()\n\
                  def holder():\n    with lock:\n        time.sleep(10)\n\
                  t = threading.Thread(target=holder)\n\
                  t.start()\n\
                  start = time.monotonic()\n\
                  print('acquire:', lock.acquire(timeout=3), round(time.monotonic() - start, 2))\n\
                  print('event:', ev.wait(2), round(time.monotonic() - start, 2))\n\
                  t.join(timeout=1)\n\
                  print('alive after join(1):', t.is_alive(), round(time.monotonic() - start, 2))\n\
                  t.join()\n\
                  print('joined', round(time.monotonic() - start, 2))\n";
    let started = std::time::Instant::now();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_minipy"))
        .args(["--virtual-time", "-c", source])
        .output()
        .expect("minipy runs");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "acquire: False 3.0\nevent: False 5.0\nalive after join(1): True 6.0\njoined 10.0\n"
    );
    assert!(
        started.elapsed() < common::scaled(std::time::Duration::from_secs(5)),
        "virtual waits took real time"
    );
}

const FORK_WITH_THREADS: &str = "\
import os
import threading

started = threading.Event()
release = threading.Event()


def wait():
    started.set()
    release.wait()


t = threading.Thread(target=wait)
t.start()
started.wait()
try:
    os.fork()
except RuntimeError as error:
    print('refused:', error)
release.set()
t.join()
pid = os.fork()
if pid == 0:
    os._exit(4)
print('child status', os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
";

/// `os.fork()` copies only the calling thread: while another thread runs, its registry
/// entry, its locks and a GIL hand-over it asked for would be left in the child with no
/// thread to finish them, so fork is refused then; once the thread has ended it forks.
#[test]
fn fork_is_refused_while_other_threads_run() {
    for args in RUNTIMES {
        let run = run_source("fork_with_threads", FORK_WITH_THREADS, args);
        assert_eq!(
            ok_stdout(&run, "fork with threads"),
            "refused: os.fork() is not supported while other threads are running: minipy can copy only a process with one thread\nchild status 4\n",
            "{args:?}"
        );
    }
}
