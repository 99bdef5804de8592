//! asyncio's deadlock report: when the event loop has nothing ready, no timer pending and no
//! thread that could call back, the tasks left wait for each other forever. minipy prints who
//! waits for what and where (in the thread detector's style) and exits with status 3; CPython
//! would hang. `--no-deadlock-detection` lets it hang. Both runtimes.

mod common;

use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(30);
const RUNTIMES: [&[&str]; 2] = [&[], &["--no-gil"]];

/// Runs `source` as `NAME.mp` in a fresh directory with `minipy ARGS... NAME.mp`.
fn run(name: &str, source: &str, args: &[&str], timeout: Duration) -> common::Run {
    common::run_source_file("asyncio-deadlock", name, source, args, timeout)
}

const LOCK_CYCLE: &str = "\
import asyncio

lock_a = asyncio.Lock()
lock_b = asyncio.Lock()


async def first():
    async with lock_a:
        await asyncio.sleep(0.01)
        async with lock_b:
            print('first got both')


async def second():
    async with lock_b:
        await asyncio.sleep(0.01)
        async with lock_a:
            print('second got both')


async def main():
    print('starting')
    await asyncio.gather(first(), second())

asyncio.run(main())
";

#[test]
fn two_tasks_taking_two_locks_in_opposite_orders() {
    for runtime in RUNTIMES {
        let r = run("lock_cycle", LOCK_CYCLE, runtime, TIMEOUT);
        assert_eq!(r.code, Some(3), "{runtime:?}: {}", r.stderr);
        assert_eq!(r.stdout, "starting\n");
        let expected = "\
Deadlock: these tasks wait for each other in a cycle, so none can go on.

  Task \"Task-2\" (first) waits for Lock 'lock_b', which is held by task \"Task-3\"
    at lock_cycle.mp:10
        async with lock_b:

  Task \"Task-3\" (second) waits for Lock 'lock_a', which is held by task \"Task-2\"
    at lock_cycle.mp:17
        async with lock_a:

minipy stopped the program (exit status 3). Run with --no-deadlock-detection to let it hang, as CPython would.
";
        assert_eq!(r.stderr, expected, "{runtime:?}");
    }
}

const NOBODY_SETS: &str = "\
import asyncio

ready = asyncio.Event()
jobs = asyncio.Queue()


async def waiter():
    await ready.wait()


async def consumer():
    item = await jobs.get()


async def main():
    t1 = asyncio.create_task(waiter(), name='waiter')
    t2 = asyncio.create_task(consumer())
    await asyncio.sleep(0.01)
    await t1

asyncio.run(main())
";

#[test]
fn tasks_waiting_for_an_event_and_a_queue_nobody_fills() {
    for runtime in RUNTIMES {
        let r = run("nobody_sets", NOBODY_SETS, runtime, TIMEOUT);
        assert_eq!(r.code, Some(3), "{runtime:?}: {}", r.stderr);
        let expected = "\
Deadlock: every task is waiting, and nothing can wake any of them.

  Task \"Task-1\" (main) waits for task \"waiter\" to finish
    at nobody_sets.mp:19
        await t1

  Task \"Task-2\" (consumer) waits for an item in Queue 'jobs' (Queue.get)
    at nobody_sets.mp:12
        item = await jobs.get()

  Task \"waiter\" (waiter) waits for Event 'ready' to be set (Event.wait)
    at nobody_sets.mp:8
        await ready.wait()

minipy stopped the program (exit status 3). Run with --no-deadlock-detection to let it hang, as CPython would.
";
        assert_eq!(r.stderr, expected, "{runtime:?}");
    }
}

/// Waits that can still end are not deadlocks: a sleep, a timeout, a thread's result.
#[test]
fn waits_that_can_end_are_not_reported() {
    let src = "\
import asyncio
import time


async def main():
    never = asyncio.Event()
    try:
        await asyncio.wait_for(never.wait(), 0.05)
    except TimeoutError:
        print('timed out')
    print(await asyncio.to_thread(lambda: (time.sleep(0.05), 'from a thread')[1]))
    await asyncio.sleep(0.01)
    print('done')

asyncio.run(main())
";
    for runtime in RUNTIMES {
        let r = run("can_end", src, runtime, TIMEOUT);
        assert_eq!(r.code, Some(0), "{runtime:?}: {}", r.stderr);
        assert_eq!(r.stdout, "timed out\nfrom a thread\ndone\n");
    }
}

#[test]
fn no_deadlock_detection_lets_it_hang() {
    let r = run(
        "hangs",
        NOBODY_SETS,
        &["--no-deadlock-detection"],
        Duration::from_secs(2),
    );
    assert_eq!(
        r.code, None,
        "expected a hang, got {:?}: {}",
        r.code, r.stderr
    );
}

/// Under --virtual-time the sleeps cost nothing and the order is always the same.
#[test]
fn virtual_time_makes_sleeps_instant() {
    let src = "\
import asyncio


async def tick(name, period, n):
    loop = asyncio.get_running_loop()
    for i in range(n):
        await asyncio.sleep(period)
        print(f'{loop.time() - start:.2f} {name} {i}')


async def main():
    global start
    start = asyncio.get_running_loop().time()
    await asyncio.gather(tick('slow', 30, 2), tick('fast', 20, 3))
    try:
        await asyncio.wait_for(asyncio.sleep(3600), 60)
    except TimeoutError:
        print(f'{asyncio.get_running_loop().time() - start:.2f} timed out')

asyncio.run(main())
";
    let r = run("virtual", src, &["--virtual-time"], TIMEOUT);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "20.00 fast 0\n30.00 slow 0\n40.00 fast 1\n60.00 slow 1\n60.00 fast 2\n120.00 timed out\n"
    );
    assert!(r.elapsed < Duration::from_secs(10), "took {:?}", r.elapsed);
}

/// A loop that has run a thread keeps a queue for callbacks from threads and waits on it
/// with its next timer's timeout. Under --virtual-time that wait moves the virtual clock on
/// by the whole timeout: the real time spent before it begins (in a slow build, more than
/// the last fraction of a second a timer has left) takes nothing off it, so the timer is
/// reached exactly and the loop does not wait for ever on a remainder of nothing.
#[test]
fn virtual_time_timers_after_a_thread_are_reached_exactly() {
    let src = "\
import asyncio
import time


async def main():
    await asyncio.to_thread(print, 'in a thread')
    start = time.monotonic()
    await asyncio.gather(asyncio.sleep(1), asyncio.sleep(0.0005), asyncio.sleep(2.5))
    print(time.monotonic() - start)

asyncio.run(main())
";
    let r = run("virtual_after_thread", src, &["--virtual-time"], TIMEOUT);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, "in a thread\n2.5\n");
}
