//! The REPL with piped standard input, which behaves like `python3 -i`: the `>>> ` and
//! `... ` prompts go to stderr, echoed values (their repr) and the program's output to stdout,
//! an error prints its traceback and the session goes on, end of input exits with status 0.

mod common;

use common::{run_minipy, Run as Session};
use std::path::PathBuf;

/// Runs `minipy ARGS` in `dir` with `input` as its whole standard input.
fn session_in(dir: &std::path::Path, args: &[&str], input: &str) -> Session {
    run_minipy(dir, args, input)
}

/// A fresh directory for one test (also used as `HOME`, so history files stay in it).
fn scratch(test: &str) -> PathBuf {
    common::scratch("repl", test)
}

/// Runs the bare REPL (`minipy`) on `input`.
fn repl(test: &str, input: &str) -> Session {
    session_in(&scratch(test), &[], input)
}

#[test]
fn expression_values_are_echoed() {
    let s = repl("echo", "1+1\n'a' * 3\n[1, (2, 'x')]\n");
    assert_eq!(s.stdout, "2\n'aaa'\n[1, (2, 'x')]\n");
    assert_eq!(s.code, Some(0));
}

#[test]
fn none_and_statements_are_not_echoed() {
    let s = repl("none", "None\nx = 5\nprint('shown')\nx\n");
    assert_eq!(s.stdout, "shown\n5\n");
    assert_eq!(s.code, Some(0));
}

#[test]
fn prompts_go_to_stderr() {
    let s = repl("prompts", "if True:\n    y = 1\n\ny\n");
    assert_eq!(s.stdout, "1\n");
    assert_eq!(s.stderr, ">>> ... ... >>> >>> \n");
}

#[test]
fn multi_line_block_then_call() {
    let s = repl(
        "block",
        "def double(n):\n    total = n\n    return total * 2\n\ndouble(21)\nfor i in range(3):\n    print(i)\n\n",
    );
    assert_eq!(s.stdout, "42\n0\n1\n2\n");
    assert_eq!(s.code, Some(0));
}

#[test]
fn open_bracket_continues_the_entry() {
    let s = repl("bracket", "xs = [1,\n2,\n3]\nsum(xs)\n");
    assert_eq!(s.stdout, "6\n");
}

#[test]
fn error_prints_a_traceback_and_the_session_goes_on() {
    let s = repl("error", "1/0\nundefined_name\nprint('still running')\n7\n");
    assert_eq!(s.stdout, "still running\n7\n");
    assert!(
        s.stderr.contains(
            "Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\n"
        ),
        "{}",
        s.stderr
    );
    assert!(s.stderr.contains("ZeroDivisionError: division by zero\n"));
    assert!(s
        .stderr
        .contains("NameError: name 'undefined_name' is not defined\n"));
    assert_eq!(s.code, Some(0));
}

#[test]
fn syntax_error_does_not_end_the_session() {
    let s = repl("syntax", "x = = 2\n3 + 4\n");
    assert!(
        s.stderr.contains("SyntaxError: invalid syntax\n"),
        "{}",
        s.stderr
    );
    assert_eq!(s.stdout, "7\n");
    assert_eq!(s.code, Some(0));
}

#[test]
fn underscore_holds_the_last_echoed_value() {
    let s = repl("underscore", "10 * 4\n_ + 2\nNone\n_\nx = 99\n_\n");
    // Neither None nor an assignment changes `_`.
    assert_eq!(s.stdout, "40\n42\n42\n42\n");
}

#[test]
fn traceback_in_repl_matches_cpython() {
    let s = repl("traceback_text", "1/0\n");
    assert_eq!(
        s.stderr,
        ">>> Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\nZeroDivisionError: division by zero\n>>> \n"
    );
}

#[test]
fn end_of_input_exits_0() {
    let s = repl("eof", "");
    assert_eq!(s.stdout, "");
    assert_eq!(s.code, Some(0));

    // Also in the middle of a block: the unfinished entry is dropped or run, never hangs.
    let s = repl("eof_in_block", "def f():\n    return 1");
    assert_eq!(s.code, Some(0));
}

#[test]
fn sys_exit_ends_the_session_with_its_status() {
    let s = repl(
        "exit",
        "import sys\nprint('bye')\nsys.exit(4)\nprint('not reached')\n",
    );
    assert_eq!(s.stdout, "bye\n");
    assert_eq!(s.code, Some(4));
}

