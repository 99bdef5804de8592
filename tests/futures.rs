//! `concurrent.futures` and the additions to `threading`/`_thread` under minipy's own options:
//! a ThreadPoolExecutor program is reproducible under `--virtual-time --seed N`, a deadlock
//! between two pool workers is still reported (exit 3), an idle pool neither hangs the exit nor
//! looks like a deadlock, work left in a pool runs before the exit, and the stderr reports of
//! `threading.excepthook` and `_thread` threads. (CPython's output for the same modules is
//! checked by the `18x_*` conformance programs.)

mod common;

use common::{run_minipy, Run};

/// Writes `source` as `prog.mp` in a fresh directory and runs `minipy ARGS... prog.mp`.
fn run(test: &str, args: &[&str], source: &str) -> Run {
    let dir = common::scratch("futures", test);
    std::fs::write(dir.join("prog.mp"), source).expect("write program");
    let mut argv = args.to_vec();
    argv.push("prog.mp");
    run_minipy(&dir, &argv, "")
}

/// Workers that sleep different virtual times and race on a counter: the completion order and
/// the final count depend on the schedule, so only a seeded run gives the same output twice.
const RACY_POOL: &str = r#"
import concurrent.futures as cf
import time, random
counter = 0
def work(i):
    global counter
    for _ in range(50):
        c = counter
        time.sleep(random.random() / 100)
        counter = c + 1
    time.sleep(i * 0.25)
    return i
start = time.monotonic()
with cf.ThreadPoolExecutor(max_workers=3) as ex:
    fs = [ex.submit(work, i) for i in range(6)]
    print([f.result() for f in cf.as_completed(fs)])
    print(list(ex.map(abs, [-1, -2, 3])))
print("counter", counter)
print("elapsed %.2f" % (time.monotonic() - start))
"#;

#[test]
fn a_pool_under_virtual_time_and_a_seed_runs_the_same_twice() {
    let args = ["--virtual-time", "--seed", "1"];
    let first = run("seeded_1", &args, RACY_POOL);
    let second = run("seeded_2", &args, RACY_POOL);
    assert_eq!(first.code, Some(0), "stderr: {}", first.stderr);
    assert!(first.stdout.contains("counter "), "{}", first.stdout);
    assert_eq!(first.stdout, second.stdout);
    // The sleeps took virtual time only: at least the longest worker's last sleep (1.25 s).
    let elapsed: f64 = first
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("elapsed "))
        .and_then(|t| t.parse().ok())
        .expect("an elapsed line");
    assert!(elapsed >= 1.25, "{}", first.stdout);
    assert!(first.elapsed.as_secs_f64() < 20.0);
}

#[test]
fn a_deadlock_between_two_pool_workers_is_reported() {
    let source = r#"
import concurrent.futures as cf, threading, time
a = threading.Lock()
b = threading.Lock()
def one():
    with a:
        time.sleep(0.1)
        with b:
            return 1
def two():
    with b:
        time.sleep(0.1)
        with a:
            return 2
with cf.ThreadPoolExecutor(2) as ex:
    f1 = ex.submit(one)
    f2 = ex.submit(two)
    print(f1.result(), f2.result())
"#;
    for args in [
        &[][..],
        &["--virtual-time", "--seed", "1"][..],
        &["--no-gil"][..],
    ] {
        let r = run("deadlock", args, source);
        assert_eq!(r.code, Some(3), "{args:?} stderr: {}", r.stderr);
        assert!(r.stderr.contains("Deadlock"), "{}", r.stderr);
        assert!(
            r.stderr.contains("\"ThreadPoolExecutor-0_0\""),
            "{}",
            r.stderr
        );
        assert!(
            r.stderr.contains("\"ThreadPoolExecutor-0_1\""),
            "{}",
            r.stderr
        );
        assert_eq!(r.stdout, "");
    }
}

#[test]
fn an_idle_pool_lets_the_program_exit_and_pending_work_runs_first() {
    let source = r#"
import concurrent.futures as cf, time
ex = cf.ThreadPoolExecutor(2)
print(ex.submit(pow, 2, 8).result())
def late(tag):
    time.sleep(0.2)
    print("late work", tag)
ex.submit(late, "a")
ex.submit(late, "b")
ex.submit(late, "c")
idle = cf.ThreadPoolExecutor(3)
idle.submit(print, "idle pool used once").result()
print("main done")
"#;
    for args in [
        &[][..],
        &["--virtual-time", "--seed", "3"][..],
        &["--no-gil"][..],
    ] {
        let r = run("idle_exit", args, source);
        assert_eq!(r.code, Some(0), "{args:?} stderr: {}", r.stderr);
        assert_eq!(r.stderr, "");
        let mut lines: Vec<&str> = r.stdout.lines().collect();
        assert_eq!(lines[..3], ["256", "idle pool used once", "main done"]);
        lines.drain(..3);
        lines.sort_unstable();
        assert_eq!(lines, ["late work a", "late work b", "late work c"]);
    }
}

