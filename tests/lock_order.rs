//! `--lock-order`: a cycle in the order in which threads take locks is reported on stderr as
//! soon as it forms, even when the run never deadlocked (the threads may never even have run at
//! the same time), naming each lock as the program does, the lines where each order was made
//! and the threads. Consistent orders and RLock re-entry are never reported; the exit status
//! is the program's own.
//!
//! Every case runs in both runtimes: the default (GIL) and `--no-gil`.

mod common;

use common::{run_minipy, scratch, Run};
use std::fs;

const RUNTIMES: [&[&str]; 2] = [&[], &["--no-gil"]];

const WARNING: &str = "Potential deadlock (--lock-order):";

/// Runs `source` as `NAME.mp` with `args` (then the file) in a fresh directory.
fn run(test: &str, name: &str, source: &str, args: &[&str]) -> Run {
    let dir = scratch("lock_order", test);
    let file = format!("{name}.mp");
    fs::write(dir.join(&file), source).expect("write program");
    let mut argv = args.to_vec();
    argv.push(&file);
    run_minipy(&dir, &argv, "")
}

/// `NAME.mp:LINE` of the `nth` (from 0) line of `source` whose stripped text is `text`.
fn place(name: &str, source: &str, text: &str, nth: usize) -> String {
    let line = source
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == text)
        .nth(nth)
        .map(|(i, _)| i + 1)
        .unwrap_or_else(|| panic!("test bug: no line #{nth} `{text}` in {name}.mp"));
    format!("{name}.mp:{line}")
}

/// Two threads take two locks in opposite orders, but the first has finished before the second
/// starts: the program can never deadlock as written, yet the same code run at other times can.
const NEVER_OVERLAP: &str = "\
import threading

lock_a = threading.Lock()
lock_b = threading.Lock()

def forward():
    with lock_a:
        with lock_b:
            pass

def backward():
    lock_b.acquire()
    lock_a.acquire()
    lock_a.release()
    lock_b.release()

first = threading.Thread(target=forward, name='first')
first.start()
first.join()
second = threading.Thread(target=backward, name='second')
second.start()
second.join()
print('done')
";

#[test]
fn an_inversion_between_threads_that_never_overlapped_is_reported() {
    for rt in RUNTIMES {
        let args = [rt, &["--lock-order"]].concat();
        let r = run("never_overlap", "inversion", NEVER_OVERLAP, &args);
        assert_eq!(r.code, Some(0), "{rt:?}: {}", r.stderr);
        assert_eq!(r.stdout, "done\n", "{rt:?}");
        assert_eq!(
            r.stderr.matches(WARNING).count(),
            1,
            "{rt:?}:\n{}",
            r.stderr
        );
        assert!(
            r.stderr.contains(
                "Lock 'lock_a' and Lock 'lock_b' are taken in opposite orders, so these threads \
                 can wait for each other forever"
            ),
            "{rt:?}:\n{}",
            r.stderr
        );
        let src = NEVER_OVERLAP;
        let expected = format!(
            "  Thread \"first\" asked for Lock 'lock_b' while holding Lock 'lock_a'\n    at {}\n        with lock_b:\n    having taken Lock 'lock_a' at {}\n        with lock_a:\n\n  Thread \"second\" asked for Lock 'lock_a' while holding Lock 'lock_b'\n    at {}\n        lock_a.acquire()\n    having taken Lock 'lock_b' at {}\n        lock_b.acquire()\n",
            place("inversion", src, "with lock_b:", 0),
            place("inversion", src, "with lock_a:", 0),
            place("inversion", src, "lock_a.acquire()", 0),
            place("inversion", src, "lock_b.acquire()", 0),
        );
        assert!(r.stderr.contains(&expected), "{rt:?}:\n{}", r.stderr);
        // Without the flag, nothing.
        let quiet = run("never_overlap_off", "inversion", NEVER_OVERLAP, rt);
        assert_eq!((quiet.code, quiet.stderr.as_str()), (Some(0), ""), "{rt:?}");
    }
}

