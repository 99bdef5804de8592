//! Deadlock detection: when threads wait for each other in a cycle, or every thread waits for
//! something nothing can bring about, minipy prints a report to stderr and exits with status 3.
//! The report names each thread, what it waits for, where (file:line and the source line), and
//! which thread holds that lock and where it took it. Waits that can still end (a timeout, lock
//! ordering, an RLock taken again by its owner) are never reported, and
//! `--no-deadlock-detection` lets a deadlocked program hang as CPython does.
//!
//! Every case runs in both runtimes: the default (GIL) and `--no-gil`.

mod common;

use common::Run;
use std::time::Duration;

/// How long a run may take before it is killed (debug build, two shared cores).
const TIMEOUT: Duration = Duration::from_secs(20);

/// The exit status of a program stopped by the deadlock detector.
const DEADLOCK_STATUS: i32 = 3;

/// The two runtimes: the default (GIL) and the free-threaded one.
const RUNTIMES: [&[&str]; 2] = [&[], &["--no-gil"]];

/// Writes `source` to `NAME.mp` in a fresh directory and runs `minipy ARGS... NAME.mp` there,
/// killing it after `timeout`.
fn run(name: &str, source: &str, args: &[&str], timeout: Duration) -> Run {
    common::run_source_file("deadlock", name, source, args, timeout)
}

/// A place in a program: `NAME.mp:LINE` and the text of that line.
struct Place {
    location: String,
    text: String,
}

/// The `nth` (from 0) line of `source` whose text, stripped, is `text`.
fn place(name: &str, source: &str, text: &str, nth: usize) -> Place {
    let line = source
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == text)
        .nth(nth)
        .map(|(i, _)| i + 1)
        .unwrap_or_else(|| panic!("test bug: no line #{nth} `{text}` in {name}.mp"));
    Place {
        location: format!("{name}.mp:{line}"),
        text: text.to_string(),
    }
}

/// What the report must say about one waiting thread.
struct Wait<'a> {
    thread: &'a str,
    /// What it waits for, in the report's words (e.g. `Lock 'lock_b'`, `thread "B"`).
    waits_for: &'a str,
    at: Place,
    /// The thread holding the lock, and where it took it.
    held_by: Option<(&'a str, Place)>,
}

/// The paragraph of the report about `thread` (from its `Thread "NAME" waits` line to the next
/// blank line).
fn paragraph<'r>(report: &'r str, thread: &str) -> &'r str {
    let start = report
        .find(&format!("Thread \"{thread}\" waits"))
        .unwrap_or_else(|| {
            panic!("the report does not say what \"{thread}\" waits for:\n{report}")
        });
    let rest = &report[start..];
    &rest[..rest.find("\n\n").unwrap_or(rest.len())]
}

/// Checks a deadlocked run: exit status 3, the report on stderr with each expected wait (who,
/// for what, where, held by whom, taken where), and stdout up to the deadlock.
fn assert_deadlock(what: &str, args: &[&str], run: &Run, expected_stdout: &str, waits: &[Wait]) {
    let report = &run.stderr;
    assert_eq!(
        run.code,
        Some(DEADLOCK_STATUS),
        "{what} {args:?}: expected exit status {DEADLOCK_STATUS} (elapsed {:?})\nstdout:\n{}\
         stderr:\n{report}",
        run.elapsed,
        run.stdout
    );
    assert!(
        report.starts_with("Deadlock"),
        "{what} {args:?}: the report should start with `Deadlock`:\n{report}"
    );
    assert!(
        report.contains("--no-deadlock-detection"),
        "{what} {args:?}: the report should say how to turn detection off:\n{report}"
    );
    assert_eq!(run.stdout, expected_stdout, "{what} {args:?}: stdout");
    for wait in waits {
        let text = paragraph(report, wait.thread);
        let context = format!(
            "{what} {args:?}, thread \"{}\":\n{text}\n\nfull report:\n{report}",
            wait.thread
        );
        let first = text.lines().next().unwrap_or_default();
        assert!(
            first.contains(wait.waits_for),
            "should wait for {}: {context}",
            wait.waits_for
        );
        let at = text
            .find(&wait.at.location)
            .unwrap_or_else(|| panic!("should be at {}: {context}", wait.at.location));
        assert!(
            text[at..].contains(&wait.at.text),
            "should show the line `{}`: {context}",
            wait.at.text
        );
        if let Some((holder, taken)) = &wait.held_by {
            let held = text
                .find(&format!("held by \"{holder}\""))
                .unwrap_or_else(|| panic!("should be held by \"{holder}\": {context}"));
            let rest = &text[held..];
            let taken_at = rest
                .find(&taken.location)
                .unwrap_or_else(|| panic!("should be taken at {}: {context}", taken.location));
            assert!(
                rest[taken_at..].contains(&taken.text),
                "should show where it was taken, `{}`: {context}",
                taken.text
            );
        }
    }
}

