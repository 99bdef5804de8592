//! `--race`: the happens-before data-race detector. Racy programs (the chapter's `race.mp`, an
//! unlocked counter, an attribute, a list item, a dict item, a closure variable, a class
//! attribute) are reported on stderr with the variable, both accesses, their threads and
//! stacks, each racing pair once, and exit with status 66; programs whose sharing is ordered
//! by start/join, locks, queues, Event, Condition, Semaphore, Barrier or concurrent.futures
//! get no report, in both runtimes and under many schedules. Without `--race` nothing is
//! reported.

mod common;

use common::{run_minipy, Run};
use std::path::Path;

/// The two runtimes: the default (GIL) and the free-threaded one.
const RUNTIMES: [&[&str]; 2] = [&[], &["--no-gil"]];

const RACE_STATUS: i32 = 66;

fn minipy(args: &[&str]) -> Run {
    run_minipy(Path::new(env!("CARGO_MANIFEST_DIR")), args, "")
}

fn reports(run: &Run) -> usize {
    run.stderr.matches("DATA RACE on ").count()
}

fn assert_no_race(run: &Run, what: &str) {
    assert_eq!(reports(run), 0, "{what}: false report:\n{}", run.stderr);
    assert_eq!(run.code, Some(0), "{what}: stderr:\n{}", run.stderr);
}

#[test]
fn the_chapters_race_is_reported_with_both_accesses() {
    let run = minipy(&[
        "--race",
        "--virtual-time",
        "--seed",
        "7",
        "programs/race.mp",
    ]);
    assert_eq!(run.code, Some(RACE_STATUS), "stderr:\n{}", run.stderr);
    assert!(
        run.stdout.contains("Finished."),
        "the program runs to its end"
    );
    let e = &run.stderr;
    assert!(e.contains("DATA RACE on global 'counter'"), "{e}");
    assert!(
        e.contains("current_counter = counter  # reading in shared resource"),
        "{e}"
    );
    assert!(
        e.contains("counter = current_counter + 1  # updating shared resource"),
        "{e}"
    );
    assert!(
        e.contains("File \"programs/race.mp\", line 20, in update"),
        "{e}"
    );
    assert!(e.contains("by thread 'Thread-"), "{e}");
    assert!(e.contains("Previous "), "{e}");
    assert!(
        e.contains("was started at:\n    File \"programs/race.mp\", line 30, in <module>\n      thread.start()\n"),
        "{e}"
    );
    // 20 threads, but two racing pairs: read/write and write/write, each reported once.
    assert_eq!(reports(&run), 2, "{e}");
    assert!(e.ends_with("minipy --race: found 2 data races\n"), "{e}");
}

#[test]
fn the_chapters_race_is_reported_without_the_gil() {
    let run = minipy(&["--no-gil", "--race", "programs/race.mp"]);
    assert_eq!(run.code, Some(RACE_STATUS), "stderr:\n{}", run.stderr);
    assert!(run.stderr.contains("DATA RACE on global 'counter'"));
}

#[test]
fn the_locked_version_gets_no_report() {
    let run = minipy(&[
        "--race",
        "--virtual-time",
        "--seed",
        "7",
        "programs/race_locked.mp",
    ]);
    assert_no_race(&run, "race_locked.mp");
    assert!(run.stdout.contains("Final counter: 20."));
}

#[test]
fn an_unlocked_counter_is_reported_once_per_pair() {
    for rt in RUNTIMES {
        let run = minipy(&[rt, &["--race", "tests/race/counter.mp"]].concat());
        assert_eq!(run.code, Some(RACE_STATUS), "{rt:?}: {}", run.stderr);
        assert_eq!(run.stdout, "done\n");
        assert!(run.stderr.contains("DATA RACE on global 'counter'"));
        assert!(run.stderr.contains(
            "    File \"tests/race/counter.mp\", line 10, in work\n      counter += 1\n"
        ));
        // 2000 increments: one read/write and one write/write pair.
        assert_eq!(reports(&run), 2, "{rt:?}: {}", run.stderr);
    }
}

#[test]
fn an_attribute_race_is_reported() {
    for rt in RUNTIMES {
        let run = minipy(&[rt, &["--race", "tests/race/attribute.mp"]].concat());
        assert_eq!(run.code, Some(RACE_STATUS), "{rt:?}: {}", run.stderr);
        let e = &run.stderr;
        assert!(
            e.contains("DATA RACE on attribute 'balance' of Account object"),
            "{e}"
        );
        assert!(e.contains("if self.balance >= amount:") || e.contains("self.balance -= amount"));
    }
}