#[test]
fn consistent_orders_and_rlock_reentry_are_not_reported() {
    let source = "\
import threading

outer = threading.Lock()
inner = threading.Lock()
r = threading.RLock()
cond = threading.Condition()

def worker(n):
    for _ in range(20):
        with outer:
            with inner:
                pass
        with inner:
            pass
    with r:
        with inner:
            with r:
                with r:
                    pass
    with cond:
        cond.notify_all()
        with inner:
            pass
    with r:
        with r:
            with cond:
                pass

threads = [threading.Thread(target=worker, args=(n,)) for n in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()

# A semaphore made with 0 is a signal, not a lock: taking `outer` after waiting for it, and
# waiting for it while holding `outer`, is no order between two locks.
signal = threading.Semaphore(0)
def waiter():
    signal.acquire()
    with outer:
        pass
w = threading.Thread(target=waiter)
w.start()
signal.release()
w.join()
signal.release()
with outer:
    signal.acquire()
print('ok')
";
    for rt in RUNTIMES {
        let args = [rt, &["--lock-order"]].concat();
        let r = run("consistent", "consistent", source, &args);
        assert_eq!((r.code, r.stdout.as_str()), (Some(0), "ok\n"), "{rt:?}");
        assert_eq!(r.stderr, "", "{rt:?}");
    }
}

#[test]
fn a_cycle_of_three_is_reported_once_with_every_order() {
    let source = "\
import threading

class Fork:
    def __init__(self):
        self.lock = threading.Lock()

forks = [Fork(), Fork(), Fork()]
f0, f1, f2 = forks

def dine(left, right):
    for _ in range(3):
        with left.lock:
            with right.lock:
                pass

for left, right in [(f0, f1), (f1, f2), (f2, f0)]:
    t = threading.Thread(target=dine, args=(left, right))
    t.start()
    t.join()
print('fed')
";
    for rt in RUNTIMES {
        let args = [rt, &["--lock-order"]].concat();
        let r = run("three", "forks", source, &args);
        assert_eq!((r.code, r.stdout.as_str()), (Some(0), "fed\n"), "{rt:?}");
        assert_eq!(
            r.stderr.matches(WARNING).count(),
            1,
            "{rt:?}:\n{}",
            r.stderr
        );
        assert!(
            r.stderr.contains(
                "Lock 'f0.lock', Lock 'f1.lock' and Lock 'f2.lock' are taken in a cycle of orders"
            ),
            "{rt:?}:\n{}",
            r.stderr
        );
        for (want, held) in [("f1", "f0"), ("f2", "f1"), ("f0", "f2")] {
            let line = format!("asked for Lock '{want}.lock' while holding Lock '{held}.lock'");
            assert!(r.stderr.contains(&line), "{rt:?}: {line}\n{}", r.stderr);
        }
        assert_eq!(r.stderr.matches("with right.lock:").count(), 3, "{rt:?}");
    }
}

#[test]
fn conditions_semaphores_timeouts_and_thread_module_locks() {
    let source = "\
import threading
import _thread

cond = threading.Condition()
sem = threading.BoundedSemaphore(1)
low = _thread.allocate_lock()
high = _thread.allocate_lock()

def one():
    with cond:
        with sem:
            pass

def two():
    with sem:
        if cond.acquire(timeout=5):
            cond.release()

for f in (one, two):
    t = threading.Thread(target=f)
    t.start()
    t.join()

with low:
    if high.acquire(False):
        high.release()
with high:
    low.acquire()
    low.release()
print('end')
";
    for rt in RUNTIMES {
        let args = [rt, &["--lock-order"]].concat();
        let r = run("kinds", "kinds", source, &args);
        assert_eq!((r.code, r.stdout.as_str()), (Some(0), "end\n"), "{rt:?}");
        let e = &r.stderr;
        assert_eq!(e.matches(WARNING).count(), 2, "{rt:?}:\n{e}");
        for text in [
            "Condition 'cond' and BoundedSemaphore 'sem' are taken in opposite orders",
            "asked for BoundedSemaphore 'sem' while holding Condition 'cond'",
            "asked for Condition 'cond' (with a timeout) while holding BoundedSemaphore 'sem'",
            "Lock 'low' and Lock 'high' are taken in opposite orders",
            "asked for Lock 'high' (without blocking) while holding Lock 'low'",
            "asked for Lock 'low' while holding Lock 'high'",
            "Some of these requests do not wait forever",
        ] {
            assert!(e.contains(text), "{rt:?}: missing {text:?} in\n{e}");
        }
    }
}

#[test]
fn the_chapter_programs() {
    let programs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("programs");
    let args = |p: &str| {
        vec![
            "--lock-order".to_string(),
            "--virtual-time".to_string(),
            "--seed".to_string(),
            "7".to_string(),
            programs.join(p).display().to_string(),
        ]
    };
    let dir = scratch("lock_order", "chapter");
    let a = args("lock_ordering.mp");
    let r = run_minipy(&dir, &a.iter().map(String::as_str).collect::<Vec<_>>(), "");
    assert_eq!(r.code, Some(0));
    assert_eq!(r.stderr, "");

    let a = args("deadlock.mp");
    let r = run_minipy(&dir, &a.iter().map(String::as_str).collect::<Vec<_>>(), "");
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    let warning = r.stderr.find(WARNING).expect("a lock-order warning");
    let deadlock = r.stderr.find("Deadlock:").expect("a deadlock report");
    assert!(warning < deadlock, "{}", r.stderr);
    assert!(r
        .stderr
        .contains("Lock 'lock_a' and Lock 'lock_b' are taken in opposite orders"));
}
