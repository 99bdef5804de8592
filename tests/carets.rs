//! Traceback position markers (PEP 657): every program in `tests/carets/` fails, and its
//! stderr must be CPython 3.11's, `~~~^^^` lines included (`NAME.err`, recorded by
//! `tests/regen_carets.sh`), in both runtimes. `-X no_debug_ranges` and
//! `PYTHONNODEBUGRANGES` take the markers away.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn carets_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/carets")
}

fn programs() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(carets_dir())
        .expect("tests/carets")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".mp").map(str::to_string)
        })
        .collect();
    names.sort();
    assert!(
        names.len() >= 20,
        "the programs of tests/carets are missing"
    );
    names
}

fn run(name: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_minipy"))
        .args(args)
        .arg(format!("{name}.mp"))
        .current_dir(carets_dir())
        .env_remove("PYTHONNODEBUGRANGES")
        .env("HOME", std::env::temp_dir())
        .envs(env.iter().copied())
        .output()
        .expect("start minipy")
}

fn expected(name: &str) -> String {
    std::fs::read_to_string(carets_dir().join(format!("{name}.err"))).expect("NAME.err")
}

/// A marker line: only spaces, `~` and `^`, with at least one `^`.
fn is_marker_line(line: &str) -> bool {
    line.contains('^') && line.chars().all(|c| matches!(c, ' ' | '~' | '^'))
}

fn check_all(args: &[&str]) {
    let mut failures = Vec::new();
    for name in programs() {
        let out = run(&name, args, &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.code() != Some(1) || stderr != expected(&name) {
            failures.push(format!(
                "{name} {args:?} (exit {:?}):\n--- expected\n{}--- got\n{stderr}",
                out.status.code(),
                expected(&name)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn markers_match_cpython() {
    check_all(&[]);
}

#[test]
fn markers_match_cpython_without_the_gil() {
    check_all(&["--no-gil"]);
}

#[test]
fn the_recorded_programs_do_mark_something() {
    // The comparison above would pass vacuously if no program drew a marker.
    let marked = programs()
        .iter()
        .filter(|name| expected(name).lines().any(is_marker_line))
        .count();
    assert!(marked >= 15, "only {marked} programs have markers");
}

#[test]
fn no_debug_ranges_takes_the_markers_away() {
    for (args, env) in [
        (&["-X", "no_debug_ranges"][..], &[][..]),
        (&[][..], &[("PYTHONNODEBUGRANGES", "1")][..]),
    ] {
        for name in ["subscript", "binary_operation", "method_lookup"] {
            let out = run(name, args, env);
            let stderr = String::from_utf8_lossy(&out.stderr);
            let unmarked: String = expected(name)
                .split_inclusive('\n')
                .filter(|l| !is_marker_line(l.trim_end()))
                .collect();
            assert_eq!(stderr, unmarked, "{name} with {args:?} {env:?}");
        }
    }
}

#[test]
fn ignore_environment_keeps_the_markers() {
    let out = run("subscript", &["-E"], &[("PYTHONNODEBUGRANGES", "1")]);
    assert_eq!(String::from_utf8_lossy(&out.stderr), expected("subscript"));
}

#[test]
fn traceback_module_draws_the_same_markers() {
    let dir = tempdir();
    std::fs::write(
        dir.join("caught.mp"),
        "import traceback\n\ndef first(row):\n    return row[5] + 1\n\ntry:\n    first([1])\nexcept IndexError:\n    traceback.print_exc()\n    print(traceback.format_exc().count('~^^^'))\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_minipy"))
        .arg("caught.mp")
        .current_dir(&dir)
        .env_remove("PYTHONNODEBUGRANGES")
        .output()
        .expect("start minipy");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "1\n");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "Traceback (most recent call last):\n  File \"caught.mp\", line 7, in <module>\n    first([1])\n  File \"caught.mp\", line 4, in first\n    return row[5] + 1\n           ~~~^^^\nIndexError: list index out of range\n"
    );
    let _ = std::fs::remove_dir_all(dir);
}

fn tempdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("minipy-carets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
