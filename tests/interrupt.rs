//! Ctrl-C (SIGINT) reaches the main thread as KeyboardInterrupt, also while it waits in
//! `join` or `sleep`; uncaught, it ends the program with status 130.

use std::process::{Command, Stdio};
use std::time::Duration;

#[test]
fn sigint_interrupts_join_and_sleep() {
    let source = "import time, threading\n\
                  t = threading.Thread(target=time.sleep, args=(30,), daemon=True)\n\
                  t.start()\n\
                  print('waiting', flush=True)\n\
                  try:\n    t.join()\nexcept KeyboardInterrupt:\n    print('interrupted in join', flush=True)\n\
                  time.sleep(30)\n\
                  print('not reached')\n";
    let child = Command::new(env!("CARGO_BIN_EXE_minipy"))
        .arg("-c")
        .arg(source)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start minipy");
    let pid = child.id().to_string();
    let interrupt = || {
        let _ = Command::new("kill").args(["-INT", &pid]).status();
    };
    std::thread::sleep(Duration::from_millis(700));
    interrupt();
    std::thread::sleep(Duration::from_millis(700));
    interrupt();
    let out = child.wait_with_output().expect("minipy ends");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.contains("interrupted in join"),
        "stdout: {stdout}\nstderr: {stderr}"
    );
    assert!(!stdout.contains("not reached"), "{stdout}");
    assert!(stderr.ends_with("KeyboardInterrupt\n"), "{stderr}");
    assert_eq!(out.status.code(), Some(130));
}

/// With `signal.signal(SIGINT, handler)`, Ctrl-C runs the handler in the main thread instead
/// of raising, and an interrupted `time.sleep` goes on for the time left (PEP 475); SIGTERM
/// with a handler does not end the program.
#[test]
fn python_handlers_run_for_sigint_and_sigterm() {
    let source = "import signal, time\n\
                  seen = []\n\
                  signal.signal(signal.SIGINT, lambda s, f: seen.append(s))\n\
                  signal.signal(signal.SIGTERM, lambda s, f: seen.append(s))\n\
                  print('ready', flush=True)\n\
                  start = time.monotonic()\n\
                  time.sleep(2.5)\n\
                  print('slept through', time.monotonic() - start >= 2.4, sorted(seen))\n";
    let mut child = Command::new(env!("CARGO_BIN_EXE_minipy"))
        .arg("-c")
        .arg(source)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start minipy");
    let pid = child.id().to_string();
    // Signals are sent only once the handlers are in place.
    let mut stdout = std::io::BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut first).expect("read ready");
    assert_eq!(first, "ready\n");
    let _ = Command::new("kill").args(["-INT", &pid]).status();
    std::thread::sleep(Duration::from_millis(400));
    let _ = Command::new("kill").args(["-TERM", &pid]).status();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).expect("read rest");
    let out = child.wait_with_output().expect("minipy ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(rest, "slept through True [2, 15]\n", "stderr: {stderr}");
    assert_eq!(out.status.code(), Some(0));
}

/// Ctrl-C while the main thread is blocked in `lock.acquire()`, `queue.get()` or
/// `thread.join()` (each waiting for another thread that sleeps for a minute) raises
/// KeyboardInterrupt in it within a fraction of a second, as in CPython; the program goes on.
#[test]
fn sigint_interrupts_lock_acquire_queue_get_and_join() {
    let waits = [
        (
            "lock.acquire()",
            "lock = threading.Lock()\nlock.acquire()\n",
        ),
        ("q.get()", "q = queue.Queue()\n"),
        ("t.join()", ""),
    ];
    for (wait, setup) in waits {
        let source = format!(
            "import queue, threading, time\n\
             {setup}\
             t = threading.Thread(target=time.sleep, args=(60,), daemon=True)\n\
             t.start()\n\
             print('ready', flush=True)\n\
             start = time.monotonic()\n\
             try:\n    {wait}\n    print('woke up')\n\
             except KeyboardInterrupt as e:\n    print('KeyboardInterrupt', repr(e), time.monotonic() - start < 5)\n"
        );
        let mut child = Command::new(env!("CARGO_BIN_EXE_minipy"))
            .arg("-c")
            .arg(&source)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start minipy");
        let mut stdout = std::io::BufReader::new(child.stdout.take().expect("stdout"));
        let mut first = String::new();
        std::io::BufRead::read_line(&mut stdout, &mut first).expect("read ready");
        assert_eq!(first, "ready\n", "{wait}");
        // Let the main thread reach its wait.
        std::thread::sleep(Duration::from_millis(300));
        let _ = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut rest).expect("read rest");
        let out = child.wait_with_output().expect("minipy ends");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            rest, "KeyboardInterrupt KeyboardInterrupt() True\n",
            "{wait}: stderr: {stderr}"
        );
        assert_eq!(out.status.code(), Some(0), "{wait}: {stderr}");
    }
}