#[test]
fn thread_exceptions_go_through_excepthook_and_thread_reports() {
    let source = r#"
import threading, _thread, time
def fail():
    raise ValueError("from thread")
t = threading.Thread(target=fail, name="Worker")
t.start(); t.join()
done = _thread.allocate_lock()
done.acquire()
def low():
    done.release()
    raise KeyError("low")
_thread.start_new_thread(low, ())
done.acquire()
time.sleep(0.1)
threading.excepthook = lambda args: print("hook:", args.exc_type.__name__, args.thread.name)
t = threading.Thread(target=fail, name="Hooked")
t.start(); t.join()
"#;
    let r = run("excepthook", &[], source);
    assert_eq!(r.code, Some(0), "stderr: {}", r.stderr);
    assert_eq!(r.stdout, "hook: ValueError Hooked\n");
    assert!(
        r.stderr.starts_with(
            "Exception in thread Worker:\nTraceback (most recent call last):\n  File \"prog.mp\", line 4, in fail\n"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("ValueError: from thread\n"));
    assert!(r
        .stderr
        .contains("Exception ignored in thread started by: <function low at 0x"));
    assert!(r.stderr.ends_with("KeyError: 'low'\n"), "{}", r.stderr);
}

#[test]
fn thread_module_threads_and_locks_are_seen_by_the_deadlock_detector() {
    let source = r#"
import _thread, time
a = _thread.allocate_lock()
b = _thread.allocate_lock()
def grab(first, second):
    with first:
        time.sleep(0.1)
        with second:
            pass
_thread.start_new_thread(grab, (a, b))
_thread.start_new_thread(grab, (b, a))
time.sleep(0.05)
with a:
    pass
"#;
    let r = run("thread_deadlock", &[], source);
    assert_eq!(r.code, Some(3), "stderr: {}", r.stderr);
    assert!(r.stderr.contains("\"Dummy-1\""), "{}", r.stderr);
    assert!(r.stderr.contains("\"Dummy-2\""), "{}", r.stderr);
}

#[test]
fn interrupt_main_raises_keyboard_interrupt_in_the_main_thread() {
    let source = r#"
import _thread, threading, time
threading.Timer(0.05, _thread.interrupt_main).start()
try:
    time.sleep(5)
    print("slept through")
except KeyboardInterrupt:
    print("KeyboardInterrupt")
"#;
    for args in [&[][..], &["--virtual-time"][..]] {
        let r = run("interrupt_main", args, source);
        assert_eq!(r.code, Some(0), "{args:?} stderr: {}", r.stderr);
        assert_eq!(r.stdout, "KeyboardInterrupt\n", "{args:?}");
    }
}

#[test]
fn a_timer_and_thread_local_under_virtual_time() {
    let source = r#"
import threading, time
data = threading.local()
data.v = "main"
out = []
def tick(n):
    data.v = n
    out.append((n, data.v, round(time.monotonic() - start, 2)))
start = time.monotonic()
timers = [threading.Timer(i * 10, tick, (i,)) for i in range(1, 4)]
for t in timers:
    t.start()
timers[1].cancel()
for t in timers:
    t.join()
print(out, data.v)
"#;
    let r = run("timer_virtual", &["--virtual-time", "--seed", "2"], source);
    assert_eq!(r.code, Some(0), "stderr: {}", r.stderr);
    assert_eq!(r.stdout, "[(1, 1, 10.0), (3, 3, 30.0)] main\n");
    assert!(r.elapsed.as_secs() < 10);
}

/// The `18x` conformance programs (CPython's output) also hold under a seeded virtual clock,
/// where every timeout passes in virtual time.
#[test]
fn the_conformance_programs_give_cpythons_output_under_virtual_time() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    for name in [
        "180_threading_timer_local",
        "181_thread_excepthook_errors",
        "182_futures_pool",
        "183_futures_wait",
        "184_futures_process_pool",
        "185_futures_broken_pool",
    ] {
        let expected = std::fs::read_to_string(dir.join(format!("{name}.out"))).expect(name);
        for seed in ["1", "2"] {
            let file = format!("{name}.mp");
            let r = run_minipy(&dir, &["--virtual-time", "--seed", seed, &file], "");
            assert_eq!(r.code, Some(0), "{name} seed {seed}: {}", r.stderr);
            assert_eq!(r.stdout, expected, "{name} seed {seed}");
        }
    }
}
