//! asyncio and sockets seen from outside: Ctrl-C stops `asyncio.run` (also while the loop
//! waits on a socket), `--trace` and `--timeline` draw a track per task and show threads
//! blocked in socket calls, the streams work under `--virtual-time` and `--trace`, and a
//! task still pending when its loop closes is reported as CPython reports it.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(60);

fn run(name: &str, source: &str, args: &[&str]) -> common::Run {
    common::run_source_file("asyncio-io", name, source, args, TIMEOUT)
}

/// Starts `source`, waits for its first line of output, sends SIGINT, and returns the exit
/// status, stdout, stderr and how long it took to end after the signal.
fn interrupt(flags: &[&str], source: &str) -> (Option<i32>, String, String, Duration) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_minipy"))
        .args(flags)
        .arg("-c")
        .arg(source)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start minipy");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = Vec::new();
    let mut byte = [0u8; 1];
    while std::io::Read::read(&mut stdout, &mut byte).unwrap_or(0) == 1 && byte[0] != b'\n' {
        first.push(byte[0]);
    }
    std::thread::sleep(Duration::from_millis(300));
    let pid = child.id().to_string();
    let sent = Instant::now();
    let _ = Command::new("kill").args(["-INT", &pid]).status();
    let deadline = sent + Duration::from_secs(20);
    while child.try_wait().ok().flatten().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("minipy did not stop within 20 s of SIGINT");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let took = sent.elapsed();
    let out = child.wait_with_output().expect("minipy ends");
    let mut rest = String::from_utf8_lossy(&first).into_owned();
    rest.push('\n');
    let mut tail = Vec::new();
    let _ = std::io::Read::read_to_end(&mut stdout, &mut tail);
    rest.push_str(&String::from_utf8_lossy(&tail));
    (
        out.status.code(),
        rest,
        String::from_utf8_lossy(&out.stderr).into_owned(),
        took,
    )
}

/// Ctrl-C during `asyncio.run` raises KeyboardInterrupt out of it, after the main task's
/// `finally` ran (asyncio.run cancels what is left), and the process ends with status 130
/// (CPython ends by the signal itself, which a shell reports as 130). Also in serve_forever,
/// under --no-gil and under --virtual-time.
#[test]
fn sigint_stops_asyncio_run() {
    let sleeping = "import asyncio\n\
                    async def main():\n    \
                        try:\n        \
                            print('ready', flush=True)\n        \
                            await asyncio.sleep(60)\n    \
                        finally:\n        \
                            print('main cleaned up', flush=True)\n\
                    asyncio.run(main())\n\
                    print('not reached')\n";
    let serving = "import asyncio\n\
                   async def handle(reader, writer):\n    \
                       writer.close()\n\
                   async def main():\n    \
                       server = await asyncio.start_server(handle, '127.0.0.1', 0)\n    \
                       try:\n        \
                           print('ready', flush=True)\n        \
                           await server.serve_forever()\n    \
                       finally:\n        \
                           print('main cleaned up', flush=True)\n\
                   asyncio.run(main())\n\
                   print('not reached')\n";
    for (flags, source) in [
        (&[][..], sleeping),
        (&[][..], serving),
        (&["--no-gil"][..], serving),
        (&["--virtual-time"][..], serving),
    ] {
        let (code, stdout, stderr, took) = interrupt(flags, source);
        assert_eq!(
            code,
            Some(130),
            "{flags:?} stdout: {stdout}\nstderr: {stderr}"
        );
        assert!(stderr.ends_with("KeyboardInterrupt\n"), "{stderr}");
        assert!(stdout.contains("main cleaned up"), "{stdout}");
        assert!(!stdout.contains("not reached"), "{stdout}");
        assert!(took < Duration::from_secs(5), "took {took:?} to stop");
    }
}

