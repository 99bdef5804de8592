//! The chapter programs in `programs/`, each run under `--virtual-time --seed 7`: sleeps cost
//! nothing and the threads interleave the same way on every run, so the whole chapter runs here
//! in seconds. Each program's exit status, stdout and stderr are an insta snapshot
//! (`snapshots/programs__NAME.snap`), and a second run must print exactly the same.
//!
//! After an intended change: `INSTA_UPDATE=always cargo test --test programs`, then read
//! `git diff tests/snapshots` against the chapters (e.g. lock_ordering took 14.00 seconds,
//! race_locked counted to 20, the readers-writers counts show who starved).

mod common;

use common::{run_minipy, Run};
use std::path::Path;

/// The flags every program runs under.
const FLAGS: [&str; 3] = ["--virtual-time", "--seed", "7"];

/// Programs that are not snapshot-tested, each with the reason; a test of its own below
/// checks the part of their output that does not change from run to run.
/// (`countdown_processes` was here, with "multiprocessing is not implemented yet", until
/// `multiprocessing.Pool` came.)
const SKIPPED: &[(&str, &str)] = &[
    (
        "shared_counter_mp",
        "how many unlocked increments are lost depends on how the OS interleaves real \
         processes, which no seed fixes",
    ),
    (
        "primes_pools",
        "it prints real timings (under --virtual-time the CPU-bound work would take no time)",
    ),
];

/// Runs `minipy programs/NAME.mp ARGS...` as a user would (real time, real processes).
fn run_plainly(name: &str, args: &[&str]) -> Run {
    let path = format!("programs/{name}.mp");
    let mut argv = vec![path.as_str()];
    argv.extend_from_slice(args);
    run_minipy(Path::new(env!("CARGO_MANIFEST_DIR")), &argv, "")
}

/// A line `LABEL N.NN s` (a time in seconds): its number.
fn seconds_on(line: &str, label: &str) -> f64 {
    line.strip_prefix(label)
        .and_then(|rest| rest.trim().strip_suffix(" s"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("expected `{label} N.NN s`, got {line:?}"))
}

#[test]
fn shared_counter_mp_loses_increments_only_without_the_lock() {
    let run = run_plainly("shared_counter_mp", &[]);
    assert_eq!(run.code, Some(0), "stderr: {}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "stdout: {}", run.stdout);
    // Without the lock: some count up to 30000, and if short, how many were lost.
    let rest = lines[0]
        .strip_prefix("without the lock: ")
        .unwrap_or_else(|| panic!("first line: {:?}", lines[0]));
    let (count, tail) = rest.split_once(" of 30000").expect("`N of 30000`");
    let count: u32 = count.parse().expect("a count");
    assert!(count <= 30000, "{count}");
    if count < 30000 {
        assert_eq!(tail, format!(" ({} increments lost)", 30000 - count));
    } else {
        assert_eq!(tail, "");
    }
    assert_eq!(lines[1], "with the lock:    30000 of 30000");
}

#[test]
fn primes_pools_counts_the_same_primes_with_threads_and_processes() {
    let run = run_plainly("primes_pools", &["20000"]);
    assert_eq!(run.code, Some(0), "stderr: {}", run.stderr);
    assert_eq!(run.stderr, "");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "stdout: {}", run.stdout);
    // 2262 primes below 20000 (CPython counts the same with this program).
    assert_eq!(
        lines[0],
        "primes below 20000: 2262 (threads), 2262 (processes)"
    );
    let threads = seconds_on(lines[1], "ThreadPoolExecutor(4):");
    let processes = seconds_on(lines[2], "ProcessPoolExecutor(4):");
    assert!(threads >= 0.0 && processes > 0.0, "{threads} {processes}");
    let ratio = lines[3]
        .strip_prefix("threads take ")
        .and_then(|r| r.strip_suffix("x as long as processes"))
        .and_then(|r| r.parse::<f64>().ok())
        .unwrap_or_else(|| panic!("ratio line: {:?}", lines[3]));
    assert!(ratio >= 0.0, "{ratio}");
}

/// Runs `minipy --virtual-time --seed 7 programs/NAME.mp ARGS...` from the repository root, so
/// that tracebacks and deadlock reports name the file as `programs/NAME.mp`.
fn run_program(name: &str, args: &[&str]) -> Run {
    let path = format!("programs/{name}.mp");
    let mut argv: Vec<&str> = FLAGS.to_vec();
    argv.push(&path);
    argv.extend_from_slice(args);
    run_minipy(Path::new(env!("CARGO_MANIFEST_DIR")), &argv, "")
}

/// The snapshot text of one run: the command, the exit status, stdout and stderr.
fn transcript(name: &str, args: &[&str], run: &Run) -> String {
    let mut command = format!("minipy {} programs/{name}.mp", FLAGS.join(" "));
    for arg in args {
        command.push(' ');
        command.push_str(arg);
    }
    let status = match run.code {
        Some(code) => code.to_string(),
        None => "killed by a signal".to_string(),
    };
    format!(
        "$ {command}\nexit status: {status}\n--- stdout ---\n{}--- stderr ---\n{}",
        run.stdout, run.stderr
    )
}

/// Runs a program twice: both runs must print the same, and that is its snapshot.
fn check(name: &str, args: &[&str]) {
    let first = transcript(name, args, &run_program(name, args));
    let second = transcript(name, args, &run_program(name, args));
    assert_eq!(
        first, second,
        "programs/{name}.mp printed something else on a second run with the same seed"
    );
    insta::assert_snapshot!(name, first);
}

/// One test per program. `NAME => [ARGS]` passes arguments to the program.
macro_rules! programs {
    ($($(#[$attr:meta])* $name:ident $(=> [$($arg:expr),*])?;)*) => {
        $(
            #[test]
            $(#[$attr])*
            fn $name() {
                check(stringify!($name), &[$($($arg),*)?]);
            }
        )*

        /// Every `programs/*.mp` is either tested above or skipped with a reason.
        #[test]
        fn every_program_is_tested() {
            let tested = [$(stringify!($name)),*];
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("programs");
            let mut missing = Vec::new();
            for entry in std::fs::read_dir(&dir).expect("read programs/") {
                let path = entry.expect("programs/ entry").path();
                if path.extension().and_then(|e| e.to_str()) != Some("mp") {
                    continue;
                }
                let stem = path.file_stem().and_then(|s| s.to_str()).expect("file name");
                let skipped = SKIPPED.iter().any(|(name, _)| *name == stem);
                if !tested.contains(&stem) && !skipped {
                    missing.push(stem.to_string());
                }
            }
            assert!(missing.is_empty(), "programs with no snapshot test: {missing:?}");
        }
    };
}

programs! {
    deadlock;
    lock_ordering;
    no_locks;
    livelock;
    readers_writers_1;
    // A reader unlocks `resource` that another reader locked, which a plain Lock allows: the
    // deadlock detector must not take that for a cycle.
    readers_writers_2;
    readers_writers_3;
    race;
    race_locked;
    locks_sequential;
    refcount;
    refcount_race;
    // The book's 50,000,000 iterations would take minutes in the debug build; under virtual
    // time the timings print 0.00 anyway.
    countdown => ["200000"];
    countdown_processes => ["200000"];
    // The rare bugs `--explore` finds (tests/explore.rs); a seeded run shows nothing wrong.
    withdraw_race;
    withdraw_locked;
    lock_order_rare;
    async_countdown => ["200000"];
}
