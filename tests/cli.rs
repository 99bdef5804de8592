//! The command line: how programs are given to minipy (`FILE`, `-c`, `-`), what reaches
//! `sys.argv`, the exit statuses (0 success, 1 error, 2 usage or unreadable file, `sys.exit`'s
//! value), and the exact texts of syntax errors and tracebacks, which are CPython 3.11's
//! (`python3 -X no_debug_ranges`) with the script's path as it was given.

mod common;

use common::{run_minipy as minipy_in, Run};
use std::path::{Path, PathBuf};

/// A fresh, empty directory for one test.
fn scratch(test: &str) -> PathBuf {
    common::scratch("cli", test)
}

/// Writes `source` to `dir/name`.
fn with_file(dir: &Path, name: &str, source: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), source).expect("write program");
}

/// Runs `minipy FILE` on `source` in a scratch directory, the file named `name`.
fn run_file(test: &str, name: &str, source: &str) -> Run {
    let dir = scratch(test);
    with_file(&dir, name, source);
    minipy_in(&dir, &[name], "")
}

/// Runs minipy with `args` in the test binary's temporary directory.
fn minipy(args: &[&str], stdin: impl AsRef<[u8]>) -> Run {
    minipy_in(Path::new(env!("CARGO_TARGET_TMPDIR")), args, stdin)
}

#[test]
fn file_run_sees_its_arguments_in_sys_argv() {
    let dir = scratch("file_argv");
    with_file(&dir, "args.mp", "import sys\nprint(sys.argv)\n");
    let run = minipy_in(&dir, &["args.mp", "one", "-x", "--two", "3"], "");
    assert_eq!(run.stdout, "['args.mp', 'one', '-x', '--two', '3']\n");
    assert_eq!(run.stderr, "");
    assert_eq!(run.code, Some(0));
}

#[test]
fn dash_c_runs_code_with_arguments() {
    let run = minipy(
        &["-c", "import sys\nprint(sys.argv)\nprint(6 * 7)", "a", "-b"],
        "",
    );
    assert_eq!(run.stdout, "['-c', 'a', '-b']\n42\n");
    assert_eq!(run.code, Some(0));
}

#[test]
fn dash_reads_the_program_from_stdin() {
    let run = minipy(
        &["-", "arg"],
        "import sys\nfor i in range(3):\n    print(i, end=' ')\nprint(sys.argv)\n",
    );
    assert_eq!(run.stdout, "0 1 2 ['-', 'arg']\n");
    assert_eq!(run.stderr, "");
    assert_eq!(run.code, Some(0));
}

#[test]
fn program_reads_its_stdin_with_input() {
    let run = run_file(
        "input",
        "greet.mp",
        "name = input('Name? ')\nprint('hello,', name)\n",
    );
    // No input at all: input() raises EOFError after writing its prompt.
    assert_eq!(run.stdout, "Name? ");
    assert!(run.stderr.ends_with("EOFError: EOF when reading a line\n"));
    assert_eq!(run.code, Some(1));

    let dir = scratch("input_given");
    with_file(
        &dir,
        "greet.mp",
        "name = input('Name? ')\nprint('hello,', name)\n",
    );
    let run = minipy_in(&dir, &["greet.mp"], "Ann\nignored\n");
    assert_eq!(run.stdout, "Name? hello, Ann\n");
    assert_eq!(run.code, Some(0));
}

#[test]
fn missing_file_is_exit_2_with_pythons_message() {
    let dir = scratch("missing");
    let run = minipy_in(&dir, &["nope.mp"], "");
    let absolute = dir.join("nope.mp");
    assert_eq!(
        run.stderr,
        format!(
            "minipy: can't open file '{}': [Errno 2] No such file or directory\n",
            absolute.display()
        )
    );
    assert_eq!(run.stdout, "");
    assert_eq!(run.code, Some(2));
}

