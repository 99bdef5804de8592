//! Spinning before parking (`vm::spin`) must change nothing a program can see: each program
//! here runs with spinning off (`MINIPY_SPIN=0`) and forced on (`MINIPY_SPIN=always`: every
//! wait spins its whole budget, whatever the CPUs and the record of past spins say), in both
//! runtimes, and must print the same (CPython's) output, report the same deadlock, and make
//! the same seeded schedule.

mod common;

use common::Run;
use std::time::Duration;

const RUNTIMES: [&[&str]; 2] = [&[], &["--no-gil"]];
/// Off, forced, and the default heuristics without the machine-load check (so that the
/// spinners' places and the adaptive budget are exercised on a loaded machine too).
const SPIN_MODES: [&str; 3] = ["0", "always", "noload"];
const TIMEOUT: Duration = Duration::from_secs(120);

/// Runs `minipy ARGS... NAME.mp` (the program `source`) with `MINIPY_SPIN=spin`, killing it
/// after [`TIMEOUT`] (scaled as `common` scales it).
fn run_spin(name: &str, source: &str, args: &[&str], spin: &str) -> Run {
    let dir = common::scratch("spin", &format!("{name}-{}-{spin}", args.join("")));
    let file = format!("{name}.mp");
    std::fs::write(dir.join(&file), source).expect("write program");
    let mut argv = args.to_vec();
    argv.push(&file);
    let run = common::run_minipy_env(&dir, &argv, "", TIMEOUT, &[("MINIPY_SPIN", spin)]);
    let _ = std::fs::remove_dir_all(&dir);
    run
}

/// Locks, conditions, queues, events, semaphores, barriers and an executor, each handing
/// control between threads thousands of times.
const HANDOFFS: &str = include_str!("spin/handoffs.mp");
/// What CPython 3.11 prints for it.
const HANDOFFS_OUT: &str = "lock 18000\ncondition 3000\nqueue 2664667000\nring 1200\n\
barrier 200 199\nexecutor 332833500 250000\n";

#[test]
fn hand_offs_come_out_the_same_spinning_or_not() {
    for args in RUNTIMES {
        for spin in SPIN_MODES {
            let run = run_spin("handoffs", HANDOFFS, args, spin);
            assert_eq!(
                (run.code, run.stdout.as_str()),
                (Some(0), HANDOFFS_OUT),
                "{args:?} MINIPY_SPIN={spin} ({:?}): {}",
                run.elapsed,
                run.stderr
            );
        }
    }
}

/// More threads than CPUs queue for one lock and one Condition, with a collection running
/// now and then (freed cycles with `__del__` taking the lock): spinners must not keep the
/// thread that would end their wait from running.
const CROWD: &str = r#"
import gc, threading

lock = threading.Lock()
cond = threading.Condition(lock)
done = [0]
freed = [0]

class Cycle:
    def __init__(self):
        self.me = self
    def __del__(self):
        with lock:
            freed[0] += 1

def crowd(k):
    for i in range(400):
        with lock:
            done[0] += 1
            cond.notify_all()
        if i % 50 == 0:
            Cycle()
    with cond:
        while done[0] < 400 * 8:
            cond.wait()

ts = [threading.Thread(target=crowd, args=(k,)) for k in range(8)]
for t in ts:
    t.start()
for t in ts:
    t.join()
gc.collect()
print(done[0], freed[0])
"#;

#[test]
fn a_crowd_of_waiters_finishes() {
    for args in RUNTIMES {
        for spin in SPIN_MODES {
            let run = run_spin("crowd", CROWD, args, spin);
            assert_eq!(
                (run.code, run.stdout.as_str()),
                (Some(0), "3200 64\n"),
                "{args:?} MINIPY_SPIN={spin} ({:?}): {}",
                run.elapsed,
                run.stderr
            );
        }
    }
}

/// Two threads that each hold the lock the other wants: reported, spinning or not.
const CROSSED: &str = r#"
import threading
a = threading.Lock()
b = threading.Lock()
both = threading.Barrier(2)

def left():
    with a:
        both.wait()
        with b:
            pass

def right():
    with b:
        both.wait()
        with a:
            pass

ts = [threading.Thread(target=left, name="left"), threading.Thread(target=right, name="right")]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("not reached")
"#;

#[test]
fn deadlocks_are_reported_while_waiters_spin() {
    for args in RUNTIMES {
        for spin in SPIN_MODES {
            let run = run_spin("crossed", CROSSED, args, spin);
            let what = format!("{args:?} MINIPY_SPIN={spin} ({:?})", run.elapsed);
            assert_eq!(run.code, Some(3), "{what}: {}", run.stderr);
            assert!(run.stderr.starts_with("Deadlock"), "{what}: {}", run.stderr);
            for name in ["left", "right"] {
                assert!(
                    run.stderr.contains(&format!("Thread \"{name}\" waits")),
                    "{what}: {}",
                    run.stderr
                );
            }
            assert_eq!(run.stdout, "", "{what}");
        }
    }
}

/// Threads whose interleaving shows in the output: a seeded run (`--seed`, with and without
/// `--virtual-time`, and with a short switch interval) makes the same schedule whether or not
/// waits spin.
const INTERLEAVED: &str = r#"
import threading, time
order = []
lock = threading.Lock()
ev = threading.Event()

def step(name):
    for i in range(30):
        with lock:
            order.append(name)
        if i % 7 == 0:
            time.sleep(0.001)
        if i == 15 and name == "a":
            ev.set()
    ev.wait()

ts = [threading.Thread(target=step, args=(n,)) for n in "abc"]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("".join(order))
"#;

#[test]
fn seeded_schedules_do_not_depend_on_spinning() {
    let flag_sets: [&[&str]; 3] = [
        &["--virtual-time", "--seed", "11"],
        &["--seed", "5", "--virtual-time", "--switch-interval", "3"],
        &["--virtual-time", "--seed", "2", "--gil-stats"],
    ];
    for flags in flag_sets {
        let runs: Vec<Run> = SPIN_MODES
            .iter()
            .map(|spin| run_spin("interleaved", INTERLEAVED, flags, spin))
            .collect();
        for (run, spin) in runs.iter().zip(SPIN_MODES) {
            assert_eq!(
                run.code,
                Some(0),
                "{flags:?} MINIPY_SPIN={spin}: {}",
                run.stderr
            );
            assert_eq!(run.stdout.trim().len(), 90, "{flags:?} MINIPY_SPIN={spin}");
        }
        for run in &runs[1..] {
            assert_eq!(
                runs[0].stdout, run.stdout,
                "{flags:?}: the schedule changed"
            );
        }
        if flags.contains(&"--gil-stats") {
            // The counts (switch points, hand-overs, blocking waits), not the times.
            let counts = |run: &Run| -> Vec<Vec<u64>> {
                run.stderr
                    .lines()
                    .map(|l| {
                        l.split_whitespace()
                            .filter_map(|w| w.parse().ok())
                            .collect()
                    })
                    .collect()
            };
            assert!(
                runs[0].stderr.contains("GIL changed hands"),
                "{}",
                runs[0].stderr
            );
            for run in &runs[1..] {
                assert_eq!(
                    counts(&runs[0]),
                    counts(run),
                    "{flags:?}: the statistics changed:\n{}\n{}",
                    runs[0].stderr,
                    run.stderr
                );
            }
        }
    }
}