/// A thread blocked in `recv` or `accept` is shown blocked on that call in `--trace` (and in
/// the statistics), not as running or as a sleep.
#[test]
fn threads_blocked_in_socket_calls_show_in_the_trace() {
    let source = "import socket, threading, time\n\
                  a, b = socket.socketpair()\n\
                  server = socket.create_server(('127.0.0.1', 0))\n\
                  port = server.getsockname()[1]\n\
                  def receive():\n    \
                      print('received', a.recv(10))\n\
                  def accept():\n    \
                      conn, _ = server.accept()\n    \
                      print('accepted')\n    \
                      conn.close()\n\
                  threads = [threading.Thread(target=receive, name='receiver'),\n           \
                             threading.Thread(target=accept, name='acceptor')]\n\
                  for t in threads:\n    \
                      t.start()\n\
                  time.sleep(0.3)\n\
                  b.send(b'hi')\n\
                  socket.create_connection(('127.0.0.1', port)).close()\n\
                  for t in threads:\n    \
                      t.join()\n";
    let dir = common::scratch("asyncio-io", "blocked-in-socket");
    let trace = dir.join("trace.json");
    let r = run(
        "blocked",
        source,
        &["--trace", trace.to_str().unwrap(), "--gil-stats"],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let mut lines: Vec<&str> = r.stdout.lines().collect();
    lines.sort();
    assert_eq!(lines, ["accepted", "received b'hi'"]);
    let json = std::fs::read_to_string(&trace).expect("trace written");
    for name in ["receiver", "acceptor"] {
        assert!(json.contains(&format!("\"name\":\"{name}\"")), "{json}");
    }
    for slice in ["blocked on socket recv", "blocked on socket accept"] {
        assert!(
            json.contains(slice),
            "no {slice:?} slice in the trace:\n{json}"
        );
    }
    assert!(r.stderr.contains("socket recv"), "{}", r.stderr);
}

const TWO_TASKS: &str = "\
import asyncio

async def sleeper():
    await asyncio.sleep(0.05)

async def waiter(other):
    await other

async def main():
    first = asyncio.create_task(sleeper(), name='sleeper')
    second = asyncio.create_task(waiter(first), name='waiter')
    await asyncio.gather(first, second)
    print('done')

asyncio.run(main())
";

/// `--trace` has a track per task, named by get_name(), with what it waited for; the
/// statistics table (`--gil-stats`) still lists only threads.
#[test]
fn trace_has_a_track_per_task() {
    let dir = common::scratch("asyncio-io", "task-tracks");
    let trace = dir.join("trace.json");
    let r = run(
        "tracks",
        TWO_TASKS,
        &["--trace", trace.to_str().unwrap(), "--gil-stats"],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, "done\n");
    let json = std::fs::read_to_string(&trace).expect("trace written");
    for name in ["Task-1", "sleeper", "waiter"] {
        assert!(
            json.contains(&format!(
                "\"name\":\"thread_name\",\"pid\":1,\"tid\":{},\"args\":{{\"name\":\"{name}\"}}",
                (1u64 << 48)
                    + match name {
                        "Task-1" => 1,
                        "sleeper" => 2,
                        _ => 3,
                    }
            )),
            "no track for {name}:\n{json}"
        );
    }
    for slice in [
        "blocked on a sleep to end",
        "blocked on task \\\"sleeper\\\"",
        "blocked on its turn in the event loop",
    ] {
        assert!(json.contains(slice), "no {slice:?} slice:\n{json}");
    }
    assert!(!r.stderr.contains("sleeper"), "{}", r.stderr);
    assert!(r.stderr.contains("MainThread"), "{}", r.stderr);
}

/// `--timeline` draws the task tracks too.
#[test]
fn timeline_has_a_row_per_task() {
    let dir = common::scratch("asyncio-io", "task-timeline");
    let svg = dir.join("timeline.svg");
    let r = run(
        "timeline",
        TWO_TASKS,
        &["--timeline", svg.to_str().unwrap()],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let text = std::fs::read_to_string(&svg).expect("timeline written");
    for name in ["MainThread", "sleeper", "waiter"] {
        assert!(text.contains(name), "no row for {name}");
    }
}

/// The echo server and clients of the streams conformance program print the same under
/// `--virtual-time` (a socket wait is a real wait; timers use the virtual clock) and with
/// `--trace` on.
#[test]
fn streams_under_virtual_time_and_trace() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let source = std::fs::read_to_string(root.join("562_asyncio_streams.mp")).expect("program");
    let expected = std::fs::read_to_string(root.join("562_asyncio_streams.out")).expect("out");
    let dir = common::scratch("asyncio-io", "streams-flags");
    let trace = dir.join("trace.json");
    for flags in [
        vec!["--virtual-time"],
        vec!["--virtual-time", "--seed", "7"],
        vec!["--trace", trace.to_str().unwrap()],
    ] {
        let r = run("streams", &source, &flags);
        assert_eq!(r.code, Some(0), "{flags:?}: {}", r.stderr);
        assert_eq!(r.stdout, expected, "{flags:?}");
    }
    let json = std::fs::read_to_string(&trace).expect("trace written");
    assert!(
        json.contains("blocked on data from the connection"),
        "{json}"
    );
}

/// Under `--virtual-time` an hour-long sleep beside a server waiting for connections ends at
/// once: the loop polls the sockets, then moves the virtual clock to the timer.
#[test]
fn virtual_time_sleeps_beside_a_listening_server() {
    let source = "import asyncio, time\n\
                  async def handle(reader, writer):\n    \
                      writer.write(await reader.readline())\n    \
                      writer.close()\n\
                  async def main():\n    \
                      server = await asyncio.start_server(handle, '127.0.0.1', 0)\n    \
                      port = server.sockets[0].getsockname()[1]\n    \
                      start = time.monotonic()\n    \
                      await asyncio.sleep(3600)\n    \
                      print('slept', round(time.monotonic() - start))\n    \
                      reader, writer = await asyncio.open_connection('127.0.0.1', port)\n    \
                      writer.write(b'echo\\n')\n    \
                      print(await reader.readline())\n    \
                      writer.close()\n    \
                      server.close()\n\
                  asyncio.run(main())\n";
    let r = run("vt_server", source, &["--virtual-time"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, "slept 3600\nb'echo\\n'\n");
    assert!(r.elapsed < Duration::from_secs(20), "took {:?}", r.elapsed);
}

/// A task still pending when its loop closes is reported with CPython's words, through the
/// loop's exception handler, showing where its coroutine stands.
#[test]
fn pending_task_reported_when_its_loop_closes() {
    let source = "import asyncio\n\
                  async def forever():\n    \
                      await asyncio.Event().wait()\n\
                  loop = asyncio.new_event_loop()\n\
                  task = loop.create_task(forever(), name='stuck')\n\
                  loop.run_until_complete(asyncio.sleep(0.01))\n\
                  loop.close()\n\
                  print('closed')\n";
    let r = run("pending", source, &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, "closed\n");
    assert_eq!(
        r.stderr,
        "Task was destroyed but it is pending!\n\
         task: <Task pending name='stuck' coro=<forever() running at pending.mp:3> \
         wait_for=<Future pending cb=[Task.task_wakeup()]>>\n"
    );
}

/// A pending task that nothing refers to any more (it waits on an Event only its own
/// coroutine holds) is reported when the collector frees it, not only when its loop closes,
/// and only once; a task the program still holds is not.
#[test]
fn pending_task_reported_when_freed() {
    let source = "import asyncio, gc\n\
                  async def forever():\n    \
                      await asyncio.Event().wait()\n\
                  async def main():\n    \
                      asyncio.ensure_future(forever()).set_name('lost')\n    \
                      kept = asyncio.ensure_future(forever())\n    \
                      await asyncio.sleep(0)\n    \
                      print('freed', gc.collect() > 0)\n    \
                      print('kept', kept.done())\n\
                  asyncio.run(main())\n\
                  print('end')\n";
    for flags in [&[][..], &["--no-gil"][..]] {
        let r = run("freed_pending", source, flags);
        assert_eq!(r.code, Some(0), "{flags:?}: {}", r.stderr);
        assert_eq!(r.stdout, "freed True\nkept False\nend\n", "{flags:?}");
        assert_eq!(
            r.stderr,
            "Task was destroyed but it is pending!\n\
             task: <Task pending name='lost' coro=<forever() running at freed_pending.mp:3> \
             wait_for=<Future pending cb=[Task.task_wakeup()]>>\n",
            "{flags:?}"
        );
    }
}

/// A coroutine object freed without ever being awaited gets CPython's RuntimeWarning, with
/// the line that made it.
#[test]
fn never_awaited_coroutine_warns() {
    let source = "async def work():\n    \
                      return 1\n\
                  work()\n\
                  print('done')\n";
    let r = run("unawaited", source, &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, "done\n");
    assert_eq!(
        r.stderr,
        "unawaited.mp:3: RuntimeWarning: coroutine 'work' was never awaited\n  \
         work()\n\
         RuntimeWarning: Enable tracemalloc to get the object allocation traceback\n"
    );
}