#[test]
fn dash_i_sees_the_programs_globals() {
    let dir = scratch("dash_i");
    std::fs::write(
        dir.join("setup.mp"),
        "greeting = 'hi'\ndef double(x):\n    return 2 * x\nprint('ran')\n",
    )
    .expect("write setup.mp");
    let s = session_in(&dir, &["-i", "setup.mp"], "greeting\ndouble(4)\n__name__\n");
    assert_eq!(s.stdout, "ran\n'hi'\n8\n'__main__'\n");
    assert_eq!(s.code, Some(0));
}

#[test]
fn dash_i_enters_the_repl_after_an_error() {
    let dir = scratch("dash_i_error");
    std::fs::write(dir.join("bad.mp"), "value = 5\n1/0\n").expect("write bad.mp");
    let s = session_in(&dir, &["-i", "bad.mp"], "value + 1\n");
    assert_eq!(s.stdout, "6\n");
    assert!(
        s.stderr.starts_with(
            "Traceback (most recent call last):\n  File \"bad.mp\", line 2, in <module>\n    1/0\nZeroDivisionError: division by zero\n"
        ),
        "{}",
        s.stderr
    );
    assert_eq!(s.code, Some(0));
}

#[test]
fn quit_and_exit_alone_print_their_hint() {
    let s = repl("quit_hint", "quit\nexit\n");
    assert_eq!(
        s.stdout,
        "Use quit() or Ctrl-D (i.e. EOF) to exit\nUse exit() or Ctrl-D (i.e. EOF) to exit\n"
    );
}

#[test]
fn quit_call_ends_the_session_with_its_status() {
    let s = repl("quit_call", "quit(3)\nprint('not reached')\n");
    assert_eq!(s.stdout, "");
    assert_eq!(s.code, Some(3));
    let s = repl("exit_call", "exit()\nprint('not reached')\n");
    assert_eq!(s.stdout, "");
    assert_eq!(s.code, Some(0));
}

#[test]
fn help_alone_and_copyright_show_their_text() {
    let s = repl("help_hint", "help\ncopyright\n");
    assert_eq!(
        s.stdout,
        "Type help() for interactive help, or help(object) for help about object.\n\
         Copyright (c) 2026 the minipy authors.\nAll Rights Reserved.\n"
    );
}

#[test]
fn site_names_exist_outside_the_repl_too() {
    let s = session_in(
        &scratch("site_script"),
        &[
            "-c",
            "print(repr(quit)); license(); print(type(help).__name__)",
        ],
        "",
    );
    assert!(s
        .stdout
        .starts_with("Use quit() or Ctrl-D (i.e. EOF) to exit\nMIT License\n"));
    assert!(s.stdout.ends_with("_Helper\n"), "{}", s.stdout);
}

#[test]
fn help_on_a_function_shows_its_signature() {
    let s = repl(
        "help_function",
        "def f(a, b=1, *rest, key, **kw):\n    \"\"\"Adds things.\"\"\"\n    return a\n\nhelp(f)\n",
    );
    // The compiler does not record docstrings yet, so only the header and signature show.
    assert!(
        s.stdout
            .starts_with("Help on function f in module __main__:\n\nf(a, b=1, *rest, key, **kw)\n"),
        "{}",
        s.stdout
    );
}

#[test]
fn help_on_a_class_lists_its_methods() {
    let s = repl(
        "help_class",
        "class Box:\n    def put(self, item, front=False):\n        pass\n\nhelp(Box)\nhelp(len)\n",
    );
    assert!(s.stdout.starts_with(
        "Help on class Box in module __main__:\n\nclass Box(builtins.object)\n |  Methods defined here:\n |  \n |  put(self, item, front=False)\n"
    ), "{}", s.stdout);
    assert!(s
        .stdout
        .contains("Help on built-in function len in module builtins:\n\nlen(obj, /)\n"));
}

#[test]
fn interactive_help_shows_names_until_quit() {
    let s = repl("help_prompt", "help()\nlen\nquit\n1 + 1\n");
    assert!(
        s.stdout.contains("help> Help on built-in function len"),
        "{}",
        s.stdout
    );
    assert!(s.stdout.contains("You are now leaving help"));
    assert!(s.stdout.ends_with("2\n"), "{}", s.stdout);
}

#[test]
fn prompts_are_sys_ps1_and_ps2_and_can_be_changed() {
    let s = repl(
        "ps1",
        "import sys\nsys.ps1, sys.ps2\nsys.ps1 = 'py> '\nsys.ps2 = 5\nif True:\n    1\n\n",
    );
    assert_eq!(s.stdout, "('>>> ', '... ')\n1\n");
    assert_eq!(s.stderr, ">>> >>> >>> py> py> 55py> \n");
    assert_eq!(s.code, Some(0));
}
