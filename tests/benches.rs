//! Keeps the benchmark programs in `benches/` honest without timing anything: each classic
//! program runs at a tiny size (the arguments in `tests/benches/NAME.args`) and must print
//! exactly what CPython 3.11 printed at that size (`tests/benches/NAME.out`, recorded by
//! `bash tests/regen_benches.sh`).
//!
//! A program minipy cannot run yet has its test marked `#[ignore]` with the reason (the
//! module or feature it is missing); when that lands, removing the mark turns the check on.
//! `cargo test --test benches -- --ignored` shows where each of them stands.

mod common;

use common::run_minipy;
use std::fs;
use std::path::{Path, PathBuf};

/// Today's workloads in `benches/` that take no size argument and are not checked here
/// (they are timed by `benches/compare.sh` only).
const WORKLOADS: [&str; 9] = [
    "countdown",
    "countdown_pool",
    "executor_first_result",
    "executor_roundtrip",
    "fib",
    "list_strings",
    "objects",
    "process_pool_cpu",
    "threads_countdown",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `benches/NAME.mp` with its test arguments and compares stdout with CPython's.
fn check(name: &str) {
    check_with(name, &[], None);
}

/// Like [`check`], with `flags` before the program (`--no-gil`) and, if `first` is given, the
/// program's first argument replaced by it.
fn check_with(name: &str, flags: &[&str], first: Option<&str>) {
    let expected_dir = root().join("tests/benches");
    let args_text = fs::read_to_string(expected_dir.join(format!("{name}.args")))
        .unwrap_or_else(|e| panic!("tests/benches/{name}.args: {e}"));
    let expected = fs::read_to_string(expected_dir.join(format!("{name}.out")))
        .unwrap_or_else(|e| panic!("tests/benches/{name}.out: {e} (run tests/regen_benches.sh)"));
    let program = format!("{name}.mp");
    let mut args = flags.to_vec();
    args.push(program.as_str());
    args.extend(args_text.split_whitespace());
    if let Some(first) = first {
        args[flags.len() + 1] = first;
    }
    let run = run_minipy(&root().join("benches"), &args, "");
    assert_eq!(run.code, Some(0), "minipy {args:?} failed:\n{}", run.stderr);
    assert_eq!(
        run.stdout, expected,
        "minipy {args:?}: stdout differs from CPython's (recorded with {name}.mp {args_text})"
    );
}

/// Every program in `benches/` is either one of today's workloads or has a test here (its
/// `.args` and `.out` files), so a new program cannot go unchecked.
#[test]
fn every_program_is_checked() {
    let mut unchecked = Vec::new();
    for entry in fs::read_dir(root().join("benches")).expect("read benches/") {
        let path = entry.expect("directory entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("mp") {
            continue;
        }
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let expected = Path::new("tests/benches").join(format!("{name}.out"));
        if !WORKLOADS.contains(&name.as_str()) && !root().join(&expected).exists() {
            unchecked.push(name);
        }
    }
    assert!(
        unchecked.is_empty(),
        "benches/ programs without tests/benches/NAME.args and .out: {unchecked:?}"
    );
}

#[test]
fn richards() {
    check("richards");
}

#[test]
fn nbody() {
    check("nbody");
}

#[test]
fn spectral_norm() {
    check("spectral_norm");
}

#[test]
fn fannkuch() {
    check("fannkuch");
}

#[test]
fn nqueens() {
    check("nqueens");
}

#[test]
fn deltablue() {
    check("deltablue");
}

#[test]
fn raytrace() {
    check("raytrace");
}

#[test]
fn float() {
    check("float");
}

#[test]
fn chaos() {
    check("chaos");
}

#[test]
fn go() {
    check("go");
}

#[test]
fn hexiom() {
    check("hexiom");
}

#[test]
fn generators() {
    check("generators");
}

#[test]
fn unpack_sequence() {
    check("unpack_sequence");
}

#[test]
fn dict_delete() {
    check("dict_delete");
}

#[test]
fn array_ops() {
    check("array_ops");
}

#[test]
fn collections_counting() {
    check("collections_counting");
}

/// The shared-objects workload prints the same sum however many threads share the work, in
/// both runtimes (CPython's output was recorded with 2 threads).
#[test]
fn shared_objects() {
    for flags in [&[][..], &["--no-gil"][..]] {
        for threads in ["1", "2", "3"] {
            check_with("shared_objects", flags, Some(threads));
        }
    }
}

/// A thread count below one is refused with a message, not a hang or a wrong sum.
#[test]
fn shared_objects_needs_a_thread() {
    let run = run_minipy(
        &root().join("benches"),
        &["shared_objects.mp", "0", "10"],
        "",
    );
    assert_eq!(run.code, Some(1));
    assert!(run.stdout.is_empty(), "printed {:?}", run.stdout);
    assert!(run.stderr.contains("at least 1"), "stderr: {}", run.stderr);
}

#[test]
fn asyncio_tasks() {
    check("asyncio_tasks");
}

#[test]
fn asyncio_awaits() {
    check("asyncio_awaits");
}
