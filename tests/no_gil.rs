//! Stress tests for the free-threaded runtime (`--no-gil`), each also run under the GIL: shared
//! containers stay exact under parallel mutation, reference counts come back to where they
//! started, and threads that churn objects don't leak.

use std::process::Command;

fn minipy() -> &'static str {
    env!("CARGO_BIN_EXE_minipy")
}

/// Runs `source` with `flags`; returns stdout (panics with stderr on failure).
fn run(flags: &[&str], source: &str) -> String {
    let out = Command::new(minipy())
        .args(flags)
        .arg("-c")
        .arg(source)
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