#[test]
fn directory_given_as_program_is_exit_2() {
    let dir = scratch("directory");
    std::fs::create_dir_all(dir.join("pkg")).expect("create directory");
    let run = minipy_in(&dir, &["pkg"], "");
    assert_eq!(
        run.stderr,
        format!(
            "minipy: can't open file '{}': [Errno 21] Is a directory\n",
            dir.join("pkg").display()
        )
    );
    assert_eq!(run.code, Some(2));
}

#[test]
fn syntax_error_matches_cpython() {
    let run = run_file(
        "syntax_error",
        "broken.mp",
        "def area(w, h):\n    return w * h\n\nprint(area(2, 3)\nprint('done')\n",
    );
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "  File \"broken.mp\", line 4\n    print(area(2, 3)\n         ^\nSyntaxError: '(' was never closed\n"
    );
    assert_eq!(run.code, Some(1));
}

#[test]
fn syntax_error_stops_before_anything_runs() {
    let run = run_file(
        "syntax_error_late",
        "late.mp",
        "print('never printed')\nx = = 1\n",
    );
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "  File \"late.mp\", line 2\n    x = = 1\n        ^\nSyntaxError: invalid syntax\n"
    );
    assert_eq!(run.code, Some(1));
}

#[test]
fn syntax_error_in_dash_c_code() {
    let run = minipy(&["-c", "x = (1"], "");
    assert_eq!(
        run.stderr,
        "  File \"<string>\", line 1\n    x = (1\n        ^\nSyntaxError: '(' was never closed\n"
    );
    assert_eq!(run.code, Some(1));
}

#[test]
fn indentation_error_matches_cpython() {
    let run = run_file(
        "indentation_error",
        "indent.mp",
        "for i in range(3):\nprint(i)\n",
    );
    assert_eq!(
        run.stderr,
        "  File \"indent.mp\", line 2\n    print(i)\n    ^\nIndentationError: expected an indented block after 'for' statement on line 1\n"
    );
    assert_eq!(run.code, Some(1));
}

#[test]
fn uncaught_exception_prints_the_full_traceback() {
    let run = run_file(
        "traceback",
        "frames.mp",
        "def load(items):\n    return parse(items) + 1\n\ndef parse(items):\n    return pick(items) * 2\n\ndef pick(items):\n    return items[5]\n\nprint('before')\nload([1, 2])\nprint('after')\n",
    );
    assert_eq!(run.stdout, "before\n");
    assert_eq!(
        run.stderr,
        "Traceback (most recent call last):\n  File \"frames.mp\", line 11, in <module>\n    load([1, 2])\n  File \"frames.mp\", line 2, in load\n    return parse(items) + 1\n  File \"frames.mp\", line 5, in parse\n    return pick(items) * 2\n  File \"frames.mp\", line 8, in pick\n    return items[5]\nIndexError: list index out of range\n"
    );
    assert_eq!(run.code, Some(1));
}

#[test]
fn traceback_of_dash_c_code_has_no_source_lines() {
    let run = minipy(&["-c", "def f():\n    return 1/0\nf()"], "");
    assert_eq!(
        run.stderr,
        "Traceback (most recent call last):\n  File \"<string>\", line 3, in <module>\n  File \"<string>\", line 2, in f\nZeroDivisionError: division by zero\n"
    );
}

#[test]
fn sys_exit_sets_the_exit_status() {
    let cases: &[(&str, Option<i32>, &str)] = &[
        ("sys.exit(0)", Some(0), ""),
        ("sys.exit(3)", Some(3), ""),
        ("sys.exit()", Some(0), ""),
        ("sys.exit(None)", Some(0), ""),
        ("sys.exit('msg')", Some(1), "msg\n"),
        ("sys.exit([1, 2])", Some(1), "[1, 2]\n"),
        ("raise SystemExit(5)", Some(5), ""),
    ];
    for (statement, code, stderr) in cases {
        let run = minipy(
            &["-c", &format!("import sys\nprint('out')\n{statement}")],
            "",
        );
        assert_eq!(run.code, *code, "{statement}");
        assert_eq!(run.stderr, *stderr, "{statement}");
        assert_eq!(run.stdout, "out\n", "{statement}");
    }
}