/// Runs `src` in both runtimes: it must end normally, print `expected_stdout` and report nothing.
fn expect_no_deadlock(name: &str, src: &str, expected_stdout: &str) {
    for args in RUNTIMES {
        let run = run(name, src, args, TIMEOUT);
        assert!(
            !run.stderr.contains("Deadlock"),
            "{name} {args:?}: reported as a deadlock, but it can go on:\n{}",
            run.stderr
        );
        assert_eq!(
            run.code,
            Some(0),
            "{name} {args:?}: expected exit status 0 (elapsed {:?})\nstderr:\n{}",
            run.elapsed,
            run.stderr
        );
        assert_eq!(run.stdout, expected_stdout, "{name} {args:?}: stdout");
    }
}

/// The chapter's deadlock, with 0.2 s sleeps instead of 2 s and 5 s.
const TWO_LOCKS: &str = "\
import threading
import time


def thread_a():
    print(\"Thread A waiting to acquire lock A.\")
    lock_a.acquire()
    print(\"Thread A has acquired lock A.\")
    time.sleep(0.2)
    lock_b.acquire()
    print(\"Thread A has acquired lock B.\")
    lock_a.release()
    lock_b.release()


def thread_b():
    time.sleep(0.05)
    print(\"Thread B waiting to acquire lock B.\")
    lock_b.acquire()
    print(\"Thread B has acquired lock B.\")
    time.sleep(0.2)
    lock_a.acquire()
    print(\"Thread B has acquired lock A.\")
    lock_b.release()
    lock_a.release()


lock_a = threading.Lock()
lock_b = threading.Lock()

thread1 = threading.Thread(target=thread_a)
thread2 = threading.Thread(target=thread_b)

thread1.start()
thread2.start()

thread1.join()
thread2.join()

print(\"Finished.\")
";

#[test]
fn two_lock_cycle() {
    let src = TWO_LOCKS;
    let name = "two_locks";
    for args in RUNTIMES {
        let run = run(name, src, args, TIMEOUT);
        assert_deadlock(
            "two-lock cycle",
            args,
            &run,
            "Thread A waiting to acquire lock A.\n\
             Thread A has acquired lock A.\n\
             Thread B waiting to acquire lock B.\n\
             Thread B has acquired lock B.\n",
            &[
                Wait {
                    thread: "Thread-1 (thread_a)",
                    waits_for: "Lock 'lock_b'",
                    at: place(name, src, "lock_b.acquire()", 0),
                    held_by: Some((
                        "Thread-2 (thread_b)",
                        place(name, src, "lock_b.acquire()", 1),
                    )),
                },
                Wait {
                    thread: "Thread-2 (thread_b)",
                    waits_for: "Lock 'lock_a'",
                    at: place(name, src, "lock_a.acquire()", 1),
                    held_by: Some((
                        "Thread-1 (thread_a)",
                        place(name, src, "lock_a.acquire()", 0),
                    )),
                },
            ],
        );
        assert!(
            run.report_is_about_a_cycle(),
            "{args:?}: a two-lock deadlock is a cycle:\n{}",
            run.stderr
        );
    }
}

impl Run {
    fn report_is_about_a_cycle(&self) -> bool {
        self.stderr
            .lines()
            .next()
            .unwrap_or_default()
            .contains("cycle")
    }
}

/// The cycle forms about 0.25 s after start (B takes lock B at 0.05 s, then sleeps 0.2 s);
/// the report must follow within a second.
#[test]
fn two_lock_cycle_is_reported_within_a_second() {
    for args in RUNTIMES {
        let run = run("two_locks_timing", TWO_LOCKS, args, TIMEOUT);
        assert_eq!(run.code, Some(DEADLOCK_STATUS), "{args:?}: {}", run.stderr);
        assert!(
            run.elapsed < Duration::from_millis(1500),
            "{args:?}: the report came {:?} after start; the cycle formed at about 0.25 s",
            run.elapsed
        );
    }
}

#[test]
fn dining_philosophers() {
    let src = "\
import threading
import time

fork_a = threading.Lock()
fork_b = threading.Lock()
fork_c = threading.Lock()


def philosopher(left, right):
    with left:
        time.sleep(0.2)
        with right:
            print(\"ate\")


threads = [
    threading.Thread(target=philosopher, args=(fork_a, fork_b), name=\"Aristotle\"),
    threading.Thread(target=philosopher, args=(fork_b, fork_c), name=\"Kant\"),
    threading.Thread(target=philosopher, args=(fork_c, fork_a), name=\"Marx\"),
]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(\"everyone ate\")
";
    let name = "dining";
    let wait = |thread, fork, holder| Wait {
        thread,
        waits_for: fork,
        at: place(name, src, "with right:", 0),
        held_by: Some((holder, place(name, src, "with left:", 0))),
    };
    for args in RUNTIMES {
        let run = run(name, src, args, TIMEOUT);
        assert_deadlock(
            "dining philosophers",
            args,
            &run,
            "",
            &[
                wait("Aristotle", "Lock 'fork_b'", "Kant"),
                wait("Kant", "Lock 'fork_c'", "Marx"),
                wait("Marx", "Lock 'fork_a'", "Aristotle"),
            ],
        );
        assert!(run.report_is_about_a_cycle(), "{args:?}:\n{}", run.stderr);
    }
}

#[test]
fn join_cycle() {
    let src = "\
import threading
import time


def body_a():
    time.sleep(0.1)
    thread_b.join()


def body_b():
    thread_a.join()


thread_a = threading.Thread(target=body_a, name=\"A\")
thread_b = threading.Thread(target=body_b, name=\"B\")
thread_a.start()
thread_b.start()
thread_a.join()
print(\"not reached\")
";
    let name = "join_cycle";
    for args in RUNTIMES {
        let run = run(name, src, args, TIMEOUT);
        assert_deadlock(
            "join cycle",
            args,
            &run,
            "",
            &[
                Wait {
                    thread: "A",
                    waits_for: "thread \"B\"",
                    at: place(name, src, "thread_b.join()", 0),
                    held_by: None,
                },
                Wait {
                    thread: "B",
                    waits_for: "thread \"A\"",
                    at: place(name, src, "thread_a.join()", 0),
                    held_by: None,
                },
            ],
        );
    }
}

#[test]
fn self_deadlock_in_a_thread() {
    let src = "\
import threading

lock = threading.Lock()


def worker():
    lock.acquire()
    print(\"got it once\")
    lock.acquire()
    print(\"got it twice\")


t = threading.Thread(target=worker, name=\"worker\")
t.start()
t.join()
";
    let name = "self_deadlock";
    for args in RUNTIMES {
        let run = run(name, src, args, TIMEOUT);
        assert_deadlock(
            "self-deadlock",
            args,
            &run,
            "got it once\n",
            &[Wait {
                thread: "worker",
                waits_for: "Lock 'lock'",
                at: place(name, src, "lock.acquire()", 1),
                held_by: Some(("worker", place(name, src, "lock.acquire()", 0))),
            }],
        );
        assert!(
            run.stderr
                .lines()
                .next()
                .unwrap_or_default()
                .contains("itself"),
            "{args:?}: should say the thread waits for a lock it holds itself:\n{}",
            run.stderr
        );
    }
}

#[test]
fn self_deadlock_in_the_main_thread() {
    let src = "\
import threading

guard = threading.Lock()
with guard:
    print(\"inside\")
    with guard:
        print(\"inside twice\")
";
    let name = "self_deadlock_main";
    for args in RUNTIMES {
        let run = run(name, src, args, TIMEOUT);
        assert_deadlock(
            "self-deadlock in main",
            args,
            &run,
            "inside\n",
            &[Wait {
                thread: "MainThread",
                waits_for: "Lock 'guard'",
                at: place(name, src, "with guard:", 1),
                held_by: Some(("MainThread", place(name, src, "with guard:", 0))),
            }],
        );
    }
}

#[test]
fn every_thread_waits_for_an_event_nobody_sets() {
    let src = "\
import threading

go = threading.Event()


def waiter():
    go.wait()
    print(\"woken\")


t = threading.Thread(target=waiter, name=\"waiter\")
t.start()
print(\"waiting\")
go.wait()
";
    let name = "event";
    for args in RUNTIMES {
        let run = run(name, src, args, TIMEOUT);
        assert_deadlock(
            "event nobody sets",
            args,
            &run,
            "waiting\n",
            &[
                Wait {
                    thread: "waiter",
                    waits_for: "Event",
                    at: place(name, src, "go.wait()", 0),
                    held_by: None,
                },
                Wait {
                    thread: "MainThread",
                    waits_for: "Event",
                    at: place(name, src, "go.wait()", 1),
                    held_by: None,
                },
            ],
        );
    }
}

#[test]
fn queue_get_with_no_producer() {
    let src = "\
import queue
import threading

jobs = queue.Queue()


def consumer():
    item = jobs.get()
    print(item)


t = threading.Thread(target=consumer, name=\"consumer\")
t.start()
t.join()
";
    let name = "queue_get";
    for args in RUNTIMES {
        let run = run(name, src, args, TIMEOUT);
        assert_deadlock(
            "queue with no producer",
            args,
            &run,
            "",
            &[
                Wait {
                    thread: "consumer",
                    waits_for: "Queue",
                    at: place(name, src, "item = jobs.get()", 0),
                    held_by: None,
                },
                Wait {
                    thread: "MainThread",
                    waits_for: "thread \"consumer\"",
                    at: place(name, src, "t.join()", 0),
                    held_by: None,
                },
            ],
        );
    }
}

/// A cycle in which one side waits with a timeout: it can still escape, so it is not a
/// deadlock; the timed wait gives up, and the other side goes on.
#[test]
fn a_timeout_escapes() {
    let src = "\
import threading
import time

lock_a = threading.Lock()
lock_b = threading.Lock()
log = []


def patient():
    with lock_a:
        time.sleep(0.1)
        if lock_b.acquire(timeout=0.2):
            log.append(\"patient got both\")
            lock_b.release()
        else:
            log.append(\"patient gave up\")


def stubborn():
    with lock_b:
        time.sleep(0.1)
        with lock_a:
            log.append(\"stubborn got both\")


threads = [threading.Thread(target=patient), threading.Thread(target=stubborn)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(log)
print(lock_a.acquire(timeout=0.2), lock_b.acquire(timeout=0.2))
";
    expect_no_deadlock(
        "timeout_escapes",
        src,
        "['patient gave up', 'stubborn got both']\nTrue True\n",
    );
}

/// A lock held by another thread, taken with a timeout: `acquire` returns False and the
/// program goes on.
#[test]
fn a_timed_acquire_returns_false() {
    let src = "\
import threading

lock = threading.Lock()
result = []


def try_it():
    result.append(lock.acquire(timeout=0.2))


lock.acquire()
t = threading.Thread(target=try_it)
t.start()
t.join()
print(result)
";
    expect_no_deadlock("timed_acquire", src, "[False]\n");
}

/// The chapter's fix: both threads take the locks in the same order. It looks like the
/// deadlock program (threads block on held locks) but always ends.
#[test]
fn lock_ordering_is_not_reported() {
    let src = "\
import threading
import time

lock_a = threading.Lock()
lock_b = threading.Lock()


def worker(name):
    print(name, \"waiting for lock A\")
    with lock_a:
        time.sleep(0.05)
        with lock_b:
            time.sleep(0.05)


thread1 = threading.Thread(target=worker, args=(\"A\",))
thread1.start()
time.sleep(0.01)
thread2 = threading.Thread(target=worker, args=(\"B\",))
thread2.start()
thread1.join()
thread2.join()
print(\"Finished.\")
";
    expect_no_deadlock(
        "lock_ordering",
        src,
        "A waiting for lock A\nB waiting for lock A\nFinished.\n",
    );
}

#[test]
fn rlock_taken_twice_by_its_owner_is_not_reported() {
    let src = "\
import threading

rlock = threading.RLock()


def worker():
    with rlock:
        with rlock:
            rlock.acquire()
            rlock.release()
    print(\"worker done\")


with rlock:
    with rlock:
        print(\"main inside twice\")
t = threading.Thread(target=worker)
t.start()
t.join()
";
    expect_no_deadlock("rlock_twice", src, "main inside twice\nworker done\n");
}

/// With detection off, the two-lock deadlock hangs, as under CPython: it is killed after 2 s.
#[test]
fn no_deadlock_detection_lets_it_hang() {
    for args in RUNTIMES {
        let mut all_args = args.to_vec();
        all_args.push("--no-deadlock-detection");
        let run = run(
            "two_locks_hang",
            TWO_LOCKS,
            &all_args,
            Duration::from_secs(2),
        );
        assert_eq!(
            run.code, None,
            "{all_args:?}: should hang until killed, but exited with {:?}\nstderr:\n{}",
            run.code, run.stderr
        );
        assert!(
            !run.stderr.contains("Deadlock"),
            "{all_args:?}: no report expected:\n{}",
            run.stderr
        );
    }
}