#[test]
fn a_list_item_race_is_reported_with_the_callers_frames() {
    for rt in RUNTIMES {
        let run = minipy(&[rt, &["--race", "tests/race/list_item.mp"]].concat());
        assert_eq!(run.code, Some(RACE_STATUS), "{rt:?}: {}", run.stderr);
        let e = &run.stderr;
        assert!(e.contains("DATA RACE on item 0 of list"), "{e}");
        assert!(e.contains("by thread 'filler'"), "{e}");
        assert!(e.contains("by thread 'MainThread'"), "{e}");
        // The main thread's read: its whole stack, outermost first.
        assert!(
            e.contains("line 17, in <module>\n      seen = peek()\n    File \"tests/race/list_item.mp\", line 12, in peek\n      return slots[0]\n"),
            "{e}"
        );
    }
}

#[test]
fn dict_items_closure_cells_and_class_attributes_are_tracked() {
    for rt in RUNTIMES {
        let run = minipy(&[rt, &["--race", "tests/race/kinds.mp"]].concat());
        assert_eq!(run.code, Some(RACE_STATUS), "{rt:?}: {}", run.stderr);
        let e = &run.stderr;
        assert!(e.contains("DATA RACE on item 'mode' of dict"), "{e}");
        assert!(e.contains("DATA RACE on closure variable 'count'"), "{e}");
        assert!(
            e.contains("DATA RACE on attribute 'runs' of class Stats"),
            "{e}"
        );
        assert_eq!(reports(&run), 3, "{e}");
    }
}

#[test]
fn sharing_ordered_by_synchronization_is_not_reported() {
    let expected = "3 [0, 3] 300 3 [1, 11, 21, 31, 41] 42 7 100 [6, 6, 6] [0, 1, 4, 9] 2\n";
    for rt in RUNTIMES {
        let run = minipy(&[rt, &["--race", "tests/race/ordered.mp"]].concat());
        assert_no_race(&run, &format!("ordered.mp {rt:?}"));
        assert_eq!(run.stdout, expected);
    }
    // Under many interleavings, too.
    for seed in 1..=8 {
        let seed = seed.to_string();
        let args = ["--race", "--virtual-time", "--seed", &seed];
        let run = minipy(&[&args[..], &["tests/race/ordered.mp"]].concat());
        assert_no_race(&run, &format!("ordered.mp seed {seed}"));
        assert_eq!(run.stdout, expected);
    }
}

#[test]
fn reused_addresses_and_thread_locals_are_not_sharing() {
    for rt in RUNTIMES {
        let run = minipy(&[rt, &["--race", "tests/race/reuse.mp"]].concat());
        assert_no_race(&run, &format!("reuse.mp {rt:?}"));
        assert_eq!(run.stdout, "done [1]\n");
    }
}

#[test]
fn without_the_flag_nothing_is_reported() {
    let run = minipy(&["tests/race/counter.mp"]);
    assert_eq!(run.code, Some(0));
    assert_eq!(run.stderr, "");
}

#[test]
fn a_failing_program_keeps_its_exit_status() {
    let dir = std::env::temp_dir().join(format!("minipy-race-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let source = std::fs::read_to_string("tests/race/counter.mp").unwrap();
    std::fs::write(
        dir.join("fails.mp"),
        format!("{source}raise SystemExit(5)\n"),
    )
    .unwrap();
    let run = run_minipy(&dir, &["--race", "fails.mp"], "");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(run.code, Some(5), "{}", run.stderr);
    assert!(run.stderr.contains("DATA RACE on global 'counter'"));
    assert!(run.stderr.contains("minipy --race: found 2 data races"));
}

/// `--race` watches a runtime whose counts are exact; with `--racy-refcounts` it is refused
/// with a message naming both options, before anything runs.
#[test]
fn race_with_racy_refcounts_is_refused() {
    let run = minipy(&["--no-gil", "--race", "--racy-refcounts", "programs/race.mp"]);
    assert_eq!(run.code, Some(2), "stderr:\n{}", run.stderr);
    assert!(
        run.stderr
            .contains("the argument '--race' cannot be used with '--racy-refcounts'"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}
