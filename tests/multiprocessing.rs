//! `multiprocessing` with child minipy processes: pools, processes and queues across real
//! processes, the spawn semantics (the re-run of the script as `__mp_main__`, CPython's
//! RuntimeError for a script without the `if __name__ == "__main__":` guard), and the faults:
//! an exception in a worker, a worker that exits or is killed, a pipe cut after some results,
//! and no child left behind by `terminate()`, by the parent's exit or by the parent's death.
//! Each program runs under both runtimes where it matters.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one run may take before the test fails as a hang.
const TIMEOUT: Duration = Duration::from_secs(60);

struct Run {
    stdout: String,
    stderr: String,
    code: Option<i32>,
}

/// A program written to a fresh directory, removed when dropped.
struct Program(PathBuf);

impl std::ops::Deref for Program {
    type Target = PathBuf;
    fn deref(&self) -> &PathBuf {
        &self.0
    }
}

impl Drop for Program {
    fn drop(&mut self) {
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Writes `source` to a fresh directory as `NAME.mp`.
fn program(name: &str, source: &str) -> Program {
    let dir = std::env::temp_dir().join(format!("minipy-mp-{}-{name}", unique()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{name}.mp"));
    std::fs::write(&path, source).expect("write program");
    Program(path)
}

fn minipy(flags: &[&str], path: &Program, args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_minipy"))
        .args(flags)
        .arg(&path.0)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start minipy");
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{} did not finish within {TIMEOUT:?}", path.display());
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        stdout: out_reader.join().expect("stdout reader"),
        stderr: err_reader.join().expect("stderr reader"),
        code: status.code(),
    }
}

/// Runs under the GIL and under --no-gil; both must succeed with `expected` on stdout.
fn both_runtimes(name: &str, source: &str, expected: &str) {
    let path = program(name, source);
    for flags in [&[][..], &["--no-gil"][..]] {
        let run = minipy(flags, &path, &[]);
        assert_eq!(
            run.stdout, expected,
            "{name} {flags:?}: stderr:\n{}",
            run.stderr
        );
        assert_eq!(
            run.code,
            Some(0),
            "{name} {flags:?}: stderr:\n{}",
            run.stderr
        );
    }
}

/// The processes whose command line contains `marker`.
fn processes_with(marker: &str) -> Vec<String> {
    let out = Command::new("pgrep")
        .args(["-f", marker])
        .output()
        .expect("pgrep");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

fn wait_until_none(marker: &str) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let left = processes_with(marker);
        if left.is_empty() || Instant::now() > deadline {
            return left;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A string no other run of these tests uses.
fn unique() -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("{}-{n}-{nanos}", std::process::id())
}

fn unique_marker(tag: &str) -> String {
    format!("mp-marker-{tag}-{}", unique())
}

#[test]
fn pool_runs_tasks_in_children_and_keeps_order() {
    both_runtimes(
        "pool_basics",
        r#"
from multiprocessing import Pool, current_process
def square(x):
    return x * x
def add(a, b=10):
    return a + b
def who(_):
    return current_process().name.startswith("SpawnPoolWorker-"), current_process().pid
state = {"v": 0}
def setup(n):
    state["v"] = n
def read(_):
    return state["v"]
if __name__ == "__main__":
    with Pool(2) as p:
        print(p.apply(square, (12,)), p.apply(add, (1,), {"b": 5}))
        r = p.apply_async(add, args=(2,))
        r.wait(10)
        print(r.ready(), r.successful(), r.get(timeout=10))
        print(p.map(square, range(20)) == [x * x for x in range(20)])
        print(p.starmap(add, [(1, 2), (3, 4), (5, 6)]))
        names = p.map(who, range(8), chunksize=1)
        print(all(n for n, _ in names), current_process().pid not in [pid for _, pid in names])
    with Pool(2, initializer=setup, initargs=(42,)) as p:
        print(p.map(read, range(4)), list(p.imap(read, [0])), state["v"])
    print(current_process().name)
"#,
        "144 6\nTrue True 12\nTrue\n[3, 7, 11]\nTrue True\n[42, 42, 42, 42] [42] 0\nMainProcess\n",
    );
}

#[test]
fn values_of_every_kind_cross_and_others_are_refused_in_the_sender() {
    both_runtimes(
        "values",
        r#"
from multiprocessing import Pool
def echo(x):
    return x
class Point:
    pass
if __name__ == "__main__":
    values = [None, True, 0, -1, 2**64, -(3**90), 0.25, "\u00e9\u2713", b"\x00", [1, [2, []]],
              (1,), {"k": {1: (2, 3)}}, {4, 5}, frozenset({6}), echo, abs, Point, KeyError]
    with Pool(1) as p:
        back = p.apply(echo, (values,))
        print(back == values, back[14] is echo, back[16] is Point)
        print(type(p.apply(echo, (Point(),))).__name__)
        for bad in [iter([]), lambda: 1]:
            r = p.apply_async(echo, (bad,))
            try:
                r.get()
            except Exception as e:
                print(type(e).__name__, str(e).split(" at 0x")[0])
        print(type(p.apply(Point)).__name__)
"#,
        "True True True\n\
         Point\n\
         TypeError cannot pickle 'list_iterator' object\n\
         PicklingError Can't pickle <function <lambda>\n\
         Point\n",
    );
}

#[test]
fn an_exception_in_a_worker_is_raised_by_get_with_the_remote_traceback() {
    let path = program(
        "remote_error",
        r#"
from multiprocessing import Pool
class Oops(Exception):
    pass
def inner(x):
    return 10 // x
def outer(x):
    return inner(x)
def custom():
    raise Oops("mine", 3)
if __name__ == "__main__":
    with Pool(1) as p:
        try:
            p.apply(custom)
        except Oops as e:
            print("same class:", e.args, type(e.__cause__).__name__)
        p.apply(outer, (0,))
"#,
    );
    let run = minipy(&[], &path, &[]);
    assert_eq!(run.code, Some(1), "stderr:\n{}", run.stderr);
    assert_eq!(run.stdout, "same class: ('mine', 3) RemoteTraceback\n");
    let err = &run.stderr;
    for piece in [
        "multiprocessing.pool.RemoteTraceback: \n\"\"\"\nTraceback (most recent call last):\n",
        ", line 8, in outer\n    return inner(x)\n",
        ", line 6, in inner\n    return 10 // x\n           ~~~^^~~\nZeroDivisionError: integer division or modulo by zero\n\"\"\"\n",
        "The above exception was the direct cause of the following exception:",
        ", line 17, in <module>\n    p.apply(outer, (0,))\n",
    ] {
        assert!(err.contains(piece), "missing {piece:?} in:\n{err}");
    }
    assert!(
        err.ends_with("ZeroDivisionError: integer division or modulo by zero\n"),
        "{err}"
    );
}

#[test]
fn a_script_without_the_main_guard_gets_cpythons_runtime_error_not_endless_spawning() {
    let marker = unique_marker("unguarded");
    let path = program(
        "unguarded",
        r#"
from multiprocessing import Pool, Process
def square(x):
    return x * x
print("module level")
p = Pool(2)
print(p.map(square, [1, 2, 3]))
"#,
    );
    let run = minipy(&[], &path, &[&marker]);
    assert_eq!(run.code, Some(1), "stderr:\n{}", run.stderr);
    assert!(run.stdout.starts_with("module level\n"), "{}", run.stdout);
    assert!(
        run.stderr.contains("An attempt has been made to start a new process before the\n        current process has finished its bootstrapping phase."),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with(
            "section in https://docs.python.org/3/library/multiprocessing.html\n        \n"
        ),
        "{}",
        run.stderr
    );
    assert!(wait_until_none(&marker).is_empty(), "children left behind");

    // The same with a Process: the child reports the error and exits 1.
    let path = program(
        "unguarded_process",
        "from multiprocessing import Process\np = Process(target=print, args=('hi',))\np.start()\np.join()\nprint('exitcode', p.exitcode)\n",
    );
    let run = minipy(&[], &path, &[]);
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    assert_eq!(run.stdout, "exitcode 1\n");
    assert!(run.stderr.contains("bootstrapping phase"), "{}", run.stderr);
}

#[test]
fn a_worker_that_exits_fails_its_task_and_earlier_results_survive() {
    both_runtimes(
        "worker_exit",
        r#"
import sys, time
from multiprocessing import Pool, ProcessError
def square(x):
    return x * x
def leave(code):
    sys.exit(code)
if __name__ == "__main__":
    with Pool(1) as p:
        a = p.apply_async(square, (3,))
        b = p.apply_async(square, (4,))
        c = p.apply_async(leave, (3,))
        d = p.apply_async(square, (5,))
        time.sleep(0.3)
        # a and b were sent back before the worker's pipe broke: nothing is lost.
        print(a.get(10), b.get(10))
        try:
            c.get(10)
        except ProcessError as e:
            print("ProcessError:", str(e).split("(")[0], str(e).split(")")[-1])
        # The pool replaced the worker.
        print(d.get(10), p.apply(square, (6,)))
"#,
        "9 16\nProcessError: the worker process running this task   exited with code 3\n25 36\n",
    );
}

#[test]
fn a_worker_killed_with_sigkill_makes_get_fail_clearly() {
    let path = program(
        "killed",
        r#"
import sys, time
from multiprocessing import Pool, ProcessError, current_process
def pid(_):
    return current_process().pid
def hang(_):
    time.sleep(60)
if __name__ == "__main__":
    with Pool(1) as p:
        print(p.apply(pid, (0,)))
        sys.stdout.flush()
        r = p.apply_async(hang, (0,))
        try:
            r.get(50)
        except ProcessError as e:
            print("ProcessError:", str(e).split(")")[-1])
        print(p.apply(pid, (0,)) > 0)
"#,
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_minipy"))
        .arg(&path.0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start minipy");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    out.read_line(&mut first).expect("the worker's pid");
    let worker: u32 = first.trim().parse().expect("a pid");
    std::thread::sleep(Duration::from_millis(200));
    let killed = Command::new("kill")
        .args(["-9", &worker.to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let mut rest = String::new();
    out.read_to_string(&mut rest).expect("rest of stdout");
    let status = child.wait().expect("wait");
    assert_eq!(rest, "ProcessError:  was killed by signal 9\nTrue\n");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn processes_and_a_queue_between_them() {
    both_runtimes(
        "process_queue",
        r#"
import sys, time
from multiprocessing import Process, Queue, current_process
def produce(q, n):
    for i in range(n):
        q.put((current_process().name, i))
def relay(inbox, outbox):
    while True:
        item = inbox.get()
        if item is None:
            break
        outbox.put(item * 10)
def fail():
    raise KeyError("k")
def leave():
    sys.exit(4)
def nap():
    time.sleep(30)
if __name__ == "__main__":
    q = Queue()
    ps = [Process(target=produce, args=(q, 3), name=f"producer-{i}") for i in range(2)]
    for p in ps:
        p.start()
    got = sorted(q.get(timeout=20) for _ in range(6))
    for p in ps:
        p.join()
    print(got)
    inbox, outbox = Queue(), Queue()
    r = Process(target=relay, args=(inbox, outbox))
    r.start()
    for x in [1, 2, 3, None]:
        inbox.put(x)
    print([outbox.get(timeout=20) for _ in range(3)])
    r.join(20)
    print(r.exitcode, r.is_alive())
    for target in [fail, leave]:
        p = Process(target=target)
        p.start()
        p.join()
        print(target.__name__, p.exitcode)
    p = Process(target=nap, daemon=True)
    p.start()
    p.join(0.1)
    print(p.is_alive(), p.exitcode)
    p.terminate()
    p.join()
    print(p.is_alive(), p.exitcode)
    try:
        q.get(timeout=0.05)
    except Exception as e:
        print(type(e).__name__)
"#,
        "[('producer-0', 0), ('producer-0', 1), ('producer-0', 2), ('producer-1', 0), ('producer-1', 1), ('producer-1', 2)]\n\
         [10, 20, 30]\n0 False\nfail 1\nleave 4\nTrue None\nFalse -15\nEmpty\n",
    );
}

#[test]
fn terminate_and_the_parents_exit_leave_no_child_behind() {
    let marker = unique_marker("exit");
    let path = program(
        "no_orphans",
        r#"
import sys, time
from multiprocessing import Pool, Process
def nap(s):
    time.sleep(s)
if __name__ == "__main__":
    a = Pool(2)
    a.apply_async(nap, (60,))
    a.terminate()
    b = Pool(2)
    b.apply_async(nap, (60,))
    d = Process(target=nap, args=(60,), daemon=True)
    d.start()
    time.sleep(0.3)
    print("leaving with children running")
"#,
    );
    let run = minipy(&[], &path, &[&marker]);
    assert_eq!(
        run.stdout, "leaving with children running\n",
        "{}",
        run.stderr
    );
    assert_eq!(run.code, Some(0));
    assert!(
        processes_with(&marker).is_empty(),
        "children outlived their parent"
    );
}

#[test]
fn children_exit_when_their_parent_is_killed() {
    let marker = unique_marker("killed-parent");
    let path = program(
        "parent_killed",
        r#"
import sys, time
from multiprocessing import Pool
def nap(s):
    time.sleep(s)
if __name__ == "__main__":
    p = Pool(2)
    p.apply_async(nap, (60,))
    time.sleep(0.5)
    print("ready")
    sys.stdout.flush()
    time.sleep(60)
"#,
    );
    let mut parent = Command::new(env!("CARGO_BIN_EXE_minipy"))
        .arg(&path.0)
        .arg(&marker)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start minipy");
    let mut out = BufReader::new(parent.stdout.take().expect("stdout"));
    let mut line = String::new();
    out.read_line(&mut line).expect("ready");
    assert_eq!(line, "ready\n");
    assert_eq!(processes_with(&marker).len(), 3, "parent and two workers");
    parent.kill().expect("kill the parent");
    parent.wait().expect("reap the parent");
    assert!(
        wait_until_none(&marker).is_empty(),
        "workers outlived a killed parent"
    );
}

#[test]
fn pool_states_give_cpythons_errors() {
    both_runtimes(
        "pool_states",
        r#"
from multiprocessing import Pool, TimeoutError
import time
def nap(s):
    time.sleep(s)
    return s
if __name__ == "__main__":
    p = Pool(1)
    try:
        p.join()
    except ValueError as e:
        print(e)
    r = p.apply_async(nap, (0.5,))
    try:
        r.get(timeout=0.01)
    except TimeoutError as e:
        print("TimeoutError", type(e).__module__)
    try:
        r.successful()
    except ValueError as e:
        print(str(e).endswith("not ready"))
    p.close()
    try:
        p.map(nap, [0])
    except ValueError as e:
        print(e)
    p.join()
    print(r.get())
    try:
        Pool(0)
    except ValueError as e:
        print(e)
"#,
        "Pool is still running\nTimeoutError multiprocessing.context\nTrue\nPool not running\n0.5\nNumber of processes must be at least 1\n",
    );
}

#[path = "multiprocessing/shared_state.rs"]
mod shared_state;