#[test]
fn sys_exit_runs_finally_blocks() {
    let run = minipy(
        &[
            "-c",
            "import sys\ntry:\n    sys.exit(4)\nfinally:\n    print('cleanup')",
        ],
        "",
    );
    assert_eq!(run.stdout, "cleanup\n");
    assert_eq!(run.code, Some(4));
}

#[test]
fn version_prints_the_crate_version() {
    let run = minipy(&["--version"], "");
    assert_eq!(
        run.stdout,
        format!("minipy {}\n", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(run.code, Some(0));
}

#[test]
fn help_lists_the_options() {
    let run = minipy(&["--help"], "");
    assert_eq!(run.code, Some(0));
    for expected in [
        "Usage: minipy",
        "-c <CODE>",
        "-i",
        "--dis",
        "--version",
        "FILE",
    ] {
        assert!(
            run.stdout.contains(expected),
            "--help does not mention {expected}:\n{}",
            run.stdout
        );
    }
}

#[test]
fn unknown_option_is_exit_2() {
    let run = minipy(&["--no-such-option"], "");
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("--no-such-option"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

#[test]
fn unknown_option_is_reported_as_an_option() {
    let run = minipy(&["--no-such-option"], "");
    assert!(!run.stderr.contains("can't open file"), "{}", run.stderr);
}

#[test]
fn dash_c_without_code_is_exit_2() {
    let run = minipy(&["-c"], "");
    assert_eq!(run.code, Some(2));
    assert!(!run.stderr.is_empty());
}

#[test]
fn dis_prints_the_bytecode_without_running() {
    let dir = scratch("dis");
    with_file(
        &dir,
        "add.mp",
        "def add(a, b=2):\n    c = a + b\n    return c * 3\n\nprint(add(1))\n",
    );
    let run = minipy_in(&dir, &["--dis", "add.mp"], "");
    assert_eq!(run.code, Some(0));
    assert_eq!(run.stderr, "");
    assert!(
        !run.stdout.lines().any(|line| line == "9"),
        "--dis ran the program:\n{}",
        run.stdout
    );
    insta::assert_snapshot!("dis_function", run.stdout);
}

#[test]
fn non_utf8_source_is_a_syntax_error() {
    let dir = scratch("non_utf8");
    with_file(&dir, "latin1.mp", b"x = 1\ns = '\xff\xfe'\nprint(s)\n");
    let run = minipy_in(&dir, &["latin1.mp"], "");
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "SyntaxError: Non-UTF-8 code starting with '\\xff' in file latin1.mp on line 2, but no encoding declared; see https://peps.python.org/pep-0263/ for details\n"
    );
    assert_eq!(run.code, Some(1));
}

#[test]
fn empty_and_comment_only_files_succeed() {
    for (name, source) in [
        ("empty.mp", ""),
        ("blank.mp", "\n\n   \n"),
        ("comment.mp", "# nothing here\n"),
    ] {
        let run = run_file("empty", name, source);
        assert_eq!((run.stdout.as_str(), run.code), ("", Some(0)), "{name}");
        assert_eq!(run.stderr, "", "{name}");
    }
}

#[test]
fn stdout_is_complete_before_a_traceback() {
    // Enough output to fill any buffer, a line without a newline, then an uncaught error.
    let run = run_file(
        "flush",
        "flush.mp",
        "for i in range(5000):\n    print(i)\nprint('tail', end='')\nraise ValueError('late')\n",
    );
    let mut expected: String = (0..5000).map(|i| format!("{i}\n")).collect();
    expected.push_str("tail");
    assert_eq!(run.stdout, expected);
    assert!(run.stderr.ends_with("ValueError: late\n"), "{}", run.stderr);
    assert_eq!(run.code, Some(1));
}

#[test]
fn stdout_is_complete_after_sys_exit() {
    let run = minipy(
        &[
            "-c",
            "import sys\nprint('a' * 100000, end='')\nsys.stdout.write('b')\nsys.exit(7)",
        ],
        "",
    );
    assert_eq!(run.stdout.len(), 100001);
    assert!(run.stdout.ends_with("ab"));
    assert_eq!(run.code, Some(7));
}

#[test]
fn program_with_a_coding_declaration_is_decoded_by_it() {
    let dir = scratch("coding");
    with_file(
        &dir,
        "cp.mp",
        b"#!/usr/bin/env minipy\n# vim: set fileencoding=cp1252 :\nprint('\x80\xe9', len('\x80\xe9'))\n",
    );
    with_file(&dir, "klingon.mp", b"# coding: klingon\nprint('never')\n");
    let run = minipy_in(&dir, &["cp.mp"], "");
    assert_eq!(
        (run.stdout.as_str(), run.code),
        ("\u{20ac}\u{e9} 2\n", Some(0)),
        "{}",
        run.stderr
    );
    // As CPython: an encoding it does not know is an "encoding problem", before anything runs.
    let run = minipy_in(&dir, &["klingon.mp"], "");
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "SyntaxError: encoding problem: klingon\n");
    assert_eq!(run.code, Some(1));
}

#[test]
fn non_utf8_program_on_stdin_is_a_syntax_error() {
    let run = minipy(&["-"], b"x = 1\ny = '\xc5'\n");
    assert_eq!(
        run.stderr,
        "SyntaxError: Non-UTF-8 code starting with '\\xc5' in file <stdin> on line 2, but no encoding declared; see https://peps.python.org/pep-0263/ for details\n"
    );
    assert_eq!(run.code, Some(1));
}

/// The program runs on the process's first thread (on a stack mapped for it), not on a
/// second thread that the first one starts and waits for: until the program starts a thread,
/// the process has one. A thread it starts is a second.
#[cfg(target_os = "linux")]
#[test]
fn program_runs_on_the_process_first_thread() {
    let run = minipy(
        &[
            "-c",
            "import os, threading\n\
             print(len(os.listdir('/proc/self/task')))\n\
             seen = []\n\
             t = threading.Thread(target=lambda: seen.append(len(os.listdir('/proc/self/task'))))\n\
             t.start(); t.join()\n\
             print(seen[0])\n",
        ],
        "",
    );
    assert_eq!(
        (run.stdout.as_str(), run.code),
        ("1\n2\n", Some(0)),
        "{}",
        run.stderr
    );
}

/// The functions start-up runs are linked together at the front of the executable's code
/// (`build.rs`, `benches/startup_order.txt`): the interpreter's constructor lies in that
/// section, and a function start-up never runs (socket's `getaddrinfo`) lies outside it.
#[cfg(target_os = "linux")]
#[test]
fn startup_functions_are_linked_first() {
    let exe = env!("CARGO_BIN_EXE_minipy");
    let tool = |name: &str, args: &[&str]| -> String {
        let out = std::process::Command::new(name)
            .args(args)
            .arg(exe)
            .output()
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(out.status.success(), "{name} failed");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let sections = tool("readelf", &["-SW"]);
    let line = sections
        .lines()
        .find(|line| line.contains(" .text.startup_first "))
        .unwrap_or_else(|| panic!("no .text.startup_first section:\n{sections}"));
    let fields: Vec<&str> = line.split_whitespace().collect();
    let at = fields
        .iter()
        .position(|f| *f == ".text.startup_first")
        .unwrap();
    let hex = |s: &str| u64::from_str_radix(s, 16).expect("hex");
    let (start, size) = (hex(fields[at + 2]), hex(fields[at + 4]));
    assert!(size > 0, "{line}");
    let symbols = tool("nm", &["--defined-only"]);
    let address_of = |part: &str| -> Vec<u64> {
        symbols
            .lines()
            .filter(|l| l.contains(part))
            .map(|l| hex(l.split_whitespace().next().unwrap()))
            .collect()
    };
    let inside = |a: u64| (start..start + size).contains(&a);
    let constructors = address_of("6minipy2vm15Interp$LT$R$GT$3new17h");
    assert!(!constructors.is_empty() && constructors.iter().all(|&a| inside(a)));
    let lookups = address_of("6minipy6stdlib15socket_addrinfo11getaddrinfo17h");
    assert!(!lookups.is_empty() && lookups.iter().all(|&a| !inside(a)));
}
