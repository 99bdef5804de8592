//! Files and the process's end: what a program wrote to a file it never closed or flushed
//! reaches the file however the program ends (normally, by an uncaught exception, by
//! `sys.exit`), and opening a file without permission is CPython's PermissionError.

mod common;

use common::run_minipy;
use std::path::PathBuf;

fn scratch(test: &str) -> PathBuf {
    common::scratch("files", test)
}

/// Runs `source` as `prog.mp` in a fresh directory; returns the run and the directory.
fn run(test: &str, source: &str) -> (common::Run, PathBuf) {
    let dir = scratch(test);
    std::fs::write(dir.join("prog.mp"), source).expect("write program");
    (run_minipy(&dir, &["prog.mp"], ""), dir)
}

/// A program that writes to two files and leaves both open, then ends with `ending`.
fn unflushed(ending: &str) -> String {
    format!(
        "f = open('small.txt', 'w')\n\
         f.write('first line\\n')\n\
         print('second line', file=f)\n\
         g = open('big.bin', 'wb')\n\
         for i in range(1000):\n    g.write(('%05d\\n' % i).encode())\n\
         print('stdout too')\n\
         {ending}\n"
    )
}

fn big_expected() -> Vec<u8> {
    (0..1000)
        .flat_map(|i| format!("{i:05}\n").into_bytes())
        .collect()
}

fn check_files(dir: &std::path::Path) {
    let small = std::fs::read_to_string(dir.join("small.txt")).expect("small.txt");
    assert_eq!(small, "first line\nsecond line\n");
    let big = std::fs::read(dir.join("big.bin")).expect("big.bin");
    assert_eq!(big, big_expected());
}

#[test]
fn unclosed_files_are_flushed_at_a_normal_end() {
    let (run, dir) = run("normal_end", &unflushed("pass"));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "stdout too\n");
    check_files(&dir);
}

#[test]
fn unclosed_files_are_flushed_after_an_uncaught_exception() {
    let (run, dir) = run("uncaught", &unflushed("raise KeyError('boom')"));
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stdout, "stdout too\n");
    assert!(run.stderr.ends_with("KeyError: 'boom'\n"), "{}", run.stderr);
    check_files(&dir);
}

#[test]
fn unclosed_files_are_flushed_after_sys_exit() {
    let (run, dir) = run("sys_exit", &unflushed("import sys\nsys.exit(3)"));
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    assert_eq!(run.stdout, "stdout too\n");
    check_files(&dir);
}

#[test]
fn a_file_no_longer_referenced_is_flushed_at_once() {
    let source = "f = open('dropped.txt', 'w')\n\
                  f.write('kept')\n\
                  del f\n\
                  print(open('dropped.txt').read())\n";
    let (run, _) = run("dropped", source);
    assert_eq!(run.stdout, "kept\n", "{}", run.stderr);
}

#[test]
fn buffered_writes_are_not_in_the_file_before_flush() {
    let source = "f = open('late.txt', 'w')\n\
                  f.write('abc')\n\
                  print(repr(open('late.txt').read()))\n\
                  f.flush()\n\
                  print(repr(open('late.txt').read()))\n";
    let (run, _) = run("late", source);
    assert_eq!(run.stdout, "''\n'abc'\n", "{}", run.stderr);
}

/// The effective user id, from /proc (root passes every permission check).
#[cfg(unix)]
fn euid() -> Option<u32> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("Uid:"))?;
    line.split_whitespace().nth(2)?.parse().ok()
}

/// Unix only: permission bits (Windows has access lists instead).
#[cfg(unix)]
#[test]
fn opening_a_file_without_permission_is_a_permission_error() {
    if euid() == Some(0) {
        // Running as root: the open succeeds, as it does for CPython.
        eprintln!("skipped: running as root, where permission checks do not fail");
        return;
    }
    let dir = scratch("permission");
    std::fs::write(dir.join("locked.txt"), "secret").expect("write file");
    use std::os::unix::fs::PermissionsExt;
    let locked = dir.join("locked.txt");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    std::fs::write(
        dir.join("open.mp"),
        "try:\n    open('locked.txt')\nexcept PermissionError as e:\n    print(type(e).__name__, e.errno, e)\n",
    )
    .expect("write program");
    let run = run_minipy(&dir, &["open.mp"], "");
    assert_eq!(
        run.stdout, "PermissionError 13 [Errno 13] Permission denied: 'locked.txt'\n",
        "{}",
        run.stderr
    );
}

#[test]
fn unclosed_files_are_flushed_when_a_deadlock_stops_the_program() {
    let source = "import threading\n\
                  f = open('deadlock.txt', 'w')\n\
                  f.write('written before the deadlock')\n\
                  lock = threading.Lock()\n\
                  lock.acquire()\n\
                  lock.acquire()\n";
    let (run, dir) = run("deadlock", source);
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    let text = std::fs::read_to_string(dir.join("deadlock.txt")).expect("deadlock.txt");
    assert_eq!(text, "written before the deadlock");
}

/// Threads writing lines to one file object, then reading lines from another: every line
/// arrives whole and exactly once, with the GIL and without it.
#[test]
fn threads_share_a_file_object_without_losing_lines() {
    let source = r#"import os, threading
name = "_files_threads_%d.txt" % os.getpid()
f = open(name, "w")
def worker(k):
    for i in range(2000):
        f.write("thread %d line %d\n" % (k, i))
threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
for t in threads: t.start()
for t in threads: t.join()
f.close()
lines = open(name).read().splitlines()
print(len(lines), all(l.startswith("thread ") and len(l.split()) == 4 for l in lines))
print(sorted(set(l.split()[1] for l in lines)))
r = open(name)
counts = [0] * 4
def reader(k):
    while True:
        line = r.readline()
        if not line:
            break
        counts[k] += 1
threads = [threading.Thread(target=reader, args=(k,)) for k in range(4)]
for t in threads: t.start()
for t in threads: t.join()
print(sum(counts))
os.remove(name)
"#;
    for flags in [&[][..], &["--no-gil"][..]] {
        let dir = scratch(if flags.is_empty() {
            "threads_gil"
        } else {
            "threads_no_gil"
        });
        std::fs::write(dir.join("prog.mp"), source).expect("write program");
        let mut args = flags.to_vec();
        args.push("prog.mp");
        let run = run_minipy(&dir, &args, "");
        assert_eq!(run.code, Some(0), "{flags:?}: {}", run.stderr);
        assert_eq!(
            run.stdout, "8000 True\n['0', '1', '2', '3']\n8000\n",
            "{flags:?}"
        );
    }
}
