//! Stress tests for the free-threaded runtime (`--no-gil`), each also run under the GIL: shared
//! containers stay exact under parallel mutation, reference counts come back to where they
//! started, and threads that churn objects don't leak.

use std::process::Command;

fn minipy() -> &'static str {
    env!("CARGO_BIN_EXE_minipy")
}

/// Runs `source` with `flags`; returns stdout (panics with stderr on failure).
fn run(flags: &[&str], source: &str) -> String {
    run_args(flags, source, &[])
}

/// `run` with `sys.argv[1:]` set to `args`.
fn run_args(flags: &[&str], source: &str, args: &[&str]) -> String {
    let out = Command::new(minipy())
        .args(flags)
        .arg("-c")
        .arg(source)
        .args(args)
        .output()
        .expect("minipy runs");
    assert!(
        out.status.success(),
        "minipy {flags:?} failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const RUNTIMES: [&[&str]; 2] = [&[], &["--no-gil"]];

#[test]
fn shared_list_and_dict_are_exact() {
    let source = r#"
import threading
shared = []
table = {}
def work(n):
    for i in range(50000):
        shared.append(i)
        table[(n, i)] = i
threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print(len(shared), len(table), sum(shared) == 8 * sum(range(50000)))
"#;
    for flags in RUNTIMES {
        assert_eq!(run(flags, source).trim(), "400000 400000 True", "{flags:?}");
    }
}

#[test]
fn refcounts_return_to_their_start() {
    let source = r#"
import sys, threading
obj = object()
before = sys.getrefcount(obj)
def work():
    for i in range(100000):
        ref = obj
        pair = [obj, obj]
        d = {"k": obj}
        del ref, pair, d
threads = [threading.Thread(target=work) for n in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print(sys.getrefcount(obj) - before)
"#;
    for flags in RUNTIMES {
        assert_eq!(run(flags, source).trim(), "0", "{flags:?}");
    }
}

#[test]
fn set_and_counter_operations_never_crash() {
    // Racy code may lose updates, but the interpreter must stay sound.
    let source = r#"
import threading
s = set()
counter = 0
d = {}
def work(n):
    global counter
    for i in range(20000):
        s.add(i % 1000)
        s.discard((i + n) % 1000)
        counter += 1
        d[i % 50] = d.get(i % 50, 0) + 1
        if i % 7 == 0:
            d.pop(i % 50, None)
threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
for t in threads: t.start()
for t in threads: t.join()
print(0 < counter <= 120000, len(s) <= 1000, len(d) <= 50)
"#;
    for flags in RUNTIMES {
        assert_eq!(run(flags, source).trim(), "True True True", "{flags:?}");
    }
}

/// Peak resident memory (KB) of a run, measured by `/usr/bin/time`; `None` where it is missing.
fn peak_kb(flags: &[&str], source: &str) -> Option<u64> {
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg(minipy())
        .args(flags)
        .arg("-c")
        .arg(source)
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr)
        .trim()
        .lines()
        .last()?
        .trim()
        .parse()
        .ok()
}

#[test]
fn churning_threads_do_not_leak() {
    let program = |n: u32| {
        format!(
            r#"
import threading
class Node:
    def __init__(self, value):
        self.value = value
        self.items = [value, str(value), {{"v": value}}]
def churn():
    for i in range({n}):
        node = Node(i)
        pair = (node, [node])
        del node, pair
threads = [threading.Thread(target=churn) for k in range(4)]
for t in threads: t.start()
for t in threads: t.join()
"#
        )
    };
    for flags in RUNTIMES {
        let (Some(small), Some(large)) = (
            peak_kb(flags, &program(20_000)),
            peak_kb(flags, &program(200_000)),
        ) else {
            eprintln!("/usr/bin/time is not available: skipping the peak-memory comparison");
            return;
        };
        // Ten times the work must not take much more memory than the baseline.
        assert!(
            large < small + 8 * 1024,
            "{flags:?}: peak {small} KB for 20k objects vs {large} KB for 200k"
        );
    }
}

/// Reader iterations of the stress tests below (`MINIPY_STRESS_ITERATIONS` overrides: the
/// ThreadSanitizer script runs fewer, as the sanitizer slows every access down).
fn stress_iterations() -> u64 {
    std::env::var("MINIPY_STRESS_ITERATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000)
}

#[test]
fn cached_lookups_race_class_shape_and_global_changes() {
    // One function, so one set of inline caches, read by three threads on instances of six
    // classes (more than a name's cache ways: entries are rewritten all the time) while a
    // writer moves instances between shapes, rewrites the class dicts (shifting positions)
    // and grows and shrinks the globals. No read may ever see a wrong value.
    let source = r#"
import sys, threading
N = int(sys.argv[1])
classes = []
for k in range(6):
    class C:
        pad = 0
        tag = k
        def twice(self):
            return 2 * self.x
    classes.append(C)
objs = []
for k, C in enumerate(classes):
    for j in range(3):
        o = C()
        if j == 1:
            o.y = 0
        o.x = 100 * k + j
        objs.append(o)
expected = [o.x + type(o).tag + 2 * o.x for o in objs]
OFFSET = 0
done = False

def read(o):
    return o.x + o.tag + o.twice() + OFFSET + len(())

wrong = []
def reader(start):
    bad = 0
    n = len(objs)
    for i in range(N):
        k = (i + start) % n
        if read(objs[k]) != expected[k]:
            bad += 1
    wrong.append(bad)

def writer():
    global OFFSET
    i = 0
    g = globals()
    while not done:
        o = objs[i % len(objs)]
        C = classes[i % 6]
        if i % 3 == 0:
            o.y = i
            del o.y
        elif i % 3 == 1:
            del C.pad
            C.pad = i
        else:
            g["extra%d" % (i % 40)] = i
            if i % 80 == 79:
                for j in range(40):
                    g.pop("extra%d" % j, None)
        OFFSET = 0
        i += 1

readers = [threading.Thread(target=reader, args=(s,)) for s in range(3)]
w = threading.Thread(target=writer)
w.start()
for t in readers: t.start()
for t in readers: t.join()
done = True
w.join()
print(wrong)
"#;
    let n = stress_iterations() / 3;
    for flags in RUNTIMES {
        let out = run_args(flags, source, &[&n.to_string()]);
        assert_eq!(out.trim(), "[0, 0, 0]", "{flags:?}");
    }
}

#[test]
fn list_and_dict_reads_race_resizing_writers() {
    // A reader of fixed positions and keys while a writer grows and shrinks the same list
    // and dict (each time past a resize) and rebinds the values it reads to equal ones.
    let source = r#"
import sys, threading
N = int(sys.argv[1])
items = list(range(8))
table = {k: k * k for k in range(8)}
done = False
wrong = []

def reader():
    bad = 0
    for i in range(N):
        k = i % 8
        if items[k] != k or table[k] != k * k or table.get(k) != k * k:
            bad += 1
    wrong.append(bad)

def writer():
    i = 0
    while not done:
        for j in range(100):
            items.append(j)
            table[1000 + j] = j
        del items[8:]
        for j in range(100):
            del table[1000 + j]
        items[i % 8] = i % 8
        table[i % 8] = (i % 8) * (i % 8)
        i += 1

w = threading.Thread(target=writer)
r = threading.Thread(target=reader)
w.start(); r.start()
r.join()
done = True
w.join()
print(wrong, items == list(range(8)), len(table))
"#;
    let n = stress_iterations();
    for flags in RUNTIMES {
        let out = run_args(flags, source, &[&n.to_string()]);
        assert_eq!(out.trim(), "[0] True 8", "{flags:?}");
    }
}

#[test]
fn lock_free_global_and_method_reads_race_rebinding_writers() {
    // Under --no-gil LoadGlobal, LoadMethod and a class call's `__init__` read what their
    // caches keep without taking a dict's lock. Readers call through globals, builtins,
    // methods and `__init__` while a writer rebinds them (to functions of the same result,
    // some made in a function, so counted and freed as usual), shadows a builtin in the
    // globals and takes it away again, and grows the globals dict past a resize and shrinks it.
    // The caches are filled before the first thread starts, so the single-thread entries are
    // used, found stale and refilled too. No read may see a wrong value.
    let source = r#"
import sys, threading
N = int(sys.argv[1])

def seven():
    return 7

class Box:
    def __init__(self, v):
        self.v = v
    def get(self):
        return self.v

def made_in_a_function():
    def seven_again():
        return 7
    def init_again(self, v):
        self.v = v
    def get_again(self):
        return self.v
    return seven_again, init_again, get_again

def check():
    return seven() + Box(3).get() + len("ab") + abs(-1)

for i in range(100):
    assert check() == 13
done = False
wrong = []

def reader():
    bad = 0
    for i in range(N):
        if check() != 13:
            bad += 1
    wrong.append(bad)

def writer():
    global seven
    g = globals()
    originals = (seven, Box.__init__, Box.get)
    i = 0
    while not done:
        again = made_in_a_function()
        if i % 4 == 0:
            seven = again[0]
        elif i % 4 == 1:
            Box.__init__ = again[1]
            Box.get = again[2]
        elif i % 4 == 2:
            g["len"] = lambda s: 2
            for j in range(50):
                g["filler%d" % j] = j
        else:
            del g["len"]
            for j in range(50):
                del g["filler%d" % j]
            seven, Box.__init__, Box.get = originals
        i += 1

readers = [threading.Thread(target=reader) for k in range(2)]
w = threading.Thread(target=writer)
w.start()
for t in readers: t.start()
for t in readers: t.join()
done = True
w.join()
print(wrong, check())
"#;
    // Each check makes four global reads, a class call and a method call: a million
    // lock-free reads over both readers.
    let n = stress_iterations() / 8;
    for flags in RUNTIMES {
        let out = run_args(flags, source, &[&n.to_string()]);
        assert_eq!(out.trim(), "[0, 0] 13", "{flags:?}");
    }
}
