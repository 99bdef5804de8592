//! The cycle collector with threads, in both runtimes: cycles made by several threads are all
//! freed (automatically under the GIL while they run; by `gc.collect()` once they finish
//! under `--no-gil`, where a collection needs the other threads gone), `gc.collect()` called
//! while other threads mutate shared containers never breaks them, and a program that makes
//! cycles forever stays small.

mod common;

use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(60);

const RUNTIMES: [&[&str]; 2] = [&[], &["--no-gil"]];

fn run_source(name: &str, source: &str, args: &[&str]) -> common::Run {
    common::run_source_file("gc", name, source, args, TIMEOUT)
}

/// Threads append to shared lists and build cycles while the main thread collects over and
/// over: every list ends with exactly what was appended, and all cycles are gone at the end.
const COLLECT_WHILE_MUTATING: &str = r#"
import gc, threading
shared = [[] for _ in range(4)]
done = threading.Event()

class Node:
    def __init__(self, v):
        self.v = v
        self.peer = self

def work(k):
    for i in range(3000):
        shared[k].append(Node(i))
        a = Node(i)
        a.others = [a, shared[k]]

threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
for t in threads:
    t.start()
rounds = 0
while any(t.is_alive() for t in threads):
    gc.collect(rounds % 3)
    rounds += 1
for t in threads:
    t.join()
gc.collect()
print([len(s) for s in shared])
print(all(n.peer is n and n.v == i for s in shared for i, n in enumerate(s)))
print(gc.collect())
"#;

#[test]
fn collect_while_threads_mutate() {
    for args in RUNTIMES {
        let run = run_source("collect_mutating", COLLECT_WHILE_MUTATING, args);
        assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
        assert_eq!(
            run.stdout, "[3000, 3000, 3000, 3000]\nTrue\n0\n",
            "{args:?}: {}",
            run.stderr
        );
    }
}

/// Under the GIL the threshold triggers collections while several threads make cycles, so
/// the number of tracked objects stays far below what was made.
const AUTOMATIC_WITH_THREADS: &str = r#"
import gc, threading

class Node:
    pass

def work():
    for i in range(20000):
        a, b = Node(), Node()
        a.p, b.p = b, a

threads = [threading.Thread(target=work) for _ in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
alive = len(gc.get_objects())
print("bounded" if alive < 20000 else "grew: %d" % alive)
"#;

#[test]
fn automatic_collection_with_threads_under_the_gil() {
    let run = run_source("auto_threads", AUTOMATIC_WITH_THREADS, &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "bounded\n", "{}", run.stderr);
}

/// Under `--no-gil` the automatic collection resumes once the program is single-threaded
/// again: the cycles made afterwards stay bounded too.
const AUTOMATIC_AFTER_THREADS: &str = r#"
import gc, threading

class Node:
    pass

def work():
    for i in range(2000):
        a, b = Node(), Node()
        a.p, b.p = b, a

t = threading.Thread(target=work)
t.start()
t.join()
gc.collect()
for i in range(30000):
    a, b = Node(), Node()
    a.p, b.p = b, a
alive = len(gc.get_objects())
print("bounded" if alive < 20000 else "grew: %d" % alive)
"#;

#[test]
fn automatic_collection_resumes_after_threads() {
    for args in RUNTIMES {
        let run = run_source("auto_after", AUTOMATIC_AFTER_THREADS, args);
        assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "bounded\n", "{args:?}: {}", run.stderr);
    }
}

/// `__del__` and weakref callbacks of objects freed on a thread run on that thread.
const FINALIZERS_ON_THREADS: &str = r#"
import threading, weakref
names = []
lock = threading.Lock()

class Tracked:
    def __del__(self):
        with lock:
            names.append(threading.current_thread().name)

def work():
    for i in range(50):
        t = Tracked()
        t.me = t if i % 2 else None
        r = weakref.ref(t, lambda w: None)
        del t

