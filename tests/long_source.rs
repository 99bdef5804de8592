//! Line numbers in long files: a program of about 40,000 lines of function definitions whose
//! error sits near its end must be reported on the right line, with the right source line,
//! for runtime tracebacks and for every kind of error the lexer and parser find (the lexer
//! counts lines as it goes; these cases check that the count stays exact). Every expected
//! text is what CPython 3.11 prints for the same file, without its `^^^` column markers in
//! tracebacks (which minipy does not print).

mod common;

/// `lines` lines of definitions (small functions with a nested block), then numbered
/// assignments to make up the exact count; each line ends with a newline.
fn filler(lines: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    let mut n = 0;
    while count + 6 <= lines {
        out.push_str(&format!(
            "def f_{n}(a, b=1):\n    if a:\n        return a + b * {n}\n    return [a, b]\n\n\n"
        ));
        count += 6;
        n += 1;
    }
    let mut i = 0;
    while count < lines {
        out.push_str(&format!("x_{i} = {i}\n"));
        count += 1;
        i += 1;
    }
    out
}

/// Runs `source` as `long.py` in a fresh directory; it must fail with status 1. Returns its
/// stderr.
fn failing_stderr(name: &str, source: &str) -> String {
    assert!(source.ends_with('\n'));
    let dir = common::scratch("long_source", name);
    std::fs::write(dir.join("long.py"), source).expect("write long.py");
    let run = common::run_minipy(&dir, &["long.py"], "");
    assert_eq!(
        run.code,
        Some(1),
        "{name}: exit status\nstderr:\n{}",
        run.stderr
    );
    run.stderr
}

#[test]
fn filler_has_the_asked_number_of_lines() {
    for lines in [0, 5, 6, 7, 39_998] {
        assert_eq!(filler(lines).lines().count(), lines);
    }
}

#[test]
fn a_traceback_names_line_40000_and_its_source() {
    let source = filler(39_998) + "def boom():\n    return undefined_name + 1\nboom()\n";
    let stderr = failing_stderr("traceback", &source);
    assert_eq!(
        stderr,
        "Traceback (most recent call last):\n  \
         File \"long.py\", line 40001, in <module>\n    boom()\n  \
         File \"long.py\", line 40000, in boom\n    return undefined_name + 1\n\
         NameError: name 'undefined_name' is not defined\n"
    );
}

#[test]
fn a_method_after_40000_lines_reports_its_own_line() {
    let source = filler(39_995)
        + "class Box:\n    def get(self):\n        return self.missing\n\nBox().get()\n";
    let stderr = failing_stderr("method", &source);
    assert_eq!(
        stderr,
        "Traceback (most recent call last):\n  \
         File \"long.py\", line 40000, in <module>\n    Box().get()\n  \
         File \"long.py\", line 39998, in get\n    return self.missing\n\
         AttributeError: 'Box' object has no attribute 'missing'\n"
    );
}

#[test]
fn a_syntax_error_on_line_40000() {
    let source = filler(39_999) + "value = 1 +\nprint('never')\n";
    let stderr = failing_stderr("syntax", &source);
    assert_eq!(
        stderr,
        "  File \"long.py\", line 40000\n    value = 1 +\n               ^\n\
         SyntaxError: invalid syntax\n"
    );
}

#[test]
fn a_missing_block_names_its_header_line() {
    let source = filler(39_998) + "def empty():\npass\n";
    let stderr = failing_stderr("indent", &source);
    assert_eq!(
        stderr,
        "  File \"long.py\", line 40000\n    pass\n    ^\n\
         IndentationError: expected an indented block after function definition on line 39999\n"
    );
}

#[test]
fn a_mismatched_bracket_names_the_opening_line() {
    let source = filler(39_997) + "items = (1,\n        2,\n        3]\n";
    let stderr = failing_stderr("bracket", &source);
    assert_eq!(
        stderr,
        "  File \"long.py\", line 40000\n    3]\n     ^\n\
         SyntaxError: closing parenthesis ']' does not match opening parenthesis '(' \
         on line 39998\n"
    );
}

#[test]
fn an_unclosed_bracket_is_reported_where_it_opens() {
    let source = filler(39_999) + "total = (1 +\n" + &filler(30);
    let stderr = failing_stderr("unclosed", &source);
    assert_eq!(
        stderr,
        "  File \"long.py\", line 40000\n    total = (1 +\n            ^\n\
         SyntaxError: '(' was never closed\n"
    );
}

#[test]
fn an_unterminated_string_counts_the_lines_to_the_end() {
    let source = filler(39_999) + "text = '''abc\n" + &filler(30);
    let stderr = failing_stderr("triple", &source);
    assert_eq!(
        stderr,
        "  File \"long.py\", line 40000\n    text = '''abc\n           ^\n\
         SyntaxError: unterminated triple-quoted string literal (detected at line 40030)\n"
    );
}

#[test]
fn a_function_with_40000_locals_keeps_its_slots_and_lines_apart() {
    let mut source = String::from("def big():\n    v_0 = 0\n");
    for i in 1..39_998 {
        source.push_str(&format!("    v_{i} = v_{} + 1\n", i - 1));
    }
    source.push_str("    print(v_39997, v_0 + v_39997)\n    return v_39997 // v_0\nbig()\n");
    assert_eq!(source.lines().count(), 40_002);
    let dir = common::scratch("long_source", "locals");
    std::fs::write(dir.join("long.py"), &source).expect("write long.py");
    let run = common::run_minipy(&dir, &["long.py"], "");
    assert_eq!(run.code, Some(1), "stderr:\n{}", run.stderr);
    assert_eq!(run.stdout, "39997 39997\n");
    assert_eq!(
        run.stderr,
        "Traceback (most recent call last):\n  \
         File \"long.py\", line 40002, in <module>\n    big()\n  \
         File \"long.py\", line 40001, in big\n    return v_39997 // v_0\n\
         ZeroDivisionError: integer division or modulo by zero\n"
    );
}