threads = [threading.Thread(target=work, name="w%d" % k) for k in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
import gc
gc.collect()
print(len(names), sorted(set(n for n in names if n != "MainThread")))
"#;

#[test]
fn finalizers_run_for_objects_freed_on_threads() {
    for args in RUNTIMES {
        let run = run_source("fin_threads", FINALIZERS_ON_THREADS, args);
        assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
        assert!(
            run.stdout.starts_with("150 ['w0', 'w1', 'w2']"),
            "{args:?}: {} {}",
            run.stdout,
            run.stderr
        );
    }
}

/// Threads build cycles in a loop while another thread mutates a shared dict and list (a
/// racy reader of what the collector traverses) and others wait on a lock and a join: the
/// automatic collection frees the cycles as they go (under `--no-gil` by stopping the world
/// at the threads' switch points), so the tracked objects stay few; `__del__` methods that
/// take a lock the other threads use run without deadlock; the shared data stays intact.
const CYCLES_WHILE_THREADS_RUN: &str = r#"
import gc, threading, weakref

lock = threading.Lock()
deleted = [0]

class Node:
    def __init__(self, i):
        self.me = self
        self.items = [self, i]

class Finalized:
    def __init__(self):
        self.me = self
    def __del__(self):
        with lock:
            deleted[0] += 1

refs = []
def work(k):
    for i in range(10000):
        n = Node(i)
        if i % 1000 == 0:
            f = Finalized()
            with lock:
                refs.append(weakref.ref(n))

shared = {"x": [1, 2, 3]}
stop = threading.Event()
def reader():
    rounds = 0
    while not stop.is_set():
        d = shared["x"]
        shared["x"] = [sum(d) % 7, 1, 2]
        shared[rounds % 50] = [shared, rounds]
        rounds += 1

gate = threading.Lock()
gate.acquire()
def waiter():
    with gate:
        pass

during = []
def watch(phase, info):
    if phase == "stop" and threading.active_count() > 3:
        during.append(info["collected"])
gc.callbacks.append(watch)
workers = [threading.Thread(target=work, args=(k,)) for k in range(3)]
others = [threading.Thread(target=reader), threading.Thread(target=waiter)]
for t in workers + others:
    t.start()
for t in workers:
    t.join()
alive = len(gc.get_objects())
stop.set()
gate.release()
for t in others:
    t.join()
gc.callbacks.remove(watch)
print("bounded" if alive < 20000 else "grew: %d" % alive)
# The last cycles each worker made may be in an older generation, which no automatic
# collection has reached yet (when one runs depends on how the threads interleaved):
# counted after the full collection, while `bounded` and `during` show the automatic ones.
gc.collect()
print(len(refs), sum(r() is None for r in refs))
print(shared["x"][1:], all(shared[k][0] is shared for k in range(50)))
print(deleted[0])
print("collected while threads ran:", sum(during) > 5000)
"#;

#[test]
fn cycles_freed_while_threads_run() {
    for args in RUNTIMES {
        let run = run_source("cycles_threads", CYCLES_WHILE_THREADS_RUN, args);
        assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
        let lines: Vec<&str> = run.stdout.lines().collect();
        assert_eq!(
            lines[..4],
            ["bounded", "30 30", "[1, 2] True", "30"],
            "{args:?}: {} {}",
            run.stdout,
            run.stderr
        );
        if args == ["--no-gil"] {
            // Under the GIL the workers may well run one after another; under `--no-gil`
            // they run at once, so collections happen while they do.
            assert_eq!(
                lines[4], "collected while threads ran: True",
                "{}",
                run.stderr
            );
        }
        assert!(!run.stderr.contains("eadlock"), "{args:?}: {}", run.stderr);
    }
}

/// A generator freed while suspended in a `finally` that yields, or whose `finally` raises:
/// CPython's default unraisable hook prints "Exception ignored in: <generator object ...>"
/// and the exception (its own traceback only, no chained GeneratorExit), and the program
/// goes on.
const GENERATOR_FINALIZER_ERRORS: &str = r#"
def stubborn():
    try:
        yield 1
    finally:
        yield 2

def failing():
    try:
        yield 1
    finally:
        raise ValueError("from finally")

async def co():
    try:
        await Wait()
    finally:
        await Wait()

class Wait:
    def __await__(self):
        yield

g = stubborn()
next(g)
del g
print("one")
g = failing()
next(g)
del g
print("two")
c = co()
c.send(None)
del c
print("three")
"#;

#[test]
fn generator_finalizer_errors_are_unraisable() {
    for args in RUNTIMES {
        let run = run_source("gen_finalizer_errors", GENERATOR_FINALIZER_ERRORS, args);
        assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "one\ntwo\nthree\n", "{args:?}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("  File \"gen_finalizer_errors.py\", line 12, in failing\n")
                || run.stderr.contains(", line 12, in failing\n"),
            "{args:?}: {}",
            run.stderr
        );
        // The traceback lines aside, CPython's report line for line.
        let err: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| !l.starts_with("Traceback") && !l.starts_with("  "))
            .collect();
        let expected = [
            "Exception ignored in: <generator object stubborn at 0x",
            "RuntimeError: generator ignored GeneratorExit",
            "Exception ignored in: <generator object failing at 0x",
            "ValueError: from finally",
            "Exception ignored in: <coroutine object co at 0x",
            "RuntimeError: coroutine ignored GeneratorExit",
        ];
        assert_eq!(err.len(), expected.len(), "{args:?}: {}", run.stderr);
        for (line, prefix) in err.iter().zip(expected) {
            assert!(line.starts_with(prefix), "{args:?}: {}", run.stderr);
        }
        assert!(!run.stderr.contains("During handling"), "{}", run.stderr);
    }
}

/// What the interpreter made while starting is frozen (as `gc.freeze()`): it is in no young
/// generation, so no collection searches it, yet `gc.get_objects()` and `__subclasses__` still
/// find it, and cycles the program makes are collected as before.
const STARTUP_FROZEN: &str = r#"
import gc
young = len(gc.get_objects(0)) + len(gc.get_objects(1))
everything = len(gc.get_objects())
print(young < everything // 2, len(gc.get_objects(2)) > young)
print(bool in int.__subclasses__(), ZeroDivisionError in ArithmeticError.__subclasses__())
print(any(o is gc.__dict__ for o in gc.get_objects()))
import weakref

class Node:
    pass

refs = []
for i in range(2000):
    a = Node()
    a.me = [a]
    if i % 100 == 0:
        refs.append(weakref.ref(a))
del a
print(sum(r() is not None for r in refs) < len(refs))
gc.collect()
print(sum(r() is not None for r in refs))
"#;

#[test]
fn startup_objects_are_frozen() {
    for args in RUNTIMES {
        let run = run_source("startup_frozen", STARTUP_FROZEN, args);
        assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
        assert_eq!(
            run.stdout, "True True\nTrue True\nTrue\nTrue\n0\n",
            "{args:?}: {}",
            run.stderr
        );
    }
}
